"""The invented figures of danvan's samples: one builder per form.

Each builder takes a World (one year's registry) and returns rows of canonical values
(ints, floats, bools, choice keys, None for blank). Gradual indicators follow CURVES;
annual targets are missed by exactly MISSES rows, so each year's outcome is known in
advance. Every draw comes from rng_for(label), independent of call order.
"""

from __future__ import annotations

import random

SEED = 334
YEARS = range(2021, 2026)
ADMIN = ("tinh", "huyen", "xa")

# Shares (0-1; giam_hop in %) followed by the gradual indicators, 2021..2025.
CURVES = {
    "mo_hinh_4": [0.55, 0.64, 0.73, 0.83, 0.92],
    "hoa_giai": [0.62, 0.68, 0.74, 0.79, 0.84],
    "hs_tinh": [0.70, 0.76, 0.82, 0.87, 0.92],
    "hs_huyen": [0.55, 0.62, 0.68, 0.74, 0.82],
    "hs_xa": [0.35, 0.42, 0.49, 0.56, 0.62],
    "ky_so": [0.74, 0.81, 0.87, 0.93, 0.97],
    "dvc4": [0.70, 0.78, 0.86, 0.93, 1.0],
    "tthc": [0.40, 0.60, 0.75, 0.90, 1.0],
    "giam_hop": [20, 26, 33, 38, 45],
    "cdcs": [0.63, 0.68, 0.73, 0.78, 0.82],
    "cntt": [0.70, 0.78, 0.86, 0.94, 1.0],
    "du_hop": [0.86, 0.90, 0.93, 0.95, 0.97],
    "qcdc_good": [0.80, 0.83, 0.88, 0.86, 0.91],
    "mttq_good": [0.84, 0.87, 0.91, 0.92, 0.94],
    "doan_vien": [0.58, 0.62, 0.66, 0.70, 0.74],  # union members / workers in a unionised firm
    "hop_kdc": [0.62, 0.66, 0.70, 0.73, 0.77],  # households at neighbourhood meetings
    "dvk_xa": [0.45, 0.50, 0.55, 0.60, 0.65],  # communes with a "Dân vận khéo" model recognised
}
# Exact number of rows that miss an annual target each year (0: the target is met).
MISSES = {
    "guong_mau": [9, 4, 0, 2, 0],
    "phan_cong": [6, 2, 0, 1, 0],
    "doi_thoai": [12, 5, 0, 3, 0],
    "tap_huan": [25, 12, 0, 4, 0],
    "ke_hoach": [8, 3, 0, 0, 0],
    "gs_huyen": [5, 2, 0, 1, 0],
    "gs_xa": [24, 11, 4, 0, 0],
    "union_new": [3, 2, 0, 1, 0],
    "chi_dao_t10": [0, 0, 3, 1, 0],  # committees without the October direction (asked from 2023)
    "diem_nong": [3, 2, 0, 2, 0],  # districts/communes with a new hot spot or mass complaint
}
NEW_FROM = 2023  # the columns added by issue 10 are asked from this year: older files lack them
TON_GIAO = [78, 88, 96, 83, 101]  # T6.1: new party members who are religious believers
DOAN_NEW = [12, 16, 18, 13, 20]  # T5.3: Youth Union branches founded in firms that year
NEW_FIRMS = [22, 24, 26, 25, 28]
FILES = {"tinh": 13000, "huyen": 4000, "xa": 600}  # yearly work files of a typical unit
DOCS = {"tinh": 22000, "huyen": 7000, "xa": 1200}  # yearly documents exchanged
HOAT_DONG = {
    "so_thang_co_chuyen_muc_dan_van": [None, None, 12, 11, 12],  # asked from 2023
    "so_ky_chuyen_muc_dan_van": [10, 12, 12, 11, 12],
    "so_hoi_nghi_bieu_duong_dan_van_kheo": [0, 1, 0, 1, 1],
    "so_hoi_nghi_bieu_duong_nguoi_co_uy_tin": [1, 0, 1, 0, 1],
}
# Biểu 11: the province's published indices, rising most years but not every year.
INDICES = {
    "par_index": [83.12, 85.47, 84.91, 87.36, 89.05],
    "sipas": [81.24, 83.67, 85.92, 85.10, 87.45],
    "pci": [64.82, 65.91, 65.47, 67.20, 69.24],
    "papi": [43.05, 42.71, 43.88, 44.62, 45.31],
}
RELIGIOUS_WEIGHT = {
    "369": 6,
    "370": 4,
    "372": 10,
    "373": 6,
    "374": 5,
    "375": 12,
    "376": 30,
    "377": 15,
    "37": 1.5,
}  # Catholic parishes are densest in Kim Sơn, Yên Mô
FIRM_WEIGHT = {"369": 4, "370": 3, "372": 1.5, "373": 3, "374": 2, "375": 2, "376": 2, "377": 1.5}
PROVINCE_PARTY = [
    "Đảng bộ Khối các cơ quan tỉnh",
    "Đảng bộ Khối Doanh nghiệp tỉnh",
    "Đảng bộ Quân sự tỉnh",
]
ORGS = ["mttq", "cong_doan", "phu_nu", "nong_dan", "cuu_chien_binh", "doan_thanh_nien"]
PROVINCE_AGENCIES = [
    "Văn phòng UBND tỉnh",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Y tế",
    "Sở Xây dựng",
    "Sở Tài nguyên và Môi trường",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Giáo dục và Đào tạo",
    "Sở Thông tin và Truyền thông",
]
DISTRICT_AGENCIES = [
    "Phòng Nội vụ",
    "Phòng Tư pháp",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Văn hóa và Thông tin",
]
SURNAMES = "Nguyễn Trần Lê Phạm Hoàng Vũ Đinh Bùi Đỗ Ngô Dương Lương Mai Tạ".split()
MIDDLES = "Văn Thị Đức Minh Quang Hữu Thanh Xuân Ngọc Công".split()
GIVENS = "Hùng Hải Tuấn Lan Hoa Bình Cường Dũng Hà Long Nam Phương Sơn Thắng Thủy Trung".split()
FIRM_KINDS = ["Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV", "Doanh nghiệp tư nhân"]
FIRM_TRADES = (
    "May mặc|Giày da|Xây dựng|Vật liệu xây dựng|Thương mại và Dịch vụ|Du lịch|Cơ khí|"
    "Chế biến nông sản|Vận tải|Đá mỹ nghệ|Cói mỹ nghệ|Điện tử|Thực phẩm|Dệt may|"
    "Khách sạn"
).split("|")
FIRM_BRANDS = (
    "Hoa Lư|Tràng An|Tam Cốc|Bái Đính|Cúc Phương|Vân Long|Phát Đạt|Hưng Thịnh|"
    "Thành Công|An Phát|Minh Long|Kim Sơn|Thiên Trường|Bình Minh|Hồng Hà|Đại Việt|"
    "Trường Yên|Phúc An"
).split("|")


def rng_for(*parts) -> random.Random:
    """A generator seeded by SEED and a label, so draws do not depend on call order."""
    return random.Random(":".join(map(str, (SEED, *parts))))


def pick(rng: random.Random, items: list, n: int) -> set:
    """Exactly n distinct items (all of them if there are fewer)."""
    return set(rng.sample(items, min(n, len(items))))


def in_phrase(name: str) -> str:
    """A unit name as it reads inside a phrase: 'Xã Ninh Nhất' -> 'xã Ninh Nhất'."""
    return name[0].lower() + name[1:]


def person(*parts) -> str:
    """A stable invented Vietnamese full name."""
    rng = rng_for("person", *parts)
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"


class World:
    """One year's registry and the lookups the form builders need.

    `registry` holds exactly the units that report this year (province, districts if
    any, communes), `villages` their villages. `relocate` maps a firm's 2020-2024
    location to the code it reports under this year (empty before 2025); `weights`
    gives the religious weight of a party committee that is not a 2020-2024 district
    (RELIGIOUS_WEIGHT otherwise).
    """

    def __init__(
        self,
        year: int,
        registry: list[dict],
        villages: list[dict],
        *,
        relocate: dict | None = None,
        weights: dict | None = None,
    ):
        self.year, self.k, self.villages = year, year - YEARS[0], villages
        self.by_code = {u["code"]: u for u in registry + villages}
        assert len(self.by_code) == len(registry) + len(villages), "a code twice in one world"
        self.root = next(u for u in registry if u["level"] == "tinh")
        self.admin = [u for u in registry if u["level"] in ADMIN]
        self.communes = [u for u in self.admin if u["level"] == "xa"]
        districts = {u["code"] for u in self.admin if u["level"] == "huyen"}
        # The units that send a workbook, and whose party committees report Biểu 08: the
        # districts until 30/6/2025; from 1/7/2025 (no district level) the communes and
        # wards, whose committees are now directly under the provincial committee. In
        # the "mixed" 2025 variant also 2025-01 communes whose district does not report.
        self.senders = [
            u for u in self.admin if u is not self.root and u["parent_code"] not in districts
        ]
        self.sender_codes = {u["code"] for u in self.senders}
        self.relocate = relocate or {}
        self.weights = weights or {}

    def sender_of(self, code: str) -> str | None:
        """The sender above (or equal to) a unit; None for the province itself."""
        unit = self.by_code[code]
        if unit is self.root:
            return None
        while unit["code"] not in self.sender_codes:
            unit = self.by_code[unit["parent_code"]]
        return unit["code"]

    def religious_weight(self, code: str) -> float:
        return self.weights[code] if code in self.weights else RELIGIOUS_WEIGHT[code]

    def curve(self, name: str) -> float:
        return CURVES[name][self.k]

    def misses(self, name: str) -> int:
        return MISSES[name][self.k]

    @property
    def new_columns(self) -> bool:
        """Whether the year's files have the columns added in NEW_FROM."""
        return self.year >= NEW_FROM


def row(unit: dict, **values) -> dict:
    return {"ma_don_vi": unit["code"], "ten_don_vi": unit["name"], **values}


def cap_uy(w: World) -> list[dict]:
    """Biểu 01: committee sizes are fixed for the term; a few laggards in weak years."""
    rng, codes = rng_for(w.year, "cap_uy"), [u["code"] for u in w.admin]
    lagging = pick(rng, codes, w.misses("guong_mau"))
    unassigned = pick(rng, codes, w.misses("phan_cong"))
    undirected = pick(rng_for(w.year, "chi_dao_t10"), codes, w.misses("chi_dao_t10"))
    rows = []
    for u in w.admin:
        size = {"tinh": 53, "huyen": 33, "xa": 13}[u["level"]]
        size += rng_for("cu", u["code"]).randint(0, 8)
        attend = sum(rng.random() < w.curve("du_hop") for _ in range(size))
        rows.append(
            row(
                u,
                tong_so_cap_uy_vien=size,
                so_cap_uy_vien_guong_mau=size - rng.randint(1, 2) * (u["code"] in lagging),
                co_phan_cong_phu_trach_dan_van=u["code"] not in unassigned,
                so_cap_uy_vien_du_hop_hang_thang=None if u["level"] == "tinh" else attend,
                co_chi_dao_thang_cao_diem_dan_van=(u["code"] not in undirected)
                if w.new_columns
                else None,
            )
        )
    return rows


def doi_thoai(w: World) -> list[dict]:
    """Biểu 02: two leaders per unit; a few held no dialogue in weak years."""
    rng = rng_for(w.year, "doi_thoai")
    pairs = [(u["code"], role) for u in w.admin for role in ("bi_thu", "chu_tich_ubnd")]
    silent = pick(rng, pairs, w.misses("doi_thoai"))
    return [
        row(
            w.by_code[code],
            chuc_danh=role,
            ho_ten=person(code, role),
            so_cuoc_doi_thoai=0 if (code, role) in silent else rng.randint(1, 2 + w.k),
        )
        for code, role in pairs
    ]


def ratings(rng: random.Random, keys: list, good_share: float) -> dict:
    """Exactly round(good_share * n) keys rated xuat_sac or tot, the rest lower."""
    good = pick(rng, keys, round(good_share * len(keys)))
    return {
        key: rng.choice(["xuat_sac", "tot", "tot"])
        if key in good
        else rng.choice(["hoan_thanh"] * 9 + ["khong_hoan_thanh"])
        for key in keys
    }


def qcdc(w: World) -> list[dict]:
    """Biểu 03: steering committees for grassroots democracy."""
    rated = ratings(rng_for(w.year, "qcdc"), [u["code"] for u in w.admin], w.curve("qcdc_good"))
    return [row(u, xep_loai=rated[u["code"]]) for u in w.admin]


def agencies(unit: dict) -> list[str]:
    """The government agencies of a unit that report on Biểu 04."""
    if unit["level"] == "tinh":
        return PROVINCE_AGENCIES
    own = [f"UBND {in_phrase(unit['name'])}"]
    return own + DISTRICT_AGENCIES if unit["level"] == "huyen" else own


def dan_van_chinh_quyen(w: World) -> list[dict]:
    """Biểu 04: one row per government agency."""
    rng = rng_for(w.year, "dvcq")
    keys = [(u["code"], a) for u in w.admin for a in agencies(u)]
    untrained = pick(rng, keys, w.misses("tap_huan"))
    no_plan = pick(rng, keys, w.misses("ke_hoach"))
    rows = []
    for code, agency in keys:
        most = 2 if w.by_code[code]["level"] == "xa" else 3
        staff = rng_for("dvcq", code, agency).randint(1, most)
        it_officer = rng_for("cntt", code, agency).random() < w.curve("cntt")
        rows.append(
            row(
                w.by_code[code],
                co_quan=agency,
                so_can_bo_phu_trach_dan_van=staff,
                so_can_bo_da_tap_huan=staff - ((code, agency) in untrained),
                co_ke_hoach_dan_van_chinh_quyen=(code, agency) not in no_plan,
                co_can_bo_phu_trach_cntt=it_officer,
            )
        )
    return rows


def part(rng: random.Random, total: int, share: float, spread: float = 0.06) -> int:
    """round(total * share) with some unit-to-unit spread, never above total."""
    if share >= 1:
        return total
    return min(total, round(total * max(0.0, share + rng.uniform(-spread, spread))))


def chuyen_doi_so(w: World) -> list[dict]:
    """Biểu 05: volumes grow slowly, the online/signed shares follow CURVES;
    communes have no party agencies (blank pair) and some skip meeting time."""
    rng, rows, grow = rng_for(w.year, "cds"), [], 1 + 0.04 * w.k
    for u in w.admin:
        lvl, base = u["level"], rng_for("cds", u["code"])
        spread = 0.01 if lvl == "tinh" else 0.06
        files = round(grow * FILES[lvl] * base.uniform(0.8, 1.3))
        docs = round(grow * DOCS[lvl] * base.uniform(0.8, 1.3))
        services = (
            None
            if lvl == "xa" and base.random() < 0.08
            else {"tinh": 1150, "huyen": 260, "xa": 105}[lvl] + base.randint(0, 20)
        )
        party = {"tinh": 12, "huyen": 6, "xa": None}[lvl]
        cut = (
            None
            if lvl == "xa" and rng.random() < 0.3
            else round(min(100.0, max(0.0, rng.gauss(w.curve("giam_hop"), 6))), 1)
        )
        rows.append(
            row(
                u,
                tong_so_ho_so_cong_viec=files,
                so_ho_so_xu_ly_tren_mang=part(rng, files, w.curve(f"hs_{lvl}"), spread),
                tong_so_van_ban=docs,
                so_van_ban_dien_tu_ky_so=part(rng, docs, w.curve("ky_so"), spread),
                tong_so_dich_vu_cong=services,
                so_dich_vu_cong_muc_do_4=services and part(rng, services, w.curve("dvc4")),
                tong_so_co_quan_dang=party,
                so_co_quan_dang_chuan_hoa_tthc=party and part(rng, party, w.curve("tthc")),
                ty_le_giam_thoi_gian_hop=cut,
            )
        )
    return rows


def mat_tran_doan_the(w: World) -> list[dict]:
    """Biểu 06: six organisations at province/district, five (no union) at communes."""
    rng = rng_for(w.year, "mttq")
    upper = [(u["code"], o) for u in w.admin if u["level"] != "xa" for o in ORGS]
    lower = [(u["code"], o) for u in w.communes for o in ORGS if o != "cong_doan"]
    weak = pick(rng, upper, w.misses("gs_huyen")) | pick(rng, lower, w.misses("gs_xa"))
    rated = ratings(rng, lower, w.curve("mttq_good"))
    rows = []
    for key in upper + lower:
        at_xa = key in rated
        watch = (0 if at_xa else 1) if key in weak else rng.randint(1 if at_xa else 2, 5)
        rows.append(
            row(
                w.by_code[key[0]],
                to_chuc=key[1],
                so_cuoc_giam_sat=watch,
                so_cuoc_phan_bien=rng.randint(0, 2) if at_xa else rng.randint(1, 3),
                xep_loai=rated[key] if at_xa else rng.choice(["xuat_sac", "tot", "tot"]),
            )
        )
    return rows


def ket_nap_dang(w: World) -> list[dict]:
    """Biểu 08: one row per committee of w.party (the district committees until
    30/6/2025, the new communes' and wards' after) plus three province-level committees;
    the year's religious new members (TON_GIAO) are shared out by weight."""
    rng, province = rng_for(w.year, "knd"), w.by_code["37"]
    orgs = [(d, f"Đảng bộ {in_phrase(d['name'])}") for d in w.senders]
    orgs += [(province, name) for name in PROVINCE_PARTY]
    religious = [0] * len(orgs)
    weights = [w.religious_weight(u["code"]) for u, _ in orgs]
    for i in rng.choices(range(len(orgs)), weights, k=TON_GIAO[w.k]):
        religious[i] += 1
    return [
        row(
            u,
            to_chuc_dang=name,
            so_dang_vien_moi_co_ton_giao=religious[i],
            so_dang_vien_moi=religious[i]
            + (rng.randint(110, 300) if u["level"] == "huyen" else rng.randint(40, 120)),
        )
        for i, (u, name) in enumerate(orgs)
    ]


def thon(w: World) -> list[dict]:
    """Biểu 09: each village keeps its own draws, so it only ever improves; households
    grow 1 % a year and the share at meetings follows CURVES['hop_kdc']. A village
    renumbered in 2025 keeps the draws of its 2020-2024 code (`origin`)."""
    rows = []
    for v in w.villages:
        origin = v.get("origin", v["code"])
        u, m, h = (rng_for("thon", origin).random() for _ in range(3))
        models = 4 + int(m * 3 + w.k * 0.4) if u < w.curve("mo_hinh_4") else 1 + int(m * 3)
        size, lean = (rng_for("ho", origin).random() for _ in range(2))
        households = round((90 + 360 * size) * (1 + 0.01 * w.k))
        attending = min(households, round(households * (w.curve("hop_kdc") + 0.16 * lean - 0.08)))
        rows.append(
            {
                "ma_don_vi": v["code"],
                "ma_xa": v["parent_code"],
                "ten_thon": v["name"],
                "ten_don_vi": v["name"],
                "so_mo_hinh_tu_quan_hieu_qua": models,
                "co_to_hoa_giai_hieu_qua": h < w.curve("hoa_giai"),
                "so_ho": households if w.new_columns else None,
                "so_ho_tham_gia_hop": attending if w.new_columns else None,
            }
        )
    return rows


def hoat_dong_tinh(w: World) -> list[dict]:
    """Biểu 10: the province's own activities."""
    return [
        row(
            w.by_code["37"],
            **{col: v[w.k] for col, v in HOAT_DONG.items()},
            co_thang_cao_diem_dan_van=True,
        )
    ]


def chi_so_tinh(w: World) -> list[dict]:
    """Biểu 11: the province's PAR INDEX, SIPAS, PCI and PAPI of the year (INDICES)."""
    return [row(w.by_code["37"], **{col: v[w.k] for col, v in INDICES.items()})]


def on_dinh_co_so(w: World) -> list[dict]:
    """Biểu 12: districts and communes; MISSES['diem_nong'] units have a new hot spot or
    mass complaint; districts recognise 2-6 "Dân vận khéo" models a year, communes 0-2
    (CURVES['dvk_xa']), a few more each year."""
    rng = rng_for(w.year, "odcs")
    units = [u for u in w.admin if u["level"] != "tinh"]
    troubled = pick(rng, [u["code"] for u in units], w.misses("diem_nong"))
    rows = []
    for u in units:
        hot = u["code"] in troubled and rng.random() < 0.5
        complaints = rng.randint(1, 2) if u["code"] in troubled and not hot else 0
        if u["level"] == "huyen":
            models = rng.randint(2, 4 + w.k // 2)
        else:
            models = (rng.random() < w.curve("dvk_xa")) + (rng.random() < 0.1 + 0.05 * w.k)
        rows.append(
            row(
                u,
                so_diem_nong_moi=int(hot),
                so_vu_khieu_kien_dong_nguoi_moi=complaints,
                so_mo_hinh_dan_van_kheo=models,
            )
        )
    return rows


def new_firm(rng: random.Random, registry: list[dict], founded: int, used: set) -> dict:
    """One invented firm: unique 2700xxxxxx tax code, log-uniform 3..1500 workers."""
    mst = f"2700{rng.randint(100000, 999999)}"
    name = f"{rng.choice(FIRM_KINDS)} {rng.choice(FIRM_TRADES)} {rng.choice(FIRM_BRANDS)}"
    while mst in used or name in used:
        mst, name = f"2700{rng.randint(100000, 999999)}", f"{name} {rng.choice(FIRM_BRANDS)}"
    used.update((mst, name))
    districts = [u for u in registry if u["level"] == "huyen"]
    d = rng.choices(districts, [FIRM_WEIGHT[x["code"]] for x in districts])[0]
    communes = [u["code"] for u in registry if u["parent_code"] == d["code"]]
    return {
        "ma_so_thue": mst,
        "ten_doanh_nghiep": name,
        "founded": founded,
        "staff": round(3 * 500 ** rng.random()),
        "u": rng.random(),
        "code": d["code"] if rng.random() < 0.2 else rng.choice(communes),
        "union": None,
        "doan": None,
        "closed": None,
    }


def make_firms(registry: list[dict]) -> list[dict]:
    """~300 firms founded before 2021 plus NEW_FIRMS a year, each with the year it got
    a trade union (union), a Youth Union branch (doan) and closed (closed)."""
    rng, used = rng_for("firms"), set()
    founded = [rng.randint(1995, 2020) for _ in range(300)]
    founded += [y for y, n in zip(YEARS, NEW_FIRMS, strict=True) for _ in range(n)]
    firms = [new_firm(rng, registry, year, used) for year in founded]
    firms += [
        {
            **f,
            "ma_so_thue": f["ma_so_thue"] + "-001",  # branches: 10-3 digit codes
            "ten_doanh_nghiep": "Chi nhánh " + f["ten_doanh_nghiep"],
        }
        for f in rng.sample(firms[:300], 5)
    ]
    for f in firms:
        set_union_and_closure(rng, f)
    for year, n in zip(YEARS, DOAN_NEW, strict=True):
        new_eligible = [f for f in firms if f["founded"] == year and f["staff"] >= 5]
        for f in rng_for("union_new", year).sample(new_eligible, MISSES["union_new"][year - 2021]):
            f["union"] = year + 1 if year < YEARS[-1] else None
        open_ = [f for f in firms if alive(f, year) and f["doan"] is None and f["staff"] >= 10]
        for f in rng.sample(open_, n):
            f["doan"] = year
    return firms


def set_union_and_closure(rng: random.Random, f: dict) -> None:
    """Union year: new eligible firms at once, old ones with 25+ workers along
    CURVES['cdcs'], smaller old ones sometimes; a few old firms close."""
    old = f["founded"] < YEARS[0]
    if f["staff"] >= 5 and not old:
        f["union"] = f["founded"]
    elif 5 <= f["staff"] < 25:
        f["union"] = max(f["founded"], 2015) if f["u"] < 0.3 else None
    elif f["staff"] >= 25:
        years = [y for y, s in zip(YEARS, CURVES["cdcs"], strict=True) if f["u"] < s]
        if years:  # unionised before the programme if already so in 2021
            f["union"] = max(f["founded"], 2012) if years[0] == YEARS[0] else years[0]
    if old and f["staff"] >= 10 and rng.random() < 0.15:
        f["doan"] = rng.randint(max(f["founded"], 2005), 2020)
    if old and rng.random() < 0.08:
        f["closed"] = rng.randint(2022, 2025)


def alive(f: dict, year: int) -> bool:
    return f["founded"] <= year and (f["closed"] is None or f["closed"] > year)


def doanh_nghiep(w: World, firms: list[dict]) -> list[dict]:
    """Biểu 07: every firm open in the year, located in that year's registry
    (w.relocate: its 2020-2024 location → the unit it reports under)."""
    rows = []
    for f in sorted((f for f in firms if alive(f, w.year)), key=lambda f: f["ma_so_thue"]):
        code = w.relocate.get(f["code"], f["code"])
        staff = round(f["staff"] * (1 + 0.03 * (w.year - max(f["founded"], YEARS[0]))))
        doan = f["doan"] if f["doan"] and f["doan"] <= w.year else None
        union = f["union"] is not None and f["union"] <= w.year
        lean = rng_for("doan_vien", f["ma_so_thue"]).uniform(-0.12, 0.12)
        members = min(staff, round(staff * (w.curve("doan_vien") + lean))) if union else 0
        rows.append(
            {
                "ma_so_thue": f["ma_so_thue"],
                "ten_doanh_nghiep": f["ten_doanh_nghiep"],
                **row(w.by_code[code]),
                "so_lao_dong": staff,
                "nam_thanh_lap": f["founded"],
                "du_dieu_kien_thanh_lap_cong_doan": staff >= 5,
                "co_cong_doan_co_so": union,
                "nam_thanh_lap_to_chuc_doan": doan,
                "so_doan_vien_cong_doan": members if w.new_columns else None,
            }
        )
    return rows


BUILDERS = {
    "cap_uy": cap_uy,
    "doi_thoai": doi_thoai,
    "qcdc": qcdc,
    "dan_van_chinh_quyen": dan_van_chinh_quyen,
    "chuyen_doi_so": chuyen_doi_so,
    "mat_tran_doan_the": mat_tran_doan_the,
    "ket_nap_dang": ket_nap_dang,
    "thon": thon,
    "hoat_dong_tinh": hoat_dong_tinh,
    "chi_so_tinh": chi_so_tinh,
    "on_dinh_co_so": on_dinh_co_so,
}
