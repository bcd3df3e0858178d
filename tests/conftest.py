"""Shared fixtures: resources that load once per test session."""
from __future__ import annotations

import pytest

from nlp_extract.analyze import MorphAnalyzer


@pytest.fixture(scope="session")
def analyzer() -> MorphAnalyzer:
    return MorphAnalyzer.load()
