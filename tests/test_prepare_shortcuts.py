"""The shortcuts of the prepare stage give what the plain computation gives.

``find_reference_date`` skips the dateline rules when the head holds no year
in digits; ``_dateline_in`` is the plain computation it skips. ``key`` cleans
only text that ``clean`` changes; ``pipeline._present`` passes leaves by.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from nlp_extract.dates import DateLexicon, _dateline_in, _head, find_reference_date
from nlp_extract.model import Token
from nlp_extract.normalize import clean, fold, key
from nlp_extract.pipeline import _present
from nlp_extract.reader import read_file

ROOT = Path(__file__).resolve().parents[1]
ANT = ROOT.parent / "shared" / "corpus" / "ant"


@pytest.fixture(scope="module")
def lexicon() -> DateLexicon:
    return DateLexicon.load()


def plain_reference_date(text: str, lexicon: DateLexicon) -> tuple[str, str] | None:
    cleaned = clean(text).text
    body, head_end = _head(cleaned)
    return _dateline_in(cleaned[:head_end], body, lexicon)


DATELINE_PIECES = st.sampled_from([
    "الجمعة", "الثلاثاء", "يوم", "19", "3", "12", "٣", "يوليو", "يناير/كانون الثاني", "رمضان", "محرم", "الأول",
    "الثالث", "2024", "2023", "1445", "445", "١٤٤٥", "هـ", "م", "عام", "12-7-2024", "2024-07-12", "3/1/2023", "17:24",
    "9:05", "|", "،", "-", "/", "و", "يومي", "الموافق", "قال", "في", "صباح", "أمس", "الماضي", " ", " ", " ", "\n",
    "\n\n", "---\npublished: 2020-01-01\n---\n",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(DATELINE_PIECES, max_size=30).map("".join))
def test_reference_date_equals_the_rules_run_on_every_head(lexicon, text):
    assert find_reference_date(clean(text), lexicon) == plain_reference_date(text, lexicon)


def test_reference_date_equals_the_rules_run_on_the_corpus(lexicon):
    files = sorted(ROOT.glob("corpus/*.txt")) + sorted((ROOT / "tests" / "gold" / "texts").glob("*.txt"))
    files += sorted(ANT.glob("*.txt")) if ANT.is_dir() else []
    assert files
    for path in files:
        text = read_file(path).text
        assert find_reference_date(clean(text), lexicon) == plain_reference_date(text, lexicon), path


def test_a_token_is_a_typed_dataclass_with_slots():
    # not frozen (see its docstring): nothing may hash a token
    token = Token(0, 0, 3, "قال", "قال", 0, ())
    assert not hasattr(token, "__dict__")
    assert Token.__hash__ is None
    assert token == Token(0, 0, 3, "قال", "قال", 0, ())


@given(st.text(max_size=40) | st.text(st.sampled_from(list("قال أحمد إلى ١٢") + ["\u064e", "\u0640", "ﻻ", "\u200f"]), max_size=40))
def test_key_is_the_key_of_the_cleaned_text(text):
    assert key(text) == " ".join(fold(clean(text).text).split())


def plain_present(value):
    if isinstance(value, dict) or hasattr(value, "items"):
        return {k: plain_present(v) for k, v in value.items() if v is not None and v != [] and v != ()}
    if isinstance(value, (list, tuple)):
        return [plain_present(v) for v in value]
    return value


FIELD_VALUES = st.recursive(
    st.none() | st.text(max_size=5) | st.integers() | st.booleans() | st.floats(allow_nan=False),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.text(max_size=5), FIELD_VALUES, max_size=6))
def test_present_drops_what_the_plain_walk_drops(attrs):
    assert _present(attrs) == plain_present(attrs)
