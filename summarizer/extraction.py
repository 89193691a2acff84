"""What the model will see of a document, and what reading it found: `summarizer extract`.

The same two steps the summarizer runs (read, clean), so what is shown is exactly the model's input.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.clean import CleanText, clean_text
from summarizer.reader import SourceDocument, read_document


@dataclass(frozen=True)
class Extraction:
    document: SourceDocument
    clean: CleanText

    @property
    def model_text(self) -> str:
        return self.clean.text

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
        }


def extract(path: str | Path) -> Extraction:
    document = read_document(path)
    return Extraction(document, clean_text(document.text))
