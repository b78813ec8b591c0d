"""Many articles -> one digest: stories merged, actors resolved across articles, one timeline,
and what changed since the previous digest."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from briefing.errors import BriefingError, describe_bug
from briefing.evidence.grounding import name_tokens
from briefing.evidence.lexicon import STOP_WORDS
from briefing.models import Briefing, Usage

_STOP = STOP_WORDS


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StorySource(_M):
    """One article of a story."""

    article: int = Field(description="Index into briefings.")
    title: str | None = Field(description="The article's title; null when it has none.")
    url: str | None = Field(description="Where it was read; null for a local file.")
    path: str | None = Field(description="The local file as given; null for a URL.")


class Story(_M):
    """Articles about the same event, briefed once each and grouped."""

    headline: str = Field(description="The headline of the story's first article.")
    summary: str = Field(description="The summary of the story's first article.")
    sources: list[StorySource] = Field(
        description="Its articles, and the other sources that carried the same text."
    )
    key: str = Field(description="Stable id: hash of the member articles' text hashes.")
    carried: int = Field(
        default=0,
        description="Sources and feed entries that carried it (an article two feeds list "
        "counts twice); the biggest stories come first.",
    )
    status: Literal["new", "updated", "earlier"] | None = Field(
        default=None,
        description="Against the previous digest (--since-last): new, updated (new articles) "
        "or earlier (already sent, unchanged); null when not compared.",
    )


class DigestActor(_M):
    """One actor across the digest's articles (same surname for people, same name otherwise)."""

    name: str = Field(description="The fullest name any article uses, e.g. 'Dana Reyes'.")
    kind: str = Field(description="person, organization, country, group or other.")
    aliases: list[str] = Field(description="Other names the articles use for this actor.")
    roles: list[str] = Field(description="Every role or title the articles give, in order.")
    articles: list[int] = Field(description="Indexes into briefings of the articles naming it.")


class TimelineEntry(_M):
    """One next event of one article; the timeline lists dated ones first, in date order."""

    date: str | None = Field(description="YYYY-MM-DD when the article makes it certain, else null.")
    when: str | None = Field(
        description="The time words as the article writes them; null when it has none."
    )
    description: str = Field(description="What will happen and who does it.")
    actors: list[str] = Field(description="Names of the actors the event involves.")
    article: int = Field(description="Index into briefings of the article announcing it.")


class Failure(_M):
    """A source that could not be briefed; the rest of the digest goes on without it."""

    source: str = Field(description="The file, URL or feed entry as given.")
    error: str = Field(description="What went wrong, as the one-line error would say it.")
    exit_code: int = Field(default=70, description="The exit code this error has on its own.")


class StoryUpdate(_M):
    """What new articles add to a story the previous digest had."""

    headline: str = Field(description="The known story's headline (from the previous digest).")
    new_sources: list[str] = Field(
        default_factory=list, description="Titles (else addresses) of the new articles."
    )
    dates: list[str] = Field(
        default_factory=list,
        description="Events moved or added: 'old -> new — event' or 'date (new) — event'.",
    )
    new_actors: list[str] = Field(
        default_factory=list, description="Actors the known story did not have."
    )


class Changes(_M):
    """What is new since the previous digest of the same edition or output."""

    previous: str | None = Field(
        description="When the previous digest was made (ISO 8601); null when there was none."
    )
    new_stories: list[str] = Field(
        default_factory=list, description="Headlines of stories the previous digest lacked."
    )
    updated_stories: list[StoryUpdate] = Field(
        default_factory=list, description="Known stories with new articles."
    )
    new_actors: list[str] = Field(
        default_factory=list, description="Actors the previous digest did not name."
    )
    events_added: list[str] = Field(
        default_factory=list,
        description="Events not in the previous timeline nor under an updated story: "
        "'date — event' (the time words when undated).",
    )
    events_moved: list[str] = Field(
        default_factory=list, description="Events whose date changed: 'old -> new — event'."
    )
    events_passed: list[str] = Field(
        default_factory=list,
        description="Dated events of the previous digest whose day has passed: 'date — event'.",
    )


class Totals(_M):
    """What the run did and what it cost."""

    elapsed_s: float = Field(default=0.0, description="Wall time of the briefing phase.")
    articles: int = Field(description="Articles briefed.")
    failed: int = Field(description="Sources that failed.")
    cached: int = Field(description="Briefings taken from the cache.")
    usage: Usage = Field(description="Tokens used, summed over the articles.")
    cost_usd: float = Field(description="Estimated cost in USD, summed over the articles.")
    processes: int = Field(
        default=1, description="Processes that briefed the articles (see --processes)."
    )


class Counts(_M):
    """How the sources were selected before briefing."""

    seen: int = Field(description="Entries given: sources and feed entries.")
    duplicates: int = Field(description="Briefed once for another source (same URL or text).")
    filtered: int = Field(description="Left out by the include/exclude topic filters.")
    over_cap: int = Field(description="Left out by --max-articles.")


class Digest(_M):
    """Many articles briefed into one digest: stories, actors, a timeline, and the briefings."""

    schema_version: int = Field(default=1, description="Version of this contract.")
    title: str = Field(default="Daily digest", description="The digest's title.")
    edition: str | None = Field(
        default=None, description="The [editions.NAME] it ran as; null for a one-off digest."
    )
    generated_at: str = Field(description="When it was made: ISO 8601 UTC, to the second.")
    stories: list[Story] = Field(description="Stories, those with the most sources first.")
    actors: list[DigestActor] = Field(description="Actors, those in the most articles first.")
    timeline: list[TimelineEntry] = Field(
        description="Every next event, dated ones first in date order."
    )
    briefings: list[Briefing] = Field(
        description="The briefing of each article; 'article' fields index this list."
    )
    failed: list[Failure] = Field(description="Sources that could not be briefed.")
    totals: Totals = Field(description="Articles briefed, failed and cached; time, tokens, cost.")
    selection: Counts | None = Field(
        default=None,
        description="How feed entries and sources were selected; null when not counted.",
    )
    changes: Changes | None = Field(
        default=None,
        description="What is new since the previous digest; null unless asked (--since-last).",
    )

    @property
    def nothing_new(self) -> bool:
        """Compared with a previous digest, and nothing changed."""
        c = self.changes
        return bool(
            c
            and c.previous
            and not (
                c.new_stories
                or c.updated_stories
                or c.new_actors
                or c.events_added
                or c.events_moved
                or c.events_passed
            )
        )


T = TypeVar("T")


def failure(source: str, exc: Exception) -> Failure:
    """What a source that raised `exc` failed with: a BriefingError's line and exit code, any
    other exception an internal error (exit 70)."""
    if isinstance(exc, BriefingError):
        return Failure(source=source, error=exc.message, exit_code=exc.exit_code)
    import logging

    logging.getLogger(__name__).debug("%s: internal error", source, exc_info=exc)  # --debug
    return Failure(source=source, error=f"internal error: {describe_bug(exc)}; please report it")


def brief_all(
    sources: list[str],
    brief_one: Callable[[str], T],
    *,
    jobs: int,
    on_done: Callable[[str, BaseException | None], None] | None = None,
) -> tuple[list[tuple[str, T]], list[Failure]]:
    """Brief (or load) every source with at most `jobs` at once; one failure never sinks the
    others."""
    done: dict[str, T] = {}
    failed: list[Failure] = []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(brief_one, s): s for s in sources}
        for fut in as_completed(futures):
            src = futures[fut]
            try:
                done[src] = fut.result()
            except Exception as exc:  # a bug in one article still leaves the rest
                failed.append(failure(src, exc))
                if on_done:
                    on_done(src, exc)
                continue
            if on_done:
                on_done(src, None)
    ordered = [(s, done[s]) for s in sources if s in done]
    failed.sort(key=lambda f: sources.index(f.source))
    return ordered, failed


def _words(b: Briefing) -> set[str]:
    text = f"{b.source.title or ''} {b.headline}".lower()
    return {w for w in re.findall(r"[a-z\u00c0-\u024f0-9\-]{3,}", text) if w not in _STOP}


def _people(b: Briefing) -> set[str]:
    out: set[str] = set()
    for a in b.actors:
        words = name_tokens(a.name)
        if words:
            out.add(
                sorted(words, key=len)[-1] if a.kind != "person" else a.name.split()[-1].lower()
            )
    return out


_Sig = tuple[str, set[str], set[str]]


def _sig(b: Briefing) -> _Sig:
    """What story clustering compares: the text's hash, the people, the headline words."""
    return b.source.sha256, _people(b), _words(b)


def _alike(a: _Sig, b: _Sig) -> bool:
    if a[0] == b[0]:
        return True
    (_, pa, wa), (_, pb, wb) = a, b
    people = len(pa & pb) / max(1, len(pa | pb))
    words = len(wa & wb) / max(1, len(wa | wb))
    return (len(pa & pb) >= 2 and people >= 0.4 and words >= 0.15) or words >= 0.5


def _same_story(a: Briefing, b: Briefing) -> bool:
    return _alike(_sig(a), _sig(b))


def stories(
    briefings: list[Briefing],
    credits: dict[int, list[StorySource]] | None = None,
    extra: dict[int, int] | None = None,
) -> list[Story]:
    """Cluster briefings about the same event (shared actors and headline words); `credits`
    are the other sources that carried an article briefed once, `extra` the further feed
    entries that listed an article's own link. The biggest stories come first."""
    credits, extra = credits or {}, extra or {}
    parent = list(range(len(briefings)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    sigs = [_sig(b) for b in briefings]  # once each: the pairs are many
    for i in range(len(briefings)):
        for j in range(i + 1, len(briefings)):
            if find(i) != find(j) and _alike(sigs[i], sigs[j]):
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(briefings)):
        groups.setdefault(find(i), []).append(i)
    out = []
    for members in groups.values():
        lead = briefings[members[0]]
        carried = sum(1 + len(credits.get(m, [])) + extra.get(m, 0) for m in members)
        key = hashlib.sha256(
            "".join(sorted(briefings[m].source.sha256 for m in members)).encode()
        ).hexdigest()[:16]
        out.append(
            Story(
                headline=lead.headline,
                summary=lead.summary,
                key=key,
                carried=carried,
                sources=[
                    StorySource(
                        article=m,
                        title=briefings[m].source.title,
                        url=briefings[m].source.url,
                        path=briefings[m].source.path,
                    )
                    for m in members
                ]
                + [c for m in members for c in credits.get(m, [])],
            )
        )
    out.sort(key=lambda s: -s.carried)
    return out


def actors(briefings: list[Briefing]) -> list[DigestActor]:
    """One entry per actor across articles: same surname (people) or same name (others)."""
    merged: list[DigestActor] = []
    for i, b in enumerate(briefings):
        for a in b.actors:
            key = a.name.split()[-1].lower() if a.kind == "person" else a.name.lower()
            match = next(
                (
                    m
                    for m in merged
                    if (m.kind == "person") == (a.kind == "person")
                    and (
                        (m.name.split()[-1].lower() if m.kind == "person" else m.name.lower())
                        == key
                    )
                ),
                None,
            )
            if match is None:
                merged.append(
                    DigestActor(
                        name=a.name,
                        kind=a.kind,
                        aliases=list(a.aliases),
                        roles=[a.role] if a.role else [],
                        articles=[i],
                    )
                )
                continue
            if len(a.name) > len(match.name):
                match.aliases.append(match.name)
                match.name = a.name
            elif a.name != match.name:
                match.aliases.append(a.name)
            match.aliases = sorted(set(match.aliases + a.aliases) - {match.name})
            if a.role and a.role not in match.roles:
                match.roles.append(a.role)
            if i not in match.articles:
                match.articles.append(i)
    merged.sort(key=lambda m: (-len(m.articles), m.name))
    return merged


def timeline(briefings: list[Briefing]) -> list[TimelineEntry]:
    """Every next event, dated ones first in date order."""
    out = [
        TimelineEntry(
            date=e.date, when=e.when, description=e.description, actors=e.actors, article=i
        )
        for i, b in enumerate(briefings)
        for e in b.next_events
    ]
    out.sort(key=lambda e: (e.date is None, e.date or "", e.description))
    return out


def build(
    done: list[tuple[str, Briefing]],
    failed: list[Failure],
    *,
    elapsed_s: float = 0.0,
    credits: dict[str, list[StorySource]] | None = None,
    selection: Counts | None = None,
    title: str = "Daily digest",
    edition: str | None = None,
    processes: int = 1,
    listed: dict[str, int] | None = None,
) -> Digest:
    """Assemble the digest of the briefed articles; `credits` by source: the other sources that
    carried the same article; `listed` by source or link: how many entries gave it."""
    bs = [b for _, b in done]
    by_index = {
        i: [c.model_copy(update={"article": i}) for c in (credits or {}).get(src, [])]
        for i, (src, _) in enumerate(done)
    }
    times = listed or {}
    extra = {
        i: sum(max(0, times.get(where, 1) - 1) for where in [src, *_links(by_index[i])])
        for i, (src, _) in enumerate(done)
    }
    usage = Usage()
    for b in bs:
        usage = usage + b.provenance.usage
    return Digest(
        title=title,
        edition=edition,
        selection=selection,
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        stories=stories(bs, by_index, extra),
        actors=actors(bs),
        timeline=timeline(bs),
        briefings=bs,
        failed=failed,
        totals=Totals(
            elapsed_s=round(elapsed_s, 3),
            articles=len(bs),
            failed=len(failed),
            cached=sum(b.provenance.cached for b in bs),
            usage=usage,
            cost_usd=round(sum(b.provenance.cost_usd for b in bs), 6),
            processes=processes,
        ),
    )


def _links(sources: list[StorySource]) -> list[str]:
    return [s.url or s.path or "" for s in sources]


def _label(description: str) -> str:
    """An event's words as a list item: one line, without the sentence's closing stop."""
    return " ".join(description.split()).rstrip(" .;:,")


def _quoted(description: str) -> bool:
    """A description that is someone's quoted words, not an event's label."""
    first = description.lstrip()[:1]
    return bool(first) and first in "\"“„«»‘'"


def _event_key(e: TimelineEntry | dict[str, Any] | str) -> str:
    desc = e if isinstance(e, str) else e["description"] if isinstance(e, dict) else e.description
    return " ".join(re.findall(r"\w+", desc.lower()))


def _similar(a: str, b: str) -> bool:
    wa, wb = set(_event_key(a).split()) - _STOP, set(_event_key(b).split()) - _STOP
    return len(wa & wb) / max(1, len(wa | wb)) >= 0.5


def _update(current: Digest, new: list[int], known: list[Briefing], headline: str) -> StoryUpdate:
    """What the new articles of a known story add: sources, dates moved or added, actors."""
    from briefing.models import source_name

    update = StoryUpdate(headline=headline)
    old_events = [e for p in known for e in p.next_events]
    old_actors = {a.name.split()[-1].lower() for p in known for a in p.actors}
    for m in new:
        b = current.briefings[m]
        update.new_sources.append(source_name(b.source))
        for e in b.next_events:
            old = next(
                (o for o in old_events if _event_key(o.description) == _event_key(e.description)),
                None,
            ) or next((o for o in old_events if _similar(o.description, e.description)), None)
            if old is None and (e.date or e.when):
                entry = f"{e.date or _label(e.when or '')} (new) — {_label(e.description)}"
            elif old is not None and e.date and old.date != e.date:
                was = old.date or _label(old.when or "") or "undated"
                entry = f"{was} -> {e.date} — {_label(e.description)}"
            else:
                continue
            if entry not in update.dates:
                update.dates.append(entry)
        for a in b.actors:
            if a.name.split()[-1].lower() not in old_actors and a.name not in update.new_actors:
                update.new_actors.append(a.name)
    return update


def compare(current: Digest, previous: dict[str, Any] | None, *, today: date) -> Changes:
    """What is new since the previous digest: stories, stories with new articles (their new
    sources, dates moved or added, new actors), actors, events added, moved or passed. Marks
    each story new, updated or earlier (already sent, unchanged), earlier ones last."""
    if previous is None:
        return Changes(previous=None)
    known = _known(previous)
    prev_articles = {b["source"]["sha256"] for b in previous.get("briefings", [])}
    changes = Changes(previous=previous.get("generated_at"))
    listed: set[int] = set()  # articles whose events an updated story already names
    for s in current.stories:
        members = sorted({src.article for src in s.sources})
        new = [m for m in members if current.briefings[m].source.sha256 not in prev_articles]
        if not new:
            s.status = "earlier"
            continue
        old_shas = {current.briefings[m].source.sha256 for m in members if m not in new}
        if old_shas:
            story = [p for p in known if p.source.sha256 in old_shas]
        else:  # only new articles: a follow-up on a story the last digest had?
            story = [p for p in known if any(_same_story(current.briefings[m], p) for m in new)]
        if not story and not old_shas:
            s.status = "new"
            changes.new_stories.append(s.headline)
            continue
        s.status = "updated"
        listed.update(new)
        changes.updated_stories.append(
            _update(current, new, story, story[0].headline if story else s.headline)
        )
    current.stories.sort(key=lambda s: s.status == "earlier")
    prev_actor_keys = {a["name"].split()[-1].lower() for a in previous.get("actors", [])}
    for a in current.actors:
        if a.name.split()[-1].lower() not in prev_actor_keys:
            changes.new_actors.append(a.name)
    _events(changes, current, previous, listed, today)
    return changes


def _known(previous: dict[str, Any]) -> list[Briefing]:
    known: list[Briefing] = []
    for raw in previous.get("briefings", []):
        try:
            known.append(Briefing.model_validate(raw))
        except ValueError:  # written by another version: compared by its raw fields only
            continue
    return known


def _events(
    changes: Changes, current: Digest, previous: dict[str, Any], listed: set[int], today: date
) -> None:
    """Events added (not those an updated story lists, nor quoted words), moved and passed."""
    prev_events = {_event_key(e): e for e in previous.get("timeline", [])}
    for e in current.timeline:
        old = prev_events.get(_event_key(e))
        if old is None and e.article not in listed and not _quoted(e.description):
            when = e.date or _label(e.when or "")
            changes.events_added.append(f"{when} — {_label(e.description)}".strip(" —"))
        elif old is not None and old.get("date") != e.date:
            changes.events_moved.append(
                f"{old.get('date') or 'undated'} -> {e.date or 'undated'} — {_label(e.description)}"
            )
    since = str(previous.get("generated_at") or "")[:10]
    for old in prev_events.values():
        d = old.get("date")
        if d and since <= d < today.isoformat():  # passed since the previous digest
            changes.events_passed.append(f"{d} — {_label(old['description'])}")


def arrange(
    done: list[tuple[str, Briefing]], d: Digest, *, omit: bool
) -> list[tuple[str, Briefing]]:
    """The briefed articles with those of earlier stories (already sent, unchanged) last, or
    left out."""
    late = {src.article for s in d.stories if s.status == "earlier" for src in s.sources}
    first = [x for i, x in enumerate(done) if i not in late]
    return first if omit else first + [x for i, x in enumerate(done) if i in late]


def load_previous(path: Path) -> dict[str, Any] | None:
    """The previous digest kept in the state dir, if readable."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data


def flatten(items: Iterable[Iterable[str]]) -> list[str]:
    """Concatenate lists of sources, dropping duplicates but keeping order."""
    out: list[str] = []
    for group in items:
        for x in group:
            if x not in out:
                out.append(x)
    return out
