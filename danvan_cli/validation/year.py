"""The year a sheet says it reports, from its title rows, its sheet name or its file name.

Last year's workbook dropped into this year's folder must not be scored as this year's:
a title "BIỂU 09 … NĂM 2022", a sheet named "2022" or a file named ``thon_2022.xlsx`` in
the 2023 folder sets the sheet aside with a `year-mismatch` error.

What counts as a declared year, and what does not:

* in title rows (above the header) and sheet names: "năm 2022", "Năm báo cáo: 2022",
  "NĂM 2022"; a sheet named just "2022". Not a date ("ngày 15 tháng 01 năm 2024": the
  day a report was signed), not a range ("giai đoạn 2021-2025", "năm 2021-2025");
* in the file name, only when the sheet itself names no year: a single year token
  (``thon_2022.xlsx``), not a date (``bao_cao_15.01.2024``, ``20240115``) nor a range.

If the sheet names the reporting year anywhere, it is this year's sheet, whatever else it
mentions ("năm 2023 (so với năm 2022)").
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from danvan_cli.i18n import N_
from danvan_cli.issues import Issue, Text
from danvan_cli.text import column_letter, fold

_YEAR = r"(?:19|20)\d{2}"
# folded text: "Năm báo cáo: 2022" → "nam bao cao 2022"
_NAMED = re.compile(rf"(?<![a-z0-9])nam(?: bao cao)? ({_YEAR})(?![0-9])(?! {_YEAR}(?![0-9]))")
_DATE_BEFORE = re.compile(r"thang \d{1,2} $")  # "… tháng 01 năm 2024": a date
_BARE = re.compile(rf"^({_YEAR})$")
_NAME_DATES = re.compile(rf"(?<!\d)(?:\d{{1,2}}[._ -]\d{{1,2}}[._ -]{_YEAR}|{_YEAR}[._-]?\d{{2}}[._-]?\d{{2}}(?=\D|$))(?!\d)")
_NAME_RANGES = re.compile(rf"(?<!\d){_YEAR}\s*[-–_]\s*{_YEAR}(?!\d)")
_NAME_YEAR = re.compile(rf"(?<!\d)({_YEAR})(?!\d)")


def years_named(text: str) -> list[int]:
    """Years a title or sheet name declares ("Năm 2022"), dates and ranges left aside."""
    folded = fold(text)
    found = []
    for match in _NAMED.finditer(folded):
        if not _DATE_BEFORE.search(folded[: match.start()]):
            found.append(int(match.group(1)))
    bare = _BARE.match(folded)
    if bare:
        found.append(int(bare.group(1)))
    return found


def year_in_file_name(name: str) -> int | None:
    """The one year a file name carries (``thon_2022.xlsx``), dates and ranges left aside."""
    stem = str(PurePosixPath(name).with_suffix(""))
    stem = _NAME_RANGES.sub(" ", _NAME_DATES.sub(" ", stem))
    years = {int(y) for y in _NAME_YEAR.findall(stem)}
    return years.pop() if len(years) == 1 else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def declared_year(rows: list[list[Any]], header_start: int, sheet: str | None, file: str, year: int) -> Issue | None:
    """A `year-mismatch` issue when the sheet (or, failing that, its file) names another year."""
    claims: list[tuple[int, int, int]] = []  # (year, row0, col0) in title rows
    for r, row in enumerate(rows[:header_start]):
        for c, value in enumerate(row):
            for found in years_named(_text(value)):
                claims.append((found, r, c))
    sheet_years = years_named(sheet) if sheet else []
    named = {y for y, _, _ in claims} | set(sheet_years)
    if year in named:
        return None
    if claims:
        other, r, c = claims[0]
        cell = f"{column_letter(c)}{r + 1}"
        return Issue("year-mismatch", file, sheet, r + 1, None, cell, {
            "where": Text(N_("Tiêu đề ở ô {cell} ghi "), cell=cell),
            "value": other, "year": year, **_consequence(year)})
    if sheet_years:
        return Issue("year-mismatch", file, sheet, None, None, None, {
            "where": Text(N_("Tên trang “{sheet}” ghi "), sheet=sheet),
            "value": sheet_years[0], "year": year, **_consequence(year)})
    in_name = year_in_file_name(file)
    if in_name is not None and in_name != year:
        return Issue("year-mismatch", file, sheet, None, None, None, {
            "where": Text(N_("Tên tệp ghi ")),
            "value": in_name, "year": year, **_consequence(year)})
    return None


def _consequence(year: int) -> dict[str, Text]:
    return {"detail": Text(N_("; các dòng của trang này không được tính (nếu đúng là số liệu năm {year}, "
                              "hãy sửa tiêu đề/tên tệp)"), year=year)}
