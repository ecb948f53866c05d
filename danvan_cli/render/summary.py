"""The multi-year review (sơ kết / tổng kết) → Markdown or HTML."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from danvan_cli.render import labels
from danvan_cli.render.charts import line_chart
from danvan_cli.render.context import (
    footnote_marks,
    interpretation_notes,
    ranked_breakdown,
    target_threshold,
    when_text,
)
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
    W = labels.words(lang) | _words(lang)
    years = list(range(summary.year_from, summary.year_to + 1))
    quality = {y: card.target_quality() for y, card in review.scorecards.items()}
    caveats: list[dict[str, str]] = []
    breaks: list[dict[str, str]] = []
    groups = []
    for obj in spec.objectives:
        rows = []
        for t in (t for t in summary.targets if t.objective == obj.id):
            target = spec.target(t.id)
            per_year = {p.year: p for p in t.years}
            latest = t.status if t.status != t.period_status and t.when != "deadline" else ""
            rows.append({
                "id": t.id,
                "title": (target.title_en or target.title) if en else target.title,
                "threshold": target_threshold(target, t.threshold, lang)
                + (f"; {W['prorate_rule']}" if target.prorate else ""),
                "when": when_text(t.when, t.deadline, target.window, lang),
                "years": [_year_cell(per_year.get(y), quality.get(y, {}).get(t.id), target, lang, y == t.segment_from)
                          for y in years],
                "trend": TREND[t.trend][1 if en else 0] if t.trend else "—",
                "ratio": number(t.progress_ratio, lang, 2) if t.progress_ratio is not None else "—",
                "projection": measured(t.projection, t.unit, lang) if t.projection is not None else "—",
                "met": _met_text(t, W),
                "status": t.period_status,
                "status_label": labels.status(t.period_status, lang),
                "mark": labels.STATUS_MARK.get(t.period_status, ""),
                "latest": W["latest"].format(year=_latest_year(t), status=labels.status(latest, lang)) if latest else "",
                "chart": line_chart(t, summary.year_to) if t.years_with_data else "",
                "deadline": t.when == "deadline",
                "footnotes": footnote_marks(spec, target.interpretation_ids),
                "segment": W["segment"].format(year=t.segment_from) if t.segment_from is not None else "",
            })
            breaks += [{"id": t.id, "year": str(b.year), "text": b.text(lang),
                        "after": W["after_break" if t.when == "deadline" else "after_break_annual"].format(year=b.year)
                        if b.year == t.segment_from else ""}
                       for b in t.breaks]
        for row in rows:
            caveats += [{"id": row["id"], "year": str(y), "text": cell["caveat"]}
                        for y, cell in zip(years, row["years"], strict=True) if cell["caveat"]]
        if rows:
            heading = f"{labels.words(lang)['objective']} {obj.id}" if obj.id.isdigit() else labels.words(lang)["tasks"]
            groups.append({"heading": heading, "title": (obj.title_en or obj.title) if en else obj.title, "targets": rows})
    found: dict[str, int] = {}
    for t in summary.targets:  # the headline counts the period verdicts
        found[t.period_status] = found.get(t.period_status, 0) + 1
    counts = {k: found[k] for k in labels.STATUS_ORDER if k in found}
    counts |= {k: n for k, n in found.items() if k not in counts}
    title = TITLES[summary.kind][1 if en else 0].format(
        n=summary.year_to - summary.year_from + 1, a=summary.year_from, b=summary.year_to)
    return {
        "W": W, "lang": lang, "title": title, "page_title": title,
        "programme": spec.programme, "years": years, "objectives": groups, "counts": counts,
        "kind": summary.kind, "stamp": stamp,
        "status_label": lambda code: labels.status(code, lang),
        "interpretations": interpretation_notes(
            spec, {t.id: spec.target(t.id).interpretation_ids for t in summary.targets}, lang),
        "cuts": spec.progress,
        "caveats": caveats,
        "year_quality": [_quality_row(y, q, lang) for y, q in review.year_quality().items()],
        "breaks": breaks,
        "scope_notes": [text[:1].upper() + text[1:] for text in review.scope_notes(lang).values()],
        "areas": _areas(review, lang) if review.by_area else [],
        "unit_series": _unit_series(review, lang),
        "last_year": summary.year_to,
    }


LOWEST = 3  # units named as the lowest of the last year


def _unit_series(review: Review, lang: str) -> list[dict[str, Any]]:
    """Per target with figures by unit: each unit's value each year, the units as each year
    reported them (old districts, then from 2025 the new units: no mapping between them), and
    the lowest units of the last year with figures by unit."""
    spec, summary = review.spec, review.summary
    years = list(range(summary.year_from, summary.year_to + 1))
    tables = []
    for t in summary.targets:
        per_year = {y: next((r for r in card.targets if r.id == t.id), None) for y, card in review.scorecards.items()}
        per_year = {y: r for y, r in per_year.items() if r is not None and r.breakdown}
        if not per_year:
            continue
        units: dict[str, str] = {}
        values: dict[tuple[str, int], str] = {}
        for y in sorted(per_year):
            for d in per_year[y].breakdown:
                units.setdefault(d.code, d.name)
                values[(d.code, y)] = measured(d.value, t.unit, lang)
        # units by the first year they report, then by code: old districts before new units
        first = {code: min(y for (c, y) in values if c == code) for code in units}
        rows = [{"code": code, "name": units[code], "cells": [values.get((code, y), "—") for y in years]}
                for code in sorted(units, key=lambda c: (first[c], len(c), c))]
        last = max(per_year)
        # the units of a single later year (the new communes and wards of 2025) as a compact list
        # in the HTML when many: their one figure beside the name, not a mostly empty row
        single = {r["code"]: y for r in rows for y in years
                  if [c != "—" for c in r["cells"]].count(True) == 1 and r["cells"][years.index(y)] != "—"}
        longer = {y for r in rows if r["code"] not in single for y, c in zip(years, r["cells"], strict=True) if c != "—"}
        compact_years = {y for y in single.values() if y not in longer}
        compact = [{"code": r["code"], "name": r["name"], "year": single[r["code"]],
                    "value": r["cells"][years.index(single[r["code"]])]}
                   for r in rows if single.get(r["code"]) in compact_years]
        if len(compact) <= 12:
            compact = []
        ranked = [d for d in ranked_breakdown(per_year[last], lang) if d["raw"] is not None]
        # the worst units, only where they fall behind the best one (all at 100%: none is "lowest")
        lowest = [d for d in ranked if ranked and d["raw"] != ranked[-1]["raw"]][:LOWEST]
        target = spec.target(t.id)
        tables.append({
            "id": t.id, "title": (target.title_en or target.title) if lang == "en" else target.title,
            "threshold": target_threshold(target, t.threshold, lang),
            "rows": rows, "last": last, "compact": compact,
            "table_rows": [r for r in rows if r["code"] not in {c["code"] for c in compact}],
            "compact_years": sorted({c["year"] for c in compact}),
            "lowest": [{"code": d["code"], "name": d["name"], "value": d["value"], "met": d["met"]} for d in lowest],
        })
    return tables


def _areas(review: Review, lang: str) -> list[dict[str, Any]]:
    """Per target with figures by comparison area: one row per area, its value each year
    (numerator/denominator beside a ratio or share)."""
    spec, series = review.spec, review.area_series()
    names = {a.id: a.name for a in review.areas()}
    years = list(range(review.summary.year_from, review.summary.year_to + 1))
    tables = []
    for t in review.summary.targets:
        by_area = series.get(t.id)
        if not by_area:
            continue
        kind = spec.target(t.id).value_measure.kind
        rows = []
        for area in sorted(by_area, key=lambda a: (len(a.split("+")[0]), a)):
            cells = []
            for y in years:
                entry = by_area[area].get(str(y))
                if entry is None:
                    cells.append("—")
                    continue
                text = measured(entry["value"], t.unit, lang)
                if kind in ("ratio", "share") and entry["denominator"] is not None:
                    text += f" ({number(entry['numerator'], lang, 0)}/{number(entry['denominator'], lang, 0)})"
                cells.append(text)
            rows.append({"id": area, "name": names.get(area, area), "cells": cells})
        tables.append({"id": t.id, "title": spec.target(t.id).title_en or t.title if lang == "en" else t.title,
                       "rows": rows})
    return tables


def _year_cell(point: Any, quality: Any, target: Any, lang: str, after_break: bool = False) -> dict[str, str]:
    """One year's figure of a target, with what makes it doubtful (rows rejected, units missing);
    a prorated year's threshold beside it; ‖ before the first figure after a break."""
    value = point.value if point is not None else None
    caveat = quality.text(lang) if quality is not None and quality.doubtful and value is not None else ""
    text = measured(value, target.unit, lang) if point is not None else "—"
    if point is not None and point.threshold is not None:
        text += f" ({target.comparator.replace('>=', '≥').replace('<=', '≤')} {measured(point.threshold, target.unit, lang)})"
    if after_break:
        text = "‖ " + text
    return {"value": text,
            "status": point.status if point is not None else "no_data",
            "mark": "⚠" if caveat else "", "caveat": caveat}


def _latest_year(t: Any) -> int:
    return next((p.year for p in reversed(t.years) if p.value is not None), t.years[-1].year)


def _met_text(t: Any, w: dict[str, str]) -> str:
    """Years (or windows) met of those judged, and the years without data."""
    if t.tracked:
        return "—"
    if t.when == "window":
        return w["windows_met"].format(met=t.windows_met, n=t.windows_counted)
    judged = sum(p.status in ("met", "not_met") for p in t.years) if t.improves else t.years_with_data
    text = f"{t.years_met}/{judged}"  # an `improves` year without the year before is not judged
    return text + (" " + w["missing"].format(n=t.years_missing) if t.years_missing else "")


def _quality_row(year: int, q: dict[str, Any], lang: str) -> dict[str, Any]:
    return {"year": year, **{k: number(v, lang, 0) for k, v in q.items() if isinstance(v, int)},
            "bad": bool(q["errors"] or q["units_missing"] or q["rows_missing"])}


def _words(lang: str) -> dict[str, str]:
    pairs = {
        "trend": ("Xu hướng", "Trend"),
        "ratio": ("Tỷ số tiến độ R", "Progress ratio R"),
        "projection": ("Dự báo đến hạn", "Projection at deadline"),
        "years_met": ("Số năm đạt", "Years met"),
        "period": ("Đánh giá cả giai đoạn", "Verdict for the period"),
        "latest": ("· {year}: {status}", "· {year}: {status}"),
        "windows_met": ("{met}/{n} kỳ", "{met}/{n} windows"),
        "missing": ("(thiếu {n} năm)", "({n} years missing)"),
        "verdict_text": (
            "Đánh giá cả giai đoạn: chỉ tiêu hằng năm “Đạt” khi đạt ở mọi năm có số liệu và không thiếu năm nào, "
            "“Đạt một phần” khi đạt ở một số năm, “Không đạt” khi không năm nào đạt; chỉ tiêu có thời hạn: trạng thái "
            "tại năm hạn (tổng kết) hoặc theo tỷ số tiến độ R (sơ kết); chỉ tiêu định kỳ: như trên, theo các kỳ kết thúc "
            "trong Đề án (kỳ bị cắt bởi năm kết thúc Đề án là “chưa đến kỳ”, không tính); chỉ tiêu theo dõi không đánh giá "
            "đạt/không đạt. Số đếm ở đầu báo cáo theo đánh giá cả giai đoạn.",
            "Verdict for the period: an annual target is “met” when met in every year with data and no year is missing, "
            "“partly met” when met in some years, “not met” in none; a target with a deadline: its status in the deadline "
            "year (final review) or by the progress ratio R (mid-term); a periodic target: the same over the windows that "
            "close inside the programme (a window cut by the programme's end is “not due” and not counted); tracked targets "
            "are never met or not met. The counts at the top are of these verdicts.",
        ),
        "year_quality": ("Chất lượng số liệu theo năm", "Data quality by year"),
        "segment": ("(so sánh từ {year})", "(compared from {year})"),
        "after_break": ("xu hướng, dự báo và tỷ số R chỉ tính từ {year}; đánh giá dựa trên đoạn này",
                        "trend, projection and R only from {year}; the verdict rests on this segment"),
        "after_break_annual": ("xu hướng chỉ tính từ {year}; đánh giá cả giai đoạn vẫn dựa trên từng năm, mỗi năm theo các đơn vị đã báo cáo năm đó",
                               "trend only from {year}; the period verdict still rests on each year, each on the units that reported it"),
        "breaks": ("Chuỗi số liệu bị ngắt", "Breaks in the series"),
        "breaks_note": (
            "‖ Chỉ tiêu tính theo tỷ lệ đơn vị (xã, thôn, tổ chức…) đổi nghĩa khi đơn vị hành chính thay đổi: số liệu trước "
            "và sau không so sánh được, nên không vẽ xu hướng, dự báo hay tính tỷ số tiến độ qua điểm ngắt. Tổng số và tỷ lệ "
            "tính trên tổng (cùng địa bàn) vẫn so sánh được.",
            "‖ A share of units (communes, villages, organisations…) changes meaning when administrative units change: the "
            "figures before and after do not compare, so no trend, projection or progress ratio is drawn across the break. "
            "Sums and ratios of sums over the same territory still compare.",
        ),
        "by_area": ("Theo địa bàn so sánh", "By comparison area"),
        "by_area_note": (
            "Mỗi địa bàn so sánh là các xã cũ hợp thành trọn một (hoặc, với xã bị chia, hai) xã mới theo bảng chuyển đổi: "
            "số liệu cộng trên cùng một địa bàn nên so sánh được qua các năm. Dòng cấp tỉnh, cấp huyện không thuộc địa bàn nào.",
            "Each comparison area is the old communes that together make one whole new commune (two, where a commune was "
            "split) by the crosswalk: figures summed over the same territory compare across the years. Province and district "
            "rows belong to no area.",
        ),
        "area": ("Địa bàn", "Area"),
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
    context["colours"] = COLOURS | labels.EXTRA_COLOURS
    context["extra_colours"] = labels.EXTRA_COLOURS
    return environment(True).get_template("summary.html.j2").render(context)
