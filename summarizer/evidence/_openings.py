"""Where a word may open after a character other than a space: found for the hedges and the injection
anchors alike, in one search of each lower-cased block of a text.

Both finders look for their words only where a word can open: after a space, which the regex engine
skips to as a literal, in C; and after any other character a word can follow, which it finds only by
testing every character against a class (0.13 s per 20 MB for each search). One such search serves both.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from summarizer.evidence._lexicon import HEDGES, trie_pattern
from summarizer.evidence._normalize import lowered_blocks


class MarkOpenings(NamedTuple):
    """Offsets into a lower-cased block, each just past a character `[^ 0-9_a-z]`."""

    hedges: list[int]  # where a hedge may open (the hedge pattern's own `\b` still decides)
    anchors: list[tuple[int, str]]  # where a word anchor opens, with the longest one opening there


class Block(NamedTuple):
    """A run of whole lines of a text: as `lowered_blocks` gives it, with its openings after marks
    (None, as `lowered` is, where lower-casing would move offsets)."""

    start: int
    end: int
    lowered: str | None
    after_marks: MarkOpenings | None


def read_blocks(text: str, size: int = 1 << 20) -> Iterator[Block]:
    for start, end, lowered in lowered_blocks(text, size):
        yield Block(start, end, lowered, None if lowered is None else _mark_openings(lowered))


def _mark_openings(lowered: str) -> MarkOpenings:
    hedges: list[int] = []
    anchors: list[tuple[int, str]] = []
    for m in _search().finditer(lowered):
        hedge, anchor, anchor_alone = m.group(1, 2, 3)
        if hedge is not None:
            hedges.append(m.end())
        if anchor is not None or anchor_alone is not None:
            anchors.append((m.end(), anchor or anchor_alone))
    return MarkOpenings(hedges, anchors)


def after_mark_search(hedges: str, anchors: str) -> re.Pattern[str]:
    """A search matching each character `[^ 0-9_a-z]` that a hedge (group 1) or an anchor (group 2,
    or 3 when no hedge opens there) follows. It looks ahead only, past one character: every such
    character is tried, as anchors may overlap; hedges are letters and spaces, and never hold one."""
    return re.compile(f"[^ 0-9_a-z](?:(?=({hedges})\\b)(?=({anchors}))?|(?=({anchors})))")


@functools.cache
def _search() -> re.Pattern[str]:
    from summarizer.evidence._injection import WORD_ANCHORS  # here: the injection rules import this module

    return after_mark_search(trie_pattern(HEDGES), trie_pattern(WORD_ANCHORS))
