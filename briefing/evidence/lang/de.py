"""German words the evidence rules read, one list per phenomenon (the same names as en.py)."""

from __future__ import annotations

import re

# Verbs of saying ('sagte Bürgermeisterin Dana Reyes', 'Berger warnte').
SPEECH_VERBS: tuple[str, ...] = (
    "sagte", "sagt", "erklärte", "erklärt", "betonte", "betont", "meinte", "meint", "schrieb",
    "fügte", "kritisierte", "warnte",
)  # fmt: skip

# Verbs that report a statement in a dass-clause ('Berger erklärte, dass ...').
REPORTING_VERBS: tuple[str, ...] = ("sagte", "erklärte", "betonte", "warnte")
SAY_VERBS: tuple[str, ...] = ("sagte", "sagt")
# The sentence before was what someone said: 'Dies sagte Bürgermeisterin Ilse Brandt.'
THIS_SAID_VERBS: tuple[str, ...] = (
    "sagten?", "erklärten?", "betonten?", "teilten?", "schrieben?", "berichteten?",
    "bestätigten?", "sagt", "erklärt", "betont", "teilt", "schreibt", "berichtet", "bestätigt",
)  # fmt: skip
# Prepositions and articles before a name that make it an amount or a place ('100 Millionen
# Euro', 'von Madagascar Matin').
THING_BEFORE: tuple[str, ...] = (
    "von", "aus", "bei", "für", "mit", "nach", "der", "die", "das", "dem", "den", "des",
    "eine?[mnrs]?",
)  # fmt: skip

# Documents that can be a quote's source ('laut der Erklärung').
DOCUMENTS: tuple[str, ...] = ("Erklärung", "Bericht", "Mitteilung", "Studie", "Umfrage", "Urteil")

# Shorthand written with full stops inside a sentence ('z.B.', 'bzw.', 'Nr.').
ABBREVIATIONS: frozenset[str] = frozenset({
    "nr", "ca", "dt", "str", "bzw", "vgl", "z.b", "u.a", "d.h",
})  # fmt: skip

# Titles written as words of their own (compounds: TITLE_ENDING).
TITLES: frozenset[str] = frozenset({
    "minister-president", "bundeskanzler", "kanzler", "präsident", "ministerin", "sprecher",
    "sprecherin", "chef", "chefin", "vorsitzende", "vorsitzender",
})  # fmt: skip

# German builds titles as compounds ('Premierminister', 'Ministerpräsidentin',
# 'Regierungssprecher'): a word ending in one of these office nouns is a title.
TITLE_ENDING = re.compile(
    r"(?:minister|präsident|kanzler|sprecher|bürgermeister|sekretär|botschafter|direktor"
    r"|leiter|chef|richter|abgeordnete)(?:in|innen|r)?$"
)

# Personal pronouns that can be a quote's speaker ('sagte er').
PRONOUNS: frozenset[str] = frozenset({"er", "sie"})

WEEKDAYS: tuple[str, ...] = (
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
)  # fmt: skip
MONTHS: tuple[str, ...] = (
    "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
    "oktober", "november", "dezember",
)  # fmt: skip

# Articles, conjunctions, contracted prepositions and pronouns that open sentences.
NOT_NAMES: frozenset[str] = frozenset({
    "der", "die", "das", "ein", "eine", "und", "oder", "aber", "am", "im", "es", "sie", "er",
    "wir", "ich",
})  # fmt: skip

# Heads of organisation names ('Bundesregierung', 'Sozialdemokratische Partei').
ORG_WORDS: frozenset[str] = frozenset({"regierung", "partei", "ministerium", "gericht"})

# Pronouns and forms of address that show gender ('er sagte', 'Frau Berger'); 'sie' is also
# 'they', so it is left out.
MASCULINE_PRONOUNS: frozenset[str] = frozenset({"er", "sein", "seine", "seinen", "ihm"})
MASCULINE_TITLES: frozenset[str] = frozenset({"herr"})
FEMININE_TITLES: frozenset[str] = frozenset({"frau"})
