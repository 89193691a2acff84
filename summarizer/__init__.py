"""summarizer: documents in, verified briefs out.

    import summarizer
    brief = summarizer.summarize("article.txt", model="gpt-4o-mini")
    with summarizer.Summarizer(replay="tests/recordings/seeds") as s:
        brief = s.summarize("seeds/002_bfba90a4a23af3df.txt")
    report = summarizer.summarize_folder("docs/", "briefs/", model="gpt-4o-mini")

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
    from collections.abc import Sequence
    from pathlib import Path

    from summarizer.batch import BatchOptions, BatchProgress, BatchReport
    from summarizer.manifest import DocumentResult
    from summarizer.reader import SourceDocument
    from summarizer.service import Summarizer
    from summarizer.settings import Settings

__all__ = [
    "BatchOptions",
    "BatchReport",
    "BinaryInput",
    "Brief",
    "ConfigError",
    "DocumentResult",
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
    "asummarize_folder",
    "brief_json_schema",
    "summarize",
    "summarize_folder",
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


def summarize_folder(
    sources: str | Path | Sequence[str | Path],
    output: str | Path,
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    mode: str | None = None,
    replay: str | Path | None = None,
    settings: Settings | None = None,
    options: BatchOptions | None = None,
    progress: BatchProgress | None = None,
) -> BatchReport:
    """Every document in folders, files or globs to a brief under `output`, with a manifest.

    Re-running skips what is done; see `summarizer.batch`. From async code use `asummarize_folder`.
    """
    import asyncio

    return asyncio.run(
        asummarize_folder(
            sources,
            output,
            model=model,
            base_url=base_url,
            api_key=api_key,
            mode=mode,
            replay=replay,
            settings=settings,
            options=options,
            progress=progress,
        )
    )


async def asummarize_folder(
    sources: str | Path | Sequence[str | Path],
    output: str | Path,
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    mode: str | None = None,
    replay: str | Path | None = None,
    settings: Settings | None = None,
    options: BatchOptions | None = None,
    progress: BatchProgress | None = None,
) -> BatchReport:
    from pathlib import Path

    from summarizer.service import Summarizer

    listed = [sources] if isinstance(sources, str | Path) else list(sources)
    async with Summarizer(
        model, base_url=base_url, api_key=api_key, mode=mode, replay=replay, settings=settings
    ) as summarizer:
        return await summarizer.abatch(listed, Path(output), options, progress)


# Loaded on first use: these pull in openai and instructor, which `import summarizer` must not.
_LAZY = {
    "BatchOptions": "summarizer.batch",
    "BatchReport": "summarizer.batch",
    "DocumentResult": "summarizer.manifest",
    "Settings": "summarizer.settings",
    "Summarizer": "summarizer.service",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_LAZY[name]), name)
