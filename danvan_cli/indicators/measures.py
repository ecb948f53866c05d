"""The five measure kinds (docs/contract.md §6), for all rows and per district.
(`improves` is one of them compared with the year before: `indicators.score`.)

Each row is first reduced to three additive parts (`num`, `den`, `n`); the totals and
the district breakdown are sums of those parts, so both follow one arithmetic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from danvan_cli.indicators.conditions import all_conditions, column
from danvan_cli.spec.models import Measure, MeasureKind

PARTS = ["num", "den", "n"]
ROW_KEYS = ["_district", "_unit", "_vintage", "_level"]  # carried from the row into its parts


@dataclass(frozen=True)
class MeasureValue:
    """A measured value with the numerator and denominator behind it (None if not computable)."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None


def _numbers(frame: pd.DataFrame, name: str) -> np.ndarray:
    cells = pd.to_numeric(column(frame, name), errors="coerce")
    return cells.to_numpy(dtype="float64", na_value=np.nan)


def row_parts(frame: pd.DataFrame, measure: Measure, year: int) -> pd.DataFrame:
    """Per-row additive parts of a measure, with the row's `_district`.

    ratio: num/den, only rows that give both (a blank means "not applicable" or "not reported":
    an optional column new in a later year, absent from older files, is no data, never 0 %);
    share, count: num = row meets the condition, n = 1, only rows that fill at least one of the
    condition's columns (a row that answers nothing is not counted as failing);
    sum, mean: num = cell, n = has a value.
    """
    size = len(frame)
    if measure.kind == "ratio":
        num = _numbers(frame, measure.numerator or "")
        den = _numbers(frame, measure.denominator or "")
        applicable = ~(np.isnan(num) | np.isnan(den))
        frame, num, den = frame.loc[applicable], num[applicable], den[applicable]
        parts = {"num": num, "den": den, "n": np.ones(len(frame))}
    elif measure.kind in ("share", "count"):
        answered = np.zeros(size, dtype=bool)
        for name in dict.fromkeys(c.column for c in measure.condition):
            answered |= column(frame, name).notna().to_numpy(dtype=bool)
        if measure.kind == "share" and measure.condition:
            frame, size = frame.loc[answered], int(answered.sum())
        meets = all_conditions(frame, measure.condition, year)
        parts = {"num": meets.astype("float64"), "den": np.ones(size), "n": np.ones(size)}
    else:
        cells = _numbers(frame, measure.column or "")
        filled = ~np.isnan(cells)
        parts = {"num": np.nan_to_num(cells), "den": np.zeros(size), "n": filled.astype("float64")}
    result = pd.DataFrame(parts, index=frame.index)
    for name in ROW_KEYS:
        result[name] = column(frame, name).to_numpy(dtype=object)
    return result


def _finish(sums: pd.DataFrame, kind: MeasureKind) -> pd.DataFrame:
    """Turn summed parts into value, numerator and denominator (NaN where not computable)."""
    num, den, n = sums["num"], sums["den"], sums["n"]
    has = n > 0
    if kind == "ratio":
        value, numerator, denominator = 100.0 * num / den.where(den != 0), num, den
    elif kind == "share":
        value, numerator, denominator = 100.0 * num / n, num, n
    else:
        nothing = pd.Series(np.nan, index=sums.index)
        value = num / n.where(has) if kind == "mean" else num
        numerator, denominator = nothing, nothing
    # a ratio or share over nothing has numerator and denominator 0 (sums over no rows):
    # only its value is not computable
    return pd.DataFrame({"value": value.where(has), "numerator": numerator, "denominator": denominator})


def _optional(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def _values(finished: pd.DataFrame) -> list[MeasureValue]:
    names = ("value", "numerator", "denominator")
    columns = (finished[name].to_numpy(dtype="float64") for name in names)
    return [MeasureValue(*(_optional(x) for x in triple)) for triple in zip(*columns, strict=True)]


def total(parts: pd.DataFrame, kind: MeasureKind) -> MeasureValue:
    """The measure over all rows."""
    sums = parts[PARTS].sum().to_frame().T
    return _values(_finish(sums, kind))[0]


def by_district(parts: pd.DataFrame, kind: MeasureKind, by: str = "_district") -> dict[str, MeasureValue]:
    """The measure per district-level unit, keyed by district code (rows without one left out);
    or per any other grouping column of the parts (``by``)."""
    sums = parts.groupby(by, dropna=True)[PARTS].sum()
    finished = _finish(sums, kind)
    return dict(zip((str(code) for code in finished.index), _values(finished), strict=True))
