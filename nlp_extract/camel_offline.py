"""Make camel-tools importable offline and quick to import.

Two problems, two remedies, neither of which changes a camel-tools API:

1. ``camel_tools.data`` loads ``catalogue.json`` from ``CAMELTOOLS_DATA``
   (default ``~/.camel_tools``) at import time and downloads it when it is
   missing, so ``import camel_tools.morphology.database`` fails without a
   network. When the user has no catalogue, ``ensure_offline`` points
   ``CAMELTOOLS_DATA`` at a directory of nlp-extract's own whose
   ``catalogue.json`` registers the BAMA database (and an official
   ``calima-msa-r13`` if its files are present). A user's real catalogue is
   never hidden: when one exists, nothing is changed.

2. ``camel_tools.utils.charsets`` classifies all 1.1 million code points at
   import (~0.3 s). ``install_charsets_cache`` adds an import hook for that one
   module: the first import runs the real module and stores its character
   sets; later imports fill the module from the stored sets. The store is
   keyed by the module's source file, the Unicode database version and the
   ``emoji`` package's data files, so any upgrade falls back to running the
   real module. The module keeps its name, ``__file__`` and spec, and every
   public attribute holds an equal value.

Neither prints nor touches the network.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import json
import marshal
import os
import sys
import unicodedata
from pathlib import Path

from .errors import ModelMissingError

CHARSETS_MODULE = "camel_tools.utils.charsets"
OFFICIAL_DB = "calima-msa-r13"
BAMA_DB = "nlp-extract-bama"

#: ``CAMELTOOLS_DATA`` as the user set it, before ``ensure_offline`` may
#: point it elsewhere.
_USER_CAMELTOOLS_DATA = os.environ.get("CAMELTOOLS_DATA")
_offline_done = False


def cache_dir() -> Path:
    """nlp-extract's per-user cache (``NLP_EXTRACT_CACHE`` overrides it)."""
    explicit = os.environ.get("NLP_EXTRACT_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "nlp-extract"


def user_camel_data_dir() -> Path:
    """Where camel-tools keeps the user's data (``camel_data`` installs there)."""
    if _USER_CAMELTOOLS_DATA:
        return Path(_USER_CAMELTOOLS_DATA).expanduser().absolute()
    if sys.platform == "win32":
        return Path.home() / "AppData/Roaming/camel_tools"
    return Path.home() / ".camel_tools"


def official_db_path(name: str = OFFICIAL_DB) -> Path | None:
    """The official database installed by ``camel_data``, if it is there."""
    path = user_camel_data_dir() / "data" / "morphology_db" / name / "morphology.db"
    return path if path.is_file() else None


def ensure_offline(bama_dirs: tuple[Path, ...] = ()) -> None:
    """Make ``import camel_tools.data`` succeed without a network.

    ``bama_dirs`` are the directories a BAMA database may live in; the first
    is registered in the project catalogue."""
    global _offline_done
    if _offline_done or "camel_tools.data" in sys.modules:
        _offline_done = True
        return
    if (user_camel_data_dir() / "catalogue.json").is_file():
        _offline_done = True
        return
    datasets = {}
    default = BAMA_DB
    if bama_dirs:
        datasets[BAMA_DB] = {"path": str(Path(bama_dirs[0]).absolute())}
    official = official_db_path()
    if official is not None:
        datasets[OFFICIAL_DB] = {"path": str(official.parent)}
        default = OFFICIAL_DB
    catalogue = {
        "version": "nlp-extract-1",
        "packages": {},
        "components": {"MorphologyDB": {"default": default, "datasets": datasets}},
    }
    data_dir = _write_catalogue(json.dumps(catalogue, indent=1, sort_keys=True))
    os.environ["CAMELTOOLS_DATA"] = str(data_dir)
    _offline_done = True


def _write_catalogue(content: str) -> Path:
    candidates = [cache_dir() / "camel_data"]
    candidates.append(Path(os.environ.get("TMPDIR", "/tmp")) / f"nlp-extract-{os.getuid() if hasattr(os, 'getuid') else 'user'}" / "camel_data")
    errors = []
    for data_dir in candidates:
        path = data_dir / "catalogue.json"
        try:
            if path.is_file() and path.read_bytes() == content.encode("utf-8"):
                return data_dir
            data_dir.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"catalogue.json.{os.getpid()}.tmp")
            tmp.write_text(content, encoding="utf-8")
            os.replace(tmp, path)
            return data_dir
        except OSError as error:
            errors.append(f"{data_dir}: {error.strerror or error}")
    raise ModelMissingError(
        "cannot write a camel-tools catalogue for offline use (" + "; ".join(errors) + ")"
    )


# --- the charsets import hook ---------------------------------------------


def _charsets_cache_path() -> Path:
    return cache_dir() / f"camel-charsets-py{sys.version_info[0]}{sys.version_info[1]}.marshal"


def _emoji_signature() -> tuple:
    spec = importlib.util.find_spec("emoji")
    if spec is None or spec.origin is None:
        return ()
    codes = Path(spec.origin).parent / "unicode_codes"
    try:
        return tuple(
            sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in codes.iterdir() if p.is_file())
        )
    except OSError:
        return ()


#: Bumped when what the store holds changes.
_CHARSETS_FORMAT = 2


def _charsets_key(origin: str) -> tuple:
    st = os.stat(origin)
    return (_CHARSETS_FORMAT, origin, st.st_size, st.st_mtime_ns, unicodedata.unidata_version, _emoji_signature())


def _storable(name: str, value: object) -> bool:
    if name.startswith("__"):
        return name in ("__all__", "__doc__")
    return type(value) in (frozenset, str, int) or (
        type(value) in (list, tuple) and all(type(v) is str for v in value)
    )


#: Sets larger than this are unmarshalled on first access: camel-tools itself
#: uses only the small ones (punctuation and symbols, emoji, Arabic letters).
_LAZY_SIZE = 20000


def _module_getattr(lazy_blob: bytes):
    lazy: dict = {}

    def __getattr__(name: str):
        if name == "EMOJI_DATA":
            from emoji import EMOJI_DATA

            return EMOJI_DATA
        if not lazy:
            lazy.update(marshal.loads(lazy_blob))
        if name in lazy:
            return lazy[name]
        raise AttributeError(f"module {CHARSETS_MODULE!r} has no attribute {name!r}")

    return __getattr__


class _CharsetsLoader(importlib.abc.Loader):
    def __init__(self, wrapped: importlib.abc.Loader, origin: str):
        self._wrapped = wrapped
        self._origin = origin

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        key = _charsets_key(self._origin)
        cache = _charsets_cache_path()
        try:
            stored_key, eager, lazy_blob = marshal.loads(cache.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            stored_key, eager, lazy_blob = None, None, None
        if stored_key == key and isinstance(eager, dict) and isinstance(lazy_blob, bytes):
            module.__dict__.update(eager)
            module.unicodedata = unicodedata
            # The emoji dict and the large letter sets come on first access.
            module.__getattr__ = _module_getattr(lazy_blob)
            return
        self._wrapped.exec_module(module)
        values = {k: v for k, v in vars(module).items() if _storable(k, v)}
        eager = {k: v for k, v in values.items() if not (type(v) is frozenset and len(v) > _LAZY_SIZE)}
        lazy = {k: v for k, v in values.items() if k not in eager}
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps((key, eager, marshal.dumps(lazy))))
            os.replace(tmp, cache)
        except OSError:
            pass  # an unwritable cache only costs speed


class _CharsetsFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname != CHARSETS_MODULE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.origin is None or spec.loader is None:
            return None
        spec.loader = _CharsetsLoader(spec.loader, spec.origin)
        return spec


def install_charsets_cache() -> None:
    """Install the import hook (idempotent; no effect once the module is loaded)."""
    if CHARSETS_MODULE in sys.modules:
        return
    if not any(isinstance(f, _CharsetsFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _CharsetsFinder())
