"""Service benchmark: 200 concurrent short documents through `summarizer serve`, against the ideal.

    .venv/bin/python bench/service.py [--documents 200] [--concurrency 16] [--latency 1.0]

Starts the fault server (tests/fault_server.py) in its own process, answering every model call
after a fixed latency L, and the real server (`summarizer serve --concurrency C`) on loopback with a
fresh SQLite queue. Then, after one warm-up document:

1. POST /v1/briefs: N clients at once, each posting one distinct short document and waiting for its
   brief. Prints requests/s, p50/p99 latency, and the ideal C/L requests/s (ceil(N/C)·L seconds).
2. POST /v1/jobs: N distinct documents queued at once, then polled until all are done; prints
   jobs/s against the same ideal (latency here includes the poll interval, 0.25 s).
3. The server's memory (RSS) at rest, and its peak under each load; its CPU per document; and the
   time each document spent in the summarizer (reading, prompting, the call, grounding), which is
   what a slot is held for: the ideal counts the model's latency only.

Exits 1 when the /v1/briefs ratio (achieved / ideal requests/s) is under --min-ratio (0.9).
"""

from __future__ import annotations

import asyncio
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2
import psutil
from load import fault_server, ideal_seconds, load_arguments  # bench/load.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
SERVE = [sys.executable, "-c", "from summarizer.cli import main; main()", "serve"]


@contextmanager
def service(model_url: str, concurrency: int, folder: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    args = [
        "--port", str(port), "--queue", f"sqlite:///{folder / 'queue.db'}", "--model", "bench-model",
        "--base-url", model_url, "--concurrency", str(concurrency),
        "--token-concurrency", "100000", "--token-rpm", "10000000",
    ]  # fmt: skip
    env = {**os.environ, "OPENAI_API_KEY": "bench"}
    with (folder / "server.log").open("wb") as log:
        process = subprocess.Popen([*SERVE, *args], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_ready(f"http://127.0.0.1:{port}", process)
            yield process
        finally:
            process.terminate()
            process.wait()


def wait_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise SystemExit("the server exited; see its log")
        try:
            if httpx2.get(base + "/readyz", timeout=1).status_code == 200:
                return
        except httpx2.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit("the server was not ready in 60 s")


def document(tag: str, n: int) -> str:
    return (
        f"Harbour report {tag} {n} from Porto\n\nOfficials said on Monday that shipment {n} arrived late. "
        "Analysts expect a second delay in March, and the port authority may revise its forecast.\n"
    )


class PeakMemory:
    """Samples a process's RSS every 50 ms while in use; `peak` is the largest seen."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


HELD: list[float] = []  # seconds each brief's document spent in the summarizer (its provenance)


async def briefs(base: str, n: int) -> tuple[float, list[float], int]:
    """Wall seconds, each request's latency, and how many were answered 200."""
    limits = httpx2.Limits(max_connections=n + 10, max_keepalive_connections=n + 10)
    async with httpx2.AsyncClient(base_url=base, timeout=300, limits=limits) as client:

        async def one(i: int) -> tuple[float, int]:
            started = time.perf_counter()
            response = await client.post("/v1/briefs", json={"text": document("brief", i)})
            if response.status_code == 200:
                HELD.append(response.json()["provenance"]["duration_s"])
            return time.perf_counter() - started, response.status_code

        started = time.perf_counter()
        results = await asyncio.gather(*(one(i) for i in range(n)))
        wall = time.perf_counter() - started
    return wall, [r[0] for r in results], sum(1 for r in results if r[1] == 200)


async def jobs(base: str, n: int) -> tuple[float, list[float], int]:
    limits = httpx2.Limits(max_connections=50, max_keepalive_connections=50)
    async with httpx2.AsyncClient(base_url=base, timeout=300, limits=limits) as client:
        started = time.perf_counter()
        submitted: dict[str, float] = {}

        async def submit(i: int) -> None:
            response = await client.post("/v1/jobs", json={"text": document("job", i)})
            submitted[response.json()["id"]] = time.perf_counter()

        await asyncio.gather(*(submit(i) for i in range(n)))
        latencies, done = [], 0
        pending = set(submitted)
        while pending:
            await asyncio.sleep(0.25)
            states = await asyncio.gather(*(client.get(f"/v1/jobs/{i}") for i in sorted(pending)))
            for response in states:
                job = response.json()
                if job["state"] in ("done", "failed", "cancelled"):
                    pending.discard(job["id"])
                    latencies.append(time.perf_counter() - submitted[job["id"]])
                    done += job["state"] == "done"
        wall = time.perf_counter() - started
    return wall, latencies, done


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def report(label: str, wall: float, latencies: list[float], ok: int, n: int, ideal_rps: float) -> float:
    rps = n / wall
    print(
        f"{label:<12} {ok}/{n} ok in {wall:6.2f} s: {rps:6.2f} req/s (ideal {ideal_rps:.2f}, "
        f"ratio {rps / ideal_rps:.2f}); latency p50 {percentile(latencies, 0.5):.2f} s, "
        f"p99 {percentile(latencies, 0.99):.2f} s"
    )
    return rps / ideal_rps


def main() -> int:
    args = load_arguments(__doc__.splitlines()[0], port=8431)
    n, c, latency = args.documents, args.concurrency, args.latency
    ideal_wall = ideal_seconds(args)
    ideal_rps = n / ideal_wall
    print(f"N={n} concurrent documents, --concurrency {c}, model latency {latency:g} s per call")
    print(f"ideal: ceil(N/C)·L = {ideal_wall:g} s, {ideal_rps:.2f} documents/s")
    base = f"http://127.0.0.1:{args.port}"
    with (
        tempfile.TemporaryDirectory() as tmp,
        fault_server(latency) as model_url,
        service(model_url, c, Path(tmp), args.port) as server,
    ):
        asyncio.run(briefs(base, 1))  # warm-up: the first document loads the LLM stack
        time.sleep(1)
        process = psutil.Process(server.pid)
        rest = process.memory_info().rss
        HELD.clear()
        with PeakMemory(server.pid) as sync_memory:
            cpu = sum(process.cpu_times()[:2])
            ratio = report("/v1/briefs", *asyncio.run(briefs(base, n)), n, ideal_rps)
            sync_cpu = (sum(process.cpu_times()[:2]) - cpu) / n
        with PeakMemory(server.pid) as job_memory:
            cpu = sum(process.cpu_times()[:2])
            report("/v1/jobs", *asyncio.run(jobs(base, n)), n, ideal_rps)
            job_cpu = (sum(process.cpu_times()[:2]) - cpu) / n
    mb = 1024 * 1024
    print(
        f"memory (RSS): at rest {rest / mb:.0f} MB; peak under load {sync_memory.peak / mb:.0f} MB "
        f"(/v1/briefs), {job_memory.peak / mb:.0f} MB (/v1/jobs)"
    )
    held = sum(HELD) / max(len(HELD), 1)
    print(
        f"time in the summarizer per document (/v1/briefs): mean {held:.3f} s for a {latency:g} s model call"
    )
    print(
        f"server CPU per document: {sync_cpu * 1000:.0f} ms (/v1/briefs), {job_cpu * 1000:.0f} ms (/v1/jobs)"
    )
    print(f"/v1/briefs ratio {ratio:.2f} (target >= {args.min_ratio})")
    return 0 if ratio >= args.min_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
