"""Files → sheets of raw cells. CSV (UTF-8, UTF-8 BOM, cp1258, UTF-16 with or without
BOM; ``,`` ``;`` or tab; Excel's ``sep=;`` first line) and ``.xlsx/.xls/.ods`` through
python-calamine. Cells keep the type the file gave them: Excel numbers stay numbers, text
stays text; parsing happens in validation.

Which files of a folder are read (``discover``), which are listed as not read
(``skipped_files``) and which are ignored silently (junk left by Macs, Windows and
zips, lock files, the registry files):

* read: ``.xlsx .xlsm .xls .ods .csv .tsv``, and a ``.txt`` that is tab-separated text
  (Excel's "Unicode Text" and "Text (Tab delimited)" exports are ``.txt``);
* ignored: ``~$…`` and ``.~lock…`` lock files, ``._…`` AppleDouble files, anything under
  ``__MACOSX/`` or a hidden folder (``.git/``, ``.Trashes/``), ``.DS_Store``,
  ``Thumbs.db``, ``desktop.ini`` and other hidden files, ``units.csv``, ``crosswalk.csv``;
* every other file (``.pdf``, ``.docx``, a ``.txt`` of notes, images, ``.zip`` …) is
  listed by ``skipped_files`` with the reason, for a ``file-skipped`` issue.

A file named on the command line is always read: one danvan cannot read becomes
``file-unreadable`` with the same reason.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from danvan_cli.i18n import N_
from danvan_cli.issues import Text

if TYPE_CHECKING:
    import numpy as np

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
TEXT_SUFFIXES = {".csv", ".tsv"}
SUPPORTED_SUFFIXES = SPREADSHEET_SUFFIXES | TEXT_SUFFIXES
TAB_TEXT_SUFFIX = ".txt"  # read only when it is tab-separated text (Excel's text exports)
REGISTRY_FILES = {"units.csv", "crosswalk.csv"}
JUNK_NAMES = {".ds_store", "thumbs.db", "ehthumbs.db", "desktop.ini", ".localized", "icon\r"}
PASSWORD_PROTECTED = N_("tệp được đặt mật khẩu (mã hóa): hãy mở bằng Excel, bỏ mật khẩu rồi gửi lại")
BINARY_CSV = N_("tệp CSV chứa dữ liệu nhị phân")
TOO_WIDE = N_("trang “{sheet}” rộng bất thường ({rows} dòng × {columns} cột): không đọc")
TOO_MANY_CELLS = N_("bảng tính quá lớn (quá 20 triệu ô)")
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_CELLS = 20_000_000
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024  # an .xlsx/.ods that inflates beyond this is refused
MAX_ZIP_RATIO = 1000


class UnreadableFile(Exception):
    """A submitted file cannot be opened or decoded; becomes a `file-unreadable` issue."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # a `Text` (shown in the report's language), or the system's own words


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
    hidden: bool = False  # the sheet is hidden in the workbook (Excel shows no tab for it)
    hidden_rows: set[int] = field(default_factory=set)  # 0-based indices into ``rows`` of rows hidden in the sheet

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
    error: str | None = None  # why the file cannot be read (a `Text`, or the system's words)
    # the second look at the file (number formats, formulas without values, hidden rows)
    # failed: the cells were read, but percentage cells and formula problems may be missed
    scan_error: str | None = None


def is_junk(relative: PurePath) -> bool:
    """Files that travel with a submission but are no one's data: lock files, Mac and
    Windows metadata, hidden files and folders (ignored silently)."""
    name = relative.name
    if name.startswith(("~$", ".~lock", "._")) or name.lower() in JUNK_NAMES:
        return True
    if any(part == "__MACOSX" or part.startswith(".") for part in relative.parts[:-1]):
        return True
    # other hidden files (.gitignore, .localized): not data; a hidden spreadsheet still is
    return name.startswith(".") and not name.lower().endswith(tuple(SUPPORTED_SUFFIXES))


def _is_registry(name: str) -> bool:
    return name.lower() in REGISTRY_FILES


def _folder_files(folder: Path) -> list[tuple[Path, str]]:
    """Files under a folder that are not junk nor registry files, sorted, with display names."""
    found = []
    for child in sorted(folder.rglob("*")):
        relative = child.relative_to(folder)
        if child.is_file() and not is_junk(relative) and not _is_registry(child.name):
            found.append((child, relative.as_posix()))
    return found


def _readable(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix in SUPPORTED_SUFFIXES or (suffix == TAB_TEXT_SUFFIX and is_tab_text(path))


def discover(paths: list[Path]) -> list[tuple[Path, str]]:
    """Submission files under the given folders/files, sorted, with display names."""
    found: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            found += [(child, name) for child, name in _folder_files(path) if _readable(child)]
        else:
            found.append((path, path.name))
    return found


def skipped_files(paths: list[Path]) -> list[tuple[str, Text]]:
    """Files under the given folders that danvan does not read, as (display name as
    ``discover`` gives it, reason); junk and registry files are not listed. Files named
    directly are always read, never listed here."""
    skipped = []
    for path in paths:
        if path.is_dir():
            skipped += [(name, skip_reason(child)) for child, name in _folder_files(path) if not _readable(child)]
    return skipped


_READ = ".xlsx, .xls, .ods, .csv"
_ARCHIVES = {".zip", ".rar", ".7z", ".gz", ".tgz", ".tar", ".bz2", ".xz"}


def skip_reason(path: Path) -> Text:
    """Why a file is not read."""
    suffix = path.suffix.lower()
    if suffix in _ARCHIVES:
        return Text(N_("tệp nén {suffix}: hãy giải nén rồi đặt các tệp bảng tính vào thư mục"), suffix=suffix)
    if suffix in (".xlsb", ".numbers", ".et", ".xlw", ".wk4", ".fods"):
        return Text(N_("định dạng {suffix} chưa được đọc: hãy mở tệp và lưu lại dạng .xlsx"), suffix=suffix)
    if suffix == TAB_TEXT_SUFFIX:
        return Text(N_("tệp .txt không phải bảng số liệu phân tách bằng tab (chỉ đọc {read})"), read=_READ)
    if not suffix:
        return Text(N_("tệp không có phần mở rộng, không phải bảng số liệu (chỉ đọc {read})"), read=_READ)
    return Text(N_("định dạng {suffix} không phải bảng số liệu (chỉ đọc {read})"), suffix=suffix, read=_READ)


_TAB_HEAD_BYTES = 65536


def is_tab_text(path: Path) -> bool:
    """A .txt that is a table: Excel's "Unicode Text" (UTF-16) or "Text (Tab delimited)"
    export, i.e. most of its first lines, and at least two, hold a tab. A note typed in
    Notepad does not."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_TAB_HEAD_BYTES)
    except OSError:
        return False
    try:
        text, _ = _decode(head, partial=len(head) == _TAB_HEAD_BYTES)
    except UnreadableFile:
        return False
    lines = [line for line in text.splitlines()[:25] if line.strip()]
    tabbed = sum(1 for line in lines if "\t" in line)
    return tabbed >= 2 and tabbed >= 0.8 * len(lines)


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
            raise UnreadableFile(Text(N_("tệp quá lớn ({size} MB)"), size=len(data) // (1024 * 1024)))
        if not data.strip():
            raise UnreadableFile(Text(N_("tệp rỗng")))
        suffix = path.suffix.lower()
        if suffix in TEXT_SUFFIXES or suffix == TAB_TEXT_SUFFIX:
            source.sheets = [_read_csv(data, name)]
        elif suffix in SPREADSHEET_SUFFIXES:
            source.sheets = _read_spreadsheet(data, name, source)
        else:
            raise UnreadableFile(skip_reason(path))
    except UnreadableFile as exc:
        source.error = exc.reason
    return source


_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' for UTF-16 text written without a BOM: one byte of each
    pair is zero for ASCII (digits, separators, Latin letters), the other almost never;
    Vietnamese letters (U+1Exx, U+01xx) do not break that pattern enough to matter."""
    sample = data[:4096]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    zero_even, zero_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zero_odd >= 0.3 and zero_even <= 0.02:
        return "utf-16-le"
    if zero_even >= 0.3 and zero_odd <= 0.02:
        return "utf-16-be"
    return None


def _decode(data: bytes, partial: bool = False) -> tuple[str, str]:
    """Text and encoding of a CSV/text file. ``partial``: ``data`` is the beginning of a
    file (a character may be cut at the end)."""
    errors = "ignore" if partial else "strict"
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding, errors=errors)
            except UnicodeDecodeError as exc:
                raise UnreadableFile(Text(N_("tệp văn bản {encoding} bị hỏng ({reason}, byte {at})"),
                                          encoding=encoding.upper(), reason=exc.reason, at=exc.start)) from exc
            return text, ("utf-8-sig" if encoding == "utf-8" else encoding)
    guess = _utf16_without_bom(data)
    if guess:
        try:
            text = data.decode(guess, errors=errors)
        except UnicodeDecodeError:
            pass
        else:
            if "\x00" not in text:
                return text, guess
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if partial and exc.start >= len(data) - 3:  # a letter cut by the end of the sample
            return data[: exc.start].decode("utf-8"), "utf-8"
    if b"\x00" in data[:4096]:
        raise UnreadableFile(Text(BINARY_CSV))
    from danvan_cli.reading.legacy import decode_8bit

    return decode_8bit(data)  # Windows-1258, or bytes typed with a TCVN3/VNI font


def _sniff_delimiter(text: str) -> str:
    head = text[:20000].splitlines()[:25]
    scores = {d: sum(line.count(d) for line in head) for d in (",", ";", "\t")}
    return max(scores, key=lambda d: scores[d]) if any(scores.values()) else ","


# Excel's hint "sep=;" on the first line: it sets the separator, and Excel does not show
# the line (so it is dropped, and row numbers are those Excel shows).
_SEP_HINT = re.compile(r'^\ufeff?"?sep=([^\r\n"])"?[,;\t|]*[ \t]*(?:\r\n|\n|\r|$)', re.IGNORECASE)


def _read_csv(data: bytes, name: str) -> RawSheet:
    text, encoding = _decode(data)
    if "\x00" in text:
        raise UnreadableFile(Text(BINARY_CSV))
    hint = _SEP_HINT.match(text)
    if hint:
        text = text[hint.end():]
        delimiter = hint.group(1)
    else:
        delimiter = _sniff_delimiter(text)
    head_text = "\n".join(text.splitlines()[:HEAD_ROWS])
    try:
        rows = list(csv.reader(io.StringIO(head_text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UnreadableFile(Text(N_("CSV không hợp lệ: {error}"), error=str(exc))) from exc
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

    options: dict[str, Any] = {"sep": delimiter, "header": None, "skiprows": start, "dtype": object,
                               "keep_default_na": False, "na_filter": False, "skip_blank_lines": False, "engine": "c"}
    try:
        # the width of the first row; a longer row further down makes the C reader refuse, and
        # a blank first row makes it see no columns at all (EmptyDataError)
        frame = pd.read_csv(io.StringIO(text), **options)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error):
        frame = None
    if frame is None:  # ragged rows: as wide as the widest line
        width = max((line.count(delimiter) for line in text.splitlines()[start:]), default=0) + 1
        try:
            frame = pd.read_csv(io.StringIO(text), names=range(width), **options)
        except (pd.errors.ParserError, ValueError, csv.Error):
            # an unusual quoting the C reader refuses: the csv module reads anything
            return _columns(list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))[start:], start)
    columns = [frame[c].to_numpy(dtype=object) for c in frame.columns]
    if columns and pd.isna(columns[-1]).any():  # a short row lacks the last cells, the last column's first
        columns = [_text_cells(values) for values in columns]
    return columns, np.arange(start + 1, start + 1 + len(frame))


def _text_cells(values: np.ndarray) -> np.ndarray:
    """A CSV column's cells, "" for the missing end of a short row (pandas gives NaN there)."""
    import pandas as pd

    missing = pd.isna(values)
    if missing.any():
        values = values.copy()
        values[missing] = ""
    return values


def _check_zip(data: bytes) -> None:
    """Refuse archives that would inflate to gigabytes (a ZIP bomb named .xlsx)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(Text(N_("tệp nén hỏng ({error})"), error=str(exc))) from exc
    total = sum(m.file_size for m in members)
    ratio = max((m.file_size / max(m.compress_size, 1) for m in members), default=0)
    if total > MAX_UNZIPPED_BYTES or (ratio > MAX_ZIP_RATIO and total > 50 * 1024 * 1024):
        raise UnreadableFile(Text(N_("tệp giải nén ra {size} MB (nén {ratio} lần): không giống bảng tính thật, không đọc"),
                                  size=total // (1024 * 1024), ratio=f"{ratio:.0f}"))


def _scan(data: bytes, suffix: str) -> tuple[dict[str, Any], str | None]:
    """What calamine does not tell: sizes, formula problems, percentage cells, hidden rows
    (xlsx, ods, xls). A failure is returned as a short reason, never raised: calamine
    alone decides whether the file is readable."""
    from danvan_cli.reading import cellinfo

    try:
        if suffix in (".xlsx", ".xlsm"):
            return cellinfo.xlsx(data), None
        if suffix == ".ods":
            return cellinfo.ods(data), None
        if suffix == ".xls":
            return cellinfo.xls(data), None
    except Exception as exc:  # noqa: BLE001 - any failure of the second look is reported, not raised
        return {}, f"{type(exc).__name__}: {str(exc)[:200]}"
    return {}, None


def _fill_vertical_merges(rows: list[list[Any]], merged: list[Any] | None) -> None:
    """A code merged down over several rows applies to each of them."""
    for (r0, c0), (r1, c1) in merged or ():
        if r1 <= r0 or c0 != c1 or r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            if c0 < len(rows[r]) and rows[r][c0] in ("", None):
                rows[r][c0] = value


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _password_protected(data: bytes, is_zip: bool) -> bool:
    """An encrypted workbook: an .xlsx saved with a password is an OLE2 compound file
    holding EncryptionInfo + EncryptedPackage streams (ECMA-376 encryption); an .ods has
    encryption-data in its manifest. (An encrypted .xls, with a FILEPASS record, is
    recognised by calamine's PasswordError.)"""
    if data.startswith(_OLE2):
        return "EncryptedPackage".encode("utf-16-le") in data and "EncryptionInfo".encode("utf-16-le") in data
    if is_zip:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in archive.namelist() else b""
        except (zipfile.BadZipFile, OSError, RuntimeError):
            return False
        return b"encryption-data" in manifest
    return False


def _encrypted_xls(data: bytes) -> bool:
    """A legacy .xls saved with a password (a FILEPASS record): asked only of a file
    calamine refused, through xlrd, which says so."""
    if not data.startswith(_OLE2):
        return False
    import xlrd

    try:
        xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO()).release_resources()
    except Exception as exc:  # noqa: BLE001 - only the one message matters
        return "encrypted" in str(exc).lower()
    return False


def _not_a_workbook(data: bytes, suffix: str) -> Text | None:
    """A precise reason for a file named like a spreadsheet that is something else
    (web pages and XML saved as .xls by many administrative programs)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = data[:8192].decode("utf-16", errors="ignore").lstrip("\ufeff \t\r\n").lower().encode("utf-8", "ignore")
    # (named .xls they are read, see webxls; named .xlsx or .ods Excel refuses to open them)
    if b"urn:schemas-microsoft-com:office:spreadsheet" in head and b"<workbook" in head:
        return Text(N_("tệp {suffix} thực chất là bảng tính XML 2003 (SpreadsheetML), Excel không mở với đuôi {suffix}: "
                       "hãy lưu lại dạng .xlsx (hoặc đổi đuôi thành .xls)"), suffix=suffix)
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body")) or (
            head.startswith(b"<") and (b"<html" in head or b"<table" in head)):
        return Text(N_("tệp {suffix} thực chất là trang HTML, Excel không mở với đuôi {suffix}: "
                       "hãy lưu lại dạng .xlsx (hoặc đổi đuôi thành .xls)"), suffix=suffix)
    if data.startswith(b"%PDF"):
        return Text(N_("tệp {suffix} thực chất là tệp PDF, không phải bảng tính"), suffix=suffix)
    if data.startswith(_OLE2) and "WordDocument".encode("utf-16-le") in data:
        return Text(N_("tệp {suffix} thực chất là văn bản Word, không phải bảng tính"), suffix=suffix)
    return None


def _visibility(workbook: Any) -> tuple[dict[str, bool], set[str]]:
    """Sheet name → hidden (hidden or 'very hidden' in the workbook), and the names of
    the worksheets (not chart sheets)."""
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    try:
        metadata = workbook.sheets_metadata
    except Exception:  # noqa: BLE001 - metadata is optional: a sheet not described is visible
        return {}, set(workbook.sheet_names)
    return ({m.name: m.visible != SheetVisibleEnum.Visible for m in metadata},
            {m.name for m in metadata if m.typ == SheetTypeEnum.WorkSheet})


def _read_spreadsheet(data: bytes, name: str, source: SourceFile | None = None) -> list[RawSheet]:
    from python_calamine import CalamineWorkbook

    suffix = Path(name).suffix.lower()
    is_zip = data[:4] == b"PK\x03\x04"
    if suffix == ".xls" and not is_zip and not data.startswith(_OLE2):
        from danvan_cli.reading import webxls

        if webxls.kind(data):  # a web page or Excel 2003 XML saved as .xls: Excel opens it, so do we
            return webxls.read(data, name)
    if _password_protected(data, is_zip):
        raise UnreadableFile(Text(PASSWORD_PROTECTED))
    scans: dict[str, Any] = {}
    scan_error = None
    is_ods = False
    if is_zip:
        _check_zip(data)
        is_ods = b"mimetypeapplication/vnd.oasis.opendocument" in data[:200]  # ODF's first member
        scans, scan_error = _scan(data, ".ods" if is_ods or suffix == ".ods" else ".xlsx")
        for sheet_name, scan in scans.items():
            if scan.rows * scan.columns > MAX_CELLS:
                raise UnreadableFile(Text(TOO_WIDE, sheet=sheet_name, rows=scan.rows, columns=scan.columns))

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several error types for broken files
        if type(exc).__name__ == "PasswordError" or _encrypted_xls(data):
            raise UnreadableFile(Text(PASSWORD_PROTECTED)) from exc
        reason = _not_a_workbook(data, suffix)
        if reason:
            raise UnreadableFile(reason) from exc
        raise UnreadableFile(Text(N_("không phải bảng tính hợp lệ ({error})"), error=f"{type(exc).__name__}: {exc}")) from exc
    hidden, worksheets = _visibility(workbook)
    sheets: list[RawSheet] = []
    total_cells = 0
    for sheet_name in workbook.sheet_names:
        try:
            sheet = workbook.get_sheet_by_name(sheet_name)
            total_cells += sheet.height * sheet.width
            if total_cells > MAX_CELLS:
                raise UnreadableFile(Text(TOO_MANY_CELLS))
            rows = sheet.to_python(skip_empty_area=False)
            _fill_vertical_merges(rows, sheet.merged_cell_ranges)
        except UnreadableFile:
            raise
        except Exception as exc:
            if type(exc).__name__ == "PasswordError":
                raise UnreadableFile(Text(PASSWORD_PROTECTED)) from exc
            raise UnreadableFile(Text(N_("không đọc được trang “{sheet}”: {error}"), sheet=sheet_name, error=str(exc))) from exc
        sheets.append(RawSheet(file=name, sheet=sheet_name, rows=rows, hidden=hidden.get(sheet_name, False)))
    if not is_zip:
        scans, scan_error = _scan(data, ".xls")
    elif scan_error is None and not is_ods:  # every worksheet calamine read must have been looked at
        unseen = [s.sheet for s in sheets if s.sheet in worksheets and s.sheet not in scans and s.has_content()]
        if unseen:
            scan_error = Text(N_("không tìm thấy trang “{sheet}” trong tệp"), sheet=unseen[0])
    for raw in sheets:
        scan = scans.get(raw.sheet or "")
        if scan is not None:
            raw.formulas, raw.percent = scan.formulas, scan.percent
            height = len(raw.rows)
            raw.hidden_rows = {r for start, end in scan.hidden_rows for r in range(start, min(end, height))}
    if source is not None:
        source.scan_error = scan_error
    return sheets
