"""Generate danvan's synthetic sample submissions into samples/ninh-binh/.

Province, district and commune codes are the real GSO codes of three vintages
(2020-2024, 2025-01, 2025-07); villages, firms, people and every figure are invented.
Deterministic: every draw comes from a random.Random seeded with SEED plus a label, and
workbooks carry fixed timestamps, so a rerun gives byte-identical files. Run from
anywhere: ``python samples/generate.py``.

2021-2024 are reported by the 2020-2024 units; 2025 by the 39 units of 1/7/2025 (no
district level). ``write_variant(out, variant)`` writes 2024 and 2025 with 2025 reported
in another way ("2025-01": by the 125 communes and 7 districts of 1/1/2025; "mixed": the
territory of the first MIXED_FIRST new units by their 2025-01 communes, the rest by the
new units), for tests of the registry's vintages.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import shutil
import unicodedata
import zipfile
from collections import defaultdict
from math import ceil
from pathlib import Path

import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter
from synthetic import (
    BUILDERS,
    RELIGIOUS_WEIGHT,
    YEARS,
    World,
    doanh_nghiep,
    make_firms,
    rng_for,
)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "ninh-binh"
REGISTRY_DIRS = [REPO / "danvan_cli" / "bundled", REPO.parent / "shared" / "data"]
FIXED_TIME = datetime.datetime(2025, 1, 1)
BASE_COLUMNS = ["code", "name", "level", "parent_code", "type"]
UNIT_COLUMNS = BASE_COLUMNS + ["vintage", "valid_from", "valid_to", "scope"]
# vintage id: (valid_from, valid_to) of the registry's units
VINTAGES = {
    "2020-2024": ("", "2024-12-31"),
    "2025-01": ("2025-01-01", "2025-06-30"),
    "2025-07": ("2025-07-01", ""),
}
VARIANTS = ("2025-07", "2025-01", "mixed")
MIXED_FIRST = 10  # "mixed": the first 10 new codes (sorted) report by their 2025-01 communes
# Xã Gia Tân was split on 1/7/2025 between Xã Gia Vân and Phường Tây Hoa Lư, with no
# published shares. Sample rule: the first half of its villages (by code, rounded up) go
# to Xã Gia Vân, the rest to Phường Tây Hoa Lư; its firms go to Xã Gia Vân.
GIA_TAN = "14503"
GIA_TAN_FIRMS = "14488"

SHEET_FORMS = [
    "cap_uy",
    "doi_thoai",
    "qcdc",
    "dan_van_chinh_quyen",
    "chuyen_doi_so",
    "mat_tran_doan_the",
    "ket_nap_dang",
    "thon",
    "on_dinh_co_so",
]
# the province's own rows, one CSV per form: every sheet form but thon and on_dinh_co_so
# (no province rows), plus the province-only forms
PROVINCE_FILES = {
    **{name: f"tinh_{name}.csv" for name in SHEET_FORMS if name not in ("thon", "on_dinh_co_so")},
    "hoat_dong_tinh": "tinh_hoat_dong.csv",
    "chi_so_tinh": "tinh_chi_so.csv",
}
TOTALLED = {"cap_uy", "thon"}  # sheets with a "Tổng cộng" row
ALT_THON_DISTRICT = "377"  # Yên Mô names its villages by commune code + village name
HAMLETS = (
    "Đông|Tây|Nam|Bắc|Thượng|Hạ|Trung|Đoài|Phú Lộc|Phú Hậu|Văn Hà|Yên Thổ|Hòa Lạc|"
    "Tân Mỹ|Phúc Lộc|Đồng Tâm|Đoàn Kết|Vĩnh Ninh|An Ninh|Thọ Lão|La Mai|Cổ Đà|Kỳ Vĩ|"
    "Vân Lung|Mai Trung|Hảo Nho|Khê Hạ|Đông Hạ|Tây Thượng|Bình Hải|Xuân Mai"
).split("|")
STREETS = (
    "Lê Lợi|Trần Hưng Đạo|Lê Hồng Phong|Nguyễn Huệ|Lý Thái Tổ|Đinh Tiên Hoàng|"
    "Lê Đại Hành|Tràng An|Vân Giang|Hải Thượng Lãn Ông|Lương Văn Thăng|Phúc Chỉnh|"
    "Tuệ Tĩnh|Nguyễn Công Trứ|Hoàng Hoa Thám|Phan Đình Phùng|Xuân Thành|Kỳ Lân|"
    "Ngô Gia Tự|Trần Phú|Quang Trung"
).split("|")


def slug(text: str) -> str:
    """ASCII file name of a Vietnamese name: 'Huyện Kim Sơn' -> 'huyen_kim_son'."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower().replace(" ", "_")


def short(name: str) -> str:
    """A unit name without its type word: 'Xã Lạng Phong' -> 'Lạng Phong'."""
    for prefix in ("Thị trấn ", "Thành phố ", "Phường ", "Huyện ", "Xã "):
        name = name.removeprefix(prefix)
    return name


def read_csv(*filenames: str) -> list[dict]:
    """The first of these real data files found in the package or in ../shared/data."""
    for filename in filenames:
        for folder in REGISTRY_DIRS:
            if (folder / filename).exists():
                with open(folder / filename, encoding="utf-8", newline="") as f:
                    return list(csv.DictReader(f))
    raise SystemExit(f"none of {filenames} in {[str(d) for d in REGISTRY_DIRS]}")


def load_registry(filename: str) -> list[dict]:
    """A real registry CSV (its code,name,level,parent_code,type; a vintaged copy's
    vintage columns are dropped)."""
    return [{c: u[c] for c in BASE_COLUMNS} for u in read_csv(filename)]


def load_crosswalk() -> tuple[dict[str, str], dict[str, list[str]]]:
    """(2020-2024 commune → its 2025-01 commune, 2025-01 commune → its 2025-07 units,
    sorted), from the bundled crosswalk (from_vintage,from_code,to_vintage,to_code,…)
    or else ../shared/data's ninh-binh-crosswalk-2025.csv (registry,old_code,…)."""
    rows = read_csv("ninh-binh-crosswalk.csv", "ninh-binh-crosswalk-2025.csv")
    if "from_vintage" not in rows[0]:
        rows = [
            {
                "from_vintage": r["registry"],
                "from_code": r["old_code"],
                "to_vintage": "2025-01" if r["registry"] == "2020-2024" else "2025-07",
                "to_code": r["code_2025_01"] if r["registry"] == "2020-2024" else r["new_code"],
            }
            for r in rows
        ]
    to01, to07 = {}, defaultdict(list)
    for r in rows:
        if len(r["from_code"]) != 5:  # province, districts, the coastal area
            continue
        if (r["from_vintage"], r["to_vintage"]) == ("2020-2024", "2025-01"):
            to01[r["from_code"]] = r["to_code"]
        elif (r["from_vintage"], r["to_vintage"]) == ("2025-01", "2025-07"):
            to07[r["from_code"]].append(r["to_code"])
    return to01, {code: sorted(units) for code, units in to07.items()}


def make_villages(registry: list[dict]) -> list[dict]:
    """8-15 invented villages per commune, coded <commune>-NN; phố/tổ dân phố in towns."""
    villages = []
    for commune in (u for u in registry if u["level"] == "xa"):
        rng = rng_for("villages", commune["code"])
        n, named = rng.randint(8, 15), rng.random() < 0.5
        town = commune["type"] in ("Phường", "Thị trấn")
        kind = ("Phố" if named else "Tổ dân phố") if town else ("Thôn" if named else "Xóm")
        names = rng.sample(STREETS if town else HAMLETS, n) if named else range(1, n + 1)
        villages += [
            {
                "code": f"{commune['code']}-{i:02d}",
                "name": f"{kind} {name}",
                "level": "thon",
                "parent_code": commune["code"],
                "type": kind,
            }
            for i, name in enumerate(names, 1)
        ]
    return villages


def renumber(villages: list[dict], target: dict[str, str], old: list[dict], suffix: str):
    """Villages moved under new units (`target`: village code → new parent), renumbered
    `<parent>-<suffix>NN` (01, 02, …) in a stable order: the villages of the commune whose
    code the new parent kept first, then by old code. A name that would clash with a
    village already there gets its old commune's name in brackets. Each keeps its
    2020-2024 code as `origin` (its figures' seed)."""
    old_names = {u["code"]: u["name"] for u in old}
    by_parent = defaultdict(list)
    for v in villages:
        by_parent[target[v["code"]]].append(v)
    moved = []
    for parent in sorted(by_parent):
        taken = set()
        group = sorted(by_parent[parent], key=lambda v: (v["parent_code"] != parent, v["code"]))
        for i, v in enumerate(group, 1):
            name = v["name"]
            if name in taken:
                name = f"{name} ({short(old_names[v['parent_code']])})"
            assert name not in taken, v
            taken.add(name)
            code = f"{parent}-{suffix}{i:02d}"
            moved.append({**v, "code": code, "name": name, "parent_code": parent, "origin": v["code"]})
    return moved


class Setting:
    """The real registries and crosswalk, the invented villages and firms, and where
    each 2020-2024 village and firm location goes in 2025."""

    def __init__(self):
        self.old = load_registry("ninh-binh-units-2020-2024.csv")
        self.reg01 = load_registry("ninh-binh-units-2025-01.csv")
        self.reg07 = load_registry("ninh-binh-units-2025-07.csv")
        self.to01, self.to07 = load_crosswalk()
        communes = [u for u in self.old if u["level"] == "xa"]
        assert sorted(self.to01) == sorted(u["code"] for u in communes)
        self.villages = make_villages(self.old)
        self.firms = make_firms(self.old)
        # 2020-2024 commune → its 2025-07 unit(s)
        self.new_of = {c["code"]: self.to07[self.to01[c["code"]]] for c in communes}
        in_gia_tan = sorted(v["code"] for v in self.villages if v["parent_code"] == GIA_TAN)
        first_half = set(in_gia_tan[: ceil(len(in_gia_tan) / 2)])
        to07 = {}
        for v in self.villages:
            units = self.new_of[v["parent_code"]]
            to07[v["code"]] = units[0] if len(units) == 1 or v["code"] in first_half else units[1]
        assert self.new_of[GIA_TAN] == ["14488", "14533"], self.new_of[GIA_TAN]
        self.villages07 = renumber(self.villages, to07, self.old, "")
        self.villages01 = renumber(
            self.villages, {v["code"]: self.to01[v["parent_code"]] for v in self.villages},
            self.old, "V",
        )
        # the 2020-2024 commune each village was in → its code in each 2025 scheme
        self.v07 = {v["origin"]: v for v in self.villages07}
        self.v01 = {v["origin"]: v for v in self.villages01}
        # a district's first commune (lowest code; usually its town): where firms
        # registered at the district's own code go when there is no district level
        self.first_commune = {
            d["code"]: min(c["code"] for c in communes if c["parent_code"] == d["code"])
            for d in self.old
            if d["level"] == "huyen"
        }
        self.district = {c["code"]: c["parent_code"] for c in communes}
        self.parent01 = {u["code"]: u["parent_code"] for u in self.reg01}
        new_codes = sorted(u["code"] for u in self.reg07 if u["level"] == "xa")
        self.mixed_new = set(new_codes[:MIXED_FIRST])  # reported by their 2025-01 communes
        # Yên Mô's alternative key for Biểu 09: the district until 2024 and in 2025-01,
        # the new units wholly inside its old territory from 1/7/2025
        self.alt_thon = {ALT_THON_DISTRICT} | {
            code
            for code in new_codes
            if all(self.district[c] == ALT_THON_DISTRICT for c in self.components07(code))
        }

    def components07(self, code: str) -> list[str]:
        """The 2020-2024 communes with (part of) their territory in a 2025-07 unit."""
        return sorted(c for c, units in self.new_of.items() if code in units)

    def firm07(self, code: str) -> str:
        """A firm's 2025-07 unit from its 2020-2024 location (commune or district)."""
        code = self.first_commune.get(code, code)
        units = self.new_of[code]
        return units[0] if len(units) == 1 else GIA_TAN_FIRMS

    def firm01(self, code: str) -> str:
        """A firm's 2025-01 unit: its commune's 2025-01 commune, or its district's."""
        if code in self.first_commune:  # a district: the 2025-01 district of its first commune
            return self.parent01[self.to01[self.first_commune[code]]]
        return self.to01[code]

    def weight(self, old_commune: str) -> float:
        """A 2020-2024 commune's share of its district's RELIGIOUS_WEIGHT."""
        district = self.district[old_commune]
        return RELIGIOUS_WEIGHT[district] / sum(d == district for d in self.district.values())

    def weights07(self) -> dict[str, float]:
        return {
            code: sum(self.weight(c) / len(self.new_of[c]) for c in self.components07(code))
            for code in (u["code"] for u in self.reg07 if u["level"] == "xa")
        }

    def weights01(self) -> dict[str, float]:
        """Weights of the 2025-01 communes and districts (sums of their old communes)."""
        weights = defaultdict(float)
        for c, unit in self.to01.items():
            weights[unit] += self.weight(c)
            weights[self.parent01[unit]] += self.weight(c)
        return dict(weights)

    def world(self, year: int, variant: str = "2025-07") -> tuple[World, list[dict]]:
        """The year's World, and the registry rows that place its rows (the World's units,
        the parents of those that have a parent outside it, its villages)."""
        if year < 2025:
            return World(year, self.old, self.villages), self.old + self.villages
        if variant == "2025-07":
            relocate = {code: self.firm07(code) for code in self.district | self.first_commune}
            world = World(year, self.reg07, self.villages07, relocate=relocate,
                          weights=self.weights07())
            return world, self.reg07 + self.villages07
        if variant == "2025-01":
            relocate = {code: self.firm01(code) for code in self.district | self.first_commune}
            world = World(year, self.reg01, self.villages01, relocate=relocate,
                          weights=self.weights01())
            return world, self.reg01 + self.villages01
        assert variant == "mixed", variant
        return self.mixed_world(year)

    def mixed_world(self, year: int) -> tuple[World, list[dict]]:
        """2025 with the territory of the MIXED_FIRST first new units reported by their
        2025-01 communes (and their villages), the rest by the new units: each village,
        firm and square metre once."""
        components = sorted(c for c, units in self.to07.items() if set(units) & self.mixed_new)
        assert all(set(self.to07[c]) <= self.mixed_new for c in components), "a split"
        by01 = {u["code"]: u for u in self.reg01}
        province = [u for u in self.reg07 if u["level"] == "tinh"]
        rest = [u for u in self.reg07 if u["level"] == "xa" and u["code"] not in self.mixed_new]
        registry = province + [by01[c] for c in components] + rest
        districts = sorted({self.parent01[c] for c in components}, key=int)
        villages = [self.v01[v["code"]] if self.v07[v["code"]]["parent_code"] in self.mixed_new
                    else self.v07[v["code"]] for v in self.villages]
        villages.sort(key=lambda v: (v["parent_code"], v["code"]))

        def locate(code: str) -> str:
            unit = self.firm07(code)
            if unit not in self.mixed_new:
                return unit
            return self.to01[self.first_commune.get(code, code)]

        w01, w07 = self.weights01(), self.weights07()
        weights = {c: w01[c] for c in components} | {u["code"]: w07[u["code"]] for u in rest}
        relocate = {code: locate(code) for code in self.district | self.first_commune}
        world = World(year, registry, villages, relocate=relocate, weights=weights)
        return world, registry + [by01[d] for d in districts] + villages

    def units_rows(self, with_villages01: bool) -> list[dict]:
        """units.csv: the three vintages; 2025-01 with its villages only if asked."""
        blocks = [
            ("2020-2024", self.old + self.villages),
            ("2025-01", self.reg01 + (self.villages01 if with_villages01 else [])),
            ("2025-07", self.reg07 + self.villages07),
        ]
        rows = []
        for vintage, units in blocks:
            start, end = VINTAGES[vintage]
            codes = [u["code"] for u in units]
            assert len(codes) == len(set(codes)), vintage
            for u in units:
                wider = vintage == "2025-07" and u["level"] == "tinh"
                rows.append(
                    {
                        **{c: u[c] for c in BASE_COLUMNS},
                        "vintage": vintage,
                        "valid_from": start,
                        "valid_to": end,
                        "scope": "wider" if wider else "",
                    }
                )
        codes01 = {r["code"] for r in rows if r["vintage"] == "2025-01"}
        assert not codes01 & {v["code"] for v in self.villages07}, "2025-07 village codes clash"
        return rows


@functools.cache
def setting() -> Setting:
    return Setting()


def columns(form: dict, names: list[str] | None = None, drop=("ma_xa", "ten_thon")) -> list[dict]:
    """The form's column specs in YAML order: those named, else all but `drop`."""
    if names is not None:
        return [c for n in names for c in form["columns"] if c["name"] == n]
    return [c for c in form["columns"] if c["name"] not in drop]


def asked(cols: list[dict], rows: list[dict]) -> list[dict]:
    """The columns the year's form asks: an optional column blank in every row of the
    year (a column added in a later year) is not in that year's files at all."""
    return [
        c
        for c in cols
        if c.get("required", True) or any(r.get(c["name"]) is not None for r in rows)
    ]


def write_csv(path: Path, form: dict, rows: list[dict], year: int, true_false: tuple) -> None:
    """A canonical CSV: canonical names and choice keys, a `nam` column, booleans as
    given; columns blank in every row are left out."""
    rows = [{**r, "nam": year} for r in rows]
    cols = [c["name"] for c in columns(form) if any(r.get(c["name"]) is not None for r in rows)]

    def text(v):
        return "" if v is None else true_false[not v] if isinstance(v, bool) else str(v)

    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(cols)
        out.writerows([text(r.get(c)) for c in cols] for r in rows)


def cell_value(col: dict, v):
    """What an office types: Có/Không and full choice labels."""
    if isinstance(v, bool):
        return "Có" if v else "Không"
    return col["choices"][v]["label"] if col["type"] == "choice" and v is not None else v


def write_sheet(
    ws, form: dict, cols: list[dict], rows: list[dict], unit: dict, year: int, three_titles: bool
) -> None:
    """Title rows, a blank row, the header of labels, the rows and maybe a total row."""
    title = f"BIỂU MẪU SỐ {form['number']}: {form['title'].upper()}"
    titles = (
        [title, f"Đơn vị: {unit['name']}", f"Năm {year}"]
        if three_titles
        else [title, f"Đơn vị: {unit['name']} - Năm {year}"]
    )
    for text in titles:
        ws.append([text])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
    ws.append([])
    ws.append([c["label"] for c in cols])
    for cell in ws[ws.max_row]:
        cell.font, cell.alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for r in rows:
        ws.append([cell_value(c, r.get(c["name"])) for c in cols])
        for cell, c in zip(ws[ws.max_row], cols, strict=True):
            if c["type"] == "unit":
                cell.number_format = "@"  # codes stay text: "14320", "14320-01"
    if form["_name"] in TOTALLED:
        ws.append(
            ["Tổng cộng"]
            + [
                sum(r[c["name"]] or 0 for r in rows) if c["type"] == "integer" else None
                for c in cols[1:]
            ]
        )
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
    for i, c in enumerate(cols, 1):
        ws.column_dimensions[get_column_letter(i)].width = 14 if c["type"] == "unit" else 24


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save with fixed document and zip timestamps, so reruns give identical bytes."""
    wb.properties.creator = "danvan samples"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    raw, out = io.BytesIO(), io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_TIME.timetuple()[:6])
            dst.writestr(fixed, src.read(info.filename), compress_type=zipfile.ZIP_DEFLATED)
    path.write_bytes(out.getvalue())


def write_workbook(
    path: Path, forms: dict, w: World, sender: dict, data: dict, i: int, alt_thon: set
) -> None:
    """One workbook per sender (a district; from 1/7/2025 a commune or ward): its own
    rows, its communes' and its villages'."""
    wb = Workbook()
    wb.remove(wb.active)
    for name in SHEET_FORMS:
        rows = [r for r in data[name] if w.sender_of(r["ma_don_vi"]) == sender["code"]]
        cols = columns(forms[name], drop=("nam", "ma_xa", "ten_thon"))
        if name == "thon" and sender["code"] in alt_thon:
            cols = columns(forms[name], ["ma_xa", "ten_thon"]) + cols[2:]  # not ma/ten_don_vi
        cols = asked(cols, data[name])
        ws = wb.create_sheet(f"Biểu {forms[name]['number']}")
        write_sheet(ws, forms[name], cols, rows, sender, w.year, three_titles=i % 2 == 0)
    save_workbook(wb, path)


def write_units(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, UNIT_COLUMNS, lineterminator="\n")
        out.writeheader()
        out.writerows(rows)


def canonical(w: World, firms: list[dict]) -> dict[str, list[dict]]:
    """The year's rows by form, canonical values, as the files will say them."""
    data = {name: build(w) for name, build in BUILDERS.items()}
    data["doanh_nghiep"] = doanh_nghiep(w, firms)
    return data


def write_year(folder: Path, w: World, forms: dict, firms: list[dict], alt_thon: set) -> None:
    """A year's submissions: a workbook per sender plus province-level CSVs."""
    folder.mkdir(parents=True, exist_ok=True)
    data = canonical(w, firms)
    names = [slug(u["name"]) for u in w.senders]
    assert len(names) == len(set(names)), "two workbooks with one name"
    for i, sender in enumerate(w.senders):
        path = folder / f"{slug(sender['name'])}.xlsx"
        write_workbook(path, forms, w, sender, data, i, alt_thon)
    for name, file in PROVINCE_FILES.items():
        rows = [r for r in data[name] if r["ma_don_vi"] == "37"]
        write_csv(folder / file, forms[name], rows, w.year, ("1", "0"))
    write_csv(
        folder / "doanh_nghiep.csv", forms["doanh_nghiep"], data["doanh_nghiep"], w.year,
        ("true", "false"),
    )


def load_forms() -> dict:
    forms = yaml.safe_load((REPO / "targets.yaml").read_text(encoding="utf-8"))["forms"]
    for name, form in forms.items():
        form["_name"] = name
    return forms


def write_variant(out: Path, variant: str, years=(2024, 2025)) -> None:
    """A sample dataset in `out`: units.csv (the three vintages) and one folder per year
    of `years` (2024 and 2025 unless told), 2025 reported as `variant` says:
    "2025-07" (the standard samples) by the 39 new units; "2025-01" by the 7 districts
    and 125 communes of 1/1/2025 and their villages (units.csv then lists the 2025-01
    villages too, coded <commune>-VNN); "mixed" by the 2025-01 communes (and villages)
    of the first MIXED_FIRST new codes' territory and by the other new units. Only the
    year folders written and units.csv are replaced; nothing else in `out` is touched."""
    if variant not in VARIANTS:
        raise ValueError(f"variant {variant!r}: one of {VARIANTS}")
    s, forms = setting(), load_forms()
    out.mkdir(parents=True, exist_ok=True)
    write_units(out / "units.csv", s.units_rows(with_villages01=variant != "2025-07"))
    for year in years:
        shutil.rmtree(out / str(year), ignore_errors=True)  # no stale files survive
        world, _ = s.world(year, variant)
        write_year(out / str(year), world, forms, s.firms, s.alt_thon)


def main() -> None:
    shutil.rmtree(OUT, ignore_errors=True)  # the tree is ours: no stale files survive
    write_variant(OUT, "2025-07", YEARS)
    print(f"wrote {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
