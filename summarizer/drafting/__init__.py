"""Drafting: what the model is shown, what it may answer, and the call that gets the answer.

_drafter.py    Drafter: the requests for a draft or an overview, the metered call, drafts read
               back from answers (salvage when re-asks ran out, earlier answers)
_prompts.py    templates from prompts/, identified by id and content hash
_marked.py     the document with compact sentence and quote markers, as the model sees it
_draft.py      BriefDraft: what the model writes, by reference; its grammar for llama.cpp
_calls.py      instructor over the openai client: each raw answer metered and checked, errors named
_salvage.py    the parts of a draft that fit its schema, the rest rejected by name
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer._lazy import lazy_names as _lazy_names
from summarizer.drafting._draft import (
    BriefDraft,
    BriefOverview,
    DraftDoubt,
    DraftNumber,
    DraftPoint,
    DraftQuote,
)
from summarizer.drafting._marked import offered_quotes
from summarizer.drafting._prompts import DEFAULT_PROMPT_ID

if TYPE_CHECKING:
    from summarizer.drafting._calls import MODE_NAMES, CallMeter, first_line, named_error
    from summarizer.drafting._drafter import Drafter, Salvaged

__all__ = [
    "DEFAULT_PROMPT_ID",
    "MODE_NAMES",
    "BriefDraft",
    "BriefOverview",
    "CallMeter",
    "DraftDoubt",
    "DraftNumber",
    "DraftPoint",
    "DraftQuote",
    "Drafter",
    "Salvaged",
    "first_line",
    "named_error",
    "offered_quotes",
]

# Loaded on first use: these pull in openai and instructor, which the local stages must not (grounding
# reads the draft's shape; `summarizer extract` and the local-work benchmark never call a model).
_LAZY = {
    "MODE_NAMES": "summarizer.drafting._calls",
    "CallMeter": "summarizer.drafting._calls",
    "first_line": "summarizer.drafting._calls",
    "named_error": "summarizer.drafting._calls",
    "Drafter": "summarizer.drafting._drafter",
    "Salvaged": "summarizer.drafting._drafter",
}


__getattr__ = _lazy_names(globals(), _LAZY)
