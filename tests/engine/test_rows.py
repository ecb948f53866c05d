"""Row kinds inside the data (subtotals, group headings, repeated headers) and
percentages typed as fractions (danvan_cli.validation.rows)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from danvan_cli import api

UNITS = Path(__file__).resolve().parents[1] / "data" / "messy" / "units.csv"
CAP_HEADER = ["STT", "Mã đơn vị", "Tên đơn vị", "Tổng số cấp ủy viên", "Số cấp ủy viên gương mẫu",
              "Có phân công phụ trách dân vận", "Số cấp ủy viên dự họp hằng tháng"]
CDS_HEADER = ["Mã đơn vị", "Tên đơn vị", "Tổng số hồ sơ công việc", "Số hồ sơ xử lý trên mạng",
              "Tỷ lệ giảm thời gian họp so với trước (%)"]


def _validate(tmp_path: Path, files: dict[str, list[list[object]]]):
    year = tmp_path / "2023"
    year.mkdir()
    for name, rows in files.items():
        with (year / name).open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)
    sub = api.validate([year], units=UNITS)
    return sub


def _skipped(sub) -> dict[int, str]:
    return {i.row: i.params["reason"].in_lang("en") for i in sub.issues if i.code == "row-skipped"}


def _codes(sub, severity=("error", "warning")) -> list[tuple[str, int | None, str | None]]:
    return [(i.code, i.row, i.column) for i in sub.issues
            if i.severity in severity and i.code != "submission-missing"]


def _accepted(sub, form: str) -> list[str]:
    return list(sub.frames[form]["ma_don_vi"]) if form in sub.frames else []


def test_subtotals_headings_are_skipped_and_the_total_is_checked_against_details_only(tmp_path):
    rows = [
        CAP_HEADER,
        ["I", "", "Khối huyện", 84, 83, "", 83],              # 2 heading with figures
        [1, "369", "Thành phố Ninh Bình", 41, 41, "Có", 40],  # 3
        [2, "376", "Huyện Kim Sơn", 43, 42, "Có", 43],        # 4
        ["", "", "Cộng khối huyện", 84, 83, "", 83],          # 5 subtotal
        ["II. Khối xã, phường, thị trấn", "", "", "", "", "", ""],  # 6 heading without figures
        [3, "14320", "Phường Đông Thành", 15, 15, "Có", 15],  # 7
        [4, "14347", "Xã Ninh Nhất", 13, 12, "Không", 13],    # 8
        ["", "", "Cộng các xã, thị trấn", 28, 27, "", 28],    # 9
        ["", "", "Trong đó: phường", 15, 15, "", 15],         # 10
        ["", "", "Cộng huyện Kim Sơn", 43, 42, "", 43],       # 11
        ["", "", "Cộng I", 84, 83, "", 83],                   # 12
        ["", "", "Tổng khối xã", 28, 27, "", 28],             # 13
        ["", "", "Tổng cộng", 112, 110, "", 111],             # 14 = 41+43+15+13 (details only)
    ]
    sub = _validate(tmp_path, {"cap_uy.csv": rows})
    skipped = _skipped(sub)
    assert skipped == {2: "group heading row", 5: "subtotal row", 6: "group heading row", 9: "subtotal row",
                       10: "subtotal row", 11: "subtotal row", 12: "subtotal row", 13: "subtotal row",
                       14: "total row"}
    assert _codes(sub) == []  # no total-mismatch: subtotals are not added in
    assert sorted(_accepted(sub, "cap_uy")) == ["14320", "14347", "369", "376"]
    reasons = {i.row: i.params["reason"] for i in sub.issues if i.code == "row-skipped"}
    assert reasons[5] == "dòng cộng nhóm (tổng phụ)" and reasons[2] == "dòng tiêu đề nhóm"


def test_total_mismatch_counts_details_only(tmp_path):
    rows = [
        CAP_HEADER,
        [1, "369", "Thành phố Ninh Bình", 41, 41, "Có", 40],
        [2, "376", "Huyện Kim Sơn", 43, 42, "Có", 43],
        ["", "", "Cộng khối huyện", 84, 83, "", 83],
        ["", "", "Tổng cộng", 168, 166, "", 166],  # the subtotal added in twice
    ]
    sub = _validate(tmp_path, {"cap_uy.csv": rows})
    mismatch = [i for i in sub.issues if i.code == "total-mismatch"]
    assert {(i.row, i.column, i.params["computed"]) for i in mismatch} == {
        (5, "tong_so_cap_uy_vien", "84"), (5, "so_cap_uy_vien_guong_mau", "83"),
        (5, "so_cap_uy_vien_du_hop_hang_thang", "83")}


def test_bare_cong_rows_under_one_tong_cong_are_subtotals(tmp_path):
    rows = [
        CAP_HEADER,
        [1, "369", "Thành phố Ninh Bình", 41, 41, "Có", 40],   # 2
        ["", "", "Cộng", 41, 41, "", 40],                        # 3
        [2, "376", "Huyện Kim Sơn", 43, 42, "Có", 43],         # 4
        ["", "", "Cộng", 43, 42, "", 43],                        # 5
        ["", "", "Tổng cộng", 84, 83, "", 83],                   # 6
    ]
    sub = _validate(tmp_path, {"cap_uy.csv": rows})
    assert _skipped(sub) == {3: "subtotal row", 5: "subtotal row", 6: "total row"}
    assert _codes(sub) == []


def test_a_lone_whole_area_total_is_the_total(tmp_path):
    rows = [CAP_HEADER,
            [1, "369", "Thành phố Ninh Bình", 41, 41, "Có", 40],
            [2, "376", "Huyện Kim Sơn", 43, 42, "Có", 43],
            ["", "", "Cộng toàn tỉnh", 84, 80, "", 83]]
    sub = _validate(tmp_path, {"cap_uy.csv": rows})
    assert _skipped(sub) == {4: "total row"}
    assert [(i.code, i.column) for i in sub.issues if i.code == "total-mismatch"] == [
        ("total-mismatch", "so_cap_uy_vien_guong_mau")]


def test_a_row_with_a_real_code_is_never_a_subtotal(tmp_path):
    rows = [CAP_HEADER,
            [1, "369", "Cộng khối huyện", 41, 41, "Có", 40],
            ["I", "376", "Khối huyện", 43, 42, "Có", 43]]
    sub = _validate(tmp_path, {"cap_uy.csv": rows})
    assert _skipped(sub) == {}
    assert sorted(_accepted(sub, "cap_uy")) == ["369", "376"]


def test_a_company_without_marks_is_not_a_subtotal(tmp_path):
    header = ["Mã số thuế", "Tên doanh nghiệp", "Mã đơn vị", "Số lao động", "Năm thành lập",
              "Đủ điều kiện thành lập công đoàn", "Đã có công đoàn cơ sở", "Năm thành lập tổ chức Đoàn"]
    rows = [header,
            ["2700123456", "Cong ty TNHH May Kim Son", "14620", 120, 2015, "Có", "Có", 2018],
            ["2700234567", "Cong ty CP Dong Thanh", "", 40, 2023, "Có", "Có", 2023]]  # code left blank
    sub = _validate(tmp_path, {"dn.csv": rows})
    assert _skipped(sub) == {}
    assert ("cell-missing", 3, "ma_don_vi") in _codes(sub)


def test_repeated_header_and_its_number_row_are_skipped(tmp_path):
    rows = [
        ["BIỂU MẪU SỐ 01: CẤP ỦY"],
        CAP_HEADER,                                             # 2
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],      # 3
        [1, "369", "Thành phố Ninh Bình", 41, 41, "Có", 40],   # 4
        [],                                                     # 5
        ["BIỂU MẪU SỐ 01: CẤP ỦY"],                             # 6 title of the pasted block
        ["STT", "MÃ ĐƠN VỊ", "Tên đơn vị", "Tổng số cấp uỷ viên", "Số cấp ủy viên gương mẫu",
         "Có phân công phụ trách dân vận", "Số cấp ủy viên dự họp hằng tháng"],  # 7 spelled a bit differently
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],      # 8
        [1, "376", "Huyện Kim Sơn", 43, 42, "Có", 43],         # 9
        CAP_HEADER,                                             # 10 a page-break repetition
        [2, "14320", "Phường Đông Thành", 15, 15, "Có", 15],   # 11
    ]
    sub = _validate(tmp_path, {"cap_uy.csv": rows})
    skipped = _skipped(sub)
    assert skipped[7] == skipped[10] == "repeated header row"
    assert skipped[8] == "repeated column-number row"
    assert _codes(sub) == []
    assert sorted(_accepted(sub, "cap_uy")) == ["14320", "369", "376"]


def test_repeated_plain_number_row_below_a_repeated_header(tmp_path):
    rows = [CAP_HEADER, [str(i) for i in range(1, 8)],
            [1, "369", "Thành phố Ninh Bình", 41, 41, "Có", 40],
            CAP_HEADER, [str(i) for i in range(1, 8)],
            [2, "376", "Huyện Kim Sơn", 43, 42, "Có", 43]]
    sub = _validate(tmp_path, {"cap_uy.csv": rows})
    assert _skipped(sub) == {2: "column-number row", 4: "repeated header row", 5: "repeated column-number row"}
    assert _codes(sub) == []


def _cds(values: dict[str, object]) -> list[list[object]]:
    names = {"37": "Tỉnh Ninh Bình", "369": "Thành phố Ninh Bình", "14320": "Phường Đông Thành",
             "14347": "Xã Ninh Nhất", "376": "Huyện Kim Sơn", "14620": "Thị trấn Phát Diệm"}
    return [CDS_HEADER] + [[code, names[code], 100, 50, v] for code, v in values.items()]


def test_a_fraction_among_percentages_is_flagged_and_scored_as_typed(tmp_path):
    sub = _validate(tmp_path, {"cds.csv": _cds({"37": "35,5", "369": 30, "14320": "0,32", "14347": "0,354",
                                                "376": 0, "14620": 20})})
    found = [i for i in sub.issues if i.code == "percent-fraction"]
    assert [(i.row, i.column, i.cell) for i in found] == [(4, "ty_le_giam_thoi_gian_hop", "E4"),
                                                          (5, "ty_le_giam_thoi_gian_hop", "E5")]
    assert all(i.severity == "warning" for i in found)
    first = found[0]
    assert first.params["unit"] == "14320 (Phường Đông Thành)" and first.params["values"] == "0,32"
    assert "0,32 = 32%" in first.message("vi") and "0.32 = 32%" in first.message("en")
    frame = sub.frames["chuyen_doi_so"].set_index("ma_don_vi")
    assert frame.at["14320", "ty_le_giam_thoi_gian_hop"] == pytest.approx(0.32)  # as typed
    assert frame.at["376", "ty_le_giam_thoi_gian_hop"] == 0  # a zero is a percentage, never flagged


@pytest.mark.parametrize("values", [
    {"37": "0,32", "369": "0,5", "14320": "0,25", "14347": 30},     # fewer than 3 other values
    {"37": "0,32", "369": 5, "14320": 8, "14347": 2, "376": 30},     # others' median below 10
    {"37": "0,5%", "369": 30, "14320": 25, "14347": 40},            # typed with a % sign
    {"37": 1.5, "369": 30, "14320": 25, "14347": 40},               # above 1
])
def test_no_fraction_warning(tmp_path, values):
    sub = _validate(tmp_path, {"cds.csv": _cds(values)})
    assert not [i for i in sub.issues if i.code == "percent-fraction"]


# ---------------------------------------------------------------------------------------
# Blocks pasted one under another, each under its own header row (validation.batch)
# ---------------------------------------------------------------------------------------
SWAPPED = ["STT", "Mã đơn vị", "Tên đơn vị", "Số cấp ủy viên gương mẫu", "Tổng số cấp ủy viên",
           "Có phân công phụ trách dân vận", "Số cấp ủy viên dự họp hằng tháng"]


def _figures(sub) -> dict[str, tuple[float, float]]:
    frame = sub.frames["cap_uy"].set_index("ma_don_vi")
    return {code: (frame.at[code, "tong_so_cap_uy_vien"], frame.at[code, "so_cap_uy_vien_guong_mau"])
            for code in frame.index}


def test_a_block_under_its_own_header_is_read_with_its_columns(tmp_path):
    rows = [
        CAP_HEADER,                                                # 1
        [1, "369", "Thành phố Ninh Bình", 41, 40, "Có", 40],      # 2 D total, E exemplary
        ["Khối xã, phường, thị trấn"],                            # 3
        SWAPPED,                                                   # 4 D exemplary, E total
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],         # 5
        [2, "14320", "Phường Đông Thành", 12, 15, "Có", 15],      # 6
        [3, "14347", "Xã Ninh Nhất", "mười", 13, "Có", 13],       # 7 a word in D: exemplary
        [4, "14620", "Thị trấn Phát Diệm", 16, 15, "Có", 14],     # 8 exemplary > total (rule)
    ]
    sub = _validate(tmp_path, {"cap_uy.csv": rows})
    assert _skipped(sub) == {3: "group heading row", 4: "header row of a new block", 5: "repeated column-number row"}
    reasons = {i.row: i.params["reason"] for i in sub.issues if i.code == "row-skipped"}
    assert reasons[4] == "dòng tên cột của khối mới"
    assert _figures(sub) == {"369": (41, 40), "14320": (15, 12)}
    # every cell named in the block's own columns
    found = {(i.code, i.row, i.column, i.cell) for i in sub.issues if i.severity in ("error", "warning")
             and i.code != "submission-missing"}
    assert found == {("cell-type", 7, "so_cap_uy_vien_guong_mau", "D7"),
                     ("rule", 8, "so_cap_uy_vien_guong_mau", "D8")}
    summary = sub.files[0]
    assert (summary.rows_read, summary.rows_accepted, summary.rows_skipped, summary.rows_rejected) == (7, 2, 3, 2)


def test_blocks_alternate_and_a_block_header_repeated_at_a_page_break(tmp_path):
    rows = [
        CAP_HEADER,                                                # 1
        [1, "369", "Thành phố Ninh Bình", 41, 40, "Có", 40],      # 2
        SWAPPED,                                                   # 3 new block
        [2, "14320", "Phường Đông Thành", 12, 15, "Có", 15],      # 4
        SWAPPED,                                                   # 5 the same block's header again
        [3, "14347", "Xã Ninh Nhất", 11, 13, "Có", 13],           # 6
        CAP_HEADER,                                                # 7 back to the form's order: a new block
        [4, "376", "Huyện Kim Sơn", 43, 42, "Có", 43],            # 8
    ]
    sub = _validate(tmp_path, {"cap_uy.csv": rows})
    assert _skipped(sub) == {3: "header row of a new block", 5: "repeated header row", 7: "header row of a new block"}
    assert _codes(sub) == []
    assert _figures(sub) == {"369": (41, 40), "14320": (15, 12), "14347": (13, 11), "376": (43, 42)}


def test_a_block_lacking_a_required_column_is_rejected_naming_its_header_row(tmp_path):
    short = [c for c in SWAPPED if c != "Tổng số cấp ủy viên"]
    rows = [
        CAP_HEADER,                                                # 1
        [1, "369", "Thành phố Ninh Bình", 41, 40, "Có", 40],      # 2
        short,                                                     # 3
        [2, "14320", "Phường Đông Thành", 12, "Có", 15],          # 4
        [3, "14347", "Xã Ninh Nhất", 11, "Có", 13],               # 5
    ]
    sub = _validate(tmp_path, {"cap_uy.csv": rows})
    assert _codes(sub) == [("column-missing", 3, "tong_so_cap_uy_vien")]
    assert _skipped(sub) == {3: "header row of a new block"}
    assert _accepted(sub, "cap_uy") == ["369"]
    summary = sub.files[0]
    assert (summary.rows_read, summary.rows_accepted, summary.rows_skipped, summary.rows_rejected) == (4, 1, 1, 2)


def test_a_block_header_with_an_unknown_column_warns_on_its_cell(tmp_path):
    extra = ["STT", "Mã đơn vị", "Tên đơn vị", "Ghi chú khác", "Số cấp ủy viên gương mẫu", "Tổng số cấp ủy viên",
             "Có phân công phụ trách dân vận", "Số cấp ủy viên dự họp hằng tháng"]
    rows = [CAP_HEADER,
            [1, "369", "Thành phố Ninh Bình", 41, 40, "Có", 40],
            extra,                                                  # 3
            [2, "14320", "Phường Đông Thành", "x", 12, 15, "Có", 15]]
    sub = _validate(tmp_path, {"cap_uy.csv": rows})
    assert [(i.code, i.row, i.cell) for i in sub.issues if i.code == "column-unknown"] == [("column-unknown", 3, "D3")]
    assert _figures(sub) == {"369": (41, 40), "14320": (15, 12)}


def test_a_formula_cell_in_a_block_is_named_in_the_blocks_column(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu 01"
    for row in [CAP_HEADER, [1, "369", "Thành phố Ninh Bình", 41, 40, "Có", 40], SWAPPED,
                [2, "14320", "Phường Đông Thành", 12, 15, "Có", 15],
                [3, "14347", "Xã Ninh Nhất", "=D4-1", 13, "Có", 13]]:  # no cached value
        ws.append(row)
    year = tmp_path / "2023"
    year.mkdir()
    wb.save(year / "cap_uy.xlsx")
    sub = api.validate([year], units=UNITS)
    assert [(i.code, i.row, i.column, i.cell) for i in sub.issues if i.code == "cell-formula"] == [
        ("cell-formula", 5, "so_cap_uy_vien_guong_mau", "D5")]
    assert _figures(sub) == {"369": (41, 40), "14320": (15, 12)}


def test_a_block_under_its_own_two_row_header(tmp_path):
    rows = [
        ["Mã đơn vị", "Tên đơn vị", "Hồ sơ công việc", "", "Tỷ lệ giảm thời gian họp (%)"],      # 1
        ["", "", "Tổng số", "Số hồ sơ xử lý trên mạng", ""],                                    # 2
        ["37", "Tỉnh Ninh Bình", 100, 80, 30],                                                   # 3
        ["Mã đơn vị", "Tên đơn vị", "Tỷ lệ giảm thời gian họp (%)", "Hồ sơ công việc", ""],      # 4 new block
        ["", "", "", "Số hồ sơ xử lý trên mạng", "Tổng số"],                                    # 5 its sub-labels
        ["369", "Thành phố Ninh Bình", 25, 40, 50],                                              # 6
        ["14320", "Phường Đông Thành", 20, 70, 60],                                              # 7 part > total
    ]
    sub = _validate(tmp_path, {"cds.csv": rows})
    assert _skipped(sub) == {4: "header row of a new block", 5: "header row of a new block"}
    frame = sub.frames["chuyen_doi_so"].set_index("ma_don_vi")
    assert frame.loc["369", ["tong_so_ho_so_cong_viec", "so_ho_so_xu_ly_tren_mang", "ty_le_giam_thoi_gian_hop"]].tolist() \
        == [50, 40, 25]
    assert [(i.code, i.row, i.column, i.cell) for i in sub.issues if i.code == "rule"] == [
        ("rule", 7, "so_ho_so_xu_ly_tren_mang", "D7")]


def test_a_block_header_naming_a_column_twice_rejects_its_rows(tmp_path):
    twice = ["STT", "Mã đơn vị", "Tên đơn vị", "Số cấp ủy viên gương mẫu", "Tổng số cấp ủy viên",
             "Có phân công phụ trách dân vận", "Số cấp ủy viên dự họp hằng tháng", "Tổng số cấp ủy viên"]
    rows = [CAP_HEADER,
            [1, "369", "Thành phố Ninh Bình", 41, 40, "Có", 40],
            twice,                                                  # 3
            [2, "14320", "Phường Đông Thành", 12, 15, "Có", 15, 16]]
    sub = _validate(tmp_path, {"cap_uy.csv": rows})
    assert [(i.code, i.row, i.column, i.cell) for i in sub.issues if i.code == "column-duplicate"] == [
        ("column-duplicate", 3, "tong_so_cap_uy_vien", "H3")]
    assert _accepted(sub, "cap_uy") == ["369"]
