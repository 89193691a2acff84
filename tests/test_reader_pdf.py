"""PDFs: the text layer with its pages; page numbers reach the spans; scans and damage are named."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.errors import NoTextLayer, UnreadableInput
from summarizer.reading._clean import clean_text
from summarizer.reading._document import document_from_bytes, read_document

pypdf = pytest.importorskip("pypdf")

EXIT_USAGE = 2


def make_pdf(pages: list[list[str]]) -> bytes:
    """One page per entry, each string a line of Helvetica text; an empty list is a blank (scanned) page."""
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = pypdf.PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        if not lines:
            continue
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        shown = [f"({line.replace('(', '[').replace(')', ']')}) Tj T*" for line in lines]
        stream = DecodedStreamObject()
        stream.set_data("\n".join(["BT", "/F1 12 Tf", "14 TL", "72 720 Td", *shown, "ET"]).encode("latin-1"))
        page.replace_contents(stream)
    writer.add_metadata({"/Title": "Annual Report 2024", "/Author": "Audit Office"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


REPORT = [
    ["Annual Report 2024", "The office audited 120 councils this year."],
    ["The army has 6,000 artillery systems, the minister said."],
    ["Appendix: methods."],
]


def test_text_layer_with_page_breaks() -> None:
    document = document_from_bytes(make_pdf(REPORT), name="report.pdf")
    assert document.media_type == "application/pdf"
    assert document.text.count("\f") == 3
    assert document.metadata == {"pages": "3", "title": "Annual Report 2024", "author": "Audit Office"}
    assert len(document.page_starts) == 3 and document.page_starts[0] == 0
    assert document.text[document.page_starts[1] :].startswith("The army has 6,000")


def test_span_carries_its_page() -> None:
    document = document_from_bytes(make_pdf(REPORT), name="report.pdf")
    clean = clean_text(document.text)
    start = clean.text.index("6,000")
    span = clean.span_to_original(start, start + 5)
    assert document.text[span.start : span.end] == "6,000"
    assert span.page == 2 and document.page_starts[1] <= span.start < document.page_starts[2]
    assert json.loads(span.model_dump_json()) == {"start": span.start, "end": span.end, "page": 2}


def test_scanned_pdf_has_no_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([[], []]))
    with pytest.raises(NoTextLayer):
        read_document(path)
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == (
        f"summarizer: error: {path}: no text layer in its 2 page(s): a scanned PDF needs OCR first\n"
    )


def test_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n this is not a PDF body at all\n")
    with pytest.raises(UnreadableInput, match="not a readable PDF"):
        read_document(path)
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == EXIT_USAGE and "not a readable PDF" in result.stderr


def test_extract_shows_pages(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf(REPORT))
    shown = CliRunner().invoke(app, ["extract", str(path)])
    assert shown.exit_code == 0
    assert "\f" not in shown.stdout and "6,000 artillery systems" in shown.stdout
    metadata = json.loads(CliRunner().invoke(app, ["extract", "--json", str(path)]).stdout)
    assert metadata["media_type"] == "application/pdf"
    assert metadata["pages"] == 3 and len(metadata["page_starts"]) == 3
    assert metadata["title"] == "Annual Report 2024"


BROKEN_PAGE_TREE = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\nxref\n0 5\n"
    b"trailer\n<< /Root 1 0 R /Size 5 >>\nstartxref\n9999\n%%EOF\n"
)


def test_a_pdf_with_a_broken_page_tree_is_one_line_and_no_log(tmp_path: Path) -> None:
    path = tmp_path / "tree.pdf"
    path.write_bytes(BROKEN_PAGE_TREE)
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == f"summarizer: error: {path}: not a readable PDF: Invalid object in /Pages\n"
