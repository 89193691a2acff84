"""Bad input: each kind gets a one-line message naming the file, and exit code 2 from the CLI."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.errors import (
    BinaryInput,
    EmptyInput,
    InputError,
    NoArticleFound,
    UnreadableInput,
    UnsupportedInput,
)
from summarizer.reading._document import MAX_BYTES, read_document

EXIT_USAGE = 2
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def run_extract(path: Path | str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["extract", str(path)])
    return result.exit_code, result.stderr


def assert_fails(path: Path, error: type[InputError], message: str) -> None:
    with pytest.raises(error):
        read_document(path)
    code, stderr = run_extract(path)
    assert code == EXIT_USAGE
    assert stderr.count("\n") == 1, stderr
    assert stderr.startswith(f"summarizer: error: {path}: ") and message in stderr


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_empty_file(tmp_path: Path) -> None:
    assert_fails(write(tmp_path, "empty.txt", b""), EmptyInput, "empty")


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert_fails(write(tmp_path, "blank.txt", b" \n\t\r\n  \n"), EmptyInput, "only whitespace")


def test_whitespace_only_utf16_file(tmp_path: Path) -> None:
    assert_fails(write(tmp_path, "blank16.txt", "  \n\n".encode("utf-16")), EmptyInput, "only whitespace")


def test_binary_file(tmp_path: Path) -> None:
    data = bytes(range(256)) * 8
    assert_fails(write(tmp_path, "blob.txt", data), BinaryInput, "binary file, not text")


def test_binary_without_nul_bytes(tmp_path: Path) -> None:
    data = bytes(i % 32 for i in range(4000)).replace(b"\x00", b"\x01")
    assert_fails(write(tmp_path, "controls.dat", data), BinaryInput, "binary file")


@pytest.mark.parametrize("name", ["report.docx", "photo.png", "archive.zip", "book.epub"])
def test_unsupported_type_by_name(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, b"whatever is inside")
    assert_fails(path, UnsupportedInput, f"{path.suffix} files are not supported; give plain text, Markdown")


def test_unsupported_type_by_content(tmp_path: Path) -> None:
    assert_fails(
        write(tmp_path, "picture", PNG), UnsupportedInput, "this is a PNG image, which is not supported"
    )


def test_office_file_misnamed_as_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert_fails(path, UnsupportedInput, "ZIP archive (or an office file such as .docx)")


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: the size is checked before any byte is read
    assert_fails(
        path, UnreadableInput, f"is too large: {MAX_BYTES + 1} bytes, over the {MAX_BYTES}-byte limit"
    )


def test_stdin_over_the_size_limit() -> None:
    result = CliRunner().invoke(app, ["extract", "-"], input=b"x" * (MAX_BYTES + 1))
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == f"summarizer: error: -: is too large: more than the {MAX_BYTES}-byte limit\n"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_permissions(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", b"Private text.\n")
    path.chmod(0)
    try:
        assert_fails(path, UnreadableInput, "permission denied")
    finally:
        path.chmod(0o600)


def test_unreadable_permissions_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The same failure for any user, root included: the OS refuses to open this one path.
    path = write(tmp_path, "secret.txt", b"Private text.\n")
    real_open = Path.open

    def refusing_open(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing_open)
    assert_fails(path, UnreadableInput, "permission denied")


def test_directory_where_a_file_was_expected(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    assert_fails(folder, UnreadableInput, "is a directory; give a file")


def test_missing_file(tmp_path: Path) -> None:
    assert_fails(tmp_path / "nope.txt", UnreadableInput, "no such file")


NAVIGATION_ONLY = b"""<!DOCTYPE html><html><head><title>Example News</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<div id="cookie-banner">This website uses cookies. <button>Accept all cookies</button></div>
<footer><a href="/about">About us</a> <a href="/privacy">Privacy</a></footer>
</body></html>"""


def test_web_page_with_no_article(tmp_path: Path) -> None:
    assert_fails(
        write(tmp_path, "front.html", NAVIGATION_ONLY), NoArticleFound, "no article found in this web page"
    )


def test_text_with_nothing_but_furniture(tmp_path: Path) -> None:
    data = b"This website uses cookies.\nShare this article\nRead More\n"
    assert_fails(write(tmp_path, "furniture.txt", data), NoArticleFound, "every line is site furniture")


def test_stdin_is_read() -> None:
    result = CliRunner().invoke(app, ["extract", "-"], input="They counted **6,000** troops.\n")
    assert result.exit_code == 0 and result.stdout == "They counted 6,000 troops.\n"


def test_empty_stdin_names_stdin() -> None:
    result = CliRunner().invoke(app, ["extract", "-"], input="")
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == "summarizer: error: -: the document is empty or only whitespace\n"
