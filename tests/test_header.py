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
