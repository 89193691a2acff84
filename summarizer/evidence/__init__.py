"""The evidence index: sentences, direct quotes with their speakers, figures and hedging cues.

Built locally from the cleaned text before any model call. The model chooses among these items by
id and labels them; it never has to copy text. See `_model` for the shapes.
"""

from summarizer.evidence._model import (
    CueEvidence,
    Evidence,
    NumberEvidence,
    QuoteEvidence,
    SentenceEvidence,
    SpeakerFound,
    SuspectEvidence,
)

__all__ = [
    "CueEvidence",
    "Evidence",
    "NumberEvidence",
    "QuoteEvidence",
    "SentenceEvidence",
    "SpeakerFound",
    "SuspectEvidence",
    "build_evidence",
]


def build_evidence(text: str) -> Evidence:
    """Every sentence, quote, figure and cue of a cleaned text, offsets into it."""
    from summarizer.evidence._build import build

    return build(text)
