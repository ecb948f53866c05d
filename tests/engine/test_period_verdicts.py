"""Period verdicts of the summary (issue 10): annual targets over the review's years, deadline
targets at their deadline, window targets over the windows that close inside the programme, and
the window cut by the programme's end.

A small spec written here (programme 2021-2025); every expected verdict is worked out by hand
in a comment next to it.
"""

from __future__ import annotations

import pandas as pd
import pytest

from danvan_cli.indicators import TargetResult, score_target, summarise
from danvan_cli.indicators.status import year_status
from danvan_cli.spec.load import parse_spec

SPEC = parse_spec("""
schema: danvan.targets/1
programme: {id: p, title: P, start_year: 2021, end_year: 2025}
levels: [{id: tinh, name: Tỉnh}]
objectives: [{id: "1", title: O}]
forms:
  f:
    number: "01"
    title: F
    levels: [tinh]
    key: [ma_don_vi]
    columns:
      - {name: ma_don_vi, label: Mã, type: unit}
      - {name: so, label: Số, type: number}
targets:
  - {id: A, objective: "1", title: t, form: f, measure: {kind: sum, column: so}, unit: kỳ,
     threshold: 12, when: annual}
  - {id: D, objective: "1", title: t, form: f, measure: {kind: sum, column: so}, unit: "%",
     threshold: 80, when: deadline, deadline: 2025}
  - {id: D23, objective: "1", title: t, form: f, measure: {kind: sum, column: so}, unit: "%",
     threshold: 80, when: deadline, deadline: 2023}
  - {id: W, objective: "1", title: t, form: f, measure: {kind: sum, column: so}, unit: hội nghị,
     threshold: 1, when: window, window: 2}
""")


def result(target_id: str, year: int, value: float | None) -> TargetResult:
    """A single-year result with the status `score` gives (windows not needed here)."""
    t = SPEC.target(target_id)
    status = year_status(t, value, year, 2021, 2025)
    return TargetResult(
        id=t.id, objective=t.objective, title=t.title, title_en="", unit=t.unit,
        comparator=t.comparator, threshold=t.threshold, deadline=t.deadline, when=t.when,
        year=year, value=value, numerator=None, denominator=None, achievement=None,
        status=status, breakdown=(), rows_in_scope=0 if value is None else 1,
    )  # fmt: skip


def summary_of(target_id: str, values: dict[int, float | None], year_from: int = 2021, year_to: int = 2025):
    by_year = {y: [result(target_id, y, v)] for y, v in values.items() if v is not None}
    return next(t for t in summarise(SPEC, by_year, year_from, year_to).targets if t.id == target_id)


# --- annual --------------------------------------------------------------------


def test_annual_met_in_every_year():
    s = summary_of("A", {2021: 12, 2022: 12, 2023: 13, 2024: 12, 2025: 12})
    # 5 of 5 years ≥ 12, none missing → met
    assert (s.period_status, s.status) == ("met", "met")
    assert (s.years_met, s.years_with_data, s.years_missing) == (5, 5, 0)


def test_annual_met_in_some_years_is_partly_met():
    s = summary_of("A", {2021: 10, 2022: 12, 2023: 12, 2024: 11, 2025: 12})
    # met 2022, 2023, 2025; missed 2021, 2024 → partly met, while the latest year (2025) is met
    assert (s.period_status, s.status) == ("partly_met", "met")
    assert (s.years_met, s.years_with_data, s.years_missing) == (3, 5, 0)
    data = s.to_json()
    assert (data["status"], data["period_status"], data["years_met"], data["years_with_data"], data["years_missing"]) == (
        "met", "partly_met", 3, 5, 0)


def test_annual_met_in_no_year():
    s = summary_of("A", {2021: 10, 2022: 11, 2023: 11, 2024: 11, 2025: 11})
    assert (s.period_status, s.years_met) == ("not_met", 0)


def test_a_missing_year_is_never_met():
    s = summary_of("A", {2021: 12, 2022: 12, 2023: None, 2024: 12, 2025: 12})
    # met in every year with data (4), but 2023 has none → not "met": partly met, 1 year missing
    assert (s.period_status, s.years_met, s.years_with_data, s.years_missing) == ("partly_met", 4, 4, 1)


def test_no_year_with_data_is_insufficient():
    s = summary_of("A", {})
    assert (s.period_status, s.status, s.years_missing) == ("insufficient_data", "no_data", 5)


def test_midterm_met_means_every_year_so_far():
    s = summary_of("A", {2021: 12, 2022: 12, 2023: 12}, year_to=2023)
    # 2021-2023 all met → met (the later years are not part of a mid-term review)
    assert (s.period_status, s.years_missing) == ("met", 0)


# --- deadline ---------------------------------------------------------------------


def test_deadline_final_review_is_the_status_at_the_deadline():
    s = summary_of("D", {2021: 60, 2022: 70, 2023: 85, 2024: 82, 2025: 78})
    # 2025 (deadline): 78 < 80 → not met, whatever 2023-2024 were
    assert (s.period_status, s.status) == ("not_met", "not_met")


def test_deadline_before_the_review_end_is_judged_at_its_year():
    s = summary_of("D23", {2021: 60, 2022: 70, 2023: 85, 2024: 75, 2025: 70})
    # deadline 2023: 85 ≥ 80 → met at the deadline; the latest year (2025, 70) says not met
    assert (s.period_status, s.status) == ("met", "not_met")


def test_deadline_year_without_data_is_insufficient():
    s = summary_of("D", {2021: 60, 2022: 70, 2023: 75, 2024: 82})
    # 2025 (the deadline) has no data: the final verdict cannot be given
    assert s.period_status == "insufficient_data"
    assert s.status == "met"  # the latest year (2024, 82 ≥ 80), kept as it was


def test_deadline_midterm_is_the_progress_status():
    s = summary_of("D", {2021: 60, 2022: 65, 2023: 70}, year_to=2023)
    # R = ((70 − 60)/2) / ((80 − 60)/4) = 5/5 = 1 → on track
    assert (s.period_status, s.status) == ("on_track", "on_track")
    assert s.progress_ratio == pytest.approx(1.0)


# --- windows (every 2 years from 2021: 2021-22, 2023-24, 2025-26 cut by the end in 2025) --------


def frames(value: float | None) -> dict[str, pd.DataFrame]:
    return {"f": pd.DataFrame({"ma_don_vi": ["37"], "so": pd.Series([value], dtype="float64"),
                               "_unit": ["37"], "_level": ["tinh"], "_district": [None]})}


def scored(values: dict[int, float | None]) -> dict[int, list[TargetResult]]:
    """Each year scored as `summary` does: the earlier years of its window added."""
    target = SPEC.target("W")
    years = {y: frames(v) for y, v in values.items()}
    return {y: [score_target(SPEC, target, f, y, {}, {e: g for e, g in years.items() if e < y})]
            for y, f in years.items()}


def test_window_that_opens_and_the_one_cut_by_the_programme_end():
    by_year = scored({2021: 0, 2022: 1, 2023: 0, 2024: 0, 2025: 0})
    status = {y: (r[0].value, r[0].status) for y, r in by_year.items()}
    # 2021: 0, window 2021-22 still open → in progress; 2022: 0 + 1 = 1 → met
    # 2023: opens 2023-24, 0 → in progress; 2024: 0 + 0 → not met
    # 2025: window 2025-26 ends after the programme (2025) → not due, never in progress
    assert status == {2021: (0, "in_progress"), 2022: (1, "met"), 2023: (0, "in_progress"),
                      2024: (0, "not_met"), 2025: (0, "not_due")}
    s = next(t for t in summarise(SPEC, by_year, 2021, 2025).targets if t.id == "W")
    assert [(w.first, w.last, w.status, w.counted) for w in s.windows] == [
        (2021, 2022, "met", True), (2023, 2024, "not_met", True), (2025, 2026, "not_due", False)]
    # 1 of the 2 windows closing inside the programme → partly met
    assert (s.period_status, s.windows_met, s.windows_counted) == ("partly_met", 1, 2)
    assert s.to_json()["windows"][2] == {"from": 2025, "to": 2026, "status": "not_due", "counted": False}


def test_a_conference_in_the_cut_window_does_not_count():
    by_year = scored({2021: 1, 2022: 0, 2023: 0, 2024: 1, 2025: 1})
    # 2025 has one, but its window is cut by the programme's end: not due, not counted
    assert by_year[2025][0].status == "not_due"
    s = next(t for t in summarise(SPEC, by_year, 2021, 2025).targets if t.id == "W")
    # 2021-22 met (2021), 2023-24 met (2024) → met
    assert (s.period_status, s.status) == ("met", "not_due")


def test_midterm_window_still_open_is_not_counted():
    by_year = scored({2021: 0, 2022: 1, 2023: 0})
    s = next(t for t in summarise(SPEC, by_year, 2021, 2023).targets if t.id == "W")
    # 2021-22 met; 2023-24 open at the review's end and not yet met → not counted → met (1 of 1)
    assert [(w.status, w.counted) for w in s.windows] == [("met", True), ("in_progress", False)]
    assert (s.period_status, s.status) == ("met", "in_progress")


def test_window_without_data_at_its_end_is_missing():
    by_year = scored({2021: 0, 2022: 1, 2023: 0})
    s = next(t for t in summarise(SPEC, by_year, 2021, 2024).targets if t.id == "W")
    # 2023-24 closes in 2024 with no 2024 data and no conference in 2023: missing → partly met
    assert [(w.status, w.counted) for w in s.windows] == [("met", True), ("no_data", True)]
    assert s.period_status == "partly_met"


# --- headline and labels -------------------------------------------------------------------------


def test_headline_counts_period_verdicts():
    from danvan_cli.render import labels

    assert labels.status("partly_met", "vi") == "Đạt một phần"
    assert labels.status("partly_met", "en") == "Partly met"
    assert labels.status("not_due", "vi") == "Chưa đến kỳ (hết Đề án)"
    assert labels.status("not_due", "en") == "Not due (programme ended)"
    assert labels.status("tracked", "vi") == "Theo dõi"
