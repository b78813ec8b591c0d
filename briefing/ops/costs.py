"""The cost ledger: tokens and estimated dollars per article and per run, with a budget stop."""

from __future__ import annotations

import json
import os
import threading
from contextlib import AbstractContextManager as ContextManager
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from briefing.errors import BriefingError, ConfigError
from briefing.llm.base import Client, Completion, Message, Wrapper
from briefing.models import Usage

# USD per million tokens (prompt, cached prompt, completion); override with BRIEFING_PRICES
# ('{"model": [prompt, cached, completion]}') or [prices] in the config file.
DEFAULT_PRICES: dict[str, tuple[float, float, float]] = {
    "gpt-4o-mini": (0.15, 0.075, 0.60),
    "gpt-4o": (2.50, 1.25, 10.00),
    "gpt-4.1": (2.00, 0.50, 8.00),
    "gpt-4.1-mini": (0.40, 0.10, 1.60),
    "gpt-4.1-nano": (0.10, 0.025, 0.40),
    "gpt-5-mini": (0.25, 0.025, 2.00),
}
EXIT_BUDGET = 6


class BudgetExceeded(BriefingError):
    """The next call would push the run past --max-cost."""

    exit_code = EXIT_BUDGET


def prices(overrides: dict[str, Any] | None = None) -> dict[str, tuple[float, float, float]]:
    """The price table: defaults, then the config file's [prices] (or `overrides` in its
    place), then BRIEFING_PRICES; the later wins for a model both name."""
    from briefing.config import file_table

    table = dict(DEFAULT_PRICES)
    file = file_table("prices") if overrides is None else overrides
    sources = (("[prices] in the config file", file), ("BRIEFING_PRICES", _env_prices()))
    for where, source in sources:
        for model, value in source.items():
            try:
                if not isinstance(value, list | tuple):
                    raise ValueError
                p, c, o = (float(x) for x in value)
                if min(p, c, o) < 0:
                    raise ValueError
            except (TypeError, ValueError):
                raise ConfigError(
                    f"{where}: price for {model!r} must be [prompt, cached, completion] "
                    "USD per million tokens, e.g. [0.15, 0.075, 0.6]"
                ) from None
            table[model] = (p, c, o)
    return table


def _env_prices() -> dict[str, Any]:
    raw = os.environ.get("BRIEFING_PRICES")
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        raise ConfigError(
            'BRIEFING_PRICES must be JSON like {"model": [0.15, 0.075, 0.6]}'
        ) from None
    if not isinstance(data, dict):
        raise ConfigError("BRIEFING_PRICES must be a JSON object")
    return data


def cost(usage: Usage, price: tuple[float, float, float] | None) -> float:
    """Estimated dollars for some usage (0 for unknown models and the local backend)."""
    if price is None:
        return 0.0
    fresh = usage.prompt_tokens - usage.cached_prompt_tokens
    return (
        fresh * price[0]
        + usage.cached_prompt_tokens * price[1]
        + usage.completion_tokens * price[2]
    ) / 1_000_000


@dataclass
class Ledger:
    """Every call of a run, retries and re-asks included; thread-safe."""

    price: tuple[float, float, float] | None
    max_cost: float | None = None
    usage: Usage = field(default_factory=Usage)
    calls: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def spent(self) -> float:
        """Dollars spent so far in this run."""
        return cost(self.usage, self.price)

    def check(self, prompt_chars: int, max_tokens: int) -> None:
        """Refuse a call whose worst case would exceed the budget."""
        if self.max_cost is None or self.price is None:
            return
        worst = Usage(prompt_tokens=prompt_chars // 3 + 1, completion_tokens=max_tokens)
        with self._lock:
            if self.spent + cost(worst, self.price) > self.max_cost:
                raise BudgetExceeded(
                    f"stopped before a call that could exceed --max-cost {self.max_cost:.4f} USD "
                    f"(spent {self.spent:.4f} USD so far)"
                )

    def add(self, usage: Usage) -> None:
        """Record one call's usage."""
        with self._lock:
            self.usage = self.usage + usage
            self.calls += 1


class MeteredClient(Wrapper):
    """A client wrapper that checks the budget before each call and records its usage."""

    def __init__(self, client: Client, ledger: Ledger) -> None:
        super().__init__(client)
        self.ledger = ledger

    def _around(self, messages: list[Message], max_tokens: int) -> ContextManager[None]:
        self.ledger.check(sum(len(m["content"]) for m in messages), max_tokens)
        return nullcontext()

    def _after(self, answer: Completion) -> None:
        self.ledger.add(answer.usage)
