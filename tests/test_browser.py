"""The HTML reports in a real browser: headless Chromium renders them, nothing is wider
than an A4 page's printable width, and a screenshot is saved.

Skipped when no Chromium is installed (CI installs Debian's `chromium`). Refresh the
screenshots in docs/ with: DANVAN_UPDATE_DOCS=1 python -m pytest tests/test_browser.py
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from danvan_cli.cli import app

REPO = Path(__file__).parents[1]
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium)")

A4_PRINTABLE_PX = 703  # 210 mm − 2 × 12 mm margins, at 96 px per inch
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
MEASURE = ("<script>document.body.setAttribute('data-overflow', "
           "String(document.documentElement.scrollWidth - window.innerWidth));</script></body>")

REPORTS = {
    "scorecard": ["score", "samples/ninh-binh/2023", "--format", "html"],
    "summary": ["summary", "samples/ninh-binh", "--from", "2021", "--to", "2023", "--format", "html"],
}


def _chromium(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / "profile"
    result = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                            capture_output=True, text=True, timeout=120)
    return result.stdout


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_report_renders_within_a4_width(name, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(app, REPORTS[name])
    assert result.exit_code == 0, result.output
    page = tmp_path / f"{name}.html"
    page.write_text(result.stdout, encoding="utf-8")

    probe = tmp_path / f"{name}-probe.html"
    probe.write_text(result.stdout.replace("</body>", MEASURE), encoding="utf-8")
    dom = _chromium(tmp_path, f"--window-size={A4_PRINTABLE_PX},1000", "--dump-dom", probe.as_uri())
    found = re.search(r'data-overflow="(-?\d+)"', dom)
    assert found, "the page did not render"
    assert int(found.group(1)) <= 0, f"{name} is {found.group(1)} px wider than an A4 page"
    assert "<h1>" in dom

    shot = tmp_path / f"{name}.png"
    _chromium(tmp_path, "--window-size=794,2200", f"--screenshot={shot}", page.as_uri())
    assert shot.exists() and shot.stat().st_size > 20_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("DANVAN_UPDATE_DOCS"):
        shutil.copy(shot, REPO / "docs" / f"{name}.png")
