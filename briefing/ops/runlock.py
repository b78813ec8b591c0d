"""Cron safety: one run per output or recipient at a time, and one email per briefing per day."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

from briefing.errors import ConfigError, LockedError, UsageError

LEDGER = "sent.json"
KEEP_DAYS = 14  # ledger entries older than this are dropped when it is next written


def state_dir() -> Path:
    """The user state dir for locks and the sent ledger (BRIEFING_STATE_DIR overrides)."""
    override = os.environ.get("BRIEFING_STATE_DIR")
    folder = Path(override) if override else Path(platformdirs.user_state_dir("briefing"))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def targets(
    *,
    files: Iterable[str | Path | None] = (),
    recipients: Iterable[str] = (),
    others: Iterable[str] = (),
) -> list[str]:
    """Canonical names of what a run delivers to: absolute file paths, mailto: addresses and
    others already named (`edition:NAME`)."""
    names = {f"file:{Path(f).resolve()}" for f in files if f}
    names |= {f"mailto:{r.lower()}" for r in recipients}
    return sorted(names | set(others))


def _lock(path: Path, name: str) -> int:
    """Open and flock the lock file at path; LockedError when another run holds it."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            kind, what = name.split(":", 1)
            doing = f"running edition {what}" if kind == "edition" else f"delivering to {what}"
            raise LockedError(
                f"another briefing run is {doing} right now; this run stops (lock file {path})"
            ) from None
        # The run before us removes its file as it lets go: if we locked a file that is no
        # longer the one at this path, the lock protects nothing, so open the path again.
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)


def _release(path: Path, fd: int) -> None:
    """Remove the lock file while still holding it, then let go (no files pile up)."""
    try:
        path.unlink(missing_ok=True)
    finally:
        os.close(fd)


@contextmanager
def hold(names: Iterable[str]) -> Iterator[None]:
    """Hold an exclusive lock per target for the block; raise LockedError if one is taken."""
    wanted = sorted(set(names))
    if not wanted:
        yield
        return
    folder = state_dir() / "locks"
    folder.mkdir(exist_ok=True, mode=0o700)
    with ExitStack() as stack:
        for name in wanted:
            path = folder / f"{hashlib.sha256(name.encode('utf-8')).hexdigest()[:32]}.lock"
            fd = _lock(path, name)
            stack.callback(_release, path, fd)
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()} {name}\n".encode())
        yield


def today(tz: str | None) -> tuple[date, str]:
    """Today's date in --tz, else in TZ from the environment, else in the system's local zone."""
    source, name = ("--tz", tz) if tz is not None else ("TZ", os.environ.get("TZ"))
    if not name:
        if tz is not None:
            raise UsageError("--tz is empty; give an IANA zone name such as Europe/Berlin")
        now = datetime.now().astimezone()
        return now.date(), now.tzname() or "local time"
    key = name[1:] if name.startswith(":") else name
    try:
        if key.startswith("/"):  # TZ=:/etc/localtime names a zone file
            with open(key, "rb") as fh:
                zone = ZoneInfo.from_file(fh, key=key)
        else:
            zone = ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UsageError(
            f"{source} {name!r}: unknown time zone; use an IANA name such as Europe/Berlin"
        ) from None
    return datetime.now(zone).date(), key


def _sent_key(key: str, recipient: str) -> str:
    return hashlib.sha256(f"{key}\n{recipient.lower()}".encode()).hexdigest()


def _read_ledger(path: Path) -> dict[str, list[str]]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        sent = data["sent"]
        if not isinstance(sent, dict):
            raise TypeError("sent is not an object")
        return {str(k): [str(d) for d in v] for k, v in sent.items() if isinstance(v, list)}
    except (ValueError, KeyError, TypeError):
        raise ConfigError(
            f"{path}: the sent-email ledger is damaged; delete it (the next run may email again)"
        ) from None


def unsent(
    key: str, recipients: Iterable[str], day: date, *, folder: Path | None = None
) -> list[str]:
    """The recipients who have not had this content (a hash, or an edition's name) on this day.

    The record is kept per recipient: adding a reader sends to that reader only."""
    ledger = _read_ledger((folder or state_dir()) / LEDGER)
    return [r for r in recipients if day.isoformat() not in ledger.get(_sent_key(key, r), [])]


def already_sent(
    key: str, recipients: Iterable[str], day: date, *, folder: Path | None = None
) -> bool:
    """Whether every one of these recipients already had this content on this day."""
    return not unsent(key, recipients, day, folder=folder)


def record_sent(
    key: str, recipients: Iterable[str], day: date, *, folder: Path | None = None
) -> None:
    """Note that this content went to these recipients on this day (atomic write, pruned)."""
    from briefing.output.files import write_atomic

    folder = folder or state_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(folder / "sent.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # concurrent runs for other recipients share the ledger
        path = folder / LEDGER
        ledger = _read_ledger(path)
        for r in recipients:
            k = _sent_key(key, r)
            ledger[k] = [*ledger.get(k, []), day.isoformat()]
        oldest = (day - timedelta(days=KEEP_DAYS)).isoformat()
        kept = {k: sorted({d for d in v if d >= oldest}) for k, v in ledger.items()}
        kept = {k: v for k, v in kept.items() if v}
        write_atomic(path, json.dumps({"version": 2, "sent": kept}, indent=1, sort_keys=True))
    finally:
        os.close(fd)
