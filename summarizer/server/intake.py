"""A request body to a document, read exactly as the CLI reads a file.

Three shapes are accepted:
- JSON `{"text": "...", "name": "optional.html"}`: the text, as UTF-8 bytes (a name ending in .html
  or .md picks that reader; HTML is also recognized by its first bytes);
- multipart/form-data with a `file` part (or a `text` field): an upload, PDF included;
- any other body (text/plain, text/html, text/markdown, application/pdf): the raw bytes.

The document may be at most `max_bytes` (the CLI's 20 MB). URLs are never fetched.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request

from summarizer.errors import UnreadableInput
from summarizer.reading import HTML, MARKDOWN, SourceDocument, document_from_bytes
from summarizer.server.problems import ProblemError

# Plain text and PDF are recognized from the bytes as stdin is (a PNG sent as text/plain is still refused).
_MEDIA_TYPES = {"text/plain": None, "text/html": HTML, "text/markdown": MARKDOWN, "application/pdf": None}


async def read_request_document(request: Request, max_bytes: int) -> SourceDocument:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        data, name = _from_json(await request.body())
        media_type = None
    elif content_type == "multipart/form-data":
        data, name = await _from_form(request)
        media_type = None
    elif content_type in _MEDIA_TYPES:
        data, name, media_type = await request.body(), None, _MEDIA_TYPES[content_type]
    else:
        raise ProblemError(
            415, "Unsupported body",
            "send JSON {\"text\": ...}, a multipart upload in the field 'file', or the document's bytes "
            "as text/plain, text/html, text/markdown or application/pdf",
        )  # fmt: skip
    if len(data) > max_bytes:
        raise UnreadableInput(
            f"is too large: {len(data)} bytes, over the {max_bytes}-byte limit", document=name
        )
    # Reading HTML or PDF takes CPU time the event loop must not wait for.
    return await run_in_threadpool(
        document_from_bytes, data, name=name, media_type=media_type, max_bytes=max_bytes
    )


def _from_json(body: bytes) -> tuple[bytes, str | None]:
    try:
        payload: Any = json.loads(body)
    except ValueError:
        raise ProblemError(400, "Invalid JSON", "the body is not valid JSON") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
        raise ProblemError(400, "Missing text", 'the JSON body needs a string field "text"')
    if "url" in payload:
        raise ProblemError(
            400, "URLs are not fetched", "the server never fetches URLs for clients; send the document itself"
        )
    name = payload.get("name")
    return payload["text"].encode("utf-8"), _safe_name(name) if isinstance(name, str) else None


async def _from_form(request: Request) -> tuple[bytes, str | None]:
    form = await request.form()
    upload = form.get("file")
    if isinstance(upload, UploadFile):
        return await upload.read(), _safe_name(upload.filename or "")
    text = form.get("text")
    if isinstance(text, str):
        return text.encode("utf-8"), None
    raise ProblemError(400, "Missing document", "the form needs a file in the field 'file' or a 'text' field")


def _safe_name(name: str) -> str | None:
    """Only the last part of a client's file name, for messages and the reader's choice of kind."""
    base = PurePosixPath(name.replace("\\", "/")).name.strip()
    return base[:200] or None
