"""`danvan explain` as plain text for the terminal and as an Excel workbook.

The text is plain (aligned columns, no markup) so that it reads the same on a terminal, in a
pipe and in a file; numbers are written as the scorecard writes them (`render.numbers`). The
workbook has one sheet of the rows counted with their file, sheet and row and a totals row,
one of the rows left out with the reason, one of the figure per unit one level down. Every
text goes through `render.xlsx.Table` (safe text cells: nothing from the input is a formula).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from danvan_cli.i18n import N_, data_text, translator
from danvan_cli.indicators.explain import REASONS  # the reasons' words (indicators catalog)
from danvan_cli.issues import shown_in
from danvan_cli.render.numbers import measured, number, percent

if TYPE_CHECKING:
    import pandas as pd

    from danvan_cli.indicators.explain import Explanation, Group

WORDS: dict[str, str] = {
    "year": N_("Năm {year}"),
    "whole": N_("Toàn tỉnh"),
    "unit": N_("Đơn vị"),
    "in": N_("Thuộc"),
    "level": N_("Cấp"),
    "source": N_("Nguồn (tệp › trang › dòng)"),
    "row_at": N_("dòng {row}"),
    "figure": N_("Kết quả"),
    "scorecard": N_("Kết quả của bảng chỉ tiêu (toàn tỉnh)"),
    "numerator": N_("Tử số"),
    "denominator": N_("Mẫu số"),
    "value": N_("Giá trị"),
    "rate": N_("Tỷ lệ"),
    "meets": N_("Đạt điều kiện"),
    "decided": N_("Giá trị quyết định"),
    "yes": N_("Có"),
    "no": N_("Không"),
    "rows": N_("Số dòng"),
    "area": N_("Địa bàn so sánh"),
    "own": N_("{name} (số liệu của chính đơn vị)"),
    "total": N_("Tổng"),
    "groups": N_("Theo đơn vị cấp dưới ({level})"),
    "counted": N_("Các dòng được tính ({count})"),
    "sorted_denominator": N_("xếp theo mẫu số, lớn nhất trước"),
    "sorted_meets": N_("các dòng đạt điều kiện trước"),
    "sorted_value": N_("xếp theo giá trị, lớn nhất trước"),
    "left_out": N_("Các dòng và đơn vị không được tính ({count})"),
    "none_left": N_("Không có dòng nào bị bỏ ra."),
    "reason": N_("Lý do"),
    "detail": N_("Chi tiết"),
    "previous": N_("Năm trước ({year}): {figure}"),
    "previous_rows": N_("Các dòng của năm {year} ({count})"),
    "ratio": N_("Tỷ lệ = {numerator} / {denominator} (cộng tử số và mẫu số của các dòng rồi mới chia)"),
    "share": N_("Tỷ lệ dòng đạt điều kiện: {condition}"),
    "count": N_("Số dòng đạt điều kiện: {condition}"),
    "sum": N_("Tổng cột {column}"),
    "mean": N_("Bình quân cột {column}"),
    "window": N_("Các năm được tính: {years}"),
    "sheet_rows": N_("Các dòng"),
    "sheet_left": N_("Không được tính"),
    "sheet_levels": N_("Theo đơn vị"),
    "file": N_("Tệp"),
    "sheet": N_("Trang"),
    "row": N_("Dòng"),
    "code": N_("Mã đơn vị"),
    "name": N_("Tên đơn vị"),
}
def _words(lang: str) -> dict[str, str]:
    _ = translator(lang).gettext
    return {key: _(text) for key, text in WORDS.items()}


def _num(value: Any, lang: str) -> str:
    return "" if _blank(value) else number(float(value), lang, 2)


def _blank(value: Any) -> bool:
    """A blank cell: None, pandas' NA or NaN."""
    import pandas as pd

    return value is None or (not isinstance(value, (list, tuple)) and bool(pd.isna(value)))


def _cell(value: Any, w: dict[str, str], lang: str) -> str:
    """A condition's cell as written in a row: Có/Không, a number, the text; blank as —."""
    shown = _xlsx_cell(value, w)
    if shown is None:
        return "—"
    return _num(shown, lang) if isinstance(shown, (int, float)) else str(shown)


def _source(r: dict[str, Any], w: dict[str, str]) -> str:
    parts = [] if _blank(r.get("file")) else [str(r["file"])]
    if not _blank(r.get("sheet")) and r["sheet"]:
        parts.append(str(r["sheet"]))
    if not _blank(r.get("row")):
        parts.append(w["row_at"].format(row=int(r["row"])))
    return " › ".join(parts)


def _figure(e: Explanation, value: float | None, numerator: float | None, denominator: float | None,
            lang: str) -> str:
    shown = measured(value, e.target.unit_in(lang), lang)
    if e.kind in ("ratio", "share") and numerator is not None and denominator is not None:
        return f"{shown} ({number(numerator, lang, 2)} / {number(denominator, lang, 2)})"
    return shown


def _how(e: Explanation, w: dict[str, str]) -> str:
    m = e.target.value_measure
    condition = "; ".join(f"{c.column} {c.op} {c.value}" for c in m.condition) or "—"
    return w[e.kind if e.kind in w else "sum"].format(numerator=m.numerator, denominator=m.denominator,
                                                      column=m.column, condition=condition)


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    """Aligned columns: numbers to the right, texts to the left."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(widths[i]) if i in right else c.ljust(widths[i])
                         for i, c in enumerate(cells)).rstrip()

    return [line(headers), line(["-" * n for n in widths]), *(line(r) for r in rows)]


def _group_name(g: Group, e: Explanation, w: dict[str, str]) -> str:
    label = f"{g.code} {g.name}".strip()
    return w["own"].format(name=label) if g.own else label


def _row_cells(e: Explanation, r: dict[str, Any], w: dict[str, str], lang: str, deeper: bool) -> list[str]:
    cells = [str(r["year"])] if len(e.window) > 1 or e.previous is not None else []
    cells.append(f"{r['code']} {r['name']}")
    if deeper:
        cells.append(str(r["group"]))
    if e.kind == "ratio":
        cells += [_num(r["num"], lang), _num(r["den"], lang), percent(r["value"], lang) if r["value"] is not None else "—"]
    elif e.kind in ("share", "count"):
        cells.append(w["yes"] if r["num"] else w["no"])
        cells.append("; ".join(f"{c} = {_cell(r[f'?{c}'], w, lang)}" for c in e.decided))
    else:
        cells.append(_num(r["value"], lang) or "—")
    cells.append(_source(r, w))
    return cells


def _row_headers(e: Explanation, w: dict[str, str], deeper: bool) -> tuple[list[str], set[int]]:
    headers = [w["year"].format(year="").strip()] if len(e.window) > 1 or e.previous is not None else []
    headers.append(w["unit"])
    if deeper:
        headers.append(w["in"])
    first = len(headers)
    if e.kind == "ratio":
        headers += [w["numerator"], w["denominator"], w["rate"]]
        right = {first, first + 1, first + 2}
    elif e.kind in ("share", "count"):
        headers += [w["meets"], w["decided"]]
        right = set()
    else:
        headers.append(w["value"])
        right = {first}
    headers.append(w["source"])
    return headers, right


def _records(rows: pd.DataFrame) -> list[dict[str, Any]]:
    return rows.to_dict("records")  # type: ignore[return-value]


def render_text(e: Explanation, lang: str = "vi") -> str:
    """The explanation as plain text: the figure, per unit one level down, the rows counted
    (with their totals), the rows left out with the reason."""
    w = _words(lang)
    t = e.target
    where = w["whole"] if e.focus is None else f"{e.focus_code} {e.focus_name} ({e.level_name(e.focus_level, lang).lower()})"
    out = [f"{t.id} — {data_text(lang, t.title, t.title_en)}", f"{w['year'].format(year=e.year)} · {where}", _how(e, w)]
    if len(e.window) > 1:
        out.append(w["window"].format(years=", ".join(map(str, e.window))))
    f = e.figure
    out.append(f"{w['figure']}: {_figure(e, f.value, f.numerator, f.denominator, lang)}")
    if e.focus is not None:
        p = e.province
        out.append(f"{w['scorecard']}: {_figure(e, p.value, p.numerator, p.denominator, lang)}")
    if e.previous is not None:
        q = e.previous.figure
        out.append(w["previous"].format(year=e.previous.year, figure=_figure(e, q.value, q.numerator, q.denominator, lang)))
    out += ["", *_groups_text(e, w, lang), "", *_rows_text(e, e.rows, w, lang, totals=True)]
    if e.previous is not None:
        out += ["", w["previous_rows"].format(year=e.previous.year, count=len(e.previous.rows)),
                *_rows_text(e, e.previous.rows, w, lang, totals=False)[1:]]
    out += ["", *_left_text(e, w, lang)]
    return "\n".join(out) + "\n"


def _groups_text(e: Explanation, w: dict[str, str], lang: str) -> list[str]:
    below = sorted({g.level for g in e.groups if not g.own})
    level = ", ".join(e.level_name(lv, lang).lower() for lv in below) or "—"
    areas = any(g.area for g in e.groups)
    headers = [w["unit"], w["numerator"], w["denominator"], w["figure"], w["rows"]] + ([w["area"]] if areas else [])
    if e.kind not in ("ratio", "share"):
        headers = [w["unit"], w["figure"], w["rows"]] + ([w["area"]] if areas else [])
    rows = []
    for g in e.groups:
        cells = [_group_name(g, e, w)]
        if e.kind in ("ratio", "share"):
            cells += [_num(g.numerator, lang), _num(g.denominator, lang)]
        cells += [measured(g.value, e.target.unit_in(lang), lang), str(g.rows)]
        if areas:
            cells.append(f"{g.area} {g.area_name}".strip())
        rows.append(cells)
    right = set(range(1, len(headers) - (1 if areas else 0)))
    return [w["groups"].format(level=level) + ":", *_table(headers, rows, right)]


def _rows_text(e: Explanation, rows: pd.DataFrame, w: dict[str, str], lang: str, totals: bool) -> list[str]:
    records = _records(rows)
    deeper = any(r["group"] != r["unit"] for r in records)
    headers, right = _row_headers(e, w, deeper)
    body = [_row_cells(e, r, w, lang, deeper) for r in records]
    if totals:
        f = e.figure
        foot = [""] * len(headers)
        at = headers.index(w["unit"])
        foot[at] = w["total"]
        if e.kind == "ratio":
            at = headers.index(w["numerator"])
            foot[at:at + 3] = [_num(f.numerator, lang), _num(f.denominator, lang), percent(f.value, lang)]
        elif e.kind in ("share", "count"):
            foot[headers.index(w["meets"])] = _figure(e, f.value, f.numerator, f.denominator, lang)
        else:
            foot[headers.index(w["value"])] = measured(f.value, e.target.unit_in(lang), lang)
        body.append(foot)
    order = w[f"sorted_{e.sorted_by}"]
    return [f"{w['counted'].format(count=len(records))} — {order}:", *_table(headers, body, right)]


def _left_text(e: Explanation, w: dict[str, str], lang: str) -> list[str]:
    records = _records(e.left_out)
    if not records:
        return [w["none_left"]]
    _ = translator(lang).gettext
    headers = [w["reason"], w["unit"], w["source"], w["detail"]]
    rows = [[_(REASONS[r["reason"]]), f"{r['code'] or ''} {r['name'] or ''}".strip() or "—", _source(r, w) or "—",
             str(shown_in(r["detail"], lang)) if r["detail"] is not None else ""] for r in records]
    return [w["left_out"].format(count=len(records)) + ":", *_table(headers, rows, set())]


# ---------------------------------------------------------------- Excel


def explain_workbook(e: Explanation, lang: str = "vi") -> bytes:
    """The rows counted (with a totals row), the rows left out, the figure per unit."""
    from danvan_cli.render import xlsx

    w = _words(lang)
    wb = xlsx._new_workbook(f"{e.target.id} {e.year}", e.year)
    taken: set[str] = set()
    _rows_sheet(xlsx.Table(wb.create_sheet(xlsx.sheet_name(w["sheet_rows"], taken))), e, w, lang)
    _left_sheet(xlsx.Table(wb.create_sheet(xlsx.sheet_name(w["sheet_left"], taken))), e, w, lang)
    _levels_sheet(xlsx.Table(wb.create_sheet(xlsx.sheet_name(w["sheet_levels"], taken))), e, w, lang)
    return xlsx.to_bytes(wb)


def _value_format(e: Explanation) -> str:
    from danvan_cli.render.xlsx import PERCENT

    return PERCENT if e.target.unit == "%" else "#,##0.##"


def _rows_sheet(table: Any, e: Explanation, w: dict[str, str], lang: str) -> None:
    t = e.target
    table.title(f"{t.id} — {data_text(lang, t.title, t.title_en)} · {w['year'].format(year=e.year)}")
    table.title(_how(e, w))
    decided = list(e.decided)
    headers = [w["year"].format(year="").strip(), w["file"], w["sheet"], w["row"], w["code"], w["name"], w["level"],
               w["in"], w["numerator"], w["denominator"], w["value"], *decided]
    first = table.header(headers, freeze=True)
    pct = {11: _value_format(e)} if e.kind == "ratio" else {}
    rows = _records(e.rows)
    if e.previous is not None:
        rows += _records(e.previous.rows)
    for r in rows:
        if e.kind in ("share", "count"):
            value: Any = w["yes"] if r["num"] else w["no"]  # meets the condition
        else:
            value = _float(r["value"])
        table.add([int(r["year"]), r["file"], r["sheet"], _int(r["row"]), r["code"], r["name"],
                   e.level_name(str(r["level"]), lang), r["group"],
                   _float(r["num"]) if e.kind not in ("sum", "mean") else None,
                   _float(r["den"]) if e.kind == "ratio" else None, value,
                   *(_xlsx_cell(r[f"?{c}"], w) for c in decided)], pct)
    table.filter(first, len(headers))
    f = e.figure
    table.add([w["total"], None, None, None, e.focus_code or None, e.focus_name or w["whole"], None, None,
               f.numerator, f.denominator, f.value], {11: _value_format(e)} if e.kind != "count" else {})
    table.finish()


def _left_sheet(table: Any, e: Explanation, w: dict[str, str], lang: str) -> None:
    _ = translator(lang).gettext
    first = table.header([w["reason"], w["year"].format(year="").strip(), w["file"], w["sheet"], w["row"], w["code"],
                          w["name"], w["detail"]], freeze=True)
    for r in _records(e.left_out):
        table.add([_(REASONS[r["reason"]]), int(r["year"]), r["file"], r["sheet"], _int(r["row"]), r["code"],
                   r["name"], str(shown_in(r["detail"], lang)) if r["detail"] is not None else None])
    table.filter(first, 8)
    table.finish()


def _levels_sheet(table: Any, e: Explanation, w: dict[str, str], lang: str) -> None:
    first = table.header([w["code"], w["name"], w["level"], w["numerator"], w["denominator"], w["figure"], w["rows"],
                          w["area"]], freeze=True)
    for g in e.groups:
        table.add([g.code, _group_name(g, e, w), e.level_name(g.level, lang), g.numerator, g.denominator, g.value,
                   g.rows, f"{g.area} {g.area_name}".strip() or None], {6: _value_format(e)})
    f = e.figure
    table.add([e.focus_code or None, w["total"], None, f.numerator, f.denominator, f.value, len(e.rows), None],
              {6: _value_format(e)})
    table.filter(first, 8)
    table.finish()


def _float(value: Any) -> float | None:
    return None if _blank(value) else float(value)


def _int(value: Any) -> int | None:
    return None if _blank(value) else int(value)


def _xlsx_cell(value: Any, w: dict[str, str]) -> Any:
    """A condition's cell for the workbook: Có/Không, a number, the text (None when blank)."""
    if _blank(value):
        return None
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return w["yes"] if value else w["no"]
    if isinstance(value, (int, float)) or type(value).__module__ == "numpy":
        return float(value)
    return str(value)
