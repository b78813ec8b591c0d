"""Two declared ways to brief, chosen by what the client declares it is (`Client.compact`).

A server model (large, any OpenAI-compatible endpoint) writes the summary, lists the actors and
attributes quotes; the text checks each. The embedded model (small, on a CPU) only picks by id:
the summary's sentences, the events and the disagreements; actors, speakers and reported claims
come from the text's own evidence. Everything that differs between the two lives here.
"""

from __future__ import annotations

from typing import Any, ClassVar

from briefing.brief import sections
from briefing.brief.options import Options
from briefing.brief.sections import Candidates
from briefing.evidence.attribution import (
    ActorRecord,
    reported_claims,
)
from briefing.evidence.grounding import Analysis
from briefing.llm.base import Client
from briefing.llm.schema import strict_schema
from briefing.models import Claim, Draft


def draft_schema(analysis: Analysis, *, compact: bool, cands: Candidates) -> dict[str, Any]:
    """The answer's JSON schema; events and disagreements are picked by candidate id.

    compact (a small local model): the headline, the summary's sentences by number, and the
    picks; actors, speakers and claims come from the text's own evidence.
    """
    schema = strict_schema(Draft)
    props = schema["properties"]
    props.update(sections.schema_part(cands))
    if not compact:
        del props["summary_sentences"]
        schema["required"].remove("summary_sentences")
        return schema
    # The small model attributes and lists actors badly (measured: one name repeated for every
    # quote), and its summaries swapped who did what: the text's evidence gives the actors and
    # the summary is made of the article's own sentences, chosen by number.
    for name in ("quotes", "actors", "claims", "summary"):
        del props[name]
        schema["required"].remove(name)
    props["summary_sentences"]["items"] = {
        "type": "integer",
        "enum": [s.id for s in analysis.sentences if not s.credit][:60] or [1],
    }
    props["summary_sentences"]["minItems"] = 1
    return schema


def whole_sentences(text: str) -> str:
    """Drop a trailing fragment (a summary cut at its length cap ends mid-sentence)."""
    text = " ".join(text.split())
    if not text or text[-1] in '.!?\u201d"':
        return text
    cut = max(text.rfind(". "), text.rfind("! "), text.rfind("? "))
    return text[: cut + 1] if cut > 0 else text


class Strategy:
    """The server strategy: a large model writes the summary, lists actors and picks speakers;
    the text checks every name, span and pick."""

    name: ClassVar[str] = "server"
    compact: ClassVar[bool] = False  # the short system prompt and the picks-only schema
    reads_lead: ClassVar[bool] = False  # an article over the context fails rather than is cut
    own_words: ClassVar[bool] = False  # a disagreement side may be the model's label

    def schema(self, analysis: Analysis, cands: Candidates) -> dict[str, Any]:
        """The JSON schema the model's answer must follow."""
        return draft_schema(analysis, compact=self.compact, cands=cands)

    def actors(
        self, draft: Draft, analysis: Analysis, people: list[ActorRecord], warnings: list[str]
    ) -> list[ActorRecord]:
        """The actors to attribute quotes among: the model's, checked, plus every cue's speaker."""
        from briefing.brief import speakers

        actors = speakers.build_actors(draft, analysis, warnings)
        speakers.add_cue_speakers(analysis, actors)
        return actors

    def reported(
        self,
        draft: Draft,
        analysis: Analysis,
        actors: list[ActorRecord],
        bodies: list[ActorRecord],
        quoted: list[Claim],
        warnings: list[str],
    ) -> list[Claim]:
        """Claims reported without quotation marks: the model's, each tied to its sentence."""
        from briefing.brief import speakers

        return speakers.indirect_claims(draft, analysis, actors, warnings)

    def key_actors(
        self, actors: list[ActorRecord], speakers: set[str | None]
    ) -> list[ActorRecord]:
        """The model listed what matters; keep its list."""
        return actors

    def summary(self, draft: Draft, analysis: Analysis) -> str:
        """The model's summary, without a fragment cut at the length cap."""
        return whole_sentences(draft.summary)


class EmbeddedStrategy(Strategy):
    """The embedded strategy: a small model picks by id (summary sentences, events,
    disagreements); actors, speakers and reported claims come from the text's evidence.
    Measured reasons: it repeated one name for every quote and its summaries swapped who did
    what, while it picks well from numbered candidates."""

    name: ClassVar[str] = "embedded"
    compact: ClassVar[bool] = True
    reads_lead: ClassVar[bool] = True  # the lead that fits, with the rest from the text
    own_words: ClassVar[bool] = True  # a side is shown in its attested words

    def actors(
        self, draft: Draft, analysis: Analysis, people: list[ActorRecord], warnings: list[str]
    ) -> list[ActorRecord]:
        """The people the text's cues and names show."""
        return list(people)

    def reported(
        self,
        draft: Draft,
        analysis: Analysis,
        actors: list[ActorRecord],
        bodies: list[ActorRecord],
        quoted: list[Claim],
        warnings: list[str],
    ) -> list[Claim]:
        """Reported speech the text's own cues attribute ("X said the plan would fail"); a
        body (a ministry, a country) that speaks becomes an actor."""
        claims = [
            Claim(
                speaker=who,
                statement=what,
                grounded=True,
                direct=False,
                evidence_span=span,
                attribution="evidence",
            )
            for who, what, span in reported_claims(analysis, actors + bodies, anyone=True)
        ]
        said = {c.speaker for c in quoted + claims}
        for b in bodies:
            if b.name in said and not sections.known(actors, b.name):
                actors.append(b)
        return claims

    def key_actors(
        self, actors: list[ActorRecord], speakers: set[str | None]
    ) -> list[ActorRecord]:
        """Those who speak, and anyone named at least twice."""
        return [a for a in actors if a.name in speakers or len(a.mentions) >= 2]

    def summary(self, draft: Draft, analysis: Analysis) -> str:
        """The article's own sentences, chosen by number."""
        return sections.summary_from(draft.summary_sentences, analysis)


SERVER = Strategy()
EMBEDDED = EmbeddedStrategy()


def for_client(client: Client, options: Options) -> Strategy:
    """The strategy the client's declared capability asks for, unless the options force one."""
    compact = client.compact if options.compact is None else options.compact
    return EMBEDDED if compact else SERVER
