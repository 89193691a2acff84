"""What each reader returns: the reference text and what it learned about the document."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReadText:
    """What a reader found: the reference text and what it learned about the document on the way."""

    text: str
    media_type: str
    metadata: dict[str, str] = field(default_factory=dict)
    page_starts: tuple[int, ...] = ()


# Pages end in a form feed, the page-break convention of pdftotext: a span's page is one plus the
# page breaks before it.
PAGE_BREAK = "\f"


def page_starts(text: str) -> tuple[int, ...]:
    """Where each page begins in a text whose pages end in PAGE_BREAK; empty for a text without pages."""
    # str.find, not a loop over the characters: a long PDF has tens of millions of them.
    at = text.find(PAGE_BREAK)
    if at == -1:
        return ()
    starts = [0]
    while at != -1 and at + 1 < len(text):  # a break at the very end starts no page
        starts.append(at + 1)
        at = text.find(PAGE_BREAK, at + 1)
    return tuple(starts)
