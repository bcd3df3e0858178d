"""Sentence splitting and word tokenization with exact offsets.

Words come from camel-tools' ``simple_word_tokenize`` (with digits split off
letters, so "وعالم12" gives "وعالم" and "12"); it returns strings only, so
each token is located in the cleaned text in order, then mapped back to the
original offsets.
"""
from __future__ import annotations

import re
import string
import sys

from . import camel_offline

# Before the first camel-tools import: importing camel_tools.utils.charsets
# otherwise classifies all of Unicode (~0.3 s of every start-up).
camel_offline.install_charsets_cache()

from camel_tools.tokenizers.word import simple_word_tokenize  # noqa: E402

from .model import Sentence, Token  # noqa: E402
from .normalize import _TRAILING_MARKS, CleanText, fold

SENTENCE_END = frozenset(".!?؟؛;\u2026")
#: Opening mark -> the marks that may close it. Mixed pairs occur in
#: scraped news ("…" opened with « and closed with "), so each opener
#: accepts every closer.
QUOTE_OPEN = frozenset('"«“‘„')
QUOTE_CLOSE = frozenset('"»”’')
_SENTENCE_MARK = re.compile("[" + re.escape("".join(sorted(SENTENCE_END | QUOTE_OPEN | QUOTE_CLOSE | {"\n"}))) + "]")


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
    next_mark = _SENTENCE_MARK.search
    while i < n:
        # only line breaks, quotation marks and sentence punctuation matter
        found = next_mark(text, i)
        if found is None:
            break
        i = found.start()
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


#: Distinct words whose key and analyses an analyzer keeps for ``tokenize``.
WORD_ENTRIES_SIZE = 200_000
_LETTER_CLASS = "\u0621-\u063a\u0641-\u064aA-Za-z"

#: A word of letters or of ASCII digits with at most one punctuation mark
#: before and one after, each a character camel-tools always splits off alone
#: ("قال:", "أمس،", "(2024)"): its tokens are its three parts.
_MARKED_WORD = re.compile(f"([.,،:؛!?؟()\"«»])?([{_LETTER_CLASS}]+|[0-9]+)([.,،:؛!?؟()\"«»])?")

#: Punctuation and symbols camel-tools splits off one by one. "#" and "*"
#: may open an emoji sequence, but only with a character outside
#: ``_PLAIN_WORD`` after them ("#\u20e3").
_SPLIT_ALONE = re.escape("".join(sorted(set(string.punctuation) | set("،؛؟٪«»–—“”‘’…"))))
#: A word of letter runs, ASCII digit runs and such marks, in any order
#: ("(CNN)--", "يونيو/حزيران", "4.3"): its tokens are its runs and marks.
#: One character class, never runs of runs: "(?:[a]+|[0-9]+)+" backtracks
#: exponentially on a long word that ends in anything else.
_PLAIN_WORD = re.compile(f"[{_LETTER_CLASS}0-9{_SPLIT_ALONE}]+")
_PLAIN_PART = re.compile(f"[{_LETTER_CLASS}]+|[0-9]+|[{_SPLIT_ALONE}]")
#: The one character ``str.isalpha`` calls a letter that camel-tools splits
#: off a word: it is an emoji ("ℹ").
_EMOJI_LETTER = "\u2139"


def word_tokens(text: str) -> list[str]:
    """``simple_word_tokenize(text, split_digits=True)``, the same list.

    camel-tools tries its symbol regex at every character of every word;
    most words of an article are letters only and come out whole, or letters
    or digits with marks around or between them, so only the other words go
    through camel-tools (word by word: it splits on whitespace first, then
    works within each word)."""
    out: list[str] = []
    append = out.append
    marked = _MARKED_WORD.fullmatch
    for word in text.split():
        # letters of any script only: no punctuation, symbol, digit or mark
        if word.isalpha() and _EMOJI_LETTER not in word:
            append(word)
            continue
        m = marked(word)
        if m is not None:
            before, body, after = m.groups()
            if before:
                append(before)
            append(body)
            if after:
                append(after)
        elif _PLAIN_WORD.fullmatch(word):
            out.extend(_PLAIN_PART.findall(word))
        else:
            out.extend(simple_word_tokenize(word, split_digits=True))
    return out


def tokenize(clean_text: CleanText, sentences: list[Sentence], analyzer=None) -> list[Token]:
    """Tokens of the cleaned text, each tagged with its sentence index.

    With an ``analyzer`` (``analyze.MorphAnalyzer``), each token is built with
    its analyses at once, the same as ``analyzer.analyze(tokens, clean_text)``
    would give, without building every token twice."""
    text = clean_text.text
    origin = clean_text.origin
    original = clean_text.original
    tokens: list[Token] = []
    append = tokens.append
    new_token = object.__new__
    find = text.find
    pos = 0
    # the end of each sentence but the last, which takes every later token
    sentence_ends = [s.end for s in sentences[:-1]]
    sentence_ends.append(sys.maxsize)
    current = 0
    current_end = sentence_ends[0]
    # word -> (key, analyses of the word written without marks): kept by the
    # analyzer for the whole process, since news repeats its words
    if analyzer is not None:
        words = analyzer.word_entries
        word_analyses = analyzer.word_analyses
    else:
        words, word_analyses = {}, None
    words_found = word_tokens(text)
    if analyzer is not None:
        analyzer.prefetch(words_found)
    for word in words_found:
        at = find(word, pos)
        if at < 0:  # the tokenizer never rewrites text; stay safe if it ever does
            continue
        end = at + len(word)
        pos = end
        if end > at:
            # clean_text.original_span(at, end), inlined: it runs for every
            # token (origin has an entry for the end of the text)
            o_start = origin[at]
            o_end = origin[end - 1] + 1
            limit = origin[end]
            while o_end < limit and original[o_end] in _TRAILING_MARKS:
                o_end += 1
        else:
            o_start, o_end = clean_text.original_span(at, end)
        while o_start >= current_end:
            current += 1
            current_end = sentence_ends[current]
        known = words.get(word)
        if known is None:
            known = (fold(word), word_analyses(word) if word_analyses is not None else ())
            if analyzer is None or len(words) < WORD_ENTRIES_SIZE:
                words[word] = known
        word_key, analyses = known
        if o_end - o_start != end - at and word_analyses is not None:
            analyses = analyzer.token_analyses(word, o_start, o_end, origin, at)
        # Token(len(tokens), o_start, o_end, word, word_key, current, analyses),
        # field by field: calling the dataclass's __init__ was a sixth of this
        # loop (tests/test_tokenize.py checks every field is set)
        token = new_token(Token)
        token.index = len(tokens)
        token.start = o_start
        token.end = o_end
        token.text = word
        token.key = word_key
        token.sentence = current
        token.analyses = analyses
        append(token)
    return tokens
