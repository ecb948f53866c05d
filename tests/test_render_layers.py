"""The renderers receive results and never reach back to the library's entry points.

`danvan_cli.render` turns results (`indicators`, `validation`) into Markdown, HTML, Excel and
Word; `api` and `cli` call it, never the other way round. Every import of every module of
render/ is read from its source (also those inside functions and under TYPE_CHECKING).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "danvan_cli"
RENDER = PACKAGE / "render"
MODULES = sorted(RENDER.glob("*.py"))

# what render may use of the package: the results and what they are made of, the words
ALLOWED = {
    "render", "indicators", "validation", "spec", "units", "issues", "i18n", "text", "tolerance",
    "errors",  # the named exceptions (a report-info file that cannot be read is a usage error)
    "resources",  # where the installed package keeps its templates
}
# modules of other layers render still uses, each for a reason (to move down when their owners can)
ALSO = {
    "danvan_cli.forms.style": "the cell styles and safe text cells the blank templates use too",
    "danvan_cli.forms.workbook": "reproducible .xlsx bytes (fixed dates and ZIP times), shared with the templates",
    "danvan_cli.forms.describe": "the names of the column types and levels, shared with the templates' guide sheet",
}


def package_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of a ``danvan_cli`` module in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "danvan_cli"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "danvan_cli":
                found += [(node.lineno, f"danvan_cli.{a.name}") for a in node.names]
            elif node.module.startswith("danvan_cli."):
                package = PACKAGE.joinpath(*node.module.split(".")[1:])
                if package.is_dir():  # from danvan_cli.forms import style: the module danvan_cli.forms.style
                    found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
                else:
                    found.append((node.lineno, node.module))
    return sorted(found)


def test_render_has_modules():
    assert len(MODULES) > 10 and RENDER / "docx.py" in MODULES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_render_never_imports_api_or_cli(path: Path):
    wrong = [(line, name) for line, name in package_imports(path)
             if name.split(".")[1] in ("api", "cli")]
    assert wrong == [], f"{path.name} imports {wrong}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_render_imports_only_results_and_words(path: Path):
    wrong = [(line, name) for line, name in package_imports(path)
             if name.split(".")[1] not in ALLOWED and name not in ALSO]
    assert wrong == [], f"{path.name} imports {wrong}"


def test_the_check_sees_every_kind_of_import(tmp_path: Path):
    """The parser finds imports at the top, inside functions and as ``from danvan_cli import api``."""
    source = tmp_path / "m.py"
    source.write_text("import danvan_cli.api\nfrom danvan_cli import api, render\nfrom danvan_cli.forms import style\n"
                      "def f():\n    from danvan_cli.cli.output import write\n"
                      "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from danvan_cli.api import Review\n",
                      encoding="utf-8")
    assert package_imports(source) == [(1, "danvan_cli.api"), (2, "danvan_cli.api"), (2, "danvan_cli.render"),
                                       (3, "danvan_cli.forms.style"), (5, "danvan_cli.cli.output"),
                                       (8, "danvan_cli.api")]


def test_library_users_keep_the_result_types_from_api():
    from danvan_cli import api
    from danvan_cli.indicators.reports import Review, Scorecard

    assert api.Scorecard is Scorecard and api.Review is Review
