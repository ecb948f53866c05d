"""Row filters of a target: its scope (levels, where) and measure conditions.

A blank (NA) cell never satisfies a condition, whatever the operator.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from danvan_cli.indicators.comparators import ORDERING
from danvan_cli.spec.models import Condition, Scope, Value, YearRef


def column(frame: pd.DataFrame, name: str) -> pd.Series:
    """The named column, or an all-NA column when the frame lacks it."""
    if name in frame.columns:
        return frame[name]
    return pd.Series(pd.NA, index=frame.index, dtype="object")


def resolve(value: Value, year: int) -> Any:
    """The literal a condition compares with (`{ref: year}` becomes the reporting year)."""
    return year if isinstance(value, YearRef) else value


def _as_mask(result: Any, index: pd.Index) -> np.ndarray:
    """A plain boolean array from a comparison result, NA read as False."""
    series = pd.Series(result, index=index).astype("boolean")
    return series.fillna(False).to_numpy(dtype=bool)


def condition_mask(frame: pd.DataFrame, condition: Condition, year: int) -> np.ndarray:
    """Rows that satisfy one condition."""
    cells = column(frame, condition.column)
    value = resolve(condition.value, year)
    filled = cells.notna().to_numpy(dtype=bool)
    if condition.op == "in":
        choices = value if isinstance(value, list) else [value]
        listed: np.ndarray = filled & cells.isin(choices).to_numpy(dtype=bool)
        return listed
    if condition.op in ORDERING:
        numbers = pd.to_numeric(cells, errors="coerce")
        ordered: np.ndarray = filled & _as_mask(ORDERING[condition.op](numbers, value), frame.index)
        return ordered
    equal = _as_mask(cells == value, frame.index)
    matched: np.ndarray = filled & (equal if condition.op == "==" else ~equal)
    return matched


def all_conditions(frame: pd.DataFrame, conditions: Sequence[Condition], year: int) -> np.ndarray:
    """Rows that satisfy every condition (all rows when there is none)."""
    mask = np.ones(len(frame), dtype=bool)
    for condition in conditions:
        mask &= condition_mask(frame, condition, year)
    return mask


def in_scope(frame: pd.DataFrame, scope: Scope, year: int) -> pd.DataFrame:
    """The rows of a form that a target counts."""
    mask = all_conditions(frame, scope.where, year)
    if scope.levels is not None:
        mask &= column(frame, "_level").isin(scope.levels).to_numpy(dtype=bool)
    return frame.loc[mask]
