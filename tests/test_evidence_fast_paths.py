"""Evidence steps written for speed equal their plain readings: C loops over whole columns, a match
read backwards, a cheap test before a costly one, marks found by `str.find`."""

from __future__ import annotations

import bisect
import re

from hypothesis import example, given
from hypothesis import strategies as st

from summarizer.evidence._attribution import _CUE_WORDS, _is_cue
from summarizer.evidence._build import _sentence_ids
from summarizer.evidence._cues import Cue, _hedge_spans, _is_month, _is_noun, find_cues
from summarizer.evidence._lexicon import CUE_PHRASES, CUE_VERBS, QUALIFIERS, trie_pattern
from summarizer.evidence._locate import _NUMBER, _SCALES, _readings, number_readings
from summarizer.evidence._numbers import _CURRENCY, _QUALIFIER_REACH, Figure, find_figures
from summarizer.evidence._paragraphs import find_paragraphs
from summarizer.evidence._quotes import _MARKS, _mark_positions, _paragraph_quotes, find_quotes
from summarizer.evidence._sentences import (
    _WORD_AFTER,
    _abbreviated,
    _opens_quote,
    _word_before,
)
from summarizer.evidence._tokens import tokenize

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


@given(st.lists(st.integers(0, 500), unique=True), st.lists(st.integers(-5, 600)))
def test_sentence_ids_are_found_as_one_bisect_each(starts: list[int], offsets: list[int]) -> None:
    starts.sort()
    expected = [max(bisect.bisect_right(starts, offset), 1) for offset in offsets]
    assert _sentence_ids(starts, offsets) == expected


WORD_BEFORE = re.compile(r"[\w.\-\u2019']{1,24}$")  # searched forward in the 24 characters before


@given(texts, st.integers(0, 100))
@example("Mr\n", 3)  # `$` matches before a final line break too
@example("a\n\n", 3)
@example(".", 0)
@example("word " * 6, 24)  # the window's first character is the text's first
@example("word " * 6, 25)
def test_the_word_before_a_mark_is_the_one_a_forward_search_finds(text: str, at: int) -> None:
    at = min(at, len(text))
    found = WORD_BEFORE.search(text, max(at - 24, 0), at)
    assert _word_before(text, at) == (found.group() if found else "")


@given(st.lists(st.sampled_from([*ATOMS, "(", "[", "\u2018", "x"]), max_size=30).map("".join))
@example(" - more")
@example(" ")
def test_a_quote_opens_after_an_end_as_the_stripped_words_after_it_say(text: str) -> None:
    after = _WORD_AFTER.match(text)
    if after is not None:
        mark, next_word = after.groups()
        assert _opens_quote(mark, next_word) == (after.group().strip()[:1] in "\"'\u201c\u2018")


@given(texts)
def test_abbreviations_are_tested_as_by_both_patterns(word: str) -> None:
    acronym = re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word)
    party_state = re.fullmatch(r"[DRI]-[A-Z][\w.\-]*", word)
    assert _abbreviated(word) == bool(acronym or party_state)


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


@given(texts)
def test_every_cue_is_a_cue_word(text: str) -> None:
    paragraphs = find_paragraphs(text)
    tokens = tokenize(text, list(paragraphs.spans), find_quotes(text, paragraphs))
    assert all(tokens.words[i] in _CUE_WORDS for i in range(len(tokens)) if _is_cue(tokens, i))
    assert CUE_VERBS <= _CUE_WORDS and {first for first, _ in CUE_PHRASES} <= _CUE_WORDS


FIGURE_ATOMS = [
    *" \n\t\u00a0$\u00a3\u20ac\u00a5AUSCNZHK1,.%x",
    "about ",
    "more than",
    "over",
    "bn",
    "per cent",
]
figure_texts = st.lists(st.sampled_from(FIGURE_ATOMS), max_size=40).map("".join)
PLAIN_QUALIFIER = re.compile(r"\b(" + trie_pattern(QUALIFIERS) + r")\s+$", re.IGNORECASE)


@given(figure_texts)
@example("$\n5")  # `$` matches before a line feed that ends the slice, so the symbol stands two back
@example("about\n$5")
@example("about\u00a05")
def test_figures_take_currency_and_qualifiers_as_the_plain_searches_find_them(text: str) -> None:
    expected = []
    for start, end, values in number_readings(text):
        symbol = _CURRENCY.search(text, max(start - 3, 0), start)
        start = symbol.start() if symbol else start
        qualifier = PLAIN_QUALIFIER.search(text, max(start - _QUALIFIER_REACH, 0), start)
        expected.append(Figure(start, end, values, qualifier.group(1) if qualifier else None))
    assert find_figures(text) == expected


@given(figure_texts)
@example("1.5bn% 20 per cent 3,000 m")
def test_each_figures_readings_are_its_plain_readings(text: str) -> None:
    for m in _NUMBER.finditer(text):
        base = float(m["num"].replace(",", ""))
        values = {base}
        if m["scale"]:
            values.add(base * _SCALES[m["scale"].lower()])
        if m["pct"]:
            values.add(base / 100)
        assert _readings(m) == values


CUE_ATOMS = [
    *" \n.5",
    "May",
    "may",
    "MAY",
    "might",
    "MIGHT",
    "mIgHt",
    "K",
    "\u212a",
    "in ",
    " and",
    "reportedly",
]


@given(st.lists(st.sampled_from(CUE_ATOMS), max_size=30).map("".join))
@example("in May might. MIGHT and May 5")
def test_cues_are_checked_as_months_and_nouns_as_the_plain_loop_checks_them(text: str) -> None:
    expected = [
        Cue(start, end, text[start:end])
        for start, end in _hedge_spans(text)
        if not _is_month(text, start, end, text[start:end]) and not _is_noun(text, end, text[start:end])
    ]
    assert find_cues(text) == expected
