"""The "Hướng dẫn" sheet: how to fill the form, each column explained, the form's rules."""

from __future__ import annotations

from typing import Any

from danvan_cli.forms import style
from danvan_cli.forms.checks import literal_list
from danvan_cli.forms.describe import TYPE_NAMES, allowed, choice_labels, level_names, required, rule_text
from danvan_cli.forms.layout import Plan

TABLE = ("STT", "Cột (tiêu đề)", "Tên chuẩn (máy đọc)", "Nội dung, cách tính", "Kiểu dữ liệu", "Giá trị cho phép",
         "Bắt buộc", "Ghi chú")
WIDTHS = (6, 36, 30, 70, 22, 30, 14, 22)
DESCRIPTION = TABLE.index("Nội dung, cách tính") + 1  # the column (1-based) holding each column's definition


def _expected_rows(plan: Plan) -> list[str]:
    """'Mỗi đơn vị cấp Xã điền 5 dòng, một dòng cho mỗi “Tổ chức”: …'."""
    expected = plan.form.expected_rows
    if expected is None:
        return []
    column = plan.form.column(expected.column)
    choices = column.choices or {}
    grouped: dict[tuple[str, ...], list[str]] = {}
    for level, keys in expected.by_level.items():
        grouped.setdefault(tuple(keys), []).append(level)
    return [
        f"Mỗi đơn vị cấp {level_names(plan.spec, levels)} điền {len(keys)} dòng, một dòng cho mỗi "
        f"“{column.label}”: " + "; ".join(choices[k].label if k in choices else k for k in keys) + "."
        for keys, levels in grouped.items()
    ]


def _guidance(plan: Plan, sheet: str, header: int) -> list[str]:
    lines = [f"Điền số liệu vào trang “{sheet}”, từ dòng {header + 2} trở xuống; chỉ điền vào các ô không tô màu."]
    if plan.prefilled:
        lines.append("Các ô tô xám (mã, tên đơn vị…) đã điền sẵn theo danh mục đơn vị và bị khóa; "
                     "nếu sai hoặc thiếu đơn vị, báo lại cơ quan thường trực, không tự sửa.")
    if len(plan.rows) > plan.prefilled:
        lines.append("Các dòng trống cuối bảng dành cho những dòng không liệt kê sẵn được: tự điền mã đơn vị "
                     "theo danh mục và các cột còn lại.")
    if plan.levels:
        lines.append(f"Đơn vị phải nộp: tất cả đơn vị cấp {level_names(plan.spec, list(plan.levels))}.")
    if plan.optional_levels:
        lines.append(f"Đơn vị cấp {level_names(plan.spec, list(plan.optional_levels))} nộp khi có số liệu "
                     "(không bắt buộc).")
    for level, instead in plan.replaced:
        lines.append(f"Danh mục đơn vị không còn cấp {level_names(plan.spec, [level])}: phần của cấp này do các "
                     f"đơn vị cấp {level_names(plan.spec, [instead])} báo cáo.")
    lines += _expected_rows(plan)
    lines += [
        f"Không sửa, xóa hay đổi chỗ dòng tiêu đề cột (dòng {header}) và dòng tên chuẩn ẩn ngay dưới nó "
        f"(dòng {header + 1}): danvan dùng hai dòng này để nhận ra các cột.",
        "Gõ số trực tiếp, không dùng công thức; ô không có số liệu thì để trống.",
        "Trang được khóa không đặt mật khẩu (mật khẩu để trống): khi thật cần, chọn "
        "Review › Unprotect Sheet (Xem lại › Bỏ bảo vệ trang).",
    ]
    listed = [f"“{c.label}”" for c in plan.columns if c.type in ("choice", "boolean")]
    if listed:
        lines.append(f"Cột {', '.join(listed)}: chọn trong danh sách thả xuống.")
    return lines + list(plan.notes)


def _note(plan: Plan, name: str) -> str:
    column = plan.form.column(name)
    if not plan.prefilled:
        return ""
    if column.role == "year":
        return "Điền sẵn năm báo cáo"
    return "Điền sẵn, khóa" if name in plan.identity else ""


def _line(ws: Any, row: int, text: str, font: Any) -> None:
    cell = ws.cell(row=row, column=1)
    style.put_text(cell, text)
    cell.font = font
    cell.alignment = style.wrap(vertical="top")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(TABLE))
    ws.row_dimensions[row].height = 16.0 * max(1, -(-len(text) // 150)) + 4


def _table(ws: Any, plan: Plan, row: int) -> int:
    for col, text in enumerate(TABLE, start=1):
        cell = ws.cell(row=row, column=col)
        style.put_text(cell, text)
        cell.font = style.font(12, bold=True)
        cell.fill = style.fill(style.HEADER_FILL)
        cell.border = style.border()
        cell.alignment = style.wrap("center")
    for i, column in enumerate(plan.columns, start=1):
        row += 1
        values = (str(i), column.label, column.name, column.description, TYPE_NAMES[column.type],
                  allowed(column, plan.year), required(plan.spec, column), _note(plan, column.name))
        for col, text in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col)
            style.put_text(cell, text)
            cell.font = style.font(12)
            cell.border = style.border()
            cell.alignment = style.wrap(vertical="top")
        # wrapped text: as many lines as the fullest cell needs (about one character per width unit)
        lines = max(-(-len(text) // max(1, int(width * 0.95))) for text, width in zip(values, WIDTHS, strict=True))
        ws.row_dimensions[row].height = 16.0 * max(1, lines) + 4
    return row


def _targets(ws: Any, plan: Plan, row: int) -> int:
    """The targets computed from this form, each measure in words, and the readings they rest on."""
    from danvan_cli.render.targets import measure_sentence, threshold_cell

    spec = plan.spec
    targets = [t for t in spec.targets if t.form == plan.form.id]
    if not targets:
        return row
    row += 2
    _line(ws, row, "Các chỉ tiêu tính từ biểu này", style.font(12, bold=True))
    cited: list[str] = []  # interpretations in order of first citation: note (1), (2)…
    for t in targets:
        ids = [i for i in t.interpretation_ids if spec.interpretation(i) is not None]
        cited += [i for i in ids if i not in cited]
        row += 1
        mark = "".join(f" ({cited.index(i) + 1})" for i in ids)
        _line(ws, row, f"• {t.id}. {t.title}{mark}: {measure_sentence(spec, t)} Ngưỡng: {threshold_cell(t, 'vi')}.",
              style.font(12))
    if cited:
        row += 1
        _line(ws, row, "Cách hiểu văn bản", style.font(12, italic=True))
        for n, interp_id in enumerate(cited, start=1):
            interp = spec.interpretation(interp_id)
            row += 1
            _line(ws, row, f"({n}) {interp.term if interp else interp_id}: {interp.note if interp else ''}",
                  style.font(12, italic=True))
    return row


def _lists(ws: Any, plan: Plan, row: int) -> dict[str, str]:
    """Dropdown values too long for Excel's inline list, written here and referenced."""
    from openpyxl.utils import quote_sheetname

    ranges: dict[str, str] = {}
    for column in plan.columns:
        labels = choice_labels(column)
        if column.type not in ("choice", "boolean") or literal_list(labels) is not None:
            continue
        row += 1
        _line(ws, row, f"Danh sách “{column.label}”:", style.font(12, bold=True))
        for label in labels:
            row += 1
            style.put_text(ws.cell(row=row, column=2), label)
        ranges[column.name] = f"{quote_sheetname(ws.title)}!$B${row - len(labels) + 1}:$B${row}"
    return ranges


def write_instructions(ws: Any, plan: Plan, sheet: str, header: int) -> dict[str, str]:
    """Fill the instructions sheet; returns the ranges holding long dropdown lists."""
    from openpyxl.utils import get_column_letter

    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    row = 1
    _line(ws, row, f"HƯỚNG DẪN ĐIỀN BIỂU MẪU SỐ {plan.form.number}: {plan.form.title}", style.font(14, bold=True))
    row += 1
    _line(ws, row, f"Năm báo cáo {plan.year}. Đơn vị báo cáo: {plan.reporter}.", style.font(12, italic=True))
    if plan.registry:
        row += 1
        _line(ws, row, f"Danh mục đơn vị: {plan.registry}.", style.font(12, italic=True))
    row += 2
    _line(ws, row, "Cách điền", style.font(12, bold=True))
    for i, text in enumerate(_guidance(plan, sheet, header), start=1):
        row += 1
        _line(ws, row, f"{i}. {text}", style.font(12))
    row += 2
    _line(ws, row, "Các cột của biểu", style.font(12, bold=True))
    row = _table(ws, plan, row + 1)
    if plan.form.rules:
        row += 2
        _line(ws, row, "Quy tắc kiểm tra (số liệu sai quy tắc sẽ không được tính)", style.font(12, bold=True))
        for rule in plan.form.rules:
            row += 1
            _line(ws, row, "• " + rule_text(plan.form, rule), style.font(12))
    row = _targets(ws, plan, row)
    ranges = _lists(ws, plan, row + 1)
    ws.protection.sheet = True
    return ranges
