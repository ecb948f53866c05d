"""Exactness on the benchmark's national-shaped data (at a small scale): T7.1, T1.1 and
T5.3 counted independently with the csv module equal danvan's scorecard. The same check
runs at full scale with `python bench/check_exact.py`."""

import importlib.util
import json
import sys
from pathlib import Path

from typer.testing import CliRunner

from danvan_cli.cli import app

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_independent_counts_equal_the_scorecard(tmp_path: Path):
    generate, check = _module("generate"), _module("check_exact")
    generate.generate(tmp_path, [2023], scale=0.02, fmt="csv", quiet=True)
    result = CliRunner().invoke(app, ["score", str(tmp_path / "csv" / "2023"), "--units", str(tmp_path / "units.csv"),
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    card = json.loads(result.stdout)
    expected = check.independent(tmp_path / "csv" / "2023", 2023)
    assert expected["T7.1"]["denominator"] > 1000  # thousands of villages, not a toy
    lines = check.compare(expected, card)
    assert all(line.endswith("OK") for line in lines), lines
