"""Digest throughput, cache and memory against a loopback chat-completions server.

A server on 127.0.0.1 answers every request after DELAY seconds. N distinct articles are briefed
with --jobs J (ideal wall time: ceil(N / J) * DELAY), then again (all from cache: 0 tokens), and
peak memory (max RSS) is compared between N and 5N articles.

Usage: .venv/bin/python bench/digest_bench.py [--articles 20] [--jobs 8] [--delay 1.0]
       .venv/bin/python bench/digest_bench.py --articles 1000 --jobs 64 --repeat 1 \\
           --memory-factor 0          # the 1,000-article scale run
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DRAFT = {
    "headline": "Council approves budget",
    "summary": "The council approved a budget.",
    "quotes": [],
    "actors": [],
    "claims": [],
    "disagreements": [],
    "events": [],
}


# The memory figures of one run, in KB: the largest process, and the sums over its tree.
MEMORY = ("largest_process_rss_kb", "tree_rss_kb", "tree_pss_kb")


def serve(delay: float) -> tuple[ThreadingHTTPServer, list[int], list[tuple[float, float]]]:
    """A chat-completions server that answers after `delay` seconds; counts requests and keeps
    each one's (arrival, answer) times on the perf_counter clock."""
    count = [0]
    times: list[tuple[float, float]] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("content-length", 0))
            self.rfile.read(length)
            count[0] += 1
            arrived = time.perf_counter()
            time.sleep(delay)
            body = json.dumps(
                {
                    "id": "x",
                    "object": "chat.completion",
                    "created": 0,
                    "model": "m",
                    "choices": [
                        {
                            "index": 0,
                            "finish_reason": "stop",
                            "message": {"role": "assistant", "content": json.dumps(DRAFT)},
                        }
                    ],
                    "usage": {"prompt_tokens": 900, "completion_tokens": 120, "total_tokens": 1020},
                }
            ).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            times.append((arrived, time.perf_counter()))

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, count, times


def articles(folder: Path, n: int) -> list[str]:
    """n distinct articles: the reference article after a paragraph of its own, long enough that
    the digest's selection does not take them for copies of one wire story."""
    base = (ROOT / "examples" / "nato-ukraine.txt").read_text(encoding="utf-8")
    paths = []
    for i in range(n):
        own = " ".join(f"Desk{i} filed note{k} on item{i}x{k}." for k in range(60))
        p = folder / f"a{i:04d}.txt"
        p.write_text(f"Dispatch number {i} from Brussels.\n{own}\n\n{base}", encoding="utf-8")
        paths.append(str(p))
    return paths


def run(
    files: list[str],
    url: str,
    jobs: int,
    env: dict[str, str],
    out: Path,
    processes: int | None = None,
) -> tuple[float, float, int, dict[str, object]]:
    """One digest run: its start (perf_counter), wall seconds, the peak resident memory of the
    digest and its worker processes together in KB, the JSON totals."""
    cmd = [
        "/usr/bin/time",
        "-f",
        "RSS %M CPU %U %S",
        str(BIN / "briefing"),
        "digest",
        *files,
        "--base-url",
        url,
        "--model",
        "m",
        "--jobs",
        str(jobs),
        "-f",
        "json",
        "-o",
        str(out),
    ]
    if processes:
        cmd += ["--processes", str(processes)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0, 0]
    sampler = threading.Thread(target=_sample_tree, args=(proc, peak), daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"briefing digest exited {proc.returncode}: {stderr[-2000:]}")
    m = re.search(r"RSS (\d+) CPU ([\d.]+) ([\d.]+)", stderr)
    assert m, stderr
    totals = json.loads(out.read_text())["totals"]
    # user + system of the digest and its worker processes (time(1) counts waited children)
    totals["process_cpu_s"] = float(m[2]) + float(m[3])
    totals["largest_process_rss_kb"] = int(m[1])
    # The digest's worker processes each have their own memory: the peak of their sum.
    totals["tree_rss_kb"] = max(peak[0], int(m[1]))
    totals["tree_pss_kb"] = peak[1]
    return t0, wall, max(peak[0], int(m[1])), totals


def _tree_memory_kb(root: int) -> tuple[int, int]:
    """Resident memory of a process and all its descendants in KB (from /proc): the sum of
    their RSS, which counts a page shared by forked processes once in each, and the sum of
    their PSS, which splits each shared page among its sharers (the memory the tree takes)."""
    parent: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            parent[int(d.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, grew = {root}, True
    while grew:
        more = {p for p, pp in parent.items() if pp in tree} - tree
        tree |= more
        grew = bool(more)
    rss = pss = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:  # ended meanwhile
            continue
        rss += int(m[1]) if (m := re.search(r"^Rss:\s+(\d+)", rollup, re.M)) else 0
        pss += int(m[1]) if (m := re.search(r"^Pss:\s+(\d+)", rollup, re.M)) else 0
    return rss, pss


def _sample_tree(proc: subprocess.Popen[str], peak: list[int]) -> None:
    """Every 0.25 s until `proc` ends, the largest sums of its tree's RSS and PSS."""
    while proc.poll() is None:
        rss, pss = _tree_memory_kb(proc.pid)
        peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
        time.sleep(0.25)


def cold_runs(
    repeat: int,
    files: list[str],
    url: str,
    jobs: int,
    env: dict[str, str],
    tmpd: Path,
    times: list[tuple[float, float]],
    processes: int | None = None,
) -> list[dict[str, float]]:
    """`repeat` runs, each with an empty cache: wall, phase, and where the time went."""
    out = []
    for i in range(repeat):
        times.clear()
        env_i = {**env, "XDG_CACHE_HOME": str(tmpd / f"cold{i}")}
        t0, wall, _, totals = run(files, url, jobs, env_i, tmpd / f"cold{i}.json", processes)
        first = min(a for a, _ in times) - t0
        last = max(b for _, b in times) - t0
        out.append(
            {
                "wall_s": wall,
                "briefing_phase_s": float(totals["elapsed_s"]),  # type: ignore[arg-type]
                "to_first_request_s": first,
                "first_request_to_last_answer_s": last - first,
                "after_last_answer_s": wall - last,
                "process_cpu_s": float(totals["process_cpu_s"]),  # type: ignore[arg-type]
                **{f"{k[:-3]}_mb": int(str(totals[k])) / 1024 for k in MEMORY},
            }
        )
    return out


def main() -> None:
    """Run the benchmark and print the figures."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=8)
    ap.add_argument("--delay", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=5, help="cold runs (the median is reported)")
    ap.add_argument(
        "--memory-factor",
        type=int,
        default=5,
        help="also measure max RSS with this many times the articles (0: skip)",
    )
    ap.add_argument(
        "--processes", type=int, default=None, help="the digest's --processes (default: its own)"
    )
    ap.add_argument(
        "--cold-only", action="store_true", help="only the cold runs: no rerun, no memory factor"
    )
    args = ap.parse_args()
    server, count, times = serve(args.delay)
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        env = {
            **os.environ,
            "XDG_CACHE_HOME": str(tmpd / "cache"),
            "XDG_STATE_HOME": str(tmpd / "state"),
            "HOME": str(tmpd),
        }
        files = articles(tmpd, args.articles)
        ideal = math.ceil(args.articles / args.jobs) * args.delay
        colds = cold_runs(args.repeat, files, url, args.jobs, env, tmpd, times, args.processes)
        if args.cold_only:
            cold = {"articles": args.articles, "jobs": args.jobs, "cold": colds}
            print(json.dumps(cold, indent=1))
            server.shutdown()
            return
        count[0] = 0
        _, cold, rss_small, totals = run(
            files, url, args.jobs, env, tmpd / "d1.json", args.processes
        )
        n_cold = count[0]
        _, warm, _, totals_warm = run(files, url, args.jobs, env, tmpd / "d2.json", args.processes)
        rss_big = 0
        if args.memory_factor:
            (tmpd / "many").mkdir()
            many = articles(tmpd / "many", args.articles * args.memory_factor)
            env_many = {**env, "XDG_CACHE_HOME": str(tmpd / "cache2")}
            _, _, rss_big, _ = run(many, url, args.jobs, env_many, tmpd / "d3.json", args.processes)
    median = {k: round(statistics.median(c[k] for c in colds), 3) for k in colds[0]}
    result = {
        "articles": args.articles,
        "jobs": args.jobs,
        "delay_s": args.delay,
        "ideal_s": ideal,
        "cold_runs": args.repeat,
        "processes": totals["processes"],
        "cold_median": median,
        "cold_wall_over_ideal": round(median["wall_s"] / ideal, 3),
        "cold_wall_min_s": round(min(c["wall_s"] for c in colds), 3),
        "cold_phase_over_ideal": round(median["briefing_phase_s"] / ideal, 3),
        "cold_requests": n_cold,
        "cpu_ms_per_article": round(1000 * median["process_cpu_s"] / args.articles, 1),
        "warm_s": round(warm, 2),
        "warm_tokens": totals_warm["usage"]["prompt_tokens"]  # type: ignore[index]
        + totals_warm["usage"]["completion_tokens"],  # type: ignore[index]
        "warm_cached": totals_warm["cached"],
        f"max_rss_kb_{args.articles}": rss_small,
        f"max_rss_kb_{args.articles * args.memory_factor}": rss_big,
        "first_request_to_last_answer_over_ideal": round(
            median["first_request_to_last_answer_s"] / ideal, 3
        ),
        "cold_totals": totals,
    }
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    name = f"digest-{args.articles}" + (f"-p{args.processes}" if args.processes else "")
    (folder / f"{name}.json").write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))
    server.shutdown()


if __name__ == "__main__":
    main()
