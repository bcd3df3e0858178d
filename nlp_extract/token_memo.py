"""A per-process memo of what a matcher asks of a token regardless of its
context, shared by the entity and quote matchers."""
from __future__ import annotations

from typing import Callable, Generic, Sequence, TypeVar

from .model import Token

Row = TypeVar("Row")


class TokenRowMemo(Generic[Row]):
    """Token text -> (analyses, row) of its latest token, the row computed
    from the token.

    News repeats its words, and the analyzer shares one analyses tuple per
    word, so after the first article most tokens cost one lookup. Keyed by
    the text alone, with the analyses compared by identity: a token written
    with marks gets analyses of its own at each occurrence, so keeping its
    earlier ones would only hold memory. The memo is bounded: past ``SIZE``
    rows it starts again."""

    SIZE = 200_000

    def __init__(self) -> None:
        self._latest: dict[str, tuple[tuple, Row]] = {}

    def rows(self, toks: Sequence[Token], compute: Callable[[Token], Row]) -> list[Row]:
        """The row of every token, ``compute`` called for tokens not seen yet."""
        latest = self._latest.get
        rows = [hit[1] if (hit := latest(t.text)) is not None and hit[0] is t.analyses else None
                for t in toks]
        if None in rows:
            memo = self._latest
            if len(memo) >= self.SIZE:
                self.clear()
            for i, row in enumerate(rows):
                if row is None:
                    tok = toks[i]
                    hit = memo.get(tok.text)
                    if hit is not None and hit[0] is tok.analyses:  # new, and met earlier in this article
                        row = hit[1]
                    else:
                        row = compute(tok)
                        memo[tok.text] = tok.analyses, row
                    rows[i] = row
        return rows

    def clear(self) -> None:
        self._latest.clear()
