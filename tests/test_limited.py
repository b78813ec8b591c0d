"""llm.base.Limited: a bound on calls in flight that lets the caller's own lock go meanwhile."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from briefing.llm.base import Completion, Limited, Message, TokenCallback
from briefing.models import Usage


class SlowClient:
    """A test double: each call takes `delay` seconds; keeps the peak number of calls at once."""

    backend = "test"
    model = "slow"
    compact = False

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.now = 0
        self.peak = 0
        self._lock = threading.Lock()

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None,
        schema_name: str,
        max_tokens: int,
        on_token: TokenCallback | None = None,
    ) -> Completion:
        with self._lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        time.sleep(self.delay)
        with self._lock:
            self.now -= 1
        return Completion(text="{}", usage=Usage(prompt_tokens=1))


def _call_from_threads(client: Limited, n: int, turns: threading.Lock | None) -> list[str]:
    answers: list[str] = []

    def one() -> None:
        if turns is None:
            answers.append(client.complete([], schema=None, schema_name="x", max_tokens=1).text)
            return
        with turns:  # as a digest worker holds it while it works on its article
            answers.append(client.complete([], schema=None, schema_name="x", max_tokens=1).text)

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    return answers


def test_limited_allows_exactly_its_slots_at_once() -> None:
    slow = SlowClient(0.15)
    answers = _call_from_threads(Limited(slow, 3), 9, None)
    assert answers == ["{}"] * 9
    assert slow.peak == 3


def test_limited_lets_the_callers_lock_go_during_the_call() -> None:
    slow = SlowClient(0.15)
    turns = threading.Lock()
    answers = _call_from_threads(Limited(slow, 4, turns=turns), 8, turns)
    assert answers == ["{}"] * 8
    assert slow.peak == 4  # held through the call, the lock would have allowed one
    assert not turns.locked()  # every caller got it back and let it go


def test_limited_gives_the_lock_back_when_the_call_fails() -> None:
    class Failing(SlowClient):
        def complete(self, *a: Any, **k: Any) -> Completion:
            raise RuntimeError("boom")

    turns = threading.Lock()
    client = Limited(Failing(0), 1, turns=turns)
    with turns:
        with pytest.raises(RuntimeError, match="boom"):
            client.complete([], schema=None, schema_name="x", max_tokens=1)
        assert turns.locked()  # back in the caller's hands, as before the call
    assert not turns.locked()
