"""When re-asks run out: keep what the model wrote that fits the schema, reject the rest by name.

A small model can repeat one schema slip on every attempt (an item missing a required field). One
bad item should not cost the whole document, and it must not vanish either: each item is checked on
its own, and those that do not fit come back as rejections with pydantic's reason.
"""

from __future__ import annotations

import json
from typing import Any

from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError

from summarizer.brief import RejectedItem
from summarizer.drafting._draft import BriefDraft, DraftDoubt, DraftNumber, DraftPoint, DraftQuote

_ITEM_MODELS: dict[str, tuple[str, type[BaseModel]]] = {
    "points": ("key_point", DraftPoint),
    "numbers": ("number", DraftNumber),
    "quotes": ("quote", DraftQuote),
    "doubts": ("uncertainty", DraftDoubt),
}


def completion_json(completion: ChatCompletion | None) -> dict[str, Any] | None:
    """The JSON object in a completion's text or first tool call, if there is one."""
    if completion is None or not completion.choices:
        return None
    message = completion.choices[0].message
    tool_calls = message.tool_calls or []
    raw = tool_calls[0].function.arguments if tool_calls else (message.content or "")  # type: ignore[union-attr]
    start, end = raw.find("{"), raw.rfind("}")
    if start < 0 or end < start:
        return None
    try:
        data = json.loads(raw[start : end + 1])
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def salvage_draft(data: dict[str, Any]) -> tuple[BriefDraft, list[RejectedItem]] | None:
    """A draft from the items that fit; None when even the title or summary is unusable."""
    rejected: list[RejectedItem] = []
    fields: dict[str, Any] = {}
    for field, (kind, model) in _ITEM_MODELS.items():
        items = data.get(field) or []
        fields[field] = []
        for n, item in enumerate(items if isinstance(items, list) else [items], 1):
            try:
                fields[field].append(model.model_validate(item))
            except ValidationError as err:
                reason = f"{kind} {n}: does not fit the draft schema ({_summary(err)})"
                rejected.append(RejectedItem(kind=kind, item=_as_dict(item), reason=reason))  # type: ignore[arg-type]
    try:
        draft = BriefDraft.model_validate({**data, **fields})
    except ValidationError:
        return None
    return draft, rejected


def _summary(err: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'item'}: {e['msg']}" for e in err.errors())


def _as_dict(item: Any) -> dict[str, Any]:
    return item if isinstance(item, dict) else {"value": item}
