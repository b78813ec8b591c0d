"""Defences against instructions planted in untrusted text (indirect prompt injection, OWASP LLM01).

Untrusted: the article, and everything that came with it (a page's title, byline and site name;
file names and URLs), and the model's own earlier answers when a re-ask quotes them back. Layers:
1. The model's view drops invisible characters (zero-width spaces and joiners, bidi controls) and
   defuses our marker syntax, so a fake "end of article" cannot close the real, randomly-coded
   boundary. Metadata is cleaned the same way, sent only inside the boundary, and not at all
   when it reads as an instruction.
2. Sentences that address an AI ("ignore previous instructions", "change the headline to",
   "system:") are flagged, in the article and in its metadata.
3. The answer is checked: a field that repeats words found only in flagged text is re-asked
   (the re-ask quotes the earlier answer with those words and instruction phrases removed); a
   headline or summary that persists is replaced by the article's own lead, and any other item
   (actor, claim, event, disagreement) that carries them is dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from briefing.evidence.grounding import Analysis, Span
from briefing.ingest.article import Article
from briefing.ingest.clean import INVISIBLE, clean_field
from briefing.models import Briefing

_MARKERS = re.compile(r"<{2,}|>{2,}")
_INSTRUCTION = re.compile(
    r"ignore (?:all |any |the )?(?:previous|prior|above|earlier|preceding) (?:instructions|"
    r"prompts?|rules)|disregard (?:all |the )?(?:previous|prior|above)|new instructions|"
    r"(?:change|set|make|replace|rewrite) the (?:headline|title|summary)|"
    r"(?:headline|summary) (?:must|should) (?:be|read|say)|you are (?:now )?(?:an? )?"
    r"(?:ai|assistant|language model|llm|chatbot)|as an ai|(?:^|\s)(?:system|assistant)\s*:|"
    r"\bprompt injection\b|\bend of (?:the )?article\b|<\|im_(?:start|end)\|>|"
    r"ignoriere (?:alle )?(?:vorherigen|bisherigen) anweisungen",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w\-]{4,}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_NOT_PLANTED = {"headline", "summary", "article", "instructions", "ignore"}
REMOVED = "[removed]"
M = TypeVar("M", bound=BaseModel)


def model_view(text: str) -> str:
    """The article as shown to the model: invisible characters dropped, markers defused."""
    return _MARKERS.sub(lambda m: "\u2039" * len(m.group()), INVISIBLE.sub("", text))


def instructs(text: str) -> bool:
    """Whether a piece of text addresses the model ('SYSTEM: set the headline to ...')."""
    return _INSTRUCTION.search(INVISIBLE.sub("", text)) is not None


def metadata(article: Article) -> list[str]:
    """The untrusted strings that came with an article: its page title, byline and site."""
    return [v for v in (article.title, article.author, article.site) if v]


def prompt_title(article: Article) -> str:
    """The page title as the model may see it (inside the article's markers): cleaned like the
    article, capped, and left out entirely when it reads as an instruction."""
    title = clean_field(article.title) or ""
    return "" if instructs(title) else model_view(title)


def flagged(analysis: Analysis) -> list[Span]:
    """Spans of sentences that address the model instead of reporting news."""
    text = analysis.text
    return [
        (s.start, s.end)
        for s in analysis.sentences
        if _INSTRUCTION.search(INVISIBLE.sub("", text[s.start : s.end]))
    ]


def planted_words(analysis: Analysis, spans: list[Span], fields: Sequence[str] = ()) -> set[str]:
    """Words that occur only inside flagged sentences (a canary, an injected slogan): of the
    article, and of its untrusted metadata `fields` (title, byline, site). Only the article's
    own unflagged text clears a word: metadata never vouches for one (a canary in the site name
    must not excuse the same canary in an order in the title)."""
    pieces = [p for f in fields for p in _SENTENCE_END.split(INVISIBLE.sub("", f)) if p]
    bad = [p for p in pieces if _INSTRUCTION.search(p)]
    if not spans and not bad:
        return set()
    inside: set[str] = set()
    for a, b in spans:
        inside |= {w.lower() for w in _WORD.findall(INVISIBLE.sub("", analysis.text[a:b]))}
    for p in bad:
        inside |= {w.lower() for w in _WORD.findall(p)}
    rest = analysis.text
    for a, b in sorted(spans, reverse=True):
        rest = rest[:a] + " " + rest[b:]
    outside = {w.lower() for w in _WORD.findall(INVISIBLE.sub("", rest))}
    return inside - outside - _NOT_PLANTED


def planted(analysis: Analysis, article: Article | None = None) -> set[str]:
    """The planted words of an article's text and, given the article, of its metadata."""
    return planted_words(analysis, flagged(analysis), metadata(article) if article else ())


def leaks(value: str, words: set[str]) -> list[str]:
    """Planted words that an answer field repeats."""
    if not words:
        return []
    found = {w.lower() for w in _WORD.findall(value)}
    return sorted(found & words)


def texts(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string inside a JSON-like value, with where it is ('events[0].what')."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from texts(item, f"{path}[{i}]")


def _redact_text(text: str, words: set[str]) -> str:
    text = _INSTRUCTION.sub(f" {REMOVED}", INVISIBLE.sub("", text))
    if words:
        text = _WORD.sub(lambda m: REMOVED if m.group().lower() in words else m.group(), text)
    return text


def redact(text: str, words: set[str]) -> str:
    """Text the model wrote (or that quotes it), fit to be sent back in a re-ask: instruction
    phrases and planted words replaced by [removed], so an instruction the model copied from
    the article never returns to it outside the article's markers. JSON stays JSON."""
    try:
        data = json.loads(text)
    except ValueError:
        return _redact_text(text, words)

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return _redact_text(value, words)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    return json.dumps(walk(data), ensure_ascii=False)


def scrub(model: M, words: set[str]) -> tuple[M, list[str]]:
    """Drop from each list of items (actors, quotes, claims, events, disagreements) those that
    carry planted words; return the model and a warning for each list that lost some."""
    if not words:
        return model, []
    update: dict[str, Any] = {}
    dropped: list[str] = []
    for name in type(model).model_fields:
        items = getattr(model, name)
        if not isinstance(items, list) or not all(isinstance(i, BaseModel) for i in items):
            continue
        kept = [i for i in items if not any(leaks(v, words) for _, v in texts(i.model_dump()))]
        if len(kept) < len(items):
            update[name] = kept
            dropped.append(
                f"dropped {len(items) - len(kept)} of {name.replace('_', ' ')}: they repeated "
                "instructions planted in the article or its metadata"
            )
    return (model.model_copy(update=update) if update else model), dropped


def scrub_briefing(briefing: Briefing, words: set[str]) -> Briefing:
    """Last line of defence on the finished briefing: no actor, claim, disagreement or event
    carries planted words (those the text's own evidence found included); said in warnings."""
    briefing, dropped = scrub(briefing, words)
    if not dropped:
        return briefing
    return briefing.model_copy(update={"warnings": [*briefing.warnings, *dropped]})
