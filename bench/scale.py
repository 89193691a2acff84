"""Local work on long documents, with no model call: seconds and peak memory at 1, 5 and 20 MB.

Each size runs in its own process, so its peak resident memory is its own. The document is the seed
articles repeated (quotes, figures, furniture and Markdown-free prose, as real input has them); the
work is what a brief costs besides the model: read, clean, index, split into parts, build the prompts,
ground a draft citing 40 quotes and 40 figures, render Markdown and HTML (tests/local_work.py).

    .venv/bin/python bench/scale.py            # 1, 5, 20 MB
    .venv/bin/python bench/scale.py --mb 50
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_SECONDS, LIMIT_MB = 10.0, 500.0  # at 20 MB


def document(megabytes: float) -> bytes:
    seed = b"\n\n".join(path.read_bytes() for path in sorted((ROOT / "seeds").glob("*.txt")))
    size = int(megabytes * 2**20)
    return (seed * (size // len(seed) + 1))[:size]


def measure(megabytes: float) -> dict[str, float]:
    """Run in a child process: the work once, its wall time and the process's peak memory."""
    sys.path.insert(0, str(ROOT))
    from tests.local_work import run_local_work

    data = document(megabytes)
    baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    run_local_work(data, "document.txt")
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"mb": megabytes, "seconds": seconds, "peak_mb": peak_mb, "baseline_mb": baseline_mb}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, nargs="*", default=[1, 5, 20])
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(measure(args.child)))
        return
    print(f"{'size':>7} {'seconds':>8} {'s/MB':>6} {'peak MB':>8}  (process before the work: MB)")
    first: dict[str, float] | None = None
    for megabytes in args.mb:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(megabytes)], capture_output=True, text=True, check=True
        )
        row = json.loads(out.stdout)
        first = first or row
        print(
            f"{megabytes:>5g}MB {row['seconds']:>8.2f} {row['seconds'] / megabytes:>6.2f} "
            f"{row['peak_mb']:>8.0f}  ({row['baseline_mb']:.0f})"
        )
    if first is not None and len(args.mb) > 1:
        last = row
        growth = (last["seconds"] / last["mb"]) / (first["seconds"] / first["mb"])
        print(f"seconds per MB at {last['mb']:g} MB vs {first['mb']:g} MB: x{growth:.2f} (1.0 is linear)")
    if 20 in args.mb:
        print(f"limits at 20 MB: < {LIMIT_SECONDS:g} s and < {LIMIT_MB:g} MB peak")


if __name__ == "__main__":
    main()
