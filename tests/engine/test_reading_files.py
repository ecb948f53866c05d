"""Which files are read, skipped or ignored, and how: UTF-16 text, Excel's sep= hint,
junk, password-protected workbooks, prefixed OOXML, scan failures, hidden sheets and rows,
.xls files that are web pages."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from danvan_cli.reading import cellinfo
from danvan_cli.reading.files import PASSWORD_PROTECTED, discover, read_file, skipped_files

MESSY = Path(__file__).resolve().parents[1] / "data" / "messy"
ROWS = [["ma_don_vi", "ten_don_vi", "xep_loai"], ["14320", "Phường Đông Thành", "Hoàn thành tốt nhiệm vụ"],
        ["14629", "Xã Hồi Ninh", "Hoàn thành nhiệm vụ"]]
TAB_TEXT = "".join("\t".join(r) + "\r\n" for r in ROWS)


# --- UTF-16 and the sep= hint ------------------------------------------------------------


@pytest.mark.parametrize(("data", "encoding"), [
    (b"\xff\xfe" + TAB_TEXT.encode("utf-16-le"), "utf-16-le"),
    (b"\xfe\xff" + TAB_TEXT.encode("utf-16-be"), "utf-16-be"),
    (TAB_TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM: recognised by its zero bytes
    (TAB_TEXT.encode("utf-16-be"), "utf-16-be"),
])
def test_utf16_text_is_read_like_csv(tmp_path: Path, data: bytes, encoding: str):
    path = tmp_path / "bieu03.csv"
    path.write_bytes(data)
    source = read_file(path, path.name)
    assert source.error is None
    sheet = source.sheets[0]
    assert sheet.encoding == encoding and sheet.delimiter == "\t"
    assert sheet.rows == ROWS
    columns, rows = sheet.body(1)
    assert list(columns[1]) == ["Phường Đông Thành", "Xã Hồi Ninh"] and list(rows) == [2, 3]


def test_binary_junk_is_not_taken_for_utf16(tmp_path: Path):
    path = tmp_path / "junk.csv"
    path.write_bytes(b"\x00\xff\xfe\x00" * 50)
    assert read_file(path, path.name).error


@pytest.mark.parametrize("hint", ["sep=;", '"sep=;"', "SEP=;", "sep=;;;"])
def test_sep_hint_sets_separator_and_is_not_a_row(tmp_path: Path, hint: str):
    path = tmp_path / "a.csv"
    body = "".join(";".join(r) + "\r\n" for r in ROWS).replace("Hoàn thành tốt nhiệm vụ", "Hoàn thành tốt, xuất sắc")
    path.write_bytes((hint + "\r\n" + body).encode("utf-8"))
    sheet = read_file(path, path.name).sheets[0]
    assert sheet.delimiter == ";"
    assert sheet.rows[0] == ROWS[0]  # Excel hides the hint: the header is row 1
    assert sheet.rows[1][2] == "Hoàn thành tốt, xuất sắc"
    assert sheet.count_filled_rows() == 3


def test_sep_hint_after_bom(tmp_path: Path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"\xef\xbb\xbfsep=,\n" + "".join(",".join(r) + "\n" for r in ROWS).encode())
    sheet = read_file(path, path.name).sheets[0]
    assert sheet.delimiter == "," and sheet.rows == ROWS


# --- discover, junk, skipped files --------------------------------------------------------


def _touch(folder: Path, name: str, data: bytes = b"x") -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_junk_is_ignored_silently_and_other_files_listed(tmp_path: Path):
    for name in ("a.csv", "b.tsv", "sub/c.xlsx", "~$c.xlsx", ".~lock.c.xlsx#", "._a.csv", "sub/._c.xlsx",
                 "__MACOSX/sub/._c.xlsx", "__MACOSX/a.csv", ".DS_Store", "sub/Thumbs.db", "desktop.ini",
                 ".git/config", ".git/x.csv", ".gitignore", "units.csv", "sub/crosswalk.csv",
                 "bao_cao.pdf", "to_trinh.docx", "ghi_chu.txt", "anh.JPG", "cu.zip", "README", "bieu.xlsb"):
        _touch(tmp_path, name)
    _touch(tmp_path, "unicode.txt", b"\xff\xfe" + TAB_TEXT.encode("utf-16-le"))
    _touch(tmp_path, "ansi_tab.txt", TAB_TEXT.encode("utf-8"))
    assert [name for _, name in discover([tmp_path])] == ["a.csv", "ansi_tab.txt", "b.tsv", "sub/c.xlsx",
                                                          "unicode.txt"]
    skipped = {name: (reason, reason.in_lang("en")) for name, reason in skipped_files([tmp_path])}
    assert sorted(skipped) == ["README", "anh.JPG", "bao_cao.pdf", "bieu.xlsb", "cu.zip", "ghi_chu.txt",
                               "to_trinh.docx"]
    assert skipped["bao_cao.pdf"] == ("định dạng .pdf không phải bảng số liệu (chỉ đọc .xlsx, .xls, .ods, .csv)",
                                      "a .pdf file is not a data table (only .xlsx, .xls, .ods, .csv are read)")
    assert "giải nén" in skipped["cu.zip"][0] and ".xlsx" in skipped["bieu.xlsb"][0]
    assert ".jpg" in skipped["anh.JPG"][0]


def test_a_file_named_directly_is_read_and_explained(tmp_path: Path):
    _touch(tmp_path, "bao_cao.pdf", b"%PDF-1.4\n")
    path = tmp_path / "bao_cao.pdf"
    assert discover([path]) == [(path, "bao_cao.pdf")] and skipped_files([path]) == []
    assert read_file(path, "bao_cao.pdf").error == "định dạng .pdf không phải bảng số liệu (chỉ đọc .xlsx, .xls, .ods, .csv)"


def test_notes_txt_is_not_a_table(tmp_path: Path):
    _touch(tmp_path, "ghi_chu.txt", "Ghi chú:\tsố liệu đã thông qua.\r\nNgười lập: A\r\nĐã ký\r\n".encode())
    assert discover([tmp_path]) == []
    assert [n for n, _ in skipped_files([tmp_path])] == ["ghi_chu.txt"]


# --- password-protected workbooks, .xls that are not workbooks ----------------------------


@pytest.mark.parametrize("name", ["bieu01_cap_uy.xlsx", "bieu03_qcdc.xls", "bieu09_thon.ods"])
def test_password_protected(name: str):
    path = MESSY / "43-password-protected" / "2023" / name
    assert read_file(path, name).error == PASSWORD_PROTECTED


def test_encrypted_xlsx_named_xls_is_still_password_protected(tmp_path: Path):
    data = (MESSY / "43-password-protected" / "2023" / "bieu01_cap_uy.xlsx").read_bytes()
    (tmp_path / "a.xls").write_bytes(data)
    assert read_file(tmp_path / "a.xls", "a.xls").error == PASSWORD_PROTECTED


@pytest.mark.parametrize(("name", "words"), [("bieu03_qcdc.xlsx", "trang HTML"), ("bieu09_thon.xlsx", "XML 2003")])
def test_xlsx_that_is_html_or_xml_is_explained(name: str, words: str):
    error = read_file(MESSY / "84-web-files-not-read" / "2023" / name, name).error
    assert words in error and "lưu lại dạng .xlsx" in error and "Excel không mở" in error


# --- prefixed OOXML, cells without positions, scan failures -------------------------------


def _workbook(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Biểu 05"
    ws.append(["Mã đơn vị", "Tỷ lệ giảm thời gian họp"])
    ws.append(["37", 0.355])
    ws["B2"].number_format = "0.0%"
    ws.append(["369", "=1+1"])  # a formula without a cached value
    ws.append(["376", 0.3])
    ws["B4"].number_format = '0.0"%"'  # a literal %: shown as 0.3%, the value is 0.3
    ws.row_dimensions[4].hidden = True
    path = tmp_path / "a.xlsx"
    wb.save(path)
    return path


def _rewrite(path: Path, change) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, change(info.filename, src.read(info.filename)))
    path.write_bytes(out.getvalue())


def _prefixed(part: str, data: bytes) -> bytes:
    main = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    if not part.startswith("xl/") or main not in data:
        return data
    data = data.replace(main, main.replace(b"xmlns=", b"xmlns:x="))
    return re.sub(rb"<(/?)([A-Za-z][\w.-]*)(?=[\s/>])", rb"<\1x:\2", data)


def _expected(source) -> None:
    assert source.error is None and source.scan_error is None
    sheet = source.sheets[0]
    assert sheet.percent == {(1, 1)}
    assert sheet.formulas == {(2, 1): ""}
    assert sheet.hidden_rows == {3}


def test_plain_xlsx_scan(tmp_path: Path):
    _expected(read_file(_workbook(tmp_path), "a.xlsx"))


def test_prefixed_elements_read_like_unprefixed(tmp_path: Path):
    path = _workbook(tmp_path)
    _rewrite(path, _prefixed)
    assert b"<x:c " in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    _expected(read_file(path, "a.xlsx"))


def test_cells_without_position_are_placed(tmp_path: Path):
    path = _workbook(tmp_path)
    _rewrite(path, lambda part, data: re.sub(rb' r="[A-Z]+\d+"', b"", data) if "worksheets" in part else data)
    _expected(read_file(path, "a.xlsx"))


def test_prefixed_percent_cell_in_corpus_is_read_as_shown():
    source = read_file(MESSY / "44-xlsx-prefixed-xml" / "2023" / "bao_cao_tu_phan_mem.xlsx", "x.xlsx")
    sheet = next(s for s in source.sheets if s.sheet == "Biểu 05")
    assert source.scan_error is None and sheet.percent
    (row, col), *_ = sorted(sheet.percent)
    assert sheet.rows[row][col] == pytest.approx(0.355)


def test_scan_failure_is_recorded_not_swallowed(tmp_path: Path):
    path = _workbook(tmp_path)
    _rewrite(path, lambda part, data: data.replace(b"</styleSheet>", b"<mc:Bad/></styleSheet>")
             if part == "xl/styles.xml" else data)
    source = read_file(path, "a.xlsx")
    assert source.error is None and "unbound prefix" in source.scan_error
    assert source.sheets[0].rows[1] == ["37", 0.355]  # the cells are still read


def test_sheet_the_scan_cannot_find_is_a_scan_error(tmp_path: Path):
    path = _workbook(tmp_path)
    _rewrite(path, lambda part, data: data.replace(b"worksheet", b"nosuchkind")
             if part == "xl/_rels/workbook.xml.rels" else data)
    source = read_file(path, "a.xlsx")
    if source.error is None:  # calamine finds sheets without the relationship type
        assert source.scan_error


def test_sheet_size_with_prefixes():
    xml = (b'<x:worksheet xmlns:x="m"><x:sheetData><x:row r="1"><x:c r="A1"/></x:row>'
           b'<x:row r="70000" hidden="1"><x:c r="AB70000"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>')
    assert cellinfo.sheet_size(xml) == (70000, 28)
    assert cellinfo._hidden_rows(xml) == ([(69999, 70000)], True)


# --- hidden sheets and rows ----------------------------------------------------------------


def test_hidden_sheets(tmp_path: Path):
    wb = openpyxl.Workbook()
    wb.active.append(["a"])
    for title, state in (("An", "hidden"), ("Rất ẩn", "veryHidden")):
        ws = wb.create_sheet(title)
        ws.append(["x"])
        ws.sheet_state = state
    wb.save(tmp_path / "h.xlsx")
    sheets = read_file(tmp_path / "h.xlsx", "h.xlsx").sheets
    assert [(s.sheet, s.hidden) for s in sheets] == [("Sheet", False), ("An", True), ("Rất ẩn", True)]


def test_hidden_row_in_ods_made_by_libreoffice():
    source = read_file(MESSY / "46-hidden-sheet-rows" / "2023" / "bieu09_thon.ods", "x.ods")
    assert source.sheets[0].hidden_rows == {9}  # spreadsheet row 10


# --- .xls: percentage cells (BIFF), web pages and Excel 2003 XML --------------------------


def test_xls_percent_cells_made_by_libreoffice():
    source = read_file(MESSY / "80-xls-percent-cells" / "2023" / "bieu05.xls", "bieu05.xls")
    assert source.error is None and source.scan_error is None
    sheet = source.sheets[0]
    # column L, spreadsheet rows 6-11 except the unit that left it blank (row 9)
    assert sheet.percent == {(r, 11) for r in (5, 6, 7, 9, 10)}
    assert sheet.rows[5][11] == pytest.approx(0.355) and sheet.rows[4][11].startswith("Tỷ lệ")


def test_xls_without_percent_formats_has_no_percent_cells():
    source = read_file(MESSY / "04-xls-libreoffice-total" / "2023" / "bieu09_thon.xls", "x.xls")
    assert source.scan_error is None and not source.sheets[0].percent


def test_xls_scan_failure_is_recorded(monkeypatch: pytest.MonkeyPatch):
    import xlrd

    def broken(*args, **kwargs):
        raise xlrd.XLRDError("Unsupported format, or corrupt file")
    monkeypatch.setattr(xlrd, "open_workbook", broken)
    source = read_file(MESSY / "80-xls-percent-cells" / "2023" / "bieu05.xls", "bieu05.xls")
    assert source.error is None and "corrupt" in source.scan_error
    assert source.sheets[0].rows[5][11] == pytest.approx(0.355)  # the cells are still read


def test_xls_html_from_government_software():
    source = read_file(MESSY / "82-xls-html-government" / "2023" / "bieu06_mat_tran.xls", "bieu06_mat_tran.xls")
    assert source.error is None
    (sheet,) = source.sheets
    assert sheet.sheet == "bieu06_mat_tran"  # Excel names the sheet after the file
    rows = sheet.rows
    assert rows[0][0] == "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH NINH BÌNH"  # the paragraph above the table: row 1
    assert rows[1][0].startswith("BIỂU MẪU SỐ 06") and rows[1][1:] == [""] * 6  # colspan: the first cell has the text
    assert rows[4][:5] == ["STT", "Mã đơn vị", "Tên đơn vị", "Tổ chức", "Số cuộc"]  # <br> → space
    assert rows[5][4:6] == ["giám sát", "phản biện xã hội"]  # placed after the rowspan=2 cells
    assert rows[6][:4] == ["1", "37", "Tỉnh Ninh Bình", "Ủy ban MTTQ"] and rows[6][6] == ""  # &nbsp; is empty
    assert rows[7][:4] == ["2", "37", "Tỉnh Ninh Bình", "Liên đoàn Lao động"]  # the code merged down fills its rows
    assert rows[-2][0] == "Ninh Bình, ngày 10 tháng 01 năm 2024" and rows[-1][0] == "NGƯỜI LẬP BIỂU"


def _html(tmp_path: Path, body: str, head: str = '<meta charset="utf-8">', encoding: str = "utf-8") -> list:
    path = tmp_path / "bao_cao.xls"
    path.write_bytes(f"<html><head>{head}</head><body>{body}</body></html>".encode(encoding))
    source = read_file(path, path.name)
    assert source.error is None, source.error
    return source.sheets


def test_html_spans_nesting_hidden_rows_and_entities(tmp_path: Path):
    (sheet,) = _html(tmp_path, "<table><tr><td rowspan=3>A&amp;B</td><td colspan=2>x<br>y</td></tr>"
                               "<tr style='display: none'><td>1</td><td>2<table><tr><td>in</td></tr></table></td></tr>"
                               "<tr><td>3</td><td>4</td></tr><tr><td>5</td></table><p>Ghi&nbsp;chú</p>")
    assert sheet.rows == [["A&B", "x y", ""], ["A&B", "1", "2 in"], ["A&B", "3", "4"], ["5", "", ""],
                          ["Ghi chú", "", ""]]
    assert sheet.hidden_rows == {1} and not sheet.percent


def test_html_charset_and_excel_sheet_name(tmp_path: Path):
    head = ('<meta http-equiv=Content-Type content="text/html; charset=windows-1258">'
            "<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets><x:ExcelWorksheet>"
            "<x:Name>Biểu 03</x:Name></x:ExcelWorksheet></x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]-->")
    (sheet,) = _html(tmp_path, "<table><tr><td>Đông Thành</td><td x:num=\"0.355\">35,5%</td></tr></table>",
                     head=head.replace("Biểu", "Bieu"), encoding="cp1258")
    assert sheet.sheet == "Bieu 03" and sheet.rows == [["Đông Thành", "35,5%"]]


def test_html_absurd_spans_are_bounded(tmp_path: Path):
    (sheet,) = _html(tmp_path, '<table><tr><td colspan="99999999" rowspan="99999999">T</td></tr>'
                               "<tr><td>a</td></tr></table>")
    # spans capped as browsers do (colspan 1000): 'a' lands after the merged area, the grid stays small
    assert len(sheet.rows) == 2 and sheet.rows[0][0] == "T" and sheet.rows[1][1000] == "a"
    assert len(sheet.rows[0]) == 1001


SS_HEAD = ('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">')


def _spreadsheet_ml(tmp_path: Path, body: str) -> object:
    path = tmp_path / "xuat.xls"
    path.write_text(SS_HEAD + body + "</Workbook>", encoding="utf-8")
    return read_file(path, path.name)


def test_spreadsheet_ml_types_styles_merges(tmp_path: Path):
    source = _spreadsheet_ml(tmp_path, (
        '<Styles><Style ss:ID="p"><NumberFormat ss:Format="0.0%"/></Style><Style ss:ID="q" ss:Parent="p"/>'
        '<Style ss:ID="lit"><NumberFormat ss:Format="0.0&quot;%&quot;"/></Style></Styles>'
        '<Worksheet ss:Name="Biểu 05"><Table><Column ss:Index="4" ss:StyleID="p"/>'
        '<Row><Cell ss:MergeDown="1"><Data ss:Type="String">Mã</Data></Cell>'
        '<Cell ss:StyleID="q"><Data ss:Type="Number">0.355</Data></Cell>'
        '<Cell ss:StyleID="lit"><Data ss:Type="Number">0.3</Data></Cell>'
        '<Cell><Data ss:Type="Number">0.25</Data></Cell></Row>'
        '<Row ss:Hidden="1"><Cell><Data ss:Type="Boolean">1</Data></Cell>'
        '<Cell ss:Formula="=1/0"><Data ss:Type="Error">#DIV/0!</Data></Cell>'
        '<Cell ss:Formula="=A1"/></Row>'
        '<Row ss:Index="4"><Cell ss:Index="3"><Data ss:Type="DateTime">2023-12-31T00:00:00.000</Data></Cell>'
        '<Cell><Data ss:Type="Number">12</Data></Cell></Row></Table></Worksheet>'
        '<ss:Worksheet ss:Name="An"><Table><Row><Cell><Data ss:Type="String">x</Data></Cell></Row></Table>'
        '<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetVeryHidden</Visible>'
        "</WorksheetOptions></ss:Worksheet>"))
    assert source.error is None
    sheet, hidden = source.sheets
    from datetime import datetime

    assert sheet.rows == [["Mã", 0.355, 0.3, 0.25], ["Mã", True, "", ""], ["", "", "", ""],
                          ["", "", datetime(2023, 12, 31), 12]]
    # style p inherited by q and by column D; a quoted "%" is no percentage
    assert sheet.percent == {(0, 1), (0, 3), (3, 3)}
    assert sheet.formulas == {(1, 2): "#DIV/0!", (1, 3): ""}
    assert sheet.hidden_rows == {1} and not sheet.hidden
    assert hidden.sheet == "An" and hidden.hidden


@pytest.mark.parametrize(("body", "words"), [
    ("<Worksheet><Table><Row><Cell>", "hỏng"),
    ('<Worksheet ss:Name="a"><Table><Row ss:Index="2000000"><Cell><Data ss:Type="String">x</Data></Cell></Row>'
     "</Table></Worksheet>", "bất thường"),
    ("<Worksheet><Row><Cell><Data ss:Type=\"Number\">1</Data></Cell></Row></Worksheet>", None),
])
def test_spreadsheet_ml_broken_or_absurd(tmp_path: Path, body: str, words: str | None):
    source = _spreadsheet_ml(tmp_path, body)
    if words is None:
        assert source.error is None  # rows outside a Table: read, no traceback
    else:
        assert words in source.error


def test_spreadsheet_ml_entities_are_refused_before_parsing(tmp_path: Path):
    laughs = (MESSY / "84-web-files-not-read" / "2023" / "bieu05_hong.xls").read_bytes()
    path = tmp_path / "a.xls"
    for data in (laughs, b"\xff\xfe" + laughs.decode().encode("utf-16-le")):
        path.write_bytes(data)
        assert "DTD" in read_file(path, "a.xls").error


def test_spreadsheet_ml_by_libreoffice_with_percent_style():
    name = "bieu05_chuyen_doi_so.xls"
    source = read_file(MESSY / "83-xls-spreadsheetml" / "2023" / name, name)
    (sheet,) = source.sheets
    assert sheet.rows[6][11] == pytest.approx(0.355) and (6, 11) in sheet.percent
    assert sheet.rows[5][3].startswith("Tổng số hồ sơ")  # placed after the cells merged down from row 5
