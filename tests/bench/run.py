"""`make bench`: speed and memory of `extract`, against two references, on the same texts.

    python -m tests.bench.run                 # seeds + ../shared/corpus/ant/ when present
    python -m tests.bench.run --limit 40      # a quicker run on the first 40 files
    python -m tests.bench.run --json out.json # also keep the numbers
    python -m tests.bench.run --profile       # pyinstrument profile of the in-process run
    python -m tests.bench.run --no-companions # only this table (see COMPANIONS)

What is measured, in one run, on one list of files:

- cold start: ``extract ARTICLE`` from process start to exit (median of
  ``--runs``), the time a user waits for one article;
- the CLI over the whole list with ``--jobs 1`` and ``--jobs 2``, each
  with an empty word memo (every word new to the user cache, as on a new
  archive), then ``--jobs 1`` again on the memo the first run wrote: wall
  time (start-up included), articles/s, tokens/s, peak RSS of the process
  tree (parent, forkserver and workers summed: an upper bound, since pages
  shared between forked processes are counted once per process); the
  outputs are compared byte for byte;
- in process, after loading: the full pipeline (first pass, cold caches,
  word memo off: the figure the targets use), a first pass of a new process
  on a warm memo, then ``prepare`` alone (read -> normalize -> tokenize ->
  analyze, no matcher) against the full pipeline on warm caches, which
  gives what matching costs;
- the references on the same decoded texts: camel-tools' bare
  ``simple_word_tokenize`` (the floor of any camel-based pipeline) and
  ``dateparser.search.search_dates(languages=['ar'])`` (what a user would use
  otherwise; it finds dates only).

Machines are noisy, so the targets are ratios to the references measured in
the same run, except start-up (<= 1 s) and memory (<= 400 MB), and rates are
per CPU second (user + system time of the process, or of the CLI process and
all its workers): on a shared machine wall time swings with the neighbours'
load, CPU time hardly does. Wall-clock rates are shown beside them.

The bench runs on its own temporary user cache (``NLP_EXTRACT_CACHE``), so
every run starts alike and the user's cache is never touched.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Sequence

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "corpus"
ANT = ROOT.parent / "shared" / "corpus" / "ant"

COLD_START_TARGET_S = 1.0
RSS_TARGET_MB = 400.0
DATEPARSER_RATIO_TARGET = 2.0  # our articles/s >= 2x dateparser's
TOKENIZER_RATIO_TARGET = 8.0  # bare tokenization at most 8x faster than us

OURS = "nlp-extract full pipeline (in process, 1st pass, memo off)"
OURS_WARM_MEMO = "  1st pass of a new process, word memo warm"
CLI_ROW = "extract --jobs {jobs} (CLI, start-up included)"
CLI_WARM_ROW = "extract --jobs 1, word memo warm"
#: The bench's own user cache (compiled gazetteers, word memo), so that it
#: starts the same way every time and never touches the user's.
BENCH_CACHE = Path(tempfile.mkdtemp(prefix="nlp-extract-bench-"))
MEMO_DIR = BENCH_CACHE / "memo"
#: Matchers timed alone (quotes need the entities, so they include them).
MATCHER_GROUPS = (("date",), ("person", "institution", "place"),
                  ("person", "institution", "place", "quote"))


@dataclass
class Row:
    """One measured run. Rates are per CPU second (user + system, workers
    included): other load on the machine barely changes them, while wall
    time on a shared machine can double."""

    name: str
    seconds: float
    cpu_seconds: float
    articles: int
    tokens: int
    peak_rss_mb: float | None = None

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.cpu_seconds if self.cpu_seconds else float("inf")

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.cpu_seconds if self.cpu_seconds else float("inf")

    @property
    def articles_per_wall_s(self) -> float:
        return self.articles / self.seconds if self.seconds else float("inf")


@dataclass
class Results:
    files: int
    tokens: int
    characters: int
    cold_start_s: list[float] = field(default_factory=list)
    cold_start_cpu_s: list[float] = field(default_factory=list)
    load_s: float = 0.0
    rows: list[Row] = field(default_factory=list)
    prepare_cpu_s: float = 0.0
    full_warm_cpu_s: float = 0.0
    jobs_identical: bool | None = None
    failures: list[str] = field(default_factory=list)

    def row(self, name: str) -> Row | None:
        return next((r for r in self.rows if r.name == name), None)


# -- inputs -------------------------------------------------------------------


def bench_files(limit: int | None = None, extra: Sequence[str] = ()) -> list[Path]:
    """The seeds, then ../shared/corpus/ant/ when present (sorted), then ``extra``."""
    files = sorted(SEEDS.glob("*.txt"))
    if ANT.is_dir():
        files += sorted(ANT.glob("*.txt"))
    for folder in extra:
        files += sorted(Path(folder).rglob("*.txt"))
    return files[:limit] if limit else files


def extract_command() -> list[str]:
    script = Path(sys.executable).with_name("extract")
    return [str(script)] if script.exists() else [sys.executable, "-m", "nlp_extract"]


# -- subprocess measurements ----------------------------------------------------


def cold_start(article: Path, runs: int, options: Sequence[str] = ()) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of ``extract ARTICLE``, process start to exit, ``runs`` times."""
    walls, cpus = [], []
    for _ in range(runs):
        c0 = children_cpu()
        t0 = time.perf_counter()
        done = subprocess.run([*extract_command(), "--quiet", *options, str(article)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
        walls.append(time.perf_counter() - t0)
        cpus.append(children_cpu() - c0)
        if done.returncode != 0:
            raise RuntimeError(f"extract {article} failed:\n{done.stderr.decode(errors='replace')}")
    return walls, cpus


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_tree(args: list[str], stdout_path: Path,
             interval: float = 0.01) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (the process and its descendants), peak RSS
    (MB) of the process and all its descendants summed, and the exit code.

    The root's CPU time is exact (rusage once it is reaped); its descendants'
    (forkserver, pool workers: not reaped by the root) is sampled every
    ``interval``, so their last few milliseconds may be missed."""
    import psutil

    with open(stdout_path, "wb") as out:
        cpu0 = children_cpu()
        t0 = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.PIPE, cwd=ROOT)
        root = psutil.Process(proc.pid)
        peak = 0
        descendants_cpu: dict[int, float] = {}
        while proc.poll() is None:
            total = 0
            try:
                members = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for member in members:
                try:
                    with member.oneshot():
                        total += member.memory_info().rss
                        if member.pid != root.pid:
                            times = member.cpu_times()
                            descendants_cpu[member.pid] = times.user + times.system
                except psutil.NoSuchProcess:
                    pass
            peak = max(peak, total)
            time.sleep(interval)
        _, err = proc.communicate()
        wall = time.perf_counter() - t0
        # The root does not reap the forkserver (nor it the root's rusage), so
        # nothing is counted twice; the direct children's share is tiny anyway.
        cpu = children_cpu() - cpu0 + sum(descendants_cpu.values())
    if proc.returncode != 0:
        sys.stderr.write(err.decode(errors="replace")[-2000:])
    return wall, cpu, peak / 2**20, proc.returncode


# -- in-process measurements ------------------------------------------------------


@contextlib.contextmanager
def memo_off():
    """Analyze every word anew in this process (see ``analyze.MEMO_ENV``)."""
    from nlp_extract.analyze import MEMO_ENV

    old = os.environ.get(MEMO_ENV)
    os.environ[MEMO_ENV] = "0"
    try:
        yield
    finally:
        if old is None:
            del os.environ[MEMO_ENV]
        else:
            os.environ[MEMO_ENV] = old


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of ``fn()``."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


def best_of(n: int, fn: Callable[[], object]) -> tuple[float, float]:
    return min((timed(fn) for _ in range(n)), key=lambda t: t[1])


def measure(files: list[Path], runs: int, profile: bool, types: Sequence[str] = ()) -> Results:
    from nlp_extract.pipeline import Extractor, Settings
    from nlp_extract.reader import read_file
    from nlp_extract.runner import _batch_gc, settle_gc

    def extract_all(extractor: Extractor) -> list:
        """Every document, one after the other, as `extract` runs a batch."""
        out = []
        for d in documents:
            out.append(extractor.extract(d))
            settle_gc()
        return out

    options = ["--types", ",".join(types)] if types else []
    settings = Settings(tuple(types)) if types else Settings()

    documents = [read_file(p) for p in files]
    texts = [d.text for d in documents]

    from camel_tools.tokenizers.word import simple_word_tokenize

    tokens = sum(len(simple_word_tokenize(t, split_digits=True)) for t in texts)
    results = Results(len(files), tokens, sum(map(len, texts)))
    n = len(files)

    # Start-up, as a user sees it once the caches exist: one run makes them
    # (compiled gazetteers, camel-tools' character sets).
    cold_start(files[0], 1, options)
    results.cold_start_s, results.cold_start_cpu_s = cold_start(files[0], runs, options)

    # The CLI over everything, serial and with two workers, each starting
    # with no word memo (a new archive: every word is new to the user
    # cache), then serial again with the memo the first run left.
    with tempfile.TemporaryDirectory() as tmp:
        outputs = {}
        for jobs, memo in ((1, "cold"), (2, "cold"), (1, "warm")):
            out = Path(tmp) / f"jobs{jobs}-{memo}.yaml"
            if memo == "cold":
                shutil.rmtree(MEMO_DIR, ignore_errors=True)
            wall, cpu, rss, code = run_tree(
                [*extract_command(), "--quiet", *options, "--jobs", str(jobs), *map(str, files)], out)
            if code != 0:
                results.failures.append(f"extract --jobs {jobs} exited with {code}")
            name = CLI_ROW.format(jobs=jobs) if memo == "cold" else CLI_WARM_ROW
            results.rows.append(Row(name, wall, cpu, n, tokens, rss))
            outputs[jobs, memo] = out.read_bytes()
        results.jobs_identical = outputs[1, "cold"] == outputs[2, "cold"] == outputs[1, "warm"]

    # In process: load once, then a first pass on cold caches, the word memo
    # off (what an archive of new articles costs), then again on a new
    # extractor reading the memo that pass wrote.
    # Collection is tuned as `extract` tunes it for a batch of articles.
    extractor = Extractor(settings)
    results.load_s = timed(extractor.load)[0]
    with memo_off(), _batch_gc():
        first = timed(lambda: extract_all(extractor))
    results.rows.append(Row(OURS, *first, n, tokens))
    shutil.rmtree(MEMO_DIR, ignore_errors=True)
    [Extractor(settings).extract(d) for d in documents]  # writes the memo
    memo_reader = Extractor(settings).load()
    with _batch_gc():
        warm_memo = timed(lambda: extract_all(memo_reader))
    results.rows.append(Row(OURS_WARM_MEMO, *warm_memo, n, tokens))
    # Warm caches: prepare alone vs the full pipeline, best of 3 each.
    with _batch_gc():
        prepare = best_of(3, lambda: [extractor.prepare(d) for d in documents])
        full = best_of(3, lambda: extract_all(extractor))
    results.prepare_cpu_s, results.full_warm_cpu_s = prepare[1], full[1]
    results.rows.append(Row("  prepare only: no matcher (warm)", *prepare, n, tokens))
    results.rows.append(Row("  full pipeline (warm)", *full, n, tokens))
    # Each matcher alone on the prepared documents, sharing the loaded resources.
    analyzed = [extractor.prepare(d) for d in documents]
    for group in MATCHER_GROUPS:
        wanted = tuple(t for t in group if not types or t in types)
        if not wanted:
            continue
        matcher = Extractor(Settings(wanted))
        matcher._loaded = extractor._loaded
        with _batch_gc():
            cost = best_of(3, lambda: [matcher.match(a) for a in analyzed])
        results.rows.append(Row(f"  match only: {','.join(wanted)}", *cost, n, tokens))

    # References on the same decoded texts, with collection tuned the same way.
    from dateparser.search import search_dates

    search_dates("قال في 12 يوليو 2024", languages=["ar"])  # its own loading, excluded like ours
    with _batch_gc():
        tokenize = timed(lambda: [simple_word_tokenize(t) for t in texts])
        dates = timed(lambda: [search_dates(t, languages=["ar"]) for t in texts])
    results.rows.append(Row("camel-tools simple_word_tokenize", *tokenize, n, tokens))
    results.rows.append(Row("dateparser search_dates(languages=['ar'])", *dates, n, tokens))

    if profile:
        from pyinstrument import Profiler

        fresh = Extractor(settings)
        profiler = Profiler(interval=0.0005)
        profiler.start()
        fresh.load()
        for d in documents:
            fresh.extract(d)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False), file=sys.stderr)
    return results


# -- report ---------------------------------------------------------------------


def ratios(results: Results) -> list[tuple[str, float, str, bool]]:
    """(what, value, target, met) for every target."""
    ours = results.row(OURS)
    tok = results.row("camel-tools simple_word_tokenize")
    dp = results.row("dateparser search_dates(languages=['ar'])")
    serial = results.row(CLI_ROW.format(jobs=1))
    parallel = results.row(CLI_ROW.format(jobs=2))
    cold = statistics.median(results.cold_start_s)
    cold_cpu = statistics.median(results.cold_start_cpu_s)
    # Matching measured directly (every matcher on prepared documents) when
    # all types run, else as the difference of two runs.
    match_all = results.row(f"  match only: {','.join(MATCHER_GROUPS[-1])}")
    matching = ((match_all.cpu_seconds if match_all else
                 results.full_warm_cpu_s - results.prepare_cpu_s) / results.prepare_cpu_s)
    out = [
        ("cold start, median wall s", cold, f"<= {COLD_START_TARGET_S:g}", cold <= COLD_START_TARGET_S),
        ("cold start, median CPU s (= wall when idle)", cold_cpu, f"<= {COLD_START_TARGET_S:g}",
         cold_cpu <= COLD_START_TARGET_S),
        ("ours / dateparser, articles/s", ours.articles_per_s / dp.articles_per_s,
         f">= {DATEPARSER_RATIO_TARGET:g}",
         ours.articles_per_s >= DATEPARSER_RATIO_TARGET * dp.articles_per_s),
        ("tokenizer / ours, articles/s", tok.articles_per_s / ours.articles_per_s,
         f"<= {TOKENIZER_RATIO_TARGET:g}",
         tok.articles_per_s <= TOKENIZER_RATIO_TARGET * ours.articles_per_s),
        ("CLI --jobs 1 / dateparser, articles/s", serial.articles_per_s / dp.articles_per_s,
         "(info)", True),
        ("matching / prepare (warm)", matching, "(info)", True),
        ("--jobs 2 / --jobs 1 wall speed-up",
         parallel.articles_per_wall_s / serial.articles_per_wall_s,
         "(info)", True),
    ]
    for row in (serial, parallel):
        out.append((f"peak RSS MB, {row.name.split(' (')[0]}", row.peak_rss_mb,
                    f"<= {RSS_TARGET_MB:g}", row.peak_rss_mb <= RSS_TARGET_MB))
    out.append(("--jobs 2 output == --jobs 1 output", float(bool(results.jobs_identical)),
                "identical", bool(results.jobs_identical)))
    return out


def report(results: Results) -> bool:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=120)
    cold = results.cold_start_s
    cold_cpu = results.cold_start_cpu_s
    console.print(
        f"[bold]{results.files} articles[/], {results.tokens:,} tokens, "
        f"{results.characters:,} characters; Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs")
    console.print(
        f"cold start of `extract {bench_files()[0].relative_to(ROOT)}`: median "
        f"{statistics.median(cold):.3f} s over {len(cold)} runs "
        f"({', '.join(f'{t:.2f}' for t in cold)}); CPU median {statistics.median(cold_cpu):.3f} s "
        f"({', '.join(f'{t:.2f}' for t in cold_cpu)}); in-process load {results.load_s:.3f} s")
    console.print(f"load average {os.getloadavg()[0]:.2f} at the end (wall times grow with it)")

    table = Table(title="throughput (same texts)")
    table.add_column("run")
    table.add_column("wall s", justify="right")
    table.add_column("CPU s", justify="right")
    table.add_column("articles/CPU s", justify="right")
    table.add_column("tokens/CPU s", justify="right")
    table.add_column("articles/wall s", justify="right")
    table.add_column("peak RSS MB", justify="right")
    for row in results.rows:
        table.add_row(row.name, f"{row.seconds:.3f}", f"{row.cpu_seconds:.3f}",
                      f"{row.articles_per_s:,.1f}", f"{row.tokens_per_s:,.0f}",
                      f"{row.articles_per_wall_s:,.1f}",
                      f"{row.peak_rss_mb:.0f}" if row.peak_rss_mb is not None else "")
    console.print(table)

    checks = Table(title="targets")
    checks.add_column("measure")
    checks.add_column("value", justify="right")
    checks.add_column("target", justify="right")
    checks.add_column("met")
    all_met = True
    for what, value, target, met in ratios(results):
        shown = ("yes" if value else "NO") if target == "identical" else (
            f"{value:.1%}" if "%" in target else f"{value:.2f}")
        checks.add_row(what, shown, target, "[green]yes[/]" if met else "[red]NO[/]")
        all_met &= met
    console.print(checks)
    for failure in results.failures:
        console.print(f"[red]{failure}[/]")
    return all_met and not results.failures


#: The team's other measurements, run after the table (each prints its own):
#: dictionary coverage of the analyzer, the date matcher alone against
#: dateparser. The memory bench on huge inputs takes many minutes: --memory.
COMPANIONS = ("tests.bench.coverage", "tests.bench.dates_vs_dateparser")
MEMORY_BENCH = "tests.bench.memory"


def run_companions(memory: bool = False) -> int:
    from rich.console import Console

    console = Console(width=120)
    failed = 0
    for module in COMPANIONS + ((MEMORY_BENCH,) if memory else ()):
        if not (ROOT / (module.replace(".", "/") + ".py")).exists():
            continue
        console.rule(f"python -m {module}")
        sys.stdout.flush()
        failed |= subprocess.call([sys.executable, "-m", module], cwd=ROOT) != 0
    return failed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N files")
    parser.add_argument("--corpus", action="append", default=[], help="another folder of *.txt")
    parser.add_argument("--runs", type=int, default=5, help="cold-start runs (median)")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--profile", action="store_true", help="pyinstrument profile to stderr")
    parser.add_argument("--types", default="", help="only these record types (default: all)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--no-companions", action="store_true",
                        help=f"skip the other measurements ({', '.join(COMPANIONS)})")
    parser.add_argument("--memory", action="store_true",
                        help=f"also run {MEMORY_BENCH} (huge inputs; many minutes)")
    args = parser.parse_args(argv)

    os.environ["NLP_EXTRACT_CACHE"] = str(BENCH_CACHE)
    try:
        return _main(args)
    finally:
        shutil.rmtree(BENCH_CACHE, ignore_errors=True)


def _main(args: argparse.Namespace) -> int:
    files = bench_files(args.limit, args.corpus)
    if not files:
        print("no input files", file=sys.stderr)
        return 2
    types = [t for t in args.types.split(",") if t]
    results = measure(files, args.runs, args.profile, types)
    met = report(results)
    if args.json:
        data = asdict(results)
        data["ratios"] = [dict(zip(("measure", "value", "target", "met"), r)) for r in ratios(results)]
        args.json.write_text(json.dumps(data, indent=2))
    companions_failed = 0 if args.no_companions or args.limit else run_companions(args.memory)
    return 1 if (args.strict and not met) or companions_failed else 0


if __name__ == "__main__":
    sys.exit(main())
