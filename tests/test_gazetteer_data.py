"""Integrity of every shipped gazetteer and lexicon file."""
from __future__ import annotations

from pathlib import Path

import pytest

from nlp_extract import gazetteer as gz
from nlp_extract.entities_lexicon import Lexicons
from nlp_extract.normalize import key

MODELS = gz.models_dir()
GAZETTEERS = gz.shipped_files(MODELS)
LEXICONS = sorted((MODELS / "lexicons").glob("*.yaml"))


@pytest.mark.parametrize("path", GAZETTEERS, ids=lambda p: p.name)
def test_gazetteer_file_loads_with_unique_ids(path: Path):
    entries = gz.load_file(path)
    assert entries, path
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    for e in entries:
        assert e.name.strip() and e.type in gz.ENTITY_TYPES
        assert key(e.name) not in {key(a) for a in e.aliases}, e.id


@pytest.mark.parametrize("path", LEXICONS, ids=lambda p: p.name)
def test_lexicon_file_is_valid_yaml(path: Path):
    assert isinstance(gz.read_yaml(path), dict)


def test_no_problems_across_files(tmp_path):
    assert [str(p) for p in gz.check(None, tmp_path)] == []


def test_every_cldr_country_is_a_place():
    from babel import Locale

    names = {key(e.name) for e in gz.load_file(MODELS / "gazetteers" / "countries.yaml")}
    territories = Locale.parse("ar").territories
    for code in ("EG", "SA", "KR", "KP", "US", "PS", "YE", "SD", "MR", "FR"):
        assert key(territories[code].split(" (")[0].replace(" - ", " ")) in names


def test_breadth():
    by_type: dict[str, int] = {}
    for e in gz.load_all(MODELS, Path("/nonexistent-user-dir")):
        by_type[e.type] = by_type.get(e.type, 0) + 1
    assert by_type["person"] >= 200
    assert by_type["institution"] >= 200
    assert by_type["place"] >= 300


def test_lexicons_compile():
    lx = Lexicons.load(MODELS / "lexicons")
    assert "الامريكيه" in lx.nisba and lx.nisba["الامريكيه"] == "US"
    assert "الجنوبيه" in lx.directions
    assert lx.title_trie["الرييس"] and lx.title_trie["وزيره"]
    assert ("و", False) in lx.proclitics and ("لل", True) in lx.proclitics
    assert "محمد" in lx.given_names and "على" not in lx.given_names
    assert len(lx.given_names) > 1000


@pytest.mark.parametrize("name,given,common", [
    ("مصطفى", True, True),  # listed with its final ى
    ("حصة", True, True),  # added by hand
    ("علي", True, True),  # also "على" misspelt: a name that needs more evidence
])
def test_given_names(name, given, common):
    lx = Lexicons.load(MODELS / "lexicons")
    assert (key(name) in lx.given_names, key(name) in lx.given_common) == (given, common)
    assert key("مصطفى") in lx.given_final_alif and key("على") not in lx.given_final_alif


def test_generator_keeps_hand_added_names(tmp_path):
    from nlp_extract.build_gazetteers import _hand_added_names

    path = tmp_path / "given_names.yaml"
    path.write_text("names:\n- name: محمد\n  rank: 1\nadded:\n- name: حصة\n  common: true\n", encoding="utf-8")
    assert _hand_added_names(path) == [{"name": "حصة", "common": True}]
    assert _hand_added_names(tmp_path / "missing.yaml") == []


def test_generator_word_lists_are_data():
    from babel import Locale

    from nlp_extract.build_gazetteers import _sources

    sources = _sources(MODELS)
    territories = Locale.parse("ar").territories
    # every key an ISO code CLDR knows (YAML would read a bare NO as false)
    assert all(isinstance(code, str) and code in territories for code in sources["aliases"])
    assert all(len(code) == 2 for code in sources["arab_countries"])
    assert {"EG", "SA", "MR"} <= sources["arab_countries"] and "UN" in sources["not_countries"]
    places = {key(n) for e in gz.load_file(MODELS / "gazetteers" / "countries.yaml") for n in e.names()}
    for names in sources["aliases"].values():
        assert all(key(n) in places for n in names)
