"""The bundled samples (samples/ninh-binh/2021-2025) scored by danvan agree with the
independent oracle (`expected.py`) on every target and every year.

The oracle gets the rows the way the sample generator invents them (`samples/synthetic.py`,
canonical values, before they are written as workbooks and CSVs), so this also checks that
the files say what the generator meant: new columns absent before 2023, the 2025 registry,
Yên Mô's villages named by commune and name, the first-year and previous-year rules.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from . import expected
from .test_score_acceptance import REPO, run_score_args, target_mismatches

SAMPLES = REPO / "samples"


def _load(name: str):
    """samples/<name>.py under a name of its own: bench/ and tests/acceptance/ have a `generate` too,
    and a module cached as plain `generate` would be the wrong one for them."""
    spec = importlib.util.spec_from_file_location(f"samples_{name}", SAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


sys.path.insert(0, str(SAMPLES))  # samples/generate.py imports its sibling `synthetic`
try:
    synthetic = _load("synthetic")
    sys.modules.setdefault("synthetic", synthetic)
    sample_generate = _load("generate")
finally:
    sys.path.remove(str(SAMPLES))

YEARS = list(synthetic.YEARS)


@pytest.fixture(scope="module")
def sample_rows() -> dict[int, tuple[list[dict], dict[str, list[dict]]]]:
    """{year: (registry rows, rows by form)} as samples/generate.py builds them."""
    old = sample_generate.load_registry("ninh-binh-units-2020-2024.csv")
    new = sample_generate.load_registry("ninh-binh-units-2025-01.csv")
    villages = sample_generate.make_villages(old)
    villages25 = sample_generate.villages_2025(villages, old, new)
    firms = synthetic.make_firms(old)
    out = {}
    for year in YEARS:
        units, vills = (new, villages25) if year >= 2025 else (old, villages)
        world = synthetic.World(year, units, vills)
        rows = {name: build(world) for name, build in synthetic.BUILDERS.items()}
        rows["doanh_nghiep"] = synthetic.doanh_nghiep(world, firms)
        out[year] = (units + vills, rows)
    return out


@pytest.mark.parametrize("year", YEARS)
def test_sample_year_matches_the_oracle(sample_rows, year):
    folder = SAMPLES / "ninh-binh" / str(year)
    process = run_score_args([str(folder), "--format", "json"])
    assert process.returncode == 0, process.stderr[-3000:]
    card = json.loads(process.stdout)
    assert not [i for i in card.get("issues", []) if i.get("severity") == "error"]
    units, rows = sample_rows[year]
    earlier = {y: sample_rows[y][1] for y in YEARS if y < year}
    wanted = expected.expected_scorecard(rows, units, year, earlier)
    actual = {t["id"]: t for t in card["targets"]}
    assert set(actual) == set(expected.TARGET_IDS)
    problems = [p for target_id in expected.TARGET_IDS
                for p in target_mismatches(target_id, actual[target_id], wanted[target_id])]
    assert not problems, "\n".join(problems)


def test_new_columns_are_absent_before_2023():
    for year in (2021, 2022):
        folder = SAMPLES / "ninh-binh" / str(year)
        header = (folder / "tinh_cap_uy.csv").read_text(encoding="utf-8").splitlines()[0]
        assert "co_chi_dao_thang_cao_diem_dan_van" not in header
        header = (folder / "tinh_hoat_dong.csv").read_text(encoding="utf-8").splitlines()[0]
        assert "so_thang_co_chuyen_muc_dan_van" not in header
        header = (folder / "doanh_nghiep.csv").read_text(encoding="utf-8").splitlines()[0]
        assert "so_doan_vien_cong_doan" not in header
    header = (SAMPLES / "ninh-binh" / "2023" / "doanh_nghiep.csv").read_text(
        encoding="utf-8").splitlines()[0]
    assert header.endswith("so_doan_vien_cong_doan")
    for year in YEARS:
        assert (SAMPLES / "ninh-binh" / str(year) / "tinh_chi_so.csv").exists()


def period_verdict(target: expected.Target, statuses: dict[int, str]) -> tuple[str, int, int]:
    """Issue 10's period verdict over 2021-2025 from the yearly statuses, with the years
    met and the years missing: annual targets met in every year with data and none
    missing, partly (some), not met (none); a year of `improves` without the year before
    is neither judged nor missing; deadline targets: the status at the deadline; window
    targets: over the windows that close inside the programme; tracked: tracked."""
    met = sum(s == "met" for s in statuses.values())
    missing = sum(s == "no_data" for s in statuses.values())
    if target.tracked:
        return "tracked", met, missing
    if target.when == "deadline":
        return statuses[expected.DEADLINE], met, missing
    if target.when == "window":
        judged = [statuses[y] for y in YEARS if y == expected.window_of(y)[-1]]
    else:
        judged = [s for s in statuses.values() if s in ("met", "not_met")]
    if not judged:
        return "insufficient_data", met, missing
    if all(s == "met" for s in judged) and not missing:
        return "met", met, missing
    return ("partly_met" if "met" in judged else "not_met"), met, missing


def test_sample_summary_period_verdicts_match_the_oracle(sample_rows):
    env = {"PYTHONIOENCODING": "utf-8", "PYTHONUTF8": "1"}
    process = subprocess.run(
        [sys.executable, "-m", "danvan_cli", "summary", str(SAMPLES / "ninh-binh"), "--format", "json"],
        capture_output=True, text=True, encoding="utf-8", cwd=REPO, env={**os.environ, **env},
        timeout=600)
    assert process.returncode == 0, process.stderr[-3000:]
    actual = {t["id"]: t for t in json.loads(process.stdout)["targets"]}
    statuses: dict[str, dict[int, str]] = {t: {} for t in expected.TARGET_IDS}
    for year in YEARS:
        units, rows = sample_rows[year]
        earlier = {y: sample_rows[y][1] for y in YEARS if y < year}
        for target_id, result in expected.expected_scorecard(rows, units, year, earlier).items():
            statuses[target_id][year] = result["status"]
    problems = []
    for target in expected.TARGETS:
        verdict, met, missing = period_verdict(target, statuses[target.id])
        got = actual[target.id]
        if (got["period_status"], got["years_met"], got["years_missing"]) != (verdict, met, missing):
            problems.append(f"{target.id}: got {got['period_status']} met {got['years_met']} "
                            f"missing {got['years_missing']}, expected {verdict} met {met} "
                            f"missing {missing} from {statuses[target.id]}")
    assert not problems, "\n".join(problems)
