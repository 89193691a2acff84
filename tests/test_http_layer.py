"""The HTTP layer under the openai client: bounded retries, record and replay, no secrets on disk."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import httpx2
import pytest

from summarizer.errors import ConfigError, RecordingMissing
from summarizer.transports._recording import (
    RecordedTransport,
    RecordingSource,
    RecordingTransport,
    canonical_request,
    public_base_url,
    recording_as,
    request_key,
)
from summarizer.transports._retrying import RetryingTransport, RetryPolicy, retry_after_seconds

# Built at run time so that no secret-shaped literal sits in the repository.
SECRET = "sk-" + "test-DO-NOT-WRITE-0123456789abcdef"


class Script:
    """Answers requests from a list, in order; records what it was asked and the waits in between."""

    def __init__(self, *answers: httpx2.Response | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def policy(waits: list[float]) -> RetryPolicy:
    return RetryPolicy(max_requests=4, sleep=waits.append)


def post(transport: httpx2.BaseTransport, body: Mapping[str, object] | None = None) -> httpx2.Response:
    with httpx2.Client(transport=transport, base_url="http://llm.test/v1") as client:
        return client.post(
            "/chat/completions", json=dict(body or {"model": "m"}), headers={"Authorization": SECRET}
        )


def test_429_honours_retry_after_then_succeeds() -> None:
    waits: list[float] = []
    script = Script(httpx2.Response(429, headers={"retry-after": "7"}), httpx2.Response(200, json={"ok": 1}))
    response = post(RetryingTransport(httpx2.MockTransport(script), policy(waits)))
    assert response.status_code == 200 and len(script.requests) == 2
    assert waits == [7.0]


def test_5xx_and_timeouts_back_off_with_bounded_jitter() -> None:
    waits: list[float] = []
    script = Script(
        httpx2.Response(503), httpx2.ReadTimeout("slow"), httpx2.Response(502), httpx2.Response(200, json={})
    )
    assert post(RetryingTransport(httpx2.MockTransport(script), policy(waits))).status_code == 200
    assert len(waits) == 3 and all(0 < w <= 30 for w in waits)


def test_retries_are_bounded_and_the_last_answer_is_returned() -> None:
    waits: list[float] = []
    script = Script(*[httpx2.Response(500, json={"error": {"message": f"down {i}"}}) for i in range(4)])
    response = post(RetryingTransport(httpx2.MockTransport(script), policy(waits)))
    assert response.status_code == 500 and response.json()["error"]["message"] == "down 3"
    assert len(script.requests) == 4 and len(waits) == 3


def test_client_errors_are_not_retried() -> None:
    script = Script(httpx2.Response(400, json={"error": {"message": "bad"}}))
    assert post(RetryingTransport(httpx2.MockTransport(script), policy([]))).status_code == 400
    assert len(script.requests) == 1


def test_retry_after_forms() -> None:
    request = httpx2.Request("GET", "http://x")
    assert (
        retry_after_seconds(httpx2.Response(429, headers={"retry-after-ms": "1500"}, request=request)) == 1.5
    )
    assert retry_after_seconds(httpx2.Response(429, headers={"retry-after": "3"}, request=request)) == 3.0
    assert retry_after_seconds(httpx2.Response(429, request=request)) is None


def test_recording_then_replay_round_trip_without_secrets(tmp_path: Path) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
    live = Script(
        httpx2.Response(
            200, json={"model": "m-2024", "answer": 42}, headers={"Set-Cookie": SECRET, "X-Key": SECRET}
        )
    )
    source = RecordingSource(
        base_url=public_base_url(f"http://user:{SECRET}@llm.test/v1?key={SECRET}"), mode="json"
    )
    recorder = RecordingTransport(httpx2.MockTransport(live), tmp_path, source)
    assert post(recorder, body).json()["answer"] == 42

    (path,) = tmp_path.glob("*.json")
    assert path.stem == json.loads(path.read_text(encoding="utf-8"))["key"]  # no call named: its key
    written = path.read_text(encoding="utf-8")
    assert SECRET not in written
    record = json.loads(written)
    assert record["source"]["server"] == "llm.test" and record["source"]["model"] == "m-2024"
    assert record["source"]["scripted"] is False and record["source"]["recorded_at"]

    replayed = post(RecordedTransport(tmp_path), body)
    assert replayed.json() == {"model": "m-2024", "answer": 42}


def test_key_ignores_headers_and_key_order() -> None:
    a = httpx2.Request("POST", "http://h/v1/x", json={"b": 1, "a": 2}, headers={"Authorization": "one"})
    b = httpx2.Request("POST", "http://h/v1/x", content=b'{"a": 2, "b": 1}', headers={"Authorization": "two"})
    assert request_key(canonical_request(a)) == request_key(canonical_request(b))


def test_replay_miss_fails_at_once_naming_the_key(tmp_path: Path) -> None:
    request = httpx2.Request("POST", "http://llm.test/v1/chat/completions", json={"model": "m"})
    key = request_key(canonical_request(request))
    with pytest.raises(RecordingMissing, match=f"no recording for request {key}.*--record"):
        RecordedTransport(tmp_path).handle_request(request)


def test_replay_serves_answers_in_order_then_repeats_the_last(tmp_path: Path) -> None:
    live = Script(httpx2.Response(429, headers={"retry-after": "0"}), httpx2.Response(200, json={"n": 2}))
    recorder = RecordingTransport(
        httpx2.MockTransport(live), tmp_path, RecordingSource("http://h/v1", "json")
    )
    assert post(RetryingTransport(recorder, policy([]))).status_code == 200
    replay = RecordedTransport(tmp_path)
    assert [post(replay).status_code for _ in range(3)] == [429, 200, 200]


def record_once(directory: Path, body: dict[str, object] | None = None) -> None:
    live = httpx2.MockTransport(lambda _: httpx2.Response(200, json={"n": 1}))
    post(RecordingTransport(live, directory, RecordingSource("http://h/v1", "json")), body)


def test_re_recording_under_a_scenario_replaces_the_old_file_of_that_request(tmp_path: Path) -> None:
    record_once(tmp_path)
    with recording_as("articles/doc one.txt", "draft"):
        record_once(tmp_path)
    assert [p.name for p in tmp_path.glob("*.json")] == ["doc_one-draft.json"]
    assert post(RecordedTransport(tmp_path)).json() == {"n": 1}


def test_a_miss_names_the_scenarios_the_directory_holds(tmp_path: Path) -> None:
    with recording_as("a.txt", "draft"):
        record_once(tmp_path)
    with pytest.raises(RecordingMissing, match=r"\(which holds a-draft\)"):
        post(RecordedTransport(tmp_path), {"model": "other"})


def test_two_files_with_one_key_is_a_one_line_error_naming_both(tmp_path: Path) -> None:
    with recording_as("a.txt", "draft"):
        record_once(tmp_path)
    (tmp_path / "copy.json").write_bytes((tmp_path / "a-draft.json").read_bytes())
    with pytest.raises(ConfigError) as caught:
        RecordedTransport(tmp_path)
    message = str(caught.value)
    assert "\n" not in message and "a-draft.json" in message and "copy.json" in message
