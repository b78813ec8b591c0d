"""The plumbing shared by the test HTTP servers on 127.0.0.1 (chatserver, pageserver).

A `LoopbackServer` subclass names its `LoopbackHandler` subclass; start() serves it on a free port
in a daemon thread, stop() shuts it down and closes every connection still open, so idle
keep-alive handlers do not outlive the test.
"""

from __future__ import annotations

import socket
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, Generic, Self, TypeVar

HOST = "127.0.0.1"

OwnerT = TypeVar("OwnerT", bound="LoopbackServer")


@dataclass(frozen=True)
class Hit:
    """One request as received."""

    method: str
    path: str
    headers: dict[str, str]  # names lower-cased


class LoopbackHandler(BaseHTTPRequestHandler, Generic[OwnerT]):
    """Keep-alive handler that registers its connection with the owning server, silently."""

    protocol_version = "HTTP/1.1"  # keep-alive, like real servers
    server: LoopbackHTTPServer[OwnerT]

    @property
    def owner(self) -> OwnerT:
        return self.server.owner

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request log on stderr."""

    def setup(self) -> None:
        super().setup()
        self.owner._track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.owner._untrack(self.connection)


class LoopbackHTTPServer(ThreadingHTTPServer, Generic[OwnerT]):
    """A threading HTTP server on a free loopback port that knows its owner."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, owner: OwnerT) -> None:
        self.owner = owner
        super().__init__((HOST, 0), owner.handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Where the owner says so, a client that hangs up early is normal: no traceback."""
        if not (self.owner.hangups_are_normal and isinstance(sys.exc_info()[1], ConnectionError)):
            super().handle_error(request, client_address)


class LoopbackServer:
    """Lifecycle of a loopback test server: start(), stop(), `with`, port and open connections."""

    handler: ClassVar[type[LoopbackHandler[Any]]]
    thread_name: ClassVar[str] = "loopback"
    hangups_are_normal: ClassVar[bool] = False

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._httpd: LoopbackHTTPServer[Self] | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        self._httpd = LoopbackHTTPServer(self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=self.thread_name,
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
        for conn in conns:  # idle keep-alive handlers block on read: wake them up
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return int(self._httpd.server_address[1])

    @property
    def _origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    def _track(self, conn: socket.socket) -> None:
        with self._lock:
            self._connections.add(conn)

    def _untrack(self, conn: socket.socket) -> None:
        with self._lock:
            self._connections.discard(conn)
