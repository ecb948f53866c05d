"""`danvan targets`: list the programme's targets, or check a spec file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from danvan_cli.cli.common import LangOption, Output, Targets, guarded, lang_of, show, write_output
from danvan_cli.i18n import N_


def targets(
    ctx: typer.Context,
    format: Annotated[str | None, typer.Option("--format", "-f", help=N_("table | json | md (mặc định: theo đuôi tệp -o, hoặc table)."))] = None,
    check: Annotated[Path | None, typer.Option("--check", help=N_("Kiểm tra một tệp đặc tả targets.yaml."))] = None,
    spec_file: Targets = None,
    output: Output = None,
    lang: LangOption = "",
) -> None:
    """List the targets or check a spec file (help text: `danvan_cli.cli.app`)."""
    with guarded(ctx, lang):
        from danvan_cli.cli import output as out
        from danvan_cli.render import targets as render
        from danvan_cli.spec import load_spec

        language = lang_of(lang, ctx)
        if check is not None:
            spec = load_spec(check)
            write_output(render.check_message(spec, language) + "\n", None)
            return
        chosen = out.choose("targets", format, output)
        spec = load_spec(spec_file)
        if chosen == "json":
            import json

            out.write(json.dumps(render.as_json(spec), ensure_ascii=False, indent=2) + "\n", output)
        elif chosen == "md":
            text = render.as_markdown(spec, language)
            out.write(text, output) if output else show(text)
        elif output is None:
            render.print_table(spec, language)
        else:
            out.write(out.captured(lambda: render.print_table(spec, language)), output)
