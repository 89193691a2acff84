"""Bytes from a path or stdin, refused early when they cannot be a document."""

from __future__ import annotations

import sys
from pathlib import Path

from summarizer.errors import UnreadableInput


def read_file_bytes(path: Path, max_bytes: int) -> bytes:
    name = str(path)
    if path.is_dir():
        raise UnreadableInput("is a directory; give a file (or use batch for folders)", document=name)
    try:
        # Checked before reading so a huge file is never loaded into memory.
        _check_size(path.stat().st_size, max_bytes, name)
        with path.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise UnreadableInput("no such file", document=name) from None
    except PermissionError:
        raise UnreadableInput("permission denied", document=name) from None
    except IsADirectoryError:
        raise UnreadableInput("is a directory; give a file", document=name) from None
    except OSError as err:
        raise UnreadableInput(f"cannot read: {err.strerror or err}", document=name) from None


def read_stdin_bytes(max_bytes: int, name: str) -> bytes:
    # One byte past the limit is enough to know the input is too large, without reading it all.
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UnreadableInput(f"is too large: more than the {max_bytes}-byte limit", document=name)
    return data


def _check_size(size: int, max_bytes: int, name: str) -> None:
    if size > max_bytes:
        raise UnreadableInput(f"is too large: {size} bytes, over the {max_bytes}-byte limit", document=name)
