"""What every backend provides: one chat completion, optionally constrained by a JSON schema."""

from __future__ import annotations

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
