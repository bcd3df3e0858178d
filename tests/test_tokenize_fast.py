"""``tokenize.word_tokens`` gives exactly camel-tools' ``simple_word_tokenize``."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from nlp_extract.tokenize import simple_word_tokenize, word_tokens

PIECES = st.sampled_from([
    "قال", "الرئيس", "وبايدن", "Biden", "2024", "١٢", "٫", "،", "؛", "؟", ".", ",", ":", "-", "«", "»", '"',
    "'", "(", ")", "#", "*", "#\u20e3", "1\u20e3", "©", "®", "™", "😀", "👍🏽", "🇸🇦", "👨\u200d👩\u200d👧", "ـ", "َ", "ٰ",
    "\u200c", "\u200f", "\ufeff", "$", "٪", "%", "€", "x²", "½", "Ⅻ", "ß", "é", "日本", " ", "  ", "\n", "\t", "\u00a0",
    "\u2028", "\u3000",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=25).map("".join))
def test_same_tokens_as_camel_tools_on_mixed_text(text):
    assert word_tokens(text) == simple_word_tokenize(text, split_digits=True)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_same_tokens_as_camel_tools_on_any_text(text):
    assert word_tokens(text) == simple_word_tokenize(text, split_digits=True)


@pytest.mark.parametrize("text", ["", "   ", "قال الرئيس: «نعم»، 2024م", "وعالم12 abc3def", "U.S.A", "#١ *2"])
def test_same_tokens_as_camel_tools(text):
    assert word_tokens(text) == simple_word_tokenize(text, split_digits=True)
