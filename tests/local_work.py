"""All the local work one document gets, with no model call: for the hostile-input tests and benchmarks.

read -> clean -> index (paragraphs, quoted passages, sentences, numbers) -> parts -> prompt ->
grounding of a draft that cites what the index found -> Markdown and HTML.
"""

from __future__ import annotations

import datetime as dt

from summarizer.brief import Brief, Provenance, SourceInfo, Verification
from summarizer.chunking import split_into_parts
from summarizer.clean import clean_text
from summarizer.draft import BriefDraft, DraftNumber, DraftQuote, DraftUncertainty
from summarizer.freetext import free_text_warnings
from summarizer.grounding import Grounder
from summarizer.html_report import to_html
from summarizer.prompts import load_prompt
from summarizer.reader import document_from_bytes
from summarizer.render import to_markdown

# How many of each found item the stand-in draft cites: a model lists a few dozen at most.
_CITED = 40


def run_local_work(data: bytes, name: str = "document.md", *, context_tokens: int = 3000) -> Brief:
    """Everything but the model: the returned brief is rendered both ways before it comes back."""
    document = document_from_bytes(data, name=name)
    clean = clean_text(document.text)
    grounder = Grounder(clean)
    index = grounder.index
    prompt = load_prompt()
    for part in split_into_parts(clean.text, context_tokens, index=index):
        prompt.messages(part.text)
    draft = _draft_citing(index.text, index.quoted_regions, index.all_numbers)
    grounded = grounder.ground(draft)
    free_text_warnings(index, draft, grounded.actors)
    brief = Brief(
        title=clean.text[:80],
        summary=clean.text[:400],
        key_points=[clean.text[:200]],
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


def _draft_citing(text: str, quoted: list[tuple[int, int]], numbers: list) -> BriefDraft:  # type: ignore[type-arg]
    step_q = max(len(quoted) // _CITED, 1)
    step_n = max(len(numbers) // _CITED, 1)
    quotes = [DraftQuote(text=text[a + 1 : b - 1][:300]) for a, b in quoted[::step_q][:_CITED] if b - a > 3]
    figures = [DraftNumber(text=text[t.start : t.end]) for t in numbers[::step_n][:_CITED]]
    cue = "may" if " may " in text else "could"
    return BriefDraft(
        title="t",
        summary=f"The source gives {figures[0].text} and 123456789." if figures else "s",
        quotes=quotes,
        numbers=figures,
        uncertainties=[DraftUncertainty(claim="c", reason="r", cue=cue)],
    )
