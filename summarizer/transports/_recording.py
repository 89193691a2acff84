"""Record and replay chat calls at the HTTP layer, under the real openai client.

A recording is keyed by the canonical request: method, path and JSON body with sorted keys. No
header is part of the key and no request header is ever written, so no key or token reaches disk;
of the response only the status, the body and a few harmless headers are kept.

Layout of a recordings directory: one file per distinct request, each holding its key, the canonical
request, where the answers came from (server, model, mode, when; `scripted` for hand-written
failure cases) and the answers in the order they were given. Replay finds a file by the key inside it
and hands its answers out in that order; after the last, the last one again.

A file is named after the call that made it, `<document stem>-<call>.json` (`seed-part-1.json`), so a
directory reads as the scenarios it replays. The transport sees only HTTP requests, so the flow names
the call in flight with `recording_as`; a request under a name already taken by another request this
run (a re-ask) gets `-2`, `-3`, ...; a request made outside any named call is named by its key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2

from summarizer._atomic import write_json_atomic
from summarizer.errors import ConfigError, RecordingMissing
from summarizer.transports._wrapping import WrappingTransport

KEPT_RESPONSE_HEADERS = ("content-type", "retry-after", "retry-after-ms")
KEY_LENGTH = 24
_KEY = re.compile(f"[0-9a-f]{{{KEY_LENGTH}}}")
_UNSAFE_IN_NAMES = re.compile(r"[^A-Za-z0-9._-]")
MAX_STEM = 100  # characters of a document's name kept in a recording's; file names stop at 255 bytes
MISS_NAMES_SHOWN = 4

# The call in flight, as a recording's file name without `.json`; None outside any named call.
recording_scenario: ContextVar[str | None] = ContextVar("recording_scenario", default=None)


@contextmanager
def recording_as(document: str | None, call: str) -> Iterator[None]:
    """Name what is recorded inside the block after `document` and `call` ("draft", "part-1", ...)."""
    token = recording_scenario.set(scenario_name(document, call))
    try:
        yield
    finally:
        recording_scenario.reset(token)


def scenario_name(document: str | None, call: str) -> str:
    """`<document stem>-<call>` in characters any file system takes, never a hidden file."""
    stem = "stdin" if document == "-" else Path(document).stem if document else "text"
    return _UNSAFE_IN_NAMES.sub("_", f"{stem[:MAX_STEM]}-{call}").lstrip(".")


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
    return hashlib.sha256(encoded.encode()).hexdigest()[:KEY_LENGTH]


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
        self._files = index_recordings(self.directory)
        self._served: dict[str, int] = {}
        self._lock = threading.Lock()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        canonical = canonical_request(request)
        key = request_key(canonical)
        path = self._files.get(key)
        if path is None:
            raise RecordingMissing(
                f"no recording for request {key} ({canonical['method']} {canonical['path']}) in "
                f"{self.directory}{self._holding()}; the prompt, document or settings changed since it "
                f"was recorded. Re-record with --record {self.directory} against a live server"
            )
        responses = load_recording(path)["responses"]
        with self._lock:
            index = min(self._served.get(key, 0), len(responses) - 1)
            self._served[key] = index + 1
        return build_response(responses[index], request)

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        return self.handle_request(request)

    def _holding(self) -> str:
        """The scenarios the directory does hold, so a miss shows what was recorded instead."""
        names = sorted(path.stem for path in self._files.values())
        if not names:
            return " (which holds none)"
        more = f" and {len(names) - MISS_NAMES_SHOWN} more" if len(names) > MISS_NAMES_SHOWN else ""
        return f" (which holds {', '.join(names[:MISS_NAMES_SHOWN])}{more})"


def index_recordings(directory: Path) -> dict[str, Path]:
    """Each recording file in `directory` by the request key inside it; one key in two files is refused."""
    files: dict[str, Path] = {}
    for path in sorted(directory.glob("*.json")):
        key = load_recording(path)["key"]
        if key in files:
            raise ConfigError(f"{path}: records the same request ({key}) as {files[key]}; keep one of them")
        files[key] = path
    return files


class RecordingTransport(WrappingTransport):
    """Passes requests to a live transport and writes each answer to the file named for its call."""

    def __init__(
        self,
        inner: httpx2.BaseTransport | httpx2.AsyncBaseTransport,
        directory: str | Path,
        source: RecordingSource,
    ) -> None:
        super().__init__(inner)
        self.directory = Path(directory)
        self.source = source
        self._names: dict[str, str] = {}  # file name (without .json) by request key, for this run
        self._on_disk: dict[str, list[Path]] | None = None  # recordings there before this run, by key
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
        entry = response_entry(response)
        with self._lock:
            # The first answer this run replaces an old recording; later ones (after a retry) append.
            fresh = key not in self._names
            path = self.directory / f"{self._name(key)}.json"
            existing = [] if fresh or not path.exists() else _responses(path)
            if fresh:
                self._drop_old_copies(key, path)
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

    def _name(self, key: str) -> str:
        """The scenario in flight, else the key; a request keeps the name it first got this run."""
        if key not in self._names:
            scenario = recording_scenario.get()
            self._names[key] = key if scenario is None else self._first_free(scenario)
        return self._names[key]

    def _first_free(self, scenario: str) -> str:
        """`scenario`, or `scenario-2`, `-3`, ... for its second and later distinct requests (re-asks)."""
        taken = set(self._names.values())
        numbered = (f"{scenario}-{n}" for n in itertools.count(2))
        return next(name for name in itertools.chain([scenario], numbered) if name not in taken)

    def _drop_old_copies(self, key: str, kept: Path) -> None:
        """An earlier run's file for this request under another name would hold the key twice."""
        if self._on_disk is None:
            self._on_disk = _keys_on_disk(self.directory)
        written = {f"{name}.json" for name in self._names.values()}
        for old in self._on_disk.pop(key, []):
            if old != kept and old.name not in written:
                old.unlink(missing_ok=True)


def _keys_on_disk(directory: Path) -> dict[str, list[Path]]:
    """The recordings already in `directory`, by key. A file unreadable or without a key is left alone:
    replay names it."""
    found: dict[str, list[Path]] = {}
    for path in directory.glob("*.json"):
        try:
            key = json.loads(path.read_bytes()).get("key")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(key, str):
            found.setdefault(key, []).append(path)
    return found


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
    if not isinstance(data.get("key"), str) or not _KEY.fullmatch(data["key"]):
        return f"no request key of {KEY_LENGTH} hex digits"
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
