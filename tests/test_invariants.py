"""Properties of the whole pipeline that hold for any input (issue 7).

For any Unicode text: extraction never raises; every record (and every
offset inside a quote: cue, speaker, fragments) satisfies
``text == input[start:end]``; records are sorted by offset; the written
YAML/JSON/JSON Lines parses and validates against the shipped schema; and
running again, after other articles, gives identical output.

Inputs mix Arabic news fragments (synthetic ones and sentences of corpus/),
punctuation, quotation marks, invisible marks, presentation forms, Persian
letters, NUL, lone surrogates and arbitrary code points (tests/fuzz/fragments.py).
The fuzzer (``make fuzz``) checks the same invariants on 100,000 inputs.
"""
from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp_extract.errors import InputError
from nlp_extract.model import Document
from nlp_extract.normalize import clean
from nlp_extract.pipeline import Extractor, Settings
from nlp_extract.reader import read_bytes
from nlp_extract.tokenize import split_sentences, tokenize
from nlp_extract.write import dump_yaml

from .fuzz.checks import check_output, check_records
from .fuzz.fragments import MARKS, NEWS, ODD, PUNCTUATION, SYNTHETIC, WORDS


fragments = st.one_of(
    st.sampled_from(NEWS),
    st.sampled_from(WORDS),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(MARKS),
    st.sampled_from(ODD),
    st.text(max_size=6),
    st.characters(categories=["Cs"]),  # lone surrogates
)
#: Articles: fragments glued together, sometimes joined by spaces, sometimes not.
articles = st.one_of(
    st.lists(fragments, max_size=30).map("".join),
    st.lists(fragments, max_size=30).map(" ".join),
    st.text(max_size=200),
)

PIPELINE = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@PIPELINE
@given(text=articles, fmt=st.sampled_from(["yaml", "json", "jsonl"]))
def test_any_text_extracts_to_valid_sorted_records_that_are_their_surface(extractor, text, fmt):
    extraction = extractor.extract(Document("any.txt", text))
    check_records(extraction)
    check_output(extraction, fmt)


@PIPELINE
@given(first=articles, other=articles)
def test_extraction_is_repeatable_whatever_came_before(extractor, first, other):
    once = extractor.extract(Document("a.txt", first))
    extractor.extract(Document("b.txt", other))  # caches filled by another article
    again = extractor.extract(Document("a.txt", first))
    assert again.records == once.records
    assert dump_yaml(again) == dump_yaml(once)


def test_a_fresh_extractor_gives_the_same_output(extractor):
    text = " ".join(SYNTHETIC)
    fresh = Extractor(Settings()).load()
    assert dump_yaml(fresh.extract(Document("a.txt", text))) == dump_yaml(extractor.extract(Document("a.txt", text)))


@settings(max_examples=300, deadline=None)
@given(text=articles)
def test_tokens_and_sentences_point_into_the_original(text):
    cleaned = clean(text)
    assert len(cleaned.origin) == len(cleaned.text) + 1
    assert list(cleaned.origin) == sorted(cleaned.origin)
    sentences = split_sentences(cleaned)
    tokens = tokenize(cleaned, sentences)
    last_end = 0
    for s in sentences:
        assert last_end <= s.start < s.end <= len(text)
        last_end = s.end
    last_start = 0
    for t in tokens:
        assert last_start <= t.start <= t.end <= len(text)
        assert t.text in clean(text[t.start:t.end]).text
        last_start = t.start


unicode_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=300)


@settings(max_examples=300, deadline=None)
@given(text=unicode_text, bom=st.sampled_from(["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be"]))
def test_unicode_encodings_decode_to_exactly_the_text(text, bom):
    prefix = {"utf-8-sig": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE,
              "utf-16-be": codecs.BOM_UTF16_BE}.get(bom, b"")
    data = prefix + text.encode("utf-8" if bom == "utf-8-sig" else bom)
    try:
        document = read_bytes(data, "a.txt")
    except InputError as e:
        # Plain UTF-8 is refused only as binary (NUL-heavy) or for its front matter.
        assert bom == "utf-8" and ("not a text file" in e.reason or "front matter" in e.reason
                                   or "published date" in e.reason), e
        return
    assert document.text == text


legacy_article = st.lists(
    st.one_of(st.sampled_from(SYNTHETIC), st.sampled_from(PUNCTUATION), st.sampled_from(WORDS)),
    min_size=1, max_size=20,
).map(" ".join).map(lambda t: SYNTHETIC[0] + " " + t)


@settings(max_examples=200, deadline=None)
@given(text=legacy_article, encoding=st.sampled_from(["cp1256", "iso-8859-6"]))
def test_a_legacy_encoded_article_decodes_to_its_text_or_is_refused_never_mojibake(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode(encoding, "replace")
        text = data.decode(encoding)
    try:
        document = read_bytes(data, "a.txt")
    except InputError:
        return
    assert document.text == text


any_string = st.text(st.one_of(st.characters(), st.characters(categories=["Cs"])), max_size=40)  # controls, surrogates


@settings(max_examples=400, deadline=None)
@given(source=any_string, text=any_string, name=any_string, published=st.sampled_from([None, "2024-07-12"]),
       fmt=st.sampled_from(["yaml", "json", "jsonl"]))
def test_the_writers_round_trip_any_string(source, text, name, published, fmt):
    """Whatever the strings (paths, record text, names), the output parses
    back to them; only lone surrogates become U+FFFD."""
    from nlp_extract.model import Evidence, Record
    from nlp_extract.pipeline import Extraction

    text = text or "x"
    record = Record("person", text, 0, len(text), 0, (Evidence("rule", "test"),), {"name": name or "x"})
    extraction = Extraction(Document(source, text), published, (record,))
    (article,) = check_output(extraction, fmt)
    printable = lambda s: "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in s)  # noqa: E731
    assert article["source"] == printable(source)
    assert article["records"][0]["name"] == printable(name or "x")
    if fmt != "jsonl":
        assert article.get("published") == published
