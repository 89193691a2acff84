"""Plain text and Markdown: the reference text is the decoded file itself.

Markdown markup stays in the reference text (it is what the user has); `summarizer.reading._clean`
strips it from what the model sees and keeps the offset map.
"""

from __future__ import annotations

from summarizer.reading._encoding import decode_bytes
from summarizer.reading._read_text import ReadText


def read_text(data: bytes, *, name: str | None, media_type: str) -> ReadText:
    decoded = decode_bytes(data, name=name)
    return ReadText(decoded.text, media_type, encoding_metadata(decoded.encoding, decoded.repair))


def encoding_metadata(encoding: str, repair: str | None) -> dict[str, str]:
    metadata = {"encoding": encoding}
    if repair:
        metadata["repaired"] = f"mojibake ({repair})"
    return metadata
