"""Site furniture out, markup out, offsets kept.

The model sees the document without site furniture (teaser lists, "Read more" links, cookie,
subscription and share prompts, advertisement labels) and without Markdown markup. Furniture rules
judge whole lines by their visible text; each removed line is reported with the rule that removed it.
Markup is dropped character by character (`summarizer.reading._markup`) and is not reported: it is form,
not content. `CleanText.to_original` maps any offset in the cleaned text back into the source, so
grounding searches only what the model saw while spans still point into the file.

Form feeds are page breaks (the PDF reader puts one after each page): the model sees a newline,
and spans in a document with page breaks carry the page they start on.
"""

from __future__ import annotations

import bisect
import functools
import re
from array import array
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass, field
from itertools import accumulate, compress, count, repeat

from summarizer.brief import RemovedText, Span
from summarizer.reading._markup import MarkdownLines, Ranges
from summarizer.reading._read_text import PAGE_BREAK, page_starts

_ELLIPSIS = r"(?:…|\.\.\.)"
# Every pattern below runs on every line of untrusted text, so each runs in time linear in the line:
# runs of whitespace are matched possessively (`\s*+`) wherever two of them meet, since a greedy pair
# backtracks over every split of a long run (quadratic), and nested ones over every combination.
_TEASER = re.compile(rf"{_ELLIPSIS}\s*+(?:(?:Read|See) more|Continue reading)\s*+[»›>]*+\s*+$", re.IGNORECASE)
_LONE_READ_MORE = re.compile(
    r"^\s*+(?:(?:read|see|show|load|view) (?:more|all)(?: stories| articles| news)?|continue reading"
    r"|read (?:the )?full (?:story|article))\s*+[:»›>.…]?+\s*+$",
    re.IGNORECASE,
)
_READ_MORE_LINK = re.compile(
    r"^\s*+[\[(]?+\s*+(?:read more|also read|read also|see also|recommended|read next"
    r"|related(?: posts?| articles?| stories| content| coverage)?)\s*+[:|»›>–—-]\s*+\S.{0,150}$",
    re.IGNORECASE,
)
_COOKIE = re.compile(
    r"\b(?:(?:site|website|page|we|app)\s+(?:uses?|is using)\s+cookies|use of cookies"
    r"|cookie (?:policy|settings|preferences|notice|consent|banner)"
    r"|(?:accept|reject|manage|allow) (?:all )?cookies"
    r"|by continuing to (?:use|browse|visit)\b.{0,60}\bagree)\b",
    re.IGNORECASE,
)
_NETWORK = (
    r"(?:facebook|twitter|x|linkedin|whatsapp|e-?mail|reddit|pinterest|telegram|instagram|flipboard"
    r"|messenger|youtube|tiktok|print|copy link)"
)
# Possessive (`*+`): whitespace between two names belongs to the separator alone. With plain `*` it
# could be split between the optional pieces in exponentially many ways, which a line that almost
# matches tries one by one (a 143-byte line hung the cleaner).
_SEPARATOR = r"\s*+[,|/•·]?+\s*+"
_SHARE = re.compile(
    rf"^\s*+(?:(?:share|follow us)(?: this(?: article| story| post| page)?)?(?: on| via)?\s*+[:|]?+"
    rf"(?:{_SEPARATOR}{_NETWORK})*+|click to share on .{{1,60}}|tweet|print|copy link"
    rf"|{_NETWORK}(?:{_SEPARATOR}{_NETWORK})++)\s*+$",
    re.IGNORECASE,
)
_SUBSCRIBE = re.compile(
    r"^.{0,80}\b(?:sign up|subscribe)(?: to| for)? (?:our|the|\S+[’']s)\b.{0,40}\bnewsletters?[.!]?\s*$"
    r"|^\s*(?:(?:sign up|subscribe|register)\b.{0,80}\b(?:newsletters?|updates|inbox|alerts)\b.{0,40}"
    r"|(?:subscribe|sign up)(?: now| today| here| for free)?|already a subscriber\?.{0,40}"
    r"|(?:get|receive) (?:our|the) .{0,50}newsletter.{0,60}"
    r"|.{0,80}\bdelivered (?:straight )?to your inbox.{0,40}"
    r"|enter your e-?mail(?: address)?.{0,60}|become a (?:member|subscriber|supporter)\b.{0,80})\s*[.!]?$",
    re.IGNORECASE,
)
_ADVERTISEMENT = re.compile(
    r"^\s*(?:advertisement|advert|ad|sponsored(?: content)?|skip (?:advertisement|ad)"
    r"|story continues below(?: this)? (?:advertisement|ad)|continue reading (?:the main story|below))\s*$",
    re.IGNORECASE,
)
_TEASER_LIST_HEADING = re.compile(
    r"^\s*(?:related(?: articles| stories| posts| content| coverage| news| reading)?"
    r"|more (?:from|on|in) .{1,40}"
    r"|more (?:stories|news|articles)|you (?:may|might) also (?:like|enjoy)|recommended(?: for you| stories)?"
    r"|read next|up next|what to read next|most (?:read|popular|viewed|shared)|trending(?: now| stories)?"
    r"|top stories|latest (?:news|stories|articles)|don'?t miss|popular (?:now|stories|articles)"
    r"|further reading)\s*+:?+\s*+$",
    re.IGNORECASE,
)
# Words every cookie notice (every subscribe prompt) holds, matched with the same case folding as the
# full pattern: a line without one skips the full pattern, which is slow to search a long text for.
_COOKIE_WORDS = ("cookie", "continuing")
_SUBSCRIBE_WORDS = ("sign up", "subscribe", "register", "newsletter", "inbox", "enter your", "become a")
_COOKIE_WORD = re.compile("|".join(_COOKIE_WORDS), re.IGNORECASE)
_SUBSCRIBE_WORD = re.compile("|".join(_SUBSCRIBE_WORDS), re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.:;,][\"'”’)]*\s*$")
_SHORT_LINE = 200
_HEADLINE_MAX = 160
_MIN_TEASERS = 2


_ELLIPSES = ("…", "...")


def _has_ellipsis(line: str) -> bool:
    """Every teaser ends in an ellipsis: finding none is cheaper than searching for the whole teaser."""
    return any(mark in line for mark in _ELLIPSES)


def _is_cookie_notice(line: str) -> bool:
    return _COOKIE_WORD.search(line) is not None and _COOKIE.search(line) is not None


def _is_subscribe_prompt(line: str) -> bool:
    return _SUBSCRIBE_WORD.search(line) is not None and _SUBSCRIBE.match(line) is not None


@dataclass(frozen=True)
class Rule:
    name: str
    matches: Callable[[str], bool]


RULES: tuple[Rule, ...] = (
    Rule("teaser-read-more", lambda line: _has_ellipsis(line) and bool(_TEASER.search(line))),
    Rule("lone-read-more", lambda line: bool(_LONE_READ_MORE.match(line))),
    Rule("read-more-link", lambda line: bool(_READ_MORE_LINK.match(line))),
    Rule("cookie-notice", lambda line: len(line) < _SHORT_LINE and _is_cookie_notice(line)),
    Rule("share-bar", lambda line: bool(line.strip()) and bool(_SHARE.match(line))),
    Rule("subscribe-prompt", lambda line: len(line) < _SHORT_LINE and _is_subscribe_prompt(line)),
    Rule("advertisement", lambda line: bool(_ADVERTISEMENT.match(line))),
)
TEASER_LIST = "teaser-list"


@dataclass(frozen=True)
class CleanText:
    """The text the model sees, and how to find each of its characters in the source."""

    text: str
    source: str
    removed: list[RemovedText]
    # Parallel arrays (8 bytes an entry; a line dense with markup has a segment every few characters):
    # kept segment i starts at clean offset _clean_starts[i], source offset _source_starts[i].
    _clean_starts: array[int]
    _source_starts: array[int]
    # Where each page starts in the source; empty when the source has no page breaks.
    _page_starts: list[int] = field(default_factory=list)

    def to_original(self, offset: int) -> int:
        i = max(bisect.bisect_right(self._clean_starts, offset) - 1, 0)
        return self._source_starts[i] + (offset - self._clean_starts[i])

    def span_to_original(self, start: int, end: int) -> Span:
        # The end is mapped from its last character so a span never stretches over removed text.
        return self.source_span(self.to_original(start), self.to_original(max(end - 1, start)) + 1)

    def source_span(self, start: int, end: int) -> Span:
        """A span of source offsets, with its page when the source has pages."""
        return _span(start, end, self._page_starts)


# Reading a document cleans it once to check there is an article; the summarizer then cleans the same
# text again. The last result is kept so a long document is cleaned once (a str caches its hash).
@functools.lru_cache(maxsize=1)
def clean_text(source: str, *, markup: bool = True) -> CleanText:
    """Clean `source` for the model. `markup=False` keeps Markdown markup as text."""
    starts = list(page_starts(source))
    pieces, removed = _kept_pieces(source, markup, starts)
    return CleanText(pieces.text().rstrip(), source, removed, *pieces.starts(), starts)


def _kept_pieces(source: str, markup: bool, page_starts: list[int]) -> tuple[_Pieces, list[RemovedText]]:
    """What the model sees, as pieces of the source, and each line of furniture taken out.

    Only lines that are furniture or hold markup are looked at one by one: every other line is shown
    whole with its line break, so the lines between two such lines are one piece of the source.
    """
    lines = _split_lines(source, markup)
    # A line that shows whole holds an ellipsis if its source does; others are judged whatever they hold.
    with_ellipsis = _lines_holding(source, lines.starts, _ELLIPSES) | lines.partly_shown.keys()
    rules = furniture_rules(lines.visible_texts(), with_ellipsis)
    removed: list[RemovedText] = []
    pieces = _Pieces(source)
    shown_whole_from = 0  # the first line of the run of lines shown whole
    for i in sorted({*compress(count(), rules), *lines.partly_shown}):
        pieces.add(lines.starts[shown_whole_from], lines.starts[i])
        start, body = lines.starts[i], lines.bodies[i]
        rule = rules[i]
        if rule is not None:
            span = _span(start, start + len(body), page_starts)
            removed.append(RemovedText(span=span, rule=rule, text=body))
        elif (visible := lines.partly_shown[i]) is not None:
            for shown_start, shown_end in visible:
                pieces.add(start + shown_start, start + shown_end)
            pieces.add(start + len(body), lines.starts[i + 1])  # its line break
        shown_whole_from = i + 1
    pieces.add(lines.starts[shown_whole_from], len(source))
    return pieces, removed


def furniture_rules(lines: list[str], with_ellipsis: Set[int]) -> list[str | None]:
    """For each visible line, the name of the rule that removes it, or None to keep it.

    `with_ellipsis` holds at least every line with an ellipsis in it (found faster in the source).
    """
    rules: list[str | None] = [None] * len(lines)
    for i in _lines_that_may_be_furniture(lines, with_ellipsis):
        rules[i] = _matching_rule(lines[i])
    for heading, end in _teaser_lists(lines, rules):
        rules[heading:end] = [TEASER_LIST if lines[i].strip() else None for i in range(heading, end)]
    return rules


def _matching_rule(line: str) -> str | None:
    for rule in RULES:
        if rule.matches(line):
            return rule.name
    return None


# What some rule needs for a line to match it. Read in C over all lines (a 20 MB document has 90,000
# of them), so only the few lines that pass go through the rules one by one.
# A line any anchored rule matches opens with one of these words (same case folding as the rules).
_FURNITURE_OPENING = re.compile(
    r"\s*+[\[(]?+\s*+(?:read|see|show|load|view|continue|also|recommended|related|share|follow|click|tweet"
    rf"|print|copy|{_NETWORK}|ad|sponsored|skip|story)",
    re.IGNORECASE,
)
# The non-ASCII letters IGNORECASE takes for ASCII ones (Turkish i's, a long s, the Kelvin sign); lower()
# folds every other letter it takes for one (tests/test_clean_fast_paths.py checks this against re).
_ASCII_LOOKALIKES = (("İ", "i"), ("ı", "i"), ("ſ", "s"), ("K", "k"))
_PROMPT_WORDS = (*_COOKIE_WORDS, *_SUBSCRIBE_WORDS)


def _fold_case(text: str) -> str:
    """Each character becomes the ASCII letter IGNORECASE takes it for, if any (lowercase letters stay)."""
    for lookalike, letter in _ASCII_LOOKALIKES:
        text = text.replace(lookalike, letter)
    return text.lower()


def _holds_prompt_word(line: str) -> bool:
    """Whether _COOKIE_WORD or _SUBSCRIBE_WORD finds a word in the line. Folded by str methods: the
    search with IGNORECASE costs 13 µs a line, as much as the rest of the cleaning."""
    folded = _fold_case(line)
    return any(word in folded for word in _PROMPT_WORDS)


def _lines_that_may_be_furniture(lines: list[str], with_ellipsis: Set[int]) -> set[int]:
    """A superset of the lines some rule in RULES removes (a teaser holds an ellipsis)."""
    found = {*compress(count(), map(_FURNITURE_OPENING.match, lines)), *with_ellipsis}
    short = compress(count(), map(_SHORT_LINE.__gt__, map(len, lines)))
    found.update(i for i in short if i not in found and lines[i] and _holds_prompt_word(lines[i]))
    return found


def _teaser_lists(lines: list[str], rules: list[str | None]) -> list[tuple[int, int]]:
    """A heading such as "Related stories" followed by two or more headline-like lines.

    Where each run of blank and headline-like lines ends, and how many headlines it holds, is worked
    out once from the bottom up: scanning forward from every heading was quadratic on a page of
    thousands of "Related" lines. A heading inside a list already found adds nothing to it.
    """
    matches = compress(count(), map(_TEASER_LIST_HEADING.match, lines))
    headings = [i for i in matches if rules[i] is None]
    if not headings:
        return []  # most documents: no run needs working out
    run_end = list(range(len(lines) + 1))  # run_end[i]: first line at or after i that ends the run
    headlines = [0] * (len(lines) + 1)  # non-blank lines in the run from i
    for i in range(len(lines) - 1, headings[0], -1):  # runs start after a heading
        blank = not lines[i] or lines[i].isspace()  # `not strip()` without a copy of the line
        if blank or _is_teaser(lines[i], rules[i]):
            run_end[i] = run_end[i + 1]
            headlines[i] = headlines[i + 1] + (not blank)
    found: list[tuple[int, int]] = []
    for heading in headings:
        if found and heading < found[-1][1]:
            continue
        if headlines[heading + 1] >= _MIN_TEASERS:
            found.append((heading, run_end[heading + 1]))
    return found


def _is_teaser(line: str, rule: str | None) -> bool:
    headline = len(line) <= _HEADLINE_MAX and not _SENTENCE_END.search(line)
    return headline or rule is not None


@dataclass(frozen=True)
class _Lines:
    """The source's lines, and what the model sees of the few that markup hides some of."""

    bodies: list[str]  # each line without its line break
    starts: list[int]  # where each line starts in the source, then the source's length
    # The lines not shown whole: their visible ranges, None when the whole line is markup.
    partly_shown: dict[int, Ranges | None]

    def visible_texts(self) -> list[str]:
        texts = self.bodies.copy()  # most lines: the line itself, not one more copy of the document
        for i, visible in self.partly_shown.items():
            texts[i] = "".join(self.bodies[i][start:end] for start, end in visible or [])
        return texts


def _split_lines(source: str, markup: bool) -> _Lines:
    bodies = source.splitlines()
    starts = _line_starts(source, bodies)
    partly_shown: dict[int, Ranges | None] = {}
    if markup:
        markdown = MarkdownLines()  # in line order: it follows code fences
        for i in sorted(_lines_that_may_hold_markup(source, bodies, starts)):
            visible = markdown.visible(bodies[i])
            if visible != [(0, len(bodies[i]))]:
                partly_shown[i] = visible
    return _Lines(bodies, starts, partly_shown)


def _line_starts(source: str, bodies: list[str]) -> list[int]:
    """Where each line starts, then the source's length."""
    # Taking each line break for one character: no second split of the document.
    starts = list(accumulate(map((1).__add__, map(len, bodies)), initial=0))
    if not _one_character_breaks(source, starts[-1]):  # "\r\n", the one two-character line break
        return list(accumulate(map(len, source.splitlines(keepends=True)), initial=0))
    starts[-1] = len(source)  # the last line may have no line break
    return starts


def _one_character_breaks(source: str, end_if_so: int) -> bool:
    """Whether every line break in `source` is one character, given where its lines would end if so.

    Told from the lengths, not by searching 20 MB for "\r\n": each "\r\n" ends the lines one
    character before `end_if_so`, which is one past the source's end when its last line has no line
    break. So `end_if_so` is the source's length either with no "\r\n" and a last line break, or with
    one "\r\n" and none; the source's last character tells the two apart.
    """
    if end_if_so != len(source):
        return end_if_so == len(source) + 1
    return source[-1:].splitlines() == [""]  # it ends in a line break


# Every piece of Markdown the model does not see holds one of these characters, or starts its line with
# a blank (indented markup) or a dash (a thematic break); a line with none of them is shown whole.
_MARKUP_CHARS = "\\`]^>*_~=[#|"
_MARKUP_LEADS = (" ", "-")  # str.startswith: no regex call per line


def _lines_that_may_hold_markup(source: str, bodies: list[str], starts: list[int]) -> set[int]:
    return {
        *compress(count(), map(str.startswith, bodies, repeat(_MARKUP_LEADS))),
        *_lines_holding(source, starts, _MARKUP_CHARS),
    }


def _lines_holding(source: str, starts: list[int], needles: Iterable[str]) -> set[int]:
    """The lines (numbered as `starts` numbers them) where any of `needles`, none of which spans a line
    break, occurs. str.find per needle: far faster than a character class over a long non-ASCII text, or
    a test per line."""
    found = set()
    for needle in needles:
        at = source.find(needle)
        while at != -1:
            line = bisect.bisect_right(starts, at) - 1
            found.add(line)
            at = source.find(needle, starts[line + 1])
    return found


def _span(start: int, end: int, page_starts: list[int]) -> Span:
    """A source span; its page is the number of page starts at or before it."""
    page = bisect.bisect_right(page_starts, start) if page_starts else None
    return Span(start=start, end=end, page=page)


class _Pieces:
    """The cleaned text as pieces of the source, and the piecewise map back into the source."""

    def __init__(self, source: str) -> None:
        self._source = source
        self._clean_starts: array[int] = array("q")
        self._source_starts: array[int] = array("q")
        self._source_ends: array[int] = array("q")
        self._clean_end = 0

    def add(self, source_start: int, source_end: int) -> None:
        if source_start >= source_end:
            return
        # A piece that continues the previous one in both texts extends it instead.
        if self._source_ends and source_start == self._source_ends[-1]:
            self._source_ends[-1] = source_end
        else:
            self._clean_starts.append(self._clean_end)
            self._source_starts.append(source_start)
            self._source_ends.append(source_end)
        self._clean_end += source_end - source_start

    def text(self) -> str:
        source = self._source
        text = "".join(
            [source[start:end] for start, end in zip(self._source_starts, self._source_ends, strict=True)]
        )
        # Same length, so the offset map holds: the model sees a page break as a plain newline. A page
        # break is always a line break, never inside a line.
        return text.replace(PAGE_BREAK, "\n")

    def starts(self) -> tuple[array[int], array[int]]:
        return (
            (self._clean_starts, self._source_starts)
            if self._clean_starts
            else (array("q", [0]), array("q", [0]))
        )
