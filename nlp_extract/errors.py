"""Typed errors. The library raises them and never prints; the CLI turns each
into one ``Error: ...`` line that names the file and the problem."""
from __future__ import annotations


class ExtractError(Exception):
    """Base of every error nlp-extract raises on purpose."""


class InputError(ExtractError):
    """An input file cannot be read or decoded."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class BinaryFileError(InputError):
    """The file is not text (an image, a PDF, an archive)."""


class DataFileError(ExtractError):
    """A gazetteer or lexicon file is malformed."""

    def __init__(self, path: str, reason: str, line: int | None = None):
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")
        self.path = str(path)
        self.reason = reason
        self.line = line


class ModelMissingError(ExtractError):
    """The morphology database is neither installed nor buildable."""


class UsageError(ExtractError):
    """A library call got arguments it cannot use (bad date, unknown type)."""


class WorkerDiedError(ExtractError):
    """A worker process of a parallel run died (killed, out of memory)."""
