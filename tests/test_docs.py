"""The documents in docs/: the generated ones are current (tools/gen_docs.py), and no link
of README.md or docs/ points to a document that is not in the repository."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _gen_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "tools" / "gen_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen_docs = _gen_docs()


@pytest.mark.parametrize("name", sorted(gen_docs.documents()))
def test_generated_document_is_current(name: str) -> None:
    path = gen_docs.path_of(name)
    report = gen_docs.stale(name, gen_docs.documents()[name](), path)
    assert not report, "\n".join(report)


def test_check_mode_exits_0_when_current() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_docs.py"), "--check", "--only", "issue-codes"],
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert (done.returncode, done.stderr) == (0, "")


def test_stale_names_the_document_and_the_lines(tmp_path: Path) -> None:
    path = tmp_path / "forms.md"
    path.write_text("# A\nold line\n", encoding="utf-8")
    report = gen_docs.stale("forms", "# A\nnew line\n", path)
    assert "2 lines differ" in report[0] and "--only forms" in report[0]
    assert "-old line" in report and "+new line" in report
    assert gen_docs.stale("forms", "# A\nold line\n", path) == []
    assert gen_docs.stale("forms", "x\n", tmp_path / "absent.md")  # a missing document is stale


def test_forms_document_covers_every_form_and_column() -> None:
    from danvan_cli.spec.load import load_spec

    spec = load_spec(ROOT / "targets.yaml")
    text = (DOCS / "forms.md").read_text(encoding="utf-8")
    assert len(spec.forms) == 12
    for form in spec.forms.values():
        assert f"## Biểu {form.number} — " in text
        for column in form.columns:
            assert f"| `{column.name}` |" in text and f"- **`{column.name}`** — " in text
    # one row worked out by hand from targets.yaml (Biểu 01)
    # (the English label, when the spec has one, in italics after the Vietnamese)
    assert re.search(r"^\| `so_cap_uy_vien_du_hop_hang_thang` \| Số cấp ủy viên dự họp chi bộ/chi đoàn/chi hội hằng tháng"
                     r"(<br>\*[^|*]+\*)? \| số nguyên / integer \| ở cấp Huyện, Xã / at District, Commune level \| ≥ 0 \|$",
                     text, re.M)
    assert "- `so_cap_uy_vien_guong_mau` ≤ `tong_so_cap_uy_vien`" in text


def test_issue_codes_document_lists_every_code() -> None:
    from danvan_cli.issues import CATALOGUE

    text = (DOCS / "issue-codes.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z-]+)` \| ", text, re.M)
    assert rows == list(CATALOGUE)
    assert "| `file-unreadable` | lỗi / error | " in text


def test_cli_document_has_every_command_in_both_languages() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for command in ("", " validate", " score", " summary", " targets", " template", " units"):
        for lang in ("vi", "en"):
            assert f"### `danvan{command} --help` ({lang})" in text


# ------------------------------------------------------------------------------ links

LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
ANCHOR = re.compile(r'<a id="([^"]+)"></a>')


def _documents() -> list[Path]:
    return [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


def _slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    found = set(ANCHOR.findall(text))
    found.update(_slug(h) for h in re.findall(r"^#{1,6} (.+)$", text, re.M))
    return found


def _links(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # code blocks hold examples, not links
    return LINK.findall(text)


@pytest.mark.parametrize("document", _documents(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(document: Path) -> None:
    broken = []
    for target in _links(document):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
            continue
        file_part, _, fragment = target.partition("#")
        resolved = (document.parent / file_part).resolve() if file_part else document
        if not resolved.exists():
            broken.append(target)
        elif fragment and resolved.suffix == ".md" and fragment not in _anchors(resolved):
            broken.append(target)
    assert not broken, f"{document.name}: {broken}"


def test_link_check_sees_links_images_and_anchors(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text('# Title here\n[a](other.md) ![b](img.png) [c](#title-here) [d](https://x.org)\n'
                    '```\n[not a link](nowhere.md)\n```\n', encoding="utf-8")
    assert _links(page) == ["other.md", "img.png", "#title-here", "https://x.org"]
    assert "title-here" in _anchors(page)


def test_readme_links_the_docs_index_and_each_document() -> None:
    readme = set(_links(ROOT / "README.md"))
    index = set(_links(DOCS / "README.md"))
    assert "docs/README.md" in readme
    for name in ("contract.md", "forms.md", "issue-codes.md", "cli.md", "performance.md"):
        assert f"docs/{name}" in readme, name
        assert name in index, name
    for schema in sorted((DOCS / "schemas").glob("*.schema.json")):
        assert f"docs/schemas/{schema.name}" in readme and f"schemas/{schema.name}" in index, schema.name


def test_no_file_names_a_document_the_repository_lacks() -> None:
    """``docs/<name>`` anywhere in the tracked files exists, and every document a tracked
    file names by a capital name (``README.md``…) is one of the repository's own
    (docs/README.md: the repository is self-contained)."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    if not files:
        pytest.skip("not a git checkout")
    documents = {Path(name).name for name in files if name.endswith(".md")}
    missing, unknown = [], []
    for name in files:
        path = ROOT / name
        if path.suffix in (".png", ".xlsx", ".xls", ".ods", ".docx", ".mo", ".pdf") or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for mention in re.findall(r"(?<![\w/.])docs/[\w./-]*\w", text):
            if not (ROOT / mention).exists():
                missing.append(f"{name}: {mention}")
        # a document by its conventional capital name (links are checked above; `-o loi.md` is an output)
        for document in re.findall(r"\b[A-Z][A-Z_-]+\.md\b", text):
            if document not in documents:
                unknown.append(f"{name}: {document}")
    assert not missing
    assert not unknown
