"""How many processes a digest's briefings are spread over (app.workers.processes)."""

from __future__ import annotations

import platform

import pytest
from chatserver import ChatServer
from conftest import EXAMPLE
from fakes import reference_draft

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


def test_forked_workers_brief_what_one_process_briefs_and_share_the_parent_pipeline(
    chat_server: ChatServer,
) -> None:
    import gc

    from briefing.app import runner
    from briefing.brief.options import Options
    from briefing.evidence import nlp
    from briefing.ingest.article import Article
    from briefing.llm import backends
    from briefing.llm.factory import LazyClient

    text = EXAMPLE.read_text(encoding="utf-8")
    articles = {
        f"a{i}.txt": Article(text=f"Dispatch {i}.\n\n{text}", path=f"a{i}.txt") for i in range(3)
    }
    settings = backends.resolve(base_url=chat_server.base_url, model="m", timeout=10)
    work = workers.Work(settings, Options(), 4, None, None)
    chat_server.reply(reference_draft(), times=4)
    nlp._pipeline.cache_clear()

    done, failed = workers.brief_all(articles, work, workers=2)

    # The parent loaded spaCy's pipeline before forking (the workers inherited it) and has the
    # collector's objects back once they ended.
    assert nlp._pipeline.cache_info().currsize == 1
    assert gc.get_freeze_count() == 0
    assert failed == []
    assert [s for s, _ in done] == list(articles)  # in the order given, whichever worker briefed
    client = LazyClient(settings)
    alone = runner.brief(articles["a1.txt"], client=client, options=Options())
    client.prepare()._client.close()  # type: ignore[attr-defined]
    briefed = dict(done)["a1.txt"]
    assert briefed.claims == alone.claims and briefed.headline == alone.headline
    assert len(chat_server.requests) == 4
