"""The one Jinja environment of the reports: where the templates are, how text is escaped,
the filters (``md``, ``css_text``) and helpers (``bar``) every template may use.

Markdown templates get an environment without autoescape (their text goes through ``|md``);
HTML templates one with autoescape, so every value from the input is text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from danvan_cli.tolerance import slack

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>#])")


def md(text: object) -> str:
    """Escape text from the input so it stays text in Markdown (and in any HTML it becomes)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def css_text(text: object) -> Markup:
    """Text as a CSS string literal, safe inside <style> (a running title in an @page margin box)."""
    from markupsafe import Markup

    body = " ".join(str(text).split()).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return Markup(f'"{body}"')


def bar(fraction: float, width: int = 10) -> str:
    """'███████░░░': a full bar only when the target is reached (a share computed as 0.99999… is full)."""
    cells = fraction * width
    filled = int(cells + slack(cells))
    return "█" * filled + "░" * (width - filled)


@lru_cache(maxsize=2)
def environment(autoescape: bool) -> jinja2.Environment:
    """The environment for Markdown (``False``) or HTML (``True``) templates (made once each)."""
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


def render(template: str, context: dict[str, Any]) -> str:
    """A template with its context; Markdown (``.md.j2``) with runs of blank lines made one."""
    text = environment(template.endswith(".html.j2")).get_template(template).render(context)
    if template.endswith(".md.j2"):
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text
