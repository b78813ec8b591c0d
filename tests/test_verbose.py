"""-v/--verbose and --debug: progress and each warning with its reason; with --debug the
candidates, each quote's attribution and an internal error's traceback. A bug without --debug is
one line that names the exception, its message and where it was raised."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from chatserver import ChatServer
from conftest import EXAMPLE
from console import llm_args, run_briefing
from fakes import reference_draft

from briefing.brief.digest import failure
from briefing.cli import main
from briefing.cli.verbose import setup
from briefing.errors import describe_bug


@pytest.fixture
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def quiet_afterwards() -> Iterator[None]:
    """A test that turned -v on in this process leaves the logger as it found it."""
    yield
    setup(verbose=False, debug=False)


def test_verbose_shows_progress_and_each_warning(chat_server: ChatServer, work: Path) -> None:
    draft = reference_draft()
    draft["quotes"][0]["id"] = 99  # a problem the re-ask does not fix: a warning with its reason
    chat_server.reply(draft, times=2)
    result = run_briefing(
        "generate", str(EXAMPLE), "-v", "--max-attempts", "2", *llm_args(chat_server.base_url),
        cwd=work,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert f"briefing: {EXAMPLE}: reading article" in lines
    assert f"briefing: {EXAMPLE}: asking openai m (server strategy)" in lines
    again = f"briefing: {EXAMPLE}: answer 1 had 1 problem(s); asking again: quote id 99"
    assert any(line.startswith(again) for line in lines)
    assert any(
        line.startswith(f"briefing: {EXAMPLE}: warning: unresolved after 2 attempt(s): quote id 99")
        for line in lines
    )
    assert f"briefing: {EXAMPLE}: the model's answers are in the log: #1, #2" in " ".join(lines)
    assert not any(line.startswith("briefing[") for line in lines)  # no --debug detail


def test_debug_shows_candidates_picks_and_rules(chat_server: ChatServer, work: Path) -> None:
    chat_server.reply(reference_draft())
    result = run_briefing(
        "generate", str(EXAMPLE), "--debug", *llm_args(chat_server.base_url), cwd=work
    )
    assert result.returncode == 0, result.stderr
    err = result.stderr
    assert "9 quotes; people the text names: Mark Rutte, Donald Trump," in err
    debug = f"briefing[brief.pipeline]: {EXAMPLE}: "
    assert f"{debug}candidates: D1: Pete Hegseth [S11] vs Mark Rutte [S17]" in err
    assert f"{debug}the model's speakers: Q1: Mark Rutte, Q2: Mark Rutte" in err
    quote = "There can be no negotiation about Ukraine without Ukraine,"
    assert f"{debug}quote {quote!r} -> John Healey (agreed, rule after-verb-who)" in err


def _boom() -> None:
    raise KeyError("speaker")


def test_a_bug_is_named_with_its_message_and_place() -> None:
    try:
        _boom()
    except KeyError as exc:
        line = describe_bug(exc)
        failed = failure("a.txt", exc)
    assert (
        line
        == f"KeyError: 'speaker' at test_verbose.py:{_boom.__code__.co_firstlineno + 1} in _boom"
    )
    assert failed.error == f"internal error: {line}; please report it"
    assert failed.exit_code == 70
    assert describe_bug(ValueError()) == "ValueError"  # never raised: no place to name


@pytest.mark.parametrize("debug", [False, True])
def test_an_internal_error_shows_its_traceback_with_debug(
    debug: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from briefing.app import runner

    monkeypatch.setattr(runner, "brief", lambda *a, **k: _boom())
    argv = ["briefing", "generate", str(EXAMPLE), "--base-url", "http://127.0.0.1:9/v1"]
    monkeypatch.setattr(sys, "argv", argv + (["--debug"] if debug else []))
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 70
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (
        "Error: internal error (KeyError: 'speaker' at test_verbose.py:"
        f"{_boom.__code__.co_firstlineno + 1} in _boom); please report it"
    )
    assert ("Traceback (most recent call last)" in err) is debug
