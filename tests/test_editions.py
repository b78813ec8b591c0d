"""Editions and the digest's delivery, as cron runs them: the console script's entry point (the
installed script as a real process for the cron line itself) against the loopback page/feed
server, the loopback model server (`Newsroom`) and a real SMTP server."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from console import llm_args, one_error_line, run_briefing, run_process
from pageserver import PageServer
from smtpserver import SmtpServer
from test_digest import (
    AIRPORT,
    DEFENCE_BUDGET,
    DRAFTS,
    GREENHOUSE,
    HEADLINE,
    NATO_TALKS,
    PORT_STRIKE,
    Newsroom,
    draft,
    rss,
)

from briefing.ops import editions, runlock

# A strike announced, then moved with a mediator named: a follow-up on a known story.
STRIKE = (
    "Antwerp dockworkers strike set for December 14\n\n"
    "Dockworkers at the port of Antwerp will strike on December 14, 2026, union leader Marieke "
    "Janssen said on Monday.\n\n"
    "“We have waited long enough for a fair offer,” Janssen said.\n\n"
    "Shipping lines are preparing to divert container vessels to Rotterdam.\n"
)
STRIKE_MOVED = (
    "Antwerp dockworkers strike moved to December 18\n\n"
    "The strike by Antwerp dockworkers will now begin on December 18, 2026, union leader Marieke "
    "Janssen said on Wednesday after the government named Paul Claes as mediator.\n\n"
    "“We will give the mediator a few more days,” Janssen said.\n\n"
    "Paul Claes, a former labour ministry official, said he had met both sides on Tuesday.\n"
)
JANSSEN = ("Marieke Janssen", "person", "union leader")
NEWS = {  # these first: the strike articles also name Antwerp and Rotterdam
    "Shipping lines are preparing": draft(
        "Antwerp dockworkers strike set for December 14",
        "Dockworkers at the port of Antwerp will strike on December 14.",
        quotes=[(1, "Marieke Janssen")],
        actors=[JANSSEN],
        events=[(1, "Antwerp dockworkers strike")],
    ),
    "former labour ministry official": draft(
        "Antwerp dockworkers strike moved to December 18",
        "The Antwerp strike will begin on December 18; Paul Claes was named mediator.",
        quotes=[(1, "Marieke Janssen")],
        actors=[JANSSEN, ("Paul Claes", "person", "mediator")],
        events=[(1, "Antwerp dockworkers strike")],
    ),
    **DRAFTS,
}
WHEN = datetime(2025, 2, 14, 9, 30, tzinfo=UTC)


@pytest.fixture
def newsroom() -> Iterator[Newsroom]:
    server = Newsroom(NEWS)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    for name, text in {
        "port.txt": PORT_STRIKE,
        "greenhouse.txt": GREENHOUSE,
        "strike.txt": STRIKE,
        "strike-moved.txt": STRIKE_MOVED,
    }.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _config(home: Path, text: str) -> Path:
    """Write the config file conftest points BRIEFING_CONFIG at."""
    path = home / "briefing.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _llm_toml(newsroom: Newsroom) -> str:
    return f'base_url = "{newsroom.base_url}"\nmodel = "m"\ntimeout = 10\n'


def _smtp_toml(smtp: SmtpServer) -> str:
    return (
        f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\n'
        'from = "Briefing <bot@example.org>"\n'
    )


def _chat_requests(server: Newsroom) -> int:
    return sum(1 for r in server.requests if r.path.endswith("/chat/completions"))


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def _feed(page_server: PageServer) -> str:
    """A feed of three pages; the NATO story is also carried with tracking parameters."""
    talks = page_server.add("/world/nato-talks.html", NATO_TALKS)
    budget = page_server.add("/europe/germany-budget.html", DEFENCE_BUDGET)
    storm = page_server.add("/netherlands/storm.html", AIRPORT)
    return page_server.add(
        "/world/rss.xml",
        rss(
            ("NATO allies press for Ukraine seat", talks, WHEN),
            ("Germany lifts military spending", budget, WHEN),
            ("Schiphol cancels flights", storm, WHEN),
        ),
        "application/rss+xml; charset=utf-8",
    )


# --- the morning edition in one cron line


def test_cron_line_runs_the_morning_edition_end_to_end(
    page_server: PageServer, newsroom: Newsroom, work: Path, isolated_env: Path
) -> None:
    feed = _feed(page_server)
    talks = page_server.url("/world/nato-talks.html")
    page_server.add("/world/nato-talks.html?utm_source=newsletter", NATO_TALKS)
    archive = work / "archive"
    with SmtpServer() as smtp:
        _config(
            isolated_env,
            _llm_toml(newsroom)
            + _smtp_toml(smtp)
            + f"""
[editions.morning]
feed = ["{feed}"]
sources = ["{work}/port.txt", "{talks}?utm_source=newsletter"]
include = ["dockworkers", "container", "NATO"]
exclude = ["Schiphol"]
max_articles = 2
format = "html"
output = "{work}/morning.html"
archive = "{archive}"
ics = "{work}/morning.ics"
email_to = ["me@example.org", "Team <team@example.org>"]
tz = "UTC"
since_last = true
""",
        )
        cron = run_process("digest", "--edition", "morning", cwd=work)
        assert cron.returncode == 0, cron.stderr
        assert cron.stdout == "" and cron.stderr == ""  # cron mails nobody on success

        # Fetched: the feed, its three pages and the same NATO page once more (tracking link).
        assert len(page_server.hits("/world/rss.xml")) == 1
        # Selected: the NATO page twice is one article; the storm filtered out; the German
        # budget (one topic match, one source) over the cap of two.
        digest = json.loads((archive / f"{_today()}-morning.json").read_text(encoding="utf-8"))
        assert digest["selection"] == {"seen": 5, "duplicates": 1, "filtered": 1, "over_cap": 1}
        assert digest["totals"]["articles"] == 2
        assert _chat_requests(newsroom) == 2  # briefed: only what was selected
        nato = next(s for s in digest["stories"] if "Ukraine" in s["headline"])
        assert sorted(src["url"] for src in nato["sources"]) == sorted(
            [talks, f"{talks}?utm_source=newsletter"]
        )  # briefed once, credited to both sources
        # Written: the output, the calendar, the archive and its index.
        page = (work / "morning.html").read_text(encoding="utf-8")
        assert "<h1" in page and "Morning edition</h1>" in page
        assert (work / "morning.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
        assert (archive / f"{_today()}-morning.html").read_text(encoding="utf-8") == page
        index = (archive / "index.html").read_text(encoding="utf-8")
        assert f'{_today()}-morning.html"' in index and nato["headline"] in index
        # Emailed: one message to both, the subject carrying the date once.
        [got] = smtp.received
        assert got.rcpt_tos == ["me@example.org", "team@example.org"]
        msg = got.message
        assert msg["Subject"] == f"Briefing: Morning edition ({_today()})"
        text, html = (p.get_content() for p in msg.iter_parts())
        assert "Morning edition" in text and nato["headline"] in text
        assert str(work) not in text and str(work) not in html  # no local paths in the email
        assert "port.txt" in text  # a local file is named by its file name
        for b in digest["briefings"]:  # each summary once in the HTML
            assert html.count(b["summary"].split(".")[0]) == 1

        # The same day again: nothing re-sent, nothing briefed, one line on stderr.
        again = run_briefing("digest", "--edition", "morning", cwd=work)
        assert again.returncode == 0, again.stderr
        assert again.stdout == ""
        assert one_line_starting(again, "Already emailed today")
        assert len(smtp.received) == 1 and _chat_requests(newsroom) == 2

        # A third reader added: only that reader gets today's edition.
        config = isolated_env / "briefing.toml"
        config.write_text(
            config.read_text(encoding="utf-8").replace(
                '"Team <team@example.org>"]', '"Team <team@example.org>", "new@example.org"]'
            ),
            encoding="utf-8",
        )
        third = run_briefing("digest", "--edition", "morning", cwd=work)
        assert third.returncode == 0, third.stderr
        assert third.stdout == "" and third.stderr == ""
        assert [r.rcpt_tos for r in smtp.received] == [
            ["me@example.org", "team@example.org"],
            ["new@example.org"],
        ]

        # --force sends to everyone again; a flag overrides the edition's key (--subject).
        forced = run_briefing(
            "digest", "--edition", "morning", "--force", "--subject", "{headline}", cwd=work
        )
        assert forced.returncode == 0, forced.stderr
        assert smtp.received[-1].rcpt_tos == [
            "me@example.org",
            "team@example.org",
            "new@example.org",
        ]
        assert smtp.received[-1].message["Subject"] == "Morning edition"
    # Lock files go when the runs let go of them.
    locks = isolated_env / ".local" / "state" / "briefing" / "locks"
    assert list(locks.glob("*.lock")) == []


def one_line_starting(result: subprocess.CompletedProcess[str], prefix: str) -> bool:
    lines = result.stderr.splitlines()
    return len(lines) == 1 and lines[0].startswith(prefix) and "--force" in lines[0]


def test_two_editions_alternately_keep_their_own_state(
    newsroom: Newsroom, work: Path, isolated_env: Path
) -> None:
    with SmtpServer() as smtp:
        _config(
            isolated_env,
            _llm_toml(newsroom)
            + _smtp_toml(smtp)
            + f"""
[editions.ports]
sources = ["{work}/port.txt"]
since_last = true
format = "json"
email_to = "ports@example.org"

[editions.energy]
sources = ["{work}/greenhouse.txt"]
since_last = true
format = "json"
email_to = "energy@example.org"
""",
        )

        def run(name: str, *more: str) -> dict[str, Any]:
            result = run_briefing(
                "digest", "--edition", name, "-o", f"{name}.json", *more, cwd=work
            )
            assert result.returncode == 0, result.stderr
            data: dict[str, Any] = json.loads((work / f"{name}.json").read_text("utf-8"))
            return data

        p1 = run("ports")
        e1 = run("energy")
        assert p1["changes"]["previous"] is None and e1["changes"]["previous"] is None
        # Each edition's "since last" is its own.
        p2 = run("ports", "--force")
        assert p2["changes"]["previous"] == p1["generated_at"]
        assert p2["changes"]["new_stories"] == []
        config = isolated_env / "briefing.toml"
        config.write_text(
            config.read_text("utf-8").replace(
                f'sources = ["{work}/greenhouse.txt"]',
                f'sources = ["{work}/greenhouse.txt", "{work}/strike.txt"]',
            ),
            "utf-8",
        )
        e2 = run("energy", "--force")
        assert e2["changes"]["previous"] == e1["generated_at"]  # not the ports run in between
        assert e2["changes"]["new_stories"] == [NEWS["Shipping lines are preparing"]["headline"]]
        assert HEADLINE["Westland"] not in e2["changes"]["new_stories"]
        p3 = run("ports", "--force")
        assert p3["changes"]["previous"] == p2["generated_at"]
        assert [r.rcpt_tos for r in smtp.received] == [
            ["ports@example.org"],
            ["energy@example.org"],
            ["ports@example.org"],
            ["energy@example.org"],
            ["ports@example.org"],
        ]
    state = isolated_env / ".local" / "state" / "briefing" / "editions"
    assert sorted(p.name for p in state.iterdir()) == ["energy", "ports"]
    listing = run_briefing("editions", cwd=work)
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert lines[0].startswith("ports: 1 source(s) -> ports@example.org; last run ")
    assert "1 articles" in lines[0] and "sent to ports@example.org" in lines[0]
    assert lines[1].startswith("energy: 2 source(s) -> energy@example.org; last run ")
    assert "2 articles, 1 new stories, 1,200 tokens" in lines[1]  # one from the cache


# --- since last: follow-ups on known stories


def test_since_last_shows_an_updated_story_and_nothing_new(
    newsroom: Newsroom, work: Path, isolated_env: Path
) -> None:
    llm = llm_args(newsroom.base_url)

    def digest(*sources: str, since_last: bool = True) -> dict[str, Any]:
        flags = ["--since-last"] if since_last else []
        result = run_briefing("digest", *sources, *flags, "-f", "json", *llm, cwd=work)
        assert result.returncode == 0, result.stderr
        data: dict[str, Any] = json.loads(result.stdout)
        return data

    first = digest("strike.txt", "port.txt")
    # A run without --since-last leaves the state where it was.
    digest("strike.txt", "strike-moved.txt", "port.txt", since_last=False)
    second = digest("strike.txt", "strike-moved.txt", "port.txt")
    changes = second["changes"]
    assert changes["previous"] == first["generated_at"]
    assert changes["new_stories"] == []
    [update] = changes["updated_stories"]
    assert update == {
        "headline": "Antwerp dockworkers strike set for December 14",
        "new_sources": ["strike-moved.txt"],
        "dates": ["2026-12-14 -> 2026-12-18 — Antwerp dockworkers strike"],
        "new_actors": ["Paul Claes"],
    }
    # The follow-up alone (the first article gone from the sources) is still an update.
    third = digest("strike-moved.txt", "port.txt")
    assert third["changes"]["new_stories"] == []
    assert third["changes"]["updated_stories"] == []  # nothing since the second run
    markdown = run_briefing(
        "digest", "strike-moved.txt", "port.txt", "--since-last", *llm, cwd=work
    )
    assert markdown.returncode == 0, markdown.stderr
    assert f"Nothing new since {third['generated_at'][:16].replace('T', ' ')}." in markdown.stdout
    assert "New story" not in markdown.stdout


def test_a_follow_up_alone_updates_the_known_story(newsroom: Newsroom, work: Path) -> None:
    llm = llm_args(newsroom.base_url)
    first = run_briefing("digest", "strike.txt", "--since-last", "-f", "json", *llm, cwd=work)
    assert first.returncode == 0, first.stderr
    second = run_briefing("digest", "strike-moved.txt", "--since-last", "-f", "md", *llm, cwd=work)
    assert second.returncode == 0, second.stderr
    assert (
        "- Updated: Antwerp dockworkers strike set for December 14\n"
        "  - New sources: strike-moved.txt\n"
        "  - Date: 2026-12-14 -\\> 2026-12-18 — Antwerp dockworkers strike\n"
        "  - New actors: Paul Claes\n"
    ) in second.stdout
    assert "New story" not in second.stdout


# --- bad editions: one line naming file, table and key; exit 2; nothing sent


@pytest.mark.parametrize(
    ("table", "key", "why"),
    [
        ('feeds = ["https://example.org/rss"]', "feeds", "unknown key; did you mean feed?"),
        ("colour = 3", "colour", "unknown key; keys: archive, backend, base_url"),
        ('email_to = ["me@example.org", "not an address"]', "email_to", "not an email address"),
        ('feed = ["ftp://example.org/rss"]', "feed", "is not an http(s) feed URL"),
        ('feed = "example.org/rss"', "feed", "is not an http(s) feed URL"),
        ("max_articles = 0", "max_articles", "give a whole number from 1"),
        ('subject = "{title}"', "subject", "unknown field {title}"),
        ('since = "yesterday"', "since", "use hours, days or weeks"),
        ('format = "pdf"', "format", "is not one of md, html, json"),
        ("max-articles = 3", "max-articles", "did you mean max_articles?"),
        ('earlier = "hide"', "earlier", "is not one of apart, omit"),
    ],
)
def test_bad_edition_exits_2_naming_file_table_and_key(
    newsroom: Newsroom, work: Path, isolated_env: Path, table: str, key: str, why: str
) -> None:
    with SmtpServer() as smtp:
        config = _config(
            isolated_env,
            _llm_toml(newsroom)
            + _smtp_toml(smtp)
            + '[editions.morning]\nsources = ["port.txt"]\nemail_to = "me@example.org"\n'
            + f"[editions.evening]\n{table}\n",
        )
        for args in (["digest", "--edition", "evening"], ["editions"]):
            result = run_briefing(*args, cwd=work)
            assert result.returncode == 2, result.stderr
            line = one_error_line(result)
            assert line.startswith(f"Error: {config}: [editions.evening] {key}: "), line
            assert why in line
        assert smtp.received == [] and _chat_requests(newsroom) == 0


def test_unknown_edition_names_the_ones_there(
    newsroom: Newsroom, work: Path, isolated_env: Path
) -> None:
    config = _config(isolated_env, '[editions.morning]\nsources = ["port.txt"]\n')
    result = run_briefing("digest", "--edition", "evening", cwd=work)
    assert result.returncode == 2
    assert one_error_line(result) == (
        f"Error: {config}: no table [editions.evening] (editions there: morning); add one or "
        "check the name"
    )


def test_edition_options_flags_win_and_paths_are_relative_to_the_config(tmp_path: Path) -> None:
    cfg = tmp_path / "conf" / "briefing.toml"
    checked = editions.check(
        "morning",
        {"sources": ["a.txt", "https://x.example/a"], "output": "~/out.html", "jobs": 8},
        cfg,
    )
    assert checked["sources"] == [str(tmp_path / "conf" / "a.txt"), "https://x.example/a"]
    assert checked["output"] == str(Path("~/out.html").expanduser())


# --- the run lock per edition


def test_a_second_run_of_the_same_edition_exits_75(
    newsroom: Newsroom, work: Path, isolated_env: Path
) -> None:
    _config(
        isolated_env, _llm_toml(newsroom) + f'[editions.ports]\nsources = ["{work}/port.txt"]\n'
    )
    with runlock.hold(["edition:ports"]):
        result = run_briefing("digest", "--edition", "ports", cwd=work)
        other = run_briefing("digest", "port.txt", *llm_args(newsroom.base_url), cwd=work)
    assert result.returncode == 75
    assert "another briefing run is running edition ports right now" in one_error_line(result)
    assert other.returncode == 0, other.stderr  # an ad-hoc run has its own lock
    assert _chat_requests(newsroom) == 1


def test_ad_hoc_digests_email_once_a_day_each(newsroom: Newsroom, work: Path) -> None:
    with SmtpServer() as smtp:
        mail = [
            "--email-to", "me@example.org", "--email-from", "bot@example.org",
            "--smtp-host", "127.0.0.1", "--smtp-port", str(smtp.port), "--smtp-security", "none",
            "--tz", "UTC", *llm_args(newsroom.base_url),
        ]  # fmt: skip
        port = run_briefing("digest", "port.txt", *mail, cwd=work)
        assert port.returncode == 0, port.stderr
        assert port.stdout == "" and port.stderr == ""  # emailed: nothing on stdout
        energy = run_briefing("digest", "greenhouse.txt", *mail, cwd=work)
        assert energy.returncode == 0, energy.stderr
        again = run_briefing("digest", "port.txt", *mail, cwd=work)
        assert one_line_starting(again, "Already emailed today")
    subjects = [r.message["Subject"] for r in smtp.received]
    assert subjects == [f"Briefing: Daily digest ({_today()})"] * 2  # the date once
    texts = [next(r.message.iter_parts()).get_content() for r in smtp.received]
    assert HEADLINE["Rotterdam"] in texts[0] and HEADLINE["Westland"] in texts[1]


def test_no_since_last_flag_turns_off_the_editions_key(
    newsroom: Newsroom, work: Path, isolated_env: Path
) -> None:
    _config(
        isolated_env,
        _llm_toml(newsroom)
        + f'[editions.ports]\nsources = ["{work}/port.txt"]\nsince_last = true\nformat = "json"\n',
    )
    first = run_briefing("digest", "--edition", "ports", cwd=work)
    assert first.returncode == 0, first.stderr
    state = isolated_env / ".local" / "state" / "briefing" / "editions" / "ports"
    kept = (state / "last-digest.json").read_text(encoding="utf-8")
    off = run_briefing("digest", "--edition", "ports", "--no-since-last", cwd=work)
    assert off.returncode == 0, off.stderr
    assert json.loads(off.stdout)["changes"] is None
    assert (state / "last-digest.json").read_text(encoding="utf-8") == kept  # not moved
    on = run_briefing("digest", "--edition", "ports", cwd=work)
    assert json.loads(on.stdout)["changes"]["previous"] == json.loads(first.stdout)["generated_at"]
