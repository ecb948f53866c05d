"""Corpus cases 40-49: how files reach danvan (encodings, junk, passwords, XML flavours,
hidden sheets and rows, TCVN3 capitals, .xls files that are web pages).

Built by ``python tests/data/messy/make_corpus.py cases_reading`` through the generator
module (``mc``). Most files are written by LibreOffice or by openpyxl, as offices make them;
the ones no program here writes are built byte for byte the way their program does
(Excel's "Unicode Text" export, macOS's AppleDouble files, an OpenXML SDK writer's ``x:``
prefixes), and each builder says so.

Password-protected files: LibreOffice writes the encrypted .xls (RC4 CryptoAPI, as Excel
97-2003) and .ods (AES, ODF 1.2) itself, through a Basic macro run headless (the command
line ``--convert-to`` has no password option); LibreOffice 7.4 saves an .xlsx given a
password unencrypted, so the .xlsx made by LibreOffice is encrypted with
``msoffcrypto-tool`` (ECMA-376 agile encryption, what Excel does; needed only here, not
by danvan: ``pip install msoffcrypto-tool``). Encryption uses random salts, so these three
files change bytes (not content) at every regeneration.
"""

from __future__ import annotations

import csv
import io
import shutil
import struct
import subprocess
import tempfile
import unicodedata
import zipfile
import zlib
from pathlib import Path
from types import ModuleType
from typing import Any

PASSWORD = "DanVan@2023"
_PASSWORD_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub SaveWithPassword(src As String, dst As String, filter As String, pwd As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = "Hidden"
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), "_blank", 0, load())
  Dim args(1) As New com.sun.star.beans.PropertyValue
  args(0).Name = "FilterName"
  args(0).Value = filter
  args(1).Name = "Password"
  args(1).Value = pwd
  doc.storeToURL(ConvertToURL(dst), args())
  doc.close(True)
End Sub
</script:module>
"""
_FILTERS = {"xls": "MS Excel 97", "ods": "calc8"}


def _encrypted_by_libreoffice(mc: ModuleType, path: Path, sheets: list[Any]) -> None:
    """Write the sheets as .fods and let LibreOffice save them with a password (.xls/.ods)."""
    fmt = path.suffix.lstrip(".")
    with tempfile.TemporaryDirectory(prefix="danvan_lo_pw_") as tmp:
        profile = Path(tmp) / "profile"
        src = Path(tmp) / f"{path.stem}.fods"
        src.write_text(mc.fods(sheets), encoding="utf-8")
        run = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless"]
        # a first run creates the profile, whose Standard Basic library then receives the macro
        subprocess.run([*run, "--convert-to", "ods", "--outdir", tmp, str(src)], check=True, timeout=180,
                       capture_output=True)
        (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(_PASSWORD_MACRO, encoding="utf-8")
        out = Path(tmp) / f"out.{fmt}"
        subprocess.run([*run, f'macro:///Standard.Module1.SaveWithPassword("{src}","{out}","{_FILTERS[fmt]}",'
                              f'"{PASSWORD}")'], check=True, timeout=180, capture_output=True)
        data = out.read_bytes()
    path.write_bytes(data)


def _encrypted_xlsx(mc: ModuleType, path: Path, sheets: list[Any]) -> None:
    """An .xlsx made by LibreOffice, then encrypted as Excel does (msoffcrypto-tool)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    with tempfile.TemporaryDirectory(prefix="danvan_pw_") as tmp:
        plain = Path(tmp) / "plain.xlsx"
        mc.write_libreoffice(plain, sheets)
        with plain.open("rb") as src, path.open("wb") as dst:
            OOXMLFile(src).encrypt(PASSWORD, dst)


def _tab_text(rows: list[list[Any]], width: int) -> str:
    """Excel's "Unicode Text" layout: every row padded with tabs to the used range, fields
    with a tab, quote or line break quoted, CRLF line ends."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", lineterminator="\r\n")
    for row in rows:
        cells = ["" if v is None else v for v in row]
        writer.writerow(cells + [""] * (width - len(cells)))
    return buf.getvalue()


def case_utf16(mc: ModuleType) -> None:
    cap_uy = mc.label_grid("cap_uy", mc.CAP_UY_COLS, mc.clean("cap_uy"))
    qcdc = mc.label_grid("qcdc", ["ma_don_vi", "ten_don_vi", "xep_loai"], mc.clean("qcdc"))
    thon = mc.label_grid("thon", mc.THON_ALT_COLS, mc.clean("thon"), value=mc.thon_value)
    c = mc.case("40-utf16-unicode-text", "Excel's 'Unicode Text' export (UTF-16 LE with BOM, tab-separated, CRLF, "
                "every row padded with tabs): Biểu 01 saved as bieu01_cap_uy.txt (Excel's default name for that "
                "format) with a title line and an empty line above the header; Biểu 03 the same text renamed "
                "bieu03_qcdc.csv; Biểu 09 as UTF-16 LE written without a BOM by another program → read like any CSV, "
                "same scores as clean", 0, same_scores_as=mc.CLEAN_REF)
    width = len(cap_uy[0])
    text = _tab_text([["BIỂU MẪU SỐ 01: CẤP ỦY - NĂM 2023"], [], *cap_uy], width)
    (c.folder / "bieu01_cap_uy.txt").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    (c.folder / "bieu03_qcdc.csv").write_bytes(b"\xff\xfe" + _tab_text(qcdc, len(qcdc[0])).encode("utf-16-le"))
    (c.folder / "bieu09_thon.csv").write_bytes(_tab_text(thon, len(thon[0])).encode("utf-16-le"))
    mc.write_clean_csvs(c.folder, ("cap_uy", "qcdc", "thon"))


def case_sep_hint(mc: ModuleType) -> None:
    cols = ["ma_don_vi", "ten_don_vi", *mc.CDS_COLS[1:]]
    rows = mc.clean("chuyen_doi_so")
    value = lambda r, col: (mc.NAME[r["ma_don_vi"]] if col == "ten_don_vi" else r["ma_don_vi"]  # noqa: E731
                            if col == "ma_don_vi" else mc.vn_number(r.get(col), col == "ty_le_giam_thoi_gian_hop"))
    grid = mc.label_grid("chuyen_doi_so", cols, rows, value=value)
    name5, name3 = "bieu05.csv", "bieu03.csv"
    # the "sep=" line is not shown by Excel: the header is row 1, the data rows 2-8
    c = mc.case("41-csv-sep-hint", "CSVs whose first line is Excel's separator hint: bieu05.csv starts with 'sep=;' "
                "(';' separators, Vietnamese numbers '12.450' and '35,5%'), bieu03.csv with 'sep=,' then a header "
                "whose labels hold no comma; the hint sets the separator, is not a title row, and is not counted in "
                "row numbers (Excel hides it): a unit code typed wrong on the 3rd data row of bieu03.csv is reported "
                "at row 4, as Excel shows it", 1,
                issues=[mc.issue("unit-unknown", name3, 4, "ma_don_vi", cell="A4")],
                scores={k: v for k, v in mc.hand_scores(mc.without("qcdc", "14320")).items() if k == "T2.1"})
    data = mc.csv_bytes(grid, sep=";", newline="\r\n")
    (c.folder / name5).write_bytes(b"sep=;\r\n" + data)
    qcdc = mc.clean("qcdc")
    grid3 = mc.label_grid("qcdc", ["ma_don_vi", "ten_don_vi", "xep_loai"], qcdc)
    assert grid3[3][0] == "14320"
    grid3[3][0] = "14302"  # digits swapped
    (c.folder / name3).write_bytes(b"sep=,\n" + mc.csv_bytes(grid3))
    mc.write_clean_csvs(c.folder, ("chuyen_doi_so", "qcdc"))


def _png() -> bytes:
    """A 1×1 white PNG (a photo of the signed report, in miniature)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def _pdf() -> bytes:
    """A one-page PDF with no text (the scanned, signed report)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _zip(mc: ModuleType, members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, mc.FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()


def _docx(mc: ModuleType, text: str) -> bytes:
    """A minimal Word document (the cover letter, 'Tờ trình')."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    return _zip(mc, {
        "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
        b'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        b"</Types>",
        "_rels/.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body><w:p><w:r>'
                              f"<w:t>{text}</w:t></w:r></w:p></w:body></w:document>").encode(),
    })


def _apple_double() -> bytes:
    """The '._name' file macOS writes beside a file copied to a FAT/exFAT drive or a zip:
    AppleDouble header (magic 0x00051607), one Finder-info entry."""
    header = struct.pack(">II16sH", 0x00051607, 0x00020000, b"Mac OS X        ", 1)
    entry = struct.pack(">III", 9, 26 + 12, 32)
    return header + entry + b"XLSXXCEL" + bytes(24)


def case_junk_and_skipped(mc: ModuleType) -> None:
    skipped = {
        "bao_cao_ky_so.pdf": ".pdf",
        "to_trinh.docx": ".docx",
        "ghi_chu.txt": ".txt",
        "anh_bien_ban.png": ".png",
        "bieu_mau_cu.zip": ".zip",
    }
    c = mc.case("42-junk-and-skipped-files", "A folder as it arrives from a Mac and a zip: AppleDouble '._' files "
                "beside the CSVs and under '__MACOSX/', '.DS_Store', Windows' 'Thumbs.db' and 'desktop.ini' (ignored "
                "without a word, like '~$' lock files); and files that are not data tables: the signed report as PDF, "
                "the cover letter (.docx), a note (.txt), a photo (.png), last year's forms zipped → each listed as "
                "file-skipped (info) with the reason; the CSVs count as usual", 0, same_scores_as=mc.CLEAN_REF,
                issues=[mc.issue("file-skipped", name, message_contains=[suffix]) for name, suffix in skipped.items()])
    mc.write_clean_csvs(c.folder)
    folder = c.folder
    (folder / "bao_cao_ky_so.pdf").write_bytes(_pdf())
    (folder / "to_trinh.docx").write_bytes(_docx(mc, "Tờ trình về việc gửi số liệu năm 2023"))
    (folder / "ghi_chu.txt").write_text("Ghi chú: số liệu Biểu 06 đã được Ban Thường vụ thông qua.\r\n"
                                        "Người lập: Nguyễn Văn A\r\n", encoding="utf-8")
    (folder / "anh_bien_ban.png").write_bytes(_png())
    (folder / "bieu_mau_cu.zip").write_bytes(_zip(mc, {"cap_uy.csv": mc.csv_bytes(mc.canon_grid("cap_uy"))}))
    for name in ("cap_uy.csv", "qcdc.csv"):
        (folder / f"._{name}").write_bytes(_apple_double())
    macos = folder / "__MACOSX"
    macos.mkdir()
    for name in ("cap_uy.csv", "thon.csv"):
        (macos / f"._{name}").write_bytes(_apple_double())
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + bytes(2036))
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1016))
    (folder / "desktop.ini").write_bytes("[.ShellClassInfo]\r\nIconResource=C:\\Windows\\System32\\imageres.dll,-3\r\n"
                                         .encode("utf-16"))


def case_password(mc: ModuleType) -> None:
    files = {"bieu01_cap_uy.xlsx": "cap_uy", "bieu03_qcdc.xls": "qcdc", "bieu09_thon.ods": "thon"}
    tables = {f: mc.clean(f) for f in mc.CLEAN if f not in files.values()}
    c = mc.case("43-password-protected", f"Workbooks saved with a password to open ('{PASSWORD}'): Biểu 01 as "
                ".xlsx (encrypted as Excel does, an OLE2 file holding EncryptionInfo/EncryptedPackage), Biểu 03 as "
                ".xls (RC4, saved by LibreOffice), Biểu 09 as .ods (AES, saved by LibreOffice) → file-unreadable "
                "saying the file is password-protected (not a parser error); the other forms still count, the three "
                "forms have no data", 1,
                issues=[mc.issue("file-unreadable", name, message_contains=["mật khẩu"]) for name in sorted(files)],
                scores=mc.hand_scores(tables))
    s1 = mc.Sheet("Biểu 01")
    mc.office_sheet(s1, "cap_uy", mc.CAP_UY_COLS, mc.clean("cap_uy"), titles=mc.title_rows("01"))
    s3 = mc.Sheet("Biểu 03")
    mc.office_sheet(s3, "qcdc", ["ma_don_vi", "ten_don_vi", "xep_loai"], mc.clean("qcdc"), titles=mc.title_rows("03"))
    s9 = mc.Sheet("Biểu 09")
    mc.office_sheet(s9, "thon", mc.THON_ALT_COLS, mc.clean("thon"), titles=mc.title_rows("09"), value=mc.thon_value)
    _encrypted_xlsx(mc, c.folder / "bieu01_cap_uy.xlsx", [s1])
    _encrypted_by_libreoffice(mc, c.folder / "bieu03_qcdc.xls", [s3])
    _encrypted_by_libreoffice(mc, c.folder / "bieu09_thon.ods", [s9])
    mc.write_clean_csvs(c.folder, tuple(files.values()))


_MAIN_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _prefix_main_namespace(xml: bytes) -> bytes:
    """Rewrite a SpreadsheetML part the way the OpenXML SDK (.NET) writes it: the main
    namespace bound to the prefix 'x' and every element of it written 'x:name'."""
    import re

    if _MAIN_NS not in xml:
        return xml
    xml = xml.replace(_MAIN_NS, _MAIN_NS.replace(b"xmlns=", b"xmlns:x="), 1)
    return re.sub(rb"<(/?)([A-Za-z][\w.-]*)(?=[\s/>])", rb"<\1x:\2", xml)


def _rewrite_parts(path: Path, change: Any) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, change(info.filename, src.read(info.filename)))
    path.write_bytes(out.getvalue())


def case_prefixed_xml(mc: ModuleType) -> None:
    # Biểu 05 as in 37-xlsx-percent-cells: percentages typed in Excel, held as fractions
    s5 = mc.Sheet("Biểu 05")
    fmt = lambda name, v: (mc.Styled(round(v / 100, 6), "0.0%" if v % 1 else "0%")  # noqa: E731
                           if name == "ty_le_giam_thoi_gian_hop" and v is not None else v)
    mc.office_sheet(s5, "chuyen_doi_so", ["ma_don_vi", "ten_don_vi", *mc.CDS_COLS[1:]], mc.clean("chuyen_doi_so"),
                    titles=mc.title_rows("05"),
                    value=lambda r, c: mc.NAME[r["ma_don_vi"]] if c == "ten_don_vi" else fmt(c, r.get(c)))
    # Biểu 01 with one formula saved without its value, as in 15-formula-no-cached-value
    s1 = mc.Sheet("Biểu 01")
    layout = mc.office_sheet(s1, "cap_uy", mc.CAP_UY_COLS, mc.clean("cap_uy"), titles=mc.title_rows("01"))
    row = layout.rows["14347"]
    col = layout.cols["so_cap_uy_vien_guong_mau"]
    tong = mc.get_column_letter(layout.cols["tong_so_cap_uy_vien"])
    s1.rows[row - 1][col - 1] = mc.XF(f"={tong}{row}-1")
    name = "bao_cao_tu_phan_mem.xlsx"
    c = mc.case("44-xlsx-prefixed-xml", "An .xlsx written by an OpenXML SDK (.NET) program: every SpreadsheetML "
                "element carries the namespace prefix 'x:' (<x:c>, <x:row>, <x:numFmt>, legal OOXML). Biểu 05's "
                "percentages are cells holding 0.355 formatted 0.0% (read as 35.5, not 0.355); Biểu 01 has one "
                f"formula ={tong}{row}-1 saved without a value → cell-formula error on it, that row left out", 1,
                issues=[mc.issue("cell-formula", name, row, "so_cap_uy_vien_guong_mau", sheet="Biểu 01",
                                 cell=mc.cell_ref(row, col))],
                scores=mc.hand_scores(mc.without("cap_uy", "14347")))
    mc.write_xlsx(c.folder / name, [s5, s1])
    _rewrite_parts(c.folder / name, lambda part, data: _prefix_main_namespace(data) if part.startswith("xl/") else data)
    (c.folder / name).write_bytes(mc.save_zip_fixed((c.folder / name).read_bytes()))
    mc.write_clean_csvs(c.folder, ("chuyen_doi_so", "cap_uy"))


def case_scan_failed(mc: ModuleType) -> None:
    s = mc.Sheet("Biểu 01")
    layout = mc.office_sheet(s, "cap_uy", mc.CAP_UY_COLS, mc.clean("cap_uy"), titles=mc.title_rows("01"))
    # a pre-formatted empty cell under the table: the workbook has a percentage format
    s.add(*[None] * (len(mc.CAP_UY_COLS)), mc.Styled(None, "0%"))
    del layout
    name = "bieu01_cap_uy.xlsx"
    c = mc.case("45-xlsx-scan-failed", "An .xlsx whose styles part uses a namespace prefix it never declares "
                "(<mc:AlternateContent> without xmlns:mc, a writer's bug) and holds a percentage format (an empty "
                "pre-formatted cell): calamine reads the cells, but danvan's look at number formats fails → "
                "file-scan-failed warning (percentage cells and formulas without values may go unnoticed); the "
                "figures themselves are read, same scores as clean", 0,
                same_scores_as=mc.CLEAN_REF, issues=[mc.issue("file-scan-failed", name)])
    mc.write_xlsx(c.folder / name, [s])
    broken = b"<mc:AlternateContent><mc:Choice Requires=\"x14ac\"/></mc:AlternateContent>"
    _rewrite_parts(c.folder / name, lambda part, data: data.replace(b"</styleSheet>", broken + b"</styleSheet>")
                   if part == "xl/styles.xml" else data)
    (c.folder / name).write_bytes(mc.save_zip_fixed((c.folder / name).read_bytes()))
    mc.write_clean_csvs(c.folder, ("cap_uy",))


def case_hidden(mc: ModuleType) -> None:
    from openpyxl import load_workbook

    # bieu01: the visible Biểu 01, and a hidden draft sheet with other figures for the same units
    s1 = mc.Sheet("Biểu 01")
    mc.office_sheet(s1, "cap_uy", mc.CAP_UY_COLS, mc.clean("cap_uy"), titles=mc.title_rows("01"))
    draft_rows = [dict(r, so_cap_uy_vien_guong_mau=(r["so_cap_uy_vien_guong_mau"] or 0) - 2) for r in mc.clean("cap_uy")]
    draft = mc.Sheet("Biểu 01 (nháp)")
    mc.office_sheet(draft, "cap_uy", mc.CAP_UY_COLS, draft_rows, titles=mc.title_rows("01"))
    name1 = "bieu01_cap_uy.xlsx"
    # bieu09 (.ods by LibreOffice): a village's row hidden by the office (its figures still in the file)
    s9 = mc.Sheet("Biểu 09")
    layout = mc.office_sheet(s9, "thon", mc.THON_ALT_COLS, mc.clean("thon"), titles=mc.title_rows("09"),
                             value=mc.thon_value)
    hidden_row = layout.rows["14347-03"]
    name9 = "bieu09_thon.ods"
    c = mc.case("46-hidden-sheet-rows", "Things Excel does not show: bieu01_cap_uy.xlsx has the visible 'Biểu 01' "
                "and a hidden sheet 'Biểu 01 (nháp)' (a draft with other figures for the same units) → the hidden "
                "sheet is not read, with a warning naming it (no duplicate conflict); bieu09_thon.ods (LibreOffice) "
                f"has row {hidden_row} (village 14347-03) hidden → read as the figures are in the file, with a "
                "warning naming the hidden row. Codes sheet-hidden / row-hidden are this corpus's proposal", 0,
                same_scores_as=mc.CLEAN_REF,
                issues=[mc.issue("sheet-hidden", name1, sheet="Biểu 01 (nháp)"),
                        mc.issue("row-hidden", name9, hidden_row, sheet="Biểu 09")])
    mc.write_xlsx(c.folder / name1, [s1, draft])
    wb = load_workbook(c.folder / name1)
    wb["Biểu 01 (nháp)"].sheet_state = "hidden"
    wb.properties.created = wb.properties.modified = mc.FIXED_TIME
    raw = io.BytesIO()
    wb.save(raw)
    (c.folder / name1).write_bytes(mc.save_zip_fixed(raw.getvalue()))
    text = mc.fods([s9])
    rows = text.split("<table:table-row>")
    # rows[0] is the document head; row n (1-based) is rows[n]
    rows[hidden_row] = '<table:table-row table:visibility="collapse">' + rows[hidden_row]
    text = rows[0] + "".join(r if r.startswith("<table:table-row ") else "<table:table-row>" + r for r in rows[1:])
    _libreoffice_from_fods(mc, c.folder / name9, text)
    mc.write_clean_csvs(c.folder, ("cap_uy", "thon"))


def _libreoffice_from_fods(mc: ModuleType, path: Path, text: str) -> None:
    """mc.write_libreoffice for a flat ODF text already written."""
    fmt = path.suffix.lstrip(".")
    with tempfile.TemporaryDirectory(prefix="danvan_lo_") as tmp:
        src = Path(tmp) / f"{path.stem}.fods"
        src.write_text(text, encoding="utf-8")
        profile = Path(tmp) / "profile"
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", fmt,
                        "--outdir", tmp, str(src)], check=True, timeout=180, capture_output=True)
        data = (Path(tmp) / f"{path.stem}.{fmt}").read_bytes()
    path.write_bytes(mc.save_zip_fixed(data) if fmt in ("xlsx", "ods") else data)


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def tcvn3_capital_pairs(text: str) -> str:
    """TCVN3 as written by converters that lack the capital toned vowels: each such
    capital as its base capital + the toned small vowel ('Ủy' → 'U' + 'ñ' + 'y')."""
    from danvan_cli.reading.legacy import from_unicode

    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        if ch.isupper() and any(t in parts for t in _TONES):
            base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in _TONES))
            out.append(from_unicode(base, "tcvn3") + from_unicode(ch.lower(), "tcvn3"))
        else:
            out.append(from_unicode(ch, "tcvn3"))
    return "".join(out)


def case_tcvn3_capitals(mc: ModuleType) -> None:
    enc = tcvn3_capital_pairs
    rows = mc.clean("mat_tran_doan_the")
    s6 = mc.Sheet("Biểu 06")
    layout = mc.mat_tran_sheet(
        s6, rows, titles=[enc(t) for t in mc.title_rows("06")], number_row=False,
        value=lambda r, c: enc(mc.NAME[r["ma_don_vi"]]) if c == "ten_don_vi" else
        (enc(mc.as_label("mat_tran_doan_the", c, r[c])) if r.get(c) and c in ("to_chuc", "xep_loai")
         else mc.as_label("mat_tran_doan_the", c, r.get(c))))
    name = "bieu06_mat_tran.xls"
    mttq = mc.choice_label("mat_tran_doan_the", "to_chuc", "mttq")
    assert enc(mttq).startswith("U\xf1y"), enc(mttq)
    issues = [mc.issue("legacy-encoding", name, mc.first_filled_row(
        layout, rows, column, (lambda r: mc.NAME[r["ma_don_vi"]]) if column == "ten_don_vi" else None),
        column, sheet="Biểu 06") for column in ("ten_don_vi", "to_chuc", "xep_loai")]
    c = mc.case("47-tcvn3-capital-pairs", f"Biểu 06 in TCVN3 (.xls by LibreOffice) from a converter that writes the "
                f"capital toned vowels TCVN3 lacks as base capital + toned small vowel: '{enc(mttq)}' for "
                f"'{mttq}' (and 'Ủy' the same way in the titles); converted per column (legacy-encoding warnings), "
                "every organisation recognised, same scores as clean", 0, same_scores_as=mc.CLEAN_REF, issues=issues)
    mc.write_libreoffice(c.folder / name, [s6])
    mc.write_clean_csvs(c.folder, ("mat_tran_doan_the",))


def _html_table(rows: list[list[Any]], title: str) -> str:
    """The web page many administrative programs save as '.xls' (Excel opens it)."""
    from xml.sax.saxutils import escape

    body = "".join("<tr>" + "".join(f"<td>{escape('' if v is None else str(v))}</td>" for v in row) + "</tr>\n"
                   for row in rows)
    return ('<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">'
            '\n<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>\n<body>\n'
            f'<table border="1">\n<tr><td colspan="{len(rows[0])}"><b>{escape(title)}</b></td></tr>\n{body}'
            "</table>\n</body></html>\n")


def _spreadsheet_ml(rows: list[list[Any]], sheet: str) -> str:
    """Excel 2003 XML (SpreadsheetML), the other '.xls' that is not a workbook."""
    from xml.sax.saxutils import escape

    def cell(v: Any) -> str:
        if v is None:
            return "<Cell/>"
        kind = "Number" if isinstance(v, int | float) and not isinstance(v, bool) else "String"
        return f'<Cell><Data ss:Type="{kind}">{escape(str(v))}</Data></Cell>'
    body = "".join("<Row>" + "".join(cell(v) for v in row) + "</Row>\n" for row in rows)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n'
            f'<Worksheet ss:Name="{escape(sheet)}"><Table>\n{body}</Table></Worksheet>\n</Workbook>\n')


def case_xls_not_workbook(mc: ModuleType) -> None:
    qcdc = mc.label_grid("qcdc", ["ma_don_vi", "ten_don_vi", "xep_loai"], mc.clean("qcdc"))
    thon = mc.label_grid("thon", mc.THON_ALT_COLS, mc.clean("thon"), value=mc.thon_value)
    c = mc.case("48-xls-html-xml", "Files named .xls that are not Excel workbooks, as exported by administrative "
                "software (Excel opens both, with a format warning): bieu03_qcdc.xls is an HTML page holding a "
                "table, bieu09_thon.xls is Excel 2003 XML (SpreadsheetML) → read like workbooks (the table as "
                "Excel shows it), same scores as clean", 0, same_scores_as=mc.CLEAN_REF)
    (c.folder / "bieu03_qcdc.xls").write_text(_html_table(qcdc, "BIỂU MẪU SỐ 03 - NĂM 2023"), encoding="utf-8")
    (c.folder / "bieu09_thon.xls").write_text(_spreadsheet_ml(thon, "Biểu 09"), encoding="utf-8")
    mc.write_clean_csvs(c.folder, ("qcdc", "thon"))


def build(mc: ModuleType) -> None:
    if shutil.which("soffice") is None:
        raise SystemExit("LibreOffice (soffice) is needed")
    case_utf16(mc)
    case_sep_hint(mc)
    case_junk_and_skipped(mc)
    case_password(mc)
    case_prefixed_xml(mc)
    case_scan_failed(mc)
    case_hidden(mc)
    case_tcvn3_capitals(mc)
    case_xls_not_workbook(mc)
