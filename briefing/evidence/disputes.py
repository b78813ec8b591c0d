"""Disagreement candidates: two actors whose attested positions oppose each other.

Statements come from what the evidence already attributes (quotes with a speaker, reported
claims) and from sentences whose subject takes a stance ('X criticized', 'Y urged',
'Z rejected'). Two statements of different actors form a candidate when the text sets them
against each other: a contrast or rebuttal cue ('but', 'however', 'rejected', 'downplayed',
'responded', German 'widersprach', 'kritisierte') or a shared topic. Each side keeps the exact
span of the sentence that attests its position.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from briefing.evidence.grounding import Analysis, Span
from briefing.evidence.nlp import parse

_CONTRAST = re.compile(
    r"\b(?:but|however|although|though|while|whereas|instead|yet|despite|nevertheless"
    r"|aber|doch|jedoch|dagegen|hingegen|trotz)\b",
    re.IGNORECASE,
)
_REBUTTAL = re.compile(
    r"\b(?:reject\w*|den(?:y|ied|ies)|disput\w*|counter\w*|respond\w*|repl(?:y|ied|ies)"
    r"|insist\w*|downplay\w*|dismiss\w*|criticiz\w*|criticis\w*|oppos\w*|accus\w*|attack\w*"
    r"|slam\w*|blast\w*|condemn\w*|pooh-pooh\w*|disagree\w*|refut\w*|challeng\w*|fault\w*"
    r"|rip\w*|mock\w*|against|urg\w*|call\w* (?:on|for)|demand\w*|warn\w*|defend\w*"
    r"|widersprach|widerspricht|kritisier\w*|lehnt\w*|forder\w*|warnt\w*|bestritt\w*)\b",
    re.IGNORECASE,
)
_STOP = set(
    """the a an and or but of to in on at for by with from that this these those is are was
    were be been being has have had will would could should may might can not no it its he she
    they them his her their our we you i said says told say about as into than then there what
    which who whom when where why how also just more most very so if out up over after before
    because while der die das und oder ein eine nicht ist sind war hat haben wird sagte mit
    auch""".split()
)
MAX_CANDIDATES = 4
MIN_SCORE = 2.0


@dataclass(frozen=True)
class Statement:
    """An actor's attested position: who, and the exact span of the words that attest it."""

    actor: str
    span: Span
    sentence: int


@dataclass(frozen=True)
class DisputeCandidate:
    """Two statements of different actors that the text sets against each other."""

    id: int
    first: Statement
    second: Statement
    score: float


def _words(text: str) -> set[str]:
    return {
        w.lower()
        for w in re.findall(r"[A-Za-zÄÖÜäöüß][\w\-]{3,}", text)
        if w.lower() not in _STOP and not w[0].isupper()
    }


def stance_statements(analysis: Analysis, actors: dict[str, list[Span]]) -> list[Statement]:
    """Sentences whose subject takes a stance: an actor named at most four words before a
    stance verb ('Senator X rejected', 'the union, which ..., demanded' is too far)."""
    text = analysis.text
    out = []
    for s in analysis.sentences:
        if s.credit:
            continue
        for m in _REBUTTAL.finditer(text, s.start, s.end):
            parsed, found = _subject_of(analysis, m.start(), m.end())
            if parsed:
                # The parse's subject of the stance verb, named by its head ('OHOC chief Dana
                # Reyes rejected': Reyes), never a name in its object ('X called on President
                # Y to act' is X's stance) nor a noun ('his counterpart').
                subject = [
                    (a, name)
                    for name, spans in actors.items()
                    for a, e in spans
                    if found is not None and found[0] <= a < found[1]
                ]
                heads = [x for x in subject if found and x[0] <= found[2] < _end(actors, x)]
                subject = heads or subject
            else:
                subject = [
                    (a, name)
                    for name, spans in actors.items()
                    for a, e in spans
                    if s.start <= a < m.start()
                    and len(text[e : m.start()].split()) <= 4
                    and "," not in text[e : m.start()]
                ]
            if subject:
                out.append(Statement(max(subject)[1], (s.start, s.end), s.id))
                break
    return out


def _end(actors: dict[str, list[Span]], mention: tuple[int, str]) -> int:
    return next(e for a, e in actors[mention[1]] if a == mention[0])


_VERBAL = {"VERB", "AUX"}


def _subject_of(
    analysis: Analysis, start: int, end: int
) -> tuple[bool, tuple[int, int, int] | None]:
    """(whether the English parse is there, the subject of the stance word's verb as (start,
    end, head start) or None when the word is no verb's, like the noun 'counterpart')."""
    doc = parse(analysis.text)
    span = None if doc is None else doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False, None
    verb = span[0]
    if verb.pos_ == "ADP" or verb.dep_ == "prt":
        verb = verb.head  # 'voted against', 'called on'
    if verb.pos_ not in _VERBAL:
        return True, None
    while verb.dep_ in {"xcomp", "conj", "advcl"} and not _subjects(verb):
        verb = verb.head  # 'X went on to reject', 'X met Y and rejected': X's stance
    subjects = _subjects(verb)
    if not subjects:
        return True, None
    first = min(t.left_edge.idx for t in subjects)
    last = max(t.right_edge.idx + len(t.right_edge) for t in subjects)
    return True, (first, last, subjects[0].idx)


def _subjects(verb: Any) -> list[Any]:
    return [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]


def dispute_candidates(
    analysis: Analysis,
    statements: list[Statement],
    *,
    same: Callable[[str, str], bool] = lambda a, b: a == b,
    weight: dict[str, int] | None = None,
) -> list[DisputeCandidate]:
    """Pairs of statements by different actors, best first: one pair per pair of actors."""
    text = analysis.text
    weight = weight or {}
    best: dict[tuple[str, ...], DisputeCandidate] = {}
    for i, a in enumerate(statements):
        for b in statements[i + 1 :]:
            if same(a.actor, b.actor) or a.sentence == b.sentence:
                continue
            first, second = (a, b) if a.span <= b.span else (b, a)
            t1, t2 = text[first.span[0] : first.span[1]], text[second.span[0] : second.span[1]]
            shared: float = len(_words(t1) & _words(t2))
            cue = bool(_CONTRAST.search(t2) or _REBUTTAL.search(t2))
            near = abs(second.sentence - first.sentence) <= 3
            score = shared + 2 * cue + near
            score += (
                0.5 * min(weight.get(a.actor, 0), 6) / 6 + 0.5 * min(weight.get(b.actor, 0), 6) / 6
            )
            if score < MIN_SCORE:
                continue
            key = tuple(sorted((a.actor, b.actor)))
            if key not in best or score > best[key].score:
                best[key] = DisputeCandidate(0, first, second, score)
    ranked = sorted(best.values(), key=lambda c: -c.score)[:MAX_CANDIDATES]
    return [DisputeCandidate(i, c.first, c.second, c.score) for i, c in enumerate(ranked, 1)]
