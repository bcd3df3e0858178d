"""The typed values that flow through the pipeline.

Every offset is a character offset into ``Document.text``, the decoded file
exactly as it is (front matter and line endings included), so that
``document.text[start:end]`` is always the surface form of a token, span or
record. Normalized forms live beside the offsets, never instead of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping, NamedTuple

_ARABIC_LETTER = re.compile("[\u0621-\u064a]")

#: Record types, in the order records of equal offsets are written.
RECORD_TYPES = ("person", "institution", "place", "date", "quote")


@dataclass(frozen=True)
class Document:
    """One article: where it came from and its decoded, untouched text."""

    source: str
    text: str
    #: ISO date (``YYYY-MM-DD``) the article was published, when known from
    #: ``--published`` or the front matter; the dateline is read later.
    published: str | None = None
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int


# A named tuple, not a frozen dataclass: a reading is already its fields in
# order, so an analysis is made from it in a sixth of the time (a first pass
# makes ~39k), and matchers read its fields faster too. Being a tuple, it is
# equal to a plain tuple of the same fields: nothing compares the two.
class Analysis(NamedTuple):
    """One morphological reading of a token, reduced to what matchers use.

    ``stem_start``/``stem_end`` delimit the stem without its clitics, as
    offsets from the token's start in the document (``token.start +
    stem_start``), so a matcher can drop "و" or "لل" from a span. Relative
    offsets let every occurrence of a word share one tuple of analyses.
    """

    lex: str
    pos: str
    #: Feature values as camel-tools spells them ("3", "f", "s", "na", ...).
    per: str = "na"
    gen: str = "na"
    num: str = "na"
    #: Proclitics and enclitics as written, e.g. ("و", "ال").
    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    stem_start: int = 0
    stem_end: int = 0
    #: True when the reading came from the analyzer's backoff, not the lexicon.
    backoff: bool = False


@dataclass(slots=True)
class Token:
    """One word or mark of the text, with its readings.

    Not frozen, unlike the other values here, though nothing changes a token
    after ``tokenize`` makes it: a frozen dataclass sets each field through
    ``object.__setattr__``, and building the ~400 tokens of an article that
    way was a fifth of preparing it (warm caches). Slots make one in a
    quarter of that time, and matchers read its fields as fast. Being
    mutable, a token is not hashable: key on its ``index`` or ``text``."""

    index: int
    start: int
    end: int
    #: The surface without diacritics, tatweel and invisible marks.
    text: str
    #: The matching key: ``text`` with alef, ya, ta marbuta and hamza seats folded.
    key: str
    sentence: int = 0
    analyses: tuple[Analysis, ...] = ()

    @property
    def is_arabic(self) -> bool:
        # A regex, not any() over the characters: matchers ask this of
        # every token several times, and the search is 3x faster.
        return _ARABIC_LETTER.search(self.text) is not None


@dataclass(frozen=True)
class Evidence:
    """Why a span exists: ``kind`` is ``gazetteer`` or ``rule``; ``id`` names
    the gazetteer entry (``people/joe-biden``) or the rule (``title-before-name``)."""

    kind: str
    id: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class Span:
    """A candidate found by a matcher, before overlap resolution."""

    type: str
    start: int
    end: int
    evidence: tuple[Evidence, ...]
    #: Type-specific fields (``name``, ``id``, ``value``, ``speaker`` ...).
    attrs: Mapping[str, Any] = field(default_factory=dict)

    @property
    def from_gazetteer(self) -> bool:
        return any(e.kind == "gazetteer" for e in self.evidence)

    @property
    def rule_name(self) -> str:
        return str(self.evidence[0]) if self.evidence else ""


@dataclass(frozen=True)
class Record:
    """One output record: a resolved span with its surface text and sentence."""

    type: str
    text: str
    start: int
    end: int
    sentence: int
    evidence: tuple[Evidence, ...]
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
        }
        out.update(self.attrs)
        out["evidence"] = [str(e) for e in self.evidence]
        return out


@dataclass(frozen=True)
class AnalyzedDocument:
    """A document after the analyze stage: what every matcher receives."""

    document: Document
    #: ``normalize.CleanText`` of ``document.text`` (cleaned text + origin map).
    clean: Any
    sentences: tuple[Sentence, ...]
    tokens: tuple[Token, ...]
    #: The date relative expressions are computed from: ``--published``, else
    #: the front matter, else the article's dateline, else a date in the file
    #: name; ``None`` when unknown.
    reference_date: str | None = None
    #: Where ``reference_date`` comes from: ``metadata`` (``--published`` or
    #: front matter), the dateline rule that found it, or ``file-name``.
    reference_from: str | None = None
