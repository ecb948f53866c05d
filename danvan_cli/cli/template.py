"""`danvan template [FORM...]`: blank .xlsx forms to send out, generated from the spec."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from danvan_cli.cli.common import Lang, Targets, guarded, lang_of, write_output


def template(
    forms: Annotated[list[str] | None, typer.Argument(metavar="FORM...", help="Biểu cần tạo: tên (cap_uy, thon) hoặc số (01, 09); mặc định tất cả.")] = None,
    units: Annotated[Path | None, typer.Option("--units", help="Danh mục đơn vị units.csv (mặc định: danh mục Ninh Bình đi kèm, không có thôn).")] = None,
    unit: Annotated[list[str] | None, typer.Option("--unit", metavar="CODE", help="Chỉ các đơn vị thuộc mã này (huyện, xã); lặp lại để có một bộ cho mỗi mã.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Năm báo cáo (mặc định: năm hiện tại).")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Thư mục ghi các tệp .xlsx.")] = Path("."),
    targets: Targets = None,
    lang: Lang = "",
) -> None:
    """Tạo biểu mẫu Excel trống để gửi các đơn vị (blank forms to send out)."""
    with guarded():
        from danvan_cli import api

        language = lang_of(lang)
        from danvan_cli.cli.common import writable

        with writable(output):
            run = api.template(forms, units=units, unit=unit, year=year, output=output, targets=targets)
        lines = [("Đã ghi " if language == "vi" else "Wrote ") + str(path) for path in run.written]
        for skip in run.skipped:
            where = skip.unit or ""
            lines.append(f"Bỏ qua Biểu {skip.number} ({skip.form}): không đơn vị nào thuộc {where} phải nộp"
                         if language == "vi" else
                         f"Skipped form {skip.number} ({skip.form}): no unit under {where} submits it")
        write_output("\n".join(lines) + "\n", None)
