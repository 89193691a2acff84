"""One document to a verified brief: read, clean, prompt, draft, ground, re-ask, assemble.

`Summarizer` holds one HTTP client (sync and async) for many documents. The sync and async paths
share everything but the awaited call: `_prepare` builds the request, `_finish` turns the outcome
into a brief or a named error.

A document over the context budget is drafted in parts (`summarizer.chunking`), each exactly as a
short document is but grounded against the whole one; the parts' briefs are merged
(`summarizer.merge`) and one more call writes the title, summary and key points from their notes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import httpx2
from instructor.core.exceptions import InstructorRetryException
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from summarizer import __version__
from summarizer.brief import Actor, Brief, Provenance, RejectedItem, SourceInfo, Verification
from summarizer.chunking import Part, split_into_parts
from summarizer.clean import CleanText, clean_text
from summarizer.draft import BriefDraft, BriefOverview, References
from summarizer.errors import DraftInvalid, SummarizerError
from summarizer.evidence import build_evidence
from summarizer.freetext import FreeText, free_text_warnings, suspect_echo_warnings
from summarizer.grounding import Grounder
from summarizer.llm import (
    CallMeter,
    astructured_create,
    async_openai_client,
    build_transport,
    mode_extras,
    named_error,
    openai_client,
    response_model,
    structured_create,
)
from summarizer.marked import marked_text, shown_references
from summarizer.merge import merge_briefs, overview_notes
from summarizer.prompts import PromptTemplate, load_prompt, template_context
from summarizer.reader import SourceDocument, document_from_text, read_document
from summarizer.recording import public_base_url
from summarizer.salvage import completion_json, salvage_draft
from summarizer.settings import Settings

if TYPE_CHECKING:
    from summarizer.batch import BatchOptions, BatchProgress, BatchReport

Source = str | Path | SourceDocument
OVERVIEW_PROMPT_ID = "overview.v1"
# The longest summary each prompt asks for, in sentences; a longer one is reported.
DRAFT_SUMMARY_SENTENCES = 2
OVERVIEW_SUMMARY_SENTENCES = 4
# Parts of one document drafted at once by `asummarize`: enough to keep a server busy, few enough not
# to trip its rate limits (batch bounds the documents in flight on top of this).
PART_CONCURRENCY = 3


@dataclass
class _Job:
    document: SourceDocument
    clean: CleanText
    grounder: Grounder  # always the whole document's, so every span points into the one source
    meter: CallMeter = field(default_factory=CallMeter)
    feedback: list[str] = field(default_factory=list)
    part: Part | None = None  # the window a long document's part drafts; None for the whole text

    @property
    def window(self) -> tuple[int, int | None]:
        """The stretch of the cleaned text the model sees: the part's, or all of it."""
        return (self.part.start, self.part.end) if self.part is not None else (0, None)

    @property
    def references(self) -> References:
        """The quote and sentence numbers the model is shown, and may cite."""
        return shown_references(self.grounder.evidence, *self.window)

    @property
    def text(self) -> str:
        """What the model sees: the cleaned text (or the part's window of it) with evidence markers."""
        return marked_text(self.grounder.evidence, *self.window)


class Summarizer:
    """Summarize documents with one configured model. Use as a context manager, or call `close()`."""

    def __init__(
        self,
        model: str | None = None,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        mode: str | None = None,
        replay: str | Path | None = None,
        record: str | Path | None = None,
        settings: Settings | None = None,
        transport: httpx2.BaseTransport | None = None,
    ) -> None:
        """`transport`, if given, answers instead of the network (retries still apply above it)."""
        base = settings or Settings()
        self.settings = replace(
            base,
            model=model or base.model,
            base_url=base_url or base.base_url,
            api_key=api_key or base.api_key,
            mode=mode or base.mode,
            replay_dir=Path(replay) if replay else base.replay_dir,
            record_dir=Path(record) if record else base.record_dir,
        ).resolved()
        self.prompt: PromptTemplate = load_prompt(self.settings.prompt_id)
        self.overview_prompt: PromptTemplate = load_prompt(OVERVIEW_PROMPT_ID)
        self.transport = build_transport(self.settings, transport)
        self._client = openai_client(self.settings, self.transport)
        self._async_client = async_openai_client(self.settings, self.transport)
        self._batch_loop: asyncio.Runner | None = None  # for the synchronous `batch()`, made on first use

    # -- public -----------------------------------------------------------------------------

    def summarize(self, source: Source) -> Brief:
        job = self._prepare(source)
        parts = self._parts(job)
        if not parts:
            return self._draft(job)
        briefs = [self._draft(part) for part in parts]
        create = structured_create(self._client.chat.completions.create, job.meter, self._mode)
        try:
            overview = create(**self._overview_request(job, briefs))
        except Exception as exc:
            raise self._overview_failed(job, exc) from exc
        return self._merged(job, parts, briefs, overview)

    async def asummarize(self, source: Source) -> Brief:
        job = self._prepare(source)
        parts = self._parts(job)
        if not parts:
            return await self._adraft(job)
        briefs = await self._adraft_all(parts)
        create = astructured_create(self._async_client.chat.completions.create, job.meter, self._mode)
        try:
            overview = await create(**self._overview_request(job, briefs))
        except Exception as exc:
            raise self._overview_failed(job, exc) from exc
        return self._merged(job, parts, briefs, overview)

    def close(self) -> None:
        if self._batch_loop is not None:
            # The async client's connections belong to that loop: close them on it, then the loop.
            self._batch_loop.run(self._async_client.close())
            self._batch_loop.close()
            self._batch_loop = None
        self._client.close()

    async def aclose(self) -> None:
        await self._async_client.close()
        self._client.close()

    def __enter__(self) -> Summarizer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Summarizer:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    # -- steps ------------------------------------------------------------------------------

    @property
    def _mode(self) -> str:
        assert self.settings.mode is not None
        return self.settings.mode

    def _prepare(self, source: Source) -> _Job:
        document = load_source(source)
        clean = clean_text(document.text)
        return _Job(document=document, clean=clean, grounder=Grounder(clean, build_evidence(clean.text)))

    def _parts(self, job: _Job) -> list[_Job]:
        """One job per part of a document over the context budget; none for a document within it."""
        parts = split_into_parts(job.clean.text, self.settings.context_tokens, index=job.grounder.index)
        if len(parts) == 1:
            return []
        return [replace(job, meter=CallMeter(), feedback=[], part=part) for part in parts]

    def _draft(self, job: _Job) -> Brief:
        create = structured_create(self._client.chat.completions.create, job.meter, self._mode)
        try:
            draft = create(**self._request(job))
        except InstructorRetryException as exc:
            return self._finish_exhausted(job, exc)
        except Exception as exc:
            raise self._named(job, exc) from exc
        return self._assemble(job, draft)

    async def _adraft(self, job: _Job) -> Brief:
        create = astructured_create(self._async_client.chat.completions.create, job.meter, self._mode)
        try:
            draft = await create(**self._request(job))
        except InstructorRetryException as exc:
            return self._finish_exhausted(job, exc)
        except Exception as exc:
            raise self._named(job, exc) from exc
        return self._assemble(job, draft)

    async def _adraft_all(self, parts: list[_Job]) -> list[Brief]:
        """A few workers take the parts in document order. A part that fails fails the document, so
        no part starts after a failure, and the parts in flight are cancelled."""
        briefs: dict[int, Brief] = {}
        queue = iter(enumerate(parts))
        failed = False

        async def work() -> None:
            nonlocal failed
            for n, part in queue:
                if failed:
                    return
                try:
                    briefs[n] = await self._adraft(part)
                except BaseException:
                    failed = True
                    raise

        workers = [asyncio.ensure_future(work()) for _ in range(min(PART_CONCURRENCY, len(parts)))]
        try:
            await asyncio.gather(*workers)
        finally:
            for worker in workers:
                worker.cancel()
        return [briefs[n] for n in range(len(parts))]

    def _request(self, job: _Job) -> dict[str, Any]:
        return {
            "model": self.settings.model,
            "messages": self.prompt.messages(job.text),
            "response_model": response_model(BriefDraft, self._mode),
            "context": template_context(job.text),
            "max_retries": self.settings.max_reasks,
            "temperature": self.settings.temperature,
            "max_tokens": self.settings.max_tokens,
            "hooks": _feedback_hooks(job.feedback),
            **mode_extras(self._mode, BriefDraft, job.references),
        }

    def _overview_request(self, job: _Job, briefs: list[Brief]) -> dict[str, Any]:
        """The parts' notes, not the document: the overview must fit one call however long it is."""
        notes = overview_notes(briefs, self.settings.context_tokens)
        return {
            "model": self.settings.model,
            "messages": self.overview_prompt.messages(notes),
            "response_model": response_model(BriefOverview, self._mode),
            "context": template_context(notes),
            "max_retries": self.settings.max_reasks,
            "temperature": self.settings.temperature,
            "max_tokens": self.settings.max_tokens,
            "hooks": _feedback_hooks(job.feedback),
            **mode_extras(self._mode, BriefOverview),
        }

    def _finish_exhausted(self, job: _Job, exc: InstructorRetryException) -> Brief:
        """Re-asks ran out. Ship what grounds, reject the rest, or name the failure."""
        named = named_error(exc)
        if named is not None:
            raise named.for_document(job.document.name) from exc
        # The newest answer that holds a usable draft wins; its misfits and ungrounded items are rejected.
        completions = [exc.last_completion, *(a.completion for a in reversed(exc.failed_attempts or []))]
        salvaged = (salvage_draft(data) for c in completions if (data := completion_json(c)) is not None)
        found = next((s for s in salvaged if s is not None), None)
        if found is None:
            raise DraftInvalid(
                f"no usable draft after {job.meter.completions} attempts: {_first_line(exc)}",
                document=job.document.name,
            ) from exc
        draft, misfits = found
        # The last failure was never sent back: feedback lists only the re-asks the model saw.
        del job.feedback[self.settings.max_reasks :]
        return self._assemble(job, draft, misfits)

    def _overview_failed(self, job: _Job, exc: Exception) -> SummarizerError:
        if isinstance(exc, InstructorRetryException) and named_error(exc) is None:
            return DraftInvalid(
                f"no usable overview of the parts after {job.meter.completions} attempts: {_first_line(exc)}",
                document=job.document.name,
            )
        return self._named(job, exc)

    def _named(self, job: _Job, exc: Exception) -> SummarizerError:
        named = named_error(exc)
        if named is None:
            return SummarizerError(f"unexpected failure: {type(exc).__name__}", document=job.document.name)
        return named.for_document(job.document.name)

    def _assemble(self, job: _Job, draft: BriefDraft, misfits: list[RejectedItem] | None = None) -> Brief:
        grounded = job.grounder.ground(draft)
        kept = []
        shipped = draft.model_dump()
        for attempt, answer in enumerate(job.meter.answers, 1):
            salvaged = salvage_draft(data) if (data := completion_json(answer)) is not None else None
            # The answer the brief is built from is grounded above already; only earlier ones can add.
            if salvaged is not None and salvaged[0].model_dump() != shipped:
                kept += grounded.absorb(job.grounder.ground(salvaged[0]), attempt)
        words = FreeText(
            title=draft.title,
            summary=draft.summary,
            key_points=[p.text for p in grounded.key_points],
            summary_sentences=DRAFT_SUMMARY_SENTENCES,
        )
        return Brief(
            title=draft.title,
            summary=draft.summary,
            key_points=grounded.key_points,
            actors=grounded.actors,
            numbers=grounded.numbers,
            quotes=grounded.quotes,
            uncertainties=grounded.uncertainties,
            verification=Verification(
                rejected=[*(misfits or []), *grounded.rejected],
                feedback=job.feedback,
                kept_from_earlier_attempts=kept,
                free_text_warnings=[*_free_text_checks(job, words, grounded.actors), *grounded.warnings],
                suspected_injections=job.grounder.suspected_injections(),
            ),
            source=SourceInfo(
                path=job.document.name,
                sha256=job.document.sha256,
                media_type=job.document.media_type,
                characters=len(job.document.text),
                removed=job.clean.removed,
            ),
            provenance=self._provenance(job.meter),
        )

    def _merged(self, job: _Job, parts: list[_Job], briefs: list[Brief], overview: BriefOverview) -> Brief:
        meter = _summed(job.meter, [part.meter for part in parts])
        brief = merge_briefs(briefs, overview, self._provenance(meter, parts=len(parts)), job.feedback)
        # The overview's words are the ones shipped, so they get the checks a short document's draft gets.
        words = FreeText(overview.title, overview.summary, overview.key_points, OVERVIEW_SUMMARY_SENTENCES)
        brief.verification.free_text_warnings = _free_text_checks(job, words, brief.actors)
        brief.verification.suspected_injections = job.grounder.suspected_injections()
        return brief

    def _provenance(self, meter: CallMeter, parts: int = 1) -> Provenance:
        return Provenance(
            model=self.settings.model or "",
            server=_host(self.settings.api_base_url),
            mode=self._mode,
            prompt_id=self.prompt.id,
            prompt_sha256=self.prompt.sha256,
            attempts=meter.completions,
            tokens_in=meter.tokens_in,
            tokens_out=meter.tokens_out,
            duration_s=meter.duration_s,
            context_tokens=self.settings.context_tokens,
            parts=parts,
            summarizer_version=__version__,
            created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )

    # -- many documents (summarizer.batch) --------------------------------------------------

    def batch(
        self,
        sources: Sequence[str | Path],
        output: str | Path,
        options: BatchOptions | None = None,
        progress: BatchProgress | None = None,
    ) -> BatchReport:
        """Summarize every document in folders, files or globs into `output`; not from async code."""
        # One loop for every call: `asyncio.run` would start a new loop each time, while the async
        # client keeps its pooled connections bound to the loop that opened them.
        if self._batch_loop is None:
            self._batch_loop = asyncio.Runner()
        return self._batch_loop.run(self.abatch(sources, output, options, progress))

    async def abatch(
        self,
        sources: Sequence[str | Path],
        output: str | Path,
        options: BatchOptions | None = None,
        progress: BatchProgress | None = None,
    ) -> BatchReport:
        """`batch` for async code: resumable, concurrent, one result per document."""
        from summarizer.batch import abatch

        return await abatch(self, sources, output, options, progress)


def load_source(source: Source) -> SourceDocument:
    """A path (or "-" for stdin) is read from disk; any other string is the document's text."""
    if isinstance(source, SourceDocument):
        return source
    if isinstance(source, Path) or source == "-" or _names_a_file(source):
        return read_document(source)
    return document_from_text(source)


def _names_a_file(text: str) -> bool:
    if "\n" in text:
        return False
    try:
        return Path(text).is_file()
    except OSError:  # a long one-line text is no file name (ENAMETOOLONG)
        return False


def _free_text_checks(job: _Job, words: FreeText, actors: list[Actor]) -> list[str]:
    """The checks on the model's own words: figures the source does not give, and claims or links that
    only a suspected prompt injection makes."""
    return [
        *free_text_warnings(job.grounder.index, words, actors),
        *suspect_echo_warnings(job.grounder.evidence, words),
    ]


def _feedback_hooks(feedback: list[str]) -> Any:
    """instructor hooks that keep each re-ask's message, as the model was shown it."""
    from instructor.core.hooks import Hooks

    hooks = Hooks()
    hooks.on("parse:error", lambda error, **_: feedback.append(feedback_text(error)))
    return hooks


def _summed(first: CallMeter, others: list[CallMeter]) -> CallMeter:
    """All calls for one document; the clock runs from the first meter's start."""
    total = CallMeter(started=first.started)
    for meter in [first, *others]:
        total.completions += meter.completions
        total.tokens_in += meter.tokens_in
        total.tokens_out += meter.tokens_out
    return total


def feedback_text(error: Exception) -> str:
    """The gist of one re-ask: grounding problems as written for the model, schema errors with their place."""
    if isinstance(error, ValidationError):
        return "\n".join(_error_line(e) for e in error.errors())
    return _first_line(error)


def _error_line(error: ErrorDetails) -> str:
    place = ".".join(map(str, error["loc"]))
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{place}: {message}" if place else message


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _host(base_url: str) -> str:
    return public_base_url(base_url).split("://", 1)[-1].split("/", 1)[0]
