"""The one place that decides a command's output format, renders the result in it and writes it.

The format comes from ``--format``, else the ``-o`` file's suffix, else the command's
default. Each command declares the formats it has; anything else is a usage error
(exit 2) that names them. `scorecard`, `review` and `validation` turn a result into the
chosen format (text or bytes); `write`, `show` and `printed` put it in the file, on the
terminal, or on stdout when piped.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from danvan_cli.issues import Text
from danvan_cli.render.labels import OUTPUT  # the texts of these messages (render catalog)

if TYPE_CHECKING:
    from danvan_cli.indicators.reports import Review, Scorecard
    from danvan_cli.validation.report import Names
    from danvan_cli.validation.submission import Submission

FORMATS: dict[str, tuple[str, ...]] = {
    "validate": ("table", "json", "md", "html", "xlsx"),
    "score": ("md", "json", "html", "xlsx", "docx"),
    "summary": ("md", "json", "html", "xlsx", "docx"),
    "targets": ("table", "json", "md"),
    "explain": ("table", "json", "xlsx"),
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
            raise UsageError(Text(OUTPUT["no_suffix"], path=output, command=command, formats=_listed(command)))
    else:
        return allowed[0]
    if chosen not in allowed:
        raise UsageError(Text(OUTPUT["unknown"], source=source, command=command, format=chosen,
                              formats=_listed(command)))
    return chosen


def _listed(command: str) -> str:
    return ", ".join(f"{name} (.{'txt' if name == 'table' else name})"
                     for name in FORMATS[command])


# ---------------------------------------------------------------- a result in the chosen format


def scorecard(card: Scorecard, fmt: str, lang: str, *, report_info: Path | None = None,
              stamp: str | None = None) -> str | bytes:
    """A year's scorecard as md, json, html, xlsx or docx (`danvan score`)."""
    if fmt == "json":
        from danvan_cli.render import jsonout

        return jsonout.dumps(card.to_json(lang))
    if fmt == "html":
        from danvan_cli.render.html import render_scorecard as html

        return html(card, lang, stamp)
    if fmt == "xlsx":
        from danvan_cli.render.xlsx import scorecard_workbook

        return scorecard_workbook(card, lang)
    if fmt == "docx":
        return docx(card, lang, report_info, stamp)
    from danvan_cli.render.markdown import render_scorecard

    return render_scorecard(card, lang)


def review(result: Review, fmt: str, lang: str, *, report_info: Path | None = None,
           stamp: str | None = None) -> str | bytes:
    """A review over several years as md, json, html, xlsx or docx (`danvan summary`)."""
    if fmt == "json":
        from danvan_cli.render import jsonout

        return jsonout.dumps(result.to_json(lang))
    if fmt == "html":
        from danvan_cli.render.summary import render_html

        return render_html(result, lang, stamp)
    if fmt == "xlsx":
        from danvan_cli.render.xlsx import summary_workbook

        return summary_workbook(result, lang)
    if fmt == "docx":
        return docx(result, lang, report_info, stamp)
    from danvan_cli.render.summary import render_markdown

    return render_markdown(result, lang, stamp)


def validation(sub: Submission, fmt: str, lang: str, names: Names, *, stamp: str | None = None) -> str | bytes:
    """A submission's check as json, md, html or xlsx (`danvan validate`; its table is `printed`)."""
    if fmt == "json":
        from danvan_cli.render import jsonout
        from danvan_cli.validation.report import validation_json

        return jsonout.dumps(validation_json(sub, lang, names))
    if fmt == "xlsx":
        from danvan_cli.render.xlsx import validation_workbook

        return validation_workbook(sub, names, lang)
    from danvan_cli.render import validation_report as report

    if fmt == "html":
        return report.render_html(sub, names, lang, stamp)
    return report.render_markdown(sub, names, lang)


def docx(result: Scorecard | Review, lang: str, report_info: Path | None, stamp: str | None) -> bytes:
    """The Word report of a `Scorecard` or `Review` (`render.docx`), with the office's details."""
    from danvan_cli.render.docx import render_docx
    from danvan_cli.render.report_info import load_report_info

    info = load_report_info(report_info) if report_info is not None else None
    return render_docx(result, lang, info, stamp)


# ---------------------------------------------------------------- writing


def write(data: str | bytes, output: Path | None, lang: str = "vi") -> None:
    """Text or bytes to the file, or to stdout (bytes never onto a terminal)."""
    from danvan_cli.cli.common import writable, write_output
    from danvan_cli.errors import UsageError

    if output is not None:
        with writable(output, lang):
            output.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, str):
                output.write_text(data, encoding="utf-8", newline="\n")
            else:
                output.write_bytes(data)
        return
    if isinstance(data, str):
        write_output(data, None)  # UTF-8 whatever the console's code page
        return
    if sys.stdout.isatty():
        raise UsageError(Text(OUTPUT["binary"]))
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def write_files(files: dict[str, bytes], folder: Path, lang: str = "vi") -> list[Path]:
    """Several files into one folder (``validate --split-by district -o loi/``)."""
    from danvan_cli.cli.common import writable

    written = []
    with writable(folder, lang):
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            path = folder / name
            path.write_bytes(data)
            written.append(path)
    return written


def show(markdown_text: str, output: Path | None = None, lang: str = "vi") -> None:
    """Markdown to the file; else to the terminal through rich, or as it is when piped."""
    if output is not None or not sys.stdout.isatty():
        write(markdown_text, output, lang)
        return
    from rich.console import Console
    from rich.markdown import Markdown

    Console().print(Markdown(markdown_text))


def printed(print_it: Callable[[], None], output: Path | None = None, lang: str = "vi") -> None:
    """A rich printout (a table) on the terminal, or the text it prints into the file."""
    if output is None:
        print_it()
        return
    write(captured(print_it), output, lang)


def captured(print_it: Callable[[], None]) -> str:
    """What a rich table printed to stdout, as text for a file."""
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        print_it()
    return buffer.getvalue()

