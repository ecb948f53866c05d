"""What the comparators of the spec mean, in one place: a condition's ordering operators
(``>=``, ``<=``, ``>``, ``<``) and a target's direction (``>=`` higher is better, ``<=``
lower is better), with the tolerance of `danvan_cli.tolerance`."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from danvan_cli.spec.models import Ordering, TargetComparator
from danvan_cli.tolerance import close

ORDERING: dict[Ordering, Callable[[Any, Any], Any]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}
STRICT: dict[TargetComparator, Ordering] = {">=": ">", "<=": "<"}  # moving the target's way


def meets(value: float, threshold: float, comparator: TargetComparator) -> bool:
    """Whether a value reaches the threshold in the target's direction (a value equal to it
    within the tolerance reaches it)."""
    return close(value, threshold) or bool(ORDERING[comparator](value, threshold))


def improved(value: float, previous: float, comparator: TargetComparator) -> bool:
    """Whether a value moved the target's way since ``previous`` (equal within the tolerance:
    it did not move)."""
    return not close(value, previous) and bool(ORDERING[STRICT[comparator]](value, previous))
