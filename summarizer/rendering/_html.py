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
    # Most text holds nothing to escape; then a run is its slice, not five replace calls more.
    escape = _e if any(ch in text for ch in _ESCAPED) else str
    pieces: list[str] = []
    done = 0
    for start, end, kinds in _runs(marks, len(text)):
        if done < start:
            pieces.append(escape(text[done:start]))
        pieces += (f"<mark class='{kinds}'>", escape(text[start:end]), "</mark>")
        done = end
    if done < len(text):
        pieces.append(escape(text[done:]))
    return pieces


def _runs(marks: list[tuple[Span, str]], length: int) -> list[tuple[int, int, str]]:
    """The longest stretches of text under the same classes, in order, with those classes joined.

    Marks are taken in groups that overlap; most marks (removed furniture) overlap nothing and make a
    run as they are, so only a group of several is swept cut by cut.
    """
    spans = sorted((max(span.start, 0), min(span.end, length), kind) for span, kind in marks)
    spans = [span for span in spans if span[0] < span[1]]
    runs: list[tuple[int, int, str]] = []
    i = 0
    while i < len(spans):
        first = i
        end = spans[i][1]
        i += 1
        while i < len(spans) and spans[i][0] < end:
            end = max(end, spans[i][1])
            i += 1
        for run in spans[first:i] if i - first == 1 else _swept(spans[first:i]):
            if runs and runs[-1][1] == run[0] and runs[-1][2] == run[2]:
                run = (runs.pop()[0], run[1], run[2])  # touching, under the same classes: one run
            runs.append(run)
    return runs


def _swept(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The runs of overlapping spans: a new run wherever the classes open there change."""
    opened: dict[int, list[str]] = defaultdict(list)
    closed: dict[int, list[str]] = defaultdict(list)
    for start, end, kind in spans:
        opened[start].append(kind)
        closed[end].append(kind)
    active: dict[str, int] = {}  # open spans by class
    runs = []
    run_kinds, run_start = "", 0
    for cut in sorted({*opened, *closed}):
        for kind in closed.get(cut, ()):
            active[kind] -= 1
            if not active[kind]:
                del active[kind]
        for kind in opened.get(cut, ()):
            active[kind] = active.get(kind, 0) + 1
        kinds = " ".join(sorted(active))
        if kinds != run_kinds:
            if run_kinds:
                runs.append((run_start, cut, run_kinds))
            run_kinds, run_start = kinds, cut
    return runs


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
