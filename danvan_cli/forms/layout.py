"""What a template holds, as plain data: its columns, pre-filled rows and title lines.

Deciding the rows (which units report, one row per expected organisation or position,
blank rows to fill) is kept apart from writing them, so it needs no openpyxl.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from danvan_cli.forms.describe import label, level_names
from danvan_cli.i18n import Lang, data_text, translator
from danvan_cli.spec.models import Column, Form, Spec
from danvan_cli.units import Registry
from danvan_cli.units.registry import Vintage

BLANK_ROWS = 50  # rows left open where the units cannot be listed in advance


@dataclass(frozen=True)
class Row:
    """One row of the table: pre-filled values, and which of them the office must not change."""

    values: dict[str, object]
    locked: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Plan:
    """Everything the workbook writer needs for one form (and one unit with --unit)."""

    spec: Spec
    form: Form
    year: int
    unit: str | None  # the --unit code, None for the whole territory
    reporter: str  # "Tỉnh Ninh Bình" or "Huyện Kim Sơn (mã 376)"
    columns: tuple[Column, ...]
    identity: tuple[str, ...]  # columns naming the row (code, name, organisation): locked when pre-filled
    rows: tuple[Row, ...]
    notes: tuple[str, ...]
    levels: tuple[str, ...] = ()  # the levels that submit, in the registry's vintage (huyện → xã after 1/7/2025)
    optional_levels: tuple[str, ...] = ()  # the levels that may submit, likewise
    replaced: tuple[tuple[str, str], ...] = ()  # (form's level, the level submitting in its place)
    registry: str = ""  # which registry the rows come from: its file's name (not its folder) and vintage
    lang: Lang = "vi"  # the language of the template's texts (its labels, answers and instructions)

    @property
    def prefilled(self) -> int:
        return sum(1 for r in self.rows if r.values)


def columns_of(form: Form) -> tuple[Column, ...]:
    """The form's columns; the unit name is left out when the form names units its own way."""
    alt_name = form.unit_alternative.name if form.unit_alternative else None
    return tuple(c for c in form.columns if not (alt_name and c.role == "unit_name"))


def identity_of(form: Form, columns: tuple[Column, ...]) -> tuple[str, ...]:
    wanted = {form.unit_column}
    if form.name_column:
        wanted.add(form.name_column)
    if form.unit_alternative:
        wanted |= {form.unit_alternative.parent, form.unit_alternative.name}
    if form.expected_rows:
        wanted.add(form.expected_rows.column)
    return tuple(c.name for c in columns if c.name in wanted)


def _tree_key(registry: Registry, code: str) -> tuple[tuple[int, str], ...]:
    """Sort key placing each unit right after its parent: province, district, its communes…"""
    chain: list[tuple[int, str]] = []
    unit = registry.units.get(code)
    while unit is not None and len(chain) < 16:
        chain.append((len(unit.code), unit.code))
        unit = registry.units.get(unit.parent_code)
    return tuple(reversed(chain))


def _source_name(source: str) -> str:
    """A registry's file by its name: a path cut to its last part; a bundled one's text
    ('…csv (đi kèm danvan)', a translatable Text) kept whole."""
    from danvan_cli.issues import Localized

    return source if isinstance(source, Localized) else PurePath(source).name


def registry_text(source: str, vintage: Vintage, lang: str = "vi") -> str:
    """'ninh-binh-units-2025-07.csv (đi kèm danvan), hiệu lực 2025-07 (từ 1/7/2025)'."""
    from danvan_cli.issues import shown_in

    shown = shown_in(source, lang)  # the registry's source says 'bundled' in the language asked
    span = vintage.label(lang)
    if not span:
        return str(shown)
    return translator(lang).gettext("{source}, hiệu lực {vintage}").format(source=shown, vintage=span)


def form_levels(registry: Registry, levels: list[str]) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """A form's levels in the registry's vintage (`Registry.levels_for`): the levels used, the
    levels with no unit at or below them (villages in a registry without them), and each
    level replaced by the one below it (huyện by xã once the district level is gone)."""
    used = registry.levels_for(levels)
    missing: list[str] = []
    replaced: list[tuple[str, str]] = []
    for level in levels:
        found = registry.levels_for([level])
        if not found:
            missing.append(level)
        elif found[0] != level:
            replaced.append((level, found[0]))
    return used, missing, replaced


def units_in_scope(registry: Registry, levels: list[str], under: str | None) -> list[str]:
    """Codes at these levels (under one unit when given), in the order of the hierarchy."""
    codes = registry.codes_at(levels)
    if under is not None:
        level = registry.units[under].level
        codes = [c for c in codes if registry.ancestor_at(c, level) == under]
    return sorted(codes, key=lambda c: _tree_key(registry, c))


def _unit_rows(form: Form, registry: Registry, code: str, year: int, names: set[str], lang: str) -> list[Row]:
    unit = registry.units[code]
    values: dict[str, object] = {form.unit_column: code}
    name_column, year_column = form.name_column, form.year_column
    if name_column and name_column in names:
        values[name_column] = unit.name
    if form.unit_alternative:
        values[form.unit_alternative.parent] = unit.parent_code
        values[form.unit_alternative.name] = unit.name
    if year_column and year_column in names:
        values[year_column] = year
    locked = frozenset(k for k in values if k != year_column)
    expected = form.expected_rows
    if expected is None or unit.level not in expected.by_level:
        return [Row(values, locked)]
    choices = form.column(expected.column).choices or {}
    return [
        Row({**values, expected.column: data_text(lang, choices[key].label, choices[key].label_en) if key in choices
             else key}, locked | {expected.column})
        for key in expected.by_level[unit.level]
    ]


def _free_key(form: Form) -> bool:
    """A key column the registry cannot fill (an agency's or party committee's name)."""
    fixed = {form.unit_column, form.expected_rows.column if form.expected_rows else ""}
    return any(k not in fixed for k in form.key)


def _naming(form: Form, lang: str) -> str:
    """How an office names a unit the registry does not list: “Mã xã” and “Tên thôn”, or “Mã đơn vị”."""
    alt = form.unit_alternative
    if alt is None:
        return f"“{label(form.column(form.unit_column), lang)}”"
    return translator(lang).gettext("{first} và {second}").format(
        first=f"“{label(form.column(alt.parent), lang)}”", second=f"“{label(form.column(alt.name), lang)}”")


def plan(spec: Spec, form: Form, registry: Registry, year: int, under: str | None,
         lang: Lang = "vi") -> Plan | None:
    """The template of one form; None when no unit in scope submits it."""
    columns = columns_of(form)
    names = {c.name for c in columns}
    levels, missing, replaced = form_levels(registry, form.levels)
    extra, _, replaced_extra = form_levels(registry, form.optional_levels)
    extra = [lv for lv in extra if lv not in levels]
    codes = units_in_scope(registry, levels, under)
    optional = units_in_scope(registry, extra, under) if extra else []
    if not codes and not missing and not optional:
        return None
    _ = translator(lang).gettext
    rows = [row for code in codes for row in _unit_rows(form, registry, code, year, names, lang)]
    notes = []
    if missing:
        notes.append(_("Danh mục đơn vị chưa có đơn vị cấp {levels}: hãy điền {naming} của từng đơn vị vào "
                       "các dòng trống.").format(levels=level_names(spec, missing, lang), naming=_naming(form, lang)))
    if not form.levels or missing or optional or _free_key(form):
        rows += [Row({})] * BLANK_ROWS
    root = under or next(iter(units_in_scope(registry, [registry.root_level], None)), None)
    reporter = "" if root is None else registry.name(root)
    if root is not None and under:
        reporter = _("{name} (mã {code})").format(name=reporter, code=under)
    return Plan(spec, form, year, under, reporter, columns, identity_of(form, columns), tuple(rows), tuple(notes),
                tuple(levels), tuple(extra), tuple(dict.fromkeys(replaced + replaced_extra)),
                registry_text(_source_name(registry.source), registry.vintage, lang), lang)


def file_name(form: Form, year: int, under: str | None) -> str:
    """``bieu-09-thon-2023.xlsx``, ``bieu-01-cap-uy-2023-376.xlsx``."""
    slug = form.id.replace("_", "-")
    suffix = "" if under is None else "-" + "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in under)
    return f"bieu-{form.number}-{slug}-{year}{suffix}.xlsx"
