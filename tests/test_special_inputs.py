"""Devices, pipes, process substitution: read within bounds, or refused in one line."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.errors import UnreadableInput
from summarizer.reading import _files as files
from summarizer.reading._document import read_document

EXIT_USAGE = 2
ARTICLE = b"The council approved the plan on Monday, officials said.\n"
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX devices and FIFOs")


def extract(path: Path | str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["extract", str(path)])
    return result.exit_code, result.stderr


def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def write_in_background(path: Path, data: bytes, *, forever: bool = False) -> threading.Thread:
    def write() -> None:
        try:
            with path.open("wb") as pipe:
                pipe.write(data)
                while forever:
                    pipe.write(data)
        except BrokenPipeError:  # the reader refused the rest: what it should do
            pass

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


@pytest.mark.timeout(30)
def test_a_device_that_never_ends_is_refused_in_one_line() -> None:
    code, stderr = extract("/dev/zero")
    assert code == EXIT_USAGE
    device = "is a character device (such as /dev/zero or a terminal), not a document"
    assert stderr == f"summarizer: error: /dev/zero: {device}\n"


@pytest.mark.timeout(30)
def test_a_pipe_that_never_ends_is_refused_past_the_limit(tmp_path: Path) -> None:
    path = fifo(tmp_path)
    write_in_background(path, ARTICLE * 1000, forever=True)
    with pytest.raises(UnreadableInput, match="too large: more than the 100000-byte limit"):
        read_document(path, max_bytes=100_000)


@pytest.mark.timeout(30)
def test_a_pipe_is_read_to_its_end(tmp_path: Path) -> None:
    path = fifo(tmp_path)
    write_in_background(path, ARTICLE * 3)
    assert read_document(path).text == (ARTICLE * 3).decode()


@pytest.mark.timeout(30)
def test_a_pipe_nobody_writes_to_is_refused_after_a_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "PIPE_TIMEOUT_S", 0.2)
    path = fifo(tmp_path)
    code, stderr = extract(path)
    assert code == EXIT_USAGE
    assert stderr == (
        f"summarizer: error: {path}: nothing was written to this pipe for 0.2 s; is its writer running?\n"
    )


@pytest.mark.timeout(60)
def test_process_substitution_is_bounded_too(tmp_path: Path) -> None:
    """`summarizer extract <(yes)`: the shell hands over /dev/fd/N, a pipe that never ends."""
    script = f"exec {Path(sys.executable).parent / 'summarizer'} extract <(yes 'A line of text.')"
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=50, cwd=tmp_path)
    assert done.returncode == EXIT_USAGE
    assert done.stderr.endswith("is too large: more than the 20971520-byte limit\n")
    assert done.stderr.count("\n") == 1, done.stderr


@pytest.mark.timeout(60)
def test_a_web_page_too_big_to_extract_in_time_is_refused_at_once(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><article>" + "<p>The council met.</p>" * 60_000 + "</article></body></html>")
    code, stderr = extract(page)  # tens of seconds before: extraction time grows faster than the page
    assert code == EXIT_USAGE
    assert stderr.startswith(f"summarizer: error: {page}: too many HTML tags to find the article")
    assert stderr.count("\n") == 1
