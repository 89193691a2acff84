"""The web page in a real browser: Debian's Chromium driven by Playwright (never a downloaded build).

Submits a seed, watches the job finish, and checks the brief beside its source: the title, at least
one highlighted item in the source, and every item listed in the brief. A screenshot is saved under
tests/artifacts/ (not tracked) and its path printed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RECORDINGS, ROOT, SEED_1
from tests.server_support import ServerProcess

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install -y chromium (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def test_a_seed_submitted_on_the_page_shows_its_brief_beside_the_highlighted_source(
    tmp_path: Path, browser: Any
) -> None:
    with ServerProcess(tmp_path, "--replay", str(RECORDINGS / "seeds")) as server:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(server.base_url + "/")
        page.fill("#text", SEED_1.read_text(encoding="utf-8"))
        page.click("#go")
        page.wait_for_selector("main.brief-view", timeout=30_000)

        brief = _brief_shown(server, page)
        title = page.inner_text("h1.brief-title")
        assert title == brief["title"].strip()
        marks = page.locator(".source mark:not(.removed)")
        assert marks.count() >= 1, "verified items are highlighted in the source"
        quotes = page.locator(".source mark.quote")
        assert quotes.count() >= min(1, len(brief["quotes"]))
        for quote in brief["quotes"]:
            assert quote["text"][:40] in page.inner_text(".source")
        listed = page.locator(".brief .item").count()
        assert listed == len(brief["quotes"]) + len(brief["actors"]) + len(brief["numbers"]) + len(
            brief["uncertainties"]
        )
        assert page.locator("ul.rejected li").count() == len(brief["verification"]["rejected"])
        assert "Done" in page.inner_text("#status")
        assert not errors, errors

        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "web-page-seed-000.png"
        page.screenshot(path=str(shot), full_page=True)
        shutil.copy(shot, tmp_path / shot.name)
        print(f"screenshot: {shot}")


def _brief_shown(server: ServerProcess, page: Any) -> dict[str, Any]:
    """The brief the page showed, from the API."""
    job_id = page.get_attribute("#result", "data-job")
    result: dict[str, Any] = server.client.get(f"/v1/jobs/{job_id}/brief").json()
    return result
