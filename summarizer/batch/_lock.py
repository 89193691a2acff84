"""One batch per output folder at a time.

Two runs writing one folder would both pay for every document and lose manifest rows, so a batch
holds an exclusive lock on `<output>/.summarizer.batch._lock` while it runs. The lock is an `flock` on that
file, which the kernel drops when its process ends however it ends, so a run that was killed leaves
no lock behind: the next run simply takes it. The file's text (pid, host, start time) is only there
to say who holds the lock; it is rewritten by every holder.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import socket
import sys
import time
from pathlib import Path
from types import TracebackType

from summarizer.errors import OutputLocked

LOCK_NAME = ".summarizer.batch._lock"
_POLL_S = 0.2


class OutputLock:
    """`with OutputLock(folder, wait=False):` holds the folder's lock, or raises `OutputLocked`."""

    def __init__(self, folder: Path, *, wait: bool = False) -> None:
        self.path = Path(folder) / LOCK_NAME
        self.wait = wait
        self._fd: int | None = None

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()

    def acquire(self) -> None:
        if sys.platform == "win32":  # no flock; one run at a time is the user's to keep
            return
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as err:
                if err.errno not in (errno.EAGAIN, errno.EACCES):
                    os.close(fd)
                    raise
            if not self.wait:
                holder = _holder(fd)
                os.close(fd)
                raise OutputLocked(
                    f"{self.path.parent} is in use by another batch ({holder}); "
                    "wait for it to finish, or pass --wait"
                )
            if not told:
                print(
                    f"summarizer: waiting for another batch on {self.path.parent} ({_holder(fd)})",
                    file=sys.stderr,
                )
                told = True
            time.sleep(_POLL_S)
        self._fd = fd
        _write_holder(fd)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock; the file stays, empty of meaning
            self._fd = None


def _holder(fd: int) -> str:
    text = os.pread(fd, 500, 0).decode("utf-8", "replace").strip()
    return text or "a run that has not said who it is yet"


def _write_holder(fd: int) -> None:
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    text = f"pid {os.getpid()} on {socket.gethostname()}, started {started}\n".encode()
    os.ftruncate(fd, 0)
    os.pwrite(fd, text, 0)
