"""The output-format registry: every format a briefing or a digest is rendered in, declared once.

Adding a format is one `Format` entry here plus its function (in `render` or its own module);
the CLI's `--format` choices, editions' `format` key and rendering all read this table.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefing.models import Briefing


@dataclass(frozen=True)
class Format:
    """One output format: what renders a briefing in it, and whether a digest has it."""

    name: str
    help: str
    function: str  # "module:function" under briefing.output, taking the briefing
    needs_text: bool = False  # the function also takes the article's text (evidence sentences)
    digest: bool = False  # `briefing digest` renders in it too (render.digest)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("md", "Markdown", "render:to_markdown", digest=True),
        Format("html", "email-ready HTML (inline CSS)", "render:to_html", digest=True),
        Format("text", "plain text", "render:to_text"),
        Format("json", "the JSON contract (briefing schema)", "render:to_json", digest=True),
        Format("ics", "iCalendar of the dated next events", "ics:to_ics", needs_text=True),
    )
}
BRIEFING_FORMATS = tuple(FORMATS)
DIGEST_FORMATS = tuple(name for name, f in FORMATS.items() if f.digest)


def render(briefing: Briefing, fmt: str, *, article_text: str | None = None) -> str:
    """A briefing in one of FORMATS (its module is imported only now)."""
    spec = FORMATS[fmt]
    module, _, name = spec.function.partition(":")
    function: Any = getattr(importlib.import_module(f"briefing.output.{module}"), name)
    return str(function(briefing, article_text) if spec.needs_text else function(briefing))


def render_digest(digest: Any, fmt: str) -> str:
    """A digest in one of DIGEST_FORMATS."""
    if fmt not in DIGEST_FORMATS:
        raise ValueError(f"a digest has no {fmt} format")
    from briefing.output import render as templates

    return templates.digest(digest, fmt)
