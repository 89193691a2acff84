"""Shared test setup: every test runs with a clean environment and no network credentials."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fault_server import FaultPlan, FaultServer

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_1 = SEEDS / "000_c06b8918ef9a6c16.txt"
SEED_2 = SEEDS / "002_bfba90a4a23af3df.txt"
RECORDINGS = ROOT / "tests" / "recordings"


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test may see the developer's key, server or model, or write outside its tmp dir."""
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "OPENAI_ORG_ID",
        "OPENAI_PROJECT_ID",
        "SUMMARIZER_MODEL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    """An OpenAI-compatible server on loopback with no faults; tests set `server.plan` fields first."""
    with FaultServer(FaultPlan()) as server:
        yield server
