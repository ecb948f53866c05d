"""Units: the registry of one vintage or one reporting year (`registry`), and units across
the 2025 reorganisation: vintages, crosswalk, comparison areas (`history`)."""

from danvan_cli.units.history import Area, Crosswalk, Link, UnitHistory, load_history, parse_crosswalk
from danvan_cli.units.registry import (
    REGISTRY_NAME,
    Registry,
    Unit,
    Vintage,
    find_registries,
    find_registry,
    key_codes,
    load_registry,
    load_vintages,
    parse_registry,
    parse_vintages,
)

__all__ = ["REGISTRY_NAME", "Area", "Crosswalk", "Link", "Registry", "Unit", "UnitHistory", "Vintage",
           "find_registries", "find_registry", "key_codes", "load_history", "load_registry", "load_vintages",
           "parse_crosswalk", "parse_registry", "parse_vintages"]
