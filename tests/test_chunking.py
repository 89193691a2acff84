"""Splitting a long cleaned text into parts: boundaries, overlap, budget, coverage, offsets."""

from __future__ import annotations

import itertools
import random
import re

import pytest

from summarizer.errors import ConfigError
from summarizer.evidence._locate import DocumentIndex
from summarizer.long_documents._parts import (
    CHARS_PER_TOKEN,
    Part,
    _QuotedRegions,
    _TokenCost,
    _units,
    _words_within,
    estimate_tokens,
    split_into_parts,
)
from summarizer.reading._clean import clean_text
from summarizer.settings import Settings
from tests.conftest import SEED_1, SEED_2

SENTENCE_START = re.compile(r"(?:^|\n|[.!?][\"'”’)\]]*\s)$")


def check_parts(text: str, parts: list[Part], budget: int) -> None:
    """What every split must hold: offsets, budget, order, overlap and full coverage."""
    assert [p.number for p in parts] == list(range(1, len(parts) + 1))
    assert parts[0].start == 0 and parts[-1].end == len(text)
    for part in parts:
        assert part.text == text[part.start : part.end]
        assert estimate_tokens(part.text) <= budget
    for before, after in itertools.pairwise(parts):
        assert before.start < after.start <= before.end < after.end  # forward, with no gap
    covered = set().union(*(range(p.start, p.end) for p in parts))
    assert covered == set(range(len(text)))


def paragraphs(n: int) -> str:
    seed = SEED_1.read_text(encoding="utf-8").split("\n\n")
    return "\n\n".join(f"{i}. {seed[i % len(seed)]}" for i in range(n))


def test_tokens_are_estimated_at_four_ascii_characters_or_one_other_character() -> None:
    assert [estimate_tokens(t) for t in ("", "abcd", "abcde", "日本語", "a–b")] == [0, 1, 2, 3, 2]
    text = SEED_2.read_text(encoding="utf-8")
    assert len(text) / 4 <= estimate_tokens(text) <= len(text) / 3.5


def test_a_text_within_the_budget_is_one_part_holding_all_of_it() -> None:
    text = clean_text(SEED_2.read_text(encoding="utf-8")).text
    assert split_into_parts(text, estimate_tokens(text)) == [Part(1, 0, len(text), text)]


def test_parts_end_between_paragraphs_and_neighbours_overlap() -> None:
    text = paragraphs(60)
    parts = split_into_parts(text, 800)
    check_parts(text, parts, 800)
    assert len(parts) > 5
    for before, after in itertools.pairwise(parts):
        assert text[before.end - 2 : before.end] == "\n\n"  # a paragraph closes each part but the last
        assert SENTENCE_START.search(text[: after.start])  # and the next one starts at a sentence
        assert 0 < estimate_tokens(text[after.start : before.end]) <= 80 + 150  # about 10%, one sentence more


def test_overlap_can_be_chosen() -> None:
    text = paragraphs(60)
    wide = split_into_parts(text, 800, overlap_tokens=300)
    check_parts(text, wide, 800)
    assert len(wide) > len(split_into_parts(text, 800))
    shared = [estimate_tokens(text[b.start : a.end]) for a, b in itertools.pairwise(wide)]
    assert max(shared) <= 300 + 150 and min(shared) > 80


def test_a_paragraph_over_the_budget_is_cut_between_sentences_but_never_inside_a_quote() -> None:
    quote = "“We will not stop. Not this winter. Not next year. Not ever,” the minister said."
    text = " ".join(["The shells arrived by rail at night.", quote] * 20)
    parts = split_into_parts(text, 60)
    check_parts(text, parts, 60)
    regions = DocumentIndex(text).quoted_regions
    for part in parts[1:]:
        assert text[part.start - 2 : part.start] in {". ", "! ", "? "}
        assert not any(start < part.start < end for start, end in regions)


def test_a_sentence_over_the_budget_is_cut_between_words_and_a_giant_word_anywhere() -> None:
    words = " ".join(f"word{i}" for i in range(400))
    parts = split_into_parts(words, 50)
    check_parts(words, parts, 50)
    assert all(words[p.start - 1] == " " for p in parts[1:])
    blob = "x" * 1000
    check_parts(blob, split_into_parts(blob, 50), 50)


def test_parts_of_a_cleaned_text_map_back_into_the_source() -> None:
    source = SEED_2.read_text(encoding="utf-8")
    clean = clean_text(source)
    parts = split_into_parts(clean.text, 120)
    check_parts(clean.text, parts, 120)
    for part in parts:
        # The same first and last words, found through the cleaned text's map into the file.
        first = re.match(r"\S+", part.text)
        assert first is not None
        span = clean.span_to_original(part.start + first.start(), part.start + first.end())
        assert source[span.start : span.end] == first.group()


def test_a_budget_below_one_token_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="at least 1 token"):
        split_into_parts("text", 0)
    with pytest.raises(ConfigError, match="at least 1 token"):
        Settings(model="m", context_tokens=0).resolved()


@pytest.mark.parametrize("seed", range(30))
def test_random_texts_and_budgets_keep_every_rule(seed: int) -> None:
    rng = random.Random(seed)
    words = ["shells", "“Not now.", "ever,”", "he", "said.", "Korea", "6,000", "é", "日本", "x" * 30]
    pieces = [rng.choice(words) + rng.choice([" ", " ", " ", "\n", "\n\n", ". "]) for _ in range(600)]
    text = "".join(pieces).strip()
    budget = rng.randint(5, 400)
    check_parts(text, split_into_parts(text, budget, overlap_tokens=rng.randint(0, budget)), budget)


def test_token_cost_of_any_slice_is_the_sum_of_its_characters() -> None:
    # Non-ASCII runs inside a block, across block boundaries and filling blocks, and ASCII blocks between.
    text = ("plain words " * 9 + "é" + "中文" * 70 + "x" * 1100 + "ß—" + " end") * 3
    cost = _TokenCost(text)
    weights = [1 if char.isascii() else CHARS_PER_TOKEN for char in text]
    sums = [0, *itertools.accumulate(weights)]
    for start in range(0, len(text), 37):
        for end in range(start, len(text) + 1, 53):
            assert cost.between(start, end) == sums[end] - sums[start]


# -- the fast paths, pinned to plain versions of themselves ---------------------------------------

# Line breaks of every kind, spaces after them, quotes open and closed, sentence ends, long words.
_PIECES = [
    "a", "word ", " ", "\n", "\n\n", "\r\n", "\r", " \n ", "\n \n", "\t", ".", ". ", "!\n", "?” ", ".)\n",
    "“", "”", '"', "«", "»", "„", "é", "中", "\u2028", "\x85", "x" * 40,
]  # fmt: skip


def _random_text(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, size)))


def _plain_units(
    text: str, cost: _TokenCost, budget: int, regions: list[tuple[int, int]]
) -> list[tuple[int, int, bool]]:
    """Units as first written: each paragraph searched for its own sentence ends, each end checked."""

    def inside(offset: int) -> bool:
        return any(start < offset < end for start, end in regions)

    def between(start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
        return list(itertools.pairwise([start, *(c for c in cuts if start < c < end), end]))

    units = []
    breaks = [m.end() for m in re.finditer(r"\n+", text)]
    for p_start, p_end in between(0, len(text), breaks):
        ends = [m.end() for m in re.compile(r"[.!?][\"'”’)\]]*\s+").finditer(text, p_start, p_end)]
        for s_start, s_end in between(p_start, p_end, [cut for cut in ends if not inside(cut)]):
            if cost.tokens(s_start, s_end) <= budget:
                units.append((s_start, s_end, s_end == p_end))
            else:
                runs = _words_within(text, s_start, s_end, cost, budget)
                units += [(start, end, end == p_end) for start, end in runs]
    return units


@pytest.mark.parametrize("seed", range(40))
def test_units_found_in_one_pass_are_those_found_paragraph_by_paragraph(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(25):
        text = _random_text(rng, 300)
        budget = rng.randint(1, 60)
        cost = _TokenCost(text)
        regions = DocumentIndex(text).quoted_regions
        units = _units(text, cost, budget, _QuotedRegions(regions))
        found = list(zip(units.bounds[:-1], units.bounds[1:], units.ends_paragraph, strict=True))
        assert found == _plain_units(text, cost, budget, regions), (text, budget)


def _plain_paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\r\n]+", text) if m.group().strip()]


def _plain_quoted_regions(text: str) -> list[tuple[int, int]]:
    """Quoted regions as first written: a pattern search for marks within each paragraph."""
    closing = {"“": "”", "«": "»", "„": "”"}
    regions = []
    for p_start, p_end in _plain_paragraphs(text):
        i = p_start
        while (opening := re.compile('[“«„"]').search(text, i, p_end)) is not None:
            i = opening.start()
            close = text.find(closing.get(opening.group(), '"'), i + 1, p_end)
            end = p_end if close == -1 else close + 1
            regions.append((i, end))
            i = end
    return regions


@pytest.mark.parametrize("seed", range(20))
def test_paragraphs_and_quotes_found_by_str_find_are_those_of_a_pattern_search(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(50):
        text = _random_text(rng, 200)
        index = DocumentIndex(text)
        assert index.paragraphs == _plain_paragraphs(text), text
        assert index.quoted_regions == _plain_quoted_regions(text), text
