"""Bytes from a path or stdin, refused early when they cannot be a document.

Every read is bounded: a regular file by its size before it is opened; stdin, pipes (FIFOs, `<(cmd)`)
and anything else that streams are read in chunks and refused one byte past the limit, so `/dev/zero`
or a runaway command never fills memory. Devices are refused outright (`/dev/zero` never ends, a disk
is no document), and a pipe that nobody writes to is refused after a wait instead of hanging silently.
"""

from __future__ import annotations

import os
import select
import stat
import sys
from pathlib import Path

from summarizer.errors import UnreadableInput

CHUNK = 1 << 20
# How long a pipe may stay silent: no writer yet, or a writer that stopped without closing it.
PIPE_TIMEOUT_S = 30.0


def read_file_bytes(path: Path, max_bytes: int, *, pipe_timeout_s: float | None = None) -> bytes:
    name = str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableInput("is a directory; give a file (or use batch for folders)", document=name)
        if stat.S_ISREG(info.st_mode):
            # Checked before reading so a huge file is never loaded into memory.
            _check_size(info.st_size, max_bytes, name)
            with path.open("rb") as handle:
                return _bounded(handle.read(max_bytes + 1), max_bytes, name)
        if stat.S_ISFIFO(info.st_mode) or stat.S_ISSOCK(info.st_mode):
            return _read_pipe(
                path, max_bytes, name, PIPE_TIMEOUT_S if pipe_timeout_s is None else pipe_timeout_s
            )
        raise UnreadableInput(_special_kind(info.st_mode) + ", not a document", document=name)
    except FileNotFoundError:
        raise UnreadableInput("no such file", document=name) from None
    except PermissionError:
        raise UnreadableInput("permission denied", document=name) from None
    except IsADirectoryError:
        raise UnreadableInput("is a directory; give a file", document=name) from None
    except OSError as err:
        raise UnreadableInput(f"cannot read: {err.strerror or err}", document=name) from None


def read_stdin_bytes(max_bytes: int, name: str) -> bytes:
    if sys.stdin.isatty():
        print("summarizer: reading the document from the terminal; end it with Ctrl-D", file=sys.stderr)
    stream = sys.stdin.buffer
    chunks, size = [], 0
    # In chunks: one byte past the limit is enough to know the input is too large, without reading it all.
    while size <= max_bytes and (chunk := stream.read(min(CHUNK, max_bytes + 1 - size))):
        chunks.append(chunk)
        size += len(chunk)
    return _bounded(b"".join(chunks), max_bytes, name)


def _read_pipe(path: Path, max_bytes: int, name: str, timeout_s: float) -> bytes:
    # Non-blocking, so opening a FIFO with no writer returns at once instead of blocking forever;
    # poll then waits for a writer's data or its end, up to the timeout.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        chunks, size = [], 0
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLHUP)
        while size <= max_bytes:
            if not poller.poll(timeout_s * 1000):
                what = "nothing was written to this pipe" if not size else "the pipe stopped sending"
                raise UnreadableInput(f"{what} for {timeout_s:g} s; is its writer running?", document=name)
            try:
                chunk = os.read(fd, min(CHUNK, max_bytes + 1 - size))
            except BlockingIOError:
                continue
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return _bounded(b"".join(chunks), max_bytes, name)
    finally:
        os.close(fd)


def _special_kind(mode: int) -> str:
    if stat.S_ISCHR(mode):
        return "is a character device (such as /dev/zero or a terminal)"
    if stat.S_ISBLK(mode):
        return "is a block device"
    return "is a special file"


def _bounded(data: bytes, max_bytes: int, name: str) -> bytes:
    if len(data) > max_bytes:
        raise UnreadableInput(f"is too large: more than the {max_bytes}-byte limit", document=name)
    return data


def _check_size(size: int, max_bytes: int, name: str) -> None:
    if size > max_bytes:
        raise UnreadableInput(f"is too large: {size} bytes, over the {max_bytes}-byte limit", document=name)
