"""Every command writes every documented format from the -o suffix (issue 12), and the Excel
workbooks hold exactly what the JSON says."""

import json
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from danvan_cli.cli import app
from danvan_cli.cli.output import FORMATS

runner = CliRunner()
ROOT = Path(__file__).parents[1]
SAMPLES = ROOT / "samples" / "ninh-binh"
BROKEN = ROOT / "samples" / "broken"
ISSUE_HEADER = ["Tệp", "Trang", "Ô", "Dòng", "Mã lỗi", "Mức", "Nội dung"]


def _zip_names(path: Path) -> set[str]:
    assert path.read_bytes()[:4] == b"PK\x03\x04"
    with zipfile.ZipFile(path) as archive:
        return set(archive.namelist())


def check_format(path: Path, fmt: str) -> None:
    """The file is what its suffix says."""
    if fmt == "json":
        assert json.loads(path.read_text(encoding="utf-8"))["schema"].startswith("danvan.")
    elif fmt == "md":
        assert path.read_text(encoding="utf-8").startswith("#")
    elif fmt == "html":
        text = path.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    elif fmt == "xlsx":
        assert "xl/workbook.xml" in _zip_names(path)
        assert CalamineWorkbook.from_path(str(path)).sheet_names
    elif fmt == "docx":
        assert "word/document.xml" in _zip_names(path)
    elif fmt == "table":
        text = path.read_text(encoding="utf-8")
        assert text.strip() and "\x1b[" not in text  # plain text, no terminal colours
    else:  # pragma: no cover
        raise AssertionError(fmt)


def suffix(fmt: str) -> str:
    return "txt" if fmt == "table" else fmt


def arguments(command: str, year_dir: Path) -> list[str]:
    if command in ("validate", "score"):
        return [command, str(year_dir)]
    if command == "summary":
        return [command, str(year_dir.parent), "--from", "2023", "--to", "2023"]
    if command == "explain":
        return [command, "T1.1", str(year_dir)]
    return [command]


PAIRS = [(command, fmt) for command, formats in FORMATS.items() for fmt in formats]


@pytest.mark.parametrize(("command", "fmt"), PAIRS, ids=[f"{c}-{f}" for c, f in PAIRS])
def test_every_command_writes_every_suffix(command: str, fmt: str, year_dir: Path, tmp_path: Path):
    if fmt == "docx":
        pytest.importorskip("danvan_cli.render.docx")
    out = tmp_path / "out" / f"ket-qua.{suffix(fmt)}"
    result = runner.invoke(app, [*arguments(command, year_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    check_format(out, fmt)


@pytest.mark.parametrize("command", list(FORMATS))
def test_an_unknown_suffix_is_a_usage_error_naming_the_formats(command: str, year_dir: Path, tmp_path: Path):
    out = tmp_path / "ket-qua.pdf"
    result = runner.invoke(app, [*arguments(command, year_dir), "-o", str(out)])
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "pdf" in message
    for fmt in FORMATS[command]:
        assert fmt in message
    assert not out.exists()


def test_format_wins_over_the_suffix(year_dir: Path, tmp_path: Path):
    out = tmp_path / "ket-qua.txt"
    result = runner.invoke(app, ["score", str(year_dir), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    check_format(out, "json")


def test_targets_md_writes_the_annex(tmp_path: Path):
    out = tmp_path / "phu-luc.md"
    result = runner.invoke(app, ["targets", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "T1.1" in text and "NV17" in text


# ---------------------------------------------------------------- Excel read back


def rows_of(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def number(value):
    return None if value == "" else value


@pytest.fixture(scope="module")
def scorecard(tmp_path_factory) -> tuple[dict, Path]:
    folder = tmp_path_factory.mktemp("score")
    json_path, xlsx_path = folder / "ket-qua.json", folder / "ket-qua.xlsx"
    for path in (json_path, xlsx_path):
        result = runner.invoke(app, ["score", str(SAMPLES / "2023"), "-o", str(path)])
        assert result.exit_code == 0, result.output
    return json.loads(json_path.read_text(encoding="utf-8")), xlsx_path


def test_score_xlsx_overview_equals_the_json(scorecard):
    data, path = scorecard
    rows = rows_of(path, "Tổng quan")
    assert rows[0] == ["Mã", "Mục tiêu", "Chỉ tiêu", "Ngưỡng", "Giá trị", "Tử số", "Mẫu số", "Đánh giá"]
    by_id = {r[0]: r for r in rows[1:]}
    assert list(by_id) == [t["id"] for t in data["targets"]]
    for t in data["targets"]:
        row = by_id[t["id"]]
        assert row[2] == t["title"]
        assert [number(v) for v in row[3:7]] == [t["threshold"], t["value"], t["numerator"], t["denominator"]], t["id"]


def test_score_xlsx_breakdowns_equal_the_json(scorecard):
    data, path = scorecard
    workbook = CalamineWorkbook.from_path(str(path))
    found: dict[str, list] = {}
    for name in workbook.sheet_names:
        if not name.startswith("Mục tiêu"):
            continue
        current = None
        for row in workbook.get_sheet_by_name(name).to_python():
            if row[0] and " — " in str(row[0]) and all(v == "" for v in row[1:]):
                current = str(row[0]).split(" — ")[0]
                found[current] = []
            elif current and row[0] not in ("", "Mã đơn vị"):
                found[current].append([row[0], row[1], *(number(v) for v in row[2:5])])
            elif row[0] == "":
                current = None
    expected = {t["id"]: [[d["code"], d["name"], d["value"], d["numerator"], d["denominator"]] for d in t["breakdown"]]
                for t in data["targets"] if t["breakdown"]}
    assert expected and found == expected


def test_score_xlsx_percent_format_and_frozen_header(scorecard):
    from openpyxl import load_workbook

    _, path = scorecard
    ws = load_workbook(path)["Tổng quan"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:H")
    assert ws["E2"].number_format == '0.0" %"' and ws["D2"].number_format == '"≥ "0.0" %"'
    assert ws.conditional_formatting  # status colours


def test_score_xlsx_data_quality_sheet_lists_every_input(scorecard):
    data, path = scorecard
    rows = rows_of(path, "Chất lượng số liệu")
    files = {r[0] for r in rows if r[0] in {f["file"] for f in data["inputs"]}}
    assert files == {f["file"] for f in data["inputs"]}


def test_score_xlsx_is_reproducible(scorecard, tmp_path: Path):
    _, path = scorecard
    again = tmp_path / "again.xlsx"
    assert runner.invoke(app, ["score", str(SAMPLES / "2023"), "-o", str(again)]).exit_code == 0
    assert again.read_bytes() == path.read_bytes()


def test_summary_xlsx_overview_equals_the_json(tmp_path: Path):
    json_path, xlsx_path = tmp_path / "s.json", tmp_path / "s.xlsx"
    for path in (json_path, xlsx_path):
        result = runner.invoke(app, ["summary", str(SAMPLES), "--to", "2023", "-o", str(path)])
        assert result.exit_code == 0, result.output
    data = json.loads(json_path.read_text(encoding="utf-8"))
    rows = rows_of(xlsx_path, "Tổng quan")
    assert rows[0][3:6] == ["Giá trị 2021", "Giá trị 2022", "Giá trị 2023"]
    by_id = {r[0]: r for r in rows[1:]}
    assert list(by_id) == [t["id"] for t in data["targets"]]
    for t in data["targets"]:
        row = by_id[t["id"]]
        values = [(t["years"].get(y) or {}).get("value") for y in ("2021", "2022", "2023")]
        assert [number(v) for v in row[2:6]] == [t["threshold"], *values], t["id"]
        assert number(row[9]) == t["progress_ratio"] and number(row[10]) == t["projection"]


# ---------------------------------------------------------------- validate → issue lists


def issue_key(entry) -> tuple:
    if isinstance(entry, dict):
        return (entry["file"] or "", entry["sheet"] or "", entry["cell"] or "", entry["row"], entry["code"],
                entry["message"])
    file, sheet, cell, row, code, _, message = entry
    return (file, sheet, cell, None if row == "" else int(row), code, message)


def issues_in(path: Path) -> list[tuple]:
    """Every issue row of a workbook's issue sheets (all but the summary)."""
    workbook = CalamineWorkbook.from_path(str(path))
    assert workbook.sheet_names[0] == "Tóm tắt"
    found = []
    for name in workbook.sheet_names[1:]:
        rows = workbook.get_sheet_by_name(name).to_python()
        assert rows[0] == ISSUE_HEADER
        found += [issue_key(r) for r in rows[1:]]
    return found


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> tuple[list[tuple], Path]:
    folder = tmp_path_factory.mktemp("validate")
    result = runner.invoke(app, ["validate", str(BROKEN / "2023"), "-f", "json"])
    assert result.exit_code == 1
    expected = [issue_key(i) for i in json.loads(result.stdout)["issues"]]
    return expected, folder


def test_validate_xlsx_lists_exactly_the_json_issues(broken):
    expected, folder = broken
    path = folder / "loi.xlsx"
    result = runner.invoke(app, ["validate", str(BROKEN / "2023"), "-o", str(path)])
    assert result.exit_code == 1, result.output
    assert Counter(issues_in(path)) == Counter(expected)
    sheets = CalamineWorkbook.from_path(str(path)).sheet_names
    assert sheets == ["Tóm tắt", "Thành phố Ninh Bình", "Huyện Kim Sơn", "Chung"]
    # each district's sheet holds the issues of its rows, rejected rows too: Kim Sơn's workbook, and the
    # Kim Sơn rows of the CSVs (qcdc_xa_kim_son.csv rows 2-3, qcdc_tinh.csv row 7: 14620 Phát Diệm)
    kim_son = rows_of(path, "Huyện Kim Sơn")[1:]
    assert {r[0] for r in kim_son} == {"huyen_kim_son.xlsx", "qcdc_xa_kim_son.csv", "qcdc_tinh.csv"}
    assert {(r[0], r[3]) for r in kim_son if r[0] != "huyen_kim_son.xlsx"} == {
        ("qcdc_xa_kim_son.csv", 2.0), ("qcdc_xa_kim_son.csv", 3.0), ("qcdc_tinh.csv", 7.0)}
    summary = rows_of(path, "Tóm tắt")
    assert ["lỗi", 15.0] == summary[2][:2] and ["Tổng", float(len(expected))] == summary[5][:2]


def test_validate_split_by_district_partitions_the_issues(broken):
    expected, folder = broken
    out = folder / "loi"
    result = runner.invoke(app, ["validate", str(BROKEN / "2023"), "--split-by", "district", "-o", str(out)])
    assert result.exit_code == 1, result.output
    files = sorted(p.name for p in out.iterdir())
    assert files == ["chung.xlsx", "huyen_kim_son.xlsx", "thanh_pho_ninh_binh.xlsx"]
    parts = [issues_in(out / name) for name in files]
    union = Counter()
    for part in parts:
        assert part
        union += Counter(part)
    assert union == Counter(expected)  # union = all, and no issue in two files
    assert sum(len(p) for p in parts) == len(expected)


def test_validate_split_needs_a_folder(year_dir: Path):
    result = runner.invoke(app, ["validate", str(year_dir), "--split-by", "district"])
    assert result.exit_code == 2


FORMULA = "=1+1"


@pytest.fixture
def formula_year(tmp_path: Path) -> Path:
    """A year whose file name and sheet name start like formulas."""
    from openpyxl import Workbook

    folder = tmp_path / "2023"
    folder.mkdir()
    shutil.copy(BROKEN / "units.csv", tmp_path / "units.csv")
    shutil.copy(BROKEN / "2023" / "tp_ninh_binh.csv", folder / f"{FORMULA}.csv")
    wb = Workbook()
    wb.active.title = FORMULA
    wb.active["A1"] = "không phải biểu"
    wb.save(folder / "bieu.xlsx")
    return folder


def test_input_text_like_a_formula_is_stored_as_text(formula_year: Path, tmp_path: Path):
    from openpyxl import load_workbook

    out = tmp_path / "loi.xlsx"
    result = runner.invoke(app, ["validate", str(formula_year), "-o", str(out)])
    assert result.exit_code == 1, result.output
    with zipfile.ZipFile(out) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(n) for n in sheets)  # no formula anywhere
    wb = load_workbook(out)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value in (FORMULA, f"{FORMULA}.csv")]
    assert {c.value for c in cells} == {FORMULA, f"{FORMULA}.csv"}
    assert all(c.data_type == "s" for c in cells)
    found = {v for r in issues_in(out) for v in r[:2]}
    assert {FORMULA, f"{FORMULA}.csv"} <= found


def test_validate_html_escapes_the_input(formula_year: Path, tmp_path: Path):
    (formula_year / f"{FORMULA}.csv").rename(formula_year / "<script>x.csv")
    out = tmp_path / "loi.html"
    result = runner.invoke(app, ["validate", str(formula_year), "-o", str(out)])
    assert result.exit_code == 1, result.output
    text = out.read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;x.csv" in text


def test_validate_md_groups_by_file_and_names_missing_units(tmp_path: Path):
    out = tmp_path / "loi.md"
    result = runner.invoke(app, ["validate", str(BROKEN / "2023"), "-o", str(out)])
    assert result.exit_code == 1
    text = out.read_text(encoding="utf-8")
    assert "### huyen\\_kim\\_son.xlsx › Biểu 01" in text
    assert "376 Huyện Kim Sơn" in text  # completeness: names beside codes


def test_report_info_reaches_the_word_report(year_dir: Path, tmp_path: Path):
    pytest.importorskip("danvan_cli.render.docx")
    info = tmp_path / "report.yaml"
    info.write_text("so_ky_hieu: 125-BC/BDVTU\nnguoi_ky: Nguyễn Văn Ký\n", encoding="utf-8")
    out = tmp_path / "bao-cao.docx"
    result = runner.invoke(app, ["score", str(year_dir), "--report-info", str(info), "-o", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    assert "125-BC/BDVTU" in document and "Nguyễn Văn Ký" in document


def test_xlsx_headers_in_english(year_dir: Path, tmp_path: Path):
    out = tmp_path / "score.xlsx"
    assert runner.invoke(app, ["score", str(year_dir), "--lang", "en", "-o", str(out)]).exit_code == 0
    workbook = CalamineWorkbook.from_path(str(out))
    assert workbook.sheet_names[0] == "Overview" and workbook.sheet_names[-1] == "Data quality"
    assert rows_of(out, "Overview")[0] == ["ID", "Objective", "Target", "Threshold", "Value", "Numerator",
                                           "Denominator", "Status"]


def test_binary_output_needs_a_file_on_a_terminal(year_dir: Path, monkeypatch):
    from danvan_cli.cli import output
    from danvan_cli.errors import UsageError

    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    with pytest.raises(UsageError):
        output.write(b"PK", None)


# --- the one output module: what a command writes is what cli.output makes of the library's result


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_score_writes_what_output_renders_from_the_api(fmt: str, tmp_path: Path):
    from danvan_cli import api
    from danvan_cli.cli import output

    out = tmp_path / f"ket-qua.{fmt}"
    assert runner.invoke(app, ["score", str(SAMPLES / "2023"), "--lang", "en", "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == output.scorecard(api.score([SAMPLES / "2023"]), fmt, "en")


def test_validate_writes_what_output_renders_from_the_api(tmp_path: Path):
    from danvan_cli import api
    from danvan_cli.cli import output

    out = tmp_path / "loi.md"
    assert runner.invoke(app, ["validate", str(BROKEN / "2023"), "-o", str(out)]).exit_code == 1
    sub = api.validate([BROKEN / "2023"])
    assert out.read_text(encoding="utf-8") == output.validation(sub, "md", "vi", api.names_for([BROKEN / "2023"], sub))


def test_a_format_refused_names_the_formats_in_either_language():
    from danvan_cli.cli import output
    from danvan_cli.errors import UsageError
    from danvan_cli.issues import Text

    with pytest.raises(UsageError) as refused:
        output.choose("targets", None, Path("bang.xlsx"))
    message = refused.value.args[0]
    assert isinstance(message, Text)  # shown in the language of the run
    assert str(message) == ("-o bang.xlsx: danvan targets không ghi được định dạng “xlsx”; "
                            "các định dạng có: table (.txt), json (.json), md (.md)")
    assert message.in_lang("en") == ("-o bang.xlsx: danvan targets cannot write the format “xlsx”; "
                                     "the formats are: table (.txt), json (.json), md (.md)")


def test_show_and_printed_write_the_file_when_asked(tmp_path: Path):
    from danvan_cli.cli import output

    output.show("# Tiêu đề\n", tmp_path / "a.md")
    output.printed(lambda: print("bảng"), tmp_path / "b.txt")
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "# Tiêu đề\n"
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "bảng\n"
