"""Per-document usage in a batch: HTTP requests and tokens, counted where every answer passes.

The retrying transport is shared by all documents of a batch, so it cannot know which document a
request is for; a context variable can. Each document's task sets `current_usage` (an asyncio task
copies the context it starts in) and `UsageMeter`, an `AttemptHook` on the transport, adds each
attempt and the `usage` of each answer to it. That counts what a failed document cost too: a
truncated answer, an invalid draft that was re-asked, a 429 that was retried.
"""

from __future__ import annotations

import contextvars
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx2


@dataclass
class DocumentUsage:
    characters: int = 0  # of the document's text, for projecting the cost of the next ones
    requests: int = 0
    completions: int = 0
    tokens_in: int = 0
    tokens_out: int = 0


current_usage: contextvars.ContextVar[DocumentUsage | None] = contextvars.ContextVar(
    "current_usage", default=None
)


class UsageMeter:
    """An `AttemptHook` adding each attempt and answer to the current document's usage."""

    async def before_attempt(self, request: httpx2.Request) -> None:
        pass

    def after_attempt(self, request: httpx2.Request, response: httpx2.Response | None) -> None:
        usage = current_usage.get()
        if usage is None:
            return
        usage.requests += 1
        if response is None or response.status_code != 200:
            return
        tokens = _reported_usage(response.content)
        if tokens is not None:
            usage.completions += 1
            usage.tokens_in += tokens[0]
            usage.tokens_out += tokens[1]


def _reported_usage(content: bytes) -> tuple[int, int] | None:
    try:
        body = json.loads(content)
    except ValueError:
        return None
    reported = body.get("usage") if isinstance(body, dict) else None
    if not isinstance(reported, dict):
        return (0, 0) if isinstance(body, dict) and "choices" in body else None
    return int(reported.get("prompt_tokens") or 0), int(reported.get("completion_tokens") or 0)
