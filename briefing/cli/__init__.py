"""Typer commands only: parse, build settings, call a stage, map errors to exit codes.

One module per command group: `brief` (generate, send, eval), `digest` (digest, editions) and
`manage` (cache, model); what they share, options included, is declared once in `common`.
Heavy imports wait inside the commands, so `briefing --help` stays quick.
"""

from __future__ import annotations

import gc
import sys
from typing import Annotated

import typer

from briefing import __version__
from briefing.cli.common import fail
from briefing.errors import EXIT_INTERNAL

app = typer.Typer(
    help="Turn news articles into grounded, structured briefings.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


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


# Importing a group's module runs its @app.command decorators (they need `app` above).
from briefing.cli import brief, digest, logs, manage  # noqa: E402, F401

# The order `briefing --help` lists the commands in (registration follows the modules' order).
_ORDER = ["generate", "send", "digest", "editions", "eval"]


def _place(command: typer.models.CommandInfo) -> int:
    """Where a command stands in `_ORDER`; one not listed goes last."""
    name = command.name or getattr(command.callback, "__name__", "")
    return _ORDER.index(name) if name in _ORDER else len(_ORDER)


app.registered_commands.sort(key=_place)


# Options people reach for that are spelled differently here (named without their dashes).
_INSTEAD = {
    "rss": "--feed URL (RSS and Atom feeds)",
    "atom": "--feed URL (RSS and Atom feeds)",
    "feeds": "--feed URL, once per feed",
    "to": "--email-to ADDR[,ADDR...]",
    "email": "--email-to ADDR[,ADDR...]",
    "from": "--email-from ADDR",
    "out": "--output FILE",
}


def _run_app() -> None:
    """Run the app; an unknown option is one line that says what to use instead."""
    from typer.exceptions import Abort, TyperException

    try:
        # Named, not guessed from how Python was started (`python -m ...` in a test run).
        code = app(prog_name="briefing", standalone_mode=False)
    except TyperException as exc:  # typer's click errors: usage, missing or unknown options
        option = getattr(exc, "option_name", None)
        if type(exc).__name__ == "NoSuchOption" and option:
            ctx = getattr(exc, "ctx", None)
            command = ctx.command_path if ctx else "briefing"
            hint = _INSTEAD.get(option.removeprefix("--"))
            instead = f"use {hint}" if hint else f"see {command} --help"
            typer.echo(f"Error: {command}: no such option {option}; {instead}", err=True)
        else:
            exc.show()  # type: ignore[attr-defined]
        sys.exit(getattr(exc, "exit_code", 2))
    except Abort:
        fail("interrupted", 130)
    if isinstance(code, int):
        sys.exit(code)


def main() -> None:
    """Console entry point."""
    try:
        _run_app()
    except SystemExit:
        raise
    except Exception as exc:  # a bug: say so in one line; --debug shows its traceback
        from briefing.cli.verbose import debugging
        from briefing.errors import describe_bug

        if debugging():
            import traceback

            typer.echo("".join(traceback.format_exception(exc)).rstrip(), err=True)
        typer.echo(f"Error: internal error ({describe_bug(exc)}); please report it", err=True)
        sys.exit(EXIT_INTERNAL)
    finally:
        # The run is over and its outputs are closed: spare the interpreter's final collection
        # of the SDK's thousand-odd classes (0.25 s of a digest's exit on 2 cores).
        gc.freeze()
