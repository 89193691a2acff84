"""Paragraphs: a line of text is a paragraph, and nothing (a sentence, a closed quote) crosses one."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Paragraphs:
    spans: tuple[tuple[int, int], ...]  # non-blank lines, outer whitespace trimmed
    _starts: tuple[int, ...]

    def index_at(self, offset: int) -> int:
        """The paragraph holding `offset`, or the last one starting before it."""
        return max(bisect.bisect_right(self._starts, offset) - 1, 0)


def find_paragraphs(text: str) -> Paragraphs:
    spans = []
    for m in _LINE.finditer(text):
        line = m.group()
        stripped = line.strip()
        if stripped:
            start = m.start() + (len(line) - len(line.lstrip()))
            spans.append((start, start + len(stripped)))
    return Paragraphs(tuple(spans), tuple(s for s, _ in spans))
