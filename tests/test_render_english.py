"""`--lang en` reports hold no Vietnamese outside data: every Vietnamese letter left in an
English report belongs to a name or text the inputs gave (the spec's titles, labels and units,
the registry's unit names, file and sheet names, cell values) or to a proper name."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from danvan_cli import api
from danvan_cli.cli import output
from danvan_cli.indicators.reports import Review, Scorecard
from danvan_cli.spec import Spec
from danvan_cli.validation.submission import Submission

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples" / "ninh-binh"
BROKEN = REPO / "samples" / "broken" / "2023"
VIETNAMESE = re.compile(r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.I)
PROPER_NAMES = ("Dân vận Ninh Bình", "hầu hết", "Hồ Chí Minh", "Dân vận")  # quoted in the spec's English texts


def _spec_texts(spec: Spec) -> list[str]:
    texts = [spec.programme.title, spec.programme.document]
    texts += [t for target in spec.targets for t in (target.title, target.unit, target.source)]
    texts += [t for form in spec.forms.values() for c in form.columns
              for t in (c.label, *(choice.label for choice in (c.choices or {}).values()))]
    texts += [lv.name for lv in spec.levels]
    return texts


def _submission_texts(sub: Submission) -> list[str]:
    texts = [f.name for f in sub.files] + [s.sheet or "" for f in sub.files for s in f.sheets]
    texts += [str(i.file or "") for i in sub.issues] + [str(i.sheet or "") for i in sub.issues]
    texts += [str(v) for i in sub.issues for v in i.params.values() if not hasattr(v, "in_lang")]
    return texts


def leftover(text: str, data: list[str]) -> list[str]:
    """The lines of ``text`` with Vietnamese letters once every piece of data is taken out."""
    pieces = sorted({d for d in data if d}, key=len, reverse=True)
    found = []
    for line in text.replace("\\", "").splitlines():
        rest = line
        for piece in pieces:
            rest = rest.replace(piece, "")
        if VIETNAMESE.search(rest):
            found.append(rest)
    return found


@cache
def card() -> Scorecard:
    return api.score([SAMPLES / "2023"])


@cache
def review() -> Review:
    return api.summary(SAMPLES)


def _card_data(c: Scorecard) -> list[str]:
    return [*_spec_texts(c.spec), *_submission_texts(c.submission), *(u.name for u in c.registry.units.values()),
            *PROPER_NAMES]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_english_scorecard(fmt: str):
    text = output.scorecard(card(), fmt, "en")
    assert isinstance(text, str)
    assert leftover(text, _card_data(card())) == []


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_english_review(fmt: str):
    text = output.review(review(), fmt, "en")
    assert isinstance(text, str)
    data = [d for c in review().scorecards.values() for d in _card_data(c)]
    assert leftover(text, data) == []


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_english_validation(fmt: str):
    sub = api.validate([BROKEN])
    names = api.names_for([BROKEN], sub)
    text = output.validation(sub, fmt, "en", names)
    assert isinstance(text, str)
    data = [*_spec_texts(names.spec), *_submission_texts(sub), *(u.name for u in names.registry.units.values())]
    assert leftover(text, data) == []


def test_the_check_finds_a_vietnamese_word_outside_data():
    assert leftover("3 rows read: 2 accepted, 1 dòng bỏ qua", ["Huyện Kim Sơn"]) == ["3 rows read: 2 accepted, 1 dòng bỏ qua"]
    assert leftover("Lowest: Huyện Kim Sơn 80%", ["Huyện Kim Sơn"]) == []
