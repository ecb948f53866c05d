"""`danvan template`: choose the forms and units asked for, then write one workbook each."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from pathlib import Path

from danvan_cli.errors import UsageError
from danvan_cli.forms.layout import file_name, plan, registry_text
from danvan_cli.i18n import Lang, translator
from danvan_cli.issues import shown_in
from danvan_cli.spec.models import Form, Spec
from danvan_cli.units import Registry
from danvan_cli.units.registry import ALWAYS, Vintage


@dataclass(frozen=True)
class Skipped:
    """A form not written for a unit, because no unit under it submits the form."""

    form: str
    number: str
    unit: str | None


@dataclass(frozen=True)
class TemplateRun:
    """The files written and the forms left out."""

    written: tuple[Path, ...]
    skipped: tuple[Skipped, ...]
    source: str = ""  # the registry the rows come from
    vintage: Vintage = ALWAYS  # its vintage (the one in force at the reporting date)

    def registry(self, lang: str = "vi") -> str:
        """'ninh-binh-units-2025-07.csv (đi kèm danvan), hiệu lực 2025-07 (từ 1/7/2025)'."""
        return registry_text(self.source, self.vintage, lang) if self.source else ""


def select_forms(spec: Spec, names: list[str], lang: str = "vi") -> list[Form]:
    """Forms by id (``thon``, ``mat-tran-doan-the``) or number (``09``, ``9``); all when none is named."""
    if not names:
        return list(spec.forms.values())
    by_name: dict[str, Form] = {}
    for fid, form in spec.forms.items():
        for alias in (fid, fid.replace("_", "-"), form.number, form.number.lstrip("0")):
            by_name.setdefault(alias.lower(), form)
    chosen: list[Form] = []
    unknown = [n for n in names if n.strip().lower() not in by_name]
    if unknown:
        known = ", ".join(f"{f.id} ({f.number})" for f in spec.forms.values())
        raise UsageError(translator(lang).gettext("Không có biểu mẫu {names}. Các biểu: {known}")
                         .format(names=", ".join(unknown), known=known))
    for name in names:
        form = by_name[name.strip().lower()]
        if form not in chosen:
            chosen.append(form)
    return chosen


def check_units(registry: Registry, codes: list[str], year: int | None = None, lang: str = "vi") -> list[str | None]:
    """The --unit codes, each in the registry; [None] (the whole territory) when none is given.
    A code of another vintage only is named with where it exists."""
    if not codes:
        return [None]
    unknown = [c.strip() for c in codes if c.strip() not in registry.units]
    if unknown:
        label = registry.vintage.label(lang)
        source = shown_in(registry.source, lang)
        where = f"{source}, {label}" if label else source
        found = [_elsewhere(registry, code, year) for code in unknown]
        also = "; ".join(f for f in found if f)
        message = translator(lang).gettext("--unit: mã {codes} không có trong danh mục đơn vị ({where})")
        raise UsageError(message.format(codes=", ".join(unknown), where=where) + (f"; {also}" if also else ""))
    return list(dict.fromkeys(c.strip() for c in codes))


def _elsewhere(registry: Registry, code: str, year: int | None) -> str:
    """Where a code not in the registry is a unit: every other vintage of the history (for a
    template on 31/12/2025 that includes the 2025-01 vintage of the same year)."""
    history = registry.history
    return "" if history is None else history.elsewhere(code, besides=registry.vintage.id)


def write_templates(spec: Spec, registry: Registry, forms: list[str], units: list[str],
                    year: int, output: Path, lang: Lang = "vi") -> TemplateRun:
    """One .xlsx per form (and per --unit) in ``output``, its texts in `lang`."""
    from danvan_cli.forms.workbook import write

    _ = translator(lang).gettext
    chosen = select_forms(spec, forms, lang)
    scopes = check_units(registry, units, year, lang)
    if not 1900 <= year <= 9999:
        raise UsageError(_("--year {year} không hợp lệ").format(year=year))
    if output.exists() and not output.is_dir():
        raise UsageError(_("-o {output}: đã có một tệp cùng tên, cần một thư mục").format(output=output))
    output.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    skipped: list[Skipped] = []
    for under in scopes:
        for form in chosen:
            layout = plan(spec, form, registry, year, under, lang)
            if layout is None:
                skipped.append(Skipped(form.id, form.number, under))
                continue
            written.append(write(layout, output / file_name(form, year, under)))
    return TemplateRun(tuple(written), tuple(skipped), registry.source, registry.vintage)


def make_templates(forms: list[str] | None = None, *, units: Path | None = None, unit: list[str] | None = None,
                   year: int | None = None, date: datetime.date | None = None, output: Path = Path("."),
                   targets: Path | None = None, crosswalk: Path | None = None, lang: Lang = "vi") -> TemplateRun:
    """Blank forms to send out, one .xlsx per form (and per --unit): the `danvan template` job.

    The units pre-filled are those of the registry vintage in force on `date`, else on
    31 December of `year` (default: this year); the reporting year is `date`'s year when
    only the date is given. The workbooks' texts are in `lang`.
    """
    from danvan_cli.spec import load_spec
    from danvan_cli.units import find_registries, load_history

    _ = translator(lang).gettext
    spec = load_spec(targets)
    if date is not None and year is not None and date.year != year:
        raise UsageError(_("--date {day}/{month}/{year} không thuộc năm báo cáo --year {wanted}")
                         .format(day=date.day, month=date.month, year=date.year, wanted=year))
    the_year = year if year is not None else date.year if date is not None else datetime.date.today().year
    day = date if date is not None else datetime.date(the_year, 12, 31)
    history = load_history(find_registries(units, None), crosswalk, tuple(lv.id for lv in spec.levels))
    registry = history.at(day)
    if registry is None:
        spans = ", ".join(r.vintage.label(lang) or r.source for r in history.vintages)
        raise UsageError(_("{source}: không có danh mục đơn vị nào có hiệu lực ngày {day} (có: {spans}); "
                           "chọn --date hoặc --year khác")
                         .format(source=history.source, day=f"{day.day}/{day.month}/{day.year}", spans=spans))
    return write_templates(spec, replace(registry, history=history), forms or [], unit or [], the_year, output, lang)
