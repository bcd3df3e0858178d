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
from .model import AnalyzedDocument, Evidence, Span, Token

CACHE_ENV = "NLP_EXTRACT_CACHE_DIR"
_CACHE_VERSION = 3
_QUOTES = frozenset('"«»“”„')
_OPEN_QUOTES = frozenset('"«“„')
_CLOSE_QUOTES = frozenset('"»”')
_COMMAS = frozenset("،,")
_NAME_CONNECTORS = frozenset({"بن", "ابن", "بنت", "ابو", "عبد", "ال", "ولد", "اب", "ام", "دي", "دو", "فان", "فون", "لو", "دا"})


def _cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "nlp-extract"


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

    # -- loading ------------------------------------------------------------

    @classmethod
    def load(cls, models_dir: Path | None = None, user_dir: Path | None = None) -> "EntityResources":
        models = gz.models_dir(models_dir)
        user_file = gz.user_file(user_dir)
        sources = gz.shipped_files(models) + sorted((models / "lexicons").glob("*.yaml"))
        if user_file.exists():
            sources.append(user_file)
        stamp = hashlib.sha1(repr(_CACHE_VERSION).encode())
        for path in sources:
            st = path.stat()
            stamp.update(f"{path}:{st.st_size}:{st.st_mtime_ns};".encode())
        cache = _cache_dir() / f"entities-{stamp.hexdigest()[:16]}.pickle"
        try:
            with open(cache, "rb") as f:
                return pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
        res = cls.build(gz.load_all(models, user_dir), Lexicons.load(models / "lexicons"))
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as f:
                pickle.dump(res, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache)
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
        parts -= lex.stopwords
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
    """Tokens of one article with what the rules ask of them, computed once."""

    def __init__(self, doc: AnalyzedDocument, res: EntityResources):
        self.doc = doc
        self.res = res
        self.lex = res.lex
        self.text = doc.document.text
        self.toks: tuple[Token, ...] = doc.tokens
        self.n = len(self.toks)
        self.keys = [t.key.lower() if not t.is_arabic else t.key for t in self.toks]
        self.analyzed = any(t.analyses for t in self.toks)
        origin = doc.clean.origin
        self._origin = origin
        self._ci = [bisect_left(origin, t.start) for t in self.toks]
        self.forms = [self._forms(i) for i in range(self.n)]
        self.place_at: dict[int, _Cand] = {}
        self.inst_at: dict[int, _Cand] = {}
        self.person_at: dict[int, _Cand] = {}
        #: article-level names: token key -> canonical (name, entry index or None)
        self.known_parts: dict[str, tuple[str, int | None, str | None]] = {}

    # offsets ------------------------------------------------------------------

    def base_start(self, i: int, prefix_len: int) -> int:
        if prefix_len == 0:
            return self.toks[i].start
        return self._origin[self._ci[i] + prefix_len]

    def surface(self, start: int, end: int) -> str:
        return self.text[start:end]

    # clitics ------------------------------------------------------------------

    def _forms(self, i: int) -> list[tuple[str, int]]:
        """(key, prefix length) readings of token i: whole, then without proclitics."""
        k = self.keys[i]
        out = [(k, 0)]
        tok = self.toks[i]
        if not tok.is_arabic or len(k) < 3:
            return out
        for form, restores_article in self.lex.proclitics:
            if k.startswith(form) and len(k) - len(form) >= 2:
                rest = k[len(form):]
                if restores_article:
                    out.append(("ال" + rest, len(form)))
                else:
                    out.append((rest, len(form)))
        return out

    def clitic_ok(self, i: int, prefix_len: int) -> bool:
        """Does the analysis agree that token i starts with a clitic of this length?"""
        if prefix_len == 0:
            return True
        tok = self.toks[i]
        if not tok.analyses:
            return True
        start = self.base_start(i, prefix_len)
        for a in tok.analyses:
            if a.backoff or a.pos == "noun_prop" and a.base_start == start:
                return True
            if a.prefixes and a.base_start >= start:
                return True  # "والأردن": و + ال + أردن; a span may keep the article
        # the analyzer knows the whole word and sees no clitic: "كمال" is not "ك" + "مال"
        return all(a.backoff for a in tok.analyses)

    # token classes ------------------------------------------------------------

    def is_punct(self, i: int) -> bool:
        return not any(c.isalnum() for c in self.toks[i].text)

    def is_stop(self, i: int) -> bool:
        lex = self.lex
        t = self.toks[i]
        if lex.soft(t.text) in lex.stopwords_soft:
            return True
        for form, p in self.forms[i][1:]:
            if p == 1 and lex.soft(t.text[1:]) in lex.stopwords_soft:
                return True
        return False

    def is_verb(self, i: int) -> bool:
        an = self.toks[i].analyses
        return bool(an) and any(a.pos.startswith("verb") for a in an) and not any(
            a.pos == "noun_prop" or a.backoff for a in an)

    def is_prop(self, i: int) -> bool:
        an = self.toks[i].analyses
        return any(a.pos == "noun_prop" for a in an) or (bool(an) and all(a.backoff for a in an))

    def is_common(self, i: int) -> bool:
        """The analyzer knows the word and never as a proper noun."""
        an = self.toks[i].analyses
        return bool(an) and not any(a.pos == "noun_prop" or a.backoff for a in an)

    def is_blocker(self, i: int) -> bool:
        """The analyzer knows the word only as an ordinary noun, adjective or particle."""
        an = self.toks[i].analyses
        return bool(an) and not any(
            a.pos == "noun_prop" or a.backoff or a.pos.startswith("verb") for a in an)

    def is_given(self, i: int) -> bool:
        t = self.toks[i]
        return self.keys[i] in self.lex.given_names and not t.text.endswith("ى") or self.keys[i] in self.lex.compound_given

    def is_nisba(self, i: int) -> bool:
        return self.keys[i] in self.lex.nisba

    def name_like(self, i: int) -> bool:
        if i >= self.n or self.is_punct(i) or self.is_stop(i):
            return False
        an = self.toks[i].analyses
        if an and all(a.suffixes for a in an):
            return False  # "نظيره", "قدراتها": a pronoun suffix, never a name
        k = self.keys[i]
        if not self.toks[i].is_arabic or len(k) < 2:
            return False
        if i in self.place_at or k in self.lex.nisba or k in self.lex.directions:
            return False
        if self.lex.title_trie.get(k) is not None and k not in self.res.name_parts:
            return False
        if k in self.lex.honorifics or k in self.lex.months or k in self.lex.place_heads:
            return False
        if self.lex.head_trie.get(k) is not None:
            return False
        if k[0] == "و" and len(k) > 3 and (k[1:] in self.lex.given_names or k[1:] in self.res.name_parts):
            return False  # "وجو": a coordinated second name
        return True

    def prop_only(self, i: int) -> bool:
        """Every reading of the analyzer is a proper noun or unknown."""
        an = self.toks[i].analyses
        return bool(an) and all(a.pos == "noun_prop" or a.backoff for a in an)

    def strong_name(self, i: int) -> bool:
        """Evidence beyond "not a known common word" that token i is a name."""
        k = self.keys[i]
        if k in self.res.name_parts or self.known_parts.get(k):
            return True
        if self.is_given(i) and k not in self.lex.given_common:
            return True
        if self.analyzed:
            return self.prop_only(i)
        return k in self.lex.proper_nouns or self.is_given(i)

    def coordinated(self, i: int) -> bool:
        """The analyzer reads token i only as "و" + a word: "وجيرود", "وحزب"."""
        an = self.toks[i].analyses
        return bool(an) and all(a.prefixes[:1] == ("و",) for a in an)


# -- matching ------------------------------------------------------------------


def _gazetteer(v: _View) -> list[_Cand]:
    trie = v.res.trie
    out: list[_Cand] = []
    i = 0
    while i < v.n:
        best: tuple[int, int, list[int]] | None = None  # (end token, prefix len, entries)
        for form, plen in v.forms[i]:
            node = trie.get(form)
            if node is None:
                continue
            if plen and not v.clitic_ok(i, plen):
                continue
            j = i + 1
            last = (j, node[""]) if "" in node else None
            while j < v.n and node:
                k = v.keys[j]
                if k == "-" and j + 1 < v.n and v.toks[j].start == v.toks[j - 1].end:
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

