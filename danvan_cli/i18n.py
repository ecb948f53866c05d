"""Translations through gettext catalogs (``danvan_cli/locale``).

Vietnamese is the source language: every text a user reads is written in Vietnamese in
the code and marked for extraction, and the catalogs translate it::

    from danvan_cli.i18n import N_, translator

    _ = translator(lang).gettext
    _("Kết quả thực hiện các chỉ tiêu năm {year}").format(year=2023)
    translator(lang).ngettext("{n} đơn vị", "{n} đơn vị", n).format(n=n)
    HEADINGS = {"value": N_("Giá trị")}   # a table of texts: marked here, translated where shown

``locale/en/LC_MESSAGES/<part>.po`` holds the English of each part of the code (one
catalog per layer: validation, render, forms, cli, units…, and per module at the top: issues, api…); ``locale/vi`` holds
the same message ids, where an empty translation keeps the text as written and a filled
one corrects a wording without touching the code. ``locale/vi/LC_MESSAGES/click.po``
translates the command-line parser's own messages ("Missing argument", "No such
command") into Vietnamese. ``tools/i18n.py`` extracts, checks and compiles; the compiled
``.mo`` files are checked in (stdlib ``gettext`` reads them in milliseconds, without
babel) and ``tests/test_i18n.py`` fails when one is older than its ``.po``.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Literal

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
CLICK_DOMAIN = "click"  # the parser's own messages, a catalog apart (its message ids are English)


def N_(message: str) -> str:
    """Mark a text for the catalogs where it is defined; translate it where it is shown."""
    return message


def as_lang(lang: str) -> Lang:
    """``"en"`` for English, anything else the source language (Vietnamese)."""
    return "en" if lang == "en" else "vi"


@cache
def translator(lang: str) -> gettext.NullTranslations:
    """The translations of one language: every catalog of ``locale/<lang>`` chained.

    Cached per language: the catalogs are files of the installed package, not inputs.
    """
    chain = gettext.NullTranslations()
    folder = LOCALE_DIR / as_lang(lang) / "LC_MESSAGES"
    for mo in sorted(folder.glob("*.mo")):
        if mo.stem == CLICK_DOMAIN:
            continue
        with mo.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)
        catalog.add_fallback(chain)
        chain = catalog
    return chain


def gettext_for(lang: str) -> Callable[[str], str]:
    """``_ = gettext_for(lang)``: the one-argument form most modules need."""
    return translator(lang).gettext


def use_for_parser(lang: str) -> None:
    """Make the command-line parser (click, inside typer) speak ``lang``.

    click marks its messages with the standard library's ``gettext.gettext``, which reads
    the process-wide text domain and the ``LANGUAGE`` environment variable. This is the
    process's own entry point deciding its language, so it sets both, once, before parsing.
    """
    gettext.bindtextdomain(CLICK_DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(CLICK_DOMAIN)
    os.environ["LANGUAGE"] = as_lang(lang)


def lang_from_argv(argv: list[str], default: str | None = None) -> Lang:
    """The language asked for on the command line (``--lang en``, ``--lang=en``), else
    ``DANVAN_LANG``, else Vietnamese — known before the parser runs, so that its own
    messages and the help follow it."""
    chosen: str | None = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            chosen = argv[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    chosen = chosen or default or os.environ.get("DANVAN_LANG") or "vi"
    return as_lang(chosen.lower())


def data_text(lang: str, text: str, text_en: str) -> str:
    """A text that is data of the spec, in `lang`: its English twin (``label_en``,
    ``name_en``…) in English when it has one, else the text as written. The catalogs
    translate the code's texts; the spec carries its own."""
    return (text_en or text) if as_lang(lang) == "en" else text
