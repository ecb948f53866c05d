"""The wording of a form's columns and rules, for the instructions sheet and cell prompts.

Texts are Vietnamese, marked for the ``forms`` catalog; the spec's own texts (labels,
answers, level names) come in the template's language from their ``*_en`` twins.
"""

from __future__ import annotations

from danvan_cli.i18n import N_, as_lang, data_text, translator
from danvan_cli.spec.models import Column, ColumnType, Form, Rule, Spec

FIRST_YEAR = 1900
YES, NO = N_("Có"), N_("Không")

# None of these may read as a column label: the instructions sheet must not look like a form.
TYPE_NAMES: dict[ColumnType, str] = {
    "unit": N_("Mã theo danh mục, dạng văn bản"),
    "text": N_("Văn bản"),
    "integer": N_("Số nguyên"),
    "number": N_("Số"),
    "percent": N_("Tỷ lệ phần trăm: số, không gõ dấu %"),
    "boolean": N_("Có/Không"),
    "choice": N_("Chọn trong danh sách"),
    "year": N_("Năm, 4 chữ số"),
}


def type_name(column: Column, lang: str = "vi") -> str:
    """What kind of value the column holds, in words."""
    return translator(lang).gettext(TYPE_NAMES[column.type])


def label(column: Column, lang: str = "vi") -> str:
    """The column's header in the template's language (its ``label_en`` in English)."""
    return data_text(lang, column.label, column.label_en)


def _num(value: float, lang: str) -> str:
    """2 → '2'; 0.5 → '0,5' (vi) or '0.5' (en): the language's decimal sign, never grouped (a year)."""
    from babel.numbers import get_decimal_symbol

    text = str(int(value)) if float(value).is_integer() else str(value)
    return text.replace(".", get_decimal_symbol(as_lang(lang)))


def choice_labels(column: Column, lang: str = "vi") -> list[str]:
    """The labels offered in a dropdown: the choices' labels, or Có/Không (Yes/No)."""
    if column.type == "boolean":
        _ = translator(lang).gettext
        return [_(YES), _(NO)]
    return [data_text(lang, c.label, c.label_en) for c in (column.choices or {}).values()]


def bounds(column: Column, year: int) -> tuple[float | None, float | None]:
    """The lowest and highest value a numeric column accepts in this reporting year."""
    low, high = column.min, column.max
    if column.type == "percent":
        low = 0 if low is None else low
        high = 100 if high is None else high
    if column.type == "year":
        if column.role == "year":  # the reporting-year column holds this year only
            return year, year
        low = FIRST_YEAR if low is None else low
        high = year if high is None else min(high, year)
    elif column.max_is_year:
        high = year if high is None else min(high, year)
    return low, high


def allowed(column: Column, year: int, lang: str = "vi") -> str:
    """What may be typed into the column, in words."""
    _ = translator(lang).gettext
    if column.type in ("choice", "boolean"):
        return "; ".join(choice_labels(column, lang))
    if column.type in ("integer", "number", "percent", "year"):
        low, high = bounds(column, year)
        if low is not None and high is not None:
            if low == high:
                return f"= {_num(low, lang)}"
            return _("từ {low} đến {high}").format(low=_num(low, lang), high=_num(high, lang))
        if low is not None:
            return f"≥ {_num(low, lang)}"
        return f"≤ {_num(high, lang)}" if high is not None else ""
    if column.type == "unit":
        return _("mã trong danh mục đơn vị")
    if column.pattern:
        return _("đúng mẫu {pattern}").format(pattern=column.pattern)
    return ""


def level_names(spec: Spec, levels: list[str], lang: str = "vi") -> str:
    names = {lv.id: data_text(lang, lv.name, lv.name_en) for lv in spec.levels}
    return ", ".join(names.get(lv, lv) for lv in levels)


def required(spec: Spec, column: Column, lang: str = "vi") -> str:
    """'Có', 'Không', or 'Có ở cấp Huyện, Xã'."""
    _ = translator(lang).gettext
    if column.required:
        return _(YES)
    if column.required_at:
        return _("Có ở cấp {levels}").format(levels=level_names(spec, column.required_at, lang))
    return _(NO)


def rule_text(form: Form, rule: Rule, lang: str = "vi") -> str:
    """A cross-column rule as the office reads it."""
    _ = translator(lang).gettext
    labels = [f"“{label(form.column(c), lang)}”" for c in rule.columns]
    if rule.message:
        return rule.message
    if rule.kind == "le":
        return f"{labels[0]} ≤ {labels[1]}"
    if len(labels) == 2:
        return _("{columns}: điền đủ cả hai hoặc để trống cả hai (để trống là không áp dụng)").format(
            columns=", ".join(labels))
    return _("{columns}: điền đủ tất cả hoặc để trống tất cả (để trống là không áp dụng)").format(
        columns=", ".join(labels))


def prompt(spec: Spec, column: Column, year: int, lang: str = "vi") -> str:
    """The short help Excel shows when a cell of the column is selected."""
    _ = translator(lang).gettext
    parts = [type_name(column, lang)]
    values = allowed(column, year, lang)
    if values:
        parts.append(values)
    if column.required:
        parts.append(_("bắt buộc"))
    elif column.required_at:
        parts.append(_("bắt buộc ở cấp {levels}").format(levels=level_names(spec, column.required_at, lang)))
    return ". ".join(parts) + "."
