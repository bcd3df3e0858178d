"""The direct YAML emitter writes exactly the bytes PyYAML writes."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from nlp_extract.pipeline import Extractor
from nlp_extract.reader import read_file
from nlp_extract.write import article_dict, dump_yaml, dump_yaml_dict, pyyaml_dump

ROOT = Path(__file__).resolve().parents[1]
ANT = ROOT.parent / "shared" / "corpus" / "ant"

#: Strings that need quoting or escaping, or look like another type.
AWKWARD = [
    "2024-07-12", "2024-07-12T17:24", "yes", "No", "null", "~", "true", "on", "off", "y", "n",
    "12", "-3", "0x1F", "1e3", ".inf", ".nan", "<<", "=", "a: b", "a:b", "ends:", "#tag", "a #b",
    "- item", "-", "?", "? x", "'single'", '"double"', "it's", "back\\slash", "a\nb", "line\n",
    " lead", "trail ", "two  spaces", "", " ", "tab\there", "[x]", "{y}", "a, b", "*ref", "&anchor",
    "!tag", "|", ">", "%", "@at", "`tick`", "\u0085", "\u2028", "\ufeff", "\x00", "\x07",
    "é", "日本", "رئيس: الوزراء", "قال \"نعم\"", "قال «نعم»", "الرئيس #1", "وزير-الخارجية",
    "عام 2024", "(الأمم المتحدة)", "أ.ف.ب", "وزير الخارجية الأمريكي", "الجمعة 19 يوليو 2024",
    "مُحَمَّد", "الـوزير", "ـ", "٢٠٢٤", "نعم،", "هل؟", "% نسبة", "a/b", "rule:day-month-year",
]
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآؤئىةـًٌٍَُِّْٰ٠١٢٣٤٥٦٧٨٩،؛؟٪٫٬٭"
TEXT = st.one_of(
    st.sampled_from(AWKWARD),
    st.text(alphabet=st.sampled_from(ARABIC + " -.:#'\"()/\n\t0123456789abcYN~«»"), max_size=20),
    st.text(max_size=12),
)
SCALAR = st.one_of(TEXT, st.integers(-10**12, 10**12))
KEY = st.one_of(st.sampled_from(["type", "text", "start", "end", "speaker", "evidence", "value", "on", "no"]),
                TEXT.filter(lambda s: len(s) < 30))
RECORD = st.recursive(
    st.dictionaries(KEY, SCALAR, max_size=4),
    lambda inner: st.dictionaries(
        KEY, st.one_of(SCALAR, inner, st.lists(st.one_of(SCALAR, inner), max_size=3)), max_size=4),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(st.fixed_dictionaries({"source": TEXT}, optional={"published": TEXT}).flatmap(
    lambda head: st.lists(RECORD, max_size=4).map(lambda records: {**head, "records": records})))
def test_generated_articles_are_written_as_pyyaml_writes_them(article):
    assert dump_yaml_dict(article) == pyyaml_dump(article)


@pytest.mark.parametrize("value", AWKWARD)
def test_awkward_strings_in_every_position(value):
    article = {"source": value, "published": value, "records": [
        {"type": value, value[:20] or "k": value, "evidence": [value, value], "speaker": {"text": value},
         "fragments": [{"start": 1, "text": value}]}]}
    assert dump_yaml_dict(article) == pyyaml_dump(article)


def test_every_article_of_the_corpus_is_written_as_pyyaml_writes_it():
    files = sorted((ROOT / "corpus").glob("*.txt"))
    if ANT.is_dir():
        files += sorted(ANT.glob("*.txt"))
    extractor = Extractor()
    for path in files:
        extraction = extractor.extract(read_file(path))
        assert dump_yaml(extraction) == pyyaml_dump(article_dict(extraction)), path
