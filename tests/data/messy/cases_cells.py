"""Messy-corpus cases 50-59: cells a person reads one way and danvan used to read another
(issue 9, cell reading): floating-point noise in counts, invisible characters, Đ
look-alikes, choices in any case, check marks, a dash for "none", declared patterns.

Built by ``python tests/data/messy/make_corpus.py cases_cells`` (``build(mc)`` gets the
generator module). Expectations are worked out from what a person sees in each file:
the clean values of make_corpus.py, scores equal to 00-clean where every row is read, or
``hand_scores`` of the rows left after the rejected ones.
"""

from __future__ import annotations

from typing import Any

ZWSP, ZWNJ, ZWJ, WJ, BOM, SHY = "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"
NNBSP, THIN, IDEO = "\u202f", "\u2009", "\u3000"
DN_COLS = ["ma_so_thue", "ten_doanh_nghiep", "ma_don_vi", "so_lao_dong", "nam_thanh_lap",
           "du_dieu_kien_thanh_lap_cong_doan", "co_cong_doan_co_so", "nam_thanh_lap_to_chuc_doan"]


def build(mc: Any) -> None:
    float_noise_libreoffice(mc)
    float_noise_csv(mc)
    invisible_characters(mc)
    check_marks_dashes(mc)
    tax_codes(mc)
    crosses_required_dash(mc)
    tax_codes_scientific(mc)


def _noise_formula(value: int, i: int) -> Any:
    """A LibreOffice formula whose computed value is ``value`` plus floating-point noise."""
    if i % 3 == 0:
        return f"of:=0.1*{value * 10}"  # 0.1*550 = 55.00000000000001
    if i % 3 == 1:
        return f"of:={value}-0.000000001"  # 52.999999999
    return f"of:={value}*0.7/0.7+0.000000000001"


def float_noise_libreoffice(mc: Any) -> None:
    c = mc.case("50-float-noise-libreoffice",
                "Counts computed by LibreOffice formulas (=0.1*550, =53-0.000000001, =x*0.7/0.7+1e-12) and saved by "
                "LibreOffice in .xlsx (Biểu 01) and .ods (Biểu 05): each stored value is an integer plus "
                "floating-point noise (55.00000000000001, 52.999999999); a person sees 55 and 53, so the counts "
                "read as those integers → no issue, same scores as clean", 0, same_scores_as=mc.CLEAN_REF)
    counter = iter(range(1000))

    def noisy(form: str) -> Any:
        def value(r: dict, col: str) -> Any:
            v = r.get(col)
            if col == "ten_don_vi":
                return mc.NAME[r["ma_don_vi"]]
            if isinstance(v, int) and not isinstance(v, bool) and mc.col_spec(form, col)["type"] == "integer":
                return mc.LF(_noise_formula(v, next(counter)))
            return mc.as_label(form, col, v)
        return value

    s1 = mc.Sheet("Biểu 01")
    mc.office_sheet(s1, "cap_uy", mc.CAP_UY_COLS, mc.clean("cap_uy"), titles=mc.title_rows("01"),
                    value=noisy("cap_uy"))
    mc.write_libreoffice(c.folder / "bieu01_cap_uy.xlsx", [s1])
    s5 = mc.Sheet("Biểu 05")
    mc.office_sheet(s5, "chuyen_doi_so", ["ma_don_vi", "ten_don_vi", *mc.CDS_COLS[1:]], mc.clean("chuyen_doi_so"),
                    titles=mc.title_rows("05"), value=noisy("chuyen_doi_so"))
    mc.write_libreoffice(c.folder / "bieu05_chuyen_doi_so.ods", [s5])
    mc.write_clean_csvs(c.folder, ("cap_uy", "chuyen_doi_so"))


def float_noise_csv(mc: Any) -> None:
    cap = mc.clean("cap_uy")
    grid = mc.canon_grid("cap_uy", cap)
    cols = mc.CANON_COLUMNS["cap_uy"]
    total, part = cols.index("tong_so_cap_uy_vien"), cols.index("so_cap_uy_vien_guong_mau")
    # as Excel exports a computed count to CSV (15 significant digits) or a user pastes it
    grid[mc.row_of("cap_uy", "37") - 1][total] = "55.00000000000001"
    grid[mc.row_of("cap_uy", "369") - 1][part] = "40.999999999"
    grid[mc.row_of("cap_uy", "14320") - 1][total] = "14,9999999999999"  # decimal comma
    grid[mc.row_of("cap_uy", "376") - 1][part] = "42.0000000001"
    grid[mc.row_of("cap_uy", "14347") - 1][part] = "11.5"  # a genuine fraction: no count of people
    grid[mc.row_of("cap_uy", "14629") - 1][total] = "10.9999"  # a fraction a person sees
    cds = mc.canon_grid("chuyen_doi_so")
    ccols = mc.CANON_COLUMNS["chuyen_doi_so"]
    cds[mc.row_of("chuyen_doi_so", "37") - 1][ccols.index("tong_so_ho_so_cong_viec")] = "12450.000000000002"
    cds[mc.row_of("chuyen_doi_so", "369") - 1][ccols.index("tong_so_van_ban")] = "8649.99999999999"
    scores = mc.hand_scores(mc.without("cap_uy", "14347", "14629"))
    c = mc.case("51-float-noise-csv",
                "Counts typed or exported as text with floating-point noise (55.00000000000001, 40.999999999, "
                "'14,9999999999999', 42.0000000001, 12450.000000000002, 8649.99999999999) are the integers a person "
                "sees; '11.5' and '10.9999' are genuine fractions in a count → cell-type, those two rows of Biểu 01 "
                "left out", 1,
                issues=[mc.issue("cell-type", "cap_uy.csv", mc.row_of("cap_uy", "14347"), "so_cap_uy_vien_guong_mau",
                                 message_contains=["11.5", "số nguyên"]),
                        mc.issue("cell-type", "cap_uy.csv", mc.row_of("cap_uy", "14629"), "tong_so_cap_uy_vien",
                                 message_contains=["10.9999"])],
                scores={k: scores[k] for k in ("T1.1", "NV1", "NV2", "T3.1a", "T3.4", "T3.2")})
    mc.write_csv(c.folder / "cap_uy.csv", grid)
    mc.write_csv(c.folder / "chuyen_doi_so.csv", cds)
    mc.write_clean_csvs(c.folder, ("cap_uy", "chuyen_doi_so"))


def _lookalike(name: str) -> str:
    """Đ/đ typed with look-alike letters (Ð U+00D0, ð U+00F0, Ɖ U+0189, ɖ U+0256)."""
    return name.replace("Đông", "Ðông").replace("Đ", "Ɖ").replace("đ", "ð")


def invisible_characters(mc: Any) -> None:
    c = mc.case("52-invisible-characters-lookalikes",
                "Text pasted from web pages and chat: zero-width spaces, ZWNJ/ZWJ, word joiners, a BOM and soft "
                "hyphens inside codes, numbers, headers, booleans and ratings; narrow/thin/ideographic spaces as "
                "thousands separators and between words; unit names typed with Ð/ð/Ɖ for Đ/đ (Ðông Thành); "
                "ratings in capitals, lower case and as 'Htt nv' → read as a person sees them: no issue, same "
                "scores as clean", 0, same_scores_as=mc.CLEAN_REF)
    # Biểu 01 (CSV): Vietnamese labels with invisible characters in headers and cells
    head = {"ma_don_vi": f"Mã{ZWSP} đơn vị", "ten_don_vi": f"Tên{NNBSP}đơn vị",
            "tong_so_cap_uy_vien": f"Tổng số cấp ủy{SHY} viên",
            "so_cap_uy_vien_guong_mau": f"Số cấp ủy viên gương{ZWJ} mẫu",
            "co_phan_cong_phu_trach_dan_van": f"{BOM}Có phân công cấp ủy viên phụ trách công tác dân vận",
            "so_cap_uy_vien_du_hop_hang_thang": f"Số cấp ủy viên dự họp hằng{WJ} tháng"}
    codes = {"37": f"37{ZWSP}", "369": f"{BOM}369", "14320": f"143{ZWNJ}20", "14347": f"14347{WJ}",
             "376": f"3{SHY}76", "14620": f"{ZWSP}14620{ZWSP}", "14629": "14629"}
    bools = {True: [f"C{ZWSP}ó", "Có", f"có{WJ}"], False: [f"Kh{ZWJ}ông"]}
    counter = iter(range(1000))

    def cap_value(r: dict, col: str) -> Any:
        v = r.get(col)
        if col == "ma_don_vi":
            return codes[v]
        if col == "ten_don_vi":
            return _lookalike(mc.NAME[r["ma_don_vi"]])
        if col == "co_phan_cong_phu_trach_dan_van":
            options = bools[v]
            return options[next(counter) % len(options)]
        if isinstance(v, int):
            return f"{str(v)[:1]}{ZWSP}{str(v)[1:]}" if v >= 10 else f"{v}{SHY}"
        return v

    mc.write_csv(c.folder / "cap_uy.csv", mc.label_grid("cap_uy", mc.CAP_UY_COLS, mc.clean("cap_uy"),
                                                        headers=head, value=cap_value))
    # Biểu 03 (CSV): ratings in any case, with invisible characters, abbreviations spaced
    spellings = {"xuat_sac": ["HOÀN THÀNH XUẤT SẮC NHIỆM VỤ", f"htxs{ZWSP}nv"],
                 "tot": ["hoàn thành tốt nhiệm vụ", "Htt nv", f"HOÀN THÀNH TỐT{NNBSP}NHIỆM VỤ"],
                 "hoan_thanh": [f"Hoàn thành{SHY} nhiệm vụ"], "khong_hoan_thanh": ["KHÔNG HOÀN THÀNH NHIỆM VỤ"]}
    seen: dict[str, int] = {}

    def rating(key: str) -> str:
        seen[key] = seen.get(key, 0) + 1
        return spellings[key][(seen[key] - 1) % len(spellings[key])]

    mc.write_csv(c.folder / "qcdc.csv", [["Mã đơn vị", "Tên đơn vị", f"Kết quả{IDEO}xếp loại"]] +
                 [[r["ma_don_vi"], _lookalike(mc.NAME[r["ma_don_vi"]]), rating(r["xep_loai"])]
                  for r in mc.clean("qcdc")])
    # Biểu 05 (LibreOffice .xlsx): counts as text cells with narrow/thin spaces and word joiners
    seps = [NNBSP, THIN, f"{WJ}.", f".{ZWSP}"]

    def cds_value(r: dict, col: str) -> Any:
        v = r.get(col)
        if col == "ma_don_vi":
            return f"{v}{WJ}"
        if col == "ten_don_vi":
            return _lookalike(mc.NAME[r["ma_don_vi"]])
        if isinstance(v, int) and v >= 1000:
            return f"{v // 1000}{seps[v % len(seps)]}{v % 1000:03d}"
        if isinstance(v, float):
            return f"{v}".replace(".", ",") + f"{NNBSP}%"
        return v

    s5 = mc.Sheet("Biểu 05")
    mc.office_sheet(s5, "chuyen_doi_so", ["ma_don_vi", "ten_don_vi", *mc.CDS_COLS[1:]], mc.clean("chuyen_doi_so"),
                    titles=mc.title_rows("05"), value=cds_value)
    mc.write_libreoffice(c.folder / "bieu05.xlsx", [s5])
    mc.write_clean_csvs(c.folder, ("cap_uy", "qcdc", "chuyen_doi_so"))


def check_marks_dashes(mc: Any) -> None:
    c = mc.case("53-check-marks-dashes",
                "Biểu 09 ticked with ✓ ✔ √ ☑ x X (yes) and an empty box ☐ or Không (no); Biểu 06 with '-', '–', '—' "
                "for 'none' in the count columns (0 cuộc giám sát / phản biện); Biểu 05 with '-' in the optional "
                "percentage column where the clean year leaves it blank (not applicable, not 0%) → no issue, same "
                "scores as clean", 0, same_scores_as=mc.CLEAN_REF)
    ticks, empties = iter(["✓", "✔", "√", "☑", "x", "X", "✓"]), iter(["☐", "Không", "☐"])
    grid = [["Mã thôn", "Tên đơn vị", "Số mô hình tự quản", "Tổ hòa giải hoạt động hiệu quả"]]
    for r in mc.clean("thon"):
        grid.append([r["ma_don_vi"], mc.NAME[r["ma_don_vi"]], r["so_mo_hinh_tu_quan_hieu_qua"],
                     next(ticks) if r["co_to_hoa_giai_hieu_qua"] else next(empties)])
    mc.write_csv(c.folder / "thon.csv", grid)
    dashes = iter(["-", "–", "—"] * 20)
    mt = mc.canon_grid("mat_tran_doan_the")
    mcols = mc.CANON_COLUMNS["mat_tran_doan_the"]
    for line in mt[1:]:
        for col in ("so_cuoc_giam_sat", "so_cuoc_phan_bien"):
            if line[mcols.index(col)] == "0":
                line[mcols.index(col)] = next(dashes)
    assert sum(v in ("-", "–", "—") for line in mt for v in line) >= 6
    mc.write_csv(c.folder / "mat_tran_doan_the.csv", mt)
    cds = mc.canon_grid("chuyen_doi_so")
    ccols = mc.CANON_COLUMNS["chuyen_doi_so"]
    for code in ("14347", "14629"):
        assert cds[mc.row_of("chuyen_doi_so", code) - 1][ccols.index("ty_le_giam_thoi_gian_hop")] == ""
        cds[mc.row_of("chuyen_doi_so", code) - 1][ccols.index("ty_le_giam_thoi_gian_hop")] = "-"
    mc.write_csv(c.folder / "chuyen_doi_so.csv", cds)
    mc.write_clean_csvs(c.folder, ("thon", "mat_tran_doan_the", "chuyen_doi_so"))


def tax_codes(mc: Any) -> None:
    rows = mc.clean("doanh_nghiep")
    # 14629's enterprise has tax code 0107345678 (registered with a leading 0): typed into a
    # cell formatted as a number, it is stored as 107345678
    next(r for r in rows if r["ma_don_vi"] == "14629")["ma_so_thue"] = "0107345678"
    s = mc.Sheet("Biểu 07")

    def value(r: dict, col: str) -> Any:
        v = r.get(col)
        if col == "ma_so_thue" and v.isdigit():
            return int(v)  # a number cell: 2700123456, and 107345678 for 0107345678
        return mc.as_label("doanh_nghiep", col, v)

    layout = mc.office_sheet(s, "doanh_nghiep", DN_COLS, rows, titles=mc.title_rows("07"), value=value)
    scores = mc.hand_scores(mc.without("doanh_nghiep", "14629"))
    c = mc.case("54-tax-code-lost-zero",
                "Biểu 07 made in LibreOffice with tax codes stored as numbers: 2700123456 is the code, but 0107345678 "
                "stored as a number lost its leading 0 (107345678, 9 digits). The declared pattern "
                "^\\d{10}(-\\d{3})?$ rejects the cell (cell-type, with the hint: 9 digits, leading 0 lost to a "
                "number format); that enterprise is left out", 1,
                issues=[mc.issue("cell-type", "bieu07.xlsx", layout.rows["14629"], "ma_so_thue", sheet="Biểu 07",
                                 message_contains=["'107345678'",
                                                   "có 9 chữ số: có thể đã mất số 0 ở đầu do ô định dạng số"])],
                scores={k: scores[k] for k in ("T5.1", "T5.2", "T5.3")})
    mc.write_libreoffice(c.folder / "bieu07.xlsx", [s])
    mc.write_clean_csvs(c.folder, ("doanh_nghiep",))


def tax_codes_scientific(mc: Any) -> None:
    # Biểu 07 opened in Excel, the tax-code column narrow: 2700456789 shows as 2.70046E+09
    # and the CSV is saved with what is shown; the code cannot be recovered. A second file
    # has the other enterprises, one with its code typed as text and a zero-width space.
    rows = mc.clean("doanh_nghiep")
    first = [r for r in rows if r["ma_don_vi"] in ("14347", "14620")]
    rest = [r for r in rows if r["ma_don_vi"] not in ("14347", "14620")]
    grid = mc.canon_grid("doanh_nghiep", first)
    row_sci = 2 + next(i for i, r in enumerate(first) if r["ma_don_vi"] == "14347")
    assert grid[row_sci - 1][0] == "2700456789"
    grid[row_sci - 1][0] = "2.70046E+09"
    other = mc.canon_grid("doanh_nghiep", rest)
    other[1][0] = other[1][0][:4] + ZWSP + other[1][0][4:]
    scores = mc.hand_scores(mc.without("doanh_nghiep", "14347"))
    c = mc.case("56-tax-code-scientific",
                "Biểu 07 in two CSVs; in one, Excel saved the tax code 2700456789 as shown in a narrow column, "
                "2.70046E+09 → cell-type with the hint (scientific notation: Excel rounded the code, format the "
                "column as text and retype it); that enterprise is left out. A code with a zero-width space inside "
                "is read as the code", 1,
                issues=[mc.issue("cell-type", "doanh_nghiep.csv", row_sci, "ma_so_thue",
                                 message_contains=["'2.70046E+09'", "dạng số mũ: Excel đã làm tròn mã, hãy định dạng "
                                                   "cột là văn bản và gõ lại"])],
                scores={k: scores[k] for k in ("T5.1", "T5.2", "T5.3")})
    mc.write_csv(c.folder / "doanh_nghiep.csv", grid)
    mc.write_csv(c.folder / "doanh_nghiep_bo_sung.csv", other)
    mc.write_clean_csvs(c.folder, ("doanh_nghiep",))


def crosses_required_dash(mc: Any) -> None:
    cap = mc.canon_grid("cap_uy")
    cols = mc.CANON_COLUMNS["cap_uy"]
    b = cols.index("co_phan_cong_phu_trach_dan_van")
    for line in cap[1:]:
        line[b] = "✓" if line[b] == "1" else "Không"
    cap[mc.row_of("cap_uy", "14347") - 1][b] = "✗"  # no in some offices, a tick in others: not guessed
    dn = mc.canon_grid("doanh_nghiep")
    dcols = mc.CANON_COLUMNS["doanh_nghiep"]
    dn[mc.row_of("doanh_nghiep", "14320", rows=mc.clean("doanh_nghiep")) - 1][dcols.index("nam_thanh_lap")] = "-"
    # the optional year of the youth union: '-' where there is none is blank (as in the clean year)
    row = mc.row_of("doanh_nghiep", "14629", rows=mc.clean("doanh_nghiep")) - 1
    assert dn[row][dcols.index("nam_thanh_lap_to_chuc_doan")] == ""
    dn[row][dcols.index("nam_thanh_lap_to_chuc_doan")] = "–"
    cap_scores = mc.hand_scores(mc.without("cap_uy", "14347"))
    dn_scores = mc.hand_scores(mc.without("doanh_nghiep", "14320"))
    c = mc.case("55-cross-mark-required-dash",
                "Biểu 01 ticks ✓ for yes and Không for no, but one cell has a cross ✗ (no to some, a tick to others) "
                "→ cell-type naming the cross; Biểu 07 has '-' for the founding year of an enterprise (a required "
                "year: a dash gives no figure) → cell-type, while '–' in the optional youth-union year is blank as "
                "in the clean year; the two rows are left out", 1,
                issues=[mc.issue("cell-type", "cap_uy.csv", mc.row_of("cap_uy", "14347"),
                                 "co_phan_cong_phu_trach_dan_van", message_contains=["✗", "Có hoặc Không"]),
                        mc.issue("cell-type", "doanh_nghiep.csv", mc.row_of("doanh_nghiep", "14320",
                                                                             rows=mc.clean("doanh_nghiep")),
                                 "nam_thanh_lap", message_contains=["'-'"])],
                scores={**{k: cap_scores[k] for k in ("T1.1", "NV1", "NV2")},
                        **{k: dn_scores[k] for k in ("T5.1", "T5.2", "T5.3")}})
    mc.write_csv(c.folder / "cap_uy.csv", cap)
    mc.write_csv(c.folder / "doanh_nghiep.csv", dn)
    mc.write_clean_csvs(c.folder, ("cap_uy", "doanh_nghiep"))
