"""Cron safety: a second run for the same targets exits 75 at once; one email per day."""

from __future__ import annotations

import json
import subprocess
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from chatserver import ChatServer
from conftest import EXAMPLE
from console import llm_args, one_error_line, run_briefing, run_process
from fakes import reference_draft
from smtpserver import SmtpServer

from briefing.errors import EXIT_LOCKED, ConfigError, LockedError, UsageError
from briefing.ops import runlock

ME = "me@example.org"
# UTC-11 and UTC+14 (no DST in either): their calendar dates always differ.
WEST, EAST = "Pacific/Pago_Pago", "Pacific/Kiritimati"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder; the state dir is shared by this process and the CLI runs."""
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path / "state"))
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def _email_run(
    chat: ChatServer, work: Path, smtp: SmtpServer, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    chat.reply(reference_draft())
    return run_briefing(
        "generate",
        str(EXAMPLE),
        *llm_args(chat.base_url),
        "--email-to",
        ME,
        "--email-from",
        "bot@example.org",
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        str(smtp.port),
        "--smtp-security",
        "none",
        *args,
        cwd=work,
        **env,
    )


# --- the lock


def test_lock_taken_by_another_run_exits_75_at_once(chat_server: ChatServer, work: Path) -> None:
    out = work / "brief.md"
    chat_server.reply(reference_draft(), times=2)
    args = ["generate", str(EXAMPLE), *llm_args(chat_server.base_url), "-o", str(out)]
    with runlock.hold(runlock.targets(files=[out])):  # "another run" holding the output
        started = time.monotonic()
        result = run_process(*args, cwd=work)
        elapsed = time.monotonic() - started
    assert result.returncode == EXIT_LOCKED == 75
    line = one_error_line(result)
    assert "another briefing run is delivering to" in line and str(out) in line
    assert elapsed < 15  # it did not wait for the lock
    assert chat_server.requests == [] and not out.exists()  # stopped before the model ran
    again = run_briefing(*args, cwd=work)  # released: the next run goes ahead
    assert again.returncode == 0, again.stderr
    assert out.is_file()


def test_lock_on_a_recipient_and_relative_path(chat_server: ChatServer, work: Path) -> None:
    with SmtpServer() as smtp:
        with runlock.hold(runlock.targets(recipients=["ME@example.org"])):
            result = _email_run(chat_server, work, smtp)
        assert result.returncode == 75
        assert ME in one_error_line(result)
        with runlock.hold(runlock.targets(files=[work / "b.md"])):
            result = run_briefing(
                "generate", str(EXAMPLE), *llm_args(chat_server.base_url), "-o", "b.md", cwd=work
            )
        assert result.returncode == 75  # the same file, named relative to the working folder
    assert smtp.received == [] and chat_server.requests == []


def test_hold_in_process() -> None:
    a, b = runlock.targets(files=["/tmp/x.md"]), runlock.targets(recipients=[ME])
    with runlock.hold(a):
        with pytest.raises(LockedError) as caught, runlock.hold(a + b):
            pass
        assert caught.value.exit_code == 75
        with runlock.hold(b):  # a different target is free
            pass
    with runlock.hold(a):  # released on exit
        pass


# --- once a day


def test_second_run_the_same_day_skips_the_email(chat_server: ChatServer, work: Path) -> None:
    with SmtpServer() as smtp:
        first = _email_run(chat_server, work, smtp, "--tz", WEST)
        assert first.returncode == 0, first.stderr
        asked = len(chat_server.requests)
        second = _email_run(chat_server, work, smtp, "--tz", WEST)
        assert second.returncode == 0
        assert second.stdout == ""
        day = datetime.now(ZoneInfo(WEST)).date().isoformat()
        [line] = second.stderr.splitlines()
        assert line.startswith(f"Already emailed today ({day} in {WEST}) to {ME}")
        assert "--force" in line
        assert len(smtp.received) == 1
        assert len(chat_server.requests) == asked  # skipped before the model was asked

        forced = _email_run(chat_server, work, smtp, "--tz", WEST, "--force")
        assert forced.returncode == 0, forced.stderr
        assert forced.stderr == ""
        assert len(smtp.received) == 2

        assert datetime.now(ZoneInfo(EAST)).date() != datetime.now(ZoneInfo(WEST)).date()
        other_day = _email_run(chat_server, work, smtp, "--tz", EAST)
        assert other_day.returncode == 0, other_day.stderr
        assert len(smtp.received) == 3  # "today" over there is another day
        again = _email_run(chat_server, work, smtp, "--tz", EAST)
        assert again.stderr.startswith("Already emailed today")
        assert len(smtp.received) == 3


def test_other_recipients_are_another_email(chat_server: ChatServer, work: Path) -> None:
    with SmtpServer() as smtp:
        assert _email_run(chat_server, work, smtp, "--tz", "UTC").returncode == 0
        other = _email_run(chat_server, work, smtp, "--tz", "UTC", "--email-to", "you@example.org")
        assert other.returncode == 0, other.stderr
        assert other.stderr == ""
        assert [r.rcpt_tos for r in smtp.received] == [[ME], ["you@example.org"]]


def test_tz_from_environment(chat_server: ChatServer, work: Path) -> None:
    with SmtpServer() as smtp:
        assert _email_run(chat_server, work, smtp, "--tz", EAST).returncode == 0
        again = _email_run(chat_server, work, smtp, TZ=EAST)
        assert again.returncode == 0
        assert f"in {EAST})" in again.stderr
    assert len(smtp.received) == 1


@pytest.mark.parametrize(
    ("args", "env", "name"),
    [
        (["--tz", "Mars/Olympus_Mons"], {}, "--tz"),
        (["--tz", "../../etc/passwd"], {}, "--tz"),
        ([], {"TZ": "Nowhere/Special"}, "TZ"),
    ],
)
def test_bad_time_zone_exits_2(
    chat_server: ChatServer, work: Path, args: list[str], env: dict[str, str], name: str
) -> None:
    with SmtpServer() as smtp:
        result = _email_run(chat_server, work, smtp, *args, **env)
    assert result.returncode == 2
    line = one_error_line(result)
    assert line.startswith(f"Error: {name} ") and "unknown time zone" in line
    assert chat_server.requests == [] and smtp.received == []


def test_unused_bad_tz_environment_does_not_stop_a_run(chat_server: ChatServer, work: Path) -> None:
    chat_server.reply(reference_draft())
    result = run_briefing(
        "generate", str(EXAMPLE), *llm_args(chat_server.base_url), cwd=work, TZ="Nowhere/Special"
    )
    assert result.returncode == 0, result.stderr  # no email, so "today" is never needed


def test_ledger(work: Path) -> None:
    day = date(2025, 2, 13)
    assert not runlock.already_sent("abc", [ME], day)
    runlock.record_sent("abc", ["Me@Example.org"], day)
    assert runlock.already_sent("abc", [ME], day)  # addresses compare case-insensitively
    assert not runlock.already_sent("abc", [ME], date(2025, 2, 14))
    assert not runlock.already_sent("abd", [ME], day)
    assert not runlock.already_sent("abc", [ME, "you@example.org"], day)
    runlock.record_sent("xyz", [ME], date(2025, 3, 31))  # prunes entries older than 14 days
    ledger = json.loads((runlock.state_dir() / runlock.LEDGER).read_text(encoding="utf-8"))
    assert [sorted(v) for v in ledger["sent"].values()] == [["2025-03-31"]]
    assert not runlock.already_sent("abc", [ME], day)


def test_damaged_ledger_is_a_config_error(work: Path) -> None:
    (runlock.state_dir() / runlock.LEDGER).write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="ledger is damaged; delete it"):
        runlock.already_sent("abc", [ME], date(2025, 2, 13))


def test_today_rejects_empty_tz() -> None:
    with pytest.raises(UsageError):
        runlock.today("")
    day, zone = runlock.today("Pacific/Kiritimati")
    assert zone == "Pacific/Kiritimati" and day == datetime.now(ZoneInfo(zone)).date()


def test_lock_files_are_removed_when_released() -> None:
    folder = runlock.state_dir() / "locks"
    names = runlock.targets(files=["/tmp/a.md", "/tmp/b.md"], recipients=[ME])
    with runlock.hold(names):
        assert len(list(folder.glob("*.lock"))) == 3
        with pytest.raises(LockedError):  # still exclusive while held
            with runlock.hold(names[:1]):
                pass
        assert len(list(folder.glob("*.lock"))) == 3  # a refused run leaves the holder's file
    assert list(folder.glob("*.lock")) == []
    for _ in range(3):  # taken again and again: nothing piles up
        with runlock.hold(names):
            pass
    assert list(folder.glob("*.lock")) == []


def test_a_lock_on_a_removed_file_is_taken_again_on_the_path() -> None:
    """A run that opened the file just before its holder removed it must not lock the orphan."""
    import fcntl
    import os

    [name] = runlock.targets(files=["/tmp/c.md"])
    with runlock.hold([name]):
        [path] = (runlock.state_dir() / "locks").glob("*.lock")
        late = os.open(path, os.O_RDWR)  # opened while the first run still holds it
    try:
        fcntl.flock(late, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the orphan is free now...
        with runlock.hold([name]):  # ...and a new run still gets the lock on the path
            assert path.is_file() and os.stat(path).st_ino != os.fstat(late).st_ino
    finally:
        os.close(late)


def test_ledger_is_per_recipient() -> None:
    day = date(2025, 2, 13)
    runlock.record_sent("edition:morning", [ME, "you@example.org"], day)
    assert runlock.unsent("edition:morning", [ME, "New@example.org", "YOU@example.org"], day) == [
        "New@example.org"
    ]
    assert runlock.already_sent("edition:morning", [ME], day)
