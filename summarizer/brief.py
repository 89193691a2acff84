"""The brief, schema v1: what a reader gets, every item tied to its place in the source.

Offsets are character offsets (Python string indices) into the decoded source text, before any
boilerplate was removed: `source_text[span.start:span.end]` is the evidence.
`schemas/brief.v1.schema.json` is generated from these models; a test fails when they drift.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from summarizer.draft import ActorKindName, QualifierName

SCHEMA_VERSION: Literal["1"] = "1"

GroundingStatus = Literal["exact", "normalized", "alias", "computed"]
"""exact: found character for character. normalized: found after typographic normalization
(quote marks, dashes, whitespace, NFKC) or, for numbers, the same value written differently
(6000 for 6,000). alias: an actor found by surname or alias only. computed: a number not in the
text but derived by the model; its parts are grounded instead."""


class Span(BaseModel):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    # Only documents with pages (a PDF's text layer) carry it, so other briefs are unchanged.
    page: int | None = Field(
        default=None,
        ge=1,
        description="The page the span starts on, for documents with pages (PDF); absent otherwise",
        exclude_if=lambda page: page is None,
    )


class Actor(BaseModel):
    name: str
    kind: ActorKindName
    role: str | None = None
    aliases: list[str] = Field(default_factory=list)
    span: Span
    status: GroundingStatus


class KeyNumber(BaseModel):
    text: str = Field(description="The number as written in the source, read from its span")
    value: float | None = None
    unit: str | None = None
    counts: str | None = None
    qualifier: QualifierName | None = None
    qualifier_in_text: str | None = Field(
        default=None, description="Hedging words found right before the number, e.g. 'approximately'"
    )
    claimed_by: str | None = None
    span: Span
    parts: list[Span] = Field(
        default_factory=list, description="For a computed number: where each number it came from stands"
    )
    status: GroundingStatus


class Quote(BaseModel):
    text: str = Field(description="Verbatim, read from the source at its span")
    speaker: str | None = Field(default=None, description="null when the source names no speaker")
    speaker_role: str | None = None
    speaker_span: Span | None = Field(default=None, description="Where the speaker is named near the quote")
    span: Span
    status: GroundingStatus


class Uncertainty(BaseModel):
    claim: str
    reason: str
    cue: str = Field(description="The hedging words, read from the source at the span")
    span: Span
    status: GroundingStatus


class RejectedItem(BaseModel):
    kind: Literal["actor", "number", "quote", "uncertainty"]
    item: dict[str, Any] = Field(
        description="The item as the model wrote it; for an actor's bad aliases only the name and those "
        "aliases (the actor itself ships without them)"
    )
    reason: str


class Verification(BaseModel):
    rejected: list[RejectedItem] = Field(default_factory=list)
    feedback: list[str] = Field(
        default_factory=list, description="Each re-ask message sent to the model, in order"
    )
    kept_from_earlier_attempts: list[str] = Field(
        default_factory=list,
        description="Items verified in an earlier attempt that the model dropped when re-asked, kept",
    )
    free_text_warnings: list[str] = Field(
        default_factory=list,
        description="Figures in the title, summary or key points that the source does not give, or gives "
        "about someone else",
    )
    unverified_fields: list[str] = Field(
        default_factory=lambda: [
            "title",
            "summary",
            "key_points",
            "actors[].kind",
            "actors[].role",
            "numbers[].counts",
            "quotes[].speaker_role",
            "uncertainties[].claim",
            "uncertainties[].reason",
        ],
        description="The model's own words, not checked against the source (an actor's aliases are found "
        "in the text, but that they name the same actor is the model's reading)",
    )


class RemovedText(BaseModel):
    span: Span
    rule: str = Field(description="Which boilerplate rule removed it")
    text: str


class SourceInfo(BaseModel):
    path: str | None = Field(description="The file, '-' for stdin, null for text passed in")
    sha256: str = Field(description="Of the source bytes")
    media_type: str
    characters: int
    removed: list[RemovedText] = Field(default_factory=list)


class Provenance(BaseModel):
    model: str
    server: str = Field(description="Host of the API base URL")
    mode: str
    prompt_id: str
    prompt_sha256: str
    attempts: int = Field(description="Chat completions that returned a draft, including re-asks")
    tokens_in: int
    tokens_out: int
    duration_s: float
    context_tokens: int | None = Field(
        default=None, description="The document-token budget per call the brief was made with"
    )
    parts: int = Field(
        default=1,
        ge=1,
        description="Parts the document was drafted in: over the context budget, each part is one draft "
        "and one more call writes the title, summary and key points; attempts and tokens count every call",
    )
    summarizer_version: str
    created_at: str


class Brief(BaseModel):
    schema_version: Literal["1"] = SCHEMA_VERSION
    title: str
    summary: str
    key_points: list[str]
    actors: list[Actor]
    numbers: list[KeyNumber]
    quotes: list[Quote]
    uncertainties: list[Uncertainty]
    verification: Verification
    source: SourceInfo
    provenance: Provenance


def brief_json_schema() -> dict[str, Any]:
    schema = Brief.model_json_schema()
    schema["$id"] = "https://summarizer.invalid/schemas/brief.v1.schema.json"
    schema["title"] = "Brief v1"
    return schema
