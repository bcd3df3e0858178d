"""The library API in other engines' workers: picklable, no global state, and
the Dask example of docs/dask.md gives the same records as the CLI."""
from __future__ import annotations

import json
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import nlp_extract
from nlp_extract.pipeline import Extractor, Settings

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "dask.md"
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
ANT = ROOT.parent / "shared" / "corpus" / "ant"

SENTENCE = "قال الرئيس الأمريكي جو بايدن أمس إن الاتفاق سيوقع في 12 يوليو 2024."


def docs_example() -> dict:
    """The Python block of docs/dask.md that defines extract_files, run as a module."""
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    code = next(b for b in blocks if "def extract_files" in b)
    namespace = {"__name__": "dask_example"}
    exec(compile(code, str(DOC), "exec"), namespace)
    return namespace


def plain(value):
    """Tuples to lists, as any serialization does."""
    return json.loads(json.dumps(value, ensure_ascii=False))


def test_extract_text_pickles_by_reference():
    assert pickle.loads(pickle.dumps(nlp_extract.extract_text)) is nlp_extract.extract_text


def test_an_extractor_pickles_as_its_settings_without_loaded_resources():
    extractor = Extractor(Settings(types=("date",)))
    extractor.extract(nlp_extract.Document("a.txt", SENTENCE, "2024-07-12"))
    assert extractor._loaded
    copy = pickle.loads(pickle.dumps(extractor))
    assert copy.settings == extractor.settings
    assert copy._loaded == {}
    doc = nlp_extract.Document("a.txt", SENTENCE, "2024-07-12")
    assert copy.extract(doc).records == extractor.extract(doc).records


def test_records_do_not_depend_on_earlier_calls():
    dates_first = nlp_extract.extract_text(SENTENCE, published="2024-07-12", types=["date"])
    everything = nlp_extract.extract_text(SENTENCE, published="2024-07-12")
    dates_again = nlp_extract.extract_text(SENTENCE, published="2024-07-12", types=["date"])
    assert dates_again == dates_first
    assert [r for r in everything if r.type == "date"] == dates_first


def test_records_survive_pickling():
    records = nlp_extract.extract_text(SENTENCE, source="a.txt", published="2024-07-12")
    assert records
    assert pickle.loads(pickle.dumps(records)) == records


@pytest.mark.slow
def test_the_dask_example_gives_the_records_of_the_cli():
    pytest.importorskip("dask.bag")
    pytest.importorskip("distributed")
    paths = [str(p) for p in SEEDS]
    if ANT.is_dir():
        paths += [str(p) for p in sorted(ANT.glob("*.txt"))[:4]]
    cli = subprocess.run([sys.executable, "-m", "nlp_extract", "--quiet", *paths],
                         capture_output=True, cwd=ROOT, timeout=300)
    assert cli.returncode == 0, cli.stderr.decode()
    expected = [{"source": d["source"], "records": d["records"]}
                for d in yaml.safe_load_all(cli.stdout) if d]

    got = docs_example()["extract_files"](paths, workers=2, dashboard_address=None)
    assert [a["source"] for a in got] == paths
    assert plain(got) == plain(expected)
