"""Text normalisation: NFC for what users see, a folded key for matching labels.

Cells travel with characters a reader does not see or reads as another letter:

* format characters (Unicode category Cf): zero-width space U+200B, zero-width
  (non-)joiner U+200C/U+200D, word joiner U+2060, a BOM U+FEFF inside a cell, soft
  hyphen U+00AD, direction marks: removed;
* Unicode spaces (NBSP U+00A0, narrow NBSP U+202F, U+2000-U+200A, ideographic U+3000,
  line/paragraph separators): a space;
* look-alikes typed for Đ/đ: Ð U+00D0 and ð U+00F0 (Icelandic eth), Ɖ U+0189 and ɖ U+0256
  (African D): Đ/đ.

``visible`` applies all of that to text shown to users; ``fold`` applies it too (so a
label with a zero-width space or "Ð" still matches). The soft hyphen and Ð/ð are also
bytes of TCVN3 legacy text ("ư", "é"), so cells are cleaned of them only once legacy
text has been converted (``visible(text, legacy_safe=True)`` leaves them).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
LOOKALIKES = {"\u00d0": "Đ", "\u0189": "Đ", "\u00f0": "đ", "\u0256": "đ"}
# Latin-1 characters that legacy TCVN3 text uses as letters (soft hyphen "ư", Ð "é", ð
# for safety): kept until legacy text has been converted
LEGACY_BYTES = frozenset("\u00ad\u00d0\u00f0")


class _Table(dict[int, str | None]):
    """A str.translate table filled lazily, one code point at a time (each seen once)."""

    def __init__(self, fold: bool, legacy_safe: bool) -> None:
        super().__init__()
        self.fold, self.legacy_safe = fold, legacy_safe

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        value: str | None = ch
        if self.legacy_safe and ch in LEGACY_BYTES:
            value = ch
        elif ch in LOOKALIKES:
            value = "d" if self.fold else LOOKALIKES[ch]
        elif self.fold and ch == "đ":
            value = "d"
        else:
            category = unicodedata.category(ch)
            if category == "Cf":
                value = None
            elif category in ("Zs", "Zl", "Zp"):
                value = " "
        self[code] = value
        return value


_VISIBLE = _Table(fold=False, legacy_safe=False)
_VISIBLE_LEGACY_SAFE = _Table(fold=False, legacy_safe=True)
_FOLD = _Table(fold=True, legacy_safe=False)


# characters the tables above map to themselves: ASCII and C1 controls, Latin-1 but for the
# no-break space, Latin Extended-A/B but for two Đ look-alikes, spacing modifiers, combining marks
# and Latin Extended Additional (Vietnamese letters). A text of these alone (almost every
# Vietnamese text) needs no translation; the soft hyphen and Ð/ð are kept only if legacy-safe.
_KEPT = "\x00-\x9f\u00a1-\u00ac\u00ae-\u00cf\u00d1-\u00ef\u00f1-\u0188\u018a-\u0255\u0257-\u036f\u1e00-\u1eff"
_CHANGED = re.compile(f"[^{_KEPT}]")
_CHANGED_LEGACY_SAFE = re.compile(f"[^{_KEPT}\u00ad\u00d0\u00f0]")


def visible(text: str, legacy_safe: bool = False) -> str:
    """NFC text without invisible characters, Unicode spaces as spaces, Đ look-alikes as Đ/đ
    (not stripped). ``legacy_safe`` keeps the soft hyphen and Ð/ð (TCVN3 letters)."""
    if text.isascii():
        return text
    if (_CHANGED_LEGACY_SAFE if legacy_safe else _CHANGED).search(text):  # else the translation changes nothing
        text = text.translate(_VISIBLE_LEGACY_SAFE if legacy_safe else _VISIBLE)
    return unicodedata.normalize("NFC", text)


# every character str.strip() removes (str.isspace), listed: tests/test_fast_paths.py checks the list
SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
          "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_SPACE_CODES = [ord(c) for c in SPACES if c != "\n"]


def edge_space(joined: str) -> bool:
    """Whether a line of ``joined`` (texts joined by line breaks) starts or ends with a space
    of any kind: the characters either side of each line break, looked at as numbers (a regex
    or a substring search per kind of space over a megabyte of names takes ten times longer)."""
    import numpy as np

    if not joined:
        return False
    chars = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    breaks = np.flatnonzero(chars == 10)
    edges = np.concatenate([chars[:1], chars[breaks[breaks > 0] - 1], chars[breaks[breaks < len(chars) - 1] + 1],
                            chars[-1:]])
    return bool(np.isin(edges, _SPACE_CODES).any())


def stripped_together(values: list[str], transform: Callable[[str], str]) -> list[str] | None:
    """Each text ``transform``-ed and stripped, the transform applied once to all of them joined
    by line breaks (one call for a column of 100,000 names rather than 100,000). Exact for a
    transform that works character by character or is NFC (which composes nothing across a line
    break). None when a text holds a line break of its own, or the transform changed the number
    of lines: the caller then cleans the texts one by one."""
    joined = "\n".join(values)
    if joined.count("\n") != len(values) - 1:  # (also an empty list: nothing to gain)
        return None
    joined = transform(joined)
    parts = joined.split("\n")
    if len(parts) != len(values):
        return None
    return [p.strip() for p in parts] if edge_space(joined) else parts


def nfc(text: str) -> str:
    """Unicode NFC (cp1258 and macOS give decomposed text)."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    if text.isascii():
        return _NON_ALNUM.sub(" ", text.lower()).strip()
    s = unicodedata.normalize("NFD", text.casefold().translate(_FOLD))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", s).strip()


def fold(text: object) -> str:
    """Case-, space-, punctuation- and diacritic-insensitive key: 'Mã đơn vị' → 'ma don vi';
    invisible characters dropped ('đ\u200bơn' → 'don'), Đ look-alikes as d ('Ðông' → 'dong')."""
    return "" if text is None else _fold(str(text))


_LEADING_NUMBER = re.compile(r"^(?:\d+|[ivx]+|[a-z])\s+(?=\D)")
TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")  # a label's unit or note: "Tỷ lệ (%)", "Số người (người)"


def header_keys(text: object) -> list[str]:
    """Folded keys to try for a header cell: as is, without '(%)'/'(người)', without '1.'."""
    return list(_header_keys("" if text is None else str(text)))


@lru_cache(maxsize=1 << 14)
def _header_keys(raw: str) -> tuple[str, ...]:
    keys = [fold(raw)]
    without_paren = fold(TRAILING_PAREN.sub("", raw))
    if without_paren not in keys:
        keys.append(without_paren)
    for key in list(keys):
        stripped = _LEADING_NUMBER.sub("", key)
        if stripped and stripped not in keys:
            keys.append(stripped)
    return tuple(k for k in keys if k)


def column_letter(index: int) -> str:
    """0 → 'A', 27 → 'AB' (spreadsheet column names)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
