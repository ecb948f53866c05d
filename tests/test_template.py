"""`danvan template`: generated forms, filled as an office would, come back valid and score as
worked out by hand; they open in LibreOffice, carry their data validation, and never turn
registry text into formulas."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from danvan_cli.cli import app

runner = CliRunner()
BUNDLED = Path(__file__).parents[1] / "danvan_cli" / "bundled" / "ninh-binh-units-2020-2024.csv"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")

# The real province, two real districts with two real communes each, and 2-3 villages per commune.
COMMUNES = [
    "14320,Phường Đông Thành,xa,369,Phường",
    "14323,Phường Tân Thành,xa,369,Phường",
    "14620,Thị trấn Phát Diệm,xa,376,Thị trấn",
    "14623,Thị trấn Bình Minh,xa,376,Thị trấn",
]
VILLAGES = {"14320": 2, "14323": 3, "14620": 2, "14623": 3}
UNITS = "\n".join([
    "code,name,level,parent_code,type",
    "37,Tỉnh Ninh Bình,tinh,,Tỉnh",
    "369,Thành phố Ninh Bình,huyen,37,Thành phố",
    "376,Huyện Kim Sơn,huyen,37,Huyện",
    *COMMUNES,
    *(f"{xa}-{i:02d},Thôn {i},thon,{xa},Thôn" for xa, n in VILLAGES.items() for i in range(1, n + 1)),
]) + "\n"

HOSTILE_NAMES = ['=HYPERLINK("http://x","y")', "@SUM(A1)", "+1", "-2"]
HOSTILE_UNITS = "\n".join([
    "code,name,level,parent_code,type",
    "37,Tỉnh Ninh Bình,tinh,,Tỉnh",
    f'369,"{HOSTILE_NAMES[0].replace(chr(34), chr(34) * 2)}",huyen,37,',
    f"376,{HOSTILE_NAMES[1]},huyen,37,",
    f"14320,{HOSTILE_NAMES[2]},xa,369,",
    f"14620,{HOSTILE_NAMES[3]},xa,376,",
    "014,Xã Số Không,xa,376,",
]) + "\n"

# What the offices type, by unit code (cap_uy: tổng, gương mẫu, phân công, dự họp hằng tháng).
CAP_UY = {
    "37": (50, 50, "Có", None),  # dự họp is asked of huyện and xã only
    "369": (40, 38, "Có", 40),
    "14320": (20, 19, "Không", 18),
    "14323": (15, 15, "Có", 15),
    "376": (45, 45, "Có", 44),
    "14620": (18, 17, "Có", 18),
    "14623": (16, 16, "Có", 16),
}
QCDC = {
    "37": "Hoàn thành xuất sắc nhiệm vụ",
    "369": "Hoàn thành tốt nhiệm vụ",
    "14320": "Hoàn thành nhiệm vụ",
    "14323": "Hoàn thành tốt nhiệm vụ",
    "376": "Hoàn thành tốt nhiệm vụ",
    "14620": "Không hoàn thành nhiệm vụ",
    "14623": "Hoàn thành xuất sắc nhiệm vụ",
}
CHUYEN_DOI_SO = {
    "37": {"tong_so_ho_so_cong_viec": 1000, "so_ho_so_xu_ly_tren_mang": 900,
           "tong_so_van_ban": 5000, "so_van_ban_dien_tu_ky_so": 5000,
           "tong_so_dich_vu_cong": 250, "so_dich_vu_cong_muc_do_4": 200, "ty_le_giam_thoi_gian_hop": 45},
    "369": {"tong_so_ho_so_cong_viec": 500, "so_ho_so_xu_ly_tren_mang": 400,
            "tong_so_van_ban": 2000, "so_van_ban_dien_tu_ky_so": 1900, "ty_le_giam_thoi_gian_hop": 40.5},
    "376": {"tong_so_ho_so_cong_viec": 400, "so_ho_so_xu_ly_tren_mang": 300},
    "14320": {"tong_so_ho_so_cong_viec": 100, "so_ho_so_xu_ly_tren_mang": 60},
    "14323": {},  # every pair left blank: not applicable, not zero
    "14620": {"tong_so_ho_so_cong_viec": 80, "so_ho_so_xu_ly_tren_mang": 30},
    "14623": {"tong_so_ho_so_cong_viec": 70, "so_ho_so_xu_ly_tren_mang": 50},
}
THON = {  # số mô hình tự quản hiệu quả, có tổ hòa giải hiệu quả
    "14320-01": (4, "Có"), "14320-02": (5, "Có"),
    "14323-01": (3, "Có"), "14323-02": (4, "Có"), "14323-03": (6, "Có"),
    "14620-01": (2, "Không"), "14620-02": (4, "Có"),
    "14623-01": (4, "Có"), "14623-02": (1, "Không"), "14623-03": (7, "Có"),
}
FORMS = ("cap_uy", "qcdc", "chuyen_doi_so", "thon")
FILES = {
    "cap_uy": "bieu-01-cap-uy-2023.xlsx",
    "qcdc": "bieu-03-qcdc-2023.xlsx",
    "chuyen_doi_so": "bieu-05-chuyen-doi-so-2023.xlsx",
    "thon": "bieu-09-thon-2023.xlsx",
}


def _generate(tmp_path: Path, units_text: str, *args: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    units = tmp_path / "units.csv"
    units.write_text(units_text, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["template", *args, "--units", str(units), "--year", "2023", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    return _generate(tmp_path, UNITS, *FORMS)


def _layout(ws) -> tuple[int, dict[str, int]]:
    """The hidden row of canonical names: its number and column of each name."""
    for row in ws.iter_rows(min_row=1, max_row=30):
        names = {c.value: c.column for c in row if isinstance(c.value, str)}
        if "ma_don_vi" in names and ws.row_dimensions[row[0].row].hidden:
            return row[0].row, names
    raise AssertionError("no hidden row of canonical names")


def _fill(path: Path, values: dict[str, dict[str, object]]) -> None:
    """Type values into the pre-filled rows, found by their unit code, as an office would."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    names_row, cols = _layout(ws)
    filled = set()
    for r in range(names_row + 1, ws.max_row + 1):
        code = ws.cell(row=r, column=cols["ma_don_vi"]).value
        for name, value in values.get(code, {}).items():
            cell = ws.cell(row=r, column=cols[name])
            assert cell.protection.locked is False, f"{name} of {code} must be open to the office"
            cell.value = value
        filled.add(code)
    assert set(values) <= filled
    wb.save(path)


def _fill_all(folder: Path) -> None:
    _fill(folder / FILES["cap_uy"], {
        code: {"tong_so_cap_uy_vien": t, "so_cap_uy_vien_guong_mau": g,
               "co_phan_cong_phu_trach_dan_van": p, "so_cap_uy_vien_du_hop_hang_thang": h}
        for code, (t, g, p, h) in CAP_UY.items()})
    _fill(folder / FILES["qcdc"], {code: {"xep_loai": label} for code, label in QCDC.items()})
    _fill(folder / FILES["chuyen_doi_so"], CHUYEN_DOI_SO)
    _fill(folder / FILES["thon"], {
        code: {"so_mo_hinh_tu_quan_hieu_qua": n, "co_to_hoa_giai_hieu_qua": yes}
        for code, (n, yes) in THON.items()})


def test_registry_communes_are_real():
    bundled = BUNDLED.read_text(encoding="utf-8").splitlines()  # code,name,level,parent,type,vintage…
    assert all(any(row.startswith(line + ",") for row in bundled) for line in COMMUNES)


@pytest.fixture
def returned(templates: Path, tmp_path: Path) -> Path:
    """The four templates filled and put in a year folder, as the standing office receives them."""
    year = tmp_path / "data" / "2023"
    year.mkdir(parents=True)
    for name in FILES.values():
        shutil.copy(templates / name, year / name)
    _fill_all(year)
    return year


def _validate(year: Path) -> dict:
    result = runner.invoke(app, ["validate", str(year), "--units", str(year.parents[1] / "units.csv"),
                                 "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _data_errors(report: dict) -> list[dict]:
    return [i for i in report["issues"] if i["severity"] == "error"]


def test_filled_templates_validate_without_errors(returned: Path):
    report = _validate(returned)
    assert _data_errors(report) == []
    done = {c["form"]: c for c in report["completeness"]}
    for form, count in (("cap_uy", 7), ("qcdc", 7), ("chuyen_doi_so", 7), ("thon", 10)):
        assert (done[form]["expected"], done[form]["received"]) == (count, count)


def test_instructions_sheet_is_skipped_not_an_error(returned: Path):
    report = _validate(returned)
    guide = [i for i in report["issues"] if i["sheet"] == "Hướng dẫn"]
    assert guide and {i["code"] for i in guide} == {"row-skipped"}


def _values(year: Path) -> dict[str, float | None]:
    """`danvan score --format json`: each target's value."""
    result = runner.invoke(app, ["score", str(year), "--units", str(year.parents[1] / "units.csv"),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    return {t["id"]: t["value"] for t in json.loads(result.stdout)["targets"]}


def test_filled_templates_score_as_worked_out_by_hand(returned: Path):
    value = _values(returned)
    # T1.1 Σ gương mẫu / Σ tổng = (50+38+19+15+45+17+16) / (50+40+20+15+45+18+16) = 200/204
    assert value["T1.1"] == pytest.approx(100 * 200 / 204)
    # NV1: 6 of the 7 committees assigned a member (14320 did not)
    assert value["NV1"] == pytest.approx(100 * 6 / 7)
    # NV2 (huyện, xã): Σ dự họp / Σ tổng = (40+18+15+44+18+16) / (40+20+15+45+18+16) = 151/154
    assert value["NV2"] == pytest.approx(100 * 151 / 154)
    # T2.1: tốt or xuất sắc = 37, 369, 14323, 376, 14623 → 5 of 7
    assert value["T2.1"] == pytest.approx(100 * 5 / 7)
    # T3.1a tỉnh 900/1000; T3.1b huyện (400+300)/(500+400); T3.1c xã (14323 not applicable)
    # (60+30+50)/(100+80+70) = 140/250
    assert value["T3.1a"] == pytest.approx(90.0)
    assert value["T3.1b"] == pytest.approx(100 * 700 / 900)
    assert value["T3.1c"] == pytest.approx(56.0)
    # T3.2 only the province: 200/250; T3.4 (5000+1900)/(5000+2000); T3.3 nobody: not computable
    assert value["T3.2"] == pytest.approx(80.0)
    assert value["T3.4"] == pytest.approx(100 * 6900 / 7000)
    assert value["T3.3"] is None
    # NV5 share of the units that give a rate, with a cut of 40% or more: 37 (45) and 369 (40.5) → 2 of 2
    assert value["NV5"] == pytest.approx(100.0)
    # T7.1 villages with ≥ 4 models: 14320-01, -02, 14323-02, -03, 14620-02, 14623-01, -03 → 7 of 10
    assert value["T7.1"] == pytest.approx(70.0)
    # T7.2 villages with a mediation team: all but 14620-01 and 14623-02 → 8 of 10
    assert value["T7.2"] == pytest.approx(80.0)
    # forms nobody returned are not scored
    assert value["T1.2"] is None and value["T4.1"] is None


def test_rows_are_prefilled_from_the_registry(tmp_path: Path):
    out = _generate(tmp_path, UNITS, "cap_uy", "doi_thoai", "mat_tran_doan_the", "thon")
    ws = openpyxl.load_workbook(out / "bieu-01-cap-uy-2023.xlsx").worksheets[0]
    names_row, cols = _layout(ws)
    codes = [ws.cell(row=r, column=cols["ma_don_vi"]).value for r in range(names_row + 1, ws.max_row + 1)]
    # each district right after the province, its communes right after it
    assert codes == ["37", "369", "14320", "14323", "376", "14620", "14623"]
    assert ws.cell(row=names_row - 1, column=cols["tong_so_cap_uy_vien"]).value == "Tổng số cấp ủy viên"
    assert ws["A1"].value == "BIỂU MẪU SỐ 01"
    assert any(str(ws.cell(row=r, column=1).value).endswith("2023") for r in range(1, names_row))

    ws = openpyxl.load_workbook(out / "bieu-02-doi-thoai-2023.xlsx").worksheets[0]
    names_row, cols = _layout(ws)
    rows = [(ws.cell(row=r, column=cols["ma_don_vi"]).value, ws.cell(row=r, column=cols["chuc_danh"]).value)
            for r in range(names_row + 1, ws.max_row + 1)]
    assert len(rows) == 7 * 2 and rows[:2] == [("37", "Bí thư cấp ủy"), ("37", "Chủ tịch UBND")]

    ws = openpyxl.load_workbook(out / "bieu-06-mat-tran-doan-the-2023.xlsx").worksheets[0]
    names_row, cols = _layout(ws)
    orgs = [ws.cell(row=r, column=cols["to_chuc"]).value for r in range(names_row + 1, ws.max_row + 1)]
    # tỉnh and 2 huyện: six organisations each; 4 xã: five (no Liên đoàn Lao động)
    assert len(orgs) == 3 * 6 + 4 * 5 and orgs.count("Liên đoàn Lao động") == 3

    ws = openpyxl.load_workbook(out / "bieu-09-thon-2023.xlsx").worksheets[0]
    names_row, cols = _layout(ws)
    first = [ws.cell(row=names_row + 1, column=cols[n]).value for n in ("ma_don_vi", "ma_xa", "ten_thon")]
    assert first == ["14320-01", "14320", "Thôn 1"]
    assert ws.max_row - names_row == sum(VILLAGES.values())


def test_unit_option_keeps_only_the_units_under_it(tmp_path: Path):
    out = _generate(tmp_path, UNITS, "cap_uy", "thon", "hoat_dong_tinh", "--unit", "376")
    assert sorted(p.name for p in out.iterdir()) == ["bieu-01-cap-uy-2023-376.xlsx", "bieu-09-thon-2023-376.xlsx"]
    ws = openpyxl.load_workbook(out / "bieu-09-thon-2023-376.xlsx").worksheets[0]
    names_row, cols = _layout(ws)
    codes = [ws.cell(row=r, column=cols["ma_don_vi"]).value for r in range(names_row + 1, ws.max_row + 1)]
    assert codes == ["14620-01", "14620-02", "14623-01", "14623-02", "14623-03"]


def test_registry_without_villages_gives_an_open_table_with_a_note(tmp_path: Path):
    no_villages = "".join(line + "\n" for line in UNITS.splitlines() if ",thon," not in line)
    out = _generate(tmp_path, no_villages, "thon")
    ws = openpyxl.load_workbook(out / "bieu-09-thon-2023.xlsx").worksheets[0]
    names_row, cols = _layout(ws)
    title = " ".join(str(ws.cell(row=r, column=1).value) for r in range(1, names_row))
    assert "chưa có đơn vị cấp Thôn" in title
    assert all(ws.cell(row=r, column=c).value is None and not ws.cell(row=r, column=c).protection.locked
               for r in range(names_row + 1, names_row + 4) for c in cols.values())


def test_data_validation_protection_and_freeze(templates: Path):
    wb = openpyxl.load_workbook(templates / FILES["cap_uy"])
    ws = wb.worksheets[0]
    names_row, cols = _layout(ws)
    checks = ws.data_validations.dataValidation

    def check_of(name: str):
        letter = openpyxl.utils.get_column_letter(cols[name])
        found = [dv for dv in checks if any(str(r).startswith(letter) for r in dv.sqref.ranges)]
        assert len(found) == 1, name
        return found[0]

    yes_no = check_of("co_phan_cong_phu_trach_dan_van")
    assert yes_no.type == "list" and "Có" in yes_no.formula1 and "Không" in yes_no.formula1
    count = check_of("tong_so_cap_uy_vien")
    assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert str(count.sqref) == f"D{names_row + 1}:D{names_row + 7}"
    assert ws.protection.sheet and not ws.protection.password
    assert ws.cell(row=names_row + 1, column=cols["ma_don_vi"]).protection.locked
    assert ws.cell(row=names_row + 1, column=cols["ten_don_vi"]).protection.locked
    assert not ws.cell(row=names_row + 1, column=cols["tong_so_cap_uy_vien"]).protection.locked
    assert ws.freeze_panes == f"C{names_row + 1}"
    assert ws.column_dimensions["B"].width >= len("Thành phố Ninh Bình")
    assert "Hướng dẫn" in wb.sheetnames

    ws = openpyxl.load_workbook(templates / FILES["qcdc"]).worksheets[0]
    (rating,) = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    for label in ("Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ",
                  "Không hoàn thành nhiệm vụ"):
        assert label in rating.formula1

    ws = openpyxl.load_workbook(templates / FILES["chuyen_doi_so"]).worksheets[0]
    percent = [dv for dv in ws.data_validations.dataValidation if dv.type == "decimal"]
    assert [(dv.operator, dv.formula1, dv.formula2) for dv in percent] == [("between", "0", "100")]
    years = [dv for dv in ws.data_validations.dataValidation if dv.type == "whole" and dv.operator == "between"]
    assert [(dv.formula1, dv.formula2) for dv in years] == [("2023", "2023")]


def test_instructions_explain_every_column_and_rule(templates: Path):
    ws = openpyxl.load_workbook(templates / FILES["chuyen_doi_so"])["Hướng dẫn"]
    text = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    for name in ("ma_don_vi", "tong_so_ho_so_cong_viec", "ty_le_giam_thoi_gian_hop"):
        assert name in text
    assert "Tổng số hồ sơ công việc, trừ hồ sơ mật" in text
    assert "từ 0 đến 100" in text
    assert any("≤ “Tổng số hồ sơ công việc, trừ hồ sơ mật”" in t for t in text)
    assert any("điền đủ cả hai hoặc để trống" in t for t in text)


def test_a_list_excel_cannot_inline_is_kept_on_the_instructions_sheet(tmp_path: Path):
    spec = (Path(__file__).parents[1] / "targets.yaml").read_text(encoding="utf-8")
    spec = spec.replace('label: "Hoàn thành tốt nhiệm vụ"', 'label: "Hoàn thành tốt, đúng hạn nhiệm vụ"')
    (tmp_path / "targets.yaml").write_text(spec, encoding="utf-8")
    out = _generate(tmp_path, UNITS, "qcdc", "--targets", str(tmp_path / "targets.yaml"))
    wb = openpyxl.load_workbook(out / FILES["qcdc"])
    (rating,) = [dv for dv in wb.worksheets[0].data_validations.dataValidation if dv.type == "list"]
    sheet, cells = rating.formula1.split("!")
    assert sheet == "'Hướng dẫn'"
    listed = [c.value for row in wb["Hướng dẫn"][cells.replace("$", "")] for c in row]
    assert listed[1] == "Hoàn thành tốt, đúng hạn nhiệm vụ" and len(listed) == 4


def test_two_runs_give_identical_files(tmp_path: Path):
    first = _generate(tmp_path / "a", UNITS)
    second = _generate(tmp_path / "b", UNITS)
    names = sorted(p.name for p in first.iterdir())
    assert len(names) == 12  # one per form of the spec
    assert all((first / n).read_bytes() == (second / n).read_bytes() for n in names)


def test_hostile_registry_text_is_written_as_text(tmp_path: Path):
    out = _generate(tmp_path, HOSTILE_UNITS, "cap_uy")
    ws = openpyxl.load_workbook(out / FILES["cap_uy"]).worksheets[0]
    names_row, cols = _layout(ws)
    cells = {ws.cell(row=r, column=cols["ma_don_vi"]).value: ws.cell(row=r, column=cols["ten_don_vi"])
             for r in range(names_row + 1, ws.max_row + 1)}
    for code, name in zip(("369", "376", "14320", "14620"), HOSTILE_NAMES, strict=True):
        assert cells[code].value == name and cells[code].data_type == "s"
    code_cell = next(ws.cell(row=r, column=cols["ma_don_vi"]) for r in range(names_row + 1, ws.max_row + 1)
                     if ws.cell(row=r, column=cols["ma_don_vi"]).value == "014")
    assert code_cell.data_type == "s"


def _soffice_csv(files: list[Path], tmp_path: Path) -> dict[str, list[list[str]]]:
    """The first sheet of each file as LibreOffice exports it to UTF-8 CSV."""
    out = tmp_path / "csv"
    profile = (tmp_path / "lo-profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(out), *map(str, files)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    result = {}
    for path in files:
        text = (out / (path.stem + ".csv")).read_text(encoding="utf-8")
        result[path.name] = list(csv.reader(io.StringIO(text)))
    return result


@needs_soffice
def test_libreoffice_opens_the_templates(templates: Path, tmp_path: Path):
    sheets = _soffice_csv([templates / name for name in FILES.values()], tmp_path)
    expected = {
        "cap_uy": ["Mã đơn vị", "Tên đơn vị", "Năm", "Tổng số cấp ủy viên"],
        "qcdc": ["Mã đơn vị", "Tên đơn vị", "Năm", "Xếp loại"],
        "chuyen_doi_so": ["Mã đơn vị", "Tên đơn vị", "Năm", "Tổng số hồ sơ công việc, trừ hồ sơ mật"],
        "thon": ["Mã thôn", "Mã xã", "Tên thôn, xóm, phố, tổ dân phố", "Năm", "Số mô hình tự quản hoạt động hiệu quả"],
    }
    for form, labels in expected.items():
        rows = sheets[FILES[form]]
        header = next(i for i, row in enumerate(rows) if row[: len(labels)] == labels)
        assert rows[header + 1][0] == "ma_don_vi"
        assert rows[0][0] == f"BIỂU MẪU SỐ {'01 03 05 09'.split()[list(expected).index(form)]}"
    thon = sheets[FILES["thon"]]
    assert ["14320-01", "14320", "Thôn 1"] in [row[:3] for row in thon]


@needs_soffice
def test_filled_templates_saved_again_by_libreoffice_score_the_same(returned: Path, tmp_path: Path):
    """An office that fills the form in LibreOffice and saves it as .ods sends the same figures."""
    again = tmp_path / "ods" / "2023"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "ods",
                    "--outdir", str(again), *map(str, sorted(returned.iterdir()))],
                   check=True, capture_output=True, timeout=180)
    assert len(list(again.glob("*.ods"))) == 4
    assert _data_errors(_validate(again)) == []
    assert _values(again) == _values(returned)


@needs_soffice
def test_libreoffice_shows_hostile_names_literally(tmp_path: Path):
    out = _generate(tmp_path, HOSTILE_UNITS, "cap_uy")
    rows = _soffice_csv([out / FILES["cap_uy"]], tmp_path)[FILES["cap_uy"]]
    shown = {row[0]: row[1] for row in rows if row and row[0] in ("369", "376", "14320", "14620", "014")}
    assert shown == {"369": HOSTILE_NAMES[0], "376": HOSTILE_NAMES[1], "14320": HOSTILE_NAMES[2],
                     "14620": HOSTILE_NAMES[3], "014": "Xã Số Không"}


def test_unknown_form_is_a_usage_error(tmp_path: Path):
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    result = runner.invoke(app, ["template", "cap_uy", "bieu_99", "--units", str(tmp_path / "units.csv"),
                                 "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "bieu_99" in result.output
    assert not (tmp_path / "out").exists()


def test_unit_not_in_registry_is_a_usage_error(tmp_path: Path):
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    result = runner.invoke(app, ["template", "--units", str(tmp_path / "units.csv"), "--unit", "99999",
                                 "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "99999" in result.output


def test_cli_import_does_not_load_openpyxl():
    code = "import sys, danvan_cli.cli; print('openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_returned_templates_are_recognised_whatever_their_names(returned: Path, tmp_path: Path):
    """A district renames the file and the sheet and adds its own title rows: same figures."""
    expected = _values(returned)
    renamed = tmp_path / "renamed" / "data" / "2023"
    renamed.mkdir(parents=True)
    shutil.copy(returned.parents[1] / "units.csv", renamed.parents[1] / "units.csv")
    for n, name in enumerate(sorted(FILES.values())):
        wb = openpyxl.load_workbook(returned / name)
        ws = wb.worksheets[0]
        ws.protection.sheet = False
        ws.title = f"Sheet{n + 1}"
        ws.insert_rows(1, amount=2)
        ws["A1"] = "UBND HUYỆN KIM SƠN"
        ws["A2"] = "Báo cáo gửi Ban Dân vận"
        wb.save(renamed / f"bao_cao_{n}.xlsx")
    assert _data_errors(_validate(renamed)) == []
    assert _values(renamed) == expected


# --- English templates (`--lang en`) ------------------------------------------------------

# The answers an English-speaking office picks in the dropdowns (targets.yaml `label_en`).
ENGLISH = {"Có": "Yes", "Không": "No", "Hoàn thành xuất sắc nhiệm vụ": "Excellent", "Hoàn thành tốt nhiệm vụ": "Good",
           "Hoàn thành nhiệm vụ": "Completed", "Không hoàn thành nhiệm vụ": "Not completed"}


@pytest.fixture
def returned_english(tmp_path: Path) -> Path:
    """The four templates made with --lang en, filled with the same figures in English."""
    templates = _generate(tmp_path / "en", UNITS, *FORMS, "--lang", "en")
    year = tmp_path / "en" / "data" / "2023"
    year.mkdir(parents=True)
    for name in FILES.values():
        shutil.copy(templates / name, year / name)
    _fill(year / FILES["cap_uy"], {
        code: {"tong_so_cap_uy_vien": t, "so_cap_uy_vien_guong_mau": g,
               "co_phan_cong_phu_trach_dan_van": ENGLISH[p], "so_cap_uy_vien_du_hop_hang_thang": h}
        for code, (t, g, p, h) in CAP_UY.items()})
    _fill(year / FILES["qcdc"], {code: {"xep_loai": ENGLISH[label]} for code, label in QCDC.items()})
    _fill(year / FILES["chuyen_doi_so"], CHUYEN_DOI_SO)
    _fill(year / FILES["thon"], {
        code: {"so_mo_hinh_tu_quan_hieu_qua": n, "co_to_hoa_giai_hieu_qua": ENGLISH[yes]}
        for code, (n, yes) in THON.items()})
    return year


def test_english_template_has_english_headers_answers_and_instructions(tmp_path: Path):
    out = _generate(tmp_path, UNITS, "cap_uy", "qcdc", "--lang", "en")
    wb = openpyxl.load_workbook(out / FILES["cap_uy"])
    assert wb.sheetnames == ["Form 01", "Instructions"]
    ws = wb.worksheets[0]
    names_row, cols = _layout(ws)
    header = {name: ws.cell(row=names_row - 1, column=col).value for name, col in cols.items()}
    assert header["ma_don_vi"] == "Unit code" and header["tong_so_cap_uy_vien"] == "Committee members"
    assert header["co_phan_cong_phu_trach_dan_van"] == "A committee member assigned to mass mobilisation"
    assert [ws.cell(row=r, column=1).value for r in (1, 2, 4, 5)] == [
        "FORM 01", "Party committees", "Reporting unit: Tỉnh Ninh Bình", "Reporting year: 2023"]
    yes_no = next(dv for dv in ws.data_validations.dataValidation if dv.type == "list")
    assert yes_no.formula1 == '"Yes,No"'
    count = next(dv for dv in ws.data_validations.dataValidation if dv.type == "whole" and dv.operator != "between")
    assert (count.prompt, count.error) == ("Whole number. ≥ 0. required.", "Invalid value. Expected: Whole number, ≥ 0.")
    guide = [str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value is not None]
    assert guide[0] == "HOW TO FILL IN FORM 01: Party committees"
    assert "Reporting year 2023. Reporting unit: Tỉnh Ninh Bình." in guide
    assert "Units that must submit: every unit at level Province, District, Commune." in " ".join(guide)
    assert ["No.", "Column (header)", "Standard name (read by danvan)"] == guide[guide.index("The form's columns") + 1:][:3]
    assert "Yes at level District, Commune" in guide  # so_cap_uy_vien_du_hop_hang_thang: required_at

    ws = openpyxl.load_workbook(out / FILES["qcdc"]).worksheets[0]
    (rating,) = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert rating.formula1 == '"Excellent,Good,Completed,Not completed"'


def test_vietnamese_template_keeps_its_vietnamese_texts(templates: Path):
    wb = openpyxl.load_workbook(templates / FILES["cap_uy"])
    assert wb.sheetnames == ["Biểu 01", "Hướng dẫn"]
    ws = wb.worksheets[0]
    assert [ws.cell(row=r, column=1).value for r in (1, 2, 4, 5)] == [
        "BIỂU MẪU SỐ 01", "Cấp ủy", "Đơn vị báo cáo: Tỉnh Ninh Bình", "Năm báo cáo: 2023"]
    names_row, cols = _layout(ws)
    assert ws.cell(row=names_row - 1, column=cols["tong_so_cap_uy_vien"]).value == "Tổng số cấp ủy viên"
    guide = [str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value is not None]
    assert guide[0] == "HƯỚNG DẪN ĐIỀN BIỂU MẪU SỐ 01: Cấp ủy"
    assert "Có ở cấp Huyện, Xã" in guide


def test_filled_english_templates_give_the_same_figures(returned: Path, returned_english: Path):
    english = _validate(returned_english)
    assert _data_errors(english) == []
    assert {c["form"]: c["received"] for c in english["completeness"] if c["form"] in FORMS} == {
        "cap_uy": 7, "qcdc": 7, "chuyen_doi_so": 7, "thon": 10}
    assert _values(returned_english) == _values(returned)
    # the figures worked out by hand above, from the English answers too
    value = _values(returned_english)
    assert value["NV1"] == pytest.approx(100 * 6 / 7) and value["T2.1"] == pytest.approx(100 * 5 / 7)
    assert value["T7.2"] == pytest.approx(80.0)
