"""Prometheus metrics of one server process: requests, documents, model calls, tokens, cost, latency.

Labels are routes and outcomes, never a token, a key, a document name or a job id.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from summarizer.batch import price_for
from summarizer.brief import Brief

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter(
            "summarizer_http_requests", "HTTP requests answered", ["method", "route", "status"], registry=r
        )
        self.request_seconds = Histogram(
            "summarizer_http_request_seconds", "HTTP request latency", ["route"],
            buckets=LATENCY_BUCKETS, registry=r,
        )  # fmt: skip
        self.documents = Counter(
            "summarizer_documents", "Documents finished, by path and outcome", ["path", "outcome"], registry=r
        )
        self.document_seconds = Histogram(
            "summarizer_document_seconds", "Time to summarize a document (model calls included)", ["path"],
            buckets=LATENCY_BUCKETS, registry=r,
        )  # fmt: skip
        self.calls = Counter("summarizer_model_calls", "Model completions received", registry=r)
        self.tokens = Counter("summarizer_tokens", "Tokens by direction", ["direction"], registry=r)
        self.cost = Counter(
            "summarizer_cost_usd", "Estimated cost at list prices (priced models)", registry=r
        )
        self.reasks = Counter("summarizer_reasks", "Re-asks sent to the model", registry=r)
        self.rejected = Counter("summarizer_rejected_items", "Items rejected by verification", registry=r)
        self.jobs = Counter("summarizer_jobs", "Job events", ["event"], registry=r)
        self.rate_limited = Counter(
            "summarizer_rate_limited", "Requests refused by a per-token limit", ["limit"], registry=r
        )
        self.in_flight = Gauge("summarizer_documents_in_flight", "Documents being summarized", registry=r)
        self.queue_depth = Gauge("summarizer_queue_depth", "Tasks waiting in the queue", registry=r)

    def observe_brief(self, brief: Brief, path: str) -> float | None:
        """Count a fresh brief's calls, tokens, re-asks and rejections; returns its cost if priced."""
        p = brief.provenance
        self.calls.inc(p.attempts)
        self.tokens.labels("in").inc(p.tokens_in)
        self.tokens.labels("out").inc(p.tokens_out)
        self.reasks.inc(len(brief.verification.feedback))
        self.rejected.inc(len(brief.verification.rejected))
        self.documents.labels(path, "ok").inc()
        self.document_seconds.labels(path).observe(p.duration_s)
        price = price_for(p.model)
        if price is None:
            return None
        cost = price.cost(p.tokens_in, p.tokens_out)
        self.cost.inc(cost)
        return cost

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
