"""All the local work one document gets, with no model call: for the hostile-input tests and benchmarks.

read -> clean -> evidence (sentences, quotes and speakers, figures, cues) -> parts -> marked prompt ->
grounding of a draft that cites what the evidence holds -> Markdown and HTML.
"""

from __future__ import annotations

import datetime as dt

from summarizer.brief import Brief, Provenance, SourceInfo, Verification
from summarizer.drafting._draft import BriefDraft, DraftDoubt, DraftNumber, DraftPoint, DraftQuote
from summarizer.drafting._marked import marked_text
from summarizer.drafting._prompts import load_prompt
from summarizer.evidence import Evidence, build_evidence
from summarizer.grounding._free_text import FreeText, free_text_warnings
from summarizer.grounding._grounder import Grounder
from summarizer.long_documents._parts import split_into_parts
from summarizer.reading._clean import clean_text
from summarizer.reading._document import document_from_bytes
from summarizer.rendering._html import to_html
from summarizer.rendering._text_formats import to_markdown

# How many of each found item the stand-in draft cites: a model lists a few dozen at most.
_CITED = 40


def run_local_work(data: bytes, name: str = "document.md", *, context_tokens: int = 3000) -> Brief:
    """Everything but the model: the returned brief is rendered both ways before it comes back."""
    document = document_from_bytes(data, name=name)
    clean = clean_text(document.text)
    evidence = build_evidence(clean.text)
    grounder = Grounder(clean, evidence)
    index = grounder.index
    prompt = load_prompt()
    for part in split_into_parts(clean.text, context_tokens, index=index):
        prompt.messages(marked_text(evidence, part.start, part.end))
    draft = _draft_citing(evidence)
    grounded = grounder.ground(draft)
    words = FreeText(draft.title, draft.summary, [p.text for p in draft.points], 2)
    free_text_warnings(index, words, grounded.actors)
    brief = Brief(
        title=clean.text[:80],
        summary=clean.text[:400],
        key_points=grounded.key_points,
        actors=grounded.actors,
        numbers=grounded.numbers,
        quotes=grounded.quotes,
        uncertainties=grounded.uncertainties,
        verification=Verification(rejected=grounded.rejected),
        source=SourceInfo(
            path=name,
            sha256=document.sha256,
            media_type=document.media_type,
            characters=len(document.text),
            removed=clean.removed,
        ),
        provenance=Provenance(
            model="none", server="local", mode="json", prompt_id=prompt.id, prompt_sha256=prompt.sha256,
            attempts=0, tokens_in=0, tokens_out=0, duration_s=0.0, summarizer_version="0",
            created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        ),
    )  # fmt: skip
    to_markdown(brief)
    to_html(brief, document.text)
    return brief


def _draft_citing(evidence: Evidence) -> BriefDraft:
    step_q = max(len(evidence.quotes) // _CITED, 1)
    step_n = max(len(evidence.numbers) // _CITED, 1)
    step_c = max(len(evidence.cues) // _CITED, 1)
    quotes = [DraftQuote(q=q.id, speaker=q.speaker) for q in evidence.quotes[::step_q][:_CITED]]
    figures = [DraftNumber(n=n.text, counts="things") for n in evidence.numbers[::step_n][:_CITED]]
    doubts = [
        DraftDoubt(s=c.sentence, claim=evidence.text[c.start : c.end + 40])
        for c in evidence.cues[::step_c][:_CITED]
    ]
    sentences = [s.id for s in evidence.sentences[:3]]
    return BriefDraft(
        title="t",
        summary=f"The source gives {figures[0].n} and 123456789." if figures else "s",
        points=[DraftPoint(text=evidence.text[:200], s=sentences)],
        quotes=quotes,
        numbers=figures,
        doubts=doubts,
    )
