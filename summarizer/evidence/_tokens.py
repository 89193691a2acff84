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
# A space followed by more whitespace: cut at single spaces, the text would give a piece that opens
# with whitespace or is empty, whose first token does not start where the piece does.
_LOOSE_SPACE = re.compile(r" \s")
_BLOCK = 1 << 20
# A block with more than one new piece in this many is read by the pattern: learning a piece costs
# several times matching it, which pays only when the piece comes back.
_NOVELTY = 4
# Distinct pieces remembered, so memory stays bounded on text that never repeats (some 40 MB at most). A
# 20 MB text that keeps bringing new words holds about 120,000; past the limit, blocks are matched anew.
_MAX_KNOWN = 150_000
_OPENINGS = frozenset("\"'\u201c\u2018(:")
_POSSESSIVE = re.compile(r"\w['\u2019]s?$")


class LowerColumn:
    """Each token lower-cased, worked out when first read.

    Attribution reads short windows of tokens around each quote, about one token in twenty on a long
    document: lower-casing and listing all 3 million tokens of 20 MB up front took a quarter second.
    """

    __slots__ = ("_forms", "_words")

    def __init__(self, words: list[str]) -> None:
        self._words = words
        self._forms: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._words)

    def __getitem__(self, i: int) -> str:
        word = self._words[i]
        form = self._forms.get(word)
        if form is None:
            form = self._forms[word] = word.lower()
        return form


@dataclass
class Tokens:
    text: str
    starts: array[int] = field(default_factory=lambda: array("q"))
    words: list[str] = field(default_factory=list)
    lower: LowerColumn = field(default_factory=lambda: LowerColumn([]))
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

    def end(self, i: int) -> int:
        """Where token i ends: read from its word, not stored (3 million tokens make 20 MB of text)."""
        return self.starts[i] + len(self.words[i])

    def span(self, first: int, last: int) -> tuple[int, int]:
        return self.starts[first], self.end(last)

    def phrase(self, first: int, last: int) -> str:
        return self.text[self.starts[first] : self.end(last)]

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
    words, starts = _words_and_starts(text, code)
    firsts = list(map(bisect.bisect_left, itertools.repeat(starts), map(operator.itemgetter(0), sentences)))
    sentence = _sentence_column(code, len(starts), firsts)
    quote = array(code, [-1]) * len(starts)
    for i, q in enumerate(quotes):
        first, end = bisect.bisect_left(starts, q.open_at), bisect.bisect_left(starts, q.region_end)
        quote[first:end] = array(code, [i]) * (end - first)
    tokens = Tokens(text, starts, words, LowerColumn(words), quote, sentence)
    tokens.first_of_sentence = firsts
    tokens.mid_sentence_capitals = _mid_sentence_capitals(words, firsts)
    return tokens


def _words_and_starts(text: str, code: str) -> tuple[list[str], array[int]]:
    """The tokens and where each starts, read a block at a time, so the uninterned copies a block's
    split makes are all that is held at once."""
    words: list[str] = []
    starts = array(code)
    known = _KnownPieces()
    for start, end in _blocks(text):
        block = text[start:end]
        body = block.lstrip()
        entries = known.cut(body)
        if entries is None:
            _match_block(block, start, code, words, starts)
        else:
            words += itertools.chain.from_iterable(map(_WORDS, entries))
            steps = itertools.chain.from_iterable(map(_STEPS, entries))
            positions = array(code, itertools.accumulate(steps, initial=start + len(block) - len(body)))
            starts += positions[:-1]  # the last is past the block's last token
    return words, starts


def _match_block(block: str, start: int, code: str, words: list[str], starts: array[int]) -> None:
    """The block's tokens and their starts, by the pattern: any text, at a match per token."""
    pieces = _SPLIT.split(block)  # between-token text and tokens, alternately
    words += map(sys.intern, pieces[1::2])
    bounds = array(code, itertools.accumulate(map(len, pieces), initial=start))
    starts += bounds[1:-1:2]


# A piece's tokens, and from each token's start to the next token's, the last to the next piece's start.
_Entry = tuple[tuple[str, ...], tuple[int, ...]]
_WORDS, _STEPS = operator.itemgetter(0), operator.itemgetter(1)


class _KnownPieces:
    """The tokens of each distinct piece of text between single spaces, matched once.

    A text repeats its words, so most pieces of a block ("said", "Trump's", "U.S.") were seen before:
    their tokens are copied in C loops instead of matched again, which costs a regex match per token.
    """

    def __init__(self) -> None:
        self.entries = _Entries()
        self.gave_up = False  # a block was mostly new: this text does not repeat enough to pay

    def cut(self, body: str) -> list[_Entry] | None:
        """The entry of each piece of `body` (opening with no whitespace), cut at its spaces; None when
        the pieces would not each open with a token, or too many are new."""
        if self.gave_up or _LOOSE_SPACE.search(body):
            return None
        pieces = body.split(" ")
        self.entries.allowance = min(len(pieces) // _NOVELTY, _MAX_KNOWN - len(self.entries))
        try:
            return list(map(self.entries.__getitem__, pieces))
        except _TooManyNew:
            self.gave_up = True  # and the later blocks are not cut only to find that again
            return None


class _TooManyNew(Exception):
    """A block brings more new pieces than its allowance."""


class _Entries(dict[str, _Entry]):
    """Each known piece's entry, a new piece learned on the lookup that first asks for it.

    One lookup a piece, not a pass to find the new pieces and a lookup for the tokens and another for
    the steps: a dict lookup per piece is most of what copying a block costs.
    """

    allowance = 0  # new pieces the block being cut may still bring

    def __missing__(self, piece: str) -> _Entry:
        if self.allowance == 0:
            raise _TooManyNew
        self.allowance -= 1
        entry = self[piece] = _one_word(piece) if piece.isalnum() else _piece_tokens(piece)
        return entry


def _one_word(piece: str) -> _Entry:
    """A piece of one word, as most are, learned without the pattern: `str.isalnum` is exactly what
    `\\w` matches."""
    return (sys.intern(piece),), (len(piece) + 1,)


def _piece_tokens(piece: str) -> _Entry:
    """A piece's tokens and the steps between their starts, the last step past the space after it."""
    parts = _SPLIT.split(piece)
    starts = list(itertools.accumulate(map(len, parts), initial=0))[1:-1:2]
    steps = tuple(map(operator.sub, [*starts[1:], len(piece) + 1], starts))
    return tuple(map(sys.intern, parts[1::2])), steps


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


def _sentence_column(code: str, size: int, firsts: list[int]) -> array[int]:
    """Each token's sentence: sentence k from its first token to the next sentence's, sentence 0 from
    the start; one run of repeated values a sentence."""
    bounds = [0, *firsts[1:], size]
    column = array(code)
    for value, count in enumerate(map(operator.sub, bounds[1:], bounds)):
        column += array(code, [value]) * count
    return column


def _mid_sentence_capitals(words: list[str], firsts: list[int]) -> set[str]:
    """Capitalized words that stand inside a sentence and not after an opening mark.

    Picked out in C loops, not token by token: each token becomes a letter by its first character (C
    capitalized, O an opening mark, which is always a token of its own, x any other), a C after an O
    and a C opening a sentence turn to x, and the Cs left pick out their words. Classifying first
    characters, not words, costs the same on a text whose words are mostly new.
    """
    letters = _letters("".join(map(operator.itemgetter(0), words))).replace(b"OC", b"Ox")
    for first in (0, *firsts[1:]):  # the first token, and each token where a new sentence starts
        if first < len(letters):
            letters[first] = ord("x")
    # Each distinct word lower-cased once: a name recurs through a document.
    return set(map(str.lower, set(itertools.compress(words, letters.translate(_CANDIDATE)))))


def _letters(initials: str) -> bytearray:
    """The letter of each character of `initials`.

    Each character outside ASCII first becomes an ASCII one of the same letter, so that a byte table
    classifies the rest: `str.translate` on text beyond ASCII looks up a dict per character, which
    took a tenth of a second on 3 million tokens.
    """
    others = set(_ASCII_RUNS.sub("", initials))
    if len(others) > _FEW_OTHERS:  # a pass over the text for each would cost more than the dict
        letter: dict[str, str | int | None] = {char: _letter(char) for char in set(initials)}
        return bytearray(initials.translate(str.maketrans(letter)), "ascii")
    for char in others:
        initials = initials.replace(char, _STAND_IN[_letter(char)])
    return bytearray(initials.encode("ascii").translate(_ASCII_LETTERS))


def _letter(char: str) -> str:
    return "C" if char.isupper() else "O" if char in _OPENINGS else "x"


# News text opens few tokens outside ASCII (curly quotes, accented names): each costs a pass to replace.
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")
_FEW_OTHERS = 16
_STAND_IN = {"C": "C", "O": '"', "x": "x"}  # an ASCII character of each letter
_ASCII_LETTERS = bytes(ord(_letter(chr(byte))) for byte in range(256))
_CANDIDATE = bytes(int(byte == ord("C")) for byte in range(256))  # C to 1, any other letter to 0
