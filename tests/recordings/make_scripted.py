"""Build the scripted failure recordings in tests/recordings/scripted/ (run again when the prompt changes).

    python tests/recordings/make_scripted.py

Each case runs the real Summarizer over seed 1 with a hand-written answer in place of the server's
for the calls listed in its script; every other call is answered from the real recordings in
tests/recordings/seeds. Everything lands in tests/recordings/scripted/<case>/, marked `scripted`:
the hand-written answers are failures (429, invalid JSON, truncation, refusal, empty choices) plus,
after invalid JSON, the one minimal draft that lets the re-ask succeed. The flow names the files as
it does any recording: `000_c06b8918ef9a6c16-draft.json`, and `-draft-2.json` for the re-ask.
Running it again changes nothing but each file's `recorded_at`.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import httpx2

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.errors import SummarizerError  # noqa: E402
from summarizer.service import Summarizer  # noqa: E402
from summarizer.settings import Settings  # noqa: E402
from summarizer.transports._recording import (  # noqa: E402
    RecordedTransport,
    RecordingSource,
    RecordingTransport,
    recorded_settings,
)
from summarizer.transports._retrying import RetryPolicy  # noqa: E402

SEEDS = HERE / "seeds"
DOCUMENT = ROOT / "seeds" / "000_c06b8918ef9a6c16.txt"


def completion(
    content: str | None, *, finish_reason: str = "stop", refusal: str | None = None
) -> dict[str, Any]:
    message = {"role": "assistant", "content": content, "refusal": refusal}
    return {
        "id": "scripted",
        "object": "chat.completion",
        "created": 0,
        "model": "scripted",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


MINIMAL_DRAFT = json.dumps(
    {
        "title": "Russia looks to North Korea for artillery",
        "summary": "North Korea holds a large artillery arsenal that Russia hopes to draw on.",
        "points": [],
        "actors": {"North Korea": "country"},
        "numbers": [{"n": "6,000", "counts": "artillery systems", "of": "North Korea"}],
        "quotes": [],
        "doubts": [],
    }
)
EMPTY = {**completion(None), "choices": []}

CASES: dict[str, dict[int, httpx2.Response]] = {
    "rate_limited_then_ok": {
        0: httpx2.Response(429, headers={"retry-after": "0"}, json={"error": {"message": "slow down"}})
    },
    "invalid_json_then_ok": {
        0: httpx2.Response(200, json=completion('{"title": "Russia turns to North Korea", "summary": ')),
        1: httpx2.Response(200, json=completion(MINIMAL_DRAFT)),
    },
    "truncated": {0: httpx2.Response(200, json=completion('{"title": "Russia', finish_reason="length"))},
    "refusal": {0: httpx2.Response(200, json=completion(None, refusal="I can't help with that."))},
    "empty_choices": {0: httpx2.Response(200, json=EMPTY)},
}


class ScriptedOverlay(httpx2.BaseTransport):
    """Call n gets `script[n]` if there is one, else whatever `inner` answers."""

    def __init__(self, inner: httpx2.BaseTransport, script: dict[int, httpx2.Response]) -> None:
        self.inner, self.script, self.calls = inner, script, 0

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        n, self.calls = self.calls, self.calls + 1
        if n in self.script:
            scripted = self.script[n]
            return httpx2.Response(scripted.status_code, headers=scripted.headers, content=scripted.content)
        return self.inner.handle_request(request)


def build(case: str, script: dict[int, httpx2.Response]) -> None:
    target = HERE / "scripted" / case
    shutil.rmtree(target, ignore_errors=True)
    recorded = recorded_settings(SEEDS)
    source = RecordingSource(base_url=recorded["base_url"], mode=recorded["mode"], scripted=True)
    transport = RecordingTransport(ScriptedOverlay(RecordedTransport(SEEDS), script), target, source)
    settings = Settings(
        model=recorded["model"],
        base_url=recorded["base_url"],
        mode=recorded["mode"],
        retry_policy=RetryPolicy(sleep=lambda _: None),
    )
    try:
        with Summarizer(settings=settings, transport=transport) as summarizer:
            summarizer.summarize(DOCUMENT)
        outcome = "brief"
    except SummarizerError as err:
        outcome = type(err).__name__
    print(f"{case}: {outcome}, {len(list(target.glob('*.json')))} recording(s)")


if __name__ == "__main__":
    for name, steps in CASES.items():
        build(name, steps)
