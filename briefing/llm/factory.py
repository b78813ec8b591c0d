"""Build the client for resolved settings; vendor modules are imported only here, on demand."""

from __future__ import annotations

from collections.abc import Callable

from ..config import Settings
from .base import Client


def make_client(
    settings: Settings,
    *,
    stage: Callable[[str], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Client:
    """The OpenAI-compatible client or the embedded llama.cpp one."""
    if settings.backend == "openai":
        from .openai_backend import OpenAIClient

        return OpenAIClient(
            model=settings.model or "gpt-4o-mini",
            api_key=settings.api_key,
            base_url=settings.base_url,
            timeout=settings.timeout,
        )
    from .local import LocalClient

    return LocalClient(stage=stage, progress=progress)
