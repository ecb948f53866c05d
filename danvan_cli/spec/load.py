"""Load targets.yaml with ``yaml.safe_load`` and check it with pydantic.

A broken spec becomes a `SpecError` naming the target or field and its YAML line.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from danvan_cli.errors import SpecError
from danvan_cli.resources import default_targets
from danvan_cli.spec.models import Spec


def _line_index(text: str) -> dict[tuple[Any, ...], int]:
    """Map each path in the YAML document (keys and list indices) to its 1-based line."""
    index: dict[tuple[Any, ...], int] = {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return index

    def walk(node: yaml.Node, path: tuple[Any, ...]) -> None:
        index[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, (*path, key.value))
                index[(*path, key.value)] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    if root is not None:
        walk(root, ())
    return index


def _describe(loc: tuple[Any, ...], data: Any) -> str:
    """Turn a pydantic location into ``targets.T5.1.measure`` (IDs instead of indices)."""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int) and isinstance(node, list) and item < len(node):
            entry = node[item]
            ident = entry.get("id") if isinstance(entry, dict) else None
            parts.append(str(ident) if ident is not None else f"[{item}]")
            node = entry
        else:
            parts.append(str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return ".".join(parts)


def parse_spec(text: str, source: str = "targets.yaml") -> Spec:
    """Parse and validate spec text."""
    try:
        # safe_load's C implementation when PyYAML has it: same safe loader, ten times faster
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (dòng {mark.line + 1})" if mark else ""
        raise SpecError(f"{source}{where}: YAML không hợp lệ: {exc}") from exc
    if not isinstance(data, dict):
        raise SpecError(f"{source}: tệp đặc tả phải là một ánh xạ YAML (mapping)")
    try:
        return Spec.model_validate(data)
    except ValidationError as exc:
        lines = _line_index(text)
        messages = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            # the longest prefix of the location that exists in the YAML gives the line
            line = next((lines[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in lines), None)
            where = f" (dòng {line})" if line else ""
            messages.append(f"{_describe(loc, data)}{where}: {err['msg']}")
        raise SpecError(f"{source}: đặc tả không hợp lệ:\n  " + "\n  ".join(messages)) from exc


def load_spec(path: str | Path | None = None) -> Spec:
    """Load the spec from ``path``, or the bundled Ninh Bình programme."""
    return _load_cached(str(Path(path).resolve()) if path else str(default_targets()))


@lru_cache(maxsize=8)
def _load_cached(path: str) -> Spec:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"Không đọc được tệp đặc tả {path}: {exc}") from exc
    return parse_spec(text, Path(path).name)
