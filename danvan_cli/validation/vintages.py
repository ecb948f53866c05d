"""A reporting year whose units changed during it (2025): settle each row's vintage by its
file, choose the units completeness expects, and flag forms reported by units of two
vintages or the same territory reported twice.

Runs once over every form's accepted rows (`load_submission`), after `resolve_units`.
"""

from __future__ import annotations

from functools import partial

import pandas as pd

from danvan_cli.i18n import N_
from danvan_cli.issues import Issue, PerLang, Text, joined
from danvan_cli.spec import Spec
from danvan_cli.units import Registry
from danvan_cli.validation.texts import form_name_id


def _exclusive(registry: Registry) -> dict[str, str]:
    """Key → the only vintage of the year it belongs to (keys in several say nothing)."""
    seen: dict[str, list[str]] = {}
    for vintage, keys in registry.members.items():
        for key in keys:
            seen.setdefault(key, []).append(vintage)
    return {k: vs[0] for k, vs in seen.items() if len(vs) == 1}


def _file_votes(frames: dict[str, pd.DataFrame], exclusive: dict[str, str]) -> dict[str, str]:
    """File → the vintage of all its rows whose unit exists in one vintage only (rows whose
    own vintage is in doubt do not vote)."""
    pieces = [pd.DataFrame({"file": f["_file"], "vintage": f["_unit"].map(exclusive)})[~f["_vague"].to_numpy(dtype=bool)]
              for f in frames.values() if len(f) and "_vague" in f.columns]
    if not pieces:
        return {}
    votes = pd.concat(pieces).dropna()
    if votes.empty:
        return {}
    # only a file whose every such row is of one vintage says anything: a file gathering units
    # of both (one CSV for the whole province) leaves its doubtful rows at the reporting date
    kinds = votes.groupby("file")["vintage"].agg(["nunique", "first"])
    return dict(kinds.loc[kinds["nunique"] == 1, "first"])


def _parent_code(code: str) -> str:
    """The commune code of a village coded by its commune ('14329-01', '14329:Thôn Đông')."""
    return code.replace(":", "-", 1).rsplit("-", 1)[0]


def _meaning_in(registry: Registry, code: str, vintage: str) -> str | None:
    """The key of the code's meaning in a vintage, when the code has several in the year."""
    return next((k for k in registry.alternates.get(code, ()) if registry.units[k].vintage == vintage), None)


def _settle(frame: pd.DataFrame, registry: Registry, votes: dict[str, str]) -> None:
    """Rows whose code has two meanings with the same name: the meaning of the file's vintage."""
    vague = frame["_vague"].to_numpy(dtype=bool)
    if not vague.any():
        return
    wanted = frame.loc[vague, "_file"].map(votes)
    change = wanted.notna() & (wanted != frame.loc[vague, "_vintage"])
    for label in change[change].index:
        vintage, key = str(wanted[label]), str(frame.at[label, "_unit"])
        direct = key in registry.units
        code = registry.units[key].code if direct else _parent_code(str(key))
        new = _meaning_in(registry, code, vintage)
        if new is None and direct:  # a village named within a commune whose code has two meanings
            unit = registry.units[key]
            parent = registry.units.get(unit.parent_code)
            other = _meaning_in(registry, parent.code, vintage) if parent is not None else None
            new = registry.child_by_name(other, unit.name) if other is not None else None
        if new is None:
            continue
        if direct:
            frame.at[label, "_unit"], frame.at[label, "_level"] = new, registry.levels[new]
        frame.at[label, "_district"] = registry.districts.get(new)
        frame.at[label, "_vintage"] = vintage


def _settle_by_territory(frame: pd.DataFrame, registry: Registry) -> None:
    """Doubtful rows still read at the reporting date whose unit's old parts report in the
    same form (Xã Văn Phương of 1/1/2025 beside “14404 Xã Cúc Phương”): the row is the old
    unit of that name, else the territory would count twice."""
    history = registry.history
    vague = frame["_vague"].to_numpy(dtype=bool) & (frame["_vintage"] == registry.vintage.id).to_numpy()
    if history is None or not vague.any():
        return
    reported = set(frame["_unit"].dropna())
    for label in frame.index[vague]:
        key = str(frame.at[label, "_unit"])
        unit = registry.units.get(key)
        if unit is None:
            continue
        parts = [registry.key_for(link.from_vintage, link.from_code)
                 for link in history.crosswalk.predecessors(unit.vintage, unit.code)]
        others = [k for k in registry.alternates.get(unit.code, ()) if k != key]
        if others and any(k in reported for k in parts if k is not None and k not in others):
            new = others[0]
            frame.at[label, "_unit"], frame.at[label, "_level"] = new, registry.levels[new]
            frame.at[label, "_district"] = registry.districts.get(new)
            frame.at[label, "_vintage"] = registry.units[new].vintage


def _settled_note(spec: Spec, fid: str, frame: pd.DataFrame, registry: Registry) -> list[Issue]:
    """One note per form on the rows whose code has two meanings of the same name: how many
    were read in each vintage (a reader must be able to check the choice)."""
    vague = frame["_vague"].to_numpy(dtype=bool)
    if not vague.any():
        return []
    chosen = frame.loc[vague, "_vintage"].value_counts()
    first = frame.loc[vague, "_unit"].iloc[0]
    example = registry.units[first] if first in registry.units else None
    named = Text(N_(" (ví dụ {code} {name})"), code=example.code, name=example.name) if example is not None else ""
    parts = ", ".join(f"{v}: {n}" for v, n in chosen.items())
    detail = Text.ngettext(
        "{form}: {n} dòng có mã mang hai nghĩa cùng tên{example}, được nhận theo danh mục {parts} dòng "
        "(theo các dòng khác của cùng tệp, theo địa bàn đã báo cáo trong biểu, nếu không thì theo ngày 31/12)",
        "{form}: {n} dòng có mã mang hai nghĩa cùng tên{example}, được nhận theo danh mục {parts} dòng "
        "(theo các dòng khác của cùng tệp, theo địa bàn đã báo cáo trong biểu, nếu không thì theo ngày 31/12)",
        int(vague.sum()), form=form_name_id(spec.forms[fid]), example=named, parts=parts)
    return [Issue("unit-vintage", params={"detail": detail})]


def settle_vintages(spec: Spec, frames: dict[str, pd.DataFrame], registry: Registry, year: int,
                    issues: list[Issue]) -> str:
    """Settle vague rows, report mixing and overlaps; return the vintage completeness expects."""
    votes = _file_votes(frames, _exclusive(registry)) if len(registry.members) > 1 else {}
    for fid, frame in list(frames.items()):
        if "_vague" in frame.columns:
            _settle(frame, registry, votes)
            _settle_by_territory(frame, registry)
            issues.extend(_settled_note(spec, fid, frame, registry))
            frames[fid] = frame.drop(columns="_vague")
    reporting = registry.vintage.id
    if len(registry.members) <= 1:
        return reporting
    if registry.scope_note and any(len(f) and "_unit" in f.columns and f["_unit"].isin(list(registry.scoped)).any()
                                   for f in frames.values()):
        issues.append(Issue("unit-vintage", params={"detail": registry.scope_note}))  # a Localized text of units
    counts: dict[str, int] = {}
    for fid, frame in frames.items():
        if not len(frame) or "_unit" not in frame.columns:
            continue
        keys = set(frame["_unit"].dropna()) & set(registry.units)
        if keys and not any(keys <= set(members) for members in registry.members.values()):
            by_vintage = frame["_vintage"].value_counts()
            shown = joined([Text.ngettext("{vintage}: {n} dòng", "{vintage}: {n} dòng", int(n), vintage=v)
                            for v, n in by_vintage.items()])
            issues.append(Issue("unit-vintage-mixed", params={
                "form": form_name_id(spec.forms[fid]), "year": year, "count": len(by_vintage),
                "vintages": shown}))
            issues.extend(_overlaps(spec, fid, frame, registry, year))
        for vintage, n in frame["_vintage"].value_counts().items():
            counts[str(vintage)] = counts.get(str(vintage), 0) + int(n)
    exclusive = _exclusive(registry)
    decided = {v: 0 for v in registry.members}
    for frame in frames.values():
        if len(frame) and "_unit" in frame.columns:
            for vintage, n in frame["_unit"].map(exclusive).value_counts().items():
                decided[str(vintage)] += int(n)
    if decided.get(reporting, 0) == 0 and any(decided.values()):
        chosen = max(decided, key=lambda v: decided[v])
        vintages = {v.id: v for v in registry.vintages}
        detail = Text(N_("năm {year} được báo cáo theo danh mục {chosen_label}, không phải danh mục có hiệu lực "
                         "ngày 31/12/{year} ({reporting_label}): các đơn vị phải nộp được tính theo danh mục {chosen}"),
                      year=year, chosen_label=PerLang(vintages[chosen].label),
                      reporting_label=PerLang(vintages[reporting].label), chosen=chosen)
        issues.append(Issue("unit-vintage", params={"detail": detail}))
        return chosen
    return reporting


def _overlaps(spec: Spec, fid: str, frame: pd.DataFrame, registry: Registry, year: int) -> list[Issue]:
    """Units of an earlier vintage reported beside the later unit their territory went into."""
    history = registry.history
    if history is None:
        return []
    reported = {k for k in frame["_unit"].dropna() if k in registry.units}
    by_node = {(registry.units[k].vintage, registry.units[k].code): k for k in reported}
    found = []
    for (vintage, code), key in sorted(by_node.items()):
        frontier, seen = [(vintage, code)], set()
        while frontier:
            node = frontier.pop()
            for link in history.crosswalk.successors(*node):
                nxt = (link.to_vintage, link.to_code)
                if nxt in seen:
                    continue
                seen.add(nxt)
                other = by_node.get(nxt)
                if other is not None and registry.units[other].level == registry.units[key].level:
                    found.append(Issue("unit-overlap", params={
                        "form": form_name_id(spec.forms[fid]), "year": year,
                        "old": PerLang(partial(registry.meaning, key)), "new": PerLang(partial(registry.meaning, other))}))
                frontier.append(nxt)
    return found


def covered_by_predecessors(registry: Registry, missing: tuple[str, ...], received: set[str],
                            anywhere: set[str]) -> set[str]:
    """Expected units that sent nothing but whose whole territory was reported by the units
    they were made of (the year's other vintage): a commune of 1/7/2025 whose old communes
    each sent the form (``received``), and the villages of a commune whose old communes each
    reported (``anywhere``: any form)."""
    history = registry.history
    if history is None or len(registry.members) <= 1 or not missing:
        return set()

    def reported(unit_key: str, by: set[str]) -> bool:
        unit = registry.units[unit_key]
        before = [registry.key_for(link.from_vintage, link.from_code)
                  for link in history.crosswalk.predecessors(unit.vintage, unit.code)]
        return bool(before) and all(k is not None and k in by for k in before)

    covered: set[str] = set()
    for key in missing:
        unit = registry.units.get(key)
        if unit is None:
            continue
        if reported(key, received) or (unit.parent_code in registry.units
                                       and registry.units[unit.parent_code].level != registry.root_level
                                       and reported(unit.parent_code, anywhere)):
            covered.add(key)
    return covered
