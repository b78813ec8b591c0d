"""Named editions: `[editions.NAME]` tables in the config file, merged with the digest's flags,
and where each edition (or ad-hoc output) keeps its state: the previous digest for
`--since-last`, the once-a-day email record, the editions sent (kept as sent, so a reader added
later gets the same one), the run lock and the last run's summary."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from briefing.config import config_file, state_dir
from briefing.errors import UsageError
from briefing.llm.backends import CHOICES as BACKEND_CHOICES
from briefing.output.formats import DIGEST_FORMATS

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
SECURITY = ("starttls", "ssl", "none")
# What each config key holds; the keys are the digest's long option names with underscores.
LISTS = ("sources", "feed", "include", "exclude", "email_to")
STRINGS = (
    "since",
    "output",
    "model",
    "base_url",
    "language",
    "email_from",
    "subject",
    "smtp_host",
    "smtp_user",
    "smtp_cafile",
    "tz",
    "ics",
    "archive",
)
# Stories already sent and unchanged (--since-last): listed apart at the end, or left out.
EARLIER = ("apart", "omit")
CHOICES = {
    "format": DIGEST_FORMATS,
    "backend": BACKEND_CHOICES,
    "smtp_security": SECURITY,
    "earlier": EARLIER,
}
INTS = {
    "jobs": (1, 64),
    "processes": (1, 64),
    "max_attempts": (1, 10),
    "max_articles": (1, 100_000),
    "smtp_port": (1, 65535),
}
FLOATS = ("timeout", "max_cost")
BOOLS = ("since_last", "no_cache", "quiet", "no_log")
PATHS = ("output", "ics", "archive", "smtp_cafile")
KEYS = (*LISTS, *STRINGS, *CHOICES, *INTS, *FLOATS, *BOOLS)


class EditionError(UsageError):
    """A bad [editions.NAME] table: the message names the file, the table and the key."""


@dataclass
class DigestOptions:
    """One digest run's settings: flags over the edition's keys over the defaults."""

    sources: list[str] = field(default_factory=list)
    feed: list[str] = field(default_factory=list)
    since: str | None = None
    jobs: int = 4
    processes: int | None = None  # None: one per core when the run is large (app.workers)
    format: str = "md"
    output: str | None = None
    since_last: bool = False
    backend: str | None = None
    model: str | None = None
    base_url: str | None = None
    timeout: float | None = None
    max_attempts: int = 3
    language: str = "English"
    no_cache: bool = False
    max_cost: float | None = None
    quiet: bool = False
    no_log: bool = False  # keep no exchange log (ops.logs)
    email_to: list[str] = field(default_factory=list)
    email_from: str | None = None
    subject: str | None = None
    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_user: str | None = None
    smtp_security: str | None = None
    smtp_cafile: str | None = None
    tz: str | None = None
    earlier: str = "apart"
    force: bool = False
    ics: str | None = None
    archive: str | None = None
    max_articles: int | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    edition: str | None = None

    @property
    def title(self) -> str:
        """The digest's headline (no date: the subject adds it)."""
        return (
            f"{self.edition.replace('_', ' ').replace('-', ' ').capitalize()} edition"
            if (self.edition)
            else "Daily digest"
        )


def parse_since(value: str | None, *, option: str = "--since") -> timedelta | None:
    """'24h', '3d', '1w' -> a timedelta; None for None."""
    if value is None:
        return None
    m = re.fullmatch(r"(\d+)\s*([hdw])", value.strip())
    if not m:
        raise UsageError(f"{option} {value!r}: use hours, days or weeks, e.g. 24h or 3d")
    return timedelta(hours=int(m[1]) * {"h": 1, "d": 24, "w": 168}[m[2]])


def _tables() -> tuple[Path, dict[str, Any]]:
    """The config file and its [editions] tables (empty when there are none)."""
    from briefing.config import file_values

    path = config_file()
    data = file_values().get("editions", {})
    if not isinstance(data, dict):
        raise EditionError(f"{path}: editions must be tables, e.g. [editions.morning]")
    return path, data


def names() -> list[str]:
    """The editions the config file defines, in file order."""
    return list(_tables()[1])


def _check_value(key: str, value: Any, where: str) -> Any:
    def bad(what: str) -> EditionError:
        return EditionError(f"{where} {key}: {what}")

    if key in LISTS:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(x, str) and x.strip() for x in items):
            raise bad("give a string or a list of strings")
        return [x.strip() for x in items]
    if key in BOOLS:
        if not isinstance(value, bool):
            raise bad("give true or false")
        return value
    if key in INTS:
        low, high = INTS[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise bad(f"give a whole number from {low} to {high}")
        return value
    if key in FLOATS:
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise bad("give a positive number")
        return float(value)
    if not isinstance(value, str) or not value.strip():
        raise bad("give a non-empty string")
    if key in CHOICES and value not in CHOICES[key]:
        raise bad(f"{value!r} is not one of {', '.join(CHOICES[key])}")
    return value.strip()


def _check_meaning(key: str, value: Any, where: str) -> None:
    """The checks a flag gets too: addresses, feed URLs, subject fields, since, time zone."""
    from briefing.ops import runlock
    from briefing.output import mail

    try:
        if key in ("email_to", "email_from"):
            mail.parse_addresses(", ".join(value) if isinstance(value, list) else value, option=key)
        elif key == "feed":
            for url in value:
                parts = urlsplit(url)
                if parts.scheme not in ("http", "https") or not parts.hostname:
                    raise UsageError(f"{url!r} is not an http(s) feed URL")
        elif key == "subject":
            mail.check_subject(value)
        elif key == "since":
            parse_since(value, option="")
        elif key == "tz":
            runlock.today(value)
    except UsageError as exc:
        message = exc.message.strip().removeprefix(f"{key}: ").removeprefix("--subject: ")
        raise EditionError(f"{where} {key}: {message}") from None


def load(name: str) -> dict[str, Any]:
    """The checked keys of [editions.NAME]; paths made absolute (relative to the config file)."""
    path, tables = _tables()
    if name not in tables:
        known = ", ".join(tables) or "none"
        raise EditionError(
            f"{path}: no table [editions.{name}] (editions there: {known}); add one or check "
            "the name"
        )
    return check(name, tables[name], path)


def check(name: str, table: Any, path: Path) -> dict[str, Any]:
    """Check one edition's table; EditionError names the file, the table and the key."""
    where = f"{path}: [editions.{name}]"
    if not NAME.match(name):
        raise EditionError(f"{where}: use letters, digits, - and _ in an edition's name")
    if not isinstance(table, dict):
        raise EditionError(f"{where}: must be a table")
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key not in KEYS:
            from difflib import get_close_matches

            close = get_close_matches(key.replace("-", "_"), KEYS, n=1, cutoff=0.75)
            known = f"did you mean {close[0]}?" if close else f"keys: {', '.join(sorted(KEYS))}"
            raise EditionError(f"{where} {key}: unknown key; {known}")
        checked = _check_value(key, value, where)
        _check_meaning(key, checked, where)
        out[key] = checked
    base = path.parent
    for key in PATHS:
        if key in out:
            out[key] = str(_absolute(out[key], base))
    if "sources" in out:
        out["sources"] = [
            s if s.startswith(("http://", "https://")) or s == "-" else str(_absolute(s, base))
            for s in out["sources"]
        ]
    return out


def _absolute(value: str, base: Path) -> Path:
    p = Path(value).expanduser()
    return p if p.is_absolute() else base / p


def check_all() -> list[tuple[str, dict[str, Any]]]:
    """Every edition, checked (the first bad one raises)."""
    path, tables = _tables()
    return [(name, check(name, table, path)) for name, table in tables.items()]


def options(edition: str | None, flags: dict[str, Any]) -> DigestOptions:
    """The run's options: a flag given on the command line wins over the edition's key."""
    table = load(edition) if edition else {}
    merged: dict[str, Any] = {}
    for f in fields(DigestOptions):
        given = flags.get(f.name)
        if given is not None and given != []:
            merged[f.name] = given
        elif f.name in table:
            merged[f.name] = table[f.name]
    merged["edition"] = edition
    return DigestOptions(**merged)


# --- state, per edition (or per output for ad-hoc runs)


def state_folder(o: DigestOptions) -> Path:
    """Where this edition keeps its state; an ad-hoc run keys it by its output file."""
    root = state_dir()
    if o.edition:
        return root / "editions" / o.edition
    if o.output:
        key = hashlib.sha256(str(Path(o.output).resolve()).encode()).hexdigest()[:16]
        return root / "outputs" / key
    return root  # an ad-hoc run to stdout: the state dir itself, as before editions


def lock_name(o: DigestOptions) -> str:
    """The run lock's target: one run per edition (or per state folder) at a time."""
    return f"edition:{o.edition}" if o.edition else f"file:{state_folder(o).resolve()}"


def sent_key(o: DigestOptions) -> str:
    """The once-a-day record's key: today's edition, whatever its content; an ad-hoc digest is
    keyed by its output file, else by what it reads."""
    if o.edition:
        return f"edition:{o.edition}"
    if o.output:
        return f"digest:{Path(o.output).resolve()}"
    reads = "\n".join(sorted(o.sources) + sorted(o.feed))
    return f"digest:{hashlib.sha256(reads.encode()).hexdigest()[:16]}"


LAST_RUN = "last-run.json"
SENT = "sent"  # the editions as sent, per once-a-day key and day: KEY/DAY.N.html and .json
KEEP_SENT_DAYS = 14


@dataclass(frozen=True)
class Kept:
    """One edition as it was sent: its HTML, title, number that day and its readers."""

    html: str
    title: str
    number: int
    sent_to: list[str]
    path: Path


def _kept_numbers(folder: Path, day: date) -> list[int]:
    found = (re.fullmatch(rf"{day.isoformat()}\.(\d+)\.json", p.name) for p in folder.iterdir())
    return sorted(int(m[1]) for m in found if m)


def _sent_folder(state: Path, key: str) -> Path:
    """Where the editions sent under one once-a-day key are kept (ad-hoc digests to stdout
    share a state folder, not a key)."""
    return state / SENT / hashlib.sha256(key.encode()).hexdigest()[:16]


def sent_today(state: Path, key: str, day: date) -> Kept | None:
    """Today's latest edition sent under this key, if one went to anybody; None otherwise."""
    folder = _sent_folder(state, key)
    if not folder.is_dir():
        return None
    for number in reversed(_kept_numbers(folder, day)):
        stem = folder / f"{day.isoformat()}.{number}"
        try:
            meta = json.loads(_with(stem, ".json").read_text(encoding="utf-8"))
            html = _with(stem, ".html").read_text(encoding="utf-8")
        except (OSError, ValueError):
            continue  # a damaged record: an older one, or a fresh edition
        if isinstance(meta, dict) and meta.get("sent_to"):
            return Kept(html, str(meta.get("title", "")), number, list(meta["sent_to"]), stem)
    return None


def keep_sent(
    state: Path, key: str, day: date, *, html: str, title: str, sent_to: list[str]
) -> Kept:
    """Keep an edition as sent, numbered after today's earlier ones; never overwrites one.
    Records older than KEEP_SENT_DAYS are removed."""
    from briefing.output.files import write_atomic

    folder = _sent_folder(state, key)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    _prune(folder, day)
    number = max(_kept_numbers(folder, day), default=0) + 1
    stem = folder / f"{day.isoformat()}.{number}"
    write_atomic(_with(stem, ".html"), html)
    kept = Kept(html, title, number, list(sent_to), stem)
    _write_meta(kept)
    return kept


def add_readers(kept: Kept, readers: list[str]) -> Kept:
    """Note readers who got a kept edition later (its HTML is left as it was)."""
    kept = Kept(kept.html, kept.title, kept.number, kept.sent_to + readers, kept.path)
    _write_meta(kept)
    return kept


def _write_meta(kept: Kept) -> None:
    from briefing.output.files import write_atomic

    meta = {"title": kept.title, "number": kept.number, "sent_to": kept.sent_to}
    write_atomic(_with(kept.path, ".json"), json.dumps(meta, indent=1) + "\n")


def _with(stem: Path, suffix: str) -> Path:
    """DAY.N plus a suffix (Path.with_suffix would replace the .N)."""
    return stem.parent / f"{stem.name}{suffix}"


def _prune(folder: Path, day: date) -> None:
    """Drop kept editions older than KEEP_SENT_DAYS (their readers have long had them)."""
    oldest = (day - timedelta(days=KEEP_SENT_DAYS)).isoformat()
    for p in folder.iterdir():
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}\.\d+\.(json|html)", p.name) and p.name[:10] < oldest:
            p.unlink(missing_ok=True)


def record_run(folder: Path, summary: dict[str, Any]) -> None:
    """Keep the last run's summary for `briefing editions` (atomic)."""
    from briefing.output.files import write_atomic

    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomic(folder / LAST_RUN, json.dumps(summary, indent=1, sort_keys=True) + "\n")


def last_run(name: str) -> dict[str, Any] | None:
    """The last run of an edition, if it ran and its record is readable."""
    return read_run(state_dir() / "editions" / name)


def read_run(folder: Path) -> dict[str, Any] | None:
    """The last run's summary kept in a state folder, if readable."""
    try:
        data = json.loads((folder / LAST_RUN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def note_readers(folder: Path, readers: list[str]) -> None:
    """Add readers who got the last run's edition later to its summary."""
    summary = read_run(folder)
    if summary is not None and readers:
        summary["sent_to"] = [*summary.get("sent_to", []), *readers]
        record_run(folder, summary)


def describe(name: str, table: dict[str, Any], last: dict[str, Any] | None) -> str:
    """One line for `briefing editions`: what it reads, where it goes, its last run."""
    reads = []
    if table.get("feed"):
        reads.append(f"{len(table['feed'])} feed(s)")
    if table.get("sources"):
        reads.append(f"{len(table['sources'])} source(s)")
    to = ", ".join(table.get("email_to", [])) or "no email"
    head = f"{name}: {' + '.join(reads) or 'no sources'} -> {to}"
    if not last:
        return f"{head}; never run"
    tokens = int(last.get("tokens", 0))
    sent = ", ".join(last.get("sent_to", [])) or "nobody"
    failed = int(last.get("failed", 0))
    partly = f", {failed} source(s) failed" if failed else ""
    return (
        f"{head}; last run {last.get('when', '?')}: {last.get('articles', 0)} articles{partly}, "
        f"{last.get('new_stories', 0)} new stories, {tokens:,} tokens, "
        f"{float(last.get('cost_usd', 0.0)):.4f} USD, sent to {sent}"
    )
