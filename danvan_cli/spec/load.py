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
from danvan_cli.i18n import N_
from danvan_cli.issues import Localized, Text
from danvan_cli.resources import default_targets
from danvan_cli.spec.checks import SpecProblems
from danvan_cli.spec.messages import listed
from danvan_cli.spec.models import Spec

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when PyYAML has it: ten times faster
INVALID = N_("{source}: đặc tả không hợp lệ:")


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None


def _line_index(root: yaml.Node | None) -> dict[tuple[Any, ...], int]:
    """Map each path in the YAML document (keys and list indices) to its 1-based line."""
    index: dict[tuple[Any, ...], int] = {}

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


def _repeated_keys(root: yaml.Node | None) -> list[tuple[str, int]]:
    """Keys written twice in one mapping (YAML keeps the last one silently): (key, line)."""
    found: list[tuple[str, int]] = []
    seen_nodes: set[int] = set()

    def walk(node: yaml.Node) -> None:
        if id(node) in seen_nodes:  # an alias: its anchor was checked where it is written
            return
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[Any] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                    if key.value in keys:
                        found.append((str(key.value), key.start_mark.line + 1))
                    keys.add(key.value)
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)

    if root is not None:
        walk(root)
    return found


def _describe(loc: tuple[Any, ...], data: Any) -> str:
    """Turn a location into ``targets.T5.1.measure.condition[0].value`` (IDs instead of indices)."""
    text = ""
    node = data
    for item in loc:
        if isinstance(item, int) and isinstance(node, list) and item < len(node):
            entry = node[item]
            ident = entry.get("id") if isinstance(entry, dict) else None
            text += f".{ident}" if ident is not None else f"[{item}]"
            node = entry
        else:
            text += f".{item}"
            node = node.get(item) if isinstance(node, dict) else None
    return text.lstrip(".")


def _line_of(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int | None:
    """The line of the longest prefix of the location that exists in the YAML."""
    return next((lines[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in lines), None)


def _located(found: list[tuple[tuple[Any, ...], str]], data: Any,
             lines: dict[tuple[Any, ...], int]) -> list[Localized]:
    """``targets.T2.1.threshold (dòng 484): …`` for each mistake; a mistake in a block that other
    forms reuse through a YAML anchor (``*nam``) is reported once, at the line where it is written."""
    messages: list[tuple[str | Text, int | None, str]] = []  # (where, line, message)
    first: dict[tuple[int, str], tuple[int, tuple[Any, ...]]] = {}  # (line, message) → (position, owner)
    others: dict[int, int] = {}
    for loc, message in found:
        line = _line_of(loc, lines)
        if line is not None and (line, message) in first:
            position, owner = first[(line, message)]
            if owner != loc[:2]:  # the same written block, seen from another form
                others[position] = others.get(position, 0) + 1
                continue
        if line is not None:
            first.setdefault((line, message), (len(messages), loc[:2]))
        messages.append((_describe(loc, data) or Text(N_("đặc tả")), line, message))
    located: list[Localized] = []
    for position, (where, line, message) in enumerate(messages):
        text = (Text(N_("{where} (dòng {line}): {message}"), where=where, line=line, message=message) if line
                else Text(N_("{where}: {message}"), where=where, message=message))
        if position in others:
            text = Text.ngettext("{message} (cùng khai báo dùng lại ở {n} chỗ khác)",
                                 "{message} (cùng khai báo dùng lại ở {n} chỗ khác)", others[position], message=text)
        located.append(text)
    return located


def parse_spec(text: str, source: str = "targets.yaml") -> Spec:
    """Parse and validate spec text."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark:
            raise SpecError(Text(N_("{source} (dòng {line}): YAML không hợp lệ: {reason}"), source=source,
                                 line=mark.line + 1, reason=str(exc))) from exc
        raise SpecError(Text(N_("{source}: YAML không hợp lệ: {reason}"), source=source, reason=str(exc))) from exc
    if not isinstance(data, dict):
        raise SpecError(Text(N_("{source}: tệp đặc tả phải là một ánh xạ YAML (mapping)"), source=source))
    root = _compose(text)
    repeated = _repeated_keys(root)
    if repeated:
        messages = [Text(N_("dòng {line}: khóa “{key}” viết hai lần trong cùng một mục (YAML chỉ giữ lần cuối)"),
                         line=line, key=key) for key, line in repeated]
        raise SpecError(listed(Text(INVALID, source=source), messages))
    try:
        return Spec.model_validate(data)
    except ValidationError as exc:
        lines = _line_index(root)
        found: list[tuple[tuple[Any, ...], str]] = []
        for err in exc.errors():
            cause = (err.get("ctx") or {}).get("error")
            if isinstance(cause, SpecProblems):
                found += cause.problems
            else:
                found.append((tuple(err["loc"]), err["msg"]))
        raise SpecError(listed(Text(INVALID, source=source), _located(found, data, lines))) from exc


def load_spec(path: str | Path | None = None) -> Spec:
    """Load the spec from ``path``, or the bundled Ninh Bình programme.

    The file is read every time; only parsing is cached, keyed by the text itself, so a
    spec edited between two calls in one process is read afresh.
    """
    file = Path(path).resolve() if path else default_targets()
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(Text(N_("Không đọc được tệp đặc tả {path}: {reason}"), path=str(file), reason=str(exc))) from exc
    return _parse_cached(text, file.name)


@lru_cache(maxsize=8)
def _parse_cached(text: str, source: str) -> Spec:
    """`parse_spec`, once per text: a pure function of immutable inputs (the Spec is frozen)."""
    return parse_spec(text, source)
