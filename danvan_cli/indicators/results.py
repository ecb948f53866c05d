"""Immutable results of scoring and their JSON form (docs/contract.md §8)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from danvan_cli.i18n import data_text
from danvan_cli.spec.models import TargetComparator, When

# The status of one target in one reporting year (`score`, and each year of a summary):
# `insufficient_data` is an `improves` target's year without the year before.
YearStatus = Literal["met", "not_met", "in_progress", "not_due", "tracked", "no_data", "insufficient_data"]
# A by-deadline target's progress over several years, from its progress ratio R (docs/contract.md §7).
ProgressBand = Literal["on_track", "needs_acceleration", "limited_progress", "deterioration"]
# A summary's status of a target: its progress (deadline targets) or its last year's status.
ProgressStatus = Literal[YearStatus, ProgressBand]
# The verdict over a review's years (`period_status`): the above, or met in only some years.
PeriodStatus = Literal[ProgressStatus, "partly_met"]
# Every status a result or a summary may carry: what renderers label and colour.
Status = PeriodStatus
Trend = Literal["up", "down", "flat"]
ReviewKind = Literal["midterm", "final"]


def json_number(x: float | None) -> int | float | None:
    """A whole number as an int (counts, thresholds), anything else unchanged."""
    if x is None:
        return None
    if float(x).is_integer() and abs(x) < 2**53:
        return int(x)
    return float(x)


def json_objective(objective: str) -> int | str:
    """Objective "7" as 7; a non-numeric id such as "NV" stays a string."""
    return int(objective) if objective.isdigit() else objective


@dataclass(frozen=True)
class DistrictValue:
    """A target's measure over one district-level unit's rows."""

    code: str
    name: str
    value: float | None
    numerator: float | None
    denominator: float | None
    old_districts: tuple[str, ...] = ()  # a unit of a registry without districts: the old ones it lies in

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "value": self.value,
            "numerator": json_number(self.numerator),
            "denominator": json_number(self.denominator),
        }
        if self.old_districts:
            data["old_districts"] = list(self.old_districts)
        return data


@dataclass(frozen=True)
class TargetResult:
    """One target scored for one reporting year."""

    id: str
    objective: str
    title: str
    title_en: str
    unit: str
    comparator: TargetComparator
    threshold: float | None  # the threshold judged this year (prorated when the target says so)
    deadline: int | None
    when: When
    year: int
    value: float | None
    numerator: float | None
    denominator: float | None
    achievement: float | None
    status: YearStatus
    breakdown: tuple[DistrictValue, ...]
    rows_in_scope: int
    interpretation: str | None = None
    interpretations: tuple[str, ...] = ()
    threshold_full: float | None = None  # the spec's yearly threshold, when `threshold` is prorated
    months: int | None = None  # programme months in the year, when the threshold is prorated
    previous: tuple[int, float | None] | None = None  # `improves`: (year before, its value)
    tracked: bool = False
    beside: tuple[tuple[str, float | None], ...] = ()  # `shown_beside`: (column, the year's total)
    vintages: tuple[str, ...] = ()  # the registry vintages of the units whose rows are in scope
    units: frozenset[tuple[str, str]] = frozenset()  # a share or count: (vintage, code) of the units counted
    levels: tuple[str, ...] = ()  # the levels of the rows in scope
    wider: bool = False  # a row in scope is a unit wider than the programme's territory
    areas: tuple[DistrictValue, ...] = ()  # per comparison area (`summary --by area`)
    unit_en: str = ""  # the unit in English, when the spec gives one

    def unit_in(self, lang: str) -> str:
        """The unit as written in ``lang``."""
        return data_text(lang, self.unit, self.unit_en)

    def to_json(self) -> dict[str, Any]:
        """The scorecard's target object; the contract keys first, extras after."""
        return {
            "id": self.id,
            "objective": json_objective(self.objective),
            "title": self.title,
            "unit": self.unit,
            "comparator": self.comparator,
            "threshold": json_number(self.threshold),
            "deadline": self.deadline,
            "value": self.value,
            "numerator": json_number(self.numerator),
            "denominator": json_number(self.denominator),
            "achievement": self.achievement,
            "status": self.status,
            "breakdown": [entry.to_json() for entry in self.breakdown],
            "title_en": self.title_en,
            "when": self.when,
            "rows_in_scope": self.rows_in_scope,
            "interpretation": self.interpretation,
            "interpretations": list(self.interpretations),
            "threshold_full": json_number(self.threshold_full),
            "months": self.months,
            "previous": None if self.previous is None else {"year": self.previous[0], "value": self.previous[1]},
            "tracked": self.tracked,
            "shown_beside": {name: json_number(value) for name, value in self.beside},
            "vintages": list(self.vintages),
        }
