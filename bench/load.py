"""What the two load benchmarks (batch.py, service.py) share: N documents, C at once, and a model that
answers each call in L seconds, so the ideal wall time is ceil(N/C)·L."""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_arguments(description: str, *, port: int | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--latency", type=float, default=1.0, help="seconds the model takes per call")
    parser.add_argument("--min-ratio", type=float, default=0.9, help="exit 1 below this ratio to ideal")
    if port is not None:
        parser.add_argument("--port", type=int, default=port)
    return parser.parse_args()


def ideal_seconds(args: argparse.Namespace) -> float:
    """The wall time if every call took exactly the model's latency and C ran at all times."""
    return float(math.ceil(args.documents / args.concurrency) * args.latency)


@contextmanager
def fault_server(latency: float, *faults: str) -> Iterator[str]:
    """The test suite's fault-injection model server in a child process; yields its base URL."""
    command = [sys.executable, str(ROOT / "tests" / "fault_server.py"), "--latency", str(latency), *faults]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        yield process.stdout.readline().split()[3].rstrip(";")
    finally:
        process.terminate()
        process.wait()
