"""Small inline SVG charts for the summary: yearly values, the threshold, the straight
path from the baseline to the threshold at the deadline, and the projection.

Only numbers go into the SVG, so it is safe to inline without escaping.
"""

from __future__ import annotations

import math

from danvan_cli.indicators.summary import TargetSummary

WIDTH, HEIGHT = 260, 120
LEFT, RIGHT, TOP, BOTTOM = 30, 16, 8, 18


def _scale(t: TargetSummary, last_year: int) -> tuple[int, int, float]:
    years = [p.year for p in t.years]
    first = years[0]
    end = max(last_year, t.deadline or last_year)
    values = [p.value for p in t.years if p.value is not None] + ([t.threshold] if t.threshold is not None else [])
    if t.projection is not None:
        values.append(t.projection)
    return first, end, _nice(max(values))


def _nice(value: float) -> float:
    """A round top for the axis: 100 for percentages up to 100, else 1, 2, 5 × 10^k."""
    if value <= 0:
        return 1.0
    step = 10.0 ** math.floor(math.log10(value))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if value <= factor * step:
            return factor * step
    return 10 * step


def line_chart(t: TargetSummary, last_year: int) -> str:
    """The target's trajectory as an SVG string."""
    first, end, top = _scale(t, last_year)
    span = max(end - first, 1)

    def x(year: float) -> float:
        return round(LEFT + (year - first) / span * (WIDTH - LEFT - RIGHT), 1)

    def y(value: float) -> float:
        return round(HEIGHT - BOTTOM - max(0.0, value) / top * (HEIGHT - TOP - BOTTOM), 1)

    parts = [f'<svg width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img">',
             f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#999"/>',
             f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#999"/>']
    for year in range(first, end + 1):
        parts.append(f'<text x="{x(year)}" y="{HEIGHT - 5}" font-size="8" text-anchor="middle" fill="#555">{year}</text>')
    for value in (0, top / 2, top):
        parts.append(f'<text x="{LEFT - 3}" y="{y(value) + 3}" font-size="8" text-anchor="end" fill="#555">{value:g}</text>')
    ty = y(t.threshold) if t.threshold is not None else 0.0  # tracked and `improves` targets have none
    if t.threshold is not None:
        parts.append(f'<line x1="{LEFT}" y1="{ty}" x2="{WIDTH - RIGHT}" y2="{ty}" stroke="#1a7f37" stroke-dasharray="4 3"/>')
    if t.baseline is not None and t.deadline is not None and t.when == "deadline" and t.threshold is not None:
        parts.append(f'<line x1="{x(t.baseline.year)}" y1="{y(t.baseline.value)}" x2="{x(t.deadline)}" y2="{ty}" '
                     f'stroke="#7a7a7a" stroke-dasharray="1 2"/>')
    points = [(p.year, p.value) for p in t.years if p.value is not None]
    if t.segment_from is not None:  # a break: a dashed vertical line, no line across it
        bx = x(t.segment_from - 0.5)
        parts.append(f'<line x1="{bx}" y1="{TOP}" x2="{bx}" y2="{HEIGHT - BOTTOM}" stroke="#b35900" stroke-dasharray="2 2"/>')
    if t.projection is not None and t.deadline is not None and points:
        last = points[-1]
        parts.append(f'<line x1="{x(last[0])}" y1="{y(last[1])}" x2="{x(t.deadline)}" y2="{y(t.projection)}" '
                     f'stroke="#244a7a" stroke-dasharray="5 3" opacity="0.7"/>')
        parts.append(f'<circle cx="{x(t.deadline)}" cy="{y(t.projection)}" r="2.5" fill="none" stroke="#244a7a"/>')
    cut = t.segment_from
    for piece in ([q for q in points if q[0] < cut], [q for q in points if q[0] >= cut]) if cut is not None else (points,):
        if len(piece) > 1:
            path = " ".join(f"{x(a)},{y(b)}" for a, b in piece)
            parts.append(f'<polyline points="{path}" fill="none" stroke="#244a7a" stroke-width="2"/>')
    for a, b in points:
        parts.append(f'<circle cx="{x(a)}" cy="{y(b)}" r="3" fill="#244a7a"/>')
    parts.append("</svg>")
    return "".join(parts)
