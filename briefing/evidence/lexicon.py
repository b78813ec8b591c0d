"""The hand-kept words the evidence rules read, in one place. Each list covers a class of words a
reader would name (titles, honorifics, function words, heads of organisation names), never one
article's vocabulary. The rules that use them live in grounding.py and attribution.py; the cue
vocabulary (speech verbs, documents, prepositions inside cue patterns) stays with its patterns."""

from __future__ import annotations

import re

# Abbreviations written with a full stop that does not end the sentence ('Sen. Pike', 'Jan. 5',
# 'Acme Inc. said', German 'z.B.'): honorifics and ranks, months, company forms, Latin and
# German shorthand. Compared lower-case, without the final full stop.
ABBREVIATIONS: frozenset[str] = frozenset({
    # honorifics, ranks and offices
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt",
    "adm", "rev", "st", "jr", "sr",
    # months
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    # company forms
    "inc", "co", "corp", "ltd",
    # numbers, places and shorthand (English, Latin, German)
    "no", "vs", "etc", "ft", "mt", "nr", "ca", "dt", "str", "bzw", "vgl", "z.b", "u.a", "d.h",
    "i.e", "e.g",
})  # fmt: skip

# Titles and roles written before a name ('Defence Secretary John Healey', 'Sen. Ann Pike'): they
# are not part of the name. Also the words such titles are built from (offices, portfolios,
# parties, the bodies that confer them: 'House Speaker', 'Harbour Authority chair').
_TITLES: frozenset[str] = frozenset({
    # offices and ranks
    "secretary", "secretary-general", "minister", "president", "prime", "chancellor", "premier",
    "senator", "senators", "sen.", "sens.", "rep.", "representative", "governor", "gov.", "mayor",
    "director", "chief", "executive", "ceo", "chairman", "chairwoman", "chair", "speaker",
    "spokesman", "spokeswoman", "spokesperson", "general", "gen.", "lt.", "col.", "adm.",
    "admiral", "commander", "officer", "ambassador", "commissioner", "judge", "justice",
    "attorney", "sheriff", "councillor", "councilor", "councilman", "councilwoman", "alderman",
    "adviser", "advisor", "leader", "head", "candidate", "nominee", "professor",
    "king", "queen", "prince", "pope",
    # honorifics written with their full stop
    "dr.", "mr.", "mrs.", "ms.", "prof.",
    # words that qualify an office ('former', 'deputy', 'vice')
    "former", "deputy", "vice",
    # portfolios and the bodies an office belongs to ('Defence Secretary', 'House Speaker')
    "defence", "defense", "foreign", "finance", "state", "interior", "health", "economy", "trade",
    "labour", "labor", "home", "affairs", "national", "security", "police", "house", "senate",
    "democratic", "republican", "gop", "u.s.", "u.k.", "us", "uk", "nato", "eu", "un",
    # German titles written as words of their own (compounds: GERMAN_TITLE_ENDING)
    "minister-president", "bundeskanzler", "kanzler", "präsident", "ministerin", "sprecher",
    "sprecherin", "chef", "chefin", "vorsitzende", "vorsitzender",
})  # fmt: skip

# German builds titles as compounds ('Premierminister', 'Ministerpräsidentin',
# 'Regierungssprecher'): a word ending in one of these office nouns is a title.
GERMAN_TITLE_ENDING = re.compile(
    r"(?:minister|präsident|kanzler|sprecher|bürgermeister|sekretär|botschafter|direktor"
    r"|leiter|chef|richter|abgeordnete)(?:in|innen|r)?$"
)


class TitleWords(frozenset[str]):
    """Lower-case title words; German compounds count by their ending ('Premierminister',
    'Ministerpräsidentin', 'Regierungssprecher')."""

    def __contains__(self, word: object) -> bool:
        return super().__contains__(word) or (
            isinstance(word, str) and GERMAN_TITLE_ENDING.search(word) is not None
        )


TITLE_WORDS = TitleWords(_TITLES)

# Bodies whose short name also opens a title ('EU Commissioner Dana Reyes', 'U.S.
# Ambassador'): a title word, and still a name of its own.
TITLED_BODIES: frozenset[str] = frozenset({"u.s.", "u.k.", "nato", "eu", "un", "us", "uk"})

# Honorifics before a surname ('Mr. King'): after one, a title word is the surname itself.
HONORIFICS: frozenset[str] = frozenset({
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.",
})  # fmt: skip

# Nationality and demonym adjectives end this way ('British', 'Ukrainian', 'Chinese', 'Dutch',
# 'Korean', 'Icelandic', 'Iraqi'): before a title or name they say where someone is from.
NATIONALITY_ENDING = re.compile(r"(?:ish|ian|ese|ean|an|ch|ic|i)$")
# A word standing alone as a nationality or a people ('Ukrainian', 'Americans') is no actor's
# name (a narrower set of endings than NATIONALITY_ENDING: 'Rosa' ends in -a, not -an).
DEMONYM_ENDINGS: tuple[str, ...] = ("ish", "ian", "ese", "ch", "ean", "ans")

# Personal pronouns that can be a quote's speaker ('he said', 'sagte er').
PRONOUNS: frozenset[str] = frozenset({"he", "she", "they", "er", "sie", "i", "we"})

# Words capitalised only because they open a sentence or a clause, never a name: function words
# (conjunctions, prepositions, determiners, pronouns, discourse adverbs), the days, months and
# relative days, honorifics without their name. English and German.
NOT_NAMES: frozenset[str] = frozenset({
    # conjunctions and subordinators
    "and", "but", "or", "although", "because", "unless", "until", "once", "while", "since", "if",
    "as", "when", "before", "after", "than", "so", "then",
    # prepositions
    "following", "despite", "with", "without", "during", "amid", "among", "from", "by", "to",
    "under", "through", "on", "in", "at", "of", "for", "according",
    # determiners, pronouns, question words
    "the", "a", "an", "this", "that", "these", "those", "he", "she", "they", "we", "i", "it",
    "his", "her", "their", "our", "what", "where", "who", "why", "how",
    # discourse adverbs and answers
    "even", "meanwhile", "however", "also", "there", "here", "yes", "no", "of course",
    # days, months, relative days
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "today", "yesterday", "tomorrow",
    # honorifics without a name
    "mr", "mrs", "ms",
    # German articles, conjunctions, contracted prepositions, pronouns
    "der", "die", "das", "ein", "eine", "und", "oder", "aber", "am", "im", "es", "sie", "er",
    "wir", "ich",
})  # fmt: skip

# Words a title-case headline leaves in lower case ('Allies Demand a Seat at the Talks'):
# articles, short conjunctions and prepositions.
MINOR_WORDS: frozenset[str] = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by", "with",
    "from", "as", "vs", "vs.", "over", "into", "amid", "after", "up", "out", "off", "if", "per",
    "via", "yet", "so",
})  # fmt: skip

# Words that make a capitalised name a body, a place, an event or a document rather than a person
# ('Harbour Authority', 'New York Times', 'Labor Day', 'Affordable Care Act'): the heads of
# organisation names, media titles, place words, named events and laws. English and German.
ORG_WORDS: frozenset[str] = frozenset({
    # heads of organisation names
    "committee", "council", "university", "party", "ministry", "department", "house", "senate",
    "union", "bank", "group", "agency", "court", "republic", "states", "kingdom", "nations",
    "organization", "organisation", "association", "foundation", "institute", "center",
    "centre", "exchange", "conference", "caucus", "army", "force", "navy", "company", "corp",
    "inc", "league", "program", "office", "commission", "coalition", "school", "services", "club",
    "fund", "airport", "church", "hospital", "studies", "relations", "security",
    # media titles
    "news", "journal", "street", "post", "times", "radio", "tv", "network", "tribune",
    # places and where they are
    "city", "county", "north", "south", "east", "west", "northern", "southern", "eastern",
    "western", "central", "middle", "new", "america", "american", "americans", "europe",
    "european", "capitol",
    # named days, events, laws and texts
    "day", "war", "pact", "act", "bill", "amendment", "award",
    "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    # German heads of organisation names
    "regierung", "partei", "ministerium", "gericht",
})  # fmt: skip

# Capitalised words that open a name-like run but are no given name ('Former Senator Pike',
# 'Many Republicans', 'New York businessman'): adjectives of age, standing and address, quantifiers,
# conjunctions and prepositions. Other words that merely open a sentence ('Follow Ann Lee on
# Twitter') are told by attribution.no_given_name from the parse and the article's own usage.
NOT_FIRST_NAMES: frozenset[str] = frozenset({
    # adjectives of age, standing, address
    "senior", "former", "late", "new", "old", "young", "dear",
    # quantifiers
    "many", "both", "all", "some",
    # conjunctions, prepositions, discourse adverbs
    "meanwhile", "even", "during", "with", "following", "when", "while", "after", "before",
    "like",
})  # fmt: skip
