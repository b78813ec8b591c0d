"""Disagreement candidates: two actors whose attested positions the text sets against each other.

Statements come from what the evidence already attributes (quotes with a speaker, reported
claims) and from sentences whose subject takes a stance ('X criticized', 'Y urged'). A pair is
offered only where the text links its two sides: X's stance is aimed at Y (the parse finds Y, or
Y's claim or plan, as the stance verb's object: 'X rejected Y's plan', 'X attacked Y for ...',
'X called on Y to ...'), or Y's statement answers X's right after it ('But Y said', 'Y
replied', or words about X: 'Y knows as much ...'), or the two take opposite stances (for /
against) on one thing ('X opposed the programme', 'Y urged Congress to keep the programme').
Statements of people quoted in one story that the text does not link are no candidate.
Each side keeps an exact span of the article that attests its position. Links that whole
statements attest (a framed opposition, a condemnation, a claim and its denial, a concessive
clause) are found in briefing/evidence/dissent.py and ranked here with these.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from briefing.evidence.attribution import ActorRecord, antecedent
from briefing.evidence.grounding import Analysis, Sentence, Span
from briefing.evidence.lexicon import (
    DENIAL_VERBS,
    SAID_NOUNS,
    STANCE_AGAINST,
    STANCE_COMMIT,
    STANCE_FOR,
    STANCE_FOR_PREP,
    TITLE_WORDS,
)
from briefing.evidence.nlp import NAMES, SUBJECTS, parse

_REBUTTAL = re.compile(
    r"\b(?:reject\w*|den(?:y|ied|ies)|disput\w*|counter\w*|respond\w*|repl(?:y|ied|ies)"
    r"|insist\w*|downplay\w*|dismiss\w*|criticiz\w*|criticis\w*|oppos\w*|accus\w*|attack\w*"
    r"|slam\w*|blast\w*|condemn\w*|pooh-pooh\w*|disagree\w*|refut\w*|challeng\w*|fault\w*"
    r"|rip\w*|mock\w*|scold\w*|rebuk\w*|chid\w*|denounc\w*|lambast\w*|against|urg\w*"
    r"|call\w* (?:on|for)|demand\w*|warn\w*|defend\w*"
    r"|su(?:e|ed|es|ing)|widersprach|widerspricht|kritisier\w*|lehnt\w*|forder\w*|warnt\w*|bestritt\w*)\b",
    re.IGNORECASE,
)
MAX_CANDIDATES = 4


@dataclass(frozen=True)
class Statement:
    """An actor's attested position: who, and the exact span of the words that attest it."""

    actor: str
    span: Span
    sentence: int
    # "speech": found only by its speech verb ('X say', 'X announced'), a broader and noisier
    # class than quotes, reported claims and stances: a contrast word alone ('But X say ...')
    # does not set it against the statement before; a rebuttal verb or its words about the
    # other do (set on dev, where 'But X say other changes are needed' agreed with the quote
    # before it).
    kind: str = "claim"


@dataclass(frozen=True)
class DisputeCandidate:
    """Two statements of different actors that the text sets against each other."""

    id: int
    first: Statement
    second: Statement
    score: float


def _words(doc: Any, sentence: Sentence) -> Any:
    """The parse's words of a sentence; None for a credit line (or no span)."""
    if sentence.credit:
        return None
    return doc.char_span(sentence.start, sentence.end, alignment_mode="expand")


def sentence_words(analysis: Analysis) -> Iterator[tuple[Sentence, Any]]:
    """Each sentence with the parse's words of it (none for a credit line); nothing at all when
    the text has no parse. The loop every sentence-by-sentence rule runs."""
    doc = parse(analysis.text)
    if doc is None:
        return
    for s in analysis.sentences:
        yield s, _words(doc, s) or []


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


# Verbs that report what their subject says, writes or thinks: the closed class of speech and
# cognition verbs ('X talked about', 'X argued', 'X tweeted', 'the committee reported that').
_SPEECH = {
    "say", "tell", "talk", "argue", "write", "tweet", "post", "report", "claim", "state",
    "announce", "note", "insist", "contend", "assert", "maintain", "suggest", "believe",
    "think", "add", "explain", "declare", "testify",
}  # fmt: skip


def speech_statements(
    analysis: Analysis,
    actors: dict[str, list[Span]],
    records: list[ActorRecord] | None = None,
) -> list[Statement]:
    """Sentences whose speech or cognition verb has an actor as its subject ('X talked about
    Y', 'the committee reported that', 'X has been out there saying'): the subject named as a
    stance's is (an actor, a pronoun's antecedent, or a name the parse finds)."""
    out = []
    for s, words in sentence_words(analysis):
        seen: set[str] = set()
        for tok in words:
            if tok.lemma_ not in _SPEECH or tok.pos_ not in _VERBAL:
                continue
            verb = tok
            while verb.dep_ in {"xcomp", "conj", "advcl", "pcomp", "prep"} and not _subjects(verb):
                verb = verb.head  # 'X has been out there saying', 'X was fined for saying'

            for t in _subjects(verb):
                name = _phrase_name(actors, t) or _referent(analysis, t, records) or _entity_name(t)
                if name is not None and name not in seen:
                    seen.add(name)
                    out.append(Statement(name, (s.start, s.end), s.id, "speech"))
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
    # A passive subject is whom the stance is aimed at ('Berg was criticized'), not its holder.
    subjects = [t for t in _subjects(verb) if t.dep_ != "nsubjpass"]
    if not subjects:
        return True, None
    first = min(t.left_edge.idx for t in subjects)
    last = max(t.right_edge.idx + len(t.right_edge) for t in subjects)
    return True, (first, last, subjects[0].idx)


def _subjects(verb: Any) -> list[Any]:
    # An unusual verb ('has pooh-poohed') can leave its subject hanging on the auxiliary.
    heads = [verb] + [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    return [c for h in heads for c in h.children if c.dep_ in SUBJECTS]


# Prepositions that aim a stance at someone: 'responded to Y', 'called on Y', 'voted against Y',
# 'lashed out at Y', 'disagreed with Y'; a stance noun's 'of' ('condemnation of Y's test').
_AIMING = {"to", "on", "against", "at", "with"}
_NOUN_AIMING = {"of", "against", "on", "to"}
# A preposition after the target that gives the reason held against it: 'scolded Y for
# saying', 'accused Y of lying', 'sued Y over its law'.
_REASON = {"for", "of", "over"}
_PRONOUN = {"him", "her", "them", "it"}


@dataclass(frozen=True)
class Aimed:
    """X's stance aimed at Y: X's sentence, and where the text reports Y's position (the
    object phrase when it is Y's claim or plan, or the reason held against Y), or None."""

    speaker: Statement
    target: str
    position: Span | None


def aimed_stances(
    analysis: Analysis,
    actors: dict[str, list[Span]],
    records: list[ActorRecord] | None = None,
) -> list[Aimed]:
    """Stances whose object names their target: 'X criticized Y', 'X rejected Y's plan',
    'X mocked an effort by Y', 'X made a strong condemnation of Y's test'. The subject is the
    stance verb's (or, for a stance noun, its light verb's); the target is an actor, or a
    name the parse finds, in the object phrase proper (not in a clause inside it). With the
    actor records, a subject that names no one is resolved as a quote's cue is: a pronoun
    ('she', 'her department') to its antecedent, a description ('the former harbour master')
    to the one person it describes."""
    doc = parse(analysis.text)
    if doc is None:
        return []
    text = analysis.text
    out: list[Aimed] = []
    for s in analysis.sentences:
        if s.credit:
            continue
        for m in _REBUTTAL.finditer(text, s.start, s.end):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None:
                continue
            tok = span.root  # "pooh-poohed" is three tokens: its verb
            if tok.pos_ == "ADP" or tok.dep_ == "prt":
                tok = tok.head
            objects, light = _aimed_objects(tok)
            if not objects:
                continue
            verb = light if light is not None else tok
            while verb.dep_ in {"xcomp", "conj", "advcl"} and not _subjects(verb):
                verb = verb.head
            subject = next(
                (
                    n
                    for t in _subjects(verb)
                    if (
                        n := _phrase_name(actors, t)
                        or _referent(analysis, t, records)
                        or _entity_name(t)
                    )
                ),
                None,
            )
            if subject is None:
                continue
            for obj, reason in objects:
                people = None if records is None else [r for r in records if r.kind == "person"]
                target = _target(analysis, doc, actors, obj, subject, s.start, people)
                if target is None:
                    continue
                name, is_head = target
                last = reason if reason is not None else (None if is_head else obj)
                position = None if last is None else (obj.left_edge.idx, _right(last))
                out.append(Aimed(Statement(subject, (s.start, s.end), s.id), name, position))
            break
    return out


_PERSONAL = {"he", "she", "his", "her"}


def _entity_name(root: Any) -> str | None:
    """The name the parse finds at a subject's head when no actor is named there (a surname
    two people share is no actor's mention): the entity as written."""
    if root.ent_type_ not in NAMES or root.pos_ != "PROPN":
        return None
    ent = next((e for e in root.doc.ents if e.start <= root.i < e.end), None)
    return None if ent is None else re.sub(r"^(?:the|The)\s+", "", ent.text)


def _referent(analysis: Analysis, root: Any, records: list[ActorRecord] | None) -> str | None:
    """The person a subject phrase that names no one stands for: a personal pronoun, or its
    possessor ('her department'), resolved to its antecedent; a definite description headed by
    a title ('the former harbour master') to the one person the text gives that whole title,
    else, like a pronoun, to the subject of the nearest sentence before."""
    if not records:
        return None
    owner = next((c for c in root.children if c.dep_ == "poss"), None)
    pronoun = root if root.lower_ in _PERSONAL else owner
    if pronoun is not None and pronoun.lower_ in _PERSONAL:
        return antecedent(analysis, pronoun.idx, records, {}, pronoun.text)
    first = root.left_edge
    if first.lower_ != "the" or owner is not None or root.lower_ not in TITLE_WORDS:
        return None
    words = [t.text for t in root.doc[first.i + 1 : root.i + 1]]
    titled = _titled(analysis.text, words, records)
    if titled:
        return titled.pop() if len(titled) == 1 else None
    return antecedent(analysis, first.idx, records, {})


def _titled(text: str, words: list[str], records: list[ActorRecord]) -> set[str]:
    """The people a whole title is written with: before the name or in an apposition after."""
    title = r"\s+".join(re.escape(w) for w in words)
    before = re.compile(rf"(?i:\b{title})\s+$")
    after = re.compile(rf",\s+(?:(?i:the|a|an)\s+)?(?i:{title})\b")
    return {
        r.name
        for r in records
        if r.kind == "person"
        for a, e in r.mentions
        if before.search(text, max(0, a - 80), a) or after.match(text, e)
    }


def _right(tok: Any) -> int:
    end = tok.right_edge
    return int(end.idx + len(end))


def _aimed_objects(tok: Any) -> tuple[list[tuple[Any, Any]], Any]:
    """(object, reason preposition or None) pairs of a stance word, and the light verb that
    carries a stance noun ('made a condemnation of'), if any."""
    reason = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in _REASON), None)
    objects: list[Any] = []
    light = None
    if tok.pos_ in _VERBAL:
        objects += [c for c in tok.children if c.dep_ in {"dobj", "dative", "obj"}]
        for c in tok.children:
            if c.dep_ in {"prep", "prt"} and c.lower_ in _AIMING:
                objects += [g for g in c.children if g.dep_ == "pobj"]
        if c_on := [c for c in tok.children if c.dep_ == "prt" and c.lower_ in _AIMING]:
            # 'called on President Y to act': the particle's object is the verb's dobj
            objects = objects or [c for c in c_on[0].children if c.dep_ == "pobj"]
    elif tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.pos_ in _VERBAL:
        light = tok.head
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in _NOUN_AIMING:
                objects += [g for g in c.children if g.dep_ == "pobj"]
    if reason is not None and not any(o.i < reason.i for o in objects):
        reason = None
    return [(o, reason if reason is not None and o.i < reason.i else None) for o in objects], light


def _named(actors: dict[str, list[Span]], start: int, end: int, head: int) -> str | None:
    """The actor named in a phrase, preferring the one its head names."""
    inside = [(a, name) for name, spans in actors.items() for a, e in spans if start <= a < end]
    heads = [x for x in inside if x[0] <= head < _end(actors, x)]
    inside = heads or inside
    return max(inside)[1] if inside else None


def _target(
    analysis: Analysis,
    doc: Any,
    actors: dict[str, list[Span]],
    obj: Any,
    subject: str,
    sentence_start: int,
    people: list[ActorRecord] | None = None,
) -> tuple[str, bool] | None:
    """Whom an object phrase names, and whether the name is the phrase itself ('criticized
    Y') rather than Y's claim or plan ('rejected Y's plan', 'an effort by Y'). Names inside a
    clause of the phrase ('the consensus that Russia hacked') are not its target."""
    tokens = [t for t in obj.subtree if _names_phrase(t, obj)]
    if obj.lower_ in {"him", "her"} and people is not None:
        # 'scolded him': a person, the last named before the sentence ("Oz's advice earned
        # him ..." names Oz), not a body named after them, nor the subject.
        person = _last_person(people, sentence_start, subject)
        return (person, True) if person is not None else None
    if obj.lower_ in _PRONOUN and obj.i > 0:
        # 'scolded them': the last actor named before the sentence, not the subject.
        before = [
            (a, name)
            for name, spans in actors.items()
            for a, _ in spans
            if a < sentence_start and name != subject
        ]
        return (max(before)[1], True) if before else None
    for t in tokens:
        name = _named(actors, t.idx, t.idx + len(t), t.idx)
        if name is not None and name != subject:
            return name, _head_of(t, obj)
    for ent in doc.ents:
        root = _ent_root(ent)
        if ent.label_ not in NAMES or root not in tokens:
            continue
        if any(t.lower_ == "of" for t in tokens if root.i > t.i and t.dep_ == "prep"):
            continue  # a name the parse finds but no actor: only as the head or its owner
        if True:
            phrase = root
            while phrase.dep_ == "compound" and phrase.head.dep_ == "compound":
                phrase = phrase.head
            if phrase.dep_ == "compound":
                # 'the U.S. intelligence community consensus': the community
                name_span = doc[phrase.left_edge.i : phrase.i + 1]
            else:
                name_span = ent
            name = re.sub(r"^(?:the|The)\s+", "", name_span.text).replace("\u2019s", "")
            name = name.replace("'s", "").strip(" ,")
            if name[:1].isupper() and name != subject:
                # 'the U.S. intelligence community consensus': a name that modifies the
                # object's noun is the owner of what the stance is aimed at, not the object.
                return name, _head_of(root, obj) and name_span.end > obj.i
    return None


def _ent_root(ent: Any) -> Any:
    """An entity's head word: 'the Harbor Authority' leaves its article to the noun it
    modifies, so spaCy's root can be 'the'; the last word with a head outside is the name's."""
    outside = [t for t in ent if not ent.start <= t.head.i < ent.end and t.dep_ != "det"]
    return outside[-1] if outside else ent.root


# The words of a noun phrase that name who it is or whose it is: its head, appositions and
# conjuncts, possessors and compounds, and the agent or owner after 'by' / 'of' / 'from'
# ('an effort by Y', 'the statement of Y'); not adjectives ('the Danish island') nor clauses.
_NAMING = {"compound", "appos", "conj", "flat", "poss", "pobj"}
_OWNER = {"by", "of", "from"}


def _names_phrase(tok: Any, root: Any) -> bool:
    while tok.i != root.i:
        if tok.dep_ not in _NAMING and not (tok.dep_ == "prep" and tok.lower_ in _OWNER):
            return False
        if tok.dep_ == "pobj" and tok.head.lower_ not in _OWNER:
            return False
        tok = tok.head
    return True


def _phrase_name(actors: dict[str, list[Span]], root: Any) -> str | None:
    """The actor a noun phrase names: at its head if one is named there ('NATO chief Mark
    Rutte'), else the first name among its naming words ("Donald Trump's tweet")."""
    tokens = sorted((t for t in root.subtree if _names_phrase(t, root)), key=lambda t: t.i)
    at_head = [(a, n) for n, spans in actors.items() for a, e in spans if a <= root.idx < e]
    if at_head:
        return max(at_head)[1]
    for t in tokens:
        if (name := _named(actors, t.idx, t.idx + len(t), t.idx)) is not None:
            return name
    return None


def _head_of(tok: Any, obj: Any) -> bool:
    """Whether a name is the object itself (or its apposition/conjunct), not a modifier."""
    while tok.i != obj.i:
        if tok.dep_ not in {"compound", "appos", "conj", "flat", "cc"}:
            return False
        tok = tok.head
    return True


# How explicitly the text links two sides: a stance aimed at the other, or an answer (a
# contrast opening it, or a rebuttal verb of its speaker) right after the other's statement.
AIMED, OPPOSED, ANSWER = 3.0, 2.0, 1.0
_OPENING = re.compile(
    r"^\W*(?:but|however|yet|still|instead|aber|doch|jedoch|dagegen|hingegen)\b", re.IGNORECASE
)


def dispute_candidates(
    analysis: Analysis,
    statements: list[Statement],
    *,
    same: Callable[[str, str], bool] = lambda a, b: a == b,
    weight: dict[str, int] | None = None,
    mentions: dict[str, list[Span]] | None = None,
    aimed: list[Aimed] | None = None,
    opposed: list[tuple[Statement, Statement]] | None = None,
) -> list[DisputeCandidate]:
    """Pairs of statements by different actors that the text links, best first (one pair per
    pair of actors): X's stance aimed at Y (with Y's reported position, else Y's own nearest
    statement), opposite stances on one thing, or an answer right after the other's
    statement that opens with a contrast, has a rebuttal verb, or is about the other."""
    text = analysis.text
    weight = weight or {}
    mentions = mentions or {}
    best: dict[tuple[str, ...], DisputeCandidate] = {}

    def prominence(*names: str) -> float:
        return sum(0.25 * min(weight.get(n, 0), 6) / 6 for n in names)

    def offer(first: Statement, second: Statement, level: float) -> None:
        if same(first.actor, second.actor):
            return
        if second.span < first.span:
            first, second = second, first
        score = level + prominence(first.actor, second.actor)
        key = tuple(sorted((first.actor, second.actor)))
        if key not in best or score > best[key].score:
            best[key] = DisputeCandidate(0, first, second, score)

    for aim in aimed or []:
        # Y's side: Y's own attested statement nearest the stance, else Y's position as the
        # stance reports it (Y's plan, or the reason held against Y); with neither, one
        # actor's criticism has no counter-position and is no disagreement.
        known = aim.target in mentions  # a name the parse found is matched exactly
        own = [st for st in statements if (same if known else str.__eq__)(st.actor, aim.target)]
        if own:
            near = min(own, key=lambda st: abs(st.sentence - aim.speaker.sentence))
            offer(aim.speaker, near, AIMED)
        elif aim.position is not None:
            sentence = analysis.sentence_at(aim.position[0]).id
            offer(aim.speaker, Statement(aim.target, aim.position, sentence), AIMED)
    for a, b in opposed or []:
        offer(a, b, OPPOSED)
    for i, a in enumerate(statements):
        for b in statements[i + 1 :]:
            if same(a.actor, b.actor) or a.sentence == b.sentence:
                continue
            first, second = (a, b) if a.span <= b.span else (b, a)
            t2 = text[second.span[0] : second.span[1]]
            answer = 0 < second.sentence - first.sentence <= 1 and bool(
                (_OPENING.match(t2) and second.kind != "speech")
                or _answer_verb(analysis, second)
                or _about(analysis, second, first.actor, same)
            )
            if answer:
                offer(first, second, ANSWER)
    # One pair of sentences is one disagreement, whatever names its sides were found under.
    distinct: dict[tuple[Span, Span], DisputeCandidate] = {}
    for c in sorted(best.values(), key=lambda c: -c.score):
        distinct.setdefault((c.first.span, c.second.span), c)
    ranked = list(distinct.values())[:MAX_CANDIDATES]
    return [DisputeCandidate(i, c.first, c.second, c.score) for i, c in enumerate(ranked, 1)]


_ANSWERS = re.compile(
    r"\b(?:respond\w*|repl(?:y|ied|ies)|counter\w*|reject\w*|den(?:y|ied|ies)|disput\w*"
    r"|dismiss\w*|widersprach|widerspricht|bestritt\w*)\b",
    re.IGNORECASE,
)


def _answer_verb(analysis: Analysis, st: Statement) -> bool:
    """Whether the statement's actor answers: a rebuttal verb whose subject names them."""
    text = analysis.text
    for m in _ANSWERS.finditer(text, st.span[0], st.span[1]):
        parsed, found = _subject_of(analysis, m.start(), m.end())
        if not parsed:
            return True  # no parse (German): the cue in the sentence
        if found is not None and st.actor.split()[-1] in text[found[0] : found[1]]:
            return True
    return False


def _about(analysis: Analysis, st: Statement, other: str, same: Callable[[str, str], bool]) -> bool:
    """Whether a statement's words are about the other side: a clause of its sentence, other
    than its speaker's own verb, has the other as subject, or the other's claim or plan
    ('Mark Cuban knows as much ...', 'reported that Y's plans would cost ...')."""
    doc = parse(analysis.text)
    words = None if doc is None else doc.char_span(*st.span, alignment_mode="expand")
    for tok in words or []:
        if tok.dep_ not in SUBJECTS or tok.head.lemma_ in _SPEECH:
            continue
        naming = [tok] + [c for c in tok.children if c.dep_ in {"compound", "flat", "poss"}]
        phrase = " ".join(t.text for t in naming if t.pos_ == "PROPN")
        if phrase and same(phrase, other) and not same(phrase, st.actor):
            return True
    return False


# The two poles of a stance on a thing (lang/en.py: STANCE_FOR, STANCE_AGAINST, STANCE_FOR_PREP).
_FOR, _AGAINST, _FOR_PREP = STANCE_FOR, STANCE_AGAINST, STANCE_FOR_PREP


@dataclass(frozen=True)
class Stance:
    """An actor for (+1) or against (-1) the things a stance's object names (their lemmas)."""

    speaker: Statement
    pole: int
    things: frozenset[str]


def object_stances(
    analysis: Analysis,
    actors: dict[str, list[Span]],
    records: list[ActorRecord] | None = None,
) -> list[Stance]:
    """Stances with a pole and an object: 'X opposed reauthorization of the program' (against
    'reauthorization', 'program'), 'Y urged Congress to leave the program intact' (for
    'congress', 'program'), 'Z called for the election to be postponed'. The subject is found
    as a stance's is; a stance in a phrase that modifies a noun ('a letter opposing ...') is
    the subject's of the verb whose object that noun is ('They sent a letter opposing ...')."""
    out: list[Stance] = []
    for s, words in sentence_words(analysis):
        for tok in words:
            if (affixed := _affixed(analysis, actors, records, tok)) is not None:
                owner, pole, thing = affixed
                out.append(Stance(Statement(owner, (s.start, s.end), s.id), pole, thing))
                continue
            pole = _pole(tok)
            if pole == 0:
                continue
            verb = tok.head if tok.pos_ == "NOUN" else tok  # 'X is a supporter of Y'
            while not _subjects(verb) and verb.dep_ in _CARRIED and verb.head.i != verb.i:
                verb = verb.head  # 'X went on to oppose', 'X sent a letter to Y opposing'
            subject = next(
                (
                    n
                    for t in _subjects(verb)
                    if (
                        n := _members(actors, t)
                        or _phrase_name(actors, t)
                        or _referent(analysis, t, records)
                        or _entity_name(t)
                    )
                ),
                None,
            )
            things = _things(tok)
            if subject is not None and things:
                out.append(Stance(Statement(subject, (s.start, s.end), s.id), pole, things))
    return out


# How a stance word hangs on the verb whose subject holds it: a clause the verb carries, or
# a phrase that modifies a noun of the verb ('sent a letter to leaders opposing ...').
_CARRIED = {"xcomp", "conj", "advcl", "acl", "dobj", "pobj", "prep", "dative"}
# 'Critics, including X and Y, ...', 'Proponents, like X, ...': the named members hold it.
_MEMBERS = {"including", "like"}


def _members(actors: dict[str, list[Span]], root: Any) -> str | None:
    """The actor a plural subject names as one of its members ('Proponents, including Y')."""
    for prep in root.children:
        if prep.dep_ == "prep" and prep.lower_ in _MEMBERS:
            for obj in prep.children:
                if obj.dep_ == "pobj" and (name := _phrase_name(actors, obj) or _entity_name(obj)):
                    return name
    return None


_AFFIX = {"anti": -1, "pro": 1}


def _affixed(
    analysis: Analysis,
    actors: dict[str, list[Span]],
    records: list[ActorRecord] | None,
    tok: Any,
) -> tuple[str, int, frozenset[str]] | None:
    """'X's anti-NATO stance', 'her pro-trade policy': against / for the word after the
    hyphen, held by the owner of the noun the adjective modifies."""
    doc = tok.doc
    if tok.lower_ not in _AFFIX or tok.i + 2 >= len(doc) or doc[tok.i + 1].text != "-":
        return None
    word, noun = doc[tok.i + 2], tok.head
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None or noun.pos_ != "NOUN":
        return None
    name = _phrase_name(actors, owner) or _referent(analysis, owner, records)
    name = name or _entity_name(owner)
    if name is None and (owner.lower_ in _PERSONAL or owner.left_edge.lower_ == "the"):
        # 'Donald Trump's gains ... if the Republican nominee's anti-NATO stance': the
        # description stands for the last person named before it, a possessive included
        name = _last_person(records, owner.idx, "")
    if name is None:
        return None
    return name, _AFFIX[tok.lower_], frozenset({word.lower_})


def _last_person(records: list[ActorRecord] | None, pos: int, besides: str) -> str | None:
    """The last person named before a position (a possessive counts), other than one."""
    before = [
        (a, r.name)
        for r in records or []
        if r.kind == "person" and r.name != besides
        for a, _ in r.mentions
        if a < pos
    ]
    return max(before)[1] if before else None


def _pole(tok: Any) -> int:
    """+1 for, -1 against, 0 no stance; a negation of the word (or its verb) flips it."""
    lemma = tok.lemma_.lower()
    if lemma in _FOR or (lemma in _FOR_PREP and any(c.lower_ == "for" for c in _for_words(tok))):
        pole = 1
    elif lemma in _AGAINST:
        pole = -1
    elif lemma in STANCE_COMMIT and not any(_pole(c) for c in tok.children if c.dep_ == "xcomp"):
        pole = 1  # 'pledged to impose sanctions'; 'vowed to fight the bill' is the fight's
    else:
        return 0
    if tok.pos_ == "NOUN" and tok.dep_ not in {"attr", "nsubj", "appos"}:
        return 0  # a noun holds a stance only as what someone is ('X is a critic of')
    if tok.pos_ not in _VERBAL and tok.pos_ != "NOUN":
        return 0
    negated = any(c.dep_ == "neg" for c in tok.children) or (
        tok.pos_ == "NOUN" and any(c.dep_ == "neg" for c in tok.head.children)
    )
    return -pole if negated else pole


def _for_words(tok: Any) -> list[Any]:
    """'called for the vote' (a preposition), 'called for the vote to be held' (the mark of
    the clause 'for' opens)."""
    preps = [c for c in tok.children if c.dep_ == "prep"]
    marks = [m for c in tok.children if c.dep_ == "advcl" for m in c.children if m.dep_ == "mark"]
    return preps + marks


_THING = {"dobj", "pobj", "nsubjpass", "attr", "compound", "conj", "appos"}
# Clauses of their own inside a stance's object are not what the stance is about.
_OWN_CLAUSE = {"relcl", "ccomp", "parataxis", "acl", "advcl", "csubj"}


def _things(tok: Any) -> frozenset[str]:
    """The lemmas of the common and proper nouns a stance is about: its object phrases and
    the clauses they head ('urged Congress to leave the program intact'), not its subject."""
    found: set[str] = set()
    # 'urged Congress to leave the program intact': the one urged is no thing it is about
    addressed = any(c.dep_ == "xcomp" for c in tok.children)
    todo = [
        c
        for c in tok.children
        if c.dep_ not in SUBJECTS
        and c.dep_ not in _OWN_CLAUSE
        and not (addressed and c.dep_ in {"dobj", "dative"})
    ]
    todo += [
        c for c in tok.children if c.dep_ == "advcl" and any(m.lower_ == "for" for m in c.children)
    ]
    while todo:
        t = todo.pop()
        if t.dep_ in SUBJECTS and t.head.i == tok.i:
            continue
        if t.pos_ in {"NOUN", "PROPN"} and t.dep_ in _THING | {"nsubjpass"}:
            ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
            if ent is None and not t.is_stop:
                found.add(t.lemma_.lower())
            elif ent is not None and ent.label_ != "PERSON":
                found.add(ent.text.lower())  # a named thing as a whole: 'north korea'

        todo += [c for c in t.children if c.dep_ not in _OWN_CLAUSE]
    return frozenset(found)


def opposed_stances(stances: list[Stance]) -> list[tuple[Statement, Statement]]:
    """Pairs of stances of opposite pole on a shared thing."""
    return [
        (a.speaker, b.speaker)
        for i, a in enumerate(stances)
        for b in stances[i + 1 :]
        if a.pole == -b.pole and a.things & b.things
    ]


# The people who hold a stance, as a group noun: 'Critics of X, like A and B, ...'.
_HOLDERS = {"critic", "opponent", "proponent", "supporter", "backer", "skeptic", "sceptic"}


def group_answers(
    analysis: Analysis, statements: list[Statement], actors: dict[str, list[Span]]
) -> list[Aimed]:
    """Statements that answer a group the text named by its members: once 'Critics of the
    programme, like Senator A, ...' or 'Opponents, including A, ...' has said who the
    critics are, another actor's statement that names the critics again ('the examples
    critics point to are wrong', Y said) is aimed at A."""
    doc = parse(analysis.text)
    if doc is None:
        return []
    members: dict[str, tuple[str, int]] = {}
    for tok in doc:
        if tok.lemma_.lower() in _HOLDERS and tok.pos_ == "NOUN":
            name = _members(actors, tok)
            if name is not None and tok.lemma_.lower() not in members:
                members[tok.lemma_.lower()] = (name, tok.i)
    out: list[Aimed] = []
    for st in statements:
        words = doc.char_span(*st.span, alignment_mode="expand")
        for tok in words or []:
            group = members.get(tok.lemma_.lower())
            if group is None or tok.pos_ != "NOUN" or group[1] == tok.i:
                continue
            if group[0] != st.actor and _members(actors, tok) is None:
                out.append(Aimed(st, group[0], None))
                break
    return out


# How many sentences back a denial of 'these allegations' looks for the statement it denies.
_DENIAL_REACH = 8
_SAID_NOUN = re.compile(rf"(?:{SAID_NOUNS})", re.IGNORECASE)


def denials(
    analysis: Analysis,
    statements: list[Statement],
    actors: dict[str, list[Span]],
    records: list[ActorRecord] | None = None,
    *,
    same: Callable[[str, str], bool] = lambda a, b: a == b,
) -> list[tuple[Statement, Statement]]:
    """A denial of what was said ('the Church denied these allegations', 'X rejected the
    claims'), paired with the nearest statement of another actor before it: the one it
    denies. A possessive names whose claim it is ('rejected Y's claims'): aimed_stances
    reads that one."""
    out = []
    for s, words in sentence_words(analysis):
        for tok in words:
            if tok.lemma_ not in DENIAL_VERBS or tok.pos_ not in _VERBAL:
                continue
            said = [
                c
                for c in tok.children
                if c.dep_ == "dobj"
                and _SAID_NOUN.fullmatch(c.text)
                and not any(g.dep_ == "poss" for g in c.children)
            ]
            for t in _subjects(tok) if said else []:
                name = _phrase_name(actors, t) or _referent(analysis, t, records)
                name = name or _entity_name(t)
                if name is None:
                    continue
                before = [
                    st
                    for st in statements
                    if 0 < s.id - st.sentence <= _DENIAL_REACH and not same(st.actor, name)
                ]
                if before:
                    denied = max(before, key=lambda st: st.sentence)
                    out.append((denied, Statement(name, (s.start, s.end), s.id)))
    return out


def relative_stances(
    analysis: Analysis,
    actors: dict[str, list[Span]],
    records: list[ActorRecord] | None = None,
) -> list[tuple[Statement, Statement]]:
    """A stance against a thing told in a relative clause on it ('X kept a policy which Y
    criticised'): Y against the subject of the verb whose object the clause describes. Each
    side's span is its own clause of the sentence."""
    out = []
    for s, words in sentence_words(analysis):
        for tok in words:
            if tok.dep_ != "relcl" or tok.lemma_ not in _AGAINST or tok.pos_ not in _VERBAL:
                continue
            objects = [c for c in tok.children if c.dep_ == "dobj"]
            if any(c.tag_ not in {"WDT", "WP"} for c in objects):
                continue  # 'the man who criticised the plan': aimed at the plan
            owner = tok.head.head
            while not _subjects(owner) and owner.head.i != owner.i:
                owner = owner.head  # 'kept a policy of turning away boats which ...': kept
            owners = [t for t in _subjects(owner) if t.tag_ not in {"WDT", "WP"}]
            clause = (tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge))
            for holder in (t for t in _subjects(tok) if t.tag_ not in {"WDT", "WP"}):
                critic = _phrase_name(actors, holder) or _entity_name(holder)
                for owner in owners:
                    name = _phrase_name(actors, owner) or _referent(analysis, owner, records)
                    name = name or _entity_name(owner)
                    if critic is None or name is None or critic == name:
                        continue
                    first = Statement(name, (s.start, clause[0]), s.id)
                    out.append((first, Statement(critic, clause, s.id)))
    return out
