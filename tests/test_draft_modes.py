"""What the model is shown of the draft's schema, and the grammar a llama.cpp server is sent."""

from __future__ import annotations

import json
from typing import Any

import httpx2
import pytest
from pydantic import ValidationError

from summarizer.drafting._calls import mode_extras
from summarizer.drafting._draft import BriefDraft, References, grammar_schema, outlined
from summarizer.service import Summarizer
from summarizer.settings import Settings
from tests.conftest import SEED_1, SEED_2

REFERENCES = References(quotes=(1, 2), sentences=(1, 2, 3, 4), hedged=(3,), figures=("6,000", "40%"))


def test_the_outline_shows_fields_and_requirements_but_validates_as_the_draft() -> None:
    shown = outlined(BriefDraft)
    schema = shown.model_json_schema()
    assert schema["required"] == ["title", "summary"]
    assert list(schema["properties"]) == [
        "title",
        "summary",
        "points",
        "actors",
        "quotes",
        "numbers",
        "doubts",
    ]
    assert all(value == {} for value in schema["properties"].values())
    with pytest.raises(ValidationError):
        shown.model_validate({"title": "t", "summary": "s", "quotes": [{"speaker": "x"}]})
    assert isinstance(shown.model_validate({"title": "t", "summary": "s"}), BriefDraft)


def test_the_grammar_lets_the_model_cite_only_what_it_was_shown() -> None:
    schema = grammar_schema(BriefDraft, REFERENCES)
    props = schema["properties"]
    assert [item["properties"]["q"] for item in props["quotes"]["prefixItems"]] == [
        {"const": 1},
        {"const": 2},
    ]
    assert "items" not in props["quotes"]  # one item per quote, each kept or not: no quote twice
    assert props["points"]["items"]["properties"]["s"]["items"] == {"enum": [1, 2, 3, 4]}
    assert props["points"]["maxItems"] == 3
    assert props["doubts"]["items"]["properties"]["s"] == {"enum": [3]}
    assert props["numbers"]["items"]["properties"]["n"] == {"enum": ["6,000", "40%"]}
    assert (props["numbers"]["minItems"], props["numbers"]["maxItems"]) == (2, 5)
    # Every field is written, so the model cannot leave a list out by accident.
    assert schema["required"] == list(props)


def test_with_nothing_to_cite_the_grammar_allows_no_item() -> None:
    props = grammar_schema(BriefDraft, References((), (1,), (), ()))["properties"]
    assert props["quotes"]["maxItems"] == props["doubts"]["maxItems"] == props["numbers"]["maxItems"] == 0


def test_only_llama_json_sends_a_grammar() -> None:
    assert mode_extras("json", BriefDraft, REFERENCES) == {}
    extras = mode_extras("llama_json", BriefDraft, REFERENCES)
    assert extras["extra_body"]["response_format"]["type"] == "json_object"
    assert extras["extra_body"]["response_format"]["schema"] == grammar_schema(BriefDraft, REFERENCES)


def requests_sent(mode: str, path: Any) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        sent.append(json.loads(request.read()))
        message = {"role": "assistant", "content": json.dumps({"title": "t", "summary": "s"})}
        choice = {"index": 0, "message": message, "finish_reason": "stop"}
        body = {"id": "x", "object": "chat.completion", "created": 0, "model": "m", "choices": [choice]}
        return httpx2.Response(200, json=body)

    Summarizer("m", mode=mode, settings=Settings(), transport=httpx2.MockTransport(handler)).summarize(path)
    return sent


def test_a_llama_json_request_carries_the_document_s_references_in_its_grammar() -> None:
    (request,) = requests_sent("llama_json", SEED_2)
    schema = request["response_format"]["schema"]
    assert [i["properties"]["q"]["const"] for i in schema["properties"]["quotes"]["prefixItems"]] == [1, 2, 3]
    system, user = request["messages"][0]["content"], request["messages"][1]["content"]
    assert "[Q2 John Kirby]“Our information" in user and "[Q1 ?]“Russia may be seeking" in user
    assert '"additionalProperties"' not in system  # the prompt shows the outline, not the full schema


def test_a_json_request_has_no_grammar_and_the_same_messages() -> None:
    (plain,) = requests_sent("json", SEED_1)
    (grammar,) = requests_sent("llama_json", SEED_1)
    assert plain["response_format"] == {"type": "json_object"}
    assert plain["messages"] == grammar["messages"]
