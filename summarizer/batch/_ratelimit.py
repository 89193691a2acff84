"""Requests-per-minute and tokens-per-minute limits, applied to every HTTP attempt of a batch.

Each limit is a token bucket that refills continuously and holds about a second's worth, so a
batch starts smoothly instead of bursting a minute's allowance at once. A request costs one unit of
the request limit and, of the token limit, its prompt size in tokens (characters / 4) plus its
`max_tokens`, the way OpenAI counts a request against a tokens-per-minute limit before it runs.
A request bigger than the bucket waits for a full bucket and then goes, leaving it in debt.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from summarizer.long_documents import CHARS_PER_TOKEN

if TYPE_CHECKING:
    import httpx2


class RateLimit:
    """`per_minute` units a minute; `take(n)` waits until n units are free."""

    def __init__(
        self,
        per_minute: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if per_minute <= 0:
            raise ValueError("a rate limit must be positive")
        self.rate = per_minute / 60.0
        self.capacity = max(self.rate, 1.0)
        self._level = self.capacity
        self._clock = clock
        self._sleep = sleep
        self._updated = clock()
        self._lock = asyncio.Lock()  # waiters queue in order, so none starves

    async def take(self, amount: float) -> None:
        async with self._lock:
            self._refill()
            needed = min(amount, self.capacity)
            if self._level < needed:
                await self._sleep((needed - self._level) / self.rate)
                self._refill()
            self._level -= amount

    def _refill(self) -> None:
        now = self._clock()
        self._level = min(self.capacity, self._level + (now - self._updated) * self.rate)
        self._updated = now


class RequestLimits:
    """An `AttemptHook` for the retrying transport: every attempt, retries included, pays its way."""

    def __init__(self, requests_per_minute: float | None, tokens_per_minute: float | None) -> None:
        self.requests = RateLimit(requests_per_minute) if requests_per_minute else None
        self.tokens = RateLimit(tokens_per_minute) if tokens_per_minute else None

    async def before_attempt(self, request: httpx2.Request) -> None:
        if self.requests is not None:
            await self.requests.take(1)
        if self.tokens is not None:
            await self.tokens.take(estimated_tokens(request))

    def after_attempt(self, request: httpx2.Request, response: httpx2.Response | None) -> None:
        pass


def estimated_tokens(request: httpx2.Request) -> int:
    """Prompt characters / 4 plus the answer's token cap: what the request may use at most."""
    try:
        body = json.loads(request.content or b"{}")
    except ValueError:
        return len(request.content) // CHARS_PER_TOKEN
    if not isinstance(body, dict):
        return 0
    prompt = sum(len(str(m.get("content", ""))) for m in body.get("messages", []) if isinstance(m, dict))
    cap = body.get("max_tokens") or body.get("max_completion_tokens") or 0
    return prompt // CHARS_PER_TOKEN + int(cap)
