"""A submission as data: its files, its data quality, its completeness and the
``danvan.validation/1`` document, in the shapes the JSON outputs and the reports share.

These are functions of a `Submission` (the submission's own JSON), so the reports and
`api` build every output from the same figures. No text here is for people to read:
the words are the renderers' (`danvan_cli.render.labels`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from danvan_cli.issues import CATALOGUE, PLAUSIBILITY, Issue, Localized, shown_in
from danvan_cli.spec.models import Form, Spec
from danvan_cli.units import Registry
from danvan_cli.validation.submission import Submission
from danvan_cli.validation.texts import form_name_id

SCHEMA = "danvan.validation/1"


def inputs(sub: Submission) -> list[dict[str, Any]]:
    """Per file read: name, hash, size, rows read/accepted/skipped/rejected, and per sheet the same."""
    return [
        {
            "file": f.name, "sha256": f.sha256, "bytes": f.size,
            "rows_read": f.rows_read, "rows_accepted": f.rows_accepted,
            "rows_skipped": f.rows_skipped, "rows_rejected": f.rows_rejected,
            "sheets": [
                {"sheet": s.sheet, "form": s.form, "rows_read": s.rows_read,
                 "rows_accepted": s.rows_accepted, "rows_skipped": s.rows_skipped,
                 "rows_rejected": s.rows_rejected}
                for s in f.sheets
            ],
        }
        for f in sub.files
    ]


def data_quality(sub: Submission) -> dict[str, Any]:
    """Rows accepted and left out, and issues counted by code (in the catalogue's order)."""
    counts: dict[str, int] = {}
    for issue in sub.issues:
        counts[issue.code] = counts.get(issue.code, 0) + 1
    return {
        "rows_read": sum(f.rows_read for f in sub.files),
        "rows_accepted": sum(f.rows_accepted for f in sub.files),
        "rows_skipped": sum(f.rows_skipped for f in sub.files),
        "rows_rejected": sum(f.rows_rejected for f in sub.files),
        "errors": sub.count("error"),
        "warnings": sub.count("warning"),
        "by_code": {code: counts[code] for code in CATALOGUE if code in counts},
    }


def completeness(sub: Submission) -> list[dict[str, Any]]:
    """Per form: units expected, received, missing, and rows left out by units that sent some."""
    return [{"form": c.form, "expected": c.expected, "received": c.received, "missing": list(c.missing),
             "missing_rows": list(c.missing_rows)} for c in sub.completeness]


def validation_json(sub: Submission, lang: str = "vi", names: Names | None = None) -> dict[str, Any]:
    """The ``danvan.validation/1`` document (`danvan validate --format json`); ``names`` (the spec
    and registry) names the flagged units as the registry does."""
    return {
        "schema": SCHEMA,
        "year": sub.year,
        "files": inputs(sub),
        "issues": [i.to_json(lang) for i in sub.issues],
        "summary": data_quality(sub) | {"files": len(sub.files)},
        "completeness": completeness(sub),
        "consistency": consistency(sub, names).to_json(lang),
    }


@dataclass(frozen=True)
class Names:
    """What turns a submission's codes into names: the spec's forms and the year's unit registry."""

    spec: Spec
    registry: Registry

    def unit(self, code: str) -> str:
        return self.registry.name(code)

    def form(self, form_id: str) -> Form | None:
        return self.spec.forms.get(form_id)


# ---------------------------------------------------------------- internal consistency (plausibility)

TOP_UNITS = 10  # units named in "whom to call"
FLAG_KEYS = {"outlier": "outliers", "value-jump": "value_jumps", "row-disappeared": "rows_disappeared"}


@dataclass(frozen=True)
class FormConsistency:
    """One form's plausibility flags beside the rows they were looked for in (the rate's base)."""

    form: str
    label: Localized | str
    rows: int  # accepted rows: the values checked
    outliers: int = 0
    value_jumps: int = 0
    rows_disappeared: int = 0  # last year's rows not found this year (the `count` of each row-disappeared)

    @property
    def flagged(self) -> bool:
        return bool(self.outliers or self.value_jumps or self.rows_disappeared)

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        return {"form": self.form, "label": str(shown_in(self.label, lang)), "rows": self.rows,
                "outliers": self.outliers, "value_jumps": self.value_jumps,
                "rows_disappeared": self.rows_disappeared}


@dataclass(frozen=True)
class UnitFlags:
    """A unit with flags: whom the office calls, and where to look first."""

    key: str  # the registry key (`_unit`)
    code: str
    name: str
    district: str  # the key of its district (breakdown unit), "" if none
    district_name: str
    by_code: tuple[tuple[str, int], ...]  # (issue code, flags), in the catalogue's order
    first: Issue | None  # its first located flag (file › sheet › cell)

    @property
    def count(self) -> int:
        return sum(n for _, n in self.by_code)

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        first = None if self.first is None else {
            "file": self.first.file, "sheet": self.first.sheet, "row": self.first.row,
            "column": self.first.column, "cell": self.first.cell}
        return {"key": self.key, "code": self.code, "name": self.name, "district": self.district,
                "district_name": self.district_name, "flags": self.count, "by_code": dict(self.by_code),
                "first": first}


@dataclass(frozen=True)
class Consistency:
    """The internal consistency of a year's data in the WHO Data Quality Review's sense:
    outliers across peers and jumps over time, counted per form, and the units with most flags."""

    forms: tuple[FormConsistency, ...]
    units: tuple[UnitFlags, ...]  # the `TOP_UNITS` units with most flags, ties by code
    units_flagged: int  # every unit with at least one flag
    flags: int  # plausibility issues (a row-disappeared issue names several rows: one flag)

    @property
    def outliers(self) -> int:
        return sum(f.outliers for f in self.forms)

    @property
    def value_jumps(self) -> int:
        return sum(f.value_jumps for f in self.forms)

    @property
    def rows_disappeared(self) -> int:
        return sum(f.rows_disappeared for f in self.forms)

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "forms": [f.to_json(lang) for f in self.forms],
            "units": [u.to_json(lang) for u in self.units],
            "totals": {"outliers": self.outliers, "value_jumps": self.value_jumps,
                       "rows_disappeared": self.rows_disappeared, "flags": self.flags,
                       "units_flagged": self.units_flagged},
        }


def consistency(sub: Submission, names: Names | None = None) -> Consistency:
    """Count the plausibility flags (`issues.PLAUSIBILITY`) of a submission per form and per unit.
    ``names`` (the spec and registry) gives codes, names and district names as the registry has
    them; without it they come from the flags themselves (a key's code is the part before '@')."""
    flags = [i for i in sub.issues if i.code in PLAUSIBILITY]
    units, flagged = _top_units(flags, names)
    return Consistency(_form_counts(sub, flags, names), units, flagged, len(flags))


def _form_counts(sub: Submission, flags: list[Issue], names: Names | None) -> tuple[FormConsistency, ...]:
    """Every form checked (accepted rows) or flagged, in the spec's order (the frames')."""
    counts: dict[str, dict[str, int]] = {}
    labels: dict[str, Localized | str] = {}
    for issue in flags:
        fid = str(issue.params.get("form_id", ""))
        mine = counts.setdefault(fid, {})
        key = FLAG_KEYS[issue.code]
        mine[key] = mine.get(key, 0) + (_int(issue.params.get("count")) if issue.code == "row-disappeared" else 1)
        labels.setdefault(fid, issue.params.get("form", fid))
    forms = {info.form.id: info.form for info in sub.layouts.values()}
    if names is not None:
        forms |= {fid: f for fid in counts if (f := names.form(fid)) is not None}
    order = [fid for fid, frame in sub.frames.items() if len(frame)]
    order += [fid for fid in counts if fid not in order]
    result = []
    for fid in order:
        mine = counts.get(fid, {})
        result.append(FormConsistency(
            fid, form_name_id(forms[fid]) if fid in forms else labels.get(fid, fid),
            len(sub.frames[fid]) if fid in sub.frames else 0,
            mine.get("outliers", 0), mine.get("value_jumps", 0), mine.get("rows_disappeared", 0)))
    return tuple(result)


def _int(value: Any) -> int:
    return value if isinstance(value, int) else 1


def _top_units(flags: list[Issue], names: Names | None) -> tuple[tuple[UnitFlags, ...], int]:
    """The units with most flags (ties by code) and how many units have any."""
    per_unit: dict[str, list[Issue]] = {}
    for issue in flags:
        key = str(issue.params.get("unit") or "")
        if key:
            per_unit.setdefault(key, []).append(issue)
    units = [_unit_flags(key, found, names) for key, found in per_unit.items()]
    units.sort(key=lambda u: (-u.count, u.code, u.key))
    return tuple(units[:TOP_UNITS]), len(units)


def _unit_flags(key: str, found: list[Issue], names: Names | None) -> UnitFlags:
    registry = names.registry if names is not None else None
    unit = registry.units.get(key) if registry is not None else None
    district = str(found[0].params.get("district") or "")
    district_name = registry.name(district) if registry is not None and district in registry.units else next(
        (str(i.params.get("unit_name", "")) for i in found if i.code == "row-disappeared"), "")
    counts = {code: sum(1 for i in found if i.code == code) for code in PLAUSIBILITY}
    located = [i for i in found if i.file]
    return UnitFlags(key, unit.code if unit is not None else key.split("@")[0],
                     unit.name if unit is not None else str(found[0].params.get("unit_name", "")),
                     district, district_name, tuple((c, n) for c, n in counts.items() if n),
                     min(located, key=_reading_order) if located else None)


def _reading_order(issue: Issue) -> tuple[Any, ...]:
    """File, sheet, row, then the cell left to right (C7 before D7 before AA7): where a person
    reading the sheet meets the flag first."""
    cell = issue.cell or ""
    letters = len(cell.rstrip("0123456789"))
    return (issue.file or "", issue.sheet or "", issue.row or 0, letters, cell, issue.code)
