"""People, institutions and places: gazetteer matching, name rules, coreference.

``EntityResources.load()`` reads the gazetteers and lexicons of ``models/``
once per process (through a pickle cache keyed by the files' sizes and
mtimes) and compiles them into token tries. ``find_entities`` then works on
the analyzed tokens of one article, in passes that each cost one walk over
the tokens:

1. gazetteer matching, clitic-aware (وبايدن -> بايدن), longest first;
2. rules for names no gazetteer has: a title before or after a name, a name in
   quotation marks next to a title or verb, a known given name followed by
   unknown words, an institution head with its complements, a parenthesized
   alias after an institution;
3. coreference inside the article: a later "بايدن", "الرئيس يون" or
   "الوزارة" takes the canonical name of its earlier full mention.

Every span's ``evidence`` names the gazetteer entry or the rule.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, repeat
from pathlib import Path
from operator import and_, attrgetter
from typing import Any, Iterable, Sequence

from . import gazetteer as gz
from .entities_lexicon import Lexicons
from .model import _ARABIC_LETTER, AnalyzedDocument, Evidence, Span, Token
from .normalize import fold
from .token_memo import TokenRowMemo

_CACHE_VERSION = 7
_QUOTES = frozenset('"«»“”„')
_OPEN_QUOTES = frozenset('"«“„')
_CLOSE_QUOTES = frozenset('"»”')
_COMMAS = frozenset("،,")
#: A letter or digit (``str.isalnum``).
_ALNUM = re.compile(r"[^\W_]")
_SENTENCE = attrgetter("sentence")
_NAME_CONNECTORS = frozenset({"بن", "ابن", "بنت", "ابو", "عبد", "ال", "ولد", "اب", "ام", "دي", "دو", "فان", "فون", "دير", "لو", "دا"})


def _cache_dir() -> Path:
    from .camel_offline import cache_dir

    return cache_dir()


#: Compiled gazetteers kept besides the current one (another checkout, a
#: user gazetteer that was just edited back) before older ones are removed.
_SPARE_CACHES = 4


def _prune_caches(current: Path) -> None:
    def mtime(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    others = sorted((p for p in current.parent.glob("entities-*.pickle") if p != current),
                    key=mtime, reverse=True)
    for old in others[_SPARE_CACHES:]:
        old.unlink(missing_ok=True)


@dataclass
class EntityResources:
    """Everything the entity matchers need, compiled once per process."""

    entries: list[gz.Entry]
    #: token-key trie of every entry name and variant: {token: child}, "" -> entry indexes
    trie: dict
    #: skeleton of person names -> entry index (one person, many spellings)
    skeletons: dict[str, int]
    lex: Lexicons
    #: Keys of words that are parts of known names (persons and places), for
    #: deciding whether an unknown token looks like a name.
    name_parts: frozenset[str] = frozenset()
    #: Whether a name's tokens include a comma (then "name, title" may find
    #: its comma anywhere after the name's start).
    comma_in_names: bool = True
    #: the evidence of each entry, by index (spans share it: it is immutable)
    evidence: list[Evidence] = field(default_factory=list)
    #: what the rules ask of each word, filled as articles are read (not pickled)
    token_facts: "_FactsMemo" = field(default_factory=lambda: _FactsMemo(), repr=False, compare=False)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "token_facts"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.token_facts = _FactsMemo()

    # -- loading ------------------------------------------------------------

    @classmethod
    def load(cls, models_dir: Path | None = None, user_dir: Path | None = None) -> "EntityResources":
        models = gz.models_dir(models_dir)
        user_file = gz.user_file(user_dir)
        sources = gz.shipped_files(models) + sorted((models / "lexicons").glob("*.yaml"))
        if user_file.exists():
            sources.append(user_file)
        stamp = hashlib.sha1(repr(_CACHE_VERSION).encode())
        # the code that builds the compiled form is part of its key: a cache
        # pickled by another version must never be loaded
        code = Path(__file__).parent
        sources = [*sources, *(code / f for f in ("entities.py", "entities_rules.py", "entities_lexicon.py", "gazetteer.py"))]
        for path in sources:
            st = path.stat()
            stamp.update(f"{path}:{st.st_size}:{st.st_mtime_ns};".encode())
        cache = _cache_dir() / f"entities-{stamp.hexdigest()[:16]}.pickle"
        try:
            with open(cache, "rb") as f:
                return pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
                ValueError, TypeError, IndexError, KeyError):  # a corrupt cache is rebuilt
            pass
        res = cls.build(gz.load_all(models, user_dir), Lexicons.load(models / "lexicons"))
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as f:
                pickle.dump(res, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache)
            _prune_caches(cache)
        except OSError:  # a read-only home still runs, only slower to start
            pass
        return res

    @classmethod
    def build(cls, entries: list[gz.Entry], lex: Lexicons) -> "EntityResources":
        trie: dict = {}
        skeletons: dict[str, int] = {}
        parts: set[str] = set()
        for index, entry in enumerate(entries):
            for name in entry.names():
                for seq in gz.variants(name, entry.type):
                    node = trie
                    for tok in seq:
                        node = node.setdefault(tok, {})
                    node.setdefault("", [])
                    if index not in node[""]:
                        node[""].append(index)
                if entry.type in ("person", "place"):
                    parts.update(t for t in gz.name_tokens(name) if len(t) > 2)
                if entry.type == "person" and len(gz.name_tokens(name)) > 1:
                    skeletons.setdefault(gz.skeleton(name), index)
        # A title or honorific inside a name ("الملك محمد السادس") is still a
        # title: it must not make every "الملك" look like a name.
        parts -= lex.stopwords
        parts -= lex.honorifics
        parts = {p for p in parts if lex.title_trie.get(p) is None}
        return cls(entries, trie, skeletons, lex, frozenset(parts), _has_comma(trie),
                   [Evidence("gazetteer", entry.evidence_id) for entry in entries])

    def proper_nouns(self) -> Iterable[str]:
        """Single words of person and place names, and one-word institution
        aliases, for the morphology analyzer's proper-noun readings."""
        seen: set[str] = set()
        for entry in self.entries:
            for name in entry.names():
                words = name.replace("-", " ").split()
                if entry.type == "institution" and len(words) > 1:
                    continue
                for w in words:
                    k = gz.key(w)
                    if k in seen or k in self.lex.stopwords or len(k) < 2:
                        continue
                    seen.add(k)
                    yield w


def _has_comma(trie: dict) -> bool:
    nodes = [trie]
    while nodes:
        node = nodes.pop()
        if any(k in _COMMAS for k in node):
            return True
        nodes.extend(child for k, child in node.items() if k)
    return False


# -- per-document view of the tokens ---------------------------------------------


@dataclass
class _Cand:
    type: str
    i: int  # first token
    j: int  # one past the last token
    start: int
    end: int
    evidence: list[Evidence]
    attrs: dict[str, Any] = field(default_factory=dict)
    entry: int | None = None


class _View:
    """Tokens of one article with what the rules ask of them, computed once.

    Every per-token class (punctuation, stopword, verb, proper noun, given
    name, clitic readings, ...) is a column, filled when the view is built
    from the facts of each word (``_FactsMemo``), so that the rules, which
    ask them of every token several times, cost a lookup each.
    """

    def __init__(self, doc: AnalyzedDocument, res: EntityResources):
        self.doc = doc
        self.res = res
        self.lex = res.lex
        self.text = doc.document.text
        toks = self.toks = doc.tokens
        n = self.n = len(toks)
        self.analyzed = any(t.analyses for t in toks)
        self._origin = doc.clean.origin
        self._ci: dict[int, int] = {}
        # Per-token columns, indexed like ``toks``: ``keys`` (matching key), ``forms``
        # (clitic readings), ``punct``, ``stop`` (stopword), ``given`` (given name),
        # ``title_start`` (may open a title), ``head_start`` (may open an
        # institution's head noun); from the analyses: ``verb`` (only a
        # verb), ``prop`` (a proper-noun reading), ``blocker`` (only an ordinary
        # noun, adjective or particle), ``prop_only`` (only proper-noun or
        # unknown readings), ``coordinated`` (only "و" + a word), ``unknown``
        # (no reading but the analyzer's guess), ``nominal`` (known, never as a
        # proper noun, with a noun or particle reading), ``preposed`` (a known
        # word, always after a preposition ب/ل/ك: "لركلة", "بنجاح"); ``starts``
        # (the bits ``_GAZETTEER`` ... ``_OPEN_QUOTE``: where a pass may find something),
        # ``rare_starts`` (only the ``_RARE`` bits of ``starts``).
        rows = res.token_facts.facts(res, toks)
        (self.keys, self.forms, self.punct, self.stop, self.given, self.title_start, self.head_start,
         self.verb, self.prop, self.blocker, self.prop_only, self.coordinated, self.unknown,
         self.nominal, self.preposed, self.name_like0, self.strong0, self.starts, rare_starts) = (
            zip(*rows) if rows else ((),) * _FACTS)
        if not self.analyzed:
            # no token has a reading, so ``strong0`` is the word's own evidence
            proper = self.lex.proper_nouns
            self.strong0 = [w or k in proper or g for w, k, g in zip(self.strong0, self.keys, self.given)]
        #: the tokens with one of the ``_RARE`` bits, and those bits of their
        #: ``starts``: most passes look for one of these, and a quarter of the
        #: tokens have one
        self._rare = list(compress(range(n), rare_starts))
        self._rare_starts = list(compress(rare_starts, rare_starts))
        self._positions: dict[int, list[int]] = {}
        self.sentence = list(map(_SENTENCE, toks))
        #: the tokens that may open an institution's head noun
        self.heads = list(compress(range(n), self.head_start))
        #: index of the first comma at or after each token (n if none)
        self.next_comma = next_comma = [n] * (n + 1)
        done = 0
        for c in self.positions(_COMMA):
            next_comma[done:c + 1] = [c] * (c + 1 - done)
            done = c + 1
        self.place_at: dict[int, _Cand] = {}
        self.inst_at: dict[int, _Cand] = {}
        self.person_at: dict[int, _Cand] = {}
        #: article-level names: token key -> canonical (name, entry index or None)
        self.known_parts: dict[str, tuple[str, int | None, str | None]] = {}
        #: ``head_match`` of the tokens asked so far
        self._head_matches: dict[int, tuple[int, int, Any] | None] = {}

    def positions(self, bit: int) -> list[int]:
        """The tokens whose ``starts`` have ``bit``, in order (kept: two
        passes ask for the commas, two for the quotation marks)."""
        found = self._positions.get(bit)
        if found is None:
            if bit & _RARE == bit:
                found = list(compress(self._rare, map(and_, self._rare_starts, repeat(bit))))
            else:
                found = list(compress(range(self.n), map(and_, self.starts, repeat(bit))))
            self._positions[bit] = found
        return found

    # offsets ------------------------------------------------------------------

    def base_start(self, i: int, prefix_len: int) -> int:
        if prefix_len == 0:
            return self.toks[i].start
        ci = self._ci.get(i)
        if ci is None:
            ci = self._ci[i] = bisect_left(self._origin, self.toks[i].start)
        return self._origin[ci + prefix_len]

    def surface(self, start: int, end: int) -> str:
        return self.text[start:end]

    # clitics ------------------------------------------------------------------

    def clitic_ok(self, i: int, prefix_len: int) -> bool:
        """Does the analysis agree that token i starts with a clitic of this length?"""
        if prefix_len == 0:
            return True
        tok = self.toks[i]
        if not tok.analyses or not _ARABIC_LETTER.search(tok.text[prefix_len:]):
            return True  # "وTwitter": the analyzer has no say on Latin script
        start = self.base_start(i, prefix_len) - tok.start  # stem offsets are relative to the token
        for a in tok.analyses:
            if a.backoff or a.pos == "noun_prop" and a.stem_start == start:
                return True
            if a.prefixes and a.stem_start >= start:
                return True  # "والأردن": و + ال + أردن; a span may keep the article
        # the analyzer knows the whole word and sees no clitic: "كمال" is not "ك" + "مال"
        return all(a.backoff for a in tok.analyses)

    def longest_match(self, trie: dict, i: int, forms: bool = True, clitic_check: bool = False,
                      hyphens: bool = False) -> tuple[int, int, Any] | None:
        """Longest match of a token trie starting at token i: (end token, prefix
        length, value), or None. ``forms``: also try token i without its
        proclitics; ``clitic_check``: only where the analysis agrees there is a
        clitic; ``hyphens``: step over a hyphen written between two words."""
        if i >= self.n:
            return None
        keys, n = self.keys, self.n
        best = None
        for form, plen in (self.forms[i] if forms else ((keys[i], 0),)):
            node = trie.get(form)
            if node is None:
                continue
            j = i + 1
            last = (j, node[""]) if "" in node else None
            while j < n and node:
                k = keys[j]
                if hyphens and k == "-" and j + 1 < n and self.toks[j].start == self.toks[j - 1].end:
                    j += 1
                    continue
                node = node.get(k)
                if node is None:
                    break
                j += 1
                if "" in node:
                    last = (j, node[""])
            # the clitic asked last: only of a match that would be the longest
            if last and (best is None or last[0] > best[0] or last[0] == best[0] and plen < best[1]) \
                    and not (plen and clitic_check and not self.clitic_ok(i, plen)):
                best = (last[0], plen, last[1])  # "والأردن" is "و" + "الأردن", not "وال" + "أردن"
        return best

    def head_match(self, i: int) -> tuple[int, int, Any] | None:
        """``longest_match`` of the institution heads at token i, kept: the
        institution and coreference passes ask it of the same tokens."""
        matches = self._head_matches
        if i in matches:
            return matches[i]
        found = matches[i] = self.longest_match(self.lex.head_trie, i)
        return found

    # token classes ------------------------------------------------------------

    def name_like(self, i: int) -> bool:
        return i < self.n and self.name_like0[i] and i not in self.place_at

    def strong_name(self, i: int) -> bool:
        """Evidence beyond "not a known common word" that token i is a name."""
        return self.strong0[i] or bool(self.known_parts.get(self.keys[i]))



_NO_ANALYSIS = (False,) * 10
#: Length of a ``_token_facts`` row.
_FACTS = 19
#: Bits of ``_View.starts``, what the passes ask before they look closer: the
#: token may open a gazetteer name; is a comma; may open a title; may open a
#: name of its own (a given name, a proper noun that may be a name); may
#: precede a name in "name, title" (punctuation, و/ف, a verb); may open a
#: name or continue one (a word that may be a name, a gazetteer name or a
#: quotation mark); may precede a quoted name (a verb); is a name cue
#: ("يدعى"); is an opening quotation mark; is definite ("ال", "وال") and may
#: be a nationality adjective.
(_GAZETTEER, _COMMA, _TITLE, _NAME_HEAD, _OPENS_NAME, _MAY_OPEN_NAME, _QUOTE_VERB, _NAME_CUE,
 _OPEN_QUOTE, _NATIONALITY) = (1 << b for b in range(10))
#: The bits few tokens have (not ``_OPENS_NAME``, ``_MAY_OPEN_NAME``, ``_QUOTE_VERB``).
_RARE = _GAZETTEER | _COMMA | _TITLE | _NAME_HEAD | _NAME_CUE | _OPEN_QUOTE | _NATIONALITY


class _FactsMemo(TokenRowMemo[tuple]):
    """(token text, its analyses) -> ``_token_facts`` of the token, for
    the process: building a view is mostly lookups."""

    def __init__(self) -> None:
        super().__init__()
        self._classes: _WordClasses | None = None

    def facts(self, res: EntityResources, toks: Sequence[Token]) -> list[tuple]:
        classes = self._classes
        if classes is None or classes.res is not res:
            classes = self._classes = _WordClasses(res)
        # shared: the quote matcher, next on the article, reads its rows from the same records
        by_initial = classes.proclitics_by_initial
        return self.rows(toks, lambda tok: _plain_word_facts(classes, tok.text, tok.key, tok.analyses)
                         or _token_facts(res, tok.text, tok.key, tok.analyses, by_initial), share=True)


class _WordClasses:
    """Every word ``_token_facts`` treats apart from a plain word, gathered
    from the lexicons and gazetteers, so that a plain word (most of an
    article's new words) is told apart in a few lookups."""

    def __init__(self, res: EntityResources) -> None:
        self.res = res
        lex = res.lex
        #: readings that may open a gazetteer name, a title or an institution's
        #: head, or be a nationality adjective
        self.opening = frozenset().union(res.trie, lex.title_trie, lex.modifier_trie, lex.head_trie, lex.nisba)
        #: the keys of the stopwords: a token whose key is not one is no stopword
        #: (``Lexicons.soft`` folds less than the key does)
        self.stop_keys = frozenset(fold(w).lower() for w in lex.stopwords_soft)
        #: keys that some test of ``_token_facts`` or ``_may_be_name`` singles out
        #: (but a word of a known name only, whose row says so in ``strong0``)
        self.marked = frozenset().union(
            self.stop_keys, lex.given_names, lex.compound_given, lex.person_verbs,
            lex.name_cues, lex.kin_nouns, _COMMAS, lex.nisba, lex.directions, lex.honorifics, lex.months,
            lex.place_heads, ("و", "ف"))
        self.name_parts = res.name_parts
        #: second words of "وجو", coordinated names (``_may_be_name``)
        self.coordinated_names = lex.given_names | res.name_parts
        self.proclitics_by_initial = _proclitics_by_initial(lex.proclitics)


class _VerbParts(dict):
    """Part of speech -> whether it is a verb's ("verb", "verb_pseudo"), filled
    as met: a lookup costs less than ``str.startswith`` on every reading."""

    def __missing__(self, pos: str) -> bool:
        verb = self[pos] = pos.startswith("verb")
        return verb


_VERB_POS = _VerbParts()


def _classify(an: tuple) -> tuple[bool, ...]:
    """(verb, prop, common, blocker, prop_only, coordinated, suffixed, unknown, nominal, preposed) of one
    token's analyses; see ``_View``."""
    # asked of every new word: one walk, no slice or tuple made per reading
    has_prop = has_backoff = has_verb = has_other = False
    all_backoff = all_odd = coordinated = suffixed = preposed = True
    for a in an:
        pos = a.pos
        if pos == "noun_prop":
            has_prop = True
            if a.backoff:
                has_backoff = True
            else:
                all_backoff = False
        elif a.backoff:
            has_backoff = True
        else:
            all_odd = all_backoff = False
        if _VERB_POS[pos]:
            has_verb = True
        else:
            has_other = True
        prefixes = a.prefixes
        if not prefixes:
            coordinated = preposed = False
        elif (first := prefixes[0]) != "و":
            coordinated = False
            if first not in _PREPOSITIONS:
                preposed = False
        else:
            preposed = False
        if not a.suffixes:
            suffixed = False
    known = not (has_prop or has_backoff)
    return (has_verb and known, has_prop or all_backoff, known, known and not has_verb,
            all_odd, coordinated, suffixed, all_backoff, known and has_other, preposed and not has_backoff)


_UNSET: Any = object()

#: The proclitic prepositions of ``preposed``.
_PREPOSITIONS = frozenset({"ب", "ل", "ك"})


def _token_facts(res: EntityResources, text: str, token_key: str, analyses: tuple,
                 by_initial: Any = _UNSET) -> tuple:
    """What the rules ask of a token regardless of its context: one row of
    ``_View``'s columns, in their order. ``by_initial``: as for ``_forms``."""
    lex = res.lex
    arabic = _ARABIC_LETTER.search(text) is not None
    k = token_key.lower()  # "وInstagram" finds "instagram" once و is stripped
    forms = _forms(lex, k, by_initial) if arabic else ((k, 0),)
    readings = [f for f, _ in forms]
    punct = _ALNUM.search(text) is None
    soft = lex.soft(text)  # folds letter by letter: soft(text[1:]) is soft[1:]
    stop = soft in lex.stopwords_soft or (any(p == 1 for _, p in forms[1:]) and soft[1:] in lex.stopwords_soft)
    given = k in lex.given_names and (not text.endswith("ى") or k in lex.given_final_alif) or k in lex.compound_given
    title_start = not (lex.title_trie.keys().isdisjoint(readings) and lex.modifier_trie.keys().isdisjoint(readings))
    head_start = not lex.head_trie.keys().isdisjoint(readings)
    name_like = not (punct or stop) and arabic and len(k) >= 2 and _may_be_name(res, k)
    strong = k in res.name_parts or (given and k not in lex.given_common)
    (verb, prop, _common, blocker, prop_only, coordinated, suffixed, unknown, nominal,
     preposed) = _classify(analyses) if analyses else _NO_ANALYSIS
    name_like0 = name_like and not suffixed and not (
        unknown and any(p.match(f) for p in lex.plural_shapes for f in readings))  # shaped like a plural
    gazetteer = not res.trie.keys().isdisjoint(readings)
    person_verb = k in lex.person_verbs
    open_quote = text in _OPEN_QUOTES
    starts = ((_GAZETTEER if gazetteer else 0)
              | (_COMMA if k in _COMMAS else 0)
              | (_TITLE if title_start else 0)
              | (_NAME_HEAD if given or k in lex.compound_given
                 or prop and name_like0 and not k.startswith("ال") else 0)
              | (_OPENS_NAME if punct or k in ("و", "ف") or person_verb or verb else 0)
              | (_MAY_OPEN_NAME if name_like0 or gazetteer or open_quote else 0)
              | (_QUOTE_VERB if person_verb or verb and not stop else 0)
              | (_NAME_CUE if k in lex.name_cues or k in lex.kin_nouns else 0)
              | (_OPEN_QUOTE if open_quote else 0)
              # "الدولية" (no country) is an adjective, never "the Dutchman"
              | (_NATIONALITY if k.startswith(("ال", "وال")) and any(lex.nisba.get(f) for f in readings) else 0))
    return (k, forms, punct, stop, given, title_start, head_start, verb, prop, blocker, prop_only,
            coordinated, unknown, nominal, preposed, name_like0, strong or prop_only, starts, starts & _RARE)


def _plain_word_facts(classes: _WordClasses, text: str, token_key: str, analyses: tuple) -> tuple | None:
    """``_token_facts`` of an Arabic word that no lexicon or gazetteer names
    (none of ``classes``) but as a word of a known name, or None for any
    other token.

    Most new words of an article are such words; for them every test of
    ``_token_facts`` but the analyses' is false, so this skips the stopword
    folding and a dozen lookups per word (tests/test_match_shortcuts.py
    checks that both give the same row). ``token_key`` is the token's key
    (``normalize.fold`` of ``text``)."""
    k = token_key.lower()
    # most words open with an Arabic letter, which spares the search
    if k in classes.marked or not ("\u0621" <= text[:1] <= "\u064a" or _ARABIC_LETTER.search(text)):
        return None
    forms = _forms(classes.res.lex, k, classes.proclitics_by_initial)
    opening = classes.opening
    for form, _ in forms:
        if form in opening:
            return None
    rest = k[1:]
    if rest in classes.stop_keys or k[0] == "و" and len(k) > 3 and rest in classes.coordinated_names:
        return None
    if not analyses:
        name_like0 = len(k) >= 2
        return (k, forms, False, False, False, False, False, False, False, False, False,
                False, False, False, False, name_like0, k in classes.name_parts,
                _MAY_OPEN_NAME if name_like0 else 0, 0)
    (verb, prop, _common, blocker, prop_only, coordinated, suffixed, unknown, nominal,
     preposed) = _classify(analyses)
    name_like0 = len(k) >= 2 and not suffixed and not (
        unknown and any(p.match(f) for p in classes.res.lex.plural_shapes for f, _ in forms))
    starts = ((_NAME_HEAD if prop and name_like0 and not k.startswith("ال") else 0)
              | (_OPENS_NAME | _QUOTE_VERB if verb else 0)
              | (_MAY_OPEN_NAME if name_like0 else 0))
    return (k, forms, False, False, False, False, False, verb, prop, blocker, prop_only,
            coordinated, unknown, nominal, preposed, name_like0, prop_only or k in classes.name_parts,
            starts, starts & _RARE)


def _may_be_name(res: EntityResources, k: str) -> bool:
    lex = res.lex
    if k in lex.nisba or k in lex.directions:
        return False
    if "" in lex.title_trie.get(k, ()) and k not in res.name_parts:
        return False  # a title alone; "الأمين" only opens the title "الأمين العام"
    if k in lex.honorifics or k in lex.months or k in lex.place_heads:
        return False
    if lex.head_trie.get(k) is not None:
        return False
    if k[0] == "و" and len(k) > 3 and (k[1:] in lex.given_names or k[1:] in res.name_parts):
        return False  # "وجو": a coordinated second name
    return True


def _forms(lex: Lexicons, k: str, by_initial: Any = _UNSET) -> tuple[tuple[str, int], ...]:
    """(key, prefix length) readings of an Arabic token key: whole, then
    without proclitics. ``by_initial``: ``_proclitics_by_initial`` of the
    lexicon's proclitics, when the caller keeps it (the cache hashes them)."""
    if len(k) < 3:
        return ((k, 0),)
    if by_initial is _UNSET:
        by_initial = _proclitics_by_initial(lex.proclitics)
    if by_initial is None:
        group = lex.proclitics
    else:
        initial = by_initial.get(k[0])
        if initial is None:  # two words in three open with no proclitic's letter
            return ((k, 0),)
        any_second, by_second = initial
        group = by_second.get(k[1], any_second)
    out = [(k, 0)]
    for form, restores_article in group:
        if k.startswith(form) and len(k) - len(form) >= 2:
            rest = k[len(form):]
            out.append(("ال" + rest if restores_article else rest, len(form)))
    return tuple(out)


_Proclitics = tuple[tuple[str, bool], ...]


@lru_cache(maxsize=8)
def _proclitics_by_initial(proclitics: _Proclitics) -> dict[str, tuple[_Proclitics, dict[str, _Proclitics]]] | None:
    """The proclitics a word may open with, by its first letter: (those of one
    letter, and by the word's second letter those of one letter or opening
    with these two), each group in the order of ``proclitics``; None if one
    is empty (it goes before every word)."""
    if not all(form for form, _ in proclitics):
        return None
    out = {}
    for initial in dict.fromkeys(form[0] for form, _ in proclitics):
        one_letter = tuple((form, article) for form, article in proclitics if form == initial)
        seconds = {form[1] for form, _ in proclitics if len(form) > 1 and form[0] == initial}
        out[initial] = (one_letter, {
            second: tuple((form, article) for form, article in proclitics
                          if form == initial or form[:2] == initial + second)
            for second in seconds})
    return out


# -- matching ------------------------------------------------------------------


def _gazetteer(v: _View) -> list[_Cand]:
    trie = v.res.trie
    out: list[_Cand] = []
    disowned: set[int] = set()
    free = 0  # the first token not inside an earlier match
    for i in v.positions(_GAZETTEER):
        if i < free:
            continue
        best = v.longest_match(trie, i, clitic_check=True, hyphens=True)
        if best is None:
            continue
        j, plen, idxs = best
        entry_index = idxs[0]
        entry = v.res.entries[entry_index]
        if entry.ambiguous and not (i > 0 and v.keys[i - 1] in v.lex.place_cues):
            continue
        if j == i + 1 and v.given[i] and not v.keys[i].startswith("ال") and entry.type != "person" \
                and gz.name_tokens(entry.name)[0].startswith("ال"):
            continue  # "خليل صويلح": a given name, not "الخليل" without its article
        if entry.type == "person" and j == i + 1 and i > 0:
            if _after_team_head(v, i):
                continue  # "لاعب فريق بولتون": a club named after a town, not جون بولتون
            if plen == 0 and free < i and _after_other_given_name(v, i, entry):  # free < i: no match ends at i
                # "ميلانيا ترامب" is not دونالد ترامب; a surname spelt unlike the entry's
                # ("إيريك شولتز", أولاف شولتس) names the article's own person throughout
                if v.keys[i] != gz.name_tokens(entry.name)[-1]:
                    disowned.add(entry_index)
                continue
        cand = _Cand(
            entry.type, i, j, v.base_start(i, plen), v.toks[j - 1].end,
            [v.res.evidence[entry_index]], _entry_attrs(entry), entry_index,
        )
        out.append(cand)
        free = j
    # "إيريك شولتز", then "وقال شولتز": the article's own person, not أولاف شولتس
    return [c for c in out if not (c.entry in disowned and c.j - c.i == 1)]


def _after_team_head(v: _View, i: int) -> bool:
    head = v.head_match(i - 1)
    return head is not None and head[0] == i and head[2][0] == "club"


def _after_other_given_name(v: _View, i: int, entry: gz.Entry) -> bool:
    """A one-word alias of a person after a first name that is not the
    entry's: a given name the lexicon knows, or a word the analyzer reads only
    as a proper noun it does not know ("إيريك")."""
    b = i - 1
    if v.sentence[b] != v.sentence[i] or v.keys[b] in gz.name_tokens(entry.name):
        return False
    return v.given[b] and v.keys[b] not in v.lex.given_common and not v.stop[b] or v.prop_only[b] and v.unknown[b]


def _entry_attrs(entry: gz.Entry) -> dict[str, Any]:
    attrs: dict[str, Any] = {"name": entry.name, "id": entry.id}
    if entry.type == "institution" and entry.kind:
        attrs["kind"] = entry.kind
    if entry.country:
        attrs["country"] = entry.country
    return attrs


def find_entities(doc: AnalyzedDocument, res: EntityResources) -> list[Span]:
    from .entities_rules import run_rules

    v = _View(doc, res)
    cands = _gazetteer(v)
    at_by_type = {"place": v.place_at, "institution": v.inst_at, "person": v.person_at}
    for c in cands:
        at = at_by_type[c.type]
        for t in range(c.i, c.j):
            at[t] = c
    cands = run_rules(v, cands)
    spans = []
    for c in cands:
        if c.end <= c.start:
            continue
        # most spans have one piece of evidence, which needs no hashing to be unique
        evidence = tuple(c.evidence) if len(c.evidence) == 1 else tuple(dict.fromkeys(c.evidence))
        spans.append(Span(c.type, c.start, c.end, evidence, _ordered(c.attrs)))
    return spans


_ATTR_ORDER = ("name", "id", "title", "kind", "country")


def _ordered(attrs: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k in _ATTR_ORDER:
        value = attrs.get(k)
        if value is not None:
            out[k] = value
    if len(out) < len(attrs):  # attributes of no known order, or None
        out.update({k: v for k, v in attrs.items() if k not in out and v is not None})
    return out

