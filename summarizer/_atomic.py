"""Atomic writes: a temp file in the same folder, then a rename. A crash never leaves half a file.

Written files get the mode a plain `open()` would give them (0o666 less the umask): the temp file
`mkstemp` makes is private (0o600), and a rename would otherwise carry that over to every brief.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from summarizer.errors import UnwritableOutput


def write_text_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json_atomic(path: Path, data: Any) -> None:
    write_text_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def check_writable_file(path: Path, *, not_to_replace: Path | None = None) -> None:
    """Refuse, before any work is paid for, an output path that cannot take a file, or that is the
    file `not_to_replace` (the input: `-o` pointing at it would overwrite the document with its brief)."""
    if path.is_dir():
        raise UnwritableOutput(f"{path}: is a directory; give a file name for the output")
    if not_to_replace is not None and _same_file(path, not_to_replace):
        raise UnwritableOutput(f"{path}: is the input document; writing the output there would replace it")
    check_writable_folder(path.parent, creating=path.name)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # either does not exist (yet)
        return False


def check_writable_folder(folder: Path, *, creating: str | None = None) -> None:
    """The folder, or the nearest part of it that exists, must be a folder this process may write in."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    what = f"cannot write {creating} in {folder}" if creating else f"cannot write in {folder}"
    if folder.exists() and not folder.is_dir():
        raise UnwritableOutput(f"{folder}: is a file; give a folder")
    if not existing.is_dir():
        raise UnwritableOutput(f"{what}: {existing} is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UnwritableOutput(f"{what}: permission denied on {existing}")


def _read_umask() -> int:
    # The umask can only be read by setting it; set it straight back. Done once, at import, because
    # between the two calls another thread's file would be created with no umask at all.
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
