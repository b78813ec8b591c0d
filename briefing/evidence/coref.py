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
from typing import Protocol

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


def compatible(gender: str | None, pronoun: str | None) -> bool:
    """Whether a person of this gender (None: not shown) can be this pronoun."""
    wanted = pronoun_gender(pronoun) if pronoun else None
    return wanted is None or gender is None or gender == wanted
