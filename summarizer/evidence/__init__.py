"""The evidence index: sentences, direct quotes with their speakers, figures and hedging cues.

Built locally from the cleaned text before any model call. The model chooses among these items by
id and labels them; it never has to copy text. See `_model` for the shapes. `same_person` compares
the names a speaker goes by ("Sen. Tim Kaine", "Kaine").
"""

from summarizer.evidence._build import build
from summarizer.evidence._model import (
    CueEvidence,
    Evidence,
    NumberEvidence,
    QuoteEvidence,
    SentenceEvidence,
    SpeakerFound,
    SuspectEvidence,
)
from summarizer.evidence._same_person import same_person

__all__ = [
    "CueEvidence",
    "Evidence",
    "NumberEvidence",
    "QuoteEvidence",
    "SentenceEvidence",
    "SpeakerFound",
    "SuspectEvidence",
    "build_evidence",
    "same_person",
]


def build_evidence(text: str) -> Evidence:
    """Every sentence, quote, figure and cue of a cleaned text, offsets into it."""
    return build(text)
