"""The evidence index: sentences, direct quotes with their speakers, figures and hedging cues.

Built locally from the cleaned text before any model call. The model chooses among these items by
id and labels them; it never has to copy text. See `_model` for the shapes. `same_person` compares
the names a speaker goes by ("Sen. Tim Kaine", "Kaine"). `DocumentIndex` finds strings, quoted
passages and numbers in the text, typographic variants included, for the checks on what the model wrote.

    _build.py        build_evidence: the steps below, in order
    _tokens.py, _sentences.py, _paragraphs.py, _quotes.py, _attribution.py, _sources.py, _names.py,
    _numbers.py, _cues.py, _lexicon.py, _same_person.py   the finders and their word lists
    _injection.py    suspected prompt injection: passages written to the AI, not to the reader
    _locate.py       DocumentIndex: strings, quoted passages, sentences and numbers in the text
    _normalize.py    typographic normalization that remembers where every character came from
"""

from summarizer.evidence._build import build as _build
from summarizer.evidence._locate import DocumentIndex, Match, NumberValues, number_tokens, same_number
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
    "DocumentIndex",
    "Evidence",
    "Match",
    "NumberEvidence",
    "NumberValues",
    "QuoteEvidence",
    "SentenceEvidence",
    "SpeakerFound",
    "SuspectEvidence",
    "build_evidence",
    "number_tokens",
    "same_number",
    "same_person",
]


def build_evidence(text: str) -> Evidence:
    """Every sentence, quote, figure and cue of a cleaned text, offsets into it."""
    return _build(text)
