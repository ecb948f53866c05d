"""The 2025 reorganisation (issue 11) on tiny hand-made year folders.

Read with the bundled Ninh Bình registries (2020-2024 until 31/12/2024; 2025-01 for
1/1-30/6/2025; 2025-07 from 1/7/2025, province 37 `wider`) and the bundled crosswalk,
unless a test writes its own registry. Every expected figure is worked out by hand in
the comment beside it, from the CSV rows written here and the bundled CSV files
(`danvan_cli/bundled/`); none was copied from danvan's output.

Facts of the bundled data the tests rest on (read from the CSV files):
- 14329 = Phường Vân Giang (2020-2024: under 369; 2025-01: under 374 Thành phố Hoa Lư),
  Phường Hoa Lư in 2025-07 (its 2020-2024 communes lie in 369 Thành phố Ninh Bình and
  374 Huyện Hoa Lư).
- 14362 = Phường Bắc Sơn (2025-01, under 370 Thành phố Tam Điệp), Phường Tam Điệp (2025-07).
- 14563 = Xã Khánh Tiên (2020-2024), Xã Khánh Thiện in 2025-01 (under 375 Huyện Yên Khánh)
  *and* in 2025-07: the same name in both 2025 vintages. 2025-07's Khánh Thiện =
  2025-01's {14563 Khánh Thiện, 14572 Khánh Lợi, 14578 Khánh Cường} = 2020-2024's
  {14563 Khánh Tiên, 14584 Khánh Thiện, 14572, 14578}.
- 14584 = Xã Khánh Thiện until 31/12/2024 only.
- 374 = Huyện Hoa Lư (2020-2024), Thành phố Hoa Lư (2025-01); no 374 in 2025-07.
- 14746 = Xã Yên Đồng (2020-2024, 2025-01, under 377 Huyện Yên Mô), Xã Đồng Thái (2025-07)
  = {14734 Xã Yên Thành, 14746 Xã Yên Đồng, 14749 Xã Yên Thái}, whole communes, in both
  earlier vintages.
- 14488 Xã Gia Vân (2025-07) ← 2025-01 {14479 Gia Vân, 14488 Gia Lập, part of 14503 Gia Tân};
  14533 Phường Tây Hoa Lư ← {14437 Phúc Sơn (2020-2024: 14437 Sơn Lai + 14455 Sơn Hà),
  14521 Gia Sinh, 14530 Ninh Giang, 14533 Trường Yên, 14542 Ninh Hòa, part of 14503}:
  the split joins them into the one comparison area `14488+14533`.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from reorg_fixtures import (
    cap_uy,
    chuyen_doi_so,
    issues_of,
    ket_nap,
    mat_tran,
    target,
    year_folder,
)
from typer.testing import CliRunner

from danvan_cli import api
from danvan_cli.cli import app
from danvan_cli.errors import RegistryError
from danvan_cli.spec import load_spec

# the 39 units of 1/7/2025 (danvan_cli/bundled/ninh-binh-units-2025-07.csv, province 37 aside)
NEW_UNITS = (
    "14329 14359 14362 14365 14371 14389 14401 14404 14407 14428 14434 14452 14458 14464 "
    "14482 14488 14494 14500 14524 14533 14560 14563 14566 14608 14611 14614 14620 14623 "
    "14638 14647 14653 14674 14677 14698 14701 14725 14728 14743 14746"
).split()

SPAN_2025_01 = "2025-01: 1/1/2025-30/6/2025"
SPAN_2025_07 = "2025-07: từ 1/7/2025"


def _frame(sub, form: str = "cap_uy"):
    return sub.frames[form]


def _resolved(sub, form: str = "cap_uy") -> list[tuple[str, str, str]]:
    """(ma_don_vi, _unit, _vintage) of every accepted row."""
    f = _frame(sub, form)
    return list(zip(f["ma_don_vi"], f["_unit"], f["_vintage"], strict=True))


def _breakdown(card: dict, target_id: str = "T1.1") -> dict[str, tuple]:
    return {d["code"]: (d["name"], d["numerator"], d["denominator"], d.get("old_districts"))
            for d in target(card, target_id)["breakdown"]}


# ---------------------------------------------------------------------------------------------
# 1. Reused codes: resolved by the name beside them, refused without one
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("code", "name", "key", "vintage", "district", "district_name", "old"),
    [
        # 2025-01's Vân Giang lies in 374 Thành phố Hoa Lư (the breakdown unit of 2025-01)
        ("14329", "Phường Vân Giang", "14329@2025-01", "2025-01", "374", "Thành phố Hoa Lư", None),
        # 2025-07's Hoa Lư is itself a breakdown unit; its old communes lie in 369 and 374
        ("14329", "Phường Hoa Lư", "14329", "2025-07", "14329", "Phường Hoa Lư",
         ["Huyện Hoa Lư", "Thành phố Ninh Bình"]),
        # 2025-01's Bắc Sơn lies in 370 Thành phố Tam Điệp
        ("14362", "Phường Bắc Sơn", "14362@2025-01", "2025-01", "370", "Thành phố Tam Điệp", None),
        # 2025-07's Tam Điệp: old communes 14362 Bắc Sơn, 14369 Tây Sơn, 14377 Quang Sơn, all in 370
        ("14362", "Phường Tam Điệp", "14362", "2025-07", "14362", "Phường Tam Điệp", ["Thành phố Tam Điệp"]),
    ],
)
def test_a_reused_code_is_resolved_by_the_name_beside_it(tmp_path, code, name, key, vintage, district,
                                                          district_name, old):
    folder = year_folder(tmp_path, 2025)
    cap_uy(folder, 2025, [(code, name, 10, 9)])
    sub = api.validate([folder])
    assert _resolved(sub) == [(code, key, vintage)]
    assert not issues_of(sub.issues, "unit-ambiguous") and not issues_of(sub.issues, "unit-unknown")
    card = api.score([folder]).to_json()
    t11 = target(card, "T1.1")
    assert (t11["numerator"], t11["denominator"]) == (9, 10)  # the one row: 9/10 = 90 %
    assert t11["value"] == pytest.approx(90.0)
    assert _breakdown(card) == {district: (district_name, 9, 10, old)}


@pytest.mark.parametrize(
    ("code", "old_name", "new_name"),
    [("14329", "Phường Vân Giang", "Phường Hoa Lư"), ("14362", "Phường Bắc Sơn", "Phường Tam Điệp")],
)
def test_a_reused_code_without_a_name_is_ambiguous_and_names_both_meanings(tmp_path, code, old_name, new_name):
    folder = year_folder(tmp_path, 2025)
    cap_uy(folder, 2025, [(code, "", 10, 9)])
    sub = api.validate([folder])
    found = issues_of(sub.issues, "unit-ambiguous")
    assert [(i.cell, i.severity) for i in found] == [("A2", "error")]
    message = found[0].message()
    assert f"{code} {old_name} ({SPAN_2025_01})" in message
    assert f"{code} {new_name} ({SPAN_2025_07})" in message
    assert len(_frame(sub)) == 0  # the row is refused: it counts in no unit


def _khanh_thien(tmp_path: Path, label: str, others: list[tuple[str, str, int, int]]):
    folder = year_folder(tmp_path / label, 2025)
    cap_uy(folder, 2025, [("14563", "Xã Khánh Thiện", 12, 11), *others])
    return folder


def test_same_name_in_both_vintages_settled_by_the_files_2025_07_rows(tmp_path):
    # 14329 Phường Hoa Lư is 2025-07 only: the file is of 2025-07, so 14563 is 2025-07's Khánh Thiện
    folder = _khanh_thien(tmp_path, "new", [("14329", "Phường Hoa Lư", 20, 18)])
    sub = api.validate([folder])
    assert _resolved(sub) == [("14563", "14563", "2025-07"), ("14329", "14329", "2025-07")]
    card = api.score([folder]).to_json()
    # both rows are breakdown units of 2025-07; total (11 + 18) / (12 + 20) = 29/32
    assert (target(card, "T1.1")["numerator"], target(card, "T1.1")["denominator"]) == (29, 32)
    # Khánh Thiện's old communes (14563, 14572, 14578, 14584) all lie in 375 Huyện Yên Khánh
    assert _breakdown(card) == {"14563": ("Xã Khánh Thiện", 11, 12, ["Huyện Yên Khánh"]),
                                "14329": ("Phường Hoa Lư", 18, 20, ["Huyện Hoa Lư", "Thành phố Ninh Bình"])}


def test_same_name_in_both_vintages_settled_by_the_files_2025_01_rows(tmp_path):
    # 14572 Xã Khánh Lợi exists in 2025-01 only (it went into Khánh Thiện on 1/7/2025): the file is
    # of 2025-01, so 14563 is 2025-01's Khánh Thiện, in 375 Huyện Yên Khánh
    folder = _khanh_thien(tmp_path, "old", [("14572", "Xã Khánh Lợi", 8, 7)])
    sub = api.validate([folder])
    assert _resolved(sub) == [("14563", "14563@2025-01", "2025-01"), ("14572", "14572", "2025-01")]
    assert not issues_of(sub.issues, "unit-overlap")  # two 2025-01 communes: no territory twice
    card = api.score([folder]).to_json()
    # one breakdown unit, the district 375: (11 + 7) / (12 + 8) = 18/20 = 90 %
    assert _breakdown(card) == {"375": ("Huyện Yên Khánh", 18, 20, None)}


def test_same_name_in_both_vintages_alone_is_read_at_the_reporting_date(tmp_path):
    # nothing else in the file: the vintage in force on 31/12/2025, 2025-07
    folder = _khanh_thien(tmp_path, "alone", [])
    assert _resolved(api.validate([folder])) == [("14563", "14563", "2025-07")]


def test_district_code_374_is_huyen_hoa_lu_in_2024_and_thanh_pho_hoa_lu_in_2025(tmp_path):
    y2024, y2025 = year_folder(tmp_path, 2024), year_folder(tmp_path, 2025)
    ket_nap(y2024, 2024, [("374", "Huyện Hoa Lư", 10, 3)])
    ket_nap(y2025, 2025, [("374", "Thành phố Hoa Lư", 12, 4)])
    sub24, sub25 = api.validate([y2024]), api.validate([y2025])
    assert _resolved(sub24, "ket_nap_dang") == [("374", "374", "2020-2024")]
    assert _resolved(sub25, "ket_nap_dang") == [("374", "374", "2025-01")]  # no 374 in 2025-07
    assert not issues_of(sub25.issues, "unit-level") and not issues_of(sub25.issues, "unit-name-mismatch")
    # T6.1 = sum of so_dang_vien_moi_co_ton_giao: 3 in 2024, 4 in 2025, one breakdown unit each
    t24 = target(api.score([y2024]).to_json(), "T6.1")
    t25 = target(api.score([y2025]).to_json(), "T6.1")
    assert (t24["value"], [(d["code"], d["name"], d["value"]) for d in t24["breakdown"]]) == (
        3, [("374", "Huyện Hoa Lư", 3)])
    assert (t25["value"], [(d["code"], d["name"], d["value"]) for d in t25["breakdown"]]) == (
        4, [("374", "Thành phố Hoa Lư", 4)])


def _scope_notes(sub) -> list[str]:
    return [i.params["detail"] for i in issues_of(sub.issues, "unit-vintage")]


def test_province_37_in_2025_is_the_old_territory_by_default(tmp_path):
    folder = year_folder(tmp_path, 2025)
    cap_uy(folder, 2025, [("37", "Tỉnh Ninh Bình", 50, 45)])
    sub = api.validate([folder])
    # old territory = the 2025-01 meaning (not `wider`)
    assert _resolved(sub) == [("37", "37", "2025-01")]
    assert any("37 Tỉnh Ninh Bình" in n and "địa bàn tỉnh cũ, địa bàn của Đề án (--scope old-territory)" in n
               for n in _scope_notes(sub))
    sub = api.validate([folder], scope="new-province")
    assert _resolved(sub) == [("37", "37", "2025-07")]  # the wider province of 1/7/2025
    assert any("37 Tỉnh Ninh Bình" in n and "đơn vị mới, rộng hơn địa bàn Đề án (--scope new-province)" in n
               for n in _scope_notes(sub))


def test_province_rows_break_with_scope_new_province(tmp_path):
    cap_uy(year_folder(tmp_path, 2024), 2024, [("37", "Tỉnh Ninh Bình", 50, 45)])  # 45/50 = 90 %
    cap_uy(year_folder(tmp_path, 2025), 2025, [("37", "Tỉnh Ninh Bình", 50, 47)])  # 47/50 = 94 %
    wide = api.summary(tmp_path, scope="new-province").to_json()
    t11 = target(wide, "T1.1")
    # 2024: the old province; 2025: the merged province (wider) -> the series breaks at 2025
    assert t11["comparable"] is False
    assert t11["breaks"] == [{"year": 2025, "from_vintage": "2020-2024", "to_vintage": "2025-07",
                              "reason": "scope_changed",
                              "text": "đổi phạm vi 1/7/2025: số liệu của đơn vị rộng hơn địa bàn Đề án (tỉnh mới)"}]
    assert t11["segment"] == {"from": 2025, "to": 2025}
    assert (t11["years"]["2024"]["value"], t11["years"]["2025"]["value"]) == (pytest.approx(90.0), pytest.approx(94.0))
    assert (t11["years"]["2024"]["comparable"], t11["years"]["2025"]["comparable"]) == (False, True)
    assert t11["trend"] is None  # one point (2025) after the break
    # by default 37 is the old territory in both years: a ratio of sums and a share of the same
    # unit (2020-2024's 37 -> 2025-01's 37, whole to whole) both continue
    old = api.summary(tmp_path).to_json()
    for tid in ("T1.1", "NV1"):
        assert (target(old, tid)["comparable"], target(old, tid)["breaks"]) == (True, [])
    assert target(old, "T1.1")["trend"] == "up"  # 90 -> 94


def test_a_code_of_an_earlier_vintage_only_is_unknown_and_says_where_it_exists(tmp_path):
    folder = year_folder(tmp_path, 2025)
    cap_uy(folder, 2025, [("14584", "Xã Khánh Thiện", 5, 5)])
    found = issues_of(api.validate([folder]).issues, "unit-unknown")
    assert [(i.cell, i.severity) for i in found] == [("A2", "error")]
    assert "mã 14584 là Xã Khánh Thiện đến 31/12/2024" in found[0].message()


# ---------------------------------------------------------------------------------------------
# 2. A ratio of sums is the same whichever vintage reported the territory
# ---------------------------------------------------------------------------------------------

def test_ratio_of_sums_equal_whichever_vintage_reported_the_territory(tmp_path):
    new = year_folder(tmp_path / "new", 2025)
    old = year_folder(tmp_path / "old", 2025)
    cap_uy(new, 2025, [("37", "Tỉnh Ninh Bình", 50, 48), ("14746", "Xã Đồng Thái", 45, 42)])
    cap_uy(old, 2025, [("37", "Tỉnh Ninh Bình", 50, 48), ("14734", "Xã Yên Thành", 15, 14),
                       ("14746", "Xã Yên Đồng", 16, 15), ("14749", "Xã Yên Thái", 14, 13)])
    # old: 15 + 16 + 14 = 45 members, 14 + 15 + 13 = 42 exemplary: the same as Đồng Thái's 42/45
    # T1.1 both = (48 + 42) / (50 + 45) = 90/95 = 94.736842105263…%
    a, b = api.score([new]).to_json(), api.score([old]).to_json()
    for card in (a, b):
        t11 = target(card, "T1.1")
        assert (t11["numerator"], t11["denominator"]) == (90, 95)
        assert t11["value"] == pytest.approx(9000 / 95)
    assert _resolved(api.validate([old]))[2] == ("14746", "14746@2025-01", "2025-01")  # Yên Đồng by name
    # the breakdown: Đồng Thái itself (old district Yên Mô) vs the 2025-01 district 377 Yên Mô
    assert _breakdown(a) == {"14746": ("Xã Đồng Thái", 42, 45, ["Huyện Yên Mô"])}
    assert _breakdown(b) == {"377": ("Huyện Yên Mô", 42, 45, None)}


# ---------------------------------------------------------------------------------------------
# 3. A share of units breaks where the units change; a ratio of sums does not
# ---------------------------------------------------------------------------------------------

def test_share_of_units_breaks_in_2025_ratio_of_sums_continues(tmp_path):
    yt, ya, dt = ("14734", "Xã Yên Thành"), ("14749", "Xã Yên Thái"), ("14746", "Xã Đồng Thái")
    # T4.2: rows (unit, organisation, so_cuoc_giam_sat); share of rows with >= 1
    supervisions = {
        2021: [(*yt, "mttq", 1), (*yt, "phu_nu", 1), (*ya, "mttq", 0), (*ya, "phu_nu", 2)],  # 3/4 = 75
        2022: [(*yt, "mttq", 1), (*yt, "phu_nu", 1), (*ya, "mttq", 1), (*ya, "phu_nu", 1)],  # 4/4 = 100
        2023: [(*yt, "mttq", 0), (*yt, "phu_nu", 1), (*ya, "mttq", 0), (*ya, "phu_nu", 1)],  # 2/4 = 50
        2024: [(*yt, "mttq", 1), (*yt, "phu_nu", 0), (*ya, "mttq", 1), (*ya, "phu_nu", 1)],  # 3/4 = 75
        2025: [(*dt, "mttq", 1), (*dt, "phu_nu", 0)],  # 1/2 = 50
    }
    # T1.1: (unit, members, exemplary)
    committees = {
        2021: [(*yt, 10, 8), (*ya, 10, 8)],  # 16/20 = 80
        2022: [(*yt, 10, 8), (*ya, 10, 9)],  # 17/20 = 85
        2023: [(*yt, 10, 9), (*ya, 10, 9)],  # 18/20 = 90
        2024: [(*yt, 10, 9), (*ya, 10, 10)],  # 19/20 = 95
        2025: [(*dt, 20, 20)],  # 20/20 = 100
    }
    # NV5 (a by-2025 share, so it has a projection): rows with ty_le_giam_thoi_gian_hop >= 40
    meetings = {
        2021: [(*yt, 30), (*ya, 40)],  # 1/2 = 50
        2022: [(*yt, 45), (*ya, 20)],  # 1/2 = 50
        2023: [(*yt, 40), (*ya, 50)],  # 2/2 = 100
        2024: [(*yt, 60), (*ya, 41)],  # 2/2 = 100
        2025: [(*dt, 30)],  # 0/1 = 0
    }
    for year in range(2021, 2026):
        folder = year_folder(tmp_path, year)
        mat_tran(folder, year, supervisions[year])
        cap_uy(folder, year, committees[year])
        chuyen_doi_so(folder, year, meetings[year])
    data = api.summary(tmp_path).to_json()

    t42 = target(data, "T4.2")
    assert [t42["years"][str(y)]["value"] for y in range(2021, 2026)] == pytest.approx([75, 100, 50, 75, 50])
    assert t42["comparable"] is False
    assert [{k: b[k] for k in ("year", "from_vintage", "to_vintage", "reason")} for b in t42["breaks"]] == [
        {"year": 2025, "from_vintage": "2020-2024", "to_vintage": "2025-07", "reason": "units_changed"}]
    assert t42["breaks"][0]["text"].startswith("đổi đơn vị hành chính 1/7/2025")
    assert t42["segment"] == {"from": 2025, "to": 2025}
    assert [t42["years"][str(y)]["comparable"] for y in range(2021, 2026)] == [False, False, False, False, True]
    # across all five years the least-squares slope would be (x - 2023, y - 70):
    # (-2)(5) + (-1)(30) + 0 + (1)(5) + (2)(-20) = -75 -> "down"; after the break one point -> None
    assert t42["trend"] is None
    assert t42["projection"] is None  # annual target: never projected

    nv5 = target(data, "NV5")
    assert [nv5["years"][str(y)]["value"] for y in range(2021, 2026)] == pytest.approx([50, 50, 100, 100, 0])
    assert (nv5["comparable"], [b["reason"] for b in nv5["breaks"]]) == (False, ["units_changed"])
    # over all years: mean 60, slope ((-2)(-10) + (-1)(-10) + 0 + (1)(40) + (2)(-60)) / 10 = -5,
    # projection at 2025 = 60 - 5 x 2 = 50 and trend "down"; after the break one point -> neither
    assert (nv5["projection"], nv5["trend"], nv5["progress_ratio"]) == (None, None, None)

    t11 = target(data, "T1.1")
    assert [t11["years"][str(y)]["value"] for y in range(2021, 2026)] == pytest.approx([80, 85, 90, 95, 100])
    assert (t11["comparable"], t11["breaks"], t11["segment"]) == (True, [], None)
    assert all(t11["years"][str(y)]["comparable"] for y in range(2021, 2026))
    assert t11["trend"] == "up"  # slope 5 a year over the five years (one point would give None)
    assert t11["years_with_data"] == 5


# ---------------------------------------------------------------------------------------------
# 4. Comparison areas: sums over the crosswalk's members, the split joins two new units
# ---------------------------------------------------------------------------------------------

def test_summary_by_area_sums_the_crosswalk_members(tmp_path):
    cap_uy(year_folder(tmp_path, 2024), 2024, [
        ("14479", "Xã Gia Vân", 10, 9), ("14503", "Xã Gia Tân", 12, 12), ("14533", "Xã Trường Yên", 8, 6),
        ("14563", "Xã Khánh Tiên", 6, 5), ("14584", "Xã Khánh Thiện", 7, 7), ("14572", "Xã Khánh Lợi", 8, 6),
        ("14578", "Xã Khánh Cường", 9, 8),
    ])
    cap_uy(year_folder(tmp_path, 2025), 2025, [
        ("14488", "Xã Gia Vân", 20, 18), ("14533", "Phường Tây Hoa Lư", 25, 20),
        ("14563", "Xã Khánh Thiện", 30, 28),
    ])
    data = api.summary(tmp_path, by_area=True).to_json()

    areas = {a["id"]: a for a in data["areas"]}
    assert len(areas) == 38  # 37 exact unions + {Gia Vân + Tây Hoa Lư}
    assert "14488" not in areas and "14533" not in areas
    joined = areas["14488+14533"]
    assert joined["name"] == "Xã Gia Vân + Phường Tây Hoa Lư"
    members = {}
    for m in joined["members"]:
        members.setdefault(m["vintage"], set()).add(m["code"])
    assert members == {
        "2020-2024": {"14437", "14455", "14479", "14488", "14503", "14521", "14530", "14533", "14542"},
        "2025-01": {"14437", "14479", "14488", "14503", "14521", "14530", "14533", "14542"},
        "2025-07": {"14488", "14533"},
    }
    assert {(m["vintage"], m["code"]) for m in areas["14563"]["members"]} == {
        ("2020-2024", "14563"), ("2020-2024", "14572"), ("2020-2024", "14578"), ("2020-2024", "14584"),
        ("2025-01", "14563"), ("2025-01", "14572"), ("2025-01", "14578"), ("2025-07", "14563")}

    series = target(data, "T1.1")["areas"]
    assert set(series) == {"14488+14533", "14563"}
    joined_2024, joined_2025 = series["14488+14533"]["2024"], series["14488+14533"]["2025"]
    # 2024: Gia Vân 9/10 + Gia Tân 12/12 + Trường Yên 6/8 = 27/30 = 90 %
    assert (joined_2024["numerator"], joined_2024["denominator"]) == (27, 30)
    assert joined_2024["value"] == pytest.approx(90.0)
    # 2025: Gia Vân 18/20 + Tây Hoa Lư 20/25 = 38/45 = 84.444…%
    assert (joined_2025["numerator"], joined_2025["denominator"]) == (38, 45)
    assert joined_2025["value"] == pytest.approx(3800 / 45)
    kt_2024, kt_2025 = series["14563"]["2024"], series["14563"]["2025"]
    # 2024: Khánh Tiên 5/6 + Khánh Thiện 7/7 + Khánh Lợi 6/8 + Khánh Cường 8/9 = 26/30 = 86.666…%
    assert (kt_2024["numerator"], kt_2024["denominator"]) == (26, 30)
    assert kt_2024["value"] == pytest.approx(2600 / 30)
    # 2025: the new Khánh Thiện (settled as 2025-07 by the file's other rows) 28/30 = 93.333…%
    assert (kt_2025["numerator"], kt_2025["denominator"]) == (28, 30)
    assert kt_2025["value"] == pytest.approx(2800 / 30)
    # the province total is the sum of the areas: 2024 (27 + 26) / (30 + 30) = 53/60, 2025 (38 + 28) / (45 + 30) = 66/75
    t11 = target(data, "T1.1")
    assert (t11["years"]["2024"]["value"], t11["years"]["2025"]["value"]) == (
        pytest.approx(5300 / 60), pytest.approx(6600 / 75))


# ---------------------------------------------------------------------------------------------
# 5. A registry with vintage columns and a crosswalk of one's own
# ---------------------------------------------------------------------------------------------

REGISTRY = """code,name,level,parent_code,type,vintage,valid_from,valid_to,scope
1,Tỉnh A,tinh,,Tỉnh,v1,1/1/2020,{end},
100,Xã Cũ,xa,1,Xã,v1,1/1/2020,{end},
1,Tỉnh A,tinh,,Tỉnh,v2,1/7/2025,,
100,Xã Mới,xa,1,Xã,v2,1/7/2025,,
"""


def _own_registry(tmp_path: Path, end: str) -> tuple[Path, Path]:
    units = tmp_path / "own-units.csv"
    units.write_text(REGISTRY.format(end=end), encoding="utf-8")
    folder = year_folder(tmp_path, 2025)
    return units, folder


def test_registry_with_overlapping_vintages_is_refused_naming_both(tmp_path):
    # v1 until 31/12/2025 and v2 from 1/7/2025: both in force in the second half of 2025
    units, folder = _own_registry(tmp_path, "31/12/2025")
    cap_uy(folder, 2025, [("100", "Xã Mới", 10, 9)])
    with pytest.raises(RegistryError) as caught:
        api.validate([folder], units=units)
    message = str(caught.value)
    assert "v1 (1/1/2020-31/12/2025)" in message and "v2 (từ 1/7/2025)" in message
    assert "chồng lên nhau" in message


def test_registry_dates_day_first_are_read(tmp_path):
    # 30/6/2025 is read day first (30 June), so v1 ends the day before v2 (1/7/2025) begins:
    # both are in force in 2025, and 100 has two meanings
    units, folder = _own_registry(tmp_path, "30/6/2025")
    cap_uy(folder, 2025, [("100", "", 10, 9)])
    found = issues_of(api.validate([folder], units=units).issues, "unit-ambiguous")
    assert len(found) == 1
    message = found[0].message()
    assert "100 Xã Mới (v2: từ 1/7/2025)" in message and "100 Xã Cũ (v1: 1/1/2020-30/6/2025)" in message
    cap_uy(folder, 2025, [("100", "Xã Cũ", 10, 9)])
    assert _resolved(api.validate([folder], units=units)) == [("100", "100@v1", "v1")]
    history = api.UnitSource(load_spec(None), units).history(folder)
    assert [(r.vintage.id, r.vintage.valid_from, r.vintage.valid_to) for r in history.vintages] == [
        ("v1", datetime.date(2020, 1, 1), datetime.date(2025, 6, 30)), ("v2", datetime.date(2025, 7, 1), None)]


def test_crosswalk_with_a_bad_share_is_refused_naming_the_line(tmp_path):
    units, folder = _own_registry(tmp_path, "30/6/2025")
    cap_uy(folder, 2025, [("100", "Xã Mới", 10, 9)])
    crosswalk = tmp_path / "own-crosswalk.csv"
    crosswalk.write_text("from_vintage,from_code,to_vintage,to_code,share\n"
                         "v1,100,v2,100,abc\n"  # line 2: not a number
                         "v1,1,v2,1,1.5\n",  # line 3: more than the whole
                         encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        api.validate([folder], units=units, crosswalk=crosswalk)
    message = str(caught.value)
    assert "dòng 2: tỷ lệ 'abc' không phải số" in message
    assert "dòng 3: tỷ lệ 1.5 phải lớn hơn 0 và không quá 1" in message


# ---------------------------------------------------------------------------------------------
# 6. Completeness in 2025: the units of the vintage the year is reported in
# ---------------------------------------------------------------------------------------------

def test_completeness_2025_expects_the_39_new_units_and_the_province(tmp_path):
    folder = year_folder(tmp_path, 2025)
    cap_uy(folder, 2025, [("14329", "Phường Hoa Lư", 20, 18)])
    sub = api.validate([folder])
    cap = next(c for c in sub.completeness if c.form == "cap_uy")
    # 39 units + the province 37 = 40 expected; Hoa Lư sent its row: the other 39 are missing
    assert (cap.expected, cap.received) == (40, 1)
    assert set(cap.missing) == ({"37", *NEW_UNITS} - {"14329"})
    assert sub.vintage == "2025-07"


def test_completeness_2025_reported_by_2025_01_units_expects_those(tmp_path):
    folder = year_folder(tmp_path, 2025)
    cap_uy(folder, 2025, [("14572", "Xã Khánh Lợi", 8, 7), ("374", "Thành phố Hoa Lư", 30, 28)])
    sub = api.validate([folder])
    cap = next(c for c in sub.completeness if c.form == "cap_uy")
    # 2025-01: province 37 + 7 districts + 125 communes = 133 (the CSV's 133 rows); 2 received
    assert (cap.expected, cap.received) == (133, 2)
    assert len(cap.missing) == 131
    assert {"37", "370", "375"} <= set(cap.missing) and not {"14572", "374"} & set(cap.missing)
    assert "14584" not in cap.missing  # a 2020-2024 commune only
    assert sub.vintage == "2025-01"
    assert any(n.startswith("năm 2025 được báo cáo theo danh mục 2025-01 (1/1/2025-30/6/2025)")
               and "31/12/2025" in n for n in _scope_notes(sub))


# ---------------------------------------------------------------------------------------------
# The same through the command line: --scope and --by area reach the summary
# ---------------------------------------------------------------------------------------------

def test_cli_summary_scope_and_by_area(tmp_path):
    cap_uy(year_folder(tmp_path, 2024), 2024, [("37", "Tỉnh Ninh Bình", 50, 45), ("14734", "Xã Yên Thành", 10, 8),
                                                ("14749", "Xã Yên Thái", 10, 9)])
    cap_uy(year_folder(tmp_path, 2025), 2025, [("37", "Tỉnh Ninh Bình", 50, 47), ("14746", "Xã Đồng Thái", 20, 19)])
    runner = CliRunner()
    result = runner.invoke(app, ["summary", str(tmp_path), "--scope", "new-province", "--by", "area",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    t11 = target(data, "T1.1")
    # the 2025 province row is the merged province: scope_changed at 2025
    assert [(b["year"], b["reason"]) for b in t11["breaks"]] == [(2025, "scope_changed")]
    # the area of Đồng Thái: 2024 Yên Thành 8/10 + Yên Thái 9/10 = 17/20; 2025 Đồng Thái 19/20;
    # the province row belongs to no area
    area = t11["areas"]["14746"]
    assert {y: (v["numerator"], v["denominator"]) for y, v in area.items()} == {"2024": (17, 20), "2025": (19, 20)}
    assert set(t11["areas"]) == {"14746"}
    # totals: 2024 (45 + 17) / (50 + 20) = 62/70; 2025 (47 + 19) / (50 + 20) = 66/70
    assert (t11["years"]["2024"]["value"], t11["years"]["2025"]["value"]) == (
        pytest.approx(6200 / 70), pytest.approx(6600 / 70))


def test_a_registry_date_with_anything_after_it_is_refused_not_cut():
    """'2025-07-01xyz' used to be read as 1/7/2025 (the first ten characters): a typo in a
    validity date moves units between years, so it is refused, naming the line; a date Excel
    saved with a midnight time is still the date."""
    from danvan_cli.errors import RegistryError
    from danvan_cli.units.registry import parse_date, parse_vintages

    text = ("code,name,level,parent_code,vintage,valid_from,valid_to\n"
            "1,Tỉnh A,tinh,,v1,,2025-06-30\n"
            "1,Tỉnh A,tinh,,v2,2025-07-01xyz,\n")
    with pytest.raises(RegistryError, match=r"dòng 3: ngày '2025-07-01xyz'"):
        parse_vintages(text, "units.csv", ("tinh", "huyen", "xa", "thon"))
    assert str(parse_date("2025-07-01 00:00:00")) == "2025-07-01"
    with pytest.raises(ValueError):
        parse_date("31/2/2025")


@pytest.mark.parametrize(("name", "key", "vintage"), [
    ("Xã Yên Sơn", "14371@2025-01", "2025-01"),       # the commune of 1/1/2025 (bundled 2025-01 file)
    ("Phường Yên Sơn", "14371", "2025-07"),           # the ward of 1/7/2025 (bundled 2025-07 file)
])
def test_the_kind_of_unit_tells_two_meanings_apart(tmp_path, name, key, vintage):
    """14371 is Xã Yên Sơn until 30/6/2025 and Phường Yên Sơn after: the loose comparison that
    ignores "Xã"/"Phường" matched both and left the row to the file; the name as written decides,
    and no note about doubtful rows is needed."""
    folder = year_folder(tmp_path, 2025)
    cap_uy(folder, 2025, [("14371", name, 10, 9)])
    sub = api.validate([folder])
    assert _resolved(sub) == [("14371", key, vintage)]
    assert not [i for i in issues_of(sub.issues, "unit-vintage") if "hai nghĩa cùng tên" in i.params["detail"]]


def test_rows_read_by_their_file_are_counted_in_a_note(tmp_path):
    """14389 Xã Gia Lâm has that name in both 2025 registries: the row is read by the file's
    other rows, and a note per form says how many rows were read in which registry."""
    folder = year_folder(tmp_path, 2025)
    cap_uy(folder, 2025, [("14389", "Xã Gia Lâm", 10, 9), ("14329", "Phường Hoa Lư", 12, 12)])
    sub = api.validate([folder])
    notes = [i.params["detail"] for i in issues_of(sub.issues, "unit-vintage") if "hai nghĩa cùng tên" in i.params["detail"]]
    assert notes == ["Biểu 01 (cap_uy): 1 dòng có mã mang hai nghĩa cùng tên (ví dụ 14389 Xã Gia Lâm), được nhận theo "
                     "danh mục 2025-07: 1 dòng (theo các dòng khác của cùng tệp, theo địa bàn đã báo cáo trong biểu, "
                     "nếu không thì theo ngày 31/12)"]
