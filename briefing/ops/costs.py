"""The cost ledger: tokens and estimated dollars per article and per run, with a budget stop."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from typing import Any

from briefing.errors import BriefingError, ConfigError
from briefing.llm.base import Client, Completion, Message, TokenCallback, Wrapper
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


# Tokens a message costs beyond its text (role and separators) on OpenAI's chat format.
MESSAGE_OVERHEAD = 8


def worst_prompt_tokens(messages: list[Message], schema: dict[str, Any] | None) -> int:
    """A prompt's tokens at most: a byte-level BPE token holds at least one UTF-8 byte, and
    the answer's schema is part of what the server reads."""
    size = sum(len(m["content"].encode("utf-8")) + MESSAGE_OVERHEAD for m in messages)
    if schema is not None:
        size += len(json.dumps(schema, separators=(",", ":")).encode("utf-8")) + MESSAGE_OVERHEAD
    return size + MESSAGE_OVERHEAD


@dataclass
class Ledger:
    """Every call of a run, retries and re-asks included; thread-safe. A call reserves its
    worst case before it is sent and settles on the answer, so calls in flight at once can
    never together take the run past `max_cost`."""

    price: tuple[float, float, float] | None
    max_cost: float | None = None
    usage: Usage = field(default_factory=Usage)
    calls: int = 0
    reserved: float = 0.0  # dollars held by calls in flight
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def spent(self) -> float:
        """Dollars spent so far in this run."""
        return cost(self.usage, self.price)

    def reserve(self, prompt_tokens: int, max_tokens: int) -> float:
        """Hold a call's worst case (its prompt's tokens at most and all of `max_tokens`), or
        refuse it when that could take the run past the budget; the dollars held."""
        if self.price is None:
            return 0.0
        worst = cost(Usage(prompt_tokens=prompt_tokens, completion_tokens=max_tokens), self.price)
        with self._lock:
            if self.max_cost is not None and self.spent + self.reserved + worst > self.max_cost:
                raise BudgetExceeded(
                    f"stopped before a call that could exceed --max-cost {self.max_cost:.4f} USD "
                    f"(spent {self.spent:.4f} USD so far, {self.reserved:.4f} USD held by calls "
                    "in flight)"
                )
            self.reserved += worst
        return worst

    def settle(self, held: float, usage: Usage | None) -> None:
        """Release what a call held and record what it used (None: it failed, no answer)."""
        with self._lock:
            self.reserved = max(0.0, self.reserved - held)
            if usage is not None:
                self.usage = self.usage + usage
                self.calls += 1

    def add(self, usage: Usage) -> None:
        """Record one call's usage."""
        self.settle(0.0, usage)


class MeteredClient(Wrapper):
    """A client wrapper that reserves each call's worst case on the budget and settles it with
    the usage the answer reports."""

    def __init__(self, client: Client, ledger: Ledger) -> None:
        super().__init__(client)
        self.ledger = ledger

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None,
        schema_name: str,
        max_tokens: int,
        on_token: TokenCallback | None = None,
    ) -> Completion:
        """Reserve, call, settle (a call that fails releases what it held)."""
        held = self.ledger.reserve(worst_prompt_tokens(messages, schema), max_tokens)
        try:
            answer = self._client.complete(
                messages,
                schema=schema,
                schema_name=schema_name,
                max_tokens=max_tokens,
                on_token=on_token,
            )
        except BaseException:
            self.ledger.settle(held, None)
            raise
        self.ledger.settle(held, answer.usage)
        return answer
