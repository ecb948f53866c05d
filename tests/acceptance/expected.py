"""The scorecard PRODUCT.md (sections 6-8) asks for, worked out in plain Python.

Independent of danvan: the 28 targets are restated here from the spec's tables,
not read from `targets.yaml`, and no pandas is used. Input is rows as
`generate.write_year` returns them (canonical keys, typed values) and the unit
registry rows (`code,name,level,parent_code,type`).

Readings of the spec used here (see the report to the lead):
- ratio: rows whose pair is both blank are not in scope; Σ part / Σ total × 100;
- share / count / sum: every row of the scope is in scope; mean: rows with a value;
- no rows in scope, or Σ total = 0 -> value and achievement null, status no_data;
  numerator / denominator of a ratio or share are still the sums / counts (0 / 0
  with no rows; see NO_DATA_COUNTS_ARE_ZERO), null for sum, count and mean;
- breakdown: one entry per district-level unit with rows in scope, value computed
  over its rows exactly like the province-wide value; province rows belong to none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

PROGRAMME_START = 2021

# Two points the spec leaves open (both reported to the lead); flip here once decided.
# True: a no_data share/ratio still reports its counts/sums (0 / 0); False: null / null.
NO_DATA_COUNTS_ARE_ZERO = True
# True: a row whose pair is blank is outside the ratio's scope, so a district whose rows
# are all blank has no breakdown entry; False: it has an entry with a null value.
BLANK_PAIRS_OUT_OF_SCOPE = True


# --------------------------------------------------------------------------- measures

@dataclass(frozen=True)
class Ratio:
    """100 × Σ part / Σ total over rows whose pair is not both blank."""

    part: str
    total: str

    def in_scope(self, row: dict) -> bool:
        blank = row[self.part] is None and row[self.total] is None
        return not (blank and BLANK_PAIRS_OUT_OF_SCOPE)

    def compute(self, rows: list[dict], year: int) -> tuple[float | None, int | None, int | None]:
        part = sum(row[self.part] or 0 for row in rows)
        total = sum(row[self.total] or 0 for row in rows)
        return (100 * part / total if total else None), part, total


@dataclass(frozen=True)
class Share:
    """100 × rows meeting `condition` / rows in scope."""

    condition: Callable[[dict, int], bool]

    def in_scope(self, row: dict) -> bool:
        return True

    def compute(self, rows: list[dict], year: int):
        hits = sum(1 for row in rows if self.condition(row, year))
        return (100 * hits / len(rows) if rows else None), hits, len(rows)


@dataclass(frozen=True)
class Count:
    """Number of rows meeting `condition`."""

    condition: Callable[[dict, int], bool]

    def in_scope(self, row: dict) -> bool:
        return True

    def compute(self, rows: list[dict], year: int):
        hits = sum(1 for row in rows if self.condition(row, year))
        return (hits if rows else None), None, None


@dataclass(frozen=True)
class Sum:
    """Σ column over the rows in scope."""

    column: str

    def in_scope(self, row: dict) -> bool:
        return True

    def compute(self, rows: list[dict], year: int):
        return (sum(row[self.column] or 0 for row in rows) if rows else None), None, None


@dataclass(frozen=True)
class Mean:
    """Mean of a column over rows where it has a value."""

    column: str

    def in_scope(self, row: dict) -> bool:
        return row[self.column] is not None

    def compute(self, rows: list[dict], year: int):
        values = [row[self.column] for row in rows]
        return (sum(values) / len(values) if values else None), None, None


# --------------------------------------------------------------------------- targets

def at_least(column: str, n: int) -> Callable[[dict, int], bool]:
    return lambda row, year: row[column] is not None and row[column] >= n


def is_true(column: str) -> Callable[[dict, int], bool]:
    return lambda row, year: row[column] is True


def rated_good(row: dict, year: int) -> bool:
    return row["xep_loai"] in ("xuat_sac", "tot")


def supervised_and_criticised(row: dict, year: int) -> bool:
    return row["so_cuoc_giam_sat"] >= 2 and row["so_cuoc_phan_bien"] >= 1


def youth_union_this_year(row: dict, year: int) -> bool:
    return row["nam_thanh_lap_to_chuc_doan"] == year


@dataclass(frozen=True)
class Target:
    """One row of PRODUCT.md section 6. `when`: annual | deadline | window."""

    id: str
    form: str
    measure: object
    threshold: float
    when: str
    levels: tuple[str, ...] | None = None
    where: Callable[[dict, int], bool] | None = field(default=None)


RATIO_FILES = Ratio("so_ho_so_xu_ly_tren_mang", "tong_so_ho_so_cong_viec")

TARGETS: list[Target] = [
    Target("T1.1", "cap_uy", Ratio("so_cap_uy_vien_guong_mau", "tong_so_cap_uy_vien"),
           100, "annual"),
    Target("T1.2", "doi_thoai", Share(at_least("so_cuoc_doi_thoai", 1)), 100, "annual"),
    Target("T2.1", "qcdc", Share(rated_good), 85, "annual"),
    Target("T2.2", "dan_van_chinh_quyen",
           Ratio("so_can_bo_da_tap_huan", "so_can_bo_phu_trach_dan_van"), 100, "annual"),
    Target("T3.1a", "chuyen_doi_so", RATIO_FILES, 90, "deadline", levels=("tinh",)),
    Target("T3.1b", "chuyen_doi_so", RATIO_FILES, 80, "deadline", levels=("huyen",)),
    Target("T3.1c", "chuyen_doi_so", RATIO_FILES, 60, "deadline", levels=("xa",)),
    Target("T3.2", "chuyen_doi_so",
           Ratio("so_dich_vu_cong_muc_do_4", "tong_so_dich_vu_cong"), 100, "deadline"),
    Target("T3.3", "chuyen_doi_so",
           Ratio("so_co_quan_dang_chuan_hoa_tthc", "tong_so_co_quan_dang"), 100, "deadline"),
    Target("T3.4", "chuyen_doi_so",
           Ratio("so_van_ban_dien_tu_ky_so", "tong_so_van_ban"), 100, "deadline"),
    Target("T4.1", "mat_tran_doan_the", Share(supervised_and_criticised), 100, "annual",
           levels=("tinh", "huyen")),
    Target("T4.2", "mat_tran_doan_the", Share(at_least("so_cuoc_giam_sat", 1)), 100, "annual",
           levels=("xa",)),
    Target("T4.3", "mat_tran_doan_the", Share(rated_good), 90, "annual", levels=("xa",)),
    Target("T5.1", "doanh_nghiep", Share(is_true("co_cong_doan_co_so")), 90, "deadline",
           where=lambda row, year: row["so_lao_dong"] >= 25),
    Target("T5.2", "doanh_nghiep", Share(is_true("co_cong_doan_co_so")), 100, "annual",
           where=lambda row, year: row["nam_thanh_lap"] == year
           and row["du_dieu_kien_thanh_lap_cong_doan"] is True),
    Target("T5.3", "doanh_nghiep", Count(youth_union_this_year), 15, "annual"),
    Target("T6.1", "ket_nap_dang", Sum("so_dang_vien_moi_co_ton_giao"), 85, "annual"),
    Target("T7.1", "thon", Share(at_least("so_mo_hinh_tu_quan_hieu_qua", 4)), 100, "deadline"),
    Target("T7.2", "thon", Share(is_true("co_to_hoa_giai_hieu_qua")), 80, "deadline"),
    Target("NV1", "cap_uy", Share(is_true("co_phan_cong_phu_trach_dan_van")), 100, "annual"),
    Target("NV2", "cap_uy", Ratio("so_cap_uy_vien_du_hop_hang_thang", "tong_so_cap_uy_vien"),
           100, "annual", levels=("huyen", "xa")),
    Target("NV3", "dan_van_chinh_quyen", Share(is_true("co_ke_hoach_dan_van_chinh_quyen")),
           100, "annual"),
    Target("NV4", "dan_van_chinh_quyen", Share(is_true("co_can_bo_phu_trach_cntt")),
           100, "deadline"),
    Target("NV5", "chuyen_doi_so", Mean("ty_le_giam_thoi_gian_hop"), 40, "deadline"),
    Target("NV6", "hoat_dong_tinh", Sum("so_ky_chuyen_muc_dan_van"), 12, "annual"),
    Target("NV7", "hoat_dong_tinh", Sum("so_hoi_nghi_bieu_duong_dan_van_kheo"), 1, "window"),
    Target("NV8", "hoat_dong_tinh", Sum("so_hoi_nghi_bieu_duong_nguoi_co_uy_tin"), 1, "window"),
    Target("NV9", "hoat_dong_tinh", Share(is_true("co_thang_cao_diem_dan_van")), 100, "annual"),
]
TARGET_IDS = [t.id for t in TARGETS]
DEADLINE = 2025
WINDOW = 2


# --------------------------------------------------------------------------- units

class Units:
    """Level and district-level ancestor of each registry code."""

    def __init__(self, units_rows: list[dict]):
        self.by_code = {str(u["code"]): u for u in units_rows}

    def level(self, code: str) -> str:
        return self.by_code[str(code)]["level"]

    def district(self, code: str) -> str | None:
        """A district's own code, a commune's parent, a village's grandparent; None for tinh."""
        unit = self.by_code[str(code)]
        while unit["level"] not in ("huyen", "tinh"):
            unit = self.by_code[unit["parent_code"]]
        return unit["code"] if unit["level"] == "huyen" else None


# --------------------------------------------------------------------------- scoring

def status_of(target: Target, value: float | None, year: int) -> str:
    """PRODUCT.md section 7 (single year) and the NV7/NV8 two-year windows."""
    if value is None:
        return "no_data"
    if value >= target.threshold:
        return "met"
    if target.when == "annual":
        return "not_met"
    if target.when == "deadline":
        return "not_met" if year >= DEADLINE else "in_progress"
    last_of_window = (year - PROGRAMME_START) % WINDOW == WINDOW - 1
    return "not_met" if last_of_window else "in_progress"


def rows_in_scope(target: Target, rows: list[dict], units: Units, year: int) -> list[dict]:
    """Rows of the target's form inside its levels, `where` filter and measure scope."""
    return [row for row in rows
            if (target.levels is None or units.level(row["ma_don_vi"]) in target.levels)
            and (target.where is None or target.where(row, year))
            and target.measure.in_scope(row)]


def breakdown(target: Target, scope: list[dict], units: Units, year: int) -> list[dict]:
    """One entry per district-level unit with rows in scope, sorted by code."""
    by_district: dict[str, list[dict]] = {}
    for row in scope:
        district = units.district(row["ma_don_vi"])
        if district is not None:
            by_district.setdefault(district, []).append(row)
    return [{"code": code, "value": target.measure.compute(rows, year)[0]}
            for code, rows in sorted(by_district.items(), key=lambda item: int(item[0]))]


def score_target(target: Target, rows: list[dict], units: Units, year: int) -> dict:
    """The expected JSON fields of one target."""
    scope = rows_in_scope(target, rows, units, year)
    value, numerator, denominator = target.measure.compute(scope, year)
    if value is None and not NO_DATA_COUNTS_ARE_ZERO:
        numerator = denominator = None
    return {
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "achievement": None if value is None else 100 * value / target.threshold,
        "status": status_of(target, value, year),
        "breakdown": breakdown(target, scope, units, year),
    }


def expected_scorecard(rows_by_form: dict[str, list[dict]], units_rows: list[dict],
                       year: int) -> dict[str, dict]:
    """Expected value, numerator, denominator, achievement, status and breakdown per target."""
    units = Units(units_rows)
    return {t.id: score_target(t, rows_by_form.get(t.form, []), units, year) for t in TARGETS}
