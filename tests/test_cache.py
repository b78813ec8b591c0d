"""The cache key: what must make a rerun miss."""

from __future__ import annotations

import shutil
from pathlib import Path

import briefing
from briefing.ops.cache import code_version, key_for, package_hash

BASE = {
    "text_sha256": "a" * 64,
    "backend": "openai",
    "model": "m",
    "prompt_version": "p1-x",
    "options": "English|False|1200|None",
}


def test_every_part_of_the_request_changes_the_key() -> None:
    key = key_for(**BASE)
    assert key == key_for(**BASE)
    for field, other in [
        ("text_sha256", "b" * 64),
        ("backend", "local"),
        ("model", "n"),
        ("prompt_version", "p1-y"),
        ("options", "German|False|1200|None"),
    ]:
        assert key_for(**{**BASE, field: other}) != key, field


def test_an_upgrade_of_the_checks_misses_the_cache(tmp_path: Path) -> None:
    # A copy of the package with one module changed (as an upgrade would) keys differently.
    package = Path(briefing.__file__).resolve().parent
    copy = tmp_path / "v2"
    shutil.copytree(package, copy / "briefing", ignore=shutil.ignore_patterns("__pycache__"))
    assert package_hash(copy / "briefing") == code_version()  # the same code, the same key
    attribution = copy / "briefing" / "evidence" / "attribution.py"
    attribution.write_text(attribution.read_text() + "\n# a better rule\n")
    assert package_hash(copy / "briefing") != code_version()
