"""The column-at-a-time shortcuts of issue 15 give exactly what the value-by-value code gave.

Each speed-up keeps the plain code it replaced as the reference (or as its fallback) and is
checked against it here, on the cases that could tell them apart: texts with spaces of every
kind at either end, combining marks, soft hyphens and Đ look-alikes, line breaks inside a
text, registries with several vintages, ragged CSV rows. The byte-identical JSON comparison
of whole runs is bench/compare.py."""

from __future__ import annotations

import csv
import io
import random
import re
import sys

import numpy as np
import pandas as pd
import pytest

from danvan_cli import text as T
from danvan_cli.indicators.score import _nodes
from danvan_cli.reading import legacy
from danvan_cli.reading.files import _columns, _csv_columns
from danvan_cli.resources import bundled_units
from danvan_cli.spec.load import load_spec
from danvan_cli.units import registry as R
from danvan_cli.units.history import load_history
from danvan_cli.validation.cells import _clean_text, clean_texts

LEVELS = tuple(level.id for level in load_spec(None).levels)
# characters that make the shortcuts and the plain code part ways if either is wrong
TRICKY = list("ab1 -#E") + list(T.SPACES) + ["\u0301", "ê", "Ờ", "\u200b", "\ufeff", "\u00ad", "\u00d0", "\u00f0",
                                             "\u0189", "\u0256", "\u00a0", "\u2028"]


def _texts(rng: random.Random, alphabet: list[str], most: int = 6) -> list[str]:
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5))) for _ in range(rng.randint(0, most))]


def test_spaces_are_every_character_strip_removes() -> None:
    assert set(T.SPACES) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}


@pytest.mark.parametrize("legacy_safe", [False, True])
def test_characters_skipped_by_the_translation_are_kept_by_it(legacy_safe: bool) -> None:
    """`visible` translates only a text holding a character outside the kept ranges: every
    character inside them must be one the table maps to itself."""
    table = T._Table(fold=False, legacy_safe=legacy_safe)  # a fresh table: the shared ones stay small
    changed = T._CHANGED_LEGACY_SAFE if legacy_safe else T._CHANGED
    kept = [c for c in map(chr, range(sys.maxunicode + 1)) if not changed.search(c)]
    # the ranges of text._KEPT, counted by hand: U+0000-009F 160, 00A1-00AC 12, 00AE-00CF 34,
    # 00D1-00EF 31, 00F1-0188 152, 018A-0255 204, 0257-036F 281, 1E00-1EFF 256 = 1130; the
    # legacy-safe table keeps the soft hyphen and Ð/ð too
    assert len(kept) == (1133 if legacy_safe else 1130)
    assert [c for c in kept if table[ord(c)] != c] == []
    assert T.visible("Xã\u00a0Yên\u200b", legacy_safe) == "Xã Yên"
    assert T.visible("Ð", legacy_safe) == ("Ð" if legacy_safe else "Đ")


def test_edge_space_is_a_line_that_strip_would_change() -> None:
    rng = random.Random(3)
    for _ in range(20_000):
        joined = "".join(rng.choice(TRICKY + ["\n"]) for _ in range(rng.randint(0, 8)))
        assert T.edge_space(joined) == any(line != line.strip() for line in joined.split("\n")), repr(joined)


def test_clean_texts_equals_cleaning_each_text() -> None:
    rng = random.Random(1)
    for _ in range(5_000):
        values = _texts(rng, TRICKY + (["\n"] if rng.random() < 0.2 else []))
        assert list(clean_texts(values)) == [_clean_text(v) for v in values], values
    assert list(clean_texts(["  Thôn 1 ", "", " ", "1\u00ad2", "Nguy\u00ad"])) == ["Thôn 1", None, None, "12", "Nguy\u00ad"]


def test_registry_columns_are_cleaned_as_each_value_was() -> None:
    rng = random.Random(2)
    for _ in range(5_000):
        values = _texts(rng, TRICKY)
        assert R._clean(values) == [v.strip() if v.isascii() else T.nfc(v.strip()) for v in values], values


def test_vni_pairs_pattern_finds_what_the_plain_alternation_finds() -> None:
    pairs = legacy._vni_pairs()
    plain = re.compile("|".join(re.escape(p) for p in pairs))
    alphabet = sorted({c for p in pairs for c in p}) + list("xyz Ôô")
    rng = random.Random(4)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(6))
        assert bool(legacy._VNI_PAIR.search(text)) == bool(plain.search(text)), text
    assert legacy.looks_legacy("Coù") and legacy.looks_legacy("Th\u00de") and not legacy.looks_legacy("Có không")


def _line_by_line(monkeypatch: pytest.MonkeyPatch, text: str, source: str) -> list[R.Registry]:
    with monkeypatch.context() as patch:
        patch.setattr(R, "_well_formed", lambda *args: None)
        return R.parse_vintages(text, source, LEVELS)


@pytest.mark.parametrize("path", bundled_units(), ids=lambda p: p.name)
def test_a_registry_read_by_columns_equals_it_read_line_by_line(monkeypatch: pytest.MonkeyPatch, path) -> None:
    text = R.read_text(path)
    fast = R.parse_vintages(text, "x", LEVELS)
    slow = _line_by_line(monkeypatch, text, "x")
    assert fast == slow
    assert [list(r.units.items()) for r in fast] == [list(r.units.items()) for r in slow]  # the same order


@pytest.mark.parametrize("bad", [
    "code,name,level,parent_code\n37,Ninh Bình,tinh,\n37,Ninh Bình,tinh,\n",  # a code twice
    "code,name,level,parent_code\n37,Ninh Bình,tinh,\n369,Kim Sơn,huyen,99\n",  # an unknown parent
    "code,name,level,parent_code\n37,Ninh Bình,vung,\n",  # an unknown level
    "code,name,level,parent_code\n,Ninh Bình,tinh,\n",  # no code
    "code,name,level,parent_code,valid_from\n37,Ninh Bình,tinh,,31/2/2025\n",  # no such day
])
def test_a_faulty_registry_is_still_read_line_by_line_for_its_messages(bad: str) -> None:
    with pytest.raises(R.RegistryError, match="dòng|mã"):
        R.parse_vintages(bad, "units.csv", LEVELS)


def test_codes_at_orders_and_filters_as_the_sort_by_objects_did() -> None:
    history = load_history(list(bundled_units()), None, LEVELS)
    for year in (2023, 2025):
        registry = history.for_year(year, "old-territory")
        rank = {lv: i for i, lv in enumerate(registry.level_order)}
        ordered = sorted(registry.units.items(), key=lambda kv: (rank[kv[1].level], len(kv[1].code), kv[1].code))
        for levels in (["huyen"], ["xa", "thon"], list(registry.level_order)):
            for vintage in [None, *registry.members]:
                wanted = None if vintage is None else set(registry.members[vintage])
                expected = [k for k, u in ordered if u.level in levels and (wanted is None or k in wanted)]
                assert registry.codes_at(levels, vintage) == expected, (year, levels, vintage)


def test_look_up_gives_the_registry_attributes_and_none_for_unknown_keys() -> None:
    registry = load_history(list(bundled_units()), None, LEVELS).for_year(2025, "old-territory")
    keys = np.array([*list(registry.units)[::7], None, "99999", float("nan"), ""], dtype=object)
    level, name, vintage, district = registry.look_up(keys, "level", "name", "vintage", "district")
    for i, key in enumerate(keys):
        unit = registry.units.get(key) if isinstance(key, str) else None
        assert level[i] == (unit.level if unit else None)
        assert name[i] == (unit.name if unit else None)
        assert vintage[i] == (unit.vintage if unit else None)
        assert district[i] == (registry.districts.get(key) if unit else None)


@pytest.mark.parametrize("text", [
    "h1,h2\na,b,c\nd\n\ne,\"f,g\",h,i\n",  # a longer row later, a short one, a blank line, a quoted comma
    "h1,h2,h3\na,b,c\nd,e\n",  # a short row only
    "h1,h2\na,b\nc,d\n",  # even
    "h1,h2\n",  # a header and no row
    "h1,h2,h3\n\na,b,c\n",  # a blank first row (pandas sees no column at all)
    "h1,h2\n\n\na,b\n",  # two of them
    "h1,h2,h3\n\n",  # a blank row only
    "h\n\na,\"x\ny\",c\n",  # a blank first row, then a line break inside a quoted cell
    "h1,h2,h3\na,b,c\r\n\r\nd,e,f\r\n",  # Windows line ends, a blank row between
    "h\na,b\nc,d,e\n",  # the first row one cell short (pandas' implicit index case)
])
def test_a_csv_body_has_the_cells_the_csv_module_reads(text: str) -> None:
    columns, rows = _csv_columns(text, ",", 1)
    expected, expected_rows = _columns(list(csv.reader(io.StringIO(text, newline="")))[1:], 1)
    assert list(rows) == list(expected_rows)
    for i, column in enumerate(columns):
        want = expected[i] if i < len(expected) else np.full(len(rows), "", dtype=object)
        assert list(column) == list(want), i
    assert all(not any(v for v in column) for column in expected[len(columns):])  # nothing lost beyond


def test_units_counted_are_each_unit_once_with_its_vintage() -> None:
    parts = pd.DataFrame({"_unit": ["14320", "14320", "14329@2025-01", None, "369"],
                          "_vintage": ["2025-07", "2025-07", "2025-01", None, np.nan]})
    reference = {(v if isinstance(v, str) else "", str(u).split("@", 1)[0])
                 for u, v in parts.drop_duplicates("_unit").dropna(subset=["_unit"]).itertuples(index=False)}
    assert _nodes(parts) == reference == {("2025-07", "14320"), ("2025-01", "14329"), ("", "369")}
