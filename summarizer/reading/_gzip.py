"""A gzip-compressed document (`page.html.gz`), decompressed within the size limit.

The limit holds for what the document decompresses to, not only for the file: a few kilobytes of
gzip can expand to gigabytes, so output is taken a bounded piece at a time and refused one byte past
the limit. The document's kind then comes from its name without `.gz` and from the decompressed bytes.
"""

from __future__ import annotations

import zlib
from pathlib import PurePath

from summarizer.errors import UnreadableInput

GZIP_MAGIC = b"\x1f\x8b"
_GZIP_ONLY = 16 + zlib.MAX_WBITS  # a gzip header and trailer, not a bare zlib stream
_PIECE = 1 << 20


def is_gzip(data: bytes) -> bool:
    return data.startswith(GZIP_MAGIC)


def gunzip(data: bytes, max_bytes: int, name: str | None) -> bytes:
    """The decompressed bytes of every gzip member in `data`; UnreadableInput past `max_bytes`, or for
    data that is damaged or ends early."""
    pieces: list[bytes] = []
    size = 0
    rest = data
    while rest:
        stream = zlib.decompressobj(_GZIP_ONLY)
        pending = rest
        while not stream.eof:
            # At most one byte past the limit each time: enough to know, never the whole expansion.
            try:
                piece = stream.decompress(pending, max_bytes + 1 - size)
            except zlib.error as err:
                raise UnreadableInput(f"is not readable gzip data ({err})", document=name) from None
            pieces.append(piece)
            size += len(piece)
            if size > max_bytes:
                raise UnreadableInput(
                    f"is too large: decompresses to more than the {max_bytes}-byte limit", document=name
                )
            pending = stream.unconsumed_tail
            if not piece and not pending and not stream.eof:
                raise UnreadableInput("gzip data ends early: the file is cut short", document=name)
        # Concatenated files make one valid gzip file; padding zeros after the last member are ignored.
        rest = stream.unused_data if stream.unused_data.strip(b"\0") else b""
    return b"".join(pieces)


def name_inside(name: str | None) -> str | None:
    """The name the decompressed document goes by: `page.html.gz` -> `page.html`."""
    if name is None or PurePath(name).suffix.lower() != ".gz":
        return name
    return name[: -len(".gz")]
