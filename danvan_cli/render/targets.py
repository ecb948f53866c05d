"""The programme's targets as a terminal table, a printable Markdown annex or JSON.

The annex says each target's measure as a sentence built from the measure itself and the labels of
its form's columns (never per target ID), so another programme's spec reads as well as this one.
In English the columns are named by their canonical names (the labels are Vietnamese only); the
forms section of the annex gives each name its label and English definition.
"""

from __future__ import annotations

from typing import Any

from danvan_cli.render.context import target_threshold, when_text
from danvan_cli.render.numbers import measured
from danvan_cli.spec.models import Column, Condition, Form, Measure, Spec, Target

OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "!=": "≠"}
TYPE_NAMES_EN = {
    "unit": "unit code (text)", "text": "text", "integer": "whole number", "number": "number",
    "percent": "percentage (number, no % sign)", "boolean": "yes/no", "choice": "one of a list",
    "year": "year, 4 digits",
}


# --- the measure as a sentence -------------------------------------------------------------------


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def _lower_first(text: str) -> str:
    """'Số hồ sơ' → 'số hồ sơ'; an acronym stays ('PAR INDEX')."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _col(form: Form, name: str, en: bool) -> str:
    """A column as the reader knows it: its label in quotes, or in English its canonical name."""
    return f"`{name}`" if en else f"“{form.column(name).label}”"


def _amount(form: Form, name: str, en: bool, single: bool) -> str:
    """'tổng số cấp ủy viên gương mẫu …': a column added up over the rows (or read on the one row)."""
    if en:
        return _col(form, name, en) if single else f"the sum of {_col(form, name, en)}"
    label = form.column(name).label
    plain = not any(ch in label for ch in ",(:/")
    for head in ("Tổng số ", "Số "):
        if label.startswith(head) and plain:
            text = _lower_first(label)
            return text if single or head == "Tổng số " else "tổng " + text
    if label.startswith("Tổng số "):
        return f"“{label}”"
    return f"“{label}”" if single else f"tổng “{label}”"


def _value(column: Column, value: Any, en: bool) -> str:
    if getattr(value, "ref", None) == "year":
        return "the reporting year" if en else "năm báo cáo"
    if isinstance(value, bool):
        return ("Yes" if value else "No") if en else ("Có" if value else "Không")
    if column.choices and isinstance(value, str) and value in column.choices:
        return f"“{column.choices[value].label}”"
    if isinstance(value, int | float):
        return _num(value) + ("%" if column.type == "percent" else "")
    return str(value)


def condition_text(form: Form, cond: Condition, en: bool) -> str:
    """'“Số cuộc giám sát” ≥ 2', '“Xếp loại” là “Hoàn thành xuất sắc nhiệm vụ” hoặc …'."""
    column = form.column(cond.column)
    name = _col(form, cond.column, en)
    if cond.op == "in":
        values = cond.value if isinstance(cond.value, list) else [cond.value]
        words = [_value(column, v, en) for v in values]
        return f"{name} {'is' if en else 'là'} " + (" or " if en else " hoặc ").join(words)
    value = _value(column, cond.value, en)
    if column.type in ("boolean", "choice") or isinstance(cond.value, bool):
        verb = {"==": ("is", "là"), "!=": ("is not", "không là")}.get(cond.op)
        if verb:
            return f"{name} {verb[0] if en else verb[1]} {value}"
    if getattr(cond.value, "ref", None) == "year" and cond.op == "==":
        return f"{name} {'is' if en else 'bằng'} {value}"
    return f"{name} {OPS[cond.op]} {value}"


def _conditions(form: Form, conds: list[Condition], en: bool) -> str:
    return (" and " if en else " và ").join(condition_text(form, c, en) for c in conds)


def _level_names(spec: Spec, ids: list[str], en: bool) -> str:
    names = [((lv.name_en or lv.name) if en else lv.name).lower() for lv in spec.levels if lv.id in ids]
    return ", ".join(names)


def _levels_of(spec: Spec, target: Target) -> list[str]:
    form = spec.forms[target.form]
    return list(target.scope.levels or form.allowed_levels)


def _single(spec: Spec, target: Target) -> bool:
    """Read on one row: the top level only (the province row), no further condition."""
    return _levels_of(spec, target) == [spec.levels[0].id] and not target.scope.where


def _rows(spec: Spec, target: Target, en: bool) -> str:
    """'các dòng Biểu 05 của cấp tỉnh, huyện, xã' / 'the rows of form 05 at … level'."""
    form = spec.forms[target.form]
    levels = _level_names(spec, _levels_of(spec, target), en)
    if _single(spec, target):
        return f"the {levels} row of form {form.number}" if en else f"dòng cấp {levels} của Biểu {form.number}"
    return f"the rows of form {form.number} at {levels} level" if en else f"các dòng Biểu {form.number} của cấp {levels}"


def _only(spec: Spec, target: Target, en: bool) -> str:
    """', chỉ tính các dòng có …' when the target's scope has conditions."""
    if not target.scope.where:
        return ""
    form = spec.forms[target.form]
    return (", counting only rows where " if en else ", chỉ tính các dòng có ") + _conditions(form, target.scope.where, en)


def _row_key(form: Form) -> str | None:
    """The key column that tells a unit's rows apart (organisation, position, enterprise), if any."""
    if form.key == [form.unit_column]:
        return None
    return next((k for k in reversed(form.key) if k != form.unit_column), form.key[-1])


def row_noun(form: Form, en: bool, spec: Spec | None = None) -> str:
    """What one row of the form is: 'đơn vị', 'tổ chức', 'doanh nghiệp' (from the key's labels)."""
    name = _row_key(form)
    if name is None:
        if len(form.allowed_levels) == 1 and not en:  # one level: its name ('thôn')
            return form.allowed_levels[0] if spec is None else _level_names(spec, form.allowed_levels, en)
        return "units" if en else "đơn vị"
    if en:
        return f"rows (one per `{name}`)"
    label = form.column(name).label
    for head in ("Mã số ", "Mã ", "Tên "):
        if label.startswith(head):
            label = label[len(head):]
            break
    return _lower_first(label)


def _inner(spec: Spec, target: Target, m: Measure, en: bool) -> str:
    """The measure's value without its verdict: 'Tỷ lệ = … / …, cộng trên …'."""
    form = spec.forms[target.form]
    single = _single(spec, target)
    rows = _rows(spec, target, en)
    only = _only(spec, target, en)
    if m.kind == "ratio" and m.numerator and m.denominator:
        a, b = _amount(form, m.numerator, en, single), _amount(form, m.denominator, en, single)
        if en:
            return f"Percentage = {a} divided by {b}, {'on' if single else 'over'} {rows}{only}"
        return f"Tỷ lệ = {a} / {b}{' ở' if single else ', cộng trên'} {rows}{only}"
    if m.kind in ("share", "count"):
        noun = row_noun(form, en, spec)
        conds = _conditions(form, m.condition, en)
        if m.kind == "share":
            if en:
                return f"Percentage of {noun} with {conds}, among those giving the figures, in {rows}{only}"
            return f"Tỷ lệ {noun} có {conds}, trong số {noun} có điền số liệu ở {rows}{only}"
        if en:
            return f"Number of {noun} with {conds} in {rows}{only}"
        return f"Số {noun} có {conds} ở {rows}{only}"
    column = m.column or ""
    if m.kind == "mean":
        if en:
            return f"Unweighted mean of {_col(form, column, en)} over {rows}{only}"
        return f"Trung bình cộng {_col(form, column, en)} trên {rows}{only}"
    amount = _amount(form, column, en, single)
    if en:
        return f"Value = {amount} {'on' if single else 'over'} {rows}{only}"
    return f"Giá trị = {amount} {'ở' if single else 'cộng trên'} {rows}{only}"


def measure_sentence(spec: Spec, target: Target, lang: str = "vi") -> str:
    """The measure of a target and when it is met, as one sentence of the annex."""
    en = lang == "en"
    inner = _inner(spec, target, target.value_measure, en)
    if target.tracked:
        return inner + ("; tracked, no threshold." if en else "; theo dõi, không có ngưỡng.")
    if target.improves:
        lower = target.comparator == "<="
        if en:
            return inner + f"; met when this year's value is {'lower' if lower else 'higher'} than last year's."
        return inner + f"; đạt khi giá trị năm nay {'thấp' if lower else 'cao'} hơn năm trước."
    verdict = f"{OPS[target.comparator]} {measured(target.threshold, target.unit, lang)}"
    if target.prorate == "months":
        verdict += (" (in the first year prorated to the months since the programme was issued)" if en
                    else " (năm đầu tính theo số tháng từ khi ban hành Đề án)")
    return inner + (f"; met when {verdict}." if en else f"; đạt khi {verdict}.")


def threshold_cell(target: Target, lang: str) -> str:
    text = target_threshold(target, target.threshold, lang)
    if target.prorate == "months" and target.threshold is not None and not target.tracked:
        text += " (first year: by months)" if lang == "en" else " (năm đầu: theo số tháng)"
    return text


# --- JSON ---------------------------------------------------------------------------------------


def _measure(t: Target) -> str:
    """The measure in the spec's own terms (JSON field `measure`, for programs)."""
    m = t.measure
    if m.kind == "improves" and m.of is not None:
        return f"improves ({_measure(t.model_copy(update={'measure': m.of}))})"
    if m.kind == "ratio":
        return f"ratio {m.numerator} / {m.denominator}"
    if m.kind in ("share", "count"):
        conds = " và ".join(f"{c.column} {c.op} {getattr(c.value, 'ref', c.value)}" for c in m.condition)
        return f"{m.kind} {conds}"
    return f"{m.kind} {m.column}"


def _scope(t: Target) -> str:
    parts = []
    if t.scope.levels:
        parts.append("cấp " + "+".join(t.scope.levels))
    parts += [f"{c.column} {c.op} {getattr(c.value, 'ref', c.value)}" for c in t.scope.where]
    return "; ".join(parts) or "tất cả"


def _form_json(form: Form) -> dict[str, Any]:
    return {
        "id": form.id, "number": form.number, "title": form.title, "title_en": form.title_en,
        "levels": form.levels, "optional_levels": form.optional_levels, "key": form.key,
        "columns": [
            {"name": c.name, "label": c.label, "type": c.type, "required": c.required,
             "required_at": c.required_at, "description": c.description, "description_en": c.description_en}
            for c in form.columns
        ],
    }


def as_json(spec: Spec) -> dict[str, Any]:
    return {
        "schema": "danvan.targets/1",
        "programme": spec.programme.model_dump(mode="json"),
        "targets": [
            {"id": t.id, "objective": t.objective, "title": t.title, "title_en": t.title_en,
             "source": t.source, "form": t.form, "scope": _scope(t), "measure": _measure(t),
             "measure_text": measure_sentence(spec, t, "vi"), "measure_text_en": measure_sentence(spec, t, "en"),
             "unit": t.unit, "comparator": t.comparator, "threshold": t.threshold, "when": t.when,
             "deadline": t.deadline, "window": t.window, "interpretation": t.interpretation,
             "interpretations": t.interpretation_ids, "tracked": t.tracked, "prorate": t.prorate}
            for t in spec.targets
        ],
        "interpretations": [i.model_dump() for i in spec.interpretations],
        "forms": [_form_json(f) for f in spec.forms.values()],
    }


# --- the Markdown annex --------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _objective_heading(obj_id: str, title: str, en: bool) -> str:
    if obj_id.isdigit():
        return f"## {'Objective' if en else 'Mục tiêu'} {obj_id}. {title}"
    return f"## {'Tasks' if en else 'Nhiệm vụ'}: {title}"


def _footnotes(spec: Spec, en: bool) -> list[str]:
    lines = []
    for interp in spec.interpretations:
        cited = [t.id for t in spec.targets if interp.id in t.interpretation_ids]
        term = (interp.term_en or interp.term) if en else interp.term
        note = (interp.note_en or interp.note) if en else interp.note
        where = f" ({', '.join(cited)})" if cited else ""
        lines.append(f"[^{interp.id}]: **{term}**{where}: {note}")
    return lines


def _form_section(spec: Spec, form: Form, en: bool) -> list[str]:
    from danvan_cli.forms.describe import TYPE_NAMES, level_names

    title = (form.title_en or form.title) if en else form.title
    lines = [f"### {'Form' if en else 'Biểu'} {form.number}. {title}", ""]
    extra = [lv for lv in form.optional_levels if lv not in form.levels]
    if en:
        who = f"Submitted by every unit at {_level_names(spec, form.levels, True)} level" if form.levels else "Submitted"
        if extra:
            who += (f"; units at {_level_names(spec, extra, True)} level too" if form.levels
                    else f" by units at {_level_names(spec, extra, True)} level") + " when they have figures"
        used = [t.id for t in spec.targets if t.form == form.id]
        key = _row_key(form)
        lines.append(f"{who}. One row per {'unit' if key is None else f'`{key}`'}."
                     + (f" Targets: {', '.join(used)}." if used else ""))
    else:
        who = f"Đơn vị nộp: mọi đơn vị cấp {level_names(spec, form.levels)}" if form.levels else "Đơn vị nộp"
        if extra:
            who += (f"; đơn vị cấp {level_names(spec, extra)} nộp thêm" if form.levels
                    else f": đơn vị cấp {level_names(spec, extra)}") + " khi có số liệu"
        used = [t.id for t in spec.targets if t.form == form.id]
        lines.append(f"{who}. Mỗi dòng một {row_noun(form, False, spec)}."
                     + (f" Chỉ tiêu: {', '.join(used)}." if used else ""))
    header = ("| Column (label) | Name | Type | Definition |" if en
              else "| Cột (tiêu đề) | Tên chuẩn | Kiểu dữ liệu | Nội dung, cách tính |")
    lines += ["", header, "|---|---|---|---|"]
    for c in form.columns:
        text = (c.description_en or c.description) if en else c.description
        kind = TYPE_NAMES_EN[c.type] if en else TYPE_NAMES[c.type]
        lines.append(f"| {_cell(c.label)} | `{c.name}` | {_cell(kind)} | {_cell(text)} |")
    return lines + [""]


def as_markdown(spec: Spec, lang: str = "vi") -> str:
    """The annex a report can print: per objective each target's measure in words, then the forms."""
    en = lang == "en"
    lines = [f"# {'Targets of' if en else 'Các chỉ tiêu của'} {spec.programme.title}", ""]
    if spec.programme.document:
        lines += [spec.programme.document, ""]
    header = ("| ID | Target | How it is measured | Threshold | When | Source |" if en
              else "| Mã | Chỉ tiêu | Cách tính | Ngưỡng | Thời hạn | Nguồn |")
    for obj in spec.objectives:
        rows = [t for t in spec.targets if t.objective == obj.id]
        if not rows:
            continue
        lines += [_objective_heading(obj.id, (obj.title_en or obj.title) if en else obj.title, en), "",
                  header, "|---|---|---|---|---|---|"]
        for t in rows:
            text = (t.title_en or t.title) if en else t.title
            marker = "".join(f"[^{i}]" for i in t.interpretation_ids)
            lines.append(f"| {t.id} | {_cell(text)}{marker} | {_cell(measure_sentence(spec, t, lang))} | "
                         f"{_cell(threshold_cell(t, lang))} | {when_text(t.when, t.deadline, t.window, lang)} | "
                         f"{_cell(t.source)} |")
        lines.append("")
    lines += [f"## {'Forms and column definitions' if en else 'Các biểu mẫu và nội dung các cột'}", ""]
    for form in spec.forms.values():
        lines += _form_section(spec, form, en)
    lines += [n + "\n" for n in _footnotes(spec, en)]
    return "\n".join(lines).rstrip("\n") + "\n"


def print_table(spec: Spec, lang: str = "vi") -> None:
    from rich.console import Console
    from rich.table import Table

    en = lang == "en"
    table = Table(title=spec.programme.title, show_lines=False)
    for header in (("ID", "ID"), ("Chỉ tiêu", "Target"), ("Biểu", "Form"), ("Ngưỡng", "Threshold"), ("Thời hạn", "When")):
        table.add_column(header[1] if en else header[0], overflow="fold")
    for t in spec.targets:
        table.add_row(t.id, (t.title_en or t.title) if en else t.title, spec.forms[t.form].number,
                      threshold_cell(t, lang),
                      when_text(t.when, t.deadline, t.window, lang))
    Console().print(table)


def check_message(spec: Spec, lang: str = "vi") -> str:
    if lang == "en":
        return f"The spec is valid: {len(spec.forms)} forms, {len(spec.targets)} targets."
    return f"Đặc tả hợp lệ: {len(spec.forms)} biểu mẫu, {len(spec.targets)} chỉ tiêu."
