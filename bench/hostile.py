"""Hostile lines through all local work: the worst seconds per kB, and how it grows with the size.

Each shape is a short unit repeated into one line (the input that makes a backtracking pattern or a
per-lookup scan blow up), run at 10 kB and 100 kB through reading, cleaning, locating, parts,
grounding and rendering (tests/local_work.py). Linear work keeps seconds per kB flat between the
two sizes (growth near x1); a quadratic step shows as about x10, a cubic one as x100.

    .venv/bin/python bench/hostile.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.local_work import run_local_work

SHAPES = {
    "share bar, wide gaps": "Facebook   x   ",
    "share bar, double spaces": "Twitter  ",
    "blanks": " ",
    "teaser then blanks": "... Read more   ",
    "emphasis openers": "**a ",
    "underscore openers": "_a ",
    "link openers": "[",
    "nested brackets": "[[a](u)",
    "footnote openers": "[^",
    "autolink openers": "<http:",
    "backtick runs": "`a``b",
    "quote marks": '"“',
    "figures": "1,000 6% 2.5bn ",
    "sentence ends": '." ',
    "curly quotes and accents": "“é” ",
    "mojibake": "â‚¬ ",
    "plain prose": "The council met. ",
}
SIZES_KB = (10, 100)
ARTICLE = "\nThe article says “this is a quote,” said Ann Lee, and 6,000 may be more.\n"


def seconds(unit: str, kilobytes: int) -> float:
    line = unit * (kilobytes * 1024 // len(unit.encode()))
    data = (line + ARTICLE).encode()
    started = time.perf_counter()
    run_local_work(data, "hostile.md", context_tokens=500)
    return time.perf_counter() - started


def main() -> None:
    seconds("warm up", 1)
    print(f"{'shape':<26} " + " ".join(f"{f'{kb} kB s':>9}" for kb in SIZES_KB) + "  ms/kB at 100  growth")
    worst: tuple[float, str] = (0.0, "")
    for name, unit in SHAPES.items():
        small, large = (seconds(unit, kb) for kb in SIZES_KB)
        per_kb = large / SIZES_KB[-1]
        growth = per_kb / (small / SIZES_KB[0])
        worst = max(worst, (per_kb, name))
        print(f"{name:<26} {small:>9.3f} {large:>9.3f}  {per_kb * 1000:>11.2f}  x{growth:.2f}")
    print(f"worst: {worst[1]}, {worst[0] * 1000:.2f} ms per kB at {SIZES_KB[-1]} kB")


if __name__ == "__main__":
    main()
