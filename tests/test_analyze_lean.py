"""The lean analyzer gives exactly the readings of camel-tools' Analyzer.

``analyze_lean.LeanAnalyzer`` reimplements camel-tools' analysis loop to
compute only what the matchers read; these tests hold it to camel-tools'
own ``Analyzer`` on the same database, word by word: same readings, same
order, on real text, on generated words, with the gazetteer's names added,
and on a database parsed by camel-tools itself instead of our cache.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_extract.analyze import MorphAnalyzer, open_db
from nlp_extract.analyze_lean import LeanAnalyzer
from nlp_extract.model import Analysis
from nlp_extract.normalize import clean
from nlp_extract.reader import read_file
from nlp_extract.tokenize import word_tokens

ROOT = Path(__file__).resolve().parents[1]
ANT = ROOT.parent / "shared" / "corpus" / "ant"


def _reference(analyzer: MorphAnalyzer) -> MorphAnalyzer:
    """camel-tools' Analyzer over the very database object ``analyzer`` uses."""
    return MorphAnalyzer(analyzer._db, analyzer.db_path, analyzer.db_name, lean=False)


def _words(paths) -> list[str]:
    words: dict[str, None] = {}
    for path in paths:
        words.update(dict.fromkeys(word_tokens(clean(read_file(path).text).text)))
    return list(words)


def _differences(lean: MorphAnalyzer, reference: MorphAnalyzer, words) -> list[str]:
    return [w for w in words if lean._analyze_word(w) != reference._analyze_word(w)]


def _project_texts() -> list[Path]:
    return sorted(ROOT.glob("corpus/*.txt")) + sorted((ROOT / "tests" / "gold" / "texts").glob("*.txt"))


def test_same_readings_as_camel_tools_on_every_word_of_the_project_texts(analyzer):
    words = _words(_project_texts())
    assert len(words) > 500
    assert _differences(analyzer, _reference(analyzer), words) == []


def test_same_readings_with_the_gazetteer_names_added(extractor):
    """The extractor's analyzer has every gazetteer name as a proper noun:
    stems changed after the cache was made go through the parsed entries."""
    analyzer = extractor._resource("analyzer")
    words = _words(_project_texts())
    assert _differences(analyzer, _reference(analyzer), words) == []


@pytest.mark.skipif(not ANT.is_dir(), reason="../shared/corpus/ant is not beside the project")
def test_same_readings_on_every_word_of_the_unseen_corpus(analyzer):
    words = _words(sorted(ANT.glob("*.txt")))
    assert len(words) > 5000
    assert _differences(analyzer, _reference(analyzer), words) == []


_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
_CLITICS = ["", "و", "ف", "ب", "ل", "ال", "وال", "بال", "لل", "س", "وس", "ك"]
_ENDINGS = ["", "ه", "ها", "هم", "نا", "ة", "ات", "ون", "ين", "ان", "تم", "وا", "ي", "كما"]


@settings(max_examples=300, deadline=None)
@given(
    prefix=st.sampled_from(_CLITICS),
    middle=st.text(alphabet=_LETTERS, min_size=1, max_size=7),
    ending=st.sampled_from(_ENDINGS),
    marks=st.sampled_from(["", "\u064e", "\u0651", "\u0640"]),
)
def test_same_readings_on_generated_words(analyzer, prefix, middle, ending, marks):
    word = prefix + middle[:1] + marks + middle[1:] + ending
    assert analyzer._analyze_word(word) == _reference(analyzer)._analyze_word(word)


def test_same_readings_on_a_database_parsed_by_camel_tools(analyzer):
    """Without our cache, stems come from camel-tools' parsed entries."""
    from camel_tools.morphology.database import MorphologyDB

    db = MorphologyDB(str(analyzer.db_path), "a")
    lean = MorphAnalyzer(db, analyzer.db_path, analyzer.db_name)
    reference = MorphAnalyzer(db, analyzer.db_path, analyzer.db_name, lean=False)
    words = _words(sorted(ROOT.glob("corpus/*.txt")))
    assert _differences(lean, reference, words) == []


@pytest.mark.parametrize("word, expected", [
    # a verb: person, gender and number come from the suffix
    ("قالت", Analysis(lex="قال", pos="verb", per="3", gen="f", num="s", prefixes=(),
                      suffixes=("ت",), stem_start=0, stem_end=3)),
    # article and conjunction split off, the stem after them; ة says feminine singular
    ("والحكومة", Analysis(lex="حكومة", pos="noun", per="na", gen="f", num="s",
                          prefixes=("و", "ال"), suffixes=(), stem_start=3, stem_end=8)),
])
def test_readings_of_known_words(analyzer, word, expected):
    assert expected in analyzer.word_analyses(word)


def test_an_unknown_word_is_guessed_as_a_proper_noun_with_its_clitics(analyzer):
    readings = analyzer.word_analyses("وزيلينسكي")
    assert readings and all(r.backoff and r.pos == "noun_prop" for r in readings)
    assert any(r.prefixes == ("و",) and r.lex == "زيلينسكي" and r.stem_start == 1 for r in readings)


def test_names_added_later_are_seen_by_the_lean_analyzer():
    analyzer = MorphAnalyzer.load()
    assert all(r.backoff for r in analyzer.word_analyses("وزيلينسكي"))
    assert analyzer.add_proper_nouns(["فولوديمير زيلينسكي"]) == 2
    readings = analyzer.word_analyses("وزيلينسكي")
    assert any(not r.backoff and r.pos == "noun_prop" and r.prefixes == ("و",) for r in readings)


def test_only_words_mixing_punctuation_and_letters_go_to_camel_tools(analyzer):
    lean = LeanAnalyzer(analyzer._db)
    for word in ("الحكومة", "قالَت", "2024", "١٢", "Twitter", "وTwitter", "،", "«", "..."):
        assert lean.handles(word), word
    for word in ("أ.ب", "ال«", "و%", "", " قال"):
        assert not lean.handles(word), word


@pytest.mark.parametrize("word", ["2024", "١٢", "3و", "Twitter", "وTwitter", "،", "«", "»", "...", "%",
                                  "أ.ب", "ال«", "و%", "ـ", "َ"])
def test_same_readings_on_digits_punctuation_and_latin(analyzer, word):
    assert analyzer._analyze_word(word) == _reference(analyzer)._analyze_word(word)


def test_words_with_a_digit_read_as_digits(analyzer):
    assert [r.pos for r in analyzer.word_analyses("2024")] == ["digit"]


def test_only_proper_noun_backoff_modes_are_supported(analyzer):
    with pytest.raises(ValueError, match="ADD_ALL"):
        LeanAnalyzer(analyzer._db, "ADD_ALL")


def test_the_cache_and_a_fresh_parse_agree_on_a_stem(analyzer):
    db = open_db(analyzer.db_path, analyzer.db_name)
    lean = LeanAnalyzer(db)
    from_cache = lean._stem_entries("كتاب"), lean._reduced_entries("كتاب")
    db.stem_hash.get("كتاب")  # parsed now: read from the parsed entries
    lean.forget_stems()
    assert (lean._stem_entries("كتاب"), lean._reduced_entries("كتاب")) == from_cache and from_cache[0]


def test_the_quick_analysis_constructor_equals_the_plain_one(analyzer):
    from nlp_extract.analyze import analysis_of

    # "و-قال": camel-tools' readings, the others the lean analyzer's
    for word in ("والحكومة", "قالت", "وزيلينسكي", "2024", "Twitter", "«", "و-قال"):
        for reading in analyzer._word_fields(word):
            made, plain = analysis_of(reading), Analysis(*reading)
            # tuple.__new__ checks no length: a reading must hold every field
            assert len(reading) == len(Analysis._fields)
            assert type(made) is Analysis and made._asdict() == plain._asdict()
            assert made == plain and hash(made) == hash(plain)


def test_the_cache_packs_a_stem_as_the_lean_analyzer_reads_it(analyzer):
    """Equal strings and tuples are shared in the cache's blob, never changed."""
    import marshal

    from nlp_extract.analyze_lean import packed_stems, quick_stems, reduced_of_packed, reduced_stems

    db = open_db(analyzer.db_path, analyzer.db_name)
    for stem in ("كتاب", "قال", "حكوم", "NOAN"):
        entries = db.stem_hash.get(stem)
        assert entries
        reduced = reduced_stems(db, entries, stem)
        packed = packed_stems(db, entries, stem)
        assert marshal.loads(packed) == quick_stems(reduced)
        assert reduced_of_packed(packed) == reduced


@pytest.mark.parametrize("word", ["", "ـ", "َ", "ا", "وال", "الال"])
def test_same_readings_on_words_shorter_than_their_affixes(analyzer, word):
    lean = LeanAnalyzer(analyzer._db)
    if lean.handles(word):
        assert analyzer._analyze_word(word) == _reference(analyzer)._analyze_word(word)


# -- shortcuts of the lean analyzer against its plain steps ----------------------------


@pytest.fixture(scope="module")
def lean(analyzer) -> LeanAnalyzer:
    return LeanAnalyzer(analyzer._db)


@pytest.fixture(scope="module")
def plain_lean(analyzer) -> LeanAnalyzer:
    """A lean analyzer that makes every reading with ``_reading``: no pair of
    affix entries makes a reading's tail (``LeanAnalyzer._pair``)."""
    plain = LeanAnalyzer(analyzer._db)
    plain._pair = lambda p_entry, x_entry, prefix_length: (None, None, 0)
    return plain


#: Verbs whose prefix and suffix both impose a feature: the prefix's value wins.
_VERBS = ["تشيبوك", "تكتبك", "يكتبونك", "تقولين", "نكتبه", "أكتبك", "ستكتبين", "يقولان"]
_VERB_PREFIXES = ["ت", "ي", "ن", "أ", "ست", "وي", "فت", "لي"]
_VERB_ENDINGS = ["", "ك", "كم", "ونك", "ين", "ان", "وا", "ن", "تما"]


def test_readings_made_by_affix_pairs_are_those_of_the_plain_reading(lean, plain_lean):
    words = [w for w in _words(_project_texts()) + _VERBS if lean.handles(w)]
    assert [w for w in words if lean.readings(w) != plain_lean.readings(w)] == []
    made_by_pairs = [pair for entries in lean._prefixes.values() for p_entry in entries
                     for pair in p_entry[7].values() if pair[2]]
    assert len(made_by_pairs) > 100


@settings(max_examples=300, deadline=None)
@given(prefix=st.sampled_from(_CLITICS + _VERB_PREFIXES), middle=st.text(alphabet=_LETTERS, min_size=1, max_size=7),
       ending=st.sampled_from(_ENDINGS + _VERB_ENDINGS))
def test_readings_made_by_affix_pairs_are_those_of_the_plain_reading_on_generated_words(
        lean, plain_lean, prefix, middle, ending):
    word = prefix + middle + ending
    assert lean.readings(word) == plain_lean.readings(word)


def _affixes_plainly(lean: LeanAnalyzer, normal: str) -> tuple[list, list]:
    """``_affixes_of``: every prefix and suffix length looked up in turn."""
    w = len(normal)
    starts = [(p, lean._prefixes[normal[:p]]) for p in range(min(lean._max_prefix, w) + 1)
              if lean._prefixes.get(normal[:p])]
    endings = [(-n or None, lean._suffixes[normal[w - n:]][1]) for n in range(min(lean._max_suffix, w), -1, -1)
               if normal[w - n:] in lean._suffixes]
    return starts, endings


@settings(max_examples=300, deadline=None)
@given(prefix=st.sampled_from(_CLITICS + ["وب", "فس", "ت", "ي", "ن", "ا"]),
       middle=st.text(alphabet=_LETTERS, max_size=4), ending=st.sampled_from(_ENDINGS + ["تما", "تموه", "هما"]))
def test_the_affixes_of_a_word_are_those_looked_up_at_every_length(lean, prefix, middle, ending):
    from nlp_extract import bama

    normal = bama.lookup_key(prefix + middle + ending)
    assert lean._affixes_of(normal) == _affixes_plainly(lean, normal)


def test_the_affixes_of_every_word_of_the_project_texts(lean):
    from nlp_extract import bama

    for word in _words(_project_texts()):
        normal = bama.lookup_key(word)
        assert lean._affixes_of(normal) == _affixes_plainly(lean, normal), word


@given(st.text(alphabet=_LETTERS + "ٱـًٌٍَُِّْٰ" + "٠1a،«. -\n", max_size=8))
def test_plain_and_normal_words_are_told_as_the_letter_sets_tell_them(lean, word):
    from nlp_extract import bama

    plain = bool(word) and lean._letters.issuperset(word)
    assert (lean._plain_word(word) is not None) == plain
    assert (lean._normal_word(word) is not None) == (plain and bama.lookup_key(word) == word)
    assert lean.plain_readings(word) == (lean.readings(word) if plain else None)


def test_a_stem_entry_is_bare_only_without_clitics_and_with_its_stem_as_key(analyzer):
    """Bare entries read as the whole word (``_WholeWord``): what
    ``generic_segments`` answers only for a stem without clitic features
    that opens the word."""
    from nlp_extract.analyze_lean import _BARE, _PLAIN, quick_stems, reduced_stems

    db = analyzer._db
    category, feats = next((c, f) for c, f in db.stem_hash.get("كتاب") if db.stem_suffix_compat.get(c))

    def entry(feats, stem):
        return quick_stems(reduced_stems(db, [(category, feats)], stem))[0]

    assert entry(feats, "كتاب")[_BARE]
    assert not entry(feats, "كتب")[_BARE]
    with_clitic = entry({**feats, "prc1": "bi_prep"}, "كتاب")
    assert with_clitic[_PLAIN] and not with_clitic[_BARE]


def test_unmarked_affixes_make_the_whole_word_the_stem_only_without_prefix_letters(lean):
    """A prefix entry of letters whose bwtok part holds no mark (none in the
    BAMA database, possible in others) leaves its readings to ``_reading``."""
    from nlp_extract.analyze_lean import _BARE

    p_entry = next(e for e in lean._prefixes[""] if not e[4])
    x_entry = next(e for entries, _ in lean._suffixes.values() for e in entries if not e[4] and not e[2])
    assert lean._pair(p_entry, x_entry, 0)[2] == _BARE
    assert lean._pair(p_entry, x_entry, 2) == (None, None, 0)
