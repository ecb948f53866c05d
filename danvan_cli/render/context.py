"""Results → plain dictionaries the report templates read (shared by Markdown and HTML)."""

from __future__ import annotations

from typing import Any

from danvan_cli.i18n import data_text, translator
from danvan_cli.indicators import TargetResult
from danvan_cli.indicators.status import meets
from danvan_cli.render import labels
from danvan_cli.render.numbers import measured, number, percent
from danvan_cli.spec.models import Column, Spec, Target
from danvan_cli.units import Registry
from danvan_cli.validation.report import Consistency
from danvan_cli.validation.submission import FormQuality


def column_name(column: Column, lang: str) -> str:
    """A column as a reader knows it: its label; in English its English label, else its canonical name."""
    return data_text(lang, column.label, column.label_en or column.name)


def target_threshold(target: Target, threshold: float | None, lang: str) -> str:
    """The threshold as a reader sees it: '≥ 85%', 'higher than the year before', 'tracked'."""
    w = labels.words(lang)
    if target.tracked:
        return w["tracked_threshold"]
    if target.improves:
        return w["improves_up" if target.comparator == ">=" else "improves_down"]
    return f"{labels.op(target.comparator)} {measured(threshold, target.unit_in(lang), lang)}"


def threshold_text(t: TargetResult, lang: str, spec: Spec | None = None) -> str:
    """The year's threshold; a prorated one says how it was worked out (12 × 6/12 months)."""
    if t.tracked:
        return labels.words(lang)["tracked_threshold"]
    if t.previous is not None:
        return labels.words(lang)["improves_up" if t.comparator == ">=" else "improves_down"]
    text = f"{labels.op(t.comparator)} {measured(t.threshold, t.unit_in(lang), lang)}"
    if t.threshold_full is not None and t.months is not None:
        text += " (" + labels.words(lang)["prorated"].format(
            full=measured(t.threshold_full, t.unit_in(lang), lang), months=t.months) + ")"
    return text


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


def old_districts_note(names: tuple[str, ...], lang: str) -> str:
    """'huyện cũ: Huyện Kim Sơn', or 'liên huyện: …' for a new unit across old district lines."""
    if not names:
        return ""
    _ = translator(lang).gettext
    if len(names) == 1:
        return _("huyện cũ: {name}").format(name=names[0])
    return _("liên huyện: {names}").format(names=", ".join(names))


def ranked_breakdown(t: TargetResult, lang: str) -> list[dict[str, Any]]:
    """Districts, worst first (lowest value for ≥ targets); no value last."""
    reverse = t.comparator == "<="
    with_value = sorted((d for d in t.breakdown if d.value is not None),
                        key=lambda d: (d.value, d.code), reverse=reverse)
    without = [d for d in t.breakdown if d.value is None]
    rows = []
    for d in with_value + without:
        fraction = None
        if d.value is not None and t.threshold and t.status != "tracked":
            fraction = max(0.0, min(1.0, d.value / t.threshold)) if not reverse else None
        rows.append({
            "code": d.code, "name": d.name, "value": measured(d.value, t.unit_in(lang), lang),
            "raw": d.value, "fraction": fraction,
            "met": d.value is not None and t.threshold is not None and meets(d.value, t.threshold, t.comparator),
            "parts": f"{number(d.numerator, lang, 0)}/{number(d.denominator, lang, 0)}" if d.denominator is not None else "",
            "note": old_districts_note(d.old_districts, lang),
        })
    return rows


def _parts(t: TargetResult, lang: str) -> str:
    """What is behind the value: numerator/denominator, or for `improves` the year before's value."""
    if t.previous is not None:
        return f"{t.previous[0]}: {measured(t.previous[1], t.unit_in(lang), lang)}"
    if t.denominator is not None and t.value is not None:
        return f"{number(t.numerator, lang, 0)}/{number(t.denominator, lang, 0)}"
    return ""


def footnote_marks(spec: Spec, ids: list[str] | tuple[str, ...]) -> list[dict[str, str]]:
    """Footnote markers of a target's interpretations: id and mark (1, 2, … in spec order)."""
    order = [i.id for i in spec.interpretations]
    return [{"id": i, "mark": str(order.index(i) + 1)} for i in ids if i in order]


def target_row(spec: Spec, t: TargetResult, lang: str, quality: FormQuality | None = None) -> dict[str, Any]:
    target = spec.target(t.id)
    marks = footnote_marks(spec, t.interpretations or ((t.interpretation,) if t.interpretation else ()))
    return {
        "caveat": quality.text(lang) if quality is not None and quality.doubtful and t.value is not None else "",
        "id": t.id,
        "title": data_text(lang, t.title, t.title_en),
        "threshold": threshold_text(t, lang),
        "when": when_text(t.when, t.deadline, target.window, lang),
        "value": measured(t.value, t.unit_in(lang), lang),
        "parts": _parts(t, lang),
        "achievement": percent(t.achievement, lang),
        "status": t.status,
        "status_label": labels.status(t.status, lang),
        "mark": labels.STATUS_MARK.get(t.status, ""),
        "fraction": bar_fraction(t),
        "breakdown": ranked_breakdown(t, lang),
        "footnote": t.interpretation,
        "footnotes": marks,
        "beside": _beside(spec, target.form, t, lang),
    }


def _beside(spec: Spec, form: str, t: TargetResult, lang: str) -> str:
    """'Số kỳ phát sóng chuyên mục …: 14' for the figures a target shows beside its value."""
    columns = spec.forms[form]
    shown = []
    for name, value in t.beside:
        if value is not None:
            label = column_name(columns.column(name), lang)
            shown.append(f"{label}: {number(value, lang, 0)}")
    return "; ".join(shown)


def objectives(spec: Spec, results: tuple[TargetResult, ...], lang: str,
               quality: dict[str, FormQuality] | None = None) -> list[dict[str, Any]]:
    """Targets grouped by objective, in spec order; ``quality``: target id → its form's `FormQuality`."""
    groups = []
    quality = quality or {}
    for obj in spec.objectives:
        rows = [target_row(spec, t, lang, quality.get(t.id)) for t in results if t.objective == obj.id]
        if rows:
            title = data_text(lang, obj.title, obj.title_en)
            w = labels.words(lang)
            heading = f"{w['objective']} {obj.id}" if obj.id.isdigit() else w["tasks"]
            groups.append({"id": obj.id, "heading": heading, "title": title, "targets": rows})
    return groups


def interpretation_notes(spec: Spec, target_ids: dict[str, list[str]], lang: str) -> list[dict[str, str]]:
    """The interpretations used by the shown targets (target id → its interpretation ids), in spec
    order: id, mark, the targets that refer to it and the note."""
    notes = []
    for n, interp in enumerate(spec.interpretations, start=1):
        ids = ", ".join(tid for tid, refs in target_ids.items() if interp.id in refs)
        if ids:
            notes.append({"id": interp.id, "mark": str(n), "targets": ids,
                          "text": data_text(lang, interp.note, interp.note_en)})
    return notes


def footnotes(spec: Spec, results: tuple[TargetResult, ...], lang: str) -> list[dict[str, str]]:
    refs = {t.id: list(t.interpretations or ((t.interpretation,) if t.interpretation else ())) for t in results}
    return interpretation_notes(spec, refs, lang)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def status_counts(results: tuple[TargetResult, ...], lang: str = "vi") -> dict[str, Any]:
    counts: dict[str, Any] = {k: 0 for k in ("met", "not_met", "in_progress", "no_data")}
    for t in results:
        counts[t.status] = counts.get(t.status, 0) + 1
    others = [(k, counts[k]) for k in labels.STATUS_ORDER if k not in ("met", "not_met", "in_progress", "no_data")
              and counts.get(k)]
    counts["others"] = "".join(f", {n} {_lower_first(labels.status(k, lang))}" for k, n in others)
    counts["keys"] = ["met", "not_met", "in_progress", "no_data", *(k for k, _ in others)]
    counts["total"] = len(results)
    return counts


def form_title(spec: Spec, form_id: str, lang: str) -> str:
    """'01 — Cấp ủy …': a form as the completeness table names it (its id if the spec lacks it)."""
    form = spec.forms.get(form_id)
    return f"{form.number} — {data_text(lang, form.title, form.title_en)}" if form is not None else form_id


def district_word(registry: Registry, lang: str) -> str:
    """The column of a unit's district: 'Huyện'; after 1/7/2025 (no districts) 'Xã, phường'."""
    order = registry.level_order
    by_district = len(order) < 2 or registry.district_level == order[1]
    return labels.words(lang)["unit_district" if by_district else "unit_district_xa"]


def consistency_view(cons: Consistency, spec: Spec, registry: Registry, lang: str) -> dict[str, Any]:
    """The internal-consistency part of the data-quality section, formatted: per form the rows
    checked and its flags; the units with most flags (whom to call) with their first flag's place.
    ``flagged`` is false when there is nothing to show but the one line saying so."""
    forms = [{"label": form_title(spec, f.form, lang), "rows": number(f.rows, lang, 0),
              "outliers": number(f.outliers, lang, 0), "value_jumps": number(f.value_jumps, lang, 0),
              "rows_disappeared": number(f.rows_disappeared, lang, 0), "flagged": f.flagged}
             for f in cons.forms]
    units = [{"code": u.code, "name": u.name, "district": u.district_name or u.district,
              "flags": number(u.count, lang, 0),
              "location": u.first.location_in(lang) if u.first is not None else ""}
             for u in cons.units]
    total = {"label": labels.words(lang)["total"], "rows": number(sum(f.rows for f in cons.forms), lang, 0),
             "outliers": number(cons.outliers, lang, 0), "value_jumps": number(cons.value_jumps, lang, 0),
             "rows_disappeared": number(cons.rows_disappeared, lang, 0)}
    more = cons.units_flagged - len(cons.units)
    return {"flagged": bool(cons.flags), "forms": forms, "units": units, "total": total,
            "district": district_word(registry, lang),
            "more_units": labels.words(lang)["more_units"].format(n=number(more, lang, 0)) if more > 0 else ""}
