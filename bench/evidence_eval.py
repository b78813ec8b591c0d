"""The evidence rules alone, measured on a gold folder in seconds instead of minutes.

On the embedded default (compact mode) quotes, speakers, actors and reported claims come from the
text's evidence
(briefing/evidence/grounding.py, briefing/evidence/attribution.py); the model only writes the prose
(headline, summary, events, disagreements). This script runs `briefing eval`'s measures with a
client double that answers every request with the smallest instance of the JSON schema it is
given, and with compact=True, so the attribution figures are exactly those of the embedded
default, without loading the model.

Usage: python bench/evidence_eval.py [FOLDER] [--only NAME] [--json] [--misses] [--out DIR]
(FOLDER defaults to ../shared/eval/dev; --misses lists each gold quote not covered, with the text
around it.)
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fakes import SchemaDouble  # noqa: E402

from briefing.app import evaluate as ev  # noqa: E402
from briefing.brief.pipeline import Options  # noqa: E402


def _context(text: str, span: list[int], width: int = 160) -> str:
    a, z = span
    before = text[max(0, a - width) : a].replace("\n", " \u00b6 ")
    after = text[z : z + 80].replace("\n", " \u00b6 ")
    return f"...{before}[[{text[a:z][:100]}]]{after}..."


def main() -> None:
    """Run the measures and print them (and the misses, if asked)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT.parent / "shared/eval/dev")
    parser.add_argument("--only")
    parser.add_argument("--json", action="store_true", help="print the JSON report")
    parser.add_argument("--misses", action="store_true", help="list the gold quotes not covered")
    parser.add_argument("--out", type=Path, help="keep the briefings here")
    args = parser.parse_args()
    client = SchemaDouble()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        scores = ev.run(
            args.folder, client=client, out=out, options=Options(compact=True), only=args.only
        )
    if args.json:
        print(json.dumps(ev.report(scores), indent=2))
    else:
        print(ev.format_lines(scores), end="")
        print(f"calls to the double: {client.calls}")
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
