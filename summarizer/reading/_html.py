"""Web pages: the article's main text and its metadata, through trafilatura.

The reference text is trafilatura's plain-text output, not the HTML: spans point into the article
as a reader sees it. Options were tuned on bench/extraction.py (favor_precision keeps related-article
lists and newsletter boxes out at almost no cost in recall).
"""

from __future__ import annotations

import re
from typing import Any

from summarizer.errors import NoArticleFound, UnreadableInput
from summarizer.reading._encoding import DecodedText, decode_bytes, repair_mojibake
from summarizer.reading._kinds import HTML
from summarizer.reading._read_text import ReadText
from summarizer.reading._text import encoding_metadata

EXTRACT_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "deduplicate": False,
}
_METADATA_FIELDS = ("title", "author", "date", "url", "sitename")
# A long news page has a few tens of thousands of tags; at this many, extraction takes about 10 s.
MAX_HTML_TAGS = 100_000
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def read_html(data: bytes, *, name: str | None) -> ReadText:
    _require_extractable_size(data, name)
    decoded = decode_html(data, name=name)
    page = _extract(decoded.text, name)
    text = (page.text or "") if page is not None else ""
    if not text.strip():
        raise NoArticleFound(
            "no article found in this web page (only menus, banners or links)", document=name
        )
    metadata = encoding_metadata(decoded.encoding, decoded.repair)
    metadata.update(_page_metadata(page))
    return ReadText(text, HTML, metadata)


def decode_html(data: bytes, *, name: str | None) -> DecodedText:
    """A charset the page declares wins over guessing, unless the bytes are plainly UTF-8 or have a BOM."""
    declared = _declared_codec(data)
    if declared is None or declared == "utf-8" or _is_utf8(data):
        return decode_bytes(data, name=name)
    text, repair = repair_mojibake(data.decode(declared, errors="replace"))
    return DecodedText(text, f"{declared} (declared)", repair)


def _extract(html: str, name: str | None) -> Any:
    import trafilatura

    try:
        return trafilatura.bare_extraction(html, with_metadata=True, **EXTRACT_OPTIONS)
    except Exception as err:  # lxml and trafilatura fail in many ways on broken markup; all mean this
        raise UnreadableInput(f"cannot parse this web page: {err}", document=name) from None


def _require_extractable_size(data: bytes, name: str | None) -> None:
    """trafilatura's time grows faster than the page (40,000 paragraphs: 7 s; 200,000: 110 s), so a
    page with more tags than any article needs is refused at once rather than left to run for minutes."""
    tags = data.count(b"<")
    if tags > MAX_HTML_TAGS:
        raise UnreadableInput(
            f"too many HTML tags to find the article in reasonable time ({tags:,}; the limit is "
            f"{MAX_HTML_TAGS:,}): save the article's text and summarize that",
            document=name,
        )


def _page_metadata(page: Any) -> dict[str, str]:
    values = {key: getattr(page, key, None) for key in _METADATA_FIELDS}
    return {key: " ".join(str(value).split()) for key, value in values.items() if value}


def _declared_codec(data: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(data[:4096])
    if match is None:
        return None
    import codecs

    try:
        return codecs.lookup(match[1].decode("ascii")).name
    except LookupError:
        return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
