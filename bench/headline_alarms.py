"""False alarms of the headline checks: each article's own title (its first line, the
publisher's headline) given to `sections.checked_headline` as if the model had written it; a
replacement is a false alarm. Usage: python bench/headline_alarms.py [FOLDER]
(default ../shared/eval/dev)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

# ruff: noqa: E402
from briefing.brief import sections
from briefing.evidence.attribution import evidence_actors
from briefing.evidence.grounding import analyse
from briefing.ingest.sources import load

D = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "eval" / "dev")
n = bad = 0
for p in sorted(D.glob("*.txt")):
    art = load(str(p))
    a = analyse(art.text)
    people = evidence_actors(a, a.names)
    pool = people + [e for e in sections.key_entities(a, people) if e not in people]
    title = art.text.strip().splitlines()[0].strip()
    w = []
    out = sections.checked_headline(title, None, a, pool, w)
    n += 1
    if w:
        bad += 1
        print("REPLACED", p.name[:40], "|", title, "->", out[:80], "|", w[0][:160])
print(f"false alarms {bad} of {n}")
