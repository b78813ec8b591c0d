"""Disagreement candidates from statements (briefing/evidence/dissent.py), on sentences written
for these tests: a framed opposition and the actor who holds it, a condemnation in an actor's
own words, and two actors' statements that assert and deny one claim. Each rule has a control
without its construction, which must offer no candidate."""

from __future__ import annotations

from briefing.brief import sections
from briefing.evidence.attribution import evidence_actors
from briefing.evidence.grounding import analyse


def _linked(text: str) -> list[tuple[str, str, str, str]]:
    """The candidate pairs the pipeline offers: (first actor, its words, second actor, its
    words), each side's words the exact span it keeps."""
    a = analyse(text)
    people = evidence_actors(a, a.names)
    pool = people + [e for e in sections.key_entities(a, people) if e not in people]
    found = sections.find_candidates(a, pool, published=None).disputes
    return [
        (c.first.actor, text[slice(*c.first.span)], c.second.actor, text[slice(*c.second.span)])
        for c in found
    ]


_BERG = "Mayor Anna Berg said on Monday that the levy would pay for the new docks. "
_FILLER = "The harbour has four piers. Ferries leave every hour. "


def test_an_opposition_framed_without_its_holder_is_held_by_the_next_speaker() -> None:
    smit = '"The levy is a tax on every family in town," said councillor Piet Smit.'
    text = _BERG + _FILLER + "Not everyone finds Berg's plan convincing. " + smit
    assert _linked(text) == [("Anna Berg", _BERG.strip(), "Piet Smit", smit)]
    assert _linked(_BERG + _FILLER + "Everyone knows the harbour well. " + smit) == []
    # a negated verb is no unnamed dissent: all of them opposed, and the text names none
    assert _linked(_BERG + _FILLER + "All of the councillors were not with Berg. " + smit) == []
    most = "Most if not all of the councillors were not with Berg. "
    assert _linked(_BERG + _FILLER + most + smit) == []


def test_pressure_on_an_actor_is_applied_by_the_next_speaker() -> None:
    lind = "Governor Ada Lind said the harbour vote would go ahead in May. "
    ruiz = "For example, Senator Tom Ruiz called for the vote to be delayed."
    framed = lind + _FILLER + "Lind was under heavy pressure to delay the harbour vote. " + ruiz
    assert _linked(framed) == [("Ada Lind", lind.strip(), "Tom Ruiz", ruiz)]
    assert _linked(lind + _FILLER + "Lind was in Paris for the harbour summit. " + ruiz) == []


def test_a_passive_criticism_with_a_named_agent_is_the_agent_s() -> None:
    agent = "Berg was sharply criticized by councillor Piet Smit on Tuesday."
    assert _linked(_BERG + _FILLER + agent) == [("Anna Berg", _BERG.strip(), "Piet Smit", agent)]
    assert _linked(_BERG + _FILLER + "Berg was sharply criticized on Tuesday.") == []


def test_a_statement_that_condemns_another_actor_sets_the_two_against_each_other() -> None:
    smit = '"Anna Berg is a fraud," said councillor Piet Smit.'
    assert _linked(_BERG + _FILLER + smit) == [("Anna Berg", _BERG.strip(), "Piet Smit", smit)]
    assert _linked(_BERG + _FILLER + '"Anna Berg is a sailor," said councillor Piet Smit.') == []


def test_statements_that_assert_and_deny_one_claim_are_a_dispute() -> None:
    berg = "Mayor Anna Berg said the city would sell the old harbour. "
    smit = "Councillor Piet Smit said the city could not sell the old harbour."
    assert _linked(berg + _FILLER + smit) == [("Anna Berg", berg.strip(), "Piet Smit", smit)]
    agree = "Councillor Piet Smit said the city could sell the old harbour."
    assert _linked(berg + _FILLER + agree) == []


def test_two_clauses_a_contrast_sets_against_each_other_are_a_dispute() -> None:
    one = "Though the Harbor Authority is selling the old ferry to a museum"
    other = "other towns such as Westport have said they will keep the ferry in service."
    found = _linked(f"{one}, {other}")
    assert found == [("Harbor Authority", one, "Westport", other)]
    both = "Though the Harbor Authority is selling the old ferry, Westport has bought a crane."
    assert _linked(both) == []  # no thing in common
    # two facts side by side: neither clause says anything or takes a stance
    facts = "Though the Harbor Authority sold the old ferry, Westport bought the ferry."
    assert _linked(facts) == []
    # 'while' mostly compares figures: no contrast of positions
    poll = "The Harbor Authority won 38 percent of the vote, while Westport won 33 percent."
    assert _linked(poll) == []


def test_a_pledge_and_a_statement_that_the_thing_does_not_work_are_a_dispute() -> None:
    pledge = "The Harbor Authority pledged on Monday to raise the ferry subsidy. "
    smit = '"The ferry subsidy is simply not working," said councillor Piet Smit.'
    found = _linked(pledge + _FILLER + smit)
    assert found == [("Harbor Authority", pledge.strip(), "Piet Smit", smit)]
    works = '"The ferry subsidy is working well," said councillor Piet Smit.'
    assert _linked(pledge + _FILLER + works) == []
    # 'vowed to fight' commits to a stance against: no opposition to a statement against
    fight = "The Harbor Authority vowed on Monday to fight the ferry subsidy. "
    assert _linked(fight + _FILLER + smit) == []


def test_an_account_denied_by_the_actor_it_names_is_a_dispute() -> None:
    smit = "According to Piet Smit the harbour fees were paid to the Harbor Authority in May. "
    denial = "Harbor Authority officials have said they have not received the fees."
    assert _linked(smit + denial) == [("Piet Smit", smit.strip(), "Harbor Authority", denial)]
    agreed = "Harbor Authority officials have said they received the fees."
    assert _linked(smit + agreed) == []
    # an account that does not name the one who denies it is not answered by the denial
    runs = "The Harbor Authority runs four piers. "
    unnamed = "According to Piet Smit the harbour fees were paid in May. "
    assert _linked(runs + unnamed + denial) == []
