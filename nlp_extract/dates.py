"""Date expressions: every absolute, relative, weekday and Hijri date, in ISO 8601.

The grammar is here; its words are data in ``models/dates/``: ``cldr.yaml``
(month and weekday names snapshotted from CLDR by ``nlp_extract.dates_cldr``),
``months.yaml`` (variants CLDR lacks, Hijri months) and ``words.yaml``
(ordinal days, relative words, cues and traps).

The matcher runs regular expressions over the *folded* cleaned text
(``normalize.fold`` maps one character to one character, so folded offsets
are cleaned offsets) and maps every span back to the original text.

Values are honest about precision: "نوفمبر 2022" is ``2022-11``, "عام 2017"
is ``2017``, and a date that needs a reference date ("أمس", "يونيو الماضي",
a month without a year) has a ``value`` only when the reference is known;
its ``anchor`` then names the reference it was computed from.
"""
from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_left, bisect_right
from operator import attrgetter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from . import normalize
from .errors import DataFileError
from .model import AnalyzedDocument, Evidence, Span, Token
from .normalize import CleanText, fold, key
from .reader import front_matter_end

try:  # the parser behind ``re`` (renamed in Python 3.11), for the bounds of a pattern's matches
    import re._parser as _sre_parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parser  # type: ignore[no-redef]

#: What the parser's widths say for an unbounded repeat (``MAXREPEAT``).
_UNBOUNDED = 1 << 16

try:  # the C loader when PyYAML was built with libyaml
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

DATA_FILES = ("cldr.yaml", "months.yaml", "words.yaml")
#: The word lists of words.yaml the lexicon keeps as lists (in their order)
#: and as sets.
_WORD_LISTS = ("day_parts", "this_words", "period_parts", "year_nouns", "year_duals", "year_prepositions",
               "hijri_markers", "gregorian_markers", "before_christ_markers", "equivalence_words", "time_cues",
               "time_pm", "time_am", "future_cues", "range_words")
_WORD_SETS = ("month_prepositions", "quantity_words", "number_nouns", "not_today_before", "not_weekday_before",
              "not_month_before")

_SP = r"[ \t\u00a0]+"
_OSP = r"[ \t\u00a0]*"
#: Start and end of a word: no letter or digit on that side.
_B = r"(?<![^\W_])"
_E = r"(?![^\W_])"
#: Proclitics a date word may carry ("وفي", "بعد", "للعام"); kept out of the span.
_CLITIC = r"(?P<cl>(?:و|ف)?(?:ب|ل|ك)?)"
_COMMA = r"[,،]"
#: What may stand between a date and the verb it is the subject of.
_SUBJECT_GAP = re.compile(rf"{_OSP}(?:{_COMMA}{_OSP})?")


def _alternation(names: Iterable[str]) -> str:
    """A regex matching any of the folded names, longest first, spaces flexible.

    The names are merged into a trie ("الثاني|الثالث" -> "الثا(?:ني|لث)"):
    Python's ``re`` tries the branches of a plain alternation one by one,
    and these alternations are tried at every word of every article."""
    trie: dict = {}
    for name in set(names):
        node = trie
        for ch in " ".join(name.split()):
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    branches = []
    for ch in sorted(k for k in node if k):
        head = _SP if ch == " " else re.escape(ch)
        branches.append(head + _trie_regex(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a name ends here: the longer names are tried first
        return body + "?" if len(branches) == 1 and len(branches[0]) == 1 else "(?:" + body + ")?"
    return body


def _with_lam_variants(names: Iterable[str]) -> list[str]:
    """Add the form "لل..." for every "ال" word: ل + العام is written "للعام"."""
    out = []
    for n in names:
        out.append(n)
        if n.startswith("ال"):
            out.append("ل" + n[1:])
    return out


@dataclass(frozen=True)
class MonthName:
    month: int
    calendar: str  # gregorian | hijri
    ambiguous: bool = False


@dataclass
class DateLexicon:
    """The words of the date grammar and the expressions built from them."""

    months: dict[str, MonthName]
    weekdays: dict[str, int]  # folded name -> Monday=0 .. Sunday=6
    ordinals: dict[str, int]
    relative_days: dict[str, int]
    day_parts: list[str]
    periods: dict[str, str]  # folded noun -> week | month | year | season
    seasons: dict[str, tuple[int, int]]  # folded noun -> (first month, last month)
    modifiers: dict[str, int]
    this_words: list[str]
    period_parts: list[str]
    year_nouns: list[str]
    year_duals: list[str]
    year_prepositions: list[str]
    month_prepositions: frozenset[str]
    hijri_markers: list[str]
    gregorian_markers: list[str]
    before_christ_markers: list[str]
    equivalence_words: list[str]
    time_cues: list[str]
    time_pm: list[str]
    time_am: list[str]
    quantity_words: frozenset[str]
    number_nouns: frozenset[str]
    not_today_after: frozenset[str]
    not_today_before: frozenset[str]
    not_weekday_before: frozenset[str]
    not_month_before: frozenset[str]
    future_cues: list[str]
    range_words: list[str]
    patterns: dict[str, re.Pattern] = field(default_factory=dict, repr=False)
    #: Every word of every name a date pattern needs (see _Matcher.find_windows).
    anchor_words: frozenset[str] = field(default=frozenset(), repr=False)
    #: An anchor word at the end of a word, with at most two letters before
    #: it in the word, in the text read backwards (see _Matcher.find_windows).
    anchor_pattern: re.Pattern | None = field(default=None, repr=False)
    #: Pattern name -> what every match of the pattern contains: a window
    #: without it is not scanned (see _Matcher.scan).
    hints: dict[str, re.Pattern] = field(default_factory=dict, repr=False)
    #: Pattern name -> (longest match, farthest a lookahead reads past it) in
    #: a text without two spaces in a row, for the patterns that have both
    #: bounds (see _Matcher.scan).
    reaches: dict[str, tuple[int, int]] = field(default_factory=dict, repr=False)
    #: Pattern name -> how far past the digits it starts in a match of the
    #: pattern's hint reads, for the hints that start with a digit (see
    #: _Matcher.digit_hint_search).
    digit_hint_tails: dict[str, int] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, models_dir: Path | None = None) -> "DateLexicon":
        base = models_dir if models_dir is not None else resources.files("nlp_extract.models") / "dates"
        data = {name: _read_yaml(base / name) for name in DATA_FILES}
        lexicon = cls._from_data(data, str(base))
        lexicon._compile()
        return lexicon

    @classmethod
    def _from_data(cls, data: dict[str, Any], where: str) -> "DateLexicon":
        cldr, extra, words = data["cldr.yaml"], data["months.yaml"], data["words.yaml"]
        months: dict[str, MonthName] = {}
        ambiguous = {key(n) for n in extra.get("ambiguous_cldr") or ()}

        def add_month(name: str, number: Any, calendar: str, amb: bool, file: str) -> None:
            if not isinstance(number, int) or not 1 <= number <= 12:
                raise DataFileError(f"{where}/{file}", f"month of {name!r} must be 1..12, not {number!r}")
            k = key(name)
            old = months.get(k)
            if old is not None and (old.month, old.calendar) != (number, calendar):
                raise DataFileError(f"{where}/{file}", f"{name!r} names two different months")
            months[k] = MonthName(number, calendar, amb or k in ambiguous)

        for e in cldr["months"]:
            add_month(e["name"], e["month"], "gregorian", False, "cldr.yaml")
        for cal in ("gregorian", "hijri"):
            for e in extra.get(cal) or ():
                add_month(e["name"], e["month"], cal, bool(e.get("ambiguous")), "months.yaml")
        weekdays = {key(n): e["weekday"] for e in cldr["weekdays"] for n in e["names"]}
        ordinals = {key(n): int(d) for d, names in words["ordinals"].items() for n in names}
        relative = {key(n): e["offset"] for e in words["relative_days"] for n in e["names"]}
        periods = {key(n): unit for unit, names in words["periods"].items() for n in names}
        seasons = {key(n): tuple(e["months"]) for e in words["seasons"] for n in e["names"]}
        periods.update(dict.fromkeys(seasons, "season"))
        modifiers = {key(n): int(step) for step, names in words["modifiers"].items() for n in names}

        def keys(name: str) -> list[str]:
            return [key(n) for n in words[name]]

        return cls(
            months=months,
            weekdays=weekdays,
            ordinals=ordinals,
            relative_days=relative,
            periods=periods,
            seasons=seasons,
            modifiers=modifiers,
            **{name: keys(name) for name in _WORD_LISTS},
            **{name: frozenset(keys(name)) for name in _WORD_SETS},
            not_today_after=frozenset(keys("not_today_after")) | frozenset(ordinals),
        )

    def _compile(self) -> None:
        # Digits anchor every numeric date and year; these words anchor the rest.
        # Common words inside names ("من" of "أول من أمس", "الثاني" of
        # "كانون الثاني") are left out: each name keeps a rarer word.
        names = list(self.months) + list(self.weekdays) + list(self.relative_days) + _with_lam_variants(self.periods)
        common = {key(w) for w in ("من", "بعد", "أول")} | set(self.ordinals)
        self.anchor_words = frozenset(w for n in names for w in n.split() if w not in common)
        # only a word of letters can be an anchor: the windows are found word by word
        letters = [w for w in self.anchor_words if _LETTERS.fullmatch(w)]
        self.anchor_pattern = re.compile(
            rf"{_NOT_LETTER}(?:{_alternation(w[::-1] for w in letters)})[^\W\d_]{{0,2}}{_WORD_END}"
        ) if letters else None
        mon = _alternation(self.months)
        wd = _alternation(self.weekdays)
        ordn = _alternation(self.ordinals)
        mods = _alternation(self.modifiers)
        parts = _alternation(self.period_parts)
        era = _alternation(self.hijri_markers + self.gregorian_markers)
        year_nouns = _alternation(_with_lam_variants(self.year_nouns + self.year_duals))
        block = (
            rf"(?:{mon})(?:{_OSP}/{_OSP}(?:{mon})|{_OSP}\({_OSP}(?:{mon}){_OSP}\)"
            rf"|{_SP}[-–]{_SP}(?:{mon})|{_SP}(?:{mon}))?"
        )
        this = _alternation(self.this_words)
        year_noun = _alternation(_with_lam_variants(self.year_nouns))
        #: "من العام الماضي", "من هذا العام": the year of a month, relative to the reference.
        relative_year = rf"(?:(?P<ythis>{this}){_SP}(?:{year_noun})|(?:{year_noun}){_SP}(?P<ymod>{mods}))"
        self.patterns = {
            "month": re.compile(mon),
            "absolute": re.compile(
                rf"(?:{_B}|(?=[0-9])){_CLITIC}"
                rf"(?:(?P<wd>{wd}){_OSP}{_COMMA}?{_OSP}(?:يوم{_SP})?|(?P<yawm>يوم){_SP})?"
                rf"(?:(?P<part>{parts}){_SP})?"
                rf"(?:(?:ال(?=[0-9]))?(?P<day>(?<![0-9.,:/\-])[0-3]?[0-9](?![0-9])|{ordn}){_OSP}(?:من{_SP})?)?"
                rf"(?P<shahr>شهر{_SP})?"
                rf"(?P<mon>{block})(?:{_E}|(?=[0-9]{{4}}(?![0-9])))"  # "أبريل2015": a year glued on
                rf"(?:{_OSP}{_COMMA}?{_OSP}(?:من{_SP})?(?:(?:{year_nouns}){_OSP})?"
                rf"(?P<year>(?<![0-9])[0-9]{{3,4}})(?![0-9]|[.,][0-9])(?:{_OSP}(?P<era>{era}){_E})?"
                rf"|{_SP}(?P<mod>{mods}){_E}"
                rf"|{_OSP}{_COMMA}?{_OSP}من{_SP}{relative_year}{_E})?"
            ),
            "numeric": re.compile(
                r"(?<![0-9/.\-])(?:"
                r"(?P<d>[0-3]?[0-9])(?P<s1>[-/.])(?P<m>[01]?[0-9])(?P=s1)(?P<y>(?:1[89]|20)[0-9]{2})"
                r"|(?P<y2>(?:1[89]|20)[0-9]{2})(?P<s2>[-/.])(?P<m2>[01]?[0-9])(?P=s2)(?P<d2>[0-3]?[0-9])"
                r")(?![0-9]|[-/.][0-9])"
            ),
            "weekday_name": re.compile(rf"(?:{wd}){_E}"),
            "weekday_before": re.compile(rf"(?:(?P<wd>{wd}){_OSP}{_COMMA}?{_OSP}|يوم{_SP})$"),
            "year": re.compile(
                rf"{_B}{_CLITIC}"
                rf"(?:(?P<prep>{_alternation(self.year_prepositions)}){_SP})?"
                rf"(?:(?P<part>{parts}){_SP})?"
                rf"(?:(?P<noun>{year_nouns}){_OSP})?"
                rf"(?P<year>(?<![0-9])[0-9]{{3,4}})(?![0-9]|[.,:][0-9]|[-/][0-9])"
                rf"(?:{_OSP}(?P<era>{era}){_E})?"
            ),
            # "2019-2021", "من 2011 وحتى 2014", "بين 2011 و2014": two years joined as a range
            "year_range": re.compile(
                rf"(?<![0-9./-])(?P<first>(?:19|20)[0-9]{{2}})"
                rf"(?:(?P<dash>{_OSP}[-–—]{_OSP})|{_SP}(?:{_alternation(self.range_words)}){_OSP}(?:عام{_SP})?)"
                rf"(?P<second>(?:19|20)[0-9]{{2}})(?![0-9]|[.,:/-][0-9])"
            ),
            # a year written right after a relative year ("العام المقبل 2019",
            # "العام الماضي 2017م"): the text's own value for it
            "apposed_year": re.compile(
                rf"{_OSP}[(،,]?{_OSP}(?P<year>(?:19|20)[0-9]{{2}})(?![0-9]|[.,:/-][0-9])"
                rf"(?:{_OSP}(?:{_alternation(self.gregorian_markers)}){_E})?"
            ),
            # the first day of "يومي 24 و25 فبراير", right before the second
            "day_pair": re.compile(
                rf"(?:{_B}يومي{_SP})?(?<![0-9./-])(?P<day>[0-9]{{1,2}}){_OSP}"
                rf"(?P<joint>(?:{_alternation(self.range_words)}|[-–—]){_OSP})?$"
            ),
            "dual_second": re.compile(rf"{_OSP}و{_OSP}(?P<year>[0-9]{{4}})(?![0-9])"),
            "relative": re.compile(
                rf"{_B}{_CLITIC}"
                rf"(?:(?P<dp>{_alternation(self.day_parts)}){_SP})?"
                rf"(?:(?P<this>{_alternation(self.this_words)}){_SP})?(?:يوم{_SP})?"
                rf"(?P<rel>{_alternation(self.relative_days)}){_E}"
                rf"(?:{_OSP}{_COMMA}?{_OSP}(?P<wd>{wd}){_E})?"
            ),
            "weekday": re.compile(
                rf"{_B}{_CLITIC}"
                rf"(?:(?P<dp>{_alternation(self.day_parts)}){_SP})?(?:يوم{_SP})?"
                rf"(?P<wd>{wd}){_E}(?:{_SP}(?P<mod>{mods}){_E})?"
            ),
            "period": re.compile(
                rf"(?:{_B}|(?=[0-9])){_CLITIC}(?:(?P<part>{parts}){_SP})?"
                # "في 23 الشهر الحالي": a day number may go without "من" before "الشهر"
                rf"(?:(?:ال(?=[0-9]))?(?P<day>(?<![0-9.,:/\-])[0-3]?[0-9](?![0-9])|{ordn}){_OSP}"
                rf"(?:من{_SP}|(?<=[0-9]){_OSP}(?=الشهر{_E})))?"
                rf"(?:(?P<this>{_alternation(self.this_words)}){_SP}(?P<noun1>{_alternation(self.periods)})"
                rf"|(?P<noun2>{_alternation(_with_lam_variants(self.periods))}){_SP}(?P<mod>{mods})){_E}"
            ),
            "time": re.compile(
                rf"(?:(?P<cue>{_alternation(self.time_cues)}){_SP})?"
                rf"(?<![0-9:.,])(?P<h>[0-2]?[0-9]):(?P<mi>[0-5][0-9])(?![0-9]|:[0-9]|[.,][0-9])"
                rf"(?:{_SP}(?P<ampm>{_alternation(self.time_pm + self.time_am)}){_E})?"
            ),
            "time_gap": re.compile(rf"^{_OSP}(?:[|,،\-–—]{_OSP})?(?:في{_SP})?$"),
            "equivalence_gap": re.compile(
                rf"^{_OSP}[,،(\-]?{_OSP}(?:{_alternation(self.equivalence_words)}){_OSP}(?:ل)?{_OSP}$"
            ),
            "range_gap": re.compile(
                rf"^{_OSP}(?:{_alternation(self.range_words)}|[-–—]){_OSP}(?:في{_SP})?$"
            ),
            "recurring": re.compile(rf"{_OSP}{_COMMA}?{_OSP}(?:من{_SP})?كل{_SP}(?:{year_noun}){_E}"),
            "future": re.compile(rf"{_B}(?:{_alternation(self.future_cues)}){_E}"),
            "before_christ": re.compile(rf"{_OSP}(?:{_alternation(self.before_christ_markers)})(?![^\W_])"),
        }
        # A month, weekday or relative name ends at the end of a word (_E); a
        # period noun is written out; a year has three digits or more;
        # numeric dates and times have a digit on each side of their separator.
        self.hints = {
            "year": re.compile(r"[0-9]{3}"),
            "year_range": re.compile(r"[0-9]{4}"),
            "absolute": re.compile(rf"(?:{mon}){_E}"),
            "weekday": re.compile(rf"(?:{wd}){_E}"),
            "relative": re.compile(rf"(?:{_alternation(self.relative_days)}){_E}"),
            "period": re.compile(_alternation(_with_lam_variants(self.periods))),
            "numeric": re.compile(r"[0-9][-/.][0-9]"),
            "time": re.compile(r"[0-9]:[0-9]"),
        }
        self.reaches = {name: reach for name in self.hints if (reach := _reach(self.patterns[name])) is not None}
        self.digit_hint_tails = {name: reach[0] - 1 + reach[1] for name in _DIGIT_HINTS
                                 if (reach := _reach(self.hints[name])) is not None}


#: The patterns whose hint's every match starts with an ASCII digit.
_DIGIT_HINTS = ("year", "year_range", "numeric", "time")

#: Two spaces in a row: without one, ``_SP`` and ``_OSP`` match one space at most.
_SPACE_RUN = re.compile(r"[ \t\u00a0]{2}")


def _reach(pattern: re.Pattern) -> tuple[int, int] | None:
    """(longest match, farthest a lookahead reads past the match) of
    ``pattern`` in a text without two spaces in a row, or None when either
    is unbounded or a match may be empty."""
    bounded = pattern.pattern.replace(_SP, "[ \t\u00a0]").replace(_OSP, "[ \t\u00a0]?")
    try:
        tree = _sre_parser.parse(bounded, pattern.flags)
        low, high = tree.getwidth()
        look = _lookahead_reach(tree)
    except (re.error, AttributeError, TypeError, ValueError):  # pragma: no cover
        return None  # the private parser changed shape in this Python: scan plainly
    if low == 0 or high >= _UNBOUNDED or look is None:
        return None
    return high, look


def _lookahead_reach(tree: Any) -> int | None:
    """How far past the text a match consumed its lookaheads (and the
    position tests that read the next character, "\\b", "$") may read, or
    None if unbounded."""
    reach = 0
    for op, av in tree:
        name = str(op)
        if name in ("ASSERT", "ASSERT_NOT"):
            direction, sub = av
            width = sub.getwidth()[1] if direction == 1 else 0
            subs = [sub]
        elif name == "AT":
            width, subs = 1, []
        elif name in ("SUBPATTERN", "MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            width, subs = 0, [av[-1]]
        elif name == "ATOMIC_GROUP":
            width, subs = 0, [av]
        elif name == "BRANCH":
            width, subs = 0, av[1]
        elif name == "GROUPREF_EXISTS":
            width, subs = 0, [branch for branch in av[1:] if branch]
        else:  # a character, a set, a group reference: nothing read past it
            continue
        for sub in subs:
            inner = _lookahead_reach(sub)
            if inner is None:
                return None
            width = max(width, inner)
        if width >= _UNBOUNDED:
            return None
        reach = max(reach, width)
    return reach


def _read_yaml(path: Any) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(str(path), "date lexicon file is missing") from None
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as e:
        line = e.problem_mark.line + 1 if getattr(e, "problem_mark", None) else None
        raise DataFileError(str(path), f"not valid YAML: {getattr(e, 'problem', e)}", line) from None
    if not isinstance(data, dict):
        raise DataFileError(str(path), "expected a mapping at the top level")
    return data


# --------------------------------------------------------------------------
# Candidates and values


@dataclass
class _Cand:
    start: int  # cleaned offsets
    end: int
    rule: str
    attrs: dict[str, Any]
    #: The text names the weekday of a complete date ("الثلاثاء 3 يناير 2023").
    has_weekday: bool = False
    #: Month and day of a year-less date, so a coordinated date can lend its year.
    month_day: tuple[int, int | None] | None = None

    @property
    def length(self) -> int:
        return self.end - self.start


def _attrs(
    value: str | None,
    precision: str,
    kind: str,
    anchor: str | None = None,
    calendar: str | None = None,
    value_hijri: str | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {"value": value, "precision": precision, "kind": kind}
    if calendar:
        out["calendar"] = calendar
        out["value_hijri"] = value_hijri
    if anchor:
        out["anchor"] = anchor
    return out


def _parse_ref(reference: str | None) -> _dt.date | None:
    if not reference:
        return None
    try:
        return _dt.date.fromisoformat(reference[:10])
    except ValueError:
        return None


def _valid_day(y: int, m: int, d: int) -> bool:
    try:
        _dt.date(y, m, d)
    except ValueError:
        return False
    return True


#: A year-less date is the nearer of its last and next occurrence, the
#: distance to the future counting this many times: news reports the past,
#: so "في نوفمبر" in January is last November, "في مايو" in March is this May.
FUTURE_WEIGHT = 2


#: A quotation between paired marks, or an open one running to the end.
_QUOTATION = re.compile(r'"[^"]*(?:"|$)|«[^»]*(?:»|$)|“[^”]*(?:”|$)')
_CLOSING_MARK = {'"': '"', "«": "»", "“": "”"}


def _outside_quotations(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The parts of ``text[lo:hi]`` outside closed quotations; a quotation
    still open at ``hi`` holds ``hi``, and only its own words count."""
    parts, at = [], lo
    for m in _QUOTATION.finditer(text, lo, hi):
        quoted = m.group()
        if len(quoted) == 1 or quoted[-1] != _CLOSING_MARK[quoted[0]]:
            return [(m.start() + 1, hi)] if hi > m.start() + 1 else []
        parts.append((at, m.start()))
        at = m.end()
    parts.append((at, hi))
    return [(a, b) for a, b in parts if b > a]


def _season_year(months: tuple[int, int], ref: _dt.date, step: int) -> int:
    """The year of the last month of a season (``months``: its first and last
    month): step 0 ("هذا الصيف") the reference year; -1 the season over last
    before the reference month; +1 the next to begin after it."""
    first, last = months
    if step == 0:
        return ref.year
    if step < 0:
        return ref.year if ref.month > last else ref.year - 1
    starts_next = ref.year if ref.month < first else ref.year + 1
    return starts_next + (1 if first > last else 0)


def _month_year(month: int, ref: _dt.date, step: int | None, forward: bool) -> int:
    """The year of a year-less month: ``step`` -1 ("الماضي") the last such month
    before the reference month, +1 the next after it, 0 the reference year;
    with no modifier, the nearer occurrence (the next one in a sentence that
    points forward)."""
    if step == 0:
        return ref.year
    if step == -1:
        return ref.year if month < ref.month else ref.year - 1
    if step == 1:
        return ref.year if month > ref.month else ref.year + 1
    back = (ref.month - month) % 12
    ahead = (month - ref.month) % 12
    if back == 0:
        return ref.year
    if forward or ahead * FUTURE_WEIGHT < back:
        return ref.year if month > ref.month else ref.year + 1
    return ref.year if month < ref.month else ref.year - 1


def _day_month_year(month: int, day: int, ref: _dt.date, step: int | None, forward: bool) -> int | None:
    def ok(y: int) -> bool:
        return _valid_day(y, month, day)

    here = (month, day)
    now = (ref.month, ref.day)
    if step is None and here != now:
        past_y = ref.year if here < now else ref.year - 1
        next_y = ref.year if here > now else ref.year + 1
        if ok(past_y) and ok(next_y):
            back = (ref - _dt.date(past_y, month, day)).days
            ahead = (_dt.date(next_y, month, day) - ref).days
            forward = forward or ahead * FUTURE_WEIGHT < back
    if step == 0:
        y = ref.year
    elif step == -1 or (step is None and not forward):
        y = ref.year if (here < now or (step is None and here == now)) else ref.year - 1
    else:
        y = ref.year if (here > now or (step is None and here == now)) else ref.year + 1
    # 29 February in a common year: the nearest leap year in the same direction.
    for _ in range(8):
        if ok(y):
            return y
        y += 1 if (step == 1 or forward) else -1
    return None


def _weekday_date(weekday: int, ref: _dt.date, step: int | None, forward: bool) -> _dt.date:
    back = (ref.weekday() - weekday) % 7
    ahead = (weekday - ref.weekday()) % 7
    if step == -1:
        return ref - _dt.timedelta(days=back or 7)
    if step == 1:
        return ref + _dt.timedelta(days=ahead or 7)
    if step == 0 or forward:  # "الخميس الحالي", or a sentence that points forward
        return ref + _dt.timedelta(days=ahead)
    return ref - _dt.timedelta(days=back)  # a bare weekday: on or before the reference


def _shift_month(ref: _dt.date, step: int) -> str:
    index = ref.year * 12 + ref.month - 1 + step
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _hijri_to_gregorian(y: int, m: int, d: int) -> _dt.date | None:
    from hijridate import Hijri

    try:
        return Hijri(y, m, d).to_gregorian()
    except (OverflowError, ValueError):
        return None


def _hijri_month_length(y: int, m: int) -> int | None:
    from hijridate import Hijri

    try:
        return Hijri(y, m, 1).month_length()
    except (OverflowError, ValueError):
        return None


def _gregorian_to_hijri(day: _dt.date) -> tuple[int, int, int] | None:
    from hijridate import Gregorian

    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
    except (OverflowError, ValueError):
        return None
    return h.year, h.month, h.day


def _common_prefix_value(first: _dt.date | None, last: _dt.date | None) -> str | None:
    """The Gregorian value that covers exactly [first, last] at month or year precision."""
    if first is None or last is None:
        return None
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.year:04d}-{first.month:02d}"
    if first.year == last.year:
        return f"{first.year:04d}"
    return None


# --------------------------------------------------------------------------
# The matcher

#: How far from an anchor word a date may reach, in characters.
WINDOW = 90
#: A word is a run of letters (``[^\W\d_]``) or of ASCII digits.
_LETTERS = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
_WORD_END = r"(?![^\W\d_])"
_NOT_LETTER = r"[\W\d_]"
_NUMBER = re.compile(r"[0-9]+")
#: The letters (for ``re``) that are digits for ``str.isdigit``: superscript,
#: circled, Ethiopic ... digits. A word that starts with one is an anchor too.
_BMP_DIGIT_LETTERS = ("\u00b2\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468"
                      "\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788"
                      "\u278a-\u2792")
_DIGIT_LETTER = re.compile(
    f"[{_BMP_DIGIT_LETTERS}\U00010a40-\U00010a43\U00010e60-\U00010e68\U00011052-\U0001105a"
    "\U0001f100-\U0001f10a]")
#: ``_DIGIT_LETTER`` in a text of the Basic Multilingual Plane only: ``re``
#: tests a character against a class of such characters in a table, three
#: times faster than against the ranges past it.
_BMP_DIGIT_LETTER = re.compile(f"[{_BMP_DIGIT_LETTERS}]")


def _beyond_bmp(text: str) -> bool:
    """Does ``text`` hold a character past the Basic Multilingual Plane (one
    UTF-16 writes as two)?"""
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


def windows_around(text: str, anchors: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of ``text`` within WINDOW characters of the ``anchors``
    (sorted spans), overlapping ones merged, widened to whole words."""
    spans: list[tuple[int, int]] = []
    for start, end in anchors:
        s = max(0, start - WINDOW)
        e = min(len(text), end + WINDOW)
        if spans and s <= spans[-1][1]:
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    windows = []
    for s, e in spans:
        # start and end on a space, so no word is cut: lookbehinds see the
        # text before a window, but a window's end looks like the text's end
        while s > 0 and not text[s - 1].isspace():
            s -= 1
        while e < len(text) and not text[e].isspace():
            e += 1
        windows.append((s, e))
    return windows


class _Matcher:
    def __init__(self, folded: str, lexicon: DateLexicon, ref: _dt.date | None, body_start: int,
                 doc: AnalyzedDocument | None = None):
        self.text = folded
        self.lex = lexicon
        self.ref = ref
        self.anchor = ref.isoformat() if ref else None
        self.body_start = body_start
        self.doc = doc
        #: the runs of ASCII digits, and where each ends
        self.numbers = [m.span() for m in _NUMBER.finditer(folded)]
        self.number_ends = [end for _, end in self.numbers]
        self.windows = self.find_windows()
        #: no two spaces in a row: the bounds of ``DateLexicon.reaches`` hold
        if "\t" in folded or "\u00a0" in folded:
            self.spaces_single = _SPACE_RUN.search(folded) is None
        else:  # the common case, asked as fast as a string search can
            self.spaces_single = "  " not in folded

    def find_windows(self) -> list[tuple[int, int]]:
        """Stretches of text around the words a date can contain.

        Python's ``re`` tries a pattern at every position; the date patterns
        are long, and most of an article holds no date. A cheap scan finds
        the anchors (a number, or a word that is a month, weekday, relative
        or period word, also after one or two letters of proclitics), and
        the patterns run only within WINDOW characters of them."""
        text = self.text
        found = list(self.numbers)
        digit_letters = _DIGIT_LETTER if _beyond_bmp(text) else _BMP_DIGIT_LETTER
        for m in digit_letters.finditer(text):
            if m.start() == 0 or not _LETTER.match(text, m.start() - 1):
                found.append(_LETTERS.match(text, m.start()).span())
        if self.lex.anchor_pattern is not None:
            # Read backwards, a word that ends in an anchor starts with it, so
            # the pattern is tried after each character that ends a word, not
            # at each letter that may start an anchor (most letters do). The
            # space put before stands for the end of the text.
            backwards = " " + text[::-1]
            n = len(backwards)
            for m in self.lex.anchor_pattern.finditer(backwards):
                found.append((n - m.end(), n - 1 - m.start()))
        return windows_around(text, sorted(found))

    def scan(self, name: str) -> Iterable[re.Match]:
        pattern = self.lex.patterns[name]
        hint = self.lex.hints.get(name)
        reach = self.lex.reaches.get(name) if self.spaces_single else None
        if hint is not None and reach is not None:
            tail = self.lex.digit_hint_tails.get(name)
            search = hint.search if tail is None else self.digit_hint_search(hint, tail)
            yield from self._scan_near_hints(pattern, search, *reach)
            return
        last = -1
        for s, e in self.windows:
            start = max(s, last)
            if hint is not None and not hint.search(self.text, start, e):
                continue
            for m in pattern.finditer(self.text, start, e):
                last = m.end()
                yield m

    def _scan_near_hints(self, pattern: re.Pattern, hint: Callable[[str, int, int], re.Match | None],
                         longest: int, look: int) -> Iterable[re.Match]:
        """What ``scan`` finds, trying the pattern only near each hint.

        A window is long where anchors crowd (numbers, month names), and a
        pattern tried at every position of it costs most of the matcher.
        Every match holds a hint and is at most ``longest`` long, so the next
        match after ``pos`` starts at most ``longest`` before the first hint
        after ``pos``, or not before the hint after that; and matching from
        there reads at most ``longest + look`` characters, so the search
        may stop there (tests/test_match_shortcuts.py compares both scans)."""
        text = self.text
        last = -1
        for s, e in self.windows:
            pos = max(s, last)
            while (h := hint(text, pos, e)) is not None:
                at = h.start()
                m = pattern.search(text, max(pos, at - longest), min(e, at + longest + look + 1))
                if m is None or m.start() > at:
                    pos = at + 1  # no match holds this hint
                    continue
                last = pos = m.end()
                yield m

    def digit_hint_search(self, hint: re.Pattern, tail: int) -> Callable[[str, int, int], re.Match | None]:
        """``hint.search`` for a hint whose every match starts with a digit
        and reads at most ``tail`` characters past the run of digits it
        starts in: searched within each run ahead (and its tail) rather than
        through all the text between them. A match starting in a later run
        than the one searched is not taken: a match of that run may end past
        the tail (tests/test_match_shortcuts.py compares both scans)."""
        numbers, ends = self.numbers, self.number_ends

        def search(text: str, pos: int, endpos: int) -> re.Match | None:
            for k in range(bisect_right(ends, pos), len(numbers)):
                start, end = numbers[k]
                if start >= endpos:
                    break
                found = hint.search(text, max(pos, start), min(endpos, end + tail))
                if found is not None and found.start() < end:
                    return found
            return None

        return search

    # -- context helpers
    def prev_word(self, pos: int) -> str:
        words = re.findall(r"[^\W_]+", self.text[max(0, pos - 40):pos])
        return words[-1] if words else ""

    def next_word(self, pos: int) -> str:
        m = re.match(r"[^\w]*?([^\W_]+)", self.text[pos:pos + 40])
        return m.group(1) if m else ""

    def next_word_adjacent(self, pos: int) -> str:
        """The next word when only spaces separate it (a phrase continues)."""
        m = re.match(rf"{_OSP}([^\W_]+)", self.text[pos:pos + 40])
        return m.group(1) if m else ""

    def forward(self, pos: int) -> bool:
        """Does the sentence before ``pos`` point to the future: a future cue
        word, or a verb the analyzer reads only as future ("سيجتمع")?"""
        window_start = max(0, pos - 160)
        window = self.text[window_start:pos]
        cut = max(window.rfind(c) for c in ".!?؟\n")
        lo = window_start + cut + 1
        # a quotation's own tense is not the sentence's ("مشددا على أن "الخطة
        # ستمضي قدما"، حسب ما نقلته الوكالة، الجمعة")
        for a, b in _outside_quotations(self.text, lo, pos):
            if self.lex.patterns["future"].search(self.text, a, b) or self.future_verb_between(a, b):
                return True
        return False

    def future_follows(self, pos: int) -> bool:
        """Is the date ending at ``pos`` the subject of a future cue right
        after it ("أن الأحد، سيكون غرة ذي الحجة")? A clause between them
        ("قال الأحد إنه سيزور") leaves the date in the past."""
        at = _SUBJECT_GAP.match(self.text, pos).end()
        if self.lex.patterns["future"].match(self.text, at):
            return True
        word = re.match(r"[^\W_]+", self.text[at:at + 40])
        # "في 19 فبراير، وسيعرض": a conjunction opens a clause of its own
        return (word is not None and not word.group().startswith(("و", "ف"))
                and self.future_verb_between(at, at + word.end()))

    def future_verb_between(self, lo: int, hi: int) -> bool:
        """Is a token read only as a verb in the future at offsets ``[lo, hi)``
        of the cleaned text? Only the tokens of the range are read."""
        if self.doc is None or hi <= lo:
            return False
        origin, tokens = self.doc.clean.origin, self.doc.tokens
        # a token at original offset s is at cleaned offset
        # bisect_left(origin, s): in [lo, hi) when origin[lo - 1] < s <= origin[hi - 1]
        first = bisect_right(tokens, origin[lo - 1], key=_START) if lo > 0 else 0
        last = bisect_right(tokens, origin[hi - 1], first, key=_START)
        for tok in tokens[first:last]:
            # _is_future_verb's own first test, without a call for each token
            if (tok.text[:1] == "س" or tok.text[1:2] == "س") and _is_future_verb(tok):
                return True
        return False

    def months_in(self, block: str) -> list[MonthName]:
        return [self.lex.months[" ".join(m.group(0).split())] for m in self.lex.patterns["month"].finditer(block)]

    # -- rules
    def absolute(self) -> Iterable[_Cand]:
        lex = self.lex
        for m in self.scan("absolute"):
            names = self.months_in(m.group("mon"))
            if not names:
                continue
            month = names[0]
            if any(n.month != month.month or n.calendar != month.calendar for n in names[1:]):
                continue  # "يناير/شباط" is not one month
            day_text, year_text, era = m.group("day"), m.group("year"), m.group("era")
            day = None
            if day_text:
                day = int(day_text) if day_text.isdigit() else lex.ordinals.get(" ".join(day_text.split()))
            year = int(year_text) if year_text else None
            era_hijri = era is not None and era in lex.hijri_markers
            step = lex.modifiers.get(" ".join(m.group("mod").split())) if m.group("mod") else None
            hijri = month.calendar == "hijri"
            if year is not None and not hijri and (era_hijri or len(year_text) == 3 or year < 1000):
                # "يناير 1445هـ" or a three-digit number: keep the month, drop the number.
                year, year_text, era = None, None, None
            year_step = None
            if m.group("ythis") or m.group("ymod"):
                year_step = 0 if m.group("ythis") else lex.modifiers[" ".join(m.group("ymod").split())]
            paired = len(names) > 1
            context = (
                day is not None or year is not None or step is not None or year_step is not None
                or m.group("shahr") or paired
            )
            if month.ambiguous and not context and (hijri or not self.after_preposition(m)):
                continue
            if hijri and day is None and year is None:
                continue
            if year is None and year_step is None and self.recurring(m.end()):
                continue  # "في يناير من كل عام": every January, not one
            start = m.start("mon")
            if m.group("shahr"):
                start = m.start("shahr")
            if m.group("part") and day is None:
                start = m.start("part")
            if day is not None:
                start = m.start("day")
                if m.group("wd"):
                    start = m.start("wd")
                elif m.group("yawm"):
                    start = m.start("yawm")
            if year is None and year_step is None and self.prev_word(start) in lex.not_month_before:
                continue  # "حرب أكتوبر": an event's name
            if year is not None:
                end = m.end("era") if era else m.end("year")
            elif step is not None:
                end = m.end("mod")
            elif year_step is not None:
                end = m.end()
            else:
                end = m.end("mon")
            # only a date without its year needs the sentence's direction,
            # and only to compute its value from a reference date
            forward = ((self.forward(start) or self.future_follows(end))
                       if year is None and self.ref is not None else False)
            if year_step is not None and not hijri:
                attrs = self.relative_year_value(month.month, day, year_step)
                if attrs is None:
                    continue
                yield _Cand(start, end, "month-of-relative-year", attrs)
                continue
            if hijri:
                attrs, rule = self.hijri_value(month.month, day, year, step, forward)
            else:
                attrs, rule = self.gregorian_value(month.month, day, year, step, forward)
            if attrs is None:
                continue
            has_weekday = bool(m.group("wd")) and day is not None and year is not None
            month_day = (month.month, day) if year is None and step is None and not hijri else None
            yield _Cand(start, end, rule, attrs, has_weekday, month_day)

    def after_preposition(self, m: re.Match) -> bool:
        """Does a period part ("منتصف مارس") or a preposition of time ("في
        مارس", "وفي مارس") stand before the month: enough to read a Gregorian
        month that is also an everyday word as the month."""
        if m.group("part"):
            return True
        before = self.prev_word(m.start("mon"))
        return before in self.lex.month_prepositions or (
            before[:1] in ("و", "ف") and before[1:] in self.lex.month_prepositions)

    def recurring(self, pos: int) -> bool:
        return bool(self.lex.patterns["recurring"].match(self.text, pos))

    def relative_year_value(self, month: int, day: int | None, year_step: int) -> dict[str, Any] | None:
        precision = "day" if day is not None else "month"
        if self.ref is None:
            return _attrs(None, precision, "relative")
        y = self.ref.year + year_step
        if day is None:
            return _attrs(f"{y:04d}-{month:02d}", precision, "relative", self.anchor)
        if not _valid_day(y, month, day):
            return None
        return _attrs(f"{y:04d}-{month:02d}-{day:02d}", precision, "relative", self.anchor)

    def gregorian_value(self, month: int, day: int | None, year: int | None, step: int | None, forward: bool):
        ref, anchor = self.ref, self.anchor
        if year is not None:
            if day is not None:
                if not _valid_day(year, month, day):
                    return None, ""
                return _attrs(f"{year:04d}-{month:02d}-{day:02d}", "day", "absolute"), "day-month-year"
            return _attrs(f"{year:04d}-{month:02d}", "month", "absolute"), "month-year"
        if day is not None:
            if not 1 <= day <= 31 or not _valid_day(2024, month, day):
                return None, ""
            if ref is None:
                return _attrs(None, "day", "relative"), "day-month"
            y = _day_month_year(month, day, ref, step, forward)
            value = f"{y:04d}-{month:02d}-{day:02d}" if y else None
            return _attrs(value, "day", "relative", anchor), "day-month"
        rule = "month-relative" if step is not None else "month"
        if ref is None:
            return _attrs(None, "month", "relative"), rule
        y = _month_year(month, ref, step, forward)
        return _attrs(f"{y:04d}-{month:02d}", "month", "relative", anchor), rule

    def hijri_value(self, month: int, day: int | None, year: int | None, step: int | None, forward: bool):
        ref = self.ref
        anchor = None
        if year is None:
            # "15 رمضان": the Hijri year from the reference date.
            if ref is None or day is None:
                return _attrs(None, "day" if day else "month", "hijri", calendar="hijri",
                              value_hijri=f"--{month:02d}" + (f"-{day:02d}" if day else "")), "hijri"
            today = _gregorian_to_hijri(ref)
            if today is None:
                return None, ""
            y = today[0]
            if (month, day) > (today[1], today[2]) and step != 1:
                # this year's is ahead: take it when it is near, else last year's
                ahead, behind = _hijri_to_gregorian(y, month, day), _hijri_to_gregorian(y - 1, month, day)
                if ahead and behind and not forward and (ahead - ref).days * FUTURE_WEIGHT >= (ref - behind).days:
                    y -= 1
            elif (month, day) < (today[1], today[2]) and (forward or step == 1):
                y += 1
            year, anchor = y, self.anchor
        if day is not None:
            length = _hijri_month_length(year, month)
            if length is not None and not 1 <= day <= length:
                return None, ""
            g = _hijri_to_gregorian(year, month, day)
            return _attrs(g.isoformat() if g else None, "day", "hijri", anchor, "hijri",
                          f"{year:04d}-{month:02d}-{day:02d}"), "hijri-date"
        length = _hijri_month_length(year, month)
        first = _hijri_to_gregorian(year, month, 1)
        last = _hijri_to_gregorian(year, month, length) if length else None
        return _attrs(_common_prefix_value(first, last), "month", "hijri", anchor, "hijri",
                      f"{year:04d}-{month:02d}"), "hijri-month"

    def numeric(self) -> Iterable[_Cand]:
        for m in self.scan("numeric"):
            if m.group("y"):
                d, mo, y, rule = int(m.group("d")), int(m.group("m")), int(m.group("y")), "numeric-dmy"
            else:
                d, mo, y, rule = int(m.group("d2")), int(m.group("m2")), int(m.group("y2")), "numeric-ymd"
            if not _valid_day(y, mo, d):
                continue
            start = m.start()
            before = self.lex.patterns["weekday_before"].search(self.text[max(0, start - 30):start])
            if before:
                start -= len(before.group(0))
            yield _Cand(start, m.end(), rule, _attrs(f"{y:04d}-{mo:02d}-{d:02d}", "day", "absolute"),
                        has_weekday=bool(before and before.group("wd")))

    def years(self) -> Iterable[_Cand]:
        lex = self.lex
        for m in self.scan("year"):
            prep, part, noun, era = m.group("prep"), m.group("part"), m.group("noun"), m.group("era")
            year_text = m.group("year")
            year = int(year_text)
            era_hijri = era is not None and era in lex.hijri_markers
            if not (part or noun or era):
                if not prep or not 1900 <= year <= 2100 or len(year_text) != 4:
                    continue
                if self.prev_word(m.start("prep")) in lex.number_nouns:
                    continue
            after = self.next_word_adjacent(m.end("year"))
            if not era and (after in lex.quantity_words or self.text[m.end():m.end() + 2].strip().startswith("%")):
                continue
            if lex.patterns["before_christ"].match(self.text, m.end()):
                continue
            # a year of three digits only with its era: "عام 360 ميلاديا"
            if not era_hijri and not (1000 <= year <= 2100 and len(year_text) == 4
                                      or era and len(year_text) == 3 and year >= 100):
                continue
            start = m.start("year")
            if noun:
                start = m.start("noun") if " ".join(noun.split()) in lex.year_nouns + lex.year_duals else m.start()
            if part:
                start = m.start("part")
            end = m.end("era") if era else m.end("year")
            if era_hijri:
                first = _hijri_to_gregorian(year, 1, 1)
                length = _hijri_month_length(year, 12)
                last = _hijri_to_gregorian(year, 12, length) if length else None
                yield _Cand(start, end, "hijri-year",
                            _attrs(_common_prefix_value(first, last), "year", "hijri",
                                   calendar="hijri", value_hijri=f"{year:04d}"))
                continue
            rule = "year-after-noun" if noun else ("year-after-part" if part else "year-after-preposition")
            yield _Cand(start, end, rule, _attrs(f"{year:04d}", "year", "absolute"))
            if noun and " ".join(noun.split()).lstrip("ل") in {n.lstrip("ل") for n in _with_lam_variants(lex.year_duals)}:
                second = lex.patterns["dual_second"].match(self.text, end)
                if second:
                    yield _Cand(second.start("year"), second.end("year"), "year-dual",
                                _attrs(second.group("year"), "year", "absolute"))

    def year_ranges(self) -> Iterable[_Cand]:
        """Two years joined as a range. Written with a dash ("2019-2021") it is
        one expression, an ISO 8601 interval; joined by words ("من 2011 وحتى
        2014") each year is a date of its own. The second year comes later,
        within a century, and counts nothing ("2000 و2500 دولار" is money)."""
        lex = self.lex
        for m in self.scan("year_range"):
            first, second = int(m.group("first")), int(m.group("second"))
            if not first < second <= first + 100:
                continue
            after = self.next_word_adjacent(m.end("second"))
            if after in lex.quantity_words or self.text[m.end():m.end() + 2].strip().startswith("%"):
                continue
            if self.prev_word(m.start()) in lex.number_nouns:
                continue
            if m.group("dash") is not None:
                yield _Cand(m.start("first"), m.end("second"), "year-range",
                            _attrs(f"{first:04d}/{second:04d}", "year", "absolute"))
                continue
            yield _Cand(m.start("first"), m.end("first"), "year-pair-first", _attrs(f"{first:04d}", "year", "absolute"))
            yield _Cand(m.start("second"), m.end("second"), "year-pair-second", _attrs(f"{second:04d}", "year", "absolute"))

    def relative(self) -> Iterable[_Cand]:
        lex, ref = self.lex, self.ref
        for m in self.scan("relative"):
            rel = " ".join(m.group("rel").split())
            offset = lex.relative_days[rel]
            wd = m.group("wd")
            if m.group("this") and offset != 0:
                continue  # only "هذا اليوم" takes a demonstrative
            if offset == 0 and not wd:
                if self.next_word_adjacent(m.end("rel")) in lex.not_today_after:
                    continue
            if offset == 0 and not m.group("cl") and self.prev_word(m.start()) in lex.not_today_before:
                continue
            start = m.start("dp") if m.group("dp") else m.start() + len(m.group("cl"))
            value = (ref + _dt.timedelta(days=offset)).isoformat() if ref else None
            yield _Cand(start, m.end(), "relative-day" + ("-weekday" if wd else ""),
                        _attrs(value, "day", "relative", self.anchor))

    def weekdays(self) -> Iterable[_Cand]:
        lex, ref = self.lex, self.ref
        for m in self.scan("weekday"):
            start = m.start() + len(m.group("cl"))
            if self.prev_word(start) in lex.not_weekday_before:
                continue
            weekday = lex.weekdays[" ".join(m.group("wd").split())]
            step = lex.modifiers.get(" ".join(m.group("mod").split())) if m.group("mod") else None
            value = None
            if ref is not None:
                forward = self.forward(start) or self.future_follows(m.end())
                value = _weekday_date(weekday, ref, step, forward).isoformat()
            yield _Cand(start, m.end(), "weekday" + ("-relative" if step is not None else ""),
                        _attrs(value, "day", "weekday", self.anchor))

    def periods(self) -> Iterable[_Cand]:
        lex, ref = self.lex, self.ref
        for m in self.scan("period"):
            noun = " ".join((m.group("noun1") or m.group("noun2")).split())
            unit = lex.periods.get(noun) or lex.periods.get("ا" + noun[1:])  # "للعام" = ل + العام
            if unit is None:
                continue
            step = 0 if m.group("this") else lex.modifiers[" ".join(m.group("mod").split())]
            # "للعام الماضي": the article's alef is gone, so the clitic stays in the span
            start = m.start() + (0 if noun not in lex.periods else len(m.group("cl")))
            day_text = m.group("day")
            if day_text:
                if unit != "month":
                    continue  # "الثاني من العام الماضي" is no date
                day = int(day_text) if day_text.isdigit() else lex.ordinals[" ".join(day_text.split())]
                value = None
                if ref is not None:
                    y, mo = map(int, _shift_month(ref, step).split("-"))
                    if not _valid_day(y, mo, day):
                        continue
                    value = f"{y:04d}-{mo:02d}-{day:02d}"
                yield _Cand(start, m.end(), "day-of-relative-month", _attrs(value, "day", "relative", self.anchor))
                continue
            if unit == "year":
                # "العام المقبل 2019": the year written after the period is its value
                named = lex.patterns["apposed_year"].match(self.text, m.end())
                if named and self.next_word_adjacent(named.end("year")) not in lex.quantity_words:
                    yield _Cand(start, named.end(), "period-with-year",
                                _attrs(named.group("year"), "year", "absolute"))
                    continue
            value = None
            if unit == "season":
                if ref is not None:
                    value = f"{_season_year(lex.seasons[noun], ref, step):04d}"
                yield _Cand(start, m.end(), "season-relative", _attrs(value, "year", "relative", self.anchor))
                continue
            if ref is not None:
                if unit == "year":
                    value = f"{ref.year + step:04d}"
                elif unit == "month":
                    value = _shift_month(ref, step)
                else:
                    y, w, _ = (ref + _dt.timedelta(weeks=step)).isocalendar()
                    value = f"{y:04d}-W{w:02d}"
            yield _Cand(start, m.end(), "period-relative", _attrs(value, unit, "relative", self.anchor))

    def times(self) -> list[tuple[int, int, int, int]]:
        out = []
        for m in self.scan("time"):
            h, mi = int(m.group("h")), int(m.group("mi"))
            ampm = " ".join(m.group("ampm").split()) if m.group("ampm") else None
            if ampm in self.lex.time_pm and h < 12:
                h += 12
            if h > 23:
                continue
            out.append((m.start(), m.end(), h, mi))
        return out

    # -- assembly
    def run(self) -> list[_Cand]:
        cands = [
            c
            for rule in (self.absolute, self.numeric, self.years, self.year_ranges, self.relative, self.weekdays,
                         self.periods)
            for c in rule()
            if c.start >= self.body_start
        ]
        chosen = _resolve(cands)
        self.share_years(chosen)
        self.day_pairs(chosen)
        self.attach_times(chosen)
        return self.merge_equivalents(chosen)

    def share_years(self, chosen: list[_Cand]) -> None:
        """"بين أيار/مايو وآب/أغسطس 2013": the first month takes the second's year."""
        gap = self.lex.patterns["range_gap"]
        for c, nxt in zip(chosen, chosen[1:]):
            if c.month_day is None or nxt.attrs["kind"] != "absolute" or not nxt.attrs["value"]:
                continue
            if nxt.start - c.end > 20 or not gap.match(self.text[c.end:nxt.start]):
                continue
            value = nxt.attrs["value"]
            if len(value) < 7:
                continue
            year, month = int(value[:4]), int(value[5:7])
            m, d = c.month_day
            if m > month:
                year -= 1
            if d is not None and not _valid_day(year, m, d):
                continue
            c.attrs = _attrs(f"{year:04d}-{m:02d}" + (f"-{d:02d}" if d else ""), c.attrs["precision"], "absolute")
            c.rule += "+shared-year"

    def day_pairs(self, chosen: list[_Cand]) -> None:
        """"يومي 24 و25 فبراير": a day number joined to a complete date lends
        it nothing but its month: the two days are one expression, an ISO 8601
        interval from the first to the second."""
        pair = self.lex.patterns["day_pair"]
        for i, c in enumerate(chosen):
            value = c.attrs.get("value")
            if c.attrs["precision"] != "day" or not value or "/" in value:
                continue
            if not self.text[c.start + self.text.startswith("و", c.start)].isdigit():
                continue  # the second date opens with its day number
            floor = chosen[i - 1].end if i else self.body_start
            m = pair.search(self.text, max(floor, c.start - 30), c.start)
            # the joining word is before the second day, or is its clitic ("و25")
            if m is None or not (m.group("joint") or self.text.startswith("و", c.start)):
                continue
            first, last = int(m.group("day")), int(value[8:10])
            if not 1 <= first < last:
                continue
            c.start = m.start()
            c.attrs = {**c.attrs, "value": f"{value[:8]}{first:02d}/{value}"}
            c.rule += "+day-pair"

    def attach_times(self, chosen: list[_Cand]) -> None:
        times = self.times()
        if not times:
            return
        gap = self.lex.patterns["time_gap"]
        for c in chosen:
            if c.attrs["precision"] != "day":
                continue
            for ts, te, h, mi in times:
                if ts < c.end:
                    continue
                if ts - c.end > 12 or not gap.match(self.text[c.end:ts]):
                    break
                c.end = te
                c.rule += "+time"
                if c.attrs["value"]:
                    c.attrs["value"] = f"{c.attrs['value']}T{h:02d}:{mi:02d}"
                    c.attrs["precision"] = "minute"
                break

    def merge_equivalents(self, chosen: list[_Cand]) -> list[_Cand]:
        """"15 رمضان 1445 هـ الموافق 25 مارس 2024": one date, both calendars."""
        out: list[_Cand] = []
        gap = self.lex.patterns["equivalence_gap"]
        for c in chosen:
            prev = out[-1] if out else None
            if (
                prev is not None
                and {prev.attrs["kind"], c.attrs["kind"]} >= {"hijri"}
                and prev.attrs["kind"] != c.attrs["kind"]
                and c.start - prev.end < 30
                and gap.match(self.text[prev.end:c.start])
            ):
                hijri, greg = (prev, c) if prev.attrs["kind"] == "hijri" else (c, prev)
                attrs = dict(greg.attrs)
                attrs["kind"] = "hijri"
                attrs["calendar"] = "hijri"
                attrs["value_hijri"] = hijri.attrs["value_hijri"]
                anchor = attrs.pop("anchor", None)
                if anchor:
                    attrs["anchor"] = anchor
                out[-1] = _Cand(prev.start, c.end, "hijri-gregorian-pair", attrs)
                continue
            out.append(c)
        return out


def _resolve(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping candidates, the longest first, then the earliest."""
    taken: list[_Cand] = []
    for c in sorted(cands, key=lambda c: (-c.length, c.start)):
        if c.length <= 0:
            continue
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda c: c.start)


#: Marks that belong to the letter before them: a span keeps them ("الجمعةَ").
_TRAILING_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]+")


def _to_span(c: _Cand, clean: CleanText, original: str) -> Span:
    start, end = clean.original_span(c.start, c.end)
    marks = _TRAILING_MARKS.match(original, end)
    if marks:
        end = marks.end()
    return Span("date", start, end, (Evidence("rule", c.rule),), c.attrs)


def _replacements(table: dict) -> tuple[tuple[str, str], ...] | None:
    """A ``str.translate`` table as (character, replacement) pairs, when
    replacing them one after another translates alike: each character
    becomes one character, none that another pair replaces."""
    pairs = {chr(c): chr(r) if isinstance(r, int) else r for c, r in table.items()}
    if not all(isinstance(r, str) and len(r) == 1 and r not in pairs for r in pairs.values()):
        return None
    return tuple(pairs.items())


#: ``normalize.fold`` by ``str.replace``, some thirty times faster on Arabic
#: text than ``str.translate`` with a mapping.
_FOLD_PAIRS = _replacements(normalize._FOLD)


def _fold(text: str) -> str:
    """``normalize.fold(text)``."""
    if _FOLD_PAIRS is None:  # pragma: no cover - a fold that replacements cannot do
        return fold(text)
    for char, replacement in _FOLD_PAIRS:
        text = text.replace(char, replacement)
    return text


# --------------------------------------------------------------------------
# Public API


def find_dates(doc: AnalyzedDocument, lexicon: DateLexicon, reference: str | None) -> list[Span]:
    """Every date expression of ``doc``, with values relative to ``reference``
    (an ISO date; ``None``: relative dates get no value)."""
    clean: CleanText = doc.clean
    ref = _parse_ref(reference if reference is not None else doc.reference_date)
    folded = _fold(clean.text)
    matcher = _Matcher(folded, lexicon, ref, front_matter_end(clean.text), doc)
    return [_to_span(c, clean, doc.document.text) for c in matcher.run()]


def _is_future_verb(tok: Token) -> bool:
    """Is every reading of ``tok`` a verb in the future (the particle س before
    an imperfect verb: "سيجتمع", "وسيلتقي")?"""
    text = tok.text
    # the particle opens the word or follows و/ف: a cheap test before the readings
    if text[:1] != "س" and text[1:2] != "س":
        return False
    an = tok.analyses
    return bool(an) and all(a.pos == "verb" and "س" in a.prefixes for a in an)


_START = attrgetter("start")


#: A date alone on a line (give or take a source name) is the article's date.
DATELINE_LINE_EXTRA = 30
#: How much of the article's head may hold its dateline.
DATELINE_LINES = 6
DATELINE_CHARS = 1500
#: What every date the dateline rules can take holds: without a reference
#: date, a complete day gets its value only from a year written in 3 or 4
#: digits (the ``year`` groups of the ``absolute`` and ``numeric`` patterns),
#: inside the date or in the one it shares its year with.
_YEAR_DIGITS = re.compile("(?<![0-9])[0-9]{3,4}(?![0-9])")
_ASCII_DIGITS = frozenset("0123456789")


def _has_year_digits(text: str, start: int, end: int) -> bool:
    """``_YEAR_DIGITS.search(text, start, end)`` found something: a run of
    3 or 4 digits starts in the range, up to its end. ``re`` cannot skip to
    the digits of a pattern that opens with a lookbehind, and tries it at
    every character; it skips to those of a plain run of digits."""
    for m in _NUMBER.finditer(text, start, end):
        run_start, run_end = m.span()
        if run_start == start and start > 0 and text[start - 1] in _ASCII_DIGITS:
            continue  # a run begun before the range
        if 3 <= run_end - run_start <= 4:
            return True
    return False


def find_reference_date(doc: AnalyzedDocument | CleanText, lexicon: DateLexicon) -> tuple[str, str] | None:
    """The article's own date from its first lines: ``(iso_date, rule)``.

    A timestamp with a time ("12-7-2024 | 17:24") beats a bare date, which
    beats a date further down the head; only complete Gregorian days count."""
    clean: CleanText = doc.clean if isinstance(doc, AnalyzedDocument) else doc
    text = clean.text
    body, head_end = _head(text)
    # half of the articles have no year in their head: spare them the seven rules
    if not _has_year_digits(text, body, head_end):
        return None
    head = text[:head_end]
    # a complete day comes from the absolute or numeric rule (or a pair of
    # them), so its span holds a month name or a numeric date: the hint of
    # its pattern (a fifth of the heads with a year have neither)
    months, numeric = lexicon.hints.get("absolute"), lexicon.hints.get("numeric")
    if months is not None and numeric is not None:
        folded = _fold(head)
        if not (months.search(folded, body) or numeric.search(folded, body)):
            return None
    return _dateline_in(head, body, lexicon)


def _head(text: str) -> tuple[int, int]:
    """Where the article's head, the part that may hold its dateline, starts
    and ends in its cleaned ``text``."""
    body = front_matter_end(text)
    head_end, lines = body, 0
    while head_end < len(text) and lines < DATELINE_LINES and head_end - body < DATELINE_CHARS:
        nl = text.find("\n", head_end)
        line_end = len(text) if nl < 0 else nl + 1
        if text[head_end:line_end].strip():
            lines += 1
        head_end = line_end
    return body, head_end


def _dateline_in(head: str, body: int, lexicon: DateLexicon) -> tuple[str, str] | None:
    """``find_reference_date`` of a cleaned head whose body starts at ``body``."""
    folded = _fold(head)
    matcher = _Matcher(folded, lexicon, None, body)
    found = [
        c for c in matcher.run()
        if c.attrs["kind"] in ("absolute", "hijri") and c.attrs["precision"] in ("day", "minute") and c.attrs["value"]
    ]
    if not found:
        return None
    with_time = [c for c in found if c.attrs["precision"] == "minute"]
    if with_time:
        return with_time[0].attrs["value"][:10], "dateline-timestamp"
    for c in found:
        line_start = folded.rfind("\n", 0, c.start) + 1
        line_end = folded.find("\n", c.end)
        line = folded[line_start:len(folded) if line_end < 0 else line_end]
        if len(line.strip()) - (c.end - c.start) <= DATELINE_LINE_EXTRA:
            return c.attrs["value"][:10], "dateline-line"
        if c.has_weekday and _weekday_agrees(c, folded, lexicon):
            return c.attrs["value"][:10], "dateline-weekday-date"
    return None


def _weekday_agrees(c: _Cand, folded: str, lexicon: DateLexicon) -> bool:
    """"الثلاثاء 3 يناير 2023" is a dateline only if 3 January 2023 was a Tuesday."""
    m = lexicon.patterns["weekday_name"].match(folded, c.start)
    if not m:
        return False
    return _dt.date.fromisoformat(c.attrs["value"][:10]).weekday() == lexicon.weekdays[" ".join(m.group(0).split())]
