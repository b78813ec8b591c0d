"""Load and render the versioned prompt files (StrictUndefined; article text passed as data)."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

import jinja2

from briefing.config import resource_dir, state_dir

PROMPT_FILES = ("system.j2", "brief.j2", "reask.j2", "speaker.j2")


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(resource_dir("prompts")),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **values: object) -> str:
    """Render prompts/<name>; every variable the file uses must be given."""
    return _env().get_template(name).render(**values).strip()


@cache
def prompt_version() -> str:
    """A short hash of every prompt file: part of cache keys and provenance."""
    digest = hashlib.sha256()
    for name in PROMPT_FILES:
        digest.update((resource_dir("prompts") / name).read_bytes())
    return "p1-" + digest.hexdigest()[:10]


KEY_FILE = "installation.key"  # in the state directory, owner-only
_MARKED: ContextVar[str | None] = ContextVar("briefing_boundary", default=None)


def installation_key(folder: Path | None = None) -> bytes:
    """This installation's secret (created once, 0600): what makes the boundary marker of an
    article unguessable to its author while the same article always gets the same one."""
    path = (folder or state_dir()) / KEY_FILE
    return _key_at(path) if path.is_file() else _create_key(path)


@cache
def _key_at(path: Path) -> bytes:
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def _create_key(path: Path) -> bytes:
    """Write a new key atomically; a run that made one first wins (its key is the one read)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fresh = path.with_name(f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(fresh, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_hex(32) + "\n")
    try:
        os.link(fresh, path)  # fails if another run created it meanwhile
    except FileExistsError:
        pass
    finally:
        fresh.unlink()
    return _key_at(path)


def marker_for(text: str, key: bytes, *, digits: int = 12) -> str:
    """The boundary marker of a text: hex digits keyed by the installation's secret, never a
    string the text itself contains."""
    upper = text.upper()
    for n in range(100_000):
        mac = hmac.new(key, f"{n}\n{text}".encode(), hashlib.sha256).hexdigest()
        code = mac[:digits].upper()
        if code not in upper:
            return code
    raise AssertionError("no boundary marker outside the text")  # 12 digits: never


@contextmanager
def marking(text: str) -> Iterator[str]:
    """The prompts built inside (an article's request, re-asks, focused questions) share the
    marker derived from this text: the same article gives the same prompts on every run."""
    token = _MARKED.set(marker_for(text, installation_key()))
    try:
        yield _MARKED.get() or ""
    finally:
        _MARKED.reset(token)


def boundary() -> str:
    """The marker around untrusted text: the current article's (see `marking`), else a fresh
    random one (a prompt built outside any article)."""
    return _MARKED.get() or secrets.token_hex(6).upper()
