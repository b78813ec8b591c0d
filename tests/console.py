"""Running `briefing` as a user (or cron) runs it, in the environment conftest has isolated (no
keys, no config, a temporary home).

`run_briefing` runs the console script's entry point (`briefing.cli.main`) in this process, with
its own argv, working folder, environment, standard input and captured standard streams: the
same exit code and output as the installed script, without a new interpreter that imports the
SDK and loads spaCy again for each test (about 2 s of CPU each). `run_process` starts the
installed script as a real subprocess, for what only a process shows: the console script
itself, a pipe on stdin, a signal, what is written at exit."""

from __future__ import annotations

import gc
import io
import os
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def briefing_exe() -> str:
    """The `briefing` console script of this environment."""
    exe = Path(sys.executable).parent / "briefing"
    found = str(exe) if exe.is_file() else shutil.which("briefing")
    assert found, "the briefing console script is not installed in this environment"
    return found


def run_process(
    *args: str, cwd: Path, stdin: str | None = None, timeout: float = 120, **env_extra: str
) -> subprocess.CompletedProcess[str]:
    """Run `briefing ARGS` as a subprocess; `stdin` is its standard input (none when not
    given); `timeout` seconds at most (the embedded model needs more than a loopback server)."""
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


class _Kept(io.BytesIO):
    """A byte buffer that outlives the text stream wrapped around it (closing that stream, as
    an interpreter does at exit, must not lose what was written)."""

    def close(self) -> None:
        """Keep the bytes readable."""


@contextmanager
def _as_process(
    args: tuple[str, ...], cwd: Path, stdin: str | None, env_extra: dict[str, str]
) -> Iterator[tuple[_Kept, _Kept]]:
    """This process dressed as a new `briefing ARGS` process for the duration: argv, working
    folder, environment and the three standard streams, each given back afterwards."""
    saved = (sys.argv, sys.stdin, sys.stdout, sys.stderr, os.getcwd(), dict(os.environ))
    out, err = _Kept(), _Kept()
    try:
        sys.argv = [briefing_exe(), *args]
        os.chdir(cwd)
        os.environ.update(env_extra)
        sys.stdin = io.TextIOWrapper(io.BytesIO((stdin or "").encode()), encoding="utf-8")
        sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
        sys.stderr = io.TextIOWrapper(
            err, encoding="utf-8", errors="backslashreplace", write_through=True
        )
        yield out, err
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.argv, sys.stdin, sys.stdout, sys.stderr = saved[:4]
        os.chdir(saved[4])
        os.environ.clear()
        os.environ.update(saved[5])


def run_briefing(
    *args: str, cwd: Path, stdin: str | None = None, **env_extra: str
) -> subprocess.CompletedProcess[str]:
    """Run `briefing ARGS` in this process as the console script runs it: `stdin` is its
    standard input (empty when not given), `env_extra` is added to its environment."""
    from briefing.cli import main

    code: int | str | None = 0
    with _as_process(args, cwd, stdin, env_extra) as (out, err), warnings.catch_warnings():
        # A process of its own shows no ResourceWarning (the default filters) and ends with its
        # clients' sockets open: the run's leftovers are collected here, as silently.
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            main()
        except SystemExit as exc:
            code = exc.code
        if isinstance(code, str):  # sys.exit("message"), as the interpreter reports it
            sys.stderr.write(f"{code}\n")
            code = 1
        # main() freezes the collector's objects at exit (a process ends there; this one goes on).
        gc.unfreeze()
        gc.collect()
    return subprocess.CompletedProcess(
        [briefing_exe(), *args],
        code or 0,
        out.getvalue().decode("utf-8"),
        err.getvalue().decode("utf-8"),
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
