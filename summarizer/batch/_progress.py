"""How a batch shows itself on stderr: a rich progress bar on a terminal, plain lines otherwise,
and a closing table. Used by the CLI; the library reports through `BatchProgress` and never prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from summarizer.errors import printable

if TYPE_CHECKING:
    from summarizer.batch._manifest import DocumentResult
    from summarizer.batch._run import BatchReport


def describe(result: DocumentResult) -> str:
    """One line for one document, e.g. `ok a/b.txt (2 requests, 1,930 tokens, 1.2 s)`."""
    path = printable(result.path)  # a name with a newline or an escape must not drive the terminal
    if result.cached:
        return f"skipped {path} (done earlier)"
    if result.status == "ok":
        tokens = result.tokens_in + result.tokens_out
        requests = f"{result.requests} request" + ("s" if result.requests != 1 else "")
        return f"ok {path} ({requests}, {tokens:,} tokens, {result.duration_s:.1f} s)"
    return f"{result.status} {path}: {result.error}: {printable(result.message or '')}"


class PlainProgress:
    """A line per document, for logs and pipes."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.total = 0
        self.done = 0

    def started(self, total: int) -> None:
        self.total = total
        print(f"{total} documents", file=self.stream, flush=True)

    def finished(self, result: DocumentResult) -> None:
        self.done += 1
        print(f"[{self.done}/{self.total}] {describe(result)}", file=self.stream, flush=True)

    def close(self) -> None:
        pass


class RichProgress:
    """A live bar on a terminal; failures are printed above it as they happen."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.bar = Progress(
            TextColumn("[bold]summarizing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[tally]}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task = self.bar.add_task("batch", total=None, tally="")
        self.counts = {"ok": 0, "failed": 0, "skipped": 0}

    def started(self, total: int) -> None:
        self.bar.update(self.task, total=total)
        self.bar.start()

    def finished(self, result: DocumentResult) -> None:
        self.counts[result.status] += 1
        if result.status == "failed":
            self.console.print(f"[red]{describe(result)}", markup=True, highlight=False)
        tally = " ".join(f"{k} {v}" for k, v in self.counts.items())
        self.bar.update(self.task, advance=1, tally=tally)

    def close(self) -> None:
        self.bar.stop()


class QuietProgress:
    def started(self, total: int) -> None:
        pass

    def finished(self, result: DocumentResult) -> None:
        pass

    def close(self) -> None:
        pass


def progress_for(stream: TextIO, *, quiet: bool) -> PlainProgress | RichProgress | QuietProgress:
    """Each satisfies `BatchProgress`; `close()` ends a live display."""
    if quiet:
        return QuietProgress()
    if stream.isatty():
        return RichProgress(Console(file=stream))
    return PlainProgress(stream)


def summary_table(report: BatchReport) -> Table:
    tokens_in, tokens_out = report.tokens
    cost = "n/a (no price)" if report.cost is None else f"${report.cost:.4f}"
    table = Table(title=f"batch into {report.output}", title_justify="left")
    for column in ("ok", "failed", "skipped", "tokens in / out", "estimated cost", "wall time"):
        table.add_column(column, justify="right")
    table.add_row(
        str(report.count("ok")),
        str(report.count("failed")),
        str(report.count("skipped")),
        f"{tokens_in:,} / {tokens_out:,}",
        cost,
        f"{report.wall_s:.1f} s",
    )
    return table


def print_summary(report: BatchReport, stream: TextIO) -> None:
    console = Console(file=stream, highlight=False)
    console.print(summary_table(report))
    for result in report.undone:
        console.print(describe(result), markup=False)
    not_done = report.total - len(report.results)
    if report.interrupted or not_done:
        console.print(f"stopped: {not_done} of {report.total} documents not done; run again to finish")
