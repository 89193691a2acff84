"""Hedging cues as written: words that mark a claim as uncertain, reported or estimated."""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.evidence._lexicon import HEDGES, trie_pattern

# The phrases as one trie-shaped pattern: each position is rejected after a character or two, and
# with word boundaries and no repetition it runs in linear time.
_HEDGE = re.compile(r"\b" + trie_pattern(HEDGES) + r"\b", re.IGNORECASE)
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
        Cue(m.start(), m.end(), m.group())
        for m in _HEDGE.finditer(text)
        if not _is_month(text, m) and not _is_noun(text, m)
    ]


def _is_noun(text: str, m: re.Match[str]) -> bool:
    """ "North Korea’s military might and ...": the noun, not the modal."""
    if m.group().lower() not in _MODALS:
        return False
    return _NOUN_FOLLOWER.match(text, m.end(), m.end() + 8) is not None


def _is_month(text: str, m: re.Match[str]) -> bool:
    """ "May 5", "in May": the month, not the modal."""
    if m.group() != "May":
        return False
    after = _MONTH_CONTEXT.match(text, m.end(), m.end() + 3)
    before = _MONTH_PREPOSITION.search(text, max(m.start() - 12, 0), m.start())
    return after is not None or before is not None
