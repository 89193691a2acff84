"""Typographic normalization that remembers where every character came from.

Quote matching forgives typography and nothing else: curly vs straight quotes and apostrophes,
dash variants, runs of whitespace, and Unicode compatibility forms (NFKC). Case, wording and
punctuation other than those must match.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "«": '"',
        "»": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)


def normalize_char(char: str) -> str:
    return unicodedata.normalize("NFKC", char).translate(_TYPOGRAPHY)


# Runs that normalize without a character-by-character look: a run of whitespace (one space) and
# printable ASCII words with single spaces between them (only a backtick changes, to an apostrophe).
_RUN = re.compile(r"(\s+)|([!-~]+(?: [!-~]+)*)|[^!-~\s]+")


@dataclass(frozen=True)
class NormalizedText:
    """`text` is the normalized form; each normalized character knows the source offset it came from.

    The map is kept piecewise (where a stretch of normalized text continues a stretch of the source,
    one entry), not as one integer per character: on a 20 MB document a list of offsets alone took
    most of a gigabyte.
    """

    text: str
    _starts: list[int]  # normalized offset where piece k starts
    _origins: list[int]  # source offset of that first character
    _lengths: list[int]  # normalized characters in piece k that continue the source one to one

    def origin(self, offset: int) -> int:
        """The source offset of normalized character `offset`."""
        k = bisect.bisect_right(self._starts, offset) - 1
        # Past a piece's one-to-one stretch are the extra characters of an expansion (NFKC "ﬁ" -> "fi"),
        # all from the piece's last source character.
        return self._origins[k] + min(offset - self._starts[k], self._lengths[k] - 1)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source range covering normalized characters [start, end)."""
        return self.origin(start), self.origin(end - 1) + 1


class _Builder:
    def __init__(self) -> None:
        self.chars: list[str] = []
        self.length = 0
        self.starts: list[int] = []
        self.origins: list[int] = []
        self.lengths: list[int] = []

    def add(self, source_offset: int, text: str, one_to_one: bool) -> None:
        """`text` came from the source at `source_offset`: character by character, or all of it from
        that one source character (an expansion)."""
        continues = (
            one_to_one
            and self.starts
            and self.lengths[-1] == self.length - self.starts[-1]
            and self.origins[-1] + self.lengths[-1] == source_offset
        )
        if continues:
            self.lengths[-1] += len(text)
        else:
            self.starts.append(self.length)
            self.origins.append(source_offset)
            self.lengths.append(len(text) if one_to_one else 1)
        self.chars.append(text)
        self.length += len(text)

    def result(self) -> NormalizedText:
        return NormalizedText(
            "".join(self.chars), self.starts or [0], self.origins or [0], self.lengths or [1]
        )


def normalize_with_origin(source: str) -> NormalizedText:
    built = _Builder()
    for m in _RUN.finditer(source):
        start = m.start()
        if m.group(1) is not None:  # whitespace: one space, unless one was just written
            if built.chars and built.chars[-1].endswith(" "):
                continue
            built.add(start, " ", True)
        elif m.group(2) is not None:
            built.add(start, m.group().translate(_TYPOGRAPHY), True)
        else:
            for i, char in enumerate(m.group(), start):
                piece = normalize_char(char)
                if piece:
                    built.add(i, piece, len(piece) == 1)
    return built.result()


def normalize(text: str) -> str:
    return normalize_with_origin(text).text.strip()


# Characters that match an ASCII letter under re.IGNORECASE but do not lower-case to it.
_FOLD_TO_ASCII = {"\u0130": "i", "\u0131": "i", "\u017f": "s"}


def lowered_blocks(text: str, size: int = 1 << 20) -> Iterator[tuple[int, int, str | None]]:
    """The text as runs of whole lines of about `size` characters: each run's start, end, and a copy
    lower-cased as re.IGNORECASE compares ASCII letters, offset for offset (None where lower-casing
    would move offsets). A pattern of lower-case ASCII words, `\b` and spaces finds in the copy what
    it finds with IGNORECASE in the text, faster, and a copy of the whole text at once would cost as
    much memory as the text (lower-casing it, three times that)."""
    start = 0
    while start < len(text):
        end = text.find("\n", min(start + size, len(text)))
        end = len(text) if end < 0 else end + 1
        yield start, end, _lowered(text[start:end])
        start = end


def _lowered(block: str) -> str | None:
    for char, ascii_letter in _FOLD_TO_ASCII.items():
        if char in block:
            block = block.replace(char, ascii_letter)
    lowered = block.lower()
    return lowered if len(lowered) == len(block) else None
