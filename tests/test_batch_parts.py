"""The batch's parts on their own: the walk, the manifest, prices and budget, rate limits, shared pause."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import httpx2
import pytest

from summarizer.batch._cost import Budget, Price, parse_price, price_for
from summarizer.batch._manifest import DocumentResult, ManifestWriter, read_manifest, write_manifest
from summarizer.batch._ratelimit import RateLimit, estimated_tokens
from summarizer.batch._walk import WalkFilter, find_inputs
from summarizer.errors import ConfigError
from summarizer.transports._retrying import RetryingTransport, RetryPolicy

# -- walk -----------------------------------------------------------------------------------------


def make_tree(root: Path) -> None:
    for relative in (
        "a.txt",
        "b.md",
        "sub/c.txt",
        "sub/deep/d.html",
        ".hidden.txt",
        ".git/config",
        "sub/.e.txt",
    ):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(f"text of {relative}\n")


def relatives(sources: list[str | Path], walk_filter: WalkFilter | None = None) -> list[str]:
    return [found.relative for found in find_inputs(sources, walk_filter)]


def test_walk_is_recursive_and_skips_hidden_files_and_folders(tmp_path: Path) -> None:
    make_tree(tmp_path)
    assert relatives([tmp_path]) == ["a.txt", "b.md", "sub/c.txt", "sub/deep/d.html"]


def test_walk_include_and_exclude_globs(tmp_path: Path) -> None:
    make_tree(tmp_path)
    assert relatives([tmp_path], WalkFilter(include=("*.txt",))) == ["a.txt", "sub/c.txt"]
    assert relatives([tmp_path], WalkFilter(exclude=("sub/*",))) == ["a.txt", "b.md"]
    assert relatives([tmp_path], WalkFilter(include=("**/*.txt",), exclude=("c.*",))) == ["a.txt"]


def test_walk_survives_symlink_loops_and_counts_linked_files_once(tmp_path: Path) -> None:
    make_tree(tmp_path)
    os.symlink(tmp_path, tmp_path / "sub" / "loop")  # sub/loop -> the root: a cycle
    os.symlink(tmp_path / "self", tmp_path / "self")  # a link to itself
    os.symlink(tmp_path / "a.txt", tmp_path / "z-link.txt")  # the same file twice
    assert relatives([tmp_path]) == ["a.txt", "b.md", "sub/c.txt", "sub/deep/d.html"]


def test_walk_files_and_globs_and_skips_the_output_folder(tmp_path: Path) -> None:
    make_tree(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.txt.json").write_text("{}")
    assert relatives([tmp_path / "a.txt", tmp_path / "sub" / "c.txt"]) == ["a.txt", "sub/c.txt"]
    assert relatives([str(tmp_path / "**" / "*.txt")]) == ["a.txt", "sub/c.txt"]
    assert "out/a.txt.json" not in relatives([tmp_path], WalkFilter(skip_dirs=(tmp_path / "out",)))
    with pytest.raises(ConfigError, match="no such file"):
        find_inputs([tmp_path / "missing"])


# -- manifest -------------------------------------------------------------------------------------


def test_manifest_tolerates_a_torn_last_line_and_the_last_row_wins(tmp_path: Path) -> None:
    path = tmp_path / "manifest.jsonl"
    writer = ManifestWriter(path)
    writer.append(DocumentResult(path="a.txt", status="failed", error="ServiceUnavailable"))
    writer.append(DocumentResult(path="b.txt", status="ok", sha256="b" * 64))
    writer.append(DocumentResult(path="a.txt", status="ok", sha256="a" * 64))
    writer.close()
    with path.open("ab") as handle:
        handle.write(b'{"path": "c.txt", "status": "o')  # a crash mid-line
    rows = read_manifest(path)
    assert {p: r.status for p, r in rows.items()} == {"a.txt": "ok", "b.txt": "ok"}
    write_manifest(path, rows)  # compaction: one whole line per document
    assert path.read_text().count("\n") == 2 and path.read_text().endswith("\n")
    assert read_manifest(tmp_path / "none.jsonl") == {}


# -- prices and budget ----------------------------------------------------------------------------


def test_prices_parse_override_and_match_dated_model_names() -> None:
    assert parse_price("my-model=0.5,1.5") == ("my-model", Price(0.5, 1.5))
    for bad in ("nope", "m=1", "m=a,b", "=1,2", "m=-1,2"):
        with pytest.raises(ConfigError):
            parse_price(bad)
    assert price_for("gpt-4o-mini-2024-07-18") == price_for("gpt-4o-mini")
    assert price_for("gpt-4o-mini", {"gpt-4o-mini": Price(9, 9)}) == Price(9, 9)
    assert price_for("local-llama") is None
    assert Price(1.0, 2.0).cost(1_000_000, 500_000) == pytest.approx(2.0)


def test_budget_reserves_in_flight_documents_and_refuses_past_the_cap() -> None:
    budget = Budget(Price(1000.0, 0.0), max_cost=5.5, max_tokens=0)  # $0.001 a token in, output free
    assert budget.projected(4000) == pytest.approx(1.6)  # 4000 chars / 4 plus a 600-token prompt
    assert budget.try_reserve("a", 4000) and budget.try_reserve("b", 4000) and budget.try_reserve("c", 4000)
    assert not budget.try_reserve("d", 4000)  # 4.8 reserved + 1.6 would pass 5.5
    assert budget.settle("a", 4000, 1100, 0) == pytest.approx(1.1)  # the prompt was only 100 tokens
    assert budget.projected(4000) == pytest.approx(1.1)  # ... and later projections learn that
    assert budget.try_reserve("d", 4000)  # 1.1 spent + 3.2 reserved + 1.1 fits under 5.5


def test_budget_without_a_price_cannot_cap() -> None:
    with pytest.raises(ConfigError, match="--price"):
        Budget(None, max_cost=1.0, max_tokens=100)
    assert Budget(None, None, 100).settle("a", 10, 10, 10) is None


# -- rate limits ----------------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_rate_limit_spreads_requests_over_the_minute() -> None:
    clock = FakeClock()
    limit = RateLimit(120, clock=clock, sleep=clock.sleep)  # two a second, a bucket of two

    async def take_ten() -> None:
        for _ in range(10):
            await limit.take(1)

    asyncio.run(take_ten())
    assert clock.now == pytest.approx(4.0)  # two at once, then one every half second


def test_a_request_bigger_than_the_bucket_waits_for_a_full_bucket_and_leaves_a_debt() -> None:
    clock = FakeClock()
    limit = RateLimit(600, clock=clock, sleep=clock.sleep)  # 10 a second, a bucket of 10

    async def take() -> None:
        await limit.take(25)  # bucket full: goes now, level -15
        await limit.take(5)  # waits for the debt and 5 more: 2 s

    asyncio.run(take())
    assert clock.slept == [pytest.approx(2.0)]


def test_estimated_tokens_count_the_prompt_and_the_answer_cap() -> None:
    body = b'{"messages": [{"role": "user", "content": "' + b"x" * 400 + b'"}], "max_tokens": 50}'
    request = httpx2.Request("POST", "http://llm.test/v1/chat/completions", content=body)
    assert estimated_tokens(request) == 100 + 50


# -- shared pause ---------------------------------------------------------------------------------


def test_one_429_holds_back_other_calls_through_the_same_transport() -> None:
    arrivals: dict[str, list[float]] = {"a": [], "b": []}

    def answer(request: httpx2.Request) -> httpx2.Response:
        name = request.url.path.strip("/")
        arrivals[name].append(time.monotonic())
        if name == "a" and len(arrivals["a"]) == 1:
            return httpx2.Response(429, headers={"retry-after": "0.3"})
        return httpx2.Response(200, json={})

    transport = RetryingTransport(httpx2.MockTransport(answer), RetryPolicy(max_retry_after=1.0))

    async def both() -> None:
        async with httpx2.AsyncClient(transport=transport, base_url="http://llm.test") as client:
            first = asyncio.create_task(client.get("/a"))
            await asyncio.sleep(0.05)  # b starts after a was told to slow down
            await asyncio.gather(first, client.get("/b"))

    asyncio.run(both())
    limited_at = arrivals["a"][0]
    assert arrivals["b"][0] - limited_at >= 0.28  # b waited out a's pause
    assert arrivals["a"][1] - limited_at >= 0.28 and len(arrivals["a"]) == 2


def test_a_manifest_row_from_before_requests_were_named_so_still_reads(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text('{"path": "a.txt", "status": "ok", "attempts": 3, "completions": 1}\n')
    row = read_manifest(manifest)["a.txt"]
    assert (row.requests, row.completions) == (3, 1)
