"""Random, reproducible submissions for one year of the Ninh Bình dân vận programme.

Written from docs/contract.md §3-5 only (never from danvan's code), so that the
acceptance test can compare danvan's scorecard with arithmetic done independently
(`expected.py`). Vietnamese labels are read from `targets.yaml`, nothing else.

`write_year(root, year, shape, seed)` writes a small unit registry and one year of
every form, either as one canonical CSV per form (`shape="csv"`) or as Excel
workbooks the way districts send them (`shape="xlsx"`), and returns the rows it
wrote as plain Python data. The same seed gives the same rows in both shapes and the
same registry in every year; `write_years(base, years, shape, seed)` writes several
year folders side by side (`base/2022`, `base/2023`), as `improves` targets read the
year before from the sibling folder. With `old_files=True` (flavour "b" before 2023)
the columns added by issue 10 (NEW_COLUMNS) are not in the files at all, as in real
files of 2021-2022: their rows hold None.

Edge cases put in on purpose (the "flavour" follows the seed's parity):
- flavour "a" (even seed): no enterprise founded in the year is eligible for a
  trade union -> T5.2 `no_data`; NV7 = 1 (met), NV8 = 0 (in progress in 2023);
  T1.1 exactly 100; T3.1c exactly 60; T6.1 exactly 85; NV6 exactly the months of the
  programme in the year (12; 6 in 2021, the first-year proration); NV9 met; NV11
  (SIPAS) the same every year (equal to the year before: not met); NV14 met (no hot spot anywhere).
- flavour "b" (odd seed): every "dịch vụ công" pair is blank -> T3.2 `no_data`;
  NV7 = 0, NV8 = 2; T5.3 exactly 15; T6.1 = 84; NV6 = 11; NV9 not met, with one
  committee that does not answer (not counted); PAPI blank -> NV13 `no_data`; NV14
  not met; files before 2023 are old files (no new columns).
- always: blank chuyen_doi_so pairs at some communes (not applicable), one 0/0
  pair at a commune, ratings over all four levels, booleans both ways, counts
  exactly at the thresholds (1 dialogue, 2 supervisions + 1 criticism, 1
  supervision, 4 self-management models, 25 workers) and just below them, an
  enterprise tax code with a leading zero and one with a branch suffix; an enterprise
  without its union members and a village without its participants (ratios count
  only rows that give both); a unit without its "Dân vận khéo" count.
"""

from __future__ import annotations

import csv
import random
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Literal

import openpyxl
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TARGETS_YAML = REPO / "targets.yaml"
# the real 2020-2024 list, as bundled in the package (identical to shared/data)
REAL_REGISTRY = REPO / "danvan_cli" / "bundled" / "ninh-binh-units-2020-2024.csv"

PROVINCE = "37"
ADMIN_LEVELS = ("tinh", "huyen", "xa")

# Columns written for each form, canonical names (docs/contract.md §5), in order.
COLUMNS: dict[str, list[str]] = {
    "cap_uy": ["ma_don_vi", "ten_don_vi", "nam", "tong_so_cap_uy_vien",
               "so_cap_uy_vien_guong_mau", "co_phan_cong_phu_trach_dan_van",
               "so_cap_uy_vien_du_hop_hang_thang"],
    "doi_thoai": ["ma_don_vi", "ten_don_vi", "nam", "chuc_danh", "ho_ten", "so_cuoc_doi_thoai"],
    "qcdc": ["ma_don_vi", "ten_don_vi", "nam", "xep_loai"],
    "dan_van_chinh_quyen": ["ma_don_vi", "ten_don_vi", "nam", "co_quan",
                            "so_can_bo_phu_trach_dan_van", "so_can_bo_da_tap_huan",
                            "co_ke_hoach_dan_van_chinh_quyen", "co_can_bo_phu_trach_cntt"],
    "chuyen_doi_so": ["ma_don_vi", "ten_don_vi", "nam", "tong_so_ho_so_cong_viec",
                      "so_ho_so_xu_ly_tren_mang", "tong_so_van_ban", "so_van_ban_dien_tu_ky_so",
                      "tong_so_dich_vu_cong", "so_dich_vu_cong_muc_do_4", "tong_so_co_quan_dang",
                      "so_co_quan_dang_chuan_hoa_tthc", "ty_le_giam_thoi_gian_hop"],
    "mat_tran_doan_the": ["ma_don_vi", "ten_don_vi", "nam", "to_chuc", "so_cuoc_giam_sat",
                          "so_cuoc_phan_bien", "xep_loai"],
    "doanh_nghiep": ["ma_so_thue", "ten_doanh_nghiep", "ma_don_vi", "ten_don_vi", "nam",
                     "so_lao_dong", "nam_thanh_lap", "du_dieu_kien_thanh_lap_cong_doan",
                     "co_cong_doan_co_so", "nam_thanh_lap_to_chuc_doan"],
    "ket_nap_dang": ["ma_don_vi", "ten_don_vi", "nam", "to_chuc_dang", "so_dang_vien_moi",
                     "so_dang_vien_moi_co_ton_giao"],
    "thon": ["ma_don_vi", "ma_xa", "ten_thon", "nam", "so_mo_hinh_tu_quan_hieu_qua",
             "co_to_hoa_giai_hieu_qua"],
    "hoat_dong_tinh": ["ma_don_vi", "ten_don_vi", "nam", "so_thang_co_chuyen_muc_dan_van",
                       "so_ky_chuyen_muc_dan_van", "so_hoi_nghi_bieu_duong_dan_van_kheo",
                       "so_hoi_nghi_bieu_duong_nguoi_co_uy_tin", "co_thang_cao_diem_dan_van"],
    "chi_so_tinh": ["ma_don_vi", "ten_don_vi", "nam", "par_index", "sipas", "pci", "papi"],
    "on_dinh_co_so": ["ma_don_vi", "ten_don_vi", "nam", "so_diem_nong_moi",
                      "so_vu_khieu_kien_dong_nguoi_moi", "so_mo_hinh_dan_van_kheo"],
}
COLUMNS["cap_uy"].append("co_chi_dao_thang_cao_diem_dan_van")
COLUMNS["doanh_nghiep"].append("so_doan_vien_cong_doan")
COLUMNS["thon"] += ["so_ho", "so_ho_tham_gia_hop"]
# Columns issue 10 added (optional): absent from old files (flavour b before 2023).
NEW_COLUMNS = {"co_chi_dao_thang_cao_diem_dan_van", "so_doan_vien_cong_doan", "so_ho",
               "so_ho_tham_gia_hop", "so_thang_co_chuyen_muc_dan_van"}
NEW_FROM = 2023
FORMS = list(COLUMNS)

UNIT_COLUMNS = {"ma_don_vi", "ma_xa"}
TEXT_COLUMNS = {"ten_don_vi", "ho_ten", "co_quan", "ma_so_thue", "ten_doanh_nghiep",
                "to_chuc_dang", "ten_thon"} | UNIT_COLUMNS
CHOICE_COLUMNS = {"chuc_danh", "xep_loai", "to_chuc"}
BOOL_COLUMNS = {"co_phan_cong_phu_trach_dan_van", "co_ke_hoach_dan_van_chinh_quyen",
                "co_can_bo_phu_trach_cntt", "du_dieu_kien_thanh_lap_cong_doan",
                "co_cong_doan_co_so", "co_to_hoa_giai_hieu_qua", "co_thang_cao_diem_dan_van",
                "co_chi_dao_thang_cao_diem_dan_van"}
NUMBER_COLUMNS = {"par_index", "sipas", "pci", "papi"}  # decimals; every other number is whole

RATINGS = ["xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh"]
ORGS_HUYEN = ["mttq", "cong_doan", "phu_nu", "nong_dan", "cuu_chien_binh", "doan_thanh_nien"]
ORGS_XA = [o for o in ORGS_HUYEN if o != "cong_doan"]

# Other spellings docs/contract.md (§4-5) says must be accepted; used in xlsx.
CHOICE_ALIASES = {
    "xep_loai": {"xuat_sac": ["HTXSNV"], "tot": ["HTTNV"], "hoan_thanh": ["HTNV"],
                 "khong_hoan_thanh": ["KHTNV"]},
    "to_chuc": {"mttq": ["MTTQ", "Mặt trận Tổ quốc"], "cong_doan": ["Công đoàn"],
                "phu_nu": ["Hội Phụ nữ"], "doan_thanh_nien": ["Đoàn TNCS Hồ Chí Minh"]},
    "chuc_danh": {},
}

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đinh", "Vũ", "Bùi"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Hữu"]
GIVEN = ["An", "Bình", "Hùng", "Lan", "Hương", "Tuấn", "Dũng", "Hà", "Thảo", "Quang"]
VILLAGE_NAMES = ["Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Phú Lộc"]
AGENCIES = {
    "tinh": ["Văn phòng UBND tỉnh", "Sở Nội vụ", "Sở Tư pháp", "Sở Thông tin và Truyền thông"],
    "huyen": ["Văn phòng HĐND và UBND", "Phòng Nội vụ", "Phòng Tư pháp",
              "Phòng Văn hóa - Thông tin"],
    "xa": ["Ủy ban nhân dân", "Công an", "Văn phòng - Thống kê"],
}
PROVINCE_PARTY_BODIES = ["Đảng bộ Khối các cơ quan tỉnh", "Đảng bộ Khối doanh nghiệp tỉnh",
                         "Đảng bộ Quân sự tỉnh", "Đảng bộ Công an tỉnh"]
TRADES = ["May mặc", "Xây dựng", "Thương mại", "Du lịch", "Cơ khí", "Giày da", "Vật liệu"]


# --------------------------------------------------------------------------- registry

def load_real_registry() -> list[dict]:
    """The real 2020-2024 list of province, districts and communes (GSO codes)."""
    with REAL_REGISTRY.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def build_registry(rng: random.Random) -> list[dict]:
    """Province + 2-3 real districts, 3-4 real communes each, 3-5 invented villages each."""
    real = load_real_registry()
    province = next(u for u in real if u["code"] == PROVINCE)
    districts = sorted(rng.sample([u for u in real if u["level"] == "huyen"], rng.choice([2, 3])),
                       key=lambda u: int(u["code"]))
    units = [dict(province)]
    for district in districts:
        units.append(dict(district))
        communes = [u for u in real if u["parent_code"] == district["code"]]
        chosen = rng.sample(communes, rng.choice([3, 4]))
        for commune in sorted(chosen, key=lambda u: int(u["code"])):
            units.append(dict(commune))
            units.extend(make_villages(rng, commune))
    return units


def make_villages(rng: random.Random, commune: dict) -> list[dict]:
    """3-5 villages of a commune, coded `<commune>-NN` as the registry does."""
    count = rng.randint(3, 5)
    urban = commune["type"] in ("Phường", "Thị trấn")
    names = ([f"Tổ dân phố số {i}" for i in range(1, count + 1)] if urban
             else [f"Thôn {n}" for n in rng.sample(VILLAGE_NAMES, count)])
    return [{"code": f"{commune['code']}-{i:02d}", "name": name, "level": "thon",
             "parent_code": commune["code"], "type": "Tổ dân phố" if urban else "Thôn"}
            for i, name in enumerate(names, start=1)]


def read_units(path: Path) -> list[dict]:
    """Read a `units.csv` back as a list of dicts (all values text)."""
    with Path(path).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def write_units(root: Path, units: list[dict]) -> None:
    """Write the registry as `units.csv` (code,name,level,parent_code,type)."""
    with (root / "units.csv").open("w", encoding="utf-8", newline="") as f:
        # the bundled file's vintage columns are left out: one registry, valid every year
        writer = csv.DictWriter(f, fieldnames=["code", "name", "level", "parent_code", "type"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(units)


class Registry:
    """Lookups over the small registry used while generating."""

    def __init__(self, units: list[dict]):
        self.units = units
        self.by_code = {u["code"]: u for u in units}

    def level(self, level: str) -> list[dict]:
        return [u for u in self.units if u["level"] == level]

    def children(self, code: str) -> list[dict]:
        return [u for u in self.units if u["parent_code"] == code]

    def admin_units(self) -> list[dict]:
        """Units that submit the tinh/huyen/xa forms, province first."""
        return [u for u in self.units if u["level"] in ADMIN_LEVELS]

    def district_of(self, code: str) -> str | None:
        """The district-level ancestor (or self) of a unit; None for the province."""
        unit = self.by_code[code]
        while unit["level"] not in ("huyen", "tinh"):
            unit = self.by_code[unit["parent_code"]]
        return unit["code"] if unit["level"] == "huyen" else None


# --------------------------------------------------------------------------- rows

def base_row(unit: dict, year: int) -> dict:
    """Columns every form row of a unit starts with."""
    return {"ma_don_vi": unit["code"], "ten_don_vi": unit["name"], "nam": year}


def ensure_both(rows: list[dict], column: str, rng: random.Random) -> None:
    """Make a boolean column hold both True and False (flip one row if needed)."""
    values = {r[column] for r in rows}
    if len(values) < 2:
        row = rng.choice(rows)
        row[column] = not row[column]


def split_total(rng: random.Random, total: int, parts: int) -> list[int]:
    """A random split of `total` into `parts` non-negative integers."""
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    bounds = [0, *cuts, total]
    return [b - a for a, b in zip(bounds, bounds[1:], strict=False)]


def enterprise_name(rng: random.Random, place: dict, number: int) -> str:
    """"Công ty TNHH May mặc Nho Quan 3": trade, place without its type, serial."""
    return f"Công ty TNHH {rng.choice(TRADES)} {place['name'][len(place['type']) + 1:]} {number}"


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def gen_cap_uy(rng, reg: Registry, year: int, flavour: str) -> list[dict]:
    """Biểu 01; in flavour a every member is exemplary (T1.1 exactly 100)."""
    sizes = {"tinh": (49, 55), "huyen": (33, 39), "xa": (13, 19)}
    rows = []
    for unit in reg.admin_units():
        total = rng.randint(*sizes[unit["level"]])
        exemplary = total if flavour == "a" or rng.random() < 0.6 else total - rng.randint(1, 2)
        attending = None if unit["level"] == "tinh" else max(0, total - rng.choice([0, 0, 1, 2, 3]))
        rows.append(base_row(unit, year) | {
            "tong_so_cap_uy_vien": total, "so_cap_uy_vien_guong_mau": exemplary,
            "co_phan_cong_phu_trach_dan_van": rng.random() < 0.8,
            "so_cap_uy_vien_du_hop_hang_thang": attending,
            "co_chi_dao_thang_cao_diem_dan_van": flavour == "a" or rng.random() < 0.8})
    if flavour == "b":
        rows[-1]["so_cap_uy_vien_guong_mau"] = rows[-1]["tong_so_cap_uy_vien"] - 1
        ensure_both(rows[1:], "co_chi_dao_thang_cao_diem_dan_van", rng)
        rows[0]["co_chi_dao_thang_cao_diem_dan_van"] = None  # the province does not answer
    ensure_both(rows, "co_phan_cong_phu_trach_dan_van", rng)
    return rows


def gen_doi_thoai(rng, reg: Registry, year: int, flavour: str) -> list[dict]:
    """Biểu 02: two leaders per unit; 0 and exactly 1 dialogue both occur."""
    rows = [base_row(unit, year) | {"chuc_danh": title, "ho_ten": person(rng),
                                    "so_cuoc_doi_thoai": rng.choice([0, 1, 1, 2, 3, 4, 6])}
            for unit in reg.admin_units() for title in ("bi_thu", "chu_tich_ubnd")]
    rows[1]["so_cuoc_doi_thoai"] = 0
    rows[2]["so_cuoc_doi_thoai"] = 1
    return rows


def gen_qcdc(rng, reg: Registry, year: int, flavour: str) -> list[dict]:
    """Biểu 03: ratings spread over the four levels."""
    units = reg.admin_units()
    ratings = rng.sample(RATINGS, 4) + rng.choices(RATINGS, weights=[3, 5, 2, 1], k=len(units) - 4)
    rng.shuffle(ratings)
    return [base_row(unit, year) | {"xep_loai": rating}
            for unit, rating in zip(units, ratings, strict=True)]


def gen_dan_van_chinh_quyen(rng, reg: Registry, year: int, flavour: str) -> list[dict]:
    """Biểu 04: one to three agencies per unit."""
    rows = []
    for unit in reg.admin_units():
        for agency in rng.sample(AGENCIES[unit["level"]], rng.randint(1, 3)):
            staff = rng.randint(1, 5)
            rows.append(base_row(unit, year) | {
                "co_quan": agency, "so_can_bo_phu_trach_dan_van": staff,
                "so_can_bo_da_tap_huan": max(0, staff - rng.choice([0, 0, 0, 1, 2])),
                "co_ke_hoach_dan_van_chinh_quyen": rng.random() < 0.85,
                "co_can_bo_phu_trach_cntt": rng.random() < 0.7})
    ensure_both(rows, "co_ke_hoach_dan_van_chinh_quyen", rng)
    ensure_both(rows, "co_can_bo_phu_trach_cntt", rng)
    return rows


def pair(rng: random.Random, low: int, high: int, rate: tuple[float, float]) -> tuple[int, int]:
    """(total, part) with part/total drawn within `rate`."""
    total = rng.randint(low, high)
    return total, min(total, round(total * rng.uniform(*rate)))


def gen_chuyen_doi_so(rng, reg: Registry, year: int, flavour: str) -> list[dict]:
    """Biểu 05, with blank (not applicable) pairs at some communes and a 0/0 pair."""
    files = {"tinh": (5000, 9000), "huyen": (2000, 4000), "xa": (300, 900)}
    docs = {"tinh": (20000, 30000), "huyen": (8000, 12000), "xa": (1000, 3000)}
    services = {"tinh": (150, 300), "huyen": (40, 90), "xa": (20, 50)}
    agencies = {"tinh": (10, 15), "huyen": (6, 9), "xa": (1, 1)}
    rows = []
    for unit in reg.admin_units():
        level = unit["level"]
        row = base_row(unit, year)
        row["tong_so_ho_so_cong_viec"], row["so_ho_so_xu_ly_tren_mang"] = pair(
            rng, *files[level], (0.5, 0.95))
        row["tong_so_van_ban"], row["so_van_ban_dien_tu_ky_so"] = pair(
            rng, *docs[level], (0.8, 1.0))
        row["tong_so_dich_vu_cong"], row["so_dich_vu_cong_muc_do_4"] = pair(
            rng, *services[level], (0.7, 1.0))
        row["tong_so_co_quan_dang"], row["so_co_quan_dang_chuan_hoa_tthc"] = pair(
            rng, *agencies[level], (0.6, 1.0))
        row["ty_le_giam_thoi_gian_hop"] = None if rng.random() < 0.3 else rng.randint(20, 60)
        rows.append(row)
    communes_by_district = {
        d["code"]: [r for r in rows if reg.by_code[r["ma_don_vi"]]["parent_code"] == d["code"]]
        for d in reg.level("huyen")}
    blank_pairs_at_communes(rng, communes_by_district)
    if flavour == "a":
        force_commune_file_ratio_60(rng, [r for c in communes_by_district.values() for r in c])
    else:
        for row in rows:  # T3.2 no_data: nobody reports public services
            row["tong_so_dich_vu_cong"] = row["so_dich_vu_cong_muc_do_4"] = None
    first_communes = next(iter(communes_by_district.values()))
    first_communes[0].update(tong_so_co_quan_dang=0, so_co_quan_dang_chuan_hoa_tthc=0)
    rows[0]["ty_le_giam_thoi_gian_hop"] = 45
    return rows


def blank_pairs_at_communes(rng, communes_by_district: dict[str, list[dict]]) -> None:
    """Blank a pair at one commune of some districts (never all communes of a district)."""
    for index, communes in enumerate(communes_by_district.values()):
        for total, part in (("tong_so_ho_so_cong_viec", "so_ho_so_xu_ly_tren_mang"),
                            ("tong_so_van_ban", "so_van_ban_dien_tu_ky_so")):
            if index == 0 or rng.random() < 0.5:
                row = rng.choice(communes)
                row[total] = row[part] = None


def force_commune_file_ratio_60(rng, commune_rows: list[dict]) -> None:
    """Make Σ online files / Σ files over communes exactly 60% (T3.1c at its threshold)."""
    rows = [r for r in commune_rows if r["tong_so_ho_so_cong_viec"] is not None]
    for row in rows:
        row["tong_so_ho_so_cong_viec"] = 5 * rng.randint(80, 180)
    deltas = []
    for _ in range(0, len(rows), 2):
        d = rng.randint(-40, 40)
        deltas += [d, -d]
    if len(rows) % 2:
        deltas[len(rows) - 1] = 0
    for row, d in zip(rows, deltas, strict=False):  # deltas may have one spare
        row["so_ho_so_xu_ly_tren_mang"] = row["tong_so_ho_so_cong_viec"] * 3 // 5 + d


def gen_mat_tran_doan_the(rng, reg: Registry, year: int, flavour: str) -> list[dict]:
    """Biểu 06: six organisations at tinh/huyen, five at xa; threshold counts occur."""
    rows = []
    for unit in reg.admin_units():
        at_xa = unit["level"] == "xa"
        for org in ORGS_XA if at_xa else ORGS_HUYEN:
            rows.append(base_row(unit, year) | {
                "to_chuc": org,
                "so_cuoc_giam_sat": rng.choice([0, 1, 1, 2, 3] if at_xa else [1, 2, 2, 3, 4, 5]),
                "so_cuoc_phan_bien": rng.choice([0, 1, 1, 2]),
                "xep_loai": (rng.choices(RATINGS, weights=[3, 6, 2, 1])[0]
                             if at_xa or rng.random() < 0.5 else None)})
    upper = [r for r in rows if reg.by_code[r["ma_don_vi"]]["level"] != "xa"]
    lower = [r for r in rows if reg.by_code[r["ma_don_vi"]]["level"] == "xa"]
    upper[0].update(so_cuoc_giam_sat=2, so_cuoc_phan_bien=1)
    upper[1].update(so_cuoc_giam_sat=1, so_cuoc_phan_bien=3)
    lower[0]["so_cuoc_giam_sat"], lower[1]["so_cuoc_giam_sat"] = 0, 1
    for row, rating in zip(rng.sample(lower, 4), RATINGS, strict=True):
        row["xep_loai"] = rating
    return rows


def gen_doanh_nghiep(rng, reg: Registry, year: int, flavour: str) -> list[dict]:
    """Biểu 07: 8-10 enterprises per district, at the district or one of its communes."""
    rows = []
    for district in reg.level("huyen"):
        places = [district] + reg.children(district["code"])
        for _ in range(rng.randint(8, 10)):
            place = rng.choice(places)
            founded = year if rng.random() < 0.3 else rng.randint(2005, year - 1)
            rows.append(base_row(place, year) | {
                "ma_so_thue": f"27{rng.randint(0, 10**6 - 1):06d}{len(rows):02d}",
                "ten_doanh_nghiep": enterprise_name(rng, place, len(rows) + 1),
                "so_lao_dong": rng.choice([5, 12, 24, 25, 30, 48, 60, 120, 250]),
                "nam_thanh_lap": founded,
                "du_dieu_kien_thanh_lap_cong_doan": rng.random() < 0.6,
                "co_cong_doan_co_so": rng.random() < 0.6,
                "nam_thanh_lap_to_chuc_doan": None})
    rows[0]["ma_so_thue"] = "0109876543"            # leading zero: must stay text
    rows[1]["ma_so_thue"] = rows[1]["ma_so_thue"] + "-001"  # branch
    rows[2]["so_lao_dong"], rows[3]["so_lao_dong"] = 24, 25
    shape_new_enterprises(rng, rows, year, flavour)
    set_youth_union_years(rng, rows, reg, year, flavour)
    ensure_both(rows, "co_cong_doan_co_so", rng)
    for row in rows:  # union members: some of the workers where there is a union, else none
        members = round(row["so_lao_dong"] * rng.uniform(0.3, 1.0))
        row["so_doan_vien_cong_doan"] = members if row["co_cong_doan_co_so"] else 0
    rows[7]["so_doan_vien_cong_doan"] = None  # not given: the ratio leaves the row out
    rows[8]["so_doan_vien_cong_doan"] = rows[8]["so_lao_dong"]  # every worker a member
    return rows


def shape_new_enterprises(rng, rows: list[dict], year: int, flavour: str) -> None:
    """Flavour a: new enterprises are all ineligible (T5.2 no_data); b: some are eligible."""
    rows[4]["nam_thanh_lap"] = rows[5]["nam_thanh_lap"] = rows[6]["nam_thanh_lap"] = year
    new = [r for r in rows if r["nam_thanh_lap"] == year]
    if flavour == "a":
        for row in new:
            row["du_dieu_kien_thanh_lap_cong_doan"] = False
    else:
        rows[4].update(du_dieu_kien_thanh_lap_cong_doan=True, co_cong_doan_co_so=True)
        rows[5].update(du_dieu_kien_thanh_lap_cong_doan=True, co_cong_doan_co_so=False)


def set_youth_union_years(rng, rows: list[dict], reg: Registry, year: int, flavour: str) -> None:
    """Youth Union founded this year in exactly 15 (flavour b) or 8-20 enterprises,
    at least one per district; older or no organisation elsewhere."""
    wanted = 15 if flavour == "b" else rng.randint(8, min(20, len(rows)))
    by_district = defaultdict(list)
    for index, row in enumerate(rows):
        by_district[reg.district_of(row["ma_don_vi"])].append(index)
    chosen = {rng.choice(group) for group in by_district.values()}
    rest = [i for i in range(len(rows)) if i not in chosen]
    chosen |= set(rng.sample(rest, wanted - len(chosen)))
    for index, row in enumerate(rows):
        if index in chosen:
            row["nam_thanh_lap_to_chuc_doan"] = year
        elif row["nam_thanh_lap"] < year and rng.random() < 0.5:
            row["nam_thanh_lap_to_chuc_doan"] = rng.randint(row["nam_thanh_lap"], year - 1)


def gen_ket_nap_dang(rng, reg: Registry, year: int, flavour: str) -> list[dict]:
    """Biểu 08: each district committee + 2-3 province-level committees; T6.1 = 85 or 84."""
    province = reg.by_code[PROVINCE]
    rows = [base_row(d, year) | {"to_chuc_dang": f"Đảng bộ {d['name'][0].lower()}{d['name'][1:]}"}
            for d in reg.level("huyen")]
    rows += [base_row(province, year) | {"to_chuc_dang": body}
             for body in rng.sample(PROVINCE_PARTY_BODIES, rng.choice([2, 3]))]
    religious = split_total(rng, 85 if flavour == "a" else 84, len(rows))
    for row, count in zip(rows, religious, strict=True):
        row["so_dang_vien_moi_co_ton_giao"] = count
        row["so_dang_vien_moi"] = count + rng.randint(30, 200)
    return rows


def gen_thon(rng, reg: Registry, year: int, flavour: str) -> list[dict]:
    """Biểu 09: every village; 3 and exactly 4 models both occur."""
    rows = [{"ma_don_vi": v["code"], "ma_xa": v["parent_code"], "ten_thon": v["name"], "nam": year,
             "so_mo_hinh_tu_quan_hieu_qua": rng.choice([2, 3, 4, 4, 5, 6]),
             "co_to_hoa_giai_hieu_qua": rng.random() < 0.8}
            for v in reg.level("thon")]
    rows[0]["so_mo_hinh_tu_quan_hieu_qua"], rows[1]["so_mo_hinh_tu_quan_hieu_qua"] = 3, 4
    ensure_both(rows, "co_to_hoa_giai_hieu_qua", rng)
    for row in rows:
        row["so_ho"] = rng.randint(40, 400)
        row["so_ho_tham_gia_hop"] = round(row["so_ho"] * rng.uniform(0.4, 1.0))
    rows[2]["so_ho_tham_gia_hop"] = None  # households given, participants not: left out
    rows[3]["so_ho_tham_gia_hop"] = rows[3]["so_ho"]
    return rows


def programme_months(year: int) -> int:
    """Months of the programme in `year`: it starts on 29/6/2021, so July-December 2021."""
    return 6 if year == 2021 else 12


def gen_hoat_dong_tinh(rng, reg: Registry, year: int, flavour: str) -> list[dict]:
    """Biểu 10: the province's single row, fixed by flavour."""
    a = flavour == "a"
    return [base_row(reg.by_code[PROVINCE], year) | {
        "so_thang_co_chuyen_muc_dan_van": programme_months(year) if a else 11,
        "so_ky_chuyen_muc_dan_van": 12 if a else 11,
        "so_hoi_nghi_bieu_duong_dan_van_kheo": 1 if a else 0,
        "so_hoi_nghi_bieu_duong_nguoi_co_uy_tin": 0 if a else 2,
        "co_thang_cao_diem_dan_van": a}]


def indices(seed: int, year: int) -> dict[str, float]:
    """The province's four indices of `year` (their own generator, so the year before is
    known): PAR INDEX 80-90, SIPAS 80-88, PCI 62-70, PAPI 41-46, two decimals."""
    rng = random.Random(f"indices:{seed}:{year}")
    return {"par_index": round(rng.uniform(80, 90), 2), "sipas": round(rng.uniform(80, 88), 2),
            "pci": round(rng.uniform(62, 70), 2), "papi": round(rng.uniform(41, 46), 2)}


def gen_chi_so_tinh(rng, reg: Registry, year: int, flavour: str, seed: int) -> list[dict]:
    """Biểu 11: one province row; flavour a keeps SIPAS at the same value every year (equal
    is not an improvement), flavour b leaves PAPI blank (NV13 no_data)."""
    values = indices(seed, year)
    if flavour == "a":
        values["sipas"] = indices(seed, 2021)["sipas"]
    else:
        values["papi"] = None
    return [base_row(reg.by_code[PROVINCE], year) | values]


def gen_on_dinh_co_so(rng, reg: Registry, year: int, flavour: str) -> list[dict]:
    """Biểu 12: districts and communes; flavour a has no hot spot or mass complaint,
    flavour b has a few; one unit leaves its "Dân vận khéo" count blank."""
    rows = []
    for unit in reg.admin_units():
        if unit["level"] == "tinh":
            continue
        trouble = flavour == "b" and rng.random() < 0.3
        hot = trouble and rng.random() < 0.5
        rows.append(base_row(unit, year) | {
            "so_diem_nong_moi": rng.randint(1, 2) if hot else 0,
            "so_vu_khieu_kien_dong_nguoi_moi": rng.randint(1, 3) if trouble and not hot else 0,
            "so_mo_hinh_dan_van_kheo": rng.randint(0, 4)})
    if flavour == "b":
        rows[1].update(so_diem_nong_moi=1, so_vu_khieu_kien_dong_nguoi_moi=2)  # both at once
    rows[-1]["so_mo_hinh_dan_van_kheo"] = None
    return rows


GENERATORS = {
    "cap_uy": gen_cap_uy, "doi_thoai": gen_doi_thoai, "qcdc": gen_qcdc,
    "dan_van_chinh_quyen": gen_dan_van_chinh_quyen, "chuyen_doi_so": gen_chuyen_doi_so,
    "mat_tran_doan_the": gen_mat_tran_doan_the, "doanh_nghiep": gen_doanh_nghiep,
    "ket_nap_dang": gen_ket_nap_dang, "thon": gen_thon, "hoat_dong_tinh": gen_hoat_dong_tinh,
    "chi_so_tinh": gen_chi_so_tinh, "on_dinh_co_so": gen_on_dinh_co_so,
}


def flavour_of(seed: int) -> str:
    """Which set of deliberate edge cases a seed gets (see the module docstring)."""
    return "a" if seed % 2 == 0 else "b"


def has_old_files(year: int, seed: int) -> bool:
    """Whether `year`'s files predate the issue-10 columns (flavour b before NEW_FROM)."""
    return flavour_of(seed) == "b" and year < NEW_FROM


def columns_of(form: str, old_files: bool) -> list[str]:
    """The columns written for `form`: without NEW_COLUMNS in old files."""
    return [c for c in COLUMNS[form] if not (old_files and c in NEW_COLUMNS)]


def generate(year: int, seed: int) -> tuple[list[dict], dict[str, list[dict]]]:
    """The registry (the same for every year of a seed) and every form's rows of `year`
    (no files written); in old files the new columns hold None."""
    units = build_registry(random.Random(seed))
    reg = Registry(units)
    rng, flavour = random.Random(f"rows:{seed}:{year}"), flavour_of(seed)
    rows = {}
    for form in FORMS:
        extra = {"seed": seed} if form == "chi_so_tinh" else {}
        rows[form] = GENERATORS[form](rng, reg, year, flavour, **extra)
    if has_old_files(year, seed):
        for form_rows in rows.values():
            for row in form_rows:
                row.update({c: None for c in NEW_COLUMNS if c in row})
    return units, rows


# --------------------------------------------------------------------------- writing

def write_year(root: Path, year: int, shape: Literal["csv", "xlsx"], seed: int) -> dict:
    """Write `units.csv` and one year of every form into `root`; return the rows by form.

    Rows are dicts with canonical keys and typed values (codes as registry text,
    ints, bools, choice keys, None for blank)."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    units, rows = generate(year, seed)
    old = has_old_files(year, seed)
    write_units(root, units)
    if shape == "csv":
        write_csv_forms(root, rows, old)
    elif shape == "xlsx":
        write_xlsx_forms(root, rows, Registry(units), random.Random(seed + 1), old)
    else:
        raise ValueError(f"unknown shape {shape!r}")
    return rows


def write_years(base: Path, years, shape: Literal["csv", "xlsx"], seed: int) -> dict:
    """`write_year` into sibling folders `base/<year>`; returns {year: rows by form}."""
    return {year: write_year(Path(base) / str(year), year, shape, seed) for year in years}


def csv_cell(value) -> str:
    """Canonical CSV text: booleans 1/0, blank for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def write_csv_forms(root: Path, rows: dict[str, list[dict]], old: bool = False) -> None:
    """One UTF-8 CSV per form, canonical header and values."""
    for form, form_rows in rows.items():
        columns = columns_of(form, old)
        with (root / f"{form}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            writer.writerows([csv_cell(row[c]) for c in columns] for row in form_rows)


def load_labels() -> dict:
    """Form number/title, column labels and choice labels from targets.yaml."""
    spec = yaml.safe_load(TARGETS_YAML.read_text(encoding="utf-8"))
    labels = {}
    for form in FORMS:
        entry = spec["forms"][form]
        columns = {c["name"]: c for c in entry["columns"]}
        labels[form] = {
            "number": entry["number"], "title": entry["title"],
            "columns": {name: columns[name]["label"] for name in COLUMNS[form]},
            "choices": {name: {k: v["label"] for k, v in columns[name]["choices"].items()}
                        for name in COLUMNS[form] if name in CHOICE_COLUMNS},
        }
    return labels


def slug(text: str) -> str:
    """ASCII file name from a Vietnamese name ("Huyện Nho Quan" -> "huyen_nho_quan")."""
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return "_".join(plain.lower().split())


def xlsx_cell(column: str, value, choice_labels: dict, rng: random.Random):
    """Value as a district would type it in Excel."""
    if value is None:
        return None
    if column in UNIT_COLUMNS:
        return int(value) if value.isdigit() else value  # Excel keeps numeric codes as numbers
    if column in BOOL_COLUMNS:
        return "Có" if value else "Không"
    if column in CHOICE_COLUMNS:
        aliases = CHOICE_ALIASES[column].get(value, [])
        if aliases and rng.random() < 0.3:
            return rng.choice(aliases)
        return choice_labels[column][value]
    return value


def write_xlsx_forms(root: Path, rows: dict[str, list[dict]], reg: Registry,
                     rng: random.Random, old: bool = False) -> None:
    """One workbook per district (its own, its communes', villages' and enterprises' rows),
    province rows in `tinh.xlsx`; one sheet per form under 2-3 title rows."""
    labels = load_labels()
    books: dict[str | None, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for form in FORMS:
        for row in rows[form]:
            books[reg.district_of(row["ma_don_vi"])][form].append(row)
    for district, forms in books.items():
        unit = reg.by_code[district or PROVINCE]
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for index, (form, form_rows) in enumerate(forms.items()):
            write_sheet(wb, labels[form], columns_of(form, old), form_rows, unit["name"],
                        index % 2 == 0, rng)
        wb.save(root / ("tinh.xlsx" if district is None else f"{slug(unit['name'])}.xlsx"))


def write_sheet(wb, labels: dict, columns: list[str], rows: list[dict], unit_name: str,
                blank_title_row: bool, rng: random.Random) -> None:
    """A form sheet: title, "Đơn vị: …", optional blank row, label header, data."""
    ws = wb.create_sheet(f"Biểu {labels['number']}")
    ws.append([f"BIỂU MẪU SỐ {labels['number']}: {labels['title'].upper()}"])
    ws.append([f"Đơn vị: {unit_name}"])
    if blank_title_row:
        ws.append([])
    ws.append([labels["columns"][c] for c in columns])
    for row in rows:
        ws.append([xlsx_cell(c, row[c], labels["choices"], rng) for c in columns])


# --------------------------------------------------------------------------- self-check

def parse_text_cell(column: str, text: str, choices: dict):
    """Canonical value of a CSV cell or of an xlsx cell read as text."""
    text = text.strip()
    if text == "":
        return None
    if column in TEXT_COLUMNS:
        return text
    if column in BOOL_COLUMNS:
        return {"1": True, "0": False, "Có": True, "Không": False}[text]
    if column in CHOICE_COLUMNS:
        return choices[column][text]
    return float(text) if column in NUMBER_COLUMNS else int(text)


def reverse_choices(labels: dict) -> dict:
    """Choice text (key, label or alias) -> canonical key, per column."""
    out = {}
    for column, keys in labels["choices"].items():
        out[column] = {k: k for k in keys} | {v: k for k, v in keys.items()}
        for key, aliases in CHOICE_ALIASES[column].items():
            out[column].update({a: key for a in aliases})
    return out


def read_back(root: Path, shape: str) -> dict[str, list[dict]]:
    """Read the written files with plain csv/openpyxl (self-check of the generator)."""
    labels = load_labels()
    found: dict[str, list[dict]] = {form: [] for form in FORMS}
    if shape == "csv":
        for form in FORMS:
            choices = reverse_choices(labels[form])
            with (Path(root) / f"{form}.csv").open(encoding="utf-8", newline="") as f:
                for record in csv.DictReader(f):  # a column not in the file reads blank
                    found[form].append({c: parse_text_cell(c, record.get(c, ""), choices)
                                        for c in COLUMNS[form]})
        return found
    by_number = {labels[f]["number"]: f for f in FORMS}
    for path in sorted(Path(root).glob("*.xlsx")):
        for ws in openpyxl.load_workbook(path, read_only=True).worksheets:
            form = by_number[ws.title.split()[-1]]
            found[form] += read_sheet(ws, form, labels[form])
    return found


def read_sheet(ws, form: str, labels: dict) -> list[dict]:
    """Rows below the label header of one sheet, as canonical typed dicts (a column the
    sheet does not have reads blank)."""
    choices = reverse_choices(labels)
    by_label = {labels["columns"][c]: c for c in COLUMNS[form]}
    rows, names = [], None
    for values in ws.iter_rows(values_only=True):
        if names is None:
            if values and values[0] == labels["columns"][COLUMNS[form][0]]:
                names = [by_label[v] for v in values if v is not None]
            continue
        read = dict(zip(names, values, strict=False))
        rows.append({c: parse_text_cell(c, "" if read.get(c) is None else str(read[c]), choices)
                     for c in COLUMNS[form]})
    return rows


def canonical_sorted(rows: list[dict], columns: list[str]) -> list[tuple]:
    """Rows as sorted tuples over `columns`, for order-free comparison."""
    return sorted(tuple(row[c] for c in columns) for row in rows)


def self_check(root: Path, years=(2022, 2023), seeds=(4, 7)) -> None:
    """Write both shapes for a few seeds and check they read back to the same rows."""
    for seed in seeds:
        for shape, year in ((shape, year) for shape in ("csv", "xlsx") for year in years):
            folder = Path(root) / f"{shape}-{seed}" / str(year)
            rows = write_year(folder, year, shape, seed)
            back = read_back(folder, shape)
            for form in FORMS:
                assert canonical_sorted(back[form], COLUMNS[form]) == \
                    canonical_sorted(rows[form], COLUMNS[form]), (shape, seed, form)
    print("generator self-check ok")


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        self_check(Path(tmp))
