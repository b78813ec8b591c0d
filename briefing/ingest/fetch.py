"""Articles and feeds from the web: httpx fetch (timeouts, redirects, size cap, content types),
trafilatura extraction of the main text, feedparser for RSS/Atom."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from briefing import __version__
from briefing.errors import InputError, TemporaryError
from briefing.ingest.article import Article, check_text
from briefing.ingest.clean import clean_field, parse_iso

USER_AGENT = f"briefing/{__version__} (+https://pypi.org/project/briefing/)"
MAX_PAGE_BYTES = 5_000_000
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
    "application/feed+json",
)
# Never text: refused at once, whatever the caller accepts.
NOT_TEXT = ("image/", "audio/", "video/", "font/", "model/")


def is_feed_type(ctype: str) -> bool:
    """A content type that names a feed: the registered ones and their x- and +xml cousins
    (Python's http.server sends `application/x-rss+xml` for .rss)."""
    return ctype.startswith(FEED_TYPES) or any(
        word in ctype for word in ("rss", "atom", "rdf", "/xml", "+xml")
    )


def _check_type(url: str, ctype: str, kinds: tuple[str, ...] | None) -> None:
    """Refuse a content type this caller cannot use (None: any text; its content decides)."""
    shown = clean_field(ctype, 60)  # a header: untrusted
    if ctype.startswith(NOT_TEXT) or (kinds is not None and not ctype.startswith(kinds)):
        if is_feed_type(ctype):
            raise InputError(
                f"{url}: is a feed ({shown}), not an article; brief its entries with "
                f"`briefing digest --feed {url}`"
            )
        raise InputError(f"{url}: is {shown}, not a web page or feed; give an article URL")


def _client(timeout: float) -> httpx.Client:
    return httpx.Client(
        follow_redirects=True,
        max_redirects=5,
        timeout=httpx.Timeout(timeout),
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,"
            "application/rss+xml,application/atom+xml;q=0.9,*/*;q=0.5",
        },
    )


def get(
    url: str, *, timeout: float = 20.0, kinds: tuple[str, ...] | None = HTML_TYPES
) -> tuple[bytes, str]:
    """Download url (at most MAX_PAGE_BYTES) and return its body and final URL; `kinds` are the
    content types accepted (None: any text)."""
    if not url.startswith(("http://", "https://")):
        raise InputError(f"{url}: only http:// and https:// URLs can be fetched")
    try:
        with _client(timeout) as client, client.stream("GET", url) as resp:
            if resp.status_code >= 500 or resp.status_code == 429:
                raise TemporaryError(
                    f"{url}: the site answered HTTP {resp.status_code}; try again later"
                )
            if resp.status_code >= 400:
                raise InputError(f"{url}: the site answered HTTP {resp.status_code}")
            ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype:
                _check_type(url, ctype, kinds)
            body = bytearray()
            for chunk in resp.iter_bytes():
                body.extend(chunk)
                if len(body) > MAX_PAGE_BYTES:
                    raise InputError(f"{url}: larger than {MAX_PAGE_BYTES // 1_000_000} MB")
            return bytes(body), str(resp.url)
    except httpx.TooManyRedirects:
        raise InputError(f"{url}: too many redirects") from None
    except httpx.TimeoutException:
        raise TemporaryError(f"{url}: timed out; try again later") from None
    except httpx.HTTPError as exc:
        raise TemporaryError(f"{url}: cannot be reached ({type(exc).__name__})") from None


def article_from_html(html: bytes | str, *, url: str | None) -> Article:
    """Extract the article (title, author, date, main text) from a page; the page furniture goes."""
    import trafilatura

    doc: Any = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False
    )
    text = (doc.text if doc is not None else None) or ""
    name = url or "page"
    if not text.strip():
        raise InputError(f"{name}: no article text found on the page")
    check_text(text, name=name)
    date = getattr(doc, "date", None)
    # The page's metadata is untrusted: one plain line each, capped; a date only if it is one.
    return Article(
        text=text,
        url=url,
        title=clean_field(getattr(doc, "title", None)),
        published=date[:10] if isinstance(date, str) and parse_iso(date) else None,
        author=clean_field(getattr(doc, "author", None), 120),
        site=clean_field(getattr(doc, "sitename", None), 120),
    )


def fetch_article(url: str, *, timeout: float = 20.0) -> Article:
    """Fetch a web page and extract its article."""
    body, final = get(url, timeout=timeout)
    return article_from_html(body, url=final)


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: where its full article lives."""

    link: str
    title: str | None
    published: datetime | None


def parse_feed(
    data: bytes, *, name: str, since: timedelta | None = None, now: datetime | None = None
) -> list[FeedEntry]:
    """Entries of an RSS/Atom feed (newest first), optionally only those published since."""
    import feedparser

    parsed = feedparser.parse(data)
    if parsed.get("bozo") and not parsed.entries:
        raise InputError(f"{name}: not a readable RSS or Atom feed")
    entries: list[FeedEntry] = []
    for e in parsed.entries:
        link = e.get("link")
        # A link is followed only to a web page: never a local path or another scheme.
        if not isinstance(link, str) or not link.startswith(("http://", "https://")):
            continue
        stamp = e.get("published_parsed") or e.get("updated_parsed")
        when = datetime.fromtimestamp(calendar.timegm(stamp), tz=UTC) if stamp else None
        entries.append(FeedEntry(link=link, title=clean_field(e.get("title")), published=when))
    if not entries:
        raise InputError(f"{name}: the feed has no entries with links")
    if since is not None:
        cutoff = (now or datetime.now(UTC)) - since
        entries = [e for e in entries if e.published is None or e.published >= cutoff]
    entries.sort(key=lambda e: e.published or datetime.min.replace(tzinfo=UTC), reverse=True)
    return entries


def fetch_feed(
    url: str, *, since: timedelta | None = None, timeout: float = 20.0
) -> list[FeedEntry]:
    """Download and parse a feed, recognised by its content whatever its text content type."""
    body, _ = get(url, timeout=timeout, kinds=None)
    return parse_feed(body, name=url, since=since)
