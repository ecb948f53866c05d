"""Options shared by every command, and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

Lang = Annotated[str, typer.Option("--lang", help="Ngôn ngữ: vi | en (hoặc biến môi trường DANVAN_LANG).")]
Targets = Annotated[Path | None, typer.Option("--targets", help="Tệp đặc tả chỉ tiêu (mặc định: targets.yaml đi kèm).")]
Units = Annotated[Path | None, typer.Option("--units", help="Danh mục đơn vị units.csv (mặc định: trong thư mục năm, thư mục cha, hoặc danh mục Ninh Bình đi kèm).")]
Crosswalk = Annotated[Path | None, typer.Option("--crosswalk", help="Bảng chuyển đổi đơn vị cũ → mới crosswalk.csv (mặc định: cạnh danh mục đơn vị, hoặc bảng Ninh Bình đi kèm).")]
Scope = Annotated[str, typer.Option("--scope", help="Dòng của tỉnh sau 1/7/2025 (cùng mã, cùng tên, địa bàn rộng hơn): old-territory (địa bàn tỉnh cũ của Đề án, mặc định) | new-province (tỉnh mới).")]
Year = Annotated[int | None, typer.Option("--year", help="Năm báo cáo (mặc định: tên thư mục).")]
Output = Annotated[Path | None, typer.Option("-o", "--output", help="Ghi ra tệp (định dạng theo đuôi tệp: xem danvan_cli/cli/output.py).")]
ReportInfo = Annotated[Path | None, typer.Option("--report-info", help="Thông tin báo cáo (cơ quan ban hành, số ký hiệu, người ký…) dạng YAML cho tệp .docx")]
Debug = Annotated[bool, typer.Option("--debug", help="Hiện traceback khi có lỗi.")]

DEBUG = False


def lang_of(lang: str | None) -> str:
    chosen = (lang or os.environ.get("DANVAN_LANG") or "vi").lower()
    if chosen not in ("vi", "en"):
        from danvan_cli.errors import UsageError

        raise UsageError(f"--lang phải là vi hoặc en (không phải “{chosen}”) / --lang must be vi or en")
    return chosen


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
def writable(output: Path) -> Iterator[None]:
    """A file or folder that cannot be written is a usage error (exit 2), not a crash."""
    from danvan_cli.errors import UsageError

    try:
        yield
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UsageError(f"Không ghi được {output}: {reason}") from exc


def error(message: str) -> None:
    from rich.console import Console

    # soft wrap: the terminal wraps a long message; rich must not cut it into lines itself
    Console(stderr=True, highlight=False, soft_wrap=True).print(f"[bold red]Lỗi:[/] {message}", markup=True)


@contextmanager
def guarded() -> Iterator[None]:
    """Named danvan errors become one message on stderr and their exit code."""
    from danvan_cli.errors import DanvanError

    try:
        yield
    except DanvanError as exc:
        if DEBUG:
            raise
        error(str(exc))
        raise typer.Exit(exc.exit_code) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        if DEBUG:
            raise
        # a bug of danvan's, never of the input: still one of the documented exit codes
        error(f"lỗi không mong đợi: {type(exc).__name__}: {exc} (chạy lại với --debug để xem chi tiết và báo lỗi này)")
        raise typer.Exit(2) from None


def show(markdown_text: str) -> None:
    """Markdown to the terminal through rich; plain text when piped."""
    if not sys.stdout.isatty():
        write_output(markdown_text, None)
        return
    from rich.console import Console
    from rich.markdown import Markdown

    Console().print(Markdown(markdown_text))


def stamp_text() -> str:
    """The moment the report was made, only when --stamp asks for it."""
    import datetime

    return "Lập lúc " + datetime.datetime.now().strftime("%H:%M %d/%m/%Y")
