"""Figures: every number token (digits, decimals, %, scales, currency) with the hedge right before it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.evidence._lexicon import QUALIFIERS, trie_pattern
from summarizer.evidence._locate import number_readings

_CURRENCY = re.compile(r"(?:US|A|C|NZ|HK)?[$\u00a3\u20ac\u00a5]$")
# Read only from a short slice before the figure; the leftmost phrase wins, so "more than" over "over".
# As a trie a place is rejected after a character or two, not after trying each phrase in turn; the
# order of the phrases cannot matter, as at most one of them ends where the spaces before `$` begin.
_QUALIFIER = re.compile(r"\b(" + trie_pattern(QUALIFIERS) + r")\s+$", re.IGNORECASE)
_QUALIFIER_REACH = 24


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    values: frozenset[float]
    qualifier: str | None


def find_figures(text: str) -> list[Figure]:
    figures = []
    for token_start, end, values in number_readings(text):
        start = _with_currency(text, token_start)
        qualifier = _QUALIFIER.search(text, max(start - _QUALIFIER_REACH, 0), start)
        figures.append(Figure(start, end, values, qualifier.group(1) if qualifier else None))
    return figures


def _with_currency(text: str, start: int) -> int:
    symbol = _CURRENCY.search(text, max(start - 3, 0), start)
    return symbol.start() if symbol else start
