"""One digest run, as cron runs an edition: read the sources and feeds, select (no model call),
brief, write the output and calendar, keep the archive, email those not yet served today, and
move the edition's state. A day's edition, once sent, is kept as sent: a reader added later gets
that one, and nothing already written is replaced by a run that only serves new readers. A
source (a feed, a page, a file) that fails never stops the others. Nothing here prints: notes
for stderr go through `say`, error lines through `error`, the digest for stdout through `out`
(cli.py owns all three)."""

from __future__ import annotations

import atexit
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.errors import EXIT_OK, EXIT_PARTIAL, BriefingError, UsageError
from briefing.ops.editions import DigestOptions

if TYPE_CHECKING:
    from briefing.brief.digest import Digest

Advance = Callable[[str, BaseException | None], None]


def _named(source: str, error: str) -> str:
    """An error line that names its source once."""
    return error if error.startswith(source) else f"{source}: {error}"


def _first(failed: list[Any], what: str = "article") -> BriefingError:
    """Every article failed: exit as that failure would alone when all agree, else 5."""
    codes = {f.exit_code for f in failed}
    first = _named(failed[0].source, failed[0].error)
    err = BriefingError(f"every {what} failed; first: {first}")
    err.exit_code = codes.pop() if len(codes) == 1 else 5
    return err


@dataclass
class Gathered:
    """What the sources and feeds give: every entry as given, the feed entries' dates and
    titles, and the feeds that failed."""

    given: list[str]
    dates: dict[str, datetime] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    failed: list[Any] = field(default_factory=list)

    @property
    def listed(self) -> dict[str, int]:
        """How many entries gave each source (a story two feeds carry is listed twice)."""
        times: dict[str, int] = {}
        for s in self.given:
            times[s] = times.get(s, 0) + 1
        return times


def _gather(o: DigestOptions) -> tuple[list[str], Gathered]:
    """Read the feeds (one that fails is noted, never stops the others) and list the entries."""
    from briefing.brief import digest as dg
    from briefing.ops.editions import parse_since

    window = parse_since(o.since)
    got = Gathered(list(o.sources))
    if o.feed:
        from briefing.ingest.fetch import fetch_feed  # httpx: only when there is something to fetch

        for url in o.feed:
            try:
                entries = fetch_feed(url, since=window)
            except BriefingError as exc:
                if len(o.feed) == 1 and not o.sources:
                    raise  # the only source: its own error and exit code
                got.failed.append(dg.failure(url, exc))
                continue
            for e in entries:
                got.given.append(e.link)
                if e.published and e.link not in got.dates:
                    got.dates[e.link] = e.published
                if e.title and e.link not in got.titles:
                    got.titles[e.link] = e.title
    items = dg.flatten([got.given])
    if not items and not got.failed:
        where = f" (or sources/feed in [editions.{o.edition}])" if o.edition else ""
        raise UsageError(f"nothing to brief: give article files, URLs or --feed{where}")
    return items, got


def run(
    o: DigestOptions,
    *,
    say: Callable[[str], None],
    error: Callable[[str], None],
    out: Callable[[str], None],
    progress: Callable[[int], AbstractContextManager[Advance]],
) -> tuple[int, Digest | None]:
    """The whole run: its exit code (EXIT_OK, or EXIT_PARTIAL when some sources failed and the
    digest went out without them) and the digest (None when everyone had today's already, or
    the readers added since got today's edition as it was sent); BriefingError for what stops
    it (cli.py maps it to one line and a code)."""
    from briefing.app import runner, workers
    from briefing.app.deliver import already_line, email, email_plan, unsent
    from briefing.brief import digest as dg
    from briefing.brief.options import Options
    from briefing.ingest import selection as sel
    from briefing.ingest.sources import load
    from briefing.llm import backends
    from briefing.llm.base import Limited
    from briefing.llm.factory import LazyClient
    from briefing.ops import costs, editions, logs, runlock
    from briefing.ops.cache import Cache
    from briefing.output import archive, formats, mail
    from briefing.output.files import check_target, write_atomic

    workers.less_fragmentation()  # before the threads start
    editions.parse_since(o.since)  # a bad --since stops the run before anything is fetched
    for target in (o.output, o.ics):
        if target:
            check_target(target)
    shelf = archive.check_folder(o.archive) if o.archive else None
    plan = email_plan(
        ", ".join(o.email_to) or None,
        email_from=o.email_from,
        subject=o.subject,
        host=o.smtp_host,
        port=o.smtp_port,
        user=o.smtp_user,
        security=o.smtp_security,
        cafile=o.smtp_cafile,
    )
    # "Today" names the archive's files and rules the once-a-day email.
    day, zone = runlock.today(o.tz) if plan or o.tz is not None else (date.today(), "")
    settings = backends.resolve(
        backend=o.backend, model=o.model, base_url=o.base_url, timeout=o.timeout
    )
    state = editions.state_folder(o)
    names = runlock.targets(
        files=[o.output, o.ics, shelf / "index.html" if shelf else None],
        recipients=plan.addresses if plan else [],
        others=[editions.lock_name(o)],
    )
    with runlock.hold(names):  # a second run of this edition or for these targets exits 75
        key = editions.sent_key(o)
        if plan and not o.force:
            left = unsent(plan, key, day, folder=state)
            if left is None:
                say(already_line(plan, day, zone, "edition" if o.edition else "digest"))
                return EXIT_OK, None
            kept = editions.sent_today(state, key, day)
            if kept is not None:  # readers added since: today's edition as it was sent
                _send_kept(left, kept, key, day, folder=state, say=say)
                return EXIT_OK, None
            plan = left
        items, got = _gather(o)
        if not items:  # every feed failed, and there was nothing else
            for f in got.failed:
                error(_named(f.source, f.error))
            raise _first(got.failed, "source")
        seen = len(got.given)
        ledger = costs.Ledger(price=costs.prices().get(settings.model or ""), max_cost=o.max_cost)
        cache = None if o.no_cache else Cache()
        log = logs.ExchangeLog(edition=o.edition) if logs.enabled(o.no_log) else None
        lazy = LazyClient(settings)
        slots = o.jobs if lazy.concurrent else 1

        def spread_over(n: int) -> int:
            """How many processes brief n articles (app.workers)."""
            return workers.processes(
                o.processes,
                articles=n,
                slots=slots,
                concurrent=lazy.concurrent,
                max_cost=o.max_cost,
            )

        # When the articles will be spread over worker processes, they, not this one, need the SDK.
        spread = spread_over(len(items))
        if spread == 1 and (cache is None or int(cache.stats()["entries"]) < len(items)):
            # Misses are likely: import the SDK (or load the model) while articles load.
            warming = threading.Thread(target=lazy.warm_up, daemon=True)
            warming.start()
            # A run that ends first waits for it at exit: a daemon thread still importing the
            # SDK or loading the model while the interpreter shuts down can crash it (SIGSEGV).
            atexit.register(warming.join)
        # --jobs bounds the calls in flight (one llama.cpp context takes one at a time); as many
        # articles again are prompted meanwhile, so a freed slot is used at once.
        turns = threading.Lock()  # our own CPU work, one article at a time
        client = Limited(lazy, slots, turns=turns)
        options = Options(max_attempts=o.max_attempts, language=o.language)

        # Every article is read first (one link per canonical URL): the selection needs them
        # all, and costs no model call.
        links, twins = sel.same_links(items)
        loaded, failed = dg.brief_all(links, load, jobs=max(8, 2 * slots))
        chosen = sel.select(
            [sel.Candidate(src, a, got.dates.get(src)) for src, a in loaded],
            seen=seen,
            repeated=seen - len(items),
            twins=twins,
            titles=got.titles,
            include=o.include,
            exclude=o.exclude,
            max_articles=o.max_articles,
        )
        articles = {s.source: s.article for s in chosen.kept}

        def brief_one(src: str) -> Any:
            with turns:
                return runner.brief(
                    articles[src],
                    client=client,
                    options=options,
                    cache=cache,
                    ledger=ledger,
                    log=log,
                )

        started = time.perf_counter()
        with progress(len(articles)) as advance:
            # What the cache has is served here: only the rest may be worth other processes.
            hits: dict[str, Any] = {}
            if cache is not None and spread_over(len(articles)) > 1:
                for src, article in articles.items():
                    if hit := runner.cached(article, client=lazy, options=options, cache=cache):
                        hits[src] = hit
                        advance(src, None)
            todo = {s: a for s, a in articles.items() if s not in hits}
            spread = spread_over(len(todo))
            if spread > 1:
                work = workers.Work(
                    settings, options, slots, cache.path if cache else None, ledger.price, log
                )
                fresh, not_briefed = workers.brief_all(todo, work, workers=spread, on_done=advance)
            else:
                fresh, not_briefed = dg.brief_all(
                    list(todo), brief_one, jobs=2 * slots, on_done=advance
                )
        briefed = {**hits, **dict(fresh)}
        done = [(s, briefed[s]) for s in articles if s in briefed]
        failed = got.failed + failed + not_briefed
        for f in failed:
            error(_named(f.source, f.error))
        if not done:
            raise UsageError("no article could be briefed") if not failed else _first(failed)
        credits = {
            s.source: [
                dg.StorySource(article=0, title=c.title, url=c.url, path=c.path) for c in s.credits
            ]
            for s in chosen.kept
        }
        elapsed = time.perf_counter() - started

        def build(articles: list[tuple[str, Any]]) -> Any:
            """The digest of these briefed articles."""
            return dg.build(
                articles,
                failed,
                elapsed_s=elapsed,
                credits=credits,
                selection=dg.Counts(
                    seen=chosen.seen,
                    duplicates=chosen.duplicates,
                    filtered=chosen.filtered,
                    over_cap=chosen.over_cap,
                ),
                title=o.title,
                edition=o.edition,
                processes=spread,
                listed=got.listed,
            )

        previous = state / "last-digest.json"
        result, whole = _since_last(o, build, done, previous, day)
        text = formats.render_digest(result, o.format)
        if o.output:
            write_atomic(o.output, text)
        elif not (plan or shelf):  # an edition that emails or archives keeps stdout empty
            out(text)
        if o.ics:
            from briefing.output.ics import calendar_of

            write_atomic(o.ics, calendar_of([(b, None) for b in result.briefings]))
        html = ""
        if plan or shelf:  # both take the HTML, whatever the output's format
            html = text if o.format == "html" else formats.render_digest(result, "html")
        if shelf:  # a second edition the same day is numbered: the first is never replaced
            archive.keep(shelf, result, day=day, name=o.edition or "digest", html=html)
        sent_to: list[str] = []
        if plan:
            try:
                mail.check_html(html)
            except UsageError as exc:
                raise UsageError(f"{exc.message}; lower --max-articles to email it") from None
            _headline, plain = mail.read_html(html)
            refused = email(
                plan, key, day, headline=result.title, text=plain, html=html, folder=state
            )
            if refused:
                say(f"Warning: the SMTP server refused {', '.join(refused)}")
            sent_to = _accepted(plan, refused)
            if sent_to:  # kept as sent: a reader added later today gets this very edition
                editions.keep_sent(
                    state, key, day, html=html, title=result.title, sent_to=sent_to
                )
        if o.since_last:  # only a --since-last run moves "since last" forward
            state.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomic(previous, whole.model_dump_json() + "\n")
        usage = result.totals.usage
        editions.record_run(
            state,
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "articles": result.totals.articles,
                "failed": result.totals.failed,
                "stories": len(result.stories),
                "new_stories": len(result.changes.new_stories)
                if result.changes and result.changes.previous
                else len(result.stories),
                "tokens": usage.prompt_tokens + usage.completion_tokens,
                "cost_usd": result.totals.cost_usd,
                "sent_to": sent_to,
            },
        )
        return (EXIT_PARTIAL if failed else EXIT_OK), result


def _since_last(
    o: DigestOptions,
    build: Callable[[list[tuple[str, Any]]], Any],
    done: list[tuple[str, Any]],
    previous: Path,
    day: date,
) -> tuple[Any, Any]:
    """The digest to deliver and the one to keep for the next --since-last (every article, so
    a story left out as earlier stays known): compared with the previous digest, new and
    updated stories first, earlier ones (already sent, unchanged) last or left out."""
    from briefing.brief import digest as dg

    whole = build(done)
    if not o.since_last:
        return whole, whole
    before = dg.load_previous(previous)
    whole.changes = dg.compare(whole, before, today=day)
    ordered = dg.arrange(done, whole, omit=o.earlier == "omit")
    if [src for src, _ in ordered] == [src for src, _ in done]:
        return whole, whole
    shown = build(ordered)
    shown.changes = dg.compare(shown, before, today=day)
    return shown, whole


def _accepted(plan: Any, refused: list[str]) -> list[str]:
    """The plan's addresses the SMTP server did not refuse."""
    bounced = {r.split(" ", 1)[0].lower() for r in refused}
    return [a for a in plan.addresses if a.lower() not in bounced]


def _send_kept(
    plan: Any, kept: Any, key: str, day: date, *, folder: Path, say: Callable[[str], None]
) -> None:
    """Send today's edition as it was sent to the readers added since; nothing is rebuilt or
    rewritten but the record of who has it."""
    from briefing.app.deliver import email
    from briefing.ops import editions
    from briefing.output import mail

    _headline, plain = mail.read_html(kept.html)
    refused = email(plan, key, day, headline=kept.title, text=plain, html=kept.html, folder=folder)
    if refused:
        say(f"Warning: the SMTP server refused {', '.join(refused)}")
    got = _accepted(plan, refused)
    editions.add_readers(kept, got)
    editions.note_readers(folder, got)
