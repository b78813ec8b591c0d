"""The wheel as users get it: built, installed into a clean venv, run from outside the source tree.

Proves that prompts/ and templates/ ship inside the wheel and are found there, and that the
declared dependencies are enough to run the CLI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from chatserver import ChatServer
from fakes import reference_draft

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nato-ukraine.txt"
RESOURCES = [
    "briefing/prompts/system.j2",
    "briefing/prompts/brief.j2",
    "briefing/templates/briefing.html.j2",
    "briefing/templates/briefing.md.j2",
]


def _pip_settings() -> dict[str, str]:
    """How this machine's pip reaches the package index (proxies, certificates, config file).

    Read at import, before conftest isolates each test's environment and home.
    """
    keep = {"http_proxy", "https_proxy", "no_proxy", "all_proxy"}
    keep |= {k.upper() for k in keep} | {"SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE"}
    env = {k: v for k, v in os.environ.items() if k.startswith("PIP_") or k in keep}
    if "PIP_CONFIG_FILE" not in env:
        config_home = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config"))
        for candidate in (config_home / "pip" / "pip.conf", Path.home() / ".pip" / "pip.conf"):
            if candidate.is_file():
                env["PIP_CONFIG_FILE"] = str(candidate)
                break
    return env


PIP_SETTINGS = _pip_settings()


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path

    @property
    def briefing(self) -> str:
        return str(self.venv / "bin" / "briefing")

    @property
    def python(self) -> str:
        return str(self.venv / "bin" / "python")


def _tool_env(home: Path) -> dict[str, str]:
    env = {
        k: os.environ[k]
        for k in ("PATH", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
        if k in os.environ
    }
    env.update(PIP_SETTINGS)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    return env


def _check(cmd: list[str], *, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, (
        f"{cmd} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    """The wheel built from this tree, installed with its core dependencies into a fresh venv."""
    base = tmp_path_factory.mktemp("wheel")
    home = base / "home"
    home.mkdir()
    env = _tool_env(home)
    dist = base / "dist"
    build = [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)]
    result = subprocess.run(build, cwd=base, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        # An isolated build needs the index for hatchling; offline, use the venv's own hatchling.
        _check([*build, "--no-isolation"], cwd=base, env=env)
    wheels = sorted(dist.glob("briefing-*.whl"))
    assert len(wheels) == 1, wheels
    venv = base / "venv"
    _check([sys.executable, "-m", "venv", str(venv)], cwd=base, env=env)
    _check(
        [str(venv / "bin" / "python"), "-m", "pip", "install", str(wheels[0])], cwd=base, env=env
    )
    yield Installed(wheels[0], venv)


def _user_env(installed: Installed) -> dict[str, str]:
    """The test's isolated environment, minus anything that could point at the source tree."""
    env = dict(os.environ)
    for key in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"):
        env.pop(key, None)
    env["PATH"] = f"{installed.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def _generate(
    installed: Installed, server: ChatServer, fmt: str, cwd: Path
) -> subprocess.CompletedProcess[str]:
    server.reply(reference_draft())
    return subprocess.run(
        [
            installed.briefing,
            "generate",
            str(EXAMPLE),
            "--base-url",
            server.base_url,
            "--model",
            "m",
            "-f",
            fmt,
        ],
        cwd=cwd,
        env=_user_env(installed),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_wheel_ships_prompts_and_templates(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as zf:
        names = set(zf.namelist())
        for resource in RESOURCES:
            assert resource in names
            assert zf.read(resource) == (ROOT / resource.removeprefix("briefing/")).read_bytes()
    assert "briefing/cli/__init__.py" in names and "briefing/llm/openai_backend.py" in names
    assert not any(n.startswith(("tests/", "examples/")) for n in names)


def test_installed_package_is_the_wheel(installed: Installed, tmp_path: Path) -> None:
    result = subprocess.run(
        [installed.python, "-c", "import briefing, sys; print(briefing.__file__)"],
        cwd=tmp_path,
        env=_user_env(installed),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    where = Path(result.stdout.strip()).resolve()
    assert installed.venv.resolve() in where.parents
    assert ROOT not in where.parents


def test_installed_help(installed: Installed, tmp_path: Path) -> None:
    env = _user_env(installed)
    result = subprocess.run(
        [installed.briefing, "--help"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "generate" in result.stdout
    version = subprocess.run(
        [installed.briefing, "--version"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert version.returncode == 0
    assert version.stdout.startswith("briefing ")


def test_installed_generates_markdown(
    installed: Installed, chat_server: ChatServer, tmp_path: Path
) -> None:
    result = _generate(installed, chat_server, "md", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Rutte" in result.stdout
    assert "There can be no negotiation about Ukraine without Ukraine\u201d" in result.stdout
    assert "## What they said" in result.stdout  # the packaged Markdown template
    # The packaged prompts were rendered and sent.
    system, user = chat_server.requests[0].messages
    assert system["role"] == "system" and system["content"]
    assert "[Q9]" in user["content"] and "Rutte told reporters" in user["content"]


def test_installed_generates_json(
    installed: Installed, chat_server: ChatServer, tmp_path: Path
) -> None:
    result = _generate(installed, chat_server, "json", tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len([c for c in data["claims"] if c["quote"] is not None]) == 9
    assert data["provenance"]["prompt_version"].startswith("p1-")


def test_installed_generates_html(
    installed: Installed, chat_server: ChatServer, tmp_path: Path
) -> None:
    result = _generate(installed, chat_server, "html", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Rutte" in result.stdout
    assert 'width="640"' in result.stdout and "style=" in result.stdout
