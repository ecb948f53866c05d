"""The bundled samples (samples/ninh-binh/2021-2025) scored by danvan agree with the
independent oracle (`expected.py`) on every target and every year.

The oracle gets the rows the way the sample generator invents them (`samples/synthetic.py`,
canonical values, before they are written as workbooks and CSVs), so this also checks that
the files say what the generator meant: new columns absent before 2023, the 2025 registry,
Yên Mô's villages named by commune and name, the first-year and previous-year rules.
"""

from __future__ import annotations

import json
import sys

import pytest

from . import expected
from .test_score_acceptance import REPO, run_score_args, target_mismatches

SAMPLES = REPO / "samples"
sys.path.insert(0, str(SAMPLES))
import generate as sample_generate  # noqa: E402  (samples/generate.py)
import synthetic  # noqa: E402

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
