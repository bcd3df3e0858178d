"""``tokenize.word_tokens`` gives exactly camel-tools' ``simple_word_tokenize``."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from nlp_extract.tokenize import simple_word_tokenize, word_tokens

PIECES = st.sampled_from([
    "قال", "الرئيس", "وبايدن", "Biden", "2024", "١٢", "٫", "،", "؛", "؟", ".", ",", ":", "-", "«", "»", '"',
    "'", "(", ")", "#", "*", "#\u20e3", "1\u20e3", "©", "®", "™", "😀", "👍🏽", "🇸🇦", "👨\u200d👩\u200d👧", "ـ", "َ", "ٰ",
    "\u200c", "\u200f", "\ufeff", "$", "٪", "%", "€", "x²", "½", "Ⅻ", "ß", "é", "日本", " ", "  ", "\n", "\t", "\u00a0",
    "\u2028", "\u3000", "\u2139", "(CNN)--", "/", "4.3", "…", "“", "”", "–", "—", "_", "[", "]", "{", "}", "@", "&", "+",
    "=", "<", ">", "|", "~", "^", "`", "\\", "!", "?", "a", "م",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=25).map("".join))
def test_same_tokens_as_camel_tools_on_mixed_text(text):
    assert word_tokens(text) == simple_word_tokenize(text, split_digits=True)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_same_tokens_as_camel_tools_on_any_text(text):
    assert word_tokens(text) == simple_word_tokenize(text, split_digits=True)


@pytest.mark.parametrize("text", ["", "   ", "قال الرئيس: «نعم»، 2024م", "وعالم12 abc3def", "U.S.A", "#١ *2",
                                  "(CNN)-- يونيو/حزيران 4.3% F35، و\"أوبر\"", "بℹب ℹ", "#\u20e3 1\u20e3 *\ufe0f"])
def test_same_tokens_as_camel_tools(text):
    assert word_tokens(text) == simple_word_tokenize(text, split_digits=True)


def test_the_only_letter_camel_tools_splits_off_is_the_emoji_letter():
    # word_tokens keeps a word of str.isalpha letters whole unless it holds _EMOJI_LETTER
    from nlp_extract.tokenize import _EMOJI_LETTER

    split = [c for c in range(0x110000) if chr(c).isalpha()
             and simple_word_tokenize(f"ب{chr(c)}ب", split_digits=True) != [f"ب{chr(c)}ب"]]
    assert [chr(c) for c in split] == [_EMOJI_LETTER]


def test_a_long_word_ending_in_a_symbol_is_split_like_camel_tools():
    # a regex of runs of runs once backtracked exponentially on such a word
    word = "قال" * 2000 + "\u2603"
    assert word_tokens(word) == simple_word_tokenize(word, split_digits=True)
