"""Acceptance test of `danvan score DIR --format json` (PRODUCT.md sections 3-8).

Random but reproducible submissions (`generate.py`) are scored by the CLI, run as a
user would run it, and compared with arithmetic done independently of danvan
(`expected.py`): value, numerator, denominator, achievement, status and the
district breakdown of all 28 targets, for canonical CSV files and for Excel
workbooks shaped like real district submissions. Both shapes of the same data
must give the same scorecard.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from . import expected, generate

YEAR = 2023  # first year of an NV7/NV8 window: "not yet" is in_progress, not not_met
SEEDS = (4, 7)  # 4 -> edge-case flavour "a", 7 -> flavour "b" (see generate.py)
SHAPES = ("csv", "xlsx")
TOLERANCE = 1e-6
REPO = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- helpers

def run_score(folder: Path) -> subprocess.CompletedProcess:
    """`python -m danvan_cli score FOLDER --units FOLDER/units.csv --format json`."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUTF8": "1"}
    return subprocess.run(
        [sys.executable, "-m", "danvan_cli", "score", str(folder),
         "--units", str(folder / "units.csv"), "--format", "json"],
        capture_output=True, text=True, encoding="utf-8", cwd=REPO, env=env, timeout=600)


def same_number(actual, wanted) -> bool:
    """Equal within TOLERANCE; None only equals None."""
    if actual is None or wanted is None:
        return actual is None and wanted is None
    return abs(float(actual) - float(wanted)) <= TOLERANCE


def target_mismatches(target_id: str, actual: dict, wanted: dict) -> list[str]:
    """Readable differences between one target of the JSON and its expected values."""
    problems = [f"{target_id}.{key}: got {actual.get(key)!r}, expected {wanted[key]!r}"
                for key in ("value", "numerator", "denominator", "achievement")
                if not same_number(actual.get(key), wanted[key])]
    if actual.get("status") != wanted["status"]:
        problems.append(f"{target_id}.status: got {actual.get('status')!r}, "
                        f"expected {wanted['status']!r}")
    got = {str(entry["code"]): entry.get("value") for entry in actual.get("breakdown") or []}
    want = {entry["code"]: entry["value"] for entry in wanted["breakdown"]}
    if set(got) != set(want):
        problems.append(f"{target_id}.breakdown codes: got {sorted(got)}, expected {sorted(want)}")
    problems += [f"{target_id}.breakdown[{code}].value: got {got[code]!r}, expected {value!r}"
                 for code, value in want.items()
                 if code in got and not same_number(got[code], value)]
    return problems


def normalised_targets(scorecard: dict) -> list[dict]:
    """The targets part, sorted by id, breakdowns sorted by code (order is not contractual)."""
    targets = []
    for target in sorted(scorecard["targets"], key=lambda t: t["id"]):
        target = dict(target)
        target["breakdown"] = sorted(target.get("breakdown") or [], key=lambda e: str(e["code"]))
        targets.append(target)
    return targets


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    """Generate and score each (shape, seed) once: returns (rows, units, process, json)."""
    cache: dict[tuple[str, int], tuple] = {}

    def get(shape: str, seed: int):
        if (shape, seed) not in cache:
            folder = tmp_path_factory.mktemp(f"{shape}-{seed}") / str(YEAR)
            rows = generate.write_year(folder, YEAR, shape, seed)
            units = generate.read_units(folder / "units.csv")
            process = run_score(folder)
            assert "Traceback" not in process.stderr, process.stderr[-3000:]
            assert process.returncode == 0, (
                f"exit code {process.returncode}\nstderr:\n{process.stderr[-3000:]}")
            try:
                scorecard = json.loads(process.stdout)
            except json.JSONDecodeError as error:
                pytest.fail(f"stdout is not JSON ({error}):\n{process.stdout[:2000]}")
            cache[shape, seed] = (rows, units, process, scorecard)
        return cache[shape, seed]

    return get


# --------------------------------------------------------------------------- the contract

@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", SHAPES)
def test_scorecard_matches_independent_arithmetic(scored, shape, seed):
    rows, units, _, scorecard = scored(shape, seed)
    assert scorecard.get("schema") == "danvan.scorecard/1"
    assert scorecard.get("year") == YEAR
    errors = [i for i in scorecard.get("issues", []) if i.get("severity") == "error"]
    assert not errors, f"clean generated data reported as wrong: {errors[:5]}"
    actual = {t["id"]: t for t in scorecard.get("targets", [])}
    assert set(expected.TARGET_IDS) <= set(actual), \
        f"missing targets: {sorted(set(expected.TARGET_IDS) - set(actual))}"
    wanted = expected.expected_scorecard(rows, units, YEAR)
    problems = [p for target_id in expected.TARGET_IDS
                for p in target_mismatches(target_id, actual[target_id], wanted[target_id])]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("seed", SEEDS)
def test_csv_and_excel_shapes_give_the_same_scorecard(scored, seed):
    csv_card = scored("csv", seed)[3]
    xlsx_card = scored("xlsx", seed)[3]
    assert normalised_targets(csv_card) == normalised_targets(xlsx_card)


# --------------------------------------------------------------------------- self-checks
# These do not need danvan: they check the generator and the expected arithmetic.

@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", SHAPES)
def test_generated_files_read_back_to_the_returned_rows(tmp_path, shape, seed):
    folder = tmp_path / str(YEAR)
    rows = generate.write_year(folder, YEAR, shape, seed)
    back = generate.read_back(folder, shape)
    for form in generate.FORMS:
        columns = generate.COLUMNS[form]
        assert generate.canonical_sorted(back[form], columns) == \
            generate.canonical_sorted(rows[form], columns), form
    assert rows == generate.write_year(tmp_path / "again" / str(YEAR), YEAR, "csv", seed)


def test_xlsx_shape_looks_like_district_submissions(tmp_path):
    import openpyxl

    generate.write_year(tmp_path, YEAR, "xlsx", SEEDS[0])
    books = sorted(p.name for p in tmp_path.glob("*.xlsx"))
    assert "tinh.xlsx" in books and len(books) >= 3
    sheet = openpyxl.load_workbook(tmp_path / "tinh.xlsx")["Biểu 01"]
    assert sheet["A1"].value.startswith("BIỂU MẪU SỐ 01")
    header_row = next(r for r in range(1, 5) if sheet.cell(r, 1).value == "Mã đơn vị")
    assert header_row in (3, 4)
    assert sheet.cell(header_row + 1, 1).value == 37  # a numeric code stored as a number


@pytest.mark.parametrize("seed", SEEDS)
def test_generator_puts_in_the_promised_edge_cases(seed):
    units, rows = generate.generate(YEAR, seed)
    card = expected.expected_scorecard(rows, units, YEAR)
    status = {target_id: card[target_id]["status"] for target_id in expected.TARGET_IDS}
    assert {"met", "not_met", "in_progress", "no_data"} <= set(status.values())
    assert {r["xep_loai"] for r in rows["qcdc"]} == set(generate.RATINGS)
    assert any(r["tong_so_ho_so_cong_viec"] is None for r in rows["chuyen_doi_so"])
    assert card["T7.1"]["numerator"] < card["T7.1"]["denominator"]
    if generate.flavour_of(seed) == "a":
        assert status["T5.2"] == "no_data" and card["T5.2"]["breakdown"] == []
        assert status["NV7"] == "met" and status["NV8"] == "in_progress"
        assert card["T3.1c"]["value"] == 60 and status["T3.1c"] == "met"
        assert card["T1.1"]["value"] == 100 and status["T1.1"] == "met"
        assert card["T6.1"]["value"] == 85 and status["T6.1"] == "met"
        assert card["NV6"]["value"] == 12 and status["NV9"] == "met"
    else:
        assert status["T3.2"] == "no_data"
        assert all(entry["value"] is None for entry in card["T3.2"]["breakdown"])
        assert status["NV7"] == "in_progress" and status["NV8"] == "met"
        assert card["T5.3"]["value"] == 15 and status["T5.3"] == "met"
        assert status["T6.1"] == "not_met" and status["NV9"] == "not_met"
        assert len(card["T5.2"]["breakdown"]) >= 1


def test_expected_arithmetic_on_a_case_worked_by_hand():
    units = [
        {"code": "37", "name": "Tỉnh Ninh Bình", "level": "tinh", "parent_code": "",
         "type": "Tỉnh"},
        {"code": "369", "name": "Thành phố Ninh Bình", "level": "huyen", "parent_code": "37",
         "type": "Thành phố"},
        {"code": "14320", "name": "Phường Đông Thành", "level": "xa", "parent_code": "369",
         "type": "Phường"},
        {"code": "14320-01", "name": "Tổ dân phố số 1", "level": "thon", "parent_code": "14320",
         "type": "Tổ dân phố"},
    ]
    blank = dict.fromkeys(generate.COLUMNS["chuyen_doi_so"])
    rows = {
        "cap_uy": [
            {"ma_don_vi": "37", "tong_so_cap_uy_vien": 10, "so_cap_uy_vien_guong_mau": 9,
             "co_phan_cong_phu_trach_dan_van": True, "so_cap_uy_vien_du_hop_hang_thang": None},
            {"ma_don_vi": "369", "tong_so_cap_uy_vien": 20, "so_cap_uy_vien_guong_mau": 20,
             "co_phan_cong_phu_trach_dan_van": False, "so_cap_uy_vien_du_hop_hang_thang": 15},
            {"ma_don_vi": "14320", "tong_so_cap_uy_vien": 10, "so_cap_uy_vien_guong_mau": 10,
             "co_phan_cong_phu_trach_dan_van": True, "so_cap_uy_vien_du_hop_hang_thang": 10},
        ],
        "chuyen_doi_so": [
            blank | {"ma_don_vi": "37", "tong_so_ho_so_cong_viec": 100,
                     "so_ho_so_xu_ly_tren_mang": 90, "ty_le_giam_thoi_gian_hop": 50},
            blank | {"ma_don_vi": "369", "tong_so_ho_so_cong_viec": 50,
                     "so_ho_so_xu_ly_tren_mang": 35, "ty_le_giam_thoi_gian_hop": 30},
            blank | {"ma_don_vi": "14320"},
        ],
        "thon": [{"ma_don_vi": "14320-01", "so_mo_hinh_tu_quan_hieu_qua": 4,
                  "co_to_hoa_giai_hieu_qua": False}],
        "hoat_dong_tinh": [{"ma_don_vi": "37", "so_ky_chuyen_muc_dan_van": 12,
                            "so_hoi_nghi_bieu_duong_dan_van_kheo": 0,
                            "so_hoi_nghi_bieu_duong_nguoi_co_uy_tin": 1,
                            "co_thang_cao_diem_dan_van": True}],
    }
    card = expected.expected_scorecard(rows, units, 2023)
    # T1.1: (9 + 20 + 10) / (10 + 20 + 10) = 97.5 %; district 369 holds 369 and 14320: 30/30.
    assert card["T1.1"] | {"breakdown": None} == {
        "value": 97.5, "numerator": 39, "denominator": 40, "achievement": 97.5,
        "status": "not_met", "breakdown": None}
    assert card["T1.1"]["breakdown"] == [{"code": "369", "value": 100.0}]
    # NV1: 2 of 3 committees; NV2 leaves the province out: 25 / 30.
    assert card["NV1"]["value"] == pytest.approx(200 / 3)
    assert (card["NV2"]["numerator"], card["NV2"]["denominator"]) == (25, 30)
    # T3.1a 90 % met before the deadline; T3.1b 70 % in progress; T3.1c only a blank pair.
    assert (card["T3.1a"]["value"], card["T3.1a"]["status"]) == (90.0, "met")
    assert card["T3.1a"]["breakdown"] == []
    assert (card["T3.1b"]["value"], card["T3.1b"]["status"]) == (70.0, "in_progress")
    assert card["T3.1b"]["achievement"] == 87.5
    zero = 0 if expected.NO_DATA_COUNTS_ARE_ZERO else None
    assert card["T3.1c"] | {"breakdown": None} == {
        "value": None, "numerator": zero, "denominator": zero, "achievement": None,
        "status": "no_data", "breakdown": None}
    assert card["T3.1c"]["breakdown"] == (
        [] if expected.BLANK_PAIRS_OUT_OF_SCOPE else [{"code": "369", "value": None}])
    # NV5: mean of 50 and 30; breakdown of 369 only its own value.
    assert card["NV5"]["value"] == 40 and card["NV5"]["status"] == "met"
    assert card["NV5"]["breakdown"] == [{"code": "369", "value": 30.0}]
    # Village -> commune -> district 369.
    assert card["T7.1"]["breakdown"] == [{"code": "369", "value": 100.0}]
    assert (card["T7.2"]["value"], card["T7.2"]["status"]) == (0.0, "in_progress")
    # NV6 12 met; NV7 0 in 2023 (first of 2023-24) in progress; NV8 1 met; NV9 met.
    assert [card[t]["status"] for t in ("NV6", "NV7", "NV8", "NV9")] == \
        ["met", "in_progress", "met", "met"]
    assert card["NV7"]["value"] == 0 and card["NV7"]["numerator"] is None
    assert expected.expected_scorecard(rows, units, 2024)["NV7"]["status"] == "not_met"
    # Forms with no rows at all.
    assert all(card[t]["status"] == "no_data" for t in ("T5.1", "T5.2", "T5.3", "T6.1", "T2.1"))
