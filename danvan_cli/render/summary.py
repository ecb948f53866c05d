"""The multi-year review (sơ kết / tổng kết) → Markdown or HTML."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from danvan_cli.i18n import data_text
from danvan_cli.render import labels
from danvan_cli.render.charts import line_chart
from danvan_cli.render.context import (
    footnote_marks,
    interpretation_notes,
    ranked_breakdown,
    target_threshold,
    when_text,
)
from danvan_cli.render.numbers import measured, number
from danvan_cli.render.templating import render

if TYPE_CHECKING:
    from danvan_cli.indicators.reports import Review
    from danvan_cli.indicators.results import PeriodStatus, TargetResult
    from danvan_cli.indicators.summary import TargetSummary, YearPoint
    from danvan_cli.spec.models import Target
    from danvan_cli.validation.submission import FormQuality


def _context(review: Review, lang: str, stamp: str | None) -> dict[str, Any]:
    spec, summary = review.spec, review.summary
    W = labels.words(lang) | labels.texts(labels.SUMMARY, lang)
    years = list(range(summary.year_from, summary.year_to + 1))
    quality = {y: card.target_quality() for y, card in review.scorecards.items()}
    caveats: list[dict[str, str]] = []
    breaks: list[dict[str, str]] = []
    groups = []
    for obj in spec.objectives:
        rows: list[dict[str, Any]] = []
        for t in (t for t in summary.targets if t.objective == obj.id):
            target = spec.target(t.id)
            per_year = {p.year: p for p in t.years}
            latest = t.status if t.status != t.period_status and t.when != "deadline" else ""
            rows.append({
                "id": t.id,
                "title": data_text(lang, target.title, target.title_en),
                "threshold": target_threshold(target, t.threshold, lang)
                + (f"; {W['prorate_rule']}" if target.prorate else ""),
                "when": when_text(t.when, t.deadline, target.window, lang),
                "years": [_year_cell(per_year.get(y), quality.get(y, {}).get(t.id), target, lang, y == t.segment_from)
                          for y in years],
                "trend": labels.trend(t.trend, lang, arrow=True) or "—",
                "ratio": number(t.progress_ratio, lang, 2) if t.progress_ratio is not None else "—",
                "projection": measured(t.projection, t.unit_in(lang), lang) if t.projection is not None else "—",
                "met": _met_text(t, W, lang),
                "status": t.period_status,
                "status_label": labels.status(t.period_status, lang),
                "mark": labels.STATUS_MARK.get(t.period_status, ""),
                "latest": W["latest"].format(year=_latest_year(t), status=labels.status(latest, lang)) if latest else "",
                "chart": line_chart(t, summary.year_to) if t.years_with_data else "",
                "deadline": t.when == "deadline",
                "footnotes": footnote_marks(spec, target.interpretation_ids),
                "segment": W["segment"].format(year=t.segment_from) if t.segment_from is not None else "",
            })
            breaks += [{"id": t.id, "year": str(b.year), "text": b.text(lang),
                        "after": W["after_break" if t.when == "deadline" else "after_break_annual"].format(year=b.year)
                        if b.year == t.segment_from else ""}
                       for b in t.breaks]
        for row in rows:
            caveats += [{"id": row["id"], "year": str(y), "text": cell["caveat"]}
                        for y, cell in zip(years, row["years"], strict=True) if cell["caveat"]]
        if rows:
            heading = f"{labels.words(lang)['objective']} {obj.id}" if obj.id.isdigit() else labels.words(lang)["tasks"]
            groups.append({"heading": heading, "title": data_text(lang, obj.title, obj.title_en), "targets": rows})
    found: dict[PeriodStatus, int] = {}
    for t in summary.targets:  # the headline counts the period verdicts
        found[t.period_status] = found.get(t.period_status, 0) + 1
    counts = {k: found[k] for k in labels.STATUS_ORDER if k in found}
    counts |= {k: n for k, n in found.items() if k not in counts}
    title = labels.texts(labels.REVIEW_TITLES, lang)[summary.kind].format(
        n=summary.year_to - summary.year_from + 1, a=summary.year_from, b=summary.year_to)
    return {
        "W": W, "lang": lang, "title": title, "page_title": title,
        "programme": spec.programme, "years": years, "objectives": groups, "counts": counts,
        "kind": summary.kind, "stamp": stamp,
        "status_label": lambda code: labels.status(code, lang),
        "interpretations": interpretation_notes(
            spec, {t.id: spec.target(t.id).interpretation_ids for t in summary.targets}, lang),
        "cuts": spec.progress,
        "caveats": caveats,
        "year_quality": [_quality_row(y, q, lang) for y, q in review.year_quality().items()],
        "year_consistency": _consistency_rows(review, lang),
        "breaks": breaks,
        "scope_notes": [text[:1].upper() + text[1:] for text in review.scope_notes(lang).values()],
        "areas": _areas(review, lang) if review.by_area else [],
        "unit_series": _unit_series(review, lang),
        "last_year": summary.year_to,
    }


LOWEST = 3  # units named as the lowest of the last year


@dataclass(frozen=True)
class _SeriesRow:
    """One unit's figures over the review's years ("—" where it has none)."""

    code: str
    name: str
    cells: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "cells": self.cells}


def _unit_series(review: Review, lang: str) -> list[dict[str, Any]]:
    """Per target with figures by unit: each unit's value each year, the units as each year
    reported them (old districts, then from 2025 the new units: no mapping between them), and
    the lowest units of the last year with figures by unit."""
    spec, summary = review.spec, review.summary
    years = list(range(summary.year_from, summary.year_to + 1))
    tables = []
    for t in summary.targets:
        found = {y: next((r for r in card.targets if r.id == t.id), None) for y, card in review.scorecards.items()}
        per_year: dict[int, TargetResult] = {y: r for y, r in found.items() if r is not None and r.breakdown}
        if not per_year:
            continue
        units: dict[str, str] = {}
        values: dict[tuple[str, int], str] = {}
        for y in sorted(per_year):
            for d in per_year[y].breakdown:
                units.setdefault(d.code, d.name)
                values[(d.code, y)] = measured(d.value, t.unit_in(lang), lang)
        # units by the first year they report, then by code: old districts before new units
        first = {code: min(y for (c, y) in values if c == code) for code in units}
        rows = [_SeriesRow(code, units[code], [values.get((code, y), "—") for y in years])
                for code in sorted(units, key=lambda c: (first[c], len(c), c))]
        last = max(per_year)
        # the units of a single later year (the new communes and wards of 2025) as a compact list
        # in the HTML when many: their one figure beside the name, not a mostly empty row
        single = {r.code: y for r in rows for y in years
                  if [c != "—" for c in r.cells].count(True) == 1 and r.cells[years.index(y)] != "—"}
        longer = {y for r in rows if r.code not in single for y, c in zip(years, r.cells, strict=True) if c != "—"}
        compact_years = {y for y in single.values() if y not in longer}
        compact: list[dict[str, Any]] = [{"code": r.code, "name": r.name, "year": single[r.code], "value": r.cells[years.index(single[r.code])]}
                   for r in rows if single.get(r.code) in compact_years]
        if len(compact) <= 12:
            compact = []
        ranked = [d for d in ranked_breakdown(per_year[last], lang) if d["raw"] is not None]
        # the worst units, only where they fall behind the best one (all at 100%: none is "lowest")
        lowest = [d for d in ranked if ranked and d["raw"] != ranked[-1]["raw"]][:LOWEST]
        target = spec.target(t.id)
        tables.append({
            "id": t.id, "title": data_text(lang, target.title, target.title_en),
            "threshold": target_threshold(target, t.threshold, lang),
            "rows": [r.as_dict() for r in rows], "last": last, "compact": compact,
            "table_rows": [r.as_dict() for r in rows if r.code not in {c["code"] for c in compact}],
            "compact_years": sorted({c["year"] for c in compact}),
            "lowest": [{"code": d["code"], "name": d["name"], "value": d["value"], "met": d["met"]} for d in lowest],
        })
    return tables


def _areas(review: Review, lang: str) -> list[dict[str, Any]]:
    """Per target with figures by comparison area: one row per area, its value each year
    (numerator/denominator beside a ratio or share)."""
    spec, series = review.spec, review.area_series()
    names = {a.id: a.name for a in review.areas()}
    years = list(range(review.summary.year_from, review.summary.year_to + 1))
    tables = []
    for t in review.summary.targets:
        by_area = series.get(t.id)
        if not by_area:
            continue
        kind = spec.target(t.id).value_measure.kind
        rows = []
        for area in sorted(by_area, key=lambda a: (len(a.split("+")[0]), a)):
            cells = []
            for y in years:
                entry = by_area[area].get(str(y))
                if entry is None:
                    cells.append("—")
                    continue
                text = measured(entry["value"], t.unit_in(lang), lang)
                if kind in ("ratio", "share") and entry["denominator"] is not None:
                    text += f" ({number(entry['numerator'], lang, 0)}/{number(entry['denominator'], lang, 0)})"
                cells.append(text)
            rows.append({"id": area, "name": names.get(area, area), "cells": cells})
        tables.append({"id": t.id, "title": data_text(lang, t.title, spec.target(t.id).title_en),
                       "rows": rows})
    return tables


def _year_cell(point: YearPoint | None, quality: FormQuality | None, target: Target, lang: str,
               after_break: bool = False) -> dict[str, str]:
    """One year's figure of a target, with what makes it doubtful (rows rejected, units missing);
    a prorated year's threshold beside it; ‖ before the first figure after a break."""
    value = point.value if point is not None else None
    caveat = quality.text(lang) if quality is not None and quality.doubtful and value is not None else ""
    text = measured(value, target.unit_in(lang), lang) if point is not None else "—"
    if point is not None and point.threshold is not None:
        text += f" ({labels.op(target.comparator)} {measured(point.threshold, target.unit_in(lang), lang)})"
    if after_break:
        text = "‖ " + text
    return {"value": text,
            "status": point.status if point is not None else "no_data",
            "mark": "⚠" if caveat else "", "caveat": caveat}


def _latest_year(t: TargetSummary) -> int:
    return next((p.year for p in reversed(t.years) if p.value is not None), t.years[-1].year)


def _met_text(t: TargetSummary, w: dict[str, str], lang: str) -> str:
    """Years (or windows) met of those judged, and the years without data."""
    if t.tracked:
        return "—"
    if t.when == "window":
        return w["windows_met"].format(met=t.windows_met, n=t.windows_counted)
    judged = sum(p.status in ("met", "not_met") for p in t.years) if t.improves else t.years_with_data
    text = f"{t.years_met}/{judged}"  # an `improves` year without the year before is not judged
    return text + (" " + labels.years_missing(t.years_missing, lang) if t.years_missing else "")


def _quality_row(year: int, q: dict[str, Any], lang: str) -> dict[str, Any]:
    return {"year": year, **{k: number(v, lang, 0) for k, v in q.items() if isinstance(v, int)},
            "bad": bool(q["errors"] or q["units_missing"] or q["rows_missing"])}


def _consistency_rows(review: Review, lang: str) -> list[dict[str, Any]]:
    """Per year: outliers, jumps, last year's rows gone, units flagged (the summary's counts of
    the data-quality section); empty when no year has a flag, so the report says so in a line."""
    found = {y: card.consistency() for y, card in sorted(review.scorecards.items())}
    if not any(c.flags for c in found.values()):
        return []
    return [{"year": y, "outliers": number(c.outliers, lang, 0), "value_jumps": number(c.value_jumps, lang, 0),
             "rows_disappeared": number(c.rows_disappeared, lang, 0),
             "units_flagged": number(c.units_flagged, lang, 0)} for y, c in found.items()]


def render_markdown(review: Review, lang: str = "vi", stamp: str | None = None) -> str:
    return render("summary.md.j2", _context(review, lang, stamp))


def render_html(review: Review, lang: str = "vi", stamp: str | None = None) -> str:
    from markupsafe import Markup

    context = _context(review, lang, stamp)
    for group in context["objectives"]:
        for row in group["targets"]:
            row["chart"] = Markup(row["chart"])  # numbers only, built by render.charts
    context["colours"] = labels.ALL_COLOURS
    context["extra_colours"] = labels.EXTRA_COLOURS
    return render("summary.html.j2", context)
