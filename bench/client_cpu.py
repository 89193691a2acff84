"""Client CPU per document: the library's path against plain instructor use, in the same run.

    python bench/client_cpu.py [--documents 200] [--rounds 5]

No network: an in-process transport answers at once with a fixed draft, so what is timed is the
client's own work per document (request building, instructor, parsing, grounding). The baseline
hands instructor the plain draft class, as its documentation does: instructor then wraps the class
with `create_model` and rebuilds its JSON Schema on every request. Prints the best of several rounds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import httpx2
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import summarizer.drafting._drafter as drafter  # noqa: E402
from summarizer.drafting import BriefDraft  # noqa: E402
from summarizer.service import Summarizer  # noqa: E402
from summarizer.settings import Settings  # noqa: E402
from summarizer.transports import RetryPolicy  # noqa: E402

DRAFT = {"title": "t", "summary": "s", "numbers": [{"text": "6,000", "value": 6000, "counts": "systems"}]}
MESSAGE = {"role": "assistant", "content": json.dumps(DRAFT)}
ANSWER = {
    "id": "bench", "object": "chat.completion", "created": 0, "model": "m",
    "choices": [{"index": 0, "message": MESSAGE, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
}  # fmt: skip


class _Uncached(BriefDraft):
    """The draft with pydantic's own, uncached schema builder: what instructor gets by default."""

    model_json_schema = classmethod(BaseModel.model_json_schema.__func__)  # type: ignore[assignment,attr-defined,var-annotated]


def _plain(model: type[BaseModel], mode: str = "json") -> type[BaseModel]:
    return _Uncached if model is BriefDraft else model


def seconds_per_document(summarizer: Summarizer, text: str, documents: int, rounds: int) -> float:
    summarizer.summarize(text)  # warm-up: imports, first-call caches
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(documents):
            summarizer.summarize(text)
        best = min(best, (time.perf_counter() - start) / documents)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    text = (ROOT / "seeds" / "000_c06b8918ef9a6c16.txt").read_text(encoding="utf-8")
    transport = httpx2.MockTransport(lambda request: httpx2.Response(200, json=ANSWER))
    settings = Settings(retry_policy=RetryPolicy(sleep=lambda _: None))
    summarizer = Summarizer("m", settings=settings, transport=transport)

    ours = seconds_per_document(summarizer, text, args.documents, args.rounds)
    # The baseline is the same flow with instructor's own wrapping of the model on every call.
    flow = vars(drafter)
    cached: Any = flow["response_model"]
    flow["response_model"] = _plain
    try:
        baseline = seconds_per_document(summarizer, text, args.documents, args.rounds)
    finally:
        flow["response_model"] = cached
    print(f"plain instructor use  {baseline * 1000:6.2f} ms per document")
    ratio = ours / baseline
    print(f"summarizer            {ours * 1000:6.2f} ms per document  ({ratio:.2f} of the baseline)")


if __name__ == "__main__":
    main()
