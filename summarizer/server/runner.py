"""The job workers: huey's consumer threads in this process, each running one document at a time.

`JobRunner.run` is the one task. It is idempotent: a finished job, a job another worker has
claimed for this run, or one cancelled before it started, returns at once. Beside the workers, one
thread writes heartbeats for the jobs running here and sweeps for lost ones (see `jobs`).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from typing import Any

from huey.consumer import Consumer

from summarizer.errors import SummarizerError
from summarizer.server.jobs import JobRecord, JobStore
from summarizer.server.metrics import Metrics
from summarizer.server.problems import problem_for
from summarizer.service import Summarizer

log = logging.getLogger("summarizer.server")
TASK_NAME = "summarizer.job"


class _EmbeddedConsumer(Consumer):  # type: ignore[misc]
    """huey's consumer inside the web server: the server owns the signals, not the consumer."""

    def _set_signal_handlers(self) -> None:
        pass


class JobRunner:
    def __init__(self, summarizer: Summarizer, store: JobStore, metrics: Metrics, concurrency: int) -> None:
        self.summarizer = summarizer
        self.store = store
        self.metrics = metrics
        self.concurrency = concurrency
        self.worker_id = uuid.uuid4().hex[:12]
        self.huey = store.backend.huey
        self.task: Any = self.huey.task(name=TASK_NAME)(self.run)
        self._running: set[str] = set()
        self._drafting: dict[str, threading.Event] = {}  # fingerprint -> set when its brief is stored
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._consumer: Consumer | None = None
        self._keeper: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> None:
        self._consumer = _EmbeddedConsumer(
            self.huey, workers=self.concurrency, worker_type="thread", periodic=False,
            initial_delay=0.01, backoff=1.5, max_delay=0.5, scheduler_interval=1,
        )  # fmt: skip
        self._consumer.start()
        self._keeper = threading.Thread(target=self._keep, name="summarizer-leases", daemon=True)
        self._keeper.start()
        self.resume_lost()

    def stop(self) -> None:
        """Stop taking tasks. Jobs still running here are left to their lease: a restart resumes them."""
        self._stop.set()
        if self._consumer is not None:
            self._consumer.stop(graceful=False)

    @property
    def alive(self) -> bool:
        if self._consumer is None or self._keeper is None or not self._keeper.is_alive():
            return False
        return all(thread.is_alive() for _, thread in self._consumer.worker_threads)

    def enqueue(self, job: JobRecord) -> None:
        self.task(job.id)

    # -- the task -----------------------------------------------------------------------------

    def run(self, job_id: str) -> None:
        job = self.store.get(job_id)
        if job is None or job.finished or not self.store.claim(job):
            return
        if self.store.cancel_requested(job.id):
            self._finish(job, "cancelled")
            return
        job.state, job.stage, job.worker, job.runs = "running", "drafting", self.worker_id, job.runs + 1
        self.store.save(job)
        self.store.heartbeat(job.id)
        with self._lock:
            self._running.add(job.id)
        self.metrics.in_flight.inc()
        try:
            self._summarize(job)
        finally:
            self.metrics.in_flight.dec()
            with self._lock:
                self._running.discard(job.id)

    def _summarize(self, job: JobRecord) -> None:
        started = time.monotonic()
        while True:
            if self.store.cached_brief(job.fingerprint) is not None:
                job.cached = True
                self.metrics.documents.labels("job", "cached").inc()
                self._finish(job, "done")
                return
            with self._lock:  # the same document in two jobs here: the second waits for the first
                other = self._drafting.get(job.fingerprint)
                if other is None:
                    self._drafting[job.fingerprint] = threading.Event()
                    break
            other.wait()
        try:
            self._draft(job, started)
        finally:
            with self._lock:
                self._drafting.pop(job.fingerprint).set()

    def _draft(self, job: JobRecord, started: float) -> None:
        try:
            document = self.store.document(job.id)
            brief = self.summarizer.summarize(document)
        except SummarizerError as err:
            job.problem = problem_for(err)
            self.metrics.documents.labels("job", "failed").inc()
            self._finish(job, "failed", started)
            return
        except Exception as err:  # a bug must fail one job, not the worker
            log.exception("job %s: unexpected failure", job.id)
            job.problem = problem_for(SummarizerError(f"unexpected failure: {type(err).__name__}"))
            self._finish(job, "failed", started)
            return
        self.store.store_brief(job.fingerprint, brief, document.text)
        p = brief.provenance
        job.calls, job.tokens_in, job.tokens_out = p.attempts, p.tokens_in, p.tokens_out
        job.cost = self.metrics.observe_brief(brief, "job")
        cancelled = self.store.cancel_requested(job.id)
        self._finish(job, "cancelled" if cancelled else "done", started)

    def _finish(self, job: JobRecord, state: str, started: float | None = None) -> None:
        job.state = state  # type: ignore[assignment]
        job.stage = state
        if started is not None:
            job.duration_s = round(time.monotonic() - started, 3)
        self.store.save(job)
        self.metrics.jobs.labels(state).inc()
        log.info("job %s %s%s", job.id, state, " (cached)" if job.cached else "")

    # -- leases -------------------------------------------------------------------------------

    def _keep(self) -> None:
        """Heartbeats for the jobs running here; a sweep for lost jobs every half lease."""
        beat = self.store.lease_s / 4
        next_sweep = time.monotonic() + self.store.lease_s / 2
        while not self._stop.wait(beat):
            try:
                with self._lock:
                    running = list(self._running)
                for job_id in running:
                    self.store.heartbeat(job_id)
                self.metrics.queue_depth.set(self.huey.pending_count())
                if time.monotonic() >= next_sweep:
                    next_sweep = time.monotonic() + self.store.lease_s / 2
                    self.resume_lost()
            except Exception:  # the backend may be down for a moment; try again on the next beat
                log.exception("lease keeping failed")

    def resume_lost(self) -> None:
        for job in self.store.lost_jobs():
            with self._lock:
                if job.id in self._running:
                    continue
            log.warning("job %s: %s with no worker; queued again", job.id, job.state)
            job.state, job.stage, job.generation = "queued", "queued", job.generation + 1
            self.store.save(job)
            self.metrics.jobs.labels("resumed").inc()
            self.enqueue(job)
