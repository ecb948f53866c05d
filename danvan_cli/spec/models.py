"""The programme spec (`targets.yaml`) as pydantic models.

Everything danvan knows about a programme — levels, forms, targets — comes from
these models; the engine itself knows nothing about Ninh Bình or dân vận.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from danvan_cli.i18n import data_text

ColumnType = Literal["unit", "text", "integer", "number", "percent", "boolean", "choice", "year"]
# A column with a special meaning for the engine, declared in the spec instead of recognised by its name:
# ``year`` holds the reporting year (checked against the folder's year), ``unit_name`` the unit's name
# shown beside its code (checked against the registry, left out of duplicate comparisons).
ColumnRole = Literal["year", "unit_name"]
Ordering = Literal[">=", "<=", ">", "<"]  # the comparators that order numbers (their meaning: indicators.comparators)
ORDERINGS: tuple[Ordering, ...] = get_args(Ordering)
Comparator = Literal[Ordering, "==", "!=", "in"]  # of a condition on a column
TargetComparator = Literal[">=", "<="]  # the direction in which a target's value should go
When = Literal["annual", "deadline", "window"]  # when a target is judged


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Level(_Model):
    """One level of the administrative hierarchy (tỉnh, huyện, xã, thôn)."""

    id: str
    name: str
    name_en: str = ""


class Programme(_Model):
    id: str
    title: str
    document: str = ""
    start_year: int
    end_year: int
    # the day the programme starts (the decision's date); with ``prorate: months`` a target's threshold in
    # the first year counts only the whole months after it (29 June → July-December = 6 months)
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None  # the day it ends; default 31 December of end_year

    @property
    def years(self) -> range:
        """The programme's years, first to last."""
        return range(self.start_year, self.end_year + 1)

    def months_in(self, year: int) -> int:
        """Whole calendar months of the programme in `year` (12 outside the first and last year).

        A month counts when the programme runs for all of it: the start month only when the programme
        starts on its 1st, the end month only when it ends on its last day.
        """
        first, last = 1, 12
        if self.start_date is not None and year == self.start_date.year:
            first = self.start_date.month + (0 if self.start_date.day == 1 else 1)
        if self.end_date is not None and year == self.end_date.year:
            following = self.end_date + datetime.timedelta(days=1)
            last = self.end_date.month if following.month != self.end_date.month else self.end_date.month - 1
        return max(0, last - first + 1)


class ProgressSettings(_Model):
    """Cut-offs of the progress ratio R (docs/contract.md §7)."""

    on_track: float = 0.95
    needs_acceleration: float = 0.6
    limited_progress: float = 0.0


Scale = Literal["log", "linear", "both"]  # how figures are compared with their peers


class PlausibilityColumn(_Model):
    """Where one column's figures need other bounds than the defaults (unset: the default)."""

    # "both" (counts): an outlier on either scale, "log" for heavy tails (firm sizes), "linear" (percentages)
    scale: Scale | None = None
    peers: bool | None = None  # judged across the units of its level (outlier)
    over_time: bool | None = None  # compared with the same row last year (value-jump)
    factor: float | None = None
    floor: float | None = None
    z: float | None = None


class PlausibilitySettings(_Model):
    """Bounds of the plausibility checks (`validation.plausibility`), with per-column exceptions.

    A figure jumps when it is more than ``factor`` times last year's (or less than 1/``factor``) and
    differs from it by more than ``floor``; it is an outlier when its modified z-score among the units
    of its level (median and MAD, on ``scale``) is above ``z``, it lies more than ``floor`` from their
    median, and there are at least ``min_peers`` of them."""

    factor: float = 3.0
    floor: float = 10.0
    z: float = 3.5
    min_peers: int = 8
    ratios: bool = True  # also judge each unit's ratio of the ratio targets (files online / files)
    ratio_floor: float = 40.0  # percentage points from the peers' median below which a ratio is not odd
    columns: dict[str, dict[str, PlausibilityColumn]] = {}  # form id → column → exceptions


class Interpretation(_Model):
    """A reading of vague wording in the document ("hầu hết" = 90%), printed as a footnote."""

    id: str
    term: str
    term_en: str = ""
    value: float | None = None  # the number the reading gives, checked against the thresholds of its targets
    note: str
    note_en: str = ""


class Objective(_Model):
    id: str
    title: str
    title_en: str = ""


class Choice(_Model):
    label: str
    label_en: str = ""  # the English answer: shown in English templates, accepted when read
    aliases: list[str] = []

    def texts(self, key: str) -> tuple[str, ...]:
        """Every text by which a cell gives this answer: its key, labels and aliases."""
        return tuple(t for t in (key, self.label, self.label_en, *self.aliases) if t)


class Column(_Model):
    """One column of a form: its canonical name, Vietnamese label, type and constraints."""

    name: str
    label: str
    label_en: str = ""  # the English header: written in English templates, recognised when read
    aliases: list[str] = []
    type: ColumnType
    required: bool = True
    required_at: list[str] | None = None  # levels at which a blank is an error
    min: float | None = None
    max: float | None = None
    max_is_year: bool = False  # value must not exceed the reporting year
    pattern: str | None = None
    choices: dict[str, Choice] | None = None
    description: str = ""
    description_en: str = ""
    role: ColumnRole | None = None

    @property
    def header_texts(self) -> tuple[str, ...]:
        """Every text by which a header cell names this column: its name, labels and aliases."""
        return tuple(t for t in (self.name, self.label, self.label_en, *self.aliases) if t)

    @model_validator(mode="after")
    def _choices_iff_choice(self) -> Column:
        if self.type == "choice" and not self.choices:
            raise ValueError("a column of type 'choice' needs 'choices'")
        if self.type != "choice" and self.choices:
            raise ValueError("only a column of type 'choice' may have 'choices'")
        return self


class Rule(_Model):
    """A cross-column rule: ``left <= right`` or ``together`` (all filled or all blank)."""

    kind: Literal["le", "together"]
    columns: list[str] = Field(min_length=2)
    message: str = ""


class AlternativeKey(_Model):
    """A unit named by its parent's code plus its own name (thôn: mã xã + tên thôn)."""

    parent: str
    name: str


class ExpectedRows(_Model):
    """Rows each submitting unit must send, by level (e.g. one per organisation)."""

    column: str
    by_level: dict[str, list[str]]


class Form(_Model):
    """A submission table (Biểu): columns, keys, rules, who submits it."""

    id: str = ""
    number: str
    title: str
    title_en: str = ""
    levels: list[str]  # levels whose every unit must submit (completeness)
    optional_levels: list[str] = []  # levels that may submit too
    unit_column: str = "ma_don_vi"
    unit_alternative: AlternativeKey | None = None
    key: list[str]
    expected_rows: ExpectedRows | None = None
    columns: list[Column]
    rules: list[Rule] = []

    @property
    def allowed_levels(self) -> list[str]:
        return self.levels + [lv for lv in self.optional_levels if lv not in self.levels]

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def role_column(self, role: str) -> str | None:
        """The name of the column declared with this role (``year``, ``unit_name``), if any."""
        return next((c.name for c in self.columns if c.role == role), None)

    @property
    def year_column(self) -> str | None:
        return self.role_column("year")

    @property
    def name_column(self) -> str | None:
        return self.role_column("unit_name")


class YearRef(_Model):
    ref: Literal["year"]


Value = float | int | str | bool | list[str | bool | int | float] | YearRef


class Condition(_Model):
    """``column op value``; ``value: {ref: year}`` means the reporting year."""

    column: str
    op: Comparator
    value: Value


class Scope(_Model):
    levels: list[str] | None = None
    where: list[Condition] = []


MeasureKind = Literal["ratio", "share", "count", "sum", "mean", "improves"]


class Measure(_Model):
    """How a target's rows become one number; ``improves`` compares its inner measure ``of``
    with the same measure of the year before (met when it is higher, or lower for ``<=``)."""

    kind: MeasureKind
    numerator: str | None = None
    denominator: str | None = None
    column: str | None = None
    condition: list[Condition] = []
    of: Measure | None = None

    @model_validator(mode="after")
    def _fields_for_kind(self) -> Measure:
        if self.kind == "improves" and self.of is None:
            raise ValueError("an 'improves' measure needs 'of' (the measure compared with the year before)")
        if self.kind == "ratio" and not (self.numerator and self.denominator):
            raise ValueError("a 'ratio' measure needs 'numerator' and 'denominator'")
        if self.kind in ("sum", "mean") and not self.column:
            raise ValueError(f"a '{self.kind}' measure needs 'column'")
        if self.kind in ("share", "count") and not self.condition:
            raise ValueError(f"a '{self.kind}' measure needs 'condition'")
        return self


class Baseline(_Model):
    year: int
    value: float


class Target(_Model):
    """One target (chỉ tiêu) of the programme with its fixed ID."""

    id: str
    objective: str
    title: str
    title_en: str = ""
    source: str = ""  # where the document sets it: "Mục tiêu cụ thể (1)"
    source_en: str = ""  # the same in English ("Specific objective (1)"); blank: as written
    form: str
    scope: Scope = Scope()
    measure: Measure
    unit: str = "%"
    unit_en: str = ""  # the unit in English ("conferences" for "hội nghị"); blank: the same as `unit`
    comparator: TargetComparator = ">="
    threshold: float | None = None  # none for tracked targets and `improves` measures
    when: When
    deadline: int | None = None
    window: int | None = None  # years per window, for when == "window"
    baseline: Baseline | None = None
    interpretation: str | None = None  # one reading; `interpretations` lists several
    interpretations: list[str] = []
    tracked: bool = False  # followed without a threshold: status "tracked", never met or not met
    prorate: Literal["months"] | None = None  # threshold × (programme months in the year) / 12
    shown_beside: list[str] = []  # number columns of the form whose year totals are shown beside the value, not judged

    def unit_in(self, lang: str) -> str:
        """The unit as written in ``lang`` (English when the spec gives one)."""
        return data_text(lang, self.unit, self.unit_en)

    def source_in(self, lang: str) -> str:
        """Where the document sets the target, as written in ``lang`` (English when the spec gives one)."""
        return data_text(lang, self.source, self.source_en)

    @property
    def interpretation_ids(self) -> list[str]:
        """Every interpretation the target refers to, single form first."""
        ids = [self.interpretation] if self.interpretation else []
        return ids + [i for i in self.interpretations if i not in ids]

    @property
    def improves(self) -> bool:
        return self.measure.kind == "improves"

    @property
    def value_measure(self) -> Measure:
        """The measure that gives the year's value (the inner one of `improves`)."""
        return self.measure.of if self.measure.kind == "improves" and self.measure.of else self.measure

    def threshold_in(self, programme: Programme, year: int) -> float | None:
        """The threshold judged in `year`: prorated to the programme's months when asked."""
        if self.threshold is None or self.prorate != "months":
            return self.threshold
        return self.threshold * programme.months_in(year) / 12

    @model_validator(mode="after")
    def _when_fields(self) -> Target:
        if self.when == "deadline" and self.deadline is None:
            raise ValueError("a target judged at a deadline needs 'deadline'")
        if self.when == "window" and not self.window:
            raise ValueError("a target judged every N years needs 'window'")
        return self


class Spec(_Model):
    """The whole programme spec."""

    schema_: Annotated[str, Field(alias="schema")] = "danvan.targets/1"
    programme: Programme
    levels: list[Level]
    progress: ProgressSettings = ProgressSettings()
    plausibility: PlausibilitySettings = PlausibilitySettings()
    interpretations: list[Interpretation] = []
    objectives: list[Objective]
    forms: dict[str, Form]
    targets: list[Target]

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _name_forms(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("forms"), dict):
            data = dict(data)
            data["forms"] = {
                fid: ({**f, "id": fid} if isinstance(f, dict) else f)
                for fid, f in data["forms"].items()
            }
        return data

    @model_validator(mode="after")
    def _cross_references(self) -> Spec:
        """Names that must exist, and values that must suit their column (`spec.checks`)."""
        from danvan_cli.spec.checks import SpecProblems, problems

        found = problems(self)
        if found:
            raise SpecProblems(found)
        return self

    def target(self, target_id: str) -> Target:
        for t in self.targets:
            if t.id == target_id:
                return t
        raise KeyError(target_id)

    def interpretation(self, interp_id: str) -> Interpretation | None:
        return next((i for i in self.interpretations if i.id == interp_id), None)
