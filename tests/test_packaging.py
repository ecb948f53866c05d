"""The package as users get it: every third-party module it imports is declared, and the
wheel and the sdist each install into a fresh virtual environment and score the samples."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "danvan_cli"

# import name → the distribution that provides it (PyPI names, normalised)
DISTRIBUTION = {
    "babel": "babel",
    "docx": "python-docx",
    "jinja2": "jinja2",
    "markupsafe": "markupsafe",
    "matplotlib": "matplotlib",
    "numpy": "numpy",
    "openpyxl": "openpyxl",
    "pandas": "pandas",
    "pydantic": "pydantic",
    "python_calamine": "python-calamine",
    "rich": "rich",
    "typer": "typer",
    "xlrd": "xlrd",
    "yaml": "pyyaml",
}


def normalise(name: str) -> str:
    """PEP 503: ``PyYAML`` and ``pyyaml``, ``python_docx`` and ``python-docx`` are one name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def third_party_imports() -> set[str]:
    """Top-level names of every absolute import in the package that is not the standard
    library or the package itself (imports inside functions included)."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return {name for name in found if name not in sys.stdlib_module_names and name != "danvan_cli"}


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = set()
    for requirement in project["dependencies"]:
        name = re.match(r"[A-Za-z0-9._-]+", requirement)
        assert name is not None, requirement
        names.add(normalise(name.group(0)))
    return names


def test_the_import_scan_sees_imports_inside_functions() -> None:
    # numpy is imported at the top of indicators/measures.py, python_calamine only inside
    # reading functions: both must be found
    assert {"numpy", "python_calamine", "yaml", "docx"} <= third_party_imports()


def test_every_imported_module_is_a_declared_dependency() -> None:
    imports = third_party_imports()
    unknown = imports - DISTRIBUTION.keys()
    assert not unknown, f"add the distribution of {sorted(unknown)} to DISTRIBUTION and to pyproject.toml"
    missing = {DISTRIBUTION[name] for name in imports} - declared()
    assert not missing, f"imported but not in [project] dependencies: {sorted(missing)}"


def test_the_import_to_distribution_table_matches_the_installed_packages() -> None:
    installed = importlib.metadata.packages_distributions()
    for module, distribution in DISTRIBUTION.items():
        if module in installed:
            assert distribution in {normalise(d) for d in installed[module]}, module


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=900)


def _scripts(venv: Path) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin")


@pytest.mark.packaging
def test_wheel_and_sdist_install_into_a_fresh_venv_and_score_the_samples(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = _run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)], cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")

    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    assert "danvan_cli/bundled/targets.yaml" in in_wheel
    assert any(name.startswith("danvan_cli/bundled/templates/") for name in in_wheel)
    source_mo = sorted(p.relative_to(ROOT).as_posix() for p in (PACKAGE / "locale").glob("*/LC_MESSAGES/*.mo"))
    assert set(source_mo) <= in_wheel, set(source_mo) - in_wheel
    if any("/en/" in name for name in source_mo):
        assert any(re.fullmatch(r"danvan_cli/locale/en/LC_MESSAGES/[^/]+\.mo", n) for n in in_wheel)

    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for required in ("LICENSE", "README.md", "pyproject.toml", "targets.yaml", "danvan_cli/cli/__init__.py",
                     "docs/README.md", "docs/schemas/scorecard.schema.json"):  # the README's links resolve
        assert required in in_sdist, required
    assert any(name.startswith("templates/") for name in in_sdist)
    if source_mo:
        assert set(source_mo) <= in_sdist, set(source_mo) - in_sdist
        assert any(name.startswith("danvan_cli/locale/en/") for name in in_sdist)

    samples = ROOT / "samples" / "ninh-binh" / "2023"
    work = tmp_path / "cwd"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "DANVAN_LANG")}
    for artifact in (wheel, sdist):
        venv = tmp_path / f"venv-{artifact.suffix.strip('.')}"
        made = _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
        assert made.returncode == 0, made.stderr
        python = _scripts(venv) / "python"
        installed = _run([str(python), "-m", "pip", "install", "--quiet", str(artifact)], cwd=tmp_path, env=env)
        assert installed.returncode == 0, f"{artifact.name}: {installed.stderr[-3000:]}"
        danvan = str(_scripts(venv) / "danvan")

        helped = _run([danvan, "--help"], cwd=work, env=env)
        assert helped.returncode == 0, helped.stderr
        assert "score" in helped.stdout and "validate" in helped.stdout

        scored = _run([danvan, "score", str(samples), "--format", "json"], cwd=work, env=env)
        assert scored.returncode == 0, f"{artifact.name}: {scored.stderr[-3000:]}"
        card = json.loads(scored.stdout)
        assert card["schema"] == "danvan.scorecard/1"
        assert card["year"] == 2023
        assert len(card["targets"]) == 36  # the programme's 36 targets (targets.yaml)
        assert card["targets"][0]["id"] == "T1.1"
        # the installed copy is the one that ran, not the source tree
        where = _run([str(python), "-c", "import danvan_cli; print(danvan_cli.__file__)"], cwd=work, env=env)
        assert str(venv) in where.stdout, where.stdout


def test_the_package_says_it_is_typed() -> None:
    """PEP 561: the marker file ships inside the package (the wheel takes every file of it),
    so a library user's mypy reads danvan's hints."""
    assert (PACKAGE / "py.typed").is_file()
