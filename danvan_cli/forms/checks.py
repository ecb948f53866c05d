"""Excel data validation for a template's columns: dropdowns, whole numbers, percentages, years."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from danvan_cli.forms.describe import allowed, bounds, choice_labels, label, prompt, type_name
from danvan_cli.i18n import translator
from danvan_cli.spec.models import Column, Spec

if TYPE_CHECKING:
    from openpyxl.worksheet.datavalidation import DataValidation

LIST_LIMIT = 255  # Excel refuses a literal list longer than this
NumberCheck = Literal["whole", "decimal"]
NUMBER_CHECKS: dict[str, NumberCheck] = {"integer": "whole", "year": "whole", "number": "decimal", "percent": "decimal"}


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


def rule_for(spec: Spec, column: Column, year: int, list_range: str | None = None,
             lang: str = "vi") -> DataValidation | None:
    """The validation of one column; ``list_range`` holds the choices when they are too long to inline."""
    from openpyxl.worksheet.datavalidation import DataValidation

    _ = translator(lang).gettext

    kind = NUMBER_CHECKS.get(column.type)
    if column.type in ("choice", "boolean"):
        formula = literal_list(choice_labels(column, lang)) or list_range
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
    check.errorTitle = _clip(label(column, lang), 32)
    values = allowed(column, year, lang)
    wanted = f"{type_name(column, lang)}, {values}" if values else type_name(column, lang)
    check.error = _clip(_("Giá trị không hợp lệ. Cần: {wanted}.").format(wanted=wanted), 255)
    check.showInputMessage = True
    check.promptTitle = _clip(label(column, lang), 32)
    check.prompt = _clip(prompt(spec, column, year, lang), 255)
    return check
