"""Commands that brief many articles into one digest: digest, editions."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated

import typer

from briefing.cli import app
from briefing.cli.common import (
    BackendOpt,
    BaseUrl,
    Debug,
    DigestFormat,
    EmailFrom,
    EmailTo,
    Force,
    MaxCost,
    ModelOpt,
    NoCache,
    NoLog,
    Output,
    Quiet,
    SmtpCafile,
    SmtpHost,
    SmtpPort,
    SmtpSecurity,
    SmtpUser,
    Subject,
    Timeout,
    Tz,
    Verbose,
    error_line,
    errors,
    write_stdout,
)


class Earlier(StrEnum):
    """What an edition does with stories already sent and unchanged (--since-last)."""

    apart = "apart"
    omit = "omit"


@app.command()
def digest(
    sources: Annotated[
        list[str] | None, typer.Argument(help="Article files and http(s) URLs.")
    ] = None,
    edition: Annotated[
        str | None,
        typer.Option(help="Run the [editions.NAME] table of the config file; flags override it."),
    ] = None,
    feed: Annotated[
        list[str] | None, typer.Option("--feed", help="RSS/Atom feed URL (repeatable).")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only feed entries newer than this, e.g. 24h, 3d.")
    ] = None,
    include: Annotated[
        list[str] | None,
        typer.Option(help="Keep only articles whose title or lead has this word or phrase."),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(help="Leave out articles whose title or lead has this word or phrase."),
    ] = None,
    max_articles: Annotated[
        int | None,
        typer.Option(min=1, help="Brief at most N: topic matches, most sources, newest first."),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Calls to the model in flight at once. [default: 4]"),
    ] = None,
    processes: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=64,
            help="Processes that brief the articles (the analysis uses a core each). "
            "[default: one per core, for 32+ articles each, on a server]",
        ),
    ] = None,
    fmt: Annotated[
        DigestFormat | None, typer.Option("--format", "-f", help="Output format. [default: md]")
    ] = None,
    output: Output = None,
    archive: Annotated[
        str | None,
        typer.Option(help="Keep YYYY-MM-DD-NAME.html/.json here and an index.html of them."),
    ] = None,
    since_last: Annotated[
        bool | None,
        typer.Option(
            "--since-last/--no-since-last",
            help="Show what is new since the previous digest (and keep this one for the next).",
            show_default=False,
        ),
    ] = None,
    earlier: Annotated[
        Earlier | None,
        typer.Option(
            help="Stories already sent and unchanged (with --since-last): listed apart at the "
            "end, or left out. [default: apart]"
        ),
    ] = None,
    backend: BackendOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrl = None,
    timeout: Timeout = None,
    max_attempts: Annotated[
        int | None,
        typer.Option(min=1, max=10, help="Answers to try before giving up. [default: 3]"),
    ] = None,
    language: Annotated[
        str | None, typer.Option(help="Language of the briefing. [default: English]")
    ] = None,
    no_cache: NoCache = False,
    max_cost: MaxCost = None,
    ics: Annotated[
        str | None, typer.Option("--ics", help="Also write the dated events as iCalendar here.")
    ] = None,
    email_to: EmailTo = None,
    email_from: EmailFrom = None,
    subject: Subject = None,
    smtp_host: SmtpHost = None,
    smtp_port: SmtpPort = None,
    smtp_user: SmtpUser = None,
    smtp_security: SmtpSecurity = None,
    smtp_cafile: SmtpCafile = None,
    tz: Tz = None,
    force: Force = False,
    quiet: Quiet = False,
    no_log: NoLog = False,
    verbose: Verbose = False,
    debug: Debug = False,
) -> None:
    """Brief many articles (files, URLs, feeds) concurrently into one digest; deliver it."""
    flags = dict(locals())  # the parameters, named as the edition keys are
    from briefing.cli.verbose import setup

    showing = setup(verbose=verbose, debug=debug)  # then no progress bar garbles the lines
    with errors():
        from briefing.app import digest_run
        from briefing.ops import editions

        flags.update(
            sources=sources or [],
            feed=feed or [],
            include=include or [],
            exclude=exclude or [],
            email_to=[email_to] if email_to else [],
            format=fmt.value if fmt else None,
            backend=backend.value if backend else None,
            smtp_security=smtp_security.value if smtp_security else None,
            earlier=earlier.value if earlier else None,
            no_cache=no_cache or None,  # a switch left off leaves the edition's key alone
            quiet=quiet or showing or None,
            no_log=no_log or None,
            force=force or None,
        )
        opts = editions.options(edition, flags)

        code, _digest = digest_run.run(
            opts,
            say=lambda line: typer.echo(line, err=True),
            error=error_line,
            out=write_stdout,
            progress=lambda total: _progress(opts.quiet, total),
        )
    if code:  # some sources failed; the digest went out without them (stderr names them)
        raise typer.Exit(code)


@app.command("editions")
def editions_list() -> None:
    """List the editions of the config file, each with its last run."""
    with errors():
        from briefing.ops import editions

        found = editions.check_all()
        if not found:
            from briefing.config import config_file

            typer.echo(f"no [editions.NAME] tables in {config_file()}")
            return
        for name, table in found:
            typer.echo(editions.describe(name, table, editions.last_run(name)))


@contextmanager
def _progress(quiet: bool, total: int) -> Iterator[Callable[[str, BaseException | None], None]]:
    """On a terminal, a rich progress bar and a line per article with the time left; nothing
    under cron."""
    if quiet or not sys.stderr.isatty():
        yield lambda _s, _e: None
        return
    from rich.console import Console
    from rich.progress import Progress

    started, done = time.monotonic(), [0]
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("briefing", total=total)

        def advance(source: str, exc: BaseException | None) -> None:
            done[0] += 1
            bar.advance(task)
            line = _article_line(source, exc, done[0], total, time.monotonic() - started)
            bar.console.print(line, markup=False, highlight=False, soft_wrap=True)

        yield advance


def _article_line(
    source: str, exc: BaseException | None, done: int, total: int, elapsed: float
) -> str:
    """`[3/7] briefed port.txt · 41 s each so far, about 3 min left`."""
    from briefing.ingest.clean import clean_field

    # A feed's link is untrusted: one plain line, no terminal control characters.
    name = clean_field(source.rstrip("/").rsplit("/", 1)[-1] or source, 60) or "article"
    what = "failed" if exc is not None else "briefed"
    each = elapsed / done
    left = f", about {_duration(each * (total - done))} left" if done < total else ", done"
    return f"[{done}/{total}] {what} {name} · {_duration(each)} each so far{left}"


def _duration(seconds: float) -> str:
    """12 s, 90 s, 3 min: what a reader takes in at a glance."""
    return f"{seconds:.0f} s" if seconds < 100 else f"{seconds / 60:.0f} min"
