"""Fuzz the reader, normalizer, tokenizer, matchers and writers.

    python -m tests.fuzz.run                    # 100,000 inputs (make fuzz)
    python -m tests.fuzz.run --runs 5000 --engine hypothesis

Every input is a byte string that ``fragments.build`` turns into an article
(Arabic news fragments, punctuation, marks, odd code points, raw bytes, legacy
encodings, front matter). Each one goes through the reader (bytes) or straight
into the pipeline (text), then every invariant of ``checks`` is verified and
the result is written as YAML, JSON or JSON Lines and parsed back.

Engines: ``hypothesis`` (the default: ``st.binary()`` with a large example
budget, log-uniform sizes, shrinking on failure), ``random`` (seeded random
bytes; ``--keep-going`` groups all failures instead of stopping at the first)
and ``atheris`` (coverage-guided libFuzzer; ``pip install atheris``, not a
project requirement). Atheris is not the default: it runs 12-20 inputs/s here
(hypothesis: about 70 per worker), so 100,000 inputs would take hours; use it
for long coverage-guided sessions, by default collecting coverage from the
reader, normalizer, tokenizer and writer only (``--instrument``).

A crash stops the run with the traceback and the input (atheris writes it
under ``tests/fuzz/crashes/``); add the input to ``REGRESSIONS`` in
``tests/test_robustness.py``. The last line reports the count and duration.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass
class Stats:
    runs: int = 0
    rejected: int = 0  # inputs the reader refused with an InputError (expected)
    records: int = 0
    by_type: dict = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    def report(self, engine: str) -> str:
        elapsed = time.perf_counter() - self.started
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.by_type.items()))
        return (
            f"fuzz ({engine}): {self.runs} inputs in {elapsed:.1f} s "
            f"({self.runs / max(elapsed, 1e-9):.0f}/s), 0 crashes; "
            f"{self.rejected} refused by the reader with an error; "
            f"{self.records} records ({kinds})"
        )


class Target:
    """One input through the whole pipeline, with every invariant checked."""

    def __init__(self) -> None:
        from nlp_extract.pipeline import Extractor

        self.extractor = Extractor().load()
        self.stats = Stats()

    def __call__(self, data: bytes) -> None:
        from nlp_extract.errors import InputError
        from nlp_extract.model import Document
        from nlp_extract.pipeline import Extraction, to_records
        from nlp_extract.reader import read_bytes

        from .checks import check_output, check_records
        from .fragments import build

        self.stats.runs += 1
        sample = build(data)
        if sample.data is not None:
            try:
                document = read_bytes(sample.data, "fuzz.txt")
            except InputError:
                self.stats.rejected += 1
                return
        else:
            document = Document("fuzz.txt", sample.text)
        analyzed = self.extractor.prepare(document)
        _check_tokens(analyzed)
        records = to_records(analyzed, self.extractor.match(analyzed))
        extraction = Extraction(document, analyzed.reference_date, records)
        check_records(extraction)
        check_output(extraction, ("yaml", "json", "jsonl")[data[-1] % 3 if data else 0])
        self.stats.records += len(records)
        for r in records:
            self.stats.by_type[r.type] = self.stats.by_type.get(r.type, 0) + 1


def _check_tokens(analyzed) -> None:
    n = len(analyzed.document.text)
    last_end = 0
    for s in analyzed.sentences:
        assert last_end <= s.start < s.end <= n, s
        last_end = s.end
    last = 0
    for t in analyzed.tokens:
        assert last <= t.start <= t.end <= n, t
        assert 0 <= t.sentence < max(1, len(analyzed.sentences)), t
        last = t.start


def run_random(target: Target, runs: int, max_len: int, seed: int, keep_going: bool = False) -> None:
    rng = random.Random(seed)
    failures: dict[str, tuple[int, bytes]] = {}
    for _ in range(runs):
        # Log-uniform lengths: many short inputs, some up to max_len.
        data = rng.randbytes(min(max_len, max(1, int(2 ** rng.uniform(0, max_len.bit_length())))))
        if not keep_going:
            _guarded(target, data)
            continue
        try:
            target(data)
        except Exception as e:  # triage mode: group failures by where they happen
            frame = traceback.extract_tb(e.__traceback__)[-1]
            where = f"{type(e).__name__} at {Path(frame.filename).name}:{frame.lineno} ({frame.name})"
            count, first = failures.get(where, (0, data))
            failures[where] = (count + 1, first)
    for where, (count, first) in sorted(failures.items(), key=lambda kv: -kv[1][0]):
        print(f"{count:6d} x {where}\n         first input: {first!r}", file=sys.stderr)
    if failures:
        sys.exit(f"{sum(c for c, _ in failures.values())} failing inputs")


def run_hypothesis(target: Target, runs: int, max_len: int, seed: int) -> None:
    from hypothesis import HealthCheck, Phase, given, seed as hseed, settings
    from hypothesis import strategies as st

    # Sizes spread log-uniformly: st.binary() alone stays mostly tiny.
    sizes = st.integers(0, max_len.bit_length() - 1)

    @hseed(seed)
    @settings(max_examples=runs, database=None, deadline=None, phases=[Phase.generate, Phase.shrink],
              suppress_health_check=list(HealthCheck))
    @given(sizes.flatmap(lambda k: st.binary(min_size=max(1, (1 << k) // 2), max_size=min(max_len, 1 << k))))
    def fuzz(data: bytes) -> None:
        target(data)

    fuzz()


def run_atheris(target: Target, runs: int, max_len: int, seed: int) -> None:
    import atheris

    crashes = HERE / "crashes"
    crashes.mkdir(exist_ok=True)
    seeds = Path(tempfile.mkdtemp(prefix="nlp-extract-fuzz-"))
    rng = random.Random(seed)
    for i in range(256):
        (seeds / f"seed-{i}").write_bytes(rng.randbytes(rng.randint(8, 512)))

    def one_input(data: bytes) -> None:
        target(data)
        if target.stats.runs >= runs:
            print(target.stats.report("atheris"), flush=True)
            os._exit(0)

    atheris.Setup(
        [sys.argv[0], f"-runs={runs * 2}", f"-max_len={max_len}", f"-seed={seed}",
         f"-artifact_prefix={crashes}/", "-print_final_stats=0", str(seeds)],
        one_input,
    )
    atheris.Fuzz()


def _guarded(target: Target, data: bytes) -> None:
    try:
        target(data)
    except Exception:
        print(f"crash on input {data!r}", file=sys.stderr)
        raise


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--engine", choices=("atheris", "hypothesis", "random"), default=None)
    parser.add_argument("--max-len", type=int, default=256, help="longest input, in bytes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--instrument", default="nlp_extract.reader,nlp_extract.normalize,"
                        "nlp_extract.tokenize,nlp_extract.write",
                        help="atheris: modules to collect coverage from (comma-separated)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                        help="processes for the hypothesis and random engines")
    parser.add_argument("--keep-going", action="store_true",
                        help="random engine: run every input and group the failures (triage)")
    args = parser.parse_args(argv)

    engine = args.engine or "hypothesis"
    if engine == "atheris":
        import atheris

        # Coverage feedback from the modules that parse bytes and text; the
        # rest (matchers, camel-tools) runs uninstrumented, at full speed.
        with atheris.instrument_imports(include=args.instrument.split(",")):
            for module in args.instrument.split(","):
                __import__(module)
        target = Target()
        run_atheris(target, args.runs, args.max_len, args.seed)
        return
    workers = max(1, min(args.workers, args.runs))
    started = time.perf_counter()
    if workers == 1:
        stats = _campaign(engine, args.runs, args.max_len, args.seed, args.keep_going)
    else:
        # Each worker runs its share with its own seed; a crash in any fails the run.
        import multiprocessing

        shares = [args.runs // workers + (i < args.runs % workers) for i in range(workers)]
        jobs = [(engine, n, args.max_len, args.seed + 1000 * i, args.keep_going) for i, n in enumerate(shares)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.starmap(_campaign, jobs)
        stats = Stats(started=started)
        for part in parts:
            stats.runs += part.runs
            stats.rejected += part.rejected
            stats.records += part.records
            for k, v in part.by_type.items():
                stats.by_type[k] = stats.by_type.get(k, 0) + v
    stats.started = started
    print(stats.report(f"{engine}, {workers} worker{'s' if workers > 1 else ''}"), flush=True)


def _campaign(engine: str, runs: int, max_len: int, seed: int, keep_going: bool) -> Stats:
    target = Target()
    if engine == "hypothesis":
        run_hypothesis(target, runs, max_len, seed)
    else:
        run_random(target, runs, max_len, seed, keep_going)
    return target.stats


if __name__ == "__main__":
    main()
