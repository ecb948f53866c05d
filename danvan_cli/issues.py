"""The catalogue of issue codes (docs/contract.md §8) and the Issue record.

Each code owns its severity and its Vietnamese and English message templates, so
wording stays consistent and testable. Templates use ``str.format`` fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class IssueType:
    code: str
    severity: Severity
    vi: str
    en: str


_CATALOGUE = [
    IssueType("file-unreadable", "error",
              "Không đọc được tệp: {reason}",
              "The file cannot be read: {reason}"),
    IssueType("form-unknown", "error",
              "Không nhận ra biểu mẫu của trang này (không tìm thấy dòng tiêu đề cột khớp với biểu nào trong 20 dòng đầu)",
              "The sheet's form is not recognised (no header row in the first 20 rows matches a form)"),
    IssueType("form-ambiguous", "error",
              "Trang này khớp với nhiều biểu mẫu: {forms}; hãy dùng đúng tiêu đề cột của một biểu",
              "The sheet matches several forms: {forms}; use the column headers of one form"),
    IssueType("column-missing", "error",
              "Thiếu cột bắt buộc “{label}” ({column}) của {form}",
              "Required column “{label}” ({column}) of {form} is missing"),
    IssueType("column-duplicate", "error",
              "Cột “{label}” ({column}) xuất hiện nhiều lần: {cells}",
              "Column “{label}” ({column}) appears more than once: {cells}"),
    IssueType("column-unknown", "warning",
              "Cột “{header}” không thuộc {form}; cột này bị bỏ qua",
              "Column “{header}” is not part of {form}; it is ignored"),
    IssueType("cell-missing", "error",
              "Ô {cell}: thiếu giá trị bắt buộc “{label}”",
              "Cell {cell}: required value “{label}” is missing"),
    IssueType("cell-type", "error",
              "Ô {cell}: '{value}' không phải {expected}",
              "Cell {cell}: '{value}' is not {expected_en}"),
    IssueType("cell-range", "error",
              "Ô {cell}: '{value}' ngoài giá trị cho phép ({expected})",
              "Cell {cell}: '{value}' is outside the allowed values ({expected_en})"),
    IssueType("rule", "error",
              "Dòng {row}: {rule}",
              "Row {row}: {rule_en}"),
    IssueType("unit-unknown", "error",
              "Ô {cell}: {kind}'{value}' không có trong danh mục đơn vị{hint}",
              "Cell {cell}: {kind_en}'{value}' is not in the unit registry{hint_en}"),
    IssueType("unit-ambiguous", "error",
              "Ô {cell}: '{value}' có thể là {count} đơn vị ({units}); {fix}",
              "Cell {cell}: '{value}' may be {count} units ({units}); {fix_en}"),
    IssueType("unit-by-name", "info",
              "{count} dòng không ghi mã đơn vị: đã nhận đơn vị theo tên (ví dụ ô {cell}: '{value}' → mã {code})",
              "{count} rows give no unit code: the unit was found by its name (e.g. cell {cell}: '{value}' → code {code})"),
    IssueType("unit-vintage", "info",
              "Đơn vị hành chính: {detail}",
              "Administrative units: {detail_en}"),
    IssueType("unit-vintage-mixed", "warning",
              "{form}: năm {year} có dòng của đơn vị theo {count} danh mục ({vintages}); kết quả tính theo các đơn vị đã báo cáo, chỉ tiêu tỷ lệ đơn vị không so sánh được",
              "{form}: in {year} rows come from units of {count} registries ({vintages}); figures add the units as reported, shares of units are not comparable"),
    IssueType("unit-overlap", "error",
              "{form}: {old} và {new} cùng báo cáo năm {year}, nhưng địa bàn của {old} nằm trong {new}: số liệu bị tính hai lần; bỏ một trong hai",
              "{form}: {old} and {new} both report for {year}, but {old}'s territory is inside {new}: figures would count twice; remove one"),
    IssueType("unit-level", "error",
              "Ô {cell}: đơn vị '{value}' ({unit_name}) thuộc cấp {level}, không thuộc các cấp nộp {form} ({allowed})",
              "Cell {cell}: unit '{value}' ({unit_name}) is at level {level}, not a level that submits {form} ({allowed})"),
    IssueType("unit-name-mismatch", "warning",
              "Ô {cell}: tên '{value}' không khớp với tên trong danh mục của mã {code}: '{expected}'",
              "Cell {cell}: name '{value}' does not match the registry name of code {code}: '{expected}'"),
    IssueType("row-duplicate", "error",
              "Dòng {row}: {key} được gửi nhiều lần với số liệu khác nhau ({others}); không dòng nào được tính",
              "Row {row}: {key} was sent more than once with different figures ({others}); none is counted"),
    IssueType("row-duplicate-identical", "warning",
              "Dòng {row}: {key} trùng hoàn toàn với {first}; chỉ tính một lần",
              "Row {row}: {key} is identical to {first}; counted once"),
    IssueType("year-mismatch", "error",
              "{where}năm {value} khác năm báo cáo {year}{detail}",
              "{where_en}year {value} differs from the reporting year {year}{detail_en}"),
    IssueType("row-skipped", "info",
              "{at}bỏ qua ({reason})",
              "{at}skipped ({reason_en})"),
    IssueType("total-mismatch", "warning",
              "Dòng {row}: tổng “{label}” của tệp là {total}, cộng các dòng chi tiết được {computed}",
              "Row {row}: the file's total of “{label}” is {total}; its detail rows add up to {computed}"),
    IssueType("legacy-encoding", "warning",
              "Cột “{label}”: {count} ô gõ bằng bảng mã cũ {encoding} (ví dụ ô {cell}: '{value}' → '{converted}'); đã chuyển sang Unicode",
              "Column “{label}”: {count} cells typed in the legacy {encoding} encoding (e.g. cell {cell}: '{value}' → '{converted}'); converted to Unicode"),
    IssueType("cell-formula", "error",
              "Ô {cell}: {detail}",
              "Cell {cell}: {detail_en}"),
    IssueType("percent-fraction", "warning",
              "Cột “{label}”: {unit} ghi {values} trong khi các đơn vị khác ghi từ 10 đến 100; có thể đã nhập dạng thập phân ({example})? Số liệu được tính đúng như đã gõ; nếu là phần trăm, hãy sửa thành số phần trăm",
              "Column “{label}”: {unit} gives {values} while the other units give 10 to 100; typed as a fraction ({example_en})? The figures are scored as typed; if they are percentages, correct them to percent numbers"),
    IssueType("file-skipped", "info",
              "Không đọc tệp này: {reason}",
              "This file is not read: {reason_en}"),
    IssueType("file-scan-failed", "warning",
              "Không đọc được định dạng ô và công thức của tệp ({reason}); các ô định dạng phần trăm và công thức chưa tính có thể không được nhận ra",
              "The file's cell formats and formulas could not be read ({reason}); percentage-formatted cells and formulas without values may go unnoticed"),
    IssueType("sheet-hidden", "warning",
              "Trang này đang bị ẩn trong tệp (người mở tệp không thấy): không tính; nếu đây là số liệu cần tính, hãy bỏ ẩn trang rồi gửi lại",
              "This sheet is hidden in the workbook (a person opening the file does not see it): not scored; if it holds figures to score, unhide it and send the file again"),
    IssueType("row-hidden", "warning",
              "{count} dòng đang bị ẩn trong trang ({rows}) nhưng vẫn được tính như các dòng khác; hãy kiểm tra đó có phải số liệu năm nay",
              "Hidden rows in the sheet ({count}: {rows}) are scored like the others; check that they are this year's figures"),
    IssueType("submission-missing", "warning",
              "{form}: {count} đơn vị phải nộp nhưng chưa có số liệu: {units}",
              "{form}: {count} units that must submit sent nothing: {units}"),
]

CATALOGUE: dict[str, IssueType] = {t.code: t for t in _CATALOGUE}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def template(code: str, lang: str = "vi") -> str:
    """The message template of an issue code in a language, with its ``{fields}``."""
    kind = CATALOGUE[code]
    return kind.en if lang == "en" else kind.vi


MAX_SHOWN = 120  # characters of a cell value quoted in a message


def _shorten(value: Any) -> Any:
    """A huge cell is quoted by its beginning in the terminal table, not pasted whole."""
    if isinstance(value, str) and len(value) > MAX_SHOWN:
        return value[:MAX_SHOWN] + f"… ({len(value):,} ký tự)".replace(",", ".")
    return value


class _Default(dict):
    """A missing template field formats as empty text instead of raising."""

    def __missing__(self, key: str) -> str:
        return ""


@dataclass(frozen=True)
class Issue:
    """One problem found in the inputs, located as the user sees it."""

    code: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    cell: str | None = None
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code].severity

    def message(self, lang: str = "vi", shorten: bool = False) -> str:
        """The message in full (JSON, reports); ``shorten``: a huge cell value quoted by its
        beginning, for the terminal table only (our own explanations, detail, stay whole)."""
        kind = CATALOGUE[self.code]
        template = kind.en if lang == "en" else kind.vi
        fields = _Default({k: v if not shorten or k in ("detail", "detail_en") else _shorten(v)
                           for k, v in self.params.items()})
        if isinstance(fields.get("count"), int):  # "3.741 dòng": the thousands separator of the language
            fields["count"] = f"{fields['count']:,}".replace(",", "." if lang != "en" else ",")
        fields.setdefault("cell", self.cell or "")
        if self.code == "unit-unknown":
            fields.setdefault("kind", "mã đơn vị ")
            fields.setdefault("kind_en", "unit code ")
        if self.code == "unit-ambiguous":
            fields.setdefault("fix", "hãy ghi mã đơn vị")
            fields.setdefault("fix_en", "write the unit code")
        fields.setdefault("where", f"Ô {self.cell}: " if self.cell else "")
        fields.setdefault("where_en", f"Cell {self.cell}: " if self.cell else "")
        fields.setdefault("row", self.row or "")
        if self.row:
            fields.setdefault("at", f"Row {self.row}: " if lang == "en" else f"Dòng {self.row}: ")
        else:
            fields.setdefault("at", "Sheet skipped: " if lang == "en" else "Cả trang ")
        return template.format_map(fields)

    @property
    def location(self) -> str:
        """``thon_kim_son.xlsx › Biểu 09 › C14``."""
        parts = [p for p in (self.file, self.sheet) if p]
        if self.cell:
            parts.append(self.cell)
        elif self.row:
            parts.append(f"dòng {self.row}")
        return " › ".join(parts)

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message(lang),
            "cell": self.cell,
        }


def sort_key(issue: Issue) -> tuple[Any, ...]:
    return (issue.file or "", issue.sheet or "", issue.row or 0, issue.column or "", issue.code)
