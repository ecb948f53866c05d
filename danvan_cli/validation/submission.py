"""A year's submission: every file read, every sheet recognised and checked, rows
combined per form, duplicates resolved, completeness measured.

Every data row ends up accepted, skipped (with a reason) or rejected (with its
issues); `score` uses exactly the accepted rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from danvan_cli.i18n import N_, translator
from danvan_cli.issues import PLAUSIBILITY, Issue, Localized, Severity, Text, joined, sort_key
from danvan_cli.reading.files import RawSheet, SourceFile, discover, read_file, skipped_files
from danvan_cli.reading.header import HeaderIndex, recognise, unicode_head
from danvan_cli.spec.models import Form, Spec
from danvan_cli.text import column_letter, fold
from danvan_cli.units import Registry
from danvan_cli.validation import rows
from danvan_cli.validation.batch import Batch, SheetInfo, gather, split_cells
from danvan_cli.validation.texts import column_label, form_name, form_name_id
from danvan_cli.validation.units import resolve_units
from danvan_cli.validation.vintages import covered_by_predecessors, settle_vintages
from danvan_cli.validation.year import declared_year


@dataclass(frozen=True)
class SheetSummary:
    sheet: str | None
    form: str | None
    rows_read: int
    rows_accepted: int
    rows_skipped: int
    rows_rejected: int


@dataclass(frozen=True)
class FileSummary:
    """What was read from one file, for the 'inputs' section and the row accounting."""

    name: str
    sha256: str
    size: int
    sheets: tuple[SheetSummary, ...]

    @property
    def rows_read(self) -> int:
        return sum(s.rows_read for s in self.sheets)

    @property
    def rows_accepted(self) -> int:
        return sum(s.rows_accepted for s in self.sheets)

    @property
    def rows_skipped(self) -> int:
        return sum(s.rows_skipped for s in self.sheets)

    @property
    def rows_rejected(self) -> int:
        return sum(s.rows_rejected for s in self.sheets)


@dataclass(frozen=True)
class Completeness:
    form: str
    expected: int | None  # None: not checkable (registry without that level)
    received: int
    missing: tuple[str, ...]  # units that sent nothing
    missing_rows: tuple[str, ...] = ()  # "unit/value": expected rows a submitting unit left out


@dataclass(frozen=True)
class FormQuality:
    """What stands behind one form's figures in a year."""

    rows_rejected: int = 0
    units_missing: int = 0  # units that sent nothing, and expected rows left out
    errors: int = 0
    warnings: int = 0
    flags: int = 0  # plausibility warnings (outliers, jumps): figures accepted but unlikely, to check

    @property
    def doubtful(self) -> bool:
        """The figures rest on incomplete or questioned data (an unusual figure is questioned)."""
        return bool(self.rows_rejected or self.units_missing or self.errors or self.warnings or self.flags)

    def to_json(self) -> dict[str, int]:
        return {"rows_rejected": self.rows_rejected, "units_missing": self.units_missing,
                "errors": self.errors, "warnings": self.warnings, "flags": self.flags}

    def text(self, lang: str) -> str:
        """'3 dòng bị loại, 2 đơn vị chưa nộp, 1 cảnh báo, 2 số liệu bất thường cần kiểm tra'
        (only the parts that are not zero)."""
        ngettext = translator(lang).ngettext
        counted = (self.rows_rejected, self.units_missing, self.warnings, self.flags)
        parts = [ngettext("{n} dòng bị loại", "{n} dòng bị loại", self.rows_rejected).format(n=self.rows_rejected),
                 ngettext("{n} đơn vị/dòng chưa nộp", "{n} đơn vị/dòng chưa nộp", self.units_missing).format(
                     n=self.units_missing),
                 ngettext("{n} cảnh báo", "{n} cảnh báo", self.warnings).format(n=self.warnings),
                 ngettext("{n} số liệu bất thường cần kiểm tra", "{n} số liệu bất thường cần kiểm tra",
                          self.flags).format(n=self.flags)]
        shown = [part for n, part in zip(counted, parts, strict=True) if n]
        if self.errors and not self.rows_rejected:
            shown.insert(0, ngettext("{n} lỗi", "{n} lỗi", self.errors).format(n=self.errors))
        return ", ".join(shown)


@dataclass
class Submission:
    """Everything validate reports and score computes on."""

    year: int
    frames: dict[str, pd.DataFrame]  # accepted rows per form
    issues: list[Issue]
    files: list[FileSummary]
    completeness: list[Completeness]
    registry_source: str = ""
    extra: dict[str, object] = field(default_factory=dict)
    vintage: str = ""  # the registry vintage the year was reported in (completeness expects its units)
    places: pd.DataFrame | None = None  # file, sheet, row, district of every data row read (rejected too)
    # each recognised sheet by (file, sheet or ""): where its columns stand, to name a cell of an accepted row
    layouts: dict[tuple[str, str], SheetInfo] = field(default_factory=dict)
    rejected: dict[str, pd.DataFrame] = field(default_factory=dict)  # rows left out for errors, of a known unit

    def cell(self, file: str, sheet: str, row: int, column: str) -> str | None:
        """'D14': the cell of ``column`` in a row of a recognised sheet (None if the sheet lacks it)."""
        info = self.layouts.get((file, sheet))
        position = None if info is None else info.positions_at(row).get(column)
        return None if position is None else f"{column_letter(position)}{row}"

    def count(self, severity: Severity) -> int:
        return sum(1 for i in self.issues if i.severity == severity)

    def quality_by_form(self) -> dict[str, FormQuality]:
        """Per form, what may make its figures incomplete or doubtful: rows rejected, units
        (or expected rows) missing, errors and warnings in its sheets."""
        form_of: dict[tuple[str, str | None], str] = {}
        rejected: dict[str, int] = {}
        for f in self.files:
            for s in f.sheets:
                if s.form is not None:
                    form_of[(f.name, s.sheet)] = s.form
                    rejected[s.form] = rejected.get(s.form, 0) + s.rows_rejected
        errors: dict[str, int] = {}
        warnings: dict[str, int] = {}
        flags: dict[str, int] = {}  # plausibility warnings, counted apart: the figure stands, to be checked
        for issue in self.issues:
            form = form_of.get((issue.file or "", issue.sheet))
            if form is not None and issue.severity in ("error", "warning"):
                counter = errors if issue.severity == "error" else flags if issue.code in PLAUSIBILITY else warnings
                counter[form] = counter.get(form, 0) + 1
        missing = {c.form: len(c.missing) + len(c.missing_rows) for c in self.completeness}
        forms = set(rejected) | set(missing) | set(errors) | set(warnings) | set(flags)
        return {f: FormQuality(rejected.get(f, 0), missing.get(f, 0), errors.get(f, 0), warnings.get(f, 0),
                               flags.get(f, 0))
                for f in sorted(forms)}


def cell_texts(values: pd.Series) -> np.ndarray:
    """A column's cells as texts ('' for a blank), an object array."""
    return values.astype(object).where(values.notna(), "").astype(str).to_numpy(dtype=object)


def key_numbers(parts: list[np.ndarray], folded: list[bool]) -> np.ndarray:
    """Per row, a number for the texts of its key parts together (each part an object array of
    texts, case-folded where ``folded``): rows with the same number have the same key. Each
    part's distinct texts are folded once; the parts are combined as integers, not as a text."""
    numbered: dict[int, np.ndarray] = {}
    for i, (texts, fold_it) in enumerate(zip(parts, folded, strict=True)):
        codes, uniques = pd.factorize(texts)
        if fold_it and len(uniques):
            codes = pd.factorize(np.array([u.casefold() for u in uniques], dtype=object))[0][codes]
        numbered[i] = codes
    if len(numbered) == 1:
        return np.array(numbered[0])
    return pd.DataFrame(numbered).groupby(list(numbered), sort=False).ngroup().to_numpy().copy()


def _key_ids(frame: pd.DataFrame, form: Form) -> pd.Series:
    """Per row, a number for its key (the unit and the other key columns, case-folded)."""
    cols = ["_unit" if k == form.unit_column else k for k in form.key]
    return pd.Series(key_numbers([cell_texts(frame[c]) for c in cols], [True] * len(cols)), index=frame.index)


def _resolve_duplicates(batch: Batch, frame: pd.DataFrame) -> None:
    """Identical rows → one kept, warning; conflicting rows → all rejected, error."""
    form = batch.form
    frame["_duplicate"] = False
    candidates = frame[frame["_ok"]]
    if candidates.empty:
        return
    key = _key_ids(candidates, form)
    dup = key.duplicated(keep=False)
    if not dup.any():
        return
    shown_only = (form.name_column, form.year_column)  # not figures: a differing name or year is no conflict
    values = candidates.loc[dup, [c for c in form.column_names if c not in shown_only]]
    signature = values.astype(object).where(values.notna(), "").astype(str).apply(lambda c: c.str.casefold()).agg("\x1f".join, axis=1)
    groups = pd.DataFrame({"key": key[dup], "sig": signature})
    for _, group in groups.groupby("key", sort=False):
        rows = group.index.tolist()
        where = [_where(batch, label) for label in rows]
        first = frame.loc[rows[0]]
        shown = " / ".join(str(first[c]) for c in ["_unit"] + form.key[1:] if pd.notna(first[c]))
        if group["sig"].nunique() == 1:
            for label in rows[1:]:
                batch.issue("row-duplicate-identical", label, key=shown, first=where[0])
                frame.loc[label, ["_ok", "_duplicate"]] = [False, True]
        else:
            for i, label in enumerate(rows):
                others = joined([w for j, w in enumerate(where) if j != i])
                batch.issue("row-duplicate", label, key=shown, others=others)
                frame.loc[label, "_ok"] = False


def _shown_key(form: Form, frame: pd.DataFrame) -> pd.Series:
    """A row's key as typed ('2700100968', '14464 / bi_thu'): whether a row was sent, rejected or not."""
    return joined_text(frame, [k for k in form.key if k in frame.columns], " / ")


def joined_text(frame: pd.DataFrame, columns: list[str], sep: str) -> pd.Series:
    """The texts of some columns joined per row (blank cells as ''), column by column (no per-row Python)."""
    result = pd.Series("", index=frame.index, dtype=object)
    for i, name in enumerate(columns):
        part = frame[name].astype(object).where(frame[name].notna(), "").astype(str).astype(object)
        result = part if i == 0 else result + sep + part
    return result


def _where(batch: Batch, label: object) -> Localized:
    """'file › sheet › dòng 12', in the language the message is shown in."""
    sid, row = batch.place(label)
    info = batch.sheets[sid]
    return joined([p for p in (info.file, info.sheet, Text(N_("dòng {row}"), row=row)) if p], " › ")


def _completeness(spec: Spec, registry: Registry, frames: dict[str, pd.DataFrame], issues: list[Issue],
                  vintage: str) -> list[Completeness]:
    """Per form, the units of `vintage` (the year's reporting one) that sent nothing."""
    result = []
    for fid, form in spec.forms.items():
        if not form.levels:
            continue
        frame = frames.get(fid)
        received_units = set(frame["_unit"].dropna()) if frame is not None and len(frame) else set()
        levels = registry.levels_for(form.levels, vintage)
        if not levels or not all(registry.vintage_has_level(vintage, lv) for lv in levels):
            result.append(Completeness(fid, None, len(received_units), ()))
            continue
        expected = registry.expected_codes(form.levels, vintage)
        missing = tuple(c for c in expected if c not in received_units)
        if missing and len(registry.members) > 1:
            every = {k for f in frames.values() if len(f) for k in f["_unit"].dropna()}
            covered = covered_by_predecessors(registry, missing, received_units, every)
            missing = tuple(c for c in missing if c not in covered)
        rows = _missing_rows(form, frame, registry) if frame is not None and len(frame) else ()
        result.append(Completeness(fid, len(expected), len(expected) - len(missing), missing, rows))
        label = form_name_id(form)
        if missing:
            named = tuple(f"{registry.units[c].code} {registry.units[c].name}" if c in registry.units else c
                          for c in missing)
            issues.append(Issue("submission-missing", None, None, None, None, None,
                                {"form": label, "count": len(missing), "units": _shown(named)}))
        if rows:
            issues.append(Issue("submission-missing", None, None, None, None, None,
                                {"form": label, "count": len(rows), "units": _shown(rows)}))
    return result


def _shown(items: tuple[str, ...]) -> str:
    return ", ".join(items[:20]) + (f" … (+{len(items) - 20})" if len(items) > 20 else "")


def _missing_rows(form: Form, frame: pd.DataFrame, registry: Registry) -> tuple[str, ...]:
    """Units that sent the form but not every row it expects of them (e.g. a unit that
    reported four of its five organisations): 'unit/value' for each row not sent."""
    if form.expected_rows is None:
        return ()
    column, by_level = form.expected_rows.column, form.expected_rows.by_level
    sent = set(zip(frame["_unit"], frame[column], strict=True))
    missing = []
    submitted = set(frame["_unit"].dropna())
    for unit in (u for u in registry.codes_at(form.allowed_levels) if u in submitted):
        for value in by_level.get(registry.levels.get(unit, ""), []):
            if (unit, value) not in sent:
                missing.append(f"{unit}/{value}")
    return tuple(missing)


def _recognise(sources: list[SourceFile], spec: Spec, headers: HeaderIndex, year: int, issues: list[Issue],
               set_aside: dict[tuple[str, str | None], SheetSummary]) -> dict[str, list[tuple[SheetInfo, RawSheet]]]:
    """Find each sheet's form; report unreadable files and unrecognised sheets. Sheets of
    another year (title, sheet or file name) are set aside whole: their rows are rejected."""
    per_form: dict[str, list[tuple[SheetInfo, RawSheet]]] = {fid: [] for fid in spec.forms}
    sid = 0
    for source in sources:
        if source.error:
            issues.append(Issue("file-unreadable", source.name, None, None, None, None, {"reason": source.error}))
            continue
        if source.scan_error:
            issues.append(Issue("file-scan-failed", source.name, None, None, None, None, {"reason": source.scan_error}))
        for raw in source.sheets:
            if not raw.has_content():
                continue
            found = recognise(headers, raw.rows, raw.sheet)
            if raw.hidden:
                # a sheet nobody sees when opening the file (a draft, last year's copy): not scored;
                # a hidden sheet that is no form (dropdown lists) is not data and says nothing
                if found.match is not None:
                    issues.append(Issue("sheet-hidden", source.name, raw.sheet))
                    n = _filled_rows(raw, found.match.data_start)
                    set_aside[(source.name, raw.sheet)] = SheetSummary(raw.sheet, found.match.form, n, 0, n, 0)
                continue
            if found.match is None:
                if found.candidates:
                    issues.append(Issue("form-ambiguous", source.name, raw.sheet, None, None, None,
                                        {"forms": ", ".join(found.candidates)}))
                elif _is_guide(raw.sheet) and len(source.sheets) > 1:
                    # the instructions sheet of a template, or an office's notes: not data
                    issues.append(Issue("row-skipped", source.name, raw.sheet, None, None, None,
                                        {"reason": Text(N_("trang hướng dẫn, ghi chú: không phải biểu số liệu"))}))
                else:
                    issues.append(Issue("form-unknown", source.name, raw.sheet))
                continue
            form = spec.forms[found.match.form]
            title = unicode_head(raw.rows[: found.match.header_rows[0]])
            other_year = declared_year(title, len(title), raw.sheet, source.name, year)
            if other_year is not None:
                issues.append(other_year)
                n = _filled_rows(raw, found.match.data_start)
                set_aside[(source.name, raw.sheet)] = SheetSummary(raw.sheet, form.id, n, 0, 0, n)
                continue
            positions = {name: pos for pos, name in found.match.columns.items()}
            info = SheetInfo(sid, source.name, raw.sheet, form, found.match, positions,
                             formulas=raw.formulas, percent=raw.percent)
            sid += 1
            _header_issues(info, issues)
            per_form[form.id].append((info, raw))
    return per_form


def _filled_rows(raw: RawSheet, start: int) -> int:
    """Rows from ``start`` on with at least one filled cell."""
    columns, rows = raw.body(start)
    filled = np.zeros(len(rows), dtype=bool)
    for values in columns:
        filled |= ~(pd.isna(values) | (values == ""))
    return int(filled.sum())


GUIDE_SHEETS = ("huong dan", "ghi chu", "chu thich", "instructions", "notes", "readme")


def _is_guide(sheet: str | None) -> bool:
    """A sheet named like instructions or notes ("Hướng dẫn", "Ghi chú")."""
    return bool(sheet) and fold(sheet).startswith(GUIDE_SHEETS)


def _check_form(batch: Batch, registry: Registry, year: int) -> tuple[pd.DataFrame, pd.Series]:
    """Every per-row check of one form; returns the typed frame and the row kinds."""
    cells = split_cells(batch)
    rows.convert_legacy(batch, cells)
    kind = rows.classify(batch, cells)
    data = (kind == "data").to_numpy()
    frame = rows.parse(batch, cells, data, year)
    rows.check_formulas(batch, frame, cells)
    for sid, info in batch.sheets.items():
        if info.header.duplicates or info.missing_required:
            frame.loc[(frame["_sid"] == sid).to_numpy(), "_ok"] = False
    resolve_units(batch, frame, registry, year)
    rows.check_required(batch, frame, cells)
    rows.check_rules(batch, frame)
    rows.check_totals(batch, kind, frame)
    _resolve_duplicates(batch, frame)
    return frame, kind


def load_submission(paths: list[Path], spec: Spec, registry: Registry, year: int,
                    only: set[str] | None = None) -> Submission:
    """Read, recognise and validate every file; combine accepted rows per form.
    ``only`` limits the checks to some forms (an earlier year read for a window target)."""
    issues: list[Issue] = [Issue("file-skipped", name, None, None, None, None, {"reason": reason})
                           for name, reason in skipped_files(paths)]
    sources = [read_file(path, name) for path, name in discover(paths)]
    set_aside: dict[tuple[str, str | None], SheetSummary] = {}
    headers = HeaderIndex.of(spec)  # made once for this reading, dropped with it
    per_form = _recognise(sources, spec, headers, year, issues, set_aside)
    frames: dict[str, pd.DataFrame] = {}
    places: list[pd.DataFrame] = []
    layouts: dict[tuple[str, str], SheetInfo] = {}
    rejected: dict[str, pd.DataFrame] = {}
    accounting: dict[int, SheetSummary] = {}
    for fid, sheets in per_form.items():
        if not sheets or (only is not None and fid not in only):
            continue
        batch = gather(spec.forms[fid], sheets, headers.alone(fid))
        layouts.update({(info.file, info.sheet or ""): info for info in batch.sheets.values()})
        frame, kind = _check_form(batch, registry, year)
        issues.extend(batch.issues)
        issues.extend(_hidden_rows(batch, kind, sheets))
        accounting.update(_account(batch, frame, kind))
        places.append(pd.DataFrame({  # every data row's unit, rejected rows too: who must fix what
            "file": frame["_sid"].map({s: i.file for s, i in batch.sheets.items()}),
            "sheet": frame["_sid"].map({s: i.sheet or "" for s, i in batch.sheets.items()}),
            "row": frame["_row"], "district": frame["_district"], "form": fid, "key": _shown_key(batch.form, frame)}))
        ok = frame["_ok"].to_numpy()
        frames[fid] = _with_places(frame[ok], batch)
        # rows left out for their errors but of a unit of the registry: their figures are still what the
        # unit typed, and plausibility tells which of two cells a rule violation comes from
        refused = ~ok & ~frame["_duplicate"].to_numpy()
        if refused.any():
            refused &= frame["_unit"].isin(registry.units.keys()).to_numpy()
        if refused.any():
            rejected[fid] = _with_places(frame[refused], batch)
    if only is not None:
        settle_vintages(spec, frames, registry, year, [])
        return Submission(year, frames, issues, [], [], registry.source, layouts=layouts, rejected=rejected)
    files = _file_summaries(sources, per_form, accounting, issues, set_aside)
    expected = settle_vintages(spec, frames, registry, year, issues)
    completeness = _completeness(spec, registry, frames, issues, expected)
    issues.sort(key=sort_key)
    return Submission(year, frames, issues, files, completeness, registry.source, vintage=expected,
                      places=pd.concat(places, ignore_index=True) if places else None, layouts=layouts,
                      rejected=rejected)


def _with_places(rows: pd.DataFrame, batch: Batch) -> pd.DataFrame:
    """Checked rows of a form as scoring and plausibility take them: the file and sheet named
    (`_file`, `_sheet`), the checking's own columns dropped."""
    meta = pd.DataFrame({
        "_file": rows["_sid"].map({s: i.file for s, i in batch.sheets.items()}),
        "_sheet": rows["_sid"].map({s: i.sheet or "" for s, i in batch.sheets.items()}),
    })
    return pd.concat([rows.drop(columns=["_ok", "_duplicate", "_sid"]), meta], axis=1).reset_index(drop=True)


def _hidden_rows(batch: Batch, kind: pd.Series, sheets: list[tuple[SheetInfo, RawSheet]]) -> list[Issue]:
    """Data rows hidden in the sheet: read like the others (they are in the file), but named,
    since a person looking at the sheet does not see them."""
    found = []
    for info, raw in sheets:
        if not raw.hidden_rows:
            continue
        mine = (batch.raw["_sid"] == info.sid).to_numpy() & (kind == "data").to_numpy()
        rows = sorted(int(r) for r in batch.raw.loc[mine, "_row"] if int(r) - 1 in raw.hidden_rows)
        if rows:
            found.append(Issue("row-hidden", info.file, info.sheet, rows[0], None, None,
                               {"count": len(rows), "rows": _ranges(rows)}))
    return found


def _ranges(rows: list[int]) -> str:
    """[3, 4, 5, 9] → '3-5, 9'."""
    parts: list[str] = []
    start = prev = rows[0]
    for r in [*rows[1:], None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if r is not None:
            start = prev = r
    return ", ".join(parts)


def _account(batch: Batch, frame: pd.DataFrame, kind: pd.Series) -> dict[int, SheetSummary]:
    """Rows read, accepted, skipped (non-data and identical duplicates), rejected, per sheet."""
    skipped = (kind != "data").groupby(batch.raw["_sid"]).sum()
    accepted = frame["_ok"].groupby(frame["_sid"]).sum()
    duplicate = frame["_duplicate"].groupby(frame["_sid"]).sum()
    result = {}
    for sid, info in batch.sheets.items():
        acc = int(accepted.get(sid, 0))
        dup = int(duplicate.get(sid, 0))
        skip = int(skipped.get(sid, 0)) + dup
        result[sid] = SheetSummary(info.sheet, batch.form.id, info.rows_read, acc, skip, info.rows_read - acc - skip)
    return result


def _header_issues(info: SheetInfo, issues: list[Issue]) -> None:
    form, match, row = info.form, info.header, info.header_row
    base = (info.file, info.sheet)
    for name, positions in match.duplicates.items():
        cells = ", ".join(f"{column_letter(p)}{row}" for p in positions)
        issues.append(Issue("column-duplicate", *base, row, name, f"{column_letter(positions[1])}{row}",
                            {"label": column_label(form.column(name)), "cells": cells}))
    for pos, text in match.unknown:
        issues.append(Issue("column-unknown", *base, row, None, f"{column_letter(pos)}{row}",
                            {"header": text, "form": form_name(form)}))
    present = set(match.columns.values())
    for col in form.columns:
        # a column required only at some levels is missing only if such rows come (check_required)
        if col.name in present or not col.required:
            continue
        alt = form.unit_alternative
        if col.name == form.unit_column and alt is not None and alt.parent in present and alt.name in present:
            continue
        if col.name == form.unit_column and form.unit_alternative is None and form.name_column in present:
            continue  # units named without codes: found by name (validation.units)
        issues.append(Issue("column-missing", *base, row, col.name, None,
                            {"label": column_label(col), "column": col.name, "form": form_name(form)}))
        info.missing_required = True


def _file_summaries(sources: list[SourceFile], per_form: dict[str, list[tuple[SheetInfo, RawSheet]]],
                    accounting: dict[int, SheetSummary], issues: list[Issue],
                    set_aside: dict[tuple[str, str | None], SheetSummary]) -> list[FileSummary]:
    recognised: dict[tuple[str, str | None], SheetSummary] = dict(set_aside)
    for sheets in per_form.values():
        for info, _ in sheets:
            recognised[(info.file, info.sheet)] = accounting[info.sid]
    unrecognised = {(i.file, i.sheet) for i in issues if i.code in ("form-unknown", "form-ambiguous")}
    summaries = []
    for source in sources:
        read: list[SheetSummary] = []
        for raw in source.sheets:
            key = (source.name, raw.sheet)
            if key in recognised:
                read.append(recognised[key])
            elif key in unrecognised:
                n = raw.count_filled_rows()
                read.append(SheetSummary(raw.sheet, None, n, 0, 0, n))
        summaries.append(FileSummary(source.name, source.sha256, source.size, tuple(read)))
    return summaries
