"""The lazily built client: a background warm-up never prints a traceback."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from briefing.errors import ConfigError
from briefing.llm import factory
from briefing.llm.backends import Settings


def test_a_failed_warm_up_is_reported_by_the_first_call_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_a: Any, **_k: Any) -> Any:
        raise ConfigError("the embedded backend needs llama-cpp-python")

    monkeypatch.setattr(factory, "make_client", broken)
    seen: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: seen.append(args.exc_value))
    lazy = factory.LazyClient(Settings(backend="openai", model="m", base_url=None, timeout=5))

    warm = threading.Thread(target=lazy.warm_up)
    warm.start()
    warm.join(timeout=10)
    assert seen == []  # nothing escaped the thread (it would print a traceback)

    with pytest.raises(ConfigError, match="needs llama-cpp-python"):
        lazy.complete([], schema=None, schema_name="x", max_tokens=1)
