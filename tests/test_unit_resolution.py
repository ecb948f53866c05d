"""Units as a person reads them (issue 9): codes with Excel's text mark, spaces or '.0', and
rows that name the unit without its code, found by name when the name is unique."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from danvan_cli import api
from danvan_cli.cli import app

runner = CliRunner()

UNITS = """code,name,level,parent_code,type
37,Tỉnh Ninh Bình,tinh,,Tỉnh
369,Thành phố Ninh Bình,huyen,37,Thành phố
376,Huyện Kim Sơn,huyen,37,Huyện
14320,Phường Đông Thành,xa,369,Phường
14347,Xã Ninh Nhất,xa,369,Xã
14620,Xã Ninh Nhất,xa,376,Xã
"""
LABELS = ("Tên đơn vị,Tổng số cấp ủy viên,Số cấp ủy viên gương mẫu,"
          "Có phân công cấp ủy viên phụ trách công tác dân vận,Số cấp ủy viên dự họp hằng tháng\n")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    (tmp_path / "2023").mkdir()
    return tmp_path / "2023"


def _issues(folder: Path) -> list[dict]:
    result = runner.invoke(app, ["validate", str(folder), "--format", "json"])
    return json.loads(result.stdout)["issues"]


def test_codes_with_a_text_mark_spaces_or_a_decimal_are_the_codes(folder):
    (folder / "cap_uy.csv").write_text(
        "ma_don_vi,tong_so_cap_uy_vien,so_cap_uy_vien_guong_mau,co_phan_cong_phu_trach_dan_van,so_cap_uy_vien_du_hop_hang_thang\n"
        "'37,50,50,1,\n369.0,40,38,1,40\n14 320,20,19,0,18\n“376”,30,30,1,30\n", encoding="utf-8")
    card = api.score([folder]).to_json()
    t11 = next(t for t in card["targets"] if t["id"] == "T1.1")
    assert (t11["numerator"], t11["denominator"]) == (50 + 38 + 19 + 30, 50 + 40 + 20 + 30)
    assert not [i for i in card["issues"] if i["code"] == "unit-unknown"]


def test_units_named_without_codes_are_found_by_a_unique_name(folder):
    (folder / "cap_uy.csv").write_text(
        LABELS + "Tỉnh Ninh Bình,50,50,Có,\nTP. Ninh Bình,40,38,Có,40\nĐông Thành,20,19,Không,18\n"
        "Xã Ninh Nhất,10,10,Có,10\nXã Không Có,1,1,Có,1\nTổng cộng,121,118,,69\n", encoding="utf-8")
    issues = _issues(folder)
    by_code = {}
    for i in issues:
        by_code.setdefault(i["code"], []).append(i)
    # 'Tỉnh Ninh Bình', 'TP. Ninh Bình' (the city, not the province), 'Đông Thành': found by name, one info for the sheet
    assert [(i["cell"], i["severity"]) for i in by_code["unit-by-name"]] == [("A2", "info")]
    assert "3 dòng" in by_code["unit-by-name"][0]["message"]
    # two communes are called Xã Ninh Nhất: the row is refused, both named
    assert [i["cell"] for i in by_code["unit-ambiguous"]] == ["A5"]
    assert "14347" in by_code["unit-ambiguous"][0]["message"] and "14620" in by_code["unit-ambiguous"][0]["message"]
    assert [i["cell"] for i in by_code["unit-unknown"]] == ["A6"]
    assert "column-missing" not in by_code and "total-mismatch" not in by_code
    card = api.score([folder]).to_json()
    t11 = next(t for t in card["targets"] if t["id"] == "T1.1")
    assert (t11["numerator"], t11["denominator"]) == (50 + 38 + 19, 50 + 40 + 20)
    t11_city = {d["code"]: (d["numerator"], d["denominator"]) for d in t11["breakdown"]}
    assert t11_city == {"369": (38 + 19, 40 + 20)}


def test_a_form_without_code_or_name_column_still_misses_the_code(folder):
    (folder / "cap_uy.csv").write_text(
        "tong_so_cap_uy_vien,so_cap_uy_vien_guong_mau,co_phan_cong_phu_trach_dan_van\n50,50,1\n", encoding="utf-8")
    codes = [i["code"] for i in _issues(folder)]
    assert "column-missing" in codes
