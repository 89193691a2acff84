"""LLM access: instructor over the openai client, with each failure given to the layer that owns it.

- 429 / 5xx / timeouts / dropped connections: `RetryingTransport` under the client (openai's own
  retries are off so there is one owner).
- invalid JSON, schema or grounding failures: instructor's re-ask loop, bounded by `max_reasks`.
- context too long, truncated output, refusal, content filter, empty choices: checked on every raw
  completion before instructor parses it, raised as named errors, never retried.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import instructor
import openai
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from summarizer.drafting._draft import References, grammar_schema, outlined
from summarizer.errors import (
    AuthenticationFailed,
    ContentFiltered,
    ContextTooLong,
    EmptyChoices,
    OutputTruncated,
    Refusal,
    ServerUnreachable,
    ServiceUnavailable,
    SummarizerError,
)
from summarizer.transports import public_base_url

# instructor logs every failed attempt at ERROR; those outcomes reach the caller as named errors or
# as `verification` in the brief, so its log would only repeat them on stderr.
logging.getLogger("instructor").addHandler(logging.NullHandler())
logging.getLogger("instructor").propagate = False

# The modes a brief can be drafted in, and the instructor mode each uses. llama_json: JSON mode with the
# draft's schema in `response_format`, which llama.cpp servers turn into a grammar: the answer cannot
# leave the schema, and compact JSON costs fewer output tokens.
MODES: dict[str, instructor.Mode] = {
    "json": instructor.Mode.JSON,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "tools": instructor.Mode.TOOLS,
    "md_json": instructor.Mode.MD_JSON,
    "llama_json": instructor.Mode.JSON,
}
MODE_NAMES = tuple(MODES)
_CONTEXT_MARKERS = (
    "context_length",
    "context length",
    "context window",
    "maximum context",
    "too many tokens",
)


@dataclass
class CallMeter:
    """What the calls for one document cost: completions received, tokens, wall time."""

    completions: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    started: float = field(default_factory=time.monotonic)
    # Every answer, re-asks included: items verified in an earlier one are kept (see grounding).
    answers: list[ChatCompletion] = field(default_factory=list)

    def observe(self, completion: ChatCompletion) -> None:
        self.completions += 1
        self.answers.append(completion)
        if completion.usage is not None:
            self.tokens_in += completion.usage.prompt_tokens
            self.tokens_out += completion.usage.completion_tokens

    @property
    def duration_s(self) -> float:
        return round(time.monotonic() - self.started, 3)


def check_completion(completion: ChatCompletion) -> None:
    """Conditions no re-ask can fix; raised before instructor tries to parse the answer."""
    if not completion.choices:
        raise EmptyChoices("the server returned no choices")
    choice = completion.choices[0]
    if getattr(choice.message, "refusal", None):
        raise Refusal(f"the model refused: {choice.message.refusal}")
    if choice.finish_reason == "content_filter":
        raise ContentFiltered("the provider's content filter stopped the answer")
    if choice.finish_reason == "length":
        raise OutputTruncated(
            "the answer was cut off at the output token limit; raise --max-tokens or shorten the document"
        )


# Modes where instructor shows the model the schema as text in the system message.
_SCHEMA_AS_TEXT = frozenset({"json", "md_json", "llama_json"})


def mode_extras(mode: str, model: type[BaseModel], references: References | None = None) -> dict[str, Any]:
    """Request arguments a mode adds to instructor's: llama_json sends the schema as a grammar."""
    if mode != "llama_json":
        return {}
    schema = grammar_schema(model, references)
    return {"extra_body": {"response_format": {"type": "json_object", "schema": schema}}}


@functools.cache
def response_model(model: type[BaseModel], mode: str = "json") -> type[BaseModel]:
    """The model as instructor wants it, wrapped once.

    Handed a plain pydantic class, instructor builds a wrapper class for it with `create_model` on
    every call, which was a third of the client's CPU time per document in a batch. Where the schema
    travels as text, the model sees its outline only (the prompt's example shows every field).
    """
    shown = outlined(model) if mode in _SCHEMA_AS_TEXT else model
    wrapped: type[BaseModel] = instructor.openai_schema(shown)
    return wrapped


def structured_create(create: Callable[..., Any], meter: CallMeter, mode: str) -> Callable[..., Any]:
    """instructor's create over the client's, each raw completion metered and checked first."""
    return instructor.patch(create=metered(create, meter), mode=MODES[mode])


def astructured_create(create: Callable[..., Any], meter: CallMeter, mode: str) -> Callable[..., Any]:
    return instructor.patch(create=ametered(create, meter), mode=MODES[mode])


def metered(create: Callable[..., ChatCompletion], meter: CallMeter) -> Callable[..., ChatCompletion]:
    def call(*args: Any, **kwargs: Any) -> ChatCompletion:
        completion = create(*args, **kwargs)
        meter.observe(completion)
        check_completion(completion)
        return completion

    return call


def ametered(
    create: Callable[..., Awaitable[ChatCompletion]], meter: CallMeter
) -> Callable[..., Awaitable[ChatCompletion]]:
    async def call(*args: Any, **kwargs: Any) -> ChatCompletion:
        completion = await create(*args, **kwargs)
        meter.observe(completion)
        check_completion(completion)
        return completion

    return call


def named_error(err: BaseException) -> SummarizerError | None:
    """The library's error for an exception raised anywhere under the instructor call, if it has one."""
    seen: BaseException | None = err
    while seen is not None:
        if isinstance(seen, SummarizerError):
            return seen
        if isinstance(seen, openai.APIStatusError):
            return _status_error(seen)
        if isinstance(seen, openai.APITimeoutError):
            return ServiceUnavailable("the server did not answer in time, even after retries")
        if isinstance(seen, openai.APIConnectionError) and not isinstance(seen.__cause__, SummarizerError):
            return ServerUnreachable(f"cannot reach the server at {public_base_url(str(seen.request.url))}")
        seen = seen.__cause__ or seen.__context__
    return None


def _status_error(err: openai.APIStatusError) -> SummarizerError:
    detail = _error_detail(err)
    if err.status_code in (401, 403):
        return AuthenticationFailed(f"the server refused the API key (HTTP {err.status_code})")
    if any(marker in detail.lower() for marker in _CONTEXT_MARKERS):
        return ContextTooLong(f"the document does not fit the model's context: {detail}")
    if err.status_code == 429 or err.status_code >= 500:
        return ServiceUnavailable(f"HTTP {err.status_code} after retries: {detail}")
    return SummarizerError(f"the server rejected the request (HTTP {err.status_code}): {detail}")


def _error_detail(err: openai.APIStatusError) -> str:
    body = err.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return " ".join(str(message).split())[:300]
    return " ".join(err.message.split())[:300]


def feedback_text(error: Exception) -> str:
    """The gist of one re-ask: grounding problems as written for the model, schema errors with their place."""
    if isinstance(error, ValidationError):
        return "\n".join(_error_line(e) for e in error.errors())
    return first_line(error)


def _error_line(error: ErrorDetails) -> str:
    place = ".".join(map(str, error["loc"]))
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{place}: {message}" if place else message


def first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
