"""Words and punctuation with their offsets, each knowing its sentence and the quote it is inside.

Attribution reads only short windows of tokens around a quote, found by bisect, so its cost per
quote does not grow with the document.
"""

from __future__ import annotations

import bisect
import re
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
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    lower: list[str] = field(default_factory=list)
    quote: list[int] = field(default_factory=list)  # index of the quote holding the token, or -1
    sentence: list[int] = field(default_factory=list)  # 0-based sentence index
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
    tokens = Tokens(text)
    q, s = 0, 0
    for m in _TOKEN.finditer(text):
        start = m.start()
        while q < len(quotes) and quotes[q].region_end <= start:
            q += 1
        while s + 1 < len(sentences) and sentences[s + 1][0] <= start:
            s += 1
        inside = q < len(quotes) and quotes[q].open_at <= start
        tokens.starts.append(start)
        tokens.ends.append(m.end())
        tokens.words.append(m.group())
        tokens.lower.append(m.group().lower())
        tokens.quote.append(q if inside else -1)
        after_opening = tokens.words and tokens.words[-1] in _OPENINGS
        if m.group()[0].isupper() and tokens.sentence and tokens.sentence[-1] == s and not after_opening:
            tokens.mid_sentence_capitals.add(m.group().lower())
        tokens.sentence.append(s)
    return tokens
