"""Commands that look after local state: the cache of briefings and the embedded model."""

from __future__ import annotations

import typer

from briefing.cli import app
from briefing.cli.common import Quiet, errors, feedback

model_app = typer.Typer(
    help="The embedded model (offline default).", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(model_app, name="model")

cache_app = typer.Typer(help="The cache of briefings.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(cache_app, name="cache")


@cache_app.command("stats")
def cache_stats() -> None:
    """Entries and size of the briefing cache."""
    with errors():
        from briefing.ops.cache import Cache

        st = Cache().stats()
        typer.echo(f"{st['entries']} briefings, {st['bytes']} bytes in {st['path']}")


@cache_app.command("clear")
def cache_clear() -> None:
    """Delete every cached briefing."""
    with errors():
        from briefing.ops.cache import Cache

        typer.echo(f"removed {Cache().clear()} briefings")


@model_app.command("install")
def model_install(
    quiet: Quiet = False,
) -> None:
    """Assemble and verify the embedded model in the user cache (done on first use anyway)."""
    with errors(), feedback(quiet) as (_stage, _tokens, assembling):
        from briefing.llm.model_files import ensure_model

        path = ensure_model(progress=assembling)
    typer.echo(str(path))


@model_app.command("path")
def model_path() -> None:
    """Print where the embedded model is (or will be) assembled."""
    from briefing.llm.model_files import model_path as where

    typer.echo(str(where()))
