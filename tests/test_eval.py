"""`briefing eval` against gold annotations, with the loopback chat server as the model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chatserver import ChatServer
from console import run_briefing
from fakes import reference_draft

from briefing.app import evaluate as ev
from briefing.models import Briefing

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
    assert totals["quote_coverage"] == 1.0 and totals["coverable_quotes"] == 9
    assert totals["major_speaker_recall"] == 1.0
    assert totals["non_actors_listed"] == 0
    assert (out / "nato-ukraine.briefing.json").is_file()


def _briefing(text: str, claims: list[dict[str, Any]], actors: list[str]) -> Briefing:
    """A briefing of text with these quote claims and actors (what a backend would give)."""
    return Briefing.model_validate(
        {
            "headline": "h",
            "summary": "s",
            "actors": [{"name": a, "kind": "person"} for a in actors],
            "claims": claims,
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


def _quote(text: str, quote: str, speaker: str) -> dict[str, Any]:
    start = text.index(quote)
    return {
        "speaker": speaker,
        "statement": quote,
        "quote": quote,
        "quote_span": [start, start + len(quote)],
        "grounded": True,
        "direct": True,
    }


def test_eval_counts_a_wrong_speaker(tmp_path: Path) -> None:
    gold = json.loads((FIXTURES / "nato-ukraine.gold.json").read_text())
    text = (FIXTURES / "nato-ukraine.txt").read_text(encoding="utf-8")
    b = _briefing(text, [_quote(text, text[388:483], "Donald Trump")], ["Paul McLeary"])
    s = ev.score(text, gold, b, "nato")
    assert (s.attributed_right, s.attributable) == (0, 1)
    assert (s.covered, s.coverable) == (0, 9)
    assert s.non_actors == ["Paul McLeary"]
    assert s.major_found == []


def _gold(text: str, source: str, content: str, *, direct: bool = True) -> dict[str, Any]:
    start = text.index(content)
    return {
        "source": source,
        "content": content,
        "content_spans": [[start, start + len(content)]],
        "direct": direct,
    }


def test_quote_coverage_counts_named_quoted_sources_rendered_with_their_speaker() -> None:
    text = (
        'Mayor Ann Lee said: "We will rebuild the bridge by May." Critics were unmoved. '
        '"It is far too late for that," said Tom Park, who leads the opposition. '
        '"The money is gone," Park added. A spokeswoman said "no comment" and the city '
        "council said it would meet on Friday."
    )
    gold = {
        "attributions": [
            _gold(text, "Mayor Ann Lee", "We will rebuild the bridge by May."),
            _gold(text, "Tom Park, who leads the opposition", "It is far too late for that,"),
            _gold(text, "Park", "The money is gone,"),
            _gold(text, "A spokeswoman", "no comment"),  # not named: not counted
            _gold(text, "the city council", "it would meet on Friday"),  # not named either
            _gold(text, "Ann Lee", "rebuild the bridge", direct=False),  # no marks: not counted
        ]
    }
    b = _briefing(
        text,
        [
            _quote(text, "We will rebuild the bridge by May.", "Ann Lee"),
            _quote(text, "It is far too late for that,", "Ann Lee"),  # wrong speaker
            _quote(text, "no comment", "Tom Park"),  # unnamed gold source: neither measure
        ],
        ["Ann Lee", "Tom Park"],
    )
    s = ev.score(text, gold, b, "constructed")
    assert (s.covered, s.coverable) == (1, 3)
    assert (s.attributed_right, s.attributable) == (1, 2)
    assert [m["source"] for m in s.missed] == ["Tom Park, who leads the opposition", "Park"]
    t = ev.totals([s])
    assert t["quote_coverage"] == 0.3333 and t["coverable_quotes"] == 3
    assert t["attribution_accuracy"] == 0.5
    lines = ev.format_lines([s])
    assert "coverage 1/3" in lines and "coverage 0.3333 of 3" in lines
    assert ev.report([s])["articles"][0]["covered"] == 1


def test_eval_rejects_a_folder_without_gold(tmp_path: Path) -> None:
    result = run_briefing("eval", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1


def test_a_body_named_by_a_dotted_acronym_matches_itself() -> None:
    from briefing.app import eval_analysis

    # 'U.S. intelligence community': no capitalised word but the acronym, which must count.
    assert eval_analysis._words("U.S. intelligence community") == {"u.s."}
    assert eval_analysis._words("Dana Reyes") == {"dana", "reyes"}


def test_unsupported_names_are_names_not_title_case_words() -> None:
    from briefing.app import eval_analysis

    # A title-case headline's ordinary words are no names; the name in it is found.
    names = eval_analysis._names_in("Dana Reyes Claims Victory in Harbour Vote")
    assert any("Reyes" in name for name in names), names
    assert ["Victory"] not in names and ["Vote"] not in names and ["Claims"] not in names
    # German text has no parse: every capitalised word counts.
    assert eval_analysis._names_in("Die Stadt und der Hafen") == [["Die"], ["Stadt"], ["Hafen"]]
