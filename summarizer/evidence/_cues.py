"""Hedging cues as written: words that mark a claim as uncertain, reported or estimated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from summarizer.evidence._lexicon import HEDGES, trie_pattern
from summarizer.evidence._normalize import lowered_blocks

# The phrases as one trie-shaped pattern: each position is rejected after a character or two, and
# with word boundaries and no repetition it runs in linear time.
_HEDGE = re.compile(r"\b" + trie_pattern(HEDGES) + r"\b", re.IGNORECASE)
# The same, case by case, for a lower-cased copy of the text: it finds the same spans there, faster.
_LOWER_HEDGE = re.compile(r"\b" + trie_pattern(HEDGES) + r"\b")
_MONTH_CONTEXT = re.compile(r"\s+\d|\s+[A-Z]")
_MONTH_PREPOSITION = re.compile(r"\b(?:in|of|since|until|by|last|next|early|late|mid|from|through)\s+$", re.I)


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    text: str


# What follows a modal used as a noun ("military might and", "with all its might."): a modal verb is
# followed by a verb or an adverb, never by a conjunction, a preposition or punctuation.
_NOUN_FOLLOWER = re.compile(r"\s*(?:[.;:!?)\]]|$|(?:and|or|but|of|to|in|is|was|that)\b)", re.IGNORECASE)
_MODALS = frozenset({"might"})  # the only hedge that is also a common noun


def find_cues(text: str) -> list[Cue]:
    return [
        Cue(start, end, text[start:end])
        for start, end in _hedge_spans(text)
        if not _is_month(text, start, end) and not _is_noun(text, start, end)
    ]


def _hedge_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where `_HEDGE` matches in the text, read in lower-cased blocks (a hedge never spans lines)."""
    for start, end, lowered in lowered_blocks(text):
        if lowered is None:
            yield from (m.span() for m in _HEDGE.finditer(text, start, end))
        else:
            yield from ((start + m.start(), start + m.end()) for m in _LOWER_HEDGE.finditer(lowered))


def _is_noun(text: str, start: int, end: int) -> bool:
    """ "North Korea’s military might and ...": the noun, not the modal."""
    if text[start:end].lower() not in _MODALS:
        return False
    return _NOUN_FOLLOWER.match(text, end, end + 8) is not None


def _is_month(text: str, start: int, end: int) -> bool:
    """ "May 5", "in May": the month, not the modal."""
    if text[start:end] != "May":
        return False
    after = _MONTH_CONTEXT.match(text, end, end + 3)
    before = _MONTH_PREPOSITION.search(text, max(start - 12, 0), start)
    return after is not None or before is not None
