"""No server, no key, a refused key: said at once in one line, not after half a minute of retries."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from typer.testing import CliRunner

from summarizer.cli import app
from tests.batch_support import manifest_lines, write_documents
from tests.conftest import SEED_2

EXIT_FAILED, EXIT_USAGE, EXIT_SOME_FAILED = 1, 2, 3


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def dead_url() -> str:
    """A loopback port nothing listens on: every connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def test_connection_refused_is_a_few_quick_tries_then_one_line() -> None:
    url = dead_url()
    started = time.monotonic()
    code, _, err = run("brief", str(SEED_2), "--base-url", url, "--model", "m", "--api-key", "k")
    elapsed = time.monotonic() - started
    assert code == EXIT_FAILED
    assert err == f"summarizer: error: {SEED_2}: cannot reach the server at {url}/chat/completions\n"
    assert elapsed < 10  # three tries a quarter second apart; the backoff for a 503 took over 30 s


def test_a_batch_stops_when_no_server_answers_and_says_so(tmp_path: Path) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_documents(docs, 12)
    code, _, err = run(
        "batch",
        str(docs),
        "-o",
        str(out),
        "--base-url",
        dead_url(),
        "--model",
        "m",
        "--concurrency",
        "1",
        "-q",
    )
    assert code == EXIT_SOME_FAILED
    rows = manifest_lines(out)
    assert [r["status"] for r in rows].count("failed") == 3
    assert [r["error"] for r in rows].count("NotStarted") == 9
    assert err.startswith("summarizer: stopped: cannot reach the server at ")
    assert err.endswith(": 3 documents in a row found no server; finished briefs are kept\n")


def test_the_default_openai_url_without_a_key_fails_at_once() -> None:
    started = time.monotonic()
    code, _, err = run("brief", str(SEED_2), "--model", "gpt-4o-mini")
    assert code == EXIT_USAGE
    assert err == (
        "summarizer: error: no API key for https://api.openai.com/v1: set OPENAI_API_KEY, "
        "or point OPENAI_BASE_URL (--base-url) at another server\n"
    )
    assert time.monotonic() - started < 5  # no request was tried
