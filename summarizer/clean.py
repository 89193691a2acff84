"""Site furniture out, offsets kept.

Rules work on whole lines of plain text. Each removed line is reported with the rule that
removed it, and `CleanText.to_original` maps any offset in the cleaned text back into the
source, so grounding can search only what the model saw while spans still point into the file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from summarizer.brief import RemovedText, Span

_ELLIPSIS = r"(?:…|\.\.\.)"
_TEASER = re.compile(rf"{_ELLIPSIS}\s*(?:Read|Continue reading|See) more\s*[»›>]?\s*$", re.IGNORECASE)
_LONE_READ_MORE = re.compile(r"^\s*(?:Read|See|Show) more\s*[»›>]?\s*$", re.IGNORECASE)
_COOKIE = re.compile(
    r"\b(?:uses? cookies|cookie (?:policy|settings|preferences)|accept (?:all )?cookies)\b", re.IGNORECASE
)
_SHARE = re.compile(
    r"^\s*(?:share(?: this(?: article| story| post)?)?(?: on)?\s*[:|]?\s*"
    r"(?:facebook|twitter|x|linkedin|whatsapp|email|reddit|pinterest|[,|/ ])*|tweet|print|copy link)\s*$",
    re.IGNORECASE,
)
_SUBSCRIBE = re.compile(
    r"^\s*(?:sign up|subscribe)\b.{0,80}\b(?:newsletter|updates|inbox)\b.{0,40}$", re.IGNORECASE
)
_SHORT_LINE = 200


@dataclass(frozen=True)
class Rule:
    name: str
    matches: Callable[[str], bool]


RULES: tuple[Rule, ...] = (
    Rule("teaser-read-more", lambda line: bool(_TEASER.search(line))),
    Rule("lone-read-more", lambda line: bool(_LONE_READ_MORE.match(line))),
    Rule("cookie-notice", lambda line: len(line) < _SHORT_LINE and bool(_COOKIE.search(line))),
    Rule("share-bar", lambda line: bool(_SHARE.match(line)) and bool(line.strip())),
    Rule("subscribe-prompt", lambda line: bool(_SUBSCRIBE.match(line))),
)


@dataclass(frozen=True)
class CleanText:
    """The text the model sees, and how to find each of its characters in the source."""

    text: str
    source: str
    removed: list[RemovedText]
    # Parallel lists: kept segment i starts at clean offset _clean_starts[i], source offset _source_starts[i].
    _clean_starts: list[int]
    _source_starts: list[int]

    def to_original(self, offset: int) -> int:
        i = max(bisect.bisect_right(self._clean_starts, offset) - 1, 0)
        return self._source_starts[i] + (offset - self._clean_starts[i])

    def span_to_original(self, start: int, end: int) -> Span:
        # The end is mapped from its last character so a span never stretches over removed text.
        return Span(start=self.to_original(start), end=self.to_original(max(end - 1, start)) + 1)


def clean_text(source: str) -> CleanText:
    kept: list[str] = []
    removed: list[RemovedText] = []
    clean_starts: list[int] = []
    source_starts: list[int] = []
    clean_len = 0
    offset = 0
    for line in source.splitlines(keepends=True):
        rule = _matching_rule(line.rstrip("\r\n"))
        if rule is None:
            kept.append(line)
            clean_starts.append(clean_len)
            source_starts.append(offset)
            clean_len += len(line)
        else:
            body = line.rstrip("\r\n")
            removed.append(RemovedText(span=Span(start=offset, end=offset + len(body)), rule=rule, text=body))
        offset += len(line)
    if not clean_starts:
        clean_starts, source_starts = [0], [0]
    return CleanText("".join(kept).rstrip(), source, removed, clean_starts, source_starts)


def _matching_rule(line: str) -> str | None:
    return next((rule.name for rule in RULES if rule.matches(line)), None)
