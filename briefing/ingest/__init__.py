"""Ingest: a file, stdin, a URL or a feed -> `Article` (text exactly as read, plus metadata).

Stage 1; imports only `models`, `errors`, `config`. Modules: `article` (the `Article` record),
`sources` (files and stdin, and `load` for any source), `fetch` (web pages and feeds),
`clean` (untrusted metadata as one clean line), `selection` (which of many articles to brief).
"""

__all__ = ["article", "clean", "fetch", "selection", "sources"]
