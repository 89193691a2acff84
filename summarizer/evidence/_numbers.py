"""Figures: every number token (digits, decimals, %, scales, currency) with the hedge right before it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.evidence._lexicon import QUALIFIERS, trie_pattern
from summarizer.evidence._locate import number_readings

_SYMBOLS = "$\u00a3\u20ac\u00a5"
_CURRENCY = re.compile(f"(?:US|A|C|NZ|HK)?[{_SYMBOLS}]$")
# `$` also matches before a line feed that ends the slice searched, so a symbol can stand one before it.
_BEFORE_CURRENCY = frozenset(_SYMBOLS + "\n")
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
        figures.append(Figure(start, end, values, _qualifier(text, start)))
    return figures


# Each search below needs a given character right before the figure; most figures lack it, and checking
# that character first spares them the search (tens of thousands of figures on a long document).
def _with_currency(text: str, start: int) -> int:
    if start == 0 or text[start - 1] not in _BEFORE_CURRENCY:
        return start
    symbol = _CURRENCY.search(text, max(start - 3, 0), start)
    return symbol.start() if symbol else start


def _qualifier(text: str, start: int) -> str | None:
    """The qualifier ends in spaces right before the figure (`\\s` is what `str.isspace` takes)."""
    if start == 0 or not text[start - 1].isspace():
        return None
    qualifier = _QUALIFIER.search(text, max(start - _QUALIFIER_REACH, 0), start)
    return qualifier.group(1) if qualifier else None
