"""Build the client for resolved settings; vendor modules are imported only here, on demand."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from typing import Any

from briefing.llm.backends import Settings
from briefing.llm.base import Client, Completion, Message, TokenCallback


def make_client(
    settings: Settings,
    *,
    stage: Callable[[str], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Client:
    """The client of the settings' backend: its module (the SDK, llama.cpp) is imported now."""
    module = importlib.import_module(f"briefing.llm.{settings.spec.module}")
    client: Client = module.build(settings, stage=stage, progress=progress)
    return client


class LazyClient:
    """Names the backend and model at once, but builds the client (imports the SDK or loads
    llama.cpp) only when first needed, so answers served from the cache cost no start-up."""

    def __init__(
        self,
        settings: Settings,
        *,
        stage: Callable[[str], None] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        from briefing.llm.model_files import MODEL_NAME

        self.backend = settings.backend
        self.model = MODEL_NAME if settings.spec.default_model is None else settings.model or ""
        self.compact = settings.spec.compact
        self.concurrent = settings.spec.concurrent
        self._settings = settings
        self._hooks = (stage, progress)
        self._client: Client | None = None
        self._lock = threading.Lock()

    def prepare(self) -> Client:
        """Build the real client now (a digest that expects cache misses does this early)."""
        with self._lock:
            if self._client is None:
                self._client = make_client(
                    self._settings, stage=self._hooks[0], progress=self._hooks[1]
                )
            return self._client

    def warm_up(self) -> None:
        """prepare() in the background: a failure here is not reported, the first call that
        needs the client meets it again and reports it as a one-line error."""
        try:
            self.prepare()
        except Exception:  # noqa: BLE001 (surfaced by the first real call)
            return

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None,
        schema_name: str,
        max_tokens: int,
        on_token: TokenCallback | None = None,
    ) -> Completion:
        """Build the real client if needed, then delegate."""
        return self.prepare().complete(
            messages,
            schema=schema,
            schema_name=schema_name,
            max_tokens=max_tokens,
            on_token=on_token,
        )
