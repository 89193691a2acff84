"""Jobs never get lost: kill -9 the server with jobs queued and running, restart it, all finish."""

from __future__ import annotations

import time
from pathlib import Path

from tests.fault_server import FaultServer
from tests.server_support import ServerProcess, fault_model_args, short_document


def test_every_accepted_job_finishes_after_kill_9_and_a_restart(
    tmp_path: Path, fault_server: FaultServer
) -> None:
    fault_server.plan.latency = 1.5
    args = fault_model_args(fault_server.base_url, "--concurrency", "2", "--lease", "1")
    env = {"OPENAI_API_KEY": "k"}
    queue = f"sqlite:///{tmp_path / 'jobs.db'}"
    first = ServerProcess(tmp_path, *args, queue=queue, env=env).start()
    try:
        ids = [first.submit(short_document(n)) for n in range(6)]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            states = [first.client.get(f"/v1/jobs/{i}").json()["state"] for i in ids]
            if states.count("running") == 2:
                break
            time.sleep(0.05)
        assert states.count("running") == 2 and "done" not in states, states
    finally:
        first.kill()
        first.stop()

    with ServerProcess(tmp_path, *args, queue=queue, env=env) as second:
        jobs = [second.wait_for(i, timeout=60) for i in ids]
        log = second.log()
    assert [job["state"] for job in jobs] == ["done"] * 6, jobs
    resumed = [job for job in jobs if job["runs"] > 1]
    assert len(resumed) == 2, "the two jobs running at the kill ran again"
    assert "queued again" in log
    for n in range(6):
        assert fault_server.log.per_document[f"Harbour report {n} from Porto"] >= 1
