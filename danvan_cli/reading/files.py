"""Files → sheets of raw cells. CSV (UTF-8, UTF-8 BOM, cp1258; ``,`` or ``;``) and
``.xlsx/.xls/.ods`` through python-calamine. Cells keep the type the file gave them:
Excel numbers stay numbers, text stays text; parsing happens in validation.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
SUPPORTED_SUFFIXES = SPREADSHEET_SUFFIXES | {".csv"}
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_CELLS = 20_000_000
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024  # an .xlsx/.ods that inflates beyond this is refused
MAX_ZIP_RATIO = 1000


class UnreadableFile(Exception):
    """A submitted file cannot be opened or decoded; becomes a `file-unreadable` issue."""


HEAD_ROWS = 40  # rows kept as Python lists for header detection


@dataclass
class RawSheet:
    """One sheet of one file: its first rows as Python lists (to find the header), and
    the whole grid as a frame of the cells as the file gave them."""

    file: str  # as shown to the user (relative to the folder given)
    sheet: str | None  # None for CSV
    rows: list[list[Any]]  # spreadsheets: every row; CSV: the first HEAD_ROWS
    encoding: str | None = None
    text: str | None = None  # CSV: the decoded text, parsed by pandas from the header on
    delimiter: str = ","
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # cells without a usable value
    percent: set[tuple[int, int]] = field(default_factory=set)  # cells shown as a percentage (0.855 = 85,5%)

    def body(self, start: int) -> tuple[list[np.ndarray], np.ndarray]:
        """Cells from row ``start`` (0-based) on, as one object array per column, and
        the spreadsheet row number of each row (no frame per sheet: thousands come)."""
        if self.text is None:
            return _columns(self.rows[start:], start)
        return _csv_columns(self.text, self.delimiter, start)

    def has_content(self) -> bool:
        if self.text is not None:
            return bool(self.text.strip(" \r\n\t" + self.delimiter))
        return any(v not in ("", None) for row in self.rows for v in row)

    def count_filled_rows(self) -> int:
        if self.text is not None:
            return sum(1 for line in self.text.splitlines() if line.strip(" \t" + self.delimiter))
        return sum(1 for row in self.rows if any(v not in ("", None) for v in row))


@dataclass
class SourceFile:
    """A file of the submission, with what is needed to trace figures back to it."""

    path: Path
    name: str
    sha256: str = ""
    size: int = 0
    sheets: list[RawSheet] = field(default_factory=list)
    error: str | None = None


def discover(paths: list[Path]) -> list[tuple[Path, str]]:
    """Submission files under the given folders/files, sorted, with display names."""
    found: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and child.suffix.lower() in SUPPORTED_SUFFIXES
                    and child.name.lower() != "units.csv"
                    and not child.name.startswith(("~$", ".~lock"))
                ):
                    found.append((child, child.relative_to(path).as_posix()))
        else:
            found.append((path, path.name))
    return found


def read_file(path: Path, name: str) -> SourceFile:
    """Read one file into sheets; an unreadable file carries ``error`` instead."""
    source = SourceFile(path=path, name=name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        source.error = str(exc)
        return source
    source.size = len(data)
    source.sha256 = hashlib.sha256(data).hexdigest()
    try:
        if len(data) > MAX_FILE_BYTES:
            raise UnreadableFile(f"tệp quá lớn ({len(data) // (1024 * 1024)} MB)")
        if not data.strip():
            raise UnreadableFile("tệp rỗng")
        if path.suffix.lower() == ".csv":
            source.sheets = [_read_csv(data, name)]
        else:
            source.sheets = _read_spreadsheet(data, name)
    except UnreadableFile as exc:
        source.error = str(exc)
    return source


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise UnreadableFile("tệp CSV chứa dữ liệu nhị phân")
    return data.decode("cp1258", errors="replace"), "cp1258"


def _sniff_delimiter(text: str) -> str:
    head = text[:20000].splitlines()[:25]
    scores = {d: sum(line.count(d) for line in head) for d in (",", ";", "\t")}
    return max(scores, key=lambda d: scores[d]) if any(scores.values()) else ","


def _read_csv(data: bytes, name: str) -> RawSheet:
    text, encoding = _decode(data)
    if "\x00" in text:
        raise UnreadableFile("tệp CSV chứa dữ liệu nhị phân")
    delimiter = _sniff_delimiter(text)
    head_text = "\n".join(text.splitlines()[:HEAD_ROWS])
    try:
        rows = list(csv.reader(io.StringIO(head_text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UnreadableFile(f"CSV không hợp lệ: {exc}") from exc
    return RawSheet(file=name, sheet=None, rows=rows, encoding=encoding, text=text, delimiter=delimiter)


def _columns(rows: list[list[Any]], start: int) -> tuple[list[np.ndarray], np.ndarray]:
    """Spreadsheet rows as columns (CSV rows may be ragged: padded)."""
    import numpy as np

    width = max((len(r) for r in rows), default=0)
    if any(len(r) != width for r in rows):
        rows = [r if len(r) == width else list(r) + [""] * (width - len(r)) for r in rows]
    columns = [np.array(col, dtype=object) for col in zip(*rows, strict=True)]
    return columns, np.arange(start + 1, start + 1 + len(rows))


def _csv_columns(text: str, delimiter: str, start: int) -> tuple[list[np.ndarray], np.ndarray]:
    """The CSV from line ``start`` on, every cell as text, parsed by pandas' C reader."""
    import numpy as np
    import pandas as pd

    lines = text.splitlines()
    width = max((line.count(delimiter) for line in lines[start:]), default=0) + 1
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, header=None, names=range(width), skiprows=start,
            dtype=object, keep_default_na=False, na_filter=False, skip_blank_lines=False, engine="c",
        )
    except (pd.errors.ParserError, ValueError, csv.Error):
        # an unusual quoting the C reader refuses: the csv module reads anything
        return _columns(list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))[start:], start)
    columns = [frame[c].fillna("").to_numpy(dtype=object) for c in frame.columns]
    return columns, np.arange(start + 1, start + 1 + len(frame))


def _check_zip(data: bytes) -> None:
    """Refuse archives that would inflate to gigabytes (a ZIP bomb named .xlsx)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(f"tệp nén hỏng ({exc})") from exc
    total = sum(m.file_size for m in members)
    ratio = max((m.file_size / max(m.compress_size, 1) for m in members), default=0)
    if total > MAX_UNZIPPED_BYTES or (ratio > MAX_ZIP_RATIO and total > 50 * 1024 * 1024):
        raise UnreadableFile(
            f"tệp giải nén ra {total // (1024 * 1024)} MB (nén {ratio:.0f} lần): không giống bảng tính thật, không đọc")


def _scan(data: bytes, suffix: str) -> dict[str, Any]:
    """What calamine does not tell: sizes, formula problems, percentage cells (xlsx, ods)."""
    from danvan_cli.reading import cellinfo

    try:
        if suffix in (".xlsx", ".xlsm"):
            return cellinfo.xlsx(data)
        if suffix == ".ods":
            return cellinfo.ods(data)
        if suffix == ".xls":
            return cellinfo.xls(data)
    except Exception:  # the scan is a second look; calamine alone decides readability
        return {}
    return {}


def _fill_vertical_merges(rows: list[list[Any]], merged: list[Any] | None) -> None:
    """A code merged down over several rows applies to each of them."""
    for (r0, c0), (r1, c1) in merged or ():
        if r1 <= r0 or c0 != c1 or r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            if c0 < len(rows[r]) and rows[r][c0] in ("", None):
                rows[r][c0] = value


def _read_spreadsheet(data: bytes, name: str) -> list[RawSheet]:
    from python_calamine import CalamineWorkbook

    suffix = Path(name).suffix.lower()
    is_zip = data[:4] == b"PK\x03\x04"
    scans: dict[str, Any] = {}
    if is_zip:
        _check_zip(data)
        scans = _scan(data, suffix)
        for sheet_name, scan in scans.items():
            if scan.rows * scan.columns > MAX_CELLS:
                raise UnreadableFile(f"trang “{sheet_name}” rộng bất thường ({scan.rows} dòng × {scan.columns} cột): không đọc")

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several error types for broken files
        raise UnreadableFile(f"không phải bảng tính hợp lệ ({type(exc).__name__}: {exc})") from exc
    sheets: list[RawSheet] = []
    total_cells = 0
    for sheet_name in workbook.sheet_names:
        try:
            sheet = workbook.get_sheet_by_name(sheet_name)
            total_cells += sheet.height * sheet.width
            if total_cells > MAX_CELLS:
                raise UnreadableFile("bảng tính quá lớn (quá 20 triệu ô)")
            rows = sheet.to_python(skip_empty_area=False)
            _fill_vertical_merges(rows, sheet.merged_cell_ranges)
        except UnreadableFile:
            raise
        except Exception as exc:
            raise UnreadableFile(f"không đọc được trang “{sheet_name}”: {exc}") from exc
        sheets.append(RawSheet(file=name, sheet=sheet_name, rows=rows))
    if suffix == ".xls":
        scans = _scan(data, suffix)
    for sheet in sheets:
        scan = scans.get(sheet.sheet or "")
        if scan is not None:
            sheet.formulas, sheet.percent = scan.formulas, scan.percent
    return sheets
