"""Bytes to text: the document as the user has it, decoded, with a clear error when it is not text.

The decoded text is the reference every span points into, so nothing here rewrites it
(no newline or Unicode normalization); the only change is dropping a byte-order mark.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.errors import BinaryInput, EmptyInput, UnreadableInput

MAX_BYTES = 20 * 1024 * 1024
STDIN_NAME = "-"

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


@dataclass(frozen=True)
class SourceDocument:
    """A decoded document. `text` is what spans index into."""

    name: str | None
    text: str
    sha256: str
    media_type: str = "text/plain"
    metadata: dict[str, str] = field(default_factory=dict)


def read_document(path: str | Path, *, max_bytes: int = MAX_BYTES) -> SourceDocument:
    """Read a file, or stdin when `path` is "-"."""
    name = str(path)
    data = sys.stdin.buffer.read() if name == STDIN_NAME else _read_file_bytes(Path(path), max_bytes)
    return document_from_bytes(data, name=name)


def document_from_text(text: str, *, name: str | None = None) -> SourceDocument:
    if not text.strip():
        raise EmptyInput("the document is empty", document=name)
    return SourceDocument(name=name, text=text, sha256=hashlib.sha256(text.encode()).hexdigest())


def document_from_bytes(data: bytes, *, name: str | None) -> SourceDocument:
    text = decode_text(data, name=name)
    if not text.strip():
        raise EmptyInput("the document is empty or only whitespace", document=name)
    return SourceDocument(name=name, text=text, sha256=hashlib.sha256(data).hexdigest())


def decode_text(data: bytes, *, name: str | None) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; NUL bytes mean binary."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_or_binary(data[len(bom) :], encoding, name)
    if b"\x00" in data[:8192]:
        raise BinaryInput("this is a binary file, not text", document=name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_or_binary(data, "cp1252", name)


def _decode_or_binary(data: bytes, encoding: str, name: str | None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise BinaryInput(f"the bytes are not valid {encoding} text", document=name) from None


def _read_file_bytes(path: Path, max_bytes: int) -> bytes:
    name = str(path)
    if path.is_dir():
        raise UnreadableInput("is a directory; give a file (or use batch for folders)", document=name)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UnreadableInput(f"is {size} bytes, over the {max_bytes}-byte limit", document=name)
        return path.read_bytes()
    except FileNotFoundError:
        raise UnreadableInput("no such file", document=name) from None
    except PermissionError:
        raise UnreadableInput("permission denied", document=name) from None
    except OSError as err:
        raise UnreadableInput(f"cannot read: {err.strerror or err}", document=name) from None
