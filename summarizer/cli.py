"""The `summarizer` command: parses flags and calls the library, nothing more.

The LLM stack is imported inside the commands that need it, so `summarizer --help` stays fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from summarizer.errors import ConfigError, InputError, SummarizerError

app = typer.Typer(
    help="Turn documents into verified briefs.", no_args_is_help=True, add_completion=False
)

T = TypeVar("T")
EXIT_FAILED = 1
EXIT_USAGE = 2


class Format(str, Enum):
    json = "json"
    md = "md"


PathArg = Annotated[str, typer.Argument(help="A document, or - for stdin.")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")]


@app.command()
def brief(
    path: PathArg,
    output: OutputOpt = None,
    fmt: Annotated[Format, typer.Option("--format", help="json or md.")] = Format.json,
    model: Annotated[str | None, typer.Option(help="Model name [env: SUMMARIZER_MODEL].")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible API URL [env: OPENAI_BASE_URL].")] = None,
    mode: Annotated[str | None, typer.Option(help="json (default), json_schema, tools or md_json.")] = None,
    replay: Annotated[Path | None, typer.Option(help="Answer from recorded responses in DIR.")] = None,
    record: Annotated[Path | None, typer.Option(help="Record every response into DIR.")] = None,
) -> None:
    """Summarize one document into a verified brief. The key comes from OPENAI_API_KEY."""
    from summarizer.render import to_json, to_markdown
    from summarizer.service import Summarizer

    def run() -> str:
        with Summarizer(model, base_url=base_url, mode=mode, replay=replay, record=record) as summarizer:
            result = summarizer.summarize(Path(path) if path != "-" else path)
        return to_markdown(result) if fmt is Format.md else to_json(result)

    _emit(_guarded(run), output)


@app.command()
def extract(path: PathArg, output: OutputOpt = None) -> None:
    """Print the text the model will see: the document with site furniture removed."""
    from summarizer.clean import clean_text
    from summarizer.reader import read_document

    _emit(_guarded(lambda: clean_text(read_document(path).text).text + "\n"), output)


@app.command()
def schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema of a brief (v1)."""
    from summarizer.brief import brief_json_schema

    _emit(json.dumps(brief_json_schema(), indent=2) + "\n", output)


def _guarded(action: Callable[[], T]) -> T:
    try:
        return action()
    except (ConfigError, InputError) as err:
        _fail(err, EXIT_USAGE)
    except SummarizerError as err:
        _fail(err, EXIT_FAILED)


def _fail(err: SummarizerError, code: int) -> NoReturn:
    print(f"summarizer: error: {err}", file=sys.stderr)
    raise typer.Exit(code)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from summarizer.atomic import write_text_atomic

    write_text_atomic(output, text)


def main() -> None:
    app()
