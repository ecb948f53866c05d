"""`danvan targets --format md` is an annex a report can print, and every column is defined (issue 10).

Checked on the bundled `targets.yaml`: each column has a Vietnamese and an English working definition;
the annex says each of the 36 targets' measure as one sentence (no pseudo-code), cites every reading
of the document as a footnote where its targets appear, and lists the forms with their definitions;
the template's instructions sheet shows the definitions (read back with openpyxl).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from danvan_cli.cli import app
from danvan_cli.render.targets import as_json, as_markdown, measure_sentence
from danvan_cli.spec.load import parse_spec

ROOT = Path(__file__).resolve().parents[1]
SPEC = parse_spec((ROOT / "targets.yaml").read_text(encoding="utf-8"))
NAMES = {c.name for f in SPEC.forms.values() for c in f.columns}
runner = CliRunner()


def _targets_part(text: str) -> str:
    """The annex before its forms section."""
    return text.split("\n## Các biểu mẫu", 1)[0].split("\n## Forms and column", 1)[0]


def _rows(text: str) -> dict[str, list[str]]:
    """Target rows of the annex: ID → its cells."""
    rows: dict[str, list[str]] = {}
    ids = {t.id for t in SPEC.targets}
    for line in _targets_part(text).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if line.startswith("| ") and cells[0] in ids:
            assert cells[0] not in rows, f"{cells[0]} listed twice"
            rows[cells[0]] = cells
    return rows


# --- column definitions ---------------------------------------------------------------------------


def test_every_column_of_the_bundled_spec_has_both_descriptions():
    missing = [(f.id, c.name, lang) for f in SPEC.forms.values() for c in f.columns
               for lang, text in (("vi", c.description), ("en", c.description_en)) if not text.strip()]
    assert missing == []
    for form in SPEC.forms.values():
        for c in form.columns:
            # a working definition, one or two sentences: not a novel
            assert len(c.description) <= 420 and len(c.description_en) <= 420, (form.id, c.name)


def test_descriptions_say_what_the_document_asks():
    """The definitions the issue names, in their words."""
    col = {(f.id, c.name): c for f in SPEC.forms.values() for c in f.columns}
    months = col["hoat_dong_tinh", "so_thang_co_chuyen_muc_dan_van"]
    assert "0-12" in months.description and "ít nhất một lần phát sóng" in months.description
    assert "at least one broadcast" in months.description_en
    services = col["chuyen_doi_so", "tong_so_dich_vu_cong"]
    assert "dòng cấp tỉnh" in services.description and "cả ba cấp" in services.description
    assert "all three levels" in services.description_en
    monthly = col["cap_uy", "so_cap_uy_vien_du_hop_hang_thang"]
    assert "tất cả 12 tháng" in monthly.description and "every one of the 12 months" in monthly.description_en
    models = col["thon", "so_mo_hinh_tu_quan_hieu_qua"]
    assert "đánh giá của xã quyết định" in models.description and "commune's assessment decides" in models.description_en
    # the shared year column is described once, at its anchor, and reused by every form
    assert {f.column("nam").description for f in SPEC.forms.values()} == {col["cap_uy", "nam"].description}
    assert "01/01 đến 31/12" in col["cap_uy", "nam"].description


# --- the annex ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def annex() -> str:
    return as_markdown(SPEC, "vi")


@pytest.fixture(scope="module")
def annex_en() -> str:
    return as_markdown(SPEC, "en")


def test_one_sentence_per_target_for_all_36(annex: str):
    rows = _rows(annex)
    assert list(rows) == [t.id for t in SPEC.targets] and len(rows) == 36
    for target in SPEC.targets:
        cells = rows[target.id]
        assert len(cells) == 6, cells  # ID, title, measure, threshold, when, source
        sentence = cells[2]
        assert sentence == measure_sentence(SPEC, target, "vi")
        assert sentence[0].isupper() and sentence.endswith(".") and sentence.count(". ") == 0, sentence
        assert re.match(r"^(Tỷ lệ|Giá trị|Số|Trung bình cộng) ", sentence), sentence
        assert ("đạt khi" in sentence) != target.tracked, sentence
        assert cells[5] == target.source


def test_the_annex_has_no_pseudo_code(annex: str):
    part = _targets_part(annex)
    for word in ("ratio", "share", "improves", "count ", "sum ", "mean ", "tất cả |"):
        assert word not in part, word
    # no canonical column name at all in the targets part, so none divided by another
    assert [n for n in NAMES if re.search(rf"(?<![\w`]){re.escape(n)}(?![\w`])", part)] == []
    assert not re.search(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\s*/\s*[a-z0-9_]+", part)


def test_sentences_follow_the_measure(annex: str):
    rows = _rows(annex)
    assert rows["T1.1"][2] == ("Tỷ lệ = tổng số cấp ủy viên gương mẫu thực hiện quy định nêu gương / tổng số cấp ủy viên, "
                               "cộng trên các dòng Biểu 01 của cấp tỉnh, huyện, xã; đạt khi ≥ 100%.")
    assert rows["T3.2"][2].startswith("Tỷ lệ = số dịch vụ công cung cấp trực tuyến mức độ 4 / ")
    assert "ở dòng cấp tỉnh của Biểu 05" in rows["T3.2"][2]
    assert rows["T4.1"][2].startswith("Tỷ lệ tổ chức có “Số cuộc giám sát” ≥ 2 và “Số cuộc phản biện xã hội” ≥ 1")
    assert "chỉ tính các dòng có “Số lao động” ≥ 25" in rows["T5.1"][2]
    assert "“Năm thành lập doanh nghiệp” bằng năm báo cáo" in rows["T5.2"][2]
    assert rows["T5.3"][2].startswith("Số doanh nghiệp có ") and rows["T5.3"][2].endswith("đạt khi ≥ 15 tổ chức.")
    assert rows["NV6"][2].endswith("đạt khi ≥ 12 tháng (năm đầu tính theo số tháng từ khi ban hành Đề án).")
    assert rows["NV10"][2].endswith("đạt khi giá trị năm nay cao hơn năm trước.")
    assert rows["NV15"][2].endswith("theo dõi, không có ngưỡng.")
    assert rows["NV15"][3] == "theo dõi, không có ngưỡng"
    assert (rows["T1.1"][4], rows["T3.1a"][4], rows["NV7"][4]) == ("hằng năm", "đến 2025", "định kỳ 2 năm")


def test_each_interpretation_is_a_footnote_where_its_targets_appear(annex: str, annex_en: str):
    for text, en in ((annex, False), (annex_en, True)):
        rows = _rows(text)
        cited = {i for t in SPEC.targets for i in t.interpretation_ids}
        assert cited == {i.id for i in SPEC.interpretations}  # every declared reading is cited
        for target in SPEC.targets:
            title = rows[target.id][1]
            assert re.findall(r"\[\^(\w+)\]", title) == target.interpretation_ids, target.id
        for interp in SPEC.interpretations:
            definitions = [line for line in text.splitlines() if line.startswith(f"[^{interp.id}]:")]
            assert len(definitions) == 1, interp.id
            users = [t.id for t in SPEC.targets if interp.id in t.interpretation_ids]
            assert f"({', '.join(users)})" in definitions[0]
            assert (interp.note_en if en else interp.note) in definitions[0]


def test_the_forms_and_their_definitions_follow(annex: str, annex_en: str):
    forms = annex.split("\n## Các biểu mẫu và nội dung các cột\n", 1)[1]
    forms_en = annex_en.split("\n## Forms and column definitions\n", 1)[1]
    for form in SPEC.forms.values():
        assert f"### Biểu {form.number}. {form.title}" in forms
        assert f"### Form {form.number}. {form.title_en}" in forms_en
        for c in form.columns:
            assert f"| {c.label} | `{c.name}` |" in forms and c.description in forms
            assert c.description_en in forms_en


def test_the_english_annex_names_columns_by_their_canonical_names(annex_en: str):
    rows = _rows(annex_en)
    assert len(rows) == 36
    assert rows["T1.1"][2] == ("Percentage = the sum of `so_cap_uy_vien_guong_mau` divided by the sum of "
                               "`tong_so_cap_uy_vien`, over the rows of form 01 at province, district, commune "
                               "level; met when ≥ 100%.")
    assert rows["NV10"][2].endswith("met when this year's value is higher than last year's.")
    assert rows["NV15"][2].endswith("tracked, no threshold.")
    part = _targets_part(annex_en)
    assert "Tỷ lệ" not in part and "đạt khi" not in part and " / " not in part


def test_the_sentence_is_generic():
    """Another programme: the sentence comes from the measure and the labels, not the target's ID."""
    spec = parse_spec("""
schema: danvan.targets/1
programme: {id: p, title: P, start_year: 2021, end_year: 2023}
levels: [{id: tinh, name: Tỉnh, name_en: Province}, {id: huyen, name: Huyện, name_en: District}]
objectives: [{id: "1", title: O}]
forms:
  f:
    number: "01"
    title: F
    levels: [tinh, huyen]
    key: [ma_don_vi]
    columns:
      - {name: ma_don_vi, label: Mã, type: unit}
      - {name: dat, label: Số hộ đạt chuẩn, type: integer, min: 0}
      - {name: tong, label: Tổng số hộ, type: integer, min: 0}
      - {name: diem, label: Điểm bình quân, type: number, required: false}
targets:
  - {id: X9, objective: "1", title: t, form: f, scope: {levels: [huyen]},
     measure: {kind: ratio, numerator: dat, denominator: tong}, threshold: 70, when: deadline, deadline: 2023}
  - {id: Y, objective: "1", title: t, form: f, measure: {kind: mean, column: diem}, unit: điểm,
     comparator: "<=", threshold: 5, when: annual}
  - {id: Z, objective: "1", title: t, form: f, measure: {kind: improves, of: {kind: sum, column: dat}},
     comparator: "<=", unit: hộ, when: annual}
""")
    assert measure_sentence(spec, spec.target("X9")) == (
        "Tỷ lệ = tổng số hộ đạt chuẩn / tổng số hộ, cộng trên các dòng Biểu 01 của cấp huyện; đạt khi ≥ 70%.")
    assert measure_sentence(spec, spec.target("Y")) == (
        "Trung bình cộng “Điểm bình quân” trên các dòng Biểu 01 của cấp tỉnh, huyện; đạt khi ≤ 5 điểm.")
    assert measure_sentence(spec, spec.target("Z")) == (
        "Giá trị = tổng số hộ đạt chuẩn cộng trên các dòng Biểu 01 của cấp tỉnh, huyện; "
        "đạt khi giá trị năm nay thấp hơn năm trước.")
    assert measure_sentence(spec, spec.target("X9"), "en") == (
        "Percentage = the sum of `dat` divided by the sum of `tong`, over the rows of form 01 at district level; "
        "met when ≥ 70%.")


# --- the command --------------------------------------------------------------------------------


def test_the_command_prints_the_annex_and_json_lists_the_definitions():
    result = runner.invoke(app, ["targets", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert result.stdout == as_markdown(SPEC, "vi")
    result = runner.invoke(app, ["targets", "--format", "md", "--lang", "en"])
    assert result.exit_code == 0 and result.stdout == as_markdown(SPEC, "en")
    assert runner.invoke(app, ["targets"]).exit_code == 0  # the terminal table still works
    data = json.loads(runner.invoke(app, ["targets", "--format", "json"]).stdout)
    assert data == json.loads(json.dumps(as_json(SPEC), ensure_ascii=False))
    assert len(data["targets"]) == 36 and all(t["measure_text"] and t["measure_text_en"] for t in data["targets"])
    columns = [c for f in data["forms"] for c in f["columns"]]
    assert len(columns) == sum(len(f.columns) for f in SPEC.forms.values())
    assert all(c["description"] and c["description_en"] for c in columns)


# --- the template's instructions sheet ------------------------------------------------------------

UNITS = "\n".join([
    "code,name,level,parent_code,type",
    "37,Tỉnh Ninh Bình,tinh,,Tỉnh",
    "369,Thành phố Ninh Bình,huyen,37,Thành phố",
    "14320,Phường Đông Thành,xa,369,Phường",
    "14320-01,Thôn 1,thon,14320,Thôn",
]) + "\n"


def test_the_instructions_sheet_shows_every_definition(tmp_path: Path):
    units = tmp_path / "units.csv"
    units.write_text(UNITS, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["template", "--units", str(units), "--year", "2023", "-o", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.xlsx"))
    assert len(files) == len(SPEC.forms)
    for path in files:
        form = next(f for f in SPEC.forms.values() if path.name.startswith(f"bieu-{f.number}-"))
        ws = openpyxl.load_workbook(path)["Hướng dẫn"]
        table = [[c.value for c in row] for row in ws.iter_rows()]
        header = next(r for r in table if r[0] == "STT")
        at = header.index("Nội dung, cách tính")
        by_name = {r[2]: r for r in table if r[0] and str(r[0]).isdigit()}
        shown = [c for c in form.columns if c.name in by_name]
        assert shown, form.id
        for column in shown:
            assert by_name[column.name][at] == column.description, (form.id, column.name)
        text = [str(v) for r in table for v in r if v is not None]
        for target in (t for t in SPEC.targets if t.form == form.id):
            line = next(t for t in text if t.startswith(f"• {target.id}. "))
            assert measure_sentence(SPEC, target) in line
            for interp_id in target.interpretation_ids:
                note = SPEC.interpretation(interp_id).note
                assert any(t.endswith(note) for t in text), (form.id, interp_id)
