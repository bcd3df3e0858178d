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
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from . import gazetteer as gz
from .entities_lexicon import Lexicons
from .model import _ARABIC_LETTER, AnalyzedDocument, Evidence, Span, Token

_CACHE_VERSION = 6
_QUOTES = frozenset('"«»“”„')
_OPEN_QUOTES = frozenset('"«“„')
_CLOSE_QUOTES = frozenset('"»”')
_COMMAS = frozenset("،,")
_NAME_CONNECTORS = frozenset({"بن", "ابن", "بنت", "ابو", "عبد", "ال", "ولد", "اب", "ام", "دي", "دو", "فان", "فون", "لو", "دا"})


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
    #: context-free facts about words, filled as articles are read (not pickled)
    word_cache: dict[str, tuple] = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "word_cache"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.word_cache = {}

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
        return cls(entries, trie, skeletons, lex, frozenset(parts))

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
    name, clitic readings, ...) is computed in one walk when the view is built,
    so that the rules, which ask them of every token several times, cost a
    list lookup each.
    """

    def __init__(self, doc: AnalyzedDocument, res: EntityResources):
        self.doc = doc
        self.res = res
        lex = self.lex = res.lex
        self.text = doc.document.text
        toks = self.toks = doc.tokens
        n = self.n = len(toks)
        self.analyzed = any(t.analyses for t in toks)
        self._origin = doc.clean.origin
        self._ci: dict[int, int] = {}
        # Per-token lists, indexed like ``toks``: ``keys`` (matching key), ``forms``
        # (clitic readings), ``punct``, ``stop`` (stopword), ``given`` (given name),
        # ``title_start`` (may open a title), ``head_start`` (may open an
        # institution's head noun); from the analyses: ``verb`` (only a
        # verb), ``prop`` (a proper-noun reading), ``common`` (never a proper
        # noun), ``blocker`` (only an ordinary noun, adjective or particle),
        # ``prop_only`` (only proper-noun or unknown readings), ``coordinated``
        # (only "و" + a word), ``suffixed`` (always with a pronoun suffix),
        # ``unknown`` (no reading but the analyzer's guess), ``nominal`` (known,
        # never as a proper noun, with a noun or particle reading), ``preposed``
        # (a known word, always after a preposition ب/ل/ك: "لركلة", "بنجاح").
        words = [_word(res, t.text, t.key) for t in toks]
        (self.keys, self.arabic, self.forms, self.punct, self.stop, self.given, self.title_start,
         self.head_start, name_like, strong, plural) = (list(col) for col in zip(*words)) if words else (
            [] for _ in range(11))
        # The analyzer shares one analyses tuple per word: classify each tuple once.
        classes = _CLASSES
        rows = []
        for t in toks:
            an = t.analyses
            if not an:
                rows.append(_NO_ANALYSIS)
                continue
            c = classes.get(id(an))
            if c is None:
                if len(classes) >= _CLASSES_SIZE:
                    classes.clear()
                row = _classify(an)
                c = classes[id(an)] = (an, _ROWS.setdefault(row, row))  # ~100 distinct rows
            rows.append(c[1])
        (self.verb, self.prop, self.common, self.blocker, self.prop_only, self.coordinated,
         self.suffixed, self.unknown, self.nominal, self.preposed) = (list(col) for col in zip(*rows)) if rows else (
            [] for _ in range(10))
        self.name_like0 = [w and not x and not (p and u) for w, x, p, u in
                           zip(name_like, self.suffixed, plural, self.unknown)]
        if self.analyzed:
            self.strong0 = [w or x for w, x in zip(strong, self.prop_only)]
        else:
            proper = lex.proper_nouns
            self.strong0 = [w or k in proper or g for w, k, g in zip(strong, self.keys, self.given)]
        #: index of the first comma at or after each token (n if none)
        self.next_comma = [n] * (n + 1)
        for i in range(n - 1, -1, -1):
            self.next_comma[i] = i if self.keys[i] in _COMMAS else self.next_comma[i + 1]
        self.place_at: dict[int, _Cand] = {}
        self.inst_at: dict[int, _Cand] = {}
        self.person_at: dict[int, _Cand] = {}
        #: article-level names: token key -> canonical (name, entry index or None)
        self.known_parts: dict[str, tuple[str, int | None, str | None]] = {}

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
            if node is None or plen and clitic_check and not self.clitic_ok(i, plen):
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
            if last and (best is None or last[0] > best[0] or last[0] == best[0] and plen < best[1]):
                best = (last[0], plen, last[1])  # "والأردن" is "و" + "الأردن", not "وال" + "أردن"
        return best

    # token classes ------------------------------------------------------------

    def name_like(self, i: int) -> bool:
        return i < self.n and self.name_like0[i] and i not in self.place_at

    def strong_name(self, i: int) -> bool:
        """Evidence beyond "not a known common word" that token i is a name."""
        return self.strong0[i] or bool(self.known_parts.get(self.keys[i]))



_NO_ANALYSIS = (False,) * 10
#: id of an analyses tuple -> (the tuple, its ``_classify``); holding the tuple
#: keeps its id from being reused.
_CLASSES: dict[int, tuple[tuple, tuple[bool, ...]]] = {}
_CLASSES_SIZE = 200_000
_ROWS: dict[tuple[bool, ...], tuple[bool, ...]] = {}


def _classify(an: tuple) -> tuple[bool, ...]:
    """(verb, prop, common, blocker, prop_only, coordinated, suffixed, unknown, nominal, preposed) of one
    token's analyses; see the ``is_*`` methods of ``_View``."""
    has_prop = has_backoff = has_verb = has_other = False
    all_backoff = all_odd = coordinated = suffixed = preposed = True
    for a in an:
        p = a.pos == "noun_prop"
        b = a.backoff
        has_prop |= p
        has_backoff |= b
        is_verb = a.pos.startswith("verb")
        has_verb |= is_verb
        has_other |= not is_verb
        all_backoff &= b
        all_odd &= p or b
        coordinated &= a.prefixes[:1] == ("و",)
        suffixed &= bool(a.suffixes)
        preposed &= a.prefixes[:1] in (("ب",), ("ل",), ("ك",))
    known = not (has_prop or has_backoff)
    return (has_verb and known, has_prop or all_backoff, known, known and not has_verb,
            all_odd, coordinated, suffixed, all_backoff, known and has_other, preposed and not has_backoff)


def _word(res: EntityResources, text: str, token_key: str) -> tuple:
    """What the rules ask of a word regardless of its context and analyses:
    (key, arabic, clitic readings, punctuation, stopword, given name, may start
    a title, may start an institution head, may be part of a name, known name
    part, shaped like a plural). Memoized per process:
    news repeats its words."""
    cache = res.word_cache
    out = cache.get(text)
    if out is not None:
        return out
    lex = res.lex
    arabic = _ARABIC_LETTER.search(text) is not None
    k = token_key.lower()  # "وInstagram" finds "instagram" once و is stripped
    forms = _forms(lex, k) if arabic else [(k, 0)]
    punct = not any(c.isalnum() for c in text)
    stop = lex.soft(text) in lex.stopwords_soft or any(
        p == 1 and lex.soft(text[1:]) in lex.stopwords_soft for _, p in forms[1:])
    given = k in lex.given_names and not text.endswith("ى") or k in lex.compound_given
    title_start = any(f in lex.title_trie or f in lex.modifier_trie for f, _ in forms)
    head_start = any(f in lex.head_trie for f, _ in forms)
    name_like = not (punct or stop) and arabic and len(k) >= 2 and _may_be_name(res, k)
    strong = k in res.name_parts or (given and k not in lex.given_common)
    plural = arabic and any(p.match(f) for p in lex.plural_shapes for f, _ in forms)
    out = (k, arabic, forms, punct, stop, given, title_start, head_start, name_like, strong, plural)
    if len(cache) > 500_000:
        cache.clear()
    cache[text] = out
    return out


def _may_be_name(res: EntityResources, k: str) -> bool:
    lex = res.lex
    if k in lex.nisba or k in lex.directions:
        return False
    if lex.title_trie.get(k) is not None and k not in res.name_parts:
        return False
    if k in lex.honorifics or k in lex.months or k in lex.place_heads:
        return False
    if lex.head_trie.get(k) is not None:
        return False
    if k[0] == "و" and len(k) > 3 and (k[1:] in lex.given_names or k[1:] in res.name_parts):
        return False  # "وجو": a coordinated second name
    return True


def _forms(lex: Lexicons, k: str) -> list[tuple[str, int]]:
    """(key, prefix length) readings of an Arabic token key: whole, then without proclitics."""
    out = [(k, 0)]
    if len(k) >= 3:
        for form, restores_article in lex.proclitics:
            if k.startswith(form) and len(k) - len(form) >= 2:
                rest = k[len(form):]
                out.append(("ال" + rest if restores_article else rest, len(form)))
    return out


# -- matching ------------------------------------------------------------------


def _gazetteer(v: _View) -> list[_Cand]:
    trie = v.res.trie
    out: list[_Cand] = []
    i = 0
    while i < v.n:
        best = v.longest_match(trie, i, clitic_check=True, hyphens=True)
        if best is None:
            i += 1
            continue
        j, plen, idxs = best
        entry_index = idxs[0]
        entry = v.res.entries[entry_index]
        if entry.ambiguous and not (i > 0 and v.keys[i - 1] in v.lex.place_cues):
            i += 1
            continue
        cand = _Cand(
            entry.type, i, j, v.base_start(i, plen), v.toks[j - 1].end,
            [Evidence("gazetteer", entry.evidence_id)], _entry_attrs(entry), entry_index,
        )
        out.append(cand)
        i = j
    return out


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
    for c in cands:
        at = {"place": v.place_at, "institution": v.inst_at, "person": v.person_at}[c.type]
        for t in range(c.i, c.j):
            at[t] = c
    cands = run_rules(v, cands)
    spans = []
    for c in cands:
        if c.end <= c.start:
            continue
        spans.append(Span(c.type, c.start, c.end, tuple(dict.fromkeys(c.evidence)), _ordered(c.attrs)))
    return spans


_ATTR_ORDER = ("name", "id", "title", "kind", "country")


def _ordered(attrs: dict[str, Any]) -> dict[str, Any]:
    out = {k: attrs[k] for k in _ATTR_ORDER if attrs.get(k) is not None}
    out.update({k: v for k, v in attrs.items() if k not in out and v is not None})
    return out

