"""What local code finds in a cleaned text before any call: the evidence a brief may cite.

Every offset is into the cleaned text (what the model sees); `CleanText.span_to_original` maps it
into the source file. Ids are 1-based and are the ones the model sees as markers in its prompt.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

SpeakerFound = Literal["named", "continuation", "resolved", "unnamed", "none"]
"""How a quote's speaker was found.
named: a name stands beside the quote with a cue ("said X", "X told reporters", "according to X").
continuation: the quote continues an earlier one ("A," X said. "B.") and inherits its speaker.
resolved: a pronoun or a description ("he", "the spokesman") resolved to the person it refers to.
unnamed: a source stands beside the quote but has no name ("an expert", "officials"); speaker is None.
none: no source was found; speaker is None."""


@dataclass(frozen=True)
class SentenceEvidence:
    id: int
    start: int
    end: int


@dataclass(frozen=True)
class QuoteEvidence:
    id: int
    start: int  # the quoted words, quotation marks excluded
    end: int
    text: str
    speaker: str | None  # the name as written ("John Kirby"), None when the source is unnamed or absent
    found: SpeakerFound
    speaker_span: tuple[int, int] | None  # where the name stands: beside the quote, or the earlier mention
    role: str | None  # the source's description as written ("spokesperson for the ...", "an expert ...")
    cue: str | None  # the reporting words as written ("said", "told reporters", "according to")
    sentence: int  # id of the sentence holding the opening mark

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class NumberEvidence:
    id: int
    start: int
    end: int
    text: str  # as written: "6,000", "$1.2bn", "40%"
    values: frozenset[float]  # every reading: 1.2bn is 1.2 and 1.2e9; 40% is 40 and 0.4
    qualifier: str | None  # hedging words right before it, as written: "approximately", "over"
    sentence: int

    @property
    def value(self) -> float:
        """The main reading, at full scale as written: 1.2bn is 1.2e9, 40% is 40."""
        return max(self.values)


@dataclass(frozen=True)
class CueEvidence:
    id: int
    start: int
    end: int
    text: str  # the hedging words as written: "may be", "estimates suggesting", "reportedly"
    sentence: int


@dataclass(frozen=True)
class SuspectEvidence:
    """A paragraph a prompt-injection rule caught (see `_injection`): evidence of nothing."""

    id: int
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class Evidence:
    text: str
    sentences: tuple[SentenceEvidence, ...]
    quotes: tuple[QuoteEvidence, ...]
    numbers: tuple[NumberEvidence, ...]
    cues: tuple[CueEvidence, ...]
    suspects: tuple[SuspectEvidence, ...] = ()

    @cached_property
    def _suspect_starts(self) -> list[int]:
        return [s.start for s in self.suspects]

    def suspect_at(self, offset: int) -> SuspectEvidence | None:
        """The suspected injection holding `offset`: nothing there may be offered, cited or shipped."""
        at = bisect.bisect_right(self._suspect_starts, offset) - 1
        if at >= 0 and offset < self.suspects[at].end:
            return self.suspects[at]
        return None

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def _quote_starts(self) -> list[int]:
        return [q.start for q in self.quotes]

    @cached_property
    def _number_starts(self) -> list[int]:
        return [n.start for n in self.numbers]

    @cached_property
    def _cue_starts(self) -> list[int]:
        return [c.start for c in self.cues]

    # Items starting in [start, end): a long document's parts each read their own window only.
    def sentences_in(self, start: int, end: int) -> tuple[SentenceEvidence, ...]:
        return self.sentences[_window(self._sentence_starts, start, end)]

    def quotes_in(self, start: int, end: int) -> tuple[QuoteEvidence, ...]:
        return self.quotes[_window(self._quote_starts, start, end)]

    def numbers_in(self, start: int, end: int) -> tuple[NumberEvidence, ...]:
        return self.numbers[_window(self._number_starts, start, end)]

    def cues_in(self, start: int, end: int) -> tuple[CueEvidence, ...]:
        return self.cues[_window(self._cue_starts, start, end)]

    def sentence(self, sentence_id: int) -> SentenceEvidence | None:
        return self.sentences[sentence_id - 1] if 1 <= sentence_id <= len(self.sentences) else None

    def sentence_at(self, offset: int) -> SentenceEvidence | None:
        """The sentence holding `offset`, if any (text between sentences belongs to none)."""
        at = bisect.bisect_right(self._sentence_starts, offset) - 1
        if at >= 0 and offset < self.sentences[at].end:
            return self.sentences[at]
        return None

    def quote(self, quote_id: int) -> QuoteEvidence | None:
        return self.quotes[quote_id - 1] if 1 <= quote_id <= len(self.quotes) else None


def _window(starts: list[int], start: int, end: int) -> slice:
    return slice(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end))
