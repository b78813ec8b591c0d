"""Defences against instructions planted in an article (indirect prompt injection, OWASP LLM01).

The article is data. Three layers:
1. The model's view of the article drops invisible characters (zero-width spaces and joiners,
   bidi controls) and defuses our marker syntax, so a fake "end of article" cannot close the
   real, randomly-coded boundary.
2. Sentences that address an AI ("ignore previous instructions", "change the headline to",
   "system:") are flagged.
3. The answer is checked: a headline or summary that repeats words found only in flagged
   sentences is re-asked, and if it persists it is replaced by the article's own lead.
"""

from __future__ import annotations

import re

from .grounding import Analysis, Span

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")
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


def model_view(text: str) -> str:
    """The article as shown to the model: invisible characters dropped, markers defused."""
    return _MARKERS.sub(lambda m: "\u2039" * len(m.group()), _INVISIBLE.sub("", text))


def flagged(analysis: Analysis) -> list[Span]:
    """Spans of sentences that address the model instead of reporting news."""
    text = analysis.text
    return [
        (s.start, s.end)
        for s in analysis.sentences
        if _INSTRUCTION.search(_INVISIBLE.sub("", text[s.start : s.end]))
    ]


def planted_words(analysis: Analysis, spans: list[Span]) -> set[str]:
    """Words that occur only inside flagged sentences (a canary, an injected slogan)."""
    if not spans:
        return set()
    text = _INVISIBLE.sub("", analysis.text)
    inside: set[str] = set()
    for a, b in spans:
        inside |= {w.lower() for w in _WORD.findall(_INVISIBLE.sub("", analysis.text[a:b]))}
    rest = text
    for a, b in sorted(spans, reverse=True):
        rest = rest[:a] + " " + rest[b:]
    outside = {w.lower() for w in _WORD.findall(rest)}
    return inside - outside - {"headline", "summary", "article", "instructions", "ignore"}


def leaks(value: str, words: set[str]) -> list[str]:
    """Planted words that an answer field repeats."""
    if not words:
        return []
    found = {w.lower() for w in _WORD.findall(value)}
    return sorted(found & words)
