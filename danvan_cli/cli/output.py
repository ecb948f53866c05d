"""The one place that decides a command's output format and writes the result.

The format comes from ``--format``, else the ``-o`` file's suffix, else the command's
default. Each command declares the formats it has; anything else is a usage error
(exit 2) that names them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMATS: dict[str, tuple[str, ...]] = {
    "validate": ("table", "json", "md", "html", "xlsx"),
    "score": ("md", "json", "html", "xlsx", "docx"),
    "summary": ("md", "json", "html", "xlsx", "docx"),
    "targets": ("table", "json", "md"),
}
BINARY = frozenset({"xlsx", "docx"})
_ALIASES = {"markdown": "md", "htm": "html", "txt": "table", "text": "table"}


def _normal(name: str) -> str:
    name = name.strip().lower().lstrip(".")
    return _ALIASES.get(name, name)


def choose(command: str, format: str | None, output: Path | None) -> str:
    """The format `command` writes: ``--format``, else the suffix of ``-o``, else its default."""
    from danvan_cli.errors import UsageError

    allowed = FORMATS[command]
    if format:
        chosen, source = _normal(format), f"--format {format}"
    elif output is not None:
        chosen, source = _normal(output.suffix), f"-o {output.name}"
        if not chosen:
            raise UsageError(f"-o {output}: tệp không có đuôi; danvan {command} ghi được: "
                             f"{_listed(command)} (hoặc chọn --format)")
    else:
        return allowed[0]
    if chosen not in allowed:
        raise UsageError(f"{source}: danvan {command} không ghi được định dạng “{chosen}”; "
                         f"các định dạng có: {_listed(command)}")
    return chosen


def _listed(command: str) -> str:
    return ", ".join(f"{name} (.{'txt' if name == 'table' else name})"
                     for name in FORMATS[command])


def write(data: str | bytes, output: Path | None) -> None:
    """Text or bytes to the file, or to stdout (bytes never onto a terminal)."""
    from danvan_cli.cli.common import writable, write_output
    from danvan_cli.errors import UsageError

    if isinstance(data, str):
        write_output(data, output)
        return
    if output is not None:
        with writable(output):
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_bytes(data)
        return
    if sys.stdout.isatty():
        raise UsageError("tệp nhị phân (.xlsx, .docx) không in ra màn hình được: hãy dùng -o tệp")
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def write_files(files: dict[str, bytes], folder: Path) -> list[Path]:
    """Several files into one folder (``validate --split-by district -o loi/``)."""
    from danvan_cli.cli.common import writable

    written = []
    with writable(folder):
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            path = folder / name
            path.write_bytes(data)
            written.append(path)
    return written


def captured(print_it: Callable[[], None]) -> str:
    """What a rich table printed to stdout, as text for a file."""
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        print_it()
    return buffer.getvalue()


def docx(result: Any, lang: str, report_info: Path | None, stamp: str | None) -> bytes:
    """The Word report of a `Scorecard` or `Review` (`render.docx`), with the office's details."""
    from danvan_cli.errors import UsageError

    try:
        from danvan_cli.render.docx import render_docx
        from danvan_cli.render.report_info import load_report_info
    except ModuleNotFoundError as exc:  # pragma: no cover - until the Word renderer lands
        raise UsageError(f"định dạng docx chưa có trong bản cài đặt này ({exc.name})") from exc
    info = load_report_info(report_info) if report_info is not None else None
    return render_docx(result, lang, info, stamp)
