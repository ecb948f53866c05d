"""Least-squares line through (year, value) points: projection and trend direction."""

from __future__ import annotations

from collections.abc import Sequence

from danvan_cli.indicators.results import Trend
from danvan_cli.tolerance import slack

Point = tuple[int, float]


def _fit(points: Sequence[Point]) -> tuple[float, float, float] | None:
    """(slope, mean year, mean value) of the least-squares line; None with < 2 distinct years."""
    if len({x for x, _ in points}) < 2:
        return None
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    return sxy / sxx, mean_x, mean_y


def slope(points: Sequence[Point]) -> float | None:
    """Change per year of the least-squares line."""
    fit = _fit(points)
    return None if fit is None else fit[0]


def projection(points: Sequence[Point], year: int) -> float | None:
    """The least-squares line evaluated at `year` (the deadline)."""
    fit = _fit(points)
    if fit is None:
        return None
    per_year, mean_x, mean_y = fit
    return mean_y + per_year * (year - mean_x)


def trend(points: Sequence[Point]) -> Trend | None:
    """Direction of the least-squares slope (up, down, flat: within the slack of the values);
    None with fewer than two years."""
    per_year = slope(points)
    if per_year is None:
        return None
    if abs(per_year) <= slack(*(y for _, y in points)):
        return "flat"
    return "up" if per_year > 0 else "down"
