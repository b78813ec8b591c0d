"""Which person a pronoun can stand for: a documented heuristic in place of a coreference model.

A person's gender is what the text shows about them: a title before the name ('Mr. Lee',
'spokeswoman Ann Roe'), or the pronouns in a sentence where they are the only person named and
the one opening the next sentence ('Ann Lee chairs the board. She said ...'). A pronoun cue
('she said') is resolved only to a person not shown as the other gender; a person the text shows
nothing about stays possible. (coreferee 1.5.0 installs from PyPI and supports spaCy 3.8, but
its trained English model, coreferee_model_en, is downloaded by `coreferee install en` from
outside the package registries, so it cannot be installed here.)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from briefing.evidence import nlp
from briefing.evidence.grounding import Analysis, Span
from briefing.evidence.lexicon import (
    FEMININE_PRONOUNS,
    FEMININE_TITLES,
    MASCULINE_PRONOUNS,
    MASCULINE_TITLES,
)

_WORD = re.compile(r"[A-Za-zÄÖÜäöüß.]+")


class _Person(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def mentions(self) -> list[Span]: ...


P = TypeVar("P", bound=_Person)


def pronoun_gender(word: str) -> str | None:
    """'m' for 'he'/'his', 'f' for 'she'/'her', None for any other word."""
    low = word.lower()
    return "m" if low in MASCULINE_PRONOUNS else "f" if low in FEMININE_PRONOUNS else None


def title_gender(word: str) -> str | None:
    """'m' for 'Mr.'/'spokesman', 'f' for 'Ms.'/'spokeswoman', None for any other word."""
    low = word.lower()
    return "m" if low in MASCULINE_TITLES else "f" if low in FEMININE_TITLES else None


def genders(analysis: Analysis, people: Sequence[_Person]) -> dict[str, str]:
    """The gender the text shows for each person, where it shows one clearly."""
    text = analysis.text
    persons = [p for p in people if p.kind == "person"]
    starts = {s for p in persons for s, _ in p.mentions}
    out: dict[str, str] = {}
    for person in persons:
        votes = {"m": 0, "f": 0}
        for start, end in person.mentions:
            before = _WORD.findall(text[max(0, start - 16) : start])
            if before and (g := title_gender(before[-1])):
                votes[g] += 3  # 'Mr. Lee', 'spokeswoman Ann Lee'
            sentence = analysis.sentence_at(start)
            if any(sentence.start <= s < sentence.end and s != start for s in starts):
                continue  # another person is named here: the pronouns may be theirs
            after = analysis.sentence(sentence.id + 1)
            window = text[end : sentence.end]
            if after is not None:  # 'She said ...' opening the next sentence
                window += " " + " ".join(text[after.start : after.end].split()[:1])
            for word in _WORD.findall(window):
                if g := pronoun_gender(word):
                    votes[g] += 1
        m, f = votes["m"], votes["f"]
        if m > 2 * f:
            out[person.name] = "m"
        elif f > 2 * m:
            out[person.name] = "f"
    return out


_EMBEDDED = frozenset({"relcl", "advcl", "ccomp", "conj", "xcomp", "acl", "pcomp", "pobj"})


def main_subject(analysis: Analysis, pos: int, people: Sequence[P]) -> P | None:
    """The person who is the subject of the main clause, when the pronoun at pos stands in a
    clause below it ('Cross said he is left with two options', 'Perez hammered Trump, ..., whom
    he described as "volatile"'): the subject a pronoun in an embedded clause refers back to."""
    doc = nlp.parse(analysis.text)
    if doc is None:
        return None
    words = doc.char_span(pos, pos + 1, alignment_mode="expand")
    if words is None or not len(words):
        return None
    token = words[0]
    root = token.sent.root
    if token.head.i == root.i or not any(t.dep_ in _EMBEDDED for t in _path_up(token, root)):
        return None  # the pronoun is the main clause's own subject: look to earlier sentences
    subjects = [c for c in root.children if c.dep_ == "nsubj"]
    if not subjects:
        return None
    subject = subjects[0]
    return next(
        (p for p in people if any(a <= subject.idx < b for a, b in p.mentions)), None
    )


def _path_up(token: Any, root: Any) -> list[Any]:
    """The heads from a token up to (not including) the root. (spaCy makes a new Token object
    at each access: tokens are compared by index.)"""
    path = []
    while token.i != root.i and token.head.i != token.i:
        token = token.head
        if token.i != root.i:
            path.append(token)
    return path


def compatible(gender: str | None, pronoun: str | None) -> bool:
    """Whether a person of this gender (None: not shown) can be this pronoun."""
    wanted = pronoun_gender(pronoun) if pronoun else None
    return wanted is None or gender is None or gender == wanted
