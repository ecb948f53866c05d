"""`danvan summary ROOT`: the mid-term (sơ kết) or final (tổng kết) review."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from danvan_cli.cli.common import (
    Crosswalk,
    LangOption,
    NoPlausibility,
    Output,
    ReportInfo,
    Scope,
    Targets,
    Units,
    guarded,
    lang_of,
    show,
)
from danvan_cli.i18n import N_, translator


def summary(
    ctx: typer.Context,
    root: Annotated[Path, typer.Argument(metavar="ROOT", help=N_("Thư mục chứa các thư mục năm (data/ với data/2021, data/2022, …)."))],
    year_from: Annotated[int | None, typer.Option("--from", help=N_("Năm đầu (mặc định: năm đầu của Đề án)."))] = None,
    year_to: Annotated[int | None, typer.Option("--to", help=N_("Năm cuối (mặc định: năm mới nhất có thư mục)."))] = None,
    units: Units = None,
    crosswalk: Crosswalk = None,
    scope: Scope = "old-territory",
    targets: Targets = None,
    format: Annotated[str | None, typer.Option("--format", "-f", help=N_("md | json | html | xlsx | docx (mặc định: theo đuôi tệp -o, hoặc md)."))] = None,
    output: Output = None,
    report_info: ReportInfo = None,
    stamp: Annotated[bool, typer.Option("--stamp", help=N_("Ghi thời điểm lập báo cáo (khi đó hai lần chạy cho tệp khác nhau)."))] = False,
    by: Annotated[str | None, typer.Option("--by", help=N_("area: thêm từng chỉ tiêu theo địa bàn so sánh (các xã cũ hợp thành trọn xã mới), mọi năm."))] = None,
    strict: Annotated[bool, typer.Option("--strict", help=N_("Thoát với mã 1 nếu số liệu năm nào có lỗi."))] = False,
    no_plausibility: NoPlausibility = False,
    lang: LangOption = "",
) -> None:
    """The multi-year review (help text: `danvan_cli.cli.app`)."""
    with guarded(ctx, lang):
        from danvan_cli import api
        from danvan_cli.cli import output as out
        from danvan_cli.cli.common import stamp_text

        language = lang_of(lang, ctx)
        _ = translator(language).gettext
        chosen = out.choose("summary", format, output)
        if by not in (None, "area"):
            from danvan_cli.errors import UsageError

            raise UsageError(_("--by {by}: chỉ có --by area").format(by=by))
        review = api.summary(root, year_from=year_from, year_to=year_to, targets=targets, units=units,
                             crosswalk=crosswalk, scope=scope, by_area=by == "area",
                             plausibility=not no_plausibility)
        when = stamp_text(language) if stamp else None
        if chosen == "json":
            from danvan_cli.render import jsonout

            out.write(jsonout.dumps(review.to_json()), output)
        elif chosen == "html":
            from danvan_cli.render.summary import render_html

            out.write(render_html(review, language, when), output)
        elif chosen == "xlsx":
            from danvan_cli.render.xlsx import summary_workbook

            out.write(summary_workbook(review, language), output)
        elif chosen == "docx":
            out.write(out.docx(review, language, report_info, when), output)
        else:
            from danvan_cli.render.summary import render_markdown

            text = render_markdown(review, language, when)
            show(text) if output is None else out.write(text, output)
        if strict and review.has_errors():
            raise typer.Exit(1)
