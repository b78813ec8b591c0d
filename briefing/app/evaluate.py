"""`briefing eval`: measure a backend against gold attributions (format: shared eval README).

Measures, per article and in total:
- verbatim: of the quotes a briefing holds (unattributed ones included), the share whose span is
  exact (text[start:end] == quote).
- unattributed: quotes kept with no speaker (the text names none); not rendered, not scored.
- attribution accuracy: of the rendered quotes that overlap a gold content span whose source is
  *named* (has a capitalised word and does not start with a determiner or pronoun), the share whose
  speaker shares a name word with that gold source.
- quote coverage: of the gold attributions with a named source whose content carries quotation
  marks (`direct`), the share that the briefing renders as a quote (its span overlapping one of
  the content spans) given to a speaker who shares a name word with the source.
- major-speaker recall: of the named gold sources with two or more attributions (grouped by their
  last capitalised word), the share found among the actors (name or alias shares a name word).
- non-actors listed: gold `not_actors` (reporters, publisher) that appear among the actors.
- tokens, attempts and seconds per article.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from briefing.app import runner
from briefing.app.eval_analysis import AnalysisScore, analysis_totals, name_words, score_analysis
from briefing.brief.options import Options
from briefing.ingest.sources import load
from briefing.llm.base import Client
from briefing.models import Briefing
from briefing.ops.logs import ExchangeLog

_DETERMINERS = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "our",
    "some",
    "many",
    "several",
    "one",
    "two",
    "each",
    "every",
    "other",
    "another",
    "he",
    "she",
    "they",
    "who",
    "which",
    "it",
    "we",
    "i",
    "you",
    "both",
    "all",
    "most",
    "few",
}


def is_named(source: str) -> bool:
    """A source is named when it has a capitalised word and starts with no determiner/pronoun."""
    first = source.strip().split()[0].lower() if source.strip() else ""
    return bool(name_words(source)) and first not in _DETERMINERS


def _direct(att: dict[str, Any]) -> bool:
    """Whether a gold attribution's content carries quotation marks."""
    if "direct" in att:
        return bool(att["direct"])
    return bool(re.search('["\u201c\u201d\u201e\u00ab\u00bb]', att["content"]))


def _overlaps(span: tuple[int, int], spans: list[list[int]]) -> bool:
    a, z = span
    return any(a < e and s0 < z for s0, e in spans)


def _key(source: str) -> str:
    head = re.sub(r"\([^)]*\)", " ", source).split(",")[0]
    words = [w for w in re.findall(r"[A-Za-z][\w\-]*", head) if w[0].isupper()]
    return words[-1].lower() if words else source.lower()


@dataclass
class ArticleScore:
    """The measures for one article."""

    name: str
    quotes: int = 0
    exact: int = 0
    attributable: int = 0
    attributed_right: int = 0
    unattributed: int = 0
    coverable: int = 0
    covered: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)
    major: list[str] = field(default_factory=list)
    major_found: list[str] = field(default_factory=list)
    non_actors: list[str] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 0
    seconds: float = 0.0
    error: str | None = None
    attribution_gold: bool = True
    analysis: AnalysisScore | None = None
    # Per attribution rule: [rendered quotes it attributed, of them scorable, of them right].
    rules: dict[str, list[int]] = field(default_factory=dict)


def score(text: str, gold: dict[str, Any], b: Briefing, name: str) -> ArticleScore:
    """Compare one briefing with its gold annotations."""
    s = ArticleScore(name=name)
    found = [c for c in b.claims if c.quote is not None and c.quote_span is not None]
    s.quotes = len(found)
    s.exact = sum(text[c.quote_span[0] : c.quote_span[1]] == c.quote for c in found if c.quote_span)
    # Quotes the text gives no speaker are kept in the JSON but not rendered: not scored.
    quotes = [c for c in found if c.speaker]
    s.unattributed = len(found) - len(quotes)
    for c in quotes:
        assert c.quote_span is not None
        a, z = c.quote_span
        tally = s.rules.setdefault(c.attribution_rule or f"({c.attribution})", [0, 0, 0])
        tally[0] += 1
        for att in gold["attributions"]:
            if not is_named(att["source"]):
                continue
            if _overlaps((a, z), att["content_spans"]):
                right = bool(name_words(att["source"]) & name_words(c.speaker or ""))
                s.attributable += 1
                s.attributed_right += right
                tally[1] += 1
                tally[2] += right
                break
    for att in gold["attributions"]:
        if not (is_named(att["source"]) and _direct(att)):
            continue
        s.coverable += 1
        spans = att["content_spans"]
        if any(
            c.speaker and name_words(att["source"]) & name_words(c.speaker)
            for c in quotes
            if c.quote_span and _overlaps(c.quote_span, spans)
        ):
            s.covered += 1
        else:
            s.missed.append(
                {"source": att["source"], "span": spans[0], "content": att["content"][:80]}
            )
    counts = Counter(_key(a["source"]) for a in gold["attributions"] if is_named(a["source"]))
    sources = {
        _key(a["source"]): a["source"] for a in gold["attributions"] if is_named(a["source"])
    }
    actor_words = set()
    for actor in b.actors:
        actor_words |= name_words(actor.name)
        for alias in actor.aliases:
            actor_words |= name_words(alias)
    for key, n in counts.items():
        if n >= 2:
            s.major.append(sources[key])
            if key in actor_words:
                s.major_found.append(sources[key])
    listed = " ".join([a.name for a in b.actors] + [x for a in b.actors for x in a.aliases])
    s.non_actors = [n for n in gold.get("not_actors", []) if n in listed]
    s.prompt_tokens = b.provenance.usage.prompt_tokens
    s.completion_tokens = b.provenance.usage.completion_tokens
    s.attempts = b.provenance.attempts
    s.seconds = b.provenance.duration_s
    return s


def run(
    folder: Path,
    *,
    client: Client,
    out: Path,
    options: Options | None = None,
    only: str | None = None,
    names: set[str] | None = None,
    log: ExchangeLog | None = None,
) -> list[ArticleScore]:
    """Brief every NAME.txt that has a NAME.gold.json or a NAME.analysis.json; write each
    briefing beside the report (its exchanges in `log`). An analysis file's `published` date
    is the article's date. `only` keeps the names that contain it; `names`, those listed."""
    out.mkdir(parents=True, exist_ok=True)
    scores = []
    found = {p.name.removesuffix(".gold.json") for p in folder.glob("*.gold.json")}
    found |= {p.name.removesuffix(".analysis.json") for p in folder.glob("*.analysis.json")}
    for name in sorted(found):
        if (only and only not in name) or (names is not None and name not in names):
            continue
        gold_path, analysis_path = folder / f"{name}.gold.json", folder / f"{name}.analysis.json"
        gold = json.loads(gold_path.read_text(encoding="utf-8")) if gold_path.is_file() else None
        agold = (
            json.loads(analysis_path.read_text(encoding="utf-8"))
            if analysis_path.is_file()
            else None
        )
        text_file = (gold or agold or {}).get("text_file", f"{name}.txt")
        article = load(str(folder / text_file), published=(agold or {}).get("published"))
        started = time.perf_counter()
        try:
            # the path generate takes
            b = runner.brief(article, client=client, options=options, log=log)
        except Exception as exc:  # one failed article is reported, the rest still run
            scores.append(
                ArticleScore(
                    name=name,
                    error=f"{type(exc).__name__}: {exc}",
                    seconds=time.perf_counter() - started,
                )
            )
            continue
        (out / f"{name}.briefing.json").write_text(b.model_dump_json(indent=2) + "\n")
        s = score(article.text, gold or {"attributions": []}, b, name)
        s.attribution_gold = gold is not None
        if agold is not None:
            merged = {**agold, "key_actors": (gold or {}).get("key_actors", [])}
            s.analysis = score_analysis(article.text, merged, b)
        scores.append(s)
    return scores


def totals(scores: list[ArticleScore]) -> dict[str, Any]:
    """Pooled measures over all articles."""

    def share(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    q = sum(s.quotes for s in scores)
    return {
        "articles": len(scores),
        "failed": sum(s.error is not None for s in scores),
        "quotes": q,
        "unattributed_quotes": sum(s.unattributed for s in scores),
        "verbatim_exact": share(sum(s.exact for s in scores), q),
        "attribution_accuracy": share(
            sum(s.attributed_right for s in scores), sum(s.attributable for s in scores)
        ),
        "attributable_quotes": sum(s.attributable for s in scores),
        "quote_coverage": share(sum(s.covered for s in scores), sum(s.coverable for s in scores)),
        "coverable_quotes": sum(s.coverable for s in scores),
        "major_speaker_recall": share(
            sum(len(s.major_found) for s in scores), sum(len(s.major) for s in scores)
        ),
        "non_actors_listed": sum(len(s.non_actors) for s in scores),
        **analysis_totals([s.analysis for s in scores if s.analysis is not None]),
        "prompt_tokens": sum(s.prompt_tokens for s in scores),
        "completion_tokens": sum(s.completion_tokens for s in scores),
        "seconds": round(sum(s.seconds for s in scores), 1),
    }


def rule_totals(scores: list[ArticleScore]) -> dict[str, dict[str, Any]]:
    """Per attribution rule, over all articles: quotes it attributed, how many of them a named
    gold source scores, how many of those are right, and that precision."""
    pooled: dict[str, list[int]] = {}
    for s in scores:
        for rule, (fired, scored, right) in s.rules.items():
            total = pooled.setdefault(rule, [0, 0, 0])
            total[0] += fired
            total[1] += scored
            total[2] += right
    return {
        rule: {
            "fired": f,
            "scored": n,
            "right": r,
            "precision": round(r / n, 4) if n else None,
        }
        for rule, (f, n, r) in sorted(pooled.items(), key=lambda kv: -kv[1][0])
    }


def report(scores: list[ArticleScore]) -> dict[str, Any]:
    """The JSON report: per-article scores and totals."""
    return {
        "articles": [asdict(s) for s in scores],
        "totals": totals(scores),
        "rules": rule_totals(scores),
    }


def format_lines(scores: list[ArticleScore]) -> str:
    """Human-readable per-article lines and totals."""
    lines = []
    for s in scores:
        if s.error:
            lines.append(f"{s.name[:44]:44} FAILED {s.error}")
            continue
        lines.append(
            f"{s.name[:44]:44} quotes {s.exact}/{s.quotes} exact ({s.unattributed} unattributed)  "
            f"attrib {s.attributed_right}/{s.attributable}  "
            f"coverage {s.covered}/{s.coverable}  "
            f"major {len(s.major_found)}/{len(s.major)}  non-actors {len(s.non_actors)}  "
            f"{s.prompt_tokens}+{s.completion_tokens} tok  {s.attempts} att  {s.seconds:.1f} s"
        )
        if (a := s.analysis) is not None:
            lines.append(
                f"{'':44} events {a.events_found}/{a.gold_events} found, "
                f"{a.events_right}/{a.events} right, dates {a.dates_right}/{a.dated_gold}  "
                f"disagreements {a.disagreements_found}/{a.gold_disagreements} found, "
                f"{a.disagreements_right}/{a.disagreements} right"
                + (f"  unsupported {', '.join(a.unsupported_names)}" if a.unsupported_names else "")
            )
    t = totals(scores)
    lines.append(
        f"TOTAL {t['articles']} articles ({t['failed']} failed): verbatim {t['verbatim_exact']} "
        f"({t['unattributed_quotes']} unattributed), "
        f"attribution {t['attribution_accuracy']} of {t['attributable_quotes']}, "
        f"coverage {t['quote_coverage']} of {t['coverable_quotes']}, "
        f"major-speaker recall {t['major_speaker_recall']}, non-actors {t['non_actors_listed']}, "
        f"{t['prompt_tokens']}+{t['completion_tokens']} tokens, {t['seconds']} s"
    )
    lines.append(
        f"ANALYSIS events recall {t['event_recall']} of {t['gold_events']}, precision "
        f"{t['event_precision']} of {t['events']}, dates {t['event_date_accuracy']}; "
        f"disagreements recall {t['disagreement_recall']} of {t['gold_disagreements']}, "
        f"precision {t['disagreement_precision']} of {t['disagreements']}; key actors "
        f"{t['key_actor_recall']}; unsupported names in headline/summary {t['unsupported_names']}"
    )
    return "\n".join(lines) + "\n"
