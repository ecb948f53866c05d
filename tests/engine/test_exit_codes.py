"""Exit codes are 0, 1 and 2 and nothing else (docs/contract.md §9): usage mistakes that
would silently score the wrong year, unreadable registries and unwritable outputs are
named and exit 2; a folder with nothing to score exits 1."""


import pytest
from conftest import CAP_UY, UNITS
from typer.testing import CliRunner

from danvan_cli.cli import app

runner = CliRunner()


def _run(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.mark.parametrize("command", ["score", "validate"])
@pytest.mark.parametrize("year", ["23", "2032", "2019", "20233"])
def test_a_year_outside_the_programme_is_a_usage_error(year_dir, command, year):
    result = _run(command, str(year_dir), "--year", year)
    assert result.exit_code == 2
    assert f"--year {year}" in result.output


def test_a_year_that_is_not_a_number_is_a_usage_error(year_dir):
    assert _run("score", str(year_dir), "--year", "hai nghìn").exit_code == 2


def test_a_year_folder_outside_the_programme_is_a_usage_error(tmp_path):
    folder = tmp_path / "2019"
    folder.mkdir()
    (folder / "cap_uy.csv").write_text(CAP_UY, encoding="utf-8")
    result = _run("score", str(folder))
    assert result.exit_code == 2 and "2021-2025" in result.output


@pytest.mark.parametrize("option", ["--from", "--to"])
def test_summary_years_outside_the_programme_are_usage_errors(year_dir, option):
    result = _run("summary", str(year_dir.parent), option, "2030")
    assert result.exit_code == 2 and f"{option} 2030" in result.output


@pytest.mark.parametrize("command", ["score", "validate", "targets"])
def test_an_unknown_language_is_a_usage_error(year_dir, command):
    args = [command] + ([str(year_dir)] if command != "targets" else []) + ["--lang", "fr"]
    result = _run(*args)
    assert result.exit_code == 2 and "--lang" in result.output


def test_a_registry_with_undecodable_bytes_is_named(year_dir):
    # 0x81 and 0x8D are undefined in both UTF-8 and Windows-1258
    (year_dir.parent / "units.csv").write_bytes(UNITS.encode("utf-8") + b"99,\x81\x8d,xa,369,\n")
    result = _run("score", str(year_dir))
    assert result.exit_code == 2
    assert "units.csv" in result.output and "UnboundLocalError" not in result.output


@pytest.mark.parametrize("command,suffix", [("score", "md"), ("score", "json"), ("score", "html"),
                                            ("validate", "txt"), ("summary", "json")])
def test_an_output_that_cannot_be_written_is_a_usage_error(year_dir, tmp_path, command, suffix):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    target = blocker / f"out.{suffix}"  # its 'folder' is a file: cannot be created, whoever runs this
    source = str(year_dir.parent if command == "summary" else year_dir)
    args = [command, source, "-o", str(target)]
    if command == "validate":
        args = [command, source, "-o", str(target)]
    result = _run(*args)
    assert result.exit_code == 2
    assert "Không ghi được" in result.output


def test_template_into_an_unwritable_folder_is_a_usage_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    result = _run("template", "cap_uy", "-o", str(blocker / "sub"), "--year", "2023")
    assert result.exit_code == 2
