"""Shared fixtures: resources that load once per test session."""
from __future__ import annotations

import pytest

from nlp_extract.analyze import MorphAnalyzer


@pytest.fixture(scope="session")
def analyzer() -> MorphAnalyzer:
    return MorphAnalyzer.load()


@pytest.fixture(scope="session")
def extractor():
    """The extractor `extract` runs, loaded once: its own analyzer, with the
    gazetteer names added as proper nouns. The ``analyzer`` fixture stays
    the plain lexicon, so morphology tests never see those names."""
    from nlp_extract.pipeline import Extractor, Settings

    return Extractor(Settings()).load()
