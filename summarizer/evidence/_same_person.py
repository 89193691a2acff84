"""People's names compared by their name words: "Sen. Tim Kaine", "Tim Kaine" and "Kaine" are one person."""

from __future__ import annotations

import re

from summarizer.evidence._lexicon import DETERMINERS, TITLE_ABBREVIATIONS, TITLES, forms

_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
# Titles and function words are not part of a name: "President Biden" and "Joe Biden" share "biden".
# The title list is the one attribution reads to take titles off a speaker.
_NOT_NAMES = (
    TITLES | TITLE_ABBREVIATIONS | DETERMINERS | forms("and of for from with his her their its sir lord")
)


def name_words(text: str) -> frozenset[str]:
    """Capitalised words of two or more letters, lower-cased, titles and possessives dropped."""
    words = (re.sub(r"['’]s$", "", w).strip(".") for w in _NAME_WORD.findall(text or ""))
    return frozenset(
        w.lower() for w in words if len(w) > 1 and w[0].isupper() and w.lower() not in _NOT_NAMES
    )


def same_person(a: str, b: str) -> bool:
    """One name is the other or part of it: "Kirby" and "John Kirby" yes, "John Smith" and "John Kirby" no."""
    words_a, words_b = name_words(a), name_words(b)
    return bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a)
