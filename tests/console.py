"""Running the installed `briefing` console script as a user (or cron) runs it: a subprocess in
the environment conftest has isolated (no keys, no config, a temporary home)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def briefing_exe() -> str:
    """The `briefing` console script of this environment."""
    exe = Path(sys.executable).parent / "briefing"
    found = str(exe) if exe.is_file() else shutil.which("briefing")
    assert found, "the briefing console script is not installed in this environment"
    return found


def run_briefing(
    *args: str, cwd: Path, stdin: str | None = None, timeout: float = 120, **env_extra: str
) -> subprocess.CompletedProcess[str]:
    """Run `briefing ARGS`; `stdin` is its standard input (none when not given); `timeout`
    seconds at most (the embedded model needs more than a loopback server)."""
    env = dict(os.environ)
    env.update(env_extra)
    return subprocess.run(
        [briefing_exe(), *args],
        cwd=cwd,
        env=env,
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single 'Error: ...' line a failed run must print, and nothing else."""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), result.stderr
    return lines[0]


def llm_args(base_url: str, *more: str) -> list[str]:
    """Flags pointing a command at a loopback chat-completions server."""
    return ["--base-url", base_url, "--model", "m", "--timeout", "10", *more]
