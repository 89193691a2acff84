"""Batch mechanics over real sockets: the real openai client against the fault-injection server."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from pathlib import Path

import pytest

import summarizer
from summarizer.batch._cost import Price
from summarizer.batch._run import BatchOptions
from summarizer.brief import Brief
from summarizer.settings import Settings
from summarizer.transports._retrying import RetryPolicy
from tests.batch_support import FAST, MODEL, FolderRuns, calls_for, manifest_lines, write_documents
from tests.fault_server import FaultServer


def folder_runs_on(server: FaultServer) -> FolderRuns:
    return FolderRuns(MODEL, base_url=server.base_url, api_key="test-key", settings=FAST)


PINNED_FAILURES = {
    "pinned/truncated.txt": ("Pinned truncated answer\n\nText [[fault:truncated]].\n", "OutputTruncated"),
    "pinned/empty.txt": ("Pinned empty choices\n\nText [[fault:empty_choices]].\n", "EmptyChoices"),
    "pinned/always503.txt": ("Pinned always 503\n\nText [[fault:503]].\n", "ServiceUnavailable"),
    "pinned/garbage.txt": ("Pinned invalid JSON\n\nText [[fault:invalid_json]].\n", "DraftInvalid"),
}


def test_two_hundred_documents_under_faults_end_ok_or_failed_and_rerun_pays_nothing(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    plan = fault_server.plan
    plan.latency, plan.rate_429, plan.rate_500, plan.rate_invalid_json = 0.005, 0.10, 0.05, 0.02
    plan.rate_timeout, plan.timeout_sleep = 0.01, 0.7
    docs, out = tmp_path / "docs", tmp_path / "out"
    texts = write_documents(docs, 200)
    for relative, (text, _) in PINNED_FAILURES.items():
        (docs / relative).parent.mkdir(exist_ok=True)
        (docs / relative).write_text(text)

    llm = folder_runs_on(fault_server)
    report = llm.batch([docs], out, BatchOptions(concurrency=24))

    # Every input has exactly one result and one manifest row; nothing is missing or doubled.
    assert report.total == 204 and len(report.results) == 204
    rows = manifest_lines(out)
    assert sorted(r["path"] for r in rows) == sorted([*texts, *PINNED_FAILURES])
    by_path = {r["path"]: r for r in rows}
    # Faults were really injected, and retried or re-asked away.
    assert fault_server.log.outcomes["429"] > 5 and fault_server.log.outcomes["500"] > 2
    assert all(by_path[p]["status"] == "ok" for p in texts), [
        by_path[p] for p in texts if by_path[p]["error"]
    ]
    for relative, (_, error) in PINNED_FAILURES.items():
        assert by_path[relative]["status"] == "failed"
        assert by_path[relative]["error"] == error and by_path[relative]["message"]
    # Each ok row has its brief, whole and about the right document.
    for relative in texts:
        brief = Brief.model_validate_json((out / f"{relative}.json").read_text())
        assert brief.source.sha256 == by_path[relative]["sha256"]
        assert by_path[relative]["tokens_in"] > 0 and by_path[relative]["requests"] >= 1
    assert not list(out.rglob("*.tmp")) and not (out / "pinned" / "truncated.txt.json").exists()
    retried = [r for r in rows if r["status"] == "ok" and r["requests"] > r["completions"]]
    assert retried, "some documents should show HTTP retries in their requests"

    # The re-run calls nothing for the ok ones, and tries every failed one again.
    before = {relative: calls_for(fault_server, text) for relative, text in texts.items()}
    pinned_before = calls_for(fault_server, PINNED_FAILURES["pinned/truncated.txt"][0])
    llm = folder_runs_on(fault_server)
    again = llm.batch([docs], out, BatchOptions(concurrency=24))
    assert {relative: calls_for(fault_server, text) for relative, text in texts.items()} == before
    assert calls_for(fault_server, PINNED_FAILURES["pinned/truncated.txt"][0]) == pinned_before + 1
    assert again.count("skipped") == 200 and again.count("failed") == 4
    assert all(r.cached for r in again.results if r.status == "skipped")
    assert len(manifest_lines(out)) == 204


def test_retries_and_reasks_are_counted_in_the_documents_tokens(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    docs.mkdir()
    (docs / "plain.txt").write_text("Plain report\n\nNothing odd happens here.\n")
    (docs / "limited.txt").write_text("Limited report\n\nTwo 429s first [[fault:429x2]].\n")
    (docs / "reasked.txt").write_text("Reasked report\n\nOne bad draft first [[fault:invalid_jsonx1]].\n")
    llm = folder_runs_on(fault_server)
    report = llm.batch([docs], out)
    rows = {r.path: r for r in report.results}
    assert [r.status for r in report.results] == ["ok", "ok", "ok"]
    assert (rows["plain.txt"].requests, rows["plain.txt"].completions) == (1, 1)
    assert (rows["limited.txt"].requests, rows["limited.txt"].completions) == (3, 1)
    assert (rows["reasked.txt"].requests, rows["reasked.txt"].completions) == (2, 2)
    # The re-ask sends the whole prompt again: about twice the input tokens of a single call.
    assert rows["reasked.txt"].tokens_in > 1.8 * rows["plain.txt"].tokens_in


def test_changed_input_or_settings_redo_only_what_changed_and_force_redoes_all(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    texts = write_documents(docs, 6)
    llm = folder_runs_on(fault_server)
    llm.batch([docs], out)
    changed = "g1/doc001.txt"
    (docs / changed).write_text("Harbour report 1 rewritten\n\nA new text.\n")
    second = llm.batch([docs], out)
    assert [r.path for r in second.results if r.status == "ok"] == [changed]
    forced = llm.batch([docs], out, BatchOptions(force=True))
    assert forced.count("ok") == 6
    other = FolderRuns("other-model", base_url=fault_server.base_url, api_key="k", settings=FAST)
    assert other.batch([docs], out).count("ok") == 6  # the model is part of the fingerprint
    smaller_parts = replace(FAST, context_tokens=FAST.context_tokens // 2)
    other = FolderRuns("other-model", base_url=fault_server.base_url, api_key="k", settings=smaller_parts)
    assert other.batch([docs], out).count("ok") == 6  # so is the context budget
    assert calls_for(fault_server, texts["g0/doc000.txt"]) == 4


def test_markdown_asked_for_later_is_rendered_from_the_stored_brief(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_documents(docs, 3)
    llm = folder_runs_on(fault_server)
    llm.batch([docs], out)
    calls = fault_server.log.calls
    report = llm.batch([docs], out, BatchOptions(formats=("json", "md")))
    assert fault_server.log.calls == calls and report.count("skipped") == 3
    assert (out / "g0" / "doc000.txt.md").read_text().startswith("# Harbour report 0 from Porto")


def test_a_brief_whose_row_was_lost_is_recovered_not_paid_again(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_documents(docs, 4)
    llm = folder_runs_on(fault_server)
    llm.batch([docs], out)
    # A crash between the brief's rename and its row's append: the brief is there, the row is not,
    # and the crash tore the last line.
    rows = (out / "manifest.jsonl").read_text().splitlines()
    kept = [r for r in rows if '"g2/doc002.txt"' not in r]
    (out / "manifest.jsonl").write_text("\n".join(kept) + "\n" + kept[-1][:40])
    calls = fault_server.log.calls
    report = llm.batch([docs], out)
    assert fault_server.log.calls == calls and report.count("skipped") == 4
    assert sorted(r["path"] for r in manifest_lines(out)) == sorted(r.path for r in report.results)


def test_max_cost_stops_starting_documents_and_a_rerun_finishes_them(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_documents(docs, 10)
    prices = {MODEL: Price(1000.0, 1000.0)}  # dollars per million: a document costs under $1
    capped = BatchOptions(concurrency=1, max_cost=5.0, prices=prices)
    llm = folder_runs_on(fault_server)
    report = llm.batch([docs], out, capped)
    assert report.cost is not None and 0 < report.cost <= 5.0
    assert 1 <= report.count("ok") < 10
    not_started = [r for r in report.results if r.error == "NotStarted"]
    assert len(not_started) == 10 - report.count("ok") and not report.all_ok
    assert "max-cost" in (not_started[0].message or "")
    rest = llm.batch([docs], out, BatchOptions(prices=prices))
    assert rest.count("ok") == len(not_started) and rest.all_ok


def test_max_cost_without_a_price_is_a_configuration_error(fault_server: FaultServer, tmp_path: Path) -> None:
    write_documents(tmp_path / "docs", 1)
    llm = folder_runs_on(fault_server)
    with pytest.raises(summarizer.ConfigError, match="--price"):
        llm.batch([tmp_path / "docs"], tmp_path / "out", BatchOptions(max_cost=1.0))


def test_summarize_folder_works_from_async_code(fault_server: FaultServer, tmp_path: Path) -> None:
    """A notebook or an async program already runs an event loop: the batch runs beside it."""
    write_documents(tmp_path / "docs", 3)

    async def from_async_code() -> summarizer.BatchReport:
        return summarizer.summarize_folder(
            tmp_path / "docs", tmp_path / "out", MODEL, base_url=fault_server.base_url, settings=FAST
        )

    report = asyncio.run(from_async_code())
    assert report.all_ok and report.count("ok") == 3


def test_summarize_folder_takes_one_folder_or_a_list(fault_server: FaultServer, tmp_path: Path) -> None:
    write_documents(tmp_path / "docs", 5)
    report = summarizer.summarize_folder(
        str(tmp_path / "docs"), tmp_path / "out", MODEL, base_url=fault_server.base_url,
        api_key="k", settings=FAST, options=BatchOptions(concurrency=2),
    )  # fmt: skip
    assert report.all_ok and [r.status for r in report.results] == ["ok"] * 5
    sync = summarizer.summarize_folder(
        [tmp_path / "docs"], tmp_path / "out", model=MODEL, base_url=fault_server.base_url, settings=FAST
    )
    assert sync.count("skipped") == 5
    row = json.loads((tmp_path / "out" / "manifest.jsonl").read_text().splitlines()[0])
    assert row["settings"]["model"] == MODEL and row["settings"]["schema_version"] == "2"


def test_a_429_pauses_every_request_of_the_batch(fault_server: FaultServer, tmp_path: Path) -> None:
    """Shared backoff: after one document's 429 the other workers wait too, instead of each finding out."""
    fault_server.plan.retry_after, fault_server.plan.latency = 0.4, 0.05
    docs, out = tmp_path / "docs", tmp_path / "out"
    docs.mkdir()
    (docs / "a.txt").write_text("First report\n\nRate limited once [[fault:429x1]].\n")
    write_documents(docs / "more", 9)
    policy = RetryPolicy(initial_wait=0.01, max_wait=0.05, max_retry_after=0.4)
    settings = Settings(timeout_s=2.0, retry_policy=policy)
    llm = FolderRuns(MODEL, base_url=fault_server.base_url, api_key="k", settings=settings)
    report = llm.batch([docs], out, BatchOptions(concurrency=4))
    assert report.all_ok
    arrivals = fault_server.log.arrivals
    limited_at = next(t for t, _, outcome in arrivals if outcome == "429")
    # Requests already on the wire when the 429 came back were answered; no new one went out
    # until the pause the 429 asked for was over (less a margin for the 50 ms latency).
    during_pause = [key for t, key, _ in arrivals if limited_at + 0.06 < t < limited_at + 0.35]
    assert during_pause == []
    assert len([t for t, _, _ in arrivals if t >= limited_at + 0.35]) >= 6


def test_a_refused_key_stops_the_batch_instead_of_failing_every_document(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Refused report\n\nThe key is refused [[fault:401]].\n")
    write_documents(docs / "more", 5)
    llm = folder_runs_on(fault_server)
    report = llm.batch([docs], tmp_path / "out", BatchOptions(concurrency=1))
    assert [(r.status, r.error) for r in report.results] == [("failed", "AuthenticationFailed")] + [
        ("skipped", "NotStarted")
    ] * 5
    assert fault_server.log.calls == 1 and not report.all_ok


def test_requests_per_minute_limit_spreads_the_calls(fault_server: FaultServer, tmp_path: Path) -> None:
    write_documents(tmp_path / "docs", 20)
    options = BatchOptions(concurrency=20, requests_per_minute=600)
    llm = folder_runs_on(fault_server)
    report = llm.batch([tmp_path / "docs"], tmp_path / "out", options)
    assert report.all_ok
    arrivals = [t for t, _, _ in fault_server.log.arrivals]
    # 10 a second with a bucket of 10: ten at once, the other ten over the next second (unlimited, all
    # twenty arrive within about 0.1 s). The margin absorbs the first call's connection set-up.
    assert arrivals[-1] - arrivals[0] >= 0.7
