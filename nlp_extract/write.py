"""Writing extractions as YAML (one document per article), JSON or JSON Lines.

Arabic is written as UTF-8, never ``\\u`` escapes. Dates are strings, so a
YAML reader never turns ``'2024-07-12'`` into a date object.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
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
    out: dict[str, Any] = {"source": extraction.document.source}
    if extraction.reference_date:
        out["published"] = extraction.reference_date
    out["records"] = [r.to_dict() for r in extraction.records]
    return _encodable(out)


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
    return yaml.dump(
        article_dict(extraction), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
        width=2**31 - 1, explicit_start=True,
    )


class Writer:
    """Streams extractions to a text stream in one of ``FORMATS``."""

    def __init__(self, stream: IO[str], fmt: str = "yaml"):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.stream = stream
        self.fmt = fmt
        self.count = 0

    def write(self, extraction: Extraction) -> None:
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

    def close(self) -> None:
        if self.fmt == "json":
            self.stream.write("[]\n" if self.count == 0 else "\n]\n")
            self.stream.flush()


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
