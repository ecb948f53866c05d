"""Several years of scores summarised per target (PRODUCT.md sections 7 and 8)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from danvan_cli.indicators.results import TargetResult, json_number, json_objective
from danvan_cli.indicators.status import meets
from danvan_cli.indicators.trend import Point, projection, trend
from danvan_cli.spec.models import ProgressSettings, Spec, Target

CUT_TOLERANCE = 1e-9  # R computed as 0.9499999999 for 0.95 is still on track


@dataclass(frozen=True)
class YearPoint:
    """One year's single-year value and status, exactly as `score` gave them."""

    year: int
    value: float | None
    status: str


@dataclass(frozen=True)
class BaselinePoint:
    """The baseline (b, v_b) that the progress ratio R starts from."""

    year: int
    value: float

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "value": self.value}


@dataclass(frozen=True)
class TargetSummary:
    """One target over several years: per-year values, progress status, projection, trend."""

    id: str
    objective: str
    title: str
    unit: str
    comparator: str
    threshold: float
    deadline: int | None
    when: str
    years: tuple[YearPoint, ...]
    baseline: BaselinePoint | None
    progress_ratio: float | None
    projection: float | None
    status: str
    years_met: int
    years_with_data: int
    trend: str | None

    def to_json(self) -> dict[str, Any]:
        """The `danvan.summary/1` target object; contract keys first, extras after."""
        return {
            "id": self.id,
            "threshold": json_number(self.threshold),
            "deadline": self.deadline,
            "years": {str(p.year): {"value": p.value, "status": p.status} for p in self.years},
            "baseline": None if self.baseline is None else self.baseline.to_json(),
            "progress_ratio": self.progress_ratio,
            "projection": self.projection,
            "status": self.status,
            "years_met": self.years_met,
            "years_with_data": self.years_with_data,
            "title": self.title,
            "objective": json_objective(self.objective),
            "unit": self.unit,
            "comparator": self.comparator,
            "when": self.when,
            "trend": self.trend,
        }


@dataclass(frozen=True)
class Summary:
    """The whole summary: a midterm or final review over `year_from`..`year_to`."""

    year_from: int
    year_to: int
    kind: str
    targets: tuple[TargetSummary, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": "danvan.summary/1",
            "from": self.year_from,
            "to": self.year_to,
            "kind": self.kind,
            "targets": [t.to_json() for t in self.targets],
        }


def _band(ratio: float, cuts: ProgressSettings) -> str:
    """Status of a progress ratio R from the spec's cut-offs."""
    for status, cut in (
        ("on_track", cuts.on_track),
        ("needs_acceleration", cuts.needs_acceleration),
        ("limited_progress", cuts.limited_progress),
    ):
        if ratio >= cut - CUT_TOLERANCE:
            return status
    return "deterioration"


def _baseline(target: Target, points: list[Point]) -> BaselinePoint:
    """The spec's baseline, else the first year with data."""
    if target.baseline is not None:
        return BaselinePoint(target.baseline.year, target.baseline.value)
    return BaselinePoint(*points[0])


def _deadline_status(
    target: Target, points: list[Point], base: BaselinePoint, cuts: ProgressSettings
) -> tuple[str, float | None]:
    """(status, R) of a by-deadline target; R only when it decided the status."""
    deadline = target.deadline if target.deadline is not None else points[-1][0]
    latest_year, latest = points[-1]
    if meets(latest, target.threshold, target.comparator):
        return "met", None
    if latest_year >= deadline:
        return "not_met", None
    if len(points) < 2 or latest_year <= base.year or deadline <= base.year:
        return "insufficient_data", None
    if meets(base.value, target.threshold, target.comparator):
        return "deterioration", None  # reached at the baseline and lost since
    actual = (latest - base.value) / (latest_year - base.year)
    required = (target.threshold - base.value) / (deadline - base.year)
    ratio = actual / required
    return _band(ratio, cuts), ratio


def summarise_target(
    spec: Spec, target: Target, by_year: Mapping[int, TargetResult], years: range
) -> TargetSummary:
    """One target over `years`, from its single-year results (a missing year has no data)."""
    series = tuple(
        YearPoint(y, by_year[y].value, by_year[y].status)
        if y in by_year
        else YearPoint(y, None, "no_data")
        for y in years
    )
    points: list[Point] = [(p.year, p.value) for p in series if p.value is not None]
    status, ratio, base, projected = "no_data", None, None, None
    if points and target.when == "deadline":
        base = _baseline(target, points)
        status, ratio = _deadline_status(target, points, base, spec.progress)
        projected = projection(points, target.deadline or points[-1][0])
    elif points:
        status = next(p.status for p in reversed(series) if p.value is not None)
    return TargetSummary(
        id=target.id,
        objective=target.objective,
        title=target.title,
        unit=target.unit,
        comparator=target.comparator,
        threshold=target.threshold,
        deadline=target.deadline,
        when=target.when,
        years=series,
        baseline=base,
        progress_ratio=ratio,
        projection=projected,
        status=status,
        years_met=sum(p.status == "met" for p in series),
        years_with_data=len(points),
        trend=trend(points),
    )


def summarise(
    spec: Spec,
    results_by_year: Mapping[int, Sequence[TargetResult]],
    year_from: int,
    year_to: int,
) -> Summary:
    """Summarise every target of the spec over `year_from`..`year_to` (inclusive)."""
    years = range(year_from, year_to + 1)
    by_target: dict[str, dict[int, TargetResult]] = {}
    for y, results in results_by_year.items():
        for result in results:
            by_target.setdefault(result.id, {})[y] = result
    targets = tuple(
        summarise_target(spec, target, by_target.get(target.id, {}), years)
        for target in spec.targets
    )
    kind = "midterm" if year_to < spec.programme.end_year else "final"
    return Summary(year_from, year_to, kind, targets)
