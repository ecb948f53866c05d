"""Plant errors into a copy of a multi-year dataset, the way people make them: a figure typed ×10
or ×100, a zero where last year had hundreds, a row's figures copied from another unit's row.

The cells are edited in the files themselves (openpyxl for workbooks, the csv module for CSV), so
danvan reads them as it reads what an office sends. Where each figure stands (file, sheet, cell)
is found by danvan's reading of the clean copy, which the plausibility checks do not take part in.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd

from danvan_cli import api
from danvan_cli.spec import Spec
from danvan_cli.validation.plausibility import numeric_columns
from danvan_cli.validation.submission import Submission


@dataclass(frozen=True)
class Plant:
    year: int
    form: str
    file: str
    sheet: str
    cell: str  # 'D14'
    column: str
    unit: str  # the row's unit key
    before: float
    after: float
    kind: str  # "x10", "x100", "zero", "copied"


def read_years(root: Path, spec: Spec) -> dict[int, Submission]:
    """Every year folder of ``root`` read as `danvan validate` reads it."""
    source = api.UnitSource(spec)
    folders = api.year_folders(root)
    source.combine(list(folders.values()))
    return {y: api.load_submission([f], spec, source.registry(f, y), y) for y, f in folders.items()}


def candidates(spec: Spec, subs: dict[int, Submission], smallest: float = 5) -> pd.DataFrame:
    """Every accepted figure of at least ``smallest`` (a ×10 typo of a 1 is 10: nobody can tell it
    from a real 10), with where it stands."""
    pieces = []
    for year, sub in subs.items():
        for fid, frame in sub.frames.items():
            form = spec.forms[fid]
            for column in numeric_columns(form):
                if column not in frame.columns or form.column(column).type == "percent":
                    continue  # a percentage ×10 is above 100: refused by validation already
                values = pd.to_numeric(frame[column], errors="coerce")
                keep = values >= smallest
                if not keep.any():
                    continue
                part = frame.loc[keep, ["_file", "_sheet", "_row", "_unit"]].copy()
                part["value"] = values[keep]
                part["year"], part["form"], part["column"] = year, fid, column
                part["cell"] = [sub.cell(f, s, int(r), column) for f, s, r in
                                zip(part["_file"], part["_sheet"], part["_row"], strict=True)]
                pieces.append(part)
    return pd.concat(pieces, ignore_index=True)


def write_cell(root: Path, year: int, file: str, sheet: str, cell: str, value: float) -> None:
    """Set one cell of a year's file to ``value`` (an integer when it is whole)."""
    path = root / str(year) / file
    number: float | int = int(value) if float(value).is_integer() else value
    if path.suffix.lower() == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        rows = list(csv.reader(text.splitlines()))
        col = openpyxl.utils.cell.column_index_from_string("".join(c for c in cell if c.isalpha())) - 1
        row = int("".join(c for c in cell if c.isdigit())) - 1
        rows[row][col] = str(number)
        with path.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out, lineterminator="\n").writerows(rows)
        return
    book = openpyxl.load_workbook(path)
    book[sheet][cell] = number
    book.save(path)


def plant(root: Path, spec: Spec, clean: dict[int, Submission], n: int, seed: int) -> list[Plant]:
    """``n`` errors at random cells of different units, a mix of the four kinds, into ``root``."""
    rng = random.Random(seed)
    pool = candidates(spec, clean)
    chosen: list[Plant] = []
    used: set[tuple[int, str, str]] = set()
    kinds = ["x10", "x100", "zero", "copied"]
    while len(chosen) < n:
        kind = kinds[len(chosen) % len(kinds)]
        pick = pool.iloc[rng.randrange(len(pool))]
        year, fid, unit = int(pick["year"]), str(pick["form"]), str(pick["_unit"])
        if (year, fid, unit) in used or pick["cell"] is None:
            continue
        before = float(pick["value"])
        if kind == "zero":
            if year - 1 not in clean or before < 100:
                continue
            after = 0.0
        elif kind == "copied":
            # the figure of another unit of the same form and column, typed into this row, where
            # they are far apart: a figure copied from a commune of the same size is no error to see
            same = pool[(pool["year"] == year) & (pool["form"] == fid) & (pool["column"] == pick["column"])
                        & (pool["_unit"] != unit)]
            far = same[(same["value"] >= 5 * before) | (same["value"] * 5 <= before)]
            if far.empty:
                continue
            after = float(far.iloc[rng.randrange(len(far))]["value"])
        else:
            after = before * (10 if kind == "x10" else 100)
        used.add((year, fid, unit))
        chosen.append(Plant(year, fid, str(pick["_file"]), str(pick["_sheet"]), str(pick["cell"]),
                            str(pick["column"]), unit, before, after, kind))
    for p in chosen:
        write_cell(root, p.year, p.file, p.sheet, p.cell, p.after)
    return chosen
