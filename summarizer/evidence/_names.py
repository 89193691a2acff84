"""Name phrases over tokens: a run of capitalized words, its titles, and the words describing it.

"Sen. Tim Kaine" is the name "Tim Kaine" with the title "Sen."; "former FBI agent Timothy Gill" is
the name "Timothy Gill" described as "former FBI agent". Every phrase keeps the text as written.
"""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.evidence._lexicon import (
    DETERMINERS,
    PREPOSITIONS,
    RELATIVE_PRONOUNS,
    TITLE_ABBREVIATIONS,
    TITLES,
    forms,
)
from summarizer.evidence._tokens import Tokens

_CONNECTORS = forms("de van von bin al da del la le di du der den ibn")
_MAX_NAME = 8


@dataclass(frozen=True)
class Name:
    first: int  # token indices of the name itself, titles excluded
    last: int
    titles: tuple[int, int] | None  # token indices of the titles before it, if any


def _dotted(tokens: Tokens, i: int) -> bool:
    """A period that belongs to the word before it: an initial (F.) or a title (Sen.)."""
    if tokens.words[i] != "." or i == 0 or tokens.end(i - 1) != tokens.starts[i]:
        return False
    before = tokens.words[i - 1]
    return (len(before) == 1 and before.isupper()) or tokens.lower[i - 1] in TITLE_ABBREVIATIONS


def _in_name(tokens: Tokens, i: int) -> bool:
    if tokens.is_capitalized(i) or _dotted(tokens, i):
        return True
    return tokens.lower[i] in _CONNECTORS and i > 0 and tokens.is_capitalized(i - 1)


def run_ending_at(tokens: Tokens, last: int, lo: int) -> int | None:
    """First token of the capitalized run ending at `last`, or None when `last` is no name word."""
    if last < lo or not tokens.is_capitalized(last) or tokens.quote[last] >= 0:
        return None
    first = last
    while first - 1 >= lo and last - first < _MAX_NAME and tokens.quote[first - 1] < 0:
        if not _in_name(tokens, first - 1) or tokens.is_possessive(first - 1):
            break
        first -= 1
    while tokens.words[first] == "." or tokens.lower[first] in _CONNECTORS:
        first += 1
    return _with_office(tokens, first, lo)


def run_starting_at(tokens: Tokens, first: int, hi: int) -> int | None:
    """Last token of the capitalized run starting at `first`, or None."""
    if first >= hi or not tokens.is_capitalized(first) or tokens.quote[first] >= 0:
        return None
    last = first
    while last + 1 < hi and last - first < _MAX_NAME and tokens.quote[last + 1] < 0:
        if not _in_name(tokens, last + 1) or tokens.is_possessive(last):
            break
        last += 1
    while tokens.lower[last] in _CONNECTORS:
        last -= 1
    return last


def _with_office(tokens: Tokens, first: int, lo: int) -> int:
    """`Secretary of State John Kerry`: the run takes in the title and its `of`."""
    if first - 2 >= lo and tokens.lower[first - 1] == "of" and tokens.lower[first - 2] in TITLES:
        return first - 2
    return first


def split_titles(tokens: Tokens, first: int, last: int) -> Name | None:
    """The name within a run, its leading titles set apart; None when the run is titles only."""
    at = first
    while at <= last and (_is_title(tokens, at) or tokens.words[at] == "." or tokens.lower[at] == "of"):
        at += 1
    for i in range(at, last):  # "Maryland Gov. Martin O'Malley": a place may head the titles
        if _is_title(tokens, i) and not _is_title(tokens, i + 1) and tokens.words[i + 1] != ".":
            at = i + 1
        elif _is_title(tokens, i) and tokens.words[i + 1] == "." and i + 2 <= last:
            at = i + 2
    if at > last or tokens.is_possessive(last):
        return None
    if at == last == first and not tokens.known_name(at):
        return None  # "Crews were pumping": a lone capital opening a sentence is no name
    return Name(at, last, (first, at - 1) if at > first else None)


def _is_title(tokens: Tokens, i: int) -> bool:
    lower = tokens.lower[i]
    return lower in TITLES or (
        lower in TITLE_ABBREVIATIONS and i + 1 < len(tokens) and _dotted(tokens, i + 1)
    )


def description_start(tokens: Tokens, last: int, lo: int) -> int:
    """Where the noun phrase ending at `last` starts: its first determiner, else after a preposition."""
    first = last
    determiner = None
    while first - 1 >= lo and tokens.quote[first - 1] < 0 and tokens.is_word(first - 1):
        lower = tokens.lower[first - 1]
        if lower in RELATIVE_PRONOUNS:
            break
        if lower in PREPOSITIONS and determiner is None and not _inside_phrase(tokens, first - 1, lo):
            break
        first -= 1
        if lower in DETERMINERS:
            determiner = first
    return determiner if determiner is not None else first


def _inside_phrase(tokens: Tokens, prep: int, lo: int) -> bool:
    """A preposition with a determiner somewhere before it: "a spokesman for the campaign"."""
    for i in range(prep - 1, max(prep - 6, lo - 1), -1):
        if not tokens.is_word(i) or tokens.quote[i] >= 0:
            return False
        if tokens.lower[i] in DETERMINERS:
            return True
    return False
