"""The floor: the bare cost of reading a year's files, nothing else.

    python bench/floor.py csv  /tmp/danvan-bench/csv/2023
    python bench/floor.py csv  /tmp/danvan-bench/csv/2022 /tmp/danvan-bench/csv/2023
    python bench/floor.py xlsx /tmp/danvan-bench/xlsx/2023

csv:  ``pandas.read_csv(path, dtype=str)`` over every .csv file of the folder(s).
xlsx: ``CalamineWorkbook.from_path(path).get_sheet_by_name(name).to_python()`` over every
      sheet of every .xlsx file of the folder(s).
Several folders: ``danvan score DIR/2023`` also reads the sibling year 2022 (plausibility
checks since issue 14), so its floor is the parse of both years, in one process.

Prints one JSON object: the in-process parse time (after imports) and what was read.
`run.py` also times the whole process (interpreter start + imports + parse).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def floor_csv(folders: list[Path]) -> dict:
    import pandas as pd

    t0 = time.perf_counter()
    rows = cells = files = 0
    for path in (p for folder in folders for p in sorted(folder.glob("*.csv"))):
        df = pd.read_csv(path, dtype=str)
        rows += len(df)
        cells += df.size
        files += 1
    return {"parse_seconds": time.perf_counter() - t0, "files": files, "rows": rows, "cells": cells}


def floor_xlsx(folders: list[Path]) -> dict:
    from python_calamine import CalamineWorkbook

    t0 = time.perf_counter()
    rows = cells = files = sheets = 0
    for path in (p for folder in folders for p in sorted(folder.glob("*.xlsx"))):
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            data = wb.get_sheet_by_name(name).to_python()
            rows += len(data)
            cells += sum(len(r) for r in data)
            sheets += 1
        files += 1
    return {"parse_seconds": time.perf_counter() - t0, "files": files, "sheets": sheets, "rows": rows, "cells": cells}


if __name__ == "__main__":
    kind, folders = sys.argv[1], [Path(a) for a in sys.argv[2:]]
    print(json.dumps({"csv": floor_csv, "xlsx": floor_xlsx}[kind](folders)))
