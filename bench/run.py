"""danvan's performance benchmark at national scale (issues 6 and 15).

    python bench/run.py                                   # scale 1: generate if needed, time, write docs/performance.md
    python bench/run.py --scales 0.1,1,2                  # growth with size: time, memory, cost per 100k rows
    python bench/run.py --baseline-src /tmp/base          # also the danvan cases of an older checkout (@base)
    python bench/run.py --scales 0.05,0.1 --reps 1 --doc /tmp/perf-test.md   # a quick trial

On the same machine, in one run, interleaved (every repetition runs every case of every
scale once, in the same order), it times as separate processes, each under
``/usr/bin/time`` for the peak resident memory, at every scale:

  floor-csv          pandas ``read_csv(dtype=str)`` over the CSV files of the year (bench/floor.py)
  floor-csv-2y       the same over the year and the year before (what ``score`` reads since issue 14)
  score-csv          ``danvan score <csv year> --units units.csv --format json -o FILE``
  score-csv-noplaus  the same with ``--no-plausibility`` (the year before is not read whole)
  validate-csv       ``danvan validate <csv year> --units units.csv --format json -o FILE``
  summary-5y         ``danvan summary <csv root> --from 2021 --to 2025 --units units.csv --format json``

and at the main scale (1 when it is among ``--scales``, else the largest) also:

  floor-xlsx         calamine ``get_sheet_by_name(...).to_python()`` over every sheet of the .xlsx year
  score-xlsx         ``danvan score`` on the .xlsx year
  peer-xlsx          bench/peer.py: openpyxl (read_only) + pandas, three targets from the .xlsx year
  sample-score       ``danvan score samples/ninh-binh/2023`` (province-size, 2023)
  help               ``danvan --help``
  NAME+arrow         score-csv, validate-csv, score-xlsx, sample-score under ``--python-arrow``
                     (an interpreter with pyarrow installed; pandas then infers Arrow strings)
  NAME@base          every danvan case above from ``--baseline-src`` (an older checkout)

danvan runs as ``python -P -m danvan_cli`` with ``PYTHONPATH`` = the checkout (this one, or
the baseline's): ``-P`` keeps the working directory off ``sys.path``, so PYTHONPATH decides,
and the location actually imported is checked once per interpreter and checkout.

It reports medians, ratios to the floors, peak memory, the added cost per 100k rows between
consecutive scales (with a chart, docs/performance-scales.svg), the goals of issue 15; then
profiles one ``danvan score`` of the CSV and of the .xlsx year with cProfile, checks exactness
(bench/check_exact.py, CSV vs .xlsx scorecards, peer vs danvan), and writes docs/performance.md.

Generated data stay outside the repository: scale 1 in ``--root`` (default /tmp/danvan-bench
or $DANVAN_BENCH_ROOT), another scale in ``<root>-<scale>`` (/tmp/danvan-bench-0.1).
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import platform
import pstats
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import check_exact  # noqa: E402
import compare  # noqa: E402
import generate  # noqa: E402

YEARS = list(range(2021, 2026))
GB = 1024**3
TIMEOUT_YEAR = 600  # a one-year run longer than 10 minutes (at scale 1) is pathological: stop it
TIME_BIN = "/usr/bin/time"
ARROW_DEFAULT = Path("/tmp/venv-arrow/bin/python")
ARROW_CASES = ("score-csv", "validate-csv", "score-xlsx", "sample-score")
DANVAN_CASES = ("score-csv", "score-csv-noplaus", "validate-csv", "score-xlsx", "summary-5y", "sample-score")
CHART_CASES = ("floor-csv", "floor-csv-2y", "score-csv", "score-csv-noplaus", "validate-csv")
# (label, case, divided by): the ratios shown at every scale
SCALE_RATIOS = (
    ("score-csv / floor-csv-2y", "score-csv", "floor-csv-2y"),
    ("score-csv / floor-csv", "score-csv", "floor-csv"),
    ("score-csv-noplaus / floor-csv", "score-csv-noplaus", "floor-csv"),
    ("validate-csv / floor-csv-2y", "validate-csv", "floor-csv-2y"),
    ("validate-csv / floor-csv", "validate-csv", "floor-csv"),
    ("summary-5y / score-csv", "summary-5y", "score-csv"),
)
# (label, case, minus case or None): the added cost per 100k rows between consecutive scales
SLOPES = (
    ("floor-csv", "floor-csv", None),
    ("floor-csv-2y", "floor-csv-2y", None),
    ("score-csv", "score-csv", None),
    ("score-csv-noplaus", "score-csv-noplaus", None),
    ("validate-csv", "validate-csv", None),
    ("score-csv − floor-csv-2y", "score-csv", "floor-csv-2y"),
    ("score-csv-noplaus − floor-csv", "score-csv-noplaus", "floor-csv"),
    ("validate-csv − floor-csv-2y", "validate-csv", "floor-csv-2y"),
)


@dataclass
class Case:
    name: str
    what: str
    cmd: list[str]
    floor: str | None = None  # the case this one is divided by in the results table
    env: dict[str, str] | None = None  # PYTHONPATH for danvan's cases
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
    def inner_median(self) -> float | None:
        return statistics.median(self.inner) if self.inner else None

    @property
    def peak(self) -> int | None:
        return max(self.rss) if self.rss else None


Runs = dict[float, dict[str, Case]]  # scale -> case name -> case


def run_once(case: Case, workdir: Path) -> None:
    """One timed run in a fresh process; peak RSS from /usr/bin/time -v when available."""
    stem = case.name.replace("@", "_at_")
    timefile, stdout, stderr = (workdir / f"{stem}.{ext}" for ext in ("time", "stdout", "stderr"))
    use_time = os.access(TIME_BIN, os.X_OK)
    cmd = [TIME_BIN, "-v", "-o", str(timefile), *case.cmd] if use_time else case.cmd
    with open(stdout, "wb") as out, open(stderr, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, start_new_session=True, cwd=REPO, env=case.env)
        try:
            rc = proc.wait(timeout=case.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the process group we started, nothing else
            proc.wait()
            case.failed = f"stopped after {case.timeout:.0f} s"
            return
        wall = time.perf_counter() - t0
    if rc not in (0, 1):  # validate exits 1 when the data have errors; anything else is a failure
        tail = stderr.read_text(errors="replace")[-600:]
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


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Danvan:
    """One way to run danvan: an interpreter and a checkout, and the suffix of its case names."""

    python: str
    src: Path
    suffix: str = ""

    def cmd(self) -> list[str]:
        return [self.python, "-P", "-m", "danvan_cli"]

    def env(self) -> dict[str, str]:
        return compare.environment(self.src)


def scale_root(root: Path, scale: float) -> Path:
    """Scale 1 in ROOT, another scale in ROOT-<scale> (/tmp/danvan-bench-0.1)."""
    return root if scale == 1 else root.with_name(f"{root.name}-{scale:g}")


def build_cases(root: Path, scale: float, year: int, workdir: Path, main: bool,
                ways: list[Danvan]) -> list[Case]:
    """The cases of one scale. ``ways``: how danvan runs: this checkout first, then (main scale
    only) with pyarrow and/or from the baseline checkout."""
    py = sys.executable
    units = str(root / "units.csv")
    csv_root, xlsx_year = root / "csv", str(root / "xlsx" / str(year))
    csv_year, csv_before = str(csv_root / str(year)), str(csv_root / str(year - 1))
    timeout = TIMEOUT_YEAR * max(1.0, scale)
    sample = str(REPO / "samples" / "ninh-binh" / str(year))

    def danvan(way: Danvan, name: str, what: str, args: list[str], floor: str | None,
               json_out: bool = True, factor: float = 1.0) -> Case:
        full = name + way.suffix
        out = workdir / f"{full.replace('@', '_at_')}.json" if json_out else None
        tail = ["--format", "json", "-o", str(out)] if out else []
        how = [w for w, tag in (("pyarrow", "+arrow"), ("baseline", "@base")) if tag in way.suffix]
        return Case(full, what + (f" ({', '.join(how)})" if how else ""), [*way.cmd(), *args, *tail], floor=floor, env=way.env(),
                    timeout=timeout * factor, output=out)

    def danvan_cases(way: Danvan) -> list[Case]:
        arrow = "+arrow" in way.suffix
        cases = [
            danvan(way, "score-csv", "danvan score, CSV year", ["score", csv_year, "--units", units], "floor-csv-2y"),
            danvan(way, "score-csv-noplaus", "danvan score --no-plausibility, CSV year",
                   ["score", csv_year, "--units", units, "--no-plausibility"], "floor-csv"),
            danvan(way, "validate-csv", "danvan validate, CSV year", ["validate", csv_year, "--units", units],
                   "floor-csv-2y"),
            danvan(way, "summary-5y", "danvan summary 2021-2025, CSV",
                   ["summary", str(csv_root), "--from", "2021", "--to", "2025", "--units", units], "floor-csv",
                   factor=5),
        ]
        if main:
            cases += [
                danvan(way, "score-xlsx", "danvan score, .xlsx year", ["score", xlsx_year, "--units", units],
                       "floor-xlsx"),
                danvan(way, "sample-score", "danvan score samples/ninh-binh/2023 (province)", ["score", sample], None),
            ]
        keep = ARROW_CASES if arrow else DANVAN_CASES
        return [c for c in cases if c.name.removesuffix(way.suffix) in keep]

    floors = [
        Case("floor-csv", "pandas read_csv(dtype=str), CSV year", [py, str(HERE / "floor.py"), "csv", csv_year]),
        Case("floor-csv-2y", f"pandas read_csv(dtype=str), CSV years {year - 1} and {year}",
             [py, str(HERE / "floor.py"), "csv", csv_before, csv_year]),
    ]
    if main:
        floors.append(Case("floor-xlsx", "calamine to_python, .xlsx year", [py, str(HERE / "floor.py"), "xlsx", xlsx_year]))
    # every danvan case, then its variants right after it, so that they meet the same load
    by_name: dict[str, list[Case]] = {}
    for way in ways:
        for case in danvan_cases(way):
            by_name.setdefault(case.name.removesuffix(way.suffix), []).append(case)
    cases = floors + [c for group in by_name.values() for c in group]
    if main:
        cases += [
            Case("peer-xlsx", "openpyxl + pandas peer (3 targets), .xlsx year", [py, str(HERE / "peer.py"), xlsx_year],
                 floor="floor-xlsx", output=workdir / "peer-xlsx.stdout"),
            Case("help", "danvan --help", [*ways[0].cmd(), "--help"], env=ways[0].env()),
        ]
    return cases


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


def fingerprint(src: Path = REPO) -> str:
    """sha256 of danvan's sources, to tell whether the code changed during a measurement."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((src / "danvan_cli").rglob("*.py")):
        digest.update(path.relative_to(src).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def exactness(root: Path, year: int, cases: dict[str, Case]) -> dict:
    out: dict[str, object] = {}
    card_csv = cases["score-csv"].output if "score-csv" in cases else None
    if card_csv and card_csv.exists():
        csv_card = json.loads(card_csv.read_text(encoding="utf-8"))
        lines = check_exact.compare(check_exact.independent(root / "csv" / str(year), year), csv_card)
        out["check_exact"] = lines
        out["check_exact_ok"] = not lines[-1].endswith("mismatch(es)")
        out["data_quality"] = csv_card.get("data_quality")
        a = {t["id"]: t["value"] for t in csv_card["targets"]}
        card_xlsx = cases["score-xlsx"].output if "score-xlsx" in cases else None
        if card_xlsx and card_xlsx.exists():
            xlsx_card = json.loads(card_xlsx.read_text(encoding="utf-8"))
            b = {t["id"]: t["value"] for t in xlsx_card["targets"]}
            diff = [k for k in a if (a[k] is None) != (b.get(k) is None)
                    or (a[k] is not None and abs(a[k] - b[k]) > 1e-9)]
            out["csv_vs_xlsx"] = f"all {len(a)} targets equal" if not diff else f"differ: {', '.join(diff)}"
        peer_out = cases["peer-xlsx"].output if "peer-xlsx" in cases else None
        if peer_out and peer_out.exists() and peer_out.stat().st_size:
            peer = json.loads(peer_out.read_text())
            out["peer_vs_danvan"] = {k: (peer[k], a.get(k)) for k in ("T1.1", "T2.1", "T7.1")}
    return out


# ---------------------------------------------------------------------------
# Machine, tables, goals, chart, document
# ---------------------------------------------------------------------------


def machine(arrow: str | None) -> dict:
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

    info = {
        "cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(ram / GB, 1) if ram else None,
        "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
        "danvan": version("danvan"), "pandas": version("pandas"), "numpy": version("numpy"),
        "pyarrow": version("pyarrow"), "python-calamine": version("python-calamine"), "openpyxl": version("openpyxl"),
    }
    if arrow:
        probe = subprocess.run([arrow, "-c", "import platform, pandas, pyarrow; "
                                "print(platform.python_version(), pandas.__version__, pyarrow.__version__)"],
                               capture_output=True, text=True)
        info["arrow"] = probe.stdout.strip() or f"probe failed: {probe.stderr.strip()[-200:]}"
    return info


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


def median_of(cases: dict[str, Case] | None, name: str) -> float | None:
    return cases[name].median if cases and name in cases else None


def table_rows(cases: dict[str, Case]) -> list[list[str]]:
    rows = []
    for c in cases.values():
        floor = cases.get(c.floor) if c.floor else (c if c.name.startswith("floor") else None)
        walls = ", ".join(f"{w:.2f}" for w in c.walls)
        rows.append([
            c.name, c.what,
            fmt_s(c.median) if not c.failed else f"**{c.failed}**" + (f" (median of done: {fmt_s(c.median)})" if c.walls else ""),
            walls or "—",
            floor.name if floor else "",
            fmt_x(ratio(c.median, floor.median)) if floor else "",
            fmt_x(ratio(c.median, floor.inner_median)) if floor else "",
            fmt_s(c.cpu_median),
            fmt_x(ratio(c.cpu_median, floor.cpu_median)) if floor else "",
            fmt_mb(c.peak),
        ])
    return rows


def slope(runs: Runs, rows: dict[float, int], a: float, b: float, case: str, minus: str | None) -> float | None:
    """Seconds added per 100,000 data rows between scales a and b: (t_b − t_a) / (rows_b − rows_a)."""
    def t(scale: float) -> float | None:
        x = median_of(runs[scale], case)
        y = median_of(runs[scale], minus) if minus else 0.0
        return None if x is None or y is None else x - y

    ta, tb = t(a), t(b)
    if ta is None or tb is None or rows[b] == rows[a]:
        return None
    return (tb - ta) / (rows[b] - rows[a]) * 100_000


def scale_tables(runs: Runs, rows: dict[float, int]) -> tuple[list[str], list[list[str]], list[list[str]], list[list[str]]]:
    """(header, time and memory per case, ratios, added cost per 100k rows) over the scales."""
    scales = sorted(runs)
    header = ["case"] + [f"scale {s:g} ({rows[s]:,} rows)" for s in scales]
    names = [n for n in dict.fromkeys(n for s in scales for n in runs[s]) if all(n in runs[s] for s in scales)]
    times = [[n] + [f"{fmt_s(runs[s][n].median)}, {fmt_mb(runs[s][n].peak)}" for s in scales] for n in names]
    ratios = [[label] + [fmt_x(ratio(median_of(runs[s], a), median_of(runs[s], b))) for s in scales]
              for label, a, b in SCALE_RATIOS]
    pairs = list(zip(scales, scales[1:], strict=False))
    slopes = [[label] + ["—" if (v := slope(runs, rows, a, b, case, minus)) is None else f"{v:+.3f} s"
                         for a, b in pairs]
              for label, case, minus in SLOPES]
    return header, times, ratios, [["per 100k rows"] + [f"scale {a:g} → {b:g}" for a, b in pairs], *slopes]


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """0, step, 2·step, … up to at least ``top``, with a step of 1, 2 or 5 × a power of ten."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(ticks[-1] + step)
    return ticks


def svg_chart(series: dict[str, list[tuple[int, float]]], title: str) -> str:
    """Seconds against data rows, one line per case, as a plain SVG string (no plotting library)."""
    width, height, left, right, top, bottom = 680, 380, 64, 200, 40, 52
    pw, ph = width - left - right, height - top - bottom
    points = [p for line in series.values() for p in line]
    xt = nice_ticks(max((x for x, _ in points), default=1))
    yt = nice_ticks(max((y for _, y in points), default=1))

    def sx(x: float) -> float:
        return left + pw * x / xt[-1]

    def sy(y: float) -> float:
        return top + ph - ph * y / yt[-1]

    def xlabel(x: float) -> str:
        return f"{x / 1000:,.0f}k" if xt[-1] >= 10_000 and x else f"{x:,.0f}"

    colours = ["#888888", "#444444", "#d62728", "#ff7f0e", "#1f77b4", "#2ca02c", "#9467bd"]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="14">{escape(title)}</text>']
    for x in xt:
        out.append(f'<line x1="{sx(x):.1f}" y1="{top}" x2="{sx(x):.1f}" y2="{top + ph}" stroke="#eeeeee"/>')
        out.append(f'<text x="{sx(x):.1f}" y="{top + ph + 16}" text-anchor="middle">{escape(xlabel(x))}</text>')
    for y in yt:
        out.append(f'<line x1="{left}" y1="{sy(y):.1f}" x2="{left + pw}" y2="{sy(y):.1f}" stroke="#eeeeee"/>')
        out.append(f'<text x="{left - 6}" y="{sy(y) + 4:.1f}" text-anchor="end">{escape(f"{y:g}")}</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#999999"/>')
    out.append(f'<text x="{left + pw / 2:.1f}" y="{height - 12}" text-anchor="middle">data rows of the year</text>')
    out.append(f'<text x="16" y="{top + ph / 2:.1f}" text-anchor="middle" '
               f'transform="rotate(-90 16 {top + ph / 2:.1f})">seconds (median wall)</text>')
    for i, (name, line) in enumerate(series.items()):
        colour = colours[i % len(colours)]
        dash = ' stroke-dasharray="5 4"' if name.startswith("floor") else ""
        coords = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in sorted(line))
        if len(line) > 1:
            out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        out += [f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3" fill="{colour}"/>' for x, y in line]
        ly = top + 8 + 20 * i
        out.append(f'<line x1="{left + pw + 14}" y1="{ly}" x2="{left + pw + 38}" y2="{ly}" stroke="{colour}" '
                   f'stroke-width="2"{dash}/>')
        out.append(f'<text x="{left + pw + 44}" y="{ly + 4}">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


Goal = tuple[str, bool | None, str]


def goals(runs: Runs, arrow: bool, baseline: bool) -> list[Goal]:
    """Issue 15's goals. A goal whose case did not run, or ran at another scale than the goal's,
    is "not measured" (the figure at the nearest scale is shown, without a verdict)."""
    largest = max(runs)

    def at(want: float) -> tuple[dict[str, Case], str]:
        if want in runs:
            return runs[want], ""
        return runs[largest], f" — measured at scale {largest:g}, not {want:g}: no verdict"

    def within(cases: dict[str, Case], note: str, name: str, floor: str, limit: float) -> tuple[bool | None, str]:
        a, b = median_of(cases, name), median_of(cases, floor)
        r = ratio(a, b)
        failed = "; ".join(f"{n} {cases[n].failed}" for n in (name, floor) if n in cases and cases[n].failed)
        text = f"{fmt_x(r)} ({fmt_s(a)} vs {fmt_s(b)}"
        if name in cases and floor in cases:
            text += f"; CPU time {fmt_x(ratio(cases[name].cpu_median, cases[floor].cpu_median))}"
        text += ")" + (f" ({failed})" if failed else "") + ("" if name in cases else f" ({name} did not run)") + note
        return (None if r is None or note else r <= limit), text

    out: list[Goal] = []
    for want, limit in ((1.0, 3.5), (2.0, 4.5)):
        cases, note = at(want)
        ok, text = within(cases, note, "score-csv", "floor-csv-2y", limit)
        out.append((f"`score`, CSV year, scale {want:g}: ≤ {limit}× floor-csv-2y (default: reads the year "
                    "and, for plausibility, the year before)", ok, text))
        ok, text = within(cases, note, "score-csv-noplaus", "floor-csv", limit)
        out.append((f"`score --no-plausibility`, CSV year, scale {want:g}: ≤ {limit}× floor-csv (one year)", ok, text))
    cases, note = at(1.0)
    ok, text = within(cases, note, "score-xlsx", "floor-xlsx", 3.0)
    out.append(("`score`, .xlsx year: ≤ 3× floor-xlsx (the bare calamine read)", ok, text))
    ok, text = within(cases, note, "validate-csv", "floor-csv-2y", 3.0)
    out.append(("`validate`, CSV year: ≤ 3× floor-csv-2y (it reads the year before too, for plausibility)", ok,
                text + f"; × floor-csv (one year): {fmt_x(ratio(median_of(cases, 'validate-csv'), median_of(cases, 'floor-csv')))}"))
    ok, text = within(cases, note, "summary-5y", "score-csv", 4.0)
    out.append(("`summary` over 5 years: ≤ 4× one year's `score` (score-csv)", ok, text))

    cases, note = at(2.0)
    measured = [c for c in cases.values() if c.peak is not None]
    worst = max(measured, key=lambda c: c.peak or 0, default=None)
    peak = worst.peak if worst else None
    out.append(("peak memory ≤ 1 GB at scale 2 (every case)", None if peak is None or note else peak <= GB,
                f"{fmt_mb(peak)} (largest: {worst.name if worst else '—'}; "
                + ", ".join(f"{c.name} {fmt_mb(c.peak)}" for c in measured if c.name in DANVAN_CASES)
                + "; every case run at that scale counts)" + note))

    at_one = runs[1.0] if 1.0 in runs else runs[largest]
    note = "" if 1.0 in runs else f" — measured at scale {largest:g}, not 1: no verdict"
    for label, with_arrow in (("without pyarrow", False), ("with pyarrow", True)):
        if not baseline or (with_arrow and not arrow):
            why = "no --baseline-src" if not baseline else "no --python-arrow"
            out.append((f"{label}: no case slower than the baseline (case vs case@base)", None, why))
            continue
        names = [n + "+arrow" for n in ARROW_CASES] if with_arrow else list(DANVAN_CASES)
        ratios = [(n, ratio(median_of(at_one, n), median_of(at_one, n + "@base"))) for n in names]
        measured = [(n, r) for n, r in ratios if r is not None]
        missing = [n for n, r in ratios if r is None]  # every case of the goal, or no verdict
        ok = None if missing or note else all(r <= 1.0 for _, r in measured)
        out.append((f"{label}: no case slower than the baseline (case vs case@base)", ok,
                    ", ".join(f"{n} {fmt_x(r)}" for n, r in measured) + (f" (not measured: {', '.join(missing)})"
                                                                         if missing else "") + note))
    m = median_of(at_one, "sample-score")
    out.append(("province-size sample year (`samples/ninh-binh/2023`): `score` ≤ 0.8 s",
                None if m is None or note else m <= 0.8, fmt_s(m) + note))
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
    mach, runs, data, main_scale = info["machine"], info["runs"], info["data"], info["main_scale"]
    cases = runs[main_scale]
    header = ["case", "what", "median wall", "runs (s)", "floor", "× floor (process)", "× floor (parse only)",
              "median CPU", "CPU × floor CPU", "peak RSS"]
    exact = info.get("exactness", {})
    prof = info.get("profile", {})
    year = info["year"]
    d = data[main_scale]
    rows = {s: data[s]["rows"] for s in runs}
    scale_header, times, ratios, slopes = scale_tables(runs, rows)
    fp = info["fingerprint"]
    lines = [
        "# Performance at national scale",
        "",
        "Measured by `bench/run.py` (issues 6 and 15). Reproduce from the repository root:",
        "",
        "```",
        f"python bench/run.py --scales {','.join(f'{s:g}' for s in sorted(runs))}"
        + (" --baseline-src BASE" if info["baseline"] else ""),
        "```",
        "",
        "It generates the synthetic national dataset of each scale (scale 1 in `/tmp/danvan-bench`, or "
        "`$DANVAN_BENCH_ROOT`, `--root DIR`; scale 0.1 in `/tmp/danvan-bench-0.1`; never inside the repository) "
        f"unless it is already there, runs every case {info['reps']} times interleaved, and rewrites this page and "
        f"`{info['chart'].name}`. `--skip-generate` reuses the data; `--no-profile` skips the cProfile run; "
        "`--python-arrow PATH` names an interpreter with pyarrow (default `/tmp/venv-arrow/bin/python` when it "
        "exists); `--baseline-src DIR` an older checkout to compare with (`git worktree add DIR COMMIT`).",
        "",
        f"Measured on {info['date']}, danvan sources `{fp[0]}` (sha256 of `danvan_cli/*.py`)"
        + ("." if fp[0] == fp[1] else
           f" — **the sources changed during the measurement** (now `{fp[1]}`): "
           "the repetitions did not all run the same code; rerun for a clean figure."),
        "",
        "## Machine",
        "",
        f"- CPU: {mach['cpu']}, {mach['cores']} cores; RAM {mach['ram_gb']} GB; {mach['os']}",
        f"- Python {mach['python']}; danvan {mach['danvan']}; pandas {mach['pandas']}; numpy {mach['numpy']}; "
        f"pyarrow {mach['pyarrow']}; python-calamine {mach['python-calamine']}; openpyxl {mach['openpyxl']}",
    ]
    if "arrow" in mach:
        lines.append(f"- `+arrow` cases: `{info['arrow']}` (Python, pandas, pyarrow: {mach['arrow']})")
    if info["baseline"]:
        lines.append(f"- `@base` cases: the checkout `{info['baseline']}` (commit {info['baseline_commit']}, "
                     f"sources `{info['baseline_fingerprint']}`), same interpreters, `PYTHONPATH` = that checkout")
    lines += [
        "",
        "## Data",
        "",
        f"`bench/generate.py --scale {main_scale:g}`: one `units.csv` with one root (`00` Việt Nam, level tinh), "
        f"{d['districts']:,} districts, {d['communes']:,} communes and {d['villages']:,} villages "
        f"({d['units']:,} units); each year every form filled by every unit that must submit, no errors. "
        f"Measured year {year}: {d['rows']:,} data rows ({d['doanh_nghiep']:,} enterprises), as "
        f"{d['csv_files']} CSV files ({d['csv_mb']:.1f} MB; one per form per 50 districts, canonical headers) and "
        f"{d['xlsx_files']} `.xlsx` workbooks ({d['xlsx_mb']:.1f} MB; one per district plus one for the root, one "
        "sheet per form, two title rows above a header of Vietnamese labels, numbers as numbers, codes as text). "
        "`summary` reads the five CSV years 2021-2025; `score` and `validate` also read the year before "
        f"({year - 1}) for the plausibility checks (issue 14). "
        + ("Other scales: " + "; ".join(f"{s:g}: {data[s]['rows']:,} rows of {year}, {data[s]['units']:,} units"
                                        for s in sorted(runs) if s != main_scale) + "." if len(runs) > 1 else ""),
        "",
        f"## Results (scale {main_scale:g})",
        "",
        f"Medians of {info['reps']} interleaved repetitions; every case is a fresh process (interpreter start and "
        "imports included), peak RSS from `/usr/bin/time -v`. *× floor (process)* divides by the wall time of the "
        "floor process named in *floor* (`bench/floor.py`: Python start, import, parse); *× floor (parse only)* "
        "divides by the parse time measured inside that process, after the imports. The CSV floors are pandas "
        f"`read_csv(dtype=str)` of the year (floor-csv) and of the year and the year before (floor-csv-2y, what "
        "`score` and `validate` read); the .xlsx floor is calamine `get_sheet_by_name(…).to_python()` over every "
        "sheet; `summary-5y` is divided by the one-year CSV floor (×5 would be linear). `score --no-plausibility` "
        "still reads the forms of the year before that the `improves` targets compare with (doanh_nghiep, thon, "
        "chi_so_tinh), so its one-year floor flatters it a little. *median CPU* is user + system time of the "
        "process, less sensitive than wall time to other load on the machine.",
        "",
        load_note(info.get("load"), mach["cores"]),
        "",
        md_table(header, table_rows(cases)),
        "",
        "## Growth with size",
        "",
        f"![seconds against data rows per case]({info['chart'].name})",
        "",
        "Median wall time and peak RSS at each scale (the same interleaved run):",
        "",
        md_table(scale_header, times),
        "",
        md_table(["ratio", *scale_header[1:]], ratios),
        "",
        "Added cost per 100,000 data rows of the year between consecutive scales, "
        "(t₂ − t₁) / (rows₂ − rows₁) × 100,000; *A − B* is the added cost of danvan over its floor, "
        "the part danvan's own work adds as the data grow (a flat or falling figure is linear growth):",
        "",
        md_table(slopes[0], slopes[1:]) if len(runs) > 1 else "(one scale only: no slope)",
        "",
        "## Goals of issue 15",
        "",
        "Issue 6's goals (score ≤ 2×, validate ≤ 2.5×, .xlsx ≤ 1.5×, summary ≤ 5×, 1.5 GB, sample ≤ 1 s, "
        "help ≤ 0.2 s, faster than the peer) were replaced by issue 15's. Ratios are judged on whole processes "
        "(danvan's median wall time over the floor process's); the baseline goals compare each case with the same "
        "case of the baseline checkout in this run (≤ 1.00× is met).",
        "",
        md_table(["goal", "verdict", "measured"], [[a, verdict(b), c] for a, b, c in info["goals"]]),
        "",
        "## Exactness at scale",
        "",
        "`bench/check_exact.py` counts T7.1 (share of villages with ≥ 4 models), T1.1 (Σ gương mẫu / Σ cấp ủy viên) "
        "and T5.3 (enterprises whose Youth Union was founded in the year) from the generated CSV files with the "
        "plain `csv` module and compares them with `danvan score --format json` (values within 1e-9, numerators "
        "and denominators exactly). Run alone: `python bench/check_exact.py --root /tmp/danvan-bench --year "
        f"{year}`. Outputs byte for byte before and after a change: `bench/compare.py`.",
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
            f"{k} {p:.6f} / {v if v is None else f'{v:.6f}'}" for k, (p, v) in exact["peer_vs_danvan"].items()))
    if exact.get("data_quality"):
        dq = exact["data_quality"]
        lines.append(f"- rows read {dq['rows_read']:,}, accepted {dq['rows_accepted']:,}, rejected {dq['rows_rejected']:,}, "
                     f"errors {dq['errors']}, warnings {dq['warnings']}")
    lines.append("")
    for kind, label in (("csv", "CSV year"), ("xlsx", ".xlsx year")):
        one = prof.get(kind)
        if not one:
            continue
        lines += [f"## Where `danvan score` spends its time ({label}, scale {main_scale:g})", ""]
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
    lines += keep_notes(path, fp[1])
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


def ensure_data(root: Path, scale: float, year: int, skip: bool, xlsx: bool) -> None:
    """Generate the five CSV years (and, if ``xlsx``, the .xlsx year) unless this generator
    already made them at this scale (ROOT/bench.json)."""
    stamp_path = root / "bench.json"
    stamp = json.loads(stamp_path.read_text()) if stamp_path.exists() else {}
    years = stamp.get("years", {})
    same = stamp.get("scale") == scale and stamp.get("generator") == generate.signature()
    have_csv = same and all("csv" in years.get(str(y), {}).get("formats", []) for y in YEARS)
    have_xlsx = same and "xlsx" in years.get(str(year), {}).get("formats", [])
    if (have_csv and (have_xlsx or not xlsx)) or (skip and stamp):
        print(f"data: reusing {root}", file=sys.stderr)
        return
    if skip:
        raise SystemExit(f"--skip-generate but no dataset in {root}")
    print(f"data: generating into {root} (scale {scale:g}) …", file=sys.stderr)
    if not have_csv:
        generate.generate(root, YEARS, scale, "csv")
    if xlsx:
        generate.generate(root, [year], scale, "xlsx")


def print_table(cases: dict[str, Case]) -> None:
    header = ["case", "median", "floor", "× floor(proc)", "× floor(parse)", "CPU", "CPU × floor", "peak RSS"]
    rows = [[r[0], r[2], r[4], r[5], r[6], r[7], r[8], r[9]] for r in table_rows(cases)]
    print_plain(header, rows)


def print_plain(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))


def parse_scales(text: str) -> list[float]:
    scales = sorted({float(s) for s in text.split(",") if s.strip()})
    if not scales or any(s <= 0 for s in scales):
        raise SystemExit(f"--scales {text!r}: positive numbers separated by commas, e.g. 0.1,1,2")
    return scales


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="danvan performance benchmark (issues 6 and 15)")
    ap.add_argument("--root", type=Path, default=generate.DEFAULT_ROOT, help="data root of scale 1")
    ap.add_argument("--scales", default="1", help="comma-separated scales, e.g. 0.1,1,2 (default 1)")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--year", type=int, default=2023)
    ap.add_argument("--skip-generate", action="store_true")
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--only", help="comma-separated case names to run (default: all)")
    ap.add_argument("--python-arrow", default=str(ARROW_DEFAULT) if ARROW_DEFAULT.exists() else "",
                    help="interpreter with pyarrow for the +arrow cases ('' for none)")
    ap.add_argument("--baseline-src", type=Path, help="older checkout for the @base cases (PYTHONPATH=DIR)")
    ap.add_argument("--doc", type=Path, default=REPO / "docs" / "performance.md")
    args = ap.parse_args(argv)

    scales = parse_scales(args.scales)
    main_scale = 1.0 if 1.0 in scales else scales[-1]
    root = args.root.resolve()
    roots = {s: scale_root(root, s) for s in scales}
    for s in scales:
        ensure_data(roots[s], s, args.year, args.skip_generate, xlsx=s == main_scale)

    ways = [Danvan(sys.executable, REPO)]
    if args.python_arrow:
        ways.append(Danvan(args.python_arrow, REPO, "+arrow"))
    base = args.baseline_src.resolve() if args.baseline_src else None
    if base:
        ways += [Danvan(w.python, base, w.suffix + "@base") for w in list(ways)]
    for way in ways:  # PYTHONPATH must decide which checkout runs: check it once for each
        print(f"danvan{way.suffix or ' (this checkout)'}: {way.python} imports "
              f"{compare.package_dir(way.python, way.src)}", file=sys.stderr)

    workdir = Path(tempfile.mkdtemp(prefix="danvan-bench-run-"))
    runs: Runs = {}
    for s in scales:
        (workdir / f"{s:g}").mkdir()
        is_main = s == main_scale
        runs[s] = {c.name: c for c in build_cases(roots[s], s, args.year, workdir / f"{s:g}", is_main,
                                                  ways if is_main else ways[:1])}
    only = set(args.only.split(",")) if args.only else None
    loads: list[float] = []
    source_before = fingerprint()
    print("warming the page cache …", file=sys.stderr)
    for s in scales:
        warm_cache(roots[s])
    for rep in range(1, args.reps + 1):
        for s in scales:
            for case in runs[s].values():
                if (only and case.name not in only) or case.failed:
                    continue
                print(f"rep {rep}/{args.reps} scale {s:g}: {case.name} …", end=" ", file=sys.stderr, flush=True)
                loads.append(os.getloadavg()[0])
                run_once(case, workdir / f"{s:g}")
                print(case.failed or f"{case.walls[-1]:.2f} s", file=sys.stderr)
    if only:  # cases not asked for are absent, never shown as measured
        runs = {s: {n: c for n, c in cases.items() if n in only} for s, cases in runs.items()}
    main_root = roots[main_scale]
    profile = {} if args.no_profile else {
        kind: profile_score(main_root, args.year, workdir, 3 * TIMEOUT_YEAR * max(1.0, main_scale), kind)
        for kind in ("csv", "xlsx")}
    data = {s: data_stats(roots[s], args.year) for s in scales}
    chart = args.doc.with_name(f"{args.doc.stem}-scales.svg")
    info = {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"), "machine": machine(args.python_arrow or None), "reps": args.reps,
        "main_scale": main_scale, "year": args.year, "runs": runs, "data": data, "chart": chart,
        "arrow": args.python_arrow, "baseline": str(base) if base else "",
        "profile": profile, "exactness": exactness(main_root, args.year, runs[main_scale]),
        "load": (min(loads), statistics.median(loads), max(loads)) if loads else None,
        "fingerprint": (source_before, fingerprint()),
        "goals": goals(runs, bool(args.python_arrow), base is not None),
    }
    if base:
        info["baseline_commit"] = subprocess.run(["git", "-C", str(base), "rev-parse", "--short", "HEAD"],
                                                 capture_output=True, text=True).stdout.strip() or "unknown"
        info["baseline_fingerprint"] = fingerprint(base)

    print_table(runs[main_scale])
    scale_header, times, ratios, slopes = scale_tables(runs, {s: data[s]["rows"] for s in scales})
    if len(scales) > 1:
        print()
        print_plain(scale_header, times)
        print()
        print_plain(["ratio", *scale_header[1:]], ratios)
        print()
        print_plain(slopes[0], slopes[1:])
    for goal, ok, measured in info["goals"]:
        print(f"- {goal}: {verdict(ok).strip('*')} — {measured}")
    for line in info["exactness"].get("check_exact", []):
        print("  " + line)

    series = {n: [(data[s]["rows"], runs[s][n].median) for s in scales
                  if n in runs[s] and runs[s][n].median is not None] for n in CHART_CASES}
    chart.parent.mkdir(parents=True, exist_ok=True)
    chart.write_text(svg_chart({n: pts for n, pts in series.items() if pts},
                               f"danvan, CSV year {args.year}: seconds against data rows"), encoding="utf-8")
    write_doc(args.doc, info)
    raw = {k: v for k, v in info.items() if k not in ("runs", "goals")}
    raw["goals"] = [list(g) for g in info["goals"]]
    raw["runs"] = {f"{s:g}": {n: {"walls": c.walls, "rss": c.rss, "cpu": c.cpu, "inner": c.inner, "failed": c.failed}
                              for n, c in cases.items()} for s, cases in runs.items()}
    (main_root / "results.json").write_text(json.dumps(raw, indent=1, default=str))
    print(f"wrote {args.doc}, {chart} and {main_root / 'results.json'} (run files in {workdir})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
