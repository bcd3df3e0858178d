"""Integrity of the team's gold annotations in tests/gold/ (scored by `make eval`).

Each gold file names an article in tests/gold/texts/, and everything it
annotates must be findable in that article: a typo in the gold would
otherwise count as a miss of the extractor forever.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

GOLD = Path(__file__).resolve().parent / "gold"
GOLD_FILES = sorted(GOLD.glob("*.yaml"))
KEYS = {"source", "published", "people", "institutions", "optional", "dates", "optional_dates",
        "quotes", "optional_quotes", "not_quotes"}
ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def load(path: Path) -> tuple[dict, str]:
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = (GOLD / "texts" / gold["source"]).read_text(encoding="utf-8")
    return gold, text


def test_there_is_gold():
    assert GOLD_FILES
    assert {p.stem for p in GOLD_FILES} == {p.stem for p in (GOLD / "texts").glob("*.txt")}


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_a_gold_file_has_only_known_keys_and_names_its_article(path):
    gold, _ = load(path)
    assert set(gold) <= KEYS
    assert gold["source"] == path.stem + ".txt"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_every_entity_is_written_in_the_article(path):
    gold, text = load(path)
    for entry in (gold.get("people") or []) + (gold.get("institutions") or []):
        forms = [entry["name"], *(entry.get("also") or [])]
        assert any(f in text for f in forms), entry["name"]
        if entry.get("title"):
            assert entry["title"] in text, entry["title"]


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_every_date_is_in_the_article_with_an_iso_value(path):
    gold, text = load(path)
    for date in (gold.get("dates") or []) + (gold.get("optional_dates") or []):
        assert date["text"] in text, date["text"]
        if date.get("value") is not None:
            assert ISO.match(str(date["value"])), date


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_every_quote_is_in_the_article_with_its_cue_and_speaker(path):
    gold, text = load(path)
    for quote in gold.get("quotes") or []:
        assert quote["contains"] in text, quote["contains"]
        assert quote["cue"] in text, quote["cue"]
        assert quote["kind"] in ("direct", "indirect")
        speakers = quote["speaker"] if isinstance(quote["speaker"], list) else [quote["speaker"]]
        names = {e["name"] for e in (gold.get("people") or []) + (gold.get("institutions") or [])}
        assert set(speakers) <= names, speakers
    for quote in gold.get("optional_quotes") or []:
        assert quote["contains"] in text
    for phrase in gold.get("not_quotes") or []:
        assert f'"{phrase}"' in text or f"«{phrase}»" in text, phrase
