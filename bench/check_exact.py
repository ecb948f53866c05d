"""Exactness at scale: a few targets counted independently from the generator's CSV files
(plain ``csv`` module, no pandas, no danvan code) and compared with ``danvan score``.

    python bench/check_exact.py [--root /tmp/danvan-bench] [--year 2023] [--json SCORE.json]

- T7.1  share of villages (form thon) with so_mo_hinh_tu_quan_hieu_qua ≥ 4, × 100
- T1.1  Σ so_cap_uy_vien_guong_mau / Σ tong_so_cap_uy_vien (form cap_uy), × 100
- T5.3  number of enterprises (form doanh_nghiep) with nam_thanh_lap_to_chuc_doan == year

Values must agree within 1e-9 and numerators/denominators exactly. Without ``--json`` it
runs ``danvan score <root>/csv/<year> --units <root>/units.csv --format json``. Exit code 0
when everything agrees, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import DEFAULT_ROOT  # noqa: E402

TOLERANCE = 1e-9


def rows_of(folder: Path, form: str):
    for path in sorted(folder.glob(f"{form}_*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            yield from csv.DictReader(f)


def independent(folder: Path, year: int) -> dict[str, dict]:
    villages = good_villages = 0
    for r in rows_of(folder, "thon"):
        villages += 1
        good_villages += int(r["so_mo_hinh_tu_quan_hieu_qua"]) >= 4
    members = exemplary = 0
    for r in rows_of(folder, "cap_uy"):
        members += int(r["tong_so_cap_uy_vien"])
        exemplary += int(r["so_cap_uy_vien_guong_mau"])
    founded = sum(1 for r in rows_of(folder, "doanh_nghiep") if r["nam_thanh_lap_to_chuc_doan"] == str(year))
    return {
        "T7.1": {"value": good_villages / villages * 100, "numerator": good_villages, "denominator": villages},
        "T1.1": {"value": exemplary / members * 100, "numerator": exemplary, "denominator": members},
        "T5.3": {"value": founded, "numerator": None, "denominator": None},
    }


def danvan_scorecard(root: Path, year: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "score.json"
        subprocess.run(["danvan", "score", str(root / "csv" / str(year)), "--units", str(root / "units.csv"),
                        "--format", "json", "-o", str(out)], check=True)
        return json.loads(out.read_text(encoding="utf-8"))


def compare(expected: dict[str, dict], card: dict) -> list[str]:
    got = {t["id"]: t for t in card["targets"]}
    lines, bad = [], 0
    for tid, exp in expected.items():
        t = got.get(tid, {})
        ok = t.get("value") is not None and abs(t["value"] - exp["value"]) <= TOLERANCE
        for part in ("numerator", "denominator"):
            ok = ok and (exp[part] is None or t.get(part) == exp[part])
        bad += not ok
        lines.append(f"{tid}: independent {exp['value']!r} ({exp['numerator']}/{exp['denominator']}) · "
                     f"danvan {t.get('value')!r} ({t.get('numerator')}/{t.get('denominator')}) · "
                     f"{'OK' if ok else 'MISMATCH'}")
    return lines if not bad else [*lines, f"{bad} mismatch(es)"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Compare danvan's scores at scale with an independent count.")
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--year", type=int, default=2023)
    ap.add_argument("--json", type=Path, help="an existing `danvan score --format json` output for that year")
    args = ap.parse_args(argv)
    expected = independent(args.root / "csv" / str(args.year), args.year)
    card = json.loads(args.json.read_text(encoding="utf-8")) if args.json else danvan_scorecard(args.root, args.year)
    lines = compare(expected, card)
    print("\n".join(lines))
    return 1 if lines[-1].endswith("mismatch(es)") else 0


if __name__ == "__main__":
    sys.exit(main())
