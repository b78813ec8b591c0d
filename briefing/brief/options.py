"""How to brief one article: the options every path (generate, digest, eval) shares."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_ATTEMPTS = 3
DEFAULT_MAX_TOKENS = 1200


@dataclass(frozen=True)
class Options:
    """How to brief: language, attempts, output budget, and which strategy."""

    language: str = "English"
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    max_tokens: int = DEFAULT_MAX_TOKENS
    verify_speakers: bool = True
    # None: the client's declared capability decides (`Client.compact`); True or False forces
    # the embedded or the server strategy (see `brief.strategy`).
    compact: bool | None = None
