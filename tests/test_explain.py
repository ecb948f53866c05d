"""`danvan explain TARGET PATH [--unit CODE]`: the rows behind a figure, with totals equal to the
scorecard's (issue 14).

The Kim Sơn figures are read from the sample workbook with openpyxl here, not from danvan:
Biểu 01 of samples/ninh-binh/2023/huyen_kim_son.xlsx has the district's own row (376: 36 of 36
committee members exemplary) and its 25 communes; the columns "Tổng số cấp ủy viên" and
"Số cấp ủy viên gương mẫu…" sum to 471 and 471, so T1.1 for 376 is 471 / 471 = 100 %.
"""

from __future__ import annotations

import importlib.util
import io
import json
import math
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from danvan_cli import api
from danvan_cli.cli import app
from danvan_cli.indicators.explain import Explanation, explain_target

jsonschema = pytest.importorskip("jsonschema", reason="the test extra has jsonschema: pip install '.[test]'")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "ninh-binh"
BROKEN = ROOT / "samples" / "broken" / "2023"
KIM_SON = SAMPLES / "2023" / "huyen_kim_son.xlsx"
SCHEMA = ROOT / "docs" / "schemas" / "explain.schema.json"


def invoke(*args: str | Path) -> Any:
    # typer's CliRunner keeps stderr apart: result.stdout is stdout only
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def kim_son_sheet() -> list[tuple[str, str, int, int, int]]:
    """(code, name, row, committee members, exemplary) of every unit row of Biểu 01."""
    from openpyxl import load_workbook

    sheet = load_workbook(KIM_SON, data_only=True)["Biểu 01"]
    header = next(i for i, row in enumerate(sheet.iter_rows(values_only=True), start=1) if row[0] == "Mã đơn vị")
    found = []
    for number, row in enumerate(sheet.iter_rows(min_row=header + 1, values_only=True), start=header + 1):
        if row[0] and str(row[0]).strip().isdigit():
            found.append((str(row[0]).strip(), str(row[1]), number, int(row[2]), int(row[3])))
    return found


def test_kim_son_communes_with_their_rows_and_the_scorecards_totals():
    rows = kim_son_sheet()
    members, exemplary = sum(r[3] for r in rows), sum(r[4] for r in rows)
    assert (members, exemplary, len(rows)) == (471, 471, 26)  # worked out from the workbook (docstring)
    result = invoke("explain", "T1.1", SAMPLES / "2023", "--unit", "376")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "376 Huyện Kim Sơn" in text
    for code, name, row, _, _ in rows:
        assert f"{code} {name}" in text
        assert f"huyen_kim_son.xlsx › Biểu 01 › dòng {row}" in text
    assert "xếp theo mẫu số, lớn nhất trước" in text
    foot = next(line for line in text.splitlines() if line.startswith("Tổng"))
    assert foot.split() == ["Tổng", "471", "471", "100%"]
    # the scorecard's breakdown entry for 376 is the same figure
    entry = next(b for t in api.score([SAMPLES / "2023"]).targets if t.id == "T1.1" for b in t.breakdown if b.code == "376")
    assert (entry.numerator, entry.denominator, entry.value) == (471.0, 471.0, 100.0)
    explained = api.explain("T1.1", [SAMPLES / "2023"], unit="376")
    assert (explained.figure.numerator, explained.figure.denominator, explained.figure.value) == (471.0, 471.0, 100.0)
    groups = {g.code: g for g in explained.groups}
    assert groups["376"].own and (groups["376"].numerator, groups["376"].denominator) == (36.0, 36.0)
    assert {c for c, *_ in rows} == set(groups)
    # largest denominator first
    dens = list(explained.rows["den"])
    assert dens == sorted(dens, reverse=True) and dens[0] == 36.0


# ---------------------------------------------------------------- the property: explain == score


def _sums_to_parent(e: Explanation) -> None:
    """The groups one level down sum to the figure (numerators, denominators, rows)."""
    assert sum(g.rows for g in e.groups) == len(e.rows)
    if e.kind in ("ratio", "share", "count"):
        for part in ("numerator", "denominator") if e.kind != "count" else ("numerator",):
            whole = getattr(e.figure, part) or 0.0
            assert math.isclose(sum(getattr(g, part) or 0.0 for g in e.groups), whole, rel_tol=1e-12, abs_tol=1e-9)
    elif e.kind == "sum" and e.figure.value is not None:
        assert math.isclose(sum(g.value or 0.0 for g in e.groups), e.figure.value, rel_tol=1e-12, abs_tol=1e-9)


def check_year(folder: Path) -> int:
    """Every target of the year: explain's totals are the scorecard's (==), the groups sum to
    them, and the figure of the breakdown unit with most rows is its breakdown entry (==)."""
    card = api.score([folder])
    source = api.UnitSource(card.spec)
    earlier = api._earlier_frames(source, folder, card.year)
    checked = 0
    for result in card.targets:
        target = card.spec.target(result.id)
        e = explain_target(card.spec, target, card.submission, card.registry, earlier)
        figure = (e.figure.value, e.figure.numerator, e.figure.denominator)
        assert figure == (result.value, result.numerator, result.denominator), (folder, result.id)
        assert len(e.rows) == result.rows_in_scope, (folder, result.id)
        if target.improves:
            assert e.previous is not None and (e.previous.year, e.previous.figure.value) == result.previous
        _sums_to_parent(e)
        if result.breakdown:
            counts = e.rows["_district"].value_counts()
            entry = max(result.breakdown, key=lambda b: (counts.get(b.code, 0), b.code))
            down = explain_target(card.spec, target, card.submission, card.registry, earlier, entry.code)
            assert (down.figure.value, down.figure.numerator, down.figure.denominator) == \
                (entry.value, entry.numerator, entry.denominator), (folder, result.id, entry.code)
            _sums_to_parent(down)
        checked += 1
    return checked


@pytest.mark.parametrize("year", [2021, 2022, 2023, 2024, 2025])
def test_every_target_of_the_samples_equals_the_scorecard(year: int):
    assert check_year(SAMPLES / str(year)) == 36


def _generate() -> Any:
    sys.path.insert(0, str(ROOT / "samples"))  # generate.py imports its sibling `synthetic`
    try:
        for name in ("synthetic", "generate"):
            spec = importlib.util.spec_from_file_location(f"samples_{name}", ROOT / "samples" / f"{name}.py")
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module
            if name == "synthetic":
                sys.modules.setdefault("synthetic", module)
            spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "samples"))


@pytest.mark.parametrize("variant", ["2025-01", "mixed"])
def test_every_target_of_generated_variants_equals_the_scorecard(tmp_path: Path, variant: str):
    _generate().write_variant(tmp_path, variant)
    assert check_year(tmp_path / "2025") == 36


def test_drill_down_to_a_commune_and_after_2025_to_a_new_unit_with_its_area():
    commune = api.explain("T7.1", [SAMPLES / "2023"], unit="14620")  # Thị trấn Phát Diệm → its villages
    assert commune.focus_level == "xa" and commune.groups and all(g.level == "thon" for g in commune.groups)
    assert math.isclose(sum(g.numerator or 0 for g in commune.groups), commune.figure.numerator or 0)
    new = api.explain("T1.1", [SAMPLES / "2025"])
    entry = next(t for t in api.score([SAMPLES / "2025"]).targets if t.id == "T1.1")
    assert (new.figure.numerator, new.figure.denominator) == (entry.numerator, entry.denominator)
    named = {g.code: g for g in new.groups}
    assert named["14329"].name == "Phường Hoa Lư" and named["14329"].area == "14329"
    result = invoke("explain", "T1.1", SAMPLES / "2025", "--unit", "14329")
    assert result.exit_code == 0, result.stderr
    assert "14329 Phường Hoa Lư" in result.stdout


# ---------------------------------------------------------------- formats, languages, errors


@pytest.fixture(scope="module")
def validator() -> Any:
    document = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document)


@pytest.mark.parametrize("args", [
    ["T1.1", SAMPLES / "2023", "--unit", "376"],
    ["T5.1", SAMPLES / "2023"],  # share with a `where` scope: rows out of scope
    ["NV10", SAMPLES / "2023"],  # improves: the year before
    ["NV7", SAMPLES / "2024"],  # window: both years' rows
    ["T7.1", SAMPLES / "2025", "--unit", "14329"],  # a new unit's villages
    ["T1.1", BROKEN, "--lang", "en"],  # rejected rows, in English
])
def test_json_follows_the_schema(validator: Any, args: list[Any]):
    result = invoke("explain", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(document)]
    assert not problems, problems[:10]
    assert document["schema"] == "danvan.explain/1"


def test_window_and_improves_show_every_year():
    window = json.loads(invoke("explain", "NV7", SAMPLES / "2024", "--format", "json").stdout)
    assert window["years"] == [2023, 2024] and {r["year"] for r in window["rows"]} == {2023, 2024}
    improves = json.loads(invoke("explain", "NV10", SAMPLES / "2023", "--format", "json").stdout)
    assert improves["previous"]["year"] == 2022 and improves["previous"]["rows"]


def test_xlsx_has_the_rows_and_a_totals_row(tmp_path: Path):
    from openpyxl import load_workbook

    out = tmp_path / "explain.xlsx"
    result = invoke("explain", "T1.1", SAMPLES / "2023", "--unit", "376", "-o", out)
    assert result.exit_code == 0, result.stderr
    book = load_workbook(out)
    assert book.sheetnames == ["Các dòng", "Không được tính", "Theo đơn vị"]
    rows = [r for r in book["Các dòng"].iter_rows(values_only=True)]
    data = [r for r in rows if r[1] == "huyen_kim_son.xlsx"]
    assert len(data) == 26 and {r[3] for r in data} == {r[2] for r in kim_son_sheet()}
    total = next(r for r in rows if r[0] == "Tổng")
    assert total[8:11] == (471, 471, 100)
    for sheet in book.worksheets:  # nothing written as a formula
        assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_a_cell_that_looks_like_a_formula_stays_text(tmp_path: Path):
    import shutil

    from openpyxl import load_workbook

    folder = tmp_path / "2023"
    folder.mkdir()
    shutil.copy(SAMPLES / "units.csv", tmp_path / "units.csv")
    (folder / "qcdc.csv").write_text("ma_don_vi,ten_don_vi,nam,xep_loai\n376,=HYPERLINK(\"x\"),2023,Tốt\n",
                                     encoding="utf-8")
    out = tmp_path / "e.xlsx"
    result = invoke("explain", "T2.1", folder, "-o", out)
    assert result.exit_code == 0, result.stderr
    book = load_workbook(out)
    assert not any(c.data_type == "f" for s in book.worksheets for row in s.iter_rows() for c in row)


def test_rows_left_out_name_their_reason_on_the_broken_samples():
    result = invoke("explain", "T1.1", BROKEN, "--format", "json")
    assert result.exit_code == 0, result.stderr
    left = json.loads(result.stdout)["left_out"]
    rejected = {(r["file"], r["row"]): r["detail"] for r in left if r["reason"] == "rejected"}
    # tp_ninh_binh.csv row 4 (Xã Ninh Nhất) leaves "tổng số cấp ủy viên" blank: read from the file
    lines = (BROKEN / "tp_ninh_binh.csv").read_text(encoding="utf-8").splitlines()
    assert lines[3].split(",")[3] == ""
    assert "thiếu giá trị bắt buộc" in rejected[("tp_ninh_binh.csv", 4)]
    # row 3 says 16 exemplary of 15 members
    assert lines[2].split(",")[3:5] == ["15", "16"] and "16" in rejected[("tp_ninh_binh.csv", 3)]
    assert any(r["reason"] == "missing" for r in left)
    # a rejected row names its unit when the registry knows the code (row 4: 14347), not when it
    # does not (row 6: 14999, no such unit)
    units = {(r["file"], r["row"]): r["unit"] for r in left if r["reason"] == "rejected"}
    assert lines[3].split(",")[0] == "14347" and units[("tp_ninh_binh.csv", 4)] == "14347"
    assert lines[5].split(",")[0] == "14999" and units[("tp_ninh_binh.csv", 6)] is None
    text = invoke("explain", "T1.1", BROKEN).stdout
    assert "bị loại khi kiểm tra" in text and "tp_ninh_binh.csv › dòng 4" in text


def test_out_of_scope_and_not_applicable_rows():
    document = json.loads(invoke("explain", "T5.1", SAMPLES / "2023", "--format", "json").stdout)
    scoped = [r for r in document["left_out"] if r["reason"] == "out_of_scope"]
    assert scoped and all("so_lao_dong >= 25" in r["detail"] for r in scoped)
    counted = {(r["file"], r["row"]) for r in document["rows"]}
    assert not counted & {(r["file"], r["row"]) for r in scoped}


def test_english_has_no_vietnamese_labels(tmp_path: Path):
    from test_i18n import danvan, foreign, text_of

    for args in (["T1.1", SAMPLES / "2023", "--unit", "376"], ["T1.1", BROKEN], ["T5.1", SAMPLES / "2023"]):
        result = invoke("explain", *args, "--lang", "en")
        assert result.exit_code == 0, result.stderr
        assert "Total" in result.stdout
        assert not foreign(result.stdout), foreign(result.stdout)[:10]
    out = tmp_path / "e.xlsx"
    assert invoke("explain", "T1.1", BROKEN, "--lang", "en", "-o", out).exit_code == 0
    assert not foreign(text_of(out)), foreign(text_of(out))[:10]
    helped = danvan("explain", "--help", "--lang", "en")  # the help is translated by `main`
    assert helped.returncode == 0 and "TARGET" in helped.stdout
    assert not foreign(helped.stdout), foreign(helped.stdout)[:10]


def test_unknown_target_or_unit_is_a_usage_error():
    result = invoke("explain", "T9.9", SAMPLES / "2023")
    assert result.exit_code == 2
    assert "T9.9" in result.stderr and "T1.1" in result.stderr and "NV17" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    result = invoke("explain", "T1.1", SAMPLES / "2023", "--unit", "99999")
    assert result.exit_code == 2 and "danvan units" in result.stderr
    result = invoke("explain", "T1.1", SAMPLES / "2023", "--format", "docx")
    assert result.exit_code == 2


def test_piped_binary_is_written_to_stdout():
    result = CliRunner().invoke(app, ["explain", "T1.1", str(SAMPLES / "2023"), "--format", "xlsx"])
    assert result.exit_code == 0
    from openpyxl import load_workbook

    assert load_workbook(io.BytesIO(result.stdout_bytes)).sheetnames[0] == "Các dòng"
