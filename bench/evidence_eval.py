"""The evidence rules alone, measured on a gold folder in seconds instead of minutes.

On the embedded default (compact mode) quotes, speakers, actors and reported claims come from the
text's evidence
(briefing/evidence/grounding.py, briefing/evidence/attribution.py); the model only writes the prose
(headline, summary, events, disagreements). This script runs `briefing eval`'s measures with a
client double that answers every request with the smallest instance of the JSON schema it is
given, and with compact=True, so the attribution figures are exactly those of the embedded
default, without loading the model.

Usage: python bench/evidence_eval.py [FOLDER] [--only NAME] [--sample N] [--jobs N] [--json]
       [--misses] [--wrong] [--out DIR]
(FOLDER defaults to ../shared/eval/dev; --sample N takes N articles spread evenly over the
sorted names, the same ones every run; --jobs N briefs in N processes; --misses lists each gold
quote not covered, --wrong each scored quote given to the wrong speaker, with the text around it
and the rule that attributed it. Every run prints each attribution rule's fires and precision and,
with --out, writes report.json there.)
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fakes import SchemaDouble  # noqa: E402

from briefing.app import evaluate as ev  # noqa: E402
from briefing.app.eval_analysis import name_words  # noqa: E402
from briefing.brief.pipeline import Options  # noqa: E402


def _context(text: str, span: list[int], width: int = 160) -> str:
    a, z = span
    before = text[max(0, a - width) : a].replace("\n", " \u00b6 ")
    after = text[z : z + 80].replace("\n", " \u00b6 ")
    return f"...{before}[[{text[a:z][:100]}]]{after}..."


def article_names(folder: Path, sample: int | None) -> list[str]:
    """The gold articles of a folder, or `sample` of them spread evenly over the sorted names."""
    names = sorted(
        {p.name.removesuffix(".gold.json") for p in folder.glob("*.gold.json")}
        | {p.name.removesuffix(".analysis.json") for p in folder.glob("*.analysis.json")}
    )
    if sample and sample < len(names):
        step = len(names) / sample
        names = [names[int(i * step)] for i in range(sample)]
    return names


def _brief_some(folder: Path, out: Path, names: list[str]) -> list[ev.ArticleScore]:
    client = SchemaDouble()
    return ev.run(folder, client=client, out=out, options=Options(compact=True), names=set(names))


def score_all(folder: Path, out: Path, names: list[str], jobs: int) -> list[ev.ArticleScore]:
    """Brief and score the named articles, in `jobs` processes."""
    if jobs <= 1:
        return _brief_some(folder, out, names)
    chunks = [names[i::jobs] for i in range(jobs)]
    with ProcessPoolExecutor(jobs) as pool:
        parts = pool.map(_brief_some, [folder] * jobs, [out] * jobs, chunks)
    return sorted((s for part in parts for s in part), key=lambda s: s.name)


def rule_lines(rules: dict[str, dict[str, Any]]) -> str:
    """One line per attribution rule: fires, scored, right, precision."""
    lines = [f"{'rule':44} {'fired':>6} {'scored':>6} {'right':>6} precision"]
    for rule, r in rules.items():
        p = "-" if r["precision"] is None else f"{r['precision']:.3f}"
        lines.append(f"{rule:44} {r['fired']:6} {r['scored']:6} {r['right']:6} {p}")
    return "\n".join(lines) + "\n"


def _wrong(folder: Path, out: Path, s: ev.ArticleScore) -> list[str]:
    """The scored quotes of one article given to a speaker the gold source does not name."""
    gold = json.loads((folder / f"{s.name}.gold.json").read_text(encoding="utf-8"))
    text = (folder / gold.get("text_file", f"{s.name}.txt")).read_text("utf-8")
    b = json.loads((out / f"{s.name}.briefing.json").read_text(encoding="utf-8"))
    lines = []
    for c in b["claims"]:
        if not (c.get("quote_span") and c.get("speaker")):
            continue
        a, z = c["quote_span"]
        for att in gold["attributions"]:
            if not ev.is_named(att["source"]) or not ev._overlaps((a, z), att["content_spans"]):
                continue
            if not name_words(att["source"]) & name_words(c["speaker"]):
                lines.append(
                    f"\n{s.name[:30]} | {c['attribution_rule']} | gave {c['speaker']!r}, gold "
                    f"{att['source']!r}\n  {_context(text, [a, z])}"
                )
            break
    return lines


def main() -> None:
    """Run the measures and print them (and the misses, if asked)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT.parent / "shared/eval/dev")
    parser.add_argument("--only")
    parser.add_argument("--sample", type=int, help="N articles spread over the sorted names")
    parser.add_argument("--jobs", type=int, default=1, help="brief in N processes")
    parser.add_argument("--json", action="store_true", help="print the JSON report")
    parser.add_argument("--misses", action="store_true", help="list the gold quotes not covered")
    parser.add_argument("--wrong", action="store_true", help="list quotes given the wrong speaker")
    parser.add_argument("--out", type=Path, help="keep the briefings and report.json here")
    args = parser.parse_args()
    names = [n for n in article_names(args.folder, args.sample) if not args.only or args.only in n]
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        scores = score_all(args.folder, out, names, args.jobs)
        report = ev.report(scores)
        if args.out:
            (out / "report.json").write_text(json.dumps(report, indent=2) + "\n")
        wrong = [
            line
            for s in scores
            if args.wrong and s.attributable
            for line in _wrong(args.folder, out, s)
        ]
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(ev.format_lines(scores), end="")
        print(rule_lines(report["rules"]), end="")
    for line in wrong:
        print(line)
    if args.misses:
        for s in scores:
            if not s.missed:
                continue
            gold = json.loads((args.folder / f"{s.name}.gold.json").read_text(encoding="utf-8"))
            text = (args.folder / gold.get("text_file", f"{s.name}.txt")).read_text("utf-8")
            for miss in s.missed:
                print(f"\n{s.name[:30]} | {miss['source']}\n  {_context(text, miss['span'])}")


if __name__ == "__main__":
    main()
