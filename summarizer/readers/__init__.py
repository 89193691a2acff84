"""One reader per kind of document, each turning bytes into the reference text.

    files.py     bytes from a path or stdin: size limit, directory, permission
    kinds.py     which kind a document is (by name, then by its first bytes)
    encoding.py  bytes to str: BOMs, UTF-16, UTF-8, cp1252, mojibake repair
    text.py      plain text and Markdown: the decoded file itself
    html.py      web pages: the main text and its metadata (trafilatura)
    pdf.py       PDFs: the text layer, one form feed after each page (pypdf, optional extra)

`summarizer.reader` puts them together; the heavy libraries load only inside the reader that uses them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReadText:
    """What a reader found: the reference text and what it learned about the document on the way."""

    text: str
    media_type: str
    metadata: dict[str, str] = field(default_factory=dict)
    page_starts: tuple[int, ...] = ()
