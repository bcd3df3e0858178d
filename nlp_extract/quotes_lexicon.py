"""The data the quote matcher reads: reporting cues and the words around them.

Everything linguistic is in ``models/lexicons/reporting_verbs.yaml``,
``quote_markers.yaml`` and ``quote_speakers.yaml``; this module only loads,
checks and indexes it (folded keys, so spelling variants of hamza, alef and
ta marbuta match without entries of their own).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

import yaml

from .errors import DataFileError
from .model import Analysis, Token
from .normalize import key

try:  # the C loader is several times faster; both are safe loaders
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Agreement of a subject: gender (m/f) and number (s/d/p).
AGREEMENTS = ("ms", "fs", "md", "fd", "mp", "fp")
VERB_SLOTS = ("ms", "fs", "md", "fd", "mp")
PARTICIPLE_SLOTS = ("ms", "fs", "mp")
ATTRIBUTION_SOURCES = ("next", "lam", "cue")
#: The imperfective prefixes: a verb form found only through its lemma is a
#: cue in the perfective alone ("يذكر أن" is passive "it is mentioned").
_IMPERFECTIVE = frozenset({"ي", "ت", "ن", "أ", "ا"})
#: Letters ``_noun_of`` strips before a verbal noun (two at most).
_NOUN_PREFIXES = ("و", "ف", "ب", "ل", "ك")
#: The pronouns a verbal noun may end in, with the agreement of its owner,
#: longest first ("بقولهما" before "بقوله").
_OWNER_AGREEMENT = (("هما", "md"), ("هم", "mp"), ("ها", "fs"), ("ه", "ms"))
_LEX_INDEX = re.compile(r"_\d+$")

#: Words whose ``is_title``, ``head_of`` and ``is_clause_initial`` are remembered, per question.
ANSWERS = 100_000

VERBS_FILE = "reporting_verbs.yaml"
MARKERS_FILE = "quote_markers.yaml"
SPEAKERS_FILE = "quote_speakers.yaml"


@dataclass(frozen=True)
class CueForm:
    """One listed form of a reporting cue."""

    lemma: str
    #: Agreement of the subject the form shows ("ms", "fd", ...).
    agr: str
    #: ``past``, ``present``, ``participle`` (or ``noun`` for a match).
    form: str
    #: Phrases (folded words) after which the real speaker is named.
    speaker_via: tuple[tuple[str, ...], ...] | None = None
    needs: str | None = None


@dataclass(frozen=True)
class CueMatch:
    """A token recognized as a cue, and how."""

    lemma: str
    agr: str
    form: str
    speaker_via: tuple[tuple[str, ...], ...] | None
    by_lemma: bool
    #: A word that must follow the cue closely ("عبر" needs "عن").
    needs: str | None = None


@dataclass(frozen=True)
class Attribution:
    id: str
    words: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class SpeakerHead:
    agr: str
    group: bool = False


@lru_cache(maxsize=65536)
def lemma_key(lex: str) -> str:
    """The folded key of an analyzer lemma ("قالَ_1" -> "قال"); cached: it is
    asked for every verbal analysis of every token."""
    return key(_LEX_INDEX.sub("", lex))


def _load_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_Loader)
    except FileNotFoundError as exc:
        raise DataFileError(str(path), "file not found") from exc
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise DataFileError(str(path), f"invalid YAML: {exc}", line + 1 if line is not None else None) from exc


def _words(data: Mapping[str, Any], name: str, path: Path) -> frozenset[str]:
    value = data.get(name)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(str(path), f"'{name}' must be a list of words")
    return frozenset(key(v) for v in value)


def _phrases(value: Any) -> bool:
    """Is ``value`` a phrase or a non-empty list of phrases?"""
    items = [value] if isinstance(value, str) else value
    return isinstance(items, list) and bool(items) and all(isinstance(p, str) and p.strip() for p in items)


#: The word lists of quote_markers.yaml, each a field of ``QuoteLexicon``.
_MARKER_WORD_LISTS = ("not_cues", "complementizers", "linking_prepositions", "clause_blockers", "speech_events",
                      "addressees", "addressee_kinds", "subject_stops", "skipped_after_cue", "clause_openers",
                      "term_heads", "media_heads", "statement_nouns", "issued_by", "circumstance_prepositions")


@dataclass(frozen=True)
class QuoteLexicon:
    forms: Mapping[str, CueForm]
    #: Folded verbal noun -> lemma ("اعلان" -> "أعلن").
    nouns: Mapping[str, str]
    #: Folded verbal noun -> lemma, of the nouns that report after "ب" with
    #: their owner's pronoun ("بقوله:").
    owned_nouns: Mapping[str, str]
    #: Folded lemma -> (lemma as written, speaker_via, needs).
    lemmas: Mapping[str, tuple[str, tuple[tuple[str, ...], ...] | None, str | None]]
    #: Folded forms that are cues only where a clause opens ("بين").
    clause_initial: frozenset[str]
    #: Folded forms that, followed at once by their clause, are an impersonal
    #: passive ("يتوقع أن يصل" = it is expected to arrive).
    impersonal: frozenset[str]
    #: Lemma -> the folded words right after which it introduces the words of
    #: a statement rather than its own subject's ("بيان جاء فيه:").
    content_of: Mapping[str, frozenset[str]]
    proclitics: tuple[str, ...]
    enclitics: tuple[str, ...]
    not_cues: frozenset[str]
    complementizers: frozenset[str]
    linking_prepositions: frozenset[str]
    clause_blockers: frozenset[str]
    speech_events: frozenset[str]
    addressees: frozenset[str]
    #: Institution kinds ("media") that, after "لـ", are spoken to, not part of
    #: the speaker's title ("لرويترز" but "الأمين العام للأمم المتحدة").
    addressee_kinds: frozenset[str]
    subject_stops: frozenset[str]
    skipped_after_cue: frozenset[str]
    clause_openers: frozenset[str]
    term_heads: frozenset[str]
    media_heads: frozenset[str]
    attributions: tuple[Attribution, ...]
    speaker_heads: Mapping[str, SpeakerHead]
    titles: frozenset[str]
    modifiers: frozenset[str]
    #: Demonstrative subject -> the agreement it points back with.
    demonstratives: Mapping[str, str]
    person_heads: frozenset[str]
    #: Titles of a trade (``الصحفي``), bare: never the antecedent of an official.
    professions: frozenset[str]
    statement_nouns: frozenset[str]
    #: Participles between a statement noun and who issued it ("صادر عن").
    issued_by: frozenset[str]
    #: Prepositions of where and when the words were said, which may stand
    #: between a cue and its quotation ("في خطاب في إسطنبول في ساعة متأخرة").
    circumstance_prepositions: frozenset[str]
    long_quote_words: int
    #: Answers already given (``is_title``, ``head_of``, ``is_clause_initial``)
    #: and the matcher's memos, filled as articles are read: no part of the
    #: lexicon's value.
    memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    # -- loading ---------------------------------------------------------------

    @classmethod
    def load(cls, models_dir: Path | None = None) -> "QuoteLexicon":
        """Read the three lexicons from ``models_dir`` (default: the installed
        ``nlp_extract.models/lexicons``)."""
        if models_dir is None:
            base = Path(str(resources.files("nlp_extract.models") / "lexicons"))
        else:
            base = Path(models_dir)
        forms, lemmas, proclitics, enclitics, nouns, owned_nouns, clause_initial, impersonal, content_of = (
            cls._read_verbs(base / VERBS_FILE))
        markers_path = base / MARKERS_FILE
        markers = _load_yaml(markers_path)
        if not isinstance(markers, dict):
            raise DataFileError(str(markers_path), "expected a mapping")
        speakers_path = base / SPEAKERS_FILE
        speakers = _load_yaml(speakers_path)
        if not isinstance(speakers, dict):
            raise DataFileError(str(speakers_path), "expected a mapping")
        return cls(
            forms=forms,
            nouns=nouns,
            owned_nouns=owned_nouns,
            lemmas=lemmas,
            clause_initial=clause_initial,
            impersonal=impersonal,
            content_of=content_of,
            proclitics=proclitics,
            enclitics=enclitics,
            **{name: _words(markers, name, markers_path) for name in _MARKER_WORD_LISTS},
            attributions=cls._read_attributions(markers.get("attributions"), markers_path),
            speaker_heads=cls._read_heads(speakers.get("heads"), speakers_path),
            titles=_words(speakers, "titles", speakers_path),
            modifiers=frozenset(w[2:] if w.startswith("ال") else w for w in _words(speakers, "modifiers", speakers_path)),
            demonstratives=cls._read_demonstratives(markers.get("demonstratives"), markers_path),
            person_heads=_words(speakers, "person_heads", speakers_path),
            professions=_words(speakers, "professions", speakers_path),
            long_quote_words=cls._read_count(markers.get("long_quote_words"), "long_quote_words", markers_path),
        )

    @staticmethod
    def _read_demonstratives(value: Any, path: Path) -> dict[str, str]:
        if not isinstance(value, dict) or not all(v in AGREEMENTS for v in value.values()):
            raise DataFileError(str(path), f"'demonstratives' must map words to one of {', '.join(AGREEMENTS)}")
        return {key(str(word)): agr for word, agr in value.items()}

    @staticmethod
    def _read_count(value: Any, name: str, path: Path) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise DataFileError(str(path), f"'{name}' must be a positive whole number")
        return value

    @staticmethod
    def _read_verbs(path: Path) -> tuple[dict[str, CueForm], dict[str, tuple[str, tuple[tuple[str, ...], ...] | None, str | None]],
                                         tuple[str, ...], tuple[str, ...], dict[str, str], dict[str, str],
                                         frozenset[str], frozenset[str], dict[str, frozenset[str]]]:
        data = _load_yaml(path)
        if not isinstance(data, dict) or not isinstance(data.get("cues"), list):
            raise DataFileError(str(path), "expected a mapping with a 'cues' list")
        proclitics = tuple(sorted((key(p) for p in data.get("proclitics") or []), key=len, reverse=True))
        enclitics = tuple(sorted((key(p) for p in data.get("enclitics") or []), key=len, reverse=True))
        forms: dict[str, CueForm] = {}
        lemmas: dict[str, tuple[str, tuple[tuple[str, ...], ...] | None, str | None]] = {}
        nouns: dict[str, str] = {}
        owned_nouns: dict[str, str] = {}
        clause_initial: set[str] = set()
        impersonal: set[str] = set()
        content_of: dict[str, frozenset[str]] = {}
        for number, entry in enumerate(data["cues"], 1):
            if not isinstance(entry, dict) or not isinstance(entry.get("lemma"), str):
                raise DataFileError(str(path), f"cue #{number}: needs a 'lemma'")
            lemma = entry["lemma"]
            via = entry.get("speaker_via")
            if via is not None and not _phrases(via):
                raise DataFileError(str(path), f"cue {lemma}: 'speaker_via' must be a phrase or a list of phrases")
            via_key = tuple(tuple(key(p).split()) for p in ([via] if isinstance(via, str) else via)) if via else None
            needs = entry.get("needs")
            if needs is not None and (not isinstance(needs, str) or not needs.strip()):
                raise DataFileError(str(path), f"cue {lemma}: 'needs' must be a word")
            needs_key = key(needs) if needs else None
            lemmas[key(lemma)] = (lemma, via_key, needs_key)
            written_nouns = entry.get("nouns") or []
            if not isinstance(written_nouns, list) or not all(isinstance(n, str) and n.strip() for n in written_nouns):
                raise DataFileError(str(path), f"cue {lemma}: 'nouns' must be a list of words")
            for noun in written_nouns:
                nouns[key(noun)] = lemma
            owned = entry.get("owned_nouns") or []
            if not isinstance(owned, list) or not all(isinstance(n, str) and n.strip() for n in owned):
                raise DataFileError(str(path), f"cue {lemma}: 'owned_nouns' must be a list of words")
            for noun in owned:
                owned_nouns[key(noun)] = lemma
            initial = entry.get("clause_initial") or []
            own_forms = {f for kind in ("past", "present", "participle") for f in entry.get(kind) or [] if f}
            if not isinstance(initial, list) or not all(isinstance(f, str) and f in own_forms for f in initial):
                raise DataFileError(str(path), f"cue {lemma}: 'clause_initial' must list forms of the cue")
            clause_initial.update(key(f) for f in initial)
            passive = entry.get("impersonal") or []
            if not isinstance(passive, list) or not all(isinstance(f, str) and f in own_forms for f in passive):
                raise DataFileError(str(path), f"cue {lemma}: 'impersonal' must list forms of the cue")
            impersonal.update(key(f) for f in passive)
            content = entry.get("content_of")
            if content is not None:
                if not isinstance(content, list) or not content or not all(isinstance(w, str) and w.strip() for w in content):
                    raise DataFileError(str(path), f"cue {lemma}: 'content_of' must be a list of words")
                content_of[lemma] = frozenset(key(w) for w in content)
            for kind, slots in (("past", VERB_SLOTS), ("present", VERB_SLOTS), ("participle", PARTICIPLE_SLOTS)):
                written = entry.get(kind)
                if not isinstance(written, list) or len(written) != len(slots):
                    raise DataFileError(str(path), f"cue {lemma}: '{kind}' needs {len(slots)} slots ({', '.join(slots)})")
                for agr, form in zip(slots, written):
                    if form is None:
                        continue
                    if not isinstance(form, str) or not form.strip():
                        raise DataFileError(str(path), f"cue {lemma}: bad {kind} form {form!r}")
                    form_key = key(form)
                    if form_key in forms and forms[form_key].lemma != lemma:
                        raise DataFileError(str(path), f"form {form} listed under {forms[form_key].lemma} and {lemma}")
                    forms[form_key] = CueForm(lemma, agr, kind, via_key, needs_key)
        return (forms, lemmas, proclitics, enclitics, nouns, owned_nouns, frozenset(clause_initial),
                frozenset(impersonal), content_of)

    @staticmethod
    def _read_attributions(value: Any, path: Path) -> tuple[Attribution, ...]:
        if not isinstance(value, list):
            raise DataFileError(str(path), "'attributions' must be a list")
        out = []
        for entry in value:
            if (
                not isinstance(entry, dict)
                or not isinstance(entry.get("words"), list)
                or not entry["words"]
                or entry.get("source") not in ATTRIBUTION_SOURCES
            ):
                raise DataFileError(str(path), f"bad attribution {entry!r} (words + source: {'|'.join(ATTRIBUTION_SOURCES)})")
            out.append(Attribution(str(entry.get("id", "according-to")), tuple(key(w) for w in entry["words"]), entry["source"]))
        # longest first, so "بحسب ما" wins over "بحسب"
        return tuple(sorted(out, key=lambda a: -len(a.words)))

    @staticmethod
    def _read_heads(value: Any, path: Path) -> dict[str, SpeakerHead]:
        if not isinstance(value, dict):
            raise DataFileError(str(path), "'heads' must be a mapping of noun -> agreement")
        heads: dict[str, SpeakerHead] = {}
        for noun, spec in value.items():
            if isinstance(spec, str):
                agr, group = spec, False
            elif isinstance(spec, dict):
                agr, group = spec.get("agr"), bool(spec.get("group", False))
            else:
                agr, group = None, False
            if agr not in AGREEMENTS:
                raise DataFileError(str(path), f"speaker head {noun}: agreement must be one of {', '.join(AGREEMENTS)}")
            heads[key(str(noun))] = SpeakerHead(agr, group)
        return heads

    # -- lookups ---------------------------------------------------------------

    def strip_proclitic(self, token_key: str, table: Mapping[str, Any] | frozenset[str]) -> str | None:
        """``token_key`` or its remainder after و/ف when that is in ``table``."""
        if token_key in table:
            return token_key
        for clitic in self.proclitics:
            if token_key.startswith(clitic) and token_key[len(clitic):] in table:
                return token_key[len(clitic):]
        return None

    def cue_of(self, token: Token) -> CueMatch | None:
        """The cue ``token`` is, by listed form first, else by the lemma of a
        verbal analysis (perfective forms only)."""
        if self.strip_proclitic(token.key, self.not_cues) is not None:
            return None
        owned = self._owned_noun(token.key)
        if owned is not None:
            return owned
        noun = self._noun_of(token.key)
        if noun is not None:
            # a verbal noun shows its subject's number, not its gender
            return CueMatch(noun, "s", "noun", None, False)
        found = self.strip_proclitic(token.key, self.forms)
        analysis = self.cue_analysis(token.analyses)
        # no verb form ends in ta marbuta: "تابعة" is the adjective, "إضافة"
        # and "إشارة" the nouns (folded like "أضافه", "أشاره"), whatever
        # verbal reading the analyzer also offers
        ta_marbuta = token.text.rstrip("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652").endswith("ة")
        if found is None and analysis is not None and not ta_marbuta:
            # "وصفتها": the listed form under an object pronoun gives the agreement
            for clitic in self.enclitics:
                if token.key.endswith(clitic) and len(token.key) > len(clitic) + 2:
                    bare = self.strip_proclitic(token.key[:-len(clitic)], self.forms)
                    if bare is not None and self.forms[bare].form != "participle":
                        form = self.forms[bare]
                        return CueMatch(form.lemma, form.agr, form.form, form.speaker_via, True, form.needs)
        if found is not None:
            form = self.forms[found]
            agr = form.agr
            if analysis is not None and form.form != "participle":
                agr = _agreement(analysis) or agr
            return CueMatch(form.lemma, agr, form.form, form.speaker_via, analysis is not None, form.needs)
        if analysis is None:
            return None
        if any(p in _IMPERFECTIVE for p in analysis.prefixes) or ta_marbuta:
            return None
        lemma, via, needs = self.lemmas[lemma_key(analysis.lex)]
        return CueMatch(lemma, _agreement(analysis) or "ms", "past", via, True, needs)

    def is_clause_initial(self, token_key: str) -> bool:
        """Is the token a form that is a cue only where a clause opens, also
        under an object pronoun ("بينها" is mostly "between them")?"""
        answers = self._answers("is_clause_initial")  # asked of every cue of every article
        found = answers.get(token_key)
        if found is None:
            found = answers[token_key] = self._is_clause_initial(token_key)
        return found

    def _is_clause_initial(self, token_key: str) -> bool:
        if self.strip_proclitic(token_key, self.clause_initial) is not None:
            return True
        return any(token_key.endswith(c) and self.strip_proclitic(token_key[:-len(c)], self.clause_initial) is not None
                   for c in self.enclitics)

    def satisfies_need(self, needs: str, token_key: str) -> bool:
        """Is ``token_key`` the word a cue needs, or, for a complementizer,
        one of its forms with a pronoun ("بأنها" for "بأن")?"""
        if token_key == needs:
            return True
        return needs in self.complementizers and token_key in self.complementizers and token_key.startswith(needs)

    def _owned_noun(self, token_key: str) -> CueMatch | None:
        """A verbal noun after "ب" with its owner's pronoun ("ختم كلمته بقوله:",
        "وبقولها إن") or its article ("رد بالقول:"): a cue that, like a
        participle, speaks for the subject of its sentence, who agrees with
        the pronoun."""
        rest = token_key[1:] if token_key[:1] in ("و", "ف") else token_key
        if not rest.startswith("ب"):
            return None
        if rest.startswith("بال") and rest[3:] in self.owned_nouns:  # "رد المصرف بالقول:"
            return CueMatch(self.owned_nouns[rest[3:]], "ms", "participle", None, False)
        for pronoun, agr in _OWNER_AGREEMENT:
            if rest.endswith(pronoun) and rest[1:-len(pronoun)] in self.owned_nouns:
                return CueMatch(self.owned_nouns[rest[1:-len(pronoun)]], agr, "participle", None, False)
        return None

    def _noun_of(self, token_key: str) -> str | None:
        """The lemma of a verbal noun, also after و/ف and ب/ل/ك ("كقول", "وبإعلان")."""
        rest = token_key
        for _ in range(2):
            if rest in self.nouns:
                return self.nouns[rest]
            if rest[:1] in _NOUN_PREFIXES and len(rest) > 3:
                rest = rest[1:]
        return self.nouns.get(rest)

    def cue_keys(self) -> frozenset[str]:
        """Every token key ``cue_of`` may find by its listed words (a form, a
        verbal noun, a word that is never a cue), with its proclitics: a key
        outside is a cue only by a verbal reading."""
        listed = set(self.not_cues) | set(self.forms)
        nouns = set(self.nouns)
        owned = {p + "ب" + n + pronoun for p in ("", "و", "ف") for n in self.owned_nouns
                 for pronoun, _ in (*_OWNER_AGREEMENT, ("", ""))}
        owned |= {p + "بال" + n for p in ("", "و", "ف") for n in self.owned_nouns}
        for _ in range(2):
            nouns |= {p + n for p in _NOUN_PREFIXES for n in nouns}
        return frozenset(listed | {c + w for c in self.proclitics for w in listed} | nouns | owned)

    def cue_analysis(self, analyses: tuple[Analysis, ...]) -> Analysis | None:
        for analysis in analyses:
            if analysis.pos.startswith("verb") and not analysis.backoff and lemma_key(analysis.lex) in self.lemmas:
                return analysis
        return None

    def head_of(self, token_key: str) -> tuple[str, SpeakerHead] | None:
        """The speaker head noun a token is (with or without "ال", و, ف)."""
        answers = self._answers("head_of")
        if token_key in answers:
            return answers[token_key]
        found = answers[token_key] = next(
            ((c, self.speaker_heads[c]) for c in _with_and_without_article(token_key, self.proclitics)
             if c in self.speaker_heads), None)
        return found

    def is_title(self, token_key: str) -> bool:
        answers = self._answers("is_title")
        found = answers.get(token_key)
        if found is None:
            found = answers[token_key] = any(
                c in self.titles for c in _with_and_without_article(token_key, self.proclitics))
        return found

    def _answers(self, question: str) -> dict[str, Any]:
        """The memo of one lookup, emptied when it grows past ``ANSWERS``."""
        answers = self.memo.get(question)
        if answers is None or len(answers) >= ANSWERS:
            answers = self.memo[question] = {}
        return answers


def _with_and_without_article(token_key: str, proclitics: tuple[str, ...]) -> list[str]:
    out = [token_key]
    for clitic in proclitics:
        if token_key.startswith(clitic) and len(token_key) > len(clitic) + 1:
            out.append(token_key[len(clitic):])
    for word in list(out):
        if word.startswith("ال") and len(word) > 3:
            out.append(word[2:])
    return out


def _agreement(analysis: Analysis) -> str | None:
    gen = analysis.gen if analysis.gen in ("m", "f") else None
    num = analysis.num if analysis.num in ("s", "d", "p") else None
    if gen is None or num is None:
        return None
    return gen + num

