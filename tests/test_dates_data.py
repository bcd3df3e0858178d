"""Integrity of the date lexicons in models/dates/: every file parses, has the
expected shape, and no name means two things."""
from __future__ import annotations

from collections import Counter
from importlib import resources

import pytest
import yaml

from nlp_extract.dates import DATA_FILES, DateLexicon
from nlp_extract.errors import DataFileError
from nlp_extract.normalize import key

FOLDER = resources.files("nlp_extract.models") / "dates"


def load(name: str):
    return yaml.safe_load((FOLDER / name).read_text(encoding="utf-8"))


def test_every_yaml_file_in_the_folder_is_a_known_lexicon():
    names = sorted(p.name for p in FOLDER.iterdir() if p.name.endswith(".yaml"))
    assert names == sorted(DATA_FILES)


@pytest.mark.parametrize("name", DATA_FILES)
def test_file_is_a_mapping(name):
    assert isinstance(load(name), dict)


def test_cldr_months_cover_1_to_12_in_every_family():
    data = load("cldr.yaml")
    by_family: dict[str, set[int]] = {}
    for entry in data["months"]:
        assert set(entry) == {"name", "month", "family", "locales"}
        assert isinstance(entry["month"], int) and 1 <= entry["month"] <= 12
        assert entry["name"].strip() == entry["name"] and entry["locales"]
        by_family.setdefault(entry["family"], set()).add(entry["month"])
    for family in ("msa", "levant", "maghreb"):
        # a family lists only the names no earlier family has, so check the union
        assert by_family[family]
    assert set().union(*by_family.values()) == set(range(1, 13))
    assert not [n for n, c in Counter(e["name"] for e in data["months"]).items() if c > 1]


def test_cldr_weekdays_are_the_seven_days():
    data = load("cldr.yaml")
    assert sorted(e["weekday"] for e in data["weekdays"]) == list(range(7))
    names = [key(n) for e in data["weekdays"] for n in e["names"]]
    assert len(names) == len(set(names))


def test_cldr_snapshot_matches_babel():
    pytest.importorskip("babel")
    from nlp_extract.dates_cldr import snapshot

    fresh, stored = snapshot(), load("cldr.yaml")
    assert fresh["months"] == stored["months"]
    assert fresh["weekdays"] == stored["weekdays"]


@pytest.mark.parametrize("calendar", ["gregorian", "hijri"])
def test_extra_months_are_well_formed(calendar):
    entries = load("months.yaml")[calendar]
    for e in entries:
        assert set(e) <= {"name", "month", "ambiguous"}, e
        assert isinstance(e["month"], int) and 1 <= e["month"] <= 12, e
        assert isinstance(e.get("ambiguous", False), bool)
    folded = [key(e["name"]) for e in entries]
    assert not [n for n, c in Counter(folded).items() if c > 1], "duplicate names"


def test_hijri_months_cover_1_to_12():
    assert {e["month"] for e in load("months.yaml")["hijri"]} == set(range(1, 13))


def test_no_name_is_two_months():
    """Across files, one folded name never maps to two (month, calendar) pairs."""
    meaning: dict[str, tuple[int, str]] = {}
    entries = [(e["name"], e["month"], "gregorian") for e in load("cldr.yaml")["months"]]
    extra = load("months.yaml")
    entries += [(e["name"], e["month"], cal) for cal in ("gregorian", "hijri") for e in extra[cal]]
    for name, month, cal in entries:
        k = key(name)
        assert meaning.setdefault(k, (month, cal)) == (month, cal), name


def test_ambiguous_cldr_names_exist_in_cldr():
    cldr = {key(e["name"]) for e in load("cldr.yaml")["months"]}
    for name in load("months.yaml")["ambiguous_cldr"]:
        assert key(name) in cldr, name


def test_ordinals_cover_every_day_once():
    ordinals = load("words.yaml")["ordinals"]
    assert sorted(ordinals) == list(range(1, 32))
    folded = [key(n) for names in ordinals.values() for n in names]
    assert len(folded) == len(set(folded)), "an ordinal word names two days"


WORD_LISTS = [
    "day_parts", "this_words", "period_parts", "year_nouns", "year_duals", "year_prepositions",
    "hijri_markers", "gregorian_markers", "equivalence_words", "time_cues", "time_pm", "time_am",
    "quantity_words", "number_nouns", "not_today_after", "not_today_before", "not_weekday_before",
    "not_month_before", "future_cues", "range_words",
]


@pytest.mark.parametrize("name", WORD_LISTS)
def test_word_lists_are_nonempty_unique_strings(name):
    words = load("words.yaml")[name]
    assert words and all(isinstance(w, str) and w.strip() == w and w for w in words)
    folded = [key(w) for w in words]
    assert len(folded) == len(set(folded)), [w for w, c in Counter(folded).items() if c > 1]


def test_relative_days_and_modifiers_are_consistent():
    words = load("words.yaml")
    offsets: dict[str, int] = {}
    for e in words["relative_days"]:
        assert isinstance(e["offset"], int) and -7 <= e["offset"] <= 7
        for n in e["names"]:
            assert offsets.setdefault(key(n), e["offset"]) == e["offset"], n
    assert sorted(words["modifiers"]) == [-1, 0, 1]
    assert set(words["periods"]) == {"week", "month", "year"}
    mods = [key(n) for names in words["modifiers"].values() for n in names]
    assert len(mods) == len(set(mods))


def test_no_period_part_is_an_ordinal():
    """"مطلع نوفمبر" is early November, never 1 November."""
    words = load("words.yaml")
    ordinals = {key(n) for names in words["ordinals"].values() for n in names}
    assert not ordinals & {key(n) for n in words["period_parts"]}


def test_broken_files_raise_a_typed_error(tmp_path):
    for name in DATA_FILES:
        (tmp_path / name).write_text((FOLDER / name).read_text(encoding="utf-8"), encoding="utf-8")
    DateLexicon.load(tmp_path)  # the copy loads
    extra = load("months.yaml")
    extra["gregorian"].append({"name": "شهر_خطأ", "month": 13})
    (tmp_path / "months.yaml").write_text(yaml.safe_dump(extra, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError, match="1..12"):
        DateLexicon.load(tmp_path)
    (tmp_path / "months.yaml").write_text("gregorian: [unclosed", encoding="utf-8")
    with pytest.raises(DataFileError, match="not valid YAML"):
        DateLexicon.load(tmp_path)
    (tmp_path / "months.yaml").unlink()
    with pytest.raises(DataFileError, match="missing"):
        DateLexicon.load(tmp_path)


def test_a_name_with_two_months_is_rejected(tmp_path):
    for name in DATA_FILES:
        (tmp_path / name).write_text((FOLDER / name).read_text(encoding="utf-8"), encoding="utf-8")
    extra = load("months.yaml")
    extra["gregorian"].append({"name": "يناير", "month": 2})
    (tmp_path / "months.yaml").write_text(yaml.safe_dump(extra, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError, match="two different months"):
        DateLexicon.load(tmp_path)


def test_extra_gregorian_names_are_not_already_in_cldr():
    cldr = {key(e["name"]) for e in load("cldr.yaml")["months"]}
    assert not [e["name"] for e in load("months.yaml")["gregorian"] if key(e["name"]) in cldr]
