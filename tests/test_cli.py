"""The `briefing` command as a user runs it: its entry point in this process (`run_briefing`), and
the installed console script as a real subprocess where the process itself is what is checked:
help and version, a pipe on stdin, an exit code (`run_process`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from chatserver import ChatServer
from conftest import EXAMPLE
from console import llm_args, one_error_line, run_briefing, run_process
from fakes import reference_draft

QUOTES = [
    "There can be no negotiation about Ukraine without Ukraine,",
    "I don’t think that these doors were really open,",
    "durable,",
]


@pytest.fixture
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


# --- help and version


def test_help(work: Path) -> None:
    result = run_process("--help", cwd=work)
    assert result.returncode == 0, result.stderr
    assert "generate" in result.stdout
    assert "model" in result.stdout
    assert "Turn news articles into grounded, structured briefings" in result.stdout


def test_generate_help(work: Path) -> None:
    result = run_briefing("generate", "--help", cwd=work)
    assert result.returncode == 0, result.stderr
    for flag in ("--format", "--output", "--base-url", "--published"):
        assert flag in result.stdout


def test_version(work: Path) -> None:
    from briefing import __version__

    result = run_process("--version", cwd=work)
    assert result.returncode == 0
    assert result.stdout == f"briefing {__version__}\n"


def test_help_imports_nothing_heavy(work: Path) -> None:
    # `briefing --help` is typer and the registries: the contract's pydantic, the SDK, spaCy and
    # the config reader wait for a command that needs them (0.35 -> 0.13 s of CPU).
    import subprocess
    import sys

    code = (
        "import sys; from briefing.cli import app; "
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=work, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    assert "typer" in loaded and "briefing" in loaded
    heavy = {"pydantic", "openai", "httpx", "spacy", "jinja2", "platformdirs", "tomllib", "rich"}
    assert loaded & heavy == set()


# --- usage errors: exit 2, one line on stderr, nothing on stdout


def test_missing_file(work: Path) -> None:
    missing = str(work / "missing.txt")
    result = run_briefing("generate", missing, cwd=work)
    assert result.returncode == 2
    assert result.stderr == f"Error: {missing}: no such file\n"
    assert result.stdout == ""


def test_directory(work: Path) -> None:
    result = run_briefing("generate", str(work), cwd=work)
    assert result.returncode == 2
    assert one_error_line(result) == f"Error: {work}: is a directory; give an article file"
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("data", "why"),
    [(b"", "the article is empty"), (b" \n\n\t ", "the article is empty"), (b"\x00\x01", "binary")],
    ids=["empty", "blank", "binary"],
)
def test_unusable_file(work: Path, data: bytes, why: str) -> None:
    path = work / "article.txt"
    path.write_bytes(data)
    result = run_briefing("generate", str(path), cwd=work)
    assert result.returncode == 2
    line = one_error_line(result)
    assert line.startswith(f"Error: {path}: ")
    assert why in line
    assert result.stdout == ""


def test_bad_published_date(work: Path) -> None:
    result = run_briefing("generate", str(EXAMPLE), "--published", "13/02/2025", cwd=work)
    assert result.returncode == 2
    line = one_error_line(result)
    assert "--published" in line and "13/02/2025" in line and "YYYY-MM-DD" in line


def test_unknown_format(work: Path) -> None:
    result = run_briefing("generate", str(EXAMPLE), "-f", "pdf", cwd=work)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


# --- configuration errors: exit 3


def test_openai_without_key_or_base_url(work: Path) -> None:
    result = run_briefing("generate", str(EXAMPLE), "--backend", "openai", cwd=work)
    assert result.returncode == 3
    assert "OPENAI_API_KEY" in one_error_line(result)
    assert result.stdout == ""


def test_unknown_backend_in_environment(work: Path) -> None:
    result = run_briefing("generate", str(EXAMPLE), cwd=work, BRIEFING_BACKEND="cloud")
    assert result.returncode == 2  # typer validates the choice, read from the environment
    assert "Traceback" not in result.stderr


def test_broken_config_file(work: Path) -> None:
    config = work / "briefing.toml"
    config.write_text("backend = [unclosed\n", encoding="utf-8")
    result = run_briefing("generate", str(EXAMPLE), cwd=work, BRIEFING_CONFIG=str(config))
    assert result.returncode == 3
    line = one_error_line(result)
    assert str(config) in line and "not valid TOML" in line


# --- against a real (scripted) chat-completions server


@pytest.mark.parametrize("fmt", ["md", "html", "text", "json"])
def test_formats_through_server(chat_server: ChatServer, work: Path, fmt: str) -> None:
    chat_server.reply(reference_draft())
    result = run_briefing(
        "generate", str(EXAMPLE), *llm_args(chat_server.base_url, "-f", fmt), cwd=work
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    for quote in QUOTES:  # verbatim in the JSON; shown alone without the sentence's comma
        assert (quote if fmt == "json" else f"{quote.rstrip(',')}") in out
    if fmt != "json":
        assert f"{QUOTES[0]}”" not in out and f'{QUOTES[0]}"' not in out
    assert "Mark Rutte" in out and "John Healey" in out
    assert "McLeary" not in out and "Politico" not in out
    if fmt == "md":
        assert out.startswith("# NATO allies want Ukraine involved")
        assert "## What they said" in out
    elif fmt == "html":
        assert out.lstrip().lower().startswith("<!doctype html>")
        assert 'width="640"' in out and "style=" in out
        assert "<script" not in out
    elif fmt == "text":
        assert out.startswith("NATO allies want Ukraine involved")
        assert "WHAT THEY SAID" in out
    else:
        data = json.loads(out)
        assert data["schema_version"] == 1
        assert len([c for c in data["claims"] if c["quote"] is not None]) == 9
    assert len(chat_server.requests) == 1


def test_stdin(chat_server: ChatServer, work: Path) -> None:
    chat_server.reply(reference_draft())
    text = EXAMPLE.read_text(encoding="utf-8")
    result = run_process(
        "generate",
        "-",
        *llm_args(chat_server.base_url, "-f", "json", "--published", "2025-02-13"),
        cwd=work,
        stdin=text,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["source"]["path"] is None
    assert data["source"]["chars"] == len(text)
    assert data["source"]["published"] == "2025-02-13"
    quotes = [c for c in data["claims"] if c["quote"] is not None]
    assert len(quotes) == 9
    for c in quotes:
        s, e = c["quote_span"]
        assert text[s:e] == c["quote"]
    # The peace talks just begun and the meeting "ahead of" which Rutte spoke: their sentences
    # give no time ahead, so they have no date.
    assert [(e["when"], e["date"]) for e in data["next_events"]] == [(None, None), (None, None)]
    sent = chat_server.requests[0].messages[1]["content"]
    assert "Rutte told reporters" in sent


def test_empty_stdin(work: Path) -> None:
    result = run_briefing(
        "generate", "-", "--base-url", "http://127.0.0.1:9/v1", cwd=work, stdin=""
    )
    assert result.returncode == 2
    assert one_error_line(result).startswith("Error: stdin: ")


def test_output_file(chat_server: ChatServer, work: Path) -> None:
    chat_server.reply(reference_draft())
    out = work / "brief.html"
    result = run_briefing(
        "generate",
        str(EXAMPLE),
        *llm_args(chat_server.base_url, "-f", "html", "-o", str(out)),
        cwd=work,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    html = out.read_text(encoding="utf-8")
    assert "Rutte" in html and QUOTES[0].rstrip(",") in html
    assert sorted(p.name for p in work.iterdir()) == ["brief.html"]


def test_output_into_missing_folder(chat_server: ChatServer, work: Path) -> None:
    chat_server.reply(reference_draft())
    out = work / "missing" / "brief.md"
    result = run_briefing(
        "generate", str(EXAMPLE), *llm_args(chat_server.base_url, "-o", str(out)), cwd=work
    )
    assert result.returncode == 2
    line = one_error_line(result)
    assert "does not exist" in line and str(work / "missing") in line
    assert result.stdout == ""
    assert not (work / "missing").exists()


def test_output_into_missing_folder_fails_before_asking(
    chat_server: ChatServer, work: Path
) -> None:
    chat_server.reply(reference_draft())
    out = work / "missing" / "brief.md"
    result = run_briefing(
        "generate", str(EXAMPLE), *llm_args(chat_server.base_url, "-o", str(out)), cwd=work
    )
    assert result.returncode == 2
    assert chat_server.requests == []


def test_persistent_500_exits_5_and_keeps_existing_output(
    chat_server: ChatServer, work: Path
) -> None:
    chat_server.error(500, "server on fire", headers={"Retry-After": "0"}, times=8)
    out = work / "brief.md"
    out.write_text("yesterday's briefing\n", encoding="utf-8")
    result = run_process(
        "generate", str(EXAMPLE), *llm_args(chat_server.base_url, "-o", str(out)), cwd=work
    )
    assert result.returncode == 5
    line = one_error_line(result)
    assert "500" in line
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == "yesterday's briefing\n"
    assert sorted(p.name for p in work.iterdir()) == ["brief.md"]
    assert len(chat_server.requests) >= 2  # transient errors are retried before giving up
    assert chat_server.pending > 0  # ... but not forever


def test_unreachable_server_exits_5(work: Path) -> None:
    with ChatServer() as server:
        url = server.base_url  # a port that was just free; nothing listens once stopped
    result = run_briefing(
        "generate", str(EXAMPLE), "--base-url", url, "--model", "m", "--timeout", "5", cwd=work
    )
    assert result.returncode == 5
    assert "cannot reach the LLM server" in one_error_line(result)


def test_invalid_answers_exit_4(chat_server: ChatServer, work: Path) -> None:
    chat_server.reply("this is not JSON", times=2)
    result = run_briefing(
        "generate",
        str(EXAMPLE),
        *llm_args(chat_server.base_url, "--max-attempts", "2"),
        cwd=work,
    )
    assert result.returncode == 4
    assert "no valid briefing in 2 attempt(s)" in one_error_line(result)
    assert len(chat_server.requests) == 2


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["digest", "--rss", "https://example.org/rss.xml"],
            "Error: briefing digest: no such option --rss; use --feed URL (RSS and Atom feeds)",
        ),
        (
            ["generate", "--bogus", "a.txt"],
            "Error: briefing generate: no such option --bogus; see briefing generate --help",
        ),
    ],
)
def test_unknown_option_is_one_line_saying_what_to_use(
    tmp_path: Path, args: list[str], line: str
) -> None:
    result = run_briefing(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert one_error_line(result) == line
    assert result.stdout == ""
