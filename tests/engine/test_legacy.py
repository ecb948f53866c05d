"""Legacy Vietnamese font encodings: TCVN3 (ABC, .VnTime) and VNI (VNI-Times)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan_cli.reading import legacy
from danvan_cli.reading.legacy import (
    LETTERS,
    convert_column,
    detect,
    from_unicode,
    is_syllable,
    to_unicode,
)

# --- Known pairs ------------------------------------------------------------------------

KNOWN = [
    ("tcvn3", "Tæng céng", "Tổng cộng"),
    ("tcvn3", "Hoµn thµnh tèt nhiÖm vô", "Hoàn thành tốt nhiệm vụ"),
    ("tcvn3", "Th«n §«ng", "Thôn Đông"),
    ("tcvn3", "B¶o Th¾ng", "Bảo Thắng"),
    ("tcvn3", "M\xadêng Kh\xad¬ng", "Mường Khương"),  # ư is 0xAD, the soft hyphen
    ("tcvn3", "Uû ban nh©n d©n x· Gia ViÔn", "Uỷ ban nhân dân xã Gia Viễn"),
    ("vni", "Toång coäng", "Tổng cộng"),
    ("vni", "Hoaøn thaønh toát nhieäm vuï", "Hoàn thành tốt nhiệm vụ"),
    ("vni", "Thoân Ñoâng", "Thôn Đông"),
    ("vni", "ngöôøi Vieät Nam", "người Việt Nam"),
    ("vni", "TOÅNG COÄNG", "TỔNG CỘNG"),
    ("vni", "Xin chaøo caùc baïn", "Xin chào các bạn"),
]


@pytest.mark.parametrize(("encoding", "legacy_text", "unicode_text"), KNOWN)
def test_known_pairs(encoding, legacy_text, unicode_text):
    assert to_unicode(legacy_text, encoding) == unicode_text
    assert from_unicode(unicode_text, encoding) == legacy_text


def test_known_pairs_byte_exact():
    # The legacy text is the cp1252/latin-1 reading of these bytes.
    assert "Tæng céng".encode("cp1252") == b"T\xe6ng c\xe9ng"
    assert "Hoµn thµnh tèt nhiÖm vô".encode("cp1252") == (b"Ho\xb5n th\xb5nh t\xe8t nhi\xd6m v\xf4")
    assert "Th«n §«ng".encode("cp1252") == b"Th\xabn \xa7\xabng"
    assert "Toång coäng".encode("cp1252") == b"To\xe5ng co\xe4ng"
    assert to_unicode(b"T\xe6ng c\xe9ng".decode("latin-1"), "tcvn3") == "Tổng cộng"


# TCVN 5712:1993 VN3 bytes 0xA1-0xFE and their letters (the X11 X-TrueType table of the
# standard lists the same); the bytes left out are unused by VN3.
VN3_BYTES = {
    range(0xA1, 0xA8): "ĂÂÊÔƠƯĐ",
    range(0xA8, 0xAF): "ăâêôơưđ",
    range(0xB5, 0xBA): "àảãáạ",
    range(0xBB, 0xBF): "ằẳẵắ",
    range(0xC6, 0xCD): "ặầẩẫấậè",
    range(0xCE, 0xD9): "ẻẽéẹềểễếệìỉ",
    range(0xDC, 0xE0): "ĩíịò",
    range(0xE1, 0xF0): "ỏõóọồổỗốộờởỡớợù",
    range(0xF1, 0xFF): "ủũúụừửữứựỳỷỹýỵ",
}


def test_tcvn3_table_matches_vn3_bytes():
    seen = 0
    for codes, letters in VN3_BYTES.items():
        assert len(codes) == len(letters)
        for code, letter in zip(codes, letters, strict=True):
            legacy_char = bytes([code]).decode("latin-1")
            assert to_unicode(legacy_char, "tcvn3") == letter
            assert from_unicode(letter, "tcvn3") == legacy_char
            seen += 1
    assert seen == 74  # 67 lower-case letters + Ă Â Ê Ô Ơ Ư Đ


def test_vni_table_examples():
    # One mark byte per tone / vowel quality, and the one-byte letters.
    assert from_unicode("áàảãạ", "vni") == "aùaøaûaõaï"
    assert from_unicode("ấầẩẫậ ắằẳẵặ", "vni") == "aáaàaåaãaä aéaèaúaüaë"
    assert from_unicode("íìỉĩị ỵ ơ ư đ Đ", "vni") == "íìæóò î ô ö ñ Ñ"
    assert from_unicode("ỚỪ", "vni") == "ÔÙÖØ"


# --- Round trips ------------------------------------------------------------------------


def test_134_letters():
    assert len(LETTERS) == len(set(LETTERS)) == 134
    assert all(unicodedata.is_normalized("NFC", ch) for ch in LETTERS)
    assert sum(ch.islower() for ch in LETTERS) == 67


def test_vni_round_trips_all_134_letters():
    for letter in LETTERS:
        encoded = from_unicode(letter, "vni")
        assert encoded != letter or letter in "íìÍÌ", letter  # í ì Í Ì are their own code
        assert to_unicode(encoded, "vni") == letter, letter


def test_tcvn3_round_trips_all_134_letters():
    capitals = "ĂÂÊÔƠƯĐ"
    for letter in LETTERS:
        encoded = from_unicode(letter, "tcvn3")
        assert len(encoded) == 1, letter
        if letter.islower() or letter in capitals:
            assert to_unicode(encoded, "tcvn3") == letter, letter
        else:
            # No code of its own: the .VnTimeH font reuses the lower-case code, so it reads
            # back in lower case alone and in capitals inside a capital word.
            assert encoded == from_unicode(letter.lower(), "tcvn3"), letter
            assert to_unicode(encoded, "tcvn3") == letter.lower(), letter
            assert to_unicode(from_unicode(letter + "NG", "tcvn3"), "tcvn3") == letter + "NG"


def test_legacy_codes_are_unambiguous():
    for encoding in ("tcvn3", "vni"):
        codes = [from_unicode(ch, encoding) for ch in LETTERS if ch.islower()]
        codes += [from_unicode(ch, encoding) for ch in LETTERS if ch in "ĂÂÊÔƠƯĐ"]
        assert len(codes) == len(set(codes)) == 74, encoding


def test_vnitimeh_capitals():
    assert to_unicode("TæNG Sè", "tcvn3") == "TỔNG SỐ"
    assert to_unicode("§¶NG Bé", "tcvn3") == "ĐẢNG BỘ"
    assert to_unicode("Tæ 1", "tcvn3") == "Tổ 1"  # one capital: ordinary sentence case
    assert to_unicode("tæng céng", "tcvn3") == "tổng cộng"  # documented: stays lower case


def test_output_is_nfc_and_decomposed_input_is_accepted():
    decomposed = unicodedata.normalize("NFD", "Tổng cộng")
    assert from_unicode(decomposed, "vni") == "Toång coäng"
    assert unicodedata.is_normalized("NFC", to_unicode("Toång coäng", "vni"))


def test_vni_capital_base_with_small_mark():
    assert to_unicode("Aùnh", "vni") == "Ánh"  # e.g. after Word capitalised the sentence


vietnamese_text = st.text(
    alphabet=st.sampled_from(list(LETTERS) + list("abcdeghiklmnopqrstuvxyABCDGHNT 0123.,-")),
    max_size=40,
)


@given(vietnamese_text)
def test_vni_round_trip_any_text(text):
    assert to_unicode(from_unicode(text, "vni"), "vni") == text


@given(
    st.text(
        alphabet=st.sampled_from([c for c in LETTERS if c.islower()] + list("abn 1")), max_size=40
    )
)
def test_tcvn3_round_trip_lower_case_text(text):
    assert to_unicode(from_unicode(text, "tcvn3"), "tcvn3") == text


def test_unknown_encoding():
    with pytest.raises(ValueError):
        to_unicode("x", "viscii")  # type: ignore[arg-type]


# --- Syllables ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    [
        "Tổng",
        "cộng",
        "người",
        "khuỷu",
        "quốc",
        "giữ",
        "gì",
        "nghỉ",
        "kỹ",
        "hoà",
        "hòa",
        "thuở",
        "xoong",
        "ĐẢNG",
        "rượu",
        "uống",
        "yêu",
        "Thôn",
        "ke",
        "ghe",
        "quyết",
    ],
)
def test_is_syllable_accepts(word):
    assert is_syllable(word)


@pytest.mark.parametrize(
    "word",
    [
        "Tæng",
        "céng",
        "tèt",
        "nhiÖm",
        "bÒn",
        "khaù",
        "café",
        "Müller",
        "ce",
        "ngi",
        "gha",
        "qua1",
        "hat",
        "tỏt",
        "ngoaïi",
        "mùa1",
        "tÔng",
    ],
)
def test_is_syllable_rejects(word):
    assert not is_syllable(word)


# --- Detection --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "column",
    [
        ["Tổng cộng", "Hoàn thành tốt nhiệm vụ", "Thôn Đông"],
        ["Tổng cộng"],
        ["Thôn Đông"],
        ["Thon 1", "14320-01", "Thon 2", "14320-02"],
        ["Total", "Village", "Completed", "Notes"],
        ["café", "Müller", "crème brûlée", "Straße", "Noël", "où", "naïf", "goût"],
        ["São Paulo", "niño", "España", "Zürich", "Ørsted", "smørrebrød", "Citroën"],
        ["Hà", "Tô", "Lê", "Thôn", "Hòa", "Bình"],  # Unicode that happens to be Latin-1
        ["Tá»•ng cá»™ng", "HoÃ\xa0n thÃ\xa0nh"],  # UTF-8 read as cp1252: not legacy
        [],
    ],
)
def test_detect_negatives(column):
    assert detect(column) is None


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        (["Tæng céng"], "tcvn3"),
        (["Hoµn thµnh tèt nhiÖm vô"], "tcvn3"),
        (["Th«n §«ng", "Th«n 1", "14320-01"], "tcvn3"),
        (["TæNG Sè"], "tcvn3"),
        (["Toång coäng"], "vni"),
        (["Hoaøn thaønh toát nhieäm vuï", "Thon 1"], "vni"),
        (["TOÅNG COÄNG"], "vni"),
    ],
)
def test_detect_positives(column, expected):
    assert detect(column) == expected


def test_detect_mixed_column_mostly_ascii():
    column = ["Thon 1", "14320-01", "Xom 3", "Tæng céng"] + ["Thon 2"] * 50
    assert detect(column) == "tcvn3"


def test_detect_prefers_unicode_when_most_cells_are_unicode():
    assert detect(["Tổng cộng", "Thôn Đông", "Hoàn thành", "Tæng céng"]) is None


def test_convert_column_mixed():
    column = ["Tæng céng", None, "Thon 1", "14320-01", "Th«n §«ng", "Hoµn thµnh tèt nhiÖm vô"]
    values, encoding = convert_column(column)
    assert encoding == "tcvn3"
    assert values == [
        "Tổng cộng",
        None,
        "Thon 1",
        "14320-01",
        "Thôn Đông",
        "Hoàn thành tốt nhiệm vụ",
    ]


def test_convert_column_vni_keeps_unicode_cells():
    column = ["Toång coäng", "Thoân Ñoâng", "Đã sửa", None, ""]
    values, encoding = convert_column(column)
    assert encoding == "vni"
    assert values == ["Tổng cộng", "Thôn Đông", "Đã sửa", None, ""]


def test_convert_column_leaves_unicode_alone():
    column = ["Tổng cộng", "café", None, "Müller"]
    values, encoding = convert_column(column)
    assert encoding is None
    assert values == column and values is not column


def test_whole_sentences_both_ways():
    text = "Ủy ban Mặt trận Tổ quốc xã Khánh Thượng, huyện Yên Mô: 12 khu dân cư đạt chuẩn."
    for encoding in ("tcvn3", "vni"):
        encoded = from_unicode(text, encoding)
        assert detect([encoded]) == encoding
        back = to_unicode(encoded, encoding)
        assert back == text if encoding == "vni" else back == "ủ" + text[1:]


# --- Lint -------------------------------------------------------------------------------


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff not installed")
def test_ruff_clean():
    files = [legacy.__file__, __file__]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *files],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Tæng céng", True), ("Toång coäng", True), ("Coù", True), ("Khoâng", True),
     ("Tổng cộng", False), ("hoà giải", False), ("Khoá", False), ("Xuân Thành", False), ("Thôn Đông", False)],
)
def test_first_look_finds_legacy_text_only(text, expected):
    assert legacy.looks_legacy(text) is expected


# --- TCVN3 capitals written as base capital + toned small vowel ---------------------------

CAPITAL_PAIRS = [
    ("Uñy ban nh©n d©n x· Ninh NhÊt", "Ủy ban nhân dân xã Ninh Nhất"),
    ("Uñy ban MTTQ", "Ủy ban MTTQ"),
    ("A¸nh s¸ng", "Ánh sáng"),
    ("¢Êp T©n LËp", "Ấp Tân Lập"),
    ("¤æn ®Þnh", "Ổn định"),
    ("Yý kiÕn cö tri", "Ý kiến cử tri"),  # the result Ý (0xDD) is not read again as TCVN3 "í"
    ("¥ë xa", "Ở xa"),
    ("Uû ban", "Uỷ ban"),  # U + ỷ is Vietnamese as it is (old tone placement): unchanged
]


@pytest.mark.parametrize(("legacy_text", "unicode_text"), CAPITAL_PAIRS)
def test_tcvn3_capital_pairs(legacy_text: str, unicode_text: str):
    assert to_unicode(legacy_text, "tcvn3") == unicode_text
    assert unicodedata.is_normalized("NFC", to_unicode(legacy_text, "tcvn3"))


def test_tcvn3_capital_pairs_every_toned_capital():
    for letter in LETTERS[len(LETTERS) // 2:]:
        parts = unicodedata.normalize("NFD", letter)
        tones = [p for p in parts if p in "\u0300\u0301\u0303\u0309\u0323"]
        if not tones:
            continue
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        written = from_unicode(base, "tcvn3") + from_unicode(letter.lower(), "tcvn3")
        assert to_unicode(written + "n", "tcvn3") == letter + "n", letter


def test_tcvn3_capital_pairs_column_detected_and_converted():
    column = ["Uñy ban MTTQ", "Héi Liªn hiÖp Phô n÷", "Héi N«ng d©n", "Héi Cùu chiÕn binh", "§oµn Thanh niªn"]
    converted, encoding = convert_column(column)
    assert encoding == "tcvn3"
    assert converted == ["Ủy ban MTTQ", "Hội Liên hiệp Phụ nữ", "Hội Nông dân", "Hội Cựu chiến binh", "Đoàn Thanh niên"]


def test_8bit_files_typed_with_a_legacy_font_are_read_byte_for_byte():
    """A CSV saved on an old machine with .VnTime or VNI-Times text: read as Windows-1258, TCVN3's
    ị (0xDE) would become a combining tilde and the word would be lost."""
    from danvan_cli.reading.legacy import decode_8bit, from_unicode

    text = "ma_don_vi,ten_don_vi\n14620,Thị trấn Phát Diệm\n14629,Xã Hồi Ninh\n37,Tỉnh Ninh Bình\n"
    for encoding in ("tcvn3", "vni"):
        decoded, name = decode_8bit(from_unicode(text, encoding).encode("latin-1"))
        assert name == f"latin-1 ({encoding})"
        assert decoded == from_unicode(text, encoding)  # every code kept for the column-wise conversion
    # real Windows-1258 text (decomposed tones, as Windows writes it) stays Windows-1258
    windows = "ma_don_vi,ten_don_vi\n14629,Xa\u0303 H\u00f4\u0300i Ninh\n".encode("cp1258")
    assert decode_8bit(windows) == ("ma_don_vi,ten_don_vi\n14629,Xa\u0303 H\u00f4\u0300i Ninh\n", "cp1258")
