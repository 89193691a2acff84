"""The drafting stage as one object: what the model is asked, and how its answers are read.

A `Drafter` knows the prompts, the mode and the generation settings. It builds instructor's
arguments for a stretch of a document (with evidence markers, and in llama_json the grammar of what
may be cited) or for the overview of a long document's parts, wraps a client's `create` so each raw
answer is metered and checked, and reads drafts back out of answers: when re-asks ran out, and
from the answers before the last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from instructor.core.exceptions import InstructorRetryException

from summarizer.brief import RejectedItem
from summarizer.drafting._calls import (
    CallMeter,
    astructured_create,
    mode_extras,
    response_model,
    structured_create,
)
from summarizer.drafting._draft import BriefDraft, BriefOverview
from summarizer.drafting._marked import marked_text, shown_references
from summarizer.drafting._prompts import PromptTemplate, load_prompt, template_context
from summarizer.drafting._salvage import completion_json, salvage_draft
from summarizer.evidence import Evidence

OVERVIEW_PROMPT_ID = "overview.v1"


@dataclass(frozen=True)
class Salvaged:
    """Re-asks ran out: the usable part of the newest answer that had one, and what did not fit."""

    draft: BriefDraft
    misfits: list[RejectedItem]


class Drafter:
    """Requests for drafts and overviews, the metered call, and drafts read back from answers."""

    def __init__(
        self,
        *,
        model: str | None,
        mode: str,
        prompt_id: str,
        temperature: float,
        max_tokens: int,
        max_reasks: int,
    ) -> None:
        self.model, self.mode = model, mode
        self.temperature, self.max_tokens, self.max_reasks = temperature, max_tokens, max_reasks
        self.prompt: PromptTemplate = load_prompt(prompt_id)
        self.overview_prompt: PromptTemplate = load_prompt(OVERVIEW_PROMPT_ID)

    def draft_request(
        self, evidence: Evidence, window: tuple[int, int | None], feedback: list[str]
    ) -> dict[str, Any]:
        """A draft of the window's text, as the model sees it: sentence and quote markers in place."""
        text = marked_text(evidence, *window)
        return {
            **self._common(feedback),
            "messages": self.prompt.messages(text),
            "response_model": response_model(BriefDraft, self.mode),
            "context": template_context(text),
            **mode_extras(self.mode, BriefDraft, shown_references(evidence, *window)),
        }

    def overview_request(self, notes: str, feedback: list[str]) -> dict[str, Any]:
        """Title, summary and key points from a long document's parts' notes, not from its text."""
        return {
            **self._common(feedback),
            "messages": self.overview_prompt.messages(notes),
            "response_model": response_model(BriefOverview, self.mode),
            "context": template_context(notes),
            **mode_extras(self.mode, BriefOverview),
        }

    def create(self, create: Callable[..., Any], meter: CallMeter) -> Callable[..., Any]:
        """instructor's create over a sync client's, every raw answer metered and checked first."""
        return structured_create(create, meter, self.mode)

    def acreate(self, create: Callable[..., Any], meter: CallMeter) -> Callable[..., Any]:
        return astructured_create(create, meter, self.mode)

    @staticmethod
    def salvage(exc: InstructorRetryException) -> Salvaged | None:
        """The newest answer that holds a usable draft, if any did, when re-asks ran out."""
        completions = [exc.last_completion, *(a.completion for a in reversed(exc.failed_attempts or []))]
        found = (salvage_draft(data) for c in completions if (data := completion_json(c)) is not None)
        usable = next((s for s in found if s is not None), None)
        return Salvaged(*usable) if usable is not None else None

    @staticmethod
    def earlier_drafts(meter: CallMeter, shipped: BriefDraft) -> Iterator[tuple[int, BriefDraft]]:
        """Every other answer's usable draft, with its attempt number: items it verified can be kept."""
        final = shipped.model_dump()
        for attempt, answer in enumerate(meter.answers, 1):
            salvaged = salvage_draft(data) if (data := completion_json(answer)) is not None else None
            if salvaged is not None and salvaged[0].model_dump() != final:
                yield attempt, salvaged[0]

    def _common(self, feedback: list[str]) -> dict[str, Any]:
        return {
            "model": self.model,
            "max_retries": self.max_reasks,
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "hooks": _feedback_hooks(feedback),
        }


def _feedback_hooks(feedback: list[str]) -> Any:
    """instructor hooks that keep each re-ask's message, as the model was shown it."""
    from instructor.core.hooks import Hooks

    from summarizer.drafting._calls import feedback_text

    hooks = Hooks()
    hooks.on("parse:error", lambda error, **_: feedback.append(feedback_text(error)))
    return hooks
