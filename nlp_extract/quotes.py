"""Quoted statements and who made them.

A statement is anchored on a reporting cue (a verb of ``reporting_verbs.yaml``
recognized by lemma or listed form, or an attribution phrase such as
"بحسب" / "وفقا لـ") and is one of:

* direct: text in quotation marks the cue introduces (``قال X: "..."``,
  ``وأضاف "..."``, ``قال X إن "..."``) or follows (``"..."، قال الوزير``),
  and the headline form ``الجبير: قطر ...``;
* indirect: the clause after إن / أن / بأن (also "إلى أن", "من أن") to the end
  of the sentence or the next statement, with any quoted words in it kept as
  ``fragments``; or the clause an attribution phrase sources.

The speaker is the cue's subject: a resolved entity when one heads it, else the
noun phrase as written. A definite noun ("الوزارة", "المسؤول") refers back to
an earlier speaker or entity with the same head; a cue without a subject
("وقالت:") takes the latest speaker whose gender and number agree with it.

Every search around a cue or a quotation mark looks at a bounded number of
tokens, so the work per article is linear in its length.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import chain, compress, repeat
from operator import and_, attrgetter, is_, itemgetter, ne
from typing import Any, Sequence

from .model import AnalyzedDocument, Evidence, Span, Token
from .quotes_lexicon import CueMatch, QuoteLexicon
from .token_memo import TokenRowMemo, companion_records
from .tokenize import QUOTE_CLOSE, QUOTE_OPEN

__all__ = ["QuoteLexicon", "find_quotes"]

_QUOTE_MARKS = QUOTE_OPEN | QUOTE_CLOSE
_START = attrgetter("start")
_SENTENCE = attrgetter("sentence")
_COLON = frozenset({":"})
_COMMAS = frozenset({"،", ","})
_DASHES = frozenset({"-", "–", "—"})
#: Complementizers without a pronoun: never part of the statement.
_BARE_COMPLEMENTIZERS = frozenset({"ان", "بان", "لان"})
_PUNCT = frozenset(".،,؛;:!?؟…-–—()[]")
_PREPOSITIONS = frozenset({"في", "ل", "ب", "الي", "على", "عن", "من", "مع", "خلال", "منذ", "عبر", "لدي"})
#: Prepositions that may stay inside a speaker's phrase ("مسؤول في الوزارة").
_NP_PREPOSITIONS = frozenset({"في", "من", "ب", "ل"})
_SPEAKER_TYPES = {"person": "person", "institution": "institution", "place": "institution"}
ENTITY_TYPES = frozenset(_SPEAKER_TYPES)

#: How far the matcher looks from a cue for its clause or quotation, and how
#: long a subject noun phrase may be, in tokens.
INTRODUCER_WINDOW = 30
SUBJECT_WINDOW = 14
#: How far after a title without a name the comma before the name in
#: apposition may stand, in tokens.
APPOSITION_REACH = 12
#: A quoted string of fewer words, right after a noun, is a name or a term.
MIN_STATEMENT_WORDS = 4
#: How many earlier speakers and entities a reference may go back over.
HISTORY_DEPTH = 60
#: How long a dateline before the first sentence's verb may be, in tokens.
DATELINE_TOKENS = 14


#: Bits of ``_WordMemo`` rows: the word is a cue, may be a complementizer
#: (إن / أن), is a point, is a quotation mark, may start an attribution
#: phrase, is Arabic (``Token.is_arabic``); it has readings and all are
#: verbs, all are proper nouns; it is a verb (a verb reading, and none as a
#: preposition, particle or conjunction).
(_CUE, _COMPLEMENTIZER, _POINT, _QUOTE_MARK, _ATTRIBUTION, _ARABIC, _ONLY_VERB, _ONLY_PROPER,
 _VERB) = (1 << b for b in range(9))
#: The bits ``_Finder`` collects the tokens of.
_SPARSE = _CUE | _COMPLEMENTIZER | _POINT | _QUOTE_MARK | _ATTRIBUTION
#: What ``_Finder._entity_words`` gives of an entity.
_FIRST_WORD, _NAME_WORDS, _TITLE_WORDS = range(3)
#: The quote row of a record of the entity matcher's memo (``token_memo.companion_records``).
_COMPANION = itemgetter(2)
#: bits -> the row (None, bits), one per value: the rows of the words that
#: are no cue. Each article reads the row of every token: the few shared rows
#: stay in the processor's caches, where one row per word (most of them made
#: articles ago) does not, and a first pass makes ~19k tuples fewer.
_PLAIN_ROWS = tuple((None, bits) for bits in range(_VERB << 1))


class _WordMemo(TokenRowMemo[tuple]):
    """What the matcher asks of a token regardless of its context, per lexicon
    (``QuoteLexicon.memo``): (text, id of its analyses) -> (cue or None, bits).
    A token's cue depends on its text, key (folded text) and analyses only."""

    def __init__(self, lexicon: QuoteLexicon) -> None:
        super().__init__()
        #: first word of each attribution phrase -> (lexicon position, phrase)
        self.attributions_by_first: dict[str, list[tuple[int, Any]]] = {}
        for pos, attr in enumerate(lexicon.attributions):
            self.attributions_by_first.setdefault(attr.words[0], []).append((pos, attr))
        #: token key -> the attribution phrases the token may start, in lexicon order
        self.phrases: dict[str, Sequence[tuple[int, Any]]] = {}
        #: token key -> ``second_words``
        self.seconds: dict[str, frozenset[str] | None] = {}
        firsts = set(self.attributions_by_first)
        #: the keys a lexicon lookup of ``_token_facts`` may answer for (with
        #: their proclitics); for the others only the readings matter
        self.listed_keys = (lexicon.cue_keys() | lexicon.complementizers | firsts
                            | {c + w for c in lexicon.proclitics for w in firsts})

    @staticmethod
    def of(lexicon: QuoteLexicon) -> "_WordMemo":
        memo = lexicon.memo.get(_WordMemo)
        if memo is None:
            memo = lexicon.memo[_WordMemo] = _WordMemo(lexicon)
        return memo

    def facts(self, lexicon: QuoteLexicon, toks: Sequence[Token]) -> list[tuple[CueMatch | None, int]]:
        return self.rows(toks, lambda tok: self._facts(lexicon, tok))

    def shared_facts(self, lexicon: QuoteLexicon, toks: Sequence[Token]) -> list[tuple[CueMatch | None, int]]:
        """``facts``, read from the companion rows of the entity matcher's
        records of ``toks`` when it has just built them: one memo lookup per
        token for both matchers."""
        records = companion_records(toks, lexicon)
        if records is None:
            return self.facts(lexicon, toks)
        rows = list(map(_COMPANION, records))
        if None in rows:
            for i in compress(range(len(rows)), map(is_, rows, repeat(None))):  # the new words
                record = records[i]
                row = record[2]
                if row is None:  # else met earlier in this article
                    row = record[2] = self._facts(lexicon, toks[i])
                rows[i] = row
        return rows

    def clear(self) -> None:
        super().clear()
        self.phrases.clear()
        self.seconds.clear()

    def _facts(self, lexicon: QuoteLexicon, tok: Token) -> tuple[CueMatch | None, int]:
        """``_token_facts``, by a shortcut for most words: one no lexicon
        lookup answers for, without the verbal reading of a cue, is no cue,
        no complementizer and starts no attribution (every word of an article
        is new on a first pass, and this is 2x faster)."""
        if tok.key not in self.listed_keys:
            readings, some_verb = _reading_bits(tok.analyses)
            if not some_verb or lexicon.cue_analysis(tok.analyses) is None:
                text = tok.text
                return _PLAIN_ROWS[(_POINT if text == "." else 0) | (_QUOTE_MARK if text in _QUOTE_MARKS else 0)
                                   | (_ARABIC if tok.is_arabic else 0) | readings]
        return self._token_facts(lexicon, tok)

    def _token_facts(self, lexicon: QuoteLexicon, tok: Token) -> tuple[CueMatch | None, int]:
        cue = lexicon.cue_of(tok)
        bits = ((_CUE if cue is not None else 0)
                | (_COMPLEMENTIZER if tok.key in lexicon.complementizers and not tok.text.startswith("آ") else 0)
                | (_POINT if tok.text == "." else 0)
                | (_QUOTE_MARK if tok.text in _QUOTE_MARKS else 0)
                | (_ATTRIBUTION if self._may_start_attribution(lexicon, tok.key) else 0)
                | (_ARABIC if tok.is_arabic else 0)
                | _reading_bits(tok.analyses)[0])
        return (cue, bits) if cue is not None else _PLAIN_ROWS[bits]

    def _may_start_attribution(self, lexicon: QuoteLexicon, first_key: str) -> bool:
        if first_key in self.attributions_by_first:
            return True
        for clitic in lexicon.proclitics:
            if first_key.startswith(clitic) and first_key[len(clitic):] in self.attributions_by_first:
                return True
        return False

    def second_words(self, lexicon: QuoteLexicon, first_key: str) -> frozenset[str] | None:
        """The second words of the phrases the token may start, or None when
        one of them is that word alone."""
        found = self.seconds.get(first_key, ())
        if found == ():
            words = [attr.words for _, attr in self.attributions_starting(lexicon, first_key)]
            found = self.seconds[first_key] = (None if any(len(w) == 1 for w in words)
                                               else frozenset(w[1] for w in words))
        return found

    def attributions_starting(self, lexicon: QuoteLexicon, first_key: str) -> Sequence[tuple[int, Any]]:
        """The phrases whose first word is the token, or the token after و/ف."""
        candidates = self.phrases.get(first_key)
        if candidates is None:
            firsts = [first_key] + [first_key[len(c):] for c in lexicon.proclitics if first_key.startswith(c)]
            candidates = self.phrases[first_key] = sorted(
                entry for w in dict.fromkeys(firsts)
                for entry in self.attributions_by_first.get(w, ())) or ()
        return candidates


def _reading_bits(analyses: Sequence[Any]) -> tuple[int, bool]:
    """``_ONLY_VERB``, ``_ONLY_PROPER`` and ``_VERB`` of a token's readings,
    and whether one reading is a verb, in one walk."""
    if not analyses:
        return 0, False
    # asked of every new word: one class lookup per reading, not three string tests
    some = 0
    every = -1
    for a in analyses:
        pos_class = _POS_CLASS.get(a.pos)
        if pos_class is None:
            pos_class = _POS_CLASS[a.pos] = _pos_class(a.pos)
        some |= pos_class
        every &= pos_class
    return ((every & (_ONLY_VERB | _ONLY_PROPER))
            | (_VERB if some & _ONLY_VERB and not some & _PARTICLE_READING else 0)), bool(some & _ONLY_VERB)


#: A reading as a preposition, particle or conjunction (``_pos_class``; no bit of a row).
_PARTICLE_READING = 1 << 16
#: part of speech -> ``_pos_class``, filled as met
_POS_CLASS: dict[str, int] = {}


def _pos_class(pos: str) -> int:
    """``_ONLY_VERB`` for a verb, ``_ONLY_PROPER`` for a proper noun,
    ``_PARTICLE_READING`` for a preposition, particle or conjunction."""
    return ((_ONLY_VERB if pos.startswith("verb") else 0) | (_ONLY_PROPER if pos == "noun_prop" else 0)
            | (_PARTICLE_READING if pos.startswith(("prep", "part", "conj")) else 0))


@dataclass
class _Segment:
    """Quotation marks at token ``open``; ``close`` is None when never closed."""

    open: int
    close: int | None
    last: int  # last token inside the marks

    @property
    def first(self) -> int:
        return self.open + 1


@dataclass
class _Speaker:
    attrs: dict[str, Any] | list[dict[str, Any]] | None
    agr: str | None
    head: str | None
    how: str  # subject | coreference | agreement | issuer (of the statement a content cue reports)
    #: ``agr`` is the default, as nothing in the name or its title shows a gender
    agr_guessed: bool = False
    #: the title the name stood in apposition to ("وزيرة الدولة ...، جمانة
    #: غنيمات،"), for a later mention by title alone; never written out
    title: str | None = None


@dataclass
class _Statement:
    kind: str
    pattern: str
    start_tok: int
    end_tok: int
    cue: dict[str, Any]
    speaker: _Speaker | None
    #: Token where the statement's own words begin in the sentence (subject
    #: or cue), so an earlier indirect clause stops before it.
    left: int
    fragments: list[_Segment] = field(default_factory=list)


def find_quotes(doc: AnalyzedDocument, entities: Sequence[Span], lexicon: QuoteLexicon,
                dates: Sequence[Span] = ()) -> list[Span]:
    """Every statement of ``doc`` as a ``quote`` span, in document order.
    ``dates``: the article's date spans, which end a speaker's noun phrase."""
    return _Finder(doc, entities, lexicon, dates).run()


class _Finder:
    def __init__(self, doc: AnalyzedDocument, entities: Sequence[Span], lexicon: QuoteLexicon,
                 dates: Sequence[Span] = ()):
        self.doc = doc
        self.text = doc.document.text
        self.tokens: tuple[Token, ...] = doc.tokens
        self.lex = lexicon
        self.entities = sorted((e for e in entities if e.type in ENTITY_TYPES), key=lambda e: (e.start, e.end))
        self.entity_starts = [e.start for e in self.entities]
        self.entity_at = self._index_entities()
        #: (entity, which) -> ``_entity_words``, filled as asked
        self.entity_words: dict[tuple[int, int], Any] = {}
        #: the cues of the current sentence that attribution phrases took ("وفقا لما نقله")
        self.attribution_cues: set[int] = set()
        toks = self.tokens
        n = len(toks)
        self.memo = _WordMemo.of(lexicon)
        cues, bits = zip(*self.memo.shared_facts(lexicon, toks)) if n else ((), ())
        self.cues: list[CueMatch | None] = list(cues)
        self.bits = bits = list(bits)
        self.glued = [False] * n
        self.comp = [False] * n
        self.quote_marks: list[int] = []
        self.attribution_starts: list[int] = []
        self.cue_at: list[int] = []
        #: the tokens that are a cue, a quotation mark or may start an
        #: attribution phrase: a sentence without one states nothing but
        #: its headline
        self.openings: list[int] = []
        for j in compress(range(n), map(and_, bits, repeat(_SPARSE))):  # the few tokens these bits mark
            bit = bits[j]
            if bit & _POINT:
                # a point between letters ("أو.إن.جي.سي", "إن.كيه") is part of a name
                self.glued[j] = (0 < j < n - 1 and toks[j - 1].end == toks[j].start
                                 and toks[j + 1].start == toks[j].end and toks[j + 1].text[:1].isalpha())
            if bit & _COMPLEMENTIZER:
                self.comp[j] = self._is_complementizer(toks[j])
            if bit & _QUOTE_MARK:
                self.quote_marks.append(j)
            if bit & _ATTRIBUTION:
                # the first word of "على حد قول" is one of the commonest: the
                # phrases need the word after it too
                seconds = self.memo.second_words(lexicon, toks[j].key)
                if seconds is None or (j + 1 < n and toks[j + 1].key in seconds):
                    self.attribution_starts.append(j)
            if bit & _CUE:
                if self._cue_in_context(j, self.cues[j]):
                    self.cue_at.append(j)
                else:
                    self.cues[j] = None
            if bit & (_QUOTE_MARK | _ATTRIBUTION) or self.cues[j] is not None:
                self.openings.append(j)
        self.history: list[tuple[int, _Speaker]] = []
        #: the tokens a date starts at
        self.date_starts = frozenset(self._token_at(d.start) for d in dates) if n else frozenset()
        # sentence index -> (first token, one past the last token)
        self.bounds: list[tuple[int, int]] = []
        sentences = list(map(_SENTENCE, toks))
        starts: dict[int, int] = {}
        # the first token of a sentence is one whose sentence differs from the one before
        for j in chain((0,) if n else (), compress(range(1, n), map(ne, sentences, sentences[1:]))):
            starts.setdefault(sentences[j], j)
        order = sorted(starts.items())
        for pos, (sent, first) in enumerate(order):
            self.bounds.append((first, order[pos + 1][1] if pos + 1 < len(order) else n))

    def _is_complementizer(self, tok: Token) -> bool:
        """إن / أن and their forms, but not "آن" (folded alike) nor the "إن" of
        an abbreviation ("إن.كيه فيرما")."""
        if tok.key not in self.lex.complementizers or tok.text.startswith("آ"):
            return False
        nxt = tok.index + 1
        return not (nxt < len(self.tokens) and self.tokens[nxt].text == "." and self.tokens[nxt].start == tok.end)

    def _cue_in_context(self, j: int, cue: CueMatch) -> bool:
        """Checks a cue needs its neighbours for: its required word ("عبر عن"),
        its place at the start of a clause ("وبين الوزير"), and, for a present
        form right after an indefinite noun, a statement noun ("بيانات تقول"
        speaks; "معلومات تشير إلى أن" is an adjectival clause)."""
        sentence = self.tokens[j].sentence
        if cue.lemma in self.lex.content_of and self._content_end(j, cue) is None:
            return False
        if cue.needs is not None:
            ahead = range(j + 1, min(len(self.tokens), j + 16))
            if not any(self.tokens[m].sentence == sentence and self.lex.satisfies_need(cue.needs, self.tokens[m].key)
                       for m in ahead):
                return False
        if (j + 1 < len(self.tokens) and self.tokens[j + 1].key in self.lex.complementizers
                and self.lex.strip_proclitic(self.tokens[j].key, self.lex.impersonal) is not None):
            return False  # "ويتوقع أن تتم الفحوص": it is expected, no one says it
        if self.lex.is_clause_initial(self.tokens[j].key):
            # "وبين الوزير أن" opens its clause; "العلاقات بين البلدين" does not
            if j > 0 and self.tokens[j - 1].sentence == sentence and self.tokens[j - 1].key not in _PUNCT:
                return False
        if cue.form != "present" or j == 0 or self.tokens[j - 1].sentence != sentence:
            return True
        if self.lex.strip_proclitic(self.tokens[j].key, self.lex.forms) != self.tokens[j].key:
            return True  # "وتقول": a coordinated verb
        prev = self.tokens[j - 1]
        k = prev.key
        if not self.bits[j - 1] & _ARABIC or _definite(k) or self.entity_at[j - 1] is not None:
            return True
        if k in self.lex.statement_nouns or self.lex.head_of(k) is not None or self.lex.is_title(k):
            return True
        if not prev.analyses or not all(a.pos.startswith(("noun", "adj")) for a in prev.analyses):
            return True
        return False

    def _content_end(self, j: int, cue: CueMatch) -> int | None:
        """The last token of what names the statement a content cue reports:
        its pronoun ("بيان جاء فيه:") or the statement noun after it ("وجاء
        في البيان:", "وجاء في نص البيان"); None where the cue only "came"
        ("جاء ذلك في بيان", "جاء في وقت")."""
        toks, n = self.tokens, len(self.tokens)
        sentence = toks[j].sentence
        if j + 1 >= n or toks[j + 1].key not in self.lex.content_of[cue.lemma] or toks[j + 1].sentence != sentence:
            return None
        after = j + 2
        if after < n and (toks[after].key in _COLON or self.bits[after] & _QUOTE_MARK
                          or toks[after].key in self.lex.complementizers):
            return j + 1
        for noun in range(after, min(n, after + 2)):
            if toks[noun].sentence == sentence and _bare(_nominal_key(toks[noun].key)) in self.lex.statement_nouns:
                return noun
        return None

    def _content_speaker(self, i: int, end: int, lo: int) -> tuple[_Speaker | None, int]:
        """Who issued the statement content cue ``i`` reports, and the last
        token naming it: the entity right after its noun ("في بيان للوزارة",
        "في بيان صادر عن الوزارة"), else the subject of the verb that issued
        it ("أصدرت الوزارة بيانا جاء فيه"), else the latest speaker of this
        sentence or the two before, else the statement itself ("البيان")."""
        toks = self.tokens
        k = end + 1
        if k < len(toks) and _bare(_nominal_key(toks[k].key)) in self.lex.issued_by:
            k += 1
        if k < len(toks) and toks[k].key in ("عن", "من"):
            k += 1
        e = self.entity_at[k] if k < len(toks) and toks[k].sentence == toks[i].sentence else None
        if e is not None and self.entities[e].type in ("person", "institution"):
            last = k
            while last + 1 < len(toks) and self.entity_at[last + 1] == e:
                last += 1
            return self._entity_speaker(self.entities[e], "issuer", k), last
        subject = self._sentence_subject(lo, i) if i > lo else None
        if subject is not None:
            return _Speaker(subject.attrs, subject.agr, subject.head, "issuer"), end
        sentence = toks[i].sentence
        if self.history:
            pos, latest = self.history[-1]
            if toks[pos].sentence >= sentence - 2:
                return _Speaker(latest.attrs, latest.agr, latest.head, "agreement"), end
        if end > i + 1:
            return self._phrase_speaker(i + 2, end), end
        return None, end

    def _index_entities(self) -> list[int | None]:
        """Token -> the entity it overlaps: walking the tokens, the first entity
        not ended before the token, if it starts before the token ends."""
        toks = self.tokens
        at: list[int | None] = [None] * len(toks)
        if not self.entities:
            return at
        t = 0
        starts = list(map(_START, toks))  # bisected without a key function: 3x faster
        # the walk stays on entity e for the tokens that start before it ends,
        # and marks those of them that end after it starts
        for e, entity in enumerate(self.entities):
            stop = bisect_left(starts, entity.end, t)
            first = stop
            while first > t and toks[first - 1].end > entity.start:
                first -= 1
            at[first:stop] = [e] * (stop - first)
            t = stop
        return at

    # -- driver ------------------------------------------------------------------

    def run(self) -> list[Span]:
        spans: list[Span] = []
        carry: _Statement | None = None  # a cue whose sentence ended with ":"
        for lo, hi in self.bounds:
            statements, carry = self._sentence(lo, hi, carry)
            if statements:
                spans.extend(self._span(s) for s in statements)
        spans.sort(key=lambda s: (s.start, s.end))
        return spans

    def _between(self, positions: list[int], lo: int, hi: int) -> list[int]:
        """The items of the sorted ``positions`` in ``[lo, hi)``."""
        return positions[bisect_left(positions, lo):bisect_left(positions, hi)]

    def _sentence(self, lo: int, hi: int, carry: _Statement | None) -> tuple[list[_Statement], _Statement | None]:
        k = bisect_left(self.openings, lo)
        if k == len(self.openings) or self.openings[k] >= hi:
            # no cue, quotation or attribution: what the steps below give
            # such a sentence, without them (nearly half of the sentences)
            headline = self._headline(lo, hi, {})
            return ([headline] if headline is not None and headline.end_tok >= headline.start_tok else []), None
        segments = _pair_quotes(self.tokens, self.text, lo, hi, self._between(self.quote_marks, lo, hi))
        seg_at = {s.open: s for s in segments}
        inside = set()
        for s in segments:
            inside.update(range(s.first, s.last + 1))
        statements: list[_Statement] = []
        used: set[int] = set()  # segments (by opening token) already accounted for

        if carry is not None and segments and segments[0].open == lo:
            carry.start_tok, carry.end_tok = segments[0].first, segments[0].last
            statements.append(carry)
            used.add(lo)
        next_carry: _Statement | None = None

        headline = self._headline(lo, hi, seg_at)
        if headline is not None:
            statements.append(headline)

        consumed_cues: set[int] = set()
        attribution_at = self._attributions(lo, hi, inside)
        for idx, (_attr, cue_tok) in attribution_at.items():
            if cue_tok is not None:
                consumed_cues.add(cue_tok)
        self.attribution_cues = consumed_cues

        pending_participles: list[int] = []
        last_subject: _Speaker | None = None
        for i in self._between(self.cue_at, lo, hi):
            cue = self.cues[i]
            if i in inside or i in consumed_cues:
                continue
            if cue.form == "noun":
                statement = self._noun_statement(i, lo, hi, cue, seg_at)
                if statement is not None and all(st.start_tok != statement.start_tok for st in statements):
                    statements.append(statement)
                continue
            content = cue.lemma in self.lex.content_of
            if content:
                speaker, subject_end = self._content_speaker(i, self._content_end(i, cue), lo)
                left = i
            elif cue.form == "participle":
                speaker = last_subject or self._main_clause_subject(lo, i, cue)
                subject_end = i
                left = i
            else:
                speaker, subject_end, left = self._subject(i, lo, hi, cue, seg_at)
                if speaker is not None and speaker.how != "issuer":
                    # a participle after it speaks for the same subject ("قال X
                    # إن ...، مشيرا إلى أن"), however that subject was found
                    last_subject = speaker
            found = self._introducer(subject_end + 1, hi, seg_at)
            if found is None:
                # "..."، قال الوزير: the quotation before a cue that introduces nothing
                seg = self._quote_before(i, lo, segments, used)
                if seg is not None and any(st.start_tok <= seg.open <= st.end_tok for st in statements):
                    seg = None
                if seg is not None and cue.form != "participle":
                    statements.append(self._statement("direct", "direct-cue-after", seg.first, seg.last, i, cue, speaker, left))
                    used.add(seg.open)
                elif speaker is not None and speaker.how != "agreement":
                    self._remember(i, speaker)
                continue
            if speaker is not None and speaker.how != "agreement" and not content:
                # only a cue that reports has its subject after it: "ونقلت مكان سكنها" does not
                _take_verb_gender(speaker, cue.agr)
            what, j = found
            if what == "colon":
                after = j + 1
                if after >= hi:
                    next_carry = self._statement("direct", "direct-cue-colon", 0, 0, i, cue, speaker, left)
                    self._remember(i, speaker)
                    continue
                if after in seg_at and after not in used:
                    seg = seg_at[after]
                    statements.append(self._statement("direct", "direct-cue-colon", seg.first, seg.last, i, cue, speaker, left))
                    used.add(after)
                elif self.comp[after]:
                    statements.append(self._clause(after, hi, i, cue, speaker, left, seg_at))
                else:
                    end = _trim_end(self.tokens, after, hi - 1)
                    if end >= after:
                        statements.append(self._statement("direct", "direct-cue-colon", after, end, i, cue, speaker, left))
            elif what == "quote":
                seg = seg_at[j]
                statements.append(self._statement("direct", "direct-cue-before", seg.first, seg.last, i, cue, speaker, left))
                used.add(j)
            else:
                statements.append(self._clause(j, hi, i, cue, speaker, left, seg_at))
            self._remember(i, speaker)

        for idx, (attr, cue_tok) in sorted(attribution_at.items()):
            st = self._attribution_statement(idx, attr, cue_tok, lo, hi, statements)
            if st is not None:
                statements.append(st)

        if statements:
            statements.sort(key=lambda s: s.left)
            self._clip(statements, hi, segments, used)
            statements = [s for s in statements if s.end_tok >= s.start_tok]
        return statements, next_carry

    # -- quotation marks and cues ----------------------------------------------------

    def _introducer(self, start: int, hi: int, seg_at: dict[int, _Segment]) -> tuple[str, int] | None:
        """What the cue introduces: ("colon", i), ("quote", open) or ("clause", i)."""
        j = start
        limit = min(hi, start + INTRODUCER_WINDOW)
        clean_gap = True
        gap_words = 0
        while j < limit:
            tok = self.tokens[j]
            k = tok.key
            if j in seg_at:
                seg = seg_at[j]
                prev = self.tokens[j - 1].key if j > 0 else ""
                introduced = prev in _COLON or (j > 0 and self.comp[j - 1])
                if (clean_gap or introduced) and self._is_statement_quote(seg, j - 1):
                    return "quote", j
                clean_gap = False
                j = (seg.close if seg.close is not None else seg.last) + 1
                continue
            if k in _COLON:
                return "colon", j
            if self.comp[j] and not self._blocked(j):
                if j > start and self._verb_only(j - 1) and self.cues[j - 1] is None:
                    return None  # "اعترفت إسرائيل ... ما يشتبه بأنه": the clause of another verb
                return "clause", j
            if self.cues[j] is not None and self.cues[j].form != "noun" and j not in self.attribution_cues:
                return None  # another cue's words; but "وأكد الفالح وفقا لما نقله تقرير ... أن" is the first cue's
            if k in _PUNCT and k not in _COMMAS and k not in _DASHES and k not in "()" and not self.glued[j]:
                return None
            # a quotation without ":" follows the cue, its subject and at most a
            # few more words of it, a speech event ("في بيان") or an addressee;
            # not an object ("عن تقديم موعد ... صواريخ "إس 400"")
            nxt = self.tokens[j + 1].key if j + 1 < hi else ""
            if k in _PREPOSITIONS:
                # a preposition is no word of the gap; only some phrases it opens may stand there
                if not (nxt in self.lex.speech_events or nxt in self.lex.subject_stops
                        or k in self.lex.circumstance_prepositions or self._place_follows(j + 1, hi)):
                    clean_gap = False
            elif self.bits[j] & _ONLY_VERB:
                clean_gap = False
            elif self.bits[j] & _ARABIC and not (k in self.lex.speech_events or k in self.lex.subject_stops
                                        or k in self.lex.skipped_after_cue or self._is_addressee(j, hi)):
                gap_words += 1
                clean_gap = clean_gap and gap_words <= 4
            j += 1
        return None

    def _place_follows(self, j: int, hi: int) -> bool:
        """Does a place start at token ``j`` or the one after ("في نيويورك", "في
        مدينة نيويورك")? Where the speaker spoke, like a speech event, may
        stand between the cue and its quotation."""
        return any(m < hi and (e := self.entity_at[m]) is not None and self.entities[e].type == "place"
                   and self.entities[e].start == self.tokens[m].start for m in (j, j + 1))

    def _noun_statement(self, i: int, lo: int, hi: int, cue: CueMatch,
                        seg_at: dict[int, _Segment]) -> _Statement | None:
        """A verbal noun reports only with its clause right after its subject
        ("بعد إعلان الجيش الإسرائيلي أنه طلب ..."); "إعلان ترامب الانسحاب" does not."""
        speaker, subject_end, left = self._subject(i, lo, hi, cue, seg_at)
        j = subject_end + 1
        while j < hi and not self.comp[j] and (self.tokens[j].key in self.lex.subject_stops
                                                or self.tokens[j].key in _COMMAS):
            j += 1
        if speaker is None or j >= hi or not self.comp[j] or self._blocked(j):
            return None
        # the noun's subject must be someone who speaks, not its object ("إعلان قراره")
        attrs = speaker.attrs if isinstance(speaker.attrs, dict) else {"type": "group"}
        if attrs.get("type") == "unnamed" and speaker.how == "subject":
            first = _nominal_key(self.tokens[self._token_at(attrs["start"])].key)
            if self.lex.head_of(first) is None and not self.lex.is_title(first):
                return None
        self._remember(i, speaker)
        return self._clause(j, hi, i, cue, speaker, left, seg_at)

    def _verb_only(self, j: int) -> bool:
        return bool(self.bits[j] & _ONLY_VERB)

    def _blocked(self, j: int) -> bool:
        """Is the "أن" at ``j`` an adverbial one ("بعد أن", "على الرغم من أن")?"""
        prev = j - 1
        if prev < 0:
            return False
        k = self.tokens[prev].key
        if k in self.lex.clause_blockers:
            return True
        if k in self.lex.linking_prepositions and prev - 1 >= 0:
            return self.tokens[prev - 1].key in self.lex.clause_blockers
        return False

    def _is_statement_quote(self, seg: _Segment, before: int) -> bool:
        """A quotation right after a cue's subject is a statement unless it is a
        name or a term: an entity, or a few words after a noun."""
        if self._is_entity_quote(seg):
            return False
        words = _word_count(self.tokens, seg.first, seg.last)
        if words == 0:
            return False
        prev = self.tokens[before].key if before >= 0 else ""
        if prev in _COLON or (before >= 0 and self.comp[before]):
            return True
        if prev in self.lex.term_heads and words < self.lex.long_quote_words:
            return False
        return words >= MIN_STATEMENT_WORDS

    def _is_entity_quote(self, seg: _Segment) -> bool:
        if seg.last < seg.first:
            return False
        e = self.entity_at[seg.first]
        if e is None:
            return False
        ent = self.entities[e]
        return ent.end >= self.tokens[seg.last].end - 1 and ent.start <= self.tokens[seg.first].start + 1

    def _quote_before(self, cue_idx: int, lo: int, segments: list[_Segment], used: set[int]) -> _Segment | None:
        """The quotation that ends right before the cue (", قال الوزير")."""
        j = cue_idx - 1
        while j >= lo and self.tokens[j].key in _COMMAS:
            j -= 1
        for seg in segments:
            opens_clause = seg.open == lo or self.tokens[seg.open - 1].key in _PUNCT
            if seg.close == j and seg.open not in used and opens_clause:
                if _word_count(self.tokens, seg.first, seg.last) >= 3 and not self._is_entity_quote(seg):
                    return seg
        return None

    def _headline(self, lo: int, hi: int, seg_at: dict[int, _Segment]) -> _Statement | None:
        """A line "الجبير: قطر ..." whose part before the colon is a person or a
        speaker noun, and which is a line of its own."""
        colon = self._first_colon(lo, min(hi, lo + 6))  # the rarest of the three, asked first
        if colon is None:
            return None
        first, last = self.tokens[lo], self.tokens[hi - 1]
        if first.start > 0 and self.text[first.start - 1] not in "\n":
            return None
        if last.end < len(self.text) and self.text[last.end:last.end + 1] not in ("\n", "\r"):
            return None
        if colon == lo or _word_count(self.tokens, colon + 1, hi - 1) < 3:
            return None
        if any(self.cues[j] is not None for j in range(lo, colon)):
            return None
        e = self.entity_at[lo]
        speaker: _Speaker | None = None
        if e is not None and self.entities[e].type == "person" and self.entity_at[colon - 1] == e:
            speaker = self._entity_speaker(self.entities[e], "subject", lo)
        elif self.lex.head_of(first.key) is not None or self.lex.is_title(first.key):
            speaker = self._phrase_speaker(lo, colon - 1)
        if speaker is None:
            return None
        start = colon + 1
        end = hi - 1
        if start in seg_at:
            seg = seg_at[start]
            start, end = seg.first, seg.last
        end = _trim_end(self.tokens, start, end)
        cue = {"text": self.text[self.tokens[colon].start:self.tokens[colon].end], "lemma": ":",
               "start": self.tokens[colon].start, "end": self.tokens[colon].end}
        self._remember(lo, speaker)
        return _Statement("direct", "direct-headline", start, end, cue, speaker, lo)

    def _first_colon(self, lo: int, hi: int) -> int | None:
        """The first of tokens ``[lo, hi)`` that is a colon. A colon is always
        a token of its own, so the text between them holds one only if a
        token is one: most lines have none, and one search of the text spares
        them a look at each token."""
        if lo >= hi or self.text.find(":", self.tokens[lo].start, self.tokens[hi - 1].end) < 0:
            return None
        return next((j for j in range(lo, hi) if self.tokens[j].key in _COLON), None)

    def _attributions(self, lo: int, hi: int, inside: set[int]) -> dict[int, tuple[Any, int | None]]:
        """Attribution phrases of the sentence: start token -> (entry, cue token)."""
        found: dict[int, tuple[Any, int | None]] = {}
        free = lo  # the first token after the last phrase found
        for j in self._between(self.attribution_starts, lo, hi):
            if j < free or j in inside:
                continue
            matched = None
            for _, attr in self.memo.attributions_starting(self.lex, self.tokens[j].key):
                n = len(attr.words)
                if j + n > hi:
                    continue
                keys = [self.tokens[j + m].key for m in range(n)]
                if keys[1:] != list(attr.words[1:]):
                    continue
                cue_tok = None
                if attr.source == "cue":
                    if j + n >= hi or self.cues[j + n] is None:
                        continue
                    cue_tok = j + n
                elif attr.source == "lam":
                    if j + n >= hi or not self.tokens[j + n].key.startswith("ل"):
                        continue
                matched = (attr, cue_tok)
                break
            if matched is not None:
                found[j] = matched
                free = j + len(matched[0].words)
        return found

    def _attribution_statement(self, idx: int, attr: Any, cue_tok: int | None, lo: int, hi: int,
                               statements: list[_Statement]) -> _Statement | None:
        if any(s.left <= idx <= s.end_tok for s in statements):
            return None
        n = len(attr.words)
        if cue_tok is not None:
            speaker, source_end, _left = self._subject(cue_tok, lo, hi, self.cues[cue_tok], {})
            cue = self._cue_attrs(cue_tok, self.cues[cue_tok])
            source_start = cue_tok + 1
            while source_start < source_end and self.tokens[source_start].key in self.lex.skipped_after_cue:
                source_start += 1  # "وفقا لما يشير إليه الخبراء"
        else:
            source_start = idx + n
            if attr.source == "lam" and self.tokens[source_start].key == "ل":
                source_start += 1
            source_end = self._phrase_end(source_start, hi, {})
            speaker = self._speaker_of(source_start, source_end, idx) if source_end >= source_start else None
            last = self.tokens[idx + n - 1]
            cue = {"text": self.text[self.tokens[idx].start:last.end], "lemma": " ".join(attr.words),
                   "start": self.tokens[idx].start, "end": last.end}
        if speaker is None or source_end < source_start:
            return None
        # a source is someone who speaks: an entity or a speaker noun ("بحسب
        # المسؤول"), not "بحسب اللهجة المحلية"
        speaker_attrs = speaker.attrs if isinstance(speaker.attrs, dict) else {"type": "group"}
        if speaker_attrs.get("id") is None and speaker.how == "subject" and speaker_attrs.get("type") not in ("person", "institution"):
            first = _nominal_key(self.tokens[source_start].key)
            if self.lex.head_of(first) is None:
                return None
        head = self.tokens[source_start].key
        if any(h in self.lex.media_heads for h in (head, head[1:], "ال" + head[2:] if head.startswith("لل") else head)):
            return None
        before = [s for s in statements if s.end_tok < idx]
        clause_start = max([lo] + [s.end_tok + 1 for s in before])
        # the sourced clause precedes the phrase ("...، وفقا للوزارة") or follows it
        # ("وبحسب المسؤول، فإن ...")
        if _word_count(self.tokens, clause_start, idx - 1) >= 3:
            start, end = clause_start, idx - 1
            while start <= end and (self.tokens[start].key in _PUNCT or self.tokens[start].key in self.lex.clause_openers):
                start += 1
        else:
            start = source_end + 1
            while start < hi and (self.tokens[start].key in _COMMAS or self.tokens[start].key in ("فان", "فانه", "فانها", "ان")):
                start += 1
            end = hi - 1
        end = _trim_end(self.tokens, start, end)
        if _word_count(self.tokens, start, end) < 3:
            return None
        self._remember(idx, speaker)
        return _Statement("indirect", "indirect-according-to", start, end, cue, speaker, idx)

    # -- statements --------------------------------------------------------------------

    def _clause(self, comp: int, hi: int, cue_idx: int, cue: CueMatch, speaker: _Speaker | None,
                left: int, seg_at: dict[int, _Segment]) -> _Statement:
        """The statement a complementizer opens: direct when it is a whole quotation."""
        after = comp + 1
        if after in seg_at and seg_at[after].close is not None:
            seg = seg_at[after]
            rest = seg.close + 1
            while rest < hi and self.tokens[rest].key in _PUNCT:
                rest += 1
            if rest >= hi or self.cues[rest] is not None:
                return self._statement("direct", "direct-cue-clause", seg.first, seg.last, cue_idx, cue, speaker, left)
        # The statement starts after a bare complementizer; one that carries a
        # pronoun ("إنها ضرورية") is kept, since the pronoun is the clause's subject.
        start = comp if self._carries_pronoun(comp) else after
        return self._statement("indirect", "indirect-clause", start, hi - 1, cue_idx, cue, speaker, left)

    def _carries_pronoun(self, i: int) -> bool:
        return self.comp[i] and self.tokens[i].key not in _BARE_COMPLEMENTIZERS

    def _statement(self, kind: str, pattern: str, start: int, end: int, cue_idx: int, cue: CueMatch,
                   speaker: _Speaker | None, left: int) -> _Statement:
        while start < end and self.comp[start] and not (pattern == "indirect-clause" and self._carries_pronoun(start)):
            start += 1  # '"أن قرار ..."': the quotation opens with the complementizer
        return _Statement(kind, pattern, start, end, self._cue_attrs(cue_idx, cue), speaker, left)

    def _cue_attrs(self, i: int, cue: CueMatch | None) -> dict[str, Any]:
        tok = self.tokens[i]
        return {"text": self.text[tok.start:tok.end], "lemma": cue.lemma if cue else tok.text,
                "start": tok.start, "end": tok.end}

    def _clip(self, statements: list[_Statement], hi: int, segments: list[_Segment], used: set[int]) -> None:
        """An indirect clause ends where the next statement (or a new coordinated
        cue "، وأضاف") begins; its quoted words become fragments."""
        lefts = sorted({s.left for s in statements})
        for i in self._between(self.cue_at, self.bounds_lo(hi), hi):
            if i > 0 and self.tokens[i - 1].key in _COMMAS and self.lex.strip_proclitic(self.tokens[i].key, self.lex.forms) != self.tokens[i].key:
                lefts.append(i - 1)
        lefts.sort()
        for st in statements:
            if st.kind != "indirect" or st.pattern == "indirect-according-to" and st.end_tok < st.left:
                continue
            k = bisect_left(lefts, st.start_tok + 1)
            if k < len(lefts) and lefts[k] <= st.end_tok:
                boundary = lefts[k]
                # the comma before the next statement's words ("، كما أكد");
                # a boundary that is itself the comma ("، وأضاف") ends the clause there
                comma = next((j for j in range(boundary, st.start_tok, -1) if self.tokens[j].key in _COMMAS), None)
                st.end_tok = (comma if comma is not None else boundary) - 1
            st.end_tok = _trim_end(self.tokens, st.start_tok, st.end_tok)
            for seg in segments:
                if st.start_tok <= seg.open <= st.end_tok and seg.open not in used:
                    st.fragments.append(seg)
                    used.add(seg.open)

    def bounds_lo(self, hi: int) -> int:
        sent = self.tokens[hi - 1].sentence
        return self.bounds[sent][0] if sent < len(self.bounds) else 0

    # -- speakers ---------------------------------------------------------------------

    def _subject(self, i: int, lo: int, hi: int, cue: CueMatch, seg_at: dict[int, _Segment]) -> tuple[_Speaker | None, int, int]:
        """The cue's speaker, the last token of its subject (or the cue), and the
        token where the statement's own words begin."""
        start = i + 1
        if cue.speaker_via is not None:
            after_via = self._after_phrase(i + 1, min(hi, i + 12), cue.speaker_via)
            if after_via is not None:
                start = after_via
        while start < hi and self.tokens[start].key in self.lex.skipped_after_cue:
            start += 1
        subject_end = i
        e = self.entity_at[i - 1] if i > lo else None
        if (e is not None and self._token_at(self.entities[e].start) == lo
                and self.lex.strip_proclitic(self.tokens[i].key, self.lex.forms) == self.tokens[i].key):
            # "أنقرة تصف العلاقات ... بأنها": a named subject opens the sentence
            # right before the verb; the noun after the verb is its object
            return self._entity_speaker(self.entities[e], "subject", lo), i, lo
        if start < hi and self._circumstantial(start):
            # "وتابع معلقا على قرار ترمب: ...": a participle phrase, no subject
            subject_end = self._circumstantial_end(start, hi, seg_at)
            end = start - 1
        else:
            end = self._phrase_end(start, hi, seg_at)
        if end == start and self.tokens[start].key in self.lex.demonstratives:
            # "وأوضح هؤلاء": the latest speaker the demonstrative agrees with
            return self._agreeing(self.lex.demonstratives[self.tokens[start].key], i), end, i
        if end >= start:
            named = self._apposed_name(start, end, hi)
            if named is not None:
                return named
            speaker = self._speaker_of(start, end, i)
            if speaker is not None:
                return speaker, self._apposition_end(speaker, end, hi, seg_at), i
        # subject before the cue: "كيم أون هاي، السكرتير الصحفي قال إن"
        before = self._subject_before(i, lo)
        if before is not None:
            speaker, left = before
            return speaker, subject_end, left
        same = self._sentence_subject(lo, i)
        if same is not None and _agrees(cue.agr, same.agr):
            return _Speaker(same.attrs, same.agr, same.head, "agreement"), subject_end, i
        for j in range(i - 1, max(lo, i - SUBJECT_WINDOW * 2) - 1, -1):
            e = self.entity_at[j]
            if e is not None and self.entities[e].type == "person":
                near = self._entity_speaker(self.entities[e], "agreement", self._token_at(self.entities[e].start))
                if _agrees(cue.agr, near.agr):
                    return near, subject_end, i
                break
        return self._agreeing(cue.agr, i), subject_end, i

    def _after_phrase(self, lo: int, hi: int, phrases: tuple[tuple[str, ...], ...]) -> int | None:
        """The token after the first of ``phrases`` ("عن", "على لسان") starting in [lo, hi)."""
        for j in range(lo, hi):
            for words in phrases:
                if j + len(words) <= hi and all(self.tokens[j + n].key == w for n, w in enumerate(words)):
                    return j + len(words)
        return None

    def _circumstantial(self, j: int) -> bool:
        """Is token ``j`` an indefinite accusative participle ("معلقا",
        "ساخراً"), which opens a circumstantial phrase and is never a subject?"""
        tok = self.tokens[j]
        k = tok.key
        if self.entity_at[j] is not None or self.cues[j] is not None or not self.bits[j] & _ARABIC:
            return False
        if len(k) < 4 or not k.endswith("ا") or _definite(k) or k.endswith(("اا", "يا", "وا")):
            return False
        if self.lex.head_of(k) is not None or self.lex.is_title(k) or k in self.lex.skipped_after_cue:
            return False
        if not tok.analyses or not all(a.pos.startswith(("noun", "adj")) for a in tok.analyses):
            return False
        return k.startswith("م") or tok.text.endswith("اً")

    def _circumstantial_end(self, start: int, hi: int, seg_at: dict[int, _Segment]) -> int:
        """Last token of a circumstantial phrase: up to a quotation, a colon, a
        complementizer, another cue or a sentence mark."""
        end = start
        for j in range(start + 1, min(hi, start + SUBJECT_WINDOW)):
            k = self.tokens[j].key
            if j in seg_at or k in _COLON or self.comp[j] or self.cues[j] is not None:
                break
            if k in _PUNCT and k not in _COMMAS:
                break
            end = j
        while end > start and self.tokens[end].key in _COMMAS:
            end -= 1
        return end

    def _apposition_end(self, speaker: _Speaker, end: int, hi: int, seg_at: dict[int, _Segment]) -> int:
        """The last token of a title in apposition after a person subject ("جون
        نيوتن مدير قسم التحسين في الهيئة", "آن ماكنيل، أستاذة ...،"), so the
        quotation after it is still right after the subject; a feminine title
        gives the person's agreement."""
        if not isinstance(speaker.attrs, dict):
            return end
        first = _nominal_key(self.tokens[self._token_at(speaker.attrs["start"])].key)
        short_name = (speaker.attrs.get("type") == "unnamed" and speaker.how == "subject" and not _definite(first)
                      and self.lex.head_of(first) is None and not self.lex.is_title(first)
                      and len(speaker.attrs["text"].split()) <= 3)
        if speaker.attrs.get("type") != "person" and not short_name:
            return end
        # the phrase may have taken the title's first word ("جون نيوتن مدير | قسم ...")
        m = min(end + 1, self._token_at(speaker.attrs["end"] - 1) + 1)
        comma = m < hi and self.tokens[m].key in _COMMAS
        if comma:
            m += 1
        if m >= hi or self.entity_at[m] is not None:
            return end
        k = _nominal_key(self.tokens[m].key)
        head = self.lex.head_of(k)
        if not (self.lex.is_title(k) or (head is not None and not head[1].group)):
            return end
        last = self._phrase_end(m, hi, seg_at)
        if last < m:
            return end
        if head is not None and head[1].agr == "fs":
            speaker.agr = "fs"
        if short_name:  # "آن ماكنيل، أستاذة ...": a name, since a title stands in apposition
            speaker.attrs.update(type="person", name=speaker.attrs["text"])
        if comma and last + 1 < hi and self.tokens[last + 1].key in _COMMAS:
            last += 1
        return last

    def _apposed_name(self, start: int, end: int, hi: int) -> tuple[_Speaker, int, int] | None:
        """"وزير الدفاع الإسرائيلي، افيغدور ليبرمان، إن": a title without a name,
        then the person's name between commas."""
        if not self.lex.is_title(_nominal_key(self.tokens[start].key)):
            return None
        if any(self.entity_at[j] is not None and self.entities[self.entity_at[j]].type == "person"
               for j in range(start, end + 1)):
            return None
        # the title may run on past the phrase ("قائد اللواء 173 مشاة في الجيش
        # اليمني، العميد صالح المنصوري، أن"): up to the first comma
        comma = next((j for j in range(end + 1, min(hi, end + APPOSITION_REACH))
                      if self.tokens[j].key in _COMMAS or self.comp[j] or self.cues[j] is not None
                      or self.tokens[j].text in _QUOTE_MARKS), None)
        if comma is None or comma + 1 >= hi or self.tokens[comma].key not in _COMMAS:
            return None
        first = comma + 1
        if self.entity_at[first] is None and self.lex.is_title(_nominal_key(self.tokens[first].key)):
            first += 1  # "، العميد صالح المنصوري،"
        e = self.entity_at[first] if first < hi else None
        if e is None or self.entities[e].type != "person":
            return None
        last = first
        while last + 1 < hi and self.entity_at[last + 1] == e:
            last += 1
        # a name in apposition is closed by a comma or the clause
        if comma > end + 1 and not (last + 1 < hi and (self.tokens[last + 1].key in _COMMAS or self.comp[last + 1])):
            return None
        speaker = self._entity_speaker(self.entities[e], "subject", first)
        speaker.title = self.text[self.tokens[start].start:self.tokens[end].end]
        return speaker, last, start - 1

    def _phrase_end(self, start: int, hi: int, seg_at: dict[int, _Segment]) -> int:
        """Last token of the noun phrase starting at ``start`` (start - 1 if none).

        The phrase ends at punctuation, a complementizer, a stop word, a
        speech event ("في بيان"), an addressee ("للصحفيين") or another cue; and
        at an indefinite word right after a definite one, which starts a new
        constituent ("مسؤول في الإدارة الأمريكية | تعليق بايدن")."""
        lex = self.lex
        # locals: the loop below is the matcher's busiest
        tokens, entity_at, bits = self.tokens, self.entity_at, self.bits
        comp, cues, glued = self.comp, self.cues, self.glued
        j = start
        empty = start - 1
        while j < hi and tokens[j].key in lex.skipped_after_cue:
            j += 1
        start = j
        end = start - 1
        definite = False
        # after a title, one run of indefinite words is the name ("الرئيس الأمريكي جو بايدن")
        name_allowed = start < hi and lex.is_title(tokens[start].key)
        limit = min(hi, start + SUBJECT_WINDOW)
        while j < limit:
            tok = tokens[j]
            k = tok.key
            nxt = tokens[j + 1].key if j + 1 < hi else ""
            if j in seg_at:
                seg = seg_at[j]
                if seg.close is None or _word_count(tokens, seg.first, seg.last) > 4:
                    break
                end = j = seg.close
                j += 1
                continue
            if j > start and (self._is_addressee(j, hi) or k == "ل"):
                break  # "لـ CNN": a preposition written apart introduces an addressee
            if entity_at[j] is not None:
                while j + 1 < limit and entity_at[j + 1] == entity_at[j]:
                    j += 1
                end = j
                definite = True
                j += 1
                continue
            if not bits[j] & _ARABIC and not k.isalpha() and not glued[j] and not (j == start and k.isdigit()):
                break
            if comp[j] or cues[j] is not None:
                break
            if k in lex.subject_stops and not (j > start and self._closed_head(j - 1) and _bare(k) in lex.modifiers):
                break
            if k in _PREPOSITIONS and (j == start or k not in _NP_PREPOSITIONS):
                break
            if j > start and k in lex.speech_events:
                break
            if k in lex.linking_prepositions and ((j + 1 < hi and comp[j + 1]) or nxt in lex.subject_stops or j == start):
                break
            if k in ("في", "ب", "خلال") and (nxt in lex.speech_events or nxt in lex.subject_stops
                                             or j + 1 in self.date_starts):
                break
            if j > start and j in self.date_starts:
                break
            if self._is_addressee(j, hi):
                break
            if bits[j] & _ONLY_VERB and j > start:
                # a surname read as a verb after a first name ("بيار دوناك") stays in the name
                if not (bits[j - 1] & _ONLY_PROPER and entity_at[j - 1] is None and not _definite(k)):
                    break
            is_def = _definite(k)
            # "الأمين العام للأمم المتحدة": a complement with لل stays with its head
            if j > start and is_def and not k.startswith("لل") and not self._modifier(tok) \
                    and self._closed_before(j, start):
                break
            if definite and not is_def and not _prepositional(k) and not lex.is_title(k) and not self._coordinates(j):
                if not name_allowed:
                    break
                while j + 1 < limit and self._is_name_word(j + 1):
                    j += 1
                name_allowed = False
                end = j
                j += 1
                continue
            if _prepositional(k) and not is_def:
                definite = False
            elif self._coordinates(j):
                definite = False
            else:
                definite = definite or is_def
            end = j
            j += 1
        return end if end >= start else empty

    def _closed_before(self, j: int, start: int) -> bool:
        """Is token ``j`` after a closed head and only its adjectives
        ("الهيئات الصناعية | المقترحات")?"""
        m = j - 1
        while m > start and self.bits[m] & _ARABIC and _definite(self.tokens[m].key) and self._modifier(self.tokens[m]) \
                and not self._closed_head(m):
            m -= 1
        return self._closed_head(m)

    def _closed_head(self, j: int) -> bool:
        """A definite speaker noun or title ("الحليفتان", "الوزير"): only an
        adjective can follow it inside the subject ("الوزير | المدينة")."""
        k = _nominal_key(self.tokens[j].key)
        return _definite(k) and (self.lex.head_of(k) is not None or self.lex.is_title(k))

    def _modifier(self, tok: Token) -> bool:
        k = _bare(_nominal_key(tok.key))
        if _nisba(k) or k in self.lex.modifiers:
            return True
        # an adjective only: "المقترحات" (noun or adjective) after "الهيئات الصناعية" is the object
        return bool(tok.analyses) and all(a.pos.startswith("adj") for a in tok.analyses)

    def _is_name_word(self, j: int) -> bool:
        k = self.tokens[j].key
        return (bool(self.bits[j] & _ARABIC) and not _definite(k) and k not in self.lex.subject_stops and k not in _PREPOSITIONS
                and not self.comp[j] and self.cues[j] is None and not _prepositional(k)
                and not self._coordinates(j))

    def _is_addressee(self, j: int, hi: int) -> bool:
        k = self.tokens[j].key
        if not k.startswith("ل"):
            return False  # every case below opens with لـ: most words are spared them
        e = self.entity_at[j]
        if self._after_li(j):
            # the preposition stands outside the entity: "لرويترز" is spoken to,
            # "للأمم المتحدة" completes a title unless its head is an addressee ("لوكالة")
            entity = self.entities[e]
            if entity.type == "person" and self._person_follows(j, e, hi):
                return False  # "المستشار الاقتصادي الأول لترامب لاري كودلو": whose adviser
            if entity.type != "institution" or entity.attrs.get("kind") in self.lex.addressee_kinds:
                return True
        if k == "ل" and j + 1 < hi:
            return self.tokens[j + 1].key in self.lex.addressees
        if k.startswith("لل"):
            return ("ال" + k[2:]) in self.lex.addressees
        return k.startswith("ل") and k[1:] in self.lex.addressees

    def _after_li(self, j: int) -> bool:
        """Does the entity at token ``j`` follow a لـ written on its first word
        ("لترامب": the complement of a title, not the speaker)?"""
        e = self.entity_at[j]
        return e is not None and self.tokens[j].key.startswith("ل") and self.entities[e].start > self.tokens[j].start

    def _person_follows(self, j: int, e: int, hi: int) -> bool:
        """Is entity ``e`` (at token ``j``) followed right away by another person?"""
        after = j
        while after < hi and self.entity_at[after] == e:
            after += 1
        nxt = self.entity_at[after] if after < hi else None
        return nxt is not None and nxt != e and self.entities[nxt].type == "person"

    def _coordinates(self, j: int) -> bool:
        """Does token ``j`` start a second subject ("والرئيس", "و" + a name)?"""
        k = self.tokens[j].key
        if k == "و":
            return True
        if not k.startswith("و") or len(k) < 3:
            return False
        rest = k[1:]
        if self.lex.is_title(rest) or rest in self.lex.speaker_heads:
            return True
        e = self.entity_at[j]
        return e is not None and self.entities[e].start >= self.tokens[j].start + 1

    def _coordinates_title(self, j: int) -> bool:
        rest = self.tokens[j].key[1:]
        return self.lex.is_title(rest) or rest in self.lex.speaker_heads

    def _speaker_of(self, start: int, end: int, cue_idx: int) -> _Speaker | None:
        """Speakers of a subject phrase: one per coordinated part."""
        parts: list[tuple[int, int]] = []
        a = start
        in_pp = False  # after "في"/"من": "مصادر مطلعة في الهند والسودان" is one subject
        for j in range(start + 1, end + 1):
            k = self.tokens[j].key
            same_entity = self.entity_at[j] is not None and self.entity_at[j] == self.entity_at[j - 1]
            if self._coordinates(j) and not same_entity and not (in_pp and not self._coordinates_title(j)):
                parts.append((a, j - 1))
                a = j
                in_pp = False
            elif k in _NP_PREPOSITIONS or (_prepositional(k) and self.entity_at[j] is None):
                in_pp = True
        parts.append((a, end))
        speakers = [s for s in (self._part_speaker(p, q, cue_idx) for p, q in parts) if s is not None]
        if not speakers:
            return None
        if len(speakers) == 1:
            return speakers[0]
        genders = {s.agr[0] for s in speakers if s.agr}
        agr = ("f" if genders == {"f"} else "m") + ("d" if len(speakers) == 2 else "p")
        flat: list[dict[str, Any]] = []
        for s in speakers:
            flat.extend(s.attrs if isinstance(s.attrs, list) else [s.attrs])
        how = "coreference" if all(s.how == "coreference" for s in speakers) else "subject"
        return _Speaker(flat, agr, None, how)

    def _part_speaker(self, a: int, b: int, cue_idx: int) -> _Speaker | None:
        tokens = self.tokens
        if tokens[a].key == "و" and a < b:
            a += 1
        first = _nominal_key(tokens[a].key)
        e = self.entity_at[a]
        if e is not None:
            return self._entity_speaker(self.entities[e], "subject", a)
        person = next((self.entity_at[j] for j in range(a, b + 1)
                       if self.entity_at[j] is not None and self.entities[self.entity_at[j]].type == "person"
                       and not self._after_li(j)), None)
        if self.lex.is_title(first) and person is not None:
            return self._entity_speaker(self.entities[person], "subject", a)
        short_name = b - a <= 1 and self.lex.head_of(first) is None and not self.lex.is_title(first)
        if (_definite(first) and b - a <= 2) or (short_name and not _definite(first)):
            ref = self._coreference(a, b, cue_idx)
            if ref is not None:
                return ref
        if person is None and (self.lex.is_title(first) or self.lex.head_of(first) is not None):
            ref = self._title_reference(a, b)
            if ref is not None:
                return ref
        return self._phrase_speaker(a, b)

    def _title_reference(self, a: int, b: int) -> _Speaker | None:
        """A title or speaker noun without a name ("وزير الخارجية التركي",
        "المسؤولة الإسرائيلية") refers to the latest person introduced with
        those words in the title, or, for a definite speaker noun, to the latest
        person of the same gender."""
        if self._name_after_title(a, b) is not None:
            return None
        keys = {_bare(_nominal_key(self.tokens[j].key)) for j in range(a, b + 1)
                if self.bits[j] & _ARABIC and self.tokens[j].key not in _PREPOSITIONS}
        if not keys:
            return None
        mention = self.tokens[a].start, self.tokens[b].end
        for _pos, sp in reversed(self.history[-HISTORY_DEPTH:]):
            if isinstance(sp.attrs, dict) and sp.attrs.get("type") == "person" and sp.attrs.get("name"):
                if keys <= _bare_key_words(str(sp.attrs.get("text") or "")):
                    return self._refer(sp, mention)
        people = self._recent_people(a)
        for ent in people:
            title = _bare_key_words(str(ent.attrs.get("title") or ""))
            if title and keys <= title:
                return self._refer(self._entity_speaker(ent, "coreference", self._token_at(ent.start)), mention)
        same_head = self._only_person_titled(a, b, people)
        if same_head is not None:
            return self._refer(same_head, mention)
        first = _nominal_key(self.tokens[a].key)
        head = self.lex.head_of(first)
        if not _definite(first) or head is None or _bare(head[0]) not in self.lex.person_heads:
            return None
        # "المسؤول التركي": the latest person of that gender whose title has the
        # same nationality ("وكيل وزارة الصناعات الدفاعية التركي"); without one,
        # "المسؤول السعودي" is someone new
        rest = [_bare(_nominal_key(self.tokens[j].key)) for j in range(a + 1, b + 1) if self.bits[j] & _ARABIC]
        nisbas = {k for k in rest if _nisba(k)}
        if not nisbas or len(nisbas) != len(rest):
            return None
        for _pos, sp in reversed(self.history[-HISTORY_DEPTH:]):
            if isinstance(sp.attrs, dict) and sp.attrs.get("type") == "person" and sp.agr == head[1].agr:
                text = str(sp.attrs.get("text") or "")
                if nisbas <= _bare_key_words(text) and not self._of_profession(text):
                    return self._refer(sp, mention)
        for ent in people:
            near = self._entity_speaker(ent, "coreference", self._token_at(ent.start))
            title = str(ent.attrs.get("title") or "")
            if near.agr == head[1].agr and nisbas <= _bare_key_words(title) and not self._of_profession(title):
                return self._refer(near, mention)
        return None

    def _only_person_titled(self, a: int, b: int, people: list[Span]) -> _Speaker | None:
        """"الوزيرة الأردنية": a definite title and nationality adjectives only, of
        the one recent person whose title opens with that title ("وزيرة الدولة
        لشؤون الإعلام"), as a speaker or a name; None when no one or several
        people have it."""
        first = _nominal_key(self.tokens[a].key)
        rest = [_bare(_nominal_key(self.tokens[j].key)) for j in range(a + 1, b + 1) if self.bits[j] & _ARABIC]
        if not (_definite(first) and self.lex.is_title(first) and rest and all(_nisba(k) for k in rest)):
            return None

        def opens_with_it(title: str | None) -> bool:
            return _bare(_nominal_key(_first_word_key(title or ""))) == _bare(first)

        found = [sp for _pos, sp in reversed(self.history[-HISTORY_DEPTH:])
                 if isinstance(sp.attrs, dict) and sp.attrs.get("type") == "person" and opens_with_it(sp.title)]
        found += [self._entity_speaker(ent, "coreference", self._token_at(ent.start)) for ent in people
                  if opens_with_it(ent.attrs.get("title"))]
        names = {str(sp.attrs.get("name") or sp.attrs.get("text")) for sp in found if isinstance(sp.attrs, dict)}
        return found[0] if len(names) == 1 else None

    def _of_profession(self, phrase: str) -> bool:
        """Does ``phrase`` open with the title of a trade ("الصحفي السعودي ...")?"""
        return _bare(_nominal_key(_first_word_key(phrase))) in self.lex.professions

    def _recent_people(self, a: int) -> list[Span]:
        e = bisect_left(self.entity_starts, self.tokens[a].start) - 1
        out = []
        while e >= 0 and len(out) < HISTORY_DEPTH // 4:
            if self.entities[e].type == "person":
                out.append(self.entities[e])
            e -= 1
        return out

    def _entity_speaker(self, ent: Span, how: str, at: int) -> _Speaker:
        attrs = {
            "text": self.text[ent.start:ent.end],
            "name": ent.attrs.get("name"),
            "id": ent.attrs.get("id"),
            "type": _SPEAKER_TYPES.get(ent.type, "institution"),
            "start": ent.start,
            "end": ent.end,
        }
        head = _bare(self.tokens[at].key) if self.entity_at[at] is not None else None
        agr = self._entity_agreement(ent, at)
        return _Speaker(attrs, agr or "ms", head or _bare(_first_word_key(self.text[ent.start:ent.end])), how,
                        agr_guessed=agr is None)

    def _entity_agreement(self, ent: Span, at: int) -> str | None:
        """The agreement the entity's name or title shows, None when neither does."""
        title_key = self.tokens[at].key
        if ent.type == "person":
            before = self.tokens[at - 1].key if at > 0 else ""
            for k in (title_key, before, _first_word_key(str(ent.attrs.get("title") or ""))):
                bare = _bare(k)
                if bare and (bare.endswith("ه") or bare == "السيده") and self.lex.is_title(k):
                    return "fs"
            return "ms" if self.lex.is_title(title_key) or self.lex.is_title(before) else None
        head = _bare(_first_word_key(self.text[ent.start:ent.end]))
        found = self.lex.head_of(head)
        if found is not None:
            return found[1].agr
        if ent.type == "place" or head.endswith("ه"):
            return "fs"
        return None

    def _phrase_speaker(self, a: int, b: int) -> _Speaker | None:
        a, b = self._trim_phrase(a, b)
        if b < a:
            return None
        tokens = self.tokens
        start, end = tokens[a].start, tokens[b].end
        text = self.text[start:end]
        h = a + 1 if tokens[a].key.isdigit() and a < b else a  # "57 مجموعة": the noun heads the phrase
        head_key = _bare(tokens[h].key)
        found = self.lex.head_of(tokens[h].key)
        if found is not None:
            agr, group = found[1].agr, found[1].group
        else:
            agr, group = _agreement_by_ending(head_key), head_key.endswith(("ون", "ين"))
        name = None
        kind = "group" if group else "unnamed"
        if self.lex.is_title(tokens[a].key):
            name = self._name_after_title(a, b)
            if name is not None:
                kind = "person"
        attrs = {"text": text, "name": name, "id": None, "type": kind, "start": start, "end": end}
        return _Speaker(attrs, agr, head_key, "subject", agr_guessed=found is None)

    def _name_after_title(self, a: int, b: int) -> str | None:
        """The name in "الرئيس الكوري "يون سيوك-يول"" or "الرئيس الأمريكي جو بايدن"."""
        tokens = self.tokens
        quoted = [j for j in range(a, b + 1) if tokens[j].text in _QUOTE_MARKS]
        if len(quoted) >= 2:
            return self.text[tokens[quoted[0]].end:tokens[quoted[1]].start].strip() or None
        j = a + 1
        while j <= b and (_definite(tokens[j].key) or self.lex.is_title(tokens[j].key)):
            j += 1
        if j > b or not self._is_name_word(j):
            return None
        return self.text[tokens[j].start:tokens[b].end]

    def _trim_phrase(self, a: int, b: int) -> tuple[int, int]:
        while a <= b and (self.tokens[a].key in _PUNCT or self.tokens[a].key == "و"):
            a += 1
        while b >= a and (self.tokens[b].key in _PUNCT or self.tokens[b].key == "و"):
            b -= 1
        return a, b

    def _coreference(self, a: int, b: int, cue_idx: int) -> _Speaker | None:
        """A definite noun ("الوزارة", "المسؤول") names the latest speaker or
        entity with the same head; a short name or "الرئيس يون" the latest one
        whose name has the same words."""
        keys = [_nominal_key(self.tokens[j].key) for j in range(a, b + 1) if self.bits[j] & _ARABIC]
        if not keys:
            return None
        head = _bare(keys[0])
        single = len(keys) == 1 and _definite(keys[0])
        words = {k for k in keys if not self.lex.is_title(k) and not _definite(k)}
        mention = self.tokens[a].start, self.tokens[b].end
        for _pos, sp in reversed(self.history[-HISTORY_DEPTH:]):
            if not isinstance(sp.attrs, dict):
                continue
            if single and sp.head == head:
                return self._refer(sp, mention)
            # a name's words, not any word of an unnamed phrase ("رودريغ" is not
            # "بيار دوناك محامي رودريغ")
            if words and sp.attrs.get("name") and words <= _key_word_set(str(sp.attrs["name"])):
                return self._refer(sp, mention)
        e = bisect_left(self.entity_starts, self.tokens[a].start) - 1
        stop = max(-1, e - HISTORY_DEPTH)
        bare_keys = {_bare(k) for k in keys}
        while e > stop:
            ent = self.entities[e]
            if single and ent.type != "person" and self._entity_words(e, _FIRST_WORD) == head:
                return self._refer(self._entity_speaker(ent, "coreference", self._token_at(ent.start)), mention)
            if words and words <= self._entity_words(e, _NAME_WORDS):
                return self._refer(self._entity_speaker(ent, "coreference", self._token_at(ent.start)), mention)
            if not words and ent.type == "person":
                title = self._entity_words(e, _TITLE_WORDS)
                if title and bare_keys <= title:
                    return self._refer(self._entity_speaker(ent, "coreference", self._token_at(ent.start)), mention)
            e -= 1
        return None

    def _entity_words(self, e: int, which: int) -> Any:
        """Of entity ``e``: its first word (``_bare``), the words of its name
        and surface, or the bare words of its title. Every reference looks
        back over up to HISTORY_DEPTH entities, and looks at most of them
        again and again."""
        found = self.entity_words.get((e, which))
        if found is None:
            ent = self.entities[e]
            surface = self.text[ent.start:ent.end]
            if which == _FIRST_WORD:
                found = _bare(_first_word_key(surface))
            elif which == _NAME_WORDS:
                found = _key_word_set(str(ent.attrs.get("name") or surface)) | _key_word_set(surface)
            else:
                found = _bare_key_words(str(ent.attrs.get("title") or ""))
            self.entity_words[e, which] = found
        return found

    def _refer(self, antecedent: _Speaker, mention: tuple[int, int]) -> _Speaker:
        attrs = dict(antecedent.attrs)  # type: ignore[arg-type]
        if attrs.get("name") is None:
            attrs["name"] = attrs["text"]
        attrs["text"] = self.text[mention[0]:mention[1]]
        attrs["start"], attrs["end"] = mention
        return _Speaker(attrs, antecedent.agr, antecedent.head, "coreference", antecedent.agr_guessed)

    def _token_at(self, offset: int) -> int:
        lo, hi = 0, len(self.tokens)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.tokens[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        return min(lo, len(self.tokens) - 1)

    def _subject_before(self, i: int, lo: int) -> tuple[_Speaker, int] | None:
        """A subject standing before a cue that has none after it."""
        j = i - 1
        while j >= lo and (self.tokens[j].key in self.lex.subject_stops or self.tokens[j].key in _COMMAS
                           or self.tokens[j].key in self.lex.linking_prepositions
                           or self.tokens[j].key in self.lex.skipped_after_cue):
            j -= 1
        if j < lo:
            return None
        end = j
        start = lo
        for m in range(end, max(lo, end - SUBJECT_WINDOW) - 1, -1):
            if self.tokens[m].key in self.lex.clause_openers or self.tokens[m].key in _PUNCT - _COMMAS:
                start = m + 1
                break
            if self.cues[m] is not None:
                start = m + 1
                break
        else:
            if end - lo > SUBJECT_WINDOW:
                start = end + 1
        if start <= end:
            comma = next((m for m in range(start, end + 1) if self.tokens[m].key in _COMMAS), end + 1)
            first_end = comma - 1
            if first_end >= start and self._phrase_end(start, first_end + 1, {}) == first_end:
                first = self.tokens[start].key
                apposition = comma + 1 <= end and self.lex.is_title(self.tokens[comma + 1].key)
                if (self.entity_at[start] is not None or self.lex.is_title(first)
                        or self.lex.head_of(first) is not None or apposition):
                    speaker = self._speaker_of(start, first_end, i)
                    if speaker is not None:
                        if apposition and isinstance(speaker.attrs, dict) and speaker.attrs["type"] == "unnamed":
                            speaker.attrs.update(type="person", name=speaker.attrs["text"])
                        return speaker, start
        # "تصريحات بايدن قال فيها": an entity right before a cue without "و";
        # "تقريرا منسوبا إلى مصادر مجهولة أكدت أن": a speaker noun phrase
        if self.lex.strip_proclitic(self.tokens[i].key, self.lex.forms) == self.tokens[i].key:
            for m in range(end, max(lo, end - 3) - 1, -1):
                k = _nominal_key(self.tokens[m].key)
                if self.lex.head_of(k) is not None and not self.lex.is_title(k):
                    if self._phrase_end(m, end + 1, {}) == end:
                        speaker = self._speaker_of(m, end, i)
                        # the verb agrees with it ("رسالة إلى المجلس، تحذر" is the letter's warning)
                        if speaker is not None and (self.cues[i] is None or _agrees(self.cues[i].agr, speaker.agr)):
                            return speaker, m
                    break
            e = self.entity_at[end]
            if e is not None and self.entities[e].type in ("person", "institution"):
                first = self._token_at(self.entities[e].start)
                before_entity = self.tokens[first - 1].key if first > lo else ""
                # not the object of a preposition ("رسالة إلى المجلس الأوروبي، تحذر")
                if before_entity not in _PREPOSITIONS and before_entity not in self.lex.linking_prepositions:
                    speaker = self._entity_speaker(self.entities[e], "subject", first)
                    if self.cues[i] is None or _agrees(self.cues[i].agr, speaker.agr):
                        return speaker, end
        return None

    def _sentence_subject(self, lo: int, i: int) -> _Speaker | None:
        """The subject after the verb that opens the sentence ("وكثفت الحليفتان ...",
        "بدوره، دعا ستيف بيغون ..."), after its dateline if it has one."""
        lo = self._after_dateline(lo, i)
        # subject-verb with a named subject: "صحيفة لوموند تنتقد الحكومة ... وتقول إن"
        e = self.entity_at[lo]
        if e is not None and self.entities[e].type in ("person", "institution"):
            last = lo
            while last + 1 < i and self.entity_at[last + 1] == e:
                last += 1
            if last + 1 < i and _verb_first(self.tokens[last + 1]) and self.cues[last + 1] is None:
                speaker = self._entity_speaker(self.entities[e], "subject", lo)
                _take_verb_gender(speaker, self._verb_agreement(last + 1))
                return speaker
        # verb-subject: the first verbs of the sentence ("وكان الجيش ... قد قال",
        # "وندد غرايتنز ... وقال", "وأمام هذا الموقف أصدرت شركة X بيانا قالت فيه")
        tried = 0
        for verb in range(lo, min(i, lo + 9)):
            if self.comp[verb]:
                break  # the verbs after "إن"/"أن" are a reported clause's
            if not self.bits[verb] & _VERB and not (verb == lo and _has_verb_reading(self.tokens[verb])):
                continue
            tried += 1
            speaker = self._subject_at(verb + 1, i)
            if speaker is not None:
                _take_verb_gender(speaker, self._verb_agreement(verb))
            if speaker is not None or tried == 2:
                return speaker
        if tried == 0:  # no analyses: the first word is taken for the verb
            speaker = self._subject_at(lo + 1, i)
            if speaker is not None:
                return speaker
        # subject-verb: "صحيفة لوباريزيان تشكر المنتخب ... وتقول إن"
        end = self._phrase_end(lo, i, {}) if self._speaker_start(lo) else lo - 1
        if lo <= end < i - 1 and _has_verb_reading(self.tokens[end + 1]) and self.cues[end + 1] is None:
            return self._speaker_of(lo, end, i)
        return None

    def _after_dateline(self, lo: int, i: int) -> int:
        """The first token after a dateline that opens the sentence ("دبي،
        الإمارات العربية المتحدة (CNN)— أدانت قطر"): places, agencies and
        punctuation up to a dash; else ``lo``."""
        for j in range(lo, min(i, lo + DATELINE_TOKENS)):
            k = self.tokens[j].key
            if k in _DASHES:
                return j + 1 if j > lo else lo
            if self.entity_at[j] is None and k not in _PUNCT and self.bits[j] & _ARABIC:
                return lo
        return lo

    def _verb_agreement(self, j: int) -> str | None:
        """The singular agreement verb ``j`` shows, when its readings agree on one."""
        cue = self.cues[j]
        if cue is not None and cue.form in ("past", "present"):
            return cue.agr
        genders = {a.gen for a in self.tokens[j].analyses if a.pos.startswith("verb") and a.per == "3" and a.num == "s"}
        return genders.pop() + "s" if len(genders) == 1 and genders <= {"m", "f"} else None

    def _speaker_start(self, j: int) -> bool:
        """Can a subject start at token ``j``: an entity, a title, a speaker noun
        or a proper name the analyzer knows as one?"""
        first = _nominal_key(self.tokens[j].key)
        if self.entity_at[j] is not None or self.lex.is_title(first) or self.lex.head_of(first) is not None:
            return True
        if self.bits[j] & _ONLY_PROPER:
            return True
        # "ووجهت 57 مجموعة تكنولوجية": a number before a speaker noun
        return (self.tokens[j].key.isdigit() and j + 1 < len(self.tokens)
                and self.lex.head_of(_nominal_key(self.tokens[j + 1].key)) is not None)

    def _subject_at(self, start: int, i: int) -> _Speaker | None:
        while start < i and self.tokens[start].key in self.lex.skipped_after_cue:
            start += 1
        if start >= i or not self._speaker_start(start):
            return None
        end = self._phrase_end(start, i, {})
        if end < start:
            return None
        named = self._apposed_name(start, end, i)  # "حدد ولي العهد السعودي، الأمير محمد بن سلمان، موعد"
        if named is not None:
            return named[0]
        return self._speaker_of(start, end, i)

    def _main_clause_subject(self, lo: int, i: int, cue: CueMatch) -> _Speaker | None:
        """A participle ("قائلا") speaks for the subject of its sentence's verb."""
        speaker = self._sentence_subject(lo, i)
        if speaker is not None:
            return speaker
        return self._agreeing(cue.agr if cue.agr in ("ms", "fs", "mp") else "ms", i)

    def _agreeing(self, agr: str, at: int) -> _Speaker | None:
        """The speaker a cue without a subject continues: the latest statement's
        speaker if it spoke in this sentence or the one before, else the named
        subject of the sentence before ("ونفت غوغل ... . وقالت:"), else the
        latest earlier speaker, else the subject of one of the two sentences
        before ("وتوجه الرئيس الفرنسي إلى مدعويه. وقال لهم: ..."), else the
        latest person or institution the text named; each only if it agrees."""
        sent = self.tokens[at].sentence
        if self.history:
            pos, sp = self.history[-1]
            if self.tokens[pos].sentence >= sent - 1 and _agrees(agr, sp.agr):
                return _Speaker(sp.attrs, sp.agr, sp.head, "agreement")
        subject = self._agreeing_subject(agr, sent - 1)
        if subject is not None and isinstance(subject.attrs, dict) and subject.attrs["type"] in ("person", "institution"):
            return subject
        for _pos, sp in reversed(self.history[-HISTORY_DEPTH:]):
            if _agrees(agr, sp.agr):
                return _Speaker(sp.attrs, sp.agr, sp.head, "agreement")
        subject = subject or self._agreeing_subject(agr, sent - 2)
        if subject is not None:
            return subject
        offset = self.tokens[at].start
        e = bisect_left(self.entity_starts, offset) - 1
        for _ in range(HISTORY_DEPTH):
            if e < 0:
                break
            ent = self.entities[e]
            e -= 1
            if ent.type not in ("person", "institution"):
                continue
            near = self._entity_speaker(ent, "agreement", self._token_at(ent.start))
            if _agrees(agr, near.agr):
                return near
        return None

    def _agreeing_subject(self, agr: str, sent: int) -> _Speaker | None:
        if sent < 0 or sent >= len(self.bounds):
            return None
        lo, hi = self.bounds[sent]
        if hi - lo < 2:
            return None
        subject = self._sentence_subject(lo, hi)
        if subject is not None and _agrees(agr, subject.agr):
            return _Speaker(subject.attrs, subject.agr, subject.head, "agreement")
        return None

    def _remember(self, at: int, speaker: _Speaker | None) -> None:
        if speaker is not None and speaker.attrs is not None:
            self.history.append((at, speaker))

    # -- output -------------------------------------------------------------------------

    def _span(self, st: _Statement) -> Span:
        tokens = self.tokens
        start, end = tokens[st.start_tok].start, tokens[st.end_tok].end
        evidence = [Evidence("rule", st.pattern)]
        speaker: Any = None
        if st.speaker is not None:
            speaker = st.speaker.attrs
            evidence.append(Evidence("rule", f"speaker-{st.speaker.how}"))
        fragments = [
            {"text": self.text[tokens[s.first].start:tokens[s.last].end], "start": tokens[s.first].start,
             "end": tokens[s.last].end}
            for s in st.fragments if s.last >= s.first
        ]
        attrs = {"kind": st.kind, "cue": st.cue, "speaker": speaker, "fragments": fragments}
        return Span("quote", start, end, tuple(evidence), attrs)


class _Everything:
    """A table that contains every key (to strip a proclitic unconditionally)."""

    def __contains__(self, item: object) -> bool:
        return True


def _pair_quotes(tokens: Sequence[Token], text: str, lo: int, hi: int,
                 marks: Sequence[int] | None = None) -> list[_Segment]:
    """Top-level quotations of tokens ``[lo, hi)``, in one linear pass.

    Openers push and closers pop; the straight mark " closes an open " and
    otherwise opens, unless it is glued to the word before it inside a «»/“”
    quotation (then it closes that one). An opener never closed runs to the
    sentence end, which a line break always is. ``marks``: the tokens of
    ``[lo, hi)`` that are quotation marks, when the caller knows them."""
    stack: list[tuple[int, str]] = []
    segments: list[_Segment] = []
    for i in range(lo, hi) if marks is None else marks:
        mark = tokens[i].text
        if mark not in _QUOTE_MARKS:
            continue
        closing = False
        if mark == '"':
            if stack and stack[-1][1] == '"':
                closing = True
            elif stack:
                glued = tokens[i].start > 0 and not text[tokens[i].start - 1].isspace()
                closing = glued
        elif mark in QUOTE_CLOSE:
            if not stack:
                continue
            closing = True
        if closing and stack:
            opened, _ = stack.pop()
            if not stack:
                segments.append(_Segment(opened, i, i - 1))
        else:
            stack.append((i, mark))
    if stack:
        opened = stack[0][0]
        last = hi - 1
        while last > opened and (tokens[last].key in _PUNCT or tokens[last].text in _QUOTE_MARKS):
            last -= 1
        segments.append(_Segment(opened, None, last))
    return segments


def _verb_first(tok: Token) -> bool:
    """Is the analyzer's first reading of ``tok`` a verb?"""
    return bool(tok.analyses) and tok.analyses[0].pos.startswith("verb")


def _has_verb_reading(tok: Token) -> bool:
    return any(a.pos.startswith("verb") for a in tok.analyses)


def _take_verb_gender(speaker: _Speaker, verb_agr: str | None) -> None:
    """A name rarely shows its gender; the singular verb it is the subject of
    does ("وقالت مرسيدس بونز", "ونفت غوغل"), and a later "وأضافت" agrees with it."""
    if speaker.agr_guessed and verb_agr in ("ms", "fs"):
        speaker.agr = verb_agr
        speaker.agr_guessed = False


def _agrees(verb: str, subject: str | None) -> bool:
    """Does a subjectless cue's agreement fit an earlier subject's? Dual and
    plural agree in number whatever the gender, and so does a verbal noun ("s")
    with any singular."""
    if subject is None:
        return False
    if verb == "s":
        return subject[1] == "s"
    return subject == verb or (subject[1] == verb[1] and verb[1] in "dp")


def _word_count(tokens: Sequence[Token], a: int, b: int) -> int:
    return sum(1 for j in range(a, b + 1) if tokens[j].key[:1].isalnum())


def _trim_end(tokens: Sequence[Token], a: int, b: int) -> int:
    while b >= a and (tokens[b].key in _PUNCT or (tokens[b].text in _QUOTE_MARKS and not _has_opener(tokens, a, b))):
        b -= 1
    return b


def _has_opener(tokens: Sequence[Token], a: int, b: int) -> bool:
    marks = sum(1 for j in range(a, b + 1) if tokens[j].text in _QUOTE_MARKS)
    return marks % 2 == 0


def _definite(k: str) -> bool:
    return k.startswith(("ال", "وال", "فال", "بال", "لل", "كال"))


def _prepositional(k: str) -> bool:
    return k in ("في", "من", "لدى", "عن", "باسم", "داخل", "لشوون", "لشئون") or k.startswith(("بال", "لل"))


def _nominal_key(k: str) -> str:
    """A noun's key without "و"/"ف" before its article, and "لل" read as "ال"."""
    if k.startswith("لل") and len(k) > 3:
        return "ال" + k[2:]
    if k[:1] in ("و", "ف") and k[1:3] == "ال":
        return k[1:]
    return k


def _nisba(k: str) -> bool:
    return k.endswith(("ي", "يه", "يين", "يون", "يان", "يتان", "يتين", "يات"))


def _bare(k: str) -> str:
    return k[2:] if k.startswith("ال") and len(k) > 3 else k


#: text -> (the words of its key, as a set, as a set of ``_bare`` words):
#: speakers' names, surfaces and titles are compared again and again, and
#: ``normalize.key`` is a pure function of the text.
_KEY_WORDS: dict[str, tuple[tuple[str, ...], frozenset[str], frozenset[str]]] = {}
_KEY_WORDS_SIZE = 50_000


def _words_of(s: str) -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
    found = _KEY_WORDS.get(s)
    if found is None:
        from .normalize import key

        if len(_KEY_WORDS) >= _KEY_WORDS_SIZE:
            _KEY_WORDS.clear()
        words = tuple(key(s).split())
        found = _KEY_WORDS[s] = (words, frozenset(words), frozenset(_bare(w) for w in words))
    return found


def _first_word_key(s: str) -> str:
    words = _words_of(s)[0]
    return words[0] if words else ""


def _key_word_set(s: str) -> frozenset[str]:
    return _words_of(s)[1]


def _bare_key_words(s: str) -> frozenset[str]:
    return _words_of(s)[2]


def _agreement_by_ending(k: str) -> str:
    if k.endswith(("تان", "تين")):
        return "fd"
    if k.endswith(("ون", "ين")) or (k.endswith("و") and len(k) > 4):  # "مستشارو الإليزيه"
        return "mp"
    if k.endswith("ان") and len(k) > 4:
        return "md"
    if k.endswith(("ه", "ات")):
        return "fs"
    return "ms"
