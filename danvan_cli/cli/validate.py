"""`danvan validate PATH...`: every problem in the files sent in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from danvan_cli.cli.common import (
    Crosswalk,
    LangOption,
    NoPlausibility,
    Output,
    Scope,
    Targets,
    Units,
    Year,
    guarded,
    lang_of,
)
from danvan_cli.i18n import N_, translator


def validate(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help=N_("Thư mục năm hoặc các tệp số liệu."))],
    units: Units = None,
    crosswalk: Crosswalk = None,
    scope: Scope = "old-territory",
    targets: Targets = None,
    year: Year = None,
    format: Annotated[str | None, typer.Option("--format", "-f", help=N_("table | json | md | html | xlsx (mặc định: theo đuôi tệp -o, hoặc table)."))] = None,
    output: Output = None,
    split_by: Annotated[str | None, typer.Option("--split-by", help=N_("district: mỗi huyện (sau 1/7/2025: mỗi xã, phường) một tệp .xlsx trong thư mục -o, đặt theo tên đơn vị, và chung.xlsx."))] = None,
    stamp: Annotated[bool, typer.Option("--stamp", help=N_("Ghi thời điểm lập báo cáo vào HTML."))] = False,
    no_plausibility: NoPlausibility = False,
    lang: LangOption = "",
) -> None:
    """Check the files sent in (help text: `danvan_cli.cli.app`)."""
    with guarded(ctx, lang):
        from danvan_cli import api
        from danvan_cli.cli import output as out
        from danvan_cli.errors import UsageError

        language = lang_of(lang, ctx)
        _ = translator(language).gettext
        if split_by is not None:
            if split_by != "district":
                raise UsageError(_("--split-by {value}: chỉ có --split-by district").format(value=split_by))
            if output is None or (format or "xlsx") != "xlsx":
                raise UsageError(_("--split-by district ghi các tệp .xlsx vào một thư mục: cần -o thư_mục/"))
            chosen = "split"
        else:
            chosen = out.choose("validate", format, output)
        submission = api.validate(paths, year=year, targets=targets, units=units, crosswalk=crosswalk, scope=scope,
                                  plausibility=not no_plausibility)
        if chosen == "table":
            from danvan_cli.render import validation as render

            if output is None:
                render.print_report(submission, language)
            else:
                out.write(out.captured(lambda: render.print_report(submission, language)), output)
        elif chosen == "json":
            from danvan_cli.render import jsonout
            from danvan_cli.render import validation as render

            names = api.names_for(paths, submission, targets=targets, units=units, crosswalk=crosswalk, scope=scope)
            out.write(jsonout.dumps(render.as_json(submission, language, names)), output)
        else:
            from danvan_cli.render import validation_report as report

            names = api.names_for(paths, submission, targets=targets, units=units, crosswalk=crosswalk, scope=scope)
            if chosen == "md":
                out.write(report.render_markdown(submission, names, language), output)
            elif chosen == "html":
                from danvan_cli.cli.common import stamp_text

                out.write(report.render_html(submission, names, language, stamp_text(language) if stamp else None),
                          output)
            elif chosen == "xlsx":
                from danvan_cli.render import xlsx

                out.write(xlsx.validation_workbook(submission, names, language), output)
            else:
                from danvan_cli.render import xlsx

                assert output is not None
                out.write_files(xlsx.validation_split(submission, names, language), output)
        if submission.count("error"):
            raise typer.Exit(1)
