"""Fixtures shared by the command-line tests: a small year folder with its registry."""

from pathlib import Path

import pytest

UNITS = """code,name,level,parent_code,type
37,Tỉnh Ninh Bình,tinh,,Tỉnh
369,Thành phố Ninh Bình,huyen,37,Thành phố
14320,Phường Đông Thành,xa,369,Phường
"""
CAP_UY = """ma_don_vi,tong_so_cap_uy_vien,so_cap_uy_vien_guong_mau,co_phan_cong_phu_trach_dan_van,so_cap_uy_vien_du_hop_hang_thang
37,50,50,1,
369,40,38,1,40
14320,20,19,0,18
"""


@pytest.fixture
def year_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "2023"
    folder.mkdir()
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    (folder / "cap_uy.csv").write_text(CAP_UY, encoding="utf-8")
    return folder
