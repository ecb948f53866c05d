"""Write a template `Plan` as an .xlsx: title block, labels, hidden canonical names, rows.

The canonical names sit in a hidden row right under the labels, so that reading a
returned file never depends on the wording of the labels. Output is byte-for-byte
reproducible: fixed document dates and fixed ZIP entry times.
"""

from __future__ import annotations

import datetime
import io
import math
import zipfile
from pathlib import Path
from typing import Any

from danvan_cli.forms import style
from danvan_cli.forms.checks import rule_for
from danvan_cli.forms.describe import choice_labels, label
from danvan_cli.forms.layout import Plan
from danvan_cli.i18n import N_, data_text, translator
from danvan_cli.spec.models import Column

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
TEXT_TYPES = ("unit", "text")
GUIDE_SHEET = N_("Hướng dẫn")  # a name the reader knows as instructions, not data, in both languages


def sheet_title(plan: Plan) -> str:
    return translator(plan.lang).gettext("Biểu {number}").format(number=plan.form.number)[:31]


def form_title(plan: Plan) -> str:
    """The form's title in the template's language (the spec's ``title_en`` in English)."""
    return data_text(plan.lang, plan.form.title, plan.form.title_en)


def _title_lines(plan: Plan) -> list[tuple[str, Any]]:
    _ = translator(plan.lang).gettext
    lines = [
        (_("BIỂU MẪU SỐ {number}").format(number=plan.form.number), style.font(14, bold=True)),
        (form_title(plan), style.font(13, bold=True)),
        (plan.spec.programme.title, style.font(11, italic=True)),
        (_("Đơn vị báo cáo: {reporter}").format(reporter=plan.reporter), style.font(12)),
        (_("Năm báo cáo: {year}").format(year=plan.year), style.font(12, bold=True)),
    ]
    lines += [(_("Ghi chú: {note}").format(note=note), style.font(12, italic=True, color="C00000"))
              for note in plan.notes]
    return lines


def _width(column: Column, plan: Plan) -> float:
    """Wide enough for the pre-filled names or the dropdown labels; long labels wrap."""
    if column.type in ("choice", "boolean"):
        longest = max(len(text) for text in choice_labels(column, plan.lang))
    elif column.type in TEXT_TYPES:
        longest = max((len(str(r.values.get(column.name, ""))) for r in plan.rows), default=0)
        longest = max(longest, 10 if column.type == "unit" else 18)
    else:
        longest = 12
    return float(min(max(longest + 2, math.ceil(len(label(column, plan.lang)) / 4), 10), 40))


def _header_height(widths: list[float], labels: list[str]) -> float:
    lines = max(math.ceil(len(text) / max(w - 2, 1)) for w, text in zip(widths, labels, strict=True))
    return 16.0 * max(lines, 1) + 4


def _write_title(ws: Any, plan: Plan, width: int) -> int:
    """The title block, merged across the table; returns the last row used."""
    row = 0
    for row, (text, font) in enumerate(_title_lines(plan), start=1):
        cell = ws.cell(row=row, column=1)
        style.put_text(cell, text)
        cell.font = font
        cell.alignment = style.wrap("center" if row <= 2 else "left")
        if width > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        if len(text) > 12 * width:
            ws.row_dimensions[row].height = 16.0 * math.ceil(len(text) / (12 * width)) + 4
    return row


def _write_header(ws: Any, plan: Plan, row: int, widths: list[float]) -> None:
    from openpyxl.utils import get_column_letter

    for col, column in enumerate(plan.columns, start=1):
        header = ws.cell(row=row, column=col)
        style.put_text(header, label(column, plan.lang))
        header.font = style.font(12, bold=True)
        header.alignment = style.wrap("center")
        header.fill = style.fill(style.HEADER_FILL)
        header.border = style.border()
        name = ws.cell(row=row + 1, column=col)
        style.put_text(name, column.name)
        name.font = style.font(9, color="808080")
        ws.column_dimensions[get_column_letter(col)].width = widths[col - 1]
    ws.row_dimensions[row].height = _header_height(widths, [label(c, plan.lang) for c in plan.columns])
    ws.row_dimensions[row + 1].hidden = True


def _style_cell(cell: Any, column: Column, locked: bool) -> None:
    from openpyxl.styles import Protection

    cell.protection = Protection(locked=locked)
    if locked:
        cell.fill = style.fill(style.GREY)
        cell.quotePrefix = column.type in TEXT_TYPES or column.type == "choice"
    if column.type in TEXT_TYPES:
        cell.number_format = "@"
    cell.font = style.font(12)
    cell.border = style.border()
    cell.alignment = style.wrap("left" if column.type in (*TEXT_TYPES, "choice") else "right")


def _write_rows(ws: Any, plan: Plan, first: int) -> None:
    """The table's rows; each cell's style is built once per column and kind, then copied."""
    from copy import copy

    styles: dict[tuple[int, bool], Any] = {}
    for offset, entry in enumerate(plan.rows):
        for col, column in enumerate(plan.columns, start=1):
            cell = ws.cell(row=first + offset, column=col)
            locked = column.name in entry.locked
            if (col, locked) in styles:
                cell._style = copy(styles[(col, locked)])
            else:
                _style_cell(cell, column, locked)
                styles[(col, locked)] = copy(cell._style)
            value = entry.values.get(column.name)
            if value is not None:
                style.put(cell, value)  # after the style: a formula-like text sets quotePrefix


def _add_checks(ws: Any, plan: Plan, first: int, lists: dict[str, str]) -> None:
    from openpyxl.utils import get_column_letter

    last = first + len(plan.rows) - 1
    for col, column in enumerate(plan.columns, start=1):
        check = rule_for(plan.spec, column, plan.year, lists.get(column.name), plan.lang)
        if check is None:
            continue
        letter = get_column_letter(col)
        check.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(check)


def _finish(ws: Any, plan: Plan, header: int) -> None:
    """Frozen header and code columns, printing on A4 landscape, protection without password."""
    from openpyxl.utils import get_column_letter

    fixed = 0
    for column in plan.columns:
        if column.name not in plan.identity:
            break
        fixed += 1
    ws.freeze_panes = f"{get_column_letter(fixed + 1)}{header + 2}"
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True  # no password: Review › Unprotect Sheet opens it
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def build(plan: Plan) -> Any:
    """The openpyxl workbook of one template: the form's sheet, then the instructions."""
    from openpyxl import Workbook

    from danvan_cli.forms.instructions import write_instructions

    wb = Workbook()
    ws: Any = wb.active  # the sheet a new workbook starts with: the form's
    ws.title = sheet_title(plan)
    widths = [_width(c, plan) for c in plan.columns]
    header = _write_title(ws, plan, len(plan.columns)) + 2
    _write_header(ws, plan, header, widths)
    first = header + 2
    _write_rows(ws, plan, first)
    _ = translator(plan.lang).gettext
    lists = write_instructions(wb.create_sheet(_(GUIDE_SHEET)), plan, ws.title, header)
    _add_checks(ws, plan, first, lists)
    _finish(ws, plan, header)
    wb.active = 0
    props = wb.properties
    props.creator = props.lastModifiedBy = "danvan"
    props.title = _("Biểu {number}: {title}").format(number=plan.form.number, title=form_title(plan))
    props.created = props.modified = datetime.datetime(plan.year, 1, 1)
    _mark(wb, plan)
    return wb


def _mark(wb: Any, plan: Plan) -> None:
    """Custom document properties saying which template this is, whatever the file is renamed to."""
    from openpyxl.packaging.custom import StringProperty

    for name, value in (("danvan.form", plan.form.id), ("danvan.year", str(plan.year)), ("danvan.unit", plan.unit or "")):
        wb.custom_doc_props.append(StringProperty(name=name, value=value))


class _FixedTimeZip(zipfile.ZipFile):
    """A ZIP whose entries all carry the same time, so two runs give identical bytes."""

    def writestr(self, name: Any, data: Any, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        if isinstance(name, str):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            name = info
        super().writestr(name, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        """openpyxl streams worksheets through a temporary file: store it with the fixed time too."""
        self.writestr(str(arcname or filename), Path(filename).read_bytes())


def to_bytes(wb: Any) -> bytes:
    """Serialise without openpyxl's save(), which stamps the current time."""
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()
    return buffer.getvalue()


def write(plan: Plan, path: Path) -> Path:
    path.write_bytes(to_bytes(build(plan)))
    return path
