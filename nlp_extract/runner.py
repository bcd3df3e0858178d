"""Running the pipeline over many files, serially or with a process pool.

Results come back in input order whatever the number of workers, so a
parallel run writes the same bytes as a serial one. Each worker loads the
analyzer and gazetteers once, before its first file.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from dataclasses import dataclass
from typing import Iterable, Iterator

from .errors import InputError
from .pipeline import Extraction, Extractor, Settings
from .reader import read_bytes, read_file

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
    # Ctrl-C goes to the whole process group; the parent decides what to do.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_extractor = Extractor(settings).load()
    _worker_published = published


def _work(path: str) -> Outcome:
    assert _worker_extractor is not None
    return process_path(_worker_extractor, path, _worker_published)


def run(
    paths: Iterable[str],
    settings: Settings,
    published: str | None = None,
    jobs: int = 1,
) -> Iterator[Outcome]:
    """Outcomes of ``paths`` in order. ``jobs > 1`` uses a process pool."""
    paths = list(paths)
    if jobs <= 1 or len(paths) <= 1 or "-" in paths:
        extractor = Extractor(settings)
        for path in paths:
            yield process_path(extractor, path, published)
        return
    context = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
    pool = context.Pool(jobs, initializer=_init_worker, initargs=(settings, published))
    try:
        chunk = max(1, min(16, len(paths) // (jobs * 8)))
        yield from pool.imap(_work, paths, chunksize=chunk)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
