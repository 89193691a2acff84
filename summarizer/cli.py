"""The `summarizer` command: parses flags and calls the library, nothing more.

The LLM stack is imported inside the commands that need it, so `summarizer --help` stays fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from summarizer.errors import AuthenticationFailed, ConfigError, InputError, SummarizerError

if TYPE_CHECKING:
    from summarizer.batch import BatchReport

app = typer.Typer(help="Turn documents into verified briefs.", no_args_is_help=True, add_completion=False)

T = TypeVar("T")
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_SOME_FAILED = 3  # batch: failed documents are in the manifest, the rest written
EXIT_INTERRUPTED = 130  # batch: stopped by Ctrl-C; finished briefs kept, run again to finish


MODE_HELP = "json (default), json_schema, tools, md_json, or llama_json (llama.cpp: the schema as a grammar)."


class Format(StrEnum):
    json = "json"
    md = "md"
    html = "html"


PathArg = Annotated[str, typer.Argument(help="A document, or - for stdin.")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")]


@app.command()
def brief(
    path: PathArg,
    output: OutputOpt = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="json, md, or html (evidence highlighted).")
    ] = Format.json,
    model: Annotated[str | None, typer.Option(help="Model name (env SUMMARIZER_MODEL).")] = None,
    base_url: Annotated[str | None, typer.Option(help="API URL (env OPENAI_BASE_URL).")] = None,
    api_key: Annotated[
        str | None, typer.Option(help="Prefer the env OPENAI_API_KEY: a flag shows in shell history.")
    ] = None,
    mode: Annotated[str | None, typer.Option(help=MODE_HELP)] = None,
    replay: Annotated[Path | None, typer.Option(help="Answer from recorded responses in DIR.")] = None,
    record: Annotated[Path | None, typer.Option(help="Record every response into DIR.")] = None,
    context_tokens: Annotated[
        int | None, typer.Option(min=1, help="Document tokens per call; longer documents go in parts.")
    ] = None,
) -> None:
    """Summarize one document into a verified brief. The key comes from OPENAI_API_KEY."""
    from summarizer.reading import read_document
    from summarizer.rendering import render
    from summarizer.service import Summarizer
    from summarizer.settings import Settings

    settings = Settings(context_tokens=context_tokens) if context_tokens else None
    _check_output(output, path)  # before the call is paid for, not after

    def run() -> str:
        document = read_document(path)  # read here once: the HTML page shows the text it came from
        with Summarizer(
            model,
            base_url=base_url,
            api_key=api_key,
            mode=mode,
            replay=replay,
            record=record,
            settings=settings,
        ) as summarizer:
            result = summarizer.summarize(document)
        return render(result, fmt.value, document.text)

    _emit(_guarded(run), output)


@app.command()
def extract(
    path: PathArg,
    output: OutputOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print what reading found instead.")] = False,
) -> None:
    """Print the text the model will see: the main text, without site furniture or markup.

    With --json: media type, encoding, title, author, date, URL, pages and the removed furniture, and the
    evidence: sentences, quotes with their speakers, numbers and hedging cues (spans into the file).
    """
    from summarizer.rendering import extract as extract_document

    _check_output(output, path)
    extraction = _guarded(lambda: extract_document(path))
    if as_json:
        _emit(json.dumps(extraction.metadata(), indent=2, ensure_ascii=False) + "\n", output)
    else:
        _emit(extraction.model_text + "\n", output)


@app.command()
def schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema of a brief (v1)."""
    from summarizer.brief import brief_json_schema

    _check_output(output)
    _emit(json.dumps(brief_json_schema(), indent=2) + "\n", output)


class BatchFormat(StrEnum):
    json = "json"
    md = "md"
    both = "both"


@app.command()
def batch(
    sources: Annotated[list[str], typer.Argument(help="Folders, files or globs (quote globs).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for briefs and manifest.jsonl.")],
    include: Annotated[list[str] | None, typer.Option(help="Only files matching a glob; repeatable.")] = None,
    exclude: Annotated[list[str] | None, typer.Option(help="Skip files matching a glob; repeatable.")] = None,
    concurrency: Annotated[int, typer.Option(min=1, help="Documents in flight at once.")] = 8,
    rpm: Annotated[float | None, typer.Option(min=0.001, help="Requests per minute, at most.")] = None,
    tpm: Annotated[float | None, typer.Option(min=0.001, help="Tokens per minute, at most.")] = None,
    force: Annotated[bool, typer.Option(help="Redo every document, even unchanged ones.")] = False,
    fmt: Annotated[BatchFormat, typer.Option("--format", help="json, md or both.")] = BatchFormat.json,
    max_cost: Annotated[float | None, typer.Option(min=0, help="USD cap on the estimate.")] = None,
    price: Annotated[list[str] | None, typer.Option(help="MODEL=IN,OUT in USD/1M tokens.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no closing table.")] = False,
    model: Annotated[str | None, typer.Option(help="Model name (env SUMMARIZER_MODEL).")] = None,
    base_url: Annotated[str | None, typer.Option(help="API URL (env OPENAI_BASE_URL).")] = None,
    mode: Annotated[str | None, typer.Option(help=MODE_HELP)] = None,
    replay: Annotated[Path | None, typer.Option(help="Answer from recorded responses in DIR.")] = None,
    record: Annotated[Path | None, typer.Option(help="Record every response into DIR.")] = None,
    wait: Annotated[bool, typer.Option(help="If another batch writes to OUTPUT, wait for it.")] = False,
    follow_symlinks: Annotated[
        bool, typer.Option(help="Follow symlinks that lead out of an input folder.")
    ] = False,
) -> None:
    """Summarize every document into OUTPUT, resumably. Exit 0: all ok; 3: some failed; 2: usage."""

    from summarizer.batch import BatchOptions, parse_price, print_summary, progress_for, summarize_folder

    formats = ("json", "md") if fmt is BatchFormat.both else (fmt.value,)
    options = _guarded(
        lambda: BatchOptions(
            include=tuple(include or ()), exclude=tuple(exclude or ()), concurrency=concurrency,
            requests_per_minute=rpm, tokens_per_minute=tpm, force=force, formats=formats,  # type: ignore[arg-type]
            max_cost=max_cost, prices=dict(parse_price(p) for p in price or ()), wait_for_lock=wait,
            follow_symlinks=follow_symlinks,
        )
    )  # fmt: skip
    progress = progress_for(sys.stderr, quiet=quiet)

    def run() -> BatchReport:
        return summarize_folder(
            sources, output, model, options=options, progress=progress,
            base_url=base_url, mode=mode, replay=replay, record=record,
        )  # fmt: skip

    try:
        report = _guarded(run)
    finally:
        progress.close()
    if not quiet:
        print_summary(report, sys.stderr)
    if report.halted:
        print(f"summarizer: stopped: {report.halted}; finished briefs are kept", file=sys.stderr)
    if report.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
    raise typer.Exit(EXIT_OK if report.all_ok else EXIT_SOME_FAILED)


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to bind; beyond loopback a bearer token is required.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    queue: Annotated[
        str | None,
        typer.Option(
            help="sqlite:///PATH (default ~/.local/state/summarizer/service.db) or redis://HOST:PORT/DB."
        ),
    ] = None,
    concurrency: Annotated[int, typer.Option(min=1, help="Documents summarized at once by the workers.")] = 8,
    token_file: Annotated[
        Path | None, typer.Option(help="Bearer tokens, one per line (also env SUMMARIZER_SERVER_TOKENS).")
    ] = None,
    token_concurrency: Annotated[int, typer.Option(min=1, help="Requests in flight per token.")] = 32,
    token_rpm: Annotated[float, typer.Option(min=0.001, help="Documents per minute per token.")] = 600.0,
    lease: Annotated[
        float, typer.Option(min=0.5, help="Seconds before a silent worker's job is resumed.")
    ] = 10.0,
    model: Annotated[str | None, typer.Option(help="Model name (env SUMMARIZER_MODEL).")] = None,
    base_url: Annotated[str | None, typer.Option(help="API URL (env OPENAI_BASE_URL).")] = None,
    mode: Annotated[str | None, typer.Option(help="json (default), json_schema, tools or md_json.")] = None,
    replay: Annotated[
        Path | None, typer.Option(help="Answer from recorded responses in DIR (offline demo).")
    ] = None,
    context_tokens: Annotated[
        int | None, typer.Option(min=1, help="Document tokens per call; longer documents go in parts.")
    ] = None,
) -> None:
    """Run the HTTP API and web page (needs the server extra). The key comes from OPENAI_API_KEY."""
    try:
        from summarizer.server.run import serve as run_server
    except ImportError as err:
        _fail(
            ConfigError(f"the server needs its extra: pip install 'summarizer[server]' ({err.name} missing)"),
            2,
        )
    from summarizer.server.config import ServerConfig, default_queue_url, load_tokens
    from summarizer.settings import Settings

    config = _guarded(
        lambda: ServerConfig(
            host=host, port=port, tokens=load_tokens(token_file), queue_url=queue or default_queue_url(),
            concurrency=concurrency, token_concurrency=token_concurrency, token_rpm=token_rpm, lease_s=lease,
        ).checked()
    )  # fmt: skip
    settings = Settings(context_tokens=context_tokens) if context_tokens else None
    _guarded(
        lambda: run_server(
            config, model=model, base_url=base_url, mode=mode, replay=replay, settings=settings
        )
    )


def _guarded(action: Callable[[], T]) -> T:
    try:
        return action()
    except (ConfigError, InputError, AuthenticationFailed) as err:  # a refused key is configuration too
        _fail(err, EXIT_USAGE)
    except SummarizerError as err:
        _fail(err, EXIT_FAILED)


def _fail(err: SummarizerError, code: int) -> NoReturn:
    print(f"summarizer: error: {err}", file=sys.stderr)
    raise typer.Exit(code)


def _check_output(output: Path | None, source: str | None = None) -> None:
    if output is not None:
        from summarizer._atomic import check_writable_file

        _guarded(lambda: check_writable_file(output, not_to_replace=Path(source) if source else None))


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from summarizer._atomic import write_text_atomic

    try:
        write_text_atomic(output, text)
    except OSError as err:  # checked before the work, but a disk fills and folders change meanwhile
        print(f"summarizer: error: cannot write {output}: {err.strerror or err}", file=sys.stderr)
        raise typer.Exit(EXIT_USAGE) from None


def main() -> None:
    app()
