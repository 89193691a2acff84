"""Reading: which reader a document gets, and bytes to the reference text in every encoding we meet."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from summarizer.reading._document import (
    SourceDocument,
    document_from_bytes,
    document_from_text,
    read_document,
)
from tests.conftest import SEED_2

TEXT = "Café prices rose 5 € in Zürich — “a naïve rise”, said the façade’s owner.\n"


def test_plain_text_is_the_file_itself() -> None:
    data = SEED_2.read_bytes()
    document = read_document(SEED_2)
    assert document.text == data.decode("utf-8")
    assert (document.media_type, document.metadata) == ("text/plain", {"encoding": "utf-8"})


def test_windows_line_breaks_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"One.\r\nTwo.\r\n")
    assert read_document(path).text == "One.\r\nTwo.\r\n"


def test_markdown_is_named_by_its_suffix(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n\nThey counted **6,000**.\n", encoding="utf-8")
    document = read_document(path)
    assert document.media_type == "text/markdown"
    assert document.text == "# Notes\n\nThey counted **6,000**.\n"  # markup is stripped by clean, not here


def test_html_is_recognised_without_a_name() -> None:
    page = b"<!DOCTYPE html><html><body><article><p>" + b"The council voted 7 to 2 for the plan. " * 8
    document = document_from_bytes(page + b"</p></article></body></html>", name=None)
    assert document.media_type == "text/html"
    assert document.text.startswith("The council voted 7 to 2")


def test_sha256_is_of_the_bytes() -> None:
    import hashlib

    data = TEXT.encode("utf-16")
    assert document_from_bytes(data, name="x.txt").sha256 == hashlib.sha256(data).hexdigest()


def test_text_passed_in_is_a_document() -> None:
    document = document_from_text("Some text.", name=None)
    assert isinstance(document, SourceDocument) and document.page_starts == ()


# -- encodings --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8 (BOM)"),
        (TEXT.encode("utf-16"), "utf-16-le (BOM)"),  # Python writes a little-endian BOM
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be (BOM)"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be", "cp1252"],
)
def test_encodings_are_detected(data: bytes, encoding: str) -> None:
    document = document_from_bytes(data, name="prices.txt")
    assert document.text == TEXT
    assert document.metadata == {"encoding": encoding}


def test_latin1_bytes_read_as_the_same_letters() -> None:
    text = "Le café était très cher à Zürich, déjà.\n"
    assert document_from_bytes(text.encode("latin-1"), name="fr.txt").text == text


def test_latin1_control_bytes_fall_back_to_latin1() -> None:
    # 0x81 is unassigned in cp1252 and means a (rare) C1 control in Latin-1; decoding must not fail.
    document = document_from_bytes("Señor \x81 Ibáñez said no.\n".encode("latin-1"), name="es.txt")
    assert document.metadata["encoding"] == "latin-1"
    assert document.text.startswith("Señor")


# Real mojibake: UTF-8 bytes that were once decoded as Windows-1252 and saved again as UTF-8.
MOJIBAKE = [
    ("The deal is worth â‚¬78bn, the company said.", "The deal is worth €78bn, the company said."),
    ("â€œWe will not cut pensions,â€\x9d she said.", "“We will not cut pensions,” she said."),
    ("The CafÃ© owner, JosÃ© IbÃ¡Ã±ez, agreed.", "The Café owner, José Ibáñez, agreed."),
]


@pytest.mark.parametrize(("broken", "repaired"), MOJIBAKE)
def test_mojibake_is_repaired_and_recorded(broken: str, repaired: str) -> None:
    document = document_from_bytes(broken.encode("utf-8"), name="news.txt")
    assert document.text == repaired
    assert document.metadata["repaired"].startswith("mojibake (")


def test_text_that_is_fine_is_not_repaired() -> None:
    document = document_from_bytes(TEXT.encode("utf-8"), name="fine.txt")
    assert "repaired" not in document.metadata and document.text == TEXT


def test_typography_is_not_touched_by_the_repair() -> None:
    # Only the encoding repair runs: curly quotes, ligatures and widths are the author's.
    text = "â‚¬5 for “ﬁve” ＡＢＣ tickets…\n"
    assert document_from_bytes(text.encode("utf-8"), name="t.txt").text == "€5 for “ﬁve” ＡＢＣ tickets…\n"
