"""The rows behind one target's figure (`danvan explain`): which rows make it, which were left
out and why, and the same figure one level down (province → districts → communes → villages).

The figures come from the very parts scoring sums (`indicators.score.scoped_pieces`, then
`measures.total` and `measures.by_district` over the same frame in the same order), so the
totals equal the scorecard's to the last bit; the rows' file, sheet and row are joined back by
the index the parts keep. Pure: frames, submission and registry in, an `Explanation` out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from danvan_cli.i18n import N_, data_text
from danvan_cli.indicators.conditions import column, condition_mask, resolve
from danvan_cli.indicators.measures import MeasureValue, by_district, total
from danvan_cli.indicators.results import json_number
from danvan_cli.indicators.score import Frames, empty_parts, frames_by_year, joined_parts, scoped_pieces
from danvan_cli.issues import Issue, Localized, PerLang, Text, shown_in
from danvan_cli.spec.models import Condition, Spec, Target
from danvan_cli.units import Registry
from danvan_cli.validation.submission import Submission

EXPLAIN_SCHEMA = "danvan.explain/1"
# what the rows are sorted by, per measure kind: largest contribution first
SORTED_BY = {"ratio": "denominator", "share": "meets", "count": "meets", "sum": "value", "mean": "value"}
# why a row (or a unit) is not in the figure
REASONS: dict[str, str] = {
    "rejected": N_("bị loại khi kiểm tra"),
    "out_of_scope": N_("ngoài phạm vi chỉ tiêu"),
    "not_applicable": N_("không áp dụng"),
    "missing": N_("không gửi số liệu"),
}
ROW_COLUMNS = ["year", "file", "sheet", "row", "unit", "code", "name", "level", "group", "num", "den", "n"]
LEFT_COLUMNS = ["reason", "year", "file", "sheet", "row", "unit", "code", "name", "level", "detail"]


@dataclass(frozen=True)
class Group:
    """The figure over one unit one level below the one explained (or over its own rows)."""

    key: str
    code: str
    name: str
    level: str
    value: float | None
    numerator: float | None
    denominator: float | None
    rows: int
    own: bool = False  # the explained unit's own rows ("376 itself"; the province's own rows)
    area: str = ""  # its comparison area (units after the 2025 reorganisation)
    area_name: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "code": self.code, "name": self.name, "level": self.level, "own": self.own,
                "value": self.value, "numerator": json_number(self.numerator),
                "denominator": json_number(self.denominator), "rows": self.rows,
                "area": {"id": self.area, "name": self.area_name} if self.area else None}


@dataclass(frozen=True)
class Previous:
    """An `improves` target's year before: its figure and rows."""

    year: int
    figure: MeasureValue
    rows: pd.DataFrame = field(compare=False)


@dataclass(frozen=True)
class Explanation:
    """One target's figure for one year (of one unit with ``--unit``) with the rows behind it.

    ``rows`` (columns `ROW_COLUMNS` + ``decided`` ones) are the rows counted, sorted by
    `sorted_by`; ``left_out`` (`LEFT_COLUMNS`) the rows and units not counted, with a reason
    code (`REASONS`) and a `Localized` detail. ``province`` is the scorecard's figure.
    """

    target: Target
    year: int
    kind: str
    focus: str | None  # the unit key explained; None: the whole programme territory
    focus_code: str
    focus_name: str
    focus_level: str
    figure: MeasureValue
    province: MeasureValue
    groups: tuple[Group, ...]
    rows: pd.DataFrame = field(compare=False)
    left_out: pd.DataFrame = field(compare=False)
    decided: tuple[str, ...] = ()  # share/count: the condition's columns, shown per row
    previous: Previous | None = None
    level_names: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # level id → (name, name_en)
    window: tuple[int, ...] = ()  # the years counted (several for a `window` target)

    @property
    def sorted_by(self) -> str:
        return SORTED_BY.get(self.kind, "value")

    def level_name(self, level: str, lang: str) -> str:
        names = self.level_names.get(level)
        return data_text(lang, *names) if names else level

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        """The `danvan.explain/1` document; its texts (reasons, details) in ``lang``."""
        t = self.target
        measure = t.value_measure
        return {
            "schema": EXPLAIN_SCHEMA,
            "year": self.year,
            "years": list(self.window),
            "target": {
                "id": t.id, "title": data_text(lang, t.title, t.title_en), "unit": t.unit_in(lang),
                "kind": self.kind, "when": t.when, "improves": t.improves,
                "numerator": measure.numerator, "denominator": measure.denominator, "column": measure.column,
                "condition": [_condition_json(c, self.year) for c in measure.condition],
                "scope": {"levels": t.scope.levels, "where": [_condition_json(c, self.year) for c in t.scope.where]},
            },
            "unit": None if self.focus is None else {"key": self.focus, "code": self.focus_code,
                                                     "name": self.focus_name, "level": self.focus_level},
            "sorted_by": self.sorted_by,
            **_figure_json(self.figure),
            "scorecard": _figure_json(self.province),
            "groups": [g.to_json() for g in self.groups],
            "rows": rows_json(self.rows, self.kind, self.decided),
            "previous": None if self.previous is None else {
                "year": self.previous.year, **_figure_json(self.previous.figure),
                "rows": rows_json(self.previous.rows, self.kind, self.decided)},
            "left_out": left_json(self.left_out, lang),
        }


def _figure_json(m: MeasureValue) -> dict[str, Any]:
    return {"value": m.value, "numerator": json_number(m.numerator), "denominator": json_number(m.denominator)}


def _condition_json(c: Condition, year: int) -> dict[str, Any]:
    return {"column": c.column, "op": c.op, "value": json_value(resolve(c.value, year))}


def json_value(value: Any) -> Any:
    """A cell as JSON: numbers as numbers (whole ones as int), blanks as null, the rest as text."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return json_number(float(value))
    if isinstance(value, list):
        return [json_value(v) for v in value]
    return str(value)


def rows_json(rows: pd.DataFrame, kind: str, decided: tuple[str, ...]) -> list[dict[str, Any]]:
    """The rows counted as JSON objects (`explain.schema.json`, ``row``)."""
    share = kind in ("share", "count")
    out = []
    for r in rows.to_dict("records"):
        num, den = r["num"], r["den"]
        out.append({
            "year": int(r["year"]), "file": r["file"], "sheet": r["sheet"], "row": json_value(r["row"]),
            "unit": r["code"], "name": r["name"], "level": r["level"], "group": r["group"],
            "numerator": json_number(num) if kind != "sum" and kind != "mean" else None,
            "denominator": json_number(den) if kind == "ratio" else None,
            "meets": bool(num) if share else None,
            "value": json_value(r["value"]),
            "decided": {c: json_value(r[f"?{c}"]) for c in decided},
        })
    return out


def left_json(left: pd.DataFrame, lang: str) -> list[dict[str, Any]]:
    """The rows and units left out as JSON objects, their texts in ``lang``."""
    return [{"reason": r["reason"], "reason_text": shown_in(Text(REASONS[r["reason"]]), lang),
             "detail": str(shown_in(r["detail"], lang)), "year": int(r["year"]),
             "file": json_value(r["file"]), "sheet": json_value(r["sheet"]), "row": json_value(r["row"]),
             "unit": json_value(r["code"]), "name": json_value(r["name"]), "level": json_value(r["level"])}
            for r in left.to_dict("records")]


# ---------------------------------------------------------------- computing


def explain_target(spec: Spec, target: Target, submission: Submission, registry: Registry,
                   earlier: Mapping[int, Frames] | None = None, focus: str | None = None) -> Explanation:
    """The rows behind ``target``'s figure for the submission's year; ``focus`` (a key of the
    registry, see `resolve_unit`) narrows to one unit and groups its rows one level down."""
    year = submission.year
    frames = submission.frames
    kind = target.value_measure.kind
    by_year = frames_by_year(spec, target, frames, year, earlier)
    if focus is not None and registry.units[focus].level == registry.root_level:
        focus = None
    pieces = scoped_pieces(target, by_year)
    parts = joined_parts(pieces)
    decided = tuple(dict.fromkeys(c.column for c in target.value_measure.condition)) \
        if kind in ("share", "count") else ()
    rows = _with_provenance(parts, pieces, decided, registry, kind)
    province = total(parts, kind)
    group = _groups_of(rows, registry, focus)
    chosen = group.notna().to_numpy(dtype=bool)
    figure = province if focus is None else _focus_figure(parts, chosen, kind, registry, focus)
    rows = rows.assign(group=group.to_numpy(dtype=object))
    groups = _groups(parts.loc[chosen].assign(_group=group[chosen].to_numpy(dtype=object)),
                     kind, registry, focus)
    shown = _sorted(rows.loc[chosen], kind)
    left = _left_out(target, by_year, pieces, submission, registry, focus)
    return Explanation(
        target=target, year=year, kind=kind, focus=focus,
        focus_code=registry.units[focus].code if focus is not None else "",
        focus_name=registry.name(focus) if focus is not None else "",
        focus_level=registry.units[focus].level if focus is not None else registry.root_level,
        figure=figure, province=province, groups=groups, rows=shown.reset_index(drop=True),
        left_out=left, decided=decided, previous=_previous(target, earlier, year, registry, focus, decided),
        level_names={lv.id: (lv.name, lv.name_en) for lv in spec.levels},
        window=tuple(sorted(by_year)),
    )


def resolve_unit(registry: Registry, code: str) -> str | None:
    """The registry key a user's ``--unit`` names: the code in the reporting vintage, else in
    any vintage of the year, else a key written out (``376@2025-01``)."""
    code = code.strip()
    key = registry.key_for(registry.vintage.id, code)
    if key is not None:
        return key
    if code in registry.units:
        return code
    found = registry.alternates.get(code, ())
    return found[0] if found else None


def _with_provenance(parts: pd.DataFrame, pieces: list[tuple[int, pd.DataFrame, pd.DataFrame]],
                     decided: tuple[str, ...], registry: Registry, kind: str) -> pd.DataFrame:
    """The parts with the file, sheet, row and year of each row (joined by the scoped frame's
    index), the unit's code and name, and the condition's cells that decided it."""
    blocks = []
    for y, scoped, p in pieces:
        chosen = scoped.loc[p.index]
        blocks.append(pd.DataFrame({
            "year": np.full(len(chosen), y), "file": column(chosen, "_file").to_numpy(dtype=object),
            "sheet": column(chosen, "_sheet").to_numpy(dtype=object), "row": column(chosen, "_row").to_numpy(dtype=object),
            **{f"?{c}": column(chosen, c).to_numpy(dtype=object) for c in decided}}))
    meta = pd.concat(blocks, ignore_index=True) if blocks else pd.DataFrame(
        {name: pd.Series(dtype=object) for name in ["year", "file", "sheet", "row", *(f"?{c}" for c in decided)]})
    units = parts["_unit"].astype(object)
    codes, names = _unit_labels(units, registry)
    rows = pd.DataFrame({
        "year": meta["year"].to_numpy(), "file": meta["file"].to_numpy(), "sheet": meta["sheet"].to_numpy(),
        "row": meta["row"].to_numpy(), "unit": units.to_numpy(), "code": codes, "name": names,
        "level": parts["_level"].to_numpy(dtype=object), "group": None,
        "num": parts["num"].to_numpy(), "den": parts["den"].to_numpy(), "n": parts["n"].to_numpy(),
        "_district": parts["_district"].to_numpy(dtype=object),
    })
    for c in decided:
        rows[f"?{c}"] = meta[f"?{c}"].to_numpy()
    return rows.assign(value=_row_values(parts, kind))


def _row_values(parts: pd.DataFrame, kind: str) -> np.ndarray:
    """Each row's own figure: its ratio in % (ratio), the cell summed (sum, mean); None otherwise."""
    num, den, n = (parts[c].to_numpy(dtype="float64") for c in ("num", "den", "n"))
    if kind == "ratio":
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.where(den != 0, 100.0 * num / np.where(den != 0, den, 1.0), np.nan)
    elif kind in ("sum", "mean"):
        values = np.where(n > 0, num, np.nan)
    else:
        values = np.full(len(num), np.nan)
    out: np.ndarray = values.astype(object)
    out[np.isnan(values)] = None
    return out


def _unit_labels(units: pd.Series, registry: Registry) -> tuple[np.ndarray, np.ndarray]:
    """Each row's unit code (without the vintage of its key) and name."""
    keys = [k for k in units.dropna().unique()]
    codes = {k: registry.units[k].code if k in registry.units else str(k).split("@", 1)[0] for k in keys}
    names = {k: registry.name(str(k)) for k in keys}
    return (units.map(codes).to_numpy(dtype=object), units.map(names).to_numpy(dtype=object))


def _child_under(registry: Registry, key: str, focus: str) -> str | None:
    """The unit directly below ``focus`` on the way up from ``key`` (``focus`` for its own rows);
    None when ``key`` is not under ``focus``."""
    current: str | None = key
    for _ in range(len(registry.level_order) + 2):
        if current is None or current not in registry.units:
            return None
        if current == focus:
            return focus
        parent = registry.units[current].parent_code
        if parent == focus:
            return current
        current = parent or None
    return None


def _groups_of(rows: pd.DataFrame, registry: Registry, focus: str | None) -> pd.Series:
    """Each row's group: its district-level unit (its own unit when it has none: the province's
    rows) without ``focus``; else the unit below ``focus`` it lies in (None: not under it)."""
    units = rows["unit"]
    if focus is None:
        return rows["_district"].where(rows["_district"].notna(), units).astype(object)
    lookup = {k: _child_under(registry, str(k), focus) for k in units.dropna().unique()}
    group = units.map(lookup).astype(object)
    if registry.districts.get(focus) == focus:  # a breakdown unit: exactly the scorecard's rows
        inside = (rows["_district"] == focus).to_numpy(dtype=bool)
        group = group.where(inside, None).where(~inside | group.notna(), focus)
    return group


def _focus_figure(parts: pd.DataFrame, chosen: np.ndarray, kind: Any, registry: Registry, focus: str) -> MeasureValue:
    """The explained unit's figure: the scorecard's breakdown entry for a breakdown unit."""
    if registry.districts.get(focus) == focus:
        found = by_district(parts, kind).get(focus)
        return found if found is not None else total(parts.iloc[:0], kind)
    return total(parts.loc[chosen], kind)


def _groups(parts: pd.DataFrame, kind: Any, registry: Registry, focus: str | None) -> tuple[Group, ...]:
    """The figure per group, the explained unit's own rows first, then by key (as the breakdown)."""
    measured = by_district(parts, kind, "_group")
    counts = parts["_group"].value_counts()
    history = registry.history
    # comparison areas beside the units of a reorganised year (several vintages in force: 2025)
    areas = {a.id: a.name for a in history.areas} if history is not None and len(registry.members) > 1 else {}
    found = []
    for key, m in sorted(measured.items()):
        unit = registry.units.get(key)
        own = key == focus or (focus is None and unit is not None and unit.level == registry.root_level)
        area = (history.area_of_key(registry, key) or "") if areas and not own else ""
        found.append(Group(key, unit.code if unit else key.split("@", 1)[0], registry.name(key),
                           unit.level if unit else "", m.value, m.numerator, m.denominator, int(counts.get(key, 0)),
                           own, area, areas.get(area, "")))
    return tuple(sorted(found, key=lambda g: not g.own))


def _sorted(rows: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Largest contribution first: the denominator (ratio), meeting first (share, count), the
    value (sum, mean); ties in the files' order."""
    by = {"ratio": "den", "share": "num", "count": "num"}.get(kind, "num")
    return rows.sort_values(by, ascending=False, kind="stable")


def _previous(target: Target, earlier: Mapping[int, Frames] | None, year: int, registry: Registry,
              focus: str | None, decided: tuple[str, ...]) -> Previous | None:
    """An `improves` target's year before, computed as scoring computes `TargetResult.previous`."""
    if not target.improves:
        return None
    before = (earlier or {}).get(year - 1)
    kind = target.value_measure.kind
    if before is None:
        return Previous(year - 1, MeasureValue(None), _with_provenance(empty_parts(), [], decided, registry, kind))
    pieces = scoped_pieces(target, {year - 1: before})
    parts = joined_parts(pieces)
    rows = _with_provenance(parts, pieces, decided, registry, kind)
    group = _groups_of(rows, registry, focus)
    chosen = group.notna().to_numpy(dtype=bool)
    figure = total(parts, kind) if focus is None else total(parts.loc[chosen], kind)
    rows = rows.assign(group=group.to_numpy(dtype=object)).loc[chosen]
    return Previous(year - 1, figure, _sorted(rows, kind).reset_index(drop=True))


# ---------------------------------------------------------------- rows left out


def _left_out(target: Target, by_year: Mapping[int, Frames], pieces: list[tuple[int, pd.DataFrame, pd.DataFrame]],
              sub: Submission, registry: Registry, focus: str | None) -> pd.DataFrame:
    """Rows rejected by validation, out of the target's scope, not applicable, and units
    expected that sent nothing (of the year's form; under ``focus`` when given)."""
    kept = {y: (scoped, p) for y, scoped, p in pieces}
    blocks = [_rejected(target, sub, registry, focus)]
    for y, frames in sorted(by_year.items()):
        frame = frames.get(target.form)
        if frame is None or frame.empty:
            continue
        scoped, p = kept.get(y, (frame.iloc[:0], frame.iloc[:0]))
        blocks.append(_out_of_scope(target, frame.drop(index=scoped.index), y))
        blocks.append(_not_applicable(target, scoped.drop(index=p.index), y))
    blocks.append(_missing(target, sub, registry))
    found = pd.concat([b for b in blocks if len(b)], ignore_index=True) if any(len(b) for b in blocks) \
        else pd.DataFrame({c: pd.Series(dtype=object) for c in LEFT_COLUMNS})
    if focus is not None and len(found):
        under = [k for k in found["unit"].dropna().unique() if _child_under(registry, str(k), focus) is not None]
        inside = found["unit"].isin(under).to_numpy(dtype=bool)
        district = registry.districts.get(focus)
        # a rejected row names no unit here: placed by the district its rows were read for
        placed = (found["unit"].isna() & (found["_district"] == district)).to_numpy(dtype=bool)
        found = found.loc[inside | (placed if district is not None else False)]
    codes, names = _unit_labels(found["unit"].astype(object), registry)
    found = found.assign(code=codes, name=names).astype(object)
    return found[LEFT_COLUMNS].where(found[LEFT_COLUMNS].notna(), None).reset_index(drop=True)


def _frame_block(frame: pd.DataFrame, reason: str, year: int, detail: Any) -> pd.DataFrame:
    return pd.DataFrame({
        "reason": reason, "year": year, "file": column(frame, "_file").to_numpy(dtype=object),
        "sheet": column(frame, "_sheet").to_numpy(dtype=object), "row": column(frame, "_row").to_numpy(dtype=object),
        "unit": column(frame, "_unit").to_numpy(dtype=object), "code": None, "name": None,
        "level": column(frame, "_level").to_numpy(dtype=object), "detail": detail,
        "_district": column(frame, "_district").to_numpy(dtype=object)}, index=range(len(frame)))


def _condition_text(c: Condition, year: int) -> str:
    value = resolve(c.value, year)
    return f"{c.column} {c.op} {value if not isinstance(value, list) else ', '.join(map(str, value))}"


def _out_of_scope(target: Target, frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Rows of the form the target's scope leaves out: the first condition each fails."""
    if frame.empty:
        return _frame_block(frame, "out_of_scope", year, None)
    texts: list[Localized] = []
    masks: list[np.ndarray] = []
    levels = target.scope.levels
    if levels is not None:
        masks.append(~column(frame, "_level").isin(levels).to_numpy(dtype=bool))
        texts.append(Text(N_("cấp của dòng không thuộc phạm vi chỉ tiêu (chỉ tính cấp: {levels})"),
                          levels=", ".join(levels)))
    for c in target.scope.where:
        masks.append(~condition_mask(frame, c, year))
        texts.append(Text(N_("không thỏa điều kiện {condition}"), condition=_condition_text(c, year)))
    detail = np.full(len(frame), None, dtype=object)
    for mask, text in reversed(list(zip(masks, texts, strict=True))):  # the first condition failed wins
        detail[mask] = text
    return _frame_block(frame, "out_of_scope", year, detail)


def _not_applicable(target: Target, frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Rows in scope the measure cannot count: a ratio's blank numerator or denominator, a
    share's row answering none of the condition's columns."""
    m = target.value_measure
    if frame.empty:
        return _frame_block(frame, "not_applicable", year, None)
    if m.kind == "ratio":
        num = pd.to_numeric(column(frame, m.numerator or ""), errors="coerce").isna().to_numpy(dtype=bool)
        den = pd.to_numeric(column(frame, m.denominator or ""), errors="coerce").isna().to_numpy(dtype=bool)
        blank = Text(N_("ô trống: {columns}"), columns=", ".join(filter(None, [m.numerator, m.denominator])))
        texts = np.array([blank, Text(N_("ô trống: {columns}"), columns=m.numerator or ""),
                          Text(N_("ô trống: {columns}"), columns=m.denominator or "")], dtype=object)
        detail: Any = np.select([num & den, num, den], texts, default=blank)
    else:
        columns = ", ".join(dict.fromkeys(c.column for c in m.condition))
        detail = Text(N_("không điền cột nào của điều kiện ({columns})"), columns=columns)
    return _frame_block(frame, "not_applicable", year, detail)


def _rejected(target: Target, sub: Submission, registry: Registry, focus: str | None) -> pd.DataFrame:
    """Data rows of the target's form that validation rejected, with their errors."""
    places = sub.places
    sheets = {k for k, info in sub.layouts.items() if info.form.id == target.form}
    if places is None or places.empty or not sheets:
        return _frame_block(pd.DataFrame(), "rejected", sub.year, None)
    where = pd.MultiIndex.from_arrays([places["file"], places["sheet"].fillna("")])
    of_form = places.loc[where.isin(list(sheets))]
    frame = sub.frames.get(target.form)
    accepted = pd.MultiIndex.from_arrays([frame["_file"], frame["_sheet"], frame["_row"]]) \
        if frame is not None and len(frame) else pd.MultiIndex.from_arrays([[], [], []])
    read = pd.MultiIndex.from_arrays([of_form["file"], of_form["sheet"].fillna(""), of_form["row"]])
    rejected = of_form.loc[~read.isin(accepted)]
    unit, level = _rejected_units(rejected, sub.rejected.get(target.form))
    errors: dict[tuple[str, str, int | None], list[Issue]] = {}
    for issue in sub.issues:  # the errors that refused it; an identical copy says it was counted once
        if (issue.severity == "error" or issue.code == "row-duplicate-identical") and issue.file is not None:
            errors.setdefault((issue.file, issue.sheet or "", issue.row), []).append(issue)
    details = [_errors_text(errors.get((f, s, int(r))) or errors.get((f, s, None)) or [])
               for f, s, r in zip(rejected["file"], rejected["sheet"].fillna(""), rejected["row"], strict=True)]
    return pd.DataFrame({
        "reason": "rejected", "year": sub.year, "file": rejected["file"].to_numpy(dtype=object),
        "sheet": rejected["sheet"].to_numpy(dtype=object), "row": rejected["row"].to_numpy(dtype=object),
        "unit": unit, "code": None, "name": None, "level": level, "detail": pd.Series(details, dtype=object).to_numpy(),
        "_district": rejected["district"].to_numpy(dtype=object)}, index=range(len(rejected)))


def _rejected_units(rejected: pd.DataFrame, known: pd.DataFrame | None) -> tuple[np.ndarray, np.ndarray]:
    """The unit and level of each rejected row whose unit was recognised (`Submission.rejected`),
    None for the others (an unknown code): found by file, sheet and row."""
    if known is None or known.empty or rejected.empty:
        return np.full(len(rejected), None, dtype=object), np.full(len(rejected), None, dtype=object)
    where = pd.MultiIndex.from_arrays([known["_file"], known["_sheet"].fillna(""), known["_row"].astype(int)])
    at = where.get_indexer(pd.MultiIndex.from_arrays(
        [rejected["file"], rejected["sheet"].fillna(""), rejected["row"].astype(int)]))
    found = at >= 0
    units = np.full(len(rejected), None, dtype=object)
    levels = np.full(len(rejected), None, dtype=object)
    units[found] = known["_unit"].to_numpy(dtype=object)[at[found]]
    levels[found] = known["_level"].to_numpy(dtype=object)[at[found]]
    return units, levels


def _errors_text(found: list[Issue]) -> Localized:
    """The errors that rejected a row, in the language shown."""
    if not found:
        return Text(N_("dòng bị loại; chạy “danvan validate” để xem lỗi"))
    return PerLang(lambda lang: "; ".join(i.message(lang) for i in found))


def _missing(target: Target, sub: Submission, registry: Registry) -> pd.DataFrame:
    """Units the form expects this year that sent no row."""
    missing = next((c.missing for c in sub.completeness if c.form == target.form), ())
    keys = np.array(list(missing), dtype=object)
    return pd.DataFrame({
        "reason": "missing", "year": sub.year, "file": None, "sheet": None, "row": None, "unit": keys,
        "code": None, "name": None, "level": [registry.levels.get(str(k), "") for k in keys],
        "detail": Text(N_("không có dòng nào của đơn vị này trong biểu {form}"), form=target.form),
        "_district": [registry.districts.get(str(k)) for k in keys]}, index=range(len(keys)))
