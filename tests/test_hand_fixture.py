"""A hand-made fixture scored end to end: every expected number worked out by hand.

`tests/data/hand/` holds a tiny registry (`units.csv`: province 37, districts 369 and
376, two communes each, 10 invented villages) and one small CSV per form for 2023.
`danvan score tests/data/hand/2023 --units tests/data/hand/units.csv --format json`
must give, for each of the 28 targets, exactly the value / numerator / denominator /
achievement / status / district breakdown written below (PRODUCT.md sections 5-8).
The arithmetic is in the comment beside each literal; it was done from the CSV files,
never copied from danvan's output.

Deliberate corner cases:
- T3.2: `tong_so_dich_vu_cong` is 0 in every row -> zero denominator -> `no_data`,
  value null (never 0 %).
- chuyen_doi_so, commune 14623: the pair tong_so_ho_so_cong_viec /
  so_ho_so_xu_ly_tren_mang is blank ("not applicable"): it is left out of T3.1c, and
  the rest of that row (văn bản, cơ quan Đảng, tỷ lệ giảm họp) still counts.
- NV5 (mean): blank `ty_le_giam_thoi_gian_hop` cells are not zeros.
- Met exactly at the threshold: T3.1a (90 %), T7.2 (80 %), T6.1 (85), NV6 (12), NV8 (1).
- doanh_nghiep: founded in 2023 and earlier; 25 workers exactly (in T5.1 scope) and 24
  (out); a 10-3 digit tax code; a tax code with a leading zero; one not eligible for a
  union (out of T5.2 scope).
- thon: a village with exactly 4 models (counts as >= 4); one village given by
  ma_xa + ten_thon instead of its code.
- ket_nap_dang: province-level rows (ma_don_vi 37 with to_chuc_dang) plus district rows
  (one with a blank to_chuc_dang, optional at huyen).
- Commune 14623 sent no cap_uy (nor doi_thoai) row -> completeness names it as missing.

Statuses (section 7): annual targets met / not_met; "by 2025" targets in 2023 are met if
already reached, else in_progress; NV7/NV8 (every 2 years, window 2023-2024) in 2023 with
no other year of data: met if the sum is >= 1, else in_progress.
Achievement = 100 x value / threshold (not capped).
`breakdown` has one entry per district (369, 376) with rows in scope; rows of the
province itself (37) belong to no district, so province-only targets have none.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from danvan_cli.cli import app

HAND = Path(__file__).resolve().parent / "data" / "hand"
YEAR_DIR = HAND / "2023"
UNITS = HAND / "units.csv"

ABS = 1e-9

DISTRICT_NAMES = {"369": "Thành phố Ninh Bình", "376": "Huyện Kim Sơn"}

# id -> expected fields. `breakdown` maps district code -> (value, numerator, denominator);
# numerator/denominator are None for sum/count/mean measures (section 8).
EXPECTED: dict[str, dict] = {
    # ---------------------------------------------------------------- cap_uy
    # rows: 37 50/50, 369 38/40, 376 35/35, 14320 15/15, 14323 12/13, 14620 14/15
    "T1.1": dict(
        # (50 + 38 + 35 + 15 + 12 + 14) / (50 + 40 + 35 + 15 + 13 + 15) = 164/168 = 97.6190476…%
        value=97.61904761904762, numerator=164, denominator=168,
        achievement=97.61904761904762,  # threshold 100
        status="not_met",  # annual, < 100
        breakdown={
            "369": (95.58823529411765, 65, 68),  # (38 + 15 + 12) / (40 + 15 + 13) = 65/68
            "376": (98.0, 49, 50),  # (35 + 14) / (35 + 15) = 49/50
        },
    ),
    # ---------------------------------------------------------------- doi_thoai
    # 12 rows (6 units x 2); so_cuoc_doi_thoai < 1 only at 376 chu_tich_ubnd (0) and
    # 14323 bi_thu (0)
    "T1.2": dict(
        value=83.33333333333333, numerator=10, denominator=12,  # 10/12
        achievement=83.33333333333333,
        status="not_met",
        breakdown={
            "369": (83.33333333333333, 5, 6),  # 369 x2, 14320 x2, 14323 x2; 14323 bi_thu fails
            "376": (75.0, 3, 4),  # 376 x2, 14620 x2; 376 chu_tich_ubnd fails
        },
    ),
    # ---------------------------------------------------------------- qcdc
    # 37 xuat_sac, 369 HTTNV=tot, 376 hoan_thanh, 14320 tot, 14323 HTXSNV=xuat_sac,
    # 14620 "Hoàn thành tốt nhiệm vụ"=tot, 14623 KHTNV=khong_hoan_thanh
    "T2.1": dict(
        value=71.42857142857143, numerator=5, denominator=7,  # 5/7 = 71.428571…%
        achievement=84.03361344537815,  # 100 x 71.428571… / 85 = 84.033613…
        status="not_met",
        breakdown={
            "369": (100.0, 3, 3),  # 369, 14320, 14323 all tot / xuat_sac
            "376": (33.333333333333336, 1, 3),  # only 14620 of 376, 14620, 14623
        },
    ),
    # ---------------------------------------------------------------- dan_van_chinh_quyen
    # (trained / in charge, plan, IT): 37a 2/2 C C, 37b 2/3 C C, 369a 2/2 C C,
    # 369b 1/1 C K, 376 1/2 K C, 14320 1/1 C C, 14323 0/1 C K, 14620 1/1 C C, 14623 0/0 C C
    "T2.2": dict(
        # (2+2+2+1+1+1+0+1+0) / (2+3+2+1+2+1+1+1+0) = 10/13 = 76.923076…%
        value=76.92307692307692, numerator=10, denominator=13,
        achievement=76.92307692307692,
        status="not_met",
        breakdown={
            "369": (80.0, 4, 5),  # (2 + 1 + 1 + 0) / (2 + 1 + 1 + 1)
            "376": (66.66666666666667, 2, 3),  # (1 + 1 + 0) / (2 + 1 + 0)
        },
    ),
    "NV3": dict(
        value=88.88888888888889, numerator=8, denominator=9,  # all but 376 have a plan: 8/9
        achievement=88.88888888888889,
        status="not_met",  # annual
        breakdown={
            "369": (100.0, 4, 4),
            "376": (66.66666666666667, 2, 3),  # 376 has none; 14620, 14623 do
        },
    ),
    "NV4": dict(
        value=77.77777777777777, numerator=7, denominator=9,  # no IT officer: 369b, 14323 -> 7/9
        achievement=77.77777777777777,
        status="in_progress",  # by 2025, not yet reached
        breakdown={
            "369": (50.0, 2, 4),  # 369a, 14320 yes; 369b, 14323 no
            "376": (100.0, 3, 3),
        },
    ),
    # ---------------------------------------------------------------- chuyen_doi_so
    # unit:  hồ sơ (total/online) | văn bản (total/signed) | DVC (0/0) | cơ quan Đảng | giảm họp
    # 37:    1000/900 | 2000/1900 | 0/0 | 10/10 | 45
    # 369:    500/380 |  800/800  | 0/0 |  4/3  | 38
    # 376:    400/300 |  600/540  | 0/0 |  3/3  | blank
    # 14320:  120/80  |  150/150  | 0/0 |  1/1  | 40
    # 14323:  100/50  |  120/100  | 0/0 |  1/0  | 30
    # 14620:   80/70  |  100/90   | 0/0 |  1/1  | blank
    # 14623:  blank   |   60/60   | 0/0 |  1/1  | 35
    "T3.1a": dict(
        value=90.0, numerator=900, denominator=1000,  # tinh row only: 900/1000 = 90% exactly
        achievement=100.0,  # 100 x 90 / 90
        status="met",  # by 2025, already reached (exactly at the threshold)
        breakdown={},  # the province row belongs to no district
    ),
    "T3.1b": dict(
        # huyen rows: (380 + 300) / (500 + 400) = 680/900 = 75.5555…%
        value=75.55555555555556, numerator=680, denominator=900,
        achievement=94.44444444444444,  # 100 x 75.5555… / 80 = 94.4444…
        status="in_progress",
        breakdown={
            "369": (76.0, 380, 500),
            "376": (75.0, 300, 400),
        },
    ),
    "T3.1c": dict(
        # xa rows, 14623 blank pair excluded: (80 + 50 + 70) / (120 + 100 + 80) = 200/300
        value=66.66666666666667, numerator=200, denominator=300,
        achievement=111.11111111111111,  # 100 x 66.6666… / 60, not capped
        status="met",  # by 2025, already reached
        breakdown={
            "369": (59.09090909090909, 130, 220),  # (80 + 50) / (120 + 100)
            "376": (87.5, 70, 80),  # 14620 only; 14623 not applicable
        },
    ),
    "T3.2": dict(
        # Σ so_dich_vu_cong_muc_do_4 = 0, Σ tong_so_dich_vu_cong = 0 -> zero denominator
        value=None, numerator=0, denominator=0,
        achievement=None,
        status="no_data",
        breakdown={
            "369": (None, 0, 0),  # rows in scope, zero denominator -> null, never 0
            "376": (None, 0, 0),
        },
    ),
    "T3.3": dict(
        # (10 + 3 + 3 + 1 + 0 + 1 + 1) / (10 + 4 + 3 + 1 + 1 + 1 + 1) = 19/21 = 90.476190…%
        value=90.47619047619048, numerator=19, denominator=21,
        achievement=90.47619047619048,
        status="in_progress",
        breakdown={
            "369": (66.66666666666667, 4, 6),  # (3 + 1 + 0) / (4 + 1 + 1)
            "376": (100.0, 5, 5),  # (3 + 1 + 1) / (3 + 1 + 1): 14623 row still counts
        },
    ),
    "T3.4": dict(
        # (1900 + 800 + 540 + 150 + 100 + 90 + 60) / (2000 + 800 + 600 + 150 + 120 + 100 + 60)
        # = 3640/3830 = 95.039164…%
        value=95.03916449086162, numerator=3640, denominator=3830,
        achievement=95.03916449086162,
        status="in_progress",
        breakdown={
            "369": (98.13084112149532, 1050, 1070),  # (800 + 150 + 100) / (800 + 150 + 120)
            "376": (90.78947368421052, 690, 760),  # (540 + 90 + 60) / (600 + 100 + 60)
        },
    ),
    "NV5": dict(
        # mean over rows with a value (blanks at 376, 14620 left out):
        # (45 + 38 + 40 + 30 + 35) / 5 = 188/5 = 37.6
        value=37.6, numerator=None, denominator=None,
        achievement=94.0,  # 100 x 37.6 / 40
        status="in_progress",
        breakdown={
            "369": (36.0, None, None),  # (38 + 40 + 30) / 3
            "376": (35.0, None, None),  # 14623 only
        },
    ),
    # ---------------------------------------------------------------- mat_tran_doan_the
    # tinh/huyen rows (giám sát, phản biện): 37 mttq 3,1 ok; 37 cong_doan 2,0 no;
    # 369 mttq 2,1 ok (exactly); 369 phu_nu 1,2 no; 376 mttq 4,2 ok; 376 nong_dan 2,1 ok
    "T4.1": dict(
        value=66.66666666666667, numerator=4, denominator=6,  # 4/6
        achievement=66.66666666666667,
        status="not_met",
        breakdown={
            "369": (50.0, 1, 2),
            "376": (100.0, 2, 2),
        },
    ),
    # xa rows (giám sát, xếp loại): 14320 mttq 1 xuat_sac; 14320 phu_nu 0 tot;
    # 14323 mttq 2 hoan_thanh; 14620 mttq 1 tot; 14620 CCB 3 hoan_thanh;
    # 14623 Đoàn 1 khong_hoan_thanh
    "T4.2": dict(
        value=83.33333333333333, numerator=5, denominator=6,  # all but 14320 phu_nu: 5/6
        achievement=83.33333333333333,
        status="not_met",
        breakdown={
            "369": (66.66666666666667, 2, 3),
            "376": (100.0, 3, 3),
        },
    ),
    "T4.3": dict(
        value=50.0, numerator=3, denominator=6,  # xuat_sac/tot: 14320 x2, 14620 mttq -> 3/6
        achievement=55.55555555555556,  # 100 x 50 / 90
        status="not_met",
        breakdown={
            "369": (66.66666666666667, 2, 3),
            "376": (33.333333333333336, 1, 3),
        },
    ),
    # ---------------------------------------------------------------- doanh_nghiep
    # (district, workers, founded, eligible, union, Đoàn founded):
    # 1: 369 120 2015 C C 2023 | 2: 14320 25 2020 C K 2021 | 3: 14323 24 2023 C C 2023
    # 4: 376 300 2023 C C 2023 | 5: 14620 60 2023 C K -    | 6: 14623 40 2018 C C 2023
    # 7: 369 10 2023 K K -     | 8: 376 80 2010 C C 2023   | 9: 14320 5 2021 K K -
    "T5.1": dict(
        # workers >= 25: 1, 2, 4, 5, 6, 8; with a union: 1, 4, 6, 8 -> 4/6
        value=66.66666666666667, numerator=4, denominator=6,
        achievement=74.07407407407408,  # 100 x 66.6666… / 90
        status="in_progress",
        breakdown={
            "369": (50.0, 1, 2),  # 1 yes, 2 no
            "376": (75.0, 3, 4),  # 4, 6, 8 yes; 5 no
        },
    ),
    "T5.2": dict(
        # founded 2023 and eligible: 3, 4, 5 (7 not eligible); union: 3, 4 -> 2/3
        value=66.66666666666667, numerator=2, denominator=3,
        achievement=66.66666666666667,
        status="not_met",
        breakdown={
            "369": (100.0, 1, 1),  # 3
            "376": (50.0, 1, 2),  # 4 yes, 5 no
        },
    ),
    "T5.3": dict(
        value=5, numerator=None, denominator=None,  # Đoàn founded in 2023: 1, 3, 4, 6, 8 -> 5
        achievement=33.333333333333336,  # 100 x 5 / 15
        status="not_met",
        breakdown={
            "369": (2, None, None),  # 1, 3
            "376": (3, None, None),  # 4, 6, 8
        },
    ),
    # ---------------------------------------------------------------- ket_nap_dang
    "T6.1": dict(
        # 37: 5 + 2 + 3 (three province-level party committees); 369: 25; 376: 50
        # 5 + 2 + 3 + 25 + 50 = 85, exactly the threshold
        value=85, numerator=None, denominator=None,
        achievement=100.0,
        status="met",
        breakdown={
            "369": (25, None, None),
            "376": (50, None, None),
        },
    ),
    # ---------------------------------------------------------------- thon
    # (models, mediation): 14320-01 5 C, 14320-02 4 C, 14323-01 3 C, 14323-02 6 K,
    # 14620-01 4 C, 14620-02 2 C, 14620-03 4 C, 14623-01 0 K, 14623-02 7 C, 14623-03 4 C
    "T7.1": dict(
        # >= 4 models (4 counts): all but 14323-01 (3), 14620-02 (2), 14623-01 (0) -> 7/10
        value=70.0, numerator=7, denominator=10,
        achievement=70.0,
        status="in_progress",
        breakdown={
            "369": (75.0, 3, 4),
            "376": (66.66666666666667, 4, 6),
        },
    ),
    "T7.2": dict(
        value=80.0, numerator=8, denominator=10,  # no team at 14323-02, 14623-01 -> 8/10
        achievement=100.0,  # exactly the threshold
        status="met",  # by 2025, already reached
        breakdown={
            "369": (75.0, 3, 4),
            "376": (83.33333333333333, 5, 6),
        },
    ),
    # ---------------------------------------------------------------- cap_uy, NV
    "NV1": dict(
        value=83.33333333333333, numerator=5, denominator=6,  # all but 14323 ("Không"): 5/6
        achievement=83.33333333333333,
        status="not_met",
        breakdown={
            "369": (66.66666666666667, 2, 3),  # 369 Có, 14320 x, 14323 Không
            "376": (100.0, 2, 2),  # 376 "1", 14620 Có
        },
    ),
    "NV2": dict(
        # huyen + xa rows: (40 + 30 + 15 + 13 + 12) / (40 + 35 + 15 + 13 + 15) = 110/118
        value=93.22033898305085, numerator=110, denominator=118,
        achievement=93.22033898305085,
        status="not_met",
        breakdown={
            "369": (100.0, 68, 68),  # (40 + 15 + 13) / (40 + 15 + 13)
            "376": (84.0, 42, 50),  # (30 + 12) / (35 + 15)
        },
    ),
    # ---------------------------------------------------------------- hoat_dong_tinh
    # 37: 12 broadcasts, 0 "Dân vận khéo" conferences, 1 "người có uy tín" conference, Có
    "NV6": dict(
        value=12, numerator=None, denominator=None,  # exactly the threshold
        achievement=100.0,
        status="met",
        breakdown={},
    ),
    "NV7": dict(
        value=0, numerator=None, denominator=None,  # window 2023-2024, only 2023 known: 0
        achievement=0.0,
        status="in_progress",  # first year of the window, not reached yet
        breakdown={},
    ),
    "NV8": dict(
        value=1, numerator=None, denominator=None,  # window 2023-2024: 1 >= 1
        achievement=100.0,
        status="met",
        breakdown={},
    ),
    "NV9": dict(
        value=100.0, numerator=1, denominator=1,  # 1/1
        achievement=100.0,
        status="met",
        breakdown={},
    ),
}

ALL_IDS = ["T1.1", "T1.2", "T2.1", "T2.2", "T3.1a", "T3.1b", "T3.1c", "T3.2", "T3.3",
           "T3.4", "T4.1", "T4.2", "T4.3", "T5.1", "T5.2", "T5.3", "T6.1", "T7.1", "T7.2",
           "NV1", "NV2", "NV3", "NV4", "NV5", "NV6", "NV7", "NV8", "NV9"]


def _invoke(*args: str):
    # typer's CliRunner (typer 0.29) always keeps stderr apart: result.stdout is stdout only.
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{result.exception!r}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def scorecard() -> dict:
    result = _invoke("score", str(YEAR_DIR), "--units", str(UNITS), "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def by_id(scorecard) -> dict[str, dict]:
    return {t["id"]: t for t in scorecard["targets"]}


def _same(actual, expected) -> bool:
    if expected is None or actual is None:
        return actual is None and expected is None
    return actual == pytest.approx(expected, abs=ABS)


def test_expected_table_covers_all_28_targets():
    assert sorted(EXPECTED) == sorted(ALL_IDS)
    assert len(ALL_IDS) == 28


def test_scorecard_header(scorecard, by_id):
    assert scorecard["schema"] == "danvan.scorecard/1"
    assert scorecard["year"] == 2023
    assert sorted(by_id) == sorted(ALL_IDS)
    errors = [i for i in scorecard["issues"] if i["severity"] == "error"]
    assert errors == []


def test_scorecard_completeness(scorecard):
    completeness = {c["form"]: c for c in scorecard["completeness"]}
    # tinh 37 + huyen 369, 376 + xa 14320, 14323, 14620, 14623 = 7 expected; 14623 sent nothing
    cap_uy = completeness["cap_uy"]
    assert (cap_uy["expected"], cap_uy["received"], cap_uy["missing"]) == (7, 6, ["14623"])
    # 2 + 2 + 3 + 3 = 10 villages, all sent (14623-03 named by ma_xa + ten_thon)
    thon = completeness["thon"]
    assert (thon["expected"], thon["received"], thon["missing"]) == (10, 10, [])


@pytest.mark.parametrize("target_id", ALL_IDS)
def test_target(by_id, target_id):
    got, want = by_id[target_id], EXPECTED[target_id]
    problems = [f"{key}: got {got.get(key)!r}, expected {want[key]!r}"
                for key in ("value", "numerator", "denominator", "achievement")
                if not _same(got.get(key), want[key])]
    if got.get("status") != want["status"]:
        problems.append(f"status: got {got.get('status')!r}, expected {want['status']!r}")

    breakdown = got.get("breakdown")
    if breakdown is None:
        problems.append("breakdown: missing / null, expected a list")
        breakdown = []
    entries = {str(e["code"]): e for e in breakdown}
    if sorted(entries) != sorted(want["breakdown"]):
        problems.append(f"breakdown codes: got {sorted(entries)}, "
                        f"expected {sorted(want['breakdown'])}")
    for code, (value, numerator, denominator) in want["breakdown"].items():
        entry = entries.get(code)
        if entry is None:
            continue
        if entry.get("name") != DISTRICT_NAMES[code]:
            problems.append(f"breakdown[{code}].name: got {entry.get('name')!r}")
        for key, expected in (("value", value), ("numerator", numerator),
                              ("denominator", denominator)):
            if not _same(entry.get(key), expected):
                problems.append(f"breakdown[{code}].{key}: got {entry.get(key)!r}, "
                                f"expected {expected!r}")
    assert not problems, f"{target_id}:\n  " + "\n  ".join(problems)


def test_validate_accounts_for_every_row():
    result = _invoke("validate", str(YEAR_DIR), "--units", str(UNITS), "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schema"] == "danvan.validation/1"
    summary = report["summary"]
    # data rows in the ten CSV files: 6 + 12 + 7 + 9 + 7 + 12 + 9 + 5 + 10 + 1 = 78
    assert summary["rows_read"] == 78
    assert summary["rows_read"] == (
        summary["rows_accepted"] + summary["rows_skipped"] + summary["rows_rejected"])
    assert summary["rows_accepted"] == 78
    assert [i for i in report["issues"] if i["severity"] == "error"] == []
