"""What only the office knows about a Word report (issuing body, number, date, signer),
read from a small YAML file (``--report-info report.yaml``).

Every field is optional: the report shows a highlighted placeholder such as
"[SỐ KÝ HIỆU]" for each one missing, so a draft is still usable.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from danvan_cli.errors import UsageError
from danvan_cli.i18n import N_
from danvan_cli.issues import Text


class ReportInfo(BaseModel):
    """The report's header, signature and the office's own paragraphs (36-HD/VPTW)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    co_quan_cap_tren: str | None = None  # "ĐẢNG BỘ TỈNH NINH BÌNH"
    co_quan: str | None = None  # "BAN DÂN VẬN"
    so_ky_hieu: str | None = None  # "125-BC/BDVTU"
    dia_danh: str | None = None  # "Ninh Bình"
    ngay: datetime.date | None = None
    quyen_han: str | None = None  # "T/M BAN THƯỜNG VỤ", "K/T TRƯỞNG BAN"
    chuc_vu: str | None = None  # "TRƯỞNG BAN"
    nguoi_ky: str | None = None
    noi_nhan: list[str] | None = None
    # the office's own assessment (section II) and directions (section III); paragraphs
    # separated by blank lines. Absent: a placeholder paragraph to write in.
    danh_gia: str | None = None
    phuong_huong: str | None = None

    @field_validator("ngay", mode="before")
    @classmethod
    def _day(cls, value: object) -> object:
        """A date as YAML writes it (2024-12-15) or as an office does (15/12/2024)."""
        if isinstance(value, str):
            parts = value.strip().replace("-", "/").split("/")
            if len(parts) == 3 and all(p.isdigit() for p in parts):
                d, m, y = (int(p) for p in (parts if len(parts[0]) <= 2 else reversed(parts)))
                return datetime.date(y, m, d)
        return value


FIELDS = tuple(ReportInfo.model_fields)


def load_report_info(path: Path | str) -> ReportInfo:
    """Read a report-info YAML file (safe loader only: no tags that build Python objects)."""
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(Text(N_("{path}: không đọc được tệp thông tin báo cáo ({reason})"),
                              path=path, reason=exc.strerror or exc)) from None
    except UnicodeDecodeError:
        raise UsageError(Text(N_("{path}: tệp thông tin báo cáo phải là văn bản UTF-8"), path=path)) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or exc
        if where is not None:
            raise UsageError(Text(N_("{path}: không phải YAML hợp lệ (dòng {line}): {reason}"),
                                  path=path, line=where.line + 1, reason=reason)) from None
        raise UsageError(Text(N_("{path}: không phải YAML hợp lệ: {reason}"), path=path, reason=reason)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise UsageError(Text(N_("{path}: cần các khóa {keys} ở mức trên cùng"), path=path, keys=", ".join(FIELDS)))
    unknown = [str(k) for k in data if k not in FIELDS]
    if unknown:
        raise UsageError(Text(N_("{path}: khóa không biết: {unknown} (các khóa dùng được: {keys})"),
                              path=path, unknown=", ".join(unknown), keys=", ".join(FIELDS)))
    try:
        return ReportInfo.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "?"
        raise UsageError(Text(N_("{path}: khóa {key}: {reason} (giá trị {value})"),
                              path=path, key=key, reason=first["msg"], value=repr(data.get(first["loc"][0])))) from None
