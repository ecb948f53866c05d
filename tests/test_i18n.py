"""Translations: the catalogs are complete and compiled, and `--lang en` speaks English.

English output may still hold Vietnamese where it is data or a proper name: unit names
from the registries, the sample files' names, sheets and text cells, the programme's title
and decision, and the Vietnamese names our own English keeps on purpose in targets.yaml's
``*_en`` fields (“Dân vận khéo”). Every other Vietnamese word is a text that escaped the
catalog, and the test names it with its context.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import re
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "ninh-binh"
MESSY = ROOT / "tests" / "data" / "messy"
BUNDLED = ROOT / "danvan_cli" / "bundled"

VIETNAMESE_LETTER = "àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ"
WORD = re.compile(r"[^\W\d_]+")
VIETNAMESE_WORD = re.compile(rf"[{VIETNAMESE_LETTER}]", re.IGNORECASE)
QUOTED_VALUE = re.compile(r"'[^']*'")  # messages quote cell values as '…' (data)
QUOTED_HEADER = re.compile(r"“[^”]*”")  # column-unknown quotes the header as the file has it (data)


def _tools_i18n():
    spec = importlib.util.spec_from_file_location("danvan_tools_i18n", ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_text_has_english_and_every_catalog_is_compiled():
    problems = _tools_i18n().problems()
    assert problems == [], "\n".join(problems[:40]) + f"\n({len(problems)} in all; python tools/i18n.py check)"


def test_catalogs_translate_and_keep_vietnamese_as_written():
    from danvan_cli.i18n import translator

    tools = _tools_i18n()
    found = tools.extract()
    assert found, "no text of the package is marked for translation"
    english, vietnamese = translator("en"), translator("vi")
    checked = 0
    for messages in found.values():
        for msgid in messages:
            if isinstance(msgid, tuple):
                one, many = msgid[0], msgid[1]
                assert vietnamese.ngettext(one, many, 1) == one or vietnamese.ngettext(one, many, 1).strip()
                assert not VIETNAMESE_WORD.search(english.ngettext(one, many, 1)), one
                assert not VIETNAMESE_WORD.search(english.ngettext(one, many, 2)), many
            else:
                assert vietnamese.gettext(msgid).strip(), msgid
                if VIETNAMESE_WORD.search(msgid):
                    assert english.gettext(msgid) != msgid, f"no English for {msgid!r}"
            checked += 1
    assert checked > 300  # every layer's texts, not a handful


# --------------------------------------------------------------------------- vocabulary


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text) if VIETNAMESE_WORD.search(w)}


def _english_fields(node: object) -> list[str]:
    if isinstance(node, dict):
        out: list[str] = []
        for key, value in node.items():
            if isinstance(key, str) and key.endswith("_en") and isinstance(value, str):
                out.append(value)
            else:
                out += _english_fields(value)
        return out
    if isinstance(node, list):
        return [s for item in node for s in _english_fields(item)]
    return []


@cache
def allowed_words() -> frozenset[str]:
    """Vietnamese words that English output may show: data and proper names."""
    words: set[str] = set()
    registries = [*BUNDLED.glob("*.csv"), SAMPLES / "units.csv", MESSY / "units.csv"]
    for path in registries:
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(line for line in handle if not line.startswith("#")):
                words |= _words(" ".join(v or "" for k, v in row.items() if k in ("name", "type")))
    spec = yaml.safe_load((ROOT / "targets.yaml").read_text(encoding="utf-8"))
    words |= _words(spec["programme"]["title"] + " " + spec["programme"]["document"])
    words |= _words(" ".join(_english_fields(spec)))
    from python_calamine import CalamineWorkbook

    for folder in sorted(p for p in SAMPLES.iterdir() if p.is_dir()):
        for path in folder.iterdir():
            words |= _words(path.stem)
            if path.suffix == ".xlsx":
                book = CalamineWorkbook.from_path(str(path))
                words |= _words(" ".join(book.sheet_names))
    words |= _data_values()
    return frozenset(words)


def _data_values() -> set[str]:
    """Words of the text cells of the samples' accepted rows (village, firm, organisation names)."""
    from danvan_cli import api

    words: set[str] = set()
    for folder in sorted(p for p in SAMPLES.iterdir() if p.is_dir() and p.name.isdigit()):
        submission = api.validate([folder])
        for frame in submission.frames.values():
            for column in frame.columns:
                values = frame[column]
                if values.dtype == object or str(values.dtype).startswith("str"):
                    words |= _words(" ".join(str(v) for v in values.dropna().unique()))
    return words


def foreign(text: str, allowed: frozenset[str] | None = None) -> list[str]:
    """Vietnamese words that are neither data nor proper names, each with its context."""
    allowed = allowed_words() if allowed is None else allowed
    found = []
    for match in WORD.finditer(text):
        word = match.group()
        if VIETNAMESE_WORD.search(word) and word.lower() not in allowed:
            start = max(0, match.start() - 60)
            found.append(f"{word}: …{text[start:match.end() + 40]}…".replace("\n", " "))
    return found


# --------------------------------------------------------------------------- the outputs


def danvan(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    env.pop("DANVAN_LANG", None)
    return subprocess.run([sys.executable, "-m", "danvan_cli", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=cwd, timeout=300)


def text_of(path: Path) -> str:
    """What a person reading the file sees."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path)
        parts = []
        for sheet in book.worksheets:
            parts.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                parts += [str(v) for v in row if isinstance(v, str)]
            for validation in sheet.data_validations.dataValidation:
                parts.append(str(validation.prompt or "") + " " + str(validation.error or ""))
        return "\n".join(parts)
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
        return re.sub(r"<[^>]+>", " ", xml)
    if path.suffix == ".html":
        page = path.read_text(encoding="utf-8")
        page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
        return re.sub(r"<[^>]+>", " ", page)
    return path.read_text(encoding="utf-8")


def _assert_english(label: str, text: str) -> None:
    words = foreign(text)
    assert not words, f"{label}: {len(words)} Vietnamese word(s) outside data and names:\n" + "\n".join(words[:25])


@pytest.mark.parametrize("suffix", [".md", ".html", ".xlsx", ".docx"])
def test_score_in_english(tmp_path: Path, suffix: str):
    out = tmp_path / f"score{suffix}"
    result = danvan("score", SAMPLES / "2023", "--lang", "en", "-o", out)
    assert result.returncode == 0, result.stderr
    _assert_english(f"score {suffix}", text_of(out) + result.stdout + result.stderr)


@pytest.mark.parametrize("suffix", [".md", ".html", ".xlsx", ".docx"])
def test_summary_in_english(tmp_path: Path, suffix: str):
    out = tmp_path / f"summary{suffix}"
    result = danvan("summary", SAMPLES, "--lang", "en", "-o", out)
    assert result.returncode == 0, result.stderr
    _assert_english(f"summary {suffix}", text_of(out) + result.stdout + result.stderr)


def test_summary_by_area_in_english(tmp_path: Path):
    out = tmp_path / "areas.md"
    result = danvan("summary", SAMPLES, "--by", "area", "--lang", "en", "-o", out)
    assert result.returncode == 0, result.stderr
    _assert_english("summary --by area", text_of(out))


@pytest.mark.parametrize("suffix", ["", ".md", ".html", ".xlsx"])
def test_validate_in_english(tmp_path: Path, suffix: str):
    args: list[str | Path] = ["validate", SAMPLES / "2025", "--lang", "en"]
    if suffix:
        args += ["-o", tmp_path / f"issues{suffix}"]
    result = danvan(*args)
    assert result.returncode == 0, result.stderr
    shown = result.stdout + result.stderr + (text_of(tmp_path / f"issues{suffix}") if suffix else "")
    _assert_english(f"validate {suffix or 'table'}", shown)


def test_every_message_of_the_messy_corpus_in_english():
    """Files with every kind of problem: each message English, once the cell values it
    quotes ('…') and the data words are set aside."""
    seen_codes: set[str] = set()
    problems: list[str] = []
    for case in sorted(p for p in MESSY.iterdir() if (p / "2023").is_dir()):
        result = danvan("validate", case / "2023", "--lang", "en", "--format", "json")
        assert result.returncode in (0, 1), f"{case.name}: {result.stderr[-400:]}"
        document = json.loads(result.stdout)
        for issue in document["issues"]:
            seen_codes.add(issue["code"])
            message = QUOTED_VALUE.sub(" ", issue["message"])
            if issue["code"] == "column-unknown":
                message = QUOTED_HEADER.sub(" ", message)
            for word in foreign(message):
                problems.append(f"{case.name} {issue['code']}: {word}")
    assert len(seen_codes) >= 12, seen_codes
    assert not problems, "\n".join(problems[:30]) + f"\n({len(problems)} in all)"


def test_template_in_english(tmp_path: Path):
    result = danvan("template", "--lang", "en", "--year", "2023", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    books = sorted(tmp_path.glob("*.xlsx"))
    assert books
    for book in books:
        _assert_english(f"template {book.name}", text_of(book))
    _assert_english("template output", result.stdout + result.stderr)


@pytest.mark.parametrize("command", ["", "validate", "score", "summary", "targets", "template", "units"])
def test_help_in_english(command: str):
    result = danvan(*([command] if command else []), "--help", "--lang", "en")
    assert result.returncode == 0, result.stderr
    _assert_english(f"danvan {command} --help", result.stdout)


@pytest.mark.parametrize("args", [["targets"], ["targets", "--format", "md"], ["units", "14584"],
                                  ["units", "--vintage", "2025-07"], ["units", "--check"]])
def test_other_commands_in_english(args: list[str]):
    result = danvan(*args, "--lang", "en")
    assert result.returncode == 0, result.stderr
    _assert_english("danvan " + " ".join(args), result.stdout + result.stderr)


def test_vietnamese_stays_vietnamese():
    """The default language is untouched: the scorecard's headings are the Vietnamese ones."""
    result = danvan("score", SAMPLES / "2023", "--format", "md")
    assert result.returncode == 0, result.stderr
    assert "Kết quả thực hiện các chỉ tiêu năm 2023" in result.stdout
    assert "Targets scorecard" not in result.stdout
