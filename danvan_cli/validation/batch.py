"""All rows of one form, gathered from every sheet that carries it, as one frame.

Checking a form once over all its rows (rather than sheet by sheet) keeps the work
proportional to the rows, not to the number of files: a national year has thousands
of sheets. Each row keeps its sheet id (`_sid`) and spreadsheet row (`_row`) so every
issue still names file › sheet › cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from danvan_cli.issues import Issue
from danvan_cli.reading.files import RawSheet
from danvan_cli.reading.header import HeaderMatch
from danvan_cli.spec.models import Form
from danvan_cli.text import column_letter
from danvan_cli.validation import cells as C

EXTRA = "_extra"  # the first filled cell of the row outside the form's columns


@dataclass
class SheetInfo:
    """One recognised sheet and where its columns are."""

    sid: int
    file: str
    sheet: str | None
    form: Form
    header: HeaderMatch
    positions: dict[str, int]
    rows_read: int = 0
    missing_required: bool = False  # a required column is absent: every row is rejected
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # from RawSheet
    percent: set[tuple[int, int]] = field(default_factory=set)  # from RawSheet

    @property
    def header_row(self) -> int:
        return self.header.header_rows[-1] + 1


@dataclass
class Batch:
    """The rows of one form from all its sheets, and the issues found in them."""

    form: Form
    sheets: dict[int, SheetInfo]
    raw: pd.DataFrame  # object cells per canonical column present anywhere, + _extra, _sid, _row
    issues: list[Issue] = field(default_factory=list)
    formula_cells: pd.DataFrame = field(default_factory=pd.DataFrame)  # index label, column, detail
    formula_labels: set[Any] = field(default_factory=set)
    percent_cells: pd.DataFrame = field(default_factory=pd.DataFrame)  # index label, column

    def issue_at(self, kind: str, sid: int, row: int | None, column: str | None = None, /, **params: Any) -> None:
        info = self.sheets[sid]
        pos = info.positions.get(column) if column else None
        cell = f"{column_letter(pos)}{row}" if (pos is not None and row) else None
        self.issues.append(Issue(kind, info.file, info.sheet, row, column, cell, params))

    def issue(self, kind: str, index: Any, column: str | None = None, /, **params: Any) -> None:
        """An issue about the batch row with this index label."""
        self.issue_at(kind, int(self.raw.at[index, "_sid"]), int(self.raw.at[index, "_row"]), column, **params)

    def present(self, column: str) -> pd.Series:
        """Rows whose sheet has this column."""
        having = {sid for sid, s in self.sheets.items() if column in s.positions}
        return self.raw["_sid"].isin(having)


def _blank(values: np.ndarray) -> np.ndarray:
    return pd.isna(values) | (values == "")


def _sheet_columns(info: SheetInfo, raw: RawSheet) -> dict[str, np.ndarray] | None:
    """The sheet's data rows under canonical names, plus _extra, _sid and _row."""
    grid, rows = raw.body(info.header.data_start)
    if not len(rows):
        return None
    columns: dict[str, np.ndarray] = {
        name: grid[pos] if pos < len(grid) else np.full(len(rows), "", dtype=object)
        for name, pos in info.positions.items()
    }
    mapped = set(info.positions.values())
    extra = np.full(len(rows), None, dtype=object)
    for pos, values in enumerate(grid):
        if pos not in mapped:
            take = _blank(extra) & ~_blank(values)
            extra[take] = values[take]
    columns[EXTRA] = extra
    columns["_sid"] = np.full(len(rows), info.sid)
    columns["_row"] = rows
    return columns


def gather(form: Form, sheets: list[tuple[SheetInfo, RawSheet]]) -> Batch:
    """Stack the data rows of every sheet of a form under canonical column names."""
    names = [c.name for c in form.columns] + [EXTRA]
    parts = []
    for info, raw in sheets:
        part = _sheet_columns(info, raw)
        info.rows_read = 0 if part is None else len(part["_row"])
        if part is not None:
            parts.append(part)
    size = sum(len(p["_row"]) for p in parts)
    data: dict[str, np.ndarray] = {}
    for name in names:
        pieces = [p.get(name, np.full(len(p["_row"]), "", dtype=object)) for p in parts]
        column = np.concatenate(pieces).astype(object) if pieces else np.zeros(0, dtype=object)
        column[pd.isna(column)] = ""
        data[name] = column
    for meta in ("_sid", "_row"):
        data[meta] = np.concatenate([p[meta] for p in parts]).astype("int64") if parts else np.zeros(0, "int64")
    batch = Batch(form, {info.sid: info for info, _ in sheets}, pd.DataFrame(data, index=pd.RangeIndex(size)))
    batch.formula_cells = _marked_cells(batch, "formulas")
    batch.percent_cells = _marked_cells(batch, "percent")
    return batch


def _marked_cells(batch: Batch, marks: str) -> pd.DataFrame:
    """Cells of the form's columns that the file marked (formulas without a value, percentages)."""
    records = []
    for sid, info in batch.sheets.items():
        names = {pos: name for name, pos in info.positions.items()}
        cells = getattr(info, marks)
        items = cells.items() if isinstance(cells, dict) else ((cell, "") for cell in cells)
        for (row0, col0), detail in items:
            if col0 in names:
                records.append((sid, row0 + 1, names[col0], detail))
    if not records:
        return pd.DataFrame(columns=["label", "column", "detail"])
    found = pd.DataFrame(records, columns=["_sid", "_row", "column", "detail"])
    labels = batch.raw.reset_index().merge(found, on=["_sid", "_row"])
    return labels.rename(columns={"index": "label"})[["label", "column", "detail"]]


def split_cells(batch: Batch) -> dict[str, C.Cells]:
    """Text, stored numbers and stored booleans of every column, looked at once."""
    return {name: C.cells_of(batch.raw[name]) for name in [*batch.form.column_names, EXTRA]}
