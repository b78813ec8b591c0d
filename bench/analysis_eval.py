"""The analysis candidates alone, no model: next events and disagreements on a gold folder.

The embedded pipeline finds the candidates in the text (briefing/evidence/events.py,
briefing/evidence/disputes.py) and the model only labels the events and picks disagreements by
id. This script runs the pipeline itself (`briefing.brief.pipeline.generate`, compact mode) with a
client double that answers every schema with its minimal instance, except that it picks every
disagreement candidate it is offered; the events are what `sections.build_events` keeps when
the model's labels say nothing (every candidate, its own words). The briefing is then scored by
`briefing.eval_analysis.score_analysis`, the scorer of `briefing eval`:

- event recall / precision / date accuracy over the events the pipeline keeps;
- disagreement recall / precision over the candidates offered (all picked): a candidate matches
  a gold disagreement when its two sides' actors share a name word or an acronym with two
  different gold sides;
- oracle recall @N: the share of gold disagreements that some candidate among the top N of the
  ranked list matches (N above the number offered shows what a better ranking could reach).

Usage: python bench/analysis_eval.py [FOLDER] [--only NAME] [--top N] [--json] [--show]
(FOLDER defaults to ../shared/eval/dev; --show prints each article's events and candidates.)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fakes import SchemaDouble  # noqa: E402

from briefing.app.eval_analysis import AnalysisScore, analysis_totals, score_analysis  # noqa: E402
from briefing.brief import pipeline, sections  # noqa: E402
from briefing.brief.options import Options  # noqa: E402
from briefing.brief.pipeline import generate  # noqa: E402
from briefing.evidence import disputes  # noqa: E402
from briefing.ingest.sources import load  # noqa: E402
from briefing.models import Briefing, Draft, DraftDisputePick  # noqa: E402


class PickAll(SchemaDouble):
    """The minimal answer, but every disagreement candidate offered is picked."""

    def answer(self, schema: dict[str, Any] | None) -> Any:
        """The schema's minimal instance with every disagreement id picked."""
        answer = super().answer(schema)
        picks = (schema or {}).get("properties", {}).get("disagreements")
        if isinstance(answer, dict) and picks is not None:
            ids = picks["items"]["properties"]["id"]["enum"]
            if ids != [0]:
                answer["disagreements"] = [
                    {"id": i, "topic": "x", "position_1": "x", "position_2": "x"} for i in ids
                ]
        return answer


def brief(path: Path, published: str | None) -> Briefing:
    """The compact pipeline's briefing with every disagreement candidate picked."""
    article = load(str(path), published=published)
    return generate(article, client=PickAll(), options=Options(compact=True))


@contextmanager
def offered(n: int) -> Iterator[None]:
    """Rank the top n disagreement candidates instead of the pipeline's number."""
    old = disputes.MAX_CANDIDATES
    disputes.MAX_CANDIDATES = n
    try:
        yield
    finally:
        disputes.MAX_CANDIDATES = old


def top_disputes(path: Path, published: str | None, b: Briefing, n: int) -> Briefing:
    """The briefing with the top n disagreement candidates as its disagreements: the evidence
    steps of `pipeline.generate` (people, entities, candidates), with a wider list."""
    article, analysis = pipeline.read(load(str(path), published=published))
    _, _, pool = pipeline.actor_pool(analysis)
    with offered(n):
        cands = sections.find_candidates(analysis, pool, published=article.published)
    picks = [
        DraftDisputePick(id=d.id, topic="x", position_1="x", position_2="x") for d in cands.disputes
    ]
    draft = Draft.model_construct(disagreements=picks, events=[])  # more than a model may pick
    found_d = sections.build_disagreements(draft, cands, analysis, pool, [], own_words=True)
    return b.model_copy(update={"disagreements": found_d})


def _show(text: str, gold: dict[str, Any], b: Briefing) -> list[str]:
    """Each event and candidate pair, marked + when it matches gold, and the gold items."""
    one = score_analysis
    lines = []
    for ev in b.next_events:
        ok = one(text, {**gold, "disagreements": []}, b.model_copy(update={"next_events": [ev]}))
        mark = "+" if ok.events_right else "-"
        lines.append(f"   {mark}E {ev.when!s:18} {ev.date!s:10} {(ev.evidence or '')[:110]}")
    for g in gold.get("next_events", []):
        lines.append(f"   gold E {g['when']!s:15} {g['date']!s:10} {g['evidence'][:100]}")
    for d in b.disagreements:
        ok = one(text, {**gold, "next_events": []}, b.model_copy(update={"disagreements": [d]}))
        mark = "+" if ok.disagreements_right else "-"
        sides = " VS ".join(f"{s.actors[0]} [{(s.evidence or '')[:45]}]" for s in d.sides)
        lines.append(f"   {mark}D {sides}")
    for g in gold.get("disagreements", []):
        lines.append("   gold D " + " VS ".join(", ".join(s["actors"]) for s in g["sides"]))
    return lines


def main() -> None:
    """Score every NAME.analysis.json in the folder and print a table and totals."""
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT.parent / "shared/eval/dev")
    parser.add_argument("--only")
    parser.add_argument("--top", type=int, default=10, help="N for the oracle recall")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", action="store_true", help="list events and candidates")
    args = parser.parse_args()
    rows: list[tuple[str, AnalysisScore, int]] = []
    shown: list[str] = []
    for path in sorted(args.folder.glob("*.analysis.json")):
        name = path.name.removesuffix(".analysis.json")
        if args.only and args.only not in name:
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))
        text_path = args.folder / gold.get("text_file", f"{name}.txt")
        text = text_path.read_text(encoding="utf-8")
        b = brief(text_path, gold.get("published"))
        s = score_analysis(text, gold, b)
        wide = top_disputes(text_path, gold.get("published"), b, args.top)
        wide_score = score_analysis(text, gold, wide)
        rows.append((name, s, wide_score.disagreements_found))
        if args.show:
            shown += [name, *_show(text, gold, b)]
    scores = [s for _, s, _ in rows]
    t = analysis_totals(scores)
    gold_d = t["gold_disagreements"]
    oracle = sum(o for _, _, o in rows)
    t[f"oracle_recall_at_{args.top}"] = round(oracle / gold_d, 4) if gold_d else None
    if args.json:
        print(json.dumps({"articles": {n: asdict(s) for n, s, _ in rows}, "totals": t}, indent=2))
        return
    if shown:
        print("\n".join(shown), end="\n\n")
    head = f"{'article':40} {'ev found':>8} {'ev right':>8} {'dates':>6} {'dis found':>9} "
    print(head + f"{'dis right':>9} {'oracle@' + str(args.top):>9}")
    for name, s, o in rows:
        g = s.gold_disagreements
        print(
            f"{name[:40]:40} {s.events_found:>4}/{s.gold_events:<3} "
            f"{s.events_right:>4}/{s.events:<3} {s.dates_right:>2}/{s.dated_gold:<3} "
            f"{s.disagreements_found:>5}/{g:<3} {s.disagreements_right:>5}/{s.disagreements:<3} "
            f"{o:>5}/{g:<3}"
        )
    print(
        f"TOTAL events recall {t['event_recall']} ({sum(s.events_found for s in scores)}/"
        f"{t['gold_events']}), precision {t['event_precision']} "
        f"({sum(s.events_right for s in scores)}/{t['events']}), dates "
        f"{t['event_date_accuracy']} ({sum(s.dates_right for s in scores)}/"
        f"{sum(s.dated_gold for s in scores)})"
    )
    print(
        f"TOTAL disagreements recall {t['disagreement_recall']} "
        f"({sum(s.disagreements_found for s in scores)}/{gold_d}), precision "
        f"{t['disagreement_precision']} ({sum(s.disagreements_right for s in scores)}/"
        f"{t['disagreements']}), oracle recall @{args.top} "
        f"{t[f'oracle_recall_at_{args.top}']} ({oracle}/{gold_d})"
    )


if __name__ == "__main__":
    main()
