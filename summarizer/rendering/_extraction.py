"""What the model will see of a document, and what reading it found: `summarizer extract`.

The same steps the summarizer runs (read, clean, evidence), so what is shown is exactly the model's
input and the evidence it may cite. Evidence spans are shown as offsets into the original file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from summarizer.evidence import Evidence, QuoteEvidence, build_evidence
from summarizer.reading import CleanText, SourceDocument, clean_text, read_document


@dataclass(frozen=True)
class Extraction:
    document: SourceDocument
    clean: CleanText

    @property
    def model_text(self) -> str:
        return self.clean.text

    @cached_property
    def evidence(self) -> Evidence:
        return build_evidence(self.clean.text)

    def metadata(self) -> dict[str, Any]:
        document = self.document
        return {
            "path": document.name,
            "media_type": document.media_type,
            "sha256": document.sha256,
            "characters": len(document.text),
            "model_characters": len(self.clean.text),
            **document.metadata,
            "pages": len(document.page_starts) or None,
            "page_starts": list(document.page_starts) or None,
            "removed": [item.model_dump() for item in self.clean.removed],
            "suspected_injections": [
                {
                    "id": s.id,
                    "rule": s.rule,
                    "span": span,
                    "text": self.document.text[span["start"] : span["end"]],
                }
                for s in self.evidence.suspects
                for span in [self._span(s.start, s.end)]
            ],
            **self.evidence_json(),
        }

    def evidence_json(self) -> dict[str, list[dict[str, Any]]]:
        """Sentences, quotes with speakers, figures and cues; spans and quote text from the original file."""
        evidence, source = self.evidence, self.document.text
        return {
            "sentences": [{"id": s.id, "span": self._span(s.start, s.end)} for s in evidence.sentences],
            "quotes": [self._quote(q, source) for q in evidence.quotes],
            "numbers": [
                {
                    "id": n.id,
                    "text": n.text,
                    "value": n.value,
                    "qualifier": n.qualifier,
                    "sentence": n.sentence,
                    "span": self._span(n.start, n.end),
                }
                for n in evidence.numbers
            ],
            "cues": [
                {"id": c.id, "text": c.text, "sentence": c.sentence, "span": self._span(c.start, c.end)}
                for c in evidence.cues
            ],
        }

    def _quote(self, quote: QuoteEvidence, source: str) -> dict[str, Any]:
        span = self._span(quote.start, quote.end)
        return {
            "id": quote.id,
            "text": source[span["start"] : span["end"]],
            "speaker": quote.speaker,
            "speaker_found": quote.found,
            "speaker_role": quote.role,
            "speaker_span": self._span(*quote.speaker_span) if quote.speaker_span else None,
            "cue": quote.cue,
            "sentence": quote.sentence,
            "span": span,
        }

    def _span(self, start: int, end: int) -> dict[str, Any]:
        return self.clean.span_to_original(start, end).model_dump(exclude_none=True)


def extract(path: str | Path) -> Extraction:
    document = read_document(path)
    return Extraction(document, clean_text(document.text))
