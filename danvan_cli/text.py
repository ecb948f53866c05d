"""Text normalisation: NFC for what users see, a folded key for matching labels."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def nfc(text: str) -> str:
    """Unicode NFC (cp1258 and macOS give decomposed text)."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    s = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", s).strip()


def fold(text: object) -> str:
    """Case-, space-, punctuation- and diacritic-insensitive key: 'Mã đơn vị' → 'ma don vi'."""
    return "" if text is None else _fold(str(text))


_LEADING_NUMBER = re.compile(r"^(?:\d+|[ivx]+|[a-z])\s+(?=\D)")
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


def header_keys(text: object) -> list[str]:
    """Folded keys to try for a header cell: as is, without '(%)'/'(người)', without '1.'."""
    return list(_header_keys("" if text is None else str(text)))


@lru_cache(maxsize=1 << 14)
def _header_keys(raw: str) -> tuple[str, ...]:
    keys = [fold(raw)]
    without_paren = fold(_TRAILING_PAREN.sub("", raw))
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
