"""`summarizer extract`: exactly what the model will see, and with --json what reading found."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.reading._clean import clean_text
from summarizer.reading._document import read_document
from tests.conftest import SEED_2


def extract(*args: str) -> str:
    result = CliRunner().invoke(app, ["extract", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_plain_text_shows_the_cleaned_text() -> None:
    shown = extract(str(SEED_2))
    assert shown == clean_text(read_document(SEED_2).text).text + "\n"
    assert "Read More" not in shown and "cookies" not in shown


def test_markdown_shows_no_markup(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(
        "# Budget\n\n> “We counted **6,000**,” said [Ana Ruiz](https://example.org).\n", encoding="utf-8"
    )
    assert extract(str(path)) == "Budget\n\n“We counted 6,000,” said Ana Ruiz.\n"


def test_html_shows_the_article(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    body = "<p>The council approved a budget of 78 million euros on Tuesday after a long debate.</p>" * 3
    path.write_text(
        "<html><head><title>Budget</title></head><body><nav>Home World</nav>"
        f"<article>{body}</article></body></html>",
        encoding="utf-8",
    )
    shown = extract(str(path))
    assert shown.startswith("The council approved") and "Home World" not in shown


def test_json_reports_what_reading_found(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Prices rose 5 € in the café.\nThis website uses cookies.\n".encode("cp1252"))
    metadata = json.loads(extract("--json", str(path)))
    assert metadata["media_type"] == "text/plain"
    assert metadata["encoding"] == "cp1252"
    assert metadata["pages"] is None
    assert metadata["removed"] == [
        {"span": {"start": 29, "end": 55}, "rule": "cookie-notice", "text": "This website uses cookies."}
    ]
    assert metadata["characters"] == 56 and metadata["model_characters"] == 28


def test_json_reports_a_repair(tmp_path: Path) -> None:
    path = tmp_path / "mojibake.txt"
    path.write_text("The deal is worth â‚¬78bn.\n", encoding="utf-8")
    metadata = json.loads(extract("--json", str(path)))
    assert metadata["repaired"].startswith("mojibake")
    assert extract(str(path)) == "The deal is worth €78bn.\n"


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "seen.txt"
    extract(str(SEED_2), "-o", str(out))
    assert out.read_text(encoding="utf-8").startswith("ukraine war is the perfect vehicle")


def test_reading_libraries_load_only_when_needed() -> None:
    import subprocess
    import sys

    code = (
        "import sys, summarizer, summarizer.cli, summarizer.reading._document, summarizer.reading._clean; "
        "heavy = {'trafilatura', 'pypdf', 'ftfy', 'openai'} & set(sys.modules); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_extract_json_shows_quotes_with_their_speakers() -> None:
    result = CliRunner().invoke(app, ["extract", "--json", str(SEED_2)])
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    source = SEED_2.read_text(encoding="utf-8")
    quotes = shown["quotes"]
    by_speaker = {q["speaker"]: q for q in quotes}
    kirby, dempsey = by_speaker["John Kirby"], by_speaker["Joseph Dempsey"]
    assert (kirby["speaker_found"], kirby["cue"]) == ("named", "told")
    assert kirby["speaker_role"] == "spokesperson for the national security council"
    assert dempsey["speaker_found"] == "named" and dempsey["text"].startswith("may represent")
    first = quotes[0]
    assert (first["speaker"], first["speaker_found"]) == (None, "unnamed")
    assert "The Guardian" in first["speaker_role"]
    for quote in quotes:
        assert source[quote["span"]["start"] : quote["span"]["end"]] == quote["text"]
    span = kirby["speaker_span"]
    assert source[span["start"] : span["end"]] == "John Kirby"
    sentence = shown["sentences"][kirby["sentence"] - 1]["span"]
    assert sentence["start"] < kirby["span"]["start"] < sentence["end"]
    assert [c["text"] for c in shown["cues"]][:2] == ["may", "suggests"]
