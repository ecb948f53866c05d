"""`danvan template [FORM...]`: blank .xlsx forms to send out, generated from the spec."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from danvan_cli.cli.common import Crosswalk, Lang, Targets, guarded, lang_of, write_output


def template(
    forms: Annotated[list[str] | None, typer.Argument(metavar="FORM...", help="Biểu cần tạo: tên (cap_uy, thon) hoặc số (01, 09); mặc định tất cả.")] = None,
    units: Annotated[Path | None, typer.Option("--units", help="Danh mục đơn vị units.csv (mặc định: danh mục Ninh Bình đi kèm, không có thôn).")] = None,
    unit: Annotated[list[str] | None, typer.Option("--unit", metavar="CODE", help="Chỉ các đơn vị thuộc mã này (huyện, xã); lặp lại để có một bộ cho mỗi mã.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Năm báo cáo (mặc định: năm của --date, hoặc năm hiện tại); điền sẵn các đơn vị có hiệu lực ngày 31/12 của năm.")] = None,
    date: Annotated[str | None, typer.Option("--date", metavar="NGÀY", help="Ngày báo cáo (2025-07-01 hoặc 1/7/2025): điền sẵn các đơn vị có hiệu lực ngày này thay cho ngày 31/12.")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Thư mục ghi các tệp .xlsx.")] = Path("."),
    crosswalk: Crosswalk = None,
    targets: Targets = None,
    lang: Lang = "",
) -> None:
    """Tạo biểu mẫu Excel trống để gửi các đơn vị (blank forms to send out)."""
    with guarded():
        from danvan_cli import api
        from danvan_cli.cli.common import writable
        from danvan_cli.errors import UsageError
        from danvan_cli.units.registry import parse_date

        language = lang_of(lang)
        try:
            day = parse_date(date) if date is not None else None
        except ValueError:
            raise UsageError(f"--date {date}: không đọc được ngày (cần dạng 2025-07-01 hoặc 1/7/2025)") from None
        with writable(output):
            run = api.template(forms, units=units, unit=unit, year=year, date=day, output=output, targets=targets,
                               crosswalk=crosswalk)
        used = run.registry(language)
        lines = [("Danh mục đơn vị: " if language == "vi" else "Unit registry: ") + used] if used else []
        lines += [("Đã ghi " if language == "vi" else "Wrote ") + str(path) for path in run.written]
        for skip in run.skipped:
            where = skip.unit or ""
            lines.append(f"Bỏ qua Biểu {skip.number} ({skip.form}): không đơn vị nào thuộc {where} phải nộp"
                         if language == "vi" else
                         f"Skipped form {skip.number} ({skip.form}): no unit under {where} submits it")
        write_output("\n".join(lines) + "\n", None)
