"""Rules for names no gazetteer has, and coreference inside one article.

Rule names (the ``rule:`` part of a span's evidence):

- ``title-before-name``: "الرئيس الأمريكي جو بايدن", "رئيس كوريا الجنوبية يون سوك يول"
- ``name-before-title``: "كيم أون هاي، السكرتير الصحفي ليون"
- ``quoted-name``: ووقع "تشو تشانج-ريه" (a verb, then a name in quotation marks)
- ``given-name``: a known given name followed by unknown words
- ``proper-noun-run``: two or more proper nouns of the analyzer in a row
- ``after-nationality``: a nationality adjective as a noun, then a name ("وسجل الهولندي
  أريين روبن", "والفرنسية ليا سيدو")
- ``name-cue``: the words after "يدعى", "المدعو" ("روسي يدعى فيليب بوديكين"), or a name
  after a kinship noun ("وزوجته ميشيل")
- ``institution-head``: "وزارة الدفاع الكورية الجنوبية", "مكتب الرئاسة في كوريا الجنوبية"
- ``definite-head-adjective``: "الإدارة الأمريكية", "المجموعة الاستشارية النووية",
  "الاتحاد الإنجليزي لكرة القدم"
- ``parenthesized-alias``: "وكالة الأنباء الكورية الجنوبية (يونهاب)"
- ``coreference``: "بايدن", "الرئيس يون", "الوزارة" after the full mention
"""
from __future__ import annotations

from functools import lru_cache
from itertools import compress
from typing import Any, Iterator

from . import gazetteer as gz
from .entities import (_CLOSE_QUOTES, _COMMA, _COMMAS, _MAY_OPEN_NAME, _NAME_CONNECTORS, _NAME_CUE,
                       _NAME_HEAD, _NATIONALITY, _OPEN_QUOTE, _OPEN_QUOTES, _OPENS_NAME, _QUOTE_VERB, _TITLE,
                       _Cand, _View, _entry_attrs)
from .model import _ARABIC_LETTER, Evidence

_MAX_NAME = 4
#: Connectors that never open a name: "ولد عمران خان" is "was born", not "Ould".
_NEVER_FIRST = frozenset({"ولد"})
#: Connectors that open no name right after a name: "تميم بن حمد آل ثاني" is one
#: name, "بن حمد آل ثاني" is its tail (but "المحامي بن برافمان" is Ben).
_NOT_AFTER_NAME = frozenset({"بن", "بنت"})
#: "آل" as keys fold it: the family of a dynasty ("آل ثاني"), the name's last part.
_AL = "ال"
#: Connectors that carry a known name on ("حمدان بن محمد بن راشد آل مكتوم").
_NAME_TAILS = frozenset({"بن", "ابن", "بنت", _AL})
#: Connectors that open no given-name rule ("بن"; "عبد" and "ابو" open compound names).
_NOT_GIVEN_NAMES = _NAME_CONNECTORS - {"عبد", "ابو"}
#: Tokens a name's words are counted without: its connectors and hyphens.
_NOT_NAME_WORDS = _NAME_CONNECTORS | {"-"}
_MAX_COMPLEMENTS = 7
#: Punctuation that opens a title or an aside rather than ending a phrase.
_OPENERS = _OPEN_QUOTES | {"(", "["}
#: How far after its first token a name may meet the comma before its title:
#: _MAX_NAME words, the hyphens between them and quotation marks.
_COMMA_REACH = 2 * _MAX_NAME + 3


@lru_cache(maxsize=None)
def _rule(name: str) -> Evidence:
    """The evidence of a rule: one per rule, spans share it (it is immutable)."""
    return Evidence("rule", name)


# -- titles ----------------------------------------------------------------------


def _is_definite(v: _View, i: int) -> bool:
    k = v.keys[i]
    return k.startswith("ال") and len(k) > 3


def _title_complements(v: _View, j: int, limit: int = _MAX_COMPLEMENTS, joined: bool = False,
                       of_institution: bool = False) -> int:
    """End of the complements of a title or institution head starting at token j.

    ``joined``: a definite noun joined with و belongs to the name when more of
    the name follows ("وزارة أوروبا والشؤون الخارجية", "هيئة الموانئ والمناطق
    الحرة"); asked only after an indefinite institution head. ``of_institution``:
    an institution after the preposition ل is the addressee of an institution
    that speaks, not its complement."""
    count = 0
    adjectives = False
    chain: int | None = None
    while j < v.n and count < limit:
        k = v.keys[j]
        if adjectives and not (j in v.place_at or k in v.lex.nisba or k in v.lex.directions or k == "في"
                               or k in v.lex.title_complements or k.startswith("ل")):
            break  # after "الأمريكية" a definite noun starts something else: "الإدارة الأمريكية التعليق"
        if k in v.lex.nisba or k in v.lex.directions:
            adjectives = True
        if (j in v.place_at or j in v.inst_at) and k.startswith("و") and \
                (v.place_at.get(j) or v.inst_at[j]).start > v.toks[j].start:
            break  # "منظمة الخوذ البيضاء والمرصد السوري": a second name
        if of_institution and j in v.inst_at and k.startswith("ل") and v.inst_at[j].start > v.toks[j].start:
            break  # "وقالت شركة نتفليكس لبي بي سي": the addressee, not a complement
        if j in v.place_at:
            j = v.place_at[j].j
        elif j in v.inst_at and v.inst_at[j].i == j:
            j = v.inst_at[j].j
        elif k in v.lex.nisba or k in v.lex.directions:
            j += 1
        elif k in v.lex.title_complements and k != "في":
            if k == "باسم" and j + 1 < v.n:
                j += 1
                continue
            j += 1
        elif k == "في" and j + 1 < v.n and (j + 1 in v.place_at or j + 1 in v.inst_at):
            j += 1
            continue
        elif _is_definite(v, j) and k not in v.lex.stop_complements and not v.stop[j] and j not in v.person_at \
                and not (j + 1 < v.n and v.keys[j + 1] in _NOT_AFTER_NAME):  # "الأمير الوليد بن طلال"
            j += 1
        elif k.startswith("لل") and len(k) > 4 and not (j + 1 < v.n and v.stop[j + 1]):
            j += 1  # "منظمة الأمم المتحدة للتربية"; not "مجلس الأمن للانعقاد بعد"
        elif joined and _joined_complement(v, j) or count and _joined_field(v, j):
            j += 1
        elif k.startswith("ل") and len(k) > 3 and (v.known_parts.get(k[1:]) or k[1:] in v.lex.nisba):
            j += 1
        elif of_institution and count == 0 and _indefinite_genitive_head(v, j):
            chain = j  # "شرطة مكافحة الإرهاب", "شرطة مدينة لندن": the name's own genitive chain
            j += 1
        else:
            break
        count += 1
    # a chain names an institution only when a nationality or a place closes the
    # name ("شرطة مكافحة الإرهاب البريطانية"); "إدارة مرحلة التحول" is an activity
    if chain is not None and not (v.keys[j - 1] in v.lex.nisba or j - 1 in v.place_at):
        return chain
    return j


def _indefinite_genitive_head(v: _View, j: int) -> bool:
    """An indefinite noun right after a head, itself followed by its definite
    genitive or a place ("مكافحة الإرهاب", "مدينة لندن"): no verb, no name."""
    if not v.analyzed or v.stop[j] or j + 1 >= v.n or v.sentence[j + 1] != v.sentence[j]:
        return False
    if not (_is_definite(v, j + 1) and not v.stop[j + 1] or j + 1 in v.place_at):
        return False
    readings = v.toks[j].analyses
    return bool(readings) and all(a.pos == "noun" and not a.prefixes and not a.suffixes and not a.backoff
                                  for a in readings)


def _adjectives(v: _View, j: int) -> int:
    """End of the nationality and direction adjectives starting at token j."""
    while j < v.n and (v.keys[j] in v.lex.nisba or v.keys[j] in v.lex.directions):
        j += 1
    return j


def _adjective_run_end(v: _View, he: int, e: int) -> int:
    """``e``, or the first definite noun after an adjective in ``[he, e)``:
    adjectives close an Arabic noun phrase, so a noun after them starts the
    next one ("الكنيسة القبطية الأرثوذكسية | الراهب"). A complement with
    "لل" still belongs to the name ("الهيئة العامة للاستثمار")."""
    seen_adjective = False
    for t in range(he, e):
        k = v.keys[t]
        readings = v.toks[t].analyses
        adjective = k in v.lex.nisba or (k.endswith(("يه", "ي")) and _is_definite(v, t)) or any(
            a.pos == "adj" for a in readings)
        if seen_adjective and not adjective and k.startswith("ال") and readings and all(
                a.pos == "noun" and not a.backoff for a in readings):
            return t
        seen_adjective = seen_adjective or adjective
    return e


def _foreign_name_end(v: _View, j: int) -> int:
    """End of the words of a foreign name after its first ("شركة سيريكا إنرجي",
    "جامعة سانت جورج"): words the analyzer reads only as proper nouns or does
    not know, or parts of known names, never as a verb ("محكمة مولوز حكمت")."""
    while j < v.n and v.name_like(j) and j not in v.inst_at and (v.prop_only[j] or v.strong_name(j)) \
            and not v.keys[j].startswith(("ال", "و")) and not any(a.pos.startswith("verb") for a in v.toks[j].analyses):
        j += 1
    return j


def _joined_field(v: _View, j: int) -> bool:
    """"والصناعة" in "وزارة التجارة والصناعة": و + a field that names share."""
    k = v.keys[j]
    return k.startswith("وال") and k[1:] in v.lex.joined_fields


def _joined_complement(v: _View, j: int) -> bool:
    """"والشؤون" in "وزارة أوروبا والشؤون الخارجية": و + a definite noun that is
    no institution head, followed by a nationality or relational adjective."""
    k = v.keys[j]
    if not (k.startswith("وال") and len(k) > 5) or v.stop[j] or j + 1 >= v.n:
        return False
    if v.lex.head_trie.get(k[1:]) is not None or v.lex.title_trie.get(k[1:]) is not None:
        return False  # "والجمعية العامة": a second institution
    nxt = v.keys[j + 1]
    return nxt in v.lex.nisba or (_is_definite(v, j + 1) and nxt.endswith(("يه", "ي")) and not v.stop[j + 1]
                                  and nxt not in v.lex.stop_complements)


def _title_at(v: _View, i: int) -> tuple[int, int, int, bool] | None:
    """A title phrase at token i: (first token, prefix len, end token, whether
    it has a head noun and not only modifiers such as "أول"), or None."""
    j = i
    plen = 0
    seen_modifier = False
    while j < v.n:
        m = v.longest_match(v.lex.modifier_trie, j, forms=(j == i))
        if not m:
            break
        if j == i:
            plen = m[1]
        seen_modifier = True
        j = m[0]
    h = v.longest_match(v.lex.title_trie, j, forms=(j == i))
    if h:
        if j == i:
            plen = h[1]
        j = h[0]
    elif not seen_modifier:
        return None
    return i, plen, _title_complements(v, j), bool(h)


# -- names -------------------------------------------------------------------------


def _name_end(v: _View, i: int, quoted: bool = False, after_title: bool = False) -> int:
    """End of a person's name starting at token i (i itself if none).
    ``after_title``: right after a title, where a given name that is also a
    word ("وزيرة الثقافة إيناس عبد الدايم") opens a name."""
    if i in v.person_at and v.person_at[i].i == i and v.person_at[i].entry is not None:
        return v.person_at[i].j  # a known name: its gazetteer span
    j = i
    words = connectors = 0
    while j < v.n and words - connectors < _MAX_NAME + 1:
        k = v.keys[j]
        if j > i and k == "-" and j + 1 < v.n and v.toks[j].start == v.toks[j - 1].end:
            j += 1
            continue
        if j in v.person_at and j > i:
            g = v.person_at[j]
            if g.i == j and g.entry is not None and words == 1:
                return g.j  # "أنطونيو غوتيريس": the rest of a known name
            break
        if not v.name_like(j) or v.toks[j].sentence != v.toks[i].sentence or j == i and (
                k in _NEVER_FIRST or k in _NOT_AFTER_NAME and i > 0 and (v.strong_name(i - 1) or i - 1 in v.person_at)):
            break
        if j > i and not quoted and v.preposed[j] and v.unknown[j - 1] and len(k) > 3 and not v.strong_name(j):
            break  # "هانيس هالدورسون لركلة": after a foreign name, ل + a known noun ends it ("أندرو بايلي" stays)
        if j > i and k.startswith("و") and len(k) > 3 and not quoted and v.keys[j - 1] not in _NAME_CONNECTORS:
            # "يون وبايدن": a second name, not a part of this one
            if k[1:] in v.known_parts or k[1:] in v.res.name_parts or k[1:] in v.lex.given_names:
                break
        if j > i and k.startswith("ال") and not quoted:
            prev = v.keys[j - 1]
            # "محمد الأمين": a given name, then a family name that is also a word;
            # not after "بن حمد" or "آل ثاني", where the name is whole ("الشيخ خليفة بن حمد | الوفد")
            after_bin = j - 2 >= i and (v.keys[j - 2] in _NOT_AFTER_NAME or v.keys[j - 2] == _AL)
            if not (v.given[j - 1] and not after_bin or prev in _NAME_CONNECTORS or k in _NAME_CONNECTORS
                    or k in v.res.name_parts or k in v.lex.proper_nouns
                    or (v.analyzed and v.prop[j] and not (after_bin and _common_noun(v, j)))):
                break
        if k.startswith("ال") and j == i and not (quoted and v.prop_only[j]) and not (
                j + 1 < v.n and v.keys[j + 1] in _NOT_AFTER_NAME):  # "الوليد بن طلال"
            break
        if j > i and (v.analyzed and v.coordinated[j] or _conjoined(v, j)):
            break  # "نيمار وجيرود", "يبحث ويلتقي": a second item, not a part of this name
        if j == i and v.analyzed and not quoted and not v.strong_name(j) and \
                any(a.pos.startswith("verb") and a.prefixes[:1] in (("و",), ("ف",)) for a in v.toks[j].analyses):
            break  # "وكتب يحيى إسطون": the verb is not the name
        if j == i and quoted and v.analyzed and v.blocker[j] and not v.given[j] and not v.strong_name(j):
            break  # "كأس جول ريميه": a quoted title that opens with a common noun names a thing
        if j > i and v.analyzed and not quoted and v.verb[j] and not v.strong_name(j) and v.strong_name(j - 1) \
                and _verb_or_possessed(v, j):
            break  # "محمد العتيبي علمه", "كوهين ينقلب": the predicate after the name
        if v.analyzed and not quoted and not v.strong_name(j) and v.blocker[j] and not (
                after_title and j == i and v.given[j] and j + 1 < v.n and v.name_like(j + 1)
                and _known_name_part(v, j + 1)) and not (after_title and _common_surname(v, i, j)):
            break
        words += 1
        if k in _NAME_CONNECTORS:  # "خليفة بن حمد آل ثاني" is three names long
            connectors += 1
        j += 1
    if words - connectors > _MAX_NAME and not quoted:
        return i
    if v.analyzed and not quoted and words == 1 and j > i and not v.strong_name(i):
        return i  # one word the analyzer reads as a verb: "الرئيس الأمريكي يزور"
    if v.analyzed and quoted and j > i and not (v.given[i] or any(
            v.strong_name(t) and not v.given[t] for t in range(i, j))):
        return i  # "صعبة للغاية": ordinary words in quotation marks
    while j > i and (v.keys[j - 1] in _NAME_CONNECTORS or v.keys[j - 1] == "-"):
        j -= 1
    return _regnal_end(v, j) if j > i else j


def _name_tail_end(v: _View, j: int) -> int:
    """End of the "بن X" / "آل X" links that carry a known name on from
    token ``j`` ("الشيخ حمدان بن محمد بن راشد | آل مكتوم": the gazetteer's
    name, written in full); ``j`` if none."""
    while (j + 1 < v.n and v.keys[j] in _NAME_TAILS and v.toks[j + 1].sentence == v.toks[j].sentence
           and v.name_like(j + 1) and j + 1 not in v.inst_at):
        j += 2
    return j


def _regnal_end(v: _View, j: int) -> int:
    """After a name ending at token j, the end of a ruler's ordinal
    ("فيليب الثاني", "لويس الرابع عشر"), j itself if none."""
    for size in (2, 1):
        if tuple(v.keys[j:j + size]) in v.lex.regnal_ordinals:
            return j + size
    return j


#: Parts of speech of a given name that may open a name with a common noun after it.
_NAME_OR_WORD = frozenset({"noun", "noun_prop", "adj", "verb"})


def _common_noun(v: _View, j: int) -> bool:
    """Does the lexicon know token j as a common noun ("الوفد"), whatever proper noun it may also be?"""
    return any(a.pos == "noun" and not a.backoff for a in v.toks[j].analyses)


def _common_surname(v: _View, i: int, j: int) -> bool:
    """"الإعلامي المصري توفيق عكاشة": after a title and a given name, one
    indefinite noun that has no other reading and no clitic is the family
    name, though it is also a word, when the phrase ends after it (the name's
    predicate, a preposition, an adverb, punctuation)."""
    if j != i + 1 or not v.given[i] or v.stop[j] or not v.name_like(j) or v.keys[j].endswith("ا"):
        return False  # "وفدا": an indefinite object
    if any(a.pos not in _NAME_OR_WORD for a in v.toks[i].analyses):
        return False  # "الرئيس أية تفاصيل": the name Aya is also the pronoun "any"
    readings = v.toks[j].analyses
    if not readings or any(a.pos != "noun" or a.prefixes or a.suffixes for a in readings):
        return False
    if j in v.place_at or j in v.inst_at or v.lex.title_trie.get(v.keys[j]) is not None:
        return False
    after = j + 1
    return _phrase_ends(v, after) or v.stop[after] or v.verb[after] or any(
        a.pos == "adv" for a in v.toks[after].analyses)


#: Words that end a name before what its bearer says: "وقال توفيق عكاشة إن".
_CLAUSE_OPENERS = frozenset({"ان", "انه", "انها", ":"})


def _phrase_ends(v: _View, j: int) -> bool:
    """Does a phrase end before token j: the end of the sentence, punctuation
    that opens no aside, or a complementizer?"""
    return j >= v.n or v.sentence[j] != v.sentence[j - 1] or v.keys[j] in _CLAUSE_OPENERS \
        or v.punct[j] and v.keys[j] not in _OPENERS


def _closing_surname(v: _View, j: int) -> bool:
    """"المهندس يعرب القضاة،", "القاضي عبد الستار البيرقدار إن": after a title
    and a name, a definite word right before a comma or a complementizer is the
    family name, though it is also a common word."""
    return j < v.n and _is_definite(v, j) and v.name_like(j) and not v.stop[j] \
        and j not in v.place_at and j not in v.inst_at and j not in v.person_at \
        and v.keys[j] not in v.lex.title_complements and v.keys[j] not in v.lex.stop_complements \
        and v.lex.title_trie.get(v.keys[j]) is None and _phrase_ends(v, j + 1)


def _after_nationality(v: _View, i: int) -> bool:
    """Is token i right after a nationality adjective, where a person is named
    ("المخرج الإيراني جعفر بناهي", "والفرنسية ليا سيدو")?"""
    return i > 0 and any(f in v.lex.nisba for f, _ in v.forms[i - 1])


def _bare_nationality(v: _View, j: int) -> bool:
    """A nationality adjective at token j used as a noun, "the Dutchman": definite,
    after a verb, punctuation or the start of a sentence, or joined with و to an
    earlier one ("الممثلة الأمريكية ... والفرنسية"), not after the noun it describes."""
    if j < 0 or not v.starts[j] & _NATIONALITY or j in v.place_at:  # "السعودية تأمر": the country
        return False
    before = j - 1
    return v.keys[j].startswith("وال") or before < 0 or v.sentence[before] != v.sentence[j] \
        or v.punct[before] and v.keys[before] not in _OPENERS or v.verb[before] or v.keys[before] in v.lex.person_verbs


def _nationality_name(v: _View, i: int) -> int:
    """End of a name of two or three words after a nationality adjective, i
    itself if none. The nationality says a person follows, so its words are a
    name whatever else the analyzer reads in them ("بناهي" as an adjective,
    "دوني" as دون + ي), when one of them is a known or foreign name and the
    phrase ends after them."""
    def fits(t: int) -> bool:
        k = v.keys[t]
        return v.sentence[t] == v.sentence[i] and not (v.punct[t] or v.stop[t] or k.startswith(("ال", "و"))) \
            and len(k) >= 2 and _ARABIC_LETTER.search(k) is not None and t not in v.place_at \
            and t not in v.inst_at and t not in v.person_at and k not in v.lex.nisba \
            and v.lex.title_trie.get(k) is None and not _verb_or_possessed(v, t)
    if i >= v.n or v.verb[i] and not v.given[i]:
        return i
    for size in (3, 2):
        e = i + size
        if e > v.n or not all(fits(t) for t in range(i, e)) or not _phrase_ends_or_new(v, e):
            continue
        if size == 3 and not (v.strong_name(e - 1) or v.unknown[e - 1]):
            continue
        if any(v.given[t] and v.keys[t] not in v.lex.given_common or v.prop_only[t] for t in range(i, e)):
            return e
        if v.analyzed and v.prop[e - 1]:
            return e  # "الهولندي أريين روبن": a family name the analyzer knows as a proper noun
    # "عبر البرازيلي مارسيلو.": one word the lexicon does not know, then the end of the phrase
    if v.analyzed and fits(i) and v.unknown[i] and not v.keys[i].startswith(_ARTICLE_AFTER_CLITIC) \
            and _phrase_ends(v, i + 1):
        return i + 1
    return i


#: A proclitic and the article: "للفرانكفونية" is no one's name.
_ARTICLE_AFTER_CLITIC = ("لل", "بال", "فال", "كال")


def _phrase_ends_or_new(v: _View, j: int) -> bool:
    """After a name: the phrase ends, or a definite, coordinated or verbal word starts the next one."""
    return _phrase_ends(v, j) or v.stop[j] or v.keys[j].startswith(("ال", "و")) or v.verb[j] \
        or v.analyzed and v.nominal[j] and not v.prop[j]  # "أريين روبن هدفا"


def _apposed_name(v: _View, i: int) -> int:
    """End of a name set between commas after a title ("المتحدثة باسم وزارة
    الأمن الداخلي، كاتي والدمان، السبت"), i itself if none: a given name and
    one or two more words, whatever else the analyzer reads in them ("والدمان"
    is no "و" + noun here), or a first name the lexicon knows only as a proper
    noun or not at all ("، غاري إيتنهيد،": "غاري" is also "my cave")."""
    close = v.next_comma[i]
    if not (2 <= close - i <= 3 and close < v.n):
        return i
    if not (v.given[i] and v.keys[i] not in v.lex.given_common
            or v.analyzed and any(v.unknown[t] or v.prop_only[t] for t in range(i, close))):
        return i
    if any(v.stop[t] or not v.name_like(t) or v.sentence[t] != v.sentence[i] or t in v.place_at or t in v.inst_at
           or v.keys[t].startswith("ال") and t == i for t in range(i, close)):
        return i
    return close


def _verb_or_possessed(v: _View, j: int) -> bool:
    """A present-tense verb (ينقلب، تنتقد) or a noun with a possessive pronoun
    (علمه، عملها): the analyzer knows such a word, and no name has it."""
    analyses = v.toks[j].analyses
    k = v.keys[j]
    if k[:1] in ("ي", "ت") and len(k) > 3 and all(a.pos.startswith("verb") for a in analyses):  # not "يون"
        return True
    return k.endswith(("ه", "ها", "هم")) and any(a.suffixes and not a.pos.startswith("verb") for a in analyses)


def _framed_surname(v: _View, i: int) -> bool:
    """A given name at token i and a family name after it that is also a word
    (الأمين، الهيتي، المهيري), framed as a name is: after a verb, punctuation or
    a nationality noun ("للإماراتية حصة المهيري"), and before punctuation, a
    title or a verb ("البارز علي الأمين،"). The family name has a proper-noun
    reading or the shape of a nisba (ال...ي), which "علي الاتفاق" has not."""
    s, e = i + 1, i + 2
    if e > v.n or not v.name_like(s) or v.sentence[s] != v.sentence[i] or s in v.person_at or s in v.inst_at:
        return False
    k = v.keys[s]
    if not (v.prop_only[s] or _is_definite(v, s) and (
            v.prop[s] or k.endswith("ي") and k not in v.lex.nisba and k not in v.lex.title_complements)):
        return False
    if "" in v.lex.title_trie.get(v.keys[i], ()):
        return False  # "سفير مانيلا": a title, whatever names it is also
    before = i - 1
    left = i == 0 or v.punct[before] and v.keys[before] not in _OPENERS or v.sentence[before] != v.sentence[i] \
        or v.keys[before] in v.lex.person_verbs \
        or any(f in v.lex.nisba for f, _ in v.forms[before])
    if not left and not (v.analyzed and v.blocker[i]):
        # a word the analyzer reads only as a common noun ("خادم", "حصة") needs the narrower frame
        left = v.analyzed and v.verb[before] or _is_definite(v, before) and v.analyzed and v.blocker[before]
    right = e == v.n or v.sentence[e] != v.sentence[s] or v.punct[e] and v.keys[e] not in _OPEN_QUOTES \
        or v.longest_match(v.lex.title_trie, e) is not None or v.analyzed and v.verb[e]
    return left and right


def _reported_name(v: _View, i: int) -> bool:
    """"وقال توفيق عكاشة إن": a reporting verb, a given name, one more word and
    the complementizer or colon that opens what was said."""
    s = i + 1
    return 0 < i and s + 1 < v.n and v.keys[i - 1] in v.lex.person_verbs and v.name_like(s) \
        and not _is_definite(v, s) and not v.stop[s] and v.sentence[s] == v.sentence[i] \
        and s not in v.place_at and s not in v.inst_at and v.keys[s + 1] in _CLAUSE_OPENERS \
        and not any(a.pos == "adj" for a in v.toks[s].analyses)  # "وتقول ماجدة ضاحكة:" describes her


def _framed_foreign_name(v: _View, i: int, e: int, words: list[int]) -> bool:
    """Foreign names the analyzer also reads as words ("موريس ليفي", "باولو
    غاريرو"): every word has a proper-noun reading and one has no other,
    right after a reporting verb, or between a verb or punctuation and a
    title or punctuation ("ويقول موريس ليفي الرئيس السابق")."""
    if not all(v.prop[t] for t in words) or not any(v.prop_only[t] or v.strong_name(t) for t in words):
        return False
    before = i - 1
    if before >= 0 and v.keys[before] in v.lex.person_verbs:
        return True
    left = before < 0 or v.punct[before] and v.keys[before] not in _OPENERS or v.verb[before]
    right = e == v.n or v.punct[e] and v.keys[e] not in _OPENERS or v.longest_match(v.lex.title_trie, e) is not None
    return left and right


def _known_name_part(v: _View, j: int) -> bool:
    """Is token j a given name or a word of a gazetteer or article name?"""
    k = v.keys[j]
    return bool(v.given[j] or k in v.res.name_parts or v.known_parts.get(k))


def _clitic_before_name(v: _View, i: int) -> bool:
    """"لماتيو": a proclitic on a name the article or the gazetteer knows."""
    return any(p and (v.known_parts.get(f) or f in v.res.name_parts or f in v.lex.given_names)
               for f, p in v.forms[i][1:])


def _conjoined(v: _View, j: int) -> bool:
    """"وجيرود": و + a word, where the whole token is no known name (وليد is one)."""
    k = v.keys[j]
    return (k.startswith("و") and len(k) > 4 and k not in v.lex.given_names
            and k not in v.res.name_parts and not v.known_parts.get(k))


def _quoted_name(v: _View, i: int) -> tuple[int, int] | None:
    """A name in quotation marks opening at token i: (first, end) tokens of the name."""
    if i >= v.n or v.toks[i].text not in _OPEN_QUOTES:
        return None
    e = _name_end(v, i + 1, quoted=True)
    if e > i + 1 and e < v.n and v.toks[e].text in _CLOSE_QUOTES:
        return i + 1, e
    return None


def _quoted_words(v: _View, i: int, limit: int = 6) -> tuple[int, int] | None:
    """Words in quotation marks opening at token i, whatever they are: the name
    of a company, paper or body after its head noun (صحيفة "الوسط")."""
    if i >= v.n or v.toks[i].text not in _OPEN_QUOTES:
        return None
    for t in range(i + 1, min(i + 2 + limit, v.n)):
        if v.toks[t].text in _CLOSE_QUOTES:
            return (i + 1, t) if t > i + 1 else None
        if v.punct[t] and v.keys[t] != "-":
            return None
    return None


#: ``gazetteer.skeleton`` of the names the rules find, which articles repeat
_skeleton = lru_cache(maxsize=4096)(gz.skeleton)


def _person(v: _View, i: int, j: int, rule: str, title: str | None) -> _Cand:
    start, end = v.toks[i].start, v.toks[j - 1].end
    if _conjoined(v, i) and v.toks[i].is_arabic:
        start = v.base_start(i, 1)  # "وإيريك ربير" -> "إيريك ربير"
    surface = v.surface(start, end)
    entry_index = v.res.skeletons.get(_skeleton(surface)) if j - i > 1 else None
    g = v.person_at.get(j - 1)
    if entry_index is None and g is not None and g.entry is not None and g.j == j:
        entry_index = g.entry
    attrs: dict[str, Any]
    if entry_index is not None:
        attrs = _entry_attrs(v.res.entries[entry_index])
    elif j - i == 1 and v.known_parts.get(v.keys[i]):
        name, entry_index, ident = v.known_parts[v.keys[i]]
        attrs = {"name": name, "id": ident}
        rule_ev = [_rule(rule), _rule("coreference")]
        cand = _Cand("person", i, j, start, end, rule_ev, attrs, entry_index)
        if title:
            cand.attrs["title"] = title
        return cand
    else:
        name = _joined_name(v, i, j)
        attrs = {"name": name[1:] if start != v.toks[i].start else name}
        fuller = _fuller_name(v, j - 1, attrs["name"])
        if fuller is not None:  # "عبد الفتاح" after "قصي عبد الفتاح"
            name, entry_index, ident = fuller
            cand = _Cand("person", i, j, start, end, [_rule(rule), _rule("coreference")],
                         {"name": name, "id": ident}, entry_index)
            if title:
                cand.attrs["title"] = title
            return cand
    cand = _Cand("person", i, j, start, end, [_rule(rule)], attrs, entry_index)
    if entry_index is not None:
        cand.evidence.append(_gaz_ev(v, entry_index))
    if title:
        cand.attrs["title"] = title
    return cand


def _fuller_name(v: _View, last: int, name: str) -> tuple[str, int | None, str | None] | None:
    """The earlier person whose full name ends with ``name`` (of several words,
    the last at token ``last``), when the article names only one such person."""
    known = v.known_parts.get(v.keys[last])
    if not known:
        return None
    words, full = gz.name_tokens(name), gz.name_tokens(known[0])
    return known if len(full) > len(words) and full[len(full) - len(words):] == words else None


def _gaz_ev(v: _View, index: int) -> Evidence:
    return v.res.evidence[index]


def _joined_name(v: _View, i: int, j: int) -> str:
    """The cleaned surface of tokens i..j, hyphens kept where the text has them."""
    parts = []
    for t in range(i, j):
        tok = v.toks[t]
        if parts and v.toks[t - 1].end == tok.start:
            parts[-1] += tok.text
        else:
            parts.append(tok.text)
    return " ".join(parts)


def _title_text(v: _View, i: int, plen: int, e: int) -> str:
    start = v.base_start(i, plen)
    end = v.toks[e - 1].end
    return " ".join(v.surface(start, end).split())


def _register(v: _View, cand: _Cand) -> None:
    """Remember a person's words so later short mentions link to the full name."""
    if cand.type != "person":
        return
    for t in range(cand.i, cand.j):
        v.person_at[t] = cand
    words = [t for t in range(cand.i, cand.j) if v.keys[t] not in _NAME_CONNECTORS and v.keys[t] != "-"]
    if len(words) < 2:
        return
    ident = cand.attrs.get("id")
    for t in (words[0], words[-1]):
        k = v.keys[t]
        if len(k) < 2 or k in v.lex.stopwords:
            continue
        if t == words[0] and k in v.lex.given_names:
            continue  # "محمد" alone is anyone
        old = v.known_parts.get(k, ())
        if k in v.known_parts and (old is None or gz.name_tokens(old[0]) != gz.name_tokens(cand.attrs["name"])):
            v.known_parts[k] = None  # two people share the word ("خان"): no short mention links
        elif k not in v.known_parts:  # the first spelling stays: "ديفيد استوري", then "ديفيد أستوري"
            v.known_parts[k] = (cand.attrs["name"], cand.entry, ident)


# -- the passes ---------------------------------------------------------------------


def run_rules(v: _View, gaz: list[_Cand]) -> list[_Cand]:
    out: list[_Cand] = list(gaz)
    gaz_person_at = {c.i: c for c in gaz if c.type == "person"}
    for c in gaz:
        if c.type == "person":
            _register(v, c)
    institutions = _institutions(v)
    for c in institutions:
        for t in range(c.i, c.j):
            v.inst_at.setdefault(t, c)
    out.extend(institutions)

    inside_titles, title_words = _work_titles(v)
    #: (first, end) token of each rule person so far: a second rule finding the
    #: same name adds its evidence and the title it read to the first
    rule_person_at: dict[tuple[int, int], _Cand] = {}
    for i in _person_positions(v):
        for c in _persons_at(v, i, gaz_person_at):
            if c.i in inside_titles or tuple(v.keys[c.i:c.j]) in title_words:
                continue  # فيلم "دولتشي فيتا"; the same words again elsewhere in the article
            if c.entry is not None and c.i in gaz_person_at:
                known = gaz_person_at[c.i]
                if c.j > known.j:  # the entry's name written in full ("... بن راشد آل مكتوم")
                    known.j, known.end = c.j, c.end
                    for t in range(c.i, c.j):
                        v.person_at[t] = known
                _merge_title(known, c)
                continue
            same = rule_person_at.get((c.i, c.j))
            if same is not None and same.start == c.start:
                _merge_title(same, c)
                continue
            rule_person_at[c.i, c.j] = c
            out.append(c)
            _register(v, c)
    out.extend(_aliases(v, [c for c in out if c.type == "institution"]))
    out.extend(_coreference(v, out))
    return out


def _merge_title(kept: _Cand, other: _Cand) -> None:
    """``other`` names the person ``kept`` names: the title it read, if ``kept``
    has none, and its rule join ``kept``'s."""
    if other.attrs.get("title") and not kept.attrs.get("title"):
        kept.attrs["title"] = other.attrs["title"]
        kept.evidence.append(other.evidence[0])


def _work_titles(v: _View) -> tuple[set[int], set[tuple[str, ...]]]:
    """Titles in quotation marks right after a noun that names a work or a
    medium, or a verb whose object is a work (فيلم "دولتشي فيتا", موقع "ماك
    ورلد", التي تقدم "لاتسارو فيليتشي"): their tokens, and their words, which
    name the work again wherever the article repeats them."""
    inside: set[int] = set()
    words: set[tuple[str, ...]] = set()
    for q in v.positions(_OPEN_QUOTE):
        if q == 0 or not (v.keys[q - 1] in v.lex.work_verbs
                          or any(f in v.lex.work_nouns for f, _ in v.forms[q - 1])):
            continue
        span = _quoted_words(v, q)
        if span:
            inside.update(range(*span))
            words.add(tuple(v.keys[span[0]:span[1]]))
    return inside, words


def _person_positions(v: _View) -> Iterator[int]:
    """The tokens where a rule of ``_persons_at`` may find a person, in order.

    Each rule first asks something of the token or its neighbours that
    depends on the words alone, and most tokens fail all of these. A person
    found earlier starts where a name may start (a word that may be a name,
    or a gazetteer name): so a name of two words or more (given-name,
    proper-noun-run) needs such a token or a hyphen after its first, and
    "name, title" such a token or a quotation mark at its start, and a title
    after the first comma ahead, which ends the name unless gazetteer names
    have commas. A proper-noun run also needs a second word that may be a
    name (``_run_may_continue``), and a person found on the way may make one
    of it: that is asked when the rules get there, so iterate lazily."""
    n, keys, starts, sentence, nc = v.n, v.keys, v.starts, v.sentence, v.next_comma
    heads = [i for i in v.positions(_NAME_HEAD)  # given-name, proper-noun-run
             if i + 1 < n and (starts[i + 1] & _MAY_OPEN_NAME or keys[i + 1] == "-")]
    found = set(v.positions(_TITLE))  # title-before-name
    found.update(i for i in heads if v.given[i] or keys[i] in v.lex.compound_given)
    found.update(j + 1 for j in v.positions(_NAME_CUE) if j + 1 < n)  # name-cue: "يدعى"
    found.update(j + 1 for j in v.positions(_NATIONALITY)  # after-nationality
                 if j + 1 < n and _bare_nationality(v, j))
    found.update(j - 1 for j in v.positions(_OPEN_QUOTE) if j > 0 and starts[j - 1] & _QUOTE_VERB)
    # name-before-title: at a boundary, with a comma close ahead
    if v.res.comma_in_names:
        near = (i for i in range(n) if nc[i] - i <= _COMMA_REACH)
    else:
        near = (i for c in v.positions(_COMMA) if c + 1 < n and v.title_start[c + 1]
                for i in range(max(0, c - _COMMA_REACH), c + 1) if nc[i] == c)
    found.update(i for i in near if starts[i] & _MAY_OPEN_NAME and (
        i == 0 or starts[i - 1] & _OPENS_NAME or sentence[i - 1] != sentence[i]))
    runs = set(heads) - found  # where only a proper-noun run may start
    for i in sorted(found | runs):
        if i not in runs or _run_may_continue(v, i):
            yield i


def _run_may_continue(v: _View, i: int) -> bool:
    """May a proper-noun run opening at token i have a second word? Every
    word of a run (not its connectors and hyphens) is a proper noun of the
    analyzer or a name (``strong_name``), so the first after token i must be."""
    t = i + 1
    while t < v.n and v.keys[t] in _NOT_NAME_WORDS:
        t += 1
    return t < v.n and (v.prop[t] or v.strong_name(t))


def _persons_at(v: _View, i: int, gaz_person_at: dict[int, _Cand]) -> list[_Cand]:
    found: list[_Cand] = []
    toks = v.toks
    # title-before-name
    t = _title_at(v, i) if v.title_start[i] else None
    if t and not (i in v.inst_at and v.inst_at[i].i < i):
        ti, plen, e, headed = t
        ns = e
        if ns < v.n and v.keys[ns] in _COMMAS:
            ns += 1
        # (first, end) token of the name the title is given to, and its gazetteer person
        named: tuple[int, int] | None = None
        known: _Cand | None = None
        q = _quoted_name(v, ns)
        if q:
            named = q
        elif ns in gaz_person_at:
            known = gaz_person_at[ns]
            named = known.i, known.j
            named = known.i, _name_tail_end(v, known.j)
        else:
            # modifiers alone ("أول أيام عيد", "الكبير يسري نصر الله") are a weaker title
            ne = _name_end(v, ns, after_title=headed)
            if headed and ns == e and _after_nationality(v, ns):
                ne = max(ne, _nationality_name(v, ns))
            if headed and 0 < ne - ns < _MAX_NAME and _closing_surname(v, ne) and (
                    v.given[ne - 1] or ne - ns > 1 and v.keys[ne - 2] in _NAME_CONNECTORS):
                ne += 1
            apposed = _apposed_name(v, ns) if ns > e else ns
            if apposed > ns:
                named = ns, apposed
            # "لاعب كرة قدم شاب": common words after a title name no one
            elif ne > ns and (ne - ns > 1 or v.strong_name(ns)) and not (v.analyzed and all(
                    v.nominal[t] and not v.strong_name(t) for t in range(ns, ne))):
                named = ns, ne
        if named is not None:  # the title's text only now: most titles name no one
            title = _title_text(v, ti, plen, e) if e > ti else None
            c = _person(v, named[0], named[1], "title-before-name", title)
            if known is not None:
                c.entry = known.entry
            found.append(c)
    # name-before-title: at a boundary, a name, a comma, then a title. Only
    # gazetteer names hold a comma, if any does: else the name's comma is the
    # first one ahead, and a title opens after it
    comma = v.next_comma[i]
    if comma - i <= _COMMA_REACH and (v.res.comma_in_names or comma + 1 < v.n and v.title_start[comma + 1]) and (
            i == 0 or v.punct[i - 1] or v.keys[i - 1] in ("و", "ف") or toks[i - 1].sentence != toks[i].sentence
            or v.keys[i - 1] in v.lex.person_verbs or (v.analyzed and v.verb[i - 1])):
        q = _quoted_name(v, i)
        if q:
            ns, ne, after = q[0], q[1], q[1] + 1
        else:
            ns, ne = i, _name_end(v, i)
            after = ne
        if ne > ns and after < v.n and v.keys[after] in _COMMAS:
            tt = _title_at(v, after + 1)
            if tt and tt[2] > tt[0] and (ne - ns > 1 or q or v.strong_name(ns)):
                title = _title_text(v, tt[0], tt[1], tt[2])
                if ns in gaz_person_at:
                    g = gaz_person_at[ns]
                    c = _person(v, g.i, g.j, "name-before-title", title)
                    c.entry = g.entry
                    found.append(c)
                elif not (ns in v.place_at or ns in v.inst_at):
                    found.append(_person(v, ns, ne, "name-before-title", title))
    # quoted-name after a verb: ووقع "تشو تشانج-ريه"
    if i + 1 < v.n and toks[i + 1].text in _OPEN_QUOTES and (
            v.keys[i] in v.lex.person_verbs or (v.analyzed and v.verb[i] and not v.stop[i])):
        q = _quoted_name(v, i + 1)
        if q and q[1] - q[0] >= 2 and q[0] not in v.person_at:
            found.append(_person(v, q[0], q[1], "quoted-name", None))
    # given-name followed by unknown words
    if (v.given[i] or v.keys[i] in v.lex.compound_given) and i not in v.person_at and i not in v.place_at \
            and i not in v.inst_at and not v.stop[i] and v.keys[i] not in _NOT_GIVEN_NAMES \
            and not (v.analyzed and v.coordinated[i]) and v.keys[i] not in v.lex.place_heads:
        ne = _name_end(v, i)
        # "أشرف القدرة الناطق باسم ...": a given name and one more word, then a title
        titled = ne - i <= 2 and v.name_like(i + 1) and (_is_definite(v, i + 1) or v.prop_only[i + 1]) \
            and (i == 0 or v.punct[i - 1] or v.keys[i - 1] in v.lex.person_verbs or v.verb[i - 1]) \
            and v.longest_match(v.lex.title_trie, i + 2) is not None
        framed = not titled and ne - i <= 2 and (_framed_surname(v, i) or _reported_name(v, i))
        if titled or framed:
            ne = i + 2
        # a given name that is also a common word needs more evidence
        trusted = v.keys[i] not in v.lex.given_common or titled or framed or i + 1 < v.n and (
            v.prop_only[i + 1] or v.keys[i + 1] in v.lex.compound_given and ne - i >= 3)  # "قصي عبد الفتاح"
        if trusted and ne - i >= 2 and (titled or framed or all(v.strong_name(t) for t in range(i + 1, ne)
                                                     if v.keys[t] != "-" and v.keys[t] not in _NAME_CONNECTORS)):
            if not any(t in v.person_at or t in v.inst_at for t in range(i, ne)):
                if v.strong_name(i + 1) or v.given[i]:
                    found.append(_person(v, i, ne, "given-name", None))
    # after-nationality: "وسجل الهولندي أريين روبن", "والفرنسية ليا سيدو"
    if _bare_nationality(v, i - 1) and i not in v.person_at:
        ne = _nationality_name(v, i)
        if ne > i:
            found.append(_person(v, i, ne, "after-nationality", None))
    # kin: "وزوجته ميشيل", a name on its own after a kinship noun
    if i > 0 and v.keys[i - 1] in v.lex.kin_nouns and i not in v.person_at and i not in v.place_at \
            and i not in v.inst_at and (v.strong_name(i) or v.given[i] and v.keys[i] not in v.lex.given_common):
        ne = _name_end(v, i)
        if ne > i:
            found.append(_person(v, i, ne, "name-cue", None))
    # name-cue: "روسي يدعى فيليب بوديكين"
    if i > 0 and v.keys[i - 1] in v.lex.name_cues and i not in v.person_at and i not in v.place_at \
            and i not in v.inst_at:
        ne = _name_end(v, i, quoted=True)
        if 0 < ne - i <= _MAX_NAME and v.strong_name(i):
            found.append(_person(v, i, ne, "name-cue", None))
    # proper-noun-run (needs the analyzer)
    if v.analyzed and v.prop[i] and i not in v.person_at and v.name_like(i) and not v.keys[i].startswith("ال") \
            and _run_may_continue(v, i):
        ne = i if _clitic_before_name(v, i) else _name_end(v, i)
        # "ستيفن تسوبر ضربة رأس": the run ends at a word the analyzer knows as a noun
        ne = next((t for t in range(i + 1, ne) if v.nominal[t] and not v.strong_name(t)), ne)
        while ne > i and v.keys[ne - 1] in _NOT_NAME_WORDS:
            ne -= 1
        words = [t for t in range(i, ne) if v.keys[t] not in _NOT_NAME_WORDS]
        if ne - i >= 2 and (all(v.prop_only[t] or v.strong_name(t) for t in words)
                            or _framed_foreign_name(v, i, ne, words)) \
                and v.keys[i] not in v.lex.place_heads and not v.coordinated[i] \
                and not any(t in v.place_at or t in v.inst_at or t in v.person_at for t in range(i, ne)):
            found.append(_person(v, i, ne, "proper-noun-run", None))
    return found[:1] if len(found) > 1 and all(c.i == found[0].i for c in found) else found


# -- institutions -------------------------------------------------------------------


def _institutions(v: _View) -> list[_Cand]:
    out: list[_Cand] = []
    free = 0  # the first token not inside an earlier institution
    for i in v.heads:
        if i < free or i in v.inst_at or i in v.place_at:
            continue
        h = v.head_match(i)
        if not h:
            continue
        he, plen, (kind, definite_alone, alone_only, relational_alone, definite) = h
        cand = None
        if definite and i > 0 and (v.keys[i - 1] in v.lex.title_trie or v.keys[i - 1] in v.lex.head_trie):
            continue  # "وزير الدفاع", "وزارة الدفاع": a complement, not a head
        if not definite:
            e = he
            # a proper name right after the head: "وكالة يونهاب", شركة "توتال"
            q = _quoted_words(v, e)
            if q:
                e = _adjectives(v, q[1] + 1)  # صحيفة "الوسط" الليبية
            elif v.keys[i][plen:] in v.lex.name_only_heads:
                club = v.inst_at.get(e)
                if club is not None and club.i == e:
                    e = club.j
                elif e < v.n and v.name_like(e) and v.strong_name(e) and not v.given[e]:
                    # a word of a known name stands alone, a given name opens the player's:
                    # "لاعب فريق بولتون فابريس مامبا", "فريق فيورنتينا ديفيد أستوري"
                    end = e + 1 if v.keys[e] in v.res.name_parts else _foreign_name_end(v, e + 1)
                    e = next((t for t in range(e + 1, end) if v.given[t]), end)
            else:
                named = e
                if e < v.n and (e in v.inst_at or (v.name_like(e) and v.strong_name(e) and not v.given[e])):
                    e = v.inst_at[e].j if e in v.inst_at else _foreign_name_end(v, e + 1)
                if e - named < 2 or named in v.inst_at:
                    e = _title_complements(v, e, joined=True, of_institution=True)
                # else a foreign name of two words or more is whole: "شركة سيريكا إنرجي البريطانية"
            e = _trim(v, he, e)
            club = v.inst_at.get(he) if v.keys[i][plen:] in v.lex.name_only_heads else None
            if club is not None and club.j == e:
                cand = _same_body(_inst(v, i, plen, e, kind, "institution-head"), club)  # "فريق ليفربول"
            elif e > he:
                cand = _inst(v, i, plen, e, kind, "institution-head")
            # a head with its own genitive is a whole name: "مجلس النواب", "مجلس الوزراء"
            elif he - i > 1 and _is_definite(v, he - 1):
                cand = _namesake(v, _inst(v, i, plen, e, kind, "institution-head"))
        else:
            e = _adjective_run_end(v, he, _trim(v, he, _title_complements(v, he, of_institution=True)))
            adjs = [t for t in range(he, e)]
            nisba = [t for t in adjs if v.keys[t] in v.lex.nisba and v.lex.nisba[v.keys[t]]]
            relational = [t for t in adjs if v.keys[t].endswith(("يه", "ي")) and _is_definite(v, t)]
            if (definite_alone and nisba) or (relational_alone and relational) or (len(relational) >= 2 and len(relational) == len(adjs)) or \
                    (e > he and he - i > 1):
                cand = _inst(v, i, plen, e, kind, "definite-head-adjective")
            elif relational and len(relational) == len(adjs) and _field_end(v, e) > e:
                cand = _inst(v, i, plen, _field_end(v, e), kind, "definite-head-adjective")
        if cand:
            if definite:
                _link_definite(v, cand, out, v.keys[i] if plen == 0 else v.forms[i][0][0])
            out.append(cand)
            free = cand.j
    return out


def _field_end(v: _View, j: int) -> int:
    """End of the field an institution serves, ل + a noun + its definite
    genitive, after a head and its adjective: "اللجنة الإشرافية لقطاع التعليم",
    "الاتحاد الإنجليزي لكرة القدم". j itself when there is none."""
    k = v.keys[j] if j < v.n else ""
    if not (k.startswith("ل") and not k.startswith("لل") and len(k) > 3 and not v.stop[j]) or j + 1 >= v.n:
        return j
    if not _is_definite(v, j + 1) or v.stop[j + 1] or v.keys[j + 1] in v.lex.stop_complements \
            or j + 1 in v.person_at or j + 1 in v.place_at:
        return j
    if j in v.inst_at or v.head_match(j):
        return j  # "اللجنة التنفيذية لمنظمة التحرير": a second institution
    return j + 2


def _link_definite(v: _View, cand: _Cand, earlier: list[_Cand], head: str) -> None:
    """"الرئاسة الكورية الجنوبية" after "مكتب الرئاسة في كوريا الجنوبية": one body."""
    country = cand.attrs.get("country")
    if not country:
        return
    for c in reversed(earlier):
        if c.attrs.get("country") == country and any(v.keys[t] == head for t in range(c.i, c.j)):
            cand.attrs.update({k: c.attrs[k] for k in ("name", "id", "kind") if k in c.attrs})
            cand.evidence.append(_rule("coreference"))
            return


def _namesake(v: _View, cand: _Cand) -> _Cand:
    """"مجلس الأمن" where the article also names "مجلس الأمن الدولي": that body."""
    name = cand.attrs["name"] + " "
    known = next((c for c in v.inst_at.values()
                  if c.entry is not None and c.attrs.get("name", "").startswith(name)), None)
    return cand if known is None else _same_body(cand, known)


def _same_body(cand: _Cand, known: _Cand) -> _Cand:
    cand.attrs.update({k: known.attrs[k] for k in ("name", "id", "kind", "country") if k in known.attrs})
    cand.entry = known.entry
    cand.evidence[:0] = [e for e in known.evidence if e.kind == "gazetteer"]
    return cand


def _trim(v: _View, he: int, e: int) -> int:
    """Drop trailing words that cannot end a name: "في", "و", a hyphen, "التابع"."""
    while e > he and (v.keys[e - 1] in ("في", "-", "و") or v.keys[e - 1] in v.lex.never_last):
        e -= 1
    return e


def _inst(v: _View, i: int, plen: int, e: int, kind: str | None, rule: str) -> _Cand:
    start = v.base_start(i, plen)
    end = v.toks[e - 1].end
    attrs: dict[str, Any] = {"name": _clean_name(v, i, plen, e), "kind": kind}
    countries = [v.lex.nisba[v.keys[t]] for t in range(i, e) if v.lex.nisba.get(v.keys[t])]
    places = [v.place_at[t].attrs.get("country") for t in range(i, e) if t in v.place_at]
    country = next((c for c in countries + places if c), None)
    if country:
        attrs["country"] = country
    return _Cand("institution", i, e, start, end, [_rule(rule)], attrs)


def _clean_name(v: _View, i: int, plen: int, e: int) -> str:
    first = v.toks[i].text[plen:]
    if plen and any(form == "ال" + v.keys[i][plen:] for form, p in v.forms[i] if p == plen):
        first = "ال" + first  # "للوزارة" names "الوزارة"
    rest = _joined_name(v, i + 1, e) if e > i + 1 else ""
    if rest and v.toks[i + 1].start == v.toks[i].end:
        return first + rest
    return (first + " " + rest).strip()


def _aliases(v: _View, institutions: list[_Cand]) -> list[_Cand]:
    """"(يونهاب)" or "(CNN)" right after an institution names it too."""
    out = []
    for c in institutions:
        p = c.j
        if p < v.n and v.toks[p].text == "(":
            close = next((t for t in range(p + 1, min(p + 5, v.n)) if v.toks[t].text == ")"), None)
            if close and close > p + 1 and not any(v.stop[t] for t in range(p + 1, close)):
                if p + 1 in v.inst_at and v.inst_at[p + 1].j == close:
                    continue
                attrs = {k: c.attrs[k] for k in ("name", "id", "kind", "country") if k in c.attrs}
                alias = _Cand("institution", p + 1, close, v.toks[p + 1].start, v.toks[close - 1].end,
                              [_rule("parenthesized-alias")] + [e for e in c.evidence if e.kind == "gazetteer"],
                              attrs, c.entry)
                out.append(alias)
                for t in range(p + 1, close):
                    v.inst_at[t] = alias
    return out


# -- coreference ----------------------------------------------------------------------


def _coreference_positions(v: _View, first_seen: dict[str, int]) -> list[int]:
    """The tokens where ``_coreference`` may find a mention, in order: a word
    of a known name, alone or after a proclitic, and an institution head."""
    words = [k for k in first_seen if v.known_parts.get(k)]
    if not words:
        return v.heads
    # the keys whose readings (``_forms``) include one of the words: a proclitic
    # that takes the article's place (لل) comes before a definite word without it
    keys = set(words)
    without_article = [w[2:] for w in words if w.startswith("ال")]
    keys.update(form + w for form, restores_article in v.lex.proclitics
                for w in (without_article if restores_article else words))
    return sorted({*v.heads, *compress(range(v.n), map(keys.__contains__, v.keys))})


def _institution_words(v: _View, c: _Cand) -> set[str]:
    """The keys of an institution's words and the readings of its first
    (``_forms``): a later head word that is one of them refers back to it."""
    return {v.keys[t] for t in range(c.i, c.j)} | {f for t in range(c.i, min(c.i + 1, c.j)) for f, _ in v.forms[t]}


def _coreference(v: _View, cands: list[_Cand]) -> list[_Cand]:
    out: list[_Cand] = []
    covered = set()
    for c in cands:
        covered.update(range(c.i, c.j))
    persons = sorted((c for c in cands if c.type == "person" and c.j - c.i > 1), key=lambda c: c.i)
    insts = sorted((c for c in cands if c.type == "institution"), key=lambda c: c.i)
    first_seen: dict[str, int] = {}
    for c in persons:
        for t in range(c.i, c.j):
            first_seen.setdefault(v.keys[t], c.i)
    #: ``_institution_words`` of each of ``insts`` asked so far, by index
    inst_words: dict[int, set[str]] = {}
    for i in _coreference_positions(v, first_seen):
        if i in covered:
            continue
        # a person's single word after the full name
        for form, plen in v.forms[i]:
            if v.known_parts.get(form) and first_seen.get(form, v.n) < i and v.clitic_ok(i, plen):
                if i + 1 < v.n and v.name_like(i + 1) and v.strong_name(i + 1) and not v.keys[i + 1] in v.known_parts:
                    break  # the start of another name
                if v.stop[i] and plen == 0:
                    break
                name, entry, ident = v.known_parts[form]
                ev = [_rule("coreference")]
                if entry is not None:
                    ev.insert(0, _gaz_ev(v, entry))
                out.append(_Cand("person", i, i + 1, v.base_start(i, plen), v.toks[i].end, ev,
                                 {"name": name, "id": ident}, entry))
                break
        else:
            # "الوزارة", "للوزارة": the latest institution with that head word
            h = v.head_match(i) if v.head_start[i] else None
            if not h or h[0] != i + 1 or not h[2][4] or h[2][2]:  # definite, not alone_only
                continue
            head = v.forms[i][0][0] if h[1] == 0 else next(f for f, p in v.forms[i] if p == h[1])
            bare = head[2:]
            antecedent = None
            for index, c in enumerate(insts):
                if c.i >= i:
                    break
                words = inst_words.get(index)
                if words is None:
                    words = inst_words[index] = _institution_words(v, c)
                if head in words or bare in words:
                    antecedent = c
            if antecedent is None:
                continue
            attrs = {k: antecedent.attrs[k] for k in ("name", "id", "kind", "country") if k in antecedent.attrs}
            ev = [e for e in antecedent.evidence if e.kind == "gazetteer"] + [_rule("coreference")]
            out.append(_Cand("institution", i, i + 1, v.base_start(i, h[1]), v.toks[i].end, ev, attrs,
                             antecedent.entry))
    return out
