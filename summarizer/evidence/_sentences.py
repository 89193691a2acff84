"""Sentences: split at end punctuation, never inside a quote, never after a title or an initial.

A paragraph always ends a sentence, and every non-blank stretch of a paragraph is in one sentence.
Each candidate end is judged by the word before it and the word after it, both read from a short
slice, so splitting stays linear in the text.
"""

from __future__ import annotations

import bisect
import re

from summarizer.evidence._lexicon import (
    CUE_VERBS,
    ENDING_ABBREVIATIONS,
    SENTENCE_OPENERS,
    TITLE_ABBREVIATIONS,
)
from summarizer.evidence._paragraphs import Paragraphs
from summarizer.evidence._quotes import QuoteSpan

# The lookbehind starts a match only at the first mark of a run and the possessive runs never give
# back: a line of 100,000 periods is one failed attempt, not 100,000 shrinking ones. The pattern opens
# with the mark and looks behind it from there, so the engine skips straight to marks.
_END = re.compile("[.!?\u2026](?<![.!?\u2026][.!?\u2026])[.!?\u2026]*+[\"'\u201d\u2019)\\]]*+(?=\\s)")
# The word before a mark (word characters, dots, hyphens, apostrophes; a line break right before the
# mark skipped), matched on the text before the mark read backwards: one match at the mark, where a
# search for a word ending there would try every start in the window.
_WORD_BEFORE_REVERSED = re.compile(r"\n?([\w.\-\u2019']{1,24})")
_WORD_AFTER = re.compile(r"\s+([\"'\u201c\u2018(\[]?)(\w*)")
_CLAUSE_WORDS = re.compile(r"[^\s.!?]+")  # the words up to the next stop, for `"...?" X asked.`
_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # U.S, D.C, a.m
_PARTY_STATE = re.compile(r"[DRI]-[A-Z][\w.\-]*")  # D-Mo, R-Texas, R-N.H


def split_sentences(text: str, paragraphs: Paragraphs, quotes: list[QuoteSpan]) -> list[tuple[int, int]]:
    regions = _Regions(quotes)
    sentences = []
    for p_start, p_end in paragraphs.spans:
        start = p_start
        for m in _END.finditer(text, p_start, p_end):
            if regions.inside(m.end() - 1) or not _ends_sentence(text, m.start(), m.end(), p_end):
                continue
            sentences.append((start, m.end()))
            start = _skip_space(text, m.end(), p_end)
        if start < p_end:
            sentences.append((start, p_end))
    return sentences


class _Regions:
    """Quoted regions (marks included); a break inside one is no break."""

    def __init__(self, quotes: list[QuoteSpan]) -> None:
        self._starts = [q.open_at for q in quotes]
        self._ends = [q.region_end for q in quotes]

    def inside(self, offset: int) -> bool:
        i = bisect.bisect_right(self._starts, offset) - 1
        return i >= 0 and offset < self._ends[i] - 1


def _skip_space(text: str, at: int, end: int) -> int:
    while at < end and text[at].isspace():
        at += 1
    return at


def _ends_sentence(text: str, start: int, end: int, p_end: int) -> bool:
    after = _WORD_AFTER.match(text, end, min(end + 40, p_end))
    if after is None:
        return False
    mark, next_word = after.groups()
    if next_word[:1].islower():
        return False
    opens_quote = _opens_quote(mark, next_word)
    if text[start] in "!?":
        return not (text[end - 1] in '"\u201d' and _cue_follows(text, end, p_end))
    if text[start] == "\u2026" or text.startswith("...", start):  # an ellipsis mostly trails off mid-sentence
        return _opener(next_word, opens_quote)
    return _ends_after(_word_before(text, start).lstrip(".-\u2019'"), next_word, opens_quote)


def _opens_quote(mark: str, next_word: str) -> bool:
    """Whether a quotation mark opens what follows the spaces after an end; when neither a mark nor a
    word follows them ("end. - more"), there is no word to judge the start by and it counts as one."""
    return mark in "\"'\u201c\u2018" if mark else not next_word


def _word_before(text: str, at: int) -> str:
    """The word ending at `at` (or at a line break there) within the 24 characters before; "" if none."""
    # The 24 characters before, read backwards in one slice (a slice then its reverse is two copies).
    backwards = text[at - 1 : at - 25 : -1] if at >= 25 else text[at - 1 :: -1] if at else ""
    before = _WORD_BEFORE_REVERSED.match(backwards)
    return before.group(1)[::-1] if before else ""


def _cue_follows(text: str, at: int, p_end: int) -> bool:
    """`"Who knows?" Ana Ruiz asked.`: a reporting verb a few words on keeps the quote in its sentence."""
    words = _CLAUSE_WORDS.findall(text, at, min(at + 60, p_end))[:6]
    return any(word in CUE_VERBS for word in words)


def _ends_after(word: str, next_word: str, opens_quote: bool) -> bool:
    """Whether a period after `word` ends the sentence, given the word that follows."""
    lower = word.lower()
    if lower == "no":
        return not next_word[:1].isdigit()
    if lower in TITLE_ABBREVIATIONS or (len(word) == 1 and word.isupper()):
        return False
    if lower in ENDING_ABBREVIATIONS or _abbreviated(word):
        return _opener(next_word, opens_quote)
    return True


def _abbreviated(word: str) -> bool:
    """U.S, D-Mo: the patterns run only on words with the mark they need (most words have none)."""
    return ("." in word and _ACRONYM.fullmatch(word) is not None) or (
        word[1:2] == "-" and _PARTY_STATE.fullmatch(word) is not None
    )


def _opener(next_word: str, opens_quote: bool) -> bool:
    return opens_quote or next_word.lower() in SENTENCE_OPENERS
