"""The `summarizer` command, driven through typer's CliRunner with the recorded responses."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from tests.conftest import RECORDINGS, SEED_1, SEED_2
from tests.fault_server import FaultServer

SEED_RECORDINGS = str(RECORDINGS / "seeds")
FURNITURE = ("Nestle", "awards night", "sporting arenas", "cookies", "Read More")


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_replay_needs_no_other_flag_and_prints_json() -> None:
    code, out, err = run("brief", str(SEED_2), "--replay", SEED_RECORDINGS)
    assert code == 0, err
    brief = json.loads(out)
    assert brief["provenance"]["model"] == "qwen2.5-coder-1.5b"
    assert brief["source"]["path"] == str(SEED_2)


def test_markdown_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    code, out, _ = run("brief", str(SEED_1), "--replay", SEED_RECORDINGS, "--format", "md", "-o", str(target))
    assert code == 0 and out == ""
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# ") and "6,000" in text


def test_stdin_is_read_with_dash() -> None:
    code, out, _ = run("brief", "-", "--replay", SEED_RECORDINGS, stdin=SEED_2.read_text(encoding="utf-8"))
    assert code == 0 and json.loads(out)["source"]["path"] == "-"


def test_no_model_configured_is_one_line_and_exit_2() -> None:
    code, out, err = run("brief", str(SEED_1))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "no model configured" in err and "SUMMARIZER_MODEL" in err


def test_missing_file_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    code, _, err = run("brief", str(missing), "--model", "m")
    assert code == 2 and err.strip() == f"summarizer: error: {missing}: no such file"


def test_replay_miss_names_the_key_and_how_to_re_record(tmp_path: Path) -> None:
    changed = tmp_path / "changed.txt"
    changed.write_text(SEED_1.read_text(encoding="utf-8") + "\nOne more sentence.", encoding="utf-8")
    code, _, err = run("brief", str(changed), "--replay", SEED_RECORDINGS)
    assert code == 1 and err.count("\n") == 1
    assert "no recording for request" in err and "--record" in err and str(changed) in err


@pytest.mark.parametrize("path", [SEED_2])
def test_extract_shows_what_the_model_sees(path: Path) -> None:
    code, out, _ = run("extract", str(path))
    assert code == 0 and "Joseph Dempsey" in out
    assert not any(word in out for word in FURNITURE)


def test_schema_command_prints_the_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0 and json.loads(out)["title"] == "Brief v2"


def test_html_highlights_the_evidence_in_the_source(tmp_path: Path) -> None:
    target = tmp_path / "brief.html"
    code, _, err = run(
        "brief", str(SEED_2), "--replay", SEED_RECORDINGS, "--format", "html", "-o", str(target)
    )
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    brief = json.loads(run("brief", str(SEED_2), "--replay", SEED_RECORDINGS)[1])
    marked = re.findall(r"<mark class='([^']*)'>(.*?)</mark>", page, flags=re.S)
    quoted = "".join(html.unescape(chunk) for classes, chunk in marked if "quote" in classes.split())
    quotes = sorted(brief["quotes"], key=lambda q: q["span"]["start"])
    assert quotes and quoted == "".join(q["text"] for q in quotes)
    assert "<mark class='removed'>This website uses cookies.</mark>" in page


def test_html_escapes_the_document() -> None:
    from summarizer.brief import Span
    from summarizer.rendering._html import highlight

    marked = highlight("a <script>x</script> b", [(Span(start=2, end=10), "quote")])
    assert marked == "a <mark class='quote'>&lt;script&gt;</mark>x&lt;/script&gt; b"


def test_a_key_passed_as_a_flag_never_reaches_output_or_recordings(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    key = "sk-" + "flag-0123456789abcdefghij"
    document, record = tmp_path / "doc.txt", tmp_path / "rec"
    document.write_text("A report\n\nThe server refuses this key [[fault:401]].\n", encoding="utf-8")
    code, out, err = run(
        "brief", str(document), "--model", "m", "--base-url", fault_server.base_url, "--api-key", key,
        "--record", str(record),
    )  # fmt: skip
    assert code == 2 and "refused the API key" in err  # configuration: exit 2, as for a missing key
    written = [p.read_text(encoding="utf-8") for p in record.rglob("*") if p.is_file()]
    assert written and all(key not in text for text in [out, err, *written])
