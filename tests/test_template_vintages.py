"""`danvan template` after the change of units (issue 11): the units pre-filled are those of
the registry vintage in force on the reporting date (31 December of --year, or --date), a
registry with no district level gives every form, and the instructions name the registry."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from test_template import _layout, _soffice_csv, needs_soffice
from typer.testing import CliRunner

from danvan_cli.cli import app

runner = CliRunner()
BUNDLED = Path(__file__).parents[1] / "danvan_cli" / "bundled"


def _bundled(vintage: str) -> list[dict[str, str]]:
    with (BUNDLED / f"ninh-binh-units-{vintage}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _codes(vintage: str, level: str) -> list[str]:
    return [row["code"] for row in _bundled(vintage) if row["level"] == level]


NEW_UNITS = _codes("2025-07", "xa")  # the 39 new xã and phường of 1/7/2025


def _run(out: Path, *args: str) -> str:
    result = runner.invoke(app, ["template", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return result.output


def _rows(path: Path) -> list[str | None]:
    """The unit code of every row of the table (None for the blank rows)."""
    ws = openpyxl.load_workbook(path).worksheets[0]
    names_row, cols = _layout(ws)
    return [ws.cell(row=r, column=cols["ma_don_vi"]).value for r in range(names_row + 1, ws.max_row + 1)]


def _guide(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path)["Hướng dẫn"]
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


@pytest.fixture(scope="module")
def year_2025(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("t2025")
    _run(out, "--year", "2025")
    return out


def test_the_new_units_are_39():
    assert len(NEW_UNITS) == len(set(NEW_UNITS)) == 39
    assert {row["level"] for row in _bundled("2025-07")} == {"tinh", "xa"}


def test_2025_is_the_registry_of_31_december(year_2025: Path):
    assert sorted(_rows(year_2025 / "bieu-01-cap-uy-2025.xlsx")) == sorted(["37", *NEW_UNITS])
    # ket_nap_dang: the district committees' form, sent to the new xã and phường once districts are gone
    rows = _rows(year_2025 / "bieu-08-ket-nap-dang-2025.xlsx")
    assert sorted(c for c in rows if c is not None) == sorted(NEW_UNITS)
    assert rows.count(None) == 50  # the province may add its rows (optional level), as before
    assert _rows(year_2025 / "bieu-12-on-dinh-co-so-2025.xlsx") == _rows(year_2025 / "bieu-08-ket-nap-dang-2025.xlsx")[:39]
    assert _rows(year_2025 / "bieu-10-hoat-dong-tinh-2025.xlsx") == ["37"]


def test_every_form_is_written_without_a_district_level(year_2025: Path):
    names = sorted(p.name for p in year_2025.iterdir())
    assert len(names) == 12
    # no villages in the bundled registry: an open table with a note, as before the change
    ws = openpyxl.load_workbook(year_2025 / "bieu-09-thon-2025.xlsx").worksheets[0]
    names_row, _ = _layout(ws)
    title = " ".join(str(ws.cell(row=r, column=1).value) for r in range(1, names_row))
    assert "chưa có đơn vị cấp Thôn" in title
    assert set(_rows(year_2025 / "bieu-09-thon-2025.xlsx")) == {None}
    # six organisations of the province, five of each new commune
    assert len(_rows(year_2025 / "bieu-06-mat-tran-doan-the-2025.xlsx")) == 6 + 39 * 5


def test_the_instructions_name_the_registry_used(year_2025: Path):
    text = _guide(year_2025 / "bieu-08-ket-nap-dang-2025.xlsx")
    assert ("Danh mục đơn vị: ninh-binh-units-2025-07.csv (đi kèm danvan), hiệu lực 2025-07 (từ 1/7/2025)."
            in text)
    assert any("Đơn vị phải nộp: tất cả đơn vị cấp Xã." in t for t in text)
    assert any("không còn cấp Huyện" in t for t in text)


def test_2024_gives_the_districts_and_143_communes(tmp_path: Path):
    output = _run(tmp_path, "cap_uy", "ket_nap_dang", "--year", "2024")
    assert "ninh-binh-units-2020-2024.csv (đi kèm danvan), hiệu lực 2020-2024 (đến 31/12/2024)" in output
    rows = _rows(tmp_path / "bieu-01-cap-uy-2024.xlsx")
    assert sorted(rows) == sorted(["37", *_codes("2020-2024", "huyen"), *_codes("2020-2024", "xa")])
    assert len(_codes("2020-2024", "huyen")) == 8 and len(_codes("2020-2024", "xa")) == 143
    rows = _rows(tmp_path / "bieu-08-ket-nap-dang-2024.xlsx")
    assert [c for c in rows if c is not None] == ["369", "370", "372", "373", "374", "375", "376", "377"]
    text = _guide(tmp_path / "bieu-08-ket-nap-dang-2024.xlsx")
    assert any("Đơn vị phải nộp: tất cả đơn vị cấp Huyện." in t for t in text)
    assert not any("không còn cấp" in t for t in text)


@pytest.mark.parametrize("day", ["2025-03-01", "1/3/2025"])
def test_a_reporting_date_picks_the_registry_in_force_then(tmp_path: Path, day: str):
    output = _run(tmp_path, "cap_uy", "ket_nap_dang", "--date", day)
    assert "hiệu lực 2025-01 (1/1/2025-30/6/2025)" in output
    rows = _rows(tmp_path / "bieu-01-cap-uy-2025.xlsx")
    districts, communes = _codes("2025-01", "huyen"), _codes("2025-01", "xa")
    assert (len(districts), len(communes)) == (7, 125)
    assert sorted(rows) == sorted(["37", *districts, *communes])
    assert [c for c in _rows(tmp_path / "bieu-08-ket-nap-dang-2025.xlsx") if c is not None] == districts
    assert "hiệu lực 2025-01 (1/1/2025-30/6/2025)." in " ".join(_guide(tmp_path / "bieu-01-cap-uy-2025.xlsx"))


def test_the_date_of_the_change(tmp_path: Path):
    _run(tmp_path / "before", "ket_nap_dang", "--date", "30/6/2025")
    _run(tmp_path / "after", "ket_nap_dang", "--date", "1/7/2025")
    assert len([c for c in _rows(tmp_path / "before" / "bieu-08-ket-nap-dang-2025.xlsx") if c]) == 7
    assert len([c for c in _rows(tmp_path / "after" / "bieu-08-ket-nap-dang-2025.xlsx") if c]) == 39


def test_unit_option_with_a_new_code(tmp_path: Path):
    output = _run(tmp_path, "cap_uy", "ket_nap_dang", "hoat_dong_tinh", "--year", "2025", "--unit", "14329")
    assert _rows(tmp_path / "bieu-01-cap-uy-2025-14329.xlsx") == ["14329"]
    rows = _rows(tmp_path / "bieu-08-ket-nap-dang-2025-14329.xlsx")
    assert [c for c in rows if c is not None] == ["14329"]  # and open rows: one per party organisation
    assert "Bỏ qua Biểu 10" in output
    ws = openpyxl.load_workbook(tmp_path / "bieu-01-cap-uy-2025-14329.xlsx").worksheets[0]
    names_row, cols = _layout(ws)
    assert ws.cell(row=names_row + 1, column=cols["ten_don_vi"]).value == "Phường Hoa Lư"  # not Vân Giang


def test_a_code_of_another_vintage_is_a_usage_error_saying_where_it_exists(tmp_path: Path):
    result = runner.invoke(app, ["template", "--year", "2025", "--unit", "369", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "369" in result.output and "Thành phố Ninh Bình đến 31/12/2024" in result.output
    assert not (tmp_path / "out").exists()
    # a district of 1/1/2025 asked for a template of 31/12/2025: exists in the same year, another vintage
    result = runner.invoke(app, ["template", "--year", "2025", "--unit", "372", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "mã 372 là Huyện Nho Quan đến 31/12/2024; mã 372 là Huyện Nho Quan 1/1/2025-30/6/2025" in result.output
    # Thành phố Ninh Bình was merged into Thành phố Hoa Lư on 1/1/2025
    result = runner.invoke(app, ["template", "--date", "1/3/2025", "--unit", "369", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "2025-01 (1/1/2025-30/6/2025)" in result.output
    assert "mã 369 là Thành phố Ninh Bình đến 31/12/2024" in result.output


@pytest.mark.parametrize("args", [["--date", "31/2/2025"], ["--date", "hôm nay"], ["--year", "2024", "--date", "1/7/2025"]])
def test_bad_dates_are_usage_errors(tmp_path: Path, args: list[str]):
    result = runner.invoke(app, ["template", "cap_uy", *args, "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "--date" in result.output


def test_no_vintage_in_force_names_the_vintages(tmp_path: Path):
    units = tmp_path / "units.csv"
    units.write_text("code,name,level,parent_code,vintage,valid_from,valid_to\n"
                     "37,Tỉnh Ninh Bình,tinh,,2020-2024,,2024-12-31\n"
                     "37,Tỉnh Ninh Bình,tinh,,2025-07,2025-07-01,\n", encoding="utf-8")
    result = runner.invoke(app, ["template", "cap_uy", "--units", str(units), "--date", "2025-03-01",
                                 "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "1/3/2025" in result.output
    assert "2020-2024 (đến 31/12/2024)" in result.output and "2025-07 (từ 1/7/2025)" in result.output


def test_a_registry_without_vintages_is_named_by_its_file(tmp_path: Path):
    units = tmp_path / "units.csv"
    units.write_text("code,name,level,parent_code\n37,Tỉnh Ninh Bình,tinh,\n14329,Phường Hoa Lư,xa,37\n",
                     encoding="utf-8")
    output = _run(tmp_path / "out", "ket_nap_dang", "--units", str(units), "--year", "2023")
    assert f"Danh mục đơn vị: {units}\n" in output
    assert [c for c in _rows(tmp_path / "out" / "bieu-08-ket-nap-dang-2023.xlsx") if c] == ["14329"]
    # the file's name only: a template sent out does not carry the office's folders, and two runs match
    assert "Danh mục đơn vị: units.csv." in _guide(tmp_path / "out" / "bieu-08-ket-nap-dang-2023.xlsx")


def test_english_console_names_the_vintage_in_english(tmp_path: Path):
    output = _run(tmp_path, "cap_uy", "--year", "2025", "--lang", "en")
    assert "Unit registry: ninh-binh-units-2025-07.csv (bundled with danvan), in force 2025-07 (from 1/7/2025)" in output


def _fill(path: Path, values: dict[str, dict[str, object]]) -> None:
    """Type values into the pre-filled rows of these units, as an office would."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    names_row, cols = _layout(ws)
    for r in range(names_row + 1, ws.max_row + 1):
        for name, value in values.get(ws.cell(row=r, column=cols["ma_don_vi"]).value, {}).items():
            ws.cell(row=r, column=cols[name]).value = value
    wb.save(path)


def test_a_filled_2025_template_validates_without_unit_errors(year_2025: Path, tmp_path: Path):
    """Every pre-filled row of Biểu 01 typed in, as an office would: the new units' codes are read
    as the units of 1/7/2025 (14329 Phường Hoa Lư, not Vân Giang), with no unit error."""
    folder = tmp_path / "data" / "2025"
    folder.mkdir(parents=True)
    shutil.copy(year_2025 / "bieu-01-cap-uy-2025.xlsx", folder / "bieu-01-cap-uy-2025.xlsx")
    values: dict[str, dict[str, object]] = {
        "37": {"tong_so_cap_uy_vien": 55, "so_cap_uy_vien_guong_mau": 54, "co_phan_cong_phu_trach_dan_van": "Có"}}
    for n, code in enumerate(NEW_UNITS):
        values[code] = {"tong_so_cap_uy_vien": 20, "so_cap_uy_vien_guong_mau": 19 + n % 2,
                        "co_phan_cong_phu_trach_dan_van": "Có", "so_cap_uy_vien_du_hop_hang_thang": 18}
    _fill(folder / "bieu-01-cap-uy-2025.xlsx", values)
    result = runner.invoke(app, ["validate", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [i for i in report["issues"] if i["severity"] == "error"] == []
    unit_issues = [i for i in report["issues"] if i["code"].startswith("unit-")]
    # only two notes: 37 is the merged province from 1/7/2025, read as the programme's territory; and the
    # rows of the 19 communes whose code and name are the same in the 2025-01 and 2025-07 registries
    # (counted in the bundled CSVs) were read by their file, as 2025-07 units
    assert [(i["code"], i["severity"]) for i in unit_issues] == [("unit-vintage", "info")] * 2
    notes = sorted(i["message"] for i in unit_issues)
    assert "Biểu 01 (cap_uy): 19 dòng có mã mang hai nghĩa cùng tên" in notes[0] and "2025-07: 19 dòng" in notes[0]
    assert "37 Tỉnh Ninh Bình" in notes[1]
    done = {c["form"]: c for c in report["completeness"]}
    assert (done["cap_uy"]["expected"], done["cap_uy"]["received"], done["cap_uy"]["missing"]) == (40, 40, [])
    assert done["ket_nap_dang"]["expected"] == 39


@needs_soffice
def test_libreoffice_opens_the_2025_templates(year_2025: Path, tmp_path: Path):
    files = [year_2025 / "bieu-01-cap-uy-2025.xlsx", year_2025 / "bieu-08-ket-nap-dang-2025.xlsx"]
    sheets = _soffice_csv(files, tmp_path)
    cap_uy = {row[0]: row[1] for row in sheets[files[0].name] if row}
    assert cap_uy["14329"] == "Phường Hoa Lư" and cap_uy["37"] == "Tỉnh Ninh Bình"
    assert set(NEW_UNITS) <= set(cap_uy)
    assert set(NEW_UNITS) <= {row[0] for row in sheets[files[1].name] if row}
