"""The document as the model sees it: the cleaned text with compact sentence and quote markers.

`[3]` opens sentence 3 and `[Q2 John Kirby]` stands before quote 2 with the speaker local code found
for it (`[Q2 ?]` when the source names nobody). The model answers by these numbers, so nothing it
writes has to match characters. Quotes too short to be anyone's statement (scare quotes, titles) get
no marker: they are not offered as quotes.
"""

from __future__ import annotations

from summarizer.draft import References
from summarizer.evidence import Evidence, QuoteEvidence

MIN_QUOTE_WORDS = 3
_OPENING_MARKS = "\"'\u201c\u2018\u00ab\u201e"


def offered_quotes(evidence: Evidence) -> list[QuoteEvidence]:
    """The quotes the model may choose: long enough to be someone's words."""
    return [q for q in evidence.quotes if q.words >= MIN_QUOTE_WORDS]


def marked_text(evidence: Evidence, start: int = 0, end: int | None = None) -> str:
    """`evidence.text[start:end]` with a marker before each sentence and each offered quote in it."""
    text = evidence.text
    end = len(text) if end is None else end
    inserts: list[tuple[int, int, str]] = []  # (offset, order at that offset, marker)
    for sentence in evidence.sentences:
        if start <= sentence.start < end:
            inserts.append((sentence.start, 0, f"[{sentence.id}] "))
    for quote in offered_quotes(evidence):
        at = quote.start - 1 if quote.start > 0 and text[quote.start - 1] in _OPENING_MARKS else quote.start
        if start <= at < end:
            inserts.append((at, 1, f"[Q{quote.id} {quote.speaker or '?'}]"))
    pieces, last = [], start
    for at, _, marker in sorted(inserts):
        pieces += [text[last:at], marker]
        last = at
    pieces.append(text[last:end])
    return "".join(pieces)


def shown_references(evidence: Evidence, start: int = 0, end: int | None = None) -> References:
    """The quote and sentence numbers `marked_text` shows for the same window."""
    end = len(evidence.text) if end is None else end
    sentences = tuple(s.id for s in evidence.sentences if start <= s.start < end)
    shown = set(sentences)
    return References(
        quotes=tuple(q.id for q in offered_quotes(evidence) if start <= q.start < end),
        sentences=sentences,
        hedged=tuple(sorted({c.sentence for c in evidence.cues if c.sentence in shown})),
        figures=tuple(dict.fromkeys(n.text for n in evidence.numbers if start <= n.start < end)),
    )
