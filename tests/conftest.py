"""Shared fixtures: resources that load once per test session."""
from __future__ import annotations

import os
import tempfile

import pytest

# Tests never touch the user's real cache or gazetteer: every cache (compiled
# gazetteers, the analysis memo, the camel-tools catalogue) and the user
# gazetteer live in a folder of this test session. Subprocesses inherit it.
_SESSION_HOME = tempfile.mkdtemp(prefix="nlp-extract-tests-")
os.environ["NLP_EXTRACT_CACHE"] = os.path.join(_SESSION_HOME, "cache")
os.environ["NLP_EXTRACT_GAZETTEER_DIR"] = os.path.join(_SESSION_HOME, "gazetteer")

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


def pytest_sessionfinish(session, exitstatus):
    import shutil

    shutil.rmtree(_SESSION_HOME, ignore_errors=True)
