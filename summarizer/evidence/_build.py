"""The evidence index of one cleaned text, built in a few linear passes.

paragraphs -> quotes (marks paired per paragraph) -> sentences (never split inside a quote)
-> tokens -> speakers; figures and cues are found apart and placed in their sentences by bisect.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable

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
from summarizer.evidence._openings import read_blocks
from summarizer.evidence._paragraphs import find_paragraphs
from summarizer.evidence._quotes import find_quotes
from summarizer.evidence._sentences import split_sentences
from summarizer.evidence._tokens import tokenize


def build(text: str) -> Evidence:
    paragraphs = find_paragraphs(text)
    quote_spans = find_quotes(text, paragraphs)
    sentence_spans = split_sentences(text, paragraphs, quote_spans)
    # The tokens (columns of millions of entries on a long document) serve attribution only: unnamed,
    # they are freed before the evidence objects are made, not kept for every collection to walk.
    attributions = attribute(tokenize(text, sentence_spans, quote_spans), quote_spans, paragraphs)
    sentences = tuple(SentenceEvidence(i, s, e) for i, (s, e) in enumerate(sentence_spans, 1))
    starts = [s for s, _ in sentence_spans]
    quote_sentences = _sentence_ids(starts, (q.open_at for q in quote_spans))
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
            sentence,
        )
        for i, (q, a, sentence) in enumerate(zip(quote_spans, attributions, quote_sentences, strict=True), 1)
    )
    figures = find_figures(text)
    figure_sentences = _sentence_ids(starts, (f.start for f in figures))
    numbers = tuple(
        NumberEvidence(i, f.start, f.end, text[f.start : f.end], f.values, f.qualifier, sentence)
        for i, (f, sentence) in enumerate(zip(figures, figure_sentences, strict=True), 1)
    )
    # Cues and suspects are both searched for in the text lower-cased, where words open: read once for
    # the two, it costs two tenths of a second on 20 MB less (a copy of the text, held until the
    # suspects are found).
    blocks = list(read_blocks(text))
    found_cues = find_cues(text, blocks)
    cue_sentences = _sentence_ids(starts, (c.start for c in found_cues))
    cues = tuple(
        CueEvidence(i, c.start, c.end, c.text, sentence)
        for i, (c, sentence) in enumerate(zip(found_cues, cue_sentences, strict=True), 1)
    )
    reported = [QuoteSpan(q.start, q.end, q.found != "none") for q in quotes]
    suspects = tuple(
        SuspectEvidence(i, s.start, s.end, s.rule)
        for i, s in enumerate(find_suspects(text, paragraphs.spans, reported, blocks), 1)
    )
    return Evidence(text, sentences, quotes, numbers, cues, suspects)


def _sentence_ids(starts: list[int], offsets: Iterable[int]) -> list[int]:
    """The id of the sentence holding each offset (the first one for an offset before any), found by
    bisect in C loops: a long document has tens of thousands of cues."""
    return list(map(max, map(bisect.bisect_right, itertools.repeat(starts), offsets), itertools.repeat(1)))
