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
    from_cache = lean._stem_entries("كتاب")
    db.stem_hash.get("كتاب")  # parsed now: read from the parsed entries
    lean.forget_stems()
    assert lean._stem_entries("كتاب") == from_cache and from_cache


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

    from nlp_extract.analyze_lean import packed_stems, reduced_stems

    db = open_db(analyzer.db_path, analyzer.db_name)
    for stem in ("كتاب", "قال", "حكوم", "NOAN"):
        entries = db.stem_hash.get(stem)
        assert entries
        assert marshal.loads(packed_stems(db, entries)) == reduced_stems(db, entries)


@pytest.mark.parametrize("word", ["", "ـ", "َ", "ا", "وال", "الال"])
def test_same_readings_on_words_shorter_than_their_affixes(analyzer, word):
    lean = LeanAnalyzer(analyzer._db)
    if lean.handles(word):
        assert analyzer._analyze_word(word) == _reference(analyzer)._analyze_word(word)
