"""Words of the reports in Vietnamese and English."""

from __future__ import annotations

STATUS = {
    "met": ("Đạt", "Met"),
    "not_met": ("Không đạt", "Not met"),
    "in_progress": ("Đang thực hiện", "In progress"),
    "no_data": ("Không có số liệu", "No data"),
    "on_track": ("Đúng tiến độ", "On track"),
    "needs_acceleration": ("Cần đẩy nhanh", "Needs acceleration"),
    "limited_progress": ("Chậm tiến độ", "Limited progress"),
    "deterioration": ("Đi xuống", "Deterioration"),
    "insufficient_data": ("Chưa đủ số liệu", "Insufficient data"),
    "partly_met": ("Đạt một phần", "Partly met"),
    "not_due": ("Chưa đến kỳ (hết Đề án)", "Not due (programme ended)"),
    "tracked": ("Theo dõi", "Tracked"),
}
STATUS_MARK = {
    "met": "✔", "not_met": "✘", "in_progress": "…", "no_data": "∅", "on_track": "✔",
    "needs_acceleration": "▲", "limited_progress": "▼", "deterioration": "✘", "insufficient_data": "∅",
    "partly_met": "◐", "not_due": "○", "tracked": "◦",
}
# colours of the statuses the shared page style does not know (render.html.COLOURS has the others)
EXTRA_COLOURS = {"partly_met": "#8a6d00", "not_due": "#5a6b7d", "tracked": "#244a7a"}
# order of the statuses in a headline
STATUS_ORDER = ("met", "partly_met", "on_track", "needs_acceleration", "limited_progress", "deterioration",
                "not_met", "in_progress", "not_due", "insufficient_data", "no_data", "tracked")

WORDS = {
    "scorecard_title": ("Kết quả thực hiện các chỉ tiêu năm {year}", "Targets scorecard, {year}"),
    "objective": ("Mục tiêu", "Objective"),
    "tasks": ("Nhiệm vụ", "Tasks"),
    "id": ("Mã", "ID"),
    "target": ("Chỉ tiêu", "Target"),
    "threshold": ("Ngưỡng", "Threshold"),
    "value": ("Giá trị", "Value"),
    "achievement": ("Tỷ lệ hoàn thành", "Achievement"),
    "status": ("Trạng thái", "Status"),
    "progress": ("Tiến độ", "Progress"),
    "deadline": ("Thời hạn", "Deadline"),
    "annual": ("hằng năm", "annual"),
    "window": ("định kỳ {n} năm", "every {n} years"),
    "by": ("đến {year}", "by {year}"),
    "tracked_threshold": ("theo dõi, không có ngưỡng", "tracked, no threshold"),
    "improves_up": ("cao hơn năm trước", "higher than the year before"),
    "improves_down": ("thấp hơn năm trước", "lower than the year before"),
    "prorated": ("{full} × {months}/12 tháng của Đề án", "{full} × {months}/12 programme months"),
    "prorate_rule": ("năm có ít hơn 12 tháng của Đề án: theo số tháng", "years with fewer programme months: prorated"),
    "overview": ("Tổng hợp các chỉ tiêu", "All targets at a glance"),
    "unit_series": ("Số liệu theo đơn vị qua các năm", "Figures by unit over the years"),
    "unit_series_note": (
        "Mỗi chỉ tiêu có số liệu theo đơn vị: giá trị của từng đơn vị mỗi năm, theo đơn vị đã báo cáo năm đó "
        "(từ 1/7/2025 là xã, phường mới; không quy đổi giữa đơn vị cũ và mới); “—”: năm đó đơn vị không có số liệu.",
        "Each target with figures by unit: every unit's value each year, by the units that reported that year "
        "(from 1/7/2025 the new communes and wards; no conversion between old and new units); “—”: no figure that year.",
    ),
    "unit_list": ("{year}: {n} đơn vị theo đơn vị hành chính mới", "{year}: {n} units, by the new administrative units"),
    "lowest": ("Đơn vị thấp nhất năm {year}", "Lowest units in {year}"),
    "lowest_units": ("Đơn vị thấp nhất", "Lowest units"),
    "unit": ("Đơn vị", "Unit"),
    "breakdown": ("Theo huyện, thành phố (thấp nhất trước)", "By district (lowest first)"),
    "breakdown_xa": ("Theo xã, phường trực thuộc tỉnh (thấp nhất trước); trong ngoặc: huyện cũ của địa bàn",
                     "By commune and ward under the province (lowest first); in brackets: the former district"),
    "completeness": ("Mức độ đầy đủ của số liệu", "Completeness of submissions"),
    "form": ("Biểu", "Form"),
    "expected": ("Phải nộp", "Expected"),
    "received": ("Đã nộp", "Received"),
    "missing": ("Chưa nộp", "Missing"),
    "not_checkable": ("không kiểm tra được (danh mục không có cấp này)", "not checkable (the registry lacks this level)"),
    "quality": ("Chất lượng số liệu", "Data quality"),
    "rows_read": ("Dòng đã đọc", "Rows read"),
    "rows_accepted": ("Dòng được tính", "Rows accepted"),
    "rows_skipped": ("Dòng bỏ qua", "Rows skipped"),
    "rows_rejected": ("Dòng bị loại do lỗi", "Rows rejected"),
    "issues_by_code": ("Vấn đề theo loại", "Issues by code"),
    "code": ("Mã vấn đề", "Code"),
    "count": ("Số lượng", "Count"),
    "first_errors": ("Các lỗi và cảnh báo đầu tiên", "First errors and warnings"),
    "footnotes": ("Chú thích", "Notes"),
    "inputs": ("Tệp đầu vào", "Inputs"),
    "file": ("Tệp", "File"),
    "rows": ("Dòng", "Rows"),
    "summary_line": (
        "{met} chỉ tiêu đạt, {not_met} không đạt, {in_progress} đang thực hiện, {no_data} không có số liệu{others} (tổng {total}).",
        "{met} targets met, {not_met} not met, {in_progress} in progress, {no_data} without data{others} (of {total}).",
    ),
    "left_out": (
        "{rejected} dòng số liệu bị loại khỏi kết quả do lỗi; {skipped} dòng bỏ qua (dòng tổng, dòng trống, chữ ký, dòng trùng).",
        "{rejected} data rows were left out of the scores because of errors; {skipped} rows skipped (totals, blanks, signatures, duplicates).",
    ),
    "registry": ("Danh mục đơn vị", "Unit registry"),
    "caveats": (
        "⚠ Số liệu của các chỉ tiêu sau chưa đầy đủ hoặc có vấn đề cần kiểm tra (xem mục Chất lượng số liệu):",
        "⚠ The figures of these targets rest on incomplete or questioned data (see Data quality):",
    ),
    "location": ("Vị trí", "Location"),
    "message": ("Nội dung", "Message"),
    "more": ("… và {n} vấn đề khác (xem `danvan validate`)", "… and {n} more (see `danvan validate`)"),
    "none": ("không có", "none"),
}


def words(lang: str) -> dict[str, str]:
    i = 1 if lang == "en" else 0
    return {k: v[i] for k, v in WORDS.items()}


def status(code: str, lang: str) -> str:
    pair = STATUS.get(code, (code, code))
    return pair[1] if lang == "en" else pair[0]
