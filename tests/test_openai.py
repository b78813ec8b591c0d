"""The OpenAI backend end to end against a real (scripted) HTTP server: no client patching."""

from __future__ import annotations

import json
import subprocess
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chatserver import ChatServer
from conftest import EXAMPLE
from console import run_briefing
from fakes import GOLD_SPEAKERS, reference_draft

from briefing.brief import pipeline
from briefing.errors import ConfigError, TemporaryError, UnavailableError, ValidationFailed
from briefing.ingest import sources
from briefing.ingest.article import Article
from briefing.llm.openai_backend import OpenAIClient

API_KEY = "sk-test-SECRET123"
DRAFT = reference_draft()


@pytest.fixture
def article() -> Article:
    return sources.load(str(EXAMPLE))


@pytest.fixture
def make_client(chat_server: ChatServer) -> Iterator[Any]:
    """OpenAIClient factory pointed at the scripted server; closes the HTTP clients after."""
    made: list[OpenAIClient] = []

    def make(**overrides: Any) -> OpenAIClient:
        kwargs: dict[str, Any] = {
            "model": "test-model",
            "api_key": API_KEY,
            "base_url": chat_server.base_url,
            "timeout": 5,
            "backoff": 0.01,
        }
        kwargs.update(overrides)
        client = OpenAIClient(**kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        client._client.close()


def _quotes(briefing: Any) -> list[Any]:
    return [c for c in briefing.claims if c.quote is not None]


def _assert_grounded(briefing: Any, text: str) -> None:
    quotes = _quotes(briefing)
    assert len(quotes) == 9
    for claim in quotes:
        s, e = claim.quote_span
        assert text[s:e] == claim.quote
    assert [c.speaker for c in quotes] == GOLD_SPEAKERS


# --- the happy path


def test_generate_through_server_grounds_every_quote(
    chat_server: ChatServer, make_client: Any, article: Article
) -> None:
    chat_server.reply(DRAFT, usage=(1234, 321))
    briefing = pipeline.generate(article, client=make_client())

    _assert_grounded(briefing, article.text)
    quotes = _quotes(briefing)
    assert [c.quote for c in quotes if c.speaker == "Mark Rutte"][3] == "durable,"
    assert any(
        "no negotiation about Ukraine without Ukraine" in c.quote
        for c in quotes
        if c.speaker == "John Healey"
    )
    assert briefing.provenance.backend == "openai"
    assert briefing.provenance.model == "test-model"
    assert briefing.provenance.attempts == 1
    assert briefing.provenance.usage.prompt_tokens == 1234
    assert briefing.provenance.usage.completion_tokens == 321
    assert briefing.warnings == []

    assert len(chat_server.requests) == 1
    sent = chat_server.requests[0]
    assert sent.path == "/v1/chat/completions"
    assert sent.headers["authorization"] == f"Bearer {API_KEY}"
    assert sent.body["model"] == "test-model"
    assert sent.body["temperature"] == 0
    assert sent.response_format is not None
    assert sent.response_format["type"] == "json_schema"
    assert sent.response_format["json_schema"]["name"] == "briefing"
    assert sent.response_format["json_schema"]["strict"] is True
    assert [m["role"] for m in sent.messages] == ["system", "user"]
    assert "[Q9]" in sent.messages[1]["content"]
    assert chat_server.pending == 0


# --- re-asking after invalid answers


def test_malformed_json_is_reasked(
    chat_server: ChatServer, make_client: Any, article: Article
) -> None:
    broken = '{"headline": "NATO", "summary": '
    chat_server.reply(broken, usage=(1000, 10)).reply(DRAFT, usage=(1100, 300))
    briefing = pipeline.generate(article, client=make_client())

    _assert_grounded(briefing, article.text)
    assert briefing.provenance.attempts == 2
    assert briefing.provenance.usage.prompt_tokens == 2100
    assert briefing.provenance.usage.completion_tokens == 310
    assert len(chat_server.requests) == 2
    second = chat_server.requests[1].messages
    assert second[:2] == chat_server.requests[0].messages
    assert second[2] == {"role": "assistant", "content": broken}
    assert second[3]["role"] == "user"
    assert "not valid JSON" in second[3]["content"]


def test_unknown_quote_id_is_reasked(
    chat_server: ChatServer, make_client: Any, article: Article
) -> None:
    bad = reference_draft()
    bad["quotes"].append({"id": 42, "speaker": "Mark Rutte"})
    chat_server.reply(bad).reply(DRAFT)
    briefing = pipeline.generate(article, client=make_client())

    _assert_grounded(briefing, article.text)
    assert briefing.provenance.attempts == 2
    assert len(chat_server.requests) == 2
    reask = chat_server.requests[1].messages[-1]["content"]
    assert "quote id 42 does not exist" in reask
    assert "Q1 to Q9" in reask


def test_truncated_answers_until_attempts_run_out(
    chat_server: ChatServer, make_client: Any, article: Article
) -> None:
    truncated = json.dumps(DRAFT)[:300]
    chat_server.reply(truncated, finish_reason="length", usage=(1000, 1200), times=3)
    with pytest.raises(ValidationFailed) as info:
        pipeline.generate(article, client=make_client(), options=pipeline.Options(max_attempts=3))

    assert isinstance(info.value, UnavailableError)
    assert info.value.exit_code == 4
    assert info.value.attempts == 3
    assert info.value.prompt_tokens == 3000
    assert info.value.completion_tokens == 3600
    assert info.value.last_output == truncated
    assert len(chat_server.requests) == 3
    reask = chat_server.requests[1].messages[-1]["content"]
    assert "cut off at the token limit" in reask
    assert "not valid JSON" in reask
    assert len(chat_server.requests[2].messages) == 4  # only the latest answer and re-ask


def test_refusal_is_unavailable(
    chat_server: ChatServer, make_client: Any, article: Article
) -> None:
    chat_server.refuse("I can't help with that.")
    with pytest.raises(UnavailableError, match="refused.*I can't help with that") as info:
        pipeline.generate(article, client=make_client())
    assert not isinstance(info.value, ValidationFailed)
    assert len(chat_server.requests) == 1


# --- structured outputs fallback


def test_json_schema_rejected_falls_back_to_json_mode(
    chat_server: ChatServer, make_client: Any, article: Article
) -> None:
    chat_server.error(400, "response_format type 'json_schema' is not supported by this model")
    chat_server.reply(DRAFT)
    client = make_client()
    briefing = pipeline.generate(article, client=client)

    _assert_grounded(briefing, article.text)
    assert briefing.provenance.attempts == 1
    first, second = chat_server.requests
    assert first.response_format is not None
    assert first.response_format["type"] == "json_schema"
    assert second.response_format == {"type": "json_object"}
    assert second.messages[:-1] == first.messages
    hint = second.messages[-1]
    assert hint["role"] == "system"
    assert "JSON schema" in hint["content"] and '"headline"' in hint["content"]

    # The client remembers: the next call goes straight to JSON mode.
    chat_server.reply(DRAFT)
    pipeline.generate(article, client=client)
    assert len(chat_server.requests) == 3
    assert chat_server.requests[2].response_format == {"type": "json_object"}


def test_other_400_is_unavailable_without_retry(
    chat_server: ChatServer, make_client: Any, article: Article
) -> None:
    chat_server.error(400, "max_tokens is too large for this model")
    with pytest.raises(UnavailableError, match=r"\(400\): max_tokens is too large") as info:
        pipeline.generate(article, client=make_client())
    assert info.value.exit_code == 4
    assert len(chat_server.requests) == 1


# --- transient and permanent HTTP failures


def test_5xx_is_retried_then_succeeds(
    chat_server: ChatServer, make_client: Any, article: Article
) -> None:
    chat_server.error(500, "boom").error(503, "overloaded", headers={"Retry-After": "0"})
    chat_server.reply(DRAFT, usage=(1000, 200))
    briefing = pipeline.generate(article, client=make_client(retries=3))

    _assert_grounded(briefing, article.text)
    assert len(chat_server.requests) == 3
    assert chat_server.requests[0].body == chat_server.requests[2].body
    assert briefing.provenance.attempts == 1  # transport retries are not answer attempts
    assert briefing.provenance.usage.prompt_tokens == 1000


def test_429_honours_retry_after(
    chat_server: ChatServer, make_client: Any, article: Article
) -> None:
    chat_server.error(429, "rate limited", headers={"Retry-After": "0"}).reply(DRAFT)
    # With backoff=30 the exponential wait alone would take 30 s; Retry-After: 0 must win.
    started = time.monotonic()
    briefing = pipeline.generate(article, client=make_client(backoff=30))

    assert time.monotonic() - started < 10
    _assert_grounded(briefing, article.text)
    assert len(chat_server.requests) == 2


def test_401_is_config_error_and_not_retried(
    chat_server: ChatServer, make_client: Any, article: Article
) -> None:
    chat_server.error(401, "Incorrect API key provided: sk-test-SECRET123", times=3)
    with pytest.raises(ConfigError) as info:
        pipeline.generate(article, client=make_client(retries=3))
    assert info.value.exit_code == 3
    assert API_KEY not in str(info.value)
    assert len(chat_server.requests) == 1


def test_persistent_500_is_temporary_error(
    chat_server: ChatServer, make_client: Any, article: Article
) -> None:
    chat_server.error(500, "still broken", headers={"Retry-After": "0"}, times=5)
    with pytest.raises(TemporaryError, match="HTTP 500") as info:
        pipeline.generate(article, client=make_client(retries=2))
    assert info.value.exit_code == 5
    assert len(chat_server.requests) == 3  # retries + 1
    assert chat_server.pending == 2


def test_dropped_connection_is_retried(
    chat_server: ChatServer, make_client: Any, article: Article
) -> None:
    chat_server.drop().reply(DRAFT)
    briefing = pipeline.generate(article, client=make_client(retries=2))
    _assert_grounded(briefing, article.text)
    assert len(chat_server.requests) == 2


def test_hanging_server_times_out_as_temporary_error(
    chat_server: ChatServer, make_client: Any, article: Article
) -> None:
    chat_server.hang(times=3)
    started = time.monotonic()
    with pytest.raises(TemporaryError, match="--timeout|did not answer in time") as info:
        pipeline.generate(article, client=make_client(timeout=1.5, retries=3))
    # --timeout bounds the article's calls, retries included: not 4 x 1.5 s.
    assert time.monotonic() - started < 3.5
    assert info.value.exit_code == 5
    assert 1 <= len(chat_server.requests) <= 2


def test_timeout_is_each_articles_not_the_whole_runs(
    chat_server: ChatServer, make_client: Any, article: Article
) -> None:
    # One client serves a long digest: an article briefed after --timeout has passed since the
    # client was made (or since the first article) still gets its own budget.
    chat_server.reply(DRAFT, times=2)
    client = make_client(timeout=1.0, retries=0)
    first = pipeline.generate(article, client=client)
    time.sleep(1.2)
    second = pipeline.generate(article, client=client)
    assert first.headline == second.headline == DRAFT["headline"]
    assert len(chat_server.requests) == 2


def test_an_articles_calls_share_one_budget() -> None:
    from briefing.llm.base import deadline, one_article

    with one_article():
        first = deadline(10.0)
        time.sleep(0.05)
        assert deadline(10.0) == first  # a re-ask does not start a new budget
    with one_article():
        assert deadline(10.0) > first  # the next article does
    assert deadline(10.0) > first  # a call on its own: counted from now


def test_retry_policy_emits_no_deprecation_warning(
    chat_server: ChatServer, make_client: Any
) -> None:
    chat_server.reply("ok")
    client = make_client()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        completion = client.complete(
            [{"role": "user", "content": "hi"}], schema=None, schema_name="x", max_tokens=5
        )
    assert completion.text == "ok"
    assert chat_server.requests[0].response_format is None
    assert [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)] == []


# --- the CLI as a user runs it


def _run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_briefing("generate", str(EXAMPLE), *args, cwd=cwd, OPENAI_API_KEY=API_KEY)


def test_cli_json_through_server(chat_server: ChatServer, tmp_path: Path) -> None:
    chat_server.reply(DRAFT, usage=(1500, 400))
    result = _run_cli(
        "--base-url",
        chat_server.base_url,
        "--model",
        "m",
        "-f",
        "json",
        "--timeout",
        "10",
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    text = EXAMPLE.read_text(encoding="utf-8")
    quotes = [c for c in data["claims"] if c["quote"] is not None]
    assert len(quotes) == 9
    for claim in quotes:
        s, e = claim["quote_span"]
        assert text[s:e] == claim["quote"]
    assert [c["speaker"] for c in quotes] == GOLD_SPEAKERS
    assert data["provenance"]["backend"] == "openai"
    assert data["provenance"]["model"] == "m"
    usage = data["provenance"]["usage"]
    assert (usage["prompt_tokens"], usage["completion_tokens"]) == (1500, 400)
    assert len(chat_server.requests) == 1
    assert chat_server.requests[0].body["model"] == "m"
    assert chat_server.requests[0].headers["authorization"] == f"Bearer {API_KEY}"


def test_cli_output_file(chat_server: ChatServer, tmp_path: Path) -> None:
    chat_server.reply(DRAFT)
    out = tmp_path / "out.json"
    result = _run_cli(
        "--base-url",
        chat_server.base_url,
        "--model",
        "m",
        "-f",
        "json",
        "-o",
        str(out),
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len([c for c in data["claims"] if c["quote"] is not None]) == 9
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "out.json"]


def test_cli_401_exits_3_without_leaking_key(chat_server: ChatServer, tmp_path: Path) -> None:
    chat_server.error(401, "Incorrect API key provided: sk-test-SECRET123", times=5)
    out = tmp_path / "out.json"
    result = _run_cli(
        "--base-url",
        chat_server.base_url,
        "--model",
        "m",
        "-f",
        "json",
        "-o",
        str(out),
        cwd=tmp_path,
    )

    assert result.returncode == 3
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "401" in lines[0]
    assert API_KEY not in result.stdout + result.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]
    assert len(chat_server.requests) == 1
