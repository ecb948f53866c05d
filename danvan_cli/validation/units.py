"""Resolve each row's unit against the registry: code, level, district, name check."""

from __future__ import annotations

import pandas as pd

from danvan_cli.text import fold
from danvan_cli.units import Registry
from danvan_cli.validation.sheet import SheetResult

_PREFIXES = ("thanh pho ", "huyen ", "thi xa ", "thi tran ", "phuong ", "xa ", "tinh ",
             "thon ", "xom ", "pho ", "to dan pho ", "khu pho ", "ban ",
             "tp ", "tx ", "tt ", "h ", "p ", "x ")


def _short(name: str) -> str:
    key = fold(name)
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix):]
    return key


def names_match(given: str, registered: str) -> bool:
    """'Kim Sơn' matches 'Huyện Kim Sơn'; diacritics and case are ignored."""
    a, b = fold(given), fold(registered)
    return a == b or _short(given) == _short(registered) or a.endswith(" " + b) or b.endswith(" " + a)


def _village_fallback(registry: Registry, code: str, levels: list[str]) -> tuple[str, str] | None:
    """Registry without villages: '14320-01' is a village of commune 14320."""
    for level in levels:
        if registry.has_level(level) or "-" not in code:
            continue
        parent = code.rsplit("-", 1)[0]
        if parent in registry.units:
            return level, parent
    return None


def resolve_units(result: SheetResult, registry: Registry) -> pd.Series:
    """Add ``_unit``, ``_level``, ``_district`` to the sheet's frame; returns the level series."""
    form, frame = result.form, result.frame
    codes = frame[form.unit_column].astype("string")
    alt = form.unit_alternative
    if alt is not None:
        parents = frame[alt.parent].astype("string")
        names = frame[alt.name].astype("string")
        use_alt = codes.isna() & parents.notna() & names.notna()
        for row in frame.index[use_alt.to_numpy()]:
            found = registry.child_by_name(parents[row], names[row])
            codes[row] = found if found else f"{parents[row]}:{names[row]}"
    if form.unit_column not in result.positions and alt is None:
        only = registry.codes_at(form.allowed_levels)
        if len(only) == 1:
            codes = codes.fillna(only[0])

    level = codes.map(lambda c: registry.units[c].level if c in registry.units else pd.NA, na_action="ignore")
    parent_of: dict[str, str] = {}
    unknown = codes.notna() & level.isna()
    for row in frame.index[unknown.to_numpy()]:
        code = str(codes[row])
        guess = _village_fallback(registry, code.replace(":", "-", 1), form.allowed_levels)
        if guess:
            level[row], parent_of[code] = guess[0], guess[1]
            continue
        column = form.unit_column if form.unit_column in result.positions else (alt.parent if alt else None)
        result.issue("unit-unknown", int(row), column, value=code)
    wrong_level = level.notna() & ~level.isin(form.allowed_levels)
    allowed = ", ".join(form.allowed_levels)
    for row in frame.index[wrong_level.to_numpy()]:
        code = str(codes[row])
        result.issue("unit-level", int(row), form.unit_column, value=code, unit_name=registry.name(code),
                     level=level[row], form=f"Biểu {form.number}", allowed=allowed)
    frame["_ok"] &= ~(unknown & level.isna()) & ~wrong_level

    root_level = registry.root_level
    district_level = registry.district_level

    def district(code: str) -> object:
        start = parent_of.get(code, code)
        if registry.units.get(start) is not None and registry.units[start].level == root_level:
            return pd.NA
        found = registry.ancestor_at(start, district_level)
        return found if found else pd.NA

    frame["_unit"] = codes
    frame["_level"] = level.astype("string")
    frame["_district"] = codes.map(district, na_action="ignore").astype("string")
    _check_names(result, registry, codes)
    return frame["_level"]


def _check_names(result: SheetResult, registry: Registry, codes: pd.Series) -> None:
    form, frame = result.form, result.frame
    name_cols = ["ten_don_vi"] + ([form.unit_alternative.name] if form.unit_alternative else [])
    for name_col in name_cols:
        if name_col not in result.positions:
            continue
        given = frame[name_col]
        check = given.notna() & codes.isin(list(registry.units)).fillna(False).astype(bool)
        for row in frame.index[check.to_numpy()]:
            expected = registry.units[codes[row]].name
            if not names_match(str(given[row]), expected):
                result.issue("unit-name-mismatch", int(row), name_col, value=given[row],
                             code=codes[row], expected=expected)
