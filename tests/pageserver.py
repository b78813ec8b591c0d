"""A real web server on 127.0.0.1 serving pages, feeds and redirects that a test sets up.

`page_server.add("/a.html", html)` serves a page; `add("/feed.xml", rss, "application/rss+xml")`
a feed; `redirect("/old", "/a.html")` a 301. Every GET is recorded (path and headers, names
lower-cased) so tests can check what was fetched and with which User-Agent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from loopback import Hit, LoopbackHandler, LoopbackServer


@dataclass(frozen=True)
class Page:
    """What the server answers for one path."""

    status: int
    content_type: str | None
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class _Handler(LoopbackHandler["PageServer"]):
    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        owner = self.owner
        owner._record(Hit(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))
        page = owner._page(self.path)
        if page is None:
            page = Page(404, "text/html; charset=utf-8", b"<html><body>Not found</body></html>")
        self.send_response(page.status)
        if page.content_type:
            self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        for name, value in page.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(page.body)
        self.wfile.flush()


class PageServer(LoopbackServer):
    """Serves the pages a test adds; start() it, add pages, read .requests, stop() it."""

    handler = _Handler
    thread_name = "pageserver"
    hangups_are_normal = True  # a refused content type, a redirect loop

    def __init__(self) -> None:
        super().__init__()
        self._pages: dict[str, Page] = {}
        self.requests: list[Hit] = []

    def url(self, path: str) -> str:
        """The absolute URL of a path on this server."""
        return f"{self._origin}{path}"

    # --- scripting

    def add(
        self,
        path: str,
        body: str | bytes,
        content_type: str | None = "text/html; charset=utf-8",
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> str:
        """Serve body at path (a str is sent as UTF-8); return the page's URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self._lock:
            self._pages[path] = Page(status, content_type, data, dict(headers or {}))
        return self.url(path)

    def redirect(self, path: str, to: str, *, status: int = 301) -> str:
        """Answer path with a redirect to `to` (a path on this server or an absolute URL)."""
        location = self.url(to) if to.startswith("/") else to
        return self.add(path, b"", None, status=status, headers={"Location": location})

    def hits(self, path: str) -> list[Hit]:
        """The requests made for one path."""
        with self._lock:
            return [h for h in self.requests if h.path == path]

    # --- internals used by the handler

    def _page(self, path: str) -> Page | None:
        with self._lock:
            return self._pages.get(path)

    def _record(self, hit: Hit) -> None:
        with self._lock:
            self.requests.append(hit)


@pytest.fixture
def page_server() -> Iterator[PageServer]:
    """A started page server; stopped after the test."""
    with PageServer() as server:
        yield server
