"""Regenerate tests/golden/ from corpus/: `python -m tests.update_golden`.

Review the diff before committing: the golden files are the expected output."""
from pathlib import Path

from nlp_extract.pipeline import Extractor, Settings
from nlp_extract.reader import read_file
from nlp_extract.write import dump_yaml

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    golden = ROOT / "tests" / "golden"
    golden.mkdir(exist_ok=True)
    extractor = Extractor(Settings())
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        out = dump_yaml(extractor.extract(read_file(str(path.relative_to(ROOT)))))
        (golden / (path.stem + ".yaml")).write_text(out, encoding="utf-8")
        print(f"wrote tests/golden/{path.stem}.yaml")


if __name__ == "__main__":
    main()
