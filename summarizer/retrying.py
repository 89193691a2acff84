"""Transient HTTP failures are retried here, and only here.

`RetryingTransport` wraps any httpx2 transport: 429, 5xx, timeouts and dropped connections get
bounded exponential backoff with jitter, and a Retry-After header is honoured (capped). Sitting
under the openai client (whose own retries are off) it retries each HTTP call on its own, so a 503
during a re-ask round repeats that round only. When attempts run out, the last response is
returned so the openai client raises its usual status error, which the library then names.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx2
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    retry_if_result,
    stop_after_attempt,
    wait_exponential_jitter,
)

RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
TRANSIENT_ERRORS = (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6
    initial_wait: float = 1.0
    max_wait: float = 30.0
    max_retry_after: float = 120.0
    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep


def retry_after_seconds(response: httpx2.Response) -> float | None:
    """Seconds a server asked us to wait: retry-after-ms, Retry-After seconds, or an HTTP date."""
    if (ms := response.headers.get("retry-after-ms")) is not None:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        return max(parsed.timestamp() - time.time(), 0.0) if parsed else None


def _should_retry_response(response: httpx2.Response) -> bool:
    return response.status_code in RETRY_STATUSES


class _Wait:
    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy
        self.backoff = wait_exponential_jitter(initial=policy.initial_wait, max=policy.max_wait)

    def __call__(self, state: RetryCallState) -> float:
        outcome = state.outcome
        if outcome is not None and not outcome.failed:
            asked = retry_after_seconds(outcome.result())
            if asked is not None:
                return min(asked, self.policy.max_retry_after)
        return float(self.backoff(state))


def _last_response(state: RetryCallState) -> httpx2.Response:
    assert state.outcome is not None
    response: httpx2.Response = state.outcome.result()
    return response


class RetryingTransport(httpx2.BaseTransport, httpx2.AsyncBaseTransport):
    def __init__(
        self, inner: httpx2.BaseTransport | httpx2.AsyncBaseTransport, policy: RetryPolicy | None = None
    ) -> None:
        self.inner = inner
        self.policy = policy or RetryPolicy()
        self.retries = 0

    def _options(self) -> dict[str, object]:
        return {
            "stop": stop_after_attempt(self.policy.attempts),
            "wait": _Wait(self.policy),
            "retry": retry_if_exception_type(TRANSIENT_ERRORS) | retry_if_result(_should_retry_response),
            "retry_error_callback": _last_response,
            "before_sleep": self._count,
            "reraise": True,
        }

    def _count(self, state: RetryCallState) -> None:
        self.retries += 1

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        retrying = Retrying(sleep=self.policy.sleep, **self._options())  # type: ignore[arg-type]
        response: httpx2.Response = retrying(self._send, request)
        return response

    # A retryable response is read in full, not closed: after the last attempt the client needs its body.
    def _send(self, request: httpx2.Request) -> httpx2.Response:
        assert isinstance(self.inner, httpx2.BaseTransport)
        response = self.inner.handle_request(request)
        if _should_retry_response(response):
            response.read()
        return response

    async def _asend(self, request: httpx2.Request) -> httpx2.Response:
        assert isinstance(self.inner, httpx2.AsyncBaseTransport)
        response = await self.inner.handle_async_request(request)
        if _should_retry_response(response):
            await response.aread()
        return response

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        retrying = AsyncRetrying(sleep=self.policy.async_sleep, **self._options())  # type: ignore[arg-type]
        response: httpx2.Response = await retrying(self._asend, request)
        return response

    def close(self) -> None:
        if isinstance(self.inner, httpx2.BaseTransport):
            self.inner.close()

    async def aclose(self) -> None:
        if isinstance(self.inner, httpx2.AsyncBaseTransport):
            await self.inner.aclose()
