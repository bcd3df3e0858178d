"""Sentences and tokens, with offsets into the original text."""
import pytest
from hypothesis import given, strategies as st

from nlp_extract.normalize import clean
from nlp_extract.tokenize import split_sentences, tokenize


def sentences_of(text):
    return [text[s.start:s.end] for s in split_sentences(clean(text))]


def tokens_of(text):
    c = clean(text)
    return tokenize(c, split_sentences(c))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("قال الوزير إن الاتفاق مهم. وأضاف أنه سيوقع غدا.", ["قال الوزير إن الاتفاق مهم.", "وأضاف أنه سيوقع غدا."]),
        ("هل يوقع؟ لا أحد يعرف! ربما؛ سنرى", ["هل يوقع؟", "لا أحد يعرف!", "ربما؛", "سنرى"]),
        ("العنوان\nالنص الأول", ["العنوان", "النص الأول"]),
        # sentence punctuation inside a quotation does not split it
        ('وقال مسؤول: "كانت الولايات المتحدة تخطر. لكن البلدين سيناقشان الآن". وانتهى',
         ['وقال مسؤول: "كانت الولايات المتحدة تخطر. لكن البلدين سيناقشان الآن".', "وانتهى"]),
        ("وقال: «الوضع صعب. سنصمد» ثم غادر.", ["وقال: «الوضع صعب. سنصمد» ثم غادر."]),
        # an unclosed quotation ends at the line break, not at the end of the article
        ('وقال: "الوضع صعب. سنصمد\nفقرة ثانية. وجملة أخرى.', ['وقال: "الوضع صعب. سنصمد', "فقرة ثانية.", "وجملة أخرى."]),
        # decimals and abbreviations are not sentence ends
        ("نما الاقتصاد 2.5 في المئة حسب راديو أر.تي.إل اليوم.", ["نما الاقتصاد 2.5 في المئة حسب راديو أر.تي.إل اليوم."]),
    ],
)
def test_sentences(text, expected):
    assert sentences_of(text) == expected


def test_tokens_split_clitic_free_punctuation_and_glued_digits():
    tokens = tokens_of("عرب وعالم12-7-2024 | 17:24")
    assert [t.text for t in tokens] == ["عرب", "وعالم", "12", "-", "7", "-", "2024", "|", "17", ":", "24"]


def test_token_text_is_cleaned_and_offsets_keep_the_surface():
    text = "وَقَالَتْ الـــوزارةُ"
    tokens = tokens_of(text)
    assert [(t.text, text[t.start:t.end]) for t in tokens] == [("وقالت", "وَقَالَتْ"), ("الوزارة", "الـــوزارةُ")]
    assert tokens[1].key == "الوزاره"


def test_tokens_know_their_sentence():
    tokens = tokens_of("قال الوزير. وأضاف المسؤول.")
    assert [t.sentence for t in tokens] == [0, 0, 0, 1, 1, 1]


@given(st.text(st.sampled_from(list("قال وزير،.؟!\"«»:\n١2") + ["\u064e", "\u200f", "ﻻ"]), max_size=60))
def test_every_token_and_sentence_points_at_its_surface(text):
    c = clean(text)
    sentences = split_sentences(c)
    for s in sentences:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end].strip() == text[s.start:s.end]
    for t in tokenize(c, sentences):
        assert clean(text[t.start:t.end]).text == t.text
