"""Rules defined once and imported everywhere: the tolerance, what a comparator means, the
windows of a window target, and the status Literals the results carry."""

from __future__ import annotations

from typing import get_args

import pytest

from danvan_cli.indicators.comparators import improved, meets
from danvan_cli.indicators.results import PeriodStatus, ProgressBand, ProgressStatus, Status, YearStatus
from danvan_cli.indicators.status import window_of, windows
from danvan_cli.indicators.summary import _band
from danvan_cli.indicators.trend import trend
from danvan_cli.spec.models import ProgressSettings
from danvan_cli.tolerance import at_least, close, slack


def test_slack_is_relative_to_the_larger_magnitude_and_absolute_near_zero() -> None:
    assert slack(0.0) == 1e-9
    assert slack(0.5, 0.2) == 1e-9
    assert slack(2000.0, -5.0) == pytest.approx(2e-6, rel=1e-12)
    assert close(99.99999999999999, 100)
    assert close(1e-10, 0.0)
    assert not close(99.9999, 100)  # 1e-4 apart, the slack at 100 is 1e-7
    assert at_least(0.9499999999, 0.95) and at_least(0.96, 0.95) and not at_least(0.9499, 0.95)


def test_a_target_comparator_reaches_within_the_tolerance() -> None:
    assert meets(99.99999999999, 100, ">=") and meets(100.5, 100, ">=") and not meets(99.9, 100, ">=")
    assert meets(5.000000000001, 5, "<=") and meets(4, 5, "<=") and not meets(5.1, 5, "<=")


def test_improvement_is_a_move_beyond_the_tolerance_the_target_s_way() -> None:
    assert improved(51, 50, ">=") and not improved(49, 50, ">=")
    assert improved(49, 50, "<=") and not improved(51, 50, "<=")
    assert not improved(50.00000000001, 50, ">=")  # the same figure computed twice


def test_progress_bands_at_the_cuts() -> None:
    cuts = ProgressSettings()  # 0.95, 0.6, 0.0
    assert [_band(r, cuts) for r in (1.2, 0.9499999999, 0.9, 0.6, 0.1, 0.0, -0.1)] == [
        "on_track", "on_track", "needs_acceleration", "needs_acceleration", "limited_progress",
        "limited_progress", "deterioration"]


def test_trend_flat_within_the_slack_of_the_values() -> None:
    assert trend([(2021, 50.0), (2022, 50.0 + 1e-12)]) == "flat"
    assert trend([(2021, 50.0), (2022, 50.1)]) == "up"
    assert trend([(2021, 50.0), (2022, 49.9)]) == "down"
    assert trend([(2021, 50.0)]) is None


def test_windows_align_to_the_programme_start() -> None:
    # 2021-2025 in windows of 2: 2021-22, 2023-24, 2025-26 (the last cut by the end)
    assert [list(w) for w in windows(2, 2021, 2025)] == [[2021, 2022], [2023, 2024], [2025, 2026]]
    assert [list(window_of(2, y, 2021)) for y in (2021, 2022, 2024, 2025)] == [
        [2021, 2022], [2021, 2022], [2023, 2024], [2025, 2026]]
    assert [list(w) for w in windows(3, 2021, 2025)] == [[2021, 2022, 2023], [2024, 2025, 2026]]
    assert [list(w) for w in windows(1, 2021, 2023)] == [[2021], [2022], [2023]]


def test_the_status_literals_nest() -> None:
    year = set(get_args(YearStatus))
    assert year == {"met", "not_met", "in_progress", "not_due", "tracked", "no_data", "insufficient_data"}
    assert set(get_args(ProgressBand)) == {"on_track", "needs_acceleration", "limited_progress", "deterioration"}
    assert set(get_args(ProgressStatus)) == year | set(get_args(ProgressBand))
    assert set(get_args(PeriodStatus)) == set(get_args(ProgressStatus)) | {"partly_met"}
    assert get_args(Status) == get_args(PeriodStatus)
