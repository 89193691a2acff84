"""The HTTP API and the web page, as one FastAPI application.

    GET  /                      the web page          GET /healthz /readyz /metrics
    POST /v1/briefs             a short document, answered with its brief (JSON)
    POST /v1/jobs               a document to summarize in the background: 202 and the job
    GET  /v1/jobs/{id}          the job's state and progress
    GET  /v1/jobs/{id}/brief    its brief: JSON, Markdown or HTML (?format= or Accept)
    DELETE /v1/jobs/{id}        cancel it

Every error is problem+json (`summarizer.server.problems`). The same document with the same
settings is summarized once: both routes look up the brief store by fingerprint first.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from summarizer._version import __version__
from summarizer.brief import Brief
from summarizer.errors import SummarizerError
from summarizer.rendering import to_json, to_markdown
from summarizer.server.access import Access
from summarizer.server.backend import Backend, describe
from summarizer.server.config import ServerConfig
from summarizer.server.intake import read_request_document
from summarizer.server.jobs import JobRecord, JobStore, fingerprint, new_job_id
from summarizer.server.metrics import Metrics
from summarizer.server.page import index_page
from summarizer.server.problems import ProblemError, problem_for, problem_response
from summarizer.server.runner import JobRunner
from summarizer.server.view import brief_page
from summarizer.service import Summarizer

log = logging.getLogger("summarizer.server")
STATIC = Path(__file__).parent / "static"
PAGE_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"
)
_FORMATS = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


@dataclass
class Service:
    """What the routes share."""

    config: ServerConfig
    summarizer: Summarizer
    backend: Backend
    store: JobStore
    runner: JobRunner
    metrics: Metrics
    access: Access
    settings: dict[str, str]
    slots: asyncio.Semaphore  # documents summarized at once by POST /v1/briefs
    drafting: dict[str, asyncio.Future[Brief]]  # by fingerprint: a second request waits for the first

    def caller(self, request: Request) -> str:
        return self.access.caller(request.headers.get("authorization"))

    def key_of(self, sha256: str) -> str:
        return fingerprint(sha256, self.settings)


def create_app(config: ServerConfig, summarizer: Summarizer, backend: Backend) -> FastAPI:
    metrics = Metrics()
    store = JobStore(backend, config.lease_s)
    service = Service(
        config=config, summarizer=summarizer, backend=backend, store=store, metrics=metrics,
        runner=JobRunner(summarizer, store, metrics, config.concurrency),
        access=Access(config.tokens, config.token_concurrency, config.token_rpm),
        settings=summarizer.fingerprint, slots=asyncio.Semaphore(config.concurrency), drafting={},
    )  # fmt: skip

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(service.runner.start)
        log.info("summarizer %s serving with a %s queue", __version__, backend.kind)
        try:
            yield
        finally:
            service.runner.stop()
            await summarizer.aclose()

    app = FastAPI(
        title="summarizer", version=__version__, lifespan=lifespan,
        description="Documents in, verified briefs out. Errors are RFC 9457 problem+json.",
    )  # fmt: skip
    app.state.service = service
    _add_error_handlers(app)
    _add_routes(app, service)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(MeteredLimitedBody, service=service)  # type: ignore[arg-type]
    return app


# -- routes ---------------------------------------------------------------------------------------


def _add_routes(app: FastAPI, service: Service) -> None:
    store = service.store

    @app.get("/", include_in_schema=False)
    async def page() -> HTMLResponse:
        headers = {"Content-Security-Policy": PAGE_CSP}
        return HTMLResponse(
            index_page(service.access.required, service.config.max_document_bytes), headers=headers
        )

    @app.get("/healthz", tags=["operations"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["operations"])
    async def readyz() -> dict[str, Any]:
        try:
            await run_in_threadpool(service.backend.ping)
        except Exception as err:
            raise ProblemError(
                503, "Not ready", f"the queue backend is unreachable: {type(err).__name__}"
            ) from None
        if not service.runner.alive:
            raise ProblemError(503, "Not ready", "the job workers are not running")
        return {"status": "ready", "queue": describe(service.backend), "model": service.settings["model"]}

    @app.get("/metrics", tags=["operations"])
    async def metrics(request: Request) -> Response:
        service.caller(request)
        return Response(service.metrics.exposition(), media_type="text/plain; version=0.0.4; charset=utf-8")

    @app.post("/v1/briefs", tags=["briefs"])
    async def create_brief(request: Request) -> Response:
        """Summarize a short document in this request; the answer is the brief's JSON."""
        caller = service.caller(request)
        async with service.access.admitted(caller):
            document = await read_request_document(request, service.config.max_document_bytes)
            key = service.key_of(document.sha256)
            cached = await run_in_threadpool(store.cached_brief, key)
            if cached is not None:
                service.metrics.documents.labels("sync", "cached").inc()
                return Response(to_json(cached[0]), media_type="application/json", headers={"X-Cache": "hit"})
            if key in service.drafting:  # the same document is being summarized for another request
                brief = await asyncio.shield(service.drafting[key])
                return Response(to_json(brief), media_type="application/json", headers={"X-Cache": "hit"})
            brief = await _summarize_once(service, key, document)
            return Response(to_json(brief), media_type="application/json", headers={"X-Cache": "miss"})

    @app.post("/v1/jobs", status_code=202, tags=["jobs"])
    async def create_job(request: Request) -> JSONResponse:
        """Queue a document; poll the job, then fetch its brief."""
        caller = service.caller(request)
        async with service.access.admitted(caller):
            document = await read_request_document(request, service.config.max_document_bytes)
            job = JobRecord(
                id=new_job_id(), fingerprint=service.key_of(document.sha256), owner=caller,
                name=document.name, media_type=document.media_type, characters=len(document.text),
            )  # fmt: skip
            await run_in_threadpool(_accept, service, job, document)
        location = f"/v1/jobs/{job.id}"
        return JSONResponse(_job_body(job, store), status_code=202, headers={"Location": location})

    @app.get("/v1/jobs/{job_id}", tags=["jobs"])
    async def get_job(job_id: str, request: Request) -> JSONResponse:
        job = await _owned_job(service, request, job_id)
        return JSONResponse(await run_in_threadpool(_job_body, job, store))

    @app.get("/v1/jobs/{job_id}/brief", tags=["jobs"])
    async def get_job_brief(job_id: str, request: Request, format: str | None = None) -> Response:
        job = await _owned_job(service, request, job_id)
        fmt = format or _negotiated(request.headers.get("accept", ""))
        if fmt not in _FORMATS:
            raise ProblemError(400, "Unknown format", f"format {fmt!r}: choose json, md or html")
        if job.state == "failed" and job.problem is not None:
            raise ProblemError(409, "The job failed", job.problem.detail, slug="job-failed")
        if job.state != "done":
            raise ProblemError(
                409, "No brief yet", f"the job is {job.state}; poll /v1/jobs/{job.id}", slug="job-not-done"
            )
        found = await run_in_threadpool(store.cached_brief, job.fingerprint)
        if found is None:
            raise ProblemError(410, "Brief gone", "the brief is no longer stored; submit the document again")
        brief, text = found
        body = {"json": to_json, "md": to_markdown}.get(fmt, lambda b: brief_page(b, text))(brief)
        return Response(body, media_type=_FORMATS[fmt])

    @app.delete("/v1/jobs/{job_id}", status_code=202, tags=["jobs"])
    async def cancel_job(job_id: str, request: Request) -> JSONResponse:
        job = await _owned_job(service, request, job_id)
        if job.finished:
            raise ProblemError(409, "Already finished", f"the job is {job.state}", slug="job-finished")
        await run_in_threadpool(store.request_cancel, job.id)
        if job.state == "queued":  # no worker has it: cancelled now (a worker that takes it skips it)
            job.state = job.stage = "cancelled"
            await run_in_threadpool(store.save, job)
            service.metrics.jobs.labels("cancelled").inc()
        return JSONResponse(await run_in_threadpool(_job_body, job, store), status_code=202)


async def _summarize_once(service: Service, key: str, document: Any) -> Brief:
    """Summarize and store; requests for the same document meanwhile share the outcome."""
    shared: asyncio.Future[Brief] = asyncio.get_running_loop().create_future()
    service.drafting[key] = shared
    try:
        brief = await _summarize_now(service, document)
        await run_in_threadpool(service.store.store_brief, key, brief, document.text)
    except asyncio.CancelledError:
        shared.cancel()
        raise
    except Exception as err:
        shared.set_exception(err)
        shared.exception()  # retrieved: no "never retrieved" warning when nobody else waited
        raise
    finally:
        del service.drafting[key]
    shared.set_result(brief)
    return brief


async def _summarize_now(service: Service, document: Any) -> Brief:
    service.metrics.in_flight.inc()
    try:
        async with service.slots:
            brief = await service.summarizer.asummarize(document)
    except SummarizerError:
        service.metrics.documents.labels("sync", "failed").inc()
        raise
    finally:
        service.metrics.in_flight.dec()
    service.metrics.observe_brief(brief, "sync")
    return brief


def _accept(service: Service, job: JobRecord, document: Any) -> None:
    """Record the job, then queue it; a document already summarized with these settings is done at once."""
    store = service.store
    service.metrics.jobs.labels("accepted").inc()
    if store.cached_brief(job.fingerprint) is not None:
        job.state = job.stage = "done"
        job.cached = True
        store.create(job, document)
        store.save(job)
        service.metrics.documents.labels("job", "cached").inc()
        return
    store.create(job, document)
    service.runner.enqueue(job)


def _job_body(job: JobRecord, store: JobStore) -> dict[str, Any]:
    body = job.public(cancelling=not job.finished and store.cancel_requested(job.id))
    body["links"] = {"self": f"/v1/jobs/{job.id}", "brief": f"/v1/jobs/{job.id}/brief"}
    return body


async def _owned_job(service: Service, request: Request, job_id: str) -> JobRecord:
    caller = service.caller(request)
    job = await run_in_threadpool(service.store.get, job_id) if job_id.isalnum() else None
    if job is None or job.owner != caller:  # another caller's job is as unknown as a missing one
        raise ProblemError(
            404, "No such job", f"no job {job_id[:64]!r} for this caller", slug="job-not-found"
        )
    return job


def _negotiated(accept: str) -> str:
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media == "text/html":
            return "html"
        if media == "text/markdown":
            return "md"
        if media in ("application/json", "*/*"):
            return "json"
    return "json"


# -- errors ---------------------------------------------------------------------------------------


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc.problem, request.url.path, exc.headers)

    @app.exception_handler(SummarizerError)
    async def library_error(request: Request, exc: SummarizerError) -> JSONResponse:
        return problem_response(problem_for(exc), request.url.path)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        error = ProblemError(exc.status_code, _title(exc.status_code), detail)
        return problem_response(error.problem, request.url.path, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        error = ProblemError(400, "Invalid request", f"{where}: {first.get('msg', 'invalid')}")
        return problem_response(error.problem, request.url.path)

    @app.exception_handler(BodyTooLarge)
    async def too_large(request: Request, exc: BodyTooLarge) -> JSONResponse:
        return problem_response(_too_large(app.state.service).problem, request.url.path)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        error = ProblemError(500, "Internal error", "the server failed on this request; see its log")
        return problem_response(error.problem, request.url.path)


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


# -- body limit and request metrics ---------------------------------------------------------------


class BodyTooLarge(Exception):
    pass


class MeteredLimitedBody:
    """Refuses bodies over the limit (413, before reading them when Content-Length says so) and
    counts every request by route template and status, with its latency."""

    def __init__(self, app: ASGIApp, service: Service) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500
        limit = self.service.config.max_body_bytes
        seen = 0

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge
            return message

        async def noted_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            if _declared_length(scope) > limit:
                raise BodyTooLarge
            await self.app(scope, counted_receive, noted_send)
        except BodyTooLarge:
            await problem_response(_too_large(self.service).problem, scope["path"])(
                scope, receive, noted_send
            )
        finally:
            route = getattr(scope.get("route"), "path", None) or (
                "/static" if scope["path"].startswith("/static") else "other"
            )
            self.service.metrics.requests.labels(scope["method"], route, str(status)).inc()
            self.service.metrics.request_seconds.labels(route).observe(time.perf_counter() - started)


def _too_large(service: Service) -> ProblemError:
    mb = service.config.max_document_bytes // (1024 * 1024)
    return ProblemError(413, "Body too large", f"the request body is over the limit ({mb} MB of document)")


def _declared_length(scope: Scope) -> int:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0
    return 0
