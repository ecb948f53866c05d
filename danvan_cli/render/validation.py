"""Validation report: a rich table grouped by file, a summary line, or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from danvan_cli.api import completeness, data_quality, inputs
from danvan_cli.render.numbers import number
from danvan_cli.validation.submission import Submission

_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}
_SEVERITY = {"error": ("lỗi", "error"), "warning": ("cảnh báo", "warning"), "info": ("thông tin", "info")}


def as_json(sub: Submission, lang: str = "vi") -> dict[str, Any]:
    return {
        "schema": "danvan.validation/1",
        "year": sub.year,
        "files": inputs(sub),
        "issues": [i.to_json(lang) for i in sub.issues],
        "summary": data_quality(sub) | {"files": len(sub.files)},
        "completeness": completeness(sub),
    }


def summary_line(sub: Submission, lang: str = "vi") -> str:
    q = {k: number(v, lang, 0) if isinstance(v, int) else v for k, v in data_quality(sub).items()}
    if lang == "en":
        return (f"{len(sub.files)} files, {q['rows_read']} rows read: {q['rows_accepted']} accepted, "
                f"{q['rows_skipped']} skipped, {q['rows_rejected']} rejected; "
                f"{q['errors']} errors, {q['warnings']} warnings.")
    return (f"{len(sub.files)} tệp, {q['rows_read']} dòng đã đọc: {q['rows_accepted']} dòng được tính, "
            f"{q['rows_skipped']} dòng bỏ qua, {q['rows_rejected']} dòng bị loại; "
            f"{q['errors']} lỗi, {q['warnings']} cảnh báo.")


def print_report(sub: Submission, lang: str = "vi", output: Path | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(record=output is not None, highlight=False)
    en = lang == "en"
    by_file: dict[str, list] = {}
    for issue in sub.issues:
        by_file.setdefault(issue.file or "", []).append(issue)
    # issues about the whole submission (missing units) come after the files
    for name, issues in sorted(by_file.items(), key=lambda item: (item[0] == "", item[0])):
        title = name or ("(whole submission)" if en else "(toàn bộ số liệu)")
        table = Table(title=title, title_justify="left", show_lines=False, expand=True)
        table.add_column("Location" if en else "Vị trí", overflow="fold", ratio=2)
        table.add_column("Severity" if en else "Mức", no_wrap=True)
        table.add_column("Code" if en else "Mã", no_wrap=True)
        table.add_column("Message" if en else "Nội dung", overflow="fold", ratio=5)
        for issue in issues:
            where = " › ".join(p for p in (issue.sheet, issue.cell or (f"{'row' if en else 'dòng'} {issue.row}" if issue.row else None)) if p)
            sev = _SEVERITY[issue.severity][1 if en else 0]
            table.add_row(where, f"[{_STYLE[issue.severity]}]{sev}[/]", issue.code, issue.message(lang, shorten=True))
        console.print(table)
    console.print(summary_line(sub, lang), style="bold")
    if output is not None:
        output.write_text(console.export_text(), encoding="utf-8")
