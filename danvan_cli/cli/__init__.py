"""The `danvan` command line: thin commands over `danvan_cli.api`.

Heavy libraries (pandas, jinja2, openpyxl) are imported inside the commands so that
``danvan --help`` stays instant.
"""

from __future__ import annotations

import typer

from danvan_cli.cli import common
from danvan_cli.cli import score as _score
from danvan_cli.cli import summary as _summary
from danvan_cli.cli import targets as _targets
from danvan_cli.cli import template as _template
from danvan_cli.cli import units as _units
from danvan_cli.cli import validate as _validate

app = typer.Typer(
    name="danvan",
    help="danvan — tính chỉ tiêu Đề án dân vận từ số liệu các đơn vị gửi lên "
    "(indicator calculator for Vietnamese public-sector programmes).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # click's plain help: rich's formatter costs ~80 ms of imports on every `--help`
    rich_markup_mode=None,
)


@app.callback()
def _options(
    debug: bool = typer.Option(False, "--debug", help="Hiện traceback khi có lỗi (show tracebacks)."),
) -> None:
    common.DEBUG = debug


app.command("validate")(_validate.validate)
app.command("score")(_score.score)
app.command("summary")(_summary.summary)
app.command("targets")(_targets.targets)
app.command("template")(_template.template)
app.command("units")(_units.units)


def main() -> None:
    app()
