"""Acceptance test of `danvan score DIR --format json` (docs/contract.md §3-8).

Random but reproducible submissions (`generate.py`) are scored by the CLI, run as a
user would run it, and compared with arithmetic done independently of danvan
(`expected.py`): value, numerator, denominator, achievement, status, the year's
threshold, the year before's value (`improves`) and the district breakdown of all
36 targets, for canonical CSV files and for Excel workbooks shaped like real district
submissions. Both shapes of the same data must give the same scorecard.

Each seed writes sibling year folders (SCENARIOS), scored one by one: seed 4 writes
2021-2023 (NV6 prorated to 6 months in 2021, `improves` without a year before in 2021
and with one after, NV7/NV8 summed over the 2021-22 window), seed 7 writes 2022 as an
old file without the issue-10 columns and 2023 with them.
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
SCENARIOS = {4: (2021, 2022, 2023), 7: (2022, 2023)}  # the year folders written per seed
CASES = [(seed, year) for seed, years in SCENARIOS.items() for year in years]
SHAPES = ("csv", "xlsx")
TOLERANCE = 1e-6
REPO = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- helpers

def run_score_args(args: list[str]) -> subprocess.CompletedProcess:
    """`python -m danvan_cli score ARGS…`, as a user runs it."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUTF8": "1"}
    return subprocess.run(
        [sys.executable, "-m", "danvan_cli", "score", *args],
        capture_output=True, text=True, encoding="utf-8", cwd=REPO, env=env, timeout=600)


def run_score(folder: Path) -> subprocess.CompletedProcess:
    """`python -m danvan_cli score FOLDER --units FOLDER/units.csv --format json`."""
    return run_score_args([str(folder), "--units", str(folder / "units.csv"), "--format", "json"])


def same_number(actual, wanted) -> bool:
    """Equal within TOLERANCE; None only equals None."""
    if actual is None or wanted is None:
        return actual is None and wanted is None
    return abs(float(actual) - float(wanted)) <= TOLERANCE


def target_mismatches(target_id: str, actual: dict, wanted: dict) -> list[str]:
    """Readable differences between one target of the JSON and its expected values."""
    problems = [f"{target_id}.{key}: got {actual.get(key)!r}, expected {wanted[key]!r}"
                for key in ("value", "numerator", "denominator", "achievement", "threshold")
                if not same_number(actual.get(key), wanted[key])]
    previous = (actual.get("previous") or {}).get("value")
    if not same_number(previous, wanted["previous"]):
        problems.append(f"{target_id}.previous: got {previous!r}, expected {wanted['previous']!r}")
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
    """Generate each (shape, seed)'s year folders once and score each year once:
    returns (rows by year, units, process, json) for one year."""
    written: dict[tuple[str, int], tuple] = {}
    cache: dict[tuple[str, int, int], tuple] = {}

    def get(shape: str, seed: int, year: int = YEAR):
        if (shape, seed) not in written:
            base = tmp_path_factory.mktemp(f"{shape}-{seed}")
            rows = generate.write_years(base, SCENARIOS[seed], shape, seed)
            written[shape, seed] = (base, rows)
        base, rows = written[shape, seed]
        if (shape, seed, year) not in cache:
            folder = base / str(year)
            units = generate.read_units(folder / "units.csv")
            process = run_score(folder)
            assert "Traceback" not in process.stderr, process.stderr[-3000:]
            assert process.returncode == 0, (
                f"exit code {process.returncode}\nstderr:\n{process.stderr[-3000:]}")
            try:
                scorecard = json.loads(process.stdout)
            except json.JSONDecodeError as error:
                pytest.fail(f"stdout is not JSON ({error}):\n{process.stdout[:2000]}")
            cache[shape, seed, year] = (rows, units, process, scorecard)
        return cache[shape, seed, year]

    return get


def wanted_card(rows_by_year: dict, units: list[dict], year: int) -> dict:
    """The oracle's scorecard of `year`, with the earlier sibling years' rows."""
    earlier = {y: rows for y, rows in rows_by_year.items() if y < year}
    return expected.expected_scorecard(rows_by_year[year], units, year, earlier)


# --------------------------------------------------------------------------- the contract

@pytest.mark.parametrize(("seed", "year"), CASES)
@pytest.mark.parametrize("shape", SHAPES)
def test_scorecard_matches_independent_arithmetic(scored, shape, seed, year):
    rows, units, _, scorecard = scored(shape, seed, year)
    assert scorecard.get("schema") == "danvan.scorecard/1"
    assert scorecard.get("year") == year
    errors = [i for i in scorecard.get("issues", []) if i.get("severity") == "error"]
    assert not errors, f"clean generated data reported as wrong: {errors[:5]}"
    actual = {t["id"]: t for t in scorecard.get("targets", [])}
    assert set(expected.TARGET_IDS) <= set(actual), \
        f"missing targets: {sorted(set(expected.TARGET_IDS) - set(actual))}"
    wanted = wanted_card(rows, units, year)
    problems = [p for target_id in expected.TARGET_IDS
                for p in target_mismatches(target_id, actual[target_id], wanted[target_id])]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("seed", "year"), CASES)
def test_csv_and_excel_shapes_give_the_same_scorecard(scored, seed, year):
    csv_card = scored("csv", seed, year)[3]
    xlsx_card = scored("xlsx", seed, year)[3]
    assert normalised_targets(csv_card) == normalised_targets(xlsx_card)


# --------------------------------------------------------------------------- self-checks
# These do not need danvan: they check the generator and the expected arithmetic.

@pytest.mark.parametrize(("seed", "year"), CASES)
@pytest.mark.parametrize("shape", SHAPES)
def test_generated_files_read_back_to_the_returned_rows(tmp_path, shape, seed, year):
    folder = tmp_path / str(year)
    rows = generate.write_year(folder, year, shape, seed)
    back = generate.read_back(folder, shape)
    for form in generate.FORMS:
        columns = generate.COLUMNS[form]
        assert generate.canonical_sorted(back[form], columns) == \
            generate.canonical_sorted(rows[form], columns), form
    assert rows == generate.write_year(tmp_path / "again" / str(year), year, "csv", seed)


def test_old_files_lack_the_new_columns_and_share_the_registry(tmp_path):
    rows = generate.write_years(tmp_path, SCENARIOS[7], "csv", 7)
    header = (tmp_path / "2022" / "cap_uy.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "co_chi_dao_thang_cao_diem_dan_van" not in header
    assert "co_chi_dao_thang_cao_diem_dan_van" in \
        (tmp_path / "2023" / "cap_uy.csv").read_text(encoding="utf-8").splitlines()[0]
    assert all(r["so_ho"] is None for r in rows[2022]["thon"])
    assert (tmp_path / "2022" / "units.csv").read_bytes() == \
        (tmp_path / "2023" / "units.csv").read_bytes()


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
    rows_by_year = {y: generate.generate(y, seed)[1] for y in SCENARIOS[seed]}
    units, rows = generate.generate(YEAR, seed)
    card = wanted_card(rows_by_year, units, YEAR)
    status = {target_id: card[target_id]["status"] for target_id in expected.TARGET_IDS}
    assert {"met", "not_met", "in_progress", "no_data", "tracked"} <= set(status.values())
    assert {r["xep_loai"] for r in rows["qcdc"]} == set(generate.RATINGS)
    assert any(r["tong_so_ho_so_cong_viec"] is None for r in rows["chuyen_doi_so"])
    assert card["T7.1"]["numerator"] < card["T7.1"]["denominator"]
    assert status["NV15"] == "tracked" and card["NV15"]["achievement"] is None
    # ratios leave out the rows that do not give both parts
    assert card["NV16"]["numerator"] == sum(
        r["so_doan_vien_cong_doan"] for r in rows["doanh_nghiep"]
        if r["so_doan_vien_cong_doan"] is not None)
    assert card["NV17"]["denominator"] < sum(r["so_ho"] for r in rows["thon"])
    if generate.flavour_of(seed) == "a":
        assert status["T5.2"] == "no_data" and card["T5.2"]["breakdown"] == []
        assert status["NV7"] == "met" and status["NV8"] == "in_progress"
        assert card["T3.1c"]["value"] == 60 and status["T3.1c"] == "met"
        assert card["T1.1"]["value"] == 100 and status["T1.1"] == "met"
        assert card["T6.1"]["value"] == 85 and status["T6.1"] == "met"
        assert card["NV6"]["value"] == 12 and status["NV9"] == "met"
        assert status["NV11"] == "not_met" and card["NV11"]["value"] == card["NV11"]["previous"]
        assert status["NV14"] == "met"
        first = wanted_card(rows_by_year, units, 2021)
        assert (first["NV6"]["value"], first["NV6"]["threshold"]) == (6, 6)
        assert first["NV6"]["status"] == "met" and first["NV6"]["achievement"] == 100
        assert {first[t]["status"] for t in ("NV10", "NV11", "NV12", "NV13", "NV16", "NV17")} \
            == {"insufficient_data"}
        second = wanted_card(rows_by_year, units, 2022)  # 2021-22 window: two years summed
        assert (second["NV7"]["value"], second["NV7"]["status"]) == (2, "met")
        assert (second["NV8"]["value"], second["NV8"]["status"]) == (0, "not_met")
    else:
        assert status["T3.2"] == "no_data" and card["T3.2"]["breakdown"] == []
        assert status["NV7"] == "in_progress" and status["NV8"] == "met"
        assert card["T5.3"]["value"] == 15 and status["T5.3"] == "met"
        assert status["T6.1"] == "not_met" and status["NV9"] == "not_met"
        assert card["NV9"]["denominator"] == len(rows["cap_uy"]) - 1  # the province: no answer
        assert len(card["T5.2"]["breakdown"]) >= 1
        assert status["NV13"] == "no_data" and status["NV14"] == "not_met"
        assert status["NV16"] == status["NV17"] == "insufficient_data"  # 2022: old files
        old = wanted_card(rows_by_year, units, 2022)
        assert {old[t]["status"] for t in ("NV6", "NV9", "NV16", "NV17")} == {"no_data"}


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
        {"code": "14320-02", "name": "Tổ dân phố số 2", "level": "thon", "parent_code": "14320",
         "type": "Tổ dân phố"},
    ]
    blank = dict.fromkeys(generate.COLUMNS["chuyen_doi_so"])
    rows = {
        "cap_uy": [
            {"ma_don_vi": "37", "tong_so_cap_uy_vien": 10, "so_cap_uy_vien_guong_mau": 9,
             "co_phan_cong_phu_trach_dan_van": True, "so_cap_uy_vien_du_hop_hang_thang": None,
             "co_chi_dao_thang_cao_diem_dan_van": True},
            {"ma_don_vi": "369", "tong_so_cap_uy_vien": 20, "so_cap_uy_vien_guong_mau": 20,
             "co_phan_cong_phu_trach_dan_van": False, "so_cap_uy_vien_du_hop_hang_thang": 15,
             "co_chi_dao_thang_cao_diem_dan_van": None},
            {"ma_don_vi": "14320", "tong_so_cap_uy_vien": 10, "so_cap_uy_vien_guong_mau": 10,
             "co_phan_cong_phu_trach_dan_van": True, "so_cap_uy_vien_du_hop_hang_thang": 10,
             "co_chi_dao_thang_cao_diem_dan_van": False},
        ],
        "chuyen_doi_so": [
            blank | {"ma_don_vi": "37", "tong_so_ho_so_cong_viec": 100,
                     "so_ho_so_xu_ly_tren_mang": 90, "ty_le_giam_thoi_gian_hop": 50,
                     "tong_so_dich_vu_cong": 1200, "so_dich_vu_cong_muc_do_4": 900},
            blank | {"ma_don_vi": "369", "tong_so_ho_so_cong_viec": 50,
                     "so_ho_so_xu_ly_tren_mang": 35, "ty_le_giam_thoi_gian_hop": 30,
                     "tong_so_dich_vu_cong": 300, "so_dich_vu_cong_muc_do_4": 300},
            blank | {"ma_don_vi": "14320", "tong_so_ho_so_cong_viec": 20},
        ],
        "thon": [{"ma_don_vi": "14320-01", "so_mo_hinh_tu_quan_hieu_qua": 4,
                  "co_to_hoa_giai_hieu_qua": False, "so_ho": 200, "so_ho_tham_gia_hop": 150},
                 {"ma_don_vi": "14320-02", "so_mo_hinh_tu_quan_hieu_qua": 2,
                  "co_to_hoa_giai_hieu_qua": None, "so_ho": 100, "so_ho_tham_gia_hop": None}],
        "hoat_dong_tinh": [{"ma_don_vi": "37", "so_thang_co_chuyen_muc_dan_van": 12,
                            "so_ky_chuyen_muc_dan_van": 14,
                            "so_hoi_nghi_bieu_duong_dan_van_kheo": 0,
                            "so_hoi_nghi_bieu_duong_nguoi_co_uy_tin": 1,
                            "co_thang_cao_diem_dan_van": True}],
        "chi_so_tinh": [{"ma_don_vi": "37", "par_index": 85.5, "sipas": 84.0, "pci": None,
                         "papi": 44.1}],
        "on_dinh_co_so": [
            {"ma_don_vi": "369", "so_diem_nong_moi": 0, "so_vu_khieu_kien_dong_nguoi_moi": 0,
             "so_mo_hinh_dan_van_kheo": 3},
            {"ma_don_vi": "14320", "so_diem_nong_moi": 0, "so_vu_khieu_kien_dong_nguoi_moi": 1,
             "so_mo_hinh_dan_van_kheo": None},
        ],
    }
    card = expected.expected_scorecard(rows, units, 2023)
    # T1.1: (9 + 20 + 10) / (10 + 20 + 10) = 97.5 %; district 369 holds 369 and 14320: 30/30.
    assert card["T1.1"] | {"breakdown": None} == {
        "value": 97.5, "numerator": 39, "denominator": 40, "achievement": 97.5,
        "status": "not_met", "previous": None, "threshold": 100, "breakdown": None}
    assert card["T1.1"]["breakdown"] == [{"code": "369", "value": 100.0}]
    # NV1: 2 of 3 committees; NV2 leaves the province out: 25 / 30.
    assert card["NV1"]["value"] == pytest.approx(200 / 3)
    assert (card["NV2"]["numerator"], card["NV2"]["denominator"]) == (25, 30)
    # NV9: 369 does not answer: 1 of the 2 that answer (37 yes, 14320 no) = 50 %.
    assert (card["NV9"]["numerator"], card["NV9"]["denominator"]) == (1, 2)
    assert card["NV9"]["breakdown"] == [{"code": "369", "value": 0.0}]
    # T3.1a 90 % met before the deadline; T3.1b 70 % in progress; T3.1c gives only a total.
    assert (card["T3.1a"]["value"], card["T3.1a"]["status"]) == (90.0, "met")
    assert card["T3.1a"]["breakdown"] == []
    assert (card["T3.1b"]["value"], card["T3.1b"]["status"]) == (70.0, "in_progress")
    assert card["T3.1b"]["achievement"] == 87.5
    zero = 0 if expected.NO_DATA_COUNTS_ARE_ZERO else None
    assert card["T3.1c"] | {"breakdown": None} == {
        "value": None, "numerator": zero, "denominator": zero, "achievement": None,
        "status": "no_data", "previous": None, "threshold": 60, "breakdown": None}
    assert card["T3.1c"]["breakdown"] == (
        [] if expected.BLANK_PAIRS_OUT_OF_SCOPE else [{"code": "369", "value": None}])
    # T3.2: the province row only: 900 / 1200 = 75 % (the district's 300 / 300 not added).
    assert (card["T3.2"]["value"], card["T3.2"]["numerator"]) == (75.0, 900)
    assert card["T3.2"]["breakdown"] == []
    # NV5: 1 of the 2 units that give a rate (50 ≥ 40; 30 < 40); the commune gives none.
    assert (card["NV5"]["value"], card["NV5"]["status"]) == (50.0, "in_progress")
    assert card["NV5"]["breakdown"] == [{"code": "369", "value": 0.0}]
    # Village -> commune -> district 369; the second village has no mediation answer.
    assert card["T7.1"]["breakdown"] == [{"code": "369", "value": 50.0}]
    assert (card["T7.2"]["value"], card["T7.2"]["denominator"]) == (0.0, 1)
    # NV17: the second village gives households but not participants: 150 / 200.
    assert (card["NV17"]["value"], card["NV17"]["status"]) == (75.0, "insufficient_data")
    # NV6 12 months met; NV7 0 in 2023 (first of 2023-24) in progress; NV8 1 met.
    assert [card[t]["status"] for t in ("NV6", "NV7", "NV8")] == ["met", "in_progress", "met"]
    assert card["NV7"]["value"] == 0 and card["NV7"]["numerator"] is None
    assert expected.expected_scorecard(rows, units, 2024)["NV7"]["status"] == "not_met"
    assert expected.expected_scorecard(rows, units, 2025)["NV7"]["status"] == "not_due"
    # NV6 in 2021: 6 months of the programme (July-December): 5 months is 83.3 %, 6 met.
    first = expected.expected_scorecard(
        rows | {"hoat_dong_tinh": [rows["hoat_dong_tinh"][0] | {
            "so_thang_co_chuyen_muc_dan_van": 5}]}, units, 2021)["NV6"]
    assert (first["threshold"], first["status"]) == (6, "not_met")
    assert first["achievement"] == pytest.approx(500 / 6)
    # improves: PAR 85.5 > 84.0 met, SIPAS 84.0 = 84.0 not met, PCI blank no data, PAPI
    # 44.1 < 44.3 not met; without 2022 every one is insufficient_data.
    before = {"chi_so_tinh": [{"ma_don_vi": "37", "par_index": 84.0, "sipas": 84.0,
                               "pci": 66.0, "papi": 44.3}],
              "thon": [{"ma_don_vi": "14320-01", "so_ho": 200, "so_ho_tham_gia_hop": 140}]}
    judged = expected.expected_scorecard(rows, units, 2023, earlier={2022: before})
    assert [judged[t]["status"] for t in ("NV10", "NV11", "NV12", "NV13", "NV17")] == \
        ["met", "not_met", "no_data", "not_met", "met"]
    assert (judged["NV10"]["previous"], judged["NV10"]["achievement"]) == (84.0, None)
    assert judged["NV17"]["previous"] == 70.0  # 140 / 200
    assert [card[t]["status"] for t in ("NV10", "NV11", "NV13")] == ["insufficient_data"] * 3
    # NV14: 369 had none, 14320 a mass complaint: 50 %; NV15 tracked: 3 (blank not added).
    assert (card["NV14"]["value"], card["NV14"]["status"]) == (50.0, "not_met")
    assert card["NV15"] | {"breakdown": None} == {
        "value": 3, "numerator": None, "denominator": None, "achievement": None,
        "status": "tracked", "previous": None, "threshold": None, "breakdown": None}
    # Forms with no rows at all.
    assert all(card[t]["status"] == "no_data"
               for t in ("T5.1", "T5.2", "T5.3", "T6.1", "T2.1", "NV16"))
