"""Find the header row of a sheet and recognise its form.

The header is searched in the first 20 rows, as one row or as a two-row merged
header; cells are matched against every form's canonical names, labels and
aliases, case-, space- and diacritic-insensitively. A sheet is assigned to the
form that explains most of its header; ties are reported, not guessed.

In a two-row header a column is named by its whole header path, the group cell
above (merged across its sub-columns) and the sub-label below (`_path_name`):

* a label merged down over both rows, or a sub-label with no group above it,
  is matched alone;
* the path read as one text ("Số cuộc" + "giám sát") names the column;
* a lone total word ("Tổng số", "Tổng", "Cộng", "Số lượng") under a group that
  names a column is that column ("Số đảng viên mới" › "Tổng số");
* under a group naming column P, a sub-label naming column X is X only when X is
  P, X is declared a part of P (an ``le`` rule: "Trong đó …"), or the group's words
  are part of X's own name ("Hồ sơ công việc" › "Tổng số hồ sơ công việc"); a
  "Trong đó: …" sub-label may name a part of P loosely (its words inside the
  part's name);
* under a group naming no column ("Trong đó", "Chia ra", "Thông tin chung"), a
  sub-label names its column, except the year column (the role ``year``):
  "Trong đó" › "Nam" is male, never the year; under a breakdown group ("Trong
  đó", "Chia ra", "Bao gồm") only a number column can stand;
* anything else is an unknown column (reported), never a guess.

A plain one-row header "Năm" is the year column.

A header row inside the data (`block_header`): blocks pasted one under another may
each bring their own header, its columns in another order or another subset. A row
is such a header when at least two of its cells name columns of the sheet's form and
at least two thirds of its filled cells (row-number cells such as "STT" aside) do;
the rows under it are read with its positions (validation.batch).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from danvan_cli.spec.models import Form, Spec
from danvan_cli.text import TRAILING_PAREN, fold, header_keys

HEADER_SEARCH_ROWS = 20
# Row-number columns carry no data: "STT", "TT", "Số TT".
IGNORED_HEADERS = {"stt", "tt", "so tt", "so thu tu", "thu tu", "ghi chu"}
_COLUMN_NUMBER = re.compile(r"^\(?\s*(\d{1,2}|[a-z])\s*\)?$")
# a sub-label that only says "the total of the group above"
TOTAL_WORDS = {"tong so", "tong", "tong cong", "cong", "so luong", "tong so nguoi", "tong so luong"}
# a group over a breakdown of some total ("Trong đó" over "Nam | Nữ")
BREAKDOWN = ("trong do", "trong so do", "chia ra", "bao gom", "gom", "chia theo", "phan theo")
NUMBER_TYPES = ("integer", "number", "percent")


@dataclass(frozen=True)
class HeaderMatch:
    """Where a sheet's header is and what each of its columns means."""

    form: str
    header_rows: tuple[int, ...]  # 0-based
    data_start: int  # 0-based first row after the header (and a column-number row)
    columns: dict[int, str]  # position → canonical column name (first occurrence)
    duplicates: dict[str, list[int]] = field(default_factory=dict)
    unknown: list[tuple[int, str]] = field(default_factory=list)
    number_row: int | None = None
    repeat_row: int | None = None  # a second header row with the same columns (e.g. canonical names)
    # the text of the header rows (and the repeat row), then of the column-number row, as
    # the sheet shows them: a block pasted below repeats them (validation.rows.classify)
    header_texts: tuple[tuple[str, ...], ...] = ()
    number_texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recognition:
    match: HeaderMatch | None
    candidates: tuple[str, ...] = ()  # forms tied when ambiguous


class HeaderIndex:
    """Folded header key → canonical column, per form, and what else recognising a header
    asks of the spec. Built once by whoever reads a submission (``HeaderIndex.of(spec)``)
    and passed along: no index outlives the reading that made it."""

    def __init__(self, forms: Mapping[str, Form]) -> None:
        self.form_specs = dict(forms)
        self._alone: dict[str, HeaderIndex] = {}
        self.forms: dict[str, dict[str, str]] = {}
        counts: Counter[str] = Counter()
        for fid, form in forms.items():
            keys: dict[str, str] = {}
            for col in form.columns:
                for text in col.header_texts:
                    for key in header_keys(text):
                        keys.setdefault(key, col.name)
                counts[col.name] += 1
            self.forms[fid] = keys
        # columns that most forms share (mã, tên, năm) do not identify a form
        self.generic = {name for name, n in counts.items() if n * 2 >= len(forms)}
        self.required = {
            fid: {c.name for c in form.columns if c.required or c.required_at}
            for fid, form in forms.items()
        }
        self.numbers = {fid: fold(f"bieu {form.number}") for fid, form in forms.items()}
        self.columns = {fid: {c.name: c for c in form.columns} for fid, form in forms.items()}
        # X → P for each rule "X ≤ P": X is a part of P ("Trong đó: …")
        self.parts: dict[str, dict[str, set[str]]] = {
            fid: {} for fid in forms}
        for fid, form in forms.items():
            for rule in form.rules:
                if rule.kind == "le" and len(rule.columns) == 2:
                    self.parts[fid].setdefault(rule.columns[1], set()).add(rule.columns[0])
        # every word of every key of a column, and each key's words
        self.words: dict[str, dict[str, set[str]]] = {fid: {} for fid in forms}
        self.key_words: dict[str, dict[str, list[set[str]]]] = {fid: {} for fid in forms}
        for fid, keys in self.forms.items():
            for key, name in keys.items():
                self.words[fid].setdefault(name, set()).update(key.split())
                self.key_words[fid].setdefault(name, []).append(set(key.split()))
        self.matches: dict[tuple[tuple[str, ...], ...], dict[str, HeaderMatch]] = {}
        self.by_key: dict[str, list[tuple[str, str]]] = {}
        for fid, keys in self.forms.items():
            for key, name in keys.items():
                self.by_key.setdefault(key, []).append((fid, name))

    @classmethod
    def of(cls, spec: Spec) -> HeaderIndex:
        """The index of every form of a spec."""
        return cls(spec.forms)

    def alone(self, fid: str) -> HeaderIndex:
        """The index of one form alone (a header inside the data is matched against its
        sheet's form only), made once per form of this index."""
        index = self._alone.get(fid)
        if index is None:
            index = self._alone[fid] = HeaderIndex({fid: self.form_specs[fid]})
        return index


def _text(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _row_hits(index: HeaderIndex, cells: list[str]) -> int:
    """How many cells of a row name some column of some form (a cheap first look)."""
    return sum(1 for c in cells if c and any(k in index.by_key for k in header_keys(c)))


def _match_rows(index: HeaderIndex, labels: list[list[str]]) -> dict[str, HeaderMatch]:
    """Match header cells against every form, once per distinct header (files repeat them)."""
    key = tuple(tuple(c) for c in labels)
    cached = index.matches.get(key)
    if cached is None:
        if len(index.matches) > 50_000:
            index.matches.clear()
        cached = index.matches[key] = _match_labels(index, labels)
    return cached


def _hits(index: HeaderIndex, text: str) -> dict[str, str]:
    """Form → the column this text names in it (first matching key)."""
    hits: dict[str, str] = {}
    if text:
        for key in header_keys(text):
            for fid, name in index.by_key.get(key, ()):
                hits.setdefault(fid, name)
    return hits


def _words(text: str) -> set[str]:
    return set(fold(text).split())


def _without_breakdown(text: str) -> str:
    """'Trong đó: có tôn giáo' → 'co ton giao' (folded)."""
    key = fold(text)
    for word in BREAKDOWN:
        if key.startswith(word + " "):
            return key[len(word) + 1:]
    return key


def _path_name(index: HeaderIndex, fid: str, top: str, bottom: str) -> str | None:
    """The column of form ``fid`` named by the header path top › bottom (module docstring)."""
    if not bottom or fold(top) == fold(bottom):
        return _hits(index, top or bottom).get(fid)
    if not top:
        return _hits(index, bottom).get(fid)
    combined = _hits(index, f"{top} {bottom}").get(fid)
    if combined is not None:
        return combined
    group = _hits(index, top).get(fid)
    sub = _hits(index, bottom).get(fid)
    sub_key = fold(TRAILING_PAREN.sub("", bottom))
    reversed_ = _hits(index, f"{bottom} {top}").get(fid)  # "Tổng số" + "hồ sơ công việc", "Tên" + "đơn vị"
    if group is not None:
        if sub_key in TOTAL_WORDS:
            return group
        parts = index.parts[fid].get(group, set())
        if sub is not None and (sub == group or sub in parts or _words(top) <= index.words[fid].get(sub, set())):
            return sub
        if reversed_ is not None:
            return reversed_
        # "Trong đó: có tôn giáo" under "Số đảng viên mới": a part of the group's column, named loosely
        words = set(_without_breakdown(bottom).split())
        if len(words) >= 2:
            loose = [x for x in parts if any(words <= kw for kw in index.key_words[fid].get(x, []))]
            if len(loose) == 1:
                return loose[0]
        return None
    if reversed_ is not None:
        return reversed_
    if sub is None:
        return None
    column = index.columns[fid][sub]
    if column.role == "year" and not _words(top) <= index.words[fid].get(sub, set()):
        return None  # "Nam" (male) under a group is not the year
    if fold(top).startswith(BREAKDOWN) and column.type not in NUMBER_TYPES:
        return None
    return sub


def _match_labels(index: HeaderIndex, labels: list[list[str]]) -> dict[str, HeaderMatch]:
    """Match header cells against every form at once. Each position is ``[text]`` (one
    header row) or ``[top, bottom]`` (a header path: the group above, the sub-label)."""
    seen: dict[str, dict[str, list[int]]] = {fid: {} for fid in index.forms}
    unknown: dict[str, list[tuple[int, str]]] = {fid: [] for fid in index.forms}
    for pos, cell in enumerate(labels):
        if len(cell) == 2:
            top, bottom = cell
            shown = bottom or top
            if top and bottom and fold(top) != fold(bottom):
                shown = f"{top} › {bottom}"
            own = bottom or top
            if not own:
                continue
            ignored = fold(own) in IGNORED_HEADERS
            names: dict[str, str | None] = (
                {fid: _path_name(index, fid, top, bottom) for fid in index.forms} if not ignored else {})
        else:
            own = shown = cell[0] if cell else ""
            if not own:
                continue
            ignored = fold(own) in IGNORED_HEADERS
            names = dict(_hits(index, own))
        for fid in index.forms:
            name = names.get(fid)
            if name is not None:
                seen[fid].setdefault(name, []).append(pos)
            elif not ignored:
                unknown[fid].append((pos, shown))
    matches = {}
    for fid, names_seen in seen.items():
        columns = {positions[0]: name for name, positions in names_seen.items()}
        duplicates = {n: p for n, p in names_seen.items() if len(p) > 1}
        matches[fid] = HeaderMatch(fid, (), 0, columns, duplicates, unknown[fid])
    return matches


def _score(index: HeaderIndex, match: HeaderMatch) -> tuple[int, float]:
    names = set(match.columns.values())
    if not names - index.generic:
        return (0, 0.0)
    required = index.required[match.form]
    coverage = len(names & required) / len(required) if required else 1.0
    return (len(names), coverage)


def _forward_fill(cells: list[str]) -> list[str]:
    """Merged cells hold their text in the first cell only: spread it right."""
    filled, last = [], ""
    for cell in cells:
        last = cell or last
        filled.append(last)
    return filled


def _grouped(raw_top: list[str], bottom: list[str]) -> bool:
    """A group cell merged across sub-labels: the top row has several labels and a
    sub-label stands under the empty continuation of one of them (a title row merged
    across the whole table has a single label)."""
    if sum(1 for c in raw_top if c) < 2:
        return False
    last = ""
    for top, sub in zip(raw_top, bottom, strict=False):
        if top:
            last = top
        elif last and sub:
            return True
    return False


def _has_sub_labels(cells: list[str]) -> bool:
    """A row holding sub-labels that name a column only with their group ("Tổng số", "Trong đó: …")."""
    for cell in cells:
        key = fold(TRAILING_PAREN.sub("", cell)) if cell else ""
        if key and (key in TOTAL_WORDS or key.startswith(BREAKDOWN)):
            return True
    return False


def is_number_row(cells: list[str]) -> bool:
    """'(1) (2) (3)', '1 2 3 4' or 'A B 1 2': column numbers under a header, not data."""
    values = [c.strip() for c in cells if c.strip()]
    if len(values) < 2 or not all(_COLUMN_NUMBER.match(fold(v)) for v in values):
        return False
    if all(v.startswith("(") for v in values):
        return True
    numbers = [int(fold(v).strip("() ")) for v in values if fold(v).strip("() ").isdigit()]
    letters = [fold(v).strip("() ") for v in values if not fold(v).strip("() ").isdigit()]
    consecutive = all(b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False))
    letters_ok = all(ord(b) == ord(a) + 1 for a, b in zip(letters, letters[1:], strict=False))
    return consecutive and letters_ok and (not numbers or numbers[0] in (0, 1, len(letters) + 1))


def _repeats_header(index: HeaderIndex, form: str, match: HeaderMatch, cells: list[str]) -> bool:
    """A second header row naming the same columns: labels above machine names (templates)."""
    again = _match_rows(index, [[c] for c in cells])[form].columns
    same = sum(1 for pos, name in again.items() if match.columns.get(pos) == name)
    return same >= 2 and same * 2 >= len(match.columns)


class _LazyGrid:
    """The first rows of a sheet as text, each row converted when first looked at."""

    def __init__(self, rows: list[list[Any]]) -> None:
        self._rows = rows
        self._width = max((len(r) for r in rows), default=0)
        self._done: dict[int, list[str]] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, r: int) -> list[str]:
        if r not in self._done:
            row = [_text(v) for v in self._rows[r]]
            self._done[r] = row + [""] * (self._width - len(row))
        return self._done[r]


def unicode_head(rows: list[list[Any]]) -> list[list[Any]]:
    """The first rows with labels typed in a legacy font (TCVN3 "M· ®¬n vÞ", VNI "Maõ ñôn vò")
    converted, so that a sheet typed wholly in .VnTime is recognised as a person with the font
    sees it; the data cells are converted and reported column by column in validation."""
    from danvan_cli.reading import legacy

    texts = [v for row in rows for v in row if isinstance(v, str) and not v.isascii()]
    if not any(legacy.looks_legacy(t) for t in texts):
        return rows
    encoding = legacy.detect(texts)
    if encoding is None:
        return rows

    def convert(value: Any) -> Any:
        if isinstance(value, str) and not value.isascii() and not legacy.is_unicode_vietnamese(value):
            converted = legacy.to_unicode(value, encoding)
            # "Mã xã" is Unicode Vietnamese made of Latin-1 letters only: kept unless converting reads better
            if legacy.syllable_share(converted) > legacy.syllable_share(value):
                return converted
        return value

    return [[convert(v) for v in row] for row in rows]


def _block_option(match: HeaderMatch, filled: int) -> bool:
    named = len(match.columns) + sum(len(p) - 1 for p in match.duplicates.values())
    return len(match.columns) >= 2 and named * 3 >= filled * 2


def block_header(form: Form, row: list[Any], below: list[Any] | None = None,
                 index: HeaderIndex | None = None) -> tuple[HeaderMatch, int] | None:
    """The columns of a header found inside the data (module docstring) and how many rows it
    takes (1, or 2 with a row of sub-labels ``below`` under groups), or None when the row is
    no header of this form. Its ``header_rows`` are left empty. ``index``: the form's own
    (`HeaderIndex.alone`), made here when not given."""
    cells = [_text(v) for v in unicode_head([list(row)])[0]]
    index = index if index is not None else HeaderIndex({form.id: form})
    best: tuple[tuple[int, int], HeaderMatch, int] | None = None
    filled = [c for c in cells if c and fold(c) not in IGNORED_HEADERS]
    if len(filled) >= 2:
        one = _match_rows(index, [[c] for c in cells])[form.id]
        if _block_option(one, len(filled)):
            best = ((len(one.columns), -1), one, 1)
    if below is not None:
        bottom = [_text(v) for v in unicode_head([list(below)])[0]]
        bottom += [""] * (len(cells) - len(bottom))
        top = _forward_fill(cells + [""] * (len(bottom) - len(cells)))
        if any(bottom) and not is_number_row(bottom):
            pairs = [[t, b] for t, b in zip(top, bottom, strict=True)]
            own = [b or t for t, b in pairs]
            two = _match_rows(index, pairs)[form.id]
            grouped = _grouped(cells, bottom)
            score = (len(two.columns), 0 if grouped else -2)
            if _block_option(two, sum(1 for c in own if c and fold(c) not in IGNORED_HEADERS)) and (
                    best is None or score > best[0]):
                best = (score, two, 2)
    return None if best is None else (best[1], best[2])


def recognise(spec: Spec | HeaderIndex, rows: list[list[Any]], sheet_name: str | None = None) -> Recognition:
    """Find the header and the form of a sheet (given its spec's `HeaderIndex`, or the spec:
    an index is then made for this sheet alone)."""
    index = spec if isinstance(spec, HeaderIndex) else HeaderIndex.of(spec)
    grid = _LazyGrid(unicode_head(rows[: HEADER_SEARCH_ROWS + 2]))
    best: dict[str, tuple[tuple[int, float, int], HeaderMatch]] = {}
    hits: dict[int, int] = {}

    def hits_at(r: int) -> int:
        if r not in hits:
            hits[r] = _row_hits(index, grid[r]) if r < len(grid) else 0
        return hits[r]

    for r in range(min(HEADER_SEARCH_ROWS, len(grid))):
        if best and r >= max(m.data_start for _, m in best.values()):
            break  # data has started below a header already found: no better header follows
        below = hits_at(r + 1)
        if r + 1 < len(grid) and not below and hits_at(r) and _has_sub_labels(grid[r + 1]):
            below = 1  # "Tổng số | Trong đó: …" under a group: sub-labels that name no column alone
        if hits_at(r) + below < 2:
            continue
        # the bottom row of a grouped two-row header is not a header alone: "Nam" under
        # "Trong đó" would read as the year
        under_group = r > 0 and hits_at(r - 1) >= 1 and _grouped(grid[r - 1], grid[r])
        options: list[tuple[tuple[int, ...], list[list[str]], int]] = (
            [((r,), [[c] for c in grid[r]], -1)] if hits_at(r) >= 2 and not under_group else [])
        # a two-row header: a group label row over a row of sub-labels, both naming columns
        if r + 1 < len(grid) and hits_at(r) >= 1 and below >= 1:
            top, bottom = _forward_fill(grid[r]), grid[r + 1]
            pairs = [[t, b] for t, b in zip(top, bottom, strict=False)]
            # sub-labels under a group spread over several columns: a real two-row header,
            # preferred to its top row alone on equal matches
            options.append(((r, r + 1), pairs, 0 if _grouped(grid[r], bottom) else -2))
        for rows_used, labels, preference in options:
            for fid, match in _match_rows(index, labels).items():
                # on equal matches a one-row header beats a two-row one, unless it has sub-columns
                score = (*_score(index, match), preference)
                if score[0] < 2:
                    continue
                if fid not in best or score > best[fid][0]:
                    start = rows_used[-1] + 1
                    repeat_row = None
                    if start < len(grid) and hits_at(start) >= 2 and _repeats_header(index, fid, match, grid[start]):
                        repeat_row, start = start, start + 1
                    number_row = None
                    if start < len(grid) and is_number_row(grid[start]):
                        number_row, start = start, start + 1
                    texts = tuple(tuple(grid[i]) for i in (*rows_used, *([repeat_row] if repeat_row is not None else [])))
                    best[fid] = (score, HeaderMatch(
                        fid, rows_used, start, match.columns, match.duplicates,
                        match.unknown, number_row, repeat_row, texts,
                        tuple(grid[number_row]) if number_row is not None else (),
                    ))
    if not best:
        return Recognition(None)
    top_score = max(score[:2] for score, _ in best.values())
    tied = [fid for fid, (score, _) in best.items() if score[:2] == top_score]
    if len(tied) > 1 and sheet_name:
        hinted = [fid for fid in tied if index.numbers[fid] and index.numbers[fid] in fold(sheet_name)]
        tied = hinted or tied
    if len(tied) > 1:
        return Recognition(None, tuple(sorted(tied)))
    return Recognition(best[tied[0]][1])
