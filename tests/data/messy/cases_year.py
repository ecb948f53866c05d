"""Corpus cases 70-79: files of another year dropped into the year folder (issue 9).

A sheet whose title rows, sheet name or (when the sheet names no year) file name name a
year other than the folder's is set aside with one `year-mismatch` error; its rows are
not scored, so every case scores exactly as the clean reference. Dates ("ngày 15 tháng
01 năm 2024") and ranges ("2021-2025") are not year declarations.
Built by ``make_corpus.py`` (``python tests/data/messy/make_corpus.py cases_year``).
"""

from __future__ import annotations

from typing import Any


def _last_year(rows: list[dict[str, Any]], column: str, change: int) -> list[dict[str, Any]]:
    """Last year's figures: the same units with different numbers (so adding them would show)."""
    return [{**r, column: max(0, r[column] - change)} if r.get(column) is not None else r for r in rows]


def build(mc: Any) -> None:
    no_year = [c for c in mc.CAP_UY_COLS if c != "nam"]

    c = mc.case("70-last-year-workbook", "Last year's workbook (LibreOffice .xlsx, title 'Năm 2022') dropped into the "
                "2023 folder beside this year's files: year-mismatch on the title cell, its rows not scored (no "
                "duplicate errors, no change of T1.1)", 1, same_scores_as=mc.CLEAN_REF)
    sheet = mc.Sheet("Biểu 01")
    titles = ["BIỂU MẪU SỐ 01: CẤP ỦY", "Đơn vị: Tỉnh Ninh Bình", "Năm 2022"]
    mc.office_sheet(sheet, "cap_uy", no_year, _last_year(mc.clean("cap_uy"), "so_cap_uy_vien_guong_mau", 3),
                    titles=titles)
    mc.write_libreoffice(c.folder / "bao_cao_cap_uy.xlsx", [sheet])
    mc.write_clean_csvs(c.folder)
    c.issues.append(mc.issue("year-mismatch", "bao_cao_cap_uy.xlsx", 3, None, sheet="Biểu 01", cell="A3",
                             message_contains=["năm 2022", "2023"]))

    c = mc.case("71-file-name-year", "A CSV named thon_2022.csv (no title, no year column) beside this year's files: "
                "year-mismatch for the file, its rows not scored", 1, same_scores_as=mc.CLEAN_REF)
    columns = [col for col in mc.CANON_COLUMNS["thon"] if col != "nam"]
    mc.write_csv(c.folder / "thon_2022.csv", mc.canon_grid("thon", _last_year(mc.clean("thon"), "so_mo_hinh_tu_quan_hieu_qua", 2),
                                                           columns=columns))
    mc.write_clean_csvs(c.folder)
    c.issues.append(mc.issue("year-mismatch", "thon_2022.csv", None, None, message_contains=["Tên tệp", "2022"]))

    c = mc.case("72-sheet-per-year", "One workbook (LibreOffice .xlsx) with a sheet per year, '2022' and '2023', "
                "of Biểu 03: the 2023 sheet is scored, the 2022 sheet is set aside with year-mismatch", 1,
                same_scores_as=mc.CLEAN_REF)
    old, new = mc.Sheet("2022"), mc.Sheet("2023")
    qcdc_cols = ["ma_don_vi", "ten_don_vi", "xep_loai"]
    worse = [{**r, "xep_loai": "hoan_thanh"} for r in mc.clean("qcdc")]
    mc.office_sheet(old, "qcdc", qcdc_cols, worse)
    mc.office_sheet(new, "qcdc", qcdc_cols, mc.clean("qcdc"))
    mc.write_libreoffice(c.folder / "qcdc_theo_nam.xlsx", [old, new])
    mc.write_clean_csvs(c.folder, ("qcdc",))
    c.issues.append(mc.issue("year-mismatch", "qcdc_theo_nam.xlsx", None, None, sheet="2022",
                             message_contains=["Tên trang"]))

    c = mc.case("73-dates-are-not-years", "A file named by the day it was sent (bao_cao_15.01.2024.xlsx) whose title "
                "has the signing date 'ngày 15 tháng 01 năm 2024' and the programme period '2021-2025': no year is "
                "declared, nothing is set aside", 0, same_scores_as=mc.CLEAN_REF)
    sheet = mc.Sheet("Biểu 01")
    titles = ["ĐỀ ÁN DÂN VẬN GIAI ĐOẠN 2021-2025 — BIỂU MẪU SỐ 01: CẤP ỦY", "Ninh Bình, ngày 15 tháng 01 năm 2024"]
    mc.office_sheet(sheet, "cap_uy", no_year, mc.clean("cap_uy"), titles=titles)
    mc.write_libreoffice(c.folder / "bao_cao_15.01.2024.xlsx", [sheet])
    mc.write_clean_csvs(c.folder, ("cap_uy",))

    c = mc.case("74-title-names-this-year", "A title naming this year and the one before ('Năm 2023 (so sánh với "
                "năm 2022)') in a file named ..._2022_sua.xlsx: the sheet's own title wins, nothing is set aside", 0,
                same_scores_as=mc.CLEAN_REF)
    sheet = mc.Sheet("Biểu 01")
    titles = ["BIỂU MẪU SỐ 01: CẤP ỦY", "Năm 2023 (so sánh với năm 2022)"]
    mc.office_sheet(sheet, "cap_uy", no_year, mc.clean("cap_uy"), titles=titles)
    mc.write_libreoffice(c.folder / "cap_uy_mau_2022_sua.xlsx", [sheet])
    mc.write_clean_csvs(c.folder, ("cap_uy",))
