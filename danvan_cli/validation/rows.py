"""Checks on a form's rows: legacy text, row kinds (data, blank, total, subtotal, group
heading, repeated header, notes), cell types and ranges, the year, percentages typed
as fractions, cross-column rules, and a file's own total rows.

Everything works on whole columns of a `Batch`; Python loops run only over the
cells that produce an issue (rows without a unit code are few and each is either
skipped with its reason or rejected).

Row kinds (`classify`), looked for only in rows without a unit code (a code is a
cell of the unit column, or of a text key column such as the tax code, starting
with a digit; a row with a real code is always data):

* ``block``: the header row of a new block, its columns in another order or another
  subset than the block above (validation.batch): the rows under it are read with its
  positions; a column-number row right below it is skipped with it;
* ``header``: the header row repeated inside the data (blocks pasted one under
  another, a page-break repetition): the row repeats one of the sheet's own header
  rows, or at least two of its cells name the very column they stand in, and at least
  two thirds of its filled cells do; a column-number row "(1) (2) …" right below such
  a row is skipped with it;
* ``total``: "Tổng cộng", "Cộng", "Tổng số", "Total" alone, "Tổng cộng (I+II)";
* ``subtotal``: "Cộng <something>" ("Cộng các xã, thị trấn", "Cộng khối phường",
  "Cộng huyện Kim Sơn", "Cộng I"), "Tổng khối …", "Tổng cộng khối …", "Trong đó: …";
  "Cộng toàn huyện" is the total when it is the sheet's only total-like row; when a
  sheet has several total rows and exactly one says "Tổng cộng" (or "Cộng chung",
  "Total"), the bare "Cộng" rows are subtotals;
* ``heading``: group heading rows "I. Khối huyện", "II", "A. …", "Khối xã, phường"
  (with or without figures beside them);
* ``blank``, and ``notes`` (no unit and no value; the signature block to the end).

Subtotals, headings and repeated headers are never counted and never enter the
total-row check: a sheet's grand total is compared with its detail rows only.
"""

from __future__ import annotations

import math
import re
from functools import partial
from typing import Any, Literal

import numpy as np
import pandas as pd

from danvan_cli.i18n import N_, as_lang
from danvan_cli.issues import Code, Issue, PerLang, Text, joined
from danvan_cli.reading.cellinfo import ERROR_TEXT
from danvan_cli.spec.models import Column
from danvan_cli.text import column_letter
from danvan_cli.validation import cells as C
from danvan_cli.validation.batch import EXTRA, Batch
from danvan_cli.validation.texts import column_label, form_name

# "Tổng cộng", "Cộng", "Tổng số", "TONG CONG", "Total" (text is NFC, compared lower-cased)
_TOTAL = re.compile(r"^\s*(?:t[ổo]ng\s+c[ộo]ng|c[ộo]ng(?:\s+chung)?|t[ổo]ng\s+s[ốo]|t[ổo]ng(?:\s+h[ợo]p)?|total|grand\s+total)\s*[:.]?\s*$")
NUMERIC_TYPES = ("integer", "number", "percent", "year")
_SIGNATURE = re.compile(r"người lập|lập biểu|thủ trưởng|ký tên|\(ký|đóng dấu|ngày\s.*tháng\s.*năm|xác nhận|nơi nhận|"
                        r"^\s*(?:t/?m|kt|tl)\.?\s|nguoi lap|lap bieu|thu truong|ky ten|dong dau|ngay\s.*thang\s.*nam")
RowKind = Literal["data", "blank", "total", "subtotal", "heading", "block", "header", "numbers", "notes"]
SKIP_REASONS: dict[RowKind, str] = {
    "blank": N_("dòng trống"),
    "total": N_("dòng tổng cộng"),
    "subtotal": N_("dòng cộng nhóm (tổng phụ)"),
    "heading": N_("dòng tiêu đề nhóm"),
    "block": N_("dòng tên cột của khối mới"),
    "header": N_("dòng tên cột lặp lại"),
    "numbers": N_("dòng đánh số cột lặp lại"),
    "notes": N_("không phải dòng số liệu: chữ ký, ghi chú"),
}
# "Cộng <something>" but not the words that merely start with "cộng"/"cong" (cộng đồng,
# cộng hòa, công ty typed without marks)
_SUBTOTAL = re.compile(
    r"^\s*(?:c[ộo]ng\s+(?!(?:chung|ty|t[áa]c|đ[ồo]ng|dong|đo[àa]n|doan|h[òo]a|ho[àa]|s[ựu]|s[ảa]n)\b)\S"
    r"|t[ổo]ng(?:\s+c[ộo]ng|\s+s[ốo])?\s+(?:kh[ốo]i|nh[óo]m|c[ụu]m|khu\s+v[ựu]c|c[áa]c|huy[ệe]n|x[ãa]|ph[ưu][ờo]ng)\b"
    r"|trong\s+(?:s[ốo]\s+)?(?:đ[óo]|do)\b)")
# a total row with a qualifier that still means "everything": "Tổng cộng (I+II)", "Cộng toàn huyện"
_GRAND = re.compile(r"^\s*(?:t[ổo]ng\s+c[ộo]ng|c[ộo]ng|t[ổo]ng\s+s[ốo]|t[ổo]ng)\s*\(?\s*(?:[ivx]+|[a-d]|\d)\s*\+")
_WHOLE = re.compile(r"^\s*(?:t[ổo]ng\s+c[ộo]ng|c[ộo]ng|t[ổo]ng\s+s[ốo]|t[ổo]ng)\s+(?:to[àa]n|c[ảa]|t[ấa]t\s+c[ảa])\b")
# the total that outranks bare "Cộng" rows of the same sheet
_STRONG_TOTAL = re.compile(r"^\s*(?:t[ổo]ng\s+c[ộo]ng|c[ộo]ng\s+chung|total|grand\s+total)\b")
# "I. Khối huyện", "II - Khối xã", "A. Cấp tỉnh" (case kept), "Khối xã, phường"
# "H. Kim Sơn", "X. Ninh Nhất", "P. Đông Thành" are units (huyện, xã, phường), not the 8th or 10th group:
# letter headings stop at G, and a lone X before a name is the abbreviation of "Xã"
_HEADING = re.compile(r"^\s*(?:[IVX]{2,6}|I|V|[A-G])\s*[.)/:–-]\s*\S|^\s*[IVX]{1,6}\s*$|^\s*[Kk]h[ốo]i\s+\S")


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def convert_legacy(batch: Batch, cells: dict[str, C.Cells]) -> None:
    """TCVN3/VNI text → Unicode, decided per sheet and column, reported once for each."""
    from danvan_cli.reading import legacy

    sids = batch.raw["_sid"].to_numpy()
    for name, col in list(cells.items()):
        # legacy text is never plain ASCII; a column without a hint anywhere (one look at all
        # its texts together: a hint never spans two of them) is not looked at text by text
        together = col.joined()
        if together.isascii() or not legacy.looks_legacy(together):
            continue
        hinted = col.per_row(np.array([t is not None and not t.isascii() and legacy.looks_legacy(t)
                                       for t in col.text], dtype=bool), False)
        if not hinted.any():
            continue
        filled = col.filled()
        for sid in np.unique(sids[hinted]):
            rows = np.flatnonzero((sids == sid) & filled)
            texts = [col.text[c] for c in col.codes[rows]]
            converted, encoding = legacy.convert_column(texts)
            changed = [i for i, (a, b) in enumerate(zip(texts, converted, strict=True)) if a != b]
            if encoding is None or not changed:
                continue
            col = cells[name] = col.replace_text(rows, converted)
            label = column_label(batch.form.column(name)) if name != EXTRA else ""
            batch.issue("legacy-encoding", col.index[rows[changed[0]]], None if name == EXTRA else name, label=label,
                        count=len(changed), encoding=encoding.upper(), value=texts[changed[0]],
                        converted=converted[changed[0]])


def _matches(cells: C.Cells, pattern: re.Pattern[str], worth: re.Pattern[str] | None = None) -> np.ndarray:
    """Rows whose text matches (search) the pattern, each distinct text tested once. ``worth``
    (a MULTILINE pattern anchored at ``^``) is a cheap first look that spares the regex most
    values: matched against each text, and first searched in all the column's texts together,
    so that a column where no text is worth it is not looked at text by text."""
    if worth is not None and not worth.search(cells.joined()):
        return np.zeros(len(cells.codes), dtype=bool)

    def test(t: str | None) -> bool:
        if t is None or (worth is not None and not worth.match(t)):
            return False
        return bool(pattern.search(t))

    return cells.per_row(np.array([test(t) for t in cells.text], dtype=bool), False)


def _starts_with_digit(cells: C.Cells) -> np.ndarray:
    """Rows holding a unit code: codes start with a digit (37, 14320, 14320-01), labels do not."""
    return cells.per_row(np.array([t is not None and t[:1].isdigit() for t in cells.text], dtype=bool), False)


_MAY_BE_ERROR = re.compile(r"^(?:#|Err)", re.MULTILINE)  # what an error value (#DIV/0!, Err:502) starts with


def _rows_matching(cells: C.Cells, rows: np.ndarray, pattern: re.Pattern[str]) -> np.ndarray:
    """Of the given rows, those whose lower-cased text the pattern finds."""
    found = np.zeros(len(cells.codes), dtype=bool)
    for i in np.flatnonzero(rows & (cells.codes >= 0)):
        text = cells.text[cells.codes[i]]
        found[i] = text is not None and bool(pattern.search(text.lower()))
    return found


def _coded(batch: Batch, cells: dict[str, C.Cells]) -> np.ndarray:
    """Rows holding a unit code, or a code in a text key column (a tax code): never labels."""
    form = batch.form
    unit_cols = [form.unit_column] + ([form.unit_alternative.parent] if form.unit_alternative else [])
    key_cols = [k for k in form.key if k not in unit_cols and form.column(k).type == "text"]
    return np.asarray(np.any([_starts_with_digit(cells[c]) for c in unit_cols + key_cols], axis=0), dtype=bool)


def _label_columns(batch: Batch) -> list[str]:
    """Where a row's label stands: unit, text columns and the first cell outside the form."""
    return [c.name for c in batch.form.columns if c.type in ("unit", "text")] + [EXTRA]


def _rows_matching_raw(cells: C.Cells, rows: np.ndarray, pattern: re.Pattern[str]) -> np.ndarray:
    """Of the given rows, those whose text (case kept) the pattern finds."""
    found = np.zeros(len(cells.codes), dtype=bool)
    for i in np.flatnonzero(rows & (cells.codes >= 0)):
        text = cells.text[cells.codes[i]]
        found[i] = text is not None and bool(pattern.search(text))
    return found


def _header_keys_of(batch: Batch) -> dict[str, set[str]]:
    """Folded keys naming each column of the form (name, label, aliases)."""
    from danvan_cli.text import header_keys

    return {c.name: {k for text in c.header_texts for k in header_keys(text)}
            for c in batch.form.columns}


def _block_rows(batch: Batch) -> np.ndarray:
    """The header rows of new blocks inside the data (validation.batch)."""
    found = np.zeros(len(batch.raw), dtype=bool)
    sids = batch.raw["_sid"].to_numpy()
    row_numbers = batch.raw["_row"].to_numpy()
    for sid, info in batch.sheets.items():
        if info.blocks:
            found |= (sids == sid) & np.isin(row_numbers, [b.row + k for b in info.blocks for k in range(b.height)])
    return found


def _repeated_headers(batch: Batch, cells: dict[str, C.Cells], rows: np.ndarray,
                      blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows (of the given ones) repeating the sheet's header, and column-number rows right
    below them or below a new block's header row (see the module docstring)."""
    from danvan_cli.reading.header import is_number_row
    from danvan_cli.text import fold, header_keys

    n = len(batch.raw)
    header = np.zeros(n, dtype=bool)
    numbers = np.zeros(n, dtype=bool)
    candidates = np.flatnonzero(rows)
    if not len(candidates) and not blocks.any():
        return header, numbers
    keys = _header_keys_of(batch)
    sids = batch.raw["_sid"].to_numpy()
    row_numbers = batch.raw["_row"].to_numpy()
    own: dict[int, list[dict[str, str]]] = {}
    for sid, info in batch.sheets.items():
        own[sid] = [{name: fold(texts[pos]) for name, pos in info.positions.items()
                     if pos < len(texts) and texts[pos]} for texts in info.header.header_texts]
    names = [c for c in batch.form.column_names]
    texts = {c: cells[c].per_row(cells[c].text, None) for c in names}
    for i in candidates:
        sid = int(sids[i])
        present = batch.sheets[sid].positions_at(int(row_numbers[i]))
        filled = {c: texts[c][i] for c in names if c in present and texts[c][i] is not None}
        if len(filled) < 2:
            continue
        folded = {c: fold(t) for c, t in filled.items()}
        same = max((sum(1 for c, f in folded.items() if h.get(c) == f) for h in own[sid]), default=0)
        named = sum(1 for c, t in filled.items() if keys[c] & set(header_keys(t)))
        agree = max(same, named)
        if agree >= 2 and agree * 3 >= len(filled) * 2:
            header[i] = True
    # a column-number row right below a repeated header (its first cells may look like codes)
    for i in np.flatnonzero(header | blocks):
        j = i + 1
        if j >= n or sids[j] != sids[i] or row_numbers[j] != row_numbers[i] + 1:
            continue
        info = batch.sheets[int(sids[i])]
        positions = info.positions_at(int(row_numbers[j]))
        line = [""] * (max(positions.values(), default=0) + 1)
        for c, pos in positions.items():
            line[pos] = texts[c][j] or ""
        if is_number_row(line) or (info.header.number_texts and all(
                not t or (p < len(info.header.number_texts) and fold(t) == fold(info.header.number_texts[p]))
                for p, t in enumerate(line)) and any(line)):
            numbers[j] = True
    return header, numbers


def classify(batch: Batch, cells: dict[str, C.Cells]) -> pd.Series:
    """A kind for each row (module docstring); non-data rows are reported as skipped."""
    form = batch.form
    index = batch.raw.index
    unit_cols = [form.unit_column] + ([form.unit_alternative.parent] if form.unit_alternative else [])
    coded = _coded(batch, cells)
    has_code = pd.Series(coded, index=index)
    # totals and signatures are looked for only where no unit code stands
    label_rows = ~coded
    filled = pd.DataFrame({n: c.filled() for n, c in cells.items()}, index=index)
    any_filled = filled.any(axis=1).to_numpy()
    totals = pd.DataFrame({n: _rows_matching(c, label_rows, _TOTAL) for n, c in cells.items()}, index=index)
    labels = _label_columns(batch)
    looked = label_rows & any_filled
    subtotal = np.any([_rows_matching(cells[c], looked, _SUBTOTAL) | _rows_matching(cells[c], looked, _WHOLE)
                       for c in labels], axis=0)
    grand = np.any([_rows_matching(cells[c], looked, _GRAND) for c in labels], axis=0)
    heading = np.any([_rows_matching_raw(cells[c], looked, _HEADING) for c in labels], axis=0)
    # a repeated header names at least two columns: rows with fewer filled cells are not one
    blocks = _block_rows(batch)
    header, numbers = _repeated_headers(batch, cells, looked & (filled[form.column_names].sum(axis=1).to_numpy() >= 2),
                                        blocks)
    value_cols = [c.name for c in form.columns if c.type not in ("unit", "text", "year")]
    unit_blank = ~filled[unit_cols].any(axis=1).to_numpy()
    no_values = ~filled[value_cols].any(axis=1).to_numpy()
    # the word "Tổng cộng" may stand in the code column itself
    unit_is_label = ~(filled[unit_cols] & ~totals[unit_cols]).any(axis=1).to_numpy()
    kinds = np.full(len(index), "data", dtype=object)
    kinds[~any_filled] = "blank"
    for name, rows in (("block", blocks), ("header", header), ("numbers", numbers),
                       ("total", (totals.any(axis=1).to_numpy() & unit_is_label) | grand),
                       ("subtotal", subtotal), ("heading", heading)):
        kinds[(kinds == "data") & rows] = name
    _rank_totals(batch, cells, kinds, labels)
    kinds[(kinds == "data") & unit_blank & no_values] = "notes"
    # the signature block: from its first line ("Người lập biểu", "Ngày … tháng … năm") to the
    # end of the sheet, every row without a unit code is not data
    signs = pd.Series(np.any([_rows_matching(c, label_rows, _SIGNATURE) for c in cells.values()], axis=0), index=index)
    after = (signs & ~has_code).astype(int).groupby(batch.raw["_sid"]).cummax().astype(bool).to_numpy()
    kinds[(kinds == "data") & after & ~coded] = "notes"
    kind = pd.Series(kinds, index=index, dtype=object)
    for index_label in kind.index[kinds != "data"]:
        batch.issue("row-skipped", index_label, reason=Text(SKIP_REASONS[kind[index_label]]))
    for sid, info in batch.sheets.items():
        if info.header.number_row is not None:
            batch.issue_at("row-skipped", sid, info.header.number_row + 1,
                           reason=Text(N_("dòng đánh số cột")))
        if info.header.repeat_row is not None:
            batch.issue_at("row-skipped", sid, info.header.repeat_row + 1,
                           reason=Text(N_("dòng tên cột thứ hai")))
        for block in info.blocks:
            # what the sheet's own header would report: labels of no column of the form
            for pos, text in block.header.unknown:
                batch.issues.append(Issue("column-unknown", info.file, info.sheet, block.row, None,
                                          f"{column_letter(pos)}{block.row}",
                                          {"header": text, "form": form_name(form)}))
    return kind


def _rank_totals(batch: Batch, cells: dict[str, C.Cells], kinds: np.ndarray, labels: list[str]) -> None:
    """One grand total per sheet: with several total rows, the single "Tổng cộng" outranks
    bare "Cộng" rows (subtotals); with none, a lone "Cộng toàn huyện" is the total."""
    sids = batch.raw["_sid"].to_numpy()
    is_total = kinds == "total"
    subtotal = kinds == "subtotal"
    if not is_total.any() and not subtotal.any():
        return
    if is_total.any():
        strong = np.any([_rows_matching(c, is_total, _STRONG_TOTAL) for c in cells.values()], axis=0)
        rows = np.flatnonzero(is_total)
        counts = pd.DataFrame({"sid": sids[rows], "strong": strong[rows]}).groupby("sid").agg(["size", "sum"])
        counts.columns = ["n", "strong"]
        ranked = counts.index[((counts["n"] > 1) & (counts["strong"] == 1)).to_numpy()]
        demote = is_total & ~strong & np.isin(sids, ranked)
        kinds[demote] = "subtotal"
    if subtotal.any():
        whole = np.any([_rows_matching(cells[c], subtotal, _WHOLE) for c in labels], axis=0)
        rows = np.flatnonzero(whole)
        per_sheet = pd.Series(sids[rows]).value_counts()
        alone = per_sheet.index[(per_sheet == 1).to_numpy()].difference(pd.Index(np.unique(sids[is_total])))
        kinds[whole & np.isin(sids, alone)] = "total"


def parse(batch: Batch, cells: dict[str, C.Cells], data: np.ndarray, year: int | None) -> pd.DataFrame:
    """Typed canonical columns of the data rows, with ``_ok`` false where a cell is wrong."""
    raw = batch.raw[data]
    frame = pd.DataFrame(index=raw.index)
    ok = pd.Series(True, index=raw.index)
    shown_as_percent = batch.percent_cells
    formatted: dict[str, pd.Index] = {}
    for col in batch.form.columns:
        part = cells[col.name] = cells[col.name].take(data)
        parsed = C.parse_column(part, col)
        if col.type == "percent" and len(shown_as_percent):
            # a cell formatted as a percentage stores 0.855 for what the office sees as 85,5%
            marked = shown_as_percent.loc[shown_as_percent["column"] == col.name, "label"]
            marked = marked[marked.isin(parsed.values.index)]
            parsed.values.loc[marked] = parsed.values.loc[marked] * 100
            formatted[col.name] = pd.Index(marked)
        frame[col.name] = parsed.values
        ok &= ~_report_cells(batch, col, part, parsed, year)
    for col in batch.form.columns:
        if col.type == "percent":
            percent_fractions(batch, col, frame[col.name], cells, formatted.get(col.name, pd.Index([])))
    frame["_sid"] = raw["_sid"]
    frame["_row"] = raw["_row"]
    frame["_ok"] = ok
    return frame


FRACTION_MIN_OTHERS = 3  # other units' non-zero values needed to judge
FRACTION_OTHERS_MEDIAN = 10.0  # their median must be at least this


def percent_fractions(batch: Batch, col: Column, values: pd.Series, cells: dict[str, C.Cells],
                      formatted: pd.Index) -> None:
    """Percentages typed as fractions (``0,32`` for 32 %): a warning on each such cell.

    The rule: a cell of a ``percent`` column is suspect when its value is above 0 and at
    most 1, it is not formatted as a percentage in the spreadsheet (those were already
    ×100) and its text does not end with "%" ("0,5%" says 0.5 per cent). A unit is
    flagged when every non-zero value it gives in the column is suspect, and the other
    units' non-zero values in the column (the whole batch: every file of the form) number
    at least 3 with a median of at least 10. 0 is a legitimate percentage and never
    suspect. The figure is scored as typed (0,32 is 0.32 %); the warning names the cell.
    """
    present = values.notna() & (values != 0)
    low = present & (values <= 1) & (values > 0)
    if not low.any():
        return
    part = cells[col.name]
    text = part.row_text()
    typed_percent = text.str.rstrip().str.endswith("%").fillna(False).astype(bool)
    suspect = low & ~typed_percent & ~values.index.isin(formatted)
    if not suspect.any():
        return
    form = batch.form
    unit_text = cells[form.unit_column].row_text() if form.unit_column in cells else pd.Series(None, index=values.index)
    unit = unit_text.where(unit_text.notna(), pd.Series(values.index.astype(str), index=values.index).radd("#"))
    all_suspect = (suspect | ~present).groupby(unit).transform("all") & present.groupby(unit).transform("any")
    flagged = suspect & all_suspect
    others = values[present & ~all_suspect]
    if not flagged.any() or len(others) < FRACTION_MIN_OTHERS or others.median() < FRACTION_OTHERS_MEDIAN:
        return
    names = cells[form.name_column].row_text() if form.name_column and form.name_column in cells else None
    for label in values.index[flagged.to_numpy()]:
        code = unit_text[label]
        name = names[label] if names is not None else None
        shown = (" ".join(p for p in (code, f"({name})" if name else None) if p)
                 or Text(N_("dòng {row}"), row=batch.raw.at[label, "_row"]))
        typed = text[label] or _fmt(values[label])
        value = float(values[label])
        as_percent = f"{value * 100:.6g}"
        batch.issue("percent-fraction", label, col.name, label=column_label(col), unit=shown, values=typed,
                    example=PerLang(partial(_as_percent, typed, as_percent)))


def _as_percent(typed: str, percent: str, lang: str) -> str:
    """'0,32 = 32%' as typed, in the language's decimal mark ('0.32 = 32%')."""
    if as_lang(lang) == "en":
        return f"{typed.replace(',', '.')} = {percent}%"
    return f"{typed} = {percent.replace('.', ',')}%"


def _report_cells(batch: Batch, col: Column, cells: C.Cells, parsed: C.Parsed, year: int | None) -> pd.Series:
    """Type and range issues of one column; returns the mask of rows in error."""
    index = cells.index
    expected = C.expected_text(col, parsed)
    allowed = PerLang(partial(C.choice_labels, col)) if col.choices else None
    code: Code = "cell-range" if col.type == "choice" else "cell-type"
    reported = parsed.bad.to_numpy().copy()
    if reported.any():
        reported &= ~_matches(cells, ERROR_TEXT, worth=_MAY_BE_ERROR)  # reported as cell-formula
        text = cells.row_text()
        for label in index[reported]:
            batch.issue(code, label, col.name, value=text[label], expected=allowed or expected)
    errors = parsed.bad.copy()
    if col.type not in NUMERIC_TYPES:
        return errors
    values = parsed.values
    out = pd.Series(False, index=index)
    if col.min is not None:
        out |= (values < col.min).fillna(False)
    if col.max is not None:
        out |= (values > col.max).fillna(False)
    if col.max_is_year and year is not None:
        out |= (values > year).fillna(False)
    bounds = _bounds(col, year)
    for label in index[out.to_numpy()]:
        batch.issue("cell-range", label, col.name, value=_fmt(values[label]), expected=bounds)
    errors |= out
    if col.role == "year" and year is not None:
        wrong = (values.notna() & (values != year)).fillna(False)
        for label in index[wrong.to_numpy()]:
            batch.issue("year-mismatch", label, col.name, value=_fmt(values[label]), year=year)
        errors |= wrong
    return errors


def _bounds(col: Column, year: int | None) -> str:
    high = col.max if col.max is not None else (year if col.max_is_year else None)
    if col.min is not None and high is not None:
        return Text(N_("từ {low} đến {high}"), low=_fmt(col.min), high=_fmt(high))
    if col.min is not None:
        return f"≥ {_fmt(col.min)}"
    return f"≤ {_fmt(high)}"


def check_rules(batch: Batch, frame: pd.DataFrame) -> None:
    """Cross-column rules declared in the spec: ``le`` (part ≤ total) and ``together``."""
    form = batch.form
    for rule in form.rules:
        cols = [frame[c] for c in rule.columns]
        labels = [column_label(form.column(c)) for c in rule.columns]
        if rule.kind == "le":
            left, right = cols
            broken = (left.notna() & right.notna() & (left > right)).fillna(False)
            for label in frame.index[broken.to_numpy()]:
                batch.issue("rule", label, rule.columns[0],
                            rule=Text(N_("“{part}” ({a}) lớn hơn “{whole}” ({b})"), part=labels[0], a=_fmt(left[label]),
                                      whole=labels[1], b=_fmt(right[label])))
        else:
            filled = pd.concat([c.notna() for c in cols], axis=1)
            broken = filled.any(axis=1) & ~filled.all(axis=1)
            for label in frame.index[broken.to_numpy()]:
                blanks = [rule.columns[i] for i in range(len(cols)) if not filled.loc[label].iloc[i]]
                batch.issue("rule", label, blanks[0],
                            rule=Text(N_("phải điền đủ cả “{columns}” hoặc để trống tất cả (không áp dụng); đang thiếu “{missing}”"),
                                      columns=joined(labels, "”, “"),
                                      missing=joined([column_label(form.column(c)) for c in blanks], "”, “")))
        frame["_ok"] &= ~broken


def check_formulas(batch: Batch, frame: pd.DataFrame, cells: dict[str, C.Cells]) -> None:
    """Formula cells without a cached value, and error results (#REF!, #DIV/0!): the row is
    left out, since the figure it should carry is unknown."""
    found = batch.formula_cells[batch.formula_cells["label"].isin(frame.index)]
    for label, column, detail in found.itertuples(index=False):
        batch.issue("cell-formula", label, column, **_formula_detail(detail))
        frame.loc[label, "_ok"] = False
    for col in batch.form.columns:
        error = _matches(cells[col.name], ERROR_TEXT, worth=_MAY_BE_ERROR)
        if error.any():
            text = cells[col.name].row_text()
            for label in frame.index[error]:
                batch.issue("cell-formula", label, col.name, **_formula_detail(text[label].strip()))
            frame["_ok"] &= ~error
    batch.formula_labels = set(found["label"])


def _formula_detail(detail: str) -> dict[str, Text]:
    if detail:
        return {"detail": Text(N_("công thức cho kết quả lỗi {error}"), error=detail)}
    return {"detail": Text(N_("ô chứa công thức nhưng không có giá trị đã tính (tệp lưu khi chưa tính lại công thức)"))}


def check_required(batch: Batch, frame: pd.DataFrame, cells: dict[str, C.Cells]) -> None:
    """Blank required cells (``required``, or ``required_at`` the row's level)."""
    form = batch.form
    for col in form.columns:
        if col.name == form.unit_column and form.unit_alternative:
            continue
        needed = pd.Series(col.required, index=frame.index)
        if col.required_at:
            needed |= frame["_level"].isin(col.required_at).fillna(False).astype(bool)
        missing = needed & ~cells[col.name].filled() & frame[col.name].isna()
        if batch.formula_labels:
            # a formula without a value was reported as cell-formula, not as blank
            missing &= ~frame.index.isin(list(batch.formula_labels))
        if not missing.any():
            continue  # nothing to report or reject: the column's sheets need not be looked at
        present = batch.present(col.name)[frame.index]
        for label in frame.index[(missing & present).to_numpy()]:
            batch.issue("cell-missing", label, col.name, label=column_label(col))
        # a column absent from a sheet: one column-missing for the sheet, or for the block
        # whose own header lacks it (required ones were reported with the header, or are
        # reported by _block_columns; required_at ones only when rows of those levels came)
        if col.required_at and not col.required:
            absent = frame.loc[(missing & ~present).to_numpy()]
            for sid, blk in absent.groupby(["_sid", batch.raw.loc[absent.index, "_blk"]]).size().index:
                info = batch.sheets[int(sid)]
                row = info.blocks[int(blk) - 1].row if blk else info.header_row
                batch.issue_at("column-missing", int(sid), row, col.name, label=column_label(col),
                               column=col.name, form=form_name(form))
        frame["_ok"] &= ~missing
    _block_columns(batch, frame)


def _block_columns(batch: Batch, frame: pd.DataFrame) -> None:
    """A block whose own header lacks a required column, or names one twice: an error
    naming the block's header row (and the cells), and every row of the block rejected."""
    form = batch.form
    blk = batch.raw.loc[frame.index, "_blk"].to_numpy()
    sids = frame["_sid"].to_numpy()
    for sid, info in batch.sheets.items():
        for k, block in enumerate(info.blocks, 1):
            for name in block.missing:
                col = form.column(name)
                batch.issue_at("column-missing", sid, block.row, name, label=column_label(col),
                               column=name, form=form_name(form))
            for name, positions in block.header.duplicates.items():
                cells = ", ".join(f"{column_letter(p)}{block.row}" for p in positions)
                batch.issues.append(Issue("column-duplicate", info.file, info.sheet, block.row, name,
                                          f"{column_letter(positions[1])}{block.row}",
                                          {"label": column_label(form.column(name)), "cells": cells}))
            if block.missing or block.header.duplicates:
                frame.loc[(sids == sid) & (blk == k), "_ok"] = False


def check_totals(batch: Batch, kind: pd.Series, frame: pd.DataFrame) -> None:
    """A sheet's own single total row must equal the sum of its detail rows."""
    raw = batch.raw
    is_total = (kind == "total").to_numpy()
    if not is_total.any():
        return
    total_rows = raw[is_total]
    per_sheet = total_rows.groupby("_sid").size()
    numeric = [c for c in batch.form.columns if c.type in ("integer", "number")]
    # blank cells add nothing: a total of 0 over a "not applicable" column is right
    sums = frame.groupby("_sid")[[c.name for c in numeric]].sum() if len(frame) else None
    for sid in per_sheet.index[per_sheet.to_numpy() == 1]:
        label = total_rows.index[(total_rows["_sid"] == sid).to_numpy()][0]
        for col in numeric:
            if col.name not in batch.sheets[sid].positions:
                continue
            total = float(C.parse_number(raw.loc[[label], col.name].astype(object)).values.to_numpy()[0])
            if math.isnan(total):
                continue
            computed = float(sums.loc[sid, col.name]) if sums is not None and sid in sums.index else math.nan
            if math.isnan(computed) or abs(total - computed) > 1e-6 * max(1.0, abs(total)):
                batch.issue("total-mismatch", label, col.name, label=column_label(col), total=_fmt(total),
                            computed=_fmt(computed if not math.isnan(computed) else 0.0))
