"""Attribution patterns of real articles, each on a sentence written for the test: who says each
quote on the embedded default (compact mode: speakers come from the text's evidence only)."""

from __future__ import annotations

from fakes import SchemaDouble

from briefing.pipeline import Options, generate
from briefing.sources import Article


def spoken(text: str) -> dict[str, str | None]:
    """Each rendered quote of the text and its speaker."""
    b = generate(Article(text=text), client=SchemaDouble(), options=Options(compact=True))
    return {c.quote: c.speaker for c in b.claims if c.quote is not None}


def test_a_cue_in_the_next_sentence_belongs_to_that_sentences_quote() -> None:
    text = (
        "Reactions came fast.\n\n"
        'Norway called the vote a "dangerous precedent." Sweden warned that the council '
        '"cannot stay silent," and Finland said it would wait.'
    )
    said = spoken(text)
    # The first quote closed its sentence: the next sentence's cue is Sweden's, not Norway's.
    assert said["dangerous precedent."] == "Norway"
    # "and Finland said" opens a new clause: Finland's own statement, not the quote's cue.
    assert said["cannot stay silent,"] == "Sweden"
