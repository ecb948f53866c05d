"""Header row and form recognition."""

from danvan_cli.reading.header import recognise
from danvan_cli.spec import load_spec

SPEC = load_spec()


def test_canonical_header_on_first_row():
    rows = [["ma_don_vi", "xep_loai"], ["369", "tot"]]
    found = recognise(SPEC, rows)
    assert found.match is not None and found.match.form == "qcdc"
    assert found.match.data_start == 1


def test_title_rows_and_vietnamese_labels_without_diacritics():
    rows = [
        ["BIỂU MẪU SỐ 09: THÔN, XÓM, PHỐ", "", ""],
        ["Đơn vị: Huyện Kim Sơn", "", ""],
        ["", "", ""],
        ["STT", "MA THON", "so mo hinh tu quan hoat dong hieu qua", "Có tổ hòa giải hoạt động hiệu quả"],
        ["1", "14320-01", 4, "Có"],
    ]
    found = recognise(SPEC, rows)
    assert found.match.form == "thon"
    assert found.match.header_rows[-1] == 3 and found.match.data_start == 4
    assert set(found.match.columns.values()) == {
        "ma_don_vi", "so_mo_hinh_tu_quan_hieu_qua", "co_to_hoa_giai_hieu_qua"}
    assert found.match.unknown == []  # STT is a row-number column, not unknown


def test_two_row_merged_header_and_column_number_row():
    rows = [
        ["Mã đơn vị", "Hồ sơ công việc", "", "Ghi chú"],
        ["", "Tổng số hồ sơ công việc", "Số hồ sơ xử lý trên mạng", ""],
        ["(1)", "(2)", "(3)", "(4)"],
        ["14320", 10, 5, ""],
    ]
    found = recognise(SPEC, rows)
    assert found.match.form == "chuyen_doi_so"
    assert found.match.columns == {0: "ma_don_vi", 1: "tong_so_ho_so_cong_viec", 2: "so_ho_so_xu_ly_tren_mang"}
    assert found.match.number_row == 2 and found.match.data_start == 3


def test_qcdc_is_not_confused_with_mat_tran():
    # both forms have ma_don_vi and xep_loai; only one has to_chuc and the counts
    rows = [["Mã đơn vị", "Tên đơn vị", "Xếp loại"]]
    assert recognise(SPEC, rows).match.form == "qcdc"
    rows = [["Mã đơn vị", "Tổ chức", "Số cuộc giám sát", "Số cuộc phản biện xã hội", "Xếp loại"]]
    assert recognise(SPEC, rows).match.form == "mat_tran_doan_the"


def test_unknown_sheet():
    rows = [["Họ tên", "Ngày sinh"], ["A", "1/1/1990"]]
    found = recognise(SPEC, rows)
    assert found.match is None and found.candidates == ()


def test_duplicate_header_columns_are_reported():
    rows = [["Mã đơn vị", "Xếp loại", "Xếp loại"]]
    found = recognise(SPEC, rows)
    assert found.match.duplicates == {"xep_loai": [1, 2]}


def test_label_row_with_machine_names_below_is_one_header():
    # danvan's own templates: Vietnamese labels, then a (hidden) row of canonical names
    rows = [
        ["BIỂU MẪU SỐ 03"],
        ["Mã đơn vị", "Tên đơn vị", "Xếp loại"],
        ["ma_don_vi", "ten_don_vi", "xep_loai"],
        ["369", "Thành phố Ninh Bình", "Hoàn thành tốt nhiệm vụ"],
    ]
    found = recognise(SPEC, rows)
    assert found.match.form == "qcdc"
    assert found.match.repeat_row == 2 and found.match.data_start == 3


# --- header paths: a column matches only when its whole header path does ---------------------

CAP = ["Mã đơn vị", "Tên đơn vị", "Tổng số cấp ủy viên", "Trong đó", "", "Số cấp ủy viên gương mẫu",
       "Có phân công phụ trách dân vận", "Số cấp ủy viên dự họp hằng tháng"]


def test_nam_under_trong_do_is_male_not_the_year():
    # merged cells as the reader gives them: labels merged down repeated in the second row
    rows = [CAP, [c if i not in (3, 4) else ("Nam", "Nữ")[i - 3] for i, c in enumerate(CAP)],
            ["37", "Tỉnh Ninh Bình", 55, 40, 15, 54, "Có", ""]]
    found = recognise(SPEC, rows).match
    assert found.form == "cap_uy" and found.header_rows == (0, 1) and found.data_start == 2
    assert "nam" not in found.columns.values()
    assert found.unknown == [(3, "Trong đó › Nam"), (4, "Trong đó › Nữ")]
    # the same with the merged-down cells left empty in the second row
    rows[1] = ["", "", "", "Nam", "Nữ", "", "", ""]
    found = recognise(SPEC, rows).match
    assert found.header_rows == (0, 1) and "nam" not in found.columns.values()


def test_a_plain_one_row_nam_is_the_year():
    rows = [["Mã đơn vị", "Tên đơn vị", "Năm", "Xếp loại"], ["37", "Tỉnh Ninh Bình", 2023, "Tốt"]]
    assert recognise(SPEC, rows).match.columns == {0: "ma_don_vi", 1: "ten_don_vi", 2: "nam", 3: "xep_loai"}
    rows = [["Mã đơn vị", "Nam", "Xếp loại"], ["37", 2023, "Tốt"]]  # typed without marks
    assert recognise(SPEC, rows).match.columns[1] == "nam"


def test_a_lone_tong_so_takes_its_meaning_from_the_group():
    for sub in ("Trong đó: có tôn giáo", "Trong đó: là người có tôn giáo", "Là người có tôn giáo"):
        rows = [["Mã đơn vị", "Tên đơn vị", "Số đảng viên mới", ""],
                ["", "", "Tổng số", sub],
                ["376", "Huyện Kim Sơn", 10, 3]]
        found = recognise(SPEC, rows).match
        assert found.form == "ket_nap_dang", sub
        assert found.columns == {0: "ma_don_vi", 1: "ten_don_vi", 2: "so_dang_vien_moi",
                                 3: "so_dang_vien_moi_co_ton_giao"}, sub
        assert found.unknown == []


def test_a_sub_label_under_a_group_naming_another_column_is_unknown():
    rows = [["Mã đơn vị", "Tên đơn vị", "Số cuộc giám sát", "", "Số cuộc phản biện xã hội", "Xếp loại", "Tổ chức"],
            ["", "", "Tổng số", "Số cuộc phản biện xã hội", "", "", ""],
            ["37", "Tỉnh", 3, 1, 2, "Tốt", "MTTQ"]]
    found = recognise(SPEC, rows).match
    assert found.form == "mat_tran_doan_the"
    assert found.columns[2] == "so_cuoc_giam_sat"
    assert found.columns[4] == "so_cuoc_phan_bien"  # its own label, merged down
    assert (3, "Số cuộc giám sát › Số cuộc phản biện xã hội") in found.unknown
    assert found.duplicates == {}


def test_group_words_inside_the_column_name_and_combined_paths():
    rows = [["Mã đơn vị", "Hồ sơ công việc", "", "Văn bản", "", "Tỷ lệ giảm thời gian họp (%)"],
            ["", "Tổng số", "Số hồ sơ xử lý trên mạng", "Tổng số", "Số văn bản ký số", ""],
            ["37", 10, 5, 20, 15, 30]]
    found = recognise(SPEC, rows).match
    assert found.columns == {0: "ma_don_vi", 1: "tong_so_ho_so_cong_viec", 2: "so_ho_so_xu_ly_tren_mang",
                             3: "tong_so_van_ban", 4: "so_van_ban_dien_tu_ky_so", 5: "ty_le_giam_thoi_gian_hop"}


def test_a_header_typed_with_a_legacy_font_is_recognised():
    from danvan_cli.reading.legacy import from_unicode

    spec = load_spec()
    labels = ["Mã đơn vị", "Tên đơn vị", "Năm", "Xếp loại"]
    rows = [[from_unicode("Biểu mẫu số 03 - năm 2023", "tcvn3")], [from_unicode(t, "tcvn3") for t in labels],
            ["37", from_unicode("Tỉnh Ninh Bình", "tcvn3"), 2023, from_unicode("Hoàn thành tốt nhiệm vụ", "tcvn3")]]
    found = recognise(spec, rows, "Sheet1")
    assert found.match is not None and found.match.form == "qcdc"
    assert set(found.match.columns.values()) == {"ma_don_vi", "ten_don_vi", "nam", "xep_loai"}
    # Unicode labels made of Latin-1 letters only ("Mã xã") stay as they are beside TCVN3 titles
    mixed = [[from_unicode("Biểu mẫu số 09 - Thôn, xóm", "tcvn3")], ["Mã xã", "Tên thôn", "Số mô hình tự quản hoạt động hiệu quả"]]
    assert "ma_xa" in recognise(spec, mixed, "Sheet1").match.columns.values()


def test_block_header_inside_the_data():
    from danvan_cli.reading.header import block_header

    form = SPEC.forms["cap_uy"]
    swapped = ["STT", "Mã đơn vị", "Tên đơn vị", "Số cấp ủy viên gương mẫu", "Tổng số cấp uỷ viên", None]
    found = block_header(form, swapped)
    assert found is not None and found[1] == 1
    match = found[0]
    assert match.columns == {1: "ma_don_vi", 2: "ten_don_vi", 3: "so_cap_uy_vien_guong_mau", 4: "tong_so_cap_uy_vien"}
    # data rows, headings, titles and rows naming too few columns are no header
    assert block_header(form, [1, "369", "Thành phố Ninh Bình", 41, 40]) is None
    assert block_header(form, ["Khối xã, phường, thị trấn", "", ""]) is None
    assert block_header(form, ["Tổng số cấp ủy viên", "", ""]) is None
    assert block_header(form, ["Mã đơn vị", "Tổng số cấp ủy viên", "Ghi nhận", "Nhận xét", "Ý kiến"]) is None
    # a header of another form is not a header of this one
    assert block_header(form, ["Mã thôn", "Số mô hình tự quản hoạt động hiệu quả", "Có tổ hòa giải hoạt động hiệu quả"]) is None


def test_two_row_block_header_inside_the_data():
    from danvan_cli.reading.header import block_header

    form = SPEC.forms["chuyen_doi_so"]
    top = ["Mã đơn vị", "Số hồ sơ xử lý trên mạng", "Hồ sơ công việc", ""]
    bottom = ["", "", "Tổng số", ""]
    match, height = block_header(form, top, bottom)
    assert height == 2
    assert match.columns == {0: "ma_don_vi", 1: "so_ho_so_xu_ly_tren_mang", 2: "tong_so_ho_so_cong_viec"}
    # a column-number row under a header is no row of sub-labels
    match, height = block_header(form, ["Mã đơn vị", "Số hồ sơ xử lý trên mạng", "Tổng số hồ sơ công việc"],
                                 ["(1)", "(2)", "(3)"])
    assert height == 1 and match.columns[2] == "tong_so_ho_so_cong_viec"
