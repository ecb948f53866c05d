"""Figures that rest on rejected rows or missing units carry that warning into the
scorecard and the summary (issue 9): JSON per target and year, a mark in the reports,
a per-year data-quality table, `summary --strict`, and no scorecard when nothing at all
could be read."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from danvan_cli import api
from danvan_cli.cli import app
from danvan_cli.errors import NothingToScore

runner = CliRunner()

UNITS = """code,name,level,parent_code,type
37,Tỉnh Ninh Bình,tinh,,Tỉnh
369,Thành phố Ninh Bình,huyen,37,Thành phố
14320,Phường Đông Thành,xa,369,Phường
14347,Xã Ninh Nhất,xa,369,Xã
"""
HEADER = "ma_don_vi,tong_so_cap_uy_vien,so_cap_uy_vien_guong_mau,co_phan_cong_phu_trach_dan_van,so_cap_uy_vien_du_hop_hang_thang\n"
GOOD = HEADER + "37,50,50,1,\n369,40,38,1,40\n14320,20,19,0,18\n14347,10,10,1,10\n"
# 14320's row has a part larger than its total (a rule error: the row is rejected), 14347 sent nothing
BAD = HEADER + "37,50,50,1,\n369,40,38,1,40\n14320,20,25,0,18\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    for year, text in ((2021, GOOD), (2022, BAD)):
        (tmp_path / str(year)).mkdir()
        (tmp_path / str(year) / "cap_uy.csv").write_text(text, encoding="utf-8")
    return tmp_path


def _t11(targets: list[dict]) -> dict:
    return next(t for t in targets if t["id"] == "T1.1")


def test_scorecard_json_carries_the_quality_of_each_targets_form(root):
    card = api.score([root / "2022"]).to_json()
    t11 = _t11(card["targets"])
    # worked by hand: 37 and 369 accepted → (50 + 38) / (50 + 40) = 88 / 90
    assert (t11["numerator"], t11["denominator"]) == (88, 90)
    assert t11["data_quality"] == {"rows_rejected": 1, "units_missing": 2, "errors": 1, "warnings": 0,
                                  "flags": 0}
    # a form nobody sent: nothing rejected, every unit missing (37, 369, 14320, 14347)
    t12 = next(t for t in card["targets"] if t["id"] == "T1.2")
    assert t12["data_quality"]["rows_rejected"] == 0 and t12["data_quality"]["units_missing"] == 4


def test_scorecard_marks_the_figure_and_says_why(root):
    result = runner.invoke(app, ["score", str(root / "2022")])
    assert result.exit_code == 0
    assert "97,8% (88/90) ⚠" in result.output
    assert "**T1.1**: 1 dòng bị loại, 2 đơn vị/dòng chưa nộp" in result.output
    clean = runner.invoke(app, ["score", str(root / "2021")])
    assert "97,5% (117/120) ⚠" not in clean.output and "97,5% (117/120)" in clean.output


def test_summary_json_has_quality_per_year_and_per_target_year(root):
    data = api.summary(root).to_json()
    assert data["data_quality"]["2021"]["rows_rejected"] == 0
    assert data["data_quality"]["2022"]["rows_rejected"] == 1
    assert data["data_quality"]["2022"]["errors"] == 1
    # 2022: 14347 sent nothing for cap_uy; every unit is missing for the nine other forms
    assert data["data_quality"]["2022"]["units_missing"] >= 1
    years = _t11(data["targets"])["years"]
    assert years["2021"]["value"] == pytest.approx(100 * 117 / 120)  # (50+38+19+10) / (50+40+20+10)
    assert years["2021"]["data_quality"]["rows_rejected"] == 0
    assert years["2022"]["data_quality"] == {"rows_rejected": 1, "units_missing": 2, "errors": 1, "warnings": 0,
                                  "flags": 0}


def test_summary_report_marks_bad_years(root):
    result = runner.invoke(app, ["summary", str(root)])
    assert result.exit_code == 0
    line = next(ln for ln in result.output.splitlines() if ln.startswith("| T1.1 "))
    assert "97,8% ⚠" in line
    assert "## Chất lượng số liệu theo năm" in result.output
    assert "| 2022 ⚠ | 1 | 3 | 2 | 0 | 1 | 1 |" in result.output
    assert "- T1.1 (2022): 1 dòng bị loại, 2 đơn vị/dòng chưa nộp" in result.output


def test_summary_strict_exits_1_when_a_year_has_errors(root):
    assert runner.invoke(app, ["summary", str(root), "--format", "json"]).exit_code == 0
    assert runner.invoke(app, ["summary", str(root), "--format", "json", "--strict"]).exit_code == 1
    (root / "2022" / "cap_uy.csv").write_text(GOOD, encoding="utf-8")
    assert runner.invoke(app, ["summary", str(root), "--format", "json", "--strict"]).exit_code == 0


@pytest.mark.parametrize("command", ["score", "validate"])
def test_an_empty_folder_is_nothing_to_score(tmp_path, command):
    folder = tmp_path / "2023"
    folder.mkdir()
    result = runner.invoke(app, [command, str(folder)])
    assert result.exit_code == 1
    assert "không có tệp số liệu nào" in result.output


def test_a_folder_of_unreadable_files_is_nothing_to_score(tmp_path):
    folder = tmp_path / "2023"
    folder.mkdir()
    (folder / "cap_uy.csv").write_bytes(b"")
    (folder / "thon.xlsx").write_bytes(b"not a workbook at all")
    with pytest.raises(NothingToScore, match="không có dòng số liệu nào tính được"):
        api.score([folder])
    result = runner.invoke(app, ["score", str(folder)])
    assert result.exit_code == 1 and "danvan validate" in result.output
    # validate still lists every problem and exits 1
    validated = runner.invoke(app, ["validate", str(folder), "--format", "json"])
    assert validated.exit_code == 1
    codes = [i["code"] for i in json.loads(validated.stdout)["issues"]]
    assert codes.count("file-unreadable") == 2


def test_summary_with_no_year_to_score_exits_1(tmp_path):
    for year in (2021, 2022):
        (tmp_path / str(year)).mkdir()
    result = runner.invoke(app, ["summary", str(tmp_path)])
    assert result.exit_code == 1
