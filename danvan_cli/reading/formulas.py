"""Formula cells that carry no usable value, which calamine reads as blank.

A formula saved without its cached result (files written by scripts, or by Excel
with manual recalculation) and an error result (``#REF!``, ``#DIV/0!``) both come
back from calamine as an empty cell; the figure the office meant is not there.
This module finds those cells in the file itself so they can be reported.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator

Cells = dict[tuple[int, int], str]  # (0-based row, 0-based column) → error text, "" if no value

_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_ERROR_TEXT = re.compile(r"^(#(REF!|DIV/0!|VALUE!|N/A|NAME\?|NUM!|NULL!|SPILL!|CALC!)|Err:\d{3})$")


def is_error_text(text: str) -> bool:
    """'#REF!', '#DIV/0!', LibreOffice's 'Err:502': an error exported as text."""
    return bool(_ERROR_TEXT.match(text.strip()))


def _column_index(letters: bytes) -> int:
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


def xlsx(data: bytes) -> dict[str, Cells]:
    """Formula problems per sheet of an .xlsx/.xlsm."""
    result: dict[str, Cells] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name, path in _xlsx_sheet_paths(archive).items():
            try:
                cells = _xlsx_cells(archive.read(path))
            except KeyError:
                continue
            if cells:
                result[name] = cells
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
            if formula and elem.get(f"{{{calc}}}value-type") == "error":
                yield sheet, row, col, "".join(elem.itertext()).strip() or "#ERROR"
            elif formula and elem.get(f"{{{_ODS['office']}}}value-type") is None:
                yield sheet, row, col, ""
            col += repeat


def ods(data: bytes) -> dict[str, Cells]:
    """Formula problems per sheet of an .ods."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read("content.xml")
    if b"table:formula" not in content:
        return {}
    result: dict[str, Cells] = {}
    for sheet, row, col, detail in _ods_cells(content):
        result.setdefault(sheet, {})[(row, col)] = detail
    return result
