"""Transient HTTP failures are retried here, and only here.

`RetryingTransport` wraps any httpx2 transport: 429, 5xx, timeouts and dropped connections get
bounded exponential backoff with jitter, and a Retry-After header is honoured (capped). Sitting
under the openai client (whose own retries are off) it retries each HTTP call on its own, so a 503
during a re-ask round repeats that round only. When its requests run out, the last response is
returned so the openai client raises its usual status error, which the library then names.

A 429 holds back every call through the same transport, not just the one that got it: the wait it
asks for is recorded in a `SharedPause` that each attempt waits out before it is sent, so a batch of
concurrent documents slows down together instead of each worker hammering the server on its own.
`AttemptHook`s (async path only) see every attempt, retries included: batch uses them for
requests/tokens-per-minute limits and to count tokens per document.
"""

from __future__ import annotations

import asyncio
import email.utils
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

import httpx2
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    retry_if_result,
    wait_exponential_jitter,
)

from summarizer.transports._wrapping import WrappingTransport

RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
TRANSIENT_ERRORS = (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError)


@dataclass(frozen=True)
class RetryPolicy:
    """How often one HTTP request is sent before its failure is final (the first send included)."""

    max_requests: int = 6
    initial_wait: float = 1.0
    max_wait: float = 30.0
    max_retry_after: float = 120.0
    # A refused connection means nothing listens there: a server restarting is back within a second or
    # two, a wrong URL or a dead server never is, so a few quick tries and the caller is told.
    max_connect_requests: int = 3
    connect_wait: float = 0.25
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


class SharedPause:
    """A moment before which no attempt through this transport is sent; any 429 can push it later."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self.until = 0.0

    def extend(self, seconds: float) -> float:
        """Hold everyone back for `seconds` from now (never shortens a pause); returns the new end."""
        with self._lock:
            self.until = max(self.until, self._clock() + seconds)
            return self.until

    def remaining(self, own_until: float = 0.0) -> float:
        """Seconds left to wait, or 0 when the pause is the caller's own (it has already slept it)."""
        if self.until <= own_until:
            return 0.0
        return max(self.until - self._clock(), 0.0)


class AttemptHook(Protocol):
    """Sees every HTTP attempt on the async path: before it is sent, and its response (None on error)."""

    async def before_attempt(self, request: httpx2.Request) -> None: ...

    def after_attempt(self, request: httpx2.Request, response: httpx2.Response | None) -> None: ...


@dataclass
class _Call:
    """One logical request across its retries: the end of the pause it set itself, if any."""

    own_pause_until: float = 0.0


def _should_retry_response(response: httpx2.Response) -> bool:
    return response.status_code in RETRY_STATUSES


class _Wait:
    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy
        self.backoff = wait_exponential_jitter(multiplier=policy.initial_wait, max=policy.max_wait)

    def __call__(self, state: RetryCallState) -> float:
        outcome = state.outcome
        if outcome is not None and not outcome.failed:
            asked = retry_after_seconds(outcome.result())
            if asked is not None:
                return min(asked, self.policy.max_retry_after)
        if _refused(state):
            return self.policy.connect_wait
        return float(self.backoff(state))


class _Stop:
    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy

    def __call__(self, state: RetryCallState) -> bool:
        if _refused(state):
            return state.attempt_number >= self.policy.max_connect_requests
        return state.attempt_number >= self.policy.max_requests


def _refused(state: RetryCallState) -> bool:
    """The attempt could not connect at all (refused, no route, unknown host)."""
    outcome = state.outcome
    return outcome is not None and outcome.failed and isinstance(outcome.exception(), httpx2.ConnectError)


def _last_response(state: RetryCallState) -> httpx2.Response:
    assert state.outcome is not None
    response: httpx2.Response = state.outcome.result()
    return response


class RetryingTransport(WrappingTransport):
    def __init__(
        self, inner: httpx2.BaseTransport | httpx2.AsyncBaseTransport, policy: RetryPolicy | None = None
    ) -> None:
        super().__init__(inner)
        self.policy = policy or RetryPolicy()
        self.pause = SharedPause()
        self.hooks: list[AttemptHook] = []

    def _options(self, call: _Call) -> dict[str, object]:
        return {
            "stop": _Stop(self.policy),
            "wait": _Wait(self.policy),
            "retry": retry_if_exception_type(TRANSIENT_ERRORS) | retry_if_result(_should_retry_response),
            "retry_error_callback": _last_response,
            "before_sleep": lambda state: self._before_sleep(state, call),
            "reraise": True,
        }

    def _before_sleep(self, state: RetryCallState, call: _Call) -> None:
        outcome, action = state.outcome, state.next_action
        if outcome is not None and not outcome.failed and outcome.result().status_code == 429:
            # This call sleeps the wait itself (tenacity); every other call waits on the pause.
            call.own_pause_until = self.pause.extend(action.sleep if action is not None else 0.0)

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        call = _Call()
        retrying = Retrying(sleep=self.policy.sleep, **self._options(call))  # type: ignore[arg-type]
        response: httpx2.Response = retrying(self._send, request, call)
        return response

    # A retryable response is read in full, not closed: after the last attempt the client needs its body.
    def _send(self, request: httpx2.Request, call: _Call) -> httpx2.Response:
        assert isinstance(self.inner, httpx2.BaseTransport)
        if (wait := self.pause.remaining(call.own_pause_until)) > 0:
            self.policy.sleep(wait)
        response = self.inner.handle_request(request)
        if _should_retry_response(response):
            response.read()
        return response

    async def _asend(self, request: httpx2.Request, call: _Call) -> httpx2.Response:
        assert isinstance(self.inner, httpx2.AsyncBaseTransport)
        if (wait := self.pause.remaining(call.own_pause_until)) > 0:
            await self.policy.async_sleep(wait)
        for hook in self.hooks:
            await hook.before_attempt(request)
        try:
            response = await self.inner.handle_async_request(request)
        except BaseException:
            self._after_attempt(request, None)
            raise
        # Hooks may read the answer (token usage), so it is read here; chat calls do not stream.
        if self.hooks or _should_retry_response(response):
            await response.aread()
        self._after_attempt(request, response)
        return response

    def _after_attempt(self, request: httpx2.Request, response: httpx2.Response | None) -> None:
        for hook in self.hooks:
            hook.after_attempt(request, response)

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        call = _Call()
        retrying = AsyncRetrying(sleep=self.policy.async_sleep, **self._options(call))  # type: ignore[arg-type]
        response: httpx2.Response = await retrying(self._asend, request, call)
        return response
