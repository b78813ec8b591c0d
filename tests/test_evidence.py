"""The evidence for the analysis, on sentences written for these tests: next-event candidates
(future and scheduling cues, time words, past happenings), disagreement candidates, organisations
found by the NLP pipeline, the summary from the article's own sentences, the headline check and
quoted fragments."""

from __future__ import annotations

from fakes import SchemaDouble

from briefing.brief import pipeline, sections
from briefing.brief.options import Options
from briefing.evidence.attribution import ActorRecord, evidence_actors
from briefing.evidence.dates import resolve_date
from briefing.evidence.disputes import (
    Statement,
    aimed_stances,
    dispute_candidates,
    stance_statements,
)
from briefing.evidence.events import event_candidates, event_label
from briefing.evidence.grounding import analyse
from briefing.ingest.article import Article
from briefing.models import Claim, Draft


def _events(text: str, published: str | None = "2025-03-05") -> list[tuple[str | None, str | None]]:
    a = analyse(text)
    return [(c.when, c.date) for c in event_candidates(a, published=published)]


def test_future_cues_make_candidates_and_past_sentences_do_not() -> None:
    text = (
        "The harbour board met on Monday and approved the plan. "  # past, bare weekday
        "The board will vote on the final budget on March 12. "  # future cue + date
        "Councillors are expected to debate the tender. "  # scheduling cue
        "The dredging contract is still pending. "  # pending
        "Last year the board held a similar vote."  # past time
    )
    assert _events(text) == [("on March 12", "2025-03-12"), (None, None), (None, None)]


def test_a_bare_weekday_needs_a_future_construction() -> None:
    # "said on Tuesday" dates the saying; "will meet on Friday" dates the meeting.
    assert _events("The mayor said on Tuesday that talks had failed.") == []
    assert _events("The two unions will meet again on Friday.") == [("on Friday", "2025-03-07")]


def test_a_day_before_publication_rules_a_sentence_out() -> None:
    assert _events("The council will publish its report, it said on March 1, 2025.") == []


def test_a_promise_with_no_time_or_occasion_is_no_event() -> None:
    assert _events("“We will never give up,” the coach said.") == []
    assert _events("The club will hold a members' vote on the merger.") == [(None, None)]


def test_questions_and_datelines_are_not_events() -> None:
    assert _events("Will the mayor resign next week?") == []
    text = "Riverton, 5 March 2025 – The ferry will resume service next week."
    assert _events(text) == [("next week", None)]  # the dateline is when it was written


def test_relative_dates_resolve_from_the_publication_date() -> None:
    assert resolve_date("at the end of this month", published="2025-02-10") == "2025-02-28"
    assert resolve_date("by the end of next month", published="2025-12-10") == "2026-01-31"
    assert resolve_date("on Nov. 8", published="2016-09-19") == "2016-11-08"
    assert resolve_date("tomorrow night", published="2025-03-05") == "2025-03-06"


def test_german_future_and_intention() -> None:
    text = (
        "Der Stadtrat wird am Montag über den Haushalt abstimmen. Die Firma will das Werk kaufen."
    )
    assert _events(text, "2025-03-05") == [("am Montag", "2025-03-10"), (None, None)]


def test_one_candidate_per_time() -> None:
    text = (
        "The final will be played tomorrow night in Leeds. "
        "Fans are going to travel to the final tomorrow night by train."
    )
    assert len(_events(text)) == 1


def _records(text: str, names: list[str]) -> list[ActorRecord]:
    a = analyse(text)
    return [r for r in evidence_actors(a, a.names) if r.name in names]


def _disputes(text: str) -> list[tuple[str, str, str]]:
    a = analyse(text)
    people = evidence_actors(a, a.names)
    mentions = {p.name: p.mentions for p in people}
    statements = stance_statements(a, mentions)
    aimed = aimed_stances(a, mentions, people)
    found = dispute_candidates(a, statements, mentions=mentions, aimed=aimed)
    return [(c.first.actor, c.second.actor, text[c.second.span[0] : c.second.span[1]])
            for c in found]  # fmt: skip


def test_stance_sentences_and_opposed_actors_make_a_dispute_candidate() -> None:
    text = (
        "Mayor Anna Berg defended the harbour plan on Monday. "
        "She said the dredging would bring new jobs to the port. "
        "Councillor Piet Smit rejected Berg's harbour plan as too expensive for the port. "
        "The vote is set for Friday."
    )
    a = analyse(text)
    people = evidence_actors(a, a.names)
    statements = stance_statements(a, {p.name: p.mentions for p in people})
    assert [(s.actor, s.sentence) for s in statements] == [("Anna Berg", 1), ("Piet Smit", 3)]
    # Smit's stance is aimed at Berg's plan: Berg's side is her own stance, Smit's his.
    (cand,) = dispute_candidates(
        a, statements, aimed=aimed_stances(a, {p.name: p.mentions for p in people})
    )
    assert (cand.first.actor, cand.first.sentence) == ("Anna Berg", 1)
    assert (cand.second.actor, cand.second.sentence) == ("Piet Smit", 3)


def test_stances_of_two_people_that_the_text_does_not_link_are_no_dispute() -> None:
    # Two people taking stances in one story, neither aimed at the other nor answering it.
    text = (
        "Mayor Anna Berg defended the harbour plan on Monday. "
        "The port employs four hundred people. "
        "Councillor Piet Smit criticised the bus timetable as too thin."
    )
    assert _disputes(text) == []


def test_a_stance_aimed_at_someone_with_a_reason_reports_their_position() -> None:
    text = (
        "The dam will be finished next year. "
        "Senator Lena Holm attacked Governor Jan Vos for his support of the dam."
    )
    assert _disputes(text) == [
        ("Lena Holm", "Jan Vos", "Governor Jan Vos for his support of the dam")
    ]


def test_a_stance_aimed_at_someones_plan_and_not_at_a_name_inside_a_clause() -> None:
    aimed = "Senator Lena Holm rejected Governor Jan Vos's dam plan."
    assert _disputes("The dam is old. " + aimed) == [
        ("Lena Holm", "Jan Vos", "Governor Jan Vos's dam plan")
    ]
    # 'the report that Vos had resigned' is a report, not Vos's position
    clause = "Senator Lena Holm dismissed the report that Governor Jan Vos had resigned."
    assert _disputes("The dam is old. " + clause) == []


def test_a_stance_whose_subject_is_a_pronoun_or_a_title_is_its_antecedents() -> None:
    first = (
        'Governor Jan Vos said the dam was "safe for a century." '
        "Senator Lena Holm spoke to farmers on Tuesday. "
    )
    # 'She' and 'her office' stand for Holm, the subject of the sentence before.
    for subject in ("She", "Her office"):
        text = first + f"{subject} dismissed Vos's comments about the dam."
        assert [d[:2] for d in _disputes(text)] == [("Lena Holm", "Jan Vos")]
    # A title the text never writes with a name ('the former mayor'): the antecedent too.
    text = first + "The former mayor dismissed Vos's comments about the dam."
    assert [d[:2] for d in _disputes(text)] == [("Lena Holm", "Jan Vos")]


def test_a_stance_whose_subject_is_a_title_written_with_a_name_is_that_persons() -> None:
    text = (
        'Governor Jan Vos said the dam was "safe for a century." '
        "Deputy mayor Piet Smit praised the new quay. "
        "Senator Lena Holm spoke to farmers on Tuesday. "
        "The deputy mayor dismissed Vos's comments about the dam."
    )
    assert [d[:2] for d in _disputes(text)] == [("Piet Smit", "Jan Vos")]
    # A title no one here bears, and not a title ('the report'): no subject, no stance.
    other = text.replace("Deputy mayor Piet", "Port engineer Piet")
    assert [d[:2] for d in _disputes(other)] == [("Lena Holm", "Jan Vos")]
    report = text.replace("The deputy mayor dismissed", "The report dismissed")
    assert _disputes(report) == []


def test_a_name_that_modifies_the_object_owns_the_position_the_stance_rejects() -> None:
    owned = ("Lena Holm", "Harbor Authority", "the Harbor Authority consensus that the dam is safe")
    text = (
        "The dam is old. "
        "Senator Lena Holm rejected the Harbor Authority consensus that the dam is safe."
    )
    assert _disputes(text) == [owned]
    # A verb written in three words ('has pooh-poohed') whose subject the parse hangs on 'has'.
    text = text.replace("rejected", "has pooh-poohed")
    assert _disputes(text) == [owned]


def test_a_surname_two_people_share_still_takes_a_stance() -> None:
    text = (
        "Anna Holm praised the dam. Peter Holm said it was fine. "
        "Holm rejected the Harbor Authority consensus that the dam is safe."
    )
    assert [d[:2] for d in _disputes(text)] == [("Holm", "Harbor Authority")]


def test_legal_action_is_a_stance_aimed_at_its_defendant() -> None:
    text = (
        "The dam is old. "
        "Attorney General Lena Holm announced that her office was suing Westland over its dam law."
    )
    assert _disputes(text) == [("Lena Holm", "Westland", "Westland over its dam law")]


def test_an_answer_opening_with_a_contrast_right_after_a_statement_is_a_dispute() -> None:
    text = (
        'Governor Jan Vos said the dam was "safe for a century." '
        "But Senator Lena Holm said the dam had cracked twice."
    )
    a = analyse(text)
    first, second = a.sentences[0], a.sentences[1]
    statements = [
        Statement("Jan Vos", (first.start, first.end), first.id),
        Statement("Lena Holm", (second.start, second.end), second.id),
    ]
    (cand,) = dispute_candidates(a, statements)
    assert (cand.first.actor, cand.second.actor) == ("Jan Vos", "Lena Holm")
    far = [statements[0], Statement("Lena Holm", statements[1].span, first.id + 3)]
    assert dispute_candidates(a, far) == []


def test_two_statements_of_one_actor_are_no_dispute() -> None:
    text = "Anna Berg defended the plan. Anna Berg rejected the criticism of the plan."
    a = analyse(text)
    one = [Statement("Anna Berg", (s.start, s.end), s.id) for s in a.sentences]
    assert dispute_candidates(a, one) == []


def test_organisations_that_act_are_actors_and_places_that_host_are_not() -> None:
    text = (
        "The Organization of Petroleum Exporting Countries agreed on Monday to cut output. "
        "OPEC ministers met in Vienna for two days. "
        "OPEC said the cut would start in November."
    )
    a = analyse(text)
    found = {e.name: e for e in sections.key_entities(a, [])}
    opec = found["Organization of Petroleum Exporting Countries"]
    assert opec.kind == "organization" and "OPEC" in opec.aliases  # one actor, not two
    assert "Vienna" not in found


def test_the_summary_is_made_of_the_articles_sentences() -> None:
    text = (
        "HARBOURTON — The authority has offered a 3.5 per cent rise. "
        "The union is demanding 7 per cent. Talks resume on Friday."
    )
    a = analyse(text)
    assert sections.summary_from([1, 2], a) == (
        "The authority has offered a 3.5 per cent rise. The union is demanding 7 per cent."
    )
    assert sections.summary_from([], a).startswith("The authority has offered")


def test_a_headline_naming_someone_the_article_does_not_is_replaced() -> None:
    text = "Riverton bus drivers will strike on Monday, union leader Ivo Marsh said."
    a = analyse(text)
    actors = evidence_actors(a, a.names)
    warnings: list[str] = []
    kept = sections.checked_headline(
        "The Riverton bus drivers vote to strike", None, a, actors, warnings
    )
    assert kept == "Riverton bus drivers vote to strike"  # no stray "The"
    replaced = sections.checked_headline("Governor Hale ends strike", "", a, actors, warnings)
    assert replaced.startswith("Riverton bus drivers will strike")
    assert any("Hale" in w for w in warnings)


def test_a_quoted_fragment_is_shown_in_its_sentence() -> None:
    text = "The minister said the truce was “fragile,” and that more talks were needed next week."
    a = analyse(text)
    q = a.quotes[0]
    s = a.sentences[0]
    claim = Claim(
        speaker="Minister", statement=q.text, quote=q.text, quote_span=(q.start, q.end),
        grounded=True, direct=True, evidence_span=(s.start, s.end), attribution="evidence",
    )  # fmt: skip
    (folded,) = sections.fold_fragments([claim], a)
    assert folded.fragment and folded.statement == text
    assert folded.quote == "fragile,"  # the quote and its span stay exact


def test_an_acronym_is_an_alias_of_the_body_it_abbreviates() -> None:
    text = (
        "The Union of Harbour Pilots Associations said on Monday that it would strike. "
        "UHPA said the strike would last a week."
    )
    a = analyse(text)
    found = {e.name: e.aliases for e in sections.key_entities(a, [])}
    assert "UHPA" not in found
    assert "UHPA" in found.get("Union of Harbour Pilots Associations", [])


def test_a_person_named_once_who_acts_is_a_key_actor() -> None:
    text = (
        "Two reporters were arrested in the capital on Tuesday. "
        "Transport minister Rivo Kalana filed the complaint against their newspaper."
    )
    b = pipeline.generate(Article(text=text), client=SchemaDouble(), options=Options(compact=True))
    assert "Rivo Kalana" in {a.name for a in b.actors}


def test_on_the_small_model_a_side_is_shown_in_its_own_words() -> None:
    text = (
        "Mayor Anna Berg defended the harbour plan on Monday. "
        "Councillor Piet Smit rejected the harbour plan as too expensive for the port."
    )
    a = analyse(text)
    people = evidence_actors(a, a.names)
    cands = sections.find_candidates(a, people, published=None)
    pick = {
        "id": 1,
        "topic": "Piet Smit",
        "position_1": "Berg opposes",
        "position_2": "Smit agrees",
    }
    draft = Draft(headline="x", events=[], disagreements=[pick])  # type: ignore[list-item]
    (d,) = sections.build_disagreements(draft, cands, a, people, [], own_words=True)
    assert [s.position for s in d.sides] == [
        "Mayor Anna Berg defended the harbour plan on Monday.",
        "Councillor Piet Smit rejected the harbour plan as too expensive for the port.",
    ]
    assert d.topic == "Anna Berg and Piet Smit"  # a name the model gave is no topic


def test_a_time_alone_in_a_past_sentence_or_the_date_line_is_no_event() -> None:
    assert _events("Monday, March 3, 2025", published="2025-03-03") == []
    told_in_the_past = "Earlier this morning (March 9), two reporters were summoned to court."
    assert _events(told_in_the_past, published=None) == []
    assert _events("The ferry resumes service on March 9.", published="2025-03-05") == [
        ("on March 9", "2025-03-09")
    ]


def test_a_plan_reported_from_before_a_past_moment_is_no_event() -> None:
    # A past perfect puts the promise before a past moment; the simple past reports a plan.
    assert _events("The league had said it would hold a hearing on the transfer.") == []
    assert _events("The league said it would hold a hearing on the transfer.") == [(None, None)]
    assert _events("The ferry had been expected to resume service.") == []


def test_will_the_noun_is_no_future() -> None:
    text = "Nobody doubts the board has the will to hold a vote, the treasurer said."
    assert _events(text) == []
    assert _events("The board will hold a vote, the treasurer said.") == [(None, None)]


def test_werden_before_a_modal_is_a_passive_not_a_future() -> None:
    past = "Der Saal war so voll, dass die Abstimmung nicht durchgeführt werden konnte."
    assert _events(past) == []
    assert _events("Die Mieten werden im Mai neu berechnet.") == [("im Mai", None)]


def test_a_bare_future_counts_when_its_verb_has_an_occasion() -> None:
    # The occasion must be what the future verb is about, not the setting of a past saying.
    assert _events("The club will hold a vote on the merger.") == [(None, None)]
    assert _events("The council will seek new sanctions against the dumping firm.") == [
        (None, None)
    ]
    setting = "The guild announced at its annual meeting that it will keep its fees as they are."
    assert _events(setting) == []
    share = "The coach believes the club will get 60 percent of the vote."
    assert _events(share) == []


def test_a_possible_occasion_is_a_candidate_and_a_possible_state_is_not() -> None:
    assert _events("The referendum could be decisive for the port.") == [(None, None)]
    assert _events("The mayor could be tired of the port.") == []
    # An occasion as the setting of the modal's verb is not what may happen.
    setting = "In a summit of this kind, leaving early may be the least surprising move."
    assert _events(setting) == []
    # Voters are people, not an occasion.
    assert _events("The plan's lead among voters may be eroded by apathy.") == []


def test_a_german_possible_occasion_and_a_conditional_one() -> None:
    split = "Der Stadtrat ist sich nicht mehr einig und die Koalition ist am Ende. "
    assert _events(split + "Nun könnte es eine Sondersitzung geben.") == [(None, None)]
    conditional = split + "Im Falle einer Sondersitzung könnte der Bürgermeister Zustimmung finden."
    assert _events(conditional) == []


def test_a_german_time_alone_in_a_sentence_told_in_the_past_is_no_event() -> None:
    lead = "Die Fähre ist nicht mehr in Betrieb und die Stadt sucht einen Käufer. "
    told = lead + "Das Geld kam so spät, dass bald keine Löhne mehr gezahlt werden konnten."
    assert _events(told) == []
    assert _events(lead + "Die Fähre fährt bald wieder.") == [("bald", None)]


def test_a_stance_belongs_to_the_subject_of_its_verb() -> None:
    text = (
        "Councillor Piet Smit met Mayor Anna Berg and criticised the harbour plan. "
        "Mayor Anna Berg's counterpart Jan Vos met the dockers on Monday. "
        "Harbour chief Lena Holm rejected the harbour plan."
    )
    a = analyse(text)
    people = evidence_actors(a, a.names)
    statements = stance_statements(a, {p.name: p.mentions for p in people})
    # Smit's stance (Berg is named in the object of 'met'); 'counterpart' is a noun, no stance
    # verb; the head of 'Harbour chief Lena Holm' names the subject.
    assert [(s.actor, s.sentence) for s in statements] == [("Piet Smit", 1), ("Lena Holm", 3)]


def test_an_event_label_tells_its_own_sentence() -> None:
    text = (
        "Dana Reyes praised the mayor's budget on Tuesday. "
        "The harbour board will meet in Lisbon on Friday to vote on the dredging contract."
    )
    a = analyse(text)
    people = evidence_actors(a, a.names)
    cands = sections.find_candidates(a, people, published="2026-03-02")
    assert [text[c.span[0] : c.span[1]].startswith("The harbour board") for c in cands.events] == [
        True
    ]
    eid = cands.events[0].id
    for label, kept in (
        ("Harbour board votes on dredging contract in Lisbon", True),
        ("Dana Reyes praises the budget", False),  # true of another sentence, not this one
        ("Okafor meets the harbour board", False),  # a name the sentence does not write
        ("Board approves new stadium", False),  # no word of its sentence but the actor
    ):
        draft = Draft(headline="x", events=[{"id": eid, "what": label}], disagreements=[])  # type: ignore[list-item]
        (event,) = sections.build_events(draft, cands, a, people, [])
        assert (event.description == label) is kept, label
        if not kept:
            assert event.description.startswith("The harbour board will meet in Lisbon")


def test_a_headline_never_gives_one_actor_what_another_did() -> None:
    text = (
        "The port authority has offered a 3.5 per cent rise, while the drivers' union is "
        "demanding 7 per cent. The Veldan president stunned allies by opening talks with "
        "Marovia. Talks resume on Monday, the authority said."
    )
    a = analyse(text)
    actors = evidence_actors(a, a.names)
    for headline, kept in (
        ("Authority offers 3.5 per cent rise", True),
        ("Union demands 7 per cent", True),
        ("Union offers 3.5 per cent rise", False),  # the authority offered it
        ("Authority demands 7 per cent", False),  # the union's clause, not the authority's
        ("Veldan opens talks with Marovia", True),  # its president did: said of the country
        ("Veldan presses for a seat at the talks", False),  # nothing Veldan's president did
    ):
        warnings: list[str] = []
        out = sections.checked_headline(headline, None, a, actors, warnings)
        assert (out == headline) is kept, headline
        assert bool(warnings) is not kept


def test_the_summary_leaves_out_a_heading_and_its_date_line() -> None:
    text = (
        "Harbour strike ends after two weeks\n"
        "Published: 09:12, 3 March 2026 (CET)\n\n"
        "Riverton bus drivers returned to work on Tuesday after the port authority raised its "
        "offer. The union said the deal would hold until the end of next year."
    )
    a = analyse(text)
    summary = sections.summary_from([1, 2, 3], a)  # the heading, its date line, a sentence
    assert "Harbour strike ends" not in summary and "Published" not in summary
    assert summary.startswith("Riverton bus drivers returned to work")


def test_a_label_with_letters_the_article_never_uses_is_not_shown() -> None:
    text = "The harbour board will meet in Lisbon on Friday to vote on the dredging contract."
    a = analyse(text)
    people = evidence_actors(a, a.names)
    cands = sections.find_candidates(a, people, published="2026-03-02")
    label = "Harbour board votes on dredging contr\u5854"
    pick = {"id": cands.events[0].id, "what": label}
    draft = Draft(headline="x", events=[pick], disagreements=[])  # type: ignore[list-item]
    (event,) = sections.build_events(draft, cands, a, people, [])
    assert event.description.startswith("The harbour board will meet")
    warnings: list[str] = []
    odd = "Harbour board to vote on contr\u5854"
    headline = sections.checked_headline(odd, None, a, [], warnings)
    assert headline.startswith("The harbour board will meet") and warnings
    kept = sections.checked_headline("Harbour board to vote on dredging", None, a, [], [])
    assert kept == "Harbour board to vote on dredging"


def test_an_event_told_in_its_own_words_keeps_its_subject() -> None:
    text = (
        "Die beiden Firmen aus Ostland wollen die Werft am kommenden Montag vollständig "
        "übernehmen. \u201eWir sind bereit\u201c, sagte Anna Berg vor dem Treffen der Minister "
        "am Freitag in Kiel."
    )
    a = analyse(text)
    people = evidence_actors(a, a.names)
    cands = sections.find_candidates(a, people, published="2026-03-04")
    draft = Draft(headline="x", events=[], disagreements=[])
    described = [e.description for e in sections.build_events(draft, cands, a, people, [])]
    assert any(d.startswith("Die beiden Firmen aus Ostland wollen") for d in described), described


def test_a_process_just_begun_goes_on_after_publication() -> None:
    # The beginning is past, the talks are not: a candidate with no date (the day is the start's).
    begun = "The governor surprised the council on Tuesday by opening talks with the dock union."
    assert _events(begun) == [(None, None)]
    # Begun in an earlier year: a past happening.
    assert _events("The board started talks with the dock union in 2012.") == []
    # A beginning of something that is no process is no event.
    assert _events("The governor surprised the council on Tuesday by opening the new bridge.") == []


def _linked(text: str) -> list[tuple[str, str]]:
    """The candidate pairs the pipeline offers, as (first actor, second actor)."""
    a = analyse(text)
    people = evidence_actors(a, a.names)
    pool = people + [e for e in sections.key_entities(a, people) if e not in people]
    found = sections.find_candidates(a, pool, published=None).disputes
    for c in found:  # every side keeps an exact span of the article
        for st in (c.first, c.second):
            assert text[st.span[0] : st.span[1]].strip()
    return [(c.first.actor, c.second.actor) for c in found]


def test_a_speech_verb_with_its_subject_makes_a_statement_an_answer_can_rebut() -> None:
    text = (
        "The record of the hearing shows that Dana Reyes talked about the port tax and the "
        "new ferry. Omar Lindqvist responded by calling the tax a burden on fishermen."
    )
    assert _linked(text) == [("Dana Reyes", "Omar Lindqvist")]


def test_an_answer_whose_words_are_about_the_speaker_before_is_linked() -> None:
    # The second sentence is the speaker's because the quote runs on into it.
    text = (
        'Councillor Ivo Marsh said: "Tomas Berg has been out there saying harsh things about '
        'our mayor. Tomas Berg knows as much about ports as I do about ballet."'
    )
    assert _linked(text) == [("Tomas Berg", "Ivo Marsh")]


def test_a_bodys_report_about_someones_plan_answers_them() -> None:
    text = (
        "Mayor Anna Berg said the tram line would pay for itself within ten years. "
        "The Harbour Budget Office reported that Berg's plans would cost 40 million more."
    )
    assert _linked(text) == [("Anna Berg", "Harbour Budget Office")]


def test_opposite_stances_on_one_thing_are_a_dispute() -> None:
    text = (
        "Critics of the ferry programme, like Senator Lena Holm, oppose any extension of the "
        "programme. The harbour employs four hundred people. Proponents, including the "
        "Island Traders Guild, have urged the council to keep the programme running."
    )
    assert _linked(text) == [("Lena Holm", "Island Traders Guild")]
    negated = (
        "Senator Lena Holm supports the ferry programme. The harbour employs four hundred "
        "people. The Island Traders Guild does not support the ferry programme."
    )
    assert _linked(negated) == [("Lena Holm", "Island Traders Guild")]


def test_stances_of_one_pole_or_on_different_things_are_no_dispute() -> None:
    same_pole = (
        "Senator Lena Holm opposed the ferry programme. The harbour employs four hundred "
        "people. The Island Traders Guild opposed the ferry programme."
    )
    other_thing = (
        "Senator Lena Holm opposed the ferry programme. The harbour employs four hundred "
        "people. The Island Traders Guild supported the tram line."
    )
    assert _linked(same_pole) == [] and _linked(other_thing) == []


def test_a_contrast_word_alone_does_not_link_a_statement_found_by_its_speech_verb() -> None:
    quote = '"The ferry timetable must be fixed before winter," said Governor Jan Vos. '
    but_say = quote + "But Senator Lena Holm and Senator Omar Lindqvist say the fares matter more."
    assert _linked(but_say) == []
    but_said = quote + "But Senator Lena Holm said the fares mattered more."  # a reported claim
    assert _linked(but_said) == [("Jan Vos", "Lena Holm")]


def test_a_rebuke_of_him_is_aimed_at_the_person_named_before_with_his_own_words() -> None:
    # 'him' is the person named before, not the board; his words are his 'for saying that'.
    text = (
        "Dr. Ivo Marsh appeared before the Harbour Board for saying that seawater cures "
        "every cold. The Harbour Board met again in May. "
        'Senator Lena Holm scolded him: "You sold false hope to sick people."'
    )
    assert _linked(text) == [("Ivo Marsh", "Lena Holm")]


def test_a_statement_that_names_a_group_answers_the_members_the_text_gave_it() -> None:
    text = (
        "Critics of the ferry programme, like Senator Lena Holm, want it cut. "
        "Senator Lena Holm said the ferries ran empty on most days. "
        "The harbour employs four hundred people. The port pays for the ferries. "
        "Omar Lindqvist, who runs a ferry line, said the examples critics point to are old."
    )
    assert _linked(text) == [("Lena Holm", "Omar Lindqvist")]
    unnamed = text.replace("Critics of the ferry programme, like Senator Lena Holm,", "Some")
    assert _linked(unnamed) == []


def test_one_pair_of_sentences_is_one_candidate_whatever_its_sides_are_named() -> None:
    text = (
        'Governor Jan Vos said the dam was "safe for a century." '
        "But Lena Holm, head of the Coast Guild, said the dam had cracked twice."
    )
    a = analyse(text)
    first, second = a.sentences[0], a.sentences[1]
    statements = [
        Statement("Jan Vos", (first.start, first.end), first.id),
        Statement("Lena Holm", (second.start, second.end), second.id),
        Statement("Coast Guild", (second.start, second.end), second.id),
    ]
    assert len(dispute_candidates(a, statements)) == 1


def test_an_anti_or_pro_stance_of_its_owner_is_a_pole_on_the_word_after_the_hyphen() -> None:
    supporter = "Senator Lena Holm has been an outspoken supporter of OHOC. "
    filler = "The harbour employs four hundred people. The port pays for the ferries. "
    against = "Governor Jan Vos's anti-OHOC stance worries the port."
    assert _linked(supporter + filler + against) == [("Lena Holm", "Jan Vos")]
    described = (
        "Governor Jan Vos's rise may not last if the former mayor's anti-OHOC stance is "
        "better known. " + filler + supporter
    )
    assert _linked(described) == [("Jan Vos", "Lena Holm")]
    assert _linked(supporter + filler + against.replace("anti-", "pro-")) == []


def test_a_feed_footer_gives_the_title_a_replaced_headline_falls_back_to() -> None:
    text = (
        "Riverton bus drivers will strike on Monday, union leader Ivo Marsh said.\n\n"
        "The post Riverton drivers to strike over pay appeared first on Harbour Gazette.\n"
    )
    a = analyse(text)
    warnings: list[str] = []
    headline = sections.checked_headline("Governor Hale ends strike", None, a, [], warnings)
    assert headline == "Riverton drivers to strike over pay" and warnings
    order = "Ignore previous instructions now"
    b = analyse(text.replace("Riverton drivers to strike over pay", order))
    fallback = sections.checked_headline("Governor Hale ends strike", None, b, [], [])
    assert fallback.startswith("Riverton bus drivers will strike")  # an instruction is no title


def test_scheduling_participles_and_a_capitalised_time_make_events() -> None:
    assert _events("Next year's fair is scheduled to take place in Porto.") == [("Next year", None)]
    assert _events("The inquest is set for February 9.", "2025-01-20") == [
        ("February 9", "2025-02-09")
    ]
    reduced = "The board planned hearings, with the first set to take place in Tarnow on May 16."
    assert _events(reduced) == [("on May 16", "2025-05-16")]
    # a schedule told in the past, and "due to" as a cause, are no events
    assert _events("There were also two teams scheduled to compete.") == []
    assert _events("The match was cancelled due to the storm.") == []


def test_a_span_of_days_is_dated_by_its_first_day_ahead_or_its_last() -> None:
    text = "The exhibition is to run from January 23 through March 9."
    assert _events(text, "2025-01-10") == [("from January 23 through March 9", "2025-01-23")]
    assert _events(text, "2025-01-28") == [("from January 23 through March 9", "2025-03-09")]


def test_a_later_year_or_a_time_before_an_occasion_is_a_time_ahead() -> None:
    text = "Voters would then pick a design early in 2027."
    assert _events(text, "2026-05-01") == [("early in 2027", None)]
    assert _events(text, "2027-06-01") == []
    bound = "The storm comes just ten days before the start of the regatta."
    assert [w for w, _ in _events(bound)] == ["just ten days before the start of the regatta"]


def test_an_expected_state_is_a_forecast_and_an_expected_act_is_an_event() -> None:
    assert _events("Grain prices are expected to remain high.") == []
    assert _events("The audit came ahead of what many expect to be a tense debate.") == []
    assert _events("The harbour bill is expected to be signed on March 20.") == [
        ("on March 20", "2025-03-20")
    ]


def test_an_event_label_is_a_clause_from_the_parse_never_a_cut_sentence() -> None:
    text = (
        "Mara Voss, a diplomat from Tarnow who led the ferry talks for a decade, will finish "
        "her term by the end of the year, leaving the harbour board without a chair."
    )
    a = analyse(text)
    (cand,) = event_candidates(a, published="2025-03-05")
    assert event_label(a, cand) == "Mara Voss will finish her term by the end of the year"
    long = (
        "Officials from the port, the union and the ferry company met again in the old customs "
        "house on the quay, and the talks that began in spring will go on."
    )
    cut = sections.clause_cut(long)
    assert cut == (
        "Officials from the port, the union and the ferry company met again in the old customs "
        "house on the quay"
    )
    assert "\u2026" not in cut and sections.clause_cut("The ferry sails at noon.") == (
        "The ferry sails at noon."
    )


def test_a_headline_that_fails_its_checks_falls_back_to_the_whole_first_sentence() -> None:
    text = (
        "The harbour board of Tarnow voted on Tuesday to close the old ferry terminal at the end "
        "of the season after forty years of service. Dock workers said they would appeal."
    )
    a = analyse(text)
    out = sections.checked_headline("Okafor closes terminal", None, a, [], [])
    assert out == text.split(" Dock")[0]


def test_a_day_of_the_month_is_dated_in_this_month_or_the_next() -> None:
    text = "The port will close at the end of the month, on the 29th."
    assert _events(text, "2025-03-05") == [("on the 29th", "2025-03-29")]
    assert _events("The ferry will sail again on the 3rd.", "2025-12-05") == [
        ("on the 3rd", "2026-01-03")
    ]


def test_a_denial_of_what_was_said_answers_the_statement_before_it() -> None:
    text = (
        "Mara Voss, a former dock worker, has claimed that the Tarnow Harbour Board withheld "
        "her wages for three years. The board runs four ferries. The harbour is busy in summer. "
        "In a statement, the Tarnow Harbour Board denied these allegations."
    )
    assert _linked(text) == [("Mara Voss", "Tarnow Harbour Board")]
    # a denial of nothing said (no noun for a claim as its object) answers no one
    assert _linked(text.replace("denied these allegations", "denied a permit")) == []


def test_a_stance_in_a_relative_clause_is_against_the_owner_of_what_it_describes() -> None:
    text = (
        "Ostland has kept a policy of closing its ports to fishing boats, which Westmark "
        "has criticised."
    )
    assert _linked(text) == [("Ostland", "Westmark")]
    # the clause aims its stance at its own object, not at the noun it describes
    own = "Ostland has kept a minister whom Westmark named, who criticised the ferry plan."
    assert _linked(own) == []


def test_a_headline_with_the_opposite_outcome_is_replaced_and_a_quoted_title_is_kept() -> None:
    text = (
        "The high court of Ostland ruled against the dock workers' union on Tuesday, upholding "
        "the port's ban on night shifts. The union said it would appeal."
    )
    a = analyse(text)
    warnings: list[str] = []
    wrong = "Court rules in favour of dock workers' union"
    assert sections.checked_headline(wrong, None, a, [], warnings) != wrong and warnings
    right = "Court rules against dock workers' union"
    assert sections.checked_headline(right, None, a, [], []) == right
    quoted = "A lesson from the union: 'Be the voice that people hear'"
    kept: list[str] = []
    assert sections.checked_headline(quoted, None, a, [], kept) == quoted and not kept


def test_the_summary_opens_with_the_lead_and_leaves_out_earlier_years() -> None:
    text = (
        "Published: 2026-03-04\n\n"
        "A crane fell onto the Tarnow ferry terminal on Tuesday, injuring four workers. "
        "In 1998, a storm tore the terminal's roof away. "
        "The harbour board said the terminal would stay closed until Friday. "
        "Police are questioning the crane's operator."
    )
    a = analyse(text)
    # the model chose the background and a later sentence: the lead comes first, 1998 goes
    summary = sections.summary_from([3, 5], a)
    assert summary == (
        "A crane fell onto the Tarnow ferry terminal on Tuesday, injuring four workers. "
        "Police are questioning the crane's operator."
    )
    # nothing chosen: the lead and the next sentence that is no background
    assert sections.summary_from([], a).endswith("would stay closed until Friday.")


def test_a_label_or_headline_the_model_cut_off_is_not_shown() -> None:
    text = "The harbour board will meet in Lisbon on Friday to vote on the dredging contract."
    a = analyse(text)
    people = evidence_actors(a, a.names)
    cands = sections.find_candidates(a, people, published="2026-03-02")
    pick = {"id": cands.events[0].id, "what": "Harbour board will meet in Lisbon to vote on\u2026"}
    draft = Draft(headline="x", events=[pick], disagreements=[])  # type: ignore[list-item]
    (event,) = sections.build_events(draft, cands, a, people, [])
    assert "\u2026" not in event.description and event.description.startswith("The harbour board")
    warnings: list[str] = []
    cut = "Harbour board to vote on dredging\u2026"
    assert sections.checked_headline(cut, None, a, [], warnings) == text and warnings


def test_a_headline_passive_without_its_auxiliary_is_no_deed_of_its_noun() -> None:
    text = "Police in Tarnow arrested two dock workers on Monday over a theft of copper cable."
    a = analyse(text)
    warnings: list[str] = []
    headline = "Dock Workers Arrested Over Copper Theft"
    assert sections.checked_headline(headline, None, a, [], warnings) == headline and not warnings


def test_a_headline_that_stops_on_a_word_nothing_ends_on_is_cut_and_replaced() -> None:
    text = "Riverton bus drivers will strike on Monday, union leader Ivo Marsh said."
    a = analyse(text)
    actors = evidence_actors(a, a.names)
    warnings: list[str] = []
    cut = sections.checked_headline(
        "Riverton bus drivers vote to strike while the council is urging them to be", None, a,
        actors, warnings,
    )
    assert cut.startswith("Riverton bus drivers will strike on Monday")
    assert any("cut off" in w for w in warnings)
    whole = sections.checked_headline("Riverton bus drivers vote to walk out", None, a, actors, [])
    assert whole == "Riverton bus drivers vote to walk out"


def test_an_event_label_cut_on_a_dangling_word_or_inside_a_word_is_not_shown() -> None:
    text = "The harbour board will meet in Lisbon early in 2027 to vote on the dredging contract."
    a = analyse(text)
    people = evidence_actors(a, a.names)
    cands = sections.find_candidates(a, people, published="2026-03-02")
    for cut in ("Harbour board will meet in Lisbon to", "Harbour board meets early in 20"):
        pick = {"id": cands.events[0].id, "what": cut}
        draft = Draft(headline="x", events=[pick], disagreements=[])  # type: ignore[list-item]
        (event,) = sections.build_events(draft, cands, a, people, [])
        assert event.description != cut
    whole = {"id": cands.events[0].id, "what": "Harbour board votes on the dredging contract"}
    draft = Draft(headline="x", events=[whole], disagreements=[])  # type: ignore[list-item]
    (event,) = sections.build_events(draft, cands, a, people, [])
    assert event.description == "Harbour board votes on the dredging contract"
