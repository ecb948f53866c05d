"""Corpus cases 60-69: rows and columns inside a table that are not what they look like.

Subtotal rows and group headings inside the data, sub-columns under a group header,
the header repeated inside the data, percentages typed as fractions. Built by
``make_corpus.py`` (``python tests/data/messy/make_corpus.py cases_rows``) through the
module it passes in (``mc``). Expectations are what a person reading the sheet sees:
row numbers as in the spreadsheet (title rows counted), clean rows scoring as 00-clean
or as worked out by hand.
"""

from __future__ import annotations

from typing import Any

CAP_COLS = ["ma_don_vi", "ten_don_vi", "tong_so_cap_uy_vien", "so_cap_uy_vien_guong_mau",
            "co_phan_cong_phu_trach_dan_van", "so_cap_uy_vien_du_hop_hang_thang"]
CAP_SUMS = ["tong_so_cap_uy_vien", "so_cap_uy_vien_guong_mau", "so_cap_uy_vien_du_hop_hang_thang"]


def _cap_sheet(mc: Any, name: str, *, double_count: bool = False) -> tuple[Any, dict[str, int], list[int], int]:
    """Biểu 01 grouped as offices lay it out: the province, then 'I. Khối huyện' (its
    figures beside it) over the districts, 'II. Khối xã …' over the communes with a
    'Cộng <huyện>' row after each district's communes, 'Cộng các xã …' and 'Trong đó:
    phường, thị trấn', and a 'Tổng cộng' of the detail rows (or, ``double_count``, of the
    whole column, subtotals included, the office's mistake). Every sum is a LibreOffice
    formula. Returns the sheet, unit → row, the skipped rows, the total row."""
    s = mc.Sheet(name)
    for text in mc.title_rows("01"):
        s.title(text, 7)
    s.add()
    s.add("STT", *[mc.label("cap_uy", c) for c in CAP_COLS])
    cols = {c: i + 2 for i, c in enumerate(CAP_COLS)}
    rows = {r["ma_don_vi"]: r for r in mc.clean("cap_uy")}
    placed: dict[str, int] = {}
    skipped: list[int] = []
    n = [0]

    def unit(code: str) -> None:
        r = rows[code]
        n[0] += 1
        placed[code] = s.add(n[0], code, mc.NAME[code], *[mc.as_label("cap_uy", c, r[c]) for c in CAP_COLS[2:]])

    def sums(label: str, stt: Any, over: list[int]) -> int:
        cells: list[Any] = [stt, None, label]
        for c in CAP_COLS[2:]:
            if c in CAP_SUMS:
                letter = mc.get_column_letter(cols[c])
                cells.append(mc.LF("of:=SUM(" + ";".join(f"[.{letter}{r}]" for r in over) + ")"))
            else:
                cells.append(None)
        row = s.add(*cells)
        skipped.append(row)
        return row

    unit("37")
    heading = len(s.rows) + 1
    sums("Khối huyện, thành phố", "I", [heading + 1, heading + 2])
    unit("369")
    unit("376")
    skipped.append(s.add("II", None, "Khối xã, phường, thị trấn"))
    unit("14320")
    unit("14347")
    sums("Cộng thành phố Ninh Bình", None, [placed["14320"], placed["14347"]])
    unit("14620")
    unit("14629")
    sums("Cộng huyện Kim Sơn", None, [placed["14620"], placed["14629"]])
    sums("Cộng các xã, phường, thị trấn", None, [placed[c] for c in ("14320", "14347", "14620", "14629")])
    sums("Trong đó: phường, thị trấn", None, [placed["14320"], placed["14620"]])
    first = placed["37"]
    over = list(range(first, len(s.rows) + 1)) if double_count else sorted(placed.values())
    total = sums("Tổng cộng", None, over)
    s.rows[total - 1][0], s.rows[total - 1][2] = "Tổng cộng", None
    s.merge(total, 1, total, 3)
    return s, placed, skipped, total


def case_subtotal_rows(mc: Any) -> None:
    s, _, skipped, total = _cap_sheet(mc, "Biểu 01")
    name = "bieu01_cap_uy.xlsx"
    c = mc.case("60-subtotal-rows", "Biểu 01 as .xlsx made by LibreOffice, grouped as offices do: 'I' + 'Khối huyện, "
                "thành phố' (with SUM figures beside it), 'II' + 'Khối xã, phường, thị trấn' (no figures), 'Cộng thành "
                "phố Ninh Bình' and 'Cộng huyện Kim Sơn' after each district's communes, 'Cộng các xã, phường, thị trấn', "
                "'Trong đó: phường, thị trấn', and a 'Tổng cộng' (merged A:C) summing the detail rows → headings and "
                "subtotals skipped (info, with their reason), never counted; the total agrees with the detail rows "
                "(subtotals not added in); same scores as clean", 0, same_scores_as=mc.CLEAN_REF)
    reasons = {0: "tiêu đề nhóm", 1: "tiêu đề nhóm"}
    for i, row in enumerate(skipped):
        text = reasons.get(i, "dòng tổng cộng" if row == total else "tổng phụ")
        c.issues.append(mc.issue("row-skipped", name, row, sheet="Biểu 01", message_contains=[text]))
    mc.write_libreoffice(c.folder / name, [s])
    mc.write_clean_csvs(c.folder, ("cap_uy",))


def case_subtotal_double_counted(mc: Any) -> None:
    s, placed, skipped, total = _cap_sheet(mc, "Biểu 01", double_count=True)
    name = "bieu01_cap_uy.ods"
    rows = mc.clean("cap_uy")
    # the person's check: the detail rows add up to 193 members, 190 exemplary, 136 at meetings;
    # the file's 'Tổng cộng' summed the column with its subtotals and headings in
    detail = {c: sum(r[c] or 0 for r in rows) for c in CAP_SUMS}
    assert detail == {"tong_so_cap_uy_vien": 193, "so_cap_uy_vien_guong_mau": 190,
                      "so_cap_uy_vien_du_hop_hang_thang": 136}, detail
    c = mc.case("61-subtotal-double-counted", "Biểu 01 as .ods made by LibreOffice, grouped like 60-subtotal-rows, "
                "but its 'Tổng cộng' is =SUM() of the whole column, subtotal and heading rows included (the office's "
                "mistake: each commune counted again in every subtotal over it) → total-mismatch warnings naming the total row, whose "
                "detail rows add up to 193 / 190 / 136; the subtotals are skipped, not counted; same scores as clean",
                0, same_scores_as=mc.CLEAN_REF)
    for row in skipped:
        c.issues.append(mc.issue("row-skipped", name, row, sheet="Biểu 01"))
    for col in CAP_SUMS:
        c.issues.append(mc.issue("total-mismatch", name, total, col, sheet="Biểu 01",
                                 message_contains=[f"được {detail[col]}"]))
    mc.write_libreoffice(c.folder / name, [s])
    mc.write_clean_csvs(c.folder, ("cap_uy",))


def case_block_totals(mc: Any) -> None:
    """Biểu 05 in blocks per district, each closed by a bare 'Cộng', then 'TỔNG CỘNG'."""
    s = mc.Sheet("Biểu 05")
    cols_order = ["ma_don_vi", "ten_don_vi", *mc.CDS_COLS[1:]]
    for text in mc.title_rows("05"):
        s.title(text, len(cols_order) + 1)
    s.add()
    s.add("STT", *[mc.label("chuyen_doi_so", c) for c in cols_order])
    cols = {c: i + 2 for i, c in enumerate(cols_order)}
    rows = {r["ma_don_vi"]: r for r in mc.clean("chuyen_doi_so")}
    sums_cols = mc.CDS_COLS[1:9]
    placed: dict[str, int] = {}
    skipped: list[int] = []

    def sum_row(label: str, over: list[int]) -> int:
        cells: list[Any] = [label, None, None]
        for c in cols_order[2:]:
            letter = mc.get_column_letter(cols[c])
            cells.append(mc.LF("of:=SUM(" + ";".join(f"[.{letter}{r}]" for r in over) + ")") if c in sums_cols else None)
        row = s.add(*cells)
        s.merge(row, 1, row, 3)
        skipped.append(row)
        return row

    for i, code in enumerate(["37", "369", "14320", "14347", "376", "14620", "14629"], 1):
        r = rows[code]
        placed[code] = s.add(i, code, mc.NAME[code], *[r[c] for c in cols_order[2:]])
        if code in ("14347", "14629"):
            first = placed["369" if code == "14347" else "376"]
            sum_row("Cộng", list(range(first, placed[code] + 1)))
    total = sum_row("TỔNG CỘNG", sorted(placed.values()))
    name = "bieu05_chuyen_doi_so.ods"
    c = mc.case("62-block-totals", "Biểu 05 as .ods made by LibreOffice, in blocks per district each closed by a bare "
                "'Cộng' row (its =SUM()), then one 'TỔNG CỘNG' over the detail rows: the single 'Tổng cộng' is the "
                "sheet's total, the 'Cộng' rows are subtotals → all skipped, none counted, no total-mismatch; same "
                "scores as clean", 0, same_scores_as=mc.CLEAN_REF,
                issues=[mc.issue("row-skipped", name, r, sheet="Biểu 05",
                                 message_contains=["dòng tổng cộng" if r == total else "tổng phụ"]) for r in skipped])
    mc.write_libreoffice(c.folder / name, [s])
    mc.write_clean_csvs(c.folder, ("chuyen_doi_so",))


def case_total_first_headings_with_figures(mc: Any) -> None:
    """Biểu 09 with the total right under the header and roman-numbered district headings."""
    s = mc.Sheet("Biểu 09")
    for text in mc.title_rows("09"):
        s.title(text, 5)
    s.add()
    s.add("STT", "Mã thôn", "Tên thôn, xóm, phố, tổ dân phố", mc.label("thon", "so_mo_hinh_tu_quan_hieu_qua"),
          mc.label("thon", "co_to_hoa_giai_hieu_qua"))
    villages = mc.clean("thon")
    groups = [("I", "Thành phố Ninh Bình", [v for v in villages if v["ma_don_vi"][:5] in ("14320", "14347")]),
              ("II", "Huyện Kim Sơn", [v for v in villages if v["ma_don_vi"][:5] in ("14620", "14629")])]
    total = s.add("Tổng cộng", None, None, None, None)
    s.merge(total, 1, total, 3)
    headings, detail = [], []
    for numeral, district, vs in groups:
        head = s.add(numeral, None, district, None, None)
        headings.append(head)
        rows = []
        for i, v in enumerate(vs, 1):
            rows.append(s.add(i, v["ma_don_vi"], mc.NAME[v["ma_don_vi"]], v["so_mo_hinh_tu_quan_hieu_qua"],
                              mc.as_label("thon", "co_to_hoa_giai_hieu_qua", v["co_to_hoa_giai_hieu_qua"])))
        s.rows[head - 1][3] = mc.LF(f"of:=SUM([.D{rows[0]}:.D{rows[-1]}])")
        detail += rows
    s.rows[total - 1][3] = mc.LF("of:=SUM(" + ";".join(f"[.D{r}:.D{r}]" for r in detail) + ")")
    name = "bieu09_thon.xls"
    c = mc.case("63-total-first-roman-headings", "Biểu 09 as .xls made by LibreOffice: 'Tổng cộng' right under the "
                "header (=SUM of the 10 villages), then 'I' + 'Thành phố Ninh Bình' and 'II' + 'Huyện Kim Sơn' heading "
                "rows that carry their district's sum beside them → the total and the two headings are skipped, the "
                "headings never counted, the total agrees with the villages (38); same scores as clean", 0,
                same_scores_as=mc.CLEAN_REF,
                issues=[mc.issue("row-skipped", name, total, sheet="Biểu 09", message_contains=["dòng tổng cộng"])]
                + [mc.issue("row-skipped", name, h, sheet="Biểu 09", message_contains=["tiêu đề nhóm"]) for h in headings])
    mc.write_libreoffice(c.folder / name, [s])
    mc.write_clean_csvs(c.folder, ("thon",))


def case_sub_columns_nam_nu(mc: Any) -> None:
    """Biểu 01 with 'Trong đó' over 'Nam | Nữ' beside the total of members, and a real 'Năm'."""
    s = mc.Sheet("Biểu 01")
    for text in mc.title_rows("01"):
        s.title(text, 10)
    s.add()
    top = ["STT", "Mã đơn vị", "Tên đơn vị", "Năm", "Tổng số cấp ủy viên", "Trong đó", None,
           mc.label("cap_uy", "so_cap_uy_vien_guong_mau"), mc.label("cap_uy", "co_phan_cong_phu_trach_dan_van"),
           mc.label("cap_uy", "so_cap_uy_vien_du_hop_hang_thang")]
    bottom = [None, None, None, None, None, "Nam", "Nữ", None, None, None]
    r1, r2 = s.add(*top), s.add(*bottom)
    for col in (1, 2, 3, 4, 5, 8, 9, 10):
        s.merge(r1, col, r2, col)
    s.merge(r1, 6, r1, 7)
    for i, r in enumerate(mc.clean("cap_uy"), 1):
        women = r["tong_so_cap_uy_vien"] // 4
        s.add(i, r["ma_don_vi"], mc.NAME[r["ma_don_vi"]], mc.YEAR, r["tong_so_cap_uy_vien"],
              r["tong_so_cap_uy_vien"] - women, women, r["so_cap_uy_vien_guong_mau"],
              mc.as_label("cap_uy", "co_phan_cong_phu_trach_dan_van", r["co_phan_cong_phu_trach_dan_van"]),
              r["so_cap_uy_vien_du_hop_hang_thang"])
    name = "bieu01_cap_uy.xlsx"
    c = mc.case("64-sub-columns-nam-nu", "Biểu 01 as .xlsx made by LibreOffice with a two-row merged header: 'Năm' "
                "(the year, 2023) merged down, and 'Trong đó' merged across 'Nam | Nữ' (men and women among the "
                "members) → 'Nam' under 'Trong đó' is male, not the year column: the two sub-columns are unknown "
                "(warnings at F and G of the second header row), the year column is the real 'Năm'; no year-mismatch, "
                "no duplicate column; same scores as clean", 0, same_scores_as=mc.CLEAN_REF,
                issues=[mc.issue("column-unknown", name, r2, sheet="Biểu 01", cell=f"F{r2}", message_contains=["Nam"]),
                        mc.issue("column-unknown", name, r2, sheet="Biểu 01", cell=f"G{r2}", message_contains=["Nữ"])])
    mc.write_libreoffice(c.folder / name, [s])
    mc.write_clean_csvs(c.folder, ("cap_uy",))


KET_NAP = [  # (district, new members, of whom religious)
    ("369", 48, 5),
    ("376", 95, 31),
]


def case_sub_columns_tong_so(mc: Any) -> None:
    """Biểu 08: 'Số đảng viên mới kết nạp' over 'Tổng số | Trong đó: có tôn giáo'."""
    s = mc.Sheet("Biểu 08")
    for text in mc.title_rows("08"):
        s.title(text, 5)
    s.add()
    r1 = s.add("STT", "Mã đơn vị", "Tên đơn vị", "Số đảng viên mới kết nạp", None)
    r2 = s.add(None, None, None, "Tổng số", "Trong đó: có tôn giáo")
    for col in (1, 2, 3):
        s.merge(r1, col, r2, col)
    s.merge(r1, 4, r1, 5)
    s.add(*["(1)", "(2)", "(3)", "(4)", "(5)"])
    for i, (code, new, religious) in enumerate(KET_NAP, 1):
        s.add(i, code, mc.NAME[code], new, religious)
    tables = {f: mc.clean(f) for f in mc.CLEAN}
    tables["ket_nap_dang"] = [{"ma_don_vi": code, "so_dang_vien_moi": new, "so_dang_vien_moi_co_ton_giao": rel}
                              for code, new, rel in KET_NAP]
    name = "bieu08_ket_nap_dang.ods"
    c = mc.case("65-sub-columns-tong-so", "Biểu 08 as .ods made by LibreOffice: 'Số đảng viên mới kết nạp' merged across "
                "two sub-columns 'Tổng số' | 'Trong đó: có tôn giáo' (a lone 'Tổng số' takes its meaning from the group "
                "above it) and a column-number row → so_dang_vien_moi = 48, 95 and so_dang_vien_moi_co_ton_giao = 5, 31; "
                "T6.1 = 36 worked out by hand, other targets as clean", 0,
                scores=mc.hand_scores(tables))
    mc.write_libreoffice(c.folder / name, [s])
    mc.write_clean_csvs(c.folder)


def case_repeated_header(mc: Any) -> None:
    """Biểu 09: the two districts' blocks pasted one under another, each with its titles,
    header and column-number row, and a page-break repetition of the header."""
    s = mc.Sheet("Biểu 09")
    head = ["STT", "Mã thôn", "Tên thôn, xóm, phố, tổ dân phố", mc.label("thon", "so_mo_hinh_tu_quan_hieu_qua"),
            mc.label("thon", "co_to_hoa_giai_hieu_qua")]
    numbers = ["(1)", "(2)", "(3)", "(4)", "(5)"]
    villages = mc.clean("thon")
    skipped: dict[int, str] = {}
    for block, (district, prefixes) in enumerate([("Thành phố Ninh Bình", ("14320", "14347")),
                                                  ("Huyện Kim Sơn", ("14620", "14629"))]):
        for text in mc.title_rows("09", district):
            row = s.title(text, 5)
            if block:
                skipped[row] = "chữ ký, ghi chú"
        row = s.add()
        if block:
            skipped[row] = "dòng trống"
        row = s.add(*head)
        if block:
            skipped[row] = "dòng tên cột lặp lại"
        skipped[s.add(*numbers)] = "dòng đánh số cột"
        vs = [v for v in villages if v["ma_don_vi"][:5] in prefixes]
        for i, v in enumerate(vs, 1):
            if block and i == 3:  # the header printed again at a page break
                skipped[s.add(*head)] = "dòng tên cột lặp lại"
            s.add(i, v["ma_don_vi"], mc.NAME[v["ma_don_vi"]], v["so_mo_hinh_tu_quan_hieu_qua"],
                  mc.as_label("thon", "co_to_hoa_giai_hieu_qua", v["co_to_hoa_giai_hieu_qua"]))
        if not block:
            skipped[s.add()] = "dòng trống"
    name = "bieu09_thon.xlsx"
    c = mc.case("66-repeated-header", "Biểu 09 as .xlsx made by LibreOffice: the two districts' blocks pasted one under "
                "the other in one sheet, each with its own title rows, header and column-number row, and in the second "
                "block the header printed again at a page break → the repeated header rows and column-number rows are "
                "skipped with their reason (not cell-type errors), the second block's title rows skipped as notes; all "
                "10 villages read; same scores as clean", 0, same_scores_as=mc.CLEAN_REF,
                issues=[mc.issue("row-skipped", name, row, sheet="Biểu 09", message_contains=[why])
                        for row, why in sorted(skipped.items())])
    mc.write_libreoffice(c.folder / name, [s])
    mc.write_clean_csvs(c.folder, ("thon",))


def case_percent_fractions(mc: Any) -> None:
    """Biểu 05 with two units' percentages typed as fractions, one formatted as a percentage."""
    s = mc.Sheet("Biểu 05")
    rows = mc.clean("chuyen_doi_so")
    typed = {"14320": 0.25, "14620": "0,2"}  # a number cell, and text with a decimal comma

    def value(r: dict, c: str) -> Any:
        if c == "ten_don_vi":
            return mc.NAME[r["ma_don_vi"]]
        if c == "ty_le_giam_thoi_gian_hop":
            if r["ma_don_vi"] in typed:
                return typed[r["ma_don_vi"]]
            if r["ma_don_vi"] == "37":  # typed '35,5%': 0.355 shown as a percentage, not a fraction
                return mc.Styled(0.355, "0.0%")
        return r.get(c)

    layout = mc.office_sheet(s, "chuyen_doi_so", ["ma_don_vi", "ten_don_vi", *mc.CDS_COLS[1:]], rows,
                             titles=mc.title_rows("05"), value=value)
    col = layout.cols["ty_le_giam_thoi_gian_hop"]
    letter = mc.get_column_letter(col)
    # scored as typed: 0.25 and 0.2 per cent (the others 35.5, 30, 28.5; 14347 and 14629 blank)
    scored = [dict(r) for r in rows]
    for r in scored:
        if r["ma_don_vi"] in typed:
            r["ty_le_giam_thoi_gian_hop"] = {"14320": 0.25, "14620": 0.2}[r["ma_don_vi"]]
    tables = {f: mc.clean(f) for f in mc.CLEAN} | {"chuyen_doi_so": scored}
    name = "bieu05_chuyen_doi_so.xlsx"
    issues = []
    for code, shown in (("14320", "0.25"), ("14620", "0,2")):
        row = layout.rows[code]
        issues.append(mc.issue("percent-fraction", name, row, "ty_le_giam_thoi_gian_hop", sheet="Biểu 05",
                               cell=f"{letter}{row}", message_contains=[code, shown]))
    c = mc.case("67-percent-fractions", "Biểu 05 typed in Excel (openpyxl .xlsx): Phường Đông Thành typed 0.25 (a number) "
                "and Thị trấn Phát Diệm typed '0,2' (text) in the percentage column 'Tỷ lệ giảm thời gian họp (%)' while "
                "the others give 35,5 % (a cell formatted as a percentage, holding 0.355: not a fraction), 30, 28.5 → "
                "a percent-fraction warning on each of the two cells; the figures are scored as typed (0.25 % and "
                "0.2 %): NV5 = units with a rate ≥ 40 among the 5 giving one (35.5, 30, 0.25, 28.5, 0.2) = 0/5 = 0, "
                "worked out by hand", 0,
                issues=issues, scores=mc.hand_scores(tables))
    mc.write_xlsx(c.folder / name, [s])
    mc.write_clean_csvs(c.folder, ("chuyen_doi_so",))


def build(mc: Any) -> None:
    case_subtotal_rows(mc)
    case_subtotal_double_counted(mc)
    case_block_totals(mc)
    case_total_first_headings_with_figures(mc)
    case_sub_columns_nam_nu(mc)
    case_sub_columns_tong_so(mc)
    case_repeated_header(mc)
    case_percent_fractions(mc)
