"""Results → plain dictionaries the report templates read (shared by Markdown and HTML)."""

from __future__ import annotations

from typing import Any

from danvan_cli.indicators import TargetResult
from danvan_cli.indicators.status import meets
from danvan_cli.render import labels
from danvan_cli.render.numbers import measured, number, percent
from danvan_cli.spec.models import Spec


def threshold_text(t: TargetResult, lang: str) -> str:
    return f"{t.comparator.replace('>=', '≥').replace('<=', '≤')} {measured(t.threshold, t.unit, lang)}"


def when_text(target_when: str, deadline: int | None, window: int | None, lang: str) -> str:
    w = labels.words(lang)
    if target_when == "deadline" and deadline:
        return w["by"].format(year=deadline)
    if target_when == "window":
        return w["window"].format(n=window or 2)
    return w["annual"]


def bar_fraction(t: TargetResult) -> float:
    """Share of the bar to fill: achievement capped to [0, 1]."""
    if t.achievement is None:
        return 0.0
    return max(0.0, min(1.0, t.achievement / 100))


def ranked_breakdown(t: TargetResult, lang: str) -> list[dict[str, Any]]:
    """Districts, worst first (lowest value for ≥ targets); no value last."""
    reverse = t.comparator == "<="
    with_value = sorted((d for d in t.breakdown if d.value is not None),
                        key=lambda d: (d.value, d.code), reverse=reverse)
    without = [d for d in t.breakdown if d.value is None]
    rows = []
    for d in with_value + without:
        fraction = None
        if d.value is not None and t.threshold:
            fraction = max(0.0, min(1.0, d.value / t.threshold)) if not reverse else None
        rows.append({
            "code": d.code, "name": d.name, "value": measured(d.value, t.unit, lang),
            "raw": d.value, "fraction": fraction,
            "met": d.value is not None and meets(d.value, t.threshold, t.comparator),
            "parts": f"{number(d.numerator, lang, 0)}/{number(d.denominator, lang, 0)}" if d.denominator is not None else "",
        })
    return rows


def target_row(spec: Spec, t: TargetResult, lang: str, quality: Any = None) -> dict[str, Any]:
    target = spec.target(t.id)
    return {
        "caveat": quality.text(lang) if quality is not None and quality.doubtful and t.value is not None else "",
        "id": t.id,
        "title": (t.title_en or t.title) if lang == "en" else t.title,
        "threshold": threshold_text(t, lang),
        "when": when_text(t.when, t.deadline, target.window, lang),
        "value": measured(t.value, t.unit, lang),
        "parts": (f"{number(t.numerator, lang, 0)}/{number(t.denominator, lang, 0)}"
                  if t.denominator is not None and t.value is not None else ""),
        "achievement": percent(t.achievement, lang),
        "status": t.status,
        "status_label": labels.status(t.status, lang),
        "mark": labels.STATUS_MARK.get(t.status, ""),
        "fraction": bar_fraction(t),
        "breakdown": ranked_breakdown(t, lang),
        "footnote": t.interpretation,
    }


def objectives(spec: Spec, results: tuple[TargetResult, ...], lang: str,
               quality: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Targets grouped by objective, in spec order; ``quality``: target id → its form's `FormQuality`."""
    groups = []
    quality = quality or {}
    for obj in spec.objectives:
        rows = [target_row(spec, t, lang, quality.get(t.id)) for t in results if t.objective == obj.id]
        if rows:
            title = (obj.title_en or obj.title) if lang == "en" else obj.title
            w = labels.words(lang)
            heading = f"{w['objective']} {obj.id}" if obj.id.isdigit() else w["tasks"]
            groups.append({"id": obj.id, "heading": heading, "title": title, "targets": rows})
    return groups


def footnotes(spec: Spec, results: tuple[TargetResult, ...], lang: str) -> list[dict[str, str]]:
    used = {t.interpretation for t in results if t.interpretation}
    notes = []
    for interp in spec.interpretations:
        if interp.id in used:
            ids = ", ".join(t.id for t in results if t.interpretation == interp.id)
            notes.append({"id": interp.id, "targets": ids,
                          "text": (interp.note_en or interp.note) if lang == "en" else interp.note})
    return notes


def status_counts(results: tuple[TargetResult, ...]) -> dict[str, int]:
    counts = {k: 0 for k in ("met", "not_met", "in_progress", "no_data")}
    for t in results:
        counts[t.status] = counts.get(t.status, 0) + 1
    counts["total"] = len(results)
    return counts
