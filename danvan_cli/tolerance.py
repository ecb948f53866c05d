"""The one tolerance with which computed figures are compared.

Sums of decimals are not exact in binary floating point: 100.0 may come out as
99.99999999999999, and R = 0.95 as 0.9499999999. Every comparison of a computed figure
with a threshold, a cut, another figure or a whole number allows this relative error
(relative to the larger magnitude, and never less than this absolute amount near zero).
"""

from __future__ import annotations

RELATIVE = 1e-9


def slack(*values: float) -> float:
    """The allowance for comparing these values: ``RELATIVE`` × the largest magnitude (≥ 1)."""
    return RELATIVE * max(1.0, *(abs(v) for v in values))


def close(a: float, b: float) -> bool:
    """Whether two computed figures are the same number, within the slack."""
    return abs(a - b) <= slack(a, b)


def at_least(value: float, cut: float) -> bool:
    """``value >= cut``, or short of it by no more than the slack."""
    return value >= cut or close(value, cut)
