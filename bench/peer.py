"""The peer baseline: three targets computed from a year of .xlsx workbooks the way an
analyst would script it with openpyxl + pandas, without danvan.

    python bench/peer.py /tmp/danvan-bench/xlsx/2023

Reads every workbook with ``openpyxl.load_workbook(read_only=True, data_only=True)``,
takes sheets "Biểu 01" (cấp ủy), "Biểu 03" (QCDC) and "Biểu 09" (thôn), finds the header
row by its first label, builds one DataFrame per form and computes:

- T1.1  Σ cấp ủy viên gương mẫu / Σ tổng số cấp ủy viên × 100
- T2.1  share of QCDC steering committees rated xuất sắc or tốt × 100
- T7.1  share of villages with ≥ 4 effective self-management models × 100

It prints one JSON object with the three values (and the row counts). No validation, no
completeness, no issue reporting: it is the floor of what "just compute it" costs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

SHEETS = {"Biểu 01": "cap_uy", "Biểu 03": "qcdc", "Biểu 09": "thon"}
FIRST_LABEL = {"cap_uy": "Mã đơn vị", "qcdc": "Mã đơn vị", "thon": "Mã thôn"}
GOOD = {"Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ"}


def read_sheet(ws, first_label: str) -> list[dict]:
    header, rows = None, []
    for values in ws.iter_rows(values_only=True):
        if header is None:
            if values and values[0] == first_label:
                header = [str(v) for v in values]
            continue
        if values and values[0] is not None:
            rows.append(dict(zip(header, values, strict=False)))
    return rows


def main(folder: Path) -> dict:
    collected: dict[str, list[dict]] = {form: [] for form in SHEETS.values()}
    for path in sorted(folder.glob("*.xlsx")):
        wb = load_workbook(path, read_only=True, data_only=True)
        for sheet, form in SHEETS.items():
            if sheet in wb.sheetnames:
                collected[form] += read_sheet(wb[sheet], FIRST_LABEL[form])
        wb.close()
    cap_uy = pd.DataFrame(collected["cap_uy"])
    qcdc = pd.DataFrame(collected["qcdc"])
    thon = pd.DataFrame(collected["thon"])

    total = pd.to_numeric(cap_uy["Tổng số cấp ủy viên"]).groupby(cap_uy["Mã đơn vị"]).sum()
    exemplary = pd.to_numeric(cap_uy["Số cấp ủy viên gương mẫu thực hiện quy định nêu gương"]).groupby(
        cap_uy["Mã đơn vị"]).sum()
    t11 = exemplary.sum() / total.sum() * 100

    good = qcdc["Xếp loại"].isin(GOOD).groupby(qcdc["Mã đơn vị"]).max()
    t21 = good.mean() * 100

    models = pd.to_numeric(thon["Số mô hình tự quản hoạt động hiệu quả"]).groupby(thon["Mã thôn"]).max()
    t71 = (models >= 4).mean() * 100
    return {"T1.1": float(t11), "T2.1": float(t21), "T7.1": float(t71),
            "rows": {"cap_uy": len(cap_uy), "qcdc": len(qcdc), "thon": len(thon)}}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
