"""A year's submission: every file read, every sheet recognised and checked, rows
combined per form, duplicates resolved, completeness measured.

Every data row ends up accepted, skipped (with a reason) or rejected (with its
issues); `score` uses exactly the accepted rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from danvan_cli.issues import Issue, sort_key
from danvan_cli.reading.files import discover, read_file
from danvan_cli.reading.header import recognise
from danvan_cli.reading.header import HeaderMatch
from danvan_cli.spec.models import Form, Spec
from danvan_cli.text import column_letter
from danvan_cli.units import Registry
from danvan_cli.validation.sheet import SheetResult, check_required, read_sheet
from danvan_cli.validation.units import resolve_units


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
    missing: tuple[str, ...]


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

    def count(self, severity: str) -> int:
        return sum(1 for i in self.issues if i.severity == severity)


def _key_text(frame: pd.DataFrame, form: Form) -> pd.Series:
    cols = ["_unit"] + [k for k in form.key if k != form.unit_column]
    if form.unit_column not in form.key:
        cols = list(form.key)
    parts = [frame[c].astype("string").fillna("").str.casefold() for c in cols]
    key = parts[0]
    for part in parts[1:]:
        key = key + "\x1f" + part
    return key


def _resolve_duplicates(form: Form, frame: pd.DataFrame, issues: list[Issue]) -> pd.DataFrame:
    """Identical rows → one kept, warning; conflicting rows → all rejected, error."""
    candidates = frame[frame["_ok"]]
    if candidates.empty:
        return frame
    key = _key_text(candidates, form)
    dup = key.duplicated(keep=False)
    if not dup.any():
        return frame
    values = candidates[form.column_names].astype("string").fillna("")
    signature = values.apply(lambda c: c.str.casefold()).agg("\x1f".join, axis=1)
    groups = pd.DataFrame({"key": key[dup], "sig": signature[dup]})
    for _, group in groups.groupby("key", sort=False):
        rows = candidates.loc[group.index]
        where = [f"{f} › {s} › dòng {r}" if s else f"{f} › dòng {r}" for f, s, r in zip(rows["_file"], rows["_sheet"], rows["_row"])]
        label = " / ".join(str(v) for v in rows.iloc[0][[c for c in (["_unit"] + form.key) if c in rows and c != form.unit_column]] if pd.notna(v))
        if group["sig"].nunique() == 1:
            for idx, rec in list(rows.iterrows())[1:]:
                issues.append(Issue("row-duplicate-identical", rec["_file"], rec["_sheet"] or None, int(rec["_row"]),
                                    None, None, {"key": label, "first": where[0]}))
                frame.loc[idx, "_ok"] = False
                frame.loc[idx, "_duplicate"] = True
        else:
            for i, (idx, rec) in enumerate(rows.iterrows()):
                others = ", ".join(w for j, w in enumerate(where) if j != i)
                issues.append(Issue("row-duplicate", rec["_file"], rec["_sheet"] or None, int(rec["_row"]),
                                    None, None, {"key": label, "others": others}))
                frame.loc[idx, "_ok"] = False
    return frame


def _completeness(spec: Spec, registry: Registry, frames: dict[str, pd.DataFrame], issues: list[Issue]) -> list[Completeness]:
    result = []
    for fid, form in spec.forms.items():
        if not form.levels:
            continue
        frame = frames.get(fid)
        received_units = set(frame["_unit"].dropna()) if frame is not None and len(frame) else set()
        if not all(registry.has_level(lv) for lv in form.levels):
            result.append(Completeness(fid, None, len(received_units), ()))
            continue
        expected = registry.codes_at(form.levels)
        missing = tuple(c for c in expected if c not in received_units)
        result.append(Completeness(fid, len(expected), len(expected) - len(missing), missing))
        if missing:
            shown = ", ".join(missing[:20]) + (f" … (+{len(missing) - 20})" if len(missing) > 20 else "")
            issues.append(Issue("submission-missing", None, None, None, None, None,
                                {"form": f"Biểu {form.number} ({fid})", "count": len(missing), "units": shown}))
    return result


def load_submission(paths: list[Path], spec: Spec, registry: Registry, year: int) -> Submission:
    """Read, recognise and validate every file; combine accepted rows per form."""
    issues: list[Issue] = []
    per_form: dict[str, list[SheetResult]] = {fid: [] for fid in spec.forms}
    file_sheets: dict[str, list[tuple[str | None, SheetResult | None, int]]] = {}
    sources = []
    for path, name in discover(paths):
        source = read_file(path, name)
        sources.append(source)
        file_sheets[name] = []
        if source.error:
            issues.append(Issue("file-unreadable", name, None, None, None, None, {"reason": source.error}))
            continue
        for raw in source.sheets:
            nonblank = [r for r in raw.rows if any(v not in ("", None) for v in r)]
            if not nonblank:
                continue
            found = recognise(spec, raw.rows, raw.sheet)
            if found.match is None:
                if found.candidates:
                    issues.append(Issue("form-ambiguous", name, raw.sheet, None, None, None,
                                        {"forms": ", ".join(found.candidates)}))
                else:
                    issues.append(Issue("form-unknown", name, raw.sheet))
                file_sheets[name].append((raw.sheet, None, len(nonblank)))
                continue
            form = spec.forms[found.match.form]
            result = read_sheet(raw, form, found.match, year)
            _header_issues(result, found.match, form)
            levels = resolve_units(result, registry)
            check_required(result, levels)
            issues.extend(result.issues)
            per_form[form.id].append(result)
            file_sheets[name].append((raw.sheet, result, 0))

    frames: dict[str, pd.DataFrame] = {}
    for fid, results in per_form.items():
        if not results:
            continue
        frame = pd.concat([r.frame for r in results], ignore_index=True)
        frame["_duplicate"] = False
        frame = _resolve_duplicates(spec.forms[fid], frame, issues)
        # write the outcome back per sheet for the row accounting
        offset = 0
        for r in results:
            r.frame["_ok"] = frame["_ok"].iloc[offset: offset + len(r.frame)].to_numpy()
            r.frame["_duplicate"] = frame["_duplicate"].iloc[offset: offset + len(r.frame)].to_numpy()
            offset += len(r.frame)
        frames[fid] = frame[frame["_ok"]].drop(columns=["_ok", "_duplicate"]).reset_index(drop=True)

    files = [_file_summary(s, file_sheets.get(s.name, [])) for s in sources]
    completeness = _completeness(spec, registry, frames, issues)
    issues.sort(key=sort_key)
    return Submission(year, frames, issues, files, completeness, registry.source)


def _header_issues(result: SheetResult, match: HeaderMatch, form: Form) -> None:
    header_row = match.header_rows[-1] + 1
    for name, positions in match.duplicates.items():
        cells = ", ".join(f"{column_letter(p)}{header_row}" for p in positions)
        result.issue("column-duplicate", header_row, name, label=form.column(name).label, cells=cells)
        result.frame["_ok"] = False
    for pos, text in match.unknown:
        result.issues.append(Issue("column-unknown", result.file, result.sheet, header_row, None,
                                   f"{column_letter(pos)}{header_row}",
                                   {"header": text, "form": f"Biểu {form.number}"}))
    present = set(match.columns.values())
    for col in form.columns:
        if col.name in present or not (col.required or col.required_at):
            continue
        if col.name == form.unit_column and form.unit_alternative:
            alt = form.unit_alternative
            if alt.parent in present and alt.name in present:
                continue
        if col.name == form.unit_column and col.required is False:
            continue
        result.issue("column-missing", header_row, col.name, label=col.label, form=f"Biểu {form.number}")
        if col.required:
            result.frame["_ok"] = False


def _file_summary(source, sheets: list[tuple[str | None, SheetResult | None, int]]) -> FileSummary:
    summaries = []
    for sheet, result, unread in sheets:
        if result is None:
            summaries.append(SheetSummary(sheet, None, unread, 0, 0, unread))
            continue
        data = result.frame
        accepted = int(data["_ok"].sum()) if len(data) else 0
        duplicate = int(data["_duplicate"].sum()) if "_duplicate" in data and len(data) else 0
        summaries.append(SheetSummary(
            sheet, result.form.id, result.rows_read, accepted,
            result.rows_skipped + duplicate, len(data) - accepted - duplicate,
        ))
    return FileSummary(source.name, source.sha256, source.size, tuple(summaries))
