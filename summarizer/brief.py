"""The brief, schema v2: what a reader gets, every item tied to its place in the source.

Offsets are character offsets (Python string indices) into the decoded source text, before any
boilerplate was removed: `source_text[span.start:span.end]` is the evidence.
`schemas/brief.v2.schema.json` is generated from these models; a test fails when they drift.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

ActorKindName = Literal["person", "organization", "country", "group", "other"]


SCHEMA_VERSION: Literal["2"] = "2"

GroundingStatus = Literal["exact", "normalized", "alias"]
"""exact: found character for character. normalized: found after typographic normalization
(quote marks, dashes, whitespace, NFKC) or, for numbers, the same value written differently
(6000 for 6,000). alias: an actor found by surname or alias only."""

SpeakerFound = Literal["named", "continuation", "resolved", "unnamed", "none"]
"""How local code found a quote's speaker. named: a name beside the quote, subject of its cue
("said X", "X told reporters", "according to X"). continuation: the quote continues an earlier one
and inherits its speaker. resolved: a pronoun or description ("he said", "the spokesman said")
resolved to the person named earlier. unnamed: the source has no name ("an expert"); speaker null.
none: no source found; speaker null."""


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


class KeyPoint(BaseModel):
    text: str = Field(description="The model's own words")
    sentences: list[Span] = Field(
        default_factory=list, description="The source sentences the model cites for it"
    )
    support: Literal["supported", "weak", "uncited"] = Field(
        description="supported: the cited sentences share its content words; weak: they share too few "
        "(listed in verification.free_text_warnings); uncited: no sentence cited"
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
    counts: str | None = Field(default=None, description="What it counts, in the model's words")
    of: str | None = Field(default=None, description="Whose figure it is, in the model's words")
    qualifier: str | None = Field(
        default=None, description="Hedging words right before the number in the source, e.g. 'approximately'"
    )
    claimed_by: str | None = Field(
        default=None, description="The speaker of the quote the figure stands in, if it stands in one"
    )
    span: Span
    sentence: Span = Field(description="The sentence it stands in")
    status: GroundingStatus


class Quote(BaseModel):
    text: str = Field(description="Verbatim, read from the source at its span")
    speaker: str | None = Field(default=None, description="null when the source names no speaker")
    speaker_found: SpeakerFound = Field(description="How the speaker was found in the source")
    speaker_role: str | None = Field(default=None, description="The source's description, as written")
    speaker_span: Span | None = Field(
        default=None,
        description="Where the speaker is named: beside the quote, or, for a continuation or a resolved "
        "pronoun, the earlier mention",
    )
    span: Span
    status: GroundingStatus


class Uncertainty(BaseModel):
    claim: str = Field(description="The model's words")
    reason: str
    cue: str = Field(description="The hedging words, read from the source at the span")
    span: Span
    sentence: Span = Field(description="The sentence the cue qualifies")
    status: GroundingStatus


class RejectedItem(BaseModel):
    kind: Literal["actor", "number", "quote", "speaker", "uncertainty", "key_point"]
    item: dict[str, Any] = Field(
        description="The item as the model wrote it; for an actor's bad aliases only the name and those "
        "aliases (the actor itself ships without them)"
    )
    reason: str


class SuspectedInjection(BaseModel):
    span: Span = Field(description="The paragraph caught, in the source file")
    rule: str = Field(description="Which prompt-injection rule caught it (see summarizer/injection.py)")
    text: str = Field(description="The paragraph, read from the source at its span")


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
        "about someone else; key points their cited sentences do not support; a summary longer than asked; "
        "links or claims repeated from a suspected injection",
    )
    suspected_injections: list[SuspectedInjection] = Field(
        default_factory=list,
        description="Passages written to the AI that reads the document (instructions, role markers, notes "
        "to an assistant): left out of what the model sees, and nothing in them ships as verified",
    )
    unverified_fields: list[str] = Field(
        default_factory=lambda: [
            "title",
            "summary",
            "key_points[].text",
            "actors[].kind",
            "numbers[].counts",
            "numbers[].of",
            "uncertainties[].claim",
        ],
        description="The model's own words, not checked against the source (a key point's cited sentences "
        "are checked for shared words only; an actor's aliases are found in the text, but that they name "
        "the same actor is the model's reading)",
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
    schema_version: Literal["2"] = SCHEMA_VERSION
    title: str
    summary: str
    key_points: list[KeyPoint]
    actors: list[Actor]
    numbers: list[KeyNumber]
    quotes: list[Quote]
    uncertainties: list[Uncertainty]
    verification: Verification
    source: SourceInfo
    provenance: Provenance


def settings_fingerprint(provenance: Provenance, schema_version: str = SCHEMA_VERSION) -> dict[str, str]:
    """What a brief depends on besides its input: a change to any of these redoes the document."""
    return {
        "model": provenance.model,
        "mode": provenance.mode,
        "prompt_id": provenance.prompt_id,
        "prompt_sha256": provenance.prompt_sha256,
        "schema_version": schema_version,
        "context_tokens": str(provenance.context_tokens),
    }


def brief_json_schema() -> dict[str, Any]:
    schema = Brief.model_json_schema()
    schema["$id"] = "https://summarizer.invalid/schemas/brief.v2.schema.json"
    schema["title"] = "Brief v2"
    return schema
