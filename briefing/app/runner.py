"""Brief one article: the one path that `generate`, `digest` and `eval` share (client, strategy,
cache, cost ledger)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from briefing.brief import prompts
from briefing.brief.options import Options
from briefing.brief.pipeline import generate
from briefing.brief.strategy import for_client
from briefing.ingest.article import Article
from briefing.llm.base import Client
from briefing.models import Briefing, Usage
from briefing.ops.cache import Cache, key_for
from briefing.ops.costs import Ledger, MeteredClient, cost

if TYPE_CHECKING:
    from briefing.ops.logs import ExchangeLog

_log = logging.getLogger(__name__)


def _key(article: Article, client: Client, options: Options) -> str:
    strategy = for_client(client, options)
    return key_for(
        text_sha256=article.sha256,
        backend=client.backend,
        model=client.model,
        prompt_version=prompts.prompt_version(),
        options=f"{options.language}|{strategy.name}|{options.max_tokens}|{article.published}",
    )


def cached(
    article: Article, *, client: Client, options: Options | None = None, cache: Cache
) -> Briefing | None:
    """The cached briefing of this article by this client, if there is one (zero tokens; the
    metadata of this reading refreshed)."""
    return _as_read(cache.get(_key(article, client, options or Options())), article)


def _as_read(hit: Briefing | None, article: Article) -> Briefing | None:
    """A cached briefing as this run read it: nothing spent, this reading's path and URL."""
    if hit is None:
        return None
    prov = hit.provenance.model_copy(update={"usage": Usage(), "cost_usd": 0.0})
    src = hit.source.model_copy(update={"path": article.path, "url": article.url})
    return hit.model_copy(update={"provenance": prov, "source": src})


def brief(
    article: Article,
    *,
    client: Client,
    options: Options | None = None,
    cache: Cache | None = None,
    ledger: Ledger | None = None,
    log: ExchangeLog | None = None,
    stage: Callable[[str], None] | None = None,
    on_token: Callable[[int], None] | None = None,
) -> Briefing:
    """A cached briefing when there is one (zero tokens), else a fresh one, costed and stored.
    Without a cache every briefing is fresh (eval measures the model, not the cache); without a
    ledger the calls are counted but nothing is refused; with a log every exchange is kept and
    the briefing's provenance names the entries."""
    options = options or Options()
    ledger = ledger or Ledger(price=None)
    key = _key(article, client, options)
    where = article.url or article.path or "stdin"
    if cache is not None and (hit := _as_read(cache.get(key), article)):
        _log.info("%s: from the cache (no model call)", where)
        _tell(where, hit)
        return hit  # this run spent nothing on it
    # Every call (retries' results, re-asks, focused questions) goes through the run's ledger,
    # which reserves its worst case and refuses a call that could take the run past --max-cost.
    wrapped: Client = client
    if log is not None:
        from briefing.ops.logs import LoggedClient

        wrapped = LoggedClient(client, log, ledger.price)
    metered = MeteredClient(wrapped, ledger)
    b, ids = _fresh(article, where, metered, log, options, stage, on_token)
    prov = b.provenance.model_copy(
        update={"cost_usd": round(cost(b.provenance.usage, ledger.price), 6), "log_ids": ids}
    )
    b = b.model_copy(update={"provenance": prov})
    _tell(where, b)
    if cache is not None:
        cache.put(key, b)
    return b


def _fresh(
    article: Article,
    where: str,
    client: Client,
    log: ExchangeLog | None,
    options: Options,
    stage: Callable[[str], None] | None,
    on_token: Callable[[int], None] | None,
) -> tuple[Briefing, list[int]]:
    """A fresh briefing and the log entries of its calls (none without a log)."""
    if log is None:
        return generate(article, client=client, options=options, stage=stage, on_token=on_token), []
    from briefing.ops.logs import article as filed_under

    with filed_under(article.sha256, where) as filed:
        b = generate(article, client=client, options=options, stage=stage, on_token=on_token)
    return b, list(filed.ids)


def _tell(where: str, b: Briefing) -> None:
    """At -v: each warning with its reason, and the log entries that hold the exchanges."""
    for warning in b.warnings:
        _log.info("%s: warning: %s", where, warning)
    if b.provenance.log_ids:
        ids = ", ".join(f"#{i}" for i in b.provenance.log_ids)
        _log.info("%s: the model's answers are in the log: %s (briefing logs show ID)", where, ids)
