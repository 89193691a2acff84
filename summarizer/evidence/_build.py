"""The evidence index of one cleaned text, built in a few linear passes.

paragraphs -> quotes (marks paired per paragraph) -> sentences (never split inside a quote)
-> tokens -> speakers; figures and cues are found apart and placed in their sentences by bisect.
"""

from __future__ import annotations

import bisect

from summarizer.evidence._attribution import attribute
from summarizer.evidence._cues import find_cues
from summarizer.evidence._injection import QuoteSpan, find_suspects
from summarizer.evidence._model import (
    CueEvidence,
    Evidence,
    NumberEvidence,
    QuoteEvidence,
    SentenceEvidence,
    SuspectEvidence,
)
from summarizer.evidence._numbers import find_figures
from summarizer.evidence._paragraphs import find_paragraphs
from summarizer.evidence._quotes import find_quotes
from summarizer.evidence._sentences import split_sentences
from summarizer.evidence._tokens import tokenize


def build(text: str) -> Evidence:
    paragraphs = find_paragraphs(text)
    quote_spans = find_quotes(text, paragraphs)
    sentence_spans = split_sentences(text, paragraphs, quote_spans)
    tokens = tokenize(text, sentence_spans, quote_spans)
    attributions = attribute(tokens, quote_spans, paragraphs)
    sentences = tuple(SentenceEvidence(i, s, e) for i, (s, e) in enumerate(sentence_spans, 1))
    starts = [s.start for s in sentences]

    def sentence_id(offset: int) -> int:
        return max(bisect.bisect_right(starts, offset), 1)

    quotes = tuple(
        QuoteEvidence(
            i,
            q.start,
            q.end,
            text[q.start : q.end],
            a.speaker,
            a.found,
            a.span,
            a.role,
            a.cue,
            sentence_id(q.open_at),
        )
        for i, (q, a) in enumerate(zip(quote_spans, attributions, strict=True), 1)
    )
    numbers = tuple(
        NumberEvidence(i, f.start, f.end, text[f.start : f.end], f.values, f.qualifier, sentence_id(f.start))
        for i, f in enumerate(find_figures(text), 1)
    )
    cues = tuple(
        CueEvidence(i, c.start, c.end, c.text, sentence_id(c.start)) for i, c in enumerate(find_cues(text), 1)
    )
    reported = [QuoteSpan(q.start, q.end, q.found != "none") for q in quotes]
    suspects = tuple(
        SuspectEvidence(i, s.start, s.end, s.rule)
        for i, s in enumerate(find_suspects(text, paragraphs.spans, reported), 1)
    )
    return Evidence(text, sentences, quotes, numbers, cues, suspects)
