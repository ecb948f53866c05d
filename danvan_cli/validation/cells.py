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


def as_text(raw: pd.Series) -> pd.Series:
    """Cell values as stripped text (Excel's 369.0 → '369'); NA for blank."""
    out = raw.astype(object)
    is_float = out.map(lambda v: isinstance(v, float))
    if is_float.any():
        floats = out[is_float].astype(float)
        integral = floats.notna() & (floats == np.floor(floats.fillna(0)))
        out.loc[floats.index[integral]] = floats[integral].astype("int64").astype(str)
        out.loc[floats.index[~integral]] = floats[~integral].astype(str)
    is_bool = out.map(lambda v: isinstance(v, bool))
    if is_bool.any():
        out.loc[is_bool] = out[is_bool].map({True: "TRUE", False: "FALSE"})
    text = out.astype("string").str.strip()
    text = text.str.replace("\u00a0", " ", regex=False)
    return text.mask(text == "", pd.NA)


def blank(raw: pd.Series) -> pd.Series:
    return as_text(raw).isna()


def parse_number(raw: pd.Series) -> Parsed:
    """Numbers from numeric cells or Vietnamese/English formatted text."""
    numeric = pd.to_numeric(raw.where(raw.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))), errors="coerce")
    text = as_text(raw.where(numeric.isna()))
    s = text.str.replace(r"[\s\u00a0]", "", regex=True).str.rstrip("%")
    dotted = s.str.match(_THOUSANDS_DOT, na=False)
    s = s.mask(dotted, s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    english = s.str.match(_THOUSANDS_COMMA, na=False)
    s = s.mask(english, s.str.replace(",", "", regex=False))
    comma = s.str.match(_DECIMAL_COMMA, na=False)
    s = s.mask(comma, s.str.replace(",", ".", regex=False))
    from_text = pd.to_numeric(s.astype(object), errors="coerce")
    values = numeric.fillna(from_text).astype("float64")
    bad = text.notna() & from_text.isna()
    return Parsed(values, bad.fillna(False).astype(bool))


def parse_integer(raw: pd.Series) -> Parsed:
    parsed = parse_number(raw)
    fractional = parsed.values.notna() & (parsed.values != np.floor(parsed.values))
    values = parsed.values.mask(fractional)
    return Parsed(values, parsed.bad | fractional)


def parse_boolean(raw: pd.Series) -> Parsed:
    is_bool = raw.map(lambda v: isinstance(v, bool))
    text = as_text(raw)
    folded = text.map(fold, na_action="ignore")
    values = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    values[folded.isin(TRUE_WORDS).fillna(False).astype(bool)] = True
    values[folded.isin(FALSE_WORDS).fillna(False).astype(bool)] = False
    if is_bool.any():
        values[is_bool] = raw[is_bool].astype(bool)
    bad = text.notna() & values.isna()
    return Parsed(values, bad.fillna(False).astype(bool))


def choice_lookup(column: Column) -> dict[str, str]:
    """Folded label/alias/key → choice key."""
    lookup: dict[str, str] = {}
    for key, choice in (column.choices or {}).items():
        for text in (key, choice.label, *choice.aliases):
            lookup.setdefault(fold(text), key)
    return lookup


def parse_choice(raw: pd.Series, column: Column) -> Parsed:
    text = as_text(raw)
    values = text.map(fold, na_action="ignore").map(choice_lookup(column))
    values = values.astype("string")
    bad = text.notna() & values.isna()
    return Parsed(values, bad.fillna(False).astype(bool))


def parse_text(raw: pd.Series) -> Parsed:
    text = as_text(raw)
    return Parsed(text, pd.Series(False, index=raw.index))


def parse_column(raw: pd.Series, column: Column) -> Parsed:
    """Dispatch on the column's declared type."""
    if column.type in ("integer", "year"):
        return parse_integer(raw)
    if column.type in ("number", "percent"):
        return parse_number(raw)
    if column.type == "boolean":
        return parse_boolean(raw)
    if column.type == "choice":
        return parse_choice(raw, column)
    return parse_text(raw)


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
