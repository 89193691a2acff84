"""One flow, two shells: `summarize` and `asummarize` give the same brief (or the same error) on every
recording, and the real recordings replay to the briefs stored in tests/data/briefs, byte for byte
apart from when they were made and how long they took."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from summarizer.brief import Brief
from summarizer.errors import SummarizerError
from summarizer.rendering import to_json
from summarizer.service import Summarizer
from summarizer.settings import Settings
from summarizer.transports import RetryPolicy
from tests.conftest import RECORDINGS, ROOT, SEED_1, SEED_2

NO_WAIT = RetryPolicy(sleep=lambda _: None)
INJECTED = ROOT / "tests" / "data" / "seed1-injected.txt"
BRIEFS = ROOT / "tests" / "data" / "briefs"
# recordings folder, document, context budget, the stored brief it must replay to (None: no brief)
CASES = [
    ("seeds", SEED_1, None, "seeds-000.json"),
    ("seeds", SEED_2, None, "seeds-002.json"),
    ("long-seed2", SEED_2, 400, "long-seed2-002.json"),
    ("injection", INJECTED, None, "injection-seed1.json"),
    *[
        (f"scripted/{case}", SEED_1, None, None)
        for case in ("empty_choices", "invalid_json_then_ok", "rate_limited_then_ok", "refusal", "truncated")
    ],
]
# What differs between two runs of the same recording: when the brief was made and how long it took.
RUN_FIELDS = ('"created_at"', '"duration_s"')


def _settings(context_tokens: int | None) -> Settings:
    if context_tokens is None:
        return Settings(retry_policy=NO_WAIT)
    return Settings(retry_policy=NO_WAIT, context_tokens=context_tokens)


def _stable(brief: Brief) -> str:
    return "\n".join(line for line in to_json(brief).splitlines() if not line.strip().startswith(RUN_FIELDS))


def _sync(folder: str, path: Path, context_tokens: int | None) -> str:
    try:
        with Summarizer(replay=RECORDINGS / folder, settings=_settings(context_tokens)) as summarizer:
            return _stable(summarizer.summarize(path))
    except SummarizerError as err:
        return f"{type(err).__name__}: {err}"


def _async(folder: str, path: Path, context_tokens: int | None) -> str:
    async def run() -> str:
        async with Summarizer(replay=RECORDINGS / folder, settings=_settings(context_tokens)) as summarizer:
            return _stable(await summarizer.asummarize(path))

    try:
        return asyncio.run(run())
    except SummarizerError as err:
        return f"{type(err).__name__}: {err}"


@pytest.mark.parametrize(("folder", "path", "context_tokens", "stored"), CASES)
def test_sync_and_async_shells_give_the_same_outcome(
    folder: str, path: Path, context_tokens: int | None, stored: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # the stored briefs name their documents as `summarizer brief` run there does
    path = path.relative_to(ROOT)
    sync = _sync(folder, path, context_tokens)
    assert sync == _async(folder, path, context_tokens)
    if stored is None:
        return
    expected = (BRIEFS / stored).read_text(encoding="utf-8")
    assert sync == "\n".join(
        line for line in expected.splitlines() if not line.strip().startswith(RUN_FIELDS)
    )
