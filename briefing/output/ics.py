"""Briefing -> iCalendar: dated next events as all-day VEVENTs with stable UIDs (no I/O)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar
from icalendar import Event as VEvent

from briefing import __version__
from briefing.ingest.clean import clean_field
from briefing.models import Briefing, Event

PRODID = f"-//briefing//briefing {__version__}//EN"


def event_uid(article_sha256: str, event: Event) -> str:
    """Same article, event and date -> same UID, so a calendar re-import updates in place."""
    key = f"{article_sha256}\n{event.description}\n{event.date}"
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}@briefing"


def _description(b: Briefing, event: Event, article_text: str | None) -> str:
    parts = []
    if event.when:
        parts.append(f"When: {event.when}")
    if article_text is not None and event.evidence_span is not None:
        start, end = event.evidence_span
        sentence = " ".join(article_text[start:end].split())
        if sentence:
            parts.append(f"From the article: {sentence}")
    # The source's title, URL and file name are untrusted: one plain line each, capped.
    source = clean_field(b.source.url or b.source.path, 300)
    title = clean_field(b.source.title, 160)
    line = f"Source: \u201c{title}\u201d \u00b7 " if title else "Source: "
    parts.append(line + (source or "article read from stdin"))
    return "\n\n".join(parts)


def to_ics(b: Briefing, article_text: str | None = None, *, now: datetime | None = None) -> str:
    """An iCalendar file; events without a resolved date are left out."""
    return calendar_of([(b, article_text)], now=now)


def calendar_of(
    briefings: list[tuple[Briefing, str | None]], *, now: datetime | None = None
) -> str:
    """One iCalendar file of the dated events of every briefing (a digest's calendar)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    for b, article_text in briefings:
        for event in b.next_events:
            try:
                day = date.fromisoformat(event.date or "")
            except ValueError:  # no resolved date: nothing to put in a calendar
                continue
            vevent = VEvent()
            vevent.add("uid", event_uid(b.source.sha256, event))
            vevent.add("dtstamp", stamp)
            vevent.add("dtstart", day)
            vevent.add("dtend", day + timedelta(days=1))  # all-day: the end date is exclusive
            vevent.add("summary", clean_field(event.description, 200) or "")
            vevent.add("description", _description(b, event, article_text))
            vevent.add("transp", "TRANSPARENT")
            if b.source.url and clean_field(b.source.url, 2000) == b.source.url:
                vevent.add("url", b.source.url)  # a URL that is one plain line, else none
            calendar.add_component(vevent)
    data: bytes = calendar.to_ical()
    return data.decode("utf-8")


def dated_events(b: Briefing) -> int:
    """How many next events have a resolved date (and so become calendar entries)."""
    return sum(1 for e in b.next_events if e.date is not None)


def calendar_note(b: Briefing) -> str | None:
    """Why a calendar of this briefing is empty, when it is (a note for the reader)."""
    if dated_events(b):
        return None
    if not b.next_events:
        why = "the article names no upcoming event"
    elif any(e.when for e in b.next_events) and not b.source.published:
        why = "the article's date is unknown (give --published to resolve its weekdays)"
    else:
        why = "the article gives no day for its upcoming events"
    return f"no upcoming event has a resolved date, so the calendar is empty: {why}"
