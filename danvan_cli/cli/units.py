"""`danvan units [QUERY]`: look a unit up across vintages, list a vintage, check a registry
and its crosswalk."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from danvan_cli.cli.common import Crosswalk, LangOption, Output, Targets, Units, guarded, lang_of, write_output
from danvan_cli.i18n import N_, data_text, translator
from danvan_cli.issues import shown_in

if TYPE_CHECKING:
    from danvan_cli.units.lookup import Finding, Meaning, VintageSummary

FORMATS = ("table", "json", "csv")
SCHEMA = "danvan.units/1"
_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}
_WORDS = {
    "error": N_("lỗi"), "warning": N_("cảnh báo"), "info": N_("thông tin"),
    "vintage": N_("Danh mục"), "valid": N_("Hiệu lực"), "source": N_("Tệp"),
    "code": N_("Mã"), "name": N_("Tên"), "level": N_("Cấp"), "parent": N_("Trực thuộc"),
    "severity": N_("Mức"), "kind": N_("Loại"), "message": N_("Nội dung"),
    "always": N_("luôn có hiệu lực"),
    "vintages_title": N_("Các danh mục đơn vị: {source}"),
    "no_crosswalk": N_("Không có bảng chuyển đổi"),
    "before": N_("trước đó"), "after": N_("về sau"), "unit": N_("đơn vị"),
    "in": N_("thuộc"),
    "not_found": N_("Không tìm thấy mã hoặc tên “{query}” trong danh mục nào ({source})"),
    "check_title": N_("Kiểm tra danh mục đơn vị và bảng chuyển đổi"),
}


def _w(key: str, lang: str, **values: Any) -> str:
    text = translator(lang).gettext(_WORDS[key])
    return text.format(**values) if values else text


def units(
    ctx: typer.Context,
    words: Annotated[list[str] | None, typer.Argument(metavar="QUERY", help=N_("Mã hoặc tên đơn vị cần tra, ví dụ 14329 hoặc Khánh Tiên."))] = None,
    vintage: Annotated[str | None, typer.Option("--vintage", help=N_("Liệt kê đơn vị của một danh mục: mã danh mục (2025-01) hoặc ngày (1/7/2025)."))] = None,
    year: Annotated[int | None, typer.Option("--year", help=N_("Liệt kê đơn vị của mọi danh mục có hiệu lực trong năm."))] = None,
    check: Annotated[bool, typer.Option("--check", help=N_("Kiểm tra danh mục đơn vị và bảng chuyển đổi; mã thoát 1 nếu có lỗi."))] = False,
    units: Units = None,
    crosswalk: Crosswalk = None,
    targets: Targets = None,
    format: Annotated[str | None, typer.Option("--format", "-f", help=N_("table | json | csv (mặc định: theo đuôi tệp -o, hoặc table)."))] = None,
    output: Output = None,
    lang: LangOption = "",
) -> None:
    """Look up, list and check units across vintages (help text: `danvan_cli.cli.app`)."""
    with guarded(ctx, lang):
        from danvan_cli.errors import UsageError
        from danvan_cli.units import lookup as logic

        language = lang_of(lang, ctx)
        _ = translator(language).gettext
        query = " ".join(words).strip() or None if words else None
        suffix = output.suffix.lower().lstrip(".") if output is not None else ""
        format = (format or (suffix if suffix in ("json", "csv") else "table")).lower()
        if format not in FORMATS:
            raise UsageError(_("--format phải là một trong {formats}").format(formats=", ".join(FORMATS)))
        if vintage is not None and year is not None:
            raise UsageError(_("Chỉ dùng một trong --vintage và --year"))
        if check and (query is not None or vintage is not None or year is not None):
            raise UsageError(_("--check kiểm tra cả danh mục: không dùng cùng mã/tên, --vintage hay --year"))
        history, levels = _history(units, crosswalk, targets, language)
        if check:
            findings = logic.check(history)
            _emit_check(findings, history.source, history.crosswalk.source, format, output, language)
            if any(f.severity == "error" for f in findings):
                raise typer.Exit(1)
            return
        which: str | int | None = vintage if vintage is not None else year  # --vintage or --year
        selected = None if which is None else logic.select_vintages(history, which)
        if query is not None:
            ids = None if selected is None else [r.vintage.id for r in selected]
            meanings = logic.lookup(history, query, ids)
            if not meanings:
                from danvan_cli.cli.common import error

                error(_w("not_found", language, query=query, source=shown_in(history.source, language)), language)
                raise typer.Exit(1)
            kind = "code" if logic.is_code(history, query) else "name"
            _emit_lookup(query, kind, meanings, levels, format, output, language)
        elif which is not None and selected is not None:
            listed = logic.list_vintage(history, which)
            _emit_list([r.vintage.id for r in selected], listed, levels, format, output, language)
        else:
            summaries = logic.overview(history)
            _emit_overview(summaries, history, levels, format, output, language)


def _history(units: Path | None, crosswalk: Path | None, targets: Path | None, lang: str) -> tuple[Any, dict[str, str]]:
    """The registry's vintages with the crosswalk, and the spec's level names ('Xã' / 'Commune')."""
    from danvan_cli.spec import load_spec
    from danvan_cli.units import find_registries, load_history

    spec = load_spec(targets)
    history = load_history(find_registries(units, None), crosswalk, tuple(lv.id for lv in spec.levels))
    return history, {lv.id: data_text(lang, lv.name, lv.name_en) for lv in spec.levels}


# -- output ----------------------------------------------------------------------------


def _json(document: dict[str, Any], output: Path | None) -> None:
    from danvan_cli.render import jsonout

    write_output(jsonout.dumps({"schema": SCHEMA, **document}), output)


def _csv(header: list[str], rows: list[list[Any]], output: Path | None) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    write_output(buffer.getvalue(), output)


def _print(tables: list[Any], lines: list[tuple[str, str]], output: Path | None) -> None:
    """Rich tables then (text, style) lines, to the terminal or as text to a file."""
    import io

    from rich.console import Console

    from danvan_cli.cli.common import writable

    # to a file: recorded, not shown (a StringIO console is 80 columns wide, like a pipe)
    console = Console(record=output is not None, highlight=False, file=io.StringIO() if output is not None else None)
    for table in tables:
        console.print(table)
    for text, style in lines:
        console.print(text, style=style or None, markup=False)
    if output is not None:
        with writable(output):
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(console.export_text(), encoding="utf-8", newline="\n")  # "\n" on Windows too


def _table(title: str, columns: list[tuple[str, dict[str, Any]]]) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left", expand=True)
    for name, options in columns:
        table.add_column(name, **options)
    return table


def _emit_overview(summaries: list[VintageSummary], history: Any, levels: dict[str, str], format: str,
                   output: Path | None, lang: str) -> None:
    walk = history.crosswalk
    if format == "json":
        _json({"mode": "vintages", "vintages": [s.to_json(lang) for s in summaries],
               "crosswalk": {"source": walk.source, "links": len(walk.links)}}, output)
        return
    shown = [lv for lv in history.level_order if any(lv in s.counts for s in summaries)]
    if format == "csv":
        _csv(["vintage", "valid_from", "valid_to", *shown, "source"],
             [[s.vintage.id, _iso(s.vintage.valid_from), _iso(s.vintage.valid_to),
               *(s.counts.get(lv, 0) for lv in shown), s.source] for s in summaries], output)
        return
    table = _table(_w("vintages_title", lang, source=shown_in(history.source, lang)),
                   [(_w("vintage", lang), {"no_wrap": True}), (_w("valid", lang), {"no_wrap": True}),
                    *((levels.get(lv, lv), {"justify": "right"}) for lv in shown),
                    (_w("source", lang), {"overflow": "fold"})])
    for s in summaries:
        table.add_row(s.vintage.id or "—", s.vintage.span(lang) or _w("always", lang),
                      *(str(s.counts.get(lv, 0)) for lv in shown), shown_in(s.source, lang))
    rows = translator(lang).ngettext("Bảng chuyển đổi: {source}, {n} dòng", "Bảng chuyển đổi: {source}, {n} dòng",
                                     len(walk.links))
    note = rows.format(source=shown_in(walk.source, lang), n=len(walk.links)) if walk.source else _w("no_crosswalk", lang)
    _print([table], [(note, "")], output)


def _iso(day: Any) -> str:
    return day.isoformat() if day else ""


def _emit_lookup(query: str, kind: str, meanings: list[Meaning], levels: dict[str, str], format: str,
                 output: Path | None, lang: str) -> None:
    if format == "json":
        _json({"mode": "lookup", "query": query, "query_kind": kind,
               "meanings": [m.to_json(lang) for m in meanings]}, output)
        return
    if format == "csv":
        _csv(["vintage", "valid_from", "valid_to", "code", "name", "level", "parent_code", "parent_name",
              "predecessors", "successors"],
             [[m.vintage.id, _iso(m.vintage.valid_from), _iso(m.vintage.valid_to), m.unit.code, m.unit.name,
               m.unit.level, m.unit.parent_code, m.parent_name,
               " | ".join(s.label(lang) for s in m.predecessors), " | ".join(s.label(lang) for s in m.successors)]
              for m in meanings], output)
        return
    # one table per meaning, read top to bottom as a timeline: where it came from, it, where it went
    tables = []
    for m in meanings:
        unit = m.unit
        table = _table(f"{unit.code} {unit.name} — {m.vintage.label(lang)}",
                       [("", {"no_wrap": True}), (_w("vintage", lang), {"no_wrap": True}),
                        (_w("valid", lang), {"no_wrap": True}), (_w("name", lang), {"ratio": 1, "overflow": "fold"})])
        for step in m.predecessors:
            table.add_row(_w("before", lang), step.vintage.id, step.vintage.span(lang), step.names(lang))
        parent = f", {_w('in', lang)} {unit.parent_code} {m.parent_name}" if unit.parent_code else ""
        table.add_row(f"[bold]{_w('unit', lang)}[/]", m.vintage.id, m.vintage.span(lang) or _w("always", lang),
                      f"[bold]{unit.code} {unit.name}[/] ({levels.get(unit.level, unit.level)}{parent})")
        for step in m.successors:
            table.add_row(_w("after", lang), step.vintage.id, step.vintage.span(lang), step.names(lang))
        tables.append(table)
    _print(tables, [], output)


def _emit_list(vintages: list[str], listed: list[Meaning], levels: dict[str, str], format: str,
               output: Path | None, lang: str) -> None:
    if format == "json":
        _json({"mode": "list", "vintages": vintages, "units": [m.to_json(lang) for m in listed]}, output)
        return
    if format == "csv":
        _csv(["vintage", "code", "name", "level", "type", "parent_code", "parent_name"],
             [[m.vintage.id, m.unit.code, m.unit.name, m.unit.level, m.unit.type, m.unit.parent_code, m.parent_name]
              for m in listed], output)
        return
    title = translator(lang).ngettext("Danh mục {vintages}: {n} đơn vị", "Danh mục {vintages}: {n} đơn vị", len(listed))
    table = _table(title.format(vintages=", ".join(vintages), n=len(listed)),
                   [(_w("vintage", lang), {"no_wrap": True}), (_w("code", lang), {"no_wrap": True}),
                    (_w("name", lang), {"ratio": 3}), (_w("level", lang), {}), (_w("parent", lang), {"ratio": 3})])
    for m in listed:
        table.add_row(m.vintage.id, m.unit.code, m.unit.name, levels.get(m.unit.level, m.unit.level),
                      f"{m.unit.parent_code} {m.parent_name}".strip())
    _print([table], [], output)


def _emit_check(findings: list[Finding], source: str, crosswalk: str, format: str, output: Path | None,
                lang: str) -> None:
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    if format == "json":
        _json({"mode": "check", "units": source, "crosswalk": crosswalk,
               "findings": [f.to_json(lang) for f in findings],
               "summary": {"errors": counts["error"], "warnings": counts["warning"], "infos": counts["info"]}}, output)
        return
    if format == "csv":
        _csv(["severity", "kind", "vintage", "code", "message"],
             [[f.severity, f.kind, f.vintage, f.code, f.message(lang)] for f in findings], output)
        return
    table = _table(f"{_w('check_title', lang)}: {shown_in(source, lang)}; "
                   f"{shown_in(crosswalk, lang) if crosswalk else _w('no_crosswalk', lang)}",
                   [(_w("severity", lang), {"no_wrap": True}), (_w("kind", lang), {"no_wrap": True}),
                    (_w("vintage", lang), {"no_wrap": True}), (_w("code", lang), {"no_wrap": True}),
                    (_w("message", lang), {"ratio": 1, "overflow": "fold"})])
    for f in findings:
        table.add_row(f"[{_STYLE[f.severity]}]{_w(f.severity, lang)}[/]", f.kind, f.vintage, f.code, f.message(lang))
    summary = _counts(counts, lang)
    _print([table] if findings else [], [(summary, "bold")], output)


def _counts(counts: dict[str, int], lang: str) -> str:
    """'3 lỗi, 1 cảnh báo, 0 thông tin.' ('3 errors, 1 warning, 0 remarks.')."""
    ngettext = translator(lang).ngettext
    parts = [ngettext("{n} lỗi", "{n} lỗi", counts["error"]).format(n=counts["error"]),
             ngettext("{n} cảnh báo", "{n} cảnh báo", counts["warning"]).format(n=counts["warning"]),
             ngettext("{n} thông tin", "{n} thông tin", counts["info"]).format(n=counts["info"])]
    return ", ".join(parts) + "."
