"""Overlap resolution: longest, then gazetteer, then earliest, then rule name."""
from hypothesis import given, strategies as st

from nlp_extract.model import Evidence, Span
from nlp_extract.resolve import resolve

G = (Evidence("gazetteer", "people/joe-biden"),)
R = (Evidence("rule", "title-before-name"),)


def span(t, s, e, ev=R):
    return Span(t, s, e, ev)


def test_longest_span_wins():
    assert resolve([span("person", 0, 5), span("person", 0, 9)]) == [span("person", 0, 9)]


def test_gazetteer_beats_a_rule_of_the_same_length():
    assert resolve([span("person", 2, 6, R), span("institution", 2, 6, G)]) == [span("institution", 2, 6, G)]


def test_earlier_start_wins_between_equals():
    assert resolve([span("person", 3, 7), span("person", 1, 5)]) == [span("person", 1, 5)]


def test_rule_name_breaks_the_last_tie():
    a = span("person", 0, 4, (Evidence("rule", "b-rule"),))
    b = span("person", 0, 4, (Evidence("rule", "a-rule"),))
    assert resolve([a, b]) == [b] == resolve([b, a])


def test_layers_do_not_compete():
    quote = span("quote", 0, 40)
    person = span("person", 5, 9)
    date = span("date", 5, 9)
    assert resolve([quote, person, date]) == [quote, person, date]


spans = st.builds(
    lambda t, s, length, g: span(t, s, s + length, G if g else R),
    st.sampled_from(["person", "institution", "date"]),
    st.integers(0, 50), st.integers(1, 10), st.booleans(),
)


@given(st.lists(spans, max_size=30))
def test_result_is_sorted_non_overlapping_and_order_independent(candidates):
    out = resolve(candidates)
    assert out == resolve(list(reversed(candidates)))
    assert out == sorted(out, key=lambda s: (s.start, s.end))
    layer = {"person": "e", "institution": "e", "date": "d"}
    for i, a in enumerate(out):
        for b in out[i + 1:]:
            if layer[a.type] == layer[b.type]:
                assert a.end <= b.start or b.end <= a.start
