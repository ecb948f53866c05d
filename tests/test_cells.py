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
