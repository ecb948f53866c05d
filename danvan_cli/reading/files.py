"""Files → sheets of raw cells. CSV (UTF-8, UTF-8 BOM, cp1258; ``,`` or ``;``) and
``.xlsx/.xls/.ods`` through python-calamine. Cells keep the type the file gave them:
Excel numbers stay numbers, text stays text; parsing happens in validation.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
SUPPORTED_SUFFIXES = SPREADSHEET_SUFFIXES | {".csv"}
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_CELLS = 20_000_000


class UnreadableFile(Exception):
    """A submitted file cannot be opened or decoded; becomes a `file-unreadable` issue."""


@dataclass
class RawSheet:
    """One sheet of one file: a grid of cells as the file gave them."""

    file: str  # as shown to the user (relative to the folder given)
    sheet: str | None  # None for CSV
    rows: list[list[Any]]
    encoding: str | None = None


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
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UnreadableFile(f"CSV không hợp lệ: {exc}") from exc
    return RawSheet(file=name, sheet=None, rows=rows, encoding=encoding)


def _read_spreadsheet(data: bytes, name: str) -> list[RawSheet]:
    from python_calamine import CalamineWorkbook

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
        except UnreadableFile:
            raise
        except Exception as exc:
            raise UnreadableFile(f"không đọc được trang “{sheet_name}”: {exc}") from exc
        sheets.append(RawSheet(file=name, sheet=sheet_name, rows=rows))
    return sheets
