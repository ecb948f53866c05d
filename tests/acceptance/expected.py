"""The scorecard docs/contract.md (§6-8) describes, worked out in plain Python.

Independent of danvan: the 36 targets are restated here from the spec's tables and
issue 10 (not read from `targets.yaml`), and no pandas is used. Input is rows as
`generate.write_year` returns them (canonical keys, typed values), the unit
registry rows (`code,name,level,parent_code,type`) and, for the targets that look
back (`improves`, the NV7/NV8 two-year windows), the rows of earlier years.

Readings of the spec used here (see the report to the lead):
- ratio: only rows that give both the part and the total; Σ part / Σ total × 100;
- share: only rows that answer at least one of its condition columns (a row that
  answers none is not counted as failing); count: every row of the scope;
- sum: every row of the scope; its value is null when no row gives a number;
- improves (NV10-NV13, NV16, NV17): the inner measure this year, met when higher
  than the same measure over the year before's rows, not_met when equal or lower,
  insufficient_data without a value the year before, no_data without one this
  year; no threshold, so achievement is null;
- tracked (NV15): the value is shown, status `tracked` (no_data without a value);
- NV6's threshold is 12 × the programme's months in the year / 12: the programme
  starts 29/6/2021, so 6 in 2021 (July-December) and 12 afterwards;
- window (NV7/NV8): windows 2021-22, 2023-24, 2025-26; the value sums the window's
  years so far; a window running past 2025 is not_due (never judged);
- no rows in scope, or Σ total = 0 -> value and achievement null, status no_data;
  numerator / denominator of a ratio or share are still the sums / counts (0 / 0
  with no rows; see NO_DATA_COUNTS_ARE_ZERO), null for sum, count and mean;
- breakdown: one entry per unit directly under the province with rows in scope (the
  districts until 2024 and in 2025-01; the new communes and wards from 1/7/2025, when
  there is no district level), value computed over its rows exactly like the
  province-wide value; province rows belong to none.
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
        blank = row.get(self.part) is None or row.get(self.total) is None
        return not (blank and BLANK_PAIRS_OUT_OF_SCOPE)

    def compute(self, rows: list[dict], year: int) -> tuple[float | None, int | None, int | None]:
        part = sum(row[self.part] or 0 for row in rows)
        total = sum(row[self.total] or 0 for row in rows)
        return (100 * part / total if total else None), part, total


@dataclass(frozen=True)
class Share:
    """100 × rows meeting `condition` / rows that answer one of `columns` at least."""

    condition: Callable[[dict, int], bool]
    columns: tuple[str, ...]

    def in_scope(self, row: dict) -> bool:
        return any(row.get(c) is not None for c in self.columns)

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
    """Σ column over the rows in scope; null when no row gives a number."""

    column: str

    def in_scope(self, row: dict) -> bool:
        return True

    def compute(self, rows: list[dict], year: int):
        values = [row.get(self.column) for row in rows if row.get(self.column) is not None]
        return (sum(values) if values else None), None, None


@dataclass(frozen=True)
class Improves:
    """The inner measure; judged against the same measure the year before."""

    of: object

    def in_scope(self, row: dict) -> bool:
        return self.of.in_scope(row)

    def compute(self, rows: list[dict], year: int):
        return self.of.compute(rows, year)


# --------------------------------------------------------------------------- targets

def at_least(column: str, n: int) -> Callable[[dict, int], bool]:
    return lambda row, year: row[column] is not None and row[column] >= n


def is_true(column: str) -> Callable[[dict, int], bool]:
    return lambda row, year: row[column] is True


def share_at_least(column: str, n: int) -> Share:
    return Share(at_least(column, n), (column,))


def share_true(column: str) -> Share:
    return Share(is_true(column), (column,))


def no_new_trouble(row: dict, year: int) -> bool:
    return row["so_diem_nong_moi"] == 0 and row["so_vu_khieu_kien_dong_nguoi_moi"] == 0


def rated_good(row: dict, year: int) -> bool:
    return row["xep_loai"] in ("xuat_sac", "tot")


def supervised_and_criticised(row: dict, year: int) -> bool:
    return row["so_cuoc_giam_sat"] >= 2 and row["so_cuoc_phan_bien"] >= 1


def youth_union_this_year(row: dict, year: int) -> bool:
    return row["nam_thanh_lap_to_chuc_doan"] == year


@dataclass(frozen=True)
class Target:
    """One row of docs/contract.md §6. `when`: annual | deadline | window."""

    id: str
    form: str
    measure: object
    threshold: float | None  # None: improves or tracked
    when: str
    levels: tuple[str, ...] | None = None
    where: Callable[[dict, int], bool] | None = field(default=None)
    tracked: bool = False
    prorated: bool = False  # threshold × programme months in the year / 12 (NV6)

    def threshold_in(self, year: int) -> float | None:
        if self.threshold is None or not self.prorated:
            return self.threshold
        return self.threshold * programme_months(year) / 12


def programme_months(year: int) -> int:
    """The programme starts on 29/6/2021 (Quyết định 334-QĐ/TU): July-December 2021."""
    return 6 if year == PROGRAMME_START else 12


RATIO_FILES = Ratio("so_ho_so_xu_ly_tren_mang", "tong_so_ho_so_cong_viec")

ADMIN = ("tinh", "huyen", "xa")
GOOD = ("xep_loai",)

TARGETS: list[Target] = [
    Target("T1.1", "cap_uy", Ratio("so_cap_uy_vien_guong_mau", "tong_so_cap_uy_vien"),
           100, "annual"),
    Target("T1.2", "doi_thoai", share_at_least("so_cuoc_doi_thoai", 1), 100, "annual"),
    Target("T2.1", "qcdc", Share(rated_good, GOOD), 85, "annual"),
    Target("T2.2", "dan_van_chinh_quyen",
           Ratio("so_can_bo_da_tap_huan", "so_can_bo_phu_trach_dan_van"), 100, "annual"),
    Target("T3.1a", "chuyen_doi_so", RATIO_FILES, 90, "deadline", levels=("tinh",)),
    Target("T3.1b", "chuyen_doi_so", RATIO_FILES, 80, "deadline", levels=("huyen",)),
    Target("T3.1c", "chuyen_doi_so", RATIO_FILES, 60, "deadline", levels=("xa",)),
    Target("T3.2", "chuyen_doi_so",
           Ratio("so_dich_vu_cong_muc_do_4", "tong_so_dich_vu_cong"), 100, "deadline",
           levels=("tinh",)),
    Target("T3.3", "chuyen_doi_so",
           Ratio("so_co_quan_dang_chuan_hoa_tthc", "tong_so_co_quan_dang"), 100, "deadline"),
    Target("T3.4", "chuyen_doi_so",
           Ratio("so_van_ban_dien_tu_ky_so", "tong_so_van_ban"), 100, "deadline"),
    Target("T4.1", "mat_tran_doan_the",
           Share(supervised_and_criticised, ("so_cuoc_giam_sat", "so_cuoc_phan_bien")),
           100, "annual", levels=("tinh", "huyen")),
    Target("T4.2", "mat_tran_doan_the", share_at_least("so_cuoc_giam_sat", 1), 100, "annual",
           levels=("xa",)),
    Target("T4.3", "mat_tran_doan_the", Share(rated_good, GOOD), 90, "annual", levels=("xa",)),
    Target("T5.1", "doanh_nghiep", share_true("co_cong_doan_co_so"), 90, "deadline",
           where=lambda row, year: row["so_lao_dong"] >= 25),
    Target("T5.2", "doanh_nghiep", share_true("co_cong_doan_co_so"), 100, "annual",
           where=lambda row, year: row["nam_thanh_lap"] == year
           and row["du_dieu_kien_thanh_lap_cong_doan"] is True),
    Target("T5.3", "doanh_nghiep", Count(youth_union_this_year), 15, "annual"),
    Target("T6.1", "ket_nap_dang", Sum("so_dang_vien_moi_co_ton_giao"), 85, "annual"),
    Target("T7.1", "thon", share_at_least("so_mo_hinh_tu_quan_hieu_qua", 4), 100, "deadline"),
    Target("T7.2", "thon", share_true("co_to_hoa_giai_hieu_qua"), 80, "deadline"),
    Target("NV1", "cap_uy", share_true("co_phan_cong_phu_trach_dan_van"), 100, "annual"),
    Target("NV2", "cap_uy", Ratio("so_cap_uy_vien_du_hop_hang_thang", "tong_so_cap_uy_vien"),
           100, "annual", levels=("huyen", "xa")),
    Target("NV3", "dan_van_chinh_quyen", share_true("co_ke_hoach_dan_van_chinh_quyen"),
           100, "annual"),
    Target("NV4", "dan_van_chinh_quyen", share_true("co_can_bo_phu_trach_cntt"), 100, "annual"),
    Target("NV5", "chuyen_doi_so", share_at_least("ty_le_giam_thoi_gian_hop", 40), 100,
           "deadline", levels=ADMIN),
    Target("NV6", "hoat_dong_tinh", Sum("so_thang_co_chuyen_muc_dan_van"), 12, "annual",
           prorated=True),
    Target("NV7", "hoat_dong_tinh", Sum("so_hoi_nghi_bieu_duong_dan_van_kheo"), 1, "window"),
    Target("NV8", "hoat_dong_tinh", Sum("so_hoi_nghi_bieu_duong_nguoi_co_uy_tin"), 1, "window"),
    Target("NV9", "cap_uy", share_true("co_chi_dao_thang_cao_diem_dan_van"), 100, "annual",
           levels=ADMIN),
    Target("NV10", "chi_so_tinh", Improves(Sum("par_index")), None, "annual"),
    Target("NV11", "chi_so_tinh", Improves(Sum("sipas")), None, "annual"),
    Target("NV12", "chi_so_tinh", Improves(Sum("pci")), None, "annual"),
    Target("NV13", "chi_so_tinh", Improves(Sum("papi")), None, "annual"),
    Target("NV14", "on_dinh_co_so",
           Share(no_new_trouble, ("so_diem_nong_moi", "so_vu_khieu_kien_dong_nguoi_moi")),
           100, "annual"),
    Target("NV15", "on_dinh_co_so", Sum("so_mo_hinh_dan_van_kheo"), None, "annual",
           tracked=True),
    Target("NV16", "doanh_nghiep",
           Improves(Ratio("so_doan_vien_cong_doan", "so_lao_dong")), None, "annual"),
    Target("NV17", "thon", Improves(Ratio("so_ho_tham_gia_hop", "so_ho")), None, "annual"),
]
TARGET_IDS = [t.id for t in TARGETS]
DEADLINE = 2025
WINDOW = 2


# --------------------------------------------------------------------------- units

class Units:
    """Level and breakdown unit of each registry code. The rows are those of the
    vintage(s) the year's rows are in, one meaning per code (the caller picks them)."""

    def __init__(self, units_rows: list[dict]):
        self.by_code = {str(u["code"]): u for u in units_rows}
        assert len(self.by_code) == len(units_rows), "a code twice: give one vintage's rows"

    def level(self, code: str) -> str:
        return self.by_code[str(code)]["level"]

    def district(self, code: str) -> str | None:
        """The unit's ancestor (or itself) directly under the province: a district and
        its communes and villages until 2024 and in 2025-01; from 1/7/2025 (no district
        level) a new commune or ward itself and its villages. None for the province."""
        unit = self.by_code[str(code)]
        if unit["level"] == "tinh":
            return None
        while self.by_code[unit["parent_code"]]["level"] != "tinh":
            unit = self.by_code[unit["parent_code"]]
        return unit["code"]


# --------------------------------------------------------------------------- scoring

def window_of(year: int) -> list[int]:
    """The two-year window `year` falls in, counted from the programme's first year."""
    first = year - (year - PROGRAMME_START) % WINDOW
    return list(range(first, first + WINDOW))


def status_of(target: Target, value: float | None, year: int,
              previous: float | None = None) -> str:
    """docs/contract.md §7 (single year), the NV7/NV8 two-year windows and issue 10
    (improves, tracked, a prorated threshold)."""
    if value is None:
        return "no_data"
    if isinstance(target.measure, Improves):
        if previous is None:
            return "insufficient_data"
        return "met" if value > previous else "not_met"
    if target.tracked:
        return "tracked"
    if target.when == "window" and window_of(year)[-1] > DEADLINE:
        return "not_due"
    if value >= target.threshold_in(year):
        return "met"
    if target.when == "annual":
        return "not_met"
    if target.when == "deadline":
        return "not_met" if year >= DEADLINE else "in_progress"
    last_of_window = year == window_of(year)[-1]
    return "not_met" if last_of_window else "in_progress"


def rows_in_scope(target: Target, rows: list[dict], units: Units, year: int) -> list[dict]:
    """Rows of the target's form inside its levels, `where` filter and measure scope."""
    return [row for row in rows
            if (target.levels is None or units.level(row["ma_don_vi"]) in target.levels)
            and (target.where is None or target.where(row, year))
            and target.measure.in_scope(row)]


def breakdown(target: Target, scope: list[dict], units: Units, year: int) -> list[dict]:
    """One entry per unit directly under the province with rows in scope, by code."""
    by_district: dict[str, list[dict]] = {}
    for row in scope:
        district = units.district(row["ma_don_vi"])
        if district is not None:
            by_district.setdefault(district, []).append(row)
    return [{"code": code, "value": target.measure.compute(rows, year)[0]}
            for code, rows in sorted(by_district.items(), key=lambda item: int(item[0]))]


def score_target(target: Target, rows_by_year: dict[int, dict[str, list[dict]]],
                 units: Units, year: int) -> dict:
    """The expected JSON fields of one target; `rows_by_year` holds this year's rows by
    form and those of any earlier year there are files of."""
    years = [year]
    if target.when == "window":  # the window's years so far that have files
        years = [y for y in window_of(year) if y <= year and y in rows_by_year]
    scope = [row for y in years for row in
             rows_in_scope(target, rows_by_year[y].get(target.form, []), units, y)]
    value, numerator, denominator = target.measure.compute(scope, year)
    if value is None and not NO_DATA_COUNTS_ARE_ZERO:
        numerator = denominator = None
    previous = None
    if isinstance(target.measure, Improves) and year - 1 in rows_by_year:
        before = rows_in_scope(target, rows_by_year[year - 1].get(target.form, []), units, year - 1)
        previous = target.measure.compute(before, year - 1)[0]
    threshold = target.threshold_in(year)
    return {
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "achievement": None if value is None or threshold is None else 100 * value / threshold,
        "status": status_of(target, value, year, previous),
        "previous": previous,
        "threshold": threshold,
        "breakdown": breakdown(target, scope, units, year),
    }


def expected_scorecard(rows_by_form: dict[str, list[dict]], units_rows: list[dict],
                       year: int, earlier: dict[int, dict[str, list[dict]]] | None = None,
                       ) -> dict[str, dict]:
    """Expected value, numerator, denominator, achievement, status and breakdown per target;
    `earlier` maps earlier years to their rows by form (the sibling year folders)."""
    units = Units(units_rows)
    rows_by_year = {**(earlier or {}), year: rows_by_form}
    return {t.id: score_target(t, rows_by_year, units, year) for t in TARGETS}


# --------------------------------------------------------------------------- groups

def grouped(target: Target, rows_by_year: dict[int, dict[str, list[dict]]], units: Units,
            year: int, group_of: Callable[[dict, int], str | None],
            ) -> dict[str, tuple[float | None, int | None, int | None]]:
    """(value, numerator, denominator) of `target` in `year` over the rows of each group:
    `group_of(row, row's year)` names a row's group (None: the row is in none). The rows
    are those `score_target` takes (the same scope; a window's years so far), the measure
    the same; a group with no row in scope has no entry. Used for danvan's comparison
    areas (`summary --by area`); adds nothing to, and changes nothing in, the scorecard."""
    years = [year]
    if target.when == "window":
        years = [y for y in window_of(year) if y <= year and y in rows_by_year]
    groups: dict[str, list[dict]] = {}
    for y in years:
        for row in rows_in_scope(target, rows_by_year[y].get(target.form, []), units, y):
            group = group_of(row, y)
            if group is not None:
                groups.setdefault(group, []).append(row)
    out = {}
    for group, rows in groups.items():
        value, numerator, denominator = target.measure.compute(rows, year)
        if value is None and not NO_DATA_COUNTS_ARE_ZERO:
            numerator = denominator = None
        out[group] = (value, numerator, denominator)
    return out
