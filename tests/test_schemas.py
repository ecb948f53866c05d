"""docs/schemas/*.schema.json (JSON Schema 2020-12) hold for the JSON danvan really writes:
score, validate and summary on the samples, on broken files, on an empty year, in English;
and they refuse what the contract does not allow (a status "great", an unknown key)."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

jsonschema = pytest.importorskip("jsonschema", reason="the test extra has jsonschema: pip install '.[test]'")

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "docs" / "schemas"
SAMPLES = ROOT / "samples" / "ninh-binh"
BROKEN = ROOT / "samples" / "broken" / "2023"


def schema(name: str) -> Any:
    document = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document, format_checker=jsonschema.FormatChecker())


def danvan(*args: str | Path, expect: int = 0) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DANVAN_LANG"}
    done = subprocess.run([sys.executable, "-m", "danvan_cli", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=600)
    assert done.returncode == expect, done.stderr[-2000:]
    return done


def output(*args: str | Path, expect: int = 0) -> Any:
    return json.loads(danvan(*args, "--format", "json", expect=expect).stdout)


def errors(validator: Any, document: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(document)]


@pytest.fixture(scope="module")
def midterm_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2023 of the samples and an empty 2024: a mid-term review whose last year sent nothing."""
    root = tmp_path_factory.mktemp("review")
    shutil.copytree(SAMPLES / "2023", root / "2023")
    shutil.copy(SAMPLES / "units.csv", root / "units.csv")
    (root / "2024").mkdir()
    return root


@pytest.fixture(scope="module")
def card_2023() -> Any:
    return output("score", SAMPLES / "2023")


@pytest.fixture(scope="module")
def review_all() -> Any:
    return output("summary", SAMPLES)


# ----------------------------------------------------------------------------- scorecard

def test_scorecard_2023_validates(card_2023: Any) -> None:
    assert errors(schema("scorecard"), card_2023) == []
    assert card_2023["year"] == 2023 and len(card_2023["targets"]) == 36


@pytest.mark.parametrize("args", [
    ("score", SAMPLES / "2025"),  # three registry vintages, units without districts (old_districts)
    ("score", SAMPLES / "2023", "--lang", "en"),
], ids=["2025", "2023-en"])
def test_scorecards_validate(args: tuple[str | Path, ...]) -> None:
    card = output(*args)
    assert errors(schema("scorecard"), card) == []


def test_broken_scorecard_validates() -> None:
    card = output("score", BROKEN)  # an unreadable file, rejected rows, units missing: still scored
    assert errors(schema("scorecard"), card) == []
    codes = {i["code"] for i in card["issues"]}
    assert {"file-unreadable", "cell-type", "submission-missing"} <= codes
    assert {i["severity"] for i in card["issues"]} == {"error", "warning", "info"}


# ---------------------------------------------------------------------------- validation

@pytest.mark.parametrize("args, expect", [
    (("validate", SAMPLES / "2023"), 0),
    (("validate", SAMPLES / "2025"), 0),
    (("validate", BROKEN), 1),  # errors: exit 1, the JSON all the same
    (("validate", BROKEN, "--lang", "en"), 1),
], ids=["2023", "2025", "broken", "broken-en"])
def test_validation_outputs_validate(args: tuple[str | Path, ...], expect: int) -> None:
    report = output(*args, expect=expect)
    assert errors(schema("validation"), report) == []
    if expect:
        assert report["summary"]["errors"] > 0
        assert any(i["code"] == "file-unreadable" for i in report["issues"])
        assert any(f["sheets"] == [] for f in report["files"])  # the unreadable file: no sheet read


@pytest.mark.parametrize("command", ["validate", "score"])
def test_an_empty_folder_writes_no_json_and_exits_1(tmp_path: Path, command: str) -> None:
    empty = tmp_path / "2023"
    empty.mkdir()
    done = danvan(command, empty, "--format", "json", expect=1)
    assert done.stdout == ""  # no half-written document for a program to misread
    assert str(empty) in done.stderr


# ------------------------------------------------------------------------------- summary

def test_final_review_validates(review_all: Any) -> None:
    assert errors(schema("summary"), review_all) == []
    assert review_all["kind"] == "final" and (review_all["from"], review_all["to"]) == (2021, 2025)
    assert "areas" not in review_all


def test_review_by_area_validates() -> None:
    review = output("summary", SAMPLES, "--by", "area")
    assert errors(schema("summary"), review) == []
    assert review["areas"] and all("areas" in t for t in review["targets"])


def test_midterm_review_with_an_empty_year_validates(midterm_root: Path) -> None:
    review = output("summary", midterm_root, "--from", "2023", "--to", "2024")
    assert errors(schema("summary"), review) == []
    assert review["kind"] == "midterm"
    assert review["data_quality"]["2024"]["files"] == 0
    first = review["targets"][0]  # T1.1, a share of 2024's rows: there are none
    assert (first["id"], first["years"]["2024"]["value"], first["years"]["2024"]["status"]) == ("T1.1", None, "no_data")


def test_review_in_english_validates(midterm_root: Path) -> None:
    review = output("summary", midterm_root, "--from", "2023", "--to", "2024", "--lang", "en")
    assert errors(schema("summary"), review) == []


# ------------------------------------------------------------------------------ refusals

def test_a_status_great_is_refused(card_2023: Any, review_all: Any) -> None:
    card = copy.deepcopy(card_2023)
    card["targets"][0]["status"] = "great"
    assert any(e.startswith("targets/0/status") for e in errors(schema("scorecard"), card))
    review = copy.deepcopy(review_all)
    review["targets"][0]["years"]["2023"]["status"] = "great"
    assert any(e.startswith("targets/0/years/2023/status") for e in errors(schema("summary"), review))
    review = copy.deepcopy(review_all)
    review["targets"][0]["period_status"] = "great"
    assert errors(schema("summary"), review)


def test_closed_objects_refuse_unknown_keys_and_codes(card_2023: Any) -> None:
    changes: list[Callable[[Any], object]] = [
        lambda c: c.update(extra=1),  # the document
        lambda c: c["inputs"][0].update(extra=1),  # a file
        lambda c: c["inputs"][0]["sheets"][0].update(extra=1),  # a sheet
        lambda c: c["issues"][0].update(extra=1),  # an issue
        lambda c: c["issues"][0].update(code="cell-wrong"),
        lambda c: c["issues"][0].update(severity="fatal"),
        lambda c: c["data_quality"]["by_code"].update({"cell-wrong": 1}),
        lambda c: c["inputs"][0].update(sha256="abc"),
        lambda c: c["targets"][0].pop("value"),
        lambda c: c["targets"][0].update(value="100"),
        lambda c: c["targets"][0]["breakdown"][0].update(extra=1),
    ]
    for change in changes:
        card = copy.deepcopy(card_2023)
        change(card)
        assert errors(schema("scorecard"), card), change


def test_by_area_and_areas_go_together(review_all: Any) -> None:
    review = copy.deepcopy(review_all)
    review["targets"][0]["areas"] = {}
    assert errors(schema("summary"), review)  # a target's areas without the review's
    review = copy.deepcopy(review_all)
    review["areas"] = []
    assert errors(schema("summary"), review)  # the review's areas without the targets'


# ------------------------------------------------------------- the schemas follow the code

def _enum(document: Any, name: str) -> set[Any]:
    return set(document["$defs"][name]["enum"])


def test_enums_are_the_codes_literals() -> None:
    from danvan_cli.indicators.continuity import BreakReason
    from danvan_cli.indicators.results import PeriodStatus, ProgressStatus, Trend, YearStatus
    from danvan_cli.issues import CATALOGUE, Severity

    documents = {name: json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
                 for name in ("scorecard", "validation", "summary")}
    for document in documents.values():
        assert _enum(document, "code") == set(CATALOGUE)
    for name in ("scorecard", "validation"):
        assert _enum(documents[name], "severity") == set(typing.get_args(Severity))
    assert _enum(documents["scorecard"], "status") == set(typing.get_args(YearStatus))
    summary = documents["summary"]
    assert _enum(summary, "yearStatus") == set(typing.get_args(YearStatus))
    assert _enum(summary, "progressStatus") == set(typing.get_args(ProgressStatus))
    assert _enum(summary, "periodStatus") == set(typing.get_args(PeriodStatus))
    assert set(summary["$defs"]["target"]["properties"]["trend"]["enum"]) == {*typing.get_args(Trend), None}
    assert set(summary["$defs"]["break"]["properties"]["reason"]["enum"]) == set(typing.get_args(BreakReason))
