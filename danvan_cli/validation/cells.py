"""Parse raw cells into typed columns.

A column is first factorised: every distinct raw value is looked at once (a column of
300,000 "Có"/"Không" has two), and the per-row results are taken from that small table
with one numpy index. Vietnamese conventions: ``1.234`` (thousands), ``1,5`` (decimal),
``85,5 %``; booleans ``Có/Không``, ``x``, ``1/0``, ``Đạt/Không đạt``, ``TRUE/FALSE``;
ratings as labels or abbreviations. Each parser returns the typed values and a mask of
cells that were filled but could not be read.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from danvan_cli.spec.models import Column
from danvan_cli.text import fold

TRUE_WORDS = {"co", "x", "1", "dat", "true", "yes", "y", "c", "v", "da co", "co lap", "ok"}
FALSE_WORDS = {"khong", "0", "khong dat", "false", "no", "n", "k", "chua", "chua co", "ko"}

_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234 or 1.234,5
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3}){2,}(\.\d+)?$")  # 1,234,567 (English)
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")  # 1,5
_SPACES = re.compile(r"[\s\u00a0]+")


@dataclass
class Parsed:
    values: pd.Series
    bad: pd.Series  # filled but unreadable


@dataclass(frozen=True)
class Cells:
    """A column of cells as a table of its distinct values and, per row, an index into it."""

    index: pd.Index  # row labels
    codes: np.ndarray  # per row: position in the value table, -1 for an empty cell
    text: np.ndarray  # per value: stripped NFC text ('369' for Excel's 369.0); None if blank
    number: np.ndarray  # per value: the number the file stored, NaN if it stored text
    stored_bool: np.ndarray  # per value: True/False if the file stored a boolean, else None

    def take(self, mask: np.ndarray) -> Cells:
        """The same column for a subset of rows."""
        return Cells(self.index[mask], self.codes[mask], self.text, self.number, self.stored_bool)

    def per_row(self, table: np.ndarray, blank: Any) -> np.ndarray:
        """Spread a per-value table to the rows (``blank`` where the cell is empty)."""
        if not len(table):
            return np.full(len(self.codes), blank, dtype=table.dtype)
        out = table[self.codes]  # fancy indexing copies
        out[self.codes < 0] = blank
        return out

    def filled(self) -> np.ndarray:
        return self.per_row(np.array([t is not None for t in self.text], dtype=bool), False)

    def row_text(self) -> pd.Series:
        """Each row's text (None when blank) as a Series."""
        return pd.Series(self.per_row(self.text, None), index=self.index, dtype=object)

    def replace_text(self, rows: np.ndarray, new_texts: list[str | None]) -> Cells:
        """The column with some rows' text replaced (legacy text converted)."""
        codes = self.codes.copy()
        start = len(self.text)
        codes[rows] = np.arange(start, start + len(rows))
        text = np.concatenate([self.text, np.array(new_texts, dtype=object)])
        number = np.concatenate([self.number, np.full(len(rows), np.nan)])
        stored = np.concatenate([self.stored_bool, np.full(len(rows), None, dtype=object)])
        return Cells(self.index, codes, text, number, stored)


def _clean(value: Any) -> tuple[str | None, float, bool | None]:
    """(text, stored number, stored boolean) of one distinct raw value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, math.nan, None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), math.nan, value
    if isinstance(value, (int, float)):
        number = float(value)
        text = str(int(number)) if number.is_integer() and abs(number) < 1e16 else repr(number)
        return text, number, None
    text = str(value).replace("\u00a0", " ").strip()
    if not text:
        return None, math.nan, None
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text, math.nan, None


def cells_of(raw: pd.Series) -> Cells:
    """Look at each distinct value of a raw column once."""
    # a stored boolean must not merge with the number 1 (True == 1 in Python): key them apart
    values = raw.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        is_bool = np.zeros(len(values), dtype=bool)  # CSV cells: text only, no scan needed
    else:
        is_bool = np.fromiter((type(v) is bool for v in values), dtype=bool, count=len(values))
    if is_bool.any():
        values = values.copy()
        values[is_bool] = np.array(["\x00TRUE" if v else "\x00FALSE" for v in values[is_bool]], dtype=object)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    uniques = [(True if u == "\x00TRUE" else False) if isinstance(u, str) and u.startswith("\x00") else u
               for u in uniques]
    if pd.api.types.infer_dtype(uniques, skipna=False) == "string":
        # text cells only (every CSV): strip, NFC where not ASCII; nothing stored as a number
        text = np.array([_clean_text(u) for u in uniques], dtype=object)
        number = np.full(len(text), np.nan)
        stored = np.full(len(text), None, dtype=object)
    else:
        cleaned = [_clean(u) for u in uniques]
        text = np.array([c[0] for c in cleaned], dtype=object)
        number = np.array([c[1] for c in cleaned], dtype="float64")
        stored = np.array([c[2] for c in cleaned], dtype=object)
    return Cells(raw.index, codes.astype(np.int64), text, number, stored)


def _clean_text(value: str) -> str | None:
    if value.isascii():
        return value.strip() or None
    value = value.replace("\u00a0", " ").strip()
    return unicodedata.normalize("NFC", value) if value else None


def _vietnamese_number(text: str) -> float:
    """'1.234' → 1234, '1,5' → 1.5, '85,5 %' → 85.5, '1,234,567' → 1234567; NaN if not a number."""
    s = _SPACES.sub("", text).rstrip("%")
    if _THOUSANDS_DOT.match(s):
        s = s.replace(".", "").replace(",", ".")
    elif _THOUSANDS_COMMA.match(s):
        s = s.replace(",", "")
    elif _DECIMAL_COMMA.match(s):
        s = s.replace(",", ".")
    try:
        number = float(s)
    except ValueError:
        return math.nan
    return number if math.isfinite(number) else math.nan


def _table(cells: Cells, fn: Callable[[int], Any], dtype: Any) -> np.ndarray:
    return np.array([fn(i) for i in range(len(cells.text))], dtype=dtype)


def parse_number(cells: Cells | pd.Series) -> Parsed:
    """Numbers from numeric cells or Vietnamese/English formatted text."""
    cells = cells if isinstance(cells, Cells) else cells_of(cells)
    stored = cells.number
    from_text = _table(cells, lambda i: _vietnamese_number(cells.text[i])
                       if math.isnan(stored[i]) and cells.text[i] is not None and cells.stored_bool[i] is None
                       else math.nan, "float64")
    values = np.where(np.isnan(stored), from_text, stored)
    bad = np.array([t is not None for t in cells.text], dtype=bool) & np.isnan(values)
    return Parsed(pd.Series(cells.per_row(values, np.nan), index=cells.index, dtype="float64"),
                  pd.Series(cells.per_row(bad, False), index=cells.index, dtype=bool))


def parse_integer(cells: Cells | pd.Series) -> Parsed:
    parsed = parse_number(cells)
    fractional = parsed.values.notna() & (parsed.values != np.floor(parsed.values))
    return Parsed(parsed.values.mask(fractional), parsed.bad | fractional)


def parse_boolean(cells: Cells | pd.Series) -> Parsed:
    cells = cells if isinstance(cells, Cells) else cells_of(cells)

    def one(i: int) -> bool | None:
        if cells.stored_bool[i] is not None:
            return bool(cells.stored_bool[i])
        if cells.number[i] in (0.0, 1.0):
            return cells.number[i] == 1.0
        word = fold(cells.text[i]) if cells.text[i] is not None else ""
        return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None

    table = _table(cells, one, object)
    bad = np.array([t is not None and v is None for t, v in zip(cells.text, table, strict=True)], dtype=bool)
    values = pd.Series(cells.per_row(table, None), index=cells.index, dtype=object).astype("boolean")
    return Parsed(values, pd.Series(cells.per_row(bad, False), index=cells.index, dtype=bool))


def choice_lookup(column: Column) -> dict[str, str]:
    """Folded label/alias/key → choice key."""
    lookup: dict[str, str] = {}
    for key, choice in (column.choices or {}).items():
        for text in (key, choice.label, *choice.aliases):
            lookup.setdefault(fold(text), key)
    return lookup


def parse_choice(cells: Cells | pd.Series, column: Column) -> Parsed:
    cells = cells if isinstance(cells, Cells) else cells_of(cells)
    lookup = choice_lookup(column)
    table = np.array([None if t is None else lookup.get(fold(t)) for t in cells.text], dtype=object)
    bad = np.array([t is not None and v is None for t, v in zip(cells.text, table, strict=True)], dtype=bool)
    return Parsed(pd.Series(cells.per_row(table, None), index=cells.index, dtype=object),
                  pd.Series(cells.per_row(bad, False), index=cells.index, dtype=bool))


def parse_text(cells: Cells | pd.Series) -> Parsed:
    cells = cells if isinstance(cells, Cells) else cells_of(cells)
    return Parsed(cells.row_text(), pd.Series(False, index=cells.index))


def parse_column(cells: Cells | pd.Series, column: Column) -> Parsed:
    """Dispatch on the column's declared type."""
    if column.type in ("integer", "year"):
        return parse_integer(cells)
    if column.type in ("number", "percent"):
        return parse_number(cells)
    if column.type == "boolean":
        return parse_boolean(cells)
    if column.type == "choice":
        return parse_choice(cells, column)
    return parse_text(cells)


def as_text(raw: pd.Series) -> pd.Series:
    """Cell values as stripped NFC text (Excel's 369.0 → '369'); None for blank."""
    return cells_of(raw).row_text()


EXPECTED = {
    "integer": ("số nguyên", "a whole number"),
    "year": ("năm (số nguyên)", "a year"),
    "number": ("số", "a number"),
    "percent": ("tỷ lệ phần trăm", "a percentage"),
    "boolean": ("Có/Không", "yes/no"),
    "choice": ("một giá trị trong danh sách", "one of the listed values"),
    "text": ("văn bản", "text"),
    "unit": ("mã đơn vị", "a unit code"),
}
