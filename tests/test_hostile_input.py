"""Hostile text: every step of local work stays linear in the input, whatever the input holds.

The regressions below each hung or took minutes before (backtracking regexes, a scan per lookup, a
set per character); a hang fails its test through its timeout. The property test feeds random and
adversarial lines through reading, cleaning, locating, parts, grounding and rendering, and bounds the
time per kB generously, so a loaded machine does not fail it and a quadratic step still does.
"""

from __future__ import annotations

import re
import time
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.brief import Span
from summarizer.evidence._locate import DocumentIndex
from summarizer.reading._clean import clean_text
from summarizer.reading._encoding import TYPOGRAPHIC_PUNCTUATION, repair_mojibake
from summarizer.rendering._html import highlight
from tests.local_work import run_local_work

SHARE_BAR_WITH_WIDE_GAPS = "Share " + "   ".join(["x"] * 35) + "!"  # 143 bytes; hung for good
NETWORKS = (
    "Facebook Twitter LinkedIn WhatsApp Email Reddit Pinterest Telegram Print Flipboard Messenger YouTube"
)
SHARE_BAR_WITH_DOUBLE_SPACES = "Share:  " + "  ".join(NETWORKS.split())

# Lines that made a pattern backtrack over every split of a run (quadratic) or every combination.
SLOW_LINES = {
    "share bar, wide gaps": SHARE_BAR_WITH_WIDE_GAPS,
    "share bar, double spaces, almost matching": SHARE_BAR_WITH_DOUBLE_SPACES.replace("Flipboard", "")
    + " and",
    "teaser, trailing blanks": "... Read more" + " " * 100_000 + "x",
    "blank line with a letter": " " * 100_000 + "x",
    "table row, blanks": " " * 50_000 + "|" + " " * 50_000 + "x",
    "heading, blanks before the closing hashes": "# title" + " " * 100_000 + "#x",
    "emphasis openers": "**a " * 25_000,
    "underscore openers": "_a " * 30_000,
    "link openers": "[" * 100_000,
    "footnote openers": "[^" * 50_000,
    "autolink openers": "<http:" * 15_000,
    "backtick runs": "`" * 100_000 + "a",
    "nested brackets": "[" * 20_000 + "a" + "](u)" * 20_000,
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("line", SLOW_LINES.values(), ids=SLOW_LINES.keys())
def test_lines_that_backtracked_are_cleaned_in_linear_time(line: str) -> None:
    started = time.perf_counter()
    clean_text(line + "\nThe article itself.\n")
    assert time.perf_counter() - started < 10  # seconds; each took minutes or forever before


@pytest.mark.timeout(60)
def test_a_page_of_teaser_headings_is_cleaned_in_linear_time() -> None:
    """Each "Related" line scanned the headlines after it to the end of the run: quadratic."""
    started = time.perf_counter()
    cleaned = clean_text("Related\n" * 20_000 + "The article itself.\n")
    assert time.perf_counter() - started < 10  # 8,000 such lines took 15 s, 20,000 about 100 s
    assert cleaned.text == "The article itself."


def test_share_bars_are_still_removed() -> None:
    for line in (SHARE_BAR_WITH_DOUBLE_SPACES, "Share this article on: Facebook | Twitter | E-mail"):
        removed = clean_text(f"Body text here.\n{line}\nMore body text.\n").removed
        assert [r.rule for r in removed] == ["share-bar"], line


@pytest.mark.timeout(60)
def test_paragraph_lookups_do_not_scan_the_document() -> None:
    text = "A sentence in a paragraph, “with a quote.”\n" * 100_000  # 4 MB, 100,000 paragraphs
    index = DocumentIndex(text)
    offsets = [offset for offset in range(0, len(text), 97) if text[offset] != "\n"]
    started = time.perf_counter()
    for offset in offsets:
        index.paragraph_of(offset)
        index.quoted_region_containing(offset, offset + 1)
        index.sentence_around(offset, offset + 1)
    assert time.perf_counter() - started < 20  # was a scan per call: hours for these 45,000 calls
    assert index.paragraph_of(len(text) - 5) == (len(text) - 43, len(text) - 1)


@pytest.mark.timeout(60)
def test_a_long_sentence_full_of_figures_is_grounded_in_linear_time() -> None:
    """Each occurrence of a cited figure was compared with its whole sentence: quadratic here."""
    line = "1,000 6% 2.5bn " * 4000  # 60 kB, one sentence
    started = time.perf_counter()
    brief = run_local_work((line + "\nThe end.\n").encode(), "figures.txt")
    assert time.perf_counter() - started < 10  # about 50 s before
    assert brief.numbers and brief.numbers[0].text == "1,000"


def test_the_html_report_does_not_hold_a_set_per_character() -> None:
    text = "The council met on Monday. " * 40_000  # 1 MB
    marks = [(Span(start=i, end=i + 26), "quote") for i in range(0, len(text), 27_000)]
    tracemalloc.start()
    try:
        highlight(text, marks)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 30 * 2**20  # a few copies of the text; a set per character took over 200 MB


def test_highlight_marks_what_a_per_character_reference_marks() -> None:
    text = "abcdefghij" * 3
    marks = [
        (Span(start=2, end=9), "quote"),
        (Span(start=5, end=12), "number"),
        (Span(start=12, end=15), "number"),  # touches the one before: one mark
        (Span(start=25, end=99), "removed"),  # past the end
        (Span(start=7, end=7), "actor"),  # empty
    ]
    classes: list[set[str]] = [set() for _ in text]
    for span, kind in marks:
        for i in range(span.start, min(span.end, len(text))):
            classes[i].add(kind)
    expected, start = [], 0
    for i in range(1, len(text) + 1):
        if i == len(text) or classes[i] != classes[start]:
            kinds = " ".join(sorted(classes[start]))
            expected.append(f"<mark class='{kinds}'>{text[start:i]}</mark>" if kinds else text[start:i])
            start = i
    assert highlight(text, marks) == "".join(expected)


def test_mojibake_is_still_repaired_when_most_of_the_text_is_clean() -> None:
    text = "Plain words, “curly quotes” and dashes — " * 2000 + "It cost â‚¬78bn.\n"
    repaired, how = repair_mojibake(text)
    assert repaired.endswith("It cost €78bn.\n") and how


def test_mojibake_is_made_of_characters_the_fast_check_looks_at() -> None:
    """The fast check skips ASCII and typographic punctuation; ftfy's tables must agree that no
    mojibake sequence is made only of those (they sit only in its 'common' and punctuation groups)."""
    from ftfy.badness import MOJIBAKE_CATEGORIES

    def chars(spec: str) -> set[str]:
        ranges = re.sub(r"(.)-(.)", lambda m: "".join(map(chr, range(ord(m[1]), ord(m[2]) + 1))), spec)
        return set(ranges)

    only_in = {"common", "start_punctuation", "end_punctuation"}
    for name, spec in MOJIBAKE_CATEGORIES.items():
        if name not in only_in:
            assert not chars(spec) & set(TYPOGRAPHIC_PUNCTUATION), name
            assert not any(c.isascii() for c in chars(spec)), name


def _may_hold_mojibake_reference(text: str) -> bool:
    """The fast check as first written: segments around every suspect run in the whole text."""
    from ftfy.badness import is_bad

    from summarizer.reading import _encoding

    segments: list[tuple[int, int]] = []
    for m in _encoding._SUSPECT.finditer(text):
        start, end = max(m.start() - 3, 0), m.end() + 3
        if segments and start <= segments[-1][1]:
            segments[-1] = (segments[-1][0], end)
        else:
            segments.append((start, end))
    return any(is_bad(text[start:end]) for start, end in segments)


MOJIBAKE_CHECK_TEXTS = [
    "Plain words, “curly quotes” and dashes — ",
    "It cost â‚¬78bn.",
    "It cost €78bn.",
    "Café, naïve — “fine”.",
    "The â€œquoteâ€\x9d ends here.",
    "Ã©tÃ© Ã  Paris",
    "ab" * 7 + "â‚¬" + "cd" * 7,
]


@pytest.mark.parametrize("block", [1, 2, 3, 4, 5, 7, 1 << 16])
@pytest.mark.parametrize("text", MOJIBAKE_CHECK_TEXTS)
def test_mojibake_check_by_blocks_agrees_with_the_whole_text_check(
    text: str, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blocks with nothing suspect are skipped; a run cut at a block's end must still read as one."""
    from summarizer.reading import _encoding

    monkeypatch.setattr(_encoding, "_SUSPECT_BLOCK", block)
    for shifted in (text, "x" + text, "xy" + text, text * 3):
        assert _encoding._may_hold_mojibake(shifted) == _may_hold_mojibake_reference(shifted)


# -- property: random and adversarial lines through all local work ---------------------------------

PIECES = [
    " ", "  ", "\t", "...", "…", "Read more", "Share", "Facebook", "x", "|", ",", "/", "•", "[", "]",
    "(", ")", "*", "**", "_", "__", "`", "``", "~~", "#", ">", "-", '"', "“", "”", "«", "»", "'", "’",
    "a", "word ", "1", "6,000", "0.5", "%", "bn", "subscribe", "newsletter", "cookies", "related",
    ":", "<", "http:", "\\", "!", "?", ". ", "\u00a0", "é", "â‚¬", "\u0301", "ﬁ", "\f",
]  # fmt: skip
KB = 1024


@st.composite
def hostile_lines(draw: st.DrawFn) -> str:
    """A document of a few lines, each a piece repeated (the shape that breaks regexes) or a random mix."""
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            unit = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=3)))
            size = draw(st.sampled_from([KB, 10 * KB, 50 * KB, 100 * KB]))
            lines.append(unit * max(size // len(unit), 1))
        else:
            lines.append("".join(draw(st.lists(st.sampled_from(PIECES), max_size=2000))))
    return "\n".join(lines) + "\nThe article says “this is a quote,” said Ann Lee, and 6,000 may be more.\n"


@pytest.mark.timeout(300)
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(text=hostile_lines())
def test_local_work_time_grows_linearly_with_hostile_input(text: str) -> None:
    data = text.encode("utf-8")
    started = time.perf_counter()
    run_local_work(data, "hostile.md", context_tokens=500)
    elapsed = time.perf_counter() - started
    # About 10 ms per kB when all is well; a quadratic step on 100 kB lines takes minutes.
    assert elapsed < 2.0 + 0.2 * len(data) / KB, f"{elapsed:.1f} s for {len(data) / KB:.0f} kB"
