"""The unit registry (units.csv): codes, names, levels, the hierarchy, and the period
each unit is valid in (its vintage).

A code identifies a unit only with its vintage: in Ninh Bình every code of the 39 units
of 1/7/2025 is an old commune code reused for another territory. A `Registry` is one
vintage's units, or one reporting year's units from every vintage in force that year
(`UnitHistory.for_year`), where a code with two meanings is keyed ``code@vintage`` for
the meaning not in force at the reporting date.

Lookup order (docs/contract.md §3): ``--units FILE``; else ``units.csv`` in the year
folder; else in its parent; else the bundled Ninh Bình registries (2020-2024, 2025-01,
2025-07).
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from danvan_cli.errors import RegistryError
from danvan_cli.i18n import N_, translator
from danvan_cli.issues import PerLang, Text
from danvan_cli.resources import bundled_units
from danvan_cli.spec.messages import listed
from danvan_cli.text import fold, nfc, stripped_together

REQUIRED_COLUMNS = ("code", "name", "level", "parent_code")
OPTIONAL_COLUMNS = ("type", "vintage", "valid_from", "valid_to", "scope")
REGISTRY_NAME = "units.csv"
WIDER = "wider"  # scope of a unit that covers more than the programme's territory


class Unit(NamedTuple):
    """One unit of a vintage (a named tuple: a national registry makes 100,000 of them)."""

    code: str
    name: str
    level: str
    parent_code: str  # in a year's registry: the parent's key
    type: str = ""
    vintage: str = ""
    wider: bool = False  # covers more than the programme's territory (the merged province of 1/7/2025)


@dataclass(frozen=True)
class Vintage:
    """A period in which a set of units is valid: ``2025-07`` from 1/7/2025, open-ended."""

    id: str
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None

    def covers(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def overlaps(self, year: int) -> bool:
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return (self.valid_from is None or self.valid_from <= end) and (self.valid_to is None or start <= self.valid_to)

    def span(self, lang: str = "vi") -> str:
        """'1/1/2025-30/6/2025', 'từ 1/7/2025', 'đến 31/12/2024', '' when always valid."""
        a, b = (_dmy(d) for d in (self.valid_from, self.valid_to))
        if a and b:
            return f"{a}-{b}"
        if a:
            return translator(lang).gettext("từ {date}").format(date=a)
        if b:
            return translator(lang).gettext("đến {date}").format(date=b)
        return ""

    def label(self, lang: str = "vi") -> str:
        """'2025-07 (từ 1/7/2025)'."""
        span = self.span(lang)
        return f"{self.id} ({span})" if span and self.id else self.id or span


def _dmy(day: datetime.date | None) -> str:
    return "" if day is None else f"{day.day}/{day.month}/{day.year}"


ALWAYS = Vintage("")


@dataclass(frozen=True)
class Registry:
    """Units indexed (lazily) for the lookups validation needs. ``units`` is keyed by the
    unit's key: its code, or ``code@vintage`` in a year's registry for a code that means
    another unit at the reporting date."""

    units: dict[str, Unit]
    source: str
    level_order: tuple[str, ...]
    vintage: Vintage = ALWAYS  # the reporting vintage: the one in force at the reporting date
    vintages: tuple[Vintage, ...] = ()  # every vintage whose units are here (in a year's registry)
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # vintage id → keys of its units
    alternates: dict[str, tuple[str, ...]] = field(default_factory=dict)  # code → keys of its meanings
    # how a unit whose meaning changed only in territory was read: a `Localized` text, shown in a
    # language with ``issues.shown_in(registry.scope_note, lang)``
    scope_note: str = ""
    scoped: frozenset[str] = frozenset()  # the keys that note is about (the province, 37)
    history: Any = field(default=None, compare=False, repr=False)  # the UnitHistory it comes from

    @property
    def root_level(self) -> str:
        return self.level_order[0]

    @property
    def district_level(self) -> str:
        """The level directly under the root in the reporting vintage (huyện; xã once the
        district level is abolished): breakdowns are by this level."""
        return self.breakdown_levels.get(self.vintage.id, self.level_order[0])

    @cached_property
    def breakdown_levels(self) -> dict[str, str]:
        """Vintage id → the first level under the root that it has."""
        present: dict[str, set[str]] = {}
        for unit in self.units.values():
            present.setdefault(unit.vintage, set()).add(unit.level)
        return {v: next((lv for lv in self.level_order[1:] if lv in levels), self.level_order[0])
                for v, levels in present.items()}

    @cached_property
    def levels(self) -> dict[str, str]:
        """Key → level."""
        return {c: u.level for c, u in self.units.items()}

    @cached_property
    def names(self) -> dict[str, str]:
        """Key → name."""
        return {c: u.name for c, u in self.units.items()}

    @cached_property
    def vintage_of(self) -> dict[str, str]:
        """Key → vintage id."""
        return {c: u.vintage for c, u in self.units.items()}

    @cached_property
    def _columns(self) -> tuple[Any, dict[str, Any]]:
        """The units as columns, for looking up every row of a form at once: an index of the
        keys, and per attribute an object array with one slot more (None, for a key not found)."""
        import numpy as np
        import pandas as pd

        districts = self.districts
        units = self.units.values()
        columns: dict[str, list[str | None]] = {
            "level": [u.level for u in units], "name": [u.name for u in units],
            "vintage": [u.vintage for u in units], "district": [districts.get(k) for k in self.units]}
        return (pd.Index(list(self.units), dtype=object),
                {name: np.array([*values, None], dtype=object) for name, values in columns.items()})

    def look_up(self, keys: Any, *attributes: str) -> list[Any]:
        """Per key (an array of row codes), each attribute of its unit (level, name, vintage,
        district): object arrays, None where the key is not in the registry (nor blank)."""
        index, columns = self._columns
        at = index.get_indexer(keys)  # -1, a key not found, takes the last slot: None
        return [columns[name][at] for name in attributes]

    @cached_property
    def _present_levels(self) -> set[str]:
        return set(self.levels.values())

    def has_level(self, level: str) -> bool:
        return level in self._present_levels

    def vintage_has_level(self, vintage: str, level: str) -> bool:
        keys = self.members.get(vintage)
        if keys is None:
            return self.has_level(level)
        return any(self.units[k].level == level for k in keys)

    def levels_for(self, levels: list[str], vintage: str | None = None) -> list[str]:
        """A form's levels in a vintage: a level the vintage does not have (huyện after
        1/7/2025) is replaced by the next level down that it has (the new xã, whose
        committees took the district's place)."""
        vintage = self.vintage.id if vintage is None else vintage
        order = self.level_order
        result: list[str] = []
        for level in levels:
            if level not in order or self.vintage_has_level(vintage, level):
                result.append(level)
                continue
            below = next((lv for lv in order[order.index(level) + 1:] if self.vintage_has_level(vintage, lv)), None)
            if below is not None:
                result.append(below)
        return list(dict.fromkeys(result))

    @cached_property
    def _ordered(self) -> tuple[Any, Any]:
        """The keys and their levels, higher levels first, then by code (shorter first)."""
        import numpy as np
        import pandas as pd

        rank = {lv: i for i, lv in enumerate(self.level_order)}
        table = pd.DataFrame({"rank": [rank[u.level] for u in self.units.values()],
                              "size": [len(u.code) for u in self.units.values()],
                              "code": [u.code for u in self.units.values()]})
        order = table.sort_values(["rank", "size", "code"], kind="stable").index.to_numpy()
        return (np.array(list(self.units), dtype=object)[order],
                np.array([u.level for u in self.units.values()], dtype=object)[order])

    @cached_property
    def _key_of(self) -> dict[int, str]:
        return {id(u): k for k, u in self.units.items()}

    @cached_property
    def _codes_cache(self) -> dict[tuple[object, ...], list[str]]:
        return {}

    def codes_at(self, levels: list[str], vintage: str | None = None) -> list[str]:
        """Keys of the units at these levels (of one vintage when given), higher levels
        first, then by code."""
        key = (tuple(levels), vintage)
        if key not in self._codes_cache:
            import numpy as np
            import pandas as pd

            keys, at = self._ordered
            chosen = np.zeros(len(keys), dtype=bool)
            for level in levels:
                chosen |= at == level
            members = self.members.get(vintage) if vintage is not None else None
            if members is not None and len(members) < len(keys):  # (a vintage of all the units: all)
                chosen &= pd.Index(keys).isin(members)
            self._codes_cache[key] = keys[chosen].tolist()
        return list(self._codes_cache[key])

    def expected_codes(self, levels: list[str], vintage: str | None = None) -> list[str]:
        """The units a form expects in a vintage (the reporting one by default)."""
        vintage = self.vintage.id if vintage is None else vintage
        return self.codes_at(self.levels_for(levels, vintage), vintage if self.members else None)

    def ancestor_at(self, code: str, level: str) -> str | None:
        """The unit's ancestor (or itself) at ``level``; None above that level."""
        unit = self.units.get(code)
        seen = 0
        while unit is not None and seen < 16:
            if unit.level == level:
                return self._key_of[id(unit)]
            unit = self.units.get(unit.parent_code)
            seen += 1
        return None

    @cached_property
    def districts(self) -> dict[str, str]:
        """Key → its breakdown unit: the ancestor (or itself) at its vintage's first level under
        the root (the district; the new xã once districts are gone). Not for the root itself."""
        found: dict[str, str] = {}
        levels = self.breakdown_levels
        for code, unit in self.units.items():
            if unit.level == levels.get(unit.vintage):
                found[code] = code
        pending = [c for c, u in self.units.items() if c not in found and u.level != self.root_level]
        for _ in range(len(self.level_order)):
            rest = []
            for code in pending:
                parent = self.units[code].parent_code
                if parent in found:
                    found[code] = found[parent]
                else:
                    rest.append(code)
            pending = rest
        return found

    @cached_property
    def _children_by_name(self) -> dict[tuple[str, str], str]:
        return {(u.parent_code, fold(u.name)): c for c, u in self.units.items() if u.parent_code}

    def child_by_name(self, parent_code: str, name: str) -> str | None:
        """A village named within its commune: (mã xã, tên thôn) → code."""
        return self._children_by_name.get((parent_code, fold(name)))

    def name(self, code: str) -> str:
        unit = self.units.get(code)
        return unit.name if unit else code

    def district_names(self) -> dict[str, str]:
        """Breakdown units' names."""
        return {c: self.units[c].name for c in set(self.districts.values())}

    def key_for(self, vintage: str, code: str) -> str | None:
        """The key of a vintage's unit ``code`` in this registry (None when it is not here)."""
        members = self.members.get(vintage)
        if members is None:
            return code if code in self.units else None
        for key in (code, *self.alternates.get(code, ())):
            if key in self.units and key in self._member_sets[vintage]:
                return key
        return None

    @cached_property
    def _member_sets(self) -> dict[str, frozenset[str]]:
        return {v: frozenset(keys) for v, keys in self.members.items()}

    def meaning(self, key: str, lang: str = "vi") -> str:
        """'14329 Phường Vân Giang (2025-01: 1/1/2025-30/6/2025)'."""
        unit = self.units[key]
        vintage = next((v for v in self.vintages if v.id == unit.vintage), None)
        when = f" ({vintage.id}: {vintage.span(lang)})" if vintage is not None and vintage.id else ""
        return f"{unit.code} {unit.name}{when}"


def _clean(values: list[str]) -> list[str]:
    """Stripped NFC text (a column normalised as one text: `text.stripped_together`)."""
    together = stripped_together(values, lambda text: text if text.isascii() else nfc(text))
    return together if together is not None else [v.strip() if v.isascii() else nfc(v.strip()) for v in values]


def key_codes(keys: list[str]) -> list[str]:
    """The code of each unit key: in a year's registry a code's meaning that is not in force at
    the reporting date is keyed ``code@vintage``."""
    return [k.split("@", 1)[0] for k in keys] if "@" in "".join(keys) else keys


def as_code(value: str) -> str:
    """Excel turns the code 369 into 369.0; the code is text."""
    return value[:-2] if value.endswith(".0") and value[:-2].isdigit() else value


_ISO = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def parse_date(text: str) -> datetime.date | None:
    """'2025-07-01' (or '2025-07-01 00:00:00') or '1/7/2025' (day first, as written in Vietnam);
    '' → None; anything else (a date with text after it, 31/2/2025) is refused."""
    text = text.strip()
    if not text:
        return None
    iso = _ISO.fullmatch(text)  # Excel may add a midnight time to a date: nothing else may follow
    if iso:
        try:
            return datetime.date.fromisoformat(iso.group(1))
        except ValueError:
            raise ValueError(text) from None
    found = _DMY.fullmatch(text)
    if found:
        day, month, year = (int(g) for g in found.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            pass
    raise ValueError(text)


def _vintage_id(given: str, start: datetime.date | None, end: datetime.date | None) -> str:
    """A vintage's id: as given, else from its dates ('2025-07' from 1/7/2025; 'đến 2024-12')."""
    if given:
        return given
    if start is not None:
        return start.isoformat()[:7]
    return f"đến {end.isoformat()[:7]}" if end is not None else ""


def parse_vintages(text: str, source: str, level_order: tuple[str, ...]) -> list[Registry]:
    """Parse units.csv text into one registry per vintage (one when the file has no
    vintage columns); every problem names the line."""
    import pandas as pd

    try:
        table = pd.read_csv(io.StringIO(text), dtype=object, keep_default_na=False, na_filter=False,
                            skip_blank_lines=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as exc:
        raise RegistryError(Text(N_("{source}: không đọc được danh mục đơn vị: {reason}"), source=source,
                                 reason=str(exc))) from exc
    table.columns = [str(c).strip().lower() for c in table.columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise RegistryError(Text(N_("{source}: thiếu cột {columns} (cần {required})"), source=source,
                                 columns=", ".join(missing), required=",".join(REQUIRED_COLUMNS)))
    column = {c: _clean(table[c].tolist()) if c in table.columns else [""] * len(table)
              for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)}
    codes = _as_codes(column["code"])
    parents = _as_codes(column["parent_code"])
    fast = _well_formed(column, codes, parents, source, level_order)
    if fast is not None:
        return fast
    # something is wrong: the line-by-line reading below names every line at fault
    errors: list[Text] = []
    periods: dict[str, Vintage] = {}
    grouped: dict[str, dict[str, Unit]] = {}
    levels = set(level_order)
    rows = zip(codes, column["name"], column["level"], parents, column["type"], column["vintage"],
               column["valid_from"], column["valid_to"], column["scope"], strict=True)
    for line, (code, name, level, parent, kind, given, start, end, scope) in enumerate(rows, start=2):
        try:
            period = (parse_date(start), parse_date(end))
        except ValueError as exc:
            errors.append(Text(N_("dòng {line}: ngày '{date}' không đọc được (cần dạng 2025-07-01 hoặc 1/7/2025)"),
                               line=line, date=str(exc)))
            continue
        vid = _vintage_id(given, *period)
        known = periods.setdefault(vid, Vintage(vid, *period))
        if (known.valid_from, known.valid_to) != period:
            errors.append(Text(N_("dòng {line}: thời gian hiệu lực khác với các dòng khác của danh mục {vintage}"),
                               line=line, vintage=vid))
        units = grouped.setdefault(vid, {})
        if not code:
            errors.append(Text(N_("dòng {line}: thiếu mã"), line=line))
        elif level not in levels:
            errors.append(Text(N_("dòng {line}: cấp '{level}' không hợp lệ (cần một trong {levels})"), line=line,
                               level=level, levels=", ".join(level_order)))
        elif code in units and vid:
            errors.append(Text(N_("dòng {line}: mã {code} bị lặp trong danh mục {vintage}"), line=line, code=code,
                               vintage=vid))
        elif code in units:
            errors.append(Text(N_("dòng {line}: mã {code} bị lặp"), line=line, code=code))
        elif scope not in ("", WIDER):
            errors.append(Text(N_("dòng {line}: scope '{scope}' không hợp lệ (để trống hoặc '{wider}')"), line=line,
                               scope=scope, wider=WIDER))
        else:
            units[code] = Unit(code, name, level, parent, kind, vid, scope == WIDER)
    for vid, units in grouped.items():
        orphan = (N_("mã {code}: đơn vị cấp trên {parent} không có trong danh mục (danh mục {vintage})") if vid
                  else N_("mã {code}: đơn vị cấp trên {parent} không có trong danh mục"))
        errors += [Text(orphan, code=u.code, parent=u.parent_code, vintage=vid)
                   for u in units.values() if u.parent_code and u.parent_code not in units]
    ordered = _in_order(periods)
    errors += [Text(N_("danh mục {before} và {after} có hiệu lực chồng lên nhau"),
                    before=PerLang(before.label), after=PerLang(after.label)) for before, after in _overlaps(ordered)]
    if errors:
        raise RegistryError(listed(Text(N_("{source}: danh mục đơn vị không hợp lệ:"), source=source), errors, 20))
    if not any(grouped.values()):
        raise RegistryError(Text(N_("{source}: danh mục đơn vị trống"), source=source))
    return _registries(grouped, ordered, source, level_order)


def _in_order(periods: dict[str, Vintage]) -> list[Vintage]:
    return sorted(periods.values(), key=lambda v: (v.valid_from or datetime.date.min, v.id))


def _overlaps(ordered: list[Vintage]) -> list[tuple[Vintage, Vintage]]:
    """Consecutive vintages whose periods overlap."""
    return [(before, after) for before, after in itertools.pairwise(ordered)
            if before.valid_to is None or (after.valid_from is not None and before.valid_to >= after.valid_from)]


def _registries(grouped: dict[str, dict[str, Unit]], ordered: list[Vintage], source: str,
                level_order: tuple[str, ...]) -> list[Registry]:
    return [Registry(units=grouped[v.id], source=source, level_order=level_order, vintage=v, vintages=(v,))
            for v in ordered]


def _as_codes(values: list[str]) -> list[str]:
    """`as_code` of a column (looked at one by one only when some value ends in '.0')."""
    return [as_code(c) for c in values] if ".0\n" in "\n".join(values) + "\n" else values


def _well_formed(column: dict[str, list[str]], codes: list[str], parents: list[str], source: str,
                 level_order: tuple[str, ...]) -> list[Registry] | None:
    """The registries of a units.csv without a fault, read a column at a time (a national
    registry has 100,000 lines); None at the first fault of any kind, so that the reading line
    by line (`parse_vintages`) names every faulty line as it always has."""
    levels = set(level_order)
    if "" in codes or not levels.issuperset(column["level"]) or not {"", WIDER}.issuperset(column["scope"]):
        return None
    periods: dict[str, Vintage] = {}
    vid_of: dict[tuple[str, str, str], str] = {}
    for given, start, end in set(zip(column["vintage"], column["valid_from"], column["valid_to"], strict=True)):
        try:
            period = (parse_date(start), parse_date(end))
        except ValueError:
            return None
        vid = _vintage_id(given, *period)
        if periods.setdefault(vid, Vintage(vid, *period)) != Vintage(vid, *period):
            return None
        vid_of[(given, start, end)] = vid
    vids = [vid_of[t] for t in zip(column["vintage"], column["valid_from"], column["valid_to"], strict=True)]
    if len(set(zip(vids, codes, strict=True))) != len(codes):
        return None  # a code twice in a vintage
    grouped: dict[str, dict[str, Unit]] = {vid: {} for vid in dict.fromkeys(vids)}
    wider = [scope == WIDER for scope in column["scope"]]
    for unit in map(Unit, codes, column["name"], column["level"], parents, column["type"], vids, wider):
        grouped[unit.vintage][unit.code] = unit
    for units in grouped.values():
        if not all(u.parent_code in units for u in units.values() if u.parent_code):
            return None
    ordered = _in_order(periods)
    if _overlaps(ordered) or not any(grouped.values()):
        return None
    return _registries(grouped, ordered, source, level_order)


def parse_registry(text: str, source: str, level_order: tuple[str, ...]) -> Registry:
    """Parse a one-vintage units.csv (the first vintage of a file with several)."""
    return parse_vintages(text, source, level_order)[0]


REGISTRY_WHAT = N_("danh mục đơn vị")


def read_text(path: Path, what: str = REGISTRY_WHAT) -> str:
    """A CSV's text: UTF-8 (with or without BOM), else Windows-1258. ``what`` names the file
    in messages (a Vietnamese text marked for translation)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RegistryError(Text(N_("Không đọc được {what} {path}: {reason}"), what=Text(what), path=str(path),
                                 reason=str(exc))) from exc
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RegistryError(Text(N_("Không đọc được {what} {path}: tệp không phải văn bản UTF-8 hay Windows-1258 "
                                "(hãy lưu lại từ Excel dạng “CSV UTF-8”)"), what=Text(what), path=str(path)))


def bundled_source(path: Path) -> str:
    """A file's name as a source of units: 'units-2025-07.csv (đi kèm danvan)' for a bundled one."""
    return Text(N_("{name} (đi kèm danvan)"), name=path.name)


def _source(path: Path) -> str:
    return bundled_source(path) if path.parent == bundled_units()[0].parent else str(path)


def load_vintages(paths: list[Path], level_order: tuple[str, ...]) -> list[Registry]:
    """Every vintage of the registry files, in order of validity."""
    found: list[Registry] = []
    for path in paths:
        found += parse_vintages(read_text(path), _source(path), level_order)
    ids = [r.vintage.id for r in found]
    repeated = sorted({v for v in ids if ids.count(v) > 1})
    if repeated:
        raise RegistryError(Text(N_("danh mục {vintages} có trong nhiều tệp: {paths}"), vintages=", ".join(repeated),
                                 paths=", ".join(map(str, paths))))
    return sorted(found, key=lambda r: (r.vintage.valid_from or datetime.date.min, r.vintage.id))


def load_registry(path: Path, level_order: tuple[str, ...]) -> Registry:
    """A one-vintage registry file (the first vintage of a file with several)."""
    return load_vintages([path], level_order)[0]


def find_registry(units: Path | None, year_dir: Path | None) -> Path:
    """Apply the lookup order of docs/contract.md §3 (the bundled 2020-2024 registry last;
    `find_registries` gives every bundled vintage)."""
    return find_registries(units, year_dir)[0]


def find_registries(units: Path | None, year_dir: Path | None) -> list[Path]:
    """The registry files to read: the one given or found, else every bundled vintage."""
    if units is not None:
        if not units.is_file():
            raise RegistryError(Text(N_("Không tìm thấy danh mục đơn vị: {path}"), path=str(units)))
        return [units]
    if year_dir is not None:
        for folder in (year_dir, year_dir.parent):
            candidate = folder / REGISTRY_NAME
            if candidate.is_file():
                return [candidate]
    return bundled_units()
