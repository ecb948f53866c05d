"""`danvan validate PATH...`: every problem in the files sent in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from danvan_cli.cli.common import Crosswalk, Lang, Output, Scope, Targets, Units, Year, guarded, lang_of, write_output


def validate(
    paths: Annotated[list[Path], typer.Argument(help="Thư mục năm hoặc các tệp số liệu.")],
    units: Units = None,
    crosswalk: Crosswalk = None,
    scope: Scope = "old-territory",
    targets: Targets = None,
    year: Year = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
    output: Output = None,
    lang: Lang = "",
) -> None:
    """Kiểm tra số liệu các đơn vị gửi lên (check submitted files)."""
    with guarded():
        from danvan_cli import api
        from danvan_cli.errors import UsageError
        from danvan_cli.render import validation as render

        language = lang_of(lang)
        if format not in ("table", "json"):
            raise UsageError("--format phải là table hoặc json")
        submission = api.validate(paths, year=year, targets=targets, units=units, crosswalk=crosswalk, scope=scope)
        if format == "json":
            from danvan_cli.render import jsonout

            write_output(jsonout.dumps(render.as_json(submission, language)), output)
        else:
            from danvan_cli.cli.common import writable

            with writable(output or Path(".")):
                render.print_report(submission, language, output)
        if submission.count("error"):
            raise typer.Exit(1)
