"""The catalogue of issue codes (docs/contract.md §8) and the Issue record.

Each code owns its severity and its message template, written in Vietnamese (the source
language) and translated by the ``issues`` catalog, so wording stays consistent and
testable. Templates use ``str.format`` fields.

An issue's params carry one value each: data (a cell value, a file name, a unit's name)
as it is, and our own words as a `Text`, a Vietnamese message id with its fields that
`Issue.message` shows in the language asked for::

    Issue("rule", ..., params={"rule": Text(N_("“{a}” lớn hơn “{b}”"), a=..., b=...)})

A `Text` is a ``str`` holding its Vietnamese form, so code that reads params as text
(and the JSON of the Vietnamese report) sees what it always saw.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from danvan_cli.i18n import N_, as_lang, translator

Severity = Literal["error", "warning", "info"]
Code = Literal[
    "file-unreadable", "form-unknown", "form-ambiguous", "column-missing", "column-duplicate",
    "column-unknown", "cell-missing", "cell-type", "cell-range", "rule", "unit-unknown",
    "unit-ambiguous", "unit-by-name", "unit-vintage", "unit-vintage-mixed", "unit-overlap",
    "unit-level", "unit-name-mismatch", "row-duplicate", "row-duplicate-identical",
    "year-mismatch", "row-skipped", "total-mismatch", "legacy-encoding", "cell-formula",
    "percent-fraction", "file-skipped", "file-scan-failed", "sheet-hidden", "row-hidden",
    "submission-missing", "value-jump", "outlier", "row-disappeared",
]
CODES: tuple[Code, ...] = get_args(Code)


class _Fields(dict[str, Any]):
    """A missing template field formats as empty text instead of raising."""

    def __missing__(self, key: str) -> str:
        return ""


class Localized(str):
    """Text of ours that can be shown in either language; its ``str`` value is the
    Vietnamese. Subclasses say how the other language is found (`Text`, `PerLang`)."""

    def in_lang(self, lang: str) -> str:
        """The text in ``lang`` ("vi" or "en")."""
        raise NotImplementedError


def shown_in(value: Any, lang: str) -> Any:
    """A param or field as shown in ``lang``: `Localized` translated, data as it is."""
    return value.in_lang(lang) if isinstance(value, Localized) else value


def _render(msgid: str, plural: str | None, fields: Mapping[str, Any], lang: str) -> str:
    tr = translator(lang)
    if plural is not None:
        template = tr.ngettext(msgid, plural, int(fields.get("n", 0)))
    else:
        template = tr.gettext(msgid)
    if not fields:
        return template
    return template.format_map(_Fields({k: shown_in(v, lang) for k, v in fields.items()}))


class Text(Localized):
    """A message id (Vietnamese, marked with ``N_`` where it is written) and its fields,
    shown in a language through the catalogs. Fields may be `Localized` themselves.
    ``Text.ngettext(singular, plural, n, **fields)`` chooses the form by ``n`` (field ``n``)."""

    msgid: str
    plural: str | None
    fields: dict[str, Any]

    def __new__(cls, msgid: str, /, **fields: Any) -> Text:
        return cls._make(msgid, None, fields)

    @classmethod
    def _make(cls, msgid: str, plural: str | None, fields: dict[str, Any]) -> Text:
        self = super().__new__(cls, _render(msgid, plural, fields, "vi"))
        self.msgid, self.plural, self.fields = msgid, plural, fields
        return self

    @classmethod
    def ngettext(cls, singular: str, plural: str, n: int, /, **fields: Any) -> Text:
        """A counted text: ``Text.ngettext("{n} dòng", "{n} dòng", 3)`` → "3 dòng", "3 rows"."""
        return cls._make(singular, plural, {"n": n, **fields})

    def in_lang(self, lang: str) -> str:
        if as_lang(lang) == "vi":
            return str.__str__(self)
        return _render(self.msgid, self.plural, self.fields, lang)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text._make, (self.msgid, self.plural, self.fields))


class PerLang(Localized):
    """Text that another layer words in each language (a unit's history, a registry's
    note): ``PerLang(lambda lang: history.elsewhere(code, year, lang))``."""

    words: Callable[[str], str]

    def __new__(cls, words: Callable[[str], str]) -> PerLang:
        self = super().__new__(cls, words("vi"))
        self.words = words
        return self

    def in_lang(self, lang: str) -> str:
        return str.__str__(self) if as_lang(lang) == "vi" else self.words(as_lang(lang))

    def __reduce__(self) -> tuple[Any, ...]:
        return (PerLang, (self.words,))


def joined(items: list[Any], separator: str = ", ") -> Localized:
    """Items (`Localized` or data) joined, each shown in the language asked for."""
    kept = list(items)
    return PerLang(lambda lang: separator.join(str(shown_in(i, lang)) for i in kept))


@dataclass(frozen=True)
class IssueType:
    code: Code
    severity: Severity
    template: str  # Vietnamese, the message id of the ``issues`` catalog
    plural: str | None = None  # a counted message: its plural message id, the form chosen by {count}

    @classmethod
    def ngettext(cls, template: str, plural: str, *, code: Code, severity: Severity) -> IssueType:
        """A type whose message agrees with its ``{count}`` ("1 row gives", "2 rows give");
        named after gettext's plural call so that the catalog tools extract both forms."""
        return cls(code, severity, template, plural)

    def text(self, lang: str, count: int = 2) -> str:
        """The template in ``lang`` (for a counted message, the form for ``count``)."""
        if self.plural is None:
            return translator(lang).gettext(self.template)
        return translator(lang).ngettext(self.template, self.plural, count)


_CATALOGUE = [
    IssueType("file-unreadable", "error",
              N_("Không đọc được tệp: {reason}")),
    IssueType("form-unknown", "error",
              N_("Không nhận ra biểu mẫu của trang này (không tìm thấy dòng tiêu đề cột khớp với biểu nào trong 20 dòng đầu)")),
    IssueType("form-ambiguous", "error",
              N_("Trang này khớp với nhiều biểu mẫu: {forms}; hãy dùng đúng tiêu đề cột của một biểu")),
    IssueType("column-missing", "error",
              N_("Thiếu cột bắt buộc “{label}” ({column}) của {form}")),
    IssueType("column-duplicate", "error",
              N_("Cột “{label}” ({column}) xuất hiện nhiều lần: {cells}")),
    IssueType("column-unknown", "warning",
              N_("Cột “{header}” không thuộc {form}; cột này bị bỏ qua")),
    IssueType("cell-missing", "error",
              N_("Ô {cell}: thiếu giá trị bắt buộc “{label}”")),
    IssueType("cell-type", "error",
              N_("Ô {cell}: '{value}' không phải {expected}")),
    IssueType("cell-range", "error",
              N_("Ô {cell}: '{value}' ngoài giá trị cho phép ({expected})")),
    IssueType("rule", "error",
              N_("Dòng {row}: {rule}")),
    IssueType("unit-unknown", "error",
              N_("Ô {cell}: {kind}'{value}' không có trong danh mục đơn vị{hint}")),
    IssueType("unit-ambiguous", "error",
              N_("Ô {cell}: '{value}' có thể là {count} đơn vị ({units}); {fix}")),
    IssueType.ngettext("{count} dòng không ghi mã đơn vị: đã nhận đơn vị theo tên (ví dụ ô {cell}: '{value}' → mã {code})",
                       "{count} dòng không ghi mã đơn vị: đã nhận đơn vị theo tên (ví dụ ô {cell}: '{value}' → mã {code})",
                       code="unit-by-name", severity="info"),
    IssueType("unit-vintage", "info",
              N_("Đơn vị hành chính: {detail}")),
    IssueType("unit-vintage-mixed", "warning",
              N_("{form}: năm {year} có dòng của đơn vị theo {count} danh mục ({vintages}); kết quả tính theo các đơn vị đã báo cáo, chỉ tiêu tỷ lệ đơn vị không so sánh được")),
    IssueType("unit-overlap", "error",
              N_("{form}: {old} và {new} cùng báo cáo năm {year}, nhưng địa bàn của {old} nằm trong {new}: số liệu bị tính hai lần; bỏ một trong hai")),
    IssueType("unit-level", "error",
              N_("Ô {cell}: đơn vị '{value}' ({unit_name}) thuộc cấp {level}, không thuộc các cấp nộp {form} ({allowed})")),
    IssueType("unit-name-mismatch", "warning",
              N_("Ô {cell}: tên '{value}' không khớp với tên trong danh mục của mã {code}: '{expected}'")),
    IssueType("row-duplicate", "error",
              N_("Dòng {row}: {key} được gửi nhiều lần với số liệu khác nhau ({others}); không dòng nào được tính")),
    IssueType("row-duplicate-identical", "warning",
              N_("Dòng {row}: {key} trùng hoàn toàn với {first}; chỉ tính một lần")),
    IssueType("year-mismatch", "error",
              N_("{where}năm {value} khác năm báo cáo {year}{detail}")),
    IssueType("row-skipped", "info",
              N_("{at}bỏ qua ({reason})")),
    IssueType("total-mismatch", "warning",
              N_("Dòng {row}: tổng “{label}” của tệp là {total}, cộng các dòng chi tiết được {computed}")),
    IssueType.ngettext("Cột “{label}”: {count} ô gõ bằng bảng mã cũ {encoding} (ví dụ ô {cell}: '{value}' → '{converted}'); đã chuyển sang Unicode",
                       "Cột “{label}”: {count} ô gõ bằng bảng mã cũ {encoding} (ví dụ ô {cell}: '{value}' → '{converted}'); đã chuyển sang Unicode",
                       code="legacy-encoding", severity="warning"),
    IssueType("cell-formula", "error",
              N_("Ô {cell}: {detail}")),
    IssueType("percent-fraction", "warning",
              N_("Cột “{label}”: {unit} ghi {values} trong khi các đơn vị khác ghi từ 10 đến 100; có thể đã nhập dạng thập phân ({example})? Số liệu được tính đúng như đã gõ; nếu là phần trăm, hãy sửa thành số phần trăm")),
    IssueType("file-skipped", "info",
              N_("Không đọc tệp này: {reason}")),
    IssueType("file-scan-failed", "warning",
              N_("Không đọc được định dạng ô và công thức của tệp ({reason}); các ô định dạng phần trăm và công thức chưa tính có thể không được nhận ra")),
    IssueType("sheet-hidden", "warning",
              N_("Trang này đang bị ẩn trong tệp (người mở tệp không thấy): không tính; nếu đây là số liệu cần tính, hãy bỏ ẩn trang rồi gửi lại")),
    IssueType("row-hidden", "warning",
              N_("{count} dòng đang bị ẩn trong trang ({rows}) nhưng vẫn được tính như các dòng khác; hãy kiểm tra đó có phải số liệu năm nay")),
    IssueType.ngettext("{form}: {count} đơn vị phải nộp nhưng chưa có số liệu: {units}",
                       "{form}: {count} đơn vị phải nộp nhưng chưa có số liệu: {units}",
                       code="submission-missing", severity="warning"),
    IssueType("value-jump", "warning",
              N_("Ô {cell}: “{label}” của {unit_name} là {value}, năm {previous_year} là {previous} ({change}); "
                 "hãy kiểm tra có gõ nhầm không")),
    IssueType("outlier", "warning",
              N_("Ô {cell}: “{label}” của {unit_name} là {value}, khác xa các đơn vị cấp {level} khác "
                 "(trung vị {median}, {peers} đơn vị); hãy kiểm tra có gõ nhầm không")),
    IssueType.ngettext("{form}: {count} dòng có năm {previous_year} nhưng năm nay không có ({unit_name}): {keys}",
                       "{form}: {count} dòng có năm {previous_year} nhưng năm nay không có ({unit_name}): {keys}",
                       code="row-disappeared", severity="info"),
]

# Plausibility (`validation.plausibility`): figures that are well-formed but unlikely, named so that
# someone checks them; they never block a row and never fail a run (not even with --strict).
PLAUSIBILITY: tuple[Code, ...] = ("value-jump", "outlier", "row-disappeared")

CATALOGUE: dict[str, IssueType] = {t.code: t for t in _CATALOGUE}
SEVERITY_ORDER: dict[Severity, int] = {"error": 0, "warning": 1, "info": 2}


def template(code: str, lang: str = "vi") -> str:
    """The message template of an issue code in a language, with its ``{fields}`` (a counted
    message in its plural form)."""
    return CATALOGUE[code].text(lang)


MAX_SHOWN = 120  # characters of a cell value quoted in a message


def _count(n: int, lang: str) -> str:
    """3741 → '3.741' (Vietnamese), '3,741' (English)."""
    return f"{n:,}".replace(",", "." if as_lang(lang) == "vi" else ",")


def _shorten(value: Any, lang: str) -> Any:
    """A huge cell is quoted by its beginning in the terminal table, not pasted whole."""
    if isinstance(value, str) and len(value) > MAX_SHOWN:
        more = translator(lang).gettext(N_("… ({count} ký tự)")).format(count=_count(len(value), lang))
        return value[:MAX_SHOWN] + more
    return value


@dataclass(frozen=True)
class Issue:
    """One problem found in the inputs, located as the user sees it."""

    code: Code
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
        fields = _Fields(self.params)
        count = fields.get("count")
        if isinstance(count, int):  # "3.741 dòng": the thousands separator of the language
            fields["count"] = _count(count, lang)
        fields.setdefault("cell", self.cell or "")
        fields.setdefault("column", self.column or "")
        if self.code == "unit-unknown":
            fields.setdefault("kind", Text(N_("mã đơn vị ")))
        if self.code == "unit-ambiguous":
            fields.setdefault("fix", Text(N_("hãy ghi mã đơn vị")))
        fields.setdefault("where", Text(N_("Ô {cell}: "), cell=self.cell) if self.cell else "")
        fields.setdefault("row", self.row or "")
        fields.setdefault("at", Text(N_("Dòng {row}: "), row=self.row) if self.row else Text(N_("Cả trang ")))
        for key, value in fields.items():
            value = shown_in(value, lang)
            fields[key] = _shorten(value, lang) if shorten and key != "detail" else value
        return CATALOGUE[self.code].text(lang, count if isinstance(count, int) else 2).format_map(fields)

    @property
    def location(self) -> str:
        """``thon_kim_son.xlsx › Biểu 09 › C14`` (Vietnamese; `location_in` for a language)."""
        return self.location_in("vi")

    def location_in(self, lang: str) -> str:
        """Where the issue is, in ``lang``: ``file › sheet › C14`` or ``file › sheet › row 12``."""
        parts = [p for p in (self.file, self.sheet) if p]
        if self.cell:
            parts.append(self.cell)
        elif self.row:
            parts.append(Text(N_("dòng {row}"), row=self.row).in_lang(lang))
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
