"""`briefing logs`: list and show the model exchanges kept in the state directory."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from briefing.cli import app
from briefing.cli.common import errors, write_stdout

logs_app = typer.Typer(
    help="The log of every model exchange: what was sent, what came back, why it was re-asked.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(logs_app, name="logs")


@logs_app.command("list")
def logs_list(
    source: Annotated[
        str | None,
        typer.Option(
            help="Only entries whose source contains this, or whose article hash starts so."
        ),
    ] = None,
    date: Annotated[
        str | None, typer.Option(help="Only entries made on this day, YYYY-MM-DD (UTC).")
    ] = None,
    edition: Annotated[
        str | None, typer.Option(help="Only entries of this edition's runs.")
    ] = None,
    count: Annotated[int, typer.Option("--count", "-n", min=1, help="How many at most.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print them as a JSON list.")] = False,
) -> None:
    """The newest entries first, one line each: id, time, kind, model, tokens, cost, source."""
    with errors():
        import json

        from briefing.ops.logs import ExchangeLog

        if date is not None:
            _check_day(date)
        found = ExchangeLog(secrets=(), days=0).entries(
            source=source, day=date, edition=edition, limit=count
        )
        if as_json:
            write_stdout(json.dumps(found, indent=2, ensure_ascii=False) + "\n")
        else:
            write_stdout("".join(format_line(e) + "\n" for e in found))


@logs_app.command("show")
def logs_show(
    entry_id: Annotated[int, typer.Argument(metavar="ID", help="The entry's id (logs list).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print it as JSON.")] = False,
) -> None:
    """One exchange in full: the messages sent, the re-ask's reasons, the answer."""
    with errors():
        import json

        from briefing.errors import UsageError
        from briefing.ops.logs import ExchangeLog, log_path

        entry = ExchangeLog(secrets=(), days=0).get(entry_id)
        if entry is None:
            raise UsageError(f"no log entry {entry_id} in {log_path()}; see briefing logs list")
        if as_json:
            write_stdout(json.dumps(entry, indent=2, ensure_ascii=False) + "\n")
        else:
            write_stdout(format_entry(entry))


@logs_app.command("path")
def logs_path() -> None:
    """Print where the log is kept."""
    from briefing.ops.logs import log_path

    typer.echo(str(log_path()))


def _check_day(day: str) -> None:
    """A YYYY-MM-DD date, or a usage error."""
    from datetime import date

    from briefing.errors import UsageError

    try:
        date.fromisoformat(day)
    except ValueError:
        raise UsageError(f"--date {day!r}: use the form YYYY-MM-DD") from None


def _when(created: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(created, UTC).strftime("%Y-%m-%d %H:%M:%S")


def format_line(e: dict[str, Any]) -> str:
    """One entry as a line of `logs list`."""
    outcome = "failed" if e["error"] else f"{e['prompt_tokens']}+{e['completion_tokens']} tokens"
    return (
        f"#{e['id']}  {_when(e['created'])}  {e['kind']:<7} {e['backend']}/{e['model']}  "
        f"{outcome}  ${e['cost_usd']:.4f}  {e['duration_s']:.2f}s  "
        + _printable(e["source"] or "-").replace("\n", " ")
    )


def format_entry(e: dict[str, Any]) -> str:
    """One entry as `logs show` prints it."""
    head = [
        f"Entry #{e['id']}: {e['kind']} ({e['schema_name'] or 'no schema'}), "
        f"{_when(e['created'])} UTC",
        f"Model: {e['backend']}/{e['model']}, max {e['max_tokens']} tokens",
        f"Article: {e['source'] or '-'} (sha256 {e['article_sha256'] or '-'})",
        f"Edition: {e['edition']}" if e["edition"] else "",
        f"Tokens: {e['prompt_tokens']} prompt ({e['cached_prompt_tokens']} cached), "
        f"{e['completion_tokens']} answer; ${e['cost_usd']:.6f}; {e['duration_s']:.2f} s",
    ]
    out = [line for line in head if line]
    if e["reasons"]:
        out += ["", "## Re-asked because", *(f"- {r}" for r in e["reasons"])]
    for m in e["messages"]:
        out += ["", f"## {m['role']}", m["content"]]
    if e["error"]:
        out += ["", "## Error", e["error"]]
    else:
        out += ["", f"## Answer (finish: {e['finish_reason'] or '-'})", e["response"] or ""]
    return _printable("\n".join(out)) + "\n"


def _printable(text: str) -> str:
    """What was sent and answered, with no control character reaching the terminal."""
    return "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
