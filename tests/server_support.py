"""The real server in its own process on a loopback port, for tests that talk to it over HTTP.

    with ServerProcess(tmp_path, "--replay", str(RECORDINGS / "seeds")) as server:
        server.client.post("/v1/briefs", json={"text": "..."})

Each server gets its own SQLite queue under the test's tmp dir unless `queue` names another (a
restarted server passes the same one). Its output goes to a log file the test can read.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx2

from tests.conftest import ROOT

SERVE = [sys.executable, "-c", "from summarizer.cli import main; main()", "serve"]
# Variables a developer's shell may hold that must not reach a test server.
_SCRUBBED = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "SUMMARIZER_MODEL")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class ServerProcess:
    def __init__(
        self,
        folder: Path,
        *args: str,
        queue: str | None = None,
        env: dict[str, str] | None = None,
        token: str | None = None,
        port: int | None = None,
        wait_ready: bool = True,
    ) -> None:
        self.folder = folder
        self.port = port or free_port()
        self.queue = queue or f"sqlite:///{folder / 'queue.db'}"
        self.args = ["--port", str(self.port), "--queue", self.queue, *args]
        self.env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED} | (env or {})
        self.base_url = f"http://127.0.0.1:{self.port}"
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.client = httpx2.Client(base_url=self.base_url, headers=headers, timeout=30)
        self.log_path = folder / f"server-{self.port}-{time.monotonic_ns()}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.wait_ready = wait_ready

    def start(self) -> ServerProcess:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [*SERVE, *self.args], cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT
        )
        if self.wait_ready:
            self.wait_until_ready()
        return self

    def wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        assert self.process is not None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited with {self.process.returncode}:\n{self.log()}")
            try:
                if httpx2.get(f"{self.base_url}/readyz", timeout=1).status_code == 200:
                    return
            except httpx2.HTTPError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"the server was not ready within {timeout} s:\n{self.log()}")

    def kill(self) -> None:
        """kill -9: no shutdown code runs."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self._log.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.client.close()
        if not self._log.closed:
            self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- jobs ---------------------------------------------------------------------------------

    def submit(self, text: str, **kwargs: Any) -> str:
        response = self.client.post("/v1/jobs", json={"text": text}, **kwargs)
        assert response.status_code == 202, response.text
        job_id: str = response.json()["id"]
        return job_id

    def wait_for(
        self, job_id: str, states: tuple[str, ...] = ("done", "failed", "cancelled"), timeout: float = 60
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job: dict[str, Any] = self.client.get(f"/v1/jobs/{job_id}").json()
            if job["state"] in states:
                return job
            time.sleep(0.1)
        raise AssertionError(f"job {job_id} not {states} within {timeout} s: {job}\n{self.log()}")


def fault_model_args(base_url: str, *extra: str) -> list[str]:
    return ["--model", "fault-model", "--base-url", base_url, *extra]


def short_document(n: int | str, extra: str = "") -> str:
    return (
        f"Harbour report {n} from Porto\n\n"
        f"Officials said on Monday that shipment {n} arrived late. {extra}\n"
        "Analysts expect a second delay in March.\n"
    )
