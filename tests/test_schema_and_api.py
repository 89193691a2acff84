"""The public surface: the schema file, the package exports, import cost, packaging."""

from __future__ import annotations

import json
import subprocess
import sys

import summarizer
from summarizer.brief import brief_json_schema
from summarizer.drafting._prompts import DEFAULT_PROMPT_ID
from tests.conftest import ROOT


def test_schema_file_matches_the_models() -> None:
    on_disk = json.loads((ROOT / "schemas" / "brief.v2.schema.json").read_text(encoding="utf-8"))
    assert on_disk == brief_json_schema(), (
        "regenerate with: summarizer schema -o schemas/brief.v2.schema.json"
    )


def test_public_api_is_explicit() -> None:
    for name in summarizer.__all__:
        assert getattr(summarizer, name) is not None
    assert callable(summarizer.summarize) and isinstance(summarizer.Summarizer, type)


def _modules_loaded_by(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_import_and_help_do_not_load_the_llm_stack() -> None:
    heavy = {"openai", "instructor", "httpx2"}
    assert not heavy & _modules_loaded_by("import summarizer")
    code = (
        "import sys; sys.argv = ['summarizer', '--help']\n"
        "from summarizer.cli import app\ntry: app()\nexcept SystemExit: pass"
    )
    assert not heavy & _modules_loaded_by(code)


def test_wheel_carries_prompts_and_schemas(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A non-editable install works: prompts/ and schemas/ travel inside the package."""
    import zipfile

    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("summarizer-*.whl")
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    assert (site / "summarizer" / "prompts" / "brief.v3.md").is_file()
    assert (site / "summarizer" / "schemas" / "brief.v2.schema.json").is_file()
    code = "import summarizer.drafting._prompts as p; print(p.load_prompt().id, p.__file__)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.startswith(f"{DEFAULT_PROMPT_ID} {site}")
