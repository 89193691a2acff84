"""The batch manifest: `manifest.jsonl`, one JSON row per document, the record of what is done.

Rows are appended while the batch runs, each as one full line written with a single `write`, then
flushed and fsynced, so a crash loses at most the line being written. Reading tolerates that torn
last line (and any other line that does not parse) by skipping it; the document it named is simply
done again. The last row for a path wins. At the start and end of a run the file is compacted to one
row per path by an atomic rewrite, so at rest it holds exactly one row per document, and a torn
line from a crash is gone before anything is appended after it.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from summarizer._atomic import write_text_atomic

MANIFEST_NAME = "manifest.jsonl"
Status = Literal["ok", "failed", "skipped"]


@dataclass
class DocumentResult:
    """One document's outcome in a batch; also its manifest row.

    `skipped` covers a document done in an earlier run with the same input and settings (`cached`),
    and one left undone (`error` is `NotStarted`, `message` says why: a cost cap, a refused key, a
    dead server). `failed` covers a document the model could not brief and a file that is not a
    readable document, such as an image (`error` names the reader's error).

    `requests` counts HTTP requests, retries included; `completions` counts the answers received,
    re-asks included: the brief's `provenance.attempts`.
    """

    path: str
    status: Status
    sha256: str | None = None
    error: str | None = None
    message: str | None = None
    requests: int = 0
    completions: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float | None = None
    duration_s: float = 0.0
    cached: bool = False
    suspected_injections: int = 0  # passages caught as text written to the AI, not to the reader
    outputs: list[str] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)

    def to_row(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DocumentResult:
        known = {f.name for f in fields(cls)}
        if "attempts" in row and "requests" not in row:  # rows written before the field was renamed
            row = {**row, "requests": row["attempts"]}
        return cls(**{k: v for k, v in row.items() if k in known})


def read_manifest(path: Path) -> dict[str, DocumentResult]:
    """The latest row for each document; unreadable lines (a torn last line) are skipped."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    rows: dict[str, DocumentResult] = {}
    for line in raw.splitlines():
        result = _parse_row(line)
        if result is not None:
            rows[result.path] = result
    return rows


def _parse_row(line: bytes) -> DocumentResult | None:
    try:
        data = json.loads(line)
        return DocumentResult.from_row(data) if isinstance(data, dict) and "path" in data else None
    except (ValueError, TypeError):
        return None


def write_manifest(path: Path, rows: dict[str, DocumentResult]) -> None:
    """Replace the manifest with exactly these rows, atomically."""
    text = "".join(_line(rows[key]) for key in sorted(rows))
    write_text_atomic(path, text)


class ManifestWriter:
    """Appends rows durably. One writer per manifest; the batch calls it from one thread at a time."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def append(self, result: DocumentResult) -> None:
        data = _line(result).encode("utf-8")
        written = os.write(self._fd, data)
        if written != len(data):  # a short write would leave a torn line; finish it
            os.write(self._fd, data[written:])
        os.fsync(self._fd)

    def close(self) -> None:
        os.close(self._fd)


def _line(result: DocumentResult) -> str:
    return json.dumps(result.to_row(), ensure_ascii=False, separators=(",", ":")) + "\n"
