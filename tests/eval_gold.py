"""`make eval`: how good the output is, on gold annotations.

    python -m tests.eval_gold          # the per-type table
    python -m tests.eval_gold -v       # and every miss, per article
    python -m tests.eval_gold --json   # the scores as JSON

1. The golden-output tests (tests/golden/, exact output on corpus/) run under pytest.
2. `extract` runs over corpus/ and tests/gold/texts/, like a user would.
3. When ../shared/eval/ exists, its score.py scores that output against
   ../shared/eval/dev (the gold of the seeds in corpus/) and against
   tests/gold/ (the team's own gold for the test articles in tests/gold/texts/,
   in the same format), and the per-type table is printed for each.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_EVAL = ROOT.parent / "shared" / "eval"
SCORE = SHARED_EVAL / "score.py"
OWN_GOLD = ROOT / "tests" / "gold"
GOLD_SETS = {
    "seeds (../shared/eval/dev)": SHARED_EVAL / "dev",
    "team gold (tests/gold)": OWN_GOLD,
}
TYPES = ("person", "institution", "date", "quote")


def extract_command() -> list[str]:
    script = Path(sys.executable).with_name("extract")
    return [str(script)] if script.exists() else [sys.executable, "-m", "nlp_extract"]


def golden_tests() -> int:
    test = ROOT / "tests" / "test_pipeline.py"
    if not test.exists():
        return 0
    return subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            f"{test}", "-k", "golden"], cwd=ROOT)


def run_extract(output: Path) -> int:
    inputs = [ROOT / "corpus", OWN_GOLD / "texts"]
    with open(output, "wb") as out:
        done = subprocess.run([*extract_command(), "--quiet", *map(str, inputs)],
                              stdout=out, stderr=subprocess.PIPE, cwd=ROOT)
    if done.returncode != 0:
        sys.stderr.write(done.stderr.decode(errors="replace"))
    return done.returncode


def score(gold: Path, output: Path, verbose: bool) -> dict | None:
    if verbose:
        subprocess.call([sys.executable, str(SCORE), "--gold", str(gold), str(output), "-v"])
    done = subprocess.run([sys.executable, str(SCORE), "--gold", str(gold), str(output), "--json"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        return None
    return json.loads(done.stdout)


def table(title: str, result: dict):
    from rich.table import Table

    t = Table(title=title)
    for column in ("type", "precision", "recall", "F1", "attribute accuracy"):
        t.add_column(column, justify="left" if column == "type" else "right")
    for kind in TYPES:
        row = result[kind]
        attribute = row.get("value_accuracy", row.get("speaker_accuracy"))
        label = {"date": " (value)", "quote": " (speaker)"}.get(kind, "")
        t.add_row(kind, f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['f1']:.3f}",
                  f"{attribute:.3f}{label}" if attribute is not None else "")
    macro = sum(result[k]["f1"] for k in TYPES) / len(TYPES)
    t.add_row("[bold]macro-F1[/]", "", "", f"[bold]{macro:.3f}[/]", "")
    return t


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.eval_gold",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--no-tests", action="store_true", help="skip the golden-output tests")
    args = parser.parse_args(argv)

    from rich.console import Console

    console = Console(width=110)
    status = 0
    if not args.no_tests:
        console.rule("golden-output tests (tests/golden/)")
        status = golden_tests()

    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "out.yaml"
        if run_extract(output) != 0:
            console.print("[red]extract failed[/]")
            return 1
        if not SCORE.exists():
            console.print(f"{SCORE} is not here: only the golden-output tests ran.")
            return status
        results = {}
        for title, gold in GOLD_SETS.items():
            if gold.is_dir() and any(gold.glob("*.yaml")):
                if args.verbose:
                    console.rule(title)
                result = score(gold, output, args.verbose)
                if result is None:
                    return 1
                results[title] = result
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for title, result in results.items():
            console.print(table(title, result))
            if result.get("articles_missing_from_output"):
                console.print(f"[red]missing from output: {result['articles_missing_from_output']}[/]")
    return status


if __name__ == "__main__":
    sys.exit(main())
