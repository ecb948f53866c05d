"""`danvan units`: lookup across vintages, listing, and the registry + crosswalk check.

Expected facts are read by hand from ../shared/data/README.md and the bundled CSVs
(danvan_cli/bundled/ninh-binh-units-*.csv, ninh-binh-crosswalk.csv)."""

import datetime
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from danvan_cli.cli import app
from danvan_cli.resources import bundled_units
from danvan_cli.units import load_history
from danvan_cli.units.lookup import check, list_vintage, lookup, overview

LEVELS = ("tinh", "huyen", "xa", "thon")
runner = CliRunner()


@pytest.fixture(scope="module")
def bundled():
    return load_history(bundled_units(), None, LEVELS)


def _step_codes(steps):
    return [(s.vintage.id, [u.code for u in s.units]) for s in steps]


# -- lookup ----------------------------------------------------------------------------


def test_code_14329_has_three_meanings(bundled):
    found = lookup(bundled, "14329")
    assert [(m.vintage.id, m.unit.name, m.parent_name) for m in found] == [
        ("2020-2024", "Phường Vân Giang", "Thành phố Ninh Bình"),  # units-2020-2024.csv line 14
        ("2025-01", "Phường Vân Giang", "Thành phố Hoa Lư"),  # units-2025-01.csv line 62, parent 374
        ("2025-07", "Phường Hoa Lư", "Tỉnh Ninh Bình"),  # units-2025-07.csv line 3
    ]
    assert [(m.vintage.valid_from, m.vintage.valid_to) for m in found] == [
        (None, datetime.date(2024, 12, 31)),
        (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)),
        (datetime.date(2025, 7, 1), None),
    ]
    old, mid, new = found
    assert _step_codes(old.successors) == [("2025-01", ["14329"]), ("2025-07", ["14329"])]
    assert old.predecessors == ()
    # crosswalk lines 13, 14, 16: Thanh Bình, Vân Giang, Phúc Thành → Vân Giang (2025-01)
    assert _step_codes(mid.predecessors) == [("2020-2024", ["14326", "14329", "14335"])]
    # crosswalk lines 155-163, 218, 221: eleven 2025-01 units → Phường Hoa Lư
    assert _step_codes(new.predecessors)[-1] == ("2025-01", ["14320", "14323", "14329", "14332", "14338", "14341",
                                                             "14344", "14347", "14350", "14527", "14536"])
    assert new.successors == ()
    assert old.chain() == ("14329 Phường Vân Giang (đến 31/12/2024) → 14329 Phường Vân Giang (1/1/2025-30/6/2025)"
                           " → 14329 Phường Hoa Lư (từ 1/7/2025)")


@pytest.mark.parametrize("query", ["Khánh Tiên", "khanh tien", "Xã Khánh Tiên", "XÃ KHÁNH TIÊN", "xa khanh tien"])
def test_khanh_tien_went_into_khanh_thien(bundled, query):
    (found,) = lookup(bundled, query)
    assert (found.vintage.id, found.unit.code, found.unit.name) == ("2020-2024", "14563", "Xã Khánh Tiên")
    # crosswalk line 94: 14563 Khánh Tiên → 14563 Khánh Thiện (2025-01); line 227: → 14563 Khánh Thiện (2025-07)
    assert [(s.vintage.id, [(u.code, u.name, u.share) for u in s.units]) for s in found.successors] == [
        ("2025-01", [("14563", "Xã Khánh Thiện", 1.0)]),
        ("2025-07", [("14563", "Xã Khánh Thiện", 1.0)]),
    ]


def test_name_lookup_keeps_the_kind_and_the_whole_name(bundled):
    assert lookup(bundled, "Huyện Khánh Tiên") == []
    # 'Hoa Lư' is Huyện Hoa Lư (2020-2024), Thành phố Hoa Lư (2025-01), Phường Hoa Lư (2025-07), not Nam/Tây Hoa Lư
    assert [(m.vintage.id, m.unit.code) for m in lookup(bundled, "Hoa Lư")] == [
        ("2020-2024", "374"), ("2025-01", "374"), ("2025-07", "14329")]
    assert [(m.vintage.id, m.unit.code) for m in lookup(bundled, "Huyện Hoa Lư")] == [("2020-2024", "374")]


def test_gia_tan_split_has_unknown_shares(bundled):
    (found,) = lookup(bundled, "14503", ["2025-01"])
    # crosswalk lines 210-211: Gia Tân → Gia Vân and Tây Hoa Lư, share blank
    assert [(s.vintage.id, [(u.code, u.share) for u in s.units]) for s in found.successors] == [
        ("2025-07", [("14488", None), ("14533", None)])]
    assert "14488 Xã Gia Vân (một phần) + 14533 Phường Tây Hoa Lư (một phần)" in found.chain()
    assert "(part)" in found.chain("en")


def test_unknown_query_is_empty(bundled):
    assert lookup(bundled, "99999") == []
    assert lookup(bundled, "Xã Không Có") == []


# -- listing ---------------------------------------------------------------------------


def test_vintages_and_their_counts(bundled):
    assert [(s.vintage.id, s.counts) for s in overview(bundled)] == [
        ("2020-2024", {"tinh": 1, "huyen": 8, "xa": 143}),
        ("2025-01", {"tinh": 1, "huyen": 7, "xa": 125}),
        ("2025-07", {"tinh": 1, "xa": 39}),
    ]


def test_list_a_vintage_by_id_date_or_year(bundled):
    by_id = list_vintage(bundled, "2025-07")
    assert len(by_id) == 40 and by_id[0].unit.code == "37"
    assert [m.unit.code for m in list_vintage(bundled, datetime.date(2025, 7, 1))] == [m.unit.code for m in by_id]
    assert len(list_vintage(bundled, "30/6/2025")) == 133
    assert len(list_vintage(bundled, 2025)) == 133 + 40  # both vintages in force in 2025
    assert len(list_vintage(bundled, 2023)) == 152


# -- check -----------------------------------------------------------------------------


def test_bundled_check_has_no_error(bundled):
    found = check(bundled)
    assert [(f.severity, f.kind, f.vintage, f.code) for f in found] == [
        ("info", "level_ends", "2025-01", ""),  # the 7 districts of 2025-01: no district level from 1/7/2025
        ("info", "unknown_shares", "2025-01", "14503"),  # Gia Tân
    ]
    assert found[0].units == ("370", "372", "373", "374", "375", "376", "377")


UNITS = """code,name,level,parent_code,type,vintage,valid_from,valid_to
1,Tỉnh A,tinh,,Tỉnh,v1,,2020-12-31
10,Huyện B,huyen,1,Huyện,v1,,2020-12-31
101,Xã C,xa,10,Xã,v1,,2020-12-31
102,Xã D,xa,10,Xã,v1,,2020-12-31
103,Xã E,xa,10,Xã,v1,,2020-12-31
104,Xã F,xa,10,Xã,v1,,2020-12-31
1,Tỉnh A,tinh,,Tỉnh,v2,2021-01-01,
10,Huyện B,huyen,1,Huyện,v2,2021-01-01,
201,Xã CD,xa,10,Xã,v2,2021-01-01,
202,Xã G,xa,10,Xã,v2,2021-01-01,
"""
# 999 is not a v1 code (orphan); 201 → 101 closes a cycle 101 → 201 → 101; 103 has no
# successor (vanishes); 104 goes 0.5 into 201 and 0.4 into 202 (sums to 0.9)
CROSSWALK = """from_vintage,from_code,to_vintage,to_code,share
v1,1,v2,1,1
v1,10,v2,10,1
v1,101,v2,201,1
v1,102,v2,201,1
v1,104,v2,201,0.5
v1,104,v2,202,0.4
v1,999,v2,202,1
v2,201,v1,101,1
"""


@pytest.fixture
def broken(tmp_path: Path) -> tuple[Path, Path]:
    units, walk = tmp_path / "units.csv", tmp_path / "crosswalk.csv"
    units.write_text(UNITS, encoding="utf-8")
    walk.write_text(CROSSWALK, encoding="utf-8")
    return units, walk


def test_check_finds_exactly_the_four_problems(broken):
    units, walk = broken
    found = check(load_history([units], walk, LEVELS))
    assert sorted((f.severity, f.kind, f.vintage, f.code) for f in found) == [
        ("error", "cycle", "v1", "101"),
        ("error", "orphan_code", "v1", "999"),
        ("error", "shares_sum", "v1", "104"),
        ("error", "vanishes", "v1", "103"),
    ]
    messages = {f.kind: f for f in found}
    assert "101 Xã C (v1) → 201 Xã CD (v2) → 101 Xã C (v1)" in messages["cycle"].vi
    assert "0.5 + 0.4 = 0.9" in messages["shares_sum"].vi
    assert "has no successor" in messages["vanishes"].en


def test_shares_are_shown_with_the_successors(broken):
    units, walk = broken
    history = load_history([units], walk, LEVELS)
    (found,) = lookup(history, "104")
    # the cycle's link 201 → 101 brings 101 (v1) back as a successor: half of 104 went into 201
    assert [(s.vintage.id, [(u.code, u.share) for u in s.units]) for s in found.successors] == [
        ("v1", [("101", 0.5)]), ("v2", [("201", 0.5), ("202", 0.4)])]
    assert "201 Xã CD (50%) + 202 Xã G (40%) (từ 1/1/2021)" in found.chain()


def test_a_unit_with_no_predecessor_is_a_warning(tmp_path: Path):
    units, walk = tmp_path / "units.csv", tmp_path / "crosswalk.csv"
    units.write_text(UNITS, encoding="utf-8")
    walk.write_text("from_vintage,from_code,to_vintage,to_code,share\n"
                    "v1,1,v2,1,1\nv1,10,v2,10,1\nv1,101,v2,201,1\nv1,102,v2,201,1\nv1,103,v2,201,1\n"
                    "v1,104,v2,201,1\n", encoding="utf-8")
    found = check(load_history([units], walk, LEVELS))
    assert [(f.severity, f.kind, f.vintage, f.code) for f in found] == [("warning", "appears", "v2", "202")]


# -- the command -----------------------------------------------------------------------


def test_cli_lists_the_vintages():
    result = runner.invoke(app, ["units", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [(v["vintage"], v["counts"]) for v in document["vintages"]] == [
        ("2020-2024", {"tinh": 1, "huyen": 8, "xa": 143}), ("2025-01", {"tinh": 1, "huyen": 7, "xa": 125}),
        ("2025-07", {"tinh": 1, "xa": 39})]
    assert document["crosswalk"]["links"] == 279  # ninh-binh-crosswalk.csv: 280 lines with the header
    table = runner.invoke(app, ["units"])
    assert table.exit_code == 0 and "2025-07" in table.stdout and "từ 1/7/2025" in table.stdout


def test_cli_lookup_json_equals_the_library(bundled):
    result = runner.invoke(app, ["units", "14329", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["meanings"] == [m.to_json() for m in lookup(bundled, "14329")]
    assert [(m["vintage"], m["name"]) for m in document["meanings"]] == [
        ("2020-2024", "Phường Vân Giang"), ("2025-01", "Phường Vân Giang"), ("2025-07", "Phường Hoa Lư")]


def test_cli_lookup_by_name_unquoted_and_in_english():
    result = runner.invoke(app, ["units", "Khánh", "Tiên", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Xã Khánh Thiện" in result.stdout and "from 1/7/2025" in result.stdout and "Commune" in result.stdout
    assert "từ 1/7/2025" not in result.stdout


def test_cli_unknown_query_exits_1():
    result = runner.invoke(app, ["units", "Xã Không Có"])
    assert result.exit_code == 1
    assert "Không tìm thấy" in result.stderr


def test_cli_list_a_vintage_as_csv():
    result = runner.invoke(app, ["units", "--vintage", "2025-07", "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "vintage,code,name,level,type,parent_code,parent_name"
    assert len(lines) == 41
    assert "2025-07,14329,Phường Hoa Lư,xa,Phường,37,Tỉnh Ninh Bình" in lines
    assert runner.invoke(app, ["units", "--year", "2025", "-f", "csv"]).stdout.count("\n") == 1 + 173


def test_cli_check_exit_codes(broken, tmp_path: Path):
    ok = runner.invoke(app, ["units", "--check"])
    assert ok.exit_code == 0, ok.output
    assert "0 lỗi, 0 cảnh báo, 2 thông tin." in ok.stdout

    units, walk = broken
    bad = runner.invoke(app, ["units", "--check", "--units", str(units), "--crosswalk", str(walk), "--lang", "en"])
    assert bad.exit_code == 1
    assert "4 errors, 0 warnings, 0 remarks." in bad.stdout
    assert "cycle in the crosswalk" in bad.stdout.replace("\n", " ")

    as_json = runner.invoke(app, ["units", "--check", "--units", str(units), "--crosswalk", str(walk), "-f", "json"])
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["summary"] == {"errors": 4, "warnings": 0, "infos": 0}

    unreadable = tmp_path / "bad.csv"
    unreadable.write_text("code,name\n1,x\n", encoding="utf-8")
    assert runner.invoke(app, ["units", "--check", "--units", str(unreadable)]).exit_code == 2
    assert runner.invoke(app, ["units", "--units", str(tmp_path / "missing.csv")]).exit_code == 2
    assert runner.invoke(app, ["units", "--vintage", "1999-01"]).exit_code == 2
    assert runner.invoke(app, ["units", "--vintage", "2025-01", "--year", "2025"]).exit_code == 2


def test_cli_writes_to_a_file(tmp_path: Path):
    target = tmp_path / "out" / "check.json"
    result = runner.invoke(app, ["units", "--check", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == "danvan.units/1"


def test_a_share_through_two_changes_is_the_product(tmp_path: Path):
    units, walk = tmp_path / "units.csv", tmp_path / "crosswalk.csv"
    units.write_text("code,name,level,parent_code,vintage,valid_from,valid_to\n"
                     "1,Xã A,xa,,v1,,2020-12-31\n1,Xã A,xa,,v2,2021-01-01,2021-12-31\n2,Xã B,xa,,v2,2021-01-01,2021-12-31\n"
                     "3,Xã C,xa,,v3,2022-01-01,\n4,Xã D,xa,,v3,2022-01-01,\n", encoding="utf-8")
    walk.write_text("from_vintage,from_code,to_vintage,to_code,share\n"
                    "v1,1,v2,1,0.5\nv1,1,v2,2,0.5\nv2,1,v3,3,1\nv2,2,v3,3,0.5\nv2,2,v3,4,0.5\n", encoding="utf-8")
    history = load_history([units], walk, LEVELS)
    (found,) = lookup(history, "1", ["v1"])
    # into 3: 0.5 × 1 (through 1) + 0.5 × 0.5 (through 2) = 0.75; into 4: 0.5 × 0.5 = 0.25
    assert [(s.vintage.id, [(u.code, u.share) for u in s.units]) for s in found.successors] == [
        ("v2", [("1", 0.5), ("2", 0.5)]), ("v3", [("3", 0.75), ("4", 0.25)])]
    assert check(history) == []


def test_cli_counts_in_english_are_singular_or_plural(tmp_path: Path):
    one = tmp_path / "one.csv"
    one.write_text("code,name,level,parent_code,type\n37,Tỉnh Ninh Bình,tinh,,Tỉnh\n", encoding="utf-8")
    listed = runner.invoke(app, ["units", "--year", "2023", "--units", str(one), "--lang", "en"])
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.splitlines()[0].strip() == "Vintage : 1 unit"
    assert "Province" in listed.stdout
    vietnamese = runner.invoke(app, ["units", "--year", "2023", "--units", str(one)])
    assert vietnamese.stdout.splitlines()[0].strip() == "Danh mục : 1 đơn vị"
    overview = runner.invoke(app, ["units", "--lang", "en"])
    assert re.search(r"Crosswalk: ninh-binh-crosswalk\.csv .*, \d+ rows", overview.stdout)


def test_cli_unknown_query_in_english():
    result = runner.invoke(app, ["units", "Xã Không Có", "--lang", "en"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: No vintage has a code or name “Xã Không Có”")
