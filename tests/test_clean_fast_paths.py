"""The cleaner's fast paths give what judging every line one by one gives.

The cleaner looks closely only at lines that may hold markup or furniture, and copies the runs of lines
between them whole. The reference below is the plain way: every line through MarkdownLines and every
rule, the cleaned text built line by line. Both must agree on the text, the offset map and what was
removed, for any input.
"""

from __future__ import annotations

import re
from array import array
from itertools import accumulate

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.brief import RemovedText, Span
from summarizer.reading._clean import (
    _COOKIE_WORD,
    _MARKUP_CHARS,
    _PROMPT_WORDS,
    _SENTENCE_END,
    _SUBSCRIBE_WORD,
    _TEASER_LIST_HEADING,
    RULES,
    TEASER_LIST,
    CleanText,
    _fold_case,
    _holds_prompt_word,
    _line_starts,
    clean_text,
)
from summarizer.reading._markup import MarkdownLines
from summarizer.reading._read_text import PAGE_BREAK, page_starts

LINE_BREAKS = ["\n", "\r\n", "\r", "\f", "\v", "\x1c", "\x85", "\u2028"]
# Pieces of lines: markup, furniture and their near misses, case-folding lookalikes, blanks.
ATOMS = [
    *LINE_BREAKS,
    *LINE_BREAKS[:1] * 6,
    "The minister said the budget would rise by 6,000 euros.",
    "Short headline",
    "Related stories",
    "Related",
    "More from Europe",
    "Read More",
    "… Read More",
    "... Continue reading »",
    "..**.** Read More",  # an ellipsis only once the markup is gone
    "Read more: the plan",
    "[Related: the plan]",
    "This website uses cookies.",
    "We uſe cooKies",
    "By contınuing to use the site you agree",
    "Share on: Facebook | Twitter | Email",
    "Facebook Twitter",
    "X",
    "Sign up for our daily newsletter",
    "Sİgn up to the newsletter",
    "Subscribe",
    "Enter your email",
    "Advertisement",
    "Ad",
    "Skip advertisement",
    "Story continues below ad",
    "Continue reading the main story",
    "Tweet",
    "Print",
    "Copy link",
    "Click to share on Twitter",
    "Follow us on: WhatsApp, E-mail",
    "Email / Reddit • Pinterest",
    "Telegram Instagram Flipboard Messenger YouTube TikTok LinkedIn",
    "Load more",
    "Show all stories",
    "View all",
    "See more",
    "See also: the plan",
    "Also read - the plan",
    "(Recommended: the plan)",
    "Read the full story",
    "You might also like",
    "Sponsored content",
    "**bold**",
    "*em*",
    "_under_",
    "__strong__",
    "~~gone~~",
    "`code`",
    "```",
    "~~~",
    "# ",
    "## Heading ##",
    "> ",
    "- ",
    "---",
    "***",
    "===",
    "| a | b |",
    "|---|---|",
    "[link](http://x.org)",
    "![alt](img.png)",
    "[ref]: http://x.org",
    "[^1]",
    "<https://x.org>",
    "\\*",
    " ",
    "   ",
    "\t",
    "-",
    "=",
    "#",
    "|",
    "^",
    "]",
    "“quoted,”",
    ".",
    ":",
    "x",
]


def reference_clean(
    source: str, markup: bool = True
) -> tuple[str, list[RemovedText], array[int], array[int]]:
    markdown = MarkdownLines() if markup else None
    lines, offset = [], 0
    for raw in source.splitlines(keepends=True):
        body = raw.rstrip("\r\n\f\v\x1c\x1d\x1e\x85\u2028\u2029")
        visible = markdown.visible(body) if markdown else [(0, len(body))]
        lines.append((offset, body, raw[len(body) :], visible))
        offset += len(raw)
    texts = ["".join(body[a:b] for a, b in visible or []) for _, body, _, visible in lines]
    rules = reference_rules(texts)
    pages = list(page_starts(source))
    parts: list[str] = []
    clean_starts, source_starts = array("q"), array("q")
    clean_end, source_end = 0, -1

    def add(start: int, text: str) -> None:
        nonlocal clean_end, source_end
        if text:
            if start != source_end:
                clean_starts.append(clean_end)
                source_starts.append(start)
            parts.append(text)
            clean_end, source_end = clean_end + len(text), start + len(text)

    removed = []
    for (start, body, end_of_line, visible), rule in zip(lines, rules, strict=True):
        if rule is not None:
            page = sum(1 for p in pages if p <= start) if pages else None
            span = Span(start=start, end=start + len(body), page=page)
            removed.append(RemovedText(span=span, rule=rule, text=body))
        elif visible is not None:
            for a, b in visible:
                add(start + a, body[a:b])
            add(start + len(body), end_of_line.replace(PAGE_BREAK, "\n"))
    if not clean_starts:
        clean_starts, source_starts = array("q", [0]), array("q", [0])
    return "".join(parts).rstrip(), removed, clean_starts, source_starts


def reference_rules(texts: list[str]) -> list[str | None]:
    """Every rule on every line; then each heading's teaser list, scanned forward from the heading."""
    rules = [next((rule.name for rule in RULES if rule.matches(text)), None) for text in texts]
    i = 0
    while i < len(texts):
        if rules[i] is None and _TEASER_LIST_HEADING.match(texts[i]):
            end, headlines = i + 1, 0
            while end < len(texts) and (not texts[end].strip() or is_teaser(texts[end], rules[end])):
                headlines += bool(texts[end].strip())
                end += 1
            if headlines >= 2:
                rules[i:end] = [TEASER_LIST if texts[k].strip() else None for k in range(i, end)]
                i = end
                continue
        i += 1
    return rules


def is_teaser(text: str, rule: str | None) -> bool:
    return rule is not None or (len(text) <= 160 and not _SENTENCE_END.search(text))


def assert_cleaned_as_the_reference(source: str, markup: bool) -> None:
    clean_text.cache_clear()
    clean: CleanText = clean_text(source, markup=markup)
    text, removed, clean_starts, source_starts = reference_clean(source, markup)
    assert clean.text == text
    assert clean.removed == removed
    assert (clean._clean_starts, clean._source_starts) == (clean_starts, source_starts)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ATOMS), max_size=60), st.booleans())
def test_clean_text_agrees_with_judging_every_line(atoms: list[str], markup: bool) -> None:
    assert_cleaned_as_the_reference("".join(atoms), markup)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab .…-*_`#>[]()|:!\\\n\r\f İſıK", max_size=300), st.booleans())
def test_clean_text_agrees_on_any_mix_of_markup_characters(source: str, markup: bool) -> None:
    assert_cleaned_as_the_reference(source, markup)


@pytest.mark.parametrize("atom", ATOMS)
def test_clean_text_agrees_on_each_piece_as_a_line_of_its_own(atom: str) -> None:
    body = "The minister said the budget would rise.\n"
    for markup in (True, False):
        assert_cleaned_as_the_reference(f"{body}{atom}\n{body}", markup)
        assert_cleaned_as_the_reference(f"{body}  {atom.upper()}  \n{body}", markup)


def test_clean_text_agrees_on_teaser_lists_and_page_breaks() -> None:
    page = "Body text of the article, said the minister.\nRelated stories\nOne\nTwo\n\nThree\n"
    source = (page + "Advertisement\f" + "**Bold** start.\r\n```\n# not a heading\n```\n") * 3
    assert_cleaned_as_the_reference(source, markup=True)


@given(
    st.text(
        alphabet=st.characters(blacklist_characters=_MARKUP_CHARS + "\n\r\f\v\x1c\x1d\x1e\x85\u2028\u2029")
    )
)
def test_a_line_without_markup_characters_shows_whole(line: str) -> None:
    if line[:1] in (" ", "-"):
        return  # such lines are looked at one by one
    for in_fence in (False, True):
        markdown = MarkdownLines()
        markdown.in_fence = in_fence
        assert markdown.visible(line) in ([(0, len(line))], [])


def test_case_folding_takes_each_character_for_what_ignorecase_takes_it_for() -> None:
    every_character = "".join(map(chr, range(0x110000)))
    folded = _fold_case(every_character)
    assert len(folded) == len(every_character)  # one character each, so each folds on its own
    for letter in sorted(set("".join(_PROMPT_WORDS))):
        by_re = set(re.findall(re.escape(letter), every_character, re.IGNORECASE))
        by_folding = {every_character[m.start()] for m in re.finditer(re.escape(letter), folded)}
        assert by_folding == by_re, letter


@given(
    st.text(
        alphabet="cookiecontinuingsignupsubscriberegisternewsletterinboxenteryourbecomeaCOKIESU İſıK",
        max_size=40,
    )
)
def test_prompt_word_check_agrees_with_the_patterns(line: str) -> None:
    expected = bool(_COOKIE_WORD.search(line) or _SUBSCRIBE_WORD.search(line))
    assert _holds_prompt_word(line) == expected


@given(st.text(alphabet="a\f\n", max_size=30))
def test_page_starts_agree_with_a_scan_of_every_character(text: str) -> None:
    breaks = [i + 1 for i, ch in enumerate(text) if ch == PAGE_BREAK and i + 1 < len(text)]
    assert page_starts(text) == ((0, *breaks) if PAGE_BREAK in text else ())


@given(st.lists(st.sampled_from(["a", "\n", "\r", "\r\n", "\f", "\x85", "\u2028"]), max_size=20).map("".join))
def test_line_starts_agree_with_splitting_the_line_breaks_off(source: str) -> None:
    expected = list(accumulate(map(len, source.splitlines(keepends=True)), initial=0))
    assert _line_starts(source, source.splitlines()) == expected
