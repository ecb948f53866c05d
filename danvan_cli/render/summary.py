"""The multi-year review (sơ kết / tổng kết) → Markdown or HTML."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from danvan_cli.render import labels
from danvan_cli.render.charts import line_chart
from danvan_cli.render.context import when_text
from danvan_cli.render.markdown import environment
from danvan_cli.render.numbers import measured, number

if TYPE_CHECKING:
    from danvan_cli.api import Review

TITLES = {
    "midterm": ("Sơ kết {n} năm thực hiện Đề án ({a}-{b})", "Mid-term review of the programme ({a}-{b})"),
    "final": ("Tổng kết thực hiện Đề án giai đoạn {a}-{b}", "Final review of the programme, {a}-{b}"),
}
TREND = {"up": ("↗ tăng", "↗ rising"), "down": ("↘ giảm", "↘ falling"), "flat": ("→ đi ngang", "→ flat")}


def _context(review: Review, lang: str, stamp: str | None) -> dict[str, Any]:
    spec, summary = review.spec, review.summary
    en = lang == "en"
    years = list(range(summary.year_from, summary.year_to + 1))
    quality = {y: card.target_quality() for y, card in review.scorecards.items()}
    caveats: list[dict[str, str]] = []
    groups = []
    for obj in spec.objectives:
        rows = []
        for t in (t for t in summary.targets if t.objective == obj.id):
            target = spec.target(t.id)
            per_year = {p.year: p for p in t.years}
            rows.append({
                "id": t.id,
                "title": (target.title_en or target.title) if en else target.title,
                "threshold": f"{t.comparator.replace('>=', '≥').replace('<=', '≤')} {measured(t.threshold, t.unit, lang)}",
                "when": when_text(t.when, t.deadline, target.window, lang),
                "years": [_year_cell(per_year.get(y), quality.get(y, {}).get(t.id), t.unit, lang) for y in years],
                "trend": TREND[t.trend][1 if en else 0] if t.trend else "—",
                "ratio": number(t.progress_ratio, lang, 2) if t.progress_ratio is not None else "—",
                "projection": measured(t.projection, t.unit, lang) if t.projection is not None else "—",
                "met": f"{t.years_met}/{t.years_with_data}",
                "status": t.status,
                "status_label": labels.status(t.status, lang),
                "mark": labels.STATUS_MARK.get(t.status, ""),
                "chart": line_chart(t, summary.year_to) if t.years_with_data else "",
                "deadline": t.when == "deadline",
            })
        for row in rows:
            caveats += [{"id": row["id"], "year": str(y), "text": cell["caveat"]}
                        for y, cell in zip(years, row["years"], strict=True) if cell["caveat"]]
        if rows:
            heading = f"{labels.words(lang)['objective']} {obj.id}" if obj.id.isdigit() else labels.words(lang)["tasks"]
            groups.append({"heading": heading, "title": (obj.title_en or obj.title) if en else obj.title, "targets": rows})
    counts: dict[str, int] = {}
    for t in summary.targets:
        counts[t.status] = counts.get(t.status, 0) + 1
    title = TITLES[summary.kind][1 if en else 0].format(
        n=summary.year_to - summary.year_from + 1, a=summary.year_from, b=summary.year_to)
    return {
        "W": labels.words(lang) | _words(lang), "lang": lang, "title": title, "page_title": title,
        "programme": spec.programme, "years": years, "objectives": groups, "counts": counts,
        "kind": summary.kind, "stamp": stamp,
        "status_label": lambda code: labels.status(code, lang),
        "interpretations": [
            {"id": i.id, "text": (i.note_en or i.note) if en else i.note,
             "targets": ", ".join(t.id for t in spec.targets if t.interpretation == i.id)}
            for i in spec.interpretations if any(t.interpretation == i.id for t in spec.targets)],
        "cuts": spec.progress,
        "caveats": caveats,
        "year_quality": [_quality_row(y, q, lang) for y, q in review.year_quality().items()],
    }


def _year_cell(point: Any, quality: Any, unit: str, lang: str) -> dict[str, str]:
    """One year's figure of a target, with what makes it doubtful (rows rejected, units missing)."""
    value = point.value if point is not None else None
    caveat = quality.text(lang) if quality is not None and quality.doubtful and value is not None else ""
    return {"value": measured(value, unit, lang) if point is not None else "—",
            "status": point.status if point is not None else "no_data",
            "mark": "⚠" if caveat else "", "caveat": caveat}


def _quality_row(year: int, q: dict[str, Any], lang: str) -> dict[str, Any]:
    return {"year": year, **{k: number(v, lang, 0) for k, v in q.items() if isinstance(v, int)},
            "bad": bool(q["errors"] or q["units_missing"] or q["rows_missing"])}


def _words(lang: str) -> dict[str, str]:
    pairs = {
        "trend": ("Xu hướng", "Trend"),
        "ratio": ("Tỷ số tiến độ R", "Progress ratio R"),
        "projection": ("Dự báo đến hạn", "Projection at deadline"),
        "years_met": ("Số năm đạt", "Years met"),
        "year_quality": ("Chất lượng số liệu theo năm", "Data quality by year"),
        "year": ("Năm", "Year"),
        "files": ("Tệp", "Files"),
        "errors": ("Lỗi", "Errors"),
        "warnings": ("Cảnh báo", "Warnings"),
        "units_missing": ("Đơn vị chưa nộp", "Units missing"),
        "caveat_note": (
            "⚠ Số liệu năm đó của chỉ tiêu dựa trên dữ liệu chưa đầy đủ hoặc có vấn đề (dòng bị loại do lỗi, đơn vị chưa nộp, cảnh báo); "
            "chạy “danvan validate” cho thư mục năm để xem chi tiết:",
            "⚠ That year's figure rests on incomplete or questioned data (rows rejected for errors, units missing, warnings); "
            "run “danvan validate” on the year folder for the details:",
        ),
        "method": ("Cách đánh giá tiến độ", "How progress is judged"),
        "method_text": (
            "Với chỉ tiêu có thời hạn, R = (mức thay đổi thực tế mỗi năm) / (mức thay đổi cần thiết mỗi năm để đạt ngưỡng đúng hạn), tính từ năm gốc. "
            "R ≥ {on} đúng tiến độ; {acc} ≤ R < {on} cần đẩy nhanh; {lim} ≤ R < {acc} chậm tiến độ; R < {lim} đi xuống. "
            "Dự báo: đường thẳng bình phương tối thiểu qua các năm có số liệu. Biểu đồ: đường liền là giá trị các năm, đường gạch xanh lá là ngưỡng, "
            "đường chấm là lộ trình thẳng từ năm gốc đến ngưỡng, đường gạch xanh dương là dự báo.",
            "For targets with a deadline, R = (actual change per year) / (change per year needed to reach the threshold on time), from the baseline. "
            "R ≥ {on} on track; {acc} ≤ R < {on} needs acceleration; {lim} ≤ R < {acc} limited progress; R < {lim} deterioration. "
            "Projection: least-squares straight line through the years with data. Chart: solid line the yearly values, green dashes the threshold, "
            "dots the straight path from the baseline to the threshold, blue dashes the projection.",
        ),
    }
    i = 1 if lang == "en" else 0
    return {k: v[i] for k, v in pairs.items()}


def render_markdown(review: Review, lang: str = "vi", stamp: str | None = None) -> str:
    text = environment(False).get_template("summary.md.j2").render(_context(review, lang, stamp))
    return re.sub(r"\n{3,}", "\n\n", text)


def render_html(review: Review, lang: str = "vi", stamp: str | None = None) -> str:
    from markupsafe import Markup

    from danvan_cli.render.html import COLOURS

    context = _context(review, lang, stamp)
    for group in context["objectives"]:
        for row in group["targets"]:
            row["chart"] = Markup(row["chart"])  # numbers only, built by render.charts
    context["colours"] = COLOURS
    return environment(True).get_template("summary.html.j2").render(context)
