"""summarizer: documents in, verified briefs out.

    import summarizer
    brief = summarizer.summarize("article.txt", model="gpt-4o-mini")
    with summarizer.Summarizer(replay="tests/recordings/seeds") as s:
        brief = s.summarize("seeds/002_bfba90a4a23af3df.txt")

The LLM stack (openai, instructor) loads on first use of `Summarizer` or `summarize`, so importing
the package, and running `summarizer --help`, stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from summarizer.brief import Brief, brief_json_schema
from summarizer.errors import (
    BinaryInput,
    ConfigError,
    EmptyInput,
    InputError,
    LLMError,
    RecordingMissing,
    SummarizerError,
    UnreadableInput,
    UnsupportedInput,
)

__version__ = "0.1.0"

if TYPE_CHECKING:
    from pathlib import Path

    from summarizer.reader import SourceDocument
    from summarizer.service import Summarizer
    from summarizer.settings import Settings

__all__ = [
    "BinaryInput",
    "Brief",
    "ConfigError",
    "EmptyInput",
    "InputError",
    "LLMError",
    "RecordingMissing",
    "Settings",
    "Summarizer",
    "SummarizerError",
    "UnreadableInput",
    "UnsupportedInput",
    "__version__",
    "brief_json_schema",
    "summarize",
]


def summarize(
    source: str | Path | SourceDocument,
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    mode: str | None = None,
    replay: str | Path | None = None,
) -> Brief:
    """One document (a path, "-" for stdin, or the text itself) to a verified brief."""
    from summarizer.service import Summarizer

    with Summarizer(model, base_url=base_url, api_key=api_key, mode=mode, replay=replay) as summarizer:
        return summarizer.summarize(source)


def __getattr__(name: str) -> Any:
    if name == "Summarizer":
        from summarizer.service import Summarizer

        return Summarizer
    if name == "Settings":
        from summarizer.settings import Settings

        return Settings
    raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
