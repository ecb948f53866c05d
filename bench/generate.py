"""Generate a national-scale synthetic dataset for danvan's performance benchmark.

Layout under ``--root`` (default /tmp/danvan-bench):

    units.csv                     one registry for every year: a single root "Việt Nam"
                                  (code 00, level tinh), ~700 districts (huyen, codes
                                  001…700), ~10,000 communes (xa, 5-digit codes with
                                  leading zeros), ~100,000 villages (thon, <commune>-NN)
    csv/<year>/<form>_<chunk>.csv one file per form per ~50 districts; canonical column
                                  names, canonical choice keys, a `nam` column; the root
                                  unit's own rows are in chunk 00
    xlsx/<year>/<code>_<slug>.xlsx one workbook per district (plus 00_viet_nam.xlsx for the
                                  root's own rows), one sheet per form ("Biểu 01" …), two
                                  title rows above a header of the Vietnamese labels,
                                  numbers as numeric cells, codes as text cells

Every year has every form filled for every unit that must submit (~270,000 data rows at
scale 1.0, ~50,000 of them enterprises in doanh_nghiep) and no errors. The CSV and xlsx
trees of a year hold the same rows, so `danvan score` must give the same values on both.

Deterministic: every draw comes from random.Random seeded with SEED plus a label, stable
per-unit traits from crc32 of the code, and workbooks carry fixed timestamps, so a rerun
gives byte-identical files. Nothing here imports danvan.

    python bench/generate.py --root /tmp/danvan-bench --years 2021..2025 --format csv
    python bench/generate.py --root /tmp/danvan-bench --years 2023 --format xlsx
    python bench/generate.py --scale 0.1 --root /tmp/danvan-bench-small
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import json
import os
import random
import re
import sys
import time
import unicodedata
import zipfile
import zlib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ROOT = Path(os.environ.get("DANVAN_BENCH_ROOT", "/tmp/danvan-bench"))
SEED = 2025
ROOT_CODE, ROOT_NAME = "00", "Việt Nam"
FIRST_YEAR = 2021
CHUNK_DISTRICTS = 50  # districts per CSV file
FIXED_TIME = datetime.datetime(2025, 1, 1)
UNIT_COLUMNS = ["code", "name", "level", "parent_code", "type"]

# Forms in sheet order; doanh_nghiep and hoat_dong_tinh included.
FORMS = [
    "cap_uy", "doi_thoai", "qcdc", "dan_van_chinh_quyen", "chuyen_doi_so",
    "mat_tran_doan_the", "doanh_nghiep", "ket_nap_dang", "thon", "hoat_dong_tinh",
]
ORGS = ["mttq", "cong_doan", "phu_nu", "nong_dan", "cuu_chien_binh", "doan_thanh_nien"]
ROOT_AGENCIES = [
    "Văn phòng Chính phủ", "Bộ Nội vụ", "Bộ Tư pháp", "Bộ Y tế", "Bộ Xây dựng",
    "Bộ Tài nguyên và Môi trường", "Bộ Lao động - Thương binh và Xã hội",
    "Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Giáo dục và Đào tạo", "Bộ Thông tin và Truyền thông",
]
DISTRICT_AGENCIES = [
    "Phòng Nội vụ", "Phòng Tư pháp", "Phòng Tài nguyên và Môi trường",
    "Phòng Lao động - Thương binh và Xã hội", "Phòng Văn hóa và Thông tin",
]
ROOT_PARTY = ["Đảng bộ Khối các cơ quan Trung ương", "Đảng bộ Khối Doanh nghiệp Trung ương", "Đảng bộ Quân đội"]
SYLLABLES = (
    "An Bình Cát Đông Tây Nam Bắc Hòa Hưng Khánh Lạc Long Minh Ninh Phú Phúc Quang Sơn Tân "
    "Thành Thịnh Thuận Tiến Trung Vĩnh Xuân Yên Gia Hải Hà Lâm Mỹ Nghĩa Đức Hồng Kim Lợi "
    "Thượng Hạ Văn Cẩm Định Hiệp Lộc Mai Tường Vân Thạch Thanh Thái Hoàng Diễn"
).split()
SURNAMES = "Nguyễn Trần Lê Phạm Hoàng Vũ Đinh Bùi Đỗ Ngô Dương Lương Mai Tạ".split()
MIDDLES = "Văn Thị Đức Minh Quang Hữu Thanh Xuân Ngọc Công".split()
GIVENS = "Hùng Hải Tuấn Lan Hoa Bình Cường Dũng Hà Long Nam Phương Sơn Thắng Thủy Trung".split()
FIRM_KINDS = ["Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV", "Doanh nghiệp tư nhân"]
FIRM_TRADES = (
    "May mặc|Giày da|Xây dựng|Vật liệu xây dựng|Thương mại và Dịch vụ|Du lịch|Cơ khí|"
    "Chế biến nông sản|Vận tải|Điện tử|Thực phẩm|Dệt may|Khách sạn|Thủy sản|Gỗ"
).split("|")
# Gradual indicators by year (index = year - 2021, clamped to 0..4).
CURVES = {
    "mo_hinh_4": [0.55, 0.64, 0.73, 0.83, 0.92],
    "hoa_giai": [0.62, 0.68, 0.74, 0.79, 0.84],
    "hs": {"tinh": [0.70, 0.76, 0.82, 0.87, 0.92], "huyen": [0.55, 0.62, 0.68, 0.74, 0.82],
           "xa": [0.35, 0.42, 0.49, 0.56, 0.62]},
    "ky_so": [0.74, 0.81, 0.87, 0.93, 0.97],
    "dvc4": [0.70, 0.78, 0.86, 0.93, 1.0],
    "tthc": [0.40, 0.60, 0.75, 0.90, 1.0],
    "giam_hop": [20, 26, 33, 38, 45],
    "cdcs": [0.63, 0.68, 0.73, 0.78, 0.82],
    "cntt": [0.70, 0.78, 0.86, 0.94, 1.0],
    "du_hop": [0.86, 0.90, 0.93, 0.95, 0.97],
    "good": [0.80, 0.83, 0.88, 0.86, 0.91],
    "miss": [0.010, 0.006, 0.003, 0.002, 0.0],  # share of rows missing an annual target
}


def rng_for(*parts) -> random.Random:
    return random.Random(":".join(map(str, (SEED, *parts))))


def trait(code: str, label: str) -> float:
    """A stable pseudo-random number in [0, 1) for a unit, independent of the year."""
    return zlib.crc32(f"{label}:{code}".encode()) / 2**32


def slug(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def place_name(rng: random.Random) -> str:
    return " ".join(rng.sample(SYLLABLES, 2))


# ---------------------------------------------------------------------------
# Registry and firms
# ---------------------------------------------------------------------------


class World:
    """The registry (stable over the years) and the firms, built from the seed and scale."""

    def __init__(self, scale: float):
        rng = rng_for("registry")
        self.root = {"code": ROOT_CODE, "name": ROOT_NAME, "level": "tinh", "parent_code": "", "type": "Quốc gia"}
        self.districts: list[dict] = []
        self.communes_of: dict[str, list[dict]] = {}
        self.villages_of: dict[str, list[dict]] = {}
        n_districts = max(1, round(700 * scale))
        commune_no = 0
        for i in range(1, n_districts + 1):
            kind = rng.choices(["Huyện", "Thành phố", "Thị xã", "Quận"], [70, 12, 8, 10])[0]
            d = {"code": f"{i:03d}", "name": f"{kind} {place_name(rng)}", "level": "huyen",
                 "parent_code": ROOT_CODE, "type": kind}
            self.districts.append(d)
            communes = []
            for _ in range(rng.randint(8, 21)):
                commune_no += 1
                town = kind in ("Thành phố", "Quận", "Thị xã") and rng.random() < 0.6
                ckind = ("Phường" if kind != "Huyện" else "Thị trấn") if town else "Xã"
                c = {"code": f"{commune_no:05d}", "name": f"{ckind} {place_name(rng)}", "level": "xa",
                     "parent_code": d["code"], "type": ckind}
                communes.append(c)
                vkind = ("Tổ dân phố" if rng.random() < 0.5 else "Phố") if town else ("Thôn" if rng.random() < 0.5 else "Xóm")
                self.villages_of[c["code"]] = [
                    {"code": f"{c['code']}-{j:02d}", "name": f"{vkind} {j}", "level": "thon",
                     "parent_code": c["code"], "type": vkind}
                    for j in range(1, rng.randint(5, 15) + 1)
                ]
            self.communes_of[d["code"]] = communes
        self.firms = self._make_firms(scale)

    def units(self) -> list[dict]:
        out = [self.root, *self.districts]
        for d in self.districts:
            out += self.communes_of[d["code"]]
        for d in self.districts:
            for c in self.communes_of[d["code"]]:
                out += self.villages_of[c["code"]]
        return out

    def _make_firms(self, scale: float) -> dict[str, list[dict]]:
        """~47,000 firms founded 1995-2020 plus ~1,300 a year from 2021, a few closing;
        about 50,000 open in 2023 at scale 1. Grouped by district code."""
        rng = rng_for("firms")
        n_old, n_new = round(47_000 * scale), round(1_300 * scale)
        founded = [rng.randint(1995, 2020) for _ in range(n_old)]
        founded += [y for y in range(FIRST_YEAR, FIRST_YEAR + 5) for _ in range(n_new)]
        codes = rng.sample(range(10**9, 10**10), len(founded))
        firms: dict[str, list[dict]] = {d["code"]: [] for d in self.districts}
        for year, code in zip(founded, codes, strict=True):
            d = self.districts[int(len(self.districts) * rng.random() ** 1.3)]  # denser in low codes
            communes = self.communes_of[d["code"]]
            staff = round(3 * 500 ** rng.random())
            u = rng.random()
            if staff >= 5 and year >= FIRST_YEAR:
                union = year if rng.random() > 0.03 else year + 1
            elif staff >= 25:
                later = [FIRST_YEAR + k for k, s in enumerate(CURVES["cdcs"]) if u < s]
                union = (max(year, 2012) if later[0] == FIRST_YEAR else later[0]) if later else None
            elif staff >= 5:
                union = max(year, 2015) if u < 0.3 else None
            else:
                union = None
            doan = rng.randint(max(year, 2005), 2025) if staff >= 10 and rng.random() < 0.25 else None
            closed = rng.randint(2021, 2026) if year < FIRST_YEAR and rng.random() < 0.06 else None
            mst = f"{code:010d}" + ("-001" if rng.random() < 0.01 else "")
            firms[d["code"]].append({
                "ma_so_thue": mst,
                "ten_doanh_nghiep": f"{rng.choice(FIRM_KINDS)} {rng.choice(FIRM_TRADES)} {place_name(rng)} {code % 1000:03d}",
                "where": d["code"] if rng.random() < 0.2 else rng.choice(communes)["code"],
                "founded": year, "staff": staff, "union": union, "doan": doan, "closed": closed,
            })
        return firms


# ---------------------------------------------------------------------------
# Rows of one year, per district (canonical values: ints, floats, bools, choice keys, None)
# ---------------------------------------------------------------------------


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"


def rated(rng: random.Random, good: float) -> str:
    if rng.random() < good:
        return rng.choice(["xuat_sac", "tot", "tot"])
    return rng.choice(["hoan_thanh"] * 9 + ["khong_hoan_thanh"])


def part(rng: random.Random, total: int, share: float, spread: float = 0.06) -> int:
    if share >= 1:
        return total
    return min(total, round(total * max(0.0, share + rng.uniform(-spread, spread))))


def in_phrase(name: str) -> str:
    return name[0].lower() + name[1:]


class YearRows:
    """Builds the rows of every form for one unit group (the root, or one district)."""

    def __init__(self, world: World, year: int):
        self.w, self.year = world, year
        self.k = min(4, max(0, year - FIRST_YEAR))

    def c(self, name: str, level: str | None = None) -> float:
        curve = CURVES[name]
        return (curve[level] if level else curve)[self.k]

    def for_root(self) -> dict[str, list[dict]]:
        rng = rng_for(self.year, "root")
        admin = [self.w.root]
        rows = self._admin_forms(rng, admin)
        rows["doanh_nghiep"] = []
        rows["ket_nap_dang"] = [
            self._row(self.w.root, to_chuc_dang=name, **self._new_members(rng, 40, 160)) for name in ROOT_PARTY
        ]
        rows["thon"] = []
        rows["hoat_dong_tinh"] = [self._row(
            self.w.root, so_ky_chuyen_muc_dan_van=[10, 12, 12, 11, 12][self.k],
            so_hoi_nghi_bieu_duong_dan_van_kheo=[0, 1, 0, 1, 1][self.k],
            so_hoi_nghi_bieu_duong_nguoi_co_uy_tin=[1, 0, 1, 0, 1][self.k],
            co_thang_cao_diem_dan_van=True)]
        return rows

    def for_district(self, d: dict) -> dict[str, list[dict]]:
        rng = rng_for(self.year, "district", d["code"])
        communes = self.w.communes_of[d["code"]]
        rows = self._admin_forms(rng, [d, *communes])
        rows["doanh_nghiep"] = self._firms(d)
        rows["ket_nap_dang"] = [self._row(d, to_chuc_dang=f"Đảng bộ {in_phrase(d['name'])}",
                                          **self._new_members(rng, 60, 300))]
        rows["thon"] = [self._village(v) for c in communes for v in self.w.villages_of[c["code"]]]
        rows["hoat_dong_tinh"] = []
        return rows

    @staticmethod
    def _row(unit: dict, **values) -> dict:
        return {"ma_don_vi": unit["code"], "ten_don_vi": unit["name"], **values}

    def _new_members(self, rng: random.Random, low: int, high: int) -> dict:
        new = rng.randint(low, high)
        return {"so_dang_vien_moi": new, "so_dang_vien_moi_co_ton_giao": min(new, round(new * rng.uniform(0, 0.08)))}

    def _admin_forms(self, rng: random.Random, units: list[dict]) -> dict[str, list[dict]]:
        miss = self.c("miss")
        out: dict[str, list[dict]] = {f: [] for f in FORMS}
        for u in units:
            lvl, code = u["level"], u["code"]
            size = {"tinh": 61, "huyen": 33, "xa": 13}[lvl] + int(trait(code, "size") * 9)
            out["cap_uy"].append(self._row(
                u, tong_so_cap_uy_vien=size,
                so_cap_uy_vien_guong_mau=size - (rng.randint(1, 2) if rng.random() < miss * 3 else 0),
                co_phan_cong_phu_trach_dan_van=rng.random() >= miss,
                so_cap_uy_vien_du_hop_hang_thang=None if lvl == "tinh" else part(rng, size, self.c("du_hop"), 0.05)))
            for role in ("bi_thu", "chu_tich_ubnd"):
                out["doi_thoai"].append(self._row(
                    u, chuc_danh=role, ho_ten=person(rng),
                    so_cuoc_doi_thoai=0 if rng.random() < miss else rng.randint(1, 2 + self.k)))
            out["qcdc"].append(self._row(u, xep_loai=rated(rng, self.c("good"))))
            agencies = ROOT_AGENCIES if lvl == "tinh" else [f"UBND {in_phrase(u['name'])}"] + (
                DISTRICT_AGENCIES if lvl == "huyen" else [])
            for agency in agencies:
                staff = rng.randint(1, 2 if lvl == "xa" else 3)
                out["dan_van_chinh_quyen"].append(self._row(
                    u, co_quan=agency, so_can_bo_phu_trach_dan_van=staff,
                    so_can_bo_da_tap_huan=staff - (rng.random() < miss * 2),
                    co_ke_hoach_dan_van_chinh_quyen=rng.random() >= miss,
                    co_can_bo_phu_trach_cntt=trait(code + agency, "cntt") < self.c("cntt")))
            grow = 1 + 0.04 * self.k
            files = round(grow * {"tinh": 130000, "huyen": 4000, "xa": 600}[lvl] * (0.8 + 0.5 * trait(code, "files")))
            docs = round(grow * {"tinh": 220000, "huyen": 7000, "xa": 1200}[lvl] * (0.8 + 0.5 * trait(code, "docs")))
            services = None if lvl == "xa" and trait(code, "dvc") < 0.08 else (
                {"tinh": 1800, "huyen": 260, "xa": 105}[lvl] + int(trait(code, "dvcn") * 20))
            party = {"tinh": 40, "huyen": 6, "xa": None}[lvl]
            cut = None if lvl == "xa" and rng.random() < 0.3 else round(
                min(100.0, max(0.0, rng.gauss(self.c("giam_hop"), 6))), 1)
            out["chuyen_doi_so"].append(self._row(
                u, tong_so_ho_so_cong_viec=files,
                so_ho_so_xu_ly_tren_mang=part(rng, files, self.c("hs", lvl), 0.01 if lvl == "tinh" else 0.06),
                tong_so_van_ban=docs, so_van_ban_dien_tu_ky_so=part(rng, docs, self.c("ky_so")),
                tong_so_dich_vu_cong=services,
                so_dich_vu_cong_muc_do_4=None if services is None else part(rng, services, self.c("dvc4")),
                tong_so_co_quan_dang=party,
                so_co_quan_dang_chuan_hoa_tthc=None if party is None else part(rng, party, self.c("tthc")),
                ty_le_giam_thoi_gian_hop=cut))
            at_xa = lvl == "xa"
            for org in ORGS:
                if at_xa and org == "cong_doan":
                    continue
                weak = rng.random() < miss
                out["mat_tran_doan_the"].append(self._row(
                    u, to_chuc=org,
                    so_cuoc_giam_sat=(0 if at_xa else 1) if weak else rng.randint(1 if at_xa else 2, 5),
                    so_cuoc_phan_bien=rng.randint(0, 2) if at_xa else rng.randint(1, 3),
                    xep_loai=rated(rng, self.c("good") + 0.04)))
        return out

    def _village(self, v: dict) -> dict:
        u, m, h = trait(v["code"], "u"), trait(v["code"], "m"), trait(v["code"], "h")
        models = 4 + int(m * 3 + self.k * 0.4) if u < self.c("mo_hinh_4") else 1 + int(m * 3)
        return {"ma_don_vi": v["code"], "ten_don_vi": v["name"], "so_mo_hinh_tu_quan_hieu_qua": models,
                "co_to_hoa_giai_hieu_qua": h < self.c("hoa_giai")}

    def _firms(self, d: dict) -> list[dict]:
        names = {d["code"]: d["name"]} | {c["code"]: c["name"] for c in self.w.communes_of[d["code"]]}
        rows = []
        for f in self.w.firms[d["code"]]:
            if f["founded"] > self.year or (f["closed"] is not None and f["closed"] <= self.year):
                continue
            staff = round(f["staff"] * (1 + 0.03 * max(0, self.year - max(f["founded"], FIRST_YEAR))))
            rows.append({
                "ma_so_thue": f["ma_so_thue"], "ten_doanh_nghiep": f["ten_doanh_nghiep"],
                "ma_don_vi": f["where"], "ten_don_vi": names[f["where"]],
                "so_lao_dong": staff, "nam_thanh_lap": f["founded"],
                "du_dieu_kien_thanh_lap_cong_doan": staff >= 5,
                "co_cong_doan_co_so": f["union"] is not None and f["union"] <= self.year,
                "nam_thanh_lap_to_chuc_doan": f["doan"] if f["doan"] is not None and f["doan"] <= self.year else None,
            })
        return rows


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------


def load_forms() -> dict:
    spec = yaml.safe_load((REPO / "targets.yaml").read_text(encoding="utf-8"))
    return spec["forms"]


def csv_columns(form: dict) -> list[str]:
    return [c["name"] for c in form["columns"] if c["name"] not in ("ma_xa", "ten_thon")]


def csv_text(v, bools=("1", "0")) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return bools[0] if v else bools[1]
    return str(v)


def write_csv_year(folder: Path, forms: dict, groups: list[tuple[dict | None, dict]], year: int) -> int:
    """One file per form per CHUNK_DISTRICTS districts; the root's rows go in chunk 00."""
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    chunks: list[list[dict]] = []
    for i, (_, rows) in enumerate(groups):
        # groups[0] is the root; district i (1-based) goes to chunk (i - 1) // CHUNK_DISTRICTS
        c = 0 if i == 0 else (i - 1) // CHUNK_DISTRICTS
        while len(chunks) <= c:
            chunks.append([])
        chunks[c].append(rows)
    for name in FORMS:
        cols = csv_columns(forms[name])
        bools = ("true", "false") if name == "doanh_nghiep" else ("1", "0")
        for c, members in enumerate(chunks):
            rows = [r for m in members for r in m[name]]
            if not rows:
                continue
            with open(folder / f"{name}_{c:02d}.csv", "w", encoding="utf-8", newline="") as f:
                out = csv.writer(f, lineterminator="\n")
                out.writerow(cols)
                for r in rows:
                    out.writerow([str(year) if col == "nam" else csv_text(r.get(col), bools) for col in cols])
            n += len(rows)
    return n


class FixedTimeZip(zipfile.ZipFile):
    """A ZipFile whose members all carry FIXED_TIME, so workbooks are byte-identical on rerun."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, FIXED_TIME.timetuple()[:6])
            zinfo_or_arcname.compress_type = self.compression
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        with open(filename, "rb") as f:
            self.writestr(arcname or os.path.basename(filename), f.read())


def xlsx_columns(name: str, form: dict) -> list[dict]:
    return [c for c in form["columns"] if c["name"] not in ("nam", "ma_xa", "ten_thon")]


def cell_value(col: dict, v):
    if v is None:
        return None
    if isinstance(v, bool):
        return "Có" if v else "Không"
    if col["type"] == "choice":
        return col["choices"][v]["label"]
    if col["type"] in ("unit", "text"):
        return str(v)  # codes stay text: "001", "00001-01", "0123456789"
    return v


def write_workbook(path: Path, forms: dict, unit: dict, rows_by_form: dict, year: int) -> int:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook(write_only=True)
    wb.properties.creator = "danvan bench"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    n = 0
    for name in FORMS:
        rows = rows_by_form[name]
        if not rows:
            continue
        form = forms[name]
        cols = xlsx_columns(name, form)
        ws = wb.create_sheet(f"Biểu {form['number']}")
        ws.append([f"BIỂU MẪU SỐ {form['number']}: {form['title'].upper()}"])
        ws.append([f"Đơn vị: {unit['name']} - Năm {year}"])
        ws.append([c["label"] for c in cols])
        for r in rows:
            ws.append([cell_value(c, r.get(c["name"])) for c in cols])
        n += len(rows)
    with FixedTimeZip(path, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return n


def write_units(path: Path, units: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, UNIT_COLUMNS, lineterminator="\n")
        out.writeheader()
        out.writerows(units)


def parse_years(text: str) -> list[int]:
    if ".." in text:
        a, b = text.split("..")
        return list(range(int(a), int(b) + 1))
    return [int(y) for y in text.split(",")]


def generate(root: Path, years: list[int], scale: float, fmt: str, quiet: bool = False) -> dict:
    t0 = time.perf_counter()
    forms = load_forms()
    world = World(scale)
    units = world.units()
    write_units(root / "units.csv", units)
    stats = {"units": len(units), "districts": len(world.districts),
             "communes": sum(len(v) for v in world.communes_of.values()),
             "villages": sum(len(v) for v in world.villages_of.values()), "years": {}}
    for year in years:
        ty = time.perf_counter()
        yr = YearRows(world, year)
        groups = [(None, yr.for_root())] + [(d, yr.for_district(d)) for d in world.districts]
        rows = sum(len(r) for _, g in groups for r in g.values())
        firms = sum(len(g["doanh_nghiep"]) for _, g in groups)
        if fmt in ("csv", "both"):
            folder = root / "csv" / str(year)
            for old in folder.glob("*.csv") if folder.exists() else []:
                old.unlink()
            write_csv_year(folder, forms, groups, year)
        if fmt in ("xlsx", "both"):
            folder = root / "xlsx" / str(year)
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.glob("*.xlsx"):
                old.unlink()
            write_workbook(folder / f"{ROOT_CODE}_{slug(ROOT_NAME)}.xlsx", forms, world.root, groups[0][1], year)
            for d, g in groups[1:]:
                write_workbook(folder / f"{d['code']}_{slug(d['name'])}.xlsx", forms, d, g, year)
        stats["years"][year] = {"rows": rows, "doanh_nghiep": firms, "seconds": round(time.perf_counter() - ty, 1)}
        if not quiet:
            print(f"  {year}: {rows:,} rows ({firms:,} enterprises) in {time.perf_counter() - ty:.1f} s", file=sys.stderr)
    stats["seconds"] = round(time.perf_counter() - t0, 1)
    record(root, scale, fmt, stats)
    return stats


def signature() -> str:
    """Identifies this generator's code: data made by another version are regenerated."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def record(root: Path, scale: float, fmt: str, stats: dict) -> None:
    """Merge what was written into ROOT/bench.json (read by run.py to reuse the data)."""
    path = root / "bench.json"
    old = json.loads(path.read_text()) if path.exists() else {}
    if old.get("scale") != scale or old.get("generator") != signature():
        old = {}
    years = old.get("years", {})
    for year, ys in stats["years"].items():
        formats = set(years.get(str(year), {}).get("formats", [])) | ({"csv", "xlsx"} if fmt == "both" else {fmt})
        years[str(year)] = {**ys, "formats": sorted(formats)}
    meta = {k: v for k, v in stats.items() if k not in ("years", "seconds")}
    path.write_text(json.dumps({**old, **meta, "scale": scale, "generator": signature(), "years": years}, indent=1))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--years", default="2021..2025", help="2021..2025 or 2023 or 2021,2023")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--format", choices=("csv", "xlsx", "both"), default="both")
    args = ap.parse_args(argv)
    stats = generate(args.root, parse_years(args.years), args.scale, args.format)
    print(f"wrote {args.root}: {stats['units']:,} units ({stats['districts']} districts, "
          f"{stats['communes']:,} communes, {stats['villages']:,} villages) in {stats['seconds']} s")


if __name__ == "__main__":
    main()
