"""Scoring one year: every measure kind, scopes, statuses, breakdown and windows.

Every expected number is worked out by hand in a comment next to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from danvan_cli.indicators import DistrictValue, score_target, score_targets
from danvan_cli.indicators.status import achievement, meets, window_years
from danvan_cli.spec import load_spec
from danvan_cli.spec.load import parse_spec

SPEC = load_spec(Path(__file__).resolve().parents[1] / "targets.yaml")

# A province (37), two districts (369, 372) and their communes.
UNITS: dict[str, tuple[str, str | None]] = {
    "37": ("tinh", None),
    "369": ("huyen", "369"),
    "14320": ("xa", "369"),
    "14323": ("xa", "369"),
    "372": ("huyen", "372"),
    "14400": ("xa", "372"),
}
DISTRICTS = {"369": "Thành phố Ninh Bình", "372": "Huyện Kim Sơn"}
NUMERIC = {"integer", "number", "percent", "year"}


def row(unit: str, **cells: Any) -> dict[str, Any]:
    return {"_unit": unit, **cells}


def frame(form_id: str, rows: list[dict[str, Any]], spec: Any = SPEC) -> pd.DataFrame:
    """A validated frame as the reading layer hands it over (canonical columns + metadata)."""
    data: dict[str, pd.Series] = {}
    for col in spec.forms[form_id].columns:
        values = [r.get(col.name) for r in rows]
        if col.type in NUMERIC:
            data[col.name] = pd.Series(values, dtype="float64")
        elif col.type == "boolean":
            data[col.name] = pd.Series(values, dtype="boolean")
        else:
            data[col.name] = pd.Series(values, dtype="object")
    units = [r["_unit"] for r in rows]
    data["_unit"] = pd.Series(units, dtype="object")
    data["_level"] = pd.Series([UNITS[u][0] for u in units], dtype="object")
    data["_district"] = pd.Series([UNITS[u][1] for u in units], dtype="object")
    data["_file"] = pd.Series(["x.xlsx"] * len(rows), dtype="object")
    data["_sheet"] = pd.Series(["Biểu"] * len(rows), dtype="object")
    data["_row"] = pd.Series(range(5, 5 + len(rows)), dtype="int64")
    return pd.DataFrame(data)


def score(target_id: str, frames: dict[str, pd.DataFrame], year: int = 2023, **kw: Any):
    return score_target(SPEC, SPEC.target(target_id), frames, year, DISTRICTS, **kw)


def breakdown(result) -> list[tuple[str, float | None, float | None, float | None]]:
    return [(d.code, d.value, d.numerator, d.denominator) for d in result.breakdown]


# --- ratio ------------------------------------------------------------------

CAP_UY = frame(
    "cap_uy",
    [
        row("37", tong_so_cap_uy_vien=50, so_cap_uy_vien_guong_mau=50,
            co_phan_cong_phu_trach_dan_van=True),
        row("369", tong_so_cap_uy_vien=30, so_cap_uy_vien_guong_mau=27,
            co_phan_cong_phu_trach_dan_van=True, so_cap_uy_vien_du_hop_hang_thang=30),
        row("14320", tong_so_cap_uy_vien=20, so_cap_uy_vien_guong_mau=18,
            co_phan_cong_phu_trach_dan_van=False, so_cap_uy_vien_du_hop_hang_thang=20),
        row("372", tong_so_cap_uy_vien=25, so_cap_uy_vien_guong_mau=25,
            co_phan_cong_phu_trach_dan_van=True, so_cap_uy_vien_du_hop_hang_thang=20),
        row("14400", tong_so_cap_uy_vien=15, so_cap_uy_vien_guong_mau=12,
            co_phan_cong_phu_trach_dan_van=None, so_cap_uy_vien_du_hop_hang_thang=15),
    ],
)  # fmt: skip


def test_ratio_sums_first_then_divides():
    r = score("T1.1", {"cap_uy": CAP_UY})
    # Σ gương mẫu = 50+27+18+25+12 = 132; Σ cấp ủy viên = 50+30+20+25+15 = 140
    assert r.numerator == 132
    assert r.denominator == 140
    assert r.value == pytest.approx(100 * 132 / 140)  # 94.2857…%
    assert r.achievement == pytest.approx(100 * 132 / 140)  # threshold 100 → same number
    assert r.status == "not_met"  # annual, below 100
    assert r.rows_in_scope == 5


def test_ratio_breakdown_per_district_excludes_province_rows():
    r = score("T1.1", {"cap_uy": CAP_UY})
    # 369: 369 + 14320 → 45/50 = 90%; 372: 372 + 14400 → 37/40 = 92.5%; province left out
    assert breakdown(r) == [("369", 90.0, 45, 50), ("372", 92.5, 37, 40)]
    assert [d.name for d in r.breakdown] == ["Thành phố Ninh Bình", "Huyện Kim Sơn"]


def test_scope_by_level():
    r = score("NV2", {"cap_uy": CAP_UY})
    # huyen + xa only: dự họp 30+20+20+15 = 85 of 30+20+25+15 = 90 → 94.444…%
    assert (r.numerator, r.denominator) == (85, 90)
    assert r.value == pytest.approx(100 * 85 / 90)
    assert r.rows_in_scope == 4


def test_share_leaves_out_rows_that_do_not_answer():
    r = score("NV1", {"cap_uy": CAP_UY})
    # a share counts only the rows that fill a column of its condition (measures.row_parts):
    # True on 37, 369, 372; False on 14320; blank on 14400 (left out) → 3 of 4 = 75%
    assert (r.numerator, r.denominator, r.value) == (3, 4, 75.0)
    # 369: 369 yes, 14320 no → 1 of 2 = 50%; 372: 372 yes, 14400 blank left out → 1 of 1 = 100%
    assert breakdown(r) == [("369", 50.0, 1, 2), ("372", 100.0, 1, 1)]


def test_a_column_the_files_lack_is_no_data():
    # NV9 reads co_chi_dao_thang_cao_diem_dan_van, a column new in the spec that CAP_UY does not
    # have (as a file of a year before it existed): no row answers → no data, not 0 %
    r = score("NV9", {"cap_uy": CAP_UY})
    assert (r.value, r.numerator, r.denominator, r.status) == (None, 0, 0, "no_data")


# --- chuyen_doi_so: blank pairs, zero denominators, mean --------------------

CHUYEN_DOI_SO = frame(
    "chuyen_doi_so",
    [
        row("37", tong_so_ho_so_cong_viec=1000, so_ho_so_xu_ly_tren_mang=850,
            tong_so_dich_vu_cong=0, so_dich_vu_cong_muc_do_4=0, ty_le_giam_thoi_gian_hop=40),
        row("369", tong_so_dich_vu_cong=0, so_dich_vu_cong_muc_do_4=0),
        row("14320", tong_so_ho_so_cong_viec=100, so_ho_so_xu_ly_tren_mang=50,
            ty_le_giam_thoi_gian_hop=50),
        row("14323", ty_le_giam_thoi_gian_hop=35),
        row("372"),
        row("14400", tong_so_ho_so_cong_viec=300, so_ho_so_xu_ly_tren_mang=240),
    ],
)  # fmt: skip


def test_blank_pair_is_not_applicable():
    r = score("T3.1c", {"chuyen_doi_so": CHUYEN_DOI_SO})
    # xa rows 14320 (50/100), 14323 (blank pair, left out), 14400 (240/300)
    # → 290/400 = 72.5% (not the mean of unit percentages, (50+80)/2 = 65%)
    assert (r.numerator, r.denominator, r.value) == (290, 400, 72.5)
    assert r.rows_in_scope == 2  # the blank pair is not in scope
    assert r.status == "met"  # by 2025, already above 60 in 2023
    assert breakdown(r) == [("369", 50.0, 50, 100), ("372", 80.0, 240, 300)]


def test_all_pairs_blank_is_no_data():
    r = score("T3.1b", {"chuyen_doi_so": CHUYEN_DOI_SO})
    # huyen rows 369 and 372 have no hồ sơ figures at all → not applicable, not in scope;
    # sums over no rows: 0/0, value not computable, no district entry
    assert r.rows_in_scope == 0
    assert (r.value, r.numerator, r.denominator, r.achievement) == (None, 0, 0, None)
    assert r.status == "no_data"
    assert breakdown(r) == []


def test_zero_denominator_is_no_data_not_zero():
    r = score("T3.2", {"chuyen_doi_so": CHUYEN_DOI_SO})
    # 37 and 369 report 0 of 0 dịch vụ công; the others are blank → 0/0
    assert r.value is None
    assert r.achievement is None
    assert r.status == "no_data"
    assert (r.numerator, r.denominator) == (0, 0)


@pytest.mark.parametrize(
    ("year", "status"),
    [(2023, "in_progress"), (2025, "not_met"), (2026, "not_met")],
)
def test_deadline_status_before_and_after(year, status):
    r = score("T3.1a", {"chuyen_doi_so": CHUYEN_DOI_SO}, year=year)
    # tinh: 850/1000 = 85% < 90
    assert r.value == 85.0
    assert r.achievement == pytest.approx(100 * 85 / 90)  # 94.444…
    assert r.status == status


def test_share_with_a_numeric_condition():
    r = score("NV5", {"chuyen_doi_so": CHUYEN_DOI_SO})
    # units that cut meeting time by ≥ 40%: 37 (40) ✓, 14320 (50) ✓, 14323 (35) ✗;
    # 369, 372, 14400 left it blank (left out) → 2 of 3 = 66.666…%
    assert (r.numerator, r.denominator) == (2, 3)
    assert r.value == pytest.approx(200 / 3)
    assert r.status == "in_progress"  # < 100 before the 2025 deadline
    # 369: 14320 ✓, 14323 ✗ → 50%; 372: no row answers → no entry
    assert breakdown(r) == [("369", 50.0, 1, 2)]


# --- share with several conditions and `in` ---------------------------------

MAT_TRAN = frame(
    "mat_tran_doan_the",
    [
        row("37", to_chuc="mttq", so_cuoc_giam_sat=2, so_cuoc_phan_bien=1),
        row("37", to_chuc="cong_doan", so_cuoc_giam_sat=3, so_cuoc_phan_bien=0),
        row("369", to_chuc="mttq", so_cuoc_giam_sat=2, so_cuoc_phan_bien=1),
        row("369", to_chuc="phu_nu", so_cuoc_giam_sat=1, so_cuoc_phan_bien=2),
        row("14320", to_chuc="mttq", so_cuoc_giam_sat=5, so_cuoc_phan_bien=5, xep_loai="tot"),
        row("14320", to_chuc="phu_nu", so_cuoc_giam_sat=0, so_cuoc_phan_bien=0,
            xep_loai="hoan_thanh"),
        row("14400", to_chuc="mttq", so_cuoc_giam_sat=1, so_cuoc_phan_bien=0,
            xep_loai="xuat_sac"),
        row("14400", to_chuc="nong_dan", so_cuoc_giam_sat=None, so_cuoc_phan_bien=0,
            xep_loai=None),
    ],
)  # fmt: skip


def test_share_needs_every_condition():
    r = score("T4.1", {"mat_tran_doan_the": MAT_TRAN})
    # tinh + huyen rows: 37/mttq ✓ (2,1), 37/cong_doan ✗ (no phản biện),
    # 369/mttq ✓, 369/phu_nu ✗ (1 giám sát) → 2 of 4 = 50%
    assert (r.numerator, r.denominator, r.value) == (2, 4, 50.0)
    assert r.status == "not_met"
    assert breakdown(r) == [("369", 50.0, 1, 2)]  # 372 has no tinh/huyen rows


def test_share_with_blank_cell_in_condition():
    r = score("T4.2", {"mat_tran_doan_the": MAT_TRAN})
    # xa rows: 14320/mttq 5 ✓, 14320/phu_nu 0 ✗, 14400/mttq 1 ✓, 14400/nong_dan blank (left out)
    # → 2 of 3 = 66.666…%
    assert (r.numerator, r.denominator) == (2, 3)
    assert r.value == pytest.approx(200 / 3)
    # 369: 1 of 2 = 50%; 372: 14400/mttq ✓ → 1 of 1 = 100%
    assert breakdown(r) == [("369", 50.0, 1, 2), ("372", 100.0, 1, 1)]


def test_share_with_in():
    r = score("T4.3", {"mat_tran_doan_the": MAT_TRAN})
    # xa rows rated tot, hoan_thanh, xuat_sac, blank (left out) → tot + xuat_sac = 2 of 3 = 66.666…%
    assert (r.numerator, r.denominator) == (2, 3)
    assert r.value == pytest.approx(200 / 3)
    assert r.achievement == pytest.approx(100 * (200 / 3) / 90)  # 74.074…


def test_share_one_of_three():
    qcdc = frame(
        "qcdc",
        [row("37", xep_loai="xuat_sac"), row("369", xep_loai="khong_hoan_thanh"),
         row("14320", xep_loai="hoan_thanh")],
    )  # fmt: skip
    r = score("T2.1", {"qcdc": qcdc})
    # 1 of 3 rated xuat_sac/tot → 33.333…%
    assert r.value == pytest.approx(100 / 3)
    assert (r.numerator, r.denominator) == (1, 3)


def test_string_dtypes_give_the_same_share():
    # the reading layer may hand over pandas' string dtype instead of object
    strings = MAT_TRAN.astype({"xep_loai": "string", "_district": "string", "_level": "string"})
    r = score("T4.3", {"mat_tran_doan_the": strings})
    assert (r.numerator, r.denominator) == (2, 3)  # as test_share_with_in
    assert [d.code for d in r.breakdown] == ["369", "372"]


# --- doanh_nghiep: where with {ref: year}, count ---------------------------

DOANH_NGHIEP = frame(
    "doanh_nghiep",
    [
        # a: founded 2023, eligible, has a union; Đoàn founded 2023
        row("14320", ma_so_thue="0100000001", so_lao_dong=30, nam_thanh_lap=2023,
            du_dieu_kien_thanh_lap_cong_doan=True, co_cong_doan_co_so=True,
            nam_thanh_lap_to_chuc_doan=2023),
        # b: founded 2023, eligible, no union; Đoàn founded 2021
        row("14320", ma_so_thue="0100000002", so_lao_dong=25, nam_thanh_lap=2023,
            du_dieu_kien_thanh_lap_cong_doan=True, co_cong_doan_co_so=False,
            nam_thanh_lap_to_chuc_doan=2021),
        # c: founded 2023, not eligible; no Đoàn
        row("14400", ma_so_thue="0100000003", so_lao_dong=10, nam_thanh_lap=2023,
            du_dieu_kien_thanh_lap_cong_doan=False, co_cong_doan_co_so=False),
        # d: founded 2022, eligible, has a union; Đoàn founded 2023
        row("372", ma_so_thue="0100000004", so_lao_dong=100, nam_thanh_lap=2022,
            du_dieu_kien_thanh_lap_cong_doan=True, co_cong_doan_co_so=True,
            nam_thanh_lap_to_chuc_doan=2023),
        # e: founded 2023, eligibility blank; Đoàn founded 2023
        row("14400", ma_so_thue="0100000005", so_lao_dong=24, nam_thanh_lap=2023,
            du_dieu_kien_thanh_lap_cong_doan=None, co_cong_doan_co_so=True,
            nam_thanh_lap_to_chuc_doan=2023),
    ],
)  # fmt: skip


def test_where_with_reporting_year():
    r = score("T5.2", {"doanh_nghiep": DOANH_NGHIEP}, year=2023)
    # founded in 2023 and eligible: a, b (c not eligible, d founded 2022, e blank) → 1 of 2
    assert (r.rows_in_scope, r.numerator, r.denominator, r.value) == (2, 1, 2, 50.0)
    assert breakdown(r) == [("369", 50.0, 1, 2)]
    r = score("T5.2", {"doanh_nghiep": DOANH_NGHIEP}, year=2022)
    # in 2022 only d is new and eligible; it has a union → 1 of 1 = 100%, met
    assert (r.rows_in_scope, r.value, r.status) == (1, 100.0, "met")


def test_where_numeric_threshold():
    r = score("T5.1", {"doanh_nghiep": DOANH_NGHIEP}, year=2023)
    # ≥ 25 workers: a (30, union), b (25, none), d (100, union); c 10 and e 24 out → 2 of 3
    assert (r.numerator, r.denominator) == (2, 3)
    assert r.value == pytest.approx(200 / 3)  # 66.666…%
    assert r.status == "in_progress"  # by 2025
    assert score("T5.1", {"doanh_nghiep": DOANH_NGHIEP}, year=2025).status == "not_met"


def test_count_with_reporting_year():
    r = score("T5.3", {"doanh_nghiep": DOANH_NGHIEP}, year=2023)
    # Đoàn founded in 2023: a, d, e → 3 (b 2021, c blank)
    assert r.value == 3.0
    assert (r.numerator, r.denominator) == (None, None)
    assert r.rows_in_scope == 5
    assert r.achievement == pytest.approx(100 * 3 / 15)  # 20%
    assert r.status == "not_met"
    # 369: a → 1; 372: d, e → 2
    assert breakdown(r) == [("369", 1.0, None, None), ("372", 2.0, None, None)]


def test_count_of_nothing_is_zero_not_no_data():
    r = score("T5.3", {"doanh_nghiep": DOANH_NGHIEP}, year=2030)
    # five rows in scope, none founded its Đoàn in 2030 → 0 is data
    assert (r.value, r.status, r.achievement) == (0.0, "not_met", 0.0)


# --- sum ---------------------------------------------------------------------


def _ket_nap(*values: float | None) -> dict[str, pd.DataFrame]:
    units = ["37", "369", "372"]
    rows = [
        row(u, to_chuc_dang="Đảng bộ", so_dang_vien_moi=100, so_dang_vien_moi_co_ton_giao=v)
        for u, v in zip(units, values, strict=True)
    ]
    return {"ket_nap_dang": frame("ket_nap_dang", rows)}


def test_sum():
    r = score("T6.1", _ket_nap(20, 40, 30))
    # 20 + 40 + 30 = 90 ≥ 85
    assert (r.value, r.status) == (90.0, "met")
    assert r.achievement == pytest.approx(100 * 90 / 85)  # 105.88…
    assert breakdown(r) == [("369", 40.0, None, None), ("372", 30.0, None, None)]


def test_sum_of_zeros_is_zero_and_of_blanks_is_no_data():
    assert score("T6.1", _ket_nap(0, 0, 0)).value == 0.0  # 0 reported: data
    r = score("T6.1", _ket_nap(None, None, None))
    assert (r.value, r.status, r.rows_in_scope) == (None, "no_data", 3)


# --- nothing submitted -------------------------------------------------------


def test_absent_or_empty_form_is_no_data():
    results = score_targets(SPEC, {"cap_uy": CAP_UY.iloc[0:0]}, 2023, DISTRICTS)
    assert [r.id for r in results] == [t.id for t in SPEC.targets]
    assert {r.status for r in results} == {"no_data"}
    assert {r.rows_in_scope for r in results} == {0}
    assert all(r.value is None and r.breakdown == () for r in results)


# --- window targets (NV7: every 2 years, windows 2021-22, 2023-24, 2025-26) --


def _tinh(dan_van_kheo: float | None, nguoi_uy_tin: float | None = 0, months: float | None = 12) -> dict:
    rows = [
        row("37", so_ky_chuyen_muc_dan_van=12, so_thang_co_chuyen_muc_dan_van=months,
            so_hoi_nghi_bieu_duong_dan_van_kheo=dan_van_kheo,
            so_hoi_nghi_bieu_duong_nguoi_co_uy_tin=nguoi_uy_tin, co_thang_cao_diem_dan_van=True)
    ]  # fmt: skip
    return {"hoat_dong_tinh": frame("hoat_dong_tinh", rows)}


def test_window_years_align_to_programme_start():
    nv7 = SPEC.target("NV7")
    assert list(window_years(nv7, 2021, 2021)) == [2021, 2022]
    assert list(window_years(nv7, 2022, 2021)) == [2021, 2022]
    assert list(window_years(nv7, 2023, 2021)) == [2023, 2024]
    assert list(window_years(nv7, 2025, 2021)) == [2025, 2026]


def test_window_counts_earlier_year_of_the_same_window():
    r = score("NV7", _tinh(0), year=2022, earlier={2021: _tinh(1)})
    # 2021: 1 conference + 2022: 0 → 1 in the window 2021-22 → met
    assert (r.value, r.status, r.rows_in_scope) == (1.0, "met", 2)


def test_window_without_earlier_frames():
    # 2022 alone: 0 and the window ends in 2022 → not met
    assert score("NV7", _tinh(0), year=2022).status == "not_met"
    # 2021 alone: 0 but the window runs to 2022 → still in progress
    assert score("NV7", _tinh(0), year=2021).status == "in_progress"


def test_window_ignores_other_windows():
    earlier = {2021: _tinh(1), 2022: _tinh(1)}
    r = score("NV7", _tinh(0), year=2023, earlier=earlier)
    # 2023 starts a new window: the 2021-22 conferences do not count → 0, in progress
    assert (r.value, r.status) == (0.0, "in_progress")
    r = score("NV7", _tinh(0), year=2024, earlier={**earlier, 2023: _tinh(2)})
    # window 2023-24: 2 + 0 = 2 → met
    assert (r.value, r.status) == (2.0, "met")


def test_window_cut_by_the_programme_end_is_not_due():
    # 2025 opens the window 2025-26, which the programme (to 2025) cuts: not due, never in progress,
    # whatever its value (issue 10)
    assert score("NV7", _tinh(0), year=2025, earlier={2024: _tinh(1)}).status == "not_due"
    assert score("NV7", _tinh(1), year=2025).status == "not_due"
    # 2023 opens 2023-24 inside the programme: in progress as before
    assert score("NV7", _tinh(0), year=2023).status == "in_progress"


def test_province_targets_have_no_breakdown():
    results = {r.id: r for r in score_targets(SPEC, _tinh(1), 2023, DISTRICTS)}
    assert (results["NV6"].value, results["NV6"].status) == (12.0, "met")  # 12 months ≥ 12
    assert results["NV8"].status == "in_progress"  # 0 in 2023, window runs to 2024
    assert results["NV6"].breakdown == ()


def test_nv6_first_year_is_prorated_from_the_start_date():
    # programme.start_date 2021-06-29 → July-December 2021 = 6 months: threshold 12 × 6/12 = 6
    r = score("NV6", _tinh(1, months=6), year=2021)
    assert (r.value, r.threshold, r.threshold_full, r.months, r.status) == (6.0, 6.0, 12, 6, "met")
    assert score("NV6", _tinh(1, months=5), year=2021).status == "not_met"  # 5 < 6
    # 2022 is a whole year: 11 < 12 → not met
    r = score("NV6", _tinh(1, months=11), year=2022)
    assert (r.threshold, r.months, r.status) == (12, 12, "not_met")


# --- properties --------------------------------------------------------------


def test_row_order_never_changes_a_score():
    shuffled = CAP_UY.sample(frac=1, random_state=7)
    assert score("T1.1", {"cap_uy": shuffled}) == score("T1.1", {"cap_uy": CAP_UY})


# --- comparators and operators the real spec does not use --------------------

SMALL_SPEC = """
schema: danvan.targets/1
programme: {id: p, title: P, start_year: 2021, end_year: 2025}
levels: [{id: tinh, name: Tỉnh}, {id: huyen, name: Huyện}, {id: xa, name: Xã}]
objectives: [{id: "1", title: O}, {id: "NV", title: N}]
forms:
  f:
    number: "01"
    title: F
    levels: [huyen, xa]
    key: [ma_don_vi]
    columns:
      - {name: ma_don_vi, label: Mã, type: unit}
      - {name: loai, label: Loại, type: choice, choices: {a: {label: A}, b: {label: B}}}
      - {name: diem, label: Điểm, type: number}
targets:
  - {id: LE, objective: "1", title: t, form: f, measure: {kind: mean, column: diem},
     comparator: "<=", threshold: 10, when: annual}
  - {id: NE, objective: "NV", title: t, form: f,
     measure: {kind: share, condition: [{column: loai, op: "!=", value: a}]},
     threshold: 50, when: annual}
  - {id: GT, objective: "1", title: t, form: f, scope: {where: [{column: diem, op: ">", value: 5}]},
     measure: {kind: count, condition: [{column: diem, op: "<", value: 20}]},
     unit: đơn vị, threshold: 1, when: annual}
"""


def test_other_operators_and_lower_is_better():
    spec = parse_spec(SMALL_SPEC)
    f = frame("f", [row("369", loai="a", diem=4), row("14320", loai="b", diem=8),
                    row("372", loai=None, diem=30)], spec=spec)  # fmt: skip
    results = {r.id: r for r in score_targets(spec, {"f": f}, 2023, DISTRICTS)}
    # LE: mean (4+8+30)/3 = 14 > 10 → not met; achievement 100 × 10/14 = 71.43
    assert results["LE"].value == 14.0
    assert results["LE"].achievement == pytest.approx(1000 / 14)
    assert results["LE"].status == "not_met"
    # NE: loai != a → only b; the blank row does not answer and is left out → 1 of 2
    assert results["NE"].value == pytest.approx(50.0)
    # GT: diem > 5 → 8, 30 in scope; of those < 20 → 8 → count 1, met
    assert (results["GT"].value, results["GT"].rows_in_scope, results["GT"].status) == (
        1.0,
        2,
        "met",
    )


def test_meets_tolerates_rounding():
    assert meets(99.99999999999, 100, ">=")
    assert not meets(99.9, 100, ">=")
    assert meets(10.0000000000001, 10, "<=")
    assert achievement(5.0, 10, "<=") == 200.0  # 100 × 10 / 5
    assert achievement(0.0, 10, "<=") is None
    assert achievement(None, 10, ">=") is None


# --- JSON --------------------------------------------------------------------


def test_json_keys_and_objective():
    r = score("T3.1c", {"chuyen_doi_so": CHUYEN_DOI_SO})
    data = r.to_json()
    assert list(data)[:13] == [
        "id", "objective", "title", "unit", "comparator", "threshold", "deadline",
        "value", "numerator", "denominator", "achievement", "status", "breakdown",
    ]  # fmt: skip
    assert data["objective"] == 3
    assert data["threshold"] == 60 and data["deadline"] == 2025
    assert (data["value"], data["numerator"], data["denominator"]) == (72.5, 290, 400)
    assert data["breakdown"][0] == {
        "code": "369", "name": "Thành phố Ninh Bình", "value": 50.0,
        "numerator": 50, "denominator": 100,
    }  # fmt: skip
    assert score("NV1", {"cap_uy": CAP_UY}).to_json()["objective"] == "NV"


def test_results_are_immutable():
    r = score("T1.1", {"cap_uy": CAP_UY})
    with pytest.raises(AttributeError):
        r.value = 100.0  # type: ignore[misc]
    assert isinstance(r.breakdown, tuple) and isinstance(r.breakdown[0], DistrictValue)
