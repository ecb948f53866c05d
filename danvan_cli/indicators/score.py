"""Score every target of the spec for one reporting year."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from danvan_cli.indicators.conditions import in_scope
from danvan_cli.indicators.measures import PARTS, ROW_KEYS, by_district, row_parts, total
from danvan_cli.indicators.results import DistrictValue, TargetResult
from danvan_cli.indicators.status import achievement, improves_status, window_years, year_status
from danvan_cli.spec.models import Spec, Target
from danvan_cli.units import key_codes

Frames = Mapping[str, pd.DataFrame]


@dataclass(frozen=True)
class Units:
    """What scoring needs to know of the year's units: the breakdown units' names (districts;
    the new units once districts are gone) with the old districts they lie in, the
    units wider than the programme's territory, and for `summary --by area` each unit's
    comparison area."""

    names: Mapping[str, str]
    old_districts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    wider: frozenset[str] = frozenset()
    area_of: Mapping[str, str] | None = None  # row unit key → comparison area id
    area_names: Mapping[str, str] = field(default_factory=dict)


def _units(given: Mapping[str, str] | Units) -> Units:
    return given if isinstance(given, Units) else Units(given)


def frames_by_year(
    spec: Spec, target: Target, frames: Frames, year: int, earlier: Mapping[int, Frames] | None
) -> dict[int, Frames]:
    """The years whose rows count for `year`: itself, plus the earlier years of its window."""
    if target.when != "window":
        return {year: frames}
    earlier = earlier or {}
    window = window_years(target, year, spec.programme.start_year)
    chosen = {y: earlier[y] for y in window if y < year and y in earlier}
    chosen[year] = frames
    return chosen


def scoped_pieces(target: Target, by_year: Mapping[int, Frames]) -> list[tuple[int, pd.DataFrame, pd.DataFrame]]:
    """Per counted year with rows in scope: (year, those rows, their row parts). The parts keep
    the rows' index, so `indicators.explain` joins each part back to its file, sheet and row
    without scoring carrying those columns."""
    pieces = []
    for y, frames in sorted(by_year.items()):
        frame = frames.get(target.form)
        if frame is None or frame.empty:
            continue
        scoped = in_scope(frame, target.scope, y)
        if len(scoped):
            pieces.append((y, scoped, row_parts(scoped, target.value_measure, y)))
    return pieces


def empty_parts() -> pd.DataFrame:
    """The parts of no row."""
    return pd.DataFrame({name: pd.Series(dtype="float64" if name in PARTS else object)
                         for name in [*PARTS, *ROW_KEYS]})


def joined_parts(pieces: list[tuple[int, pd.DataFrame, pd.DataFrame]]) -> pd.DataFrame:
    """The parts of `scoped_pieces` as one frame, in their order (no piece: `empty_parts`)."""
    parts = [p for _, _, p in pieces]
    return pd.concat(parts, ignore_index=True) if parts else empty_parts()


def _scoped_parts(target: Target, by_year: Mapping[int, Frames]) -> pd.DataFrame:
    """Row parts of the rows in scope, over every counted year (of the inner measure of `improves`)."""
    return joined_parts(scoped_pieces(target, by_year))


def score_target(
    spec: Spec,
    target: Target,
    frames: Frames,
    year: int,
    district_names: Mapping[str, str] | Units,
    earlier: Mapping[int, Frames] | None = None,
) -> TargetResult:
    """One target for one year; window targets add the earlier years of their window,
    `improves` targets compare with the year before (``earlier[year - 1]``)."""
    units = _units(district_names)
    parts = _scoped_parts(target, frames_by_year(spec, target, frames, year, earlier))
    kind = target.value_measure.kind
    overall = total(parts, kind)
    breakdown = tuple(
        DistrictValue(code, units.names.get(code, code), m.value, m.numerator, m.denominator,
                      units.old_districts.get(code, ()))
        for code, m in sorted(by_district(parts, kind).items())
    )
    areas: tuple[DistrictValue, ...] = ()
    if units.area_of is not None:
        keyed = parts.assign(_area=parts["_unit"].map(units.area_of))
        areas = tuple(DistrictValue(code, units.area_names.get(code, code), m.value, m.numerator, m.denominator)
                      for code, m in sorted(by_district(keyed, kind, "_area").items()))
    # (vintage, code) of the units counted, for a share or count of units (`indicators.continuity`)
    nodes: frozenset[tuple[str, str]] = frozenset()
    if kind in ("share", "count") and len(parts):
        nodes = _nodes(parts)
    programme = spec.programme
    threshold = target.threshold_in(programme, year)
    prorated = target.prorate is not None and threshold != target.threshold
    previous: tuple[int, float | None] | None = None
    if target.improves:
        before = (earlier or {}).get(year - 1)
        previous = (year - 1, None if before is None else total(_scoped_parts(target, {year - 1: before}), kind).value)
        status = improves_status(target, overall.value, previous[1])
    else:
        status = year_status(target, overall.value, year, programme.start_year, programme.end_year, threshold)
    return TargetResult(
        id=target.id,
        objective=target.objective,
        title=target.title,
        title_en=target.title_en,
        unit=target.unit,
        comparator=target.comparator,
        threshold=threshold,
        deadline=target.deadline,
        when=target.when,
        year=year,
        value=overall.value,
        numerator=overall.numerator,
        denominator=overall.denominator,
        achievement=None if threshold is None else achievement(overall.value, threshold, target.comparator),
        status=status,
        breakdown=breakdown,
        rows_in_scope=len(parts),
        interpretation=target.interpretation_ids[0] if target.interpretation_ids else None,
        interpretations=tuple(target.interpretation_ids),
        threshold_full=target.threshold if prorated else None,
        months=programme.months_in(year) if target.prorate else None,
        previous=previous,
        tracked=target.tracked,
        beside=_beside(target, frames, year),
        vintages=_distinct(parts["_vintage"]),
        units=nodes,
        levels=_distinct(parts["_level"]),
        wider=bool(units.wider) and bool(parts["_unit"].isin(list(units.wider)).any()),
        areas=areas,
        unit_en=target.unit_en,
    )


def _nodes(parts: pd.DataFrame) -> frozenset[tuple[str, str]]:
    """(vintage, code) of each unit counted: the unit key's code before any "@", a blank vintage as ""."""
    found, units = pd.factorize(parts["_unit"].to_numpy(dtype=object), use_na_sentinel=True)
    if not len(units):
        return frozenset()
    _, first = np.unique(found, return_index=True)  # the first row of each unit (code -1, blank, sorts first)
    first = first[found[first] >= 0]
    vintage = parts["_vintage"].to_numpy(dtype=object)[first]
    vintages = np.where(pd.isna(vintage), "", vintage).tolist()
    codes = key_codes([str(u) for u in units[found[first]]])
    return frozenset(zip(vintages, codes, strict=True))


def _distinct(values: pd.Series) -> tuple[str, ...]:
    """The distinct texts of a column, sorted (blanks left out)."""
    return tuple(sorted(str(v) for v in values.dropna().unique())) if len(values) else ()


def _beside(target: Target, frames: Frames, year: int) -> tuple[tuple[str, float | None], ...]:
    """The year's totals of the columns shown beside the value (None when no row gives one)."""
    if not target.shown_beside:
        return ()
    frame = frames.get(target.form)
    scoped = in_scope(frame, target.scope, year) if frame is not None and len(frame) else None
    totals: list[tuple[str, float | None]] = []
    for name in target.shown_beside:
        if scoped is None or name not in scoped.columns:
            totals.append((name, None))
            continue
        cells = pd.to_numeric(scoped[name], errors="coerce")
        totals.append((name, float(cells.sum()) if cells.notna().any() else None))
    return tuple(totals)


def score_targets(
    spec: Spec,
    frames: Frames,
    year: int,
    district_names: Mapping[str, str] | Units,
    earlier: Mapping[int, Frames] | None = None,
) -> tuple[TargetResult, ...]:
    """Every target of the spec for one year, in spec order."""
    return tuple(
        score_target(spec, target, frames, year, district_names, earlier) for target in spec.targets
    )
