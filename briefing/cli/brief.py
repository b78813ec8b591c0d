"""Commands that brief one article or send one: generate, send, eval."""

from __future__ import annotations

from contextlib import ExitStack
from typing import Annotated, Any

import typer

from briefing.cli import app
from briefing.cli.common import (
    MARKDOWN,
    BackendOpt,
    BaseUrl,
    Debug,
    EmailFrom,
    EmailTo,
    Force,
    Format,
    Language,
    MaxAttempts,
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
    errors,
    feedback,
    run_settings,
    write_stdout,
)


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
    no_log: NoLog = False,
    verbose: Verbose = False,
    debug: Debug = False,
) -> None:
    """Brief one article (a file, an http(s) URL, or - for stdin): Markdown to stdout."""
    quiet = _show(verbose, debug) or quiet
    with errors(), ExitStack() as held:
        from briefing.errors import UsageError
        from briefing.ingest import sources
        from briefing.ingest.clean import parse_iso

        if published and parse_iso(published) is None:
            raise UsageError(f"--published {published!r}: use the form YYYY-MM-DD")
        settings = run_settings(backend, model, base_url, timeout)
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
            no_log=no_log,
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
            write_stdout(text)
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
    with errors(), ExitStack() as held:
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
    no_log: NoLog = False,
    verbose: Verbose = False,
    debug: Debug = False,
) -> None:
    """Measure quotes, attribution, speakers and non-actors against gold annotations."""
    quiet = _show(verbose, debug) or quiet
    with errors():
        import json
        from pathlib import Path

        from briefing.app import evaluate as ev
        from briefing.errors import UsageError
        from briefing.llm.factory import make_client
        from briefing.output.files import write_atomic

        source = Path(folder)
        if not source.is_dir() or not any(source.glob("*.gold.json")):
            raise UsageError(f"{folder}: no NAME.gold.json files in this folder")
        settings = run_settings(backend, model, base_url, timeout)
        with feedback(quiet) as (stage, _tokens, assembling):
            client = make_client(settings, stage=stage, progress=assembling)
            scores = ev.run(source, client=client, out=Path(out), only=only, log=_log(no_log))
        rep = ev.report(scores)
        write_atomic(Path(out) / "report.json", json.dumps(rep, indent=2) + "\n")
        typer.echo(json.dumps(rep, indent=2) if as_json else ev.format_lines(scores), nl=as_json)


def _brief(
    article: Any,
    settings: Any,
    *,
    max_attempts: int,
    language: str,
    quiet: bool,
    use_cache: bool,
    max_cost: float | None,
    no_log: bool,
) -> Any:
    """One briefing through the cache and the cost ledger, with progress on a terminal."""
    from briefing.app import runner
    from briefing.brief.options import Options
    from briefing.llm.factory import LazyClient
    from briefing.ops import costs
    from briefing.ops.cache import Cache

    ledger = costs.Ledger(price=costs.prices().get(settings.model or ""), max_cost=max_cost)
    with feedback(quiet) as (stage, tokens, assembling):
        client = LazyClient(settings, stage=stage, progress=assembling)
        return runner.brief(
            article,
            client=client,
            options=Options(max_attempts=max_attempts, language=language),
            cache=Cache() if use_cache else None,
            ledger=ledger,
            log=_log(no_log),
            stage=stage,
            on_token=tokens,
        )


def _log(no_log: bool) -> Any:
    """The exchange log, unless --no-log or the settings turn it off."""
    from briefing.ops import logs

    return logs.ExchangeLog() if logs.enabled(no_log) else None


def _show(verbose: bool, debug: bool) -> bool:
    """-v and --debug on stderr; whether they show (then no spinner garbles them)."""
    from briefing.cli.verbose import setup

    return setup(verbose=verbose, debug=debug)


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
