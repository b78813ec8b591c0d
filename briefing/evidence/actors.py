"""The actors list as a reader accepts it: whole names, right kinds, one entry per actor, roles.

Checked against the parse, after the pipeline has gathered actors from cues, entities and
names (`reader_actors`):
- an organisation the lead names as a party to its news (subject or object of a verb of its
  first sentences) is an actor even when nobody from it is quoted;
- a name the parse reads only inside a longer product, event, work, law, facility or location
  ('Time Person' of 'Time Person of the Year') is no actor; nor one it labels only so;
- a name that runs past its entity on the left ('Besides Centerview', 'Democrat Hillary
  Clinton') is cut to the entity ('Centerview', 'Hillary Clinton');
- the kind follows the parse's label where most mentions agree (a PERSON is no country);
- a publication or broadcaster that is only the medium of someone's words ('told CBC News',
  'according to the Daily Ledger') is a source, not an actor;
- an unclosed bracket is cut off ('World Trade Organization (WTO' -> its name, 'WTO' an alias);
- a person named by the surname alone beside the full name, after it, is the same actor;
- the role is the title written before the name or, where that is only an honorific ('Dr.'),
  the apposition after it ('Ann Lee, the cooperative's chair,').
Speakers keep their names (claims refer to them); the rest may be renamed or dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from briefing.evidence import nlp
from briefing.evidence.attribution import ActorRecord
from briefing.evidence.grounding import RUN_TOGETHER, Analysis, Span, mention_spans
from briefing.evidence.lexicon import HONORIFICS, MEDIUM_AFTER, MEDIUM_BEFORE, TITLE_WORDS
from briefing.models import ActorKind

# Entity labels of things and places that are never actors ('the Champions League', 'Falcon 9',
# 'the Affordable Care Act', 'Heathrow', 'the Alps'); a "work of art" that is the subject of a
# verb is let through: the small English model labels companies so ('Acme Water sued').
_NOT_ACTORS = frozenset({"PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "FAC", "LOC", "LANGUAGE"})
_KIND_OF: dict[str, ActorKind] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "country",
    "NORP": "group",
}
_ROLE_WORDS = 10


def reader_actors(
    analysis: Analysis, actors: list[ActorRecord], speakers: set[str | None]
) -> tuple[list[ActorRecord], dict[str, str]]:
    """The actors a reader accepts, and the renames made (old name -> new), for the claims."""
    doc = nlp.parse(analysis.text)
    renames: dict[str, str] = {}
    out: list[ActorRecord] = []
    if doc is not None:
        actors = actors + _lead_bodies(doc, analysis, actors)
    for actor in actors:
        _cut_bracket(actor)
        if actor.name not in speakers and actor.kind != "person" and _medium(analysis, actor):
            continue
        if doc is not None and actor.name not in speakers:
            if _inside_thing(doc, analysis, actor):
                continue
            _trim_to_entity(doc, analysis, actor)
            if RUN_TOGETHER.search(actor.name):
                continue  # two phrases the parse ran into one name
        if doc is not None:
            _kind_from_parse(doc, analysis, actor)
            actor.role = _role(doc, analysis, actor)
        if actor.name not in speakers and actor.kind == "country":
            if _only_a_place(analysis, actor):
                continue
        if actor.name not in speakers and _one_member(actor):
            continue  # 'the top Democrat on the committee': a word of a title, no group
        out.append(actor)
    if doc is not None:
        bodies = {
            _bare(e.text)
            for e in doc.ents
            if e.label_ == "ORG" and " " in e.text and not RUN_TOGETHER.search(_bare(e.text))
        }
        for actor in out:
            if (whole := _whole_body(bodies, actor)) is not None:
                renames[actor.name] = whole
                actor.aliases = list(dict.fromkeys([*actor.aliases, actor.name]))
                actor.name = whole
    for short in list(out):
        if (full := _full_form(analysis, short, out)) is not None:
            _merge(full, short)
            renames[short.name] = full.name
            out.remove(short)
    return _one_per_name(out, speakers), renames


def _merge(into: ActorRecord, other: ActorRecord) -> None:
    into.mentions = sorted(set(into.mentions) | set(other.mentions))
    into.aliases = list(dict.fromkeys(a for a in [*into.aliases, other.name] if a != into.name))


def _one_per_name(actors: list[ActorRecord], speakers: set[str | None]) -> list[ActorRecord]:
    """One entry per name (two bodies renamed to the same whole name are one); a body named as
    a person's title is the body the title names ('State Department Spokesperson' of Jeff
    Rathke -> 'State Department')."""
    roles = {a.role.casefold() for a in actors if a.kind == "person" and a.role}
    out: dict[str, ActorRecord] = {}
    for actor in actors:
        key = actor.name.casefold()
        if actor.kind != "person" and key in roles and actor.name not in speakers:
            words = actor.name.split()
            while words and words[-1].lower() in TITLE_WORDS:
                words.pop()
            if not words:
                continue
            actor.name, key = " ".join(words), " ".join(words).casefold()
        if key in out:
            _merge(out[key], actor)
        else:
            out[key] = actor
    return list(out.values())


_LEAD_SENTENCES = 2
# A dateline: a place in capitals before a dash or comma ('AMSTERDAM —', 'LA CROSSE, Wisc. —').
_DATELINE = re.compile(r"[A-Z][A-Z .'\-]+(?:,[^\n\u2014\u2013]{0,20})?\s*[\u2014\u2013-]")


def _lead_bodies(doc: Any, analysis: Analysis, actors: list[ActorRecord]) -> list[ActorRecord]:
    """Organisations the lead names as a party to its news ('Acme sued the Wessex Water
    Authority'): the subject or object of a verb of the first sentences, outside quotes, even
    when nobody from them is quoted and they are named once."""
    lead = [s for s in analysis.sentences if not s.credit][:_LEAD_SENTENCES]
    if not lead:
        return []
    end = lead[-1].end
    known = {a.name.casefold() for a in actors} | {x.casefold() for a in actors for x in a.aliases}
    out: list[ActorRecord] = []
    for ent in doc.ents:
        # (The small English model often labels a company that acts a work of art.)
        body = ent.label_ == "ORG" or (ent.label_ == "WORK_OF_ART" and ent.root.dep_ == "nsubj")
        if (
            not body
            or ent.start_char >= end
            or any(a <= ent.start_char < b for a, b in analysis.quoted)
        ):
            continue
        if _DATELINE.match(analysis.text, ent.start_char):
            continue  # 'AMSTERDAM — ...': where the story was filed
        name = _bare(ent.text)
        party = ent.root.dep_ in ("nsubj", "dobj", "nsubjpass", "agent") or (
            ent.root.dep_ == "pobj" and ent.root.head.head.pos_ == "VERB"
        )
        if party and len(name) > 1 and name.casefold() not in known:
            known.add(name.casefold())
            mentions = mention_spans(analysis.text, name)
            out.append(ActorRecord(name=name, kind="organization", mentions=mentions))
    return out


def _cut_bracket(actor: ActorRecord) -> None:
    """'World Trade Organization (WTO' -> the name and its alias; "Sheriff's" -> 'Sheriff'."""
    actor.name = re.sub(r"['\u2019]s?$", "", actor.name)
    m = re.fullmatch(r"(.+?)\s*\(([^()]*)$", actor.name)
    if m:
        actor.name = m.group(1).strip()
        if m.group(2).strip():
            actor.aliases = list(dict.fromkeys([*actor.aliases, m.group(2).strip()]))


def _ents_over(doc: Any, span: Span) -> list[Any]:
    return [e for e in doc.ents if e.start_char < span[1] and span[0] < e.end_char]


def _full_mentions(analysis: Analysis, actor: ActorRecord) -> list[Span]:
    credits = analysis.credit_text
    return [
        s
        for s in mention_spans(analysis.text, actor.name)
        if not any(a <= s[0] < b for a, b in credits)
    ]


_MEDIUM_BEFORE = re.compile(rf"\b(?:{MEDIUM_BEFORE})\s+(?:the\s+)?$", re.IGNORECASE)
_MEDIUM_AFTER = re.compile(rf"^(?:['\u2019]s)?\s+(?:{MEDIUM_AFTER})\b")


def _medium(analysis: Analysis, actor: ActorRecord) -> bool:
    """Whether every mention is the medium of someone's words ('told CBC News'), not an actor."""
    text = analysis.text
    spans = [s for form in [actor.name, *actor.aliases] for s in mention_spans(text, form)]
    return bool(spans) and all(
        _MEDIUM_BEFORE.search(text[max(0, a - 40) : a]) or _MEDIUM_AFTER.match(text[b : b + 30])
        for a, b in spans
    )


# Before a place named only as a location: a preposition of place ('in Evansville', 'resident
# of Evansville'), or another place in an address ('Evansville, Indiana, United States').
_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|from|near|across|throughout|around|outside|inside|to|into|of)\s+(?:the\s+)?"
    r"|[A-Z][a-z]+,\s+)$",
    re.IGNORECASE,
)
# A dateline: the place opens its paragraph and a comma or dash follows ('Evansville, Indiana —').
_DATELINE_PLACE = re.compile(r"(?:^|\n)[ \t]*$")


def _one_member(actor: ActorRecord) -> bool:
    """A group named by one singular word ('Democrat', 'Afghan'): a member's label or an
    adjective, cut from a longer phrase; a group that acts is plural ('Democrats')."""
    return actor.kind == "group" and " " not in actor.name and not actor.name.endswith("s")


def _only_a_place(analysis: Analysis, actor: ActorRecord) -> bool:
    """Whether a place is only where things happen ('an exhibit in Evansville', 'fled from
    Myanmar', a dateline): every mention a location, none a party that acts."""
    text = analysis.text
    spans = [s for form in [actor.name, *actor.aliases] for s in mention_spans(text, form)]
    return bool(spans) and all(_located(text, a, b) for a, b in spans)


def _located(text: str, a: int, b: int) -> bool:
    before = text[max(0, a - 20) : a]
    if _DATELINE_PLACE.search(before) and text[b : b + 1] in (",", "\u2014", "\u2013"):
        return True
    return bool(_LOCATIVE.search(before))


def _inside_thing(doc: Any, analysis: Analysis, actor: ActorRecord) -> bool:
    """Whether most mentions are part of a product, event, work or place, or only such."""
    spans = _full_mentions(analysis, actor)
    if not spans:
        return False
    things = 0
    for span in spans:
        ents = _ents_over(doc, span)
        acting = any(e.label_ == "WORK_OF_ART" and e.root.dep_ == "nsubj" for e in ents)
        if ents and not acting and all(e.label_ in _NOT_ACTORS for e in ents):
            things += 1
    return things * 2 > len(spans)


def _trim_to_entity(doc: Any, analysis: Analysis, actor: ActorRecord) -> None:
    """'Besides Centerview' -> 'Centerview' where every mention's entity starts later (a title
    cut off stays the actor's role)."""
    spans = _full_mentions(analysis, actor)
    inner: set[str] = set()
    for span in spans:
        ents = [e for e in _ents_over(doc, span) if e.label_ in _KIND_OF]
        if len(ents) != 1 or ents[0].end_char != span[1] or ents[0].start_char <= span[0]:
            return
        inner.add(ents[0].text)
    if len(inner) == 1 and (name := inner.pop()) != actor.name:
        actor.aliases = [a for a in actor.aliases if a != name]
        actor.name = name


# A given name, middle initials and a surname, a generation after it: a person's name.
_PERSON_SHAPE = re.compile(
    r"[A-Z][a-z]+(?:\s+[A-Z]\.)+\s+[A-Z][\w'\u2019\-]+(?:,?\s+(?:Jr\.|Sr\.|II|III|IV))?"
)


def _kind_from_parse(doc: Any, analysis: Analysis, actor: ActorRecord) -> None:
    labels: Counter[str] = Counter()
    for span in _full_mentions(analysis, actor):
        for e in _ents_over(doc, span):
            # Only an entity that holds the whole name: 'Canada' in 'Environment Canada' does
            # not make the department a country.
            if e.label_ in _KIND_OF and e.start_char <= span[0] and span[1] <= e.end_char:
                labels[e.label_] += 1
    if _PERSON_SHAPE.fullmatch(actor.name):
        actor.kind = "person"  # the small model reads 'Vann R. Newkirk II' as a body
        return
    if not labels:
        return
    label, count = labels.most_common(1)[0]
    if count * 3 >= sum(labels.values()) * 2:
        actor.kind = _KIND_OF[label]
    elif labels["ORG"] and labels["GPE"] and actor.kind == "country":
        actor.kind = "organization"  # read as a body at some mentions and a place at others


def _full_form(
    analysis: Analysis, short: ActorRecord, actors: list[ActorRecord]
) -> ActorRecord | None:
    """The one person whose full name ends with this one-word name ('Okafor'), whatever kind
    the short name was given."""
    if " " in short.name:
        return None
    longer = [
        a
        for a in actors
        if a is not short and a.kind == "person" and a.name.split()[-1] == short.name
    ]
    if len(longer) != 1 or not short.mentions:
        return None
    # News names a person in full first: a surname used before the full name appears is
    # someone else ('President Reyes' ... later 'Carmen Reyes').
    full = _full_mentions(analysis, longer[0])
    return longer[0] if full and full[0] <= min(short.mentions) else None


def _whole_body(bodies: set[str], actor: ActorRecord) -> str | None:
    """The one longer organisation name (of the parse's, `bodies`) that a one-word body stands
    for ('the Church' for the Church of Scientology, 'the Authority' for the Harbour
    Authority), if the text has one."""
    if " " in actor.name or actor.kind not in ("organization", "other"):
        return None
    fits = {n for n in bodies if actor.name in (n.split()[0], n.split()[-1])}
    return fits.pop() if len(fits) == 1 else None


def _bare(name: str) -> str:
    """An entity's name without its article ('the Harbour Authority' -> 'Harbour Authority')."""
    return re.sub(r"^(?:the|The)\s+", "", name).strip()


def _role(doc: Any, analysis: Analysis, actor: ActorRecord) -> str | None:
    """The title before the name, unless only an honorific; else the apposition after it."""
    role = actor.role
    if role and not any(w.lower().strip(",") in TITLE_WORDS for w in role.split()):
        role = None  # 'Black Lawmakers Rip' of a title-case headline, 'For' opening a sentence
    if role and not all(w.lower() in HONORIFICS for w in role.split()):
        return role
    if actor.kind != "person":
        return role
    for start, end in _full_mentions(analysis, actor):
        words = doc.char_span(start, end, alignment_mode="expand")
        if words is None:
            continue
        for child in words.root.children:
            if child.dep_ == "appos" and (found := _apposition(child)):
                return found
    return role


def _apposition(head: Any) -> str | None:
    """'the cooperative's chair' -> "cooperative's chair"; None when it is no title phrase."""
    words = list(head.subtree)
    while words and words[0].dep_ in ("det", "punct"):
        words = words[1:]
    while words and words[-1].dep_ == "punct":
        words = words[:-1]
    if not words or len(words) > _ROLE_WORDS or any(w.ent_type_ == "PERSON" for w in words):
        return None
    if any(w.text in '\u201c\u201d"' for w in words):
        return None
    text = head.doc.text[words[0].idx : words[-1].idx + len(words[-1].text)]
    # A common noun heads a role ('chair of the cooperative'); a name does so only when it is a
    # title ('Democrat'): 'Hamdullah Mohib, United States' gives no role.
    titled = head.pos_ == "NOUN" or head.lower_ in TITLE_WORDS
    return text if titled else None
