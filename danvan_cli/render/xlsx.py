"""Scorecard, summary and validation issues as Excel workbooks (openpyxl).

Numbers stay numbers. A percentage is stored as the JSON has it, in percentage points
(87.5 means 87.5 %), with the number format ``0.0" %"``: the cell equals the JSON's
figure and compares directly with the threshold beside it. Every text goes through
`forms.style.put_text` (data type "s", a quote prefix when it starts like a formula), so
nothing from the input is ever a formula. Output is byte-for-byte reproducible (fixed
document dates and ZIP entry times, as the templates).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from danvan_cli.forms import style, workbook
from danvan_cli.i18n import data_text
from danvan_cli.indicators.results import PeriodStatus
from danvan_cli.render import labels
from danvan_cli.render.context import district_word, form_title

if TYPE_CHECKING:
    from danvan_cli.indicators.reports import Review, Scorecard
    from danvan_cli.render.validation_report import Group
    from danvan_cli.spec.models import Spec
    from danvan_cli.validation.report import Names
    from danvan_cli.validation.submission import Submission

PERCENT = '0.0" %"'
FILLS: dict[PeriodStatus, str] = {  # light status colours (Excel's own good / bad / neutral)
    "met": "C6EFCE", "on_track": "C6EFCE", "partly_met": "E2EFDA",
    "not_met": "FFC7CE", "deterioration": "FFC7CE",
    "in_progress": "FFEB9C", "needs_acceleration": "FFEB9C", "limited_progress": "F8CBAD",
    "no_data": "E7E6E6", "insufficient_data": "E7E6E6", "not_due": "DDEBF7", "tracked": "DDEBF7",
}
SEVERITY_FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "E7E6E6"}
HEADER_FILL = "D9E1F2"
FONT_SIZE = 11

def _h(key: str, lang: str, **fields: Any) -> str:
    return labels.texts(labels.HEADERS, lang)[key].format(**fields)


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique sheet title (31 characters, none of []:*?/\\)."""
    base = "".join("-" if ch in "[]:*?/\\" else ch for ch in text).strip("'") or "Sheet"
    name, n = base[:31], 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


class Table:
    """A sheet written row by row: bold header, widths that fit, frozen header, filter."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.row = 0
        self.widths: dict[int, float] = {}

    def title(self, text: str) -> None:
        self.row += 1
        cell = self.ws.cell(row=self.row, column=1)
        style.put_text(cell, text)
        cell.font = style.font(FONT_SIZE + 2, bold=True)

    def blank(self) -> None:
        self.row += 1

    def header(self, names: list[str], freeze: bool = False) -> int:
        self.row += 1
        for col, text in enumerate(names, start=1):
            cell = self.ws.cell(row=self.row, column=col)
            style.put_text(cell, text)
            cell.font = style.font(FONT_SIZE, bold=True)
            cell.fill = style.fill(HEADER_FILL)
            cell.border = style.border()
            cell.alignment = style.wrap("center")
            self._fit(col, text, cap=24)
        if freeze:
            self.ws.freeze_panes = f"A{self.row + 1}"
        return self.row

    def add(self, values: list[Any], formats: dict[int, str] | None = None, fill: dict[int, str] | None = None) -> int:
        self.row += 1
        for col, value in enumerate(values, start=1):
            cell = self.ws.cell(row=self.row, column=col)
            if value is None:
                pass
            elif isinstance(value, str):
                style.put_text(cell, value)
            elif isinstance(value, float) and not math.isfinite(value):
                style.put_text(cell, str(value))
            else:
                cell.value = value
                if formats and col in formats:
                    cell.number_format = formats[col]
            cell.font = style.font(FONT_SIZE)
            cell.border = style.border()
            cell.alignment = style.wrap("left" if isinstance(value, str) else "right")
            if fill and col in fill:
                cell.fill = style.fill(fill[col])
            self._fit(col, value if isinstance(value, str) else _shown(value))
        return self.row

    def filter(self, first: int, columns: int) -> None:
        from openpyxl.utils import get_column_letter

        if self.row >= first:
            self.ws.auto_filter.ref = f"A{first}:{get_column_letter(columns)}{self.row}"

    def finish(self) -> None:
        from openpyxl.utils import get_column_letter

        for col, width in self.widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = width
        # wrapped text: rows tall enough for their longest cell (no program fits them on opening)
        for cells in self.ws.iter_rows(min_row=1, max_row=self.row):
            lines = 1
            for cell in cells:
                if isinstance(cell.value, str) and cell.alignment.wrap_text:
                    width = max(self.widths.get(cell.column, 8.0) - 1, 1.0)
                    lines = max(lines, sum(math.ceil(max(len(part), 1) * 0.9 / width) for part in cell.value.split("\n")))
            if lines > 1:
                self.ws.row_dimensions[cells[0].row].height = 15.0 * lines + 2
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.paperSize = self.ws.PAPERSIZE_A4
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True

    def _fit(self, col: int, text: str, cap: int = 60) -> None:
        longest = max((len(part) for part in str(text).split("\n")), default=0)
        self.widths[col] = max(self.widths.get(col, 8.0), float(min(longest + 2, cap)))


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _number_format(value: Any, percent: bool, op: str = "") -> str:
    prefix = f'"{op} "' if op else ""
    if percent:
        return prefix + PERCENT
    if isinstance(value, float) and not float(value).is_integer():
        return prefix + "#,##0.0#"
    return prefix + "#,##0"


def _status_rules(ws: Any, column: str, first: int, last: int, lang: str, codes: tuple[PeriodStatus, ...] = ()) -> None:
    """Conditional fills on a status column: the label's colour whatever row it moves to."""
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill

    if last < first:
        return
    for code in codes or tuple(FILLS):
        colour = FILLS[code]
        label = labels.status(code, lang).replace('"', '""')
        ws.conditional_formatting.add(
            f"{column}{first}:{column}{last}",
            # the stubs leave CellIsRule's parameters untyped
            CellIsRule(operator="equal", formula=[f'"{label}"'],  # type: ignore[no-untyped-call]
                       fill=PatternFill(start_color=colour, end_color=colour, fill_type="solid")))


@contextmanager
def _exact_floats() -> Iterator[None]:
    """openpyxl writes numbers as '%.16g', which can change a float's last bit: while saving,
    write the shortest text that reads back as the same float (`repr`), so the cell equals the JSON."""
    from openpyxl.cell import _writer

    # the stubs do not list this private helper of openpyxl's writer
    original: Callable[[Any], str] = _writer.safe_string  # type: ignore[attr-defined]

    def exact(value: Any) -> str:
        if isinstance(value, float) and math.isfinite(value):
            return repr(value)
        return original(value)

    _writer.safe_string = exact  # type: ignore[attr-defined]
    try:
        yield
    finally:
        _writer.safe_string = original  # type: ignore[attr-defined]


def to_bytes(wb: Any) -> bytes:
    with _exact_floats():
        return workbook.to_bytes(wb)


def _new_workbook(title: str, year: int) -> Any:
    from openpyxl import Workbook

    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    props = wb.properties
    props.creator = props.lastModifiedBy = "danvan"
    props.title = title
    props.created = props.modified = datetime.datetime(year, 1, 1)
    return wb


def _value_cells(t: dict[str, Any]) -> tuple[bool, str]:
    comparator = t.get("comparator") or ""
    return t.get("unit") == "%", labels.op(comparator) if comparator else ""


def _objective_titles(spec: Spec, lang: str) -> dict[str, str]:
    return {obj.id: f"{obj.id}. {data_text(lang, obj.title, obj.title_en)}" for obj in spec.objectives}


def _objective_key(value: Any) -> Any:
    return str(value)


# ---------------------------------------------------------------- scorecard

def _target_row(t: dict[str, Any], lang: str, objective: str) -> tuple[list[Any], dict[int, str]]:
    percent, op = _value_cells(t)
    title = data_text(lang, t["title"], t.get("title_en") or "")
    row = [t["id"], objective, title, t.get("threshold"), t.get("value"), t.get("numerator"), t.get("denominator"),
           labels.status(t["status"], lang)]
    formats = {4: _number_format(t.get("threshold"), percent, op), 5: _number_format(t.get("value"), percent),
               6: _number_format(t.get("numerator"), False), 7: _number_format(t.get("denominator"), False)}
    return row, formats


def _target_table(table: Table, targets: list[dict[str, Any]], lang: str, objectives: dict[str, str],
                  freeze: bool) -> None:
    keys = ("id", "objective", "target", "threshold", "value", "numerator", "denominator", "status")
    first = table.header([_h(k, lang) for k in keys], freeze=freeze) + 1
    for t in targets:
        row, formats = _target_row(t, lang, objectives.get(_objective_key(t["objective"]), str(t["objective"])))
        table.add(row, formats)
    _status_rules(table.ws, "H", first, table.row, lang)
    table.filter(first - 1, len(keys)) if freeze else None
    table.widths[3] = min(max(table.widths.get(3, 8.0), 40.0), 70.0)
    table.widths[2] = min(table.widths.get(2, 8.0), 30.0)


def _objective_sheets(wb: Any, targets: list[dict[str, Any]], objectives: dict[str, str], taken: set[str],
                      lang: str) -> list[tuple[Table, list[dict[str, Any]]]]:
    """One titled sheet per objective, in spec order, with that objective's targets."""
    by_objective: dict[str, list[dict[str, Any]]] = {}
    for t in targets:
        by_objective.setdefault(_objective_key(t["objective"]), []).append(t)
    prefix = labels.words(lang)["objective"]
    sheets = []
    for key, mine in by_objective.items():
        table = Table(wb.create_sheet(sheet_name(f"{prefix} {key}", taken)))
        table.title(objectives.get(key, f"{prefix} {key}"))
        sheets.append((table, mine))
    return sheets


def scorecard_workbook(card: Scorecard, lang: str = "vi") -> bytes:
    """Overview, one sheet per objective (its targets and per-unit breakdown), data quality."""
    data = card.to_json(lang)
    wb = _new_workbook(_h("scorecard_book", lang, year=card.year), card.year)
    taken: set[str] = set()
    objectives = {_objective_key(k): v for k, v in _objective_titles(card.spec, lang).items()}
    overview = Table(wb.create_sheet(sheet_name(_h("overview_sheet", lang), taken)))
    _target_table(overview, data["targets"], lang, objectives, freeze=True)
    overview.finish()
    for table, targets in _objective_sheets(wb, data["targets"], objectives, taken, lang):
        _target_table(table, targets, lang, objectives, freeze=False)
        table.ws.freeze_panes = "A3"
        for t in targets:
            if not t.get("breakdown"):
                continue
            percent, _ = _value_cells(t)
            table.blank()
            table.title(f"{t['id']} — {data_text(lang, t['title'], t.get('title_en') or '')}")
            table.header([_h(k, lang) for k in ("unit_code", "unit_name", "value", "numerator", "denominator")])
            for d in t["breakdown"]:
                table.add([d["code"], d["name"], d.get("value"), d.get("numerator"), d.get("denominator")],
                          {3: _number_format(d.get("value"), percent), 4: _number_format(d.get("numerator"), False),
                           5: _number_format(d.get("denominator"), False)})
        table.finish()
    _quality_sheet(wb.create_sheet(sheet_name(labels.words(lang)["quality"], taken)),
                   data["data_quality"], data["inputs"], lang,
                   {"district": district_word(card.registry, lang),
                    **{fid: form_title(card.spec, fid, lang) for fid in card.spec.forms}})
    return to_bytes(wb)


def _quality_sheet(ws: Any, quality: dict[str, Any], files: list[dict[str, Any]], lang: str,
                   names: dict[str, str]) -> None:
    """Rows and issues, the files read, then internal consistency (``names``: each form's title
    by its id, and under "district" the word for a unit's district)."""
    table = Table(ws)
    table.header([_h("item", lang), _h("count", lang)])
    for key in ("rows_read", "rows_accepted", "rows_skipped", "rows_rejected"):
        table.add([_h(key, lang), quality[key]], {2: "#,##0"})
    table.add([_h("errors", lang), quality["errors"]], {2: "#,##0"})
    table.add([_h("warnings", lang), quality["warnings"]], {2: "#,##0"})
    table.blank()
    keys = ("file", "sheet", "form", "rows_read", "rows_accepted", "rows_skipped", "rows_rejected", "bytes", "sha256")
    first = table.header([_h(k, lang) for k in keys]) + 1
    for f in files:
        for s in f["sheets"] or [{"sheet": None, "form": None, "rows_read": f["rows_read"],
                                  "rows_accepted": f["rows_accepted"], "rows_skipped": f["rows_skipped"],
                                  "rows_rejected": f["rows_rejected"]}]:
            table.add([f["file"], s["sheet"] or "", s["form"] or "", s["rows_read"], s["rows_accepted"],
                       s["rows_skipped"], s["rows_rejected"], f["bytes"], f["sha256"]],
                      {4: "#,##0", 5: "#,##0", 6: "#,##0", 7: "#,##0", 8: "#,##0"})
    table.filter(first - 1, len(keys))
    _consistency_tables(table, quality["consistency"], lang, names)
    table.finish()
    table.widths[1] = min(table.widths.get(1, 8.0), 40.0)


def _consistency_tables(table: Table, cons: dict[str, Any], lang: str, names: dict[str, str]) -> None:
    """Internal consistency below the inputs: flags per form, then the units to call with their
    first flag's place; one line when there is no flag."""
    w = labels.words(lang)
    table.blank()
    table.title(w["consistency"])
    if not cons["totals"]["flags"]:
        table.add([w["no_flags"]])
        return
    counts = {2: "#,##0", 3: "#,##0", 4: "#,##0", 5: "#,##0"}
    table.header([w["form"], w["rows_checked"], w["outliers"], w["value_jumps"], w["rows_disappeared"]])
    for f in cons["forms"]:
        table.add([names.get(f["form"], f["label"]), f["rows"], f["outliers"], f["value_jumps"], f["rows_disappeared"]], counts)
    totals = cons["totals"]
    table.add([w["total"], sum(f["rows"] for f in cons["forms"]), totals["outliers"], totals["value_jumps"],
               totals["rows_disappeared"]], counts)
    if not cons["units"]:
        return
    table.blank()
    table.title(w["contact_units"])
    table.header([_h("unit_code", lang), _h("unit_name", lang), names["district"], w["flags"], w["first_flag"]])
    for u in cons["units"]:
        first = u["first"] or {}
        place = " › ".join(str(p) for p in (first.get("file"), first.get("sheet"), first.get("cell")) if p)
        table.add([u["code"], u["name"], u["district_name"] or u["district"], u["flags"], place], {4: "#,##0"})


# ---------------------------------------------------------------- summary

def summary_workbook(review: Review, lang: str = "vi") -> bytes:
    """Overview of targets × years (values, period verdict, trend, R, projection, breaks),
    then one sheet per objective with each year's value and status."""
    data = review.to_json(lang)
    years = [str(y) for y in range(data["from"], data["to"] + 1)]
    wb = _new_workbook(_h("review_book", lang, a=data["from"], b=data["to"]), data["to"])
    taken: set[str] = set()
    objectives = {_objective_key(k): v for k, v in _objective_titles(review.spec, lang).items()}
    titles = {t.id: data_text(lang, t.title, t.title_en) for t in review.spec.targets}

    table = Table(wb.create_sheet(sheet_name(_h("overview_sheet", lang), taken)))
    head = [_h("id", lang), _h("target", lang), _h("threshold", lang)] + [_h("year_value", lang, year=y) for y in years]
    head += [_h(k, lang) for k in ("period_status", "progress", "trend", "ratio", "projection", "breaks")]
    first = table.header(head, freeze=True) + 1
    for t in data["targets"]:
        percent, op = _value_cells(t)
        values = [(t["years"].get(y) or {}).get("value") for y in years]
        breaks = "; ".join(f"{b['year']}: {b['text']}" for b in t.get("breaks") or [])
        trend = labels.trend(t.get("trend"), lang)
        line = [t["id"], titles.get(t["id"], t.get("title", "")), t.get("threshold"), *values,
               labels.status(t["period_status"], lang) if t.get("period_status") else "",
               labels.status(t["status"], lang) if t.get("status") else "", trend,
               t.get("progress_ratio"), t.get("projection"), breaks]
        formats = {3: _number_format(t.get("threshold"), percent, op)}
        for i, v in enumerate(values):
            formats[4 + i] = _number_format(v, percent)
        formats[4 + len(years) + 3] = "0.00"
        formats[4 + len(years) + 4] = _number_format(t.get("projection"), percent)
        table.add(line, formats)
    from openpyxl.utils import get_column_letter

    _status_rules(table.ws, get_column_letter(4 + len(years)), first, table.row, lang)
    _status_rules(table.ws, get_column_letter(5 + len(years)), first, table.row, lang)
    table.filter(first - 1, len(head))
    table.widths[2] = min(max(table.widths.get(2, 8.0), 40.0), 70.0)
    table.finish()

    for sheet, targets in _objective_sheets(wb, data["targets"], objectives, taken, lang):
        head = [_h("id", lang), _h("target", lang), _h("threshold", lang)]
        for y in years:
            head += [_h("year_value", lang, year=y), _h("year_status", lang, year=y)]
        head.append(_h("period_status", lang))
        first = sheet.header(head) + 1
        sheet.ws.freeze_panes = "A3"
        for t in targets:
            percent, op = _value_cells(t)
            row: list[Any] = [t["id"], titles.get(t["id"], t.get("title", "")), t.get("threshold")]
            formats = {3: _number_format(t.get("threshold"), percent, op)}
            for y in years:
                entry = t["years"].get(y) or {}
                formats[len(row) + 1] = _number_format(entry.get("value"), percent)
                row += [entry.get("value"), labels.status(entry["status"], lang) if entry.get("status") else ""]
            row.append(labels.status(t["period_status"], lang) if t.get("period_status") else "")
            sheet.add(row, formats)
        for i in range(len(years)):
            _status_rules(sheet.ws, get_column_letter(5 + 2 * i), first, sheet.row, lang)
        _status_rules(sheet.ws, get_column_letter(len(head)), first, sheet.row, lang)
        sheet.widths[2] = min(max(sheet.widths.get(2, 8.0), 40.0), 70.0)
        sheet.finish()
    return to_bytes(wb)


# ---------------------------------------------------------------- validation

ISSUE_KEYS = ("file", "sheet", "cell", "row", "code", "severity", "message")


def _issue_sheet(ws: Any, group: Group, lang: str) -> None:
    from danvan_cli.render.validation_report import issue_row

    table = Table(ws)
    first = table.header([_h(k, lang) for k in ISSUE_KEYS], freeze=True) + 1
    for issue in group.issues:
        r = issue_row(issue, lang)
        table.add([r["file"], r["sheet"], r["cell"], r["row"], r["code"], r["severity_label"], r["message"]],
                  fill={6: SEVERITY_FILLS[issue.severity]})
    table.filter(first - 1, len(ISSUE_KEYS))
    table.widths[7] = 90.0
    table.finish()


def _summary_sheet(ws: Any, sub: Submission, chosen: list[Group], lang: str) -> None:
    from danvan_cli.issues import CATALOGUE
    from danvan_cli.render.validation_report import SEVERITY_ORDER, severity_label

    issues = [i for g in chosen for i in g.issues]
    table = Table(ws)
    table.title(labels.texts(labels.VALIDATION, lang)["title"].format(year=sub.year))
    table.header([_h("severity", lang), _h("count", lang)])
    for severity in SEVERITY_ORDER:
        table.add([severity_label(severity, lang), sum(1 for i in issues if i.severity == severity)],
                  {2: "#,##0"}, fill={1: SEVERITY_FILLS[severity]})
    table.add([_h("total", lang), len(issues)], {2: "#,##0"})
    table.blank()
    table.header([_h("code", lang), _h("severity", lang), _h("count", lang)])
    counts: dict[str, int] = {}
    for i in issues:
        counts[i.code] = counts.get(i.code, 0) + 1
    for code in CATALOGUE:
        if code in counts:
            table.add([code, severity_label(CATALOGUE[code].severity, lang), counts[code]], {3: "#,##0"})
    table.blank()
    table.header([_h("unit_code", lang), _h("unit_name", lang), _h("errors", lang), _h("warnings", lang),
                  _h("infos", lang), _h("total", lang)])
    for g in chosen:
        table.add([g.code or "", g.name, g.count("error"), g.count("warning"), g.count("info"), len(g.issues)],
                  {3: "#,##0", 4: "#,##0", 5: "#,##0", 6: "#,##0"})
    table.widths[1] = max(table.widths.get(1, 8.0), 22.0)
    table.finish()


def validation_workbook(sub: Submission, names: Names, lang: str = "vi", only: Group | None = None) -> bytes:
    """"Tóm tắt", then one sheet per submitting district (or new unit), then "Chung"."""
    from danvan_cli.render.validation_report import groups

    chosen = [only] if only is not None else groups(sub, names, lang)
    wb = _new_workbook(labels.texts(labels.VALIDATION, lang)["title"].format(year=sub.year), sub.year)
    taken: set[str] = set()
    _summary_sheet(wb.create_sheet(sheet_name(_h("summary_sheet", lang), taken)), sub, chosen, lang)
    for group in chosen:
        _issue_sheet(wb.create_sheet(sheet_name(group.name, taken)), group, lang)
    return to_bytes(wb)


def validation_split(sub: Submission, names: Names, lang: str = "vi") -> dict[str, bytes]:
    """One workbook per district, named after it (``huyen_kim_son.xlsx``), and ``chung.xlsx``."""
    from danvan_cli.render.validation_report import groups

    return {f"{g.key}.xlsx": validation_workbook(sub, names, lang, only=g) for g in groups(sub, names, lang)}
