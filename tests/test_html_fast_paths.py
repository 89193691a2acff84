"""The HTML report's highlighting gives what marking each character on its own gives."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st

from summarizer.brief import Span
from summarizer.rendering._html import highlight

KINDS = ["quote", "number", "actor", "removed", "suspect"]


def per_character_highlight(text: str, marks: list[tuple[Span, str]]) -> str:
    classes: list[set[str]] = [set() for _ in text]
    for span, kind in marks:
        for i in range(max(span.start, 0), min(span.end, len(text))):
            classes[i].add(kind)
    pieces, start = [], 0
    for i in range(1, len(text) + 1):
        if i == len(text) or classes[i] != classes[start]:
            kinds, escaped = " ".join(sorted(classes[start])), html.escape(text[start:i], quote=True)
            pieces.append(f"<mark class='{kinds}'>{escaped}</mark>" if kinds else escaped)
            start = i
    return "".join(pieces)


marks_strategy = st.lists(
    st.tuples(st.integers(0, 45), st.integers(0, 12), st.sampled_from(KINDS)).map(
        lambda m: (Span(start=m[0], end=m[0] + m[1]), m[2])
    ),
    max_size=12,
)


@given(st.text(alphabet="ab “’\n", max_size=40), marks_strategy)
def test_highlight_without_characters_to_escape(text: str, marks: list[tuple[Span, str]]) -> None:
    assert highlight(text, marks) == per_character_highlight(text, marks)


@given(st.text(alphabet="ab&<>\"' \n", max_size=40), marks_strategy)
def test_highlight_with_characters_to_escape(text: str, marks: list[tuple[Span, str]]) -> None:
    assert highlight(text, marks) == per_character_highlight(text, marks)


# Few places and two classes: spans that touch, repeat or nest under the same classes are common.
crowded_marks = st.lists(
    st.tuples(st.integers(0, 8), st.integers(0, 4), st.sampled_from(KINDS[:2])).map(
        lambda m: (Span(start=m[0] * 2, end=m[0] * 2 + m[1] * 2), m[2])
    ),
    max_size=10,
)


@given(st.text(alphabet="ab<", min_size=10, max_size=24), crowded_marks)
def test_highlight_of_touching_and_repeated_spans(text: str, marks: list[tuple[Span, str]]) -> None:
    assert highlight(text, marks) == per_character_highlight(text, marks)
