"""Markdown markup out of what the model sees, character by character.

`MarkdownLines.visible(line)` says which character ranges of a source line the model should see:
`**6,000**` shows `6,000`, `[link text](url)` shows `link text`, `# Heading` shows `Heading`,
`> quoted` shows `quoted`. Markup-only lines (fences, rules, setext underlines, link definitions)
show nothing. Ranges, not rewritten strings, so `summarizer.reading._clean` can map every visible character
back to its place in the file. Unpaired markers are left alone: a lone `*` is text, not markup.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass

Ranges = list[tuple[int, int]]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MARKUP_ONLY_LINE = re.compile(
    r"^ {0,3}(?:={3,}|(?:[-*_][ \t]*){3,})$"  # setext underline, thematic break
    r"|^ {0,3}\[[^\]^]+\]:\s*\S+.*$"  # link reference definition
    r"|^\s*+\|?+\s*+:?+-{3,}+:?+\s*+(?:\|\s*+:?+-{3,}+:?+\s*+)++\|?+\s*+$"  # table alignment row
)
_PREFIX = re.compile(r"^(?:[ \t]{0,3}>[ \t]?)*(?:[ \t]{0,3}#{1,6}(?:[ \t]+|$))?")
# Starts only where a run of blanks starts, so a long run is not tried again from each of its blanks.
_CLOSING_HASHES = re.compile(r"(?<![ \t])[ \t]++#++[ \t]*+$")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_BACKTICKS = re.compile(r"`+")
_INLINE_MARKUP_CHARS = re.compile(r"[\\`\]^>*_~]")
_SHOWN_RUN = re.compile(rb"\x00+")
# Link text may hold one level of brackets ([see [1]](url)); a bracket that opens and never closes
# ends the search at once instead of sending every "[" on the line to the end of it.
_LINK_TEXT = r"(?:[^\[\]]|\[[^\[\]]*+\])"


@dataclass(frozen=True)
class _Paired:
    """Markup around a shown group 1, and (for spans that end in a marker) where such a span can end."""

    pattern: re.Pattern[str]
    trigger: str  # a character every match holds
    closer: re.Pattern[str] | None = None  # a lookahead: matches, empty, where a closing marker starts
    closer_length: int = 0

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        # Most lines hold no markup at all: one substring test instead of two searches.
        if self.trigger not in text:
            return iter(())
        # An opener with no closer after it scans to the end of the line, and one such opener after
        # another is quadratic. No match can end past the last closer, so the search stops there.
        if self.closer is None:
            return self.pattern.finditer(text)
        last = max((m.start() for m in self.closer.finditer(text)), default=None)
        if last is None:
            return iter(())
        return self.pattern.finditer(text, 0, last + self.closer_length)


def _emphasis(marker: str, pattern: str, closer: str) -> _Paired:
    return _Paired(re.compile(pattern), marker[0], re.compile(f"(?={closer})"), len(marker))


# Patterns whose group 1 is shown and everything else in the match is markup, in this order:
# links before emphasis (a URL's underscores are not emphasis), strong before emphasis.
_PAIRED = (
    # [text](url "title"), ![alt](src)
    _Paired(re.compile(rf"!?\[({_LINK_TEXT}*+)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"), "]"),
    _Paired(re.compile(rf"\[({_LINK_TEXT}++)\]\[[^\]]*\]"), "]"),  # [text][ref]
    _Paired(re.compile(r"\[\^[^\[\]]+\]()"), "^"),  # footnote reference [^1]: hidden, or it reads as a number
    _Paired(re.compile(r"<((?:https?|mailto):[^<>\s]+)>"), ">"),  # <https://autolink>
    _emphasis("***", r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*", r"(?<=\S)\*\*\*"),
    _emphasis("**", r"\*\*(?=\S)(.+?)(?<=\S)\*\*", r"(?<=\S)\*\*"),
    _emphasis("__", r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)", r"(?<=\S)__(?!\w)"),
    _emphasis("*", r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])", r"(?<=[^\s*])\*(?![\w*])"),
    _emphasis("_", r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])", r"(?<=[^\s_])_(?![\w_])"),
    _emphasis("~~", r"~~(?=\S)(.+?)(?<=\S)~~", r"(?<=\S)~~"),
)
# Nested markup is found by running each pattern again over what is left; real text nests a few
# levels at most, and a bound keeps a line of a thousand nested brackets from taking a pass per level.
_MAX_NESTING = 8
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
    shown_from, shown_to = _line_marker_bounds(line)
    if not _INLINE_MARKUP_CHARS.search(line):  # most lines: nothing inline to hide
        return [(shown_from, shown_to)] if shown_from < shown_to else []
    hidden = [not shown_from <= i < shown_to for i in range(len(line))]
    work = list(line)
    for m in _ESCAPE.finditer(line):
        hidden[m.start()] = True
        work[m.start(1)] = _INERT
    for open_start, content_start, content_end, close_end in _code_spans("".join(work)):
        for i in (*range(open_start, content_start), *range(content_end, close_end)):
            hidden[i] = True
            work[i] = _HIDDEN
        work[content_start:content_end] = _INERT * (content_end - content_start)
    for paired in _PAIRED:
        _hide_all(paired, hidden, work)
    return _runs(hidden)


def _code_spans(text: str) -> Iterator[tuple[int, int, int, int]]:
    """Code spans: a run of backticks up to the next run of the same length (CommonMark), as
    (opening start, content start, content end, closing end). A run with no partner is text.

    Found by pairing runs, not by a regex: a backreference search from each of many unpaired
    runs to the end of the line would be quadratic.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    later: dict[int, deque[int]] = defaultdict(deque)  # run length -> indexes of runs that long
    for n, (start, end) in enumerate(runs):
        later[end - start].append(n)
    n = 0
    while n < len(runs):
        start, end = runs[n]
        partners = later[end - start]
        while partners and partners[0] <= n:
            partners.popleft()
        if not partners:
            n += 1
            continue
        close = partners.popleft()
        yield start, end, runs[close][0], runs[close][1]
        n = close + 1


def _line_marker_bounds(line: str) -> tuple[int, int]:
    """Where the line shows, between a quote or heading prefix and a heading's closing hashes."""
    prefix = _PREFIX.match(line)
    end = prefix.end() if prefix else 0
    closing = _CLOSING_HASHES.search(line) if prefix and "#" in prefix.group() else None
    if closing and closing.start() >= end:
        return end, closing.start()
    return end, len(line)


def _hide_all(paired: _Paired, hidden: list[bool], work: list[str]) -> None:
    # Run again over what is left so nested markup (`**bold with *em* inside**`) is all found.
    for _ in range(_MAX_NESTING):
        matches = list(paired.finditer("".join(work)))
        if not matches:
            return
        for m in matches:
            _hide_outside_group(m, 1, hidden, work)


def _hide_outside_group(m: re.Match[str], group: int, hidden: list[bool], work: list[str]) -> None:
    for i in (*range(m.start(), m.start(group)), *range(m.end(group), m.end())):
        hidden[i] = True
        work[i] = _HIDDEN


def _runs(hidden: list[bool]) -> Ranges:
    # The shown runs are the runs of zeros; a regex over bytes finds them without a Python loop.
    return [m.span() for m in _SHOWN_RUN.finditer(bytes(hidden))]
