"""Words and punctuation with their offsets, each knowing its sentence and the quote it is inside.

Attribution reads only short windows of tokens around a quote, found by bisect, so its cost per
quote does not grow with the document.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
import sys
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field

from summarizer.evidence._lexicon import NOT_NAMES
from summarizer.evidence._quotes import QuoteSpan

# A word with inner apostrophes or hyphens (Trump's, D-Mo, front-runner), or one other character.
_TOKEN = re.compile(r"\w+(?:['\u2019\-]\w+)*|[^\w\s]")
# The same pattern as a group: split then returns the text between tokens and the tokens, alternately.
_SPLIT = re.compile(f"({_TOKEN.pattern})")
_SPACE = re.compile(r"\s")
_BLOCK = 1 << 20
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
    # Column by column, each built by C loops (split, map, accumulate) rather than a Python loop body
    # per token: 20 MB of text is millions of tokens. Offsets and indices live in arrays, 4 bytes an
    # entry where the text allows, and words are interned (a text repeats its words).
    code = _column_type(len(text))
    words, starts, ends = _words_and_offsets(text, code)
    firsts = [bisect.bisect_left(starts, s) for s, _ in sentences]
    sentence = _fill(code, len(starts), [(first, i) for i, first in enumerate(firsts)], 0)
    quote = array(code, [-1]) * len(starts)
    for i, q in enumerate(quotes):
        first, end = bisect.bisect_left(starts, q.open_at), bisect.bisect_left(starts, q.region_end)
        quote[first:end] = array(code, [i]) * (end - first)
    lowered = {word: sys.intern(word.lower()) for word in set(words)}  # once per distinct word
    lower = list(map(lowered.__getitem__, words))
    tokens = Tokens(text, starts, ends, words, lower, quote, sentence)
    tokens.first_of_sentence = firsts
    tokens.mid_sentence_capitals = _mid_sentence_capitals(words, lower, sentence)
    return tokens


def _words_and_offsets(text: str, code: str) -> tuple[list[str], array[int], array[int]]:
    """The tokens, where each starts and where each ends; read a block at a time, so the uninterned
    copies split makes of one block's words are all that is held at once."""
    words: list[str] = []
    starts, ends = array(code), array(code)
    for start, end in _blocks(text):
        pieces = _SPLIT.split(text[start:end])  # between-token text and tokens, alternately
        words += map(sys.intern, pieces[1::2])
        bounds = array(code, itertools.accumulate(map(len, pieces), initial=start))
        starts += bounds[1:-1:2]
        ends += bounds[2::2]
    return words, starts, ends


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Runs of about `_BLOCK` characters covering the text, each cut after a space: no token holds one."""
    start = 0
    while start < len(text):
        space = _SPACE.search(text, min(start + _BLOCK, len(text)))
        end = len(text) if space is None else space.end()
        yield start, end
        start = end


def _column_type(text_length: int) -> str:
    """An array type code holding every offset into the text: 4 bytes an entry, 8 for a text over 2 GB."""
    return "i" if text_length < 2**31 and array("i").itemsize == 4 else "q"


def _mid_sentence_capitals(words: list[str], lower: list[str], sentence: array[int]) -> set[str]:
    """Capitalized words that stand inside a sentence and not after an opening mark."""
    capitalized = itertools.compress(range(len(words)), map(str.isupper, map(operator.itemgetter(0), words)))
    return {
        lower[i]
        for i in capitalized
        if i > 0 and sentence[i - 1] == sentence[i] and words[i - 1] not in _OPENINGS
    }


def _fill(code: str, size: int, marks: list[tuple[int, int]], default: int) -> array[int]:
    """A column of `size` values: each (from, value) holds until the next mark."""
    column = array(code, [default]) * size
    for (first, value), (end, _) in zip(marks, [*marks[1:], (size, 0)], strict=True):
        column[first:end] = array(code, [value]) * max(end - first, 0)
    return column
