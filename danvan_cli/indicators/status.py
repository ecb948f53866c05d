"""Single-year status and achievement of a target (docs/contract.md §7), and the windows of
a window target."""

from __future__ import annotations

from collections.abc import Iterator

from danvan_cli.indicators.comparators import improved, meets
from danvan_cli.indicators.results import YearStatus
from danvan_cli.spec.models import Target, TargetComparator

__all__ = ["achievement", "improves_status", "meets", "window_cut", "window_of", "window_years", "windows",
           "year_status"]


def achievement(value: float | None, threshold: float, comparator: TargetComparator) -> float | None:
    """Tỷ lệ hoàn thành: 100 × value / threshold (`<=`: 100 × threshold / value)."""
    if value is None:
        return None
    if comparator == ">=":
        return 100.0 * value / threshold if threshold != 0 else None
    return 100.0 * threshold / value if value > 0 else None


def window_of(size: int, year: int, start_year: int) -> range:
    """The window of ``size`` years that holds ``year``, windows aligned to the programme's
    first year (2021-22, 2023-24, …)."""
    first = start_year + (year - start_year) // size * size
    return range(first, first + size)


def windows(size: int, start_year: int, end_year: int) -> Iterator[range]:
    """Every window of the programme, in order; the last one may run past ``end_year``."""
    for first in range(start_year, end_year + 1, size):
        yield window_of(size, first, start_year)


def window_years(target: Target, year: int, start_year: int) -> range:
    """The years of `year`'s window, aligned to the programme start (2021-22, 2023-24, ...)."""
    return window_of(target.window or 1, year, start_year)


def window_cut(target: Target, year: int, start_year: int, end_year: int | None) -> bool:
    """Whether `year`'s window runs past the programme's last year (2025-26 for 2021-2025)."""
    return end_year is not None and window_years(target, year, start_year)[-1] > end_year


def year_status(target: Target, value: float | None, year: int, start_year: int,
                end_year: int | None = None, threshold: float | None = None) -> YearStatus:
    """met / not_met / in_progress / not_due / tracked / no_data for one reporting year.

    `threshold` is the year's threshold (prorated), else the target's. A window cut by the
    programme's end (`end_year`) is ``not_due`` whatever its value: it is never judged.
    A months-prorated year with no month of the programme is ``not_due`` too.
    """
    if value is None:
        return "no_data"
    if target.tracked:
        return "tracked"
    if target.when == "window" and window_cut(target, year, start_year, end_year):
        return "not_due"
    limit = target.threshold if threshold is None else threshold
    if limit is None:
        return "tracked"
    if target.prorate and limit == 0 and target.threshold:
        return "not_due"
    if meets(value, limit, target.comparator):
        return "met"
    if target.when == "deadline" and target.deadline is not None and year < target.deadline:
        return "in_progress"
    if target.when == "window" and year < window_years(target, year, start_year)[-1]:
        return "in_progress"
    return "not_met"


def improves_status(target: Target, value: float | None, previous: float | None) -> YearStatus:
    """An `improves` target: met when the value moved the target's way since the year before."""
    if value is None:
        return "no_data"
    if previous is None:
        return "insufficient_data"
    return "met" if improved(value, previous, target.comparator) else "not_met"
