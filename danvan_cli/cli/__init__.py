"""The `danvan` command line: thin commands over `danvan_cli.api`.

Heavy libraries (pandas, jinja2, openpyxl) are imported inside the commands so that
``danvan --help`` stays instant. The language (``--lang en`` anywhere on the line, else
DANVAN_LANG, else Vietnamese) is known before parsing: `main` translates the help and the
parser's own messages into it (`danvan_cli.cli.parser`).
"""

from __future__ import annotations

import sys

import typer

from danvan_cli.cli import common
from danvan_cli.cli import explain as _explain
from danvan_cli.cli import score as _score
from danvan_cli.cli import summary as _summary
from danvan_cli.cli import targets as _targets
from danvan_cli.cli import template as _template
from danvan_cli.cli import units as _units
from danvan_cli.cli import validate as _validate
from danvan_cli.i18n import N_

PROG = "danvan"

app = typer.Typer(
    name=PROG,
    help=N_("danvan — tính chỉ tiêu Đề án dân vận từ số liệu các đơn vị gửi lên."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # click's plain help: rich's formatter costs ~80 ms of imports on every `--help`
    rich_markup_mode=None,
)


@app.callback()
def _options(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help=N_("Hiện traceback khi có lỗi.")),
    lang: common.LangOption = "",
) -> None:
    """Options of danvan itself, for every command: kept in the run's context, not in a global."""
    ctx.obj = common.Invocation(debug=debug, lang=lang)


app.command("validate", help=N_("Kiểm tra số liệu các đơn vị gửi lên."))(_validate.validate)
app.command("score", help=N_("Tính kết quả các chỉ tiêu của một năm."))(_score.score)
app.command("summary", help=N_("Sơ kết / tổng kết nhiều năm: tiến độ từng chỉ tiêu."))(_summary.summary)
app.command("explain", help=N_("Giải thích một con số: các dòng số liệu tạo nên kết quả một chỉ tiêu."))(_explain.explain)
app.command("targets", help=N_("Liệt kê các chỉ tiêu của Đề án, hoặc kiểm tra tệp đặc tả."))(_targets.targets)
app.command("template", help=N_("Tạo biểu mẫu Excel trống để gửi các đơn vị."))(_template.template)
app.command("units", help=N_("Tra cứu, liệt kê và kiểm tra đơn vị qua các lần sắp xếp."))(_units.units)


def main(argv: list[str] | None = None) -> None:
    """The ``danvan`` program: the command tree in the language asked for, then run."""
    from danvan_cli.cli import parser
    from danvan_cli.i18n import lang_from_argv, use_for_parser

    parser.utf8_streams()
    lang = lang_from_argv(sys.argv[1:] if argv is None else argv)
    use_for_parser(lang)
    command = typer.main.get_command(app)
    parser.localise(command, lang)
    # no argv: the parser reads sys.argv itself (and expands wildcards on Windows)
    sys.exit(parser.run(command, argv, lang, PROG))
