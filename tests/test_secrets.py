"""The API key never appears in output, errors, provenance or any file a run writes."""

from __future__ import annotations

import os
from pathlib import Path

from chatserver import ChatServer
from conftest import EXAMPLE
from console import run_briefing
from fakes import reference_draft

from briefing.llm.backends import resolve

SECRET = "sk-live-DO-NOT-LEAK-5f3a9c"


def _files_with_secret(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]


def test_secret_absent_from_success_output_and_files(
    chat_server: ChatServer, isolated_env: Path, tmp_path: Path
) -> None:
    chat_server.reply(reference_draft())
    out = tmp_path / "b.json"
    result = run_briefing(
        "generate", str(EXAMPLE), "--base-url", chat_server.base_url, "-f", "json", "-o", str(out),
        cwd=isolated_env, OPENAI_API_KEY=SECRET,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert chat_server.requests[0].headers["authorization"] == f"Bearer {SECRET}"
    assert SECRET not in result.stdout + result.stderr
    assert SECRET not in out.read_text()
    assert _files_with_secret(tmp_path) == []


def test_secret_absent_from_errors(chat_server: ChatServer, isolated_env: Path) -> None:
    for status in (401, 403, 400, 500):
        chat_server.error(status, f"bad request for key {SECRET[:6]}", times=4)
        result = run_briefing(
            "generate", str(EXAMPLE), "--base-url", chat_server.base_url,
            cwd=isolated_env, OPENAI_API_KEY=SECRET,
        )  # fmt: skip
        assert result.returncode != 0
        assert SECRET not in result.stdout + result.stderr
        assert "Traceback" not in result.stderr


def test_settings_repr_hides_key(monkeypatch: object) -> None:
    os.environ["OPENAI_API_KEY"] = SECRET
    try:
        settings = resolve()
    finally:
        del os.environ["OPENAI_API_KEY"]
    assert settings.api_key == SECRET
    assert SECRET not in repr(settings) and SECRET not in str(settings)


def test_repository_fixtures_hold_no_real_keys() -> None:
    root = Path(__file__).resolve().parent
    pattern = b"sk-" + b"proj-"  # split so this file does not match itself
    assert [p for p in root.rglob("*") if p.is_file() and pattern in p.read_bytes()] == []
