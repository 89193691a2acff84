"""`summarizer serve`: the model, the queue and the app, run by uvicorn until SIGINT or SIGTERM."""

from __future__ import annotations

import logging
from pathlib import Path

import uvicorn

from summarizer.server.app import create_app
from summarizer.server.backend import open_backend
from summarizer.server.config import ServerConfig
from summarizer.service import Summarizer
from summarizer.settings import Settings


def serve(
    config: ServerConfig,
    *,
    model: str | None = None,
    base_url: str | None = None,
    mode: str | None = None,
    replay: Path | None = None,
    settings: Settings | None = None,
) -> None:
    """Serve until stopped, with one `Summarizer` for every document."""
    config = config.checked()
    summarizer = Summarizer(model, base_url=base_url, mode=mode, replay=replay, settings=settings)
    backend = open_backend(config.queue_url)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(name)s: %(message)s")
    logging.getLogger("httpx2").setLevel(logging.WARNING)  # a line per model call is noise here
    app = create_app(config, summarizer, backend)
    uvicorn.run(
        app, host=config.host, port=config.port, log_level="info", access_log=config.access_log,
        server_header=False, proxy_headers=False, timeout_graceful_shutdown=5,
    )  # fmt: skip
