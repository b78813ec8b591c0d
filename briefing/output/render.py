"""Briefing -> Markdown / HTML / text / JSON strings through the Jinja templates (no I/O)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from briefing.config import resource_dir
from briefing.evidence.lexicon import NOT_NAMES
from briefing.ingest.clean import clean_field
from briefing.models import Briefing, source_where

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(value: object) -> str:
    """Escape Markdown and HTML syntax so article or model text never becomes markup or links."""
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;")
    text = _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")
    # Block markup a line could start with: lists ("- ", "1. "), rules ("---"), headings.
    text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    return re.sub(r"^([-+=])", r"\\\1", text)


def one_line(value: object) -> str:
    """Collapse whitespace, for headings and list items."""
    return " ".join(("" if value is None else str(value)).split())


def clause(value: object) -> str:
    """A reported statement as the clause after 'said that': its first letter lower-cased when
    its first word is a function word ('The plan would fail.' -> 'the plan would fail.'), kept
    otherwise ('Russia will wait.')."""
    text = one_line(value)
    first = text.split(" ", 1)[0].lower() if text else ""
    return text[:1].lower() + text[1:] if first in NOT_NAMES and first != "i" else text


def spoken(value: object) -> str:
    """A quote shown on its own, in one line: without the comma (or semicolon, colon) that
    joined it to the rest of its sentence ("Nobody is being singled out," she said). The JSON
    keeps the quote verbatim."""
    return one_line(value).rstrip(",;: ")


def meta(value: object, cap: int = 160) -> str:
    """Source metadata (a page's title, byline, site; a file name or URL) as shown: one line,
    control and invisible characters dropped, at most `cap` characters. Escaping for the
    format follows (|md, HTML autoescape)."""
    return clean_field(None if value is None else str(value), cap) or ""


@cache
def _env(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(resource_dir("templates")),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["one_line"] = one_line
    env.filters["clause"] = clause
    env.filters["spoken"] = spoken
    env.filters["meta"] = meta
    env.filters["source_where"] = source_where
    return env


# The templates' own words, in the languages they are translated into; others get English.
LABELS: dict[str, dict[str, Any]] = {
    "English": {
        "lang": "en",
        "key_actors": "Key actors",
        "what_they_said": "What they said",
        "claims": "Claims",
        "reported_claims": "Reported claims",
        "said_that": "said that",
        "disagreements": "Disagreements",
        "where_they_disagree": "Where they disagree",
        "whats_next": "What's next",
        "note": "Note",
        "source": "Source",
        "by": "by",
        "published": "published",
        "attribution_unverified": "attribution unverified",
        "unverified": "unverified",
        "date_not_given": "Date not given",
        "no_events": "No upcoming events are named in the article.",
        "no_disagreements": "The article reports no disagreement between named sides.",
        "in_the_article": "In the article",
        "months": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
        "day_format": "{day} {month} {year}",
        "kinds": {k: k for k in ("person", "organization", "country", "group", "other")},
    },
    "German": {
        "lang": "de",
        "key_actors": "Wichtige Akteure",
        "what_they_said": "Was sie sagten",
        "claims": "Aussagen",
        "reported_claims": "Berichtete Aussagen",
        "said_that": "sagte:",
        "disagreements": "Streitpunkte",
        "where_they_disagree": "Wo sie uneins sind",
        "whats_next": "Was als Nächstes kommt",
        "note": "Hinweis",
        "source": "Quelle",
        "by": "von",
        "published": "veröffentlicht am",
        "attribution_unverified": "Zuordnung nicht bestätigt",
        "unverified": "nicht bestätigt",
        "date_not_given": "Datum nicht genannt",
        "no_events": "Der Artikel nennt keine bevorstehenden Termine.",
        "no_disagreements": "Der Artikel berichtet von keinem Streit zwischen benannten Seiten.",
        "in_the_article": "Im Artikel",
        "months": "Jan. Feb. März Apr. Mai Juni Juli Aug. Sep. Okt. Nov. Dez.".split(),
        "day_format": "{day}. {month} {year}",
        "kinds": {
            "person": "Person",
            "organization": "Organisation",
            "country": "Land",
            "group": "Gruppe",
            "other": "Sonstige",
        },
    },
}
LABELS["Deutsch"] = LABELS["German"]


def labels(language: str) -> dict[str, Any]:
    """The templates' words for a briefing language ('German', 'deutsch'); English otherwise."""
    return LABELS.get(language.strip().capitalize(), LABELS["English"])


def _context(b: Briefing) -> dict[str, Any]:
    # A quote whose speaker the text does not establish stays in the JSON only. Only words
    # between quotation marks are shown as a quote; a few words quoted inside a sentence
    # (a fragment) are shown in their sentence, with the reported claims.
    said = [c for c in b.claims if c.speaker]
    return {
        "b": b,
        "t": labels(b.provenance.language),
        "quotes": [c for c in said if c.quote is not None and not c.fragment],
        "indirect": [c for c in said if c.quote is None or c.fragment],
    }


def to_markdown(b: Briefing) -> str:
    """Markdown briefing."""
    return _env(False).get_template("briefing.md.j2").render(**_context(b))


def to_text(b: Briefing) -> str:
    """Plain-text briefing (also the text part of emails)."""
    return _env(False).get_template("briefing.txt.j2").render(**_context(b))


def to_html(b: Briefing) -> str:
    """Self-contained, email-safe HTML with inlined CSS."""
    import css_inline

    html = _env(True).get_template("briefing.html.j2").render(**_context(b))
    inliner = css_inline.CSSInliner(keep_style_tags=True, load_remote_stylesheets=False)
    return str(Markup(inliner.inline(html)))


def to_json(b: Briefing) -> str:
    """The published JSON contract."""
    return b.model_dump_json(indent=2) + "\n"


def _inline(html: str) -> str:
    import css_inline

    inliner = css_inline.CSSInliner(keep_style_tags=True, load_remote_stylesheets=False)
    return str(inliner.inline(html))


def digest(d: Any, fmt: str) -> str:
    """Render a digest (md, html, json); JSON keeps each briefing in the single-article contract."""
    if fmt == "json":
        return str(d.model_dump_json(indent=2)) + "\n"
    if fmt == "html":
        html = _env(True).get_template("digest.html.j2").render(d=d, t=labels("English"))
        return _inline(html)
    return _env(False).get_template("digest.md.j2").render(d=d, t=labels("English"))


def archive_index(entries: list[dict[str, Any]], *, title: str) -> str:
    """The archive's index.html: past editions, newest first, with headlines and links."""
    html = (
        _env(True)
        .get_template("archive.html.j2")
        .render(entries=entries, title=title, t=labels("English"))
    )
    return _inline(html)
