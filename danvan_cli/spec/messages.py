"""How a loader lists what is wrong with a file it refuses (the spec, a unit registry, a
crosswalk): a heading, then one problem a line, each shown in the language asked for."""

from __future__ import annotations

from collections.abc import Sequence

from danvan_cli.issues import Localized, Text, joined

INDENT = "\n  "


def listed(heading: Localized, problems: Sequence[Localized | str], limit: int | None = None,
           count_rest: bool = True) -> Localized:
    """'units.csv: danh mục đơn vị không hợp lệ:\\n  dòng 3: thiếu mã\\n  …'; past ``limit`` problems,
    '… và 5 lỗi khác' (unless not ``count_rest``)."""
    shown: list[Localized | str] = [heading, *problems[:limit]]
    if limit is not None and len(problems) > limit and count_rest:
        shown.append(Text.ngettext("… và {n} lỗi khác", "… và {n} lỗi khác", len(problems) - limit))
    return joined(shown, INDENT)
