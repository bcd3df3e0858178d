"""The whole pipeline on the corpus: golden output, offsets, schema, encodings."""
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from nlp_extract.pipeline import Extractor, Settings
from nlp_extract.reader import read_bytes, read_file
from nlp_extract.write import dump_yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))
GOLDEN = ROOT / "tests" / "golden"
ANT = ROOT.parent / "shared" / "corpus" / "ant"
SCHEMA = json.loads((ROOT / "nlp_extract" / "schema" / "article.schema.json").read_text())


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_output_matches_its_golden_file(extractor, path):
    """The golden files pin the output; after an intended change, regenerate
    them with `python -m tests.update_golden` and review the diff."""
    got = dump_yaml(extractor.extract(read_file(relative(path))))
    assert got == (GOLDEN / (path.stem + ".yaml")).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_record_is_its_surface_and_validates(extractor, path):
    extraction = extractor.extract(read_file(path))
    text = extraction.document.text
    for r in extraction.records:
        assert text[r.start:r.end] == r.text
    doc = yaml.safe_load(dump_yaml(extraction))
    jsonschema.validate(doc, SCHEMA)
    assert doc["records"] == [r.to_dict() for r in extraction.records]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_a_windows_1256_copy_gives_the_same_records(extractor, path):
    text = path.read_text(encoding="utf-8")
    utf8 = extractor.extract(read_bytes(text.encode("utf-8"), "a.txt"))
    cp1256 = extractor.extract(read_bytes(text.encode("cp1256"), "a.txt"))
    assert cp1256.document.encoding == "cp1256"
    assert cp1256.records == utf8.records


@pytest.mark.slow
@pytest.mark.skipif(not ANT.is_dir(), reason="../shared/corpus/ant is not here")
def test_offsets_hold_on_every_ant_article(extractor):
    for path in sorted(ANT.glob("*.txt")):
        extraction = extractor.extract(read_file(path))
        text = extraction.document.text
        bad = [r for r in extraction.records if text[r.start:r.end] != r.text]
        assert not bad, f"{path.name}: {bad[:3]}"


def test_extraction_never_imports_torch_or_transformers():
    code = (
        "import sys, runpy; sys.argv = ['extract', '-q', %r];"
        "from nlp_extract.cli import cli\n"
        "try:\n    cli(prog_name='extract')\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'transformers'))\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))"
    ) % str(CORPUS[0])
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert "HEAVY=" in done.stderr, done.stderr
    assert done.stderr.rsplit("HEAVY=", 1)[1] == ""


@pytest.mark.parametrize("source, text, published, expected", [
    # nothing else known: the date in the file name, and relative dates follow it
    ("archive/AL-economy-33-20180212.txt", "وقال الوزير أمس إن الاتفاق جاهز.", None,
     ("2018-02-12", "file-name", "2018-02-11")),
    # the article's own dateline beats the file name
    ("archive/AL-economy-33-20180212.txt", "الجمعة 12-7-2024 | 17:24\nوقال الوزير أمس إن الاتفاق جاهز.", None,
     ("2024-07-12", "dateline-timestamp", "2024-07-11")),
    # --published (or front matter) beats both
    ("archive/AL-economy-33-20180212.txt", "وقال الوزير أمس إن الاتفاق جاهز.", "2020-01-02",
     ("2020-01-02", "metadata", "2020-01-01")),
    # no date anywhere: no reference, no value
    ("archive/article.txt", "وقال الوزير أمس إن الاتفاق جاهز.", None, (None, None, None)),
])
def test_where_the_reference_date_comes_from(extractor, source, text, published, expected):
    from nlp_extract.model import Document

    extraction = extractor.extract(Document(source, text, published))
    yesterday = next(r for r in extraction.records if r.type == "date" and r.text == "أمس")
    assert (extraction.reference_date, extraction.reference_from, yesterday.attrs.get("value")) == expected
