"""A document in: bytes from a file or stdin to the reference text every span points into.

The kind of document picks the reader (`summarizer.reading._read_text`): plain text and Markdown keep the
decoded file; HTML keeps the article's main text; PDF keeps the text layer with its page breaks.
Nothing here normalizes the reference text beyond that (no newline or Unicode normalization);
the only changes are a dropped byte-order mark and repaired mojibake, which is recorded.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.errors import EmptyInput, NoArticleFound
from summarizer.reading._files import read_file_bytes, read_stdin_bytes
from summarizer.reading._gzip import gunzip, is_gzip, name_inside
from summarizer.reading._kinds import HTML, MARKDOWN, PDF, PLAIN, detect_media_type, refuse_unsupported_name
from summarizer.reading._read_text import ReadText

MAX_BYTES = 20 * 1024 * 1024
STDIN_NAME = "-"


@dataclass(frozen=True)
class SourceDocument:
    """A decoded document. `text` is what spans index into.

    `metadata` holds what the reader learned (encoding, a mojibake repair, gzip compression, title,
    author, date, URL, page count); `page_starts` is where each PDF page begins in `text` (empty
    otherwise).
    """

    name: str | None
    text: str
    sha256: str
    media_type: str = PLAIN
    metadata: dict[str, str] = field(default_factory=dict)
    page_starts: tuple[int, ...] = ()


def read_document(path: str | Path, *, max_bytes: int = MAX_BYTES) -> SourceDocument:
    """Read a file, or stdin when `path` is "-"."""
    name = str(path)
    data = read_stdin_bytes(max_bytes, name) if name == STDIN_NAME else read_file_bytes(Path(path), max_bytes)
    return document_from_bytes(data, name=name, max_bytes=max_bytes)


def document_from_text(text: str, *, name: str | None = None) -> SourceDocument:
    if _blank(text):
        raise EmptyInput("the document is empty", document=name)
    return SourceDocument(name=name, text=text, sha256=hashlib.sha256(text.encode()).hexdigest())


def document_from_bytes(
    data: bytes, *, name: str | None, media_type: str | None = None, max_bytes: int = MAX_BYTES
) -> SourceDocument:
    """Bytes to a document; the kind comes from `media_type`, else the name and the bytes. Gzip data is
    decompressed first, to at most `max_bytes`; the sha256 stays that of the bytes given."""
    if _blank(data):
        raise EmptyInput("the document is empty or only whitespace", document=name)
    content, named_as = data, name
    compressed = is_gzip(data)
    if compressed:
        named_as = name_inside(name)
        refuse_unsupported_name(named_as, name)  # `x.tar.gz`: an archive, not worth decompressing
        content = gunzip(data, max_bytes, name)
    found = _read(content, name, media_type or detect_media_type(content, name, named_as=named_as))
    if _blank(found.text):
        raise EmptyInput("the document is empty or only whitespace", document=name)
    _require_article(found, name)
    return SourceDocument(
        name=name,
        text=found.text,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=found.media_type,
        # Said, since the sha256 is of the compressed bytes while the text is what they hold.
        metadata={**found.metadata, "compression": "gzip"} if compressed else found.metadata,
        page_starts=found.page_starts,
    )


def _read(data: bytes, name: str | None, media_type: str) -> ReadText:
    if media_type == HTML:
        from summarizer.reading._html import read_html

        return read_html(data, name=name)
    if media_type == PDF:
        from summarizer.reading._pdf import read_pdf

        return read_pdf(data, name=name)
    from summarizer.reading._text import read_text

    return read_text(data, name=name, media_type=MARKDOWN if media_type == MARKDOWN else PLAIN)


def _require_article(found: ReadText, name: str | None) -> None:
    """A document whose every line is site furniture has nothing to summarize."""
    from summarizer.reading._clean import clean_text

    if _blank(clean_text(found.text).text):
        raise NoArticleFound(
            "no article in it: every line is site furniture (cookie notices, share bars, teasers)",
            document=name,
        )


def _blank(text: str | bytes) -> bool:
    """`not text.strip()` without copying a long text to find out."""
    return not text or text.isspace()
