"""Issue messages in both languages: one Vietnamese template per code, English from the
``issues`` catalog, params carrying one value each (danvan_cli.issues)."""

from __future__ import annotations

import copy
import pickle
import re
from pathlib import Path
from typing import get_args

from danvan_cli import api
from danvan_cli.i18n import N_
from danvan_cli.issues import CATALOGUE, Code, Issue, Text, joined, template

FIELD = re.compile(r"\{([^{}]*)\}")
CAP_UY = ("ma_don_vi,ten_don_vi,nam,tong_so_cap_uy_vien,so_cap_uy_vien_guong_mau,"
          "co_phan_cong_phu_trach_dan_van,so_cap_uy_vien_du_hop_hang_thang")


def test_the_code_literal_lists_the_catalogue():
    assert list(get_args(Code)) == list(CATALOGUE)


def test_every_template_has_the_same_fields_in_both_languages():
    for code in CATALOGUE:
        vi, en = template(code, "vi"), template(code, "en")
        assert vi == CATALOGUE[code].template, code
        assert en != vi, f"{code} has no English"
        assert set(FIELD.findall(vi)) == set(FIELD.findall(en)), code


def _messages(tmp_path: Path) -> dict[str, Issue]:
    """A 2025 Biểu 01 with one issue of each kind on its own row (the bundled registry)."""
    folder = tmp_path / "2025"
    folder.mkdir()
    rows = [
        "14584,Xã Khánh Thiện,2025,5,5,1,5",  # 2: a code of 2020-2024 only
        "37,Tỉnh Ninh Bình,2025,abc,5,1,5",  # 3: not a whole number
        "37,Tỉnh Ninh Bình,2025,5,9,1,5",  # 4: exemplary members above all members
        "37,Tỉnh Ninh Bình,2024,5,5,1,5",  # 5: last year's row
        "Tổng cộng,,,,,,",  # 6: a total row, nothing to compare
    ]
    (folder / "cap_uy.csv").write_text("\n".join([CAP_UY, *rows]) + "\n", encoding="utf-8")
    issues = api.validate([folder]).issues
    wanted = ("unit-unknown", "cell-type", "rule", "year-mismatch", "row-skipped")
    found = {i.code: i for i in issues if i.code in wanted and i.file == "cap_uy.csv"}
    assert sorted(found) == sorted(wanted)
    return found


def test_five_issues_of_a_real_validation_in_vietnamese_and_english(tmp_path: Path):
    found = _messages(tmp_path)
    vi = {code: issue.message("vi") for code, issue in found.items()}
    en = {code: issue.message("en") for code, issue in found.items()}
    assert vi == {
        "unit-unknown": "Ô A2: mã đơn vị '14584' không có trong danh mục đơn vị năm 2025 "
                        "(mã 14584 là Xã Khánh Thiện đến 31/12/2024)",
        "cell-type": "Ô D3: 'abc' không phải số nguyên",
        "rule": "Dòng 4: “Số cấp ủy viên gương mẫu thực hiện quy định nêu gương” (9) lớn hơn “Tổng số cấp ủy viên” (5)",
        "year-mismatch": "Ô C5: năm 2024 khác năm báo cáo 2025",
        "row-skipped": "Dòng 6: bỏ qua (dòng tổng cộng)",
    }
    assert en == {
        "unit-unknown": "Cell A2: unit code '14584' is not in the unit registry for 2025 "
                        "(code 14584 is Xã Khánh Thiện until 31/12/2024)",
        "cell-type": "Cell D3: 'abc' is not a whole number",
        "rule": "Row 4: “Committee members setting an example under the rules on exemplarity” (9) "
                "exceeds “Committee members” (5)",
        "year-mismatch": "Cell C5: year 2024 differs from the reporting year 2025",
        "row-skipped": "Row 6: skipped (total row)",
    }
    # the JSON of an issue carries the message of its language; params stay Vietnamese text
    assert found["row-skipped"].to_json("en")["message"] == "Row 6: skipped (total row)"
    assert found["row-skipped"].params["reason"] == "dòng tổng cộng"


def test_a_location_in_either_language():
    issue = Issue("row-skipped", "a.csv", "Biểu 01", 12, params={"reason": Text(N_("dòng trống"))})
    assert issue.location == issue.location_in("vi") == "a.csv › Biểu 01 › dòng 12"
    assert issue.location_in("en") == "a.csv › Biểu 01 › row 12"
    assert Issue("cell-missing", "a.csv", None, 12, "x", "C12").location_in("en") == "a.csv › C12"


def test_a_whole_sheet_skipped_and_a_long_value_cut_in_english():
    sheet = Issue("row-skipped", "a.xlsx", "Hướng dẫn", params={"reason": Text(N_("dòng trống"))})
    assert sheet.message("vi") == "Cả trang bỏ qua (dòng trống)"
    assert sheet.message("en") == "Whole sheet skipped (blank row)"
    long = Issue("cell-type", "a.csv", None, 2, "x", "B2", {"value": "x" * 1500, "expected": Text(N_("số"))})
    assert long.message("vi", shorten=True) == f"Ô B2: '{'x' * 120}… (1.500 ký tự)' không phải số"
    assert long.message("en", shorten=True) == f"Cell B2: '{'x' * 120}… (1,500 characters)' is not a number"


def test_counts_take_the_language_thousands_separator():
    issue = Issue("unit-by-name", "a.csv", None, 2, "ten", "B2", {"count": 3741, "value": "Xã A", "code": "1"})
    assert issue.message("vi").startswith("3.741 dòng không ghi mã đơn vị")
    assert issue.message("en").startswith("3,741 rows give no unit code")
    one = Issue("unit-by-name", "a.csv", None, 2, "ten", "B2", {"count": 1, "value": "Xã A", "code": "1"})
    assert one.message("vi") == "1 dòng không ghi mã đơn vị: đã nhận đơn vị theo tên (ví dụ ô B2: 'Xã A' → mã 1)"
    assert one.message("en") == "1 row gives no unit code: the unit was found by its name (e.g. cell B2: 'Xã A' → code 1)"
    assert template("unit-by-name", "en").startswith("{count} rows give")  # the docs show the general form


def test_a_text_keeps_its_translation_through_copies():
    text = Text(N_("dòng {row}"), row=7)
    assert text == "dòng 7" and text.in_lang("en") == "row 7"
    for clone in (pickle.loads(pickle.dumps(text)), copy.deepcopy(text)):
        assert clone == "dòng 7" and clone.in_lang("en") == "row 7"
    both = joined([text, "a.csv"], " · ")
    assert copy.deepcopy(both) == "dòng 7 · a.csv" and copy.deepcopy(both).in_lang("en") == "row 7 · a.csv"


def test_a_counted_text_takes_the_english_plural():
    one, many = (Text.ngettext("{vintage}: {n} dòng", "{vintage}: {n} dòng", n, vintage="2025-07") for n in (1, 3))
    assert (one, many) == ("2025-07: 1 dòng", "2025-07: 3 dòng")
    assert (one.in_lang("en"), many.in_lang("en")) == ("2025-07: 1 row", "2025-07: 3 rows")
