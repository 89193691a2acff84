"""Batch on shared or odd folders: one run per output folder, no paying twice, nothing read it should not."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from summarizer.cli import app
from tests.batch_support import MODEL, calls_for, manifest_lines, write_documents
from tests.fault_server import FaultServer

runner = CliRunner()
HOLD_THE_LOCK = """
import sys, time
from pathlib import Path
from summarizer.batch._lock import OutputLock
with OutputLock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def batch(server: FaultServer, sources: list[Path], out: Path, *extra: str) -> tuple[int, str]:
    args = ["batch", *map(str, sources), "-o", str(out), "--model", MODEL, "--base-url", server.base_url]
    result = runner.invoke(app, [*args, "-q", *extra])
    return result.exit_code, result.output


def hold_lock(out: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(out), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_markdown_only_runs_are_cached_too(fault_server: FaultServer, tmp_path: Path) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_documents(docs, 3)
    assert batch(fault_server, [docs], out, "--format", "md")[0] == 0
    calls = fault_server.log.calls
    assert batch(fault_server, [docs], out, "--format", "md")[0] == 0
    assert fault_server.log.calls == calls  # nothing paid twice
    assert [r["status"] for r in manifest_lines(out)] == ["ok"] * 3


def test_a_second_batch_on_the_same_output_says_who_holds_it(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_documents(docs, 2)
    holder = hold_lock(out, 60)
    try:
        code, output = batch(fault_server, [docs], out)
        assert code == 2
        assert f"{out} is in use by another batch (pid {holder.pid} on " in output
        assert output.count("\n") == 1 and fault_server.log.calls == 0
    finally:
        holder.send_signal(signal.SIGKILL)  # killed, as a crashed run would be
        holder.wait()
    code, _ = batch(fault_server, [docs], out)  # its stale lock is taken over
    assert code == 0 and fault_server.log.calls > 0


def test_wait_waits_for_the_other_batch(fault_server: FaultServer, tmp_path: Path) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_documents(docs, 1)
    holder = hold_lock(out, 1.0)
    started = time.monotonic()
    code, output = batch(fault_server, [docs], out, "--wait")
    assert code == 0 and "waiting for another batch" in output
    assert time.monotonic() - started > 0.5 and holder.wait() == 0


def test_an_earlier_runs_output_is_not_taken_for_input(fault_server: FaultServer, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_documents(docs, 2)
    assert batch(fault_server, [docs], tmp_path / "first", "--format", "both")[0] == 0
    assert batch(fault_server, [tmp_path], tmp_path.parent / f"{tmp_path.name}-second")[0] == 0
    second = manifest_lines(tmp_path.parent / f"{tmp_path.name}-second")
    assert sorted(r["path"] for r in second) == ["docs/g0/doc000.txt", "docs/g1/doc001.txt"]


def test_symlinks_out_of_the_input_folder_are_not_followed_unless_asked(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    docs, secret = tmp_path / "docs", tmp_path / "private" / "secret.txt"
    write_documents(docs, 1)
    secret.parent.mkdir()
    secret.write_text("Private notes\n\nThe safe code is 4711, the treasurer said.\n")
    (docs / "notes.txt").symlink_to(secret)
    (docs / "elsewhere").symlink_to(secret.parent, target_is_directory=True)
    (docs / "same.txt").symlink_to(docs / "g0" / "doc000.txt")  # inside: fine, counted once
    assert batch(fault_server, [docs], tmp_path / "out")[0] == 0
    rows = manifest_lines(tmp_path / "out")
    assert len(rows) == 1 and rows[0]["path"] in ("same.txt", "g0/doc000.txt")  # one file, two names
    assert calls_for(fault_server, secret.read_text()) == 0
    assert batch(fault_server, [docs], tmp_path / "out2", "--follow-symlinks")[0] == 0
    assert calls_for(fault_server, secret.read_text()) > 0


def test_an_output_that_is_a_file_is_refused_before_any_call(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_documents(docs, 1)
    out.write_text("not a folder")
    code, output = batch(fault_server, [docs], out)
    assert code == 2 and output == f"summarizer: error: {out}: is a file; give a folder for the briefs\n"
    assert fault_server.log.calls == 0 and os.path.isfile(out)


def test_file_names_cannot_write_to_the_terminal(fault_server: FaultServer, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_documents(docs, 1)
    (docs / "x\x1b[2J\nfake ok line.txt").write_text("")  # clears the screen, forges a progress line
    args = [
        "batch",
        str(docs),
        "-o",
        str(tmp_path / "out"),
        "--model",
        MODEL,
        "--base-url",
        fault_server.base_url,
    ]
    output = runner.invoke(app, args).output
    assert "\x1b[2J" not in output and "\nfake ok line" not in output
    assert "failed x\\x1b[2J\\nfake ok line.txt: EmptyInput" in output
