"""Cues from the dependency parse, for quotes the text patterns leave without one.

A quote inside a sentence belongs to the subject of the speech verb that governs it ('Trump in
his announcement speech called undocumented immigrants "rapists"', 'Lee, who chairs the board,
later told a radio station that the plan was "dead"'): from the quote's root, up the heads to the
first verb; a participle or infinitive with no subject of its own ('..., saying "..."', 'went on
to call it "a fraud"') takes the subject of the verb it hangs on. The subject is taken whole as
the entity the parse finds there
('Black Lives Matter issued a statement saying it acted "because ..."': the subject of the verb
whose object the participle describes) (a PERSON, ORG, GPE or NORP) or a personal pronoun; a common
noun ('the report', 'critics') gives no cue here. Verbs that attribute words or a view without
being verbs of saying ('used the word "rigged"', 'referred to him as "the founder"') count the
same way under a rule of their own, so the bench measures them apart.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from briefing.evidence import nlp
from briefing.evidence.grounding import Analysis, Cue, Quote, carry_cues, quoted_title
from briefing.evidence.lang import en
from briefing.evidence.lexicon import PRONOUNS

RULE = "parse-subject-of-speech-verb"
RULE_ATTRIBUTING = "parse-subject-of-attributing-verb"
_SPEECH = frozenset(en.SPEECH_LEMMAS)
_ATTRIBUTING = frozenset(en.ATTRIBUTION_LEMMAS) - _SPEECH
_NAMES = nlp.NAMES
# Clauses that share their head verb's subject when they have none of their own.
_SHARED = frozenset({"advcl", "xcomp", "conj", "acl"})
_MAX_UP = 8


def add_parse_cues(analysis: Analysis) -> None:
    """Give each quote that has no cue the subject of the speech verb governing it, if any,
    and the quotes that continue it the same cue."""
    if not any(q.cue is None for q in analysis.quotes):
        return
    doc = nlp.parse(analysis.text)
    if doc is None:
        return
    found = False
    for i, quote in enumerate(analysis.quotes):
        if quote.cue is not None or quoted_title(analysis.text, (quote.start, quote.end)):
            continue  # (a programme's or a work's title is nobody's words)
        if (cue := _governing_subject(doc, quote)) is not None:
            analysis.quotes[i] = replace(quote, cue=cue)
            found = True
    if found:
        carry_cues(analysis)  # the quotes that go on from these have their speakers now


def _governing_subject(doc: Any, quote: Quote) -> Cue | None:
    words = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if words is None or not len(words):
        return None
    verb = _speech_verb(words.root, words)
    if verb is None:
        return None
    subject = _subject(verb)
    rule = RULE if verb.lemma_ in _SPEECH else RULE_ATTRIBUTING
    return None if subject is None else _cue(doc, subject, rule)


def _speech_verb(token: Any, inside: Any) -> Any:
    """The nearest verb of saying above the quote's root, outside the quote, crossing the
    verbs of what was said ('said he was planning to lead a study on "Jewish values"')."""
    for _ in range(_MAX_UP):
        if token.head.i == token.i:  # the root (tokens compare by index, not identity)
            return None
        token = token.head
        if token.pos_ in ("VERB", "AUX") and token.lemma_ in _SPEECH | _ATTRIBUTING:
            return None if inside.start <= token.i < inside.end else token
    return None


def _subject(verb: Any) -> Any:
    """The verb's active subject, or that of the verb its subjectless clause hangs on."""
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects[0] if subjects[0].dep_ == "nsubj" else None
        if verb.dep_ not in _SHARED or verb.head.i == verb.i:
            return None
        verb = verb.head
        if verb.dep_ == "dobj" and verb.pos_ == "NOUN":
            verb = verb.head  # 'issued a statement saying ...': the one who issued it
    return None


def _cue(doc: Any, subject: Any, rule: str) -> Cue | None:
    """A cue for the subject: its named entity taken whole, or its personal pronoun."""
    if subject.lower_ in PRONOUNS:
        span = (subject.idx, subject.idx + len(subject.text))
        return Cue(subject.text, span, True, "pronoun", rule)
    for ent in doc.ents:
        if ent.start <= subject.i < ent.end and ent.label_ in _NAMES:
            return Cue(ent.text, (ent.start_char, ent.end_char), False, "name", rule)
    return None
