"""Markdown markup out of what the model sees, character by character.

`MarkdownLines.visible(line)` says which character ranges of a source line the model should see:
`**6,000**` shows `6,000`, `[link text](url)` shows `link text`, `# Heading` shows `Heading`,
`> quoted` shows `quoted`. Markup-only lines (fences, rules, setext underlines, link definitions)
show nothing. Ranges, not rewritten strings, so `summarizer.clean` can map every visible character
back to its place in the file. Unpaired markers are left alone: a lone `*` is text, not markup.
"""

from __future__ import annotations

import re

Ranges = list[tuple[int, int]]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MARKUP_ONLY_LINE = re.compile(
    r"^ {0,3}(?:={3,}|(?:[-*_][ \t]*){3,})$"  # setext underline, thematic break
    r"|^ {0,3}\[[^\]^]+\]:\s*\S+.*$"  # link reference definition
    r"|^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$"  # table alignment row
)
_PREFIX = re.compile(r"^(?:[ \t]{0,3}>[ \t]?)*(?:[ \t]{0,3}#{1,6}(?:[ \t]+|$))?")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_CODE = re.compile(r"(`+)(?=[^`])(.+?)(?<=[^`])\1(?!`)")
# Patterns whose group 1 is shown and everything else in the match is markup, in this order:
# links before emphasis (a URL's underscores are not emphasis), strong before emphasis.
_PAIRED = tuple(
    re.compile(pattern)
    for pattern in (
        r"!?\[([^\]]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)",  # [text](url "title"), ![alt](src)
        r"\[([^\]]+)\]\[[^\]]*\]",  # [text][ref]
        r"\[\^[^\]]+\]()",  # footnote reference [^1]: hidden, or it reads as a number
        r"<((?:https?|mailto):[^>\s]+)>",  # <https://autolink>
        r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*",
        r"\*\*(?=\S)(.+?)(?<=\S)\*\*",
        r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)",
        r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])",
        r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])",
        r"~~(?=\S)(.+?)(?<=\S)~~",
    )
)
_HIDDEN = "\x00"  # stands in for markup already consumed, so later patterns cannot reuse it
_INERT = "\x01"  # stands in for escaped or code characters: shown, but never markup


class MarkdownLines:
    """Visible ranges line by line; remembers whether a code fence is open."""

    def __init__(self) -> None:
        self.in_fence = False

    def visible(self, line: str) -> Ranges | None:
        """The ranges of `line` to show, or None when the whole line is markup."""
        if _FENCE.match(line):
            self.in_fence = not self.in_fence
            return None
        if self.in_fence:
            return [(0, len(line))]
        if _MARKUP_ONLY_LINE.match(line):
            return None
        return visible_inline(line)


def visible_inline(line: str) -> Ranges:
    hidden = [False] * len(line)
    work = list(line)
    _hide_line_markers(line, hidden)
    for m in _ESCAPE.finditer(line):
        hidden[m.start()] = True
        work[m.start(1)] = _INERT
    for m in _CODE.finditer("".join(work)):
        _hide_outside_group(m, 2, hidden, work)
        work[m.start(2) : m.end(2)] = _INERT * (m.end(2) - m.start(2))
    for pattern in _PAIRED:
        _hide_all(pattern, hidden, work)
    return _runs(hidden)


def _hide_line_markers(line: str, hidden: list[bool]) -> None:
    prefix = _PREFIX.match(line)
    end = prefix.end() if prefix else 0
    closing = _CLOSING_HASHES.search(line) if prefix and "#" in prefix.group() else None
    for i in range(end):
        hidden[i] = True
    if closing and closing.start() >= end:
        for i in range(closing.start(), len(line)):
            hidden[i] = True


def _hide_all(pattern: re.Pattern[str], hidden: list[bool], work: list[str]) -> None:
    # Run to a fixed point so nested markup (`**bold with *em* inside**`) is all found.
    while matches := list(pattern.finditer("".join(work))):
        for m in matches:
            _hide_outside_group(m, 1, hidden, work)


def _hide_outside_group(m: re.Match[str], group: int, hidden: list[bool], work: list[str]) -> None:
    for i in (*range(m.start(), m.start(group)), *range(m.end(group), m.end())):
        hidden[i] = True
        work[i] = _HIDDEN


def _runs(hidden: list[bool]) -> Ranges:
    ranges: Ranges = []
    start: int | None = None
    for i, is_hidden in enumerate([*hidden, True]):
        if not is_hidden and start is None:
            start = i
        elif is_hidden and start is not None:
            ranges.append((start, i))
            start = None
    return ranges
