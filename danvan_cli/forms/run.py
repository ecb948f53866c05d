"""`danvan template`: choose the forms and units asked for, then write one workbook each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from danvan_cli.errors import UsageError
from danvan_cli.forms.layout import file_name, plan, registry_text
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


def select_forms(spec: Spec, names: list[str]) -> list[Form]:
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
        raise UsageError(f"Không có biểu mẫu {', '.join(unknown)}. Các biểu: {known}")
    for name in names:
        form = by_name[name.strip().lower()]
        if form not in chosen:
            chosen.append(form)
    return chosen


def check_units(registry: Registry, codes: list[str], year: int | None = None) -> list[str | None]:
    """The --unit codes, each in the registry; [None] (the whole territory) when none is given.
    A code of another vintage only is named with where it exists."""
    if not codes:
        return [None]
    unknown = [c.strip() for c in codes if c.strip() not in registry.units]
    if unknown:
        label = registry.vintage.label()
        where = f"{registry.source}, {label}" if label else registry.source
        found = [_elsewhere(registry, code, year) for code in unknown]
        also = "; ".join(f for f in found if f)
        raise UsageError(f"--unit: mã {', '.join(unknown)} không có trong danh mục đơn vị ({where})"
                         + (f"; {also}" if also else ""))
    return list(dict.fromkeys(c.strip() for c in codes))


def _elsewhere(registry: Registry, code: str, year: int | None) -> str:
    """Where a code not in the registry is a unit: every other vintage of the history (for a
    template on 31/12/2025 that includes the 2025-01 vintage of the same year)."""
    history = registry.history
    return "" if history is None else history.elsewhere(code, besides=registry.vintage.id)


def write_templates(spec: Spec, registry: Registry, forms: list[str], units: list[str],
                    year: int, output: Path) -> TemplateRun:
    """One .xlsx per form (and per --unit) in ``output``."""
    from danvan_cli.forms.workbook import write

    chosen = select_forms(spec, forms)
    scopes = check_units(registry, units, year)
    if not 1900 <= year <= 9999:
        raise UsageError(f"--year {year} không hợp lệ")
    if output.exists() and not output.is_dir():
        raise UsageError(f"-o {output}: đã có một tệp cùng tên, cần một thư mục")
    output.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    skipped: list[Skipped] = []
    for under in scopes:
        for form in chosen:
            layout = plan(spec, form, registry, year, under)
            if layout is None:
                skipped.append(Skipped(form.id, form.number, under))
                continue
            written.append(write(layout, output / file_name(form, year, under)))
    return TemplateRun(tuple(written), tuple(skipped), registry.source, registry.vintage)
