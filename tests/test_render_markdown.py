"""Markdown output: every field is text, whoever wrote it; no field can add HTML, links, rows or headings."""

from __future__ import annotations

import re

from summarizer.brief import Actor, Brief, KeyNumber, KeyPoint, Quote, RejectedItem, Span, Uncertainty
from summarizer.rendering._text_formats import to_markdown
from tests.local_work import run_local_work

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> a | b\n# Made-up heading\n[a](javascript:x)"


def hostile_brief() -> Brief:
    brief = run_local_work(b"The council met on Monday and approved 6,000 homes.\n", "plain.txt")
    brief.verification.rejected = []
    span = Span(start=0, end=3)
    return brief.model_copy(
        update={
            "title": HOSTILE,
            "summary": "- not a list\n\n## not a heading\n" + HOSTILE,
            "key_points": [
                KeyPoint(text=HOSTILE, support="weak"),
                KeyPoint(text="1. not a numbered list", support="uncited"),
            ],
            "actors": [Actor(name=HOSTILE, kind="person", role="a|b", span=span, status="exact")],
            "numbers": [
                KeyNumber(
                    text="6|000",
                    counts=HOSTILE,
                    of=HOSTILE,
                    claimed_by="x\ny",
                    span=span,
                    sentence=span,
                    status="exact",
                )
            ],
            "quotes": [
                Quote(text=HOSTILE, speaker=HOSTILE, speaker_found="named", span=span, status="exact")
            ],
            "uncertainties": [
                Uncertainty(
                    claim=HOSTILE, reason=HOSTILE, cue="may|be", span=span, sentence=span, status="exact"
                )
            ],
        }
    )


def test_fields_cannot_add_html_or_links() -> None:
    out = to_markdown(hostile_brief())
    assert "<script" not in out and "<img" not in out
    assert not re.search(r"(?<!\\)[\[\]]", out)  # no bracket left to make a link of
    assert "&lt;script&gt;" in out and "\\[a\\](javascript:x)" in out  # shown, as text


def test_fields_cannot_add_headings_or_list_items() -> None:
    out = to_markdown(hostile_brief())
    headings = [line for line in out.splitlines() if line.startswith("#")]
    assert headings[1:] == ["## Key points", "## Actors", "## Numbers", "## Quotes", "## Uncertainties"]
    assert headings[0].startswith("# &lt;script&gt;") and "Made-up heading" in headings[0]
    assert not any(line.startswith(("- not", "1. not")) for line in out.splitlines())


def test_fields_cannot_break_table_rows() -> None:
    out = to_markdown(hostile_brief())
    numbers = "| as written | counts | whose | qualifier | claimed by | where |"
    tables = ("| name | kind | role | where |", numbers)
    for header in tables:
        rows = out.split(header, 1)[1].strip().split("\n\n", 1)[0].splitlines()[1:]
        columns = header.count("|")
        for row in rows:
            assert len(re.findall(r"(?<!\\)\|", row)) == columns, row


def test_rejected_reasons_are_escaped_too() -> None:
    brief = hostile_brief()
    brief.verification.rejected = [RejectedItem(kind="quote", item={}, reason=HOSTILE)]
    out = to_markdown(brief)
    assert "<script" not in out and "\n# Made-up" not in out
