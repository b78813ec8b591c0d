"""A large digest's briefings across worker processes.

Most of an article's CPU is its analysis (spaCy's parse and the evidence rules), and one Python
process runs it on one core. Here each worker process takes articles from one shared queue and
briefs them with its own client, its share of the --jobs slots and as many threads again, so
every core analyses while the calls in flight stay within --jobs. The workers are forked from
the digest's process once it has loaded spaCy and the SDK, and share those pages with it; they
share the briefing cache (SQLite); a run with --max-cost stays in one process, whose ledger sees
every call."""

from __future__ import annotations

import gc
import math
import os
import pickle
import queue
import threading
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from multiprocessing import get_context
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

from briefing.brief.digest import Failure, failure
from briefing.brief.options import Options
from briefing.errors import BriefingError
from briefing.ingest.article import Article
from briefing.llm.backends import Settings
from briefing.models import Briefing
from briefing.ops.logs import ExchangeLog

# Below this many articles per process, the processes' start (loading spaCy and the SDK, about
# 2 s of CPU before the first fork) costs more than it saves.
ARTICLES_PER_PROCESS = 32


def cores() -> int:
    """The CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def processes(
    wanted: int | None, *, articles: int, slots: int, concurrent: bool, max_cost: float | None
) -> int:
    """How many worker processes brief the articles; 1 means in this process. `wanted` (the
    --processes flag) is honoured up to one per article and per slot; by default one per core
    when every process gets ARTICLES_PER_PROCESS articles. A backend that takes one call at a
    time (the embedded model) and a run bounded by --max-cost stay in one process."""
    if not concurrent or max_cost is not None or articles < 2:
        return 1
    if wanted is not None:
        return max(1, min(wanted, articles, slots))
    return max(1, min(cores(), articles // ARTICLES_PER_PROCESS, slots))


def less_fragmentation() -> bool:
    """Fewer malloc arenas: glibc gives each thread that allocates an arena of its own, and a
    digest's many threads then hold twice the memory they use (510 MB against 262 MB for 200
    articles with --jobs 64). Whether it was set: not where the C library is not glibc."""
    import ctypes
    import ctypes.util
    import platform

    name = ctypes.util.find_library("c")
    if not name or platform.libc_ver()[0] != "glibc":
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):
        return False
    m_arena_max = -8  # from glibc's malloc.h
    return bool(mallopt(m_arena_max, 2))


@dataclass(frozen=True)
class Work:
    """What every worker needs to brief like the parent would."""

    settings: Settings
    options: Options
    slots: int
    cache: Path | None
    price: tuple[float, float, float] | None
    log: ExchangeLog | None = None


def _load_shared(work: Work) -> None:
    """Load here what every worker needs, before they are forked, so they share it copy-on-write
    instead of each loading its own: spaCy's pipeline (about 115 MB and 1-2 s of CPU), the
    backend's SDK (40 MB, 1 s) and the briefing modules."""
    import importlib

    from briefing.app import runner  # noqa: F401
    from briefing.evidence import nlp

    importlib.import_module(f"briefing.llm.{work.settings.spec.module}")
    nlp.parse("The pipeline is loaded once, by the process that forks the workers.")


def _serve(
    work: Work, articles: dict[str, Article], tasks: Queue[Any], results: Queue[Any]
) -> None:
    """A worker process: brief the articles named on `tasks` until it reads None, put each
    outcome on `results` as (source, its briefing pickled, or its Failure). `articles` is the
    parent's, inherited by the fork: only their names travel."""
    less_fragmentation()
    from briefing.app import runner
    from briefing.llm.base import Limited
    from briefing.llm.factory import LazyClient
    from briefing.ops.cache import Cache
    from briefing.ops.costs import Ledger

    turns = threading.Lock()  # this process's CPU work, one article at a time
    client = Limited(LazyClient(work.settings), work.slots, turns=turns)
    cache = Cache(work.cache) if work.cache else None
    ledger = Ledger(price=work.price)

    def loop() -> None:
        while (source := tasks.get()) is not None:
            try:
                with turns:
                    done = runner.brief(
                        articles[source],
                        client=client,
                        options=work.options,
                        cache=cache,
                        ledger=ledger,
                        log=work.log,
                    )
            except Exception as exc:  # a bug in one article still leaves the rest
                results.put((source, failure(source, exc)))
            else:
                results.put((source, pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL)))

    # Daemon threads: an interrupted worker ends at once instead of briefing the rest.
    threads = [threading.Thread(target=loop, daemon=True) for _ in range(2 * work.slots)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def _start(procs: Sequence[BaseProcess], work: Work) -> None:
    """Start the workers, forked from this process once the shared modules are loaded.

    Forked, not spawned: a spawned worker imports everything and loads spaCy again, and its
    copy is its own (200 articles, 2 workers: 457 MB in all spawned, 377 MB forked). The
    collector's objects are frozen first, so that no collection writes to (and so copies) the
    pages the workers share with this process; _end unfreezes them once the workers have ended.
    Forking while other threads run is safe here: the only ones at this point are a progress
    bar's (rich's own locks) and, under test, loopback servers, none of whose locks a worker
    takes; Python 3.12+ warns about any fork with threads, so that warning is silenced for
    these forks alone."""
    _load_shared(work)
    gc.freeze()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r".*fork\(\) may lead to deadlocks", DeprecationWarning)
        for p in procs:
            p.start()


def brief_all(
    articles: dict[str, Article],
    work: Work,
    *,
    workers: int,
    on_done: Callable[[str, BaseException | None], None] | None = None,
) -> tuple[list[tuple[str, Briefing]], list[Failure]]:
    """Brief every article in `workers` processes sharing `work.slots` calls in flight; the
    briefings in the articles' order and one Failure for each that failed (a worker that dies
    fails the articles it had not finished)."""
    ctx = get_context("fork")
    tasks: Queue[Any] = ctx.Queue()
    results: Queue[Any] = ctx.Queue()
    share = replace(work, slots=math.ceil(work.slots / workers))
    # Daemon processes: they end with the parent (an interrupted or failed run).
    procs: list[BaseProcess] = [
        ctx.Process(target=_serve, args=(share, articles, tasks, results), daemon=True)
        for _ in range(workers)
    ]
    try:
        _start(procs, share)
        for source in articles:
            tasks.put(source)
        for _ in range(workers * 2 * share.slots):
            tasks.put(None)  # one per thread: each stops when it reads one
        done, failed = _collect(articles, procs, results, on_done)
    except BaseException:  # interrupted: the workers stop now, not after the queue
        for p in procs:
            if p.pid is not None:  # started
                p.kill()
        raise
    finally:
        _end(procs)
    for source in articles:
        if source not in done and source not in failed:
            failed[source] = Failure(source=source, error="internal error: a worker process ended")
            if on_done:
                on_done(source, BriefingError(failed[source].error))
    # Kept pickled until now, when the workers have ended (the reference briefing: 6 KB pickled,
    # 45 KB as objects): the digest's peak is not the workers' and every briefing at once.
    ordered = [(s, pickle.loads(done[s])) for s in articles if s in done]
    return ordered, [failed[s] for s in articles if s in failed]


def _end(procs: Sequence[BaseProcess]) -> None:
    """Wait a little for each worker, then kill it; the collector has its objects back."""
    for p in procs:
        if p.pid is None:  # never started
            continue
        p.join(timeout=5)
        if p.is_alive():
            p.kill()
            p.join()
    gc.unfreeze()


def _collect(
    articles: dict[str, Article],
    procs: Sequence[BaseProcess],
    results: Queue[Any],
    on_done: Callable[[str, BaseException | None], None] | None,
) -> tuple[dict[str, bytes], dict[str, Failure]]:
    """Each outcome as the workers send it, until every article has one or every worker ended:
    the briefings as they came, pickled."""
    done: dict[str, bytes] = {}
    failed: dict[str, Failure] = {}
    while len(done) + len(failed) < len(articles):
        try:
            source, outcome = results.get(timeout=0.5)
        except queue.Empty:
            if any(p.is_alive() for p in procs):
                continue
            try:  # every worker has ended: what they sent last may still be in the pipe
                source, outcome = results.get(timeout=1)
            except queue.Empty:
                break
        if isinstance(outcome, Failure):
            failed[source] = outcome
            if on_done:
                on_done(source, BriefingError(outcome.error))
        else:
            done[source] = outcome
            if on_done:
                on_done(source, None)
    return done, failed
