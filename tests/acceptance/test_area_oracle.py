"""`danvan summary samples/ninh-binh --by area --format json` agrees with an independent
computation of the comparison areas and of every target's figures in each area and year.

The areas are rebuilt here from the bundled crosswalk CSV and the samples' vintaged
registry with the csv module only: a union-find over (vintage, code) nodes of the
communes (level `xa` in `samples/ninh-binh/units.csv`, per vintage) joined by the
crosswalk's commune-to-commune rows; an area's id is its 2025-07 codes joined with "+",
sorted by (length, code). The rows are the generator's canonical rows (the fixtures of
test_samples_oracle.py); a commune's row and its villages' rows count in the commune's
area, province and district rows in none; each target's value, numerator and
denominator per area come from the oracle's own definitions (`expected.grouped`, the
scope and measure of `expected.score_target`). Nothing here imports danvan_cli: danvan
runs once, as a user runs it.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections import defaultdict

import pytest

from . import expected
from .test_samples_oracle import SAMPLES, YEARS, canonical_years
from .test_score_acceptance import REPO

DATASET = SAMPLES / "ninh-binh"
CROSSWALK = REPO / "danvan_cli" / "bundled" / "ninh-binh-crosswalk.csv"
NEW = "2025-07"
SPLIT_AREA = "14488+14533"  # Xã Gia Tân (14503) split between Xã Gia Vân and Phường Tây Hoa Lư
AREA_COUNT = 38
REL = 1e-9
ADMIN_ABOVE_COMMUNE = ("tinh", "huyen")


def read_csv(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def area_id(codes) -> str:
    return "+".join(sorted(codes, key=lambda code: (len(code), code)))


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def registry() -> dict[str, list[dict]]:
    """units.csv's rows by vintage."""
    out: dict[str, list[dict]] = defaultdict(list)
    for row in read_csv(DATASET / "units.csv"):
        out[row["vintage"]].append(row)
    return dict(out)


@pytest.fixture(scope="module")
def areas(registry) -> dict[str, set[tuple[str, str]]]:
    """{area id: its (vintage, code) commune nodes}: connected groups of the crosswalk."""
    communes = {(vintage, u["code"]) for vintage, units in registry.items()
                for u in units if u["level"] == "xa"}
    parent = {node: node for node in communes}

    def find(node):
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    links = 0
    for row in read_csv(CROSSWALK):
        a, b = (row["from_vintage"], row["from_code"]), (row["to_vintage"], row["to_code"])
        # a row links two communes, or two units above the commune level (province, districts)
        assert (a in communes) == (b in communes), row
        if a in communes:
            parent[find(a)] = find(b)
            links += 1
    assert links > 0
    components: dict[tuple, set] = defaultdict(set)
    for node in communes:
        components[find(node)].add(node)
    out = {}
    for nodes in components.values():
        new_codes = [code for vintage, code in nodes if vintage == NEW]
        assert new_codes, f"communes without a 2025-07 successor: {sorted(nodes)}"
        out[area_id(new_codes)] = nodes
    return out


@pytest.fixture(scope="module")
def summary() -> dict:
    """The one danvan run: `summary samples/ninh-binh --by area --format json`."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUTF8": "1"}
    process = subprocess.run(
        [sys.executable, "-m", "danvan_cli", "summary", str(DATASET), "--by", "area",
         "--format", "json"],
        capture_output=True, text=True, encoding="utf-8", cwd=REPO, env=env, timeout=600)
    assert process.returncode == 0, process.stderr[-3000:]
    return json.loads(process.stdout)


@pytest.fixture(scope="module")
def sample_rows() -> dict[int, tuple[list[dict], dict[str, list[dict]]]]:
    """{year: (registry rows, rows by form)} of the standard samples."""
    return canonical_years()


@pytest.fixture(scope="module")
def year_vintage(registry, sample_rows) -> dict[int, str]:
    """The units.csv vintage whose units are exactly those the generator placed the
    year's rows with (2020-2024 until 2024, 2025-07 in 2025)."""
    def key(units):
        return {(u["code"], u["name"], u["level"], u["parent_code"] or "") for u in units}

    by_vintage = {vintage: key(units) for vintage, units in registry.items()}
    out = {}
    for year, (units, _) in sample_rows.items():
        matches = [vintage for vintage, k in by_vintage.items() if k == key(units)]
        assert len(matches) == 1, (year, matches)
        out[year] = matches[0]
    assert out == {**{y: "2020-2024" for y in YEARS if y < 2025}, 2025: NEW}
    return out


@pytest.fixture(scope="module")
def area_of(areas, sample_rows, year_vintage):
    """group_of(row, year) for expected.grouped: the area of the row's commune (the row's
    unit or, for a village, its commune); None for province and district rows."""
    node_area = {node: aid for aid, nodes in areas.items() for node in nodes}
    units = {year: expected.Units(sample_rows[year][0]) for year in sample_rows}

    def group_of(row: dict, year: int) -> str | None:
        unit = units[year].by_code[str(row["ma_don_vi"])]
        while unit["level"] not in ("xa", *ADMIN_ABOVE_COMMUNE):  # a village: its commune
            unit = units[year].by_code[unit["parent_code"]]
        if unit["level"] != "xa":
            return None
        return node_area[(year_vintage[year], unit["code"])]

    return group_of


@pytest.fixture(scope="module")
def oracle(sample_rows, area_of) -> dict[tuple[str, str, str], tuple]:
    """{(target, area, year): (value, numerator, denominator)} by the oracle."""
    rows_by_year = {year: sample_rows[year][1] for year in YEARS}
    out = {}
    for year in YEARS:
        units = expected.Units(sample_rows[year][0])
        earlier = {y: rows for y, rows in rows_by_year.items() if y <= year}
        for target in expected.TARGETS:
            for aid, figures in expected.grouped(target, earlier, units, year, area_of).items():
                out[(target.id, aid, str(year))] = figures
    return out


# --------------------------------------------------------------------------- areas

def test_38_areas_with_the_crosswalk_ids(areas, summary):
    assert len(areas) == AREA_COUNT
    assert SPLIT_AREA in areas
    assert sorted(a for a in areas if "+" in a) == [SPLIT_AREA]
    listed = summary["areas"]
    ids = [a["id"] for a in listed]
    assert len(ids) == len(set(ids)) == AREA_COUNT
    assert set(ids) == set(areas)
    for area in listed:
        members = {(m["vintage"], m["code"]) for m in area["members"]}
        assert len(members) == len(area["members"]), area["id"]
        assert members == areas[area["id"]], area["id"]


def test_area_names_are_the_new_units_names(registry, summary):
    names = {u["code"]: u["name"] for u in registry[NEW] if u["level"] == "xa"}
    for area in summary["areas"]:
        assert area["name"] == " + ".join(names[c] for c in area["id"].split("+")), area["id"]


def test_every_new_unit_is_in_exactly_one_area(registry, summary):
    """Each 2025-07 commune or ward, and each commune of every vintage, in one area."""
    count: dict[tuple[str, str], int] = defaultdict(int)
    for area in summary["areas"]:
        for m in area["members"]:
            count[(m["vintage"], m["code"])] += 1
    new_units = [u["code"] for u in registry[NEW] if u["level"] == "xa"]
    assert len(new_units) == 39
    assert {code: count[(NEW, code)] for code in new_units} == dict.fromkeys(new_units, 1)
    communes = {(v, u["code"]) for v, units in registry.items() for u in units if u["level"] == "xa"}
    assert set(count) == communes
    assert set(count.values()) == {1}


def test_split_commune_joins_its_two_successors(areas):
    assert ("2025-01", "14503") in areas[SPLIT_AREA]
    assert ("2020-2024", "14503") in areas[SPLIT_AREA]
    assert {c for v, c in areas[SPLIT_AREA] if v == NEW} == {"14488", "14533"}


# --------------------------------------------------------------------------- figures

def close(actual, wanted) -> bool:
    if actual is None or wanted is None:
        return actual is None and wanted is None
    return actual == pytest.approx(wanted, rel=REL, abs=0)


def test_every_target_area_and_year_matches_the_oracle(summary, oracle):
    targets = {t["id"]: t for t in summary["targets"]}
    assert set(targets) == set(expected.TARGET_IDS)
    missing_key = [tid for tid, t in targets.items() if "areas" not in t]
    assert not missing_key, f"targets without `areas`: {missing_key}"
    actual = {(tid, aid, year): entry
              for tid, t in targets.items()
              for aid, years in (t["areas"] or {}).items()
              for year, entry in years.items()}
    extra = sorted(set(actual) - set(oracle))
    absent = sorted(set(oracle) - set(actual))
    assert not extra and not absent, f"entries danvan has and the oracle not: {extra[:20]}; " \
                                     f"the oracle has and danvan not: {absent[:20]}"
    problems = []
    for key, (value, numerator, denominator) in sorted(oracle.items()):
        got = actual[key]
        if not close(got.get("value"), value):
            problems.append(f"{key} value: got {got.get('value')!r}, expected {value!r}")
        if got.get("numerator") != numerator or got.get("denominator") != denominator:
            problems.append(f"{key} numerator/denominator: got {got.get('numerator')!r}/"
                            f"{got.get('denominator')!r}, expected {numerator!r}/{denominator!r}")
    assert not problems, f"{len(problems)} of {len(oracle)} entries differ:\n" + "\n".join(problems[:50])


def test_oracle_covers_the_commune_level_targets(oracle):
    """The comparison is not vacuous: every target with commune or village rows has
    entries in all 38 areas in some year; the province-only ones have none."""
    by_target: dict[str, set[str]] = defaultdict(set)
    for target_id, aid, _ in oracle:
        by_target[target_id].add(aid)
    for target_id in ("T1.1", "T1.2", "T2.1", "T3.1c", "T4.2", "T7.1", "T7.2", "NV15", "NV17"):
        assert len(by_target[target_id]) == AREA_COUNT, target_id
    for target_id in ("T3.1a", "T3.1b", "T3.2", "T4.1", "NV6", "NV7", "NV8", "NV10"):
        assert not by_target[target_id], target_id


def test_t11_area_numerators_add_up_to_the_province(summary, sample_rows):
    """Σ over the areas of T1.1's numerator = the province-wide numerator (oracle) minus
    the guong_mau members of the province's and the districts' own committees."""
    t11 = next(t for t in summary["targets"] if t["id"] == "T1.1")
    target = next(t for t in expected.TARGETS if t.id == "T1.1")
    for year in YEARS:
        units_rows, rows = sample_rows[year]
        units = expected.Units(units_rows)
        earlier = {y: sample_rows[y][1] for y in YEARS if y < year}
        province = expected.expected_scorecard(rows, units_rows, year, earlier)["T1.1"]
        assert t11["years"][str(year)]["value"] == pytest.approx(province["value"], rel=REL)
        above = sum(r[target.measure.part] for r in rows["cap_uy"]
                    if units.level(r["ma_don_vi"]) in ADMIN_ABOVE_COMMUNE)
        areas_sum = sum(years[str(year)]["numerator"] for years in t11["areas"].values()
                        if str(year) in years)
        assert areas_sum == province["numerator"] - above, year
        assert len([a for a in t11["areas"].values() if str(year) in a]) == AREA_COUNT
