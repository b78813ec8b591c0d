"""The morning edition in real use, as a new user runs it from cron: two feeds served with the
content types real servers send, one story in both, two readers, a third added mid-morning, a
forced rerun, then the next morning (the edition's zone moved a day ahead) with a follow-up and
a feed that fails. The real console script against the loopback page/feed server, the loopback
model (`Newsroom`) and a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from console import llm_args, run_briefing
from pageserver import PageServer
from smtpserver import SmtpServer
from test_digest import AIRPORT, DEFENCE_BUDGET, GREENHOUSE, NATO_TALKS, PORT_STRIKE, page, rss
from test_digest import atom as atom_feed
from test_editions import NEWS, STRIKE, STRIKE_MOVED, Newsroom

# Python's http.server sends these for .rss and .atom files; feeds are known by their content.
RSS_TYPE = "application/x-rss+xml"
ATOM_TYPE = "application/atom+xml"
# The edition's zone decides its day: moving it from UTC-12 to UTC+12 is the next morning.
TODAY_ZONE, TOMORROW_ZONE = "Etc/GMT+12", "Etc/GMT-12"
NATO = NEWS["no negotiation about Ukraine without Ukraine"]["headline"]
STRIKE_HEADLINE = NEWS["Shipping lines are preparing"]["headline"]


def _day(zone_hours: int) -> str:
    return (datetime.now(UTC) + timedelta(hours=zone_hours)).date().isoformat()


@pytest.fixture
def newsroom() -> Any:
    server = Newsroom(NEWS)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _text_page(text: str, published: str) -> str:
    """A plain-text article as a news page: its first line the title."""
    title, *paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return page(title.strip(), published, *(p.strip() for p in paragraphs))


def _publish(pages: PageServer, *, rss_pages: list[str], atom_pages: list[str]) -> list[str]:
    """Serve the pages and the two feeds listing them; returns the feeds' URLs."""
    now = datetime.now(UTC)
    known = {
        "airport": AIRPORT,
        "port": _text_page(PORT_STRIKE, "2026-12-07"),
        "greenhouse": _text_page(GREENHOUSE, "2026-12-07"),
        "nato": NATO_TALKS,
        "budget": DEFENCE_BUDGET,
        "strike": _text_page(STRIKE, "2026-12-07"),
        "strike-moved": _text_page(STRIKE_MOVED, "2026-12-09"),
    }

    def entries(names: list[str]) -> list[tuple[str, str, datetime]]:
        # The shared NATO story is the oldest entry: only its two feeds make it the biggest.
        return [
            (name, pages.add(f"/news/{name}.html", known[name]), now - timedelta(hours=i + 1))
            for i, name in enumerate(names)
        ]

    return [
        pages.add("/world.rss", rss(*entries(rss_pages)), RSS_TYPE),
        pages.add("/europe.atom", atom_feed(*entries(atom_pages)), ATOM_TYPE),
    ]


def _config(home: Path, newsroom: Newsroom, smtp: SmtpServer, table: str) -> Path:
    path = home / "briefing.toml"
    path.write_text(
        f'base_url = "{newsroom.base_url}"\nmodel = "m"\ntimeout = 10\n'
        f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\n'
        'from = "Briefing <bot@example.org>"\n' + table,
        encoding="utf-8",
    )
    return path


def _edition(work: Path, feeds: list[str], readers: list[str], zone: str) -> str:
    return f"""
[editions.morning]
feed = {json.dumps(feeds)}
since = "24h"
format = "html"
output = "{work}/morning.html"
archive = "{work}/archive"
ics = "{work}/morning.ics"
email_to = {json.dumps(readers)}
tz = "{zone}"
since_last = true
"""


def _snapshot(work: Path, state: Path) -> dict[str, bytes]:
    """Every file the edition wrote: archive, output, calendar and its since-last state."""
    files = [*sorted((work / "archive").iterdir()), work / "morning.html", work / "morning.ics"]
    files.append(state / "last-digest.json")
    return {str(p): p.read_bytes() for p in files}


def _chat(newsroom: Newsroom) -> int:
    return sum(1 for r in newsroom.requests if r.path.endswith("/chat/completions"))


def _parts(message: Any) -> tuple[str, str]:
    text, html = (p.get_content() for p in message.iter_parts())
    return text, html


def test_a_day_of_the_morning_edition_keeps_what_was_sent(
    page_server: PageServer, newsroom: Newsroom, isolated_env: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    state = isolated_env / ".local" / "state" / "briefing" / "editions" / "morning"
    feeds = _publish(
        page_server,
        rss_pages=["airport", "port", "greenhouse", "nato"],
        atom_pages=["budget", "strike", "nato"],
    )
    day = _day(-12)
    with SmtpServer() as smtp:
        config = _config(
            isolated_env,
            newsroom,
            smtp,
            _edition(work, feeds, ["me@example.org", "team@example.org"], TODAY_ZONE),
        )
        # 07:00: the cron line. Both feeds are read whatever their content type says.
        cron = run_briefing("digest", "--edition", "morning", cwd=work)
        assert cron.returncode == 0, cron.stderr
        assert cron.stdout == "" and cron.stderr == ""
        [first] = smtp.received
        assert first.rcpt_tos == ["me@example.org", "team@example.org"]
        kept = json.loads((work / "archive" / f"{day}-morning.json").read_text("utf-8"))
        assert kept["totals"]["articles"] == 6 and len(kept["stories"]) == 6
        # The story both feeds carry is the day's biggest: first in the digest and the index.
        assert kept["stories"][0]["headline"] == NATO and kept["stories"][0]["carried"] == 2
        index = (work / "archive" / "index.html").read_text("utf-8")
        [link] = re.findall(r'<a href="[^"]+"[^>]*>([^<]+)</a>', index)
        assert link.endswith(f": {NATO}") and day[:4] in link  # the date and the top story
        text, html = _parts(first.message)
        # A quote shown alone loses the comma that joined it to its sentence.
        assert "“There can be no negotiation about Ukraine without Ukraine”" in text
        assert "Ukraine,”" not in text and "Ukraine,”" not in html
        listing = run_briefing("editions", cwd=work)
        assert "6 articles, 6 new stories" in listing.stdout, listing.stdout

        # 09:30: the feeds have moved on (the storm story is gone) and a reader is added.
        _publish(
            page_server,
            rss_pages=["port", "greenhouse", "nato"],
            atom_pages=["budget", "strike", "nato"],
        )
        before = _snapshot(work, state)
        chats, fetched = _chat(newsroom), len(page_server.requests)
        config.write_text(
            config.read_text("utf-8").replace(
                '"team@example.org"]', '"team@example.org", "new@example.org"]'
            ),
            "utf-8",
        )
        added = run_briefing("digest", "--edition", "morning", cwd=work)
        assert added.returncode == 0, added.stderr
        assert added.stdout == "" and added.stderr == ""
        late = smtp.received[-1]
        assert late.rcpt_tos == ["new@example.org"]
        assert _parts(late.message) == _parts(first.message)  # the edition as it was sent
        assert late.message["Subject"] == first.message["Subject"]
        assert _snapshot(work, state) == before  # nothing sent was rewritten
        assert (_chat(newsroom), len(page_server.requests)) == (chats, fetched)
        listing = run_briefing("editions", cwd=work)
        assert "sent to me@example.org, team@example.org, new@example.org" in listing.stdout

        # A forced rerun the same day is the day's second edition; the first stays as it was.
        forced = run_briefing("digest", "--edition", "morning", "--force", cwd=work)
        assert forced.returncode == 0, forced.stderr
        assert smtp.received[-1].rcpt_tos == [
            "me@example.org",
            "team@example.org",
            "new@example.org",
        ]
        for name, data in before.items():
            if "-morning." in name:  # the day's edition: its HTML and JSON
                assert Path(name).read_bytes() == data, name
        second = json.loads((work / "archive" / f"{day}-morning.2.json").read_text("utf-8"))
        assert second["totals"]["articles"] == 5
        index = (work / "archive" / "index.html").read_text("utf-8")
        assert re.findall(r'href="(\d{4}-[^"]+)"', index) == [
            f"{day}-morning.2.html",
            f"{day}-morning.html",
        ]
        assert "edition 2 of the day" in index

        # The next morning: a follow-up on the strike; the rest was sent yesterday, unchanged.
        _publish(
            page_server,
            rss_pages=["port", "greenhouse", "nato", "strike-moved"],
            atom_pages=["budget", "strike", "nato"],
        )
        config.write_text(config.read_text("utf-8").replace(TODAY_ZONE, TOMORROW_ZONE), "utf-8")
        morning = run_briefing("digest", "--edition", "morning", cwd=work)
        assert morning.returncode == 0, morning.stderr
        text, _html = _parts(smtp.received[-1].message)
    assert smtp.received[-1].message["Subject"].endswith(f"({_day(12)})")
    stories = text[text.index("Stories") : text.index("Earlier (already sent, unchanged)")]
    assert STRIKE_HEADLINE in stories and NATO not in stories  # what changed comes first
    earlier = text[text.index("Earlier (already sent, unchanged)") :]
    assert NATO in earlier.split("Articles")[0]
    assert "Date: 2026-12-14 -> 2026-12-18 — Antwerp dockworkers strike" in text
    assert ".:" not in text


def test_a_failing_feed_never_stops_the_edition(
    page_server: PageServer, newsroom: Newsroom, isolated_env: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    feeds = _publish(page_server, rss_pages=["port", "nato"], atom_pages=["budget"])
    broken = page_server.add("/down.rss", "Service Unavailable", "text/plain", status=503)
    with SmtpServer() as smtp:
        _config(
            isolated_env,
            newsroom,
            smtp,
            _edition(work, [feeds[0], broken, feeds[1]], ["me@example.org"], TODAY_ZONE),
        )
        run = run_briefing("digest", "--edition", "morning", cwd=work)
    assert run.returncode == 7, run.stderr  # partly failed: documented in errors.py, README
    assert run.stderr.splitlines() == [
        f"Error: {broken}: the site answered HTTP 503; try again later"
    ]
    [sent] = smtp.received
    text, html = _parts(sent.message)
    assert "3 articles, 1 failed" in text
    assert f"{broken}: the site answered HTTP 503" in text  # the digest says which and why
    kept = json.loads(next((work / "archive").glob("*-morning.json")).read_text("utf-8"))
    assert [f["source"] for f in kept["failed"]] == [broken]
    listing = run_briefing("editions", cwd=work)
    assert "3 articles, 1 source(s) failed" in listing.stdout


def test_an_article_link_that_is_a_feed_says_so(page_server: PageServer, tmp_path: Path) -> None:
    feed = page_server.add("/world.rss", rss(), RSS_TYPE)
    result = run_briefing("generate", feed, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"Error: {feed}: is a feed ({RSS_TYPE}), not an article; brief its entries with "
        f"`briefing digest --feed {feed}`"
    )


def test_earlier_stories_are_listed_apart_or_left_out(newsroom: Newsroom, tmp_path: Path) -> None:
    work = tmp_path
    for name, text in {
        "port.txt": PORT_STRIKE,
        "strike.txt": STRIKE,
        "green.txt": GREENHOUSE,
    }.items():
        (work / name).write_text(text, encoding="utf-8")
    llm = llm_args(newsroom.base_url)

    def digest(*args: str) -> dict[str, Any]:
        result = run_briefing("digest", *args, "--since-last", "-f", "json", *llm, cwd=work)
        assert result.returncode == 0, result.stderr
        data: dict[str, Any] = json.loads(result.stdout)
        return data

    def shown(d: dict[str, Any]) -> list[tuple[str, str | None]]:
        return [(s["headline"], s["status"]) for s in d["stories"]]

    first = digest("port.txt")
    assert shown(first) == [(NEWS["Rotterdam"]["headline"], None)]  # nothing to compare with
    omitted = digest("port.txt", "strike.txt", "--earlier", "omit")
    assert shown(omitted) == [(STRIKE_HEADLINE, "new")]
    assert [b["headline"] for b in omitted["briefings"]] == [STRIKE_HEADLINE]
    # What was left out stays known: the port story is not "new" the day after.
    assert digest("port.txt", "strike.txt", "--earlier", "omit")["stories"] == []
    # The default lists it apart, after what is new; the new article's briefing comes first.
    apart = digest("port.txt", "strike.txt", "green.txt")
    assert shown(apart) == [
        (NEWS["Westland"]["headline"], "new"),
        (NEWS["Rotterdam"]["headline"], "earlier"),
        (STRIKE_HEADLINE, "earlier"),
    ]
    assert apart["briefings"][0]["headline"] == NEWS["Westland"]["headline"]
    markdown = run_briefing(
        "digest", "port.txt", "strike.txt", "green.txt", "--since-last", *llm, cwd=work
    )
    assert "## Earlier (already sent, unchanged)" in markdown.stdout
    assert "## Stories" not in markdown.stdout  # nothing new: no story list above it


def test_digest_lines_read_right() -> None:
    from test_sources_render import _briefing

    from briefing.brief import digest as dg
    from briefing.output import render

    d = dg.build([("article.txt", _briefing("Harbour talks"))], [])
    html = render.digest(d, "html")
    # A disagreement comes under its heading, so it never reads as one more claim.
    heading = html.index("Where they disagree")
    assert heading < html.index("Seat at the &lt;table&gt;") < html.index("Trump negotiates")
    md = render.digest(d, "md")
    assert md.index("Where they disagree:") < md.index("Seat at the")
    # A standalone quote without the comma that belonged to its sentence, in every format.
    for text in (html, md, render.to_html(d.briefings[0]), render.to_text(d.briefings[0])):
        assert "crucial," not in text
        assert "crucial”" in text or 'crucial"' in text


def test_since_last_lines_read_right(newsroom: Newsroom, tmp_path: Path) -> None:
    # A model that labels the follow-up's events with whole sentences, one of them a quote.
    drafts = dict(NEWS)
    drafts["former labour ministry official"] = {
        **NEWS["former labour ministry official"],
        "events": [
            {"id": 1, "what": "The strike by Antwerp dockworkers will now begin on December 18."}
        ],
    }
    newsroom.drafts = drafts
    for name, text in {"strike.txt": STRIKE, "moved.txt": STRIKE_MOVED}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    llm = llm_args(newsroom.base_url)
    first = run_briefing("digest", "strike.txt", "--since-last", *llm, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    second = run_briefing("digest", "moved.txt", "--since-last", *llm, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    block = second.stdout.split("## Since the last digest")[1].split("## ")[0]
    assert "- Updated: Antwerp dockworkers strike set for December 14" in block
    assert (
        "  - Date: 2026-12-18 \\(new\\) — The strike by Antwerp dockworkers will now begin "
        "on December 18\n"
    ) in block
    assert ".:" not in block and "Event added" not in block  # listed once, under its story


def test_quoted_words_are_never_listed_as_an_event_added() -> None:
    from test_sources_render import _briefing

    from briefing.brief import digest as dg

    before = dg.build([("old.txt", _briefing("Harbour talks"))], [])
    b = _briefing("Dock strike")
    event = b.next_events[0]
    b = b.model_copy(
        update={
            "source": b.source.model_copy(update={"sha256": "1" * 64}),
            "next_events": [
                event.model_copy(
                    update={"description": "“We will strike again on Friday,” Janssen said."}
                ),
                event.model_copy(
                    update={"description": "Talks resume in Rotterdam.", "date": "2026-12-18"}
                ),
            ],
        }
    )
    now = dg.build([("new.txt", b)], [])
    changes = dg.compare(now, before.model_dump(mode="json"), today=date(2026, 12, 8))
    assert changes.events_added == ["2026-12-18 — Talks resume in Rotterdam"]


def test_when_every_feed_fails_nothing_is_sent(
    page_server: PageServer, newsroom: Newsroom, isolated_env: Path, tmp_path: Path
) -> None:
    down = page_server.add("/down.rss", "Service Unavailable", "text/plain", status=503)
    gone = page_server.url("/gone.atom")
    with SmtpServer() as smtp:
        _config(
            isolated_env,
            newsroom,
            smtp,
            _edition(tmp_path, [down, gone], ["me@example.org"], TODAY_ZONE),
        )
        run = run_briefing("digest", "--edition", "morning", cwd=tmp_path)
    assert run.returncode == 5, run.stderr  # the failures disagree: temporary wins
    assert run.stderr.splitlines() == [
        f"Error: {down}: the site answered HTTP 503; try again later",
        f"Error: {gone}: the site answered HTTP 404",
        f"Error: every source failed; first: {down}: the site answered HTTP 503; try again later",
    ]
    assert smtp.received == [] and _chat(newsroom) == 0
    assert not (tmp_path / "morning.html").exists()
    assert list((tmp_path / "archive").iterdir()) == []
