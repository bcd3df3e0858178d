"""Dictionary coverage of the morphology database on real articles.

    python -m tests.bench.coverage                  # corpus/ and ../shared/corpus/ant/
    python -m tests.bench.coverage PATH... [--misses 40] [--db PATH] [--gazetteers]

The share of Arabic-script tokens with at least one dictionary (non-backoff)
analysis, counted over running tokens and over distinct words, with the most
frequent misses: the words the lexicon does not cover. With ``--gazetteers``
the gazetteers' name words are added as proper nouns first, as ``extract``
does.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from nlp_extract import normalize, reader, tokenize
from nlp_extract.analyze import MorphAnalyzer

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATHS = [ROOT / "corpus", ROOT.parent / "shared" / "corpus" / "ant"]


def coverage(analyzer: MorphAnalyzer, paths: list[str]) -> tuple[int, int, Counter, int]:
    """(Arabic tokens, covered tokens, misses, files) over every file in ``paths``."""
    total = covered = files = 0
    misses: Counter = Counter()
    for path in reader.iter_paths(paths):
        document = reader.read_file(path)
        files += 1
        clean_text = normalize.clean(document.text)
        tokens = tokenize.tokenize(clean_text, tokenize.split_sentences(clean_text))
        for token in analyzer.analyze(tokens, clean_text=clean_text):
            if not token.is_arabic:
                continue
            total += 1
            if any(not a.backoff for a in token.analyses):
                covered += 1
            else:
                misses[token.text] += 1
    return total, covered, misses, files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--misses", type=int, default=25, help="how many frequent misses to list")
    parser.add_argument("--db", default=None, help="morphology database (default: as extract chooses)")
    parser.add_argument("--gazetteers", action="store_true", help="add the gazetteers' names first")
    args = parser.parse_args(argv)
    paths = args.paths or [str(p) for p in DEFAULT_PATHS if p.exists()]

    started = time.perf_counter()
    analyzer = MorphAnalyzer.load(args.db)
    print(f"database: {analyzer.db_name} ({analyzer.db_path}), loaded in {time.perf_counter() - started:.3f} s")
    if args.gazetteers:
        from nlp_extract.entities import EntityResources

        started = time.perf_counter()
        added = analyzer.add_proper_nouns(EntityResources.load().proper_nouns())
        print(f"gazetteers: {added} name words added as proper nouns in {time.perf_counter() - started:.3f} s")
    for path in paths:
        started = time.perf_counter()
        total, covered, misses, files = coverage(analyzer, [path])
        seconds = time.perf_counter() - started
        distinct = len(set(misses))
        print(
            f"{path}: {files} files, {total} Arabic tokens, "
            f"{covered / total:.2%} with a dictionary analysis "
            f"({distinct} distinct words missed), {seconds:.2f} s"
        )
        if args.misses:
            print("  most frequent misses: " + " ".join(f"{w}({n})" for w, n in misses.most_common(args.misses)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
