"""Next-event candidates: sentences that say something will happen after publication.

A sentence is a candidate when it has a future or scheduling construction ('will meet',
'is expected to', 'plans to', 'ahead of', 'is pending', German 'wird', 'soll') or a time
expression that lies ahead ('next week', 'tomorrow night', 'Nov. 8' after the publication
date). Past-only sentences, questions and conditionals score low; a time that resolves to a
day before publication rules the sentence out. Every candidate keeps exact spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from briefing.evidence.dates import resolve_date
from briefing.evidence.grounding import Analysis, Span
from briefing.evidence.lang import de, en
from briefing.evidence.nlp import is_german, parse
from briefing.ingest.clean import parse_iso


def _names(words: tuple[str, ...], *, abbreviated: bool = False) -> str:
    """A regex group of capitalised names ('Monday'), with their short forms ('Jan', 'Sept')."""
    forms = [w.capitalize() for w in words]
    if abbreviated:
        forms += [w[:3].capitalize() for w in words] + ["Sept"]
    return "(?:" + "|".join(sorted(set(forms), key=lambda w: -len(w))) + ")"


_WEEKDAY = _names(en.WEEKDAYS)
_MONTH = rf"(?:{_names(en.MONTHS, abbreviated=True)})\.?"
_DE_WEEKDAY = _names(de.WEEKDAYS)
_DE_MONTH = _names(de.MONTHS)
_DE_MODAL = (
    r"(?:kann|können|konnten?|muss|müssen|musste[n]?|soll|sollen|sollten?|darf|dürfen"
    r"|durften?|will|wollen|wollten?)\b"
)
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_NUMBER = r"(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|few|several)"
_UNIT = r"(?:days?|weeks?|months?|years?)"
_SCHEDULED = "|".join(en.SCHEDULE_PARTICIPLES)

_DAY = rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}\s+{_MONTH})"
_BOUND = "|".join(en.BOUND_NOUNS)
# A year alone ("early in 2016"): a time ahead only when later than the publication's year.
_YEAR_TIME = re.compile(
    r"\b(?:(?:[Ee]arly|[Ll]ate|[Ll]ater|[Mm]id)[\s-]+(?:in\s+)?|[Ii]n\s+(?:early\s+|late\s+)?)"
    r"((?:19|20)\d{2})\b"
)
# A span of days ("from November 20 to December 11", "from January 23 through March 9"): the
# happening goes on until its last day.
_RANGE = re.compile(rf"\b[Ff]rom\s+({_DAY})\s+(?:to|through|until|till)\s+({_DAY})")

# Time expressions as written, English and German; the longest alternatives first. A word that
# can open the sentence is matched capitalised too ("Next year's competition").
TIME = re.compile(
    "|".join(
        [
            _RANGE.pattern,
            rf"\b(?:[Jj]ust\s+)?{_NUMBER}\s+{_UNIT}\s+(?:before|ahead\s+of)\s+the\s+(?:{_BOUND})"
            r"\s+of\s+(?:the\s+)?\w+",
            r"\b(?:by|at|before|until)\s+the\s+end\s+of\s+(?:this|the|next)\s+(?:week|month|year)",
            r"\b(?:[Ll]ater|[Ee]arly|[Ee]arlier)\s+(?:this|next)\s+(?:week|month|year)",
            rf"\b(?:[Ii]n|[Ww]ithin|[Oo]ver)\s+the\s+(?:next|coming)\s+(?:{_NUMBER}\s+)?{_UNIT}",
            rf"\b[Tt]he\s+(?:next|coming)\s+(?:{_NUMBER}\s+)?{_UNIT}",
            rf"\b{_NUMBER}\s+{_UNIT}\s+away\b",
            rf"\b[Ii]n\s+{_NUMBER}\s+{_UNIT}\b",
            rf"\b[Nn]ext\s+(?:week|month|year|spring|summer|autumn|fall|winter|{_WEEKDAY}|{_MONTH})",
            rf"\b(?:[Tt]omorrow|[Tt]onight){_PART}",
            _YEAR_TIME.pattern,
            rf"\b(?:on\s+)?{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?",
            r"\bon\s+the\s+\d{1,2}(?:st|nd|rd|th)\b",  # "on the 29th": a day of this month
            rf"\b(?:on\s+)?\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?",
            r"\bimmediately\b|\bsoon\b",
            rf"\b(?:on\s+|this\s+)?{_WEEKDAY}{_PART}(?:\u2019s|'s)?",
            rf"\b(?:am\s+|nächsten\s+|kommenden\s+){_DE_WEEKDAY}",
            rf"\b(?:im\s+|Ende\s+|Anfang\s+){_DE_MONTH}(?:\s+\d{{4}})?",
            r"\b(?:nächste[nrs]?|kommende[nrs]?)\s+(?:Woche|Monat|Jahr)",
            r"\b(?:übermorgen|morgen|demnächst|bald)\b",
        ]
    )
)
# Words that put a time expression in the past.
_PAST_TIME = re.compile(r"\b(?:last|ago|yesterday|earlier|letzte[nrs]?|vergangene[nrs]?|gestern)\b")

# Future and scheduling constructions (a cue, a tense), English then German.
_CUES: list[tuple[str, re.Pattern[str], int]] = [
    ("will", re.compile(r"\b(?:will|won[\u2019']t|shall)\s+(?:not\s+)?(?:\w+ly\s+)?[a-z]+"), 3),
    ("'ll", re.compile(r"\w[\u2019']ll\s+[a-z]+"), 3),
    ("going to", re.compile(r"\b(?:is|are|am|[\u2019']s|[\u2019']re)\s+going\s+to\s+[a-z]+"), 3),
    (
        "scheduled",
        re.compile(
            r"\b(?:is|are|was|were|be|been)\s+(?:also\s+)?(?:expected|scheduled|set|due|slated"
            r"|poised|planned|likely|about)\s+to\b"
            # a reduced clause ("with the first meeting set to take place", "scheduled to lift
            # off"), and a time as the schedule's object ("the inquest is set for February 9")
            rf"|\b(?:{_SCHEDULED})\s+to\s+[a-z]{{2,}}\b"
            rf"|\b(?:is|are|was|were|be|been|\u2019s|'s)\s+(?:now\s+)?(?:{_SCHEDULED}|due)\s+for\b"
        ),
        3,
    ),
    (
        "plans",
        re.compile(
            r"\b(?:plans|planning|intends?|aims|expects?|hopes?)\s+to\b|\bplans\s+for\b"
            r"|\b(?:we|they|I|you)\s+plan\s+to\b"
        ),
        3,
    ),
    ("pending", re.compile(r"\b(?:is|are|remains?)\s+(?:still\s+)?pending\b"), 3),
    ("ahead of", re.compile(r"\bahead\s+of\s+(?:a|an|the|next|this|his|her|their|its)\b"), 3),
    ("upcoming", re.compile(r"\b(?:upcoming|forthcoming)\b"), 3),
    (
        "would",
        re.compile(
            r"\b(?:said|says|announced|promised|pledged)\s+(?:it|he|she|they|we|the\s+\w+)\s+would\b"
        ),
        3,
    ),
    ("would like", re.compile(r"\bwould\s+like\s+to\b"), 2),
    ("is to", re.compile(r"\b(?:is|are)\s+to\s+(?:be\s+)?[a-z]+(?:ed|en)?\b"), 1),
    ("could", re.compile(r"\b(?:could|may|might)\s+(?:be|become|face|lead|decide|vote)\b"), 2),
    # A process just begun goes on after publication: "by starting peace talks", "opened an
    # inquiry", "launched a review" (a verb of beginning with a process as its object).
    (
        "begun",
        re.compile(
            r"\b(?:start(?:ed|ing|s)?|beg[au]n|beginning|launch(?:ed|ing|es)?|open(?:ed|ing|s)?"
            r"|initiat(?:ed|ing|es)|kick(?:ed|ing)?\s+off)\s+(?:an?\s+|the\s+)?(?:[\w\-]+\s+){0,2}?"
            r"(?:talks|negotiations|investigations?|inquir(?:y|ies)|reviews?|trials?|hearings?"
            r"|proceedings|consultations?)\b"
        ),
        3,
    ),
    # "bezahlt werden konnten": 'werden' before a modal is a passive infinitive, not a future.
    ("wird", re.compile(rf"\b(?:wird|werden|wirst)\b(?!\s+{_DE_MODAL})"), 3),
    ("soll", re.compile(r"\b(?:soll|sollen)\b"), 3),
    ("will (de)", re.compile(r"\b(?:will|wollen)\b(?=[^.]*\b\w+en\b)"), 3),
    ("könnte", re.compile(r"\b(?:könnte|könnten)\b"), 2),
    ("steht aus", re.compile(r"\bsteh(?:t|en)\s+(?:noch\s+)?aus\b"), 3),
    ("plant", re.compile(r"\b(?:plant|planen|geplant)\b"), 3),
]
# What a next event is: an occasion or a decision ('will meet', 'a vote', 'new sanctions
# measures', 'elections'). A bare 'will' with neither this nor a time is a promise or a guess.
_OCCASION = re.compile(
    r"\b(?:meet\w*|vot(?:e|es|ing)|talks|elections?|hearings?|summits?|debates?|trials?|deadlines?"
    r"|launch\w*|releas\w+|decisions?|decide|conferences?|visits?|strikes?|referendums?"
    r"|rulings?|verdicts?|reports?|sessions?|negotiations?|reviews?|inquir\w+|investigat\w+"
    r"|measures|sanctions|expire\w*|begin|start\w*|resume\w*|open\w*|close\w*|announce\w*"
    # German compounds end in their occasion: "Neuwahlen", "Parteitag", "Sondersitzung"
    r"|\w*(?:sitzung|wahl|abstimmung|treffen|gipfel|entscheid|verhandlung|parteitag)\w*)\b",
    re.IGNORECASE,
)
_BARE_FUTURE = {"will", "'ll", "going to", "wird"}
_GERMAN_CUES = {"wird", "soll", "will (de)", "könnte", "steht aus", "plant"}
_CONDITIONAL = re.compile(
    r"^\W*(?:if|unless|wenn|falls|im\s+falle?)\b|,\s*(?:if|unless)\b", re.IGNORECASE
)
_GENERIC = re.compile(r"\b(?:never|always|ever|nie|immer)\b", re.IGNORECASE)
MIN_SCORE = 3
MAX_CANDIDATES = 5


@dataclass(frozen=True)
class EventCandidate:
    """A sentence that may announce a next event, with its time words and their date."""

    id: int
    sentence: int
    span: Span
    score: int
    cues: tuple[str, ...]
    when: str | None = None
    when_span: Span | None = None
    date: str | None = None
    cue_at: int | None = None


_BARE_DAY = re.compile(
    rf"^(?:on\s+|this\s+|am\s+)?(?:{_WEEKDAY}|{_DE_WEEKDAY}){_PART}(?:\u2019s|'s)?$"
)
_PAST_VERB_BEFORE = re.compile(r"\b(?:said|told|wrote|\w+ed)(?:\s+[\w\u2019']+){0,2}\s*$")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
Time = tuple[str, Span, str | None, bool]


def _times(text: str, start: int, end: int, published: str | None) -> list[Time]:
    """A sentence's time expressions not worded as past: (words, span, ISO date, bare weekday).
    A bare weekday says nothing of tense ('on Wednesday' is last or next Wednesday)."""
    out = []
    for m in TIME.finditer(text, start, end):
        words = m.group().strip()
        before = text[max(start, m.start() - 12) : m.start()]
        if _PAST_TIME.search(before + words):
            continue
        if m.start() - start < 60 and re.match(r"\W{0,3}[\u2013\u2014-]", text[m.end() :]):
            continue  # the dateline ("Riverton, 13 February 2025 –"): when it was written
        bare = bool(_BARE_DAY.match(words))
        if bare and _PAST_VERB_BEFORE.search(text[max(start, m.start() - 40) : m.start()]):
            continue  # "said on Wednesday": the day of the saying, not of the event
        if (year := _YEAR_TIME.fullmatch(words)) and not _later_year(year[1], published):
            continue  # "in 2013": a year not after the publication's is no time ahead
        date = resolve_date(words, published=published)
        if span := _RANGE.fullmatch(words):
            date = _range_date(span, published)
        out.append((words, (m.start(), m.end()), date, bare))
    return out


def _later_year(year: str, published: str | None) -> bool:
    """Whether a year lies after the publication's year."""
    base = parse_iso(published)
    return base is not None and int(year) > base.year


def _range_date(span: re.Match[str], published: str | None) -> str | None:
    """A span's first day when it lies ahead; a span already begun: its last day, when the
    happening ends."""
    first = resolve_date(span[1], published=published)
    last = resolve_date(span[2], published=published)
    base = parse_iso(published)
    if first and base is not None and first < base.isoformat():
        return last
    return first


def _past_context(body: str, published: str | None) -> bool:
    """A year before publication ('In a 2013 memo') puts the sentence in the past."""
    base = parse_iso(published)
    years = [int(y) for y in _YEAR.findall(body)]
    return base is not None and bool(years) and all(y < base.year for y in years)


def event_candidates(analysis: Analysis, *, published: str | None) -> list[EventCandidate]:
    """Sentences that may announce a next event, best first (at most MAX_CANDIDATES)."""
    text = analysis.text
    base = parse_iso(published)
    today = base.isoformat() if base else ""
    german = is_german(text)
    found: list[EventCandidate] = []
    for s in analysis.sentences:
        if s.credit:
            continue
        body = text[s.start : s.end]
        if body.rstrip(" \u201d\"'").endswith("?") or title_line(body):
            continue
        cues = [
            name
            for name, rx, _ in _CUES
            if (name in _GERMAN_CUES) == german and _cue_found(analysis, rx, s.start, s.end)
        ]
        score = max((w for name, rx, w in _CUES if name in cues), default=0)
        if (
            score < 3
            and {"could", "könnte"} & set(cues)
            and _occasion(analysis, s.start, s.end, _POSSIBLE, settings=False)
        ):
            score = 3  # a possible occasion: "a new election could be called", "Neuwahlen"
        times = _times(text, s.start, s.end, published)
        if cues == ["begun"]:
            times = []  # the time of a beginning is when it began, not when the process is
        if cues == ["scheduled"] and not times and _finite_past(analysis, s.start, s.end):
            continue  # "There were two teams scheduled to compete": a schedule of the past
        if today and any(d and d < today for _, _, d, bare in times if not bare):
            continue  # a day before the article's date: a past happening
        # A bare weekday is evidence of timing only beside a future construction.
        times = [t for t in times if not t[3] or cues]
        # dates first, a named day before a bound ("at the end of the month, on the 29th")
        times.sort(key=lambda t: (t[3], t[2] is None, "end of" in t[0]))
        when = times[0] if times else None
        if when is None and set(cues) <= _BARE_FUTURE and not _occasion(analysis, s.start, s.end):
            score -= 1  # "We will not let others set the terms": no time, no occasion
        if when is not None and not cues:
            # A time alone: not the article's own date line ("Sunday, June 29, 2008"), and not
            # a sentence told in the past ("Earlier this morning (July 23), both were summoned").
            if (when[2] and when[2] == today) or _past_tense(analysis, s.start, s.end):
                continue
        if when is not None:
            score += 1 if cues else 3
            if when[2] and today and when[2] > today:
                score += 1
        elif _past_context(body, published):
            score -= 2
        if _CONDITIONAL.search(body):
            score -= 1
        if _GENERIC.search(body):
            score -= 1
        if score < MIN_SCORE:
            continue
        found.append(
            EventCandidate(
                id=0,
                sentence=s.id,
                span=(s.start, s.end),
                score=score,
                cues=tuple(cues),
                when=when[0] if when else None,
                when_span=when[1] if when else None,
                date=when[2] if when else None,
                cue_at=_cue_at(analysis, s.start, s.end, cues),
            )
        )
    # One candidate per time: the same debate "tomorrow night" is named in several sentences.
    seen: set[str] = set()
    unique = []
    for c in sorted(found, key=lambda c: (-c.score, c.sentence)):
        key = c.date or (c.when or "").lower().removeprefix("on ")
        if key and key in seen:
            continue
        seen.add(key)
        unique.append(c)
    found = unique
    found.sort(key=lambda c: (-c.score, c.sentence))
    best = sorted(found[:MAX_CANDIDATES], key=lambda c: c.sentence)
    return [
        EventCandidate(
            i, c.sentence, c.span, c.score, c.cues, c.when, c.when_span, c.date, c.cue_at
        )
        for i, c in enumerate(best, 1)
    ]


# "had said they would", "had been expected to": a plan reported from before a past moment.
_PLUPERFECT = re.compile(r"\bhad\s+(?:\w+ly\s+)?$")


def _cue_found(analysis: Analysis, rx: re.Pattern[str], start: int, end: int) -> bool:
    """Whether a cue holds in the sentence: not after a past perfect ('had previously said
    they would'), and 'will' a modal verb, not the noun ('the will to do it')."""
    text = analysis.text
    for m in rx.finditer(text, start, end):
        if _PLUPERFECT.search(text[max(start, m.start() - 40) : m.start()]):
            continue
        if not _modal_at(analysis, m.start(), m.end()):
            continue
        if _expected_state(analysis, m.start(), end):
            continue
        return True
    return False


_EXPECTING = re.compile(rf"\b(?:{'|'.join(en.EXPECTATION_VERBS)})\b")


def _expected_state(analysis: Analysis, start: int, end: int) -> bool:
    """Whether a cue is an expectation of a state ('what many expect to be his interview',
    'prices are expected to remain high'): a forecast, not a plan. The parse decides: the
    expected verb is a copula, not the auxiliary of a passive ('is expected to be signed')."""
    m = _EXPECTING.search(analysis.text, start, start + 30)
    doc = parse(analysis.text)
    if m is None or doc is None:
        return False
    span = doc.char_span(m.start(), min(end, m.end() + 40), alignment_mode="expand")
    if span is None:
        return False
    verb = next((t for t in span if t.dep_ == "xcomp" and t.head.idx == m.start()), None)
    if verb is None:  # "expect prices to remain": the infinitive hangs on its own subject
        verb = next((t for t in span[1:] if t.tag_ == "VB" and t.head.idx == m.start()), None)
    return (
        verb is not None
        and verb.lemma_ in {"be", "remain", "stay"}
        and not any(c.dep_ == "auxpass" for c in verb.children)
    )


def _modal_at(analysis: Analysis, start: int, end: int) -> bool:
    """False when the parse tags a 'will' or 'shall' in the match as a noun (English only)."""
    doc = parse(analysis.text)
    span = None if doc is None else doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return True
    return not any(t.lower_ in {"will", "shall"} and t.pos_ == "NOUN" for t in span)


_ARGUMENTS = {"dobj", "attr", "nsubj", "nsubjpass", "oprd", "dative", "xcomp"}


def _occasion(
    analysis: Analysis,
    start: int,
    end: int,
    modals: frozenset[str] = frozenset(),
    *,
    settings: bool = True,
) -> bool:
    """Whether the future verb is an occasion or has one as its argument ('will vote', 'will
    hold a vote', 'will seek new sanctions', 'will have a victory in the elections'); an
    occasion elsewhere in the sentence ('announced at a meeting that it will continue') or
    deeper ('will get 90 percent of the vote') is not what the future is about. modals: the
    modal verbs whose verb counts (default: 'will', 'shall', 'going to'); settings: whether the
    verb's own prepositional phrases count. Without a parse (German), an occasion anywhere in
    the sentence."""
    text = analysis.text
    doc = parse(text)
    span = None if doc is None else doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return bool(_OCCASION.search(text, start, end))
    verbs = [t.head for t in span if t.tag_ == "MD" and t.lower_ in (modals or _WILL)]
    if not modals:
        verbs += [c for t in span if t.lower_ == "going" for c in t.children if c.dep_ == "xcomp"]
    verbs += [c for v in verbs for c in v.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    words = []
    for v in verbs:
        words.append(v)
        for c in v.children:
            if c.dep_ in _ARGUMENTS:
                words.append(c)
                # 'a victory in the elections'; not the whole of a quantity ('90 percent of
                # the vote' is a share, not an occasion)
                if not any(g.dep_ == "nummod" for g in c.children):
                    words += _objects(c)
            elif c.dep_ == "prep" and settings:
                words += _objects(v)
    return any(_OCCASION.fullmatch(w.text) for w in words)


def _objects(token: Any) -> list[Any]:
    """The objects of a word's prepositions ('in the elections')."""
    return [g for c in token.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]


_WILL = frozenset({"will", "wo", "shall", "'ll", "\u2019ll"})
_POSSIBLE = frozenset({"could", "may", "might"})


# German auxiliaries and modals in the preterite (a closed class): without a German parse,
# the sign of a sentence told in the past.
_DE_PRETERITE = re.compile(
    r"\b(?:war|waren|wurde|wurden|hatte|hatten|konnte|konnten|musste|mussten|sollte|sollten"
    r"|wollte|wollten|durfte|durften)\b"
)


def _past_tense(analysis: Analysis, start: int, end: int) -> bool:
    """Whether the parse finds the sentence's main verb in the past tense; German text, which
    has no parse: a preterite auxiliary or modal ('konnten', 'wurde')."""
    doc = parse(analysis.text)
    if doc is None:
        return is_german(analysis.text) and bool(_DE_PRETERITE.search(analysis.text, start, end))
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    return any(t.dep_ == "ROOT" and t.tag_ in {"VBD", "VBN"} for t in span)


def _finite_past(analysis: Analysis, start: int, end: int) -> bool:
    """Whether the sentence's main verb is a finite past ('were', 'met'): 'is expected', a
    participle with its present auxiliary, is not."""
    doc = parse(analysis.text)
    span = None if doc is None else doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.dep_ == "ROOT" and t.tag_ == "VBD" for t in span)


def _cue_at(analysis: Analysis, start: int, end: int, cues: list[str]) -> int | None:
    """Where the first cue outside a quotation starts ('ahead of a meeting' in a sentence that
    opens with a quote): the event's own words begin there."""
    at = [
        m.start()
        for name, rx, _ in _CUES
        if name in cues
        for m in rx.finditer(analysis.text, start, end)
        if not any(a <= m.start() < b for a, b in analysis.quoted)
    ]
    return min(at) if at else None


def title_line(body: str) -> bool:
    """A headline line in title case ('Council Approves Harbour Plan'): no sentence of news."""
    words = body.split()
    caps = sum(w[:1].isupper() for w in words)
    return len(words) >= 4 and caps >= 0.7 * len(words)


# A clause's parts that are no part of what happens: side clauses, joined words, asides.
_ASIDES = {"advcl", "parataxis", "cc", "mark", "intj", "discourse", "meta", "preconj"}
_NOUN_ASIDES = {"appos", "relcl"}
_FUTURE_MODALS = {"will", "wo", "shall", "'ll", "\u2019ll", "would"}
LABEL_WORDS = 24


def event_label(analysis: Analysis, cand: EventCandidate) -> str | None:
    """A short clause of who does what, built from the parse: the verb that carries the
    candidate's time (else its future modal, else its cue) with its subject and objects, less
    side clauses, appositions and relative clauses ('Ban, a diplomat from South Korea, will
    finish his term by the end of the year' -> 'Ban will finish his term by the end of the
    year'). None without a parse (German) or when no clause of a few words is found."""
    doc = parse(analysis.text)
    span = None if doc is None else doc.char_span(*cand.span, alignment_mode="expand")
    if span is None:
        return None
    verb = _anchor_verb(span, cand)
    if verb is None:
        return None
    keep = {t.i for t in verb.subtree} - _aside_tokens(verb, span, cand)
    # a comma beside a word left out was the aside's ("Ban, a diplomat from Seoul, will")
    words = [
        t for t in span if t.i in keep and not (t.text == "," and not {t.i - 1, t.i + 1} <= keep)
    ]
    while words and (words[0].dep_ in {"mark", "cc", "punct"} or words[0].tag_ in {"WDT", "WP"}):
        words = words[1:]  # "that he will", "And U.S. elections"
    label = _render(words)
    n = len(label.split())
    return label if 3 <= n <= LABEL_WORDS else None


def _anchor_verb(span: Any, cand: EventCandidate) -> Any:
    """The verb the label is built on, climbed up to the verb whose subject it shares
    ('set to take place' -> 'set')."""
    tok = None
    if cand.when_span is not None:
        tok = next((t for t in span if t.idx >= cand.when_span[0]), None)
    if tok is None:
        tok = next((t.head for t in span if t.tag_ == "MD" and t.lower_ in _FUTURE_MODALS), None)
    if tok is None and cand.cue_at is not None:
        tok = next((t for t in span if t.idx >= cand.cue_at), None)
    while tok is not None and tok.pos_ not in {"VERB", "AUX"} and tok.head.i != tok.i:
        tok = tok.head
    if tok is None or tok.pos_ not in {"VERB", "AUX"}:
        return None
    # A verb without a subject of its own ('set to take place', 'by starting talks') tells
    # what happens with the subject of the verb or noun it hangs on.
    while _subjectless(tok) and tok.head.i != tok.i:
        tok = tok.head.head if tok.head.tag_ == "IN" and tok.head.head.i != tok.head.i else tok.head
        if tok.dep_ == "acl" and _subjectless(tok):
            return tok.head  # "with the first meeting set to take place": the meeting's
    if tok.dep_ == "relcl":
        return None  # "voters who Democrats are counting on on Nov. 8": no clause of its own
    return tok


def _subjectless(tok: Any) -> bool:
    """A non-finite verb or an auxiliary with no subject of its own."""
    if tok.dep_ in {"aux", "auxpass"}:
        return True
    non_finite = tok.tag_ in {"VB", "VBG", "VBN"} and tok.dep_ in {"xcomp", "advcl", "pcomp", "acl"}
    return non_finite and not any(c.dep_ in _SUBJECTS for c in tok.children)


_SUBJECTS = {"nsubj", "nsubjpass", "expl"}


def _aside_tokens(root: Any, span: Any, cand: EventCandidate) -> set[int]:
    """The tokens under root that the label leaves out; never the time words."""
    when = set()
    if cand.when_span is not None:
        when = {t.i for t in span if cand.when_span[0] <= t.idx < cand.when_span[1]}
    out: set[int] = set()
    for tok in root.subtree:
        if tok is root or tok.i in out:
            continue
        set_off = tok.left_edge.i > 0 and tok.doc[tok.left_edge.i - 1].text == ","
        aside = (tok.head is root and tok.dep_ in _ASIDES) or tok.dep_ in _NOUN_ASIDES
        aside = aside or (tok.dep_ == "advcl" and set_off)  # ", selecting a design"
        aside = aside or (tok.dep_ == "conj" and any(c.dep_ in _SUBJECTS for c in tok.children))
        sub = {t.i for t in tok.subtree}
        if aside and not sub & when:
            out |= sub
    return out


def _render(words: list[Any]) -> str:
    """Tokens as written, without dangling punctuation or unmatched quotation marks."""
    text = "".join(
        (" " if i and (words[i - 1].i != t.i - 1 or words[i - 1].whitespace_) else "") + t.text
        for i, t in enumerate(words)
    )
    text = re.sub(r"\s+([,;:.])", r"\1", re.sub(r"\s+", " ", text))
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    if text.count("\u201c") != text.count("\u201d") or text.count('"') % 2:
        text = re.sub('[\u201c\u201d"]', "", text)
    text = text.strip(" ,;:.\u2013\u2014-")
    return text[:1].upper() + text[1:]
