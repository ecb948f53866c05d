"""Windows hygiene without a Windows machine: consoles whose code page cannot write
Vietnamese (cp1252, cp1258, or a C locale with PYTHONIOENCODING unset), and folders and
files named in Vietnamese.

A console that cannot write Vietnamese gets UTF-8 (`danvan_cli.cli.parser.utf8_streams`):
no UnicodeEncodeError, no traceback, the exit code of the command, and text a UTF-8 pipe
or file reads back whole — rich tables and the parser's errors on stderr too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "ninh-binh"

CONSOLES = {
    "C locale": {"LANG": "C", "LC_ALL": "C"},
    "cp1252": {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "cp1252"},
    "cp1258": {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "cp1258"},
}


def danvan(console: str, *args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "DANVAN_LANG", "LANGUAGE")}
    env.update(CONSOLES[console])
    env["COLUMNS"] = "120"
    return subprocess.run([sys.executable, "-m", "danvan_cli", *map(str, args)], capture_output=True, env=env,
                          cwd=cwd, timeout=300)


def _clean(result: subprocess.CompletedProcess[bytes]) -> tuple[str, str]:
    out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")  # UTF-8, whole: never cut
    for stream in (out, err):
        assert "Traceback" not in stream and "UnicodeEncodeError" not in stream, stream[-2000:]
    return out, err


@pytest.mark.parametrize("console", CONSOLES)
def test_score_on_a_console_that_cannot_write_vietnamese(console: str):
    result = danvan(console, "score", SAMPLES / "2023")
    out, _ = _clean(result)
    assert result.returncode == 0
    assert out.startswith("# Kết quả thực hiện các chỉ tiêu năm 2023\n")


@pytest.mark.parametrize("console", CONSOLES)
def test_validate_table_on_a_console_that_cannot_write_vietnamese(console: str):
    """The rich tables of `validate` (stdout) with their box-drawing characters."""
    result = danvan(console, "validate", SAMPLES / "2023")
    out, _ = _clean(result)
    assert result.returncode == 0
    assert "┃ Vị trí" in out and "Dòng 27: bỏ qua (dòng tổng cộng)" in out


@pytest.mark.parametrize("console", CONSOLES)
def test_help_and_usage_errors_on_a_console_that_cannot_write_vietnamese(console: str):
    result = danvan(console, "--help")
    out, _ = _clean(result)
    assert result.returncode == 0 and "Kiểm tra số liệu các đơn vị gửi lên." in out
    result = danvan(console, "score")
    _, err = _clean(result)
    assert result.returncode == 2 and err.endswith("Lỗi: Thiếu đối số 'PATH'.\n")


@pytest.mark.parametrize("console", CONSOLES)
def test_a_danvan_error_on_stderr_on_a_console_that_cannot_write_vietnamese(console: str, tmp_path: Path):
    result = danvan(console, "score", tmp_path / "không có" / "2023")
    _, err = _clean(result)
    assert result.returncode == 2
    assert err.startswith("Lỗi: Không tìm thấy") and "không có" in err


@pytest.mark.parametrize("console", ["C locale", "cp1258"])
def test_vietnamese_folder_and_file_names(console: str, tmp_path: Path):
    """`Số liệu/2023/Biểu cấp ủy.csv` is read, and the report goes to `Báo cáo/kết quả.xlsx`."""
    data = tmp_path / "Số liệu"
    year = data / "2023"
    year.mkdir(parents=True)
    (data / "Danh mục đơn vị.csv").write_text(
        "code,name,level,parent_code,type\n37,Tỉnh Ninh Bình,tinh,,Tỉnh\n369,Thành phố Ninh Bình,huyen,37,Thành phố\n",
        encoding="utf-8")
    (year / "Biểu cấp ủy.csv").write_text(
        "ma_don_vi,tong_so_cap_uy_vien,so_cap_uy_vien_guong_mau,co_phan_cong_phu_trach_dan_van,"
        "so_cap_uy_vien_du_hop_hang_thang\n37,50,45,Có,\n369,40,38,Có,40\n", encoding="utf-8")
    units = data / "Danh mục đơn vị.csv"

    checked = danvan(console, "validate", "Số liệu/2023", "--units", units, "--format", "json", cwd=tmp_path)
    out, _ = _clean(checked)
    assert checked.returncode == 0
    assert [f["file"] for f in json.loads(out)["files"]] == ["Biểu cấp ủy.csv"]

    scored = danvan(console, "score", "Số liệu/2023", "--units", units, "-o", Path("Báo cáo") / "kết quả.xlsx",
                    cwd=tmp_path)
    _clean(scored)
    assert scored.returncode == 0
    overview = openpyxl.load_workbook(tmp_path / "Báo cáo" / "kết quả.xlsx").worksheets[0]
    (row,) = [r for r in overview.iter_rows(values_only=True) if r[0] == "T1.1"]
    # T1.1: (45 + 38) / (50 + 40) = 83/90
    assert row[4:7] == (pytest.approx(100 * 83 / 90), 83, 90)


def test_the_template_writes_into_a_vietnamese_folder(tmp_path: Path):
    result = danvan("C locale", "template", "cap_uy", "--year", "2023", "-o", tmp_path / "Biểu mẫu gửi xã")
    out, _ = _clean(result)
    assert result.returncode == 0
    written = tmp_path / "Biểu mẫu gửi xã" / "bieu-01-cap-uy-2023.xlsx"
    assert written.exists() and f"Đã ghi {written}" in out
