"""Errors as RFC 9457 problem details (`application/problem+json`), each with one clear line.

Library errors map by kind: unreadable input is the client's (4xx), a model that could not produce
a brief is the upstream's (502/503). `ProblemError` is raised by the server's own checks.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from starlette.responses import JSONResponse

from summarizer.errors import (
    AuthenticationFailed,
    ConfigError,
    InputError,
    LLMError,
    RecordingMissing,
    ServiceUnavailable,
    SummarizerError,
    UnreadableInput,
    UnsupportedInput,
)
from summarizer.server.jobs import Problem

MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:summarizer:problem:"


class ProblemError(Exception):
    """An HTTP error the server answers with a problem document."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        slug: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.problem = Problem(
            type=TYPE_PREFIX + (slug or _slug(title)), title=title, status=status, detail=detail
        )
        self.headers = headers or {}


def problem_for(err: SummarizerError) -> Problem:
    """The problem a library error is reported as; its detail is the error's one line."""
    status, title = _status_and_title(err)
    return Problem(type=TYPE_PREFIX + _slug(type(err).__name__), title=title, status=status, detail=str(err))


def _status_and_title(err: SummarizerError) -> tuple[int, str]:
    if isinstance(err, UnsupportedInput):
        return 415, "Unsupported document type"
    if isinstance(err, UnreadableInput) and "too large" in err.message:
        return 413, "Document too large"
    if isinstance(err, InputError):
        return 422, "Unreadable document"
    if isinstance(err, ConfigError):
        return 500, "Server misconfigured"
    if isinstance(err, ServiceUnavailable):
        return 503, "Model server unavailable"
    if isinstance(err, AuthenticationFailed):
        return 502, "Model server refused the server's key"
    if isinstance(err, LLMError | RecordingMissing):
        return 502, "The model could not produce a brief"
    return 500, "Internal error"


def problem_response(
    problem: Problem, instance: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body: dict[str, Any] = asdict(problem)
    body["detail"] = " ".join(problem.detail.split())
    if instance:
        body["instance"] = instance
    return JSONResponse(body, status_code=problem.status, media_type=MEDIA_TYPE, headers=headers)


def _slug(name: str) -> str:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name)
    return re.sub(r"[^a-z0-9]+", "-", spaced.lower()).strip("-")
