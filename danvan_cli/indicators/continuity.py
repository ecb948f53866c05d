"""Whether a target's series stays comparable across a change of administrative units
(the 2025 reorganisation), and where it breaks.

Sums, counts of rows and ratios of sums over the same territory continue across a change:
the 39 units of 1/7/2025 are exactly the old Ninh Bình's territory. A share (or count) of
*units* — communes rated good, villages with four models — changes meaning when the units
change, and so does any figure whose rows come from a unit wider than the programme's
territory (the merged province, with `--scope new-province`). A break splits the series:
no trend, projection or progress ratio is drawn across it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from danvan_cli.i18n import N_, translator
from danvan_cli.indicators.results import TargetResult
from danvan_cli.issues import shown_in

Node = tuple[str, str]  # (vintage, code)

BreakReason = Literal["units_changed", "scope_changed", "level_abolished"]
REASONS: dict[BreakReason, str] = {
    "units_changed": N_("đổi đơn vị hành chính {date}: tỷ lệ tính trên các đơn vị khác trước"),
    "scope_changed": N_("đổi phạm vi {date}: số liệu của đơn vị rộng hơn địa bàn Đề án (tỉnh mới)"),
    "level_abolished": N_("cấp {level} không còn từ {date}: không có đơn vị để tính"),
}


@dataclass(frozen=True)
class Break:
    """Between the year before with data and ``year`` the series changes meaning."""

    year: int
    from_vintage: str
    to_vintage: str
    reason: BreakReason
    date: str = ""  # the change's date as written in Vietnam: '1/7/2025'
    level: str = ""  # level_abolished: the level's name (a `Localized` one is shown in the language asked)

    def text(self, lang: str = "vi") -> str:
        return translator(lang).gettext(REASONS[self.reason]).format(date=self.date, level=shown_in(self.level, lang))

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        return {"year": self.year, "from_vintage": self.from_vintage, "to_vintage": self.to_vintage,
                "reason": self.reason, "text": self.text(lang)}


@dataclass(frozen=True)
class YearBasis:
    """What a year's figure of a target stands on, beyond its value."""

    reporting: str  # the year's reporting vintage
    levels_present: tuple[str, ...]  # levels the reporting vintage has


def find_breaks(
    by_year: Mapping[int, TargetResult],
    basis: Mapping[int, YearBasis],
    *,
    of_units: bool,
    scope_levels: list[str] | None,
    relabel: Callable[[Node, set[str]], Node | None],
    starts: Mapping[str, str],
    level_names: Mapping[str, str],
) -> tuple[Break, ...]:
    """The breaks of one target's series over the review's years.

    ``of_units``: the target is a share or count of the form's units (not of enterprises);
    ``relabel(node, vintages)``: the same unit in one of ``vintages`` when the crosswalk says it
    only changed vintage (one whole unit to one whole unit), else None; ``starts``: vintage id →
    its first day ('1/7/2025'); ``level_names``: level id → its name (a `Localized` name, e.g.
    ``PerLang(lambda lang: level.name_en if lang == "en" else level.name)``, is shown in each language).
    """
    breaks: list[Break] = []
    before: tuple[int, TargetResult] | None = None
    for year in sorted(by_year):
        result, here = by_year[year], basis.get(year)
        if result.value is None:
            gone = [lv for lv in (scope_levels or []) if here is not None and lv not in here.levels_present]
            if gone and scope_levels and len(gone) == len(scope_levels) and before is not None:
                breaks.append(Break(year, _reporting(basis, *before), here.reporting if here else "", "level_abolished",
                                    starts.get(here.reporting if here else "", ""), level_names.get(gone[0], gone[0])))
            continue
        if before is not None:
            previous = before[1]
            from_vintage, to_vintage = _reporting(basis, before[0], previous), _reporting(basis, year, result)
            date = starts.get(to_vintage, "")
            if result.wider != previous.wider:
                breaks.append(Break(year, from_vintage, to_vintage, "scope_changed", date))
            elif of_units and _units_changed(previous, result, relabel):
                breaks.append(Break(year, from_vintage, to_vintage, "units_changed", date))
        before = (year, result)
    return tuple(breaks)


def _reporting(basis: Mapping[int, YearBasis], year: int, result: TargetResult) -> str:
    """The vintage a year was reported in (its rows' latest when the year's is unknown)."""
    here = basis.get(year)
    if here is not None and here.reporting:
        return here.reporting
    return result.vintages[-1] if result.vintages else ""


def _units_changed(before: TargetResult, after: TargetResult,
                   relabel: Callable[[Node, set[str]], Node | None]) -> bool:
    """The units counted changed meaning: a level disappeared, or a unit is not one whole unit of
    the year before under a new vintage."""
    if set(before.vintages) == set(after.vintages):
        return False
    if set(before.levels) - set(after.levels):
        return True
    earlier = set(before.vintages)
    return any(relabel(node, earlier) is None for node in after.units if node[0] not in earlier)


def segment_start(breaks: tuple[Break, ...]) -> int | None:
    """The first year of the series' last comparable segment (None: no break). A level that
    disappeared leaves no later figure: the segment before it stays the one to read."""
    return max((b.year for b in breaks if b.reason != "level_abolished"), default=None)
