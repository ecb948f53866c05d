"""Property tests: how a year's submissions are laid out must never change its scores.

Each example builds a small random year of *valid* submissions (tests/propdata.py: a
registry of province 37, districts 369 and 376, two real communes each and 2-3
invented villages per commune; rows for cap_uy, qcdc, chuyen_doi_so (with blank
"not applicable" pairs), mat_tran_doan_the, doanh_nghiep, thon and sometimes the other
forms) and writes it in two ways, then compares the scorecards (docs/contract.md §4-8):

1. the rows of a form split over several files (random partition, names, folders,
   csv/xlsx, UTF-8 with/without BOM, `,`/`;`, title rows above the header, codes typed
   as Excel numbers, several forms as sheets of one workbook) score exactly as one file
   per form (section 4: "the same form may come in many files; rows are combined");
2. shuffled rows (and shuffled columns) score the same;
3. Vietnamese labels instead of canonical headers, choice labels instead of keys and
   Có/Không instead of 1/0 score the same (section 4: "canonical column names or
   Vietnamese labels"; section 5); beyond that Hypothesis also tries aliases, case,
   diacritic-less headers and the other boolean spellings, shrinking back to labels;
4. every row is accounted for exactly once (rows_read = accepted + skipped + rejected
   per file and sheet; all valid rows accepted); "Tổng cộng" rows, blank rows and
   identical copies of rows are skipped, counted in rows_skipped, and change no score;
5. share/ratio values stay within 0-100, `no_data` exactly when the denominator is 0
   or no row is in scope (section 6), and numerator/denominator/value/status/breakdown
   agree with an independent computation from the generated rows.

A deterministic regression test at the end pins a bug found by property 4.
Scorecards are compared on the `targets` list of `to_json()`, breakdowns sorted by code.
"""

from __future__ import annotations

import math
import os
import random
import re
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import pandas as pd
import propdata as P  # tests/ is on the path: pytest puts the folder of conftest.py there
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from danvan_cli import api
from danvan_cli.spec import load_spec
from danvan_cli.text import fold
from danvan_cli.validation import cells as C

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# DANVAN_PROPERTY_SCALE=10 runs ten times more examples (a longer search, e.g. before a release)
SCALE = max(1, int(os.environ.get("DANVAN_PROPERTY_SCALE", "1") or 1))


def examples(n: int) -> int:
    return n * SCALE


# ---------------------------------------------------------------------------
# Writing a year
# ---------------------------------------------------------------------------
def single_plan(data: dict, fmt: str = "csv") -> dict[str, list[dict]]:
    """One file per form, rows in generated order."""
    return {form: [{"name": f"{form}.{fmt}", "fmt": fmt, "rows": list(range(len(d["rows"])))}]
            for form, d in data.items()}


def write_year(year_dir: Path, data: dict, plan: dict[str, list[dict]], style: str | dict = "canonical",
               columns: dict[str, list[str]] | None = None, mangle: Any = None) -> dict[str, int]:
    """Write every part of the plan; returns {file name: extra (non-data) rows written}.

    xlsx parts with the same name become sheets of one workbook. ``mangle``, if given, is
    applied to every header and body cell (e.g. to sprinkle invisible characters).
    """
    year_dir.mkdir(parents=True, exist_ok=True)
    extras: dict[str, int] = {}
    books: dict[str, list[dict]] = {}
    for form, parts in plan.items():
        d = data[form]
        cols = (columns or {}).get(form, d["columns"])
        view = {"rows": d["rows"], "columns": cols}
        for part in parts:
            dups = part.get("dups", [])  # identical copies of rows (of this or another file)
            body: list[Any] = P.table(form, view, style, [d["rows"][i] for i in [*part["rows"], *dups]])
            extra = len(dups)
            for pos, kind in sorted(part.get("blanks", []), reverse=True):
                blank = None if kind == "empty" else [None] * len(cols)
                body.insert(pos, blank)
                extra += 1
            if part.get("total"):
                where, label_col, with_sums = part["total"]
                data_rows = [r for r in body if r is not None and any(v is not None for v in r)]
                row = P.total_row(form, cols, data_rows, label_col, with_sums)
                body.insert(0 if where == "start" else len(body), row)
                extra += 1
            titles = P.title_rows(form, part.get("titles", []))
            head = P.header(form, cols, style)
            if mangle is not None:
                head = [mangle(h) for h in head]
                body = [None if r is None else [mangle(v) for v in r] for r in body]
            name = Path(part["name"]).as_posix()
            path = year_dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if part["fmt"].lower() == "csv":
                P.write_csv(path, head, body, titles=titles,
                            encoding=part.get("encoding", "utf-8"), delimiter=part.get("delimiter", ","))
            else:
                books.setdefault(name, []).append({
                    "title": part.get("sheet", f"Biểu {P.SPEC['forms'][form]['number']}"),
                    "head": head, "body": body, "titles": titles,
                    "codes_as_numbers": part.get("codes_as_numbers", False),
                    "code_positions": [i for i, c in enumerate(cols) if c in ("ma_don_vi", "ma_xa")],
                })
            extras[name] = extras.get(name, 0) + extra
    for name, sheets in books.items():
        P.write_xlsx(year_dir / name, sheets)
    return extras


def score(root: Path, data: dict, plan: dict, style: str | dict = "canonical", columns=None, mangle=None):
    # a year without a single row is "nothing to score" (exit 1), not a scorecard
    assume(P.n_rows(data) > 0)
    root.mkdir(parents=True, exist_ok=True)
    units = P.write_units(root / "units.csv")
    year_dir = root / str(P.YEAR)
    extras = write_year(year_dir, data, plan, style, columns, mangle)
    card = api.score([year_dir], units=units).to_json()
    return card, extras


def targets_of(card: dict) -> list[dict]:
    out = []
    for t in card["targets"]:
        t = dict(t)
        # the issues behind a target (warnings such as an identical duplicate) are no score;
        # each test checks the data quality it expects on its own
        t.pop("data_quality", None)
        t["breakdown"] = sorted(t.get("breakdown") or [], key=lambda b: b["code"])
        out.append(t)
    return out


def assert_same_scores(a: dict, b: dict) -> None:
    ta, tb = targets_of(a), targets_of(b)
    assert [t["id"] for t in ta] == [t["id"] for t in tb]
    for x, y in zip(ta, tb, strict=True):
        assert x == y, f"{x['id']} differs:\n  {x}\n  {y}"


def assert_clean(card: dict, data: dict) -> None:
    """The generated data are valid: no error, every row accepted."""
    q = card["data_quality"]
    errors = [i for i in card["issues"] if i["severity"] == "error"]
    assert not errors, errors[:5]
    assert q["rows_rejected"] == 0
    assert q["rows_accepted"] == P.n_rows(data), (q, P.n_rows(data))


# ---------------------------------------------------------------------------
# Strategies for layouts
# ---------------------------------------------------------------------------
NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_-" + "ôơưăđêâáàạảãốồộ"
# a stem naming another year ("2025-01") rightly sets the file aside (year-mismatch): not drawn
file_stem = st.text(NAME_CHARS, min_size=1, max_size=10).filter(lambda t: not re.search(r"(19|20)\d\d", t))


@st.composite
def partition_plan(draw, data: dict) -> dict[str, list[dict]]:
    """Each form's rows spread over 1-4 files: csv or xlsx, random names and folders,
    UTF-8 with or without BOM, `,` or `;`, title rows above the header, codes typed as
    numbers in Excel, and xlsx parts sometimes gathered as sheets of shared workbooks."""
    plan: dict[str, list[dict]] = {}
    for f_index, (form, d) in enumerate(data.items()):
        n = len(d["rows"])
        k = draw(st.integers(1, min(4, n)))
        owner = draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
        parts = []
        for p in range(k):
            rows = [i for i in range(n) if owner[i] == p]
            if not rows:
                continue
            fmt = draw(st.sampled_from(["csv", "xlsx", "CSV", "xlsx"]))
            folder = draw(st.sampled_from(["", "", "369/", "huyen kim son/", "a/b/"]))
            name = f"{folder}{f_index}{p}_{draw(file_stem)}.{fmt}"
            part = {"name": name, "fmt": fmt, "rows": rows,
                    "titles": draw(st.lists(st.sampled_from(["number", "title", "unit", "year", "blank"]),
                                            max_size=3))}
            if fmt.lower() == "csv":
                part["encoding"] = draw(st.sampled_from(["utf-8", "utf-8-sig"]))
                part["delimiter"] = draw(st.sampled_from([",", ";"]))
            else:
                sheet = draw(st.sampled_from(["Sheet1", f"Biểu {P.SPEC['forms'][form]['number']}", "Data"]))
                part["codes_as_numbers"] = draw(st.booleans())
                book = draw(st.sampled_from([None, None, 0, 1]))
                if book is not None:  # one workbook, one sheet per form part
                    part["name"] = f"{folder}book{book}.xlsx"
                    sheet = f"{f_index}{p} {sheet}"
                part["sheet"] = sheet
            parts.append(part)
        plan[form] = parts
    return plan


# ---------------------------------------------------------------------------
# 1. Splitting a form's rows over several files changes no score
# ---------------------------------------------------------------------------
@settings(max_examples=examples(15), **SETTINGS)
@given(data=P.year_data(), draw=st.data())
def test_splitting_rows_over_files_changes_no_score(data, draw):
    plan = draw.draw(partition_plan(data), label="plan")
    with tempfile.TemporaryDirectory() as tmp:
        one, _ = score(Path(tmp) / "one", data, single_plan(data))
        many, _ = score(Path(tmp) / "many", data, plan)
    assert_clean(one, data)
    assert_clean(many, data)
    assert_same_scores(one, many)
    assert one["completeness"] == many["completeness"]


# ---------------------------------------------------------------------------
# 2. Shuffling rows (and columns) changes no score
# ---------------------------------------------------------------------------
@settings(max_examples=examples(15), **SETTINGS)
@given(data=P.year_data(), fmt=st.sampled_from(["csv", "xlsx"]), draw=st.data())
def test_shuffling_rows_changes_no_score(data, fmt, draw):
    """Rows in any order (and, shrinking to the identity when not needed, columns in any order)."""
    plan = single_plan(data, fmt)
    shuffled = {form: [dict(parts[0], rows=draw.draw(st.permutations(parts[0]["rows"]), label=f"rows {form}"))]
                for form, parts in plan.items()}
    columns = {form: draw.draw(st.permutations(d["columns"]), label=f"columns {form}") for form, d in data.items()}
    with tempfile.TemporaryDirectory() as tmp:
        a, _ = score(Path(tmp) / "a", data, plan)
        b, _ = score(Path(tmp) / "b", data, shuffled, columns=columns)
    assert_clean(a, data)
    assert_clean(b, data)
    assert_same_scores(a, b)


# ---------------------------------------------------------------------------
# 3. Vietnamese labels (headers, choices, Có/Không) change no score
# ---------------------------------------------------------------------------
@settings(max_examples=examples(15), **SETTINGS)
@given(data=P.year_data(), fmt=st.sampled_from(["csv", "xlsx"]), draw=st.data())
def test_vietnamese_labels_change_no_score(data, fmt, draw):
    """Labels for headers and choices, Có/Không for 1/0 -- and, when Hypothesis looks
    further, any alias, case or diacritic-less spelling (it shrinks back to plain labels)."""
    style = draw.draw(P.spelling(data), label="spelling")
    plan = single_plan(data, fmt)
    with tempfile.TemporaryDirectory() as tmp:
        canonical, _ = score(Path(tmp) / "a", data, plan, "canonical")
        labelled, _ = score(Path(tmp) / "b", data, plan, style)
    assert_clean(canonical, data)
    assert_clean(labelled, data)
    assert_same_scores(canonical, labelled)


# ---------------------------------------------------------------------------
# 4. Every row is accounted for exactly once; total and blank rows are skipped
# ---------------------------------------------------------------------------
@st.composite
def with_extras(draw, data: dict, plan: dict) -> dict:
    """The same plan with blank rows, "Tổng cộng" rows and identical copies of rows added."""
    out = {}
    for form, parts in plan.items():
        cols = data[form]["columns"]
        n_form = len(data[form]["rows"])
        copies = draw(st.lists(st.tuples(st.integers(0, n_form - 1), st.integers(0, len(parts) - 1)),
                               unique_by=lambda t: t[0], max_size=2))
        new_parts = []
        for p_index, part in enumerate(parts):
            part = dict(part)
            n = len(part["rows"])
            # in xlsx a trailing empty row is not stored at all: keep blanks before the last data row
            last = n if part["fmt"].lower() == "csv" else n - 1
            kinds = ["empty", "commas"] if part["fmt"].lower() == "csv" else ["empty"]
            part["blanks"] = draw(st.lists(st.tuples(st.integers(0, last), st.sampled_from(kinds)), max_size=2))
            if draw(st.booleans()):
                part["total"] = (draw(st.sampled_from(["end", "end", "start"])),
                                 draw(st.sampled_from(P.total_label_columns(form, cols))), draw(st.booleans()))
            part["dups"] = [row for row, owner in copies if owner == p_index]
            new_parts.append(part)
        out[form] = new_parts
    return out


def check_accounting(card: dict) -> None:
    for f in card["inputs"]:
        assert f["rows_read"] == f["rows_accepted"] + f["rows_skipped"] + f["rows_rejected"], f
        for s in f["sheets"]:
            assert s["rows_read"] == s["rows_accepted"] + s["rows_skipped"] + s["rows_rejected"], (f["file"], s)
    q = card["data_quality"]
    assert q["rows_read"] == q["rows_accepted"] + q["rows_skipped"] + q["rows_rejected"], q


@settings(max_examples=examples(15), **SETTINGS)
@given(data=P.year_data(), draw=st.data())
def test_every_row_is_accounted_for_and_totals_blanks_are_skipped(data, draw):
    """rows_read = accepted + skipped + rejected everywhere; every valid row accepted once.

    Blank rows and "Tổng cộng" rows (label in the code or a name column, with or without
    sums, at the end or right under the header) are read, skipped and reported as
    `row-skipped`; identical copies of a row are counted once (section 4: "identical rows
    -> warning and counted once"), the copy counted as skipped. No score moves.
    """
    plan = draw.draw(partition_plan(data), label="plan")
    padded = draw.draw(with_extras(data, plan), label="extras")
    with tempfile.TemporaryDirectory() as tmp:
        plain, _ = score(Path(tmp) / "plain", data, plan)
        extra, added = score(Path(tmp) / "extra", data, padded)
    for card in (plain, extra):
        check_accounting(card)
        assert_clean(card, data)
    n_dups = sum(len(p["dups"]) for parts in padded.values() for p in parts)
    n_skippable = sum(len(p["blanks"]) + bool(p.get("total")) for parts in padded.values() for p in parts)
    assert sum(added.values()) == n_dups + n_skippable
    before = {f["file"]: f for f in plain["inputs"]}
    after = {f["file"]: f for f in extra["inputs"]}
    assert before.keys() == after.keys() == added.keys()
    written: dict[str, int] = {}
    for parts in plan.values():
        for p in parts:
            name = Path(p["name"]).as_posix()
            written[name] = written.get(name, 0) + len(p["rows"])
    for name, f in after.items():
        b = before[name]
        assert b["rows_read"] == written[name], (name, b)
        assert b["rows_skipped"] == 0 and b["rows_accepted"] == written[name], (name, b)
        assert f["rows_read"] - b["rows_read"] == added[name], (name, b, f, added[name])
        assert f["rows_rejected"] == b["rows_rejected"] == 0, (name, f)
        if n_dups == 0:  # which copy of a duplicate is the skipped one is not specified
            assert f["rows_skipped"] - b["rows_skipped"] == added[name], (name, b, f, added[name])
            assert f["rows_accepted"] == b["rows_accepted"], (name, b, f)
    q0, q1 = plain["data_quality"], extra["data_quality"]
    assert q1["rows_skipped"] - q0["rows_skipped"] == n_dups + n_skippable, (q0, q1)
    assert q1["rows_accepted"] == q0["rows_accepted"] == P.n_rows(data)
    assert q1["by_code"].get("row-skipped", 0) == n_skippable, (q1["by_code"], n_skippable)
    assert q1["by_code"].get("row-duplicate-identical", 0) == n_dups, (q1["by_code"], n_dups)
    # a total row carrying the right sums is no mismatch
    if n_dups == 0 and all(not p.get("total") or p["total"][2] for parts in padded.values() for p in parts):
        assert "total-mismatch" not in q1["by_code"], [i for i in extra["issues"] if i["code"] == "total-mismatch"][:3]
    assert_same_scores(plain, extra)
    assert plain["completeness"] == extra["completeness"]


# ---------------------------------------------------------------------------
# 5. Values in range, no_data exactly when nothing is in scope, and the arithmetic
# ---------------------------------------------------------------------------
def _close(actual: float | None, exact: Fraction | int | None) -> bool:
    if actual is None or exact is None:
        return actual is None and exact is None
    return math.isclose(actual, float(exact), rel_tol=1e-12, abs_tol=1e-9)


@settings(max_examples=examples(25), **SETTINGS)
@given(data=P.year_data())
def test_values_in_range_and_no_data_exactly_when_nothing_in_scope(data):
    with tempfile.TemporaryDirectory() as tmp:
        card, _ = score(Path(tmp), data, single_plan(data))
    assert_clean(card, data)
    for t in targets_of(card):
        spec = P.TARGETS[t["id"]]
        exp = P.expected(spec, data)
        kind = exp.get("inner_kind", exp["kind"])  # `improves`: this year's value is its inner measure's
        where = f"{t['id']} ({exp['kind']}): got {t}, expected {exp}"
        if kind in ("share", "ratio"):
            # section 6: share/ratio are percentages 0-100 when parts <= totals
            if t["value"] is not None:
                assert 0 <= t["value"] <= 100, where
            for b in t["breakdown"]:
                if b["value"] is not None:
                    assert 0 <= b["value"] <= 100, where
            # no_data exactly when the denominator is 0 / no rows in scope
            if exp["kind"] != "improves":  # an improves target without the year before is not judged either way
                assert (t["status"] == "no_data") == (exp["den"] == 0), where
            assert (t["value"] is None) == (exp["den"] == 0), where
            assert t["numerator"] == exp["num"] and t["denominator"] == exp["den"], where
            assert _close(t["value"], exp["value"]), where
            # breakdown: districts with rows in scope; the province's own rows belong to none
            codes = {b["code"] for b in t["breakdown"]}
            with_den = {d for d, (_, den) in exp["districts"].items() if den}
            assert with_den <= codes <= exp["row_districts"], where
            for b in t["breakdown"]:
                num, den = exp["districts"].get(b["code"], (0, 0))
                assert (b["numerator"], b["denominator"]) == (num, den), where
                assert _close(b["value"], Fraction(100 * num, den) if den else None), where
        else:
            # sum / count / mean: numerator and denominator are null (section 8)
            assert t["numerator"] is None and t["denominator"] is None, where
            if spec["when"] != "window" and exp["kind"] != "improves" and not spec.get("tracked"):
                assert (t["status"] == "no_data") == (exp["value"] is None), where
            if spec["when"] != "window":
                assert _close(t["value"], exp["value"]), where
        # section 7: statuses of a single year (2023, before the 2025 deadline)
        judged = exp["kind"] != "improves" and not spec.get("tracked")
        if t["status"] != "no_data" and spec["when"] != "window" and judged:
            reached = exp["value"] is not None and exp["value"] >= spec["threshold"]
            if spec["when"] == "annual":
                assert t["status"] == ("met" if reached else "not_met"), where
            else:
                assert t["status"] == ("met" if reached else "in_progress"), where


# ---------------------------------------------------------------------------
# A fixed example found by test_every_row_is_accounted_for_... (kept deterministic)
# ---------------------------------------------------------------------------
def test_zero_total_over_a_blank_column_is_no_mismatch():
    """Section 4: a file's own total row is checked against the sum of its detail rows.

    Excel's =SUM() over a column left blank ("not applicable" pairs of Biểu 05) gives 0;
    0 equals the sum of no values, so no `total-mismatch` may be reported (danvan said
    "tổng ... của tệp là 0, cộng các dòng chi tiết được 0"). Scores are unaffected.
    """
    head = P.LAYOUT["chuyen_doi_so"]
    detail = ["369", "Thành phố Ninh Bình", P.YEAR, None, None, 10, 5, None, None, None, None, None]
    total = [None, "Tổng cộng", None, 0, 0, 10, 5, 0, 0, 0, 0, None]  # as =SUM() writes it
    with tempfile.TemporaryDirectory() as tmp:
        units = P.write_units(Path(tmp) / "units.csv")
        year_dir = Path(tmp) / str(P.YEAR)
        year_dir.mkdir()
        P.write_csv(year_dir / "bieu05.csv", head, [detail, total])
        card = api.score([year_dir], units=units).to_json()
    q = card["data_quality"]
    assert (q["rows_accepted"], q["rows_skipped"], q["errors"]) == (1, 1, 0), q
    t34 = next(t for t in card["targets"] if t["id"] == "T3.4")
    assert (t34["numerator"], t34["denominator"], t34["value"]) == (5, 10, 50.0)
    mismatches = [(i["cell"], i["message"]) for i in card["issues"] if i["code"] == "total-mismatch"]
    assert mismatches == []


# ---------------------------------------------------------------------------
# 6. Cells a person reads the same are read the same (issue 9): invisible characters,
#    Unicode spaces, Đ look-alikes, floating-point noise
# ---------------------------------------------------------------------------
_SPEC = load_spec()
_CHOICE_COLUMNS = [(f, c) for f, form in _SPEC.forms.items() for c in form.columns if c.type == "choice"]


def _one(value: Any) -> pd.Series:
    return pd.Series([value], dtype=object)


def _vn_number(n: int, style: str) -> str:
    """An integer as an office types it: 1234, 1.234, 1 234, 1,234 (English thousands only >= 1e6)."""
    if style == "dots" and n >= 1000:
        return f"{n:,}".replace(",", ".")
    if style == "spaces" and n >= 1000:
        return f"{n:,}".replace(",", " ")
    return str(n)


@settings(max_examples=examples(200), **SETTINGS)
@given(n=st.integers(0, 10**9), style=st.sampled_from(["plain", "dots", "spaces"]), draw=st.data())
def test_invisible_characters_never_change_a_number(n, style, draw):
    text = _vn_number(n, style)
    noisy = draw.draw(P.sprinkled(text), label="noisy")
    for parse in (C.parse_integer, C.parse_number):
        clean, dirty = parse(_one(text)), parse(_one(noisy))
        assert not clean.bad.iloc[0] and not dirty.bad.iloc[0], (text, noisy)
        assert dirty.values.iloc[0] == clean.values.iloc[0] == n, (text, noisy)


@settings(max_examples=examples(200), **SETTINGS)
@given(code=st.one_of(st.sampled_from(list(P.UNITS)), P.tax_code()), draw=st.data())
def test_invisible_characters_never_change_a_code(code, draw):
    noisy = draw.draw(P.sprinkled(code), label="noisy")
    assert C.as_text(_one(noisy)).iloc[0] == code, (code, noisy)
    mst = _SPEC.forms["doanh_nghiep"].column("ma_so_thue")
    if code.replace("-", "").isdigit() and len(code.split("-")[0]) == 10:
        parsed = C.parse_column(_one(noisy), mst)
        assert parsed.values.iloc[0] == code and not parsed.bad.iloc[0], (code, noisy)


@settings(max_examples=examples(200), **SETTINGS)
@given(draw=st.data())
def test_invisible_characters_spaces_and_lookalikes_never_change_a_label(draw):
    """Choice labels and aliases (any case), names and headers with Đ: same value, same fold."""
    form, column = draw.draw(st.sampled_from(_CHOICE_COLUMNS), label="column")
    key, choice = draw.draw(st.sampled_from(list(column.choices.items())), label="choice")
    text = draw.draw(st.sampled_from([choice.label, *choice.aliases]), label="text")
    text = draw.draw(st.sampled_from([text, text.upper(), text.lower()]), label="case")
    noisy = draw.draw(P.sprinkled(text), label="noisy")
    parsed = C.parse_choice(_one(noisy), column)
    assert parsed.values.iloc[0] == key and not parsed.bad.iloc[0], (form, column.name, text, noisy)
    name = draw.draw(st.sampled_from([u[0] for u in P.UNITS.values()] + ["Đông Đoài", "đội Đồng Đức"]))
    noisy_name = draw.draw(P.sprinkled(name), label="noisy name")
    assert fold(noisy_name) == fold(name), (name, noisy_name)
    assert C.as_text(_one(noisy_name)).iloc[0] == name, (name, noisy_name)


@settings(max_examples=examples(100), **SETTINGS)
@given(value=st.booleans(), draw=st.data())
def test_invisible_characters_never_change_a_boolean(value, draw):
    text = draw.draw(st.sampled_from([t for t in P.TRUE_SPELLINGS if isinstance(t, str)] if value
                                     else [t for t in P.FALSE_SPELLINGS if isinstance(t, str)]), label="text")
    noisy = draw.draw(P.sprinkled(text), label="noisy")
    parsed = C.parse_boolean(_one(noisy))
    assert parsed.values.iloc[0] == value and not parsed.bad.iloc[0], (text, noisy)


@settings(max_examples=examples(300), **SETTINGS)
@given(n=st.integers(-10**12, 10**12), share=st.floats(-0.99, 0.99), as_text=st.booleans())
def test_float_noise_within_the_tolerance_is_the_integer(n, share, as_text):
    x = n + share * float(C.integer_tolerance(n))
    parsed = C.parse_integer(_one(repr(x) if as_text else x))
    assert not parsed.bad.iloc[0] and parsed.values.iloc[0] == n, (n, x)


@settings(max_examples=examples(300), **SETTINGS)
@given(n=st.integers(-10**12, 10**12), frac=st.floats(0.0, 0.5), sign=st.sampled_from([-1, 1]),
       as_text=st.booleans())
def test_fractions_beyond_the_tolerance_stay_errors(n, frac, sign, as_text):
    off = max(frac, 2 * float(C.integer_tolerance(n)))  # at least twice the tolerance
    x = n + sign * min(off, 0.5)
    parsed = C.parse_integer(_one(repr(x) if as_text else x))
    assert parsed.bad.iloc[0] and math.isnan(parsed.values.iloc[0]), (n, x)


@settings(max_examples=examples(10), **SETTINGS)
@given(data=P.year_data(extra_forms=False), fmt=st.sampled_from(["csv", "xlsx"]), seed=st.integers(0, 2**32))
def test_a_year_with_invisible_characters_and_lookalikes_scores_the_same(data, fmt, seed):
    """Every header and text cell of a labelled year (Vietnamese labels, Có/Không, choice
    labels, unit names with Đ) sprinkled with invisible characters, Unicode spaces and
    Đ look-alikes: no issue, same scores."""
    plan = single_plan(data, fmt)
    rnd = random.Random(seed)

    def noisy(value: Any) -> Any:
        return P.sprinkle_with(rnd, value) if isinstance(value, str) else value

    with tempfile.TemporaryDirectory() as tmp:
        plain, _ = score(Path(tmp) / "a", data, plan, "labels")
        dirty, _ = score(Path(tmp) / "b", data, plan, "labels", mangle=noisy)
    assert_clean(plain, data)
    assert_clean(dirty, data)
    assert_same_scores(plain, dirty)
