"""The service: an HTTP API and a web page over the library, with a durable job queue.

Needs the `server` extra (`pip install 'summarizer[server]'`): FastAPI, uvicorn, huey, prometheus_client.

    config.py    where it listens, tokens, limits (safe defaults)
    backend.py   the queue and its storage from one URL: SQLite (default) or Redis
    jobs.py      job records, leases and the brief store (by fingerprint)
    runner.py    huey's consumer threads running jobs; heartbeats; resuming lost jobs
    access.py    bearer tokens (constant-time) and per-token limits
    intake.py    request bodies to documents, read as the CLI reads files
    problems.py  errors as RFC 9457 problem+json
    metrics.py   Prometheus metrics
    view.py      a brief beside its highlighted source (HTML)
    page.py      the web page at / (with static/app.js and static/style.css)
    app.py       the FastAPI application; run.py: `summarizer serve`
"""

from __future__ import annotations

from summarizer.server.config import ServerConfig

__all__ = ["ServerConfig"]
