"""The words of every report, in one place: Vietnamese texts marked for the ``render``
catalog (their English is in ``locale/en/LC_MESSAGES/render.po``), the comparator symbols,
the statuses' labels, marks and colours. Every renderer (Markdown, HTML, rich tables, Excel,
Word) reads its words from here, translated where they are shown::

    W = labels.texts(labels.WORDS, lang)      # key → the text in ``lang``
    labels.status("met", lang)                # "Đạt" / "Met"
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from danvan_cli.i18n import N_, translator
from danvan_cli.render.numbers import number

if TYPE_CHECKING:  # the statuses' types only: the words need not load the indicators (and pandas)
    from danvan_cli.indicators.results import PeriodStatus, Trend

# how a comparator of targets.yaml is written for a reader (≥ 85%, ≤ 5)
OPS: dict[str, str] = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "!=": "≠"}


def op(comparator: str) -> str:
    """'>=' → '≥': the one way every report writes a comparator."""
    return OPS.get(comparator, comparator)


STATUS: dict[PeriodStatus, str] = {
    "met": N_("Đạt"),
    "not_met": N_("Không đạt"),
    "in_progress": N_("Đang thực hiện"),
    "no_data": N_("Không có số liệu"),
    "on_track": N_("Đúng tiến độ"),
    "needs_acceleration": N_("Cần đẩy nhanh"),
    "limited_progress": N_("Chậm tiến độ"),
    "deterioration": N_("Đi xuống"),
    "insufficient_data": N_("Chưa đủ số liệu"),
    "partly_met": N_("Đạt một phần"),
    "not_due": N_("Chưa đến kỳ (hết Đề án)"),
    "tracked": N_("Theo dõi"),
}
STATUS_MARK: dict[PeriodStatus, str] = {
    "met": "✔", "not_met": "✘", "in_progress": "…", "no_data": "∅", "on_track": "✔",
    "needs_acceleration": "▲", "limited_progress": "▼", "deterioration": "✘", "insufficient_data": "∅",
    "partly_met": "◐", "not_due": "○", "tracked": "◦",
}
# the statuses' colours in HTML
COLOURS: dict[PeriodStatus, str] = {
    "met": "#1a7f37", "on_track": "#1a7f37",
    "not_met": "#c62828", "deterioration": "#c62828",
    "in_progress": "#b26a00", "needs_acceleration": "#b26a00",
    "limited_progress": "#d84315",
    "no_data": "#757575", "insufficient_data": "#757575",
}
# colours of the statuses the shared page style does not know (the pages write them inline)
EXTRA_COLOURS: dict[PeriodStatus, str] = {"partly_met": "#8a6d00", "not_due": "#5a6b7d", "tracked": "#244a7a"}
ALL_COLOURS = COLOURS | EXTRA_COLOURS
# order of the statuses in a headline
STATUS_ORDER: tuple[PeriodStatus, ...] = ("met", "partly_met", "on_track", "needs_acceleration", "limited_progress", "deterioration",
                "not_met", "in_progress", "not_due", "insufficient_data", "no_data", "tracked")

# a series' direction over the years
TREND: dict[Trend, str] = {"up": N_("tăng"), "down": N_("giảm"), "flat": N_("đi ngang")}
TREND_ARROW: dict[Trend, str] = {"up": "↗", "down": "↘", "flat": "→"}
SEVERITY_ORDER = ("error", "warning", "info")

# the scorecard, and words every report shares
WORDS: dict[str, str] = {
    "scorecard_title": N_("Kết quả thực hiện các chỉ tiêu năm {year}"),
    "objective": N_("Mục tiêu"),
    "tasks": N_("Nhiệm vụ"),
    "id": N_("Mã"),
    "target": N_("Chỉ tiêu"),
    "threshold": N_("Ngưỡng"),
    "value": N_("Giá trị"),
    "achievement": N_("Tỷ lệ hoàn thành"),
    "status": N_("Trạng thái"),
    "progress": N_("Tiến độ"),
    "deadline": N_("Thời hạn"),
    "annual": N_("hằng năm"),
    "window": N_("định kỳ {n} năm"),
    "by": N_("đến {year}"),
    "tracked_threshold": N_("theo dõi, không có ngưỡng"),
    "improves_up": N_("cao hơn năm trước"),
    "improves_down": N_("thấp hơn năm trước"),
    "prorated": N_("{full} × {months}/12 tháng của Đề án"),
    "prorate_rule": N_("năm có ít hơn 12 tháng của Đề án: theo số tháng"),
    "overview": N_("Tổng hợp các chỉ tiêu"),
    "unit_series": N_("Số liệu theo đơn vị qua các năm"),
    "unit_series_note": N_("Mỗi chỉ tiêu có số liệu theo đơn vị: giá trị của từng đơn vị mỗi năm, theo đơn vị đã báo cáo năm đó (từ 1/7/2025 là xã, phường mới; không quy đổi giữa đơn vị cũ và mới); “—”: năm đó đơn vị không có số liệu."),
    "unit_list": N_("{year}: {n} đơn vị theo đơn vị hành chính mới"),
    "lowest": N_("Đơn vị thấp nhất năm {year}"),
    "lowest_units": N_("Đơn vị thấp nhất"),
    "unit": N_("Đơn vị"),
    "breakdown": N_("Theo huyện, thành phố (thấp nhất trước)"),
    "breakdown_xa": N_("Theo xã, phường trực thuộc tỉnh (thấp nhất trước); trong ngoặc: huyện cũ của địa bàn"),
    "completeness": N_("Mức độ đầy đủ của số liệu"),
    "form": N_("Biểu"),
    "expected": N_("Phải nộp"),
    "received": N_("Đã nộp"),
    "missing": N_("Chưa nộp"),
    "not_checkable": N_("không kiểm tra được (danh mục không có cấp này)"),
    "quality": N_("Chất lượng số liệu"),
    "rows_read": N_("Dòng đã đọc"),
    "rows_accepted": N_("Dòng được tính"),
    "rows_skipped": N_("Dòng bỏ qua"),
    "rows_rejected": N_("Dòng bị loại do lỗi"),
    "issues_by_code": N_("Vấn đề theo loại"),
    "code": N_("Mã vấn đề"),
    "count": N_("Số lượng"),
    "first_errors": N_("Các lỗi và cảnh báo đầu tiên"),
    "footnotes": N_("Chú thích"),
    "inputs": N_("Tệp đầu vào"),
    "file": N_("Tệp"),
    "rows": N_("Dòng"),
    "registry": N_("Danh mục đơn vị"),
    "caveats": N_("⚠ Số liệu của các chỉ tiêu sau chưa đầy đủ hoặc có vấn đề cần kiểm tra (xem mục Chất lượng số liệu):"),
    "location": N_("Vị trí"),
    "message": N_("Nội dung"),
    "more": N_("… và {n} vấn đề khác (xem `danvan validate`)"),
    "none": N_("không có"),
    # internal consistency (plausibility flags), beside completeness in the data-quality section
    "consistency": N_("Tính nhất quán nội bộ"),
    "consistency_note": N_("Số liệu đúng định dạng nhưng khác thường: khác xa các đơn vị cùng cấp, hoặc tăng, giảm nhiều so với năm trước. Số liệu vẫn được tính; đơn vị cần kiểm tra lại có gõ nhầm không."),
    "no_flags": N_("Không có số liệu bất thường"),
    "rows_checked": N_("Số dòng"),
    "outliers": N_("Số liệu khác xa đơn vị cùng cấp"),
    "value_jumps": N_("Tăng/giảm bất thường so với năm trước"),
    "rows_disappeared": N_("Dòng năm trước không còn"),
    "contact_units": N_("Đơn vị cần liên hệ"),
    "unit_name": N_("Tên đơn vị"),
    "unit_district": N_("Huyện"),
    "unit_district_xa": N_("Xã, phường"),
    "flags": N_("Số cảnh báo"),
    "first_flag": N_("Cảnh báo đầu tiên"),
    "units_flagged": N_("Đơn vị có số liệu bất thường"),
    "more_units": N_("… và {n} đơn vị khác có số liệu bất thường"),
    "total": N_("Tổng"),
}
# the multi-year review (summary Markdown and HTML)
SUMMARY: dict[str, str] = {
    "trend": N_("Xu hướng"),
    "ratio": N_("Tỷ số tiến độ R"),
    "projection": N_("Dự báo đến hạn"),
    "years_met": N_("Số năm đạt"),
    "period": N_("Đánh giá cả giai đoạn"),
    "latest": N_("· {year}: {status}"),
    "windows_met": N_("{met}/{n} kỳ"),
    "verdict_text": N_("Đánh giá cả giai đoạn: chỉ tiêu hằng năm “Đạt” khi đạt ở mọi năm có số liệu và không thiếu năm nào, “Đạt một phần” khi đạt ở một số năm, “Không đạt” khi không năm nào đạt; chỉ tiêu có thời hạn: trạng thái tại năm hạn (tổng kết) hoặc theo tỷ số tiến độ R (sơ kết); chỉ tiêu định kỳ: như trên, theo các kỳ kết thúc trong Đề án (kỳ bị cắt bởi năm kết thúc Đề án là “chưa đến kỳ”, không tính); chỉ tiêu theo dõi không đánh giá đạt/không đạt. Số đếm ở đầu báo cáo theo đánh giá cả giai đoạn."),
    "year_quality": N_("Chất lượng số liệu theo năm"),
    "year_consistency": N_("Số liệu bất thường theo năm"),
    "segment": N_("(so sánh từ {year})"),
    "after_break": N_("xu hướng, dự báo và tỷ số R chỉ tính từ {year}; đánh giá dựa trên đoạn này"),
    "after_break_annual": N_("xu hướng chỉ tính từ {year}; đánh giá cả giai đoạn vẫn dựa trên từng năm, mỗi năm theo các đơn vị đã báo cáo năm đó"),
    "breaks": N_("Chuỗi số liệu bị ngắt"),
    "breaks_note": N_("‖ Chỉ tiêu tính theo tỷ lệ đơn vị (xã, thôn, tổ chức…) đổi nghĩa khi đơn vị hành chính thay đổi: số liệu trước và sau không so sánh được, nên không vẽ xu hướng, dự báo hay tính tỷ số tiến độ qua điểm ngắt. Tổng số và tỷ lệ tính trên tổng (cùng địa bàn) vẫn so sánh được."),
    "by_area": N_("Theo địa bàn so sánh"),
    "by_area_note": N_("Mỗi địa bàn so sánh là các xã cũ hợp thành trọn một (hoặc, với xã bị chia, hai) xã mới theo bảng chuyển đổi: số liệu cộng trên cùng một địa bàn nên so sánh được qua các năm. Dòng cấp tỉnh, cấp huyện không thuộc địa bàn nào."),
    "area": N_("Địa bàn"),
    "year": N_("Năm"),
    "files": N_("Tệp"),
    "errors": N_("Lỗi"),
    "warnings": N_("Cảnh báo"),
    "units_missing": N_("Đơn vị chưa nộp"),
    "caveat_note": N_("⚠ Số liệu năm đó của chỉ tiêu dựa trên dữ liệu chưa đầy đủ hoặc có vấn đề (dòng bị loại do lỗi, đơn vị chưa nộp, cảnh báo); chạy “danvan validate” cho thư mục năm để xem chi tiết:"),
    "method": N_("Cách đánh giá tiến độ"),
    "method_text": N_("Với chỉ tiêu có thời hạn, R = (mức thay đổi thực tế mỗi năm) / (mức thay đổi cần thiết mỗi năm để đạt ngưỡng đúng hạn), tính từ năm gốc. R ≥ {on} đúng tiến độ; {acc} ≤ R < {on} cần đẩy nhanh; {lim} ≤ R < {acc} chậm tiến độ; R < {lim} đi xuống. Dự báo: đường thẳng bình phương tối thiểu qua các năm có số liệu. Biểu đồ: đường liền là giá trị các năm, đường gạch xanh lá là ngưỡng, đường chấm là lộ trình thẳng từ năm gốc đến ngưỡng, đường gạch xanh dương là dự báo."),
}
# the review's title by its kind
REVIEW_TITLES: dict[str, str] = {
    "midterm": N_("Sơ kết {n} năm thực hiện Đề án ({a}-{b})"),
    "final": N_("Tổng kết thực hiện Đề án giai đoạn {a}-{b}"),
}
# the Word report
DOCX: dict[str, str] = {
    "party": N_("ĐẢNG CỘNG SẢN VIỆT NAM"),
    "report": N_("BÁO CÁO"),
    "number": N_("Số"),
    "date_line": N_("{place}, ngày {d} tháng {m} năm {y}"),
    "annual_title": N_("Kết quả thực hiện {programme} năm {year}"),
    "midterm": N_("Sơ kết {n} năm thực hiện {programme} ({a}-{b})"),
    "final": N_("Tổng kết thực hiện {programme} giai đoạn {a}-{b}"),
    "intro_year": N_("Thực hiện {document}, {body} báo cáo kết quả thực hiện các chỉ tiêu của Đề án năm {year} (tổng hợp từ số liệu các đơn vị gửi về) như sau:"),
    "intro_review": N_("Thực hiện {document}, {body} báo cáo {kind} kết quả thực hiện các chỉ tiêu của Đề án từ năm {a} đến năm {b} (tổng hợp từ số liệu các đơn vị gửi về) như sau:"),
    "kind_midterm": N_("sơ kết"),
    "kind_final": N_("tổng kết"),
    "results": N_("I. KẾT QUẢ THỰC HIỆN"),
    "overview": N_("1. Tổng hợp các chỉ tiêu"),
    "overview_year": N_("1. Tổng hợp các chỉ tiêu (giá trị năm {year}; đánh giá cả giai đoạn {a}-{b})"),
    "evaluation": N_("Đánh giá"),
    "exceeded": N_("Vượt"),
    "result": N_("Kết quả"),
    "lowest": N_("Thấp nhất"),
    "period": N_("Cả giai đoạn"),
    "unit_district": N_("Huyện, thành phố"),
    "unit_new": N_("Xã, phường"),
    "by_district": N_("Kết quả theo huyện, thành phố năm {year}:"),
    "by_new": N_("Kết quả theo xã, phường năm {year}:"),
    "lowest_units": N_("{id}: thấp nhất {units} (đầy đủ tại Phụ lục 1)."),
    "charts": N_("Diễn biến qua các năm (đường liền: giá trị; đường gạch xanh lá: ngưỡng; đường gạch xanh dương: dự báo):"),
    "limits": N_("II. HẠN CHẾ, NGUYÊN NHÂN"),
    "limits_1": N_("1. Hạn chế"),
    "limits_2": N_("2. Nguyên nhân"),
    "not_met_year": N_("Chỉ tiêu {id} ({title}): đạt {value}, chưa đạt ngưỡng {threshold}{lowest}."),
    "risk_review": N_("Chỉ tiêu {id} ({title}): {status_lower}; năm {year} đạt {value}, ngưỡng {threshold}{deadline}{lowest}."),
    "projection": N_("; dự báo đến năm {year}: {value}"),
    "lowest_in": N_("; thấp nhất: {units}"),
    "partly": N_("Các chỉ tiêu chỉ đạt ở một số năm: {items}."),
    "years_of": N_("{met}/{n} năm"),
    "no_data": N_("Chưa đủ số liệu để đánh giá chỉ tiêu: {items}."),
    "in_year": N_("Năm {year}, "),
    "data_ok": N_("Số liệu các đơn vị gửi về đầy đủ, không có dòng bị loại do sai sót."),
    "none_short": N_("Tất cả các chỉ tiêu có số liệu đều đạt hoặc đúng tiến độ."),
    "assess_here": N_("[Đánh giá của cơ quan về hạn chế, nguyên nhân khách quan và chủ quan]"),
    "directions": N_("III. PHƯƠNG HƯỚNG, NHIỆM VỤ"),
    "directions_here": N_("[Phương hướng, nhiệm vụ, giải pháp trong thời gian tới]"),
    "recipients": N_("Nơi nhận:"),
    "appendix": N_("PHỤ LỤC"),
    "appendix_of": N_("(Kèm theo Báo cáo số {number})"),
    "appendix_1": N_("Phụ lục 1. Kết quả theo đơn vị năm {year} (giá trị; tử số/mẫu số)"),
    "appendix_2": N_("Phụ lục 2. Tình hình số liệu"),
    "inputs_year": N_("Năm {year}: {files} tệp, {read} dòng đã đọc, {accepted} dòng được tính, {rejected} dòng bị loại do lỗi."),
    "no_breakdown": N_("Không có chỉ tiêu nào tính theo đơn vị."),
    "consistency_line": N_("Số liệu bất thường cần kiểm tra: khác xa đơn vị cùng cấp {outliers}; tăng/giảm bất thường so với năm trước {jumps}; dòng năm trước không còn {rows}."),
    "contact_line": N_("Đơn vị cần liên hệ (số đơn vị có số liệu bất thường: {units}):"),
    "no_flags_line": N_("Không có số liệu bất thường."),
}
# what the Word report shows where the office's details are missing
PLACEHOLDERS: dict[str, str] = {
    "co_quan_cap_tren": N_("[CƠ QUAN CẤP TRÊN]"),
    "co_quan": N_("[CƠ QUAN BAN HÀNH]"),
    "so_ky_hieu": N_("[SỐ KÝ HIỆU]"),
    "dia_danh": N_("[ĐỊA DANH]"),
    "ngay": N_("[NGÀY]"),
    "thang": N_("[THÁNG]"),
    "nam": N_("[NĂM]"),
    "quyen_han": N_("[QUYỀN HẠN KÝ]"),
    "chuc_vu": N_("[CHỨC VỤ]"),
    "nguoi_ky": N_("[NGƯỜI KÝ]"),
    "noi_nhan": N_("[NƠI NHẬN]"),
    "body": N_("[CƠ QUAN]"),
}
# column headers of the Excel workbooks
HEADERS: dict[str, str] = {
    "id": N_("Mã"),
    "objective": N_("Mục tiêu"),
    "target": N_("Chỉ tiêu"),
    "threshold": N_("Ngưỡng"),
    "value": N_("Giá trị"),
    "numerator": N_("Tử số"),
    "denominator": N_("Mẫu số"),
    "status": N_("Đánh giá"),
    "unit_code": N_("Mã đơn vị"),
    "unit_name": N_("Tên đơn vị"),
    "file": N_("Tệp"),
    "sheet": N_("Trang"),
    "form": N_("Biểu"),
    "rows_read": N_("Dòng đã đọc"),
    "rows_accepted": N_("Dòng được tính"),
    "rows_skipped": N_("Dòng bỏ qua"),
    "rows_rejected": N_("Dòng bị loại"),
    "sha256": N_("SHA-256"),
    "bytes": N_("Dung lượng (byte)"),
    "period_status": N_("Đánh giá cả kỳ"),
    "trend": N_("Xu hướng"),
    "progress": N_("Tiến độ"),
    "ratio": N_("R (tiến độ)"),
    "projection": N_("Dự báo cuối kỳ"),
    "breaks": N_("Gián đoạn chuỗi số liệu"),
    "cell": N_("Ô"),
    "row": N_("Dòng"),
    "code": N_("Mã lỗi"),
    "severity": N_("Mức"),
    "message": N_("Nội dung"),
    "count": N_("Số lượng"),
    "errors": N_("Lỗi"),
    "warnings": N_("Cảnh báo"),
    "infos": N_("Thông tin"),
    "total": N_("Tổng"),
    "item": N_("Mục"),
    "year_value": N_("Giá trị {year}"),
    "year_status": N_("Đánh giá {year}"),
    "overview_sheet": N_("Tổng quan"),
    "summary_sheet": N_("Tóm tắt"),
    "scorecard_book": N_("Kết quả chỉ tiêu năm {year}"),
    "review_book": N_("Sơ kết {a}-{b}"),
}

# the validation reports (danvan validate: Markdown, HTML, rich table)
VALIDATION: dict[str, str] = {
    "title": N_("Kết quả kiểm tra số liệu năm {year}"),
    "code": N_("Mã"),
    "severity": N_("Mức"),
    "count": N_("Số lượng"),
    "issues": N_("Các vấn đề"),
    "no_issues": N_("Không có vấn đề nào."),
    "cell": N_("Ô"),
    "row": N_("Dòng"),
    "message": N_("Nội dung"),
    "location": N_("Vị trí"),
    "completeness": N_("Mức đầy đủ"),
    "form": N_("Biểu"),
    "expected": N_("Phải nộp"),
    "received": N_("Đã nhận"),
    "missing": N_("Còn thiếu"),
    "whole": N_("(toàn bộ số liệu)"),
    "general": N_("Chung"),
    "row_at": N_("dòng {row}"),
}

# what cli.output says when the format asked for is not one a command renders
OUTPUT: dict[str, str] = {
    "no_suffix": N_("-o {path}: tệp không có đuôi; danvan {command} ghi được: {formats} (hoặc chọn --format)"),
    "unknown": N_("{source}: danvan {command} không ghi được định dạng “{format}”; các định dạng có: {formats}"),
    "binary": N_("tệp nhị phân (.xlsx, .docx) không in ra màn hình được: hãy dùng -o tệp"),
}


def texts(table: Mapping[str, str], lang: str) -> dict[str, str]:
    """A table of texts in ``lang``: key → its translation."""
    _ = translator(lang).gettext
    return {key: _(text) for key, text in table.items()}


def words(lang: str) -> dict[str, str]:
    """The words shared by the reports (`WORDS`) in ``lang``."""
    return texts(WORDS, lang)


def status(code: PeriodStatus, lang: str) -> str:
    """A status's label: 'Đạt' / 'Met'."""
    return translator(lang).gettext(STATUS[code])


def trend(code: Trend | None, lang: str, arrow: bool = False) -> str:
    """'tăng' / 'rising'; with its arrow, '↗ tăng'; no trend: ''."""
    if not code:
        return ""
    word = translator(lang).gettext(TREND[code])
    return f"{TREND_ARROW[code]} {word}" if arrow else word


def severity(code: str, lang: str, n: int = 1) -> str:
    """A severity's label for ``n`` issues: 'lỗi' / 'error', 'errors'."""
    t = translator(lang)
    if code == "error":
        return t.ngettext("lỗi", "lỗi", n)
    if code == "warning":
        return t.ngettext("cảnh báo", "cảnh báo", n)
    return t.ngettext("thông tin", "thông tin", n)


def rows_line(lang: str, *, files: str, read: str, accepted: str, skipped: str, rejected: str,
              counts: Mapping[str, int]) -> str:
    """'3 tệp, 3.893 dòng đã đọc: 3.877 dòng được tính, 16 dòng bỏ qua, 0 dòng bị loại' (figures as
    given, already formatted; ``counts`` the same numbers, for the plurals)."""
    t = translator(lang)
    return (t.ngettext("{n} tệp", "{n} tệp", counts["files"]).format(n=files) + ", "
            + t.ngettext("{n} dòng đã đọc", "{n} dòng đã đọc", counts["read"]).format(n=read) + ": "
            + t.ngettext("{n} dòng được tính", "{n} dòng được tính", counts["accepted"]).format(n=accepted) + ", "
            + t.ngettext("{n} dòng bỏ qua", "{n} dòng bỏ qua", counts["skipped"]).format(n=skipped) + ", "
            + t.ngettext("{n} dòng bị loại", "{n} dòng bị loại", counts["rejected"]).format(n=rejected))


def summary_line(counts: Mapping[str, Any], lang: str) -> str:
    """'30 chỉ tiêu đạt, 2 không đạt, 1 đang thực hiện, 0 không có số liệu, … (tổng 36).'"""
    t = translator(lang)
    return (t.ngettext("{n} chỉ tiêu đạt", "{n} chỉ tiêu đạt", counts["met"]).format(n=counts["met"]) + ", "
            + t.gettext("{not_met} không đạt, {in_progress} đang thực hiện, {no_data} không có số liệu{others} "
                        "(tổng {total}).").format(**counts))


def left_out(rejected: int, skipped: int, lang: str) -> str:
    """'16 dòng số liệu bị loại khỏi kết quả do lỗi; 3 dòng bỏ qua (…).' (the numbers with separators)."""
    t = translator(lang)
    return (t.ngettext("{n} dòng số liệu bị loại khỏi kết quả do lỗi", "{n} dòng số liệu bị loại khỏi kết quả do lỗi",
                       rejected).format(n=number(rejected, lang, 0)) + "; "
            + t.ngettext("{n} dòng bỏ qua (dòng tổng, dòng trống, chữ ký, dòng trùng)",
                         "{n} dòng bỏ qua (dòng tổng, dòng trống, chữ ký, dòng trùng)", skipped)
            .format(n=number(skipped, lang, 0)) + ".")


def years_missing(n: int, lang: str) -> str:
    """'(thiếu 2 năm)' / '(1 year missing)'."""
    return translator(lang).ngettext("(thiếu {n} năm)", "(thiếu {n} năm)", n).format(n=n)


def units_missing(year: str, form: str, n: int, names: str, lang: str) -> str:
    """The Word report's 'biểu 05 còn 3 đơn vị chưa gửi số liệu: …' (``year``: 'Năm 2023, ' in a review)."""
    return translator(lang).ngettext("{year}biểu {form} còn {n} đơn vị chưa gửi số liệu: {names}.",
                                     "{year}biểu {form} còn {n} đơn vị chưa gửi số liệu: {names}.", n).format(
        year=year, form=form, n=n, names=names)


def rows_missing(year: str, form: str, n: int, lang: str) -> str:
    """The Word report's 'biểu 05 thiếu 2 dòng của đơn vị đã gửi.'"""
    return translator(lang).ngettext("{year}biểu {form} thiếu {n} dòng của đơn vị đã gửi.",
                                     "{year}biểu {form} thiếu {n} dòng của đơn vị đã gửi.", n).format(
        year=year, form=form, n=n)


def rows_rejected(year: str, n: int, lang: str) -> str:
    """The Word report's '16 dòng số liệu bị loại khỏi kết quả do sai sót, chưa được tính.'"""
    return translator(lang).ngettext("{year}{n} dòng số liệu bị loại khỏi kết quả do sai sót, chưa được tính.",
                                     "{year}{n} dòng số liệu bị loại khỏi kết quả do sai sót, chưa được tính.",
                                     n).format(year=year, n=number(n, lang, 0))


def issue_count(code: str, n: int, lang: str, shown: str | None = None) -> str:
    """'3 lỗi' / '3 errors', '1 warning' (``shown``: the number already formatted)."""
    return f"{shown if shown is not None else n} {severity(code, lang, n)}"
