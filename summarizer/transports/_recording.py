"""Record and replay chat calls at the HTTP layer, under the real openai client.

A recording is keyed by the canonical request: method, path and JSON body with sorted keys. No
header is part of the key and no request header is ever written, so no key or token reaches disk;
of the response only the status, the body and a few harmless headers are kept.

Layout of a recordings directory: one `<key>.json` per distinct request, each holding the canonical
request, where the answers came from (server, model, mode, when; `scripted` for hand-written
failure cases) and the answers in the order they were given. Replay hands them out in that order;
after the last, the last one again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2

from summarizer._atomic import write_json_atomic
from summarizer.errors import ConfigError, RecordingMissing
from summarizer.transports._wrapping import WrappingTransport

KEPT_RESPONSE_HEADERS = ("content-type", "retry-after", "retry-after-ms")


def canonical_request(request: httpx2.Request) -> dict[str, Any]:
    raw = request.read()
    try:
        body: Any = json.loads(raw) if raw else None
    except ValueError:
        body = raw.decode("utf-8", "replace")
    path = request.url.path + (f"?{request.url.query.decode()}" if request.url.query else "")
    return {"method": request.method, "path": path, "body": body}


def request_key(canonical: dict[str, Any]) -> str:
    encoded = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()[:24]


@dataclass(frozen=True)
class RecordingSource:
    """Where recorded answers came from. `base_url` holds no credentials (see `public_base_url`)."""

    base_url: str
    mode: str
    scripted: bool = False

    def describe(self, model: str | None) -> dict[str, Any]:
        return {
            "server": httpx2.URL(self.base_url).netloc.decode(),
            "base_url": self.base_url,
            "model": model,
            "mode": self.mode,
            "recorded_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "scripted": self.scripted,
        }


def public_base_url(base_url: str) -> str:
    """Scheme, host, port and path only: user info and query strings can carry secrets."""
    url = httpx2.URL(base_url)
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}{url.path.rstrip('/')}"


def response_entry(response: httpx2.Response) -> dict[str, Any]:
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    headers = {k: v for k, v in response.headers.items() if k.lower() in KEPT_RESPONSE_HEADERS}
    return {"status": response.status_code, "headers": headers, "body": body}


def build_response(entry: dict[str, Any], request: httpx2.Request) -> httpx2.Response:
    body = entry["body"]
    content = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    return httpx2.Response(
        entry["status"], headers=entry.get("headers", {}), content=content, request=request
    )


class RecordedTransport(httpx2.BaseTransport, httpx2.AsyncBaseTransport):
    """Answers from a recordings directory; a request with no recording fails at once, naming its key."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        require_recordings_directory(self.directory)
        self._served: dict[str, int] = {}
        self._lock = threading.Lock()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        canonical = canonical_request(request)
        key = request_key(canonical)
        path = self.directory / f"{key}.json"
        if not path.is_file():
            raise RecordingMissing(
                f"no recording for request {key} ({canonical['method']} {canonical['path']}) in "
                f"{self.directory}; the prompt, document or settings changed since it was recorded. "
                f"Re-record with --record {self.directory} against a live server"
            )
        responses = load_recording(path)["responses"]
        with self._lock:
            index = min(self._served.get(key, 0), len(responses) - 1)
            self._served[key] = index + 1
        return build_response(responses[index], request)

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        return self.handle_request(request)


class RecordingTransport(WrappingTransport):
    """Passes requests to a live transport and writes each answer under its request key."""

    def __init__(
        self,
        inner: httpx2.BaseTransport | httpx2.AsyncBaseTransport,
        directory: str | Path,
        source: RecordingSource,
    ) -> None:
        super().__init__(inner)
        self.directory = Path(directory)
        self.source = source
        self._fresh: set[str] = set()
        self._lock = threading.Lock()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        assert isinstance(self.inner, httpx2.BaseTransport)
        response = self.inner.handle_request(request)
        response.read()
        self._save(request, response)
        return response

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        assert isinstance(self.inner, httpx2.AsyncBaseTransport)
        response = await self.inner.handle_async_request(request)
        await response.aread()
        self._save(request, response)
        return response

    def _save(self, request: httpx2.Request, response: httpx2.Response) -> None:
        canonical = canonical_request(request)
        key = request_key(canonical)
        path = self.directory / f"{key}.json"
        entry = response_entry(response)
        with self._lock:
            # The first answer this run replaces an old recording; later ones (after a retry) append.
            existing = [] if key not in self._fresh or not path.exists() else _responses(path)
            self._fresh.add(key)
            model = entry["body"].get("model") if isinstance(entry["body"], dict) else None
            write_json_atomic(
                path,
                {
                    "key": key,
                    "source": self.source.describe(model or canonical_model(canonical)),
                    "request": canonical,
                    "responses": [*existing, entry],
                },
            )


def _responses(path: Path) -> list[dict[str, Any]]:
    responses: list[dict[str, Any]] = load_recording(path)["responses"]
    return responses


def require_recordings_directory(directory: Path) -> None:
    if directory.is_dir():
        return
    if directory.exists():
        raise ConfigError(
            f"{directory} is a file, not a directory of recordings; give the folder holding them"
        )
    raise ConfigError(f"recordings directory {directory} does not exist")


def load_recording(path: Path) -> dict[str, Any]:
    """A recording file, checked for the shape replay relies on; anything else is one line naming it."""
    try:
        data = json.loads(path.read_bytes())
    except OSError as err:
        raise ConfigError(f"{path}: cannot read this recording: {err.strerror or err}") from None
    except ValueError as err:  # not JSON, or not UTF-8
        raise ConfigError(f"{path}: not a recording (corrupt JSON: {err})") from None
    problem = _recording_problem(data)
    if problem:
        raise ConfigError(f"{path}: not a recording of this tool ({problem})")
    return data  # type: ignore[no-any-return]


def _recording_problem(data: Any) -> str | None:
    if not isinstance(data, dict):
        return "not a JSON object"
    responses = data.get("responses")
    if not isinstance(responses, list) or not responses:
        return "no list of responses"
    for entry in responses:
        if not isinstance(entry, dict) or not isinstance(entry.get("status"), int) or "body" not in entry:
            return "a response without a status and a body"
    if not isinstance(data.get("request", {}), dict) or not isinstance(data.get("source", {}), dict):
        return "its request or source is not a JSON object"
    return None


def canonical_model(canonical: dict[str, Any]) -> str | None:
    body = canonical.get("body")
    return body.get("model") if isinstance(body, dict) else None


def recorded_settings(directory: str | Path, *, model: str | None = None) -> dict[str, str]:
    """The model, mode and base URL the recordings in `directory` were made with, if they agree."""
    require_recordings_directory(Path(directory))
    found: set[tuple[str, str, str]] = set()
    for path in sorted(Path(directory).glob("*.json")):
        data = load_recording(path)
        recorded_model = canonical_model(data.get("request", {}))
        source = data.get("source", {})
        if recorded_model and model in (None, recorded_model):
            found.add((recorded_model, source.get("mode", ""), source.get("base_url", "")))
    if len(found) != 1:
        what = "no recordings" if not found else f"recordings from {len(found)} different settings"
        raise ConfigError(f"{directory} holds {what}; pass --model and --mode to choose")
    found_model, mode, base_url = found.pop()
    return {"model": found_model, "mode": mode, "base_url": base_url}
