"""The HTML reports printed to PDF by headless Chromium: page numbers and a running title from
the @page margin boxes, a bounded page count, and no page that holds only a heading or ends on
one (a heading orphaned at the page foot).

Also the terminal: the scorecard's figures are never cut at 80 or 100 columns, and JSON
messages are never shortened.

Neither pdftotext nor pypdf is needed: Chromium's (Skia's) PDF is read by the minimal parser
below (page tree, Flate content streams, ToUnicode maps). Skipped without Chromium.
"""

import html
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from danvan_cli.cli import app

REPO = Path(__file__).parents[1]
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--no-pdf-header-footer",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# command, running title, most pages (before issue 12: 14 and 13 pages, with half-empty ones)
REPORTS = {
    "scorecard": (["score", "samples/ninh-binh/2023", "--format", "html"],
                  "Kết quả thực hiện các chỉ tiêu năm 2023", 11),  # 10 pages with Chromium 156
    "summary": (["summary", "samples/ninh-binh", "--from", "2021", "--to", "2023", "--format", "html"],
                "Sơ kết 3 năm thực hiện Đề án (2021-2023)", 18),  # 16, with the per-district series
}


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj\s*(.*?)endobj", data, re.S)}


def _stream(body: bytes) -> bytes:
    raw = re.search(rb"stream\r?\n(.*)endstream", body, re.S).group(1)
    return zlib.decompress(raw) if b"/FlateDecode" in body else raw


def _cmap(text: bytes) -> dict[int, str]:
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for a, b, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            for i, code in enumerate(range(int(a, 16), int(b, 16) + 1)):
                table[code] = chr(int(dst, 16) + i)
    return table


def pdf_pages(path: Path) -> list[list[str]]:
    """Per page, its text blocks (one per BT…ET) in drawing order."""
    data = path.read_bytes()
    objs = _objects(data)

    def ref(body: bytes, key: bytes) -> int:
        return int(re.search(key + rb"\s+(\d+) 0 R", body).group(1))

    def leaves(node: bytes) -> list[bytes]:
        kids = re.search(rb"/Kids\s*\[(.*?)\]", node, re.S)
        if not kids:
            return [node]
        return [leaf for n in re.findall(rb"(\d+) 0 R", kids.group(1)) for leaf in leaves(objs[int(n)])]

    root = objs[ref(objs[ref(data.split(b"trailer")[-1], rb"/Root")], rb"/Pages")]
    pages = []
    for page in leaves(root):
        fonts: dict[bytes, dict[int, str]] = {}
        found = re.search(rb"/Font\s*<<(.*?)>>", page, re.S)
        for name, num in re.findall(rb"/(\w+)\s+(\d+) 0 R", found.group(1) if found else b""):
            unicode = re.search(rb"/ToUnicode\s+(\d+) 0 R", objs[int(num)])
            fonts[name] = _cmap(_stream(objs[int(unicode.group(1))])) if unicode else {}
        blocks, current, cmap = [], [], {}
        for tok in re.finditer(rb"/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>|\bET\b", _stream(objs[ref(page, rb"/Contents")])):
            if tok.group(1):
                cmap = fonts.get(tok.group(1), {})
            elif tok.group(2) is not None:
                h = tok.group(2)
                current.append("".join(cmap.get(int(h[i:i + 4], 16), "") for i in range(0, len(h), 4)))
            else:
                text = " ".join("".join(current).split())
                if text:
                    blocks.append(text)
                current = []
        pages.append(blocks)
    return pages


def _print(name: str, tmp_path: Path, monkeypatch) -> tuple[str, list[list[str]]]:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(app, REPORTS[name][0])
    assert result.exit_code == 0, result.output
    page = tmp_path / f"{name}.html"
    page.write_text(result.stdout, encoding="utf-8")
    pdf = tmp_path / f"{name}.pdf"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=120)
    assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-"
    return result.stdout, pdf_pages(pdf)


def _headings(page_html: str) -> set[str]:
    found = re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", page_html, re.S)
    return {"".join(html.unescape(re.sub(r"<[^>]+>", " ", h)).split()) for h in found}


@needs_chromium
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_printed_pages(name, tmp_path, monkeypatch):
    page_html, pages = _print(name, tmp_path, monkeypatch)
    _, title, most = REPORTS[name]
    n = len(pages)
    assert 2 <= n <= most, f"{name}: {n} pages"
    headings = _headings(page_html)
    for number, blocks in enumerate(pages, start=1):
        # the margin boxes: "n / N" on every page, the running title from page 2
        folio = [str(number), "/", str(n)]
        at = next((i for i in range(len(blocks)) if blocks[i:i + 3] == folio), None)
        assert at is not None or f"{number} / {n}" in blocks, f"{name} page {number}: no page number"
        blocks = blocks[:at] + blocks[at + 3:] if at is not None else [b for b in blocks if b != f"{number} / {n}"]
        # compared without spaces: Chromium places some words by position, not by a space glyph
        text = "".join("".join(blocks).split())
        # Chromium draws the margin boxes first: the running title opens the page's text
        bare_title = "".join(title.split())
        if number > 1:  # page 1 opens with the h1 instead
            assert text.startswith(bare_title), f"{name} page {number}: no running title"
            text = text[len(bare_title):]
        assert text, f"{name} page {number} is empty"
        assert text not in headings, f"{name} page {number} holds only the heading {text!r}"
        # a heading is never the last thing on a page (orphaned at its foot)
        if number < n:
            tail = text[-200:]
            assert not any(tail.endswith(h) for h in headings if len(h) > 6), \
                f"{name} page {number} ends on a heading: {tail!r}"


def _json(args: list[str], monkeypatch) -> dict:
    import json

    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("width", [80, 100])
def test_terminal_never_cuts_a_figure(width, monkeypatch):
    import io

    from rich.console import Console

    from danvan_cli import api
    from danvan_cli.render.markdown import print_scorecard
    from danvan_cli.render.numbers import measured, number, percent

    data = _json(["score", "samples/ninh-binh/2023", "--format", "json"], monkeypatch)
    console = Console(width=width, file=io.StringIO(), color_system=None, highlight=False)
    print_scorecard(api.score([Path("samples/ninh-binh/2023")]), "vi", console)
    out = console.file.getvalue()
    assert max(len(line) for line in out.splitlines()) <= width
    words = set(out.replace("│", " ").replace("·", " ").split())
    figures = []
    for t in data["targets"]:
        if t["value"] is not None:
            figures.append(measured(t["value"], t["unit"], "vi").split()[0])
            figures.append(percent(t["achievement"]) if t["achievement"] is not None else "—")
        if t["denominator"] is not None and t["value"] is not None and t["previous"] is None:
            figures.append(f"{number(t['numerator'], 'vi', 0)}/{number(t['denominator'], 'vi', 0)}")
        figures += [measured(d["value"], t["unit"], "vi").split()[0] for d in t["breakdown"] if d["value"] is not None]
    for c in data["completeness"]:
        figures += [number(c[k], "vi", 0) for k in ("expected", "received") if c.get(k) is not None]
    figures += [number(data["data_quality"][k], "vi", 0) for k in ("rows_read", "rows_accepted", "rows_skipped")]
    cut = sorted({f for f in figures if f not in words})
    assert not cut, f"at {width} columns these figures are not shown whole: {cut[:10]}"
    assert "3.893" in words  # the thousands separator of Vietnamese counts


def test_json_messages_are_never_shortened(monkeypatch, tmp_path):
    from danvan_cli.issues import MAX_SHOWN, Issue

    long = "x" * (MAX_SHOWN + 75)
    issue = Issue("cell-type", "a.xlsx", "Biểu 01", 3, "so", "C3", {"value": long, "expected": "số"})
    assert long in issue.to_json()["message"] and "ký tự)" not in issue.to_json()["message"]
    assert "ký tự)" in issue.message(shorten=True) and long not in issue.message(shorten=True)
    for args in (["score", "samples/ninh-binh/2023", "--format", "json"], ["validate", "samples/ninh-binh/2023", "--format", "json"]):
        data = _json(args, monkeypatch)
        assert all("ký tự)" not in i["message"] for i in data["issues"])
