"""A hand-made fixture scored end to end: every expected number worked out by hand.

`tests/data/hand/` holds a tiny registry (`units.csv`: province 37, districts 369 and
376, two communes each, 10 invented villages) and one small CSV per form for 2023.
`danvan score tests/data/hand/2023 --units tests/data/hand/units.csv --format json`
must give, for each of the 36 targets, exactly the value / numerator / denominator /
achievement / status / district breakdown written below (docs/contract.md §5-8, and
issue 10 for T3.2, NV4-NV6, NV9 and the new NV10-NV17).
The arithmetic is in the comment beside each literal; it was done from the CSV files,
never copied from danvan's output.

Two more year folders hold only what the other tests need:
- `2022/`: the year before, read by the `improves` targets of 2023 from the sibling
  folder: chi_so_tinh (NV10-NV13), doanh_nghiep (NV16), thon (NV17). Scored on its own
  it has no year before with those forms (2021 has none): NV10-NV17 not judged.
- `2021/`: the programme's first year (start 29/6/2021 -> July-December = 6 months):
  hoat_dong_tinh for NV6 (threshold 12 x 6/12 = 6) and a province chuyen_doi_so row
  with 0 public services (T3.2: zero denominator -> `no_data`, never 0 %).
- `2025/`: the programme's last year: hoat_dong_tinh for the NV7/NV8 window cut by the
  programme's end (2025-2026 -> `not_due`) and a whole-year NV6 (threshold 12).

Deliberate corner cases:
- T3.2 counts the province row only (issue 10): the district rows' services (369: 40/40,
  376: 10/30) are not added.
- chuyen_doi_so, commune 14623: the pair tong_so_ho_so_cong_viec /
  so_ho_so_xu_ly_tren_mang is blank ("not applicable"): it is left out of T3.1c, and
  the rest of that row (văn bản, cơ quan Đảng, tỷ lệ giảm họp) still counts.
- NV5 (share of units with `ty_le_giam_thoi_gian_hop` >= 40): blank cells are left out
  (not failures); 40 exactly counts.
- NV9 (share of party committees with yes): 14323 left the new column blank -> not
  counted (a share counts only rows that answer).
- NV16/NV17 (ratios): a row giving only one of the two parts is left out.
- NV11: the same value as the year before is no improvement; NV13: no value the year
  before -> `insufficient_data`; NV15 is tracked (no threshold).
- Met exactly at the threshold: T3.1a (90 %), T7.2 (80 %), T6.1 (85), NV6 (12), NV8 (1).
- doanh_nghiep: founded in 2023 and earlier; 25 workers exactly (in T5.1 scope) and 24
  (out); a 10-3 digit tax code; a tax code with a leading zero; one not eligible for a
  union (out of T5.2 scope).
- thon: a village with exactly 4 models (counts as >= 4); one village given by
  ma_xa + ten_thon instead of its code.
- ket_nap_dang: province-level rows (ma_don_vi 37 with to_chuc_dang) plus district rows
  (one with a blank to_chuc_dang, optional at huyen).
- Commune 14623 sent no cap_uy (nor doi_thoai) row -> completeness names it as missing.

Statuses (section 7): annual targets met / not_met (NV4 is annual since issue 10);
"by 2025" targets in 2023 are met if already reached, else in_progress; `improves`
targets met when higher than the year before (no threshold, no achievement); NV7/NV8 (every 2 years, window 2023-2024) in 2023 with
no other year of data: met if the sum is >= 1, else in_progress.
Achievement = 100 x value / threshold (not capped).
`breakdown` has one entry per district (369, 376) with rows in scope; rows of the
province itself (37) belong to no district, so province-only targets have none.
"""

from __future__ import annotations

import json
import shutil
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
        status="not_met",  # annual (issue 10: the document sets no deadline), < 100
        breakdown={
            "369": (50.0, 2, 4),  # 369a, 14320 yes; 369b, 14323 no
            "376": (100.0, 3, 3),
        },
    ),
    # ---------------------------------------------------------------- chuyen_doi_so
    # unit:  hồ sơ (total/online) | văn bản (total/signed) | DVC (total/level 4) | cơ quan Đảng | giảm họp
    # 37:    1000/900 | 2000/1900 | 150/120 | 10/10 | 45
    # 369:    500/380 |  800/800  |  40/40  |  4/3  | 38
    # 376:    400/300 |  600/540  |  30/10  |  3/3  | blank
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
        # province row only (issue 10): 120/150 = 80 %; the district rows (40/40, 10/30)
        # are not added (all rows would give (120 + 40 + 10) / (150 + 40 + 30) = 170/220)
        value=80.0, numerator=120, denominator=150,
        achievement=80.0,
        status="in_progress",  # by 2025, not yet reached
        breakdown={},  # the province row belongs to no district
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
        # share of tinh/huyen/xa rows giving a rate whose rate is >= 40 (blanks at 376,
        # 14620 left out): 37 45 yes, 369 38 no, 14320 40 yes (exactly), 14323 30 no,
        # 14623 35 no -> 2/5 = 40 %
        value=40.0, numerator=2, denominator=5,
        achievement=40.0,  # threshold 100
        status="in_progress",  # by 2025, not yet reached
        breakdown={
            "369": (33.333333333333336, 1, 3),  # 369 no, 14320 yes, 14323 no -> 1/3
            "376": (0.0, 0, 1),  # 14623 (35) only; 376, 14620 blank
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
    # 37: 12 months with a broadcast (14 broadcasts, not scored), 0 "Dân vận khéo"
    # conferences, 1 "người có uy tín" conference, Có
    "NV6": dict(
        # so_thang_co_chuyen_muc_dan_van = 12; 2023 is a whole programme year: threshold 12
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
    # ---------------------------------------------------------------- cap_uy, NV9
    # co_chi_dao_thang_cao_diem_dan_van: 37 Có, 369 Có, 376 Không, 14320 Có, 14323 blank,
    # 14620 Có (14623 sent no row)
    "NV9": dict(
        value=80.0, numerator=4, denominator=5,  # 14323 answers nothing: 4 yes of 5 -> 80 %
        achievement=80.0,
        status="not_met",  # annual, < 100
        breakdown={
            "369": (100.0, 2, 2),  # 369, 14320 yes; 14323 blank, not counted
            "376": (50.0, 1, 2),  # 376 no, 14620 yes
        },
    ),
    # ---------------------------------------------------------------- chi_so_tinh (improves)
    # 2023 (37): PAR INDEX 85.5, SIPAS 82.1, PCI 66.2, PAPI 43.0
    # 2022 (sibling folder): 84.0, 82.1, 67.5, blank
    "NV10": dict(
        value=85.5, numerator=None, denominator=None, achievement=None,
        status="met",  # 85.5 > 84.0
        breakdown={}, threshold=None, previous={"year": 2022, "value": 84.0},
    ),
    "NV11": dict(
        value=82.1, numerator=None, denominator=None, achievement=None,
        status="not_met",  # 82.1 = 82.1: no improvement
        breakdown={}, threshold=None, previous={"year": 2022, "value": 82.1},
    ),
    "NV12": dict(
        value=66.2, numerator=None, denominator=None, achievement=None,
        status="not_met",  # 66.2 < 67.5
        breakdown={}, threshold=None, previous={"year": 2022, "value": 67.5},
    ),
    "NV13": dict(
        value=43.0, numerator=None, denominator=None, achievement=None,
        status="insufficient_data",  # PAPI blank in 2022: cannot be judged
        breakdown={}, threshold=None, previous={"year": 2022, "value": None},
    ),
    # ---------------------------------------------------------------- on_dinh_co_so
    # (new hot spots, new mass complaints, "Dân vận khéo" models): 369 0,0,2; 376 1,0,1;
    # 14320 0,0,1; 14323 0,2,0; 14620 0,0,blank; 14623 0,1,3
    "NV14": dict(
        value=50.0, numerator=3, denominator=6,  # both 0: 369, 14320, 14620 -> 3/6
        achievement=50.0,
        status="not_met",  # annual, < 100
        breakdown={
            "369": (66.66666666666667, 2, 3),  # 369, 14320 yes; 14323 (2 complaints) no
            "376": (33.333333333333336, 1, 3),  # 14620 yes; 376 (1 hot spot), 14623 (1) no
        },
    ),
    "NV15": dict(
        value=7, numerator=None, denominator=None,  # 2 + 1 + 1 + 0 + 3 = 7 (14620 blank)
        achievement=None,
        status="tracked",  # no threshold: shown, never met / not met
        breakdown={
            "369": (3, None, None),  # 2 + 1 + 0
            "376": (4, None, None),  # 1 + 3
        },
        threshold=None, tracked=True,
    ),
    # ---------------------------------------------------------------- doanh_nghiep, NV16
    # (district, workers, union members): 1: 369 120 90 | 2: 14320 25 0 | 3: 14323 24 20
    # 4: 376 300 240 | 5: 14620 60 blank | 6: 14623 40 30 | 7: 369 10 blank
    # 8: 376 80 60 | 9: 14320 5 0
    # 2022 (sibling folder): 1: 120 80 | 6: 40 blank | 8: 80 60 -> (80 + 60) / (120 + 80)
    # = 140/200 = 70 %
    "NV16": dict(
        # rows giving both (5, 7 left out): (90 + 0 + 20 + 240 + 30 + 60 + 0) /
        # (120 + 25 + 24 + 300 + 40 + 80 + 5) = 440/594 = 20/27 = 74.074074…%
        value=74.07407407407408, numerator=440, denominator=594,
        achievement=None,
        status="met",  # 74.07 % > 70 %
        breakdown={
            "369": (63.2183908045977, 110, 174),  # (90 + 0 + 20 + 0) / (120 + 25 + 24 + 5)
            "376": (78.57142857142857, 330, 420),  # (240 + 30 + 60) / (300 + 40 + 80)
        },
        threshold=None, previous={"year": 2022, "value": 70.0},
    ),
    # ---------------------------------------------------------------- thon, NV17
    # (households, attending): 14320-01 120/90, 14320-02 100/80, 14323-01 80/60,
    # 14323-02 90/blank, 14620-01 150/100, 14620-02 60/30, 14620-03 blank/blank,
    # 14623-01 50/50, 14623-02 70/35, 14623-03 80/40
    # 2022 (sibling folder): 14320-01 100/80, 14620-01 100/75, 14623-01 50/blank
    # -> 155/200 = 77.5 %
    "NV17": dict(
        # (90 + 80 + 60 + 100 + 30 + 50 + 35 + 40) / (120 + 100 + 80 + 150 + 60 + 50 + 70 + 80)
        # = 485/710 = 68.309859…%
        value=68.30985915492958, numerator=485, denominator=710,
        achievement=None,
        status="not_met",  # 68.31 % < 77.5 %: a fall
        breakdown={
            "369": (76.66666666666667, 230, 300),  # (90 + 80 + 60) / (120 + 100 + 80)
            "376": (62.19512195121951, 255, 410),  # (100 + 30 + 50 + 35 + 40) / (150 + 60 + 50 + 70 + 80)
        },
        threshold=None, previous={"year": 2022, "value": 77.5},
    ),
}

ALL_IDS = ["T1.1", "T1.2", "T2.1", "T2.2", "T3.1a", "T3.1b", "T3.1c", "T3.2", "T3.3",
           "T3.4", "T4.1", "T4.2", "T4.3", "T5.1", "T5.2", "T5.3", "T6.1", "T7.1", "T7.2",
           "NV1", "NV2", "NV3", "NV4", "NV5", "NV6", "NV7", "NV8", "NV9", "NV10", "NV11",
           "NV12", "NV13", "NV14", "NV15", "NV16", "NV17"]

# Optional keys checked when an expected entry gives them (improves, tracked, prorated).
EXTRA_KEYS = ("threshold", "previous", "tracked", "threshold_full", "months")


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


def test_expected_table_covers_all_36_targets():
    assert sorted(EXPECTED) == sorted(ALL_IDS)
    assert len(ALL_IDS) == 36


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
    # Biểu 11: the province only; Biểu 12: 2 districts + 4 communes, all sent
    chi_so = completeness["chi_so_tinh"]
    assert (chi_so["expected"], chi_so["received"], chi_so["missing"]) == (1, 1, [])
    on_dinh = completeness["on_dinh_co_so"]
    assert (on_dinh["expected"], on_dinh["received"], on_dinh["missing"]) == (6, 6, [])


@pytest.mark.parametrize("target_id", ALL_IDS)
def test_target(by_id, target_id):
    got, want = by_id[target_id], EXPECTED[target_id]
    problems = [f"{key}: got {got.get(key)!r}, expected {want[key]!r}"
                for key in ("value", "numerator", "denominator", "achievement")
                if not _same(got.get(key), want[key])]
    if got.get("status") != want["status"]:
        problems.append(f"status: got {got.get('status')!r}, expected {want['status']!r}")
    problems += _extra_problems(got, want)

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


def _extra_problems(got: dict, want: dict) -> list[str]:
    problems = []
    for key in EXTRA_KEYS:
        if key not in want:
            continue
        if key == "previous" and want[key] is not None and got.get(key) is not None:
            same = (got[key].get("year") == want[key]["year"]
                    and _same(got[key].get("value"), want[key]["value"]))
        elif isinstance(want[key], bool):
            same = got.get(key) is want[key]
        else:
            same = _same(got.get(key), want[key])
        if not same:
            problems.append(f"{key}: got {got.get(key)!r}, expected {want[key]!r}")
    return problems


def test_validate_accounts_for_every_row():
    result = _invoke("validate", str(YEAR_DIR), "--units", str(UNITS), "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schema"] == "danvan.validation/1"
    summary = report["summary"]
    # data rows in the twelve CSV files: 6 + 12 + 7 + 9 + 7 + 12 + 9 + 5 + 10 + 1 (the
    # ten original forms of docs/contract.md §5) + 1 (chi_so_tinh) + 6 (on_dinh_co_so) = 85
    assert summary["rows_read"] == 85
    assert summary["rows_read"] == (
        summary["rows_accepted"] + summary["rows_skipped"] + summary["rows_rejected"])
    assert summary["rows_accepted"] == 85
    assert [i for i in report["issues"] if i["severity"] == "error"] == []


# ------------------------------------------------------------------- other years
# Only the fields each test is about; every figure worked out by hand from the CSV files.


def _score_folder(folder: Path) -> dict[str, dict]:
    result = _invoke("score", str(folder), "--units", str(UNITS), "--format", "json")
    assert result.exit_code == 0, result.stderr
    card = json.loads(result.stdout)
    assert [i for i in card["issues"] if i["severity"] == "error"] == []
    return {t["id"]: t for t in card["targets"]}


def _check(got: dict, **want) -> None:
    problems = [f"{key}: got {got.get(key)!r}, expected {value!r}" for key, value in want.items()
                if key not in ("status", "previous", "tracked") and not _same(got.get(key), value)]
    if "status" in want and got.get("status") != want["status"]:
        problems.append(f"status: got {got.get('status')!r}, expected {want['status']!r}")
    problems += _extra_problems(got, {k: v for k, v in want.items() if k in ("previous", "tracked")})
    assert not problems, f"{got['id']}:\n  " + "\n  ".join(problems)


def test_improves_in_the_year_without_its_year_before():
    # 2022 scored: the sibling 2021 folder has none of chi_so_tinh, doanh_nghiep, thon,
    # so the year before has no value and nothing can be judged
    by_id = _score_folder(HAND / "2022")
    before = {"year": 2021, "value": None}
    _check(by_id["NV10"], value=84.0, status="insufficient_data", previous=before)
    _check(by_id["NV11"], value=82.1, status="insufficient_data", previous=before)
    _check(by_id["NV12"], value=67.5, status="insufficient_data", previous=before)
    # PAPI blank in 2022: no value at all -> no data
    _check(by_id["NV13"], value=None, status="no_data", previous=before)
    # (80 + 60) / (120 + 80) = 140/200 = 70 %; 14623's enterprise gives no members
    _check(by_id["NV16"], value=70.0, numerator=140, denominator=200, status="insufficient_data",
           previous=before)
    # (80 + 75) / (100 + 100) = 155/200 = 77.5 %; 14623-01 gives no attendance
    _check(by_id["NV17"], value=77.5, numerator=155, denominator=200, status="insufficient_data",
           previous=before)


def test_improves_without_any_sibling_folder(tmp_path):
    # 2023 copied alone: no 2022 folder beside it -> the same values as the fixture, none judged
    folder = tmp_path / "2023"
    shutil.copytree(YEAR_DIR, folder)
    by_id = _score_folder(folder)
    before = {"year": 2022, "value": None}
    for target_id, value in (("NV10", 85.5), ("NV11", 82.1), ("NV12", 66.2), ("NV13", 43.0),
                             ("NV16", 74.07407407407408), ("NV17", 68.30985915492958)):
        _check(by_id[target_id], value=value, status="insufficient_data", previous=before,
               threshold=None, achievement=None)
    # targets that do not look back are unchanged: NV14 3/6, NV15 7 (tracked)
    _check(by_id["NV14"], value=50.0, status="not_met")
    _check(by_id["NV15"], value=7, status="tracked", tracked=True)


def test_first_year_nv6_is_prorated_from_the_start_date():
    # programme.start_date 2021-06-29: July-December 2021 = 6 months -> threshold 12 x 6/12 = 6;
    # 2021/hoat_dong_tinh.csv gives 6 months with a broadcast -> 6 >= 6, met, 100 x 6/6 = 100
    by_id = _score_folder(HAND / "2021")
    _check(by_id["NV6"], value=6, threshold=6, threshold_full=12, months=6, achievement=100.0,
           status="met")
    # the province row reports 0 public services: zero denominator -> no data, never 0 %
    _check(by_id["T3.2"], value=None, numerator=0, denominator=0, achievement=None, status="no_data")


def test_first_year_nv6_one_month_short(tmp_path):
    # the same 2021 file with 5 months: 5 < 6 -> not met, 100 x 5/6 = 83.333…
    folder = tmp_path / "2021"
    folder.mkdir()
    text = (HAND / "2021" / "hoat_dong_tinh.csv").read_text(encoding="utf-8")
    assert "\n37,Tỉnh Ninh Bình,2021,6,6," in text
    (folder / "hoat_dong_tinh.csv").write_text(
        text.replace("\n37,Tỉnh Ninh Bình,2021,6,6,", "\n37,Tỉnh Ninh Bình,2021,5,6,"), encoding="utf-8")
    by_id = _score_folder(folder)
    _check(by_id["NV6"], value=5, threshold=6, threshold_full=12, months=6,
           achievement=83.33333333333333, status="not_met")


def test_window_cut_by_the_programme_end_is_not_due():
    # windows of 2 years from 2021: 2021-22, 2023-24, 2025-26; the programme ends in 2025, so the
    # 2025 window is cut and never judged: not_due whatever the value (0 conferences for NV7,
    # which a whole window would show in_progress; 1 for NV8, which would be met)
    by_id = _score_folder(HAND / "2025")
    _check(by_id["NV7"], value=0, status="not_due")
    _check(by_id["NV8"], value=1, status="not_due")
    # 2025 is a whole programme year: NV6 threshold 12 (no proration), 11 months < 12 -> not met
    _check(by_id["NV6"], value=11, threshold=12, months=12, achievement=91.66666666666667, status="not_met")


def test_nv6_shows_the_number_of_broadcasts_beside_the_months(by_id):
    # hoat_dong_tinh.csv: 12 months with a broadcast (judged), 14 broadcasts (shown, not judged)
    assert by_id["NV6"]["value"] == 12 and by_id["NV6"]["shown_beside"] == {"so_ky_chuyen_muc_dan_van": 14}
    assert by_id["T1.1"]["shown_beside"] == {}


def test_shown_beside_must_name_a_number_column_of_the_form():
    from danvan_cli.errors import SpecError
    from danvan_cli.spec.load import parse_spec

    text = (Path(__file__).resolve().parents[1] / "targets.yaml").read_text(encoding="utf-8")
    bad = text.replace("shown_beside: [so_ky_chuyen_muc_dan_van]", "shown_beside: [ten_don_vi]", 1)
    assert bad != text
    line = bad.splitlines().index(next(ln for ln in bad.splitlines() if "shown_beside: [ten_don_vi]" in ln)) + 1
    with pytest.raises(SpecError) as raised:
        parse_spec(bad)
    assert "targets.NV6.shown_beside" in str(raised.value) and f"dòng {line}" in str(raised.value)
