"""Fonts, fills and the safe way to put text into a cell, shared by both sheets."""

from __future__ import annotations

from typing import Any

FONT = "Times New Roman"
FORMULA_START = ("=", "+", "-", "@")
GREY = "F2F2F2"
HEADER_FILL = "DDEBF7"


def put_text(cell: Any, text: str, *, literal: bool = False) -> None:
    """Write text that Excel must never read as a formula ('=HYPERLINK(…)', '@SUM', '-2', '014')."""
    cell.value = text
    cell.data_type = "s"
    if literal or text.startswith(FORMULA_START):
        cell.quotePrefix = True


def put(cell: Any, value: object) -> None:
    """Numbers stay numbers; every text goes through `put_text`."""
    if isinstance(value, str):
        put_text(cell, value)
    else:
        cell.value = value


def font(size: int = 12, bold: bool = False, italic: bool = False, color: str | None = None) -> Any:
    from openpyxl.styles import Font

    return Font(name=FONT, size=size, bold=bold, italic=italic, color=color)


def fill(color: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill(fill_type="solid", start_color=color, end_color=color)


def border() -> Any:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="808080")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def wrap(horizontal: str = "left", vertical: str = "center") -> Any:
    from openpyxl.styles import Alignment

    return Alignment(horizontal=horizontal, vertical=vertical, wrap_text=True)
