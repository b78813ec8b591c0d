"""The hand-kept words the evidence rules read, joined over the languages in `evidence/lang/`.

Articles in English and German are read alike, so each rule sees the union of the languages'
lists under one name. The words themselves live per language (lang/en.py, lang/de.py), each list
with a comment naming its phenomenon; a rule never lists words of its own."""

from __future__ import annotations

from briefing.evidence.lang import de, en

_LANGS = (en, de)


def _union(name: str) -> frozenset[str]:
    return frozenset().union(*(getattr(lang, name, frozenset()) for lang in _LANGS))


def _alternation(name: str) -> str:
    """A regex alternation of the languages' words (already regex-ready: 'documents?')."""
    words = [w for lang in _LANGS for w in getattr(lang, name, ())]
    return "|".join(sorted(dict.fromkeys(words), key=lambda w: -len(w)))


ABBREVIATIONS = _union("ABBREVIATIONS")
HONORIFICS = _union("HONORIFICS")
TITLED_BODIES = _union("TITLED_BODIES")
PRONOUNS = _union("PRONOUNS")
NOT_NAMES = _union("NOT_NAMES")
MINOR_WORDS = _union("MINOR_WORDS")
DANGLING_WORDS = _union("DANGLING_WORDS")
ORG_WORDS = _union("ORG_WORDS")
NOT_FIRST_NAMES = _union("NOT_FIRST_NAMES")
STOP_WORDS = _union("STOP_WORDS")
MASCULINE_PRONOUNS = _union("MASCULINE_PRONOUNS")
FEMININE_PRONOUNS = _union("FEMININE_PRONOUNS")
MASCULINE_TITLES = _union("MASCULINE_TITLES")
FEMININE_TITLES = _union("FEMININE_TITLES")
DENIAL_VERBS = _union("DENIAL_VERBS")
UNIVERSAL_SUBJECTS = _union("UNIVERSAL_SUBJECTS")
PRESSURE_NOUNS = _union("PRESSURE_NOUNS")
UNDERGOING_VERBS = _union("UNDERGOING_VERBS")
PRESSING_VERBS = _union("PRESSING_VERBS")
CONDEMNING_WORDS = _union("CONDEMNING_WORDS")
CONTRAST_MARKS = _union("CONTRAST_MARKS")
MEMBER_PREPOSITIONS = _union("MEMBER_PREPOSITIONS")
LIGHT_VERBS = _union("LIGHT_VERBS")
STANCE_FOR = _union("STANCE_FOR")
STANCE_AGAINST = _union("STANCE_AGAINST")
STANCE_FOR_PREP = _union("STANCE_FOR_PREP")
STANCE_COMMIT = _union("STANCE_COMMIT")
WORKING_VERBS = _union("WORKING_VERBS")
FAILING_VERBS = _union("FAILING_VERBS")
STATE_VERBS = _union("STATE_VERBS")
OUTCOME_FOR = _alternation("OUTCOME_FOR")
OUTCOME_AGAINST = _alternation("OUTCOME_AGAINST")
NATIONALITY_ENDING = en.NATIONALITY_ENDING
DEMONYM_ENDINGS = en.DEMONYM_ENDINGS
GERMAN_TITLE_ENDING = de.TITLE_ENDING

# Regex alternations, longest first: speech verbs, documents, nouns for what was said.
SPEECH_VERBS = _alternation("SPEECH_VERBS")
DOCUMENTS = _alternation("DOCUMENTS")
SAID_NOUNS = _alternation("SAID_NOUNS")
SPEECH_PARTICIPLES = _alternation("SPEECH_PARTICIPLES")
MEDIUM_BEFORE = _alternation("MEDIUM_BEFORE")
REPORTING_VERBS = _alternation("REPORTING_VERBS")
SAY_VERBS = _alternation("SAY_VERBS")
THIS_SAID_VERBS = _alternation("THIS_SAID_VERBS")
THING_BEFORE = _alternation("THING_BEFORE")
MEDIUM_AFTER = _alternation("MEDIUM_AFTER")

# Month and weekday names -> their number (January = 1; Monday = 0), every language.
MONTHS: dict[str, int] = {m: i + 1 for lang in _LANGS for i, m in enumerate(lang.MONTHS)}
WEEKDAYS: dict[str, int] = {d: i for lang in _LANGS for i, d in enumerate(lang.WEEKDAYS)}


class TitleWords(frozenset[str]):
    """Lower-case title words; German compounds count by their ending ('Premierminister',
    'Ministerpräsidentin', 'Regierungssprecher')."""

    def __contains__(self, word: object) -> bool:
        return super().__contains__(word) or (
            isinstance(word, str) and GERMAN_TITLE_ENDING.search(word) is not None
        )


ROLE_NOUNS = _union("ROLE_NOUNS")
TITLE_WORDS = TitleWords(_union("TITLES") | ROLE_NOUNS)
