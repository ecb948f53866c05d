"""A library user who calls `api.score` twice in one process on changed files gets fresh
results: nothing read from a file is kept by its path (issue 13, "No hidden global state").

The folder is a copy of the hand fixture's 2023 cap_uy.csv with its registry, scored with a
copy of targets.yaml. T1.1 (ratio so_cap_uy_vien_guong_mau / tong_so_cap_uy_vien, >= 100,
annual) over the rows 37 50/50, 369 38/40, 376 35/35, 14320 15/15, 14323 12/13, 14620 14/15:
164/168 = 97.6190476…% → not_met. After the edits (14323: 13 of 13 exemplary; threshold 95;
district 376 renamed in units.csv): 165/168 = 98.2142857…% → met, achievement
98.2142857… / 95 × 100 = 103.3834586…%, district 376 named as the registry now names it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from danvan_cli import api
from danvan_cli.indicators import TargetResult
from danvan_cli.resources import default_targets

HAND = Path(__file__).resolve().parent / "data" / "hand"
T11_BLOCK = """  - id: T1.1
    objective: "1"
"""


def _t11(card: api.Scorecard) -> TargetResult:
    return next(r for r in card.targets if r.id == "T1.1")


def test_score_twice_reads_changed_files_afresh(tmp_path: Path) -> None:
    folder = tmp_path / "2023"
    folder.mkdir()
    shutil.copy(HAND / "2023" / "cap_uy.csv", folder / "cap_uy.csv")
    units = tmp_path / "units.csv"
    shutil.copy(HAND / "units.csv", units)
    targets = tmp_path / "targets.yaml"
    spec_text = default_targets().read_text(encoding="utf-8")
    assert spec_text.count(T11_BLOCK) == 1
    targets.write_text(spec_text, encoding="utf-8")

    first = _t11(api.score([folder], targets=targets, units=units))
    assert (first.numerator, first.denominator) == (164, 168)
    assert first.value == pytest.approx(100 * 164 / 168)  # 97.6190476…
    assert (first.threshold, first.status) == (100, "not_met")
    assert {d.code: d.name for d in first.breakdown} == {"369": "Thành phố Ninh Bình", "376": "Huyện Kim Sơn"}

    rows = (folder / "cap_uy.csv").read_text(encoding="utf-8")
    old_row = "14323,Phường Tân Thành,2023,13,12,"
    assert rows.count(old_row) == 1
    (folder / "cap_uy.csv").write_text(rows.replace(old_row, "14323,Phường Tân Thành,2023,13,13,"), encoding="utf-8")
    # the threshold of T1.1 only: the first "threshold: 100" after its id
    head, tail = spec_text.split(T11_BLOCK)
    targets.write_text(head + T11_BLOCK + tail.replace("threshold: 100", "threshold: 95", 1), encoding="utf-8")
    registry = units.read_text(encoding="utf-8")
    assert registry.count(",Huyện Kim Sơn,") == 1
    units.write_text(registry.replace(",Huyện Kim Sơn,", ",Huyện Kim Sơn (mới),"), encoding="utf-8")

    second = _t11(api.score([folder], targets=targets, units=units))
    assert (second.numerator, second.denominator) == (165, 168)
    assert second.value == pytest.approx(98.21428571428571)  # 165/168
    assert (second.threshold, second.status) == (95, "met")
    assert second.achievement == pytest.approx(103.38345864661655)  # 98.2142857… / 95 × 100
    assert {d.code: d.name for d in second.breakdown} == {"369": "Thành phố Ninh Bình",
                                                          "376": "Huyện Kim Sơn (mới)"}


def test_an_unchanged_spec_file_is_parsed_once(tmp_path: Path) -> None:
    """The parse is cached by the text: reading the same file twice gives the same object."""
    from danvan_cli.spec import load_spec

    targets = tmp_path / "targets.yaml"
    shutil.copy(default_targets(), targets)
    assert load_spec(targets) is load_spec(targets)
