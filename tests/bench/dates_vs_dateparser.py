"""Speed of our date matcher against dateparser's search, on the same articles.

    python -m tests.bench.dates_vs_dateparser [PATHS ...] [--limit N] [--sample N --sample-out FILE]

PATHS default to corpus/ and, when present, ../shared/corpus/ant/. Ours runs
the whole date path from the decoded text (clean, sentences, tokens, dateline,
dates); dateparser runs ``search_dates(text, languages=['ar'])`` with the same
reference date as its RELATIVE_BASE. Both are timed after one warm-up article
(dateparser loads its language data lazily; our lexicon load is timed apart as
the cold start). ``--sample`` writes a seeded random sample of both systems'
records from the ANT articles, with context, for a precision review.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import email.utils
import random
import sys
import time
import warnings
from pathlib import Path

from nlp_extract.dates import DateLexicon, find_dates, find_reference_date
from nlp_extract.model import AnalyzedDocument, Document
from nlp_extract.normalize import clean
from nlp_extract.reader import iter_paths, read_file
from nlp_extract.tokenize import split_sentences, tokenize

ROOT = Path(__file__).resolve().parents[2]
ANT = ROOT.parent / "shared" / "corpus" / "ant"


def manifest_dates() -> dict[str, str]:
    """Publication dates of the ANT articles (their manifest), by file stem."""
    path = ANT / "manifest.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as f:
        return {
            row["docno"]: email.utils.parsedate_to_datetime(row["time"]).date().isoformat()
            for row in csv.DictReader(f, delimiter="\t")
        }


def ours(text: str, source: str, published: str | None, lexicon: DateLexicon) -> list[dict]:
    c = clean(text)
    sentences = split_sentences(c)
    doc = AnalyzedDocument(Document(source, text, published), c, tuple(sentences), tuple(tokenize(c, sentences)))
    reference = published
    if reference is None:
        found = find_reference_date(doc, lexicon)
        reference = found[0] if found else None
    return [
        {"text": text[s.start:s.end], "start": s.start, "end": s.end, **s.attrs, "rule": s.rule_name}
        for s in find_dates(doc, lexicon, reference)
    ]


def theirs(text: str, reference: str | None) -> list[dict]:
    from dateparser.search import search_dates

    settings = {}
    if reference:
        settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(reference)
    found = search_dates(text, languages=["ar"], settings=settings) or []
    out = []
    pos = 0
    for surface, value in found:
        at = text.find(surface, pos)  # dateparser gives no offsets: locate each in order
        if at >= 0:
            pos = at + len(surface)
        out.append({"text": surface, "start": at, "value": value.isoformat()})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--limit", type=int, help="use only the first N articles")
    ap.add_argument("--sample", type=int, default=0, help="records of each system to sample from ANT")
    ap.add_argument("--sample-out", type=Path, default=Path("date_sample.tsv"))
    ap.add_argument("--seed", type=int, default=4)
    args = ap.parse_args(argv)

    paths = args.paths or [str(ROOT / "corpus")] + ([str(ANT)] if ANT.exists() else [])
    files = list(iter_paths(paths))[: args.limit]
    published = manifest_dates()
    docs = []
    for f in files:
        document = read_file(f)
        docs.append((f, document.text, document.published or published.get(Path(f).stem)))
    if not docs:
        print("no articles", file=sys.stderr)
        return 1

    t0 = time.perf_counter()
    lexicon = DateLexicon.load()
    load_s = time.perf_counter() - t0

    ours(docs[0][1], docs[0][0], docs[0][2], lexicon)  # warm-up
    t0 = time.perf_counter()
    our_records = [ours(text, f, ref, lexicon) for f, text, ref in docs]
    our_s = time.perf_counter() - t0

    # the matcher alone, on documents already cleaned and tokenized (what the
    # pipeline's date stage costs on top of the shared stages)
    analyzed = []
    for f, text, ref in docs:
        c = clean(text)
        sentences = split_sentences(c)
        analyzed.append((AnalyzedDocument(Document(f, text), c, tuple(sentences), tuple(tokenize(c, sentences))), ref))
    t0 = time.perf_counter()
    for doc, ref in analyzed:
        find_dates(doc, lexicon, ref)
    match_s = time.perf_counter() - t0

    warnings.simplefilter("ignore")  # dateparser's deprecation chatter
    theirs(docs[0][1], docs[0][2])
    t0 = time.perf_counter()
    their_records = [theirs(text, ref) for _, text, ref in docs]
    their_s = time.perf_counter() - t0

    n = len(docs)
    our_rate, their_rate = n / our_s, n / their_s
    print(f"articles: {n}  (lexicon load, once per process: {load_s * 1000:.0f} ms)")
    print(f"ours:       {our_s:7.2f} s  {our_rate:8.1f} articles/s  {sum(map(len, our_records))} dates")
    print(f"  of which find_dates alone: {match_s:7.2f} s  {n / match_s:8.1f} articles/s")
    print(f"dateparser: {their_s:7.2f} s  {their_rate:8.1f} articles/s  {sum(map(len, their_records))} dates")
    print(f"speed ratio (ours / dateparser): {our_rate / their_rate:.1f}x")

    if args.sample:
        rng = random.Random(args.seed)
        rows = []
        for system, records in (("ours", our_records), ("dateparser", their_records)):
            pool = [
                (Path(f).name, ref, text, r)
                for (f, text, ref), recs in zip(docs, records)
                if Path(f).parent.resolve() == ANT.resolve()
                for r in recs
            ]
            for name, ref, text, r in rng.sample(pool, min(args.sample, len(pool))):
                s = r["start"]
                e = s + len(r["text"]) if s >= 0 else s
                context = (text[max(0, s - 40):s] + "[" + r["text"] + "]" + text[e:e + 30]) if s >= 0 else r["text"]
                rows.append((system, name, ref or "", r["text"], r.get("value") or "", r.get("rule", ""),
                             " ".join(context.split())))
        with args.sample_out.open("w", encoding="utf-8") as f:
            f.write("system\tarticle\treference\ttext\tvalue\trule\tcontext\n")
            for row in rows:
                f.write("\t".join(row) + "\n")
        print(f"sample of {args.sample} records per system written to {args.sample_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
