"""A brief as one self-contained HTML page, with its evidence highlighted in the source text.

Every verified item is marked at its span, so a reader can check each claim where it stands;
removed site furniture is shown struck through rather than hidden.
"""

from __future__ import annotations

import html
from collections import defaultdict

from summarizer.brief import Brief, Span

_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 56rem; margin: 2rem auto; padding: 0 1rem; }
.source { white-space: pre-wrap; border-top: 1px solid #ccc; padding-top: 1rem; }
mark { padding: 0 .1em; border-radius: .2em; }
mark.quote { background: #cde8ff; } mark.number { background: #ffe7a8; }
mark.actor { background: #d9f2d0; } mark.uncertainty { background: #f5d0f0; }
mark.removed { background: none; color: #999; text-decoration: line-through; }
mark.suspect { background: #ffd6d6; outline: 1px dashed #a00; }
.rejected { color: #a00; } small { color: #666; }
"""


def to_html(brief: Brief, source_text: str) -> str:
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{_e(brief.title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(brief.title)}</h1><p>{_e(brief.summary)}</p>",
        html_list("Key points", [_e(p.text) for p in brief.key_points]),
        html_list(
            "Quotes", [f"“{_e(q.text)}” — {_e(q.speaker or 'speaker not named')}" for q in brief.quotes]
        ),
        html_list("Numbers", [f"{_e(n.text)} {_e(n.counts or '')}" for n in brief.numbers]),
        html_list(
            "Rejected by verification", [_e(r.reason) for r in brief.verification.rejected], "rejected"
        ),
        html_list(
            "Suspected prompt injection (left out; nothing in it is evidence)",
            [f"{_e(s.rule)}: {_e(s.text)}" for s in brief.verification.suspected_injections],
            "rejected",
        ),
        f"<small>{_e(_provenance(brief))}</small>",
    ]
    source = _highlighted(source_text, evidence_marks(brief))
    # One join for the whole page: the source is most of it, and each join or + copies it again.
    return "".join(
        ["\n".join(p for p in parts if p), "\n<div class='source'>", *source, "</div></body></html>\n"]
    )


def highlight(text: str, marks: list[tuple[Span, str]]) -> str:
    """Escaped text with <mark> around every span; overlapping spans share one mark with both classes."""
    return "".join(_highlighted(text, marks))


def _highlighted(text: str, marks: list[tuple[Span, str]]) -> list[str]:
    """The pieces of `highlight`'s result, in order.

    The text is cut only where a span starts or ends, so the work grows with the spans, not with
    the characters (a set per character cost gigabytes on a long document).
    """
    opened: dict[int, list[str]] = defaultdict(list)
    closed: dict[int, list[str]] = defaultdict(list)
    for span, kind in marks:
        start, end = max(span.start, 0), min(span.end, len(text))
        if start < end:
            opened[start].append(kind)
            closed[end].append(kind)
    # Most text holds nothing to escape; then a run is its slice, not five replace calls more.
    escape = _e if any(ch in text for ch in _ESCAPED) else str
    active: dict[str, int] = {}  # open spans by class, while any is open
    pieces: list[str] = []
    run_kinds, run_start = "", 0  # a run ends where its classes change
    for cut in sorted({0, len(text), *opened, *closed}):
        for kind in closed.get(cut, ()):
            active[kind] -= 1
            if not active[kind]:
                del active[kind]
        for kind in opened.get(cut, ()):
            active[kind] = active.get(kind, 0) + 1
        kinds = " ".join(sorted(active))
        if kinds != run_kinds:
            _add_run(pieces, escape(text[run_start:cut]), run_kinds)
            run_kinds, run_start = kinds, cut
    _add_run(pieces, escape(text[run_start:]), run_kinds)
    return pieces


def _add_run(pieces: list[str], escaped: str, kinds: str) -> None:
    if not escaped:
        return
    if kinds:
        pieces += (f"<mark class='{kinds}'>", escaped, "</mark>")
    else:
        pieces.append(escaped)


def evidence_marks(brief: Brief) -> list[tuple[Span, str]]:
    """Every span a brief points at, with the class its highlight takes."""
    marks = [(q.span, "quote") for q in brief.quotes]
    marks += [(n.span, "number") for n in brief.numbers]
    marks += [(a.span, "actor") for a in brief.actors]
    marks += [(u.span, "uncertainty") for u in brief.uncertainties]
    marks += [(r.span, "removed") for r in brief.source.removed]
    marks += [(s.span, "suspect") for s in brief.verification.suspected_injections]
    return marks


def html_list(heading: str, items: list[str], css: str = "") -> str:
    """A headed list of items already escaped; nothing at all for no items."""
    if not items:
        return ""
    rows = "".join(f"<li>{item}</li>" for item in items)
    return f"<h2>{_e(heading)}</h2><ul class='{css}'>{rows}</ul>"


def _provenance(brief: Brief) -> str:
    p = brief.provenance
    return (
        f"{p.model} via {p.server}, prompt {p.prompt_id}, {p.attempts} attempt(s). "
        "Highlights mark verified items; struck-through text was removed as site furniture; "
        "red dashed text is a suspected prompt injection."
    )


_ESCAPED = "&<>\"'"  # what html.escape(quote=True) replaces


def _e(text: str) -> str:
    return html.escape(text, quote=True)
