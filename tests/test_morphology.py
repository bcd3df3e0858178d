"""The analyze stage: the BAMA -> camel-tools conversion, the analyzer on real
words, offsets of stems, the fast cache and the offline import."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from nlp_extract import bama, camel_offline
from nlp_extract.analyze import MorphAnalyzer, resolve_db
from nlp_extract.normalize import clean
from nlp_extract.tokenize import split_sentences, tokenize

ROOT = Path(__file__).resolve().parents[1]


def analyzed(analyzer, text):
    clean_text = clean(text)
    return analyzer.analyze(tokenize(clean_text, split_sentences(clean_text)), clean_text=clean_text)


def dictionary_readings(analyzer, word):
    return [a for a in analyzer.analyze_word(word) if not a.backoff]


# --- the conversion on real words -------------------------------------------


@pytest.mark.parametrize(
    "word, pos, lex, prefixes, base, suffixes, per, gen, num",
    [
        ("وقالت", "verb", "قال", ("و",), "قال", ("ت",), "3", "f", "s"),
        ("قالت", "verb", "قال", (), "قال", ("ت",), "3", "f", "s"),
        ("قالا", "verb", "قال", (), "قال", ("ا",), "3", "m", "d"),
        ("قالوا", "verb", "قال", (), "قال", ("وا",), "3", "m", "p"),
        ("وسيقول", "verb", "قال", ("و", "س", "ي"), "قول", (), "3", "m", "s"),
        ("للوزارة", "noun", "وزارة", ("ل", "ال"), "وزارة", (), "na", "f", "s"),
        ("والولايات", "noun", "ولاية", ("و", "ال"), "ولايات", (), "na", "f", "p"),
        ("بوزارته", "noun", "وزارة", ("ب",), "وزارت", ("ه",), "na", "f", "s"),
        ("الرئيس", "noun", "رئيس", ("ال",), "رئيس", (), "na", "u", "u"),
    ],
)
def test_dictionary_analysis(analyzer, word, pos, lex, prefixes, base, suffixes, per, gen, num):
    [token] = analyzed(analyzer, word)
    expected = (pos, lex, prefixes, base, suffixes, per, gen, num)
    found = [
        (a.pos, a.lex, a.prefixes, word[a.stem_start:a.stem_end], a.suffixes, a.per, a.gen, a.num)
        for a in token.analyses
        if not a.backoff
    ]
    assert expected in found


def test_backoff_splits_a_clitic_off_an_unknown_name(analyzer):
    [token] = analyzed(analyzer, "وبايدن")
    assert token.analyses and all(a.backoff for a in token.analyses)
    readings = {(a.pos, a.prefixes, "وبايدن"[a.stem_start:a.stem_end]) for a in token.analyses}
    assert ("noun_prop", ("و",), "بايدن") in readings


def test_stem_offsets_are_relative_to_the_token_and_skip_diacritics(analyzer):
    text = "أعلن الوزير، وَقالَت للوزارة"
    tokens = analyzed(analyzer, text)
    said = next(t for t in tokens if text[t.start:t.end] == "وَقالَت")
    verb = next(a for a in said.analyses if a.pos == "verb" and a.gen == "f")
    assert text[said.start + verb.stem_start:said.start + verb.stem_end] == "قالَ"
    ministry = next(t for t in tokens if text[t.start:t.end] == "للوزارة")
    noun = next(a for a in ministry.analyses if a.lex == "وزارة")
    assert (noun.stem_start, noun.stem_end) == (2, ministry.end - ministry.start)
    assert text[ministry.start + noun.stem_start:ministry.start + noun.stem_end] == "وزارة"


def test_every_occurrence_of_a_word_shares_its_analyses(analyzer):
    tokens = analyzed(analyzer, "قال الوزير ثم قال الوزير")
    assert tokens[0].analyses and tokens[0].analyses is tokens[3].analyses
    assert tokens[1].analyses is tokens[4].analyses


def test_hamza_seat_variant_finds_the_dictionary_word(analyzer):
    assert any(a.lex == "مسؤول" for a in dictionary_readings(analyzer, "مسئول"))


def test_punctuation_digits_and_latin_are_not_arabic_words(analyzer):
    tokens = analyzed(analyzer, "عام 2024 ، Biden")
    pos = {t.text: {a.pos for a in t.analyses} for t in tokens}
    assert pos["2024"] == {"digit"}
    assert pos["،"] == {"punc"}
    assert pos["Biden"] == {"foreign"}


# --- proper nouns from the gazetteers ----------------------------------------


def test_added_proper_noun_takes_clitics_through_the_lexicon():
    fresh = MorphAnalyzer.load()
    assert all(a.backoff for a in fresh.analyze_word("وبايدن"))
    assert fresh.add_proper_nouns(["جو بايدن"]) >= 1
    readings = fresh.analyze_word("وبايدن")
    assert any(
        not a.backoff and a.pos == "noun_prop" and a.lex == "بايدن" and a.prefixes == ("و",)
        and (a.stem_start, a.stem_end) == (1, 6)
        for a in readings
    )
    assert any(not a.backoff and a.prefixes == ("ل",) for a in fresh.analyze_word("لبايدن"))
    # a name word the lexicon already knows keeps its dictionary readings
    fresh.add_proper_nouns(["جو بايدن"])
    assert any(a.pos != "noun_prop" for a in fresh.analyze_word("جو"))


def test_proper_nouns_do_not_leak_into_other_analyzers(analyzer):
    fresh = MorphAnalyzer.load()
    fresh.add_proper_nouns(["ماكرون"])
    assert all(a.backoff for a in analyzer.analyze_word("وماكرون"))


# --- invariants -----------------------------------------------------------------

ARABIC = st.text(alphabet=st.sampled_from("ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآؤئىة\u064e\u0650\u0651"), min_size=1, max_size=9)


@settings(max_examples=60, deadline=None)
@given(st.lists(ARABIC, min_size=1, max_size=4))
def test_stem_offsets_stay_inside_their_token(analyzer, words):
    text = " ".join(words)
    for token in analyzed(analyzer, text):
        for a in token.analyses:
            assert 0 <= a.stem_start <= a.stem_end <= token.end - token.start


# --- the database: camel-tools' parser, the cache, the normalization ----------


@pytest.fixture(scope="module")
def bama_db_path(analyzer):
    if analyzer.db_name != "bama":
        pytest.skip("the session analyzer does not use the BAMA database")
    return analyzer.db_path


def test_camel_tools_parses_the_converted_database(bama_db_path):
    from camel_tools.morphology.analyzer import Analyzer
    from camel_tools.morphology.database import MorphologyDB

    db = MorphologyDB(str(bama_db_path), "a")
    assert {"digit", "punc", "latin"} <= set(db.defaults)
    assert db.stem_backoffs["PROP"]
    assert set(db.prefix_hash) and all(
        cat in db.prefix_stem_compat for entries in db.prefix_hash.values() for cat, _ in entries
    )
    assert all("pos" not in f and "lex" not in f for entries in db.prefix_hash.values() for _, f in entries)
    assert all("pos" not in f and "lex" not in f for entries in db.suffix_hash.values() for _, f in entries)
    assert all("lex" in f for entries in db.stem_hash.values() for _, f in entries)
    words = Analyzer(db, backoff="NOAN_PROP").analyze("وقالت")
    assert any(a["pos"] == "verb" and a["gen"] == "f" and a["per"] == "3" for a in words)


def test_cache_gives_what_the_text_parser_gives(bama_db_path):
    from camel_tools.morphology.database import MorphologyDB

    parsed = MorphologyDB(str(bama_db_path), "a")
    state = bama.read_cache(bama_db_path, bama_db_path.parent / bama.CACHE_FILE)
    assert state is not None, "make models writes a valid cache"
    cached = bama.db_from_state(state)
    # camel-tools lists a feature's values from a set: their order varies by process
    assert {k: v and set(v) for k, v in cached.defines.items()} == {k: v and set(v) for k, v in parsed.defines.items()}
    for name in ("defaults", "order", "tokenizations", "compute_feats", "stem_backoffs",
                 "prefix_hash", "suffix_hash", "prefix_stem_compat", "stem_suffix_compat",
                 "prefix_suffix_compat", "max_prefix_size", "max_suffix_size"):
        assert getattr(cached, name) == getattr(parsed, name), name
    assert len(cached.stem_hash) == len(parsed.stem_hash)
    assert dict(cached.stem_hash.items()) == parsed.stem_hash


def test_stale_cache_is_ignored(tmp_path, bama_db_path):
    db_copy = tmp_path / bama.DB_FILE
    db_copy.write_bytes(bama_db_path.read_bytes())
    cache = tmp_path / bama.CACHE_FILE
    cache.write_bytes((bama_db_path.parent / bama.CACHE_FILE).read_bytes())
    os.utime(db_copy, ns=(1, 1))
    assert bama.read_cache(db_copy, cache) is None
    cache.write_bytes(b"not a cache")
    assert bama.read_cache(db_copy, cache) is None


def test_lookup_keys_are_normalized_as_the_analyzer_normalizes():
    from camel_tools.morphology.analyzer import DEFAULT_NORMALIZE_MAP
    from camel_tools.utils.dediac import dediac_ar

    for word in ("إِسْتِراتِيجِيَّة", "أمّة", "آخِرٌ", "ٱلْحَمْدُ", "مُسْتَشْفَى", "ـقـال"):
        assert bama.lookup_key(word) == DEFAULT_NORMALIZE_MAP.map_string(dediac_ar(word))


def test_missing_explicit_database_is_a_typed_error(tmp_path):
    from nlp_extract.errors import ModelMissingError

    with pytest.raises(ModelMissingError):
        resolve_db(tmp_path / "nothing.db")


# --- camel-tools offline, and the charsets import hook ---------------------------


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CAMELTOOLS_DATA", "NLP_EXTRACT_CACHE", "XDG_CACHE_HOME")}
    env.update(HOME=str(home), **extra)
    return env


@pytest.mark.slow
def test_camel_morphology_imports_offline_with_our_catalogue(tmp_path, bama_db_path):
    code = (
        "import os, json\n"
        "from nlp_extract.analyze import MorphAnalyzer\n"
        "m = MorphAnalyzer.load()\n"
        "from camel_tools.data import CATALOGUE\n"
        "print(json.dumps([m.db_name, os.environ['CAMELTOOLS_DATA'], sorted(CATALOGUE.components['MorphologyDB'].datasets)]))\n"
    )
    done = _run(code, _env(tmp_path))
    assert done.returncode == 0, done.stderr
    name, data_dir, datasets = json.loads(done.stdout)
    assert name == "bama"
    assert data_dir.startswith(str(tmp_path))
    assert camel_offline.BAMA_DB in datasets
    assert done.stderr == ""


@pytest.mark.slow
def test_an_installed_official_database_wins_and_is_not_hidden(tmp_path, bama_db_path):
    user_data = tmp_path / "camel"
    official = user_data / "data" / "morphology_db" / "calima-msa-r13"
    official.mkdir(parents=True)
    (official / "morphology.db").symlink_to(bama_db_path)
    catalogue = {"version": "1.6", "packages": {}, "components": {"MorphologyDB": {
        "default": "calima-msa-r13", "datasets": {"calima-msa-r13": {"path": "morphology_db/calima-msa-r13"}}}}}
    (user_data / "catalogue.json").write_text(json.dumps(catalogue), encoding="utf-8")
    code = (
        "import os\n"
        "from nlp_extract.analyze import MorphAnalyzer\n"
        "m = MorphAnalyzer.load()\n"
        "from camel_tools.morphology.database import MorphologyDB\n"
        "MorphologyDB.builtin_db()\n"
        "print(m.db_name, os.environ['CAMELTOOLS_DATA'])\n"
    )
    done = _run(code, _env(tmp_path, CAMELTOOLS_DATA=str(user_data)))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["calima-msa-r13", str(user_data)]
    assert not list(official.glob("*.cache")), "nothing is written into the user's installation"


@pytest.mark.slow
def test_charsets_from_the_cache_equal_the_real_module(tmp_path):
    dump = (
        "import hashlib, sys\n"
        "{hook}"
        "import camel_tools.utils.charsets as c\n"
        "names = sorted(n for n in c.__all__)\n"
        "h = hashlib.sha256()\n"
        "for n in names: h.update(n.encode()); h.update(''.join(sorted(getattr(c, n))).encode('utf-8', 'surrogatepass'))\n"
        "print(h.hexdigest(), len(c.EMOJI_DATA))\n"
    )
    hook = "from nlp_extract import camel_offline; camel_offline.install_charsets_cache()\n"
    env = _env(tmp_path)
    plain = _run(dump.format(hook=""), env)
    first = _run(dump.format(hook=hook), env)  # runs the module, writes the cache
    second = _run(dump.format(hook=hook), env)  # reads the cache
    assert plain.returncode == first.returncode == second.returncode == 0, plain.stderr + second.stderr
    assert plain.stdout == first.stdout == second.stdout
    assert list((tmp_path / ".cache" / "nlp-extract").glob("camel-charsets-*.marshal"))
