"""Random valid submissions for the property tests (tests/test_properties.py).

A small registry (province 37; districts 369 and 376 with two real communes each, from
../shared/data/ninh-binh-units-2020-2024.csv; 2-3 invented villages per commune) and
Hypothesis strategies that build one year of *valid* rows for several forms, kept as
canonical Python values (int, bool, choice key, str, None = blank cell).  Rendering
(canonical headers or Vietnamese labels, csv or xlsx, files and sheets) is separate,
so a test can write the same rows in several ways and compare the scorecards.

The expected values of the share/ratio/count/sum/mean targets are computed here from
the generated rows, independently of danvan (only ``targets.yaml``, the contract, is
read: for labels, choices and the target definitions).
"""

from __future__ import annotations

import csv
import io
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
SPEC = yaml.safe_load((ROOT / "targets.yaml").read_text(encoding="utf-8"))
YEAR = 2023

# ---------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------
PROVINCE = "37"
# code -> (name, level, parent)
UNITS: dict[str, tuple[str, str, str]] = {
    "37": ("Tỉnh Ninh Bình", "tinh", ""),
    "369": ("Thành phố Ninh Bình", "huyen", "37"),
    "376": ("Huyện Kim Sơn", "huyen", "37"),
    "14320": ("Phường Đông Thành", "xa", "369"),
    "14323": ("Phường Tân Thành", "xa", "369"),
    "14620": ("Thị trấn Phát Diệm", "xa", "376"),
    "14623": ("Thị trấn Bình Minh", "xa", "376"),
    "14320-01": ("Tổ dân phố 1", "thon", "14320"),
    "14320-02": ("Tổ dân phố 2", "thon", "14320"),
    "14323-01": ("Tổ dân phố 1", "thon", "14323"),
    "14323-02": ("Tổ dân phố 2", "thon", "14323"),
    "14323-03": ("Tổ dân phố 3", "thon", "14323"),
    "14620-01": ("Phố Đông", "thon", "14620"),
    "14620-02": ("Phố Tây", "thon", "14620"),
    "14623-01": ("Xóm 1", "thon", "14623"),
    "14623-02": ("Xóm 2", "thon", "14623"),
    "14623-03": ("Xóm 3", "thon", "14623"),
}
TYPES = {"tinh": "Tỉnh", "huyen": "Huyện", "xa": "Xã", "thon": "Thôn"}


def level_of(code: str) -> str:
    return UNITS[code][1]


def district_of(code: str) -> str | None:
    """The huyện a unit belongs to (itself for a huyện); None for the province."""
    while code:
        name, level, parent = UNITS[code]
        if level == "huyen":
            return code
        code = parent
    return None


def codes_at(*levels: str) -> list[str]:
    return [c for c, u in UNITS.items() if u[1] in levels]


def write_units(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["code", "name", "level", "parent_code", "type"])
        for code, (name, level, parent) in UNITS.items():
            w.writerow([code, name, level, parent, TYPES[level]])
    return path


# ---------------------------------------------------------------------------
# Forms: the columns written, with their labels and types from targets.yaml
# ---------------------------------------------------------------------------
def form_columns(form: str) -> dict[str, dict]:
    return {c["name"]: c for c in SPEC["forms"][form]["columns"]}


# the columns written for each form, in order (ten_don_vi / nam are optional and may be left out)
LAYOUT: dict[str, list[str]] = {
    "cap_uy": ["ma_don_vi", "ten_don_vi", "nam", "tong_so_cap_uy_vien", "so_cap_uy_vien_guong_mau",
               "co_phan_cong_phu_trach_dan_van", "so_cap_uy_vien_du_hop_hang_thang"],
    "doi_thoai": ["ma_don_vi", "ten_don_vi", "nam", "chuc_danh", "ho_ten", "so_cuoc_doi_thoai"],
    "qcdc": ["ma_don_vi", "ten_don_vi", "nam", "xep_loai"],
    "dan_van_chinh_quyen": ["ma_don_vi", "ten_don_vi", "nam", "co_quan", "so_can_bo_phu_trach_dan_van",
                            "so_can_bo_da_tap_huan", "co_ke_hoach_dan_van_chinh_quyen", "co_can_bo_phu_trach_cntt"],
    "chuyen_doi_so": ["ma_don_vi", "ten_don_vi", "nam", "tong_so_ho_so_cong_viec", "so_ho_so_xu_ly_tren_mang",
                      "tong_so_van_ban", "so_van_ban_dien_tu_ky_so", "tong_so_dich_vu_cong",
                      "so_dich_vu_cong_muc_do_4", "tong_so_co_quan_dang", "so_co_quan_dang_chuan_hoa_tthc",
                      "ty_le_giam_thoi_gian_hop"],
    "mat_tran_doan_the": ["ma_don_vi", "ten_don_vi", "nam", "to_chuc", "so_cuoc_giam_sat", "so_cuoc_phan_bien",
                          "xep_loai"],
    "doanh_nghiep": ["ma_so_thue", "ten_doanh_nghiep", "ma_don_vi", "ten_don_vi", "nam", "so_lao_dong",
                     "nam_thanh_lap", "du_dieu_kien_thanh_lap_cong_doan", "co_cong_doan_co_so",
                     "nam_thanh_lap_to_chuc_doan"],
    "ket_nap_dang": ["ma_don_vi", "ten_don_vi", "nam", "to_chuc_dang", "so_dang_vien_moi",
                     "so_dang_vien_moi_co_ton_giao"],
    "thon": ["ma_don_vi", "ma_xa", "ten_thon", "ten_don_vi", "nam", "so_mo_hinh_tu_quan_hieu_qua",
             "co_to_hoa_giai_hieu_qua"],
    "hoat_dong_tinh": ["ma_don_vi", "ten_don_vi", "nam", "so_ky_chuyen_muc_dan_van",
                       "so_hoi_nghi_bieu_duong_dan_van_kheo", "so_hoi_nghi_bieu_duong_nguoi_co_uy_tin",
                       "co_thang_cao_diem_dan_van"],
}
OPTIONAL_COLUMNS = ("ten_don_vi", "nam")
REQUIRED_FORMS = ("cap_uy", "qcdc", "chuyen_doi_so", "mat_tran_doan_the", "doanh_nghiep", "thon")
EXTRA_FORMS = ("doi_thoai", "dan_van_chinh_quyen", "ket_nap_dang", "hoat_dong_tinh")

ORGS_HIGH = ["mttq", "cong_doan", "phu_nu", "nong_dan", "cuu_chien_binh", "doan_thanh_nien"]
ORGS_XA = ["mttq", "phu_nu", "nong_dan", "cuu_chien_binh", "doan_thanh_nien"]
RATINGS = ["xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh"]
CDS_PAIRS = [
    ("tong_so_ho_so_cong_viec", "so_ho_so_xu_ly_tren_mang"),
    ("tong_so_van_ban", "so_van_ban_dien_tu_ky_so"),
    ("tong_so_dich_vu_cong", "so_dich_vu_cong_muc_do_4"),
    ("tong_so_co_quan_dang", "so_co_quan_dang_chuan_hoa_tthc"),
]
ADMIN = codes_at("tinh", "huyen", "xa")


def _units(codes: list[str], max_size: int | None = None) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(codes), unique=True, max_size=max_size or len(codes))


@st.composite
def part_of(draw, total: int) -> int:
    """A part ≤ total, often at the edges (0, total)."""
    return draw(st.one_of(st.just(total), st.just(0), st.integers(0, total)))


@st.composite
def cap_uy_rows(draw) -> list[dict]:
    rows = []
    for code in draw(_units(ADMIN)):
        total = draw(st.one_of(st.just(0), st.integers(0, 60)))
        du_hop = draw(part_of(total))
        if level_of(code) == "tinh":  # required only at huyen and xa
            du_hop = draw(st.one_of(st.none(), st.just(du_hop)))
        rows.append({
            "ma_don_vi": code, "tong_so_cap_uy_vien": total,
            "so_cap_uy_vien_guong_mau": draw(part_of(total)),
            "co_phan_cong_phu_trach_dan_van": draw(st.booleans()),
            "so_cap_uy_vien_du_hop_hang_thang": du_hop,
        })
    return rows


@st.composite
def qcdc_rows(draw) -> list[dict]:
    return [{"ma_don_vi": code, "xep_loai": draw(st.sampled_from(RATINGS))} for code in draw(_units(ADMIN))]


@st.composite
def chuyen_doi_so_rows(draw) -> list[dict]:
    rows = []
    for code in draw(_units(ADMIN)):
        row: dict[str, Any] = {"ma_don_vi": code}
        for total_col, part_col in CDS_PAIRS:
            if draw(st.integers(0, 3)) == 0:  # a blank pair: not applicable
                row[total_col] = row[part_col] = None
            else:
                total = draw(st.one_of(st.just(0), st.integers(0, 2000)))
                row[total_col], row[part_col] = total, draw(part_of(total))
        # halves are exact in binary: sums do not depend on the order of the rows
        row["ty_le_giam_thoi_gian_hop"] = draw(st.one_of(
            st.none(), st.integers(0, 100), st.integers(0, 199).map(lambda h: h / 2)))
        rows.append(row)
    return rows


@st.composite
def mat_tran_rows(draw) -> list[dict]:
    rows = []
    for code in draw(_units(ADMIN)):
        xa = level_of(code) == "xa"
        orgs = draw(st.lists(st.sampled_from(ORGS_XA if xa else ORGS_HIGH), unique=True, min_size=1))
        for org in orgs:
            rating = draw(st.sampled_from(RATINGS))
            if not xa:  # required only at xa
                rating = draw(st.one_of(st.none(), st.just(rating)))
            rows.append({"ma_don_vi": code, "to_chuc": org, "so_cuoc_giam_sat": draw(st.integers(0, 4)),
                         "so_cuoc_phan_bien": draw(st.integers(0, 3)), "xep_loai": rating})
    return rows


@st.composite
def tax_code(draw) -> str:
    digits = draw(st.text("0123456789", min_size=10, max_size=10))
    if draw(st.booleans()):
        digits += "-" + draw(st.text("0123456789", min_size=3, max_size=3))
    return digits


@st.composite
def doanh_nghiep_rows(draw) -> list[dict]:
    codes = draw(st.lists(tax_code(), unique=True, max_size=7))
    rows = []
    for i, mst in enumerate(codes):
        founded = draw(st.one_of(st.just(YEAR), st.integers(1990, YEAR)))
        doan = draw(st.one_of(st.none(), st.just(YEAR), st.integers(founded, YEAR)))
        rows.append({
            "ma_so_thue": mst, "ten_doanh_nghiep": f"Công ty TNHH Số {i + 1}",
            "ma_don_vi": draw(st.sampled_from(codes_at("huyen", "xa"))),
            "so_lao_dong": draw(st.one_of(st.sampled_from([24, 25, 26]), st.integers(0, 400))),
            "nam_thanh_lap": founded,
            "du_dieu_kien_thanh_lap_cong_doan": draw(st.booleans()),
            "co_cong_doan_co_so": draw(st.booleans()),
            "nam_thanh_lap_to_chuc_doan": doan,
        })
    return rows


@st.composite
def thon_rows(draw) -> list[dict]:
    rows = []
    for code in draw(_units(codes_at("thon"))):
        by_name = draw(st.integers(0, 3)) == 0  # named by commune code + village name
        rows.append({
            "ma_don_vi": code, "_by_name": by_name,
            "ma_xa": UNITS[code][2], "ten_thon": UNITS[code][0],
            "so_mo_hinh_tu_quan_hieu_qua": draw(st.integers(0, 8)),
            "co_to_hoa_giai_hieu_qua": draw(st.booleans()),
        })
    return rows


@st.composite
def doi_thoai_rows(draw) -> list[dict]:
    rows = []
    for code in draw(_units(ADMIN, 4)):
        for role in draw(st.lists(st.sampled_from(["bi_thu", "chu_tich_ubnd"]), unique=True, min_size=1)):
            rows.append({"ma_don_vi": code, "chuc_danh": role, "ho_ten": draw(st.sampled_from([None, "Nguyễn Văn A"])),
                         "so_cuoc_doi_thoai": draw(st.integers(0, 3))})
    return rows


@st.composite
def dan_van_chinh_quyen_rows(draw) -> list[dict]:
    rows = []
    for code in draw(_units(ADMIN, 4)):
        for k in range(draw(st.integers(1, 2))):
            total = draw(st.integers(0, 3))
            rows.append({"ma_don_vi": code, "co_quan": f"Cơ quan số {k + 1}", "so_can_bo_phu_trach_dan_van": total,
                         "so_can_bo_da_tap_huan": draw(part_of(total)),
                         "co_ke_hoach_dan_van_chinh_quyen": draw(st.booleans()),
                         "co_can_bo_phu_trach_cntt": draw(st.booleans())})
    return rows


@st.composite
def ket_nap_dang_rows(draw) -> list[dict]:
    rows = []
    for code in draw(_units(["369", "376"])):
        total = draw(st.integers(0, 200))
        rows.append({"ma_don_vi": code, "to_chuc_dang": draw(st.sampled_from([None, f"Đảng bộ {UNITS[code][0]}"])),
                     "so_dang_vien_moi": total, "so_dang_vien_moi_co_ton_giao": draw(part_of(total))})
    for k in range(draw(st.integers(0, 2))):
        total = draw(st.integers(0, 50))
        rows.append({"ma_don_vi": "37", "to_chuc_dang": f"Đảng bộ Khối số {k + 1}",
                     "so_dang_vien_moi": total, "so_dang_vien_moi_co_ton_giao": draw(part_of(total))})
    return rows


@st.composite
def hoat_dong_tinh_rows(draw) -> list[dict]:
    if not draw(st.booleans()):
        return []
    return [{"ma_don_vi": "37", "so_ky_chuyen_muc_dan_van": draw(st.integers(0, 12)),
             "so_hoi_nghi_bieu_duong_dan_van_kheo": draw(st.integers(0, 2)),
             "so_hoi_nghi_bieu_duong_nguoi_co_uy_tin": draw(st.integers(0, 2)),
             "co_thang_cao_diem_dan_van": draw(st.booleans())}]


GENERATORS = {
    "cap_uy": cap_uy_rows, "qcdc": qcdc_rows, "chuyen_doi_so": chuyen_doi_so_rows,
    "mat_tran_doan_the": mat_tran_rows, "doanh_nghiep": doanh_nghiep_rows, "thon": thon_rows,
    "doi_thoai": doi_thoai_rows, "dan_van_chinh_quyen": dan_van_chinh_quyen_rows,
    "ket_nap_dang": ket_nap_dang_rows, "hoat_dong_tinh": hoat_dong_tinh_rows,
}


@st.composite
def year_data(draw, extra_forms: bool = True) -> dict[str, dict]:
    """{form: {"rows": [...], "columns": [...]}} for the forms that have rows.

    The six forms of the brief are always drawn (possibly with no rows); the other
    four are drawn only sometimes, to keep each scoring run short.
    """
    forms = list(REQUIRED_FORMS)
    if extra_forms:
        forms += draw(st.lists(st.sampled_from(EXTRA_FORMS), unique=True, max_size=2))
    data = {}
    for form in forms:
        rows = draw(GENERATORS[form]())
        if not rows:
            continue
        dropped = draw(st.lists(st.sampled_from(OPTIONAL_COLUMNS), unique=True))
        data[form] = {"rows": rows, "columns": [c for c in LAYOUT[form] if c not in dropped]}
    return data


def n_rows(data: dict[str, dict]) -> int:
    return sum(len(d["rows"]) for d in data.values())


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------
def _ascii(text: str) -> str:
    """Vietnamese text without diacritics ('Số cấp ủy viên' → 'So cap uy vien')."""
    import unicodedata

    out = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in out if unicodedata.category(ch) != "Mn")


CASES = {"same": lambda t: t, "upper": str.upper, "lower": str.lower, "ascii": _ascii,
         "spaced": lambda t: "  " + t.replace(" ", "  ") + " "}
TRUE_SPELLINGS = ["Có", "x", "1", "Đạt", "TRUE", "có", "X", True]  # True: a native boolean cell
FALSE_SPELLINGS = ["Không", "0", "Không đạt", "FALSE", "không", False]


@st.composite
def spelling(draw, data: dict) -> dict:
    """How each header, choice value and boolean is written, for the forms in ``data``.

    Shrinks to the plain labels of targets.yaml with Có/Không (the first of every list);
    otherwise any alias, upper/lower case, without diacritics (docs/contract.md §4:
    headers are "case-, space- and diacritic-insensitive"; booleans "Có/Không, x, 1/0,
    Đạt/Không đạt, TRUE/FALSE"; ratings "as full labels or the usual abbreviations").
    """
    out: dict = {"headers": {}, "choices": {}, "bools": {}}
    for form, d in data.items():
        spec = form_columns(form)
        for c in d["columns"]:
            col = spec[c]
            text = draw(st.sampled_from([col["label"], *col.get("aliases", [])]), label=f"header {form}.{c}")
            out["headers"][(form, c)] = CASES[draw(st.sampled_from(list(CASES)))](text)
            if col["type"] == "boolean":
                out["bools"][(form, c)] = (draw(st.sampled_from(TRUE_SPELLINGS)), draw(st.sampled_from(FALSE_SPELLINGS)))
            if col["type"] == "choice":
                for key, choice in col["choices"].items():
                    text = draw(st.sampled_from([choice["label"], *choice.get("aliases", [])]))
                    out["choices"][(form, c, key)] = CASES[draw(st.sampled_from(["same", "upper", "lower"]))](text)
    return out


def header(form: str, columns: list[str], style: str | dict) -> list[str]:
    """Canonical names, the Vietnamese labels of the Excel templates, or a drawn spelling."""
    if style == "canonical":
        return list(columns)
    if isinstance(style, dict):
        return [style["headers"][(form, c)] for c in columns]
    spec = form_columns(form)
    return [spec[c]["label"] for c in columns]


def cell(form: str, column: str, row: dict, style: str | dict) -> Any:
    """One cell as a Python value (None = blank); booleans 1/0 or Có/Không, choices key or label."""
    if form == "thon" and row.get("_by_name") and column == "ma_don_vi":
        return None
    if column == "ten_don_vi":
        return UNITS[row["ma_don_vi"]][0]
    if column == "nam":
        return YEAR
    value = row.get(column)
    if value is None:
        return None
    spec = form_columns(form)[column]
    if spec["type"] == "boolean":
        if style == "canonical":
            return 1 if value else 0
        if isinstance(style, dict):
            return style["bools"][(form, column)][0 if value else 1]
        return "Có" if value else "Không"
    if spec["type"] == "choice" and style != "canonical":
        if isinstance(style, dict):
            return style["choices"][(form, column, value)]
        return spec["choices"][value]["label"]
    return value


def table(form: str, data: dict, style: str | dict = "canonical", rows: list[dict] | None = None) -> list[list[Any]]:
    """Body rows (list of cell values) of a form's rows."""
    columns = data["columns"]
    return [[cell(form, c, r, style) for c in columns] for r in (data["rows"] if rows is None else rows)]


def total_row(form: str, columns: list[str], body: list[list[Any]], label_column: str,
              with_sums: bool) -> list[Any]:
    """A "Tổng cộng" row: the label in one text/code column, sums of the integer columns."""
    spec = form_columns(form)
    out: list[Any] = []
    for i, c in enumerate(columns):
        if c == label_column:
            out.append("Tổng cộng")
        elif with_sums and spec[c]["type"] == "integer":
            filled = [r[i] for r in body if isinstance(r[i], int) and not isinstance(r[i], bool)]
            # a column left blank in every row gets a blank total: a 0 there draws a false
            # total-mismatch (test_zero_total_over_a_blank_column_is_no_mismatch reports it)
            out.append(sum(filled) if filled else None)
        else:
            out.append(None)
    return out


def total_label_columns(form: str, columns: list[str]) -> list[str]:
    """Where a total row may carry its label: the unit code column or a name column."""
    candidates = ["ma_don_vi", "ten_don_vi", "ten_doanh_nghiep", "ten_thon"]
    if form == "doanh_nghiep":
        candidates = ["ten_doanh_nghiep", "ten_don_vi", "ma_don_vi"]
    return [c for c in candidates if c in columns]


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write_csv(path: Path, head: list[str], body: list[list[Any] | None], *, encoding: str = "utf-8",
              delimiter: str = ",", titles: list[list[Any]] = ()) -> None:
    """``None`` in ``body`` is a fully empty line; blank cells are empty strings.

    ``titles`` are rows written above the header ("BIỂU MẪU SỐ 01", "Đơn vị: ...").
    """
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for row in titles:
        w.writerow([_csv_text(v) for v in row])
    w.writerow(head)
    for row in body:
        w.writerow([] if row is None else [_csv_text(v) for v in row])
    path.write_bytes(buf.getvalue().encode(encoding))


def write_xlsx(path: Path, sheets: list[dict]) -> None:
    """Sheets: {"title", "head", "body", "titles", "codes_as_numbers", "code_positions"}."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet["title"])
        for row in sheet.get("titles", ()):
            ws.append(list(row))
        ws.append(sheet["head"])
        numeric = set(sheet.get("code_positions", ())) if sheet.get("codes_as_numbers") else set()
        for row in sheet["body"]:
            if row is None:
                ws.append([])
                continue
            values = []
            for i, v in enumerate(row):
                if i in numeric and isinstance(v, str) and v.isdigit() and not v.startswith("0"):
                    v = int(v)
                values.append(v)
            ws.append(values)
    wb.save(path)


def title_rows(form: str, kinds: list[str]) -> list[list[Any]]:
    """Rows above the header as real templates have them."""
    spec = SPEC["forms"][form]
    texts = {
        "number": f"BIỂU MẪU SỐ {spec['number']}",
        "title": spec["title"].upper(),
        "unit": "Đơn vị: Huyện Kim Sơn",
        "year": f"Năm báo cáo: {YEAR}",
        "blank": None,
    }
    return [[texts[k]] for k in kinds]


# ---------------------------------------------------------------------------
# Oracle: the targets computed from the generated rows
# ---------------------------------------------------------------------------
def _ref(value: Any) -> Any:
    if isinstance(value, dict) and "ref" in value:
        assert value["ref"] == "year"
        return YEAR
    return value


def meets(row: dict, conditions: list[dict]) -> bool:
    for cond in conditions:
        v, want, op = row.get(cond["column"]), _ref(cond["value"]), cond["op"]
        if v is None:
            return False
        if op == ">=" and not v >= want:
            return False
        if op == "==" and not v == want:
            return False
        if op == "in" and v not in want:
            return False
        if op not in (">=", "==", "in"):
            raise AssertionError(f"unknown op {op}")
    return True


def in_scope(target: dict, row: dict) -> bool:
    scope = target.get("scope") or {}
    if "levels" in scope and level_of(row["ma_don_vi"]) not in scope["levels"]:
        return False
    return meets(row, scope.get("where", []))


def expected(target: dict, data: dict[str, dict]) -> dict:
    """{'kind', 'rows', 'num', 'den', 'value', 'districts': {code: (num, den)}, 'row_districts'}.

    num/den are exact (int or Fraction); value is a Fraction or None.
    """
    measure = target["measure"]
    kind = measure["kind"]
    if kind == "improves":
        # this year's value is the inner measure's; a single year has nothing to compare with
        inner = expected({**target, "measure": measure["of"]}, data)
        return {**inner, "kind": "improves", "inner_kind": measure["of"]["kind"]}
    rows = [r for r in data.get(target["form"], {}).get("rows", []) if in_scope(target, r)]
    parts = []  # (district, num, den, counts)
    for r in rows:
        d = district_of(r["ma_don_vi"])
        if kind == "ratio":
            n, t = r.get(measure["numerator"]), r.get(measure["denominator"])
            if n is None or t is None:
                continue  # a ratio counts only rows that give both parts
            parts.append((d, n, t, 1))
        elif kind in ("share", "count"):
            if kind == "share" and all(r.get(c["column"]) is None for c in measure["condition"]):
                continue  # a share counts only rows that answer at least one of its columns
            parts.append((d, int(meets(r, measure["condition"])), 1, 1))
        else:  # sum, mean
            v = r.get(measure["column"])
            parts.append((d, Fraction(v) if v is not None else 0, 0, int(v is not None)))
    num = sum(p[1] for p in parts)
    den = sum(p[2] for p in parts)
    filled = sum(p[3] for p in parts)
    if kind in ("ratio", "share"):
        value = Fraction(100 * num, den) if den else None
    elif kind == "mean":
        value = Fraction(num) / filled if filled else None
    elif kind == "sum":
        value = num if filled else None  # a column left blank in every row is no data, not 0
    else:
        value = num if rows else None
    districts: dict[str, list] = {}
    for d, n, t, _ in parts:
        if d is not None:
            acc = districts.setdefault(d, [0, 0])
            acc[0] += n
            acc[1] += t
    row_districts = {district_of(r["ma_don_vi"]) for r in rows} - {None}
    return {"kind": kind, "rows": len(rows), "num": num, "den": den, "value": value,
            "districts": {k: tuple(v) for k, v in districts.items()}, "row_districts": row_districts}


TARGETS = {t["id"]: t for t in SPEC["targets"]}


# ---------------------------------------------------------------------------
# Real-world cell noise (issue 9): what a person does not see, or reads as Đ
# ---------------------------------------------------------------------------
# format characters a reader never sees: zero-width space, ZWNJ, ZWJ, word joiner, a BOM
# inside a cell, soft hyphen, left-to-right / right-to-left marks, Mongolian vowel separator
INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f", "\u180e"]
# spaces that look like a space: NBSP, narrow NBSP, en/em/thin/figure spaces, ideographic
SPACES = ["\u00a0", "\u202f", "\u2002", "\u2003", "\u2007", "\u2009", "\u200a", "\u3000"]
# letters typed for Đ/đ: Icelandic eth, African D
LOOKALIKES = {"Đ": ["Ð", "Ɖ"], "đ": ["ð", "ɖ"]}


@st.composite
def sprinkled(draw, text: str, spaces: bool = True, lookalikes: bool = True) -> str:
    """``text`` with invisible characters inserted anywhere, spaces replaced by Unicode
    spaces and Đ/đ by look-alikes -- a text a person reads exactly as ``text``."""
    out = []
    for ch in text:
        if ch == " " and spaces:
            ch = draw(st.sampled_from([" ", *SPACES]))
        elif ch in LOOKALIKES and lookalikes:
            ch = draw(st.sampled_from([ch, *LOOKALIKES[ch]]))
        out.append(ch)
    for _ in range(draw(st.integers(0, 3))):
        out.insert(draw(st.integers(0, len(out))), draw(st.sampled_from(INVISIBLES)))
    return "".join(out)


def sprinkle_with(rnd: Any, text: str) -> str:
    """The same as ``sprinkled`` with a seeded random.Random (for whole tables)."""
    out = []
    for ch in text:
        if ch == " " and rnd.random() < 0.5:
            ch = rnd.choice(SPACES)
        elif ch in LOOKALIKES and rnd.random() < 0.5:
            ch = rnd.choice(LOOKALIKES[ch])
        out.append(ch)
    for _ in range(rnd.randint(0, 2)):
        out.insert(rnd.randint(0, len(out)), rnd.choice(INVISIBLES))
    return "".join(out)
