"""Overlap resolution: one deterministic function, so output is stable.

Candidates of one layer may not overlap. Entities (person, institution,
place) form one layer, dates another, quotes a third: a quote contains the
names and dates inside it, so layers never compete with each other.

Within a layer the winner of an overlap is chosen by, in order:

1. the longer span;
2. a gazetteer match over a heuristic rule;
3. the earlier start;
4. the rule name (alphabetical), then the type, so that even identical
   candidates from two rules resolve the same way on every run.
"""
from __future__ import annotations

from bisect import bisect_left, insort
from operator import attrgetter
from typing import Iterable

from .model import RECORD_TYPES, Span

LAYERS = {"person": "entity", "institution": "entity", "place": "entity",
          "date": "date", "quote": "quote"}


def preference(span: Span) -> tuple:
    """Sort key: the most preferred candidate first (see module docstring)."""
    return (-(span.end - span.start), not span.from_gazetteer, span.start,
            span.rule_name, span.type)


_TYPE_ORDER = {t: i for i, t in enumerate(RECORD_TYPES)}
_START_END = attrgetter("start", "end")


def resolve(candidates: Iterable[Span]) -> list[Span]:
    """Keep the preferred non-overlapping candidates of each layer, sorted by
    position (start, then end, then type order)."""
    by_layer: dict[str, list[Span]] = {}
    known = True  # every type is a record type
    for span in candidates:
        if span.end <= span.start:
            continue
        by_layer.setdefault(LAYERS.get(span.type, span.type), []).append(span)
        known = known and span.type in _TYPE_ORDER

    kept: list[Span] = []
    for spans in by_layer.values():
        # a span that overlaps no other is kept whatever the preference, and
        # keeps no other out: only the others are ranked (a layer resolved
        # before, like the entities when all spans are resolved together, has none)
        alone, contested = _uncontested(spans)
        kept.extend(alone)
        if contested:
            kept.extend(_non_overlapping(sorted(contested, key=preference)))
    if known and len(by_layer) == 1:
        kept.sort(key=_START_END)  # spans of one layer never share a position
    elif known:
        # spans of one type are in one layer, so no two kept spans share a
        # position and a type: the rule name never decides
        kept.sort(key=lambda s: (s.start, s.end, _TYPE_ORDER[s.type]))
    else:
        kept.sort(key=lambda s: (s.start, s.end, _TYPE_ORDER.get(s.type, len(_TYPE_ORDER)), s.rule_name))
    return kept


def _uncontested(spans: list[Span]) -> tuple[list[Span], list[Span]]:
    """The spans (none empty) that overlap no other, and the others."""
    ordered = sorted(spans, key=_START_END)
    alone: list[Span] = []
    contested: list[Span] = []
    reach = ordered[0].start  # the furthest end of the spans before
    for span, following in zip(ordered, ordered[1:] + [None]):
        if span.start >= reach and (following is None or following.start >= span.end):
            alone.append(span)
        else:
            contested.append(span)
        reach = max(reach, span.end)
    return alone, contested


def _non_overlapping(ranked: list[Span]) -> list[Span]:
    # Accepted intervals never overlap, so their starts and ends are sorted
    # together; one bisection finds the only neighbours that could clash.
    starts: list[int] = []
    ends: list[int] = []
    accepted: list[Span] = []
    for span in ranked:
        i = bisect_left(starts, span.start)
        if i > 0 and ends[i - 1] > span.start:
            continue
        if i < len(starts) and starts[i] < span.end:
            continue
        insort(starts, span.start)
        ends.insert(i, span.end)
        accepted.append(span)
    return accepted
