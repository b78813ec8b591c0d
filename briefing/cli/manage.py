"""Commands that look after local state (the cache of briefings, the embedded model) and print
the JSON contract (schema)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from briefing.cli import app
from briefing.cli.common import Quiet, errors, feedback, write_stdout

if TYPE_CHECKING:
    from pydantic import BaseModel

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


# The published documents, by the name `briefing schema` takes.
SCHEMAS = ("briefing", "digest")


@app.command()
def schema(
    name: Annotated[
        str, typer.Argument(help="Which document: briefing (-f json) or digest (digest -f json).")
    ] = "briefing",
) -> None:
    """Print the JSON Schema of the published briefing or digest JSON."""
    with errors():
        import json

        from briefing.errors import UsageError

        model: type[BaseModel]
        if name == "briefing":
            from briefing.models import Briefing

            model = Briefing
        elif name == "digest":
            from briefing.brief.digest import Digest

            model = Digest
        else:
            raise UsageError(f"schema {name!r}: use one of {', '.join(SCHEMAS)}")
        write_stdout(json.dumps(model.model_json_schema(), indent=2) + "\n")
