"""The archive folder: one HTML and JSON file per edition and day, an index newest first."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import EXAMPLE
from fakes import ScriptedClient, reference_draft

from briefing.brief import digest, pipeline
from briefing.errors import UsageError
from briefing.ingest import sources
from briefing.output import archive, render


def _edition(name: str, headline: str) -> digest.Digest:
    article = sources.load(str(EXAMPLE), published="2025-02-12")
    b = pipeline.generate(
        article, client=ScriptedClient(reference_draft()), options=pipeline.Options(compact=False)
    )
    b = b.model_copy(update={"headline": headline})
    return digest.build([("a.txt", b)], [], title=f"{name.capitalize()} edition", edition=name)


def test_archive_keeps_each_edition_and_lists_them_newest_first(tmp_path: Path) -> None:
    folder = archive.check_folder(tmp_path / "archive")  # made when its parent exists
    runs = [
        (date(2026, 12, 1), "morning", "Monday's top story"),
        (date(2026, 12, 3), "morning", "Wednesday's first try"),
        (date(2026, 12, 2), "morning", "Tuesday's top story"),
        (date(2026, 12, 3), "morning", "Wednesday's top story"),  # the day's second edition
    ]
    for day, name, headline in runs:
        d = _edition(name, headline)
        archive.keep(folder, d, day=day, name=name, html=render.digest(d, "html"))
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "2026-12-01-morning.html",
        "2026-12-01-morning.json",
        "2026-12-02-morning.html",
        "2026-12-02-morning.json",
        "2026-12-03-morning.2.html",
        "2026-12-03-morning.2.json",
        "2026-12-03-morning.html",
        "2026-12-03-morning.json",
        "archive.json",
        "index.html",
    ]
    kept = json.loads((folder / "2026-12-03-morning.json").read_text(encoding="utf-8"))
    assert kept["stories"][0]["headline"] == "Wednesday's first try"  # never replaced
    second = json.loads((folder / "2026-12-03-morning.2.json").read_text(encoding="utf-8"))
    assert second["stories"][0]["headline"] == "Wednesday's top story"
    index = (folder / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="(2026-[^"]+)"[^>]*>([^<]+)</a>', index)
    assert links == [  # each by its date and top story, not the edition's title
        ("2026-12-03-morning.2.html", "3 Dec 2026 (2): Wednesday's top story"),
        ("2026-12-03-morning.html", "3 Dec 2026: Wednesday's first try"),
        ("2026-12-02-morning.html", "2 Dec 2026: Tuesday's top story"),
        ("2026-12-01-morning.html", "1 Dec 2026: Monday's top story"),
    ]
    assert "edition 2 of the day" in index
    assert "<title>Morning edition: archive</title>" in index

    # A lost manifest is rebuilt from the JSON files.
    (folder / "archive.json").unlink()
    d = _edition("evening", "Evening news")
    archive.keep(folder, d, day=date(2026, 12, 3), name="evening", html=render.digest(d, "html"))
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'href="2026-[^"]+"', index)) == 5
    assert "3 Dec 2026 (2): Wednesday" in index  # the rebuilt manifest keeps the numbers
    assert "<title>Digest archive</title>" in index  # two editions share the folder


def test_archive_folder_must_be_a_folder_with_a_parent(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="is a file; give a folder"):
        archive.check_folder(tmp_path / "file")
    with pytest.raises(UsageError, match="does not exist"):
        archive.check_folder(tmp_path / "missing" / "archive")
