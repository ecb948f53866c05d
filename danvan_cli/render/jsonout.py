"""JSON for people and programs: top-level keys on their own lines, each element of a
list on one line. Python's C encoder does the work (``indent`` would switch to its
pure-Python encoder, slow on a national scorecard of several megabytes)."""

from __future__ import annotations

import json
from typing import Any


def _one(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def dumps(document: dict[str, Any]) -> str:
    """``{"schema": …,\\n "targets": [\\n  {…},\\n  {…}\\n ]}`` ending in a newline."""
    parts = []
    for key, value in document.items():
        if isinstance(value, list) and value:
            items = ",\n    ".join(_one(v) for v in value)
            parts.append(f"  {_one(key)}: [\n    {items}\n  ]")
        else:
            parts.append(f"  {_one(key)}: {_one(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"
