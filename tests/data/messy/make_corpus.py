#!/usr/bin/env python3
"""Regenerate the messy-file test corpus (tests/data/messy/) and samples/broken/.

    python tests/data/messy/make_corpus.py

Each case folder ``NN-name/`` holds a year folder ``2023/`` with the files an office
might really send, and ``expected.yaml`` with what ``danvan validate`` must report
(read by tests/test_messy_corpus.py). All cases share ``units.csv``.

Regenerating needs LibreOffice (``soffice`` on PATH): the .xls/.ods files and some
.xlsx files are written as flat ODF (.fods) and converted by LibreOffice, so they are
files made by a real spreadsheet program (LibreOffice also computes the formulas,
e.g. the "Tổng cộng" SUMs and the #DIV/0!/#REF! error cells). Running the tests
needs only the committed files, not LibreOffice.

The output is deterministic: fixed data, fixed timestamps inside every zip container
(.xlsx/.ods), a fixed pseudo-random seed for the junk files. LibreOffice output is
byte-stable for one LibreOffice version (7.4 was used); another version may change
bytes, not content.

Expectations are written from docs/contract.md (§4, 5, 8, 9), not from what danvan
happens to print: row numbers are those of the spreadsheet (title rows counted),
columns are canonical names.
"""

from __future__ import annotations

import csv
import io
import random
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import yaml
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
BROKEN = REPO / "samples" / "broken"
YEAR = 2023
FIXED_TIME = datetime(2024, 1, 15, 8, 0, 0)
SPEC = yaml.safe_load((REPO / "targets.yaml").read_text(encoding="utf-8"))
FORMS = SPEC["forms"]

# ---------------------------------------------------------------------------------------
# Registry: province 37, two districts with two real communes each (GSO codes, from
# ../shared/data/ninh-binh-units-2020-2024.csv), invented villages coded <commune>-NN.
# ---------------------------------------------------------------------------------------
UNITS = [
    ("37", "Tỉnh Ninh Bình", "tinh", "", "Tỉnh"),
    ("369", "Thành phố Ninh Bình", "huyen", "37", "Thành phố"),
    ("376", "Huyện Kim Sơn", "huyen", "37", "Huyện"),
    ("14320", "Phường Đông Thành", "xa", "369", "Phường"),
    ("14347", "Xã Ninh Nhất", "xa", "369", "Xã"),
    ("14620", "Thị trấn Phát Diệm", "xa", "376", "Thị trấn"),
    ("14629", "Xã Hồi Ninh", "xa", "376", "Xã"),
    ("14320-01", "Phố Lê Lợi", "thon", "14320", "Phố"),
    ("14320-02", "Tổ dân phố 2", "thon", "14320", "Tổ dân phố"),
    ("14347-01", "Thôn Đông", "thon", "14347", "Thôn"),
    ("14347-02", "Thôn Tây", "thon", "14347", "Thôn"),
    ("14347-03", "Xóm Trại Mới", "thon", "14347", "Xóm"),
    ("14620-01", "Phố Phát Diệm", "thon", "14620", "Phố"),
    ("14620-02", "Tổ dân phố 3", "thon", "14620", "Tổ dân phố"),
    ("14629-01", "Xóm 1", "thon", "14629", "Xóm"),
    ("14629-02", "Thôn Hồi Thuần", "thon", "14629", "Thôn"),
    ("14629-03", "Thôn Tuy Lộc", "thon", "14629", "Thôn"),
]
NAME = {u[0]: u[1] for u in UNITS}
LEVEL = {u[0]: u[2] for u in UNITS}
PARENT = {u[0]: u[3] for u in UNITS}
ADMIN = ["37", "369", "14320", "14347", "376", "14620", "14629"]  # tinh, huyen, xa in file order
VILLAGES = [u[0] for u in UNITS if u[2] == "thon"]

# ---------------------------------------------------------------------------------------
# The clean year (00-clean): canonical values (ints, bools, choice keys, None = blank).
# ---------------------------------------------------------------------------------------


def _rows(names: list[str], table: list[tuple]) -> list[dict[str, Any]]:
    return [dict(zip(names, values, strict=True)) for values in table]


CAP_UY = _rows(
    ["ma_don_vi", "tong_so_cap_uy_vien", "so_cap_uy_vien_guong_mau", "co_phan_cong_phu_trach_dan_van",
     "so_cap_uy_vien_du_hop_hang_thang"],
    [("37", 55, 54, True, None),
     ("369", 41, 41, True, 40),
     ("14320", 15, 15, True, 15),
     ("14347", 13, 12, False, 13),
     ("376", 43, 42, True, 43),
     ("14620", 15, 15, True, 14),
     ("14629", 11, 11, True, 11)],
)
QCDC = _rows(
    ["ma_don_vi", "xep_loai"],
    [("37", "xuat_sac"), ("369", "tot"), ("14320", "tot"), ("14347", "hoan_thanh"),
     ("376", "xuat_sac"), ("14620", "tot"), ("14629", "khong_hoan_thanh")],
)
CDS_COLS = ["ma_don_vi", "tong_so_ho_so_cong_viec", "so_ho_so_xu_ly_tren_mang", "tong_so_van_ban",
            "so_van_ban_dien_tu_ky_so", "tong_so_dich_vu_cong", "so_dich_vu_cong_muc_do_4",
            "tong_so_co_quan_dang", "so_co_quan_dang_chuan_hoa_tthc", "ty_le_giam_thoi_gian_hop"]
CDS = _rows(
    CDS_COLS,
    [("37", 12450, 10230, 25310, 24100, 1200, 1050, 25, 23, 35.5),
     ("369", 5320, 4100, 8650, 8400, 320, 290, 12, 11, 30),
     ("14320", 1850, 1020, 2300, 2150, 150, 140, None, None, 25),
     ("14347", 920, 510, 1200, 1100, 140, 120, None, None, None),
     ("376", 4870, 3700, 7900, 7500, 310, 270, 11, 10, 28.5),
     ("14620", 1430, 900, 1800, 1700, 150, 135, None, None, 20),
     ("14629", 760, 380, 950, 880, None, None, None, None, None)],
)
ORGS6 = ["mttq", "cong_doan", "phu_nu", "nong_dan", "cuu_chien_binh", "doan_thanh_nien"]
ORGS5 = [o for o in ORGS6 if o != "cong_doan"]
RATINGS = ["tot", "xuat_sac", "tot", "hoan_thanh", "tot", "tot", "khong_hoan_thanh", "xuat_sac"]


def _mat_tran() -> list[dict[str, Any]]:
    rows, i = [], 0
    for code in ADMIN:
        for org in ORGS5 if LEVEL[code] == "xa" else ORGS6:
            rating = RATINGS[i % len(RATINGS)]
            if LEVEL[code] != "xa" and i % 3 == 0:
                rating = None  # optional above the commune level
            rows.append({"ma_don_vi": code, "to_chuc": org, "so_cuoc_giam_sat": (i * 7 + 3) % 5,
                         "so_cuoc_phan_bien": (i * 5 + 1) % 3, "xep_loai": rating})
            i += 1
    return rows


MAT_TRAN = _mat_tran()
THON = _rows(
    ["ma_don_vi", "so_mo_hinh_tu_quan_hieu_qua", "co_to_hoa_giai_hieu_qua"],
    [("14320-01", 5, True), ("14320-02", 4, True), ("14347-01", 3, False), ("14347-02", 4, True),
     ("14347-03", 2, False), ("14620-01", 6, True), ("14620-02", 4, True), ("14629-01", 1, False),
     ("14629-02", 4, True), ("14629-03", 5, True)],
)
DN_COLS = ["ma_so_thue", "ten_doanh_nghiep", "ma_don_vi", "so_lao_dong", "nam_thanh_lap",
           "du_dieu_kien_thanh_lap_cong_doan", "co_cong_doan_co_so", "nam_thanh_lap_to_chuc_doan"]
DOANH_NGHIEP = _rows(
    DN_COLS,
    [("2700123456", "Công ty TNHH May Kim Sơn", "14620", 120, 2015, True, True, 2018),
     ("2700234567", "Công ty CP Vật liệu Đông Thành", "14320", 40, 2023, True, True, 2023),
     ("2700345678", "Công ty TNHH Thêu ren Hồi Ninh", "14629", 18, 2023, False, False, None),
     ("0100109106-012", "Chi nhánh Tổng công ty Viễn thông tại Ninh Bình", "369", 85, 2009, True, True, 2012),
     ("2700456789", "Công ty TNHH Cơ khí Ninh Nhất", "14347", 30, 2021, True, False, 2023)],
)
CLEAN = {"cap_uy": CAP_UY, "qcdc": QCDC, "chuyen_doi_so": CDS, "mat_tran_doan_the": MAT_TRAN,
         "thon": THON, "doanh_nghiep": DOANH_NGHIEP}


def clean(form: str) -> list[dict[str, Any]]:
    return [dict(r) for r in CLEAN[form]]


# ---------------------------------------------------------------------------------------
# Spec helpers
# ---------------------------------------------------------------------------------------


def col_spec(form: str, name: str) -> dict:
    return next(c for c in FORMS[form]["columns"] if c["name"] == name)


def label(form: str, name: str) -> str:
    return col_spec(form, name)["label"]


def choice_label(form: str, name: str, key: str) -> str:
    return col_spec(form, name)["choices"][key]["label"]


def as_label(form: str, name: str, value: Any, yes: str = "Có", no: str = "Không") -> Any:
    """A clean value as an office types it in a spreadsheet (labels, Có/Không)."""
    if value is None:
        return None
    kind = col_spec(form, name)["type"]
    if kind == "boolean":
        return yes if value else no
    if kind == "choice":
        return choice_label(form, name, value)
    return value


def canon_text(value: Any, bools: tuple[str, str] = ("1", "0")) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return bools[0] if value else bools[1]
    return str(value)


# ---------------------------------------------------------------------------------------
# Grids, and writers for CSV, openpyxl .xlsx and LibreOffice (.fods → xlsx/xls/ods)
# ---------------------------------------------------------------------------------------


class XF(str):
    """An Excel formula written by openpyxl: stored with no cached value."""


class LF(str):
    """An OpenFormula for LibreOffice (``of:=SUM([.C5:.C9])``): computed when converted."""


@dataclass(frozen=True)
class Styled:
    """A cell value with an Excel number format (e.g. 0.355 shown as '35,5%')."""

    value: Any
    number_format: str


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # 1-based r1, c1, r2, c2

    def add(self, *cells: Any) -> int:
        """Append a row; returns its 1-based spreadsheet row number."""
        self.rows.append(list(cells))
        return len(self.rows)

    def merge(self, r1: int, c1: int, r2: int, c2: int) -> None:
        self.merges.append((r1, c1, r2, c2))

    def title(self, text: str, width: int) -> int:
        row = self.add(text)
        if width > 1:
            self.merge(row, 1, row, width)
        return row


def cell_ref(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def save_zip_fixed(data: bytes) -> bytes:
    """Rewrite a zip container with fixed timestamps (order and compression kept)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_TIME.timetuple()[:6])
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_xlsx(path: Path, sheets: list[Sheet]) -> None:
    """An .xlsx written by openpyxl (formulas XF have no cached value)."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        for r, row in enumerate(sheet.rows, 1):
            for c, value in enumerate(row, 1):
                if isinstance(value, Styled):
                    ws.cell(r, c, value.value).number_format = value.number_format
                elif value is not None:
                    ws.cell(r, c, str(value) if isinstance(value, XF) else value)
        for r1, c1, r2, c2 in sheet.merges:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        for c in range(1, max((len(r) for r in sheet.rows), default=0) + 1):
            ws.column_dimensions[get_column_letter(c)].width = 16
    wb.properties.creator = "danvan messy corpus"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(save_zip_fixed(raw.getvalue()))


_FODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    ' xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"'
    ' office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">\n'
    "<office:body><office:spreadsheet>\n"
)


def fods(sheets: list[Sheet]) -> str:
    """Flat ODF spreadsheet text of the sheets (merges as spanned + covered cells)."""
    parts = [_FODS_HEAD]
    for sheet in sheets:
        width = max((len(r) for r in sheet.rows), default=0)
        covered: set[tuple[int, int]] = set()
        spans: dict[tuple[int, int], tuple[int, int]] = {}
        for r1, c1, r2, c2 in sheet.merges:
            spans[(r1, c1)] = (r2 - r1 + 1, c2 - c1 + 1)
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - {(r1, c1)}
        parts.append(f'<table:table table:name="{escape(sheet.name)}">\n')
        for r, row in enumerate(sheet.rows, 1):
            cells = []
            for c in range(1, width + 1):
                value = row[c - 1] if c - 1 < len(row) else None
                if (r, c) in covered:
                    cells.append("<table:covered-table-cell/>")
                    continue
                attrs = ""
                if (r, c) in spans:
                    rows_n, cols_n = spans[(r, c)]
                    attrs = f' table:number-rows-spanned="{rows_n}" table:number-columns-spanned="{cols_n}"'
                if value is None:
                    cells.append(f"<table:table-cell{attrs}/>")
                elif isinstance(value, LF):
                    cells.append(f'<table:table-cell{attrs} table:formula="{escape(str(value), {chr(34): "&quot;"})}"/>')
                elif isinstance(value, bool):
                    cells.append(f'<table:table-cell{attrs} office:value-type="boolean" office:boolean-value="{str(value).lower()}"/>')
                elif isinstance(value, int | float):
                    cells.append(f'<table:table-cell{attrs} office:value-type="float" office:value="{value}"/>')
                else:
                    cells.append(f'<table:table-cell{attrs} office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>')
            parts.append("<table:table-row>" + "".join(cells) + "</table:table-row>\n")
        parts.append("</table:table>\n")
    parts.append("</office:spreadsheet></office:body></office:document>\n")
    return "".join(parts)


_LO_PROFILE: list[Path] = []


def write_libreoffice(path: Path, sheets: list[Sheet]) -> None:
    """Write the sheets as .fods and let LibreOffice convert them to path's format."""
    fmt = path.suffix.lstrip(".")
    if not _LO_PROFILE:
        _LO_PROFILE.append(Path(tempfile.mkdtemp(prefix="danvan_lo_profile_")))
    with tempfile.TemporaryDirectory(prefix="danvan_lo_") as tmp:
        src = Path(tmp) / f"{path.stem}.fods"
        src.write_text(fods(sheets), encoding="utf-8")
        subprocess.run(
            ["soffice", f"-env:UserInstallation={_LO_PROFILE[0].as_uri()}", "--headless",
             "--convert-to", fmt, "--outdir", tmp, str(src)],
            check=True, timeout=180, capture_output=True,
        )
        data = (Path(tmp) / f"{path.stem}.{fmt}").read_bytes()
    if fmt in ("xlsx", "ods"):
        data = save_zip_fixed(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def csv_bytes(rows: list[list[Any]], *, sep: str = ",", encoding: str = "utf-8", newline: str = "\n",
              normal: str = "NFC") -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator=newline)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    text = unicodedata.normalize(normal, buf.getvalue())
    if encoding == "cp1258":
        return cp1258(text)
    return text.encode(encoding)


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """Encode like Windows-1258: precomposed letters where the code page has them
    (â ê ô ơ ư ă đ, á à …), otherwise base letter + combining tone-mark byte.
    Python's codec alone refuses NFC "ồ" and NFD "ô"+"̀" keeps "o"+"̂"+"̀"; so: NFD,
    recompose the base with its non-tone marks, then add the tone."""
    out = bytearray()
    clusters: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and clusters:
            clusters[-1] += ch
        else:
            clusters.append(ch)
    for cluster in clusters:
        whole = unicodedata.normalize("NFC", cluster)
        try:
            out += whole.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base = unicodedata.normalize("NFC", cluster[0] + "".join(m for m in cluster[1:] if m not in _TONES))
        out += base.encode("cp1258")
        for mark in cluster[1:]:
            if mark in _TONES:
                out += mark.encode("cp1258")
    return bytes(out)


def write_csv(path: Path, rows: list[list[Any]], **kw: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    bom = kw.pop("bom", False)
    data = csv_bytes(rows, **kw)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)


# ---------------------------------------------------------------------------------------
# Clean canonical CSVs (00-clean, and the untouched forms of the merely-messy cases)
# ---------------------------------------------------------------------------------------

CANON_COLUMNS = {
    "cap_uy": ["ma_don_vi", "ten_don_vi", "nam", "tong_so_cap_uy_vien", "so_cap_uy_vien_guong_mau",
               "co_phan_cong_phu_trach_dan_van", "so_cap_uy_vien_du_hop_hang_thang"],
    "qcdc": ["ma_don_vi", "ten_don_vi", "nam", "xep_loai"],
    "chuyen_doi_so": ["ma_don_vi", "ten_don_vi", "nam", *CDS_COLS[1:]],
    "mat_tran_doan_the": ["ma_don_vi", "ten_don_vi", "nam", "to_chuc", "so_cuoc_giam_sat",
                          "so_cuoc_phan_bien", "xep_loai"],
    "thon": ["ma_don_vi", "ten_don_vi", "nam", "so_mo_hinh_tu_quan_hieu_qua", "co_to_hoa_giai_hieu_qua"],
    "doanh_nghiep": ["ma_so_thue", "ten_doanh_nghiep", "ma_don_vi", "nam", "so_lao_dong", "nam_thanh_lap",
                     "du_dieu_kien_thanh_lap_cong_doan", "co_cong_doan_co_so", "nam_thanh_lap_to_chuc_doan"],
}


def canon_grid(form: str, rows: list[dict[str, Any]] | None = None, columns: list[str] | None = None) -> list[list[Any]]:
    columns = columns or CANON_COLUMNS[form]
    rows = clean(form) if rows is None else rows
    bools = ("true", "false") if form == "doanh_nghiep" else ("1", "0")
    grid: list[list[Any]] = [list(columns)]
    for r in rows:
        line = []
        for c in columns:
            if c == "ten_don_vi":
                line.append(r.get(c, NAME.get(r["ma_don_vi"], "")))
            elif c == "nam":
                line.append(r.get(c, YEAR))
            else:
                line.append(canon_text(r.get(c), bools))
        grid.append(line)
    return grid


def write_clean_csvs(folder: Path, except_forms: tuple[str, ...] = ()) -> None:
    for form in CLEAN:
        if form not in except_forms:
            write_csv(folder / f"{form}.csv", canon_grid(form))


# ---------------------------------------------------------------------------------------
# Office-style sheets: title rows, STT column, Vietnamese labels, optional total row
# ---------------------------------------------------------------------------------------


@dataclass
class Layout:
    """Where things landed in a sheet (1-based rows, 1-based columns)."""

    header_row: int
    rows: dict[str, int]  # unit key (ma_don_vi, or ma_don_vi|to_chuc) → row
    cols: dict[str, int]  # canonical column → column number
    total_row: int | None = None
    extra: dict[str, int] = field(default_factory=dict)


def office_sheet(sheet: Sheet, form: str, columns: list[str], rows: list[dict[str, Any]], *,
                 titles: list[str] = (), headers: dict[str, str] | None = None, stt: bool = True,
                 value: Any = None, key: Any = None) -> Layout:
    """Title rows, a blank row, one header row of labels, the data rows."""
    headers = headers or {}
    width = len(columns) + (1 if stt else 0)
    for text in titles:
        sheet.title(text, width)
    if titles:
        sheet.add()
    head = (["STT"] if stt else []) + [headers.get(c, label(form, c)) for c in columns]
    header_row = sheet.add(*head)
    cols = {c: i + (2 if stt else 1) for i, c in enumerate(columns)}
    value = value or (lambda r, c: NAME.get(r["ma_don_vi"]) if c == "ten_don_vi" else as_label(form, c, r.get(c)))
    key = key or (lambda r: r["ma_don_vi"] + ("|" + r["to_chuc"] if "to_chuc" in r else ""))
    placed = {}
    for i, r in enumerate(rows, 1):
        placed[key(r)] = sheet.add(*(([i] if stt else []) + [value(r, c) for c in columns]))
    return Layout(header_row, placed, cols)


def total_row(sheet: Sheet, layout: Layout, sum_columns: list[str], *, label_col: int = 1,
              text: str = "Tổng cộng", kind: str = "value", rows: list[dict[str, Any]] | None = None,
              wrong: dict[str, int] | None = None) -> int:
    """A "Tổng cộng" row: numbers (kind value), LibreOffice SUM formulas (lf), or
    openpyxl SUM formulas without cached values (xf)."""
    first, last = min(layout.rows.values()), max(layout.rows.values())
    width = max(layout.cols.values())
    cells: list[Any] = [None] * width
    cells[label_col - 1] = text
    for c in sum_columns:
        col = layout.cols[c]
        letter = get_column_letter(col)
        if kind == "lf":
            cells[col - 1] = LF(f"of:=SUM([.{letter}{first}:.{letter}{last}])")
        elif kind == "xf":
            cells[col - 1] = XF(f"=SUM({letter}{first}:{letter}{last})")
        else:
            cells[col - 1] = sum(r[c] or 0 for r in rows) + (wrong or {}).get(c, 0)
    row = sheet.add(*cells)
    layout.total_row = row
    return row


# ---------------------------------------------------------------------------------------
# Expectations
# ---------------------------------------------------------------------------------------


def issue(code: str, file: str | None, row: int | None = None, column: str | None = None, **more: Any) -> dict:
    entry: dict[str, Any] = {"code": code, "file": file, "row": row, "column": column}
    entry.update(more)
    return entry


@dataclass
class Case:
    name: str
    description: str
    exit: int
    issues: list[dict] = field(default_factory=list)
    strict: bool = True
    same_scores_as: str | None = None
    scores: dict[str, float | None] | None = None
    isolate: bool = False

    @property
    def folder(self) -> Path:
        return HERE / self.name / str(YEAR)

    def write(self) -> None:
        data: dict[str, Any] = {"description": self.description, "exit": self.exit, "issues": self.issues,
                                "strict": self.strict}
        if self.same_scores_as:
            data["same_scores_as"] = self.same_scores_as
        if self.scores is not None:
            data["scores"] = self.scores
        if self.isolate:
            data["isolate"] = True
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=200)
        (HERE / self.name / "expected.yaml").write_text(text, encoding="utf-8")


CASES: list[Case] = []


def case(name: str, description: str, exit: int, **kw: Any) -> Case:
    c = Case(name, description, exit, **kw)
    if c.folder.parent.exists():
        shutil.rmtree(c.folder.parent)
    c.folder.mkdir(parents=True)
    CASES.append(c)
    return c


# ---------------------------------------------------------------------------------------
# Scores worked out by hand (docs/contract.md §6), independent of danvan's code
# ---------------------------------------------------------------------------------------


def _ratio(rows: list[dict], num: str, den: str) -> float | None:
    """Σ num / Σ den over the rows giving both parts; zero denominator → None."""
    pairs = [(r[num], r[den]) for r in rows if r.get(num) is not None and r.get(den) is not None]
    total = sum(d for _, d in pairs)
    return None if not pairs or total == 0 else 100 * sum(n for n, _ in pairs) / total


def _share(rows: list[dict], test: Any, *columns: str) -> float | None:
    """Share meeting `test` of the rows answering at least one of `columns`."""
    answered = [r for r in rows if any(r.get(c) is not None for c in columns)]
    return None if not answered else 100 * sum(1 for r in answered if test(r)) / len(answered)


def _yes(rows: list[dict], column: str) -> float | None:
    return _share(rows, lambda r: r.get(column) is True, column)


def _sum(rows: list[dict], column: str) -> float | None:
    """Σ of the cells given; none → None."""
    values = [r[column] for r in rows if r.get(column) is not None]
    return float(sum(values)) if values else None


def _ge(value: Any, bound: float) -> bool:
    return value is not None and value >= bound


def hand_scores(tables: dict[str, list[dict]]) -> dict[str, float | None]:
    """Every target's value for tables of canonical rows (forms absent → None), as targets.yaml
    defines it (issue 10); `improves` targets: the year's own value (no year before in a case)."""
    t = {form: tables.get(form, []) for form in FORMS}
    at = lambda form, *levels: [r for r in t[form] if LEVEL[r["ma_don_vi"]] in levels]  # noqa: E731
    good = {"xuat_sac", "tot"}
    big = [r for r in t["doanh_nghiep"] if _ge(r.get("so_lao_dong"), 25)]
    new = [r for r in t["doanh_nghiep"] if r.get("nam_thanh_lap") == YEAR and r.get("du_dieu_kien_thanh_lap_cong_doan") is True]
    hd, od = t["hoat_dong_tinh"], t["on_dinh_co_so"]
    return {
        "T1.1": _ratio(t["cap_uy"], "so_cap_uy_vien_guong_mau", "tong_so_cap_uy_vien"),
        "T1.2": _share(t["doi_thoai"], lambda r: _ge(r.get("so_cuoc_doi_thoai"), 1), "so_cuoc_doi_thoai"),
        "T2.1": _share(t["qcdc"], lambda r: r.get("xep_loai") in good, "xep_loai"),
        "T2.2": _ratio(t["dan_van_chinh_quyen"], "so_can_bo_da_tap_huan", "so_can_bo_phu_trach_dan_van"),
        "T3.1a": _ratio(at("chuyen_doi_so", "tinh"), "so_ho_so_xu_ly_tren_mang", "tong_so_ho_so_cong_viec"),
        "T3.1b": _ratio(at("chuyen_doi_so", "huyen"), "so_ho_so_xu_ly_tren_mang", "tong_so_ho_so_cong_viec"),
        "T3.1c": _ratio(at("chuyen_doi_so", "xa"), "so_ho_so_xu_ly_tren_mang", "tong_so_ho_so_cong_viec"),
        "T3.2": _ratio(at("chuyen_doi_so", "tinh"), "so_dich_vu_cong_muc_do_4", "tong_so_dich_vu_cong"),
        "T3.3": _ratio(t["chuyen_doi_so"], "so_co_quan_dang_chuan_hoa_tthc", "tong_so_co_quan_dang"),
        "T3.4": _ratio(t["chuyen_doi_so"], "so_van_ban_dien_tu_ky_so", "tong_so_van_ban"),
        "T4.1": _share(at("mat_tran_doan_the", "tinh", "huyen"),
                       lambda r: _ge(r.get("so_cuoc_giam_sat"), 2) and _ge(r.get("so_cuoc_phan_bien"), 1),
                       "so_cuoc_giam_sat", "so_cuoc_phan_bien"),
        "T4.2": _share(at("mat_tran_doan_the", "xa"), lambda r: _ge(r.get("so_cuoc_giam_sat"), 1), "so_cuoc_giam_sat"),
        "T4.3": _share(at("mat_tran_doan_the", "xa"), lambda r: r.get("xep_loai") in good, "xep_loai"),
        "T5.1": _yes(big, "co_cong_doan_co_so"),
        "T5.2": _yes(new, "co_cong_doan_co_so"),
        "T5.3": (float(sum(1 for r in t["doanh_nghiep"] if r.get("nam_thanh_lap_to_chuc_doan") == YEAR))
                 if t["doanh_nghiep"] else None),
        "T6.1": _sum(t["ket_nap_dang"], "so_dang_vien_moi_co_ton_giao"),
        "T7.1": _share(t["thon"], lambda r: _ge(r.get("so_mo_hinh_tu_quan_hieu_qua"), 4), "so_mo_hinh_tu_quan_hieu_qua"),
        "T7.2": _yes(t["thon"], "co_to_hoa_giai_hieu_qua"),
        "NV1": _yes(t["cap_uy"], "co_phan_cong_phu_trach_dan_van"),
        "NV2": _ratio(at("cap_uy", "huyen", "xa"), "so_cap_uy_vien_du_hop_hang_thang", "tong_so_cap_uy_vien"),
        "NV3": _yes(t["dan_van_chinh_quyen"], "co_ke_hoach_dan_van_chinh_quyen"),
        "NV4": _yes(t["dan_van_chinh_quyen"], "co_can_bo_phu_trach_cntt"),
        "NV5": _share(at("chuyen_doi_so", "tinh", "huyen", "xa"), lambda r: _ge(r.get("ty_le_giam_thoi_gian_hop"), 40),
                      "ty_le_giam_thoi_gian_hop"),
        "NV6": _sum(hd, "so_thang_co_chuyen_muc_dan_van"),
        "NV7": _sum(hd, "so_hoi_nghi_bieu_duong_dan_van_kheo"),
        "NV8": _sum(hd, "so_hoi_nghi_bieu_duong_nguoi_co_uy_tin"),
        "NV9": _yes(at("cap_uy", "tinh", "huyen", "xa"), "co_chi_dao_thang_cao_diem_dan_van"),
        "NV10": _sum(t["chi_so_tinh"], "par_index"),
        "NV11": _sum(t["chi_so_tinh"], "sipas"),
        "NV12": _sum(t["chi_so_tinh"], "pci"),
        "NV13": _sum(t["chi_so_tinh"], "papi"),
        "NV14": _share(od, lambda r: r.get("so_diem_nong_moi") == 0 and r.get("so_vu_khieu_kien_dong_nguoi_moi") == 0,
                       "so_diem_nong_moi", "so_vu_khieu_kien_dong_nguoi_moi"),
        "NV15": _sum(od, "so_mo_hinh_dan_van_kheo"),
        "NV16": _ratio(t["doanh_nghiep"], "so_doan_vien_cong_doan", "so_lao_dong"),
        "NV17": _ratio(t["thon"], "so_ho_tham_gia_hop", "so_ho"),
    }


def without(form: str, *codes: str) -> dict[str, list[dict]]:
    """The clean tables with some rows of one form left out (keys: ma_don_vi[|to_chuc])."""
    tables = {f: clean(f) for f in CLEAN}
    tables[form] = [r for r in tables[form]
                    if r["ma_don_vi"] not in codes and f"{r['ma_don_vi']}|{r.get('to_chuc')}" not in codes]
    return tables


def row_of(form: str, code: str, header_rows: int = 1, rows: list[dict] | None = None) -> int:
    """Spreadsheet row of a unit in a canonical CSV written from `rows` (header = row 1)."""
    rows = clean(form) if rows is None else rows
    return header_rows + 1 + next(i for i, r in enumerate(rows) if r["ma_don_vi"] == code)


# ---------------------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------------------
CLEAN_REF = "00-clean"
CAP_UY_COLS = ["ma_don_vi", "ten_don_vi", "tong_so_cap_uy_vien", "so_cap_uy_vien_guong_mau",
               "co_phan_cong_phu_trach_dan_van", "so_cap_uy_vien_du_hop_hang_thang"]


def title_rows(number: str, unit: str = "Tỉnh Ninh Bình") -> list[str]:
    form = next(f for f in FORMS.values() if f["number"] == number)
    return [f"BIỂU MẪU SỐ {number}: {form['title'].upper()}", f"Đơn vị: {unit}", f"Năm {YEAR}"]


def first_filled_row(layout: Layout, rows: list[dict], column: str, value: Any = None) -> int:
    """Row of the first data row whose column is filled (where a legacy warning points)."""
    value = value or (lambda r: r.get(column))
    for r in rows:
        if value(r) not in (None, ""):
            return layout.rows[r["ma_don_vi"] + ("|" + r["to_chuc"] if "to_chuc" in r else "")]
    raise ValueError(column)


def case_clean() -> None:
    c = case(CLEAN_REF, "Clean reference year: canonical UTF-8 CSVs of six forms (cap_uy, qcdc, chuyen_doi_so, "
             "mat_tran_doan_the, thon, doanh_nghiep); scores worked out by hand", 0,
             scores=hand_scores({f: clean(f) for f in CLEAN}))
    write_clean_csvs(c.folder)


def case_xlsx_title_labels() -> None:
    c = case("01-xlsx-title-labels", "Workbook typed by an office (openpyxl .xlsx): a party letterhead (two blocks side by "
             "side), 3 title rows and a blank row above the header, labels with line breaks and '(người)', an STT "
             "column, Có/Không, full rating labels, two empty sheets (Sheet2, Sheet3) and Excel's '~$' owner file "
             "(not a submission)", 0,
             same_scores_as=CLEAN_REF)
    s1, s3 = Sheet("Biểu 01"), Sheet("Biểu 03")
    # the letterhead of a party document: two blocks side by side above the form title
    s1.add("TỈNH ỦY NINH BÌNH", None, None, None, "ĐẢNG CỘNG SẢN VIỆT NAM")
    s1.add("BAN DÂN VẬN", None, None, None, None)
    s1.add("*", None, None, None, "Ninh Bình, ngày 10 tháng 01 năm 2024")
    for r in (1, 2, 3):
        s1.merge(r, 1, r, 3)
        s1.merge(r, 5, r, 7)
    headers = {"tong_so_cap_uy_vien": "Tổng số\ncấp ủy viên\n(người)",
               "so_cap_uy_vien_guong_mau": "Số cấp ủy viên gương mẫu\nthực hiện quy định nêu gương (người)",
               "so_cap_uy_vien_du_hop_hang_thang": "Số cấp ủy viên dự họp\nchi bộ/chi đoàn/chi hội hằng tháng"}
    office_sheet(s1, "cap_uy", CAP_UY_COLS, clean("cap_uy"), titles=title_rows("01"), headers=headers)
    office_sheet(s3, "qcdc", ["ma_don_vi", "ten_don_vi", "xep_loai"], clean("qcdc"), titles=title_rows("03"))
    write_xlsx(c.folder / "bao_cao_tinh_2023.xlsx", [s1, s3, Sheet("Sheet2"), Sheet("Sheet3")])
    # the owner file Excel leaves next to an open workbook
    (c.folder / "~$bao_cao_tinh_2023.xlsx").write_bytes(b"\x0bNguyen Van A" + bytes(149))
    write_clean_csvs(c.folder, ("cap_uy", "qcdc"))


CDS_GROUPS = [("Hồ sơ công việc", CDS_COLS[1:3]), ("Văn bản trao đổi", CDS_COLS[3:5]),
              ("Dịch vụ công trực tuyến", CDS_COLS[5:7]), ("Cơ quan Đảng", CDS_COLS[7:9])]


def cds_two_row_header(sheet: Sheet, titles: list[str]) -> tuple[dict[str, int], int]:
    """Biểu 05 with a two-row merged header: group cells over label cells, and the single
    columns merged down over both rows. Returns the column map and the last header row."""
    for text in titles:
        sheet.title(text, 12)
    sheet.add()
    top = ["STT", "Mã đơn vị", "Tên đơn vị"]
    bottom: list[Any] = [None, None, None]
    cols = {"ma_don_vi": 2, "ten_don_vi": 3}
    for group, names in CDS_GROUPS:
        top += [group, None]
        for name in names:
            bottom.append(label("chuyen_doi_so", name))
            cols[name] = len(bottom)
    top.append(label("chuyen_doi_so", "ty_le_giam_thoi_gian_hop"))
    bottom.append(None)
    cols["ty_le_giam_thoi_gian_hop"] = len(top)
    r1 = sheet.add(*top)
    r2 = sheet.add(*bottom)
    for c in (1, 2, 3, 12):
        sheet.merge(r1, c, r2, c)
    for c in (4, 6, 8, 10):
        sheet.merge(r1, c, r1, c + 1)
    return cols, r2


def cds_rows(sheet: Sheet, cols: dict[str, int], rows: list[dict], fmt: Any = None) -> dict[str, int]:
    placed = {}
    width = max(cols.values())
    for i, r in enumerate(rows, 1):
        cells: list[Any] = [None] * width
        cells[0] = i
        for name, pos in cols.items():
            v = NAME[r["ma_don_vi"]] if name == "ten_don_vi" else r.get(name)
            cells[pos - 1] = fmt(name, v) if fmt else v
        placed[r["ma_don_vi"]] = sheet.add(*cells)
    return placed


def case_two_row_header() -> None:
    c = case("02-two-row-merged-header", "Biểu 05 with a two-row merged header (group cells 'Hồ sơ công việc', "
             "'Văn bản trao đổi'… over the column labels; STT/Mã/Tên/Tỷ lệ merged down both rows), openpyxl .xlsx",
             0, same_scores_as=CLEAN_REF)
    s = Sheet("Biểu 05")
    cols, _ = cds_two_row_header(s, title_rows("05"))
    cds_rows(s, cols, clean("chuyen_doi_so"))
    write_xlsx(c.folder / "bieu05_chuyen_doi_so.xlsx", [s])
    write_clean_csvs(c.folder, ("chuyen_doi_so",))


def mat_tran_sheet(sheet: Sheet, rows: list[dict], *, titles: list[str], number_row: bool,
                   value: Any = None) -> Layout:
    """Biểu 06 with 'Số cuộc' merged over 'giám sát' | 'phản biện xã hội'."""
    for text in titles:
        sheet.title(text, 7)
    sheet.add()
    r1 = sheet.add("STT", "Mã đơn vị", "Tên đơn vị", "Tổ chức", "Số cuộc", None, "Xếp loại")
    r2 = sheet.add(None, None, None, None, "giám sát", "phản biện xã hội", None)
    for col in (1, 2, 3, 4, 7):
        sheet.merge(r1, col, r2, col)
    sheet.merge(r1, 5, r1, 6)
    extra = {}
    if number_row:
        extra["number_row"] = sheet.add(*[f"({i})" for i in range(1, 8)])
    cols = {"ma_don_vi": 2, "ten_don_vi": 3, "to_chuc": 4, "so_cuoc_giam_sat": 5, "so_cuoc_phan_bien": 6,
            "xep_loai": 7}
    value = value or (lambda r, c: NAME[r["ma_don_vi"]] if c == "ten_don_vi"
                      else as_label("mat_tran_doan_the", c, r.get(c)))
    placed = {}
    for i, r in enumerate(rows, 1):
        placed[f"{r['ma_don_vi']}|{r['to_chuc']}"] = sheet.add(i, *[value(r, c) for c in cols])
    return Layout(r2, placed, cols, extra=extra)


def case_number_row() -> None:
    s = Sheet("Biểu 06")
    layout = mat_tran_sheet(s, clean("mat_tran_doan_the"), titles=title_rows("06"), number_row=True)
    c = case("03-column-number-row", "Biểu 06: two-row header ('Số cuộc' over 'giám sát' / 'phản biện xã hội') "
             "followed by a column-number row (1) (2) … (7); the number row is skipped (info), not data", 0,
             same_scores_as=CLEAN_REF,
             issues=[issue("row-skipped", "bieu06_mat_tran.xlsx", layout.extra["number_row"], sheet="Biểu 06")])
    write_xlsx(c.folder / "bieu06_mat_tran.xlsx", [s])
    write_clean_csvs(c.folder, ("mat_tran_doan_the",))


THON_ALT_COLS = ["ma_xa", "ten_thon", "so_mo_hinh_tu_quan_hieu_qua", "co_to_hoa_giai_hieu_qua"]


def thon_value(r: dict, c: str, legacy: str | None = None) -> Any:
    if c == "ma_xa":
        return PARENT[r["ma_don_vi"]]
    if c in ("ten_thon", "ten_don_vi"):
        v = NAME[r["ma_don_vi"]]
    else:
        v = as_label("thon", c, r.get(c))
    if legacy and isinstance(v, str):
        from danvan_cli.reading.legacy import from_unicode

        return from_unicode(v, legacy)
    return v


def case_xls_total() -> None:
    s = Sheet("Biểu 09")
    rows = clean("thon")
    cols = ["ma_don_vi", "ten_thon", "so_mo_hinh_tu_quan_hieu_qua", "co_to_hoa_giai_hieu_qua"]
    layout = office_sheet(s, "thon", cols, rows, titles=title_rows("09"), value=thon_value)
    total = total_row(s, layout, ["so_mo_hinh_tu_quan_hieu_qua"], kind="lf")
    s.merge(total, 1, total, 3)
    name = "bieu09_thon.xls"
    c = case("04-xls-libreoffice-total", "Biểu 09 as .xls made by LibreOffice: title rows, labels 'Mã thôn' + "
             "'Tên thôn, xóm, phố, tổ dân phố', a 'Tổng cộng' row (merged A:C) whose =SUM() LibreOffice computed; "
             "the total row is skipped (info) and agrees with the detail rows", 0, same_scores_as=CLEAN_REF,
             issues=[issue("row-skipped", name, total, sheet="Biểu 09")])
    write_libreoffice(c.folder / name, [s])
    write_clean_csvs(c.folder, ("thon",))


def case_ods_total() -> None:
    s = Sheet("Biểu 01")
    layout = office_sheet(s, "cap_uy", CAP_UY_COLS, clean("cap_uy"), titles=title_rows("01"))
    total = total_row(s, layout, ["tong_so_cap_uy_vien", "so_cap_uy_vien_guong_mau",
                                  "so_cap_uy_vien_du_hop_hang_thang"], kind="lf", label_col=3, text="Cộng")
    name = "bieu01_cap_uy.ods"
    c = case("05-ods-libreoffice-total", "Biểu 01 as .ods made by LibreOffice: title rows, labels, a 'Cộng' row "
             "(in the name column) with computed =SUM() cells; skipped (info), no mismatch", 0,
             same_scores_as=CLEAN_REF, issues=[issue("row-skipped", name, total, sheet="Biểu 01")])
    write_libreoffice(c.folder / name, [s])
    write_clean_csvs(c.folder, ("cap_uy",))


def case_xlsx_lo_total() -> None:
    s = Sheet("Biểu 05")
    rows = clean("chuyen_doi_so")
    layout = office_sheet(s, "chuyen_doi_so", ["ma_don_vi", "ten_don_vi", *CDS_COLS[1:]], rows,
                          titles=title_rows("05"))
    total = total_row(s, layout, CDS_COLS[1:9], kind="lf", text="TỔNG CỘNG")
    letter = get_column_letter(layout.cols["ty_le_giam_thoi_gian_hop"])
    first, last = min(layout.rows.values()), max(layout.rows.values())
    s.rows[total - 1][layout.cols["ty_le_giam_thoi_gian_hop"] - 1] = LF(f"of:=AVERAGE([.{letter}{first}:.{letter}{last}])")
    s.merge(total, 1, total, 3)
    name = "bieu05_chuyen_doi_so.xlsx"
    c = case("06-xlsx-libreoffice-total", "Biểu 05 as .xlsx made by LibreOffice: title rows, labels, blank "
             "not-applicable pairs, a 'TỔNG CỘNG' row with computed =SUM() (and =AVERAGE() for the percentage)",
             0, same_scores_as=CLEAN_REF, issues=[issue("row-skipped", name, total, sheet="Biểu 05")])
    write_libreoffice(c.folder / name, [s])
    write_clean_csvs(c.folder, ("chuyen_doi_so",))


def case_total_mismatch() -> None:
    s = Sheet("Biểu 09")
    rows = clean("thon")
    cols = ["ma_don_vi", "ten_don_vi", "so_mo_hinh_tu_quan_hieu_qua", "co_to_hoa_giai_hieu_qua"]
    layout = office_sheet(s, "thon", cols, rows, titles=title_rows("09", "Huyện Kim Sơn"), value=thon_value)
    total = total_row(s, layout, ["so_mo_hinh_tu_quan_hieu_qua"], rows=rows, wrong={"so_mo_hinh_tu_quan_hieu_qua": 10},
                      label_col=2)
    s.merge(total, 2, total, 3)
    name = "Biểu 09 - Kim Sơn.XLSX"
    c = case("07-total-mismatch", "Biểu 09 ('Biểu 09 - Kim Sơn.XLSX') whose 'Tổng cộng' (typed in the Mã thôn column, 48) "
             "differs from the sum of its villages (38): total-mismatch warning on the total row; the total row is still skipped and never counted", 0,
             same_scores_as=CLEAN_REF,
             issues=[issue("row-skipped", name, total, sheet="Biểu 09"),
                     issue("total-mismatch", name, total, "so_mo_hinh_tu_quan_hieu_qua", sheet="Biểu 09")])
    write_xlsx(c.folder / name, [s])
    write_clean_csvs(c.folder, ("thon",))


def case_blank_signature() -> None:
    s = Sheet("Biểu 03")
    for text in title_rows("03"):
        s.title(text, 4)
    s.add()
    s.add("STT", "Mã đơn vị", "Tên đơn vị", "Xếp loại")
    skipped = []
    for i, r in enumerate(clean("qcdc"), 1):
        if r["ma_don_vi"] in ("369", "376"):
            skipped.append(s.add())  # a blank row before each district's block
        s.add(i, r["ma_don_vi"], NAME[r["ma_don_vi"]], choice_label("qcdc", "xep_loai", r["xep_loai"]))
    skipped.append(s.add())
    skipped.append(s.add())
    r = s.add(None, "NGƯỜI LẬP BIỂU", None, "Ninh Bình, ngày 15 tháng 01 năm 2024")
    s.merge(r, 2, r, 3)
    skipped.append(r)
    skipped.append(s.add(None, "(Ký, ghi rõ họ tên)", None, "THỦ TRƯỞNG ĐƠN VỊ"))
    skipped.append(s.add(None, None, None, "(Ký tên, đóng dấu)"))
    skipped.append(s.add())
    skipped.append(s.add())
    skipped.append(s.add(None, "Nguyễn Văn An", None, "Trần Thị Bình"))
    name = "bieu03_qcdc.xlsx"
    c = case("08-blank-rows-signature", "Biểu 03 with blank rows between blocks and a signature block under the "
             "data ('NGƯỜI LẬP BIỂU' under Mã/Tên, 'Ninh Bình, ngày 15 tháng 01 năm 2024', 'THỦ TRƯỞNG ĐƠN VỊ' and "
             "the signer's name under Xếp loại): all skipped as info, none is data", 0, same_scores_as=CLEAN_REF,
             issues=[issue("row-skipped", name, row, sheet="Biểu 03") for row in skipped])
    write_xlsx(c.folder / name, [s])
    write_clean_csvs(c.folder, ("qcdc",))


def label_grid(form: str, columns: list[str], rows: list[dict], *, headers: dict[str, str] | None = None,
               value: Any = None) -> list[list[Any]]:
    headers = headers or {}
    value = value or (lambda r, c: NAME.get(r["ma_don_vi"]) if c == "ten_don_vi" else as_label(form, c, r.get(c)))
    return [[headers.get(c, label(form, c)) for c in columns]] + [[value(r, c) for c in columns] for r in rows]


def case_cp1258() -> None:
    # Excel's "CSV" of a sheet with a title row, a used range one column wider than the
    # table (every line ends with an extra ','), and two empty lines under the data
    grid = label_grid("cap_uy", CAP_UY_COLS, clean("cap_uy"))
    width = len(grid[0]) + 1
    lines = [["BIỂU MẪU SỐ 01: CẤP ỦY - NĂM 2023"], []] + grid + [[], []]
    lines = [line + [None] * (width - len(line)) for line in lines]
    name = "bieu01_cap_uy.csv"
    c = case("09-cp1258-csv", "CSVs saved by Excel as Windows-1258 (precomposed â ê ô ơ ư ă đ, tone marks as "
             "combining bytes), CRLF, a title line and an empty line above the header, an extra empty column on "
             "every line, empty lines at the end, Vietnamese labels, unit names, Có/Không and rating labels", 0,
             same_scores_as=CLEAN_REF,
             issues=[issue("row-skipped", name, len(lines) - 1), issue("row-skipped", name, len(lines))])
    write_csv(c.folder / name, lines, encoding="cp1258", newline="\r\n")
    write_csv(c.folder / "bieu03_qcdc.csv", label_grid("qcdc", ["ma_don_vi", "ten_don_vi", "xep_loai"], clean("qcdc")),
              encoding="cp1258", newline="\r\n")
    write_clean_csvs(c.folder, ("cap_uy", "qcdc"))


def case_bom() -> None:
    c = case("10-utf8-bom-csv", "Biểu 09 CSV in UTF-8 with BOM and CRLF, villages named by 'Mã xã' + "
             "'Tên thôn, xóm, phố, tổ dân phố' (the alternative key; two names typed in lower case or without "
             "diacritics: 'xóm trại mới', 'Thon Tay'), Có/Không", 0, same_scores_as=CLEAN_REF)
    typed = {"14347-03": "xóm trại mới", "14347-02": "Thon Tay"}
    write_csv(c.folder / "bieu09_thon.csv",
              label_grid("thon", THON_ALT_COLS, clean("thon"),
                         value=lambda r, col: typed.get(r["ma_don_vi"], NAME[r["ma_don_vi"]]) if col == "ten_thon"
                         else thon_value(r, col)),
              bom=True, newline="\r\n")
    write_clean_csvs(c.folder, ("thon",))


def case_nfd() -> None:
    c = case("11-nfd-text", "CSVs whose text is decomposed Unicode (NFD, as from macOS): headers, unit names, "
             "organisation and rating labels", 0, same_scores_as=CLEAN_REF)
    write_csv(c.folder / "qcdc.csv", label_grid("qcdc", ["ma_don_vi", "ten_don_vi", "xep_loai"], clean("qcdc")),
              normal="NFD")
    write_csv(c.folder / "mat_tran.csv",
              label_grid("mat_tran_doan_the", ["ma_don_vi", "ten_don_vi", "to_chuc", "so_cuoc_giam_sat",
                                               "so_cuoc_phan_bien", "xep_loai"], clean("mat_tran_doan_the")),
              normal="NFD")
    write_clean_csvs(c.folder, ("qcdc", "mat_tran_doan_the"))


def vn_number(v: Any, percent: bool = False) -> Any:
    """12450 → '12.450', 35.5 → '35,5%' (Vietnamese conventions)."""
    if v is None:
        return None
    if percent:
        text = f"{v:g}".replace(".", ",")
        return text + (" %" if v in (28.5, 20) else "%")
    return f"{v:,}".replace(",", ".")


def case_semicolon() -> None:
    c = case("12-semicolon-vn-numbers", "CSVs with ';' separators and Vietnamese numbers: '12.450' thousands, "
             "'35,5%', '28,5 %', '30%' and '20 %' percentages, 'Có'/'Không'", 0, same_scores_as=CLEAN_REF)
    cols = ["ma_don_vi", "ten_don_vi", *CDS_COLS[1:]]
    value = lambda r, col: (NAME[r["ma_don_vi"]] if col == "ten_don_vi" else r["ma_don_vi"] if col == "ma_don_vi"  # noqa: E731
                            else vn_number(r.get(col), col == "ty_le_giam_thoi_gian_hop"))
    write_csv(c.folder / "bieu05.csv", label_grid("chuyen_doi_so", cols, clean("chuyen_doi_so"), value=value), sep=";")
    write_csv(c.folder / "bieu01.csv", label_grid("cap_uy", CAP_UY_COLS, clean("cap_uy")), sep=";")
    write_clean_csvs(c.folder, ("cap_uy", "chuyen_doi_so"))


def case_booleans_ratings() -> None:
    c = case("13-booleans-ratings", "Booleans typed as Có, x, X, 1, Không, Đạt, TRUE, có, 0, FALSE, Không đạt (some with "
             "spaces or a non-breaking space around them, as are two unit codes); "
             "ratings as HTXSNV/HTTNV/HTNV/KHTNV and labels; organisations as MTTQ, Công đoàn, Hội CCB, "
             "Đoàn TNCS Hồ Chí Minh…", 0, same_scores_as=CLEAN_REF)
    cap_bools = {"37": "Có", "369": "x", "14320": "1", "14347": "Không đạt", "376": "Đạt", "14620": " TRUE ",
                 "14629": "có\u00a0"}
    padded = {"14620": " 14620 ", "376": "376\u00a0"}  # stray spaces, a non-breaking space from a web page
    cap = label_grid("cap_uy", CAP_UY_COLS, clean("cap_uy"),
                     value=lambda r, col: cap_bools[r["ma_don_vi"]] if col == "co_phan_cong_phu_trach_dan_van"
                     else NAME[r["ma_don_vi"]] if col == "ten_don_vi"
                     else padded.get(r["ma_don_vi"], r["ma_don_vi"]) if col == "ma_don_vi" else r.get(col))
    write_csv(c.folder / "cap_uy.csv", cap)
    thon_bools = ["x", "Có", "Không", "1", "0", "TRUE", "Đạt", "FALSE", "X", "có"]
    thon_rows = clean("thon")
    grid = [["Mã thôn", "Tên đơn vị", "Số mô hình tự quản", "Tổ hòa giải hoạt động hiệu quả"]]
    for r, b in zip(thon_rows, thon_bools, strict=True):
        assert (b.lower() in ("x", "có", "1", "true", "đạt")) == r["co_to_hoa_giai_hieu_qua"]
        grid.append([r["ma_don_vi"], NAME[r["ma_don_vi"]], r["so_mo_hinh_tu_quan_hieu_qua"], b])
    write_csv(c.folder / "thon.csv", grid)
    abbrev = {"xuat_sac": "HTXSNV", "tot": "HTTNV", "hoan_thanh": "HTNV", "khong_hoan_thanh": "KHTNV"}
    write_csv(c.folder / "qcdc.csv", [["Mã đơn vị", "Kết quả xếp loại"]] +
              [[r["ma_don_vi"], abbrev[r["xep_loai"]]] for r in clean("qcdc")])
    orgs = {"mttq": "MTTQ", "cong_doan": "Công đoàn", "phu_nu": "Hội Phụ nữ", "nong_dan": "Hội Nông dân",
            "cuu_chien_binh": "Hội CCB", "doan_thanh_nien": "Đoàn TNCS Hồ Chí Minh"}
    grid = [["Mã đơn vị", "Tên tổ chức", "Số cuộc giám sát", "Số cuộc phản biện", "Xếp loại"]]
    for i, r in enumerate(clean("mat_tran_doan_the")):
        rating = r["xep_loai"] and (abbrev[r["xep_loai"]] if i % 2 else choice_label("qcdc", "xep_loai", r["xep_loai"]))
        grid.append([r["ma_don_vi"], orgs[r["to_chuc"]], r["so_cuoc_giam_sat"], r["so_cuoc_phan_bien"], rating])
    write_csv(c.folder / "mat_tran.csv", grid)
    write_clean_csvs(c.folder, ("cap_uy", "thon", "qcdc", "mat_tran_doan_the"))


def case_codes() -> None:
    c = case("14-codes-numbers-leading-zeros", "Unit codes stored as numbers (37, 369, 14320 as numeric cells in "
             ".xlsx and in a LibreOffice .ods), village codes as text '14320-01', a branch tax code with a leading "
             "zero kept as text ('0100109106-012') next to tax codes stored as numbers; in Biểu 09 counts stored as "
             "text cells and booleans as real TRUE/FALSE cells", 0, same_scores_as=CLEAN_REF)
    s1 = Sheet("Biểu 01")
    office_sheet(s1, "cap_uy", CAP_UY_COLS, clean("cap_uy"), titles=title_rows("01"),
                 value=lambda r, col: int(r["ma_don_vi"]) if col == "ma_don_vi"
                 else NAME[r["ma_don_vi"]] if col == "ten_don_vi" else as_label("cap_uy", col, r.get(col)))
    s7 = Sheet("Biểu 07")
    dn_cols = ["ma_so_thue", "ten_doanh_nghiep", "ma_don_vi", "so_lao_dong", "nam_thanh_lap",
               "du_dieu_kien_thanh_lap_cong_doan", "co_cong_doan_co_so", "nam_thanh_lap_to_chuc_doan"]

    def dn_value(r: dict, col: str) -> Any:
        v = r.get(col)
        if col == "ma_so_thue":
            return int(v) if v.isdigit() and not v.startswith("0") else v
        if col == "ma_don_vi":
            return int(v)
        return as_label("doanh_nghiep", col, v)

    office_sheet(s7, "doanh_nghiep", dn_cols, clean("doanh_nghiep"), titles=title_rows("07"), value=dn_value,
                 key=lambda r: r["ma_so_thue"])
    s9 = Sheet("Biểu 09")
    # counts typed as text cells ('5'), booleans as real TRUE/FALSE cells
    office_sheet(s9, "thon", ["ma_don_vi", "ten_don_vi", "so_mo_hinh_tu_quan_hieu_qua", "co_to_hoa_giai_hieu_qua"],
                 clean("thon"), titles=title_rows("09"),
                 value=lambda r, col: str(r[col]) if col == "so_mo_hinh_tu_quan_hieu_qua"
                 else r[col] if col == "co_to_hoa_giai_hieu_qua" else thon_value(r, col))
    write_xlsx(c.folder / "bao_cao_so_lieu.xlsx", [s1, s7, s9])
    s3 = Sheet("Biểu 03")
    office_sheet(s3, "qcdc", ["ma_don_vi", "ten_don_vi", "xep_loai"], clean("qcdc"), titles=title_rows("03"),
                 value=lambda r, col: int(r["ma_don_vi"]) if col == "ma_don_vi"
                 else NAME[r["ma_don_vi"]] if col == "ten_don_vi" else as_label("qcdc", col, r.get(col)))
    write_libreoffice(c.folder / "bieu03_qcdc.ods", [s3])
    write_clean_csvs(c.folder, ("cap_uy", "doanh_nghiep", "thon", "qcdc"))


def case_formula_no_cache() -> None:
    s = Sheet("Biểu 01")
    layout = office_sheet(s, "cap_uy", CAP_UY_COLS, clean("cap_uy"), titles=title_rows("01"))
    row = layout.rows["14347"]
    tong = get_column_letter(layout.cols["tong_so_cap_uy_vien"])
    col = layout.cols["so_cap_uy_vien_guong_mau"]
    s.rows[row - 1][col - 1] = XF(f"={tong}{row}-1")
    name = "bieu01_cap_uy.xlsx"
    c = case("15-formula-no-cached-value", "Biểu 01 written by a script (openpyxl): one cell holds the formula "
             f"={tong}{row}-1 with no cached value (the file was never opened in Excel) → cell-formula error on "
             "that cell; the row is left out", 1,
             issues=[issue("cell-formula", name, row, "so_cap_uy_vien_guong_mau", sheet="Biểu 01",
                           cell=cell_ref(row, col))],
             scores={k: v for k, v in hand_scores(without("cap_uy", "14347")).items()
                     if k in ("T1.1", "NV1", "NV2")})
    write_xlsx(c.folder / name, [s])


def case_error_values() -> None:
    s1 = Sheet("Biểu 01")
    l1 = office_sheet(s1, "cap_uy", CAP_UY_COLS, clean("cap_uy"), titles=title_rows("01"))
    r1, c1 = l1.rows["14347"], l1.cols["so_cap_uy_vien_guong_mau"]
    s1.rows[r1 - 1][c1 - 1] = LF(f"of:=[.{get_column_letter(c1 - 1)}{r1}]/0")
    s9 = Sheet("Biểu 09")
    l9 = office_sheet(s9, "thon", ["ma_don_vi", "ten_don_vi", "so_mo_hinh_tu_quan_hieu_qua", "co_to_hoa_giai_hieu_qua"],
                      clean("thon"), titles=title_rows("09"), value=thon_value)
    r9, c9 = l9.rows["14629-01"], l9.cols["so_mo_hinh_tu_quan_hieu_qua"]
    s9.rows[r9 - 1][c9 - 1] = LF("of:=[.#REF!]+1")
    s5 = Sheet("Biểu 05")
    l5 = office_sheet(s5, "chuyen_doi_so", ["ma_don_vi", "ten_don_vi", *CDS_COLS[1:]], clean("chuyen_doi_so"),
                      titles=title_rows("05"))
    r5, c5 = l5.rows["14620"], l5.cols["ty_le_giam_thoi_gian_hop"]
    s5.rows[r5 - 1][c5 - 1] = LF("of:=1/0")
    c = case("16-error-values-libreoffice", "Error values computed and saved by LibreOffice: #DIV/0! in Biểu 01 "
             "(.xlsx), #REF! in Biểu 09 (.ods), #DIV/0! in the optional percentage of Biểu 05 (.xls) → cell-formula "
             "errors on those cells, never read as blank", 1,
             issues=[issue("cell-formula", "bieu01.xlsx", r1, "so_cap_uy_vien_guong_mau", sheet="Biểu 01",
                           cell=cell_ref(r1, c1)),
                     issue("cell-formula", "bieu09.ods", r9, "so_mo_hinh_tu_quan_hieu_qua", sheet="Biểu 09",
                           cell=cell_ref(r9, c9)),
                     issue("cell-formula", "bieu05.xls", r5, "ty_le_giam_thoi_gian_hop", sheet="Biểu 05",
                           cell=cell_ref(r5, c5))])
    write_libreoffice(c.folder / "bieu01.xlsx", [s1])
    write_libreoffice(c.folder / "bieu09.ods", [s9])
    write_libreoffice(c.folder / "bieu05.xls", [s5])


def legacy_case(name: str, encoding: str, sample: str) -> None:
    from danvan_cli.reading.legacy import from_unicode

    enc = lambda text: from_unicode(text, encoding)  # noqa: E731
    issues = []
    s9 = Sheet("Biểu 09")
    for text in title_rows("09"):
        s9.title(enc(text), 5)
    s9.add()
    thon_cols = ["ma_xa", "ten_thon", "so_mo_hinh_tu_quan_hieu_qua", "co_to_hoa_giai_hieu_qua"]
    header = s9.add("STT", *[label("thon", c) for c in thon_cols])
    placed = {}
    for i, r in enumerate(clean("thon"), 1):
        placed[r["ma_don_vi"]] = s9.add(i, *[thon_value(r, c, encoding) for c in thon_cols])
    first = min(placed.values())
    total_cell = (LF(f"of:=SUM([.D{first}:.D{max(placed.values())}])") if encoding == "tcvn3"
                  else sum(r["so_mo_hinh_tu_quan_hieu_qua"] for r in THON))
    total = s9.add(None, None, enc("Tổng cộng"), total_cell, None)
    issues += [issue("legacy-encoding", fname(encoding), first, "ten_thon", sheet="Biểu 09"),
               issue("legacy-encoding", fname(encoding), first, "co_to_hoa_giai_hieu_qua", sheet="Biểu 09"),
               issue("row-skipped", fname(encoding), total, sheet="Biểu 09")]
    del header
    second = Sheet("Biểu 03" if encoding == "tcvn3" else "Biểu 06")
    if encoding == "tcvn3":
        layout = office_sheet(second, "qcdc", ["ma_don_vi", "ten_don_vi", "xep_loai"], clean("qcdc"),
                              titles=[enc(t) for t in title_rows("03")],
                              value=lambda r, c: r["ma_don_vi"] if c == "ma_don_vi" else enc(
                                  NAME[r["ma_don_vi"]] if c == "ten_don_vi" else choice_label("qcdc", c, r[c])))
        first = min(layout.rows.values())
        issues += [issue("legacy-encoding", fname(encoding), first, "ten_don_vi", sheet="Biểu 03"),
                   issue("legacy-encoding", fname(encoding), first, "xep_loai", sheet="Biểu 03")]
    else:
        rows = clean("mat_tran_doan_the")
        layout = mat_tran_sheet(second, rows, titles=[enc(t) for t in title_rows("06")], number_row=False,
                                value=lambda r, c: enc(NAME[r["ma_don_vi"]]) if c == "ten_don_vi" else
                                (enc(as_label("mat_tran_doan_the", c, r[c])) if r.get(c) and c in ("to_chuc", "xep_loai")
                                 else as_label("mat_tran_doan_the", c, r.get(c))))
        for column in ("ten_don_vi", "to_chuc", "xep_loai"):
            issues.append(issue("legacy-encoding", fname(encoding), first_filled_row(layout, rows, column,
                          (lambda r: NAME[r["ma_don_vi"]]) if column == "ten_don_vi" else None), column,
                          sheet="Biểu 06"))
    c = case(name, f"{encoding.upper()} text inside an otherwise valid {fname(encoding).rsplit('.', 1)[1]} "
             f"(e.g. '{sample}'): title rows, village and unit names, Có/Không, rating and organisation labels, "
             "the total row label; converted per column (legacy-encoding warnings), villages found by Mã xã + "
             "converted name, same scores as clean", 0, same_scores_as=CLEAN_REF, issues=issues)
    if encoding == "tcvn3":
        write_libreoffice(c.folder / fname(encoding), [s9, second])
        write_clean_csvs(c.folder, ("thon", "qcdc"))
    else:
        write_xlsx(c.folder / fname(encoding), [s9, second])
        write_clean_csvs(c.folder, ("thon", "mat_tran_doan_the"))


def fname(encoding: str) -> str:
    return "bao_cao_vntime.xls" if encoding == "tcvn3" else "bao_cao_vni.xlsx"


def split_cap_uy(folder: Path, extra: list[list[Any]]) -> dict[str, int]:
    """cap_uy in three office files (province, each district) + a commune's own file."""
    rows = clean("cap_uy")
    parts = {"cap_uy_tinh.csv": ["37"], "cap_uy_tp_ninh_binh.csv": ["369", "14320", "14347"],
             "cap_uy_kim_son.csv": ["376", "14620", "14629"]}
    where = {}
    for file, codes in parts.items():
        sub = [r for r in rows if r["ma_don_vi"] in codes]
        write_csv(folder / file, canon_grid("cap_uy", sub))
        for code in codes:
            where[f"{file}:{code}"] = row_of("cap_uy", code, rows=sub)
    write_csv(folder / "phuong_dong_thanh.csv", [CANON_COLUMNS["cap_uy"]] + extra)
    return where


def case_duplicates() -> None:
    same = canon_grid("cap_uy", [r for r in clean("cap_uy") if r["ma_don_vi"] == "14320"])[1]
    c = case("19-duplicate-identical", "Phường Đông Thành sent its own Biểu 01 (phuong_dong_thanh.csv) and the city "
             "file also has its row, identical: row-duplicate-identical warning on the second copy, counted once",
             0, same_scores_as=CLEAN_REF,
             issues=[issue("row-duplicate-identical", "phuong_dong_thanh.csv", 2, None)])
    split_cap_uy(c.folder, [same])
    write_clean_csvs(c.folder, ("cap_uy",))
    changed = list(same)
    changed[3] = "16"  # tong_so_cap_uy_vien 16 instead of 15
    tables = without("cap_uy", "14320")
    c = case("20-duplicate-conflict", "Phường Đông Thành's row sent twice with different figures (15 vs 16 cấp ủy "
             "viên): row-duplicate error on both rows; neither is counted (scores by hand without 14320)", 1)
    where = split_cap_uy(c.folder, [changed])
    c.issues = [issue("row-duplicate", "cap_uy_tp_ninh_binh.csv", where["cap_uy_tp_ninh_binh.csv:14320"], None),
                issue("row-duplicate", "phuong_dong_thanh.csv", 2, None)]
    c.scores = hand_scores(tables)
    write_clean_csvs(c.folder, ("cap_uy",))


def grid_with(form: str, rows: list[dict], columns: list[str] | None = None) -> list[list[Any]]:
    return canon_grid(form, rows, columns)


def case_unit_unknown() -> None:
    cap = clean("cap_uy") + [dict(CAP_UY[3], ma_don_vi="14999", ten_don_vi="Xã Kim Đông")]
    thon = clean("thon") + [dict(THON[0], ma_don_vi="14320-09", ten_don_vi="Phố Trần Hưng Đạo")]
    c = case("21-unit-unknown", "A commune code (14999) and a village code (14320-09) that are not in the "
             "registry → unit-unknown errors; those rows are left out, so scores equal the clean year", 1,
             same_scores_as=CLEAN_REF,
             issues=[issue("unit-unknown", "cap_uy.csv", len(cap) + 1, "ma_don_vi"),
                     issue("unit-unknown", "thon.csv", len(thon) + 1, "ma_don_vi")])
    write_csv(c.folder / "cap_uy.csv", grid_with("cap_uy", cap))
    write_csv(c.folder / "thon.csv", grid_with("thon", thon))
    write_clean_csvs(c.folder, ("cap_uy", "thon"))


KET_NAP = _rows(["ma_don_vi", "to_chuc_dang", "so_dang_vien_moi", "so_dang_vien_moi_co_ton_giao"],
                [("369", "Đảng bộ Thành phố Ninh Bình", 120, 21), ("376", "Đảng bộ Huyện Kim Sơn", 180, 64)])
HOAT_DONG = _rows(["ma_don_vi", "so_ky_chuyen_muc_dan_van", "so_hoi_nghi_bieu_duong_dan_van_kheo",
                   "so_hoi_nghi_bieu_duong_nguoi_co_uy_tin", "co_thang_cao_diem_dan_van"],
                  [("37", 12, 1, 0, True)])


def case_unit_level() -> None:
    cap = clean("cap_uy") + [dict(CAP_UY[2], ma_don_vi="14320-01")]
    kn = [dict(r) for r in KET_NAP] + [{"ma_don_vi": "14629", "to_chuc_dang": "Đảng bộ xã Hồi Ninh",
                                        "so_dang_vien_moi": 10, "so_dang_vien_moi_co_ton_giao": 3}]
    hd = [dict(r) for r in HOAT_DONG] + [{"ma_don_vi": "14320", "so_ky_chuyen_muc_dan_van": 4,
                                          "so_hoi_nghi_bieu_duong_dan_van_kheo": 0,
                                          "so_hoi_nghi_bieu_duong_nguoi_co_uy_tin": 0, "co_thang_cao_diem_dan_van": True}]
    tables = {f: clean(f) for f in CLEAN} | {"ket_nap_dang": [dict(r) for r in KET_NAP],
                                              "hoat_dong_tinh": [dict(r) for r in HOAT_DONG]}
    scores = hand_scores(tables)
    c = case("22-unit-level", "A village code in Biểu 01 (cap_uy: tinh/huyen/xa), a commune in Biểu 08 "
             "(ket_nap_dang: district committees, optional province rows) and a commune in Biểu 10 "
             "(hoat_dong_tinh: province only) → unit-level errors; those rows are left out", 1,
             issues=[issue("unit-level", "cap_uy.csv", len(cap) + 1, "ma_don_vi"),
                     issue("unit-level", "ket_nap_dang.csv", len(kn) + 1, "ma_don_vi"),
                     issue("unit-level", "hoat_dong_tinh.csv", len(hd) + 1, "ma_don_vi")],
             scores={k: scores[k] for k in ("T1.1", "NV1", "NV2", "T6.1", "NV6", "NV9")})
    write_csv(c.folder / "cap_uy.csv", grid_with("cap_uy", cap))
    write_csv(c.folder / "ket_nap_dang.csv", grid_with("ket_nap_dang", kn, ["ma_don_vi", "ten_don_vi", "nam",
                                                                             "to_chuc_dang", "so_dang_vien_moi",
                                                                             "so_dang_vien_moi_co_ton_giao"]))
    write_csv(c.folder / "hoat_dong_tinh.csv", grid_with("hoat_dong_tinh", hd, ["ma_don_vi", "ten_don_vi", "nam",
                                                                                 *list(HOAT_DONG[0])[1:]]))
    write_clean_csvs(c.folder, ("cap_uy",))


def case_name_mismatch() -> None:
    names = {"37": "Ninh Bình", "369": "TP Ninh Bình", "14320": "Phường Nam Bình", "14347": "Ninh Nhất",
             "376": "Kim Sơn", "14620": "TT Phát Diệm", "14629": "xã Hồi Ninh"}
    rows = [dict(r, ten_don_vi=names[r["ma_don_vi"]]) for r in clean("cap_uy")]
    c = case("23-unit-name-mismatch", "Unit names written the usual short ways ('TP Ninh Bình', 'Kim Sơn', "
             "'TT Phát Diệm', 'xã Hồi Ninh') match the registry; 'Phường Nam Bình' for code 14320 (Phường Đông "
             "Thành) does not → unit-name-mismatch warning, row still counted", 0, same_scores_as=CLEAN_REF,
             issues=[issue("unit-name-mismatch", "cap_uy.csv", row_of("cap_uy", "14320"), "ten_don_vi")])
    write_csv(c.folder / "cap_uy.csv", grid_with("cap_uy", rows))
    write_clean_csvs(c.folder, ("cap_uy",))


def case_year_mismatch() -> None:
    rows = [dict(r, nam=2022 if r["ma_don_vi"] == "14620" else YEAR) for r in clean("qcdc")]
    c = case("24-year-mismatch", "Biểu 03 in the 2023 folder with one row whose 'nam' is 2022 → year-mismatch "
             "error, row left out", 1,
             issues=[issue("year-mismatch", "qcdc.csv", row_of("qcdc", "14620"), "nam")],
             scores={"T2.1": hand_scores(without("qcdc", "14620"))["T2.1"]})
    write_csv(c.folder / "qcdc.csv", grid_with("qcdc", rows))
    write_clean_csvs(c.folder, ("qcdc",))


def case_cell_missing_type() -> None:
    cap = clean("cap_uy")
    cap_grid = canon_grid("cap_uy", cap)
    col = CANON_COLUMNS["cap_uy"]
    cap_grid[row_of("cap_uy", "14347") - 1][col.index("tong_so_cap_uy_vien")] = ""
    cap_grid[row_of("cap_uy", "14629") - 1][col.index("so_cap_uy_vien_guong_mau")] = "bốn"
    thon_grid = canon_grid("thon")
    tcol = CANON_COLUMNS["thon"]
    thon_grid[row_of("thon", "14347-03") - 1][tcol.index("co_to_hoa_giai_hieu_qua")] = ""
    thon_grid[row_of("thon", "14620-01") - 1][tcol.index("so_mo_hinh_tu_quan_hieu_qua")] = "1,5"
    tables = without("cap_uy", "14347", "14629")
    tables["thon"] = [r for r in clean("thon") if r["ma_don_vi"] not in ("14347-03", "14620-01")]
    scores = hand_scores(tables)
    c = case("25-cell-missing-type", "Required cells left blank (tong_so_cap_uy_vien, co_to_hoa_giai_hieu_qua) → "
             "cell-missing; 'bốn' and '1,5' in integer columns → cell-type; those rows are left out", 1,
             issues=[issue("cell-missing", "cap_uy.csv", row_of("cap_uy", "14347"), "tong_so_cap_uy_vien"),
                     issue("cell-type", "cap_uy.csv", row_of("cap_uy", "14629"), "so_cap_uy_vien_guong_mau"),
                     issue("cell-missing", "thon.csv", row_of("thon", "14347-03"), "co_to_hoa_giai_hieu_qua"),
                     issue("cell-type", "thon.csv", row_of("thon", "14620-01"), "so_mo_hinh_tu_quan_hieu_qua")],
             scores={k: scores[k] for k in ("T1.1", "NV1", "NV2", "T7.1", "T7.2")})
    write_csv(c.folder / "cap_uy.csv", cap_grid)
    write_csv(c.folder / "thon.csv", thon_grid)


def case_cell_range() -> None:
    cap_grid = canon_grid("cap_uy")
    cap_grid[row_of("cap_uy", "14620") - 1][CANON_COLUMNS["cap_uy"].index("so_cap_uy_vien_du_hop_hang_thang")] = "-3"
    qcdc_grid = label_grid("qcdc", ["ma_don_vi", "ten_don_vi", "xep_loai"], clean("qcdc"))
    qcdc_grid[row_of("qcdc", "14347") - 1][2] = "Giỏi"
    cds_grid = canon_grid("chuyen_doi_so")
    cds_grid[row_of("chuyen_doi_so", "14320") - 1][CANON_COLUMNS["chuyen_doi_so"].index("ty_le_giam_thoi_gian_hop")] = "120%"
    mt = clean("mat_tran_doan_the")
    mt_grid = canon_grid("mat_tran_doan_the", mt)
    mt_row = 2 + next(i for i, r in enumerate(mt) if r["ma_don_vi"] == "14629" and r["to_chuc"] == "mttq")
    mt_grid[mt_row - 1][CANON_COLUMNS["mat_tran_doan_the"].index("so_cuoc_giam_sat")] = "-1"
    c = case("26-cell-range", "Values out of range: -3 cấp ủy viên dự họp, rating 'Giỏi' (not a rating of the "
             "form), 120% meeting-time cut, -1 cuộc giám sát → cell-range errors", 1,
             issues=[issue("cell-range", "cap_uy.csv", row_of("cap_uy", "14620"), "so_cap_uy_vien_du_hop_hang_thang"),
                     issue("cell-range", "qcdc.csv", row_of("qcdc", "14347"), "xep_loai"),
                     issue("cell-range", "chuyen_doi_so.csv", row_of("chuyen_doi_so", "14320"), "ty_le_giam_thoi_gian_hop"),
                     issue("cell-range", "mat_tran_doan_the.csv", mt_row, "so_cuoc_giam_sat")],
             scores={"T2.1": hand_scores(without("qcdc", "14347"))["T2.1"],
                     "T1.1": hand_scores(without("cap_uy", "14620"))["T1.1"]})
    write_csv(c.folder / "cap_uy.csv", cap_grid)
    write_csv(c.folder / "qcdc.csv", qcdc_grid)
    write_csv(c.folder / "chuyen_doi_so.csv", cds_grid)
    write_csv(c.folder / "mat_tran_doan_the.csv", mt_grid)


def case_rules() -> None:
    cap = clean("cap_uy")
    for r in cap:
        if r["ma_don_vi"] == "14320":
            r["so_cap_uy_vien_guong_mau"] = 16  # > 15
        if r["ma_don_vi"] == "369":
            r["so_cap_uy_vien_du_hop_hang_thang"] = 45  # > 41
    cds = clean("chuyen_doi_so")
    for r in cds:
        if r["ma_don_vi"] == "14347":
            r["so_van_ban_dien_tu_ky_so"] = None  # half-filled pair
        if r["ma_don_vi"] == "14629":
            r["so_dich_vu_cong_muc_do_4"] = 30  # pair with a blank total
    tables = without("cap_uy", "14320", "369")
    tables["chuyen_doi_so"] = [r for r in clean("chuyen_doi_so") if r["ma_don_vi"] not in ("14347", "14629")]
    scores = hand_scores(tables)
    c = case("27-rules", "Cross-column rules: part > total (16 gương mẫu of 15; 45 dự họp of 41) and half-filled "
             "pairs in Biểu 05 (văn bản total without its part; DVC mức độ 4 without its total) → rule errors", 1,
             issues=[issue("rule", "cap_uy.csv", row_of("cap_uy", "14320"), "so_cap_uy_vien_guong_mau"),
                     issue("rule", "cap_uy.csv", row_of("cap_uy", "369"), "so_cap_uy_vien_du_hop_hang_thang"),
                     issue("rule", "chuyen_doi_so.csv", row_of("chuyen_doi_so", "14347"), "so_van_ban_dien_tu_ky_so"),
                     issue("rule", "chuyen_doi_so.csv", row_of("chuyen_doi_so", "14629"), "tong_so_dich_vu_cong")],
             scores={k: scores[k] for k in ("T1.1", "NV2", "T3.1c", "T3.2", "T3.4")})
    write_csv(c.folder / "cap_uy.csv", canon_grid("cap_uy", cap))
    write_csv(c.folder / "chuyen_doi_so.csv", canon_grid("chuyen_doi_so", cds))


def staff_sheet() -> Sheet:
    s = Sheet("Danh sách cán bộ")
    s.title("DANH SÁCH CÁN BỘ PHỤ TRÁCH CÔNG TÁC DÂN VẬN", 5)
    s.add()
    s.add("STT", "Họ và tên", "Ngày sinh", "Quê quán", "Số điện thoại")
    s.add(1, "Nguyễn Văn An", "12/03/1978", "Kim Sơn", "0912345678")
    s.add(2, "Trần Thị Bình", "05/11/1985", "Hoa Lư", "0987654321")
    return s


def case_form_unknown() -> None:
    name = "bao_cao.xlsx"
    c = case("28-form-unknown", "A workbook with Biểu 03 and a staff-list sheet ('Danh sách cán bộ': Họ và tên, "
             "Ngày sinh, Quê quán, Số điện thoại) that matches no form → form-unknown error for that sheet; "
             "Biểu 03 still counts", 1, same_scores_as=CLEAN_REF,
             issues=[issue("form-unknown", name, None, None, sheet="Danh sách cán bộ")])
    s3 = Sheet("Biểu 03")
    office_sheet(s3, "qcdc", ["ma_don_vi", "ten_don_vi", "xep_loai"], clean("qcdc"), titles=title_rows("03"))
    write_xlsx(c.folder / name, [s3, staff_sheet()])
    write_clean_csvs(c.folder, ("qcdc",))


def summary_sheet() -> Sheet:
    s = Sheet("Tổng hợp")
    s.title("TỔNG HỢP MỘT SỐ CHỈ TIÊU", 3)
    s.add()
    s.add("Mã đơn vị", "Số đảng viên mới kết nạp", "Số mô hình tự quản hoạt động hiệu quả")
    s.add("369", 120, 9)
    s.add("376", 180, 19)
    return s


def case_form_ambiguous() -> None:
    name = "tong_hop.xlsx"
    c = case("29-form-ambiguous", "A sheet 'Tổng hợp' mixing a column of Biểu 08 (Số đảng viên mới kết nạp) and "
             "one of Biểu 09 (Số mô hình tự quản hoạt động hiệu quả) with Mã đơn vị: it explains both forms "
             "equally → form-ambiguous error, not a silent guess", 1, same_scores_as=CLEAN_REF,
             issues=[issue("form-ambiguous", name, None, None, sheet="Tổng hợp")])
    write_xlsx(c.folder / name, [summary_sheet()])
    write_clean_csvs(c.folder)


def case_column_duplicate() -> None:
    s = Sheet("Biểu 01")
    cols = CAP_UY_COLS + ["so_cap_uy_vien_guong_mau"]
    layout = office_sheet(s, "cap_uy", CAP_UY_COLS, clean("cap_uy"), titles=title_rows("01"))
    # a copied column: 'Cấp ủy viên gương mẫu' again at the end, with other figures
    s.rows[layout.header_row - 1].append("Cấp ủy viên gương mẫu")
    for code, row in layout.rows.items():
        s.rows[row - 1].append(next(r for r in CAP_UY if r["ma_don_vi"] == code)["so_cap_uy_vien_guong_mau"] - 1)
    del cols
    name = "bieu01.xlsx"
    c = case("30-column-duplicate", "Biểu 01 whose header has 'Số cấp ủy viên gương mẫu…' twice (a copied column "
             "'Cấp ủy viên gương mẫu' with other figures) → column-duplicate error on the header", 1,
             issues=[issue("column-duplicate", name, layout.header_row, "so_cap_uy_vien_guong_mau", sheet="Biểu 01")])
    write_xlsx(c.folder / name, [s])


def case_column_unknown() -> None:
    grid = canon_grid("cap_uy")
    grid[0].append("Số điện thoại liên hệ")
    for i, line in enumerate(grid[1:]):
        line.append(f"0229387{i:04d}")
    c = case("31-column-unknown", "Biểu 01 CSV with an extra column 'Số điện thoại liên hệ' → column-unknown "
             "warning on the header, the column is ignored, same scores", 0, same_scores_as=CLEAN_REF,
             issues=[issue("column-unknown", "cap_uy.csv", 1, None)])
    write_csv(c.folder / "cap_uy.csv", grid)
    write_clean_csvs(c.folder, ("cap_uy",))


def case_column_missing() -> None:
    cap_cols = [c for c in CANON_COLUMNS["cap_uy"] if c != "so_cap_uy_vien_guong_mau"]
    thon_cols = [c for c in CANON_COLUMNS["thon"] if c != "co_to_hoa_giai_hieu_qua"]
    c = case("32-column-missing", "Biểu 01 without 'so_cap_uy_vien_guong_mau' and Biểu 09 without "
             "'co_to_hoa_giai_hieu_qua' (required columns) → column-missing errors", 1,
             issues=[issue("column-missing", "cap_uy.csv", 1, "so_cap_uy_vien_guong_mau"),
                     issue("column-missing", "thon.csv", 1, "co_to_hoa_giai_hieu_qua")])
    write_csv(c.folder / "cap_uy.csv", canon_grid("cap_uy", columns=cap_cols))
    write_csv(c.folder / "thon.csv", canon_grid("thon", columns=thon_cols))


def junk(n: int, seed: str) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(n))


def case_unreadable() -> None:
    s = Sheet("Biểu 01")
    office_sheet(s, "cap_uy", CAP_UY_COLS, clean("cap_uy"), titles=title_rows("01"))
    with tempfile.TemporaryDirectory() as tmp:
        write_xlsx(Path(tmp) / "good.xlsx", [s])
        good = (Path(tmp) / "good.xlsx").read_bytes()
    files = {
        "rong.csv": b"",
        "rong.xlsx": b"",
        "hong.xlsx": junk(3000, "hong.xlsx"),
        "rac.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + junk(1500, "rac.csv"),
        "cat_do.xlsx": good[: len(good) // 2],
    }
    c = case("33-unreadable-files", "Files that cannot be read: an empty .csv and an empty .xlsx (0 bytes), random "
             "bytes named .xlsx, a .csv holding binary junk (a PNG), an .xlsx cut in half by a failed download → "
             "file-unreadable for each, never a traceback; the other files still count", 1,
             same_scores_as=CLEAN_REF, issues=[issue("file-unreadable", f) for f in sorted(files)])
    for f, data in files.items():
        (c.folder / f).write_bytes(data)
    write_clean_csvs(c.folder)


_XLSX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Biểu 01" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}
_SHEET_PREFIX = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'


def zip_bomb(path: Path, size: int, compression: int) -> None:
    """An .xlsx skeleton whose sheet1.xml inflates to `size` bytes (an XML prefix, then
    zeros), written from a generator in 1 MiB chunks so memory stays small."""
    buf = io.BytesIO()
    stamp = FIXED_TIME.timetuple()[:6]
    with zipfile.ZipFile(buf, "w") as z:
        for part, text in _XLSX_PARTS.items():
            info = zipfile.ZipInfo(part, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", stamp)
        info.compress_type = compression
        with z.open(info, "w", force_zip64=True) as member:
            member.write(_SHEET_PREFIX)
            chunk = bytes(1 << 20)
            left = size - len(_SHEET_PREFIX)
            while left > 0:
                member.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
    path.write_bytes(buf.getvalue())


def case_zip_bomb() -> None:
    c = case("34-zip-bomb", "ZIP bombs disguised as .xlsx: bieu01_bomb.xlsx (~88 KB, DEFLATE: its sheet inflates "
             "to 90 MiB, the most DEFLATE's 1:1032 ratio allows in < 100 KB) and bieu01_bomb_bzip2.xlsx (~3 KB, "
             "BZIP2: its sheet inflates to 2 GiB of zeros) → file-unreadable, quickly, without inflating gigabytes; "
             "the clean CSVs still count", 1, same_scores_as=CLEAN_REF,
             issues=[issue("file-unreadable", "bieu01_bomb.xlsx"), issue("file-unreadable", "bieu01_bomb_bzip2.xlsx")])
    zip_bomb(c.folder / "bieu01_bomb.xlsx", 90 << 20, zipfile.ZIP_DEFLATED)
    zip_bomb(c.folder / "bieu01_bomb_bzip2.xlsx", 2 << 30, zipfile.ZIP_BZIP2)
    write_clean_csvs(c.folder)


def case_cell_bomb() -> None:
    s = Sheet("Biểu 01")
    office_sheet(s, "cap_uy", CAP_UY_COLS, clean("cap_uy"), titles=title_rows("01"))
    name = "bieu01_o_xa.xlsx"
    c = case("35-sheet-dimension-bomb", "A 5 KB .xlsx whose Biểu 01 has one stray value in the last cell XFD1048576 "
             "(sheet dimension 1,048,576 × 16,384 = 17 billion cells): must not bring the process down; "
             "reported as file-unreadable (sheet too large). Run in a subprocess (isolate) because a crash "
             "here kills the interpreter", 1, isolate=True,  # its cap_uy rows are lost with the file
             issues=[issue("file-unreadable", name)])
    write_xlsx(c.folder / name, [s])
    # openpyxl cannot address XFD1048576 through Sheet rows cheaply: patch the sheet XML
    data = (c.folder / name).read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b"</sheetData>",
                                    b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>')
                body = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', body)
            dst.writestr(info, body)
    (c.folder / name).write_bytes(out.getvalue())
    write_clean_csvs(c.folder, ("cap_uy",))


def case_percent_cells() -> None:
    s = Sheet("Biểu 05")
    rows = clean("chuyen_doi_so")
    fmt = lambda name, v: (Styled(round(v / 100, 6), "0.0%" if v % 1 else "0%")  # noqa: E731
                           if name == "ty_le_giam_thoi_gian_hop" and v is not None else v)
    layout = office_sheet(s, "chuyen_doi_so", ["ma_don_vi", "ten_don_vi", *CDS_COLS[1:]], rows, titles=title_rows("05"),
                          value=lambda r, c: NAME[r["ma_don_vi"]] if c == "ten_don_vi" else fmt(c, r.get(c)))
    del layout
    c = case("37-xlsx-percent-cells", "Biểu 05 typed in Excel: the user typed '35,5%' so the cell holds 0.355 with "
             "the number format 0.0% (and 30% → 0.3 with format 0%); the value is 35.5 per cent, as the user sees it, "
             "not 0.355 per cent → same scores as clean (rates 35.5, 30, 25, 28.5, 20)", 0,
             same_scores_as=CLEAN_REF)
    write_xlsx(c.folder / "bieu05.xlsx", [s])
    write_clean_csvs(c.folder, ("chuyen_doi_so",))


def case_merged_unit_cells() -> None:
    s = Sheet("Biểu 06")
    rows = clean("mat_tran_doan_the")
    layout = mat_tran_sheet(s, rows, titles=title_rows("06"), number_row=False)
    for code in ADMIN:
        placed = [row for key, row in layout.rows.items() if key.split("|")[0] == code]
        first, last = min(placed), max(placed)
        for col in (layout.cols["ma_don_vi"], layout.cols["ten_don_vi"]):
            for row in range(first + 1, last + 1):
                s.rows[row - 1][col - 1] = None
            s.merge(first, col, last, col)
    c = case("38-merged-unit-cells", "Biểu 06 as offices lay it out (LibreOffice .xlsx): 'Mã đơn vị' and 'Tên đơn vị' "
             "merged down over the 5-6 organisation rows of each unit, so only the first row of each block holds "
             "the code. docs/contract.md is silent on merged data cells; an analyst reads the merged code as the code "
             "of every row it spans → no errors, same scores as clean", 0, same_scores_as=CLEAN_REF)
    write_libreoffice(c.folder / "bieu06_mat_tran.xlsx", [s])
    write_clean_csvs(c.folder, ("mat_tran_doan_the",))


def case_header_variants() -> None:
    s = Sheet("Biểu 03")
    s.title("BIỂU MẪU SỐ 03: BAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ", 4)
    s.title(f"Năm {YEAR}", 4)
    s.add()
    s.title("Hướng dẫn điền biểu:", 4)
    for i in range(1, 15):
        s.title(f"{i}. Ghi đúng mã đơn vị theo danh mục của Tổng cục Thống kê; không gộp ô (mục {i}).", 4)
    s.add()
    header = s.add("STT", "MÃ ĐƠN VỊ", "TÊN ĐƠN VỊ", "XẾP LOẠI")
    assert header == 20, header
    for i, r in enumerate(clean("qcdc"), 1):
        s.add(i, r["ma_don_vi"], NAME[r["ma_don_vi"]], choice_label("qcdc", "xep_loai", r["xep_loai"]))
    c = case("39-header-variants", "Header spellings: Biểu 03 whose UPPER-CASE header sits at row 20 (the last row "
             "searched) under a long instruction block; Biểu 01 CSV typed without diacritics ('Ma don vi', "
             "'Tong so cap uy vien'…) and with doubled spaces", 0, same_scores_as=CLEAN_REF)
    write_xlsx(c.folder / "bieu03.xlsx", [s])
    import unicodedata as ud

    plain = lambda text: "".join(ch for ch in ud.normalize("NFD", text) if not ud.combining(ch)).replace(  # noqa: E731
        "đ", "d").replace("Đ", "D")
    grid = label_grid("cap_uy", CAP_UY_COLS, clean("cap_uy"))
    grid[0] = [plain(h).replace(" ", "  ", 1) for h in grid[0]]
    write_csv(c.folder / "bieu01.csv", grid)
    write_clean_csvs(c.folder, ("qcdc", "cap_uy"))


def case_submission_missing() -> None:
    cap = [r for r in clean("cap_uy") if r["ma_don_vi"] != "14629"]
    qcdc = [r for r in clean("qcdc") if r["ma_don_vi"] != "14629"]
    thon = [r for r in clean("thon") if r["ma_don_vi"] != "14347-03"]
    tables = {f: clean(f) for f in CLEAN} | {"cap_uy": cap, "qcdc": qcdc, "thon": thon}
    scores = hand_scores(tables)
    c = case("36-submission-missing", "Xã Hồi Ninh (14629) sent no Biểu 01 and no Biểu 03, village 14347-03 is "
             "missing from Biểu 09 → submission-missing warnings naming them; exit 0", 0,
             issues=[issue("submission-missing", None, message_contains=["cap_uy", "14629"]),
                     issue("submission-missing", None, message_contains=["qcdc", "14629"]),
                     issue("submission-missing", None, message_contains=["thon", "14347-03"])],
             scores={k: scores[k] for k in ("T1.1", "T2.1", "T7.1", "T7.2")})
    write_csv(c.folder / "cap_uy.csv", canon_grid("cap_uy", cap))
    write_csv(c.folder / "qcdc.csv", canon_grid("qcdc", qcdc))
    write_csv(c.folder / "thon.csv", canon_grid("thon", thon))
    write_clean_csvs(c.folder, ("cap_uy", "qcdc", "thon"))


# ---------------------------------------------------------------------------------------
# samples/broken/: the original issue codes (docs/contract.md §8), each shown once
# ---------------------------------------------------------------------------------------


def write_units(path: Path) -> None:
    write_csv(path, [["code", "name", "level", "parent_code", "type"]] + [list(u) for u in UNITS])


def make_broken() -> None:
    from danvan_cli.reading.legacy import from_unicode

    folder = BROKEN / str(YEAR)
    if BROKEN.exists():
        shutil.rmtree(BROKEN)
    folder.mkdir(parents=True)
    write_units(BROKEN / "units.csv")
    shown: list[tuple[str, str, str | None, int | None, str | None, str]] = []  # code, file, sheet, row, column, note
    issues: list[dict] = []

    def show(code: str, file: str, sheet: str | None, row: int | None, column: str | None, note: str,
             col: int | None = None) -> None:
        shown.append((code, file, sheet, row, cell_ref(row, col) if col and row else None, note))
        entry = issue(code, file, row, column)
        if sheet:
            entry["sheet"] = sheet
        issues.append(entry)

    # huyen_kim_son.xlsx -------------------------------------------------------------
    book = "huyen_kim_son.xlsx"
    kim_son = [r for r in clean("cap_uy") if r["ma_don_vi"] in ("376", "14620", "14629")]
    s1 = Sheet("Biểu 01")
    names = {"376": "Huyện Kim Sơn", "14620": "Thị trấn Phát Diệm", "14629": "Xã Kim Đông"}
    layout = office_sheet(s1, "cap_uy", CAP_UY_COLS, kim_son, titles=title_rows("01", "Huyện Kim Sơn"),
                          value=lambda r, c: names[r["ma_don_vi"]] if c == "ten_don_vi"
                          else as_label("cap_uy", c, r.get(c)))
    row, col = layout.rows["14620"], layout.cols["so_cap_uy_vien_guong_mau"]
    s1.rows[row - 1][col - 1] = XF(f"={get_column_letter(col - 1)}{row}")
    show("cell-formula", book, "Biểu 01", row, "so_cap_uy_vien_guong_mau",
         f"công thức ={get_column_letter(col - 1)}{row} chưa có giá trị đã tính (tệp do phần mềm tạo, chưa mở bằng Excel)", col)
    row = layout.rows["14629"]
    show("unit-name-mismatch", book, "Biểu 01", row, "ten_don_vi", "mã 14629 là Xã Hồi Ninh, tệp ghi 'Xã Kim Đông'",
         layout.cols["ten_don_vi"])
    total = total_row(s1, layout, ["tong_so_cap_uy_vien"], rows=kim_son, wrong={"tong_so_cap_uy_vien": 100})
    s1.merge(total, 1, total, 3)
    show("row-skipped", book, "Biểu 01", total, None, "dòng 'Tổng cộng' (không tính vào số liệu)")
    show("total-mismatch", book, "Biểu 01", total, "tong_so_cap_uy_vien",
         "dòng tổng ghi 169, cộng các dòng chi tiết được 69", layout.cols["tong_so_cap_uy_vien"])

    s9 = Sheet("Biểu 09")
    villages = [r for r in clean("thon") if PARENT[r["ma_don_vi"]] in ("14620", "14629")]
    l9 = office_sheet(s9, "thon", THON_ALT_COLS, villages,
                      titles=[from_unicode(t, "tcvn3") for t in title_rows("09", "Huyện Kim Sơn")],
                      value=lambda r, c: thon_value(r, c, "tcvn3"), key=lambda r: r["ma_don_vi"])
    first = min(l9.rows.values())
    show("legacy-encoding", book, "Biểu 09", first, "ten_thon",
         f"tên thôn gõ bằng TCVN3 ('{from_unicode(NAME[villages[0]['ma_don_vi']], 'tcvn3')}')", l9.cols["ten_thon"])
    show("legacy-encoding", book, "Biểu 09", first, "co_to_hoa_giai_hieu_qua", "'Cã'/'Kh«ng' gõ bằng TCVN3",
         l9.cols["co_to_hoa_giai_hieu_qua"])
    write_xlsx(folder / book, [s1, s9, staff_sheet(), summary_sheet()])
    show("form-unknown", book, "Danh sách cán bộ", None, None, "danh sách cán bộ, không khớp biểu nào")
    show("form-ambiguous", book, "Tổng hợp", None, None, "cột của Biểu 08 và Biểu 09 trong cùng một trang")

    # tp_ninh_binh.csv: Biểu 01 of the city ------------------------------------------
    file = "tp_ninh_binh.csv"
    rows = [r for r in clean("cap_uy") if r["ma_don_vi"] in ("369", "14320", "14347")]
    for r in rows:
        if r["ma_don_vi"] == "14320":
            r["so_cap_uy_vien_guong_mau"] = 16
        if r["ma_don_vi"] == "14347":
            r["tong_so_cap_uy_vien"] = None
    rows += [dict(CAP_UY[2], ma_don_vi="14320-01"), dict(CAP_UY[3], ma_don_vi="14999", ten_don_vi="Xã Ninh Mỹ")]
    write_csv(folder / file, canon_grid("cap_uy", rows))
    cols = CANON_COLUMNS["cap_uy"]
    pos = lambda name: cols.index(name) + 1  # noqa: E731
    show("rule", file, None, row_of("cap_uy", "14320", rows=rows), "so_cap_uy_vien_guong_mau",
         "16 cấp ủy viên gương mẫu > 15 cấp ủy viên", pos("so_cap_uy_vien_guong_mau"))
    show("cell-missing", file, None, row_of("cap_uy", "14347", rows=rows), "tong_so_cap_uy_vien",
         "tổng số cấp ủy viên để trống", pos("tong_so_cap_uy_vien"))
    show("unit-level", file, None, row_of("cap_uy", "14320-01", rows=rows), "ma_don_vi",
         "mã thôn 14320-01 trong Biểu 01 (chỉ tỉnh, huyện, xã nộp)", pos("ma_don_vi"))
    show("unit-unknown", file, None, row_of("cap_uy", "14999", rows=rows), "ma_don_vi",
         "mã 14999 không có trong danh mục", pos("ma_don_vi"))

    # qcdc_tinh.csv and qcdc_xa_kim_son.csv: Biểu 03 --------------------------------------
    file = "qcdc_tinh.csv"
    rows = [dict(r, nam=YEAR) for r in clean("qcdc")]
    rows[1]["xep_loai"] = "Giỏi"
    rows[2]["nam"] = YEAR - 1
    write_csv(folder / file, canon_grid("qcdc", rows))
    cols = CANON_COLUMNS["qcdc"]
    show("cell-range", file, None, row_of("qcdc", "369", rows=rows), "xep_loai", "xếp loại 'Giỏi' không có trong biểu",
         cols.index("xep_loai") + 1)
    show("year-mismatch", file, None, row_of("qcdc", "14320", rows=rows), "nam", "năm 2022 trong thư mục 2023",
         cols.index("nam") + 1)
    dup_file = "qcdc_xa_kim_son.csv"
    dup = [dict(r, nam=YEAR) for r in clean("qcdc") if r["ma_don_vi"] in ("376", "14620")]
    dup[1]["xep_loai"] = "hoan_thanh"
    write_csv(folder / dup_file, canon_grid("qcdc", dup))
    show("row-duplicate-identical", dup_file, None, 2, None, f"376 trùng hoàn toàn với {file} dòng "
         f"{row_of('qcdc', '376', rows=rows)}; chỉ tính một lần")
    show("row-duplicate", file, None, row_of("qcdc", "14620", rows=rows), None,
         f"14620 xếp loại 'tot' ở đây, 'hoan_thanh' ở {dup_file} dòng 3")
    show("row-duplicate", dup_file, None, 3, None, f"14620 (cặp với {file})")

    # chuyen_doi_so.csv: extra column, a bad percentage ----------------------------------
    file = "chuyen_doi_so.csv"
    grid = canon_grid("chuyen_doi_so")
    grid[0].append("nguoi_dien_bieu")
    for line in grid[1:]:
        line.append("Lê Văn Cường")
    cols = CANON_COLUMNS["chuyen_doi_so"]
    grid[row_of("chuyen_doi_so", "14347") - 1][cols.index("ty_le_giam_thoi_gian_hop")] = "khoảng 30"
    write_csv(folder / file, grid)
    show("column-unknown", file, None, 1, None, "cột 'nguoi_dien_bieu' không thuộc Biểu 05", len(grid[0]))
    show("cell-type", file, None, row_of("chuyen_doi_so", "14347"), "ty_le_giam_thoi_gian_hop",
         "'khoảng 30' không phải tỷ lệ phần trăm", cols.index("ty_le_giam_thoi_gian_hop") + 1)

    # mat_tran_doan_the.csv without a required column; thon with a doubled column ----
    file = "mat_tran_doan_the.csv"
    write_csv(folder / file, canon_grid("mat_tran_doan_the",
                                        columns=[c for c in CANON_COLUMNS["mat_tran_doan_the"] if c != "so_cuoc_phan_bien"]))
    show("column-missing", file, None, 1, "so_cuoc_phan_bien", "thiếu cột bắt buộc 'so_cuoc_phan_bien'")
    file = "thon_tp_ninh_binh.csv"
    grid = [["Mã thôn", "Tên đơn vị", "Số mô hình tự quản", "Số mô hình tự quản hoạt động hiệu quả",
             "Có tổ hòa giải hoạt động hiệu quả"]]
    for r in clean("thon"):
        if PARENT[r["ma_don_vi"]] in ("14320", "14347"):
            grid.append([r["ma_don_vi"], NAME[r["ma_don_vi"]], r["so_mo_hinh_tu_quan_hieu_qua"],
                         r["so_mo_hinh_tu_quan_hieu_qua"], "Có" if r["co_to_hoa_giai_hieu_qua"] else "Không"])
    write_csv(folder / file, grid)
    show("column-duplicate", file, None, 1, "so_mo_hinh_tu_quan_hieu_qua",
         "'Số mô hình tự quản' và 'Số mô hình tự quản hoạt động hiệu quả' là cùng một cột", 4)

    # an unreadable file ---------------------------------------------------------------
    file = "bieu05_hong.xlsx"
    (folder / file).write_bytes(junk(2500, file))
    show("file-unreadable", file, None, None, None, "không phải tệp Excel (dữ liệu hỏng)")
    shown.append(("submission-missing", "—", None, None, None,
                  "nhiều đơn vị chưa gửi (vd. Biểu 02, 04, 10 không có tệp nào; Biểu 01 thiếu tỉnh 37)"))
    issues.append(issue("submission-missing", None))

    order = ["file-unreadable", "form-unknown", "form-ambiguous", "column-missing", "column-duplicate",
             "column-unknown", "cell-missing", "cell-type", "cell-range", "rule", "unit-unknown", "unit-level",
             "unit-name-mismatch", "row-duplicate", "row-duplicate-identical", "year-mismatch", "row-skipped",
             "total-mismatch", "legacy-encoding", "cell-formula", "submission-missing"]
    assert {s[0] for s in shown} == set(order), {s[0] for s in shown} ^ set(order)
    lines = [
        "# samples/broken — one of every issue",
        "",
        "A small year folder whose files, together, show **the original issue codes (docs/contract.md §8)**.",
        "The units are those of `units.csv` beside this file (found by the lookup order: the year",
        "folder's parent), the same small registry as `tests/data/messy/units.csv`:",
        "",
        "```sh",
        "danvan validate samples/broken/2023            # exit status 1: the files have errors",
        "danvan validate samples/broken/2023 --format json",
        "```",
        "",
        "Generated by `tests/data/messy/make_corpus.py` (do not edit by hand). The figures are synthetic.",
        "",
        "| code | severity | file › sheet › cell | what is wrong |",
        "|---|---|---|---|",
    ]
    severity = {"column-unknown": "warning", "unit-name-mismatch": "warning", "row-duplicate-identical": "warning",
                "total-mismatch": "warning", "legacy-encoding": "warning", "submission-missing": "warning",
                "row-skipped": "info"}
    for code in order:
        for c, file, sheet, row, cell, note in shown:
            if c == code:
                where = " › ".join(p for p in (file, sheet, cell or (f"dòng {row}" if row else None)) if p)
                lines.append(f"| `{code}` | {severity.get(code, 'error')} | {where} | {note} |")
    lines.append("")
    (BROKEN / "README.md").write_text("\n".join(lines), encoding="utf-8")
    data = {"description": "samples/broken: the original issue codes (docs/contract.md §8) (see README.md)", "exit": 1,
            "issues": issues, "strict": True, "units": "lookup"}
    (BROKEN / "expected.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                                                         default_flow_style=None, width=200), encoding="utf-8")


def write_readme() -> None:
    lines = [
        "# Messy-file corpus",
        "",
        "Real-looking submissions, one folder per kind of mess: `NN-case/2023/` holds the files,",
        "`NN-case/expected.yaml` what `danvan validate` must report (docs/contract.md §4, 5, 8, 9)",
        "and, for most cases, that `danvan score` gives the same values as `00-clean` (`same_scores_as`)",
        "or values worked out by hand (`scores`). All cases share `units.csv` (province 37, districts 369",
        "and 376, two real communes each, invented villages `<commune>-NN`). Checked by",
        "`tests/test_messy_corpus.py`; `samples/broken/` (every issue code once) is checked the same way.",
        "",
        "Regenerate with `python tests/data/messy/make_corpus.py` — needs LibreOffice (`soffice`), which",
        "writes the .xls/.ods files and some .xlsx files from flat ODF; the tests need only the committed",
        "files. Do not edit the files by hand: change the generator and rerun it.",
        "",
        "| case | exit | what it holds |",
        "|---|---|---|",
    ]
    for folder in sorted(p for p in HERE.iterdir() if (p / "expected.yaml").is_file()):
        data = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
        lines.append(f"| `{folder.name}` | {data['exit']} | {data['description']} |")
    lines.append("")
    (HERE / "README.md").write_text("\n".join(lines), encoding="utf-8")


# Further kinds of mess, one module per family beside this file, each with ``build(mc)`` that
# adds its cases through this module (``mc.case``, ``mc.issue``, ``mc.write_clean_csvs``, …).
EXTRA_MODULES = ("cases_reading", "cases_cells", "cases_rows", "cases_year", "cases_xls", "cases_text", "cases_blocks")


def build_extra(names: tuple[str, ...]) -> None:
    import importlib
    import sys

    sys.path.insert(0, str(HERE))
    this = sys.modules[__name__]
    for name in names:
        if (HERE / f"{name}.py").is_file():
            importlib.import_module(name).build(this)


def main() -> None:
    import sys

    if shutil.which("soffice") is None:
        raise SystemExit("LibreOffice (soffice) is needed to regenerate the corpus")
    only = tuple(sys.argv[1:])
    if only:
        # `make_corpus.py cases_rows`: rebuild only those modules' cases, keep every other folder
        unknown = [n for n in only if n not in EXTRA_MODULES]
        if unknown:
            raise SystemExit(f"unknown case modules {unknown}; known: {EXTRA_MODULES}")
        build_extra(only)
        for c in CASES:
            c.write()
        write_readme()
        if _LO_PROFILE:
            shutil.rmtree(_LO_PROFILE[0], ignore_errors=True)
        print(f"{len(CASES)} cases rebuilt: {', '.join(c.name for c in CASES)}")
        return
    for old in HERE.iterdir():
        if old.is_dir() and old.name[:2].isdigit():
            shutil.rmtree(old)
    write_units(HERE / "units.csv")
    case_clean()
    case_xlsx_title_labels()
    case_two_row_header()
    case_number_row()
    case_xls_total()
    case_ods_total()
    case_xlsx_lo_total()
    case_total_mismatch()
    case_blank_signature()
    case_cp1258()
    case_bom()
    case_nfd()
    case_semicolon()
    case_booleans_ratings()
    case_codes()
    case_formula_no_cache()
    case_error_values()
    legacy_case("17-tcvn3-xls", "tcvn3", "Hoµn thµnh tèt nhiÖm vô")
    legacy_case("18-vni-xlsx", "vni", "Hoaøn thaønh toát nhieäm vuï")
    case_duplicates()
    case_unit_unknown()
    case_unit_level()
    case_name_mismatch()
    case_year_mismatch()
    case_cell_missing_type()
    case_cell_range()
    case_rules()
    case_form_unknown()
    case_form_ambiguous()
    case_column_duplicate()
    case_column_unknown()
    case_column_missing()
    case_unreadable()
    case_zip_bomb()
    case_cell_bomb()
    case_submission_missing()
    case_percent_cells()
    case_merged_unit_cells()
    case_header_variants()
    build_extra(EXTRA_MODULES)
    for c in CASES:
        c.write()
    write_readme()
    make_broken()
    if _LO_PROFILE:
        shutil.rmtree(_LO_PROFILE[0], ignore_errors=True)
    total = sum(p.stat().st_size for p in HERE.rglob("*") if p.is_file())
    biggest = max((p for p in HERE.rglob("*") if p.is_file()), key=lambda p: p.stat().st_size)
    assert total < 2 << 20 and biggest.stat().st_size < 100 << 10, (total, biggest)
    print(f"{len(CASES)} cases, {total / 1024:.0f} KB in {HERE.relative_to(REPO)} "
          f"(largest: {biggest.relative_to(HERE)}, {biggest.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
