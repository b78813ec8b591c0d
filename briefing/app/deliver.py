"""Output delivery: atomic file writes (a killed run never leaves a half-written file), and the
email plan and once-a-day rule that generate, send and digest share."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

from briefing.errors import UsageError


def email_plan(email_to: str | None, **flags: Any) -> Any:
    """Validate the email flags and SMTP settings before any work; None without --email-to."""
    if email_to is None:
        if any(v is not None for v in flags.values()):
            raise UsageError("--email-from, --subject and --smtp-* need --email-to")
        return None
    from briefing.output import mail

    return mail.prepare(email_to=email_to, **flags)


def unsent(plan: Any, key: str, day: date, *, folder: Path | None = None) -> Any:
    """The plan cut down to the recipients who have not had this today; None if nobody is left."""
    from briefing.ops import runlock

    todo = {a.lower() for a in runlock.unsent(key, plan.addresses, day, folder=folder)}
    if not todo:
        return None
    return dataclasses.replace(
        plan, recipients=tuple(r for r in plan.recipients if r.addr_spec.lower() in todo)
    )


def already_line(plan: Any, day: date, zone: str, what: str) -> str:
    """What a run that finds everyone served today says."""
    return (
        f"Already emailed today ({day} in {zone}) to {', '.join(plan.addresses)}: same {what}; "
        "nothing sent. Use --force to send it again."
    )


def email(
    plan: Any,
    key: str,
    day: date,
    *,
    headline: str,
    text: str,
    html: str,
    folder: Path | None = None,
) -> list[str]:
    """Compose, send, note each accepted recipient in the once-a-day ledger; return the refused."""
    from briefing.ops import runlock
    from briefing.output import mail

    message = mail.compose(plan, headline=headline, day=day, text=text, html=html)
    refused = mail.send(message, plan)
    bounced = {r.split(" ", 1)[0].lower() for r in refused}
    runlock.record_sent(
        key, [a for a in plan.addresses if a.lower() not in bounced], day, folder=folder
    )
    return refused
