"""Settings resolved as: flag > environment > config file > default, read only when needed."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import platformdirs

from briefing.errors import ConfigError

_PKG = Path(__file__).resolve().parent  # the package folder


def resource_dir(name: str) -> Path:
    """The prompts/ or templates/ folder shipped with this installation."""
    for candidate in (_PKG / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"{name}/ is missing from this installation of briefing")

def cache_dir() -> Path:
    """The user cache dir (BRIEFING_CACHE_DIR overrides)."""
    override = os.environ.get("BRIEFING_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("briefing"))


def config_file() -> Path:
    """The config file path (BRIEFING_CONFIG overrides)."""
    override = os.environ.get("BRIEFING_CONFIG")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir("briefing")) / "config.toml"


def state_dir() -> Path:
    """The user state dir: last digest, run locks, email ledger (BRIEFING_STATE_DIR overrides)."""
    override = os.environ.get("BRIEFING_STATE_DIR")
    return Path(override) if override else Path(platformdirs.user_state_dir("briefing"))


def file_values() -> dict[str, Any]:
    """The config file's values; empty when there is no file."""
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
    table = file_values().get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{config_file()}: the {name} entry must be a table: [{name}]")
    return table


def setting(
    flag: object, env: str, key: str, *, table: dict[str, Any] | None = None
) -> str | None:
    """One setting, resolved the one way every setting is (model, server, SMTP, prices):
    the flag, else the environment variable `env`, else `key` in the config file (in `table`
    when given, e.g. the [smtp] table, else at the top level); blank counts as unset."""
    values = file_values() if table is None else table
    for value in (flag, os.environ.get(env), values.get(key)):
        if value is not None and str(value).strip() != "":
            return str(value).strip()
    return None
