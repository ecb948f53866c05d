"""Parse raw cells into typed columns.

A column is first factorised: every distinct raw value is looked at once (a column of
300,000 "Có"/"Không" has two), and the per-row results are taken from that small table
with one numpy index. Vietnamese conventions: ``1.234`` (thousands), ``1,5`` (decimal),
``85,5 %``; booleans ``Có/Không``, ``x``, ``1/0``, ``Đạt/Không đạt``, ``TRUE/FALSE``;
ratings as labels or abbreviations. Each parser returns the typed values and a mask of
cells that were filled but could not be read.

Rules for what a person sees (README "What real files danvan reads"):

* Invisible characters (zero-width space, zero-width (non-)joiner, word joiner, a BOM
  inside a cell, soft hyphen and the other Unicode format characters) are removed from
  every cell; Unicode spaces (NBSP, narrow NBSP, U+2000-U+200A, U+3000) are spaces; the
  look-alikes Ð ð Ɖ ɖ typed for Đ/đ are Đ/đ (see ``danvan_cli.text``).
* Floating-point noise: in an integer (count) or year column a number within
  ``integer_tolerance(x)`` (10^-9 × |x|, |x| taken between 1 and 10^6) of an integer is that integer (52.999999999 and
  38.00000000000001, as Excel/LibreOffice arithmetic stores them, are 53 and 38); any
  other fraction (2.5, 3.1, 52.9999) is a ``cell-type`` error.
* A dash alone (``-``, ``–``, ``—``, ``−``) means "none": 0 in an integer (count)
  column; in a number, percentage or year column "not applicable", i.e. blank, never
  0 or 0% -- blank where the column may be left blank, an error where a figure is
  required; in a yes/no or choice column an error (a dash does not say which).
* Check marks: ``✓ ✔ √ ☑ ☒ ✅`` (and ``x``/``X``, as Vietnamese forms tick with an x) are
  yes, an empty box ``☐`` is no. A cross mark ``✗ ✘ ❌ ✕ ✖`` is an error: in Vietnamese
  forms a cross (like ``x``) often marks a tick, elsewhere it means "no", so danvan
  does not guess and asks for Có/Không.
* Choice labels, keys and abbreviations match whatever the case, diacritics, spacing and
  punctuation ("HOÀN THÀNH TỐT NHIỆM VỤ", "htt nv", "H.T.T.N.V").
* A declared ``pattern`` (a column of targets.yaml, e.g. the tax code
  ``^\\d{10}(-\\d{3})?$``) must match the cell's text, else the cell is a ``cell-type``
  error. Where the pattern takes digits, two usual damages get a hint: a code one digit
  short that matches with a leading 0 (the cell was stored as a number and lost its 0),
  and scientific notation ``2.70191E+09`` (Excel rounded the code).
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from danvan_cli.i18n import N_, as_lang, data_text
from danvan_cli.issues import PerLang, Text
from danvan_cli.spec.models import Column, ColumnType
from danvan_cli.text import LEGACY_BYTES, fold, stripped_together, visible
from danvan_cli.tolerance import RELATIVE

TRUE_WORDS = {"co", "x", "1", "dat", "true", "yes", "y", "c", "v", "da co", "co lap", "ok"}
FALSE_WORDS = {"khong", "0", "khong dat", "false", "no", "n", "k", "chua", "chua co", "ko", "khong co"}
# a yes/no answered in words: "Không có công đoàn", "Chưa thành lập", "Đã thành lập", "Có (02 đồng chí)":
# the first word says it (when it is one of these and nothing after it says the opposite)
_FIRST_TRUE = {"co", "da"}
_FIRST_FALSE = {"khong", "chua", "ko"}
# words that make the answer uncertain or partial: "có lẽ", "có thể", "có nhưng chưa", "có một phần"
_HEDGES = {"le", "the", "nhung", "khi", "neu", "mot", "phan", "hoac", "chac", "ro"}
CHECK_TRUE = frozenset("✓✔√☑☒✅🗸🗹")  # a tick, a ticked box
CHECK_FALSE = frozenset("☐")  # an empty box
CROSSES = frozenset("✗✘❌✕✖❎🗴🗵")  # yes in some forms, no in others: not guessed

INTEGER_SCALE_CAP = 1e6
"""In an integer column, x is the integer n when |x - n| <= integer_tolerance(x), that is
the tolerance's RELATIVE (10^-9) × |x| with |x| taken between 1 and INTEGER_SCALE_CAP (so at
most 10^-3): room for floating-point noise (0.1*530 = 53.00000000000001, =53-0.000000001,
Excel's 15 significant digits), none for a fraction a person would see (2.5, 52.9999, 1000.001)."""


def integer_tolerance(x: np.ndarray | float) -> np.ndarray:
    """How far from an integer a number in an integer column may be (see INTEGER_SCALE_CAP)."""
    return np.asarray(RELATIVE * np.clip(np.abs(x), 1.0, INTEGER_SCALE_CAP), dtype="float64")


_DASH = re.compile(r"^[-\u2010-\u2015\u2212]{1,3}$")  # -, ‐, ‑, ‒, –, —, ―, −
_LONE_SOFT_HYPHEN = re.compile(r"(?<![^\W\d_])\u00ad(?![^\W\d_])")  # no letter either side
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")

# 1.234 or 1.234,5; never 0.354 (no number is written with a leading 0 before a thousands dot: a decimal)
_THOUSANDS_DOT = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$")
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3}){2,}(\.\d+)?$")  # 1,234,567 (English)
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")  # 1,5
_SPACES = re.compile(r"[\s\u00a0]+")


@dataclass
class Parsed:
    values: pd.Series
    bad: pd.Series  # filled but unreadable
    hint: Text | None = None  # why some bad cells are bad, for the message


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
        out: np.ndarray = table[self.codes]  # fancy indexing copies
        out[self.codes < 0] = blank
        return out

    def filled(self) -> np.ndarray:
        return self.per_row(pd.notna(self.text), False)

    def joined(self) -> str:
        """The column's distinct texts joined by line breaks: one text to search for a hint
        before any text is looked at alone (a hint of one character or a pair of them, or a
        pattern anchored at a line's start, is found in it exactly when some text has it)."""
        return "\n".join(t for t in self.text if t is not None)

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
    if isinstance(value, (datetime.date, datetime.time)):
        return _date_text(value), math.nan, None
    return _clean_text(str(value)), math.nan, None


def _date_text(value: datetime.date | datetime.time) -> str:
    """A date cell as the office sees it (01/05/2023), not as Python prints it."""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value.strftime("%H:%M")


_DATE_TEXT = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}(?: \d{2}:\d{2})?$")
DATE_HINT = N_("ô đang ở dạng ngày tháng: Excel có thể đã tự đổi số vừa gõ (như 1.5 hay 1/5) thành ngày; "
               "hãy định dạng ô là số rồi gõ lại")


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
    codes, found = pd.factorize(values, use_na_sentinel=True)
    uniques = [(True if u == "\x00TRUE" else False) if isinstance(u, str) and u.startswith("\x00") else u
               for u in found]
    if pd.api.types.infer_dtype(uniques, skipna=False) == "string":
        # text cells only (every CSV): strip, NFC where not ASCII; nothing stored as a number
        text = clean_texts([str(u) for u in uniques])
        number = np.full(len(text), np.nan)
        stored = np.full(len(text), None, dtype=object)
    else:
        is_text = np.fromiter((type(u) is str for u in uniques), dtype=bool, count=len(uniques))
        cleaned = [_clean(u) if not t else (None, math.nan, None) for u, t in zip(uniques, is_text, strict=True)]
        text = np.array([c[0] for c in cleaned], dtype=object)
        if is_text.any():
            text[is_text] = clean_texts([str(u) for u, t in zip(uniques, is_text, strict=True) if t])
        number = np.array([c[1] for c in cleaned], dtype="float64")
        stored = np.array([c[2] for c in cleaned], dtype=object)
    return Cells(raw.index, codes.astype(np.int64), text, number, stored)


def clean_texts(values: list[str]) -> np.ndarray:
    """`_clean_text` of many texts, as an object array, made visible as one text
    (`text.stripped_together`: the translation is per character, NFC composes nothing across a
    line break, and a soft hyphen next to a line break is next to no letter, as at either end of
    a text)."""
    together = stripped_together(values, _visible)
    if together is None:
        return np.array([_clean_text(v) for v in values], dtype=object)
    text = np.array(together, dtype=object)
    text[text == ""] = None
    return text


def _visible(text: str) -> str:
    """A text (or texts joined by line breaks) without invisible characters, NFC, its lone soft
    hyphens gone; not stripped."""
    if text.isascii():
        return text
    text = visible(text, legacy_safe=True)
    return _LONE_SOFT_HYPHEN.sub("", text) if "\u00ad" in text else text


def _clean_text(value: str) -> str | None:
    """Stripped NFC text without invisible characters; None if nothing is left. Ð/ð and a
    soft hyphen next to a letter stay until legacy text is converted (they are TCVN3 "é"
    and "ư"; see ``_shown``); a soft hyphen between digits, spaces or signs goes now."""
    return _visible(value).strip() or None


def _shown(text: str | None) -> str | None:
    """A cell's final text, once legacy text is converted: soft hyphen gone, Ð/ð as Đ/đ."""
    if text is None or text.isascii() or LEGACY_BYTES.isdisjoint(text):
        return text
    return visible(text).strip() or None


# a number followed by a counting word of letters only (no digit, no second number): "12 người"
_WITH_UNIT = re.compile(r"^\s*([+-]?\d[\d.,]*)\s+(?:[^\W\d_]+\.?\s*){1,3}$")


def _vietnamese_number(text: str) -> float:
    """'1.234' → 1234, '1,5' → 1.5, '85,5 %' → 85.5, '1,234,567' → 1234567; NaN if not a number."""
    s = _SPACES.sub("", text).rstrip("%")
    if not s.isascii():
        s = s.replace("\u00ad", "")
    if _THOUSANDS_DOT.match(s):
        s = s.replace(".", "").replace(",", ".")
    elif _THOUSANDS_COMMA.match(s):
        s = s.replace(",", "")
    elif _DECIMAL_COMMA.match(s):
        s = s.replace(",", ".")
    try:
        number = float(s)
    except ValueError:
        unit = _WITH_UNIT.match(text)  # "12 người", "5 cuộc", "1.234 hồ sơ": the number a person reads
        return _vietnamese_number(unit.group(1)) if unit else math.nan
    return number if math.isfinite(number) else math.nan


def _table(cells: Cells, fn: Callable[[int], Any], dtype: Any) -> np.ndarray:
    return np.array([fn(i) for i in range(len(cells.text))], dtype=dtype)


def _is_dash(text: str | None) -> bool:
    return text is not None and len(text) <= 3 and bool(_DASH.match(text))


def parse_number(cells: Cells | pd.Series, dash: float | None = None) -> Parsed:
    """Numbers from numeric cells or Vietnamese/English formatted text.

    A dash alone is ``dash``: 0.0 (a count), NaN (blank: not applicable), or None (an
    unreadable cell)."""
    cells = cells if isinstance(cells, Cells) else cells_of(cells)
    stored = cells.number
    from_text = _table(cells, lambda i: _vietnamese_number(cells.text[i])
                       if math.isnan(stored[i]) and cells.text[i] is not None and cells.stored_bool[i] is None
                       else math.nan, "float64")
    values = np.where(np.isnan(stored), from_text, stored)
    bad = np.array([t is not None for t in cells.text], dtype=bool) & np.isnan(values)
    if dash is not None and bad.any():
        dashes = bad & np.array([_is_dash(t) for t in cells.text], dtype=bool)
        values[dashes] = dash
        bad &= ~dashes
    dates = any(b and t is not None and _DATE_TEXT.match(t) for t, b in zip(cells.text, bad, strict=True))
    return Parsed(pd.Series(cells.per_row(values, np.nan), index=cells.index, dtype="float64"),
                  pd.Series(cells.per_row(bad, False), index=cells.index, dtype=bool),
                  Text(DATE_HINT) if dates else None)


def parse_integer(cells: Cells | pd.Series, dash: float | None = 0.0) -> Parsed:
    """Whole numbers: floating-point noise within INTEGER_TOLERANCE is rounded away, any
    other fraction is an unreadable cell; a dash alone is 0 (a count of none) by default."""
    parsed = parse_number(cells, dash)
    values = parsed.values.to_numpy()
    nearest = np.round(values)
    close = np.abs(values - nearest) <= integer_tolerance(values)
    fractional = ~np.isnan(values) & ~close
    values = np.where(close, nearest, np.nan)
    return Parsed(pd.Series(values, index=parsed.values.index, dtype="float64"), parsed.bad | fractional, parsed.hint)


def parse_boolean(cells: Cells | pd.Series) -> Parsed:
    cells = cells if isinstance(cells, Cells) else cells_of(cells)

    def one(i: int) -> bool | None:
        if cells.stored_bool[i] is not None:
            return bool(cells.stored_bool[i])
        if cells.number[i] in (0.0, 1.0):
            return bool(cells.number[i] == 1.0)
        text = cells.text[i]
        if text is None:
            return None
        if text in CHECK_TRUE or text in CHECK_FALSE:
            return text in CHECK_TRUE
        word = fold(text)
        if word in TRUE_WORDS or word in FALSE_WORDS:
            return word in TRUE_WORDS
        return _answer_in_words(word)

    table = _table(cells, one, object)
    bad = np.array([t is not None and v is None for t, v in zip(cells.text, table, strict=True)], dtype=bool)
    crosses = [t for t, b in zip(cells.text, bad, strict=True) if b and t in CROSSES]
    hint = None
    if crosses:
        hint = Text(N_("dấu {mark} có thể là Có hoặc Không; hãy ghi Có hoặc Không"), mark=crosses[0])
    values = pd.Series(cells.per_row(table, None), index=cells.index, dtype=object).astype("boolean")
    return Parsed(values, pd.Series(cells.per_row(bad, False), index=cells.index, dtype=bool), hint)


def _answer_in_words(word: str) -> bool | None:
    """'khong co cong doan' → False, 'da thanh lap' → True, 'co 02 dong chi' → True; None when
    the words disagree ('co nhung chua'...) or say neither."""
    tokens = word.split()
    if len(tokens) < 2 or len(tokens) > 8:
        return None
    rest = set(tokens[1:])
    if rest & _HEDGES:
        return None
    if tokens[0] in _FIRST_TRUE and not rest & _FIRST_FALSE:
        return True
    if tokens[0] in _FIRST_FALSE and "da" not in rest:
        return False
    return None


def choice_lookup(column: Column) -> dict[str, str]:
    """Folded label/alias/key → choice key; also each without spaces ("htt nv" → "httnv")
    where that names one choice only."""
    lookup: dict[str, str] = {}
    squeezed: dict[str, set[str]] = {}
    for key, choice in (column.choices or {}).items():
        for text in choice.texts(key):
            folded = fold(text)
            lookup.setdefault(folded, key)
            squeezed.setdefault(folded.replace(" ", ""), set()).add(key)
    for folded, keys in squeezed.items():
        if len(keys) == 1:
            lookup.setdefault(folded, next(iter(keys)))
    return lookup


def parse_choice(cells: Cells | pd.Series, column: Column) -> Parsed:
    cells = cells if isinstance(cells, Cells) else cells_of(cells)
    lookup = choice_lookup(column)

    def one(text: str | None) -> str | None:
        if text is None:
            return None
        folded = fold(text)
        return lookup.get(folded) or lookup.get(folded.replace(" ", ""))

    table = np.array([one(t) for t in cells.text], dtype=object)
    bad = np.array([t is not None and v is None for t, v in zip(cells.text, table, strict=True)], dtype=bool)
    return Parsed(pd.Series(cells.per_row(table, None), index=cells.index, dtype=object),
                  pd.Series(cells.per_row(bad, False), index=cells.index, dtype=bool))


def _accepts_digits(pattern: re.Pattern[str]) -> bool:
    """The pattern takes some string of digits only (a code: tax code, unit code)."""
    return any(pattern.search(d * n) for n in range(1, 21) for d in "01")


def _pattern_hint(pattern: re.Pattern[str], bad_texts: list[str]) -> Text | None:
    """Why digit codes failed the pattern: a lost leading zero, scientific notation (short:
    a message quotes at most 120 characters of it)."""
    if not bad_texts or not _accepts_digits(pattern):
        return None
    short = next((t for t in bad_texts if t.isdigit() and pattern.search("0" + t)), None)
    sci = any(_SCIENTIFIC.match(t) for t in bad_texts)
    if short is not None and sci:
        return Text(N_("mất số 0 ở đầu hoặc bị Excel đổi sang dạng số mũ: hãy định dạng cột là văn bản"))
    if short is not None:
        return Text(N_("có {digits} chữ số: có thể đã mất số 0 ở đầu do ô định dạng số"), digits=len(short))
    if sci:
        return Text(N_("dạng số mũ: Excel đã làm tròn mã, hãy định dạng cột là văn bản và gõ lại"))
    return None


def parse_text(cells: Cells | pd.Series, column: Column | None = None) -> Parsed:
    """Text as shown (see ``_shown``); a column with a ``pattern`` must match it."""
    cells = cells if isinstance(cells, Cells) else cells_of(cells)
    together = cells.joined()
    if not any(ch in together for ch in LEGACY_BYTES):
        table = cells.text.copy()  # `_shown` changes only a text holding one of those
    else:
        table = np.array([_shown(t) for t in cells.text], dtype=object)
    values = pd.Series(cells.per_row(table, None), index=cells.index, dtype=object)
    if column is None or not column.pattern:
        return Parsed(values, pd.Series(False, index=cells.index))
    pattern = re.compile(column.pattern)
    bad = np.array([t is not None and not pattern.search(t) for t in table], dtype=bool)
    hint = _pattern_hint(pattern, [t for t, b in zip(table, bad, strict=True) if b]) if bad.any() else None
    return Parsed(values, pd.Series(cells.per_row(bad, False), index=cells.index, dtype=bool), hint)


def _dash_for(column: Column) -> float | None:
    """A dash alone: 0 in a count column; blank in an optional number/percent/year column;
    an error where a figure is required (it does not give one)."""
    if column.type == "integer":
        return 0.0
    return math.nan if not column.required and not column.required_at else None


def parse_column(cells: Cells | pd.Series, column: Column) -> Parsed:
    """Dispatch on the column's declared type."""
    if column.type in ("integer", "year"):
        return parse_integer(cells, _dash_for(column))
    if column.type in ("number", "percent"):
        return parse_number(cells, _dash_for(column))
    if column.type == "boolean":
        return parse_boolean(cells)
    if column.type == "choice":
        return parse_choice(cells, column)
    return parse_text(cells, column)


def as_text(raw: pd.Series) -> pd.Series:
    """Cell values as stripped NFC text (Excel's 369.0 → '369'); None for blank."""
    return parse_text(cells_of(raw)).values


EXPECTED: dict[ColumnType, str] = {  # what a cell of each type holds, in a cell-type message
    "integer": N_("số nguyên"),
    "year": N_("năm (số nguyên)"),
    "number": N_("số"),
    "percent": N_("tỷ lệ phần trăm"),
    "boolean": N_("Có/Không (x, ✓ là Có)"),
    "choice": N_("một giá trị trong danh sách"),
    "text": N_("văn bản"),
    "unit": N_("mã đơn vị"),
}


def _label_in_sentence(column: Column, lang: str) -> str:
    """'mã số thuế' (the label inside a sentence); in English the English label, else the column's name."""
    if as_lang(lang) == "en":
        return column.label_en or column.name
    return column.label[:1].lower() + column.label[1:]



def choice_labels(column: Column, lang: str) -> str:
    """The answers a choice column allows, as a reader of `lang` sees them in the template."""
    return ", ".join(data_text(lang, c.label, c.label_en) for c in (column.choices or {}).values())

def expected_text(column: Column, parsed: Parsed | None = None) -> str:
    """What a cell of the column must hold, for a ``cell-type`` message; with the
    hint of the parsed column's bad cells when there is one. The hint is one for the
    column of a form (``_report_cells`` words every cell of it alike), so where several
    damages occur together it names them together."""
    what: str
    if column.choices:
        what = PerLang(partial(choice_labels, column))
    elif column.pattern and parsed is not None and parsed.hint:
        # the hints are about codes; the label would make the message too long to quote whole
        what = Text(N_("mã đúng mẫu {pattern}"), pattern=column.pattern)
    elif column.pattern:
        what = Text(N_("{what} đúng mẫu {pattern}"), what=PerLang(partial(_label_in_sentence, column)),
                    pattern=column.pattern)
    else:
        what = Text(EXPECTED[column.type])
    if parsed is not None and parsed.hint:
        what = Text(N_("{what} ({hint})"), what=what, hint=parsed.hint)
    return what
