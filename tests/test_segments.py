"""Huge articles are processed in segments with bounded memory; the records
still point into the whole text, and the writer streams them."""
import io
from pathlib import Path

import pytest
import yaml
from hypothesis import given, strategies as st

from nlp_extract import pipeline
from nlp_extract.pipeline import Extraction, segment_bounds
from nlp_extract.reader import read_file
from nlp_extract.write import FORMATS, Writer

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "000_c46b7048c98eba29.txt"


@given(st.text(st.sampled_from("اب \n."), max_size=400), st.integers(2, 50))
def test_segments_cover_the_text_in_order_within_the_size(text, size):
    bounds = list(segment_bounds(text, size))
    assert "".join(text[s:e] for s, e in bounds) == text
    assert all(0 < e - s <= size for s, e in bounds)


def test_segments_end_at_paragraph_breaks_when_there_are_some():
    text = "فقرة أولى طويلة.\n\nفقرة ثانية.\nسطر.\n\nفقرة ثالثة."
    assert [text[s:e] for s, e in segment_bounds(text, 20)] == [
        "فقرة أولى طويلة.\n\n", "فقرة ثانية.\nسطر.\n\n", "فقرة ثالثة.",
    ]


@pytest.fixture
def small_segments(monkeypatch):
    monkeypatch.setattr(pipeline, "SEGMENT_CHARS", 1500)


def test_a_segmented_article_keeps_every_offset_in_the_whole_text(extractor, small_segments):
    document = read_file(SEED)
    extraction = extractor.extract(document)
    assert not isinstance(extraction.records, tuple)
    records = list(extraction.records)
    text = document.text
    assert records and all(text[r.start:r.end] == r.text for r in records)
    nested = [v for r in records for v in r.attrs.values() if isinstance(v, dict) and "start" in v]
    assert nested and all(text[v["start"]:v["end"]] == v["text"] for v in nested)
    assert [r.start for r in records] == sorted(r.start for r in records)
    # segments are cut at paragraph breaks, so the seed's records survive
    whole = {(r.type, r.start, r.end) for r in extractor.extract(read_file(SEED)).records
             if r.type in ("date", "place")}
    assert whole <= {(r.type, r.start, r.end) for r in records}


@pytest.mark.parametrize("fmt", FORMATS)
def test_streamed_records_are_written_exactly_like_a_tuple(extractor, fmt):
    whole = extractor.extract(read_file(SEED))

    def written(records_of):
        out = io.StringIO()
        writer = Writer(out, fmt)
        for _ in range(2):
            writer.write(Extraction(whole.document, whole.reference_date, records_of()))
        writer.close()
        return out.getvalue()

    assert written(lambda: iter(whole.records)) == written(lambda: whole.records)
    assert written(lambda: iter(())) == written(lambda: ())


def test_a_segmented_article_through_the_writer_parses(extractor, small_segments):
    out = io.StringIO()
    Writer(out).write(extractor.extract(read_file(SEED)))
    doc = yaml.safe_load(out.getvalue())
    assert doc["published"] == "2024-07-12"
    assert len(doc["records"]) > 10


def test_small_segments_really_split_the_seed(extractor, small_segments):
    text = read_file(SEED).text
    assert len(list(segment_bounds(text))) >= 2
