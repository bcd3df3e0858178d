"""Sentences and tokens, with offsets into the original text."""
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from nlp_extract.model import Token
from nlp_extract.normalize import clean, fold
from nlp_extract.tokenize import split_sentences, tokenize, word_tokens


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


# -- the tokenize loop against its plain definition ------------------------------------

ROOT = Path(__file__).resolve().parents[1]
TOKEN_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))] + [
    "وَقَالَتْ الـــوزارةُ: «نعم»\n\nسطر ثانٍ. وثالث؟ 12-7-2024 ﻻ \u200fكلمة",
    "",
    "   \n ",
]


def plain_tokens(text: str, analyzer=None) -> list[Token]:
    """``tokenize`` as its docstring reads: each word of ``word_tokens``
    found in turn, its span mapped back, in the first sentence not ended
    before it (else the last), with the analyses ``token_analyses`` gives."""
    c = clean(text)
    sentences = split_sentences(c)
    out: list[Token] = []
    pos = 0
    for word in word_tokens(c.text):
        at = c.text.find(word, pos)
        pos = at + len(word)
        start, end = c.original_span(at, pos)
        sentence = next((s.index for s in sentences if start < s.end), max(len(sentences) - 1, 0))
        analyses = analyzer.token_analyses(word, start, end, c.origin, at) if analyzer is not None else ()
        out.append(Token(len(out), start, end, word, fold(word), sentence, analyses))
    return out


def fields_of(token: Token) -> tuple:
    # reads every field: one the loop does not set raises AttributeError
    return tuple(getattr(token, f.name) for f in fields(Token))


def check_plain(text: str, analyzer) -> None:
    c = clean(text)
    for with_analyzer in (None, analyzer):
        fast = tokenize(c, split_sentences(c), analyzer=with_analyzer)
        plain = plain_tokens(text, with_analyzer)
        assert [fields_of(t) for t in fast] == [fields_of(t) for t in plain]


@pytest.mark.parametrize("text", TOKEN_TEXTS)
def test_tokenize_is_its_plain_definition(extractor, text):
    check_plain(text, extractor._resource("analyzer"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(list("قال وزير،.؟!\"«»:\n١2ـ ") + ["\u064e", "\u0651", "\u200f", "ﻻ", "#", "_"]),
                max_size=80).map("".join))
def test_tokenize_is_its_plain_definition_on_any_text(extractor, text):
    check_plain(text, extractor._resource("analyzer"))
