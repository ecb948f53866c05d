"""`danvan score DIR`: the year's scorecard."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from danvan_cli.cli.common import (
    Crosswalk,
    Lang,
    Output,
    Scope,
    Targets,
    Units,
    Year,
    guarded,
    lang_of,
    show,
    write_output,
)

FORMATS = ("md", "json", "html")


def score(
    paths: Annotated[list[Path], typer.Argument(help="Thư mục năm (data/2023) hoặc các tệp số liệu.")],
    year: Year = None,
    targets: Targets = None,
    units: Units = None,
    crosswalk: Crosswalk = None,
    scope: Scope = "old-territory",
    format: Annotated[str | None, typer.Option("--format", "-f", help="md | json | html (mặc định: theo đuôi tệp -o, hoặc md).")] = None,
    output: Output = None,
    strict: Annotated[bool, typer.Option("--strict", help="Thoát với mã 1 nếu số liệu có lỗi.")] = False,
    stamp: Annotated[bool, typer.Option("--stamp", help="Ghi thời điểm lập báo cáo vào HTML.")] = False,
    lang: Lang = "",
) -> None:
    """Tính kết quả các chỉ tiêu của một năm (the year's scorecard)."""
    with guarded():
        from danvan_cli import api
        from danvan_cli.cli.common import output_format, stamp_text

        language = lang_of(lang)
        chosen = output_format(format, output, FORMATS)
        card = api.score(paths, year=year, targets=targets, units=units, crosswalk=crosswalk, scope=scope)
        when = stamp_text() if stamp else None
        if chosen == "json":
            from danvan_cli.render import jsonout

            write_output(jsonout.dumps(card.to_json(language)), output)
        elif chosen == "html":
            from danvan_cli.render.html import render_scorecard as render_html

            write_output(render_html(card, language, when), output)
        else:
            from danvan_cli.render.markdown import render_scorecard

            text = render_scorecard(card, language)
            if output is None:
                show(text)
            else:
                write_output(text, output)
        if strict and card.submission.count("error"):
            raise typer.Exit(1)
