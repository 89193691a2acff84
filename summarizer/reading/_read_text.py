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
    if PAGE_BREAK not in text:
        return ()
    breaks = [i + 1 for i, ch in enumerate(text) if ch == PAGE_BREAK and i + 1 < len(text)]
    return (0, *breaks)
