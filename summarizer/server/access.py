"""Who is calling, and how much they may ask: bearer tokens and per-token limits.

Tokens are compared in constant time (`hmac.compare_digest`) against every configured token, so
the time taken says nothing about which one nearly matched. A caller is known by an opaque id
(a hash of its token); the token itself is never stored, logged or echoed.

Limits per caller, in this process: documents submitted per minute (a token bucket holding one
minute's allowance) and requests in flight. Over either, the answer is 429 with Retry-After.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from summarizer.server.problems import ProblemError

ANONYMOUS = "anonymous"


@dataclass
class _Bucket:
    tokens: float
    updated: float


class Access:
    def __init__(self, tokens: tuple[str, ...], concurrency: int, per_minute: float) -> None:
        self._tokens = [t.encode() for t in tokens]
        self.concurrency = concurrency
        self.per_minute = per_minute
        self._in_flight: dict[str, int] = {}
        self._buckets: dict[str, _Bucket] = {}

    @property
    def required(self) -> bool:
        return bool(self._tokens)

    def caller(self, authorization: str | None) -> str:
        """The caller's id, or a 401 problem. Without configured tokens everyone is anonymous."""
        if not self._tokens:
            return ANONYMOUS
        scheme, _, presented = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not presented.strip():
            raise _unauthorized("send the header 'Authorization: Bearer <token>'")
        candidate = presented.strip().encode()
        matched = False
        for token in self._tokens:  # no early exit: every token is compared
            matched |= hmac.compare_digest(candidate, token)
        if not matched:
            raise _unauthorized("the bearer token is not valid")
        return "t-" + hashlib.sha256(candidate).hexdigest()[:16]

    @asynccontextmanager
    async def admitted(self, caller: str) -> AsyncIterator[None]:
        """One submission: within the caller's rate and concurrency, for as long as it runs."""
        self._take_rate(caller)
        if self._in_flight.get(caller, 0) >= self.concurrency:
            raise ProblemError(
                429, "Too many requests in flight",
                f"at most {self.concurrency} requests at once per token; wait for one to finish",
                slug="concurrency-limit", headers={"Retry-After": "1"},
            )  # fmt: skip
        self._in_flight[caller] = self._in_flight.get(caller, 0) + 1
        try:
            yield
        finally:
            self._in_flight[caller] -= 1

    def _take_rate(self, caller: str) -> None:
        now = time.monotonic()
        bucket = self._buckets.setdefault(caller, _Bucket(self.per_minute, now))
        bucket.tokens = min(self.per_minute, bucket.tokens + (now - bucket.updated) * self.per_minute / 60)
        bucket.updated = now
        if bucket.tokens < 1:
            wait = math.ceil((1 - bucket.tokens) * 60 / self.per_minute)
            raise ProblemError(
                429, "Rate limit reached",
                f"at most {self.per_minute:g} documents per minute per token; retry in {wait} s",
                slug="rate-limit", headers={"Retry-After": str(wait)},
            )  # fmt: skip
        bucket.tokens -= 1


def _unauthorized(detail: str) -> ProblemError:
    return ProblemError(
        401, "Unauthorized", detail, headers={"WWW-Authenticate": 'Bearer realm="summarizer"'}
    )
