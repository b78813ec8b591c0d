"""English words the evidence rules read, one list per phenomenon. Each list covers a class of
words a reader would name (speech verbs, titles, months, function words), never one article's
vocabulary. lexicon.py joins the languages; a rule never lists words of its own."""

from __future__ import annotations

import re

# Verbs of saying that attribute a quote ('said Ann Lee', 'Lee warns', 'Trump barked'), as
# lemmas; SPEECH_VERBS holds every past and present form (speech_forms). Speech acts that judge
# or name count too ('Japan branded North Korea an "outlaw nation"').
SPEECH_LEMMAS: tuple[str, ...] = (
    "say", "tell", "add", "reply", "ask", "state", "write", "argue", "note", "insist", "warn",
    "explain", "declare", "claim", "continue", "remark", "tweet", "post", "respond", "answer",
    "urge", "stress", "acknowledge", "concede", "recall", "predict", "suggest", "announce",
    "counter", "caution", "admit", "complain", "joke", "observe", "emphasize", "emphasise",
    "testify", "condemn", "call", "describe", "denounce", "vow", "accuse", "criticize",
    "criticise", "praise", "blame", "contend", "maintain", "quip", "lament", "assert", "agree",
    "promise", "pledge", "demand", "retort", "interject", "bark", "snap", "exclaim", "yell",
    "shout", "scream", "mutter", "murmur", "whisper", "muse", "scoff", "recount", "reflect",
    "echo", "concur", "assure", "reassure", "inform", "advise", "marvel", "grumble",
    # speech acts that judge or name something
    "brand", "label", "dub", "rule", "liken", "dismiss", "mock", "slam", "blast", "scold", "hail",
    "tout", "characterize", "characterise", "ridicule", "deride", "decry", "reiterate", "confirm",
    "allege", "boast", "brag", "wonder", "plead", "remind", "conclude", "proclaim",
    # the manner of saying, complaining or pleading ('Toomey fumed', '"...?" Hannity pressed')
    "fume", "rage", "gripe", "grouse", "groan", "moan", "sneer", "growl", "roar", "thunder",
    "bellow", "hiss", "gush", "rave", "sigh", "laugh", "chuckle", "press", "exhort", "implore",
    "beg", "preach", "gloat", "fret", "opine", "posit", "theorize", "theorise", "speculate",
)  # fmt: skip
# Verbs that attribute words or a view to their subject when a quote stands in what they govern,
# though they are no verbs of saying ('referred to Obama as "the founder"', 'used the word
# "rigged"', 'compared the talks to a "root canal"'); read from the parse only.
ATTRIBUTION_LEMMAS: tuple[str, ...] = (
    "refer", "repeat", "believe", "offer", "address", "cite", "invoke", "use", "coin", "title",
    "entitle", "compare", "reference", "quote", "propose", "push", "pitch", "email", "text",
    "chant", "read", "sign", "dismiss", "label", "cast", "portray", "frame", "characterize",
    # judging, thanking and characterizing someone in words ('thanked him for "stepping up"',
    # 'defended his aide as a "very decent man"', 'identified the judge as "Spanish"'), and
    # reporting or voicing a view ('Fox News reported that "agents are looking"')
    "thank", "credit", "commend", "congratulate", "welcome", "attack", "defend", "question",
    "identify", "pronounce", "depict", "define", "express", "voice", "report", "ponder",
    "bemoan", "herald", "hammer",
)  # fmt: skip
# Verbs that report a statement in a that-clause ('Okafor told his counterparts that ...'): the
# clause is a reported claim of the verb's subject. 'said' alone may drop the 'that'.
REPORTING_VERBS: tuple[str, ...] = (
    "said", "says", "told", "warned", "argued", "insisted", "stressed", "claimed", "added",
    "noted", "announced", "urged", "acknowledged", "predicted", "believes", "believed", "denied",
    "pointed out", "concluded", "reported", "found", "contended", "maintained",
)  # fmt: skip
SAY_VERBS: tuple[str, ...] = ("said", "says")

# Words before a name that make it read as an amount, a place or a body, not a person: a
# preposition or an article ('journalists from Madagascar Matin', 'the Responsible Federal
# Budget'), or a noun for a publication or a body ('the daily Le Monde', 'the firm Acme').
THING_BEFORE: tuple[str, ...] = (
    "from", "of", "in", "at", "the", "an?", "(?:news)?paper", "daily", "weekly", "magazine",
    "company", "firm", "group", "party", "agency", "network", "channel", "station", "bank",
    "fund", "committee", "foundation", "institute", "programm?e?",
)  # fmt: skip

# Forms the spelling rules in speech_forms do not give.
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("said",), "tell": ("told",), "write": ("wrote",), "quip": ("quipped",),
    "slam": ("slammed",), "dub": ("dubbed",), "snap": ("snapped",), "brag": ("bragged",),
    "label": ("labeled", "labelled"), "plead": ("pleaded", "pled"), "admit": ("admitted",),
    "beg": ("begged",),
}  # fmt: skip
# Lemmas whose bare form also attributes ('officials say', 'critics warn'); the others' bare
# forms are nouns as often ('a claim', 'the note', 'a call').
_BARE: frozenset[str] = frozenset({
    "say", "tell", "warn", "argue", "insist", "write", "explain", "agree", "ask", "add",
    "contend", "maintain", "predict", "suggest", "acknowledge", "concede", "urge", "complain",
    "assert", "admit", "recall", "wonder", "reply",
})  # fmt: skip
# Verbs of two words ('pointed out', 'shot back').
SPEECH_PHRASES: tuple[str, ...] = (
    "pointed out", "points out", "went on", "shot back", "shoots back", "fired back",
    "fires back", "chimed in", "chimes in", "weighed in", "weighs in",
)  # fmt: skip


def speech_forms(lemma: str) -> tuple[str, ...]:
    """The third-person present and past forms of a lemma, and the lemma itself where it is no
    noun: 'say' -> say, says, said; 'claim' -> claims, claimed."""
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        present = lemma + "es"
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        present = lemma[:-1] + "ies"
    else:
        present = lemma + "s"
    if lemma in _IRREGULAR:
        past: tuple[str, ...] = _IRREGULAR[lemma]
    elif lemma.endswith("e"):
        past = (lemma + "d",)
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        past = (lemma[:-1] + "ied",)
    else:
        past = (lemma + "ed",)
    return ((lemma,) if lemma in _BARE else ()) + (present, *past)


def participle(lemma: str) -> str:
    """The -ing form: 'say' -> 'saying', 'argue' -> 'arguing', 'slam' -> 'slamming'."""
    if lemma in _IRREGULAR and _IRREGULAR[lemma][0].endswith(lemma[-1] * 2 + "ed"):
        return lemma + lemma[-1] + "ing"  # 'slammed' -> 'slamming'
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye")):
        return lemma[:-1] + "ing"
    return lemma + "ing"


# The participles that introduce a quote after the sentence's subject ('Lee hit back, saying
# the plan was "a fraud"', 'Roe praised the deal, calling it "historic"').
SPEECH_PARTICIPLES: tuple[str, ...] = tuple(participle(lemma) for lemma in SPEECH_LEMMAS)

SPEECH_VERBS: tuple[str, ...] = (
    tuple(f for lemma in SPEECH_LEMMAS for f in speech_forms(lemma)) + SPEECH_PHRASES
)

# Documents and recordings that can be a quote's source ('according to the report').
DOCUMENTS: tuple[str, ...] = (
    "statement", "report", "letter", "memo", "memorandum", "audio", "video", "recording", "tape",
    "footage", "transcript", "documents?", "filing", "e-?mails?", "press release", "release",
    "study", "survey", "poll", "ruling", "complaint", "lawsuit", "indictment", "affidavit",
    "editorial", "minutes", "records", "communiqu\u00e9", "decree", "website", "book", "memoir",
    "biography", "article", "column", "op-ed", "newsletter",
)  # fmt: skip

# Nouns for what someone said, after a possessive ("Marsh's claim that ...").
SAID_NOUNS: tuple[str, ...] = (
    "claims?", "statements?", "remarks?", "comments?", "words", "predictions?", "assertions?",
    "warnings?", "promises?", "pledges?", "arguments?", "insistence", "description", "tweets?",
    "messages?", "accusations?", "allegations?", "suggestions?", "boasts?", "vows?",
    "contention", "answers?", "response", "charges?", "testimony",
)  # fmt: skip

# Abbreviations written with a full stop that does not end the sentence ('Sen. Pike', 'Jan. 5',
# 'Acme Inc. said'). Compared lower-case, without the final full stop.
ABBREVIATIONS: frozenset[str] = frozenset({
    # honorifics, ranks and offices
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt",
    "adm", "rev", "st", "jr", "sr",
    # months
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    # company forms
    "inc", "co", "corp", "ltd",
    # numbers, places and Latin shorthand
    "no", "vs", "etc", "ft", "mt", "i.e", "e.g",
})  # fmt: skip

# Titles and roles written before a name ('Defence Secretary John Healey', 'Sen. Ann Pike'), and
# the words such titles are built from (offices, portfolios, parties, the bodies that confer them).
TITLES: frozenset[str] = frozenset({
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
    "democratic", "republican", "democrat", "gop", "u.s.", "u.k.", "us", "uk", "nato", "eu", "un",
})  # fmt: skip

# Occupations and positions written before a name like a title ('campaign manager Jeff Weaver',
# 'pollster Ann Selzer', 'Acme chair Mary Osei'); words that are also common surnames (baker,
# miller, smith) are left out.
ROLE_NOUNS: frozenset[str] = frozenset({
    "manager", "founder", "co-founder", "aide", "strategist", "pollster", "analyst",
    "economist", "lawyer", "owner", "coach", "author", "researcher", "scientist", "official",
    "organizer", "organiser", "activist", "consultant", "historian", "physician", "surgeon",
    "principal", "superintendent", "prosecutor", "detective", "inspector", "captain",
    "lieutenant", "sergeant", "coordinator", "administrator", "treasurer", "clerk", "trustee",
    "president-elect", "lawmaker", "legislator", "congressman", "congresswoman", "assemblyman",
    "assemblywoman", "chairperson", "editor", "correspondent", "columnist", "commentator",
    "spokesperson", "negotiator", "envoy", "diplomat", "minister", "vice-president",
})  # fmt: skip

# Where a publication or broadcaster is only the medium of what someone said ('told CBC News',
# 'according to the Daily Ledger', 'in an interview with Wikinews', 'the Ledger reported'): a
# source, not an actor in the story.
MEDIUM_BEFORE: tuple[str, ...] = (
    "told", "tells", "telling", "according to", "interview with", "interviewed by", "spoke to",
    "spoke with", "speaking to", "speaking with", "talking to", "talked to", "wrote in",
    "writing in", "reported by", "published by", "quoted by", "said on", "appearing on",
    "said to", "stated to", "explained to", "confirmed to",
)  # fmt: skip
# ... or the outlet doing its reporting ('Wikinews reporters attended', 'people Wikinews
# observed', 'CNN has learned', 'the Ledger contacted the ministry').
MEDIUM_AFTER: tuple[str, ...] = (
    "reported", "reports", "reporting", "first reported", "reporters?", "correspondents?",
    "observed", "(?:has |had )?learned", "contacted", "obtained", "reached",
)  # fmt: skip

# Bodies whose short name also opens a title ('EU Commissioner Dana Reyes', 'U.S. Ambassador').
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

# Personal pronouns that can be a quote's speaker ('he said').
PRONOUNS: frozenset[str] = frozenset({"he", "she", "they", "i", "we"})

# Days, months and relative days as words.
WEEKDAYS: tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip
MONTHS: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
RELATIVE_DAYS: tuple[str, ...] = ("today", "yesterday", "tomorrow")

# Words capitalised only because they open a sentence or a clause, never a name: function words
# (conjunctions, prepositions, determiners, pronouns, discourse adverbs), the days and months,
# honorifics without their name.
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
    # numbers and quantifiers ('One poster admitted ...', 'Several residents said')
    "one", "two", "three", "four", "five", "another", "several", "each", "every", "most",
    # discourse adverbs and answers
    "even", "meanwhile", "however", "also", "there", "here", "yes", "no", "of course",
    # honorifics without a name
    "mr", "mrs", "ms",
}) | frozenset(WEEKDAYS + MONTHS + RELATIVE_DAYS)  # fmt: skip

# Words a title-case headline leaves in lower case ('Allies Demand a Seat at the Talks').
MINOR_WORDS: frozenset[str] = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by", "with",
    "from", "as", "vs", "vs.", "over", "into", "amid", "after", "up", "out", "off", "if", "per",
    "via", "yet", "so",
})  # fmt: skip

# Words a finished headline or clause never ends on: an article, a conjunction, a preposition
# that needs its object, an auxiliary or 'be' ('... is urging them to be' was cut off).
DANGLING_WORDS: frozenset[str] = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "for", "by", "with", "from", "as",
    "into", "amid", "via", "at", "that", "be", "is", "are", "was", "were", "will", "would",
    "has", "have", "had", "their", "its", "his", "her",
})  # fmt: skip

# Words that make a capitalised name a body, a place, an event or a document rather than a person
# ('Harbour Authority', 'New York Times', 'Labor Day', 'Affordable Care Act').
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
}) | frozenset(WEEKDAYS)  # fmt: skip

# Capitalised words that open a name-like run but are no given name ('Former Senator Pike',
# 'Many Republicans', 'New York businessman').
NOT_FIRST_NAMES: frozenset[str] = frozenset({
    # adjectives of age, standing, address
    "senior", "former", "late", "new", "old", "young", "dear",
    # quantifiers
    "many", "both", "all", "some",
    # conjunctions, prepositions, discourse adverbs
    "meanwhile", "even", "during", "with", "following", "when", "while", "after", "before",
    "like",
})  # fmt: skip

# Words too common to tell two stories apart by ('the', 'said', 'will').
STOP_WORDS: frozenset[str] = frozenset({
    "the", "and", "for", "with", "from", "that", "this", "after", "over", "into", "about", "says",
    "said", "will", "have", "has", "are", "was", "were", "its", "their", "new",
})  # fmt: skip

# Pronouns and titles that show a person's gender ('he said', 'Mr. Lee', 'spokeswoman Ann
# Lee'): a pronoun cue is resolved only to a person the text does not show as the other gender.
MASCULINE_PRONOUNS: frozenset[str] = frozenset({"he", "his", "him", "himself"})
FEMININE_PRONOUNS: frozenset[str] = frozenset({"she", "her", "hers", "herself"})
MASCULINE_TITLES: frozenset[str] = frozenset({
    "mr", "mr.", "spokesman", "chairman", "congressman", "councilman", "assemblyman",
    "businessman", "king", "prince", "sir",
})  # fmt: skip
FEMININE_TITLES: frozenset[str] = frozenset({
    "mrs", "mrs.", "ms", "ms.", "miss", "spokeswoman", "chairwoman", "congresswoman",
    "councilwoman", "assemblywoman", "businesswoman", "queen", "princess", "dame",
})  # fmt: skip

# Participles of scheduling: "scheduled to lift off", "the inquest is set for February 9", "with
# the first meeting set to take place" (a reduced clause: no 'is' before the participle; 'due'
# and 'planned' are left out there, "due to the storm" is a cause).
SCHEDULE_PARTICIPLES: tuple[str, ...] = ("scheduled", "slated", "set")

# Nouns of a happening's bounds: "ten days before the beginning of the Hajj" times a happening
# by another that lies ahead.
BOUND_NOUNS: tuple[str, ...] = ("start", "beginning", "opening", "end", "close", "launch")

# Verbs of expectation that report an opinion when what is expected is a state ("what many
# expect to be his softball interview", "analysts expect prices to remain high"): a forecast,
# not a plan of the expecting subject.
EXPECTATION_VERBS: tuple[str, ...] = ("expect", "expects", "expected", "predict", "predicts")

# Verbs that deny what another said, as lemmas: with a noun for what was said as their object
# ("the Church denied these allegations", "the ministry rejected the claims") they answer the
# statement that made it.
DENIAL_VERBS: frozenset[str] = frozenset({
    "deny", "reject", "dispute", "refute", "dismiss", "contest", "rebut", "contradict",
})  # fmt: skip

# Verbs that state no deed ('X is Y', 'X has a plan'): a headline's subject of one of these
# is not said to have done anything another did.
STATE_VERBS: frozenset[str] = frozenset({"be", "have", "become", "seem", "remain"})

# The two outcomes of a ruling or a vote, as written after its verb ('ruled in favour of the
# union', 'ruled against the union'): a headline with one where its sentence has the other
# states the opposite of the text.
OUTCOME_FOR: tuple[str, ...] = ("in favour of", "in favor of", "for")
OUTCOME_AGAINST: tuple[str, ...] = ("against",)

# Subjects that, negated, tell of dissent without saying who dissents ("Not everyone finds his
# remarks compelling", "Not all members agree"): the speaker of the next sentence is one.
UNIVERSAL_SUBJECTS: frozenset[str] = frozenset({"everyone", "everybody", "all", "anyone"})

# Nouns of pressure or criticism someone is under ("X was under pressure to postpone the vote",
# "X faced calls to resign"), with the verbs that put them on their subject: the speaker of the
# next sentence is one who applies it.
PRESSURE_NOUNS: frozenset[str] = frozenset({"pressure", "criticism", "call", "demand"})
UNDERGOING_VERBS: frozenset[str] = frozenset({"be", "face", "come", "remain", "feel"})

# Verbs of criticism or pressure that, in the passive, aim at their subject ("X was widely
# criticized by world leaders", "X has been urged to step down"), as lemmas. Not 'press': "X
# was pressed by ABC's host about ..." is an interview.
PRESSING_VERBS: frozenset[str] = frozenset({
    "criticize", "criticise", "condemn", "denounce", "attack", "accuse", "blame", "urge",
    "pressure", "slam", "fault", "rebuke", "censure",
})  # fmt: skip

# Words that condemn whom or what they are said of ("X is a disgusting fraud", "the claims
# were lies", "the plan is dangerous"), as lemmas.
CONDEMNING_WORDS: frozenset[str] = frozenset({
    "fraud", "liar", "lie", "hypocrite", "disgrace", "insult", "false", "untrue", "baseless",
    "unfounded", "dishonest", "misleading", "fabrication", "nonsense", "absurd", "ridiculous",
    "shameful", "outrageous", "disgraceful", "bigot", "racist", "incompetent",
})  # fmt: skip

# Marks of a concessive clause, which sets its clause against the main one ("Though X complies
# with the requests, Y will keep hosting the video"). 'While', 'whereas' and 'but' are left out:
# measured on PolNeAR articles they mostly compare figures ("X had 38 percent, while Y held 33").
CONTRAST_MARKS: frozenset[str] = frozenset({"though", "although"})

# The two poles of a stance on a thing: for it or against it. A closed class of verbs (and the
# nouns of people who hold the stance), read by lemma; a negation flips the pole.
STANCE_FOR: frozenset[str] = frozenset({
    "support", "back", "praise", "defend", "welcome", "endorse", "favor", "favour", "urge",
    "propose", "champion", "approve", "applaud", "advocate", "supporter", "proponent",
})  # fmt: skip
STANCE_AGAINST: frozenset[str] = frozenset({
    "oppose", "reject", "criticize", "criticise", "attack", "condemn", "denounce", "block",
    "dispute", "deny", "veto", "resist", "fight", "scrap", "opponent", "critic",
})  # fmt: skip
# 'called for the vote', 'pushed for the law': a verb with 'for' is for its object.
STANCE_FOR_PREP: frozenset[str] = frozenset({"call", "push", "press", "argue", "vote", "lobby"})
# Verbs of commitment: for what they commit to do ('pledged to impose further sanctions',
# 'vowed to keep the plan'), unless what they commit to is a stance ('vowed to fight the bill').
STANCE_COMMIT: frozenset[str] = frozenset({"pledge", "vow", "promise"})

# Verbs that judge a thing by whether it works: negated ('the sanctions approach is not
# working'), or of failing ('the policy has failed'), the speaker is against the thing.
WORKING_VERBS: frozenset[str] = frozenset({"work", "succeed"})
FAILING_VERBS: frozenset[str] = frozenset({"fail", "backfire"})

# Prepositions that name a member of a plural subject ("other sites such as Gawker.com",
# "critics, including Senator Pike", "towns like Westport").
MEMBER_PREPOSITIONS: frozenset[str] = frozenset({"as", "including", "like"})

# Verbs too general to tell one claim from another ('is', 'has', 'made'), as lemmas: two
# statements with one of these and one noun do not share a predicate.
LIGHT_VERBS: frozenset[str] = frozenset({
    "be", "have", "do", "say", "make", "get", "go", "take", "come",
})  # fmt: skip
