"""The command line: exit codes, stdout/stderr, and JSON equal to the library's result."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from danvan_cli import api
from danvan_cli.cli import app

runner = CliRunner()

def test_help_lists_the_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("validate", "score", "targets"):
        assert command in result.stdout


def test_help_does_not_import_pandas():
    code = "import sys, danvan_cli.cli; print('pandas' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_targets_lists_all_36_ids():
    result = runner.invoke(app, ["targets", "--format", "json"])
    assert result.exit_code == 0
    ids = [t["id"] for t in json.loads(result.stdout)["targets"]]
    assert ids == ["T1.1", "T1.2", "T2.1", "T2.2", "T3.1a", "T3.1b", "T3.1c", "T3.2", "T3.3", "T3.4",
                   "T4.1", "T4.2", "T4.3", "T5.1", "T5.2", "T5.3", "T6.1", "T7.1", "T7.2",
                   "NV1", "NV2", "NV3", "NV4", "NV5", "NV6", "NV7", "NV8", "NV9",
                   "NV10", "NV11", "NV12", "NV13", "NV14", "NV15", "NV16", "NV17"]


def test_targets_check_names_the_broken_field(tmp_path: Path):
    spec = (Path(__file__).parents[1] / "targets.yaml").read_text(encoding="utf-8")
    broken = spec.replace("threshold: 85\n", "threshold: lots\n", 1)
    assert broken != spec
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    result = runner.invoke(app, ["targets", "--check", str(path)])
    assert result.exit_code == 2
    assert "targets.T2.1.threshold" in result.stderr
    assert "dòng" in result.stderr and "Traceback" not in result.output


def test_targets_check_accepts_the_bundled_spec():
    result = runner.invoke(app, ["targets", "--check", str(Path(__file__).parents[1] / "targets.yaml")])
    assert result.exit_code == 0
    assert "12 biểu mẫu, 36 chỉ tiêu" in result.stdout


def test_score_json_equals_the_library_result(year_dir: Path):
    result = runner.invoke(app, ["score", str(year_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    expected = api.score([year_dir]).to_json("vi")
    assert json.loads(result.stdout) == json.loads(json.dumps(expected))


def test_score_values_by_hand(year_dir: Path):
    data = json.loads(runner.invoke(app, ["score", str(year_dir), "--format", "json"]).stdout)
    targets = {t["id"]: t for t in data["targets"]}
    # T1.1: (50 + 38 + 19) / (50 + 40 + 20) = 107/110
    assert targets["T1.1"]["numerator"] == 107 and targets["T1.1"]["denominator"] == 110
    assert targets["T1.1"]["value"] == pytest.approx(100 * 107 / 110)
    assert targets["T1.1"]["status"] == "not_met"
    # NV2 (huyen + xa only): (40 + 18) / (40 + 20) = 58/60
    assert targets["NV2"]["value"] == pytest.approx(100 * 58 / 60)
    # the breakdown of T1.1 has one district, 369: (38 + 19) / (40 + 20) = 57/60 = 95%
    assert targets["T1.1"]["breakdown"] == [
        {"code": "369", "name": "Thành phố Ninh Bình", "value": 95.0, "numerator": 57, "denominator": 60}]
    assert targets["T1.2"]["status"] == "no_data" and targets["T1.2"]["value"] is None


def test_score_year_from_the_folder_name_and_lang_en(year_dir: Path):
    result = runner.invoke(app, ["score", str(year_dir), "--lang", "en", "--format", "md"])
    assert result.exit_code == 0
    assert "Targets scorecard, 2023" in result.stdout


def test_score_missing_folder_is_a_usage_error(tmp_path: Path):
    result = runner.invoke(app, ["score", str(tmp_path / "nope" / "2023")])
    assert result.exit_code == 2
    assert "Không tìm thấy" in result.stderr
    assert result.stdout == ""


def test_score_bad_registry_is_exit_2(year_dir: Path, tmp_path: Path):
    bad = tmp_path / "bad_units.csv"
    bad.write_text("ma,ten\n1,x\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(year_dir), "--units", str(bad)])
    assert result.exit_code == 2
    assert "thiếu cột" in result.stderr


def test_strict_exits_1_on_errors(year_dir: Path):
    (year_dir / "qcdc.csv").write_text("ma_don_vi,xep_loai\n369,Giỏi\n", encoding="utf-8")
    assert runner.invoke(app, ["score", str(year_dir), "--format", "json"]).exit_code == 0
    assert runner.invoke(app, ["score", str(year_dir), "--format", "json", "--strict"]).exit_code == 1


def test_validate_exit_codes_and_json(year_dir: Path):
    clean = runner.invoke(app, ["validate", str(year_dir), "--format", "json"])
    assert clean.exit_code == 0
    report = json.loads(clean.stdout)
    assert report["schema"] == "danvan.validation/1"
    assert not [i for i in report["issues"] if i["severity"] == "error"]
    (year_dir / "qcdc.csv").write_text("ma_don_vi,xep_loai\n369,Giỏi\n", encoding="utf-8")
    broken = runner.invoke(app, ["validate", str(year_dir), "--format", "json"])
    assert broken.exit_code == 1
    issues = [i for i in json.loads(broken.stdout)["issues"] if i["severity"] == "error"]
    assert [(i["code"], i["file"], i["row"], i["column"]) for i in issues] == [
        ("cell-range", "qcdc.csv", 2, "xep_loai")]


def test_a_unit_that_sent_some_of_its_rows_is_reported(year_dir: Path):
    # 369 (huyện) must report six organisations; it sent two
    (year_dir / "mat_tran.csv").write_text(
        "ma_don_vi,to_chuc,so_cuoc_giam_sat,so_cuoc_phan_bien\n369,mttq,2,1\n369,Hội Nông dân,3,1\n", encoding="utf-8")
    report = json.loads(runner.invoke(app, ["validate", str(year_dir), "--format", "json"]).stdout)
    entry = next(c for c in report["completeness"] if c["form"] == "mat_tran_doan_the")
    assert entry["missing"] == ["37", "14320"]
    assert entry["missing_rows"] == ["369/cong_doan", "369/phu_nu", "369/cuu_chien_binh", "369/doan_thanh_nien"]
    warnings = [i["message"] for i in report["issues"] if i["code"] == "submission-missing"]
    assert any("369/cong_doan" in m for m in warnings)
