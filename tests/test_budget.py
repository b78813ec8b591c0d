"""--max-cost holds: each call reserves its worst case before it is sent and settles on the
answer, so calls in flight at once never take a run past the cap."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from chatserver import ChatServer, Step

from briefing.errors import UnavailableError
from briefing.llm.openai_backend import OpenAIClient
from briefing.models import Usage
from briefing.ops.costs import BudgetExceeded, Ledger, MeteredClient, worst_prompt_tokens

PRICE = (1000.0, 1000.0, 1000.0)  # USD per million tokens: a tenth of a cent a token
PROMPT = [{"role": "user", "content": "x" * 100}]


class SlowServer(ChatServer):
    """Answers after a pause, so that many calls are in flight at once."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay
        self.in_flight = 0
        self.most_in_flight = 0
        self._count = threading.Lock()

    def _next_step(self) -> Step | None:
        with self._count:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        time.sleep(self.delay)
        with self._count:
            self.in_flight -= 1
        return super()._next_step()


@pytest.fixture
def slow_server() -> Iterator[SlowServer]:
    with SlowServer(0.2) as server:
        yield server


def test_worst_case_covers_every_byte_and_the_schema() -> None:
    schema = {"type": "object", "properties": {"x": {"type": "string"}}}
    plain = worst_prompt_tokens(PROMPT, None)  # type: ignore[arg-type]
    assert plain >= 100
    assert worst_prompt_tokens(PROMPT, schema) > plain  # type: ignore[arg-type]
    wide = [{"role": "user", "content": "é" * 100}]  # two UTF-8 bytes each
    assert worst_prompt_tokens(wide, None) >= 200  # type: ignore[arg-type]


def test_reserve_refuses_what_calls_in_flight_could_spend() -> None:
    ledger = Ledger(price=PRICE, max_cost=0.25)
    held = ledger.reserve(100, 20)  # 120 tokens: 0.12 USD at most
    assert held == pytest.approx(0.12)
    ledger.reserve(100, 20)
    with pytest.raises(BudgetExceeded, match="held by calls in flight"):
        ledger.reserve(100, 20)  # a third could take the run to 0.36
    ledger.settle(held, Usage(prompt_tokens=50, completion_tokens=10))
    assert ledger.spent == pytest.approx(0.06)
    assert ledger.reserved == pytest.approx(0.12)
    assert ledger.calls == 1


def test_concurrent_calls_never_overshoot_the_cap(slow_server: SlowServer) -> None:
    slow_server.reply({"ok": True}, usage=(100, 20), times=40)
    client = OpenAIClient(
        model="m", api_key="k", base_url=slow_server.base_url, timeout=10, backoff=0.01
    )
    cap = 1.0
    ledger = Ledger(price=PRICE, max_cost=cap)
    metered = MeteredClient(client, ledger)

    def call(_: int) -> str:
        try:
            metered.complete(PROMPT, schema=None, schema_name="x", max_tokens=20)  # type: ignore[arg-type]
        except BudgetExceeded:
            return "refused"
        return "answered"

    try:
        with ThreadPoolExecutor(max_workers=16) as pool:
            outcomes = list(pool.map(call, range(40)))
    finally:
        client._client.close()
    answered = outcomes.count("answered")
    assert ledger.spent <= cap
    assert ledger.spent == pytest.approx(answered * 0.12)
    assert len(slow_server.requests) == answered == ledger.calls
    assert 1 < answered < 40 and "refused" in outcomes
    assert slow_server.most_in_flight > 1  # the calls did overlap
    assert ledger.reserved == pytest.approx(0.0)


def test_a_failed_call_releases_its_reservation(chat_server: ChatServer) -> None:
    chat_server.error(400, "bad request")
    client = OpenAIClient(model="m", api_key="k", base_url=chat_server.base_url, timeout=5)
    ledger = Ledger(price=PRICE, max_cost=1.0)
    try:
        with pytest.raises(UnavailableError):
            MeteredClient(client, ledger).complete(
                PROMPT,
                schema=None,
                schema_name="x",
                max_tokens=20,  # type: ignore[arg-type]
            )
    finally:
        client._client.close()
    assert ledger.reserved == 0.0 and ledger.spent == 0.0 and ledger.calls == 0
