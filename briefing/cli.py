"""Typer commands only: parse, build settings, call the pipeline, map errors to exit codes."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer

from . import __version__
from .errors import EXIT_INTERNAL, BriefingError

app = typer.Typer(
    help="Turn news articles into grounded, structured briefings.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
model_app = typer.Typer(
    help="The embedded model (offline default).", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(model_app, name="model")


class Format(StrEnum):
    md = "md"
    html = "html"
    text = "text"
    json = "json"


class Backend(StrEnum):
    auto = "auto"
    openai = "openai"
    local = "local"


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def _errors() -> Iterator[None]:
    """Map every BriefingError to one stderr line and its exit code."""
    try:
        yield
    except BriefingError as exc:
        _fail(exc.message, exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except OSError as exc:
        _fail(f"{exc.filename or 'I/O'}: {exc.strerror or exc}", EXIT_INTERNAL)


@contextmanager
def _feedback(
    quiet: bool,
) -> Iterator[tuple[Callable[[str], None], Callable[[int], None], Callable[[int, int], None]]]:
    """Progress on stderr when it is a terminal; silent callbacks otherwise (cron, pipes)."""
    if quiet or not sys.stderr.isatty():
        yield (lambda _s: None), (lambda _n: None), (lambda _a, _b: None)
        return
    from rich.console import Console

    console = Console(stderr=True)
    state = {"stage": "starting", "tokens": 0}
    with console.status("starting") as status:

        def stage(name: str) -> None:
            state["stage"], state["tokens"] = name, 0
            status.update(f"{name}…")

        def tokens(n: int) -> None:
            state["tokens"] = n
            status.update(f"{state['stage']}… {n} tokens")

        def assembling(done: int, total: int) -> None:
            status.update(f"assembling model… {100 * done // total}%")

        yield stage, tokens, assembling


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefing {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Turn news articles into grounded, structured briefings."""


@app.command()
def generate(
    source: Annotated[str, typer.Argument(help="Article file, or - for stdin.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.md,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write here (atomically) instead of stdout."),
    ] = None,
    backend: Annotated[
        Backend | None,
        typer.Option(
            help="auto: openai when a key or base URL is configured, else the embedded model.",
            envvar="BRIEFING_BACKEND",
        ),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="Model name on the server.", envvar="BRIEFING_MODEL")
    ] = None,
    base_url: Annotated[
        str | None, typer.Option(help="OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1.")
    ] = None,
    timeout: Annotated[
        float | None, typer.Option(help="Seconds the whole run may take against a server.")
    ] = None,
    max_attempts: Annotated[
        int, typer.Option(min=1, max=10, help="Answers to try before giving up.")
    ] = 3,
    language: Annotated[str, typer.Option(help="Language of the briefing.")] = "English",
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD, to resolve 'Monday' to a date.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
) -> None:
    """Brief one article: Markdown to stdout by default."""
    with _errors():
        from . import config, sources
        from .dates import parse_iso
        from .errors import UsageError

        if published and parse_iso(published) is None:
            raise UsageError(f"--published {published!r}: use the form YYYY-MM-DD")
        settings = config.resolve(
            backend=backend.value if backend else None,
            model=model,
            base_url=base_url,
            timeout=timeout,
        )
        if output:
            from .deliver import check_target

            check_target(output)  # before the model runs: a typo must not waste a generation
        article = sources.load(source, published=published)
        text = _brief(article, settings, fmt.value, max_attempts, language, quiet)
        if output:
            from .deliver import write_atomic

            write_atomic(output, text)
        else:
            sys.stdout.write(text)
            sys.stdout.flush()


def _brief(
    article: Any, settings: Any, fmt: str, max_attempts: int, language: str, quiet: bool
) -> str:
    from . import pipeline, render
    from .llm.factory import make_client

    with _feedback(quiet) as (stage, tokens, assembling):
        client = make_client(settings, stage=stage, progress=assembling)
        briefing = pipeline.generate(
            article,
            client=client,
            options=pipeline.Options(max_attempts=max_attempts, language=language),
            stage=stage,
            on_token=tokens,
        )
    return render.render(briefing, fmt)


@app.command("eval")
def evaluate(
    folder: Annotated[str, typer.Argument(help="Folder of NAME.txt + NAME.gold.json files.")],
    out: Annotated[str, typer.Option(help="Where briefings and report.json go.")] = "eval-out",
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON report.")] = False,
    only: Annotated[
        str | None, typer.Option(help="Only articles whose name contains this.")
    ] = None,
    backend: Annotated[Backend | None, typer.Option(envvar="BRIEFING_BACKEND")] = None,
    model: Annotated[str | None, typer.Option(envvar="BRIEFING_MODEL")] = None,
    base_url: Annotated[str | None, typer.Option()] = None,
    timeout: Annotated[float | None, typer.Option()] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Measure quotes, attribution, speakers and non-actors against gold annotations."""
    with _errors():
        import json
        from pathlib import Path

        from . import config
        from . import evaluate as ev
        from .deliver import write_atomic
        from .errors import UsageError
        from .llm.factory import make_client

        source = Path(folder)
        if not source.is_dir() or not any(source.glob("*.gold.json")):
            raise UsageError(f"{folder}: no NAME.gold.json files in this folder")
        settings = config.resolve(
            backend=backend.value if backend else None,
            model=model,
            base_url=base_url,
            timeout=timeout,
        )
        with _feedback(quiet) as (stage, _tokens, assembling):
            client = make_client(settings, stage=stage, progress=assembling)
            scores = ev.run(source, client=client, out=Path(out), only=only)
        rep = ev.report(scores)
        write_atomic(Path(out) / "report.json", json.dumps(rep, indent=2) + "\n")
        typer.echo(json.dumps(rep, indent=2) if as_json else ev.format_lines(scores), nl=as_json)


@model_app.command("install")
def model_install(
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Assemble and verify the embedded model in the user cache (done on first use anyway)."""
    with _errors(), _feedback(quiet) as (_stage, _tokens, assembling):
        from .llm.model_files import ensure_model

        path = ensure_model(progress=assembling)
    typer.echo(str(path))


@model_app.command("path")
def model_path() -> None:
    """Print where the embedded model is (or will be) assembled."""
    from .llm.model_files import model_path as where

    typer.echo(str(where()))


def main() -> None:
    """Console entry point."""
    try:
        app()
    except SystemExit:
        raise
    except Exception as exc:  # a bug: say so in one line, keep the traceback for -v users later
        typer.echo(
            f"Error: internal error ({type(exc).__name__}: {exc}); please report it", err=True
        )
        sys.exit(EXIT_INTERNAL)
