"""Integrity of the quote lexicons in models/lexicons (reporting_verbs.yaml,
quote_markers.yaml, quote_speakers.yaml), and the errors a broken copy raises."""
from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest
import yaml

from nlp_extract.errors import DataFileError
from nlp_extract.normalize import key
from nlp_extract.quotes import MIN_STATEMENT_WORDS, QuoteLexicon
from nlp_extract.quotes_lexicon import AGREEMENTS, MARKERS_FILE, SPEAKERS_FILE, VERBS_FILE

LEXICONS = Path(str(resources.files("nlp_extract.models") / "lexicons"))


def load(name: str):
    return yaml.safe_load((LEXICONS / name).read_text(encoding="utf-8"))


def test_loads_from_the_installed_package():
    lexicon = QuoteLexicon.load()
    assert lexicon == QuoteLexicon.load(LEXICONS)
    assert key("قالت") in lexicon.forms


def test_every_issue_cue_is_listed():
    lemmas = {c["lemma"] for c in load(VERBS_FILE)["cues"]}
    wanted = "قال أضاف تابع أكد أوضح أشار شدد اعتبر رأى صرح ذكر أعلن حذر نفى كرر توقع أفاد لفت نوه".split()
    assert set(wanted) <= lemmas


def test_verb_slots_and_unique_forms():
    data = load(VERBS_FILE)
    seen: dict[str, str] = {}
    for cue in data["cues"]:
        assert len(cue["past"]) == 5 and len(cue["present"]) == 5 and len(cue["participle"]) == 3, cue["lemma"]
        # the 3ms past form is the lemma itself: the slot order is right
        assert cue["past"][0] == cue["lemma"]
        for form in cue["past"] + cue["present"] + cue["participle"]:
            if form is None:
                continue
            assert form == form.strip() and " " not in form
            assert seen.setdefault(key(form), cue["lemma"]) == cue["lemma"], form


def test_participles_carry_agreement():
    lexicon = QuoteLexicon.load()
    assert lexicon.forms[key("قائلا")].form == "participle"
    assert lexicon.forms[key("مضيفة")].agr == "fs"
    assert lexicon.forms[key("قالتا")].agr == "fd"
    assert lexicon.forms[key("قالوا")].agr == "mp"


def test_marker_lists_are_words():
    data = load(MARKERS_FILE)
    for name, value in data.items():
        if name == "attributions":
            for entry in value:
                assert entry["source"] in ("next", "lam", "cue") and entry["words"]
            continue
        if name == "demonstratives":
            assert value and all(isinstance(w, str) and agr in AGREEMENTS for w, agr in value.items())
            continue
        if name == "long_quote_words":
            assert isinstance(value, int) and value >= MIN_STATEMENT_WORDS
            continue
        assert isinstance(value, list) and value, name
        assert all(isinstance(w, str) and w.strip() == w and w for w in value), name
        assert len(set(value)) == len(value), f"{name} has duplicates"


def test_complementizers_do_not_collide_with_cues():
    lexicon = QuoteLexicon.load()
    assert not (lexicon.complementizers & set(lexicon.forms))
    assert not (lexicon.not_cues & set(lexicon.forms))


def test_speaker_heads_have_agreements():
    data = load(SPEAKERS_FILE)
    for noun, spec in data["heads"].items():
        agr = spec if isinstance(spec, str) else spec["agr"]
        assert agr in AGREEMENTS, noun
    assert data["titles"] and data["modifiers"]


def test_verbal_nouns_and_required_words():
    lexicon = QuoteLexicon.load()
    data = load(VERBS_FILE)
    for cue in data["cues"]:
        for noun in cue.get("nouns") or []:
            # a verbal noun is no verb form, and maps back to its verb
            assert key(noun) not in lexicon.forms and lexicon.nouns[key(noun)] == cue["lemma"], noun
        if "needs" in cue:
            assert isinstance(cue["needs"], str) and " " not in cue["needs"].strip(), cue["lemma"]
    assert lexicon.lemmas[key("عبر")][2] == key("عن")
    assert all(e and " " not in e for e in data["enclitics"])


def test_person_heads_are_speaker_heads_and_not_titles():
    lexicon = QuoteLexicon.load()
    for noun in lexicon.person_heads:
        assert lexicon.head_of(noun) is not None, noun
        assert not lexicon.is_title(noun), noun


def test_bad_verbal_noun_list_is_rejected(broken):
    path = broken / VERBS_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("nouns: [قول]", "nouns: قول"), encoding="utf-8")
    with pytest.raises(DataFileError, match="cue قال: 'nouns' must be a list of words"):
        QuoteLexicon.load(broken)


@pytest.fixture
def broken(tmp_path):
    for name in (VERBS_FILE, MARKERS_FILE, SPEAKERS_FILE):
        shutil.copy(LEXICONS / name, tmp_path / name)
    return tmp_path


def test_missing_file_is_a_data_error(broken):
    (broken / MARKERS_FILE).unlink()
    with pytest.raises(DataFileError, match="file not found"):
        QuoteLexicon.load(broken)


def test_bad_slot_count_names_the_cue(broken):
    path = broken / VERBS_FILE
    path.write_text(path.read_text(encoding="utf-8").replace(
        "past: [قال, قالت, قالا, قالتا, قالوا]", "past: [قال, قالت]"), encoding="utf-8")
    with pytest.raises(DataFileError, match="cue قال: 'past' needs 5 slots"):
        QuoteLexicon.load(broken)


def test_bad_agreement_is_rejected(broken):
    path = broken / SPEAKERS_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("مسؤول: ms", "مسؤول: xx"), encoding="utf-8")
    with pytest.raises(DataFileError, match="speaker head مسؤول"):
        QuoteLexicon.load(broken)


def test_invalid_yaml_reports_the_line(broken):
    path = broken / MARKERS_FILE
    path.write_text("complementizers: [إن\n  : :\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=MARKERS_FILE):
        QuoteLexicon.load(broken)


def test_clause_initial_forms_and_complementizer_needs():
    lexicon = QuoteLexicon.load()
    # "بين" is a cue only where a clause opens, also under a pronoun; "بينت" always
    assert lexicon.is_clause_initial(key("وبين")) and lexicon.is_clause_initial(key("بينها"))
    assert not lexicon.is_clause_initial(key("بينت"))
    # a needed complementizer stands for its forms with a pronoun, nothing else
    assert lexicon.satisfies_need(key("بأن"), key("بأنها"))
    assert not lexicon.satisfies_need(key("بأن"), key("أنها"))
    assert not lexicon.satisfies_need(key("عن"), key("عنها"))


def test_clause_initial_must_list_forms_of_the_cue(broken):
    path = broken / VERBS_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("clause_initial: [بين]", "clause_initial: [بينما]"),
                    encoding="utf-8")
    with pytest.raises(DataFileError, match="cue بين: 'clause_initial' must list forms of the cue"):
        QuoteLexicon.load(broken)


def test_speaker_via_is_a_phrase_or_a_list_of_phrases(broken):
    lexicon = QuoteLexicon.load()
    assert lexicon.lemmas[key("نقل")][1] == ((key("عن"),), tuple(key("على لسان").split()))
    path = broken / VERBS_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("speaker_via: [عن, على لسان]", "speaker_via: [عن, 3]"),
                    encoding="utf-8")
    with pytest.raises(DataFileError, match="cue نقل: 'speaker_via' must be a phrase or a list of phrases"):
        QuoteLexicon.load(broken)
