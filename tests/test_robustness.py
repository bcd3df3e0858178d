"""Hostile and messy input (issue 7): every class of bad input, with what the
user gets. Nothing here may crash a run or lose another file's result.

The command-line side (exit codes, ``Error:`` lines, interruption) is in
``test_cli.py``; the properties that hold for any input are in
``test_invariants.py``; memory on a 50 MB article is measured by
``tests/bench/memory.py``, not here.
"""
from __future__ import annotations

import codecs
import os
import shutil
import time
import unicodedata
from pathlib import Path

import pytest
import yaml

from nlp_extract import gazetteer as gz
from nlp_extract.errors import BinaryFileError, DataFileError, InputError
from nlp_extract.model import Document
from nlp_extract.pipeline import Extraction, Extractor, Settings
from nlp_extract.reader import decode, iter_paths, read_bytes, read_file
from nlp_extract.runner import run
from nlp_extract.write import dump_yaml

from .fuzz.checks import check_output, check_records
from .fuzz.fragments import build

#: A news paragraph (synthetic) with a place, dates, people with titles, a
#: direct and an indirect quote; every character exists in Windows-1256 and
#: ISO-8859-6, so each encoding can carry it.
NEWS = (
    "القاهرة في 12 يوليو 2024 - قال الرئيس الأمريكي جو بايدن، يوم الجمعة، إن "
    '"الاتفاق سيعزز الأمن في المنطقة". وأضاف وزير الخارجية أنتوني بلينكن أن '
    "الولايات المتحدة ستواصل دعم جهود الأمم المتحدة."
)


def summary(extraction):
    """What must survive any re-encoding or decoration: type, name/value, key of the text."""
    from nlp_extract.normalize import key

    return [(r.type, r.attrs.get("name") or r.attrs.get("value"), key(r.text)) for r in extraction.records]


def extract(extractor, text: str, source: str = "a.txt"):
    extraction = extractor.extract(Document(source, text))
    check_records(extraction)
    check_output(extraction)
    return extraction


# -- encodings ------------------------------------------------------------------


def _bom(encoding: str) -> bytes:
    return {"utf-8-sig": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE,
            "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")


@pytest.mark.parametrize(
    "encoding, detected",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16-le", "utf-16"),
        ("utf-16-be", "utf-16"),
        ("cp1256", "cp1256"),
        ("iso-8859-6", "iso-8859-6"),
    ],
)
def test_every_encoding_gives_the_records_of_utf8(extractor, tmp_path, encoding, detected):
    baseline = extract(extractor, NEWS)
    assert {r.type for r in baseline.records} >= {"person", "date", "quote", "institution"}
    path = tmp_path / "a.txt"
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    path.write_bytes(_bom(encoding) + NEWS.encode(codec))
    document = read_file(path)
    assert (document.text, document.encoding) == (NEWS, detected)
    got = extractor.extract(document)
    assert got.records == baseline.records


def test_utf8_arabic_with_a_broken_byte_is_refused_not_read_as_mojibake():
    good = NEWS.encode("utf-8")
    data = good[:40] + b"\xff" + good[40:]
    with pytest.raises(InputError) as e:
        decode(data, "broken.txt")
    assert str(e.value).startswith("broken.txt: cannot decode byte 0xff at offset 40")


def test_a_truncated_utf16_file_names_the_byte_offset():
    data = codecs.BOM_UTF16_LE + NEWS.encode("utf-16-le")[:-1]
    with pytest.raises(InputError, match=r"cannot decode byte at offset \d+ as utf-16"):
        decode(data, "cut.txt")


def test_an_undecodable_file_is_skipped_and_the_others_are_extracted(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"caf\xe9 " * 50)
    (tmp_path / "c.txt").write_text(NEWS, encoding="cp1256")
    outcomes = list(run(iter_paths([str(tmp_path)]), Settings()))
    assert [Path(o.path).name for o in outcomes] == ["a.txt", "b.txt", "c.txt"]
    assert "cannot decode byte 0xe9 at offset 3" in str(outcomes[1].error)
    assert outcomes[0].extraction.records == outcomes[2].extraction.records != ()


# -- binary and empty files -----------------------------------------------------------


BINARIES = {
    "png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)),
    "zip": b"PK\x03\x04" + bytes(range(256)),
    "gzip": b"\x1f\x8b\x08\x00" + bytes(range(256)),
    "jpeg": b"\xff\xd8\xff\xe0" + bytes(range(256)),
    "elf": b"\x7fELF\x02\x01\x01" + bytes(512),
    "nul-heavy": b"abc\x00\x00\x00\x01\x00" * 100,
}


@pytest.mark.parametrize("kind", sorted(BINARIES))
def test_binary_files_are_refused_as_binary(kind):
    with pytest.raises(BinaryFileError, match="not a text file"):
        decode(BINARIES[kind], f"x.{kind}.txt")


def test_binary_files_in_a_folder_are_skipped_and_the_articles_kept(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    for kind, data in BINARIES.items():
        (tmp_path / f"{kind}.txt").write_bytes(data)
    (tmp_path / "photo.png").write_bytes(BINARIES["png"])  # not *.txt: never read
    outcomes = {Path(o.path).name: o for o in run(iter_paths([str(tmp_path)]), Settings())}
    assert "photo.png" not in outcomes
    assert outcomes["a.txt"].extraction.records
    assert all(isinstance(outcomes[f"{k}.txt"].error, BinaryFileError) for k in BINARIES)


@pytest.mark.parametrize(
    "data",
    [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\n\n\r\n", b"   \t ", b"---\npublished: 2024-07-12\n---\n"],
    ids=["empty", "bom-only", "utf16-bom-only", "newlines", "spaces", "front-matter-only"],
)
def test_an_empty_article_has_no_records_and_is_written(extractor, data):
    extraction = extractor.extract(read_bytes(data, "empty.txt"))
    assert extraction.records == ()
    article = yaml.safe_load(dump_yaml(extraction))
    assert article["source"] == "empty.txt" and article["records"] == []


# -- Unicode oddities ----------------------------------------------------------------

_ARABIC_LETTER = frozenset(chr(c) for c in range(0x0621, 0x064B))


def _isolated_form(ch: str) -> str:
    """The Arabic presentation form (U+FE70-U+FEFF) that NFKC folds back to ``ch``."""
    for code in range(0xFE80, 0xFEFD):
        form = chr(code)
        if unicodedata.normalize("NFKC", form) == ch and "ISOLATED" in unicodedata.name(form, ""):
            return form
    return ch


_PRESENTATION = {ch: _isolated_form(ch) for ch in _ARABIC_LETTER}


def _in_word(text: str, i: int) -> bool:
    return text[i] in _ARABIC_LETTER and i + 1 < len(text) and text[i + 1] in _ARABIC_LETTER


#: name -> function(text, i) -> (inserted before, replacement, inserted after) of character i.
DECORATIONS = {
    "rtl-marks": lambda t, i: ("\u200f" if i == 0 or t[i - 1] == " " else "", t[i], ""),
    "embeddings": lambda t, i: ("\u202b" if i == 0 else "", t[i], "\u202c" if i == len(t) - 1 else ""),
    "isolates": lambda t, i: ("\u2067" if t[i] == '"' else "", t[i], "\u2069" if t[i] == '"' else ""),
    "lrm-rlm-mix": lambda t, i: ("\u200e\u200f" if t[i] == " " else "", t[i], ""),
    "zwj-zwnj": lambda t, i: ("", t[i], ("\u200d" if i % 2 else "\u200c") if _in_word(t, i) else ""),
    "tatweel": lambda t, i: ("", t[i], "\u0640\u0640" if _in_word(t, i) else ""),
    "full-diacritics": lambda t, i: ("", t[i], "\u064e" if t[i] in _ARABIC_LETTER else ""),
    "shadda-tanwin": lambda t, i: ("", t[i], "\u0651\u064b" if t[i] in _ARABIC_LETTER else ""),
    "presentation-forms": lambda t, i: ("", _PRESENTATION.get(t[i], t[i]), ""),
    "persian-letters": lambda t, i: ("", {"ي": "ی", "ك": "ک"}.get(t[i], t[i]), ""),
    "nul-for-spaces": lambda t, i: ("", "\x00" if t[i] == " " and t[i - 1] == "." else t[i], ""),
    # Between sentences, as a broken decoder leaves them in place of a character.
    "lone-surrogates": lambda t, i: ("", t[i], "\ud800 " if t[i] == " " and t[i - 1] == "." else ""),
    "latin-hebrew": lambda t, i: ("", t[i], " (Joe Biden, שלום) " if t[i] == "،" else ""),
    "soft-hyphen-bom": lambda t, i: ("\ufeff" if i == 0 else "", t[i], "\u00ad" if _in_word(t, i) else ""),
}


def decorate(text: str, how) -> tuple[str, list[int], list[int]]:
    """``text`` decorated, with where each original character's replacement
    starts and ends in it (``starts[len(text)]`` = the decorated length)."""
    out: list[str] = []
    starts, ends = [], []
    size = 0
    for i in range(len(text)):
        before, rep, after = how(text, i)
        size += len(before)
        starts.append(size)
        size += len(rep)
        ends.append(size)
        size += len(after)
        out.append(before + rep + after)
    starts.append(size)
    return "".join(out), starts, ends


@pytest.mark.parametrize("name", sorted(DECORATIONS))
def test_matching_works_through_unicode_oddities_and_offsets_point_into_the_original(extractor, name):
    baseline = extract(extractor, NEWS)
    text, starts, ends = decorate(NEWS, DECORATIONS[name])
    decorated = extract(extractor, text)
    assert summary(decorated) == summary(baseline)
    for plain, odd in zip(baseline.records, decorated.records):
        assert odd.text == text[odd.start:odd.end]
        # The span starts on the same letter; it ends after the same last
        # letter, taking along only the marks that follow it.
        assert odd.start == starts[plain.start], (plain, odd)
        assert ends[plain.end - 1] <= odd.end <= starts[plain.end], (plain, odd)


def test_a_lone_surrogate_is_written_as_a_replacement_character():
    from nlp_extract.model import Evidence, Record
    from nlp_extract.pipeline import Extraction

    text = "قال زيد\udc80عمرو"
    record = Record("person", text[4:12], 4, 12, 0, (Evidence("rule", "test"),), {"name": "زيد\udc80عمرو"})
    extraction = Extraction(Document("caf\udce9.txt", text), None, (record,))
    for fmt in ("yaml", "json", "jsonl"):
        (article,) = check_output(extraction, fmt)
        assert article["source"] == "caf\ufffd.txt"
        (written,) = article["records"]
        assert (written["text"], written["name"]) == ("زيد\ufffdعمرو", "زيد\ufffdعمرو")
        assert (written["start"], written["end"]) == (4, 12)  # one character for one


def test_nul_bytes_inside_a_mostly_text_file_do_not_make_it_binary(extractor):
    data = NEWS.encode("utf-8").replace(b". ", b".\x00", 1)
    extraction = extractor.extract(read_bytes(data, "nul.txt"))
    assert extraction.records


# -- sizes ------------------------------------------------------------------------


def _cpu(fn, repeat: int = 1):
    """CPU seconds of the fastest of ``repeat`` calls, and the last result."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        result = fn()
        best = min(best, time.process_time() - t0)
    return best, result


@pytest.mark.parametrize("sentence_punctuation", [True, False], ids=["sentences", "one-sentence"])
def test_a_100000_character_line_is_extracted_in_linear_time(extractor, sentence_punctuation):
    unit = NEWS if sentence_punctuation else NEWS.replace(".", " و").replace('"', "")
    unit += " "
    small = unit * (10_000 // len(unit))
    big = unit * (100_000 // len(unit))
    assert "\n" not in big and len(big) >= 99_000
    t_small, _ = _cpu(lambda: extractor.extract(Document("s", small)), repeat=2)
    t_big, extraction = _cpu(lambda: extractor.extract(Document("b", big)))
    check_records(extraction)
    per_unit = len(extract(extractor, unit).records)
    assert per_unit and len(extraction.records) == per_unit * (100_000 // len(unit))
    # Ten times the text may cost at most 30 times the time (quadratic: 100).
    assert t_big < 30 * t_small + 0.5, (t_small, t_big)


def test_an_article_processed_in_segments_gives_the_records_of_one_piece(extractor, monkeypatch):
    """Huge articles are extracted segment by segment (bounded memory, see
    tests/bench/memory.py); offsets, sentence numbers and output must not show
    the seams. Here with 2,000-character segments instead of 250,000."""
    from functools import partial

    from nlp_extract import pipeline

    text = "\n\n".join([NEWS] * 40)
    whole = extract(extractor, text)
    monkeypatch.setattr(pipeline, "SEGMENT_CHARS", 2_000)
    monkeypatch.setattr(pipeline, "segment_bounds", partial(pipeline.segment_bounds, size=2_000))
    assert len(list(pipeline.segment_bounds(text))) >= 4
    segmented = extractor.extract(Document("a.txt", text))
    records = tuple(segmented.records)
    assert records == whole.records
    check_records(Extraction(segmented.document, segmented.reference_date, records))
    # The writer streams the records of a segmented article as they come.
    assert dump_yaml(extractor.extract(Document("a.txt", text))) == dump_yaml(whole)


def test_two_thousand_tiny_files_are_all_extracted_in_order(tmp_path):
    names = []
    for i in range(2000):
        sub = tmp_path / f"d{i // 500}"
        sub.mkdir(exist_ok=True)
        path = sub / f"{i:05d}.txt"
        path.write_text(f"قال الرئيس الأمريكي جو بايدن في {1 + i % 28} يوليو 2024", encoding="utf-8")
        names.append(str(path))
    started = time.perf_counter()
    outcomes = list(run(iter_paths([str(tmp_path)]), Settings(types=("person", "date"))))
    elapsed = time.perf_counter() - started
    assert [o.path for o in outcomes] == sorted(names)
    assert all(o.error is None and [r.type for r in o.extraction.records] == ["person", "date"] for o in outcomes)
    assert elapsed < 30, elapsed


# -- quotation chaos --------------------------------------------------------------------------

SECOND_PARAGRAPH = "\nوقال الرئيس الأمريكي جو بايدن في 12 يوليو 2024 إن الاتفاق مهم."


@pytest.mark.parametrize(
    "paragraph",
    [
        'قال الوزير: "الوضع صعب. سنصمد',
        "قال الوزير: «الوضع صعب. سنصمد",
        "قال الوزير: الوضع صعب» وسنصمد»»",
        'وقال: "" ثم «» ثم "',
        '"""""',
        "«««« قال »»",
        "قال الوزير إن “الوضع „صعب‟ جدا",
    ],
)
def test_unbalanced_quotation_marks_never_swallow_the_next_paragraph(extractor, paragraph):
    extraction = extract(extractor, paragraph + SECOND_PARAGRAPH)
    later = [r for r in extraction.records if r.start > len(paragraph)]
    assert ("person", "جو بايدن") in [(r.type, r.attrs.get("name")) for r in later]
    assert ("date", "2024-07-12") in [(r.type, r.attrs.get("value")) for r in later]


def test_nested_quotation_marks_give_one_outer_quote(extractor):
    text = 'وقال الوزير: «إن شعار "السلام أولا" لم يعد كافيا».'
    (quote,) = [r for r in extract(extractor, text).records if r.type == "quote"]
    assert '"السلام أولا"' in quote.text and quote.text.endswith("لم يعد كافيا")


def test_inch_and_second_signs_are_not_quotations(extractor):
    text = 'وتبلغ الشاشة 24″ والارتفاع 5′11″ والزمن 3′ 20″. وقال المدير: "المبيعات ارتفعت".'
    quotes = [r.text for r in extract(extractor, text).records if r.type == "quote"]
    assert quotes == ["المبيعات ارتفعت"]


@pytest.mark.parametrize(
    "unit", ['"', '" كلمة ', "« قال ", '«"“»”', "» ", 'وقال الوزير: "'],
    ids=["straight", "straight-words", "guillemets", "mixed", "closers", "cues"],
)
def test_ten_thousand_quotation_marks_cost_linear_time(extractor, unit):
    def paragraph(n):
        return "قال الوزير: " + unit * n + " انتهى."

    t_small, _ = _cpu(lambda: extractor.extract(Document("s", paragraph(1_000))), repeat=2)
    t_big, extraction = _cpu(lambda: extractor.extract(Document("b", paragraph(10_000))))
    check_records(extraction)
    check_output(extraction)
    assert t_big < 30 * t_small + 0.5, (t_small, t_big)


# -- filesystem -------------------------------------------------------------------------------


def test_special_files_in_a_folder_never_block_and_are_reported(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    os.mkfifo(tmp_path / "fifo.txt")  # reading it would wait forever for a writer
    (tmp_path / "dir.txt").mkdir()  # a folder named like an article: walked into
    (tmp_path / "dir.txt" / "inner.txt").write_text(NEWS, encoding="utf-8")
    os.symlink(tmp_path / "missing", tmp_path / "dangling.txt")
    outcomes = {os.path.relpath(o.path, tmp_path): o for o in run(iter_paths([str(tmp_path)]), Settings())}
    assert sorted(outcomes) == ["a.txt", "dangling.txt", os.path.join("dir.txt", "inner.txt")]
    assert str(outcomes["dangling.txt"].error).endswith("dangling.txt: no such file")
    assert outcomes["a.txt"].extraction.records == outcomes["dir.txt/inner.txt"].extraction.records


def test_a_directory_or_missing_file_named_explicitly_is_an_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "nothing.txt")
    (tmp_path / "x.txt").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        read_file(tmp_path / "x.txt")


def test_symlink_loops_are_walked_once(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text(NEWS, encoding="utf-8")
    os.symlink(tmp_path / "a", tmp_path / "a" / "b" / "up")
    os.symlink(tmp_path, tmp_path / "a" / "root")
    found = list(iter_paths([str(tmp_path)]))
    assert [os.path.basename(p) for p in found] == ["x.txt"]


def test_paths_with_spaces_and_arabic_names_keep_their_names(extractor, tmp_path):
    folder = tmp_path / "أخبار اليوم" / "sub dir"
    folder.mkdir(parents=True)
    path = folder / "مقال رقم 1 (نسخة).txt"
    path.write_text(NEWS, encoding="utf-8")
    (found,) = iter_paths([str(tmp_path / "أخبار اليوم")])
    assert found == str(path)
    article = yaml.safe_load(dump_yaml(extractor.extract(read_file(found))))
    assert article["source"] == str(path) and article["records"]


def test_a_file_name_that_is_not_utf8_is_written_readably(extractor, tmp_path):
    raw = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(raw, "wb") as f:
        f.write(NEWS.encode("utf-8"))
    (found,) = iter_paths([str(tmp_path)])
    extraction = extractor.extract(read_file(found))
    assert extraction.records
    article = yaml.safe_load(dump_yaml(extraction))
    assert article["source"].endswith("caf\ufffd.txt")


def test_a_folder_that_disappears_mid_run_reports_its_files_and_keeps_the_rest(tmp_path):
    kept = tmp_path / "a"
    gone = tmp_path / "b"
    for folder in (kept, gone):
        folder.mkdir()
        for i in range(3):
            (folder / f"{i}.txt").write_text(NEWS, encoding="utf-8")
    outcomes = []
    for outcome in run(iter_paths([str(tmp_path)]), Settings(types=("person",))):
        outcomes.append(outcome)
        if len(outcomes) == 4:  # the run is inside b/ now
            shutil.rmtree(gone)
    assert [o.error is None for o in outcomes] == [True] * 4 + [False] * 2
    assert all(str(o.error).endswith("no such file") for o in outcomes[4:])
    assert all(o.extraction.records for o in outcomes[:4])


# -- gazetteer files ----------------------------------------------------------------------------


def _user_gazetteer(tmp_path: Path, text: str) -> Path:
    path = gz.user_file(tmp_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text, line",
    [
        ("entries:\n- {id: a, name: جو بايدن}\n- {id: b, name: [غير مغلق\n", 4),
        ("entries:\n- id: a\n  name: جو بايدن\n   aliases: [بايدن]\n", 4),
        ("entries:\n- {id: a, name: جو بايدن}\n\t- {id: b, name: ب}\n", 3),
    ],
    ids=["unclosed-bracket", "bad-indent", "tab"],
)
def test_malformed_gazetteer_yaml_names_file_and_line(tmp_path, text, line):
    path = _user_gazetteer(tmp_path, text)
    with pytest.raises(DataFileError) as e:
        gz.load_user(tmp_path)
    assert e.value.path == str(path) and e.value.line == line
    assert str(e.value).startswith(f"{path}:{line}: malformed YAML")
    assert path.read_text(encoding="utf-8") == text  # nothing rewritten, nothing lost


def test_yaml_tags_that_run_code_are_rejected(tmp_path):
    marker = tmp_path / "pwned"
    path = _user_gazetteer(
        tmp_path,
        "entries:\n- id: a\n  name: !!python/object/apply:os.system\n"
        f"  - touch {marker}\n",
    )
    with pytest.raises(DataFileError) as e:
        gz.load_user(tmp_path)
    assert e.value.path == str(path) and e.value.line == 3
    assert not marker.exists()


def test_a_huge_alias_list_loads_and_matches(tmp_path):
    letters = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
    aliases = [f"{a}{b}{c}ونوف" for a in letters for b in letters for c in letters[:8]]
    assert len(aliases) > 5000
    _user_gazetteer(tmp_path, yaml.safe_dump(
        {"entries": [{"id": "many", "type": "person", "name": "زيكرو ماتوفيتش", "aliases": aliases}]},
        allow_unicode=True,
    ))
    started = time.perf_counter()
    (entry,) = gz.load_user(tmp_path)
    assert len(entry.aliases) == len(aliases)
    extractor = Extractor(Settings(types=("person",), user_gazetteer_dir=str(tmp_path))).load()
    text = f"والتقى الوزير {aliases[4321]} في القاهرة"
    (record,) = extractor.extract(Document("a.txt", text)).records
    assert (record.text, record.attrs.get("id")) == (aliases[4321], "many")
    assert time.perf_counter() - started < 30


def test_duplicate_ids_in_a_gazetteer_are_reported_with_their_line(tmp_path):
    _user_gazetteer(tmp_path, "entries:\n- {id: a, type: person, name: جو بايدن}\n"
                              "- {id: a, type: person, name: دونالد ترامب}\n")
    problems = [str(p) for p in gz.check(None, tmp_path)]
    assert any(p.endswith(":3: duplicate id 'a'") for p in problems), problems


def test_duplicate_keys_in_a_gazetteer_entry_are_reported(tmp_path):
    _user_gazetteer(tmp_path, "entries:\n- {id: a, type: person, name: جو بايدن, name: دونالد ترامب}\n")
    problems = [str(p) for p in gz.check(None, tmp_path)]
    assert any("duplicate key" in p and ":2:" in p for p in problems), problems


# -- fuzz regressions ----------------------------------------------------------------------------


def test_front_matter_with_an_impossible_date_is_an_input_error():
    # Found by the fuzzer: yaml's timestamp constructor raised ValueError.
    with pytest.raises(InputError, match="front matter is not valid YAML"):
        read_bytes(b"---\npublished: 2024-13-45\n---\n" + NEWS.encode(), "a.txt")


#: Fuzzer inputs (bytes for ``fragments.build``) that once crashed the pipeline.
REGRESSIONS = {
    # front matter "published: 2024-13-45": yaml raised ValueError, not YAMLError
    "impossible-front-matter-date": b"\xf1\x04\x00\x00\x00",
    # a lone surrogate before a name: the YAML writer raised UnicodeEncodeError
    "lone-surrogate": b"\x00\x0a\x00\x36\x00\x00\x00\x00\x0d\x00\x00",
    # a quote whose speaker has no gazetteer id: written as `id: null`, against the schema
    "speaker-without-id": b"\x00\x00\x00\x02\x0a\x00\x38\x0c\x00\x05\x08\x00\x10",
    # a headline colon followed by a combining hamza: the cue's text was ":",
    # not the text at its offsets
    "colon-cue-with-mark": (b"\x9aET\x93\xd9%\xd6\x07\xe5V\xf8[nH\xc3\xf5H\x8c\xfa\x861\x19\x0ef\xfeR"
                            b"\xa4\x1f\x93\xf9\x0e\xd1m\xbd\xa7Q\x02\xbb^\x816\xd5eZ]\x1d.\x8e\xc3\x04)"
                            b"\x0f:#\xea\x15\x85"),
}


@pytest.mark.parametrize("name", sorted(REGRESSIONS))
def test_fuzz_regressions(extractor, name):
    sample = build(REGRESSIONS[name])
    if sample.data is not None:
        try:
            document = read_bytes(sample.data, "fuzz.txt")
        except InputError:
            return
    else:
        document = Document("fuzz.txt", sample.text)
    extraction = extractor.extract(document)
    check_records(extraction)
    for fmt in ("yaml", "json", "jsonl"):
        check_output(extraction, fmt)
