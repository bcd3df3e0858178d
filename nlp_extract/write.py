"""Writing extractions as YAML (one document per article), JSON or JSON Lines.

Arabic is written as UTF-8, never ``\\u`` escapes. Dates are strings, so a
YAML reader never turns ``'2024-07-12'`` into a date object.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

import yaml

from .pipeline import Extraction

try:
    _Dumper = yaml.CSafeDumper
except AttributeError:  # PyYAML built without libyaml
    _Dumper = yaml.SafeDumper

FORMATS = ("yaml", "json", "jsonl")


def article_dict(extraction: Extraction) -> dict[str, Any]:
    out = _head(extraction)
    out["records"] = [r.to_dict() for r in extraction.records]
    return _encodable(out)


def _head(extraction: Extraction) -> dict[str, Any]:
    """An article's fields before its records: source, reference date and
    where that date comes from."""
    head: dict[str, Any] = {"source": extraction.document.source}
    if extraction.reference_date:
        head["published"] = extraction.reference_date
        if extraction.reference_from:
            head["published_from"] = extraction.reference_from
    return head


_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(value: Any) -> Any:
    """Lone surrogates (text from a bad decoder, a file name that is not
    UTF-8) cannot be written as UTF-8: each becomes U+FFFD, one character for
    one, so offsets still count the same characters."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {k: _encodable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encodable(v) for v in value]
    return value


def dump_yaml(extraction: Extraction) -> str:
    return dump_yaml_dict(article_dict(extraction))


def dump_yaml_dict(article: dict[str, Any]) -> str:
    """``article`` as one YAML document, the bytes ``pyyaml_dump`` writes.

    PyYAML walks an event pipeline per scalar (~10 us each, a fifth of a
    run); our records are block mappings and lists of short one-line
    strings and ints, emitted here directly. Each scalar's form (plain or
    quoted) is PyYAML's own, asked once per distinct string; a string of
    Arabic words and digits, which cannot resolve to another type nor hold an
    indicator, is plain without asking. Anything else (multi-line strings,
    floats, nested lists) falls back to PyYAML for the whole document."""
    try:
        return "---\n" + _block_mapping(article, 0) if article else pyyaml_dump(article)
    except _Unsupported:
        return pyyaml_dump(article)


def pyyaml_dump(value: Any) -> str:
    return yaml.dump(
        value, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
        width=2**31 - 1, explicit_start=True,
    )


class _Unsupported(Exception):
    """A value the direct emitter does not write: PyYAML writes the document."""


#: Plain in any block context: starts with an Arabic letter (no implicit
#: type starts so), then letters, marks, digits and punctuation that is no
#: YAML indicator, with single spaces between words.
_SAFE_CHARS = "\u0621-\u063a\u0640-\u065f\u0660-\u0669\u0670-\u06d3\u060c\u061b\u061f\u066a-\u066dA-Za-z0-9.()/\\-"
_PLAIN_SAFE = re.compile(f"[\u0621-\u064a][{_SAFE_CHARS}]*(?: [{_SAFE_CHARS}]+)*")
_YAML_BREAK = re.compile("[\n\r\x85\u2028\u2029]")
_SCALARS: dict[str, str] = {}
_KEYS: dict[str, str] = {}
_CACHE_SIZE = 20_000
_CACHED_LENGTH = 80


def _scalar(value: Any) -> str:
    kind = type(value)
    if kind is str:
        if _PLAIN_SAFE.fullmatch(value):
            return value
        found = _SCALARS.get(value)
        if found is None:
            found = _pyyaml_scalar(value, key=False)
            if len(value) <= _CACHED_LENGTH:  # long strings (quotations) seldom recur
                if len(_SCALARS) >= _CACHE_SIZE:
                    _SCALARS.clear()
                _SCALARS[value] = found
        return found
    if kind is int:
        return str(value)
    raise _Unsupported


def _key(value: Any) -> str:
    found = _KEYS.get(value) if type(value) is str else None
    if found is None:
        if type(value) is not str:
            raise _Unsupported
        found = _pyyaml_scalar(value, key=True)
        if len(_KEYS) >= _CACHE_SIZE:
            _KEYS.clear()
        _KEYS[value] = found
    return found


def _pyyaml_scalar(value: str, key: bool) -> str:
    """How PyYAML writes ``value`` as a mapping key or value (on one line)."""
    if _YAML_BREAK.search(value):
        raise _Unsupported  # written over several lines, indented by context
    if key:
        if len(value) > 100:  # long keys become "? " complex keys
            raise _Unsupported
        text = yaml.dump({value: 0}, Dumper=_Dumper, allow_unicode=True, width=2**31 - 1)
        suffix = ": 0\n"
        if not text.endswith(suffix) or "\n" in text[:-len(suffix)]:
            raise _Unsupported
        return text[:-len(suffix)]
    text = yaml.dump({"k": value}, Dumper=_Dumper, allow_unicode=True, width=2**31 - 1)
    if not text.startswith("k: ") or text.count("\n") != 1 or not text.endswith("\n"):
        raise _Unsupported
    return text[3:-1]


def _block_mapping(mapping: Any, indent: int) -> str:
    """A non-empty mapping in block style, every key at column ``indent``."""
    pad = " " * indent
    parts = []
    for k, v in mapping.items():
        kind = type(v)
        if kind is dict:
            if v:
                parts.append(f"{pad}{_key(k)}:\n{_block_mapping(v, indent + 2)}")
            else:
                parts.append(f"{pad}{_key(k)}: {{}}\n")
        elif kind is list:
            if v:
                # PyYAML writes a list under a key without indenting its items
                parts.append(f"{pad}{_key(k)}:\n{_block_sequence(v, indent)}")
            else:
                parts.append(f"{pad}{_key(k)}: []\n")
        else:
            parts.append(f"{pad}{_key(k)}: {_scalar(v)}\n")
    return "".join(parts)


def _block_sequence(items: list, indent: int) -> str:
    pad = " " * indent
    parts = []
    for item in items:
        if type(item) is dict and item:
            parts.append(pad + "- " + _block_mapping(item, indent + 2)[indent + 2:])
        elif type(item) in (dict, list):
            raise _Unsupported
        else:
            parts.append(f"{pad}- {_scalar(item)}\n")
    return "".join(parts)


class Writer:
    """Streams extractions to a text stream in one of ``FORMATS``."""

    def __init__(self, stream: IO[str], fmt: str = "yaml"):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.stream = stream
        self.fmt = fmt
        self.count = 0

    def write(self, extraction: Extraction) -> None:
        if not isinstance(extraction.records, tuple):
            self._write_streamed(extraction)
            return
        if self.fmt == "yaml":
            chunk = dump_yaml(extraction)
        elif self.fmt == "json":
            body = json.dumps(article_dict(extraction), ensure_ascii=False)
            chunk = ("[\n" if self.count == 0 else ",\n") + body
        else:
            source = extraction.document.source
            chunk = "".join(
                json.dumps(_encodable({"source": source, **r.to_dict()}), ensure_ascii=False) + "\n"
                for r in extraction.records
            )
        # One write per article: an interrupted run never leaves half a record.
        self.stream.write(chunk)
        self.stream.flush()
        self.count += 1

    def _write_streamed(self, extraction: Extraction) -> None:
        """An article whose records come lazily (a huge file, in segments):
        rendered record by record into a spool file, then copied out whole
        with SIGINT and SIGTERM held back, so memory stays bounded and the
        output never ends in half a document."""
        head = _head(extraction)
        with tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY, mode="w+",
                                           encoding="utf-8", newline="\n") as spool:
            count = 0
            if self.fmt == "yaml":
                opening = dump_yaml_dict(_encodable({**head, "records": []}))
                assert opening.endswith("records: []\n")
                for record in extraction.records:
                    if count == 0:
                        spool.write(opening[:-len(" []\n")] + "\n")
                    item = dump_yaml_dict(_encodable({"records": [record.to_dict()]}))
                    spool.write(item[len("---\nrecords:\n"):])
                    count += 1
                if count == 0:
                    spool.write(opening)
            elif self.fmt == "json":
                opening = json.dumps(_encodable({**head, "records": []}), ensure_ascii=False)
                spool.write(("[\n" if self.count == 0 else ",\n") + opening[:-2])
                for record in extraction.records:
                    spool.write((", " if count else "")
                                + json.dumps(_encodable(record.to_dict()), ensure_ascii=False))
                    count += 1
                spool.write("]}")
            else:
                for record in extraction.records:
                    spool.write(json.dumps(_encodable({"source": head["source"], **record.to_dict()}),
                                           ensure_ascii=False) + "\n")
            spool.seek(0)
            with _signals_held():
                shutil.copyfileobj(spool, self.stream, 1 << 20)
                self.stream.flush()
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.stream.write("[]\n" if self.count == 0 else "\n]\n")
            self.stream.flush()


#: A streamed article's output stays in memory up to this size, then spills to disk.
_SPOOL_IN_MEMORY = 16 << 20


@contextmanager
def _signals_held():
    """SIGINT and SIGTERM wait until the block ends (main thread, POSIX)."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):  # no pthread_sigmask, or not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class AtomicFile:
    """A text file written to a temporary name beside its target and renamed
    over it on success: readers never see a partial file, and a failed or
    interrupted run leaves any previous file untouched."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._tmp: Path | None = None
        self.stream: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        if self.path.exists() and not self.path.is_file():
            # /dev/null, /dev/stdout, a FIFO: written to as they are; renaming
            # over a device would replace it (as root) with a regular file.
            self.stream = open(self.path, "w", encoding="utf-8", newline="\n")
            return self.stream
        self.path = Path(os.path.realpath(self.path))  # a symlink keeps pointing at the output
        directory = self.path.parent
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=directory)
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp's 0600 suits secrets, not results
        self._tmp = Path(tmp)
        self.stream = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        return self.stream

    def __exit__(self, exc_type, exc, tb) -> None:
        assert self.stream is not None
        if self._tmp is None:
            self.stream.close()
            return
        try:
            self.stream.flush()
            if exc_type is None:
                os.fsync(self.stream.fileno())
        finally:
            self.stream.close()
        if exc_type is None:
            os.replace(self._tmp, self.path)
        else:
            self._tmp.unlink(missing_ok=True)


def iter_articles(stream: IO[str]) -> Iterator[dict[str, Any]]:
    """Read back a YAML stream written by ``Writer`` (for tests and tools)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for doc in yaml.load_all(stream, Loader=loader):
        if doc:
            yield doc
