"""Several years of scores summarised per target (docs/contract.md sections 7 and 8)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from danvan_cli.i18n import data_text
from danvan_cli.indicators.comparators import meets
from danvan_cli.indicators.continuity import Break, segment_start
from danvan_cli.indicators.results import (
    PeriodStatus,
    ProgressBand,
    ProgressStatus,
    ReviewKind,
    TargetResult,
    Trend,
    YearStatus,
    json_number,
    json_objective,
)
from danvan_cli.indicators.status import windows
from danvan_cli.indicators.trend import Point, projection, trend
from danvan_cli.spec.models import ProgressSettings, Spec, Target, TargetComparator, When
from danvan_cli.tolerance import at_least


@dataclass(frozen=True)
class YearPoint:
    """One year's single-year value and status, exactly as `score` gave them."""

    year: int
    value: float | None
    status: YearStatus
    threshold: float | None = None  # the year's threshold when it differs from the target's (prorated)
    comparable: bool = True  # comparable with the review's last year: no break after it
    vintages: tuple[str, ...] = ()  # registry vintages of the units whose rows it counts

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"value": self.value, "status": self.status}
        if self.threshold is not None:
            data["threshold"] = self.threshold
        data["comparable"] = self.comparable
        if self.vintages:
            data["vintages"] = list(self.vintages)
        return data


@dataclass(frozen=True)
class WindowVerdict:
    """One window of a window target (2021-2022): its status and whether it counts in the verdict.

    ``met`` / ``not_met`` / ``no_data`` for a window closed inside the review, ``in_progress`` for one
    still open at the review's last year, ``not_due`` for one cut by the programme's end; only the
    closed ones, and an open one already met, count.
    """

    first: int
    last: int
    status: YearStatus  # met, not_met, no_data, in_progress or not_due
    counted: bool

    def to_json(self) -> dict[str, Any]:
        return {"from": self.first, "to": self.last, "status": self.status, "counted": self.counted}


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
    comparator: TargetComparator
    threshold: float | None
    deadline: int | None
    when: When
    years: tuple[YearPoint, ...]
    baseline: BaselinePoint | None
    progress_ratio: float | None
    projection: float | None
    status: ProgressStatus
    years_met: int
    years_with_data: int
    trend: Trend | None
    period_status: PeriodStatus = "insufficient_data"
    years_missing: int = 0
    windows: tuple[WindowVerdict, ...] = ()
    tracked: bool = False
    improves: bool = False
    breaks: tuple[Break, ...] = ()  # where the series changes meaning (indicators.continuity)
    segment_from: int | None = None  # trend, projection and R rest on the years from here (after a break)
    unit_en: str = ""  # the unit in English, when the spec gives one

    def unit_in(self, lang: str) -> str:
        """The unit as written in ``lang``."""
        return data_text(lang, self.unit, self.unit_en)

    @property
    def comparable(self) -> bool:
        """The whole series compares across the review (no break cuts it)."""
        return self.segment_from is None

    @property
    def windows_met(self) -> int:
        return sum(w.counted and w.status == "met" for w in self.windows)

    @property
    def windows_counted(self) -> int:
        return sum(w.counted for w in self.windows)

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        """The `danvan.summary/1` target object; contract keys first, extras after (a
        break's text in `lang`)."""
        return {
            "id": self.id,
            "threshold": json_number(self.threshold),
            "deadline": self.deadline,
            "years": {str(p.year): p.to_json() for p in self.years},
            "baseline": None if self.baseline is None else self.baseline.to_json(),
            "progress_ratio": self.progress_ratio,
            "projection": self.projection,
            "status": self.status,
            "years_met": self.years_met,
            "years_with_data": self.years_with_data,
            "period_status": self.period_status,
            "years_missing": self.years_missing,
            "title": self.title,
            "objective": json_objective(self.objective),
            "unit": self.unit,
            "comparator": self.comparator,
            "when": self.when,
            "trend": self.trend,
            "windows": [w.to_json() for w in self.windows],
            "tracked": self.tracked,
            "improves": self.improves,
            "comparable": self.comparable,
            "breaks": [b.to_json(lang) for b in self.breaks],
            "segment": None if self.segment_from is None else {"from": self.segment_from, "to": self.years[-1].year},
        }


@dataclass(frozen=True)
class Summary:
    """The whole summary: a midterm or final review over `year_from`..`year_to`."""

    year_from: int
    year_to: int
    kind: ReviewKind
    targets: tuple[TargetSummary, ...]

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "schema": "danvan.summary/1",
            "from": self.year_from,
            "to": self.year_to,
            "kind": self.kind,
            "targets": [t.to_json(lang) for t in self.targets],
        }


def _band(ratio: float, cuts: ProgressSettings) -> ProgressBand:
    """Status of a progress ratio R from the spec's cut-offs (R computed as 0.9499999999 for
    0.95 is on track)."""
    bands: tuple[tuple[ProgressBand, float], ...] = (
        ("on_track", cuts.on_track),
        ("needs_acceleration", cuts.needs_acceleration),
        ("limited_progress", cuts.limited_progress),
    )
    for status, cut in bands:
        if at_least(ratio, cut):
            return status
    return "deterioration"


def _baseline(target: Target, points: list[Point]) -> BaselinePoint:
    """The spec's baseline, else the first year with data (of the segment after a break)."""
    if target.baseline is not None and target.baseline.year >= points[0][0] - 1:
        return BaselinePoint(target.baseline.year, target.baseline.value)
    return BaselinePoint(*points[0])


def _deadline_status(
    target: Target, threshold: float, points: list[Point], base: BaselinePoint, cuts: ProgressSettings
) -> tuple[ProgressStatus, float | None]:
    """(status, R) of a by-deadline target; R only when it decided the status."""
    deadline = target.deadline if target.deadline is not None else points[-1][0]
    latest_year, latest = points[-1]
    if meets(latest, threshold, target.comparator):
        return "met", None
    if latest_year >= deadline:
        return "not_met", None
    if len(points) < 2 or latest_year <= base.year or deadline <= base.year:
        return "insufficient_data", None
    if meets(base.value, threshold, target.comparator):
        return "deterioration", None  # reached at the baseline and lost since
    actual = (latest - base.value) / (latest_year - base.year)
    required = (threshold - base.value) / (deadline - base.year)
    ratio = actual / required
    return _band(ratio, cuts), ratio


def _verdict(judged: int, met: int, missing: int) -> PeriodStatus:
    """met in every judged period and none missing; partly_met in some; not_met in none."""
    if judged == 0:
        return "insufficient_data"
    if met == judged and missing == 0:
        return "met"
    return "partly_met" if met else "not_met"


def window_verdicts(spec: Spec, target: Target, series: tuple[YearPoint, ...]) -> tuple[WindowVerdict, ...]:
    """The windows of a window target that overlap the review, aligned to the programme's start.

    A window's value at its last year already adds its earlier years (`score`), so a window is met
    when any of its years is met.
    """
    end = spec.programme.end_year
    by_year = {p.year: p for p in series}
    first_year, last_year = series[0].year, series[-1].year
    verdicts = []
    for window in windows(target.window or 1, spec.programme.start_year, end):
        first, last = window[0], window[-1]
        if last < first_year or first > last_year:
            continue
        points = [by_year[y] for y in range(first, last + 1) if y in by_year]
        if last > end:
            verdicts.append(WindowVerdict(first, last, "not_due", False))
        elif any(p.status == "met" for p in points):
            verdicts.append(WindowVerdict(first, last, "met", True))
        elif last > last_year:
            verdicts.append(WindowVerdict(first, last, "in_progress", False))
        elif by_year[last].value is None:
            verdicts.append(WindowVerdict(first, last, "no_data", True))
        else:
            verdicts.append(WindowVerdict(first, last, "not_met", True))
    return tuple(verdicts)


def period_status(
    target: Target, series: tuple[YearPoint, ...], status: ProgressStatus, verdicts: tuple[WindowVerdict, ...]
) -> PeriodStatus:
    """The verdict over the review's years (issue 10).

    annual: met in every year judged and no year missing, partly_met, not_met, insufficient_data
    (a year of an `improves` target without the year before is not judged, and not missing);
    deadline: the status of the deadline year once the review reaches it, else the progress status;
    window: the same over the windows that count; tracked: ``tracked``.
    """
    with_data = [p for p in series if p.value is not None]
    if target.tracked:
        return "tracked" if with_data else "insufficient_data"
    if target.when == "deadline" and target.deadline is not None:
        if series[-1].year >= target.deadline:
            at = next((p for p in series if p.year == target.deadline), None)
            if at is None or at.value is None:
                return "insufficient_data"
            return "met" if at.status == "met" else "not_met"
        return "insufficient_data" if status == "no_data" else status
    if target.when == "window":
        counted = [w for w in verdicts if w.counted]
        judged = [w for w in counted if w.status in ("met", "not_met")]
        return _verdict(len(judged), sum(w.status == "met" for w in judged), len(counted) - len(judged))
    judged_years = [p for p in series if p.status in ("met", "not_met")]
    missing = sum(p.value is None for p in series)
    return _verdict(len(judged_years), sum(p.status == "met" for p in judged_years), missing)


def summarise_target(
    spec: Spec, target: Target, by_year: Mapping[int, TargetResult], years: range,
    breaks: tuple[Break, ...] = (),
) -> TargetSummary:
    """One target over `years`, from its single-year results (a missing year has no data).
    After a break (`indicators.continuity`) trend, projection and R rest on the last segment."""
    cut = segment_start(breaks)

    def point(y: int) -> YearPoint:
        threshold = target.threshold_in(spec.programme, y)
        shown = threshold if threshold != target.threshold else None  # only a prorated year's
        comparable = cut is None or y >= cut
        if y not in by_year:
            return YearPoint(y, None, "no_data", shown, comparable)
        return YearPoint(y, by_year[y].value, by_year[y].status, shown, comparable, by_year[y].vintages)

    series = tuple(point(y) for y in years)
    points: list[Point] = [(p.year, p.value) for p in series if p.value is not None and p.comparable]
    status: ProgressStatus = "no_data"
    ratio: float | None = None
    base: BaselinePoint | None = None
    projected: float | None = None
    if points and target.when == "deadline" and target.threshold is not None:
        base = _baseline(target, points)
        status, ratio = _deadline_status(target, target.threshold, points, base, spec.progress)
        projected = projection(points, target.deadline or points[-1][0])
    elif points:
        status = next(p.status for p in reversed(series) if p.value is not None)
    verdicts = window_verdicts(spec, target, series) if target.when == "window" and series else ()
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
        years_with_data=sum(p.value is not None for p in series),
        trend=trend(points),
        period_status=period_status(target, series, status, verdicts) if series else "insufficient_data",
        years_missing=sum(p.value is None for p in series),
        windows=verdicts,
        tracked=target.tracked,
        improves=target.improves,
        breaks=breaks,
        segment_from=cut,
        unit_en=target.unit_en,
    )


def summarise(
    spec: Spec,
    results_by_year: Mapping[int, Sequence[TargetResult]],
    year_from: int,
    year_to: int,
    breaks: Mapping[str, tuple[Break, ...]] | None = None,
) -> Summary:
    """Summarise every target of the spec over `year_from`..`year_to` (inclusive); ``breaks``:
    per target, where its series changes meaning (`indicators.continuity.find_breaks`)."""
    years = range(year_from, year_to + 1)
    by_target: dict[str, dict[int, TargetResult]] = {}
    for y, results in results_by_year.items():
        for result in results:
            by_target.setdefault(result.id, {})[y] = result
    targets = tuple(
        summarise_target(spec, target, by_target.get(target.id, {}), years, (breaks or {}).get(target.id, ()))
        for target in spec.targets
    )
    kind: ReviewKind = "midterm" if year_to < spec.programme.end_year else "final"
    return Summary(year_from, year_to, kind, targets)
