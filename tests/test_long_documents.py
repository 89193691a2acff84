"""A report far over the context budget: drafted in parts, merged into one brief whose spans hold.

The answers here are scripted, not recorded: a small handler behind the transport seam reads the part
out of each request (the text between the two "=== DOC <hash letters> ===" fence lines, with its
evidence markers) and answers with a draft built from that part by reference, the way a careful model
would, plus a few habits of a real one: it names actors differently from one call to the next; for one
stretch of the report it keeps inventing an actor and writing a figure with no "n", so re-asks and
rejections happen; and when re-asked it drops its quotes. The overview call is answered with a small
fixed overview that gives one figure the report does not.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx2
import pytest

from summarizer import errors
from summarizer.brief import Actor, Brief, KeyNumber, Quote, Span, SpeakerFound
from summarizer.long_documents._merge import (
    conflicting_figures,
    merge_actors,
    merge_numbers,
    merge_quotes,
    overview_notes,
)
from summarizer.long_documents._parts import Part, estimate_tokens, split_into_parts
from summarizer.reading._clean import clean_text
from summarizer.service import PART_CONCURRENCY, Summarizer
from summarizer.settings import DEFAULT_CONTEXT_TOKENS, Settings
from summarizer.transports._retrying import RetryPolicy
from tests.conftest import SEED_1, SEED_2

SECTIONS = 80
NO_WAIT = RetryPolicy(sleep=lambda _: None)
FENCE = re.compile(r"=== DOC [a-z]{8} ===")
# Seed 1's figures, each made unique per section by adding the section number.
FIGURES = {
    "6,000": "deadly artillery systems",
    "10,000": "people",
    "5,500": "rocket artillery systems",
    "4,000": "tanks",
    "2,500": "armored vehicles",
}
FIGURE = re.compile(
    r"\b(\d{1,3},\d{3}) (deadly artillery systems|people|rocket artillery systems|tanks|armored)"
)
# One thing the report counts twice, differently, far apart: the merge must keep both.
DEPOT = "The Sinpo depot may hold {} shells, according to satellite images."
DEPOT_FIGURES = {5: "1,200", SECTIONS - 5: "1,450"}
DEPOT_FIGURE = re.compile(r"The Sinpo depot may hold (\d{1,3},\d{3}) shells")
QUOTE = re.compile(r"“([^”]+)”")
INVENTED = "Sinpo Trading Company"
# The evidence markers the model sees: "[12] " before sentence 12, "[Q3 John Kirby]" before quote 3.
MARKER = re.compile(r"\[\d+\] |\[Q\d+ [^\]]*\]")


def unmarked(document: str) -> str:
    return MARKER.sub("", document)


def roman(n: int) -> str:
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def section(k: int) -> str:
    """Both seeds, seed 2 with its site furniture still in, figures and quotes made unique to section k."""
    seed_1 = SEED_1.read_text(encoding="utf-8")
    for figure in FIGURES:
        seed_1 = seed_1.replace(figure, f"{int(figure.replace(',', '')) + k:,}")
    if k in DEPOT_FIGURES:
        seed_1 = seed_1.replace("\n\nThese numbers", f" {DEPOT.format(DEPOT_FIGURES[k])}\n\nThese numbers")
    seed_2 = SEED_2.read_text(encoding="utf-8").replace("“", f"“[convoy {roman(k)}] ")
    return f"Section {k}: convoy {roman(k)}\n\n{seed_1}\n\n{seed_2}\n\n"


def report(sections: int = SECTIONS) -> str:
    return "".join(section(k) for k in range(1, sections + 1))


# -- the scripted model ---------------------------------------------------------------------------


@dataclass
class ScriptedModel:
    """Answers drafts from the part each request carries, and the overview call with a fixed overview."""

    parts_seen: list[str] = field(default_factory=list)
    overview_notes: list[str] = field(default_factory=list)
    usage: Counter[str] = field(default_factory=Counter)

    def handle(self, request: httpx2.Request) -> httpx2.Response:
        messages = json.loads(request.read())["messages"]
        document = FENCE.split(messages[1]["content"])[1][1:-1]
        if "overview of a long document" in messages[0]["content"]:
            self.overview_notes.append(document)
            answer: dict[str, Any] = {
                "title": "Russia's arms from North Korea, convoy by convoy",
                "summary": "A long report on 9,999 North Korean shells reaching Russia.",
                "key_points": ["The report gives two figures for the Sinpo depot."],
            }
        else:
            self.parts_seen.append(unmarked(document))
            answer = draft_of(document, reasked=len(messages) > 2)
        return self._completion(answer, prompt_chars=sum(len(m["content"]) for m in messages))

    def _completion(self, answer: dict[str, Any], prompt_chars: int) -> httpx2.Response:
        content = json.dumps(answer)
        usage = {"prompt_tokens": prompt_chars // 4, "completion_tokens": len(content) // 4}
        self.usage.update({"calls": 1, **usage})
        body = {
            "id": "scripted",
            "object": "chat.completion",
            "created": 0,
            "model": "scripted",
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
            ],
            "usage": {**usage, "total_tokens": sum(usage.values())},
        }
        return httpx2.Response(200, json=body)


def draft_of(part: str, reasked: bool) -> dict[str, Any]:
    """A draft by reference: quotes by their markers, key points and doubts by sentence number."""
    text = unmarked(part)
    sections = [int(k) for k in re.findall(r"^Section (\d+):", text, re.MULTILINE)]
    # Names change between calls, as a real model's do: by full name in some parts, by surname in others.
    formal = bool(sections) and sections[0] % 2 == 0
    inventing = "1,200 shells" in text  # it keeps inventing an actor, and writes one figure badly
    return {
        "title": f"Convoys of sections {sections[0]} to {sections[-1]}" if sections else "A convoy",
        "summary": f"North Korean arms for Russia in {len(sections)} sections.",
        "points": [
            {"text": f"Section {k} counts its own artillery.", "s": [int(s)]}
            for s, k in re.findall(r"^\[(\d+)\] Section (\d+):", part, re.MULTILINE)
        ],
        "actors": actors_in(text, formal, inventing),
        "numbers": [
            *figures_in(text),
            *depot_figures_in(text),
            *([{"counts": "shells"}] if inventing else []),
        ],
        "quotes": [] if reasked else [{"q": int(q)} for q in re.findall(r"\[Q(\d+) ", part)],
        "doubts": [
            {"s": int(s), "claim": f"The Sinpo depot may hold {n} shells"}
            for s, n in re.findall(r"\[(\d+)\] The Sinpo depot may hold (\d{1,3},\d{3})", part)
        ],
    }


def actors_in(part: str, formal: bool, inventing: bool) -> dict[str, str]:
    actors = {"Russia": "country"}
    if "DPRK" in part:
        actors["North Korea"] = "country"
    if "Vladimir Putin" in part:
        actors["Vladimir Putin" if formal else "Putin"] = "person"
    if "John Kirby" in part:
        actors["John Kirby"] = "person"
    if inventing:
        actors[INVENTED] = "organization"
    return actors


def figures_in(part: str) -> list[dict[str, Any]]:
    numbers = []
    for text, noun in FIGURE.findall(part):
        value = int(text.replace(",", ""))
        base = next(int(f.replace(",", "")) for f, n in FIGURES.items() if n.startswith(noun))
        numbers.append({"n": text, "counts": f"{noun} in section {value - base}", "of": "North Korea"})
    return numbers


def depot_figures_in(part: str) -> list[dict[str, Any]]:
    return [{"n": text, "counts": "shells at the Sinpo depot"} for text in DEPOT_FIGURE.findall(part)]


# -- running it -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def long_report() -> str:
    text = report()
    assert len(text.split()) >= 60_000
    return text


@pytest.fixture(scope="module")
def parts(long_report: str) -> list[Part]:
    """The parts the summarizer is expected to draft, worked out independently of it."""
    return split_into_parts(clean_text(long_report).text, DEFAULT_CONTEXT_TOKENS)


@pytest.fixture(scope="module")
def merged(long_report: str) -> tuple[Brief, ScriptedModel]:
    model = ScriptedModel()
    with summarize_with(model) as summarizer:
        return summarizer.summarize(long_report), model


def summarize_with(model: ScriptedModel) -> Summarizer:
    transport = httpx2.MockTransport(model.handle)
    return Summarizer("scripted", settings=Settings(retry_policy=NO_WAIT), transport=transport)


def test_the_report_is_drafted_in_overlapping_parts_of_the_cleaned_text(
    parts: list[Part], merged: tuple[Brief, ScriptedModel]
) -> None:
    brief, model = merged
    assert brief.provenance.parts == len(parts) > 10
    # Every part was asked for once (three times where the invented actor was re-asked), in order.
    assert sorted(set(model.parts_seen), key=model.parts_seen.index) == [p.text for p in parts]
    assert all("Read More" not in seen and "cookies" not in seen for seen in model.parts_seen)
    assert len(model.overview_notes) == 1


def test_every_span_points_into_the_original_file(
    long_report: str, merged: tuple[Brief, ScriptedModel]
) -> None:
    brief, _ = merged
    source = long_report
    for quote in brief.quotes:
        assert source[quote.span.start : quote.span.end] == quote.text
        if quote.speaker is not None:
            assert quote.speaker_span is not None
            assert source[quote.speaker_span.start : quote.speaker_span.end] == quote.speaker
    for number in brief.numbers:
        assert source[number.span.start : number.span.end] == number.text
    for cue in brief.uncertainties:
        assert source[cue.span.start : cue.span.end] == cue.cue
    for actor in brief.actors:
        assert source[actor.span.start : actor.span.end].casefold() in {
            n.casefold() for n in [actor.name, *actor.aliases]
        }
    # Furniture was cut from every section, so later spans differ from offsets in the cleaned text.
    per_section = len(clean_text(SEED_2.read_text(encoding="utf-8")).removed)
    assert per_section and len(brief.source.removed) == SECTIONS * per_section
    last = brief.quotes[-1]
    assert clean_text(source).text.find(last.text) < last.span.start


def test_quotes_are_each_listed_once_even_where_two_parts_saw_them(
    long_report: str, merged: tuple[Brief, ScriptedModel]
) -> None:
    brief, model = merged
    in_report = [m.group(1).rstrip(",") for m in QUOTE.finditer(long_report)]  # the brief trims the comma
    assert sorted(q.text for q in brief.quotes) == sorted(in_report)
    assert len({(q.span.start, q.span.end) for q in brief.quotes}) == len(brief.quotes) == 3 * SECTIONS
    seen_twice = [q for q in in_report if sum(q in part for part in set(model.parts_seen)) > 1]
    assert seen_twice, "the overlap should put at least one quote in two parts"
    by_speaker = Counter(q.speaker for q in brief.quotes)
    assert by_speaker == {None: SECTIONS, "John Kirby": SECTIONS, "Joseph Dempsey": SECTIONS}


def test_figures_are_each_listed_once_and_conflicting_ones_side_by_side(
    long_report: str, merged: tuple[Brief, ScriptedModel]
) -> None:
    brief, _ = merged
    expected = {m.span(1) for m in FIGURE.finditer(long_report)} | {
        m.span(1) for m in DEPOT_FIGURE.finditer(long_report)
    }
    spans = [(n.span.start, n.span.end) for n in brief.numbers]
    assert len(spans) == len(set(spans)) == len(expected) == 5 * SECTIONS + 2
    assert set(spans) == expected
    depot = [i for i, n in enumerate(brief.numbers) if n.counts == "shells at the Sinpo depot"]
    assert [brief.numbers[i].text for i in depot] == ["1,200", "1,450"]
    assert depot[1] == depot[0] + 1, "the two depot figures stand next to each other"
    assert brief.numbers[depot[1]].span.start - brief.numbers[depot[0]].span.start > len(long_report) // 2
    # Apart from the depot, figures are in document order.
    others = [n.span.start for n in brief.numbers if n.counts != "shells at the Sinpo depot"]
    assert others == sorted(others)


def test_actors_named_differently_by_different_parts_are_one(merged: tuple[Brief, ScriptedModel]) -> None:
    brief, _ = merged
    actors = {a.name: a for a in brief.actors}
    assert set(actors) == {"Russia", "North Korea", "Vladimir Putin", "John Kirby"}
    assert actors["Vladimir Putin"].aliases == ["Putin"]
    # The role is the source's own words where the person speaks, not the model's.
    assert actors["John Kirby"].role == "spokesperson for the national security council"


def test_rejections_and_re_asks_are_kept_with_their_part(
    parts: list[Part], merged: tuple[Brief, ScriptedModel]
) -> None:
    brief, _ = merged
    inventing = [p.number for p in parts if "1,200 shells" in p.text]
    rejected = brief.verification.rejected
    # The figure with no "n" never fits the schema; the invented actor is not named in the document.
    assert [(r.reason.split(":")[0], r.kind) for r in rejected] == [
        (f"part {n}", kind) for n in inventing for kind in ("number", "actor")
    ]
    assert all(r.item["name"] == INVENTED for r in rejected if r.kind == "actor")
    # Two re-asks per inventing part, for the figure only, each saying which part it was sent for.
    assert [f.split(":")[0] for f in brief.verification.feedback] == [
        f"part {n}" for n in inventing for _ in "ab"
    ]
    assert all(".n: Field required" in f and INVENTED not in f for f in brief.verification.feedback)
    # The quotes the re-asked answers dropped were kept from the first, and the brief says so per part.
    kept = brief.verification.kept_from_earlier_attempts
    assert kept and {k.split(":")[0] for k in kept} == {f"part {n}" for n in inventing}
    assert all(re.match(r"part \d+: quote at \d+-\d+ \(attempt 1\)$", k) for k in kept)


def test_one_overview_call_writes_the_words_from_the_parts_notes(
    merged: tuple[Brief, ScriptedModel],
) -> None:
    brief, model = merged
    assert brief.title == "Russia's arms from North Korea, convoy by convoy"
    # The overview's words are checked as a short document's are; the parts' words are not shipped.
    assert brief.verification.free_text_warnings == ["summary: '9,999' is not a figure the source gives"]
    assert [(p.text, p.support) for p in brief.key_points] == [
        ("The report gives two figures for the Sinpo depot.", "uncited")
    ]
    notes = model.overview_notes[0]
    assert notes.startswith("Part 1 of ") and f"Part {brief.provenance.parts} of " in notes
    assert "Figures the document gives differently in different places:" in notes
    assert "- shells at the Sinpo depot: 1,200; 1,450" in notes
    assert len(notes) < DEFAULT_CONTEXT_TOKENS * 4, "the notes fit one call, the report does not"


def test_provenance_counts_every_call(merged: tuple[Brief, ScriptedModel]) -> None:
    brief, model = merged
    assert brief.provenance.attempts == model.usage["calls"] == len(model.parts_seen) + 1
    assert brief.provenance.tokens_in == model.usage["prompt_tokens"]
    assert brief.provenance.tokens_out == model.usage["completion_tokens"]


def test_async_parts_run_a_few_at_a_time_and_merge_the_same() -> None:
    text = report(sections=20)  # a quarter of the report keeps the test fast; still a dozen parts
    with summarize_with(ScriptedModel()) as summarizer:
        expected = summarizer.summarize(text)
    model = ScriptedModel()
    in_flight, most = 0, 0

    async def handle(request: httpx2.Request) -> httpx2.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.001)
        in_flight -= 1
        return model.handle(request)

    async def run() -> Brief:
        settings = Settings(retry_policy=NO_WAIT)
        transport = httpx2.MockTransport(handle)
        async with Summarizer("scripted", settings=settings, transport=transport) as summarizer:
            return await summarizer.asummarize(text)

    brief = asyncio.run(run())
    assert 1 < most <= PART_CONCURRENCY
    assert brief.provenance.parts == expected.provenance.parts > PART_CONCURRENCY
    assert brief.model_dump(exclude={"provenance"}) == expected.model_dump(exclude={"provenance"})
    assert brief.provenance.attempts == expected.provenance.attempts


# -- failures on the long path ----------------------------------------------------------------------


def small_long_document() -> tuple[str, Settings]:
    """Seed 2 over a tiny budget: the long path in a handful of parts."""
    return SEED_2.read_text(encoding="utf-8"), Settings(retry_policy=NO_WAIT, context_tokens=150)


def completion(message: dict[str, Any]) -> httpx2.Response:
    choice = {"index": 0, "message": {"role": "assistant", **message}, "finish_reason": "stop"}
    return httpx2.Response(
        200, json={"id": "s", "object": "chat.completion", "created": 0, "model": "m", "choices": [choice]}
    )


def overview_answers(overview: dict[str, Any]) -> httpx2.MockTransport:
    def handle(request: httpx2.Request) -> httpx2.Response:
        system = json.loads(request.read())["messages"][0]["content"]
        if "overview of a long document" in system:
            return completion(overview)
        return completion({"content": json.dumps({"title": "t", "summary": "s"})})

    return httpx2.MockTransport(handle)


def test_a_refused_overview_is_the_documents_named_error() -> None:
    text, settings = small_long_document()
    transport = overview_answers({"content": None, "refusal": "I cannot help with that."})
    with pytest.raises(errors.Refusal, match="refused"):
        Summarizer("m", settings=settings, transport=transport).summarize(text)


def test_an_overview_that_never_fits_its_schema_is_draft_invalid() -> None:
    text, settings = small_long_document()
    transport = overview_answers({"content": "no JSON here"})
    with pytest.raises(errors.DraftInvalid, match="no usable overview of the parts after 3 attempts"):
        Summarizer("m", settings=settings, transport=transport).summarize(text)


def test_a_failing_part_stops_the_other_parts_in_async() -> None:
    text, settings = small_long_document()
    seen: list[str] = []

    async def handle(request: httpx2.Request) -> httpx2.Response:
        seen.append(json.loads(request.read())["messages"][1]["content"])
        await asyncio.sleep(0.001)
        return httpx2.Response(400, json={"error": {"message": "maximum context length exceeded"}})

    async def run() -> Brief:
        async with Summarizer("m", settings=settings, transport=httpx2.MockTransport(handle)) as summarizer:
            return await summarizer.asummarize(text)

    parts = split_into_parts(clean_text(text).text, settings.context_tokens)
    with pytest.raises(errors.ContextTooLong):
        asyncio.run(run())
    assert len(seen) == PART_CONCURRENCY < len(parts)  # those in flight when the first failed; no more


# -- merge rules, one by one ------------------------------------------------------------------------


def span(start: int, end: int) -> Span:
    return Span(start=start, end=end)


def actor(name: str, *aliases: str, kind: str = "person", at: int = 0) -> Actor:
    return Actor.model_validate(
        {
            "name": name,
            "aliases": list(aliases),
            "kind": kind,
            "span": span(at, at + len(name)),
            "status": "exact",
        }
    )


def quote(start: int, end: int, speaker: str | None = None) -> Quote:
    found: SpeakerFound = "named" if speaker else "none"
    return Quote(
        text=f"q{start}-{end}", speaker=speaker, speaker_found=found, span=span(start, end), status="exact"
    )


def test_actors_joined_through_a_newcomer_become_one_under_the_fullest_name() -> None:
    merged = merge_actors(
        [
            [actor("Kim", at=5), actor("Kim Jong Un", "Supreme Leader", at=1)],
            [actor("Kim Jong Un", "Kim", at=9)],
        ]
    )
    assert [(a.name, a.aliases, a.span.start) for a in merged] == [
        ("Kim Jong Un", ["Kim", "Supreme Leader"], 1)
    ]


def test_a_surname_joins_a_person_but_not_a_place() -> None:
    people = merge_actors([[actor("Putin")], [actor("Vladimir Putin")]])
    assert [(a.name, a.aliases) for a in people] == [("Vladimir Putin", ["Putin"])]
    places = merge_actors([[actor("Korea", kind="country")], [actor("North Korea", kind="country")]])
    assert [a.name for a in places] == ["Korea", "North Korea"]


def test_a_quote_inside_a_longer_one_is_the_longer_one_and_a_speaker_beats_none() -> None:
    merged = merge_quotes([[quote(10, 20), quote(50, 60)], [quote(5, 30), quote(50, 60, "Kirby")]])
    assert [(q.span.start, q.span.end, q.speaker) for q in merged] == [(5, 30, None), (50, 60, "Kirby")]


def test_figures_are_one_per_span_and_disagreeing_ones_are_grouped() -> None:
    def number(text: str, start: int, counts: str | None) -> KeyNumber:
        value = float(text.replace(",", ""))
        where = span(start, start + 3)
        return KeyNumber(text=text, value=value, counts=counts, span=where, sentence=where, status="exact")

    first = [number("6,000", 10, "Artillery systems"), number("40", 20, None)]
    second = [
        number("6,000", 10, "artillery"),
        number("6,500", 90, "artillery systems"),
        number("12", 30, None),
    ]
    merged = merge_numbers([first, second])
    assert [n.span.start for n in merged] == [10, 90, 20, 30]
    assert [[n.text for n in same] for same in conflicting_figures(merged)] == [["6,000", "6,500"]]


def test_overview_notes_drop_key_points_before_they_overflow_the_budget() -> None:
    part = Brief.model_validate(
        {
            "title": "T",
            "summary": "S.",
            "key_points": [{"text": f"point {i} " + "word " * 20, "support": "uncited"} for i in range(5)],
            "actors": [],
            "numbers": [],
            "quotes": [],
            "uncertainties": [],
            "verification": {},
            "source": {"path": None, "sha256": "x", "media_type": "text/plain", "characters": 1},
            "provenance": {
                "model": "m",
                "server": "s",
                "mode": "json",
                "prompt_id": "p",
                "prompt_sha256": "h",
                "attempts": 1,
                "tokens_in": 1,
                "tokens_out": 1,
                "duration_s": 0.0,
                "summarizer_version": "0",
                "created_at": "now",
            },
        }
    )
    generous = overview_notes([part, part], 10_000)
    assert generous.count("- point") == 10
    tight = overview_notes([part, part], 80)
    assert tight.count("- point") == 2 and estimate_tokens(tight) <= 80
    assert overview_notes([part, part], 10).count("point") == 0


def test_a_document_within_the_budget_is_one_call_over_the_whole_cleaned_text() -> None:
    model = ScriptedModel()
    source = SEED_2.read_text(encoding="utf-8")
    with summarize_with(model) as summarizer:
        brief = summarizer.summarize(source)
    assert model.parts_seen == [clean_text(source).text] and not model.overview_notes
    assert brief.provenance.parts == 1 and brief.provenance.attempts == 1
    assert brief.title == "A convoy"  # the draft's own words: no overview call for one part
