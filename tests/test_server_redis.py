"""Two servers on one Redis: a job accepted by one is visible to both and finished by either.

Runs a real redis-server (Debian's package; .ci/run installs it) on a free loopback port.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fault_server import FaultServer
from tests.server_support import ServerProcess, fault_model_args, free_port, short_document

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    if not Path(REDIS_SERVER).exists():
        pytest.skip("no redis-server: apt-get install -y redis-server (.ci/run installs it)")
    port = free_port()
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        import redis

        client = redis.Redis(port=port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    pytest.fail("redis-server did not start")
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait()


def test_two_workers_share_one_redis_queue(tmp_path: Path, redis_url: str, fault_server: FaultServer) -> None:
    fault_server.plan.latency = 0.3
    args = fault_model_args(fault_server.base_url, "--concurrency", "2")
    env = {"OPENAI_API_KEY": "k"}
    with (
        ServerProcess(tmp_path / "a", *args, queue=redis_url, env=env) as a,
        ServerProcess(tmp_path / "b", *args, queue=redis_url, env=env) as b,
    ):
        assert a.client.get("/readyz").json()["queue"]["kind"] == "redis"
        ids = [a.submit(short_document(n)) for n in range(12)]
        jobs = [b.wait_for(job_id) for job_id in ids]  # visible from the other server
        assert [job["state"] for job in jobs] == ["done"] * 12
        again = b.wait_for(b.submit(short_document(3)))
        assert again["cached"], "the brief store is shared: the other server does not pay again"
        logs = a.log() + b.log()
    assert fault_server.log.calls == 12
    assert "queue.db" not in logs
    worked = [server for server in (a, b) if "job " in server.log() and " done" in server.log()]
    assert len(worked) == 2, "both servers ran jobs from the shared queue"
