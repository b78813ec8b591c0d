"""Output files: atomic writes (a killed run never leaves a half-written file) and the checks
that refuse a bad target before any work is done."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from briefing.errors import UsageError, io_failure


def check_target(path: str | Path) -> Path:
    """Refuse an output path whose folder is missing or that names a directory."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{target}: folder {folder} does not exist")
    if target.is_dir():
        raise UsageError(f"{target}: is a directory; give a file name")
    return target


def write_atomic(path: str | Path, content: str) -> None:
    """Write content to path via a temporary file in the same folder and an atomic rename.
    A full disk or a refused write is an IOFailure naming the path; nothing is left behind."""
    target = check_target(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise io_failure(target, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise io_failure(target, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- email delivery shared by generate, send and digest (mail.py speaks SMTP; cli.py prints)
