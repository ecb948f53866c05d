"""Scorecard and summary → one self-contained HTML file (inline CSS and SVG, no script)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from danvan_cli.render import labels
from danvan_cli.render.markdown import scorecard_context
from danvan_cli.render.templating import render

if TYPE_CHECKING:
    from collections.abc import Callable

    from danvan_cli.indicators.reports import Scorecard
    from danvan_cli.indicators.results import PeriodStatus


def common(lang: str) -> dict[str, object]:
    """What every HTML page's style and headline need: the language, the statuses' colours and labels."""
    def status_label(code: PeriodStatus) -> str:
        return labels.status(code, lang)

    label: Callable[[PeriodStatus], str] = status_label
    return {"lang": lang, "colours": labels.ALL_COLOURS, "extra_colours": labels.EXTRA_COLOURS,
            "status_label": label}


def render_scorecard(card: Scorecard, lang: str = "vi", stamp: str | None = None) -> str:
    context = scorecard_context(card, lang) | common(lang)
    context["page_title"] = context["W"]["scorecard_title"].format(year=card.year)
    context["stamp"] = stamp
    return render("scorecard.html.j2", context)
