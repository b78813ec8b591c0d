"""How many processes a digest's briefings are spread over (app.workers.processes)."""

from __future__ import annotations

import platform

import pytest

from briefing.app import workers


def test_a_large_digest_on_a_server_takes_a_process_per_core(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workers, "cores", lambda: 4)
    many = workers.ARTICLES_PER_PROCESS * 10
    assert workers.processes(None, articles=many, slots=64, concurrent=True, max_cost=None) == 4
    # Each process gets enough articles to pay for its start, and at least one slot.
    few = workers.ARTICLES_PER_PROCESS * 2
    assert workers.processes(None, articles=few, slots=64, concurrent=True, max_cost=None) == 2
    assert workers.processes(None, articles=many, slots=3, concurrent=True, max_cost=None) == 3
    assert workers.processes(None, articles=20, slots=8, concurrent=True, max_cost=None) == 1


def test_what_stays_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "cores", lambda: 8)
    many = workers.ARTICLES_PER_PROCESS * 10
    # The embedded model takes one call at a time; a --max-cost ledger must see every call.
    assert workers.processes(None, articles=many, slots=1, concurrent=False, max_cost=None) == 1
    assert workers.processes(None, articles=many, slots=64, concurrent=True, max_cost=1.0) == 1
    assert workers.processes(8, articles=many, slots=64, concurrent=True, max_cost=1.0) == 1


def test_processes_asked_for_are_capped_by_articles_and_slots() -> None:
    assert workers.processes(6, articles=3, slots=64, concurrent=True, max_cost=None) == 3
    assert workers.processes(6, articles=100, slots=2, concurrent=True, max_cost=None) == 2
    assert workers.processes(2, articles=3, slots=4, concurrent=True, max_cost=None) == 2


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="a glibc setting")
def test_fewer_malloc_arenas_is_set_on_glibc() -> None:
    assert workers.less_fragmentation() is True


class _Ended:
    """A worker process that has ended."""

    def is_alive(self) -> bool:
        return False


def test_articles_a_dead_worker_never_answered_for_are_not_waited_on() -> None:
    from multiprocessing import get_context

    from briefing.brief.digest import Failure
    from briefing.ingest.article import Article

    results = get_context("spawn").Queue()
    results.put(
        (
            "b.txt",
            Failure(source="b.txt", error="the server rejected the request (400)", exit_code=3),
        )
    )
    articles = {s: Article(text="x", path=s) for s in ("a.txt", "b.txt")}
    seen: list[tuple[str, BaseException | None]] = []

    done, failed = workers._collect(articles, [_Ended()], results, lambda s, e: seen.append((s, e)))

    # What was sent before the worker ended is read; the rest is for the caller to fail.
    assert done == {}
    assert list(failed) == ["b.txt"]
    assert failed["b.txt"].exit_code == 3
    assert [s for s, _ in seen] == ["b.txt"]


def test_a_failure_reads_the_same_from_a_worker_and_from_one_process() -> None:
    from briefing.brief.digest import failure
    from briefing.errors import TemporaryError

    late = failure("a.txt", TemporaryError("the LLM server did not answer in time"))
    assert (late.error, late.exit_code) == ("the LLM server did not answer in time", 5)
    bug = failure("b.txt", KeyError("x"))
    assert (bug.error, bug.exit_code) == ("internal error: KeyError: 'x'; please report it", 70)
