"""What the commands share: option types declared once, choices built from the registries,
settings from flags, one place that maps errors to exit codes, and stdout and progress helpers."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer

from briefing.errors import EXIT_IO, BriefingError
from briefing.llm.backends import CHOICES as BACKEND_CHOICES
from briefing.output.formats import BRIEFING_FORMATS, DIGEST_FORMATS

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
    float | None,
    typer.Option(
        "--timeout",
        help="Seconds each article's calls may take against a server (retries, re-asks).",
    ),
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
NoLog = Annotated[
    bool, typer.Option("--no-log", help="Keep no log of the model's exchanges (briefing logs).")
]
Verbose = Annotated[
    bool, typer.Option("--verbose", "-v", help="Progress, each warning and its reason (stderr).")
]
Debug = Annotated[
    bool,
    typer.Option(
        "--debug", help="Also the candidates, each quote's rule, and a bug's traceback (stderr)."
    ),
]
Output = Annotated[
    str | None,
    typer.Option("--output", "-o", help="Write here (atomically) instead of stdout."),
]


def run_settings(
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


# Email options shared by `generate` and `send`; SMTP settings resolve in briefing.app.deliver.
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


def error_line(message: str) -> None:
    """'Error: ...' on stderr: one line, whatever the message quotes (a feed's link, a server's
    reply), with no control characters reaching the terminal."""
    line = "".join(ch if ch.isprintable() else " " for ch in message)
    typer.echo(f"Error: {line}", err=True)


def fail(message: str, code: int) -> NoReturn:
    """The error line, then exit with this code."""
    error_line(message)
    raise typer.Exit(code)


def write_stdout(text: str) -> None:
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
def errors() -> Iterator[None]:
    """Map every BriefingError to one stderr line and its exit code."""
    try:
        yield
    except BriefingError as exc:
        fail(exc.message, exc.exit_code)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except OSError as exc:  # a file the code did not expect to fail: name it, exit 74
        from briefing.errors import io_failure

        where = exc.filename if exc.filename is not None else "a file or stream"
        fail(io_failure(where, exc, "read or write").message, EXIT_IO)


@contextmanager
def feedback(
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
