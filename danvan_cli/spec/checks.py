"""Checks across a whole spec that pydantic's field types cannot express.

Each mistake is reported with the path of the field where it is, in the YAML document's own
terms (``("targets", 2, "measure", "condition", 0, "value")``), so the loader can name its line.
A spec that passes never changes a result silently: every value a condition compares with
is one the column can hold, every measure adds up numbers, every level submits the form.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from danvan_cli.text import fold

if TYPE_CHECKING:
    from danvan_cli.spec.models import Column, Condition, Form, Measure, Spec, Target

Path = tuple[str | int, ...]
Problem = tuple[Path, str]

NUMERIC = ("integer", "number", "percent", "year")
TEXT = ("text", "unit")
ORDERING = (">=", "<=", ">", "<")
# how far before the programme's first year a baseline may lie (the year before it is usual)
BASELINE_YEARS_BEFORE = 5


class SpecProblems(ValueError):
    """The mistakes found in a spec, each as (path of the field, Vietnamese message)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{'.'.join(str(p) for p in path)}: {message}" for path, message in problems))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"“{value}”"
    return repr(value) if not _is_number(value) else f"{value:g}"


def _num(value: float) -> str:
    return f"{value:g}"


def _type_name(column: Column) -> str:
    return {
        "unit": "mã đơn vị", "text": "văn bản", "integer": "số nguyên", "number": "số",
        "percent": "tỷ lệ phần trăm", "boolean": "Có/Không (boolean)", "choice": "lựa chọn", "year": "năm",
    }[column.type]


def _column_bounds(column: Column) -> tuple[float | None, float | None]:
    low, high = column.min, column.max
    if column.type == "percent":
        low = 0 if low is None else low
        high = 100 if high is None else high
    return low, high


# --- conditions ----------------------------------------------------------------------------


def _choice_item(column: Column, item: Any) -> str | None:
    """Why a value cannot be one of the column's choice keys, or None."""
    choices = column.choices or {}
    if isinstance(item, str) and item in choices:
        return None
    keys = ", ".join(choices)
    if not isinstance(item, str):
        return f"{_show(item)} không phải một lựa chọn của cột “{column.name}” (các khóa: {keys})"
    folded = fold(item)
    for key, choice in choices.items():
        if folded in {fold(text) for text in choice.texts(key)}:
            return f"“{item}” là nhãn của lựa chọn “{key}”, không phải khóa: hãy viết “{key}”"
    close = difflib.get_close_matches(item, list(choices), n=1)
    hint = f"; có phải “{close[0]}”?" if close else ""
    return f"“{item}” không phải một lựa chọn của cột “{column.name}” (các khóa: {keys}){hint}"


def _item_problem(column: Column, item: Any) -> str | None:
    """Why one literal cannot be compared with the column's cells for equality, or None."""
    if column.type == "choice":
        return _choice_item(column, item)
    if column.type == "boolean":
        if isinstance(item, bool):
            return None
        return (f"cột “{column.name}” kiểu Có/Không chỉ so với true hoặc false (YAML, không ngoặc kép), "
                f"không phải {_show(item)}")
    if column.type in NUMERIC:
        if _is_number(item):
            return None
        return f"cột “{column.name}” kiểu {_type_name(column)} cần một số, không phải {_show(item)}"
    if isinstance(item, str):
        return None
    return (f"cột “{column.name}” kiểu {_type_name(column)} chứa văn bản: hãy viết giá trị trong ngoặc kép "
            f"(“{_num(item) if _is_number(item) else item}”), không phải {_show(item)}")


def _bounds_problem(column: Column, value: Any) -> str | None:
    if not _is_number(value):
        return None
    if column.type == "year":
        if not (float(value).is_integer() and 1900 <= value <= 2100):
            return f"{_num(value)} không phải một năm (4 chữ số) cho cột năm “{column.name}”"
        return None
    low, high = _column_bounds(column)
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            span = f"từ {_num(low)} đến {_num(high)}"
        else:
            span = f"≥ {_num(low)}" if low is not None else f"≤ {_num(high or 0)}"
        return f"{_num(value)} nằm ngoài khoảng giá trị của cột “{column.name}” ({span}): điều kiện luôn đúng hoặc luôn sai"
    return None


def check_condition(condition: Condition, column: Column, path: Path) -> Iterator[Problem]:
    """A condition whose value the column can hold, with an operator that makes sense for its type."""
    from danvan_cli.spec.models import YearRef

    op, value = condition.op, condition.value
    kind = column.type
    if isinstance(value, YearRef):
        if kind not in NUMERIC:
            yield (*path, "value"), (f"{{ref: year}} chỉ so được với cột kiểu năm hoặc số; cột “{column.name}” "
                                     f"kiểu {_type_name(column)}")
        elif op == "in":
            yield (*path, "op"), "op “in” cần một danh sách giá trị, không dùng với {ref: year}"
        return
    if op == "in":
        if not isinstance(value, list):
            yield (*path, "value"), f"op “in” cần một danh sách, ví dụ [{value}]; để so một giá trị hãy dùng “==”"
            return
        if not value:
            yield (*path, "value"), "op “in” với danh sách rỗng: không dòng nào thỏa điều kiện"
            return
        if kind == "boolean":
            yield (*path, "op"), f"cột “{column.name}” kiểu Có/Không chỉ dùng “==” hoặc “!=” với true/false"
            return
        for k, item in enumerate(value):
            problem = _item_problem(column, item)
            if problem:
                yield (*path, "value", k), problem
        return
    if isinstance(value, list):
        yield (*path, "value"), f"op “{op}” so với một giá trị, không phải danh sách; để chọn trong danh sách hãy dùng “in”"
        return
    if op in ORDERING and kind not in NUMERIC:
        yield (*path, "op"), (f"op “{op}” chỉ dùng với cột số; cột “{column.name}” kiểu {_type_name(column)} "
                              f"chỉ dùng “==”, “!=”{'' if kind == 'boolean' else ' hoặc “in”'}")
        return
    problem = _item_problem(column, value) or _bounds_problem(column, value)
    if problem:
        yield (*path, "value"), problem


# --- forms ---------------------------------------------------------------------------------


def _check_form(spec: Spec, fid: str, form: Form) -> Iterator[Problem]:
    base: Path = ("forms", fid)
    level_ids = {lv.id for lv in spec.levels}
    names: set[str] = set()
    for j, column in enumerate(form.columns):
        if column.name in names:
            yield (*base, "columns", j, "name"), f"cột “{column.name}” khai báo hai lần"
        names.add(column.name)
    for field in ("levels", "optional_levels"):
        for k, lv in enumerate(getattr(form, field)):
            if lv not in level_ids:
                yield (*base, field, k), f"cấp “{lv}” không có trong “levels” của đặc tả"
    for k, key in enumerate(form.key):
        if key not in names:
            yield (*base, "key", k), f"“{key}” không phải cột của biểu"
    if form.unit_column not in names:
        yield (*base, "unit_column"), f"“{form.unit_column}” không phải cột của biểu"
    if form.unit_alternative:
        for field in ("parent", "name"):
            name = getattr(form.unit_alternative, field)
            if name not in names:
                yield (*base, "unit_alternative", field), f"“{name}” không phải cột của biểu"
    yield from _check_columns(form, base, level_ids)
    for i, rule in enumerate(form.rules):
        where: Path = (*base, "rules", i)
        for k, name in enumerate(rule.columns):
            if name not in names:
                yield (*where, "columns", k), f"“{name}” không phải cột của biểu"
            elif rule.kind == "le" and form.column(name).type not in NUMERIC:
                yield (*where, "columns", k), (f"quy tắc “le” (≤) chỉ so được cột số; cột “{name}” kiểu "
                                               f"{_type_name(form.column(name))}")
        if rule.kind == "le" and len(rule.columns) != 2:
            yield (*where, "columns"), f"quy tắc “le” so đúng 2 cột (phần ≤ tổng), đang có {len(rule.columns)}"
    yield from _check_expected_rows(form, base, names)


def _check_columns(form: Form, base: Path, level_ids: set[str]) -> Iterator[Problem]:
    roles: dict[str, str] = {}
    for j, column in enumerate(form.columns):
        where: Path = (*base, "columns", j)
        if column.role:
            if column.role in roles:
                yield (*where, "role"), (f"vai trò “{column.role}” đã khai báo cho cột “{roles[column.role]}”: "
                                         f"mỗi biểu chỉ một cột có vai trò này")
            roles.setdefault(column.role, column.name)
            if column.role == "year" and column.type != "year":
                yield (*where, "role"), f"vai trò “year” cần cột kiểu “year”; cột “{column.name}” kiểu “{column.type}”"
            if column.role == "unit_name" and column.type != "text":
                yield (*where, "role"), (f"vai trò “unit_name” cần cột kiểu “text”; cột “{column.name}” "
                                         f"kiểu “{column.type}”")
        for k, lv in enumerate(column.required_at or []):
            if lv not in level_ids:
                yield (*where, "required_at", k), f"cấp “{lv}” không có trong “levels” của đặc tả"
            elif lv not in form.allowed_levels:
                yield (*where, "required_at", k), f"cấp “{lv}” không nộp biểu này (levels/optional_levels của biểu)"
        if column.min is not None and column.max is not None and column.min > column.max:
            yield (*where, "min"), f"min ({_num(column.min)}) lớn hơn max ({_num(column.max)})"
        if (column.min is not None or column.max is not None) and column.type not in NUMERIC:
            yield (*where, "min" if column.min is not None else "max"), (
                f"min/max chỉ dùng cho cột số; cột “{column.name}” kiểu {_type_name(column)}")
        owner: dict[str, str] = {}
        for key, choice in (column.choices or {}).items():
            for text in choice.texts(key):
                other = owner.setdefault(fold(text), key)
                if other != key:
                    yield (*where, "choices", key), (f"“{text}” vừa là nhãn của “{other}” vừa của “{key}”: "
                                                     f"không biết ô ghi “{text}” là lựa chọn nào")


def _check_expected_rows(form: Form, base: Path, names: set[str]) -> Iterator[Problem]:
    expected = form.expected_rows
    if expected is None:
        return
    where: Path = (*base, "expected_rows")
    if expected.column not in names:
        yield (*where, "column"), f"“{expected.column}” không phải cột của biểu"
        return
    if expected.column not in form.key:
        yield (*where, "column"), f"“{expected.column}” phải nằm trong “key” của biểu (mỗi đơn vị nhiều dòng)"
    column = form.column(expected.column)
    for level, keys in expected.by_level.items():
        if level not in form.allowed_levels:
            yield (*where, "by_level", level), (f"cấp “{level}” không nộp biểu này (levels: "
                                                f"{', '.join(form.allowed_levels) or 'không có'})")
        if column.type != "choice":
            continue
        for k, key in enumerate(keys):
            problem = _choice_item(column, key)
            if problem:
                yield (*where, "by_level", level, k), problem


# --- targets -------------------------------------------------------------------------------


def _check_measure(target: Target, form: Form, base: Path) -> Iterator[Problem]:
    measure = target.measure
    where: Path = (*base, "measure")
    if measure.kind == "improves":
        if target.when != "annual":
            yield (*base, "when"), (f"phép đo “improves” so mỗi năm với năm trước: chỉ dùng với when: annual, "
                                    f"không phải when: {target.when}")
        for field in ("numerator", "denominator", "column"):
            if getattr(measure, field) is not None:
                yield (*where, field), (f"phép đo “improves” không dùng “{field}” (bị bỏ qua): khai báo phép đo "
                                        f"được so sánh trong “of”")
        if measure.condition:
            yield (*where, "condition"), "phép đo “improves” không dùng “condition”: khai báo trong “of”"
        if measure.of is not None:
            if measure.of.kind == "improves":
                yield (*where, "of", "kind"), "“of” của phép đo “improves” không thể lại là “improves”"
            else:
                yield from _check_plain_measure(measure.of, form, (*where, "of"))
        return
    if measure.of is not None:
        yield (*where, "of"), f"chỉ phép đo “improves” dùng “of”; phép đo “{measure.kind}” bỏ qua nó"
    yield from _check_plain_measure(measure, form, where)


def _check_plain_measure(measure: Measure, form: Form, where: Path) -> Iterator[Problem]:
    used = {"ratio": ("numerator", "denominator"), "sum": ("column",), "mean": ("column",)}.get(measure.kind, ())
    for field in ("numerator", "denominator", "column"):
        name = getattr(measure, field)
        if name is None:
            continue
        if field not in used:
            yield (*where, field), f"phép đo “{measure.kind}” không dùng “{field}” (bị bỏ qua): hãy xóa hoặc sửa “kind”"
            continue
        if name not in form.column_names:
            yield (*where, field), f"“{name}” không phải cột của biểu “{form.id}”"
        elif form.column(name).type not in NUMERIC:
            yield (*where, field), (f"phép đo “{measure.kind}” cần cột số; cột “{name}” kiểu "
                                    f"{_type_name(form.column(name))}")
    if measure.condition and measure.kind not in ("share", "count"):
        yield (*where, "condition"), (f"phép đo “{measure.kind}” không dùng “condition” (bị bỏ qua): "
                                      f"lọc dòng bằng “scope.where”")
    for j, condition in enumerate(measure.condition):
        yield from _check_condition_column(condition, form, (*where, "condition", j))


def _check_condition_column(condition: Condition, form: Form, path: Path) -> Iterator[Problem]:
    if condition.column not in form.column_names:
        yield (*path, "column"), f"“{condition.column}” không phải cột của biểu “{form.id}”"
        return
    yield from check_condition(condition, form.column(condition.column), path)


def _check_threshold(target: Target, form: Form, base: Path) -> Iterator[Problem]:
    measure = target.value_measure
    kind, threshold = measure.kind, target.threshold
    path: Path = (*base, "threshold")
    if kind in ("ratio", "share") and target.unit != "%":
        yield (*base, "unit"), f"phép đo “{kind}” cho một tỷ lệ phần trăm: “unit” phải là “%”, không phải “{target.unit}”"
    if kind == "count" and target.unit == "%":
        yield (*base, "unit"), "phép đo “count” đếm số dòng, không phải tỷ lệ: khai báo “unit” (ví dụ “đơn vị”)"
    if target.tracked or target.improves:
        if threshold is not None:
            why = "chỉ tiêu theo dõi (tracked) không có ngưỡng" if target.tracked else (
                "phép đo “improves” so với năm trước, không với ngưỡng")
            yield path, f"{why}: hãy xóa “threshold”"
        if target.tracked and target.improves:
            yield (*base, "tracked"), "chỉ tiêu theo dõi (tracked) không đánh giá đạt/không đạt: không dùng với “improves”"
        return
    if threshold is None:
        yield path, "thiếu “threshold” (ngưỡng); chỉ tiêu chỉ theo dõi, không có ngưỡng, hãy khai báo “tracked: true”"
        return
    if target.unit == "%" and not 0 <= threshold <= 100:
        yield path, f"ngưỡng {_num(threshold)}% nằm ngoài khoảng 0-100"
    elif kind == "count" and threshold < 0:
        yield path, f"ngưỡng của phép đếm không được âm ({_num(threshold)})"
    elif kind in ("sum", "mean") and measure.column in form.column_names:
        column = form.column(measure.column or "")
        low, high = _column_bounds(column)
        if low is not None and low >= 0 and threshold < 0:
            yield path, f"ngưỡng {_num(threshold)} âm, trong khi cột “{column.name}” không có giá trị âm"
        elif kind == "mean" and high is not None and threshold > high:
            yield path, f"ngưỡng {_num(threshold)} lớn hơn giá trị lớn nhất của cột “{column.name}” ({_num(high)})"


def _check_prorate(target: Target, base: Path) -> Iterator[Problem]:
    if target.prorate is None:
        return
    where: Path = (*base, "prorate")
    if target.when != "annual":
        yield where, f"“prorate” chỉ dùng cho chỉ tiêu hằng năm (when: annual), không phải when: {target.when}"
    elif target.threshold is None:
        yield where, "“prorate” chia ngưỡng theo số tháng: chỉ tiêu không có ngưỡng (tracked, improves)"
    elif target.value_measure.kind not in ("count", "sum"):
        yield where, (f"“prorate” chỉ dùng cho phép đếm hoặc tổng (count, sum), không cho "
                      f"“{target.value_measure.kind}”: một tỷ lệ không tính theo số tháng")


def _check_years(spec: Spec, target: Target, base: Path) -> Iterator[Problem]:
    first, last = spec.programme.start_year, spec.programme.end_year
    if target.deadline is not None:
        if target.when != "deadline":
            yield (*base, "deadline"), f"“deadline” chỉ dùng với when: deadline (đang là when: {target.when}, bị bỏ qua)"
        elif not first <= target.deadline <= last:
            yield (*base, "deadline"), f"năm {target.deadline} nằm ngoài các năm của Đề án ({first}-{last})"
    if target.window is not None:
        if target.when != "window":
            yield (*base, "window"), f"“window” chỉ dùng với when: window (đang là when: {target.when}, bị bỏ qua)"
        elif not 1 <= target.window <= len(spec.programme.years):
            yield (*base, "window"), (f"chu kỳ {target.window} năm không nằm trong 1-{len(spec.programme.years)} "
                                      "(số năm của Đề án)")
    if target.baseline is not None:
        where: Path = (*base, "baseline")
        if target.when != "deadline":
            yield where, f"“baseline” chỉ dùng cho chỉ tiêu when: deadline (đang là when: {target.when}, bị bỏ qua)"
            return
        end = target.deadline if target.deadline is not None else last
        if not first - BASELINE_YEARS_BEFORE <= target.baseline.year < end:
            yield (*where, "year"), (f"năm gốc {target.baseline.year} phải từ {first - BASELINE_YEARS_BEFORE} "
                                     f"đến trước năm {end} (Đề án {first}-{last})")
        if target.unit == "%" and not 0 <= target.baseline.value <= 100:
            yield (*where, "value"), f"giá trị gốc {_num(target.baseline.value)}% nằm ngoài khoảng 0-100"


def _check_target(spec: Spec, i: int, target: Target) -> Iterator[Problem]:
    base: Path = ("targets", i)
    if target.objective not in {o.id for o in spec.objectives}:
        yield (*base, "objective"), f"không có mục tiêu “{target.objective}” trong “objectives”"
    yield from _check_interpretations(spec, target, base)
    yield from _check_years(spec, target, base)
    form = spec.forms.get(target.form)
    if form is None:
        yield (*base, "form"), f"không có biểu “{target.form}” trong “forms”"
        return
    level_ids = {lv.id for lv in spec.levels}
    if target.scope.levels is not None:
        if not target.scope.levels:
            yield (*base, "scope", "levels"), "danh sách cấp rỗng: chỉ tiêu không tính dòng nào"
        for k, lv in enumerate(target.scope.levels):
            if lv not in level_ids:
                yield (*base, "scope", "levels", k), f"cấp “{lv}” không có trong “levels” của đặc tả"
            elif lv not in form.allowed_levels:
                yield (*base, "scope", "levels", k), (
                    f"cấp “{lv}” không nộp biểu “{form.id}” (cấp nộp: {', '.join(form.allowed_levels) or 'không có'})")
    for j, condition in enumerate(target.scope.where):
        yield from _check_condition_column(condition, form, (*base, "scope", "where", j))
    yield from _check_measure(target, form, base)
    yield from _check_threshold(target, form, base)
    yield from _check_prorate(target, base)


def _check_interpretations(spec: Spec, target: Target, base: Path) -> Iterator[Problem]:
    """Each interpretation a target refers to exists, once, and agrees with its threshold."""
    refs: list[tuple[Path, str]] = []
    if target.interpretation:
        refs.append(((*base, "interpretation"), target.interpretation))
    refs += [((*base, "interpretations", k), ident) for k, ident in enumerate(target.interpretations)]
    seen: set[str] = set()
    for path, ident in refs:
        if ident in seen:
            yield path, f"cách hiểu “{ident}” được nêu hai lần"
            continue
        seen.add(ident)
        interp = spec.interpretation(ident)
        if interp is None:
            yield path, f"không có cách hiểu “{ident}” trong “interpretations”"
        elif interp.value is not None and target.threshold is not None and interp.value != target.threshold:
            yield (*base, "threshold"), (f"ngưỡng {_num(target.threshold)} khác giá trị của cách hiểu "
                                         f"“{interp.id}” ({_num(interp.value)}) in ở chú thích")


def _duplicates(items: list[Any], field: str, path: Path, what: str) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        ident = getattr(item, field)
        if ident in seen:
            yield (*path, i, field), f"{what} “{ident}” khai báo hai lần"
        seen.add(ident)


def problems(spec: Spec) -> list[Problem]:
    """Every mistake in the spec, in document order."""
    found: list[Problem] = []
    programme = spec.programme
    if programme.start_year > programme.end_year:
        found.append((("programme", "end_year"), f"năm kết thúc {programme.end_year} trước năm bắt đầu {programme.start_year}"))
    for field, year in (("start_date", programme.start_year), ("end_date", programme.end_year)):
        day = getattr(programme, field)
        if day is not None and day.year != year:
            found.append((("programme", field), f"ngày {day.isoformat()} không thuộc năm {year} "
                                                f"({'start_year' if field == 'start_date' else 'end_year'})"))
    found += _duplicates(spec.levels, "id", ("levels",), "cấp")
    found += _duplicates(spec.interpretations, "id", ("interpretations",), "cách hiểu")
    found += _duplicates(spec.objectives, "id", ("objectives",), "mục tiêu")
    for fid, form in spec.forms.items():
        found += _check_form(spec, fid, form)
    found += _duplicates(spec.targets, "id", ("targets",), "mã chỉ tiêu")
    for i, target in enumerate(spec.targets):
        found += _check_target(spec, i, target)
        found += _check_shown_beside(spec, i, target)
    return found


def _check_shown_beside(spec: Spec, i: int, target: Target) -> list[Problem]:
    """`shown_beside` names number columns of the target's form."""
    form = spec.forms.get(target.form)
    if form is None:
        return []
    found: list[Problem] = []
    for j, name in enumerate(target.shown_beside):
        path: Path = ("targets", i, "shown_beside", j)
        if name not in form.column_names:
            found.append((path, f"“{name}” không phải cột của biểu {target.form}"))
        elif form.column(name).type not in ("integer", "number"):
            found.append((path, f"cột “{name}” không phải cột số: chỉ cộng được cột số"))
    return found
