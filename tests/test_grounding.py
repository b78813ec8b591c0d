"""Quote finding, sentence splitting, attribution cues and name candidates on real text."""

from __future__ import annotations

import pytest
from fakes import GOLD_SPANS, KEY_ACTORS

from briefing.evidence.grounding import analyse, find_quote_spans, name_candidates, split_sentences

GOLD_QUOTES = [
    "Of course, it’s crucial that Ukraine is closely involved in everything happening about "
    "Ukraine,",
    "You also forget to mention that [Trump] also had a long phone call with [Ukraine] "
    "President Zelenskyy,",
    "There’s a clear convergence emerging: We all want peace in Ukraine, rather sooner than "
    "later. We all want Ukraine to be in the best possible position.",
    "I don’t think that these doors were really open,",
    "You saw from President Trump yesterday, who himself is the best negotiator on the planet, "
    "bringing two sides together to find a negotiated peace, which is ultimately what everyone "
    "wants,",
    "There can be no negotiation about Ukraine without Ukraine,",
    "The most important [thing] is that there is no negotiation of Europe’s security "
    "architecture without Europeans involved,",
    "durable,",
    "There is a clear expectation from the side of the U.S., but also clear commitments "
    "yesterday that this alliance is here to stay for the generations to come,",
]
# The cue the text itself gives each quote (Q3 continues Q2's "he said" in the same paragraph).
GOLD_CUES = [
    ("Rutte", False),
    ("he", True),
    ("he", True),
    ("Zelenskyy", False),
    ("Hegseth", False),
    ("British Defence Secretary John Healey", False),
    ("he", True),
    ("Rutte", False),
    ("he", True),
]
NOT_ACTORS = ["Paul McLeary", "Veronika Melkozerova", "Matt Honeycombe-Foster", "Politico"]


def _quoted(text: str) -> list[str]:
    return [text[a:b] for a, b in find_quote_spans(text)]


# --- quotes in the reference article


def test_reference_quote_spans_match_gold_exactly(article_text: str) -> None:
    assert find_quote_spans(article_text) == GOLD_SPANS
    assert [article_text[a:b] for a, b in GOLD_SPANS] == GOLD_QUOTES


def test_reference_analysis_numbers_quotes_in_order(article_text: str) -> None:
    analysis = analyse(article_text)
    assert [(q.start, q.end) for q in analysis.quotes] == GOLD_SPANS
    assert [q.id for q in analysis.quotes] == list(range(1, 10))
    assert [q.text for q in analysis.quotes] == GOLD_QUOTES
    assert analysis.quoted == GOLD_SPANS
    for q in analysis.quotes:
        sentence = analysis.sentence(q.sentence)
        assert sentence is not None
        assert sentence.start <= q.start < sentence.end + 1
    assert analysis.quote(10) is None and analysis.quote(0) is None


@pytest.mark.parametrize("qid", range(1, 10))
def test_reference_cue_of_each_quote(article_text: str, qid: int) -> None:
    quote = analyse(article_text).quotes[qid - 1]
    who, pronoun = GOLD_CUES[qid - 1]
    assert quote.cue is not None
    assert quote.cue.who == who
    assert quote.cue.pronoun is pronoun
    start, end = quote.cue.span
    assert article_text[start:end] == who


# --- quote marks


def test_straight_double_quotes() -> None:
    text = 'The mayor said "we will rebuild the bridge" on Monday.'
    assert _quoted(text) == ["we will rebuild the bridge"]
    assert find_quote_spans(text) == [(16, 42)]


def test_inch_marks_are_not_quotes() -> None:
    assert find_quote_spans('It has a 6" screen and a 13" laptop shell.') == []


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("Die Kanzlerin sagte: „Wir schaffen das.“ Dann ging sie.", "Wir schaffen das."),
        ("Die Kanzlerin sagte: „Wir schaffen das.” Dann ging sie.", "Wir schaffen das."),
        ("Der Minister sagte: »Das ist ein guter Tag.« Dann ging er.", "Das ist ein guter Tag."),
        ("Le ministre a dit: «C'est un bon jour.» Puis il est parti.", "C'est un bon jour."),
    ],
)
def test_german_and_guillemet_quotes(text: str, inner: str) -> None:
    spans = find_quote_spans(text)
    assert len(spans) == 1
    a, b = spans[0]
    assert text[a:b] == inner
    assert text[a - 1] in "„»«" and text[b] in "“”«»"


def test_german_quote_cue() -> None:
    text = "„Wir schaffen das“, sagte Angela Merkel am Montag in Berlin."
    (quote,) = analyse(text).quotes
    assert quote.text == "Wir schaffen das"
    assert quote.cue is not None and quote.cue.who == "Angela Merkel"


@pytest.mark.parametrize("gap", ["\n", "\n\n", "\n  \n"])
def test_multi_paragraph_quote_is_one_span(gap: str) -> None:
    first = "“The first paragraph of the statement runs on without a closing mark."
    second = "“And the second paragraph finally closes it,” the minister said."
    text = f"Intro sentence here.\n{first}{gap}{second}\nAn unrelated paragraph."
    spans = find_quote_spans(text)
    assert len(spans) == 1
    a, b = spans[0]
    expected = (
        "The first paragraph of the statement runs on without a closing mark."
        f"{gap}“And the second paragraph finally closes it,"
    )
    assert text[a:b] == expected
    assert a == text.index(first) + 1
    assert text[b] == "”"


def test_multi_paragraph_straight_quote() -> None:
    text = '"First paragraph without a close.\n"Second paragraph closes," she said.'
    assert _quoted(text) == ['First paragraph without a close.\n"Second paragraph closes,']


def test_closed_paragraphs_stay_separate_quotes() -> None:
    text = "“One whole quote,” he said.\n“Another whole quote,” he added."
    assert _quoted(text) == ["One whole quote,", "Another whole quote,"]


def test_paragraph_continuing_with_a_different_mark_is_no_quote() -> None:
    text = "“This paragraph never closes its quote.\nThe next paragraph opens no quote at all."
    assert find_quote_spans(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "He said “this never closes and the sentence simply goes on.",
        "He said “this never closes\nNext paragraph is plain text.",
        'He said "this straight quote never closes either.',
        "Er sagte „das wird nie geschlossen. Und weiter geht es.",
        "Sie sagte »auch das bleibt offen. Und so weiter.",
    ],
)
def test_unbalanced_quote_mark_yields_no_span(text: str) -> None:
    assert find_quote_spans(text) == []


def test_unbalanced_open_before_a_real_quote_is_ignored() -> None:
    text = "He said “this never closes. Later, “a real quote,” she said."
    assert _quoted(text) == ["a real quote,"]


@pytest.mark.parametrize(
    "text",
    [
        "It’s fine, don’t worry: it’s the Smiths’ house and they’re home.",
        "It's fine, don't worry: it's the Smiths' house and they're home.",
        "Rock ’n’ roll isn’t dead, the ’90s aren’t over.",
    ],
)
def test_apostrophes_never_open_quotes(text: str) -> None:
    assert find_quote_spans(text) == []


def test_apostrophes_do_not_disturb_a_real_quote() -> None:
    text = "It’s late and he doesn’t care: “Don’t wait for me,” he said, it’s over."
    assert _quoted(text) == ["Don’t wait for me,"]


# --- sentences


def _sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_abbreviations_do_not_split() -> None:
    text = "U.S. Defense Secretary Pete Hegseth spoke first. Mr. Smith replied later."
    assert _sentences(text) == [
        "U.S. Defense Secretary Pete Hegseth spoke first.",
        "Mr. Smith replied later.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith met Dr. Jones in the U.K. on Monday. They talked.",
            ["Mr. Smith met Dr. Jones in the U.K. on Monday.", "They talked."],
        ),
        (
            "Gen. Smith arrived. Sen. Warren left.",
            ["Gen. Smith arrived.", "Sen. Warren left."],
        ),
        (
            "The talks started Jan. 5 in Geneva. Nothing came of them.",
            ["The talks started Jan. 5 in Geneva.", "Nothing came of them."],
        ),
        (
            "It costs 3.5 million. Nobody paid.",
            ["It costs 3.5 million.", "Nobody paid."],
        ),
        (
            "He said: “We will win.” Then he left.",
            ["He said: “We will win.”", "Then he left."],
        ),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_paragraph_break_always_ends_a_sentence() -> None:
    assert _sentences("no final stop here\nnew paragraph") == [
        "no final stop here",
        "new paragraph",
    ]


def test_sentence_spans_index_the_original_text() -> None:
    text = "  Leading spaces here.  Second one!\t Third?\r\n\n   New para.  \n"
    sentences = split_sentences(text)
    assert [text[s.start : s.end] for s in sentences] == [
        "Leading spaces here.",
        "Second one!",
        "Third?",
        "New para.",
    ]
    assert [s.id for s in sentences] == [1, 2, 3, 4]
    assert sentences[0].start == 2


def test_reference_sentences_are_exact_slices(article_text: str) -> None:
    sentences = split_sentences(article_text)
    assert len(sentences) == 20
    starts = [s.start for s in sentences]
    assert starts == sorted(starts)
    for s in sentences:
        piece = article_text[s.start : s.end]
        assert piece == piece.strip() and piece
        assert "\n" not in piece
    first = article_text[sentences[0].start : sentences[0].end]
    assert first.startswith("NATO Secretary-General Mark Rutte on Thursday said")
    assert first.endswith("by Donald Trump.")
    seventh = article_text[sentences[6].start : sentences[6].end]
    assert seventh == "U.S. Defense Secretary Pete Hegseth’s debut in Europe created quite a stir."


# --- credits


@pytest.mark.parametrize(
    "line",
    [
        "Paul McLeary, Veronika Melkozerova and Matt Honeycombe-Foster contributed to this report.",
        "Jane Doe contributed reporting to this story.",
        "The post NATO ministers plead for peace appeared first on Politico.",
        "By Jane Doe",
        "Reporting by John Smith; Editing by Ann Lee",
    ],
)
def test_credit_sentences_are_flagged(line: str) -> None:
    text = f"The mayor opened the bridge on Monday.\n{line}"
    sentences = split_sentences(text)
    assert [s.credit for s in sentences] == [False, True]


def test_reference_credits(article_text: str) -> None:
    analysis = analyse(article_text)
    flagged = [article_text[a:b] for a, b in analysis.credit_text]
    assert len(flagged) == 2
    assert flagged[0].startswith("Paul McLeary, Veronika Melkozerova")
    assert flagged[1].endswith("appeared first on Politico.")
    assert not any(s.credit for s in analysis.sentences[:-2])


# --- names


def test_name_candidates_of_reference(article_text: str) -> None:
    names = name_candidates(analyse(article_text))
    for actor in KEY_ACTORS:
        assert actor in names
    for reporter in NOT_ACTORS:
        assert reporter not in names
    for surname in ("McLeary", "Melkozerova", "Honeycombe-Foster", "Politico"):
        assert not any(surname in n for n in names)
    # Surnames merge into the full name; titles are split off.
    assert "Rutte" not in names and "Hegseth" not in names
    assert "NATO" in names
    assert not any("Secretary" in n for n in names)
    assert "However" not in names
