"""The unit registry (units.csv): codes, names, levels and the hierarchy.

Lookup order (docs/contract.md §3): ``--units FILE``; else ``units.csv`` in the
year folder; else in its parent; else the bundled Ninh Bình registry.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from danvan_cli.errors import RegistryError
from danvan_cli.resources import default_units
from danvan_cli.text import fold, nfc

REQUIRED_COLUMNS = ("code", "name", "level", "parent_code")
REGISTRY_NAME = "units.csv"


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: str
    parent_code: str
    type: str = ""


@dataclass(frozen=True)
class Registry:
    """All units of a programme's territory, indexed (lazily) for the lookups validation needs."""

    units: dict[str, Unit]
    source: str
    level_order: tuple[str, ...]

    @property
    def root_level(self) -> str:
        return self.level_order[0]

    @property
    def district_level(self) -> str:
        """The level directly under the root (huyện): breakdowns are by this level."""
        return self.level_order[1] if len(self.level_order) > 1 else self.level_order[0]

    @cached_property
    def levels(self) -> dict[str, str]:
        """Code → level."""
        return {c: u.level for c, u in self.units.items()}

    @cached_property
    def names(self) -> dict[str, str]:
        """Code → name."""
        return {c: u.name for c, u in self.units.items()}

    @cached_property
    def _present_levels(self) -> set[str]:
        return set(self.levels.values())

    def has_level(self, level: str) -> bool:
        return level in self._present_levels

    @cached_property
    def _ordered(self) -> list[Unit]:
        """Higher levels first, then by code."""
        rank = {lv: i for i, lv in enumerate(self.level_order)}
        return sorted(self.units.values(), key=lambda u: (rank[u.level], len(u.code), u.code))

    @cached_property
    def _codes_cache(self) -> dict[tuple[str, ...], list[str]]:
        return {}

    def codes_at(self, levels: list[str]) -> list[str]:
        """Codes of the units at these levels, higher levels first, then by code."""
        key = tuple(levels)
        if key not in self._codes_cache:
            self._codes_cache[key] = [u.code for u in self._ordered if u.level in levels]
        return list(self._codes_cache[key])

    def ancestor_at(self, code: str, level: str) -> str | None:
        """The unit's ancestor (or itself) at ``level``; None above that level."""
        unit = self.units.get(code)
        seen = 0
        while unit is not None and seen < 16:
            if unit.level == level:
                return unit.code
            unit = self.units.get(unit.parent_code)
            seen += 1
        return None

    @cached_property
    def districts(self) -> dict[str, str]:
        """Code → its district-level ancestor (not for the root itself)."""
        found: dict[str, str] = {}
        district = self.district_level
        for code, unit in self.units.items():  # parents are resolved once each, top down
            if unit.level == district:
                found[code] = code
        pending = [c for c, u in self.units.items() if u.level not in (district, self.root_level)]
        for _ in range(len(self.level_order)):
            rest = []
            for code in pending:
                parent = self.units[code].parent_code
                if parent in found:
                    found[code] = found[parent]
                else:
                    rest.append(code)
            pending = rest
        return found

    @cached_property
    def _children_by_name(self) -> dict[tuple[str, str], str]:
        return {(u.parent_code, fold(u.name)): c for c, u in self.units.items() if u.parent_code}

    def child_by_name(self, parent_code: str, name: str) -> str | None:
        """A village named within its commune: (mã xã, tên thôn) → code."""
        return self._children_by_name.get((parent_code, fold(name)))

    def name(self, code: str) -> str:
        unit = self.units.get(code)
        return unit.name if unit else code

    def district_names(self) -> dict[str, str]:
        return {c: u.name for c, u in self.units.items() if u.level == self.district_level}


def _clean(values: list[str]) -> list[str]:
    """Stripped NFC text."""
    return [v.strip() if v.isascii() else nfc(v.strip()) for v in values]


def _code(value: str) -> str:
    """Excel turns the code 369 into 369.0; the code is text."""
    return value[:-2] if value.endswith(".0") and value[:-2].isdigit() else value


def parse_registry(text: str, source: str, level_order: tuple[str, ...]) -> Registry:
    """Parse units.csv text; every problem names the line."""
    import pandas as pd

    try:
        table = pd.read_csv(io.StringIO(text), dtype=object, keep_default_na=False, na_filter=False,
                            skip_blank_lines=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as exc:
        raise RegistryError(f"{source}: không đọc được danh mục đơn vị: {exc}") from exc
    table.columns = [str(c).strip().lower() for c in table.columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise RegistryError(f"{source}: thiếu cột {', '.join(missing)} (cần {','.join(REQUIRED_COLUMNS)})")
    column = {c: _clean(table[c].tolist()) if c in table.columns else [""] * len(table)
              for c in (*REQUIRED_COLUMNS, "type")}
    codes = [_code(c) for c in column["code"]]
    parents = [_code(c) for c in column["parent_code"]]
    units: dict[str, Unit] = {}
    errors: list[str] = []
    levels = set(level_order)
    for line, (code, name, level, parent, kind) in enumerate(
            zip(codes, column["name"], column["level"], parents, column["type"], strict=True), start=2):
        if not code:
            errors.append(f"dòng {line}: thiếu mã")
        elif level not in levels:
            errors.append(f"dòng {line}: cấp '{level}' không hợp lệ (cần một trong {', '.join(level_order)})")
        elif code in units:
            errors.append(f"dòng {line}: mã {code} bị lặp")
        else:
            units[code] = Unit(code, name, level, parent, kind)
    errors += [f"mã {u.code}: đơn vị cấp trên {u.parent_code} không có trong danh mục"
               for u in units.values() if u.parent_code and u.parent_code not in units]
    if errors:
        shown = "\n  ".join(errors[:20])
        more = f"\n  … và {len(errors) - 20} lỗi khác" if len(errors) > 20 else ""
        raise RegistryError(f"{source}: danh mục đơn vị không hợp lệ:\n  {shown}{more}")
    if not units:
        raise RegistryError(f"{source}: danh mục đơn vị trống")
    return Registry(units=units, source=source, level_order=level_order)


def load_registry(path: Path, level_order: tuple[str, ...]) -> Registry:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RegistryError(f"Không đọc được danh mục đơn vị {path}: {exc}") from exc
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RegistryError(f"Không đọc được danh mục đơn vị {path}: tệp không phải văn bản UTF-8 hay Windows-1258 "
                            "(hãy lưu lại từ Excel dạng “CSV UTF-8”)")
    source = f"{path.name} (đi kèm danvan)" if path == default_units() else str(path)
    return parse_registry(text, source, level_order)


def find_registry(units: Path | None, year_dir: Path | None) -> Path:
    """Apply the lookup order of docs/contract.md §3."""
    if units is not None:
        if not units.is_file():
            raise RegistryError(f"Không tìm thấy danh mục đơn vị: {units}")
        return units
    if year_dir is not None:
        for folder in (year_dir, year_dir.parent):
            candidate = folder / REGISTRY_NAME
            if candidate.is_file():
                return candidate
    return default_units()
