"""Clean-up of untrusted metadata as read: one-line fields without invisible characters, and
dates given as YYYY-MM-DD."""

from __future__ import annotations

import re
from datetime import date, datetime

INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")
MAX_FIELD = 300  # characters of a title, byline or site name that are kept


def clean_field(value: str | None, cap: int = MAX_FIELD) -> str | None:
    """Untrusted metadata (a page title, byline, site name, file name) as one line of plain
    text: invisible and control characters dropped, whitespace collapsed, at most `cap`
    characters (a longer value ends with an ellipsis); None when nothing is left."""
    if value is None:
        return None
    text = "".join(ch if ch.isprintable() else " " for ch in INVISIBLE.sub("", str(value)))
    text = " ".join(text.split())
    if len(text) > cap:
        text = text[: cap - 1].rstrip() + "\u2026"
    return text or None


def parse_iso(value: str | None) -> date | None:
    """A YYYY-MM-DD date, or None."""
    if not value:
        return None
    try:
        return datetime.strptime(value[:10], "%Y-%m-%d").date()
    except ValueError:
        return None
