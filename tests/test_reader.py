"""Reading: encodings, front matter, folders, and the errors a user sees."""
import codecs
import os

import pytest

from nlp_extract.errors import BinaryFileError, InputError
from nlp_extract.reader import date_in_name, decode, front_matter_date, iter_paths, read_bytes, read_file

ARTICLE = "قالت وزارة الدفاع الكورية الجنوبية، اليوم الجمعة، إن الوثيقة ستوسع التعاون.\r\nوأضافت الوزارة أن الحلفاء سيتعاونون."


@pytest.mark.parametrize(
    "data, encoding",
    [
        (ARTICLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), "utf-16"),
        (ARTICLE.encode("cp1256"), "cp1256"),
    ],
)
def test_every_supported_encoding_decodes_to_the_same_text(data, encoding):
    text, found = decode(data, "a.txt")
    assert text == ARTICLE
    assert found == encoding


def test_iso_8859_6_arabic_is_decoded():
    text = "قال الوزير إن الاتفاق مهم"
    assert decode(text.encode("iso-8859-6"), "a.txt")[0] == text


def test_undecodable_bytes_name_the_file_and_byte_offset():
    data = "نص عربي".encode("utf-8") + b"\x81\x8d" + "سليم".encode("utf-8")
    with pytest.raises(InputError) as e:
        decode(data, "bad.txt")
    assert str(e.value).startswith("bad.txt: cannot decode byte 0x81 at offset 13 as UTF-8")


def test_latin_bytes_are_not_mistaken_for_arabic():
    with pytest.raises(InputError, match="cannot decode byte 0xe9"):
        decode("café crème brûlée".encode("latin-1"), "fr.txt")


@pytest.mark.parametrize("magic", [b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"\xff\xd8\xff\xe0"])
def test_binary_files_are_refused_as_binary(magic):
    with pytest.raises(BinaryFileError, match="not a text file"):
        decode(magic + bytes(range(256)), "x.txt")


def test_empty_file_is_an_empty_article():
    assert read_bytes(b"", "empty.txt").text == ""


@pytest.mark.parametrize(
    "text, published",
    [
        ("---\npublished: 2024-07-12\n---\nنص", "2024-07-12"),
        ("---\r\ndate: '2023-01-03'\r\nauthor: x\r\n---\r\nنص", "2023-01-03"),
        ("---\ntitle: بلا تاريخ\n---\nنص", None),
        ("نص بلا مقدمة\n---\n", None),
    ],
)
def test_front_matter_sets_the_reference_date(text, published):
    assert front_matter_date(text) == published


def test_front_matter_with_a_bad_date_is_an_input_error():
    with pytest.raises(InputError, match="not an ISO date"):
        front_matter_date("---\npublished: yesterday\n---\n", "a.txt")


def test_explicit_published_beats_front_matter():
    doc = read_bytes("---\npublished: 2024-07-12\n---\nنص".encode(), "a.txt", "2020-01-01")
    assert doc.published == "2020-01-01"


def test_offsets_count_front_matter_and_crlf_as_they_are(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("---\r\npublished: 2024-07-12\r\n---\r\nقال الوزير".encode())
    doc = read_file(path)
    assert doc.text[doc.text.index("قال"):] == "قال الوزير"
    assert "\r\n" in doc.text


def test_folders_are_walked_recursively_in_sorted_order(tmp_path):
    for name in ["b.txt", "a/z.txt", "a/b/c.txt", "skip.md", "ملف عربي.txt"]:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("نص")
    found = [os.path.relpath(p, tmp_path) for p in iter_paths([str(tmp_path)])]
    assert found == sorted(["a/b/c.txt", "a/z.txt", "b.txt", "ملف عربي.txt"])


def test_symlink_loops_do_not_hang(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("نص")
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    found = list(iter_paths([str(tmp_path)]))
    assert [os.path.basename(p) for p in found] == ["a.txt"]


def test_missing_and_unreadable_files_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "missing.txt")
    locked = tmp_path / "locked.txt"
    locked.write_text("نص")
    locked.chmod(0)
    if os.access(locked, os.R_OK):  # root reads everything
        pytest.skip("running as a user who can read any file")
    with pytest.raises(InputError, match="permission denied"):
        read_file(locked)


@pytest.mark.parametrize("source, expected", [
    ("../corpus/AL-economy-33-20180212.txt", "2018-02-12"),
    ("archive/2018-02-12 report.txt", "2018-02-12"),
    ("news_2019_11_30.txt", "2019-11-30"),
    ("2017-01-01/article-20180212.txt", "2018-02-12"),  # the file's own name, not its folder
    ("000_c46b7048c98eba29.txt", None),
    ("report-20180231.txt", None),  # no 31 February
    ("id-120180212.txt", None),  # digits run on: not a date
    ("-", None),
])
def test_date_in_a_file_name(source, expected):
    assert date_in_name(source) == expected
