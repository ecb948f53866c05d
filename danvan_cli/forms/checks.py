"""Excel data validation for a template's columns: dropdowns, whole numbers, percentages, years."""

from __future__ import annotations

from typing import TYPE_CHECKING

from danvan_cli.forms.describe import TYPE_NAMES, allowed, bounds, choice_labels, prompt
from danvan_cli.spec.models import Column, Spec

if TYPE_CHECKING:
    from openpyxl.worksheet.datavalidation import DataValidation

LIST_LIMIT = 255  # Excel refuses a literal list longer than this


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def literal_list(labels: list[str]) -> str | None:
    """``"A,B,C"`` for a dropdown, or None when Excel cannot hold the list literally."""
    if any("," in label or '"' in label for label in labels):
        return None
    text = '"' + ",".join(labels) + '"'
    return text if len(text) <= LIST_LIMIT else None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def rule_for(spec: Spec, column: Column, year: int, list_range: str | None = None) -> DataValidation | None:
    """The validation of one column; ``list_range`` holds the choices when they are too long to inline."""
    from openpyxl.worksheet.datavalidation import DataValidation

    kind = {"integer": "whole", "year": "whole", "number": "decimal", "percent": "decimal"}.get(column.type)
    if column.type in ("choice", "boolean"):
        formula = literal_list(choice_labels(column)) or list_range
        if formula is None:
            return None
        check = DataValidation(type="list", formula1=formula, allow_blank=True)
    elif kind is not None:
        low, high = bounds(column, year)
        if low is not None and high is not None:
            check = DataValidation(type=kind, operator="between", formula1=_number(low), formula2=_number(high))
        elif low is not None:
            check = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=_number(low))
        elif high is not None:
            check = DataValidation(type=kind, operator="lessThanOrEqual", formula1=_number(high))
        else:
            check = DataValidation(type=kind, operator="between", formula1="-1E+15", formula2="1E+15")
        check.allow_blank = True
    else:
        check = DataValidation(allow_blank=True)  # any value: only the input message
    check.showErrorMessage = check.type is not None
    check.errorStyle = "stop"
    check.errorTitle = _clip(column.label, 32)
    check.error = _clip(f"Giá trị không hợp lệ. Cần: {TYPE_NAMES[column.type]}"
                        + (f", {allowed(column, year)}" if allowed(column, year) else "") + ".", 255)
    check.showInputMessage = True
    check.promptTitle = _clip(column.label, 32)
    check.prompt = _clip(prompt(spec, column, year), 255)
    return check
