"""Units across time: the vintages of a registry, the crosswalk between them, the units
in force in a reporting year, and the comparison areas that stay the same territory.

The crosswalk (``crosswalk.csv``) has one row per (old unit, new unit) at each change:
``from_vintage, from_code, to_vintage, to_code, share`` — share 1 when the whole old unit
went into the new one, a fraction for a known part, blank for a part nobody measured.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Literal, get_args

from danvan_cli.errors import RegistryError, UsageError
from danvan_cli.i18n import N_, translator
from danvan_cli.issues import PerLang, Text, joined
from danvan_cli.resources import bundled_crosswalk, bundled_units
from danvan_cli.spec.messages import listed
from danvan_cli.text import fold
from danvan_cli.units.registry import (
    REGISTRY_NAME,
    Registry,
    Unit,
    Vintage,
    as_code,
    bundled_source,
    load_vintages,
    read_text,
)

CROSSWALK_NAME = "crosswalk.csv"
CROSSWALK_COLUMNS = ("from_vintage", "from_code", "to_vintage", "to_code")
Scope = Literal["old-territory", "new-province"]  # how a unit that only grew is read (--scope)
SCOPES: tuple[Scope, ...] = get_args(Scope)


@dataclass(frozen=True)
class Link:
    """Part or all of ``from_code`` (valid in ``from_vintage``) went into ``to_code``."""

    from_vintage: str
    from_code: str
    to_vintage: str
    to_code: str
    share: float | None  # None: a part of unknown size


@dataclass(frozen=True)
class Crosswalk:
    links: tuple[Link, ...]
    source: str

    @cached_property
    def _forward(self) -> dict[tuple[str, str], list[Link]]:
        found: dict[tuple[str, str], list[Link]] = {}
        for link in self.links:
            found.setdefault((link.from_vintage, link.from_code), []).append(link)
        return found

    @cached_property
    def _backward(self) -> dict[tuple[str, str], list[Link]]:
        found: dict[tuple[str, str], list[Link]] = {}
        for link in self.links:
            found.setdefault((link.to_vintage, link.to_code), []).append(link)
        return found

    def restricted(self, ids: set[str]) -> Crosswalk:
        """The links between the vintages ``ids`` only; a vintage in between that is not there
        (2025-01 between a registry's 2020-2024 and 2025-07) is stepped over by joining its
        links (shares multiplied; unknown stays unknown)."""
        links = list(self.links)
        between = {v for link in links for v in (link.from_vintage, link.to_vintage)} - ids
        for middle in sorted(between):
            into = [k for k in links if k.to_vintage == middle]
            out: dict[str, list[Link]] = {}
            for k in links:
                if k.from_vintage == middle:
                    out.setdefault(k.from_code, []).append(k)
            joined = [Link(a.from_vintage, a.from_code, b.to_vintage, b.to_code,
                           None if a.share is None or b.share is None else a.share * b.share)
                      for a in into for b in out.get(a.to_code, [])]
            links = [k for k in links if middle not in (k.from_vintage, k.to_vintage)] + joined
        merged: dict[tuple[str, str, str, str], Link] = {}
        for k in links:  # two paths between the same pair (a split rejoined): shares add
            key = (k.from_vintage, k.from_code, k.to_vintage, k.to_code)
            if key in merged:
                old = merged[key]
                share = None if old.share is None or k.share is None else old.share + k.share
                merged[key] = Link(*key, share)
            else:
                merged[key] = k
        return Crosswalk(tuple(k for k in merged.values() if k.from_vintage in ids and k.to_vintage in ids), self.source)

    def successors(self, vintage: str, code: str) -> list[Link]:
        return self._forward.get((vintage, code), [])

    def predecessors(self, vintage: str, code: str) -> list[Link]:
        return self._backward.get((vintage, code), [])


def parse_crosswalk(text: str, source: str) -> Crosswalk:
    """Parse crosswalk.csv text; every problem names the line."""
    import csv

    try:
        table = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise RegistryError(Text(N_("{source}: không đọc được bảng chuyển đổi: {reason}"), source=source,
                                 reason=str(exc))) from exc
    header = [c.strip().lower() for c in (table[0] if table else [])]
    rows = [dict(zip(header, cells, strict=False)) for cells in table[1:]]
    missing = [c for c in CROSSWALK_COLUMNS if c not in header]
    if missing:
        raise RegistryError(Text(N_("{source}: thiếu cột {columns} (cần {required})"), source=source,
                                 columns=", ".join(missing), required=",".join((*CROSSWALK_COLUMNS, "share"))))
    links: list[Link] = []
    errors: list[Text] = []
    for line, row in enumerate(rows, start=2):
        cells = {k: v.strip() for k, v in row.items()}
        if not any(cells.values()):
            continue
        values = [cells.get(c, "") for c in CROSSWALK_COLUMNS]
        if not all(values):
            errors.append(Text(N_("dòng {line}: thiếu {columns}"), line=line,
                               columns=", ".join(c for c, v in zip(CROSSWALK_COLUMNS, values, strict=True) if not v)))
            continue
        share_text = cells.get("share", "").replace(",", ".")
        share: float | None = None
        if share_text:
            try:
                share = float(share_text.rstrip("%")) / (100 if share_text.endswith("%") else 1)
            except ValueError:
                errors.append(Text(N_("dòng {line}: tỷ lệ '{share}' không phải số (1 = toàn bộ; để trống nếu không rõ)"),
                                   line=line, share=cells["share"]))
                continue
            if not 0 < share <= 1:
                errors.append(Text(N_("dòng {line}: tỷ lệ {share} phải lớn hơn 0 và không quá 1"), line=line,
                                   share=cells["share"]))
                continue
        from_vintage, from_code, to_vintage, to_code = (as_code(v) for v in values)
        links.append(Link(from_vintage, from_code, to_vintage, to_code, share))
    if errors:
        raise RegistryError(listed(Text(N_("{source}: bảng chuyển đổi không hợp lệ:"), source=source), errors, 20,
                                   count_rest=False))
    return Crosswalk(tuple(links), source)


def load_crosswalk(path: Path) -> Crosswalk:
    source = bundled_source(path) if path == bundled_crosswalk() else str(path)
    return parse_crosswalk(read_text(path, N_("bảng chuyển đổi đơn vị")), source)


def find_crosswalk(crosswalk: Path | None, registry_paths: list[Path]) -> Path | None:
    """``--crosswalk``; else crosswalk.csv beside the registry; else the bundled Ninh Bình one."""
    if crosswalk is not None:
        if not crosswalk.is_file():
            raise RegistryError(Text(N_("Không tìm thấy bảng chuyển đổi đơn vị: {path}"), path=str(crosswalk)))
        return crosswalk
    if registry_paths and registry_paths != bundled_units():
        beside = registry_paths[0].parent / CROSSWALK_NAME
        if beside.is_file():
            return beside
    path = bundled_crosswalk()
    return path if path.is_file() else None


@dataclass(frozen=True)
class Area:
    """A comparison area: old units that together make whole new units (the crosswalk's
    connected groups), so sums over it are the same territory before and after."""

    id: str  # the latest units' codes: '14329', '14488+14533'
    name: str
    members: tuple[tuple[str, str], ...]  # (vintage, code) of every unit in it, all vintages


@dataclass
class UnitHistory:
    """Every vintage of a programme's units and the crosswalk between them."""

    vintages: tuple[Registry, ...]
    crosswalk: Crosswalk
    level_order: tuple[str, ...]
    _years: dict[tuple[int, str], Registry] = field(default_factory=dict, repr=False, compare=False)

    @property
    def source(self) -> str:
        return joined(list(dict.fromkeys(r.source for r in self.vintages)))

    def vintage(self, vid: str) -> Registry:
        for registry in self.vintages:
            if registry.vintage.id == vid:
                return registry
        have = joined([r.vintage.id or Text(N_("(một danh mục)")) for r in self.vintages])
        raise UsageError(Text(N_("Không có danh mục {vintage} (có: {have})"), vintage=vid, have=have))

    def in_force(self, year: int) -> list[Registry]:
        return [r for r in self.vintages if r.vintage.overlaps(year)]

    def at(self, day: datetime.date) -> Registry | None:
        return next((r for r in self.vintages if r.vintage.covers(day)), None)

    def meanings(self, code: str) -> list[Unit]:
        """Every unit the code names, in order of validity."""
        return [r.units[code] for r in self.vintages if code in r.units]

    def for_year(self, year: int, scope: str = "old-territory") -> Registry:
        """The units a reporting year's rows may name: every vintage in force in the year.
        The vintage in force at the reporting date (31/12) is the reporting one; a code that
        means another unit in an earlier vintage of the year is keyed ``code@vintage`` there.
        A code whose name stays the same (the province, 37) is one unit to a reader: read as
        the programme's territory (`old-territory`) or the wider new unit (`new-province`)."""
        if scope not in SCOPES:
            raise UsageError(Text(N_("--scope {scope}: cần một trong {scopes}"), scope=scope, scopes=", ".join(SCOPES)))
        key = (year, scope)
        if key not in self._years:
            self._years[key] = self._build_year(year, scope)
        return self._years[key]

    def _build_year(self, year: int, scope: str) -> Registry:
        in_force = self.in_force(year)
        if not in_force:
            spans = joined([PerLang(r.vintage.label) for r in self.vintages])
            raise RegistryError(Text(N_("{source}: không có danh mục đơn vị nào có hiệu lực năm {year} (có: {spans})"),
                                     source=self.source, year=year, spans=spans))
        day = datetime.date(year, 12, 31)
        primary = next((r for r in in_force if r.vintage.covers(day)), in_force[-1])
        every = tuple(r.vintage for r in self.vintages)
        if len(in_force) == 1:
            # the same units every such year: one registry, so its indexes are built once
            # (a score reads the year before too)
            for (_, other), registry in self._years.items():
                if other == scope and registry.units is primary.units:
                    return registry
            return replace(primary, vintages=every, members={primary.vintage.id: tuple(primary.units)},
                           history=self)
        order = [primary] + [r for r in reversed(in_force) if r is not primary]
        meanings: dict[str, list[Unit]] = {}
        for registry in order:
            for code, unit in registry.units.items():
                meanings.setdefault(code, []).append(unit)
        key_of: dict[tuple[str, str], str] = {}
        chosen: dict[str, Unit] = {}
        alternates: dict[str, tuple[str, ...]] = {}
        notes = []
        scoped: set[str] = set()
        for code, units in meanings.items():
            # one code, several meanings: each its own key, the reporting vintage's the plain code;
            # except a unit whose name stays and only its territory grows (the province, 37),
            # which a reader cannot tell apart: read by --scope
            groups: list[list[Unit]] = []
            for unit in units:
                same = next((g for g in groups if fold(g[0].name) == fold(unit.name) and g[0].level == unit.level
                             and g[0].wider != unit.wider), None)
                if same is not None:
                    same.append(unit)
                else:
                    groups.append([unit])
            keys = []
            for i, group in enumerate(groups):
                best = group[0]
                if len(group) > 1:
                    best = next(u for u in group if u.wider == (scope == "new-province"))
                    notes.append(f"{code} {best.name}")
                    scoped.add(code if i == 0 else f"{code}@{best.vintage}")
                k = code if i == 0 else f"{code}@{best.vintage}"
                chosen[k] = best
                keys.append(k)
                for unit in group:
                    key_of[(unit.vintage, code)] = k
            if len(keys) > 1:
                alternates[code] = tuple(keys)
        units_by_key = {k: u._replace(parent_code=key_of.get((u.vintage, u.parent_code), u.parent_code))
                        for k, u in chosen.items()}
        members = {r.vintage.id: tuple(dict.fromkeys(key_of[(r.vintage.id, c)] for c in r.units)) for r in in_force}
        note = ""
        if notes:
            reading = (N_("địa bàn tỉnh cũ, địa bàn của Đề án") if scope == "old-territory"
                       else N_("đơn vị mới, rộng hơn địa bàn Đề án"))
            note = Text(N_("năm {year}: {units} có cùng mã và tên trong hai danh mục nhưng khác địa bàn; "
                           "dòng của đơn vị này được hiểu là {reading} (--scope {scope})"),
                        year=year, units=", ".join(notes), reading=Text(reading), scope=scope)
        return Registry(units=units_by_key, source=primary.source if len({r.source for r in in_force}) == 1 else self.source,
                        level_order=self.level_order, vintage=primary.vintage, vintages=every, members=members,
                        alternates=alternates, scope_note=note, scoped=frozenset(scoped),
                        history=self)

    def elsewhere(self, code: str, year: int | None = None, lang: str = "vi", besides: str | None = None) -> str:
        """Where a code is valid outside the year's vintages (or outside the one vintage ``besides``):
        'mã 14584 là Xã Khánh Thiện đến 31/12/2024'."""
        found = [(r.vintage, r.units[code]) for r in self.vintages if code in r.units
                 and (r.vintage.id != besides if besides is not None else year is None or not r.vintage.overlaps(year))]
        said = translator(lang).gettext("mã {code} là {name} {span}")
        return "; ".join(said.format(code=code, name=u.name, span=v.span(lang)) for v, u in found)

    def relabel(self, node: tuple[str, str], into: set[str]) -> tuple[str, str] | None:
        """The same unit in one of the vintages ``into``, when every step back is one whole unit
        to one whole unit (a unit that kept its territory: the province 37 from 2020-2024 to
        2025-01); None when it merged, split or has no past there."""
        seen = 0
        while node[0] not in into and seen < 16:
            back = self.crosswalk.predecessors(*node)
            if len(back) != 1 or back[0].share != 1:
                return None
            link = back[0]
            if len(self.crosswalk.successors(link.from_vintage, link.from_code)) != 1:
                return None
            if self._wider(node) != self._wider((link.from_vintage, link.from_code)):
                return None
            node = (link.from_vintage, link.from_code)
            seen += 1
        return node if node[0] in into else None

    def _wider(self, node: tuple[str, str]) -> bool:
        for registry in self.vintages:
            if registry.vintage.id == node[0]:
                unit = registry.units.get(node[1])
                return bool(unit and unit.wider)
        return False

    # -- comparison areas --------------------------------------------------------------

    @cached_property
    def area_level(self) -> str | None:
        """The finest level the crosswalk links (xã for Ninh Bình)."""
        linked = {self._level(link.from_vintage, link.from_code) for link in self.crosswalk.links}
        present = [lv for lv in self.level_order if lv in linked]
        return present[-1] if present else None

    def _level(self, vid: str, code: str) -> str | None:
        for registry in self.vintages:
            if registry.vintage.id == vid:
                unit = registry.units.get(code)
                return unit.level if unit else None
        return None

    @cached_property
    def areas(self) -> tuple[Area, ...]:
        """The crosswalk's connected groups of units at the area level, over all vintages."""
        level = self.area_level
        if level is None:
            return ()
        parent: dict[tuple[str, str], tuple[str, str]] = {}

        def root(node: tuple[str, str]) -> tuple[str, str]:
            while parent[node] != node:
                parent[node] = parent[parent[node]]
                node = parent[node]
            return node

        for registry in self.vintages:
            for code, unit in registry.units.items():
                if unit.level == level:
                    parent[(registry.vintage.id, code)] = (registry.vintage.id, code)
        for link in self.crosswalk.links:
            a, b = (link.from_vintage, link.from_code), (link.to_vintage, link.to_code)
            if a in parent and b in parent:
                parent[root(a)] = root(b)
        groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for node in parent:
            groups.setdefault(root(node), []).append(node)
        rank = {r.vintage.id: i for i, r in enumerate(self.vintages)}
        areas = []
        for nodes in groups.values():
            latest = max(rank[v] for v, _ in nodes)
            heads = sorted((c for v, c in nodes if rank[v] == latest), key=lambda c: (len(c), c))
            registry = self.vintages[latest]
            areas.append(Area("+".join(heads), " + ".join(registry.units[c].name for c in heads),
                              tuple(sorted(nodes, key=lambda n: (rank[n[0]], len(n[1]), n[1])))))
        return tuple(sorted(areas, key=lambda a: (len(a.id.split("+")[0]), a.id)))

    @cached_property
    def area_of(self) -> dict[tuple[str, str], str]:
        """(vintage, code) of a unit at the area level → its area id."""
        return {node: area.id for area in self.areas for node in area.members}

    def area_of_key(self, registry: Registry, key: str) -> str | None:
        """A year's unit (by key) → its comparison area; units above the area level have none."""
        level = self.area_level
        unit = registry.units.get(key)
        seen = 0
        while unit is not None and seen < 16:
            if unit.level == level:
                return self.area_of.get((unit.vintage, unit.code))
            unit = registry.units.get(unit.parent_code)
            seen += 1
        return None

    def old_districts(self, vid: str, code: str) -> list[str]:
        """The districts of the earliest vintage with districts that a unit's territory came
        from (through the crosswalk): one for a unit wholly inside an old district."""
        district = self.level_order[1] if len(self.level_order) > 1 else None
        with_districts = [r for r in self.vintages if district and r.has_level(district)]
        if not with_districts:
            return []
        target = with_districts[0].vintage.id
        frontier, seen = {(vid, code)}, set()
        found: set[tuple[str, str]] = set()
        while frontier:
            node = frontier.pop()
            if node in seen:
                continue
            seen.add(node)
            if node[0] == target:
                found.add(node)
                continue
            frontier |= {(link.from_vintage, link.from_code) for link in self.crosswalk.predecessors(*node)}
        registry = with_districts[0]
        names = {registry.name(registry.ancestor_at(c, district or "") or "") for _, c in found}
        return sorted(n for n in names if n)


ADMIN_LEVELS = 3  # the levels a registry is recognised by (tỉnh, huyện, xã): villages vary by office


def _admin_units(registry: Registry) -> int:
    levels = set(registry.level_order[:ADMIN_LEVELS])
    return sum(1 for u in registry.units.values() if u.level in levels)


def _signature(registry: Registry) -> frozenset[tuple[str, str, str]]:
    levels = set(registry.level_order[:ADMIN_LEVELS])
    return frozenset((u.code, fold(u.name), u.level) for u in registry.units.values() if u.level in levels)


def identify(vintages: list[Registry], level_order: tuple[str, ...], dated: bool) -> list[Registry]:
    """A registry file without vintage columns whose province, districts and communes are
    exactly those of a bundled vintage (a 2025/units.csv listing the 39 new units and their
    villages) is that vintage: it takes its id, so the crosswalk applies, and with ``dated``
    (several year folders' registries put together) its dates; alone it stays valid every year."""
    if all(r.vintage.id for r in vintages):
        return vintages
    try:
        bundled = {_signature(r): r.vintage for r in load_vintages(bundled_units(), level_order)}
    except RegistryError:  # another programme's levels: the Ninh Bình vintages say nothing
        return vintages
    sizes = {len(signature) for signature in bundled}
    found = []
    for registry in vintages:
        # a registry of another size is none of them: no need to fold its 100,000 names
        same_size = _admin_units(registry) in sizes
        known = bundled.get(_signature(registry)) if not registry.vintage.id and same_size else None
        if known is None:
            found.append(registry)
            continue
        known = known if dated else Vintage(known.id)
        units = {c: u._replace(vintage=known.id) for c, u in registry.units.items()}
        found.append(replace(registry, units=units, vintage=known, vintages=(known,),
                             source=Text(N_("{source} (= danh mục {vintage})"), source=registry.source,
                                         vintage=known.id)))
    return found


def load_history(paths: list[Path], crosswalk: Path | None, level_order: tuple[str, ...],
                 more: list[Registry] | None = None) -> UnitHistory:
    """The registry files' vintages (and ``more``: other year folders' registries, for a
    summary whose years have registries of their own) and the crosswalk found for them."""
    vintages = identify(load_vintages(paths, level_order), level_order, dated=more is not None)
    ids = {r.vintage.id for r in vintages}
    vintages += [r for r in more or [] if r.vintage.id and r.vintage.id not in ids]
    vintages.sort(key=lambda r: (r.vintage.valid_from or datetime.date.min, r.vintage.id))
    found = find_crosswalk(crosswalk, paths)
    walk = load_crosswalk(found) if found is not None else Crosswalk((), "")
    if found == bundled_crosswalk() and paths != bundled_units():
        # the bundled Ninh Bình crosswalk beside another registry: its steps between the
        # vintages that registry has (a registry with the same vintage ids, as the samples')
        walk = walk.restricted({r.vintage.id for r in vintages})
    return UnitHistory(tuple(vintages), walk, level_order)


__all__ = ["Area", "Crosswalk", "Link", "REGISTRY_NAME", "SCOPES", "UnitHistory", "find_crosswalk",
           "load_crosswalk", "load_history", "parse_crosswalk"]
