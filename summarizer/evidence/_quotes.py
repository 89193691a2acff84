"""Direct quotes: where quotation marks open and close, paragraph by paragraph, in one pass.

Double marks pair in order. Single marks count only outside double quotes (inside they are a nested
quote, part of the outer one) and only when a closing single mark stands in the same paragraph, so
apostrophes (don't, Trump's, '90s, rock 'n' roll) are never quotes. A quote left open at the end of
a paragraph continues when the next paragraph opens with a quotation mark (the news convention).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass

from summarizer.evidence._paragraphs import Paragraphs

_MARKS = "\"\u201c\u201d\u201e\u00ab\u00bb'\u2018\u2019"
_DOUBLE_OPEN = "\u201c\u201e\u00ab"
_DOUBLE_CLOSE = "\u201d\u00bb"
_SINGLE = "'\u2018\u2019"
_OPENING_CONTEXT = " \t([{\u2014\u2013-/\u201c\u2018\"'"
_CLOSING_CONTEXT = " \t.,;:!?)]}\u2014\u2013-\u201d\u2019\"'"
# Elisions that start with an apostrophe: '90s, 'n', 'em, 'til, 'cause.
_ELISION = re.compile(r"\d\d|n['\u2019]|(?:em|til|tis|twas|cause|bout|round|s)\b", re.IGNORECASE)


@dataclass(frozen=True)
class QuoteSpan:
    open_at: int  # offset of the opening mark
    start: int  # the quoted words, marks excluded
    end: int
    region_end: int  # just past the closing mark, or the paragraph's end when left open
    paragraph: int
    closed: bool
    continues: int | None  # index of the quote this one continues in the previous paragraph


def find_quotes(text: str, paragraphs: Paragraphs) -> list[QuoteSpan]:
    quotes: list[QuoteSpan] = []
    open_at_end: int | None = None  # index of a quote left open by the previous paragraph
    positions = _mark_positions(text)
    for index, (p_start, p_end) in enumerate(paragraphs.spans):
        lo, hi = bisect.bisect_left(positions, p_start), bisect.bisect_left(positions, p_end)
        marks = [(at, text[at]) for at in positions[lo:hi]]
        found = _paragraph_quotes(text, marks, p_start, p_end, index) if marks else []
        if found and open_at_end is not None and found[0].open_at == p_start:
            first = found[0]
            found[0] = dataclasses.replace(first, continues=open_at_end)
        open_at_end = None
        base = len(quotes)
        quotes.extend(found)
        if found and not found[-1].closed:
            open_at_end = base + len(found) - 1
    return quotes


def _mark_positions(text: str) -> list[int]:
    """Where every quotation mark stands, in order. Found one kind of mark at a time by `str.find`,
    which skips the text between marks several times faster than a regex scans it."""
    positions = []
    for mark in _MARKS:
        at = text.find(mark)
        while at >= 0:
            positions.append(at)
            at = text.find(mark, at + 1)
    positions.sort()
    return positions


def _paragraph_quotes(
    text: str, marks: list[tuple[int, str]], p_start: int, p_end: int, index: int
) -> list[QuoteSpan]:
    """The quotes of the paragraph from `p_start` to `p_end`, given its marks (offset, mark) in order."""
    single_closers = [at for at, mark in marks if mark in _SINGLE and _can_close(text, at, p_start, p_end)]
    spans: list[tuple[int, int | None, int]] = []  # (open mark, close mark or None, where it ends)
    open_double: int | None = None
    resume = p_start  # single quotes must not start inside a pair already taken
    for at, mark in marks:
        if at < resume:
            continue
        if open_double is not None:
            if mark in _DOUBLE_CLOSE or mark == '"':
                spans.append((open_double, at, at))
                open_double = None
            elif mark in _DOUBLE_OPEN:  # a new opening: the previous quote was never closed, and
                spans.append((open_double, None, at))  # ends where the next one opens
                open_double = at
            continue
        if mark in _DOUBLE_OPEN or (mark == '"' and _can_open(text, at, p_start, p_end)):
            open_double = at
        elif mark in "'\u2018" and _opens_single(text, at, p_start, p_end):
            close = _next_after(single_closers, at + 1)
            if close is not None:
                spans.append((at, close, close))
                resume = close + 1
    if open_double is not None:
        spans.append((open_double, None, p_end))
    return [_span(text, o, c, e, index) for o, c, e in spans if _has_words(text, o, e)]


def _span(text: str, open_at: int, close_at: int | None, stop: int, index: int) -> QuoteSpan:
    """`stop` is the closing mark, or where an unclosed quote ends (the paragraph's end, or the next
    opening mark): an unclosed quote never overlaps the next, so quotes stay linear in the text."""
    end = stop
    start = open_at + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    region_end = stop if close_at is None else close_at + 1
    return QuoteSpan(open_at, start, end, region_end, index, close_at is not None, None)


def _has_words(text: str, open_at: int, stop: int) -> bool:
    return any(c.isalnum() for c in text[open_at + 1 : min(stop, open_at + 200)])


def _can_open(text: str, at: int, p_start: int, p_end: int) -> bool:
    """A straight mark opens unless it hugs the word before it and not the word after."""
    before = text[at - 1] if at > p_start else " "
    after = text[at + 1] if at + 1 < p_end else " "
    return before in _OPENING_CONTEXT or after not in _CLOSING_CONTEXT


def _opens_single(text: str, at: int, p_start: int, p_end: int) -> bool:
    before = text[at - 1] if at > p_start else " "
    after = text[at + 1] if at + 1 < p_end else " "
    if before not in _OPENING_CONTEXT or after.isspace():
        return False
    return _ELISION.match(text, at + 1, min(at + 8, p_end)) is None


def _can_close(text: str, at: int, p_start: int, p_end: int) -> bool:
    before = text[at - 1] if at > p_start else " "
    after = text[at + 1] if at + 1 < p_end else " "
    return not before.isspace() and not after.isalnum()


def _next_after(positions: list[int], at: int) -> int | None:
    i = bisect.bisect_left(positions, at)
    return positions[i] if i < len(positions) else None
