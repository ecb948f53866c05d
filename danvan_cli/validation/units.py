"""Resolve each row's unit against the registry: code, level, district, name check."""

from __future__ import annotations

import pandas as pd

from danvan_cli.text import fold
from danvan_cli.units import Registry
from danvan_cli.validation.batch import Batch

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


def _text_column(values: pd.Series) -> pd.Series:
    """Text as plain objects with None for blank (no extension dtype surprises)."""
    out = values.astype(object)
    return out.where(out.notna(), None)


def resolve_units(batch: Batch, frame: pd.DataFrame, registry: Registry) -> None:
    """Add ``_unit``, ``_level``, ``_district`` to the form's frame; report unknown units."""
    form = batch.form
    codes = _text_column(frame[form.unit_column])
    alt = form.unit_alternative
    if alt is not None:
        parents = _text_column(frame[alt.parent])
        names = _text_column(frame[alt.name])
        use_alt = codes.isna() & parents.notna() & names.notna()
        for label in frame.index[use_alt.to_numpy()]:
            found = registry.child_by_name(parents[label], names[label])
            codes[label] = found if found else f"{parents[label]}:{names[label]}"
    only = registry.codes_at(form.allowed_levels)
    if alt is None and len(only) == 1:
        # a one-unit form (the province's own) may leave the code out
        codes = codes.fillna(only[0])

    level = pd.Series(_lookup(codes, registry.levels), index=codes.index, dtype=object)
    parent_of: dict[str, str] = {}
    unknown = (codes.notna() & level.isna()).to_numpy()
    for label in frame.index[unknown]:
        code = str(codes[label])
        guess = _village_fallback(registry, code.replace(":", "-", 1), form.allowed_levels)
        if guess:
            level[label], parent_of[code] = guess[0], guess[1]
            continue
        column = form.unit_column if pd.notna(frame.at[label, form.unit_column]) or alt is None else alt.parent
        batch.issue("unit-unknown", label, column, value=code)
    wrong_level = (level.notna() & ~level.isin(form.allowed_levels)).to_numpy()
    allowed = ", ".join(form.allowed_levels)
    for label in frame.index[wrong_level]:
        code = str(codes[label])
        batch.issue("unit-level", label, form.unit_column, value=code, unit_name=registry.name(code),
                    level=level[label], form=f"Biểu {form.number}", allowed=allowed)
    frame["_ok"] &= ~(codes.notna() & level.isna()).to_numpy() & ~wrong_level

    districts = registry.districts
    if parent_of:
        districts = districts | {code: districts.get(parent) for code, parent in parent_of.items()}
    frame["_unit"] = codes
    frame["_level"] = level
    frame["_district"] = pd.Series(_lookup(codes, districts), index=codes.index, dtype=object)
    _check_names(batch, frame, registry, codes)


def _lookup(codes: pd.Series, table: dict[str, str]) -> list[str | None]:
    """table[code] for each row (None when absent): a dict lookup per row, no index building."""
    get = table.get
    return [get(c) if c is not None else None for c in codes.to_numpy(dtype=object)]


def _check_names(batch: Batch, frame: pd.DataFrame, registry: Registry, codes: pd.Series) -> None:
    """A name given beside a code must be the registry's name (diacritics, case, "Huyện" aside)."""
    form = batch.form
    name_cols = [c for c in (form.name_column,) if c] + ([form.unit_alternative.name] if form.unit_alternative else [])
    expected = pd.Series(_lookup(codes, registry.names), index=codes.index, dtype=object)
    for name_col in name_cols:
        if name_col not in frame.columns:
            continue
        given = frame[name_col]
        # exact equality settles almost every row; the rest are compared loosely, once per pair
        differ = (given.notna() & expected.notna() & (given != expected)).to_numpy()
        if not differ.any():
            continue
        pairs = pd.DataFrame({"given": given[differ], "expected": expected[differ]})
        verdict = {(g, e): names_match(str(g), str(e)) for g, e in pairs.drop_duplicates().itertuples(index=False)}
        for label, g, e in pairs.itertuples():
            if not verdict[(g, e)]:
                batch.issue("unit-name-mismatch", label, name_col, value=g, code=codes[label], expected=e)
