"""Plausibility: figures that are well-formed but unlikely (issue 14, in the spirit of DHIS2's
outlier detection and the WHO Data Quality Review's internal consistency).

Validation asks whether each cell is readable; the mistakes that survive it look valid: a commune
that typed 12450 for 1245 files, a count copied from the wrong row. Three checks name them, as
warnings that never block a row (`issues.PLAUSIBILITY`):

- ``value-jump``: a row's figure against the same row last year (the sibling year folder; the
  same unit in the same registry vintage, or through the crosswalk where the unit is unchanged):
  more than ``factor`` times up or down *and* more than ``floor`` apart, so 1 → 4 is no alarm;
- ``outlier``: a figure against the same column of the other units of its level, by the modified
  z-score (median and MAD, Iglewicz and Hoaglin's 3.5), on a log scale for counts (heavy tails),
  and each unit's ratio of the ratio targets (files online / files). A column where most units
  give the same figure (MAD 0) is not judged, rather than every other figure flagged. Lists that
  are not units of the registry (enterprises) are compared only with themselves over time;
- ``row-disappeared``: a row of such a list present last year and absent now (a tax code), per district.

Bounds come from the spec's ``plausibility:`` block (`spec.models.PlausibilitySettings`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from danvan_cli.i18n import N_, data_text
from danvan_cli.issues import Issue, Localized, PerLang, Text, sort_key
from danvan_cli.spec.models import Form, PlausibilitySettings, Scale, Spec
from danvan_cli.units import Registry, key_codes
from danvan_cli.validation.submission import Submission, cell_texts, joined_text, key_numbers
from danvan_cli.validation.texts import column_label, form_name_id

NUMBERS = ("integer", "number", "percent")
MAD_SCALE = 0.6745  # the MAD of a normal distribution is 0.6745 standard deviations
MAX_KEYS = 20  # keys of disappeared rows named in one message


@dataclass(frozen=True)
class Bounds:
    """One column's resolved settings."""

    scale: Scale
    peers: bool
    over_time: bool
    factor: float
    floor: float
    z: float


def bounds(settings: PlausibilitySettings, form: Form, column: str) -> Bounds:
    """The defaults, with the spec's exceptions for this column; percentages on a linear scale."""
    own = settings.columns.get(form.id, {}).get(column)
    scale: Scale = "linear" if form.column(column).type == "percent" else "both"
    found = Bounds(scale, bool(form.levels), True, settings.factor, settings.floor, settings.z)
    if own is None:
        return found
    return Bounds(own.scale or found.scale, found.peers if own.peers is None else own.peers,
                  found.over_time if own.over_time is None else own.over_time,
                  found.factor if own.factor is None else own.factor, found.floor if own.floor is None else own.floor,
                  found.z if own.z is None else own.z)


def numeric_columns(form: Form) -> list[str]:
    """The figures of a form that plausibility judges (not its year, codes or answers)."""
    return [c.name for c in form.columns if c.type in NUMBERS and c.role != "year"]


def check(spec: Spec, current: Submission, registry: Registry, previous: Submission | None = None) -> list[Issue]:
    """Every plausibility issue of a year's rows; ``previous``: the year before, if read.

    The rows judged are the accepted ones and those left out for an error but of a known unit:
    a figure typed ×10 that breaks a rule ("dự họp ≤ tổng số") is named in its own cell, so the
    office knows which of the two cells to correct. Last year's figures are its accepted ones."""
    settings = spec.plausibility
    found: list[Issue] = []
    for fid, form in spec.forms.items():
        frame = _checked_rows(current, fid)
        if frame is None:
            continue
        names = _Names(spec, form, registry, current)
        found += _outliers(spec, form, frame, settings, names)
        before = None if previous is None else previous.frames.get(fid)
        if previous is not None and before is not None and len(before):
            pairs = _matched(form, frame, before, registry)
            doubtful = {(h.at, h.column) for h in _peer_hits(form, before, settings)}
            found += _jumps(form, frame, before, pairs, settings, names, previous.year, doubtful)
            if not form.levels:
                found += _disappeared(form, before, pairs, current, names, previous.year)
    return found


def _checked_rows(sub: Submission, fid: str) -> pd.DataFrame | None:
    pieces = [f for f in (sub.frames.get(fid), sub.rejected.get(fid)) if f is not None and len(f)]
    if not pieces:
        return None
    return pieces[0] if len(pieces) == 1 else pd.concat(pieces, ignore_index=True)


@dataclass
class _Names:
    """How a flagged row is named: its unit, level and cell."""

    spec: Spec
    form: Form
    registry: Registry
    submission: Submission

    def unit(self, key: object) -> str:
        """The unit's name; a village with its commune's ('Tổ dân phố 3 (Thị trấn Yên Thịnh)')."""
        if not isinstance(key, str) or not key:
            return ""
        unit = self.registry.units.get(key)
        if unit is None:
            return key
        parent = self.registry.units.get(unit.parent_code)
        lowest = unit.level == self.registry.level_order[-1]
        return f"{unit.name} ({parent.name})" if lowest and parent is not None else unit.name

    def level(self, level: object) -> Localized:
        found = next((lv for lv in self.spec.levels if lv.id == level), None)
        if found is None:
            return PerLang(lambda lang: str(level))
        return PerLang(lambda lang: data_text(lang, found.name, found.name_en).lower())

    def issue(self, code: str, row: pd.Series, column: str, **params: object) -> Issue:
        file, sheet, number = str(row["_file"]), str(row["_sheet"]), int(row["_row"])
        unit = row["_unit"] if isinstance(row["_unit"], str) else ""
        district = row["_district"] if isinstance(row["_district"], str) else ""
        fields = {"form_id": self.form.id, "form": form_name_id(self.form), "unit": unit,
                  "unit_name": self.unit(unit) or unit, "district": district,
                  "label": column_label(self.form.column(column)), **params}
        return Issue(code, file, sheet or None, number, column,  # type: ignore[arg-type]
                     self.submission.cell(file, sheet, number, column), fields)


def shown(x: float) -> Localized:
    """A figure as the person typed it: 1245 → '1.245' (vi), '1,245' (en); 12.5 → '12,5', '12.5'."""
    def text(lang: str) -> str:
        whole = float(x).is_integer()
        plain = f"{x:,.0f}" if whole else f"{x:,.2f}".rstrip("0").rstrip(".")
        return plain.translate(str.maketrans(",.", ".,")) if lang != "en" else plain
    return PerLang(text)


# ---------------------------------------------------------------- across peers

def _groups(form: Form, frame: pd.DataFrame) -> list[str]:
    """What makes rows peers besides their level: a choice column of the key (the role of a leader,
    the organisation of the Front), so a chairman is compared with chairmen."""
    return [k for k in form.key if k != form.unit_column and form.column(k).type == "choice"
            and k in frame.columns]


def _robust_z(values: np.ndarray, groups: pd.Series, min_peers: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per value: its modified z-score among its group, the group's median (NaN where not judged:
    a group smaller than ``min_peers`` or with MAD 0) and the group's size."""
    series = pd.Series(values, index=groups.index)
    by = series.groupby(groups, sort=False, dropna=False)
    median = by.transform("median").to_numpy(dtype="float64")
    deviation = pd.Series(np.abs(values - median), index=groups.index)
    mad = deviation.groupby(groups, sort=False, dropna=False).transform("median").to_numpy(dtype="float64")
    size = by.transform("count").to_numpy(dtype="float64")
    judged = (size >= min_peers) & (mad > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(judged, MAD_SCALE * (values - median) / mad, np.nan)
    return z, np.where(judged, median, np.nan), size


def _apart(values: np.ndarray, median: np.ndarray, rule: Bounds) -> np.ndarray:
    """More than ``floor`` from the median and, for counts, more than ``factor`` times above or
    below it: among units of different sizes a z-score alone flags a commune that is merely large."""
    with np.errstate(invalid="ignore"):
        apart: np.ndarray = np.abs(values - median) > rule.floor
        if rule.scale != "linear":
            apart &= (values > median * rule.factor) | (values * rule.factor < median)
    return apart


@dataclass(frozen=True)
class _Hit:
    """A figure far from its peers: row position in the frame, column, the peers' median and count."""

    at: int
    column: str
    median: float
    peers: int


def _peer_groups(form: Form, frame: pd.DataFrame) -> pd.Series:
    peers = frame["_level"].astype(object).where(frame["_level"].notna(), "")
    for extra in _groups(form, frame):
        peers = peers + "\x1f" + frame[extra].astype(object).where(frame[extra].notna(), "").astype(str)
    return peers


def _peer_hits(form: Form, frame: pd.DataFrame, settings: PlausibilitySettings) -> list[_Hit]:
    """Every figure far from the same column's figures of the units of its level."""
    if not form.levels:
        return []
    # the groups as integers: each column's three group medians then group by numbers, not texts
    peers = pd.Series(pd.factorize(_peer_groups(form, frame).to_numpy(dtype=object))[0], index=frame.index)
    found: list[_Hit] = []
    for column in numeric_columns(form):
        rule = bounds(settings, form, column)
        if column not in frame.columns or not rule.peers:
            continue
        values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        present = ~np.isnan(values)
        if present.sum() < settings.min_peers:
            continue
        given, groups = values[present], peers[present]
        z, median, size = _robust_z(given, groups, settings.min_peers)
        if rule.scale != "linear":  # a ×10 stands out on the linear scale, a 0 among hundreds on the log scale
            logged, _, _ = _robust_z(np.log1p(np.clip(given, 0, None)), groups, settings.min_peers)
            z = np.abs(logged) if rule.scale == "log" else np.fmax(np.abs(z), np.abs(logged))
        hits = np.flatnonzero((np.abs(z) > rule.z) & _apart(given, median, rule))
        positions = np.flatnonzero(present)[hits]
        found += [_Hit(int(at), column, float(median[hit]), int(size[hit]))
                  for at, hit in zip(positions, hits, strict=True)]
    return found


def _outliers(spec: Spec, form: Form, frame: pd.DataFrame, settings: PlausibilitySettings,
              names: _Names) -> list[Issue]:
    hits = _peer_hits(form, frame, settings)
    found: list[Issue] = []
    for hit in hits:
        row = frame.iloc[hit.at]
        found.append(names.issue("outlier", row, hit.column, value=shown(float(row[hit.column])),
                                 median=shown(hit.median), peers=shown(hit.peers), level=names.level(row["_level"])))
    if settings.ratios and form.levels:
        found += _ratio_outliers(spec, form, frame, settings, names, _peer_groups(form, frame),
                                 {hit.at for hit in hits})
    return found


def _ratio_pairs(spec: Spec, form: Form) -> list[tuple[str, str]]:
    """(numerator, denominator) of the form's ratio targets, each pair once."""
    pairs = [(t.value_measure.numerator, t.value_measure.denominator) for t in spec.targets
             if t.form == form.id and t.value_measure.kind == "ratio"]
    return list(dict.fromkeys((n, d) for n, d in pairs if n and d))


def _ratio_outliers(spec: Spec, form: Form, frame: pd.DataFrame, settings: PlausibilitySettings, names: _Names,
                    peers: pd.Series, flagged_rows: set[int]) -> Iterator[Issue]:
    """Each unit's ratio (in %) among its peers'; the figure named is the numerator, the message
    gives the ratio. A row already flagged for one of its figures is not flagged again."""
    for numerator, denominator in _ratio_pairs(spec, form):
        if numerator not in frame.columns or denominator not in frame.columns:
            continue
        num = pd.to_numeric(frame[numerator], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        den = pd.to_numeric(frame[denominator], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        present = ~(np.isnan(num) | np.isnan(den)) & (den > 0)
        if present.sum() < settings.min_peers:
            continue
        ratio = np.full(len(frame), np.nan)
        ratio[present] = 100.0 * num[present] / den[present]
        z, median, size = _robust_z(ratio[present], peers[present], settings.min_peers)
        away = np.abs(ratio[present] - median) > settings.ratio_floor
        hits = np.flatnonzero((np.abs(z) > settings.z) & away)
        positions = np.flatnonzero(present)[hits]
        for at, hit in zip(positions, hits, strict=True):
            if int(at) in flagged_rows:
                continue
            row = frame.iloc[at]
            label = Text(N_("{numerator} / {denominator} (%)"), numerator=column_label(form.column(numerator)),
                         denominator=column_label(form.column(denominator)))
            yield names.issue("outlier", row, numerator, value=shown(round(ratio[at], 1)),
                              median=shown(round(median[hit], 1)), peers=shown(size[hit]),
                              level=names.level(row["_level"]), label=label)


# ---------------------------------------------------------------- over time

def _unit_nodes(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's unit as (vintage, code) (a code means a unit only with its vintage), and
    whether the row has one."""
    code = np.array(key_codes(list(cell_texts(frame["_unit"]))), dtype=object)
    has = frame["_unit"].notna().to_numpy() & (code != "")
    return cell_texts(frame["_vintage"]), code, has


def _key_parts(form: Form, frame: pd.DataFrame, vintage: np.ndarray,
               code: np.ndarray) -> tuple[list[np.ndarray], list[bool]]:
    """A row's identity across years: its unit (vintage and code) and the other key columns
    (those case-folded, `submission.key_numbers`)."""
    parts: list[np.ndarray] = []
    folded: list[bool] = []
    for name in form.key:
        if name == form.unit_column:
            parts += [vintage, code]
            folded += [False, False]
        else:
            parts.append(cell_texts(frame[name]))
            folded.append(True)
    return parts, folded


def _matched(form: Form, frame: pd.DataFrame, before: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    """Pairs (this year's row position, last year's row position) of the same row. A unit of
    another vintage than last year's rows is followed back through the crosswalk when it kept its
    territory (`units.history.UnitHistory.relabel`, once per distinct unit); a unit that merged or
    split has no pair."""
    earlier = {str(v) for v in before["_vintage"].dropna().unique()}
    vintage, code, has = _unit_nodes(frame)
    other = has & ~pd.Series(vintage).isin(earlier).to_numpy() & (vintage != "")
    if other.any():
        history = registry.history
        vintage, code = vintage.copy(), code.copy()
        for (v, c), rows in pd.Series(np.flatnonzero(other)).groupby([vintage[other], code[other]]):
            found = None if history is None else history.relabel((v, c), earlier)
            if found is None:
                has[rows.to_numpy()] = False
            else:
                vintage[rows.to_numpy()], code[rows.to_numpy()] = found
    then_vintage, then_code, then_has = _unit_nodes(before)
    now_parts, folded = _key_parts(form, frame, vintage, code)
    then_parts, _ = _key_parts(form, before, then_vintage, then_code)
    # both years' keys numbered together (no key: -1): the years are joined on integers; the
    # pairs' order does not matter (the issues are sorted by cell)
    ids = key_numbers([np.concatenate([a, b]) for a, b in zip(now_parts, then_parts, strict=True)], folded)
    ids[~np.concatenate([has, then_has])] = -1
    ids_now, ids_then = ids[:len(frame)], ids[len(frame):]
    left = pd.DataFrame({"key": ids_now, "now": np.arange(len(frame))})[ids_now >= 0]
    right = pd.DataFrame({"key": ids_then, "then": np.arange(len(before))})[ids_then >= 0]
    right = right.drop_duplicates("key")
    return left.merge(right, on="key", how="outer")


def _change(value: float, previous: float, year: int) -> Text:
    if previous == 0:
        return Text(N_("năm {year} là 0"), year=year)
    if value == 0:
        return Text(N_("giảm về 0"))
    if value > previous:
        return Text(N_("gấp {factor} lần"), factor=shown(round(value / previous, 1)))
    return Text(N_("chỉ bằng {share} năm trước"), share=Text(N_("{percent} %"), percent=shown(round(100 * value / previous, 1))))


def _jumps(form: Form, frame: pd.DataFrame, before: pd.DataFrame, pairs: pd.DataFrame,
           settings: PlausibilitySettings, names: _Names, previous_year: int,
           doubtful: set[tuple[int, str]]) -> list[Issue]:
    """This year's figures far from the same row's last year. Not where last year's figure was
    itself far from its peers: the mistake was last year's (flagged then), this year's is its fix."""
    both = pairs.dropna(subset=["now", "then"])
    if both.empty:
        return []
    now_at = both["now"].to_numpy(dtype=int)
    then_at = both["then"].to_numpy(dtype=int)
    found: list[Issue] = []
    for column in numeric_columns(form):
        if column not in frame.columns or column not in before.columns:
            continue
        rule = bounds(settings, form, column)
        if not rule.over_time:
            continue
        value = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)[now_at]
        last = pd.to_numeric(before[column], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)[then_at]
        with np.errstate(invalid="ignore"):
            # from 0 the ratio means nothing, and a first union, model or dispute is news, not a typo
            out = (last > 0) & ((value > last * rule.factor) | (value * rule.factor < last))
            hits = np.flatnonzero(out & (np.abs(value - last) > rule.floor))
        for hit in hits:
            if (int(then_at[hit]), column) in doubtful:
                continue
            row = frame.iloc[now_at[hit]]
            found.append(names.issue("value-jump", row, column, value=shown(value[hit]), previous=shown(last[hit]),
                                     previous_year=previous_year, change=_change(value[hit], last[hit], previous_year)))
    return found


def _disappeared(form: Form, before: pd.DataFrame, pairs: pd.DataFrame, current: Submission, names: _Names,
                 previous_year: int) -> list[Issue]:
    """Rows of a list that is no unit of the registry (enterprises by tax code) present last
    year and absent this year, one message per district of last year. A row sent this year but
    rejected is not absent: its errors already say why it does not count."""
    gone = pairs[pairs["now"].isna() & pairs["then"].notna()]
    if gone.empty:
        return []
    rows = before.iloc[gone["then"].to_numpy(dtype=int)]
    sent = _sent_keys(form, current)
    named = [c.name for c in form.columns if c.type == "text" and c.name not in form.key
             and c.role != "unit_name" and c.name != form.name_column][:1]  # the firm's name
    shown_key = joined_text(rows, form.key, " / ")
    if named:
        shown_key = shown_key + " " + rows[named[0]].astype(object).where(rows[named[0]].notna(), "").astype(str)
    rows = rows.assign(_shown=shown_key)
    rows = rows[~joined_text(rows, form.key, " / ").str.casefold().isin(sent)]
    found: list[Issue] = []
    district = rows["_district"].astype(object).where(rows["_district"].notna(), "")
    for key, group in rows.groupby(district, sort=True):
        keys = sorted(group["_shown"])
        listed = ", ".join(keys[:MAX_KEYS]) + (f" … (+{len(keys) - MAX_KEYS})" if len(keys) > MAX_KEYS else "")
        name = names.unit(key) or str(key) or "—"
        found.append(Issue("row-disappeared", None, None, None, None, None,
                           {"form_id": form.id, "form": form_name_id(form), "unit": str(key), "unit_name": name,
                            "district": str(key), "count": len(keys), "keys": listed,
                            "previous_year": previous_year}))
    return found


def _sent_keys(form: Form, current: Submission) -> set[str]:
    """The key texts (case-folded) of every row of the form this year, rejected rows too."""
    if current.places is None or "key" not in current.places.columns:
        return set()
    mine = current.places[current.places["form"] == form.id]
    return set(mine["key"].dropna().astype(str).str.casefold().unique())


def add_to(spec: Spec, current: Submission, registry: Registry, previous: Submission | None = None) -> None:
    """Check a year's submission and put what is found among its issues, in their order."""
    current.issues.extend(check(spec, current, registry, previous))
    current.issues.sort(key=sort_key)
