"""A transport that sits over another one, sync and async alike, and closes it when closed."""

from __future__ import annotations

import httpx2


class WrappingTransport(httpx2.BaseTransport, httpx2.AsyncBaseTransport):
    """Base for the layers under the openai client (retries, recording): one object serves both clients."""

    def __init__(self, inner: httpx2.BaseTransport | httpx2.AsyncBaseTransport) -> None:
        self.inner = inner

    def close(self) -> None:
        if isinstance(self.inner, httpx2.BaseTransport):
            self.inner.close()

    async def aclose(self) -> None:
        if isinstance(self.inner, httpx2.AsyncBaseTransport):
            await self.inner.aclose()
