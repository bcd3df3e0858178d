"""The user gazetteer: add/list/remove/check/import, atomic and locked writes."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from nlp_extract import gazetteer as gz
from nlp_extract.cli_gazetteer import gazetteer as gazetteer_cli
from nlp_extract.errors import DataFileError, UsageError


@pytest.fixture(autouse=True)
def _no_real_user_dir(tmp_path, monkeypatch):
    """Tests never touch the real user directory."""
    monkeypatch.setenv(gz.USER_DIR_ENV, str(tmp_path / "env-user"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("NLP_EXTRACT_CACHE", str(tmp_path / "cache"))


def test_user_dir_precedence(tmp_path, monkeypatch):
    assert gz.user_dir(tmp_path / "opt") == tmp_path / "opt"
    assert gz.user_dir() == tmp_path / "env-user"
    monkeypatch.delenv(gz.USER_DIR_ENV)
    assert gz.user_dir() == tmp_path / "xdg" / "nlp-extract"


def test_add_list_remove(tmp_path):
    d = tmp_path / "g"
    e = gz.add("person", "جو بايدن", ["بايدن", "جوزيف بايدن"], directory=d)
    assert e.evidence_id == "user/جو-بايدن"
    gz.add("institution", "وكالة يونهاب للأنباء", ["يونهاب"], kind="media", directory=d)
    listed = list(gz.list_entries(directory=d))
    assert [(x.type, x.name, x.aliases) for x in listed] == [
        ("person", "جو بايدن", ("بايدن", "جوزيف بايدن")),
        ("institution", "وكالة يونهاب للأنباء", ("يونهاب",)),
    ]
    assert [x.name for x in gz.list_entries("institution", directory=d)] == ["وكالة يونهاب للأنباء"]
    gz.remove("جو-بايدن", directory=d)
    assert [x.name for x in gz.list_entries(directory=d)] == ["وكالة يونهاب للأنباء"]
    with pytest.raises(UsageError):
        gz.remove("nobody", directory=d)


def test_add_rejects_unknown_type(tmp_path):
    with pytest.raises(UsageError):
        gz.add("animal", "x", directory=tmp_path)


def test_corrupt_user_file_is_an_error_naming_the_path(tmp_path):
    f = gz.user_file(tmp_path)
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text("entries:\n  - {id: a, name: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        gz.add("person", "جو بايدن", directory=tmp_path)
    assert str(f) in str(err.value) and err.value.line
    assert "unclosed" in f.read_text(encoding="utf-8")  # never silently reset


def test_check_reports_line_duplicates_and_type_clash(tmp_path):
    models = tmp_path / "models"
    (models / "gazetteers").mkdir(parents=True)
    (models / "gazetteers" / "a.yaml").write_text(textwrap.dedent("""\
        type: person
        entries:
        - {id: x, name: سلمان}
        - {id: x, name: نبيه بري}
        """), encoding="utf-8")
    (models / "gazetteers" / "b.yaml").write_text(textwrap.dedent("""\
        type: place
        entries:
        - {id: y, name: سلمان}
        """), encoding="utf-8")
    (models / "gazetteers" / "c.yaml").write_text("type: place\nentries:\n  - {id: z, name: [\n", encoding="utf-8")
    problems = [str(p) for p in gz.check(models, tmp_path / "user")]
    assert any("a.yaml:4: duplicate id 'x'" in p for p in problems)
    assert any("b.yaml" in p and "is a place" in p and "person" in p for p in problems)
    assert any("c.yaml:" in p and "malformed YAML" in p for p in problems)


def test_shipped_gazetteers_pass_check(tmp_path):
    assert [str(p) for p in gz.check(None, tmp_path)] == []


def test_import_csv(tmp_path):
    csv_file = tmp_path / "people.csv"
    csv_file.write_text("type,name,aliases,kind,country\n"
                        "person,يون سوك يول,يون|يون سيوك-يول,,KR\n"
                        "institution,مكتب الرئاسة,,office,KR\n", encoding="utf-8")
    entries = gz.import_csv(csv_file, tmp_path / "u")
    assert [(e.name, e.aliases, e.country) for e in entries] == [
        ("يون سوك يول", ("يون", "يون سيوك-يول"), "KR"), ("مكتب الرئاسة", (), "KR")]
    bad = tmp_path / "bad.csv"
    bad.write_text("type,name\nperson,\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        gz.import_csv(bad, tmp_path / "u")
    assert err.value.line == 2


def test_cli_add_list_remove_path(tmp_path):
    r = CliRunner()
    d = str(tmp_path / "cli")
    out = r.invoke(gazetteer_cli, ["add", "person", "جو بايدن", "--alias", "بايدن", "--gazetteer-dir", d])
    assert out.exit_code == 0, out.output
    assert "user/جو-بايدن" in out.output
    out = r.invoke(gazetteer_cli, ["list", "--gazetteer-dir", d])
    assert out.output == "person\tuser/جو-بايدن\tجو بايدن (بايدن)\n"
    assert r.invoke(gazetteer_cli, ["path", "--gazetteer-dir", d]).output.strip() == str(Path(d) / "gazetteer.yaml")
    assert r.invoke(gazetteer_cli, ["check", "--gazetteer-dir", d]).output.strip() == "ok"
    out = r.invoke(gazetteer_cli, ["remove", "جو-بايدن", "--gazetteer-dir", d])
    assert out.exit_code == 0
    assert r.invoke(gazetteer_cli, ["list", "--gazetteer-dir", d]).output == ""
    out = r.invoke(gazetteer_cli, ["remove", "جو-بايدن", "--gazetteer-dir", d])
    assert out.exit_code == 1 and "Error:" in out.output


def test_cli_uses_env_var(tmp_path, monkeypatch):
    monkeypatch.setenv(gz.USER_DIR_ENV, str(tmp_path / "viaenv"))
    out = CliRunner().invoke(gazetteer_cli, ["add", "place", "سول"])
    assert out.exit_code == 0
    assert (tmp_path / "viaenv" / "gazetteer.yaml").exists()


@pytest.mark.slow
def test_parallel_adds_lose_nothing(tmp_path):
    code = ("import sys; from nlp_extract import gazetteer as gz; "
            "gz.add('person', 'شخص رقم ' + sys.argv[1], entry_id='p' + sys.argv[1], directory=sys.argv[2])")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(n), str(tmp_path)]) for n in range(20)]
    assert all(p.wait(timeout=60) == 0 for p in procs)
    data = yaml.safe_load(gz.user_file(tmp_path).read_text(encoding="utf-8"))
    assert sorted(e["id"] for e in data["entries"]) == sorted(f"p{n}" for n in range(20))


def test_new_entry_takes_effect_and_shows_in_evidence(tmp_path):
    from nlp_extract.entities import EntityResources, find_entities
    from tests.entities_run import analyzed

    text = "قال المهندس زكريا الفلاني إن المشروع اكتمل."
    res = EntityResources.load(None, tmp_path)
    assert not any(s.from_gazetteer and s.type == "person" for s in find_entities(analyzed(text), res))
    gz.add("person", "زكريا الفلاني", ["الفلاني"], directory=tmp_path)
    res = EntityResources.load(None, tmp_path)
    spans = [s for s in find_entities(analyzed(text), res) if s.type == "person"]
    assert [(text[s.start:s.end], str(s.evidence[0])) for s in spans] == [("زكريا الفلاني", "gazetteer:user/زكريا-الفلاني")]


def test_variants_and_skeleton():
    assert ("ترمب",) in gz.variants("ترامب")
    assert ("يون", "سوك", "يول") in gz.variants("يون سيوك-يول")
    assert ("بومبيو",) in gz.variants("بومبيوا")
    assert ("جان", "ايف", "لودريان") in gz.variants("جان إيف لو دريان")
    assert ("ناتو",) in gz.variants("الناتو", "institution")
    assert gz.skeleton("يون سوك يول") == gz.skeleton("يون سيوك-يول")
    assert gz.skeleton("ترامب") == gz.skeleton("ترمب")
    assert gz.skeleton("بايدن") != gz.skeleton("بوتين")


def test_compiled_gazetteer_caches_do_not_pile_up(tmp_path, monkeypatch):
    from nlp_extract import entities

    monkeypatch.setenv("NLP_EXTRACT_CACHE", str(tmp_path / "cache"))
    user = tmp_path / "user"
    for i in range(8):
        user.mkdir(exist_ok=True)
        (user / "gazetteer.yaml").write_text(
            f"people:\n- id: p{i}\n  name: اسم{i} تجريبي\n", encoding="utf-8")
        entities.EntityResources.load(user_dir=user)
    kept = list((tmp_path / "cache").glob("entities-*.pickle"))
    assert len(kept) == 1 + entities._SPARE_CACHES
