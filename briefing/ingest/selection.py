"""Which articles a digest briefs, decided before any model call: duplicates (the same canonical
URL, or near-identical text) are briefed once and credited to every source that carried them;
topic filters on the title and lead; a cap that keeps the most relevant."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from briefing.ingest.article import Article

NEAR_DUPLICATE = 0.8  # Jaccard similarity of 5-word shingles at which two texts are one article
# Near-duplicates are found without comparing every pair: each text's shingle hashes are split
# into BANDS x ROWS bins by value and the smallest of each bin kept (one-permutation min-hashing);
# texts with one band identical are candidates (at Jaccard 0.8 about 91 % of pairs, at 0.9 over
# 99 %, at 0.45 about 6 %), and only candidates are compared on their full texts.
BANDS, ROWS = 8, 6
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|at_medium|at_campaign)$")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Credit:
    """Another source that carried an article briefed once."""

    source: str
    title: str | None
    url: str | None
    path: str | None


@dataclass(frozen=True)
class Candidate:
    """A loaded article and what the selection knows about it."""

    source: str
    article: Article
    published: datetime | None = None  # the feed entry's date, when the page gave none


@dataclass
class Selected:
    """An article to brief, with the other sources that carried it."""

    source: str
    article: Article
    credits: list[Credit] = field(default_factory=list)
    matches: int = 0  # include terms found in its title and lead


@dataclass
class Selection:
    """The articles to brief and how many were left out, and why."""

    kept: list[Selected]
    seen: int
    duplicates: int
    filtered: int
    over_cap: int


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, fragment, tracking parameters or final /."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port
    if port and not (
        parts.scheme == "http" and port == 80 or parts.scheme == "https" and port == 443
    ):
        host = f"{host}:{port}"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(
        (
            "https" if parts.scheme in ("http", "https") else parts.scheme,
            host,
            path,
            urlencode(query),
            "",
        )
    )


def same_links(items: list[str]) -> tuple[list[str], dict[str, str]]:
    """The items with one link per canonical URL (nothing fetched twice), and each left-out
    item's twin among them."""
    first: dict[str, str] = {}
    unique: list[str] = []
    twins: dict[str, str] = {}
    for item in items:
        if not item.startswith(("http://", "https://")):
            unique.append(item)
            continue
        key = canonical_url(item)
        if key in first:
            twins[item] = first[key]
        else:
            first[key] = item
            unique.append(item)
    return unique, twins


def _shingles(text: str) -> set[int]:
    words = _WORD.findall(text.lower())
    if len(words) < 5:
        return {hash(" ".join(words))}
    return {hash(" ".join(words[i : i + 5])) for i in range(len(words) - 4)}


def _bands(shingles: set[int]) -> list[tuple[int | None, ...]]:
    """The text's min-hash signature, cut into BANDS bands of ROWS values."""
    bins = BANDS * ROWS
    sig: list[int | None] = [None] * bins
    for h in shingles:
        b = h % bins
        m = sig[b]
        if m is None or h < m:
            sig[b] = h
    return [tuple(sig[i * ROWS : (i + 1) * ROWS]) for i in range(BANDS)]


def _near(
    shingles: set[int],
    bands: list[tuple[int | None, ...]],
    buckets: dict[
        tuple[int, tuple[int | None, ...]],
        list[tuple[Selected, set[int], list[tuple[int | None, ...]]]],
    ],
) -> Selected | None:
    """An article kept already whose text is near-identical to this one, if any."""
    tried: set[int] = set()
    for i, band in enumerate(bands):
        for other, other_shingles, other_bands in buckets.get((i, band), []):
            if id(other) in tried:
                continue
            tried.add(id(other))
            # The signatures estimate the similarity; the full texts decide a close one.
            equal = sum(
                x == y
                for a, b in zip(bands, other_bands, strict=True)
                for x, y in zip(a, b, strict=True)
            )
            if equal < (NEAR_DUPLICATE - 0.15) * BANDS * ROWS:
                continue
            union = len(shingles | other_shingles)
            if union and len(shingles & other_shingles) / union >= NEAR_DUPLICATE:
                return other
    return None


def lead(article: Article) -> str:
    """The title and the first paragraphs (about 600 characters): what topic filters read."""
    head = article.text.strip()[:600]
    return f"{article.title or ''}\n{head}"


def _pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def topic_matches(text: str, terms: list[str]) -> int:
    """How many of the terms (words or phrases) occur in the text, as whole words."""
    return sum(1 for t in terms if _pattern(t).search(text))


def _when(c: Candidate) -> float:
    if c.article.published:
        try:
            return datetime.fromisoformat(c.article.published[:10]).replace(tzinfo=UTC).timestamp()
        except ValueError:
            pass
    return c.published.timestamp() if c.published else 0.0


def _title_words(a: Article) -> set[str]:
    title = a.title or a.text.strip().split("\n", 1)[0][:200]
    return {w for w in _WORD.findall(title.lower()) if len(w) > 3}


def select(
    candidates: list[Candidate],
    *,
    seen: int,
    repeated: int = 0,
    twins: dict[str, str] | None = None,
    titles: dict[str, str] | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    max_articles: int | None = None,
) -> Selection:
    """Drop duplicates (crediting the sources), filter by topic, keep the most relevant.

    `seen` counts the entries given, `repeated` those dropped already as the same link twice;
    `twins` maps a link left unfetched to the link with the same canonical URL (credited to its
    article), `titles` are the feed entries' titles."""
    kept: list[Selected] = []
    by_url: dict[str, Selected] = {}
    by_sha: dict[str, Selected] = {}
    buckets: dict[
        tuple[int, tuple[int | None, ...]],
        list[tuple[Selected, set[int], list[tuple[int | None, ...]]]],
    ] = {}
    dropped = repeated
    for c in candidates:
        a = c.article
        urls = {canonical_url(u) for u in (c.source, a.url) if u and u.startswith("http")}
        twin = next((by_url[u] for u in urls if u in by_url), None) or by_sha.get(a.sha256)
        shingles: set[int] = set()
        bands: list[tuple[int | None, ...]] = []
        if twin is None:
            shingles = _shingles(a.text)
            bands = _bands(shingles)
            twin = _near(shingles, bands, buckets)
        if twin is not None:
            dropped += 1
            twin.credits.append(Credit(c.source, a.title, a.url, a.path))
            for u in urls:
                by_url.setdefault(u, twin)
            continue
        chosen = Selected(source=c.source, article=a)
        kept.append(chosen)
        for u in urls:
            by_url[u] = chosen
        by_sha[a.sha256] = chosen
        for i, band in enumerate(bands):
            buckets.setdefault((i, band), []).append((chosen, shingles, bands))
    by_source = {s.source: s for s in kept}
    for link, twin_link in (twins or {}).items():
        found = by_source.get(twin_link)
        if found is None:
            for s in kept:  # the twin may itself have been a duplicate of a kept article
                if any(c.source == twin_link for c in s.credits):
                    found = s
                    break
        dropped += 1
        if found is not None:
            found.credits.append(Credit(link, (titles or {}).get(link), link, None))
    when = {id(c.article): _when(c) for c in candidates}
    filtered = 0
    topical: list[Selected] = []
    for s in kept:
        text = lead(s.article)
        s.matches = topic_matches(text, list(include)) if include else 0
        if (include and not s.matches) or (exclude and topic_matches(text, list(exclude))):
            filtered += 1
            continue
        topical.append(s)
    over = 0
    if max_articles is not None and len(topical) > max_articles:
        carried = _carried(topical)
        order = sorted(
            range(len(topical)),
            key=lambda i: (-topical[i].matches, -carried[i], -when[id(topical[i].article)], i),
        )
        keep = set(order[:max_articles])
        over = len(topical) - max_articles
        topical = [s for i, s in enumerate(topical) if i in keep]
    return Selection(kept=topical, seen=seen, duplicates=dropped, filtered=filtered, over_cap=over)


def _carried(items: list[Selected]) -> list[int]:
    """How many sources carry each article's story: its own, its duplicates', and those of other
    articles whose titles share most words with it."""
    words = [_title_words(s.article) for s in items]
    index: dict[str, list[int]] = {}
    for i, ws in enumerate(words):
        for w in ws:
            index.setdefault(w, []).append(i)
    out = []
    for i, ws in enumerate(words):
        shared: dict[int, int] = {}
        for w in ws:
            for j in index[w]:
                if j != i:
                    shared[j] = shared.get(j, 0) + 1
        related = sum(
            1 + len(items[j].credits)
            for j, n in shared.items()
            if n >= 2 and n / max(1, len(ws | words[j])) >= 0.4
        )
        out.append(1 + len(items[i].credits) + related)
    return out
