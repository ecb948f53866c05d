"""The programme's targets as a terminal table, Markdown annex or JSON."""

from __future__ import annotations

from typing import Any

from danvan_cli.render.context import target_threshold, when_text
from danvan_cli.spec.models import Spec, Target


def _measure(t: Target) -> str:
    m = t.measure
    if m.kind == "improves" and m.of is not None:
        return f"improves ({_measure(t.model_copy(update={'measure': m.of}))})"
    if m.kind == "ratio":
        return f"ratio {m.numerator} / {m.denominator}"
    if m.kind in ("share", "count"):
        conds = " và ".join(f"{c.column} {c.op} {getattr(c.value, 'ref', c.value)}" for c in m.condition)
        return f"{m.kind} {conds}"
    return f"{m.kind} {m.column}"


def _scope(t: Target) -> str:
    parts = []
    if t.scope.levels:
        parts.append("cấp " + "+".join(t.scope.levels))
    parts += [f"{c.column} {c.op} {getattr(c.value, 'ref', c.value)}" for c in t.scope.where]
    return "; ".join(parts) or "tất cả"


def as_json(spec: Spec) -> dict[str, Any]:
    return {
        "schema": "danvan.targets/1",
        "programme": spec.programme.model_dump(mode="json"),
        "targets": [
            {"id": t.id, "objective": t.objective, "title": t.title, "title_en": t.title_en,
             "form": t.form, "scope": _scope(t), "measure": _measure(t), "unit": t.unit,
             "comparator": t.comparator, "threshold": t.threshold, "when": t.when,
             "deadline": t.deadline, "window": t.window, "interpretation": t.interpretation,
             "interpretations": t.interpretation_ids, "tracked": t.tracked, "prorate": t.prorate}
            for t in spec.targets
        ],
    }


def as_markdown(spec: Spec, lang: str = "vi") -> str:
    en = lang == "en"
    lines = [f"# {'Targets of' if en else 'Các chỉ tiêu của'} {spec.programme.title}", "",
             spec.programme.document, ""]
    for obj in spec.objectives:
        rows = [t for t in spec.targets if t.objective == obj.id]
        if not rows:
            continue
        title = (obj.title_en or obj.title) if en else obj.title
        lines += [f"## {obj.id}. {title}", "",
                  "| ID | " + ("Target | Form | Measure | Threshold | When" if en else "Chỉ tiêu | Biểu | Cách tính | Ngưỡng | Thời hạn") + " |",
                  "|---|---|---|---|---|---|"]
        for t in rows:
            form = spec.forms[t.form]
            text = (t.title_en or t.title) if en else t.title
            marker = "".join(f" [^{i}]" for i in t.interpretation_ids)
            lines.append(f"| {t.id} | {text}{marker} | {form.number} ({t.form}) | {_measure(t)}; {_scope(t)} | "
                         f"{target_threshold(t, t.threshold, lang)} | "
                         f"{when_text(t.when, t.deadline, t.window, lang)} |")
        lines.append("")
    for interp in spec.interpretations:
        lines.append(f"[^{interp.id}]: {(interp.note_en or interp.note) if en else interp.note}")
    return "\n".join(lines) + "\n"


def print_table(spec: Spec, lang: str = "vi") -> None:
    from rich.console import Console
    from rich.table import Table

    en = lang == "en"
    table = Table(title=spec.programme.title, show_lines=False)
    for header in (("ID", "ID"), ("Chỉ tiêu", "Target"), ("Biểu", "Form"), ("Ngưỡng", "Threshold"), ("Thời hạn", "When")):
        table.add_column(header[1] if en else header[0], overflow="fold")
    for t in spec.targets:
        table.add_row(t.id, (t.title_en or t.title) if en else t.title, spec.forms[t.form].number,
                      target_threshold(t, t.threshold, lang),
                      when_text(t.when, t.deadline, t.window, lang))
    Console().print(table)


def check_message(spec: Spec, lang: str = "vi") -> str:
    if lang == "en":
        return f"The spec is valid: {len(spec.forms)} forms, {len(spec.targets)} targets."
    return f"Đặc tả hợp lệ: {len(spec.forms)} biểu mẫu, {len(spec.targets)} chỉ tiêu."
