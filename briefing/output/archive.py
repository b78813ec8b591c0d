"""The archive folder: each run keeps YYYY-MM-DD-NAME.html and .json (a second edition that day
YYYY-MM-DD-NAME.2.html: nothing kept is ever replaced), and index.html lists the past editions
newest first, each by its date and top story, with its other headlines (every file written
atomically)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from briefing.errors import UsageError
from briefing.output.files import write_atomic

MANIFEST = "archive.json"
HEADLINES = 5  # top stories listed per edition in the index
# Edition names have no dots, so "NAME.2" is the day's second edition of NAME.
_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})-([A-Za-z0-9_-]+)(?:\.(\d+))?\.json$")


def check_folder(folder: str | Path) -> Path:
    """The archive folder, made if missing when its parent exists; refused otherwise."""
    path = Path(folder)
    if path.exists() and not path.is_dir():
        raise UsageError(f"--archive {folder}: is a file; give a folder")
    if not path.exists():
        if not path.parent.is_dir():
            raise UsageError(f"--archive {folder}: folder {path.parent} does not exist")
        path.mkdir(mode=0o755)
    return path


def _entry(d: Any, stem: str, day: date, name: str, number: int) -> dict[str, Any]:
    return {
        "file": f"{stem}.html",
        "date": day.isoformat(),
        "name": name,
        "number": number,
        "title": d.title,
        "articles": d.totals.articles,
        "stories": len(d.stories),
        "headlines": [s.headline for s in d.stories[:HEADLINES]],
    }


def _read_manifest(folder: Path) -> list[dict[str, Any]]:
    """The entries kept so far; rebuilt from the JSON files when the manifest is missing or bad."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        entries = data["editions"]
        if isinstance(entries, list) and all(isinstance(e, dict) for e in entries):
            return entries
    except (OSError, ValueError, KeyError, TypeError):
        pass
    from briefing.brief.digest import Digest

    out = []
    for path in sorted(folder.glob("*.json")):
        m = _FILE.match(path.name)
        if not m:
            continue
        try:
            d = Digest.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        out.append(_entry(d, path.stem, date.fromisoformat(m[1]), m[2], int(m[3] or 1)))
    return out


def _free_stem(folder: Path, day: date, name: str) -> tuple[str, int]:
    """The first file name of this day and edition that nothing uses yet, and its number."""
    stem, number = f"{day.isoformat()}-{name}", 1
    while (folder / f"{stem}.html").exists() or (folder / f"{stem}.json").exists():
        number += 1
        stem = f"{day.isoformat()}-{name}.{number}"
    return stem, number


def keep(folder: Path, d: Any, *, day: date, name: str, html: str) -> Path:
    """Write this run's edition into the archive and rewrite the index; returns the HTML file.

    A second run the same day is the day's edition 2 (NAME.2): what was kept stays as it was."""
    stem, number = _free_stem(folder, day, name)
    page = folder / f"{stem}.html"
    write_atomic(folder / f"{stem}.json", d.model_dump_json(indent=2) + "\n")
    write_atomic(page, html)
    entries = [e for e in _read_manifest(folder) if e.get("file") != f"{stem}.html"]
    entries.append(_entry(d, stem, day, name, number))
    entries.sort(
        key=lambda e: (str(e.get("date", "")), str(e.get("name", "")), int(e.get("number", 1))),
        reverse=True,
    )
    write_atomic(folder / MANIFEST, json.dumps({"version": 1, "editions": entries}, indent=1))
    from briefing.output.render import archive_index

    one = len({e.get("name") for e in entries}) == 1  # one edition's folder: its own title
    title = f"{d.title}: archive" if one and d.edition else "Digest archive"
    write_atomic(folder / "index.html", archive_index(entries, title=title))
    return page
