"""`danvan explain TARGET PATH`: the rows behind one target's figure."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from danvan_cli.cli.common import Crosswalk, LangOption, Output, Scope, Targets, Units, Year, guarded, lang_of
from danvan_cli.i18n import N_


def explain(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="TARGET", help=N_("Mã chỉ tiêu (T1.1, NV7…: xem “danvan targets”)."))],
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help=N_("Thư mục năm (data/2023) hoặc các tệp số liệu."))],
    unit: Annotated[str | None, typer.Option("--unit", help=N_("Mã đơn vị để xem chi tiết: một huyện → các xã của huyện; một xã → các thôn."))] = None,
    year: Year = None,
    targets: Targets = None,
    units: Units = None,
    crosswalk: Crosswalk = None,
    scope: Scope = "old-territory",
    format: Annotated[str | None, typer.Option("--format", "-f", help=N_("table | json | xlsx (mặc định: theo đuôi tệp -o, hoặc table)."))] = None,
    output: Output = None,
    lang: LangOption = "",
) -> None:
    """The rows behind one target's figure (help text: `danvan_cli.cli.app`)."""
    with guarded(ctx, lang):
        from danvan_cli import api
        from danvan_cli.cli import output as out

        language = lang_of(lang, ctx)
        chosen = out.choose("explain", format, output)
        result = api.explain(target, paths, unit=unit, year=year, targets=targets, units=units,
                             crosswalk=crosswalk, scope=scope)
        if chosen == "json":
            from danvan_cli.render import jsonout

            out.write(jsonout.dumps(result.to_json(language)), output, language)
        elif chosen == "xlsx":
            from danvan_cli.render.explain import explain_workbook

            out.write(explain_workbook(result, language), output, language)
        else:
            from danvan_cli.render.explain import render_text

            out.write(render_text(result, language), output, language)
