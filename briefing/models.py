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
        description="Full name exactly as written in the article, e.g. 'Dana Reyes'. Never a "
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


# --- What we publish (`-f json`); schema_version guards the names. Every span is [start, end):
# Python str offsets (code points) into the article text exactly as read, so that
# text[start:end] is the passage; `source.sha256` identifies that text.

_SPAN = "[start, end) str offsets into the article text as read"


class Actor(_Strict):
    """A key actor of the story: a person, organisation, country or group the article names."""

    name: str = Field(
        description="The fullest name the article uses, e.g. 'Dana Reyes' or 'the Harbour "
        "Authority'."
    )
    role: str | None = Field(
        default=None,
        description="Role or title as the article gives it, e.g. 'harbour master'; null when "
        "it gives none.",
    )
    kind: ActorKind = Field(
        default="other", description="person, organization, country, group, or other when unclear."
    )
    aliases: list[str] = Field(
        default_factory=list,
        description="Other forms the article uses for the same actor, e.g. 'Reyes' or 'Ms "
        "Reyes'; empty when there are none.",
    )
    stance: str | None = Field(
        default=None,
        description="The actor's position in this story in a few words (the model's label); "
        "null when not given.",
    )
    mentions: int = Field(
        default=0,
        description="How many times the article text names the actor (any of its forms), "
        "bylines and credits not counted.",
    )


class Claim(_Strict):
    """Something an actor says: a verbatim quote from the text, or a claim reported without
    quotation marks, tied to the sentence that reports it."""

    speaker: str | None = Field(
        description="Who says it (an actor's name); null for a quote whose speaker the text "
        "does not establish (attribution 'unattributed': kept here, never rendered as a quote)."
    )
    statement: str = Field(
        description="What is said: the quote's words with spaces collapsed, or a paraphrase of "
        "a reported claim (for a fragment, the sentence that quotes it)."
    )
    quote: str | None = Field(
        default=None,
        description="The quoted words exactly as the article has them, without the quotation "
        "marks; null for a reported or unverified claim.",
    )
    quote_span: Span | None = Field(
        default=None,
        description=f"Where the quote is: {_SPAN}; text[start:end] == quote. Null when quote "
        "is null.",
    )
    grounded: bool = Field(
        description="True when the text itself supports the claim: a verbatim quote, or a "
        "reported claim whose sentence names its speaker."
    )
    direct: bool = Field(description="True when the claim is a verbatim quote.")
    fragment: bool = Field(
        default=False,
        description="A few words quoted inside a sentence: the statement is that sentence.",
    )
    evidence_span: Span | None = Field(
        default=None,
        description=f"The sentence that reports the claim (for an unverified quote, the quoted "
        f"words): {_SPAN}; null when unknown.",
    )
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
        description="The words that attribute the quote ('Reyes', 'he', 'the report', a "
        f"transcript's 'REYES'): {_SPAN}; null when the text has none for this speaker.",
    )
    attribution_rule: str | None = Field(
        default=None,
        description="The named evidence rule that found the speaker in the text (e.g. "
        "'after-verb-who' for '..., said Ann Lee'; '+antecedent' when a pronoun was resolved, "
        "'+description' for a description such as 'the mayor'); null when the text gave none.",
    )


class Side(_Strict):
    """One side of a disagreement: who holds a position, and where the article says so."""

    actors: list[str] = Field(description="Names of the actors who take this side.")
    position: str = Field(
        description="The side's position in a few words (on the embedded model, the article's "
        "own words)."
    )
    evidence_span: Span | None = Field(
        default=None,
        description=f"The sentence where the article attests this side's position: {_SPAN}; "
        "null when none was found.",
    )
    evidence: str | None = Field(
        default=None,
        description="That sentence as the article writes it (spaces collapsed); null with "
        "evidence_span.",
    )


class Disagreement(_Strict):
    """Two or more actors taking opposing positions on one topic."""

    topic: str = Field(
        description="What they disagree about, in a few words, e.g. 'the harbour budget'."
    )
    sides: list[Side] = Field(description="The opposing sides, usually two.")


class Event(_Strict):
    """Something the article says will happen: a meeting, vote, decision, deadline, release."""

    description: str = Field(
        description="What will happen and who does it, in a few words, e.g. 'Council votes on "
        "the harbour budget'."
    )
    date: str | None = Field(
        default=None,
        description="The day as YYYY-MM-DD when it follows from the time words and the "
        "publication date; null when it does not.",
    )
    when: str | None = Field(
        default=None,
        description="The time words as written in the event's own sentence, e.g. 'next "
        "Tuesday'; null when the sentence has none.",
    )
    actors: list[str] = Field(
        default_factory=list, description="Names of the actors the event's sentence involves."
    )
    evidence_span: Span | None = Field(
        default=None, description=f"The sentence that announces the event: {_SPAN}."
    )
    evidence: str | None = Field(
        default=None, description="That sentence as the article writes it (spaces collapsed)."
    )


class Source(_Strict):
    """The article briefed: where it came from and a fingerprint of its text."""

    path: str | None = Field(
        default=None, description="The local file as given; null for a URL or standard input."
    )
    url: str | None = Field(default=None, description="The http(s) address read; null for a file.")
    title: str | None = Field(
        default=None, description="The page's or feed entry's title; null when there is none."
    )
    published: str | None = Field(
        default=None,
        description="Publication date YYYY-MM-DD (from --published, the page or the "
        "dateline); null when unknown.",
    )
    author: str | None = Field(
        default=None, description="Byline of a web page; null when there is none."
    )
    site: str | None = Field(
        default=None,
        description="The publication, e.g. 'Harbour Gazette'; null when there is none.",
    )
    sha256: str = Field(
        description="SHA-256 (hex) of the article text as UTF-8: the text every span indexes."
    )
    chars: int = Field(description="Length of the article text in characters (str length).")


class Usage(_Strict):
    """Tokens the model calls used, summed over attempts and re-asks."""

    prompt_tokens: int = Field(default=0, description="Tokens sent to the model.")
    completion_tokens: int = Field(default=0, description="Tokens the model wrote.")
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
    """How the briefing was made: which model, which prompts, when, how long, at what cost."""

    backend: str = Field(description="The backend that answered: 'openai' or 'local'.")
    model: str = Field(description="The model's name on the server, or the embedded model's.")
    prompt_version: str = Field(
        description="A short hash of the prompt files, e.g. 'p1-0123456789'."
    )
    generated_at: str = Field(description="When it was made: ISO 8601 UTC, to the second.")
    duration_s: float = Field(description="Seconds the briefing took to make.")
    attempts: int = Field(description="Answers asked of the model (1 plus re-asks).")
    cached: bool = Field(
        default=False, description="True when this run took the briefing from the cache."
    )
    language: str = Field(default="English", description="The language the briefing was asked in.")
    usage: Usage = Field(description="Tokens used to make it (zero when taken from the cache).")
    cost_usd: float = Field(
        default=0.0, description="Estimated cost of this briefing's calls in USD (0 if unpriced)."
    )
    log_ids: list[int] = Field(
        default_factory=list,
        description="The exchange log's entries of the calls that made it, in order "
        "(`briefing logs show ID`); empty when logging was off.",
    )


class Briefing(_Strict):
    """A grounded briefing of one article: what happened, who says what, what comes next."""

    schema_version: int = Field(
        default=SCHEMA_VERSION, description="Version of this contract; it changes when a name does."
    )
    headline: str = Field(description="A factual headline, checked against the article.")
    summary: str = Field(
        description="A few sentences saying what happened (on the embedded model, the "
        "article's own sentences)."
    )
    actors: list[Actor] = Field(description="The key actors, most important first.")
    claims: list[Claim] = Field(
        description="Quotes and reported claims, in the order the article has them."
    )
    disagreements: list[Disagreement] = Field(
        description="Opposing positions the article attests; empty when there are none."
    )
    next_events: list[Event] = Field(
        description="What the article says will happen, dated ones first in date order."
    )
    source: Source = Field(description="The article briefed.")
    provenance: Provenance = Field(description="How the briefing was made.")
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
