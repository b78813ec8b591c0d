"""The analysis a reader comes for, built on the text's evidence: next events and
disagreements offered to the model as numbered candidates, chosen and labelled by id, then
checked; key actors found by the NLP pipeline and ranked by their weight in the story."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from briefing.evidence import guard, nlp
from briefing.evidence.attribution import (
    ActorRecord,
    evidence_speaker,
    find_mentions,
    match_actor,
    reported_claims,
    same_person,
)
from briefing.evidence.disputes import (
    DisputeCandidate,
    Statement,
    aimed_stances,
    denials,
    dispute_candidates,
    group_answers,
    object_stances,
    opposed_stances,
    relative_stances,
    speech_statements,
    stance_statements,
)
from briefing.evidence.dissent import (
    condemnations,
    contradictions,
    contrasted_clauses,
    denied_accounts,
    failing_stances,
    framed_dissent,
)
from briefing.evidence.events import EventCandidate, event_candidates, event_label, title_line
from briefing.evidence.grounding import Analysis
from briefing.evidence.lexicon import DANGLING_WORDS, OUTCOME_AGAINST, OUTCOME_FOR, STATE_VERBS
from briefing.models import ActorKind, Claim, Disagreement, Draft, Event, Side

MAX_EVENTS = 5
_KINDS: dict[str, ActorKind] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "country",
    "NORP": "group",
}


@dataclass
class Candidates:
    """What the evidence offers the model, numbered: E1… events, D1… disagreements."""

    events: list[EventCandidate] = field(default_factory=list)
    disputes: list[DisputeCandidate] = field(default_factory=list)

    def prompt(self, analysis: Analysis) -> str:
        """The candidate lists as the model reads them, after the article."""
        lines = []
        if self.events:
            lines.append("Candidate upcoming events (sentence; time words):")
            for e in self.events:
                when = f"; {e.when}" if e.when else ""
                lines.append(f"E{e.id}: [S{e.sentence}]{when}")
        if self.disputes:
            lines.append("Candidate disagreements (side 1 vs side 2, with their sentences):")
            for d in self.disputes:
                lines.append(
                    f"D{d.id}: {d.first.actor} [S{d.first.sentence}] vs "
                    f"{d.second.actor} [S{d.second.sentence}]"
                )
        return "\n".join(lines)


def key_entities(analysis: Analysis, people: list[ActorRecord]) -> list[ActorRecord]:
    """Organisations, countries and groups the story is about: named by the NLP pipeline,
    acting in the text (subject of a verb) or mentioned at least twice; places that only host
    ('in Vienna') are not actors, and people already known are not repeated."""
    found: dict[str, tuple[ActorKind, int]] = {}
    for ent in nlp.entities(analysis.text):
        kind = _KINDS.get(ent.label)
        name = re.sub(r"^(?:the|The)\s+", "", ent.text).replace("\u2019s", "").strip(" ,")
        if kind is None or len(name) < 2 or "\n" in name:
            continue
        if any(a <= ent.span[0] < b for a, b in analysis.credit_text):
            continue
        old_kind, acts = found.get(name, (kind, 0))
        found[name] = (old_kind, acts + ent.acts)
    out: list[ActorRecord] = []
    for name, (kind, acts) in sorted(found.items(), key=lambda x: -len(x[0])):
        if known(out, name):
            continue
        if known(people, name):
            # A person the evidence knows but who neither speaks nor recurs is still in the
            # story when the parse has them act ("Rakotovao filed a complaint").
            person = match_actor(people, name)
            if kind == "person" and acts and person is not None and not known(out, person.name):
                out.append(person)
            continue
        spans, forms = find_mentions(analysis, name)
        if not spans:
            continue
        if same := next((a for a in out if _acronym(a.name) == name), None):
            same.aliases.append(name)  # "OHOC" for the Organisation of Harbour Operating …
            same.mentions = sorted(set(same.mentions) | set(spans))
            continue
        if kind == "person":
            continue  # people come from the attribution evidence, which checks them
        elif not (acts or (kind == "organization" and len(spans) >= 2)):
            continue
        out.append(
            ActorRecord(
                name=name, kind=kind, mentions=spans, aliases=[f for f in forms if f != name]
            )
        )
    return out


def _acronym(name: str) -> str:
    """'Organisation of Harbour Operating Cities' -> 'OHOC'."""
    words = [w for w in name.split() if w[:1].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def known(actors: list[ActorRecord], name: str) -> bool:
    """Whether a name is already one of the actors (same name, or a name word they share)."""
    return match_actor(actors, name) is not None or any(
        a.name.casefold() == name.casefold() or name in a.aliases for a in actors
    )


def statements(
    analysis: Analysis, actors: list[ActorRecord], claims: list[tuple[str, tuple[int, int]]]
) -> list[Statement]:
    """Each actor's attested positions: attributed quotes and claims, and stance sentences."""
    out = []
    for speaker, span in claims:
        out.append(Statement(speaker, span, analysis.sentence_at(span[0]).id))
    mentions = {a.name: a.mentions for a in actors}
    out += stance_statements(analysis, mentions)
    out += speech_statements(analysis, mentions, actors)
    return out


def find_candidates(
    analysis: Analysis, actors: list[ActorRecord], *, published: str | None
) -> Candidates:
    """Event and disagreement candidates from the text alone (no model)."""
    claims: list[tuple[str, tuple[int, int]]] = []
    for q in analysis.quotes:
        who = evidence_speaker(analysis, q, actors)
        actor = match_actor(actors, who) if who else None
        if actor is not None:
            # every sentence of the quote is its speaker's: 'X: ... Y knows as much ...'
            claims += [
                (actor.name, (s.start, s.end))
                for s in analysis.sentences
                if s.id == q.sentence or (q.start <= s.start < q.end and not s.credit)
            ]
    claims += [(who, span) for who, _, span in reported_claims(analysis, actors, anyone=True)]
    weight = {a.name: len(a.mentions) for a in actors}
    mentions = {a.name: a.mentions for a in actors}
    said = statements(analysis, actors, claims)
    disputes = dispute_candidates(
        analysis,
        said,
        same=same_person,
        weight=weight,
        mentions=mentions,
        aimed=aimed_stances(analysis, mentions, actors)
        + group_answers(analysis, said, mentions)
        + framed_dissent(analysis, said, mentions, actors, same=same_person)
        + condemnations(analysis, said, mentions, same=same_person),
        opposed=opposed_stances(
            object_stances(analysis, mentions, actors) + failing_stances(analysis, said)
        )
        + denials(analysis, said, mentions, actors, same=same_person)
        + relative_stances(analysis, mentions, actors)
        + contradictions(analysis, said, same=same_person)
        + contrasted_clauses(analysis, mentions)
        + denied_accounts(analysis, said, mentions, same=same_person),
    )
    return Candidates(event_candidates(analysis, published=published), disputes)


def schema_part(cands: Candidates) -> dict[str, Any]:
    """JSON-schema properties for the picks: ids limited to the candidates offered."""
    return {
        "events": {
            "type": "array",
            "minItems": len(cands.events),
            "maxItems": len(cands.events),
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "what"],
                "properties": {
                    "id": {"type": "integer", "enum": [e.id for e in cands.events] or [0]},
                    "what": {"type": "string", "maxLength": 80},
                },
            },
        },
        "disagreements": {
            "type": "array",
            "maxItems": len(cands.disputes),
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "topic", "position_1", "position_2"],
                "properties": {
                    "id": {"type": "integer", "enum": [d.id for d in cands.disputes] or [0]},
                    "topic": {"type": "string", "maxLength": 80},
                    "position_1": {"type": "string", "maxLength": 90},
                    "position_2": {"type": "string", "maxLength": 90},
                },
            },
        },
    }


def _actors_in(analysis: Analysis, span: tuple[int, int], actors: list[ActorRecord]) -> list[str]:
    return [a.name for a in actors if any(span[0] <= s < span[1] for s, _ in a.mentions)]


_CONTENT = re.compile(r"[^\W\d_]{4,}")
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")


def _foreign(written: str, source: str) -> bool:
    """Whether a model's text has letters of a script the source never uses (a stray character,
    'Bár\u5854'): such a text is not the source's words. Letters of the source's own scripts
    are fine, so a briefing in another language of the same script ('ü', 'ß') is too."""
    scripts = {_script(ch) for ch in set(source) if ch.isalpha()}
    return any(ch.isalpha() and _script(ch) not in scripts for ch in written)


def _script(ch: str) -> str:
    """The script of a letter, from its Unicode name ('LATIN', 'CYRILLIC', 'CJK', ...)."""
    return unicodedata.name(ch, "UNKNOWN").split()[0]


def _tells(label: str, sentence: str) -> bool:
    """Whether a label tells what its own sentence says: every name in it (the parse's, and
    any capitalised word or acronym past the first) is written in that sentence, and one of its
    lower-case content words shares its stem with a word of the sentence. A label that is true
    of another sentence ("X praised Y" on a sentence about a meeting) is not its event's."""
    lowered = sentence.casefold()
    if _foreign(label, sentence):
        return False
    names = [n for found in (nlp.names_in(label) or []) for n in found.split()]
    names += _CAPITAL.findall(label) + _ACRONYM.findall(label)
    for name in names:
        word = name.replace("\u2019s", "").replace("'s", "").strip(".,")
        if word and word.casefold() not in lowered:
            return False
    stems = {w.casefold()[:4] for w in _CONTENT.findall(sentence)}
    first = label.split()[0].strip(".,:;") if label.split() else ""
    if first[:1].isupper() and first.casefold() not in _SMALL and first.casefold()[:4] not in stems:
        return False  # sentence case hides whether the first word is a name: its sentence decides
    # What happens is in the label's lower-case words (the names are checked above).
    content = [w for w in _CONTENT.findall(label) if w.islower() and w not in _SMALL]
    return not content or any(w[:4] in stems for w in content)


def build_events(
    draft: Draft,
    cands: Candidates,
    analysis: Analysis,
    actors: list[ActorRecord],
    warnings: list[str],
) -> list[Event]:
    """Every event candidate, labelled by the model where its label holds (else by its own
    words), with its sentence as evidence and the date its time words give.

    The evidence decides which sentences are events: measured on the dev set, the small model's
    own choice kept fewer than half of the events the rules find, at the same precision."""
    labels: dict[int, str] = {}
    for pick in draft.events:
        if pick.id in labels or pick.id not in {c.id for c in cands.events}:
            warnings.append(f"event label for E{pick.id} ignored: not a candidate or a repeat")
            continue
        what = " ".join(pick.what.split())
        # a label the model cut off ('... will be answered in the officer's…', 'with the first
        # meeting set to', 'early in 20') tells no event
        labels[pick.id] = "" if what.endswith(_CUT) or _dangles(what) else what.rstrip(".")
    out: list[Event] = []
    for c in cands.events[:MAX_EVENTS]:
        sentence = analysis.text[c.span[0] : c.span[1]]
        what = labels.get(c.id, "")
        if _cut_in_a_word(what, sentence):
            what = ""
        if not _supported(what, sentence, analysis, actors) or not _tells(what, sentence):
            what = (None if _opens_with_quote(c, analysis) else event_label(analysis, c)) or (
                _own_words(c, analysis)
            )
        out.append(
            Event(
                description=what,
                when=c.when,
                date=c.date,
                actors=list(dict.fromkeys(_actors_in(analysis, c.span, actors)))[:4],
                evidence_span=c.span,
                evidence=" ".join(sentence.split()),
            )
        )
    out.sort(key=lambda ev: (ev.date is None, ev.date or ""))
    return out


def _opens_with_quote(c: EventCandidate, analysis: Analysis) -> bool:
    """A sentence that opens with a quote and tells its event after it ('"...," Berg said,
    ahead of a council vote on Friday')."""
    opens = any(c.span[0] <= a <= c.span[0] + 2 for a, _ in analysis.quoted)
    return opens and c.cue_at is not None and c.cue_at > c.span[0] + 20


def _own_words(c: EventCandidate, analysis: Analysis) -> str:
    """An event in its sentence's words when the parse gives no clause: a sentence that opens
    with a quote is told from the cue on ('ahead of a meeting ...'); any other from its start,
    so the label has its subject."""
    own = c.cue_at if _opens_with_quote(c, analysis) and c.cue_at is not None else c.span[0]
    return clause_cut(analysis.text[own : c.span[1]])


def build_disagreements(
    draft: Draft,
    cands: Candidates,
    analysis: Analysis,
    actors: list[ActorRecord],
    warnings: list[str],
    *,
    own_words: bool = False,
) -> list[Disagreement]:
    """The chosen disagreement candidates: two sides, each with actors and evidence.

    own_words (the small embedded model): each side's position is its attested sentence, not
    the model's label; measured on the reference article, the 1.5B model gave a defence
    secretary the position of the ministers who opposed him."""
    by_id = {d.id: d for d in cands.disputes}
    out: list[Disagreement] = []
    seen: set[int] = set()
    for pick in draft.disagreements:
        c = by_id.get(pick.id)
        if c is None or pick.id in seen:
            warnings.append(f"dropped disagreement D{pick.id}: not a candidate")
            continue
        sides = []
        for st, position in ((c.first, pick.position_1), (c.second, pick.position_2)):
            sentence = analysis.text[st.span[0] : st.span[1]]
            if own_words or not _supported(position, sentence, analysis, actors):
                position = clause_cut(sentence)
            sides.append(
                Side(
                    actors=[st.actor],
                    position=position,
                    evidence_span=st.span,
                    evidence=" ".join(sentence.split()),
                )
            )
        seen.add(pick.id)
        topic = " ".join(pick.topic.split())
        both = " ".join(side.evidence or "" for side in sides)
        is_name = any(topic.casefold() in (a.name.casefold(), *map(str.casefold, a.aliases))
                      for a in actors)  # fmt: skip
        if not topic or is_name or not _supported(topic, both, analysis, actors):
            topic = f"{c.first.actor} and {c.second.actor}"  # a name is no topic
        out.append(Disagreement(topic=topic, sides=sides))
    return out


_NUMBER = re.compile(r"\d[\d.,]*")
_CAPITAL = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z\u00e0-\u00ff]+\b")


def _supported(label: str, sentence: str, analysis: Analysis, actors: list[ActorRecord]) -> bool:
    """A model's label holds when its numbers are in its sentence and every name in it is an
    actor or a word of the article."""
    if not label.strip():
        return False
    if any(n.strip(".,") not in sentence for n in _NUMBER.findall(label)):
        return False
    for word in _CAPITAL.findall(label):
        if word not in analysis.text:
            return False
    return True


_CUT = ("\u2026", "...")
_BOUNDARY = re.compile(r"[,;:](?=\s)|\s[\u2013\u2014-]\s")
_MIN_CLAUSE = 6


def clause_cut(sentence: str, *, limit: int = 24) -> str:
    """A sentence as a label: whole when it has at most limit words, else up to its last
    clause boundary (a comma, semicolon, colon or dash) within the limit. Never cut inside a
    clause and never marked with '…': with no boundary in reach, the whole sentence."""
    text = " ".join(sentence.split())
    if len(text.split()) <= limit:
        return text
    ends = [
        m.start()
        for m in _BOUNDARY.finditer(text)
        if _MIN_CLAUSE <= len(text[: m.start()].split()) <= limit
    ]
    if not ends:
        return text
    cut = text[: ends[-1]].rstrip()
    return cut + "\u201d" if cut.count("\u201c") > cut.count("\u201d") else cut


def within(cands: Candidates, analysis: Analysis, upto: int) -> Candidates:
    """The candidates the lead (sentences 1 to upto) holds: the model reads only those."""
    return Candidates(
        [e for e in cands.events if e.sentence <= upto],
        [d for d in cands.disputes if max(d.first.sentence, d.second.sentence) <= upto],
    )


_WORDS_IN_FRAGMENT = 4


def fold_fragments(claims: list[Claim], analysis: Analysis) -> list[Claim]:
    """A few words quoted inside a sentence ('the ceasefire was "durable," she said') are no
    quote a reader can use alone: the claim shows the whole sentence, quote marks and all."""
    out = []
    for c in claims:
        if c.quote is None or c.quote_span is None or c.evidence_span is None:
            out.append(c)
            continue
        a, b = c.evidence_span
        sentence = analysis.text[a:b]
        inner = len(c.quote.split()) <= _WORDS_IN_FRAGMENT and len(sentence) > len(c.quote) + 30
        if inner:
            c = c.model_copy(update={"statement": " ".join(sentence.split()), "fragment": True})
        out.append(c)
    return out


_DATELINE = re.compile(r"^[^.!?\n]{0,60}?\s[\u2013\u2014-]\s+(?=[A-Z\u00c0-\u00de])")


_SUMMARY_MAX = 3
_YEARS = re.compile(r"\b(?:19|20)\d{2}\b")


def summary_from(ids: list[int], analysis: Analysis, *, published: str | None = None) -> str:
    """The news first: the lead (the first sentence of prose), then the chosen sentences in
    article order, 2 or 3 in all; headings, credits and date lines dropped. A sentence about
    earlier years only ('In 1998, a crane fell ...') is background, left out unless the lead is
    about those years too; too few chosen: the next sentences of prose that are no
    background."""
    prose = [s for s in analysis.sentences if _prose(analysis.text[s.start : s.end], s.credit)]
    if not prose:
        return ""
    lead, later = prose[0], prose[1:]
    year = _publication_year(analysis, published)
    lead_years = set(_YEARS.findall(analysis.text, lead.start, lead.end))

    def background(s: Any) -> bool:
        years = set(_YEARS.findall(analysis.text, s.start, s.end))
        past = bool(years) and year is not None and all(int(y) < year for y in years)
        return past and not years & lead_years

    rest = [s for s in later if s.id in set(ids) and not background(s)]
    if not rest:
        rest = [s for s in later if not background(s)][:1]
    chosen = [lead] + rest[: _SUMMARY_MAX - 1]
    parts = [_DATELINE.sub("", " ".join(analysis.text[s.start : s.end].split())) for s in chosen]
    return " ".join(p for p in parts if p)


def _publication_year(analysis: Analysis, published: str | None) -> int | None:
    """The year of publication: the given date's, else the article's own date line's."""
    from briefing.evidence.dates import dateline

    found = published or dateline(analysis.text)
    return int(found[:4]) if found and found[:4].isdigit() else None


def _prose(text: str, credit: bool) -> bool:
    """A sentence of the story: it closes with sentence punctuation (a page's title and its
    'Published: ...' line do not) and is no credit, title-case headline or date line."""
    end = text.rstrip().rstrip("\u201d\u2019\"')]")[-1:]
    return end in {".", "!", "?", "\u2026"} and not (
        credit or title_line(text) or len(text.split()) < 5
    )


_SMALL = {"the", "a", "an", "as", "in", "on", "at", "of", "for", "to", "and", "but", "new"}


def checked_headline(
    headline: str,
    title: str | None,
    analysis: Analysis,
    actors: list[ActorRecord],
    warnings: list[str],
) -> str:
    """The model's headline if every name in it is an actor or a word of the article and each
    name it makes a subject acts so in the article, with no stray leading 'The'; else the
    source's own title; else the first sentence, whole."""
    text = " ".join(headline.split()).strip().lstrip(":;,.\u2013\u2014- ")
    if text.endswith(_CUT) or _dangles(text):
        warnings.append(f"headline {text!r} is cut off: replaced")
    elif _foreign(text, analysis.text):
        warnings.append(f"headline {text!r} has letters the article never uses: replaced")
    elif not _names_hold(text, analysis, actors):
        warnings.append(f"headline {text!r} names someone the article does not: replaced")
    elif (outcome := _opposite_outcome(text, analysis)) is not None:
        warnings.append(f"headline {text!r} says {outcome!r}, the article the opposite: replaced")
    elif (doer := _misplaced_subject(text, analysis)) is not None:
        warnings.append(
            f"headline {text!r} makes {doer!r} the subject of what the article does not say "
            "they did: replaced"
        )
    else:
        return _no_stray_the(text, analysis)
    title = title or _posted_title(analysis.text)
    if title and _names_hold(title, analysis, actors):
        return " ".join(title.split())
    return first_sentence(analysis)


def _cut_in_a_word(label: str, sentence: str) -> bool:
    """Whether a label ends inside a word of its sentence ('early in 20' of 'early in 2016',
    'under U' of 'under U.S. law'): its last word only begins one of the sentence's words."""
    words = label.rstrip(" .!?,;:").split()
    if not words:
        return False
    strip = ".,;:!?\"'()\u201c\u201d\u2019"
    last = words[-1].strip(strip)
    whole = {w.strip(strip) for w in sentence.split()}
    return bool(last) and last not in whole and any(w.startswith(last) for w in whole)


def _dangles(text: str) -> bool:
    """Whether a headline stops on a word nothing ends on ('... urging them to be'): cut off."""
    words = text.rstrip(" .!?").split()
    return bool(words) and words[-1].lower() in DANGLING_WORDS


def first_sentence(analysis: Analysis) -> str:
    """The article's first sentence of prose, whole and without its date line."""
    prose = [s for s in analysis.sentences if _prose(analysis.text[s.start : s.end], s.credit)]
    chosen = prose[:1] or analysis.sentences[:1]
    return " ".join(
        _DATELINE.sub("", " ".join(analysis.text[s.start : s.end].split())) for s in chosen
    )


def _misplaced_subject(headline: str, analysis: Analysis) -> str | None:
    """Who a headline wrongly makes the subject of its verb; None when no one (or there is no
    parse: German, or no model). Two kinds of evidence count, both from the parse:
    - a name the headline makes a subject that the article never makes the subject of anything,
      unless a subject it is part of did what the headline says ('the council of Springfield
      approved' bears out 'Springfield approves'; 'the U.S. president stunned allies' does not
      bear out 'the U.S. pushes for talks');
    - the headline's verb done, in the article, by someone else named or described ('the
      authority offered 3.5 per cent, while the union is demanding 7': the union never offered)
      and never by this subject. A clause joined with its own subject is that subject's.
    A paraphrase with a verb the article does not use is not held against the headline."""
    head = nlp.parse(headline)
    doc = nlp.parse(analysis.text)
    if head is None or doc is None:
        return None
    subjects = [t for t in doc if _is_subject(t) and t.pos_ in {"NOUN", "PROPN"}]
    for tok in head:
        named = tok.ent_type_ in nlp.NAMES or tok.pos_ == "PROPN"
        if not _is_subject(tok) or not (named or tok.pos_ == "NOUN"):
            continue
        verb = tok.head.head if tok.dep_ == "conj" else tok.head
        if verb.dep_ == "ccomp":
            continue  # what someone is reported to say ('X says the U.S. will lead'): their claim
        if verb.lemma_ in STATE_VERBS or _quoted_in(verb, headline):
            continue  # 'A lesson from X: "Be the voice ..."': no deed, or a quoted title
        if verb.tag_ == "VBN" or (tok.ent_type_ not in nlp.NAMES and verb.tag_ == "VBD"):
            continue  # 'Journalists Arrested for ...': a headline's passive without its 'are'
        verbs = {str(verb.lemma_).casefold()}  # what the headline says this subject did
        name = next((str(e.text) for e in head.ents if e.start <= tok.i < e.end), str(tok.text))
        words = {w.casefold() for w in re.findall(r"[\w\-]+", name) if w[:1].isupper()}
        words |= {str(tok.lemma_).casefold(), str(tok.text).casefold()}
        acting = [t for t in subjects if _names(t, words)]
        if named and not acting:
            # Only inside a subject ('the council of Springfield approved'): the headline may
            # say 'Springfield approves' when that subject did what the headline says.
            inside = [t for t in subjects if any(_names(w, words) for w in t.subtree)]
            if not any(verbs & _clause_verbs(t) for t in inside):
                return name
            continue
        others = [t for t in subjects if not _names(t, words) and verbs & _clause_verbs(t)]
        if others and not any(verbs & _clause_verbs(t) for t in acting):
            return name
    return None


def _quoted_in(tok: Any, text: str) -> bool:
    """Whether a token stands inside quotation marks of the text."""
    before = text[: tok.idx]
    return (
        before.count('"') % 2 == 1
        or before.count("\u201c") > before.count("\u201d")
        or (re.search(r"(?:^|[\s:])'[^']*$", before) is not None)
    )


_OUTCOME = re.compile(
    rf"\b(?:(?P<pro>{OUTCOME_FOR})|(?P<con>{OUTCOME_AGAINST}))\s+(?:the\s+)?(?P<who>[\w\-]+)",
    re.IGNORECASE,
)


def _opposite_outcome(headline: str, analysis: Analysis) -> str | None:
    """The outcome a headline gives the wrong way round: 'X rules in favour of Y' where the
    sentences with that verb (its stem: 'rules', 'ruled') and Y say 'against Y' (or the
    reverse), and none says it the headline's way. None when the article bears it out or
    never says."""
    for m in _OUTCOME.finditer(headline):
        before = re.findall(r"[\w\-]+", headline[: m.start()])
        if not before:
            continue
        stem = before[-1].casefold()[:4]
        pro, who = m["pro"] is not None, m["who"].casefold()
        same = other = False
        for n in _OUTCOME.finditer(analysis.text):
            words = re.findall(r"[\w\-]+", analysis.text[max(0, n.start() - 30) : n.start()])
            if n["who"].casefold() != who or not words or words[-1].casefold()[:4] != stem:
                continue
            same |= (n["pro"] is not None) == pro
            other |= (n["pro"] is not None) != pro
        if other and not same:
            return m.group()
    return None


def _is_subject(tok: Any) -> bool:
    """A subject, or one joined to a subject with 'and' ('Britain and France said')."""
    return bool(tok.dep_ in nlp.SUBJECTS or (tok.dep_ == "conj" and tok.head.dep_ in nlp.SUBJECTS))


def _names(tok: Any, words: set[str]) -> bool:
    """Whether a token, or the entity it is part of, is written with one of a name's words."""
    span = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    forms = [tok.text, tok.lemma_] if span is None else [w.text for w in span]
    return any(str(f).casefold() in words for f in forms)


_CLAUSES = {"ccomp", "advcl", "conj", "parataxis", "relcl", "acl", "csubj"}


def _clause_verbs(subject: Any) -> set[str]:
    """The verbs of a subject's own clause: its verb and what hangs on it, short of any
    clause with a subject of its own (reported speech, 'while the union is demanding ...')."""
    verb = subject.head.head if subject.dep_ == "conj" else subject.head
    found: set[str] = set()
    stack = [verb]
    while stack:
        tok = stack.pop()
        if tok.pos_ == "VERB":
            found.add(str(tok.lemma_).casefold())
        for child in tok.children:
            if child.dep_ in _CLAUSES and any(c.dep_ in nlp.SUBJECTS for c in child.children):
                continue
            stack.append(child)
    return found


_POSTED = re.compile(r"^\W*The post (.{10,200}?) appeared first on \S.*$", re.MULTILINE)


def _posted_title(text: str) -> str | None:
    """The title a feed's footer gives ('The post <title> appeared first on <site>.'), when the
    page itself gave none: the publisher's own headline, left out when it reads as an
    instruction."""
    m = _POSTED.search(text)
    return None if m is None or guard.instructs(m.group(1)) else m.group(1).strip()


def _names_hold(text: str, analysis: Analysis, actors: list[ActorRecord]) -> bool:
    """Whether every name in a headline is the article's: the NLP pipeline finds the names
    (people, bodies, places, groups), so a title-case headline's ordinary words ('Clash',
    'Victory') are not taken for names. German text has no parse: its capitalised nouns are
    left alone, and the guard's checks still apply."""
    if nlp.is_german(analysis.text):
        return True
    names = nlp.names_in(text) or []
    if not title_line(text):
        # In sentence case a capitalised word past the first is a name, found by the parse
        # or not ("Governor Hale ends strike").
        names += [w for w in text.split()[1:] if w[:1].isupper()]
    lowered = analysis.text.casefold()
    for name in names:
        # A name holds when one of its words is the article's ("Tomas Lind Claims": a
        # title-case headline runs a verb into the name); an invented name has none.
        words = re.findall(r"[\w\-]+", name.replace("\u2019s", "").replace("'s", ""))
        words = [w for w in words if w[:1].isupper() and w.lower() not in _SMALL]
        if words and not any(
            w.casefold() in lowered or match_actor(actors, w) is not None for w in words
        ):
            return False
    return True


def _no_stray_the(headline: str, analysis: Analysis) -> str:
    """'The Riverton bus drivers vote' -> 'Riverton bus drivers vote' when the article writes
    the name without 'the'; 'The U.S. president' keeps it."""
    m = re.match(r"The\s+([A-Z][\w\-]+)", headline)
    if not m:
        return headline
    name = m.group(1)
    text = analysis.text
    bare = re.findall(rf"(?<![\w-])(\w+\s+)?{re.escape(name)}(?![\w-])", text)
    if bare and not any(b.strip().lower() == "the" for b in bare):
        return headline[4:]
    return headline


def rank_actors(
    actors: list[ActorRecord], analysis: Analysis, claims: list[Claim], headline: str
) -> list[ActorRecord]:
    """By weight in the story, not order of appearance: what they say, how often and how early
    they are named, and whether the headline names them."""
    said: dict[str, int] = {}
    for c in claims:
        if c.speaker is not None:
            said[c.speaker] = said.get(c.speaker, 0) + 1
    lead_end = analysis.sentences[min(2, len(analysis.sentences) - 1)].end

    def weight(a: ActorRecord) -> float:
        early = any(s < lead_end for s, _ in a.mentions)
        in_headline = bool(a.tokens & {w.strip(".,:;").lower() for w in headline.split()})
        w = 4 * said.get(a.name, 0) + min(len(a.mentions), 6) + 2 * early + 3 * in_headline
        # A place or a group is the setting more often than an actor in it.
        return w * (1.0 if a.kind in ("person", "organization") else 0.5)

    return sorted(actors, key=weight, reverse=True)
