"""Many documents to briefs, concurrently, losing nothing and never paying twice for one.

    report = summarize_folder(["docs/"], "out", options=BatchOptions(concurrency=8), model="gpt-4o-mini")

- inputs: `_walk.find_inputs` (folders, files, globs; include/exclude; hidden files and loops skipped).
- outputs: `out/<relative path>.json` (and `.md`) per document, each written atomically, then its
  row appended to `out/manifest.jsonl` (see `_manifest`). A brief is always on disk before its row.
- concurrency: `concurrency` workers pull documents from one queue; every HTTP attempt goes through
  the summarizer's one retrying transport, whose shared pause makes a 429 slow the whole batch, and
  through `RequestLimits` when requests/tokens-per-minute limits are set.
- cache: a document whose input sha256 and settings fingerprint match an `ok` row (or, if the crash
  came between brief and row, the brief on disk) is skipped without a call. `force` redoes all.
- cost: `Budget` stops starting documents once the estimate would pass `max_cost`.
- stopping: `stop()` (the CLI calls it on Ctrl-C) cancels documents in flight and returns the report;
  a cancelled run leaves finished briefs and a consistent, compacted manifest either way.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import signal
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, Unpack

from summarizer._atomic import check_writable_folder
from summarizer.batch._cost import Budget, Price, price_for
from summarizer.batch._lock import OutputLock
from summarizer.batch._manifest import (
    MANIFEST_NAME,
    DocumentResult,
    ManifestWriter,
    read_manifest,
    write_manifest,
)
from summarizer.batch._ratelimit import RequestLimits
from summarizer.batch._usage import DocumentUsage, UsageMeter, current_usage
from summarizer.batch._walk import InputFile, WalkFilter, find_inputs
from summarizer.brief import Brief, settings_fingerprint
from summarizer.errors import (
    AuthenticationFailed,
    InputError,
    NotStarted,
    ServerUnreachable,
    SummarizerError,
    UnwritableOutput,
)
from summarizer.reading import SourceDocument, read_document
from summarizer.rendering import to_json, to_markdown
from summarizer.service import Summarizer
from summarizer.settings import Overrides

if TYPE_CHECKING:
    from summarizer.transports import AttemptHook

OutputFormat = Literal["json", "md"]
ALL_FORMATS: tuple[OutputFormat, ...] = ("json", "md")
# Documents in a row that found no server at all before the batch stops starting new ones: a dead
# server or a wrong URL fails every document the same way, and 40 of them should not take minutes.
UNREACHABLE_IN_A_ROW = 3


@dataclass(frozen=True)
class BatchOptions:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    concurrency: int = 8
    requests_per_minute: float | None = None
    tokens_per_minute: float | None = None
    force: bool = False
    formats: tuple[OutputFormat, ...] = ("json",)
    max_cost: float | None = None
    prices: Mapping[str, Price] = field(default_factory=dict)
    wait_for_lock: bool = False  # another batch on the same output folder: wait for it, not fail
    follow_symlinks: bool = False  # follow links that lead out of an input folder


class BatchProgress(Protocol):
    """Told the number of documents once, then each result as it lands."""

    def started(self, total: int) -> None: ...

    def finished(self, result: DocumentResult) -> None: ...


class _Silent:
    def started(self, total: int) -> None:
        pass

    def finished(self, result: DocumentResult) -> None:
        pass


@dataclass
class BatchReport:
    output: Path
    total: int
    results: list[DocumentResult]
    wall_s: float
    interrupted: bool = False
    priced: bool = True
    halted: str | None = None  # why the batch stopped starting documents, if it did

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def undone(self) -> list[DocumentResult]:
        """Documents not finished: failed, or left undone by a cost cap or a stop."""
        return [r for r in self.results if r.status == "failed" or r.error == NotStarted.__name__]

    @property
    def all_ok(self) -> bool:
        return not self.undone and not self.interrupted and len(self.results) == self.total

    @property
    def tokens(self) -> tuple[int, int]:
        return sum(r.tokens_in for r in self.results), sum(r.tokens_out for r in self.results)

    @property
    def cost(self) -> float | None:
        return sum(r.cost or 0.0 for r in self.results) if self.priced else None


class Batch:
    """One run over a set of inputs into one output folder."""

    def __init__(
        self,
        summarizer: Summarizer,
        sources: Sequence[str | Path],
        output: Path,
        options: BatchOptions | None = None,
        progress: BatchProgress | None = None,
    ) -> None:
        self.summarizer = summarizer
        self.options = options or BatchOptions()
        self.output = Path(output)
        self.progress = progress or _Silent()
        self.inputs = find_inputs(sources, _walk_filter(self.options, self.output))
        model = summarizer.settings.model or ""
        price = price_for(model, self.options.prices)
        self.budget = Budget(price, self.options.max_cost, summarizer.settings.max_tokens)
        self.fingerprint = summarizer.fingerprint
        self.results: dict[str, DocumentResult] = {}
        self._halt: str | None = None  # why no further document is started
        self._unreachable_in_a_row = 0
        self._workers: list[asyncio.Task[None]] = []
        self._appending: set[asyncio.Future[None]] = set()
        self._stopped = False

    def stop(self) -> None:
        """Start no more documents and cancel the ones in flight; `run()` then returns its report."""
        self._stopped = True
        for worker in self._workers:
            worker.cancel()

    async def run(self) -> BatchReport:
        if self.output.exists() and not self.output.is_dir():
            raise UnwritableOutput(f"{self.output}: is a file; give a folder for the briefs")
        check_writable_folder(self.output)
        lock = OutputLock(self.output, wait=self.options.wait_for_lock)
        await asyncio.to_thread(lock.acquire)  # waiting (--wait) must not block the event loop
        try:
            return await self._run_locked()
        finally:
            lock.release()

    async def _run_locked(self) -> BatchReport:
        started = time.monotonic()
        manifest_path = self.output / MANIFEST_NAME
        self.previous = read_manifest(manifest_path)
        write_manifest(manifest_path, self.previous)  # compact: drops a torn last line before appending
        remove_stale_temp_files(self.output)
        self._manifest = ManifestWriter(manifest_path)
        hooks = self._install_hooks()
        self.progress.started(len(self.inputs))
        try:
            await self._run_workers()
        finally:
            self._uninstall_hooks(hooks)
            await asyncio.gather(*self._appending)  # no row may still be on its way when compacting
            self._manifest.close()
            write_manifest(manifest_path, read_manifest(manifest_path))
        return self._report(time.monotonic() - started)

    # -- workers ----------------------------------------------------------------------------

    async def _run_workers(self) -> None:
        queue = iter(self.inputs)
        count = max(1, min(self.options.concurrency, len(self.inputs)))
        self._workers = [asyncio.create_task(self._work(queue)) for _ in range(count)]
        try:
            await asyncio.wait(self._workers)
        except asyncio.CancelledError:  # our own task was cancelled (asyncio.run on Ctrl-C)
            self.stop()
            await asyncio.wait(self._workers)
            raise
        for worker in self._workers:
            if not worker.cancelled() and worker.exception() is not None:
                raise worker.exception()  # type: ignore[misc]

    async def _work(self, queue: Iterator[InputFile]) -> None:
        for item in queue:
            result = await self._process(item)
            self.results[result.path] = result
            self.progress.finished(result)
            if not result.cached:
                await self._append(result)

    async def _append(self, result: DocumentResult) -> None:
        """Append a row in a worker thread (fsync takes milliseconds the event loop should not wait).

        Shielded: a stop that cancels the document does not cancel its row, which `run` awaits.
        """
        appending = asyncio.ensure_future(asyncio.to_thread(self._manifest.append, result))
        self._appending.add(appending)
        appending.add_done_callback(self._appending.discard)
        await asyncio.shield(appending)

    async def _process(self, item: InputFile) -> DocumentResult:
        started = time.monotonic()
        if self._halt is not None:
            return _not_started(item, self._halt)
        try:
            document = await asyncio.to_thread(read_document, item.path)
        except InputError as err:
            return self._failed(item, None, err, DocumentUsage(), started)
        cached = await self._cached(item, document)
        if cached is not None:
            return cached
        if not self.budget.try_reserve(item.relative, len(document.text)):
            self._halt = "the estimated cost would pass --max-cost"
            return _not_started(item, self._halt, document.sha256)
        return await self._summarize(item, document, started)

    async def _summarize(self, item: InputFile, document: SourceDocument, started: float) -> DocumentResult:
        usage = DocumentUsage(characters=len(document.text))
        current_usage.set(usage)
        try:
            brief = await self.summarizer.asummarize(document)
        except SummarizerError as err:
            if isinstance(err, AuthenticationFailed):
                self._halt = f"the server refused the API key ({item.relative})"
            self._unreachable_in_a_row = (
                self._unreachable_in_a_row + 1 if isinstance(err, ServerUnreachable) else 0
            )
            if self._unreachable_in_a_row >= UNREACHABLE_IN_A_ROW and self._halt is None:
                self._halt = f"{err.message}: {self._unreachable_in_a_row} documents in a row found no server"
            return self._failed(item, document.sha256, err, usage, started)
        except Exception as err:  # a bug must cost one document, not the batch
            wrapped = SummarizerError(f"unexpected failure: {type(err).__name__}: {err}")
            return self._failed(item, document.sha256, wrapped, usage, started, type(err).__name__)
        finally:
            current_usage.set(None)
        self._unreachable_in_a_row = 0
        outputs = await asyncio.to_thread(self._write_outputs, item, brief)
        result = self._finished(item, document.sha256, usage, started, outputs)
        result.suspected_injections = len(brief.verification.suspected_injections)
        return result

    # -- outcomes ---------------------------------------------------------------------------

    def _finished(
        self, item: InputFile, sha256: str, usage: DocumentUsage, started: float, outputs: list[str]
    ) -> DocumentResult:
        result = DocumentResult(
            path=item.relative, status="ok", sha256=sha256, outputs=outputs, settings=self.fingerprint
        )
        return self._metered(result, usage, started)

    def _failed(
        self,
        item: InputFile,
        sha256: str | None,
        err: SummarizerError,
        usage: DocumentUsage,
        started: float,
        error_name: str | None = None,
    ) -> DocumentResult:
        result = DocumentResult(
            path=item.relative,
            status="failed",
            sha256=sha256,
            error=error_name or type(err).__name__,
            message=" ".join(err.message.split()),
            settings=self.fingerprint,
        )
        return self._metered(result, usage, started)

    def _metered(self, result: DocumentResult, usage: DocumentUsage, started: float) -> DocumentResult:
        """What the document's calls cost, retries and re-asks included, settled against the budget."""
        result.requests, result.completions = usage.requests, usage.completions
        result.tokens_in, result.tokens_out = usage.tokens_in, usage.tokens_out
        result.cost = self.budget.settle(result.path, usage.characters, usage.tokens_in, usage.tokens_out)
        result.duration_s = round(time.monotonic() - started, 3)
        return result

    # -- outputs and cache ------------------------------------------------------------------

    def _output_path(self, item: InputFile, fmt: OutputFormat) -> Path:
        return self.output / f"{item.relative}.{fmt}"

    def _write_outputs(
        self, item: InputFile, brief: Brief, formats: Sequence[OutputFormat] = ()
    ) -> list[str]:
        from summarizer._atomic import write_text_atomic

        for fmt in formats or self.options.formats:
            write_text_atomic(
                self._output_path(item, fmt), to_markdown(brief) if fmt == "md" else to_json(brief)
            )
        return [f"{item.relative}.{fmt}" for fmt in self.options.formats]

    async def _cached(self, item: InputFile, document: SourceDocument) -> DocumentResult | None:
        """The earlier result for this exact input and settings, completing any missing format."""
        if self.options.force:
            return None
        row = self.previous.get(item.relative)
        if row is None or not self._is_current(row, item, document.sha256):
            row = await asyncio.to_thread(self._recover_from_brief, item, document)
            if row is None:
                return None
            await self._append(row)
        outputs = await asyncio.to_thread(self._complete_formats, item)
        return DocumentResult(
            path=item.relative, status="skipped", sha256=document.sha256, cached=True, outputs=outputs,
            settings=self.fingerprint, message="unchanged since an earlier run with the same settings",
            suspected_injections=row.suspected_injections,
        )  # fmt: skip

    def _is_current(self, row: DocumentResult, item: InputFile, sha256: str) -> bool:
        """Same input and settings, and every format asked for is on disk or can be rendered from the
        JSON brief on disk (a Markdown-only run is as current as a JSON one)."""
        same_input = row.status == "ok" and row.sha256 == sha256 and row.settings == self.fingerprint
        if not same_input:
            return False
        on_disk = {fmt for fmt in ALL_FORMATS if self._output_path(item, fmt).is_file()}
        return "json" in on_disk or set(self.options.formats) <= on_disk

    def _recover_from_brief(self, item: InputFile, document: SourceDocument) -> DocumentResult | None:
        """A brief written just before a crash whose row was lost: its row, so it is not paid twice."""
        brief = _load_brief(self._output_path(item, "json"))
        if (
            brief is None
            or brief.source.sha256 != document.sha256
            or settings_fingerprint(brief.provenance, brief.schema_version) != self.fingerprint
        ):
            return None
        p = brief.provenance
        return DocumentResult(
            suspected_injections=len(brief.verification.suspected_injections),
            path=item.relative, status="ok", sha256=document.sha256, completions=p.attempts,
            tokens_in=p.tokens_in, tokens_out=p.tokens_out, duration_s=p.duration_s,
            outputs=[f"{item.relative}.json"], settings=self.fingerprint,
            message="recovered from the brief on disk; its manifest row had been lost",
        )  # fmt: skip

    def _complete_formats(self, item: InputFile) -> list[str]:
        """Render a format asked for now but not written then (Markdown from the JSON brief)."""
        wanted = [fmt for fmt in self.options.formats if not self._output_path(item, fmt).is_file()]
        brief = _load_brief(self._output_path(item, "json")) if wanted else None
        if brief is not None:
            self._write_outputs(item, brief, wanted)
        return [f"{item.relative}.{fmt}" for fmt in self.options.formats]

    # -- transport hooks --------------------------------------------------------------------

    def _install_hooks(self) -> list[AttemptHook]:
        hooks: list[AttemptHook] = [UsageMeter()]
        if self.options.requests_per_minute or self.options.tokens_per_minute:
            hooks.append(RequestLimits(self.options.requests_per_minute, self.options.tokens_per_minute))
        self.summarizer.transport.hooks.extend(hooks)
        return hooks

    def _uninstall_hooks(self, hooks: list[AttemptHook]) -> None:
        for hook in hooks:
            self.summarizer.transport.hooks.remove(hook)

    def _report(self, wall_s: float) -> BatchReport:
        order = {item.relative: n for n, item in enumerate(self.inputs)}
        results = sorted(self.results.values(), key=lambda r: order.get(r.path, len(order)))
        return BatchReport(
            output=self.output,
            total=len(self.inputs),
            results=results,
            wall_s=round(wall_s, 3),
            interrupted=self._stopped,
            priced=self.budget.price is not None,
            halted=self._halt,
        )


def remove_stale_temp_files(output: Path) -> None:
    """Temp files of atomic writes a killed run left behind (`.<name>.<random>.tmp`); never read."""
    for stale in output.rglob(".*.tmp"):
        stale.unlink(missing_ok=True)


def _walk_filter(options: BatchOptions, output: Path) -> WalkFilter:
    return WalkFilter(
        include=options.include,
        exclude=options.exclude,
        skip_dirs=(output,),
        follow_symlinks=options.follow_symlinks,
    )


def _not_started(item: InputFile, reason: str, sha256: str | None = None) -> DocumentResult:
    return DocumentResult(
        path=item.relative, status="skipped", sha256=sha256, error=NotStarted.__name__, message=reason
    )


def _load_brief(path: Path) -> Brief | None:
    try:
        return Brief.model_validate_json(path.read_bytes())
    except (OSError, ValueError):
        return None


async def run_until_signalled(batch: Batch) -> BatchReport:
    """Run a batch; Ctrl-C (SIGINT) or SIGTERM stops it cleanly and the report still comes back."""
    loop = asyncio.get_running_loop()
    stoppable = [sig for sig in (signal.SIGINT, signal.SIGTERM) if _add_handler(loop, sig, batch.stop)]
    try:
        return await batch.run()
    finally:
        for sig in stoppable:
            loop.remove_signal_handler(sig)


def _add_handler(loop: asyncio.AbstractEventLoop, sig: signal.Signals, stop: Callable[[], None]) -> bool:
    try:
        loop.add_signal_handler(sig, stop)
    except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not the main thread
        return False
    return True


def summarize_folder(
    sources: str | Path | Sequence[str | Path],
    output: str | Path,
    model: str | None = None,
    *,
    options: BatchOptions | None = None,
    progress: BatchProgress | None = None,
    **overrides: Unpack[Overrides],
) -> BatchReport:
    """Every document in folders, files or globs to a brief under `output`, with a manifest.

    The one way to run a batch, from Python and from the CLI. Re-running skips what is done; Ctrl-C
    (or SIGTERM) stops it cleanly, keeping finished briefs, and the report still comes back. It runs
    its own event loop; called where one is running already (async code, a notebook), it runs that
    loop in a thread of its own and waits for it.
    """
    listed = [sources] if isinstance(sources, str | Path) else list(sources)

    async def run() -> BatchReport:
        async with Summarizer(model, **overrides) as summarizer:
            batch = Batch(summarizer, listed, Path(output), options, progress)
            return await run_until_signalled(batch)

    if not _inside_event_loop():
        return asyncio.run(run())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, run()).result()


def _inside_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
