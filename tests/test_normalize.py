"""Normalization keeps a way back to the original offsets."""
import pytest
from hypothesis import given, strategies as st

from nlp_extract.normalize import clean, fold, key


@pytest.mark.parametrize(
    "original, cleaned",
    [
        ("وَقَالَتْ", "وقالت"),  # full diacritization
        ("الـــوزارة", "الوزارة"),  # tatweel
        ("\u200fبايدن\u200e", "بايدن"),  # RTL/LTR marks
        ("\u202bترامب\u202c", "ترامب"),  # embedding
        ("١٢ يوليو ٢٠٢٤", "12 يوليو 2024"),  # Arabic-Indic digits
        ("۱۴۰۳", "1403"),  # Persian digits
        ("ﻻ", "لا"),  # presentation-form ligature
        ("ﺑﺎﻳﺪﻥ", "بايدن"),  # presentation forms
        ("کیم", "كيم"),  # Persian kaf and ya
        ("a\u0000b", "a b"),  # NUL
        # a hashtag's marks: "#" before a word, "_" between its words
        ("قال #وزير_التجارة_الأميركي ويلبر روس", "قال وزير التجارة الأميركي ويلبر روس"),
        ("أنجيلا ##ميركل", "أنجيلا ميركل"),
        ("رقم # 5 و_ و12_3", "رقم # 5 و_ و12_3"),  # no word after "#", no letters both sides of "_"
    ],
)
def test_clean(original, cleaned):
    assert clean(original).text == cleaned


@pytest.mark.parametrize(
    "text, folded",
    [("أحمد", "احمد"), ("إلى", "الي"), ("الوزارة", "الوزاره"), ("مؤتمر", "موتمر"), ("رئيس", "رييس")],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_key_collapses_spaces_and_marks():
    assert key(" جو   بَايدن ") == "جو بايدن"


def test_a_cleaned_word_maps_back_to_its_surface():
    original = "قالت الـــوِزارةُ إن"
    c = clean(original)
    i = c.text.index("الوزارة")
    start, end = c.original_span(i, i + len("الوزارة"))
    assert original[start:end] == "الـــوِزارةُ"


ARABIC_NEWS_CHARS = st.sampled_from(
    list("قالتوزيردفعكريجنبةأإآىئؤ ،.:؛\"«»#_") + ["\u064e", "\u0640", "\u200f", "\u202b", "ﻻ", "١", "\r", "\n", "\ufeff"]
)


@given(st.text(ARABIC_NEWS_CHARS, max_size=80) | st.text(max_size=80))
def test_origin_is_monotonic_and_points_into_the_original(text):
    c = clean(text)
    assert len(c.origin) == len(c.text) + 1
    assert c.origin[-1] == len(text)
    assert all(a <= b for a, b in zip(c.origin, c.origin[1:]))
    assert all(0 <= o < len(text) for o in c.origin[:-1])


@given(st.text(ARABIC_NEWS_CHARS, max_size=80) | st.text(max_size=80))
def test_cleaning_and_keys_are_idempotent(text):
    once = clean(text).text
    assert clean(once).text == once
    assert key(key(text)) == key(text)


def test_clean_passes_over_only_characters_it_keeps():
    # ``clean`` copies runs between ``_CHANGED`` matches without asking
    # ``_replacement``: no character outside it may be replaced.
    from nlp_extract.normalize import _CHANGED, _replacement

    replace = _replacement.__wrapped__
    assert [hex(c) for c in range(0x110000) if replace(chr(c)) != chr(c) and not _CHANGED.match(chr(c))] == []
