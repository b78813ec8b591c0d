"""Content-addressed cache of briefings (SQLite in the user cache dir).

Key = sha256 of the article text hash, backend, model, prompt version, schema version, the
program's own code and the options that change the answer, so a rerun of the same article costs
zero tokens, and any change to the prompts, the contract or the checks (an upgrade that attributes
better) misses the cache.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
import time
from pathlib import Path

from briefing.config import cache_dir
from briefing.models import SCHEMA_VERSION, Briefing


def key_for(
    *, text_sha256: str, backend: str, model: str, prompt_version: str, options: str
) -> str:
    """The cache key of one briefing request."""
    raw = "|".join(
        [text_sha256, backend, model, prompt_version, str(SCHEMA_VERSION), code_version(), options]
    )
    return hashlib.sha256(raw.encode()).hexdigest()


@functools.cache
def code_version() -> str:
    """A hash of this package's modules: what turns an answer into a briefing."""
    return package_hash(Path(__file__).resolve().parents[1])  # the whole package, not ops/


def package_hash(root: Path) -> str:
    """A hash of the modules under a package folder, names and bytes."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class Cache:
    """Briefings by key; safe to share between threads (one connection per call)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_dir() / "briefings.sqlite3"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS briefings (key TEXT PRIMARY KEY, "
                "created REAL NOT NULL, body TEXT NOT NULL)"
            )

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def get(self, key: str) -> Briefing | None:
        """The cached briefing, marked cached, or None."""
        with self._connect() as db:
            row = db.execute("SELECT body FROM briefings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            b = Briefing.model_validate_json(row[0])
        except ValueError:
            return None  # written by an incompatible version: treat as a miss
        prov = b.provenance.model_copy(update={"cached": True})
        return b.model_copy(update={"provenance": prov})

    def put(self, key: str, briefing: Briefing) -> None:
        """Store a briefing."""
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO briefings VALUES (?, ?, ?)",
                (key, time.time(), briefing.model_dump_json()),
            )

    def stats(self) -> dict[str, int | str]:
        """Entries and bytes on disk."""
        with self._connect() as db:
            n, size = db.execute(
                "SELECT COUNT(*), COALESCE(SUM(LENGTH(body)), 0) FROM briefings"
            ).fetchone()
        return {"path": str(self.path), "entries": int(n), "bytes": int(size)}

    def clear(self) -> int:
        """Delete every entry; return how many there were."""
        with self._connect() as db:
            n = db.execute("SELECT COUNT(*) FROM briefings").fetchone()[0]
            db.execute("DELETE FROM briefings")
        return int(n)
