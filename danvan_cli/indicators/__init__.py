"""Indicators: validated frames → target results (one year) and summaries (several years)."""

from danvan_cli.indicators.results import DistrictValue, TargetResult
from danvan_cli.indicators.score import score_target, score_targets
from danvan_cli.indicators.summary import (
    BaselinePoint,
    Summary,
    TargetSummary,
    YearPoint,
    summarise,
)

__all__ = [
    "BaselinePoint",
    "DistrictValue",
    "Summary",
    "TargetResult",
    "TargetSummary",
    "YearPoint",
    "score_target",
    "score_targets",
    "summarise",
]
