"""Benchmarks: CLI start-up and the embedded model per article (load / prompt / generation).

Usage: .venv/bin/python bench/run.py [--runs N] [--articles PATH ...] [--skip-model] [--llm LLM]
Prints a table and writes bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _once(cmd: list[str]) -> tuple[float, float, int]:
    """One run of cmd: wall seconds, CPU seconds (user + system) and max RSS in KB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, after.ru_maxrss  # the largest of the children so far


def startup(runs: int, llm: str | None) -> dict[str, float]:
    """Median wall and CPU time of `briefing --help` and `--version` beside `python -c pass` and
    (when given) simonw/llm's `llm --help`, the runs interleaved so that a busy machine slows
    each alike; max RSS of `briefing --help`."""
    cmds = {
        "python_c_pass": [sys.executable, "-c", "pass"],
        "briefing_help": [str(BIN / "briefing"), "--help"],
        "briefing_version": [str(BIN / "briefing"), "--version"],
    }
    if llm:
        cmds["llm_help"] = [llm, "--help"]
    walls: dict[str, list[float]] = {name: [] for name in cmds}
    cpus: dict[str, list[float]] = {name: [] for name in cmds}
    rss = 0
    for _ in range(runs):
        for name, cmd in cmds.items():
            wall, cpu, peak = _once(cmd)
            walls[name].append(wall)
            cpus[name].append(cpu)
            if name == "briefing_help" and not rss:  # first round: only python -c pass before
                rss = peak
    out = {f"{n}_s": round(statistics.median(w), 4) for n, w in walls.items()}
    out |= {f"{n}_cpu_s": round(statistics.median(c), 4) for n, c in cpus.items()}
    out["briefing_help_max_rss_mib"] = round(rss / 1024, 1)
    if llm:
        # The measure: each run of briefing --help over the llm --help run beside it.
        pairs = zip(walls["briefing_help"], walls["llm_help"], strict=True)
        out["help_over_llm_help"] = round(statistics.median(b / m for b, m in pairs), 3)
    return out


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
    parser.add_argument(
        "--llm", help="simonw/llm's `llm` executable, to time `llm --help` beside ours"
    )
    args = parser.parse_args()
    results: dict[str, object] = {"startup": startup(10, args.llm)}
    print(json.dumps(results["startup"], indent=1))
    if not args.skip_model:
        results["embedded"] = embedded(args.articles, args.runs)
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    (folder / "latest.json").write_text(json.dumps(results, indent=1) + "\n")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
