"""Read an article from a file or stdin: the text exactly as decoded, plus metadata."""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

from briefing.errors import InputError
from briefing.ingest.article import Article, check_text

MAX_BYTES = 5_000_000


def decode(data: bytes, *, name: str) -> tuple[str, str]:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1 text."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", name), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name), "utf-16"
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not article text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
    if "\ufffd" in text or printable < 0.97 * len(text):
        raise InputError(f"{name}: not UTF-8 text; convert it with iconv -t UTF-8 and try again")
    return text, "cp1252"


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: invalid {encoding} text ({exc.reason})") from None


def load(source: str, *, published: str | None = None, timeout: float = 20.0) -> Article:
    """Load an article from a path, an http(s) URL, or stdin when source is '-'."""
    if source.startswith(("http://", "https://")):
        from dataclasses import replace

        from briefing.ingest.fetch import fetch_article

        article = fetch_article(source, timeout=timeout)
        return replace(article, published=published) if published else article
    if source == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        name, path = "stdin", None
    else:
        p = Path(source)
        if p.is_dir():
            raise InputError(f"{source}: is a directory; give an article file")
        if not p.exists():
            raise InputError(f"{source}: no such file")
        try:
            with p.open("rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise InputError(f"{source}: cannot read ({exc.strerror})") from None
        name, path = source, source
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: larger than {MAX_BYTES // 1_000_000} MB; not an article")
    text, encoding = decode(data, name=name)
    check_text(text, name=name)
    return Article(text=text, path=path, published=published, encoding=encoding)
