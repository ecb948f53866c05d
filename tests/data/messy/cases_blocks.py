"""Corpus cases 68-69: blocks pasted one under another, each under its own header row,
the later header with its columns in another order or another subset.

A person reads each block's figures under the header standing above them. Built by
``make_corpus.py`` (``python tests/data/messy/make_corpus.py cases_blocks``) through the
module it passes in (``mc``). Expectations are what a person reading the sheet sees:
row numbers as in the spreadsheet (title rows counted), clean rows scoring as 00-clean
or as worked out by hand.
"""

from __future__ import annotations

from typing import Any

CAP_COLS = ["ma_don_vi", "ten_don_vi", "tong_so_cap_uy_vien", "so_cap_uy_vien_guong_mau",
            "co_phan_cong_phu_trach_dan_van", "so_cap_uy_vien_du_hop_hang_thang"]
# the communes' block: "gương mẫu" before "tổng số"
SWAPPED = ["ma_don_vi", "ten_don_vi", "so_cap_uy_vien_guong_mau", "tong_so_cap_uy_vien",
           "co_phan_cong_phu_trach_dan_van", "so_cap_uy_vien_du_hop_hang_thang"]
DISTRICTS = ("37", "369", "376")
COMMUNES = ("14320", "14347", "14620", "14629")
# the targets computed on Biểu 01 (the others, on clean files, are the spec's business)
CAP_TARGETS = ("T1.1", "NV1", "NV2")


def _blocks(mc: Any, second: list[str]) -> tuple[Any, dict[int, str], int]:
    """Biểu 01: title rows, the province and districts under the form's header (with its
    column-number row), a blank row, the line 'Khối xã, phường, thị trấn', the communes'
    own header with the columns ``second`` (and its number row), the communes.
    Returns the sheet, the skipped rows (row → reason), and the second header's row."""
    s = mc.Sheet("Biểu 01")
    for text in mc.title_rows("01"):
        s.title(text, 7)
    s.add()
    rows = {r["ma_don_vi"]: r for r in mc.clean("cap_uy")}
    skipped: dict[int, str] = {}

    def block(columns: list[str], codes: tuple[str, ...]) -> int:
        header = s.add("STT", *[mc.label("cap_uy", c) for c in columns])
        skipped[s.add(*[f"({i})" for i in range(1, len(columns) + 2)])] = "đánh số cột"
        for i, code in enumerate(codes, 1):
            r = rows[code]
            s.add(i, code, mc.NAME[code], *[mc.as_label("cap_uy", c, r[c]) for c in columns[2:]])
        return header

    block(CAP_COLS, DISTRICTS)
    skipped[s.add()] = "dòng trống"
    skipped[s.title("Khối xã, phường, thị trấn", 7)] = "tiêu đề nhóm"
    second_header = block(second, COMMUNES)
    return s, skipped, second_header


def case_block_columns_swapped(mc: Any) -> None:
    s, skipped, header = _blocks(mc, SWAPPED)
    skipped[header] = "dòng tên cột của khối mới"
    name = "bieu01_cap_uy.xlsx"
    c = mc.case("68-block-columns-swapped", "Biểu 01 as .xlsx made by LibreOffice in two blocks pasted one under the "
                "other: the province and the districts under the form's header (D 'Tổng số cấp ủy viên', E 'Số cấp ủy "
                "viên gương mẫu'), then the line 'Khối xã, phường, thị trấn' and the communes under their own header "
                "with those two columns swapped (D 'Số cấp ủy viên gương mẫu', E 'Tổng số cấp ủy viên') → the "
                "communes' figures read under their own header (15 members, 15 exemplary for Phường Đông Thành is "
                "D=15, E=15; Xã Ninh Nhất D=12 exemplary, E=13 members), the second header row skipped as the header "
                "of a new block, its column-number row and the heading line skipped; no error, no warning; same "
                "scores as clean", 0, same_scores_as=mc.CLEAN_REF,
                issues=[mc.issue("row-skipped", name, row, sheet="Biểu 01", message_contains=[why])
                        for row, why in sorted(skipped.items())])
    mc.write_libreoffice(c.folder / name, [s])
    mc.write_clean_csvs(c.folder, ("cap_uy",))


def case_block_column_missing(mc: Any) -> None:
    second = [c for c in SWAPPED if c != "tong_so_cap_uy_vien"]
    s, skipped, header = _blocks(mc, second)
    name = "bieu01_cap_uy.ods"
    # the person's reading: the communes' block has no 'Tổng số cấp ủy viên' column at all,
    # so its four rows cannot be scored; the province and districts are read as clean
    tables = mc.without("cap_uy", *COMMUNES)
    issues = [mc.issue("column-missing", name, header, "tong_so_cap_uy_vien", sheet="Biểu 01",
                       message_contains=["Tổng số cấp ủy viên"])]
    issues += [mc.issue("row-skipped", name, row, sheet="Biểu 01", message_contains=[why])
               for row, why in sorted(skipped.items())]
    c = mc.case("69-block-column-missing", "Biểu 01 as .ods made by LibreOffice in two blocks like "
                "68-block-columns-swapped, but the communes' own header has no 'Tổng số cấp ủy viên' column (D 'Số "
                "cấp ủy viên gương mẫu', E 'Có phân công …', F 'Số cấp ủy viên dự họp …') → a column-missing error "
                "naming the communes' header row, the four commune rows rejected (never read with the first "
                "header's positions); the province and districts scored: T1.1 = (54+41+42)/(55+41+43), NV1 = 3/3, "
                "NV2 = (40+43)/(41+43), worked out by hand (the targets on Biểu 01)", 1,
                issues=issues, scores={t: v for t, v in mc.hand_scores(tables).items() if t in CAP_TARGETS})
    mc.write_libreoffice(c.folder / name, [s])
    mc.write_clean_csvs(c.folder, ("cap_uy",))


def build(mc: Any) -> None:
    case_block_columns_swapped(mc)
    case_block_column_missing(mc)
