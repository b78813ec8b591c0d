"""Typer commands only: parse, build settings, call the pipeline, map errors to exit codes."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer

from briefing import __version__
from briefing.errors import EXIT_INTERNAL, EXIT_IO, BriefingError
from briefing.llm.backends import CHOICES as BACKEND_CHOICES
from briefing.output.formats import BRIEFING_FORMATS, DIGEST_FORMATS

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


# Choices come from the registries (output.formats, llm.backends): a new format or backend is
# added there, not here.
Format = StrEnum("Format", {name: name for name in BRIEFING_FORMATS})  # type: ignore[misc]
DigestFormat = StrEnum("DigestFormat", {name: name for name in DIGEST_FORMATS})  # type: ignore[misc]
MARKDOWN = Format("md")
Backend = StrEnum("Backend", {name: name for name in BACKEND_CHOICES})  # type: ignore[misc]


class Security(StrEnum):
    starttls = "starttls"
    ssl = "ssl"
    none = "none"


# Options shared by the commands that brief articles (generate, digest, eval).
BackendOpt = Annotated[
    Backend | None,
    typer.Option(
        "--backend",
        help="auto: openai when a key or base URL is configured, else the embedded model.",
        envvar="BRIEFING_BACKEND",
    ),
]
ModelOpt = Annotated[
    str | None, typer.Option("--model", help="Model name on the server.", envvar="BRIEFING_MODEL")
]
BaseUrl = Annotated[
    str | None,
    typer.Option("--base-url", help="OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1."),
]
Timeout = Annotated[
    float | None, typer.Option("--timeout", help="Seconds the whole run may take against a server.")
]
MaxAttempts = Annotated[
    int, typer.Option("--max-attempts", min=1, max=10, help="Answers to try before giving up.")
]
Language = Annotated[str, typer.Option("--language", help="Language of the briefing.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")]
NoCache = Annotated[
    bool, typer.Option("--no-cache", help="Ask the model even if this was briefed before.")
]
MaxCost = Annotated[
    float | None,
    typer.Option("--max-cost", help="Stop before a call could take the run past this (USD)."),
]
Output = Annotated[
    str | None,
    typer.Option("--output", "-o", help="Write here (atomically) instead of stdout."),
]


def _settings(
    backend: Backend | None, model: str | None, base_url: str | None, timeout: float | None
) -> Any:
    """The run's settings from these flags, the environment and the config file."""
    from briefing.llm import backends

    return backends.resolve(
        backend=backend.value if backend else None,
        model=model,
        base_url=base_url,
        timeout=timeout,
    )


# Email options shared by `generate` and `send`; SMTP settings resolve in briefing.mail.
EmailTo = Annotated[
    str | None,
    typer.Option("--email-to", help="Email the briefing to ADDR[,ADDR...] (needs an SMTP host)."),
]
EmailFrom = Annotated[
    str | None,
    typer.Option("--email-from", help="Sender (else BRIEFING_EMAIL_FROM or [smtp] from)."),
]
Subject = Annotated[
    str | None,
    typer.Option(
        help="Subject template: {headline}, {date}. [default: Briefing: {headline} ({date})]"
    ),
]
SmtpHost = Annotated[str | None, typer.Option(help="SMTP server (else BRIEFING_SMTP_HOST).")]
SmtpPort = Annotated[
    int | None, typer.Option(min=1, max=65535, help="SMTP port (587 starttls, 465 ssl, 25 none).")
]
SmtpUser = Annotated[
    str | None,
    typer.Option(help="SMTP login (else BRIEFING_SMTP_USER); password: BRIEFING_SMTP_PASSWORD."),
]
SmtpSecurity = Annotated[
    Security | None, typer.Option(help="TLS mode (else BRIEFING_SMTP_SECURITY; starttls).")
]
SmtpCafile = Annotated[
    str | None, typer.Option(help="Extra CA certificate to trust, PEM (BRIEFING_SMTP_CAFILE).")
]
Tz = Annotated[
    str | None, typer.Option(help="Time zone for 'today' (once-a-day rule, subject); else TZ.")
]
Force = Annotated[
    bool, typer.Option("--force", help="Email even if it already went to them today.")
]


def _email_plan(email_to: str | None, **flags: Any) -> Any:
    """Validate the email flags and SMTP settings before any work; None without --email-to."""
    from briefing.app.deliver import email_plan

    security = flags.pop("security")
    return email_plan(email_to, security=security.value if security else None, **flags)


def _unsent(plan: Any, key: str, day: Any, zone: str, what: str) -> Any:
    """The plan cut down to those who have not had this today; None (and one line) if nobody."""
    from briefing.app.deliver import already_line, unsent

    left = unsent(plan, key, day)
    if left is None:
        typer.echo(already_line(plan, day, zone, what), err=True)
    return left


def _email(plan: Any, key: str, day: Any, *, headline: str, text: str, html: str) -> None:
    """Compose, send, and note the send in the once-a-day ledger (per recipient)."""
    from briefing.app.deliver import email

    refused = email(plan, key, day, headline=headline, text=text, html=html)
    if refused:
        typer.echo(f"Warning: the SMTP server refused {', '.join(refused)}", err=True)


def _error_line(message: str) -> None:
    """'Error: ...' on stderr: one line, whatever the message quotes (a feed's link, a server's
    reply), with no control characters reaching the terminal."""
    line = "".join(ch if ch.isprintable() else " " for ch in message)
    typer.echo(f"Error: {line}", err=True)


def _fail(message: str, code: int) -> NoReturn:
    _error_line(message)
    raise typer.Exit(code)


def _stdout(text: str) -> None:
    """Write the result to stdout; a full disk or a closed pipe is an I/O error (exit 74)."""
    from briefing.errors import io_failure

    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        import os

        # What could not be written must not be retried (and fail again) at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise io_failure("standard output", exc) from None


@contextmanager
def _errors() -> Iterator[None]:
    """Map every BriefingError to one stderr line and its exit code."""
    try:
        yield
    except BriefingError as exc:
        _fail(exc.message, exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except OSError as exc:  # a file the code did not expect to fail: name it, exit 74
        from briefing.errors import io_failure

        where = exc.filename if exc.filename is not None else "a file or stream"
        _fail(io_failure(where, exc, "read or write").message, EXIT_IO)


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
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = MARKDOWN,
    output: Output = None,
    backend: BackendOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrl = None,
    timeout: Timeout = None,
    max_attempts: MaxAttempts = 3,
    language: Language = "English",
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD, to resolve 'Monday' to a date.")
    ] = None,
    quiet: Quiet = False,
    no_cache: NoCache = False,
    max_cost: MaxCost = None,
    ics: Annotated[
        str | None, typer.Option("--ics", help="Also write dated next events as iCalendar here.")
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
) -> None:
    """Brief one article (a file, an http(s) URL, or - for stdin): Markdown to stdout."""
    with _errors(), ExitStack() as held:
        from briefing.errors import UsageError
        from briefing.ingest import sources
        from briefing.ingest.clean import parse_iso

        if published and parse_iso(published) is None:
            raise UsageError(f"--published {published!r}: use the form YYYY-MM-DD")
        settings = _settings(backend, model, base_url, timeout)
        if output:
            from briefing.output.files import check_target

            check_target(output)  # before the model runs: a typo must not waste a generation
        from briefing.ops import runlock
        from briefing.output.files import check_target as check_file

        if ics:
            check_file(ics)
        plan = _email_plan(
            email_to,
            email_from=email_from,
            subject=subject,
            host=smtp_host,
            port=smtp_port,
            user=smtp_user,
            security=smtp_security,
            cafile=smtp_cafile,
        )
        # "Today" only matters for email; a TZ the run never uses must not stop it.
        day, zone = runlock.today(tz) if plan or tz is not None else (None, "")
        targets = runlock.targets(files=[output, ics], recipients=plan.addresses if plan else [])
        held.enter_context(runlock.hold(targets))  # a second run for the same targets exits 75
        article = sources.load(source, published=published)
        if plan and not force:
            plan = _unsent(plan, article.sha256, day, zone, "article")
            if plan is None:
                return
        from briefing.output import formats, render

        briefing = _brief(
            article,
            settings,
            max_attempts=max_attempts,
            language=language,
            quiet=quiet,
            use_cache=not no_cache,
            max_cost=max_cost,
        )
        text = (
            _calendar(briefing, article.text)
            if fmt.value == "ics"
            else formats.render(briefing, fmt.value)
        )
        if output:
            from briefing.output.files import write_atomic

            write_atomic(output, text)
        else:
            _stdout(text)
        if ics:
            from briefing.output.files import write_atomic

            write_atomic(ics, _calendar(briefing, article.text))
        if plan:
            _email(
                plan,
                article.sha256,
                day,
                headline=briefing.headline,
                text=render.to_text(briefing),
                html=render.to_html(briefing),
            )


def _calendar(briefing: Any, article_text: str) -> str:
    """The iCalendar text, with a note on stderr when no event has a date to put in it."""
    from briefing.output.ics import calendar_note, to_ics

    if note := calendar_note(briefing):
        typer.echo(f"Note: {note}", err=True)
    return to_ics(briefing, article_text)


@app.command()
def send(
    file: Annotated[str, typer.Argument(help="An HTML briefing (generate -f html -o FILE).")],
    email_to: Annotated[
        str, typer.Option("--email-to", help="Recipients: ADDR[,ADDR...].", show_default=False)
    ],
    email_from: EmailFrom = None,
    subject: Subject = None,
    smtp_host: SmtpHost = None,
    smtp_port: SmtpPort = None,
    smtp_user: SmtpUser = None,
    smtp_security: SmtpSecurity = None,
    smtp_cafile: SmtpCafile = None,
    tz: Tz = None,
    force: Force = False,
) -> None:
    """Email an already rendered HTML briefing (text part derived from it)."""
    with _errors(), ExitStack() as held:
        import hashlib
        import re
        from pathlib import Path

        from briefing.errors import UsageError
        from briefing.ops import runlock
        from briefing.output import mail

        day, zone = runlock.today(tz)
        plan = _email_plan(
            email_to,
            email_from=email_from,
            subject=subject,
            host=smtp_host,
            port=smtp_port,
            user=smtp_user,
            security=smtp_security,
            cafile=smtp_cafile,
        )
        path = Path(file)
        if not path.is_file():
            raise UsageError(f"{file}: no such file")
        data = path.read_bytes()
        try:
            html = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UsageError(f"{file}: not UTF-8 text") from None
        if not re.search(r"<html|<!doctype html", html[:4096], re.IGNORECASE):
            raise UsageError(f"{file}: not an HTML file; make one with generate -f html -o FILE")
        mail.check_html(html)
        held.enter_context(runlock.hold(runlock.targets(recipients=plan.addresses)))
        sha = hashlib.sha256(data).hexdigest()
        if not force:
            plan = _unsent(plan, sha, day, zone, "file")
            if plan is None:
                return
        headline, text = mail.read_html(html)
        _email(plan, sha, day, headline=headline or path.stem, text=text, html=html)


def _brief(
    article: Any,
    settings: Any,
    *,
    max_attempts: int,
    language: str,
    quiet: bool,
    use_cache: bool,
    max_cost: float | None,
) -> Any:
    """One briefing through the cache and the cost ledger, with progress on a terminal."""
    from briefing.app import runner
    from briefing.brief.options import Options
    from briefing.llm.factory import LazyClient
    from briefing.ops import costs
    from briefing.ops.cache import Cache

    ledger = costs.Ledger(price=costs.prices().get(settings.model or ""), max_cost=max_cost)
    with _feedback(quiet) as (stage, tokens, assembling):
        client = LazyClient(settings, stage=stage, progress=assembling)
        return runner.brief(
            article,
            client=client,
            options=Options(
                max_attempts=max_attempts,
                language=language,
                compact=bool(getattr(client, "compact", False)),
            ),
            cache=Cache() if use_cache else None,
            ledger=ledger,
            stage=stage,
            on_token=tokens,
        )


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
) -> None:
    """Brief many articles (files, URLs, feeds) concurrently into one digest; deliver it."""
    flags = dict(locals())  # the parameters, named as the edition keys are
    with _errors():
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
            no_cache=no_cache or None,  # a switch left off leaves the edition's key alone
            quiet=quiet or None,
            force=force or None,
        )
        opts = editions.options(edition, flags)

        digest_run.run(
            opts,
            say=lambda line: typer.echo(line, err=True),
            error=_error_line,
            out=_stdout,
            progress=lambda total: _progress(opts.quiet, total),
        )


@app.command("editions")
def editions_list() -> None:
    """List the editions of the config file, each with its last run."""
    with _errors():
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
    """A rich progress bar on a terminal; nothing under cron."""
    if quiet or not sys.stderr.isatty():
        yield lambda _s, _e: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("briefing", total=total)
        yield lambda _s, _e: bar.advance(task)


cache_app = typer.Typer(help="The cache of briefings.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(cache_app, name="cache")


@cache_app.command("stats")
def cache_stats() -> None:
    """Entries and size of the briefing cache."""
    with _errors():
        from briefing.ops.cache import Cache

        st = Cache().stats()
        typer.echo(f"{st['entries']} briefings, {st['bytes']} bytes in {st['path']}")


@cache_app.command("clear")
def cache_clear() -> None:
    """Delete every cached briefing."""
    with _errors():
        from briefing.ops.cache import Cache

        typer.echo(f"removed {Cache().clear()} briefings")


@app.command("eval")
def evaluate(
    folder: Annotated[str, typer.Argument(help="Folder of NAME.txt + NAME.gold.json files.")],
    out: Annotated[str, typer.Option(help="Where briefings and report.json go.")] = "eval-out",
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON report.")] = False,
    only: Annotated[
        str | None, typer.Option(help="Only articles whose name contains this.")
    ] = None,
    backend: BackendOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrl = None,
    timeout: Timeout = None,
    quiet: Quiet = False,
) -> None:
    """Measure quotes, attribution, speakers and non-actors against gold annotations."""
    with _errors():
        import json
        from pathlib import Path

        from briefing.app import evaluate as ev
        from briefing.errors import UsageError
        from briefing.llm.factory import make_client
        from briefing.output.files import write_atomic

        source = Path(folder)
        if not source.is_dir() or not any(source.glob("*.gold.json")):
            raise UsageError(f"{folder}: no NAME.gold.json files in this folder")
        settings = _settings(backend, model, base_url, timeout)
        with _feedback(quiet) as (stage, _tokens, assembling):
            client = make_client(settings, stage=stage, progress=assembling)
            scores = ev.run(source, client=client, out=Path(out), only=only)
        rep = ev.report(scores)
        write_atomic(Path(out) / "report.json", json.dumps(rep, indent=2) + "\n")
        typer.echo(json.dumps(rep, indent=2) if as_json else ev.format_lines(scores), nl=as_json)


@model_app.command("install")
def model_install(
    quiet: Quiet = False,
) -> None:
    """Assemble and verify the embedded model in the user cache (done on first use anyway)."""
    with _errors(), _feedback(quiet) as (_stage, _tokens, assembling):
        from briefing.llm.model_files import ensure_model

        path = ensure_model(progress=assembling)
    typer.echo(str(path))


@model_app.command("path")
def model_path() -> None:
    """Print where the embedded model is (or will be) assembled."""
    from briefing.llm.model_files import model_path as where

    typer.echo(str(where()))


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
        code = app(standalone_mode=False)
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
        _fail("interrupted", 130)
    if isinstance(code, int):
        sys.exit(code)


def main() -> None:
    """Console entry point."""
    try:
        _run_app()
    except SystemExit:
        raise
    except Exception as exc:  # a bug: say so in one line, keep the traceback for -v users later
        typer.echo(
            f"Error: internal error ({type(exc).__name__}: {exc}); please report it", err=True
        )
        sys.exit(EXIT_INTERNAL)
    finally:
        # The run is over and its outputs are closed: spare the interpreter's final collection
        # of the SDK's thousand-odd classes (0.25 s of a digest's exit on 2 cores).
        gc.freeze()
