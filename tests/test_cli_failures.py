"""The command fails early and in one line: bad output paths before the paid call, bad recordings, keys."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from tests.conftest import RECORDINGS, SEED_2
from tests.fault_server import FaultServer

SEEDS = RECORDINGS / "seeds"
EXIT_USAGE = 2


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def one_line_error(stderr: str) -> str:
    assert stderr.startswith("summarizer: error: ") and stderr.count("\n") == 1, stderr
    return stderr


def test_output_that_is_a_directory_is_refused_before_the_call(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    code, _, err = run(
        "brief", str(SEED_2), "-o", str(tmp_path), "--base-url", fault_server.base_url, "--model", "m"
    )
    assert code == EXIT_USAGE
    assert (
        one_line_error(err)
        == f"summarizer: error: {tmp_path}: is a directory; give a file name for the output\n"
    )
    assert fault_server.log.calls == 0  # nothing paid for


def test_output_in_a_folder_without_write_permission_is_refused_before_the_call(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    code, _, err = run(
        "brief", str(SEED_2), "-o", str(locked / "b.json"), "--base-url", fault_server.base_url
    )
    assert code == EXIT_USAGE and "permission denied" in one_line_error(err)
    assert fault_server.log.calls == 0


def test_output_under_a_file_is_refused_before_the_call(fault_server: FaultServer, tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    target = a_file / "sub" / "brief.json"
    code, _, err = run(
        "brief", str(SEED_2), "-o", str(target), "--base-url", fault_server.base_url, "--model", "m"
    )
    assert code == EXIT_USAGE and f"{a_file} is not a folder" in one_line_error(err)
    assert fault_server.log.calls == 0


def test_briefs_are_written_with_the_umask_not_private(tmp_path: Path) -> None:
    target = tmp_path / "brief.json"
    code, _, err = run("brief", str(SEED_2), "--replay", str(SEEDS), "-o", str(target))
    assert code == 0, err
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not a recording (corrupt JSON"),
        ("[1, 2]", "not a recording of this tool (not a JSON object)"),
        (
            json.dumps({"responses": [{"body": {}}]}),
            "not a recording of this tool (a response without a status",
        ),
        (json.dumps({"hello": "world"}), "not a recording of this tool (no list of responses)"),
        (
            json.dumps({"responses": [{"status": 200, "body": {}}]}),
            "not a recording of this tool (no request key of 24 hex digits)",
        ),
    ],
)
def test_a_corrupt_or_foreign_recording_is_one_line_naming_it(
    tmp_path: Path, content: str, problem: str
) -> None:
    recordings = tmp_path / "recordings"
    shutil.copytree(SEEDS, recordings)
    victim = sorted(recordings.glob("*.json"))[0]
    victim.write_text(content)
    code, _, err = run("brief", str(SEED_2), "--replay", str(recordings), "--model", "qwen2.5-coder-1.5b")
    assert code == EXIT_USAGE
    assert one_line_error(err).startswith(f"summarizer: error: {victim}: {problem}")


def test_replay_given_a_file_says_it_is_not_a_directory(tmp_path: Path) -> None:
    a_file = sorted(SEEDS.glob("*.json"))[0]
    code, _, err = run("brief", str(SEED_2), "--replay", str(a_file))
    assert code == EXIT_USAGE
    assert "is a file, not a directory of recordings" in one_line_error(err)


def test_output_onto_the_input_document_is_refused(tmp_path: Path) -> None:
    document = tmp_path / "article.txt"
    shutil.copy(SEED_2, document)
    code, _, err = run("brief", str(document), "--replay", str(SEEDS), "-o", str(document))
    assert code == EXIT_USAGE and "is the input document" in one_line_error(err)
    assert document.read_bytes() == SEED_2.read_bytes()  # the article is still there


def test_record_into_a_file_is_refused_before_the_call(fault_server: FaultServer, tmp_path: Path) -> None:
    a_file = tmp_path / "recordings"
    a_file.write_text("x")
    args = ["--base-url", fault_server.base_url, "--model", "m", "--record", str(a_file)]
    code, _, err = run("brief", str(SEED_2), *args)
    assert code == EXIT_USAGE
    assert one_line_error(err) == f"summarizer: error: {a_file}: is a file; give a folder\n"
    assert fault_server.log.calls == 0


def test_a_file_name_cannot_write_to_the_terminal(tmp_path: Path) -> None:
    hostile = tmp_path / "a\x1b[2J\nb.txt"  # clear-screen escape and a newline in the name
    hostile.write_text("")
    code, _, err = run("extract", str(hostile))
    assert code == EXIT_USAGE
    shown = f"{tmp_path}/a\\x1b[2J\\nb.txt"
    assert one_line_error(err) == f"summarizer: error: {shown}: the document is empty or only whitespace\n"


def test_a_message_from_a_server_cannot_write_to_the_terminal() -> None:
    from summarizer.errors import SummarizerError

    err = SummarizerError(
        "the server rejected the request: \x1b]0;pwned\x07 bad\nrequest", document="doc.txt"
    )
    assert str(err) == "doc.txt: the server rejected the request: \\x1b]0;pwned\\x07 bad request"


def test_schema_into_a_directory_is_one_line(tmp_path: Path) -> None:
    code, _, err = run("schema", "-o", str(tmp_path))
    assert code == EXIT_USAGE
    assert (
        one_line_error(err)
        == f"summarizer: error: {tmp_path}: is a directory; give a file name for the output\n"
    )
