"""Disagreements that statements attest beyond one stance verb aimed at a name.

Constructions of news prose, each read from the parse (briefing/evidence/disputes.py holds the
stance-verb rules and ranks what these find with them):

- a frame: the text tells of an opposition to X without naming who holds it ('Not everyone
  finds X's remarks compelling', 'X was under pressure to postpone the vote'), and the next
  sentence gives a named actor's statement: that actor holds it ('For example, Y called for the
  vote to be postponed'); with a named agent ('X was criticized by Y') the agent holds it;
- a condemnation: an actor's own statement says X is condemned ('X is a disgusting fraud');
- a contradiction: two actors' statements assert and deny the same predicate of the same thing
  ('Z called for the U.S. to accept more refugees' / 'W said the U.S. cannot afford ...
  accepting refugees');
- a concessive clause against its main clause, of different actors on a shared thing ('Though
  X complies with the requests to take down the video, Y will keep hosting the video');
- a statement that a thing does not work ('the sanctions-only approach is not working'), a
  stance against it that disputes.opposed_stances sets against a stance for it;
- an account given as X's ('According to X ...') that names Y, denied by Y in the next
  sentence ('Y officials have stated they have not received the materials').
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from briefing.evidence.attribution import ActorRecord
from briefing.evidence.disputes import (
    _DENIAL_REACH,
    _SPEECH,
    Aimed,
    Stance,
    Statement,
    _entity_name,
    _phrase_name,
    _referent,
    _subjects,
    _words,
    sentence_words,
)
from briefing.evidence.grounding import Analysis, Span
from briefing.evidence.lexicon import (
    CONDEMNING_WORDS,
    CONTRAST_MARKS,
    FAILING_VERBS,
    LIGHT_VERBS,
    MEMBER_PREPOSITIONS,
    PRESSING_VERBS,
    PRESSURE_NOUNS,
    STANCE_AGAINST,
    STANCE_FOR,
    UNDERGOING_VERBS,
    UNIVERSAL_SUBJECTS,
    WORKING_VERBS,
)
from briefing.evidence.nlp import SUBJECTS, parse

Same = Callable[[str, str], bool]
_RELATIVE = {"WDT", "WP"}


def _name(analysis: Analysis, actors: dict[str, list[Span]], records: Any, tok: Any) -> str | None:
    """The actor a noun phrase names (as a stance's subject is found), through a relative
    pronoun to the noun its clause describes ('X, the president who was criticized')."""
    if tok.tag_ in _RELATIVE and tok.head.dep_ == "relcl":
        tok = tok.head.head
        while tok.dep_ == "appos":
            tok = tok.head  # 'Robert Mugabe, the Zimbabwean president who ...'
    return _phrase_name(actors, tok) or _referent(analysis, tok, records) or _entity_name(tok)


# (X, the named holder or None, the nouns the holder's statement must share or None)
Framed = tuple[str, str | None, set[str] | None]


def _framed_targets(
    analysis: Analysis, actors: dict[str, list[Span]], records: Any, words: Any
) -> list[Framed]:
    """Each opposition to X the sentence frames."""
    out: list[Framed] = []
    for tok in words:
        if tok.dep_ in SUBJECTS and tok.lower_ in UNIVERSAL_SUBJECTS and _negated(tok):
            out += _not_everyone(actors, tok)
        elif tok.lemma_ in PRESSING_VERBS and tok.pos_ == "VERB":
            out += _criticized_by(analysis, actors, records, tok)
        elif tok.lemma_ in PRESSURE_NOUNS and tok.pos_ == "NOUN" and tok.dep_ in {"pobj", "dobj"}:
            out += _under_pressure(analysis, actors, records, tok)
    return out


def _not_everyone(actors: dict[str, list[Span]], subject: Any) -> list[Framed]:
    """'Not everyone finds Mr. Obama's remarks compelling': the first name in the clause; the
    frame says the one who speaks next dissents."""
    named = [t for t in subject.head.subtree if t.i != subject.i and t.pos_ == "PROPN"]
    found = [n for t in named if (n := _phrase_name(actors, t) or _entity_name(t))]
    return [(found[0], None, None)] if found else []


def _criticized_by(
    analysis: Analysis, actors: dict[str, list[Span]], records: Any, verb: Any
) -> list[Framed]:
    """'X was criticized by Y': X, held by Y. Without a named agent none: an unnamed passive is
    often a charge ('X was accused of using $50 million')."""
    agent = [g for c in verb.children if c.dep_ == "agent" for g in c.children]
    holder = next((n for g in agent if (n := _name(analysis, actors, records, g))), None)
    if holder is None:
        return []
    patients = [c for c in verb.children if c.dep_ == "nsubjpass"]
    return [(n, holder, None) for p in patients if (n := _name(analysis, actors, records, p))]


def _under_pressure(
    analysis: Analysis, actors: dict[str, list[Span]], records: Any, noun: Any
) -> list[Framed]:
    """'X was under pressure to postpone the election', 'X faced calls to resign': X, holder
    unnamed; the next speaker applies it only if they speak of what it is about ('called for
    the election to be postponed'), not of another thing ('X faced criticism over his address'
    / 'That was a good speech you gave'). Not 'X put pressure on Y', where X applies it."""
    verb = noun
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head  # 'under a large amount of pressure' -> 'was'
    if verb.lemma_ not in UNDERGOING_VERBS or any(c.lower_ == "on" for c in noun.children):
        return []
    about = {t.lemma_.lower() for t in noun.subtree if t.pos_ == "NOUN" and t.i != noun.i}
    names = [n for s in _subjects(verb) if (n := _name(analysis, actors, records, s))]
    return [(n, None, about) for n in names]


def _span_nouns(doc: Any, span: Span) -> set[str]:
    words = doc.char_span(*span, alignment_mode="expand")
    return {t.lemma_.lower() for t in words or [] if t.pos_ == "NOUN"}


def _negated(subject: Any) -> bool:
    """'Not everyone finds ...': the subject carries the negation, and its verb none ('all of
    them were not with X' and 'most if not all were not with X' say they all opposed, and
    name none)."""
    return any(c.dep_ == "neg" for c in subject.children) and not any(
        c.dep_ == "neg" for c in subject.head.children
    )


def framed_dissent(
    analysis: Analysis,
    statements: list[Statement],
    actors: dict[str, list[Span]],
    records: list[ActorRecord] | None = None,
    *,
    same: Same = lambda a, b: a == b,
) -> list[Aimed]:
    """Oppositions to X the text frames without naming their holder, held by the actor whose
    statement comes in the next sentence; or by the passive's named agent."""
    doc = parse(analysis.text)
    if doc is None:
        return []
    out: list[Aimed] = []
    for s in analysis.sentences:
        words = _words(doc, s)
        for target, holder, about in _framed_targets(analysis, actors, records, words or []):
            if holder is not None:
                if not same(holder, target):
                    out.append(Aimed(Statement(holder, (s.start, s.end), s.id), target, None))
                continue
            after = sorted(
                (st for st in statements if st.sentence == s.id + 1 and not same(st.actor, target)),
                key=lambda st: st.span,
            )
            if after and (about is None or about & _span_nouns(doc, after[0].span)):
                out.append(Aimed(after[0], target, None))
    return out


def condemnations(
    analysis: Analysis,
    statements: list[Statement],
    actors: dict[str, list[Span]],
    *,
    same: Same = lambda a, b: a == b,
) -> list[Aimed]:
    """An actor's statement that condemns another or the other's words: a condemning word
    said of a subject that names the other ('Donald Trump is a disgusting fraud,' Y said)."""
    doc = parse(analysis.text)
    if doc is None:
        return []
    out: list[Aimed] = []
    for st in statements:
        words = doc.char_span(*st.span, alignment_mode="expand")
        for tok in words or []:
            if tok.lemma_.lower() not in CONDEMNING_WORDS or tok.dep_ not in {"attr", "acomp"}:
                continue
            for subject in _subjects(tok.head):
                target = _phrase_name(actors, subject) or _entity_name(subject)
                if target is not None and not same(target, st.actor):
                    out.append(Aimed(st, target, None))
    return out


def _predicates(words: Any) -> set[tuple[str, str, bool]]:
    """(verb, object noun, negated) for each verb with a noun object in a sentence; a verb
    under a negated verb of its sentence is negated ('cannot afford ... accepting refugees')."""
    out = set()
    for tok in words:
        if tok.pos_ != "VERB" or tok.lemma_ in LIGHT_VERBS or tok.lemma_ in _SPEECH:
            continue  # 'told Fox 35' is how, not what, each said
        for obj in (c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}):
            if obj.pos_ in {"NOUN", "PROPN"} and not obj.is_stop:
                out.add((tok.lemma_, obj.lemma_.lower(), _under_negation(tok)))
    return out


def _under_negation(tok: Any) -> bool:
    """Whether a verb or one above it in the reported clause is negated; the verb of saying
    is no part of the claim ('have not said why the team was denied visas')."""
    while not any(c.dep_ == "neg" for c in tok.children):
        if tok.head.i == tok.i or tok.head.lemma_ in _SPEECH:
            return False
        tok = tok.head
    return True


def contradictions(
    analysis: Analysis, statements: list[Statement], *, same: Same = lambda a, b: a == b
) -> list[tuple[Statement, Statement]]:
    """Two actors' statements that assert and deny one predicate of one thing: the same verb
    with the same object noun, negated in one and not in the other."""
    doc = parse(analysis.text)
    if doc is None:
        return []
    sentences = {s.id: s for s in analysis.sentences}
    preds = {st: _predicates(_words(doc, sentences[st.sentence]) or []) for st in statements}
    out = []
    for i, a in enumerate(statements):
        for b in statements[i + 1 :]:
            if same(a.actor, b.actor) or not 0 < abs(a.sentence - b.sentence) <= _DENIAL_REACH:
                continue  # a denial answers a claim nearby, as disputes.denials reads it
            if any((v, o, not neg) in preds[b] for v, o, neg in preds[a]):
                out.append((a, b))
    return out


def _clause_actor(actors: dict[str, list[Span]], verb: Any) -> str | None:
    """The actor a clause's subject names, or a member it names ('other sites such as Y');
    a pronoun is no name here ('his speech' after two candidates were named)."""
    for subject in _subjects(verb):
        if subject.dep_ == "nsubjpass":
            continue
        if name := _phrase_name(actors, subject) or _entity_name(subject):
            return name
        for prep in (
            c for c in subject.children if c.dep_ == "prep" and c.lower_ in MEMBER_PREPOSITIONS
        ):
            for obj in (g for g in prep.children if g.dep_ == "pobj"):
                if name := _phrase_name(actors, obj) or _entity_name(obj):
                    return name
    return None


def _nouns(verb: Any, besides: Any = None) -> set[str]:
    """The common nouns of a clause (not of a clause it holds as 'besides')."""
    skip = set() if besides is None else {t.i for t in besides.subtree}
    return {
        t.lemma_.lower()
        for t in verb.subtree
        if t.pos_ == "NOUN" and not t.is_stop and t.i not in skip and t.dep_ not in SUBJECTS
    }


def contrasted_clauses(
    analysis: Analysis, actors: dict[str, list[Span]]
) -> list[tuple[Statement, Statement]]:
    """Two clauses of one sentence that a concessive mark sets against each other ('Though X
    complies with the requests to take down the video, Y will keep hosting the video'), with
    subjects naming different actors and a thing in common; each side is its own clause."""
    out = []
    for s, words in sentence_words(analysis):
        for tok in words:
            main = tok.head
            marked = tok.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS for c in tok.children
            )
            if not marked or main.i == tok.i:
                continue
            one = _clause_actor(actors, tok)
            other = _clause_actor(actors, main)
            if one is None or other is None or one == other:
                continue
            if not _nouns(tok) & _nouns(main, besides=tok) or not _states(tok, main):
                continue
            inner = (tok.left_edge.idx, _end_of(tok.right_edge))
            rest = _trimmed(
                analysis.text, (s.start, inner[0]) if inner[0] > s.start else (inner[1], s.end)
            )
            first, second = sorted([(_trimmed(analysis.text, inner), one), (rest, other)])
            out.append((Statement(first[1], first[0], s.id), Statement(second[1], second[0], s.id)))
    return out


def _states(*verbs: Any) -> bool:
    """Whether one of the clauses says or takes a stance ('have stated that they will keep
    hosting the video'), not two facts set side by side ('Though Delaware has few residents,
    Sanders and Clinton both visited')."""
    return any(v.lemma_ in _SPEECH or v.lemma_ in STANCE_FOR | STANCE_AGAINST for v in verbs)


def _end_of(tok: Any) -> int:
    return int(tok.idx + len(tok))


def _trimmed(text: str, span: Span) -> Span:
    """A clause's span without the punctuation and spaces that joined it to the other."""
    start, end = span
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def failing_stances(analysis: Analysis, statements: list[Statement]) -> list[Stance]:
    """An actor's statement that a thing does not work ('The current sanctions-only approach
    is simply not working,' X said; 'the policy has failed'): X is against the nouns of the
    subject."""
    doc = parse(analysis.text)
    if doc is None:
        return []
    out = []
    for st in dict.fromkeys(statements):
        for tok in doc.char_span(*st.span, alignment_mode="expand") or []:
            negated = any(c.dep_ == "neg" for c in tok.children)
            if tok.pos_ != "VERB" or not (
                (tok.lemma_ in WORKING_VERBS and negated)
                or (tok.lemma_ in FAILING_VERBS and not negated)
            ):
                continue
            things = {
                t.lemma_.lower()
                for s in _subjects(tok)
                for t in s.subtree
                if t.pos_ in {"NOUN", "PROPN"} and not t.is_stop
            }
            if things:
                out.append(Stance(st, -1, frozenset(things)))
    return out


def according_statements(analysis: Analysis, actors: dict[str, list[Span]]) -> list[Statement]:
    """Sentences that give their claim as an actor's: 'According to X(,) the drives were
    returned by mail' is X's statement (read from the words: the parse can take the name
    after 'according to' for a verb)."""
    text = analysis.text
    out = []
    for s in analysis.sentences:
        if s.credit:
            continue
        for name, spans in actors.items():
            for a, _ in spans:
                if s.start <= a < s.end and _ACCORDING.search(text, max(s.start, a - 14), a):
                    out.append(Statement(name, (s.start, s.end), s.id))
    return out


_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?:the\s+)?$")


def denied_accounts(
    analysis: Analysis,
    statements: list[Statement],
    actors: dict[str, list[Span]],
    *,
    same: Same = lambda a, b: a == b,
) -> list[tuple[Statement, Statement]]:
    """An account the text gives as an actor's, denied by another in the next sentence:
    'According to X the Scientology property was returned. Scientology officials have stated
    they have not received the materials.' The denial is a verb of saying whose reported clause
    is negated; the account names the denier."""
    doc = parse(analysis.text)
    if doc is None:
        return []
    sentences = {s.id: s for s in analysis.sentences}
    # only accounts the text gives as someone's ('According to X'): read as statements for
    # every rule, 'according to CNN exit polls' paired a poll with the candidate it measured
    accounts = according_statements(analysis, actors)
    out = []
    for b in statements:
        if not _says_not(_words(doc, sentences[b.sentence]) or []):
            continue
        for a in accounts:
            if a.sentence != b.sentence - 1 or same(a.actor, b.actor):
                continue
            if any(a.span[0] <= x < a.span[1] for x, _ in actors.get(b.actor, [])):
                out.append((a, b))
    return out


def _says_not(words: Any) -> bool:
    """Whether a verb of saying reports a negated clause ('stated they have not received')."""
    return any(
        tok.dep_ == "ccomp"
        and tok.tag_ != "VBG"  # 'claims that Paris not having her passport was ...'
        and tok.head.lemma_ in _SPEECH
        and any(c.dep_ == "neg" for c in tok.children)
        for tok in words
    )
