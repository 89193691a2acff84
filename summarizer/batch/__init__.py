"""Batch: many documents to briefs, concurrently, resumably, never paying twice for one.

_run.py         summarize_folder: the one way to run a batch (Python and the CLI); Batch, one run
_walk.py        which files a batch covers: folders, files, globs, include / exclude, symlinks
_manifest.py    manifest.jsonl, one row per document: the record of what is done
_lock.py        one batch per output folder at a time
_cost.py        token prices and the budget behind --max-cost
_ratelimit.py   requests and tokens per minute, on every HTTP attempt
_usage.py       per-document usage: HTTP requests and tokens, where every answer passes
_progress.py    how a batch shows itself on stderr
"""

from summarizer.batch._cost import Price, parse_price, price_for
from summarizer.batch._manifest import DocumentResult
from summarizer.batch._progress import print_summary, progress_for
from summarizer.batch._run import (
    BatchOptions,
    BatchProgress,
    BatchReport,
    summarize_folder,
)

__all__ = [
    "BatchOptions",
    "BatchProgress",
    "BatchReport",
    "DocumentResult",
    "Price",
    "parse_price",
    "price_for",
    "print_summary",
    "progress_for",
    "summarize_folder",
]
