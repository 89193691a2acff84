"""The flow of one document to a verified brief, one visible step per line of `_flow`:

    read -> clean -> evidence -> (parts) -> draft (one call; instructor re-asks an answer that does
    not fit its schema) -> salvage (if re-asks ran out) -> ground -> brief -> (merge the parts)

`Summarizer` holds the connection: one sync and one async openai client over one transport stack.
The flow is written once, as a generator that yields the calls it needs and is sent their answers;
`summarize` makes those calls one after another with the sync client, `asummarize` a few at once
with the async one. Nothing else differs between the two.

A document over the context budget is drafted in parts (`summarizer.long_documents`), each exactly as
a short document is but grounded against the whole one; the parts' briefs are merged and one more call
writes the title, summary and key points from their notes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from collections.abc import Callable, Generator
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn, Unpack

from instructor.core.exceptions import InstructorRetryException

from summarizer._connection import async_openai_client, build_transport, openai_client
from summarizer._version import __version__
from summarizer.brief import (
    Actor,
    Brief,
    Provenance,
    RejectedItem,
    SourceInfo,
    Verification,
    settings_fingerprint,
)
from summarizer.drafting import (
    BriefDraft,
    BriefOverview,
    CallMeter,
    Drafter,
    Salvaged,
    first_line,
    named_error,
)
from summarizer.errors import DraftInvalid, SummarizerError
from summarizer.evidence import build_evidence
from summarizer.grounding import FreeText, GroundedDraft, Grounder, free_text_warnings, suspect_echo_warnings
from summarizer.long_documents import Part, merge_briefs, overview_notes, split_into_parts
from summarizer.reading import CleanText, SourceDocument, clean_text, document_from_text, read_document
from summarizer.settings import Overrides, settings_from
from summarizer.transports import public_base_url, recording_as

Source = str | Path | SourceDocument
# The longest summary each prompt asks for, in sentences; a longer one is reported.
DRAFT_SUMMARY_SENTENCES = 2
OVERVIEW_SUMMARY_SENTENCES = 4
# Parts of one document drafted at once by `asummarize`: enough to keep a server busy, few enough not
# to trip its rate limits (a batch bounds the documents in flight on top of this).
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


Answer = BriefDraft | BriefOverview | Salvaged


@dataclass
class _Call:
    """One structured call the flow needs: instructor's arguments and the meter its answers go to.

    The answer sent back is the parsed model, or what `when_reasks_run_out` makes of the last answers
    (it raises when nothing is usable, so a failed part stops the document at once); any other
    failure is raised as the library's error naming the document.
    """

    request: dict[str, Any]
    meter: CallMeter
    document: str | None
    label: str  # which call of the document's this is ("draft", "part-2", "overview"), to name recordings
    when_reasks_run_out: Callable[[InstructorRetryException], Answer]


Flow = Generator[list[_Call], list[Answer], Brief]


class Summarizer:
    """Summarize documents with one configured model. Use as a context manager, or call `close()`."""

    def __init__(self, model: str | None = None, **overrides: Unpack[Overrides]) -> None:
        self.settings = settings_from(model, overrides)
        self.drafter = Drafter(
            model=self.settings.model,
            mode=self._mode,
            prompt_id=self.settings.prompt_id,
            temperature=self.settings.temperature,
            max_tokens=self.settings.max_tokens,
            max_reasks=self.settings.max_reasks,
        )
        self.transport = build_transport(self.settings, overrides.get("transport"))
        self._client = openai_client(self.settings, self.transport)
        self._async_client = async_openai_client(self.settings, self.transport)

    @property
    def fingerprint(self) -> dict[str, str]:
        """What every brief this summarizer makes depends on besides its input (model, prompt ...)."""
        return settings_fingerprint(self._provenance(CallMeter()))

    # -- the two shells ---------------------------------------------------------------------

    def summarize(self, source: Source) -> Brief:
        flow = self._flow(source)
        calls = next(flow)
        while True:
            try:
                calls = flow.send([self._call(call) for call in calls])
            except StopIteration as done:
                brief: Brief = done.value
                return brief

    async def asummarize(self, source: Source) -> Brief:
        flow = self._flow(source)
        calls = next(flow)
        while True:
            try:
                calls = flow.send(await self._acall_all(calls))
            except StopIteration as done:
                brief: Brief = done.value
                return brief

    def close(self) -> None:
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

    # -- the flow ---------------------------------------------------------------------------

    def _flow(self, source: Source) -> Flow:
        document = load_source(source)
        clean = clean_text(document.text)
        job = _Job(document=document, clean=clean, grounder=Grounder(clean, build_evidence(clean.text)))
        parts = self._parts(job)
        if not parts:
            (answer,) = yield [self._draft_call(job)]
            return self._brief(job, answer)
        answers = yield [self._draft_call(part) for part in parts]
        briefs = [self._brief(part, answer) for part, answer in zip(parts, answers, strict=True)]
        (overview,) = yield [self._overview_call(job, briefs)]
        assert isinstance(overview, BriefOverview)
        return self._merged(job, parts, briefs, overview)

    def _parts(self, job: _Job) -> list[_Job]:
        """One job per part of a document over the context budget; none for a document within it."""
        parts = split_into_parts(job.clean.text, self.settings.context_tokens, index=job.grounder.index)
        if len(parts) == 1:
            return []
        return [replace(job, meter=CallMeter(), feedback=[], part=part) for part in parts]

    def _brief(self, job: _Job, answer: Answer) -> Brief:
        """A draft (or what was salvaged from the last answers) grounded and shipped as a brief."""
        draft, misfits = (answer.draft, answer.misfits) if isinstance(answer, Salvaged) else (answer, [])
        assert isinstance(draft, BriefDraft)
        grounded = job.grounder.ground(draft)
        kept = self._kept_from_earlier_answers(job, draft, grounded)
        return self._assemble(job, draft, grounded, misfits, kept)

    # -- calls ------------------------------------------------------------------------------

    @property
    def _mode(self) -> str:
        assert self.settings.mode is not None
        return self.settings.mode

    def _draft_call(self, job: _Job) -> _Call:
        label = f"part-{job.part.number}" if job.part is not None else "draft"
        request = self.drafter.draft_request(job.grounder.evidence, job.window, job.feedback)
        salvage = functools.partial(self._salvaged, job)
        return _Call(request, job.meter, job.document.name, label, salvage)

    def _overview_call(self, job: _Job, briefs: list[Brief]) -> _Call:
        """The parts' notes, not the document: the overview must fit one call however long it is."""
        notes = overview_notes(briefs, self.settings.context_tokens)
        request = self.drafter.overview_request(notes, job.feedback)
        fail = functools.partial(self._no_overview, job)
        return _Call(request, job.meter, job.document.name, "overview", fail)

    def _call(self, call: _Call) -> Answer:
        create = self.drafter.create(self._client.chat.completions.create, call.meter)
        try:
            with recording_as(call.document, call.label):
                answer: BriefDraft | BriefOverview = create(**call.request)
        except Exception as exc:
            return _reasks_ran_out(exc, call)
        return answer

    async def _acall(self, call: _Call) -> Answer:
        create = self.drafter.acreate(self._async_client.chat.completions.create, call.meter)
        try:
            with recording_as(call.document, call.label):
                answer: BriefDraft | BriefOverview = await create(**call.request)
        except Exception as exc:
            return _reasks_ran_out(exc, call)
        return answer

    async def _acall_all(self, calls: list[_Call]) -> list[Answer]:
        """A few workers take the calls in order. A call that fails fails the document, so no call
        starts after a failure, and the calls in flight are cancelled."""
        answers: dict[int, Answer] = {}
        queue = iter(enumerate(calls))
        failed = False

        async def work() -> None:
            nonlocal failed
            for n, call in queue:
                if failed:
                    return
                try:
                    answers[n] = await self._acall(call)
                except BaseException:
                    failed = True
                    raise

        workers = [asyncio.ensure_future(work()) for _ in range(min(PART_CONCURRENCY, len(calls)))]
        try:
            await asyncio.gather(*workers)
        finally:
            for worker in workers:
                worker.cancel()
        return [answers[n] for n in range(len(calls))]

    # -- steps ------------------------------------------------------------------------------

    def _salvaged(self, job: _Job, exc: InstructorRetryException) -> Salvaged:
        """Re-asks ran out: ship what the newest usable answer holds, or fail the document now."""
        found = self.drafter.salvage(exc)
        if found is None:
            raise DraftInvalid(
                f"no usable draft after {job.meter.completions} attempts: {first_line(exc)}",
                document=job.document.name,
            ) from exc
        # The last failure was never sent back: feedback lists only the re-asks the model saw.
        del job.feedback[self.settings.max_reasks :]
        return found

    def _no_overview(self, job: _Job, exc: InstructorRetryException) -> NoReturn:
        attempts = job.meter.completions
        raise DraftInvalid(
            f"no usable overview of the parts after {attempts} attempts: {first_line(exc)}",
            document=job.document.name,
        ) from exc

    def _kept_from_earlier_answers(self, job: _Job, draft: BriefDraft, grounded: GroundedDraft) -> list[str]:
        """Items an earlier answer (before a re-ask) had verified, added to the grounded draft."""
        kept: list[str] = []
        for attempt, earlier in self.drafter.earlier_drafts(job.meter, draft):
            kept += grounded.absorb(job.grounder.ground(earlier), attempt)
        return kept

    def _assemble(
        self,
        job: _Job,
        draft: BriefDraft,
        grounded: GroundedDraft,
        misfits: list[RejectedItem],
        kept: list[str],
    ) -> Brief:
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
                rejected=[*misfits, *grounded.rejected],
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
            prompt_id=self.drafter.prompt.id,
            prompt_sha256=self.drafter.prompt.sha256,
            attempts=meter.completions,
            tokens_in=meter.tokens_in,
            tokens_out=meter.tokens_out,
            duration_s=meter.duration_s,
            context_tokens=self.settings.context_tokens,
            parts=parts,
            summarizer_version=__version__,
            created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )


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


def _reasks_ran_out(exc: Exception, call: _Call) -> Answer:
    """The answer when re-asks ran out with nothing named to blame; any other failure, named and raised."""
    named = named_error(exc)
    if named is not None:
        raise named.for_document(call.document) from exc
    if isinstance(exc, InstructorRetryException):
        return call.when_reasks_run_out(exc)
    raise SummarizerError(f"unexpected failure: {type(exc).__name__}", document=call.document) from exc


def _free_text_checks(job: _Job, words: FreeText, actors: list[Actor]) -> list[str]:
    """The checks on the model's own words: figures the source does not give, and claims or links that
    only a suspected prompt injection makes."""
    return [
        *free_text_warnings(job.grounder.index, words, actors),
        *suspect_echo_warnings(job.grounder.evidence, words),
    ]


def _summed(first: CallMeter, others: list[CallMeter]) -> CallMeter:
    """All calls for one document; the clock runs from the first meter's start."""
    total = CallMeter(started=first.started)
    for meter in [first, *others]:
        total.completions += meter.completions
        total.tokens_in += meter.tokens_in
        total.tokens_out += meter.tokens_out
    return total


def _host(base_url: str) -> str:
    return public_base_url(base_url).split("://", 1)[-1].split("/", 1)[0]
