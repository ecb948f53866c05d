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
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from danvan_cli.api import completeness as completeness_json
from danvan_cli.api import data_quality, inputs

if TYPE_CHECKING:
    from danvan_cli.issues import Issue
    from danvan_cli.spec import Spec
    from danvan_cli.units import Registry
    from danvan_cli.validation.submission import Submission

COMMON = "chung"
SEVERITY = {"error": ("lỗi", "error"), "warning": ("cảnh báo", "warning"), "info": ("thông tin", "info")}
SEVERITY_ORDER = ("error", "warning", "info")


@dataclass(frozen=True)
class Names:
    """What turns codes into words: the spec's forms and the year's unit registry."""

    spec: Spec
    registry: Registry

    def unit(self, code: str) -> str:
        return self.registry.name(code)

    def form(self, form_id: str, lang: str) -> str:
        form = self.spec.forms.get(form_id)
        if form is None:
            return form_id
        return f"{form.number} — {(form.title_en or form.title) if lang == 'en' else form.title}"


def names_for(paths: list[Path], sub: Submission, *, targets: Path | None, units: Path | None,
              crosswalk: Path | None, scope: str) -> Names:
    """The spec and registry `api.validate` used for these paths."""
    from danvan_cli.api import UnitSource
    from danvan_cli.spec import load_spec

    spec = load_spec(targets)
    year_dir = paths[0] if paths[0].is_dir() else paths[0].parent
    return Names(spec, UnitSource(spec, units, crosswalk, scope).registry(year_dir, sub.year))


def severity_label(severity: str, lang: str) -> str:
    return SEVERITY[severity][1 if lang == "en" else 0]


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
        if not issue.file:
            found.append(None)
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
        found.append(Group(COMMON, None, "General" if lang == "en" else "Chung", tuple(by[None])))
    return found


def issue_row(issue: Issue, lang: str) -> dict[str, Any]:
    return {"file": issue.file or "", "sheet": issue.sheet or "", "cell": issue.cell or "",
            "row": issue.row, "code": issue.code, "severity": issue.severity,
            "severity_label": severity_label(issue.severity, lang), "message": issue.message(lang)}


def report_context(sub: Submission, names: Names, lang: str = "vi") -> dict[str, Any]:
    """Everything the validation report templates show."""
    en = lang == "en"
    quality = data_quality(sub)
    by_place: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for issue in sub.issues:
        by_place.setdefault((issue.file or "", issue.sheet or ""), []).append(issue_row(issue, lang))
    # the whole submission's issues (missing units) after the files
    places = [{"file": f or ("(whole submission)" if en else "(toàn bộ số liệu)"), "sheet": s, "issues": rows}
              for (f, s), rows in sorted(by_place.items(), key=lambda item: (item[0][0] == "", item[0]))]
    complete = []
    for c in completeness_json(sub):
        complete.append({
            "form": names.form(c["form"], lang),
            "expected": c["expected"], "received": c["received"],
            "missing": [f"{code} {names.unit(code)}" if names.unit(code) != code else code for code in c["missing"]],
            "missing_rows": c["missing_rows"],
        })
    from danvan_cli.issues import CATALOGUE

    by_code = [{"code": code, "severity": severity_label(CATALOGUE[code].severity, lang), "count": n}
               for code, n in quality["by_code"].items()]
    return {
        "lang": lang,
        "en": en,
        "year": sub.year,
        "page_title": f"Kết quả kiểm tra số liệu năm {sub.year}" if not en else f"Data check {sub.year}",
        "quality": quality,
        "files": len(sub.files),
        "infos": sub.count("info"),
        "by_code": by_code,
        "places": places,
        "completeness": complete,
        "inputs": inputs(sub),
        "registry": sub.registry_source,
    }


def render_markdown(sub: Submission, names: Names, lang: str = "vi") -> str:
    from danvan_cli.render.markdown import environment

    text = environment(False).get_template("validation.md.j2").render(report_context(sub, names, lang))
    return re.sub(r"\n{3,}", "\n\n", text)


def render_html(sub: Submission, names: Names, lang: str = "vi", stamp: str | None = None) -> str:
    from danvan_cli.render.markdown import environment

    context = report_context(sub, names, lang) | {"stamp": stamp}
    return environment(True).get_template("validation.html.j2").render(context)
