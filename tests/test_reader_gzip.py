"""Gzip-compressed documents: read as the document inside, within the size limit, or refused in one line."""

from __future__ import annotations

import gzip
import io
import tarfile
import tracemalloc
import zlib
from pathlib import Path

import pytest

from summarizer.errors import EmptyInput, UnreadableInput, UnsupportedInput
from summarizer.reading import read_document
from summarizer.reading._document import document_from_bytes

PAGES = Path(__file__).parent / "data" / "article-extraction"
PAGE = PAGES / "360c732d1fdbfc6895d7096c0c0b8c0d581bb1af80160f4c6a0f1fd9ff85e469.html.gz"
TEXT = b'"We are done," Ana Ruiz said on Monday. The plan costs $4.2bn over ten years.\n'


def test_a_compressed_page_reads_as_the_page_inside(tmp_path: Path) -> None:
    compressed = read_document(PAGE)
    plain_path = tmp_path / "page.html"
    plain_path.write_bytes(gzip.decompress(PAGE.read_bytes()))
    plain = read_document(plain_path)
    assert compressed.media_type == plain.media_type == "text/html"
    assert compressed.text == plain.text
    assert compressed.metadata == {**plain.metadata, "compression": "gzip"}
    assert compressed.name == str(PAGE)
    assert compressed.sha256 != plain.sha256  # the bytes the user gave, so `sha256sum page.html.gz` agrees


def test_gzip_on_stdin_is_recognized_by_its_bytes() -> None:
    found = document_from_bytes(gzip.compress(TEXT), name="-")
    assert found.text == TEXT.decode() and found.media_type == "text/plain"


def test_concatenated_gzip_files_are_one_document() -> None:
    data = gzip.compress(TEXT) + gzip.compress(TEXT)
    assert document_from_bytes(data, name="two.txt.gz").text == TEXT.decode() * 2


def test_the_limit_is_on_what_the_data_decompresses_to() -> None:
    limit = len(TEXT) * 10
    assert document_from_bytes(gzip.compress(TEXT * 10), name="x.txt.gz", max_bytes=limit).text
    with pytest.raises(UnreadableInput, match=f"decompresses to more than the {limit}-byte limit"):
        document_from_bytes(gzip.compress(TEXT * 10 + b"!"), name="x.txt.gz", max_bytes=limit)


def test_a_gzip_bomb_is_refused_without_expanding_it() -> None:
    # 300 MB of zeros in about 300 kB of gzip: refused at a 1 MB limit, holding little more than that.
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    bomb = b"".join(packer.compress(zeros) for _ in range(300)) + packer.flush()
    assert len(bomb) < 400_000
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableInput, match=r"bomb\.txt\.gz: is too large: decompresses to more than"):
            document_from_bytes(bomb, name="bomb.txt.gz", max_bytes=1 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (gzip.compress(TEXT)[:25], UnreadableInput, "gzip data ends early"),
        (b"\x1f\x8b" + b"not deflate at all", UnreadableInput, "is not readable gzip data"),
        (gzip.compress(b"  \n\n"), EmptyInput, "the document is empty"),
        (gzip.compress(b""), EmptyInput, "the document is empty"),
        (gzip.compress(gzip.compress(TEXT)), UnsupportedInput, "this is a gzip archive"),
    ],
    ids=["cut-short", "not-deflate", "blank", "empty", "gzip-in-gzip"],
)
def test_bad_gzip_is_one_line_naming_the_file(data: bytes, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message) as raised:
        document_from_bytes(data, name="cut.txt.gz")
    assert str(raised.value).startswith("cut.txt.gz: ") and "\n" not in str(raised.value)


def test_a_compressed_archive_is_refused_by_its_name() -> None:
    packed = io.BytesIO()
    with tarfile.open(fileobj=packed, mode="w:gz") as archive:
        member = tarfile.TarInfo("a.txt")
        member.size = len(TEXT)
        archive.addfile(member, io.BytesIO(TEXT))
    for name in ("docs.tar.gz", "docs.tgz"):
        with pytest.raises(UnsupportedInput, match=rf"{name}: \.t(ar|gz) files are not supported"):
            document_from_bytes(packed.getvalue(), name=name)
