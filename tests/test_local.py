"""The embedded model end to end on the reference article (slow: about a minute on 2 cores)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE

GOLD_SPEAKERS = {  # quote span -> surname of the gold source (../shared/eval/dev/nato-ukraine)
    (388, 483): "Rutte",
    (566, 668): "Rutte",
    (680, 830): "Rutte",
    (1201, 1249): "Zelenskyy",
    (1384, 1570): "Hegseth",
    (1749, 1807): "Healey",
    (1955, 2075): "Brekelmans",
    (2156, 2164): "Rutte",
    (2543, 2699): "Rutte",
}
KEY_ACTORS = ["Rutte", "Trump", "Putin", "Zelenskyy", "Hegseth", "Healey", "Brekelmans"]
NOT_ACTORS = ["McLeary", "Melkozerova", "Honeycombe-Foster", "Politico"]

pytestmark = pytest.mark.slow


def _llama_available() -> bool:
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _llama_available(), reason="llama-cpp-python is not installed")
def test_embedded_model_briefs_reference_article(tmp_path: Path) -> None:
    out = tmp_path / "brief.json"
    env = dict(os.environ)
    cmd = [
        str(Path(sys.executable).parent / "briefing"),
        "generate",
        str(EXAMPLE),
        "-f",
        "json",
        "-o",
        str(out),
        "--published",
        "2025-02-13",
    ]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == ""  # not a terminal: no progress output
    data = json.loads(out.read_text())
    text = EXAMPLE.read_text(encoding="utf-8")
    assert data["provenance"]["backend"] == "local"
    assert data["headline"].strip() and data["summary"].strip()

    quotes = [c for c in data["claims"] if c["quote"] is not None]
    for claim in quotes:
        start, end = claim["quote_span"]
        assert text[start:end] == claim["quote"]
    right = sum(
        1
        for c in quotes
        if tuple(c["quote_span"]) in GOLD_SPEAKERS
        and GOLD_SPEAKERS[tuple(c["quote_span"])] in (c["speaker"] or "")
    )
    assert right >= 7, [(c["speaker"], c["quote"][:30]) for c in quotes]

    names = " ".join(a["name"] + " " + " ".join(a["aliases"]) for a in data["actors"])
    assert [k for k in KEY_ACTORS if k not in names] == []
    assert [n for n in NOT_ACTORS if n in names] == []


@pytest.mark.skipif(not _llama_available(), reason="llama-cpp-python is not installed")
def test_embedded_model_briefs_the_lead_of_an_article_too_long_for_its_context() -> None:
    from briefing.brief import options, pipeline
    from briefing.ingest import sources
    from briefing.llm.local import LocalClient

    client = LocalClient(n_ctx=2048)  # the reference article needs ~1,100 + 1,200 answer tokens
    article = sources.load(str(EXAMPLE), published="2025-02-13")
    b = pipeline.generate(article, client=client)

    (note,) = b.notes
    upto = int(note.split("sentences 1 to ")[1].split(" of ")[0])
    total = len(pipeline.analyse(article.text).sentences)
    assert "(2048 tokens)" in note
    assert 1 < upto < total
    assert b.provenance.usage.prompt_tokens + options.DEFAULT_MAX_TOKENS <= 2048
    assert b.headline.strip() and b.summary.strip()
    # The whole article's quotes, verbatim and attributed, without the model.
    quotes = [c for c in b.claims if c.quote is not None and c.speaker]
    assert {c.quote_span for c in quotes} == set(GOLD_SPEAKERS)
    for c in quotes:
        assert c.quote_span is not None
        assert article.text[c.quote_span[0] : c.quote_span[1]] == c.quote
        assert c.speaker is not None and GOLD_SPEAKERS[c.quote_span] in c.speaker
