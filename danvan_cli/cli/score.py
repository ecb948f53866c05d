"""`danvan score DIR`: the year's scorecard."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from danvan_cli.cli.common import (
    Crosswalk,
    LangOption,
    NoPlausibility,
    Output,
    ReportInfo,
    Scope,
    Targets,
    Units,
    Year,
    guarded,
    lang_of,
    show,
)
from danvan_cli.i18n import N_


def score(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help=N_("Thư mục năm (data/2023) hoặc các tệp số liệu."))],
    year: Year = None,
    targets: Targets = None,
    units: Units = None,
    crosswalk: Crosswalk = None,
    scope: Scope = "old-territory",
    format: Annotated[str | None, typer.Option("--format", "-f", help=N_("md | json | html | xlsx | docx (mặc định: theo đuôi tệp -o, hoặc md)."))] = None,
    output: Output = None,
    report_info: ReportInfo = None,
    strict: Annotated[bool, typer.Option("--strict", help=N_("Thoát với mã 1 nếu số liệu có lỗi."))] = False,
    stamp: Annotated[bool, typer.Option("--stamp", help=N_("Ghi thời điểm lập báo cáo vào HTML."))] = False,
    no_plausibility: NoPlausibility = False,
    lang: LangOption = "",
) -> None:
    """The year's scorecard (help text: `danvan_cli.cli.app`)."""
    with guarded(ctx, lang):
        from danvan_cli import api
        from danvan_cli.cli import output as out
        from danvan_cli.cli.common import stamp_text

        language = lang_of(lang, ctx)
        chosen = out.choose("score", format, output)
        card = api.score(paths, year=year, targets=targets, units=units, crosswalk=crosswalk, scope=scope,
                         plausibility=not no_plausibility)
        when = stamp_text(language) if stamp else None
        if chosen == "json":
            from danvan_cli.render import jsonout

            out.write(jsonout.dumps(card.to_json(language)), output)
        elif chosen == "html":
            from danvan_cli.render.html import render_scorecard as render_html

            out.write(render_html(card, language, when), output)
        elif chosen == "xlsx":
            from danvan_cli.render.xlsx import scorecard_workbook

            out.write(scorecard_workbook(card, language), output)
        elif chosen == "docx":
            out.write(out.docx(card, language, report_info, when), output)
        elif output is None and format is None and sys.stdout.isatty():
            from danvan_cli.render.markdown import print_scorecard

            print_scorecard(card, language)  # rich tables: figures never cut at any width
        else:
            from danvan_cli.render.markdown import render_scorecard

            text = render_scorecard(card, language)
            show(text) if output is None else out.write(text, output)
        if strict and card.submission.count("error"):
            raise typer.Exit(1)
