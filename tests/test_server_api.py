"""The HTTP API over a real server process: briefs, jobs, formats, problems, limits and metrics.

The model is the seed recordings (replayed) or the fault server; nothing reaches a real model.
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2
import pytest

from tests.conftest import RECORDINGS, SEED_1, SEED_2
from tests.fault_server import FaultServer
from tests.server_support import ServerProcess, fault_model_args, short_document

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def replay_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with ServerProcess(tmp_path_factory.mktemp("replay"), "--replay", str(RECORDINGS / "seeds")) as server:
        yield server


def _is_problem(response: httpx2.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    problem: dict[str, object] = response.json()
    assert {"type", "title", "status", "detail"} <= problem.keys()
    assert problem["status"] == status
    assert "\n" not in str(problem["detail"]) and str(problem["detail"]).strip()
    return problem


def test_a_short_document_is_answered_with_its_brief(replay_server: ServerProcess) -> None:
    response = replay_server.client.post("/v1/briefs", json={"text": SEED_1.read_text(encoding="utf-8")})
    assert response.status_code == 200, response.text
    brief = response.json()
    assert brief["schema_version"] == "2" and brief["title"].strip()
    assert brief["source"]["sha256"] and brief["provenance"]["attempts"] >= 1
    items = brief["quotes"] + brief["actors"] + brief["numbers"]
    assert items, "a seed brief has verified items"


def test_uploads_and_raw_bodies_are_read_as_the_cli_reads_files(replay_server: ServerProcess) -> None:
    data = SEED_2.read_bytes()
    upload = replay_server.client.post("/v1/briefs", files={"file": (SEED_2.name, data, "text/plain")})
    raw = replay_server.client.post("/v1/briefs", content=data, headers={"content-type": "text/plain"})
    assert upload.status_code == raw.status_code == 200, upload.text
    assert upload.json()["source"]["sha256"] == raw.json()["source"]["sha256"]
    assert upload.json()["source"]["path"] == SEED_2.name


@pytest.mark.parametrize(
    ("kwargs", "status", "slug"),
    [
        ({"json": {"text": "  \n "}}, 422, "empty-input"),
        ({"json": {"nothing": 1}}, 400, "missing-text"),
        ({"json": {"text": "x", "url": "http://169.254.169.254/"}}, 400, "urls-are-not-fetched"),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400, "invalid-json"),
        (
            {"content": b"\x89PNG\r\n\x1a\n\0\0", "headers": {"content-type": "text/plain"}},
            415,
            "unsupported-input",
        ),
        ({"files": {"file": ("notes.docx", b"PK\x03\x04 office", "application/octet-stream")}}, 415, None),
        ({"content": b"hello", "headers": {"content-type": "image/png"}}, 415, "unsupported-body"),
    ],
)
def test_bad_input_is_a_4xx_problem(
    replay_server: ServerProcess, kwargs: dict[str, object], status: int, slug: str | None
) -> None:
    problem = _is_problem(replay_server.client.post("/v1/briefs", **kwargs), status)  # type: ignore[arg-type]
    if slug:
        assert problem["type"] == f"urn:summarizer:problem:{slug}"


def test_a_body_over_the_cli_limit_is_refused_before_it_is_read(replay_server: ServerProcess) -> None:
    too_big = b"a" * (21 * 1024 * 1024 + 1)
    response = replay_server.client.post("/v1/jobs", content=too_big, headers={"content-type": "text/plain"})
    problem = _is_problem(response, 413)
    assert "20 MB" in str(problem["detail"])


def test_a_gzip_upload_is_held_to_the_limit_once_decompressed(replay_server: ServerProcess) -> None:
    bomb = gzip.compress(bytes(21 * 1024 * 1024))  # about 20 kB that expand past 20 MB
    response = replay_server.client.post(
        "/v1/briefs", files={"file": ("bomb.txt.gz", bomb, "application/gzip")}
    )
    assert "decompresses to more than" in str(_is_problem(response, 413)["detail"])


def test_a_job_runs_and_its_brief_comes_in_three_formats(replay_server: ServerProcess) -> None:
    client = replay_server.client
    accepted = client.post("/v1/jobs", json={"text": SEED_2.read_text(encoding="utf-8")})
    assert accepted.status_code == 202 and accepted.headers["location"] == f"/v1/jobs/{accepted.json()['id']}"
    job = replay_server.wait_for(accepted.json()["id"])
    assert job["state"] == "done" and job["progress"]["stage"] == "done", job
    brief_url = f"/v1/jobs/{job['id']}/brief"
    as_json = client.get(brief_url).json()
    markdown = client.get(brief_url, params={"format": "md"})
    page = client.get(brief_url, headers={"accept": "text/html"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith(f"# {as_json['title']}")
    assert page.headers["content-type"].startswith("text/html")
    assert "<mark class=" in page.text and "<main class='brief-view'>" in page.text
    _is_problem(client.get(brief_url, params={"format": "docx"}), 400)
    _is_problem(client.delete(f"/v1/jobs/{job['id']}"), 409)


def test_unknown_jobs_and_routes_are_404_problems(replay_server: ServerProcess) -> None:
    _is_problem(replay_server.client.get("/v1/jobs/0123456789abcdef"), 404)
    _is_problem(replay_server.client.get("/v1/jobs/..%2F..%2Fetc"), 404)
    _is_problem(replay_server.client.get("/v2/anything"), 404)
    _is_problem(replay_server.client.put("/v1/jobs"), 405)


def test_health_readiness_and_the_openapi_page(replay_server: ServerProcess) -> None:
    assert replay_server.client.get("/healthz").json() == {"status": "ok"}
    ready = replay_server.client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["queue"]["kind"] == "sqlite"
    paths = replay_server.client.get("/openapi.json").json()["paths"]
    assert {"/v1/briefs", "/v1/jobs", "/v1/jobs/{job_id}", "/v1/jobs/{job_id}/brief"} <= paths.keys()


def test_metrics_count_requests_calls_tokens_and_latency(replay_server: ServerProcess) -> None:
    replay_server.client.post("/v1/briefs", json={"text": SEED_1.read_text(encoding="utf-8")})
    text = replay_server.client.get("/metrics").text
    for name in (
        "summarizer_http_requests_total",
        "summarizer_http_request_seconds_bucket",
        "summarizer_model_calls_total",
        'summarizer_tokens_total{direction="in"}',
        "summarizer_reasks_total",
        "summarizer_rejected_items_total",
        "summarizer_cost_usd_total",
        "summarizer_document_seconds_bucket",
        "summarizer_queue_depth",
    ):
        assert name in text, name
    calls = next(line for line in text.splitlines() if line.startswith("summarizer_model_calls_total"))
    assert float(calls.split()[-1]) >= 1


# -- with the fault server as the model ----------------------------------------------------------


def test_the_same_document_is_paid_for_once(tmp_path: Path, fault_server: FaultServer) -> None:
    text = short_document("duplicate")
    with ServerProcess(
        tmp_path, *fault_model_args(fault_server.base_url), env={"OPENAI_API_KEY": "k"}
    ) as server:
        first = server.wait_for(server.submit(text))
        second = server.wait_for(server.submit(text))
        sync = server.client.post("/v1/briefs", json={"text": text})
    assert first["state"] == second["state"] == "done"
    assert not first["cached"] and second["cached"] and sync.headers["x-cache"] == "hit"
    assert fault_server.log.calls == 1


def test_the_same_document_at_the_same_time_is_paid_for_once(
    tmp_path: Path, fault_server: FaultServer
) -> None:
    fault_server.plan.latency = 0.5
    sync_text, job_text = short_document("twice at once"), short_document("two jobs at once")
    args = fault_model_args(fault_server.base_url, "--concurrency", "2")
    with ServerProcess(tmp_path, *args, env={"OPENAI_API_KEY": "k"}) as server:
        with ThreadPoolExecutor(2) as pool:
            answers = list(
                pool.map(lambda _: server.client.post("/v1/briefs", json={"text": sync_text}), [1, 2])
            )
        jobs = [server.submit(job_text), server.submit(job_text)]
        finished = [server.wait_for(job_id) for job_id in jobs]
    assert [a.status_code for a in answers] == [200, 200]
    assert sorted(a.headers["x-cache"] for a in answers) == ["hit", "miss"]
    assert answers[0].json() == answers[1].json()
    assert [job["state"] for job in finished] == ["done", "done"]
    assert fault_server.log.calls == 2, "one call per document"


def test_a_changed_setting_is_a_new_brief(tmp_path: Path, fault_server: FaultServer) -> None:
    text = short_document("settings")
    queue = f"sqlite:///{tmp_path / 'shared.db'}"
    for budget in ("3000", "2999"):
        args = fault_model_args(fault_server.base_url, "--context-tokens", budget)
        with ServerProcess(tmp_path, *args, queue=queue, env={"OPENAI_API_KEY": "k"}) as server:
            assert server.client.post("/v1/briefs", json={"text": text}).headers["x-cache"] == "miss"
    assert fault_server.log.calls == 2


def test_a_model_failure_is_a_failed_job_with_its_problem(tmp_path: Path, fault_server: FaultServer) -> None:
    with ServerProcess(
        tmp_path, *fault_model_args(fault_server.base_url), env={"OPENAI_API_KEY": "k"}
    ) as server:
        job = server.wait_for(server.submit(short_document("truncated", "[[fault:truncated]]")))
        sync = server.client.post("/v1/briefs", json={"text": short_document("sync", "[[fault:truncated]]")})
        brief = server.client.get(f"/v1/jobs/{job['id']}/brief")
    assert job["state"] == "failed" and job["problem"]["status"] == 502
    assert job["problem"]["type"] == "urn:summarizer:problem:output-truncated" and job["problem"]["detail"]
    assert _is_problem(sync, 502)["type"] == "urn:summarizer:problem:output-truncated"
    _is_problem(brief, 409)


def test_a_queued_job_can_be_cancelled(tmp_path: Path, fault_server: FaultServer) -> None:
    fault_server.plan.latency = 1.0
    args = fault_model_args(fault_server.base_url, "--concurrency", "1")
    with ServerProcess(tmp_path, *args, env={"OPENAI_API_KEY": "k"}) as server:
        running = server.submit(short_document("first"))
        waiting = server.submit(short_document("second"))
        cancelled = server.client.delete(f"/v1/jobs/{waiting}")
        assert cancelled.status_code == 202 and cancelled.json()["state"] == "cancelled"
        assert server.wait_for(running)["state"] == "done"
        time.sleep(0.5)  # the worker takes the cancelled job's task and must skip it
        assert server.wait_for(waiting)["state"] == "cancelled"
    assert fault_server.log.per_document["Harbour report second from Porto"] == 0


def test_per_token_rate_and_concurrency_limits(tmp_path: Path, fault_server: FaultServer) -> None:
    fault_server.plan.latency = 1.0
    args = fault_model_args(fault_server.base_url, "--token-rpm", "3", "--token-concurrency", "1")
    with ServerProcess(tmp_path, *args, env={"OPENAI_API_KEY": "k"}) as server:
        with ThreadPoolExecutor(2) as pool:
            answers = list(
                pool.map(lambda n: server.client.post("/v1/briefs", json={"text": short_document(n)}), [1, 2])
            )
        assert sorted(a.status_code for a in answers) == [200, 429]
        busy = next(a for a in answers if a.status_code == 429)
        assert _is_problem(busy, 429)["type"] == "urn:summarizer:problem:concurrency-limit"
        server.client.post("/v1/jobs", json={"text": short_document(3)})
        limited = server.client.post("/v1/jobs", json={"text": short_document(4)})
        assert _is_problem(limited, 429)["type"] == "urn:summarizer:problem:rate-limit"
        assert int(limited.headers["retry-after"]) >= 1
        metrics = server.client.get("/metrics").text
    assert json.dumps(metrics).count("429") >= 1
