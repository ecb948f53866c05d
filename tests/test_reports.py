"""Reports: golden files for the samples, byte-identical reruns, hostile input escaped.

Regenerate the golden files after an intended change with:
    DANVAN_UPDATE_GOLDEN=1 python -m pytest tests/test_reports.py
and review the diff.
"""

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from danvan_cli.cli import app

REPO = Path(__file__).parents[1]
GOLDEN = REPO / "tests" / "golden"
runner = CliRunner()

CASES = {
    "scorecard-2023.md": ["score", "samples/ninh-binh/2023", "--format", "md"],
    "scorecard-2023.html": ["score", "samples/ninh-binh/2023", "--format", "html"],
    "scorecard-2023-en.md": ["score", "samples/ninh-binh/2023", "--format", "md", "--lang", "en"],
    "summary-2021-2023.md": ["summary", "samples/ninh-binh", "--from", "2021", "--to", "2023", "--format", "md"],
    "summary-2021-2023.html": ["summary", "samples/ninh-binh", "--from", "2021", "--to", "2023", "--format", "html"],
    "summary-2021-2025.md": ["summary", "samples/ninh-binh", "--format", "md"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name, monkeypatch):
    monkeypatch.chdir(REPO)
    result = runner.invoke(app, CASES[name])
    assert result.exit_code == 0, result.output
    path = GOLDEN / name
    if os.environ.get("DANVAN_UPDATE_GOLDEN"):
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")


def test_two_runs_give_identical_bytes(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    outputs = []
    for n in (1, 2):
        target = tmp_path / f"run{n}.html"
        assert runner.invoke(app, ["score", "samples/ninh-binh/2023", "-o", str(target)]).exit_code == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '=HYPERLINK("http://evil.example","x")',
]


@pytest.fixture
def hostile_year(tmp_path: Path) -> Path:
    (tmp_path / "units.csv").write_text(
        "code,name,level,parent_code,type\n37,Tỉnh Ninh Bình,tinh,,Tỉnh\n369,<b>Thành phố</b> Ninh Bình,huyen,37,Thành phố\n"
        "14320,Phường Đông Thành,xa,369,Phường\n", encoding="utf-8")
    year = tmp_path / "2023"
    year.mkdir()
    rows = ["ma_don_vi,ten_don_vi,xep_loai", f'37,"{HOSTILE[2]}",tot', f'369,"{HOSTILE[1]}",tot', f"14320,Đông Thành,{HOSTILE[0]}"]
    (year / "qcdc.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return year


def test_hostile_text_is_escaped_in_html(hostile_year: Path):
    result = runner.invoke(app, ["score", str(hostile_year), "--format", "html"])
    assert result.exit_code == 0, result.output
    html = result.stdout
    assert "<script" not in html and "<img" not in html and "<b>Thành phố" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    assert "&lt;b&gt;Thành phố&lt;/b&gt; Ninh Bình" in html
    assert "http://" not in html.replace("http://evil.example", "") and "https://" not in html
    assert 'src="http' not in html and "<link" not in html


def test_hostile_text_is_inert_in_markdown(hostile_year: Path):
    result = runner.invoke(app, ["score", str(hostile_year), "--format", "md"])
    assert result.exit_code == 0
    # every "<" from the input is backslash-escaped: Markdown shows it as text
    assert not re.search(r"(?<!\\)<(script|img|b>)", result.stdout)
    assert r"\<script\>" in result.stdout
