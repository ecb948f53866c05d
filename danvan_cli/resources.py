"""Where the bundled spec, templates and registry are found.

In an installed wheel they sit in ``danvan_cli/bundled``; in a source checkout the
spec and templates are the top-level ``targets.yaml`` and ``templates/``.
"""

from __future__ import annotations

from pathlib import Path

_BUNDLED = Path(__file__).parent / "bundled"
_REPO = Path(__file__).parent.parent


def _first(*candidates: Path) -> Path:
    for path in candidates:
        if path.exists():
            return path
    return candidates[0]


def default_targets() -> Path:
    """The programme spec shipped with danvan."""
    return _first(_BUNDLED / "targets.yaml", _REPO / "targets.yaml")


def templates_dir() -> Path:
    """The jinja2 report templates."""
    return _first(_BUNDLED / "templates", _REPO / "templates")


def default_units() -> Path:
    """The real Ninh Bình registry, 2020-2024 (province, districts, communes)."""
    return _BUNDLED / "ninh-binh-units-2020-2024.csv"


def bundled_units() -> list[Path]:
    """The real Ninh Bình registries, one file per vintage: 2020-2024, from 1/1/2025 (Hoa Lư
    city), from 1/7/2025 (two-level government: the 39 units of the old territory)."""
    return [_BUNDLED / f"ninh-binh-units-{v}.csv" for v in ("2020-2024", "2025-01", "2025-07")]


def bundled_crosswalk() -> Path:
    """Old unit → new unit at each change of the bundled registries."""
    return _BUNDLED / "ninh-binh-crosswalk.csv"
