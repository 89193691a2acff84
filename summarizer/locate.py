"""Finding things in the cleaned text: strings, quoted passages, sentences, numbers.

All offsets here are into the cleaned text (what the model saw); `grounding` maps them to the
source. Searching the cleaned text keeps removed furniture from ever grounding an item.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from summarizer.normalize import normalize, normalize_with_origin

_OPEN_CLOSE = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d"}
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*(?=\s|$)")
_NUMBER = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|m|k)\b)?(?P<pct>\s?%|\s?per ?cent)?",
    re.IGNORECASE,
)
_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    exact: bool


@dataclass(frozen=True)
class NumberToken:
    start: int
    end: int
    values: frozenset[float]  # every reading: 1.2bn is 1.2 and 1.2e9; 40% is 40 and 0.4


def number_tokens(text: str) -> list[NumberToken]:
    tokens = []
    for m in _NUMBER.finditer(text):
        base = float(m["num"].replace(",", ""))
        values = {base}
        if m["scale"]:
            values.add(base * _SCALES[m["scale"].lower()])
        if m["pct"]:
            values.add(base / 100)
        tokens.append(NumberToken(m.start(), m.end(), frozenset(values)))
    return tokens


def same_number(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


class DocumentIndex:
    """Lookups over one cleaned text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._normalized = normalize_with_origin(text)
        self._folded = self._normalized.text.casefold()
        # casefold can change lengths (ß -> ss); only use the folded index when it did not.
        self._fold_safe = len(self._folded) == len(self._normalized.text)

    def find_all(self, needle: str, *, ignore_case: bool = False) -> list[Match]:
        """Exact occurrences first; if none, occurrences after typographic normalization."""
        if not needle.strip():
            return []
        exact = [Match(m.start(), m.end(), True) for m in re.finditer(re.escape(needle), self.text)]
        if exact:
            return exact
        target = normalize(needle)
        haystack = self._normalized.text
        if ignore_case and self._fold_safe:
            target, haystack = target.casefold(), self._folded
        matches = []
        for m in re.finditer(re.escape(target), haystack):
            start, end = self._normalized.source_span(m.start(), m.end())
            matches.append(Match(start, end, False))
        return matches

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in re.finditer(r"[^\r\n]+", self.text) if m.group().strip()]

    @cached_property
    def quoted_regions(self) -> list[tuple[int, int]]:
        """Passages inside quotation marks, marks included; an unclosed quote ends with its paragraph."""
        regions = []
        for p_start, p_end in self.paragraphs:
            i = p_start
            while i < p_end:
                char = self.text[i]
                closer = _OPEN_CLOSE.get(char, '"' if char == '"' else None)
                if closer is None:
                    i += 1
                    continue
                close = self.text.find(closer, i + 1, p_end)
                end = p_end if close == -1 else close + 1
                regions.append((i, end))
                i = end
        return regions

    def quoted_region_containing(self, start: int, end: int) -> tuple[int, int] | None:
        for r_start, r_end in self.quoted_regions:
            if r_start <= start and end <= r_end:
                return r_start, r_end
        return None

    def paragraph_of(self, offset: int) -> tuple[int, int]:
        for p_start, p_end in self.paragraphs:
            if p_start <= offset < p_end:
                return p_start, p_end
        return 0, len(self.text)

    def sentence_around(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding [start, end): bounded by sentence ends outside quotes, in its paragraph."""
        p_start, p_end = self.paragraph_of(start)
        left = p_start
        for stop in self._sentence_ends(p_start, start):
            left = stop
        right = next(iter(self._sentence_ends(end, p_end)), p_end)
        return left, right

    def _sentence_ends(self, lo: int, hi: int) -> Iterator[int]:
        for m in _SENTENCE_END.finditer(self.text, lo, hi):
            if not self._inside_quote(m.start()):
                yield m.end()

    def _inside_quote(self, offset: int) -> bool:
        return any(r_start < offset < r_end - 1 for r_start, r_end in self.quoted_regions)

    def numbers_in(self, start: int, end: int) -> list[NumberToken]:
        return [
            NumberToken(t.start + start, t.end + start, t.values) for t in number_tokens(self.text[start:end])
        ]

    @cached_property
    def all_numbers(self) -> list[NumberToken]:
        return number_tokens(self.text)
