"""The Python API: `from briefing import brief, digest, Briefing`.

The same path the commands take (settings, cache, cost ledger, exchange log), returning the
Pydantic models the JSON contract prints and raising the `briefing.errors` classes. Keyword
options are the commands' long options with underscores. Nothing here prints, writes an output
file or sends email; the heavy modules are imported on the first call.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from briefing.brief.digest import Digest
    from briefing.ingest.article import Article
    from briefing.models import Briefing

Source = str | os.PathLike[str]
_log = logging.getLogger("briefing.api")


def brief(
    source: Source | None = None,
    *,
    text: str | None = None,
    backend: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    timeout: float | None = None,
    max_attempts: int = 3,
    language: str = "English",
    published: str | None = None,
    no_cache: bool = False,
    max_cost: float | None = None,
    no_log: bool = False,
) -> Briefing:
    """Brief one article (a file, an http(s) URL, '-' for stdin, or `text`) as `generate` does."""
    from briefing.app import runner
    from briefing.brief.options import Options
    from briefing.llm import backends
    from briefing.llm.factory import LazyClient
    from briefing.ops import costs, logs
    from briefing.ops.cache import Cache

    _check_attempts(max_attempts)
    settings = backends.resolve(backend=backend, model=model, base_url=base_url, timeout=timeout)
    article = _article(source, text, published)
    ledger = costs.Ledger(price=costs.prices().get(settings.model or ""), max_cost=max_cost)
    return runner.brief(
        article,
        client=LazyClient(settings),
        options=Options(max_attempts=max_attempts, language=language),
        cache=None if no_cache else Cache(),
        ledger=ledger,
        log=logs.ExchangeLog() if logs.enabled(no_log) else None,
    )


def digest(
    sources: Sequence[Source] = (),
    *,
    edition: str | None = None,
    feed: Sequence[str] = (),
    since: str | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    max_articles: int | None = None,
    jobs: int | None = None,
    processes: int | None = None,
    backend: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    timeout: float | None = None,
    max_attempts: int | None = None,
    language: str | None = None,
    no_cache: bool = False,
    max_cost: float | None = None,
    no_log: bool = False,
) -> Digest:
    """Brief many articles (files, URLs, feeds) into one digest as `digest` does; an edition's
    keys fill what is not given. Articles that fail are listed in the digest's `failed`."""
    from briefing.app import digest_run
    from briefing.ops import editions

    if max_attempts is not None:
        _check_attempts(max_attempts)
    flags: dict[str, Any] = {
        "sources": [os.fspath(s) for s in sources],
        "feed": list(feed),
        "since": since,
        "include": list(include),
        "exclude": list(exclude),
        "max_articles": max_articles,
        "jobs": jobs,
        "processes": processes,
        "backend": backend,
        "model": model,
        "base_url": base_url,
        "timeout": timeout,
        "max_attempts": max_attempts,
        "language": language,
        "no_cache": no_cache or None,
        "max_cost": max_cost,
        "no_log": no_log or None,
    }
    opts = editions.options(edition, flags)
    # Delivery is the command's: the API returns the digest and writes, mails and keeps nothing.
    opts.output = opts.ics = opts.archive = None
    opts.email_to = []
    opts.since_last = False
    opts.quiet = True
    _code, result = digest_run.run(  # a partly failed run lists its failures in the digest
        opts, say=_log.info, error=_log.info, out=lambda _text: None, progress=_silent
    )
    assert result is not None  # only an email already sent today returns none; none is sent
    return result


def _check_attempts(n: int) -> None:
    """The range --max-attempts takes."""
    from briefing.errors import UsageError

    if not 1 <= n <= 10:
        raise UsageError(f"max_attempts {n}: give 1 to 10")


def _article(source: Source | None, text: str | None, published: str | None) -> Article:
    """The article from a source or from text (exactly one of them)."""
    from briefing.errors import UsageError
    from briefing.ingest import sources
    from briefing.ingest.article import Article, check_text
    from briefing.ingest.clean import parse_iso

    if published and parse_iso(published) is None:
        raise UsageError(f"published {published!r}: use the form YYYY-MM-DD")
    if text is not None and source is None:
        check_text(text, name="text")
        return Article(text=text, published=published)
    if source is None or text is not None:
        raise UsageError("give a source (a file, a URL or '-') or text=, one of them")
    return sources.load(os.fspath(source), published=published)


@contextmanager
def _silent(_total: int) -> Iterator[Callable[[str, BaseException | None], None]]:
    """No progress bar: a library's caller draws its own."""
    yield lambda _source, _error: None
