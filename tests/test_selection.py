"""Selection before briefing: duplicates by canonical URL or near-identical text, topic filters
on title and lead, and the cap's ranking (topic matches, then sources, then recency)."""

from __future__ import annotations

from datetime import UTC, datetime

from briefing.ingest.article import Article
from briefing.ingest.selection import Candidate, canonical_url, same_links, select

WIRE = (
    "Dockworkers at the port of Antwerp walked out on Saturday after pay talks with the "
    "employers collapsed late on Friday night, union officials said. Shipping lines began "
    "diverting container ships to Rotterdam and Hamburg while the strike lasts. The port "
    "authority said more than forty vessels were waiting at anchor off the coast. "
    "Employers said the union's demand for a nine percent rise over two years could not be met "
    "without cutting investment in new cranes, and called on the government to appoint a "
    "mediator. The union said its members would stay out until a better offer was tabled, and "
    "that pickets would be posted at every terminal gate from Sunday morning onwards. "
)


def _article(text: str, *, title: str | None = None, url: str | None = None) -> Article:
    return Article(text=text, title=title, url=url, published=None)


def test_canonical_url_ignores_tracking_case_fragments_and_slashes() -> None:
    base = "https://news.example/world/strike"
    for variant in (
        "https://NEWS.example/world/strike/",
        "http://www.news.example/world/strike#comments",
        "https://news.example:443/world/strike?utm_source=rss&utm_medium=feed",
        "https://news.example/world/strike?fbclid=abc",
    ):
        assert canonical_url(variant) == canonical_url(base), variant
    assert canonical_url(f"{base}?id=2") != canonical_url(f"{base}?id=3")
    unique, twins = same_links([base, "a.txt", f"{base}?utm_source=x", "https://other.example/"])
    assert unique == [base, "a.txt", "https://other.example/"]
    assert twins == {f"{base}?utm_source=x": base}


def test_near_identical_text_is_briefed_once_and_credited() -> None:
    one = _article(WIRE, title="Antwerp strike", url="https://a.example/1")
    # The same wire copy in another paper: a different headline, a line of its own, a typo.
    two = _article(
        "By our correspondent. " + WIRE.replace("forty", "fourty"),
        title="Dock strike in Antwerp",
        url="https://b.example/2",
    )
    other = _article(
        "Growers in the Westland region are switching off their greenhouse lamps until next "
        "spring because heating and lighting have become too expensive for them.",
        title="Greenhouse lights off",
    )
    chosen = select(
        [Candidate("a", one), Candidate("b", two), Candidate("c", other)],
        seen=4,
        repeated=1,
    )
    assert [s.source for s in chosen.kept] == ["a", "c"]
    [credit] = chosen.kept[0].credits
    assert (credit.source, credit.title, credit.url) == ("b", "Dock strike in Antwerp", two.url)
    assert (chosen.seen, chosen.duplicates, chosen.filtered, chosen.over_cap) == (4, 2, 0, 0)


def test_same_url_after_redirect_is_a_duplicate() -> None:
    a = _article("First text about the strike in the port. " * 5, url="https://x.example/s")
    b = _article("A different page text entirely, about the port. " * 5, url="https://x.example/s/")
    chosen = select([Candidate("https://x.example/old", a), Candidate("https://t.co/x", b)], seen=2)
    assert [s.source for s in chosen.kept] == ["https://x.example/old"]
    assert chosen.duplicates == 1


def test_topic_filters_read_the_title_and_lead_only() -> None:
    filler = "Nothing else of note happened in the city council meeting today. " * 20
    arts = {
        "title": _article(filler, title="Energy prices climb again"),
        "lead": _article("Gas prices climbed again on Monday. " + filler, title="Markets"),
        "deep": _article(filler + "Energy was mentioned only at the very end.", title="Council"),
        "excluded": _article("Energy and sport: the football club pays more. " + filler),
    }
    chosen = select(
        [Candidate(k, a) for k, a in arts.items()],
        seen=4,
        include=["energy", "gas prices"],
        exclude=["football"],
    )
    assert [s.source for s in chosen.kept] == ["title", "lead"]
    assert chosen.filtered == 2


def test_max_articles_keeps_topic_matches_then_most_sources_then_newest() -> None:
    def art(n: int, title: str, text: str, published: str | None = None) -> Article:
        body = f"{text} " + " ".join(f"word{n}x{k}" for k in range(40))
        return Article(text=body, title=title, published=published)

    old = datetime(2026, 12, 1, tzinfo=UTC)
    candidates = [
        Candidate("newest", art(1, "Budget vote today", "Parliament votes.", "2026-12-03")),
        Candidate("carried", art(2, "Port strike talks resume", "Talks resume.", "2026-12-01")),
        Candidate("also", art(3, "Port strike talks resume in Antwerp", "Talks.", "2026-12-01")),
        Candidate("topical", art(4, "Energy bill passes", "Energy law.", None), old),
        Candidate("older", art(5, "Museum reopens", "The museum.", "2026-11-20")),
    ]
    capped = select(candidates, seen=5, include=[], max_articles=3)
    assert [s.source for s in capped.kept] == ["newest", "carried", "also"]
    assert capped.over_cap == 2
    ranked = select(candidates, seen=5, include=["energy", "port", "budget"], max_articles=2)
    # all but the museum match one term; the strike is carried by two articles
    assert [s.source for s in ranked.kept] == ["carried", "also"]
    assert (ranked.filtered, ranked.over_cap) == (1, 2)
