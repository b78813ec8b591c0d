"""Actors and speakers resolved with the text's own evidence: mentions, cues, pronouns, titles."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from briefing.evidence import coref, nlp
from briefing.evidence.grounding import (
    Analysis,
    Cue,
    Quote,
    Span,
    inside,
    mention_spans,
    name_from_phrase,
    name_tokens,
)
from briefing.evidence.lexicon import (
    HONORIFICS,
    NOT_FIRST_NAMES,
    ORG_WORDS,
    REPORTING_VERBS,
    SAY_VERBS,
    THING_BEFORE,
    THIS_SAID_VERBS,
    TITLE_WORDS,
)
from briefing.models import ActorKind

_NAME_RX = r"[A-Z\u00c0-\u00de][\w\u2019'\-]+(?:\s+[A-Z\u00c0-\u00de][\w\u2019'\-]+){0,3}"
# Capitalised words before a name, joined by 'of' and the like ('Secretary of State').
_CAPRUN = re.compile(r"((?:[A-Z\[][\w.\-\u2019'\]]*\s+(?:(?:of|for|on|and)\s+(?=[A-Z]))?){1,5})$")


@dataclass
class ActorRecord:
    """An actor as the pipeline knows it: canonical name, the forms the text uses, mentions."""

    name: str
    kind: ActorKind = "other"
    role: str | None = None
    stance: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)

    @property
    def tokens(self) -> set[str]:
        """Name words used to match this actor."""
        out = name_tokens(self.name)
        for alias in self.aliases:
            out |= name_tokens(alias) if " " not in alias else set()
        return out


def record(analysis: Analysis, name: str, kind: ActorKind = "person") -> ActorRecord:
    """An actor for a name the text uses: its mentions, the other forms used, its title."""
    spans, forms = find_mentions(analysis, name)
    return ActorRecord(
        name=name,
        kind=kind,
        role=role_in_text(analysis, name),
        aliases=[f for f in forms if f != name],
        mentions=spans,
    )


def full_name(name: str, candidates: list[str]) -> str:
    """'Reyes' -> 'Dana Reyes' when exactly one longer name the text uses ends with it."""
    if len(name.split()) != 1:
        return name
    # 'Sam Ortega of Radio North' names Sam Ortega (and where he works).
    forms = [n.split(" of ")[0] if " of " in n else n for n in candidates]
    longer = {n for n in forms if len(n.split()) > 1 and n.split()[-1] == name}
    return longer.pop() if len(longer) == 1 else name


def outside(analysis: Analysis, spans: list[Span], *, quotes: bool = False) -> list[Span]:
    """Spans that are not in bylines/credits (and, if asked, not inside quoted passages)."""
    credits = analysis.credit_text
    out = [s for s in spans if not inside(s[0], credits)]
    if quotes:
        out = [s for s in out if not inside(s[0], analysis.quoted)]
    return out


def find_mentions(analysis: Analysis, name: str) -> tuple[list[Span], list[str]]:
    """Mentions of a name (full, or its surname / single distinctive word) outside credit lines."""
    text = analysis.text
    forms = [name]
    words = [w for w in name.split() if w[:1].isupper()]
    # The surname alone, unless another person in the text has it too ("Joe Biden" and "Hunter
    # Biden": a bare "Biden" is either of them, so it counts for neither).
    namesakes = [n for n in analysis.names if n != name and _same_surname_other_person(n, name)]
    if len(words) >= 2 and not namesakes:
        forms.append(words[-1])
    # Other people's full names: their surname is not a mention of this one.
    others = [sp for n in namesakes for sp in mention_spans(text, n)]
    spans: list[Span] = []
    used: list[str] = []
    for form in forms:
        found = outside(analysis, mention_spans(text, form))
        found = [s for s in found if not any(a <= s[0] < b for a, b in spans + others)]
        if found:
            used.append(form)
            spans.extend(found)
    # Possessives ("Okafor's") still mention the actor.
    return sorted(spans), used


def role_in_text(analysis: Analysis, name: str) -> str | None:
    """The title written right before the full name, e.g. 'Harbour Authority chair' Dana Reyes."""
    for start, _ in outside(analysis, mention_spans(analysis.text, name), quotes=True):
        m = _CAPRUN.search(analysis.text[max(0, start - 80) : start])
        if not m:
            continue
        if f"{m.group(1).split()[-1]} {name}" in analysis.names:
            continue  # "Hillary" before "Vance" is her given name, not a title
        # A title is on the name's own line and in its own sentence ("... at the White House.
        # Hunter Biden" has none; "Sen." and "U.S." are abbreviations, not sentence ends).
        words = m.group(1).split("\n")[-1].split()
        ends = [i for i, w in enumerate(words) if re.fullmatch(r"[\w\u2019'\-]{4,}[.!?]", w)]
        if ends:
            words = words[ends[-1] + 1 :]
        # Drop a sentence-initial word that is no title ("On", "However,").
        while words and words[0].rstrip(",").lower() in {"on", "however", "but", "and", "the"}:
            words = words[1:]
        words = [w for w in words if not w.endswith(",")]
        role = " ".join(words).strip("[] ")
        if role and len(role) > 2:
            return role
    return None


def _given_names(name: str) -> list[str]:
    """The capitalised words before a person's surname, titles left out ('Joe' of 'President
    Joe Biden'; nothing for 'President Biden' or 'J. Biden')."""
    words = re.findall(r"[\w\u2019'\-.]+", name)
    return [
        w.lower()
        for w in words[:-1]
        if w[:1].isupper() and len(w.strip(".")) > 1 and w.lower() not in TITLE_WORDS
    ]


def _same_surname_other_person(a: str, b: str) -> bool:
    """Two names with one surname and different given names: two people ('Joe Biden', 'Hunter
    Biden'), not one person written two ways ('Biden', 'President Joe Biden')."""
    wa, wb = a.split(), b.split()
    if len(wa) < 2 or len(wb) < 2 or wa[-1] != wb[-1]:
        return False
    ga, gb = _given_names(a), _given_names(b)
    return bool(ga and gb and not set(ga) & set(gb))


def _other_surname(who: str, name: str) -> bool:
    """Two full names that share only a given name ('John Key', 'John Burrows'): two people.
    (A phrase that ends in a surname of the name's is not: 'Prime Minister Key'.)"""
    a, b = name_tokens(who), name_tokens(name)
    last_a, last_b = who.split()[-1].strip(".,").lower(), name.split()[-1].lower()
    return len(b) >= 2 and last_b not in a and last_a not in b and bool(a & b)


def match_actor(actors: list[ActorRecord], who: str) -> ActorRecord | None:
    """The actor a name phrase refers to (shared name word), if exactly one fits best; never a
    namesake with another given name ('Joe Biden' is not 'Hunter Biden')."""
    words = name_tokens(who)
    if not words:
        return None
    exact = [a for a in actors if a.name.casefold() == who.strip().casefold()]
    if len(exact) == 1:
        return exact[0]  # "Biden" is the actor named "Biden", whatever else shares the word
    best: list[tuple[int, ActorRecord]] = []
    for actor in actors:
        if actor.kind == "person" and (
            _same_surname_other_person(who, actor.name) or _other_surname(who, actor.name)
        ):
            continue
        shared = len(words & actor.tokens)
        if shared:
            best.append((shared, actor))
    if not best:
        return None
    best.sort(key=lambda x: -x[0])
    if len(best) > 1 and best[0][0] == best[1][0]:
        return None
    return best[0][1]


def evidence_speaker(
    analysis: Analysis,
    quote: Quote,
    actors: list[ActorRecord],
    speakers: dict[int, str] | None = None,
) -> str | None:
    """The speaker the text itself names for a quote: its cue, or a pronoun's antecedent."""
    cue = quote.cue
    if cue is None:
        return None
    if cue.kind == "document":
        return cue.who  # 'the report': the source as the text gives it
    if cue.kind == "descriptor":
        return described(analysis, cue.who, actors)
    if cue.kind == "body":
        actor = match_actor(actors, cue.who)
        return actor.name if actor else cue.who
    if not cue.pronoun:
        actor = match_actor(actors, cue.who)
        return actor.name if actor else cue_name(analysis, cue)
    return antecedent(analysis, cue.span[0], actors, speakers or {}, cue.who)


def cue_name(analysis: Analysis, cue: Cue) -> str:
    """The person a name cue gives: the PERSON entity the parse finds within its words, taken
    whole ('Governor of Wessex Jane Roe' -> 'Jane Roe', 'Acme chair Mary Osei' -> 'Mary Osei'),
    else the words after its titles."""
    a, z = cue.span
    people = [
        e.text
        for e in nlp.entities(analysis.text)
        if e.label == "PERSON" and a <= e.span[0] and e.span[1] <= z
    ]
    if len(people) == 1 and len(people[0].split()) >= 2:
        return name_from_phrase(people[0])
    return name_from_phrase(cue.who)


def described(analysis: Analysis, phrase: str, actors: list[ActorRecord]) -> str | None:
    """The one person a description ('the former Dutch prime minister') names in this text:
    written as a title before the name ('former harbour master Dana Reyes') or as an
    apposition after it ('Dana Reyes, the former harbour master'). The whole description
    first, then its last words; None when no one, or more than one person, fits."""
    words = phrase.split()[1:]
    for n in range(len(words), 0, -1):
        desc = r"\s+".join(re.escape(w) for w in words[-n:])
        found = [
            m.group(1) for m in re.finditer(rf"(?i:\b{desc})\s+({_NAME_RX})", analysis.text)
        ] + [
            m.group(1)
            for m in re.finditer(
                rf"({_NAME_RX}),\s+(?:(?:the|a|an)\s+)?(?:[\w\-]+\s+){{0,3}}?(?i:{desc})\b",
                analysis.text,
            )
        ]
        people = {
            a.name for name in found if (a := match_actor(actors, name)) and a.kind == "person"
        }
        if len(people) == 1:
            return people.pop()
        if people:
            return None
    return None


_SUBJECT_PREFIX = re.compile(
    r"^(?:(?:according to|on \w+,?|in \w+,?|however,|but|and|meanwhile,|later,|laut|so|"
    r"am \w+)\s+)?"
    # A short introductory phrase and its comma: "For example, Ban Ki-moon, ... called".
    r"(?:[\w\u2019' ]{2,30},\s+)?"
    r"(?:the\s+|der\s+|die\s+)?(?:[A-Z\[][\w.\-\u2019'\]]*\s+){0,5}$",
    re.IGNORECASE,
)


def antecedent(
    analysis: Analysis,
    pos: int,
    actors: list[ActorRecord],
    speakers: dict[int, str],
    pronoun: str | None = None,
) -> str | None:
    """The person a pronoun cue refers to: the subject or speaker of the nearest sentences before,
    of the pronoun's gender where the text shows one (coref.genders).

    speakers maps sentence ids to the speaker already resolved for a quote cue in that sentence.
    """
    text = analysis.text
    shown = coref.genders(analysis, actors) if pronoun else {}
    fits = {a.name for a in actors if coref.compatible(shown.get(a.name), pronoun)}
    main = coref.main_subject(analysis, pos, actors) if pronoun else None
    if main is not None and main.kind == "person" and main.name in fits:
        return main.name  # 'Perez hammered Trump, ..., whom he described as "volatile"'
    current = analysis.sentence_at(pos)
    for sid in range(current.id, max(0, current.id - 4), -1):
        sentence = analysis.sentences[sid - 1]
        if sid != current.id and sid in speakers and speakers[sid] in fits:
            return speakers[sid]
        subjects: list[tuple[int, str]] = []
        for actor in actors:
            if actor.kind != "person" or actor.name not in fits:
                continue
            for start, end in outside(analysis, actor.mentions, quotes=True):
                if not sentence.start <= start < min(sentence.end, pos):
                    continue
                if text[end : end + 2] in ("\u2019s", "'s"):
                    continue
                if _SUBJECT_PREFIX.match(text[sentence.start : start]):
                    subjects.append((start, actor.name))
        if subjects:
            return min(subjects)[1]
    best: tuple[int, str] | None = None
    for actor in actors:
        if actor.kind != "person" or actor.name not in fits:
            continue
        for start, end in outside(analysis, actor.mentions, quotes=True):
            if end > pos or text[end : end + 2] in ("\u2019s", "'s"):
                continue
            if best is None or start > best[0]:
                best = (start, actor.name)
    return best[1] if best else None


def same_person(a: str | None, b: str | None) -> bool:
    """Whether two names share a name word ('Reyes' and 'Dana Reyes')."""
    if not a or not b:
        return False
    return bool(name_tokens(a) & name_tokens(b)) or a.strip().lower() == b.strip().lower()


def _plural_opener(analysis: Analysis, word: str) -> bool:
    """A plural that is capitalised only because it opens its sentences ('Residents',
    'Officials'): a common noun, no one's name ('Russia insisted' stays a speaker)."""
    text = analysis.text
    return bool(re.fullmatch(r"[A-Z][a-z]+[^s]s", word)) and all(
        not re.search(r"\w", text[analysis.sentence_at(a).start : a])
        for a, _ in mention_spans(text, word)
    )


def _opens_sentences(analysis: Analysis, word: str) -> bool:
    """Whether the word is capitalised only where it opens its sentence (or a quote in it)."""
    text = analysis.text
    return all(
        not re.search(r"\w", text[analysis.sentence_at(a).start : a])
        or text[a - 1 : a] in "\u201c\u201e\"(["
        for a, _ in mention_spans(text, word)
    )


def no_given_name(analysis: Analysis, name: str) -> bool:
    """Whether the first word of a name-like run is no given name ('Follow Ann Lee on Twitter',
    'Mocking Ann Lee, he said', 'Many Democrats'): a word of NOT_FIRST_NAMES; or a word the
    parse reads as no name (not a proper noun, outside any PERSON entity) at every mention; or a
    word capitalised only where it opens a sentence, written in lower case elsewhere, before a
    full name the article also uses on its own ('Mocking Ann Lee' and 'Ann Lee'; 'Hope Marlowe'
    and only 'Marlowe' keeps its given name)."""
    first, rest = name.split(" ", 1) if " " in name else (name, "")
    if first.lower() in NOT_FIRST_NAMES:
        return True
    if not rest:
        return False  # a single word is a surname or a body's name, not a given name
    text = analysis.text
    readings = [nlp.proper_noun_at(text, a) for a, _ in mention_spans(text, name)]
    if readings and all(r is False for r in readings):
        return True
    lower = re.search(rf"(?<![\w\-]){re.escape(first.lower())}(?![\w\-])", text)
    alone = " " in rest and any(
        text[max(0, a - len(first) - 1) : a] != first + " " for a, _ in mention_spans(text, rest)
    )
    return bool(lower) and alone and _opens_sentences(analysis, first)


def _introduced(analysis: Analysis, actor: ActorRecord, who: str, pos: int) -> bool:
    """Whether a cue's name can be this actor: news names a person in full at the first
    mention, so a surname used in the body ('President Holt') before the text ever gives the
    actor's full name ('Michelle Holt', later) names someone else. A cue in the headline and a
    cue that holds the full name are exempt."""
    if actor.name in who or len(actor.name.split()) < 2 or pos < analysis.sentences[0].end:
        return True
    full = outside(analysis, mention_spans(analysis.text, actor.name))
    return not full or full[0][0] < pos


_HONOURED = "|".join(sorted((re.escape(h) for h in HONORIFICS), key=len, reverse=True))


def _honoured_surnames(analysis: Analysis, candidates: list[str]) -> list[str]:
    """One-word names the text gives an honorific ('Mr. Obama', 'Dr. Lind') and names at least
    twice: people, though the article never gives their given name (papers that write 'Mr.')."""
    out = []
    for name in candidates:
        if " " in name or not name[1:].islower():
            continue
        rx = re.compile(rf"(?<![\w.])(?i:{_HONOURED})\s+{re.escape(name)}(?![\w\-])")
        if rx.search(analysis.text) and len(find_mentions(analysis, name)[0]) >= 2:
            out.append(name)
    return out


def evidence_actors(analysis: Analysis, candidates: list[str]) -> list[ActorRecord]:
    """People the text itself establishes: named speakers, and persons mentioned at least twice."""
    people: list[ActorRecord] = []
    names = person_names(analysis, candidates)
    names.sort(key=lambda n: -len(mention_spans(analysis.text, n)))
    for name in names:
        if match_actor(people, name):
            continue
        actor = record(analysis, name)
        if actor.mentions and (
            not _reads_as_thing(analysis, actor) or reads_as_person(analysis, actor)
        ):
            people.append(actor)
    for name in _honoured_surnames(analysis, candidates):
        if not match_actor(people, name):
            people.append(record(analysis, name))
    labels = Counter(m.group(1) for m in _LABEL.finditer(analysis.text))
    for q in analysis.quotes:
        if q.cue is None or q.cue.kind not in ("name", "body"):
            continue
        known = match_actor(people, q.cue.who)
        if known is not None and not _introduced(analysis, known, q.cue.who, q.cue.span[0]):
            # 'President Holt' before any 'Michelle Holt': someone else, and the bare surname
            # is no mention of hers.
            known.mentions = outside(analysis, mention_spans(analysis.text, known.name))
            known.aliases = [a for a in known.aliases if a not in q.cue.who.split()]
            known = None
        if known is not None:
            continue
        if q.cue.kind == "body":
            if (actor := record(analysis, q.cue.who, "organization")).mentions:
                people.append(actor)
            continue
        if q.cue.who in labels:
            continue  # a transcript label: a person, found below
        name = cue_name(analysis, q.cue)
        if any(a.name == name for a in people):
            continue
        if " " not in name and _plural_opener(analysis, name):
            continue  # 'Residents in Ohio have a message:' names nobody
        if len(name) > 2 and name[0].isupper() and not no_given_name(analysis, name):
            # Speakers are people, unless the name reads as a body ("OHOC", "Energy Agency").
            body = name.isupper() or any(w.lower() in ORG_WORDS for w in name.split())
            actor = record(analysis, name, "organization" if body else "person")
            if actor.mentions:
                people.append(actor)
    # Transcript speaker labels ("LINDQVIST: ...") used for two or more turns or opening a quote.
    cues = {q.cue.who for q in analysis.quotes if q.cue is not None}
    for label, n in labels.items():
        name = label.title()
        if (n < 2 and label not in cues) or match_actor(people, name):
            continue
        name = full_name(name, candidates)  # "LINDQVIST" -> "Ada Lindqvist" when unambiguous
        spans, forms = find_mentions(analysis, name)
        people.append(
            ActorRecord(
                name=name,
                kind="person",
                role=role_in_text(analysis, name),
                aliases=[f for f in forms if f != name] + [label],
                mentions=spans
                or [
                    (m.start(1), m.end(1))
                    for m in _LABEL.finditer(analysis.text)
                    if m.group(1) == label
                ],
            )
        )
    return people


_LABEL = re.compile(r"(?m)^\W{0,2}([A-Z][A-Z'\-]{2,}):\s")
# What follows a person's name: a pronoun opening the next sentence, or "who" after the name.
_PERSON_NEXT = re.compile(r"^\W*(?:He|She|His|Her|Er|Sie|Seine?|Ihre?)\b")
_PERSON_AFTER = re.compile(r"^,?\s+(?:who|whose|wer)\b")


# Words before a name that make it read as an amount, a place or a body ("100 Millionen Euro",
# "journalists from Madagascar Matin", "the Responsible Federal Budget").
_THING_BEFORE = re.compile(rf"(?:\d[\d.,]*|\b(?:{THING_BEFORE}))\s+$", re.IGNORECASE)


def _reads_as_thing(analysis: Analysis, actor: ActorRecord) -> bool:
    """Every mention of the full name follows a number, a preposition or an article."""
    text = analysis.text
    spans = mention_spans(text, actor.name)
    return bool(spans) and all(_THING_BEFORE.search(text[max(0, a - 20) : a]) for a, _ in spans)


def reads_as_person(analysis: Analysis, actor: ActorRecord) -> bool:
    """Whether the text treats a two-word capitalised name as a person: a title before it, the
    surname used alone, a speech cue naming it, or 'he/she/who' following it. '100 Millionen
    Euro' (German capitalises nouns) and 'Madagascar Matin' (a newspaper) get none of these."""
    if actor.role:
        return True
    text = analysis.text
    # The surname alone, even where a namesake makes it ambiguous: a person is called that way.
    words = actor.name.split()
    longer = [
        sp for n in analysis.names if n.endswith(" " + words[-1]) for sp in mention_spans(text, n)
    ]
    # ('the Vegas debate', 'in Vegas' name a place, not a person called Vegas.)
    if any(
        not inside(a, longer) and not _THING_BEFORE.search(text[max(0, a - 20) : a])
        for a, _ in mention_spans(text, words[-1])
    ):
        return True
    if any(q.cue and not q.cue.pronoun and actor.name in q.cue.who for q in analysis.quotes):
        return True
    for start, end in actor.mentions:
        if _PERSON_AFTER.match(text[end : end + 12]):
            return True
        here = analysis.sentence_at(start)
        after = analysis.sentence(here.id + 1)
        if after is not None and _PERSON_NEXT.match(text[after.start : after.start + 12]):
            return True
    return False


def _labelled_other(analysis: Analysis, name: str) -> bool:
    """Whether the parse never reads the name as a PERSON but does read it as another entity
    ('Environment Canada' is an ORG, 'Las Vegas' a GPE): no person, whatever its shape."""
    labels: set[str] = set()
    for span in mention_spans(analysis.text, name):
        found = nlp.labels_at(analysis.text, span)
        if found is None:
            return False
        labels |= found
    return "PERSON" not in labels and bool(labels - {""})


def person_names(analysis: Analysis, candidates: list[str]) -> list[str]:
    """Candidates that read as a person's name: two or three capitalised words, no body words."""
    out = []
    for name in candidates:
        words = name.split()
        if not 2 <= len(words) <= 3 or any(w.lower().strip(".,") in ORG_WORDS for w in words):
            continue
        if no_given_name(analysis, name):
            continue
        if _labelled_other(analysis, name):
            continue
        if any(w.isupper() and len(w.rstrip(".")) > 1 for w in words):
            continue
        if not words[0][1:].islower():
            continue
        if not all(w[:1].isupper() for w in words):
            continue
        out.append(name)
    return out


_REPORTED = re.compile(
    r"(?:[\s,]+[\w\u2019'.-]+){0,3}?\s+"
    rf"(?P<verb>{REPORTING_VERBS})"
    r"(?P<obj>(?:\s+(?!that\b)[\w\u2019'.-]+){0,8}?)\s+(?:that|dass)\s+"
    r"(?P<clause>[^\u201c\"]+)$"
)
_REPORTED_PLAIN = re.compile(
    rf"(?:[\s,]+[\w\u2019'.-]+){{0,3}}?\s+(?P<verb>{SAY_VERBS})\s+(?P<clause>[^\u201c\"]+)$"
)
_REPORTED_TIGHT = re.compile(_REPORTED.pattern.replace("{0,3}?", "{0,1}?", 1))
# "Prag (Tschechien), 27.04.2012 – " or "WASHINGTON — " before the first sentence's words.
_DATELINE_LEAD = re.compile(
    r"^(?=[^\u2013\u2014]{0,80}?(?:\d|[A-Z]{3,}))(?:[^.!?]|(?<=\d)\.(?=\d)){0,80}?\s[\u2013\u2014]\s+"
)
_THIS_SAID = re.compile(rf"^\W*(?:Dies|Das|So)\s+(?:{THIS_SAID_VERBS})\b")
_PRONOUN_START = re.compile(r"^(?:[A-Z]\w+,?\s+)?(?P<who>[Hh]e|[Ss]he)\b")


def reported_claims(
    analysis: Analysis, actors: list[ActorRecord], *, limit: int = 6, anyone: bool = False
) -> list[tuple[str, str, Span]]:
    """Indirect speech the text reports ('Okafor told his counterparts that ...'), no quotes.

    Returns (speaker, statement, sentence span); the statement is the reported clause as written,
    so it is grounded in the text; it is never rendered in quotation marks.
    """
    text = analysis.text
    out: list[tuple[str, str, Span]] = []
    for sentence in analysis.sentences:
        if sentence.credit or any(sentence.start <= a < sentence.end for a, _ in analysis.quoted):
            continue
        subjects: list[tuple[int, str, bool]] = []
        for actor in actors:
            if actor.kind == "person" or anyone:
                subjects += [
                    (e, actor.name, actor.kind == "person")
                    for s, e in actor.mentions
                    if sentence.start <= s < sentence.end
                    and text[e : e + 2] not in ("\u2019s", "'s")
                ]
        if _THIS_SAID.match(text[sentence.start : sentence.end]):
            # "Dies sagte Bürgermeisterin Ilse Brandt": the sentence before is what was said.
            prev = analysis.sentence(sentence.id - 1)
            named = sorted(
                (s, a.name)
                for a in actors
                if a.kind == "person" or anyone
                for s, _ in a.mentions
                if sentence.start <= s < sentence.end
            )
            if (
                prev is not None
                and named
                and not prev.credit
                and not any(prev.start <= a < prev.end for a, _ in analysis.quoted)
            ):
                said = _DATELINE_LEAD.sub("", text[prev.start : prev.end].strip())
                out.append((named[0][1], said, (prev.start, sentence.end)))
                if len(out) >= limit:
                    break
                continue
        if m := _PRONOUN_START.match(text[sentence.start : sentence.end]):
            who = antecedent(analysis, sentence.start, actors, {}, m.group("who"))
            if who:
                subjects.append((sentence.start + m.end("who"), who, True))
        # People first; a body or place counts only right before its verb ("Politifact then
        # pointed out that"), so "the U.S. Senate, Okafor told" stays Okafor's.
        for end, speaker, person in sorted(subjects, key=lambda x: (not x[2], x[0])):
            rest = text[end : sentence.end]
            if person:
                found = _REPORTED.match(rest) or _REPORTED_PLAIN.match(rest)
            else:
                found = _REPORTED_TIGHT.match(rest)
            if not found:
                continue
            clause = found.group("clause").strip()
            clause = re.split(r"\s+[\u2014\u2013]\s+|;\s", clause)[0].rstrip(" ,.")
            if len(clause.split()) >= 4:
                out.append(
                    (speaker, clause[0].upper() + clause[1:] + ".", (sentence.start, sentence.end))
                )
            break
        if len(out) >= limit:
            break
    return out
