"""The connection to the model: the transport stack under the openai clients, and the clients.

Replay, recording or the network at the bottom, retries above them, the openai clients on top with
their own retries off, so a transient failure has one owner (`summarizer.transports`).
"""

from __future__ import annotations

import httpx2
import openai

from summarizer._atomic import check_writable_folder
from summarizer.errors import ConfigError
from summarizer.settings import DEFAULT_BASE_URL, Settings
from summarizer.transports import (
    RecordedTransport,
    RecordingSource,
    RecordingTransport,
    RetryingTransport,
    RetryPolicy,
    public_base_url,
)


def build_transport(settings: Settings, inner: httpx2.BaseTransport | None = None) -> RetryingTransport:
    """Retries over replay, recording or the network; `inner` replaces the network (the test seam)."""
    if inner is None and settings.replay_dir is not None:
        inner = RecordedTransport(settings.replay_dir)
    elif inner is None:
        require_key_for_openai(settings)
        inner = _LiveTransport()
    if settings.record_dir is not None:
        check_writable_folder(settings.record_dir)  # before the first answer is paid for and lost
        source = RecordingSource(base_url=public_base_url(settings.api_base_url), mode=settings.mode or "")
        inner = RecordingTransport(inner, settings.record_dir, source)
    return RetryingTransport(inner, settings.retry_policy or RetryPolicy())


def require_key_for_openai(settings: Settings) -> None:
    """OpenAI's own API refuses every call without a key: say so now, not after retries."""
    if settings.api_base_url == DEFAULT_BASE_URL and not settings.api_key:
        raise ConfigError(
            f"no API key for {DEFAULT_BASE_URL}: set OPENAI_API_KEY, or point OPENAI_BASE_URL "
            "(--base-url) at another server"
        )


class _LiveTransport(httpx2.BaseTransport, httpx2.AsyncBaseTransport):
    """One object serving both the sync and the async client."""

    def __init__(self) -> None:
        self._sync = httpx2.HTTPTransport()
        self._async = httpx2.AsyncHTTPTransport()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        return self._sync.handle_request(request)

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        return await self._async.handle_async_request(request)

    def close(self) -> None:
        self._sync.close()

    async def aclose(self) -> None:
        await self._async.aclose()


def openai_client(settings: Settings, transport: RetryingTransport) -> openai.OpenAI:
    http = httpx2.Client(transport=transport, timeout=settings.timeout_s)
    return openai.OpenAI(
        api_key=settings.api_key or "unused", base_url=settings.api_base_url, max_retries=0, http_client=http
    )


def async_openai_client(settings: Settings, transport: RetryingTransport) -> openai.AsyncOpenAI:
    http = httpx2.AsyncClient(transport=transport, timeout=settings.timeout_s)
    return openai.AsyncOpenAI(
        api_key=settings.api_key or "unused", base_url=settings.api_base_url, max_retries=0, http_client=http
    )
