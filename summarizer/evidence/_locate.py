"""Finding things in the cleaned text: strings, quoted passages, sentences, numbers.

All offsets here are into the cleaned text (what the model saw); `grounding` maps them to the
source. Searching the cleaned text keeps removed furniture from ever grounding an item.
"""

from __future__ import annotations

import bisect
import math
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from summarizer.evidence._model import NumberEvidence
from summarizer.evidence._normalize import NormalizedText, normalize, normalize_with_origin

_OPEN_CLOSE = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d"}
_OPENING_MARKS = '\u201c\u00ab\u201e"'
_LINE_BREAKS = re.compile(r"[\r\n]+")
_NOT_BLANK = re.compile(r"\S")
_CLOSERS = "\"'\u201d\u2019)"
_SENTENCE_END = re.compile(f"[.!?][{_CLOSERS}]*(?=\\s|$)")
_MAX_CLOSERS = 64  # closing marks looked back over after a sentence end
# A number: digits not right after a word character, a period or a comma. The pattern opens with the
# first digit and looks behind it from there, so the engine skips straight to digits instead of trying
# every character of the text (a third of the time on a long document).
_NUMBER = re.compile(
    r"(?P<num>\d(?<![\w.,]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?))"
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
    return [NumberToken(*found) for found in number_readings(text)]


def number_readings(text: str) -> Iterator[tuple[int, int, frozenset[float]]]:
    """Each number's start, end and readings, as `number_tokens` gives them, without a token object."""
    return ((m.start(), m.end(), _readings(m)) for m in _NUMBER.finditer(text))


def _readings(m: re.Match[str]) -> frozenset[float]:
    # One call for the three groups: on a long document this runs for tens of thousands of figures.
    num, scale, pct = m.group("num", "scale", "pct")
    base = float(num.replace(",", ""))
    if not scale and not pct:
        return frozenset((base,))
    values = {base}
    if scale:
        values.add(base * _SCALES[scale.lower()])
    if pct:
        values.add(base / 100)
    return frozenset(values)


def same_number(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


class NumberValues:
    """The readings of many figures, each under a key, sorted: which figures give the same number as a
    value is a binary search, not a pass over every figure (a long document gives hundreds of thousands)."""

    def __init__(self, figures: Iterable[tuple[int, frozenset[float]]]) -> None:
        pairs = sorted((value, key) for key, values in figures for value in values)
        self._values = array("d", (value for value, _ in pairs))
        self._keys = array("q", (key for _, key in pairs))
        # An infinite reading (a figure of hundreds of digits) is the same number as any finite value.
        self._infinite = [(value, key) for value, key in pairs if not math.isfinite(value)]

    def same_as(self, values: Iterable[float]) -> list[int]:
        """The keys, in order, of the figures with a reading that is `same_number` as one of `values`."""
        keys: set[int] = set()
        for value in values:
            lo, hi = self._near(value)
            while lo < hi:  # one check per distinct reading: a figure repeated is one run of them
                run_end = bisect.bisect_right(self._values, self._values[lo], lo, hi)
                if same_number(self._values[lo], value):
                    keys.update(self._keys[lo:run_end])
                lo = run_end
            if math.isfinite(value):
                keys.update(key for reading, key in self._infinite if same_number(reading, value))
        return sorted(keys)

    def _near(self, value: float) -> tuple[int, int]:
        """The range of sorted readings that may be `same_number` as a finite `value` (a superset, the
        infinite ones aside), or all of them for any other."""
        if not math.isfinite(value):
            return 0, len(self._values)
        # same_number allows 1e-9 of the larger magnitude; twice that of `value` takes in every such one.
        tolerance = 2e-9 * max(abs(value), 1.0)
        lo = bisect.bisect_left(self._values, value - tolerance)
        return lo, bisect.bisect_right(self._values, value + tolerance)


class DocumentIndex:
    """Lookups over one cleaned text.

    `numbers`, every figure of the text as `build_evidence` found them, spares reading the figures
    again: on a long document that reading is a pass of the number pattern over all of it.
    """

    def __init__(self, text: str, numbers: Sequence[NumberEvidence] | None = None) -> None:
        self.text = text
        self._numbers = numbers

    # The normalized and case-folded copies serve only a search the exact text cannot answer: made on
    # the first such search, not for every document (on 20 MB, seconds and two more copies of it).
    @cached_property
    def _normalized(self) -> NormalizedText:
        return normalize_with_origin(self.text)

    @cached_property
    def _folded(self) -> str | None:
        """The normalized text case-folded, or None: casefold can change lengths (ß -> ss), and the
        folded copy is searched only when it did not."""
        folded = self._normalized.text.casefold()
        return folded if len(folded) == len(self._normalized.text) else None

    def find_all(self, needle: str, *, ignore_case: bool = False) -> list[Match]:
        """Exact occurrences first; if none, occurrences after typographic normalization."""
        if not needle.strip():
            return []
        exact = [Match(m.start(), m.end(), True) for m in re.finditer(re.escape(needle), self.text)]
        if exact:
            return exact
        target = normalize(needle)
        haystack = self._normalized.text
        if ignore_case and self._folded is not None:
            target, haystack = target.casefold(), self._folded
        matches = []
        for m in re.finditer(re.escape(target), haystack):
            start, end = self._normalized.source_span(m.start(), m.end())
            matches.append(Match(start, end, False))
        return matches

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """Lines with something on them. Line ends are found by `str.find`, in C: a pattern search
        reads a long text a character at a time, several times slower."""
        text, returns = self.text, _Ahead(self.text, "\r")
        found = []
        start = _past_line_breaks(text, 0)
        while start < len(text):
            end = _line_end(text, start, returns)
            if _NOT_BLANK.search(text, start, end):
                found.append((start, end))
            start = _past_line_breaks(text, end)
        return found

    @cached_property
    def quoted_regions(self) -> list[tuple[int, int]]:
        """Passages inside quotation marks, marks included; an unclosed quote ends with its paragraph.

        A quotation mark is not blank, so the paragraph holding one is simply its line. Marks and line
        breaks are found by `str.find`, in C: a pattern search read a long text a character at a time.
        """
        text, returns = self.text, _Ahead(self.text, "\r")
        marks = [_Ahead(text, mark) for mark in _OPENING_MARKS]
        regions = []
        i = min(mark.next_from(0) for mark in marks)
        while i < len(text):
            line_end = _line_end(text, i, returns)
            close = text.find(_OPEN_CLOSE.get(text[i], '"'), i + 1, line_end)
            end = line_end if close == -1 else close + 1
            regions.append((i, end))
            i = min(mark.next_from(end) for mark in marks)
        return regions

    # Paragraphs and quoted regions are sorted and never overlap, so the only candidate holding an
    # offset is the last one starting before it: a binary search, not a scan (these run in loops).
    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [start for start, _ in self.paragraphs]

    @cached_property
    def _quoted_starts(self) -> list[int]:
        return [start for start, _ in self.quoted_regions]

    def quoted_region_containing(self, start: int, end: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self._quoted_starts, start) - 1
        if i >= 0 and end <= self.quoted_regions[i][1]:
            return self.quoted_regions[i]
        return None

    def paragraph_of(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._paragraph_starts, offset) - 1
        if i >= 0 and offset < self.paragraphs[i][1]:
            return self.paragraphs[i]
        return 0, len(self.text)

    def sentence_around(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding [start, end): bounded by sentence ends outside quotes, in its paragraph."""
        p_start, p_end = self.paragraph_of(start)
        # Sentence ends come from one pass over the text, found by binary search: grounding asks for
        # the sentence around every occurrence of a figure, and a scan of the paragraph for each one
        # was quadratic on a long paragraph full of them.
        left = p_start
        if self._ends_sentence_at(start, p_start):
            left = start
        else:
            i = bisect.bisect_right(self._stop_ends, start) - 1
            if i >= 0 and self._stop_starts[i] >= p_start:
                left = self._stop_ends[i]
        i = bisect.bisect_left(self._stop_starts, end)
        right = self._stop_ends[i] if i < len(self._stop_ends) and self._stop_ends[i] <= p_end else p_end
        return left, right

    @cached_property
    def _stop_bounds(self) -> tuple[array[int], array[int]]:
        """Where each sentence end outside quotes starts and ends, in order (arrays: compact)."""
        starts, ends = array("q"), array("q")
        for m in _SENTENCE_END.finditer(self.text):
            if not self._inside_quote(m.start()):
                starts.append(m.start())
                ends.append(m.end())
        return starts, ends

    @property
    def _stop_starts(self) -> array[int]:
        return self._stop_bounds[0]

    @property
    def _stop_ends(self) -> array[int]:
        return self._stop_bounds[1]

    def _ends_sentence_at(self, offset: int, lowest: int) -> bool:
        """Whether a sentence end (punctuation, then closing quotes or brackets) stops right at `offset`,
        whatever follows it: the text before a quote can end its sentence."""
        i = offset - 1
        while i >= max(lowest, offset - _MAX_CLOSERS) and self.text[i] in _CLOSERS:
            i -= 1
        return i >= lowest and self.text[i] in ".!?" and not self._inside_quote(i)

    def _inside_quote(self, offset: int) -> bool:
        i = bisect.bisect_left(self._quoted_starts, offset) - 1
        return i >= 0 and offset < self.quoted_regions[i][1] - 1

    def numbers_in(self, start: int, end: int) -> list[NumberToken]:
        return [
            NumberToken(t.start + start, t.end + start, t.values) for t in number_tokens(self.text[start:end])
        ]

    @cached_property
    def all_numbers(self) -> list[NumberToken]:
        return number_tokens(self.text)

    @cached_property
    def number_values(self) -> NumberValues:
        """Every figure in the text by its readings, keyed by where it starts (compact: no token objects)."""
        if self._numbers is not None:
            return NumberValues((_number_start(figure), figure.values) for figure in self._numbers)
        return NumberValues((start, values) for start, _, values in number_readings(self.text))


def _number_start(figure: NumberEvidence) -> int:
    """Where a figure's number opens: its first digit, after any currency mark (which holds none)."""
    if figure.text[:1].isdecimal():  # most figures open with their number: no search, for tens of thousands
        return figure.start
    return figure.start + next(i for i, char in enumerate(figure.text) if char.isdecimal())


class _Ahead:
    """Where a character next appears in a text, from a position that only moves forward: found by
    `str.find`, in C, and kept until the position passes it, so the text is read once for it."""

    def __init__(self, text: str, char: str) -> None:
        self._text, self._char, self._next = text, char, -1

    def next_from(self, at: int) -> int:
        """The first place at or after `at` holding the character, or the text's length."""
        if self._next < at:
            found = self._text.find(self._char, at)
            self._next = len(self._text) if found == -1 else found
        return self._next


def _past_line_breaks(text: str, at: int) -> int:
    run = _LINE_BREAKS.match(text, at)
    return run.end() if run else at


def _line_end(text: str, at: int, returns: _Ahead) -> int:
    """Where the line holding `at` ends: at its first line feed, unless a carriage return comes first."""
    next_return = returns.next_from(at)
    feed = text.find("\n", at, next_return)
    return next_return if feed == -1 else feed
