"""Normalization that never loses the way back to the original text.

``clean`` removes what carries no letters (diacritics, tatweel, directional
and zero-width marks), folds compatibility forms (presentation forms, Persian
ی and ک) and writes every digit in ASCII. It returns the cleaned text and an
``origin`` array: cleaned character ``i`` came from original offset
``origin[i]``, so a span found in the cleaned text maps back exactly.

``fold`` is the matching key of a cleaned string: one alef, ya for alef
maqsura, ha for ta marbuta, bare hamza seats. It is applied per token and per
gazetteer alias, never to the text the offsets refer to.
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache

# Characters that carry no letter: Arabic diacritics and Quranic marks,
# tatweel, directional marks and embeddings, zero-width characters, BOM.
_DROPPED = frozenset(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)

_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)}
_DIGITS.update({chr(0x06F0 + i): str(i) for i in range(10)})

_LETTER_VARIANTS = {
    "\u06cc": "\u064a",  # Persian ya
    "\u06d2": "\u064a",  # Urdu ya barree
    "\u06a9": "\u0643",  # Persian kaf
    "\u06c0": "\u0647",  # heh with yeh above
    "\u066b": ",",  # Arabic decimal separator
    "\u066c": ",",  # Arabic thousands separator
    "\u0000": " ",
}


@lru_cache(maxsize=4096)
def _replacement(ch: str) -> str:
    """What one original character becomes in the cleaned text ("" if dropped)."""
    if ch in _DROPPED:
        return ""
    if ch in _DIGITS:
        return _DIGITS[ch]
    if ch in _LETTER_VARIANTS:
        return _LETTER_VARIANTS[ch]
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:  # a lone surrogate from a bad decoder
        return "\ufffd"
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFE:
        folded = unicodedata.normalize("NFKC", ch)
        return "".join(_replacement(c) if c != ch else c for c in folded)
    return ch


#: Marks that belong to the letter before them: a span that ends on a letter
#: takes them along, so the surface of "الوزارةُ" keeps its final vowel.
_TRAILING_MARKS = frozenset(
    [chr(c) for c in range(0x0610, 0x061B)] + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
)


@dataclass(frozen=True)
class CleanText:
    text: str
    #: ``origin[i]`` is the original offset of cleaned character ``i``;
    #: ``origin[len(text)]`` is the length of the original.
    origin: array
    original: str = ""

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the cleaned range ``[start, end)``.

        Every cleaned character comes from exactly one original character, so
        the range ends one past the origin of its last character, plus the
        diacritics and tatweel that follow it in the original."""
        if end <= start:
            pos = self.origin[start]
            return pos, pos
        stop = self.origin[end - 1] + 1
        limit = self.origin[end] if end < len(self.text) else len(self.original)
        while stop < limit and self.original[stop] in _TRAILING_MARKS:
            stop += 1
        return self.origin[start], stop


#: Every character ``_replacement`` changes: dropped marks, digits, letter
#: variants, lone surrogates and the presentation-form blocks. All others
#: (Arabic commas and question marks among them) stay as they are.
_CHANGED = re.compile(
    "["
    + re.escape("".join(sorted(_DROPPED | _DIGITS.keys() | _LETTER_VARIANTS.keys())))
    + "\ud800-\udfff\ufb50-\ufdff\ufe70-\ufefe]"
)

#: A hashtag's marks ("#وزير_التجارة_الأميركي", "أنجيلا #ميركل"): "#" before a
#: word is dropped and "_" between words read as a space, so its words read as
#: words. Found in the text the marks are already out of, and "#" first, so
#: that cleaning twice changes nothing more.
_HASH_MARKS = re.compile(r"#+(?=[^\W\d_])")
_WORD_JOINS = re.compile(r"(?<=[^\W\d_])_+(?=[^\W\d_])")


#: ``range(len(_COUNTING))`` as an array, grown when a longer text comes.
_COUNTING = array("q")


def _counting(n: int) -> array:
    """An array of at least ``0, 1, ..., n - 1``. A slice of it is copied as
    memory, where ``array.extend(range(...))`` makes an int per offset (the
    better part of cleaning an article)."""
    global _COUNTING
    counting = _COUNTING
    if len(counting) < n:
        counting = _COUNTING = array("q", range(max(n, 2 * len(counting), 1 << 16)))
    return counting


def clean(text: str) -> CleanText:
    """Clean ``text`` and keep, for every output character, its original offset."""
    # Runs of unchanged characters are copied whole and their origins added
    # as a range; only the rare others go through ``_replacement``.
    out: list[str] = []
    origin = array("q")
    counting = _counting(len(text))
    done = 0
    for found in _CHANGED.finditer(text):
        pos = found.start()
        if pos > done:
            out.append(text[done:pos])
            origin.extend(counting[done:pos])
        ch = text[pos]
        rep = _replacement(ch)
        for r in rep:
            out.append(r)
            origin.append(pos)
        done = pos + 1
    if done < len(text):
        out.append(text[done:])
        origin.extend(counting[done:len(text)])
    origin.append(len(text))
    cleaned = "".join(out)
    if "#" in cleaned or "_" in cleaned:
        cleaned, origin = _unmark_hashtags(cleaned, origin)
    return CleanText(cleaned, origin, text)


def _unmark_hashtags(cleaned: str, origin: array) -> tuple[str, array]:
    """``cleaned`` without its hashtag marks (see ``_HASH_MARKS``), and its origin map."""
    parts: list[str] = []
    kept = array("q")
    done = 0
    for found in _HASH_MARKS.finditer(cleaned):
        parts.append(cleaned[done:found.start()])
        kept.extend(origin[done:found.start()])
        done = found.end()
    if done:
        parts.append(cleaned[done:])
        kept.extend(origin[done:])  # the final entry: the original's length
        cleaned, origin = "".join(parts), kept
    return _WORD_JOINS.sub(lambda m: " " * len(m.group()), cleaned), origin


_FOLD = str.maketrans(
    {
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0622": "\u0627",  # آ
        "\u0671": "\u0627",  # ٱ
        "\u0649": "\u064a",  # ى
        "\u0629": "\u0647",  # ة
        "\u0624": "\u0648",  # ؤ
        "\u0626": "\u064a",  # ئ
    }
)


def fold(cleaned: str) -> str:
    """The matching key of an already cleaned string."""
    return cleaned.translate(_FOLD)


def key(text: str) -> str:
    """The matching key of any string: cleaned, folded, spaces collapsed."""
    if _CHANGED.search(text) is not None or "#" in text or "_" in text:  # most names need no cleaning
        text = clean(text).text
    return " ".join(fold(text).split())
