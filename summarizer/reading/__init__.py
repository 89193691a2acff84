"""Reading: bytes from a file, stdin or a string to the reference text, then the text the model sees.

    _document.py   read_document: the one way in, with every input held to the size limit
    _files.py      bytes from a path or stdin: size limit, directory, permission, special files
    _kinds.py      which kind a document is (by name, then by its first bytes)
    _encoding.py   bytes to str: BOMs, UTF-16, UTF-8, cp1252, mojibake repair
    _text.py       plain text and Markdown: the decoded file itself
    _html.py       web pages: the main text and its metadata (trafilatura)
    _pdf.py        PDFs: the text layer, one form feed after each page (pypdf, optional extra)
    _clean.py      clean_text: site furniture and markup out, every offset kept
    _markup.py     Markdown markup out, character by character

The heavy libraries load only inside the reader that uses them.
"""

from summarizer.reading._clean import CleanText, clean_text
from summarizer.reading._document import (
    MAX_BYTES,
    SourceDocument,
    document_from_bytes,
    document_from_text,
    read_document,
)
from summarizer.reading._kinds import HTML, MARKDOWN

__all__ = [
    "HTML",
    "MARKDOWN",
    "MAX_BYTES",
    "CleanText",
    "SourceDocument",
    "clean_text",
    "document_from_bytes",
    "document_from_text",
    "read_document",
]
