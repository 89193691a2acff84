"""Quote attribution benchmark: `summarizer extract --json` quotes against PolNeAR gold speakers.

    .venv/bin/python bench/attribution.py [DATA_DIR] [--scorer PATH] [--keep DIR]

DATA_DIR holds `texts/<name>.txt` and `gold.json` (defaults to ../shared/data/attribution next to the
repository). The extraction runs in-process for every article; its JSON goes to `<name>.txt.json` in a
temporary folder (or --keep DIR), then the scorer (../shared/tools/score-quotes) runs on it and its
output is printed, followed by the import time of the evidence index and seconds per article.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=SHARED / "data" / "attribution")
    parser.add_argument("--scorer", type=Path, default=SHARED / "tools" / "score-quotes")
    parser.add_argument("--keep", type=Path, help="Write the JSON files here instead of a temp folder.")
    args = parser.parse_args()

    started = time.perf_counter()
    from summarizer.rendering._extraction import extract

    import_seconds = time.perf_counter() - started
    texts = sorted((args.data / "texts").glob("*.txt"))
    with tempfile.TemporaryDirectory() as temp:
        out = args.keep or Path(temp)
        out.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        for path in texts:
            extraction = extract(path)
            (out / f"{path.name}.json").write_text(json.dumps(extraction.metadata()), encoding="utf-8")
        per_article = (time.perf_counter() - started) / max(len(texts), 1)
        scored = subprocess.run([sys.executable, str(args.scorer), str(args.data), str(out)], check=False)
    print(f"import {import_seconds:.3f} s; {per_article * 1000:.1f} ms per article ({len(texts)} articles)")
    return scored.returncode


if __name__ == "__main__":
    sys.exit(main())
