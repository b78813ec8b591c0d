"""The exchange log: every model call kept in SQLite (`briefing logs`), named by the briefing's
provenance, pruned after its retention, never holding a secret."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from chatserver import ChatServer
from conftest import EXAMPLE
from console import llm_args, one_error_line, run_briefing
from fakes import reference_draft

from briefing.models import Usage
from briefing.ops import logs

API_KEY = "sk-test-LEAKED-0123456789"
SMTP_PASSWORD = "hunter2-smtp-pass"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


@pytest.fixture
def leaky(work: Path) -> Path:
    """The reference article, which happens to quote an API key and a password."""
    path = work / "leak.txt"
    text = EXAMPLE.read_text(encoding="utf-8")
    path.write_text(
        text + f"\nA leaked key, {API_KEY}, and a password, {SMTP_PASSWORD}, were found.\n",
        encoding="utf-8",
    )
    return path


def _stored_bytes(state: Path) -> bytes:
    """Everything the log keeps on disk (the database and its write-ahead log)."""
    return b"".join(p.read_bytes() for p in sorted(state.rglob("logs.sqlite3*")))


def test_generate_logs_each_exchange_and_names_them(
    chat_server: ChatServer, work: Path, leaky: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    chat_server.reply("{not json", usage=(900, 5)).reply(reference_draft(), usage=(1000, 300))
    env = {
        "BRIEFING_STATE_DIR": str(state),
        "OPENAI_API_KEY": API_KEY,
        "BRIEFING_SMTP_PASSWORD": SMTP_PASSWORD,
        "BRIEFING_PRICES": json.dumps({"m": [1.0, 0.5, 2.0]}),
    }
    result = run_briefing(
        "generate", str(leaky), "-f", "json", *llm_args(chat_server.base_url), cwd=work, **env
    )
    assert result.returncode == 0, result.stderr
    briefing = json.loads(result.stdout)
    assert briefing["provenance"]["log_ids"] == [1, 2]

    listed = run_briefing("logs", "list", cwd=work, **env)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["#2", "#1"]  # newest first
    assert "reask" in lines[0] and "1000+300 tokens" in lines[0] and str(leaky) in lines[0]

    shown = run_briefing("logs", "show", "2", "--json", cwd=work, **env)
    assert shown.returncode == 0, shown.stderr
    entry = json.loads(shown.stdout)
    assert entry["kind"] == "reask" and entry["model"] == "m"
    assert entry["article_sha256"] == briefing["source"]["sha256"]
    assert entry["source"] == str(leaky)
    assert any("not valid JSON" in r for r in entry["reasons"])
    assert entry["messages"][2] == {"role": "assistant", "content": "{not json"}
    assert json.loads(entry["response"])["headline"] == reference_draft()["headline"]
    assert (entry["prompt_tokens"], entry["completion_tokens"]) == (1000, 300)
    assert entry["cost_usd"] == pytest.approx((1000 * 1.0 + 300 * 2.0) / 1e6)
    # What the model was sent is what the server received, secrets aside.
    assert (
        chat_server.requests[1]
        .messages[1]["content"]
        .replace(API_KEY, logs.SECRET)
        .replace(SMTP_PASSWORD, logs.SECRET)
        == entry["messages"][1]["content"]
    )
    assert logs.SECRET in entry["messages"][1]["content"]

    text = run_briefing("logs", "show", "1", cwd=work, **env)
    assert text.returncode == 0
    assert text.stdout.startswith("Entry #1: ask (briefing)")
    assert "## Answer (finish: stop)\n{not json\n" in text.stdout

    stored = _stored_bytes(state)
    assert stored  # the log is on disk
    assert API_KEY.encode() not in stored and SMTP_PASSWORD.encode() not in stored
    assert (state / "logs.sqlite3").stat().st_mode & 0o777 == 0o600


def test_no_log_flag_environment_and_config_keep_nothing(
    chat_server: ChatServer, work: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    chat_server.reply(reference_draft(), times=3)
    args = ["generate", str(EXAMPLE), "--no-cache", *llm_args(chat_server.base_url)]
    config = work / "off.toml"
    config.write_text("log = false\n", encoding="utf-8")
    for extra, env in (
        (["--no-log"], {}),
        ([], {"BRIEFING_LOG": "off"}),
        ([], {"BRIEFING_CONFIG": str(config)}),
    ):
        result = run_briefing(*args, *extra, cwd=work, BRIEFING_STATE_DIR=str(state), **env)
        assert result.returncode == 0, result.stderr
    assert len(chat_server.requests) == 3
    assert not list(state.rglob("logs.sqlite3*"))
    assert run_briefing("logs", "list", cwd=work, BRIEFING_STATE_DIR=str(state)).stdout == ""


def _entry(model: str = "m") -> logs.Entry:
    return logs.Entry(
        backend="openai",
        model=model,
        schema_name="briefing",
        max_tokens=100,
        messages=[{"role": "user", "content": "hello"}],
        response="{}",
        finish_reason="stop",
        error=None,
        usage=Usage(prompt_tokens=5, completion_tokens=2),
        cost_usd=0.0,
        duration_s=0.1,
    )


def test_entries_older_than_the_retention_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "logs.sqlite3"
    first = logs.ExchangeLog(path, days=7)
    old = first.add(_entry(), logs.Article(sha256="a" * 64, source="old.txt"))
    kept = first.add(_entry(), logs.Article(sha256="b" * 64, source="new.txt"))
    with sqlite3.connect(path) as db:
        db.execute("UPDATE exchanges SET created = ? WHERE id = ?", (time.time() - 8 * 86400, old))
    later = logs.ExchangeLog(path, days=7)
    later.add(_entry(), None)
    assert later.get(old) is None
    assert later.get(kept) is not None
    assert logs.ExchangeLog(path, days=0).entries(limit=10)[-1]["id"] == kept


def test_retention_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert logs.retention_days() == logs.DEFAULT_DAYS
    monkeypatch.setenv("BRIEFING_LOG_DAYS", "3")
    assert logs.retention_days() == 3
    monkeypatch.setenv("BRIEFING_LOG_DAYS", "soon")
    with pytest.raises(logs.ConfigError, match="log_days 'soon'"):
        logs.retention_days()


def test_list_filters_by_source_day_and_edition(tmp_path: Path, work: Path) -> None:
    state = tmp_path / "state"
    morning = logs.ExchangeLog(state / "logs.sqlite3", edition="morning")
    morning.add(_entry("m1"), logs.Article(sha256="ab" * 32, source="https://news.test/a.html"))
    logs.ExchangeLog(state / "logs.sqlite3").add(
        _entry("m2"), logs.Article(sha256="cd" * 32, source="council.txt")
    )
    env = {"BRIEFING_STATE_DIR": str(state)}

    def ids(*args: str) -> list[str]:
        result = run_briefing("logs", "list", *args, cwd=work, **env)
        assert result.returncode == 0, result.stderr
        return [line.split()[0] for line in result.stdout.splitlines()]

    assert ids() == ["#2", "#1"]
    assert ids("--source", "news.test") == ["#1"]
    assert ids("--source", "cdcd") == ["#2"]  # an article hash's start
    assert ids("--edition", "morning") == ["#1"]
    assert ids("--date", time.strftime("%Y-%m-%d", time.gmtime())) == ["#2", "#1"]
    assert ids("--date", "2001-01-01") == []
    assert ids("-n", "1") == ["#2"]

    bad = run_briefing("logs", "list", "--date", "yesterday", cwd=work, **env)
    assert bad.returncode == 2
    assert one_error_line(bad) == "Error: --date 'yesterday': use the form YYYY-MM-DD"
    missing = run_briefing("logs", "show", "99", cwd=work, **env)
    assert missing.returncode == 2
    assert one_error_line(missing).startswith("Error: no log entry 99 in ")


def test_a_failed_call_is_logged_with_its_error(tmp_path: Path) -> None:
    from fakes import ScriptedClient

    from briefing.errors import TemporaryError

    class Failing(ScriptedClient):
        def complete(self, *args: object, **kwargs: object) -> logs.Completion:
            raise TemporaryError("the LLM server did not answer in time; try again later")

    log = logs.ExchangeLog(tmp_path / "logs.sqlite3")
    client = logs.LoggedClient(Failing(), log, None)
    with logs.article("ef" * 32, "slow.txt") as filed, pytest.raises(TemporaryError):
        client.complete([{"role": "user", "content": "hi"}], schema=None, schema_name="briefing",
                        max_tokens=10)  # fmt: skip
    (entry,) = log.entries()
    assert filed.ids == [entry["id"]]
    assert (
        entry["error"] == "TemporaryError: the LLM server did not answer in time; try again later"
    )
    assert entry["response"] is None and entry["source"] == "slow.txt"
