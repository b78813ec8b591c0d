"""What every backend provides: one chat completion, optionally constrained by a JSON schema."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager as ContextManager
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol, TypedDict

from briefing.models import Usage


class Message(TypedDict):
    role: str
    content: str


@dataclass(frozen=True)
class Completion:
    """One answer from a backend."""

    text: str
    usage: Usage
    finish_reason: str | None = None
    refusal: str | None = None


# Called with the number of tokens generated so far (for progress display).
TokenCallback = Callable[[int], None]


class Client(Protocol):
    """A chat backend: an OpenAI-compatible server, embedded llama.cpp, or a test double."""

    backend: str
    model: str
    # True: a small model that is asked to pick by id (the embedded strategy, brief.strategy)
    compact: bool

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None,
        schema_name: str,
        max_tokens: int,
        on_token: TokenCallback | None = None,
    ) -> Completion:
        """Return the model's answer; raise a BriefingError subclass on failure."""
        ...


# The time budget of the article being briefed in this thread: empty until its first call.
_BUDGET: ContextVar[list[float] | None] = ContextVar("briefing_article_budget", default=None)


@contextmanager
def one_article() -> Iterator[None]:
    """The calls made inside (an article's requests, retries, re-asks and focused questions)
    share one time budget, counted from the first of them: time spent waiting for a free slot
    or on other articles does not count against it."""
    token = _BUDGET.set([])
    try:
        yield
    finally:
        _BUDGET.reset(token)


def deadline(seconds: float) -> float:
    """When the current budget of `seconds` ends (time.monotonic): `seconds` after the
    article's first call inside `one_article`, else after now (a call on its own)."""
    now = time.monotonic()
    started = _BUDGET.get()
    if started is None:
        return now + seconds
    if not started:
        started.append(now)
    return started[0] + seconds


class Wrapper:
    """A client around another: the same backend, model and mode; subclasses hook in before
    and after each call (a budget, a bound on calls in flight)."""

    def __init__(self, client: Client) -> None:
        self._client = client
        self.backend = client.backend
        self.model = client.model
        self.compact = client.compact

    def _around(self, messages: list[Message], max_tokens: int) -> ContextManager[None]:
        """Entered for the call's duration."""
        return nullcontext()

    def _after(self, answer: Completion) -> None:
        """Told each answer."""

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None,
        schema_name: str,
        max_tokens: int,
        on_token: TokenCallback | None = None,
    ) -> Completion:
        """Call the wrapped client inside this wrapper's hooks."""
        with self._around(messages, max_tokens):
            answer = self._client.complete(
                messages,
                schema=schema,
                schema_name=schema_name,
                max_tokens=max_tokens,
                on_token=on_token,
            )
        self._after(answer)
        return answer


class Limited(Wrapper):
    """At most `slots` calls in flight at once, whichever threads make them.

    A digest bounds its calls to the backend, not its articles: the next article is read and its
    prompt built while earlier ones wait for answers, so a freed slot is used at once. With
    `turns` (a lock the caller holds while it works), the lock is let go for the call, so other
    articles' work and the transport's own run while this one waits."""

    def __init__(self, client: Client, slots: int, *, turns: threading.Lock | None = None) -> None:
        super().__init__(client)
        self._slots = threading.BoundedSemaphore(max(1, slots))
        self._turns = turns

    @contextmanager
    def _around(self, messages: list[Message], max_tokens: int) -> Iterator[None]:
        if self._turns is not None:
            self._turns.release()
        try:
            with self._slots:
                yield
        finally:
            if self._turns is not None:
                self._turns.acquire()
