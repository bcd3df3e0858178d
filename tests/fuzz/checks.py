"""The invariants every extraction must satisfy, whatever the input.

Shared by the fuzzer (``tests.fuzz.run``) and the property tests
(``tests/test_invariants.py``): a violated invariant raises ``AssertionError``.
"""
from __future__ import annotations

import io
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from nlp_extract.pipeline import Extraction
from nlp_extract.write import Writer

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "nlp_extract" / "schema" / "article.schema.json"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1)
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _nested_spans(value: Any):
    """Every mapping with ``text``/``start``/``end`` inside a record's
    attributes (a quote's cue, speaker and fragments)."""
    if isinstance(value, dict):
        if {"text", "start", "end"} <= value.keys():
            yield value
        for v in value.values():
            yield from _nested_spans(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _nested_spans(v)


def check_records(extraction: Extraction) -> None:
    """Offsets point into the original text and records are in order."""
    text = extraction.document.text
    previous = (-1, -1)
    for record in extraction.records:
        assert 0 <= record.start < record.end <= len(text), record
        assert record.text == text[record.start:record.end], record
        assert record.sentence >= 0, record
        assert (record.start, record.end) >= previous, (previous, record)
        previous = (record.start, record.end)
        for span in _nested_spans(dict(record.attrs)):
            assert 0 <= span["start"] <= span["end"] <= len(text), (record, span)
            assert span["text"] == text[span["start"]:span["end"]], (record, span)


def written(extraction: Extraction, fmt: str = "yaml") -> str:
    stream = io.StringIO()
    writer = Writer(stream, fmt)
    writer.write(extraction)
    writer.close()
    return stream.getvalue()


def check_output(extraction: Extraction, fmt: str = "yaml") -> list[dict]:
    """The written form parses back, validates against the schema, and holds
    every record; returns the parsed articles (JSON Lines: the records)."""
    out = written(extraction, fmt)
    out.encode("utf-8")  # never a lone surrogate on the way out
    if fmt == "yaml":
        articles = [d for d in yaml.load_all(out, Loader=_Loader) if d is not None]
        assert len(articles) == 1, out
    elif fmt == "json":
        articles = json.loads(out)
        assert len(articles) == 1, out
    else:
        lines = [json.loads(line) for line in out.split("\n") if line]
        assert len(lines) == len(extraction.records)
        for line in lines:
            assert line.pop("source") == _printable(extraction.document.source)
        articles = [{"source": _printable(extraction.document.source), "records": lines}]
    article = articles[0]
    errors = sorted(validator().iter_errors(article), key=str)
    assert not errors, (errors[0].message, out)
    assert len(article["records"]) == len(extraction.records)
    for got, record in zip(article["records"], extraction.records):
        assert (got["type"], got["start"], got["end"]) == (record.type, record.start, record.end)
        assert got["text"] == _printable(record.text)
    return articles


def _printable(text: str) -> str:
    return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
