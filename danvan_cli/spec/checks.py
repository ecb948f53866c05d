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

from danvan_cli.i18n import N_
from danvan_cli.issues import Localized, Text
from danvan_cli.spec.models import ORDERINGS
from danvan_cli.text import fold

if TYPE_CHECKING:
    from danvan_cli.spec.models import Column, Condition, Form, Measure, Spec, Target

Path = tuple[str | int, ...]
Problem = tuple[Path, Localized]  # where (the field's path) and what (Vietnamese, translated by the spec catalog)

NUMERIC = ("integer", "number", "percent", "year")
TEXT = ("text", "unit")
# how far before the programme's first year a baseline may lie (the year before it is usual)
BASELINE_YEARS_BEFORE = 5
# texts that several checks give
NO_LEVEL = N_("cấp “{level}” không có trong “levels” của đặc tả")
NOT_A_COLUMN = N_("“{name}” không phải cột của biểu")
NOT_A_COLUMN_OF = N_("“{name}” không phải cột của biểu “{form}”")
ROLE_TYPE = N_("vai trò “{role}” cần cột kiểu “{type}”; cột “{column}” kiểu “{actual}”")


class SpecProblems(ValueError):
    """The mistakes found in a spec, each as (path of the field, message)."""

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


def _levels(levels: list[str]) -> Localized | str:
    """'huyen, xa', or 'không có' when there is none."""
    return ", ".join(levels) or Text(N_("không có"))


TYPE_NAMES = {
    "unit": N_("mã đơn vị"), "text": N_("văn bản"), "integer": N_("số nguyên"), "number": N_("số"),
    "percent": N_("tỷ lệ phần trăm"), "boolean": N_("Có/Không (boolean)"), "choice": N_("lựa chọn"), "year": N_("năm"),
}


def _type_name(column: Column) -> Text:
    return Text(TYPE_NAMES[column.type])


def _column_bounds(column: Column) -> tuple[float | None, float | None]:
    low, high = column.min, column.max
    if column.type == "percent":
        low = 0 if low is None else low
        high = 100 if high is None else high
    return low, high


# --- conditions ----------------------------------------------------------------------------


def _choice_item(column: Column, item: Any) -> Text | None:
    """Why a value cannot be one of the column's choice keys, or None."""
    choices = column.choices or {}
    if isinstance(item, str) and item in choices:
        return None
    keys = ", ".join(choices)
    if not isinstance(item, str):
        return Text(N_("{value} không phải một lựa chọn của cột “{column}” (các khóa: {keys})"), value=_show(item),
                    column=column.name, keys=keys)
    folded = fold(item)
    for key, choice in choices.items():
        if folded in {fold(text) for text in choice.texts(key)}:
            return Text(N_("“{item}” là nhãn của lựa chọn “{key}”, không phải khóa: hãy viết “{key}”"), item=item, key=key)
    close = difflib.get_close_matches(item, list(choices), n=1)
    if close:
        return Text(N_("“{item}” không phải một lựa chọn của cột “{column}” (các khóa: {keys}); có phải “{close}”?"),
                    item=item, column=column.name, keys=keys, close=close[0])
    return Text(N_("“{item}” không phải một lựa chọn của cột “{column}” (các khóa: {keys})"), item=item,
                column=column.name, keys=keys)


def _item_problem(column: Column, item: Any) -> Text | None:
    """Why one literal cannot be compared with the column's cells for equality, or None."""
    if column.type == "choice":
        return _choice_item(column, item)
    if column.type == "boolean":
        if isinstance(item, bool):
            return None
        return Text(N_("cột “{column}” kiểu Có/Không chỉ so với true hoặc false (YAML, không ngoặc kép), "
                       "không phải {value}"), column=column.name, value=_show(item))
    if column.type in NUMERIC:
        if _is_number(item):
            return None
        return Text(N_("cột “{column}” kiểu {type} cần một số, không phải {value}"), column=column.name,
                    type=_type_name(column), value=_show(item))
    if isinstance(item, str):
        return None
    return Text(N_("cột “{column}” kiểu {type} chứa văn bản: hãy viết giá trị trong ngoặc kép "
                   "(“{quoted}”), không phải {value}"), column=column.name, type=_type_name(column),
                quoted=_num(item) if _is_number(item) else item, value=_show(item))


def _bounds_problem(column: Column, value: Any) -> Text | None:
    if not _is_number(value):
        return None
    if column.type == "year":
        if not (float(value).is_integer() and 1900 <= value <= 2100):
            return Text(N_("{value} không phải một năm (4 chữ số) cho cột năm “{column}”"), value=_num(value),
                        column=column.name)
        return None
    low, high = _column_bounds(column)
    if (low is not None and value < low) or (high is not None and value > high):
        span: str
        if low is not None and high is not None:
            span = Text(N_("từ {low} đến {high}"), low=_num(low), high=_num(high))
        else:
            span = f"≥ {_num(low)}" if low is not None else f"≤ {_num(high or 0)}"
        return Text(N_("{value} nằm ngoài khoảng giá trị của cột “{column}” ({span}): điều kiện luôn đúng hoặc luôn sai"),
                    value=_num(value), column=column.name, span=span)
    return None


def check_condition(condition: Condition, column: Column, path: Path) -> Iterator[Problem]:
    """A condition whose value the column can hold, with an operator that makes sense for its type."""
    from danvan_cli.spec.models import YearRef

    op, value = condition.op, condition.value
    kind = column.type
    if isinstance(value, YearRef):
        if kind not in NUMERIC:
            yield (*path, "value"), Text(N_("{ref} chỉ so được với cột kiểu năm hoặc số; cột “{column}” kiểu {type}"),
                                         ref="{ref: year}", column=column.name, type=_type_name(column))
        elif op == "in":
            yield (*path, "op"), Text(N_("op “in” cần một danh sách giá trị, không dùng với {ref}"), ref="{ref: year}")
        return
    if op == "in":
        if not isinstance(value, list):
            yield (*path, "value"), Text(N_("op “in” cần một danh sách, ví dụ [{value}]; để so một giá trị hãy dùng “==”"),
                                         value=value)
            return
        if not value:
            yield (*path, "value"), Text(N_("op “in” với danh sách rỗng: không dòng nào thỏa điều kiện"))
            return
        if kind == "boolean":
            yield (*path, "op"), Text(N_("cột “{column}” kiểu Có/Không chỉ dùng “==” hoặc “!=” với true/false"),
                                      column=column.name)
            return
        for k, item in enumerate(value):
            problem = _item_problem(column, item)
            if problem:
                yield (*path, "value", k), problem
        return
    if isinstance(value, list):
        yield (*path, "value"), Text(N_("op “{op}” so với một giá trị, không phải danh sách; để chọn trong danh sách "
                                        "hãy dùng “in”"), op=op)
        return
    if op in ORDERINGS and kind not in NUMERIC:
        usable = (N_("op “{op}” chỉ dùng với cột số; cột “{column}” kiểu {type} chỉ dùng “==”, “!=”") if kind == "boolean"
                  else N_("op “{op}” chỉ dùng với cột số; cột “{column}” kiểu {type} chỉ dùng “==”, “!=” hoặc “in”"))
        yield (*path, "op"), Text(usable, op=op, column=column.name, type=_type_name(column))
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
            yield (*base, "columns", j, "name"), Text(N_("cột “{column}” khai báo hai lần"), column=column.name)
        names.add(column.name)
    for field in ("levels", "optional_levels"):
        for k, lv in enumerate(getattr(form, field)):
            if lv not in level_ids:
                yield (*base, field, k), Text(NO_LEVEL, level=lv)
    for k, key in enumerate(form.key):
        if key not in names:
            yield (*base, "key", k), Text(NOT_A_COLUMN, name=key)
    if form.unit_column not in names:
        yield (*base, "unit_column"), Text(NOT_A_COLUMN, name=form.unit_column)
    if form.unit_alternative:
        for field in ("parent", "name"):
            name = getattr(form.unit_alternative, field)
            if name not in names:
                yield (*base, "unit_alternative", field), Text(NOT_A_COLUMN, name=name)
    yield from _check_columns(form, base, level_ids)
    for i, rule in enumerate(form.rules):
        where: Path = (*base, "rules", i)
        for k, name in enumerate(rule.columns):
            if name not in names:
                yield (*where, "columns", k), Text(NOT_A_COLUMN, name=name)
            elif rule.kind == "le" and form.column(name).type not in NUMERIC:
                yield (*where, "columns", k), Text(N_("quy tắc “le” (≤) chỉ so được cột số; cột “{column}” kiểu {type}"),
                                                   column=name, type=_type_name(form.column(name)))
        if rule.kind == "le" and len(rule.columns) != 2:
            yield (*where, "columns"), Text(N_("quy tắc “le” so đúng 2 cột (phần ≤ tổng), đang có {n}"),
                                            n=len(rule.columns))
    yield from _check_expected_rows(form, base, names)


def _check_columns(form: Form, base: Path, level_ids: set[str]) -> Iterator[Problem]:
    roles: dict[str, str] = {}
    named: dict[str, str] = {}  # folded header text → the column it names
    for j, column in enumerate(form.columns):
        where: Path = (*base, "columns", j)
        for text in column.header_texts:
            other = named.setdefault(fold(text), column.name)
            if other != column.name:
                # a header cell with this text would be read as whichever column came first
                yield (*where, "label_en" if text == column.label_en else "aliases"), Text(
                    N_("“{text}” vừa là tiêu đề của cột “{other}” vừa của cột “{column}”: không biết ô tiêu đề ghi "
                       "“{text}” là cột nào"), text=text, other=other, column=column.name)
        if column.role:
            if column.role in roles:
                yield (*where, "role"), Text(N_("vai trò “{role}” đã khai báo cho cột “{column}”: mỗi biểu chỉ một cột "
                                                "có vai trò này"), role=column.role, column=roles[column.role])
            roles.setdefault(column.role, column.name)
            if column.role == "year" and column.type != "year":
                yield (*where, "role"), Text(ROLE_TYPE, role="year", type="year", column=column.name,
                                             actual=column.type)
            if column.role == "unit_name" and column.type != "text":
                yield (*where, "role"), Text(ROLE_TYPE, role="unit_name", type="text", column=column.name,
                                             actual=column.type)
        for k, lv in enumerate(column.required_at or []):
            if lv not in level_ids:
                yield (*where, "required_at", k), Text(NO_LEVEL, level=lv)
            elif lv not in form.allowed_levels:
                yield (*where, "required_at", k), Text(N_("cấp “{level}” không nộp biểu này (levels/optional_levels "
                                                          "của biểu)"), level=lv)
        if column.min is not None and column.max is not None and column.min > column.max:
            yield (*where, "min"), Text(N_("min ({min}) lớn hơn max ({max})"), min=_num(column.min),
                                        max=_num(column.max))
        if (column.min is not None or column.max is not None) and column.type not in NUMERIC:
            yield (*where, "min" if column.min is not None else "max"), Text(
                N_("min/max chỉ dùng cho cột số; cột “{column}” kiểu {type}"), column=column.name,
                type=_type_name(column))
        owner: dict[str, str] = {}
        for key, choice in (column.choices or {}).items():
            for text in choice.texts(key):
                other = owner.setdefault(fold(text), key)
                if other != key:
                    yield (*where, "choices", key), Text(N_("“{text}” vừa là nhãn của “{other}” vừa của “{key}”: "
                                                            "không biết ô ghi “{text}” là lựa chọn nào"),
                                                         text=text, other=other, key=key)


def _check_expected_rows(form: Form, base: Path, names: set[str]) -> Iterator[Problem]:
    expected = form.expected_rows
    if expected is None:
        return
    where: Path = (*base, "expected_rows")
    if expected.column not in names:
        yield (*where, "column"), Text(NOT_A_COLUMN, name=expected.column)
        return
    if expected.column not in form.key:
        yield (*where, "column"), Text(N_("“{column}” phải nằm trong “key” của biểu (mỗi đơn vị nhiều dòng)"),
                                       column=expected.column)
    column = form.column(expected.column)
    for level, keys in expected.by_level.items():
        if level not in form.allowed_levels:
            yield (*where, "by_level", level), Text(N_("cấp “{level}” không nộp biểu này (levels: {levels})"),
                                                    level=level, levels=_levels(form.allowed_levels))
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
            yield (*base, "when"), Text(N_("phép đo “improves” so mỗi năm với năm trước: chỉ dùng với when: annual, "
                                           "không phải when: {when}"), when=target.when)
        for field in ("numerator", "denominator", "column"):
            if getattr(measure, field) is not None:
                yield (*where, field), Text(N_("phép đo “improves” không dùng “{field}” (bị bỏ qua): khai báo phép đo "
                                               "được so sánh trong “of”"), field=field)
        if measure.condition:
            yield (*where, "condition"), Text(N_("phép đo “improves” không dùng “condition”: khai báo trong “of”"))
        if measure.of is not None:
            if measure.of.kind == "improves":
                yield (*where, "of", "kind"), Text(N_("“of” của phép đo “improves” không thể lại là “improves”"))
            else:
                yield from _check_plain_measure(measure.of, form, (*where, "of"))
        return
    if measure.of is not None:
        yield (*where, "of"), Text(N_("chỉ phép đo “improves” dùng “of”; phép đo “{kind}” bỏ qua nó"),
                                   kind=measure.kind)
    yield from _check_plain_measure(measure, form, where)


def _check_plain_measure(measure: Measure, form: Form, where: Path) -> Iterator[Problem]:
    used = {"ratio": ("numerator", "denominator"), "sum": ("column",), "mean": ("column",)}.get(measure.kind, ())
    for field in ("numerator", "denominator", "column"):
        name = getattr(measure, field)
        if name is None:
            continue
        if field not in used:
            yield (*where, field), Text(N_("phép đo “{kind}” không dùng “{field}” (bị bỏ qua): hãy xóa hoặc sửa “kind”"),
                                        kind=measure.kind, field=field)
            continue
        if name not in form.column_names:
            yield (*where, field), Text(NOT_A_COLUMN_OF, name=name, form=form.id)
        elif form.column(name).type not in NUMERIC:
            yield (*where, field), Text(N_("phép đo “{kind}” cần cột số; cột “{column}” kiểu {type}"),
                                        kind=measure.kind, column=name, type=_type_name(form.column(name)))
    if measure.condition and measure.kind not in ("share", "count"):
        yield (*where, "condition"), Text(N_("phép đo “{kind}” không dùng “condition” (bị bỏ qua): "
                                             "lọc dòng bằng “scope.where”"), kind=measure.kind)
    for j, condition in enumerate(measure.condition):
        yield from _check_condition_column(condition, form, (*where, "condition", j))


def _check_condition_column(condition: Condition, form: Form, path: Path) -> Iterator[Problem]:
    if condition.column not in form.column_names:
        yield (*path, "column"), Text(NOT_A_COLUMN_OF, name=condition.column, form=form.id)
        return
    yield from check_condition(condition, form.column(condition.column), path)


def _check_threshold(target: Target, form: Form, base: Path) -> Iterator[Problem]:
    measure = target.value_measure
    kind, threshold = measure.kind, target.threshold
    path: Path = (*base, "threshold")
    if kind in ("ratio", "share") and target.unit != "%":
        yield (*base, "unit"), Text(N_("phép đo “{kind}” cho một tỷ lệ phần trăm: “unit” phải là “%”, không phải "
                                       "“{unit}”"), kind=kind, unit=target.unit)
    if kind == "count" and target.unit == "%":
        yield (*base, "unit"), Text(N_("phép đo “count” đếm số dòng, không phải tỷ lệ: khai báo “unit” (ví dụ “đơn vị”)"))
    if target.tracked or target.improves:
        if threshold is not None:
            yield path, Text(N_("chỉ tiêu theo dõi (tracked) không có ngưỡng: hãy xóa “threshold”") if target.tracked
                             else N_("phép đo “improves” so với năm trước, không với ngưỡng: hãy xóa “threshold”"))
        if target.tracked and target.improves:
            yield (*base, "tracked"), Text(N_("chỉ tiêu theo dõi (tracked) không đánh giá đạt/không đạt: không dùng "
                                              "với “improves”"))
        return
    if threshold is None:
        yield path, Text(N_("thiếu “threshold” (ngưỡng); chỉ tiêu chỉ theo dõi, không có ngưỡng, hãy khai báo "
                            "“tracked: true”"))
        return
    if target.unit == "%" and not 0 <= threshold <= 100:
        yield path, Text(N_("ngưỡng {value}% nằm ngoài khoảng 0-100"), value=_num(threshold))
    elif kind == "count" and threshold < 0:
        yield path, Text(N_("ngưỡng của phép đếm không được âm ({value})"), value=_num(threshold))
    elif kind in ("sum", "mean") and measure.column in form.column_names:
        column = form.column(measure.column or "")
        low, high = _column_bounds(column)
        if low is not None and low >= 0 and threshold < 0:
            yield path, Text(N_("ngưỡng {value} âm, trong khi cột “{column}” không có giá trị âm"),
                             value=_num(threshold), column=column.name)
        elif kind == "mean" and high is not None and threshold > high:
            yield path, Text(N_("ngưỡng {value} lớn hơn giá trị lớn nhất của cột “{column}” ({max})"),
                             value=_num(threshold), column=column.name, max=_num(high))


def _check_prorate(target: Target, base: Path) -> Iterator[Problem]:
    if target.prorate is None:
        return
    where: Path = (*base, "prorate")
    if target.when != "annual":
        yield where, Text(N_("“prorate” chỉ dùng cho chỉ tiêu hằng năm (when: annual), không phải when: {when}"),
                          when=target.when)
    elif target.threshold is None:
        yield where, Text(N_("“prorate” chia ngưỡng theo số tháng: chỉ tiêu không có ngưỡng (tracked, improves)"))
    elif target.value_measure.kind not in ("count", "sum"):
        yield where, Text(N_("“prorate” chỉ dùng cho phép đếm hoặc tổng (count, sum), không cho “{kind}”: một tỷ lệ "
                             "không tính theo số tháng"), kind=target.value_measure.kind)


def _check_years(spec: Spec, target: Target, base: Path) -> Iterator[Problem]:
    first, last = spec.programme.start_year, spec.programme.end_year
    if target.deadline is not None:
        if target.when != "deadline":
            yield (*base, "deadline"), Text(N_("“deadline” chỉ dùng với when: deadline (đang là when: {when}, "
                                               "bị bỏ qua)"), when=target.when)
        elif target.deadline not in spec.programme.years:
            yield (*base, "deadline"), Text(N_("năm {year} nằm ngoài các năm của Đề án ({first}-{last})"),
                                            year=target.deadline, first=first, last=last)
    if target.window is not None:
        if target.when != "window":
            yield (*base, "window"), Text(N_("“window” chỉ dùng với when: window (đang là when: {when}, bị bỏ qua)"),
                                          when=target.when)
        elif not 1 <= target.window <= len(spec.programme.years):
            yield (*base, "window"), Text(N_("chu kỳ {window} năm không nằm trong 1-{years} (số năm của Đề án)"),
                                          window=target.window, years=len(spec.programme.years))
    if target.baseline is not None:
        where: Path = (*base, "baseline")
        if target.when != "deadline":
            yield where, Text(N_("“baseline” chỉ dùng cho chỉ tiêu when: deadline (đang là when: {when}, bị bỏ qua)"),
                              when=target.when)
            return
        end = target.deadline if target.deadline is not None else last
        if not first - BASELINE_YEARS_BEFORE <= target.baseline.year < end:
            yield (*where, "year"), Text(N_("năm gốc {year} phải từ {earliest} đến trước năm {end} (Đề án {first}-{last})"),
                                         year=target.baseline.year, earliest=first - BASELINE_YEARS_BEFORE, end=end,
                                         first=first, last=last)
        if target.unit == "%" and not 0 <= target.baseline.value <= 100:
            yield (*where, "value"), Text(N_("giá trị gốc {value}% nằm ngoài khoảng 0-100"),
                                          value=_num(target.baseline.value))


def _check_target(spec: Spec, i: int, target: Target) -> Iterator[Problem]:
    base: Path = ("targets", i)
    if target.objective not in {o.id for o in spec.objectives}:
        yield (*base, "objective"), Text(N_("không có mục tiêu “{objective}” trong “objectives”"),
                                         objective=target.objective)
    yield from _check_interpretations(spec, target, base)
    yield from _check_years(spec, target, base)
    form = spec.forms.get(target.form)
    if form is None:
        yield (*base, "form"), Text(N_("không có biểu “{form}” trong “forms”"), form=target.form)
        return
    level_ids = {lv.id for lv in spec.levels}
    if target.scope.levels is not None:
        if not target.scope.levels:
            yield (*base, "scope", "levels"), Text(N_("danh sách cấp rỗng: chỉ tiêu không tính dòng nào"))
        for k, lv in enumerate(target.scope.levels):
            if lv not in level_ids:
                yield (*base, "scope", "levels", k), Text(NO_LEVEL, level=lv)
            elif lv not in form.allowed_levels:
                yield (*base, "scope", "levels", k), Text(N_("cấp “{level}” không nộp biểu “{form}” (cấp nộp: {levels})"),
                                                          level=lv, form=form.id, levels=_levels(form.allowed_levels))
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
            yield path, Text(N_("cách hiểu “{id}” được nêu hai lần"), id=ident)
            continue
        seen.add(ident)
        interp = spec.interpretation(ident)
        if interp is None:
            yield path, Text(N_("không có cách hiểu “{id}” trong “interpretations”"), id=ident)
        elif interp.value is not None and target.threshold is not None and interp.value != target.threshold:
            yield (*base, "threshold"), Text(N_("ngưỡng {threshold} khác giá trị của cách hiểu “{id}” ({value}) in ở "
                                                "chú thích"), threshold=_num(target.threshold), id=interp.id,
                                             value=_num(interp.value))


def _duplicates(items: list[Any], field: str, path: Path, what: str) -> Iterator[Problem]:
    """Ids declared twice; ``what`` names the thing (a Vietnamese text marked for translation)."""
    seen: set[str] = set()
    for i, item in enumerate(items):
        ident = getattr(item, field)
        if ident in seen:
            yield (*path, i, field), Text(N_("{what} “{id}” khai báo hai lần"), what=Text(what), id=ident)
        seen.add(ident)


def problems(spec: Spec) -> list[Problem]:
    """Every mistake in the spec, in document order."""
    found: list[Problem] = []
    programme = spec.programme
    if programme.start_year > programme.end_year:
        found.append((("programme", "end_year"), Text(N_("năm kết thúc {end} trước năm bắt đầu {start}"),
                                                      end=programme.end_year, start=programme.start_year)))
    for field, year in (("start_date", programme.start_year), ("end_date", programme.end_year)):
        day = getattr(programme, field)
        if day is not None and day.year != year:
            found.append((("programme", field), Text(N_("ngày {day} không thuộc năm {year} ({field})"),
                                                     day=day.isoformat(), year=year,
                                                     field="start_year" if field == "start_date" else "end_year")))
    found += _duplicates(spec.levels, "id", ("levels",), N_("cấp"))
    found += _duplicates(spec.interpretations, "id", ("interpretations",), N_("cách hiểu"))
    found += _duplicates(spec.objectives, "id", ("objectives",), N_("mục tiêu"))
    for fid, form in spec.forms.items():
        found += _check_form(spec, fid, form)
    found += _check_plausibility(spec)
    found += _duplicates(spec.targets, "id", ("targets",), N_("mã chỉ tiêu"))
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
            found.append((path, Text(N_("“{name}” không phải cột của biểu {form}"), name=name, form=target.form)))
        elif form.column(name).type not in ("integer", "number"):
            found.append((path, Text(N_("cột “{column}” không phải cột số: chỉ cộng được cột số"), column=name)))
    return found


def _check_plausibility(spec: Spec) -> list[Problem]:
    """The plausibility block's bounds make sense, and its exceptions name figure columns of forms."""
    settings = spec.plausibility
    base: Path = ("plausibility",)
    found: list[Problem] = []
    for field in ("factor", "floor", "z", "min_peers", "ratio_floor"):
        value = getattr(settings, field)
        if value <= (1 if field == "factor" else 0) or (field == "min_peers" and value < 3):
            found.append(((*base, field), Text(N_("“{field}” = {value}: giá trị không hợp lý (factor > 1, "
                                                  "min_peers ≥ 3, các giá trị khác > 0)"), field=field, value=value)))
    for fid, columns in settings.columns.items():
        form = spec.forms.get(fid)
        if form is None:
            found.append(((*base, "columns", fid), Text(N_("không có biểu “{form}”"), form=fid)))
            continue
        for name, own in columns.items():
            where: Path = (*base, "columns", fid, name)
            if name not in form.column_names:
                found.append((where, Text(NOT_A_COLUMN_OF, name=name, form=fid)))
            elif form.column(name).type not in ("integer", "number", "percent"):
                found.append((where, Text(N_("cột “{column}” không phải cột số: không kiểm tra được"), column=name)))
            else:
                if own.factor is not None and own.factor <= 1:
                    found.append(((*where, "factor"), Text(N_("“factor” phải lớn hơn 1"))))
                if own.z is not None and own.z <= 0:
                    found.append(((*where, "z"), Text(N_("“z” phải lớn hơn 0"))))
                if own.floor is not None and own.floor < 0:
                    found.append(((*where, "floor"), Text(N_("“floor” không được âm"))))
    return found
