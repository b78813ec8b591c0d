"""Who says each quote and who the actors are: the text's cues first, the model's answer checked
against them, and one focused re-ask where the two disagree (`prompts/speaker.j2`).

How a quote is attributed, in order: `evidence.grounding` finds the quote and its cue
("said X", "X: ...", "according to X"); `evidence.attribution` resolves the cue to a name the
article gives (a pronoun or a descriptor to its antecedent); `attribute_quotes` here compares
that with the model's pick (server strategy) and settles a disagreement by asking once more
about the quote's paragraph alone. A quote no one can be given stays, unattributed, in the JSON.
"""

from __future__ import annotations

import json
import re

from briefing.brief import prompts
from briefing.brief.options import Options
from briefing.evidence import guard
from briefing.evidence.attribution import (
    ActorRecord,
    cue_name,
    evidence_speaker,
    find_mentions,
    full_name,
    match_actor,
    record,
    role_in_text,
    same_person,
)
from briefing.evidence.grounding import Analysis, Cue
from briefing.llm.base import Client, Message
from briefing.models import ActorKind, Claim, Draft, Usage


def build_actors(draft: Draft, analysis: Analysis, warnings: list[str]) -> list[ActorRecord]:
    """Actors that the article mentions, merged when they are the same, with aliases and roles."""
    records: list[ActorRecord] = []
    for a in draft.actors:
        if (name := full_name(a.name, analysis.names)) != a.name:
            a = a.model_copy(update={"name": name})
        spans, forms = find_mentions(analysis, a.name)
        if not spans:
            warnings.append(f"dropped actor {a.name!r}: not mentioned in the article")
            continue
        existing = match_actor(records, a.name)
        if existing is not None:
            if len(a.name) > len(existing.name):
                existing.aliases.append(existing.name)
                existing.name = a.name
            existing.mentions = sorted(set(existing.mentions) | set(spans))
            continue
        role = a.role if a.role and a.role.lower() in analysis.text.lower() else None
        records.append(
            ActorRecord(
                name=a.name,
                kind=a.kind,
                role=role or role_in_text(analysis, a.name),
                stance=a.stance,
                aliases=[f for f in forms if f != a.name],
                mentions=spans,
            )
        )
    for r in records:
        title = role_in_text(analysis, r.name)
        if title and title not in r.aliases and r.kind == "person":
            r.aliases.append(title)
        r.aliases = list(dict.fromkeys(x for x in r.aliases if x != r.name))
    return records


def add_cue_speakers(analysis: Analysis, actors: list[ActorRecord]) -> None:
    """People named in attribution cues are actors even if the model left them out."""
    for q in analysis.quotes:
        if q.cue is None or q.cue.kind != "name" or match_actor(actors, q.cue.who):
            continue
        # "Reyes told reporters": the full name the text uses.
        name = full_name(cue_name(analysis, q.cue), analysis.names)
        if len(name) > 2 and (actor := record(analysis, name)).mentions:
            actors.append(actor)


def attribute_quotes(
    draft: Draft,
    analysis: Analysis,
    actors: list[ActorRecord],
    client: Client,
    options: Options,
    usage: list[Usage],
    warnings: list[str],
) -> list[Claim]:
    """Each quote's speaker, cross-checked with the cue in the text; disagreements re-asked."""
    chosen = {
        q.id: q.speaker
        for q in draft.quotes
        if analysis.quote(q.id) and q.speaker.lower() != "unknown"
    }
    claims: list[Claim] = []
    cue_speakers: dict[int, str] = {}
    for quote in analysis.quotes:
        model_pick = chosen.get(quote.id)
        model_actor = match_actor(actors, model_pick) if model_pick else None
        evidence = evidence_speaker(analysis, quote, actors, cue_speakers)
        evidence_actor = match_actor(actors, evidence) if evidence else None
        speaker: str | None
        if evidence and quote.cue is not None and quote.cue.kind == "document":
            speaker, how = evidence, "evidence"  # 'the report': kept as such
        elif model_actor and evidence_actor:
            if model_actor is evidence_actor:
                speaker, how = model_actor.name, "agreed"
            else:
                speaker, how = _settle(
                    quote.id,
                    analysis,
                    actors,
                    client,
                    options,
                    usage,
                    model_actor.name,
                    evidence_actor.name,
                    strong=not quote.cue or not quote.cue.pronoun,
                )
        elif evidence_actor:
            speaker, how = evidence_actor.name, "evidence"
        elif model_actor:
            speaker, how = model_actor.name, "model" if quote.cue is None else "unverified"
        elif model_pick:
            warnings.append(f"Q{quote.id}: speaker {model_pick!r} is not an actor; unattributed")
            speaker, how = None, "unattributed"
        else:
            speaker, how = None, "unattributed"
        if speaker is None and how != "unattributed":
            warnings.append(f"Q{quote.id}: attribution could not be verified; unattributed")
        text = quote.text
        sentence = analysis.sentence(quote.sentence)
        evidence_span = (sentence.start, sentence.end) if sentence else None
        statement = " ".join(text.split()).rstrip(",")
        cue = quote.cue
        cue_span = None
        if speaker is None:
            # Kept, so nothing the article says is silently lost; never rendered as a quote.
            how = "unattributed"
        else:
            if cue is not None and cue.kind != "document":
                cue_speakers[analysis.sentence_at(cue.span[0]).id] = speaker
            # The words in the text that name this speaker, if the speaker is the text's.
            by_text = evidence is not None and (
                speaker == evidence or same_person(speaker, evidence)
            )
            cue_span = cue.span if cue is not None and by_text else None
        rule = cue_rule(cue) if cue_span is not None else None
        if how == "unverified":
            # Never shown as a quote: kept as an unverified claim the reader can check.
            claims.append(
                Claim(
                    speaker=speaker,
                    statement=statement,
                    quote=None,
                    quote_span=None,
                    grounded=False,
                    direct=False,
                    evidence_span=(quote.start, quote.end),
                    attribution="unverified",
                    cue_span=cue_span,
                    attribution_rule=rule,
                )
            )
            continue
        claims.append(
            Claim(
                speaker=speaker,
                statement=statement,
                quote=text,
                quote_span=(quote.start, quote.end),
                grounded=True,
                direct=True,
                evidence_span=evidence_span,
                attribution=how,  # type: ignore[arg-type]
                cue_span=cue_span,
                attribution_rule=rule,
            )
        )
    return claims


def cue_rule(cue: Cue | None) -> str | None:
    """The name of the rule that found a cue, and of the one that resolved it to a name."""
    if cue is None or not cue.rule:
        return None
    resolved = {"pronoun": "+antecedent", "descriptor": "+description"}.get(cue.kind, "")
    return cue.rule + resolved


def _settle(
    qid: int,
    analysis: Analysis,
    actors: list[ActorRecord],
    client: Client,
    options: Options,
    usage: list[Usage],
    model_name: str,
    evidence_name: str,
    *,
    strong: bool,
) -> tuple[str | None, str]:
    """Model and text disagree: ask once more about just this quote and its paragraph."""
    if not options.verify_speakers:
        return (evidence_name, "evidence") if strong else (None, "unverified")
    pick = _ask_speaker(qid, analysis, actors, client, options, usage)
    if same_person(pick, evidence_name):
        return evidence_name, "reasked"
    if same_person(pick, model_name):
        return (evidence_name, "evidence") if strong else (model_name, "reasked")
    return (evidence_name, "evidence") if strong else (None, "unverified")


def _ask_speaker(
    qid: int,
    analysis: Analysis,
    actors: list[ActorRecord],
    client: Client,
    options: Options,
    usage: list[Usage],
) -> str:
    """A focused question: who says this quote, given only its paragraph and the one before."""
    quote = analysis.quote(qid)
    assert quote is not None
    text = analysis.text
    para_start = text.rfind("\n", 0, max(0, text.rfind("\n", 0, quote.start)))
    para_end = text.find("\n", quote.end)
    passage = text[para_start + 1 : para_end if para_end >= 0 else len(text)]
    candidates = [a.name for a in actors if a.kind == "person"] or [a.name for a in actors]
    candidates = [c for c in candidates if not guard.instructs(c)]
    if not candidates:
        return ""
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["speaker"],
        "properties": {"speaker": {"type": "string", "enum": [*candidates, "unknown"]}},
    }
    messages: list[Message] = [
        {"role": "system", "content": prompts.render("system.j2", compact=bool(options.compact))},
        {
            "role": "user",
            "content": prompts.render(
                "speaker.j2",
                boundary=prompts.boundary(),
                passage=guard.model_view(passage),  # untrusted: inside the markers
                quote=guard.model_view(quote.text),
                candidates=candidates,
            ),
        },
    ]
    answer = client.complete(messages, schema=schema, schema_name="speaker", max_tokens=40)
    usage.append(answer.usage)
    try:
        return str(json.loads(answer.text).get("speaker", ""))
    except (json.JSONDecodeError, AttributeError):
        return ""


def indirect_claims(
    draft: Draft, analysis: Analysis, actors: list[ActorRecord], warnings: list[str]
) -> list[Claim]:
    """Claims reported without quotation marks, each tied to the sentence that reports it."""
    out: list[Claim] = []
    for c in draft.claims:
        sentence = analysis.sentence(c.sentence)
        actor = match_actor(actors, c.speaker)
        if sentence is None or actor is None:
            warnings.append(f"dropped claim by {c.speaker!r}: no such sentence or actor")
            continue
        if any(sentence.start <= q.start < sentence.end for q in analysis.quotes):
            continue  # the sentence's own quote is the claim; no paraphrase beside it
        in_sentence = any(sentence.start <= a < sentence.end for a, _ in actor.mentions)
        out.append(
            Claim(
                speaker=actor.name,
                statement=c.statement,
                quote=None,
                quote_span=None,
                grounded=in_sentence,
                direct=False,
                evidence_span=(sentence.start, sentence.end),
                attribution="model" if in_sentence else "unverified",
            )
        )
    return out


def bodies(analysis: Analysis, people: list[ActorRecord]) -> list[ActorRecord]:
    """Other names the text uses (bodies, countries): actors when the text reports their words."""
    out = []
    for name in analysis.names:
        if match_actor(people, name) is None:
            spans, forms = find_mentions(analysis, name)
            kind: ActorKind = "organization" if name.isupper() or len(name.split()) > 1 else "other"
            out.append(
                ActorRecord(
                    name=name,
                    kind=kind,
                    mentions=spans,
                    aliases=[f for f in forms if f != name],
                )
            )
    return out


def credited(actor: ActorRecord, credits: list[str]) -> bool:
    """Whether an actor is the page's author or publication ('Anna Vermeer', 'Harbour Gazette';
    an author line may name several: 'Anna Vermeer and Piet de Vries')."""
    names = [n.strip() for c in credits for n in re.split(r",|;| and ", c) if n.strip()]
    forms = {actor.name.casefold(), *(a.casefold() for a in actor.aliases if " " in a)}
    return any(n.casefold() in forms for n in names)
