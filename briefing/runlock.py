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

from .errors import ConfigError, LockedError, UsageError

LEDGER = "sent.json"
KEEP_DAYS = 14  # ledger entries older than this are dropped when it is next written


def state_dir() -> Path:
    """The user state dir for locks and the sent ledger (BRIEFING_STATE_DIR overrides)."""
    override = os.environ.get("BRIEFING_STATE_DIR")
    folder = Path(override) if override else Path(platformdirs.user_state_dir("briefing"))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def targets(
    *, files: Iterable[str | Path | None] = (), recipients: Iterable[str] = ()
) -> list[str]:
    """Canonical names of what a run delivers to: absolute file paths and mailto: addresses."""
    names = {f"file:{Path(f).resolve()}" for f in files if f}
    names |= {f"mailto:{r.lower()}" for r in recipients}
    return sorted(names)


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
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            stack.callback(os.close, fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                what = name.split(":", 1)[1]
                raise LockedError(
                    f"another briefing run is delivering to {what} right now; this run stops "
                    f"(lock file {path})"
                ) from None
            # Lock files are never deleted: unlinking a flock()ed file lets two runs hold "it".
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
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


def _sent_key(content_sha256: str, recipients: Iterable[str]) -> str:
    people = "\n".join(sorted({r.lower() for r in recipients}))
    return hashlib.sha256(f"{content_sha256}\n{people}".encode()).hexdigest()


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


def already_sent(content_sha256: str, recipients: Iterable[str], day: date) -> bool:
    """Whether this content already went to exactly these recipients on this day."""
    ledger = _read_ledger(state_dir() / LEDGER)
    return day.isoformat() in ledger.get(_sent_key(content_sha256, recipients), [])


def record_sent(content_sha256: str, recipients: Iterable[str], day: date) -> None:
    """Note that this content went to these recipients on this day (atomic write, pruned)."""
    from .deliver import write_atomic

    folder = state_dir()
    fd = os.open(folder / "sent.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # concurrent runs for other recipients share the ledger
        path = folder / LEDGER
        ledger = _read_ledger(path)
        key = _sent_key(content_sha256, recipients)
        ledger[key] = [*ledger.get(key, []), day.isoformat()]
        oldest = (day - timedelta(days=KEEP_DAYS)).isoformat()
        kept = {k: sorted({d for d in v if d >= oldest}) for k, v in ledger.items()}
        kept = {k: v for k, v in kept.items() if v}
        write_atomic(path, json.dumps({"version": 1, "sent": kept}, indent=1, sort_keys=True))
    finally:
        os.close(fd)
