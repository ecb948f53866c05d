"""Spec typos that used to change a result silently are refused, each with its target/field and line.

Every case edits the bundled `targets.yaml` as text (one typo), and the expected line is found in
the mutated text by searching for the mutated line, independently of danvan.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from danvan_cli.cli import app
from danvan_cli.errors import SpecError
from danvan_cli.forms.layout import plan
from danvan_cli.spec.load import parse_spec
from danvan_cli.units import parse_registry

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = (ROOT / "targets.yaml").read_text(encoding="utf-8")
runner = CliRunner()


def mutate(old: str, new: str, marker: str, count: int = 1) -> tuple[str, int]:
    """The bundled spec with ``old`` replaced by ``new``, and the line of ``marker`` inside ``new``."""
    assert BUNDLED.count(old) >= count, old
    text = BUNDLED.replace(old, new, count)
    start = text.index(new)
    offset = new.index(marker)
    return text, text.count("\n", 0, start + offset) + 1


def refusal(text: str) -> str:
    with pytest.raises(SpecError) as caught:
        parse_spec(text)
    return str(caught.value)


T21 = "condition: [{column: xep_loai, op: in, value: [xuat_sac, tot]}]\n    threshold: 85"
T43 = "condition: [{column: xep_loai, op: in, value: [xuat_sac, tot]}]\n    threshold: 90"
T51_MEASURE = 'condition: [{column: co_cong_doan_co_so, op: "==", value: true}]\n    threshold: 90'
T51_WHERE = 'where: [{column: so_lao_dong, op: ">=", value: 25}]'
T71 = '{column: so_mo_hinh_tu_quan_hieu_qua, op: ">=", value: 4}'
NV1 = 'condition: [{column: co_phan_cong_phu_trach_dan_van, op: "==", value: true}]'
NV5 = 'condition: [{column: ty_le_giam_thoi_gian_hop, op: ">=", value: 40}]'
NV6 = "measure: {kind: sum, column: so_thang_co_chuyen_muc_dan_van}"

# (case, old, new, marker of the wrong token in `new`, field named, words the message must hold)
CASES = [
    # 1. a choice value that is not one of the column's choices
    ("choice-in", T21, T21.replace("tot]", "tott]"), "tott",
     "targets.T2.1.measure.condition[0].value[1]", ["tott", "xep_loai", "“tot”"]),
    ("choice-eq", T43, 'condition: [{column: xep_loai, op: "==", value: tott}]\n    threshold: 90', "tott",
     "targets.T4.3.measure.condition[0].value", ["tott", "xep_loai"]),
    ("choice-label", T21, T21.replace("tot]", "Tốt]"), "Tốt",
     "targets.T2.1.measure.condition[0].value[1]", ["Tốt", "“tot”"]),
    ("choice-where", "    scope: {levels: [xa]}\n    measure:\n      kind: share\n      condition: [{column: xep_loai",
     "    scope: {levels: [xa], where: [{column: xep_loai, op: in, value: [tott]}]}\n    measure:\n"
     "      kind: share\n      condition: [{column: xep_loai", "tott",
     "targets.T4.3.scope.where[0].value[0]", ["tott"]),
    # 2. a value of the wrong type for its column, or an operator that makes no sense for it
    ("bool-co", T51_MEASURE, T51_MEASURE.replace("value: true", 'value: "Có"'), "Có",
     "targets.T5.1.measure.condition[0].value", ["co_cong_doan_co_so", "true", "false"]),
    ("bool-yes-quoted", NV1, NV1.replace("value: true", 'value: "yes"'), "yes",
     "targets.NV1.measure.condition[0].value", ["true"]),
    ("bool-one", NV1, NV1.replace("value: true", "value: 1"), "value: 1",
     "targets.NV1.measure.condition[0].value", ["true"]),
    ("bool-ordering", NV1, NV1.replace('op: "=="', 'op: ">="'), ">=",
     "targets.NV1.measure.condition[0].op", [">="]),
    ("number-quoted", T71, T71.replace("value: 4", 'value: "4"'), '"4"',
     "targets.T7.1.measure.condition[0].value", ["so_mo_hinh_tu_quan_hieu_qua", "“4”"]),
    ("number-word", T71, T71.replace("value: 4", "value: bốn"), "bốn",
     "targets.T7.1.measure.condition[0].value", ["bốn"]),
    ("number-in-where", T51_WHERE, T51_WHERE.replace("value: 25", "value: hai mươi lăm"), "hai",
     "targets.T5.1.scope.where[0].value", ["so_lao_dong"]),
    ("ordering-on-choice", T21, 'condition: [{column: xep_loai, op: ">=", value: tot}]\n    threshold: 85', ">=",
     "targets.T2.1.measure.condition[0].op", [">=", "xep_loai"]),
    ("ordering-on-text", T51_WHERE, 'where: [{column: ten_doanh_nghiep, op: ">=", value: "25"}]', ">=",
     "targets.T5.1.scope.where[0].op", [">=", "ten_doanh_nghiep"]),
    ("in-needs-list", T21, "condition: [{column: xep_loai, op: in, value: tot}]\n    threshold: 85", "value: tot",
     "targets.T2.1.measure.condition[0].value", ["in", "danh sách"]),
    ("list-needs-in", T21, 'condition: [{column: xep_loai, op: "==", value: [xuat_sac, tot]}]\n    threshold: 85',
     "value: [", "targets.T2.1.measure.condition[0].value", ["in"]),
    ("year-ref-on-boolean", "{column: du_dieu_kien_thanh_lap_cong_doan, op: \"==\", value: true}",
     "{column: du_dieu_kien_thanh_lap_cong_doan, op: \"==\", value: {ref: year}}", "ref",
     "targets.T5.2.scope.where[1].value", ["ref: year"]),
    ("year-ref-on-text", T51_WHERE, 'where: [{column: ten_doanh_nghiep, op: "==", value: {ref: year}}]', "ref",
     "targets.T5.1.scope.where[0].value", ["ref: year", "ten_doanh_nghiep"]),
    ("number-on-unit-code", T51_WHERE, 'where: [{column: ma_don_vi, op: "==", value: 369}]', "369",
     "targets.T5.1.scope.where[0].value", ["ngoặc kép"]),
    ("percent-out-of-range", NV5, NV5.replace("value: 40}", "value: 400}"), "value: 400",
     "targets.NV5.measure.condition[0].value", ["400", "0 đến 100"]),
    ("below-column-min", T51_WHERE, T51_WHERE.replace("value: 25", "value: -1"), "-1",
     "targets.T5.1.scope.where[0].value", ["-1", "≥ 0"]),
    ("year-not-a-year", "{column: nam_thanh_lap, op: \"==\", value: {ref: year}}",
     "{column: nam_thanh_lap, op: \"==\", value: 223}", "223", "targets.T5.2.scope.where[0].value", ["223"]),
    # 3. a ratio, sum or mean over a non-numeric column
    ("ratio-numerator", "numerator: so_cap_uy_vien_guong_mau, denominator: tong_so_cap_uy_vien}\n    threshold: 100",
     "numerator: co_phan_cong_phu_trach_dan_van, denominator: tong_so_cap_uy_vien}\n    threshold: 100",
     "co_phan", "targets.T1.1.measure.numerator", ["co_phan_cong_phu_trach_dan_van"]),
    ("ratio-denominator", "denominator: so_can_bo_phu_trach_dan_van}", "denominator: co_quan}", "co_quan",
     "targets.T2.2.measure.denominator", ["co_quan"]),
    ("sum-text", NV6, "measure: {kind: sum, column: ten_don_vi}",
     "ten_don_vi", "targets.NV6.measure.column", ["ten_don_vi"]),
    ("mean-unit", NV6, "measure: {kind: mean, column: ma_don_vi}",
     "ma_don_vi", "targets.NV6.measure.column", ["ma_don_vi"]),
    ("field-unused-by-kind", NV6, NV6.replace("}", ", numerator: so_thang_co_chuyen_muc_dan_van}"), "numerator",
     "targets.NV6.measure.numerator", ["sum"]),
    # 4. a scope level that does not submit the form
    ("scope-level", "scope: {levels: [huyen, xa]}", "scope: {levels: [huyen, thon]}", "thon",
     "targets.NV2.scope.levels[1]", ["thon", "cap_uy"]),
    ("scope-level-unknown", "scope: {levels: [huyen, xa]}", "scope: {levels: [huyen, xaa]}", "xaa",
     "targets.NV2.scope.levels[1]", ["xaa"]),
    # 5. a percentage threshold outside 0-100, a negative count threshold
    ("percent-threshold", "    threshold: 85\n", "    threshold: 850\n", "850", "targets.T2.1.threshold", ["850", "0-100"]),
    ("percent-threshold-negative", "    threshold: 100\n    when: annual\n\n  - id: T1.2",
     "    threshold: -5\n    when: annual\n\n  - id: T1.2", "-5", "targets.T1.1.threshold", ["-5"]),
    ("count-threshold", "    threshold: 15\n", "    threshold: -15\n", "-15", "targets.T5.3.threshold", ["-15"]),
    ("count-in-percent", 'unit: "tổ chức"', 'unit: "%"', "unit", "targets.T5.3.unit", ["count", "unit"]),
    # 6. rules, expected rows, interpretations, years, roles
    ("rule-le-text", "{kind: le, columns: [so_can_bo_da_tap_huan, so_can_bo_phu_trach_dan_van]}",
     "{kind: le, columns: [so_can_bo_da_tap_huan, co_quan]}", "co_quan",
     "forms.dan_van_chinh_quyen.rules[0].columns[1]", ["co_quan"]),
    ("expected-rows-choice", "xa: [mttq, phu_nu,", "xa: [mttq, phu_nuu,", "phu_nuu",
     "forms.mat_tran_doan_the.expected_rows.by_level.xa[1]", ["phu_nuu", "“phu_nu”"]),
    ("expected-rows-level", "        xa: [bi_thu, chu_tich_ubnd]", "        thon: [bi_thu, chu_tich_ubnd]", "thon",
     "forms.doi_thoai.expected_rows.by_level.thon", ["thon"]),
    ("interpretation-missing", "interpretations: [hau_het,", "interpretations: [hau_hett,", "hau_hett",
     "targets.T5.1.interpretations[0]", ["hau_hett"]),
    ("interpretation-threshold", "    threshold: 90\n    interpretations: [hau_het", "    threshold: 85\n    interpretations: [hau_het",
     "threshold: 85", "targets.T5.1.threshold", ["hau_het", "90"]),
    ("deadline-year", "    when: deadline\n    deadline: 2025\n\n  - id: T3.1b", "    when: deadline\n    deadline: 2052\n\n  - id: T3.1b",
     "2052", "targets.T3.1a.deadline", ["2052", "2021-2025"]),
    ("baseline-year", "    when: deadline\n    deadline: 2025\n\n  - id: T3.3",
     "    when: deadline\n    deadline: 2025\n    baseline: {year: 2052, value: 40}\n\n  - id: T3.3", "baseline",
     "targets.T3.2.baseline.year", ["2052"]),
    ("role-twice", "        type: year\n        max_is_year: true\n      - name: du_dieu_kien_thanh_lap_cong_doan",
     "        type: year\n        max_is_year: true\n        role: year\n      - name: du_dieu_kien_thanh_lap_cong_doan",
     "role", "forms.doanh_nghiep.columns[6].role", ["year", "nam"]),
    ("role-year-type", "        type: year\n        required: false\n        role: year",
     "        type: integer\n        required: false\n        role: year", "role", "forms.cap_uy.columns[2].role",
     ["year", "integer", "dùng lại ở 11 chỗ khác"]),  # the anchored &nam block, reused by the 11 other forms
]


@pytest.mark.parametrize(("old", "new", "marker", "field", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_spec_typo_is_refused_with_its_field_and_line(old: str, new: str, marker: str, field: str,
                                                        words: list[str]):
    text, line = mutate(old, new, marker)
    message = refusal(text)
    assert f"{field} (dòng {line}):" in message, message
    for word in words:
        assert word in message, (word, message)


def test_a_repeated_yaml_key_is_refused_with_its_line():
    text, line = mutate("    threshold: 85\n", "    threshold: 85\n    threshold: 58\n", "threshold: 58")
    message = refusal(text)
    assert f"dòng {line}" in message and "threshold" in message


def test_each_mistake_gets_its_own_line():
    text, first = mutate(T21, T21.replace("tot]", "tott]"), "tott")
    second_old, second_new = "scope: {levels: [huyen, xa]}", "scope: {levels: [huyen, thon]}"
    text = text.replace(second_old, second_new, 1)
    second = text[: text.index(second_new)].count("\n") + 1
    message = refusal(text)
    assert f"targets.T2.1.measure.condition[0].value[1] (dòng {first})" in message
    assert f"targets.NV2.scope.levels[1] (dòng {second})" in message
    assert first != second


def test_the_bundled_and_test_specs_still_load():
    spec = parse_spec(BUNDLED)
    assert len(spec.targets) == 36
    for form in spec.forms.values():
        assert form.year_column == "nam" and form.name_column == "ten_don_vi"


def test_what_a_careful_spec_may_write_is_accepted():
    """Plain YAML booleans (yes is true in YAML 1.1), numbers in `in`, {ref: year} on a year column."""
    text = BUNDLED.replace(NV1, NV1.replace("value: true", "value: yes"), 1)
    text = text.replace(T51_WHERE, 'where: [{column: so_lao_dong, op: in, value: [25, 26, 27]}]', 1)
    text = text.replace(T71, '{column: so_mo_hinh_tu_quan_hieu_qua, op: "!=", value: 0}', 1)
    spec = parse_spec(text)
    assert spec.target("NV1").measure.condition[0].value is True
    assert spec.target("T5.1").scope.where[0].value == [25, 26, 27]


UNITS = "code,name,level,parent_code\n37,Tỉnh Ninh Bình,tinh,\n369,Thành phố Ninh Bình,huyen,37\n"


def test_the_year_column_is_found_by_its_role_not_its_name():
    """A spec whose year column is called `year` (and unit name `ten`): the template fills both."""
    text = BUNDLED.replace("        name: nam\n", "        name: year\n", 1)
    text = text.replace("        name: ten_don_vi\n", "        name: ten\n", 1)
    spec = parse_spec(text)
    form = spec.forms["cap_uy"]
    assert (form.year_column, form.name_column) == ("year", "ten")
    registry = parse_registry(UNITS, "units.csv", tuple(lv.id for lv in spec.levels))
    layout = plan(spec, form, registry, 2023, None)
    assert layout is not None
    first = layout.rows[0]
    assert first.values == {"ma_don_vi": "37", "ten": "Tỉnh Ninh Bình", "year": 2023}
    assert "year" not in first.locked and "ten" in first.locked
    assert "ten" in layout.identity


def test_a_role_on_the_wrong_column_type_is_refused():
    text, line = mutate("        type: text\n        required: false\n        role: unit_name",
                        "        type: integer\n        required: false\n        role: unit_name", "role")
    assert f"forms.cap_uy.columns[1].role (dòng {line})" in refusal(text)


def _flat(text: str) -> str:
    """The CLI's message, unwrapped (the console wraps long lines)."""
    return re.sub(r"\s+", " ", text)


def test_targets_check_refuses_a_typo_with_its_line(tmp_path: Path):
    text, line = mutate(T21, T21.replace("tot]", "tott]"), "tott")
    path = tmp_path / "mutated.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["targets", "--check", str(path)])
    assert result.exit_code == 2
    assert f"targets.T2.1.measure.condition[0].value[1] (dòng {line})" in _flat(result.stderr)
    assert "Traceback" not in result.output


def test_score_refuses_a_spec_with_a_typo(tmp_path: Path):
    text, _ = mutate("scope: {levels: [huyen, xa]}", "scope: {levels: [huyen, thon]}", "thon")
    path = tmp_path / "mutated.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["score", str(ROOT / "samples" / "ninh-binh" / "2023"), "--targets", str(path)])
    assert result.exit_code == 2
    assert "targets.NV2.scope.levels[1]" in _flat(result.stderr)


def test_an_english_label_that_names_another_column_is_refused():
    """With `label_en` recognised as a header, “Year” given to the committee-members column
    would make a header cell “Year” read as whichever column comes first: refused, naming both."""
    old = 'label_en: "Committee members"\n'
    line = BUNDLED[:BUNDLED.index(old)].count("\n") + 1  # the edited line (“Year” is also the year column's)
    message = refusal(BUNDLED.replace(old, 'label_en: "Year"\n', 1))
    assert f"forms.cap_uy.columns[3].label_en (dòng {line}):" in message, message
    assert "“Year” vừa là tiêu đề của cột “nam” vừa của cột “tong_so_cap_uy_vien”" in message, message
