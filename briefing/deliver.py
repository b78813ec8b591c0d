"""Output delivery: atomic file writes (a killed run never leaves a half-written file)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import UsageError


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
    """Write content to path via a temporary file in the same folder and an atomic rename."""
    target = check_target(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
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
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
