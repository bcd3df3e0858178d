"""Gazetteers: the shipped YAML files, the user's own entries, and spelling variants.

A gazetteer file is a mapping ``{type: person|institution|place, entries: [...]}``;
each entry has an ``id``, a canonical ``name`` and optional ``aliases``,
``kind``, ``country``, ``note``. The user gazetteer (``user_dir()/gazetteer.yaml``)
holds entries of every type, each with its own ``type``; it is written only
through ``add``/``remove``/``import_csv``, atomically and under a lock, so that
parallel writers never lose an entry.

Arabic news spells foreign names many ways (ترامب/ترمب, يون سوك يول/يون
سيوك-يول): ``variants`` generates the common alternations at load time and
``skeleton`` gives the key under which two spellings are one name.
"""
from __future__ import annotations

import csv
import fcntl
import os
import re
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import product
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from .errors import DataFileError, UsageError
from .normalize import key

try:  # the C loader is ten times faster on the generated files
    _Loader: Any = yaml.CSafeLoader
    _Dumper: Any = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader
    _Dumper = yaml.SafeDumper



class _StrictLoader(_Loader):
    """Safe loading that refuses a key repeated in one mapping: YAML would
    silently keep the last value, and a user would never know which
    ``name:`` counted."""

    def construct_mapping(self, node, deep=False):
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r}", key_node.start_mark)
                seen.add(key)
            except TypeError:  # an unhashable key: the base class reports it
                pass
        return super().construct_mapping(node, deep=deep)


ENTITY_TYPES = ("person", "institution", "place")
USER_DIR_ENV = "NLP_EXTRACT_GAZETTEER_DIR"
USER_FILE = "gazetteer.yaml"
_ID_CHARS = re.compile(r"[^\w\u0600-\u06ff]+")


@dataclass(frozen=True)
class Entry:
    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    country: str | None = None
    note: str | None = None
    #: Where the entry comes from: a shipped file's stem ("people") or "user".
    source: str = "user"
    ambiguous: bool = False

    @property
    def evidence_id(self) -> str:
        return f"{self.source}/{self.id}"

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def to_yaml(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type, "name": self.name}
        if self.aliases:
            out["aliases"] = list(self.aliases)
        for attr in ("kind", "country", "note"):
            if getattr(self, attr):
                out[attr] = getattr(self, attr)
        return out


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


# -- locations ----------------------------------------------------------------


def user_dir(override: str | os.PathLike | None = None) -> Path:
    """Where user entries live: ``override``, else $NLP_EXTRACT_GAZETTEER_DIR,
    else $XDG_DATA_HOME/nlp-extract, else ~/.local/share/nlp-extract."""
    if override:
        return Path(override)
    if os.environ.get(USER_DIR_ENV):
        return Path(os.environ[USER_DIR_ENV])
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "nlp-extract"


def user_file(directory: str | os.PathLike | None = None) -> Path:
    return user_dir(directory) / USER_FILE


def models_dir(override: str | os.PathLike | None = None) -> Path:
    if override:
        return Path(override)
    return Path(str(resources.files("nlp_extract.models")))


def shipped_files(models: Path) -> list[Path]:
    return sorted((models / "gazetteers").glob("*.yaml"))


# -- reading ------------------------------------------------------------------


def read_yaml(path: Path) -> Any:
    """``yaml.safe_load`` of a data file; a malformed file is a DataFileError with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(str(path), "file not found") from None
    except UnicodeDecodeError as e:
        raise DataFileError(str(path), f"not UTF-8 (byte {e.start})") from None
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        raise DataFileError(str(path), f"malformed YAML: {e.problem or e}", line) from None
    except yaml.YAMLError as e:
        raise DataFileError(str(path), f"malformed YAML: {e}") from None


def _as_entry(raw: Any, path: Path, source: str, default_type: str | None, index: int) -> Entry:
    where = f"entry {index + 1}"
    if not isinstance(raw, dict):
        raise DataFileError(str(path), f"{where} is not a mapping")
    etype = raw.get("type", default_type)
    if etype not in ENTITY_TYPES:
        raise DataFileError(str(path), f"{where}: type must be one of {', '.join(ENTITY_TYPES)}, not {etype!r}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise DataFileError(str(path), f"{where}: missing name")
    aliases = raw.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list) or not all(isinstance(a, (str, int)) for a in aliases):
        raise DataFileError(str(path), f"{where} ({name}): aliases must be a list of strings")
    entry_id = raw.get("id") or make_id(name)
    return Entry(
        id=str(entry_id),
        type=etype,
        name=name.strip(),
        aliases=tuple(str(a).strip() for a in aliases if str(a).strip()),
        kind=raw.get("kind"),
        country=raw.get("country"),
        note=raw.get("note"),
        source=source,
        ambiguous=bool(raw.get("ambiguous", False)),
    )


def load_file(path: Path, source: str | None = None) -> list[Entry]:
    data = read_yaml(path)
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("entries", []), list):
        raise DataFileError(str(path), "expected a mapping with an `entries` list")
    source = source or path.stem
    default_type = data.get("type")
    return [_as_entry(raw, path, source, default_type, i) for i, raw in enumerate(data.get("entries") or [])]


def load_user(directory: str | os.PathLike | None = None) -> list[Entry]:
    path = user_file(directory)
    if not path.exists():
        return []
    return load_file(path, source="user")


def load_all(models: Path | None = None, user: Path | None = None) -> list[Entry]:
    models = models_dir(models)
    entries: list[Entry] = []
    for path in shipped_files(models):
        entries.extend(load_file(path))
    entries.extend(load_user(user))
    return entries


def make_id(name: str) -> str:
    return _ID_CHARS.sub("-", key(name)).strip("-") or "entry"


# -- spelling variants ----------------------------------------------------------

_JOINABLE = {"لو", "لا", "دي", "دو", "دا", "فان", "فون", "ماك", "بن", "أبو", "ابو", "عبد", "ال", "سان"}


def name_tokens(name: str) -> list[str]:
    """The matching keys of a name's words: folded, hyphens and dots as spaces."""
    return list(_name_tokens(name))


#: Names asked of again and again while matching (every gazetteer hit, every
#: person found), whose keys cost a ``normalize.key`` each.
_NAMES_KEPT = 20_000


@lru_cache(maxsize=_NAMES_KEPT)
def _name_tokens(name: str) -> tuple[str, ...]:
    k = key(name).replace("-", " ").replace("\u2010", " ").replace(".", " ")
    return tuple(t.lower() for t in k.split())


def _token_variants(tok: str) -> set[str]:
    """One transliteration alternation at a time: يو/و, final وا/و, medial alef, غ/ج/ق."""
    out = {tok}
    if len(tok) < 3 or not ("\u0621" <= tok[0] <= "\u064a"):
        return out
    if "يو" in tok[1:]:
        out.add(tok[0] + tok[1:].replace("يو", "و", 1))
    if tok[1] == "و" and tok[0] not in "اوي":
        out.add(tok[0] + "ي" + tok[1:])
    if tok.endswith("وا"):
        out.add(tok[:-1])
    elif tok.endswith("و") and len(tok) > 4:
        out.add(tok + "ا")
    if len(tok) >= 5:
        for i in range(1, len(tok) - 1):
            if tok[i] == "ا":
                out.add(tok[:i] + tok[i + 1 :])
    for a, b in (("غ", "ج"), ("ج", "غ"), ("غ", "ق")):
        if a in tok:
            out.add(tok.replace(a, b))
    return out


def variants(name: str, etype: str = "person", limit: int = 48) -> set[tuple[str, ...]]:
    """Token-key sequences under which ``name`` is matched."""
    toks = name_tokens(name)
    if not toks:
        return set()
    out: set[tuple[str, ...]] = {tuple(toks)}
    # "لو دريان" / "لودريان", "أبو ظبي" / "أبوظبي"
    for i in range(len(toks) - 1):
        if toks[i] in _JOINABLE or len(toks[i]) <= 2:
            out.add(tuple(toks[:i] + [toks[i] + toks[i + 1]] + toks[i + 2 :]))
    if etype != "person" or len(toks) == 1 and len(toks[0]) < 5:
        pass
    else:
        per_token = [sorted(_token_variants(t)) for t in toks]
        for combo in product(*per_token):
            out.add(combo)
            if len(out) >= limit:
                break
    if etype in ("institution", "place"):
        for seq in list(out):
            first = seq[0]
            if first.startswith("ال") and len(first) > 4 and len(seq) == 1:
                out.add((first[2:],) + seq[1:])
    return out


@lru_cache(maxsize=_NAMES_KEPT)
def skeleton(name: str) -> str:
    """A spelling-blind key of a foreign name: consonants only after each word's
    first letter, doubles collapsed, words joined (يون سيوك-يول = يون سوك يول)."""
    parts = []
    for tok in name_tokens(name):
        body = "".join(c for c in tok[1:] if c not in "اويء")
        s = tok[0] + body
        collapsed = []
        for c in s:
            if not collapsed or collapsed[-1] != c:
                collapsed.append(c)
        parts.append("".join(collapsed))
    return "".join(parts)


# -- checking -------------------------------------------------------------------


def _line_of(path: Path, needle: str, last: bool = False) -> int | None:
    found = None
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                found = n
                if not last:
                    break
    except OSError:
        return None
    return found


def check(models: Path | None = None, user: Path | None = None) -> list[Problem]:
    """Every problem of every gazetteer file: malformed YAML (file and line),
    duplicate ids, one alias claimed by entries of different types."""
    problems: list[Problem] = []
    files = [(p, None) for p in shipped_files(models_dir(models))]
    uf = user_file(user)
    if uf.exists():
        files.append((uf, "user"))
    entries: list[tuple[Entry, Path]] = []
    for path, source in files:
        try:
            entries.extend((e, path) for e in load_file(path, source))
        except DataFileError as e:
            problems.append(Problem(e.path, e.reason, e.line))
    seen_ids: dict[tuple[str, str], Path] = {}
    alias_owner: dict[str, tuple[Entry, Path]] = {}
    for entry, path in entries:
        ident = (entry.source, entry.id)
        if ident in seen_ids:
            problems.append(Problem(str(path), f"duplicate id {entry.id!r}", _line_of(path, f"id: {entry.id}", last=True)))
        seen_ids[ident] = path
        for alias in entry.names():
            k = " ".join(name_tokens(alias))
            other = alias_owner.get(k)
            if other and other[0].type != entry.type:
                problems.append(
                    Problem(
                        str(path),
                        f"{alias!r} is a {entry.type} ({entry.evidence_id}) and a "
                        f"{other[0].type} ({other[0].evidence_id} in {other[1].name})",
                        _line_of(path, alias),
                    )
                )
            else:
                alias_owner.setdefault(k, (entry, path))
    return problems


# -- writing the user gazetteer ------------------------------------------------------


class _Locked:
    """An exclusive lock on the user gazetteer, held while it is read and replaced."""

    def __init__(self, path: Path):
        self.path = path
        self.lock_path = path.with_name(path.name + ".lock")

    def __enter__(self) -> "_Locked":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)


def _write_atomic(path: Path, entries: list[Entry]) -> None:
    payload = {"entries": [e.to_yaml() for e in entries]}
    text = (
        "# nlp-extract user gazetteer: written by `extract gazetteer add/remove/import`.\n"
        + yaml.dump(payload, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    )
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".yaml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _new_entry(etype: str, name: str, aliases: Iterable[str], kind: str | None, country: str | None,
               note: str | None, entry_id: str | None) -> Entry:
    if etype not in ENTITY_TYPES:
        raise UsageError(f"unknown entity type {etype!r} (choose from {', '.join(ENTITY_TYPES)})")
    if not name or not name.strip():
        raise UsageError("an entry needs a name")
    return Entry(
        id=entry_id or make_id(name),
        type=etype,
        name=name.strip(),
        aliases=tuple(dict.fromkeys(a.strip() for a in aliases if a and a.strip())),
        kind=kind,
        country=country,
        note=note,
    )


def add(etype: str, name: str, aliases: Iterable[str] = (), kind: str | None = None,
        country: str | None = None, note: str | None = None, entry_id: str | None = None,
        directory: str | os.PathLike | None = None) -> Entry:
    """Add (or replace, by id) one user entry; returns it."""
    entry = _new_entry(etype, name, aliases, kind, country, note, entry_id)
    return add_many([entry], directory)[0]


def add_many(new: list[Entry], directory: str | os.PathLike | None = None) -> list[Entry]:
    path = user_file(directory)
    with _Locked(path):
        entries = load_user(directory)
        by_id = {e.id: i for i, e in enumerate(entries)}
        for entry in new:
            if entry.id in by_id:
                entries[by_id[entry.id]] = entry
            else:
                by_id[entry.id] = len(entries)
                entries.append(entry)
        _write_atomic(path, entries)
    return new


def remove(ident: str, directory: str | os.PathLike | None = None) -> Entry:
    """Remove the user entry with this id (or exactly this name)."""
    path = user_file(directory)
    with _Locked(path):
        entries = load_user(directory)
        hits = [e for e in entries if e.id == ident] or [e for e in entries if key(e.name) == key(ident)]
        if not hits:
            raise UsageError(f"no user gazetteer entry {ident!r} in {path}")
        gone = hits[0]
        _write_atomic(path, [e for e in entries if e is not gone])
    return gone


def list_entries(etype: str | None = None, include_shipped: bool = False,
                 directory: str | os.PathLike | None = None, models: Path | None = None) -> Iterator[Entry]:
    entries = load_all(models, directory) if include_shipped else load_user(directory)
    for e in entries:
        if etype is None or e.type == etype:
            yield e


def import_csv(csv_path: str | os.PathLike, directory: str | os.PathLike | None = None) -> list[Entry]:
    """Add the rows of a CSV file with a header: ``type,name`` and optionally
    ``aliases`` (separated by ``|``), ``kind``, ``country``, ``id``, ``note``."""
    path = Path(csv_path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise DataFileError(str(path), f"cannot read CSV: {e}") from None
    new = []
    for n, row in enumerate(rows, 2):
        if not row.get("type") or not row.get("name"):
            raise DataFileError(str(path), "each row needs `type` and `name`", n)
        try:
            new.append(
                _new_entry(
                    row["type"].strip(), row["name"], (row.get("aliases") or "").split("|"),
                    (row.get("kind") or "").strip() or None, (row.get("country") or "").strip() or None,
                    (row.get("note") or "").strip() or None, (row.get("id") or "").strip() or None,
                )
            )
        except UsageError as e:
            raise DataFileError(str(path), str(e), n) from None
    return add_many(new, directory)
