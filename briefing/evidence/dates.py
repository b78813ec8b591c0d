"""Resolve event wording to an ISO date, only when the text and its dateline make it certain."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from briefing.evidence.lexicon import MONTHS, WEEKDAYS
from briefing.ingest.clean import parse_iso

# Month names and their three-letter forms ('Sept.' too); weekdays, every language.
_MONTHS = dict(MONTHS) | {m[:3]: i for m, i in MONTHS.items()} | {"sept": 9}
_WEEKDAYS = WEEKDAYS


def resolve_date(when: str | None, *, published: str | None) -> str | None:
    """ISO date for wording like '2025-03-03', 'March 3, 2025', 'Monday' (given a dateline)."""
    if not when:
        return None
    text = when.lower().strip()
    base = parse_iso(published)
    if m := re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text):
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    if m := re.search(r"\b([a-zä]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", text):
        if m[1] in _MONTHS:
            return _iso(int(m[3]), _MONTHS[m[1]], int(m[2]))
    if m := re.search(r"\b(\d{1,2})\.?\s+([a-zä]+)\.?\s+(\d{4})\b", text):
        if m[2] in _MONTHS:
            return _iso(int(m[3]), _MONTHS[m[2]], int(m[1]))
    if base is None:
        return None
    if m := re.search(r"\b([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s*\d)", text):
        if m[1] in _MONTHS:  # "Nov. 8": the publication year (a past day stays in the past)
            return _iso(base.year, _MONTHS[m[1]], int(m[2]))
    if m := re.fullmatch(r"(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)", text):
        return _day_of_month(base, int(m[1]))
    if m := re.search(r"\bend of (this|the|next) (month|year)\b", text):
        return _end_of(base, m[2], ahead=m[1] == "next")
    if re.search(r"\b(today|heute)\b", text):
        return base.isoformat()
    if re.search(r"\b(tomorrow|morgen)\b", text):
        return (base + timedelta(days=1)).isoformat()
    words = re.findall(r"[a-zä]+", text)
    days = [w for w in words if w in _WEEKDAYS]
    if len(days) == 1 and not re.search(r"\b(last|letzten|vergangenen|ago)\b", text):
        # A weekday named in an article dated that weekday is the same day, unless "next".
        ahead = (_WEEKDAYS[days[0]] - base.weekday()) % 7
        if ahead == 0 and ("next" in words or "nächsten" in words):
            ahead = 7
        return (base + timedelta(days=ahead)).isoformat()
    if not days and (m := re.search(r"\bin\s+\w+\s+(?:days?|weeks?|tagen|wochen)\b", text)):
        return _parse(m.group(), base=base)  # "in two weeks": a certain day (dateparser)
    return None


def _day_of_month(base: date, day: int) -> str | None:
    """'the 29th': that day of the publication's month, or of the next month once it has
    passed."""
    if day >= base.day:
        return _iso(base.year, base.month, day)
    year, month = (base.year + 1, 1) if base.month == 12 else (base.year, base.month + 1)
    return _iso(year, month, day)


def _end_of(base: date, unit: str, *, ahead: bool) -> str:
    """The last day of the publication's month or year (or the next one)."""
    if unit == "year":
        return date(base.year + ahead, 12, 31).isoformat()
    month = base.month + ahead
    year, month = base.year + (month - 1) // 12, (month - 1) % 12 + 1
    first_after = date(year + month // 12, month % 12 + 1, 1)
    return (first_after - timedelta(days=1)).isoformat()


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


_DATELINE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b|"
    r"\b[A-Z][a-zä]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b|"
    r"\b\d{1,2}\.?\s+[A-Za-zäÄ]{3,}\.?\s+\d{4}\b"
)


def dateline(text: str) -> str | None:
    """The article's own date from its first lines ('Sunday, June 29, 2008', '27.04.2012')."""
    head = "\n".join(text.lstrip().splitlines()[:3])[:400]
    for m in _DATELINE.finditer(head):
        found = _parse(m.group())
        if found:
            return found
    return None


def _parse(value: str, *, base: date | None = None) -> str | None:
    """dateparser for what the simple rules above don't cover (English and German)."""
    import dateparser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "future", "REQUIRE_PARTS": ["day"]}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    parsed = dateparser.parse(value, languages=["en", "de"], settings=settings)
    return parsed.date().isoformat() if parsed else None
