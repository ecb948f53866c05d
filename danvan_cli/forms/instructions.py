"""The "Hướng dẫn" sheet: how to fill the form, each column explained, the form's rules."""

from __future__ import annotations

from typing import Any

from danvan_cli.forms import style
from danvan_cli.forms.checks import literal_list
from danvan_cli.forms.describe import allowed, choice_labels, label, level_names, required, rule_text, type_name
from danvan_cli.forms.layout import Plan
from danvan_cli.i18n import N_, data_text, translator

TABLE = (N_("STT"), N_("Cột (tiêu đề)"), N_("Tên chuẩn (máy đọc)"), N_("Nội dung, cách tính"), N_("Kiểu dữ liệu"),
         N_("Giá trị cho phép"), N_("Bắt buộc"), N_("Ghi chú"))
WIDTHS = (6, 36, 30, 70, 22, 30, 14, 22)
DESCRIPTION = TABLE.index("Nội dung, cách tính") + 1  # the column (1-based) holding each column's definition


def _expected_rows(plan: Plan) -> list[str]:
    """'Mỗi đơn vị cấp Xã điền 5 dòng, một dòng cho mỗi “Tổ chức”: …'."""
    expected = plan.form.expected_rows
    if expected is None:
        return []
    lang = plan.lang
    column = plan.form.column(expected.column)
    choices = column.choices or {}
    grouped: dict[tuple[str, ...], list[str]] = {}
    for level, keys in expected.by_level.items():
        grouped.setdefault(tuple(keys), []).append(level)
    ngettext = translator(lang).ngettext
    return [
        ngettext("Mỗi đơn vị cấp {levels} điền {n} dòng, một dòng cho mỗi “{column}”: {answers}.",
                 "Mỗi đơn vị cấp {levels} điền {n} dòng, một dòng cho mỗi “{column}”: {answers}.", len(keys)).format(
            levels=level_names(plan.spec, levels, lang), n=len(keys), column=label(column, lang),
            answers="; ".join(data_text(lang, choices[k].label, choices[k].label_en) if k in choices else k
                              for k in keys))
        for keys, levels in grouped.items()
    ]


def _guidance(plan: Plan, sheet: str, header: int) -> list[str]:
    lang = plan.lang
    _ = translator(lang).gettext
    lines = [_("Điền số liệu vào trang “{sheet}”, từ dòng {row} trở xuống; chỉ điền vào các ô không tô màu.")
             .format(sheet=sheet, row=header + 2)]
    if plan.prefilled:
        lines.append(_("Các ô tô xám (mã, tên đơn vị…) đã điền sẵn theo danh mục đơn vị và bị khóa; "
                       "nếu sai hoặc thiếu đơn vị, báo lại cơ quan thường trực, không tự sửa."))
    if len(plan.rows) > plan.prefilled:
        lines.append(_("Các dòng trống cuối bảng dành cho những dòng không liệt kê sẵn được: tự điền mã đơn vị "
                       "theo danh mục và các cột còn lại."))
    if plan.levels:
        lines.append(_("Đơn vị phải nộp: tất cả đơn vị cấp {levels}.")
                     .format(levels=level_names(plan.spec, list(plan.levels), lang)))
    if plan.optional_levels:
        lines.append(_("Đơn vị cấp {levels} nộp khi có số liệu (không bắt buộc).")
                     .format(levels=level_names(plan.spec, list(plan.optional_levels), lang)))
    for level, instead in plan.replaced:
        lines.append(_("Danh mục đơn vị không còn cấp {level}: phần của cấp này do các đơn vị cấp {instead} báo cáo.")
                     .format(level=level_names(plan.spec, [level], lang),
                             instead=level_names(plan.spec, [instead], lang)))
    lines += _expected_rows(plan)
    lines += [
        _("Không sửa, xóa hay đổi chỗ dòng tiêu đề cột (dòng {header}) và dòng tên chuẩn ẩn ngay dưới nó "
          "(dòng {names}): danvan dùng hai dòng này để nhận ra các cột.").format(header=header, names=header + 1),
        _("Gõ số trực tiếp, không dùng công thức; ô không có số liệu thì để trống."),
        _("Trang được khóa không đặt mật khẩu (mật khẩu để trống): khi thật cần, chọn "
          "Review › Unprotect Sheet (Xem lại › Bỏ bảo vệ trang)."),
    ]
    listed = [f"“{label(c, lang)}”" for c in plan.columns if c.type in ("choice", "boolean")]
    if listed:
        lines.append(translator(lang).ngettext("Cột {columns}: chọn trong danh sách thả xuống.",
                                               "Cột {columns}: chọn trong danh sách thả xuống.", len(listed))
                     .format(columns=", ".join(listed)))
    return lines + list(plan.notes)


def _note(plan: Plan, name: str) -> str:
    _ = translator(plan.lang).gettext
    column = plan.form.column(name)
    if not plan.prefilled:
        return ""
    if column.role == "year":
        return _("Điền sẵn năm báo cáo")
    return _("Điền sẵn, khóa") if name in plan.identity else ""


def _line(ws: Any, row: int, text: str, font: Any) -> None:
    cell = ws.cell(row=row, column=1)
    style.put_text(cell, text)
    cell.font = font
    cell.alignment = style.wrap(vertical="top")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(TABLE))
    ws.row_dimensions[row].height = 16.0 * max(1, -(-len(text) // 150)) + 4


def _table(ws: Any, plan: Plan, row: int) -> int:
    lang = plan.lang
    _ = translator(lang).gettext
    for col, text in enumerate(TABLE, start=1):
        cell = ws.cell(row=row, column=col)
        style.put_text(cell, _(text))
        cell.font = style.font(12, bold=True)
        cell.fill = style.fill(style.HEADER_FILL)
        cell.border = style.border()
        cell.alignment = style.wrap("center")
    for i, column in enumerate(plan.columns, start=1):
        row += 1
        values = (str(i), label(column, lang), column.name, data_text(lang, column.description, column.description_en),
                  type_name(column, lang), allowed(column, plan.year, lang), required(plan.spec, column, lang),
                  _note(plan, column.name))
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

    spec, lang = plan.spec, plan.lang
    _ = translator(lang).gettext
    targets = [t for t in spec.targets if t.form == plan.form.id]
    if not targets:
        return row
    row += 2
    _line(ws, row, _("Các chỉ tiêu tính từ biểu này"), style.font(12, bold=True))
    cited: list[str] = []  # interpretations in order of first citation: note (1), (2)…
    for t in targets:
        ids = [i for i in t.interpretation_ids if spec.interpretation(i) is not None]
        cited += [i for i in ids if i not in cited]
        row += 1
        mark = "".join(f" ({cited.index(i) + 1})" for i in ids)
        text = _("• {id}. {title}{mark}: {measure} Ngưỡng: {threshold}.").format(
            id=t.id, title=data_text(lang, t.title, t.title_en), mark=mark, measure=measure_sentence(spec, t, lang),
            threshold=threshold_cell(t, lang))
        _line(ws, row, text, style.font(12))
    if cited:
        row += 1
        _line(ws, row, _("Cách hiểu văn bản"), style.font(12, italic=True))
        for n, interp_id in enumerate(cited, start=1):
            interp = spec.interpretation(interp_id)
            term = data_text(lang, interp.term, interp.term_en) if interp else interp_id
            note = data_text(lang, interp.note, interp.note_en) if interp else ""
            row += 1
            _line(ws, row, f"({n}) {term}: {note}", style.font(12, italic=True))
    return row


def _lists(ws: Any, plan: Plan, row: int) -> dict[str, str]:
    """Dropdown values too long for Excel's inline list, written here and referenced."""
    from openpyxl.utils import quote_sheetname

    _ = translator(plan.lang).gettext
    ranges: dict[str, str] = {}
    for column in plan.columns:
        labels = choice_labels(column, plan.lang)
        if column.type not in ("choice", "boolean") or literal_list(labels) is not None:
            continue
        row += 1
        _line(ws, row, _("Danh sách “{column}”:").format(column=label(column, plan.lang)), style.font(12, bold=True))
        for text in labels:
            row += 1
            style.put_text(ws.cell(row=row, column=2), text)
        ranges[column.name] = f"{quote_sheetname(ws.title)}!$B${row - len(labels) + 1}:$B${row}"
    return ranges


def write_instructions(ws: Any, plan: Plan, sheet: str, header: int) -> dict[str, str]:
    """Fill the instructions sheet; returns the ranges holding long dropdown lists."""
    from openpyxl.utils import get_column_letter

    lang = plan.lang
    _ = translator(lang).gettext
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    row = 1
    title = data_text(lang, plan.form.title, plan.form.title_en)
    _line(ws, row, _("HƯỚNG DẪN ĐIỀN BIỂU MẪU SỐ {number}: {title}").format(number=plan.form.number, title=title),
          style.font(14, bold=True))
    row += 1
    _line(ws, row, _("Năm báo cáo {year}. Đơn vị báo cáo: {reporter}.").format(year=plan.year, reporter=plan.reporter),
          style.font(12, italic=True))
    if plan.registry:
        row += 1
        _line(ws, row, _("Danh mục đơn vị: {registry}.").format(registry=plan.registry), style.font(12, italic=True))
    row += 2
    _line(ws, row, _("Cách điền"), style.font(12, bold=True))
    for i, text in enumerate(_guidance(plan, sheet, header), start=1):
        row += 1
        _line(ws, row, f"{i}. {text}", style.font(12))
    row += 2
    _line(ws, row, _("Các cột của biểu"), style.font(12, bold=True))
    row = _table(ws, plan, row + 1)
    if plan.form.rules:
        row += 2
        _line(ws, row, _("Quy tắc kiểm tra (số liệu sai quy tắc sẽ không được tính)"), style.font(12, bold=True))
        for rule in plan.form.rules:
            row += 1
            _line(ws, row, "• " + rule_text(plan.form, rule, lang), style.font(12))
    row = _targets(ws, plan, row)
    ranges = _lists(ws, plan, row + 1)
    ws.protection.sheet = True
    return ranges
