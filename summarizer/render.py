"""Briefs as JSON (the schema), Markdown (for people), or HTML with the evidence highlighted."""

from __future__ import annotations

from summarizer.brief import Brief, KeyPoint, Span


def render(brief: Brief, fmt: str, source_text: str) -> str:
    """`fmt` is json, md or html; the HTML page needs the source text its spans point into."""
    if fmt == "html":
        from summarizer.html_report import to_html

        return to_html(brief, source_text)
    return to_markdown(brief) if fmt == "md" else to_json(brief)


def to_json(brief: Brief) -> str:
    return brief.model_dump_json(indent=2) + "\n"


def to_markdown(brief: Brief) -> str:
    lines = [f"# {brief.title}", "", brief.summary, ""]
    if brief.key_points:
        lines += ["## Key points", "", *[_key_point(p) for p in brief.key_points], ""]
    if brief.actors:
        lines += ["## Actors", "", "| name | kind | role | where |", "|---|---|---|---|"]
        lines += [f"| {a.name} | {a.kind} | {a.role or ''} | {_at(a.span)} |" for a in brief.actors]
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
                f"| {n.text} | {n.counts or ''} | {n.of or ''} | {n.qualifier or ''} | {n.claimed_by or ''} "
                f"| {_at(n.span)} |"
            )
        lines.append("")
    if brief.quotes:
        lines += ["## Quotes", ""]
        for q in brief.quotes:
            speaker = q.speaker or "speaker not named in the source"
            role = f", {q.speaker_role}" if q.speaker_role else ""
            found = f"{_FOUND[q.speaker_found]}, " if q.speaker_found in _FOUND else ""
            lines += [f"> {q.text}", "", f"— {speaker}{role} ({found}{_at(q.span)})", ""]
    if brief.uncertainties:
        lines += ["## Uncertainties", ""]
        lines += [f"- {u.claim} — *{u.cue}* ({_at(u.span)}): {u.reason}" for u in brief.uncertainties]
        lines.append("")
    lines += _verification(brief)
    p = brief.provenance
    lines += [
        "---",
        f"*{p.model} via {p.server} ({p.mode}), prompt {p.prompt_id} {p.prompt_sha256[:12]}, "
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
        lines += [f"- {r.reason}" for r in v.rejected]
        lines.append("")
    if v.kept_from_earlier_attempts:
        lines += ["## Kept from earlier attempts (verified there, dropped by the model when re-asked)", ""]
        lines += [f"- {item}" for item in v.kept_from_earlier_attempts]
        lines.append("")
    if v.free_text_warnings:
        lines += ["## Warnings on the summary and key points", ""]
        lines += [f"- {warning}" for warning in v.free_text_warnings]
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
    return f"- {point.text}{weak}"


def _at(span: Span) -> str:
    return f"chars {span.start}–{span.end}"
