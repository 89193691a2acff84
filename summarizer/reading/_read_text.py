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
