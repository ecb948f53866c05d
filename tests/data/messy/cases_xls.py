"""Corpus cases 80-89: legacy .xls as offices really send them: a BIFF .xls with cells
formatted as percentages, and files named .xls that are a web page or Excel 2003 XML
(exports of administrative software; Excel opens them after a warning about the format).

Built by ``python tests/data/messy/make_corpus.py cases_xls`` through the generator module
(``mc``). The .xls, the HTML and the SpreadsheetML files marked "by LibreOffice" are written as
flat ODF (``mc.fods``, with percentage cells and their number formats added) and converted
by LibreOffice 7.4 (``--convert-to xls``, ``html``, ``xml:MS Excel 2003 XML``), then renamed; the government-style
HTML page and the Excel-style SpreadsheetML are written by hand the way those programs
write them, and each builder says so.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from html import escape as html_escape
from pathlib import Path
from types import ModuleType
from typing import Any
from xml.sax.saxutils import escape

CDS_PERCENT = "ty_le_giam_thoi_gian_hop"


_PERCENT_STYLES = (
    '<office:automatic-styles>'
    '<number:percentage-style style:name="P0"><number:number number:decimal-places="0" number:min-integer-digits="1"/>'
    '<number:text>%</number:text></number:percentage-style>'
    '<number:percentage-style style:name="P1"><number:number number:decimal-places="1" number:min-integer-digits="1"/>'
    '<number:text>%</number:text></number:percentage-style>'
    '<style:style style:name="ceP0" style:family="table-cell" style:data-style-name="P0"/>'
    '<style:style style:name="ceP1" style:family="table-cell" style:data-style-name="P1"/>'
    '</office:automatic-styles>')


def _fods(mc: ModuleType, sheets: list[Any]) -> str:
    """mc.fods, and cells given as mc.Styled(value, '0%' or '0.0%') written as percentage
    cells with that number format (what LibreOffice stores when '35,5%' is typed)."""
    styled: list[Any] = []
    plain = []
    for sheet in sheets:
        rows = []
        for row in sheet.rows:
            cells = []
            for v in row:
                if isinstance(v, mc.Styled):
                    cells.append(f"@@PCT{len(styled)}@@")
                    styled.append(v)
                else:
                    cells.append(v)
            rows.append(cells)
        plain.append(mc.Sheet(sheet.name, rows, list(sheet.merges)))
    text = mc.fods(plain)
    for i, v in enumerate(styled):
        style = "ceP1" if ".0" in v.number_format else "ceP0"
        text = text.replace(f'<table:table-cell office:value-type="string"><text:p>@@PCT{i}@@</text:p></table:table-cell>',
                            f'<table:table-cell table:style-name="{style}" office:value-type="percentage" '
                            f'office:value="{v.value}"/>')
    assert "@@PCT" not in text
    text = text.replace(" office:version=", ' xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
                        ' xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version=', 1)
    return text.replace("<office:body>", _PERCENT_STYLES + "<office:body>", 1)


def _converted(mc: ModuleType, path: Path, sheets: list[Any], convert_to: str, produced: str) -> None:
    """The sheets written as flat ODF and converted by LibreOffice, saved under path's name."""
    with tempfile.TemporaryDirectory(prefix="danvan_lo_xls_") as tmp:
        src = Path(tmp) / "book.fods"
        src.write_text(_fods(mc, sheets), encoding="utf-8")
        profile = Path(tmp) / "profile"
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                        convert_to, "--outdir", tmp, str(src)], check=True, timeout=180, capture_output=True)
        data = (Path(tmp) / f"book.{produced}").read_bytes()
    path.write_bytes(data)


def _percent(name: str, v: Any) -> Any:
    """The percentage typed as '35,5%': the cell holds 0.355 and shows 35,5 %."""
    if name == CDS_PERCENT and v is not None:
        return mc_styled(round(v / 100, 6), "0.0%" if v % 1 else "0%")
    return v


mc_styled: Any = None  # set by build (mc.Styled)


def _cds_sheet(mc: ModuleType, two_rows: bool) -> Any:
    s = mc.Sheet("Biểu 05")
    rows = mc.clean("chuyen_doi_so")
    if two_rows:
        cols, _ = mc.cds_two_row_header(s, mc.title_rows("05"))
        mc.cds_rows(s, cols, rows, fmt=_percent)
    else:
        mc.office_sheet(s, "chuyen_doi_so", ["ma_don_vi", "ten_don_vi", *mc.CDS_COLS[1:]], rows,
                        titles=mc.title_rows("05"),
                        value=lambda r, c: mc.NAME[r["ma_don_vi"]] if c == "ten_don_vi" else _percent(c, r.get(c)))
    return s


def case_xls_percent(mc: ModuleType) -> None:
    c = mc.case("80-xls-percent-cells", "Biểu 05 saved as Excel 97-2003 .xls (by LibreOffice): the percentage column "
                "was typed '35,5%', so each cell holds 0.355 with the number format 0.0% (30% → 0.3 with 0%); the "
                "value is 35.5 per cent as the office sees it, not 0.355 → same scores as clean (rates 35.5, 30, 25, "
                "28.5, 20), like 37-xlsx-percent-cells for .xlsx", 0, same_scores_as=mc.CLEAN_REF)
    _converted(mc, c.folder / "bieu05.xls", [_cds_sheet(mc, two_rows=False)], "xls", "xls")
    mc.write_clean_csvs(c.folder, ("chuyen_doi_so",))


def case_html_libreoffice(mc: ModuleType) -> None:
    c = mc.case("81-xls-html-libreoffice", "Biểu 05 with its two-row merged header, saved by LibreOffice as a web page "
                "(HTML) and renamed bieu05_chuyen_doi_so.xls, as exporting programs do: Excel opens it (with a "
                "warning) and shows the table; the merged header cells are colspan/rowspan, the percentages are "
                "displayed text '35.5%' → read like the sheet Excel shows, same scores as clean", 0,
                same_scores_as=mc.CLEAN_REF)
    _converted(mc, c.folder / "bieu05_chuyen_doi_so.xls", [_cds_sheet(mc, two_rows=True)], "html", "html")
    mc.write_clean_csvs(c.folder, ("chuyen_doi_so",))


def _government_html(mc: ModuleType) -> str:
    """Biểu 06 the way web-based reporting software exports 'Excel' files: an HTML page
    (meta charset utf-8) with a letterhead in paragraphs, one <table border=1> whose
    title rows span every column, a two-row header of <th> ('Số cuộc' over 'giám sát' |
    'phản biện xã hội', the others rowspan=2), each unit's code and name merged down
    (rowspan) over its organisations, &nbsp; in empty cells, <br> inside labels,
    unquoted attributes, and a signature paragraph under the table."""
    form = "mat_tran_doan_the"
    rows = mc.clean(form)
    titles = mc.title_rows("06")
    out = ['<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
           "<title>Xuat bao cao</title>\n<style>td{mso-number-format:\\@}</style>\n</head>\n<body>\n",
           "<p align=center><b>ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH NINH BÌNH</b></p>\n",
           "<table border=1 cellspacing=0 cellpadding=3 style='border-collapse:collapse'>\n"]
    for text in titles:
        out.append(f"<tr><td colspan=7 align=center><b>{html_escape(text)}</b></td></tr>\n")
    out.append("<tr><th rowspan=2>STT</th><th rowspan=2>Mã<br>đơn vị</th><th rowspan=2>Tên đơn vị</th>"
               "<th rowspan=2>Tổ chức</th><th colspan=2>Số cuộc</th><th rowspan=2>Xếp loại</th></tr>\n")
    out.append("<tr><th>giám sát</th><th>phản biện xã hội</th></tr>\n")
    groups: dict[str, int] = {}
    for r in rows:
        groups[r["ma_don_vi"]] = groups.get(r["ma_don_vi"], 0) + 1
    seen: set[str] = set()
    for i, r in enumerate(rows, 1):
        code = r["ma_don_vi"]
        cells = [f"<td align=center>{i}</td>"]
        if code not in seen:
            seen.add(code)
            span = groups[code]
            cells.append(f"<td rowspan={span}>{code}</td><td rowspan={span}>{html_escape(mc.NAME[code])}</td>")
        for col in ("to_chuc", "so_cuoc_giam_sat", "so_cuoc_phan_bien", "xep_loai"):
            v = mc.as_label(form, col, r.get(col))
            cells.append("<td>&nbsp;</td>" if v in (None, "") else f"<td>{html_escape(str(v))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>\n")
    out.append("</table>\n<p>&nbsp;</p>\n<p align=right><i>Ninh Bình, ngày 10 tháng 01 năm 2024</i><br>"
               "<b>NGƯỜI LẬP BIỂU</b></p>\n</body>\n</html>\n")
    return "".join(out)


def case_html_government(mc: ModuleType) -> None:
    c = mc.case("82-xls-html-government", "Biểu 06 exported by web-based reporting software as 'bieu06_mat_tran.xls', "
                "really an HTML page (written by hand the way such software writes it): letterhead paragraph above "
                "the table, title rows spanning all columns (colspan), a two-row <th> header ('Số cuộc' over 'giám sát' "
                "| 'phản biện xã hội'), each unit's code and name merged down (rowspan) over its organisations, "
                "&nbsp; in empty cells, <br> in labels, a signature paragraph below → read as Excel shows it (the "
                "code fills every row of its merged area), same scores as clean", 0, same_scores_as=mc.CLEAN_REF)
    (c.folder / "bieu06_mat_tran.xls").write_text(_government_html(mc), encoding="utf-8")
    mc.write_clean_csvs(c.folder, ("mat_tran_doan_the",))


def _excel_worksheet(mc: ModuleType, name: str, rows: list[dict], hidden: bool) -> str:
    """One worksheet of Biểu 01 as Excel 2003 writes it: the title merged across
    (ss:MergeAcross), the blank row skipped with ss:Index, blank cells left out and the
    next cell placed with ss:Index, numbers as ss:Type="Number"."""
    cols = mc.CAP_UY_COLS
    width = len(cols) + 1
    out = [f' <Worksheet ss:Name="{escape(name)}">\n  <Table>\n']
    for text in mc.title_rows("01"):
        out.append(f'   <Row><Cell ss:MergeAcross="{width - 1}" ss:StyleID="s62"><Data ss:Type="String">'
                   f"{escape(text)}</Data></Cell></Row>\n")
    header = ["STT", *(mc.label("cap_uy", c) for c in cols)]
    out.append(f'   <Row ss:Index="{len(mc.title_rows("01")) + 2}">'
               + "".join(f'<Cell ss:StyleID="s62"><Data ss:Type="String">{escape(h)}</Data></Cell>' for h in header)
               + "</Row>\n")
    for i, r in enumerate(rows, 1):
        cells = [f'<Cell><Data ss:Type="Number">{i}</Data></Cell>']
        skipped = False
        for n, col in enumerate(cols, 2):
            v = mc.NAME[r["ma_don_vi"]] if col == "ten_don_vi" else mc.as_label("cap_uy", col, r.get(col))
            if v in (None, ""):
                skipped = True
                continue
            index = f' ss:Index="{n}"' if skipped else ""
            skipped = False
            if isinstance(v, int) and not isinstance(v, bool):
                cells.append(f'<Cell{index} ss:StyleID="s63"><Data ss:Type="Number">{v}</Data></Cell>')
            else:
                cells.append(f'<Cell{index}><Data ss:Type="String">{escape(str(v))}</Data></Cell>')
        out.append("   <Row>" + "".join(cells) + "</Row>\n")
    options = "<Visible>SheetHidden</Visible>" if hidden else "<Selected/>"
    out.append(f'  </Table>\n  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">{options}'
               "<ProtectObjects>False</ProtectObjects></WorksheetOptions>\n </Worksheet>\n")
    return "".join(out)


DRAFT = "Biểu 01 (nháp)"


def _excel_spreadsheet_ml(mc: ModuleType) -> str:
    """Biểu 01 as Excel 2003 writes 'XML Spreadsheet 2003' (Styles first, then each
    worksheet), with a hidden draft sheet (x:Visible SheetHidden) holding other figures."""
    rows = mc.clean("cap_uy")
    draft = [dict(r, so_cap_uy_vien_guong_mau=(r["so_cap_uy_vien_guong_mau"] or 0) - 2) for r in rows]
    return ('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"\n'
            ' xmlns:o="urn:schemas-microsoft-com:office:office"\n xmlns:x="urn:schemas-microsoft-com:office:excel"\n'
            ' xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"\n xmlns:html="http://www.w3.org/TR/REC-html40">\n'
            ' <Styles>\n  <Style ss:ID="Default" ss:Name="Normal"><Alignment ss:Vertical="Bottom"/></Style>\n'
            '  <Style ss:ID="s62"><Font ss:Bold="1"/></Style>\n'
            '  <Style ss:ID="s63"><NumberFormat ss:Format="#,##0"/></Style>\n </Styles>\n'
            + _excel_worksheet(mc, "Biểu 01", rows, hidden=False)
            + _excel_worksheet(mc, DRAFT, draft, hidden=True) + "</Workbook>\n")


def case_spreadsheet_ml(mc: ModuleType) -> None:
    c = mc.case("83-xls-spreadsheetml", "Files named .xls that are Excel 2003 XML (SpreadsheetML): "
                "bieu05_chuyen_doi_so.xls saved by LibreOffice ('MS Excel 2003 XML') from Biểu 05 with its two-row "
                "merged header (ss:MergeAcross/ss:MergeDown) and percentages stored 0.355 in a cell style whose "
                "NumberFormat is a percentage (read as 35.5); bieu01_cap_uy.xls written the way Excel 2003 writes it "
                "(title merged across, ss:Index gaps for the blank row and the blank cells) with a hidden sheet "
                f"'{DRAFT}' (a draft with other figures, x:Visible SheetHidden) → not read, sheet-hidden warning; "
                "read like the sheets Excel shows, same scores as clean", 0, same_scores_as=mc.CLEAN_REF,
                issues=[mc.issue("sheet-hidden", "bieu01_cap_uy.xls", sheet=DRAFT)])
    _converted(mc, c.folder / "bieu05_chuyen_doi_so.xls", [_cds_sheet(mc, two_rows=True)],
               "xml:MS Excel 2003 XML", "xml")
    (c.folder / "bieu01_cap_uy.xls").write_text(_excel_spreadsheet_ml(mc), encoding="utf-8")
    mc.write_clean_csvs(c.folder, ("chuyen_doi_so", "cap_uy"))


_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE Workbook [\n <!ENTITY a "hahahahahahahahahaha">\n'
           + "".join(f' <!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(8))
           + ']>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Biểu 03"><Table>'
           '<Row><Cell><Data ss:Type="String">&i;</Data></Cell></Row></Table></Worksheet></Workbook>\n')


def case_not_xls(mc: ModuleType) -> None:
    qcdc = mc.label_grid("qcdc", ["ma_don_vi", "ten_don_vi", "xep_loai"], mc.clean("qcdc"))
    thon = mc.label_grid("thon", mc.THON_ALT_COLS, mc.clean("thon"), value=mc.thon_value)
    c = mc.case("84-web-files-not-read", "What Excel itself refuses or what must not be expanded: bieu03_qcdc.xlsx is "
                "an HTML page and bieu09_thon.xlsx Excel 2003 XML, both named .xlsx (Excel refuses to open them: "
                "the content does not match the extension) → file-unreadable saying what the file is; "
                "bieu05_hong.xls is SpreadsheetML declaring nested entities (a 'billion laughs', a gigabyte when "
                "expanded) → file-unreadable, refused before parsing; the other forms count", 1,
                issues=[mc.issue("file-unreadable", "bieu03_qcdc.xlsx", message_contains=["HTML"]),
                        mc.issue("file-unreadable", "bieu05_hong.xls", message_contains=["DTD"]),
                        mc.issue("file-unreadable", "bieu09_thon.xlsx", message_contains=["XML 2003"])],
                scores=mc.hand_scores({f: mc.clean(f) for f in mc.CLEAN if f not in ("qcdc", "thon")}))
    _converted(mc, c.folder / "bieu03_qcdc.xlsx", [_grid_sheet(mc, "Biểu 03", qcdc)], "html", "html")
    _converted(mc, c.folder / "bieu09_thon.xlsx", [_grid_sheet(mc, "Biểu 09", thon)], "xml:MS Excel 2003 XML", "xml")
    (c.folder / "bieu05_hong.xls").write_text(_LAUGHS, encoding="utf-8")
    mc.write_clean_csvs(c.folder, ("qcdc", "thon"))


def _grid_sheet(mc: ModuleType, name: str, grid: list[list[Any]]) -> Any:
    s = mc.Sheet(name)
    for row in grid:
        s.add(*row)
    return s


def build(mc: ModuleType) -> None:
    global mc_styled
    if shutil.which("soffice") is None:
        raise SystemExit("LibreOffice (soffice) is needed")
    mc_styled = mc.Styled
    case_xls_percent(mc)
    case_html_libreoffice(mc)
    case_html_government(mc)
    case_spreadsheet_ml(mc)
    case_not_xls(mc)
