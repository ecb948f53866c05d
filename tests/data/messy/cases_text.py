"""Corpus cases 90-99: text as a person reads it (issue 9).

A whole CSV saved with a legacy font (headers included), units named without their codes,
yes/no answered in words and counts followed by their counting word.
Built by ``make_corpus.py`` (``python tests/data/messy/make_corpus.py cases_text``).
"""

from __future__ import annotations

from typing import Any

# how an office writes the names of the corpus's units when it leaves out the codes
SPOKEN = {"37": "Tỉnh Ninh Bình", "369": "TP Ninh Bình", "376": "H. Kim Sơn", "14320": "P. Đông Thành",
          "14347": "Xã Ninh Nhất", "14620": "TT Phát Diệm", "14629": "Hồi Ninh"}


def build(mc: Any) -> None:
    from danvan_cli.reading.legacy import from_unicode

    qcdc_cols = ["ma_don_vi", "ten_don_vi", "xep_loai"]
    c = mc.case("90-tcvn3-csv-whole-file", "Biểu 03 saved as CSV on an old machine typed with .VnTime: every byte "
                "TCVN3, the title, the header labels and the cells (not UTF-8; read as Windows-1258 the letter ị "
                "would become a combining mark) → recognised, converted, one legacy-encoding warning per column", 0,
                same_scores_as=mc.CLEAN_REF)
    grid = [["Biểu mẫu số 03 - năm 2023"]] + mc.label_grid("qcdc", qcdc_cols, mc.clean("qcdc"))
    text = "\n".join(",".join("" if v is None else str(v) for v in row) for row in grid) + "\n"
    (c.folder / "bieu03_qcdc.csv").write_bytes(from_unicode(text, "tcvn3").encode("latin-1"))
    mc.write_clean_csvs(c.folder, ("qcdc",))
    # title row 1, header row 2: the first data row is 3
    c.issues += [mc.issue("legacy-encoding", "bieu03_qcdc.csv", 3, "ten_don_vi"),
                 mc.issue("legacy-encoding", "bieu03_qcdc.csv", 3, "xep_loai")]

    c = mc.case("91-unit-names-without-codes", "Biểu 01 typed by an office that names its units without codes "
                "('TP Ninh Bình', 'H. Kim Sơn', 'TT Phát Diệm', LibreOffice .ods, no code column): each unit found "
                "by its one matching name (an info per sheet), same scores as clean", 0, same_scores_as=mc.CLEAN_REF)
    sheet = mc.Sheet("Biểu 01")
    columns = [col for col in mc.CAP_UY_COLS if col not in ("ma_don_vi", "nam")]

    def spoken(r: dict, col: str) -> Any:
        return SPOKEN[r["ma_don_vi"]] if col == "ten_don_vi" else mc.as_label("cap_uy", col, r.get(col))

    layout = mc.office_sheet(sheet, "cap_uy", columns, mc.clean("cap_uy"), titles=mc.title_rows("01"), value=spoken)
    mc.write_libreoffice(c.folder / "bieu01_cap_uy.ods", [sheet])
    mc.write_clean_csvs(c.folder, ("cap_uy",))
    first = min(layout.rows.values())
    c.issues.append(mc.issue("unit-by-name", "bieu01_cap_uy.ods", first, "ten_don_vi", sheet="Biểu 01"))

    c = mc.case("92-answers-in-words", "Biểu 01 (LibreOffice .xlsx) answered in words: yes/no as 'Có'/'Không có', "
                "counts as '12 người'; read as a person reads them, same scores as clean", 0,
                same_scores_as=mc.CLEAN_REF)
    sheet = mc.Sheet("Biểu 01")

    def worded(r: dict, col: str) -> Any:
        value = r.get(col)
        if col == "ten_don_vi":
            return mc.NAME[r["ma_don_vi"]]
        if col == "co_phan_cong_phu_trach_dan_van":
            return "Có" if value else "Không có"
        if col.startswith(("tong_so", "so_")) and value is not None:
            return f"{value} người"
        return value

    columns = [col for col in mc.CAP_UY_COLS if col != "nam"]
    mc.office_sheet(sheet, "cap_uy", columns, mc.clean("cap_uy"), titles=mc.title_rows("01"), value=worded)
    mc.write_libreoffice(c.folder / "bieu01_cap_uy.xlsx", [sheet])
    mc.write_clean_csvs(c.folder, ("cap_uy",))
