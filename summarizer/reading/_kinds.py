"""Which kind of document this is: by the file name first, then by its first bytes.

A name says what the user meant; the bytes catch stdin and misnamed files. Kinds we know we
cannot read (office files, images, archives) are refused by name, not decoded as noise. A gzip file is
one compressed document (`page.html.gz`) and is decompressed first (`summarizer.reading._gzip`); a
compressed archive (`.tgz`, `.tar.gz`) is refused.
"""

from __future__ import annotations

from pathlib import PurePath

from summarizer.errors import UnsupportedInput

PLAIN = "text/plain"
MARKDOWN = "text/markdown"
HTML = "text/html"
PDF = "application/pdf"

SUPPORTED = "plain text, Markdown, HTML or PDF"

_BY_SUFFIX = {
    ".txt": PLAIN, ".text": PLAIN,
    ".md": MARKDOWN, ".markdown": MARKDOWN, ".mdown": MARKDOWN, ".mkd": MARKDOWN,
    ".html": HTML, ".htm": HTML, ".xhtml": HTML,
    ".pdf": PDF,
}  # fmt: skip
_UNSUPPORTED_SUFFIXES = frozenset({
    ".doc", ".docx", ".odt", ".rtf", ".pages", ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp", ".key",
    ".epub", ".mobi", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".heic", ".svg",
    ".mp3", ".wav", ".mp4", ".mov", ".avi", ".zip", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar",
    ".exe", ".dll", ".so", ".bin", ".dmg", ".iso",
})  # fmt: skip
_MAGIC = (
    (b"%PDF-", PDF),
    (b"PK\x03\x04", "a ZIP archive (or an office file such as .docx)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
)
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")


def detect_media_type(data: bytes, name: str | None, *, named_as: str | None = None) -> str:
    """The media type to read `data` as; UnsupportedInput for kinds no reader handles. The kind comes
    from `named_as` when given (a decompressed file's name without `.gz`); errors name `name`."""
    suffix = refuse_unsupported_name(named_as or name, name)
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            if kind == PDF:
                return PDF
            raise UnsupportedInput(f"this is {kind}, which is not supported; give {SUPPORTED}", document=name)
    return _BY_SUFFIX.get(suffix) or (HTML if _looks_like_html(data) else PLAIN)


def refuse_unsupported_name(named_as: str | None, name: str | None) -> str:
    """The lower-cased suffix of `named_as`; UnsupportedInput, naming `name`, for a kind we cannot read."""
    suffix = PurePath(named_as).suffix.lower() if named_as else ""
    if suffix in _UNSUPPORTED_SUFFIXES:
        raise UnsupportedInput(f"{suffix} files are not supported; give {SUPPORTED}", document=name)
    return suffix


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    # An XML prolog alone could be any XML; it counts only when an <html> element follows.
    return head.startswith(_HTML_STARTS) and (
        head.startswith(b"<!doctype html") or b"<html" in data[:4096].lower()
    )
