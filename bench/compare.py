"""Byte-identical JSON outputs before and after a change (issue 15).

    python bench/compare.py save /tmp/golden-json               # run every case, keep the outputs
    python bench/compare.py check /tmp/golden-json              # run again, compare byte for byte
    python bench/compare.py check /tmp/golden-json --national /tmp/danvan-bench
    python bench/compare.py check DIR --python /tmp/venv-arrow/bin/python   # the same code with pyarrow
    python bench/compare.py save DIR --src /tmp/base            # an older checkout (PYTHONPATH=/tmp/base)

Every case is ``python -P -m danvan_cli COMMAND ... --format json -o FILE`` with
``PYTHONPATH=SRC`` (default: this checkout), run from this repository's root with relative
paths, so that the paths danvan writes into its outputs (``registry``, ``inputs``) are the
same from one run to the next, and the data are this checkout's whichever code runs.
``-P`` keeps the working directory off ``sys.path``: without it ``-m`` would import the
``danvan_cli`` of the working directory, never the one of ``--src``. ``check`` prints one line
per case, ``same`` or ``DIFFERENT`` with the first differing JSON path and both values, and
exits 1 if any case differs. The exit code of each command is compared as well.

A speed-up must not change a single byte of what danvan writes: this is the check run
after every optimisation, on the samples, the hand fixture, the messy corpus and (with
``--national``) the generated national year.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = "samples/ninh-binh"
HAND = "tests/data/hand"
MESSY = REPO / "tests" / "data" / "messy"
TIMEOUT = 1800  # seconds; the national summary takes about a minute, a hung run must not block forever
WORKERS = 2  # the benchmark machine has 2 cores


@dataclass(frozen=True)
class Case:
    """One danvan command whose JSON output is kept; ``name`` is also the output's file name."""

    name: str
    args: tuple[str, ...]


def score_and_validate(name: str, *args: str) -> list[Case]:
    return [Case(f"score-{name}", ("score", *args)), Case(f"validate-{name}", ("validate", *args))]


def messy_units(case: Path) -> tuple[str, ...]:
    """The messy corpus's registry, unless the case finds its own (``units: lookup``),
    as tests/test_messy_corpus.py invokes it."""
    import yaml

    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8")) or {}
    return () if expected.get("units") == "lookup" else ("--units", "tests/data/messy/units.csv")


def build_cases(national: Path | None) -> list[Case]:
    cases: list[Case] = []
    for year in range(2021, 2026):
        cases += score_and_validate(f"ninh-binh-{year}", f"{SAMPLES}/{year}")
    cases += [Case(f"summary-ninh-binh-to-{to}", ("summary", SAMPLES, "--to", str(to))) for to in (2023, 2025)]
    cases += [Case(f"{c.name}-no-plausibility", (*c.args, "--no-plausibility"))
              for c in score_and_validate("ninh-binh-2023", f"{SAMPLES}/2023")]
    cases.append(Case("validate-broken-2023", ("validate", "samples/broken/2023")))
    cases += score_and_validate("hand-2023", f"{HAND}/2023", "--units", f"{HAND}/units.csv")
    for case in sorted(p for p in MESSY.iterdir() if (p / "expected.yaml").is_file()):
        rel = case.relative_to(REPO).as_posix()
        cases += score_and_validate(f"messy-{case.name}", f"{rel}/2023", *messy_units(case))
    if national is not None:
        units = ("--units", str(national / "units.csv"))
        cases += score_and_validate("national-csv-2023", str(national / "csv" / "2023"), *units)
        if (national / "xlsx" / "2023").is_dir():
            cases.append(Case("score-national-xlsx-2023", ("score", str(national / "xlsx" / "2023"), *units)))
        cases.append(Case("summary-national-csv-2021-2025",
                          ("summary", str(national / "csv"), "--from", "2021", "--to", "2025", *units)))
    return cases


# ---------------------------------------------------------------------------
# Volatile fields
# ---------------------------------------------------------------------------

# What may legitimately differ between two runs of the same code on the same files, and
# nothing else. Outputs are written from cwd = the repository root with relative paths, no
# ``--stamp`` (the only time of generation danvan writes), so the only volatile text found is:
#  - the location of the danvan package when another checkout runs (``--src``) and a default
#    file bundled with the package (targets.yaml, the Ninh Bình registry or crosswalk) is named
#    by its absolute path: replaced by ``<danvan>``.
# Searched for by ``save`` then ``check`` of the same checkout (commit 8b9876d, with the
# interpreter of the venv and with pyarrow's, and --national on a 0.1-scale root): all 175
# (+4) outputs byte-identical, no dates, temporary paths or fingerprints in them. Paths of the
# national root are absolute (as given) and the same from run to run.


def normalise(text: str, package_dir: str) -> str:
    return text.replace(package_dir, "<danvan>") if package_dir else text


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------


def environment(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def package_dir(python: str, src: Path) -> str:
    """Where ``python -P -m danvan_cli`` imports danvan from; refuses to go on if that is not
    SRC (a wrong interpreter or checkout would compare the wrong code without a word)."""
    probe = subprocess.run([python, "-P", "-c", "import danvan_cli, os; print(os.path.dirname(danvan_cli.__file__))"],
                           capture_output=True, text=True, cwd=REPO, env=environment(src), check=True)
    found = probe.stdout.strip()
    if Path(found).resolve() != (src / "danvan_cli").resolve():
        raise SystemExit(f"{python} imports danvan_cli from {found}, not from {src}")
    return found


def run_case(case: Case, outdir: Path, python: str, src: Path, pkg: str) -> float:
    """Run one case; writes NAME.json (normalised) and NAME.exit (the exit code and, when the
    command wrote nothing, the end of its stderr)."""
    out = outdir / f"{case.name}.json"
    out.unlink(missing_ok=True)
    t0 = time.perf_counter()
    proc = subprocess.run([python, "-P", "-m", "danvan_cli", *case.args, "--format", "json", "-o", str(out)],
                          capture_output=True, text=True, cwd=REPO, env=environment(src), timeout=TIMEOUT)
    seconds = time.perf_counter() - t0
    status = f"exit {proc.returncode}\n"
    if out.exists():
        out.write_text(normalise(out.read_text(encoding="utf-8"), pkg), encoding="utf-8")
    else:
        status += "no output; stderr ends:\n" + normalise(proc.stderr[-2000:], pkg)
    (outdir / f"{case.name}.exit").write_text(status, encoding="utf-8")
    return seconds


def run_all(cases: list[Case], outdir: Path, python: str, src: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    pkg = package_dir(python, src)
    print(f"danvan_cli from {pkg} (python {python}, PYTHONPATH={src})")
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        seconds = list(pool.map(lambda c: run_case(c, outdir, python, src, pkg), cases))
    slowest = sorted(zip(seconds, cases, strict=True), key=lambda sc: -sc[0])[:3]
    print(f"{len(cases)} cases in {time.perf_counter() - t0:.1f} s ({sum(seconds):.1f} s of processes, "
          f"{WORKERS} at a time; slowest: " + ", ".join(f"{c.name} {s:.1f} s" for s, c in slowest) + ")")


# ---------------------------------------------------------------------------
# Comparing
# ---------------------------------------------------------------------------


def first_difference(a: object, b: object, path: str = "$") -> tuple[str, object, object] | None:
    """The first JSON path (document order) where a and b differ, with both values."""
    if type(a) is not type(b):
        return path, a, b
    if isinstance(a, dict):
        assert isinstance(b, dict)
        for key in a:
            if key not in b:
                return f"{path}.{key}", a[key], "<absent>"
            found = first_difference(a[key], b[key], f"{path}.{key}")
            if found:
                return found
        extra = [k for k in b if k not in a]
        if extra:
            return f"{path}.{extra[0]}", "<absent>", b[extra[0]]
        if list(a) != list(b):
            return f"{path} (key order)", list(a), list(b)
        return None
    if isinstance(a, list):
        assert isinstance(b, list)
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            found = first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        if len(a) != len(b):
            return f"{path} (length)", len(a), len(b)
        return None
    return None if a == b else (path, a, b)


def short(value: object, limit: int = 120) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) or value != "<absent>" else value
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(saved: Path, fresh: Path) -> str | None:
    """None when the two files are byte-identical, else where they first differ."""
    a, b = saved.read_bytes(), fresh.read_bytes()
    if a == b:
        return None
    try:
        found = first_difference(json.loads(a), json.loads(b))
    except ValueError:
        found = None
    if found is None:  # same JSON value, different bytes (formatting, escaping)
        at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        return f"bytes differ from offset {at}: {a[at:at + 60]!r} vs {b[at:at + 60]!r}"
    path, x, y = found
    return f"{path}: {short(x)} → {short(y)}"


def compare(cases: list[Case], saved: Path, fresh: Path) -> int:
    different = missing = 0
    for case in cases:
        problems = []
        for suffix in (".exit", ".json"):
            old, new = saved / f"{case.name}{suffix}", fresh / f"{case.name}{suffix}"
            if not old.exists():
                if new.exists():
                    problems.append(f"not in {saved} (saved without this case?)")
                    missing += 1
                continue
            if not new.exists():
                problems.append(f"{suffix[1:]} was saved, now absent")
                continue
            if suffix == ".exit":
                if old.read_bytes() != new.read_bytes():
                    problems.append(f"exit: {' '.join(old.read_text().split())[:200]} → "
                                    f"{' '.join(new.read_text().split())[:200]}")
            else:
                found = describe(old, new)
                if found:
                    problems.append(found)
        if problems:
            different += 1
        print(f"{case.name:55} {'DIFFERENT ' + '; '.join(problems) if problems else 'same'}")
    print(f"{len(cases) - different} same, {different} different"
          + (f" ({missing} not saved)" if missing else "") + f"; fresh outputs in {fresh}")
    return 1 if different else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("action", choices=("save", "check"))
    ap.add_argument("dir", type=Path, help="folder of the saved outputs")
    ap.add_argument("--python", default=sys.executable, help="interpreter running danvan (default: this one)")
    ap.add_argument("--src", type=Path, default=REPO, help="checkout to run (PYTHONPATH=SRC; default: this one)")
    ap.add_argument("--national", type=Path, help="generated national root (bench/generate.py), e.g. /tmp/danvan-bench")
    ap.add_argument("--only", help="a regular expression: only the cases whose name matches")
    args = ap.parse_args(argv)

    src = args.src.resolve()
    cases = build_cases(args.national.resolve() if args.national else None)
    if args.only:
        cases = [c for c in cases if re.search(args.only, c.name)]
    if args.action == "save":
        run_all(cases, args.dir, args.python, src)
        print(f"saved in {args.dir}")
        return 0
    fresh = Path(tempfile.mkdtemp(prefix="danvan-compare-"))
    run_all(cases, fresh, args.python, src)
    return compare(cases, args.dir, fresh)


if __name__ == "__main__":
    sys.exit(main())
