"""What every backend provides: one chat completion, optionally constrained by a JSON schema."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypedDict

from ..models import Usage


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


class Limited:
    """At most `slots` calls in flight at once, whichever threads make them.

    A digest bounds its calls to the backend, not its articles: the next article is read and its
    prompt built while earlier ones wait for answers, so a freed slot is used at once."""

    def __init__(self, client: Client, slots: int, *, turns: threading.Lock | None = None) -> None:
        self._client = client
        self._slots = threading.BoundedSemaphore(max(1, slots))
        self._turns = turns
        self.backend = client.backend
        self.model = client.model
        self.compact = getattr(client, "compact", False)

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None,
        schema_name: str,
        max_tokens: int,
        on_token: TokenCallback | None = None,
    ) -> Completion:
        """Wait for a free slot, then call the wrapped client.

        With `turns` (a lock the caller holds while it works), the lock is let go for the call,
        so other articles' work and the transport's own run while this one waits."""
        if self._turns is not None:
            self._turns.release()
        try:
            with self._slots:
                return self._client.complete(
                    messages,
                    schema=schema,
                    schema_name=schema_name,
                    max_tokens=max_tokens,
                    on_token=on_token,
                )
        finally:
            if self._turns is not None:
                self._turns.acquire()
