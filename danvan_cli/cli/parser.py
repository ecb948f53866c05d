"""The command-line parser in the user's language: help texts and the parser's own messages.

danvan's help texts are Vietnamese, marked for the ``cli`` catalog; `localise` translates
the command tree's texts before parsing. The parser (click, vendored in typer) writes its
own messages in English: the few that typer passes through the standard library's
``gettext`` ("Options", "No such command …") follow `danvan_cli.i18n.use_for_parser`; the
rest ("Usage:", "Missing argument …", "Error: …") are built from English literals, so
`run` shows a usage error itself, each English message translated through the same
``click`` catalog (``locale/vi/LC_MESSAGES/click.po``, whose message ids are the parser's
English texts with ``{fields}``).
"""

from __future__ import annotations

import gettext
import io
import re
import sys
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError  # typer 0.29 vendors click
from typer._click.formatting import HelpFormatter

from danvan_cli.i18n import CLICK_DOMAIN, LOCALE_DIR, as_lang, translator

# The parser's English messages as it writes them, with the variable parts as {fields}: the
# message ids of the click catalog. A message is matched whole against each, the fields
# translated in turn (a message inside a message), then the template translated.
MESSAGES: tuple[str, ...] = (
    "Missing argument {name}.",
    "Missing option {name}.",
    "Missing parameter {name}.",
    "No such option: {name}",
    "{message} (Possible options: {options})",
    "{message}. Did you mean {suggestions}?",
    "Got unexpected extra argument(s) ({args})",
    "Invalid value for {name}: {message}",
    "Invalid value: {message}",
    "Option {name} requires an argument.",
    "Option {name} requires {n} arguments.",
    "Option {name} does not take a value.",
    "Argument {name} takes {n} values.",
    "{value} is not one of {choices}.",
    "Value must be an iterable.",
    "Input should be a valid integer, unable to parse string as an integer",
    "Input should be a valid number, unable to parse string as a number",
    "Input should be a valid boolean, unable to interpret input",
)
USAGE = "Usage: "
ERROR = "Error: {message}"
TRY_HELP = "Try '{command} {option}' for help."
ABORTED = "Aborted!"
HELP_OPTION = "Show this message and exit."
FIELD = re.compile(r"\{(\w+)\}")


@cache
def parser_translator(lang: str) -> gettext.NullTranslations:
    """The click catalog of `lang` (English: the parser's own texts, untranslated)."""
    return gettext.translation(CLICK_DOMAIN, str(LOCALE_DIR), languages=[as_lang(lang)], fallback=True)


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = FIELD.split(template)  # literal, field, literal, field, …, literal
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
    return re.compile(f"^{regex}$", re.DOTALL)


def translate_message(message: str, lang: str) -> str:
    """One of the parser's English messages in `lang`; a message it does not know stays as is."""
    _ = parser_translator(lang).gettext
    for template in MESSAGES:
        found = _pattern(template).match(message)
        if found is None:
            continue
        fields = {k: v if k in ("name", "value", "args") else translate_message(v, lang)
                  for k, v in found.groupdict().items()}
        return _(template).format(**fields)
    return message


# -- help ---------------------------------------------------------------------------------


class _Formatter(HelpFormatter):
    """click's help formatter with the usage line's prefix in the run's language."""

    usage_prefix = USAGE

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, self.usage_prefix if prefix is None else prefix)


@cache
def context_class(lang: str) -> type[typer.Context]:
    """A click context whose help formatter writes 'Usage:' in `lang`."""
    formatter = type("Formatter", (_Formatter,), {"usage_prefix": parser_translator(lang).gettext(USAGE)})
    return type("Context", (typer.Context,), {"formatter_class": formatter})


def localise(command: Any, lang: str) -> None:
    """Translate the help texts of a click command tree (typer's `get_command`) into `lang`:
    the commands' and parameters' help from the danvan catalogs, the help option's and the
    usage line's from the click catalog."""
    _ = translator(lang).gettext
    command.context_class = context_class(lang)
    if command.help:
        command.help = _(command.help)
    if command.short_help:
        command.short_help = _(command.short_help)
    for param in command.params:
        if getattr(param, "help", None):
            param.help = _(param.help)
        if param.metavar:
            param.metavar = _(param.metavar)
    option = command.get_help_option(typer.Context(command))  # made once per command, then reused
    if option is not None:
        option.help = parser_translator(lang).gettext(HELP_OPTION)
    for sub in getattr(command, "commands", {}).values():
        localise(sub, lang)


# -- running ------------------------------------------------------------------------------


def _echo(text: str) -> None:
    typer.echo(text, err=True)


def show_error(exc: ClickException, lang: str, echo: Callable[[str], None] = _echo) -> None:
    """What click's own `show` writes for a usage error, in `lang`."""
    _ = parser_translator(lang).gettext
    if isinstance(exc, NoArgsIsHelpError):
        echo(exc.format_message())  # the help itself, already translated
        return
    if isinstance(exc, UsageError) and exc.ctx is not None:
        ctx = exc.ctx
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = _(TRY_HELP).format(command=ctx.command_path, option=ctx.help_option_names[0]) + "\n"
        echo(f"{ctx.get_usage()}\n{hint}")
    echo(_(ERROR).format(message=translate_message(exc.format_message(), lang)))


def run(command: Any, args: Sequence[str] | None, lang: str, prog: str) -> int:
    """Parse `args` (None: the process's arguments) and run the command; a usage error is
    shown in `lang`. Returns the exit code."""
    try:
        result = command.main(args=None if args is None else list(args), prog_name=prog, standalone_mode=False)
    except ClickException as exc:
        show_error(exc, lang)
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        _echo(parser_translator(lang).gettext(ABORTED))
        return 1
    return result if isinstance(result, int) else 0


def utf8_streams() -> None:
    """A console whose code page cannot write Vietnamese (cp1252, cp1258, ASCII) gets UTF-8
    instead of a UnicodeEncodeError: stdout and stderr, for every message and table."""
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        try:
            "Đạt yêu cầu".encode(stream.encoding or "ascii")
        except (UnicodeEncodeError, LookupError):
            stream.reconfigure(encoding="utf-8")
