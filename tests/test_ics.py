"""Calendar output: dated next events as all-day VEVENTs with stable UIDs, parsed back."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from chatserver import ChatServer
from conftest import ROOT
from console import llm_args, run_briefing
from fakes import ScriptedClient
from icalendar import Calendar

from briefing.brief import pipeline
from briefing.ingest import sources
from briefing.output import formats
from briefing.output.ics import PRODID, to_ics

# An article with a dated event (E1: "ahead of a council vote on the budget on Friday") and an
# undated one (E2: "plans to publish the tender").
EXAMPLE = ROOT / "tests" / "fixtures" / "council.txt"
DATED = "Council votes on the harbour budget"
UNDATED = "Port authority publishes the tender"


def _draft() -> dict[str, Any]:
    """A capable model's answer: both candidate events picked."""
    return {
        "headline": "Riverton council approves harbour dredging plan",
        "summary": "The Riverton city council approved a plan to dredge the harbour.",
        "quotes": [{"id": 1, "speaker": "Anna Berg"}],
        "actors": [{"name": "Anna Berg", "kind": "person", "role": "Mayor", "stance": None}],
        "claims": [],
        "disagreements": [],
        "events": [{"id": 1, "what": DATED}, {"id": 2, "what": UNDATED}],
    }


def _events(ics_text: str) -> list[Any]:
    calendar = Calendar.from_ical(ics_text)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == PRODID
    return list(calendar.walk("VEVENT"))


@pytest.fixture
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def test_ics_file_next_to_the_briefing(chat_server: ChatServer, work: Path) -> None:
    chat_server.reply(_draft())
    cal, out = work / "events.ics", work / "brief.json"
    result = run_briefing(
        "generate",
        str(EXAMPLE),
        *llm_args(chat_server.base_url),
        "--published",
        "2025-02-13",
        "-f",
        "json",
        "-o",
        str(out),
        "--ics",
        str(cal),
        cwd=work,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    dated = [e for e in data["next_events"] if e["date"]]
    assert [e["description"] for e in data["next_events"]] == [
        DATED,
        UNDATED,  # in the briefing, but with no date ...
    ]
    [event] = _events(cal.read_text(encoding="utf-8"))  # ... so not in the calendar
    assert str(event["SUMMARY"]) == DATED
    assert event["DTSTART"].dt == date(2025, 2, 14)  # a DATE: an all-day event
    assert not isinstance(event["DTSTART"].dt, datetime)
    assert event["DTEND"].dt == date(2025, 2, 15)
    assert event["DTSTAMP"].dt.tzinfo is not None
    assert abs((datetime.now(UTC) - event["DTSTAMP"].dt).total_seconds()) < 300
    sha = data["source"]["sha256"]
    key = f"{sha}\n{dated[0]['description']}\n2025-02-14"
    assert str(event["UID"]) == hashlib.sha256(key.encode()).hexdigest() + "@briefing"
    text = EXAMPLE.read_text(encoding="utf-8")
    start, end = dated[0]["evidence_span"]
    description = str(event["DESCRIPTION"])
    assert " ".join(text[start:end].split()) in description
    assert "Berg told reporters, ahead of a council vote on the budget on Friday" in description
    assert f"Source: {EXAMPLE}" in description
    assert UNDATED not in cal.read_text(encoding="utf-8")


def test_uids_are_stable_across_runs(chat_server: ChatServer, work: Path) -> None:
    chat_server.reply(_draft(), times=2)
    runs = []
    for name in ("first.ics", "second.ics"):
        result = run_briefing(
            "generate",
            str(EXAMPLE),
            *llm_args(chat_server.base_url),
            "--published",
            "2025-02-13",
            "--no-cache",
            "-f",
            "ics",
            "-o",
            str(work / name),
            cwd=work,
        )
        assert result.returncode == 0, result.stderr
        data = (work / name).read_bytes()
        assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")  # RFC 5545 CRLF lines
        runs.append(_events(data.decode("utf-8")))
    assert len(chat_server.requests) == 2  # really generated twice, not read from the cache
    first, second = ([str(e["UID"]) for e in events] for events in runs)
    assert first == second and len(first) == 1
    assert first[0].endswith("@briefing")


def test_no_dated_event_says_so(chat_server: ChatServer, work: Path) -> None:
    chat_server.reply(_draft())
    result = run_briefing(
        "generate", str(EXAMPLE), *llm_args(chat_server.base_url), "-f", "ics", cwd=work
    )
    assert result.returncode == 0, result.stderr
    assert _events(result.stdout) == []  # without --published "Friday" has no date
    [note] = result.stderr.splitlines()
    assert note.startswith("Note: no upcoming event has a resolved date")
    assert note.endswith("the article's date is unknown (give --published to resolve its weekdays)")


def test_to_ics_without_article_text() -> None:
    article = sources.load(str(EXAMPLE), published="2025-02-13")
    briefing = pipeline.generate(article, client=ScriptedClient(_draft()))
    assert [e.date for e in briefing.next_events] == ["2025-02-14", None]
    via_render = formats.render(briefing, "ics")
    [event] = _events(via_render)
    assert "From the article" not in str(event["DESCRIPTION"])  # no text to quote from
    [full] = _events(to_ics(briefing, article.text))
    assert "From the article: “The harbour will" in str(full["DESCRIPTION"])
    assert str(full["UID"]) == str(event["UID"])
