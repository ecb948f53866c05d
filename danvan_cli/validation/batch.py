"""All rows of one form, gathered from every sheet that carries it, as one frame.

Checking a form once over all its rows (rather than sheet by sheet) keeps the work
proportional to the rows, not to the number of files: a national year has thousands
of sheets. Each row keeps its sheet id (`_sid`) and spreadsheet row (`_row`) so every
issue still names file › sheet › cell.

Blocks pasted one under another may bring their own header row, its columns in another
order or another subset (`_find_blocks`): a row inside the data that is a header of the
sheet's form (reading.header.block_header) and puts some column at another position
than the block above it (or names a column it lacks) starts a new block; the rows from
it on, until the next such row, are read with its positions, and every cell they are
reported at is named by them (`SheetInfo.positions_at`). The block header row itself
is skipped with its reason (validation.rows.classify); a block lacking a required
column has its rows rejected, the column-missing error naming the block's header row
(validation.rows.check_required). A header row repeating the block's own positions is
no new block: it is skipped as a repeated header.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from danvan_cli.issues import Code, Issue
from danvan_cli.reading.files import RawSheet
from danvan_cli.reading.header import HeaderIndex, HeaderMatch, block_header
from danvan_cli.spec.models import Form
from danvan_cli.text import column_letter
from danvan_cli.validation import cells as C

EXTRA = "_extra"  # the first filled cell of the row outside the form's columns


@dataclass(frozen=True)
class Block:
    """A block of the sheet under its own header row inside the data (module docstring)."""

    row: int  # 1-based spreadsheet row of the block's header
    header: HeaderMatch  # its columns, unknown and duplicate labels
    positions: dict[str, int]  # canonical column → position in this block
    missing: tuple[str, ...] = ()  # required columns the block's header lacks
    height: int = 1  # header rows: 2 for group labels over sub-labels


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
    blocks: list[Block] = field(default_factory=list)  # later blocks with their own header, top down

    @property
    def header_row(self) -> int:
        return self.header.header_rows[-1] + 1

    def block_at(self, row: int | None) -> int:
        """0 for rows under the sheet's header, k for rows under ``blocks[k - 1]``."""
        found = 0
        if row is not None:
            for k, block in enumerate(self.blocks, 1):
                if block.row > row:
                    break
                found = k
        return found

    def positions_at(self, row: int | None) -> dict[str, int]:
        """Where each column stands in the spreadsheet row ``row`` (1-based)."""
        k = self.block_at(row) if self.blocks else 0
        return self.blocks[k - 1].positions if k else self.positions

    def header_row_at(self, row: int | None) -> int:
        """The header row (1-based) of the block holding spreadsheet row ``row``."""
        k = self.block_at(row) if self.blocks else 0
        return self.blocks[k - 1].row if k else self.header_row


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

    def issue_at(self, kind: Code, sid: int, row: int | None, column: str | None = None, /, **params: Any) -> None:
        info = self.sheets[sid]
        pos = info.positions_at(row).get(column) if column else None
        cell = f"{column_letter(pos)}{row}" if (pos is not None and row) else None
        self.issues.append(Issue(kind, info.file, info.sheet, row, column, cell, params))

    def issue(self, kind: Code, index: Any, column: str | None = None, /, **params: Any) -> None:
        """An issue about the batch row with this index label."""
        self.issue_at(kind, *self.place(index), column, **params)

    def place(self, index: Any) -> tuple[int, int]:
        """(sheet id, spreadsheet row) of the batch row with this index label."""
        return _int(self.raw.at[index, "_sid"]), _int(self.raw.at[index, "_row"])

    def present(self, column: str) -> pd.Series:
        """Rows whose sheet (the block of the sheet they stand in) has this column."""
        having = {sid for sid, s in self.sheets.items() if column in s.positions}
        result = self.raw["_sid"].isin(having)
        for sid, s in self.sheets.items():
            if s.blocks:
                mine = (self.raw["_sid"] == sid).to_numpy()
                blk = self.raw["_blk"].to_numpy()
                for k, block in enumerate(s.blocks, 1):
                    result[mine & (blk == k)] = column in block.positions
        return result


def _int(value: Any) -> int:
    """A cell of the batch's own integer columns (pandas types it as any scalar)."""
    return int(value)


def _blank(values: np.ndarray) -> np.ndarray:
    return np.asarray(pd.isna(values) | (values == ""), dtype=bool)


def _cell_kinds(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per cell: is it text not starting with a digit; is it a number (or digit-led text, a
    boolean, a date). Every distinct value is looked at once."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    text = np.zeros(len(uniques) + 1, dtype=bool)  # the last slot: blank (code -1)
    number = np.zeros(len(uniques) + 1, dtype=bool)
    for u, value in enumerate(uniques):
        if isinstance(value, str):
            first = value.lstrip()[:1]
            if first.isdigit():
                number[u] = True
            elif first:
                text[u] = True
        elif value is not None:
            number[u] = True
    return text[codes], number[codes]


def _naming(values: np.ndarray, keys: dict[str, str]) -> np.ndarray:
    """Per cell: does its text name a column of the form (each distinct text looked at once)."""
    from danvan_cli.text import header_keys

    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    names = np.array([isinstance(v, str) and any(k in keys for k in header_keys(v)) for v in uniques] + [False],
                     dtype=bool)
    return names[codes]


def _find_blocks(info: SheetInfo, grid: list[np.ndarray], rows: np.ndarray, index: HeaderIndex) -> list[Block]:
    """Header rows inside the data that start a block with other positions (module docstring).
    Only rows holding no number, at least two text cells and at least two cells that name a
    column are looked at one by one (few: headings, titles, notes). ``index``: the form's own."""
    n = len(rows)
    # rows holding no number: a data row holds one in its first columns (the code, the
    # numbering), so each column is looked at only in the rows still without a number
    without = np.arange(n)
    for values in grid:
        if not len(without):
            return []
        _, number = _cell_kinds(values[without])
        without = without[~number]
    texts = np.zeros(len(without), dtype=np.int32)
    for values in grid:
        texts += _cell_kinds(values[without])[0]
    # a header row names two columns, or a group row names one over sub-labels ("Tổng số")
    candidates = without[texts >= 1]
    if not len(candidates):
        return []
    keys = index.forms[info.form.id]
    naming = np.zeros(len(candidates), dtype=np.int32)
    for values in grid:
        naming += _naming(values[candidates], keys)
    textual = np.zeros(n, dtype=bool)
    textual[candidates] = True
    blocks: list[Block] = []
    current = info.positions
    skip_to = -1
    for i, named in zip(candidates, naming, strict=True):
        if i <= skip_to or not named or (named < 2 and not (i + 1 < n and textual[i + 1])):
            continue
        below = [values[i + 1] for values in grid] if i + 1 < n and textual[i + 1] else None
        found = block_header(info.form, [values[i] for values in grid], below, index)
        if found is None:
            continue
        match, height = found
        positions = {name: pos for pos, name in match.columns.items()}
        skip_to = int(i) + height - 1
        if all(current.get(name) == pos for name, pos in positions.items()):
            continue  # the block's own header again (a page break): a repeated header row
        blocks.append(Block(int(rows[i]), match, positions, _missing_required(info.form, set(positions)), height))
        current = positions
    return blocks


def _missing_required(form: Form, present: set[str]) -> tuple[str, ...]:
    """Required columns a header lacks (as validation.submission judges a sheet's header)."""
    missing = []
    for col in form.columns:
        if col.name in present or not col.required:
            continue
        if col.name == form.unit_column:
            alt = form.unit_alternative
            if alt is not None and alt.parent in present and alt.name in present:
                continue
            if alt is None and form.name_column in present:
                continue  # units named without codes
        missing.append(col.name)
    return tuple(missing)


def _sheet_columns(info: SheetInfo, raw: RawSheet, index: HeaderIndex) -> dict[str, np.ndarray] | None:
    """The sheet's data rows under canonical names, plus _extra, _sid, _row and _blk (the
    block each row stands in, 0 under the sheet's header)."""
    grid, rows = raw.body(info.header.data_start)
    if not len(rows):
        return None
    n = len(rows)
    info.blocks = _find_blocks(info, grid, rows, index)
    maps = [info.positions] + [b.positions for b in info.blocks]
    bounds = [0] + [int(np.searchsorted(rows, b.row)) for b in info.blocks] + [n]
    columns: dict[str, np.ndarray] = {}
    extra = np.full(n, None, dtype=object)
    blk = np.zeros(n, dtype="int64")
    for k, positions in enumerate(maps):
        lo, hi = bounds[k], bounds[k + 1]
        whole = len(maps) == 1
        for name, pos in positions.items():
            if whole:
                columns[name] = grid[pos] if pos < len(grid) else np.full(n, "", dtype=object)
                continue
            column = columns.setdefault(name, np.full(n, "", dtype=object))
            if pos < len(grid):
                column[lo:hi] = grid[pos][lo:hi]
        mapped = set(positions.values())
        for pos, values in enumerate(grid):
            if pos not in mapped:
                part = extra[lo:hi]
                take = _blank(part) & ~_blank(values[lo:hi])
                part[take] = values[lo:hi][take]
        blk[lo:hi] = k
    columns[EXTRA] = extra
    columns["_sid"] = np.full(n, info.sid)
    columns["_row"] = rows
    columns["_blk"] = blk
    return columns


def gather(form: Form, sheets: list[tuple[SheetInfo, RawSheet]], index: HeaderIndex | None = None) -> Batch:
    """Stack the data rows of every sheet of a form under canonical column names. ``index``:
    the form's own header index (`HeaderIndex.alone`), made here when not given."""
    names = [c.name for c in form.columns] + [EXTRA]
    index = index if index is not None else HeaderIndex({form.id: form})
    parts = []
    for info, raw in sheets:
        part = _sheet_columns(info, raw, index)
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
    for meta in ("_sid", "_row", "_blk"):
        data[meta] = np.concatenate([p[meta] for p in parts]).astype("int64") if parts else np.zeros(0, "int64")
    # the cells stay plain objects: pandas 3 would infer its string dtype (Arrow-backed with
    # pyarrow installed), which every check then converts back, at a cost per cell
    labels = pd.RangeIndex(size)
    cells = pd.DataFrame({name: pd.Series(values, index=labels, dtype=values.dtype, copy=False)
                          for name, values in data.items()}, copy=False)
    batch = Batch(form, {info.sid: info for info, _ in sheets}, cells)
    batch.formula_cells = _marked_cells(batch, "formulas")
    batch.percent_cells = _marked_cells(batch, "percent")
    return batch


def _marked_cells(batch: Batch, marks: str) -> pd.DataFrame:
    """Cells of the form's columns that the file marked (formulas without a value, percentages)."""
    records = []
    for sid, info in batch.sheets.items():
        maps = [info.positions] + [b.positions for b in info.blocks]
        by_block = [{pos: name for name, pos in m.items()} for m in maps]
        cells = getattr(info, marks)
        items = cells.items() if isinstance(cells, dict) else ((cell, "") for cell in cells)
        for (row0, col0), detail in items:
            names = by_block[info.block_at(row0 + 1)] if info.blocks else by_block[0]
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
