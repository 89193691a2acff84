"""Hedging cues as written: words that mark a claim as uncertain, reported or estimated."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from summarizer.evidence._lexicon import HEDGES, trie_pattern
from summarizer.evidence._openings import Block, read_blocks

# The phrases as one trie-shaped pattern: each position is rejected after a character or two, and
# with word boundaries and no repetition it runs in linear time.
_HEDGE = re.compile(r"\b" + trie_pattern(HEDGES) + r"\b", re.IGNORECASE)
# The same, case by case, for a lower-cased copy of the text: it finds the same spans there, faster.
_LOWER_HEDGE = re.compile(r"\b" + trie_pattern(HEDGES) + r"\b")
# Every hedge is words of lower-case letters and single spaces, so one opens at a `\b` only at the start
# or after a non-word character. Searched for after a space, the regex engine skips from space to space
# in C instead of trying every character; the other non-word characters are few, and a class of them
# (with all of non-ASCII, which keeps it a plain table) finds them as fast, in the search `_openings`
# makes for the injection anchors too. The two take about 0.07 s on 5 MB where `\b` tried at every
# character takes 0.16 s.
_AFTER_SPACE = re.compile(" (" + trie_pattern(HEDGES) + r")\b")
_MONTH_CONTEXT = re.compile(r"\s+\d|\s+[A-Z]")
_MONTH_PREPOSITION = re.compile(r"\b(?:in|of|since|until|by|last|next|early|late|mid|from|through)\s+$", re.I)


class Cue(NamedTuple):
    """A hedge as written. A tuple, not a dataclass: a cue lives only until the index turns it into its
    evidence, and a 20 MB document has 70,000 of them (a frozen dataclass takes twice as long to make)."""

    start: int
    end: int
    text: str


# What follows a modal used as a noun ("military might and", "with all its might."): a modal verb is
# followed by a verb or an adverb, never by a conjunction, a preposition or punctuation.
_NOUN_FOLLOWER = re.compile(r"\s*(?:[.;:!?)\]]|$|(?:and|or|but|of|to|in|is|was|that)\b)", re.IGNORECASE)
_MODALS = frozenset({"might"})  # the only hedge that is also a common noun


def _every_case(word: str) -> set[str]:
    """Each way of writing `word` with each letter in either case."""
    return {"".join(letters) for letters in itertools.product(*zip(word, word.upper(), strict=True))}


# Every way a hedge can be written that `_is_month` or `_is_noun` may take for another word: the rest,
# nearly every cue, skip both checks (`lower` gives a modal only from a modal's letters in any case).
_MONTH_OR_NOUN = frozenset({"May"}.union(*map(_every_case, _MODALS)))


def find_cues(text: str, blocks: Iterable[Block] | None = None) -> list[Cue]:
    """The hedges of `text`; `blocks`, its `read_blocks` when they are made already."""
    cues = []
    for start, end in _hedge_spans(text, blocks):
        written = text[start:end]
        if written not in _MONTH_OR_NOUN or not (
            _is_month(text, start, end, written) or _is_noun(text, end, written)
        ):
            cues.append(Cue(start, end, written))
    return cues


def _hedge_spans(text: str, blocks: Iterable[Block] | None = None) -> Iterator[tuple[int, int]]:
    """Where `_HEDGE` matches in the text, read in lower-cased blocks (a hedge never spans lines, so
    any runs of whole lines will do)."""
    for start, end, lowered, after_marks in read_blocks(text) if blocks is None else blocks:
        if lowered is None or after_marks is None:
            yield from (m.span() for m in _HEDGE.finditer(text, start, end))
        else:
            yield from ((start + a, start + b) for a, b in _lower_hedge_spans(lowered, after_marks.hedges))


def _lower_hedge_spans(lowered: str, after_marks: list[int]) -> list[tuple[int, int]]:
    """What `_LOWER_HEDGE.finditer(lowered)` finds, put together from the places a hedge can open: after
    a space, after another non-word character (`after_marks`), and at the start."""
    spans = [m.span(1) for m in _AFTER_SPACE.finditer(lowered)]
    spans += (m.span() for m in _other_openings(lowered, after_marks))
    spans.sort()
    # Where no two of these overlap they are what one search of the block finds, as a search skips only
    # what one of its matches covers. An overlap needs a hedge whose later word opens another, which no
    # hedge has now; should one come, the block is read the plain way.
    if any(later[0] < earlier[1] for earlier, later in itertools.pairwise(spans)):
        return [m.span() for m in _LOWER_HEDGE.finditer(lowered)]
    return spans


def _other_openings(lowered: str, after_marks: list[int]) -> Iterator[re.Match[str]]:
    """The exact pattern's matches at the start and after a character the openings search takes for a
    non-word one (it takes every non-ASCII character; the exact pattern's `\b` drops the letters)."""
    candidates = [0, *after_marks]
    return (m for at in candidates if (m := _LOWER_HEDGE.match(lowered, at)) is not None)


def _is_noun(text: str, end: int, written: str) -> bool:
    """ "North Korea’s military might and ...": the noun, not the modal."""
    if written.lower() not in _MODALS:
        return False
    return _NOUN_FOLLOWER.match(text, end, end + 8) is not None


def _is_month(text: str, start: int, end: int, written: str) -> bool:
    """ "May 5", "in May": the month, not the modal."""
    if written != "May":
        return False
    after = _MONTH_CONTEXT.match(text, end, end + 3)
    before = _MONTH_PREPOSITION.search(text, max(start - 12, 0), start)
    return after is not None or before is not None
