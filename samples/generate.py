"""Generate danvan's synthetic sample submissions into samples/ninh-binh/.

Province, district and commune codes are the real GSO codes; villages, firms, people
and every figure are invented. Deterministic: every draw comes from a random.Random
seeded with SEED plus a label, and workbooks carry fixed timestamps, so a rerun gives
byte-identical files. Run from anywhere: ``python samples/generate.py``.
"""

from __future__ import annotations

import csv
import datetime
import io
import shutil
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter
from synthetic import BUILDERS, MERGED_INTO, YEARS, World, doanh_nghiep, make_firms, rng_for

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "ninh-binh"
REGISTRY_DIRS = [REPO / "danvan_cli" / "bundled", REPO.parent / "shared" / "data"]
FIXED_TIME = datetime.datetime(2025, 1, 1)
UNIT_COLUMNS = ["code", "name", "level", "parent_code", "type"]

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


def load_registry(filename: str) -> list[dict]:
    """A real registry CSV, from the package or from ../shared/data."""
    for folder in REGISTRY_DIRS:
        if (folder / filename).exists():
            with open(folder / filename, encoding="utf-8", newline="") as f:
                return list(csv.DictReader(f))
    raise SystemExit(f"{filename} not found in {[str(d) for d in REGISTRY_DIRS]}")


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


def villages_2025(villages: list[dict], old: list[dict], new: list[dict]) -> list[dict]:
    """Villages under their 2025 commune, same codes; a name that would clash with a
    village already there gets its old commune's name in brackets."""
    old_names = {u["code"]: u["name"] for u in old}
    alive = {u["code"] for u in new if u["level"] == "xa"}
    taken, moved = defaultdict(set), []
    for v in sorted(villages, key=lambda v: (v["parent_code"] in MERGED_INTO, v["code"])):
        parent, name = MERGED_INTO.get(v["parent_code"], v["parent_code"]), v["name"]
        assert parent in alive, v
        if name in taken[parent]:
            name = f"{name} ({short(old_names[v['parent_code']])})"
        taken[parent].add(name)
        moved.append({**v, "parent_code": parent, "name": name})
    return sorted(moved, key=lambda v: (v["parent_code"], v["code"]))


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


def write_district(path: Path, forms: dict, w: World, district: dict, data: dict, i: int) -> None:
    """One workbook per district: its own rows, its communes' and its villages'."""
    wb = Workbook()
    wb.remove(wb.active)
    for name in SHEET_FORMS:
        rows = [r for r in data[name] if w.district_of(r["ma_don_vi"]) == district["code"]]
        cols = columns(forms[name], drop=("nam", "ma_xa", "ten_thon"))
        if name == "thon" and district["code"] == ALT_THON_DISTRICT:
            cols = columns(forms[name], ["ma_xa", "ten_thon"]) + cols[2:]  # not ma/ten_don_vi
        cols = asked(cols, data[name])
        ws = wb.create_sheet(f"Biểu {forms[name]['number']}")
        write_sheet(ws, forms[name], cols, rows, district, w.year, three_titles=i % 2 == 0)
    save_workbook(wb, path)


def write_units(path: Path, units: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, UNIT_COLUMNS, lineterminator="\n")
        out.writeheader()
        out.writerows(units)


def write_year(w: World, forms: dict, firms: list[dict]) -> None:
    """A year's submissions: district workbooks plus province-level CSVs."""
    folder = OUT / str(w.year)
    folder.mkdir(parents=True, exist_ok=True)
    data = {name: build(w) for name, build in BUILDERS.items()}
    for i, district in enumerate(w.districts):
        write_district(folder / f"{slug(district['name'])}.xlsx", forms, w, district, data, i)
    for name, file in PROVINCE_FILES.items():
        rows = [r for r in data[name] if r["ma_don_vi"] == "37"]
        write_csv(folder / file, forms[name], rows, w.year, ("1", "0"))
    write_csv(
        folder / "doanh_nghiep.csv",
        forms["doanh_nghiep"],
        doanh_nghiep(w, firms),
        w.year,
        ("true", "false"),
    )


def main() -> None:
    forms = yaml.safe_load((REPO / "targets.yaml").read_text(encoding="utf-8"))["forms"]
    for name, form in forms.items():
        form["_name"] = name
    old = load_registry("ninh-binh-units-2020-2024.csv")
    new = load_registry("ninh-binh-units-2025-01.csv")
    villages = make_villages(old)
    villages25 = villages_2025(villages, old, new)
    shutil.rmtree(OUT, ignore_errors=True)  # the tree is ours: no stale files survive
    (OUT / "2025").mkdir(parents=True, exist_ok=True)
    write_units(OUT / "units.csv", old + villages)
    write_units(OUT / "2025" / "units.csv", new + villages25)
    firms = make_firms(old)
    for year in YEARS:
        world = World(year, new, villages25) if year >= 2025 else World(year, old, villages)
        write_year(world, forms, firms)
    print(f"wrote {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
