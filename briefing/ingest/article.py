"""The article as read: its text exactly as decoded (spans index into it) and its metadata.
Shared by the file and web readers, so neither imports the other for it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from briefing.errors import InputError


@dataclass(frozen=True)
class Article:
    """An article's text exactly as read (spans index into it) and what we know about it."""

    text: str
    path: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None  # the byline of a web page (trafilatura)
    site: str | None = None  # the publication's name (trafilatura)
    encoding: str = "utf-8"

    @property
    def sha256(self) -> str:
        """Hash of the text as UTF-8; the cache key and the source fingerprint."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def check_text(text: str, *, name: str) -> None:
    """Refuse text that holds no article."""
    if not text.strip():
        raise InputError(f"{name}: the article is empty; give a file with the article's text")
    if sum(ch.isalpha() for ch in text) < 20:
        raise InputError(f"{name}: too little text to brief (fewer than 20 letters)")
