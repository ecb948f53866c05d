"""One recognised sheet → a typed frame of its data rows, with the issues found.

Rows are classified first (data, blank, total, signature/notes), then every
column is parsed by its declared type and the form's checks run on whole columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from danvan_cli.issues import Issue
from danvan_cli.reading.files import RawSheet
from danvan_cli.reading.header import HeaderMatch
from danvan_cli.spec.models import Column, Form
from danvan_cli.text import column_letter, fold
from danvan_cli.validation import cells as C

_TOTAL = re.compile(r"^(tong cong|cong|tong so|tong|tong hop|cong chung)\b")
_TOTAL_EN = {"total", "grand total", "sum"}
NUMERIC_TYPES = ("integer", "number", "percent", "year")


@dataclass
class SheetResult:
    """Typed rows of one sheet plus everything said about them."""

    form: Form
    file: str
    sheet: str | None
    frame: pd.DataFrame  # data rows: canonical columns + _file/_sheet/_row/_ok
    raw: dict[str, pd.Series]  # canonical name → raw cells of the data rows
    positions: dict[str, int]  # canonical name → 0-based column position
    issues: list[Issue] = field(default_factory=list)
    rows_read: int = 0
    rows_skipped: int = 0

    def cell(self, column: str, row: int) -> str:
        return f"{column_letter(self.positions[column])}{row}"

    def issue(self, kind: str, row: int | None = None, column: str | None = None, /, **params: Any) -> None:
        cell = self.cell(column, row) if (column in self.positions and row) else None
        self.issues.append(Issue(kind, self.file, self.sheet, row, column, cell, params))


def _grid(rows: list[list[Any]], start: int) -> pd.DataFrame:
    body = rows[start:]
    width = max((len(r) for r in body), default=0)
    frame = pd.DataFrame([list(r) + [""] * (width - len(r)) for r in body], dtype=object)
    frame.index = np.arange(start + 1, start + 1 + len(body))  # spreadsheet row numbers
    return frame


def _classify(grid: pd.DataFrame, unit_positions: list[int], value_positions: list[int]) -> pd.Series:
    """'data' | 'blank' | 'total' | 'notes' for each row."""
    text = grid.apply(C.as_text)
    filled = text.notna()
    kind = pd.Series("data", index=grid.index, dtype=object)
    kind[~filled.any(axis=1)] = "blank"
    folded = text.apply(lambda col: col.map(fold, na_action="ignore"))
    every = pd.Series(True, index=grid.index)
    unit_blank = ~filled[unit_positions].any(axis=1) if unit_positions else every
    no_values = ~filled[value_positions].any(axis=1) if value_positions else every
    # the word "Tổng cộng" may stand in the code column itself
    total_cells = folded.apply(lambda col: col.str.match(_TOTAL, na=False) | col.isin(_TOTAL_EN))
    is_total = total_cells.any(axis=1)
    unit_is_label = ~(filled[unit_positions] & ~total_cells[unit_positions]).any(axis=1) if unit_positions else every
    kind[(kind == "data") & is_total & unit_is_label] = "total"
    kind[(kind == "data") & unit_blank & no_values] = "notes"
    return kind


def _legacy(result: SheetResult, grid: pd.DataFrame, labels: dict[int, str]) -> pd.DataFrame:
    """Convert TCVN3/VNI text, column by column, and report it."""
    from danvan_cli.reading import legacy

    for pos in grid.columns:
        col = grid[pos]
        is_str = col.map(lambda v: isinstance(v, str) and v != "")
        if not is_str.any():
            continue
        texts = col[is_str].tolist()
        converted, encoding = legacy.convert_column(texts)
        if encoding is None:
            continue
        changed = [i for i, (a, b) in enumerate(zip(texts, converted)) if a != b]
        if not changed:
            continue
        new = col.copy()
        new[is_str] = converted
        grid[pos] = new
        first = changed[0]
        row = int(col[is_str].index[first])
        result.issues.append(Issue(
            "legacy-encoding", result.file, result.sheet, row, labels.get(pos),
            f"{column_letter(pos)}{row}",
            {"label": labels.get(pos, column_letter(pos)), "count": len(changed),
             "encoding": encoding.upper(), "value": texts[first], "converted": converted[first]},
        ))
    return grid


def read_sheet(raw: RawSheet, form: Form, header: HeaderMatch, year: int | None) -> SheetResult:
    """Parse the data rows of a recognised sheet and run the per-row checks."""
    grid = _grid(raw.rows, header.data_start)
    positions = {name: pos for pos, name in header.columns.items()}
    result = SheetResult(form, raw.file, raw.sheet, pd.DataFrame(), {}, positions)
    labels = {pos: form.column(name).label for name, pos in positions.items()}
    if len(grid.columns):
        grid = _legacy(result, grid, labels)

    unit_cols = [form.unit_column] + ([form.unit_alternative.parent] if form.unit_alternative else [])
    unit_pos = [positions[c] for c in unit_cols if c in positions]
    value_pos = [p for n, p in positions.items() if form.column(n).type not in ("unit", "text", "year")]
    kind = _classify(grid, unit_pos, value_pos) if len(grid) else pd.Series(dtype=object)
    result.rows_read = len(grid)
    for row in kind.index[kind != "data"]:
        reason = {"blank": ("dòng trống", "blank row"), "total": ("dòng tổng cộng", "total row"),
                  "notes": ("không phải dòng số liệu: chữ ký, ghi chú", "not a data row: signature, notes")}[kind[row]]
        result.issue("row-skipped", int(row), reason=reason[0], reason_en=reason[1])
    result.rows_skipped = int((kind != "data").sum())
    if header.number_row is not None:
        result.issue("row-skipped", header.number_row + 1, reason="dòng đánh số cột", reason_en="column-number row")

    data = grid[kind == "data"] if len(grid) else grid
    frame = pd.DataFrame(index=data.index)
    ok = pd.Series(True, index=data.index)
    for col in form.columns:
        raw_col = data[positions[col.name]] if col.name in positions else pd.Series(None, index=data.index, dtype=object)
        result.raw[col.name] = raw_col
        parsed = C.parse_column(raw_col, col)
        frame[col.name] = parsed.values
        ok &= ~_report_cells(result, col, raw_col, parsed, year)
    frame["_file"] = raw.file
    frame["_sheet"] = raw.sheet or ""
    frame["_row"] = data.index.astype("int64")
    frame["_ok"] = ok
    result.frame = frame
    _check_rules(result)
    if len(grid):
        _check_totals(result, grid[kind == "total"])
    return result


def _report_cells(result: SheetResult, col: Column, raw: pd.Series, parsed: C.Parsed, year: int | None) -> pd.Series:
    """Type and range issues of one column; returns the mask of rows in error."""
    errors = pd.Series(False, index=raw.index)
    exp_vi, exp_en = C.EXPECTED[col.type]
    for row in raw.index[parsed.bad.to_numpy()]:
        code = "cell-range" if col.type == "choice" else "cell-type"
        allowed = ", ".join(c.label for c in (col.choices or {}).values())
        result.issue(code, int(row), col.name, value=C.as_text(raw.loc[[row]]).iloc[0],
                     expected=allowed or exp_vi, expected_en=allowed or exp_en)
    errors |= parsed.bad
    values = parsed.values
    if col.type in NUMERIC_TYPES:
        low = values < col.min if col.min is not None else False
        high = values > col.max if col.max is not None else False
        if col.max_is_year and year is not None:
            high = high | (values > year)
        out = (pd.Series(low, index=raw.index) | pd.Series(high, index=raw.index)).fillna(False)
        bounds = _bounds(col, year)
        for row in raw.index[out.to_numpy()]:
            result.issue("cell-range", int(row), col.name, value=_fmt(values[row]), expected=bounds[0], expected_en=bounds[1])
        errors |= out
        if col.name == "nam" and year is not None:
            wrong = values.notna() & (values != year)
            for row in raw.index[wrong.to_numpy()]:
                result.issue("year-mismatch", int(row), col.name, value=_fmt(values[row]), year=year)
            errors |= wrong
    return errors


def _bounds(col: Column, year: int | None) -> tuple[str, str]:
    high = col.max if col.max is not None else (year if col.max_is_year else None)
    if col.min is not None and high is not None:
        return f"từ {_fmt(col.min)} đến {_fmt(high)}", f"from {_fmt(col.min)} to {_fmt(high)}"
    if col.min is not None:
        return f"≥ {_fmt(col.min)}", f"≥ {_fmt(col.min)}"
    return f"≤ {_fmt(high)}", f"≤ {_fmt(high)}"


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_rules(result: SheetResult) -> None:
    frame, form = result.frame, result.form
    for rule in form.rules:
        cols = [frame[c] for c in rule.columns]
        labels = [form.column(c).label for c in rule.columns]
        if rule.kind == "le":
            left, right = cols[0], cols[1]
            broken = (left.notna() & right.notna() & (left > right)).fillna(False)
            for row in frame.index[broken.to_numpy()]:
                result.issue("rule", int(row), rule.columns[0],
                             rule=f"“{labels[0]}” ({_fmt(left[row])}) lớn hơn “{labels[1]}” ({_fmt(right[row])})",
                             rule_en=f"{rule.columns[0]} ({_fmt(left[row])}) exceeds {rule.columns[1]} ({_fmt(right[row])})")
        else:
            filled = pd.concat([c.notna() for c in cols], axis=1)
            broken = filled.any(axis=1) & ~filled.all(axis=1)
            for row in frame.index[broken.to_numpy()]:
                blank_cols = [rule.columns[i] for i in range(len(cols)) if not filled.loc[row].iloc[i]]
                blank_labels = [form.column(c).label for c in blank_cols]
                result.issue("rule", int(row), blank_cols[0],
                             rule="phải điền đủ cả “" + "”, “".join(labels) + "” hoặc để trống cả hai (không áp dụng); đang thiếu “" + "”, “".join(blank_labels) + "”",
                             rule_en="fill all of " + ", ".join(rule.columns) + " or leave all blank (not applicable); missing " + ", ".join(blank_cols))
        frame["_ok"] &= ~broken


def check_required(result: SheetResult, levels: pd.Series) -> None:
    """Blank required cells (``required``, or ``required_at`` the row's level)."""
    frame = result.frame
    for col in result.form.columns:
        if col.name == result.form.unit_column and result.form.unit_alternative:
            continue
        needed = pd.Series(col.required, index=frame.index)
        if col.required_at:
            needed |= levels.isin(col.required_at)
        missing = needed & C.blank(result.raw[col.name]) & ~frame[col.name].notna()
        if col.name not in result.positions:
            # the whole column is absent: reported once as column-missing
            frame["_ok"] &= ~missing
            continue
        for row in frame.index[missing.to_numpy()]:
            result.issue("cell-missing", int(row), col.name, label=col.label)
        frame["_ok"] &= ~missing


def _check_totals(result: SheetResult, totals: pd.DataFrame) -> None:
    """A file's own total row must equal the sum of its detail rows."""
    if len(totals) != 1:
        return
    row = int(totals.index[0])
    for col in result.form.columns:
        if col.type not in ("integer", "number") or col.name not in result.positions:
            continue
        total = C.parse_number(totals[result.positions[col.name]]).values.iloc[0]
        if pd.isna(total):
            continue
        computed = result.frame[col.name].sum(min_count=1)
        if pd.isna(computed) or abs(total - computed) > 1e-6 * max(1.0, abs(total)):
            result.issue("total-mismatch", row, col.name, label=col.label,
                         total=_fmt(float(total)), computed=_fmt(float(computed) if pd.notna(computed) else 0.0))
