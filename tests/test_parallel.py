"""`--jobs N`: the same bytes as a serial run, clean Ctrl-C, sensible defaults.

The byte-identity test runs on a sample of ../shared/corpus/ant/ (every
20th article plus the seeds) to stay within the CI budget; set
NLP_EXTRACT_FULL_PARALLEL=1 to run it on every article there.
"""
from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import yaml
from click.testing import CliRunner

from nlp_extract import cli as cli_module
from nlp_extract.runner import PARALLEL_THRESHOLD, default_jobs

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
ANT = ROOT.parent / "shared" / "corpus" / "ant"
ANT_FILES = sorted(ANT.glob("*.txt")) if ANT.is_dir() else []


def extract_command() -> list[str]:
    script = Path(sys.executable).with_name("extract")
    return [str(script)] if script.exists() else [sys.executable, "-m", "nlp_extract"]


def sample() -> list[Path]:
    if os.environ.get("NLP_EXTRACT_FULL_PARALLEL"):
        return SEEDS + ANT_FILES
    return SEEDS + ANT_FILES[::20]


def run_extract(paths, *options: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*extract_command(), "--quiet", *options, *map(str, paths)],
                          capture_output=True, cwd=ROOT, timeout=timeout)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["yaml", "jsonl"])
def test_two_workers_write_the_same_bytes_as_one(fmt):
    paths = sample()
    serial = run_extract(paths, "--jobs", "1", "--format", fmt)
    parallel = run_extract(paths, "--jobs", "2", "--format", fmt)
    assert serial.returncode == 0, serial.stderr.decode()
    assert parallel.returncode == 0, parallel.stderr.decode()
    assert serial.stdout, "no output at all"
    assert parallel.stdout == serial.stdout
    if fmt == "yaml":
        sources = [d["source"] for d in yaml.safe_load_all(parallel.stdout) if d]
        assert sources == [str(p) for p in paths]


def test_a_single_file_runs_serially_and_a_folder_on_every_core():
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert default_jobs(1) == 1
    assert default_jobs(PARALLEL_THRESHOLD - 1) == 1
    assert default_jobs(10_000) == cores


@pytest.mark.parametrize(
    "n_files, option, expected",
    [(1, [], 1), (200, [], "cores"), (200, ["--jobs", "3"], 3), (1, ["-j", "2"], 2)],
)
def test_the_cli_passes_the_default_or_the_given_jobs_to_the_runner(
        monkeypatch, tmp_path, n_files, option, expected):
    for i in range(n_files):
        (tmp_path / f"{i:04d}.txt").write_text("قال الوزير.", encoding="utf-8")
    seen = []

    def fake_run(paths, settings, published=None, jobs=1):
        seen.append((len(list(paths)), jobs))
        return iter(())

    monkeypatch.setattr(cli_module, "run", fake_run)
    result = CliRunner().invoke(cli_module.cli, ["run", *option, str(tmp_path)])
    assert result.exit_code == 0, result.output
    cores = default_jobs(10_000)
    assert seen == [(n_files, cores if expected == "cores" else expected)]


def _wait_for_output(proc: subprocess.Popen, timeout: float) -> bytes:
    """The first bytes on stdout: the first article is written."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.1)
        if ready:
            return os.read(proc.stdout.fileno(), 65536)
        if proc.poll() is not None:
            break
    raise AssertionError("extract wrote nothing before the deadline")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGINT are POSIX")
@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupt_stops_cleanly_after_whole_articles(jobs, sig):
    # Enough articles that the run is still going when the signal comes.
    paths = (SEEDS + ANT_FILES) * (3 if ANT_FILES else 300)
    proc = subprocess.Popen([*extract_command(), "--quiet", "--jobs", jobs, *map(str, paths)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                            start_new_session=True)
    try:
        head = _wait_for_output(proc, timeout=60)
        family = [proc.pid] + [c.pid for c in psutil.Process(proc.pid).children(recursive=True)]
        # Ctrl-C in a terminal signals the whole foreground process group.
        os.killpg(proc.pid, sig) if sig == signal.SIGINT else proc.send_signal(sig)
        signalled = time.monotonic()
        rest, err = proc.communicate(timeout=30)
        # Promptly: at most the articles already handed to the workers finish.
        assert time.monotonic() - signalled < 10
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    err = err.decode()
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert "Interrupted" in err
    articles = [d for d in yaml.safe_load_all(head + rest) if d]
    assert 1 <= len(articles) < len(paths)
    assert all("records" in a for a in articles)
    # No worker or forkserver survives its parent.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(map(_alive, family)):
        time.sleep(0.1)
    assert not [p for p in family if _alive(p)]


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_an_article_leaves_no_cycle_behind_for_the_frozen_generation(extractor):
    # settle_gc freezes what each article leaves alive: safe only if that is
    # the caches' growth, never garbage held in a cycle. Once every word of
    # the articles is known, extracting them again must freeze nothing more.
    import gc

    from nlp_extract.reader import read_file
    from nlp_extract.runner import _batch_gc, settle_gc

    documents = [read_file(p) for p in sample()]
    with _batch_gc():
        for _ in range(2):  # every word known, every memo filled
            for d in documents:
                list(extractor.extract(d).records)
                settle_gc()
        frozen = gc.get_freeze_count()
        for d in documents:
            list(extractor.extract(d).records)
            settle_gc()
        assert gc.get_freeze_count() == frozen
    assert gc.get_freeze_count() == 0
