"""Batch benchmark: how close a batch comes to perfect concurrency, with and without faults.

    /work/venv/bin/python bench/batch.py [--documents 200] [--concurrency 16] [--latency 1.0]

Starts the fault-injection server (tests/fault_server.py) in its own process, as a remote API would
be, answering every call after a fixed latency L, and summarizes N small documents at concurrency C
through the real client. Prints, for each run, the wall time against the ideal ceil(N/C)·L and their
ratio (ideal / achieved; 1.0 is perfect):

1. no faults;
2. 10% 429 (Retry-After 0.2 s) and 5% 500 on every call, retried by the transport;
3. the first run again over its own output: the cached re-run (calls made, seconds).

One throwaway document is summarized first, so the one-time import of the LLM stack is not timed.
Exits 1 when the fault-free ratio is under --min-ratio (default 0.9).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from load import fault_server, ideal_seconds, load_arguments  # bench/load.py, beside this script

from summarizer.batch import BatchOptions, summarize_folder
from summarizer.settings import Settings
from summarizer.transports import RetryPolicy

MODEL = "bench-model"
# Retries scaled to the benchmark's sub-second latencies instead of the default one-second start.
SETTINGS = Settings(timeout_s=30.0, retry_policy=RetryPolicy(initial_wait=0.1, max_wait=2.0))


def server_calls(base_url: str) -> int:
    with urllib.request.urlopen(base_url.removesuffix("/v1") + "/stats") as response:
        calls: int = json.load(response)["calls"]
        return calls


def write_documents(folder: Path, count: int) -> None:
    for n in range(count):
        path = folder / f"part{n % 8}" / f"doc{n:03}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"Harbour report {n} from Porto\n\nOfficials said on Monday that shipment {n} arrived late. "
            "Analysts expect a second delay in March, and the port authority may revise its forecast.\n"
        )


def timed_batch(base_url: str, docs: Path, out: Path, concurrency: int) -> tuple[float, int, int]:
    """Seconds, documents ok (or cached) and calls made for one batch, after a one-document warm-up."""
    warmup = out.parent / f"{out.name}-warmup"
    write_documents(warmup / "in", 1)
    summarize_folder(
        warmup / "in", warmup / "out", MODEL, base_url=base_url, api_key="bench", settings=SETTINGS
    )
    calls_before = server_calls(base_url)
    started = time.perf_counter()
    options = BatchOptions(concurrency=concurrency)
    report = summarize_folder(
        docs, out, MODEL, options=options, base_url=base_url, api_key="bench", settings=SETTINGS
    )
    seconds = time.perf_counter() - started
    done = report.count("ok") + report.count("skipped")
    return seconds, done, server_calls(base_url) - calls_before


def line(label: str, seconds: float, ideal: float, done: int, calls: int) -> str:
    ratio = ideal / seconds
    return f"{label:<28} {seconds:7.2f} s  ideal {ideal:6.2f} s  ratio {ratio:5.2f}  ok {done}  calls {calls}"


def main() -> int:
    args = load_arguments(__doc__.splitlines()[0])
    n, c, latency = args.documents, args.concurrency, args.latency
    ideal = ideal_seconds(args)
    print(f"N={n} documents, C={c}, L={latency:g} s per call: ideal ceil(N/C)·L = {ideal:g} s")
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        write_documents(docs, n)
        with fault_server(latency) as url:
            clean = timed_batch(url, docs, Path(tmp) / "out", c)
            print(line("no faults", *clean[:1], ideal, *clean[1:]))
            cached = timed_batch(url, docs, Path(tmp) / "out", c)
            print(
                f"{'cached re-run':<28} {cached[0]:7.2f} s  calls {cached[2]}  documents skipped {cached[1]}"
            )
        with fault_server(latency, "--rate-429", "0.1", "--rate-500", "0.05", "--retry-after", "0.2") as url:
            faulty = timed_batch(url, docs, Path(tmp) / "out-faults", c)
            print(line("10% 429 + 5% 500", *faulty[:1], ideal, *faulty[1:]))
    ratio = ideal / clean[0]
    print(f"fault-free ratio {ratio:.2f} (target >= {args.min_ratio})")
    return 0 if ratio >= args.min_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
