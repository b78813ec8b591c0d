"""Shared fixtures: every test runs offline with isolated environment, home and cache dirs."""

from __future__ import annotations

import gc
import os
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from chatserver import chat_server  # noqa: F401
from pageserver import page_server  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nato-ukraine.txt"
_KEEP = {"PATH", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT", "PYTHONPATH", "VIRTUAL_ENV"}


@pytest.fixture(autouse=True, scope="session")
def cli_leftovers() -> Iterator[None]:
    """At the session's end, what an in-process CLI run (tests/console.py) left for the collector
    after its own collection, such as an SDK client's socket, goes as it would at a process's
    exit: silently (its ResourceWarning is ignored there by default)."""
    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No real keys, configs or caches leak into a test; the embedded model path is kept."""
    model = os.environ.get("BRIEFING_MODEL_PATH")
    real_cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    for key in list(os.environ):
        if key not in _KEEP:
            monkeypatch.delenv(key, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("BRIEFING_CONFIG", str(home / "briefing.toml"))
    # The assembled model (1.1 GB) is reused from the real cache rather than rebuilt per test.
    assembled = real_cache / "briefing" / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    if model:
        monkeypatch.setenv("BRIEFING_MODEL_PATH", model)
    elif assembled.is_file():
        monkeypatch.setenv("BRIEFING_MODEL_PATH", str(assembled))
    return home


@pytest.fixture
def article_text() -> str:
    """The reference article, exactly as stored."""
    return EXAMPLE.read_text(encoding="utf-8")
