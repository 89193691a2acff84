"""Words and punctuation with their offsets, each knowing its sentence and the quote it is inside.

Attribution reads only short windows of tokens around a quote, found by bisect, so its cost per
quote does not grow with the document.
"""

from __future__ import annotations

import bisect
import re
import sys
from array import array
from dataclasses import dataclass, field

from summarizer.evidence._lexicon import NOT_NAMES
from summarizer.evidence._quotes import QuoteSpan

# A word with inner apostrophes or hyphens (Trump's, D-Mo, front-runner), or one other character.
_TOKEN = re.compile(r"\w+(?:['\u2019\-]\w+)*|[^\w\s]")
_OPENINGS = frozenset("\"'\u201c\u2018(:")
_POSSESSIVE = re.compile(r"\w['\u2019]s?$")


@dataclass
class Tokens:
    text: str
    starts: array[int] = field(default_factory=lambda: array("q"))
    ends: array[int] = field(default_factory=lambda: array("q"))
    words: list[str] = field(default_factory=list)
    lower: list[str] = field(default_factory=list)
    quote: array[int] = field(default_factory=lambda: array("q"))  # the quote holding the token, or -1
    sentence: array[int] = field(default_factory=lambda: array("q"))  # 0-based sentence index
    first_of_sentence: list[int] = field(default_factory=list)  # first token index of each sentence
    # Capitalized words seen inside a sentence: a capital there marks a name, not a sentence start.
    mid_sentence_capitals: set[str] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.starts)

    def index_at(self, offset: int) -> int:
        """The first token starting at or after `offset`."""
        return bisect.bisect_left(self.starts, offset)

    def span(self, first: int, last: int) -> tuple[int, int]:
        return self.starts[first], self.ends[last]

    def phrase(self, first: int, last: int) -> str:
        return self.text[self.starts[first] : self.ends[last]]

    def is_word(self, i: int) -> bool:
        return self.words[i][0].isalnum()

    def is_capitalized(self, i: int) -> bool:
        word = self.words[i]
        return word[0].isupper() and self.lower[i] not in NOT_NAMES

    def sentence_start(self, i: int) -> int:
        """The first token of token i's sentence."""
        return self.first_of_sentence[self.sentence[i]]

    def opens_sentence(self, i: int) -> bool:
        return i == 0 or self.sentence[i - 1] != self.sentence[i]

    def known_name(self, i: int) -> bool:
        """A capitalized word that is no mere sentence opening: it is capitalized elsewhere too."""
        return not self.opens_sentence(i) or self.lower[i] in self.mid_sentence_capitals

    def is_possessive(self, i: int) -> bool:
        return bool(_POSSESSIVE.search(self.words[i])) and self.lower[i][-2:] in ("'s", "\u2019s")

    def free(self, i: int, sentence: int) -> bool:
        """Token i exists, stands outside every quote and inside `sentence`."""
        return 0 <= i < len(self.starts) and self.quote[i] < 0 and self.sentence[i] == sentence


def tokenize(text: str, sentences: list[tuple[int, int]], quotes: list[QuoteSpan]) -> Tokens:
    # Column by column: sentences and quotes fill token ranges found by bisect, so the Python work per
    # token is a few comprehensions, not a loop body. Offsets and indices live in arrays and words are
    # interned (a text repeats its words): 20 MB of text is millions of tokens.
    starts, ends = array("q"), array("q")
    words: list[str] = []
    for m in _TOKEN.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
        words.append(sys.intern(m.group()))
    firsts = [bisect.bisect_left(starts, s) for s, _ in sentences]
    sentence = _fill(len(starts), [(first, i) for i, first in enumerate(firsts)], 0)
    quote = array("q", [-1]) * len(starts)
    for i, q in enumerate(quotes):
        first, end = bisect.bisect_left(starts, q.open_at), bisect.bisect_left(starts, q.region_end)
        quote[first:end] = array("q", [i]) * (end - first)
    lower = [sys.intern(w.lower()) for w in words]
    tokens = Tokens(text, starts, ends, words, lower, quote, sentence)
    tokens.first_of_sentence = firsts
    tokens.mid_sentence_capitals = {
        words[i].lower()
        for i in range(1, len(words))
        if words[i][0].isupper() and sentence[i - 1] == sentence[i] and words[i - 1] not in _OPENINGS
    }
    return tokens


def _fill(size: int, marks: list[tuple[int, int]], default: int) -> array[int]:
    """A column of `size` values: each (from, value) holds until the next mark."""
    column = array("q", [default]) * size
    for (first, value), (end, _) in zip(marks, [*marks[1:], (size, 0)], strict=True):
        column[first:end] = array("q", [value]) * max(end - first, 0)
    return column
