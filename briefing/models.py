"""The Pydantic contract: what the LLM must return (Draft*) and what we publish as JSON."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1
ActorKind = Literal["person", "organization", "country", "group", "other"]
Span = tuple[int, int]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- What the model writes. Ids point into the numbered article; the model never retypes a quote.


class DraftActor(_Strict):
    name: str = Field(
        max_length=60,
        description="Full name exactly as written in the article, e.g. 'Mark Rutte'. Never a "
        "reporter, byline or the publisher.",
    )
    kind: ActorKind = Field(description="What the actor is.")
    role: str | None = Field(
        None, max_length=80, description="Role or title as the article states it, else null."
    )
    stance: str | None = Field(
        None,
        max_length=100,
        description="The actor's position in this story in a few words, else null.",
    )


class DraftQuote(_Strict):
    id: int = Field(ge=1, le=99, description="Number n of a [Qn] quote.")
    speaker: str = Field(max_length=60, description="Full name of the actor who says it.")


class DraftClaim(_Strict):
    sentence: int = Field(ge=1, le=999, description="Number of the sentence that reports it.")
    speaker: str = Field(max_length=60, description="Name of the actor making the claim.")
    statement: str = Field(
        max_length=160, description="The claim in one short sentence of your own words."
    )


class DraftEventPick(_Strict):
    id: int = Field(ge=0, le=99, description="Number n of a candidate event En.")
    what: str = Field(
        max_length=80,
        description="What will happen, in a few words with its actor, e.g. 'Council votes on "
        "the harbour budget'.",
    )


class DraftDisputePick(_Strict):
    id: int = Field(ge=0, le=99, description="Number n of a candidate disagreement Dn.")
    topic: str = Field(max_length=80, description="What the two sides disagree about.")
    position_1: str = Field(max_length=90, description="Side 1's position, briefly.")
    position_2: str = Field(max_length=90, description="Side 2's position, briefly.")


class Draft(_Strict):
    """The model's answer for one article."""

    headline: str = Field(max_length=120, description="A factual headline, at most 12 words.")
    summary: str = Field(
        "", max_length=600, description="Two to four factual sentences summarising the article."
    )
    summary_sentences: list[int] = Field(
        default_factory=list,
        max_length=3,
        description="Numbers n of the [Sn] sentences that best summarise the article, in order.",
    )
    quotes: list[DraftQuote] = Field(
        default_factory=list,
        max_length=30,
        description="The speaker of each [Qn] quote that someone says.",
    )
    actors: list[DraftActor] = Field(
        default_factory=list, max_length=10, description="Key actors, each listed once."
    )
    claims: list[DraftClaim] = Field(
        default_factory=list,
        max_length=6,
        description="Important claims reported WITHOUT quotation marks.",
    )
    disagreements: list[DraftDisputePick] = Field(
        default_factory=list,
        max_length=4,
        description="The candidate disagreements Dn that are real: both sides oppose each other.",
    )
    events: list[DraftEventPick] = Field(
        default_factory=list,
        max_length=6,
        description="A short label for every candidate event En: what will happen, and who.",
    )


# --- What we publish (`-f json`); schema_version guards the names.


class Actor(_Strict):
    name: str
    role: str | None = None
    kind: ActorKind = "other"
    aliases: list[str] = Field(default_factory=list)
    stance: str | None = None
    mentions: int = Field(0, description="Mentions found in the article text.")


class Claim(_Strict):
    speaker: str | None = Field(
        description="Who says it; null for a quote whose speaker the text does not establish "
        "(attribution 'unattributed': kept here, never rendered as a quote)."
    )
    statement: str
    quote: str | None = None
    quote_span: Span | None = None
    grounded: bool
    direct: bool = Field(description="True when the claim is a verbatim quote.")
    fragment: bool = Field(
        default=False,
        description="A few words quoted inside a sentence: the statement is that sentence.",
    )
    evidence_span: Span | None = None
    attribution: Literal["evidence", "model", "agreed", "reasked", "unverified", "unattributed"] = (
        Field(
            default="model",
            description="How the speaker is known: 'evidence' (the text's cue), 'model' (the "
            "model's pick; the text has no cue), 'agreed' (both), 'reasked' (a second question "
            "settled a disagreement), 'unverified' (not shown as a quote), 'unattributed' (no "
            "speaker).",
        )
    )
    cue_span: Span | None = Field(
        default=None,
        description="Exact span of the words that attribute the quote in the text ('Rutte', "
        "'he', 'the report', 'WALLACE'), when the text has them.",
    )


class Side(_Strict):
    actors: list[str]
    position: str
    evidence_span: Span | None = Field(
        default=None, description="The sentence where the article attests this side's position."
    )
    evidence: str | None = Field(
        default=None, description="That sentence as the article writes it (spaces collapsed)."
    )


class Disagreement(_Strict):
    topic: str
    sides: list[Side]


class Event(_Strict):
    description: str
    date: str | None = None
    when: str | None = None
    actors: list[str] = Field(default_factory=list)
    evidence_span: Span | None = Field(
        default=None, description="The sentence that announces the event: str offsets."
    )
    evidence: str | None = Field(
        default=None, description="That sentence as the article writes it (spaces collapsed)."
    )


class Source(_Strict):
    path: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = Field(default=None, description="Byline of a web page.")
    site: str | None = Field(default=None, description="The publication, e.g. 'Harbour Gazette'.")
    sha256: str
    chars: int


class Usage(_Strict):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = Field(
        default=0, description="Prompt tokens the server served from cache."
    )

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cached_prompt_tokens=self.cached_prompt_tokens + other.cached_prompt_tokens,
        )


class Provenance(_Strict):
    backend: str
    model: str
    prompt_version: str
    generated_at: str
    duration_s: float
    attempts: int
    cached: bool = False
    language: str = Field(default="English", description="The language the briefing was asked in.")
    usage: Usage
    cost_usd: float = Field(default=0.0, description="Estimated cost of this briefing's calls.")


class Briefing(_Strict):
    schema_version: int = SCHEMA_VERSION
    headline: str
    summary: str
    actors: list[Actor]
    claims: list[Claim]
    disagreements: list[Disagreement]
    next_events: list[Event]
    source: Source
    provenance: Provenance
    notes: list[str] = Field(
        default_factory=list,
        description="What a reader must know about this briefing's coverage (shown in every "
        "format), e.g. that the model read only the article's lead.",
    )
    warnings: list[str] = Field(
        default_factory=list, description="What was dropped or could not be verified, and why."
    )


def source_where(source: Any) -> str:
    """Where a source is: its URL, or a local file's name only (an email must not show the
    sender's folders), or stdin."""
    from pathlib import PurePath

    path = getattr(source, "path", None)
    return str(getattr(source, "url", None) or (PurePath(path).name if path else "stdin"))


def source_name(source: Any) -> str:
    """How a source is named in a list: its title, else where it is."""
    return str(getattr(source, "title", None) or source_where(source))
