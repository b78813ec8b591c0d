"""The Python API, used as a program would use it: `from briefing import brief, digest,
Briefing`, against the loopback chat server, no CLI."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest
from chatserver import ChatServer
from conftest import EXAMPLE
from fakes import GOLD_SPEAKERS, reference_draft

import briefing
from briefing import Briefing, brief, digest
from briefing.errors import ConfigError, InputError, UsageError


def _server(chat_server: ChatServer) -> dict[str, object]:
    return {"base_url": chat_server.base_url, "model": "m", "timeout": 10}


def test_brief_returns_the_contract_model(chat_server: ChatServer) -> None:
    chat_server.reply(reference_draft(), usage=(1000, 300))
    b = brief(EXAMPLE, **_server(chat_server))
    assert isinstance(b, Briefing)
    assert [c.speaker for c in b.claims if c.quote] == GOLD_SPEAKERS
    assert b.provenance.usage.prompt_tokens == 1000
    assert b.provenance.log_ids == [1]  # logged as the command logs
    # The same document `generate -f json` prints: it reads back as itself.
    assert Briefing.model_validate_json(b.model_dump_json()) == b
    older = b.model_dump()  # a document written before provenance named its log entries
    del older["provenance"]["log_ids"]
    assert Briefing.model_validate(older).provenance.log_ids == []

    again = brief(str(EXAMPLE), **_server(chat_server))
    assert again.provenance.cached and len(chat_server.requests) == 1


def test_brief_text_without_a_file(chat_server: ChatServer) -> None:
    chat_server.reply(reference_draft())
    text = EXAMPLE.read_text(encoding="utf-8")
    b = brief(text=text, no_cache=True, no_log=True, **_server(chat_server))
    assert b.source.path is None and b.source.chars == len(text)
    assert b.provenance.log_ids == []


def test_brief_raises_the_documented_errors(chat_server: ChatServer, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as missing:
        brief(tmp_path / "missing.txt", **_server(chat_server))
    assert missing.value.exit_code == 2
    with pytest.raises(ConfigError, match="no API key") as unset:
        brief(EXAMPLE, backend="openai")
    assert unset.value.exit_code == 3
    with pytest.raises(UsageError, match="max_attempts 0"):
        brief(EXAMPLE, max_attempts=0, **_server(chat_server))
    with pytest.raises(UsageError, match="one of them"):
        brief(EXAMPLE, text="Both a file and a text.", **_server(chat_server))
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        brief(EXAMPLE, published="last week", **_server(chat_server))
    assert chat_server.requests == []


def test_digest_returns_the_digest_and_lists_failures(
    chat_server: ChatServer, tmp_path: Path
) -> None:
    chat_server.reply(reference_draft())
    missing = tmp_path / "missing.txt"
    d = digest([EXAMPLE, missing], no_cache=True, **_server(chat_server))
    assert [b.source.path for b in d.briefings] == [str(EXAMPLE)]
    assert [f.source for f in d.failed] == [str(missing)]
    assert d.totals.articles == 1
    assert not list(tmp_path.glob("*.md"))  # the API writes no output


def test_keywords_are_the_commands_long_options() -> None:
    from briefing.cli.brief import generate
    from briefing.cli.digest import digest as digest_command

    for api, command, extra in ((brief, generate, {"text"}), (digest, digest_command, set())):
        options = set(inspect.signature(command).parameters)
        keywords = {
            name
            for name, p in inspect.signature(api).parameters.items()
            if p.kind is inspect.Parameter.KEYWORD_ONLY
        }
        assert keywords - extra <= options, keywords - extra - options


def test_the_package_exports_the_api_and_imports_light() -> None:
    assert set(briefing.__all__) == {"Briefing", "BriefingError", "__version__", "brief", "digest"}
    probe = (
        "import sys, briefing; "
        "light = not {'pydantic', 'typer', 'briefing.models'} & set(sys.modules); "
        "import briefing.brief.pipeline; from briefing import brief; "
        "print(json.dumps([light, callable(brief), brief.__module__]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", "import json; " + probe],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout) == [True, True, "briefing.app.api"]
