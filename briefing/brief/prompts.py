"""Load and render the versioned prompt files (StrictUndefined; article text passed as data)."""

from __future__ import annotations

import hashlib
import secrets
from functools import cache

import jinja2

from briefing.config import resource_dir

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


def boundary() -> str:
    """A fresh random marker that the article cannot predict (spotlighting)."""
    return secrets.token_hex(6).upper()
