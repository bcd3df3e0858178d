"""Write the entity records of articles as the scorer's YAML stream.

    python -m tests.entities_run FILE_OR_DIR... > out.yaml

A stand-in for `extract` limited to people, institutions and places, used to
score issue 3 before the whole pipeline is wired; set NLP_EXTRACT_NO_ANALYZER=1
to run without the morphology analyzer.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml

from nlp_extract.entities import EntityResources, find_entities
from nlp_extract.model import AnalyzedDocument, Document
from nlp_extract.pipeline import analyze_document


def analyzed(text: str, source: str = "<text>", analyzer=None) -> AnalyzedDocument:
    return analyze_document(Document(source, text), analyzer)


def records(doc: AnalyzedDocument, res: EntityResources) -> list[dict]:
    spans = find_entities(doc, res)
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept, last_end = [], -1
    for s in spans:  # the resolver's first rule: longest wins, no overlaps
        if s.start < last_end:
            continue
        kept.append(s)
        last_end = s.end
    text = doc.document.text
    out = []
    for s in kept:
        rec = {"type": s.type, "text": text[s.start:s.end], "start": s.start, "end": s.end}
        rec.update(s.attrs)
        rec["evidence"] = [str(e) for e in s.evidence]
        out.append(rec)
    return out


def main(argv: list[str]) -> int:
    res = EntityResources.load()
    analyzer = None
    if not os.environ.get("NLP_EXTRACT_NO_ANALYZER"):
        from nlp_extract.analyze import MorphAnalyzer

        analyzer = MorphAnalyzer.load()
        analyzer.add_proper_nouns(res.proper_nouns())
    paths = []
    for a in argv:
        p = Path(a)
        paths.extend(sorted(x for x in p.glob("*.txt")) if p.is_dir() else [p])
    docs = []
    for p in paths:
        doc = analyzed(p.read_text(encoding="utf-8"), str(p), analyzer)
        docs.append({"source": str(p), "records": records(doc, res)})
    yaml.safe_dump_all(docs, sys.stdout, allow_unicode=True, sort_keys=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
