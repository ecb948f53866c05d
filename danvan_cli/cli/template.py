"""`danvan template [FORM...]`: blank .xlsx forms to send out, generated from the spec."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from danvan_cli.cli.common import Crosswalk, LangOption, Targets, guarded, lang_of, write_output
from danvan_cli.i18n import N_, translator


def template(
    ctx: typer.Context,
    forms: Annotated[list[str] | None, typer.Argument(metavar="FORM", help=N_("Biểu cần tạo: tên (cap_uy, thon) hoặc số (01, 09); mặc định tất cả."))] = None,
    units: Annotated[Path | None, typer.Option("--units", help=N_("Danh mục đơn vị units.csv (mặc định: danh mục Ninh Bình đi kèm, không có thôn)."))] = None,
    unit: Annotated[list[str] | None, typer.Option("--unit", metavar="CODE", help=N_("Chỉ các đơn vị thuộc mã này (huyện, xã); lặp lại để có một bộ cho mỗi mã."))] = None,
    year: Annotated[int | None, typer.Option("--year", help=N_("Năm báo cáo (mặc định: năm của --date, hoặc năm hiện tại); điền sẵn các đơn vị có hiệu lực ngày 31/12 của năm."))] = None,
    date: Annotated[str | None, typer.Option("--date", metavar=N_("NGÀY"), help=N_("Ngày báo cáo (2025-07-01 hoặc 1/7/2025): điền sẵn các đơn vị có hiệu lực ngày này thay cho ngày 31/12."))] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help=N_("Thư mục ghi các tệp .xlsx."))] = Path("."),
    crosswalk: Crosswalk = None,
    targets: Targets = None,
    lang: LangOption = "",
) -> None:
    """Blank forms to send out, in the language asked for (help text: `danvan_cli.cli.app`)."""
    with guarded(ctx, lang):
        from danvan_cli.cli.common import writable
        from danvan_cli.errors import UsageError
        from danvan_cli.forms.run import make_templates
        from danvan_cli.units.registry import parse_date

        language = lang_of(lang, ctx)
        _ = translator(language).gettext
        try:
            day = parse_date(date) if date is not None else None
        except ValueError:
            raise UsageError(_("--date {date}: không đọc được ngày (cần dạng 2025-07-01 hoặc 1/7/2025)")
                             .format(date=date)) from None
        with writable(output, language):
            run = make_templates(forms, units=units, unit=unit, year=year, date=day, output=output,
                                 targets=targets, crosswalk=crosswalk, lang=language)
        used = run.registry(language)
        lines = [_("Danh mục đơn vị: {registry}").format(registry=used)] if used else []
        lines += [_("Đã ghi {path}").format(path=path) for path in run.written]
        for skip in run.skipped:
            lines.append(_("Bỏ qua Biểu {number} ({form}): không đơn vị nào thuộc {unit} phải nộp")
                         .format(number=skip.number, form=skip.form, unit=skip.unit or ""))
        write_output("\n".join(lines) + "\n", None)
