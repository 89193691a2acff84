"""Shared pieces of the batch tests: a started fault server, fast settings, a folder of documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Unpack

import summarizer
from summarizer.batch import BatchOptions, BatchReport
from summarizer.settings import Overrides, Settings
from summarizer.transports import RetryPolicy
from tests.fault_server import FaultServer, document_key

MODEL = "fault-model"
# Retries in milliseconds and a short timeout: the fault server's "timeout" sleeps past it.
FAST = Settings(
    timeout_s=0.5,
    retry_policy=RetryPolicy(initial_wait=0.01, max_wait=0.05, max_retry_after=0.05),
)


def write_documents(folder: Path, count: int, *, extra: str = "") -> dict[str, str]:
    """`count` small articles as `folder/gN/docNNN.txt`; returns relative path -> text."""
    texts = {}
    for n in range(count):
        relative = f"g{n % 4}/doc{n:03}.txt"
        text = (
            f"Harbour report {n} from Porto\n\n"
            f"Officials said on Monday that shipment {n} arrived late. {extra}\n"
            f"Analysts expect a second delay in March.\n"
        )
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")
        texts[relative] = text
    return texts


def manifest_lines(output: Path) -> list[dict[str, Any]]:
    lines = (output / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def calls_for(server: FaultServer, text: str) -> int:
    """Calls the server saw for one document."""
    return server.log.per_document[document_key(text)]


class FolderRuns:
    """`summarizer.summarize_folder` with one model and one set of overrides, for tests that run a
    batch again and again against the same server."""

    def __init__(self, model: str, **overrides: Unpack[Overrides]) -> None:
        self.model, self.overrides = model, overrides

    def batch(self, sources: list[Path], output: Path, options: BatchOptions | None = None) -> BatchReport:
        return summarizer.summarize_folder(
            list(sources), output, self.model, options=options, **self.overrides
        )
