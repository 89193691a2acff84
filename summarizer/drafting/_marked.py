"""The document as the model sees it: the cleaned text with compact sentence and quote markers.

`[3]` opens sentence 3 and `[Q2 John Kirby]` stands before quote 2 with the speaker local code found
for it (`[Q2 ?]` when the source names nobody). The model answers by these numbers, so nothing it
writes has to match characters. Quotes too short to be anyone's statement (scare quotes, titles) get
no marker: they are not offered as quotes. A suspected prompt injection is left out, a short note in
its place: its words are not shown to the model, and nothing in it is offered.
"""

from __future__ import annotations

from summarizer.drafting._draft import References
from summarizer.evidence import Evidence, QuoteEvidence

MIN_QUOTE_WORDS = 3
_OPENING_MARKS = "\"'\u201c\u2018\u00ab\u201e"


def offered_quotes(evidence: Evidence, start: int = 0, end: int | None = None) -> list[QuoteEvidence]:
    """The quotes the model may choose: long enough to be someone's words, outside suspected injections."""
    end = len(evidence.text) if end is None else end
    return [
        q
        for q in evidence.quotes_in(start, end)
        if q.words >= MIN_QUOTE_WORDS and evidence.suspect_at(q.start) is None
    ]


def suspect_note(rule: str) -> str:
    return f"[left out: suspected prompt injection, {rule}]"


def marked_text(evidence: Evidence, start: int = 0, end: int | None = None) -> str:
    """`evidence.text[start:end]` with a marker before each sentence and each offered quote in it."""
    text = evidence.text
    end = len(text) if end is None else end
    suspects = [s for s in evidence.suspects if s.start < end and start < s.end]
    sentences = evidence.sentences_in(start, end)
    if suspects:  # a window no suspect passage reaches (nearly every one) needs no check per sentence
        sentences = tuple(s for s in sentences if evidence.suspect_at(s.start) is None)
    # (offset, order at that offset, marker, where the text resumes: past a suspect passage it replaces)
    inserts = [(sentence.start, 0, f"[{sentence.id}] ", sentence.start) for sentence in sentences]
    for quote in offered_quotes(evidence, start, end + 1):
        at = quote.start - 1 if quote.start > 0 and text[quote.start - 1] in _OPENING_MARKS else quote.start
        if start <= at < end:
            inserts.append((at, 1, f"[Q{quote.id} {quote.speaker or '?'}]", at))
    for suspect in suspects:  # a part's window may open inside one: it is left out from there
        at = max(suspect.start, start)
        inserts.append((at, 2, suspect_note(suspect.rule), min(suspect.end, end)))
    pieces, last = [], start
    for at, _, marker, resume in sorted(inserts):
        pieces += [text[last:at], marker]
        last = resume
    pieces.append(text[last:end])
    return "".join(pieces)


def shown_references(evidence: Evidence, start: int = 0, end: int | None = None) -> References:
    """The quote and sentence numbers `marked_text` shows for the same window."""
    end = len(evidence.text) if end is None else end
    sentences = tuple(s.id for s in evidence.sentences_in(start, end) if evidence.suspect_at(s.start) is None)
    shown = set(sentences)
    return References(
        quotes=tuple(q.id for q in offered_quotes(evidence, start, end)),
        sentences=sentences,
        hedged=tuple(sorted({c.sentence for c in evidence.cues_in(start, end) if c.sentence in shown})),
        figures=tuple(
            dict.fromkeys(
                n.text for n in evidence.numbers_in(start, end) if evidence.suspect_at(n.start) is None
            )
        ),
    )
