"""summarizer: documents in, verified briefs out.

    import summarizer
    brief = summarizer.summarize("article.txt", model="gpt-4o-mini")
    with summarizer.Summarizer(replay="tests/recordings/seeds") as s:
        brief = s.summarize("seeds/002_bfba90a4a23af3df.txt")
    report = summarizer.summarize_folder("docs/", "briefs/", model="gpt-4o-mini")

The packages, in the order a document meets them:

    reading/          bytes to the reference text, then the cleaned text the model sees
    evidence/         sentences, quotes and their speakers, figures, cues: found locally, before any call
    drafting/         the prompt, the markers, the draft the model writes by reference, the call itself
    grounding/        every reference checked against the evidence, once, after the call
    long_documents/   past the context budget: parts, then one brief merged from theirs
    transports/       HTTP under the openai client: retries, record and replay
    rendering/        JSON, Markdown and HTML; what `summarizer extract` shows
    service.py        the flow of one document, step by step (`Summarizer`)
    batch/            many documents: `summarize_folder`
    server/           `summarizer serve`: the HTTP API, its queue and its web page
    cli.py            the `summarizer` command, flags only

The LLM stack (openai, instructor) loads on first use of `Summarizer`, `summarize` or
`summarize_folder`, so importing the package, and running `summarizer --help`, stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

from summarizer._lazy import lazy_names as _lazy_names
from summarizer._lazy import report_as as _report_as
from summarizer._version import __version__
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

if TYPE_CHECKING:
    from pathlib import Path

    from summarizer.batch import BatchOptions, BatchReport, DocumentResult, summarize_folder
    from summarizer.reading import SourceDocument
    from summarizer.service import Summarizer
    from summarizer.settings import Overrides, Settings

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
    "brief_json_schema",
    "summarize",
    "summarize_folder",
]


def summarize(
    source: str | Path | SourceDocument, model: str | None = None, **overrides: Unpack[Overrides]
) -> Brief:
    """One document (a path, "-" for stdin, or the text itself) to a verified brief."""
    from summarizer.service import Summarizer

    with Summarizer(model, **overrides) as summarizer:
        return summarizer.summarize(source)


# Loaded on first use: these pull in openai and instructor, which `import summarizer` must not.
_LAZY = {
    "BatchOptions": "summarizer.batch",
    "BatchReport": "summarizer.batch",
    "DocumentResult": "summarizer.batch",
    "summarize_folder": "summarizer.batch",
    "Settings": "summarizer.settings",
    "Summarizer": "summarizer.service",
}


__getattr__ = _lazy_names(globals(), _LAZY, report_as_ours=True)
for _name in __all__:
    if _name not in _LAZY:
        _report_as(globals()[_name], __name__)
