"""Validation report: a rich table grouped by file, a summary line, or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from danvan_cli.issues import Issue
from danvan_cli.render import labels
from danvan_cli.render.numbers import number
from danvan_cli.validation.report import Names, data_quality, validation_json
from danvan_cli.validation.submission import Submission

_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


def as_json(sub: Submission, lang: str = "vi", names: Names | None = None) -> dict[str, Any]:
    """The ``danvan.validation/1`` document (`validation.report.validation_json`); ``names``: units
    named as the registry has them (codes, names, districts of the units flagged)."""
    return validation_json(sub, lang, names)


def summary_line(sub: Submission, lang: str = "vi") -> str:
    """'3 tệp, 3.893 dòng đã đọc: 3.877 dòng được tính, 16 dòng bỏ qua, 0 dòng bị loại; 0 lỗi, 2 cảnh báo.'"""
    q = data_quality(sub)
    counts = {"files": len(sub.files), "read": q["rows_read"], "accepted": q["rows_accepted"],
              "skipped": q["rows_skipped"], "rejected": q["rows_rejected"]}
    shown = {k: number(v, lang, 0) for k, v in counts.items()}
    shown["files"] = str(len(sub.files))
    line = labels.rows_line(lang, **shown, counts=counts)
    return (f"{line}; {labels.issue_count('error', q['errors'], lang, number(q['errors'], lang, 0))}, "
            f"{labels.issue_count('warning', q['warnings'], lang, number(q['warnings'], lang, 0))}.")


def where(issue: Issue, lang: str) -> str:
    """'Biểu 05 › C12', or the sheet and 'dòng 12' when the issue has no cell."""
    row = labels.texts(labels.VALIDATION, lang)["row_at"].format(row=issue.row) if issue.row else None
    return " › ".join(p for p in (issue.sheet, issue.cell or row) if p)


def print_report(sub: Submission, lang: str = "vi", output: Path | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(record=output is not None, highlight=False)
    W = labels.texts(labels.VALIDATION, lang)
    by_file: dict[str, list[Issue]] = {}
    for issue in sub.issues:
        by_file.setdefault(issue.file or "", []).append(issue)
    # issues about the whole submission (missing units) come after the files
    for name, issues in sorted(by_file.items(), key=lambda item: (item[0] == "", item[0])):
        table = Table(title=name or W["whole"], title_justify="left", show_lines=False, expand=True)
        table.add_column(W["location"], overflow="fold", ratio=2)
        table.add_column(W["severity"], no_wrap=True)
        table.add_column(W["code"], no_wrap=True)
        table.add_column(W["message"], overflow="fold", ratio=5)
        for issue in issues:
            sev = labels.severity(issue.severity, lang)
            table.add_row(where(issue, lang), f"[{_STYLE[issue.severity]}]{sev}[/]", issue.code,
                          issue.message(lang, shorten=True))
        console.print(table)
    console.print(summary_line(sub, lang), style="bold")
    if output is not None:
        output.write_text(console.export_text(), encoding="utf-8")

