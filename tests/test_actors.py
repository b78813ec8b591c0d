"""The actors list as a reader accepts it (evidence/actors.py), each rule on sentences written
for the test, on the embedded default's path (compact mode: actors come from the evidence)."""

from __future__ import annotations

from fakes import SchemaDouble

from briefing.brief.options import Options
from briefing.brief.pipeline import generate
from briefing.evidence.actors import reader_actors
from briefing.evidence.attribution import ActorRecord
from briefing.evidence.grounding import analyse
from briefing.ingest.article import Article
from briefing.models import Briefing


def brief(text: str) -> Briefing:
    """The briefing of a text on the evidence path."""
    return generate(Article(text=text), client=SchemaDouble(), options=Options(compact=True))


def test_an_event_the_parse_names_is_no_actor_and_a_role_comes_from_an_apposition() -> None:
    text = (
        "The Harbour Cup final drew 40,000 fans to Wessex on Saturday.\n\n"
        '"The Harbour Cup will return next year," said Ann Lee, the chair of the Wessex '
        "Football Association.\n\n"
        'Lee said the Harbour Cup was "safe for families."'
    )
    actors = {a.name: a for a in brief(text).actors}
    assert "Harbour Cup" not in actors and "The Harbour Cup" not in actors
    assert actors["Ann Lee"].role == "chair of the Wessex Football Association"
    assert "Lee" not in actors  # the surname alone is the same person


def test_a_publication_that_only_carries_someones_words_is_no_actor() -> None:
    text = (
        "The port reopened on Monday after a week of repairs.\n\n"
        '"The quay is safe," Ann Lee told the Daily Ledger.\n\n'
        "Lee said the Harbour Authority would pay for the work, according to the Daily Ledger."
    )
    names = [a.name for a in brief(text).actors]
    assert "Ann Lee" in names
    assert not any("Ledger" in n for n in names)


def test_a_short_name_for_a_body_is_its_whole_name() -> None:
    text = (
        "The Church of Harbourism opened a school in Wessex this year.\n\n"
        'The Church denied the claims: "Nobody was forced to stay."'
    )
    b = brief(text)
    assert "Church of Harbourism" in [a.name for a in b.actors]
    assert {c.speaker for c in b.claims if c.quote} == {"Church of Harbourism"}


def test_an_unclosed_bracket_is_cut_off_into_an_alias() -> None:
    analysis = analyse("The World Trade Organization (WTO) ruled on Monday. The WTO said no.")
    actor = ActorRecord(name="World Trade Organization (WTO", kind="organization")
    kept, renames = reader_actors(analysis, [actor], set())
    assert kept[0].name == "World Trade Organization" and "WTO" in kept[0].aliases
    assert renames == {}


def test_reported_statements_are_not_shown_as_quotes() -> None:
    from briefing.output.render import to_markdown, to_text

    text = (
        "The council met on the harbour levy on Monday.\n\n"
        'Ann Lee, the harbour master, called the levy "a harbour tax" at the meeting.\n\n'
        "Tom Okafor said that the port would lose its ferry service by the spring.\n\n"
        '"We will not pay it," Lee said.'
    )
    b = brief(text)
    md, txt = to_markdown(b), to_text(b)
    blocks = [line for line in md.splitlines() if line.startswith("> ")]
    assert "> \u201cWe will not pay it\u201d" in blocks  # words between quotation marks
    assert not any("harbour tax" in line or "ferry" in line for line in blocks)
    assert "Tom Okafor said that the port would lose its ferry service by the spring." in md
    assert "Tom Okafor said that the port would lose" in txt


def test_the_organisations_of_the_lead_are_actors_even_when_nobody_from_them_speaks() -> None:
    text = (
        "Acme Water sued the Wessex Water Authority on Monday over the price of a pipeline.\n\n"
        'The case will be heard in March, said Ann Lee, a lawyer for the firm. "We expect to win."'
    )
    names = [a.name for a in brief(text).actors]
    assert "Wessex Water Authority" in names
    assert any(n.startswith("Acme") for n in names)


def test_a_kind_comes_from_an_entity_that_holds_the_whole_name() -> None:
    text = (
        "Environment Canada issued a flood warning for Ottawa on Monday.\n\n"
        "Forecasters at Environment Canada expect the river to peak on Tuesday, and Environment "
        "Canada said two roads would close."
    )
    analysis = analyse(text)
    actor = ActorRecord(name="Environment Canada", kind="country")
    kept, _ = reader_actors(analysis, [actor], set())
    assert next(a for a in kept if a.name == "Environment Canada").kind == "organization"


def test_a_surname_the_text_gives_an_honorific_is_a_person() -> None:
    text = (
        "Advisers will go to the border region, officials said on Tuesday.\n\n"
        "President Okonkwo ordered the move after the Okonkwo government's review. Mr. Okonkwo "
        "revised his plans in October, and Mr. Okonkwo later authorized 50 more.\n\n"
        '"They will train, not fight," said Ada Nwosu, a defence ministry spokeswoman.'
    )
    actors = {a.name: a for a in brief(text).actors}
    assert actors["Okonkwo"].kind == "person"


def test_a_name_with_middle_initials_is_a_person_and_a_title_is_no_body() -> None:
    text = (
        "The Harbour Board delayed the dredging plan on Monday.\n\n"
        '"The delay protects the reef," Harbour Board Spokesperson Ana Ruiz said.\n\n'
        '"It protects nothing," said Dale P. Hartigan III, a writer for the Harbour Review.'
    )
    actors = {a.name: a for a in brief(text).actors}
    assert actors["Dale P. Hartigan III"].kind == "person"
    assert actors["Ana Ruiz"].role == "Harbour Board Spokesperson"
    assert "Harbour Board Spokesperson" not in actors


def test_two_phrases_the_parse_runs_together_are_no_actor() -> None:
    text = (
        "Mara Lind was arrested on Friday after a dispute over a house.\n\n"
        "According to Lind the Temple property in question was returned last year. The Temple "
        'called her claims "false."'
    )
    actors = {a.name for a in brief(text).actors}
    assert "Mara Lind" in actors
    assert not [a for a in actors if " the " in a]


def test_a_place_named_only_as_a_location_and_the_reporting_outlet_are_no_actors() -> None:
    text = (
        "Harlow, Wessex — A print exhibit opened on Friday at the Harbour Gallery.\n\n"
        "Ledger reporters attended the opening in Harlow. The exhibit, which is located in "
        'Harlow, runs until May. "It is a landmark show," said Kira Nolan, the curator.\n\n'
        "Secretary of State John Kerry visited it on Saturday."
    )
    b = brief(text)
    actors = {a.name: a for a in b.actors}
    assert "Harlow" not in actors
    assert "Ledger" not in actors
    assert actors["John Kerry"].role == "Secretary of State"


def test_a_group_named_by_one_singular_word_is_a_fragment_of_a_title() -> None:
    text = (
        "Rep. Ada Kerr, the top Democrat on the harbour committee, called for an inquiry on "
        "Monday.\n\n"
        'Democrats on the committee backed her. "We need answers," Kerr said.'
    )
    actors = {a.name for a in brief(text).actors}
    assert "Democrat" not in actors
    assert "Ada Kerr" in actors
