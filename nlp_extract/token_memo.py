"""A per-process memo of what a matcher asks of a token regardless of its
context, shared by the entity and quote matchers."""
from __future__ import annotations

from typing import Callable, Generic, Sequence, TypeVar

from .model import Token

Row = TypeVar("Row")


class TokenRowMemo(Generic[Row]):
    """(token text, id of its analyses) -> a row computed from the token.

    News repeats its words, and the analyzer shares one analyses tuple per
    word, so after the first article most tokens cost one lookup. The memo is
    bounded: past ``SIZE`` rows it starts again."""

    SIZE = 200_000

    def __init__(self) -> None:
        self._rows: dict[tuple[str, int], Row] = {}
        #: the analyses of the keys, so that their ids are not reused
        self._held: list[tuple] = []
        #: text -> (id of the analyses, row) of its latest token: the common
        #: case, a word read as before, costs one lookup
        self._latest: dict[str, tuple[int, Row]] = {}

    def rows(self, toks: Sequence[Token], compute: Callable[[Token], Row]) -> list[Row]:
        """The row of every token, ``compute`` called for tokens not seen yet."""
        latest = self._latest.get
        rows = [hit[1] if (hit := latest(t.text)) is not None and hit[0] == id(t.analyses) else None
                for t in toks]
        if None in rows:
            for i, row in enumerate(rows):
                if row is None:
                    rows[i] = self.row(toks[i], compute)
        return rows

    def row(self, tok: Token, compute: Callable[[Token], Row]) -> Row:
        key = (tok.text, id(tok.analyses))
        row = self._rows.get(key)
        if row is None:
            if len(self._rows) >= self.SIZE:
                self.clear()
            row = self._rows[key] = compute(tok)
            self._held.append(tok.analyses)
        self._latest[tok.text] = key[1], row
        return row

    def clear(self) -> None:
        self._rows.clear()
        self._held.clear()
        self._latest.clear()
