"""Checks on a form's rows: legacy text, row kinds (data, blank, total, notes), cell
types and ranges, the year, cross-column rules, and a file's own total rows.

Everything works on whole columns of a `Batch`; Python loops run only over the
cells that produce an issue.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from danvan_cli.spec.models import Column
from danvan_cli.validation import cells as C
from danvan_cli.validation.batch import EXTRA, Batch

# "Tổng cộng", "Cộng", "Tổng số", "TONG CONG", "Total" (text is NFC, compared lower-cased)
_TOTAL = re.compile(r"^\s*(?:t[ổo]ng\s+c[ộo]ng|c[ộo]ng(?:\s+chung)?|t[ổo]ng\s+s[ốo]|t[ổo]ng(?:\s+h[ợo]p)?|total|grand\s+total)\s*[:.]?\s*$")
NUMERIC_TYPES = ("integer", "number", "percent", "year")
_SIGNATURE = re.compile(r"người lập|lập biểu|thủ trưởng|ký tên|\(ký|đóng dấu|ngày\s.*tháng\s.*năm|xác nhận|nơi nhận|"
                        r"^\s*(?:t/?m|kt|tl)\.?\s|nguoi lap|lap bieu|thu truong|ky ten|dong dau|ngay\s.*thang\s.*nam")
# an error result exported as text: '#REF!', '#DIV/0!', LibreOffice's 'Err:502'
ERROR_TEXT = re.compile(r"^\s*(?:#(?:REF!|DIV/0!|VALUE!|N/A|NAME\?|NUM!|NULL!|SPILL!|CALC!)|Err:\d{3})\s*$")
SKIP_REASONS = {
    "blank": ("dòng trống", "blank row"),
    "total": ("dòng tổng cộng", "total row"),
    "notes": ("không phải dòng số liệu: chữ ký, ghi chú", "not a data row: signature, notes"),
}


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def convert_legacy(batch: Batch, cells: dict[str, C.Cells]) -> None:
    """TCVN3/VNI text → Unicode, decided per sheet and column, reported once for each."""
    from danvan_cli.reading import legacy

    sids = batch.raw["_sid"].to_numpy()
    for name, col in list(cells.items()):
        # legacy text is never plain ASCII
        hinted = col.per_row(np.array([t is not None and not t.isascii() and legacy.looks_legacy(t)
                                       for t in col.text], dtype=bool), False)
        if not hinted.any():
            continue
        filled = col.filled()
        for sid in np.unique(sids[hinted]):
            rows = np.flatnonzero((sids == sid) & filled)
            texts = [col.text[c] for c in col.codes[rows]]
            converted, encoding = legacy.convert_column(texts)
            changed = [i for i, (a, b) in enumerate(zip(texts, converted, strict=True)) if a != b]
            if encoding is None or not changed:
                continue
            col = cells[name] = col.replace_text(rows, converted)
            label = batch.form.column(name).label if name != EXTRA else ""
            batch.issue("legacy-encoding", col.index[rows[changed[0]]], None if name == EXTRA else name, label=label,
                        count=len(changed), encoding=encoding.upper(), value=texts[changed[0]],
                        converted=converted[changed[0]])


def _matches(cells: C.Cells, pattern: re.Pattern[str], worth: Callable[[str], bool] | None = None) -> np.ndarray:
    """Rows whose text matches (search) the pattern, each distinct text tested once;
    ``worth`` is a cheap first look that spares the regex most values."""
    def test(t: str | None) -> bool:
        if t is None or (worth is not None and not worth(t)):
            return False
        return bool(pattern.search(t))

    return cells.per_row(np.array([test(t) for t in cells.text], dtype=bool), False)


def _starts_with_digit(cells: C.Cells) -> np.ndarray:
    """Rows holding a unit code: codes start with a digit (37, 14320, 14320-01), labels do not."""
    return cells.per_row(np.array([t is not None and t[:1].isdigit() for t in cells.text], dtype=bool), False)


def _may_be_error(text: str) -> bool:
    return text[:1] == "#" or text[:3] == "Err"


def _rows_matching(cells: C.Cells, rows: np.ndarray, pattern: re.Pattern[str]) -> np.ndarray:
    """Of the given rows, those whose lower-cased text the pattern finds."""
    found = np.zeros(len(cells.codes), dtype=bool)
    for i in np.flatnonzero(rows & (cells.codes >= 0)):
        text = cells.text[cells.codes[i]]
        found[i] = text is not None and bool(pattern.search(text.lower()))
    return found


def classify(batch: Batch, cells: dict[str, C.Cells]) -> pd.Series:
    """'data' | 'blank' | 'total' | 'notes' for each row; non-data rows are reported as skipped."""
    form = batch.form
    index = batch.raw.index
    unit_cols = [form.unit_column] + ([form.unit_alternative.parent] if form.unit_alternative else [])
    has_code = pd.Series(np.any([_starts_with_digit(cells[c]) for c in unit_cols], axis=0), index=index)
    # totals and signatures are looked for only where no unit code stands
    label_rows = ~has_code.to_numpy()
    filled = pd.DataFrame({n: c.filled() for n, c in cells.items()}, index=index)
    totals = pd.DataFrame({n: _rows_matching(c, label_rows, _TOTAL) for n, c in cells.items()}, index=index)
    value_cols = [c.name for c in form.columns if c.type not in ("unit", "text", "year")]
    kind = pd.Series("data", index=index, dtype=object)
    kind[~filled.any(axis=1)] = "blank"
    unit_blank = ~filled[unit_cols].any(axis=1)
    no_values = ~filled[value_cols].any(axis=1)
    # the word "Tổng cộng" may stand in the code column itself
    unit_is_label = ~(filled[unit_cols] & ~totals[unit_cols]).any(axis=1)
    kind[(kind == "data") & totals.any(axis=1) & unit_is_label] = "total"
    kind[(kind == "data") & unit_blank & no_values] = "notes"
    # the signature block: from its first line ("Người lập biểu", "Ngày … tháng … năm") to the
    # end of the sheet, every row without a unit code is not data
    signs = pd.Series(np.any([_rows_matching(c, label_rows, _SIGNATURE) for c in cells.values()], axis=0), index=index)
    after = (signs & ~has_code).astype(int).groupby(batch.raw["_sid"]).cummax().astype(bool)
    kind[(kind == "data") & after & ~has_code] = "notes"
    for index_label in kind.index[(kind != "data").to_numpy()]:
        vi, en = SKIP_REASONS[kind[index_label]]
        batch.issue("row-skipped", index_label, reason=vi, reason_en=en)
    for sid, info in batch.sheets.items():
        if info.header.number_row is not None:
            batch.issue_at("row-skipped", sid, info.header.number_row + 1,
                           reason="dòng đánh số cột", reason_en="column-number row")
        if info.header.repeat_row is not None:
            batch.issue_at("row-skipped", sid, info.header.repeat_row + 1,
                           reason="dòng tên cột thứ hai", reason_en="second header row")
    return kind


def parse(batch: Batch, cells: dict[str, C.Cells], data: np.ndarray, year: int | None) -> pd.DataFrame:
    """Typed canonical columns of the data rows, with ``_ok`` false where a cell is wrong."""
    raw = batch.raw[data]
    frame = pd.DataFrame(index=raw.index)
    ok = pd.Series(True, index=raw.index)
    shown_as_percent = batch.percent_cells
    for col in batch.form.columns:
        part = cells[col.name] = cells[col.name].take(data)
        parsed = C.parse_column(part, col)
        if col.type == "percent" and len(shown_as_percent):
            # a cell formatted as a percentage stores 0.855 for what the office sees as 85,5%
            marked = shown_as_percent.loc[shown_as_percent["column"] == col.name, "label"]
            marked = marked[marked.isin(parsed.values.index)]
            parsed.values.loc[marked] = parsed.values.loc[marked] * 100
        frame[col.name] = parsed.values
        ok &= ~_report_cells(batch, col, part, parsed, year)
    frame["_sid"] = raw["_sid"]
    frame["_row"] = raw["_row"]
    frame["_ok"] = ok
    return frame


def _report_cells(batch: Batch, col: Column, cells: C.Cells, parsed: C.Parsed, year: int | None) -> pd.Series:
    """Type and range issues of one column; returns the mask of rows in error."""
    index = cells.index
    exp_vi, exp_en = C.expected_text(col, parsed)
    allowed = ", ".join(c.label for c in (col.choices or {}).values())
    code = "cell-range" if col.type == "choice" else "cell-type"
    reported = parsed.bad.to_numpy().copy()
    if reported.any():
        reported &= ~_matches(cells, ERROR_TEXT, worth=_may_be_error)  # reported as cell-formula
        text = cells.row_text()
        for label in index[reported]:
            batch.issue(code, label, col.name, value=text[label],
                        expected=allowed or exp_vi, expected_en=allowed or exp_en)
    errors = parsed.bad.copy()
    if col.type not in NUMERIC_TYPES:
        return errors
    values = parsed.values
    out = pd.Series(False, index=index)
    if col.min is not None:
        out |= (values < col.min).fillna(False)
    if col.max is not None:
        out |= (values > col.max).fillna(False)
    if col.max_is_year and year is not None:
        out |= (values > year).fillna(False)
    bounds = _bounds(col, year)
    for label in index[out.to_numpy()]:
        batch.issue("cell-range", label, col.name, value=_fmt(values[label]), expected=bounds[0], expected_en=bounds[1])
    errors |= out
    if col.role == "year" and year is not None:
        wrong = (values.notna() & (values != year)).fillna(False)
        for label in index[wrong.to_numpy()]:
            batch.issue("year-mismatch", label, col.name, value=_fmt(values[label]), year=year)
        errors |= wrong
    return errors


def _bounds(col: Column, year: int | None) -> tuple[str, str]:
    high = col.max if col.max is not None else (year if col.max_is_year else None)
    if col.min is not None and high is not None:
        return f"từ {_fmt(col.min)} đến {_fmt(high)}", f"from {_fmt(col.min)} to {_fmt(high)}"
    if col.min is not None:
        return f"≥ {_fmt(col.min)}", f"≥ {_fmt(col.min)}"
    return f"≤ {_fmt(high)}", f"≤ {_fmt(high)}"


def check_rules(batch: Batch, frame: pd.DataFrame) -> None:
    """Cross-column rules declared in the spec: ``le`` (part ≤ total) and ``together``."""
    form = batch.form
    for rule in form.rules:
        cols = [frame[c] for c in rule.columns]
        labels = [form.column(c).label for c in rule.columns]
        if rule.kind == "le":
            left, right = cols
            broken = (left.notna() & right.notna() & (left > right)).fillna(False)
            for label in frame.index[broken.to_numpy()]:
                batch.issue("rule", label, rule.columns[0],
                            rule=f"“{labels[0]}” ({_fmt(left[label])}) lớn hơn “{labels[1]}” ({_fmt(right[label])})",
                            rule_en=f"{rule.columns[0]} ({_fmt(left[label])}) exceeds {rule.columns[1]} ({_fmt(right[label])})")
        else:
            filled = pd.concat([c.notna() for c in cols], axis=1)
            broken = filled.any(axis=1) & ~filled.all(axis=1)
            for label in frame.index[broken.to_numpy()]:
                blanks = [rule.columns[i] for i in range(len(cols)) if not filled.loc[label].iloc[i]]
                batch.issue("rule", label, blanks[0],
                            rule="phải điền đủ cả “" + "”, “".join(labels) + "” hoặc để trống tất cả (không áp dụng); đang thiếu “"
                            + "”, “".join(form.column(c).label for c in blanks) + "”",
                            rule_en="fill all of " + ", ".join(rule.columns)
                            + " or leave all blank (not applicable); missing " + ", ".join(blanks))
        frame["_ok"] &= ~broken


def check_formulas(batch: Batch, frame: pd.DataFrame, cells: dict[str, C.Cells]) -> None:
    """Formula cells without a cached value, and error results (#REF!, #DIV/0!): the row is
    left out, since the figure it should carry is unknown."""
    found = batch.formula_cells[batch.formula_cells["label"].isin(frame.index)]
    for label, column, detail in found.itertuples(index=False):
        batch.issue("cell-formula", label, column, **_formula_detail(detail))
        frame.loc[label, "_ok"] = False
    for col in batch.form.columns:
        error = _matches(cells[col.name], ERROR_TEXT, worth=_may_be_error)
        if error.any():
            text = cells[col.name].row_text()
            for label in frame.index[error]:
                batch.issue("cell-formula", label, col.name, **_formula_detail(text[label].strip()))
            frame["_ok"] &= ~error
    batch.formula_labels = set(found["label"])


def _formula_detail(detail: str) -> dict[str, str]:
    if detail:
        return {"detail": f"công thức cho kết quả lỗi {detail}", "detail_en": f"the formula's result is the error {detail}"}
    return {"detail": "ô chứa công thức nhưng không có giá trị đã tính (tệp lưu khi chưa tính lại công thức)",
            "detail_en": "the cell holds a formula with no computed value (the file was saved without recalculation)"}


def check_required(batch: Batch, frame: pd.DataFrame, cells: dict[str, C.Cells]) -> None:
    """Blank required cells (``required``, or ``required_at`` the row's level)."""
    form = batch.form
    for col in form.columns:
        if col.name == form.unit_column and form.unit_alternative:
            continue
        needed = pd.Series(col.required, index=frame.index)
        if col.required_at:
            needed |= frame["_level"].isin(col.required_at).fillna(False).astype(bool)
        missing = needed & ~cells[col.name].filled() & frame[col.name].isna()
        if batch.formula_labels:
            # a formula without a value was reported as cell-formula, not as blank
            missing &= ~frame.index.isin(list(batch.formula_labels))
        present = batch.present(col.name)[frame.index]
        for label in frame.index[(missing & present).to_numpy()]:
            batch.issue("cell-missing", label, col.name, label=col.label)
        # a column absent from a sheet: one column-missing for the sheet (required ones were
        # reported with the header; required_at ones only when rows of those levels came)
        if col.required_at and not col.required:
            for sid in frame.loc[(missing & ~present).to_numpy(), "_sid"].unique():
                info = batch.sheets[int(sid)]
                batch.issue_at("column-missing", int(sid), info.header_row, col.name, label=col.label,
                               column=col.name, form=f"Biểu {form.number}")
        frame["_ok"] &= ~missing


def check_totals(batch: Batch, kind: pd.Series, frame: pd.DataFrame) -> None:
    """A sheet's own single total row must equal the sum of its detail rows."""
    raw = batch.raw
    is_total = (kind == "total").to_numpy()
    if not is_total.any():
        return
    total_rows = raw[is_total]
    per_sheet = total_rows.groupby("_sid").size()
    numeric = [c for c in batch.form.columns if c.type in ("integer", "number")]
    # blank cells add nothing: a total of 0 over a "not applicable" column is right
    sums = frame.groupby("_sid")[[c.name for c in numeric]].sum() if len(frame) else None
    for sid in per_sheet.index[per_sheet.to_numpy() == 1]:
        label = total_rows.index[(total_rows["_sid"] == sid).to_numpy()][0]
        for col in numeric:
            if col.name not in batch.sheets[sid].positions:
                continue
            total = C.parse_number(raw.loc[[label], col.name].astype(object)).values.iloc[0]
            if pd.isna(total):
                continue
            computed = sums.at[sid, col.name] if sums is not None and sid in sums.index else np.nan
            if pd.isna(computed) or abs(total - computed) > 1e-6 * max(1.0, abs(total)):
                batch.issue("total-mismatch", label, col.name, label=col.label, total=_fmt(float(total)),
                            computed=_fmt(float(computed) if pd.notna(computed) else 0.0))
