"""Files named ``.xls`` that are not Excel workbooks but a web page holding a table, or
Excel 2003 XML (SpreadsheetML): what administrative software often exports. Excel opens
both (after a warning about the format) and shows a sheet; these readers give the same
sheet, with the standard library only.

* HTML: Excel shows the whole page on one sheet named after the file (or after the
  ``<x:Name>`` an Excel-made page declares): each ``<tr>`` a row, each ``<td>``/``<th>`` a
  cell, ``colspan``/``rowspan`` a merged area whose first cell holds the text (as calamine
  gives merges), text outside tables (titles in ``<p>``, ``<h1>``, ``<div>``, lines split
  by ``<br>``) a row of its own in column A. Cell text has its tags removed, entities
  decoded, ``<br>`` and runs of white space made one space; numbers stay text (they are
  the figures as displayed, parsed like typed text: ``1.234``, ``85,5%``). A row styled
  ``display:none`` is a hidden row.
* SpreadsheetML (``urn:schemas-microsoft-com:office:spreadsheet``): one sheet per
  ``Worksheet``, ``ss:Index`` gaps, ``ss:MergeAcross``/``ss:MergeDown``, ``Number`` →
  number, ``Boolean`` → boolean, ``DateTime`` → date, ``Error`` and formulas without a
  value marked like calamine's, a cell whose style (cell, row or column) shows a
  percentage marked in ``percent``, hidden rows and sheets. A DTD or entity declaration
  is refused before parsing (no entity expansion, nothing fetched).

Both are limited like the other readers (``MAX_CELLS``). Failures are ``UnreadableFile``
with a Vietnamese reason.
"""

from __future__ import annotations

import codecs
import io
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from html.parser import HTMLParser
from pathlib import PurePath
from typing import Any

from danvan_cli.i18n import N_
from danvan_cli.issues import Text
from danvan_cli.reading.files import MAX_CELLS, TOO_MANY_CELLS, TOO_WIDE, RawSheet, UnreadableFile

SS = "urn:schemas-microsoft-com:office:spreadsheet"
MAX_ROWS = 1_048_576  # Excel's limits: a position beyond them is not a real sheet
MAX_COLUMNS = 16_384
MAX_SPAN = 1000  # HTML caps colspan at 1000
MAX_ROWSPAN = 65_534

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _head_text(data: bytes, size: int = 8192) -> str:
    """The beginning of the file as text, whatever its encoding, lower-cased."""
    head = data[:size]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head[len(bom):].decode(encoding, errors="ignore").lower()
    return head.decode("latin-1").lower()


def kind(data: bytes) -> str | None:
    """'xml' for SpreadsheetML, 'html' for a web page, None for anything else."""
    head = _head_text(data).lstrip("\ufeff \t\r\n")
    if "urn:schemas-microsoft-com:office:spreadsheet" in head and "<workbook" in head:
        return "xml"
    if head.startswith(("<!doctype html", "<html", "<table", "<meta", "<head", "<body")) or (
            head.startswith("<") and ("<html" in head or "<table" in head)):
        return "html"
    return None


def read(data: bytes, name: str) -> list[RawSheet]:
    """The sheets Excel would show for this HTML or SpreadsheetML file."""
    found = kind(data)
    try:
        if found == "xml":
            return read_spreadsheet_ml(data, name)
        if found == "html":
            return read_html(data, name)
    except UnreadableFile:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken file is a reason, never a traceback
        error = f"{type(exc).__name__}: {str(exc)[:200]}"
        if found == "xml":
            raise UnreadableFile(Text(N_("bảng tính XML 2003 hỏng, không đọc được ({error})"), error=error)) from exc
        raise UnreadableFile(Text(N_("trang HTML hỏng, không đọc được ({error})"), error=error)) from exc
    raise UnreadableFile(Text(N_("không phải trang HTML hay bảng tính XML 2003")))


# --- shared -----------------------------------------------------------------------------


class _Grid:
    """Cells placed by (row, column), merges and hidden rows, turned into a RawSheet."""

    def __init__(self) -> None:
        self.cells: dict[int, dict[int, Any]] = {}
        self.merges: list[tuple[tuple[int, int], tuple[int, int]]] = []
        self.hidden_rows: set[int] = set()
        self.formulas: dict[tuple[int, int], str] = {}
        self.percent: set[tuple[int, int]] = set()
        self.count = 0

    def put(self, row: int, col: int, value: Any) -> None:
        if row >= MAX_ROWS or col >= MAX_COLUMNS:
            raise UnreadableFile(Text(N_("ô ở vị trí bất thường (dòng {row}, cột {column}): không đọc"),
                                      row=row + 1, column=col + 1))
        self.count += 1
        if self.count > MAX_CELLS:
            raise UnreadableFile(Text(TOO_MANY_CELLS))
        self.cells.setdefault(row, {})[col] = value

    def sheet(self, file: str, sheet_name: str, hidden: bool = False) -> RawSheet:
        from danvan_cli.reading.files import _fill_vertical_merges

        filled = [(r, c) for r, row in self.cells.items() for c, v in row.items() if v not in ("", None)]
        filled += list(self.formulas)
        height = max((r for r, _ in filled), default=-1) + 1
        width = max((c for _, c in filled), default=-1) + 1
        if height * width > MAX_CELLS:
            raise UnreadableFile(Text(TOO_WIDE, sheet=sheet_name, rows=height, columns=width))
        rows = [[""] * width for _ in range(height)]
        for r, row in self.cells.items():
            if r < height:
                for c, v in row.items():
                    if c < width and v is not None:
                        rows[r][c] = v
        _fill_vertical_merges(rows, self.merges)
        return RawSheet(file=file, sheet=sheet_name, rows=rows, hidden=hidden,
                        formulas={k: v for k, v in self.formulas.items() if k[0] < height},
                        percent={k for k in self.percent if k[0] < height and k[1] < width},
                        hidden_rows={r for r in self.hidden_rows if r < height})


def _int(text: str | None, default: int, limit: int) -> int:
    """A span or index attribute; garbage → default, huge → limit."""
    try:
        value = int(str(text).strip())
    except (TypeError, ValueError):
        return default
    return max(0, min(value, limit))


# --- HTML -------------------------------------------------------------------------------

_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""")
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "center", "hr",
           "address", "dt", "dd", "caption", "form", "section", "header", "footer"}
_SKIP = {"script", "style", "head", "title", "noscript", "template", "xml"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "param", "source"}
_EXCEL_NAME = re.compile(r"<x:name>(.*?)</x:name>", re.I | re.S)


def _decode_html(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    declared = _CHARSET.search(data[:4096].decode("latin-1"))
    candidates = []
    if declared:
        try:
            candidates.append(codecs.lookup(declared.group(1)).name)
        except LookupError:
            pass
    for encoding in (*candidates, "utf-8"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode(candidates[0] if candidates else "cp1258", errors="replace")


class _Table:
    """One outermost table being read: the grid row where it began and its rowspans."""

    def __init__(self, top: int) -> None:
        self.top = top
        self.row = top - 1  # the grid row of the current <tr>
        self.col = 0
        self.spans: list[tuple[int, int, int]] = []  # (first col, last col, last row) held by rowspans
        self.in_row = False


class _HtmlReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.grid = _Grid()
        self.next_row = 0  # the grid row that the next line of text or table row takes
        self.table: _Table | None = None
        self.depth = 0  # nested tables inside the outermost one
        self.skip = 0
        self.text: list[str] = []  # text of the current cell, or of the current line outside tables
        self.cell: tuple[int, int] | None = None  # where the current cell's text goes
        self.names: list[str] = []

    # text outside tables and inside cells
    def _flush_line(self) -> None:
        text = _SPACE.sub(" ", "".join(self.text)).strip(" \xa0").replace("\xa0", " ")
        self.text = []
        if text and self.table is None:
            self.grid.put(self.next_row, 0, text)
            self.next_row += 1

    def _close_cell(self) -> None:
        if self.cell is not None:
            text = _SPACE.sub(" ", "".join(self.text)).strip(" \xa0").replace("\xa0", " ")
            if text:
                self.grid.put(*self.cell, text)
            self.cell = None
        self.text = []

    def _close_row(self) -> None:
        self._close_cell()
        table = self.table
        if table is not None and table.in_row:
            table.in_row = False
            self.next_row = max(self.next_row, table.row + 1)

    def _open_row(self, attrs: dict[str, str | None]) -> None:
        table = self.table
        assert table is not None
        self._close_row()
        table.row = max(table.row + 1, self.next_row)
        table.col = 0
        table.in_row = True
        table.spans = [s for s in table.spans if s[2] >= table.row]
        self.next_row = table.row + 1
        if "display:none" in (attrs.get("style") or "").replace(" ", "").lower():
            self.grid.hidden_rows.add(table.row)

    def _open_cell(self, attrs: dict[str, str | None]) -> None:
        table = self.table
        assert table is not None
        if not table.in_row:
            self._open_row({})
        self._close_cell()
        col = table.col
        moved = True
        while moved:  # skip the columns held by rowspans from the rows above
            moved = False
            for first, last, _ in table.spans:
                if first <= col <= last:
                    col, moved = last + 1, True
        colspan = max(1, _int(attrs.get("colspan"), 1, MAX_SPAN))
        rowspan = _int(attrs.get("rowspan"), 1, MAX_ROWSPAN) or 1  # rowspan=0: to the end, taken as 1
        self.cell = (table.row, col)
        self.grid.put(table.row, col, "")
        if colspan > 1 or rowspan > 1:
            self.grid.merges.append(((table.row, col), (table.row + rowspan - 1, col + colspan - 1)))
        if rowspan > 1:
            table.spans.append((col, col + colspan - 1, table.row + rowspan - 1))
        table.col = col + colspan

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            if tag not in _VOID:
                self.skip += 1
            return
        if self.skip:
            return
        if tag == "table":
            if self.table is None:
                self._flush_line()
                self.table = _Table(self.next_row)
            else:
                self.depth += 1
                self.text.append(" ")
            return
        if self.table is not None and self.depth == 0:
            if tag == "tr":
                self._open_row(dict(attrs))
                return
            if tag in ("td", "th"):
                self._open_cell(dict(attrs))
                return
        if tag == "br" or tag in _BLOCKS or tag in ("td", "th", "tr"):
            if self.table is None:
                self._flush_line()
            else:
                self.text.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "table":
            if self.depth:
                self.depth -= 1
                self.text.append(" ")
            elif self.table is not None:
                self._close_row()
                self.next_row = max(self.next_row, self.table.row + 1,
                                    max((s[2] + 1 for s in self.table.spans), default=0))
                self.table = None
            return
        if self.table is not None and self.depth == 0:
            if tag == "tr":
                self._close_row()
            elif tag in ("td", "th"):
                self._close_cell()
            else:
                self.text.append(" " if tag in _BLOCKS else "")
            return
        if self.table is None and tag in _BLOCKS:
            self._flush_line()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.table is not None and self.depth == 0 and self.cell is None:
            return  # white space between rows and cells
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        # Excel's own pages name their sheets in <!--[if gte mso 9]><xml>…<x:Name>…
        self.names += [n.strip() for n in _EXCEL_NAME.findall(data)]

    def finish(self) -> None:
        self.close()
        if self.table is not None:
            self._close_row()
            self.table = None
        self._flush_line()


def read_html(data: bytes, name: str) -> list[RawSheet]:
    text = _decode_html(data)
    reader = _HtmlReader()
    reader.feed(text)
    reader.finish()
    if not reader.grid.count:
        raise UnreadableFile(Text(N_("trang HTML không có bảng số liệu nào")))
    names = [n for n in reader.names if n]
    sheet_name = names[0] if len(names) == 1 else PurePath(name).stem[:31]
    return [reader.grid.sheet(name, sheet_name)]


# --- SpreadsheetML (Excel 2003 XML) -----------------------------------------------------

_DECLARATIONS = ("<!DOCTYPE", "<!ENTITY")


def _refuse_declarations(data: bytes) -> None:
    """No DTD, no entity declaration: a 'billion laughs' expands a few bytes into gigabytes."""
    for text in _DECLARATIONS:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            if text.encode(encoding) in data:
                raise UnreadableFile(Text(N_("tệp XML có khai báo DTD/thực thể (<!DOCTYPE>, <!ENTITY>): "
                                             "không đọc vì lý do an toàn")))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _get(elem: ET.Element, attr: str) -> str | None:
    """An ss: attribute, also when a writer left it without its prefix."""
    value = elem.get(f"{{{SS}}}{attr}")
    return elem.get(attr) if value is None else value


def _is_percent_format(code: str) -> bool:
    from danvan_cli.reading.cellinfo import _unquoted

    return code.strip().lower() == "percent" or "%" in _unquoted(code)


def _percent_styles(styles: ET.Element | None) -> set[str]:
    """Ids of the styles whose number format (own or inherited) shows a percentage."""
    if styles is None:
        return set()
    formats: dict[str, str | None] = {}
    parents: dict[str, str | None] = {}
    for style in styles:
        if _local(style.tag) != "Style":
            continue
        sid = _get(style, "ID") or ""
        parents[sid] = _get(style, "Parent")
        fmt = next((_get(e, "Format") for e in style if _local(e.tag) == "NumberFormat"), None)
        formats[sid] = fmt
    found = set()
    for sid in formats:
        seen: set[str] = set()
        current: str | None = sid
        while current is not None and current not in seen:
            seen.add(current)
            if formats.get(current) is not None:
                if _is_percent_format(formats[current] or ""):
                    found.add(sid)
                break
            current = parents.get(current)
    return found


def _value(kind: str | None, text: str) -> Any:
    if kind == "Number":
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() and re.fullmatch(r"\s*-?\d+\s*", text) else number
    if kind == "Boolean":
        return text.strip() in ("1", "true", "TRUE", "True")
    if kind == "DateTime":
        try:
            return datetime.fromisoformat(text.strip())
        except ValueError:
            return text
    return text


def read_spreadsheet_ml(data: bytes, name: str) -> list[RawSheet]:
    """Read row by row (a row's elements are dropped once read: big exports stay small)."""
    _refuse_declarations(data)
    sheets: list[RawSheet] = []
    percent_styles: set[str] = set()
    grid: _Grid | None = None
    sheet_name, hidden, total = "", False, 0
    table_style: str | None = None
    column_styles: dict[int, str] = {}
    row = col = -1
    spans: list[tuple[int, int, int]] = []
    try:
        events = ET.iterparse(io.BytesIO(data), events=("start", "end"))
        _, root = next(events)
        if _local(root.tag) != "Workbook":
            raise UnreadableFile(Text(N_("tệp XML không phải bảng tính XML 2003 (SpreadsheetML)")))
        for event, elem in events:
            tag = _local(elem.tag)
            if event == "start":
                if tag == "Worksheet":
                    grid, hidden = _Grid(), False
                    grid.count = total
                    sheet_name = _get(elem, "Name") or f"Sheet{len(sheets) + 1}"
                elif tag == "Table" and grid is not None:
                    table_style, column_styles, row, col = _get(elem, "StyleID"), {}, -1, -1
                    spans = []
                continue
            if tag == "Styles":
                percent_styles = _percent_styles(elem)
            elif grid is None:
                continue
            elif tag == "Column":
                col = _int(_get(elem, "Index"), col + 2, MAX_COLUMNS) - 1
                span = _int(_get(elem, "Span"), 0, MAX_COLUMNS)
                if _get(elem, "StyleID") in percent_styles:
                    column_styles.update(dict.fromkeys(range(col, min(col + span + 1, MAX_COLUMNS)),
                                                       _get(elem, "StyleID") or ""))
                col += span
            elif tag == "Row":
                row = _int(_get(elem, "Index"), row + 2, MAX_ROWS + 1) - 1
                span = _int(_get(elem, "Span"), 0, MAX_ROWS)
                if _get(elem, "Hidden") in ("1", "true"):
                    grid.hidden_rows.update(range(row, min(row + span + 1, MAX_ROWS)))
                spans = [s for s in spans if s[2] >= row]
                _read_row(elem, row, grid, percent_styles, _get(elem, "StyleID") or None, column_styles, table_style,
                          spans)
                row += span
                elem.clear()
            elif tag == "Visible" and (elem.text or "").strip() in ("SheetHidden", "SheetVeryHidden"):
                hidden = True
            elif tag == "Worksheet":
                total = grid.count
                sheets.append(grid.sheet(name, sheet_name, hidden=hidden))
                grid = None
                elem.clear()
    except ET.ParseError as exc:
        raise UnreadableFile(Text(N_("bảng tính XML 2003 hỏng ({error})"), error=str(exc))) from exc
    if not sheets:
        raise UnreadableFile(Text(N_("bảng tính XML 2003 không có trang nào")))
    return sheets


def _read_row(elem: ET.Element, row: int, grid: _Grid, percent_styles: set[str], row_style: str | None,
              column_styles: dict[int, str], table_style: str | None, spans: list[tuple[int, int, int]]) -> None:
    """The cells of one row. A cell without ``ss:Index`` comes after the previous one,
    past the columns that a cell above holds merged down (as Excel and LibreOffice write)."""
    col = -1
    above = list(spans)  # merged down from the rows above, still covering this one
    for cell in elem:
        if _local(cell.tag) != "Cell":
            continue
        index = _get(cell, "Index")
        if index is not None:
            col = _int(index, col + 2, MAX_COLUMNS + 1) - 1
        else:
            col += 1
            moved = bool(above)
            while moved:
                moved = False
                for first, last, _ in above:
                    if first <= col <= last:
                        col, moved = last + 1, True
        data = next((e for e in cell if _local(e.tag) == "Data"), None)
        kind = _get(data, "Type") if data is not None else None
        formula = _get(cell, "Formula")
        if data is None:
            grid.put(row, col, "")
            if formula:
                grid.formulas[(row, col)] = ""
        elif kind == "Error":
            grid.put(row, col, "")
            grid.formulas[(row, col)] = "".join(data.itertext()).strip() or "#ERROR"
        else:
            value = _value(kind, "".join(data.itertext()))
            grid.put(row, col, value)
            style = _get(cell, "StyleID") or row_style or column_styles.get(col) or table_style
            if kind == "Number" and style in percent_styles:
                grid.percent.add((row, col))
        across = _int(_get(cell, "MergeAcross"), 0, MAX_COLUMNS)
        down = _int(_get(cell, "MergeDown"), 0, MAX_ROWS)
        if across or down:
            grid.merges.append(((row, col), (row + down, col + across)))
        if down:
            spans.append((col, col + across, row + down))
        col += across
