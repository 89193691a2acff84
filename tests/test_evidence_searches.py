"""The evidence searches that read a text in pieces find what one plain search of the whole text finds."""

from __future__ import annotations

import random
import re

import pytest

from summarizer.evidence import _cues as cues
from summarizer.evidence._cues import _HEDGE, _hedge_spans
from summarizer.evidence._lexicon import trie_pattern

# Words that open, continue or nearly match hedges, in every case, with letters that fold to ASCII
# ones only case-blind ("ı", "ſ", "İ", "K") and non-ASCII letters that make a `\b` vanish.
_WORDS = (
    "may",
    "May",
    "MAY",
    "might",
    "Might",
    "could",
    "not",
    "be",
    "been",
    "confirmed",
    "verified",
    "it",
    "is",
    "said",
    "to",
    "are",
    "appear",
    "appears",
    "estimate",
    "estimates",
    "estimated",
    "unlikely",
    "likely",
    "possibly",
    "possible",
    "seem",
    "seems",
    "doubt",
    "doubts",
    "mayor",
    "ıt",
    "İs",
    "poſſibly",
    "Known",
    "émay",
    "mayé",
    "é",
    "9may",
    "may9",
    "_may",
    "could_",
    "understood",
    "thought",
    "believed",
)
_BETWEEN = (" ", " ", " ", "  ", "\n", ",", ".", "\u2019", "\u201c", "-", "_", "", "é", "\t", "(")


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        pieces = [rng.choice(_BETWEEN) if n % 2 else rng.choice(_WORDS) for n in range(rng.randint(0, 60))]
        texts.append("".join(pieces))
    return texts


def test_hedges_found_by_their_openings_are_those_of_the_plain_pattern() -> None:
    for text in _texts(3000, seed=7):
        assert list(_hedge_spans(text)) == [m.span() for m in _HEDGE.finditer(text)], text


def test_hedges_that_hold_the_opening_of_another_are_still_found_as_the_plain_pattern_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A phrase list where one hedge's later word opens another: the searches by opening overlap there.
    trie = trie_pattern(("could not", "not be sure", "be sure", "it is", "is said to", "may"))
    monkeypatch.setattr(cues, "_LOWER_HEDGE", re.compile(r"\b" + trie + r"\b"))
    monkeypatch.setattr(cues, "_AFTER_SPACE", re.compile(" (" + trie + r")\b"))
    monkeypatch.setattr(cues, "_AFTER_OTHER", re.compile("[^ 0-9_a-z](" + trie + r")\b"))
    plain = re.compile(r"\b" + trie + r"\b", re.IGNORECASE)
    texts = ["(could not be sure", "\u201cit is said to", *_texts(2000, seed=11)]
    for text in texts:
        assert list(_hedge_spans(text)) == [m.span() for m in plain.finditer(text)], text
