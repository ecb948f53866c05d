"""Scorecard or review → a Word report (báo cáo) in the Party's document format
(Hướng dẫn 36-HD/VPTW): header block, title, I. results, II. shortcomings, III. directions,
"Nơi nhận" and signature, then the appendix (per-unit figures, data quality).

What only the office knows comes from a `ReportInfo`; each missing piece is a highlighted
placeholder in brackets. The bytes are the same on every run unless ``stamp`` is given.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from typing import TYPE_CHECKING, Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from danvan_cli.i18n import as_lang, data_text
from danvan_cli.indicators.reports import Review, Scorecard
from danvan_cli.indicators.results import PeriodStatus
from danvan_cli.render import labels
from danvan_cli.render.context import district_word, target_threshold, threshold_text
from danvan_cli.render.numbers import measured, number
from danvan_cli.render.report_info import ReportInfo

if TYPE_CHECKING:
    from docx.document import Document as DocumentType

FONT = "Times New Roman"
FIXED_TIME = datetime.datetime(2021, 6, 29, 0, 0, 0)  # the programme's decision: any fixed moment will do
TEXT_WIDTH_MM = 165  # A4 210 mm less 30 mm left and 15 mm right
MANY_UNITS = 15  # more units than this: the body names the lowest, the appendix has them all
AT_RISK = ("not_met", "deterioration", "limited_progress", "needs_acceleration")

LANGUAGE_TAGS = {"vi": "vi-VN", "en": "en-US"}  # the document's language, for Word's spelling checker


def _w(lang: str) -> dict[str, str]:
    """The report's words: those every report shares, and the Word report's own (`labels.DOCX`)."""
    return labels.words(lang) | labels.texts(labels.DOCX, lang)


def render_docx(result: Scorecard | Review, lang: str = "vi", info: ReportInfo | None = None,
                stamp: str | None = None) -> bytes:
    """The report as .docx bytes: a year's results for a `Scorecard`, sơ kết / tổng kết for a `Review`."""
    view = _ReviewView(result, lang) if isinstance(result, Review) else _YearView(result, lang)
    report = _Report(view, lang, info or ReportInfo(), stamp)
    return report.build()


# ---------------------------------------------------------------- what the report says


class _YearView:
    """One year's figures as the report needs them."""

    review = False

    def __init__(self, card: Scorecard, lang: str) -> None:
        self.card, self.lang, self.spec = card, lang, card.spec
        self.year = card.year
        self.cards = {card.year: card}

    def title(self, w: dict[str, str]) -> str:
        return w["annual_title"].format(programme=self.spec.programme.title, year=self.year)

    def intro(self, w: dict[str, str], body: str) -> str:
        return w["intro_year"].format(document=self.spec.programme.document, body=body, year=self.year)

    def overview_heading(self, w: dict[str, str]) -> str:
        return w["overview"]

    def overview_rows(self) -> list[tuple[str, str, str, str, str]]:
        rows = []
        for t in self.card.targets:
            rows.append((t.id, _title(self.spec, t.id, self.lang), threshold_text(t, self.lang),
                         measured(t.value, t.unit_in(self.lang), self.lang),
                         _evaluation(t.status, t.value, t.threshold, t.comparator,
                                     t.tracked or t.previous is not None, self.lang)))
        return rows

    def objective_table(self, w: dict[str, str], ids: list[str]) -> tuple[list[str], list[list[str]], list[int]]:
        head = [w["id"], w["target"], w["result"], w["evaluation"]]
        rows = []
        for t in self.card.targets:
            if t.id in ids:
                value = measured(t.value, t.unit_in(self.lang), self.lang)
                if t.denominator is not None and t.value is not None:
                    value += f" ({number(t.numerator, self.lang, 0)}/{number(t.denominator, self.lang, 0)})"
                rows.append([t.id, _title(self.spec, t.id, self.lang), value, labels.status(t.status, self.lang)])
        return head, rows, [18, 86, 35, 26]

    def shortcomings(self, w: dict[str, str]) -> list[str]:
        lines, unknown = [], []
        for t in self.card.targets:
            if t.status == "not_met":
                lines.append(w["not_met_year"].format(
                    id=t.id, title=_title(self.spec, t.id, self.lang), value=measured(t.value, t.unit_in(self.lang), self.lang),
                    threshold=threshold_text(t, self.lang), lowest=_lowest_text(t, self.lang, w)))
            elif t.status in ("no_data", "insufficient_data"):
                unknown.append(t.id)
        if unknown:
            lines.append(w["no_data"].format(items=", ".join(unknown)))
        return lines


class _ReviewView:
    """Several years (sơ kết / tổng kết) as the report needs them."""

    review = True

    def __init__(self, review: Review, lang: str) -> None:
        self.review_, self.lang, self.spec = review, lang, review.spec
        self.summary = review.summary
        self.year = self.summary.year_to
        self.years = list(range(self.summary.year_from, self.summary.year_to + 1))
        self.cards = dict(sorted(review.scorecards.items()))
        self.card = self.cards.get(self.year) or self.cards[max(self.cards)]

    def title(self, w: dict[str, str]) -> str:
        s = self.summary
        return w[s.kind].format(programme=self.spec.programme.title, n=s.year_to - s.year_from + 1,
                                a=s.year_from, b=s.year_to)

    def intro(self, w: dict[str, str], body: str) -> str:
        s = self.summary
        return w["intro_review"].format(document=self.spec.programme.document, body=body,
                                        kind=w[f"kind_{s.kind}"], a=s.year_from, b=s.year_to)

    def overview_heading(self, w: dict[str, str]) -> str:
        return w["overview_year"].format(year=self.year, a=self.summary.year_from, b=self.summary.year_to)

    def _value(self, t: Any, year: int) -> float | None:
        point = next((p for p in t.years if p.year == year), None)
        return point.value if point is not None else None

    def overview_rows(self) -> list[tuple[str, str, str, str, str]]:
        rows = []
        for t in self.summary.targets:
            target = self.spec.target(t.id)
            value = self._value(t, self.year)
            rows.append((t.id, _title(self.spec, t.id, self.lang), target_threshold(target, t.threshold, self.lang),
                         measured(value, t.unit_in(self.lang), self.lang),
                         _evaluation(t.period_status, value, t.threshold, t.comparator,
                                     t.tracked or t.improves, self.lang)))
        return rows

    def objective_table(self, w: dict[str, str], ids: list[str]) -> tuple[list[str], list[list[str]], list[int]]:
        head = [w["id"], w["target"], *map(str, self.years), w["period"]]
        rows = []
        for t in self.summary.targets:
            if t.id in ids:
                cells = [measured(self._value(t, y), t.unit_in(self.lang), self.lang) for y in self.years]
                rows.append([t.id, _title(self.spec, t.id, self.lang), *cells, labels.status(t.period_status, self.lang)])
        year_width = max(14, min(22, 90 // max(len(self.years), 1)))
        title_width = TEXT_WIDTH_MM - 18 - 26 - year_width * len(self.years)
        return head, rows, [18, max(title_width, 40), *[year_width] * len(self.years), 26]

    def shortcomings(self, w: dict[str, str]) -> list[str]:
        lines, partly, unknown = [], [], []
        by_id = {t.id: t for t in self.card.targets}
        for t in self.summary.targets:
            target = self.spec.target(t.id)
            if t.period_status in AT_RISK:
                latest = next((p for p in reversed(t.years) if p.value is not None), None)
                deadline = ""
                if t.projection is not None and t.deadline is not None:
                    deadline = w["projection"].format(year=t.deadline, value=measured(t.projection, t.unit_in(self.lang), self.lang))
                lowest = _lowest_text(by_id[t.id], self.lang, w) if t.id in by_id else ""
                lines.append(w["risk_review"].format(
                    id=t.id, title=_title(self.spec, t.id, self.lang),
                    status_lower=_lower_first(labels.status(t.period_status, self.lang)),
                    year=latest.year if latest else self.year,
                    value=measured(latest.value if latest else None, t.unit_in(self.lang), self.lang),
                    threshold=target_threshold(target, t.threshold, self.lang), deadline=deadline, lowest=lowest))
            elif t.period_status == "partly_met":
                n = sum(p.status in ("met", "not_met") for p in t.years) if t.improves else t.years_with_data
                partly.append(f"{t.id} ({w['years_of'].format(met=t.years_met, n=n)})")
            elif t.period_status in ("no_data", "insufficient_data"):
                unknown.append(t.id)
        if partly:
            lines.append(w["partly"].format(items="; ".join(partly)))
        if unknown:
            lines.append(w["no_data"].format(items=", ".join(unknown)))
        return lines


def _title(spec: Any, target_id: str, lang: str) -> str:
    target = spec.target(target_id)
    return data_text(lang, target.title, target.title_en)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def exceeded(value: float | None, threshold: float | None, comparator: str) -> bool:
    """Beyond the threshold, not only at it (≥ 85%: 90%; ≤ 5%: 3%)."""
    if value is None or threshold is None:
        return False
    return value > threshold if comparator == ">=" else value < threshold


def _evaluation(status: PeriodStatus, value: float | None, threshold: float | None, comparator: str,
                no_threshold: bool, lang: str) -> str:
    """The status label; "Vượt" where a met target's value is beyond its threshold."""
    if status == "met" and not no_threshold and exceeded(value, threshold, comparator):
        return _w(lang)["exceeded"]
    return labels.status(status, lang)


def _ranked(t: Any) -> list[Any]:
    """Units with a value, worst first."""
    return sorted((d for d in t.breakdown if d.value is not None), key=lambda d: (d.value, d.code),
                  reverse=t.comparator == "<=")


def _lowest_text(t: Any, lang: str, w: dict[str, str], n: int = 2) -> str:
    worst = _ranked(t)[:n]
    if not worst or t.tracked:
        return ""
    return w["lowest_in"].format(units=", ".join(f"{d.name} ({measured(d.value, t.unit_in(lang), lang)})" for d in worst))


def _data_problems(view: Any, w: dict[str, str]) -> list[str]:
    """Units that sent nothing, rows missing, rows rejected: per year in a review."""
    lines = []
    for year, card in view.cards.items():
        prefix = w["in_year"].format(year=year) if view.review else ""
        for c in card.submission.completeness:
            form = card.spec.forms[c.form]
            if c.missing and c.expected is not None:
                names = ", ".join(card.registry.name(code) if code in card.registry.units else code for code in c.missing[:10])
                if len(c.missing) > 10:
                    names += f" … (+{len(c.missing) - 10})"
                lines.append(_cap(labels.units_missing(prefix, form.number, len(c.missing), names, view.lang)))
            if c.missing_rows:
                lines.append(_cap(labels.rows_missing(prefix, form.number, len(c.missing_rows), view.lang)))
        rejected = sum(f.rows_rejected for f in card.submission.files)
        if rejected:
            lines.append(_cap(labels.rows_rejected(prefix, rejected, view.lang)))
    return lines or [w["data_ok"]]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- the document


class _Report:
    def __init__(self, view: Any, lang: str, info: ReportInfo, stamp: str | None) -> None:
        self.view, self.lang, self.info, self.stamp = view, lang, info, stamp
        self.w = _w(lang)
        self.placeholders = labels.texts(labels.PLACEHOLDERS, lang)
        self.doc: DocumentType = Document()

    # -- building blocks

    def placeholder(self, key: str) -> str:
        return self.placeholders[key]

    def run(self, paragraph: Any, text: str | None, key: str | None = None, *, bold: bool = False,
            italic: bool = False, underline: bool = False, size: float | None = None) -> Any:
        """A run of ``text``; when it is missing, the highlighted placeholder of ``key``."""
        missing = not text
        run = paragraph.add_run(self.placeholder(key) if missing and key else (text or ""))
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
        if size:
            run.font.size = Pt(size)
        if missing and key:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        return run

    def para(self, text: str = "", *, align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True,
             bold: bool = False, italic: bool = False, size: float | None = None, after: float = 6,
             keep: bool = False, highlight: bool = False) -> Any:
        p = self.doc.add_paragraph()
        p.alignment = align
        fmt = p.paragraph_format
        fmt.first_line_indent = Mm(10) if indent else None
        fmt.space_after = Pt(after)
        fmt.keep_with_next = keep or None
        if text:
            r = self.run(p, text, bold=bold, italic=italic, size=size)
            if highlight:
                r.font.highlight_color = WD_COLOR_INDEX.YELLOW
        return p

    def heading(self, text: str, level: int) -> Any:
        p = self.doc.add_heading(text, level)
        p.paragraph_format.first_line_indent = Mm(10) if level > 1 else None
        return p

    def table(self, head: list[str], rows: list[list[str]], widths_mm: list[int], *,
              numeric_from: int = 2, size: float = 12) -> Any:
        table = self.doc.add_table(rows=1, cols=len(head))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _repeat_header(table.rows[0])
        for cell, text in zip(table.rows[0].cells, head, strict=True):
            _shade(cell, "E7E6E6")
            self._cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=size)
        for values in rows:
            row = table.add_row()
            _cant_split(row)
            for i, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
                align = WD_ALIGN_PARAGRAPH.LEFT if i < numeric_from or i == 0 else WD_ALIGN_PARAGRAPH.CENTER
                self._cell(cell, text, align=align, size=size)
        _widths(table, widths_mm)
        self.para(after=0, size=6)  # a small gap after the table
        return table

    def _cell(self, cell: Any, text: str, *, bold: bool = False, align: Any = None, size: float = 12) -> None:
        p = cell.paragraphs[0]
        p.alignment = align
        p.paragraph_format.first_line_indent = None
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.line_spacing = 1.0
        self.run(p, text, bold=bold, size=size)

    # -- the parts

    def build(self) -> bytes:
        self.page_setup()
        self.header_block()
        self.title()
        self.results()
        self.limits()
        self.directions()
        self.signature()
        self.appendix()
        self.properties()
        out = io.BytesIO()
        self.doc.save(out)
        return _fixed_zip(out.getvalue(), self.moment())

    def page_setup(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        section.header_distance, section.footer_distance = Mm(10), Mm(10)
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.size = Pt(14)
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.1
        for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title", "Table Grid"):
            _font(styles[name])
        for level, (size, italic) in {1: (14, False), 2: (14, False), 3: (14, True)}.items():
            style = styles[f"Heading {level}"]
            style.font.size, style.font.bold, style.font.italic = Pt(size), True, italic
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(12 if level == 1 else 6), Pt(6)
            style.paragraph_format.keep_with_next = True
        _font_defaults(self.doc)
        # page numbers centred at the top from page 2 (the first page carries none)
        section.different_first_page_header_footer = True
        p = section.header.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_field(p)

    def header_block(self) -> None:
        info = self.info
        table = self.doc.add_table(rows=1, cols=2)
        table.autofit = False
        left, right = table.rows[0].cells
        first = left.paragraphs[0]
        self.run(first, info.co_quan_cap_tren, "co_quan_cap_tren", size=13)
        self.run(left.add_paragraph(), info.co_quan, "co_quan", bold=True, size=14)
        self.run(left.add_paragraph(), "*", size=14)
        p = left.add_paragraph()
        self.run(p, self.w["number"] + " ", size=14)
        self.run(p, info.so_ky_hieu, "so_ky_hieu", size=14)
        self.run(right.paragraphs[0], self.w["party"], bold=True, underline=True, size=15)
        right.add_paragraph()
        date_line = right.add_paragraph()
        self.run(date_line, info.dia_danh, "dia_danh", italic=True, size=14)
        day = info.ngay
        parts = [(str(day.day) if day else None, "ngay"), (str(day.month) if day else None, "thang"),
                 (str(day.year) if day else None, "nam")]
        template = self.w["date_line"]
        pieces = re.split(r"(\{\w+\})", template)
        values = {"{d}": parts[0], "{m}": parts[1], "{y}": parts[2]}
        for piece in pieces:
            if piece == "{place}" or not piece:
                continue
            if piece in values:
                text, key = values[piece]
                self.run(date_line, text, key, italic=True, size=14)
            else:
                self.run(date_line, piece, italic=True, size=14)
        for cell in (left, right):
            for q in cell.paragraphs:
                q.alignment = WD_ALIGN_PARAGRAPH.CENTER
                q.paragraph_format.space_after = Pt(0)
                q.paragraph_format.line_spacing = 1.0
        _widths(table, [78, 87])

    def title(self) -> None:
        self.para(self.w["report"], align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, bold=True, size=15, after=0).paragraph_format.space_before = Pt(18)
        self.para(self.view.title(self.w), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, bold=True, after=0)
        self.para("-----", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=12)
        body = self.info.co_quan
        p = self.para()
        intro = self.view.intro(self.w, "\0")
        before, after = intro.split("\0")
        self.run(p, before)
        self.run(p, _sentence_case(body) if body else None, "body")
        self.run(p, after)

    def results(self) -> None:
        w = self.w
        self.heading(w["results"], 1)
        self.heading(self.view.overview_heading(w), 2)
        rows = [list(r) for r in self.view.overview_rows()]
        self.table([w["id"], w["target"], w["threshold"], w["value"], w["evaluation"]], rows, [18, 72, 27, 22, 26])
        card = self.view.card
        by_id = {t.id: t for t in card.targets}
        district = _by_district(card)
        number_ = 2
        for obj in self.view.spec.objectives:
            ids = [t.id for t in card.targets if t.objective == obj.id]
            if not ids:
                continue
            name = f"{w['objective']} {obj.id}" if obj.id.isdigit() else w["tasks"]
            title = data_text(self.lang, obj.title, obj.title_en)
            self.heading(f"{number_}. {name}: {title}", 2)
            number_ += 1
            head, rows, widths = self.view.objective_table(w, ids)
            self.table(head, rows, widths)
            with_units = [by_id[i] for i in ids if by_id[i].breakdown]
            if with_units:
                self.para(w["by_district" if district else "by_new"].format(year=card.year), italic=True, keep=True,
                          indent=False, size=13)
                units = _units(with_units)
                if len(units) <= MANY_UNITS:
                    self.unit_tables(with_units, units, parts=False)
                else:
                    for t in with_units:
                        worst = _ranked(t)[:5]
                        names = ", ".join(f"{d.name} ({measured(d.value, t.unit_in(self.lang), self.lang)})" for d in worst)
                        self.para(w["lowest_units"].format(id=t.id, units=names or "—"), size=13)
            if self.view.review:
                self.charts(ids)

    def unit_tables(self, targets: list[Any], units: list[tuple[str, str]], parts: bool) -> None:
        """Units down, targets across (a few per table so the figures stay readable)."""
        w = self.w
        per_table = 4 if parts else 5
        district = _by_district(self.view.card)
        for start in range(0, len(targets), per_table):
            chunk = targets[start:start + per_table]
            head = [w["unit_district"] if district else w["unit_new"], *(t.id for t in chunk)]
            rows = []
            for code, name in units:
                cells = []
                for t in chunk:
                    entry = next((d for d in t.breakdown if d.code == code), None)
                    text = measured(entry.value, t.unit_in(self.lang), self.lang) if entry is not None else "—"
                    if parts and entry is not None and entry.denominator is not None:
                        text += f" ({number(entry.numerator, self.lang, 0)}/{number(entry.denominator, self.lang, 0)})"
                    cells.append(text)
                rows.append([name, *cells])
            first = 45
            each = (TEXT_WIDTH_MM - first) // per_table
            self.table(head, rows, [first, *[each] * len(chunk)], numeric_from=1, size=11 if parts else 12)

    def charts(self, ids: list[str]) -> None:
        from danvan_cli.render.charts import _scale  # same axis as the HTML's charts

        targets = [t for t in self.view.summary.targets if t.id in ids and t.years_with_data]
        pictures = []
        for t in targets:
            png = _chart_png(t, self.view.summary.year_to, _scale(t, self.view.summary.year_to))
            if png is None:
                return  # no plotting library: the tables carry the figures
            pictures.append((t.id, png))
        if not pictures:
            return
        self.para(self.w["charts"], italic=True, size=12, keep=True, indent=False)
        table = self.doc.add_table(rows=0, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for start in range(0, len(pictures), 2):
            row = table.add_row()
            _cant_split(row)
            for cell, (tid, png) in zip(row.cells, pictures[start:start + 2], strict=False):
                p = cell.paragraphs[0]
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.space_after = Pt(0)
                self.run(p, tid, bold=True, size=11)
                p.add_run().add_break()
                p.add_run().add_picture(io.BytesIO(png), width=Mm(78))
        _widths(table, [82, 82])
        self.para(after=0, size=6)

    def limits(self) -> None:
        w = self.w
        self.heading(w["limits"], 1)
        self.heading(w["limits_1"], 2)
        lines = self.view.shortcomings(w) or [w["none_short"]]
        for line in lines + _data_problems(self.view, w):
            self.para("- " + line)
        self.heading(w["limits_2"], 2)
        self.own_text(self.info.danh_gia, w["assess_here"])

    def directions(self) -> None:
        self.heading(self.w["directions"], 1)
        self.own_text(self.info.phuong_huong, self.w["directions_here"])

    def own_text(self, text: str | None, placeholder: str) -> None:
        if not text:
            self.para(placeholder, highlight=True)
            return
        for paragraph in re.split(r"\n\s*\n", text.strip()):
            self.para(" ".join(paragraph.split()))

    def signature(self) -> None:
        info = self.info
        self.para(after=0)
        for q in self.doc.paragraphs[-2:]:  # section III's last paragraph goes with the signature
            q.paragraph_format.keep_with_next = True
        table = self.doc.add_table(rows=1, cols=2)
        table.autofit = False
        left, right = table.rows[0].cells
        p = left.paragraphs[0]
        self.run(p, self.w["recipients"], bold=True, italic=True, size=12)
        recipients = info.noi_nhan or []
        if not recipients:
            self.run(left.add_paragraph(), None, "noi_nhan", size=11)
        for n, who in enumerate(recipients):
            end = "." if n == len(recipients) - 1 else ","
            self.run(left.add_paragraph(), f"- {who.rstrip(',.;')}{end}", size=11)
        for q in left.paragraphs:
            q.paragraph_format.space_after = Pt(0)
            q.paragraph_format.line_spacing = 1.0
        self.run(right.paragraphs[0], info.quyen_han, "quyen_han", bold=True, size=14)
        self.run(right.add_paragraph(), info.chuc_vu, "chuc_vu", bold=True, size=14)
        for _ in range(4):
            right.add_paragraph()
        self.run(right.add_paragraph(), info.nguoi_ky, "nguoi_ky", bold=True, size=14)
        for q in right.paragraphs:
            q.alignment = WD_ALIGN_PARAGRAPH.CENTER
            q.paragraph_format.space_after = Pt(0)
            q.paragraph_format.keep_with_next = True
        _cant_split(table.rows[0])  # "Nơi nhận" and the signature stay on one page
        _widths(table, [80, 85])

    def appendix(self) -> None:
        w = self.w
        p = self.para(w["appendix"], align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, bold=True, after=0)
        p.paragraph_format.page_break_before = True
        p = self.para(align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=12)
        before, after = w["appendix_of"].split("{number}")
        self.run(p, before, italic=True)
        self.run(p, self.info.so_ky_hieu, "so_ky_hieu", italic=True)
        self.run(p, after, italic=True)
        card = self.view.card
        self.heading(w["appendix_1"].format(year=card.year), 2)
        with_units = [t for t in card.targets if t.breakdown]
        if with_units:
            self.unit_tables(with_units, _units(with_units), parts=True)
        else:
            self.para(w["no_breakdown"])
        self.heading(w["appendix_2"], 2)
        self.data_annex()
        if self.stamp:
            self.para(self.stamp, italic=True, size=11, indent=False)

    def data_annex(self) -> None:
        w, lang = self.w, self.lang
        for year, card in self.view.cards.items():
            files = card.submission.files
            self.para(w["inputs_year"].format(
                year=year, files=number(len(files), lang, 0),
                read=number(sum(f.rows_read for f in files), lang, 0),
                accepted=number(sum(f.rows_accepted for f in files), lang, 0),
                rejected=number(sum(f.rows_rejected for f in files), lang, 0)), keep=True, indent=False, bold=True, size=13)
            head = [w["file"], w["rows_read"], w["rows_accepted"], w["rows_skipped"], w["rows_rejected"]]
            rows = [[f.name, number(f.rows_read, lang, 0), number(f.rows_accepted, lang, 0),
                     number(f.rows_skipped, lang, 0), number(f.rows_rejected, lang, 0)] for f in files]
            self.table(head, rows, [65, 25, 25, 25, 25], numeric_from=1, size=11)
            missing = _data_problems(_OneYear(self.view, year, card), w)
            for line in missing:
                self.para("- " + line, size=12)
            self.consistency(card)

    def consistency(self, card: Scorecard) -> None:
        """The year's unusual figures (internal consistency): counts in a line, then the units to
        call with their first flag's place; one line when there are none."""
        w, lang = self.w, self.lang
        cons = card.consistency()
        if not cons.flags:
            self.para("- " + w["no_flags_line"], size=12)
            return
        self.para("- " + w["consistency_line"].format(
            outliers=number(cons.outliers, lang, 0), jumps=number(cons.value_jumps, lang, 0),
            rows=number(cons.rows_disappeared, lang, 0)), size=12, keep=bool(cons.units))
        if not cons.units:
            return
        self.para("- " + w["contact_line"].format(units=number(cons.units_flagged, lang, 0)), size=12, keep=True)
        rows = [[u.code, u.name, u.district_name or u.district, number(u.count, lang, 0),
                 u.first.location_in(lang) if u.first is not None else ""] for u in cons.units]
        head = [w["id"], w["unit_name"], district_word(card.registry, lang), w["flags"], w["first_flag"]]
        self.table(head, rows, [18, 40, 30, 20, 57], numeric_from=3, size=11)

    def moment(self) -> datetime.datetime:
        if not self.stamp:
            return FIXED_TIME
        found = re.search(r"(\d{1,2}):(\d{2}) (\d{1,2})/(\d{1,2})/(\d{4})", self.stamp)
        if found:
            h, mi, d, mo, y = (int(g) for g in found.groups())
            return datetime.datetime(y, mo, d, h, mi)
        return datetime.datetime.now().replace(microsecond=0)

    def properties(self) -> None:
        core = self.doc.core_properties
        core.author = core.last_modified_by = self.info.co_quan or "danvan"
        core.title = self.view.title(self.w)
        core.subject = self.view.spec.programme.title
        core.comments = core.keywords = core.category = ""
        core.revision = 1
        core.language = LANGUAGE_TAGS[as_lang(self.lang)]
        core.created = core.modified = self.moment()


class _OneYear:
    """A view of one year of a review for `_data_problems` (the annex lists them per year)."""

    review = False

    def __init__(self, view: Any, year: int, card: Any) -> None:
        self.cards, self.lang = {year: card}, view.lang


def _sentence_case(text: str) -> str:
    """"BAN DÂN VẬN" → "Ban Dân vận" is not safe to guess: keep the office's words, only
    lower an all-capitals name's letters after the first word's initial."""
    if text.isupper():
        words = text.split()
        return " ".join([words[0].capitalize(), *(x.capitalize() if i == 0 else x.lower() for i, x in enumerate(words[1:]))])
    return text


def _by_district(card: Any) -> bool:
    order = card.registry.level_order
    return len(order) < 2 or card.registry.district_level == order[1]


def _units(targets: list[Any]) -> list[tuple[str, str]]:
    """Every unit of the targets' breakdowns, in code order."""
    found: dict[str, str] = {}
    for t in targets:
        for d in t.breakdown:
            found.setdefault(d.code, d.name)
    return sorted(found.items(), key=lambda kv: (len(kv[0]), kv[0]))


# ---------------------------------------------------------------- charts


def _chart_png(t: Any, last_year: int, scale: tuple[int, int, float]) -> bytes | None:
    """The target's yearly values, threshold and projection as a small PNG (matplotlib, Agg)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib.figure import Figure
    except ImportError:
        return None
    first, end, top = scale
    fig = Figure(figsize=(3.4, 1.55), dpi=200)
    ax = fig.add_axes((0.11, 0.17, 0.86, 0.78))
    points = [(p.year, p.value) for p in t.years if p.value is not None]
    if t.threshold is not None:
        ax.axhline(t.threshold, color="#1a7f37", linestyle=(0, (4, 3)), linewidth=1)
    if t.segment_from is not None:
        ax.axvline(t.segment_from - 0.5, color="#b35900", linestyle=(0, (2, 2)), linewidth=1)
    if t.projection is not None and t.deadline is not None and points:
        ax.plot([points[-1][0], t.deadline], [points[-1][1], t.projection], color="#244a7a",
                linestyle=(0, (5, 3)), linewidth=1, alpha=0.7)
        ax.plot([t.deadline], [t.projection], marker="o", markerfacecolor="none", color="#244a7a", markersize=3)
    cut = t.segment_from
    pieces = [[q for q in points if q[0] < cut], [q for q in points if q[0] >= cut]] if cut is not None else [points]
    for piece in pieces:
        if piece:
            ax.plot([a for a, _ in piece], [b for _, b in piece], color="#244a7a", linewidth=1.6, marker="o", markersize=3)
    ax.set_xlim(first - 0.3, end + 0.3)
    ax.set_ylim(0, top * 1.05)
    ax.set_xticks(range(first, end + 1))
    ax.set_yticks([0, top / 2, top])
    ax.tick_params(labelsize=6.5, length=2, pad=1.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    out = io.BytesIO()
    fig.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


# ---------------------------------------------------------------- Word XML details


def _font(style: Any) -> None:
    """Times New Roman for every script (Vietnamese letters come from the East Asian/complex slots
    in some Word builds), dropping the template's theme fonts that would win over it."""
    style.font.name = FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _font_defaults(doc: Any) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    if fonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)


def _page_field(paragraph: Any) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)
    run.font.size = Pt(13)


def _widths(table: Any, widths_mm: list[int]) -> None:
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)


def _shade(cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: Any) -> None:
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _cant_split(row: Any) -> None:
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _fixed_zip(data: bytes, moment: datetime.datetime) -> bytes:
    """The same .docx with every zip entry dated ``moment`` (python-docx stamps them with now)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, moment.timetuple()[:6])
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


__all__ = ["render_docx", "exceeded"]
