"""The data-quality section in the WHO Data Quality Review's spirit (issue 14): beside
completeness, the internal consistency of a year's figures — outliers across peers, jumps
over time, rows of last year gone — counted per form, and the units with most flags, so
that the office knows whom to call. Shown in the scorecard (Markdown, HTML, Word, Excel,
JSON), the validation JSON and the summary (a table per year).

The flags are built here by hand, as the plausibility checks word them (codes and params
of `danvan_cli.issues.PLAUSIBILITY`), and appended to the real 2023 submission of the
samples, whose own flags (if the checks run) are taken out first: every count below is
the count of what this file plants.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from danvan_cli import api
from danvan_cli.indicators.reports import Review, Scorecard
from danvan_cli.issues import PLAUSIBILITY, Issue
from danvan_cli.render import html, labels, markdown, summary, xlsx
from danvan_cli.render.docx import render_docx
from danvan_cli.validation.report import consistency, validation_json
from danvan_cli.validation.texts import form_name_id

jsonschema = pytest.importorskip("jsonschema", reason="the test extra has jsonschema: pip install '.[test]'")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "ninh-binh"
YEAR = SAMPLES / "2023"
KIM_SON = "huyen_kim_son.xlsx"  # Biểu 01 row 7: 14620 Thị trấn Phát Diệm; row 8: 14623 Thị trấn Bình Minh
VIETNAMESE = re.compile(r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.I)
MY_WORDS = ("consistency", "consistency_note", "no_flags", "rows_checked", "outliers", "value_jumps",
            "rows_disappeared", "contact_units", "flags", "first_flag", "units_flagged")


def _unit_counts() -> tuple[int, int]:
    """Rows of Biểu 01 (every unit of the 2020-2024 province, districts and communes sends one:
    the samples are complete) and rows of doanh_nghiep.csv, read from the input files."""
    with (SAMPLES / "units.csv").open(encoding="utf-8") as handle:
        units = [r for r in csv.DictReader(handle) if r["vintage"] == "2020-2024" and r["level"] in ("tinh", "huyen", "xa")]
    with (YEAR / "doanh_nghiep.csv").open(encoding="utf-8-sig") as handle:
        enterprises = len(list(csv.reader(handle))) - 1
    return len(units), enterprises


CAP_UY_ROWS, ENTERPRISE_ROWS = _unit_counts()  # 1 + 8 + 143 = 152; 361


def _flags(card: Scorecard, file: str = KIM_SON) -> list[Issue]:
    """2 outliers in Biểu 01 (two Kim Sơn towns), 1 jump (Phát Diệm, another column), and 2
    enterprises of Kim Sơn that filed last year and not this year (1 row-disappeared, 2 rows)."""
    cap_uy, enterprises = card.spec.forms["cap_uy"], card.spec.forms["doanh_nghiep"]

    def at(code: Any, row: int, column: str, cell: str, unit: str, name: str, **params: Any) -> Issue:
        return Issue(code, file, "Biểu 01", row, column, cell,
                     {"form_id": "cap_uy", "form": form_name_id(cap_uy), "unit": unit, "unit_name": name,
                      "district": "376", "label": column, **params})

    return [
        at("outlier", 7, "tong_so_cap_uy_vien", "C7", "14620", "Thị trấn Phát Diệm", value=190, median=19,
           peers=143, level="xa"),
        at("outlier", 8, "tong_so_cap_uy_vien", "C8", "14623", "Thị trấn Bình Minh", value=170, median=19,
           peers=143, level="xa"),
        at("value-jump", 7, "so_cap_uy_vien_guong_mau", "D7", "14620", "Thị trấn Phát Diệm", value=190,
           previous=19, previous_year=2022, change="×10"),
        Issue("row-disappeared", None, None, None, None, None,
              {"form_id": "doanh_nghiep", "form": form_name_id(enterprises), "unit": "376",
               "unit_name": "Huyện Kim Sơn", "district": "376", "count": 2, "keys": "2700000001, 2700000002",
               "previous_year": 2022}),
    ]


def _clean(card: Scorecard) -> Scorecard:
    """The year without any plausibility flag (whatever the checks found in the samples)."""
    card.submission.issues[:] = [i for i in card.submission.issues if i.code not in PLAUSIBILITY]
    return card


@pytest.fixture(scope="module")
def clean() -> Scorecard:
    return _clean(api.score([YEAR]))


@pytest.fixture(scope="module")
def flagged() -> Scorecard:
    card = _clean(api.score([YEAR]))
    card.submission.issues.extend(_flags(card))
    return card


@pytest.fixture(scope="module")
def hostile() -> Scorecard:
    """The flags with markup in a unit's name (the registry's) and in the file's name."""
    card = _clean(api.score([YEAR]))
    units = dict(card.registry.units)
    units["14620"] = units["14620"]._replace(name="Thị trấn <b>Phát Diệm</b>")
    card.submission.issues.extend(_flags(card, file="<b>kim_son</b>.xlsx"))
    return dataclasses.replace(card, registry=dataclasses.replace(card.registry, units=units))


def schema(name: str) -> Any:
    document = json.loads((ROOT / "docs" / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document)


def errors(name: str, document: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in schema(name).iter_errors(document)]


def section(text: str, heading: str, *stops: str) -> str:
    """The text from ``heading`` to the first of ``stops`` after it (the next heading)."""
    start = text.index(heading)
    ends = [e for e in (text.find(stop, start + len(heading)) for stop in stops) if e >= 0]
    return text[start:min(ends, default=len(text))]


# ---------------------------------------------------------------- the counts


def test_counts_per_form_and_totals(flagged):
    assert (CAP_UY_ROWS, ENTERPRISE_ROWS) == (152, 361)
    cons = consistency(flagged.submission)
    forms = {f.form: f for f in cons.forms}
    cap_uy, enterprises = forms["cap_uy"], forms["doanh_nghiep"]
    assert (cap_uy.rows, cap_uy.outliers, cap_uy.value_jumps, cap_uy.rows_disappeared) == (CAP_UY_ROWS, 2, 1, 0)
    assert (enterprises.rows, enterprises.outliers, enterprises.value_jumps, enterprises.rows_disappeared) == (
        ENTERPRISE_ROWS, 0, 0, 2)
    assert [f.form for f in cons.forms if f.flagged] == ["cap_uy", "doanh_nghiep"]
    assert len(cons.forms) == 12  # every form of the samples has accepted rows: all are listed, spec order
    assert cons.forms[0].form == "cap_uy"
    assert (cons.outliers, cons.value_jumps, cons.rows_disappeared, cons.flags, cons.units_flagged) == (2, 1, 2, 4, 3)


def test_top_units_most_flags_first_ties_by_code(flagged):
    cons = flagged.consistency()
    # 14620: an outlier and a jump; 14623: an outlier; 376 (Kim Sơn): the enterprises gone. "14623" < "376".
    assert [(u.key, u.code, u.count) for u in cons.units] == [("14620", "14620", 2), ("14623", "14623", 1),
                                                               ("376", "376", 1)]
    first = cons.units[0]
    assert first.name == "Thị trấn Phát Diệm" and first.district == "376" and first.district_name == "Huyện Kim Sơn"
    assert dict(first.by_code) == {"value-jump": 1, "outlier": 1}
    assert first.first is not None and (first.first.file, first.first.sheet, first.first.cell) == (KIM_SON, "Biểu 01", "C7")
    assert cons.units[2].first is None  # a row-disappeared names no cell


def test_more_than_ten_units_keeps_the_ten_with_most():
    card = _clean(api.score([YEAR]))
    frame = card.submission.frames["cap_uy"]
    communes = sorted(frame.loc[frame["_level"] == "xa", "_unit"].astype(str))[:12]
    for n, code in enumerate(communes):  # the last commune gets two flags: it comes first
        for _ in range(2 if n == 11 else 1):
            card.submission.issues.append(Issue("outlier", "f.xlsx", "Biểu 01", 10 + n, "tong_so_cap_uy_vien",
                                                f"C{10 + n}", {"form_id": "cap_uy", "unit": code, "district": ""}))
    cons = card.consistency()
    assert cons.units_flagged == 12 and len(cons.units) == 10
    assert [u.key for u in cons.units] == [communes[11], *communes[:9]]
    text = markdown.render_scorecard(card)
    assert "… và 2 đơn vị khác có số liệu bất thường" in text


def test_form_quality_counts_flags_apart_and_doubts_the_figure(flagged, clean):
    quality = flagged.submission.quality_by_form()["cap_uy"]
    assert (quality.warnings, quality.flags, quality.doubtful) == (0, 3, True)
    assert quality.text("vi") == "3 số liệu bất thường cần kiểm tra"
    assert quality.text("en") == "3 unusual figures to check"
    assert quality.to_json()["flags"] == 3
    assert clean.submission.quality_by_form()["cap_uy"].flags == 0


# ---------------------------------------------------------------- JSON


def test_scorecard_json_validates_and_carries_the_counts(flagged):
    data = json.loads(json.dumps(flagged.to_json()))
    assert errors("scorecard", data) == []
    cons = data["data_quality"]["consistency"]
    assert cons["totals"] == {"outliers": 2, "value_jumps": 1, "rows_disappeared": 2, "flags": 4, "units_flagged": 3}
    assert cons["units"][0] == {"key": "14620", "code": "14620", "name": "Thị trấn Phát Diệm", "district": "376",
                                "district_name": "Huyện Kim Sơn", "flags": 2,
                                "by_code": {"value-jump": 1, "outlier": 1},
                                "first": {"file": KIM_SON, "sheet": "Biểu 01", "row": 7,
                                          "column": "tong_so_cap_uy_vien", "cell": "C7"}}
    assert cons["forms"][0] == {"form": "cap_uy", "label": "Biểu 01 (cap_uy)", "rows": CAP_UY_ROWS, "outliers": 2,
                                "value_jumps": 1, "rows_disappeared": 0}
    t11 = next(t for t in data["targets"] if t["id"] == "T1.1")  # a target of Biểu 01
    assert t11["data_quality"]["flags"] == 3


def test_validation_json_validates(flagged):
    data = json.loads(json.dumps(validation_json(flagged.submission, "en")))
    assert errors("validation", data) == []
    assert data["consistency"]["totals"]["flags"] == 4
    assert data["consistency"]["forms"][0]["label"] == "Form 01 (cap_uy)"
    # without the registry, the names are the flags' own
    assert [u["name"] for u in data["consistency"]["units"]] == ["Thị trấn Phát Diệm", "Thị trấn Bình Minh",
                                                                 "Huyện Kim Sơn"]


def test_clean_json_has_zero_counts(clean):
    data = json.loads(json.dumps(clean.to_json()))
    assert errors("scorecard", data) == []
    cons = data["data_quality"]["consistency"]
    assert cons["units"] == [] and cons["totals"]["flags"] == 0


@pytest.fixture(scope="module")
def review() -> Review:
    result = api.summary(SAMPLES, year_from=2022, year_to=2023)
    for card in result.scorecards.values():
        _clean(card)
    result.scorecards[2023].submission.issues.extend(_flags(result.scorecards[2023]))
    return result


def test_summary_json_validates_with_consistency_per_year(review):
    data = json.loads(json.dumps(review.to_json()))
    assert errors("summary", data) == []
    assert data["data_quality"]["2023"]["consistency"]["totals"]["units_flagged"] == 3
    assert data["data_quality"]["2022"]["consistency"]["totals"]["flags"] == 0


# ---------------------------------------------------------------- the reports


def test_markdown_section(flagged):
    text = section(markdown.render_scorecard(flagged), "### Tính nhất quán nội bộ", "\n## ")
    assert "| 01 — Cấp ủy | 152 | 2 | 1 | 0 |" in text
    assert "| 07 — Tổ chức công đoàn, đoàn thanh niên trong doanh nghiệp ngoài khu vực Nhà nước | 361 | 0 | 0 | 2 |" in text
    assert "| **Tổng** | 3.877 | 2 | 1 | 2 |" in text
    assert "**Đơn vị cần liên hệ**" in text
    rows = [line for line in text.splitlines() if line.startswith(("| 14620", "| 14623", "| 376"))]
    assert rows == [
        "| 14620 | Thị trấn Phát Diệm | Huyện Kim Sơn | 2 | huyen\\_kim\\_son.xlsx › Biểu 01 › C7 |",
        "| 14623 | Thị trấn Bình Minh | Huyện Kim Sơn | 1 | huyen\\_kim\\_son.xlsx › Biểu 01 › C8 |",
        "| 376 | Huyện Kim Sơn | Huyện Kim Sơn | 1 |  |",
    ]
    assert "Không có số liệu bất thường" not in text


def test_no_flags_no_tables(clean):
    for lang, line in (("vi", "Không có số liệu bất thường."), ("en", "No unusual figures.")):
        heading = "### " + labels.words(lang)["consistency"]
        text = section(markdown.render_scorecard(clean, lang), heading, "\n**", "\n## ")
        assert text.split("\n\n")[1].strip() == line, text
        assert "|" not in text
        page = html.render_scorecard(clean, lang)
        assert f"<p>{line}</p>" in page and 'class="consistency"' not in page and "contact-units" not in page
    assert VIETNAMESE.search(section(markdown.render_scorecard(clean, "en"), "### Internal consistency", "\n**",
                                    "\n## ")) is None


def test_english_section_has_no_vietnamese_words(flagged):
    text = section(markdown.render_scorecard(flagged, "en"), "### Internal consistency", "\n**First")
    vietnamese = labels.texts(labels.WORDS, "vi")
    for key in MY_WORDS:
        assert vietnamese[key] not in text, key
    # our words and the forms' English titles; only the units' names and the sheet names are data
    ours = [line for line in text.splitlines() if not line.startswith(("| 14620", "| 14623", "| 376"))]
    assert [line for line in ours if VIETNAMESE.search(line)] == []
    assert "| ID | Unit | District | Flags | First flag |" in text


def test_html_escapes_input(hostile):
    page = html.render_scorecard(hostile)
    part = section(page, "<h3>Đơn vị cần liên hệ</h3>", "</table>")
    assert "<b>Phát" not in part and "<b>kim_son" not in part
    assert "Thị trấn &lt;b&gt;Phát Diệm&lt;/b&gt;" in part
    assert "&lt;b&gt;kim_son&lt;/b&gt;.xlsx › Biểu 01 › C7" in part
    text = markdown.render_scorecard(hostile)
    assert "Thị trấn \\<b\\>Phát Diệm\\</b\\>" in text


def _sheet_rows(data: bytes, title: str) -> list[tuple[Any, ...]]:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [tuple(c for c in row) for row in wb[title].iter_rows(values_only=True)]


def test_xlsx_quality_sheet(flagged, clean):
    rows = _sheet_rows(xlsx.scorecard_workbook(flagged), "Chất lượng số liệu")
    assert any(r[0] == "Tính nhất quán nội bộ" for r in rows)
    assert ("01 — Cấp ủy", 152, 2, 1, 0) in [r[:5] for r in rows]
    assert ("Tổng", 3877, 2, 1, 2) in [r[:5] for r in rows]
    assert ("14620", "Thị trấn Phát Diệm", "Huyện Kim Sơn", 2, "huyen_kim_son.xlsx › Biểu 01 › C7") in [r[:5] for r in rows]
    assert ("376", "Huyện Kim Sơn", "Huyện Kim Sơn", 1, None) in [r[:5] for r in rows]
    english = _sheet_rows(xlsx.scorecard_workbook(flagged, "en"), "Data quality")
    assert any(r[0] == "Units to contact" for r in english)
    empty = _sheet_rows(xlsx.scorecard_workbook(clean), "Chất lượng số liệu")
    assert empty[-1][0] == "Không có số liệu bất thường"
    assert not any(r[0] == "Đơn vị cần liên hệ" for r in empty)


def test_xlsx_never_makes_a_formula():
    card = _clean(api.score([YEAR]))
    card.submission.issues.extend(_flags(card, file="=HYPERLINK(1).xlsx"))
    data = xlsx.scorecard_workbook(card)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert not any("<f>" in s for s in sheets)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += ["\t".join(c.text for c in row.cells) for row in table.rows]
    return "\n".join(parts)


def test_docx_short_section(flagged, clean):
    text = _docx_text(render_docx(flagged))
    assert ("- Số liệu bất thường cần kiểm tra: khác xa đơn vị cùng cấp 2; tăng/giảm bất thường so với năm trước 1; "
            "dòng năm trước không còn 2.") in text
    assert "- Đơn vị cần liên hệ (số đơn vị có số liệu bất thường: 3):" in text
    assert "14620\tThị trấn Phát Diệm\tHuyện Kim Sơn\t2\thuyen_kim_son.xlsx › Biểu 01 › C7" in text
    assert "- Không có số liệu bất thường." in _docx_text(render_docx(clean))
    english = _docx_text(render_docx(flagged, "en"))
    assert "- Units to contact (units with unusual figures: 3):" in english


def test_summary_per_year_table(review):
    text = section(summary.render_markdown(review), "### Số liệu bất thường theo năm", "\n## ")
    assert "| 2022 | 0 | 0 | 0 | 0 |" in text
    assert "| 2023 | 2 | 1 | 2 | 3 |" in text
    page = summary.render_html(review, "en")
    part = section(page, "<h3>Unusual figures by year</h3>", "</table>")
    assert "<td>2023</td><td class=\"num\">2</td><td class=\"num\">1</td><td class=\"num\">2</td><td class=\"num\">3</td>" in part
    assert VIETNAMESE.search(part) is None


def test_summary_without_flags_says_so_in_a_line(review):
    quiet = api.summary(SAMPLES, year_from=2022, year_to=2023)
    for card in quiet.scorecards.values():
        _clean(card)
    text = section(summary.render_markdown(quiet), "### Số liệu bất thường theo năm", "\n## ")
    assert "|" not in text and "Không có số liệu bất thường." in text
    english = section(summary.render_markdown(quiet, "en"), "### Unusual figures by year", "\n## ")
    assert "No unusual figures." in english and VIETNAMESE.search(english) is None


def test_terminal_names_the_units_or_says_there_is_none(flagged, clean):
    from rich.console import Console

    console = Console(width=200, record=True, highlight=False)
    markdown.print_scorecard(flagged, "vi", console)
    shown = console.export_text()
    assert "Tính nhất quán nội bộ: Số liệu khác xa đơn vị cùng cấp 2 · Tăng/giảm bất thường so với năm trước 1 · " \
           "Dòng năm trước không còn 2" in shown
    assert "huyen_kim_son.xlsx › Biểu 01 › C7" in shown
    console = Console(width=200, record=True, highlight=False)
    markdown.print_scorecard(clean, "en", console)
    assert "Internal consistency: No unusual figures" in console.export_text()
