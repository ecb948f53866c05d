"""Reading files: CSV encodings and separators, spreadsheets via calamine, hostile bytes."""

import unicodedata
from pathlib import Path

import openpyxl

from danvan_cli.reading.files import discover, read_file

HEADER = "ma_don_vi;ten_don_vi;xep_loai\n"
ROW = "14320;Phường Đông Thành;Hoàn thành tốt nhiệm vụ\n"


def test_utf8_bom_and_semicolons(tmp_path: Path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + ROW).encode("utf-8"))
    sheet = read_file(path, "a.csv").sheets[0]
    assert sheet.encoding == "utf-8-sig"
    assert sheet.rows[0] == ["ma_don_vi", "ten_don_vi", "xep_loai"]
    assert sheet.rows[1][1] == "Phường Đông Thành"


TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed ơ/ư/â…, tone marks as combining bytes."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def test_cp1258_decodes(tmp_path: Path):
    path = tmp_path / "b.csv"
    path.write_bytes(cp1258(HEADER + ROW))
    sheet = read_file(path, "b.csv").sheets[0]
    assert sheet.encoding == "cp1258"
    # cp1258 decodes to decomposed text; NFC comes later, in validation
    assert unicodedata.normalize("NFC", sheet.rows[1][2]) == "Hoàn thành tốt nhiệm vụ"


def test_xlsx_keeps_cell_types(tmp_path: Path):
    path = tmp_path / "c.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Biểu 03"
    ws.append(["Mã đơn vị", "Xếp loại"])
    ws.append([369, "HTTNV"])
    ws.append(["014", "HTNV"])
    wb.save(path)
    source = read_file(path, "c.xlsx")
    assert source.error is None and source.sheets[0].sheet == "Biểu 03"
    assert source.sheets[0].rows[1] == [369.0, "HTTNV"]
    assert source.sheets[0].rows[2][0] == "014"
    assert len(source.sha256) == 64


def test_hostile_files_are_unreadable_not_crashes(tmp_path: Path):
    (tmp_path / "empty.xlsx").write_bytes(b"")
    (tmp_path / "junk.xlsx").write_bytes(b"\x00\x01garbage" * 100)
    (tmp_path / "junk.csv").write_bytes(b"\x00\xff\xfe\x00" * 50)
    for name in ("empty.xlsx", "junk.xlsx", "junk.csv"):
        source = read_file(tmp_path / name, name)
        assert source.error, name


def test_discover_skips_registry_and_lock_files(tmp_path: Path):
    for name in ("units.csv", "~$a.xlsx", "a.csv", "notes.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [name for _, name in discover([tmp_path])] == ["a.csv"]
