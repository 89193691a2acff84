"""Evidence steps written for speed equal their plain readings: C loops over whole columns, a match
read backwards, a cheap test before a costly one, marks found by `str.find`."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from summarizer.evidence._paragraphs import find_paragraphs
from summarizer.evidence._quotes import _MARKS, _mark_positions, _paragraph_quotes, find_quotes

# Words, marks and line breaks that the finders treat specially.
ATOMS = [
    *" \n\t.-'_1!\"aUSD\u2019\u00e9\u201c\u201d\u201e\u00ab\u00bb\u2018",
    "\n\n",
    "Mo",
    "said",
    "went",
    "on",
    "according",
    "to",
]
texts = st.lists(st.sampled_from(ATOMS), max_size=80).map("".join)


@given(texts)
def test_marks_are_found_as_a_regex_scan_finds_them(text: str) -> None:
    assert _mark_positions(text) == [m.start() for m in re.finditer(f"[{_MARKS}]", text)]


@given(texts)
def test_quotes_are_found_from_each_paragraphs_own_marks(text: str) -> None:
    paragraphs = find_paragraphs(text)
    expected = []
    for index, (start, end) in enumerate(paragraphs.spans):
        marks = [(m.start(), m.group()) for m in re.finditer(f"[{_MARKS}]", text[:end]) if m.start() >= start]
        expected += [
            (q.open_at, q.region_end, q.closed) for q in _paragraph_quotes(text, marks, start, end, index)
        ]
    assert [(q.open_at, q.region_end, q.closed) for q in find_quotes(text, paragraphs)] == expected
