"""The bundled samples (samples/ninh-binh/2021-2025) scored by danvan agree with the
independent oracle (`expected.py`) on every target and every year.

The oracle gets the rows the way the sample generator invents them (`samples/synthetic.py`,
canonical values, before they are written as workbooks and CSVs), so this also checks that
the files say what the generator meant: new columns absent before 2023, the vintaged
registry (2025 reported by the 39 units of 1/7/2025), Yên Mô's villages named by commune
and name, the first-year and previous-year rules. The 2025 variants of
`generate.write_variant` (reported by the 2025-01 units, or mixed) are checked the same way.
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


def canonical_years(variant: str = "2025-07", years=YEARS) -> dict:
    """{year: (registry rows, rows by form)} as samples/generate.py builds them; 2025 as
    `variant` reports it, the registry rows those of the vintage(s) its rows are in."""
    setting = sample_generate.setting()
    out = {}
    for year in years:
        world, units = setting.world(year, variant)
        out[year] = (units, sample_generate.canonical(world, setting.firms))
    return out


@pytest.fixture(scope="module")
def sample_rows() -> dict[int, tuple[list[dict], dict[str, list[dict]]]]:
    """{year: (registry rows, rows by form)} of the standard samples."""
    return canonical_years()


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
    is neither judged nor missing; deadline targets: the status at the deadline
    (insufficient_data if it is no_data); window
    targets: over the windows that close inside the programme; tracked: tracked."""
    met = sum(s == "met" for s in statuses.values())
    missing = sum(s == "no_data" for s in statuses.values())
    if target.tracked:
        return "tracked", met, missing
    if target.when == "deadline":  # no data at the deadline (T3.1b: no districts in
        # 2025-07): nothing to judge, the period vocabulary's insufficient_data
        status = statuses[expected.DEADLINE]
        return ("insufficient_data" if status == "no_data" else status), met, missing
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


VARIANTS = ["2025-01", "mixed"]


@pytest.fixture(scope="module")
def variant_folders(tmp_path_factory) -> dict:
    """{variant: folder} with 2024 and 2025 written by generate.write_variant."""
    out = {}
    for variant in VARIANTS:
        out[variant] = tmp_path_factory.mktemp(f"variant-{variant}")
        sample_generate.write_variant(out[variant], variant)
    return out


@pytest.mark.parametrize("variant", VARIANTS)
def test_variant_2025_matches_the_oracle(variant_folders, variant):
    """2025 reported by the 2025-01 units, or by 2025-01 communes for the territory of
    the first new units and by the new units elsewhere: same oracle, breakdown by the
    unit directly under the province of each row's own vintage."""
    process = run_score_args([str(variant_folders[variant] / "2025"), "--format", "json"])
    assert process.returncode == 0, process.stderr[-3000:]
    card = json.loads(process.stdout)
    errors = [i for i in card.get("issues", []) if i.get("severity") == "error"]
    assert not errors, errors[:5]
    rows = canonical_years(variant, [2024, 2025])
    units, rows25 = rows[2025]
    wanted = expected.expected_scorecard(rows25, units, 2025, {2024: rows[2024][1]})
    actual = {t["id"]: t for t in card["targets"]}
    problems = [p for target_id in expected.TARGET_IDS
                for p in target_mismatches(target_id, actual[target_id], wanted[target_id])]
    assert not problems, "\n".join(problems)


def test_variants_cover_the_same_territory_once(sample_rows):
    """Every variant of 2025 reports each invented village and firm exactly once, with
    the same figures, and the same religious new members (T6.1); so the additive
    targets agree across variants (the oracle, province-wide)."""
    standard = sample_rows[2025][1]
    additive = ["T5.1", "T5.3", "T6.1", "T7.1", "T7.2", "NV16", "NV17"]
    base = expected.expected_scorecard(standard, sample_rows[2025][0], 2025,
                                       {2024: sample_rows[2024][1]})

    def figures(rows, form, drop):
        """The form's rows without their unit columns, sorted."""
        return sorted(tuple(v for k, v in r.items() if k not in drop) for r in rows[form])

    setting = sample_generate.setting()
    for variant in VARIANTS:
        units, rows = canonical_years(variant, [2025])[2025]
        assert len(rows["thon"]) == len(setting.villages) == len(standard["thon"])
        dropped = {"ma_don_vi", "ma_xa", "ten_thon", "ten_don_vi"}
        assert figures(rows, "thon", dropped) == figures(standard, "thon", dropped)
        firm_unit = {"ma_don_vi", "ten_don_vi"}
        assert figures(rows, "doanh_nghiep", firm_unit) == figures(standard, "doanh_nghiep", firm_unit)
        assert sum(r["so_dang_vien_moi_co_ton_giao"] for r in rows["ket_nap_dang"]) == \
            synthetic.TON_GIAO[-1]
        card = expected.expected_scorecard(rows, units, 2025, {2024: sample_rows[2024][1]})
        for target_id in additive:
            assert card[target_id]["value"] == pytest.approx(base[target_id]["value"]), target_id


def test_sample_registry_vintages():
    """units.csv holds the three vintages; a code is unique within its vintage; the
    2025-07 villages do not reuse a 2025-01 code; 2025 has no units.csv of its own."""
    import csv

    path = SAMPLES / "ninh-binh" / "units.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["code", "name", "level", "parent_code", "type", "vintage",
                             "valid_from", "valid_to", "scope"]
    by_vintage: dict[str, list[dict]] = {}
    for row in rows:
        by_vintage.setdefault(row["vintage"], []).append(row)
    assert list(by_vintage) == ["2020-2024", "2025-01", "2025-07"]
    for vintage, units in by_vintage.items():
        codes = [u["code"] for u in units]
        assert len(codes) == len(set(codes)), vintage
        known = set(codes)
        assert all(u["parent_code"] in known for u in units if u["parent_code"]), vintage
    assert not [u for u in by_vintage["2025-01"] if u["level"] == "thon"]
    new = by_vintage["2025-07"]
    assert sum(u["level"] == "xa" for u in new) == 39
    assert [u["scope"] for u in new if u["scope"]] == ["wider"]
    assert [u["code"] for u in new if u["scope"] == "wider"] == ["37"]
    villages = {u["code"] for u in new if u["level"] == "thon"}
    assert len(villages) == 1622
    assert not villages & {u["code"] for u in by_vintage["2025-01"]}
    assert not (SAMPLES / "ninh-binh" / "2025" / "units.csv").exists()
