"""The matchers' shortcuts find what the plain scans they replace find.

Matching skips work it can tell is useless: the entity rules run only at
tokens where one of them may fire, a date pattern only in the windows that
hold what every match of it contains, and a layer of spans free of overlaps
is not resolved again. Each test runs a shortcut against the plain
computation, on generated articles (tests/fuzz/fragments.py) and the corpus.
"""
from __future__ import annotations

import re
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp_extract import dates, entities_rules, normalize
from nlp_extract.entities import find_entities
from nlp_extract.model import RECORD_TYPES, Document, Evidence, Span
from nlp_extract.pipeline import analyze_document
from nlp_extract.quotes import _Finder
from nlp_extract.resolve import LAYERS, preference, resolve

from .fuzz.fragments import NEWS, PUNCTUATION, SYNTHETIC, WORDS

CORPUS = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parents[1] / "corpus").glob("*.txt"))]

fragments = st.one_of(
    st.sampled_from(NEWS),
    st.sampled_from(WORDS),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(["،", ",", "-", '"', "«", "»", "(", ")", "\n"]),
    st.sampled_from(["²", "①", "_", "و", "ال", "1445", "12/3/2024", "10:30"]),
    st.text(max_size=4),
)
articles = st.one_of(
    st.lists(fragments, max_size=40).map(" ".join),
    st.lists(fragments, max_size=40).map("".join),
)
#: The corpus and sentences dense with dates of every kind.
DATE_TEXTS = CORPUS + [
    "في 3 يناير 2023 وفي كانون الثاني/يناير 2024، ووبيناير، الاوليناير، والخميس، 12/3/2024 الساعة 10:30",
    "عام 1445 هـ، منذ 2019، للعام الماضي، الأسبوع المقبل، أمس الأول، بعد غد، يوم الجمعة المقبل",
]
SHORTCUTS = settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


# -- entities ---------------------------------------------------------------------


def _entities_both_ways(extractor, text: str) -> None:
    res = extractor._resource("entities")
    for analyzer in (extractor._resource("analyzer"), None):
        doc = analyze_document(Document("a.txt", text), analyzer)
        found = find_entities(doc, res)
        # every rule tried at every token, a proper-noun run whatever its second word
        with mock.patch.object(entities_rules, "_person_positions", lambda v: range(v.n)), \
                mock.patch.object(entities_rules, "_coreference_positions", lambda v, first_seen: range(v.n)), \
                mock.patch.object(entities_rules, "_run_may_continue", lambda v, i: True):
            assert find_entities(doc, res) == found
        # a gazetteer name with a comma: "name, title" looks for its comma anywhere
        # (and for a title after any comma)
        with mock.patch.object(res, "comma_in_names", True):
            assert find_entities(doc, res) == found


@SHORTCUTS
@given(text=articles)
def test_entity_rules_find_nothing_where_they_are_not_tried(extractor, text):
    _entities_both_ways(extractor, text)


#: Proper-noun runs whose second word is a name but no proper noun of the
#: analyzer: a given name ("سنوات"), a family name the article introduced
#: ("عكاشة", after "توفيق عكاشة").
RUNS = [
    "فاز الفريق باللقب خمس مرات في آخر عشر سنوات بالتساوي مع منافسه.",
    "وقال الإعلامي المصري توفيق عكاشة إن القناة ستعود. ثم رد بيتر عكاشة على السؤال.",
    "وقال الإعلامي المصري توفيق عكاشة إن القناة ستعود، ورد عليه ستيفنسون عكاشة.",
]


@pytest.mark.parametrize("text", CORPUS + [" ".join(SYNTHETIC)] + RUNS)
def test_entity_rules_find_nothing_where_they_are_not_tried_in_articles(extractor, text):
    _entities_both_ways(extractor, text)


def test_a_run_needs_a_second_word_that_may_be_a_name(extractor):
    """The runs of ``RUNS`` are found, and only because their second word is a
    name: ``RUNS`` tell a ``_run_may_continue`` that forgets names from the plain rule."""
    from nlp_extract import entities_rules as rules

    def proper_only(v, i):
        t = next((t for t in range(i + 1, v.n) if v.keys[t] not in rules._NOT_NAME_WORDS), v.n)
        return t < v.n and v.prop[t]

    res = extractor._resource("entities")
    for text in RUNS:
        doc = analyze_document(Document("a.txt", text), extractor._resource("analyzer"))
        found = find_entities(doc, res)
        assert any(span.rule_name == "rule:proper-noun-run" for span in found), text
        with mock.patch.object(rules, "_run_may_continue", proper_only):
            assert find_entities(doc, res) != found, text


def _longest_match_plainly(view, trie, i, forms=True, clitic_check=False, hyphens=False):
    """``_View.longest_match`` with the clitic asked of every form first."""
    if i >= view.n:
        return None
    best = None
    for form, plen in (view.forms[i] if forms else ((view.keys[i], 0),)):
        node = trie.get(form)
        if node is None or plen and clitic_check and not view.clitic_ok(i, plen):
            continue
        j = i + 1
        last = (j, node[""]) if "" in node else None
        while j < view.n and node:
            k = view.keys[j]
            if hyphens and k == "-" and j + 1 < view.n and view.toks[j].start == view.toks[j - 1].end:
                j += 1
                continue
            node = node.get(k)
            if node is None:
                break
            j += 1
            if "" in node:
                last = (j, node[""])
        if last and (best is None or last[0] > best[0] or last[0] == best[0] and plen < best[1]):
            best = (last[0], plen, last[1])
    return best


@pytest.mark.parametrize("text", CORPUS[:4] + [" ".join(SYNTHETIC)])
def test_longest_match_asks_the_clitic_last_and_keeps_head_matches(extractor, text):
    from nlp_extract import entities

    res = extractor._resource("entities")
    lex = res.lex
    for analyzer in (extractor._resource("analyzer"), None):
        view = entities._View(analyze_document(Document("a.txt", text), analyzer), res)
        for i in range(view.n + 1):
            for trie in (res.trie, lex.title_trie, lex.modifier_trie, lex.head_trie):
                for options in ({}, {"forms": False}, {"clitic_check": True, "hyphens": True}):
                    assert view.longest_match(trie, i, **options) == _longest_match_plainly(view, trie, i, **options)
            assert view.head_match(i) == view.head_match(i) == _longest_match_plainly(view, lex.head_trie, i)


def test_forms_by_initial_are_the_forms_of_every_proclitic(extractor):
    """``_forms`` tries only the proclitics that open with the word's first letters."""
    from nlp_extract.entities import _forms

    lex = extractor._resource("entities").lex

    def plainly(k):
        out = [(k, 0)]
        for form, restores_article in lex.proclitics if len(k) >= 3 else ():
            if k.startswith(form) and len(k) - len(form) >= 2:
                out.append(("ال" + k[len(form):] if restores_article else k[len(form):], len(form)))
        return tuple(out)

    words = {t.key.lower() for text in CORPUS for t in analyze_document(Document("a.txt", text)).tokens}
    words |= {form + rest for form, _ in lex.proclitics for rest in ("", "ا", "ال", "الامم", "سوريا", "لل")}
    for k in sorted(words):
        assert _forms(lex, k) == plainly(k), k


def test_soft_folds_one_letter_into_one():
    """So that the stopword test of ``_token_facts`` folds a word once: soft(text[1:]) is soft(text)[1:]."""
    from nlp_extract.entities_lexicon import _SOFT, soft

    assert all(isinstance(letter, int) or len(letter) == 1 for letter in _SOFT.values())
    text = "".join(map(chr, _SOFT)) + "أحمد"
    assert all(soft(text[i:]) == soft(text)[i:] for i in range(len(text)))


def test_ordered_attributes_are_the_plain_order():
    from nlp_extract.entities import _ATTR_ORDER, _ordered

    def plainly(attrs):
        out = {k: attrs[k] for k in _ATTR_ORDER if attrs.get(k) is not None}
        out.update({k: v for k, v in attrs.items() if k not in out and v is not None})
        return out

    for attrs in ({}, {"name": "a", "id": None}, {"kind": "k", "name": "a"}, {"id": "i", "name": "a", "country": "c"},
                  {"name": "a", "other": 1, "kind": None}, {"other": None}, {"title": "t", "name": "a", "id": "i"}):
        assert list(_ordered(attrs).items()) == list(plainly(attrs).items())


# -- dates -------------------------------------------------------------------------


def _word_windows(text: str, lexicon: dates.DateLexicon) -> list[tuple[int, int]]:
    """The windows around the anchors a scan word by word finds."""
    anchors = lexicon.anchor_words
    found = [m.span() for m in re.finditer(r"[^\W\d_]+|[0-9]+", text)
             if (w := m.group())[0].isdigit() or w in anchors or w[1:] in anchors or w[2:] in anchors]
    return dates.windows_around(text, found)


def _dates_both_ways(extractor, text: str) -> None:
    lexicon = extractor._resource("dates")
    folded = normalize.fold(normalize.clean(text).text)
    assert dates._fold(normalize.clean(text).text) == folded
    matcher = dates._Matcher(folded, lexicon, date(2024, 3, 15), 0)
    assert matcher.windows == _word_windows(folded, lexicon)
    unhinted = dates._Matcher(folded, replace(lexicon, hints={}), date(2024, 3, 15), 0)
    assert [(c.start, c.end, c.rule, c.attrs) for c in matcher.run()] == \
        [(c.start, c.end, c.rule, c.attrs) for c in unhinted.run()]


@SHORTCUTS
@given(text=articles)
def test_date_windows_and_hints_change_no_date(extractor, text):
    _dates_both_ways(extractor, text)


@pytest.mark.parametrize("text", DATE_TEXTS + ["10² يناير، ①الخميس، ²اليوم، x_يناير، Januaryيناير 2023يناير"])
def test_date_windows_and_hints_change_no_date_in_articles(extractor, text):
    _dates_both_ways(extractor, text)


def test_fold_by_replacements_is_normalize_fold():
    text = "".join(chr(c) for c in normalize._FOLD) + "أحمد إلى آل ٱلله مصطفى مدرسة مؤتمر هيئة abc ١٢"
    assert dates._fold(text) == normalize.fold(text)
    assert dates._replacements(str.maketrans({"أ": "ا"})) == (("أ", "ا"),)
    assert dates._replacements(str.maketrans({"أ": "ا", "ا": "ب"})) is None  # replacing twice
    assert dates._replacements(str.maketrans({"أ": "اا"})) is None


def test_digit_letters_are_the_letters_that_are_digits():
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    letter = re.compile(r"[^\W\d_]")
    digits = {c for c in everything if c.isdigit() and letter.match(c)}
    assert set(dates._DIGIT_LETTER.findall(everything)) == digits


# -- quotes ------------------------------------------------------------------------


def _walked(tokens, entities) -> list[int | None]:
    """Token -> entity, walking the tokens and the entities together."""
    at: list[int | None] = [None] * len(tokens)
    e = 0
    for t in tokens:
        while e < len(entities) and entities[e].end <= t.start:
            e += 1
        if e < len(entities) and entities[e].start < t.end:
            at[t.index] = e
    return at


@SHORTCUTS
@given(text=articles, picks=st.lists(st.tuples(st.sampled_from(["person", "institution", "place"]),
                                               st.floats(0, 1), st.integers(1, 30)), max_size=12))
def test_tokens_find_the_entity_they_overlap(extractor, text, picks):
    doc = analyze_document(Document("a.txt", text))
    n = len(doc.document.text)
    spans = [Span(kind, int(at * n), min(n, int(at * n) + length), ()) for kind, at, length in picks]
    finder = _Finder(doc, spans, extractor._resource("quotes"))
    assert finder.entity_at == _walked(doc.tokens, finder.entities)


# -- resolve -----------------------------------------------------------------------


def _resolved(candidates: list[Span]) -> list[Span]:
    """Every layer ranked by preference and its overlaps dropped, then sorted."""
    by_layer: dict[str, list[Span]] = {}
    for span in candidates:
        if span.end > span.start:
            by_layer.setdefault(LAYERS.get(span.type, span.type), []).append(span)
    kept: list[Span] = []
    for spans in by_layer.values():
        taken: list[Span] = []
        for span in sorted(spans, key=preference):
            if all(span.end <= t.start or span.start >= t.end for t in taken):
                taken.append(span)
        kept.extend(taken)
    order = {t: i for i, t in enumerate(RECORD_TYPES)}
    return sorted(kept, key=lambda s: (s.start, s.end, order.get(s.type, len(order)), s.rule_name))


candidate = st.builds(
    lambda t, s, length, ev: Span(t, s, s + length, ev),
    st.sampled_from(["person", "institution", "place", "date", "quote", "other", "another"]),
    st.integers(0, 40), st.integers(-1, 12),
    st.sampled_from([(), (Evidence("gazetteer", "people/x"),), (Evidence("rule", "a"),), (Evidence("rule", "b"),)]),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(candidate, max_size=25))
def test_resolve_keeps_what_ranking_every_layer_keeps(candidates):
    once = resolve(candidates)
    assert once == _resolved(candidates)
    assert resolve(once) == _resolved(once)  # a layer free of overlaps: the shortcut


# -- entity facts of plain words ----------------------------------------------------


def _plain_rows_checked(extractor, text: str) -> int:
    """Check ``_plain_word_facts`` against ``_token_facts`` on every token it
    answers for; return how many it answered for."""
    from nlp_extract.entities import _plain_word_facts, _token_facts, _WordClasses

    res = extractor._resource("entities")
    classes = _WordClasses(res)
    answered = 0
    for analyzer in (extractor._resource("analyzer"), None):
        for tok in analyze_document(Document("a.txt", text), analyzer).tokens:
            row = _plain_word_facts(classes, tok.text, tok.key, tok.analyses)
            if row is not None:
                answered += 1
                assert row == _token_facts(res, tok.text, tok.key, tok.analyses), tok.text
    return answered


@SHORTCUTS
@given(text=articles)
def test_plain_word_facts_are_token_facts(extractor, text):
    _plain_rows_checked(extractor, text)


@pytest.mark.parametrize("text", CORPUS + [" ".join(SYNTHETIC)])
def test_plain_word_facts_are_token_facts_in_articles(extractor, text):
    assert _plain_rows_checked(extractor, text) > 0


def test_plain_word_facts_are_token_facts_near_lexicon_words(extractor):
    """Every word a lexicon or gazetteer singles out, alone, after a
    proclitic and with a letter more or less: the words the shortcut must
    leave to ``_token_facts``, and their neighbours."""
    res = extractor._resource("entities")
    lex = res.lex
    words = set(res.trie) | set(lex.title_trie) | set(lex.modifier_trie) | set(lex.head_trie) | set(lex.nisba)
    words |= lex.stopwords_soft | lex.given_names | lex.given_final_alif | res.name_parts | lex.person_verbs
    words |= lex.name_cues | lex.kin_nouns | lex.directions | lex.honorifics | lex.months | lex.place_heads
    words = {w for w in words if w and " " not in w}
    variants = {v for w in words for v in (w, "و" + w, "ب" + w, "وال" + w, w[1:], w + "ي")}
    _plain_rows_checked(extractor, " ".join(sorted(variants)))


# -- quote facts of plain words -------------------------------------------------------


def _quote_facts_checked(extractor, text: str) -> None:
    """``_WordMemo._facts`` (with its shortcut for words no lookup answers
    for) against ``_token_facts`` on every token."""
    from nlp_extract.quotes import _WordMemo

    lex = extractor._resource("quotes")
    memo = _WordMemo(lex)
    for analyzer in (extractor._resource("analyzer"), None):
        for tok in analyze_document(Document("a.txt", text), analyzer).tokens:
            assert memo._facts(lex, tok) == memo._token_facts(lex, tok), tok.text


@SHORTCUTS
@given(text=articles)
def test_quote_facts_shortcut_is_token_facts(extractor, text):
    _quote_facts_checked(extractor, text)


@pytest.mark.parametrize("text", CORPUS + [" ".join(SYNTHETIC)])
def test_quote_facts_shortcut_is_token_facts_in_articles(extractor, text):
    _quote_facts_checked(extractor, text)


def test_quote_facts_shortcut_is_token_facts_near_lexicon_words(extractor):
    """Every word a quote lookup answers for, after proclitics, with an
    object pronoun and with a letter more or less."""
    lex = extractor._resource("quotes")
    words = set(lex.forms) | set(lex.nouns) | set(lex.not_cues) | set(lex.complementizers)
    words |= {a.words[0] for a in lex.attributions} | {lemma for lemma in lex.lemmas}
    words = {w for w in words if w and " " not in w}
    variants = {v for w in words for v in (w, "و" + w, "ف" + w, "ب" + w, "وب" + w, "كل" + w, w + "ها", w[1:], w + "ي")}
    _quote_facts_checked(extractor, " ".join(sorted(variants)))


def _future_verb_offsets(doc) -> list[int]:
    """The plain scan: cleaned offsets of every token read only as a future verb."""
    from bisect import bisect_left

    return [bisect_left(doc.clean.origin, t.start) for t in doc.tokens if dates._is_future_verb(t)]


@pytest.mark.parametrize("text", CORPUS + [
    "سيجتمع الوزير غدا، وسيلتقي الرئيسَ وسيُعلن ــ ستبحث يوم الخميس\r\nسيزور سوريا",
])
def test_future_verbs_between_reads_only_the_range(extractor, text):
    from bisect import bisect_left

    doc = analyze_document(Document("a.txt", text), extractor._resource("analyzer"))
    verbs = _future_verb_offsets(doc)
    matcher = dates._Matcher(dates._fold(doc.clean.text), extractor._resource("dates"), None, 0, doc)
    n = len(doc.clean.text)
    for lo in range(0, n + 1, 7):
        for hi in (lo - 1, lo, lo + 1, lo + 13, lo + 160, n):
            if 0 <= hi <= n:
                assert matcher.future_verb_between(lo, hi) == (bisect_left(verbs, lo) < bisect_left(verbs, hi)), (lo, hi)


# -- reading classes of entity facts -------------------------------------------------


def _classify_plainly(an: tuple) -> tuple[bool, ...]:
    """``entities._classify`` as its definitions read, one question a walk."""
    prop = any(a.pos == "noun_prop" for a in an)
    backoff = any(a.backoff for a in an)
    verb = any(a.pos.startswith("verb") for a in an)
    known = not (prop or backoff)
    all_backoff = all(a.backoff for a in an)
    return (verb and known, prop or all_backoff, known, known and not verb,
            all(a.pos == "noun_prop" or a.backoff for a in an),
            all(a.prefixes[:1] == ("و",) for a in an),
            all(a.suffixes for a in an),
            all_backoff,
            known and any(not a.pos.startswith("verb") for a in an),
            all(a.prefixes[:1] in (("ب",), ("ل",), ("ك",)) for a in an) and not backoff)


@pytest.mark.parametrize("text", CORPUS + [" ".join(SYNTHETIC)])
def test_reading_classes_in_one_walk_are_the_plain_ones(extractor, text):
    from nlp_extract.entities import _classify

    doc = analyze_document(Document("a.txt", text), extractor._resource("analyzer"))
    readings = [t.analyses for t in doc.tokens if t.analyses]
    assert readings
    for an in readings:
        assert _classify(an) == _classify_plainly(an), [(a.pos, a.prefixes, a.suffixes, a.backoff) for a in an]


@SHORTCUTS
@given(text=articles)
def test_reading_classes_in_one_walk_are_the_plain_ones_anywhere(extractor, text):
    from nlp_extract.entities import _classify

    for tok in analyze_document(Document("a.txt", text), extractor._resource("analyzer")).tokens:
        if tok.analyses:
            assert _classify(tok.analyses) == _classify_plainly(tok.analyses), tok.text


@pytest.mark.parametrize("text", CORPUS + [" ".join(SYNTHETIC)])
def test_view_positions_of_rare_bits_are_the_plain_scan(extractor, text):
    """``_View.positions`` looks for the rare bits among the tokens that have one."""
    from nlp_extract import entities

    bits = [getattr(entities, name) for name in ("_GAZETTEER", "_COMMA", "_TITLE", "_NAME_HEAD", "_OPENS_NAME",
                                                  "_MAY_OPEN_NAME", "_QUOTE_VERB", "_NAME_CUE", "_OPEN_QUOTE",
                                                  "_NATIONALITY")]
    res = extractor._resource("entities")
    for analyzer in (extractor._resource("analyzer"), None):
        view = entities._View(analyze_document(Document("a.txt", text), analyzer), res)
        for bit in bits:
            assert list(view.positions(bit)) == [i for i in range(view.n) if view.starts[i] & bit], bit


# -- one memo record per word for both matchers -------------------------------------


def _quote_rows_plainly(lexicon, toks) -> list[tuple]:
    from nlp_extract.quotes import _WordMemo

    memo = _WordMemo(lexicon)
    return [memo._token_facts(lexicon, tok) for tok in toks]


def _shared_rows_checked(extractor, text: str) -> None:
    """The quote rows read from the entity memo's records, after the entity
    view of the article, are the plain ones; so are those of a second
    lexicon, which looks its tokens up itself."""
    from nlp_extract import entities, token_memo
    from nlp_extract.quotes import _WordMemo
    from nlp_extract.quotes_lexicon import QuoteLexicon

    res = replace(extractor._resource("entities"))  # a memo of its own
    res.token_facts = entities._FactsMemo()
    lexicon = extractor._resource("quotes")
    other = replace(lexicon)  # its memos start empty
    for analyzer in (extractor._resource("analyzer"), None):
        doc = analyze_document(Document("a.txt", text), analyzer)
        toks = doc.tokens
        for _ in range(2):  # new words, then words the memo has
            entities._View(doc, res)
            assert token_memo.companion_records(toks, lexicon) is not None
            assert _WordMemo.of(lexicon).shared_facts(lexicon, toks) == _quote_rows_plainly(lexicon, toks)
            assert token_memo.companion_records(toks, other) is None
            assert _WordMemo.of(other).shared_facts(other, toks) == _quote_rows_plainly(other, toks)
    assert isinstance(other, QuoteLexicon)


@SHORTCUTS
@given(text=articles)
def test_quote_rows_from_shared_records_are_token_facts(extractor, text):
    _shared_rows_checked(extractor, text)


@pytest.mark.parametrize("text", CORPUS[:3] + [" ".join(SYNTHETIC)])
def test_quote_rows_from_shared_records_are_token_facts_in_articles(extractor, text):
    _shared_rows_checked(extractor, text)


def _reading_bits_plainly(analyses) -> tuple[int, bool]:
    from nlp_extract import quotes

    if not analyses:
        return 0, False
    poses = [a.pos for a in analyses]
    verb = any(p.startswith("verb") for p in poses)
    particle = any(p.startswith(("prep", "part", "conj")) for p in poses)
    return ((quotes._ONLY_VERB if all(p.startswith("verb") for p in poses) else 0)
            | (quotes._ONLY_PROPER if all(p == "noun_prop" for p in poses) else 0)
            | (quotes._VERB if verb and not particle else 0)), verb


@pytest.mark.parametrize("text", CORPUS + [" ".join(SYNTHETIC)])
def test_quote_reading_bits_by_class_table_are_the_plain_ones(extractor, text):
    from nlp_extract.quotes import _reading_bits

    for tok in analyze_document(Document("a.txt", text), extractor._resource("analyzer")).tokens:
        assert _reading_bits(tok.analyses) == _reading_bits_plainly(tok.analyses), tok.text


# -- dates: patterns tried near their hints only ------------------------------------------


def _date_scans_checked(extractor, text: str) -> None:
    """Each pattern's scan near its hints finds the matches of the plain scan of the windows."""
    lexicon = extractor._resource("dates")
    assert set(lexicon.reaches) == set(lexicon.hints)  # every hinted pattern has bounds
    folded = normalize.fold(normalize.clean(text).text)
    for version in (folded, re.sub(r"[ \t\u00a0]+", " ", folded)):
        matcher = dates._Matcher(version, lexicon, date(2024, 3, 15), 0)
        near = {name: [(m.span(), m.groupdict()) for m in matcher.scan(name)] for name in lexicon.hints}
        matcher.spaces_single = False
        plain = {name: [(m.span(), m.groupdict()) for m in matcher.scan(name)] for name in lexicon.hints}
        assert near == plain


spaced = st.lists(st.one_of(fragments, st.sampled_from(["  ", "\t", "\u00a0", " \u00a0 ", "0", "/", "."])),
                  max_size=40).map(" ".join)


@SHORTCUTS
@given(text=st.one_of(articles, spaced))
def test_date_scan_near_hints_is_the_plain_scan(extractor, text):
    _date_scans_checked(extractor, text)


@pytest.mark.parametrize("text", DATE_TEXTS + [
    "الخميس ،  3   كانون الثاني /  يناير    من   العام   الماضي 2019-2021 و 2023م 10:30 مساء",
])
def test_date_scan_near_hints_is_the_plain_scan_in_articles(extractor, text):
    _date_scans_checked(extractor, text)


def test_date_pattern_bounds_are_unbounded_where_a_match_may_be_long_or_empty():
    assert dates._reach(re.compile(r"[0-9]{3}")) == (3, 0)
    assert dates._reach(re.compile(r"يوم[ \t\u00a0]+[0-9]+")) is None
    assert dates._reach(re.compile(r"يوم(?=[ \t\u00a0]*[0-9])")) == (3, 2)
    assert dates._reach(re.compile(r"(?:ال)?")) is None
    assert dates._reach(re.compile(r"[0-9]{2}(?![0-9])$")) == (2, 1)
