"""A submission as data: its files, its data quality, its completeness and the
``danvan.validation/1`` document, in the shapes the JSON outputs and the reports share.

These are functions of a `Submission` (the submission's own JSON), so the reports and
`api` build every output from the same figures. No text here is for people to read:
the words are the renderers' (`danvan_cli.render.labels`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from danvan_cli.issues import CATALOGUE
from danvan_cli.spec.models import Form, Spec
from danvan_cli.units import Registry
from danvan_cli.validation.submission import Submission

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


def validation_json(sub: Submission, lang: str = "vi") -> dict[str, Any]:
    """The ``danvan.validation/1`` document (`danvan validate --format json`)."""
    return {
        "schema": SCHEMA,
        "year": sub.year,
        "files": inputs(sub),
        "issues": [i.to_json(lang) for i in sub.issues],
        "summary": data_quality(sub) | {"files": len(sub.files)},
        "completeness": completeness(sub),
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
