"""Vietnamese wording of a form's columns and rules, for the instructions sheet and cell prompts."""

from __future__ import annotations

from danvan_cli.spec.models import Column, Form, Rule, Spec

FIRST_YEAR = 1900
YES, NO = "Có", "Không"

# None of these may read as a column label: the instructions sheet must not look like a form.
TYPE_NAMES = {
    "unit": "Mã theo danh mục, dạng văn bản",
    "text": "Văn bản",
    "integer": "Số nguyên",
    "number": "Số",
    "percent": "Tỷ lệ phần trăm: số, không gõ dấu %",
    "boolean": "Có/Không",
    "choice": "Chọn trong danh sách",
    "year": "Năm, 4 chữ số",
}


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def choice_labels(column: Column) -> list[str]:
    """The labels offered in a dropdown: the choices' labels, or Có/Không."""
    if column.type == "boolean":
        return [YES, NO]
    return [c.label for c in (column.choices or {}).values()]


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


def allowed(column: Column, year: int) -> str:
    """What may be typed into the column, in words."""
    if column.type in ("choice", "boolean"):
        return "; ".join(choice_labels(column))
    if column.type in ("integer", "number", "percent", "year"):
        low, high = bounds(column, year)
        if low is not None and high is not None:
            return f"= {_num(low)}" if low == high else f"từ {_num(low)} đến {_num(high)}"
        if low is not None:
            return f"≥ {_num(low)}"
        return f"≤ {_num(high)}" if high is not None else ""
    if column.type == "unit":
        return "mã trong danh mục đơn vị"
    if column.pattern:
        return f"đúng mẫu {column.pattern}"
    return ""


def level_names(spec: Spec, levels: list[str]) -> str:
    names = {lv.id: lv.name for lv in spec.levels}
    return ", ".join(names.get(lv, lv) for lv in levels)


def required(spec: Spec, column: Column) -> str:
    """'Có', 'Không', or 'Có ở cấp Huyện, Xã'."""
    if column.required:
        return YES
    if column.required_at:
        return f"Có ở cấp {level_names(spec, column.required_at)}"
    return NO


def rule_text(form: Form, rule: Rule) -> str:
    """A cross-column rule as the office reads it."""
    labels = [f"“{form.column(c).label}”" for c in rule.columns]
    if rule.message:
        return rule.message
    if rule.kind == "le":
        return f"{labels[0]} ≤ {labels[1]}"
    both = "cả hai" if len(labels) == 2 else "tất cả"
    return f"{', '.join(labels)}: điền đủ {both} hoặc để trống {both} (để trống là không áp dụng)"


def prompt(spec: Spec, column: Column, year: int) -> str:
    """The short help Excel shows when a cell of the column is selected."""
    parts = [TYPE_NAMES[column.type]]
    values = allowed(column, year)
    if values:
        parts.append(values)
    if column.required or column.required_at:
        parts.append(f"bắt buộc{'' if column.required else ' ở cấp ' + level_names(spec, column.required_at or [])}")
    return ". ".join(parts) + "."
