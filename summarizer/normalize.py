"""Typographic normalization that remembers where every character came from.

Quote matching forgives typography and nothing else: curly vs straight quotes and apostrophes,
dash variants, runs of whitespace, and Unicode compatibility forms (NFKC). Case, wording and
punctuation other than those must match.
"""

from __future__ import annotations

import unicodedata
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


@dataclass(frozen=True)
class NormalizedText:
    """`text` is the normalized form; `origin[i]` is the source offset of `text[i]`."""

    text: str
    origin: list[int]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source range covering normalized characters [start, end)."""
        return self.origin[start], self.origin[end - 1] + 1


def normalize_with_origin(source: str) -> NormalizedText:
    chars: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(source):
        if char.isspace():
            if chars and chars[-1] == " ":
                continue
            chars.append(" ")
            origin.append(i)
            continue
        for piece in normalize_char(char):
            chars.append(piece)
            origin.append(i)
    return NormalizedText("".join(chars), origin)


def normalize(text: str) -> str:
    return normalize_with_origin(text).text.strip()
