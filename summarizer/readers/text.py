"""Plain text and Markdown: the reference text is the decoded file itself.

Markdown markup stays in the reference text (it is what the user has); `summarizer.clean`
strips it from what the model sees and keeps the offset map.
"""

from __future__ import annotations

from summarizer.readers import ReadText
from summarizer.readers.encoding import decode_bytes


def read_text(data: bytes, *, name: str | None, media_type: str) -> ReadText:
    decoded = decode_bytes(data, name=name)
    return ReadText(decoded.text, media_type, encoding_metadata(decoded.encoding, decoded.repair))


def encoding_metadata(encoding: str, repair: str | None) -> dict[str, str]:
    metadata = {"encoding": encoding}
    if repair:
        metadata["repaired"] = f"mojibake ({repair})"
    return metadata
