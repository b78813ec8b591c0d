"""A real web server on 127.0.0.1 serving pages, feeds and redirects that a test sets up.

`page_server.add("/a.html", html)` serves a page; `add("/feed.xml", rss, "application/rss+xml")`
a feed; `redirect("/old", "/a.html")` a 301. Every GET is recorded (path and headers, names
lower-cased) so tests can check what was fetched and with which User-Agent.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass(frozen=True)
class Page:
    """What the server answers for one path."""

    status: int
    content_type: str | None
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    """One request as received."""

    method: str
    path: str
    headers: dict[str, str]  # names lower-cased


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request log on stderr."""

    def setup(self) -> None:
        super().setup()
        self.server.owner._track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.owner._untrack(self.connection)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        owner = self.server.owner
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


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, owner: PageServer) -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up early (a refused content type, a redirect loop) is normal."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class PageServer:
    """Serves the pages a test adds; start() it, add pages, read .requests, stop() it."""

    def __init__(self) -> None:
        self._pages: dict[str, Page] = {}
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self.requests: list[Hit] = []
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle

    def start(self) -> PageServer:
        self._httpd = _HTTPServer(self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="pageserver",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close every open (keep-alive) connection."""
        if self._httpd is None:
            return
        self._httpd.shutdown()
        with self._lock:
            conns = list(self._connections)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None

    def __enter__(self) -> PageServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return int(self._httpd.server_address[1])

    def url(self, path: str) -> str:
        """The absolute URL of a path on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

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

    def _track(self, conn: socket.socket) -> None:
        with self._lock:
            self._connections.add(conn)

    def _untrack(self, conn: socket.socket) -> None:
        with self._lock:
            self._connections.discard(conn)


@pytest.fixture
def page_server() -> Iterator[PageServer]:
    """A started page server; stopped after the test."""
    server = PageServer().start()
    try:
        yield server
    finally:
        server.stop()
