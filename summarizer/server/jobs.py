"""Job records beside the queue: what was accepted, where it stands, and what it produced.

A record is written before its task is queued, so every job a client was told about (202 and an id)
has one; the task only carries the id. States:

    queued -> running -> done | failed        cancelled: by DELETE before it finished

A running job's worker writes a heartbeat every lease/4 seconds under its own key (so it never
races the record). `JobStore.lost_jobs` finds active jobs whose worker went silent (a kill -9, a
lost machine) or whose task never reached the queue; the runner queues them again, and a claim
key per run makes sure only one worker takes each.

Briefs are stored by fingerprint (the document's sha256 and the settings a brief depends on, the
batch cache's rule), with the source text the HTML view highlights.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from huey.constants import EmptyData

from summarizer.brief import Brief
from summarizer.reading import SourceDocument
from summarizer.server.backend import Backend

State = Literal["queued", "running", "done", "failed", "cancelled"]
FINISHED: tuple[State, ...] = ("done", "failed", "cancelled")


def fingerprint(sha256: str, settings: dict[str, str]) -> str:
    """The cache key of a brief: the same input with the same settings gives the same brief."""
    return hashlib.sha256(json.dumps({"sha256": sha256, **settings}, sort_keys=True).encode()).hexdigest()


@dataclass
class Problem:
    """Why a job failed, as the problem+json it is reported with."""

    type: str
    title: str
    status: int
    detail: str


@dataclass
class JobRecord:
    id: str
    fingerprint: str
    owner: str  # an opaque id of the token that submitted it, never the token
    name: str | None
    media_type: str
    characters: int
    state: State = "queued"
    stage: str = "queued"
    created_at: float = field(default_factory=time.time)
    updated_at: float = field(default_factory=time.time)
    runs: int = 0  # times a worker started it: more than one means it was resumed
    generation: int = 0  # raised each time a lost job is queued again; one claim per generation
    worker: str | None = None
    cached: bool = False
    calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float | None = None
    duration_s: float | None = None
    problem: Problem | None = None

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    def public(self, cancelling: bool = False) -> dict[str, Any]:
        """The record as a client sees it (no owner, no worker)."""
        data = asdict(self)
        for private in ("owner", "worker", "fingerprint", "generation"):
            data.pop(private)
        data["cancelling"] = cancelling and not self.finished
        data["progress"] = {"stage": self.stage, "runs": self.runs, "calls": self.calls}
        return data

    @classmethod
    def from_json(cls, raw: bytes) -> JobRecord:
        data = json.loads(raw)
        problem = data.pop("problem", None)
        return cls(**data, problem=Problem(**problem) if problem else None)

    def to_json(self) -> bytes:
        return json.dumps(asdict(self)).encode()


def new_job_id() -> str:
    return uuid.uuid4().hex


class JobStore:
    def __init__(self, backend: Backend, lease_s: float) -> None:
        self.backend = backend
        self.lease_s = lease_s
        self._jobs = backend.jobs
        self._active = backend.active
        self._briefs = backend.briefs

    # -- records ------------------------------------------------------------------------------

    def create(self, job: JobRecord, document: SourceDocument) -> None:
        """Input first, then the record, then the active marker: a record always has its input."""
        self._jobs.put_data(f"input:{job.id}", _document_json(document))
        self.save(job)
        self._active.put_data(job.id, b"1")

    def get(self, job_id: str) -> JobRecord | None:
        raw = self._jobs.peek_data(f"job:{job_id}")
        return None if raw is EmptyData else JobRecord.from_json(raw)

    def save(self, job: JobRecord) -> None:
        job.updated_at = time.time()
        self._jobs.put_data(f"job:{job.id}", job.to_json())
        if job.finished:
            self._active.delete_data(job.id)
            self._jobs.delete_data(f"beat:{job.id}")

    def document(self, job_id: str) -> SourceDocument:
        raw = self._jobs.peek_data(f"input:{job_id}")
        if raw is EmptyData:
            raise LookupError(f"job {job_id} has no stored input")
        return _document_from_json(raw)

    # -- cancelling ---------------------------------------------------------------------------

    def request_cancel(self, job_id: str) -> None:
        self._jobs.put_data(f"cancel:{job_id}", b"1")

    def cancel_requested(self, job_id: str) -> bool:
        return bool(self._jobs.has_data_for_key(f"cancel:{job_id}"))

    # -- leases -------------------------------------------------------------------------------

    def claim(self, job: JobRecord) -> bool:
        """Only one worker takes each generation of a job, even if its task was queued twice."""
        return bool(self._jobs.put_if_empty(f"claim:{job.id}:{job.generation}", b"1"))

    def heartbeat(self, job_id: str) -> None:
        self._jobs.put_data(f"beat:{job_id}", str(time.time()).encode())

    def is_silent(self, job: JobRecord) -> bool:
        raw = self._jobs.peek_data(f"beat:{job.id}")
        last = job.updated_at if raw is EmptyData else max(job.updated_at, float(raw))
        return time.time() - last > self.lease_s

    def active_ids(self) -> list[str]:
        return [_text(key) for key in self._active.result_items()]

    def lost_jobs(self) -> list[JobRecord]:
        """Active jobs no worker has: running with a silent worker, or queued with no task in the queue."""
        lost, queued = [], None
        for job_id in self.active_ids():
            job = self.get(job_id)
            if job is None or job.finished:
                self._active.delete_data(job_id)
                continue
            if not self.is_silent(job):
                continue
            if job.state == "queued":
                queued = self.backend.queued_job_ids() if queued is None else queued
                if job.id in queued:
                    continue
            lost.append(job)
        return lost

    # -- briefs -------------------------------------------------------------------------------

    def cached_brief(self, key: str) -> tuple[Brief, str] | None:
        raw = self._briefs.peek_data(key)
        if raw is EmptyData:
            return None
        data = json.loads(raw)
        return Brief.model_validate(data["brief"]), data["text"]

    def store_brief(self, key: str, brief: Brief, text: str) -> None:
        payload = {"brief": brief.model_dump(mode="json"), "text": text}
        self._briefs.put_data(key, json.dumps(payload).encode())


def _document_json(document: SourceDocument) -> bytes:
    return json.dumps(asdict(document)).encode()


def _document_from_json(raw: bytes) -> SourceDocument:
    data = json.loads(raw)
    data["page_starts"] = tuple(data.get("page_starts") or ())
    return SourceDocument(**data)


def _text(key: str | bytes) -> str:
    return key.decode() if isinstance(key, bytes) else key
