"""The unit registry: parsing, hierarchy, lookup order."""

from pathlib import Path

import pytest

from danvan_cli.errors import RegistryError
from danvan_cli.resources import default_units
from danvan_cli.units import find_registry, load_registry, parse_registry

LEVELS = ("tinh", "huyen", "xa", "thon")
TEXT = """code,name,level,parent_code,type
37,Tỉnh Ninh Bình,tinh,,Tỉnh
369,Thành phố Ninh Bình,huyen,37,Thành phố
14320,Phường Đông Thành,xa,369,Phường
14320-01,Phố Lê Lợi,thon,14320,Phố
"""


def test_hierarchy_and_names():
    registry = parse_registry(TEXT, "units.csv", LEVELS)
    assert registry.district_level == "huyen"
    assert registry.ancestor_at("14320-01", "huyen") == "369"
    assert registry.ancestor_at("37", "huyen") is None
    assert registry.child_by_name("14320", "pho le loi") == "14320-01"
    assert registry.codes_at(["tinh", "huyen"]) == ["37", "369"]


def test_bundled_registry_is_the_real_list():
    registry = load_registry(default_units(), LEVELS)
    levels = [u.level for u in registry.units.values()]
    assert (levels.count("tinh"), levels.count("huyen"), levels.count("xa")) == (1, 8, 143)
    assert not registry.has_level("thon")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("code,name\n1,x\n", "thiếu cột"),
        ("code,name,level,parent_code\n1,x,vung,\n", "cấp 'vung'"),
        ("code,name,level,parent_code\n1,x,tinh,\n1,y,tinh,\n", "bị lặp"),
        ("code,name,level,parent_code\n2,x,huyen,99\n", "cấp trên 99"),
    ],
)
def test_bad_registries_name_the_problem(text, fragment):
    with pytest.raises(RegistryError, match=fragment):
        parse_registry(text, "units.csv", LEVELS)


def test_lookup_order(tmp_path: Path):
    year = tmp_path / "2023"
    year.mkdir()
    assert find_registry(None, year) == default_units()
    (tmp_path / "units.csv").write_text(TEXT, encoding="utf-8")
    assert find_registry(None, year) == tmp_path / "units.csv"
    (year / "units.csv").write_text(TEXT, encoding="utf-8")
    assert find_registry(None, year) == year / "units.csv"
    explicit = tmp_path / "other.csv"
    explicit.write_text(TEXT, encoding="utf-8")
    assert find_registry(explicit, year) == explicit
