"""`briefing eval` against gold annotations, with the loopback chat server as the model."""

from __future__ import annotations

import json
from pathlib import Path

from chatserver import ChatServer
from console import run_briefing
from fakes import reference_draft

from briefing import evaluate as ev

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "eval"


def test_named_sources() -> None:
    assert ev.is_named("Mark Rutte")
    assert ev.is_named("Randall Stephenson, AT&T's chief executive")
    assert not ev.is_named("he")
    assert not ev.is_named("the CNN host")
    assert not ev.is_named("a spokeswoman")
    assert ev.name_words("Rep. Jim Clyburn (D-S.C.)") >= {"jim", "clyburn"}


def test_eval_command_reports_measures(chat_server: ChatServer, tmp_path: Path) -> None:
    chat_server.reply(reference_draft())
    out = tmp_path / "out"
    result = run_briefing(
        "eval", str(FIXTURES), "--out", str(out), "--json",
        "--base-url", chat_server.base_url, "--model", "m",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report == json.loads((out / "report.json").read_text())
    totals = report["totals"]
    assert totals["articles"] == 1 and totals["failed"] == 0
    assert totals["verbatim_exact"] == 1.0
    assert totals["attribution_accuracy"] == 1.0 and totals["attributable_quotes"] == 9
    assert totals["major_speaker_recall"] == 1.0
    assert totals["non_actors_listed"] == 0
    assert (out / "nato-ukraine.briefing.json").is_file()


def test_eval_counts_a_wrong_speaker(tmp_path: Path) -> None:
    from briefing.models import Briefing

    gold = json.loads((FIXTURES / "nato-ukraine.gold.json").read_text())
    text = (FIXTURES / "nato-ukraine.txt").read_text(encoding="utf-8")
    claim = {
        "speaker": "Donald Trump",
        "statement": "x",
        "quote": text[388:483],
        "quote_span": [388, 483],
        "grounded": True,
        "direct": True,
    }
    b = Briefing.model_validate(
        {
            "headline": "h",
            "summary": "s",
            "actors": [{"name": "Paul McLeary", "kind": "person"}],
            "claims": [claim],
            "disagreements": [],
            "next_events": [],
            "source": {"sha256": "0", "chars": len(text)},
            "provenance": {
                "backend": "x",
                "model": "y",
                "prompt_version": "p",
                "generated_at": "t",
                "duration_s": 1.0,
                "attempts": 1,
                "usage": {"prompt_tokens": 1, "completion_tokens": 1},
            },
        }
    )
    s = ev.score(text, gold, b, "nato")
    assert (s.attributed_right, s.attributable) == (0, 1)
    assert s.non_actors == ["Paul McLeary"]
    assert s.major_found == []


def test_eval_rejects_a_folder_without_gold(tmp_path: Path) -> None:
    result = run_briefing("eval", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
