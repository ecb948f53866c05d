"""danvan's performance benchmark at national scale (issue 6).

    python bench/run.py                       # generate (if needed), time, write docs/performance.md
    python bench/run.py --reps 5 --skip-generate
    python bench/run.py --scale 0.1 --root /tmp/danvan-bench-small --doc /tmp/perf-small.md

On the same machine, in one run, interleaved (every repetition runs every case once, in
the same order), it times as separate processes, each under ``/usr/bin/time`` for the
peak resident memory:

  floor-csv     pandas ``read_csv(dtype=str)`` over the CSV files of one year (bench/floor.py)
  floor-xlsx    calamine ``get_sheet_by_name(...).to_python()`` over every sheet of the .xlsx year
  score-csv     ``danvan score <csv year> --units units.csv --format json -o FILE``
  score-xlsx    the same on the .xlsx year
  validate-csv  ``danvan validate <csv year> --units units.csv --format json -o FILE``
  summary-5y    ``danvan summary <csv root> --from 2021 --to 2025 --units units.csv --format json``
  peer-xlsx     bench/peer.py: openpyxl (read_only) + pandas, three targets from the .xlsx year
  sample-score  ``danvan score samples/ninh-binh/2023`` (province-size, 2023)
  help          ``danvan --help``

and reports medians, ratios to the floor and peak memory; then profiles one
``danvan score`` of the CSV and of the .xlsx year with cProfile, checks exactness at scale
(bench/check_exact.py, CSV vs .xlsx scorecards, peer vs danvan), and writes the table,
the machine and the verdict on every goal to docs/performance.md.

Generated data stays outside the repository (default /tmp/danvan-bench, or
$DANVAN_BENCH_ROOT); bench/data/ is git-ignored if you prefer it there.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import pstats
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import check_exact  # noqa: E402
import generate  # noqa: E402

YEARS = list(range(2021, 2026))
GB = 1024**3
TIMEOUT_YEAR = 600  # a one-year run longer than 10 minutes is pathological: stop it
TIME_BIN = "/usr/bin/time"


@dataclass
class Case:
    name: str
    what: str
    cmd: list[str]
    timeout: float = TIMEOUT_YEAR
    output: Path | None = None  # file the command writes (kept from the last repetition)
    walls: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)  # bytes
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the process tree
    inner: list[float] = field(default_factory=list)  # in-process parse time (floor only)
    failed: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.walls) if self.walls else None

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu else None

    @property
    def peak(self) -> int | None:
        return max(self.rss) if self.rss else None


def run_once(case: Case, workdir: Path) -> None:
    """One timed run in a fresh process; peak RSS from /usr/bin/time -v when available."""
    timefile = workdir / f"{case.name}.time"
    stdout = workdir / f"{case.name}.stdout"
    use_time = os.access(TIME_BIN, os.X_OK)
    cmd = [TIME_BIN, "-v", "-o", str(timefile), *case.cmd] if use_time else case.cmd
    with open(stdout, "wb") as out, open(workdir / f"{case.name}.stderr", "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, start_new_session=True, cwd=REPO)
        try:
            rc = proc.wait(timeout=case.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the process group we started, nothing else
            proc.wait()
            case.failed = f"stopped after {case.timeout:.0f} s"
            return
        wall = time.perf_counter() - t0
    if rc not in (0, 1):  # validate exits 1 when the data have errors; anything else is a failure
        tail = (workdir / f"{case.name}.stderr").read_text(errors="replace")[-600:]
        case.failed = f"exit code {rc}: " + " ".join(tail.split())[-300:]
        return
    case.walls.append(wall)
    if use_time and timefile.exists():
        report = timefile.read_text()
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
        if m:
            case.rss.append(int(m.group(1)) * 1024)
        user = re.search(r"User time \(seconds\): ([\d.]+)", report)
        system = re.search(r"System time \(seconds\): ([\d.]+)", report)
        if user and system:
            case.cpu.append(float(user.group(1)) + float(system.group(1)))
    if case.name.startswith("floor"):
        case.inner.append(json.loads(stdout.read_text())["parse_seconds"])


def danvan_cmd() -> list[str]:
    exe = shutil.which("danvan")
    return [exe] if exe else [sys.executable, "-m", "danvan_cli"]


def build_cases(root: Path, year: int, workdir: Path) -> list[Case]:
    dv, py = danvan_cmd(), sys.executable
    units = str(root / "units.csv")
    csv_year, xlsx_year = str(root / "csv" / str(year)), str(root / "xlsx" / str(year))
    out = {n: workdir / f"{n}.json" for n in ("score-csv", "score-xlsx", "validate-csv", "summary-5y", "sample")}
    sample = REPO / "samples" / "ninh-binh" / "2023"
    return [
        Case("floor-csv", "pandas read_csv(dtype=str), CSV year", [py, str(HERE / "floor.py"), "csv", csv_year]),
        Case("score-csv", "danvan score, CSV year",
             [*dv, "score", csv_year, "--units", units, "--format", "json", "-o", str(out["score-csv"])],
             output=out["score-csv"]),
        Case("validate-csv", "danvan validate, CSV year",
             [*dv, "validate", csv_year, "--units", units, "--format", "json", "-o", str(out["validate-csv"])],
             output=out["validate-csv"]),
        Case("floor-xlsx", "calamine to_python, .xlsx year", [py, str(HERE / "floor.py"), "xlsx", xlsx_year]),
        Case("score-xlsx", "danvan score, .xlsx year",
             [*dv, "score", xlsx_year, "--units", units, "--format", "json", "-o", str(out["score-xlsx"])],
             output=out["score-xlsx"]),
        Case("peer-xlsx", "openpyxl + pandas peer (3 targets), .xlsx year", [py, str(HERE / "peer.py"), xlsx_year]),
        Case("summary-5y", "danvan summary 2021-2025, CSV",
             [*dv, "summary", str(root / "csv"), "--from", "2021", "--to", "2025", "--units", units,
              "--format", "json", "-o", str(out["summary-5y"])],
             timeout=5 * TIMEOUT_YEAR, output=out["summary-5y"]),
        Case("sample-score", "danvan score samples/ninh-binh/2023 (province)",
             [*dv, "score", str(sample), "--format", "json", "-o", str(out["sample"])], output=out["sample"]),
        Case("help", "danvan --help", [*dv, "--help"]),
    ]


def warm_cache(root: Path) -> None:
    """Read every data file once so that every case starts from the same (warm) page cache."""
    for path in root.rglob("*"):
        if path.is_file():
            with open(path, "rb") as f:
                while f.read(1 << 20):
                    pass


# ---------------------------------------------------------------------------
# Profile and exactness
# ---------------------------------------------------------------------------


def profile_score(root: Path, year: int, workdir: Path, timeout: float, kind: str = "csv") -> dict:
    """``python -m cProfile -o FILE -m danvan_cli score <csv|xlsx year>``; the top 15 by
    cumulative and by own time."""
    prof = workdir / f"score-{kind}.prof"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "danvan_cli", "score",
           str(root / kind / str(year)), "--units", str(root / "units.csv"), "--format", "json",
           "-o", str(workdir / f"profiled-{kind}.json")]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, cwd=REPO)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return {"error": f"stopped after {timeout:.0f} s"}
    if not prof.exists():
        return {"error": f"no profile (exit code {proc.returncode})"}
    result = {"wall": time.perf_counter() - t0, "file": str(prof)}
    # cumulative: danvan's own functions only (the top of the plain listing is typer/click
    # wrappers); own time: everything, pandas included
    for key, restrict in (("cumulative", ("danvan_cli", 15)), ("tottime", (15,))):
        buf = io.StringIO()
        pstats.Stats(str(prof), stream=buf).sort_stats(key).print_stats(*restrict)
        text = buf.getvalue()
        start = text.find("   ncalls")
        text = text[start:].rstrip() if start >= 0 else text.rstrip()
        text = re.sub(r"\S*/site-packages/", "", text).replace(str(REPO) + "/", "")
        result[key] = re.sub(r"/\S*/lib/python3\.\d+/", "", text)
    return result


def fingerprint() -> str:
    """sha256 of danvan's sources, to tell whether the code changed during a measurement."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((REPO / "danvan_cli").rglob("*.py")):
        digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def exactness(root: Path, year: int, cases: dict[str, Case]) -> dict:
    out: dict[str, object] = {}
    card_csv = cases["score-csv"].output
    if card_csv and card_csv.exists():
        csv_card = json.loads(card_csv.read_text(encoding="utf-8"))
        lines = check_exact.compare(check_exact.independent(root / "csv" / str(year), year), csv_card)
        out["check_exact"] = lines
        out["check_exact_ok"] = not lines[-1].endswith("mismatch(es)")
        out["data_quality"] = csv_card.get("data_quality")
        card_xlsx = cases["score-xlsx"].output
        if card_xlsx and card_xlsx.exists():
            xlsx_card = json.loads(card_xlsx.read_text(encoding="utf-8"))
            a = {t["id"]: t["value"] for t in csv_card["targets"]}
            b = {t["id"]: t["value"] for t in xlsx_card["targets"]}
            diff = [k for k in a if (a[k] is None) != (b.get(k) is None)
                    or (a[k] is not None and abs(a[k] - b[k]) > 1e-9)]
            out["csv_vs_xlsx"] = f"all {len(a)} targets equal" if not diff else f"differ: {', '.join(diff)}"
        peer_out = cases["peer-xlsx"].output
        if peer_out and peer_out.exists():
            peer = json.loads(peer_out.read_text())
            a = {t["id"]: t["value"] for t in csv_card["targets"]}
            out["peer_vs_danvan"] = {k: (peer[k], a.get(k)) for k in ("T1.1", "T2.1", "T7.1")}
    return out


# ---------------------------------------------------------------------------
# Machine, table, goals, document
# ---------------------------------------------------------------------------


def machine() -> dict:
    cpu, ram = "unknown", None
    try:
        text = Path("/proc/cpuinfo").read_text()
        m = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
        cpu = m.group(1).strip() if m else cpu
    except OSError:
        pass
    try:
        m = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
        ram = int(m.group(1)) * 1024 if m else None
    except OSError:
        pass

    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {
        "cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(ram / GB, 1) if ram else None,
        "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
        "danvan": version("danvan"), "pandas": version("pandas"), "numpy": version("numpy"),
        "python-calamine": version("python-calamine"), "openpyxl": version("openpyxl"),
    }


def fmt_s(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def fmt_mb(x: int | None) -> str:
    return "—" if x is None else f"{x / 1024**2:,.0f} MB"


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def fmt_x(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}×"


def table_rows(cases: dict[str, Case]) -> list[list[str]]:
    fc, fx = cases["floor-csv"], cases["floor-xlsx"]
    fc_inner = statistics.median(fc.inner) if fc.inner else None
    fx_inner = statistics.median(fx.inner) if fx.inner else None
    floor_of = {"floor-csv": (fc, fc_inner), "score-csv": (fc, fc_inner), "validate-csv": (fc, fc_inner),
                "floor-xlsx": (fx, fx_inner), "score-xlsx": (fx, fx_inner), "peer-xlsx": (fx, fx_inner),
                "summary-5y": (fc, fc_inner)}
    rows = []
    for c in cases.values():
        floor, inner = floor_of.get(c.name, (None, None))
        walls = ", ".join(f"{w:.2f}" for w in c.walls)
        rows.append([
            c.name, c.what,
            fmt_s(c.median) if not c.failed else f"**{c.failed}**" + (f" (median of done: {fmt_s(c.median)})" if c.walls else ""),
            walls or "—",
            fmt_x(ratio(c.median, floor.median)) if floor else "",
            fmt_x(ratio(c.median, inner)) if floor else "",
            fmt_s(c.cpu_median),
            fmt_x(ratio(c.cpu_median, floor.cpu_median)) if floor else "",
            fmt_mb(c.peak),
        ])
    return rows


def goals(cases: dict[str, Case]) -> list[tuple[str, bool | None, str]]:
    m = {k: c.median for k, c in cases.items()}
    cpu = {k: c.cpu_median for k, c in cases.items()}
    fc_inner = statistics.median(cases["floor-csv"].inner) if cases["floor-csv"].inner else None
    fx_inner = statistics.median(cases["floor-xlsx"].inner) if cases["floor-xlsx"].inner else None

    def check(value, limit):
        return None if value is None else value <= limit

    def failed(name):
        return f" ({cases[name].failed})" if cases[name].failed else ""

    out = []
    r = ratio(m["score-csv"], m["floor-csv"])
    out.append(("`score` on the CSV year ≤ 2× the bare parse", check(r, 2.0),
                f"{fmt_x(r)} ({fmt_s(m['score-csv'])} vs {fmt_s(m['floor-csv'])}; "
                f"{fmt_x(ratio(m['score-csv'], fc_inner))} of the parse alone, {fmt_s(fc_inner)}; CPU time "
                f"{fmt_x(ratio(cpu['score-csv'], cpu['floor-csv']))}){failed('score-csv')}"))
    r = ratio(m["validate-csv"], m["floor-csv"])
    out.append(("`validate` on the CSV year ≤ 2.5× the bare parse", check(r, 2.5),
                f"{fmt_x(r)} ({fmt_s(m['validate-csv'])} vs {fmt_s(m['floor-csv'])}; "
                f"{fmt_x(ratio(m['validate-csv'], fc_inner))} of the parse alone; CPU time "
                f"{fmt_x(ratio(cpu['validate-csv'], cpu['floor-csv']))}){failed('validate-csv')}"))
    r = ratio(m["score-xlsx"], m["floor-xlsx"])
    out.append(("`score` on the .xlsx year ≤ 1.5× the bare calamine read", check(r, 1.5),
                f"{fmt_x(r)} ({fmt_s(m['score-xlsx'])} vs {fmt_s(m['floor-xlsx'])}; "
                f"{fmt_x(ratio(m['score-xlsx'], fx_inner))} of the read alone, {fmt_s(fx_inner)}; CPU time "
                f"{fmt_x(ratio(cpu['score-xlsx'], cpu['floor-xlsx']))}){failed('score-xlsx')}"))
    r = ratio(m["summary-5y"], m["score-csv"])
    out.append(("`summary` over 5 years ≤ 5× one year's `score`", check(r, 5.0),
                f"{fmt_x(r)} ({fmt_s(m['summary-5y'])} vs {fmt_s(m['score-csv'])}; CPU time "
                f"{fmt_x(ratio(cpu['summary-5y'], cpu['score-csv']))}){failed('summary-5y')}"))
    danvan = [c for k, c in cases.items() if k in ("score-csv", "score-xlsx", "validate-csv", "summary-5y")]
    peaks = [c.peak for c in danvan if c.peak is not None]
    worst = max(danvan, key=lambda c: c.peak or 0)
    peak = max(peaks) if peaks else None
    out.append(("peak memory ≤ 1.5 GB at national scale", None if peak is None else peak <= 1.5 * GB,
                f"{fmt_mb(peak)} (largest: {worst.name}; "
                + ", ".join(f"{c.name} {fmt_mb(c.peak)}" for c in danvan) + ")"))
    out.append(("province-size sample year: `score` ≤ 1 s", check(m["sample-score"], 1.0),
                f"{fmt_s(m['sample-score'])}{failed('sample-score')}"))
    out.append(("`danvan --help` ≤ 0.2 s", check(m["help"], 0.2), f"{fmt_s(m['help'])}"))
    faster = None if m["score-xlsx"] is None or m["peer-xlsx"] is None else m["score-xlsx"] < m["peer-xlsx"]
    out.append(("faster than the pandas + openpyxl peer on the .xlsx year", faster,
                f"danvan {fmt_s(m['score-xlsx'])} vs peer {fmt_s(m['peer-xlsx'])} "
                f"({fmt_x(ratio(m['score-xlsx'], m['peer-xlsx']))})"))
    return out


def verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("**met**" if ok else "**not met**")


def md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def load_note(load, cores) -> str:
    if not load:
        return ""
    lo, mid, hi = load
    note = (f"1-minute load average when each case started: min {lo:.2f}, median {mid:.2f}, max {hi:.2f} "
            f"on {cores} cores.")
    if hi > (cores or 1) * 0.75:
        note += (" Other processes were running on the machine during the measurement, so wall times carry "
                 "noise; interleaving spreads it over all cases, and the CPU-time columns are the steadier figure.")
    return note


def write_doc(path: Path, info: dict) -> None:
    mach, cases, data = info["machine"], info["cases"], info["data"]
    header = ["case", "what", "median wall", "runs (s)", "× floor (process)", "× floor (parse only)",
              "median CPU", "CPU × floor CPU", "peak RSS"]
    g = goals(cases)
    exact = info.get("exactness", {})
    prof = info.get("profile", {})
    year = info["year"]
    lines = [
        "# Performance at national scale",
        "",
        "Measured by `bench/run.py` (issue 6). Reproduce with one command from the repository root:",
        "",
        "```",
        "python bench/run.py",
        "```",
        "",
        "It generates the synthetic national dataset into `/tmp/danvan-bench` (or `$DANVAN_BENCH_ROOT`, "
        "`--root DIR`; never inside the repository) unless it is already there, runs every case "
        f"{info['reps']} times interleaved, and rewrites this page. `--scale 0.1` makes a 10× smaller set for a "
        "quick run; `--skip-generate` reuses the data; `--no-profile` skips the cProfile run.",
        "",
        f"Measured on {info['date']}, danvan sources `{info['fingerprint'][0]}` (sha256 of `danvan_cli/*.py`)"
        + ("." if info["fingerprint"][0] == info["fingerprint"][1] else
           f" — **the sources changed during the measurement** (now `{info['fingerprint'][1]}`): "
           "the repetitions did not all run the same code; rerun for a clean figure."),
        "",
        "## Machine",
        "",
        f"- CPU: {mach['cpu']}, {mach['cores']} cores; RAM {mach['ram_gb']} GB; {mach['os']}",
        f"- Python {mach['python']}; danvan {mach['danvan']}; pandas {mach['pandas']}; numpy {mach['numpy']}; "
        f"python-calamine {mach['python-calamine']}; openpyxl {mach['openpyxl']}",
        "",
        "## Data",
        "",
        f"`bench/generate.py --scale {info['scale']}`: one `units.csv` with one root (`00` Việt Nam, level tinh), "
        f"{data['districts']:,} districts, {data['communes']:,} communes and {data['villages']:,} villages "
        f"({data['units']:,} units); each year every form filled by every unit that must submit, no errors. "
        f"Measured year {year}: {data['rows']:,} data rows ({data['doanh_nghiep']:,} enterprises), as "
        f"{data['csv_files']} CSV files ({data['csv_mb']:.1f} MB; one per form per 50 districts, canonical headers) and "
        f"{data['xlsx_files']} `.xlsx` workbooks ({data['xlsx_mb']:.1f} MB; one per district plus one for the root, one "
        "sheet per form, two title rows above a header of Vietnamese labels, numbers as numbers, codes as text). "
        "`summary` reads the five CSV years 2021-2025.",
        "",
        "## Results",
        "",
        f"Medians of {info['reps']} interleaved repetitions; every case is a fresh process (interpreter start and "
        "imports included), peak RSS from `/usr/bin/time -v`. *× floor (process)* divides by the wall time of the "
        "floor process of the same files (`bench/floor.py`: Python start, import, parse); *× floor (parse only)* "
        "divides by the parse time measured inside that process, after the imports. The CSV floor is pandas "
        "`read_csv(dtype=str)`; the .xlsx floor is calamine `get_sheet_by_name(…).to_python()` over every sheet; "
        "`summary-5y` is divided by the one-year CSV floor (×5 would be linear). *median CPU* is user + system "
        "time of the process (from `/usr/bin/time`), less sensitive than wall time to other load on the machine.",
        "",
        load_note(info.get("load"), mach["cores"]),
        "",
        md_table(header, table_rows(cases)),
        "",
        "## Goals of issue 6",
        "",
        "Ratios are judged on whole processes (danvan's wall time over the floor process's wall time); the ratio "
        "to the parse alone is given beside it.",
        "",
        md_table(["goal", "verdict", "measured"], [[a, verdict(b), c] for a, b, c in g]),
        "",
        "## Exactness at scale",
        "",
        "`bench/check_exact.py` counts T7.1 (share of villages with ≥ 4 models), T1.1 (Σ gương mẫu / Σ cấp ủy viên) "
        "and T5.3 (enterprises whose Youth Union was founded in the year) from the generated CSV files with the "
        "plain `csv` module and compares them with `danvan score --format json` (values within 1e-9, numerators "
        "and denominators exactly). Run alone: `python bench/check_exact.py --root /tmp/danvan-bench --year "
        f"{year}`.",
        "",
    ]
    if exact.get("check_exact"):
        lines += ["```", *exact["check_exact"], "```", ""]
        lines.append(f"- independent count: {'**agrees**' if exact.get('check_exact_ok') else '**DISAGREES**'}")
    else:
        lines.append("- independent count: not run (no scorecard from `score-csv`)")
    if "csv_vs_xlsx" in exact:
        lines.append(f"- `score` on the CSV year vs on the .xlsx year (same rows): {exact['csv_vs_xlsx']}")
    if "peer_vs_danvan" in exact:
        lines.append("- peer vs danvan: " + "; ".join(
            f"{k} {p:.6f} / {d if d is None else f'{d:.6f}'}" for k, (p, d) in exact["peer_vs_danvan"].items()))
    if exact.get("data_quality"):
        dq = exact["data_quality"]
        lines.append(f"- rows read {dq['rows_read']:,}, accepted {dq['rows_accepted']:,}, rejected {dq['rows_rejected']:,}, "
                     f"errors {dq['errors']}, warnings {dq['warnings']}")
    lines.append("")
    for kind, label in (("csv", "CSV year"), ("xlsx", ".xlsx year")):
        one = prof.get(kind)
        if not one:
            continue
        lines += [f"## Where `danvan score` spends its time ({label})", ""]
        if "error" in one:
            lines.append(f"Profile: {one['error']}.")
        else:
            lines += [
                f"`python -m cProfile -o score.prof -m danvan_cli score <{kind} year> --units units.csv --format json "
                f"-o FILE` ({fmt_s(one['wall'])} under the profiler, which inflates per-call costs). danvan's "
                "functions, top 15 by cumulative time:",
                "", "```", one["cumulative"], "```", "", "Top 15 by own time:", "", "```", one["tottime"], "```",
            ]
        lines.append("")
    lines += keep_notes(path, info["fingerprint"][1])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


NOTES_START, NOTES_END = "<!-- notes: kept by bench/run.py -->", "<!-- /notes -->"


def keep_notes(path: Path, fp: str) -> list[str]:
    """The hand-written block between the notes markers survives a rerun of the benchmark."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if NOTES_START in old and NOTES_END in old:
        body = old[old.index(NOTES_START) + len(NOTES_START):old.index(NOTES_END)].strip("\n")
    else:
        body = ("## Notes\n\nWhat limits the goals not met, written by hand; `bench/run.py` keeps this block "
                f"when it rewrites the page (sources `{fp}` when it was created).")
    return [NOTES_START, body, NOTES_END, ""]


def data_stats(root: Path, year: int) -> dict:
    csv_files = list((root / "csv" / str(year)).glob("*.csv"))
    xlsx_files = list((root / "xlsx" / str(year)).glob("*.xlsx"))
    stamp = json.loads((root / "bench.json").read_text()) if (root / "bench.json").exists() else {}
    ystats = stamp.get("years", {}).get(str(year), {})
    return {
        "units": stamp.get("units", 0), "districts": stamp.get("districts", 0),
        "communes": stamp.get("communes", 0), "villages": stamp.get("villages", 0),
        "rows": ystats.get("rows", 0), "doanh_nghiep": ystats.get("doanh_nghiep", 0),
        "csv_files": len(csv_files), "csv_mb": sum(p.stat().st_size for p in csv_files) / 1024**2,
        "xlsx_files": len(xlsx_files), "xlsx_mb": sum(p.stat().st_size for p in xlsx_files) / 1024**2,
    }


def ensure_data(root: Path, scale: float, year: int, skip: bool) -> None:
    """Generate the five CSV years and the .xlsx year unless this generator already made
    them at this scale (ROOT/bench.json)."""
    stamp_path = root / "bench.json"
    stamp = json.loads(stamp_path.read_text()) if stamp_path.exists() else {}
    years = stamp.get("years", {})
    have = (stamp.get("scale") == scale and stamp.get("generator") == generate.signature()
            and all("csv" in years.get(str(y), {}).get("formats", []) for y in YEARS)
            and "xlsx" in years.get(str(year), {}).get("formats", []))
    if have or (skip and stamp):
        print(f"data: reusing {root}", file=sys.stderr)
        return
    if skip:
        raise SystemExit(f"--skip-generate but no dataset in {root}")
    print(f"data: generating into {root} (scale {scale}) …", file=sys.stderr)
    generate.generate(root, YEARS, scale, "csv")
    generate.generate(root, [year], scale, "xlsx")


def print_table(cases: dict[str, Case]) -> None:
    header = ["case", "median", "× floor(proc)", "× floor(parse)", "CPU", "CPU × floor", "peak RSS"]
    rows = [[r[0], r[2], r[4], r[5], r[6], r[7], r[8]] for r in table_rows(cases)]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="danvan performance benchmark (issue 6)")
    ap.add_argument("--root", type=Path, default=generate.DEFAULT_ROOT)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--year", type=int, default=2023)
    ap.add_argument("--skip-generate", action="store_true")
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--only", help="comma-separated case names to run (default: all)")
    ap.add_argument("--doc", type=Path, default=REPO / "docs" / "performance.md")
    args = ap.parse_args(argv)

    root = args.root.resolve()
    ensure_data(root, args.scale, args.year, args.skip_generate)
    workdir = Path(tempfile.mkdtemp(prefix="danvan-bench-run-"))
    cases = {c.name: c for c in build_cases(root, args.year, workdir)}
    cases["peer-xlsx"].output = workdir / "peer-xlsx.stdout"
    only = set(args.only.split(",")) if args.only else set(cases)
    loads: list[float] = []
    source_before = fingerprint()
    print("warming the page cache …", file=sys.stderr)
    warm_cache(root)
    for rep in range(1, args.reps + 1):
        for case in cases.values():
            if case.name not in only or case.failed:
                continue
            print(f"rep {rep}/{args.reps}: {case.name} …", end=" ", file=sys.stderr, flush=True)
            loads.append(os.getloadavg()[0])
            run_once(case, workdir)
            print(case.failed or f"{case.walls[-1]:.2f} s", file=sys.stderr)
    profile = {} if args.no_profile else {
        kind: profile_score(root, args.year, workdir, 3 * TIMEOUT_YEAR, kind) for kind in ("csv", "xlsx")}
    info = {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"), "machine": machine(), "reps": args.reps,
        "scale": args.scale, "year": args.year, "cases": cases, "data": data_stats(root, args.year),
        "profile": profile, "exactness": exactness(root, args.year, cases),
        "load": (min(loads), statistics.median(loads), max(loads)) if loads else None,
        "fingerprint": (source_before, fingerprint()),
    }
    print_table(cases)
    for goal, ok, measured in goals(cases):
        print(f"- {goal}: {verdict(ok).strip('*')} — {measured}")
    for line in info["exactness"].get("check_exact", []):
        print("  " + line)
    write_doc(args.doc, info)
    raw = {k: v for k, v in info.items() if k != "cases"}
    raw["cases"] = {k: {"walls": c.walls, "rss": c.rss, "inner": c.inner, "failed": c.failed} for k, c in cases.items()}
    (root / "results.json").write_text(json.dumps(raw, indent=1, default=str))
    print(f"wrote {args.doc} and {root / 'results.json'} (run files in {workdir})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
