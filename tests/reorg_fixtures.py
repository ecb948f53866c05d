"""Tiny year folders for the 2025 reorganisation tests (`test_reorganisation.py`).

Each helper writes one CSV per form with the canonical column names of targets.yaml;
the tests read them with the bundled Ninh Bình registries (2020-2024, 2025-01, 2025-07)
unless they pass their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

CAP_UY = ("ma_don_vi,ten_don_vi,nam,tong_so_cap_uy_vien,so_cap_uy_vien_guong_mau,"
          "co_phan_cong_phu_trach_dan_van,so_cap_uy_vien_du_hop_hang_thang")
MAT_TRAN = "ma_don_vi,ten_don_vi,nam,to_chuc,so_cuoc_giam_sat,so_cuoc_phan_bien,xep_loai"
KET_NAP = "ma_don_vi,ten_don_vi,nam,to_chuc_dang,so_dang_vien_moi,so_dang_vien_moi_co_ton_giao"
CHUYEN_DOI_SO = "ma_don_vi,ten_don_vi,nam,ty_le_giam_thoi_gian_hop"


def year_folder(root: Path, year: int) -> Path:
    folder = root / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_form(folder: Path, form: str, header: str, rows: Iterable[Sequence[object]]) -> Path:
    """``folder/form.csv`` with the header and one line per row (None → blank cell)."""
    lines = [header] + [",".join("" if v is None else str(v) for v in row) for row in rows]
    path = folder / f"{form}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cap_uy(folder: Path, year: int, rows: Iterable[tuple[str, str, int, int]]) -> Path:
    """Rows (code, name, tong_so_cap_uy_vien, so_cap_uy_vien_guong_mau); every committee has
    assigned a member (1) and the monthly attendance equals the exemplary count."""
    return write_form(folder, "cap_uy", CAP_UY,
                      [(code, name, year, total, good, 1, good) for code, name, total, good in rows])


def mat_tran(folder: Path, year: int, rows: Iterable[tuple[str, str, str, int]]) -> Path:
    """Commune rows (code, name, to_chuc, so_cuoc_giam_sat); 1 phản biện, rated tot."""
    return write_form(folder, "mat_tran_doan_the", MAT_TRAN,
                      [(code, name, year, org, n, 1, "tot") for code, name, org, n in rows])


def ket_nap(folder: Path, year: int, rows: Iterable[tuple[str, str, int, int]]) -> Path:
    """Rows (code, name, so_dang_vien_moi, so_dang_vien_moi_co_ton_giao)."""
    return write_form(folder, "ket_nap_dang", KET_NAP,
                      [(code, name, year, f"Đảng bộ {name}", n, rel) for code, name, n, rel in rows])


def chuyen_doi_so(folder: Path, year: int, rows: Iterable[tuple[str, str, int]]) -> Path:
    """Rows (code, name, ty_le_giam_thoi_gian_hop)."""
    return write_form(folder, "chuyen_doi_so", CHUYEN_DOI_SO,
                      [(code, name, year, rate) for code, name, rate in rows])


def target(data: dict, target_id: str) -> dict:
    """One target's JSON object of a scorecard or summary."""
    return next(t for t in data["targets"] if t["id"] == target_id)


def issues_of(issues: Iterable, code: str) -> list:
    """The issues (objects with ``.code``) of one code."""
    return [i for i in issues if i.code == code]
