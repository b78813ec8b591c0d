"""Every model exchange, kept so that a wrong answer can be traced: the messages sent, the answer,
a re-ask's reasons, model, tokens, cost, time, and the article's hash and source, in SQLite in
the state directory (`briefing logs`). Modelled on simonw/llm's logs.db.

Secrets never reach the file: the API key and the SMTP password in use are replaced by
`[secret]` wherever they would appear (an article or a URL may carry them)."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.config import file_table, file_values, setting, state_dir
from briefing.errors import ConfigError
from briefing.llm.base import Client, Completion, Message, TokenCallback, Wrapper
from briefing.models import Usage

DEFAULT_DAYS = 30  # how long entries are kept; `log_days` in the config file, 0 keeps them all
SECRET = "[secret]"
_OFF = {"0", "false", "no", "off"}
_log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS exchanges (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created REAL NOT NULL,
    backend TEXT NOT NULL,
    model TEXT NOT NULL,
    kind TEXT NOT NULL,
    schema_name TEXT NOT NULL,
    max_tokens INTEGER NOT NULL,
    messages TEXT NOT NULL,
    reasons TEXT NOT NULL,
    response TEXT,
    finish_reason TEXT,
    error TEXT,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    cached_prompt_tokens INTEGER NOT NULL,
    cost_usd REAL NOT NULL,
    duration_s REAL NOT NULL,
    article_sha256 TEXT,
    source TEXT,
    edition TEXT
);
CREATE INDEX IF NOT EXISTS exchanges_created ON exchanges (created);
"""
COLUMNS = (
    "id created backend model kind schema_name max_tokens messages reasons response "
    "finish_reason error prompt_tokens completion_tokens cached_prompt_tokens cost_usd "
    "duration_s article_sha256 source edition"
).split()


def log_path() -> Path:
    """Where the exchanges are kept."""
    return state_dir() / "logs.sqlite3"


def enabled(no_log: bool = False) -> bool:
    """Whether to keep exchanges: not with --no-log, BRIEFING_LOG=off or `log = false`."""
    if no_log:
        return False
    value = setting(None, "BRIEFING_LOG", "log")
    return value is None or value.lower() not in _OFF


def retention_days() -> int:
    """Days an entry is kept: BRIEFING_LOG_DAYS, else `log_days`, else DEFAULT_DAYS (0: ever)."""
    value = setting(None, "BRIEFING_LOG_DAYS", "log_days")
    if value is None:
        return DEFAULT_DAYS
    try:
        days = int(value)
        if days < 0:
            raise ValueError
    except ValueError:
        raise ConfigError(
            f"log_days {value!r}: give a whole number of days (0 keeps every entry)"
        ) from None
    return days


def secrets_in_use() -> tuple[str, ...]:
    """The secret values this installation could send or hold: the API key, the SMTP password."""
    smtp = file_table("smtp")
    found = (
        os.environ.get("OPENAI_API_KEY"),
        file_values().get("api_key"),
        os.environ.get("BRIEFING_SMTP_PASSWORD"),
        smtp.get("password"),
    )
    # Longest first: a key that contains another is replaced whole.
    return tuple(sorted({str(s) for s in found if s and len(str(s)) >= 4}, key=len, reverse=True))


@dataclass
class Article:
    """What the calls of one article are filed under, and the ids they got."""

    sha256: str
    source: str
    ids: list[int] = field(default_factory=list)


_ARTICLE: ContextVar[Article | None] = ContextVar("briefing_log_article", default=None)


@contextmanager
def article(sha256: str, source: str) -> Iterator[Article]:
    """The calls made inside are filed under this article; its `ids` collects their entries."""
    current = Article(sha256=sha256, source=source)
    token = _ARTICLE.set(current)
    try:
        yield current
    finally:
        _ARTICLE.reset(token)


@dataclass(frozen=True)
class Entry:
    """One exchange as it is stored."""

    backend: str
    model: str
    schema_name: str
    max_tokens: int
    messages: list[Message]
    response: str | None
    finish_reason: str | None
    error: str | None
    usage: Usage
    cost_usd: float
    duration_s: float


class ExchangeLog:
    """The SQLite file of exchanges; one run's view of it (its edition, its secrets to hide).
    Safe to share between threads and to send to a worker process (it holds only values)."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        edition: str | None = None,
        secrets: tuple[str, ...] | None = None,
        days: int | None = None,
    ) -> None:
        self.path = path or log_path()
        self.edition = edition
        self.secrets = secrets_in_use() if secrets is None else secrets
        self.days = retention_days() if days is None else days
        self._ready = False
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["_lock"]
        state["_ready"] = False
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.row_factory = sqlite3.Row
        # A diagnostic log: a crash may lose its last entries, a call must not wait on fsync.
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    def _prepare(self) -> None:
        """Create the file (owner-only: it holds what was sent) and drop expired entries, once."""
        with self._lock:
            if self._ready:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not self.path.exists():
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            with self._connect() as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(_SCHEMA)
                if self.days:
                    db.execute(
                        "DELETE FROM exchanges WHERE created < ?",
                        (time.time() - self.days * 86400,),
                    )
            self._ready = True

    def hide(self, text: str) -> str:
        """The text with every secret in use replaced."""
        for secret in self.secrets:
            text = text.replace(secret, SECRET)
        return text

    def add(self, entry: Entry, filed: Article | None) -> int:
        """Store one exchange; its id."""
        self._prepare()
        messages: list[Message] = [
            {"role": m["role"], "content": self.hide(m["content"])} for m in entry.messages
        ]
        row = {
            "created": time.time(),
            "backend": entry.backend,
            "model": entry.model,
            "kind": kind(entry.messages, entry.schema_name),
            "schema_name": entry.schema_name,
            "max_tokens": entry.max_tokens,
            "messages": json.dumps(messages, ensure_ascii=False),
            "reasons": json.dumps(reasons(messages), ensure_ascii=False),
            "response": None if entry.response is None else self.hide(entry.response),
            "finish_reason": entry.finish_reason,
            "error": None if entry.error is None else self.hide(entry.error),
            "prompt_tokens": entry.usage.prompt_tokens,
            "completion_tokens": entry.usage.completion_tokens,
            "cached_prompt_tokens": entry.usage.cached_prompt_tokens,
            "cost_usd": round(entry.cost_usd, 8),
            "duration_s": round(entry.duration_s, 3),
            "article_sha256": filed.sha256 if filed else None,
            "source": self.hide(filed.source) if filed else None,
            "edition": self.edition,
        }
        names = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        with self._connect() as db:
            cur = db.execute(
                f"INSERT INTO exchanges ({names}) VALUES ({marks})", tuple(row.values())
            )
            return int(cur.lastrowid or 0)

    def entries(
        self,
        *,
        source: str | None = None,
        day: str | None = None,
        edition: str | None = None,
        limit: int = 20,
    ) -> list[dict[str, Any]]:
        """The newest entries first; `source` matches part of the source or the article hash,
        `day` (YYYY-MM-DD, UTC) the day it was made."""
        if not self.path.exists():
            return []
        where, args = _filters(source=source, day=day, edition=edition)
        query = f"SELECT * FROM exchanges {where} ORDER BY id DESC LIMIT ?"
        with self._connect() as db:
            return [_entry(r) for r in db.execute(query, (*args, limit))]

    def get(self, entry_id: int) -> dict[str, Any] | None:
        """One entry by id, or None."""
        if not self.path.exists():
            return None
        with self._connect() as db:
            row = db.execute("SELECT * FROM exchanges WHERE id = ?", (entry_id,)).fetchone()
        return None if row is None else _entry(row)


def _filters(*, source: str | None, day: str | None, edition: str | None) -> tuple[str, list[Any]]:
    """A WHERE clause and its values."""
    clauses: list[str] = []
    args: list[Any] = []
    if source:
        clauses.append("(instr(source, ?) > 0 OR article_sha256 LIKE ?)")
        args += [source, f"{source}%"]
    if day:
        clauses.append("date(created, 'unixepoch') = ?")
        args.append(day)
    if edition:
        clauses.append("edition = ?")
        args.append(edition)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", args


def _entry(row: sqlite3.Row) -> dict[str, Any]:
    """A stored row as plain values (messages and reasons decoded)."""
    out = {name: row[name] for name in COLUMNS}
    out["messages"] = json.loads(out["messages"])
    out["reasons"] = json.loads(out["reasons"])
    return out


def kind(messages: list[Message], schema_name: str) -> str:
    """'ask' (the first question), 'reask' (after an answer that had problems) or the question's
    own name (a focused 'speaker' question)."""
    if schema_name and schema_name != "briefing":
        return schema_name
    return "reask" if any(m["role"] == "assistant" for m in messages) else "ask"


def reasons(messages: list[Message]) -> list[str]:
    """Why a re-ask was sent: the problems its last message lists ('- ...' lines)."""
    if not any(m["role"] == "assistant" for m in messages):
        return []
    last = messages[-1]["content"] if messages else ""
    return [line[2:].strip() for line in last.splitlines() if line.startswith("- ")]


class LoggedClient(Wrapper):
    """A client wrapper that stores every exchange, answered or failed, in the log."""

    def __init__(
        self, client: Client, log: ExchangeLog, price: tuple[float, float, float] | None
    ) -> None:
        super().__init__(client)
        self.log = log
        self.price = price

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None,
        schema_name: str,
        max_tokens: int,
        on_token: TokenCallback | None = None,
    ) -> Completion:
        """Call the wrapped client and store what was sent and what came back."""
        from briefing.ops.costs import cost

        started = time.perf_counter()
        try:
            answer = self._client.complete(
                messages,
                schema=schema,
                schema_name=schema_name,
                max_tokens=max_tokens,
                on_token=on_token,
            )
        except Exception as exc:
            self._store(messages, schema_name, max_tokens, None, started, error=exc)
            raise
        spent = cost(answer.usage, self.price)
        self._store(messages, schema_name, max_tokens, answer, started, spent=spent)
        return answer

    def _store(
        self,
        messages: list[Message],
        schema_name: str,
        max_tokens: int,
        answer: Completion | None,
        started: float,
        *,
        spent: float = 0.0,
        error: Exception | None = None,
    ) -> None:
        """File one exchange under the current article; a log that cannot be written is said
        once at -v and never stops the briefing."""
        filed = _ARTICLE.get()
        entry = Entry(
            backend=self.backend,
            model=self.model,
            schema_name=schema_name,
            max_tokens=max_tokens,
            messages=messages,
            response=answer.text if answer else None,
            finish_reason=answer.finish_reason if answer else None,
            error=f"{type(error).__name__}: {error}" if error else None,
            usage=answer.usage if answer else Usage(),
            cost_usd=spent,
            duration_s=time.perf_counter() - started,
        )
        try:
            entry_id = self.log.add(entry, filed)
        except (sqlite3.Error, OSError) as exc:
            _log.info("the exchange log %s could not be written (%s)", self.log.path, exc)
            return
        if filed is not None:
            filed.ids.append(entry_id)
        _log.info(
            "%slog #%d: %s %s, %d+%d tokens, %.2f s%s",
            f"{self.log.hide(filed.source)}: " if filed else "",
            entry_id,
            kind(messages, schema_name),
            self.model,
            entry.usage.prompt_tokens,
            entry.usage.completion_tokens,
            entry.duration_s,
            f", failed: {self.log.hide(entry.error or '')}" if error else "",
        )
