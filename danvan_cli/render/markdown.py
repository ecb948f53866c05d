"""Scorecard → Markdown (jinja2 template ``scorecard.md.j2``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from danvan_cli.i18n import data_text
from danvan_cli.issues import shown_in
from danvan_cli.render import context, labels
from danvan_cli.render.numbers import number
from danvan_cli.render.templating import bar, css_text, md, render
from danvan_cli.validation.report import data_quality, inputs

if TYPE_CHECKING:
    from rich.console import Console

    from danvan_cli.indicators.reports import Scorecard

__all__ = ["FIRST_ISSUES", "bar", "css_text", "md", "print_scorecard", "render_scorecard", "scorecard_context"]

FIRST_ISSUES = 15


def _breakdown_heading(card: Scorecard, lang: str) -> dict[str, str]:
    """'By district' while districts exist; by the new communes and wards after 1/7/2025."""
    order = card.registry.level_order
    if len(order) < 2 or card.registry.district_level == order[1]:
        return {}
    return {"breakdown": labels.words(lang)["breakdown_xa"]}


def scorecard_context(card: Scorecard, lang: str) -> dict[str, Any]:
    """Everything the scorecard templates show, already formatted."""
    sub = card.submission
    completeness = []
    for c in sub.completeness:
        form = card.spec.forms[c.form]
        missing = ", ".join(f"{code} {card.registry.name(code)}" if code in card.registry.units else code
                            for code in c.missing[:10])
        if len(c.missing) > 10:
            missing += f" … (+{len(c.missing) - 10})"
        completeness.append({
            "label": f"{form.number} — {data_text(lang, form.title, form.title_en)}",
            "expected": "—" if c.expected is None else number(c.expected, lang, 0),
            "received": number(c.received, lang, 0),
            "missing": missing if c.expected is not None else labels.words(lang)["not_checkable"],
        })
    # errors first, then warnings: what the analyst must look at
    problems = [i for i in sub.issues if i.severity == "error"] + [i for i in sub.issues if i.severity == "warning"]
    shown = problems[:FIRST_ISSUES]
    counts = context.status_counts(card.targets, lang)
    quality = data_quality(sub)
    return {
        "W": labels.words(lang) | _breakdown_heading(card, lang),
        "year": card.year,
        "programme": card.spec.programme,
        "counts": counts,
        "summary_line": labels.summary_line(counts, lang),
        "left_out": labels.left_out(quality["rows_rejected"], quality["rows_skipped"], lang),
        "objectives": context.objectives(card.spec, card.targets, lang, card.target_quality()),
        "completeness": completeness,
        "quality": quality,
        "consistency": context.consistency_view(card.consistency(), card.spec, card.registry, lang),
        "first_issues": [{"code": i.code, "location": i.location, "message": i.message(lang)} for i in shown],
        "more_issues": number(len(problems) - len(shown), lang, 0) if len(problems) > len(shown) else "",
        "footnotes": context.footnotes(card.spec, card.targets, lang),
        "inputs": inputs(sub),
        "registry": str(shown_in(sub.registry_source, lang)),
        "num": lambda v: number(v, lang, 0),
    }


def render_scorecard(card: Scorecard, lang: str = "vi") -> str:
    return render("scorecard.md.j2", scorecard_context(card, lang))


def print_scorecard(card: Scorecard, lang: str = "vi", console: Console | None = None) -> None:
    """The scorecard in the terminal as rich tables: figures never cut (their columns do not
    wrap and keep their width); the target's title column wraps, or folds, to make room."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console(highlight=False)
    c = scorecard_context(card, lang)
    W = c["W"]
    console.print(Text(W["scorecard_title"].format(year=c["year"]), style="bold"))
    console.print(c["programme"].title, style="dim")
    console.print(c["summary_line"])
    if c["quality"]["rows_rejected"]:
        console.print(c["left_out"], style="yellow")
    for group in c["objectives"]:
        table = Table(title=f"{group['heading']}: {group['title']}", title_justify="left", title_style="bold",
                      expand=True, show_lines=True, pad_edge=False)
        table.add_column(W["id"], no_wrap=True)
        table.add_column(W["target"], ratio=1, min_width=8, overflow="fold")
        table.add_column(W["value"], no_wrap=True, justify="right")
        table.add_column("%", no_wrap=True, justify="right")
        table.add_column(W["status"], no_wrap=True)
        for t in group["targets"]:
            title = Text(t["title"])
            title.append(f"\n{t['threshold']} ({t['when']})", style="dim")
            if t["beside"]:
                title.append(f"\n{t['beside']}", style="dim")
            value = Text(t["value"] + (" ⚠" if t["caveat"] else ""))
            if t["parts"]:
                value.append(f"\n{t['parts']}", style="dim")
            table.add_row(t["id"], title, value, t["achievement"], f"{t['mark']} {t['status_label']}")
        console.print(table)
        for t in group["targets"]:
            if t["breakdown"]:
                line = Text(f"{t['id']} — {W['breakdown']}: ", style="bold")
                line.append(" · ".join(f"{d['name']}{' (' + d['note'] + ')' if d['note'] else ''} {d['value']}"
                                       for d in t["breakdown"]), style="none")
                console.print(line)
    table = Table(title=W["completeness"], title_justify="left", title_style="bold", expand=True, pad_edge=False)
    table.add_column(W["form"], ratio=2, overflow="fold")
    table.add_column(W["expected"], no_wrap=True, justify="right")
    table.add_column(W["received"], no_wrap=True, justify="right")
    table.add_column(W["missing"], ratio=3, overflow="fold")
    for row in c["completeness"]:
        table.add_row(row["label"], row["expected"], row["received"], row["missing"])
    console.print(table)
    q, num = c["quality"], c["num"]
    console.print(f"{W['quality']}: {W['rows_read']} {num(q['rows_read'])} · {W['rows_accepted']} "
                  f"{num(q['rows_accepted'])} · {W['rows_skipped']} {num(q['rows_skipped'])} · "
                  f"{W['rows_rejected']} {num(q['rows_rejected'])}", style="bold")
    _print_consistency(console, c["consistency"], W)
    sub = card.submission
    problems = [i for i in sub.issues if i.severity == "error"] + [i for i in sub.issues if i.severity == "warning"]
    if problems:
        table = Table(title=W["first_errors"], title_justify="left", title_style="bold", expand=True, pad_edge=False)
        table.add_column(W["code"], no_wrap=True)
        table.add_column(W["location"], ratio=2, overflow="fold")
        table.add_column(W["message"], ratio=5, overflow="fold")
        for i in problems[:FIRST_ISSUES]:
            table.add_row(i.code, i.location, i.message(lang, shorten=True))
        console.print(table)
        if len(problems) > FIRST_ISSUES:
            console.print(W["more"].format(n=number(len(problems) - FIRST_ISSUES, lang, 0)), style="dim")
    table = Table(title=W["inputs"], title_justify="left", title_style="bold", expand=True, pad_edge=False)
    table.add_column(W["file"], ratio=2, overflow="fold")
    table.add_column(W["rows"], no_wrap=True, justify="right")
    table.add_column(W["rows_accepted"], no_wrap=True, justify="right")
    table.add_column("SHA-256", no_wrap=True)
    for f in c["inputs"]:  # the hash's beginning: the reports and JSON have it whole
        table.add_row(f["file"], num(f["rows_read"]), num(f["rows_accepted"]), f["sha256"][:12] + "…")
    console.print(table)
    console.print(f"{W['registry']}: {c['registry']}", style="dim")


def _print_consistency(console: Console, cons: dict[str, Any], W: dict[str, str]) -> None:
    """Internal consistency in the terminal: the totals in a line and the units to call, or one
    line saying there is no unusual figure (the per-form table is in the reports)."""
    from rich.table import Table

    if not cons["flagged"]:
        console.print(f"{W['consistency']}: {W['no_flags']}", style="bold")
        return
    total = cons["total"]
    console.print(f"{W['consistency']}: {W['outliers']} {total['outliers']} · {W['value_jumps']} "
                  f"{total['value_jumps']} · {W['rows_disappeared']} {total['rows_disappeared']}", style="bold")
    if not cons["units"]:
        return
    table = Table(title=W["contact_units"], title_justify="left", title_style="bold", expand=True, pad_edge=False)
    table.add_column(W["id"], no_wrap=True)
    table.add_column(W["unit_name"], ratio=2, overflow="fold")
    table.add_column(cons["district"], ratio=2, overflow="fold")
    table.add_column(W["flags"], no_wrap=True, justify="right")
    table.add_column(W["first_flag"], ratio=3, overflow="fold")
    for u in cons["units"]:
        table.add_row(u["code"], u["name"], u["district"], u["flags"], u["location"])
    console.print(table)
    if cons["more_units"]:
        console.print(cons["more_units"], style="dim")
