"""`summarizer batch`: exit codes, output, and surviving SIGKILL and Ctrl-C in a real subprocess."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.brief import Brief
from summarizer.cli import app
from tests.batch_support import MODEL, calls_for, manifest_lines, write_documents
from tests.fault_server import FaultServer

runner = CliRunner()


def cli_args(server: FaultServer, docs: Path, out: Path, *extra: str) -> list[str]:
    """The command line of a batch against the fault server (the key comes from the environment)."""
    return ["batch", str(docs), "-o", str(out), "--model", MODEL, "--base-url", server.base_url, *extra]


def test_exit_0_when_all_ok_and_plain_progress_with_a_closing_table(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    write_documents(tmp_path / "docs", 3)
    result = runner.invoke(
        app, cli_args(fault_server, tmp_path / "docs", tmp_path / "out", "--format", "both")
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "3 documents" and sum(line.startswith("[") for line in lines) == 3
    assert any(line.startswith("[3/3] ok g") for line in lines)
    assert "estimated cost" in result.output and "wall time" in result.output
    assert (tmp_path / "out" / "g1" / "doc001.txt.md").is_file()
    rerun = runner.invoke(app, cli_args(fault_server, tmp_path / "docs", tmp_path / "out", "--quiet"))
    assert rerun.exit_code == 0 and rerun.output == ""


def test_exit_3_when_some_documents_failed_and_the_rest_are_written(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    write_documents(docs, 2)
    (docs / "bad.txt").write_text("Bad one\n\nAlways cut off [[fault:truncated]].\n")
    result = runner.invoke(app, cli_args(fault_server, docs, tmp_path / "out"))
    assert result.exit_code == 3, result.output
    assert "failed bad.txt: OutputTruncated" in result.output
    assert len(list((tmp_path / "out").rglob("*.json"))) == 2


def test_bad_inputs_are_failed_rows_with_their_reason_never_a_crash(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    write_documents(docs, 2)
    (docs / "empty.txt").write_text("   \n")
    (docs / "blob.bin").write_bytes(b"\x00\x01\x02binary" * 50)
    (docs / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    result = runner.invoke(app, cli_args(fault_server, docs, tmp_path / "out"))
    assert result.exit_code == 3, result.output
    rows = {row["path"]: row for row in manifest_lines(tmp_path / "out")}
    assert {path: row["status"] for path, row in rows.items() if row["status"] != "ok"} == {
        "empty.txt": "failed", "blob.bin": "failed", "photo.png": "failed",
    }  # fmt: skip
    assert rows["empty.txt"]["error"] == "EmptyInput" and rows["empty.txt"]["message"]
    assert {rows["blob.bin"]["error"], rows["photo.png"]["error"]} <= {"BinaryInput", "UnsupportedInput"}
    assert sum(row["status"] == "ok" for row in rows.values()) == 2


@pytest.mark.parametrize(
    "extra",
    [
        ["--price", "nonsense"],
        ["--max-cost", "1"],  # no price known for the model
        ["--concurrency", "0"],
    ],
)
def test_exit_2_for_usage_and_configuration_errors(
    fault_server: FaultServer, tmp_path: Path, extra: list[str]
) -> None:
    write_documents(tmp_path / "docs", 1)
    result = runner.invoke(app, cli_args(fault_server, tmp_path / "docs", tmp_path / "out", *extra))
    assert result.exit_code == 2, result.output
    assert fault_server.log.calls == 0


def test_exit_2_without_a_model_or_for_a_missing_input(tmp_path: Path) -> None:
    write_documents(tmp_path / "docs", 1)
    no_model = runner.invoke(app, ["batch", str(tmp_path / "docs"), "-o", str(tmp_path / "out")])
    assert no_model.exit_code == 2 and "no model configured" in no_model.output
    args = ["batch", str(tmp_path / "nope"), "-o", str(tmp_path / "o"), "--model", "m"]
    missing = runner.invoke(app, args, env={"OPENAI_API_KEY": "k"})
    assert missing.exit_code == 2 and "no such file, folder or matching glob" in missing.output


# -- interrupted runs, in a subprocess ------------------------------------------------------------


def start_batch(server: FaultServer, docs: Path, out: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from summarizer.cli import main; main()", *cli_args(server, docs, out)]
    env = {**os.environ, "OPENAI_API_KEY": "test-key", "PYTHONPATH": str(Path(__file__).parent.parent)}
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_for_rows(out: Path, count: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    manifest = out / "manifest.jsonl"
    while time.monotonic() < deadline and process.poll() is None:
        if manifest.exists() and manifest.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.02)
    raise AssertionError("the batch did not get going")


def assert_consistent(out: Path) -> dict[str, dict[str, object]]:
    """No torn brief, no temp file left for the reader to trip on, and rows that parse (but a torn last)."""
    for brief in out.rglob("*.txt.json"):
        Brief.model_validate_json(brief.read_text())
    lines = (out / "manifest.jsonl").read_bytes().splitlines()
    rows = {}
    for n, line in enumerate(lines):
        try:
            row = json.loads(line)
        except ValueError:
            assert n == len(lines) - 1, "only the last line may be torn"
            continue
        rows[row["path"]] = row
        if row["status"] == "ok":
            assert (out / f"{row['path']}.json").is_file()
    return rows


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_a_killed_or_interrupted_batch_resumes_without_paying_twice(
    fault_server: FaultServer, tmp_path: Path, sig: signal.Signals
) -> None:
    fault_server.plan.latency = 0.1
    docs, out = tmp_path / "docs", tmp_path / "out"
    texts = write_documents(docs, 40)
    process = start_batch(fault_server, docs, out)
    wait_for_rows(out, 8, process)
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=30)
    if sig == signal.SIGINT:
        # Ctrl-C: a clean stop with its own exit code, the table, and a compacted manifest.
        assert process.returncode == 130, stderr.decode()
        assert b"not done; run again to finish" in stderr
        assert len(manifest_lines(out)) == len({r["path"] for r in manifest_lines(out)})
    else:
        assert process.returncode == -signal.SIGKILL
    rows = assert_consistent(out)
    done = {path for path, row in rows.items() if row["status"] == "ok"}
    assert 8 <= len(done) < 40
    calls_before = {path: calls_for(fault_server, texts[path]) for path in done}

    rerun = start_batch(fault_server, docs, out)
    _, stderr = rerun.communicate(timeout=60)
    assert rerun.returncode == 0, stderr.decode()
    rows = assert_consistent(out)
    assert sorted(rows) == sorted(texts) and all(row["status"] == "ok" for row in rows.values())
    assert {path: calls_for(fault_server, texts[path]) for path in done} == calls_before
    assert not list(out.rglob("*.tmp"))
