"""A fault-injection server that speaks the OpenAI chat completions API, for batch mechanics tests.

It listens on 127.0.0.1 (a free port) in a background thread and answers POST /v1/chat/completions
with whatever its `FaultPlan` draws: latency, 429 with Retry-After, 500/503, a sleep past the client's
timeout, a connection reset, invalid JSON, truncated output (finish_reason "length") or empty choices.

Successful answers are scripted, not model output: the draft is built from the document found
between the fence lines of the request's user message (title and summary from its first line, one
actor named by its first word), so the project's grounding accepts it. They exist to exercise
concurrency, retries, caching and crash safety over real sockets with the real openai client.

A document can pin its fate: text containing `[[fault:NAME]]` gets fault NAME on every call
(e.g. `[[fault:truncated]]`), and `[[fault:NAMExK]]` on its first K calls only, then succeeds;
that makes "this document fails" and "this one is retried twice" tests deterministic.

Run by hand for a look: `python tests/fault_server.py --latency 0.2 --rate-429 0.1`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import re
import socket
import struct
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAULTS = ("429", "500", "503", "timeout", "reset", "invalid_json", "truncated", "empty_choices")
PINNED_ONLY = ("401",)  # a refused key: only as a pinned fault, never drawn at random
_FENCE = re.compile(r"^=== DOC [a-z]+ ===$", re.MULTILINE)
_PINNED = re.compile(r"\[\[fault:([a-z_0-9]+?)(?:x(\d+))?\]\]")


@dataclass
class FaultPlan:
    """Per-call probabilities of each fault (drawn independently of the document), plus timings."""

    latency: float = 0.0
    rate_429: float = 0.0
    rate_500: float = 0.0
    rate_503: float = 0.0
    rate_timeout: float = 0.0
    rate_reset: float = 0.0
    rate_invalid_json: float = 0.0
    rate_truncated: float = 0.0
    rate_empty_choices: float = 0.0
    retry_after: float = 0.02
    timeout_sleep: float = 1.0
    seed: int = 0

    def rates(self) -> list[tuple[str, float]]:
        return [(name, getattr(self, f"rate_{name}")) for name in FAULTS]


@dataclass
class ServerLog:
    """What the server saw: calls in total, per document (keyed by its first line) and per outcome."""

    calls: int = 0
    per_document: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    arrivals: list[tuple[float, str, str]] = field(default_factory=list)  # (monotonic, document, outcome)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, document: str, outcome: str) -> None:
        """Count one call; the caller holds `lock`."""
        self.calls += 1
        self.per_document[document_key(document)] += 1
        self.outcomes[outcome] += 1
        self.arrivals.append((time.monotonic(), document_key(document), outcome))


def document_key(text: str) -> str:
    """A document's first non-empty line: what tests name it by, whatever cleaning or the evidence
    markers the model sees did to the rest."""
    return next((line.strip() for line in unmarked(text).splitlines() if line.strip()), "")


# The evidence markers the prompt puts in the document: "[12] " opens a sentence, "[Q3 John Kirby]" a quote.
_MARKER = re.compile(r"\[(?:Q\d+ [^\]\n]*|\d+)\] ?")


def unmarked(document: str) -> str:
    return _MARKER.sub("", document)


class FaultServer:
    """`with FaultServer(plan) as server:` then point a client at `server.base_url`."""

    def __init__(self, plan: FaultPlan | None = None) -> None:
        self.plan = plan or FaultPlan()
        self.log = ServerLog()
        self._random = random.Random(self.plan.seed)
        self._random_lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._serve, name="fault-server", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def _serve(self) -> None:
        self._httpd.serve_forever(poll_interval=0.02)  # a short poll makes shutdown quick

    def start(self) -> FaultServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def draw(self, document: str) -> str:
        """The outcome of one call: a pinned fault, a random one, or "ok"."""
        pinned = _PINNED.search(document)
        if pinned:
            times = pinned.group(2)
            calls_so_far = self.log.per_document[document_key(document)]
            return pinned.group(1) if times is None or calls_so_far < int(times) else "ok"
        with self._random_lock:
            roll = self._random.random()
        for name, rate in self.plan.rates():
            if roll < rate:
                return name
            roll -= rate
        return "ok"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # a batch opens many connections at once
    owner: FaultServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (a timeout, a killed batch) is part of the game, not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real API server offers
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read the ServerLog
        pass

    def do_GET(self) -> None:
        """`GET /stats`: the log as JSON, for a server running in another process (the benchmark)."""
        log = self.server.owner.log
        with log.lock:
            stats = {"calls": log.calls, "outcomes": dict(log.outcomes)}
        self._send_json(200, stats, {})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("content-length", "0"))) or b"{}")
        owner = self.server.owner
        document = extract_document(body)
        with owner.log.lock:  # draw and count as one step, so "the first K calls" holds under load
            outcome = owner.draw(document)
            owner.log.note(document, outcome)
        if owner.plan.latency:
            time.sleep(owner.plan.latency)
        self._answer(outcome, body, document, owner.plan)

    def _answer(self, outcome: str, body: dict[str, Any], document: str, plan: FaultPlan) -> None:
        if outcome == "timeout":
            time.sleep(plan.timeout_sleep)
            self.close_connection = True
            return
        if outcome == "reset":
            self._reset()
            return
        if outcome in ("401", "429", "500", "503"):
            headers = {"retry-after": f"{plan.retry_after:g}"} if outcome == "429" else {}
            error = {"error": {"message": f"scripted {outcome}", "type": "fault_injection"}}
            self._send_json(int(outcome), error, headers)
            return
        self._send_json(200, completion(body, document, outcome), {})

    def _send_json(self, status: int, payload: dict[str, Any], headers: dict[str, str]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _reset(self) -> None:
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()


def extract_document(body: dict[str, Any]) -> str:
    """The text between the fence lines of the user message (the prompt puts the document there)."""
    for message in body.get("messages", []):
        content = message.get("content")
        if message.get("role") != "user" or not isinstance(content, str):
            continue
        parts = _FENCE.split(content)
        if len(parts) >= 3:
            return parts[1].strip("\n")
    return ""


def scripted_draft(document: str) -> dict[str, Any]:
    """A draft the grounding accepts: free text from the first line, which cites sentence 1, and one
    actor copied verbatim. The document arrives with its evidence markers, which are left out."""
    plain = unmarked(document)
    lines = [line.strip() for line in plain.splitlines() if line.strip()]
    first = lines[0] if lines else "Untitled"
    words = re.findall(r"[A-Z][a-z]{2,}", plain)
    actors = {words[0]: "other"} if words else {}
    points = [{"text": first, "s": [1]}] if lines else []
    return {"title": first[:80], "summary": first, "points": points, "actors": actors}


def completion(body: dict[str, Any], document: str, outcome: str) -> dict[str, Any]:
    content = json.dumps(scripted_draft(document))
    finish = "stop"
    if outcome == "invalid_json":
        content = '{"title": "unterminated'
    elif outcome == "truncated":
        content, finish = content[: len(content) // 2], "length"
    prompt_chars = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
    choices = [] if outcome == "empty_choices" else [_choice(content, finish)]
    return {
        "id": f"chatcmpl-fault-{random.getrandbits(32):08x}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "fault-model"),
        "choices": choices,
        "usage": {
            "prompt_tokens": prompt_chars // 4,
            "completion_tokens": len(content) // 4,
            "total_tokens": prompt_chars // 4 + len(content) // 4,
        },
    }


def _choice(content: str, finish: str) -> dict[str, Any]:
    message = {"role": "assistant", "content": content}
    return {"index": 0, "message": message, "finish_reason": finish, "logprobs": None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--retry-after", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=0)
    for name in FAULTS:
        parser.add_argument(f"--rate-{name.replace('_', '-')}", type=float, default=0.0)
    args = parser.parse_args()
    rates = {f"rate_{name}": getattr(args, f"rate_{name}") for name in FAULTS}
    plan = FaultPlan(latency=args.latency, retry_after=args.retry_after, seed=args.seed, **rates)
    with FaultServer(plan) as server:
        print(f"fault server at {server.base_url}; Ctrl-C to stop", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
