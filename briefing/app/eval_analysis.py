"""`briefing eval` for the analysis: next events and disagreements against NAME.analysis.json
(format: the shared eval README), key actors against the hand-annotated gold, and names in the
headline and summary that the article does not support.

- event recall: gold events whose sentence (the one holding the gold evidence) overlaps the
  evidence_span of one of the briefing's next events; precision: the briefing's events that
  overlap some gold event's sentence; date accuracy: of matched gold events with a date, the
  share whose matching briefing event has that date.
- disagreement recall: gold disagreements for which one briefing disagreement has two sides
  whose actors share a name word (or an acronym) with two different gold sides; precision: the
  briefing's disagreements that match some gold one.
- key-actor recall: gold key actors (name or alias) that share a name word with an actor.
- unsupported names: names in the headline and summary (the NLP pipeline's, else capitalised
  words) none of whose words is a word of the article or an actor's name word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from briefing.evidence import nlp
from briefing.evidence.grounding import analyse
from briefing.models import Briefing

_TITLES = {"mr", "mrs", "ms", "dr", "rep", "sen", "gov", "gen", "lt", "president", "former"}


def name_words(name: str) -> set[str]:
    """Lower-case capitalised words of a name, without titles and possessive endings."""
    words = re.findall(r"[A-Za-z\u00c0-\u024f][\w\u00c0-\u024f\-]*", name.replace("\u2019s", ""))
    return {
        w.lower()
        for w in words
        if w[0].isupper() and w.lower().rstrip(".") not in _TITLES and len(w) > 1
    }


@dataclass
class AnalysisScore:
    """The analysis measures for one article."""

    gold_events: int = 0
    events_found: int = 0
    events: int = 0
    events_right: int = 0
    dated_gold: int = 0
    dates_right: int = 0
    gold_disagreements: int = 0
    disagreements_found: int = 0
    disagreements: int = 0
    disagreements_right: int = 0
    key_actors: int = 0
    key_actors_found: int = 0
    unsupported_names: list[str] = field(default_factory=list)


def _words(name: str) -> set[str]:
    """Name words of an actor as the eval compares them: capitalised words and acronyms."""

    out = name_words(name)
    out |= {w.lower() for w in re.findall(r"\b[A-Z]{2,}\b", name)}
    out |= {w.lower() for w in re.findall(r"\b(?:[A-Z]\.){2,}", name)}  # 'U.S.', 'U.N.'
    return out


def score_analysis(text: str, gold: dict[str, Any], b: Briefing) -> AnalysisScore:
    """Compare a briefing's events, disagreements and actors with the analysis gold."""
    s = AnalysisScore()
    analysis = analyse(text)
    gold_sentences = []
    for e in gold.get("next_events", []):
        at = text.find(e["evidence"])
        if at < 0:
            continue
        sentence = analysis.sentence_at(at)
        end = max(sentence.end, at + len(e["evidence"]))
        gold_sentences.append(((sentence.start, end), e))
    s.gold_events = len(gold_sentences)
    s.events = len(b.next_events)
    for ev in b.next_events:
        if ev.evidence_span is None:
            continue
        a, z = ev.evidence_span
        if any(a < e and st < z for (st, e), _ in gold_sentences):
            s.events_right += 1
    for (st, e), g in gold_sentences:
        hits = [
            ev for ev in b.next_events if ev.evidence_span and ev.evidence_span[0] < e
            and st < ev.evidence_span[1]
        ]  # fmt: skip
        s.events_found += bool(hits)
        if hits and g.get("date"):
            s.dated_gold += 1
            s.dates_right += any(ev.date == g["date"] for ev in hits)
    s.gold_disagreements = len(gold.get("disagreements", []))
    s.disagreements = len(b.disagreements)
    matched: set[int] = set()
    for d in b.disagreements:
        ok = False
        for gi, gd in enumerate(gold.get("disagreements", [])):
            sides = [set().union(*(_words(n) for n in side["actors"])) for side in gd["sides"]]
            ours = [set().union(*(_words(n) for n in side.actors)) for side in d.sides]
            pairs = [
                (i, j)
                for x, mine in enumerate(ours)
                for y, other in enumerate(ours)
                if x < y
                for i, gs in enumerate(sides)
                for j, gt in enumerate(sides)
                if i != j and mine & gs and other & gt
            ]
            if pairs:
                ok = True
                matched.add(gi)
        s.disagreements_right += ok
    s.disagreements_found = len(matched)
    actor_words = set()
    for actor in b.actors:
        actor_words |= _words(actor.name)
        for alias in actor.aliases:
            actor_words |= _words(alias)
    for k in gold.get("key_actors", []):
        s.key_actors += 1
        forms = [k["name"], *k.get("aliases", [])]
        s.key_actors_found += any(_words(f) & actor_words for f in forms)
    for field_text in (b.headline, b.summary):
        for name in _names_in(field_text):
            words = [w.removesuffix("\u2019s").removesuffix("'s") for w in name]
            if not any(w in text or w.lower() in actor_words for w in words):
                s.unsupported_names.append(" ".join(words))
    return s


def _names_in(field_text: str) -> list[list[str]]:
    """The names in a headline or summary, each as its capitalised words: the NLP pipeline's
    people, bodies, places and groups (a title-case headline's 'Victory' is no name, and
    'Robert Mugabe Claims' is one name that holds by 'Mugabe'); where there is no parse
    (German, or no model), each capitalised word is a name."""
    names = nlp.names_in(field_text) if not nlp.is_german(field_text) else None
    capital = r"\b[A-Z][\w\u2019'\-]+"
    if names is None:
        return [[w] for w in re.findall(capital, field_text)]
    return [found for n in names if (found := re.findall(capital, n))]


def analysis_totals(scores: list[AnalysisScore]) -> dict[str, Any]:
    """Pooled analysis measures."""

    def share(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    def total(name: str) -> int:
        return sum(getattr(s, name) for s in scores)

    return {
        "event_recall": share(total("events_found"), total("gold_events")),
        "event_precision": share(total("events_right"), total("events")),
        "event_date_accuracy": share(total("dates_right"), total("dated_gold")),
        "gold_events": total("gold_events"),
        "events": total("events"),
        "disagreement_recall": share(total("disagreements_found"), total("gold_disagreements")),
        "disagreement_precision": share(total("disagreements_right"), total("disagreements")),
        "gold_disagreements": total("gold_disagreements"),
        "disagreements": total("disagreements"),
        "key_actor_recall": share(total("key_actors_found"), total("key_actors")),
        "unsupported_names": sum(len(s.unsupported_names) for s in scores),
    }
