"""The only module that imports the OpenAI SDK: any OpenAI-compatible chat-completions server."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import openai
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from briefing.errors import ConfigError, TemporaryError, UnavailableError
from briefing.llm.backends import Settings
from briefing.llm.base import Completion, Message, TokenCallback, deadline
from briefing.models import Usage

MAX_RETRY_AFTER_S = 60.0


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, openai.APIConnectionError | openai.APITimeoutError):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    return False


def _retry_after(exc: BaseException | None) -> float | None:
    if not isinstance(exc, openai.APIStatusError):
        return None
    value = exc.response.headers.get("retry-after")
    try:
        return min(float(value), MAX_RETRY_AFTER_S) if value is not None else None
    except ValueError:
        return None


class _Wait:
    """Honour Retry-After when the server sends it, else back off exponentially with jitter."""

    def __init__(self, initial: float) -> None:
        self._backoff = wait_exponential_jitter(multiplier=initial, max=20)

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        after = _retry_after(exc)
        return after if after is not None else float(self._backoff(state))


class OpenAIClient:
    """Chat completions with structured outputs, falling back to JSON mode where unsupported."""

    backend = "openai"
    compact = False  # a server model: the server strategy (see brief.strategy)

    def __init__(
        self,
        *,
        model: str,
        api_key: str | None,
        base_url: str | None,
        timeout: float,
        retries: int = 3,
        backoff: float = 0.5,
    ) -> None:
        self.model = model
        # The SDK's own retry is off: tenacity is the one retry policy, so attempts never multiply.
        self._client = openai.OpenAI(
            api_key=api_key or "not-needed", base_url=base_url, timeout=timeout, max_retries=0
        )
        # --timeout bounds each article's calls (every request, retry and re-ask), not each
        # request, nor a whole digest of many articles (base.one_article).
        self._timeout = timeout
        self._retries = retries
        self._backoff = backoff
        self._json_mode_only = False
        self.requests = 0

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None,
        schema_name: str,
        max_tokens: int,
        on_token: TokenCallback | None = None,
    ) -> Completion:
        """One completion, retrying only transient failures."""
        until = deadline(self._timeout)
        if schema is not None and not self._json_mode_only:
            try:
                return self._call(
                    messages, self._schema_format(schema, schema_name), max_tokens, until
                )
            except UnavailableError as exc:
                if "json_schema" not in str(exc) and "response_format" not in str(exc):
                    raise
                self._json_mode_only = True
        fmt: dict[str, Any] | None = {"type": "json_object"} if schema is not None else None
        if schema is not None:
            messages = [*messages, {"role": "system", "content": _schema_hint(schema)}]
        return self._call(messages, fmt, max_tokens, until)

    @staticmethod
    def _schema_format(schema: dict[str, Any], name: str) -> dict[str, Any]:
        return {
            "type": "json_schema",
            "json_schema": {"name": name, "strict": True, "schema": schema},
        }

    def _call(
        self, messages: list[Message], fmt: dict[str, Any] | None, max_tokens: int, until: float
    ) -> Completion:
        retrying = Retrying(
            retry=retry_if_exception(_transient),
            stop=stop_after_attempt(self._retries + 1),
            wait=_Wait(self._backoff),
            reraise=True,
        )
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": 0,
        }
        if fmt is not None:
            kwargs["response_format"] = fmt
        last: openai.APIError | None = None
        try:
            for attempt in retrying:
                with attempt:
                    remaining = until - time.monotonic()
                    if remaining <= 0:
                        raise TemporaryError(_gave_up(last))
                    self.requests += 1
                    try:
                        resp = self._client.with_options(timeout=remaining).chat.completions.create(
                            **kwargs
                        )
                    except openai.APIError as exc:
                        last = exc
                        raise
        except openai.AuthenticationError:
            raise ConfigError(
                "the server rejected the API key (401); check OPENAI_API_KEY "
                "(or api_key in the config file)"
            ) from None
        except openai.PermissionDeniedError:
            raise UnavailableError(
                f"the server refused access to model {self.model!r} (403)"
            ) from None
        except openai.BadRequestError as exc:
            raise UnavailableError(
                f"the server rejected the request (400): {_detail(exc)}"
            ) from None
        except openai.APITimeoutError:
            raise TemporaryError("the LLM server did not answer in time; try again later") from None
        except openai.APIConnectionError:
            raise TemporaryError(
                "cannot reach the LLM server; check --base-url and your connection"
            ) from None
        except openai.APIStatusError as exc:
            if _transient(exc):
                raise TemporaryError(
                    f"the LLM server kept failing (HTTP {exc.status_code}); try again later"
                ) from None
            raise UnavailableError(f"the LLM server answered HTTP {exc.status_code}") from None
        choice = resp.choices[0] if resp.choices else None
        details = getattr(resp.usage, "prompt_tokens_details", None) if resp.usage else None
        usage = Usage(
            prompt_tokens=resp.usage.prompt_tokens if resp.usage else 0,
            completion_tokens=resp.usage.completion_tokens if resp.usage else 0,
            cached_prompt_tokens=(getattr(details, "cached_tokens", 0) or 0) if details else 0,
        )
        if choice is None:
            return Completion("", usage, None)
        return Completion(
            choice.message.content or "",
            usage,
            choice.finish_reason,
            getattr(choice.message, "refusal", None),
        )


def _gave_up(last: openai.APIError | None) -> str:
    if isinstance(last, openai.APITimeoutError):
        return "the LLM server did not answer within --timeout; try again later"
    if isinstance(last, openai.APIConnectionError):
        return "cannot reach the LLM server; check --base-url and your connection"
    if isinstance(last, openai.APIStatusError):
        return f"the LLM server kept failing (HTTP {last.status_code}); try again later"
    return "the article took longer than --timeout allows; raise it or try later"


def _detail(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        msg = body.get("message") or body.get("error", {})
        if isinstance(msg, dict):
            msg = msg.get("message")
        if msg:
            return str(msg)[:200]
    return str(exc.message)[:200]


def _schema_hint(schema: dict[str, Any]) -> str:
    return "Answer with one JSON object that matches this JSON schema:\n" + json.dumps(
        schema, separators=(",", ":")
    )


def build(
    settings: Settings,
    *,
    stage: Callable[[str], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> OpenAIClient:
    """The client for resolved settings (the registry's `build`); stage and progress unused."""
    return OpenAIClient(
        model=settings.model or settings.spec.default_model or "",
        api_key=settings.api_key,
        base_url=settings.base_url,
        timeout=settings.timeout,
    )
