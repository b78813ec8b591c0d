"""Benchmarks: CLI start-up and the embedded model per article (load / prompt / generation).

Usage: .venv/bin/python bench/run.py [--runs N] [--articles PATH ...] [--skip-model]
Prints a table and writes bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _time_cmd(cmd: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def startup(runs: int) -> dict[str, float]:
    """Median wall time of `briefing --help` beside `python -c pass`, in the same run."""
    return {
        "python_c_pass_s": _time_cmd([sys.executable, "-c", "pass"], runs),
        "briefing_help_s": _time_cmd([str(BIN / "briefing"), "--help"], runs),
        "briefing_version_s": _time_cmd([str(BIN / "briefing"), "--version"], runs),
    }


def embedded(articles: list[Path], runs: int) -> list[dict[str, object]]:
    """Brief each article `runs` times in fresh processes; split the time into its stages."""
    out = []
    code = (
        "import json,sys,time\n"
        "t0=time.perf_counter()\n"
        "from briefing.brief import pipeline\n"
        "from briefing.ingest import sources\n"
        "from briefing.llm.local import LocalClient\n"
        "a=sources.load(sys.argv[1])\n"
        "c=LocalClient()\n"
        "b=pipeline.generate(a, client=c)\n"
        "t=time.perf_counter()-t0\n"
        "q=[x for x in b.claims if x.quote]\n"
        "print(json.dumps({**c.timings,'total_s':t,'prompt_tokens':b.provenance.usage.prompt_tokens,"
        "'completion_tokens':b.provenance.usage.completion_tokens,'quotes':len(q),"
        "'exact_spans':sum(a.text[x.quote_span[0]:x.quote_span[1]]==x.quote for x in q),"
        "'attempts':b.provenance.attempts}))\n"
    )
    for article in articles:
        for i in range(runs):
            res = subprocess.run(
                [sys.executable, "-c", code, str(article)],
                check=True,
                capture_output=True,
                text=True,
            )
            row = json.loads(res.stdout.strip().splitlines()[-1])
            row.update(article=article.name, run=i + 1)
            out.append(row)
            print(
                f"  {article.name} run {i + 1}: {row['total_s']:.1f} s "
                f"(load {row['load_s']:.1f}, prompt {row['prompt_s']:.1f}, "
                f"generate {row['generate_s']:.1f}; {row['prompt_tokens']} + "
                f"{row['completion_tokens']} tokens)",
                file=sys.stderr,
            )
    return out


def main() -> None:
    """Run the benchmarks and write bench/results/latest.json."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--articles", nargs="*", type=Path, default=[ROOT / "examples" / "nato-ukraine.txt"]
    )
    parser.add_argument("--skip-model", action="store_true")
    args = parser.parse_args()
    results: dict[str, object] = {"startup": startup(10)}
    print(json.dumps(results["startup"], indent=1))
    if not args.skip_model:
        results["embedded"] = embedded(args.articles, args.runs)
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    (folder / "latest.json").write_text(json.dumps(results, indent=1) + "\n")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
