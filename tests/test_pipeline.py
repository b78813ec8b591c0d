"""pipeline.generate end to end with a scripted client, and dates.resolve_date."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, ROOT
from fakes import GOLD_SPANS, GOLD_SPEAKERS, KEY_ACTORS, ScriptedClient, reference_draft

from briefing.brief import pipeline
from briefing.brief.options import Options
from briefing.errors import ContextOverflow, ValidationFailed
from briefing.evidence.dates import resolve_date
from briefing.ingest import sources
from briefing.ingest.article import Article
from briefing.llm.base import Completion, Message, TokenCallback
from briefing.models import Briefing, Claim
from briefing.output import formats

REPORTER_WORDS = ("McLeary", "Melkozerova", "Honeycombe", "Politico")
HEGSETH_CLAIM = "Zelenskyy had no chance of returning Ukraine to its pre-2014 borders."
FULL = Options(compact=False)
COMPACT = Options(compact=True)


@pytest.fixture
def article() -> Article:
    return sources.load(str(EXAMPLE), published="2025-02-13")


def _quotes(b: Briefing) -> list[Claim]:
    return [c for c in b.claims if c.quote is not None]


def _assert_gold_quotes(b: Briefing, text: str) -> None:
    quotes = _quotes(b)
    assert len(quotes) == 9
    for c in quotes:
        assert c.quote_span is not None
        s, e = c.quote_span
        assert text[s:e] == c.quote
        assert c.direct is True and c.grounded is True
    assert [c.quote_span for c in quotes] == GOLD_SPANS
    assert [c.speaker for c in quotes] == GOLD_SPEAKERS


def _assert_key_actors(b: Briefing) -> None:
    """The people are the gold key actors; the bodies and countries the story is about follow."""
    assert {a.name for a in b.actors if a.kind == "person"} == set(KEY_ACTORS)
    assert {a.name for a in b.actors if a.kind != "person"} <= {
        "NATO",
        "U.S.",
        "Ukraine",
        "Europeans",
    }
    assert "NATO" in {a.name for a in b.actors}


def _no_reporters(b: Briefing) -> None:
    names = [a.name for a in b.actors] + [c.speaker for c in b.claims]
    names += [alias for a in b.actors for alias in a.aliases]
    for word in REPORTER_WORDS:
        assert not any(word in n for n in names), word


# --- full mode


def test_full_mode_reference_draft(article: Article) -> None:
    client = ScriptedClient(reference_draft())
    b = pipeline.generate(article, client=client, options=FULL)

    _assert_gold_quotes(b, article.text)
    assert all(c.attribution == "agreed" for c in _quotes(b))
    _assert_key_actors(b)
    _no_reporters(b)
    assert b.warnings == []
    assert b.provenance.attempts == 1
    assert b.provenance.backend == "fake" and b.provenance.model == "scripted"
    assert b.source.sha256 == article.sha256
    assert b.source.chars == len(article.text)
    assert len(client.requests) == 1
    indirect = [c for c in b.claims if c.quote is None]
    assert [(c.speaker, c.direct) for c in indirect] == [("Pete Hegseth", False)]
    assert indirect[0].evidence_span is not None
    s, e = indirect[0].evidence_span
    assert "Hegseth told his counterparts" in article.text[s:e]
    # The article went out numbered, with every quote marked.
    prompt = client.requests[0][1]["content"]
    assert all(f"[Q{i}]" in prompt for i in range(1, 10))
    assert "[Q10]" not in prompt


def test_reporter_actor_is_reasked_and_never_listed(article: Article) -> None:
    bad = reference_draft()
    bad["actors"].append({"name": "Paul McLeary", "kind": "person", "role": None, "stance": None})
    client = ScriptedClient(bad, reference_draft())
    b = pipeline.generate(article, client=client, options=FULL)

    assert b.provenance.attempts == 2
    assert len(client.requests) == 2
    reask = client.requests[1][-1]["content"]
    assert "'Paul McLeary' is a reporter or publisher credit" in reask
    assert client.requests[1][-2]["role"] == "assistant"
    _no_reporters(b)
    _assert_gold_quotes(b, article.text)


@pytest.mark.parametrize(
    "credit", [("Paul McLeary", "person"), ("Politico", "organization")], ids=lambda c: c[0]
)
def test_reporter_kept_in_every_answer_is_dropped(
    article: Article, credit: tuple[str, str]
) -> None:
    name, kind = credit
    bad = reference_draft()
    bad["actors"].append({"name": name, "kind": kind, "role": None, "stance": None})
    client = ScriptedClient(bad, bad, bad)
    b = pipeline.generate(article, client=client, options=Options(compact=False, max_attempts=3))

    assert len(client.requests) == 3
    assert b.provenance.attempts == 3
    assert name not in [a.name for a in b.actors]
    _no_reporters(b)
    assert any(name in w and "reporter or publisher credit" in w for w in b.warnings)
    assert any(f"dropped actor {name!r}" in w for w in b.warnings)
    _assert_gold_quotes(b, article.text)


@pytest.mark.parametrize(
    ("answer", "attribution"),
    [("unknown", "evidence"), ("Donald Trump", "evidence"), ("Mark Rutte", "reasked")],
)
def test_wrong_speaker_loses_to_the_cue_in_the_text(
    article: Article, answer: str, attribution: str
) -> None:
    draft = reference_draft()
    draft["quotes"][0]["speaker"] = "Donald Trump"  # the text says "Rutte told reporters"
    client = ScriptedClient(draft, speaker=answer)
    b = pipeline.generate(article, client=client, options=FULL)

    q1 = _quotes(b)[0]
    assert q1.quote_span == GOLD_SPANS[0]
    assert q1.speaker == "Mark Rutte"
    assert q1.attribution == attribution
    assert q1.attribution in ("evidence", "reasked")
    _assert_gold_quotes(b, article.text)
    # One briefing request and one focused speaker question about Q1.
    assert len(client.requests) == 2
    question = client.requests[1][1]["content"]
    assert "crucial that Ukraine is closely involved" in question


def test_wrong_speaker_without_verification_still_follows_evidence(article: Article) -> None:
    draft = reference_draft()
    draft["quotes"][0]["speaker"] = "Donald Trump"
    client = ScriptedClient(draft)
    b = pipeline.generate(
        article, client=client, options=Options(compact=False, verify_speakers=False)
    )
    assert _quotes(b)[0].speaker == "Mark Rutte"
    assert _quotes(b)[0].attribution == "evidence"
    assert len(client.requests) == 1


# --- compact mode: the model writes prose only


def _compact_draft() -> dict[str, Any]:
    full = reference_draft()
    return {k: full[k] for k in ("headline", "summary", "disagreements", "events")}


def test_compact_mode_grounds_everything_from_evidence(article: Article) -> None:
    draft = _compact_draft()
    # Rutte vs Hegseth is D1: 'The former Dutch prime minister also downplayed Hegseth's
    # comments' aims Rutte's stance [S14] at Hegseth, whose nearest statement is [S8]; the sides
    # follow the text, Hegseth's first. D2 is Hegseth vs Zelenskyy.
    draft["disagreements"][0]["id"] = 1
    client = ScriptedClient(draft)
    b = pipeline.generate(article, client=client, options=COMPACT)

    assert len(client.requests) == 1
    _assert_gold_quotes(b, article.text)
    assert all(c.attribution == "evidence" for c in _quotes(b))
    _assert_key_actors(b)
    _no_reporters(b)

    hegseth = [c for c in b.claims if c.statement == HEGSETH_CLAIM]
    assert len(hegseth) == 1
    claim = hegseth[0]
    assert claim.speaker == "Pete Hegseth"
    assert claim.direct is False
    assert claim.quote is None and claim.quote_span is None
    assert claim.evidence_span is not None
    s, e = claim.evidence_span
    assert "no chance of returning Ukraine to its pre-2014 borders" in article.text[s:e]

    assert b.headline == reference_draft()["headline"]
    assert [d.topic for d in b.disagreements] == ["Ukraine's seat at the table"]
    assert [s.actors for s in b.disagreements[0].sides] == [["Pete Hegseth"], ["Mark Rutte"]]
    for side in b.disagreements[0].sides:  # each side shows the sentence that attests it
        assert side.evidence_span is not None
    assert b.warnings == []


def test_compact_claims_are_sorted_by_position(article: Article) -> None:
    b = pipeline.generate(article, client=ScriptedClient(_compact_draft()), options=COMPACT)
    starts = [(c.quote_span or c.evidence_span or (0, 0))[0] for c in b.claims]
    assert starts == sorted(starts)


def test_compact_is_taken_from_the_client(article: Article) -> None:
    client = ScriptedClient(_compact_draft())
    client.compact = True  # type: ignore[attr-defined]
    b = pipeline.generate(article, client=client)
    _assert_gold_quotes(b, article.text)
    _assert_key_actors(b)


# --- events and dates


COUNCIL = ROOT / "tests" / "fixtures" / "council.txt"
COUNCIL_DRAFT = {
    "headline": "Riverton council approves harbour dredging plan",
    "summary": "The Riverton city council approved a plan to dredge the harbour.",
    "summary_sentences": [1],
    "quotes": [{"id": 1, "speaker": "Anna Berg"}],
    "actors": [{"name": "Anna Berg", "kind": "person", "role": "Mayor", "stance": None}],
    "claims": [],
    "disagreements": [],
    "events": [{"id": 1, "what": "Council votes on the budget"}, {"id": 2, "what": "Tender"}],
}


@pytest.mark.parametrize("options", [FULL, COMPACT], ids=["full", "compact"])
def test_event_weekday_resolves_against_the_publication_date(options: Options) -> None:
    article = sources.load(str(COUNCIL), published="2025-02-13")  # a Thursday
    b = pipeline.generate(article, client=ScriptedClient(COUNCIL_DRAFT), options=options)
    vote, tender = b.next_events
    assert (vote.when, vote.date) == ("on Friday", "2025-02-14")
    assert vote.description == "Council votes on the budget"
    assert "Anna Berg" in vote.actors
    assert vote.evidence_span is not None
    assert "ahead of a council vote" in article.text[vote.evidence_span[0] : vote.evidence_span[1]]
    assert (tender.when, tender.date) == (None, None)  # "plans to publish": no time words


def test_event_without_publication_date_has_no_date() -> None:
    article = sources.load(str(COUNCIL))
    b = pipeline.generate(article, client=ScriptedClient(COUNCIL_DRAFT), options=FULL)
    assert [(e.when, e.date) for e in b.next_events] == [("on Friday", None), (None, None)]


def test_reference_meeting_ahead_of_which_rutte_spoke_is_an_undated_event(
    article: Article,
) -> None:
    b = pipeline.generate(article, client=ScriptedClient(reference_draft()), options=FULL)
    talks, event = b.next_events  # the talks just begun, then the meeting
    assert "starting peace talks" in talks.evidence and talks.date is None
    assert event.description == "NATO defense ministers meet in Brussels"
    assert (event.when, event.date) == (None, None)  # its sentence names no time
    assert event.evidence_span is not None
    assert "ahead of a meeting" in article.text[event.evidence_span[0] : event.evidence_span[1]]


def test_invalid_claim_sentence_is_reasked(article: Article) -> None:
    bad = reference_draft()
    bad["claims"][0]["sentence"] = 500
    client = ScriptedClient(bad, reference_draft())
    b = pipeline.generate(article, client=client, options=FULL)

    assert len(client.requests) == 2
    assert "claim sentence 500 does not exist (S1 to S20)" in client.requests[1][-1]["content"]
    assert b.provenance.attempts == 2
    assert b.warnings == []


@pytest.mark.parametrize(("field", "prefix"), [("events", "E"), ("disagreements", "D")])
def test_a_pick_that_is_no_candidate_is_reasked(article: Article, field: str, prefix: str) -> None:
    bad = reference_draft()
    bad[field][0]["id"] = 9
    client = ScriptedClient(bad, reference_draft())
    b = pipeline.generate(article, client=client, options=FULL)
    assert f"{prefix}9 is not a candidate" in client.requests[1][-1]["content"]
    assert b.provenance.attempts == 2 and b.warnings == []


def test_an_event_label_for_no_candidate_is_ignored_and_the_candidate_kept(
    article: Article,
) -> None:
    bad = reference_draft()
    bad["events"][0]["id"] = 9
    client = ScriptedClient(bad, bad)
    b = pipeline.generate(article, client=client, options=Options(compact=False, max_attempts=2))
    _, event = b.next_events  # the evidence's candidate stays, in the article's own words
    assert event.description == "ahead of a meeting of NATO defense ministers in Brussels."
    assert any("E9" in w for w in b.warnings)
    _assert_gold_quotes(b, article.text)


def test_an_event_label_naming_someone_the_article_does_not_is_replaced() -> None:
    draft = dict(COUNCIL_DRAFT, events=[{"id": 1, "what": "Governor Smith vetoes the budget"}])
    article = sources.load(str(COUNCIL), published="2025-02-13")
    b = pipeline.generate(article, client=ScriptedClient(draft), options=COMPACT)
    # The article's own words from the cue on, not the quote before it.
    assert b.next_events[0].description == "ahead of a council vote on the budget on Friday."


def test_unknown_quote_id_is_reasked(article: Article) -> None:
    bad = reference_draft()
    bad["quotes"].append({"id": 12, "speaker": "Mark Rutte"})
    client = ScriptedClient(bad, reference_draft())
    b = pipeline.generate(article, client=client, options=FULL)
    assert (
        "quote id 12 does not exist (the article has Q1 to Q9)" in client.requests[1][-1]["content"]
    )
    _assert_gold_quotes(b, article.text)


def test_no_valid_answer_raises_validation_failed(article: Article) -> None:
    client = ScriptedClient("not json", '{"headline": 3}')
    with pytest.raises(ValidationFailed) as info:
        pipeline.generate(article, client=client, options=Options(compact=False, max_attempts=2))
    assert info.value.exit_code == 4
    assert info.value.attempts == 2
    assert info.value.last_output == '{"headline": 3}'
    assert "not valid JSON" in client.requests[1][-1]["content"]


# --- dates.resolve_date


@pytest.mark.parametrize(
    ("when", "published", "expected"),
    [
        ("Monday", "2012-12-09", "2012-12-10"),  # a Sunday dateline: the next day
        ("Thursday", "2025-02-13", "2025-02-13"),  # dated that weekday: the same day
        ("next Thursday", "2025-02-13", "2025-02-20"),
        ("on Friday", "2025-02-13", "2025-02-14"),
        ("Montag", "2025-02-13", "2025-02-17"),
        ("tomorrow", "2025-02-13", "2025-02-14"),
        ("today", "2025-02-13", "2025-02-13"),
        ("March 3, 2025", None, "2025-03-03"),
        ("Mar. 3, 2025", None, "2025-03-03"),
        ("Dec. 1st, 2024", None, "2024-12-01"),
        ("3 May 2025", None, "2025-05-03"),
        ("3. März 2025", None, "2025-03-03"),
        ("am 3. Mai 2025", None, "2025-05-03"),
        ("2025-03-03", None, "2025-03-03"),
        ("next week", "2025-02-13", None),
        ("last Monday", "2025-02-13", None),
        ("Tuesday or Wednesday", "2025-02-13", None),
        ("Monday", None, None),
        ("Monday", "not a date", None),
        ("February 30, 2025", None, None),
        ("", "2025-02-13", None),
        (None, "2025-02-13", None),
    ],
)
def test_resolve_date(when: str | None, published: str | None, expected: str | None) -> None:
    assert resolve_date(when, published=published) == expected


NAMESAKES = """WASHINGTON — President Joe Biden defended his son on Monday as Hunter Biden \
prepared for his trial in Delaware.
"I am proud of my son," Joe Biden said at the White House.
Hunter Biden told reporters he was confident. "I will be cleared," Hunter Biden said.
Biden later left for Camp David. Sen. Chuck Grassley disagreed. "This is a disgrace," Grassley \
said.
"""


@pytest.mark.parametrize("mode", [COMPACT, FULL])
def test_two_people_with_one_surname_stay_two_people(tmp_path: Path, mode: Options) -> None:
    path = tmp_path / "bidens.txt"
    path.write_text(NAMESAKES, encoding="utf-8")
    article = sources.load(str(path))
    draft: dict[str, Any] = {
        "headline": "Biden defends his son before trial",
        "summary": "Joe Biden said he was proud of his son.",
        "disagreements": [],
        "events": [],
    }
    if mode is FULL:  # a model that lists both and names each speaker by the full name
        draft |= {
            "actors": [
                {"name": n, "kind": "person", "role": None, "stance": None}
                for n in ("Joe Biden", "Hunter Biden", "Chuck Grassley")
            ],
            "quotes": [
                {"id": 1, "speaker": "Joe Biden"},
                {"id": 2, "speaker": "Hunter Biden"},
                {"id": 3, "speaker": "Chuck Grassley"},
            ],
            "claims": [],
        }
    b = pipeline.generate(article, client=ScriptedClient(draft), options=mode)

    assert [(c.quote, c.speaker) for c in _quotes(b)] == [
        ("I am proud of my son,", "Joe Biden"),
        ("I will be cleared,", "Hunter Biden"),
        ("This is a disgrace,", "Chuck Grassley"),
    ]
    actors = {a.name: a for a in b.actors}
    assert {"Joe Biden", "Hunter Biden", "Chuck Grassley"} <= set(actors)
    # A bare "Biden" could be either: it is an alias of neither.
    assert "Biden" not in actors["Joe Biden"].aliases
    assert "Biden" not in actors["Hunter Biden"].aliases
    assert actors["Joe Biden"].role == "President"
    assert actors["Hunter Biden"].role is None  # not "White House." from the sentence before
    assert actors["Chuck Grassley"].role == "Sen."


class ShortContextClient(ScriptedClient):
    """The embedded model's contract with a small context: a prompt of more than `limit` tokens
    (4 characters each, roughly) is refused with ContextOverflow, as llama.cpp's client does."""

    compact = True

    def __init__(self, *answers: str | dict[str, Any], limit: int) -> None:
        super().__init__(*answers)
        self.limit = limit
        self.refused = 0

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None,
        schema_name: str,
        max_tokens: int,
        on_token: TokenCallback | None = None,
    ) -> Completion:
        needed = sum(len(m["content"]) for m in messages) // 4 + max_tokens
        if needed > self.limit:
            self.refused += 1
            raise ContextOverflow(f"{needed} > {self.limit}", needed=needed, limit=self.limit)
        return super().complete(
            messages, schema=schema, schema_name=schema_name, max_tokens=max_tokens
        )


def _long_article(tmp_path: Path) -> Article:
    """The reference article, then a long tail of background and one more quote at the end."""
    tail = " ".join(
        f"Background paragraph {i} recalls the alliance's long debate over its eastern flank."
        for i in range(1, 160)
    )
    late = '"We will not be divided," Ruben Brekelmans said at the end of the meeting.'
    path = tmp_path / "long.txt"
    path.write_text(EXAMPLE.read_text(encoding="utf-8") + "\n\n" + tail + "\n\n" + late + "\n")
    return sources.load(str(path), published="2025-02-13")


def test_an_article_longer_than_the_context_is_briefed_from_its_lead(tmp_path: Path) -> None:
    article = _long_article(tmp_path)
    client = ShortContextClient(_compact_draft(), limit=2500)
    b = pipeline.generate(article, client=client, options=COMPACT)

    assert client.refused >= 1
    (seen,) = [m["content"] for m in client.requests[-1] if m["role"] == "user"]
    n = len(pipeline.analyse(article.text).sentences)
    (note,) = b.notes  # for the reader, in every format
    assert "longer than the embedded model's context (2500 tokens)" in note
    upto = int(note.split("sentences 1 to ")[1].split(" of ")[0])
    assert f"of {n};" in note
    for fmt in ("md", "text", "html"):
        shown = html.unescape(re.sub(r"<[^>]+>|\*\*", "", formats.render(b, fmt)))
        shown = " ".join(shown.split())
        assert "Note: The article is longer than the embedded model's context" in shown, fmt
        assert f"sentences 1 to {upto} of {n};" in shown, fmt
    assert 1 < upto < n
    # The model saw exactly the lead: sentence `upto` and none after it.
    assert f"[S{upto}]" in seen and f"[S{upto + 1}]" not in seen
    assert "Background paragraph 150" not in seen
    # Quotes and speakers still cover the whole article, the late one included.
    quotes = _quotes(b)
    assert [c.speaker for c in quotes[:9]] == GOLD_SPEAKERS
    assert (quotes[-1].quote, quotes[-1].speaker) == ("We will not be divided,", "Ruben Brekelmans")
    assert b.headline == _compact_draft()["headline"]


def test_a_server_context_overflow_is_not_papered_over(tmp_path: Path) -> None:
    # Full mode (a server model) asks for speakers too; a lead would lose them: stop, exit 4.
    client = ShortContextClient(reference_draft(), limit=2500)
    with pytest.raises(ContextOverflow):
        pipeline.generate(_long_article(tmp_path), client=client, options=FULL)
    assert client.refused == 1


def test_the_pages_author_and_publication_are_not_actors() -> None:
    text = (
        "Anna Vermeer has covered the port for the Harbour Gazette for a decade. "
        "On Monday the dockworkers' union called a strike. "
        '"We will stop every crane," union leader Marieke Jansen said. '
        "The Harbour Gazette asked the port authority for comment; Anna Vermeer was told to wait. "
        "Marieke Jansen said the strike would last a week."
    )
    article = Article(text=text, author="Anna Vermeer", site="Harbour Gazette")
    draft = {
        "headline": "Dockworkers call a strike",
        "summary": "The union called a strike.",
        "disagreements": [],
        "events": [],
    }
    b = pipeline.generate(article, client=ScriptedClient(draft), options=COMPACT)
    names = {a.name for a in b.actors}
    assert "Marieke Jansen" in names
    assert "Anna Vermeer" not in names and "Harbour Gazette" not in names
    assert (b.source.author, b.source.site) == ("Anna Vermeer", "Harbour Gazette")
    md = formats.render(b, "md")
    assert "by Anna Vermeer · Harbour Gazette" in md


def _evidence_only(text: str) -> Briefing:
    draft = {"headline": "A report", "summary": "A report.", "disagreements": [], "events": []}
    return pipeline.generate(Article(text=text), client=ScriptedClient(draft), options=COMPACT)


def test_german_titles_reported_speech_and_amounts() -> None:
    text = (
        "Berlin, 03.05.2024 – Die Regierung hat den Haushalt am Freitag verabschiedet. "
        "Dies sagte Finanzminister Klaus Berger vor der Presse. "
        "Die Reform kostet 100 Millionen Euro. Weitere 20 Millionen Euro sollen folgen. "
        "Berger will im Juni weitere Pläne vorstellen."
    )
    b = _evidence_only(text)
    actors = {a.name: a for a in b.actors}
    assert set(actors) == {"Klaus Berger"}  # not "Millionen Euro", not "Finanzminister Klaus…"
    assert actors["Klaus Berger"].role == "Finanzminister"
    (claim,) = b.claims
    assert claim.speaker == "Klaus Berger" and claim.direct is False
    # What was said: the sentence before "Dies sagte …", without its dateline.
    assert claim.statement == "Die Regierung hat den Haushalt am Freitag verabschiedet."
    end = text.index("Presse.") + len("Presse.")
    assert claim.evidence_span == (0, end)


def test_a_newspaper_named_like_a_person_is_not_a_person() -> None:
    b = _evidence_only(
        "Two journalists from the daily paper Harbour Matin were arrested on Monday. "
        "The minister had complained about an article in the newspaper Harbour Matin. "
        '"This is an attack on the press," union leader Marieke Jansen said.'
    )
    assert [a.name for a in b.actors] == ["Marieke Jansen"]


def test_a_pronoun_after_an_introductory_phrase_finds_its_subject() -> None:
    b = _evidence_only(
        "Robert Mugabe was under pressure to postpone the election. "
        "For example, Ban Ki-moon, secretary general of the United Nations, called for a delay. "
        'He said that he "strongly supports the statement of the regional leaders."'
    )
    (quote,) = _quotes(b)
    assert quote.speaker == "Ban Ki-moon"  # not Mugabe, the subject one sentence further back


def _events(text: str, events: list[dict[str, Any]], published: str) -> Briefing:
    draft = {"headline": "A report", "summary": "A report.", "disagreements": [], "events": events}
    article = Article(text=text, published=published)
    return pipeline.generate(article, client=ScriptedClient(draft), options=COMPACT)


def test_an_event_is_dated_only_by_its_own_sentence() -> None:
    # The dateline gives the article's date, never the event's: "27.04.2012" is four
    # sentences away from "New elections are expected to follow."
    text = (
        "Berlin, 27.04.2012 – The coalition collapsed. Opposition leaders met in the capital. "
        "Protesters filled the square. Police closed two roads. "
        "New elections are expected to follow."
    )
    b = _events(text, [{"id": 1, "what": "New elections"}], "2012-04-27")
    (event,) = b.next_events
    assert (event.description, event.when, event.date) == ("New elections", None, None)


def test_a_german_future_with_a_weekday_is_dated() -> None:
    text = "Die Verteidigungsminister werden sich am Sonntag in Brüssel wieder treffen."
    b = _events(text, [{"id": 1, "what": "Verteidigungsminister treffen sich"}], "2025-02-13")
    (event,) = b.next_events  # published on a Thursday: the coming Sunday
    assert (event.when, event.date) == ("am Sonntag", "2025-02-16")
    assert b.warnings == []


def test_a_past_happening_is_no_event() -> None:
    text = (
        "The council met on Monday, 3 February 2025, and voted on the budget. "
        "The mayor said on Wednesday that the port will reopen. "
        "The port authority will publish the tender next week."
    )
    b = _events(text, [{"id": 1, "what": "Tender published"}], "2025-02-13")
    (event,) = b.next_events  # a past date, and a weekday that dates the saying: not events
    assert (event.when, event.date) == ("next week", None)
    assert "publish the tender" in text[event.evidence_span[0] : event.evidence_span[1]]


def test_the_headline_loses_stray_leading_punctuation() -> None:
    draft = {"headline": ": Prag: Koalition beendet", "summary": "Die Koalition ist beendet.",
             "disagreements": [], "events": []}  # fmt: skip
    article = Article(
        text="Prag – Die Koalition ist am Sonntag zerbrochen. Neuwahlen sind möglich."
    )
    b = pipeline.generate(article, client=ScriptedClient(draft), options=COMPACT)
    assert b.headline == "Prag: Koalition beendet"


def test_the_language_is_asked_for_after_the_article() -> None:
    # A small model follows the instruction nearest to its answer: it comes after the article.
    client = ScriptedClient(_compact_draft())
    pipeline.generate(
        sources.load(str(EXAMPLE)), client=client, options=Options(compact=True, language="German")
    )
    user = client.requests[0][-1]["content"]
    assert user.rstrip().endswith("in German.")
    assert user.index("END OF ARTICLE") < user.rindex("German")


def test_a_bare_shared_surname_speaks_as_the_text_names_it() -> None:
    b = _evidence_only(
        "President Joe Biden defended his son on Monday as Hunter Biden prepared for his trial. "
        '"I am proud of my son," Joe Biden said. Hunter Biden declined to comment. '
        '"The trial is political," Biden told reporters later.'
    )
    # Either Biden could have said it; the text says "Biden", so the briefing does too.
    assert [(c.quote, c.speaker) for c in _quotes(b)] == [
        ("I am proud of my son,", "Joe Biden"),
        ("The trial is political,", "Biden"),
    ]
