"""Drafting: what the model is shown, what it may answer, and the call that gets the answer.

_prompts.py    templates from prompts/, identified by id and content hash
_marked.py     the document with compact sentence and quote markers, as the model sees it
_draft.py      BriefDraft: what the model writes, by reference; its grammar for llama.cpp
_calls.py      instructor over the openai client: each raw answer metered and checked, errors named
_salvage.py    when re-asks run out: the parts of a draft that fit, the rest rejected by name
"""

from summarizer.drafting._calls import (
    MODE_NAMES,
    CallMeter,
    astructured_create,
    mode_extras,
    named_error,
    response_model,
    structured_create,
)
from summarizer.drafting._draft import (
    BriefDraft,
    BriefOverview,
    DraftDoubt,
    DraftNumber,
    DraftPoint,
    DraftQuote,
    References,
)
from summarizer.drafting._marked import marked_text, offered_quotes, shown_references
from summarizer.drafting._prompts import DEFAULT_PROMPT_ID, PromptTemplate, load_prompt, template_context
from summarizer.drafting._salvage import completion_json, salvage_draft

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
    "PromptTemplate",
    "References",
    "astructured_create",
    "completion_json",
    "load_prompt",
    "marked_text",
    "mode_extras",
    "named_error",
    "offered_quotes",
    "response_model",
    "salvage_draft",
    "shown_references",
    "structured_create",
    "template_context",
]
