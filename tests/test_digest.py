"""Web articles, feeds and digests end to end: the real console script against two loopback
servers (pages and feeds from `page_server`, an OpenAI-compatible model from `chat_server`)."""

from __future__ import annotations

import json
import os
import pty
import re
import socket
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from chatserver import ChatServer, Request, Step
from console import briefing_exe, llm_args, one_error_line, run_briefing
from pageserver import PageServer

from briefing.ingest.fetch import USER_AGENT, article_from_html, parse_feed
from briefing.models import Briefing

# --- articles as news sites serve them: navigation, related links and a footer around the story

FURNITURE = [
    "Subscribe to the Harbour Gazette newsletter",
    "Celebrity chef opens a floating restaurant",
    "Copyright 2025 Harbour Gazette Media Group",
    "Cookie settings",
]


def page(title: str, published: str, *paragraphs: str) -> str:
    """A news page: the story inside <article>, site furniture around it."""
    body = "\n".join(f"    <p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} | Harbour Gazette</title>
  <meta property="og:title" content="{title}">
  <meta property="og:site_name" content="Harbour Gazette">
  <meta property="article:published_time" content="{published}T09:30:00+00:00">
</head>
<body>
  <header>
    <nav class="site-nav">
      <a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a>
      <a href="/subscribe">{FURNITURE[0]}</a>
    </nav>
  </header>
  <main>
   <article>
    <h1>{title}</h1>
    <p class="byline">By Anna Vermeer</p>
{body}
   </article>
   <aside class="related">
    <h2>Most read</h2>
    <ul><li><a href="/food/chef">{FURNITURE[1]}</a></li></ul>
   </aside>
  </main>
  <footer>
    <p>{FURNITURE[2]}. All rights reserved.</p>
    <p><a href="/privacy">Privacy policy</a> | <a href="/cookies">{FURNITURE[3]}</a></p>
  </footer>
</body>
</html>
"""


NATO_TALKS = page(
    "NATO allies press for Ukraine seat at peace talks",
    "2025-02-13",
    "BRUSSELS — NATO Secretary-General Mark Rutte said on Thursday that Ukraine must take part "
    "in any talks about ending the war.",
    "“There can be no negotiation about Ukraine without Ukraine,” Rutte told reporters at the "
    "alliance headquarters.",
    "U.S. Defense Secretary Pete Hegseth defended the approach of President Donald Trump.",
    "“Nobody is better placed to negotiate than the president,” Hegseth said.",
    "Defence ministers will meet again on Friday to discuss support for Kyiv.",
)
NATO_TALKS_QUOTES = [
    "There can be no negotiation about Ukraine without Ukraine,",
    "Nobody is better placed to negotiate than the president,",
]
NATO_FOLLOWUP = page(
    "NATO allies demand Ukraine seat at peace talks",
    "2025-02-14",
    "BRUSSELS — Allies pressed Washington on Friday to keep Ukraine at the table in peace talks.",
    "“Ukraine has to be involved in every step,” NATO Secretary-General Mark Rutte told "
    "reporters after the meeting.",
    "U.S. Defense Secretary Pete Hegseth said the United States would lead the effort.",
    "“We will not let others set the terms,” Hegseth said.",
    "The ministers will meet again on Monday in Brussels.",
)
DEFENCE_BUDGET = page(
    "Germany lifts military spending as alliance urges more",
    "2025-02-12",
    "BERLIN — Germany will raise its military spending to three percent of economic output, "
    "Defence Minister Boris Pistorius said on Wednesday.",
    "“We cannot wait for the next crisis to find the money,” Pistorius said in parliament.",
    "NATO Secretary-General Mark Rutte welcomed the plan during a visit to Berlin.",
    "“This is the leadership Europe needs,” Rutte said.",
    "The Bundestag is due to vote on the budget on March 3, 2025.",
)
AIRPORT = page(
    "Schiphol cancels hundreds of flights as storm hits",
    "2025-02-15",
    "AMSTERDAM — Schiphol airport cancelled more than 400 flights on Saturday as a winter storm "
    "swept across the Netherlands.",
    "“Safety comes first, so we are asking travellers to stay at home,” airport spokesman "
    "Pieter Visser said.",
    "Rail operators also cut services in the north of the country.",
    "The airport expects to resume a full schedule on Sunday.",
)
HOSTILE_TITLE = page(
    "Dockers &lt;script&gt;alert(1)&lt;/script&gt; strike in Antwerp",
    "2025-02-15",
    "ANTWERP — Dockworkers in Antwerp walked out on Saturday after pay talks collapsed late on "
    "Friday night.",
    "“We have been patient for months,” union spokeswoman Marieke Janssen told reporters.",
    "Shipping lines began diverting container ships to other ports.",
)
PORT_STRIKE = (
    "Rotterdam port strike halts container traffic\n\n"
    "Dockworkers at the port of Rotterdam stopped work on Monday in a dispute over automation "
    "and job security.\n\n"
    "“The machines are taking our jobs and nobody is talking to us,” union leader Marieke "
    "Janssen said outside the terminal gates.\n\n"
    "The port authority said more than forty ships were waiting to unload.\n\n"
    "Talks between the union and the employers are set to resume on February 20, 2025.\n"
)
GREENHOUSE = (
    "Dutch growers switch off greenhouse lights as gas prices climb\n\n"
    "Tomato and pepper growers in the Westland region are switching off their greenhouse lamps "
    "until next spring because heating and lighting have become too expensive.\n\n"
    "“At these prices every lamp we switch on loses us money,” grower Kees Mulder said.\n\n"
    "Supermarkets expect to import more vegetables from Spain and Morocco.\n"
)


def draft(
    headline: str,
    summary: str,
    *,
    quotes: Sequence[tuple[int, str]] = (),
    actors: Sequence[tuple[str, str, str | None]] = (),
    events: Sequence[tuple[int, str]] = (),
) -> dict[str, Any]:
    """A valid model answer in full mode; events are (candidate id, what): the model picks
    the candidates the evidence offers (E1 is the first sentence announcing something)."""
    return {
        "headline": headline,
        "summary": summary,
        "quotes": [{"id": i, "speaker": s} for i, s in quotes],
        "actors": [{"name": n, "kind": k, "role": r, "stance": None} for n, k, r in actors],
        "claims": [],
        "disagreements": [],
        "events": [{"id": n, "what": what} for n, what in events],
    }


RUTTE = ("Mark Rutte", "person", "NATO Secretary-General")
HEGSETH = ("Pete Hegseth", "person", "U.S. Defense Secretary")
# What a capable model answers for each article, keyed by words only that article contains.
DRAFTS: dict[str, dict[str, Any]] = {
    "no negotiation about Ukraine without Ukraine": draft(
        "Rutte says Ukraine must join any peace talks",
        "NATO chief Mark Rutte said Ukraine must take part in talks about ending the war. "
        "Pete Hegseth defended Donald Trump's approach.",
        quotes=[(1, "Mark Rutte"), (2, "Pete Hegseth")],
        actors=[RUTTE, HEGSETH],
        events=[(1, "Defence ministers meet again")],
    ),
    "involved in every step": draft(
        "Allies demand Ukraine seat as Hegseth says U.S. will lead",
        "Allies pressed Washington to keep Ukraine in peace talks. Pete Hegseth said the "
        "United States would lead the effort.",
        quotes=[(1, "Mark Rutte"), (2, "Pete Hegseth")],
        actors=[RUTTE, HEGSETH],
        events=[(1, "Ministers meet in Brussels")],
    ),
    "Pistorius": draft(
        "Germany raises military spending to three percent",
        "Boris Pistorius said Germany will spend three percent of output on its military. "
        "Mark Rutte welcomed the plan.",
        quotes=[(1, "Boris Pistorius"), (2, "Mark Rutte")],
        actors=[("Boris Pistorius", "person", "Defence Minister"), RUTTE],
        events=[(1, "Bundestag votes on the budget")],
    ),
    "Schiphol": draft(
        "Storm forces Schiphol to cancel hundreds of flights",
        "Schiphol cancelled more than 400 flights as a winter storm swept across the Netherlands.",
        quotes=[(1, "Pieter Visser")],
        actors=[("Pieter Visser", "person", "airport spokesman")],
        events=[(1, "Full flight schedule resumes")],
    ),
    "Antwerp": draft(
        "Antwerp dockworkers strike after pay talks collapse",
        "Dockworkers in Antwerp walked out. <script>alert(2)</script> Ships are being diverted.",
        quotes=[(1, "Marieke Janssen")],
        actors=[("Marieke Janssen", "person", "union spokeswoman")],
    ),
    "Rotterdam": draft(
        "Rotterdam dockworkers strike over automation",
        "Dockworkers at the port of Rotterdam stopped work over automation and job security.",
        quotes=[(1, "Marieke Janssen")],
        actors=[("Marieke Janssen", "person", "union leader")],
        events=[(1, "Union and employers resume talks")],
    ),
    "Westland": draft(
        "Dutch growers switch off greenhouse lights",
        "Growers in the Westland region are switching off greenhouse lamps because energy has "
        "become too expensive.",
        quotes=[(1, "Kees Mulder")],
        actors=[("Kees Mulder", "person", "grower")],
        events=[(1, "Growers switch the lamps back on")],
    ),
}
HEADLINE = {marker: d["headline"] for marker, d in DRAFTS.items()}
# A valid answer for any article in full mode: nothing that must be found in the text.
GENERIC = draft("Officials respond to the latest developments", "Officials responded.")
BRIEFING_KEYS = set(Briefing.model_fields)


class Newsroom(ChatServer):
    """The loopback chat server, answering each briefing request with the draft for the article
    in its prompt: with --jobs N requests arrive in any order, and each still gets its answer."""

    def __init__(self, drafts: dict[str, dict[str, Any]]) -> None:
        super().__init__()
        self.drafts = drafts
        self._current = threading.local()

    def _record(self, request: Request) -> None:
        super()._record(request)
        self._current.request = request  # the handler thread asks for its step right after

    def _next_step(self) -> Step | None:
        request: Request | None = getattr(self._current, "request", None)
        prompt = "\n".join(
            str(m.get("content", ""))
            for m in (request.messages if request else [])
            if m.get("role") == "user"
        )
        for marker, answer in self.drafts.items():
            if marker in prompt:
                return Step("reply", content=json.dumps(answer), usage=(1000, 200))
        return super()._next_step()


@pytest.fixture
def newsroom() -> Iterator[Newsroom]:
    """A started Newsroom with DRAFTS; stopped after the test."""
    server = Newsroom(DRAFTS)
    server.start()
    try:
        yield server
    finally:
        server.stop()


# --- running the console script


def _briefing_requests(server: ChatServer) -> list[Request]:
    return [r for r in server.requests if r.path.endswith("/chat/completions")]


def _bulletin(i: int) -> str:
    """A paragraph of its own for article i, so copies of one story are not near-duplicates."""
    return f"Bulletin {i}. " + " ".join(f"Desk{i} note{k} item{i * 7 + k}." for k in range(30))


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss(*items: tuple[str, str, datetime]) -> str:
    """An RSS 2.0 feed of (title, link, published) items."""
    entries = "\n".join(
        f"""    <item>
      <title>{title}</title>
      <link>{link}</link>
      <guid isPermaLink="true">{link}</guid>
      <pubDate>{format_datetime(when)}</pubDate>
      <description>{title}.</description>
    </item>"""
        for title, link, when in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Harbour Gazette — World</title>
    <link>https://gazette.example/world</link>
    <description>World news from the Harbour Gazette</description>
    <language>en</language>
{entries}
  </channel>
</rss>
"""


def atom(*entries: tuple[str, str, datetime]) -> str:
    """An Atom feed of (title, link, published) entries."""
    body = "\n".join(
        f"""  <entry>
    <title>{title}</title>
    <link rel="alternate" type="text/html" href="{link}"/>
    <id>{link}</id>
    <published>{when.isoformat()}</published>
    <updated>{when.isoformat()}</updated>
    <summary>{title}.</summary>
  </entry>"""
        for title, link, when in entries
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harbour Gazette — Europe</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2025-02-15T10:00:00Z</updated>
  <link rel="self" href="https://gazette.example/europe.atom"/>
{body}
</feed>
"""


@pytest.fixture
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "port.txt").write_text(PORT_STRIKE, encoding="utf-8")
    (folder / "greenhouse.txt").write_text(GREENHOUSE, encoding="utf-8")
    return folder


def _state_file(home: Path) -> Path:
    # conftest leaves XDG_STATE_HOME unset, so the state dir is under the isolated home
    return home / ".local" / "state" / "briefing" / "last-digest.json"


# --- extraction and feeds, in process


def test_article_from_html_keeps_the_story_and_drops_the_furniture() -> None:
    article = article_from_html(NATO_TALKS, url="https://gazette.example/nato")
    assert article.title == "NATO allies press for Ukraine seat at peace talks"
    assert article.published == "2025-02-13"
    assert article.url == "https://gazette.example/nato"
    for quote in NATO_TALKS_QUOTES:
        assert quote in article.text
    assert "Hegseth said." in article.text
    assert "Defence ministers will meet again on Friday" in article.text
    for junk in [*FURNITURE, "Most read", "Privacy policy", "Business"]:
        assert junk not in article.text, junk


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<html><head><title>Home</title></head><body></body></html>", "no article text found"),
        (
            "<html><body><nav><a href='/'>Home</a></nav></body></html>",
            "too little text to brief",
        ),
    ],
)
def test_article_from_html_refuses_a_page_without_an_article(html: str, message: str) -> None:
    from briefing.errors import InputError

    with pytest.raises(InputError, match=message):
        article_from_html(html, url="https://gazette.example/")


NOW = datetime(2025, 2, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_parse_feed_since_keeps_recent_entries_newest_first(kind: str) -> None:
    make = rss if kind == "rss" else atom
    data = make(
        ("Germany lifts military spending", "https://g.example/budget", NOW - timedelta(days=3)),
        ("Storm hits Schiphol", "https://g.example/storm", NOW - timedelta(hours=2)),
        ("NATO allies demand Ukraine seat", "https://g.example/nato", NOW - timedelta(hours=23)),
    ).encode("utf-8")

    recent = parse_feed(data, name="feed", since=timedelta(hours=24), now=NOW)
    assert [e.link for e in recent] == ["https://g.example/storm", "https://g.example/nato"]
    assert recent[0].title == "Storm hits Schiphol"
    assert recent[0].published == NOW - timedelta(hours=2)

    everything = parse_feed(data, name="feed", now=NOW)
    assert [e.link for e in everything] == [
        "https://g.example/storm",
        "https://g.example/nato",
        "https://g.example/budget",
    ]


def test_parse_feed_refuses_empty_and_unreadable_feeds() -> None:
    from briefing.errors import InputError

    with pytest.raises(InputError, match="no entries with links"):
        parse_feed(rss().encode(), name="empty.xml")
    with pytest.raises(InputError, match="not a readable RSS or Atom feed"):
        parse_feed(b"\x89PNG\r\n\x1a\n\x00\x00binary", name="img.png")


def test_parse_feed_dates_do_not_depend_on_the_local_time_zone() -> None:
    import time

    data = rss(("Storm hits Schiphol", "https://g.example/storm", NOW)).encode()
    old = os.environ.get("TZ")
    os.environ["TZ"] = "JST-9"  # Tokyo, no daylight saving
    time.tzset()
    try:
        entries = parse_feed(data, name="feed", now=NOW)
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()
    assert entries[0].published == NOW


# --- generate with an http(s) URL


def test_generate_briefs_a_web_page(
    page_server: PageServer, chat_server: ChatServer, work: Path
) -> None:
    url = page_server.add("/world/nato-talks.html", NATO_TALKS)
    chat_server.reply(GENERIC)

    result = run_briefing("generate", url, "-f", "json", *llm_args(chat_server.base_url), cwd=work)

    assert result.returncode == 0, result.stderr
    b = json.loads(result.stdout)
    assert b["source"]["url"] == url
    assert b["source"]["path"] is None
    assert b["source"]["title"] == "NATO allies press for Ukraine seat at peace talks"
    assert b["source"]["published"] == "2025-02-13"
    assert b["source"]["author"] == "Anna Vermeer"  # the byline, kept as the source's
    assert b["source"]["site"] == "Harbour Gazette"
    names = " ".join(a["name"] + " " + " ".join(a["aliases"]) for a in b["actors"])
    assert "Vermeer" not in names and "Gazette" not in names
    # The CLI briefed exactly the text the extractor gives: quote spans index into it.
    article = article_from_html(NATO_TALKS, url=url)
    assert b["source"]["sha256"] == article.sha256
    assert b["source"]["chars"] == len(article.text)
    quotes = [c for c in b["claims"] if c["quote"]]
    assert [c["quote"] for c in quotes] == NATO_TALKS_QUOTES
    for c in quotes:
        start, end = c["quote_span"]
        assert article.text[start:end] == c["quote"]
    # The model saw the story, not the site's navigation, related links or footer.
    (request,) = _briefing_requests(chat_server)
    prompt = request.messages[-1]["content"]
    assert "no negotiation about Ukraine" in prompt
    for junk in [*FURNITURE, "Most read", "Privacy policy"]:
        assert junk not in prompt, junk
    # The page was fetched once, saying who we are.
    (hit,) = page_server.hits("/world/nato-talks.html")
    assert hit.headers["user-agent"] == USER_AGENT
    assert hit.headers["user-agent"].startswith("briefing/")


def test_generate_follows_redirects_and_reports_the_final_url(
    page_server: PageServer, chat_server: ChatServer, work: Path
) -> None:
    final = page_server.add("/2025/02/14/nato-followup.html", NATO_FOLLOWUP)
    start = page_server.redirect("/latest", "/short/nato")
    page_server.redirect("/short/nato", "/2025/02/14/nato-followup.html", status=302)
    chat_server.reply(GENERIC)
    out = work / "b.json"

    result = run_briefing(
        "generate", start, "-f", "json", "-o", str(out), *llm_args(chat_server.base_url), cwd=work
    )

    assert result.returncode == 0, result.stderr
    b = json.loads(out.read_text(encoding="utf-8"))
    assert b["source"]["url"] == final
    assert b["source"]["title"] == "NATO allies demand Ukraine seat at peace talks"
    assert [h.path for h in page_server.requests] == [
        "/latest",
        "/short/nato",
        "/2025/02/14/nato-followup.html",
    ]
    assert all(h.headers["user-agent"].startswith("briefing/") for h in page_server.requests)


def test_generate_refuses_a_redirect_loop(
    page_server: PageServer, chat_server: ChatServer, work: Path
) -> None:
    page_server.redirect("/a", "/b")
    url = page_server.redirect("/b", "/a")
    out = work / "b.md"

    result = run_briefing(
        "generate", url, "-o", str(out), *llm_args(chat_server.base_url), cwd=work
    )

    assert result.returncode == 2
    assert "too many redirects" in one_error_line(result)
    assert not out.exists()
    assert chat_server.requests == []


@pytest.mark.parametrize(
    ("setup", "code", "message"),
    [
        ("404", 2, "the site answered HTTP 404"),
        ("410", 2, "the site answered HTTP 410"),
        ("503", 5, "the site answered HTTP 503; try again later"),
        ("png", 2, "is image/png, not a web page or feed"),
        ("closed", 5, "cannot be reached (ConnectError)"),
        ("furniture", 2, "too little text to brief"),
        ("feed", 2, "is a feed (application/rss+xml), not an article; brief its entries with"),
    ],
)
def test_generate_refuses_unusable_urls(
    page_server: PageServer,
    chat_server: ChatServer,
    work: Path,
    setup: str,
    code: int,
    message: str,
) -> None:
    if setup in ("404", "410", "503"):
        url = page_server.add("/gone.html", "<html><body>Gone</body></html>", status=int(setup))
    elif setup == "png":
        url = page_server.add("/chart.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
    elif setup == "closed":
        url = f"http://127.0.0.1:{_closed_port()}/article.html"
    elif setup == "feed":
        url = page_server.add("/rss.xml", rss(), "application/rss+xml")
        message += f" `briefing digest --feed {url}`"
    else:
        url = page_server.add("/", "<html><body><nav><a href='/a'>Home</a></nav></body></html>")
    out = work / "briefing.md"

    result = run_briefing(
        "generate", url, "-o", str(out), *llm_args(chat_server.base_url), cwd=work
    )

    assert result.returncode == code, result.stderr
    line = one_error_line(result)
    assert url in line
    assert message in line
    assert not out.exists()
    assert sorted(p.name for p in work.iterdir()) == ["greenhouse.txt", "port.txt"]
    assert chat_server.requests == []


# --- digest


def test_digest_of_files_a_page_and_a_feed(
    page_server: PageServer, newsroom: Newsroom, work: Path
) -> None:
    talks = page_server.add("/world/nato-talks.html", NATO_TALKS)
    followup = page_server.add("/world/nato-followup.html", NATO_FOLLOWUP)
    budget = page_server.add("/europe/germany-budget.html", DEFENCE_BUDGET)
    feed = page_server.add(
        "/world/rss.xml",
        rss(
            ("Germany lifts military spending", budget, datetime(2025, 2, 12, 9, 30, tzinfo=UTC)),
            ("NATO allies demand Ukraine seat", followup, datetime(2025, 2, 14, 9, 30, tzinfo=UTC)),
        ),
        "application/rss+xml; charset=utf-8",
    )
    out = work / "digest.json"

    result = run_briefing(
        "digest", "port.txt", "greenhouse.txt", talks, "--feed", feed,
        "-f", "json", "--jobs", "4", "-o", str(out), *llm_args(newsroom.base_url),
        cwd=work,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    d = json.loads(out.read_text(encoding="utf-8"))
    # Every article briefed once, in the order given (files, URLs, then the feed, newest first).
    assert len(_briefing_requests(newsroom)) == 5
    assert d["failed"] == []
    assert d["totals"]["articles"] == 5
    assert d["totals"]["failed"] == 0
    assert d["totals"]["cached"] == 0
    assert d["totals"]["usage"]["prompt_tokens"] == 5 * 1000
    assert d["totals"]["usage"]["completion_tokens"] == 5 * 200
    bs = d["briefings"]
    assert [b["source"]["path"] for b in bs] == ["port.txt", "greenhouse.txt", None, None, None]
    assert [b["source"]["url"] for b in bs] == [None, None, talks, followup, budget]
    assert [b["headline"] for b in bs] == [
        HEADLINE["Rotterdam"],
        HEADLINE["Westland"],
        HEADLINE["no negotiation about Ukraine without Ukraine"],
        HEADLINE["involved in every step"],
        HEADLINE["Pistorius"],
    ]
    # Each briefing is exactly what `generate -f json` publishes.
    for b in bs:
        assert set(b) == BRIEFING_KEYS
        Briefing.model_validate(b)
    assert bs[2]["source"]["title"] == "NATO allies press for Ukraine seat at peace talks"
    assert bs[4]["source"]["published"] == "2025-02-12"
    # The two NATO pages are one story; every other article is its own.
    stories = d["stories"]
    assert len(stories) == 4
    nato = stories[0]
    assert [s["article"] for s in nato["sources"]] == [2, 3]
    assert [s["url"] for s in nato["sources"]] == [talks, followup]
    assert [s["title"] for s in nato["sources"]] == [
        "NATO allies press for Ukraine seat at peace talks",
        "NATO allies demand Ukraine seat at peace talks",
    ]
    assert nato["headline"] == HEADLINE["no negotiation about Ukraine without Ukraine"]
    assert sorted(s["sources"][0]["article"] for s in stories[1:]) == [0, 1, 4]
    assert len({s["key"] for s in stories}) == 4
    # One entry per person across articles.
    actors = {a["name"]: a for a in d["actors"]}
    assert [a["name"] for a in d["actors"]].count("Mark Rutte") == 1
    assert actors["Mark Rutte"]["articles"] == [2, 3, 4]
    assert actors["Mark Rutte"]["roles"] == ["NATO Secretary-General"]
    assert actors["Pete Hegseth"]["articles"] == [2, 3]
    assert actors["Marieke Janssen"]["articles"] == [0]
    assert d["actors"][0]["name"] == "Mark Rutte"  # the most widely reported first
    # One timeline, dated events in date order, then the undated.
    assert [(e["date"], e["article"]) for e in d["timeline"]] == [
        ("2025-02-14", 2),  # "Friday" in an article of Thursday 13 February
        ("2025-02-17", 3),  # "Monday" in an article of Friday 14 February
        ("2025-02-20", 0),
        ("2025-03-03", 4),
        (None, 1),
        (None, 1),  # "Supermarkets expect to import more vegetables": no time given
    ]
    assert d["timeline"][-2]["when"] == "next spring"
    assert d["changes"] is None
    # Every page and the feed fetched once, as briefing.
    paths = sorted(h.path for h in page_server.requests)
    assert paths == sorted(
        ["/world/rss.xml", "/world/nato-talks.html", "/world/nato-followup.html",
         "/europe/germany-budget.html"]
    )  # fmt: skip
    assert all(h.headers["user-agent"].startswith("briefing/") for h in page_server.requests)


def test_digest_reports_a_broken_source_and_briefs_the_rest(
    page_server: PageServer, newsroom: Newsroom, work: Path
) -> None:
    talks = page_server.add("/world/nato-talks.html", NATO_TALKS)
    missing = page_server.url("/world/deleted-story.html")

    result = run_briefing(
        "digest", "port.txt", missing, talks, "-f", "json", *llm_args(newsroom.base_url), cwd=work
    )

    assert result.returncode == 7, result.stderr  # partly failed
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: {missing}: ")
    assert line.endswith(": the site answered HTTP 404")
    d = json.loads(result.stdout)
    assert d["failed"] == [
        {"source": missing, "error": f"{missing}: the site answered HTTP 404", "exit_code": 2}
    ]
    assert d["totals"]["failed"] == 1
    assert d["totals"]["articles"] == 2
    assert [b["headline"] for b in d["briefings"]] == [
        HEADLINE["Rotterdam"],
        HEADLINE["no negotiation about Ukraine without Ukraine"],
    ]
    assert len(_briefing_requests(newsroom)) == 2


def test_digest_names_a_failed_source_once(
    page_server: PageServer, newsroom: Newsroom, work: Path
) -> None:
    missing = page_server.url("/world/deleted-story.html")

    result = run_briefing(
        "digest", "port.txt", missing, "missing.txt", *llm_args(newsroom.base_url), cwd=work
    )

    assert result.returncode == 7, result.stderr
    assert result.stderr.splitlines() == [
        f"Error: {missing}: the site answered HTTP 404",
        "Error: missing.txt: no such file",
    ]


def test_digest_where_every_source_fails_exits_non_zero_without_output(
    page_server: PageServer, newsroom: Newsroom, work: Path
) -> None:
    gone = page_server.url("/gone.html")
    out = work / "digest.md"

    result = run_briefing(
        "digest", gone, "missing.txt", "-o", str(out), *llm_args(newsroom.base_url), cwd=work
    )

    assert result.returncode == 2  # every failure was bad input: exit as generate would
    lines = result.stderr.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"Error: {gone}: ")
    assert lines[0].endswith("the site answered HTTP 404")
    assert lines[1].startswith("Error: missing.txt: ")
    assert lines[1].endswith("no such file")
    assert lines[2].startswith(f"Error: every article failed; first: {gone}")
    assert lines[2].endswith("the site answered HTTP 404")
    assert not out.exists()
    assert newsroom.requests == []


def test_digest_of_an_empty_feed_is_a_usage_error(
    page_server: PageServer, newsroom: Newsroom, work: Path, isolated_env: Path
) -> None:
    feed = page_server.add("/empty.xml", rss(), "application/rss+xml")
    out = work / "digest.md"

    result = run_briefing(
        "digest", "--feed", feed, "-o", str(out), *llm_args(newsroom.base_url), cwd=work
    )

    assert result.returncode == 2
    assert one_error_line(result) == f"Error: {feed}: the feed has no entries with links"
    assert not out.exists()
    assert newsroom.requests == []
    assert not _state_file(isolated_env).exists()


@pytest.mark.parametrize(
    ("setup", "code", "message"),
    [
        ("404", 2, "the site answered HTTP 404"),
        ("png", 2, "is image/png, not a web page or feed"),
        ("closed", 5, "cannot be reached (ConnectError)"),
        ("garbage", 2, "not a readable RSS or Atom feed"),
        ("page", 2, "not a readable RSS or Atom feed"),
    ],
)
def test_digest_with_an_unusable_feed_briefs_the_rest(
    page_server: PageServer,
    newsroom: Newsroom,
    work: Path,
    setup: str,
    code: int,
    message: str,
) -> None:
    if setup == "404":
        feed = page_server.url("/missing.xml")
    elif setup == "png":
        feed = page_server.add("/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
    elif setup == "closed":
        feed = f"http://127.0.0.1:{_closed_port()}/rss.xml"
    elif setup == "garbage":
        feed = page_server.add("/rss.xml", "not a feed at all {", "text/xml")
    else:  # an article given as a feed
        feed = page_server.add("/world/nato-talks.html", NATO_TALKS)
    out = work / "digest.json"

    result = run_briefing(
        "digest", "port.txt", "--feed", feed, "-f", "json", "-o", str(out),
        *llm_args(newsroom.base_url), cwd=work,
    )  # fmt: skip

    assert result.returncode == 7, result.stderr  # partly failed: the rest went out
    line = one_error_line(result)
    assert line.startswith(f"Error: {feed}: ") and message in line
    d = json.loads(out.read_text(encoding="utf-8"))
    [failed] = d["failed"]
    assert failed["source"] == feed and message in failed["error"]
    assert failed["exit_code"] == code
    assert [b["headline"] for b in d["briefings"]] == [HEADLINE["Rotterdam"]]


def test_digest_feed_since_skips_old_entries(
    page_server: PageServer, newsroom: Newsroom, work: Path
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    airport = page_server.add("/storm.html", AIRPORT)
    budget = page_server.add("/budget.html", DEFENCE_BUDGET)
    feed = page_server.add(
        "/europe.atom",
        atom(
            ("Germany lifts military spending", budget, now - timedelta(days=3)),
            ("Schiphol cancels flights", airport, now - timedelta(hours=5)),
        ),
        "application/atom+xml",
    )

    result = run_briefing(
        "digest",
        "--feed",
        feed,
        "--since",
        "24h",
        "-f",
        "json",
        *llm_args(newsroom.base_url),
        cwd=work,
    )

    assert result.returncode == 0, result.stderr
    d = json.loads(result.stdout)
    assert [b["source"]["url"] for b in d["briefings"]] == [airport]
    assert page_server.hits("/budget.html") == []
    assert len(_briefing_requests(newsroom)) == 1

    bad = run_briefing(
        "digest", "--feed", feed, "--since", "yesterday", *llm_args(newsroom.base_url), cwd=work
    )
    assert bad.returncode == 2
    assert "--since 'yesterday'" in one_error_line(bad)


PRICES = json.dumps({"m": [1.0, 0.5, 2.0]})  # USD per million tokens
PER_ARTICLE_USD = (1000 * 1.0 + 200 * 2.0) / 1_000_000


def test_digest_cache_spends_nothing_on_a_rerun(
    page_server: PageServer, newsroom: Newsroom, work: Path, isolated_env: Path
) -> None:
    talks = page_server.add("/world/nato-talks.html", NATO_TALKS)
    args = [
        "digest",
        "port.txt",
        "greenhouse.txt",
        talks,
        "-f",
        "json",
        *llm_args(newsroom.base_url),
    ]

    first = run_briefing(*args, cwd=work, BRIEFING_PRICES=PRICES)
    assert first.returncode == 0, first.stderr
    d1 = json.loads(first.stdout)
    assert len(_briefing_requests(newsroom)) == 3
    assert d1["totals"]["cached"] == 0
    assert d1["totals"]["cost_usd"] == pytest.approx(3 * PER_ARTICLE_USD)
    assert [b["provenance"]["cost_usd"] for b in d1["briefings"]] == [
        pytest.approx(PER_ARTICLE_USD)
    ] * 3
    cache_file = isolated_env / ".cache" / "briefing" / "briefings.sqlite3"
    assert cache_file.is_file()

    second = run_briefing(*args, cwd=work, BRIEFING_PRICES=PRICES)
    assert second.returncode == 0, second.stderr
    d2 = json.loads(second.stdout)
    assert len(_briefing_requests(newsroom)) == 3  # not one more request
    assert d2["totals"]["cached"] == 3
    assert d2["totals"]["usage"] == {
        "prompt_tokens": 0,
        "completion_tokens": 0,
        "cached_prompt_tokens": 0,
    }
    assert d2["totals"]["cost_usd"] == 0
    assert all(b["provenance"]["cached"] for b in d2["briefings"])
    # Same briefings, same stories; the sources are those of this run.
    assert [b["headline"] for b in d2["briefings"]] == [b["headline"] for b in d1["briefings"]]
    assert [s["key"] for s in d2["stories"]] == [s["key"] for s in d1["stories"]]
    assert [b["source"]["url"] for b in d2["briefings"]] == [None, None, talks]

    fresh = run_briefing(*args, "--no-cache", cwd=work, BRIEFING_PRICES=PRICES)
    assert fresh.returncode == 0, fresh.stderr
    d3 = json.loads(fresh.stdout)
    assert len(_briefing_requests(newsroom)) == 6
    assert d3["totals"]["cached"] == 0
    assert d3["totals"]["usage"]["prompt_tokens"] == 3 * 1000

    stats = run_briefing("cache", "stats", cwd=work)
    assert stats.returncode == 0, stats.stderr
    assert stats.stdout.startswith("3 briefings, ")
    assert str(cache_file) in stats.stdout

    cleared = run_briefing("cache", "clear", cwd=work)
    assert cleared.returncode == 0, cleared.stderr
    assert cleared.stdout.strip() == "removed 3 briefings"
    after = run_briefing("cache", "stats", cwd=work)
    assert after.stdout.startswith("0 briefings, 0 bytes")

    again = run_briefing(*args, cwd=work)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["totals"]["cached"] == 0
    assert len(_briefing_requests(newsroom)) == 9


def _without_clock(digest: dict[str, Any]) -> dict[str, Any]:
    """A digest's JSON without what differs between two runs of the same articles."""
    digest = json.loads(json.dumps(digest))
    digest.pop("generated_at")
    digest["totals"].pop("elapsed_s")
    digest["totals"].pop("processes")
    for b in digest["briefings"]:
        for key in ("generated_at", "duration_s", "log_ids"):  # each run's own log entries
            b["provenance"].pop(key)
    return digest


def test_digest_in_worker_processes_gives_what_one_process_gives(
    newsroom: Newsroom, work: Path
) -> None:
    # An article the server has no answer for fails in whichever process briefs it; the others
    # come back to the parent, in the order given, with their evidence checked as in one process.
    (work / "odd.txt").write_text(
        "An article nobody has a draft for.\n\n" + _bulletin(3), encoding="utf-8"
    )
    newsroom.error(400, "no draft for this article", times=2)
    args = ["digest", "port.txt", "odd.txt", "greenhouse.txt", "-f", "json", "--no-cache"]
    args += [*llm_args(newsroom.base_url), "--jobs", "4"]

    one = run_briefing(*args, "--processes", "1", cwd=work)
    two = run_briefing(*args, "--processes", "2", cwd=work)

    for result in (one, two):
        assert result.returncode == 7, result.stderr
        (line,) = result.stderr.splitlines()
        assert line.startswith("Error: odd.txt: the server rejected the request (400)")
    d1, d2 = json.loads(one.stdout), json.loads(two.stdout)
    assert (d1["totals"]["processes"], d2["totals"]["processes"]) == (1, 2)
    assert [b["headline"] for b in d2["briefings"]] == [
        HEADLINE["Rotterdam"],
        HEADLINE["Westland"],
    ]
    assert d2["failed"][0]["exit_code"] == d1["failed"][0]["exit_code"] != 0
    assert _without_clock(d2) == _without_clock(d1)
    assert len(_briefing_requests(newsroom)) == 6


def test_generate_url_uses_the_cache_too(
    page_server: PageServer, chat_server: ChatServer, work: Path
) -> None:
    url = page_server.add("/world/nato-talks.html", NATO_TALKS)
    chat_server.reply(GENERIC)
    first = run_briefing("generate", url, "-f", "json", *llm_args(chat_server.base_url), cwd=work)
    second = run_briefing("generate", url, "-f", "json", *llm_args(chat_server.base_url), cwd=work)

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert len(_briefing_requests(chat_server)) == 1
    assert len(page_server.hits("/world/nato-talks.html")) == 2  # the page is read each time
    b = json.loads(second.stdout)
    assert b["provenance"]["cached"] is True
    assert b["provenance"]["usage"]["prompt_tokens"] == 0
    assert b["source"]["url"] == url


def test_digest_since_last_lists_what_is_new(
    page_server: PageServer, newsroom: Newsroom, work: Path, isolated_env: Path
) -> None:
    talks = page_server.add("/world/nato-talks.html", NATO_TALKS)
    storm = page_server.add("/netherlands/storm.html", AIRPORT)
    llm = llm_args(newsroom.base_url)

    first = run_briefing("digest", "port.txt", talks, "--since-last", "-f", "json", *llm, cwd=work)
    assert first.returncode == 0, first.stderr
    d1 = json.loads(first.stdout)
    assert d1["changes"]["previous"] is None
    assert d1["changes"]["new_stories"] == []
    state = _state_file(isolated_env)
    assert json.loads(state.read_text(encoding="utf-8"))["generated_at"] == d1["generated_at"]

    second = run_briefing(
        "digest", "port.txt", talks, storm, "--since-last", "-f", "json", *llm, cwd=work
    )
    assert second.returncode == 0, second.stderr
    d2 = json.loads(second.stdout)
    changes = d2["changes"]
    assert changes["previous"] == d1["generated_at"]
    assert changes["new_stories"] == [HEADLINE["Schiphol"]]
    assert changes["new_actors"] == ["Pieter Visser"]
    assert changes["events_added"] == ["2025-02-16 — Full flight schedule resumes"]
    assert changes["events_moved"] == []
    assert len(_briefing_requests(newsroom)) == 3  # the first two came from the cache

    markdown = run_briefing("digest", "port.txt", talks, storm, "--since-last", *llm, cwd=work)
    assert markdown.returncode == 0, markdown.stderr
    assert "## Since the last digest" in markdown.stdout
    assert "New story" not in markdown.stdout  # nothing new since the second run


def test_generate_max_cost_stops_before_the_call(
    page_server: PageServer, chat_server: ChatServer, work: Path
) -> None:
    url = page_server.add("/world/nato-talks.html", NATO_TALKS)
    chat_server.reply(GENERIC)
    out = work / "b.json"

    result = run_briefing(
        "generate", url, "-f", "json", "-o", str(out), "--max-cost", "0.01",
        *llm_args(chat_server.base_url), cwd=work,
        BRIEFING_PRICES=json.dumps({"m": [1e6, 1e6, 1e6]}),
    )  # fmt: skip

    assert result.returncode == 6
    assert "--max-cost 0.0100 USD" in one_error_line(result)
    assert not out.exists()
    assert chat_server.requests == []


def test_digest_max_cost_fails_the_articles_it_cannot_afford(
    page_server: PageServer, newsroom: Newsroom, work: Path
) -> None:
    talks = page_server.add("/world/nato-talks.html", NATO_TALKS)
    dear = json.dumps({"m": [1e6, 1e6, 1e6]})
    llm = llm_args(newsroom.base_url)
    out = work / "digest.json"

    # Nothing affordable: every article fails before its call, no digest is written.
    broke = run_briefing(
        "digest", "port.txt", talks, "-o", str(out), "--max-cost", "0.01", *llm,
        cwd=work, BRIEFING_PRICES=dear,
    )  # fmt: skip
    assert broke.returncode != 0
    lines = broke.stderr.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("Error: port.txt: stopped before a call that could exceed")
    assert lines[1].startswith(f"Error: {talks}: stopped before a call that could exceed")
    assert lines[2].startswith("Error: every article failed; first: port.txt")
    assert not out.exists()
    assert newsroom.requests == []

    # A briefing from the cache costs nothing: the digest has it and lists the one that failed.
    assert run_briefing("digest", "port.txt", "-f", "json", *llm, cwd=work).returncode == 0
    partial = run_briefing(
        "digest", "port.txt", talks, "-f", "json", "-o", str(out), "--max-cost", "0.01", *llm,
        cwd=work, BRIEFING_PRICES=dear,
    )  # fmt: skip
    assert partial.returncode == 7, partial.stderr
    d = json.loads(out.read_text(encoding="utf-8"))
    assert [b["source"]["path"] for b in d["briefings"]] == ["port.txt"]
    assert d["totals"]["cached"] == 1
    assert [f["source"] for f in d["failed"]] == [talks]
    assert "--max-cost 0.0100 USD" in d["failed"][0]["error"]
    assert partial.stderr.startswith(f"Error: {talks}: stopped before a call")
    assert len(_briefing_requests(newsroom)) == 1  # only the unbudgeted run made a call


def test_digest_stopped_by_the_budget_exits_like_generate(
    page_server: PageServer, newsroom: Newsroom, work: Path
) -> None:
    result = run_briefing(
        "digest", "port.txt", "greenhouse.txt", "--max-cost", "0.01", *llm_args(newsroom.base_url),
        cwd=work, BRIEFING_PRICES=json.dumps({"m": [1e6, 1e6, 1e6]}),
    )  # fmt: skip
    assert newsroom.requests == []
    assert result.returncode == 6


def test_digest_markdown_and_html(page_server: PageServer, newsroom: Newsroom, work: Path) -> None:
    talks = page_server.add("/world/nato-talks.html", NATO_TALKS)
    followup = page_server.add("/world/nato-followup.html", NATO_FOLLOWUP)
    antwerp = page_server.add("/business/antwerp.html", HOSTILE_TITLE)
    sources = ["port.txt", talks, followup, antwerp]
    stories = [
        HEADLINE["no negotiation about Ukraine without Ukraine"],
        HEADLINE["Rotterdam"],
        HEADLINE["Antwerp"],
    ]

    md = run_briefing(
        "digest", *sources, "-f", "md", "-o", "digest.md", *llm_args(newsroom.base_url), cwd=work
    )
    assert md.returncode == 0, md.stderr
    text = (work / "digest.md").read_text(encoding="utf-8")
    assert text.startswith("# Daily digest — ")
    assert "4 article(s), 3 stories." in text
    for headline in stories:
        assert f"### {headline}\n" in text
    assert "### 4. Antwerp dockworkers strike after pay talks collapse" in text
    assert "> “There can be no negotiation about Ukraine without Ukraine” — Mark Rutte" in text
    assert "Sources: [“NATO allies press for Ukraine seat at peace talks”](#article-2), " in text
    assert "**2025-02-14** Defence ministers meet again" in text
    # Who's who points at the articles by their 1-based numbers, as the headings are numbered.
    assert (
        "- **Mark Rutte** — NATO Secretary-General (articles [2](#article-2), [3](#article-3))"
        in text
    )
    assert "<script>" not in text  # a page title and a summary carry markup: escaped
    assert "\\<script\\>" in text

    html = run_briefing(
        "digest",
        *sources,
        "-f",
        "html",
        "-o",
        "digest.html",
        *llm_args(newsroom.base_url),
        cwd=work,
    )
    assert html.returncode == 0, html.stderr
    page = (work / "digest.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    for headline in stories:
        assert f"<h3>{headline}</h3>" in page or f">{headline}</h3>" in page
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the page title, as text
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page  # the model's summary, as text
    assert 'href="#article-2"' in page and 'id="article-2"' in page
    assert '(articles <a href="#article-2">2</a>, <a href="#article-3">3</a>)' in page
    assert len(_briefing_requests(newsroom)) == 4  # the html run came from the cache


def test_speakers_found_in_cues_get_their_full_name_and_title(
    page_server: PageServer, chat_server: ChatServer, work: Path
) -> None:
    url = page_server.add("/world/nato-talks.html", NATO_TALKS)
    chat_server.reply(GENERIC)  # a draft that names no actors: the text's cues supply them

    result = run_briefing("generate", url, "-f", "json", *llm_args(chat_server.base_url), cwd=work)

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)["actors"]
    actors = {a["name"]: a["role"] for a in found if a["kind"] == "person"}
    assert actors == {
        "Mark Rutte": "NATO Secretary-General",
        "Pete Hegseth": "U.S. Defense Secretary",
    }


class SlowNewsroom(Newsroom):
    """A Newsroom that takes `delay` seconds per answer and keeps the most requests it ever had
    in hand at once."""

    def __init__(self, drafts: dict[str, dict[str, Any]], delay: float) -> None:
        super().__init__(drafts)
        self.delay = delay
        self.in_hand = 0
        self.peak = 0
        self._count = threading.Lock()

    def _next_step(self) -> Step | None:
        with self._count:
            self.in_hand += 1
            self.peak = max(self.peak, self.in_hand)
        try:
            time.sleep(self.delay)
            return super()._next_step()
        finally:
            with self._count:
                self.in_hand -= 1


@pytest.mark.parametrize("jobs", [1, 3])
def test_digest_jobs_bounds_the_requests_in_flight(work: Path, jobs: int) -> None:
    names = []
    for i in range(7):
        # Distinct articles: near-identical texts would be briefed once (selection).
        (work / f"n{i}.txt").write_text(f"{_bulletin(i)}\n{PORT_STRIKE}", encoding="utf-8")
        names.append(f"n{i}.txt")
    server = SlowNewsroom(DRAFTS, delay=0.3)
    server.start()
    try:
        result = run_briefing(
            "digest", *names, "-f", "json", "--jobs", str(jobs), "--no-cache",
            *llm_args(server.base_url), cwd=work,
        )  # fmt: skip
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["totals"]["articles"] == 7
    assert len(_briefing_requests(server)) == 7
    # Never more than --jobs at the server, and --jobs really used.
    assert server.peak == jobs


def _on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run the console script with stderr on a pseudo-terminal; its exit code and what the
    terminal showed."""
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    proc = subprocess.Popen(
        [briefing_exe(), *args], cwd=cwd, env=env,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave,
    )  # fmt: skip
    os.close(slave)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other side closed
            break
        if not chunk:
            break
        shown.extend(chunk)
    os.close(master)
    return proc.wait(timeout=120), shown.decode("utf-8", errors="replace")


def test_digest_shows_progress_on_a_terminal_and_not_with_quiet(
    newsroom: Newsroom, work: Path
) -> None:
    args = [
        "digest",
        "port.txt",
        "greenhouse.txt",
        "-f",
        "json",
        "--no-cache",
        *llm_args(newsroom.base_url),
    ]

    code, shown = _on_a_terminal([*args, "-o", str(work / "a.json")], work)
    assert code == 0, shown
    assert "briefing" in shown and "100%" in shown  # the rich bar, finished
    # A line per article, the time left estimated from the pace so far.
    line = r"\[{n}/2\] briefed (port|greenhouse)\.txt · \d+ s each so far, {left}"
    assert re.search(line.format(n=1, left=r"about \d+ s left"), shown), shown
    assert re.search(line.format(n=2, left="done"), shown), shown
    assert json.loads((work / "a.json").read_text())["totals"]["articles"] == 2

    code, shown = _on_a_terminal([*args, "-q", "-o", str(work / "b.json")], work)
    assert code == 0, shown
    assert shown == ""
    assert json.loads((work / "b.json").read_text())["totals"]["articles"] == 2
