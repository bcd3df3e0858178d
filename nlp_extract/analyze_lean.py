"""camel-tools' analysis algorithm, computing only the features we read.

For every prefix + stem + suffix split of a word that the compatibility
tables allow, camel-tools' ``Analyzer.analyze`` merges about twenty features
into a new dict (``merge_features``: diacritized form, glosses, Buckwalter
tags, tokenizations, CAPHI, ...) and ``MorphAnalyzer`` keeps five of them.
On a new word that is most of the cost of an article.

``LeanAnalyzer`` walks the same splits of the same normalized word, in the
same order, through the same ``MorphologyDB`` hashes and compatibility
tables, with the same proper-noun backoff, and computes only the reading
``MorphAnalyzer`` keeps: lemma, POS, person, gender, number, the clitics and
where the stem lies, and whether the reading is a backoff guess. Words with
digits, punctuation or Latin letters get camel-tools' one default reading;
the rare tokens mixing punctuation and letters are left to camel-tools.

``tests/test_analyze_lean.py`` checks that both give the same readings, in
the same order, on every word of the corpus and on generated words.
"""
from __future__ import annotations

import marshal
import re
from typing import Iterator

from . import bama

#: A reading as ``Analysis`` takes its fields: (lex, pos, per, gen, num,
#: prefixes, suffixes, stem_start, stem_end, backoff).
Fields = tuple

_AR_DIACRITICS = re.compile("[\u064b-\u0652\u0670]")
#: What camel-tools' ``_is_digit`` looks for anywhere in a word.
_DIGITS = frozenset("0123456789\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
_PROCLITIC_FEATS = ("prc3", "prc2", "prc1", "prc0")
#: Written forms of the pronoun clitics that calima-style databases name in
#: ``enc0`` (``3ms_poss``, ``1s_dobj`` ...).
_ENCLITICS = {
    "1s": "ي", "1p": "نا", "2ms": "ك", "2fs": "ك", "2d": "كما", "2mp": "كم", "2fp": "كن",
    "3ms": "ه", "3fs": "ها", "3d": "هما", "3mp": "هم", "3fp": "هن",
}
#: The features a reading is made of, as merge_features merges them: the
#: stem's value unless the suffix, then the prefix, has one.
_MERGED = ("lex", "pos", "per", "gen", "num", "form_gen", "form_num") + _PROCLITIC_FEATS + ("enc0",)
_LEX, _POS, _PER, _GEN, _NUM, _FORM_GEN, _FORM_NUM = range(7)
_PRC = slice(7, 11)
_ENC = 11


def _source_digest() -> str:
    import hashlib
    from pathlib import Path

    return hashlib.sha1(Path(__file__).read_bytes()).hexdigest()


#: What the database cache's reduced stems were made by: this module's code.
REDUCED_STEMS_FORMAT = _source_digest()


def reduced_stems(db, entries: list[tuple[str, dict]]) -> list[tuple]:
    """A stem's entries as the lean analyzer reads them: (category, merged
    feature values, the reading's features when no affix imposes any,
    bwtok part, diacritized stem). The database cache keeps them, so that
    a new word's stems are not parsed from text."""
    bwtok = "bwtok" in db.defines
    forms = "form_gen" in db.defines or "form_num" in db.defines
    out = []
    for category, feats in entries:
        diac = feats.get("diac", "")
        values = tuple(map(feats.get, _MERGED))
        out.append((category, values, shown_features(values, forms), feats.get("bwtok", diac) if bwtok else "",
                    diac))
    return out


def shown_features(values: tuple, forms: bool, word: str = "") -> tuple:
    """(lex, pos, per, gen, num) as a reading shows them, from merged feature
    values; ``forms``: gender and number fall back to form_gen/form_num."""
    lex, pos, per, gen, num = values[:5]
    if forms and gen == "-":
        gen = values[_FORM_GEN]
    if forms and num == "-":
        num = values[_FORM_NUM]
    return (plain_lex(lex if lex is not None else word), pos if pos is not None else "noun",
            feature(per), feature(gen), feature(num))


def plain_lex(lex: str) -> str:
    """A lemma without its diacritics, hamzat wasl written as alif."""
    return _AR_DIACRITICS.sub("", lex).replace("\u0671", "\u0627")


def feature(value: object) -> str:
    """A feature value as ``Analysis`` holds it: "na" when the database has
    none, "u" (undefined) for camel-tools' "-" and empty values."""
    text = str(value) if value is not None else "na"
    return "u" if text in ("-", "") else text


def _overrides(feats: dict) -> tuple:
    """What an affix imposes on the merged features: its value where it has
    one that counts (merge_features ignores "-" and ""), else None."""
    return tuple(v if (v := feats.get(f)) not in (None, "", "-") else None for f in _MERGED)


def _imposed(over: tuple) -> tuple:
    """(index, value as a reading holds it) of what an affix imposes on a
    reading's lex, pos, per, gen and num."""
    shown = (plain_lex, str, feature, feature, feature)
    return tuple((i, shown[i](v)) for i, v in enumerate(over[:5]) if v is not None)


class LeanAnalyzer:
    """The readings of plain Arabic words over a camel-tools ``MorphologyDB``
    (see the module docstring). ``backoff`` is camel-tools' backoff mode;
    only "NONE" and the ``NOAN_*`` modes are supported."""

    def __init__(self, db, backoff: str = "NOAN_PROP"):
        from camel_tools.utils.charsets import AR_CHARSET, UNICODE_PUNCT_SYMBOL_CHARSET

        if backoff != "NONE" and not backoff.startswith("NOAN_"):
            raise ValueError(f"unsupported backoff mode {backoff!r}")
        self._db = db
        # camel-tools' word classes, tested in its order: a digit anywhere,
        # only punctuation, some punctuation (left to camel-tools), not Arabic
        self._arabic = frozenset(AR_CHARSET)
        self._punctuation = frozenset(UNICODE_PUNCT_SYMBOL_CHARSET)
        self._backoff_action = backoff.split("_", 1)[1] if backoff != "NONE" else None
        self._bwtok = "bwtok" in db.defines
        self._form_gen = "form_gen" in db.defines
        self._form_num = "form_num" in db.defines
        #: gender and number fall back to form_gen/form_num before they are
        #: shown: the shortcut on shown values does not apply
        self._merge_all = self._form_gen or self._form_num
        self._max_prefix = db.max_prefix_size
        self._max_suffix = db.max_suffix_size
        prefix_stem, prefix_suffix = db.prefix_stem_compat, db.prefix_suffix_compat
        # Affix entries: (category, what it imposes on the merged features,
        # the same as (index, shown value) pairs, bwtok part, whether that
        # part holds a segment mark), and for prefixes the stem and suffix
        # categories they combine with. A prefix that combines with no suffix
        # never yields a reading.
        self._prefixes = {
            key: [(cat, *self._affix(f), prefix_stem.get(cat, ()), prefix_suffix[cat])
                  for cat, f in entries if cat in prefix_suffix]
            for key, entries in db.prefix_hash.items()}
        self._suffixes = {key: [(cat, *self._affix(f)) for cat, f in entries]
                          for key, entries in db.suffix_hash.items()}
        self._suffix_lengths = sorted({len(k) for k in self._suffixes})
        #: suffix -> stem category -> the suffix's entries that category takes
        #: (both finite: bounded by the database)
        self._suffix_by_category: dict[str, dict[str, list]] = {}
        self._stems: dict[str, list] = {}
        self._stem_keys: frozenset[str] | None = None
        self._backoff_stems: list | None = None
        self._segments: dict[tuple[str, str, int], tuple] = {}

    @staticmethod
    def _affix(feats: dict) -> tuple:
        over = _overrides(feats)
        token = feats.get("bwtok", "")
        return over, _imposed(over), token, _has_mark(token)

    def handles(self, word: str) -> bool:
        """Does this analyzer compute the readings of ``word`` itself? All
        tokens but the rare ones mixing punctuation with letters, which
        camel-tools' backoff splits in ways of its own."""
        if not word or word != word.strip() or "\n" in word:
            return False
        return not _DIGITS.isdisjoint(word) or self._punctuation.issuperset(word) or (
            self._punctuation.isdisjoint(word))

    def _special(self, word: str) -> list[Fields] | None:
        """camel-tools' one reading of a word with a digit, of punctuation,
        of a word not in Arabic script; None for an Arabic word."""
        if not _DIGITS.isdisjoint(word):
            kind = "digit"
        elif self._punctuation.issuperset(word):
            kind = "punc"
        elif not self._arabic.issuperset(word):
            kind = "latin"
        else:
            return None
        analysis = dict(self._db.defaults[kind])
        analysis.update(lex=word, stem=word)
        if kind == "latin":
            analysis["pos"] = "foreign"
        if "bwtok" in self._db.defines:
            analysis["bwtok"] = word
        if self._form_gen and analysis.get("gen") == "-":
            analysis["gen"] = analysis.get("form_gen")
        if self._form_num and analysis.get("num") == "-":
            analysis["num"] = analysis.get("form_num")
        return [reading_from_analysis(word, analysis)]

    def forget_stems(self) -> None:
        """Drop what was read from the stem hash (after stems were added)."""
        self._stems.clear()
        self._backoff_stems = None
        self._stem_keys = None

    def _known_stems(self) -> frozenset[str]:
        """Every stem in the stem hash, without parsing one (most splits of a
        word name no stem: a set test is the cheapest way to skip them)."""
        stem_hash = self._db.stem_hash
        lines = getattr(stem_hash, "lines", None)
        if lines is None:
            return frozenset(stem_hash)
        return frozenset(lines).union(dict.keys(stem_hash))

    # -- readings --------------------------------------------------------------

    def readings(self, word: str) -> list[Fields]:
        """The readings of ``word`` (one that ``handles``), with repeats, in
        camel-tools' order."""
        special = self._special(word)
        if special is not None:
            return special
        normal = bama.lookup_key(word)  # camel-tools' dediac + DEFAULT_NORMALIZE_MAP
        stems = self._stems
        known = self._stem_keys
        if known is None:
            known = self._stem_keys = self._known_stems()
        out: list[Fields] = []
        for stem, prefix_entries, suffix_key, suffix_entries in self._splits(normal):
            if stem not in known:
                continue
            stem_entries = stems.get(stem)
            if stem_entries is None:
                stem_entries = self._stem_entries(stem)
            if not stem_entries:
                continue
            paired = self._paired(stem_entries, suffix_key, suffix_entries)
            for p_entry in prefix_entries:
                stems_ok, suffixes_ok = p_entry[5], p_entry[6]
                for s_entry, compatible in paired:
                    if s_entry[0] in stems_ok:
                        for x_entry in compatible:
                            if x_entry[0] in suffixes_ok:
                                out.append(self._reading(word, normal, p_entry, s_entry, x_entry, False))
        if out or self._backoff_action is None:
            return out
        backoff_stems = self._backoff_entries()
        for stem, prefix_entries, suffix_key, suffix_entries in self._splits(normal):
            guessed = {}
            paired = self._paired(backoff_stems, suffix_key, suffix_entries)
            for p_entry in prefix_entries:
                stems_ok, suffixes_ok = p_entry[5], p_entry[6]
                for i, (s_entry, compatible) in enumerate(paired):
                    if s_entry[0] not in stems_ok:
                        continue
                    for x_entry in compatible:
                        if x_entry[0] in suffixes_ok:
                            entry = guessed.get(i)
                            if entry is None:
                                entry = guessed[i] = self._guessed(s_entry, stem)
                            out.append(self._reading(word, normal, p_entry, entry, x_entry, True))
        return out

    def _splits(self, normal: str) -> Iterator[tuple]:
        """camel-tools' ``_segments_gen`` (prefix lengths ascending, then stem
        lengths ascending), only where both prefix and suffix are in the
        database: (stem, prefix entries, suffix, suffix entries)."""
        prefixes, suffixes = self._prefixes, self._suffixes
        w = len(normal)
        endings = [(n, suffix_key, entries) for n in reversed(self._suffix_lengths)
                   if n < w and n <= self._max_suffix
                   and (entries := suffixes.get(suffix_key := normal[w - n:] if n else "")) is not None]
        for p in range(0, min(self._max_prefix, w - 1) + 1):
            prefix_entries = prefixes.get(normal[:p])
            if prefix_entries is None:
                continue
            for n, suffix_key, suffix_entries in endings:
                if n <= w - p - 1:
                    yield normal[p:w - n], prefix_entries, suffix_key, suffix_entries

    def _paired(self, stem_entries: list, suffix_key: str, suffix_entries: list) -> list:
        """Each stem entry with the entries of the suffix ``suffix_key`` its
        category combines with (table BC), in the suffix's order."""
        by_category = self._suffix_by_category.get(suffix_key)
        if by_category is None:
            by_category = self._suffix_by_category[suffix_key] = {}
        paired = []
        for s_entry in stem_entries:
            compatible = by_category.get(s_entry[0])
            if compatible is None:
                compatible = by_category[s_entry[0]] = [x for x in suffix_entries if x[0] in s_entry[4]]
            paired.append((s_entry, compatible))
        return paired

    def _stem_entries(self, stem: str) -> list:
        """The stem hash's entries for ``stem`` that combine with some suffix:
        (category, merged feature values, the reading's features when no affix
        imposes any, bwtok part, suffix categories it combines with,
        diacritized stem, whether the bwtok part holds a segment mark)."""
        stem_hash = self._db.stem_hash
        reduced = getattr(stem_hash, "reduced", None)
        if reduced is not None and not dict.__contains__(stem_hash, stem):
            # never parsed, so never changed by add_proper_nouns: the cache's copy
            blob = reduced.get(stem)
            rows = marshal.loads(blob) if blob is not None else ()
        else:
            found = stem_hash.get(stem)
            rows = reduced_stems(self._db, found) if found is not None else ()
        compat = self._db.stem_suffix_compat
        entries = [(cat, values, features, token, suffixes, diac, _has_mark(token))
                   for cat, values, features, token, diac in rows if (suffixes := compat.get(cat))]
        if len(self._stems) > 200_000:
            self._stems.clear()
        self._stems[stem] = entries
        return entries

    def _features(self, values: tuple, word: str = "") -> tuple:
        return shown_features(values, self._merge_all, word)

    def _backoff_entries(self) -> list:
        if self._backoff_stems is None:
            db = self._db
            categories = db.stem_backoffs[self._backoff_action]
            found = [(cat, f) for cat, f in db.stem_hash["NOAN"]
                     if cat in categories and (self._backoff_action != "PROP" or "NOUN_PROP" in f["bw"])]
            self._backoff_stems = [
                (cat, values, features, token, db.stem_suffix_compat.get(cat, ()), diac, _has_mark(token))
                for cat, values, features, token, diac in reduced_stems(db, found)]
        return self._backoff_stems

    def _guessed(self, s_entry: tuple, stem: str) -> tuple:
        """A backoff stem entry with the unknown ``stem`` in place of NOAN
        (camel-tools substitutes it in the lemma and the diacritized stem;
        the token part never holds a segment mark either way)."""
        cat, values, _, token, suffixes, diac, mark = s_entry
        lex = values[_LEX]
        values = (lex.replace("NOAN", stem) if lex is not None else None, *values[1:])
        return cat, values, self._features(values), token, suffixes, diac.replace("NOAN", stem), mark

    def _reading(self, word: str, normal: str, p_entry: tuple, s_entry: tuple, x_entry: tuple,
                 backoff: bool) -> Fields:
        values = s_entry[1]
        imposed = p_entry[2] or x_entry[2]
        if not imposed:
            features = s_entry[2] if values[_LEX] is not None else self._features(values, word)
        elif self._merge_all:
            features = self._features(self._merged(p_entry[1], values, x_entry[1]), word)
        else:
            # merge_features: the prefix's value, else the suffix's, else the
            # stem's; only for features the stem has
            shown = list(s_entry[2] if values[_LEX] is not None else self._features(values, word))
            for i, value in x_entry[2] + p_entry[2]:
                if values[i] is not None:
                    shown[i] = value
            features = tuple(shown)
        if self._bwtok and (p_entry[4] or x_entry[4] or s_entry[6]):
            segments = self._bama_segments(len(word), p_entry[3], s_entry[3], x_entry[3], s_entry[6])
        else:
            if imposed:
                values = self._merged(p_entry[1], values, x_entry[1])
            segments = self._generic_segments(word, normal, values, s_entry[5])
        return (*features, *segments, backoff)

    @staticmethod
    def _generic_segments(word: str, normal: str, values: tuple, diac: str) -> tuple:
        width = len(word)
        stem_key = bama.lookup_key(diac)
        if values[_PRC] == (None,) * 4 and values[_ENC] is None and normal.startswith(stem_key):
            return (), (), 0, width  # no clitic, the stem opens the word: generic_segments' answer
        prefixes, suffixes, start, end = generic_segments(word, values[_PRC], values[_ENC], normal, stem_key)
        return prefixes, suffixes, min(start, width), min(end, width)

    @staticmethod
    def _merged(p_over: tuple, values: tuple, x_over: tuple) -> tuple:
        """merge_features: the prefix's value, else the suffix's, else the
        stem's; only for features the stem has."""
        return tuple(None if v is None else p_over[i] or x_over[i] or v for i, v in enumerate(values))

    def _bama_segments(self, width: int, p_tok: str, s_tok: str, x_tok: str, stem_marked: bool) -> tuple:
        if stem_marked:
            return _clipped(bama_segments(width, p_tok + s_tok + x_tok), width)
        # the stem's part holds no mark: the split depends on the affixes only
        key = (p_tok, x_tok, width)
        found = self._segments.get(key)
        if found is None:
            if len(self._segments) > 100_000:
                self._segments.clear()
            found = self._segments[key] = _clipped(bama_segments(width, p_tok + x_tok), width)
        return found


def _clipped(segments: tuple, width: int) -> tuple:
    prefixes, suffixes, start, end = segments
    return prefixes, suffixes, min(start, width), min(end, width)


def reading_from_analysis(word: str, a: dict) -> Fields:
    """The reading of ``word`` that one camel-tools analysis dict gives."""
    seg = a.get("bwtok", "")
    width = len(word)
    if _has_mark(seg):
        prefixes, suffixes, rel_start, rel_end = bama_segments(width, seg)
    else:
        prefixes, suffixes, rel_start, rel_end = generic_segments(
            word, tuple(a.get(f) for f in _PROCLITIC_FEATS), a.get("enc0"),
            bama.lookup_key(word), bama.lookup_key(str(a.get("stem", word))))
    return (plain_lex(str(a.get("lex", word))), str(a.get("pos", "noun")), feature(a.get("per")),
            feature(a.get("gen")), feature(a.get("num")), prefixes, suffixes,
            min(rel_start, width), min(rel_end, width), a.get("source") == "backoff")


def _has_mark(token: str) -> bool:
    return bama.SEG_PREFIX_END in token or bama.SEG_SUFFIX_START in token


def bama_segments(width: int, seg: str) -> tuple[tuple[str, ...], tuple[str, ...], int, int]:
    """Clitics and stem offsets of a word of ``width`` letters, read from the
    segmentation the BAMA conversion writes into ``bwtok``."""
    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    rel_start, rel_end = 0, width
    cut = seg.rfind(bama.SEG_PREFIX_END)
    if cut >= 0:
        written, _, cited = seg[:cut].partition("/")
        rel_start = len(written)
        prefixes = tuple(c for c in cited.split(",") if c)
    cut = seg.find(bama.SEG_SUFFIX_START, max(cut, 0))
    if cut >= 0:
        _kept, _, split = seg[cut + 1:].partition("/")
        suffixes = tuple(s for s in split.split(",") if s)
        rel_end = width - sum(map(len, suffixes))
    return prefixes, suffixes, rel_start, max(rel_start, rel_end)


def generic_segments(word: str, proclitics: tuple, enclitic: object, key: str, stem_key: str,
                     ) -> tuple[tuple[str, ...], tuple[str, ...], int, int]:
    """Clitics and stem offsets from calima-style clitic features (prc3..prc0,
    enc0) and where the stem (its lookup key ``stem_key``) lies in the word
    (its lookup key ``key``)."""
    prefixes = []
    for value in proclitics:
        value = str(value) if value is not None else "0"
        if value not in ("0", "na", "-", ""):
            form = bama.bw2ar(bama.dediac_bw(value.split("_")[0]))
            if form and not any(ch.isascii() for ch in form):
                prefixes.append(form)
    enc = str(enclitic if enclitic is not None else "0").split("_")[0]
    suffixes = (_ENCLITICS[enc],) if enc in _ENCLITICS else ()
    written = sum(map(len, prefixes))
    rel_start = 0
    if stem_key and stem_key in key:
        starts = [i for i in range(len(key)) if key.startswith(stem_key, i)]
        preferred = [i for i in starts if i in (written, written - 1)]
        rel_start = (preferred or starts)[0]
    rel_end = max(rel_start, len(word) - sum(map(len, suffixes)))
    return tuple(prefixes), suffixes, rel_start, rel_end
