"""What entity matching adds to a run: ``find_entities`` against normalize +
tokenize + analyze (``Extractor.prepare``) over the same articles.

    .venv/bin/python -m tests.entities_speed ../shared/corpus/ant/

CPU time (``time.process_time``), best of three passes with a warm extractor,
so that other processes on the machine do not skew the ratio; issue 3 asks for
under 20%.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from nlp_extract.entities import find_entities
from nlp_extract.model import Document
from nlp_extract.pipeline import Extractor


def main(argv: list[str]) -> int:
    extractor = Extractor().load()
    resources = extractor._resource("entities")
    docs = [Document(str(p), p.read_text(encoding="utf-8")) for p in sorted(Path(argv[0]).glob("*.txt"))]
    best_prepare = best_match = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        prepared = [extractor.prepare(d) for d in docs]
        t1 = time.process_time()
        for doc in prepared:
            find_entities(doc, resources)
        t2 = time.process_time()
        best_prepare, best_match = min(best_prepare, t1 - t0), min(best_match, t2 - t1)
    print(f"{len(docs)} articles: prepare {best_prepare:.2f}s, find_entities {best_match:.2f}s"
          f" = {100 * best_match / best_prepare:.0f}% of prepare")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
