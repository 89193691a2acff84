"""Briefs as JSON (the schema), Markdown (for people), or HTML with the evidence highlighted.

Every field in the Markdown comes from the model or the document, so every field is escaped: a `|`
or a newline in a name must not break its table, a `# ` must not add a heading, `<script>` or
`[text](javascript:...)` must stay text in whatever renders the file.
"""

from __future__ import annotations

import re

from summarizer.brief import Brief, KeyPoint, Span

_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]|~]")
_BLOCK_START = re.compile(r"^(?:[-+>#=]|\d+(?=[.)]))")


def render(brief: Brief, fmt: str, source_text: str) -> str:
    """`fmt` is json, md or html; the HTML page needs the source text its spans point into."""
    if fmt == "html":
        from summarizer.rendering._html import to_html

        return to_html(brief, source_text)
    return to_markdown(brief) if fmt == "md" else to_json(brief)


def to_json(brief: Brief) -> str:
    return brief.model_dump_json(indent=2) + "\n"


def to_markdown(brief: Brief) -> str:
    lines = [f"# {_md(brief.title)}", "", _md(brief.summary), ""]
    if brief.key_points:
        lines += ["## Key points", "", *[_key_point(p) for p in brief.key_points], ""]
    if brief.actors:
        lines += ["## Actors", "", "| name | kind | role | where |", "|---|---|---|---|"]
        lines += [_row(a.name, a.kind, a.role or "", _at(a.span)) for a in brief.actors]
        lines.append("")
    if brief.numbers:
        lines += [
            "## Numbers",
            "",
            "| as written | counts | whose | qualifier | claimed by | where |",
            "|---|---|---|---|---|---|",
        ]
        for n in brief.numbers:
            lines.append(
                _row(n.text, n.counts or "", n.of or "", n.qualifier or "", n.claimed_by or "", _at(n.span))
            )
        lines.append("")
    if brief.quotes:
        lines += ["## Quotes", ""]
        for q in brief.quotes:
            speaker = q.speaker or "speaker not named in the source"
            role = f", {q.speaker_role}" if q.speaker_role else ""
            found = f"{_FOUND[q.speaker_found]}, " if q.speaker_found in _FOUND else ""
            lines += [f"> {_md(q.text)}", "", f"— {_md(speaker + role)} ({found}{_at(q.span)})", ""]
    if brief.uncertainties:
        lines += ["## Uncertainties", ""]
        lines += [
            f"- {_md(u.claim)} — *{_md(u.cue)}* ({_at(u.span)}): {_md(u.reason)}" for u in brief.uncertainties
        ]
        lines.append("")
    lines += _verification(brief)
    p = brief.provenance
    lines += [
        "---",
        f"*{_md(p.model)} via {_md(p.server)} ({_md(p.mode)}), prompt {_md(p.prompt_id)} "
        f"{_md(p.prompt_sha256[:12])}, "
        + (f"{p.parts} parts, " if p.parts > 1 else "")
        + f"{p.attempts} attempt(s), {p.tokens_in} tokens in / {p.tokens_out} out, {p.duration_s:.1f} s. "
        "Title, summary and key points are the model's words; every other item was found in the source.*",
        "",
    ]
    return "\n".join(lines)


def _verification(brief: Brief) -> list[str]:
    v = brief.verification
    lines = []
    if v.rejected:
        lines += ["## Rejected by verification", ""]
        lines += [f"- {_md(r.reason)}" for r in v.rejected]
        lines.append("")
    if v.kept_from_earlier_attempts:
        lines += ["## Kept from earlier attempts (verified there, dropped by the model when re-asked)", ""]
        lines += [f"- {_md(item)}" for item in v.kept_from_earlier_attempts]
        lines.append("")
    if v.suspected_injections:
        lines += ["## Suspected prompt injection (left out; nothing in it is evidence)", ""]
        lines += [
            f"- {s.span.start}-{s.span.end} ({_md(s.rule)}): {_md(_clipped(s.text))}"
            for s in v.suspected_injections
        ]
        lines.append("")
    if v.free_text_warnings:
        lines += ["## Warnings on the summary and key points", ""]
        lines += [f"- {_md(warning)}" for warning in v.free_text_warnings]
        lines.append("")
    if brief.source.removed:
        lines.append(f"*{len(brief.source.removed)} line(s) of site furniture removed before summarizing.*")
        lines.append("")
    return lines


_FOUND = {
    "continuation": "continues an earlier quote",
    "resolved": "speaker resolved from an earlier mention",
}


def _key_point(point: KeyPoint) -> str:
    weak = " *(its cited sentences do not support it)*" if point.support == "weak" else ""
    return f"- {_md(point.text)}{weak}"


def _at(span: Span) -> str:
    return f"chars {span.start}–{span.end}"


def _md(text: str) -> str:
    """One line of inert Markdown: line breaks folded to spaces, markup and HTML escaped."""
    one_line = " ".join(text.split())
    escaped = _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(), one_line)
    escaped = escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # What starts a line could start a list, a quote or a heading; escaped, it is text.
    return _BLOCK_START.sub(lambda m: m.group() + "\\" if m.group().isdigit() else "\\" + m.group(), escaped)


def _row(*cells: str) -> str:
    return "| " + " | ".join(_md(cell) for cell in cells) + " |"


def _clipped(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
