"""Resolve each row's unit against the registry: code, vintage, level, district, name check.

In a year with two vintages (2025: until 30/6 and from 1/7), a code with two meanings is
resolved by the name beside it; a code whose two meanings have the same name (Xã Gia Lâm
before and after it absorbed its neighbours) is resolved by the file it is in
(`settle_vintages`: the vintage of the file's other rows), else read in the vintage in
force at the reporting date."""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from danvan_cli.i18n import N_
from danvan_cli.issues import PerLang, Text, joined
from danvan_cli.text import fold
from danvan_cli.units import Registry
from danvan_cli.units.history import UnitHistory
from danvan_cli.validation.batch import Batch
from danvan_cli.validation.texts import form_name

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


def resolve_units(batch: Batch, frame: pd.DataFrame, registry: Registry, year: int) -> None:
    """Add ``_unit``, ``_level``, ``_district``, ``_vintage`` (and ``_vague``: the vintage
    rests on the file, `settle_vintages`) to the form's frame; report unknown units."""
    form = batch.form
    codes = _text_column(frame[form.unit_column])
    alt = form.unit_alternative
    unsure: set[object] = set()
    if alt is not None:
        parents = _text_column(frame[alt.parent])
        names = _text_column(frame[alt.name])
        use_alt = codes.isna() & parents.notna() & names.notna()
        for label in frame.index[use_alt.to_numpy()]:
            parent = parents[label]
            found = [c for c in (registry.child_by_name(k, names[label])
                                 for k in registry.alternates.get(parent, (parent,))) if c]
            codes[label] = found[0] if found else f"{parent}:{names[label]}"
            if len(found) > 1:  # the same village name under both meanings of the commune code
                unsure.add(label)
    only = registry.codes_at(form.allowed_levels)
    if alt is None and len(only) == 1:
        # a one-unit form (the province's own) may leave the code out
        codes = codes.fillna(only[0])
    codes = _normalise_codes(codes, registry)
    if alt is None and form.name_column is not None and form.name_column in frame.columns:
        codes = _codes_from_names(batch, frame, registry, codes, form.name_column, form.allowed_levels)
    codes, vague = _choose_meanings(batch, frame, registry, codes)
    if unsure:
        vague |= frame.index.isin(list(unsure))

    found = registry.look_up(codes.to_numpy(dtype=object), "level", "vintage", "district", "name")
    level = pd.Series(found[0], index=codes.index, dtype=object)
    parent_of: dict[str, str] = {}
    unknown = (codes.notna() & level.isna()).to_numpy()
    for label in frame.index[unknown]:
        code = str(codes[label])
        guess = _village_fallback(registry, code.replace(":", "-", 1), form.allowed_levels)
        if guess:
            level[label], parent_of[code] = guess[0], guess[1]
            continue
        column = form.unit_column if alt is None or not _blank(frame.at[label, form.unit_column]) else alt.parent
        history = registry.history
        elsewhere = PerLang(partial(_elsewhere, history, code, year)) if history is not None else ""
        batch.issue("unit-unknown", label, column, value=code,
                    **({"hint": Text(N_(" năm {year} ({elsewhere})"), year=year, elsewhere=elsewhere)} if elsewhere else {}))
    vintage = pd.Series(found[1], index=codes.index, dtype=object)
    if parent_of:
        fallback = codes.map(parent_of)
        vintage = vintage.fillna(fallback.map(registry.vintage_of))
        vague |= fallback.isin(list(registry.alternates)).to_numpy()
    wrong_level = _wrong_levels(level, vintage, form.allowed_levels, registry)
    allowed = ", ".join(form.allowed_levels)
    for label in frame.index[wrong_level]:
        code = str(codes[label])
        batch.issue("unit-level", label, form.unit_column, value=code, unit_name=registry.name(code),
                    level=level[label], form=form_name(form), allowed=allowed)
    frame["_ok"] &= ~(codes.notna() & level.isna()).to_numpy() & ~wrong_level

    district = pd.Series(found[2], index=codes.index, dtype=object)
    if parent_of:  # a village of a registry without villages: its commune's district
        district = district.fillna(codes.map({code: registry.districts.get(parent) for code, parent in parent_of.items()}))
    frame["_unit"] = codes
    frame["_level"] = level
    frame["_district"] = district
    frame["_vintage"] = vintage
    frame["_vague"] = vague
    _check_names(batch, frame, codes, pd.Series(found[3], index=codes.index, dtype=object))


def _elsewhere(history: UnitHistory, code: str, year: int, lang: str) -> str:
    """Where the code is valid outside the year, worded by the units' history in ``lang``."""
    return history.elsewhere(code, year, lang)


def _wrong_levels(level: pd.Series, vintage: pd.Series, levels: list[str], registry: Registry) -> np.ndarray:
    """Rows at a level that does not submit the form in their vintage or at the reporting
    date (a level a vintage lacks is replaced by the one below it: `Registry.levels_for`; in
    2025 the communes' party committees report Biểu 08, whichever registry names them)."""
    known = level.notna().to_numpy()
    if len(registry.members) <= 1:
        return known & ~level.isin(registry.levels_for(levels)).to_numpy()
    ok = np.zeros(len(level), dtype=bool)
    reporting = registry.levels_for(levels)
    for v in pd.unique(vintage.dropna()):
        mine = (vintage == v).to_numpy()
        ok |= mine & level.isin(registry.levels_for(levels, v) + reporting).to_numpy()
    return known & ~ok


def _choose_meanings(batch: Batch, frame: pd.DataFrame, registry: Registry,
                     codes: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Codes with two meanings in the year (`Registry.alternates`): the meaning whose name is
    the one beside the code (exactly as written, kind included, before a looser match); two meanings with that name → the reporting vintage's, marked
    vague (settled by the file later); no name, or a name of neither → unit-ambiguous."""
    vague = np.zeros(len(codes), dtype=bool)
    alternates = registry.alternates
    if not alternates:
        return codes, vague
    hit = codes.isin(list(alternates)).to_numpy()
    if not hit.any():
        return codes, vague
    form = batch.form
    name_col = form.name_column if form.name_column in frame.columns else None
    names = _text_column(frame[name_col]) if name_col else pd.Series(None, index=frame.index, dtype=object)
    pairs = pd.DataFrame({"code": codes[hit], "name": names[hit]})
    choice: dict[tuple[str, object], tuple[str | None, bool]] = {}
    for code, name in pairs.drop_duplicates().itertuples(index=False):
        keys = alternates[code]
        # the name as written first ("Phường Yên Sơn" is not "Xã Yên Sơn"), then loosely (no "Xã", case)
        named = [k for k in keys if isinstance(name, str) and fold(name) == fold(registry.names[k])]
        if not named:
            named = [k for k in keys if isinstance(name, str) and names_match(name, registry.names[k])]
        choice[(code, name)] = (named[0], len(named) > 1) if named else (None, False)
    codes = codes.copy()
    for label, code, name in pairs.itertuples():
        key, unsure = choice[(code, name)]
        if key is None:
            meanings = joined([PerLang(partial(registry.meaning, k)) for k in alternates[code]], "; ")
            column = name_col if isinstance(name, str) else form.unit_column
            fix = (Text(N_("tên bên cạnh không phải tên của đơn vị nào trong số đó")) if isinstance(name, str)
                   else Text(N_("hãy ghi tên đơn vị bên cạnh mã")))
            batch.issue("unit-ambiguous", label, column, value=code, count=len(alternates[code]), units=meanings,
                        fix=fix)
            frame.at[label, "_ok"] = False
        codes[label] = key
        if unsure:
            vague[frame.index.get_loc(label)] = True
    return codes, vague


_CODE_NOISE = str.maketrans("", "", "'‘’`\"“” ")


def _normalise_codes(codes: pd.Series, registry: Registry) -> pd.Series:
    """Codes as a person reads them: ``'14320`` (Excel's text mark typed into a CSV), ``14 320``,
    ``14320.0`` (a number turned into text) are 14320. Only codes the registry does not know
    are looked at, and a variant is used only when the registry knows it."""
    units = registry.units
    unknown = [c for c in pd.unique(codes.dropna()) if c not in units]
    fixed = {}
    for code in unknown:
        text = str(code).translate(_CODE_NOISE)
        if text.endswith(".0") and text[:-2].isdigit():
            text = text[:-2]
        if text != code and text in units:
            fixed[code] = text
    return codes.replace(fixed) if fixed else codes


# the kind of unit a name starts with, and its abbreviations: "TP Ninh Bình" is "Thành phố Ninh Bình"
_KINDS = {"thanh pho": "thanh pho", "tp": "thanh pho", "thi xa": "thi xa", "tx": "thi xa",
          "thi tran": "thi tran", "tt": "thi tran", "huyen": "huyen", "h": "huyen", "phuong": "phuong",
          "p": "phuong", "xa": "xa", "x": "xa", "tinh": "tinh"}


def _kind_and_name(name: str) -> tuple[str, str]:
    """'TP. Ninh Bình' → ('thanh pho', 'ninh binh'); 'Kim Sơn' → ('', 'kim son')."""
    key = fold(name)
    for prefix in sorted(_KINDS, key=len, reverse=True):
        if key.startswith(prefix + " "):
            return _KINDS[prefix], key[len(prefix) + 1:]
    return "", key


def _name_index(registry: Registry, levels: list[str], vintage: str | None = None) -> dict[tuple[str, str], list[str]]:
    """(kind, name) and ('', name) → codes: 'Thành phố Ninh Bình' under ('thanh pho', 'ninh binh')
    and ('', 'ninh binh'); the units of one vintage when given."""
    index: dict[tuple[str, str], list[str]] = {}
    for code in registry.codes_at(levels, vintage):
        kind, short = _kind_and_name(registry.names[code])
        for key in dict.fromkeys(((kind, short), ("", short))):
            index.setdefault(key, []).append(code)
    return index


def _codes_from_names(batch: Batch, frame: pd.DataFrame, registry: Registry, codes: pd.Series,
                      name_column: str, levels: list[str]) -> pd.Series:
    """Rows that give a unit's name but no code ("Xã Ninh Nhất" with the code column blank or
    absent): the unit is found by its name when exactly one unit of the form's levels has it,
    and each sheet says how many rows were matched so; a name shared by several units is an
    error naming them (write the code)."""
    names = _text_column(frame[name_column])
    wanted = (codes.isna() & names.notna()).to_numpy()
    if not wanted.any():
        return codes
    # a name is looked for among the units of the reporting vintage first, then the others of the year
    first = _name_index(registry, levels, registry.vintage.id if len(registry.members) > 1 else None)
    rest = _name_index(registry, levels) if len(registry.members) > 1 else {}
    # each distinct name looked up once; Python runs per row only for the rows in error
    given = names[wanted]
    distinct = pd.unique(given)
    found = {name: first.get(_kind_and_name(str(name))) or rest.get(_kind_and_name(str(name)), [])
             for name in distinct}
    code_of = {name: hits[0] for name, hits in found.items() if len(hits) == 1}
    resolved = given.map(code_of)
    ok = resolved.notna()
    codes = codes.copy()
    codes[resolved.index[ok]] = resolved[ok]
    frame.loc[resolved.index[ok], batch.form.unit_column] = resolved[ok]
    for label, name in given[~ok].items():
        hits = found[name]
        if hits:
            shown = ", ".join(f"{c} {registry.names[c]}" for c in hits[:5])
            batch.issue("unit-ambiguous", label, name_column, value=name, count=len(hits), units=shown)
        else:
            batch.issue("unit-unknown", label, name_column, value=name, kind=Text(N_("tên đơn vị ")),
                        hint=Text(N_("; ghi mã đơn vị theo danh mục")))
    sheets = frame.loc[resolved.index[ok], "_sid"]
    for _, labels in sheets.groupby(sheets, sort=True).groups.items():
        first = labels[0]
        batch.issue("unit-by-name", first, name_column, count=len(labels), value=given[first], code=resolved[first])
    return codes


def _blank(value: Any) -> bool:
    """An empty cell: None or NaN."""
    return bool(pd.isna(value))


def _check_names(batch: Batch, frame: pd.DataFrame, codes: pd.Series, expected: pd.Series) -> None:
    """A name given beside a code must be the registry's name (``expected``; diacritics, case,
    "Huyện" aside)."""
    form = batch.form
    name_cols = [c for c in (form.name_column,) if c] + ([form.unit_alternative.name] if form.unit_alternative else [])
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
