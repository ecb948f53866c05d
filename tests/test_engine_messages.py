"""The engine's own texts (units, spec, indicators) in both languages: one Vietnamese text in
the code, its English from the catalogs. Each expected string is written out by hand;
the Vietnamese ones are what danvan printed before the catalogs (byte for byte)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from danvan_cli.errors import RegistryError, SpecError, UsageError
from danvan_cli.indicators.continuity import Break
from danvan_cli.issues import shown_in
from danvan_cli.resources import bundled_units, default_targets
from danvan_cli.spec.load import parse_spec
from danvan_cli.units import Vintage, load_history, parse_crosswalk, parse_vintages
from danvan_cli.units.lookup import check, lookup, select_vintages

LEVELS = ("tinh", "huyen", "xa", "thon")


def _both(exc: pytest.ExceptionInfo[Exception]) -> tuple[str, str]:
    """An error's message as Vietnamese (its str) and as English."""
    return str(exc.value), shown_in(exc.value.args[0], "en")


@pytest.fixture(scope="module")
def bundled():  # type: ignore[no-untyped-def]
    return load_history(bundled_units(), None, LEVELS)


def test_vintage_spans() -> None:
    new = Vintage("2025-07", datetime.date(2025, 7, 1))
    old = Vintage("2020-2024", None, datetime.date(2024, 12, 31))
    mid = Vintage("2025-01", datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    assert (new.label(), new.label("en")) == ("2025-07 (từ 1/7/2025)", "2025-07 (from 1/7/2025)")
    assert (old.span(), old.span("en")) == ("đến 31/12/2024", "until 31/12/2024")
    assert mid.span("en") == mid.span() == "1/1/2025-30/6/2025"


def test_registry_errors_in_both_languages() -> None:
    text = "code,name,level,parent_code\n,Xã A,xa,\n1,Xã B,zz,\n2,Xã C,xa,9\n"
    with pytest.raises(RegistryError) as exc:
        parse_vintages(text, "units.csv", LEVELS)
    assert _both(exc) == (
        "units.csv: danh mục đơn vị không hợp lệ:\n  dòng 2: thiếu mã\n"
        "  dòng 3: cấp 'zz' không hợp lệ (cần một trong tinh, huyen, xa, thon)\n"
        "  mã 2: đơn vị cấp trên 9 không có trong danh mục",
        "units.csv: invalid unit registry:\n  line 2: no code\n"
        "  line 3: invalid level 'zz' (must be one of tinh, huyen, xa, thon)\n"
        "  code 2: parent unit 9 is not in the registry")


def test_more_than_twenty_registry_errors_are_counted_with_a_plural() -> None:
    rows = "".join(f",Xã {i},xa,\n" for i in range(21))  # lines 2-22, no code: 21 errors, 20 shown
    with pytest.raises(RegistryError) as exc:
        parse_vintages("code,name,level,parent_code\n" + rows, "units.csv", LEVELS)
    vi, en = _both(exc)
    assert vi.endswith("  dòng 21: thiếu mã\n  … và 1 lỗi khác")
    assert en.endswith("  line 21: no code\n  … and 1 more error")


def test_crosswalk_errors_in_both_languages() -> None:
    text = "from_vintage,from_code,to_vintage,to_code,share\nv1,1,v2,,\nv1,2,v2,3,abc\n"
    with pytest.raises(RegistryError) as exc:
        parse_crosswalk(text, "crosswalk.csv")
    assert _both(exc) == (
        "crosswalk.csv: bảng chuyển đổi không hợp lệ:\n  dòng 2: thiếu to_code\n"
        "  dòng 3: tỷ lệ 'abc' không phải số (1 = toàn bộ; để trống nếu không rõ)",
        "crosswalk.csv: invalid crosswalk:\n  line 2: missing to_code\n"
        "  line 3: share 'abc' is not a number (1 = the whole unit; blank when unknown)")


def test_unknown_vintage_in_both_languages(bundled) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError) as exc:
        select_vintages(bundled, "2026-01")
    assert _both(exc) == (
        "Không có danh mục 2026-01 (có: 2020-2024 (đến 31/12/2024), 2025-01 (1/1/2025-30/6/2025), "
        "2025-07 (từ 1/7/2025)); cho mã danh mục, ngày (1/7/2025) hoặc năm",
        "No vintage 2026-01 (there are: 2020-2024 (until 31/12/2024), 2025-01 (1/1/2025-30/6/2025), "
        "2025-07 (from 1/7/2025)); give a vintage id, a date (1/7/2025) or a year")


def test_elsewhere_and_parts_in_both_languages(bundled) -> None:  # type: ignore[no-untyped-def]
    assert bundled.elsewhere("14584", 2025) == "mã 14584 là Xã Khánh Thiện đến 31/12/2024"
    assert bundled.elsewhere("14584", 2025, "en") == "code 14584 is Xã Khánh Thiện until 31/12/2024"
    gia_tan = next(m for m in lookup(bundled, "14503") if m.vintage.id == "2025-01")
    step = gia_tan.successors[0]
    assert step.names() == "14488 Xã Gia Vân (một phần) + 14533 Phường Tây Hoa Lư (một phần)"
    assert step.names("en") == "14488 Xã Gia Vân (part) + 14533 Phường Tây Hoa Lư (part)"


def test_scope_note_in_both_languages(bundled) -> None:  # type: ignore[no-untyped-def]
    registry = bundled.for_year(2025)
    assert registry.scope_note == (
        "năm 2025: 37 Tỉnh Ninh Bình có cùng mã và tên trong hai danh mục nhưng khác địa bàn; dòng của đơn vị "
        "này được hiểu là địa bàn tỉnh cũ, địa bàn của Đề án (--scope old-territory)")
    assert shown_in(registry.scope_note, "en") == (
        "2025: 37 Tỉnh Ninh Bình has the same code and name in two registries but another territory; its rows "
        "are read as the old territory, the programme's (--scope old-territory)")
    wider = bundled.for_year(2025, "new-province")
    assert shown_in(wider.scope_note, "en").endswith("read as the new unit, wider than the programme's territory "
                                        "(--scope new-province)")


def test_check_findings_in_both_languages_with_plurals(bundled) -> None:  # type: ignore[no-untyped-def]
    ends = next(f for f in check(bundled) if f.kind == "level_ends")
    # the 7 districts of 2025-01 (units-2025-01.csv: 369, 370, 372, 374, 375, 376, 377)
    assert ends.message().startswith("7 đơn vị cấp huyen của danh mục 2025-01 không có đơn vị kế tiếp vì "
                                     "danh mục 2025-07 không còn cấp huyen: ")
    assert ends.message("en").startswith("7 units of level huyen of vintage 2025-01 have no successor because "
                                         "vintage 2025-07 has no level huyen: ")
    assert (ends.vi, ends.en) == (ends.message(), ends.message("en"))


def test_one_orphan_link_is_one_time_not_one_times(tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text("code,name,level,parent_code,vintage,valid_from,valid_to\n"
                     "1,Tỉnh A,tinh,,v1,,2024-12-31\n1,Tỉnh A,tinh,,v2,2025-01-01,\n", encoding="utf-8")
    walk = tmp_path / "crosswalk.csv"
    walk.write_text("from_vintage,from_code,to_vintage,to_code,share\nv1,1,v2,1,1\nv0,5,v2,1,1\n", encoding="utf-8")
    history = load_history([units], walk, LEVELS)
    orphan = next(f for f in check(history) if f.kind == "orphan_vintage")
    assert orphan.message() == ("bảng chuyển đổi nhắc tới danh mục v0 (1 lần) nhưng danh mục đơn vị không có "
                                "danh mục này (có: v1, v2)")
    assert orphan.message("en") == ("the crosswalk names vintage v0 (1 time), which the unit registry does not "
                                    "have (it has: v1, v2)")


def test_spec_problems_in_both_languages() -> None:
    text = default_targets().read_text(encoding="utf-8")
    t11 = "  - id: T1.1\n"
    head, tail = text.split(t11)
    broken = head + t11 + tail.replace("threshold: 100", "threshold: 120", 1)
    with pytest.raises(SpecError) as exc:
        parse_spec(broken)
    vi, en = _both(exc)
    line = broken[:broken.index("threshold: 120")].count("\n") + 1
    assert vi == f"targets.yaml: đặc tả không hợp lệ:\n  targets.T1.1.threshold (dòng {line}): ngưỡng 120% nằm ngoài khoảng 0-100"
    assert en == f"targets.yaml: invalid spec:\n  targets.T1.1.threshold (line {line}): threshold 120% is outside 0-100"


def test_spec_repeated_key_in_both_languages() -> None:
    with pytest.raises(SpecError) as exc:
        parse_spec("programme: 1\nprogramme: 2\n", "t.yaml")
    assert _both(exc) == (
        "t.yaml: đặc tả không hợp lệ:\n  dòng 2: khóa “programme” viết hai lần trong cùng một mục (YAML chỉ giữ lần cuối)",
        "t.yaml: invalid spec:\n  line 2: key “programme” written twice in one mapping (YAML keeps only the last one)")


def test_break_texts_in_both_languages() -> None:
    gone = Break(2025, "2025-01", "2025-07", "level_abolished", "1/7/2025", "Huyện")
    changed = Break(2025, "2025-01", "2025-07", "units_changed", "1/7/2025")
    assert gone.text() == "cấp Huyện không còn từ 1/7/2025: không có đơn vị để tính"
    assert gone.text("en") == "no Huyện level from 1/7/2025: no unit to measure"
    assert changed.text("en") == "administrative units changed 1/7/2025: the share is of other units than before"
    assert changed.to_json()["text"] == "đổi đơn vị hành chính 1/7/2025: tỷ lệ tính trên các đơn vị khác trước"


def test_a_target_unit_in_english_comes_from_the_spec() -> None:
    from danvan_cli.spec import load_spec

    t53 = next(t for t in load_spec().targets if t.unit == "tổ chức")
    assert t53.model_copy(update={"unit_en": ""}).unit_in("en") == "tổ chức"  # no English given: as written
    named = t53.model_copy(update={"unit_en": "organisations"})
    assert (named.unit_in("vi"), named.unit_in("en")) == ("tổ chức", "organisations")


def test_a_target_source_in_english_comes_from_the_spec() -> None:
    from danvan_cli.spec import load_spec

    t11 = load_spec().target("T1.1")
    assert t11.model_copy(update={"source_en": ""}).source_in("en") == "Mục tiêu cụ thể (1)"  # as written
    named = t11.model_copy(update={"source_en": "Specific objective (1)"})
    assert (named.source_in("vi"), named.source_in("en")) == ("Mục tiêu cụ thể (1)", "Specific objective (1)")


def test_a_break_names_a_level_in_the_language_asked() -> None:
    from danvan_cli.issues import PerLang

    level = PerLang(lambda lang: "District" if lang == "en" else "Huyện")
    gone = Break(2025, "2025-01", "2025-07", "level_abolished", "1/7/2025", level)
    assert gone.text() == "cấp Huyện không còn từ 1/7/2025: không có đơn vị để tính"
    assert gone.text("en") == "no District level from 1/7/2025: no unit to measure"
