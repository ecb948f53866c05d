"""Parse raw cells into typed columns, vectorised.

Vietnamese conventions: ``1.234`` (thousands), ``1,5`` (decimal), ``85,5 %``;
booleans ``Có/Không``, ``x``, ``1/0``, ``Đạt/Không đạt``, ``TRUE/FALSE``; ratings as
labels or abbreviations. Each parser returns the typed series and a mask of cells
that were filled but could not be read.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from danvan_cli.spec.models import Column
from danvan_cli.text import fold

TRUE_WORDS = {"co", "x", "1", "dat", "true", "yes", "y", "c", "v", "da co", "co lap", "ok"}
FALSE_WORDS = {"khong", "0", "khong dat", "false", "no", "n", "k", "chua", "chua co", "ko"}

_THOUSANDS_DOT = r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$"  # 1.234 or 1.234,5
_THOUSANDS_COMMA = r"^[+-]?\d{1,3}(,\d{3}){2,}(\.\d+)?$"  # 1,234,567 (English)
_DECIMAL_COMMA = r"^[+-]?\d*,\d+$"  # 1,5


@dataclass
class Parsed:
    values: pd.Series
    bad: pd.Series  # filled but unreadable


@dataclass
class Cells:
    """One column of raw cells, looked at once: as text, and as the numbers the file stored."""

    raw: pd.Series
    text: pd.Series  # stripped NFC text, numbers written out ('369'); NA when blank
    number: pd.Series  # float64 where the file stored a number, NaN elsewhere
    native_bool: pd.Series  # True/False where the file stored a boolean, NA elsewhere


def _format_numbers(values: pd.Series) -> pd.Series:
    """369.0 → '369' (codes typed into Excel become floats), 1.5 → '1.5'."""
    integral = values == np.floor(values)
    as_int = values.where(integral).astype("Int64").astype("string")
    return as_int.fillna(values.astype("string"))


def cells_of(raw: pd.Series) -> Cells:
    """Split a raw column into text, stored numbers and stored booleans (vectorised)."""
    nothing = pd.Series(np.nan, index=raw.index, dtype="float64")
    no_bool = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    kind = pd.api.types.infer_dtype(raw, skipna=True)
    if kind in ("string", "empty"):
        text, number, native_bool = raw.astype("string"), nothing, no_bool
    else:
        types = raw.map(type)
        is_bool = types.isin([bool]).to_numpy()
        is_num = types.isin([float, int]).to_numpy() & ~is_bool
        number = pd.to_numeric(raw.where(is_num), errors="coerce").astype("float64")
        text = raw.where(~is_num & ~is_bool).astype("string")
        if is_num.any():
            text = text.mask(is_num, _format_numbers(number))
        native_bool = no_bool.copy()
        if is_bool.any():
            native_bool[is_bool] = raw[is_bool].astype(bool)
            text = text.mask(is_bool, raw.where(is_bool).map({True: "TRUE", False: "FALSE"}).astype("string"))
    text = text.str.replace("\u00a0", " ", regex=False).str.strip().str.normalize("NFC")
    text = text.mask(text == "", pd.NA)
    return Cells(raw, text, number, native_bool)


def as_text(raw: pd.Series) -> pd.Series:
    """Cell values as stripped NFC text (Excel's 369.0 → '369'); NA for blank."""
    return cells_of(raw).text


def parse_number(cells: Cells | pd.Series) -> Parsed:
    """Numbers from numeric cells or Vietnamese/English formatted text."""
    cells = cells if isinstance(cells, Cells) else cells_of(cells)
    text = cells.text.where(cells.number.isna())
    s = text.str.replace(r"[\s\u00a0]", "", regex=True).str.rstrip("%")
    dotted = s.str.match(_THOUSANDS_DOT, na=False)
    s = s.mask(dotted, s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    english = s.str.match(_THOUSANDS_COMMA, na=False)
    s = s.mask(english, s.str.replace(",", "", regex=False))
    comma = s.str.match(_DECIMAL_COMMA, na=False)
    s = s.mask(comma, s.str.replace(",", ".", regex=False))
    from_text = pd.to_numeric(s.astype(object), errors="coerce")
    values = cells.number.fillna(from_text).astype("float64")
    bad = text.notna() & from_text.isna()
    return Parsed(values, bad.fillna(False).astype(bool))


def parse_integer(cells: Cells | pd.Series) -> Parsed:
    parsed = parse_number(cells)
    fractional = parsed.values.notna() & (parsed.values != np.floor(parsed.values))
    values = parsed.values.mask(fractional)
    return Parsed(values, parsed.bad | fractional)


def parse_boolean(cells: Cells | pd.Series) -> Parsed:
    cells = cells if isinstance(cells, Cells) else cells_of(cells)
    folded = _fold_values(cells.text)
    values = pd.Series(pd.NA, index=cells.raw.index, dtype="boolean")
    values[folded.isin(TRUE_WORDS).fillna(False).to_numpy(dtype=bool)] = True
    values[folded.isin(FALSE_WORDS).fillna(False).to_numpy(dtype=bool)] = False
    values = cells.native_bool.fillna(values)
    number = cells.number
    values[(number == 1).to_numpy()] = True
    values[(number == 0).to_numpy()] = False
    bad = cells.text.notna() & values.isna()
    return Parsed(values, bad.fillna(False).astype(bool))


def _fold_values(text: pd.Series) -> pd.Series:
    """fold() of each distinct value once."""
    uniques = text.dropna().unique()
    return text.map({u: fold(u) for u in uniques})


def choice_lookup(column: Column) -> dict[str, str]:
    """Folded label/alias/key → choice key."""
    lookup: dict[str, str] = {}
    for key, choice in (column.choices or {}).items():
        for text in (key, choice.label, *choice.aliases):
            lookup.setdefault(fold(text), key)
    return lookup


def parse_choice(cells: Cells | pd.Series, column: Column) -> Parsed:
    cells = cells if isinstance(cells, Cells) else cells_of(cells)
    values = _fold_values(cells.text).map(choice_lookup(column)).astype("string")
    bad = cells.text.notna() & values.isna()
    return Parsed(values, bad.fillna(False).astype(bool))


def parse_text(cells: Cells | pd.Series) -> Parsed:
    cells = cells if isinstance(cells, Cells) else cells_of(cells)
    return Parsed(cells.text, pd.Series(False, index=cells.raw.index))


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
