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

import itertools
import marshal
import re
from typing import Callable

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
#: Where a quick stem entry says that it is plain, that it is bare (see ``quick_stems``).
_PLAIN, _BARE = 2, 3


def _source_digest() -> str:
    import hashlib
    from pathlib import Path

    return hashlib.sha1(Path(__file__).read_bytes()).hexdigest()


#: What the database cache's reduced stems were made by: this module's code.
REDUCED_STEMS_FORMAT = _source_digest()


def reduced_stems(db, entries: list[tuple[str, dict]], stem: str = "") -> list[tuple]:
    """The entries of ``stem`` as the lean analyzer reads them, those whose
    category takes some suffix (table BC): (category, merged feature values,
    the reading's features when no affix imposes any, bwtok part,
    diacritized stem, whether the bwtok part holds a segment mark, whether
    the entry is plain, whether it is bare). Plain: all five shown features
    defined and no mark in its part, so that a reading with marked affixes
    is its shown features, the affixes' overrides and the affixes' split
    (``LeanAnalyzer._pair``). Bare: plain, no clitic feature, and the lookup
    key of its diacritized form is the stem, so that a reading with
    unmarked affixes and no prefix letter splits off nothing."""
    bwtok = "bwtok" in db.defines
    forms = "form_gen" in db.defines or "form_num" in db.defines
    compat = db.stem_suffix_compat
    out = []
    for category, feats in entries:
        if not compat.get(category):
            continue
        diac = feats.get("diac", "")
        values = tuple(map(feats.get, _MERGED))
        token = feats.get("bwtok", diac) if bwtok else ""
        marked = _has_mark(token)
        plain = None not in values[:5] and not marked
        bare = plain and values[_PRC] == (None,) * 4 and values[_ENC] is None and bama.lookup_key(diac) == stem
        out.append((category, values, shown_features(values, forms), token, diac, marked, plain, bare))
    return out


def quick_stems(reduced: list[tuple]) -> list[tuple]:
    """What most readings need of ``reduced_stems``' entries: (category, the
    reading's features when no affix imposes any, plain, bare, position in
    the reduced entries)."""
    return [(entry[0], entry[2], entry[6], entry[7], i) for i, entry in enumerate(reduced)]


def packed_stems(db, entries: list[tuple[str, dict]], stem: str) -> bytes:
    """The entries of ``stem`` as the database cache keeps them, so that a
    new word's stems are not parsed from text: ``quick_stems`` (read by
    ``marshal.loads``, which ignores what follows), then ``reduced_stems``
    (read by ``reduced_of_packed``), then where those start. Two stems in
    three need only the quick entries, which load in half the time."""
    reduced = reduced_stems(db, entries, stem)
    quick = marshal.dumps(_share_equal(quick_stems(reduced), {}))
    return quick + marshal.dumps(_share_equal(reduced, {})) + len(quick).to_bytes(4, "little")


def reduced_of_packed(packed: bytes) -> list[tuple]:
    """The ``reduced_stems`` that ``packed_stems`` packed."""
    return marshal.loads(memoryview(packed)[int.from_bytes(packed[-4:], "little"):])


def _share_equal(value: object, same: dict) -> object:
    """``value`` with its equal strings and tuples made one object: marshal
    then writes each once, and loading a stem's entries takes a third less
    time (a lemma is its stem, its diacritized form and its token)."""
    if isinstance(value, list):
        return [_share_equal(item, same) for item in value]
    if isinstance(value, tuple):
        value = tuple(_share_equal(item, same) for item in value)
    return same.setdefault(value, value) if isinstance(value, (str, tuple)) else value


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
        #: a word of these only is plain Arabic: none of the classes above
        self._letters = self._arabic - self._punctuation - _DIGITS - {c for c in self._arabic if c.isspace()}
        # Both as regexes: a set tests a word letter by letter, each made a
        # string object first, at three times the cost.
        #: matches a plain word
        self._plain_word = _all_of(self._letters)
        #: matches a plain word that is its own lookup key (two words in three)
        self._normal_word = _all_of({c for c in self._letters if bama.lookup_key(c) == c})
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
        # part holds a segment mark); for prefixes then the stem and suffix
        # categories they combine with and their pairs with suffix entries
        # (_pair's, by suffix entry number); for suffixes then that number.
        # A prefix that combines with no suffix never yields a reading.
        self._prefixes = {
            key: [(cat, *self._affix(f), prefix_stem.get(cat, ()), prefix_suffix[cat], {})
                  for cat, f in entries if cat in prefix_suffix]
            for key, entries in db.prefix_hash.items()}
        #: suffix -> (its entries, stem category -> the entries that category
        #: takes, filled as met: bounded by the database)
        self._suffixes = {}
        serial = itertools.count()
        for key, entries in db.suffix_hash.items():
            reduced = [(cat, *self._affix(f), next(serial)) for cat, f in entries]
            self._suffixes[key] = (reduced, _TakenByCategory(reduced, db.stem_suffix_compat))
        # The affixes a word starts and ends with, by its longest head (the
        # start of a prefix) and its longest tail (the end of a suffix): see
        # _affixes_of. The tails are the heads of the reversed suffixes.
        self._prefix_starts, self._longest_head = _affix_table(
            {key: entries for key, entries in self._prefixes.items() if len(key) <= self._max_prefix},
            lambda key, entries: (len(key), entries) if entries else None)
        suffix_ends, self._longest_tail_reversed = _affix_table(
            {key[::-1]: found[1] for key, found in self._suffixes.items() if len(key) <= self._max_suffix},
            lambda key, by_category: (-len(key) or None, by_category))
        self._suffix_ends = {tail: ends[::-1] for tail, ends in suffix_ends.items()}
        #: stem -> its quick entries (see quick_stems), its reduced entries
        self._stems: dict[str, list] = {}
        self._reduced: dict[str, list] = {}
        self._stem_keys: set[str] | None = None
        self._backoff_stems: list | None = None
        self._segments: dict[tuple[str, str, int, bool], tuple] = {}
        #: the tails of _pair's pairs (bounded by the database's affixes)
        self._tails: dict[tuple, dict] = {}

    @staticmethod
    def _affix(feats: dict) -> tuple:
        over = _overrides(feats)
        token = feats.get("bwtok", "")
        return over, _imposed(over), token, _has_mark(token)

    def handles(self, word: str) -> bool:
        """Does this analyzer compute the readings of ``word`` itself? All
        tokens but the rare ones mixing punctuation with letters, which
        camel-tools' backoff splits in ways of its own."""
        if self._plain_word(word) is not None:
            return True
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
        self._reduced.clear()
        self._backoff_stems = None
        self._stem_keys = None

    def _known_stems(self) -> set[str]:
        """Every stem in the stem hash but the empty one, without parsing one
        (most splits of a word name no stem: a set test is the cheapest way
        to skip them)."""
        stem_hash = self._db.stem_hash
        lines = getattr(stem_hash, "lines", None)
        known = set(lines if lines is not None else stem_hash)
        known.update(dict.keys(stem_hash))
        known.discard("")
        return known

    # -- readings --------------------------------------------------------------

    def readings(self, word: str) -> list[Fields]:
        """The readings of ``word`` (one that ``handles``), with repeats, in
        camel-tools' order."""
        found = self.plain_readings(word)
        if found is None:
            found = self._special(word)
        if found is None:  # Arabic, not only letters
            found = self._analyzed(word, bama.lookup_key(word))
        return found

    def plain_readings(self, word: str) -> list[Fields] | None:
        """``readings`` of a plain Arabic word (letters only), None for any
        other word: the one test most words need."""
        if self._normal_word(word) is not None:
            return self._analyzed(word, word)
        if self._plain_word(word) is not None:
            return self._analyzed(word, bama.lookup_key(word))
        return None

    def _analyzed(self, word: str, normal: str) -> list[Fields]:
        """The readings of an Arabic ``word`` whose lookup key (camel-tools'
        dediac + DEFAULT_NORMALIZE_MAP) is ``normal``."""
        known = self._stem_keys
        if known is None:
            known = self._stem_keys = self._known_stems()
        stems = self._stems
        reading = self._reading
        width = len(word)
        # _affixes_of(normal), inlined
        starts = self._prefix_starts[self._longest_head(normal)[0]]
        endings = self._suffix_ends[self._longest_tail_reversed(normal[::-1])[0]]
        out: list[Fields] = []
        # camel-tools' _segments_gen (prefix lengths ascending, then stem
        # lengths ascending), then its loop over prefix, stem and suffix
        # entries, in its order; a stem entry's compatible suffixes are cached
        # per suffix and category
        for p, prefix_entries in starts:
            for end, by_category in endings:
                stem = normal[p:end]
                if stem not in known:  # never the empty stem of a split too long
                    continue
                stem_entries = stems.get(stem)
                if stem_entries is None:
                    stem_entries = self._stem_entries(stem)
                for p_entry in prefix_entries:
                    stems_ok, suffixes_ok, pairs = p_entry[5], p_entry[6], p_entry[7]
                    for s_entry in stem_entries:
                        category = s_entry[0]
                        if category not in stems_ok:
                            continue
                        for x_entry in by_category[category]:
                            if x_entry[0] in suffixes_ok:
                                # nine readings in ten: the stem entry's first
                                # features, then the tail the affixes make
                                # (what _reading gives, in a third of the time)
                                k, tails, stem_fits = pairs.get(x_entry[5]) or self._pair(p_entry, x_entry, p)
                                if stem_fits and s_entry[stem_fits]:
                                    out.append(s_entry[1][:k] + tails[width])
                                else:
                                    reduced = self._reduced_entries(stem)[s_entry[4]]
                                    out.append(reading(word, normal, p_entry, reduced, x_entry, False))
        if out or self._backoff_action is None:
            return out
        backoff_stems = self._backoff_entries()
        for p, prefix_entries in starts:
            for end, by_category in endings:
                stem = normal[p:end]
                if not stem:
                    continue
                guessed = {}
                for p_entry in prefix_entries:
                    stems_ok, suffixes_ok = p_entry[5], p_entry[6]
                    for i, s_entry in enumerate(backoff_stems):
                        category = s_entry[0]
                        if category not in stems_ok:
                            continue
                        for x_entry in by_category[category]:
                            if x_entry[0] in suffixes_ok:
                                entry = guessed.get(i)
                                if entry is None:
                                    entry = guessed[i] = self._guessed(s_entry, stem)
                                out.append(reading(word, normal, p_entry, entry, x_entry, True))
        return out

    def _affixes_of(self, normal: str) -> tuple[list, list]:
        """The affixes ``normal`` starts and ends with, as camel-tools'
        ``_segments_gen`` finds them: (length, entries) of the prefixes,
        shortest first; (where the stem ends as a slice's stop, entries by
        stem category) of the suffixes, longest first. ``_segments_gen`` also
        bounds them by the word's length (a stem of a letter at least): a
        split beyond that makes an empty stem, which the loops skip."""
        return (self._prefix_starts[self._longest_head(normal)[0]],
                self._suffix_ends[self._longest_tail_reversed(normal[::-1])[0]])

    def _stem_entries(self, stem: str) -> list:
        """The stem hash's entries for ``stem`` as ``quick_stems`` gives them."""
        stem_hash = self._db.stem_hash
        packed = getattr(stem_hash, "reduced", None)
        if len(self._stems) > 200_000:
            self._stems.clear()
            self._reduced.clear()
        if packed is not None and not dict.__contains__(stem_hash, stem):
            # never parsed, so never changed by add_proper_nouns: the cache's copy
            blob = packed.get(stem)
            entries = marshal.loads(blob) if blob is not None else []
        else:
            found = stem_hash.get(stem)
            reduced = self._reduced[stem] = reduced_stems(self._db, found, stem) if found is not None else []
            entries = quick_stems(reduced)
        self._stems[stem] = entries
        return entries

    def _reduced_entries(self, stem: str) -> list:
        """The entries of ``stem`` as ``reduced_stems`` gives them (after
        ``_stem_entries``)."""
        reduced = self._reduced.get(stem)
        if reduced is None:  # the cache's copy, as _stem_entries read it
            reduced = self._reduced[stem] = reduced_of_packed(self._db.stem_hash.reduced[stem])
        return reduced

    def _features(self, values: tuple, word: str = "") -> tuple:
        return shown_features(values, self._merge_all, word)

    def _backoff_entries(self) -> list:
        if self._backoff_stems is None:
            db = self._db
            categories = db.stem_backoffs[self._backoff_action]
            found = [(cat, f) for cat, f in db.stem_hash["NOAN"]
                     if cat in categories and (self._backoff_action != "PROP" or "NOUN_PROP" in f["bw"])]
            self._backoff_stems = reduced_stems(db, found)
        return self._backoff_stems

    def _guessed(self, s_entry: tuple, stem: str) -> tuple:
        """A backoff stem entry with the unknown ``stem`` in place of NOAN
        (camel-tools substitutes it in the lemma and the diacritized stem;
        the token part never holds a segment mark either way)."""
        cat, values, _, token, diac, mark, plain, _bare = s_entry
        lex = values[_LEX]
        values = (lex.replace("NOAN", stem) if lex is not None else None, *values[1:])
        return cat, values, self._features(values), token, diac.replace("NOAN", stem), mark, plain, False

    def _pair(self, p_entry: tuple, x_entry: tuple, prefix_length: int) -> tuple:
        """How a prefix entry (of a prefix of ``prefix_length`` letters) and a
        suffix entry make a reading, as ``_reading`` would: (k, tails, which
        stem entries: _PLAIN or _BARE, see ``reduced_stems``); the reading of
        such a stem entry is its first k shown features followed by
        ``tails[word width]``: the affixes' values of the features from k on,
        then the split their bwtok parts make (marked parts) or the whole
        word as the stem (unmarked parts, no prefix letter). (None, None, 0)
        when ``_reading`` must make every reading: the affixes impose a
        feature before one they leave, or nothing above holds. Made once per
        pair, kept with the prefix entry."""
        pair = (None, None, 0)
        if self._bwtok and not self._merge_all:
            imposed = dict(x_entry[2])
            imposed.update(p_entry[2])  # merge_features: the prefix's value first
            k = 5 - len(imposed)
            if all(i in imposed for i in range(k, 5)):
                values = tuple(imposed[i] for i in range(k, 5))
                if p_entry[4] or x_entry[4]:
                    pair = (k, self._shared_tails(values, p_entry[3] + x_entry[3]), _PLAIN)
                elif prefix_length == 0:
                    pair = (k, self._shared_tails(values, None), _BARE)
        p_entry[7][x_entry[5]] = pair
        return pair

    def _shared_tails(self, imposed: tuple, affix_tokens: str | None) -> dict:
        """The tails of pairs that impose the same and split alike, one dict
        for them all: ``_Tails``, or ``_WholeWord`` (``affix_tokens`` None)."""
        key = (imposed, affix_tokens)
        tails = self._tails.get(key)
        if tails is None:
            tails = _Tails(imposed, affix_tokens) if affix_tokens is not None else _WholeWord(imposed)
            self._tails[key] = tails
        return tails

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
        if self._bwtok and (p_entry[4] or x_entry[4] or s_entry[5]):
            # most readings: the marks are the affixes', their split is cached
            # with the backoff flag, the rest of the reading
            tail = None if s_entry[5] else self._segments.get((p_entry[3], x_entry[3], len(word), backoff))
            if tail is None:
                tail = self._bama_segments(len(word), p_entry[3], s_entry[3], x_entry[3], s_entry[5], backoff)
            return features + tail
        if imposed:
            values = self._merged(p_entry[1], values, x_entry[1])
        return (*features, *self._generic_segments(word, normal, values, s_entry[4]), backoff)

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

    def _bama_segments(self, width: int, p_tok: str, s_tok: str, x_tok: str, stem_marked: bool,
                       backoff: bool) -> tuple:
        """(prefixes, suffixes, stem start, stem end, backoff) of a reading."""
        if stem_marked:
            return (*_clipped(bama_segments(width, p_tok + s_tok + x_tok), width), backoff)
        # the stem's part holds no mark: the split depends on the affixes only
        if len(self._segments) > 100_000:
            self._segments.clear()
        found = self._segments[p_tok, x_tok, width, backoff] = (
            *_clipped(bama_segments(width, p_tok + x_tok), width), backoff)
        return found


class _Tails(dict):
    """Word width -> the end of a reading that a prefix and a suffix entry
    make (see ``LeanAnalyzer._pair``), each made the first time it is asked
    for: the features they impose, then the split of their bwtok parts."""

    def __init__(self, imposed: tuple, affix_tokens: str) -> None:
        super().__init__()
        self._imposed = imposed
        self._tokens = affix_tokens

    def __missing__(self, width: int) -> tuple:
        tail = self[width] = (*self._imposed, *_clipped(bama_segments(width, self._tokens), width), False)
        return tail


class _WholeWord(dict):
    """Word width -> the end of a reading that splits nothing off the word
    (what ``generic_segments`` gives a stem without clitics at its start):
    the features the affixes impose, then no clitic, the stem the whole word."""

    def __init__(self, imposed: tuple) -> None:
        super().__init__()
        self._imposed = imposed

    def __missing__(self, width: int) -> tuple:
        tail = self[width] = (*self._imposed, (), (), 0, width, False)
        return tail


class _TakenByCategory(dict):
    """Stem category -> the entries of one suffix that stems of that category
    take (table BC), each list made the first time it is asked for."""

    def __init__(self, suffix_entries: list, stem_suffix_compat: dict) -> None:
        super().__init__()
        self._entries = suffix_entries
        self._compat = stem_suffix_compat

    def __missing__(self, category: str) -> list:
        takes = self._compat.get(category, ())
        taken = self[category] = [x for x in self._entries if x[0] in takes]
        return taken


def _all_of(characters: set[str]) -> Callable[[str], re.Match | None]:
    """A test of a word made of ``characters`` only (not the empty word):
    a match, else None."""
    return re.compile("[" + "".join(map(re.escape, sorted(characters))) + "]+").fullmatch


def _affix_table(affixes: dict[str, object], found: Callable[[str, object], tuple | None],
                 ) -> tuple[dict[str, list], Callable[[str], re.Match]]:
    """The affixes a word starts with, found by the longest head it starts
    with (a head: the start of an affix; the affixes of a word all lie in its
    longest head): head -> found(affix, entries) of each affix the head
    starts with, shortest first, None left out; and a regex whose match of
    a word is its longest head. Suffixes go in reversed: their tails are the
    heads of the reversed word. One regex match in place of a lookup of every
    length in turn, which was a quarter of the cost of a new word."""
    trie: dict = {}
    for key in affixes:
        node = trie
        for letter in key:
            node = node.setdefault(letter, {})
    table = {}
    heads = {key[:i] for key in affixes for i in range(len(key) + 1)}
    for head in heads:
        table[head] = [entry for i in range(len(head) + 1) if head[:i] in affixes
                       and (entry := found(head[:i], affixes[head[:i]])) is not None]
    return table, re.compile(f"(?:{_trie_pattern(trie)})?").match


def _trie_pattern(node: dict) -> str:
    """A regex of the letter trie ``node`` that matches as far down the trie
    as a text goes (greedy optional subtrees). An alternation of the heads
    themselves, longest first, takes the regex engine three times as long:
    it tries every head in turn."""
    if not node:
        return ""
    branches = [re.escape(letter) + (f"(?:{_trie_pattern(child)})?" if child else "")
                for letter, child in sorted(node.items())]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


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
