"""Parsing Vietnamese cells: numbers, booleans, choices, codes."""

import math

import pandas as pd
import pytest

from danvan_cli.spec import load_spec
from danvan_cli.validation import cells as C


def _series(*values):
    return pd.Series(list(values), dtype=object)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.234", 1234.0),       # Vietnamese thousands separator
        ("1.234.567", 1234567.0),
        ("1,5", 1.5),            # Vietnamese decimal comma
        ("1.234,5", 1234.5),
        ("85%", 85.0),
        ("85,5 %", 85.5),
        ("1,234,567", 1234567.0),  # English thousands
        ("1.5", 1.5),            # English decimal (not three digits after the dot)
        (" 42 ", 42.0),
        ("1\u00a0234", 1234.0),  # non-breaking space as thousands separator
        (12.0, 12.0),            # a numeric cell stays a number
        (7, 7.0),
    ],
)
def test_numbers(raw, expected):
    parsed = C.parse_number(_series(raw))
    assert parsed.values.iloc[0] == pytest.approx(expected)
    assert not parsed.bad.iloc[0]


def test_numeric_cell_is_not_reinterpreted():
    # an Excel number 1.35 is 1.35, not 135: only text gets the Vietnamese reading
    parsed = C.parse_number(_series(1.35, "1.350"))
    assert parsed.values.tolist() == [1.35, 1350.0]


def test_unreadable_and_blank_numbers():
    parsed = C.parse_integer(_series("bốn", "", None, "2,5", "3"))
    assert parsed.bad.tolist() == [True, False, False, True, False]
    assert math.isnan(parsed.values.iloc[1]) and math.isnan(parsed.values.iloc[2])
    assert parsed.values.iloc[4] == 3.0


def test_booleans():
    parsed = C.parse_boolean(_series("Có", "Không", "x", "1", "0", "Đạt", "Không đạt", "TRUE", True, False, "", "có lẽ"))
    assert parsed.values.tolist()[:10] == [True, False, True, True, False, True, False, True, True, False]
    assert pd.isna(parsed.values.iloc[10])
    assert parsed.bad.tolist() == [False] * 11 + [True]


def test_ratings_as_labels_and_abbreviations():
    column = load_spec().forms["qcdc"].column("xep_loai")
    parsed = C.parse_choice(
        _series("Hoàn thành tốt nhiệm vụ", "HTXSNV", "htnv", "KHTNV", "hoàn thành  tốt nhiệm vụ", "tot", "Giỏi"),
        column,
    )
    assert parsed.values.tolist()[:6] == ["tot", "xuat_sac", "hoan_thanh", "khong_hoan_thanh", "tot", "tot"]
    assert parsed.bad.tolist() == [False] * 6 + [True]


def test_codes_stay_text():
    text = C.as_text(_series(369.0, "014", "14320-01", 37))
    assert text.tolist() == ["369", "014", "14320-01", "37"]


# ---------------------------------------------------------------------------
# Real-world cells (issue 9): float noise, invisible characters, look-alikes, check
# marks, dashes, choices in any case, declared patterns
# ---------------------------------------------------------------------------
SPEC = load_spec()


def _col(form, name):
    return SPEC.forms[form].column(name)


@pytest.mark.parametrize("raw", ["52.999999999", 52.999999999, "53.00000000000001", 53.00000000000001,
                                 "52,999999999", 0.1 * 530, 53 - 0.000000001])
def test_float_noise_in_an_integer_column_is_the_integer(raw):
    parsed = C.parse_integer(_series(raw))
    assert parsed.values.tolist() == [53.0] and not parsed.bad.iloc[0]


@pytest.mark.parametrize("raw", ["2.5", 3.1, "52.9999", 52.99, "1000.001", 1000000.5])
def test_genuine_fractions_stay_errors(raw):
    parsed = C.parse_integer(_series(raw))
    assert parsed.bad.tolist() == [True] and math.isnan(parsed.values.iloc[0])


def test_tolerance_is_relative_and_bounded():
    tol = 1e-9  # danvan_cli.tolerance.RELATIVE, written out: the test must fail if it changes
    assert C.parse_integer(_series(38 + 30 * tol)).values.tolist() == [38.0]
    assert C.parse_integer(_series(38 + 100 * tol)).bad.tolist() == [True]
    assert C.parse_integer(_series(0.999999999, 3.999999999)).values.tolist() == [1.0, 4.0]
    assert C.parse_integer(_series(25310 + 2e-5)).values.tolist() == [25310.0]
    assert C.parse_integer(_series(25310.001, 12_000_000.002, 6_000_000_000.5)).bad.tolist() == [True] * 3


INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e"]


@pytest.mark.parametrize("ch", INVISIBLE)
def test_invisible_characters_in_numbers_codes_and_labels(ch):
    assert C.parse_integer(_series(f"1{ch}234", f"{ch}42", f"7{ch}")).values.tolist() == [1234.0, 42.0, 7.0]
    assert C.as_text(_series(f"143{ch}20", f"{ch}14320-01")).tolist() == ["14320", "14320-01"]
    rating = C.parse_choice(_series(f"Hoàn thành t{ch}ốt nhiệm vụ", f"HTT{ch}NV"), _col("qcdc", "xep_loai"))
    assert rating.values.tolist() == ["tot", "tot"] and not rating.bad.any()
    assert C.parse_boolean(_series(f"C{ch}ó", f"Kh{ch}ông")).values.tolist() == [True, False]


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2007", "\u2009", "\u3000"])
def test_unicode_spaces_are_spaces(space):
    assert C.parse_number(_series(f"1{space}234{space}567")).values.tolist() == [1234567.0]
    assert C.as_text(_series(f"{space}Đông{space}Thành{space}")).tolist() == ["Đông Thành"]
    rating = C.parse_choice(_series(f"Hoàn{space}thành{space}tốt{space}nhiệm{space}vụ"), _col("qcdc", "xep_loai"))
    assert rating.values.tolist() == ["tot"]


def test_fold_drops_invisibles_and_reads_d_lookalikes():
    from danvan_cli.text import fold

    assert fold("đ\u200bơn") == "don"
    assert fold("M\u00ada\u0303 đơn\u2060 vị\ufeff") == "ma don vi"  # also inside a decomposed letter
    for d in ("Ð", "Ɖ", "ð", "ɖ", "Đ", "đ"):
        assert fold(f"{d}ông Thành") == "dong thanh"
    assert fold("ĐƠN VỊ") == fold("đơn vị") == "don vi"


def test_d_lookalikes_shown_as_d_with_stroke():
    assert C.as_text(_series("Ðông Thành", "Ɖông", "ðông", "ɖông")).tolist() == ["Đông Thành", "Đông", "đông", "đông"]


def test_choice_labels_in_any_case_and_spacing():
    column = _col("qcdc", "xep_loai")
    parsed = C.parse_choice(_series("HOÀN THÀNH TỐT NHIỆM VỤ", "hoàn thành tốt nhiệm vụ", "Htt nv", "htxsnv",
                                    "H.T.N.V", "kHtNv", "HOÀN THÀNH XUẤT SẮC NHIỆM VỤ", "hoan thanh nhiem vu"),
                            column)
    assert parsed.values.tolist() == ["tot", "tot", "tot", "xuat_sac", "hoan_thanh", "khong_hoan_thanh",
                                      "xuat_sac", "hoan_thanh"]
    assert not parsed.bad.any()


def test_check_marks():
    parsed = C.parse_boolean(_series("✓", "✔", "√", "☑", "☒", "x", "X", " ✓ ", "☐"))
    assert parsed.values.tolist() == [True] * 8 + [False]
    assert not parsed.bad.any()


def test_cross_marks_are_not_guessed():
    parsed = C.parse_boolean(_series("✗", "✘", "❌", "Có"))
    assert parsed.bad.tolist() == [True, True, True, False]
    assert parsed.hint == "dấu ✗ có thể là Có hoặc Không; hãy ghi Có hoặc Không"
    assert parsed.hint.in_lang("en") == "a cross ✗ may mean yes or no; write yes or no"


@pytest.mark.parametrize("dash", ["-", "–", "—", "−", " - ", "--"])
def test_dash_is_zero_in_a_count_and_blank_elsewhere(dash):
    count = C.parse_column(_series(dash), _col("cap_uy", "tong_so_cap_uy_vien"))
    assert count.values.tolist() == [0.0] and not count.bad.any()
    percent = C.parse_column(_series(dash), _col("chuyen_doi_so", "ty_le_giam_thoi_gian_hop"))  # optional
    assert math.isnan(percent.values.iloc[0]) and not percent.bad.any()
    optional_year = C.parse_column(_series(dash), _col("doanh_nghiep", "nam_thanh_lap_to_chuc_doan"))
    assert math.isnan(optional_year.values.iloc[0]) and not optional_year.bad.any()
    required_year = C.parse_column(_series(dash), _col("doanh_nghiep", "nam_thanh_lap"))
    assert required_year.bad.tolist() == [True]
    assert C.parse_boolean(_series(dash)).bad.tolist() == [True]
    assert C.parse_choice(_series(dash), _col("qcdc", "xep_loai")).bad.tolist() == [True]


def test_a_minus_number_is_not_a_dash():
    assert C.parse_integer(_series("-3")).values.tolist() == [-3.0]


def test_declared_pattern_is_enforced_with_hints():
    from danvan_cli.issues import MAX_SHOWN

    column = _col("doanh_nghiep", "ma_so_thue")
    assert column.pattern
    parsed = C.parse_column(_series("2700123456", "0100109106-012", "270012345", 100109106.0, "2.70191E+09",
                                    "2,70191E+09", "27001234", "MST2700123456", "2700\u200b123456"), column)
    assert parsed.bad.tolist() == [False, False, True, True, True, True, True, True, False]
    assert parsed.values.iloc[8] == "2700123456"
    expected = C.expected_text(column, parsed)
    vi, en = str(expected), expected.in_lang("en")
    assert "mất số 0 ở đầu" in vi and "dạng số mũ" in vi and "^\\d{10}(-\\d{3})?$" in vi
    assert "leading 0" in en and len(vi) <= MAX_SHOWN and len(en) <= MAX_SHOWN


def test_pattern_hints_only_where_they_apply():
    from danvan_cli.issues import MAX_SHOWN

    column = _col("doanh_nghiep", "ma_so_thue")
    lost_zero = C.parse_column(_series("270012345", 100109106), column)
    vi = C.expected_text(column, lost_zero)
    assert "có 9 chữ số: có thể đã mất số 0 ở đầu do ô định dạng số" in vi and "số mũ" not in vi
    sci = C.parse_column(_series("2,70191E+09", "2.70191E+09"), column)
    vi = C.expected_text(column, sci)
    assert "dạng số mũ: Excel đã làm tròn mã, hãy định dạng cột là văn bản và gõ lại" in vi and "mất số 0" not in vi
    assert len(vi) <= MAX_SHOWN
    plain = C.parse_column(_series("abc"), column)
    assert C.expected_text(column, plain) == C.expected_text(column) == f"mã số doanh nghiệp đúng mẫu {column.pattern}"
    unnamed = column.model_copy(update={"label_en": ""})
    assert C.expected_text(unnamed).in_lang("en") == f"a value of “ma_so_thue” matching {column.pattern}"
    named = column.model_copy(update={"label_en": "Tax code"})
    assert C.expected_text(named).in_lang("en") == f"a value of “Tax code” matching {column.pattern}"
    letters = column.model_copy(update={"pattern": r"^[A-Z]{2}$"})
    assert C.parse_column(_series("123", "AB"), letters).hint is None
    assert C.parse_column(_series("123", "AB"), letters).bad.tolist() == [True, False]


def test_expected_text_of_plain_types_is_unchanged():
    expected = C.expected_text(_col("cap_uy", "tong_so_cap_uy_vien"))
    assert expected == "số nguyên" and expected.in_lang("en") == "a whole number"


def test_yes_no_answered_in_words():
    from danvan_cli.validation import cells as C

    values = ["Không có", "Không có công đoàn", "Chưa thành lập", "Đã thành lập", "Có (02 đồng chí)", "Có nhưng chưa"]
    parsed = C.parse_boolean(pd.Series(values))
    assert parsed.values.tolist()[:5] == [False, False, False, True, True]
    assert parsed.bad.tolist() == [False, False, False, False, False, True]  # words that disagree are not guessed


def test_a_count_followed_by_its_counting_word_is_the_count():
    from danvan_cli.validation import cells as C

    parsed = C.parse_integer(pd.Series(["12 người", "5 cuộc", "1.234 hồ sơ", "12 người 3 nữ", "12/15", "1,5 người"]))
    assert parsed.values.tolist()[:3] == [12.0, 5.0, 1234.0]
    assert parsed.bad.tolist() == [False, False, False, True, True, True]


def test_a_date_in_a_number_column_is_named_as_a_date():
    import datetime

    from danvan_cli.validation import cells as C

    parsed = C.parse_integer(pd.Series([datetime.datetime(2023, 5, 1), 12, datetime.date(2023, 1, 15)]))
    assert parsed.bad.tolist() == [True, False, True]
    assert C.cells_of(pd.Series([datetime.datetime(2023, 5, 1)])).text.tolist() == ["01/05/2023"]
    assert parsed.hint is not None and "ngày tháng" in parsed.hint and "holds a date" in parsed.hint.in_lang("en")
