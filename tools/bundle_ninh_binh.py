"""Write danvan's bundled Ninh Bình registries and crosswalk from ../shared/data.

The shared files are the researched sources (see their README: sources, what is verified);
the bundled ones are the same facts in danvan's registry format (docs/contract.md §3):
each unit file gains `vintage, valid_from, valid_to, scope`, and the crosswalk becomes one
row per step between vintages (`from_vintage, from_code, to_vintage, to_code, share`).
Run from the repository: ``python tools/bundle_ninh_binh.py``. Deterministic.
"""

from __future__ import annotations

import csv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
OUT = REPO / "danvan_cli" / "bundled"
UNIT_COLUMNS = ["code", "name", "level", "parent_code", "type", "vintage", "valid_from", "valid_to", "scope"]
CROSSWALK_COLUMNS = ["from_vintage", "from_code", "to_vintage", "to_code", "share", "from_name", "to_name"]
VINTAGES = {  # file vintage → (valid_from, valid_to)
    "2020-2024": ("", "2024-12-31"),
    "2025-01": ("2025-01-01", "2025-06-30"),
    "2025-07": ("2025-07-01", ""),
}


def read(name: str) -> list[dict[str, str]]:
    with open(SHARED / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write(name: str, columns: list[str], rows: list[dict[str, str]]) -> None:
    with open(OUT / name, "w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, columns, lineterminator="\n")
        out.writeheader()
        out.writerows(rows)


def units() -> dict[str, list[dict[str, str]]]:
    found = {}
    for vintage, (start, end) in VINTAGES.items():
        rows = read(f"ninh-binh-units-{vintage}.csv")
        for row in rows:
            # from 1/7/2025 code 37 is the merged province (old Ninh Bình, Hà Nam, Nam Định)
            wider = vintage == "2025-07" and row["level"] == "tinh"
            row.update(vintage=vintage, valid_from=start, valid_to=end, scope="wider" if wider else "")
        write(f"ninh-binh-units-{vintage}.csv", UNIT_COLUMNS, rows)
        found[vintage] = rows
    return found


def crosswalk(registries: dict[str, list[dict[str, str]]]) -> None:
    names = {v: {u["code"]: u["name"] for u in rows} for v, rows in registries.items()}
    links: dict[tuple[str, str, str, str], str] = {}
    for row in read("ninh-binh-crosswalk-2025.csv"):
        if not row["old_code"]:
            # Kim Sơn's coastal alluvial strip went into Xã Kim Đông: no unit before 1/7/2025,
            # so nothing was ever reported for it alone; Kim Đông's area is still exact
            continue
        share = "1" if row["share"] == "full" else ""  # no source gives the parts of a split
        if row["registry"] == "2020-2024":
            links[("2020-2024", row["old_code"], "2025-01", row["code_2025_01"])] = "1"
        else:
            links[("2025-01", row["old_code"], "2025-07", row["new_code"])] = share
    # districts on 1/1/2025 (NQ 1318): Ninh Bình city and Hoa Lư district became Hoa Lư city (374)
    old_districts = {u["code"] for u in registries["2020-2024"] if u["level"] == "huyen"}
    new_districts = {u["code"] for u in registries["2025-01"] if u["level"] == "huyen"}
    for code in sorted(old_districts):
        links[("2020-2024", code, "2025-01", "374" if code == "369" else code)] = "1"
    assert {to for (_, _, _, to) in links if to in new_districts} == new_districts
    # the province: the old one goes whole into the new one (which is wider: scope `wider`)
    links[("2020-2024", "37", "2025-01", "37")] = "1"
    links[("2025-01", "37", "2025-07", "37")] = "1"
    rows = [
        {"from_vintage": fv, "from_code": fc, "to_vintage": tv, "to_code": tc, "share": share,
         "from_name": names[fv][fc], "to_name": names[tv][tc]}
        for (fv, fc, tv, tc), share in sorted(links.items(), key=lambda kv: (kv[0][0], len(kv[0][1]), kv[0]))
    ]
    write("ninh-binh-crosswalk.csv", CROSSWALK_COLUMNS, rows)


if __name__ == "__main__":
    crosswalk(units())
    print(f"wrote {OUT.relative_to(REPO)}")
