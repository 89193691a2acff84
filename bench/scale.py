"""Local work on long documents, with no model call: seconds and peak memory at 1, 5 and 20 MB.

Each size runs in its own process, so its peak resident memory is its own. The document is the seed
articles repeated (quotes, figures, furniture and Markdown-free prose, as real input has them); the
work is what a brief costs besides the model: read, clean, index, split into parts, build the prompts,
ground a draft citing 40 quotes and 40 figures, render Markdown and HTML (tests/local_work.py).

A text that repeats itself word for word flatters anything that remembers what it has seen. `--varied`
changes one word in eight of six letters or more into a word found nowhere else: about nine sentences
in ten are then unique, and new words keep coming as in a long real text (one token in twenty-two is
a word seen nowhere before).

    .venv/bin/python bench/scale.py            # 1, 5, 20 MB
    .venv/bin/python bench/scale.py --varied
    .venv/bin/python bench/scale.py --mb 50
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_SECONDS, LIMIT_MB = 10.0, 500.0  # at 20 MB


_LONG_WORD = re.compile(rb"\b[a-z]{6,}\b")
_VARIED_EVERY = 8


def document(megabytes: float, varied: bool = False) -> bytes:
    seed = b"\n\n".join(path.read_bytes() for path in sorted((ROOT / "seeds").glob("*.txt")))
    size = int(megabytes * 2**20)
    copies = size // len(seed) + 1
    if not varied:
        return (seed * copies)[:size]
    counter = itertools.count()
    # A copy at a time: one substitution over the whole text held several copies of it at once.
    return b"".join(_LONG_WORD.sub(lambda m: _unique(m.group(), next(counter)), seed) for _ in range(copies))[
        :size
    ]


def _unique(word: bytes, n: int) -> bytes:
    """Every eighth long word gets a suffix of its own ("reported" -> "reportedqbd")."""
    if n % _VARIED_EVERY:
        return word
    suffix, n = b"", n // _VARIED_EVERY
    while True:
        n, digit = divmod(n, 26)
        suffix += bytes([97 + digit])
        if not n:
            return word + b"q" + suffix


def measure(megabytes: float, varied: bool) -> dict[str, float]:
    """Run in a child process: the work once, its wall time and the process's peak memory."""
    sys.path.insert(0, str(ROOT))
    from tests.local_work import run_local_work

    data = document(megabytes, varied)
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
    parser.add_argument("--varied", action="store_true", help="no sentence or rare word repeats")
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(measure(args.child, args.varied)))
        return
    print("document: the seeds repeated" + (", one long word in eight made unique" if args.varied else ""))
    print(f"{'size':>7} {'seconds':>8} {'s/MB':>6} {'peak MB':>8}  (process before the work: MB)")
    first: dict[str, float] | None = None
    for megabytes in args.mb:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(megabytes), *(["--varied"] if args.varied else [])],
            capture_output=True,
            text=True,
            check=True,
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
