"""What the model writes: a small draft, nothing it cannot know.

Spans, statuses and provenance are computed locally after the call; asking the model for
them would cost output tokens (the slow part) and invite invented offsets.

When instructor validates a draft with a `GroundingCheck` in its validation context, every
item is looked up in the document and the failures are raised as one ValidationError whose
message tells the model, item by item, what to fix. That message is the re-ask feedback.
"""

from __future__ import annotations

import copy
import functools
from typing import Annotated, Any, Literal, Protocol, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, model_validator
from pydantic.json_schema import DEFAULT_REF_TEMPLATE, GenerateJsonSchema, JsonSchemaMode

ActorKindName = Literal["person", "organization", "country", "group", "other"]
QualifierName = Literal["exact", "approximate", "at_least", "at_most", "estimate", "projection"]

# Labels the model writes in its own words are mapped onto the enumerations instead of failing the
# whole draft: a re-ask costs a full generation, and these are attributes, not claims about the text.
_KIND_SYNONYMS = {
    "nation": "country",
    "state": "country",
    "company": "organization",
    "org": "organization",
    "agency": "organization",
    "government": "organization",
    "institution": "organization",
    "people": "group",
    "individual": "person",
}
_QUALIFIER_SYNONYMS = {
    "approx": "approximate",
    "approximately": "approximate",
    "about": "approximate",
    "around": "approximate",
    "roughly": "approximate",
    "nearly": "approximate",
    "over": "at_least",
    "more than": "at_least",
    "at least": "at_least",
    "up to": "at_most",
    "at most": "at_most",
    "less than": "at_most",
    "estimated": "estimate",
    "projected": "projection",
}


def _label(allowed: tuple[str, ...], synonyms: dict[str, str], fallback: str | None) -> BeforeValidator:
    def coerce(value: Any) -> Any:
        if not isinstance(value, str):
            return value if value is None else fallback
        key = value.strip().lower().replace("-", "_")
        if key in allowed:
            return key
        return synonyms.get(key.replace("_", " "), fallback)

    return BeforeValidator(coerce)


ActorKind = Annotated[ActorKindName, _label(get_args(ActorKindName), _KIND_SYNONYMS, "other")]
Qualifier = Annotated[QualifierName | None, _label(get_args(QualifierName), _QUALIFIER_SYNONYMS, None)]


def _compact_schema(schema: dict[str, Any]) -> None:
    """Trim the JSON Schema the model is shown: it is part of every prompt, once per call and re-ask.

    Titles repeat the field names, `"default": null` repeats what `required` already says, and an
    optional string is `{"type": ["string", "null"]}` rather than a four-line anyOf. The schema keeps
    its meaning; the system message loses about a quarter of its tokens (1747 -> 1334 on seed 1).
    """
    schema.pop("title", None)
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)
        if prop.get("default", ...) is None:
            del prop["default"]
        options = prop.get("anyOf", [])
        if len(options) == 2 and {"type": "null"} in options:
            (other,) = [o for o in options if o != {"type": "null"}]
            del prop["anyOf"]
            if "enum" in other:
                prop["enum"] = [*other["enum"], None]
            elif set(other) == {"type"}:
                prop["type"] = [other["type"], "null"]
            else:
                prop["anyOf"] = options


class _DraftModel(BaseModel):
    # Validation errors go back to the model as re-ask feedback: its own input, echoed, is noise there.
    model_config = ConfigDict(json_schema_extra=_compact_schema, hide_input_in_errors=True)

    @classmethod
    def model_json_schema(
        cls,
        by_alias: bool | None = None,
        ref_template: str = DEFAULT_REF_TEMPLATE,
        schema_generator: type[GenerateJsonSchema] = GenerateJsonSchema,
        mode: JsonSchemaMode = "validation",
        *,
        union_format: Literal["any_of", "primitive_type_array"] = "any_of",
    ) -> dict[str, Any]:
        """Built once per class: instructor asks for it on every request (a quarter of a call's CPU)."""
        # A class is hashable; mypy reads `type[GenerateJsonSchema]` as its instances.
        schema = _built_schema(cls, by_alias, ref_template, schema_generator, mode, union_format)  # type: ignore[arg-type]
        return copy.deepcopy(schema)


@functools.cache
def _built_schema(
    cls: type[BaseModel],
    by_alias: bool | None,
    ref_template: str,
    schema_generator: type[GenerateJsonSchema],
    mode: JsonSchemaMode,
    union_format: Literal["any_of", "primitive_type_array"],
) -> dict[str, Any]:
    return BaseModel.model_json_schema.__func__(  # type: ignore[attr-defined,no-any-return]
        cls, by_alias, ref_template, schema_generator, mode, union_format=union_format
    )


class DraftActor(_DraftModel):
    name: str = Field(description="Name exactly as written in the document")
    kind: ActorKind = "other"
    role: str | None = Field(default=None, description="Role or title as the document gives it")
    aliases: list[str] = Field(default_factory=list, description="Other names the document uses for it")


class DraftNumber(_DraftModel):
    text: str = Field(description="The number exactly as written, e.g. '6,000' or '$1.2bn'")
    value: float | None = Field(default=None, description="Numeric value, e.g. 6000")
    unit: str | None = None
    counts: str | None = Field(default=None, description="What the number counts, e.g. 'artillery systems'")
    qualifier: Qualifier = None
    claimed_by: str | None = Field(default=None, description="Who states the number, if the text says")
    derived_from: list[str] = Field(
        default_factory=list, description="Only if you calculated it: the numbers as written that you used"
    )


class DraftQuote(_DraftModel):
    text: str = Field(description="Words copied exactly from inside quotation marks in the document")
    speaker: str | None = Field(default=None, description="Person named next to the quote, else null")
    speaker_role: str | None = None


class DraftUncertainty(_DraftModel):
    claim: str = Field(description="The claim that is uncertain")
    reason: str = Field(description="Why a careful reader should doubt it")
    cue: str = Field(description="The hedging words exactly as written, e.g. 'may be'")


class BriefDraft(_DraftModel):
    title: str
    summary: str = Field(description="Two to four sentences")
    key_points: list[str] = Field(default_factory=list)
    actors: list[DraftActor] = Field(default_factory=list)
    numbers: list[DraftNumber] = Field(default_factory=list)
    quotes: list[DraftQuote] = Field(default_factory=list)
    uncertainties: list[DraftUncertainty] = Field(default_factory=list)

    @model_validator(mode="after")
    def _grounded_in_document(self, info: ValidationInfo) -> BriefDraft:
        check: GroundingCheck | None = (info.context or {}).get("grounding")
        if check is not None:
            problems = check.problems(self)
            if problems:
                raise ValueError(feedback_message(problems))
        return self


# What the last call for a long document writes from its parts' notes: the whole document's title,
# summary and key points; its items come from the parts, grounded there. (A comment, not a docstring:
# a docstring would travel to the model as the schema's description.)
class BriefOverview(_DraftModel):
    title: str
    summary: str = Field(description="Two to four sentences about the whole document")
    key_points: list[str] = Field(default_factory=list)


class GroundingCheck(Protocol):
    """Anything that can list what in a draft is not supported by the document."""

    def problems(self, draft: BriefDraft) -> list[str]: ...


def feedback_message(problems: list[str]) -> str:
    lines = "\n".join(f"- {p}" for p in problems)
    return (
        "Some items are not supported by the document. Fix each one exactly as asked "
        "and keep every other item unchanged:\n" + lines
    )
