"""A per-process memo of what a matcher asks of a token regardless of its
context, shared by the entity and quote matchers."""
from __future__ import annotations

from operator import itemgetter
from typing import Any, Callable, Generic, Sequence, TypeVar

from .model import Token

Row = TypeVar("Row")

_ROW = itemgetter(1)


class TokenRowMemo(Generic[Row]):
    """Token text -> record ``[analyses, row, companion row]`` of its latest
    token, the row computed from the token.

    News repeats its words, and the analyzer shares one analyses tuple per
    word, so after the first article most tokens cost one lookup. Keyed by
    the text alone, with the analyses compared by identity: a token written
    with marks gets analyses of its own at each occurrence, so keeping its
    earlier ones would only hold memory. The memo is bounded: past ``SIZE``
    rows it starts again.

    The companion row is a second matcher's row of the same word (see
    ``companion_records``): the quote matcher reads the entity matcher's
    records rather than looking every token up again."""

    SIZE = 200_000

    def __init__(self) -> None:
        self._latest: dict[str, list] = {}
        #: who fills the companion rows: the first to ask (one matcher's
        #: rows depend on its lexicon, and only one lexicon may fill them)
        self._companion_owner: dict[str, Any] = {}

    def rows(self, toks: Sequence[Token], compute: Callable[[Token], Row], share: bool = False) -> list[Row]:
        """The row of every token, ``compute`` called for tokens not seen yet.
        ``share``: offer the records to ``companion_records`` until the next
        article."""
        global _latest_article
        records = self._records(toks, compute)
        if share:
            _latest_article = (toks, records, self)
        return list(map(_ROW, records))

    def _records(self, toks: Sequence[Token], compute: Callable[[Token], Row]) -> list[list]:
        memo = self._latest
        if len(memo) + len(toks) > self.SIZE:
            self.clear()
        latest = memo.get

        def new(tok: Token) -> list:
            record = memo[tok.text] = [tok.analyses, compute(tok), None]
            return record

        # one walk: a token met earlier in this article finds the record its first made
        return [hit if (hit := latest(t.text)) is not None and hit[0] is t.analyses else new(t) for t in toks]

    def clear(self) -> None:
        self._latest.clear()


#: (tokens, their records, the memo) of the latest article a memo shared
_latest_article: tuple[Sequence[Token], list[list], TokenRowMemo | None] = ((), [], None)


def companion_records(toks: Sequence[Token], owner: Any) -> list[list] | None:
    """The records of ``toks`` (see ``TokenRowMemo``) if they are the latest
    article's shared ones and ``owner`` fills their companion rows; else
    None, and the caller looks its tokens up itself.

    A companion row of None is not computed yet: the caller computes it from
    the token and stores it in the record (``record[2]``)."""
    shared_toks, records, memo = _latest_article
    if shared_toks is not toks or memo is None or memo._companion_owner.setdefault("owner", owner) is not owner:
        return None
    return records
