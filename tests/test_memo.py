"""The persistent word memo: same analyses as the analyzer, keyed by what they
depend on, never required, safe with concurrent writers."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nlp_extract import analyze
from nlp_extract.analyze import MEMO_ENV, MorphAnalyzer

ROOT = Path(__file__).resolve().parents[1]
WORDS = ["وقالت", "للوزارة", "الرئيس", "وبايدن", "مسئول", "2024", "،", "Biden"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NLP_EXTRACT_CACHE", str(tmp_path))
    monkeypatch.delenv(MEMO_ENV, raising=False)
    return tmp_path


def memo_files(cache: Path) -> list[Path]:
    return sorted((cache / "memo").glob("words-*.sqlite"))


def test_a_fresh_analyzer_reads_what_an_earlier_one_wrote(cache, monkeypatch):
    first = MorphAnalyzer.load()
    expected = {w: first.word_analyses(w) for w in WORDS}
    first.flush()
    assert len(memo_files(cache)) == 1

    second = MorphAnalyzer.load()

    def no_analysis(word):
        raise AssertionError(f"{word} analyzed again")

    monkeypatch.setattr(second, "_analyze_word", no_analysis)
    second.prefetch(WORDS)
    assert {w: second.word_analyses(w) for w in WORDS} == expected


def test_other_proper_nouns_use_another_memo(cache):
    plain = MorphAnalyzer.load()
    plain.word_analyses("وبايدن")
    plain.flush()
    named = MorphAnalyzer.load()
    named.add_proper_nouns(["جو بايدن"])
    readings = named.word_analyses("وبايدن")
    named.flush()
    assert any(not a.backoff and a.pos == "noun_prop" for a in readings)
    assert len(memo_files(cache)) == 2
    again = MorphAnalyzer.load()
    again.add_proper_nouns(["جو بايدن"])
    again.prefetch(["وبايدن"])
    assert again.word_analyses("وبايدن") == readings


def test_memo_can_be_switched_off(cache, monkeypatch):
    monkeypatch.setenv(MEMO_ENV, "0")
    analyzer = MorphAnalyzer.load()
    analyzer.word_analyses("الرئيس")
    analyzer.flush()
    assert memo_files(cache) == []


def test_an_unusable_memo_only_costs_speed(cache):
    reference = MorphAnalyzer.load()
    expected = [reference.word_analyses(w) for w in WORDS]
    reference.flush()
    [path] = memo_files(cache)
    path.write_bytes(b"not a database" * 100)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    broken = MorphAnalyzer.load()
    broken.prefetch(WORDS)
    assert [broken.word_analyses(w) for w in WORDS] == expected
    broken.flush()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_cache_directory_means_no_memo(cache):
    (cache / "memo").mkdir()
    (cache / "memo").chmod(0o500)
    try:
        analyzer = MorphAnalyzer.load()
        assert analyzer.word_analyses("الرئيس")
        analyzer.flush()
    finally:
        (cache / "memo").chmod(0o700)


def test_a_memo_path_that_cannot_be_a_directory_means_no_memo(cache):
    (cache / "memo").write_text("a file where the memo directory would be")
    analyzer = MorphAnalyzer.load()
    analyzer.prefetch(WORDS)
    assert analyzer.word_analyses("الرئيس")
    analyzer.flush()


WRITER = """
import sys
from nlp_extract.analyze import MorphAnalyzer
analyzer = MorphAnalyzer.load()
words = sys.argv[1:]
for round in range(20):
    for w in words:
        analyzer.word_analyses(w + "ات" * (round % 3))
    analyzer.flush()
print(len(words))
"""


@pytest.mark.slow
def test_concurrent_writers_share_one_memo(cache):
    env = {**os.environ, "NLP_EXTRACT_CACHE": str(cache)}
    env.pop(MEMO_ENV, None)
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, *WORDS], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    [path] = memo_files(cache)
    fresh = MorphAnalyzer.load()
    fresh.prefetch(WORDS)
    memo = fresh._word_memo()
    assert set(memo.get_many(WORDS)) == set(WORDS)


def test_memo_key_covers_the_code(cache, monkeypatch):
    analyzer = MorphAnalyzer.load()
    before = analyzer._word_memo().path
    monkeypatch.setattr(analyze, "_MEMO_VERSION", analyze._MEMO_VERSION + 1)
    assert analyze.WordMemo.for_analyzer(analyzer.db_path, analyzer._nouns.hexdigest()).path != before


def test_memo_key_covers_the_lean_analyzer(cache, monkeypatch):
    from nlp_extract import analyze_lean

    analyzer = MorphAnalyzer.load()
    before = analyzer._word_memo().path
    monkeypatch.setattr(analyze_lean, "REDUCED_STEMS_FORMAT", "another version of its code")
    assert analyze.WordMemo.for_analyzer(analyzer.db_path, analyzer._nouns.hexdigest()).path != before
