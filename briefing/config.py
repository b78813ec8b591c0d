"""Settings resolved as: flag > environment > config file > default, read only when needed."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from typing import Any

from .errors import ConfigError
from .paths import config_file

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
BACKENDS = ("auto", "openai", "local")


@dataclass(frozen=True)
class Settings:
    """Resolved settings for one run. The API key is kept out of repr."""

    backend: str
    model: str | None
    base_url: str | None
    timeout: float
    api_key: str | None = None

    def __repr__(self) -> str:
        key = "set" if self.api_key else "unset"
        return (
            f"Settings(backend={self.backend!r}, model={self.model!r}, "
            f"base_url={self.base_url!r}, timeout={self.timeout}, api_key={key})"
        )


def _file_values() -> dict[str, Any]:
    path = config_file()
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix or remove it") from None
    return data


def file_table(name: str) -> dict[str, Any]:
    """One table of the config file ([smtp], [prices]); empty when the file or table is absent."""
    table = _file_values().get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{config_file()}: the {name} entry must be a table: [{name}]")
    return table


def resolve(
    *,
    backend: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    timeout: float | None = None,
) -> Settings:
    """Resolve the backend and its settings; auto picks openai when a key or base URL is set."""
    file = _file_values()
    base_url = base_url or os.environ.get("OPENAI_BASE_URL") or file.get("base_url") or None
    api_key = os.environ.get("OPENAI_API_KEY") or file.get("api_key") or None
    backend = backend or os.environ.get("BRIEFING_BACKEND") or file.get("backend") or "auto"
    if backend not in BACKENDS:
        raise ConfigError(f"unknown backend {backend!r}; use one of {', '.join(BACKENDS)}")
    if backend == "auto":
        backend = "openai" if (api_key or base_url) else "local"
    model = model or os.environ.get("BRIEFING_MODEL") or file.get("model") or None
    if backend == "openai":
        if not api_key and not base_url:
            raise ConfigError(
                "no API key for the openai backend; set OPENAI_API_KEY, give --base-url for a "
                "local server, or use --backend local"
            )
        model = model or DEFAULT_OPENAI_MODEL
    raw_timeout = timeout or os.environ.get("BRIEFING_TIMEOUT") or file.get("timeout") or 120
    try:
        seconds = float(raw_timeout)
    except ValueError:
        raise ConfigError(f"timeout must be a number of seconds, not {raw_timeout!r}") from None
    return Settings(
        backend=backend, model=model, base_url=base_url, timeout=seconds, api_key=api_key
    )
