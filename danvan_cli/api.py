"""The library's entry points, one per command: each takes paths and options and
returns an immutable result that the renderers turn into Markdown, HTML or JSON.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from danvan_cli.errors import NothingToScore, UsageError
from danvan_cli.i18n import N_, Lang, data_text
from danvan_cli.indicators import score_targets, summarise
from danvan_cli.indicators.continuity import Break, YearBasis, find_breaks
from danvan_cli.indicators.reports import Review, Scorecard
from danvan_cli.indicators.score import Units
from danvan_cli.issues import PerLang, Text
from danvan_cli.spec import Spec, load_spec
from danvan_cli.spec.models import Level
from danvan_cli.units import Registry, UnitHistory, find_registries, load_history, load_vintages
from danvan_cli.units.history import identify
from danvan_cli.validation import plausibility as plausible
from danvan_cli.validation.report import Names, completeness, data_quality, inputs
from danvan_cli.validation.submission import Submission, load_submission

if TYPE_CHECKING:
    from danvan_cli.forms.run import TemplateRun
    from danvan_cli.indicators.explain import Explanation

__all__ = [
    "Names", "Review", "Scorecard", "UnitSource", "check_year", "completeness", "data_quality", "explain", "has_rows",
    "inputs", "names_for", "score", "summary", "template", "units_of", "validate", "year_folders", "year_of",
]

_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")


def year_of(paths: list[Path], year: int | None) -> int:
    """``--year``, else the year in the folder's name (``data/2023``)."""
    if year is not None:
        return year
    for path in paths:
        folder = path if path.is_dir() else path.parent
        for part in reversed(folder.resolve().parts):
            found = _YEAR.fullmatch(part) or (_YEAR.search(part) if part[:1].isdigit() else None)
            if found:
                return int(found.group(0))
    raise UsageError(Text(N_("Không xác định được năm báo cáo: hãy đặt tên thư mục theo năm (data/2023) hoặc dùng --year")))


def check_year(spec: Spec, year: int, option: str = "--year") -> int:
    """A reporting year must be a 4-digit year of the programme (2021-2025): a typo such as
    ``--year 23`` or ``--year 2032`` would otherwise score every file as the wrong year."""
    first, last = spec.programme.start_year, spec.programme.end_year
    if not 1000 <= year <= 9999:
        raise UsageError(Text(N_("{option} {year}: cần năm 4 chữ số, ví dụ {option} {example}"),
                              option=option, year=year, example=first + 2))
    if not first <= year <= last:
        raise UsageError(Text(N_("{option} {year}: ngoài thời gian của Đề án ({first}-{last})"),
                              option=option, year=year, first=first, last=last))
    return year


@dataclass
class UnitSource:
    """Where one command's registry and crosswalk come from (``--units``, ``--crosswalk``, else
    found beside the data, else bundled) and how a unit whose territory changed is read
    (``--scope``). Each registry is read once per command: a summary reads it for many years."""

    spec: Spec
    units: Path | None = None
    crosswalk: Path | None = None
    scope: str = "old-territory"
    _loaded: dict[tuple[str, ...], UnitHistory] = field(default_factory=dict, repr=False)

    def history(self, year_dir: Path | None) -> UnitHistory:
        paths = find_registries(self.units, year_dir)
        key = tuple(str(p.resolve()) for p in paths)
        if key not in self._loaded:
            self._loaded[key] = load_history(paths, self.crosswalk, tuple(lv.id for lv in self.spec.levels))
        return self._loaded[key]

    def combine(self, folders: list[Path]) -> None:
        """Year folders with registries of their own (data/units.csv for 2021-2024 and
        data/2025/units.csv for the new units): each year's history also holds the others'
        vintages, so the crosswalk links them and the summary sees the change."""
        if self.units is not None:
            return
        found = {tuple(str(p.resolve()) for p in find_registries(None, f)): find_registries(None, f) for f in folders}
        if len(found) < 2:
            return
        levels = tuple(lv.id for lv in self.spec.levels)
        every = [identify(load_vintages(paths, levels), levels, dated=True) for paths in found.values()]
        if not all(r.vintage.id for group in every for r in group):
            return  # a registry that is no known vintage: each year keeps its own
        for key, paths in found.items():
            others = [r for group in every for r in group if not any(str(p.resolve()) in key for p in paths)]
            self._loaded[key] = load_history(paths, self.crosswalk, levels, more=others)

    def registry(self, year_dir: Path | None, year: int) -> Registry:
        """The units a year's rows may name: every vintage in force that year."""
        return self.history(year_dir).for_year(year, self.scope)


def units_of(registry: Registry, area: bool = False) -> Units:
    """The year's units as scoring needs them (`indicators.score.Units`)."""
    history = registry.history
    names = registry.district_names()
    notes: dict[str, tuple[str, ...]] = {}
    district = registry.level_order[1] if len(registry.level_order) > 1 else None
    if history is not None and district is not None:
        for key in names:
            unit = registry.units[key]
            if unit.level != district and not registry.vintage_has_level(unit.vintage, district):
                notes[key] = tuple(history.old_districts(unit.vintage, unit.code))
    wider = frozenset(k for k, u in registry.units.items() if u.wider)
    if not area or history is None:
        return Units(names, notes, wider)
    area_of = {}
    for key in registry.units:
        found = history.area_of_key(registry, key)
        if found is not None:
            area_of[key] = found
    return Units(names, notes, wider, area_of, {a.id: a.name for a in history.areas})


def _check_paths(paths: list[Path]) -> None:
    for path in paths:
        if not path.exists():
            raise UsageError(Text(N_("Không tìm thấy: {path}"), path=path))


def _year_setup(paths: list[Path], year: int | None, targets: Path | None, units: Path | None,
                crosswalk: Path | None, scope: str) -> tuple[UnitSource, int, Path, Registry]:
    """The units' source, the reporting year, its folder and the registry for a year's files."""
    _check_paths(paths)
    spec = load_spec(targets)
    year_dir = paths[0] if paths[0].is_dir() else paths[0].parent
    the_year = check_year(spec, year_of(paths, year), "--year" if year is not None else Text(N_("năm của thư mục")))
    source = UnitSource(spec, units, crosswalk, scope)
    return source, the_year, year_dir, source.registry(year_dir, the_year)


def validate(paths: list[Path], *, year: int | None = None, targets: Path | None = None,
             units: Path | None = None, crosswalk: Path | None = None, scope: str = "old-territory",
             plausibility: bool = True) -> Submission:
    """Read and check every file: the `danvan validate` job. ``plausibility``: also the figures
    that are well-formed but unlikely, against the units' peers and the year before (a sibling folder)."""
    source, the_year, year_dir, registry = _year_setup(paths, year, targets, units, crosswalk, scope)
    spec = source.spec
    submission = load_submission(paths, spec, registry, the_year)
    if not submission.files:
        raise NothingToScore(_nothing_message(paths, submission))
    if plausibility:
        previous = _previous(source, year_dir, the_year) if paths[0].is_dir() else None
        plausible.add_to(spec, submission, registry, previous)
    return submission


def _previous(source: UnitSource, folder: Path, year: int) -> Submission | None:
    """The year before, read whole from its sibling folder (data/2022 beside data/2023), if there is one."""
    sibling = folder.parent / str(year - 1)
    if not sibling.is_dir():
        return None
    spec = source.spec  # its accepted rows are what is compared: no completeness, no accounting
    return load_submission([sibling], spec, source.registry(sibling, year - 1), year - 1, only=set(spec.forms))


def names_for(paths: list[Path], sub: Submission, *, targets: Path | None = None, units: Path | None = None,
              crosswalk: Path | None = None, scope: str = "old-territory") -> Names:
    """The spec and registry `validate` used for these paths, for the reports to name forms
    and units (`render.validation_report`)."""
    spec = load_spec(targets)
    year_dir = paths[0] if paths[0].is_dir() else paths[0].parent
    return Names(spec, UnitSource(spec, units, crosswalk, scope).registry(year_dir, sub.year))


def _nothing_message(paths: list[Path], sub: Submission) -> Text:
    where = ", ".join(str(p) for p in paths)
    if not sub.files:
        skipped = [i.file for i in sub.issues if i.code == "file-skipped"]
        if not skipped:
            return Text(N_("{where}: không có tệp số liệu nào (.xlsx, .xls, .ods, .csv)"), where=where)
        return Text.ngettext("{where}: không có tệp số liệu nào (.xlsx, .xls, .ods, .csv) (có {n} tệp không phải "
                             "bảng số liệu: {files})",
                             "{where}: không có tệp số liệu nào (.xlsx, .xls, .ods, .csv) (có {n} tệp không phải "
                             "bảng số liệu: {files})",
                             len(skipped), where=where, files=", ".join(map(str, skipped[:5])))
    return Text(N_("{where}: không có dòng số liệu nào tính được ({files}, {errors}); "
                   "chạy “danvan validate {where}” để xem từng lỗi"), where=where,
                files=Text.ngettext("{n} tệp", "{n} tệp", len(sub.files)),
                errors=Text.ngettext("{n} lỗi", "{n} lỗi", sub.count("error")))


def has_rows(sub: Submission) -> bool:
    """Whether any form has an accepted row."""
    return any(len(frame) for frame in sub.frames.values())


def _earlier_frames(source: UnitSource, folder: Path, year: int, known: Submission | None = None) -> dict[int, Any]:
    """Frames of earlier years from sibling year folders: the earlier years of a multi-year
    window, and the year before for `improves` targets (only the forms they need); ``known``:
    the year before, already read (for plausibility), not read again."""
    spec = source.spec
    needed: dict[int, set[str]] = {}
    start = spec.programme.start_year
    for t in spec.targets:
        if t.when == "window" and t.window:
            for y in range(year - (year - start) % t.window, year):
                needed.setdefault(y, set()).add(t.form)
        if t.improves:
            needed.setdefault(year - 1, set()).add(t.form)
    earlier: dict[int, Any] = {}
    for y, forms in sorted(needed.items()):
        sibling = folder.parent / str(y)
        if known is not None and known.year == y:
            earlier[y] = known.frames
        elif sibling.is_dir():
            earlier[y] = load_submission([sibling], spec, source.registry(sibling, y), y, only=forms).frames
    return earlier


def _score_submission(spec: Spec, submission: Submission, registry: Registry,
                      earlier: dict[int, Any], by_area: bool = False) -> Scorecard:
    results = score_targets(spec, submission.frames, submission.year, units_of(registry, by_area), earlier)
    return Scorecard(spec, submission.year, results, submission, registry)


def score(paths: list[Path], *, year: int | None = None, targets: Path | None = None,
          units: Path | None = None, crosswalk: Path | None = None, scope: str = "old-territory",
          plausibility: bool = True) -> Scorecard:
    """The year's scorecard: the `danvan score` job (``plausibility``: as `validate`)."""
    source, the_year, year_dir, registry = _year_setup(paths, year, targets, units, crosswalk, scope)
    spec = source.spec
    submission = load_submission(paths, spec, registry, the_year)
    if not has_rows(submission):
        raise NothingToScore(_nothing_message(paths, submission))
    in_folder = paths[0].is_dir()
    previous = _previous(source, year_dir, the_year) if plausibility and in_folder else None
    if plausibility:
        plausible.add_to(spec, submission, registry, previous)
    earlier = _earlier_frames(source, year_dir, the_year, previous) if in_folder else {}
    return _score_submission(spec, submission, registry, earlier)


def explain(target_id: str, paths: list[Path], *, unit: str | None = None, year: int | None = None,
            targets: Path | None = None, units: Path | None = None, crosswalk: Path | None = None,
            scope: str = "old-territory") -> Explanation:
    """The rows behind one target's figure for a year (of one unit with ``unit``): the
    `danvan explain` job. Read as `score` reads, so its totals are the scorecard's."""
    from danvan_cli.indicators.explain import explain_target, resolve_unit

    source, the_year, year_dir, registry = _year_setup(paths, year, targets, units, crosswalk, scope)
    spec = source.spec
    ids = [t.id for t in spec.targets]
    if target_id not in ids:
        raise UsageError(Text(N_("Không có chỉ tiêu “{target}”; các chỉ tiêu: {ids}"), target=target_id, ids=", ".join(ids)))
    key = None if unit is None else resolve_unit(registry, unit)
    if unit is not None and key is None:
        raise UsageError(Text(N_("--unit {unit}: không có trong danh mục đơn vị năm {year}; "
                                 "tra mã bằng “danvan units TÊN”"), unit=unit, year=the_year))
    submission = load_submission(paths, spec, registry, the_year)
    if not has_rows(submission):
        raise NothingToScore(_nothing_message(paths, submission))
    earlier = _earlier_frames(source, year_dir, the_year) if paths[0].is_dir() else {}
    return explain_target(spec, spec.target(target_id), submission, registry, earlier, key)


def year_folders(root: Path) -> dict[int, Path]:
    """Sub-folders of ROOT named by a year (2021, 2022, …)."""
    found = {}
    for child in sorted(root.iterdir()):
        if child.is_dir() and re.fullmatch(r"(19|20)\d{2}", child.name):
            found[int(child.name)] = child
    return found


def summary(root: Path, *, year_from: int | None = None, year_to: int | None = None,
            targets: Path | None = None, units: Path | None = None, crosswalk: Path | None = None,
            scope: str = "old-territory", by_area: bool = False, plausibility: bool = True) -> Review:
    """Several years summarised per target: the `danvan summary` job (``plausibility``: as
    `validate`, each year against the one before)."""
    _check_paths([root])
    if not root.is_dir():
        raise UsageError(Text(N_("{root} không phải thư mục (cần thư mục chứa các thư mục năm 2021, 2022, …)"), root=root))
    spec = load_spec(targets)
    source = UnitSource(spec, units, crosswalk, scope)
    folders = year_folders(root)
    first = check_year(spec, year_from, "--from") if year_from is not None else spec.programme.start_year
    last = check_year(spec, year_to, "--to") if year_to is not None else (max(folders) if folders else spec.programme.end_year)
    if first > last:
        raise UsageError(Text(N_("--from {first} sau --to {last}"), first=first, last=last))
    chosen = {y: p for y, p in folders.items() if first <= y <= last}
    if not chosen:
        raise UsageError(Text(N_("Không có thư mục năm nào từ {first} đến {last} trong {root}"),
                              first=first, last=last, root=root))
    source.combine(list(chosen.values()))
    cards: dict[int, Scorecard] = {}
    frames_by_year: dict[int, Any] = {}
    for y, folder in sorted(chosen.items()):
        registry = source.registry(folder, y)
        submission = load_submission([folder], spec, registry, y)
        frames_by_year[y] = submission.frames
        earlier = {e: f for e, f in frames_by_year.items() if e < y}
        previous = cards[y - 1].submission if y - 1 in cards else None
        if y == min(chosen):  # years before the review: the year before (`improves`), window years
            previous = _previous(source, folder, y) if plausibility else None
            earlier.update(_earlier_frames(source, folder, y, previous))
        if plausibility:
            plausible.add_to(spec, submission, registry, previous)
        cards[y] = _score_submission(spec, submission, registry, earlier, by_area)
    if not any(has_rows(card.submission) for card in cards.values()):
        raise NothingToScore(Text(N_("{root}: không năm nào từ {first} đến {last} có dòng số liệu tính được; "
                                     "chạy “danvan validate” cho từng thư mục năm để xem lỗi"),
                                  root=root, first=first, last=last))
    result = summarise(spec, {y: c.targets for y, c in cards.items()}, first, last, series_breaks(spec, cards))
    return Review(spec, result, cards, by_area)


def series_breaks(spec: Spec, cards: dict[int, Scorecard]) -> dict[str, tuple[Break, ...]]:
    """Per target, where its series changes meaning across a change of units (issue 11)."""
    histories = [c.registry.history for _, c in sorted(cards.items()) if c.registry.history is not None]
    if not histories:
        return {}
    history = histories[-1]
    starts = {r.vintage.id: _dmy(r.vintage.valid_from) for r in history.vintages}
    level_ids = [lv.id for lv in spec.levels]
    level_names: dict[str, str] = {lv.id: _level_name(lv) for lv in spec.levels}
    basis = {y: YearBasis(reporting=c.submission.vintage or c.registry.vintage.id,
                          levels_present=tuple(lv for lv in level_ids
                                               if c.registry.vintage_has_level(c.registry.vintage.id, lv)))
             for y, c in cards.items()}
    found = {}
    for target in spec.targets:
        form = spec.forms[target.form]
        by_year = {y: r for y, c in cards.items() for r in c.targets if r.id == target.id}
        found[target.id] = find_breaks(
            by_year, basis, of_units=target.value_measure.kind in ("share", "count") and bool(form.levels),
            scope_levels=target.scope.levels, relabel=history.relabel, starts=starts, level_names=level_names)
    return found


def _level_name(level: Level) -> PerLang:
    """A level's name in lower case, in the language a text naming it is shown in ('huyện', 'district')."""
    return PerLang(lambda lang: data_text(lang, level.name, level.name_en).lower())


def _dmy(day: Any) -> str:
    return "" if day is None else f"{day.day}/{day.month}/{day.year}"


def template(forms: list[str] | None = None, *, units: Path | None = None, unit: list[str] | None = None,
             year: int | None = None, date: datetime.date | None = None, output: Path = Path("."),
             targets: Path | None = None, crosswalk: Path | None = None, lang: Lang = "vi") -> TemplateRun:
    """Blank forms to send out, one .xlsx per form (and per --unit): the `danvan template` job
    (`forms.run.make_templates`), their texts in ``lang``.

    The units pre-filled are those of the registry vintage in force on ``date``, else on
    31 December of ``year`` (default: this year); a reporting year is ``date``'s year when
    only the date is given.
    """
    from danvan_cli.forms.run import make_templates

    return make_templates(forms, units=units, unit=unit, year=year, date=date, output=output, targets=targets,
                          crosswalk=crosswalk, lang=lang)
