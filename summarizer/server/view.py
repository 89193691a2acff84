"""A brief beside its source, as HTML: the brief on the left, the source with every verified item
highlighted on the right, rejected items listed. Served as `format=html` and shown by the web page.

The source is highlighted by `summarizer.rendering._html.highlight`, the CLI's HTML report's own code;
each item in the brief carries its span, so the page can point at its mark in the source.
"""

from __future__ import annotations

import html

from summarizer.brief import Brief, Span
from summarizer.rendering import evidence_marks, highlight, html_list

STYLE_HREF = "/static/style.css"


def brief_page(brief: Brief, source_text: str) -> str:
    """A whole page; its <main> is what the web page puts in place."""
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{_e(brief.title)}</title><link rel='stylesheet' href='{STYLE_HREF}'></head>"
        f"<body>{brief_main(brief, source_text)}</body></html>\n"
    )


def brief_main(brief: Brief, source_text: str) -> str:
    marks = evidence_marks(brief)
    column = [
        f"<h1 class='brief-title'>{_e(brief.title)}</h1>",
        f"<p class='summary'>{_e(brief.summary)}</p>",
        html_list("Key points", [_e(p.text) for p in brief.key_points]),
        html_list("Quotes", [_item("quote", q.span, f"“{_e(q.text)}” — {_e(_speaker(q.speaker))}")
                             for q in brief.quotes]),
        html_list("Actors", [_item("actor", a.span, f"{_e(a.name)} <small>{_e(a.kind)}</small>")
                            for a in brief.actors]),
        html_list("Numbers", [_item("number", n.span, f"{_e(n.text)} <small>{_e(n.counts or '')}</small>")
                             for n in brief.numbers]),
        html_list("Uncertainties", [_item("uncertainty", u.span, f"{_e(u.claim)} — <em>{_e(u.cue)}</em>")
                                   for u in brief.uncertainties]),
        html_list("Rejected by verification",
                  [_e(r.reason) for r in brief.verification.rejected], "rejected"),
        html_list("Warnings on the summary and key points",
                 [_e(w) for w in brief.verification.free_text_warnings]),
        f"<p class='provenance'><small>{_e(_provenance(brief))}</small></p>",
    ]  # fmt: skip
    return (
        "<main class='brief-view'>"
        f"<section class='brief'>{''.join(c for c in column if c)}</section>"
        f"<section class='source' aria-label='Source'>{highlight(source_text, marks)}</section>"
        "</main>"
    )


def _speaker(speaker: str | None) -> str:
    return speaker or "speaker not named"


def _item(kind: str, span: Span, content: str) -> str:
    return f"<span class='item {kind}' data-start='{span.start}' data-end='{span.end}'>{content}</span>"


def _provenance(brief: Brief) -> str:
    p = brief.provenance
    return (
        f"{p.model} via {p.server}, prompt {p.prompt_id}, {p.attempts} call(s), "
        f"{p.tokens_in} tokens in / {p.tokens_out} out. Title, summary and key points are the model's "
        "words; every highlighted item was found in the source."
    )


def _e(text: str) -> str:
    return html.escape(text, quote=True)
