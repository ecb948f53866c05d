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

Cells = dict[tuple[int, int], str]  # (0-based row, 0-based column) → error text, "" if no value

_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_ERROR_TEXT = re.compile(r"^(#(REF!|DIV/0!|VALUE!|N/A|NAME\?|NUM!|NULL!|SPILL!|CALC!)|Err:\d{3})$")


def is_error_text(text: str) -> bool:
    """'#REF!', '#DIV/0!', LibreOffice's 'Err:502': an error exported as text."""
    return bool(_ERROR_TEXT.match(text.strip()))


def _column_index(letters: bytes) -> int:
    """b'A' → 0, b'AB' → 27."""
    index = 0
    for ch in letters:
        index = index * 26 + (ch - 64)
    return index - 1


def _xlsx_sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → path of its XML inside the xlsx."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    paths = {}
    for sheet in workbook.iterfind("m:sheets/m:sheet", ns):
        target = targets.get(sheet.get(f"{{{ns['r']}}}id"), "")
        target = target.lstrip("/")
        paths[sheet.get("name", "")] = target if target.startswith("xl/") else f"xl/{target}"
    return paths


def _xlsx_cells(xml: bytes) -> Cells:
    found: Cells = {}
    if b"<f" not in xml and b't="e"' not in xml:
        return found
    for match in _CELL.finditer(xml):
        attrs, body = match.group(3), match.group(4) or b""
        value = _VALUE.search(body)
        if b't="e"' in attrs:
            detail = value.group(1).decode("utf-8", "replace") if value else "#ERROR"
        elif b"<f" in body and not (value and value.group(1)):
            detail = ""
        else:
            continue
        found[(int(match.group(2)) - 1, _column_index(match.group(1)))] = detail
    return found


_ROW = re.compile(rb'<row [^>]*?r="(\d+)"')
_WIDE_REF = re.compile(rb'<c r="([A-Z]{2,3})\d+"')
_STYLED = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*? s="(\d+)"')
_PERCENT_BUILTIN = {9, 10}


def _percent_styles(archive: zipfile.ZipFile) -> set[bytes]:
    """Style indices whose number format shows a percentage."""
    try:
        data = archive.read("xl/styles.xml")
    except KeyError:
        return set()
    if b"%" not in data and b'numFmtId="9"' not in data and b'numFmtId="10"' not in data:
        return set()  # no percentage format at all: most files
    styles = ET.fromstring(data)
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    custom = {int(f.get("numFmtId", "0")) for f in styles.iter(f"{ns}numFmt") if "%" in f.get("formatCode", "")}
    xfs = styles.find(f"{ns}cellXfs")
    if xfs is None:
        return set()
    return {str(i).encode() for i, xf in enumerate(xfs) if int(xf.get("numFmtId", "0")) in _PERCENT_BUILTIN | custom}


def sheet_size(xml: bytes) -> tuple[int, int]:
    """(rows, columns) that calamine would allocate for this sheet XML: rows come in
    order, so the last <row> tells the height; wide columns (AA…) are rare and looked for."""
    last = xml.rfind(b"<row ")
    found = _ROW.match(xml, last) if last >= 0 else None
    rows = int(found.group(1)) if found else 0
    columns = max((_column_index(m) + 1 for m in _WIDE_REF.findall(xml)), default=26)
    return rows, columns


@dataclass
class SheetScan:
    rows: int = 0
    columns: int = 0
    formulas: Cells = field(default_factory=dict)
    percent: set[tuple[int, int]] = field(default_factory=set)


def xlsx(data: bytes) -> dict[str, SheetScan]:
    """Size, formula problems and percentage cells of each sheet of an .xlsx/.xlsm."""
    result: dict[str, SheetScan] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        percent_styles = _percent_styles(archive)
        for name, path in _xlsx_sheet_paths(archive).items():
            try:
                xml = archive.read(path)
            except KeyError:
                continue
            scan = SheetScan(*sheet_size(xml), formulas=_xlsx_cells(xml))
            if percent_styles and any(b' s="' + s + b'"' in xml for s in percent_styles):
                scan.percent = {(int(r) - 1, _column_index(c)) for c, r, s in _STYLED.findall(xml) if s in percent_styles}
            result[name] = scan
    return result


_ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "calcext": "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _ods_cells(content: bytes) -> Iterator[tuple[str, int, int, str]]:
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
            row += int(elem.get(f"{{{t}}}number-rows-repeated", "1")) - 1
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
    """Formula problems and percentage cells per sheet of an .ods."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read("content.xml")
    if b"table:formula" not in content and b'value-type="percentage"' not in content:
        return {}
    result: dict[str, SheetScan] = {}
    for sheet, row, col, detail in _ods_cells(content):
        scan = result.setdefault(sheet, SheetScan())
        if detail == "%":
            scan.percent.add((row, col))
        else:
            scan.formulas[(row, col)] = detail
    return result


def xls(data: bytes) -> dict[str, SheetScan]:
    """Error results per sheet of a legacy .xls (BIFF): calamine reads them as blank cells."""
    import xlrd

    result: dict[str, SheetScan] = {}
    book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            scan = SheetScan(sheet.nrows, sheet.ncols)
            for row in range(sheet.nrows):
                for col, ctype in enumerate(sheet.row_types(row)):
                    if ctype == xlrd.XL_CELL_ERROR:
                        code = sheet.cell_value(row, col)
                        scan.formulas[(row, col)] = xlrd.error_text_from_code.get(code, "#ERROR")
            result[sheet.name] = scan
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return result
