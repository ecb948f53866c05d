"""Units across vintages for people: look a code or a name up (its meanings and where each
went through the crosswalk), list a vintage, and check a registry with its crosswalk.
The logic of `danvan units`; nothing here prints.

A code means a unit only with its vintage (14329 is Phường Vân Giang until 30/6/2025,
Phường Hoa Lư after), so every answer names the vintage and its dates.
"""

from __future__ import annotations

import datetime
import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Literal

from danvan_cli.errors import UsageError
from danvan_cli.i18n import N_, translator
from danvan_cli.issues import Localized, PerLang, Text, joined
from danvan_cli.tolerance import close
from danvan_cli.units.history import Link, UnitHistory
from danvan_cli.units.registry import Registry, Unit, Vintage, as_code, parse_date

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
# what a finding of `check` is about
FindingKind = Literal["orphan_vintage", "orphan_code", "cycle", "vanishes", "appears", "level_ends", "level_begins",
                      "shares_sum", "unknown_shares", "level_unlinked"]

Node = tuple[str, str]  # (vintage id, code)


# -- results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Related:
    """A unit reached through the crosswalk, and how much of the older unit of the pair went
    into the newer one over every path: 1 whole, a fraction, None a part of unknown size."""

    code: str
    name: str  # '' when the crosswalk names a code the registry does not have
    share: float | None

    def label(self, lang: str = "vi") -> str:
        text = f"{self.code} {self.name}".strip() if self.name else f"{self.code} ?"
        if self.share is None:
            return translator(lang).gettext("{unit} (một phần)").format(unit=text)
        if not close(self.share, 1):
            return f"{text} ({self.share * 100:.4g}%)"
        return text

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "share": self.share}


@dataclass(frozen=True)
class Step:
    """The units of one vintage on a unit's way back or forward."""

    vintage: Vintage
    units: tuple[Related, ...]

    def names(self, lang: str = "vi") -> str:
        """'14488 Xã Gia Vân (một phần) + 14533 Phường Tây Hoa Lư (một phần)'."""
        return " + ".join(u.label(lang) for u in self.units)

    def label(self, lang: str = "vi") -> str:
        return f"{self.names(lang)} ({self.vintage.span(lang) or self.vintage.id})"

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        return {**_vintage_json(self.vintage, lang), "units": [u.to_json() for u in self.units]}


@dataclass(frozen=True)
class Meaning:
    """One unit of one vintage, with where it came from and where it went."""

    unit: Unit
    vintage: Vintage
    parent_name: str = ""
    predecessors: tuple[Step, ...] = ()  # earliest vintage first
    successors: tuple[Step, ...] = ()  # next vintage first

    def label(self, lang: str = "vi") -> str:
        """'14584 Xã Khánh Thiện (đến 31/12/2024)'."""
        span = self.vintage.span(lang) or self.vintage.id
        return f"{self.unit.code} {self.unit.name}" + (f" ({span})" if span else "")

    def chain(self, lang: str = "vi") -> str:
        """'14584 Xã Khánh Thiện (đến 31/12/2024) → 14563 Xã Khánh Thiện (1/1/2025-30/6/2025) → …'."""
        return " → ".join([*(s.label(lang) for s in self.predecessors), self.label(lang),
                           *(s.label(lang) for s in self.successors)])

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        unit = self.unit
        return {"code": unit.code, "name": unit.name, "level": unit.level, "type": unit.type,
                "parent_code": unit.parent_code, "parent_name": self.parent_name,
                **_vintage_json(self.vintage, lang),
                "predecessors": [s.to_json(lang) for s in self.predecessors],
                "successors": [s.to_json(lang) for s in self.successors]}


@dataclass(frozen=True)
class VintageSummary:
    """A vintage of the registry: its dates, its units per level, the file it comes from."""

    vintage: Vintage
    counts: dict[str, int]  # level id → units, in the hierarchy's order
    source: str

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        return {**_vintage_json(self.vintage, lang), "counts": self.counts, "source": self.source}


@dataclass(frozen=True)
class Finding:
    """One problem (or remark) about a registry and its crosswalk."""

    severity: Severity
    kind: FindingKind
    text: Localized  # what is found, in words (Vietnamese, translated by the units catalog)
    vintage: str = ""
    code: str = ""
    units: tuple[str, ...] = field(default=())  # the codes concerned, when several

    def message(self, lang: str = "vi") -> str:
        return self.text.in_lang(lang)

    @property
    def vi(self) -> str:
        """The message in Vietnamese (for callers written before `message(lang)`)."""
        return self.message("vi")

    @property
    def en(self) -> str:
        """The message in English (for callers written before `message(lang)`)."""
        return self.message("en")

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        return {"severity": self.severity, "kind": self.kind, "vintage": self.vintage, "code": self.code,
                "units": list(self.units), "message": self.message(lang)}


def _vintage_json(vintage: Vintage, lang: str = "vi") -> dict[str, Any]:
    return {"vintage": vintage.id,
            "valid_from": vintage.valid_from.isoformat() if vintage.valid_from else None,
            "valid_to": vintage.valid_to.isoformat() if vintage.valid_to else None,
            "span": vintage.span(lang)}


# -- lookup ----------------------------------------------------------------------------


def _code(query: str) -> str:
    """'14329', ' 14329.0 ' → '14329' (a code typed in Excel)."""
    return as_code(query.strip())


def is_code(history: UnitHistory, query: str) -> bool:
    """Whether the query is a code of some vintage (else it is read as a name)."""
    code = _code(query)
    return any(code in r.units for r in history.vintages)


def _name_key(name: str) -> tuple[str, str]:
    """'Xã Khánh Tiên' → ('xa', 'khanh tien'): the kind and the folded name, as rows' names
    are matched in validation."""
    # imported here: validation sits above units and pulls in pandas
    from danvan_cli.validation.units import _kind_and_name

    return _kind_and_name(name)


def names_equal(query: str, name: str) -> bool:
    """'Khánh Tiên', 'xa khanh tien' and 'Xã Khánh Tiên' are 'Xã Khánh Tiên'; 'Huyện Hoa Lư'
    is not 'Phường Hoa Lư', and 'Hoa Lư' is not 'Phường Nam Hoa Lư'."""
    kind, short = _name_key(query)
    their_kind, their_short = _name_key(name)
    return bool(short) and short == their_short and (not kind or kind == their_kind)


def lookup(history: UnitHistory, query: str, vintages: list[str] | None = None) -> list[Meaning]:
    """Every meaning of a code, or every unit with that name, in every vintage (or in the
    given vintages), with where it came from and went; unknown → []."""
    wanted = None if vintages is None else set(vintages)
    code = _code(query)
    found: list[Meaning] = []
    by_code = is_code(history, query)
    for registry in history.vintages:
        if wanted is not None and registry.vintage.id not in wanted:
            continue
        if by_code:
            units = [registry.units[code]] if code in registry.units else []
        else:
            units = [u for u in _ordered(registry) if names_equal(query, u.name)]
        found += [describe(history, registry, unit) for unit in units]
    return found


def describe(history: UnitHistory, registry: Registry, unit: Unit) -> Meaning:
    """A unit of a vintage with its predecessors and successors, followed to the ends."""
    node = (registry.vintage.id, unit.code)
    parent = registry.units.get(unit.parent_code)
    return Meaning(unit, registry.vintage, parent.name if parent else "",
                   _steps(history, node, forward=False), _steps(history, node, forward=True))


def _steps(history: UnitHistory, start: Node, forward: bool) -> tuple[Step, ...]:
    walk = history.crosswalk
    reached: list[Node] = []
    seen, queue = {start}, deque([start])
    while queue:
        node = queue.popleft()
        links = walk.successors(*node) if forward else walk.predecessors(*node)
        for link in links:
            nxt = (link.to_vintage, link.to_code) if forward else (link.from_vintage, link.from_code)
            if nxt not in seen:
                seen.add(nxt)
                reached.append(nxt)
                queue.append(nxt)
    rank = {r.vintage.id: i for i, r in enumerate(history.vintages)}
    groups: dict[str, list[Related]] = {}
    for vid, code in sorted(reached, key=lambda n: (rank.get(n[0], len(rank)), n[0], len(n[1]), n[1])):
        share = _fraction(history, start, (vid, code), {}, set()) if forward else \
            _fraction(history, (vid, code), start, {}, set())
        registry = history.vintages[rank[vid]] if vid in rank else None
        unit = registry.units.get(code) if registry else None
        groups.setdefault(vid, []).append(Related(code, unit.name if unit else "", share))
    return tuple(Step(history.vintages[rank[v]].vintage if v in rank else Vintage(v), tuple(units))
                 for v, units in groups.items())


def _fraction(history: UnitHistory, source: Node, target: Node, memo: dict[Node, float | None],
              path: set[Node]) -> float | None:
    """How much of ``source`` ended up in ``target``: the sum over every path of the product
    of the shares; 0 when no path; None when a path has a part of unknown size."""
    if source == target:
        return 1.0
    if source in memo:
        return memo[source]
    if source in path:  # a cycle (reported by `check`): a path that comes back adds nothing
        return 0.0
    path.add(source)
    total: float | None = 0.0
    for link in history.crosswalk.successors(*source):
        below = _fraction(history, (link.to_vintage, link.to_code), target, memo, path)
        if below == 0.0:
            continue
        if below is None or link.share is None or total is None:
            total = None
        else:
            total += link.share * below
    path.discard(source)
    memo[source] = total
    return total


def _ordered(registry: Registry) -> list[Unit]:
    """A vintage's units, higher levels first, then by code."""
    return [registry.units[k] for k in registry.codes_at(list(registry.level_order))]


# -- listing ---------------------------------------------------------------------------

_YEAR = re.compile(r"\d{4}")


def select_vintages(history: UnitHistory, which: str | int | datetime.date) -> list[Registry]:
    """A vintage by id ('2025-01'), by a date (the one in force that day) or by a year
    (every vintage in force in the year: two in 2025)."""
    ids = joined([PerLang(r.vintage.label) for r in history.vintages])
    if isinstance(which, datetime.date):
        found = history.at(which)
        if found is None:
            raise UsageError(Text(N_("Không có danh mục nào có hiệu lực ngày {day} (có: {vintages})"),
                                  day=f"{which:%d/%m/%Y}", vintages=ids))
        return [found]
    text = str(which).strip()
    if any(r.vintage.id == text for r in history.vintages):
        return [history.vintage(text)]
    if isinstance(which, int) or _YEAR.fullmatch(text):
        found_year = history.in_force(int(text))
        if not found_year:
            raise UsageError(Text(N_("Không có danh mục nào có hiệu lực năm {year} (có: {vintages})"), year=text,
                                  vintages=ids))
        return found_year
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is None:
        raise UsageError(Text(N_("Không có danh mục {vintage} (có: {vintages}); cho mã danh mục, ngày (1/7/2025) hoặc năm"),
                              vintage=text, vintages=ids))
    return select_vintages(history, day)


def list_vintage(history: UnitHistory, which: str | int | datetime.date) -> list[Meaning]:
    """The units of a vintage (or of every vintage in force in a year), higher levels first."""
    found = []
    for registry in select_vintages(history, which):
        for unit in _ordered(registry):
            parent = registry.units.get(unit.parent_code)
            found.append(Meaning(unit, registry.vintage, parent.name if parent else ""))
    return found


def overview(history: UnitHistory) -> list[VintageSummary]:
    """Every vintage with its units per level."""
    summaries = []
    for registry in history.vintages:
        levels = [u.level for u in registry.units.values()]
        counts = {lv: levels.count(lv) for lv in history.level_order if lv in levels}
        summaries.append(VintageSummary(registry.vintage, counts, registry.source))
    return summaries


# -- check -----------------------------------------------------------------------------


def check(history: UnitHistory) -> list[Finding]:
    """What is wrong or worth knowing about the registry's vintages and the crosswalk:
    errors first, then warnings, then remarks."""
    findings = _orphans(history) + _cycles(history) + _coverage(history) + _shares(history)
    return sorted(findings, key=lambda f: SEVERITIES.index(f.severity))


def _rank(history: UnitHistory) -> dict[str, int]:
    return {r.vintage.id: i for i, r in enumerate(history.vintages)}


def _name(history: UnitHistory, node: Node) -> str:
    """'14503 Xã Gia Tân (2025-01)'."""
    vid, code = node
    rank = _rank(history)
    unit = history.vintages[rank[vid]].units.get(code) if vid in rank else None
    return f"{code} {unit.name} ({vid})" if unit else f"{code} ({vid})"


def _orphans(history: UnitHistory) -> list[Finding]:
    rank = _rank(history)
    have = ", ".join(rank) or "—"
    vintages: dict[str, int] = {}
    codes: dict[Node, int] = {}
    for link in history.crosswalk.links:
        for vid, code in ((link.from_vintage, link.from_code), (link.to_vintage, link.to_code)):
            if vid not in rank:
                vintages[vid] = vintages.get(vid, 0) + 1
            elif code not in history.vintages[rank[vid]].units:
                codes[(vid, code)] = codes.get((vid, code), 0) + 1
    found = [Finding("error", "orphan_vintage",
                     Text.ngettext("bảng chuyển đổi nhắc tới danh mục {vintage} ({n} lần) nhưng danh mục đơn vị không có "
                                   "danh mục này (có: {have})",
                                   "bảng chuyển đổi nhắc tới danh mục {vintage} ({n} lần) nhưng danh mục đơn vị không có "
                                   "danh mục này (có: {have})", n, vintage=vid, have=have),
                     vintage=vid) for vid, n in vintages.items()]
    found += [Finding("error", "orphan_code",
                      Text.ngettext("bảng chuyển đổi nhắc tới mã {code} của danh mục {vintage} ({n} lần) nhưng danh mục "
                                    "{vintage} không có mã này",
                                    "bảng chuyển đổi nhắc tới mã {code} của danh mục {vintage} ({n} lần) nhưng danh mục "
                                    "{vintage} không có mã này", n, code=code, vintage=vid),
                      vintage=vid, code=code) for (vid, code), n in codes.items()]
    return found


def _cycles(history: UnitHistory) -> list[Finding]:
    """Strongly connected groups of the crosswalk's graph (Tarjan): a unit that is its own
    predecessor."""
    walk = history.crosswalk
    graph: dict[Node, list[Node]] = {}
    for link in walk.links:
        graph.setdefault((link.from_vintage, link.from_code), []).append((link.to_vintage, link.to_code))
    index: dict[Node, int] = {}
    low: dict[Node, int] = {}
    stack: list[Node] = []
    on_stack: set[Node] = set()
    groups: list[list[Node]] = []

    def visit(root: Node) -> None:  # iterative: a long chain must not hit the recursion limit
        work = [(root, iter(graph.get(root, ())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, ()))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in graph.get(node, ()):
                    groups.append(group)

    for node in list(graph):
        if node not in index:
            visit(node)
    rank = _rank(history)
    found = []
    for group in groups:
        members = set(group)
        start = min(group, key=lambda n: (rank.get(n[0], len(rank)), n[0], len(n[1]), n[1]))
        cycle = _cycle_from(graph, start, members)
        text = " → ".join(_name(history, n) for n in cycle)
        found.append(Finding("error", "cycle",
                             Text(N_("vòng lặp trong bảng chuyển đổi: {cycle} (một đơn vị không thể là đơn vị tiền thân "
                                     "của chính nó)"), cycle=text),
                             vintage=start[0], code=start[1], units=tuple(c for _, c in cycle[:-1])))
    return found


def _cycle_from(graph: dict[Node, list[Node]], start: Node, members: set[Node]) -> list[Node]:
    """A shortest path start → … → start inside a strongly connected group."""
    parent: dict[Node, Node] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in graph.get(node, ()):
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return [*reversed(path), start]
            if child in members and child not in parent:
                parent[child] = node
                queue.append(child)
    return [start, start]


def _coverage(history: UnitHistory) -> list[Finding]:
    """Units of a vintage that go nowhere in the next one, or come from nowhere in the
    previous one; levels the crosswalk does not link at all."""
    vintages = history.vintages
    if len(vintages) < 2:
        return []
    walk = history.crosswalk
    rank = _rank(history)
    linked: set[str] = set()
    for link in walk.links:
        for vid, code in ((link.from_vintage, link.from_code), (link.to_vintage, link.to_code)):
            unit = vintages[rank[vid]].units.get(code) if vid in rank else None
            if unit is not None:
                linked.add(unit.level)
    present = [lv for lv in history.level_order if any(r.has_level(lv) for r in vintages)]
    finest = max((history.level_order.index(lv) for lv in linked), default=-1)
    found: list[Finding] = []
    for level in present:
        if level in linked:
            continue
        below = history.level_order.index(level) > finest
        found.append(Finding("info" if below and linked else "warning", "level_unlinked",
                             Text(N_("bảng chuyển đổi không có đơn vị cấp {level} nào: không theo dõi được các đơn vị cấp "
                                     "này qua các lần sắp xếp"), level=level)))
    for i, registry in enumerate(vintages):
        if i + 1 < len(vintages):
            found += _ends(history, registry, vintages[i + 1], linked, forward=True)
        if i > 0:
            found += _ends(history, registry, vintages[i - 1], linked, forward=False)
    return found


def _ends(history: UnitHistory, registry: Registry, other: Registry, linked: set[str],
          forward: bool) -> list[Finding]:
    """Units of ``registry`` with no successor (forward) or no predecessor in any other vintage."""
    walk = history.crosswalk
    vid, oid = registry.vintage.id, other.vintage.id
    found: list[Finding] = []
    grouped: dict[str, list[Unit]] = {}
    for unit in _ordered(registry):
        if unit.level not in linked:
            continue
        links = walk.successors(vid, unit.code) if forward else walk.predecessors(vid, unit.code)
        if any((link.to_vintage if forward else link.from_vintage) != vid for link in links):
            continue
        if not other.has_level(unit.level):
            grouped.setdefault(unit.level, []).append(unit)
        elif forward:
            found.append(Finding(
                "error", "vanishes",
                Text(N_("đơn vị {code} {name} của danh mục {vintage} không có đơn vị kế tiếp trong danh mục {other}: "
                        "số liệu của đơn vị này bị mất dấu"),
                     code=unit.code, name=unit.name, vintage=PerLang(registry.vintage.label), other=oid),
                vintage=vid, code=unit.code))
        else:
            found.append(Finding(
                "warning", "appears",
                Text(N_("đơn vị {code} {name} của danh mục {vintage} không có đơn vị tiền thân trong danh mục {other}"),
                     code=unit.code, name=unit.name, vintage=PerLang(registry.vintage.label), other=oid),
                vintage=vid, code=unit.code))
    for level, units in grouped.items():
        names = ", ".join(f"{u.code} {u.name}" for u in units)
        if forward:
            found.append(Finding(
                "info", "level_ends",
                Text.ngettext("{n} đơn vị cấp {level} của danh mục {vintage} không có đơn vị kế tiếp vì danh mục {other} "
                              "không còn cấp {level}: {names}",
                              "{n} đơn vị cấp {level} của danh mục {vintage} không có đơn vị kế tiếp vì danh mục {other} "
                              "không còn cấp {level}: {names}",
                              len(units), level=level, vintage=vid, other=oid, names=names),
                vintage=vid, units=tuple(u.code for u in units)))
        else:
            found.append(Finding(
                "info", "level_begins",
                Text.ngettext("{n} đơn vị cấp {level} của danh mục {vintage} không có đơn vị tiền thân vì danh mục {other} "
                              "chưa có cấp {level}: {names}",
                              "{n} đơn vị cấp {level} của danh mục {vintage} không có đơn vị tiền thân vì danh mục {other} "
                              "chưa có cấp {level}: {names}",
                              len(units), level=level, vintage=vid, other=oid, names=names),
                vintage=vid, units=tuple(u.code for u in units)))
    return found


def _shares(history: UnitHistory) -> list[Finding]:
    """Per from-unit and target vintage: given shares add up to 1; splits of unknown size."""
    groups: dict[tuple[str, str, str], list[Link]] = {}
    for link in history.crosswalk.links:
        groups.setdefault((link.from_vintage, link.from_code, link.to_vintage), []).append(link)
    found: list[Finding] = []
    for (vid, code, tid), links in groups.items():
        name = _name(history, (vid, code))
        targets = ", ".join(_name(history, (tid, link.to_code)) for link in links)
        known = [link.share for link in links if link.share is not None]
        total = sum(known)
        unknown = len(known) < len(links)
        if (not unknown and not close(total, 1)) or (unknown and total > 1 and not close(total, 1)):
            shown = " + ".join(f"{s:g}" for s in known)
            found.append(Finding(
                "error", "shares_sum",
                Text(N_("tỷ lệ chuyển của {name} sang danh mục {vintage} cộng lại {shares} = {total}, không phải 1 "
                        "({targets})"), name=name, vintage=tid, shares=shown, total=f"{total:g}", targets=targets),
                vintage=vid, code=code, units=tuple(link.to_code for link in links)))
        elif unknown:
            found.append(Finding(
                "info", "unknown_shares",
                Text(N_("{name} được chia cho {targets} mà không rõ tỷ lệ: chỉ so sánh được trên vùng gộp các đơn vị này"),
                     name=name, targets=targets),
                vintage=vid, code=code, units=tuple(link.to_code for link in links)))
    return found


__all__ = ["Finding", "Meaning", "Related", "Step", "VintageSummary", "check", "describe", "is_code",
           "list_vintage", "lookup", "names_equal", "overview", "select_vintages"]
