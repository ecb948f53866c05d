"""New measure features (issue 10): `improves`, tracked targets, `prorate: months` with
`programme.start_date`, several interpretations per target, and their spec checks.

Small specs written here, never the bundled `targets.yaml`; every expected number is worked
out by hand in a comment next to it.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from danvan_cli import api
from danvan_cli.errors import SpecError
from danvan_cli.indicators import score_target, score_targets, summarise
from danvan_cli.render import context
from danvan_cli.render.markdown import render_scorecard
from danvan_cli.render.summary import render_markdown
from danvan_cli.spec.load import parse_spec
from danvan_cli.spec.models import Programme

SPEC_TEXT = """
schema: danvan.targets/1
programme: {id: p, title: P, start_year: 2021, end_year: 2023, start_date: 2021-06-29}
levels: [{id: tinh, name: Tỉnh}, {id: huyen, name: Huyện}]
interpretations:
  - {id: hau_het, term: hầu hết, value: 90, note: "“Hầu hết” là từ 90% trở lên.", note_en: "“Most” is 90% or more."}
  - {id: hieu_qua, term: hoạt động hiệu quả, note: "“Hiệu quả” theo đánh giá của huyện.",
     note_en: "“Effective” as the district rates it."}
objectives: [{id: "1", title: O}]
forms:
  f:
    number: "01"
    title: F
    levels: [tinh, huyen]
    key: [ma_don_vi]
    columns:
      - {name: ma_don_vi, label: Mã, type: unit}
      - {name: so_thang, label: Số tháng, type: integer, required: false, min: 0, max: 12}
      - {name: chi_so, label: Chỉ số, type: number, required: false}
      - {name: mo_hinh, label: Mô hình, type: integer, required: false, min: 0}
      - {name: dat, label: Đạt, type: integer, min: 0}
      - {name: tong, label: Tổng, type: integer, min: 0}
  # two more forms: the reading layer tells forms apart by the columns most forms do not share
  g: {number: "02", title: G, levels: [tinh], key: [ma_don_vi],
      columns: [{name: ma_don_vi, label: Mã, type: unit}, {name: khac, label: Khác, type: integer}]}
  h: {number: "03", title: H, levels: [tinh], key: [ma_don_vi],
      columns: [{name: ma_don_vi, label: Mã, type: unit}, {name: nua, label: Nữa, type: integer}]}
targets:
  - {id: M, objective: "1", title: hằng tháng, form: f, scope: {levels: [tinh]},
     measure: {kind: sum, column: so_thang}, unit: tháng, threshold: 12, when: annual, prorate: months}
  - {id: UP, objective: "1", title: nâng cao tỷ lệ, form: f,
     measure: {kind: improves, of: {kind: ratio, numerator: dat, denominator: tong}}, when: annual}
  - {id: DOWN, objective: "1", title: giảm chỉ số, form: f, scope: {levels: [tinh]},
     measure: {kind: improves, of: {kind: sum, column: chi_so}}, unit: điểm, comparator: "<=", when: annual}
  - {id: TR, objective: "1", title: mô hình, form: f, measure: {kind: sum, column: mo_hinh},
     unit: mô hình, tracked: true, when: annual}
  - {id: R, objective: "1", title: tỷ lệ, form: f, measure: {kind: ratio, numerator: dat, denominator: tong},
     threshold: 90, when: annual, interpretations: [hau_het, hieu_qua]}
  - {id: ONE, objective: "1", title: một cách hiểu, form: f, measure: {kind: ratio, numerator: dat, denominator: tong},
     threshold: 90, when: annual, interpretation: hau_het}
"""
SPEC = parse_spec(SPEC_TEXT)
LEVELS = {"37": ("tinh", None), "369": ("huyen", "369"), "372": ("huyen", "372")}
DISTRICTS = {"369": "Thành phố Ninh Bình", "372": "Huyện Kim Sơn"}


def frame(rows: list[dict[str, Any]]) -> dict[str, pd.DataFrame]:
    """A validated frame of form f as the reading layer hands it over."""
    data: dict[str, Any] = {}
    for col in SPEC.forms["f"].columns:
        values = [r.get(col.name) for r in rows]
        data[col.name] = pd.Series(values, dtype="object" if col.type == "unit" else "float64")
    units = [r["ma_don_vi"] for r in rows]
    data["_unit"] = pd.Series(units, dtype="object")
    data["_level"] = pd.Series([LEVELS[u][0] for u in units], dtype="object")
    data["_district"] = pd.Series([LEVELS[u][1] for u in units], dtype="object")
    return {"f": pd.DataFrame(data)}


def score(target_id: str, frames: dict[str, pd.DataFrame], year: int, **kw: Any):
    return score_target(SPEC, SPEC.target(target_id), frames, year, DISTRICTS, **kw)


# 2022: tinh 40/100, 369 20/50 → Σ 60/150 = 40%; chỉ số 7.5
Y2022 = frame([{"ma_don_vi": "37", "dat": 40, "tong": 100, "chi_so": 7.5, "so_thang": 12, "mo_hinh": 3},
               {"ma_don_vi": "369", "dat": 20, "tong": 50, "mo_hinh": 2}])
# 2023: tinh 45/100, 369 30/50 → Σ 75/150 = 50%; chỉ số 7.5 (unchanged)
Y2023 = frame([{"ma_don_vi": "37", "dat": 45, "tong": 100, "chi_so": 7.5, "so_thang": 12, "mo_hinh": 4},
               {"ma_don_vi": "369", "dat": 30, "tong": 50, "mo_hinh": 3}])


# --- improves ----------------------------------------------------------------


def test_improves_with_the_year_before():
    r = score("UP", Y2023, 2023, earlier={2022: Y2022})
    # 2023: 75/150 = 50% > 2022: 60/150 = 40% → met
    assert (r.value, r.numerator, r.denominator) == (50.0, 75, 150)
    assert r.previous == (2022, 40.0)
    assert r.status == "met"
    assert (r.threshold, r.achievement) == (None, None)
    # the breakdown is this year's inner measure: 369 → 30/50 = 60%
    assert [(d.code, d.value) for d in r.breakdown] == [("369", 60.0)]
    data = r.to_json()
    assert (data["value"], data["previous"], data["threshold"]) == (50.0, {"year": 2022, "value": 40.0}, None)


def test_improves_without_the_year_before_is_insufficient():
    r = score("UP", Y2023, 2023)
    assert (r.value, r.previous, r.status) == (50.0, (2022, None), "insufficient_data")
    # an earlier year that is not the year before does not count
    assert score("UP", Y2023, 2023, earlier={2021: Y2022}).status == "insufficient_data"


def test_improves_fall_and_standstill_are_not_met():
    # 2022 against 2023's figures: 40% < 50% → not met
    assert score("UP", Y2022, 2022, earlier={2021: Y2023}).status == "not_met"
    # the same value again is no improvement: 7.5 vs 7.5 (lower is better) → not met
    r = score("DOWN", Y2023, 2023, earlier={2022: Y2022})
    assert (r.value, r.previous, r.status) == (7.5, (2022, 7.5), "not_met")


def test_improves_lower_is_better():
    lower = frame([{"ma_don_vi": "37", "chi_so": 6.25}])
    # 6.25 < 7.5 → met for comparator <=
    assert score("DOWN", lower, 2023, earlier={2022: Y2022}).status == "met"


def test_improves_without_a_value_is_no_data():
    assert score("UP", frame([{"ma_don_vi": "37"}]), 2023, earlier={2022: Y2022}).status == "no_data"


def test_improves_series_in_the_summary():
    y2021 = frame([{"ma_don_vi": "37", "dat": 30, "tong": 100}])  # 30%
    by_year = {2021: score_targets(SPEC, y2021, 2021, DISTRICTS),
               2022: score_targets(SPEC, Y2022, 2022, DISTRICTS, earlier={2021: y2021}),
               2023: score_targets(SPEC, Y2023, 2023, DISTRICTS, earlier={2022: Y2022})}
    s = next(t for t in summarise(SPEC, by_year, 2021, 2023).targets if t.id == "UP")
    # 2021 30% (no 2020: not judged), 2022 40% > 30% met, 2023 50% > 40% met
    assert [(p.year, p.value, p.status) for p in s.years] == [
        (2021, 30.0, "insufficient_data"), (2022, 40.0, "met"), (2023, 50.0, "met")]
    # met in both years that can be judged, none missing → met
    assert (s.period_status, s.years_met, s.years_with_data, s.years_missing) == ("met", 2, 3, 0)
    assert s.improves and s.to_json()["years"]["2021"] == {"value": 30.0, "status": "insufficient_data",
                                                                 "comparable": True}


# --- tracked -----------------------------------------------------------------


def test_tracked_target_has_no_verdict():
    r = score("TR", Y2023, 2023)
    # 4 + 3 = 7 models, no threshold: tracked
    assert (r.value, r.status, r.threshold, r.achievement, r.tracked) == (7.0, "tracked", None, None, True)
    assert score("TR", frame([{"ma_don_vi": "37"}]), 2023).status == "no_data"
    by_year = {2022: score_targets(SPEC, Y2022, 2022, DISTRICTS), 2023: score_targets(SPEC, Y2023, 2023, DISTRICTS)}
    s = next(t for t in summarise(SPEC, by_year, 2022, 2023).targets if t.id == "TR")
    # 5 → 7: rising, never met or not met
    assert (s.period_status, s.trend, s.years_met) == ("tracked", "up", 0)
    assert context.threshold_text(r, "vi") == "theo dõi, không có ngưỡng"
    assert context.threshold_text(r, "en") == "tracked, no threshold"


def test_tracked_not_in_the_met_counts():
    results = score_targets(SPEC, Y2023, 2023, DISTRICTS)
    counts = context.status_counts(results, "vi")
    # M met (12 ≥ 12), UP insufficient (no 2022), DOWN insufficient, TR tracked, R and ONE not met (50% < 90)
    assert (counts["met"], counts["not_met"], counts["tracked"], counts["insufficient_data"]) == (1, 2, 1, 2)
    assert counts["others"] == ", 2 chưa đủ số liệu, 1 theo dõi"
    assert counts["total"] == 6


# --- prorate: months -------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "year", "months"),
    [
        # 29 June: June is not whole → July-December = 6
        ("2021-06-29", None, 2021, 6),
        # 1 June: June counts → June-December = 7
        ("2021-06-01", None, 2021, 7),
        ("2021-06-29", None, 2022, 12),
        # ends 30 June 2023 (last day of June) → January-June = 6; 15 June → January-May = 5
        ("2021-06-29", "2023-06-30", 2023, 6),
        ("2021-06-29", "2023-06-15", 2023, 5),
        (None, None, 2021, 12),
    ],
)
def test_programme_months(start, end, year, months):
    def day(text: str | None) -> datetime.date | None:
        return None if text is None else datetime.date.fromisoformat(text)

    programme = Programme(id="p", title="P", start_year=2021, end_year=2023, start_date=day(start), end_date=day(end))
    assert programme.months_in(year) == months


def test_first_year_threshold_is_prorated():
    r = score("M", frame([{"ma_don_vi": "37", "so_thang": 6}]), 2021)
    # start 29 June 2021 → 6 months: threshold 12 × 6/12 = 6; 6 broadcast months ≥ 6 → met
    assert (r.threshold, r.threshold_full, r.months, r.status) == (6.0, 12, 6, "met")
    assert r.achievement == 100.0  # 100 × 6/6
    assert context.threshold_text(r, "vi") == "≥ 6 tháng (12 tháng × 6/12 tháng của Đề án)"
    # 5 < 6 → not met
    assert score("M", frame([{"ma_don_vi": "37", "so_thang": 5}]), 2021).status == "not_met"
    # 2022 is a whole year: threshold 12, 11 < 12 → not met; no prorate figures
    r = score("M", frame([{"ma_don_vi": "37", "so_thang": 11}]), 2022)
    assert (r.threshold, r.threshold_full, r.months, r.status) == (12, None, 12, "not_met")


def test_prorated_threshold_in_the_summary():
    by_year = {y: score_targets(SPEC, frame([{"ma_don_vi": "37", "so_thang": v}]), y, DISTRICTS)
               for y, v in {2021: 6, 2022: 11, 2023: 12}.items()}
    s = next(t for t in summarise(SPEC, by_year, 2021, 2023).targets if t.id == "M")
    # 2021: 6 ≥ 6 met; 2022: 11 < 12; 2023: 12 ≥ 12 → 2 of 3 → partly met
    assert [(p.year, p.status, p.threshold) for p in s.years] == [
        (2021, "met", 6.0), (2022, "not_met", None), (2023, "met", None)]
    assert s.period_status == "partly_met"
    assert s.to_json()["years"]["2021"] == {"value": 6.0, "status": "met", "threshold": 6.0, "comparable": True}


# --- interpretations ----------------------------------------------------------------


def test_several_interpretations_are_footnotes():
    assert SPEC.target("R").interpretation_ids == ["hau_het", "hieu_qua"]
    assert SPEC.target("ONE").interpretation_ids == ["hau_het"]
    results = score_targets(SPEC, Y2023, 2023, DISTRICTS)
    r = next(t for t in results if t.id == "R")
    assert (r.interpretation, r.interpretations) == ("hau_het", ("hau_het", "hieu_qua"))
    notes = context.footnotes(SPEC, results, "en")
    assert [(n["id"], n["mark"], n["targets"]) for n in notes] == [("hau_het", "1", "R, ONE"), ("hieu_qua", "2", "R")]
    assert notes[1]["text"] == "“Effective” as the district rates it."


def test_targets_annex_reads_the_new_shapes():
    from danvan_cli.render.targets import as_json, as_markdown

    text = as_markdown(SPEC)
    assert "| cao hơn năm trước | hằng năm |" in text  # UP: improves
    assert "| theo dõi, không có ngưỡng | hằng năm |" in text  # TR: tracked
    assert "[^hau_het]" in text and "[^hieu_qua]" in text  # R: both interpretations
    entry = next(t for t in as_json(SPEC)["targets"] if t["id"] == "M")
    assert (entry["prorate"], entry["tracked"], entry["interpretations"]) == ("months", False, [])


# --- the whole path: files in year folders ------------------------------------------------


@pytest.fixture
def root(tmp_path: Path) -> tuple[Path, Path]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC_TEXT, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "units.csv").write_text(
        "code,name,level,parent_code,type\n37,Tỉnh Ninh Bình,tinh,,Tỉnh\n369,Thành phố Ninh Bình,huyen,37,Thành phố\n",
        encoding="utf-8")
    # (dat, tong) of 37 and 369, months and models of 37
    for year, (a, b, c, d, months, models) in {2021: (30, 100, 0, 50, 6, 1), 2022: (40, 100, 20, 50, 11, 2),
                                               2023: (45, 100, 30, 50, 12, 2)}.items():
        folder = data / str(year)
        folder.mkdir(parents=True)
        (folder / "f.csv").write_text(
            "ma_don_vi,so_thang,chi_so,mo_hinh,dat,tong\n"
            f"37,{months},7.5,{models},{a},{b}\n369,,,,{c},{d}\n", encoding="utf-8")
    return data, spec


def test_score_reads_the_year_before_from_the_sibling_folder(root):
    data, spec = root
    card = api.score([data / "2023"], targets=spec)
    up = next(t for t in card.targets if t.id == "UP")
    # 2023: 75/150 = 50%; 2022 from the sibling folder: 60/150 = 40% → met
    assert (up.value, up.previous, up.status) == (50.0, (2022, 40.0), "met")
    text = render_scorecard(card, "vi")
    assert "| cao hơn năm trước (hằng năm) | 50% (2022: 40%) |" in text
    assert "[^hau_het] [^hieu_qua]" in text
    first = api.score([data / "2021"], targets=spec)
    assert next(t for t in first.targets if t.id == "UP").status == "insufficient_data"  # no 2020 folder


def test_summary_over_the_folders(root):
    data, spec = root
    review = api.summary(data, targets=spec)
    by_id = {t.id: t for t in review.summary.targets}
    # UP: 30/150 = 20% (2021, not judged), 40% met, 50% met → met
    assert [p.value for p in by_id["UP"].years] == [20.0, 40.0, 50.0]
    assert by_id["UP"].period_status == "met"
    # M: 2021 6 ≥ 6 (prorated) met, 2022 11 < 12, 2023 12 met → partly met
    assert by_id["M"].period_status == "partly_met"
    assert by_id["TR"].period_status == "tracked"
    text = render_markdown(review, "vi")
    assert "6 tháng (≥ 6 tháng)" in text  # the 2021 cell shows its prorated threshold
    assert "Theo dõi: 1" in text and "Đạt một phần: 1" in text
    assert "[^hieu_qua]: “Hiệu quả” theo đánh giá của huyện. (R)" in text


# --- spec checks ---------------------------------------------------------------------------


def refusal(text: str) -> str:
    with pytest.raises(SpecError) as caught:
        parse_spec(text)
    return str(caught.value)


def line_of(text: str, marker: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "marker", "field", "words"),
    [
        ("measure: {kind: improves, of: {kind: ratio, numerator: dat, denominator: tong}}, when: annual}",
         "measure: {kind: improves, of: {kind: ratio, numerator: dat, denominator: tong}}, threshold: 5, when: annual}",
         "threshold: 5", "targets.UP.threshold", ["improves", "threshold"]),
        ("of: {kind: sum, column: chi_so}", "of: {kind: improves, of: {kind: sum, column: chi_so}}",
         "of: {kind: improves", "targets.DOWN.measure.of.kind", ["improves"]),
        ("of: {kind: sum, column: chi_so}", "of: {kind: sum, column: chi_so_x}",
         "of: {kind: sum, column: chi_so_x}", "targets.DOWN.measure.of.column", ["chi_so_x"]),
        ("measure: {kind: improves, of: {kind: sum, column: chi_so}}",
         "measure: {kind: improves, column: chi_so, of: {kind: sum, column: chi_so}}",
         "measure: {kind: improves, column", "targets.DOWN.measure.column", ["improves", "of"]),
        ("unit: mô hình, tracked: true", "unit: mô hình, threshold: 3, tracked: true", "threshold: 3",
         "targets.TR.threshold", ["tracked"]),
        ("unit: mô hình, tracked: true, when: annual}", "unit: mô hình, when: annual}", "{id: TR",
         "targets.TR.threshold", ["threshold", "tracked: true"]),
        ("measure: {kind: ratio, numerator: dat, denominator: tong},\n     threshold: 90, when: annual, interpretations",
         "measure: {kind: ratio, numerator: dat, denominator: tong},\n     threshold: 90, when: annual, prorate: months, interpretations",
         "prorate: months, interp", "targets.R.prorate", ["count", "sum"]),
        ("interpretations: [hau_het, hieu_qua]", "interpretations: [hau_het, hieu_qa]", "interpretations: [hau_het, hieu_qa]",
         "targets.R.interpretations[1]", ["hieu_qa"]),
        ("interpretations: [hau_het, hieu_qua]", "interpretations: [hau_het, hau_het]", "interpretations: [hau_het, hau_het]",
         "targets.R.interpretations[1]", ["hai lần"]),
        ("start_date: 2021-06-29", "start_date: 2020-06-29", "start_date", "programme.start_date", ["2021"]),
        ("of: {kind: sum, column: chi_so}}, unit: điểm, comparator: \"<=\", when: annual}",
         "of: {kind: sum, column: chi_so}}, unit: điểm, comparator: \"<=\", when: deadline, deadline: 2023}",
         "when: deadline", "targets.DOWN.when", ["improves", "annual"]),
        ("unit: tháng, threshold: 12, when: annual, prorate: months}",
         "unit: tháng, threshold: 12, when: deadline, deadline: 2023, prorate: months}",
         "prorate: months}", "targets.M.prorate", ["annual"]),
    ],
)
def test_misuse_is_refused_with_its_line(old, new, marker, field, words):
    assert old in SPEC_TEXT, old
    text = SPEC_TEXT.replace(old, new, 1)
    message = refusal(text)
    assert f"{field} (dòng {line_of(text, marker)})" in message, message
    for word in words:
        assert word in message, message


def test_improves_needs_of():
    message = refusal(SPEC_TEXT.replace("measure: {kind: improves, of: {kind: sum, column: chi_so}}",
                                        "measure: {kind: improves}", 1))
    assert "targets.DOWN.measure" in message and "'of'" in message


def test_interpretation_value_must_match_a_threshold_in_the_list():
    message = refusal(SPEC_TEXT.replace("threshold: 90, when: annual, interpretations", "threshold: 80, when: annual, interpretations"))
    assert "targets.R.threshold" in message and "hau_het" in message
