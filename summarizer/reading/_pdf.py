"""PDFs: the text layer, page by page, through pypdf (the optional `summarizer[pdf]` extra).

The reference text is each page's text followed by a form feed, the page-break convention of
pdftotext: a span's page is one plus the form feeds before it, and `page_starts` records where
each page begins. A PDF with no text on any page is a scan and needs OCR, which is out of scope.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from summarizer.errors import NoTextLayer, UnreadableInput, UnsupportedInput
from summarizer.reading._kinds import PDF
from summarizer.reading._read_text import PAGE_BREAK, ReadText, page_starts

# pypdf logs what it repairs in a damaged file (WARNING, on stderr through logging's last resort);
# the outcome reaches the user as one line, or as the text it could read, so its log stays quiet.
logging.getLogger("pypdf").addHandler(logging.NullHandler())
logging.getLogger("pypdf").propagate = False


def read_pdf(data: bytes, *, name: str | None) -> ReadText:
    reader = _open(data, name)
    pages = [_page_text(page, name) for page in _pages(reader, name)]
    if not any(page.strip() for page in pages):
        raise NoTextLayer(
            f"no text layer in its {len(pages)} page(s): a scanned PDF needs OCR first", document=name
        )
    text = "".join(page + PAGE_BREAK for page in pages)
    return ReadText(text, PDF, {"pages": str(len(pages)), **_info(reader)}, page_starts(text))


def _open(data: bytes, name: str | None) -> Any:
    try:
        import pypdf
    except ImportError:
        raise UnsupportedInput(
            "reading PDF needs the pdf extra: pip install 'summarizer[pdf]'", document=name
        ) from None
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableInput("the PDF is password-protected", document=name)
        return reader
    except UnreadableInput:
        raise
    except Exception as err:  # pypdf raises many kinds for damaged files; all mean the same here
        raise UnreadableInput(f"not a readable PDF: {err}", document=name) from None


def _pages(reader: Any, name: str | None) -> list[Any]:
    try:
        return list(reader.pages)  # the page tree is read here, and a damaged one fails here
    except Exception as err:
        raise UnreadableInput(f"not a readable PDF: {err}", document=name) from None


def _page_text(page: Any, name: str | None) -> str:
    try:
        text: str = page.extract_text() or ""
    except Exception as err:
        raise UnreadableInput(f"cannot read the text of a PDF page: {err}", document=name) from None
    # A form feed inside a page would be taken for a page break.
    return text.replace(PAGE_BREAK, "\n")


def _info(reader: Any) -> dict[str, str]:
    info = reader.metadata or {}
    found = {"title": info.get("/Title"), "author": info.get("/Author")}
    return {key: " ".join(str(value).split()) for key, value in found.items() if value}
