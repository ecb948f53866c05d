"""Scorecard → Markdown (jinja2 template ``scorecard.md.j2``)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from danvan_cli.render import context, labels
from danvan_cli.render.numbers import number

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

    from danvan_cli.api import Scorecard

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>#])")
FIRST_ISSUES = 15


def _breakdown_heading(card: Scorecard, lang: str) -> dict[str, str]:
    """'By district' while districts exist; by the new communes and wards after 1/7/2025."""
    order = card.registry.level_order
    if len(order) < 2 or card.registry.district_level == order[1]:
        return {}
    return {"breakdown": labels.words(lang)["breakdown_xa"]}


def md(text: object) -> str:
    """Escape text from the input so it stays text in Markdown (and in any HTML it becomes)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def css_text(text: object) -> Markup:
    """Text as a CSS string literal, safe inside <style> (a running title in an @page margin box)."""
    from markupsafe import Markup

    body = " ".join(str(text).split()).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return Markup(f'"{body}"')


def bar(fraction: float, width: int = 10) -> str:
    filled = int(fraction * width + 1e-9)  # a full bar only when the target is reached
    return "█" * filled + "░" * (width - filled)


@lru_cache(maxsize=2)
def environment(autoescape: bool) -> jinja2.Environment:
    import jinja2

    from danvan_cli.resources import templates_dir

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=autoescape,
        trim_blocks=False,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = md
    env.filters["css_text"] = css_text
    env.globals["bar"] = bar
    return env


def scorecard_context(card: Scorecard, lang: str) -> dict[str, Any]:
    """Everything the scorecard templates show, already formatted."""
    from danvan_cli.api import data_quality, inputs

    sub = card.submission
    completeness = []
    for c in sub.completeness:
        form = card.spec.forms[c.form]
        missing = ", ".join(f"{code} {card.registry.name(code)}" if code in card.registry.units else code
                            for code in c.missing[:10])
        if len(c.missing) > 10:
            missing += f" … (+{len(c.missing) - 10})"
        completeness.append({
            "label": f"{form.number} — {(form.title_en or form.title) if lang == 'en' else form.title}",
            "expected": "—" if c.expected is None else number(c.expected, lang, 0),
            "received": number(c.received, lang, 0),
            "missing": missing if c.expected is not None else labels.words(lang)["not_checkable"],
        })
    # errors first, then warnings: what the analyst must look at
    problems = [i for i in sub.issues if i.severity == "error"] + [i for i in sub.issues if i.severity == "warning"]
    shown = problems[:FIRST_ISSUES]
    return {
        "W": labels.words(lang) | _breakdown_heading(card, lang),
        "year": card.year,
        "programme": card.spec.programme,
        "counts": context.status_counts(card.targets, lang),
        "objectives": context.objectives(card.spec, card.targets, lang, card.target_quality()),
        "completeness": completeness,
        "quality": data_quality(sub),
        "first_issues": [{"code": i.code, "location": i.location, "message": i.message(lang)} for i in shown],
        "more_issues": max(0, len(problems) - len(shown)),
        "footnotes": context.footnotes(card.spec, card.targets, lang),
        "inputs": inputs(sub),
        "registry": sub.registry_source,
        "num": lambda v: number(v, lang, 0),
    }


def render_scorecard(card: Scorecard, lang: str = "vi") -> str:
    text = environment(False).get_template("scorecard.md.j2").render(scorecard_context(card, lang))
    return re.sub(r"\n{3,}", "\n\n", text)
