"""The programme's targets as a terminal table, a printable Markdown annex or JSON.

The annex says each target's measure as a sentence built from the measure itself and the labels of
its form's columns (never per target ID), so another programme's spec reads as well as this one.
In English the columns are named by their canonical names (the labels are Vietnamese only); the
forms section of the annex gives each name its label and English definition.
"""

from __future__ import annotations

from typing import Any

from danvan_cli.i18n import as_lang, data_text, translator
from danvan_cli.render import labels
from danvan_cli.render.context import target_threshold, when_text
from danvan_cli.render.numbers import measured
from danvan_cli.spec.models import Column, Condition, Form, Measure, Spec, Target

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


def _shown(column: Column, lang: str) -> str:
    """A column as the annex names it: its label; in English its canonical name (the annex's
    forms section gives each name its label and English definition)."""
    return data_text(lang, column.label, column.name)


def _col(form: Form, name: str, lang: str) -> str:
    """A column as the reader knows it: its label in quotes, or in English its canonical name."""
    return translator(lang).gettext("“{column}”").format(column=_shown(form.column(name), lang))


def _amount(form: Form, name: str, lang: str, single: bool) -> str:
    """'tổng số cấp ủy viên gương mẫu …': a column added up over the rows (or read on the one row).
    A label that already says 'Số …' or 'Tổng số …' reads as it is, without quotes."""
    shown = _shown(form.column(name), lang)
    plain = not any(ch in shown for ch in ",(:/")
    for head in ("Tổng số ", "Số "):
        if shown.startswith(head) and plain:
            text = _lower_first(shown)
            return text if single or head == "Tổng số " else translator(lang).gettext("tổng {amount}").format(amount=text)
    quoted = _col(form, name, lang)
    if single or shown.startswith("Tổng số "):
        return quoted
    return translator(lang).gettext("tổng {amount}").format(amount=quoted)


def _value(column: Column, value: Any, lang: str) -> str:
    _ = translator(lang).gettext
    if getattr(value, "ref", None) == "year":
        return _("năm báo cáo")
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if column.choices and isinstance(value, str) and value in column.choices:
        choice = column.choices[value]
        return f"“{data_text(lang, choice.label, choice.label_en)}”"
    if isinstance(value, int | float):
        return _num(value) + ("%" if column.type == "percent" else "")
    return str(value)


def condition_text(form: Form, cond: Condition, lang: str) -> str:
    """'“Số cuộc giám sát” ≥ 2', '“Xếp loại” là “Hoàn thành xuất sắc nhiệm vụ” hoặc …'."""
    _ = translator(lang).gettext
    column = form.column(cond.column)
    name = _col(form, cond.column, lang)
    if cond.op == "in":
        values = cond.value if isinstance(cond.value, list) else [cond.value]
        words = [_value(column, v, lang) for v in values]
        return _("{column} là {values}").format(column=name, values=_(" hoặc ").join(words))
    value = _value(column, cond.value, lang)
    if column.type in ("boolean", "choice") or isinstance(cond.value, bool):
        if cond.op == "==":
            return _("{column} là {value}").format(column=name, value=value)
        if cond.op == "!=":
            return _("{column} không là {value}").format(column=name, value=value)
    if getattr(cond.value, "ref", None) == "year" and cond.op == "==":
        return _("{column} bằng {value}").format(column=name, value=value)
    return f"{name} {labels.op(cond.op)} {value}"


def _conditions(form: Form, conds: list[Condition], lang: str) -> str:
    return translator(lang).gettext(" và ").join(condition_text(form, c, lang) for c in conds)


def _level_names(spec: Spec, ids: list[str], lang: str) -> str:
    names = [data_text(lang, lv.name, lv.name_en).lower() for lv in spec.levels if lv.id in ids]
    return ", ".join(names)


def _levels_of(spec: Spec, target: Target) -> list[str]:
    form = spec.forms[target.form]
    return list(target.scope.levels or form.allowed_levels)


def _single(spec: Spec, target: Target) -> bool:
    """Read on one row: the top level only (the province row), no further condition."""
    return _levels_of(spec, target) == [spec.levels[0].id] and not target.scope.where


def _rows(spec: Spec, target: Target, lang: str) -> str:
    """'các dòng Biểu 05 của cấp tỉnh, huyện, xã' / 'the rows of form 05 at … level'."""
    _ = translator(lang).gettext
    form = spec.forms[target.form]
    levels = _level_names(spec, _levels_of(spec, target), lang)
    if _single(spec, target):
        return _("dòng cấp {levels} của Biểu {form}").format(levels=levels, form=form.number)
    return _("các dòng Biểu {form} của cấp {levels}").format(levels=levels, form=form.number)


def _only(spec: Spec, target: Target, lang: str) -> str:
    """', chỉ tính các dòng có …' when the target's scope has conditions."""
    if not target.scope.where:
        return ""
    form = spec.forms[target.form]
    return translator(lang).gettext(", chỉ tính các dòng có {conditions}").format(
        conditions=_conditions(form, target.scope.where, lang))


def _row_key(form: Form) -> str | None:
    """The key column that tells a unit's rows apart (organisation, position, enterprise), if any."""
    if form.key == [form.unit_column]:
        return None
    return next((k for k in reversed(form.key) if k != form.unit_column), form.key[-1])


def row_noun(form: Form, lang: str, spec: Spec | None = None) -> str:
    """What one row of the form is: 'đơn vị', 'tổ chức', 'doanh nghiệp' (from the key's labels).

    The Vietnamese noun comes from the spec's own words (the level's name, the key column's
    label); English, which has no such words in the spec, says 'units' or 'rows (one per `key`)'."""
    t = translator(lang)
    units = t.ngettext("đơn vị", "đơn vị", 2)
    name = _row_key(form)
    if name is None:
        if len(form.allowed_levels) == 1:  # one level: its name ('thôn')
            level = form.allowed_levels[0] if spec is None else _level_names(spec, form.allowed_levels, "vi")
            return data_text(lang, level, units)
        return units
    label = form.column(name).label
    for head in ("Mã số ", "Mã ", "Tên "):
        if label.startswith(head):
            label = label[len(head):]
            break
    return data_text(lang, _lower_first(label), t.gettext("dòng (mỗi `{key}` một dòng)").format(key=name))


def _inner(spec: Spec, target: Target, m: Measure, lang: str) -> str:
    """The measure's value without its verdict: 'Tỷ lệ = … / …, cộng trên …'."""
    _ = translator(lang).gettext
    form = spec.forms[target.form]
    single = _single(spec, target)
    rows = _rows(spec, target, lang)
    only = _only(spec, target, lang)
    if m.kind == "ratio" and m.numerator and m.denominator:
        a, b = _amount(form, m.numerator, lang, single), _amount(form, m.denominator, lang, single)
        text = _("Tỷ lệ = {a} / {b} ở {rows}") if single else _("Tỷ lệ = {a} / {b}, cộng trên {rows}")
        return text.format(a=a, b=b, rows=rows) + only
    if m.kind in ("share", "count"):
        noun = row_noun(form, lang, spec)
        conds = _conditions(form, m.condition, lang)
        if m.kind == "share":
            text = _("Tỷ lệ {noun} có {conditions}, trong số {noun} có điền số liệu ở {rows}")
        else:
            text = _("Số {noun} có {conditions} ở {rows}")
        return text.format(noun=noun, conditions=conds, rows=rows) + only
    column = m.column or ""
    if m.kind == "mean":
        return _("Trung bình cộng {column} trên {rows}").format(column=_col(form, column, lang), rows=rows) + only
    amount = _amount(form, column, lang, single)
    text = _("Giá trị = {amount} ở {rows}") if single else _("Giá trị = {amount} cộng trên {rows}")
    return text.format(amount=amount, rows=rows) + only


def measure_sentence(spec: Spec, target: Target, lang: str = "vi") -> str:
    """The measure of a target and when it is met, as one sentence of the annex."""
    _ = translator(lang).gettext
    inner = _inner(spec, target, target.value_measure, lang)
    if target.tracked:
        return inner + _("; theo dõi, không có ngưỡng.")
    if target.improves:
        if target.comparator == "<=":
            return inner + _("; đạt khi giá trị năm nay thấp hơn năm trước.")
        return inner + _("; đạt khi giá trị năm nay cao hơn năm trước.")
    verdict = f"{labels.op(target.comparator)} {measured(target.threshold, target.unit_in(lang), lang)}"
    if target.prorate == "months":
        verdict += _(" (năm đầu tính theo số tháng từ khi ban hành Đề án)")
    return inner + _("; đạt khi {verdict}.").format(verdict=verdict)


def threshold_cell(target: Target, lang: str) -> str:
    text = target_threshold(target, target.threshold, lang)
    if target.prorate == "months" and target.threshold is not None and not target.tracked:
        text += translator(lang).gettext(" (năm đầu: theo số tháng)")
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


def _objective_heading(obj_id: str, title: str, lang: str) -> str:
    w = labels.words(lang)
    if obj_id.isdigit():
        return f"## {w['objective']} {obj_id}. {title}"
    return f"## {w['tasks']}: {title}"


def _footnotes(spec: Spec, lang: str) -> list[str]:
    lines = []
    for interp in spec.interpretations:
        cited = [t.id for t in spec.targets if interp.id in t.interpretation_ids]
        term = data_text(lang, interp.term, interp.term_en)
        note = data_text(lang, interp.note, interp.note_en)
        where = f" ({', '.join(cited)})" if cited else ""
        lines.append(f"[^{interp.id}]: **{term}**{where}: {note}")
    return lines


def _submitted_by(spec: Spec, form: Form, lang: str) -> str:
    """'Đơn vị nộp: mọi đơn vị cấp Tỉnh, Huyện, Xã; … khi có số liệu' / 'Submitted by every unit at …'."""
    from danvan_cli.forms.describe import level_names

    _ = translator(lang).gettext

    def levels(ids: list[str]) -> str:  # as written in the spec; in an English sentence in lower case
        return data_text(lang, level_names(spec, ids), _level_names(spec, ids, lang))

    extra = [lv for lv in form.optional_levels if lv not in form.levels]
    if not form.levels:
        who = _("Đơn vị nộp")
        if extra:
            who += _(": đơn vị cấp {levels} khi có số liệu").format(levels=levels(extra))
        return who
    who = _("Đơn vị nộp: mọi đơn vị cấp {levels}").format(levels=levels(form.levels))
    if extra:
        who += _("; đơn vị cấp {levels} nộp thêm khi có số liệu").format(levels=levels(extra))
    return who


def _form_section(spec: Spec, form: Form, lang: str) -> list[str]:
    from danvan_cli.forms.describe import type_name

    _ = translator(lang).gettext
    title = data_text(lang, form.title, form.title_en)
    lines = [_("### Biểu {number}. {title}").format(number=form.number, title=title), ""]
    used = [t.id for t in spec.targets if t.form == form.id]
    sentence = _("{who}. Mỗi dòng một {noun}.").format(who=_submitted_by(spec, form, lang), noun=_one_row(form, lang, spec))
    lines.append(sentence + (_(" Chỉ tiêu: {ids}.").format(ids=", ".join(used)) if used else ""))
    lines += ["", _("| Cột (tiêu đề) | Tên chuẩn | Kiểu dữ liệu | Nội dung, cách tính |"), "|---|---|---|---|"]
    for c in form.columns:
        text = data_text(lang, c.description, c.description_en)
        lines.append(f"| {_cell(data_text(lang, c.label, c.label_en))} | `{c.name}` | {_cell(type_name(c, lang))} | {_cell(text)} |")
    return lines + [""]


def _one_row(form: Form, lang: str, spec: Spec) -> str:
    """What one row of the form is, after 'Mỗi dòng một' / 'One row per': 'đơn vị' / 'unit', or the key."""
    key = _row_key(form)
    if key is None:
        return data_text(lang, row_noun(form, lang, spec), translator(lang).ngettext("đơn vị", "đơn vị", 1))
    return data_text(lang, row_noun(form, lang, spec), f"`{key}`")


def as_markdown(spec: Spec, lang: str = "vi") -> str:
    """The annex a report can print: per objective each target's measure in words, then the forms."""
    _ = translator(lang).gettext
    lines = [_("# Các chỉ tiêu của {programme}").format(programme=spec.programme.title), ""]
    if spec.programme.document:
        lines += [spec.programme.document, ""]
    header = _("| Mã | Chỉ tiêu | Cách tính | Ngưỡng | Thời hạn | Nguồn |")
    for obj in spec.objectives:
        rows = [t for t in spec.targets if t.objective == obj.id]
        if not rows:
            continue
        lines += [_objective_heading(obj.id, data_text(lang, obj.title, obj.title_en), lang), "",
                  header, "|---|---|---|---|---|---|"]
        for t in rows:
            text = data_text(lang, t.title, t.title_en)
            marker = "".join(f"[^{i}]" for i in t.interpretation_ids)
            lines.append(f"| {t.id} | {_cell(text)}{marker} | {_cell(measure_sentence(spec, t, lang))} | "
                         f"{_cell(threshold_cell(t, lang))} | {when_text(t.when, t.deadline, t.window, lang)} | "
                         f"{_cell(t.source_in(lang))} |")
        lines.append("")
    lines += [_("## Các biểu mẫu và nội dung các cột"), ""]
    for form in spec.forms.values():
        lines += _form_section(spec, form, lang)
    lines += [n + "\n" for n in _footnotes(spec, lang)]
    return "\n".join(lines).rstrip("\n") + "\n"


def print_table(spec: Spec, lang: str = "vi") -> None:
    from rich.console import Console
    from rich.table import Table

    w = labels.words(lang)
    table = Table(title=spec.programme.title, show_lines=False)
    for header in ("ID", w["target"], w["form"], w["threshold"], w["deadline"]):
        table.add_column(header, overflow="fold")
    for t in spec.targets:
        table.add_row(t.id, data_text(lang, t.title, t.title_en), spec.forms[t.form].number,
                      threshold_cell(t, lang),
                      when_text(t.when, t.deadline, t.window, lang))
    Console().print(table)


def check_message(spec: Spec, lang: str = "vi") -> str:
    """'Đặc tả hợp lệ: 12 biểu mẫu, 36 chỉ tiêu.' (the numbers as written, without separators)."""
    t = translator(as_lang(lang))
    forms = t.ngettext("{n} biểu mẫu", "{n} biểu mẫu", len(spec.forms)).format(n=len(spec.forms))
    targets = t.ngettext("{n} chỉ tiêu", "{n} chỉ tiêu", len(spec.targets)).format(n=len(spec.targets))
    return t.gettext("Đặc tả hợp lệ: {forms}, {targets}.").format(forms=forms, targets=targets)
