"""Validation issues as a report (Markdown, HTML) and grouped by the district that must fix them.

A district's issues are those of the rows it sent: an issue's (file, sheet, row) is looked
up among every data row read, rejected ones too (`Submission.places`), else its file
counts as the district's when every row of that file with a known unit is the same district's.
Anything else (a file of several districts or of the province, the whole submission's
missing units) is "Chung". After 1/7/2025 the breakdown unit is the commune or ward
directly under the province, so the groups are those.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import pandas as pd

from danvan_cli.i18n import data_text
from danvan_cli.issues import CATALOGUE, Issue, shown_in
from danvan_cli.render import labels
from danvan_cli.render.templating import render
from danvan_cli.validation.report import Names, completeness, data_quality, inputs
from danvan_cli.validation.submission import Submission

__all__ = ["COMMON", "SEVERITY_ORDER", "Group", "Names", "district_of_issues", "form_label", "groups", "issue_row",
           "render_html", "render_markdown", "report_context", "severity_label", "slug"]

COMMON = "chung"
SEVERITY_ORDER = labels.SEVERITY_ORDER


def form_label(names: Names, form_id: str, lang: str) -> str:
    """'05 — Quy chế dân chủ …' (the form's English title where the spec has one and ``lang`` is en)."""
    form = names.form(form_id)
    if form is None:
        return form_id
    return f"{form.number} — {data_text(lang, form.title, form.title_en)}"


def severity_label(severity: str, lang: str) -> str:
    """An issue's severity as the reports show it: 'lỗi' / 'error'."""
    return labels.severity(severity, lang)


def slug(text: str) -> str:
    """ASCII file name of a unit's name: "Huyện Kim Sơn" → "huyen_kim_son"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_") or "don_vi"


def district_of_issues(sub: Submission) -> list[str | None]:
    """For each issue (in order), the district or new unit whose rows it is about, or None."""
    by_row: dict[tuple[str, str, int], str | None] = {}
    by_file: dict[str, set[str | None]] = {}
    places = sub.places
    if places is None:  # a Submission built without them: the accepted rows
        pieces = [f[["_file", "_sheet", "_row", "_district"]].set_axis(["file", "sheet", "row", "district"], axis=1)
                  for f in sub.frames.values() if len(f) and "_district" in f.columns]
        places = pd.concat(pieces, ignore_index=True) if pieces else None
    if places is not None and len(places):
        # whole columns at once: a national year has hundreds of thousands of rows
        district = places["district"].astype(object).where(places["district"].notna(), None)
        keys = zip(places["file"].astype(str), places["sheet"].fillna("").astype(str), places["row"].astype(int),
                   strict=True)
        by_row = dict(zip(keys, (None if d is None else str(d) for d in district), strict=True))
        known = places.loc[district.notna().to_numpy(), ["file", "district"]].drop_duplicates()
        for file, group in known.groupby("file", sort=False)["district"]:  # unknown units say nothing of who sent it
            by_file[str(file)] = {str(d) for d in group}
    found: list[str | None] = []
    for issue in sub.issues:
        if not issue.file:  # a list of last year's rows gone names its district (plausibility)
            named = issue.params.get("district") if issue.code == "row-disappeared" else None
            found.append(str(named) if named else None)
            continue
        if issue.row is not None and (issue.file, issue.sheet or "", issue.row) in by_row:
            found.append(by_row[(issue.file, issue.sheet or "", issue.row)])
            continue
        districts = by_file.get(issue.file, set())
        found.append(next(iter(districts)) if len(districts) == 1 else None)
    return found


@dataclass(frozen=True)
class Group:
    """The issues one district must fix (key ``chung`` for those of no single district)."""

    key: str
    code: str | None
    name: str
    issues: tuple[Issue, ...]

    def count(self, severity: str) -> int:
        return sum(1 for i in self.issues if i.severity == severity)


def groups(sub: Submission, names: Names, lang: str = "vi") -> list[Group]:
    """Districts in code order, then "Chung"; every issue in exactly one group."""
    by: dict[str | None, list[Issue]] = {}
    for issue, district in zip(sub.issues, district_of_issues(sub), strict=True):
        by.setdefault(district, []).append(issue)
    found = [Group(slug(names.unit(code)), code, names.unit(code), tuple(by[code]))
             for code in sorted((c for c in by if c is not None), key=lambda c: (len(c), c))]
    seen: dict[str, int] = {}
    for i, group in enumerate(found):  # two units of one name (after a merger): add the code
        seen[group.key] = seen.get(group.key, 0) + 1
        if seen[group.key] > 1:
            found[i] = Group(f"{group.key}_{group.code}", group.code, group.name, group.issues)
    if None in by:
        found.append(Group(COMMON, None, labels.texts(labels.VALIDATION, lang)["general"], tuple(by[None])))
    return found


def issue_row(issue: Issue, lang: str) -> dict[str, Any]:
    return {"file": issue.file or "", "sheet": issue.sheet or "", "cell": issue.cell or "",
            "row": issue.row, "code": issue.code, "severity": issue.severity,
            "severity_label": severity_label(issue.severity, lang), "message": issue.message(lang)}


def report_context(sub: Submission, names: Names, lang: str = "vi") -> dict[str, Any]:
    """Everything the validation report templates show."""
    W = labels.texts(labels.VALIDATION, lang)
    quality = data_quality(sub)
    by_place: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for issue in sub.issues:
        by_place.setdefault((issue.file or "", issue.sheet or ""), []).append(issue_row(issue, lang))
    # the whole submission's issues (missing units) after the files
    places = [{"file": f or W["whole"], "sheet": s, "issues": rows}
              for (f, s), rows in sorted(by_place.items(), key=lambda item: (item[0][0] == "", item[0]))]
    complete = []
    for c in completeness(sub):
        complete.append({
            "form": form_label(names, c["form"], lang),
            "expected": c["expected"], "received": c["received"],
            "missing": [f"{code} {names.unit(code)}" if names.unit(code) != code else code for code in c["missing"]],
            "missing_rows": c["missing_rows"],
        })
    by_code = [{"code": code, "severity": severity_label(CATALOGUE[code].severity, lang), "count": n}
               for code, n in quality["by_code"].items()]
    infos = sub.count("info")
    counts = {"files": len(sub.files), "read": quality["rows_read"], "accepted": quality["rows_accepted"],
              "skipped": quality["rows_skipped"], "rejected": quality["rows_rejected"]}
    return {
        "lang": lang,
        "W": W,
        "year": sub.year,
        "page_title": W["title"].format(year=sub.year),
        "rows_line": labels.rows_line(lang, **{k: str(v) for k, v in counts.items()}, counts=counts),
        "issue_counts": {"errors": labels.issue_count("error", quality["errors"], lang),
                         "warnings": labels.issue_count("warning", quality["warnings"], lang),
                         "infos": labels.issue_count("info", infos, lang)},
        "severity_words": {"errors": labels.severity("error", lang, quality["errors"]),
                           "warnings": labels.severity("warning", lang, quality["warnings"]),
                           "infos": labels.severity("info", lang, infos)},
        "quality": quality,
        "files": len(sub.files),
        "infos": infos,
        "by_code": by_code,
        "places": places,
        "completeness": complete,
        "inputs": inputs(sub),
        "registry": str(shown_in(sub.registry_source, lang)),
    }


def render_markdown(sub: Submission, names: Names, lang: str = "vi") -> str:
    return render("validation.md.j2", report_context(sub, names, lang))


def render_html(sub: Submission, names: Names, lang: str = "vi", stamp: str | None = None) -> str:
    return render("validation.html.j2", report_context(sub, names, lang) | {"stamp": stamp})
