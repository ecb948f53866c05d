"""The Word report (issue 12): read back with python-docx, rendered by LibreOffice.

Refresh the screenshots in docs/ with: DANVAN_UPDATE_DOCS=1 python -m pytest tests/test_docx_report.py
"""

import io
import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from docx import Document

from danvan_cli import api
from danvan_cli.errors import UsageError
from danvan_cli.render import labels
from danvan_cli.render.docx import render_docx
from danvan_cli.render.numbers import measured
from danvan_cli.render.report_info import ReportInfo, load_report_info

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "ninh-binh"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

FULL_INFO = """\
co_quan_cap_tren: ĐẢNG BỘ TỈNH NINH BÌNH
co_quan: BAN DÂN VẬN
so_ky_hieu: 125-BC/BDVTU
dia_danh: Ninh Bình
ngay: 2024-01-15
quyen_han: T/M BAN THƯỜNG VỤ
chuc_vu: TRƯỞNG BAN
nguoi_ky: Nguyễn Văn A
noi_nhan:
  - Thường trực Tỉnh ủy (để b/c)
  - Các huyện ủy, thành ủy
  - Lưu Văn phòng
danh_gia: |
  Một số cấp ủy chưa quan tâm đúng mức.

  Việc tổng hợp số liệu còn chậm.
phuong_huong: Tiếp tục đẩy mạnh công tác dân vận.
"""


@cache
def scorecard():
    return api.score([SAMPLES / "2023"])


@cache
def review():
    return api.summary(SAMPLES, year_to=2023)


@cache
def full_info(tmp: str = "") -> ReportInfo:
    return ReportInfo.model_validate(__import__("yaml").safe_load(FULL_INFO))


def _doc(data: bytes):
    return Document(io.BytesIO(data))


def _body_text(doc) -> str:
    """Paragraphs and table cells in document order, up to the appendix."""
    parts = []
    for block in doc.element.body.iterchildren():
        text = "".join(t.text or "" for t in block.iter("{*}t"))
        if text.strip() in ("PHỤ LỤC", "APPENDIX"):
            break
        parts.append(text)
    return "\n".join(parts)


def _all_text(doc) -> str:
    return "\n".join("".join(t.text or "" for t in block.iter("{*}t")) for block in doc.element.body.iterchildren())


def _overview(doc) -> list[list[str]]:
    table = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] in (["Mã", "Chỉ tiêu"], ["ID", "Target"])
                 and len(t.columns) == 5)
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def _expected_status(status: str, value, threshold, comparator: str, no_threshold: bool) -> str:
    beyond = value is not None and threshold is not None and (value > threshold if comparator == ">=" else value < threshold)
    return "Vượt" if status == "met" and beyond and not no_threshold else labels.status(status, "vi")


def test_scorecard_overview_equals_json():
    card = scorecard()
    data = card.to_json()
    rows = _overview(_doc(render_docx(card, "vi", full_info())))
    expected = [[t["id"], measured(t["value"], t["unit"], "vi"),
                 _expected_status(t["status"], t["value"], t["threshold"], t["comparator"],
                                  t["tracked"] or t["previous"] is not None)] for t in data["targets"]]
    assert [[r[0], r[3], r[4]] for r in rows] == expected
    assert any(r[4] == "Vượt" for r in rows)  # T2.1: 88,2% against ≥ 85%


def test_summary_overview_equals_json():
    data = review().to_json()
    rows = _overview(_doc(render_docx(review(), "vi", full_info())))
    expected = []
    for t in data["targets"]:
        value = t["years"]["2023"]["value"]
        expected.append([t["id"], measured(value, t["unit"], "vi"),
                         _expected_status(t["period_status"], value, t["threshold"], t["comparator"],
                                          t["tracked"] or t["improves"])])
    assert [[r[0], r[3], r[4]] for r in rows] == expected


@pytest.mark.parametrize("which", ["scorecard", "review"])
def test_structure_font_page(which):
    doc = _doc(render_docx(scorecard() if which == "scorecard" else review(), "vi", full_info()))
    text = _all_text(doc)
    for heading in ("I. KẾT QUẢ THỰC HIỆN", "II. HẠN CHẾ, NGUYÊN NHÂN", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ", "PHỤ LỤC",
                    "ĐẢNG CỘNG SẢN VIỆT NAM", "BÁO CÁO", "Nơi nhận:", "Ninh Bình, ngày 15 tháng 1 năm 2024",
                    "Số 125-BC/BDVTU", "Nguyễn Văn A"):
        assert heading in text
    assert "Sơ kết 3 năm thực hiện Đề án" in text if which == "review" else "năm 2023" in text
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.styles["Normal"].font.size.pt == 14
    for name in ("Heading 1", "Heading 2", "Heading 3", "Table Grid"):
        assert doc.styles[name].font.name == "Times New Roman", name
    used = {r.font.name for p in doc.paragraphs for r in p.runs}
    assert used <= {None, "Times New Roman"}
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    mm = {side: round(getattr(section, f"{side}_margin").mm, 1) for side in ("top", "bottom", "left", "right")}
    assert 20 <= mm["top"] <= 25 and 20 <= mm["bottom"] <= 25, mm  # Hướng dẫn 36-HD/VPTW
    assert 30 <= mm["left"] <= 35 and 15 <= mm["right"] <= 20, mm
    assert "PAGE" in section.header._element.xml
    assert doc.sections[0].different_first_page_header_footer
    # the header block: the party's name underlined, the issuing body in bold
    party = next(r for r in doc.tables[0].rows[0].cells[1].paragraphs[0].runs)
    assert party.bold and party.underline
    assert any(r.bold and r.text == "BAN DÂN VẬN" for p in doc.tables[0].rows[0].cells[0].paragraphs for r in p.runs)


@pytest.mark.parametrize("which", ["scorecard", "review"])
def test_placeholders_only_when_info_missing(which):
    result = scorecard() if which == "scorecard" else review()
    full = _all_text(_doc(render_docx(result, "vi", full_info())))
    assert "[" not in full
    bare = _doc(render_docx(result, "vi"))
    text = _all_text(bare)
    for placeholder in ("[SỐ KÝ HIỆU]", "[NGƯỜI KÝ]", "[CHỨC VỤ]", "[CƠ QUAN BAN HÀNH]", "[NƠI NHẬN]", "[NGÀY]"):
        assert placeholder in text
    highlighted = [r for p in bare.paragraphs for r in p.runs if r.text.startswith("[")]
    assert highlighted and all(r.font.highlight_color is not None for r in highlighted)


@pytest.mark.parametrize("which", ["scorecard", "review"])
def test_no_internal_detail_before_appendix(which):
    from danvan_cli.issues import CATALOGUE

    result = scorecard() if which == "scorecard" else review()
    body = _body_text(_doc(render_docx(result, "vi")))
    assert "sha256" not in body.lower() and "targets.yaml" not in body and "danvan" not in body
    codes = [code for code in CATALOGUE if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", body)]
    assert codes == []
    assert not re.search(r"\b[0-9a-f]{64}\b", body)


def test_deterministic_bytes_and_stamp():
    card = scorecard()
    assert render_docx(card, "vi", full_info()) == render_docx(card, "vi", full_info())
    assert render_docx(review()) == render_docx(review())
    stamped = _doc(render_docx(card, stamp="Lập lúc 09:30 15/01/2024"))
    assert stamped.core_properties.created.year == 2024
    assert _doc(render_docx(card)).core_properties.created.year == 2021


def test_english():
    doc = _doc(render_docx(review(), "en"))
    text = _all_text(doc)
    for heading in ("I. RESULTS", "II. SHORTCOMINGS AND CAUSES", "III. DIRECTIONS AND TASKS", "APPENDIX", "Recipients:"):
        assert heading in text
    assert "[SIGNER]" in text
    assert len(_overview(doc)) == len(review().summary.targets)


def test_shortcomings_are_facts():
    doc = _doc(render_docx(scorecard(), "vi"))
    body = _body_text(doc)
    limits = body.split("II. HẠN CHẾ, NGUYÊN NHÂN")[1].split("III.")[0]
    # T4.2 is not met in 2023: 99,4% against ≥ 100%
    assert "T4.2" in limits and "99,4%" in limits and "≥ 100%" in limits
    assert "[Đánh giá của cơ quan" in limits


def test_year_report_numbers_its_first_section():
    """Section I of a year's report: 1. the overview, then 2., 3., … one per objective (the Word
    report's own words, not the Markdown report's heading of the same name)."""
    headings = [p.text for p in _doc(render_docx(scorecard(), "vi")).paragraphs if p.style.name == "Heading 2"]
    assert headings[0] == "1. Tổng hợp các chỉ tiêu"
    assert headings[1].startswith("2. Mục tiêu 1: ")


@cache
def scorecard_2025():
    return api.score([SAMPLES / "2025"])


def test_many_units_are_named_by_the_lowest():
    """More than 15 units (the communes and wards of 2025): per target its lowest units, all in Appendix 1."""
    body = _body_text(_doc(render_docx(scorecard_2025(), "vi")))
    lines = [line for line in body.split("\n") if "(đầy đủ tại Phụ lục 1)." in line]
    assert lines and all(re.match(r"^[A-Z]+[0-9.]+[a-z]?: thấp nhất .+ \(đầy đủ tại Phụ lục 1\)\.$", line) for line in lines)
    assert "Đơn vị thấp nhất" not in body


# ---------------------------------------------------------------- report-info YAML


def test_report_info_loads(tmp_path):
    path = tmp_path / "report.yaml"
    path.write_text(FULL_INFO, encoding="utf-8")
    info = load_report_info(path)
    assert info.so_ky_hieu == "125-BC/BDVTU" and info.ngay.day == 15 and len(info.noi_nhan) == 3


def test_report_info_unknown_key(tmp_path):
    path = tmp_path / "report.yaml"
    path.write_text("co_quan: BAN DÂN VẬN\nnguoi_ki: Nguyễn Văn A\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"nguoi_ki") as caught:
        load_report_info(path)
    assert str(path) in str(caught.value)


def test_report_info_refuses_python_tags(tmp_path):
    path = tmp_path / "report.yaml"
    path.write_text("co_quan: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    with pytest.raises(UsageError, match=str(path.name)):
        load_report_info(path)


def test_report_info_bad_value(tmp_path):
    path = tmp_path / "report.yaml"
    path.write_text("ngay: hôm qua\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"ngay"):
        load_report_info(path)


# ---------------------------------------------------------------- rendered by LibreOffice


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_renders_summary(tmp_path):
    source = tmp_path / "so-ket.docx"
    source.write_bytes(render_docx(review(), "vi", full_info()))
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run([SOFFICE, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "so-ket.pdf"
    assert pdf.exists(), "LibreOffice wrote no PDF (is the Writer component installed?)"
    pages = _pdf_pages(pdf)
    assert 6 <= pages <= 40, pages
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "KẾT QUẢ THỰC HIỆN" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        subprocess.run([pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "page")],
                       check=True, timeout=120)
        shots = sorted(tmp_path.glob("page-*.png"))
    else:
        subprocess.run([SOFFICE, profile, "--headless", "--convert-to", "png", "--outdir", str(tmp_path / "png"),
                        str(source)], check=True, capture_output=True, timeout=240)
        shots = sorted((tmp_path / "png").glob("*.png"))
    assert shots and all(s.stat().st_size > 10_000 for s in shots)
    if os.environ.get("DANVAN_UPDATE_DOCS"):
        for n, shot in enumerate(shots, start=1):
            shutil.copy(shot, REPO / "docs" / ("report-docx.png" if n == 1 else f"report-docx-{n}.png"))


def _pdf_pages(pdf: Path) -> int:
    """Pages of a PDF: pdfinfo when installed, else the page objects counted in the file."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        out = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"Pages:\s+(\d+)", out).group(1))
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
