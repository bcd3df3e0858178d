"""Sentence splitting and word tokenization with exact offsets.

Words come from camel-tools' ``simple_word_tokenize`` (with digits split off
letters, so "وعالم12" gives "وعالم" and "12"); it returns strings only, so
each token is located in the cleaned text in order, then mapped back to the
original offsets.
"""
from __future__ import annotations

from . import camel_offline

# Before the first camel-tools import: importing camel_tools.utils.charsets
# otherwise classifies all of Unicode (~0.3 s of every start-up).
camel_offline.install_charsets_cache()

from camel_tools.tokenizers.word import simple_word_tokenize  # noqa: E402

from .model import Sentence, Token  # noqa: E402
from .normalize import CleanText, fold

SENTENCE_END = frozenset(".!?؟؛;\u2026")
#: Opening mark -> the marks that may close it. Mixed pairs occur in
#: scraped news ("…" opened with « and closed with "), so each opener
#: accepts every closer.
QUOTE_OPEN = frozenset('"«“‘„')
QUOTE_CLOSE = frozenset('"»”’')


def split_sentences(clean_text: CleanText) -> list[Sentence]:
    """Sentences of the cleaned text, with offsets into the original.

    A sentence ends at . ! ? ؟ ؛ ; … followed by a space or the end, and at
    every line break. Sentence punctuation inside quotation marks does not end
    the sentence, so a quotation stays in one sentence; a line break always
    does, so an unclosed mark cannot swallow the rest of the article.
    """
    text = clean_text.text
    bounds: list[tuple[int, int]] = []
    start = 0
    in_quote = False
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch == "\n":
            bounds.append((start, i))
            start = i + 1
            in_quote = False
        elif ch == '"':
            in_quote = not in_quote
        elif ch in QUOTE_OPEN:
            in_quote = True
        elif ch in QUOTE_CLOSE:
            in_quote = False
        elif ch in SENTENCE_END and not in_quote:
            j = i + 1
            while j < n and text[j] in SENTENCE_END:
                j += 1
            while j < n and text[j] in QUOTE_CLOSE:
                j += 1
            if j >= n or text[j].isspace():
                bounds.append((start, j))
                start = j
                i = j
                continue
        i += 1
    bounds.append((start, n))

    sentences: list[Sentence] = []
    for s, e in bounds:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            o_start, o_end = clean_text.original_span(s, e)
            sentences.append(Sentence(len(sentences), o_start, o_end))
    return sentences


def tokenize(clean_text: CleanText, sentences: list[Sentence]) -> list[Token]:
    """Tokens of the cleaned text, each tagged with its sentence index."""
    text = clean_text.text
    tokens: list[Token] = []
    pos = 0
    sentence_ends = [s.end for s in sentences]
    current = 0
    for word in simple_word_tokenize(text, split_digits=True):
        at = text.find(word, pos)
        if at < 0:  # the tokenizer never rewrites text; stay safe if it ever does
            continue
        end = at + len(word)
        pos = end
        o_start, o_end = clean_text.original_span(at, end)
        while current < len(sentence_ends) - 1 and o_start >= sentence_ends[current]:
            current += 1
        tokens.append(Token(len(tokens), o_start, o_end, word, fold(word), current))
    return tokens
