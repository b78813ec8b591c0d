"""Find sentences, quotes and attribution cues in the source text; every span is a str offset."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import NamedTuple

from briefing.evidence.lexicon import (
    ABBREVIATIONS,
    DEMONYM_ENDINGS,
    DOCUMENTS,
    HONORIFICS,
    MINOR_WORDS,
    NATIONALITY_ENDING,
    NOT_NAMES,
    PRONOUNS,
    SAID_NOUNS,
    SPEECH_PARTICIPLES,
    SPEECH_VERBS,
    TITLE_WORDS,
    TITLED_BODIES,
)

Span = tuple[int, int]

# Opening mark -> closing marks it pairs with (English, German, French/Swiss typography).
_PAIRS: dict[str, str] = {
    "\u201c": '\u201d"',  # a curly opener closed by a straight mark ('“We will win," Trump said')
    '"': '"\u201d',  # a straight opener closed by a curly mark ('"Oz has a pulpit,” said')
    "\u201e": "\u201c\u201d",
    "\u00bb": "\u00ab",
    "\u00ab": "\u00bb",
}
_SENT_END = re.compile(
    r"[.!?…]+[\"'\u201d\u2019\u00bb\u00ab)\]]*(?=\s+[\"'\u201c\u201e\u00ab\u00bb(\[]?[A-Z0-9ÄÖÜ])"
)
_CREDIT = re.compile(
    r"contributed (?:reporting )?to this (?:report|story|article)|appeared first on|"
    r"^\s*\(?(?:by|reporting by|editing by|writing by|additional reporting by)\s+[A-Z]|"
    r"all rights reserved|^\s*copyright\b|^\s*©|mit material von|^\s*von\s+[A-Z]",
    re.IGNORECASE,
)
_NAME = (
    r"[A-Z\u00c0-\u00de][\w.\u2019'\-]*(?:\s+(?:(?:of|for|the|and|de|van|von|der|den|al|bin|da|la|le)"
    r"\s+)?[A-Z\u00c0-\u00de][\w.\u2019'\-]*){0,7}"
)
_CLAUSE_START = "and|but|or|while|whereas|as|when|before|after|because|although|though|since|so"
# A body or place, a title in lower case and the person: 'Acme chair Mary Osei', 'Clinton
# campaign manager Robby Mook' (taken whole; the person is found in it by the parse).
_LOWER_TITLES = "|".join(
    sorted((w for w in TITLE_WORDS if re.fullmatch(r"[a-z][a-z\-]+", w)), key=lambda w: -len(w))
)
_TITLED = (
    rf"{_NAME}(?:\s+(?!(?:{SPEECH_VERBS}|{_CLAUSE_START})\b)[a-z][\w\-]*){{0,2}}?"
    rf"\s+(?i:{_LOWER_TITLES})\s+{_NAME}"
)
_WHO = rf"(?P<who>\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ee]r|[Ss]ie)\b|{_TITLED}|{_NAME})"
_DOCUMENTS = DOCUMENTS
_DOC_VERBS = "states|stated|reads|read|shows|showed|found|finds|concludes|quotes|quoted"
_DOC = (
    rf"(?P<doc>(?:(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Dd]ie|[Dd]er|[Dd]as|[Ee]ine?)\s+)?"
    rf"(?:[A-Za-z][\w\-]*\s+){{0,3}}?(?:{_DOCUMENTS})"
    rf"(?:\s+(?:(?:obtained|released|issued|published|seen|filed|sent|posted)\s+)?"
    rf"(?:by|from|of)\s+(?:the\s+)?(?:{_NAME}|[a-z][\w\-]*))?)(?![\w\-])"
)
# A person by description: the determiner and up to four lower-case words ('the former
# Dutch prime minister' has a capital: 'the former Dutch prime minister' is allowed one).
_DESC = (
    r"(?P<desc>[Tt]he\s+(?:(?:[a-z][\w\-]*|[A-Z][a-z]+(?:ish|ian|ese|an|ch|i))\s+){0,4}"
    r"[a-z][\w\-]*)"
)
_SAID_NOUNS = SAID_NOUNS
# ('Residents in Ohio have a message:' is the residents', not Ohio's.)
_PREPOSITIONS = "of|to|for|with|at|from|by|on|in|into|near|across|outside|inside|among"
_PASSIVE = "was|were|is|are|be|been|being|wurde|wurden"
# A party/state or other short parenthesis after a name: "Rep. Gwen Moore (D-Wis.) said".
_PAREN = r"(?:\s*\([^()\n]{1,25}\),?)?"
# One or two appositions: "Ayrault, the foreign minister of France, a permanent member ..., said".
_APPOS = r"(?:,\s+[^,\u201c\"\n]{1,80}){1,2},\s+"
# A short introductory phrase and its comma: "With 50 days to go, Minyon Moore, ...".
_INTRO = r"(?:[^,\u201c\"\n]{2,120},\s+)?"


class CueRule(NamedTuple):
    """A named attribution rule: a pattern on the text around a quote. Each quote's cue records
    the rule that found it, so the bench can give every rule's fires and precision."""

    name: str
    rx: re.Pattern[str]


# After the quote's closing mark, anchored at it.
_CUE_AFTER = [
    CueRule(
        "after-who-verb",
        re.compile(rf"^[\s,.!?\u2014\u2013-]*{_WHO}{_PAREN}\s+(?:{SPEECH_VERBS})\b"),
    ),
    CueRule(
        "after-who-appos-verb",
        re.compile(rf"^[\s,.!?\u2014\u2013-]*{_WHO}{_PAREN}{_APPOS}(?:{SPEECH_VERBS})\b"),
    ),
    # A role, then the name in commas: '..." the cooperative's chair, Dev Anand, said.'
    CueRule(
        "after-role-comma-who-verb",
        re.compile(
            rf"^[\s,.!?\u2014\u2013-]*(?!(?:{_CLAUSE_START})\b)(?:[\w\u2019'\-]+\s+){{0,5}}?"
            rf"[\w\u2019'\-]+,\s+{_WHO}{_PAREN},\s+(?:{SPEECH_VERBS})\b"
        ),
    ),
    # A descriptor before the name: "...,” union leader Marieke Janssen said.
    # (Not a new clause: '..." and Finland said it would wait' is Finland's own statement.)
    # The descriptor may hold capitalised words ('retired Air Force general Lloyd Newton'), but
    # no preposition ('an aide to Senator Pike said' is the aide's, not Pike's).
    CueRule(
        "after-role-who-verb",
        re.compile(
            rf"^[\s,.!?\u2014\u2013-]*(?!(?:{_CLAUSE_START})\b)[a-z][\w\-]*\s+"
            rf"(?:(?!(?:{_PREPOSITIONS})\b)[\w\-.]+\s+){{0,4}}?{_WHO}{_PAREN}\s+"
            rf"(?:{SPEECH_VERBS})\b"
        ),
    ),
    CueRule(
        "after-verb-who",
        re.compile(rf"^[\s,.!?\u2014\u2013-]*(?:{SPEECH_VERBS})\s+(?:the\s+)?{_WHO}"),
    ),
    # The verb, then a lower-case descriptor and the name: '..." said election lawyer Joe
    # Birkenstock.' The name ends the clause ('said a Clinton aide' is the aide's, not Clinton's).
    CueRule(
        "after-verb-role-who",
        re.compile(
            rf"^[\s,.!?\u2014\u2013-]*(?:{SPEECH_VERBS})\s+"
            rf"(?:(?!(?:{_PREPOSITIONS}|{_CLAUSE_START}|a|an|one|another|that|this|some)\b)"
            rf"[a-z][\w\-]*\s+){{1,4}}?{_WHO}{_PAREN}"
            r"(?=\s*[.,;:!?]|\s*$|\s+(?:on|in|at|of|during|after|before|who|when|while|as)\b)"
        ),
    ),
    # '"...," according to Jana Horák.', '„...“, so Brandt.', '„...“, laut Berger.'
    CueRule(
        "after-according-to",
        re.compile(
            rf"^[\s,.!?\u2014\u2013-]*(?:[Aa]ccording to\s+(?:the\s+)?|(?:[Ll]aut|so)\s+)"
            rf"{_WHO}{_PAREN}"
            r"(?=\s*[.,;:)]|\s*$)"
        ),
    ),
    # A roundup's signature line: '"..." — Dana Reyes, Harbour Gazette' (to the paragraph's end).
    CueRule(
        "after-signature-line",
        re.compile(rf"^\s*[\u2014\u2013]\s*{_WHO}{_PAREN}(?:,[^\n\u201c\"]{{0,80}})?\s*$"),
    ),
    CueRule(
        "after-according-to-document",
        re.compile(rf"^[\s,.!?\u2014\u2013-]*[Aa]ccording to\s+{_DOC}"),
    ),
    CueRule(
        "after-as-document-put-it",
        re.compile(rf"^[\s,.!?\u2014\u2013-]*as\s+{_DOC}\s+(?:put it|said|wrote|noted)\b"),
    ),
    CueRule(
        "after-as-who-put-it",
        re.compile(rf"^[\s,.!?\u2014\u2013-]*as\s+{_WHO}\s+(?:put it|said|wrote|noted)\b"),
    ),
    CueRule(
        "after-document-verb",
        re.compile(rf"^[\s,.!?\u2014\u2013-]*{_DOC}\s+(?:{SPEECH_VERBS}|{_DOC_VERBS})\b"),
    ),
    CueRule(
        "after-description-verb",
        re.compile(rf"^[\s,.!?\u2014\u2013-]*{_DESC}\s+(?:{SPEECH_VERBS})\b"),
    ),
    CueRule(
        "after-verb-description",
        re.compile(
            rf"^[\s,.!?\u2014\u2013-]*(?:{SPEECH_VERBS})\s+{_DESC}"
            r"(?=\s*[.,;:]|\s*$|\s+(?:on|in|at|during|after|before|of|who|when|while|as)\b)"
        ),
    ),
]
# In the quote's own sentence, before its opening mark.
_CUE_BEFORE = [
    CueRule(
        "before-who-verb-colon",
        re.compile(rf"{_WHO}{_PAREN}\s+(?:{SPEECH_VERBS})(?:\s+[\w\u2019']+){{0,3}}\s*[:,]?\s*$"),
    ),
    CueRule("before-opening-who-verb", re.compile(rf"^\W*{_WHO}{_PAREN}\s+(?:{SPEECH_VERBS})\b")),
    CueRule(
        "before-according-to",
        re.compile(rf"\b(?:[Aa]ccording to\s+(?:the\s+)?|(?:[Ll]aut|[Ss]o)\s+){_WHO}"),
    ),
    CueRule(
        "before-zufolge", re.compile(rf"{_WHO}\s+zufolge\b")
    ),  # 'Jana Berger zufolge ist das „ein Fehler“'
    # A subject with appositions: "Vance, the former secretary of State, stressed ...",
    # after an introductory phrase or not.
    CueRule(
        "before-who-appos-verb",
        re.compile(rf"^\W*{_INTRO}{_WHO}{_PAREN}{_APPOS}(?:\w+\s+)?(?:{SPEECH_VERBS})\b"),
    ),
    # The sentence's subject, a few words before its speech verb ("President Holt condemned").
    # Passive speech cues: "Jones was quoted as saying", "Jones was overheard telling aides".
    CueRule(
        "before-passive-quoted",
        re.compile(
            rf"^\W*{_INTRO}{_WHO}{_PAREN}(?:{_APPOS}|\s+)(?:was|were)\s+(?:\w+\s+)?"
            r"(?:quoted|heard|overheard|recorded|caught|filmed)\s+(?:as\s+)?(?:saying|telling|asking)\b"
        ),
    ),
    # A roundup or transcript line: 'Dana Reyes, Harbour Gazette: "..."', 'REYES: "..."'.
    CueRule(
        "before-roundup-label", re.compile(rf"^\W*{_WHO}(?:,\s+[^,:\u201c\"\n]{{1,60}})?:\s*$")
    ),
    # A body's officials or spokespeople speak for it: "Officials at the Harbour Authority,
    # ..., said" -> the Harbour Authority.
    CueRule(
        "before-officials-of-body",
        re.compile(
            rf"^\W*{_INTRO}(?:[A-Z]?[a-z]+\s+)?(?:[Oo]fficials?|[Ss]pokes(?:man|woman|person)|"
            rf"[Rr]epresentatives?)\s+(?:at|of|from|for|with)\s+(?:the\s+)?(?P<body>{_NAME}){_PAREN}"
            rf"(?:{_APPOS}|\s+)(?:\w+\s+)?(?:{SPEECH_VERBS})\b"
        ),
    ),
    # Never a passive: "Marsh was widely ridiculed" does not make Marsh the speaker.
    # A role, then the name in commas: 'Acme's chief operating officer, Ian Moss, said ...'
    CueRule(
        "before-role-comma-who-verb",
        re.compile(rf"^\W*[^,\u201c\"\n]{{2,80}},\s+{_WHO}{_PAREN},\s+(?:{SPEECH_VERBS})\b"),
    ),
    CueRule(
        "before-who-near-verb",
        re.compile(
            rf"{_WHO}{_PAREN}(?:\s+(?!(?:{_PASSIVE}|and|or)\b)[\w\u2019']+){{0,2}}?\s+(?:{SPEECH_VERBS})\b"
        ),
    ),
    # A possessive and a word for what was said: "Marsh's claim that there were "thousands"".
    CueRule(
        "before-possessive-claim",
        # (right before the quote, or before a that-clause holding it: 'Trump's comments,
        # telling reporters, "..."' is the sentence subject's)
        re.compile(
            rf"{_WHO}['\u2019]s\s+(?:[a-z]+\s+){{0,2}}(?:{_SAID_NOUNS})"
            rf"(?:\s+that\b[^\u201c\u201d\"]*|\s+of\s+[^\u201c\u201d\",]{{1,40}})?\s*[:,]?\s*$"
        ),
    ),
    # A document or recording as the source: 'according to the report', 'the memo said'.
    CueRule("before-according-to-document", re.compile(rf"\b[Aa]ccording to\s+{_DOC}")),
    CueRule(
        "before-document-verb",
        re.compile(rf"^\W*{_INTRO}{_DOC}\s+(?:{SPEECH_VERBS}|{_DOC_VERBS})\b"),
    ),
    # 'as a Homeland Security memo put it', 'as The New Yorker put it in a profile,'
    CueRule(
        "before-as-document-put-it",
        re.compile(rf"\b[Aa]s\s+{_DOC}\s+(?:put it|said|wrote|noted)\b[^\u201c\"]{{0,60}}$"),
    ),
    CueRule(
        "before-as-who-put-it",
        re.compile(rf"\b[Aa]s\s+{_WHO}\s+(?:put it|said|wrote|noted)\b[^\u201c\"]{{0,60}}$"),
    ),
    # A person by description: 'The mayor said the plan was "unworkable."'
    CueRule(
        "before-description-verb",
        re.compile(rf"^\W*{_INTRO}{_DESC}{_PAREN}(?:{_APPOS}|\s+)(?:{SPEECH_VERBS})\b"),
    ),
]
# A sentence ending in its attribution: '..., Schiff said.', '..., said Ann Lee on Monday.'
_CLOSING_CUES = [
    CueRule(
        "previous-closing-who-verb",
        re.compile(rf",\s+{_WHO}{_PAREN}\s+(?:{SPEECH_VERBS})(?:\s+[\w\u2019'.]+){{0,3}}[.!]?$"),
    ),
    CueRule(
        "previous-closing-verb-who",
        # ('..., told POLITICO on Monday.': who is told is the listener, not the speaker)
        re.compile(
            rf",\s+(?!(?:told|tells|tell)\b)(?:{SPEECH_VERBS})\s+{_WHO}"
            rf"(?:\s+[\w\u2019'.]+){{0,3}}[.!]?$"
        ),
    ),
]
# A sentence that says only that someone spoke, the words following it: 'Lee said in a
# statement. "..."', 'The mayor responded on Monday. "..."'.
_SPOKE = CueRule(
    "previous-sentence-spoke",
    re.compile(
        rf"^\W*{_WHO}{_PAREN}(?:{_APPOS}|\s+)(?:{SPEECH_VERBS})"
        r"(?:\s+(?:in|on|at|during|after|before|to|via|through|with|from|late|early|last|this)\b"
        r"[^.;:\u201c\u201d\"\n]{0,80}|\s+\w+day)?\.$"
    ),
)
# The sentence after a quote that stands alone names who said it.
_CUE_NEXT = [
    CueRule("next-so-said", re.compile(rf"^\W*(?:So|Thus)\s+(?:{SPEECH_VERBS})\s+{_WHO}")),
    CueRule(
        "next-that-was-how",
        re.compile(
            rf"^\W*(?:That|This|Those|These|Such)\s+(?:was|were|is|are)\s+how\s+{_WHO}{_PAREN}"
            rf"(?:{_APPOS}|\s+)(?:put|described|summed|explained|saw)\b"
        ),
    ),
    CueRule(
        "next-words-of",
        re.compile(
            rf"^\W*(?:That|This|Those|These|Such)\s+(?:was|were|is|are)\s+(?:the\s+)?(?:[a-z]+\s+)?"
            rf"(?:words?|verdict|view|message|assessment|promise|warning|reply|answer|response)\s+"
            rf"(?:of|from)\s+{_WHO}"
        ),
    ),
    CueRule(
        "next-who-said-this",
        re.compile(rf"^\W*{_WHO}{_PAREN}(?:{_APPOS}|\s+)(?:{SPEECH_VERBS})\s+(?:this|so)\b"),
    ),
]
# The sentence's subject introduces a quote that follows a colon or a speech participle:
# 'Holt put it bluntly: "..."', 'Marsh attacked Vance, saying, "..."'.
# After a comma, the participle may stand before a clause that holds the quote: ', saying it
# was time for a "real conservative"', ', calling him "the most ignorant president"'.
_INTRODUCED = re.compile(
    rf"(?::\s*$|\b(?:{SPEECH_PARTICIPLES})[,:]?\s*$"
    rf"|,\s+(?:{SPEECH_PARTICIPLES})\b[^.;:!?\u201c\u201d\"\n]{{0,150}}$)"
)


# The subject itself, after a descriptor or not ('Union leader Maria Kova put it'): the word
# after the name is no title ('Union leader').
_ROLE_NOUNS = "|".join(sorted(re.escape(w) for w in TITLE_WORDS if w.isalpha()))
_SUBJECT = CueRule(
    "before-subject-introduces",
    re.compile(
        rf"^\W*{_INTRO}(?:(?!(?:{_PREPOSITIONS})\b)[\w\-.]+\s+){{0,4}}?{_WHO}{_PAREN}(?:['\u2019]s)?"
        rf"(?:{_APPOS}|\s+)"
        rf"(?!(?:{_ROLE_NOUNS})\b)[a-z]"
    ),
)


@dataclass(frozen=True)
class Sentence:
    """A numbered sentence of the article; start/end index the text."""

    id: int
    start: int
    end: int
    credit: bool = False


@dataclass(frozen=True)
class Cue:
    """The words that attribute a quote in the text, e.g. 'Reyes told reporters'."""

    who: str
    span: Span
    pronoun: bool
    # "name" ('Reyes'), "pronoun" ('he'), "body" ('officials at the Harbour Authority': the
    # body, its name kept whole), "descriptor" ('the mayor': resolved to the name the text gives
    # elsewhere, if it gives one) or "document" ('the report', 'audio obtained by The Post': the
    # source is kept as such, never handed to the nearest person).
    kind: str = "name"
    rule: str = ""  # the CueRule (or other named rule) that found it


@dataclass(frozen=True)
class Quote:
    """A quoted passage found in the text; span covers what lies between the marks."""

    id: int
    start: int
    end: int
    text: str
    sentence: int
    cue: Cue | None = None


@dataclass
class Analysis:
    """Everything the pipeline knows about the article before asking the model."""

    text: str
    sentences: list[Sentence]
    quotes: list[Quote]
    quoted: list[Span] = field(default_factory=list)
    unsaid: set[Span] = field(default_factory=set)  # turns the text gives no speaker for

    @cached_property
    def names(self) -> list[str]:
        """name_candidates() of this article, computed once."""
        return name_candidates(self)

    def sentence(self, sid: int) -> Sentence | None:
        """The sentence with this number, if any."""
        return self.sentences[sid - 1] if 1 <= sid <= len(self.sentences) else None

    def quote(self, qid: int) -> Quote | None:
        """The quote with this number, if any."""
        return self.quotes[qid - 1] if 1 <= qid <= len(self.quotes) else None

    def sentence_at(self, pos: int) -> Sentence:
        """The sentence holding position pos (or the nearest one before it)."""
        best = self.sentences[0]
        for s in self.sentences:
            if s.start <= pos:
                best = s
            else:
                break
        return best

    @property
    def credit_text(self) -> list[Span]:
        """Spans of bylines and publisher credits: nobody named only there is an actor."""
        return [(s.start, s.end) for s in self.sentences if s.credit]


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences without changing it; paragraph breaks always end a sentence."""
    out: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        base, chunk = para.start(), para.group()
        cuts = [0]
        cuts += [m.end() for m in _SENT_END.finditer(chunk) if _ends_sentence(chunk, m)]
        cuts.append(len(chunk))
        for a, b in zip(cuts, cuts[1:], strict=False):
            piece = chunk[a:b]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece.rstrip())
            if trail > lead:
                start, end = base + a + lead, base + a + trail
                out.append(
                    Sentence(len(out) + 1, start, end, bool(_CREDIT.search(text[start:end])))
                )
    return out


def _ends_sentence(chunk: str, m: re.Match[str]) -> bool:
    """Whether a full stop found by _SENT_END ends a sentence: not after an abbreviation
    ('Sen.', 'Jan.') or an initial ('J.', 'U.S.')."""
    word = re.search(r"(\S+)$", chunk[: m.start() + 1])
    token = word.group(1).rstrip(".").lower() if word else ""
    token = token.lstrip("\"'\u201c\u201e(")
    return not (token in ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", token))


def _first_sentence(chunk: str) -> str:
    """chunk up to the end of its first sentence, the full stop kept."""
    ends = (m.end() for m in _SENT_END.finditer(chunk) if _ends_sentence(chunk, m))
    return chunk[: next(ends, len(chunk))]


def _opens(text: str, i: int) -> bool:
    ch = text[i]
    if ch != '"':
        return True
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([\u2014\u2013-:") and not after.isspace()


# A transcript turn's speaker label ('LINDQVIST: ', 'SEN. OKAFOR: ') or a stage direction.
_LABELLED = re.compile(r"((?:[A-Z][A-Z.'\-]+ ){0,2}[A-Z][A-Z'\-]{2,}):\s+(?=\S)")
_TURN = re.compile(r"(?:[A-Z][A-Z.'\-]+ ){0,2}[A-Z][A-Z'\-]{2,}:\s|[QA][:.]\s|\(")
# An interview's question and answer turns ('"Q: ...', '"A: ...').
_QA = re.compile(r"([QA])[:.]\s+(?=\S)")
# Who is interviewed: 'an interview with Ann Lee', 'Ann Lee spoke to us', 'we asked Ann Lee'.
_INTERVIEWEE = [
    re.compile(rf"\binterview(?:ed)?\s+(?:with\s+)?(?P<who>{_NAME})"),
    re.compile(rf"(?P<who>{_NAME})[^.\n]{{0,60}}\bin an interview\b"),
    re.compile(rf"\b(?:spoke|talked)\s+(?:with|to)\s+(?P<who>{_NAME})"),
    re.compile(rf"(?P<who>{_NAME})\s+(?:spoke|talked)\s+(?:with|to)\s+(?:us|this|the)\b"),
]


def _interviewee(text: str) -> Cue | None:
    """The one person the text says it interviews, if it names exactly one."""
    found: dict[str, Cue] = {}
    for rx in _INTERVIEWEE:
        for m in rx.finditer(text):
            cue = _cue(m.group("who"), (m.start("who"), m.end("who")), "interview-answer")
            if cue is not None:
                found.setdefault(name_from_phrase(cue.who), cue)
    return next(iter(found.values())) if len(found) == 1 else None


def find_quote_spans(text: str) -> list[Span]:
    """Spans of quoted passages, multi-paragraph quotes included (content between the marks)."""
    spans: list[Span] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _PAIRS and _opens(text, i):
            closers, opener, j = _PAIRS[ch], ch, i + 1
            end = -1
            while j < n:
                c = text[j]
                if c in closers:
                    end = j
                    break
                if c == opener and opener != '"':
                    break  # the same opener again before a closer: the first never closed
                if c == "\n":
                    # A quote running on: the next paragraph opens with the same mark.
                    k = j
                    while k < n and text[k] in "\n \t":
                        k += 1
                    if k < n and text[k] == opener and text[j - 1] not in closers:
                        if _TURN.match(text, k + 1):
                            # A transcript's next turn ('"PENCE: ...'): this turn ends here.
                            end = len(text[i + 1 : j].rstrip()) + i + 1
                            break
                        j = k + 1
                        continue
                    break
                j += 1
            if end > i + 1 and text[i + 1 : end].strip():
                spans.append((i + 1, end))
                i = end + 1
                continue
        i += 1
    return spans


def _cue_for(text: str, sentence: Sentence, span: Span, para_end: int) -> Cue | None:
    if quoted_title(text, span):
        return None
    before = _cue_before(text, sentence, span)
    closed = text[span[0] : span[1]].rstrip().endswith(".")
    if closed and before is not None:
        return before  # '... an "outlaw nation." Russia insisted': the quote's sentence is over
    after_end = min(para_end, span[1] + 1 + 160)
    after = text[span[1] + 1 : after_end]
    if re.match(r"[.!?]\s", after):
        return before  # '..."highly critical". Microsoft says': the quote's sentence is over
    # A cue lies in the quote's own sentence: '..." between Cruz and Trump. And Patrick says'
    # is the next sentence's.
    after = _first_sentence(after)
    for rule in _CUE_AFTER:
        m = rule.rx.search(after)
        group = _group(m)
        if m and not after[: m.start(group)].count("\u201c"):
            if closed and _QUOTE_OPEN.search(after[m.end(group) : _sentence_end(after, m.end())]):
                continue  # the next sentence's cue introduces that sentence's own quote
            return _cue_at(m, span[1] + 1, rule.name)
    if before is None and not _QUOTE_OPEN.search(after):
        # The sentence goes on after the quote and ends in its cue: '..."were stiff" in
        # comparison to Obama, Gingrich said.'
        for rule in _CLOSING_CUES:
            if m := rule.rx.search(after.rstrip()):
                return _cue(
                    m.group("who"),
                    (span[1] + 1 + m.start("who"), span[1] + 1 + m.end("who")),
                    "after-sentence-closing-cue",
                )
    return before


def _group(m: re.Match[str] | None) -> str:
    """The group of a cue match that names the source."""
    if m is None:
        return "who"
    kinds = ("doc", "desc", "body")
    return next((g for g in kinds if g in m.re.groupindex and m.group(g)), "who")


def _cue_at(m: re.Match[str], base: int, rule: str) -> Cue | None:
    group = _group(m)
    span = (base + m.start(group), base + m.end(group))
    if group == "who":
        return _cue(m.group("who"), span, rule)
    who = m.group(group).rstrip(".,;:")  # 'The Harbour Post.' ends a sentence
    span = (span[0], span[0] + len(who))
    last = who.split()[-1]
    if group == "desc" and (last in PRONOUNS or re.fullmatch(_DOCUMENTS, last)):
        return None
    kind = {"doc": "document", "desc": "descriptor", "body": "body"}[group]
    return Cue(who, span, False, kind, rule)


_QUOTE_OPEN = re.compile('[\u201c\u201e\u00ab\u00bb]|(?<![\\w])"')


def quoted_title(text: str, span: Span) -> bool:
    """A title after a possessive ('Radio North's "Morning Desk"', 'Fox News's "Fox and
    Friends"'): every word capitalised, a programme or work, nobody's words."""
    words = text[span[0] : span[1]].rstrip(".,!?").split()
    before = text[max(0, span[0] - 8) : span[0] - 1].rstrip()
    return (
        bool(re.search(r"\w['\u2019]s$", before))
        and 0 < len(words) <= 6
        and all(w[:1].isupper() or w.lower() in MINOR_WORDS for w in words)
    )


def _sentence_end(chunk: str, pos: int) -> int:
    m = _SENT_END.search(chunk, pos)
    return m.start() if m else len(chunk)


def _cue_before(text: str, sentence: Sentence, span: Span) -> Cue | None:
    before = text[sentence.start : span[0] - 1]
    # A cue lies within a few hundred characters of the sentence's start (patterns anchored
    # there) or of the quote: a sentence of thousands of characters is not searched whole.
    head, tail = max(0, len(before) - _REACH), before[-_REACH:]
    rules = _CUE_BEFORE + ([_SUBJECT] if _INTRODUCED.search(tail) else [])
    for rule in rules:
        anchored = rule.rx.pattern.startswith("^")
        m = rule.rx.search(before[:_REACH] if anchored else tail)
        if m and (cue := _cue_at(m, sentence.start + (0 if anchored else head), rule.name)):
            return cue
    return None


_REACH = 600


# Two phrases run into one name: a lower-case article inside it that no preposition or
# conjunction introduces ('According to Rathbun the Scientology property was returned';
# 'Church of the Nazarene' is one name).
RUN_TOGETHER = re.compile(
    r"(?<!\bof)(?<!\bfor)(?<!\band)(?<!\bto)(?<!\bon)(?<!\bin)\s(?:the|a|an)\s"
)


def _cue(who: str, span: Span, rule: str) -> Cue | None:
    if re.search(r"['\u2019]s?$", who):
        return None  # a possessive ('Obama's remarks') is no verb's subject
    if cut := RUN_TOGETHER.search(who):
        who = who[: cut.start()]  # the name is the first phrase
    stripped = who.rstrip(".,;:")
    who, span = stripped, (span[0], span[0] + len(stripped))
    words = who.split()
    while len(words) > 1 and words[0].lower().strip(",") in NOT_NAMES:
        words = words[1:]  # "Even China said" -> China
    if words and words[0].lower() in NOT_NAMES and words[0].lower() not in PRONOUNS:
        return None  # "Following ..." is no speaker
    if len(words) < len(who.split()):
        start = span[1] - len(" ".join(words))
        who, span = " ".join(words), (start, span[1])
    low = who.lower()
    if low in PRONOUNS:
        return Cue(who, span, True, "pronoun", rule)
    if low.split()[0] in {"the", "a", "an", "this", "that", "it", "der", "die", "das"}:
        return None
    return Cue(who, span, False, rule=rule)


def analyse(text: str) -> Analysis:
    """Number the sentences and quotes of an article and find each quote's attribution cue."""
    sentences = split_sentences(text)
    if not sentences:
        sentences = [Sentence(1, 0, len(text))]
    analysis = Analysis(text, sentences, [])
    spans = find_quote_spans(text)
    analysis.quoted = spans
    quotes: list[Quote] = []
    unsaid: set[Span] = set()  # turns whose speaker the text does not give: no cue at all
    interviewee: list[Cue | None] = []
    for span in spans:
        sent = analysis.sentence_at(span[0])
        para_end = text.find("\n", span[1])
        para_end = len(text) if para_end < 0 else para_end
        cue = None
        if label := _LABELLED.match(text, span[0], span[1]):
            # A transcript turn: the label names the speaker and is not part of the quote.
            cue = Cue(
                label.group(1), (label.start(1), label.end(1)), False, rule="transcript-label"
            )
            span = (label.end(), span[1])
        elif qa := _QA.match(text, span[0], span[1]):
            # An interview: answers are the interviewee's; questions stay unattributed.
            if qa.group(1) == "A":
                if not interviewee:
                    interviewee = [_interviewee(text)]  # looked for once, at the first answer
                cue = interviewee[0]
            span = (qa.end(), span[1])
            if cue is None:
                unsaid.add(span)
        quotes.append(
            Quote(
                len(quotes) + 1,
                span[0],
                span[1],
                text[span[0] : span[1]],
                sent.id,
                cue or (None if span in unsaid else _cue_for(text, sent, span, para_end)),
            )
        )
    analysis.quotes = quotes
    analysis.unsaid = unsaid
    carry_cues(analysis)
    return analysis


def carry_cues(analysis: Analysis) -> None:
    """Give a quote with no cue of its own the cue a neighbour supplies: the next sentence
    ('"We rebuild." So said Ann Lee.'), or the quote before it in its paragraph. Run again after
    a later step (the parse) finds more cues, so a quote continues those too."""
    _cues_from_next_sentence(analysis)
    _continued_cues(analysis)


def _cues_from_next_sentence(analysis: Analysis) -> None:
    """A quote that is its whole sentence may be attributed by the next sentence, in the next
    paragraph or not: '"We rebuild." So said Ann Lee.', '... That was how Lee put it.'"""
    text, spans, unsaid, quotes = analysis.text, analysis.quoted, analysis.unsaid, analysis.quotes
    for i, q in enumerate(quotes):
        here = analysis.sentence(q.sentence)
        after = analysis.sentence(q.sentence + 1)
        if q.cue is not None or here is None or after is None or (q.start, q.end) in unsaid:
            continue
        if re.search(r"\w", text[here.start : q.start - 1] + text[q.end + 1 : here.end]):
            continue
        chunk = text[after.start : after.end]
        if any(after.start <= a < after.end for a, _ in spans):
            continue  # that sentence has its own quote
        for rule in _CUE_NEXT:
            if m := rule.rx.search(chunk):
                quotes[i] = replace(q, cue=_cue_at(m, after.start, rule.name))
                break


def _continued_cues(analysis: Analysis) -> None:
    """A quote with no cue of its own continues the speaker of the quote before it in its
    paragraph, if it opens its sentence or shares the sentence of that quote (a partial quote
    inside another sentence, 'led the journalist to fear a "pact."', is that sentence's).
    (A title in quotes between them, 'on Fox News's "Fox and Friends."', has no cue and is
    skipped.) A quote opening a paragraph after one that ends with a colon ('He said:') takes
    that sentence's cue."""
    text, spans, unsaid, quotes = analysis.text, analysis.quoted, analysis.unsaid, analysis.quotes
    for i, q in enumerate(quotes):
        if q.cue is not None or quoted_title(text, (q.start, q.end)) or (q.start, q.end) in unsaid:
            continue
        sentence = analysis.sentence(q.sentence)
        opens = sentence is None or not re.search(r"\w", text[sentence.start : q.start])
        earlier = analysis.sentence(q.sentence - 1)
        if opens and earlier is not None and text[earlier.start : earlier.end].endswith(":"):
            if cue := _cue_before(text, earlier, (earlier.end + 1, earlier.end + 1)):
                quotes[i] = replace(q, cue=replace(cue, rule="previous-sentence-colon"))
                continue
        if opens and earlier is not None and "\n" not in text[earlier.end : q.start]:
            # '..., Schiff said. "The other factor ..."': the speaker goes on.
            closing = _closing_cue(text, earlier) or _spoke(text, earlier)
            if closing and not any(earlier.start <= a < earlier.end for a, _ in spans):
                quotes[i] = replace(q, cue=closing)
                continue
        for prev in reversed(quotes[:i]):
            if "\n" in text[prev.end : q.start]:
                if cue := _paragraph_goes_on(analysis, q, prev):
                    quotes[i] = replace(q, cue=replace(cue, rule="continues-previous-paragraph"))
                break
            if prev.cue is not None:
                if opens or prev.sentence == q.sentence:
                    quotes[i] = replace(q, cue=replace(prev.cue, rule="continues-previous-quote"))
                break


def _paragraph_goes_on(analysis: Analysis, q: Quote, prev: Quote) -> Cue | None:
    """The cue of the quote that ends the paragraph before, when q opens its own paragraph: a
    speaker goes on over paragraphs ('..., Lee said.' / '"And we will."'). Not after a question:
    the next paragraph is the answer, someone else's. Nor when words follow the quote in its
    sentence ('"It will," said a neighbour.'): that is its own cue, if no rule reads it."""
    text = analysis.text
    para_start = text.rfind("\n", 0, q.start) + 1
    prev_end = text.find("\n", prev.end)
    here = analysis.sentence(q.sentence)
    if (
        prev.cue is None
        or prev.cue.rule == "transcript-label"  # a transcript labels each turn
        or q.text.startswith("(")  # a stage direction: '(CROSSTALK.)'
        or text[para_start : q.start - 1].strip()
        or (here is not None and re.search(r"\w", text[q.end : here.end]))
        or text[prev_end:para_start].strip()
        or prev.text.rstrip().endswith("?")
    ):
        return None
    # The quote and its cue end that paragraph: no other sentence starts after the quote.
    if any(prev.end < s.start < prev_end for s in analysis.sentences):
        return None
    return prev.cue


def _spoke(text: str, sentence: Sentence) -> Cue | None:
    """The speaker of a sentence that says only that they spoke ('Lee said in a statement.')."""
    if m := _SPOKE.rx.match(text[sentence.start : sentence.end]):
        return _cue_at(m, sentence.start, _SPOKE.name)
    return None


def _closing_cue(text: str, sentence: Sentence) -> Cue | None:
    """The cue that closes a sentence ('..., Schiff said.'), if one does."""
    for rule in _CLOSING_CUES:
        if m := rule.rx.search(text, sentence.start, sentence.end):
            return _cue(m.group("who"), (m.start("who"), m.end("who")), rule.name)
    return None


def is_title(tokens: list[str], i: int) -> bool:
    """Whether tokens[i] is a title. A title word that ends a name after a given name or an
    honorific is a surname ('Charlie King', 'Mr. King'): titles come before names."""
    low = tokens[i].lower().strip(",")
    if low not in TITLE_WORDS:
        return False
    if i == len(tokens) - 1 and i > 0:
        prev = tokens[i - 1].lower().strip(",")
        if prev in HONORIFICS:
            return False
        given = tokens[i - 1][:1].isupper() and tokens[i - 1][1:].islower()
        if given and prev not in TITLE_WORDS and not NATIONALITY_ENDING.search(prev):
            return False
    return True


def name_from_phrase(phrase: str) -> str:
    """The person's name in 'British Defence Secretary John Healey' -> 'John Healey'."""
    tokens = phrase.split()
    last_title = -1
    for i, tok in enumerate(tokens):
        low = tok.lower().strip(",")
        if is_title(tokens, i) or (i < len(tokens) - 2 and NATIONALITY_ENDING.search(low)):
            last_title = i
    rest = tokens[last_title + 1 :] or tokens[-1:]
    # 'Charles B. Rangel of New York': the person, not where he is from.
    if "of" in rest and rest.index("of") >= 2:
        rest = rest[: rest.index("of")]
    return " ".join(_of_body(rest)[1])


def _of_body(tokens: list[str]) -> tuple[list[str], list[str]]:
    """A title's body and the person after it: 'of Wessex Jane Roe' (after 'Governor') ->
    (['Wessex'], ['Jane', 'Roe']); the person is the last two words, three with a middle
    initial ('of State John F. Kerry'). Tokens that do not open with 'of' are all the person."""
    if len(tokens) < 4 or tokens[0] != "of":
        return [], tokens
    size = 3 if re.fullmatch(r"[A-Z]\.", tokens[-2]) else 2
    return tokens[1:-size], tokens[-size:]


def name_tokens(name: str) -> set[str]:
    """Lower-case words of a name worth matching on (no titles, no short particles)."""
    return set(_name_tokens(name))


@lru_cache(maxsize=4096)
def _name_tokens(name: str) -> frozenset[str]:
    tokens = re.findall(r"[\w.\u2019'\-]+", name)
    return frozenset(
        t.lower().strip(".,\u2019's")
        for i, t in enumerate(tokens)
        if len(t) > 2 and not is_title(tokens, i) and t[0].isupper()
    )


def mention_spans(text: str, term: str) -> list[Span]:
    """Whole-word occurrences of term in text."""
    return list(_mention_spans(text, term))


@lru_cache(maxsize=4096)  # the same names are looked up in the same article many times
def _mention_spans(text: str, term: str) -> tuple[Span, ...]:
    if not term.strip():
        return ()
    rx = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])")
    return tuple((m.start(), m.end()) for m in rx.finditer(text))


def inside(pos: int, spans: list[Span]) -> bool:
    """Whether pos falls inside one of spans."""
    return any(a <= pos < b for a, b in spans)


_TOKEN = r"(?:(?:[A-Z]\.){2,}|[A-Z]\.(?=\s+[A-Z])|[A-Z\u00c0-\u00de][\w\u2019'\-]*)"
_RUN = re.compile(
    rf"(?<![\w\u2019']){_TOKEN}"
    rf"(?:\s+(?:(?:of|for|the|de|van|von|der|den|al|bin|da|la|le)\s+)?{_TOKEN})*"
)


def name_candidates(analysis: Analysis) -> list[str]:
    """Names the article uses (people, bodies, places), outside bylines; longest form first.

    'OHOC chair Dana Reyes' yields 'OHOC' and 'Dana Reyes'; 'Reyes' alone merges into
    'Dana Reyes'. A word seen only at the start of sentences ('However') is no name.
    """
    text = analysis.text
    found: dict[str, int] = {}
    for sentence in analysis.sentences:
        if sentence.credit:
            continue
        chunk = text[sentence.start : sentence.end]
        words = chunk.split()
        if _title_case(words):
            continue  # a title-case headline: every word is capitalised, names can't be told
        lead = len(chunk) - len(chunk.lstrip("\u201c\u201e\"'(\u00ab\u00bb[ "))
        for m in _RUN.finditer(chunk):
            # (a possessive is no part of the name: "Sanders's", "Sanders'")
            tokens = m.group().replace("\u2019s", "").replace("'s", "").split()
            tokens = [t.rstrip("\u2019'") for t in tokens]
            at_start = m.start() <= lead or chunk[max(0, m.start() - 1)] in '\u201c"\u201e(['
            while tokens and tokens[0].lower().strip(".,") in NOT_NAMES:
                tokens, at_start = tokens[1:], False
            if not tokens:
                continue
            for part in _split_titles(tokens):
                name = " ".join(part).rstrip(",")
                if name.lower() in NOT_NAMES or len(name) < 2 or _is_nationality(part):
                    continue
                weight = 0 if (at_start and part is tokens and len(part) == 1) else 1
                found[name] = found.get(name, 0) + weight
    names = [n for n, count in found.items() if count > 0]
    names.sort(key=lambda n: -len(n.split()))
    merged: list[str] = []
    for n in names:
        if len(n.split()) == 1 and any(n == m.split()[-1] for m in merged if len(m.split()) > 1):
            continue
        merged.append(n)
    return merged


def _title_case(words: list[str]) -> bool:
    """A headline in title case ('Allies Demand a Seat at the Talks'): mostly capitalised, and its
    only lower-case words are minor ones. 'Senator Chuck Grassley disagreed.' is a sentence."""
    lower = [w for w in words if w[:1].isalpha() and not w[:1].isupper()]
    return (
        len(words) >= 4
        and len(words) - len(lower) >= 0.7 * len(words)
        and all(w.lower().strip(",.;:") in MINOR_WORDS for w in lower)
    )


def _split_titles(tokens: list[str]) -> list[list[str]]:
    lows = [t.lower().strip(",") for t in tokens]
    titles = [i for i, t in enumerate(lows) if is_title(tokens, i) and t not in TITLED_BODIES]
    if not titles:
        return [tokens]
    body, person = _of_body(tokens[titles[-1] + 1 :])
    return [p for p in (tokens[: titles[0]], body, person) if p]


def _is_nationality(part: list[str]) -> bool:
    return len(part) == 1 and part[0].lower().endswith(DEMONYM_ENDINGS)
