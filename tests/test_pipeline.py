"""One document end to end through the real openai client and instructor, answered from recordings."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx2
import pytest

import summarizer
from summarizer import errors
from summarizer.brief import Brief
from summarizer.service import Summarizer
from summarizer.settings import Settings
from summarizer.transports._recording import canonical_request, request_key
from summarizer.transports._retrying import RetryPolicy
from tests.conftest import RECORDINGS, ROOT, SEED_1, SEED_2

SEEDS_DIR = RECORDINGS / "seeds"
SCRIPTED = RECORDINGS / "scripted"
# Built at run time so that no secret-shaped literal sits in the repository.
SECRET = "sk-" + "test-NEVER-ON-DISK-4f1c9a7e2b"
NO_WAIT = RetryPolicy(sleep=lambda _: None)
EXPERT_QUOTE = (
    "Russia may be seeking to stabilise its production and supply of key artillery shells during the "
    "coming winter by seeking ammunition from North Korea and elsewhere"
)


def replayed(path: Path, recordings: Path = SEEDS_DIR) -> Brief:
    return Summarizer(replay=recordings, settings=Settings(retry_policy=NO_WAIT)).summarize(path)


def assert_grounded(brief: Brief, source: str) -> None:
    """Every shipped item stands at its span in the file."""
    for quote in brief.quotes:
        assert source[quote.span.start : quote.span.end] == quote.text
    for number in brief.numbers:
        assert source[number.span.start : number.span.end] == number.text
    for cue in brief.uncertainties:
        assert source[cue.span.start : cue.span.end] == cue.cue
    for actor in brief.actors:
        found = source[actor.span.start : actor.span.end]
        assert found.casefold() in {
            n.casefold() for n in [actor.name, *actor.aliases, actor.name.split()[-1]]
        }


# -- the seeds, from real recordings -------------------------------------------------------


def test_seed_2_ships_its_three_quotes_each_with_its_own_speaker_in_one_call() -> None:
    source = SEED_2.read_text(encoding="utf-8")
    brief = replayed(SEED_2)
    assert_grounded(brief, source)
    assert brief.provenance.attempts == 1 and brief.verification.feedback == []
    shipped = json.dumps(brief.model_dump(exclude={"source", "verification"}))
    for furniture in ("Nestle", "awards night", "sporting arenas", "cookies", "Read More"):
        assert furniture not in shipped
    by_start = {q.text.split()[0]: q for q in brief.quotes}
    expert, kirby, dempsey = by_start["Russia"], by_start["Our"], by_start["may"]
    assert (expert.speaker, expert.speaker_found) == (None, "unnamed")
    assert "interviews by The Guardian" in (expert.speaker_role or "")
    assert (kirby.speaker, kirby.speaker_found) == ("John Kirby", "named")
    assert kirby.speaker_role == "spokesperson for the national security council"
    assert (dempsey.speaker, dempsey.speaker_found) == ("Joseph Dempsey", "named")
    for quote in (kirby, dempsey):
        assert quote.speaker_span is not None
        assert source[quote.speaker_span.start : quote.speaker_span.end] == quote.speaker


def test_seed_1_ships_its_five_figures_with_what_each_counts_and_whose_in_one_call() -> None:
    source = SEED_1.read_text(encoding="utf-8")
    brief = replayed(SEED_1)
    assert_grounded(brief, source)
    assert brief.provenance.attempts == 1 and brief.quotes == []
    figures = {n.text: n for n in brief.numbers}
    assert set(figures) == {"6,000", "5,500", "4,000", "2,500", "10,000"}
    assert all(n.counts and n.of for n in brief.numbers)
    assert (figures["6,000"].qualifier, figures["10,000"].qualifier) == ("approximately", "over")
    assert "tanks" in (figures["4,000"].counts or "") and figures["4,000"].of == "North Korea"


def test_provenance_and_source_are_computed_locally() -> None:
    brief = replayed(SEED_1)
    assert brief.source.sha256 == __import__("hashlib").sha256(SEED_1.read_bytes()).hexdigest()
    assert brief.provenance.prompt_id == "brief.v3" and len(brief.provenance.prompt_sha256) == 64
    assert brief.provenance.server == "127.0.0.1:8089" and brief.provenance.mode == "llama_json"


def test_async_path_gives_the_same_brief() -> None:
    async def run() -> Brief:
        async with Summarizer(replay=SEEDS_DIR, settings=Settings(retry_policy=NO_WAIT)) as s:
            return await s.asummarize(SEED_2)

    sync, concurrent = replayed(SEED_2), asyncio.run(run())
    strip = {"provenance": {"duration_s", "created_at"}}
    assert sync.model_dump(exclude=strip) == concurrent.model_dump(exclude=strip)


def test_top_level_summarize_accepts_text() -> None:
    brief = summarizer.summarize(SEED_1.read_text(encoding="utf-8"), replay=SEEDS_DIR)
    assert brief.source.path is None and brief.title


# -- scripted failure cases ----------------------------------------------------------------


def test_429_then_success_is_retried_below_the_client() -> None:
    brief = replayed(SEED_1, SCRIPTED / "rate_limited_then_ok")
    assert brief.title


def test_invalid_json_then_success_goes_through_a_re_ask() -> None:
    brief = replayed(SEED_1, SCRIPTED / "invalid_json_then_ok")
    assert brief.provenance.attempts == 2 and len(brief.verification.feedback) == 1
    assert [n.text for n in brief.numbers] == ["6,000"]


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("truncated", errors.OutputTruncated),
        ("refusal", errors.Refusal),
        ("empty_choices", errors.EmptyChoices),
    ],
)
def test_unfixable_answers_are_named_errors_without_retry(case: str, error: type[Exception]) -> None:
    directory = SCRIPTED / case
    with pytest.raises(error) as caught:
        replayed(SEED_1, directory)
    assert str(caught.value).startswith(f"{SEED_1}: ")
    (recording,) = [json.loads(p.read_text()) for p in directory.glob("*.json")]
    assert recording["source"]["scripted"] is True and len(recording["responses"]) == 1


# -- through the transport seam ------------------------------------------------------------


def answering(*bodies: dict[str, object], seen: list[httpx2.Request] | None = None) -> httpx2.MockTransport:
    queue = list(bodies)

    def handler(request: httpx2.Request) -> httpx2.Response:
        if seen is not None:
            seen.append(request)
        return httpx2.Response(200, json=queue.pop(0)) if queue else httpx2.Response(500)

    return httpx2.MockTransport(handler)


def scripted_completion(content: str) -> dict[str, object]:
    return {
        "id": "x",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def test_document_braces_reach_the_model_verbatim() -> None:
    # instructor renders messages as Jinja when a context is passed; the document must not be template source.
    text = "The mayor said {{ 7*7 }} and {% if x %}nothing{% endif %} {# hidden #} happened."
    seen: list[httpx2.Request] = []
    draft = json.dumps({"title": "t", "summary": "s"})
    transport = answering(scripted_completion(draft), seen=seen)
    Summarizer("m", settings=Settings(retry_policy=NO_WAIT), transport=transport).summarize(text)
    sent = json.loads(seen[0].read())["messages"][-1]["content"]
    assert text in sent


def test_secrets_never_reach_recordings_briefs_or_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = json.dumps({"title": "t", "summary": "s", "numbers": [{"n": "6,000", "counts": "systems"}]})
    record = tmp_path / "rec"
    transport = answering(scripted_completion(draft))
    s = Summarizer(
        "m", api_key=SECRET, base_url=f"http://u:{SECRET}@llm.test/v1", record=record, transport=transport
    )
    brief = s.summarize(SEED_1)
    refused = httpx2.MockTransport(lambda r: httpx2.Response(401, json={"error": {"message": "bad key"}}))
    with pytest.raises(errors.AuthenticationFailed) as caught:
        Summarizer("m", api_key=SECRET, transport=refused).summarize(SEED_1)
    written = [p.read_text(encoding="utf-8") for p in record.rglob("*") if p.is_file()]
    assert written, "nothing was recorded"
    captured = capsys.readouterr()
    for text in [*written, brief.model_dump_json(), str(caught.value), captured.out, captured.err]:
        assert SECRET not in text


def test_a_recording_is_named_by_scenario_holds_its_key_and_replays(tmp_path: Path) -> None:
    draft = json.dumps({"title": "t", "summary": "s", "numbers": [{"n": "6,000", "counts": "systems"}]})
    seen: list[httpx2.Request] = []
    # Broken JSON first, so instructor re-asks: a second request under the same call.
    transport = answering(scripted_completion('{"title": '), scripted_completion(draft), seen=seen)
    settings = Settings(retry_policy=NO_WAIT)
    recorded = Summarizer("m", settings=settings, record=tmp_path, transport=transport).summarize(SEED_1)

    names = sorted(p.name for p in tmp_path.glob("*.json"))
    assert names == ["000_c06b8918ef9a6c16-draft-2.json", "000_c06b8918ef9a6c16-draft.json"]
    first = json.loads((tmp_path / names[1]).read_text(encoding="utf-8"))
    assert first["key"] == request_key(canonical_request(seen[0]))
    brief = Summarizer(replay=tmp_path, settings=settings).summarize(SEED_1)
    assert brief.title == recorded.title == "t" and brief.provenance.attempts == 2


def test_committed_recordings_hold_no_secrets() -> None:
    import re

    pattern = re.compile(
        r"sk-[A-Za-z0-9_-]{16,}|Bearer [A-Za-z0-9._-]{8,}|\"(authorization|set-cookie|api[_-]?key)\"", re.I
    )
    files = list((ROOT / "tests" / "recordings").rglob("*.json"))
    assert len(files) >= 7
    for path in files:
        assert not pattern.search(path.read_text(encoding="utf-8")), path


def repeating(content: str) -> httpx2.MockTransport:
    """A model that gives the same answer however often it is re-asked (scripted)."""
    return httpx2.MockTransport(lambda request: httpx2.Response(200, json=scripted_completion(content)))


def quote_number(path: Path, words: str) -> int:
    """The number the model sees on the quote holding `words` (local evidence, no model)."""
    from summarizer.evidence import build_evidence
    from summarizer.reading._clean import clean_text

    clean = clean_text(path.read_text(encoding="utf-8"))
    at = clean.text.index(words)
    return next(q.id for q in build_evidence(clean.text).quotes if q.start <= at < q.end)


def test_a_reference_to_nothing_is_rejected_with_its_reason_in_one_call() -> None:
    draft = {"title": "t", "summary": "s", "quotes": [{"q": 99}], "actors": {"John Kirby": "person"}}
    brief = Summarizer(
        "m", settings=Settings(retry_policy=NO_WAIT), transport=repeating(json.dumps(draft))
    ).summarize(SEED_2)
    assert brief.provenance.attempts == 1 and brief.verification.feedback == []
    assert [a.name for a in brief.actors] == ["John Kirby"] and brief.quotes == []
    (rejected,) = brief.verification.rejected
    assert rejected.kind == "quote" and rejected.item == {"q": 99, "keep": True, "speaker": None}
    assert rejected.reason == "quote 1: there is no quote Q99 in the document"


def test_a_speaker_the_source_does_not_give_is_rejected_in_one_call_and_the_quote_keeps_its_own() -> None:
    # Seen with the small model: the unnamed expert's words handed to the next person named.
    expert = quote_number(SEED_2, EXPERT_QUOTE)
    draft = {"title": "t", "summary": "s", "quotes": [{"q": expert, "speaker": "John Kirby"}]}
    brief = Summarizer(
        "m", settings=Settings(retry_policy=NO_WAIT), transport=repeating(json.dumps(draft))
    ).summarize(SEED_2)
    assert brief.provenance.attempts == 1 and brief.verification.feedback == []
    (quote,) = brief.quotes
    assert quote.text.startswith(EXPERT_QUOTE) and quote.speaker is None
    assert quote.speaker_found == "unnamed" and "The Guardian" in (quote.speaker_role or "")
    (rejected,) = brief.verification.rejected
    assert rejected.kind == "speaker" and "does not attribute it to 'John Kirby'" in rejected.reason


def test_items_that_never_fit_the_schema_are_rejected_one_by_one() -> None:
    draft = {
        "title": "t",
        "summary": "s",
        "numbers": [{"n": "6,000", "counts": "artillery systems"}, {"counts": "lots"}],
        "doubts": [{"claim": "stockpiles may be aging"}],
    }
    brief = Summarizer(
        "m", settings=Settings(retry_policy=NO_WAIT), transport=repeating(json.dumps(draft))
    ).summarize(SEED_1)
    assert [n.text for n in brief.numbers] == ["6,000"]
    reasons = [r.reason for r in brief.verification.rejected]
    assert len(reasons) == 2 and all("does not fit the draft schema" in r for r in reasons)
    assert reasons[0].startswith("number 2:") and reasons[1].startswith("uncertainty 1:")


def test_no_usable_draft_is_a_named_error() -> None:
    with pytest.raises(errors.DraftInvalid, match="no usable draft after 3 attempts"):
        Summarizer(
            "m", settings=Settings(retry_policy=NO_WAIT), transport=repeating("I think it is about Russia.")
        ).summarize(SEED_1)


def test_context_too_long_is_named_and_not_retried() -> None:
    calls: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        calls.append(request)
        message = "Requested tokens (9000) exceed context window of 8192"
        return httpx2.Response(400, json={"error": {"message": message}})

    with pytest.raises(errors.ContextTooLong, match="context"):
        Summarizer(
            "m", settings=Settings(retry_policy=NO_WAIT), transport=httpx2.MockTransport(handler)
        ).summarize(SEED_1)
    assert len(calls) == 1


def test_an_item_verified_earlier_and_dropped_when_re_asked_is_kept() -> None:
    # Seen with the small model: re-asked after a schema slip, it also dropped a good quote.
    first = {
        "title": "t",
        "summary": "s",
        "quotes": [{"q": quote_number(SEED_2, EXPERT_QUOTE)}],
        "doubts": [{}],
    }
    second = {"title": "t", "summary": "s"}
    transport = answering(scripted_completion(json.dumps(first)), scripted_completion(json.dumps(second)))
    brief = Summarizer("m", settings=Settings(retry_policy=NO_WAIT), transport=transport).summarize(SEED_2)
    assert brief.provenance.attempts == 2 and len(brief.verification.feedback) == 1
    (quote,) = brief.quotes
    assert quote.text.startswith(EXPERT_QUOTE) and quote.speaker is None
    assert brief.verification.kept_from_earlier_attempts == [
        f"quote at {quote.span.start}-{quote.span.end} (attempt 1)"
    ]
    assert brief.numbers == [] and brief.verification.rejected == []


def test_an_item_rejected_in_every_attempt_is_never_kept() -> None:
    draft = {"title": "t", "summary": "s", "actors": {"Xi Jinping": "person"}, "doubts": [{}]}
    transport = repeating(json.dumps(draft))
    brief = Summarizer("m", settings=Settings(retry_policy=NO_WAIT), transport=transport).summarize(SEED_1)
    assert brief.provenance.attempts == 3
    assert brief.actors == [] and brief.verification.kept_from_earlier_attempts == []
    assert sorted(r.kind for r in brief.verification.rejected) == ["actor", "uncertainty"]


def test_content_filter_is_named_and_not_retried() -> None:
    calls: list[httpx2.Request] = []
    filtered = scripted_completion("")
    filtered["choices"][0]["finish_reason"] = "content_filter"  # type: ignore[index]
    transport = answering(filtered, filtered, seen=calls)
    with pytest.raises(errors.ContentFiltered, match="content filter"):
        Summarizer("m", settings=Settings(retry_policy=NO_WAIT), transport=transport).summarize(SEED_1)
    assert len(calls) == 1


def test_a_document_over_the_budget_goes_in_parts_recorded_live() -> None:
    # Recorded against the real server with a 400-token budget: seed 2 in two overlapping parts.
    settings = Settings(context_tokens=400, retry_policy=NO_WAIT)
    brief = Summarizer(replay=RECORDINGS / "long-seed2", settings=settings).summarize(SEED_2)
    source = SEED_2.read_text(encoding="utf-8")
    assert brief.provenance.parts == 2 and brief.provenance.attempts == 3  # a call per part, one overview
    assert_grounded(brief, source)
    assert {"John Kirby", "Joseph Dempsey"} <= {a.name for a in brief.actors}
    assert [q.speaker for q in brief.quotes] == [None, "John Kirby", "Joseph Dempsey"]
    # The model copied a name from the prompt's example; it is not in the document, so it is turned down.
    (rejected,) = brief.verification.rejected
    assert rejected.reason == "part 1: actor 1: 'Jane Roe' is not named in the document"


def test_a_long_one_line_text_is_text_not_a_file_name() -> None:
    text = "North Korea holds about 6,000 artillery systems, officials said. " * 10
    draft = json.dumps({"title": "t", "summary": "s", "numbers": [{"n": "6,000", "counts": "systems"}]})
    summarizer = Summarizer("m", settings=Settings(retry_policy=NO_WAIT), transport=repeating(draft))
    brief = summarizer.summarize(text)
    assert brief.source.path is None and [n.text for n in brief.numbers] == ["6,000"]
