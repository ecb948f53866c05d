"""Scorecard and summary → one self-contained HTML file (inline CSS and SVG, no script)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from danvan_cli.render import labels
from danvan_cli.render.markdown import environment, scorecard_context

if TYPE_CHECKING:
    from danvan_cli.api import Scorecard

COLOURS = {
    "met": "#1a7f37", "on_track": "#1a7f37",
    "not_met": "#c62828", "deterioration": "#c62828",
    "in_progress": "#b26a00", "needs_acceleration": "#b26a00",
    "limited_progress": "#d84315",
    "no_data": "#757575", "insufficient_data": "#757575",
}


def common(lang: str) -> dict[str, object]:
    return {"lang": lang, "colours": COLOURS | labels.EXTRA_COLOURS, "extra_colours": labels.EXTRA_COLOURS,
            "status_label": lambda code: labels.status(code, lang)}


def render_scorecard(card: Scorecard, lang: str = "vi", stamp: str | None = None) -> str:
    context = scorecard_context(card, lang) | common(lang)
    context["page_title"] = context["W"]["scorecard_title"].format(year=card.year)
    context["stamp"] = stamp
    return environment(True).get_template("scorecard.html.j2").render(context)
