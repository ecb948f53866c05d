"""Vietnamese number formatting (``1.234``, ``85,5%``) through babel."""

from __future__ import annotations

from babel.numbers import format_decimal

_LOCALES = {"vi": "vi_VN", "en": "en_US"}


def number(value: float | None, lang: str = "vi", decimals: int = 1) -> str:
    """1234.56 → '1.234,6' (vi) or '1,234.6' (en); None → '—'."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_LOCALES.get(lang, "vi_VN"))


def percent(value: float | None, lang: str = "vi", decimals: int = 1) -> str:
    """85.5 (already a percentage) → '85,5%'."""
    return "—" if value is None else number(value, lang, decimals) + "%"


def measured(value: float | None, unit: str, lang: str = "vi") -> str:
    """A target's value in its unit: '85,5%' or '92 đảng viên'."""
    if value is None:
        return "—"
    return percent(value, lang) if unit == "%" else f"{number(value, lang)} {unit}"
