"""Running the pipeline over many files, serially or with a process pool.

Results come back in input order whatever the number of workers, so a
parallel run writes the same bytes as a serial one. Each worker loads the
analyzer and gazetteers once, before its first file.
"""
from __future__ import annotations

import gc
from collections import deque
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Iterator

from .errors import InputError, WorkerDiedError
from .pipeline import SEGMENT_CHARS, Extraction, Extractor, Settings
from .reader import read_bytes, read_file

#: How long an interrupted parallel run waits for workers to finish their chunk.
_GRACE_SECONDS = 3.0

#: Below this many files a pool costs more to start than it saves.
PARALLEL_THRESHOLD = 8


@dataclass(frozen=True)
class Outcome:
    path: str
    extraction: Extraction | None = None
    error: InputError | None = None


def default_jobs(n_files: int) -> int:
    """Serial for a few files, every core for a large folder."""
    if n_files < PARALLEL_THRESHOLD:
        return 1
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def process_path(extractor: Extractor, path: str, published: str | None) -> Outcome:
    try:
        if path == "-":
            document = read_bytes(sys.stdin.buffer.read(), "-", published)
        else:
            document = read_file(path, published)
    except InputError as e:
        return Outcome(path, error=e)
    return Outcome(path, extraction=extractor.extract(document))


_worker_extractor: Extractor | None = None
_worker_published: str | None = None


def _init_worker(settings: Settings, published: str | None) -> None:
    global _worker_extractor, _worker_published
    # Ctrl-C (and `timeout`, systemd, CI cancelling a job: SIGTERM) goes to
    # the whole process group; the parent decides what to do. A worker killed
    # in the middle of sending a result would leave the parent waiting forever.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _worker_extractor = Extractor(settings).load()
    _worker_published = published
    _tune_gc()


#: Young-generation threshold for batch runs (CPython's default is 700).
_GC_THRESHOLD = (20_000, 20, 20)


def _tune_gc() -> None:
    # The loaded resources are millions of long-lived objects that every full
    # collection would rescan, and each article allocates ~10^5 short-lived
    # ones: freezing the former and collecting less often saves ~10% of a run
    # (make bench).
    gc.freeze()
    gc.set_threshold(*_GC_THRESHOLD)


def settle_gc() -> None:
    """After an article of a batch run (serial or in a worker, with
    ``_tune_gc``'s settings): freeze what it left in the process's caches.

    A new word's analyses and per-word facts live as long as the process, so
    each full collection would scan them again, more of them with every
    article (about 5% of a first pass, make bench). What of the article is
    garbage by then is freed by reference counting: an article leaves no
    cycle behind, which tests/test_parallel.py checks."""
    gc.freeze()


@contextmanager
def _batch_gc():
    """``_tune_gc`` for the duration of a serial run, then the caller's settings back."""
    before = gc.get_threshold()
    _tune_gc()
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def _may_be_segmented(path: str) -> bool:
    try:
        return os.path.getsize(path) > SEGMENT_CHARS
    except OSError:  # reading it reports why
        return False


#: How often a wait for a result checks that every worker is still alive.
_POLL_SECONDS = 0.5


def _work_chunk(paths: list[str]) -> list[Outcome]:
    return [_work(path) for path in paths]


def _pooled(pool: ProcessPoolExecutor, paths: list[str], chunk: int, jobs: int,
            known: set[int]) -> Iterator[Outcome]:
    """Outcomes of ``paths`` from the pool, in order, a bounded number of
    chunks in flight. A worker killed while writing its result leaves the
    executor blocked on half a message, never noticing the death; so the
    wait polls the workers and reports a dead one itself."""
    chunks = iter([paths[i:i + chunk] for i in range(0, len(paths), chunk)])
    pending: deque = deque()

    def fill() -> None:
        while len(pending) < 4 * jobs:
            part = next(chunks, None)
            if part is None:
                return
            pending.append(pool.submit(_work_chunk, part))

    fill()
    while pending:
        future = pending.popleft()
        while True:
            try:
                outcomes = future.result(timeout=_POLL_SECONDS)
                break
            except TimeoutError:
                known |= _worker_pids(pool)
                if any(not _alive(pid) for pid in known):
                    raise BrokenProcessPool("a worker process died") from None
        known |= _worker_pids(pool)
        fill()
        yield from outcomes


def _work(path: str) -> Outcome:
    assert _worker_extractor is not None
    outcome = process_path(_worker_extractor, path, _worker_published)
    settle_gc()
    return outcome


def _start_forkserver_ignoring_sigterm() -> None:
    # A SIGTERM to the process group (`timeout`, systemd, a CI runner) would
    # kill the forkserver too, after which the pool takes its live workers
    # for dead and cannot shut down cleanly. The forkserver inherits SIG_IGN;
    # it exits by itself when this process does.
    if sys.platform == "win32" or threading.current_thread() is not threading.main_thread():
        return
    from multiprocessing import forkserver

    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGTERM, previous)


def _worker_pids(pool: ProcessPoolExecutor) -> set[int]:
    return {p.pid for p in (getattr(pool, "_processes", None) or {}).values() if p.pid}


def _stop(pool: ProcessPoolExecutor, grace: float, known: set[int] = frozenset()) -> None:
    """Shut the pool down without waiting on it. The workers ignore SIGINT and
    SIGTERM (so the executor cannot terminate them): they finish the chunk in
    hand and exit; one still busy after ``grace`` seconds (a huge article) is
    killed."""
    # Every worker seen during the run, not only those the executor still
    # lists: a broken executor may already have forgotten the live ones, and
    # a live one blocked on a queue a dead worker held would never exit.
    pids = sorted(set(known) | _worker_pids(pool))
    if grace <= 0:
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + grace
    while pids and time.monotonic() < deadline:
        pids = [pid for pid in pids if _alive(pid)]
        time.sleep(0.05)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # the pid was reused by someone else's process
        return False
    return True


def run(
    paths: Iterable[str],
    settings: Settings,
    published: str | None = None,
    jobs: int = 1,
) -> Iterator[Outcome]:
    """Outcomes of ``paths`` in order. ``jobs > 1`` uses a process pool."""
    paths = list(paths)
    if jobs <= 1 or len(paths) <= 1 or "-" in paths:
        extractor = Extractor(settings).load()
        with _batch_gc():
            for path in paths:
                outcome = process_path(extractor, path, published)
                settle_gc()
                yield outcome
        return
    # ProcessPoolExecutor, not multiprocessing.Pool: when a worker dies under
    # it (the OOM killer) Pool deadlocks on a queue lock the dead worker held;
    # the executor notices and the run ends with an error.
    context = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
    _start_forkserver_ignoring_sigterm()
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                               initargs=(settings, published))
    # A file that may be processed in segments yields its records lazily, and
    # a lazy iterator cannot cross processes: this process takes it in turn.
    local = [_may_be_segmented(p) for p in paths]
    known: set[int] = set()
    try:
        pooled = [p for p, here in zip(paths, local) if not here]
        chunk = max(1, min(16, len(pooled) // (jobs * 8)))
        results = _pooled(pool, pooled, chunk, jobs, known)
        extractor: Extractor | None = None
        for path, here in zip(paths, local):
            if not here:
                outcome = next(results)
                known |= _worker_pids(pool)
                yield outcome
                continue
            if extractor is None:
                extractor = Extractor(settings).load()
            yield process_path(extractor, path, published)
    except BrokenProcessPool:
        _stop(pool, grace=0.0, known=known)
        raise WorkerDiedError("a worker process died (killed, or out of memory); "
                           "the output stops after the last complete article") from None
    except BaseException:  # interrupted, or the consumer stopped early
        _stop(pool, grace=_GRACE_SECONDS, known=known)
        raise
    pool.shutdown()
