"""Reading articles: paths to decoded ``Document`` values.

Decoding order: a byte-order mark decides (UTF-8, UTF-16); otherwise strict
UTF-8; otherwise Windows-1256 when the bytes look like Arabic in it, else
ISO-8859-6. A file that none of these decodes cleanly is an ``InputError``
naming the byte offset: never mojibake in the output.
"""
from __future__ import annotations

import codecs
import datetime as _dt
import os
import re
import stat
from pathlib import Path
from typing import Iterator

import yaml

from .errors import BinaryFileError, InputError
from .model import Document

#: Magic numbers of files that turn up in scraped corpora and are not text.
_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b",
    b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!", b"\x7fELF", b"RIFF", b"OggS",
    b"ID3", b"\x00\x00\x01\x00",
)

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)


def decode(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode bytes of an article; returns ``(text, encoding)``."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path, offset=3), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data, "utf-16", path), "utf-16"
    if any(data.startswith(m) for m in _BINARY_MAGIC):
        raise BinaryFileError(path, "not a text file (binary content)")
    if b"\x00" in data[:4096] and data.count(b"\x00") > len(data[:4096]) // 8:
        raise BinaryFileError(path, "not a text file (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        if not _mostly_utf8_arabic(data):
            candidates = [(enc, _try(data, enc)) for enc in ("cp1256", "iso-8859-6")]
            scored = [(_arabic_share(text), -i, enc, text)
                      for i, (enc, text) in enumerate(candidates) if text is not None]
            if scored:
                share, _, encoding, text = max(scored)
                if share >= 0.5:
                    return text, encoding
        raise InputError(
            path,
            f"cannot decode byte 0x{data[utf8_error.start]:02x} at offset "
            f"{utf8_error.start} as UTF-8, and the file is not Windows-1256 "
            f"or ISO-8859-6 Arabic",
        ) from None


def _strict(data: bytes, encoding: str, path: str, offset: int = 0) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise InputError(
            path, f"cannot decode byte at offset {e.start + offset} as {encoding}"
        ) from None


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


_UTF8_ARABIC = re.compile(rb"[\xd8-\xdb][\x80-\xbf]")


def _mostly_utf8_arabic(data: bytes) -> bool:
    """UTF-8 Arabic with a few broken bytes, not a legacy encoding: decoding
    it as Windows-1256 would succeed and print mojibake (ظ‚ط§ظ„)."""
    high = sum(1 for b in data if b >= 0x80)
    return high > 0 and 2 * len(_UTF8_ARABIC.findall(data)) >= 0.5 * high


def _arabic_share(text: str) -> float:
    """Share of letters that are Arabic, with C1 controls counting against:
    what tells a real legacy Arabic file from a wrong guess."""
    letters = [c for c in text if c.isalpha() or "\x80" <= c <= "\x9f"]
    if not letters:
        return 1.0
    return sum(1 for c in letters if "\u0600" <= c <= "\u06ff") / len(letters)


def front_matter_date(text: str, path: str = "<text>") -> str | None:
    """The ``published:`` (or ``date:``) of a leading YAML front-matter block."""
    match = _FRONT_MATTER.match(text)
    if not match or not match.group(1):
        return None
    try:
        meta = yaml.safe_load(match.group(1))
    except (yaml.YAMLError, ValueError) as e:  # ValueError: a timestamp like 2024-13-45
        raise InputError(path, f"front matter is not valid YAML: {e}".splitlines()[0]) from None
    if not isinstance(meta, dict):
        return None
    value = meta.get("published", meta.get("date"))
    return iso_date(value, path) if value is not None else None


def front_matter_end(text: str) -> int:
    """Offset where the article body starts (0 without front matter)."""
    match = _FRONT_MATTER.match(text)
    return match.end() if match else 0


#: A calendar day written in a file name: 20180212, 2018-02-12, 2018_02_12.
_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)([-_.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")


def date_in_name(source: str) -> str | None:
    """The ISO date a file's name carries (archives often name articles by
    day: ``AL-economy-33-20180212.txt``), the last one when several; None
    when the name has no valid date."""
    name = os.path.basename(source)
    for match in reversed(list(_NAME_DATE.finditer(name))):
        try:
            return _dt.date(int(match.group(1)), int(match.group(3)), int(match.group(4))).isoformat()
        except ValueError:
            continue  # 20180231
    return None


def iso_date(value: object, path: str = "<text>") -> str:
    """A ``YYYY-MM-DD`` string from a date, datetime or ISO string."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return _dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise InputError(path, f"published date {text!r} is not an ISO date (YYYY-MM-DD)") from None


def read_bytes(data: bytes, source: str, published: str | None = None) -> Document:
    text, encoding = decode(data, source)
    if published is None:
        published = front_matter_date(text, source)
    return Document(source=source, text=text, published=published, encoding=encoding)


def read_file(path: str | os.PathLike, published: str | None = None) -> Document:
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory") from None
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except OSError as e:
        raise InputError(source, e.strerror or str(e)) from None
    return read_bytes(data, source, published)


def iter_paths(paths: list[str]) -> Iterator[str]:
    """Input files in order: each argument in turn, directories walked
    recursively for ``*.txt`` in sorted order; ``-`` passes through for stdin.
    A missing path is yielded too, so reading it reports the error."""
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        else:
            yield raw


def _walk(root: Path) -> Iterator[str]:
    seen: set[tuple[int, int]] = set()
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=None):
        try:
            st = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in seen:  # a symlink loop
            dirnames[:] = []
            continue
        seen.add(ident)
        dirnames.sort()
        found.extend(path for path in (os.path.join(dirpath, f) for f in filenames if f.endswith(".txt"))
                     if not _is_special(path))
    yield from sorted(found)


def _is_special(path: str) -> bool:
    """A FIFO, socket or device named *.txt inside a folder: reading it would
    block or never end. (Named on the command line it is read: ``<(cmd)``.)"""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False  # dangling or unreadable: reading it reports why
