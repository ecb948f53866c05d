"""Options shared by every command, and the one place errors become exit codes.

The help texts are Vietnamese, marked for the ``cli`` catalog; `danvan_cli.cli.parser`
translates them before the parser runs when the chosen language is English.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from danvan_cli.i18n import LANGS, N_, Lang, as_lang, translator

if TYPE_CHECKING:
    from typer._click.core import Context as ClickContext  # typer.Context's base: a context's parent

LangOption = Annotated[str, typer.Option("--lang", help=N_("Ngôn ngữ: vi | en (hoặc biến môi trường DANVAN_LANG)."))]
Targets = Annotated[Path | None, typer.Option("--targets", help=N_("Tệp đặc tả chỉ tiêu (mặc định: targets.yaml đi kèm)."))]
Units = Annotated[Path | None, typer.Option("--units", help=N_("Danh mục đơn vị units.csv (mặc định: trong thư mục năm, thư mục cha, hoặc danh mục Ninh Bình đi kèm)."))]
Crosswalk = Annotated[Path | None, typer.Option("--crosswalk", help=N_("Bảng chuyển đổi đơn vị cũ → mới crosswalk.csv (mặc định: cạnh danh mục đơn vị, hoặc bảng Ninh Bình đi kèm)."))]
Scope = Annotated[str, typer.Option("--scope", help=N_("Dòng của tỉnh sau 1/7/2025 (cùng mã, cùng tên, địa bàn rộng hơn): old-territory (địa bàn tỉnh cũ của Đề án, mặc định) | new-province (tỉnh mới)."))]
Year = Annotated[int | None, typer.Option("--year", help=N_("Năm báo cáo (mặc định: tên thư mục)."))]
Output = Annotated[Path | None, typer.Option("-o", "--output", help=N_("Ghi ra tệp (định dạng theo đuôi tệp: xem danvan_cli/cli/output.py)."))]
NoPlausibility = Annotated[bool, typer.Option("--no-plausibility", help=N_(
    "Không kiểm tra số liệu bất thường (khác xa đơn vị cùng cấp, tăng giảm đột ngột so với năm trước)."))]
ReportInfo = Annotated[Path | None, typer.Option("--report-info", help=N_("Thông tin báo cáo (cơ quan ban hành, số ký hiệu, người ký…) dạng YAML cho tệp .docx"))]


@dataclass(frozen=True)
class Invocation:
    """What the options of ``danvan`` itself (before the command) ask of every command.

    The app's callback puts it in the click context (``ctx.obj``); each command hands its
    context to `guarded`, so two runs in one process never share a setting.
    """

    debug: bool = False
    lang: str = ""  # ``danvan --lang en COMMAND``: the language of a command not given its own --lang


def invocation(ctx: ClickContext | None) -> Invocation:
    """The `Invocation` of the run `ctx` belongs to (the defaults outside a run)."""
    while ctx is not None:
        if isinstance(ctx.obj, Invocation):
            return ctx.obj
        ctx = ctx.parent
    return Invocation()


def chosen_lang(lang: str | None) -> Lang:
    """``--lang``, else DANVAN_LANG, else Vietnamese; anything unknown reads as Vietnamese
    (for the texts of an error, before `lang_of` refuses it)."""
    return as_lang((lang or os.environ.get("DANVAN_LANG") or "vi").lower())


def lang_of(lang: str | None, ctx: typer.Context | None = None) -> Lang:
    """The language asked for (the command's --lang, else danvan's, else DANVAN_LANG, else
    Vietnamese); a value other than vi or en is a usage error (exit 2)."""
    chosen = (lang or invocation(ctx).lang or os.environ.get("DANVAN_LANG") or "vi").lower()
    if chosen not in LANGS:
        from danvan_cli.errors import UsageError

        _ = translator("vi").gettext  # the language asked for is unknown: the source language
        raise UsageError(_("--lang phải là vi hoặc en (không phải “{chosen}”)").format(chosen=chosen))
    return as_lang(chosen)


def write_output(text: str, output: Path | None) -> None:
    """Write to the file, or to stdout as UTF-8 whatever the console's code page."""
    if output is not None:
        with writable(output):
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8", newline="\n")
        return
    stream = sys.stdout
    try:
        stream.write(text)
    except UnicodeEncodeError:
        stream.buffer.write(text.encode("utf-8"))
    stream.flush()


@contextmanager
def writable(output: Path, lang: str = "vi") -> Iterator[None]:
    """A file or folder that cannot be written is a usage error (exit 2), not a crash."""
    from danvan_cli.errors import UsageError

    try:
        yield
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        _ = translator(lang).gettext
        raise UsageError(_("Không ghi được {path}: {reason}").format(path=output, reason=reason)) from exc


def error(message: str, lang: str = "vi") -> None:
    """One message on stderr, after the word 'Lỗi:' ('Error:')."""
    from rich.console import Console
    from rich.markup import escape

    prefix = escape(translator(lang).gettext("Lỗi:"))
    # soft wrap: the terminal wraps a long message; rich must not cut it into lines itself
    Console(stderr=True, highlight=False, soft_wrap=True).print(f"[bold red]{prefix}[/] {message}", markup=True)


@contextmanager
def _few_collections() -> Iterator[None]:
    """A command makes hundreds of thousands of small objects that live until it ends and hold
    no cycles: the objects made so far are left out of the collector's scans (`gc.freeze`), and
    it runs after 100,000 allocations rather than 700 (measured: 0.25 s of the 3.7 s of
    `score samples/ninh-binh/2023`). The collector is as before once the command is over."""
    import gc

    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


@contextmanager
def guarded(ctx: typer.Context | None = None, lang: str | None = None) -> Iterator[None]:
    """Named danvan errors become one message on stderr and their exit code; with
    ``danvan --debug`` (read from `ctx`), the traceback instead."""
    from danvan_cli.errors import DanvanError

    debug = invocation(ctx).debug
    language = chosen_lang(lang or invocation(ctx).lang)
    try:
        with _few_collections():
            yield
    except DanvanError as exc:
        if debug:
            raise
        from danvan_cli.issues import shown_in

        # errors carry their text as an issues.Text: shown in the language asked
        error(shown_in(exc.args[0], language) if exc.args else str(exc), language)
        raise typer.Exit(exc.exit_code) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        if debug:
            raise
        # a bug of danvan's, never of the input: still one of the documented exit codes
        _ = translator(language).gettext
        error(_("lỗi không mong đợi: {kind}: {error} (chạy lại với --debug để xem chi tiết và báo lỗi này)")
              .format(kind=type(exc).__name__, error=exc), language)
        raise typer.Exit(2) from None


def show(markdown_text: str) -> None:
    """Markdown to the terminal through rich; plain text when piped."""
    if not sys.stdout.isatty():
        write_output(markdown_text, None)
        return
    from rich.console import Console
    from rich.markdown import Markdown

    Console().print(Markdown(markdown_text))


def stamp_text(lang: str = "vi") -> str:
    """The moment the report was made, only when --stamp asks for it."""
    import datetime

    _ = translator(lang).gettext
    return _("Lập lúc {time}").format(time=datetime.datetime.now().strftime("%H:%M %d/%m/%Y"))
