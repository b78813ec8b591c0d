"""Reproducible runs: the boundary marker is derived from the article with a secret kept per
installation, so the same article, model and settings send byte-identical prompts, while an
article's author still cannot guess the marker."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from chatserver import ChatServer
from conftest import EXAMPLE
from fakes import reference_draft

from briefing import brief
from briefing.brief import prompts

_CODE = re.compile(r"<<<ARTICLE ([0-9A-F]{12})>>>")


def _run(chat_server: ChatServer) -> str:
    """Brief the reference article afresh; the request it sent, as JSON text."""
    chat_server.reply(reference_draft())
    brief(EXAMPLE, base_url=chat_server.base_url, model="m", timeout=10, no_cache=True)
    return json.dumps(chat_server.requests[-1].body, ensure_ascii=False)


def test_two_runs_send_byte_identical_prompts(chat_server: ChatServer, tmp_path: Path) -> None:
    first, second = _run(chat_server), _run(chat_server)
    assert first == second
    user = chat_server.requests[0].messages[1]["content"]
    (code,) = set(_CODE.findall(user))
    assert code not in EXAMPLE.read_text(encoding="utf-8").upper()
    key = next(Path(tmp_path).rglob(prompts.KEY_FILE))
    assert key.stat().st_mode & 0o777 == 0o600


def test_another_installation_gets_another_marker(
    chat_server: ChatServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _run(chat_server)
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path / "other-installation"))
    _run(chat_server)
    codes = [_CODE.findall(r.messages[1]["content"])[0] for r in chat_server.requests]
    assert codes[0] != codes[1]
    assert (tmp_path / "other-installation" / prompts.KEY_FILE).is_file()


def test_the_marker_is_never_a_string_the_text_holds() -> None:
    key = bytes(32)
    text = "0123456789ABCDE"  # every one-digit marker but F
    assert prompts.marker_for(text, key, digits=1) == "F"
    assert prompts.marker_for(text.lower(), key, digits=1) == "F"
    assert prompts.marker_for("news", key) == prompts.marker_for("news", key)
    assert prompts.marker_for("news", key) != prompts.marker_for("news", bytes([1]) * 32)
    assert prompts.marker_for("news", key) != prompts.marker_for("news!", key)


def test_a_prompt_built_outside_an_article_gets_a_fresh_marker() -> None:
    assert prompts.boundary() != prompts.boundary()
    with prompts.marking("some article text") as code:
        assert prompts.boundary() == code == prompts.boundary()
