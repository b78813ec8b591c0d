"""Per-user directories (XDG on Linux), created on demand."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


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
