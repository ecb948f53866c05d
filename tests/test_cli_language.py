"""The command line in the chosen language: help texts, the parser's own messages (usage
errors), and `--debug` carried by the run's context, not a global."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from danvan_cli.cli import app, parser
from danvan_cli.i18n import LOCALE_DIR

ROOT = Path(__file__).resolve().parents[1]
TYPER = Path(typer.__file__).parent


def danvan(*args: str, lang_env: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "100"}
    env.pop("DANVAN_LANG", None)
    if lang_env is not None:
        env["DANVAN_LANG"] = lang_env
    return subprocess.run([sys.executable, "-m", "danvan_cli", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=120)


# -- usage errors -------------------------------------------------------------------------


def test_missing_argument_in_vietnamese():
    result = danvan("score")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ("Cách dùng: danvan score [OPTIONS] {PATH}...\n"
                             "Xem 'danvan score --help' để biết cách dùng.\n\n"
                             "Lỗi: Thiếu đối số 'PATH'.\n")


def test_missing_argument_in_english():
    result = danvan("score", "--lang", "en")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ("Usage: danvan score [OPTIONS] {PATH}...\n"
                             "Try 'danvan score --help' for help.\n\n"
                             "Error: Missing argument 'PATH'.\n")


def test_unknown_command_in_vietnamese():
    result = danvan("nope")
    assert result.returncode == 2
    assert result.stderr == ("Cách dùng: danvan [OPTIONS] COMMAND [ARGS]...\n"
                             "Xem 'danvan --help' để biết cách dùng.\n\n"
                             "Lỗi: Không có lệnh 'nope'.\n")


def test_unknown_command_in_english():
    result = danvan("nope", "--lang", "en")
    assert result.returncode == 2
    assert result.stderr == ("Usage: danvan [OPTIONS] COMMAND [ARGS]...\n"
                             "Try 'danvan --help' for help.\n\n"
                             "Error: No such command 'nope'.\n")


def test_a_near_command_is_suggested_in_each_language():
    assert danvan("scor").stderr.endswith("Lỗi: Không có lệnh 'scor'. Có phải là 'score'?\n")
    assert danvan("scor", "--lang", "en").stderr.endswith("Error: No such command 'scor'. Did you mean 'score'?\n")


@pytest.mark.parametrize(("args", "vi", "en"), [
    (["score", "x", "--bogus"], "Lỗi: Không có tùy chọn --bogus", "Error: No such option: --bogus"),
    (["score", "x", "--year", "abc"], "Lỗi: Giá trị không hợp lệ cho '--year': cần một số nguyên",
     "Error: Invalid value for '--year': Input should be a valid integer, unable to parse string as an integer"),
    (["units", "--year"], "Lỗi: Tùy chọn '--year' cần một giá trị.", "Error: Option '--year' requires an argument."),
    (["targets", "extra"], "Lỗi: Thừa đối số (extra)", "Error: Got unexpected extra argument(s) (extra)"),
])
def test_other_usage_errors_in_each_language(args: list[str], vi: str, en: str):
    assert danvan(*args).stderr.splitlines()[-1] == vi
    english = danvan(*args, lang_env="en")
    assert english.returncode == 2
    assert english.stderr.splitlines()[-1] == en


def test_a_danvan_usage_error_follows_the_language():
    assert danvan("summary", "x", "--by", "year").stderr == "Lỗi: --by year: chỉ có --by area\n"
    assert (danvan("summary", "x", "--by", "year", "--lang", "en").stderr
            == "Error: --by year: the only choice is --by area\n")


# -- help ---------------------------------------------------------------------------------


def test_help_in_vietnamese_by_default():
    result = danvan("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("Cách dùng: danvan [OPTIONS] COMMAND [ARGS]...\n")
    for line in ("Tùy chọn:", "Lệnh:", "  --help        Hiện hướng dẫn này rồi thoát.",
                 "  score     Tính kết quả các chỉ tiêu của một năm."):
        assert line in result.stdout.splitlines()


@pytest.mark.parametrize("how", ["--lang", "env"])
def test_help_in_english(how: str):
    result = danvan("score", "--help", "--lang", "en") if how == "--lang" else danvan("score", "--help", lang_env="en")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Usage: danvan score [OPTIONS] {PATH}..."
    assert "  The year's scorecard: the results of the targets for one year." in lines
    for heading in ("Arguments:", "Options:"):
        assert heading in lines
    assert re.search(r"--strict\s+Exit with code 1 when the data have errors\.", result.stdout)
    assert re.search(r"--help\s+Show this message and exit\.", result.stdout)
    assert "[default: old-" in result.stdout  # --scope's default, wrapped at the hyphen


def test_help_in_english_imports_no_pandas():
    """Translating the help reads two small .mo files with the standard library: still instant."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "DANVAN_LANG": "en"}
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "danvan_cli", "score", "--help"],
                            capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 0 and "Usage: danvan score" in result.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "danvan_cli.cli.parser" in imported
    assert not {"pandas", "numpy", "openpyxl", "babel"} & imported


def test_lang_before_the_command_applies_to_it():
    result = danvan("--lang", "en", "summary", "x", "--by", "year")
    assert result.stderr == "Error: --by year: the only choice is --by area\n"


def test_help_in_process_stays_vietnamese_after_an_english_run():
    """Translating the help works on a copy of the command tree: `app` itself keeps its texts."""
    assert danvan("--help", "--lang", "en").returncode == 0
    command = typer.main.get_command(app)
    parser.localise(command, "en")
    result = CliRunner().invoke(app, ["score", "--help"])
    assert "Tính kết quả các chỉ tiêu của một năm." in result.stdout


# -- the click catalog --------------------------------------------------------------------


def _click_catalog() -> dict[str, str]:
    with (LOCALE_DIR / "vi" / "LC_MESSAGES" / "click.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def test_every_parser_message_has_vietnamese():
    catalog = _click_catalog()
    wanted = [*parser.MESSAGES, parser.USAGE, parser.ERROR, parser.TRY_HELP, parser.ABORTED, parser.HELP_OPTION]
    assert [m for m in wanted if not catalog.get(m)] == []
    for msgid, string in catalog.items():
        assert set(re.findall(r"\{[^{}]*\}", msgid)) == set(re.findall(r"\{[^{}]*\}", string)), msgid


def test_the_catalog_names_texts_typer_writes():
    """Each message id is typer's own English: every word of it is in typer's source (some
    messages are assembled from parts: "Missing " + "argument"), so an upgrade that rewords one
    shows here; the exact texts are checked by the usage-error tests above."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in TYPER.rglob("*.py"))
    from pydantic import TypeAdapter, ValidationError  # typer 0.29 converts values with pydantic

    for kind, text in ((int, "abc"), (float, "abc"), (bool, "maybe")):
        try:
            TypeAdapter(kind).validate_python(text)
        except ValidationError as exc:
            source += "\n" + exc.errors()[0]["msg"]
    words = set(re.findall(r"[A-Za-z]+", source))
    for msgid in _click_catalog():
        for word in re.findall(r"[A-Za-z]+", re.sub(r"\{[^{}]*\}", " ", msgid)):
            assert word in words, f"{msgid!r}: {word!r} is not in typer's source"


def test_translate_message_nests_and_keeps_data():
    assert parser.translate_message("Invalid value for '--to': Input should be a valid integer, unable to parse "
                                    "string as an integer", "vi") == "Giá trị không hợp lệ cho '--to': cần một số nguyên"
    assert parser.translate_message("No such option: --Missing", "vi") == "Không có tùy chọn --Missing"
    assert parser.translate_message("something else", "vi") == "something else"
    assert parser.translate_message("No such option: --x", "en") == "No such option: --x"


# -- --debug without a global -------------------------------------------------------------


def test_debug_reaches_the_command_through_its_context(tmp_path: Path):
    runner = CliRunner()
    missing = str(tmp_path / "nope" / "2023")
    debugged = runner.invoke(app, ["--debug", "score", missing])
    assert type(debugged.exception).__name__ == "UsageError"  # raised on: the traceback is shown
    assert debugged.exit_code == 1 and debugged.stderr == ""
    plain = runner.invoke(app, ["score", missing])
    assert plain.exit_code == 2 and isinstance(plain.exception, SystemExit)
    assert plain.stderr.startswith("Lỗi: ") and "Traceback" not in plain.output
    again = runner.invoke(app, ["--debug", "score", missing])
    assert type(again.exception).__name__ == "UsageError"


def test_no_module_global_for_debug():
    from danvan_cli.cli import common

    assert not hasattr(common, "DEBUG")
