"""How validation names a form and a column in a message, in the language it is shown in."""

from __future__ import annotations

from functools import partial

from danvan_cli.i18n import N_, data_text
from danvan_cli.issues import Localized, PerLang, Text
from danvan_cli.spec.models import Column, Form


def form_name(form: Form) -> Text:
    """'Biểu 09' / 'Form 09'."""
    return Text(N_("Biểu {number}"), number=form.number)


def form_name_id(form: Form) -> Text:
    """'Biểu 09 (cap_uy)' / 'Form 09 (cap_uy)'."""
    return Text(N_("Biểu {number} ({id})"), number=form.number, id=form.id)


def column_label(column: Column) -> Localized:
    """The column's label: its English label (``label_en``) in English where the spec gives one."""
    return PerLang(partial(_label, column))


def _label(column: Column, lang: str) -> str:
    return data_text(lang, column.label, column.label_en)
