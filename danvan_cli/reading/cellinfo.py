"""What calamine does not say about a cell, read from the file itself.

- A formula saved without its cached result (files written by scripts, or by Excel
  with manual recalculation) and an error result (``#REF!``, ``#DIV/0!``) both come
  back from calamine as an empty cell; the figure the office meant is not there.
- A cell formatted as a percentage holds 0.855 for "85,5%".
- A sheet whose used range is absurdly large (one stray cell at XFD1048576) would
  make calamine allocate gigabytes: its size is checked before reading.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Cells = dict[tuple[int, int], str]  # (0-based row, 0-based column) → error text, "" if no value

# Sheet XML is read with regular expressions (an XML parser is ten times slower on a
# national-size sheet), written to accept what the format allows: any namespace prefix
# on the elements (``<x:c>``, produced by .NET/OpenXML SDK writers, is the same element
# as ``<c>``), attributes in any order and either quote. A cell or row without its
# optional ``r`` position is placed by a namespace-aware parse of that sheet instead.
_P = rb"(?:[A-Za-z_][\w.\-]*:)?"  # an optional namespace prefix
_CELL = re.compile(rb"<" + _P + rb"c\b([^>]*?)(?:/>|>(.*?)</" + _P + rb"c>)", re.S)
_REF = re.compile(rb"""\sr=["']([A-Z]+)(\d+)["']""")
_ERROR_TYPE = re.compile(rb"""\st=["']e["']""")
_FORMULA = re.compile(rb"<" + _P + rb"f\b")
_VALUE = re.compile(rb"<" + _P + rb"v(?:\s[^>]*)?>([^<]*)</")
_ROW_TAG = re.compile(rb"<" + _P + rb"row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb"""\sr=["'](\d+)["']""")
_HIDDEN = re.compile(rb"""\shidden=["'](?:1|true)["']""")
# the one definition of a spreadsheet's error result written as a cell's text: Excel's
# '#REF!', '#DIV/0!', '#N/A'…, LibreOffice's 'Err:502' (spaces around allowed)
ERROR_TEXT = re.compile(r"^\s*(?:#(?:REF!|DIV/0!|VALUE!|N/A|NAME\?|NUM!|NULL!|SPILL!|CALC!)|Err:\d{3})\s*$")


def _column_index(letters: bytes) -> int:
    """b'A' → 0, b'AB' → 27."""
    index = 0
    for ch in letters:
        index = index * 26 + (ch - 64)
    return index - 1


def _local(tag: str) -> str:
    """'{namespace}c' → 'c' (transitional and strict OOXML use different namespaces)."""
    return tag.rsplit("}", 1)[-1]


def _attr(elem: ET.Element, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (r:id in either OOXML flavour)."""
    for key, value in elem.attrib.items():
        if _local(key) == name:
            return value
    return None


def _resolve(base: str, target: str) -> str:
    """A relationship target relative to the part that names it ('/xl/…' is absolute)."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts = [p for p in base.split("/")[:-1] if p]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type's last word, resolved target) for one part."""
    folder, _, name = part.rpartition("/")
    path = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    try:
        root = ET.fromstring(archive.read(path))
    except KeyError:
        return {}
    return {rel.get("Id", ""): (rel.get("Type", "").rsplit("/", 1)[-1], _resolve(part, rel.get("Target", "")))
            for rel in root if _local(rel.tag) == "Relationship" and rel.get("TargetMode") != "External"}


def _workbook_part(archive: zipfile.ZipFile) -> str:
    for kind, target in _rels(archive, "").values():
        if kind == "officeDocument":
            return target
    return "xl/workbook.xml"


def _xlsx_sheet_paths(archive: zipfile.ZipFile, workbook_part: str) -> dict[str, str]:
    """Sheet name → path of its XML inside the xlsx."""
    workbook = ET.fromstring(archive.read(workbook_part))
    rels = _rels(archive, workbook_part)
    paths = {}
    for sheet in workbook.iter():
        if _local(sheet.tag) == "sheet":
            kind, target = rels.get(_attr(sheet, "id") or "", ("", ""))
            if target and kind == "worksheet":
                paths[sheet.get("name", "")] = target
    return paths


def _xlsx_cells(xml: bytes) -> tuple[Cells, bool]:
    """Formulas without a cached value and error results; False if such a cell has no
    position (no ``r``) and the sheet must be parsed to place it."""
    found: Cells = {}
    if (b"<f" not in xml and b":f" not in xml) and b't="e"' not in xml and b"t='e'" not in xml:
        return found, True
    for match in _CELL.finditer(xml):
        attrs, body = match.group(1), match.group(2) or b""
        value = _VALUE.search(body)
        if _ERROR_TYPE.search(attrs):
            detail = value.group(1).decode("utf-8", "replace") if value else "#ERROR"
        elif _FORMULA.search(body) and not (value and value.group(1)):
            detail = ""
        else:
            continue
        ref = _REF.search(attrs)
        if ref is None:
            return {}, False
        found[(int(ref.group(2)) - 1, _column_index(ref.group(1)))] = detail
    return found, True


_WIDE_REF = re.compile(rb""" r=["']([A-Z]{2,3})\d+["']""")  # a literal space: 7× faster than \s
_PERCENT_BUILTIN = {9, 10}
_BUILTIN_PERCENT_ID = re.compile(rb"""numFmtId=["'](?:9|10)["']""")


def _percent_styles(archive: zipfile.ZipFile, workbook_part: str) -> set[bytes]:
    """Style indices whose number format shows a percentage."""
    path = next((t for k, t in _rels(archive, workbook_part).values() if k == "styles"), "xl/styles.xml")
    try:
        data = archive.read(path)
    except KeyError:
        return set()
    if b"%" not in data and not _BUILTIN_PERCENT_ID.search(data):
        return set()  # no percentage format at all: most files
    styles = ET.fromstring(data)
    custom = {int(f.get("numFmtId", "0")) for f in styles.iter() if _local(f.tag) == "numFmt"
              and "%" in _unquoted(f.get("formatCode", ""))}
    wanted = _PERCENT_BUILTIN | custom
    xfs = next((e for e in styles.iter() if _local(e.tag) == "cellXfs"), None)
    if xfs is None:
        return set()
    xf = [e for e in xfs if _local(e.tag) == "xf"]
    return {str(i).encode() for i, e in enumerate(xf) if int(e.get("numFmtId", "0") or 0) in wanted}


def _unquoted(code: str) -> str:
    """A number format without its quoted literals and escapes ('0"%"' shows no percentage)."""
    return re.sub(r'"[^"]*"|\\.', "", code)


def sheet_size(xml: bytes) -> tuple[int, int]:
    """(rows, columns) that calamine would allocate for this sheet XML: rows come in
    order, so the last <row> tells the height; wide columns (AA…) are rare and looked for."""
    rows = 0
    tail = 1 << 16
    while True:  # the last <row …> tag, looked for in a growing tail of the XML
        start = max(0, len(xml) - tail)
        tags = list(_ROW_TAG.finditer(xml, start))
        found = tags[-1] if tags else None
        if found is not None or start == 0:
            break
        tail *= 16
    if found is not None:
        number = _ROW_NUMBER.search(found.group(1))
        rows = int(number.group(1)) if number else len(_ROW_TAG.findall(xml))
    columns = max((_column_index(m) + 1 for m in _WIDE_REF.findall(xml)), default=26)
    return rows, columns


def _hidden_rows(xml: bytes) -> tuple[list[tuple[int, int]], bool]:
    """0-based rows hidden in the sheet (collapsed outline, filtered, hidden by hand), as
    ranges; False if a hidden row has no position (``r``)."""
    if b'hidden="' not in xml and b"hidden='" not in xml:
        return [], True
    hidden: list[tuple[int, int]] = []
    for match in _ROW_TAG.finditer(xml):
        attrs = match.group(1)
        if _HIDDEN.search(attrs):
            number = _ROW_NUMBER.search(attrs)
            if number is None:
                return [], False
            row = int(number.group(1)) - 1
            hidden.append((row, row + 1))
    return hidden, True


@dataclass
class SheetScan:
    rows: int = 0
    columns: int = 0
    formulas: Cells = field(default_factory=dict)
    percent: set[tuple[int, int]] = field(default_factory=set)
    hidden_rows: list[tuple[int, int]] = field(default_factory=list)  # [start, end) 0-based row ranges


def _positional(xml: bytes, percent_styles: set[bytes]) -> SheetScan:
    """The slow, exact reading of one sheet: a namespace-aware parse that places rows and
    cells without an ``r`` attribute where Excel does (after the previous one)."""
    scan = SheetScan()
    styles = {s.decode() for s in percent_styles}
    row, col, max_col = -1, -1, 0
    cell: dict[str, str | None] = {}
    for event, elem in ET.iterparse(io.BytesIO(xml), events=("start", "end")):
        name = _local(elem.tag)
        if event == "start":
            if name == "row":
                r = elem.get("r")
                row, col = (int(r) - 1 if r else row + 1), -1
                if elem.get("hidden") in ("1", "true"):
                    scan.hidden_rows.append((row, row + 1))
            elif name == "c":
                ref = re.match(r"([A-Z]+)(\d+)$", elem.get("r") or "")
                if ref:
                    row, col = int(ref.group(2)) - 1, _column_index(ref.group(1).encode())
                else:
                    col += 1
                max_col = max(max_col, col + 1)
                cell = {"t": elem.get("t"), "s": elem.get("s"), "f": None, "v": None}
            continue
        if name == "f" and cell:
            cell["f"] = elem.text or "="
        elif name == "v" and cell:
            cell["v"] = elem.text
        elif name == "c":
            if cell.get("t") == "e":
                scan.formulas[(row, col)] = cell["v"] or "#ERROR"
            elif cell.get("f") is not None and not cell.get("v"):
                scan.formulas[(row, col)] = ""
            if cell.get("s") in styles:
                scan.percent.add((row, col))
            cell = {}
        elif name == "row":
            elem.clear()
    scan.rows, scan.columns = row + 1, max(max_col, 26)
    return scan


_CELL_TAG = re.compile(rb"<" + _P + rb"c(\s[^>]*)")


def _styled_cells(xml: bytes, styles: set[bytes]) -> tuple[set[tuple[int, int]], bool]:
    """Cells with one of the styles; False if one has no position (``r``). Looks for the
    attribute (a literal: fast) and reads the cell tag it belongs to."""
    found: set[tuple[int, int]] = set()
    attribute = re.compile(rb""" s=["'](?:""" + b"|".join(sorted(styles)) + rb""")["']""")
    for match in attribute.finditer(xml):
        tag = _CELL_TAG.match(xml, xml.rfind(b"<", 0, match.start()))
        if tag is None:  # a row's style (customFormat), not a cell's
            continue
        ref = _REF.search(tag.group(1))
        if ref is None:
            return set(), False
        found.add((int(ref.group(2)) - 1, _column_index(ref.group(1))))
    return found, True


def xlsx(data: bytes) -> dict[str, SheetScan]:
    """Size, formula problems, percentage cells and hidden rows of each sheet of an .xlsx/.xlsm."""
    result: dict[str, SheetScan] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        workbook_part = _workbook_part(archive)
        percent_styles = _percent_styles(archive, workbook_part)
        for name, path in _xlsx_sheet_paths(archive, workbook_part).items():
            try:
                xml = archive.read(path)
            except KeyError:
                continue
            formulas, placed = _xlsx_cells(xml)
            hidden, rows_placed = _hidden_rows(xml)
            scan = SheetScan(*sheet_size(xml), formulas=formulas, hidden_rows=hidden)
            styled_placed = True
            if percent_styles:
                scan.percent, styled_placed = _styled_cells(xml, percent_styles)
            if not (placed and rows_placed and styled_placed):
                scan = _positional(xml, percent_styles)
            result[name] = scan
    return result


_ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "calcext": "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _ods_cells(content: bytes) -> Iterator[tuple[str, int, int, str]]:
    """(sheet, row, column, what): "%" a percentage cell, "hidden" a hidden row (column =
    how many rows), else a formula problem (its error text, "" if no value)."""
    t, calc = _ODS["table"], _ODS["calcext"]
    sheet, row, col = "", -1, 0
    for event, elem in ET.iterparse(io.BytesIO(content), events=("start", "end")):
        tag = elem.tag
        if event == "start":
            if tag == f"{{{t}}}table":
                sheet, row = elem.get(f"{{{t}}}name", ""), -1
            elif tag == f"{{{t}}}table-row":
                row, col = row + 1, 0
            continue
        if tag == f"{{{t}}}table-row":
            repeat = int(elem.get(f"{{{t}}}number-rows-repeated", "1"))
            if elem.get(f"{{{t}}}visibility") in ("collapse", "filter"):
                yield sheet, row, repeat, "hidden"
            row += repeat - 1
            elem.clear()
        elif tag in (f"{{{t}}}table-cell", f"{{{t}}}covered-table-cell"):
            repeat = int(elem.get(f"{{{t}}}number-columns-repeated", "1"))
            formula = elem.get(f"{{{t}}}formula")
            if elem.get(f"{{{_ODS['office']}}}value-type") == "percentage":
                for offset in range(min(repeat, 1024)):
                    yield sheet, row, col + offset, "%"
            elif formula and elem.get(f"{{{calc}}}value-type") == "error":
                yield sheet, row, col, "".join(elem.itertext()).strip() or "#ERROR"
            elif formula and elem.get(f"{{{_ODS['office']}}}value-type") is None:
                yield sheet, row, col, ""
            col += repeat


def ods(data: bytes) -> dict[str, SheetScan]:
    """Formula problems, percentage cells and hidden rows per sheet of an .ods."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read("content.xml")
    if b"formula=" not in content and b"percentage" not in content and b"visibility=" not in content:
        return {}
    result: dict[str, SheetScan] = {}
    for sheet, row, col, detail in _ods_cells(content):
        scan = result.setdefault(sheet, SheetScan())
        if detail == "%":
            scan.percent.add((row, col))
        elif detail == "hidden":
            scan.hidden_rows.append((row, row + col))
        else:
            scan.formulas[(row, col)] = detail
    return result


def _xls_percent_xfs(book: Any) -> set[int]:
    """Indices of the cell XFs (not cell styles) whose number format shows a percentage.
    Every workbook has the built-in formats 0% and 0.00% in its format table, and
    LibreOffice writes a "Percent" cell style: only a cell XF using one counts."""
    found = set()
    for index, xf in enumerate(book.xf_list):
        fmt = book.format_map.get(xf.format_key)
        if not xf.is_style and fmt is not None and "%" in _unquoted(fmt.format_str or ""):
            found.add(index)
    return found


def xls(data: bytes) -> dict[str, SheetScan]:
    """Error results and percentage cells per sheet of a legacy .xls (BIFF): calamine
    reads error results as blank cells, and gives the stored 0.855 of a cell shown as
    85,5 %. Cells' formats are kept by xlrd only when the workbook has a cell format
    showing a percentage (most have none: those sheets are read as cheaply as before)."""
    import xlrd

    result: dict[str, SheetScan] = {}
    book = xlrd.open_workbook(file_contents=data, on_demand=True, formatting_info=True, logfile=io.StringIO())
    try:
        percent_xfs = _xls_percent_xfs(book)
        if not percent_xfs:
            book.formatting_info = False  # sheets not loaded yet: read without their cells' formats
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            scan = SheetScan(sheet.nrows, sheet.ncols)
            xf_rows = sheet._cell_xf_indexes if percent_xfs else None  # one array per row, like the types
            for row in range(sheet.nrows):
                types = sheet.row_types(row)
                if xlrd.XL_CELL_ERROR in types:
                    for col, ctype in enumerate(types):
                        if ctype == xlrd.XL_CELL_ERROR:
                            code = sheet.cell_value(row, col)
                            scan.formulas[(row, col)] = xlrd.error_text_from_code.get(code, "#ERROR")
                if xf_rows is not None and not percent_xfs.isdisjoint(xf_rows[row]):
                    scan.percent.update((row, col) for col, xf in enumerate(xf_rows[row])
                                        if xf in percent_xfs and types[col] == xlrd.XL_CELL_NUMBER)
            result[sheet.name] = scan
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return result
