"""Long documents in parts: the cleaned text split on paragraph, then sentence, boundaries, with overlap.

A part is a window `[start, end)` of the cleaned text (what the model sees), so anything found in it
maps back into the source file through the same `CleanText` as the whole document.

Tokens are estimated locally, without a tokenizer or the network: a character of ASCII text costs a
quarter of a token and any other character a whole one. Four characters a token is the usual figure for
English; the reference model's own tokenizer read the seed article's full request (prompt, schema and
document) at about 4.4 characters a token, so the estimate errs towards more, smaller parts, which is the
safe side of a context limit. Counting every non-ASCII character as a token keeps scripts that tokenize
densely (Chinese, Japanese) from being underestimated fourfold.

Where text is cut, in order of preference: between paragraphs; between sentences outside quotation
marks (a part never starts inside a quote, so quoted passages stay whole for grounding); between words;
and only for a single "word" longer than the budget, anywhere.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from dataclasses import dataclass

from summarizer.errors import ConfigError
from summarizer.evidence import DocumentIndex

# Characters per token, the one rough rule for English text: parts, cost projections and rate limits.
CHARS_PER_TOKEN = 4
OVERLAP_FRACTION = 0.1  # of the budget: enough to repeat a paragraph or two across each cut
_PARAGRAPH_BREAK = re.compile(r"\n+")
# A sentence end and the space after it, which stops after a run of line breaks: the space is read
# within the sentence's paragraph, so the whole text is searched once instead of paragraph by paragraph.
_SENTENCE_BREAK = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?:[^\S\n]+\n*|\n+)")
_WORD_BREAK = re.compile(r"\s+")


@dataclass(frozen=True)
class Part:
    """One window of the cleaned text; `number` counts from 1."""

    number: int
    start: int
    end: int
    text: str


def estimate_tokens(text: str) -> int:
    return -(-_TokenCost(text).between(0, len(text)) // CHARS_PER_TOKEN)


def split_into_parts(
    text: str, budget_tokens: int, overlap_tokens: int | None = None, index: DocumentIndex | None = None
) -> list[Part]:
    """Parts of at most `budget_tokens` each (estimated), neighbours sharing about `overlap_tokens`.

    A text within the budget is one part holding all of it, so short documents go through unchanged.
    `index`, the text's `DocumentIndex` if one is built already, saves building another.
    """
    if budget_tokens < 1:
        raise ConfigError(f"the context budget must be at least 1 token, not {budget_tokens}")
    overlap = int(budget_tokens * OVERLAP_FRACTION) if overlap_tokens is None else overlap_tokens
    cost = _TokenCost(text)
    if cost.tokens(0, len(text)) <= budget_tokens:
        return [Part(1, 0, len(text), text)]
    quoted = _QuotedRegions((index or DocumentIndex(text)).quoted_regions)
    windows = _Packer(_units(text, cost, budget_tokens, quoted), cost, budget_tokens, overlap).windows()
    return [Part(n, start, end, text[start:end]) for n, (start, end) in enumerate(windows, 1)]


# -- units: the smallest pieces a part is made of, contiguous and covering the whole text -----------


@dataclass(frozen=True)
class _Units:
    """Sentences (or runs of words, for a sentence over the budget): unit `i` is the text from
    `bounds[i]` to `bounds[i + 1]`, and `ends_paragraph[i]` says whether it closes a paragraph.
    Plain lists rather than an object per unit: a 20 MB document has over a hundred thousand."""

    bounds: list[int]
    ends_paragraph: list[bool]

    def __len__(self) -> int:
        return len(self.ends_paragraph)


def _units(text: str, cost: _TokenCost, budget: int, quoted: _QuotedRegions) -> _Units:
    """The text cut after each run of line breaks (a paragraph's end) and after each sentence end
    outside quotes, each sentence over the budget then cut between words."""
    paragraph_ends = _paragraph_ends(text)
    sentence_ends = quoted.outside([m.end() for m in _SENTENCE_BREAK.finditer(text)])
    bounds = sorted(paragraph_ends.union(sentence_ends, [0]))
    ends_paragraph = list(map(paragraph_ends.__contains__, itertools.islice(bounds, 1, None)))
    return _words_for_long_sentences(text, _Units(bounds, ends_paragraph), cost, budget)


def _paragraph_ends(text: str) -> set[int]:
    """Where each run of line breaks ends, and the text's end. Line breaks are found by `str.find`, in
    C: the pattern engine reads a long text a character at a time, several times slower."""
    ends = {len(text)}
    at = text.find("\n")
    while at != -1:
        run = _PARAGRAPH_BREAK.match(text, at)
        assert run is not None  # it starts at a line break
        ends.add(run.end())
        at = text.find("\n", run.end())
    return ends


def _words_for_long_sentences(text: str, units: _Units, cost: _TokenCost, budget: int) -> _Units:
    """Each sentence over the budget replaced by its runs of words."""
    bounds, ends_paragraph = units.bounds, units.ends_paragraph
    # No character costs more than a token, so a sentence of at most `budget` characters fits without
    # counting (most do); the longer ones are picked out in C, not by a Python loop over every unit.
    lengths = map(operator.sub, itertools.islice(bounds, 1, None), bounds)
    longer = itertools.compress(itertools.count(), map(budget.__lt__, lengths))
    over = [i for i in longer if cost.tokens(bounds[i], bounds[i + 1]) > budget]
    if not over:
        return units
    new_bounds: list[int] = []
    new_ends: list[bool] = []
    done = 0
    for i in over:
        new_bounds += bounds[done:i]
        new_ends += ends_paragraph[done:i]
        runs = _words_within(text, bounds[i], bounds[i + 1], cost, budget)
        new_bounds += [start for start, _ in runs]
        new_ends += [False] * (len(runs) - 1) + [ends_paragraph[i]]
        done = i + 1
    return _Units(new_bounds + bounds[done:], new_ends + ends_paragraph[done:])


def _words_within(text: str, start: int, end: int, cost: _TokenCost, budget: int) -> list[tuple[int, int]]:
    """Runs of whole words within the budget; a single word longer than the budget is cut where it must."""
    out: list[tuple[int, int]] = []
    for w_start, w_end in _pieces(text, start, end, _WORD_BREAK):
        if out and cost.tokens(out[-1][0], w_end) <= budget:
            out[-1] = (out[-1][0], w_end)
            continue
        while cost.tokens(w_start, w_end) > budget:
            cut = cost.furthest_end(w_start, budget)
            out.append((w_start, cut))
            w_start = cut
        out.append((w_start, w_end))
    return out


def _pieces(text: str, start: int, end: int, breaks: re.Pattern[str]) -> list[tuple[int, int]]:
    """Contiguous pieces of text[start:end], each ending after a run of `breaks`."""
    cuts = [m.end() for m in breaks.finditer(text, start, end)]
    return list(itertools.pairwise([start, *(c for c in cuts if start < c < end), end]))


# -- packing units into overlapping parts -----------------------------------------------------------


class _Packer:
    def __init__(self, units: _Units, cost: _TokenCost, budget: int, overlap: int) -> None:
        self.units, self.cost, self.budget, self.overlap = units, cost, budget, overlap

    def windows(self) -> list[tuple[int, int]]:
        windows, first, last = [], 0, -1
        while True:
            last = self._last(first, last + 1)
            windows.append((self.units.bounds[first], self.units.bounds[last + 1]))
            if last == len(self.units) - 1:
                return windows
            first = self._next_first(first, last)

    def _tokens(self, first: int, last: int) -> int:
        return self.cost.tokens(self.units.bounds[first], self.units.bounds[last + 1])

    def _last(self, first: int, new: int) -> int:
        """The last unit of a part starting at `first`: as far as the budget goes, then back to the end
        of a paragraph if one closes in the second half of the part, but never back before unit `new`
        (the first unit no earlier part holds)."""
        # Tokens only grow as a part takes more units, so the furthest unit within the budget is found
        # by bisection: the unit before the first one that would pass it.
        beyond = range(first + 1, len(self.units))
        last = first + bisect.bisect_right(beyond, self.budget, key=lambda end: self._tokens(first, end))
        if last == len(self.units) - 1:
            return last
        for end in range(last, max(first, new) - 1, -1):
            if self._tokens(first, end) < self.budget // 2:
                break
            if self.units.ends_paragraph[end]:
                return end
        return last

    def _next_first(self, first: int, last: int) -> int:
        """Far enough back to repeat about `overlap` tokens of this part, and at least its last sentence,
        so a cut never leaves a sentence without its neighbour in some part; never so far back that the
        next part could not also take the unit after this one, so every part moves forward."""
        start = max(last, first + 1)
        while start - 1 > first and self._tokens(start - 1, last) <= self.overlap:
            start -= 1
        while start <= last and self._tokens(start, last + 1) > self.budget:
            start += 1
        return start


class _QuotedRegions:
    """Passages in quotation marks as grounding reads them (`DocumentIndex.quoted_regions`, which never
    span paragraphs nor overlap): no cut falls inside one."""

    def __init__(self, regions: list[tuple[int, int]]) -> None:
        self._regions = sorted(regions)

    def outside(self, offsets: list[int]) -> list[int]:
        """The sorted `offsets` not strictly inside a passage: two binary searches per passage, fewer
        than the offsets (sentence ends) they filter."""
        kept: list[int] = []
        done = 0
        for start, end in self._regions:
            inside = bisect.bisect_right(offsets, start, done)
            kept += offsets[done:inside]
            done = bisect.bisect_left(offsets, end, inside)
        return kept + offsets[done:]


class _TokenCost:
    """Estimated tokens of any slice in near-constant time.

    Running sums of per-character costs, kept once per block of characters rather than once per
    character (a list of 20 million running sums alone took most of a gigabyte); within a block the
    cost is counted from the text itself.
    """

    _BLOCK = 1024

    def __init__(self, text: str) -> None:
        self._text = text
        # In quarter tokens: 1 for an ASCII character, CHARS_PER_TOKEN for any other.
        blocks = (self._weight(text[i : i + self._BLOCK]) for i in range(0, len(text), self._BLOCK))
        self._block_sums = [0, *itertools.accumulate(blocks)]
        # Packing asks for the same offsets again and again: each probe for a part's end repeats its start.
        self._prefixes: dict[int, int] = {}

    @staticmethod
    def _weight(chunk: str) -> int:
        if chunk.isascii():
            return len(chunk)
        others = len(chunk) - len(chunk.encode("ascii", "ignore"))
        return len(chunk) + others * (CHARS_PER_TOKEN - 1)

    def _prefix(self, end: int) -> int:
        found = self._prefixes.get(end)
        if found is None:
            block = end // self._BLOCK
            found = self._block_sums[block] + self._weight(self._text[block * self._BLOCK : end])
            self._prefixes[end] = found
        return found

    def between(self, start: int, end: int) -> int:
        return self._prefix(end) - self._prefix(start)

    def tokens(self, start: int, end: int) -> int:
        return -(-self.between(start, end) // CHARS_PER_TOKEN)

    def furthest_end(self, start: int, budget: int) -> int:
        """The largest end (past start) whose slice from start fits the budget."""
        low, high = start + 1, len(self._text)  # tokens grow with the end: a binary search finds it
        while low < high:
            middle = (low + high + 1) // 2
            if self.tokens(start, middle) <= budget:
                low = middle
            else:
                high = middle - 1
        return low
