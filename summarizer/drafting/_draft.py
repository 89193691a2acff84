"""What the model writes: a small draft, nothing it cannot know.

The model answers by reference to the evidence markers in its prompt (see `summarizer.drafting._marked`).
Spans, statuses, speakers and provenance are computed locally after the call; asking the model for
them would cost output tokens (the slow part) and invite invented offsets. A draft that is not valid
JSON of this shape is re-asked by instructor; what it refers to is checked once, after the call
(`summarizer.grounding._grounder`), and never re-asked: a re-ask costs a whole generation, and a small model
told to fix one reference often breaks others.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.json_schema import DEFAULT_REF_TEMPLATE, GenerateJsonSchema, JsonSchemaMode

from summarizer.brief import ActorKindName

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
    schema: dict[str, Any] = BaseModel.model_json_schema.__func__(  # type: ignore[attr-defined]
        cls, by_alias, ref_template, schema_generator, mode, union_format=union_format
    )
    inlined: dict[str, Any] = _inlined(schema, schema.pop("$defs", {}))
    return inlined


def _inlined(node: Any, definitions: dict[str, Any]) -> Any:
    """The schema with each `$ref` replaced by its definition: the drafts nest one level, so a reference
    costs the model more tokens (the name, the pointer, the definitions block) than the copy does."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inlined(definitions[ref.removeprefix("#/$defs/")], definitions)
        return {key: _inlined(value, definitions) for key, value in node.items()}
    if isinstance(node, list):
        return [_inlined(value, definitions) for value in node]
    return node


def _null_if_nullish(value: Any) -> Any:
    """A small model writes null as a string ("null", "none", "unknown"): that is null."""
    if isinstance(value, str) and value.strip().strip(".").lower() in _NULLISH:
        return None
    return value


_NULLISH = {"", "null", "none", "unknown", "n/a", "nobody", "unnamed", "not named", "?"}
NullableText = Annotated[str | None, BeforeValidator(_null_if_nullish)]


@functools.cache
def outlined(model: type[BaseModel]) -> type[BaseModel]:
    """The class with the outline of its schema in place of the schema: the fields, and which are required.

    In JSON mode instructor pastes the schema, indented, into the system message: for the draft that
    was 500 of the prompt's 970 tokens beyond the document. The prompt's worked example shows every
    field and its shape; the outline keeps the field names and what is required (an outline with each
    field's type cost 70 tokens more). Validation is unchanged: the class validates exactly as `model`
    does, and a draft that does not fit is re-asked with pydantic's reasons.
    """
    full = model.model_json_schema()
    fields: dict[str, dict[str, Any]] = {name: {} for name in full["properties"]}
    outline = {"type": "object", "required": full.get("required", []), "properties": fields}

    def model_json_schema(cls: type[BaseModel], *args: Any, **kwargs: Any) -> dict[str, Any]:
        return copy.deepcopy(outline)

    shown: type[BaseModel] = type(
        model.__name__, (model,), {"model_json_schema": classmethod(model_json_schema)}
    )
    return shown


# The most items the grammar lets the model write per list: the prompt asks for these limits, and a
# grammar makes them hold. Validation does not enforce them, so other modes never re-ask over a limit.
GRAMMAR_MAX_ITEMS = {"points": 3, "key_points": 3, "numbers": 5, "quotes": 10, "doubts": 3}
# And the fewest, where the document offers that many: a small model left to itself lists one or two
# figures and quotes of a document that holds five, so it is held to choosing among them instead.
GRAMMAR_MIN_ITEMS = {"numbers": 5, "quotes": 5}
# Up to this many quotes offered, the grammar asks about each one in turn (about 8 output tokens each);
# past it, the model lists its choice (GRAMMAR_MIN_ITEMS to GRAMMAR_MAX_ITEMS of them).
GRAMMAR_EACH_QUOTE_UP_TO = 30


# Under a grammar every field is written, even as [] or null, except a quote's speaker: the model writes
# it only to correct the speaker found in the source.
_GRAMMAR_OPTIONAL = frozenset({"speaker"})


@dataclass(frozen=True)
class References:
    """What a draft may refer to: the quote and sentence numbers its prompt shows, and the sentences
    among them that hold a hedging cue (a doubt must rest on one)."""

    quotes: tuple[int, ...]
    sentences: tuple[int, ...]
    hedged: tuple[int, ...]
    figures: tuple[str, ...]  # as written, each once


def grammar_schema(model: type[BaseModel], references: References | None = None) -> dict[str, Any]:
    """The full schema with the list limits, for servers that generate under a schema's grammar.

    With `references`, each number the model writes is one of those it was shown: under the grammar it
    cannot cite a quote or sentence that does not exist, or rest a doubt on a sentence that hedges
    nothing.
    """
    schema = model.model_json_schema()
    properties = schema.get("properties", {})
    for name, prop in properties.items():
        if name in GRAMMAR_MAX_ITEMS and prop.get("type") == "array":
            prop["maxItems"] = GRAMMAR_MAX_ITEMS[name]
    if references is not None and model is BriefDraft:
        _restrict(properties["quotes"], "q", references.quotes)
        _restrict(properties["doubts"], "s", references.hedged)
        _restrict(properties["numbers"], "n", references.figures)
        for name, allowed in (("quotes", references.quotes), ("numbers", references.figures)):
            properties[name]["minItems"] = min(GRAMMAR_MIN_ITEMS[name], len(allowed))
        if 0 < len(references.quotes) <= GRAMMAR_EACH_QUOTE_UP_TO:
            properties["quotes"] = _each_quote_once(references.quotes)
        if references.sentences:
            properties["points"]["items"]["properties"]["s"]["items"] = {"enum": list(references.sentences)}
    _require_all(schema)
    return schema


def _each_quote_once(quotes: tuple[int, ...]) -> dict[str, Any]:
    """One item per quote offered, in order, each kept or not: a list the model fills by choice can
    repeat one quote to reach its minimum and skip another (seen on seed 2). Under the grammar the
    model keeps or drops each quote; the speaker is the one found in the source."""
    items = [
        {"type": "object", "properties": {"q": {"const": q}, "keep": {"type": "boolean"}}} for q in quotes
    ]
    return {"type": "array", "prefixItems": items}


def _restrict(listed: dict[str, Any], key: str, allowed: tuple[int, ...] | tuple[str, ...]) -> None:
    """Items of the list may name only `allowed` numbers under `key`; with none allowed, no item."""
    if allowed:
        listed["items"]["properties"][key] = {"enum": list(allowed)}
    else:
        listed["maxItems"] = 0


def _require_all(node: Any) -> None:
    if isinstance(node, dict):
        if "properties" in node:
            node["required"] = [name for name in node["properties"] if name not in _GRAMMAR_OPTIONAL]
        for value in node.values():
            _require_all(value)
    elif isinstance(node, list):
        for value in node:
            _require_all(value)


class DraftPoint(_DraftModel):
    text: str
    s: list[int] = Field(default_factory=list)


class DraftQuote(_DraftModel):
    q: int
    keep: bool = True
    speaker: NullableText = None


class DraftNumber(_DraftModel):
    n: str
    counts: NullableText = None
    of: NullableText = None


class DraftDoubt(_DraftModel):
    s: int
    claim: str


# What the model writes about one document (or one part of a long one). It answers by reference: quotes
# by their marker number, key points and doubts by sentence number, figures as written (matched by value).
# Short keys, because output tokens are the slow part. (A comment, not a docstring: a docstring would
# travel to the model as the schema's description.)
class BriefDraft(_DraftModel):
    title: str
    summary: str
    points: list[DraftPoint] = Field(default_factory=list)
    actors: dict[str, ActorKind] = Field(default_factory=dict)
    quotes: list[DraftQuote] = Field(default_factory=list)
    numbers: list[DraftNumber] = Field(default_factory=list)
    doubts: list[DraftDoubt] = Field(default_factory=list)


# What the last call for a long document writes from its parts' notes: the whole document's title,
# summary and key points; its items come from the parts, grounded there. (A comment, not a docstring:
# a docstring would travel to the model as the schema's description.)
class BriefOverview(_DraftModel):
    title: str
    summary: str = Field(description="Two to four sentences about the whole document")
    key_points: list[str] = Field(default_factory=list)
